/*
 * dockaudit rules: what the content holds and what the selected profile
 * would check, as tab-separated lines or as the Markdown rule table that
 * docs/RULES.md is generated from; and --lint, the review of content
 * (lint.h) that site rules and the shipped benchmark must pass.
 */
#include "cli/cmd.h"
#include "cli/opts.h"
#include "common/xalloc.h"
#include "content/benchmark.h"
#include "content/describe.h"
#include "content/lint.h"
#include "content/tailoring.h"
#include "engine/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct da_option opt_all = {
	.name = "all", .short_name = 'a', .help = "list rules the profile does not select too",
};
static const struct da_option opt_profiles = {
	.name = "list-profiles", .help = "list the benchmark's profiles instead of its rules",
};
static const struct da_option opt_format = {
	.name = "format", .arg = "FORMAT",
	.help = "list rules as tsv (the default) or markdown (the rule table of docs/RULES.md)",
};
static const struct da_option opt_lint = {
	.name = "lint",
	.help = "check the content (FILE, else the benchmark) and its tailoring; exit 1 on problems",
};

static const struct da_option *const rules_options[] = {
	&da_opt_benchmark, &da_opt_profile, &da_opt_tailoring, &opt_all, &opt_profiles,
	&opt_format, &opt_lint, NULL,
};

struct rules_opts {
	struct da_run_opts run;
	int all;
	int profiles;
	int lint;
	const char *format;
};

/* What a listing format reads. */
struct listing {
	const struct da_benchmark *b;
	const struct da_tailoring *t; /* NULL: none */
	const struct da_profile *p;   /* the profile chosen, NULL: default selection */
	int all;                      /* list rules P does not select too */
};

struct rules_format {
	const char *name;
	void (*list)(const struct listing *ls);
};

static int rules_opt(const struct da_option *opt, const char *arg, void *ctx)
{
	struct rules_opts *r = ctx;

	if (opt == &opt_all)
		r->all = 1;
	else if (opt == &opt_profiles)
		r->profiles = 1;
	else if (opt == &opt_lint)
		r->lint = 1;
	else if (opt == &opt_format)
		r->format = arg;
	else
		return da_run_opt(opt, arg, &r->run);
	return 0;
}

static void list_profiles(const struct listing *ls)
{
	const struct da_tailoring *t = ls->t;
	const struct da_benchmark *b = ls->b;
	size_t i;

	for (i = 0; i < b->n_profiles; i++)
		printf("%s\t%s\n", b->profiles[i].id, b->profiles[i].title ? b->profiles[i].title : "");
	for (i = 0; t && i < t->n_profiles; i++)
		printf("%s\t%s\t(tailoring)\n", t->profiles[i].id,
		       t->profiles[i].title ? t->profiles[i].title : "");
}

/* ---- tsv: one line a rule ---- */

static void list_tsv(const struct listing *ls)
{
	const struct da_item *it;
	bool sel;
	size_t i;

	for (i = 0; i < ls->b->n_rules; i++) {
		it = ls->b->rules[i];
		sel = da_rule_selected(it, ls->p);
		if (!sel && !ls->all)
			continue;
		printf("%s\t%s\t%s\t%s%s\n", it->id, it->rule->cis ? it->rule->cis : "-",
		       da_severity_name(da_item_refined(it, ls->p).severity),
		       it->title ? it->title : "", sel ? "" : "\t(not selected)");
	}
}

/* ---- markdown: a table per group ---- */

/* Text in a table cell, with Markdown's punctuation escaped. */
static void md_text(const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			putchar('\\');
		putchar(*s == '\n' ? ' ' : *s);
	}
}

static size_t longest_backtick_run(const char *s)
{
	size_t run = 0, best = 0;

	for (; *s; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/* A code span in a table cell: delimited by more backticks than it holds,
 * its pipes escaped (GFM tables split cells on them even in code). */
static void md_code(const char *s)
{
	size_t i, n = longest_backtick_run(s) + 1;
	bool pad = s[0] == '`' || (*s && s[strlen(s) - 1] == '`');

	for (i = 0; i < n; i++)
		putchar('`');
	if (pad)
		putchar(' ');
	for (; *s; s++) {
		if (*s == '|')
			putchar('\\');
		putchar(*s == '\n' ? ' ' : *s);
	}
	if (pad)
		putchar(' ');
	for (i = 0; i < n; i++)
		putchar('`');
}

static bool listed(const struct listing *ls, const struct da_item *it)
{
	return ls->all || da_rule_selected(it, ls->p);
}

static void md_profiles_cell(const struct listing *ls, const struct da_item *it)
{
	const struct da_profile *ps[2] = { ls->b->profiles, ls->t ? ls->t->profiles : NULL };
	size_t ns[2] = { ls->b->n_profiles, ls->t ? ls->t->n_profiles : 0 };
	size_t k, i, shown = 0;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < ns[k]; i++) {
			if (!da_rule_selected(it, &ps[k][i]))
				continue;
			printf("%s", shown++ ? ", " : "");
			md_text(da_id_short(ps[k][i].id, "profile"));
		}
	}
	if (!shown)
		printf("-");
}

