/*
 * Unit tests for src/content/lint.c: a small benchmark (with an XIncluded
 * profile) written to a temporary directory lints clean; each variant of it
 * breaks one thing and gives exactly the expected "FILE:LINE: KIND ID:
 * what" lines; tailorings are linted too; the shipped benchmark is clean.
 * Fix bodies (fixcheck.c): the fixture tests/fixtures/content/lint/
 * fixes-xccdf.xml has one wrong fix per rule and right ones using <sub>
 * and <instance>; the YAML and shell checks alone on edge cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "content/fixcheck.h"
#include "content/lint.h"

#define RULE_A "xccdf_org.example_rule_a"
#define RULE_B "xccdf_org.example_rule_b"
#define CISREF "<reference href=\"https://www.cisecurity.org/benchmark/docker\">"

/* Line numbers below refer to these texts. */
static const char *const bench_lines[] = {
	/* 1 */ "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
	/* 2 */ "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" "
		"xmlns:xi=\"http://www.w3.org/2001/XInclude\" xmlns:da=\"urn:dockaudit:check:1\" "
		"id=\"xccdf_org.example_benchmark_lint\">",
	/* 3 */ "<status>draft</status>",
	/* 4 */ "<title>Lint fixture</title>",
	/* 5 */ "<version>1</version>",
	/* 6 */ "<xi:include href=\"profile.xml\"/>",
	/* 7 */ "<Value id=\"xccdf_org.example_value_levels\" type=\"string\">",
	/* 8 */ "<title>Levels</title>",
	/* 9 */ "<value>info</value>",
	/* 10 */ "</Value>",
	/* 11 */ "<Group id=\"xccdf_org.example_group_g\">",
	/* 12 */ "<title>Group</title>",
	/* 13 */ "<description>A group.</description>",
	/* 14 */ "<Rule id=\"" RULE_A "\" severity=\"high\">",
	/* 15 */ "<title>Rule A</title>",
	/* 16 */ "<description>Checks A.</description>",
	/* 17 */ CISREF "CIS Docker Benchmark v1.6.0: 2.2</reference>",
	/* 18 */ "<rationale>Because.</rationale>",
	/* 19 */ "<fixtext>Fix A.</fixtext>",
	/* 20 */ "<check system=\"urn:dockaudit:check:1\"><check-content><da:check>"
		 "<da:subjects kind=\"daemon\" path=\"/daemon\" name=\"dockerd\"/><da:assert>"
		 "<da:test path=\"/settings/log-level/value\" op=\"in\" "
		 "value-ref=\"xccdf_org.example_value_levels\"/></da:assert></da:check>"
		 "</check-content></check>",
	/* 21 */ "</Rule>",
	/* 22 */ "<Rule id=\"" RULE_B "\" severity=\"low\">",
	/* 23 */ "<title>Rule B</title>",
	/* 24 */ "<description>Checks B.</description>",
	/* 25 */ CISREF "CIS Docker Benchmark v1.6.0: 5.5</reference>",
	/* 26 */ "<rationale>Because.</rationale>",
	/* 27 */ "<fixtext>Fix B.</fixtext>",
	/* 28 */ "<check system=\"urn:dockaudit:check:1\"><check-content><da:check>"
		 "<da:subjects kind=\"container\" path=\"/containers/items\" name-path=\"/name\"/>"
		 "<da:manual>Is B right?</da:manual></da:check></check-content></check>",
	/* 29 */ "</Rule>",
	/* 30 */ "</Group>",
	/* 31 */ "</Benchmark>",
	NULL,
};

static const char *const profile_lines[] = {
	/* 1 */ "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
	/* 2 */ "<Profile xmlns=\"http://checklists.nist.gov/xccdf/1.2\" "
		"id=\"xccdf_org.example_profile_p\">",
	/* 3 */ "<title>P</title>",
	/* 4 */ "<description>Everything.</description>",
	/* 5 */ "<select idref=\"" RULE_A "\" selected=\"true\"/>",
	/* 6 */ "<select idref=\"" RULE_B "\" selected=\"true\"/>",
	/* 7 */ "</Profile>",
	NULL,
};

