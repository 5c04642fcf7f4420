/*
 * dockaudit eval: evaluate a saved fact document (from `dockaudit collect`)
 * elsewhere, with the same outputs and exit codes as audit.
 */
#include "cli/cmd.h"
#include "cli/opts.h"
#include "facts/facts.h"

#include <stdio.h>

static const struct da_option *const eval_options[] = {
	&da_opt_benchmark, &da_opt_profile, &da_opt_tailoring, &da_opt_score_model, &da_opt_fail_on, &da_opt_waivers,
	DA_OUTPUT_OPTIONS, DA_HISTORY_OPTIONS,
	&da_opt_verbose, &da_opt_quiet, NULL,
};

static int eval_run(int argc, char **argv)
{
	struct da_run_opts o = { 0 };
	struct da_err err = { { 0 } };
	json_t *facts = NULL;
	int rc, first;

	rc = da_run_parse(&da_cmd_eval, argc, argv, &o, &first);
	if (rc != 0) {
		rc = rc > 0 ? DA_EXIT_OK : DA_EXIT_ERROR;
		goto out;
	}
	rc = DA_EXIT_ERROR;
	if (argc - first != 1) {
		fprintf(stderr, "dockaudit eval: expected one FACTS file\nTry 'dockaudit eval --help'.\n");
		goto out;
	}
	if (da_facts_load(argv[first], &facts, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		da_run_failed(&o);
		goto out;
	}
	rc = da_run_evaluate(&o, facts);
out:
	json_decref(facts);
	da_run_opts_clear(&o);
	return rc;
}

const struct da_cmd da_cmd_eval = {
	.name = "eval",
	.args = "[OPTION]... FACTS",
	.summary = "Evaluate a fact document saved by 'dockaudit collect' (- reads stdin).",
	.options = eval_options,
	.run = eval_run,
};