static void md_check_cell(const struct da_item *it)
{
	char *how = da_rule_describe(it->rule);

	if (da_rule_automation(it->rule) == DA_AUTO_AUTOMATED)
		md_code(how);
	else
		md_text(how);
	free(how);
}

static void md_row(const struct listing *ls, const struct da_item *it, char **versions)
{
	char *num;
	size_t i;

	printf("|");
	for (i = 0; versions[i]; i++) {
		num = da_rule_cis_number(it->rule, versions[i]);
		printf(" %s |", num ? num : "-");
		free(num);
	}
	printf(" ");
	md_code(da_id_short(it->id, "rule"));
	printf(" | ");
	md_text(it->title);
	printf(" | %s | ", da_automation_name(da_rule_automation(it->rule)));
	md_profiles_cell(ls, it);
	printf(" | %s | ", da_severity_name(da_item_refined(it, ls->p).severity));
	md_check_cell(it);
	printf(" |\n");
}

static void md_table_head(char **versions)
{
	size_t i;

	printf("|");
	for (i = 0; versions[i]; i++)
		printf(" CIS %s%s |", *versions[i] ? "v" : "", versions[i]);
	printf(" Rule | Title | Type | Profiles | Severity | How it is checked |\n|");
	for (i = 0; versions[i]; i++)
		printf("---|");
	printf("---|---|---|---|---|---|\n");
}

static bool subtree_listed(const struct listing *ls, const struct da_item *g)
{
	size_t i;

	for (i = 0; i < g->n_children; i++) {
		const struct da_item *c = g->children[i];

		if (c->kind == DA_ITEM_RULE ? listed(ls, c) : subtree_listed(ls, c))
			return true;
	}
	return false;
}

/* Group G at heading level DEPTH: its title, a table of its own rules,
 * then its subgroups. The benchmark itself (DEPTH 1) has no heading. */
static void md_group(const struct listing *ls, const struct da_item *g, int depth,
		     char **versions)
{
	bool head = false;
	size_t i;

	if (!subtree_listed(ls, g))
		return;
	if (depth > 1) {
		printf("\n%.*s ", depth > 6 ? 6 : depth, "######");
		md_text(g->title ? g->title : g->id);
		printf("\n");
	}
	for (i = 0; i < g->n_children; i++) {
		const struct da_item *c = g->children[i];

		if (c->kind != DA_ITEM_RULE || !listed(ls, c))
			continue;
		if (!head) {
			printf("\n");
			md_table_head(versions);
			head = true;
		}
		md_row(ls, c, versions);
	}
	for (i = 0; i < g->n_children; i++) {
		if (g->children[i]->kind == DA_ITEM_GROUP)
			md_group(ls, g->children[i], depth + 1, versions);
	}
}

static void md_profile_legend(const struct da_profile *ps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		printf("- ");
		md_code(da_id_short(ps[i].id, "profile"));
		printf(" (");
		md_code(ps[i].id);
		printf("): ");
		md_text(ps[i].title);
		printf("\n");
	}
}

static void md_summary(const struct listing *ls)
{
	size_t i, count[3] = { 0 }, n = 0;

	for (i = 0; i < ls->b->n_rules; i++) {
		if (!listed(ls, ls->b->rules[i]))
			continue;
		count[da_rule_automation(ls->b->rules[i]->rule)]++;
		n++;
	}
	printf("%zu rules: %zu automated, %zu manual", n, count[DA_AUTO_AUTOMATED],
	       count[DA_AUTO_MANUAL]);
	if (count[DA_AUTO_NONE])
		printf(", %zu without a check", count[DA_AUTO_NONE]);
	printf(".\n\nProfiles (the Profiles column names those that select the rule):\n\n");
	md_profile_legend(ls->b->profiles, ls->b->n_profiles);
	if (ls->t)
		md_profile_legend(ls->t->profiles, ls->t->n_profiles);
}

static void list_markdown(const struct listing *ls)
{
	size_t n;
	char **versions = da_benchmark_cis_versions(ls->b, &n);

	printf("# The rules of ");
	md_text(ls->b->title);
	printf(" (version ");
	md_text(ls->b->version);
	printf(")\n\n");
	printf("Generated from the content by `dockaudit rules --format markdown`; do not edit.\n"
	       "Type: automated, or manual (a reviewer answers the question; the result is\n"
	       "notchecked). How it is checked: the subjects, then the test on their facts\n"
	       "(see dockaudit-content(5) for the check language and dockaudit-facts(5) for\n"
	       "the facts).\n\n");
	if (n > 1)
		printf("A later benchmark version's column shows a number only where the rule\n"
		       "carries a reference to that version (where numbering changed); \"-\"\n"
		       "otherwise.\n\n");
	if (ls->all)
		printf("Listed: every rule.\n\n");
	else if (ls->p)
		printf("Listed: the rules profile %s selects.\n\n", ls->p->id);
	else
		printf("Listed: the rules the benchmark selects by default.\n\n");
	md_summary(ls);
	md_group(ls, &ls->b->root, 1, versions);
	da_strv_free(versions);
}