static const char *const tailoring_lines[] = {
	/* 1 */ "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
	/* 2 */ "<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" "
		"id=\"xccdf_org.example_tailoring_t\">",
	/* 3 */ "<benchmark href=\"b.xml\" id=\"xccdf_org.example_benchmark_lint\"/>",
	/* 4 */ "<version time=\"2026-11-25T00:00:00\">1</version>",
	/* 5 */ "<Profile id=\"xccdf_org.example_profile_none\" extends=\"xccdf_org.example_profile_p\">",
	/* 6 */ "<title>Nothing TODO</title>",
	/* 7 */ "<select idref=\"" RULE_A "\" selected=\"false\"/>",
	/* 8 */ "<select idref=\"" RULE_B "\" selected=\"false\"/>",
	/* 9 */ "",
	/* 10 */ "</Profile>",
	/* 11 */ "</Tailoring>",
	NULL,
};

/* A change to a file: line LINE (1-based) becomes TEXT. */
struct edit {
	int line;
	const char *text;
};

static char *dir, *top;
static char *bench_path, *profile_path, *tailoring_path;

static int setup(void **state)
{
	(void)state;
	/* Run by hand, this file is TOP/tests/unit/test_lint.c. */
	if (getenv("top_srcdir"))
		top = da_xstrdup(getenv("top_srcdir"));
	else
		top = da_xasprintf("%.*s/../..", (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__);
	/* The check schema comes from the source tree. */
	if (!getenv("DOCKAUDIT_DATADIR"))
		setenv("DOCKAUDIT_DATADIR", top, 1);
	dir = da_xstrdup("/tmp/da-test-lint-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	bench_path = da_xasprintf("%s/b.xml", dir);
	profile_path = da_xasprintf("%s/profile.xml", dir);
	tailoring_path = da_xasprintf("%s/t.xml", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(bench_path);
	unlink(profile_path);
	unlink(tailoring_path);
	rmdir(dir);
	free(bench_path);
	free(profile_path);
	free(tailoring_path);
	free(dir);
	free(top);
	return 0;
}

/* Write LINES to PATH with N EDITS applied. */
static void write_lines(const char *path, const char *const *lines, const struct edit *edits,
			size_t n)
{
	FILE *f = fopen(path, "w");
	const char *text;
	size_t i, k;

	assert_non_null(f);
	for (i = 0; lines[i]; i++) {
		text = lines[i];
		for (k = 0; k < n; k++) {
			if (edits[k].line == (int)i + 1)
				text = edits[k].text;
		}
		fprintf(f, "%s\n", text);
	}
	assert_int_equal(fclose(f), 0);
}

static void write_bench(const struct edit *e, size_t n)
{
	write_lines(bench_path, bench_lines, e, n);
	write_lines(profile_path, profile_lines, NULL, 0);
}

/* Compare L's problems with the NULL-terminated WANT, in which "B:" stands
 * for the benchmark's path, "P:" the profile's, "T:" the tailoring's and
 * "F:" FILE. */
static void compare_problems(const struct da_lint *l, const char *const *want, const char *file)
{
	size_t i, n = 0;
	char *w;

	while (want[n])
		n++;
	for (i = 0; i < l->n_problems || i < n; i++) {
		if (i >= l->n_problems)
			fail_msg("problem %zu missing: %s", i + 1, want[i]);
		if (i >= n)
			fail_msg("unexpected problem: %s", l->problems[i]);
		w = da_xasprintf("%s%s", want[i][0] == 'B' ? bench_path :
					 want[i][0] == 'P' ? profile_path :
					 want[i][0] == 'F' ? file : tailoring_path,
				 want[i] + 1);
		assert_string_equal(l->problems[i], w);
		free(w);
	}
}

/* Lint and compare the problems with WANT (compare_problems). */
static void expect_problems(const char *tailoring, const char *const *want)
{
	struct da_lint l = { 0 };

	da_lint_content(bench_path, tailoring, &l);
	compare_problems(&l, want, NULL);
	da_lint_clear(&l);
	assert_null(l.problems);
	assert_int_equal(l.n_problems, 0);
}

static const char *const none[] = { NULL };

static void test_clean(void **state)
{
	struct da_lint l = { 0 };
	char *w;

	(void)state;
	write_bench(NULL, 0);
	da_lint_content(bench_path, NULL, &l);
	assert_int_equal(l.n_problems, 0);
	assert_int_equal(l.n_rules, 2);
	assert_int_equal(l.n_groups, 1);
	assert_int_equal(l.n_values, 1);
	assert_int_equal(l.n_profiles, 1);
	/* Rule A is automated and has no message template: a warning. */
	assert_int_equal(l.n_warnings, 1);
	w = da_xasprintf("%s:14: rule " RULE_A ": warning: no message template (da:message): its "
			 "failures show the check's evidence, not a sentence", bench_path);
	assert_string_equal(l.warnings[0], w);
	free(w);
	da_lint_clear(&l);
	assert_null(l.warnings);
	da_lint_clear(NULL);
}

/* With a template, rule A is clean; a manual rule never needs one. */
static void test_message_template(void **state)
{
	const struct edit e[] = {
		{ 20, "<check system=\"urn:dockaudit:check:1\"><check-content><da:check>"
		      "<da:subjects kind=\"daemon\" path=\"/daemon\" name=\"dockerd\"/><da:assert>"
		      "<da:test path=\"/settings/log-level/value\" op=\"in\" "
		      "value-ref=\"xccdf_org.example_value_levels\"/></da:assert>"
		      "<da:message>{name} logs at {/settings/log-level/value} level</da:message></da:check>"
		      "</check-content></check>" },
	};
	struct da_lint l = { 0 };

	(void)state;
	write_bench(e, 1);
	da_lint_content(bench_path, NULL, &l);
	assert_int_equal(l.n_problems, 0);
	assert_int_equal(l.n_warnings, 0);
	da_lint_clear(&l);
}

static void test_rule_missing_everything(void **state)
{
	const struct edit e[] = {
		{ 14, "<Rule id=\"" RULE_A "\">" }, { 16, "" }, { 17, "" }, { 18, "" }, { 19, "" },
		{ 20, "<description> </description>" },
	};
	const char *const want[] = {
		"B:14: rule " RULE_A ": no description",
		"B:14: rule " RULE_A ": no rationale",
		"B:14: rule " RULE_A ": no fix text",
		"B:14: rule " RULE_A ": no severity (info, low, medium or high)",
		"B:14: rule " RULE_A ": no reference (a CIS number or another <reference>)",
		"B:14: rule " RULE_A ": no check in the dockaudit check language (urn:dockaudit:check:1)",
		"B:7: value xccdf_org.example_value_levels: referenced by no check or fix",
		NULL,
	};

	(void)state;
	write_bench(e, sizeof(e) / sizeof(e[0]));
	expect_problems(NULL, want);
}

static void test_prose(void **state)
{
	const struct edit e[] = {
		{ 15, "<title>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</title>" },
		{ 16, "<description>Checks A. TODO: say how.</description>" },
		{ 19, "<fixtext>Fix A.</fixtext><fix id=\"xccdf_org.example_fix_a\" system=\"urn:xccdf:fix:script:sh\">chmod 0644 /x # FIXME</fix><fix>true</fix>" },
		/* 100 characters in 200 bytes, and markers inside words: fine. */
		{ 23, "<title>\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9</title>" },
		{ 24, "<description>MASTODON TODOS XXXL</description>" },
		{ 28, "<check system=\"urn:dockaudit:check:1\"><check-content><da:check>"
		      "<da:subjects kind=\"container\" path=\"/containers/items\" name-path=\"/name\"/>"
		      "<da:manual>Is B right? XXX</da:manual></da:check></check-content></check>" },
	};
	const char *const want[] = {
		"B:14: rule " RULE_A ": leftover TODO in the description",
		"B:14: rule " RULE_A ": title is 101 characters long (at most 100)",
		"B:14: rule " RULE_A ": leftover FIXME in fix 1 xccdf_org.example_fix_a",
		"B:14: rule " RULE_A ": fix 2 has no system",
		"B:22: rule " RULE_B ": leftover XXX in the manual question",
		NULL,
	};

	(void)state;
	write_bench(e, sizeof(e) / sizeof(e[0]));
	expect_problems(NULL, want);
}

static void test_duplicates(void **state)
{
	const struct edit e[] = {
		{ 23, "<title>Rule A</title>" },
		{ 25, CISREF "CIS Docker Benchmark v1.6.0: 2.2</reference>" },
	};
	const char *const want[] = {
		"B:22: rule " RULE_B ": same title as rule " RULE_A " (line 14)",
		"B:22: rule " RULE_B ": CIS v1.6.0 2.2 is also the number of rule " RULE_A
		" (line 14); rules that share a CIS number must carry the same cluster-id",
		NULL,
	};

	(void)state;
	write_bench(e, sizeof(e) / sizeof(e[0]));
	expect_problems(NULL, want);
}

static void test_cis_shared_by_cluster(void **state)
{
	const struct edit same[] = {
		{ 14, "<Rule id=\"" RULE_A "\" severity=\"high\" cluster-id=\"cis-2.2\">" },
		{ 22, "<Rule id=\"" RULE_B "\" severity=\"low\" cluster-id=\"cis-2.2\">" },
		/* Other versions' numbers count apart: 2.2 in v1.8.0 is no clash. */
		{ 25, CISREF "CIS Docker Benchmark v1.6.0: 2.2</reference>" CISREF
			     "CIS Docker Benchmark v1.8.0: 2.2</reference>" },
	};
	const struct edit one_side[] = {
		{ 22, "<Rule id=\"" RULE_B "\" severity=\"low\" cluster-id=\"cis-2.2\">" },
		{ 25, CISREF "CIS Docker Benchmark v1.6.0: 2.2</reference>" },
	};
	const char *const want[] = {
		"B:22: rule " RULE_B ": CIS v1.6.0 2.2 is also the number of rule " RULE_A
		" (line 14); rules that share a CIS number must carry the same cluster-id",
		NULL,
	};

	(void)state;
	write_bench(same, sizeof(same) / sizeof(same[0]));
	expect_problems(NULL, none);
	write_bench(one_side, sizeof(one_side) / sizeof(one_side[0]));
	expect_problems(NULL, want);
}

static void test_selection(void **state)
{
	const char *const want[] = { "B:22: rule " RULE_B ": selected by no profile", NULL };
	/* Rule B is off by default, and the profile does not turn it on. */
	const struct edit off[] = { { 22, "<Rule id=\"" RULE_B "\" severity=\"low\" selected=\"false\">" } };
	const struct edit unmentioned[] = { { 6, "" } };

	(void)state;
	write_lines(bench_path, bench_lines, off, 1);
	write_lines(profile_path, profile_lines, unmentioned, 1);
	expect_problems(NULL, want);
	/* Selected by the profile although off by default: fine. */
	write_lines(profile_path, profile_lines, NULL, 0);
	expect_problems(NULL, none);
}

static void test_profile_selects_nothing(void **state)
{
	const struct edit p[] = {
		{ 4, "" },
		{ 5, "<select idref=\"xccdf_org.example_group_g\" selected=\"false\"/>" },
		{ 6, "" },
	};
	const char *const want[] = {
		"B:14: rule " RULE_A ": selected by no profile",
		"B:22: rule " RULE_B ": selected by no profile",
		"P:2: profile xccdf_org.example_profile_p: no description",
		"P:2: profile xccdf_org.example_profile_p: selects no rule",
		NULL,
	};

	(void)state;
	write_lines(bench_path, bench_lines, NULL, 0);
	write_lines(profile_path, profile_lines, p, sizeof(p) / sizeof(p[0]));
	expect_problems(NULL, want);
}

static void test_groups_and_profiles_missing(void **state)
{
	const struct edit e[] = {
		{ 6, "" },
		{ 12, "<title>Group: TODO</title>" },
		{ 13, "" },
		{ 30, "</Group><Group id=\"xccdf_org.example_group_empty\"><title>Empty</title>"
		      "<description>None.</description><Group id=\"xccdf_org.example_group_inner\">"
		      "<title>Inner</title><description>None.</description></Group></Group>" },
	};
	const char *const want[] = {
		"B:2: benchmark xccdf_org.example_benchmark_lint: no Profile (every rule should be selected by at least one)",
		"B:11: group xccdf_org.example_group_g: leftover TODO in the title",
		"B:11: group xccdf_org.example_group_g: no description",
		"B:30: group xccdf_org.example_group_empty: holds no rule",
		"B:30: group xccdf_org.example_group_inner: holds no rule",
		NULL,
	};

	(void)state;
	write_bench(e, sizeof(e) / sizeof(e[0]));
	expect_problems(NULL, want);
}

/* What the loader refuses is reported as the loader words it. */
static void test_load_errors(void **state)
{
	const struct edit dup[] = { { 22, "<Rule id=\"" RULE_A "\" severity=\"low\">" } };
	const struct edit bad[] = { { 22, "<Rule id=\"rule_b\" severity=\"low\">" } };
	const struct edit trunc[] = { { 31, "" } };
	char *want;
	struct da_lint l = { 0 };

	(void)state;
	write_bench(dup, 1);
	want = da_xasprintf("%s:22: duplicate id '" RULE_A "' (first at %s:14)", bench_path,
			    bench_path);
	da_lint_content(bench_path, NULL, &l);
	assert_int_equal(l.n_problems, 1);
	assert_string_equal(l.problems[0], want);
	assert_int_equal(l.n_rules, 0);
	free(want);
	da_lint_clear(&l);

	write_bench(bad, 1);
	want = da_xasprintf("%s:22: Rule id 'rule_b' does not match xccdf_<namespace>_rule_<name>",
			    bench_path);
	da_lint_content(bench_path, NULL, &l);
	assert_int_equal(l.n_problems, 1);
	assert_string_equal(l.problems[0], want);
	free(want);
	da_lint_clear(&l);

	/* Malformed XML: libxml2 words it; the place is ours. */
	write_bench(trunc, 1);
	want = da_xasprintf("%s:", bench_path);
	da_lint_content(bench_path, NULL, &l);
	assert_int_equal(l.n_problems, 1);
	assert_true(strncmp(l.problems[0], want, strlen(want)) == 0);
	free(want);
	da_lint_clear(&l);

	want = da_xasprintf("%s/absent.xml", dir);
	da_lint_content(want, NULL, &l);
	assert_int_equal(l.n_problems, 1);
	assert_non_null(strstr(l.problems[0], want));
	assert_non_null(strstr(l.problems[0], "No such file or directory"));
	free(want);
	da_lint_clear(&l);
}

static void test_tailoring(void **state)
{
	const char *const want[] = {
		"T:5: profile xccdf_org.example_profile_none: leftover TODO in the title",
		"T:5: profile xccdf_org.example_profile_none: no description",
		"T:5: profile xccdf_org.example_profile_none: selects no rule",
		NULL,
	};
	const struct edit fixed[] = {
		{ 6, "<title>Only A</title><description>Rule A alone.</description>" },
		{ 7, "" },
	};
	const struct edit other[] = {
		{ 3, "<benchmark href=\"b.xml\" id=\"xccdf_org.example_benchmark_other\"/>" },
	};
	struct da_lint l = { 0 };
	char *msg;

	(void)state;
	write_bench(NULL, 0);
	write_lines(tailoring_path, tailoring_lines, NULL, 0);
	expect_problems(tailoring_path, want);

	write_lines(tailoring_path, tailoring_lines, fixed, sizeof(fixed) / sizeof(fixed[0]));
	da_lint_content(bench_path, tailoring_path, &l);
	assert_int_equal(l.n_problems, 0);
	assert_int_equal(l.n_profiles, 2);
	da_lint_clear(&l);

	/* A tailoring for another benchmark: the loader's error. */
	write_lines(tailoring_path, tailoring_lines, other, 1);
	msg = da_xasprintf("%s:3: the tailoring is for benchmark 'xccdf_org.example_benchmark_other', "
			   "not 'xccdf_org.example_benchmark_lint' (%s)", tailoring_path, bench_path);
	da_lint_content(bench_path, tailoring_path, &l);
	assert_int_equal(l.n_problems, 1);
	assert_string_equal(l.problems[0], msg);
	free(msg);
	da_lint_clear(&l);
}

/* The content we ship must stay clean. */
static void test_shipped_benchmark(void **state)
{
	char *path = da_xasprintf("%s/benchmarks/dockaudit-docker-xccdf.xml", top);
	struct da_lint l = { 0 };
	size_t i;

	(void)state;
	da_lint_content(path, NULL, &l);
	for (i = 0; i < l.n_problems; i++)
		print_message("%s\n", l.problems[i]);
	for (i = 0; i < l.n_warnings; i++)
		print_message("%s\n", l.warnings[i]);
	assert_int_equal(l.n_problems, 0);
	/* Every automated rule of the shipped content has a message template. */
	assert_int_equal(l.n_warnings, 0);
	assert_true(l.n_rules > 0);
	assert_true(l.n_profiles > 0);
	da_lint_clear(&l);
	free(path);
}

/* ---- fix bodies ---- */

/* Lint FILE (under the source tree) and compare with WANT, in which "F:"
 * stands for the file's path. */
static void expect_file_problems(const char *file, const char *const *want)
{
	char *path = da_xasprintf("%s/%s", top, file);
	struct da_lint l = { 0 };

	da_lint_content(path, NULL, &l);
	compare_problems(&l, want, path);
	assert_int_equal(l.n_warnings, 0);
	assert_int_equal(l.n_rules, 7);
	da_lint_clear(&l);
	free(path);
}

#define FIXES "tests/fixtures/content/lint/fixes-xccdf.xml"
#define R "rule xccdf_org.example_rule_"
#define F "fix 1 xccdf_org.example_fix_"
/* The Ansible fixes' problems, which bash does not change. */
#define ANSIBLE_PROBLEMS \
	"F:29: " R "tab: " F "tab: line 3 is indented with a tab, which YAML forbids " \
	"and ansible-playbook refuses (3 lines in all)", \
	"F:43: " R "yaml: " F "yaml: line 6: YAML: found unexpected end of stream " \
	"(while scanning a quoted scalar at line 5)", \
	"F:57: " R "mapping: " F "mapping: line 2: a YAML mapping, not a list of tasks " \
	"(OpenSCAP pastes the fix under a play's tasks:)", \
	"F:70: " R "item: " F "item: line 5: item 2 of the task list is a scalar, " \
	"not a task (a mapping)",

/* Each wrong body, at its <fix> line, with the line within the body; the
 * right ones (sh, bash, Ansible with <sub> and <instance>, and a system
 * not checked) are not reported. */
static void test_fix_bodies(void **state)
{
	const char *const want[] = {
		ANSIBLE_PROBLEMS
		"F:84: " R "sh: " F "sh: bash -n: line 2: syntax error near unexpected token `then'",
		"F:95: " R "bashism: " F "bashism: /bin/sh -n: 2: Syntax error: \"(\" unexpected",
		NULL,
	};

	(void)state;
	expect_file_problems(FIXES, want);
}

/* Without bash, that is one problem, at the first fix it would have
 * checked; /bin/sh still checks the sh fixes. */
static void test_fix_without_bash(void **state)
{
	const char *const want[] = {
		ANSIBLE_PROBLEMS
		"F:84: " R "sh: " F "sh: bash is not found in PATH, so no shell fix is checked "
		"with bash -n",
		"F:84: " R "sh: " F "sh: /bin/sh -n: 2: Syntax error: \"then\" unexpected",
		"F:95: " R "bashism: " F "bashism: /bin/sh -n: 2: Syntax error: \"(\" unexpected",
		NULL,
	};
	char *path = da_xstrdup(getenv("PATH"));

	(void)state;
	setenv("PATH", dir, 1);
	expect_file_problems(FIXES, want);
	setenv("PATH", path, 1);
	free(path);
}

#undef R
#undef F

struct body_case {
	const char *body;
	const char *want; /* NULL: fine */
};

static const struct body_case ansible_cases[] = {
	{ "- name: a\n  ansible.builtin.debug:\n    msg: x\n", NULL },
	{ "# comment\n\n- name: a\n  ansible.builtin.debug: {}\n", NULL },
	{ "[{name: a, ansible.builtin.debug: {}}]", NULL },
	/* an alias of a task is a task */
	{ "- &t {name: a, ansible.builtin.debug: {}}\n- *t\n", NULL },
	/* a tab after the indentation, and blank lines of tabs, are fine */
	{ "- name: a\n  ansible.builtin.shell: echo\ta\n\t\n", NULL },
	{ "- name: a\n \tansible.builtin.debug: {}\n",
	  "line 2 is indented with a tab, which YAML forbids and ansible-playbook refuses" },
	{ "---\n- name: a\n  ansible.builtin.debug: {}\n",
	  "line 1: a YAML document start (--- or a directive), which cannot stand under a play's tasks:" },
	{ "- name: a\n  ansible.builtin.debug: {}\n...\n",
	  "line 3: a YAML document end (...), which cannot stand under a play's tasks:" },
	{ "- name: a\n  ansible.builtin.debug: {}\n---\n- name: b\n",
	  "line 3: a second YAML document; the fix must be one task list" },
	{ "[]", "an empty list: no task" },
	{ "# nothing but this\n", "no YAML document (comments only): no task" },
	{ "restart docker", "line 1: a YAML scalar, not a list of tasks (OpenSCAP pastes the fix under a play's tasks:)" },
	{ "- - a\n", "line 1: item 1 of the task list is a list, not a task (a mapping)" },
	{ "- name: a\n  b: c\n d: e\n",
	  "line 3: YAML: did not find expected '-' indicator (while parsing a block collection at line 1)" },
	{ "- name: \"\xff\"\n", "line 1: YAML: invalid leading UTF-8 octet" },
};

static void test_fixcheck_ansible(void **state)
{
	size_t i;
	char *what;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(ansible_cases) / sizeof(ansible_cases[0]); i++) {
		const struct body_case *c = &ansible_cases[i];

		rc = da_fixcheck_ansible(c->body, &what);
		if (!c->want && rc != 0)
			fail_msg("case %zu: %s", i, what);
		if (c->want) {
			assert_int_equal(rc, -1);
			assert_string_equal(what, c->want);
		}
		free(what);
	}
}

/* BODY repeated until it is at least N bytes long, then TAIL. */
static char *repeat(const char *body, size_t n, const char *tail)
{
	size_t k = strlen(body), len = 0;
	char *s = da_xmalloc(n + k + strlen(tail) + 1);

	while (len < n) {
		memcpy(s + len, body, k);
		len += k;
	}
	strcpy(s + len, tail);
	return s;
}

static void test_fixcheck_shell(void **state)
{
	char *big = repeat("echo 'a line of the fix'\n", 1u << 20, "");
	char *early = repeat("echo 'a line of the fix'\n", 1u << 20, "");
	char *what;

	(void)state;
	/* More than a pipe holds, both ways of passing the syntax check. */
	assert_int_equal(da_fixcheck_shell("bash", big, &what), 0);
	assert_null(what);
	assert_int_equal(da_fixcheck_shell("/bin/sh", big, &what), 0);
	/* The shell stops reading at the first line: we are not killed by
	 * SIGPIPE, and its message comes back. */
	memcpy(early, "fi\n", 3);
	assert_int_equal(da_fixcheck_shell("bash", early, &what), 1);
	assert_string_equal(what, "line 1: syntax error near unexpected token `fi'");
	free(what);
	assert_int_equal(da_fixcheck_shell("bash", "", &what), 0);
	/* A warning on a zero exit is reported too. */
	assert_int_equal(da_fixcheck_shell("bash", "cat <<EOF\nno end\n", &what), 1);
	assert_non_null(strstr(what, "here-document at line 1 delimited by end-of-file"));
	free(what);
	/* A "shell" that fails without a word. */
	assert_int_equal(da_fixcheck_shell("false", "true", &what), 1);
	assert_string_equal(what, "exited with status 1");
	free(what);
	assert_int_equal(da_fixcheck_shell("/nonexistent/sh", "true", &what), -1);
	assert_string_equal(what, "/nonexistent/sh is not found");
	free(what);
	assert_int_equal(da_fixcheck_shell("da-no-such-shell", "true", &what), -1);
	assert_string_equal(what, "da-no-such-shell is not found in PATH");
	free(what);
	free(big);
	free(early);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_message_template),
		cmocka_unit_test(test_rule_missing_everything),
		cmocka_unit_test(test_prose),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_cis_shared_by_cluster),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_profile_selects_nothing),
		cmocka_unit_test(test_groups_and_profiles_missing),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_tailoring),
		cmocka_unit_test(test_fix_bodies),
		cmocka_unit_test(test_fix_without_bash),
		cmocka_unit_test(test_fixcheck_ansible),
		cmocka_unit_test(test_fixcheck_shell),
		cmocka_unit_test(test_shipped_benchmark),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
