/*
 * dockaudit collect: write the fact document and nothing else, so it can be
 * evaluated later or elsewhere. Never judges; exits 0 when the facts were
 * written, even if some of them record collection errors.
 */
#include "cli/cmd.h"
#include "cli/opts.h"
#include "collect/collect.h"
#include "facts/facts.h"

#include <stdio.h>

static const struct da_option opt_output = {
	.name = "output", .short_name = 'o', .arg = "FILE",
	.help = "write the facts to FILE (default: - for stdout)",
};

static const struct da_option *const collect_options[] = {
	&opt_output, &da_opt_root, &da_opt_docker_host, NULL,
};

struct collect_opts {
	struct da_run_opts run;
	const char *output;
};

static int collect_opt(const struct da_option *opt, const char *arg, void *ctx)
{
	struct collect_opts *c = ctx;

	if (opt == &opt_output) {
		c->output = arg;
		return 0;
	}
	return da_run_opt(opt, arg, &c->run);
}

static int collect_run(int argc, char **argv)
{
	struct collect_opts c = { .output = "-" };
	struct da_err err = { { 0 } };
	json_t *facts = NULL;
	int rc, first;

	c.run.collect.docker.tls_verify = -1;
	rc = da_cmd_parse(&da_cmd_collect, argc, argv, collect_opt, &c, &first);
	if (rc != 0)
		return rc > 0 ? DA_EXIT_OK : DA_EXIT_ERROR;
	if (first < argc) {
		fprintf(stderr, "dockaudit collect: unexpected argument '%s'\n", argv[first]);
		return DA_EXIT_ERROR;
	}
	if (da_collect_all(&c.run.collect, &facts, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		return DA_EXIT_ERROR;
	}
	rc = DA_EXIT_OK;
	if (da_facts_save(facts, c.output, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		rc = DA_EXIT_ERROR;
	}
	json_decref(facts);
	return rc;
}

const struct da_cmd da_cmd_collect = {
	.name = "collect",
	.args = "[OPTION]...",
	.summary = "Collect facts about this Docker host and write them as JSON.",
	.options = collect_options,
	.run = collect_run,
	.exit_status = "0 the facts were written (some may record what could not be read),\n"
		       "1 the tool itself failed. See dockaudit(8).",
};
