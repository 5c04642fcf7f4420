/*
 * The evaluate-and-report half of audit and eval: load the content, apply
 * the profile, write the outputs asked for, and turn the results into the
 * oscap-style exit code.
 */
#include "cli/opts.h"
#include "common/xalloc.h"
#include "content/benchmark.h"
#include "engine/eval.h"
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct da_option da_opt_benchmark = {
	.name = "benchmark", .short_name = 'b', .arg = "FILE",
	.help = "XCCDF benchmark to evaluate (default: the installed content)",
};
const struct da_option da_opt_profile = {
	.name = "profile", .short_name = 'p', .arg = "ID",
	.help = "XCCDF profile id, or its short name (e.g. baseline)",
};
const struct da_option da_opt_json = {
	.name = "json", .arg = "FILE", .help = "write results as JSON to FILE (- for stdout)",
};
const struct da_option da_opt_arf = {
	.name = "arf", .arg = "FILE", .help = "write an ARF 1.1 result to FILE (- for stdout)",
};
const struct da_option da_opt_html = {
	.name = "html", .arg = "FILE", .help = "write an HTML report to FILE (- for stdout)",
};
const struct da_option da_opt_verbose = {
	.name = "verbose", .short_name = 'v', .help = "terminal summary: show every rule and subject",
};
const struct da_option da_opt_root = {
	.name = "root", .arg = "DIR", .help = "read every host file under DIR (default /)",
};
const struct da_option da_opt_docker_host = {
	.name = "docker-host", .short_name = 'H', .arg = "URI",
	.help = "Engine API endpoint (default: $DOCKER_HOST, else unix:///var/run/docker.sock)",
};

static int set_output(struct da_run_opts *o, const char *name, const char *arg)
{
	size_t i;

	for (i = 0; da_reporters[i] && i < DA_MAX_OUTPUTS; i++) {
		if (strcmp(da_reporters[i]->name, name) == 0) {
			o->out_path[i] = arg;
			return 0;
		}
	}
	fprintf(stderr, "dockaudit: no reporter for --%s\n", name);
	return -1;
}

int da_run_opt(const struct da_option *opt, const char *arg, void *ctx)
{
	struct da_run_opts *o = ctx;

	if (opt == &da_opt_benchmark)
		o->benchmark = arg;
	else if (opt == &da_opt_profile)
		o->profile = arg;
	else if (opt == &da_opt_verbose)
		o->verbose = 1;
	else if (opt == &da_opt_root)
		o->collect.root_dir = arg;
	else if (opt == &da_opt_docker_host)
		o->collect.docker.host = arg;
	else if (opt == &da_opt_json || opt == &da_opt_arf || opt == &da_opt_html)
		return set_output(o, opt->name, arg);
	return 0;
}

/* Accept a profile's full id or the part after "_profile_". */
const char *da_run_find_profile(const struct da_benchmark *b, const char *want)
{
	size_t i;
	const char *p;

	for (i = 0; i < b->n_profiles; i++) {
		p = strstr(b->profiles[i].id, "_profile_");
		if (strcmp(b->profiles[i].id, want) == 0 || (p && strcmp(p + 9, want) == 0))
			return b->profiles[i].id;
	}
	return NULL;
}

static int exit_code(const struct da_results *r)
{
	if (r->counts[DA_RES_FAIL] || r->counts[DA_RES_ERROR] || r->counts[DA_RES_UNKNOWN])
		return DA_EXIT_FAIL;
	return DA_EXIT_OK;
}

static int write_outputs(const struct da_run_opts *o, const struct da_results *r)
{
	struct da_report_opts ro = { .color = 0, .verbose = o->verbose };
	struct da_err err = { { 0 } };
	int to_stdout = 0;
	size_t i;

	for (i = 0; da_reporters[i] && i < DA_MAX_OUTPUTS; i++) {
		if (!o->out_path[i])
			continue;
		if (strcmp(o->out_path[i], "-") == 0)
			to_stdout = 1;
		if (da_report_to_path(da_reporters[i], r, &ro, o->out_path[i], &err) < 0) {
			fprintf(stderr, "dockaudit: %s\n", err.msg);
			return -1;
		}
	}
	if (to_stdout)
		return 0;
	ro.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (da_report_to_path(&da_report_terminal, r, &ro, "-", &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		return -1;
	}
	return 0;
}

int da_run_evaluate(const struct da_run_opts *o, const json_t *facts)
{
	struct da_benchmark *bench = NULL;
	struct da_results *res = NULL;
	struct da_eval_opts eo = { 0 };
	struct da_err err = { { 0 } };
	char *path = o->benchmark ? da_xstrdup(o->benchmark) : da_default_benchmark_path();
	int rc = DA_EXIT_ERROR;

	if (da_benchmark_load(path, &bench, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		goto out;
	}
	if (o->profile) {
		eo.profile_id = da_run_find_profile(bench, o->profile);
		if (!eo.profile_id) {
			fprintf(stderr, "dockaudit: %s: no profile '%s' (see dockaudit rules --list-profiles)\n",
				path, o->profile);
			goto out;
		}
	}
	if (da_evaluate(bench, facts, &eo, &res, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		goto out;
	}
	if (write_outputs(o, res) < 0)
		goto out;
	rc = exit_code(res);
out:
	da_results_free(res);
	da_benchmark_free(bench);
	free(path);
	return rc;
}
