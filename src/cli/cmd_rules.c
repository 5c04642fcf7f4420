/*
 * dockaudit rules: what the selected profile would check, one line a rule
 * (id, CIS number, severity, title), so a site can review its selection
 * before it audits anything.
 */
#include "cli/cmd.h"
#include "cli/opts.h"
#include "common/xalloc.h"
#include "content/benchmark.h"
#include "engine/eval.h"

#include <stdio.h>
#include <stdlib.h>

static const struct da_option opt_all = {
	.name = "all", .short_name = 'a', .help = "list rules the profile does not select too",
};
static const struct da_option opt_profiles = {
	.name = "list-profiles", .help = "list the benchmark's profiles instead of its rules",
};

static const struct da_option *const rules_options[] = {
	&da_opt_benchmark, &da_opt_profile, &opt_all, &opt_profiles, NULL,
};

struct rules_opts {
	struct da_run_opts run;
	int all;
	int profiles;
};

static int rules_opt(const struct da_option *opt, const char *arg, void *ctx)
{
	struct rules_opts *r = ctx;

	if (opt == &opt_all)
		r->all = 1;
	else if (opt == &opt_profiles)
		r->profiles = 1;
	else
		return da_run_opt(opt, arg, &r->run);
	return 0;
}

static void list_profiles(const struct da_benchmark *b)
{
	size_t i;

	for (i = 0; i < b->n_profiles; i++)
		printf("%s\t%s\n", b->profiles[i].id, b->profiles[i].title ? b->profiles[i].title : "");
}

static void list_rules(const struct da_benchmark *b, const struct da_profile *p, int all)
{
	const struct da_item *it;
	bool sel;
	size_t i;

	for (i = 0; i < b->n_rules; i++) {
		it = b->rules[i];
		sel = da_rule_selected(it, p);
		if (!sel && !all)
			continue;
		printf("%s\t%s\t%s\t%s%s\n", it->id, it->rule->cis ? it->rule->cis : "-",
		       da_severity_name(it->rule->severity), it->title ? it->title : "",
		       sel ? "" : "\t(not selected)");
	}
}

static int rules_run(int argc, char **argv)
{
	struct rules_opts r = { 0 };
	struct da_benchmark *b = NULL;
	struct da_err err = { { 0 } };
	const char *pid = NULL;
	char *path;
	int rc, first;

	rc = da_cmd_parse(&da_cmd_rules, argc, argv, rules_opt, &r, &first);
	if (rc != 0)
		return rc > 0 ? DA_EXIT_OK : DA_EXIT_ERROR;
	if (first < argc) {
		fprintf(stderr, "dockaudit rules: unexpected argument '%s'\n", argv[first]);
		return DA_EXIT_ERROR;
	}
	path = r.run.benchmark ? da_xstrdup(r.run.benchmark) : da_default_benchmark_path();
	rc = DA_EXIT_ERROR;
	if (da_benchmark_load(path, &b, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		goto out;
	}
	if (r.run.profile && !(pid = da_run_find_profile(b, r.run.profile))) {
		fprintf(stderr, "dockaudit: %s: no profile '%s'\n", path, r.run.profile);
		goto out;
	}
	if (r.profiles)
		list_profiles(b);
	else
		list_rules(b, pid ? da_benchmark_profile(b, pid) : NULL, r.all);
	rc = DA_EXIT_OK;
out:
	da_benchmark_free(b);
	free(path);
	return rc;
}

const struct da_cmd da_cmd_rules = {
	.name = "rules",
	.args = "[OPTION]...",
	.summary = "List the rules of the selected profile: id, CIS number, severity, title.",
	.options = rules_options,
	.run = rules_run,
};
