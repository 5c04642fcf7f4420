/*
 * The evaluate-and-report half of audit and eval: load the content, apply
 * the profile, write the outputs asked for, and turn the results into the
 * oscap-style exit code.
 */
#include "cli/opts.h"
#include "common/xalloc.h"
#include "content/benchmark.h"
#include "content/tailoring.h"
#include "engine/eval.h"
#include "engine/score.h"
#include "engine/waivers.h"
#include "history/history.h"
#include "report/diff.h"
#include "report/report.h"
#include "report/util.h"

#include <errno.h>
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
const struct da_option da_opt_tailoring = {
	.name = "tailoring", .arg = "FILE",
	.help = "XCCDF 1.2 Tailoring file whose profiles refine the benchmark's",
};
const struct da_option da_opt_score_model = {
	.name = "score-model", .arg = "MODEL",
	.help = "score the summary shows: default, flat, flat-unweighted or absolute",
};
const struct da_option da_opt_fail_on = {
	.name = "fail-on", .arg = "SEVERITY",
	.help = "exit 2 only for rules of SEVERITY or above: low, medium or high",
};
const struct da_option da_opt_waivers = {
	.name = "waivers", .arg = "FILE",
	.help = "waive the failures FILE lists (JSON; see WAIVERS)",
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
const struct da_option da_opt_results = {
	.name = "results", .arg = "FILE",
	.help = "write XCCDF 1.2 results (Benchmark and TestResult) to FILE (- for stdout)",
};
const struct da_option da_opt_junit = {
	.name = "junit", .arg = "FILE",
	.help = "write JUnit XML (one test case per rule and subject) to FILE (- for stdout)",
};
const struct da_option da_opt_prom = {
	.name = "prom", .arg = "FILE",
	.help = "write Prometheus text format metrics for node_exporter's textfile collector to FILE (- for stdout)",
};
const struct da_option da_opt_hdf = {
	.name = "hdf", .arg = "FILE",
	.help = "write InSpec exec JSON (HDF, for Heimdall, the SAF CLI and Chef Automate) to FILE (- for stdout)",
};
const struct da_option da_opt_verbose = {
	.name = "verbose", .short_name = 'v', .help = "terminal summary: every rule and subject, and fix texts; twice (-vv): evidence too",
};
const struct da_option da_opt_quiet = {
	.name = "quiet", .short_name = 'q', .help = "terminal summary: one line (host, score, counts)",
};
const struct da_option da_opt_root = {
	.name = "root", .arg = "DIR", .help = "read every host file under DIR (default /)",
};
const struct da_option da_opt_config = {
	.name = "config", .arg = "FILE",
	.help = "read options from FILE (key = value lines, see CONFIGURATION); the command line wins",
};
const struct da_option da_opt_history = {
	.name = "history", .arg = "DIR",
	.help = "keep this run in the history DIR and update DIR/latest.json, .html, .prom (see HISTORY)",
};
const struct da_option da_opt_keep_runs = {
	.name = "keep-runs", .arg = "N",
	.help = "with --history: keep the newest N runs, delete older ones (0: no limit)",
};
const struct da_option da_opt_keep_days = {
	.name = "keep-days", .arg = "D",
	.help = "with --history: delete runs older than D days (0: no limit)",
};
const struct da_option da_opt_fail_on_new = {
	.name = "fail-on-new",
	.help = "with --history: exit 2 only for failures the previous run did not have",
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

static int set_score_model(struct da_run_opts *o, const char *arg)
{
	int m = da_score_model_parse(arg);

	if (m < 0) {
		fprintf(stderr,
			"dockaudit: --score-model '%s' is not default, flat, flat-unweighted or absolute\n",
			arg);
		return -1;
	}
	o->score_model = m;
	return 0;
}

static int set_fail_on(struct da_run_opts *o, const char *arg)
{
	enum da_severity s = da_severity_parse(arg);

	if (s == DA_SEV_UNKNOWN || s == DA_SEV_INFO) {
		fprintf(stderr, "dockaudit: --fail-on '%s' is not low, medium or high\n", arg);
		return -1;
	}
	o->fail_on = (int)s;
	return 0;
}

int da_run_parse_count(const char *s, long *n)
{
	char *end;
	long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v > 1000000)
		return -1;
	*n = v;
	return 0;
}

static int set_count(long *dst, const struct da_option *opt, const char *arg)
{
	if (da_run_parse_count(arg, dst) == 0)
		return 0;
	fprintf(stderr, "dockaudit: --%s '%s' is not a whole number (0 or more)\n", opt->name, arg);
	return -1;
}

static int is_output(const struct da_option *opt)
{
	static const struct da_option *const outputs[] = { DA_OUTPUT_OPTIONS };
	size_t i;

	for (i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++)
		if (outputs[i] == opt)
			return 1;
	return 0;
}

int da_run_opt(const struct da_option *opt, const char *arg, void *ctx)
{
	struct da_run_opts *o = ctx;

	if (opt == &da_opt_benchmark)
		o->benchmark = arg;
	else if (opt == &da_opt_profile)
		o->profile = arg;
	else if (opt == &da_opt_tailoring)
		o->tailoring = arg;
	else if (opt == &da_opt_waivers)
		o->waivers = arg;
	else if (opt == &da_opt_score_model)
		return set_score_model(o, arg);
	else if (opt == &da_opt_fail_on)
		return set_fail_on(o, arg);
	else if (opt == &da_opt_verbose)
		o->verbose++;
	else if (opt == &da_opt_quiet)
		o->quiet = 1;
	else if (opt == &da_opt_root)
		o->collect.root_dir = arg;
	else if (opt == &da_opt_docker_host)
		o->collect.docker.host = arg;
	else if (opt == &da_opt_history)
		o->history = arg;
	else if (opt == &da_opt_keep_runs)
		return set_count(&o->keep_runs, opt, arg);
	else if (opt == &da_opt_keep_days)
		return set_count(&o->keep_days, opt, arg);
	else if (opt == &da_opt_fail_on_new)
		o->fail_on_new = true;
	else if (opt == &da_opt_config)
		o->config_path = arg;
	else if (is_output(opt))
		return set_output(o, opt->name, arg);
	if (o->verbose && o->quiet) {
		fprintf(stderr, "dockaudit: --quiet and --verbose cannot be used together\n");
		return -1;
	}
	return 0;
}

/* 2 when a rule fails or could not be evaluated; with --fail-on, only a
 * rule whose (refined) severity is at or above it counts. A rule of unknown
 * severity always counts: a gate must not open for want of a label. */
static int exit_code(const struct da_results *r, int fail_on)
{
	const struct da_rule_result *rr;
	size_t i;

	for (i = 0; i < r->n_rules; i++) {
		rr = &r->rules[i];
		if (rr->result != DA_RES_FAIL && rr->result != DA_RES_ERROR &&
		    rr->result != DA_RES_UNKNOWN)
			continue;
		if (!fail_on || rr->severity == DA_SEV_UNKNOWN || (int)rr->severity >= fail_on)
			return DA_EXIT_FAIL;
	}
	return DA_EXIT_OK;
}

int da_run_write_outputs(const struct da_run_opts *o, const struct da_results *r,
			 const struct da_report_history *history)
{
	struct da_report_opts ro = { .color = 0, .verbose = o->verbose, .quiet = o->quiet,
				     .history = history };
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
	ro.color = da_report_stdout_color();
	if (da_report_to_path(&da_report_terminal, r, &ro, "-", &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		return -1;
	}
	return 0;
}

int da_run_choose_profile(const char *want, const struct da_benchmark *b,
			  const struct da_tailoring *t, const struct da_profile **p)
{
	*p = NULL;
	if (want) {
		*p = da_profile_find(b, t, want);
		if (*p)
			return 0;
		if (t)
			fprintf(stderr, "dockaudit: %s: no profile '%s' here or in %s (see dockaudit rules --list-profiles)\n",
				t->path, want, b->path);
		else
			fprintf(stderr, "dockaudit: %s: no profile '%s' (see dockaudit rules --list-profiles)\n",
				b->path, want);
		return -1;
	}
	if (!t)
		return 0;
	if (t->n_profiles == 1) {
		*p = &t->profiles[0];
		return 0;
	}
	fprintf(stderr, "dockaudit: %s: the tailoring has %zu profiles; choose one with --profile\n",
		t->path, t->n_profiles);
	return -1;
}

int da_run_load_content(const struct da_run_opts *o, struct da_benchmark **b,
			struct da_tailoring **t, const struct da_profile **p)
{
	struct da_err err = { { 0 } };
	char *path = o->benchmark ? da_xstrdup(o->benchmark) : da_default_benchmark_path();
	int rc = -1;

	*b = NULL;
	*t = NULL;
	if (p)
		*p = NULL;
	if (da_benchmark_load(path, b, &err) < 0)
		goto out;
	if (o->tailoring && da_tailoring_load(o->tailoring, *b, t, &err) < 0)
		goto out;
	rc = p ? da_run_choose_profile(o->profile, *b, *t, p) : 0;
out:
	if (err.msg[0])
		fprintf(stderr, "dockaudit: %s\n", err.msg);
	if (rc < 0) {
		da_tailoring_free(*t);
		da_benchmark_free(*b);
		*t = NULL;
		*b = NULL;
	}
	free(path);
	return rc;
}

/* The day waivers' expiry is judged on: $DOCKAUDIT_NOW (YYYY-MM-DD, for
 * tests and reproducible reports), else today in UTC. -1 (printed) when
 * the variable is not a date. */
static int waiver_day(long *day)
{
	const char *now = getenv("DOCKAUDIT_NOW");

	if (!now || !*now) {
		*day = da_waiver_today();
		return 0;
	}
	if (da_waiver_date_parse(now, day) == 0)
		return 0;
	fprintf(stderr, "dockaudit: DOCKAUDIT_NOW '%s' is not a date (YYYY-MM-DD)\n", now);
	return -1;
}

/* O's waiver file for BENCH (*W NULL without one) and the day to judge
 * them on. -1 (printed) on a bad file or date. */
static int load_waivers(const struct da_run_opts *o, const struct da_benchmark *bench,
			struct da_waivers **w, long *day)
{
	struct da_err err = { { 0 } };

	*w = NULL;
	if (!o->waivers)
		return 0;
	if (waiver_day(day) < 0)
		return -1;
	if (da_waivers_load(o->waivers, bench, w, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		return -1;
	}
	return 0;
}

/* ---- --config ---- */

/* Options the command line gave, so the file does not override them. */
struct parse_ctx {
	struct da_run_opts *o;
	const struct da_option *seen[64];
	size_t n_seen;
};

static int on_cli_opt(const struct da_option *opt, const char *arg, void *ctx)
{
	struct parse_ctx *pc = ctx;

	if (pc->n_seen < sizeof(pc->seen) / sizeof(pc->seen[0]))
		pc->seen[pc->n_seen++] = opt;
	return da_run_opt(opt, arg, pc->o);
}

static bool seen(const struct parse_ctx *pc, const struct da_option *opt)
{
	size_t i;

	for (i = 0; i < pc->n_seen; i++)
		if (pc->seen[i] == opt)
			return true;
	return false;
}

static int apply_config(struct parse_ctx *pc)
{
	struct da_run_opts *o = pc->o;
	struct da_err err = { { 0 } };
	const struct da_config_entry *e;
	size_t i;

	if (da_config_load(o->config_path, &o->config, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		return -1;
	}
	for (i = 0; i < o->config->n; i++) {
		e = &o->config->entries[i];
		if (seen(pc, e->opt))
			continue;
		if (e->opt == &da_opt_fail_on_new) {
			o->fail_on_new = da_config_yes(e->value);
			continue;
		}
		if (da_run_opt(e->opt, e->value, o) < 0) {
			fprintf(stderr, "dockaudit: %s:%u: the value of '%s' is refused (above)\n",
				o->config->path, e->line, e->opt->name);
			return -1;
		}
	}
	return 0;
}

/* The history options make sense only with a history. */
static int check_history_opts(const struct da_run_opts *o)
{
	const char *what = o->keep_runs ? "--keep-runs" : o->keep_days ? "--keep-days"
					  : o->fail_on_new ? "--fail-on-new" : NULL;

	if (o->history || !what)
		return 0;
	fprintf(stderr, "dockaudit: %s needs --history DIR (or history in the configuration file)\n",
		what);
	return -1;
}

int da_run_parse(const struct da_cmd *cmd, int argc, char **argv, struct da_run_opts *o,
		 int *optind_out)
{
	struct parse_ctx pc = { .o = o, .n_seen = 0 };
	int rc = da_cmd_parse(cmd, argc, argv, on_cli_opt, &pc, optind_out);

	if (rc != 0)
		return rc;
	if (o->config_path && apply_config(&pc) < 0)
		return -1;
	return check_history_opts(o);
}

void da_run_opts_clear(struct da_run_opts *o)
{
	da_config_free(o->config);
	o->config = NULL;
}

void da_run_failed(const struct da_run_opts *o)
{
	struct da_err err = { { 0 } };

	if (o->history && da_history_write_failed(o->history, time(NULL), &err) < 0)
		fprintf(stderr, "dockaudit: warning: %s\n", err.msg);
}

/* ---- the history of a run ---- */

/* What keeping a run in its history yields for its reports. */
struct run_history {
	struct da_history *h;
	struct da_saved *prev; /* the run before, or NULL */
	struct da_saved now;   /* this run, as a saved result for da_diff_compute (borrowed parts) */
	struct da_diff *diff;  /* PREV -> NOW, or NULL */
	struct da_report_trend_point *trend;
	struct da_report_history rep;
};

/* This run seen as a saved result: everything borrowed from R. */
static void view_of(struct da_saved *s, const struct da_benchmark *bench, struct da_results *r)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->path = (char *)"this run";
	s->format = DA_SAVED_JSON;
	s->bench = bench;
	s->facts = (json_t *)r->facts;
	s->results = r;
	s->listed = da_xcalloc(r->n_rules ? r->n_rules : 1, sizeof(bool));
	for (i = 0; i < r->n_rules; i++)
		s->listed[i] = true;
}

static void run_history_free(struct run_history *rh)
{
	da_diff_free(rh->diff);
	da_saved_free(rh->prev);
	free(rh->now.listed);
	free(rh->trend);
	da_history_free(rh->h);
}

/* Compare R with the newest readable run of O->history, store R, apply
 * the retention and gather the trend. 0, or -1 (printed). */
static int history_record(const struct da_run_opts *o, const struct da_benchmark *bench,
			  struct da_results *r, struct run_history *rh)
{
	struct da_err err = { { 0 } };
	size_t prev_idx, idx;

	if (da_history_open(o->history, true, &rh->h, &err) < 0)
		goto fail;
	view_of(&rh->now, bench, r);
	if (da_history_load_previous(rh->h, rh->h->n, bench, &rh->prev, &prev_idx) == 0 &&
	    da_diff_compute(rh->prev, &rh->now, &rh->diff, &err) < 0) {
		fprintf(stderr, "dockaudit: warning: %s\n", err.msg);
		da_err_clear(&err);
	}
	if (da_history_add(rh->h, r, &idx, &err) < 0)
		goto fail;
	da_history_prune(rh->h, o->keep_runs, o->keep_days, time(NULL), idx);
	da_history_trend(rh->h, rh->h->n, &rh->trend, &rh->rep.n_trend);
	rh->rep.trend = rh->trend;
	rh->rep.since_last = rh->diff;
	return 0;
fail:
	fprintf(stderr, "dockaudit: %s\n", err.msg);
	return -1;
}

/* With --fail-on-new: 2 when a new failure (fail or error) is at or above
 * --fail-on's severity (or of unknown severity), as exit_code judges. */
static int new_failures_code(const struct da_diff *d, int fail_on)
{
	const struct da_rule_result *rr;
	size_t i;

	for (i = 0; d && i < d->new_failures.n; i++) {
		rr = d->new_failures.items[i].new_rr;
		if (!fail_on || rr->severity == DA_SEV_UNKNOWN || (int)rr->severity >= fail_on)
			return DA_EXIT_FAIL;
	}
	return DA_EXIT_OK;
}

/* Report R, keeping it in the history when O asks. The exit code. */
static int report_run(const struct da_run_opts *o, const struct da_benchmark *bench,
		      struct da_results *r)
{
	struct run_history rh = { 0 };
	struct da_report_opts ro = { .verbose = o->verbose, .quiet = o->quiet };
	struct da_err err = { { 0 } };
	int rc = DA_EXIT_ERROR;

	if (!o->history) {
		if (da_run_write_outputs(o, r, NULL) < 0)
			return DA_EXIT_ERROR;
		return exit_code(r, o->fail_on);
	}
	if (history_record(o, bench, r, &rh) < 0 || da_run_write_outputs(o, r, &rh.rep) < 0)
		goto out;
	ro.history = &rh.rep;
	if (da_history_write_latest(rh.h, r, &ro, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		goto out;
	}
	rc = o->fail_on_new ? new_failures_code(rh.diff, o->fail_on) : exit_code(r, o->fail_on);
out:
	run_history_free(&rh);
	return rc;
}

int da_run_evaluate(const struct da_run_opts *o, const json_t *facts)
{
	struct da_benchmark *bench = NULL;
	struct da_tailoring *tail = NULL;
	const struct da_profile *prof;
	struct da_results *res = NULL;
	struct da_waivers *waivers = NULL;
	struct da_eval_opts eo = { 0 };
	struct da_err err = { { 0 } };
	int rc = DA_EXIT_ERROR;
	long day = 0;

	if (da_run_load_content(o, &bench, &tail, &prof) < 0)
		goto out;
	if (load_waivers(o, bench, &waivers, &day) < 0)
		goto out;
	eo.profile_id = prof ? prof->id : NULL;
	eo.tailoring = tail;
	eo.score_model = (enum da_score_model)o->score_model;
	if (da_evaluate(bench, facts, &eo, &res, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		goto out;
	}
	da_waivers_apply(waivers, day, res);
	rc = report_run(o, bench, res);
out:
	if (rc == DA_EXIT_ERROR)
		da_run_failed(o);
	da_results_free(res);
	da_waivers_free(waivers);
	da_tailoring_free(tail);
	da_benchmark_free(bench);
	return rc;
}
