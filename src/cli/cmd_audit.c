/*
 * dockaudit audit: the whole pipeline on this host. Collects facts, then
 * evaluates and reports them exactly as `eval` would a saved fact file.
 */
#include "cli/cmd.h"
#include "cli/opts.h"
#include "collect/collect.h"

#include <stdio.h>

static const struct da_option *const audit_options[] = {
	&da_opt_config,
	&da_opt_benchmark, &da_opt_profile, &da_opt_tailoring, &da_opt_score_model, &da_opt_fail_on, &da_opt_waivers,
	DA_OUTPUT_OPTIONS,
	&da_opt_root, &da_opt_docker_host, DA_HISTORY_OPTIONS, &da_opt_verbose, &da_opt_quiet,
	NULL,
};

static int audit_run(int argc, char **argv)
{
	struct da_run_opts o = { 0 };
	struct da_err err = { { 0 } };
	json_t *facts = NULL;
	int rc, first;

	o.collect.docker.tls_verify = -1;
	rc = da_run_parse(&da_cmd_audit, argc, argv, &o, &first);
	if (rc != 0) {
		rc = rc > 0 ? DA_EXIT_OK : DA_EXIT_ERROR;
		goto out;
	}
	rc = DA_EXIT_ERROR;
	if (first < argc) {
		fprintf(stderr, "dockaudit audit: unexpected argument '%s'\n", argv[first]);
		goto out;
	}
	if (da_collect_all(&o.collect, &facts, &err) < 0) {
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

const struct da_cmd da_cmd_audit = {
	.name = "audit",
	.args = "[OPTION]...",
	.summary = "Audit this Docker host: collect facts, evaluate the rules, report.",
	.options = audit_options,
	.run = audit_run,
};
