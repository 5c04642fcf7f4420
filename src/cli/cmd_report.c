/*
 * dockaudit report: write the reports of a saved result again (an ARF, an
 * XCCDF results file or the JSON results), in any format audit and eval
 * write, without evaluating anything. Exit 0 when the outputs were
 * written, 1 otherwise; a saved failure is not this command's failure.
 */
#include "cli/cmd.h"
#include "cli/opts.h"
#include "report/load.h"

#include <stdio.h>

static const struct da_option *const report_options[] = {
	&da_opt_benchmark, &da_opt_score_model, DA_OUTPUT_OPTIONS, &da_opt_verbose, &da_opt_quiet,
	NULL,
};

static int report_run(int argc, char **argv)
{
	struct da_run_opts o = { 0 };
	struct da_err err = { { 0 } };
	struct da_saved *s = NULL;
	int rc, first;

	rc = da_cmd_parse(&da_cmd_report, argc, argv, da_run_opt, &o, &first);
	if (rc != 0)
		return rc > 0 ? DA_EXIT_OK : DA_EXIT_ERROR;
	if (argc - first != 1) {
		fprintf(stderr, "dockaudit report: expected one RESULT file\nTry 'dockaudit report --help'.\n");
		return DA_EXIT_ERROR;
	}
	if (da_saved_load(argv[first], o.benchmark, &s, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		return DA_EXIT_ERROR;
	}
	s->results->score_model = (enum da_score_model)o.score_model;
	rc = da_run_write_outputs(&o, s->results, NULL) < 0 ? DA_EXIT_ERROR : DA_EXIT_OK;
	da_saved_free(s);
	return rc;
}

const struct da_cmd da_cmd_report = {
	.name = "report",
	.args = "[OPTION]... RESULT",
	.summary = "Write reports again from a saved ARF, XCCDF results or JSON result.",
	.options = report_options,
	.run = report_run,
	.exit_status = "0 every output was written, 1 the tool itself failed (a result\n"
		       "that cannot be read, an output that cannot be written). See dockaudit(8).",
};
