/*
 * dockaudit diff: what changed between two saved results (ARF, XCCDF
 * results or JSON, in any mix): new failures, fixed rules, what still
 * fails, rules added or removed, every score. Exit 2 when something got
 * worse, so a scheduled run can alert on it; 0 when nothing did.
 */
#include "cli/cmd.h"
#include "cli/opts.h"
#include "report/diff.h"
#include "report/load.h"
#include "report/report.h"
#include "report/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct da_option opt_diff_json = {
	.name = "json", .arg = "FILE",
	.help = "write the comparison as JSON to FILE (- for stdout; see docs/JSON.md)",
};
static const struct da_option opt_diff_verbose = {
	.name = "verbose", .short_name = 'v', .help = "list what still fails, not only how much",
};

static const struct da_option *const diff_options[] = {
	&da_opt_benchmark, &opt_diff_json, &opt_diff_verbose, NULL,
};

struct diff_opts {
	const char *benchmark;
	const char *json;
	bool verbose;
};

static int diff_opt(const struct da_option *opt, const char *arg, void *ctx)
{
	struct diff_opts *o = ctx;

	if (opt == &da_opt_benchmark)
		o->benchmark = arg;
	else if (opt == &opt_diff_json)
		o->json = arg;
	else if (opt == &opt_diff_verbose)
		o->verbose = true;
	return 0;
}

/* The JSON document to OUT (da_report_write_path's writer). */
static int dump_json(const void *ctx, FILE *out, struct da_err *err)
{
	return da_report_dump_json(da_diff_json(ctx), out, err);
}

/* OLD and NEW into S[0] and S[1]. Without --benchmark, a JSON result that
 * does not fit the installed content is read against the benchmark the
 * other result carries (an ARF's or XCCDF results file's). 0, or -1 with
 * ERR (the first reading's error). */
static int load_pair(const struct diff_opts *o, char *const *paths, struct da_saved **s,
		     struct da_err *err)
{
	struct da_err first[2] = { { { 0 } }, { { 0 } } }, retry = { { 0 } };
	int rc[2], i;

	for (i = 0; i < 2; i++)
		rc[i] = da_saved_load(paths[i], o->benchmark, &s[i], &first[i]);
	for (i = 0; i < 2 && !o->benchmark; i++)
		if (rc[i] < 0 && rc[!i] == 0 && s[!i]->format != DA_SAVED_JSON)
			rc[i] = da_saved_load_against(paths[i], s[!i]->bench, &s[i], &retry);
	for (i = 0; i < 2; i++) {
		if (rc[i] == 0)
			continue;
		*err = first[i];
		return -1;
	}
	return 0;
}

/* Free both; one that borrows the other's benchmark first. */
static void free_pair(struct da_saved **s)
{
	int first = s[1] && !s[1]->own_bench;

	da_saved_free(s[first]);
	da_saved_free(s[!first]);
}

static int diff_run(int argc, char **argv)
{
	struct diff_opts o = { 0 };
	struct da_err err = { { 0 } };
	struct da_saved *s[2] = { NULL, NULL };
	struct da_diff *d = NULL;
	int rc, first;

	rc = da_cmd_parse(&da_cmd_diff, argc, argv, diff_opt, &o, &first);
	if (rc != 0)
		return rc > 0 ? DA_EXIT_OK : DA_EXIT_ERROR;
	if (argc - first != 2) {
		fprintf(stderr, "dockaudit diff: expected two result files, OLD and NEW\nTry 'dockaudit diff --help'.\n");
		return DA_EXIT_ERROR;
	}
	rc = DA_EXIT_ERROR;
	if (load_pair(&o, argv + first, s, &err) < 0 || da_diff_compute(s[0], s[1], &d, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		goto out;
	}
	if (o.json && da_report_write_path(o.json, dump_json, d, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		goto out;
	}
	if (!o.json || strcmp(o.json, "-") != 0)
		da_diff_write_text(d, stdout, da_report_stdout_color(), o.verbose);
	if (fflush(stdout) != 0) {
		perror("stdout");
		goto out;
	}
	rc = d->worse ? DA_EXIT_FAIL : DA_EXIT_OK;
out:
	da_diff_free(d);
	free_pair(s);
	return rc;
}

const struct da_cmd da_cmd_diff = {
	.name = "diff",
	.args = "[OPTION]... OLD NEW",
	.summary = "Compare two saved results (ARF, XCCDF results or JSON): new failures, fixed rules, changed scores.",
	.options = diff_options,
	.run = diff_run,
	.exit_status = "0 nothing got worse, 2 a new failure or error or a lower score,\n"
		       "1 the tool itself failed. See dockaudit(8).",
};