static const struct rules_format formats[] = {
	{ .name = "tsv", .list = list_tsv },
	{ .name = "markdown", .list = list_markdown },
	{ .name = NULL },
};

static const struct rules_format *find_format(const char *name)
{
	const struct rules_format *f;

	for (f = formats; f->name; f++) {
		if (strcmp(f->name, name) == 0)
			return f;
	}
	fprintf(stderr, "dockaudit rules: unknown format '%s' (tsv, markdown)\n", name);
	return NULL;
}

/* ---- running ---- */

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static int run_lint(const struct rules_opts *r, const char *file)
{
	struct da_lint l = { 0 };
	char *path = file ? da_xstrdup(file) :
		     r->run.benchmark ? da_xstrdup(r->run.benchmark) : da_default_benchmark_path();
	size_t i;
	int rc;

	da_lint_content(path, r->run.tailoring, &l);
	for (i = 0; i < l.n_problems; i++)
		printf("%s\n", l.problems[i]);
	for (i = 0; i < l.n_warnings; i++)
		printf("%s\n", l.warnings[i]);
	printf("%s%s%s: ", path, r->run.tailoring ? " with " : "",
	       r->run.tailoring ? r->run.tailoring : "");
	if (l.n_problems)
		printf("%zu problem%s", l.n_problems, plural(l.n_problems));
	else
		printf("no problems");
	if (l.n_warnings)
		printf(", %zu warning%s", l.n_warnings, plural(l.n_warnings));
	if (l.n_problems)
		printf("\n");
	else
		printf(" (%zu rule%s, %zu group%s, %zu value%s, %zu profile%s)\n",
		       l.n_rules, plural(l.n_rules), l.n_groups, plural(l.n_groups), l.n_values,
		       plural(l.n_values), l.n_profiles, plural(l.n_profiles));
	rc = l.n_problems ? DA_EXIT_ERROR : DA_EXIT_OK;
	da_lint_clear(&l);
	free(path);
	return rc;
}

static int run_list(const struct rules_opts *r, const struct rules_format *f)
{
	struct listing ls = { .all = r->all };
	struct da_benchmark *b;
	struct da_tailoring *t;

	if (da_run_load_content(&r->run, &b, &t, &ls.p) < 0)
		return DA_EXIT_ERROR;
	ls.b = b;
	ls.t = t;
	if (r->profiles)
		list_profiles(&ls);
	else
		f->list(&ls);
	da_tailoring_free(t);
	da_benchmark_free(b);
	return DA_EXIT_OK;
}

/* The combinations that make no sense; printed, -1. */
static int check_args(const struct rules_opts *r, int nargs)
{
	const char *why = NULL;

	if (nargs > 1 || (nargs == 1 && !r->lint))
		why = "unexpected argument (only --lint takes a FILE)";
	else if (r->lint && (r->all || r->profiles || r->format || r->run.profile))
		why = "--lint checks the whole content; it takes no --all, --list-profiles, --format or --profile";
	else if (r->lint && nargs == 1 && r->run.benchmark)
		why = "give the content to lint either as FILE or with --benchmark, not both";
	else if (r->profiles && r->format)
		why = "--format applies to the list of rules, not to --list-profiles";
	if (!why)
		return 0;
	fprintf(stderr, "dockaudit rules: %s\n", why);
	return -1;
}

static int rules_run(int argc, char **argv)
{
	struct rules_opts r = { 0 };
	const struct rules_format *f = &formats[0];
	int rc, first;

	rc = da_cmd_parse(&da_cmd_rules, argc, argv, rules_opt, &r, &first);
	if (rc != 0)
		return rc > 0 ? DA_EXIT_OK : DA_EXIT_ERROR;
	if (check_args(&r, argc - first) < 0)
		return DA_EXIT_ERROR;
	if (r.format && !(f = find_format(r.format)))
		return DA_EXIT_ERROR;
	if (r.lint)
		return run_lint(&r, first < argc ? argv[first] : NULL);
	return run_list(&r, f);
}

const struct da_cmd da_cmd_rules = {
	.name = "rules",
	.args = "[OPTION]... [FILE]",
	.summary = "List the rules of the selected profile (id, CIS number, severity, title), or lint content.",
	.options = rules_options,
	.run = rules_run,
	.exit_status = "0 the rules were listed (with --lint: no problem found),\n"
		       "1 the tool itself failed, or --lint found a problem. See dockaudit(8).",
};
