/*
 * What audit and eval share: the options that choose content and outputs,
 * and the evaluate-and-report half of the pipeline.
 */
#ifndef DA_CLI_OPTS_H
#define DA_CLI_OPTS_H

#include <jansson.h>

#include "cli/cmd.h"
#include "collect/collect.h"
#include "content/benchmark.h"

#define DA_MAX_OUTPUTS 8

struct da_run_opts {
	const char *benchmark; /* NULL: the installed content */
	const char *profile;   /* NULL: the benchmark's default selection */
	const char *out_path[DA_MAX_OUTPUTS]; /* indexed like da_reporters[] */
	int verbose;
	struct da_collect_opts collect;
};

/* Options shared by audit and eval (content and outputs), and by audit and
 * collect (where the host is). */
extern const struct da_option da_opt_benchmark, da_opt_profile, da_opt_json, da_opt_arf,
	da_opt_html, da_opt_verbose, da_opt_root, da_opt_docker_host;

/* on_opt callback for da_cmd_parse filling a struct da_run_opts (CTX). */
int da_run_opt(const struct da_option *opt, const char *arg, void *ctx);

/* The id of BENCH's profile named WANT (its full id or the part after
 * "_profile_"), borrowed; NULL if there is none. */
const char *da_run_find_profile(const struct da_benchmark *bench, const char *want);

/* Evaluate FACTS with the chosen content and write every requested output
 * (the terminal summary when none goes to stdout). Returns the exit code:
 * DA_EXIT_OK, DA_EXIT_FAIL, or DA_EXIT_ERROR (message printed). */
int da_run_evaluate(const struct da_run_opts *o, const json_t *facts);

#endif
