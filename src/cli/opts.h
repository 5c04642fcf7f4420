/*
 * What audit and eval share: the options that choose content and outputs,
 * and the evaluate-and-report half of the pipeline.
 */
#ifndef DA_CLI_OPTS_H
#define DA_CLI_OPTS_H

#include <jansson.h>

#include "cli/cmd.h"
#include "cli/config.h"
#include "collect/collect.h"
#include "content/benchmark.h"
#include "content/tailoring.h"
#include "engine/result.h"
#include "report/report.h"

#define DA_MAX_OUTPUTS 8

struct da_run_opts {
	const char *benchmark; /* NULL: the installed content */
	const char *profile;   /* NULL: the benchmark's default selection */
	const char *tailoring; /* an XCCDF Tailoring file, or NULL */
	const char *waivers;   /* a waiver file (engine/waivers.h), or NULL */
	int score_model;       /* enum da_score_model: the one the summary shows */
	int fail_on;           /* enum da_severity: only results at or above make exit 2; 0: all */
	const char *out_path[DA_MAX_OUTPUTS]; /* indexed like da_reporters[] */
	int verbose;
	int quiet;
	struct da_collect_opts collect;
	/* The run history (src/history/): keep this run in HISTORY (or NULL),
	 * with at most KEEP_RUNS runs and none older than KEEP_DAYS days (0:
	 * no limit); FAIL_ON_NEW: exit 2 only for failures the previous run
	 * did not have. */
	const char *history;
	long keep_runs, keep_days;
	bool fail_on_new;
	/* --config FILE and what it set (owned; da_run_opts_clear frees it). */
	const char *config_path;
	struct da_config *config;
};

/* Options shared by audit and eval (content and outputs), and by audit and
 * collect (where the host is). */
extern const struct da_option da_opt_benchmark, da_opt_profile, da_opt_json, da_opt_arf,
	da_opt_html, da_opt_junit, da_opt_prom, da_opt_hdf, da_opt_verbose, da_opt_quiet, da_opt_root,
	da_opt_docker_host;
/* Tailoring (audit, eval, rules) and the scoring model (audit, eval). */
extern const struct da_option da_opt_tailoring, da_opt_score_model;
/* The severity that makes the exit code 2 (audit, eval). */
extern const struct da_option da_opt_fail_on;
/* Standalone XCCDF results (audit, eval, report). */
extern const struct da_option da_opt_results;
/* Every output option, one per reporter of da_reporters[] (the option is
 * named like the reporter), for the option tables of audit, eval and
 * report: a new reporter needs its option here and nowhere else. */
#define DA_OUTPUT_OPTIONS \
	&da_opt_json, &da_opt_arf, &da_opt_results, &da_opt_html, &da_opt_junit, &da_opt_prom, \
	&da_opt_hdf
/* Waivers (audit, eval). */
extern const struct da_option da_opt_waivers;
/* The configuration file (audit). */
extern const struct da_option da_opt_config;
/* The run history (audit, eval). */
extern const struct da_option da_opt_history, da_opt_keep_runs, da_opt_keep_days,
	da_opt_fail_on_new;
#define DA_HISTORY_OPTIONS &da_opt_history, &da_opt_keep_runs, &da_opt_keep_days, &da_opt_fail_on_new

/* A count of runs or days: digits only, 0 up to 1000000. 0 and *N, or -1. */
int da_run_parse_count(const char *s, long *n);

/* da_cmd_parse for audit and eval into O, then --config: each key of the
 * file that names an option not given on the command line is applied as
 * if it had been. Returns like da_cmd_parse (messages printed; a file
 * error is "dockaudit: FILE:LINE: why"). Free with da_run_opts_clear. */
int da_run_parse(const struct da_cmd *cmd, int argc, char **argv, struct da_run_opts *o,
		 int *optind_out);
/* Free what da_run_parse allocated in O. */
void da_run_opts_clear(struct da_run_opts *o);

/* After an audit failed (exit 1) before it had results: with a history,
 * its latest.prom says so (dockaudit_last_run_success 0); latest.json and
 * latest.html stay. A failure to write it is printed as a warning. */
void da_run_failed(const struct da_run_opts *o);

/* on_opt callback for da_cmd_parse filling a struct da_run_opts (CTX). */
int da_run_opt(const struct da_option *opt, const char *arg, void *ctx);

/* The content O chooses: the benchmark (O->benchmark, else the installed
 * one), the tailoring O->tailoring (or NULL), and unless P is NULL the
 * profile O->profile of either (NULL without --profile, unless the
 * tailoring holds exactly one profile: that one). Returns 0, or -1 with the
 * reason printed (and nothing to free). Free *B and *T with
 * da_benchmark_free and da_tailoring_free; *P is borrowed from one of them. */
/* The profile WANT names (NULL: none), or the tailoring T's only one; *P
 * NULL without either. -1 (printed) when WANT names none that exists in B
 * or T, or T has several and WANT names none. */
int da_run_choose_profile(const char *want, const struct da_benchmark *b,
			  const struct da_tailoring *t, const struct da_profile **p);
int da_run_load_content(const struct da_run_opts *o, struct da_benchmark **b,
			struct da_tailoring **t, const struct da_profile **p);

/* Write every output O asks for from R (with HISTORY, which may be NULL:
 * see struct da_report_history), and the terminal summary when none
 * goes to stdout (colour when stdout is a terminal and NO_COLOR is unset).
 * 0, or -1 with the reason printed. */
int da_run_write_outputs(const struct da_run_opts *o, const struct da_results *r,
			 const struct da_report_history *history);

/* Evaluate FACTS with the chosen content, apply the waivers of O->waivers
 * (their expiry judged on $DOCKAUDIT_NOW, YYYY-MM-DD, when set, else on
 * today's date in UTC), keep the run in O->history when set (compared
 * with the run before it, retention applied, DIR/latest.* written) and
 * write every requested output (the terminal summary when none goes to
 * stdout). Returns the exit code:
 * DA_EXIT_OK, DA_EXIT_FAIL, or DA_EXIT_ERROR (message printed). */
int da_run_evaluate(const struct da_run_opts *o, const json_t *facts);

#endif
