/*
 * dockaudit fleet: the saved results of many hosts (JSON, XCCDF results,
 * ARF; a directory stands for every *.json and *.xml under it) read one at
 * a time and aggregated (report/fleet.h): a terminal table, and on request
 * a JSON document and an HTML page. A report, not a gate: exit 0 when every
 * result was read, 1 when one could not be read or is of another benchmark
 * (the others are still aggregated), never 2.
 */
#include "cli/cmd.h"
#include "cli/opts.h"
#include "common/xalloc.h"
#include "report/fleet.h"
#include "report/report.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* How deep a directory argument is walked. */
#define MAX_DEPTH 16

static const struct da_option opt_fleet_json = {
	.name = "json", .arg = "FILE",
	.help = "write the fleet as JSON to FILE (- for stdout; see docs/FLEET.md)",
};
static const struct da_option opt_fleet_html = {
	.name = "html", .arg = "FILE",
	.help = "write the fleet as one self-contained HTML page to FILE",
};
static const struct da_option opt_fleet_quiet = {
	.name = "quiet", .short_name = 'q', .help = "terminal summary: one line for the whole fleet",
};

static const struct da_option *const fleet_options[] = {
	&opt_fleet_json, &opt_fleet_html, &da_opt_benchmark, &opt_fleet_quiet, NULL,
};

struct fleet_opts {
	const char *json, *html, *benchmark;
	bool quiet;
	char *outs[2]; /* the outputs' real paths, when they exist: never read as results */
};

static int fleet_opt(const struct da_option *opt, const char *arg, void *ctx)
{
	struct fleet_opts *o = ctx;

	if (opt == &opt_fleet_json)
		o->json = arg;
	else if (opt == &opt_fleet_html)
		o->html = arg;
	else if (opt == &da_opt_benchmark)
		o->benchmark = arg;
	else if (opt == &opt_fleet_quiet)
		o->quiet = true;
	return 0;
}

static bool is_output(const struct fleet_opts *o, const char *path)
{
	char *real = realpath(path, NULL);
	bool out = real && ((o->outs[0] && strcmp(real, o->outs[0]) == 0) ||
			    (o->outs[1] && strcmp(real, o->outs[1]) == 0));

	free(real);
	return out;
}

static bool result_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".json") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".xml") == 0);
}

/* Every *.json and *.xml under DIR, in name order, added to F; symbolic
 * links to directories are not followed; a directory that cannot be read
 * is left out. Returns how many were added or left out. */
static size_t add_dir(struct da_fleet *f, const struct fleet_opts *o, const char *dir, int depth)
{
	struct dirent **names = NULL;
	struct stat st;
	size_t seen = 0;
	char *path;
	int n, i;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		path = da_xasprintf("%s: %s", dir, strerror(errno));
		da_fleet_leave_out(f, dir, path, false);
		free(path);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] == '.') {
			free(names[i]);
			continue;
		}
		path = da_xasprintf("%s/%s", dir, names[i]->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < MAX_DEPTH)
			seen += add_dir(f, o, path, depth + 1);
		else if (result_name(names[i]->d_name) && stat(path, &st) == 0 &&
			 S_ISREG(st.st_mode) && !is_output(o, path)) {
			da_fleet_add(f, path);
			seen++;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return seen;
}

static void add_arg(struct da_fleet *f, const struct fleet_opts *o, const char *arg)
{
	struct stat st;
	char *msg;
	size_t n;

	if (strcmp(arg, "-") == 0 || stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
		da_fleet_add(f, arg);
		return;
	}
	n = add_dir(f, o, arg, 0);
	if (!n) {
		msg = da_xasprintf("%s: a directory with no *.json or *.xml result in it", arg);
		da_fleet_leave_out(f, arg, msg, false);
		free(msg);
	}
}

static int dump_json(const void *ctx, FILE *out, struct da_err *err)
{
	return da_report_dump_json(da_fleet_json(ctx), out, err);
}

struct html_ctx {
	const struct da_fleet *f;
	const char *path;
};

static int dump_html(const void *ctx, FILE *out, struct da_err *err)
{
	const struct html_ctx *h = ctx;

	return da_fleet_write_html(h->f, h->path, out, err);
}

static int write_outputs(const struct fleet_opts *o, const struct da_fleet *f)
{
	struct da_err err = { { 0 } };
	struct html_ctx h = { f, o->html };

	if (o->json && da_report_write_path(o->json, dump_json, f, &err) < 0)
		goto fail;
	if (o->html && da_report_write_path(o->html, dump_html, &h, &err) < 0)
		goto fail;
	if ((!o->json || strcmp(o->json, "-") != 0) && (!o->html || strcmp(o->html, "-") != 0))
		da_fleet_write_text(f, stdout, o->quiet);
	if (fflush(stdout) != 0) {
		perror("stdout");
		return -1;
	}
	return 0;
fail:
	fprintf(stderr, "dockaudit: %s\n", err.msg);
	return -1;
}

static int fleet_run(int argc, char **argv)
{
	struct fleet_opts o = { 0 };
	struct da_err err = { { 0 } };
	struct da_fleet *f = NULL;
	int rc, first, i;
	size_t k;

	rc = da_cmd_parse(&da_cmd_fleet, argc, argv, fleet_opt, &o, &first);
	if (rc != 0)
		return rc > 0 ? DA_EXIT_OK : DA_EXIT_ERROR;
	if (argc - first < 1) {
		fprintf(stderr, "dockaudit fleet: expected one RESULT file or more\nTry 'dockaudit fleet --help'.\n");
		return DA_EXIT_ERROR;
	}
	if (da_fleet_new(o.benchmark, &f, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		return DA_EXIT_ERROR;
	}
	o.outs[0] = o.json && strcmp(o.json, "-") != 0 ? realpath(o.json, NULL) : NULL;
	o.outs[1] = o.html && strcmp(o.html, "-") != 0 ? realpath(o.html, NULL) : NULL;
	for (i = first; i < argc; i++)
		add_arg(f, &o, argv[i]);
	da_fleet_finish(f);
	for (k = 0; k < f->n_bad; k++)
		fprintf(stderr, "dockaudit fleet: %s%s\n", f->bad[k].message,
			f->bad[k].other_benchmark ? " (left out: another benchmark)" : " (left out)");
	rc = write_outputs(&o, f) < 0 || f->n_bad ? DA_EXIT_ERROR : DA_EXIT_OK;
	da_fleet_free(f);
	free(o.outs[0]);
	free(o.outs[1]);
	return rc;
}

const struct da_cmd da_cmd_fleet = {
	.name = "fleet",
	.args = "[OPTION]... RESULT...",
	.summary = "Aggregate saved results of many hosts: scores, the rules failing on the most hosts, trends.",
	.options = fleet_options,
	.run = fleet_run,
	.exit_status = "0 every result was read, 1 a result could not be read or is of\n"
		       "another benchmark (the others are still reported), or the tool itself\n"
		       "failed. Failing rules do not change it. See dockaudit(8).",
};
