/*
 * dockaudit fix: turn a saved result (JSON, XCCDF results or ARF) into a
 * remediation for the host it came from: an Ansible playbook (the
 * default) or a shell script. It never changes the host itself. Exit 0
 * when the remediation was written, 1 otherwise.
 */
#include "cli/cmd.h"
#include "cli/opts.h"
#include "content/tailoring.h"
#include "engine/waivers.h"
#include "remedy/fix.h"
#include "report/load.h"
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

static const struct da_option opt_format = {
	.name = "format", .arg = "FORMAT", .help = "ansible (a playbook, the default) or sh (a shell script)",
};
static const struct da_option opt_output = {
	.name = "output", .short_name = 'o', .arg = "FILE", .help = "write to FILE (default: stdout)",
};
static const struct da_option opt_rule = {
	.name = "rule", .arg = "ID", .help = "fix only rule ID (full id or the part after _rule_); repeatable",
};

static const struct da_option *const fix_options[] = {
	&opt_format, &opt_output, &opt_rule, &da_opt_benchmark, &da_opt_profile, &da_opt_tailoring,
	&da_opt_waivers, NULL,
};

struct fix_cli {
	const char *format, *output, *benchmark, *profile, *tailoring, *waivers;
	const char **rules;
	size_t n_rules;
};

static int fix_opt(const struct da_option *opt, const char *arg, void *ctx)
{
	struct fix_cli *c = ctx;

	if (opt == &opt_format) {
		if (strcmp(arg, "ansible") != 0 && strcmp(arg, "sh") != 0) {
			fprintf(stderr, "dockaudit fix: --format must be ansible or sh, not '%s'\n", arg);
			return -1;
		}
		c->format = arg;
	} else if (opt == &opt_output) {
		c->output = arg;
	} else if (opt == &opt_rule) {
		c->rules = da_xreallocarray(c->rules, c->n_rules + 1, sizeof(*c->rules));
		c->rules[c->n_rules++] = arg;
	} else if (opt == &da_opt_benchmark) {
		c->benchmark = arg;
	} else if (opt == &da_opt_profile) {
		c->profile = arg;
	} else if (opt == &da_opt_tailoring) {
		c->tailoring = arg;
	} else if (opt == &da_opt_waivers) {
		c->waivers = arg;
	}
	return 0;
}

static int write_plan(const void *ctx, FILE *out, struct da_err *err)
{
	return da_fix_write(ctx, out, err);
}

static int fix_run(int argc, char **argv)
{
	struct fix_cli c = { 0 };
	struct da_err err = { { 0 } };
	struct da_saved *s = NULL;
	struct da_tailoring *tail = NULL;
	struct da_waivers *w = NULL;
	struct da_fix_plan *plan = NULL;
	struct da_fix_opts fo = { 0 };
	int rc, first;

	rc = da_cmd_parse(&da_cmd_fix, argc, argv, fix_opt, &c, &first);
	if (rc != 0) {
		free(c.rules);
		return rc > 0 ? DA_EXIT_OK : DA_EXIT_ERROR;
	}
	rc = DA_EXIT_ERROR;
	if (argc - first != 1) {
		fprintf(stderr, "dockaudit fix: expected one RESULT file\nTry 'dockaudit fix --help'.\n");
		goto out;
	}
	if (da_saved_load(argv[first], c.benchmark, &s, &err) < 0)
		goto fail;
	if (c.tailoring && da_tailoring_load(c.tailoring, s->bench, &tail, &err) < 0)
		goto fail;
	if (da_run_choose_profile(c.profile, s->bench, tail, &fo.profile) < 0)
		goto out;
	fo.profile_given = fo.profile != NULL;
	if (c.waivers) {
		if (da_waivers_load(c.waivers, s->bench, &w, &err) < 0)
			goto fail;
		da_waivers_apply(w, da_waiver_today(), s->results);
	}
	fo.format = c.format && !strcmp(c.format, "sh") ? DA_FIX_SH : DA_FIX_ANSIBLE;
	fo.rules = c.rules;
	fo.n_rules = c.n_rules;
	fo.source = strcmp(argv[first], "-") ? argv[first] : "standard input";
	if (da_fix_plan_build(s, &fo, &plan, &err) < 0)
		goto fail;
	if (da_report_write_path(c.output ? c.output : "-", write_plan, plan, &err) < 0)
		goto fail;
	if (c.output && plan->n_manual)
		fprintf(stderr, "dockaudit fix: %zu rule%s fixed in %s; %zu thing%s left to a person (listed in it)\n",
			plan->n_steps, plan->n_steps == 1 ? "" : "s", c.output, plan->n_manual,
			plan->n_manual == 1 ? "" : "s");
	rc = DA_EXIT_OK;
	goto out;
fail:
	fprintf(stderr, "dockaudit: %s\n", err.msg);
out:
	da_fix_plan_free(plan);
	/* The results borrow the waivers: free them after. */
	da_saved_free(s);
	da_waivers_free(w);
	da_tailoring_free(tail);
	free(c.rules);
	return rc;
}

const struct da_cmd da_cmd_fix = {
	.name = "fix",
	.args = "[OPTION]... RESULT",
	.summary = "Write a remediation (Ansible playbook or shell script) for what a saved result found failing.",
	.options = fix_options,
	.run = fix_run,
	.exit_status = "0 the remediation was written, 1 the tool itself failed (a result that\n"
		       "cannot be read, an unknown --rule, an output that cannot be written).\n"
		       "See dockaudit(8).",
};
