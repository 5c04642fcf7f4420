/*
 * Unit tests for src/engine/ops.c: every operator on true, false and error
 * cases (the table test below insists each has all three), the exact error
 * messages, da_json_brief, the descriptor table, and that the op
 * enumeration of benchmarks/dockaudit-check-1.xsd is exactly da_ops.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "engine/ops.h"

#define T DA_TRI_TRUE
#define F DA_TRI_FALSE
#define E DA_TRI_ERROR

struct op_case {
	const char *op;
	const char *fact;    /* JSON text */
	const char *operand; /* NULL for ops without one */
	enum da_tri want;
	const char *why;     /* the exact error message (prefix when it ends in '*') */
};

static const struct op_case cases[] = {
	/* equals: compared as the fact's JSON type */
	{ "equals", "true", "true", T, NULL },
	{ "equals", "false", "true", F, NULL },
	{ "equals", "true", "yes", E, "operand \"yes\" is not true or false (the fact is a boolean)" },
	{ "equals", "false", "0", E, "operand \"0\" is not true or false (the fact is a boolean)" },
	{ "equals", "5", "5", T, NULL },
	{ "equals", "5", "5.0", T, NULL },
	{ "equals", "5", "+5", T, NULL },
	{ "equals", "5", "6", F, NULL },
	{ "equals", "-2", "-2", T, NULL },
	{ "equals", "1.5", "1.5", T, NULL },
	{ "equals", "1.5", "1.25", F, NULL },
	{ "equals", "9007199254740993", "9007199254740992", F, NULL }, /* exact integers */
	{ "equals", "5", "five", E, "operand \"five\" is not a number (the fact is a number)" },
	{ "equals", "5", "0x5", E, "operand \"0x5\" is not a number (the fact is a number)" },
	{ "equals", "5", " 5", E, "operand \" 5\" is not a number (the fact is a number)" },
	{ "equals", "5", "inf", E, "operand \"inf\" is not a number (the fact is a number)" },
	{ "equals", "5", "", E, "operand \"\" is not a number (the fact is a number)" },
	{ "equals", "\"host\"", "host", T, NULL },
	{ "equals", "\"host\"", "Host", F, NULL },
	{ "equals", "\"\"", "", T, NULL },
	{ "equals", "\"true\"", "true", T, NULL },
	{ "equals", "null", "null", T, NULL },
	{ "equals", "null", "", F, NULL },
	{ "equals", "[1]", "1", E, "expected a boolean, number, string or null, found array [1]" },
	{ "equals", "{}", "x", E, "expected a boolean, number, string or null, found object {}" },
	{ "not-equals", "\"bridge\"", "host", T, NULL },
	{ "not-equals", "\"host\"", "host", F, NULL },
	{ "not-equals", "0", "1", T, NULL },
	{ "not-equals", "true", "maybe", E,
	  "operand \"maybe\" is not true or false (the fact is a boolean)" },
	/* matches: POSIX ERE, strings only */
	{ "matches", "\"/var/run/docker.sock\"", "(^|/)docker\\.sock$", T, NULL },
	{ "matches", "\"/run\"", "^(/var)?/run/?$", T, NULL },
	{ "matches", "\"/data\"", "(^|/)docker\\.sock$", F, NULL },
	{ "matches", "\"abc\"", "B", F, NULL }, /* case-sensitive */
	{ "matches", "5", "5", E, "expected a string, found integer 5" },
	{ "matches", "\"x\"", "(", E, "bad regular expression \"(\": *" },
	{ "not-matches", "\"/data\"", "docker\\.sock$", T, NULL },
	{ "not-matches", "\"/docker.sock\"", "docker\\.sock$", F, NULL },
	{ "not-matches", "[\"a\"]", "a", E, "expected a string, found array [a]" },
	/* in / not-in: items separated by commas or white space */
	{ "in", "\"info\"", "info", T, NULL },
	{ "in", "\"debug\"", "info,debug", T, NULL },
	{ "in", "\"error\"", " info debug\n\terror ", T, NULL },
	{ "in", "\"warn\"", "info, debug", F, NULL },
	{ "in", "\"info debug\"", "info debug", F, NULL },
	{ "in", "\"x\"", "", F, NULL },
	{ "in", "3", "1 2 3", T, NULL },
	{ "in", "3", "1, 2", F, NULL },
	{ "in", "3", "1 two 3", E, "operand \"two\" is not a number (the fact is a number)" },
	{ "in", "true", "false true", T, NULL },
	{ "in", "null", "null", T, NULL },
	{ "in", "[\"a\"]", "a", E, "expected a scalar, found array [a]" },
	{ "in", "{\"a\": 1}", "a", E, "expected a scalar, found object {...}" },
	{ "not-in", "\"warn\"", "info debug", T, NULL },
	{ "not-in", "\"info\"", "info debug", F, NULL },
	{ "not-in", "{}", "a", E, "expected a scalar, found object {}" },
	/* subset-of: an array of strings */
	{ "subset-of", "[\"CAP_CHOWN\"]", "CAP_CHOWN CAP_KILL", T, NULL },
	{ "subset-of", "[]", "CAP_CHOWN", T, NULL },
	{ "subset-of", "[\"CAP_KILL\", \"CAP_CHOWN\"]", "CAP_CHOWN,CAP_KILL", T, NULL },
	{ "subset-of", "[\"CAP_SYS_ADMIN\", \"CAP_CHOWN\"]", "CAP_CHOWN CAP_KILL", F, NULL },
	{ "subset-of", "[\"CAP\"]", "CAP_CHOWN", F, NULL },
	{ "subset-of", "[\"a\"]", "", F, NULL },
	{ "subset-of", "\"CAP_CHOWN\"", "CAP_CHOWN", E,
	  "expected an array of strings, found string \"CAP_CHOWN\"" },
	{ "subset-of", "[\"a\", 1]", "a", E, "expected an array of strings, found integer 1 at index 1" },
	{ "subset-of", "null", "a", E, "expected an array of strings, found null" },
	/* contains / not-contains: an array item or a substring */
	{ "contains", "[\"a\", \"b\"]", "b", T, NULL },
	{ "contains", "[\"a\"]", "c", F, NULL },
	{ "contains", "[]", "c", F, NULL },
	{ "contains", "[1, 2]", "2", T, NULL },
	{ "contains", "[1, \"x\"]", "x", T, NULL }, /* items of another type never match */
	{ "contains", "[true]", "true", T, NULL },
	{ "contains", "\"hello world\"", "lo w", T, NULL },
	{ "contains", "\"abc\"", "d", F, NULL },
	{ "contains", "5", "5", E, "expected an array or a string, found integer 5" },
	{ "not-contains", "[\"a\"]", "b", T, NULL },
	{ "not-contains", "\"--icc=false\"", "icc", F, NULL },
	{ "not-contains", "true", "t", E, "expected an array or a string, found boolean true" },
	/* mode-at-most: no permission bit the operand lacks */
	{ "mode-at-most", "\"0644\"", "0644", T, NULL },
	{ "mode-at-most", "\"0640\"", "0644", T, NULL },
	{ "mode-at-most", "\"0600\"", "0644", T, NULL },
	{ "mode-at-most", "\"0000\"", "0644", T, NULL },
	{ "mode-at-most", "\"0664\"", "0644", F, NULL },
	{ "mode-at-most", "\"0666\"", "0644", F, NULL },
	{ "mode-at-most", "\"0755\"", "0644", F, NULL },
	{ "mode-at-most", "\"0700\"", "0644", F, NULL }, /* stricter overall, but u+x */
	{ "mode-at-most", "\"04755\"", "0755", F, NULL }, /* setuid */
	{ "mode-at-most", "\"0611\"", "0644", F, NULL },  /* below 0644 as a number, but g+x */
	{ "mode-at-most", "\"0077\"", "0644", F, NULL },
	{ "mode-at-most", "\"644\"", "0644", T, NULL },
	{ "mode-at-most", "\"0600\"", "600", T, NULL },
	{ "mode-at-most", "420", "0644", T, NULL },        /* 0644 as an integer */
	{ "mode-at-most", "436", "0644", F, NULL },        /* 0664 */
	{ "mode-at-most", "4095", "7777", T, NULL },
	{ "mode-at-most", "\"rw\"", "0644", E,
	  "expected a mode (an octal string such as \"0644\", or an integer), found string \"rw\"" },
	{ "mode-at-most", "\"0888\"", "0644", E,
	  "expected a mode (an octal string such as \"0644\", or an integer), found string \"0888\"" },
	{ "mode-at-most", "\"\"", "0644", E,
	  "expected a mode (an octal string such as \"0644\", or an integer), found string \"\"" },
	{ "mode-at-most", "70000", "0644", E,
	  "expected a mode (an octal string such as \"0644\", or an integer), found integer 70000" },
	{ "mode-at-most", "-1", "0644", E,
	  "expected a mode (an octal string such as \"0644\", or an integer), found integer -1" },
	{ "mode-at-most", "420.0", "0644", E,
	  "expected a mode (an octal string such as \"0644\", or an integer), found real 420" },
	{ "mode-at-most", "\"0644\"", "rw", E, "operand \"rw\" is not an octal mode such as \"0644\"" },
	{ "mode-at-most", "\"0644\"", "0x1a4", E,
	  "operand \"0x1a4\" is not an octal mode such as \"0644\"" },
	{ "mode-at-most", "\"0644\"", "", E, "operand \"\" is not an octal mode such as \"0644\"" },
	/* numeric comparisons: JSON numbers only */
	{ "less-than", "5", "10", T, NULL },
	{ "less-than", "10", "10", F, NULL },
	{ "less-than", "10.5", "11", T, NULL },
	{ "less-than", "-3", "-2.5", T, NULL },
	{ "less-than", "\"5\"", "10", E, "expected a number, found string \"5\"" },
	{ "less-than", "5", "ten", E, "operand \"ten\" is not a number" },
	{ "less-or-equal", "10", "10", T, NULL },
	{ "less-or-equal", "11", "10", F, NULL },
	{ "less-or-equal", "null", "10", E, "expected a number, found null" },
	{ "greater-than", "67108864", "0", T, NULL },
	{ "greater-than", "0", "0", F, NULL },
	{ "greater-than", "-1", "0", F, NULL },
	{ "greater-than", "1", "0.5", T, NULL },
	{ "greater-than", "true", "0", E, "expected a number, found boolean true" },
	{ "greater-or-equal", "0", "0", T, NULL },
	{ "greater-or-equal", "-1", "0", F, NULL },
	{ "greater-or-equal", "1e3", "1000", T, NULL },
	{ "greater-or-equal", "1", "1e", E, "operand \"1e\" is not a number" },
	/* empty / not-empty */
	{ "empty", "null", NULL, T, NULL },
	{ "empty", "\"\"", NULL, T, NULL },
	{ "empty", "[]", NULL, T, NULL },
	{ "empty", "{}", NULL, T, NULL },
	{ "empty", "\"x\"", NULL, F, NULL },
	{ "empty", "[1]", NULL, F, NULL },
	{ "empty", "{\"a\": 1}", NULL, F, NULL },
	{ "empty", "0", NULL, F, NULL },
	{ "empty", "false", NULL, F, NULL },
	{ "not-empty", "\"default\"", NULL, T, NULL },
	{ "not-empty", "\"\"", NULL, F, NULL },
	{ "not-empty", "null", NULL, F, NULL },
	{ "not-empty", "1.5", NULL, T, NULL },
	{ "not-empty", "0", NULL, T, NULL },
	/* exists / absent: the fact is present here */
	{ "exists", "null", NULL, T, NULL },
	{ "exists", "false", NULL, T, NULL },
	{ "absent", "null", NULL, F, NULL },
	{ "absent", "\"x\"", NULL, F, NULL },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static void run_case(const struct op_case *c)
{
	const struct da_op *op = da_op_find(c->op);
	json_error_t jerr;
	json_t *fact = json_loads(c->fact, JSON_DECODE_ANY, &jerr);
	char *why = NULL;
	enum da_tri got;
	size_t n;

	print_message("%s %s %s\n", c->op, c->fact, c->operand ? c->operand : "");
	assert_non_null(op);
	assert_non_null(fact);
	assert_int_equal(op->needs_operand, c->operand != NULL);
	got = op->eval(fact, c->operand, &why);
	assert_int_equal(got, c->want);
	if (c->want != DA_TRI_ERROR) {
		assert_null(why);
	} else {
		assert_non_null(why);
		n = strlen(c->why);
		if (c->why[n - 1] == '*')
			assert_true(strncmp(why, c->why, n - 1) == 0 && strlen(why) > n);
		else
			assert_string_equal(why, c->why);
	}
	free(why);
	json_decref(fact);
}

static void test_cases(void **state)
{
	size_t i;

	for (i = 0; i < N_CASES; i++)
		run_case(&cases[i]);
}

/* Every operator that can be wrong has a true, a false and an error case. */
static void test_every_op_covered(void **state)
{
	size_t i, k;
	int seen;

	for (i = 0; da_ops[i]; i++) {
		seen = 0;
		for (k = 0; k < N_CASES; k++) {
			if (strcmp(cases[k].op, da_ops[i]->name) == 0)
				seen |= 1 << (cases[k].want + 1);
		}
		print_message("%s\n", da_ops[i]->name);
		if (da_ops[i]->on_absent)
			assert_int_not_equal(seen, 0);
		else if (!strcmp(da_ops[i]->name, "empty") || !strcmp(da_ops[i]->name, "not-empty"))
			assert_int_equal(seen, 6); /* they take any JSON value: no error case */
		else
			assert_int_equal(seen, 7);
	}
}

static void test_absence(void **state)
{
	const struct da_op *exists = da_op_find("exists"), *absent = da_op_find("absent");
	size_t i;

	assert_non_null(exists->on_absent);
	assert_int_equal(*exists->on_absent, DA_TRI_FALSE);
	assert_non_null(absent->on_absent);
	assert_int_equal(*absent->on_absent, DA_TRI_TRUE);
	/* Every other op leaves absence to the test's missing= policy. */
	for (i = 0; da_ops[i]; i++) {
		if (da_ops[i] != exists && da_ops[i] != absent)
			assert_null(da_ops[i]->on_absent);
	}
}

static void test_table(void **state)
{
	static const char *const no_operand[] = { "exists", "absent", "empty", "not-empty", NULL };
	size_t i, k, n = 0;
	bool want;

	for (i = 0; da_ops[i]; i++, n++) {
		assert_non_null(da_ops[i]->name);
		assert_non_null(da_ops[i]->summary);
		assert_true(strlen(da_ops[i]->summary) > 10);
		assert_non_null(da_ops[i]->eval);
		assert_ptr_equal(da_op_find(da_ops[i]->name), da_ops[i]);
		for (k = 0; k < i; k++)
			assert_string_not_equal(da_ops[k]->name, da_ops[i]->name);
		want = true;
		for (k = 0; no_operand[k]; k++) {
			if (strcmp(no_operand[k], da_ops[i]->name) == 0)
				want = false;
		}
		assert_int_equal(da_ops[i]->needs_operand, want);
	}
	assert_int_equal(n, 18);
	assert_null(da_op_find("bogus"));
	assert_null(da_op_find("Equals"));
	assert_null(da_op_find(""));
	assert_null(da_op_find(NULL));
}

static void assert_brief(const char *json, const char *want)
{
	json_error_t jerr;
	json_t *v = json_loads(json, JSON_DECODE_ANY, &jerr);
	char *s;

	assert_non_null(v);
	s = da_json_brief(v);
	assert_string_equal(s, want);
	free(s);
	json_decref(v);
}

static void test_brief(void **state)
{
	json_t *a;
	char *s, *want, *big;
	size_t i;

	assert_brief("\"abc\"", "abc");
	assert_brief("\"\"", "");
	assert_brief("5", "5");
	assert_brief("-12", "-12");
	assert_brief("1.5", "1.5");
	assert_brief("true", "true");
	assert_brief("false", "false");
	assert_brief("null", "null");
	assert_brief("[\"a\", 1, [\"b\"], {}]", "[a, 1, [b], {}]");
	assert_brief("[]", "[]");
	assert_brief("{}", "{}");
	assert_brief("{\"a\": 1}", "{...}");

	/* Long strings and arrays are cut. */
	big = da_xmalloc(301);
	memset(big, 'x', 300);
	big[300] = '\0';
	a = json_string(big);
	s = da_json_brief(a);
	assert_int_equal(strlen(s), 203);
	assert_memory_equal(s, big, 200);
	assert_string_equal(s + 200, "...");
	free(s);
	json_decref(a);

	/* A cut never splits a character: 199 'x' then "é" (2 bytes) spans 200. */
	memcpy(big + 199, "\xc3\xa9", 2);
	a = json_string(big);
	s = da_json_brief(a);
	assert_int_equal(strlen(s), 202);
	assert_string_equal(s + 199, "...");
	free(s);
	json_decref(a);
	free(big);

	a = json_array();
	for (i = 0; i < 40; i++)
		json_array_append_new(a, json_integer((json_int_t)i));
	s = da_json_brief(a);
	want = da_xstrdup("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, "
			  "21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, ... (8 more)]");
	assert_string_equal(s, want);
	free(want);
	free(s);
	json_decref(a);
}

static char *schema_path(void)
{
	const char *top = getenv("top_srcdir");

	if (top)
		return da_xasprintf("%s/benchmarks/dockaudit-check-1.xsd", top);
	return da_xasprintf("%.*s/../../benchmarks/dockaudit-check-1.xsd",
			    (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__);
}

/* The schema's op enumeration is da_ops, same names, same order. */
static void test_schema_ops(void **state)
{
	char *path = schema_path();
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	xmlXPathContext *x;
	xmlXPathObject *res;
	xmlNodeSet *set;
	xmlChar *v;
	int i;

	assert_non_null(doc);
	x = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(x, (const xmlChar *)"xs", (const xmlChar *)"http://www.w3.org/2001/XMLSchema");
	res = xmlXPathEvalExpression(
		(const xmlChar *)"/xs:schema/xs:simpleType[@name='op']/xs:restriction/xs:enumeration",
		x);
	assert_non_null(res);
	set = res->nodesetval;
	assert_non_null(set);
	for (i = 0; i < set->nodeNr; i++) {
		assert_non_null(da_ops[i]);
		v = xmlGetNoNsProp(set->nodeTab[i], (const xmlChar *)"value");
		assert_string_equal((const char *)v, da_ops[i]->name);
		xmlFree(v);
	}
	assert_null(da_ops[set->nodeNr]);
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(x);
	xmlFreeDoc(doc);
	free(path);
}

/* subset-of names the items outside the list, and only those. */
static void test_explain_subset_of(void **state)
{
	const struct da_op *op = da_op_find("subset-of");
	json_t *v = json_loads("[\"CAP_CHOWN\", \"CAP_NET_ADMIN\", \"CAP_KILL\", \"CAP_SYS_ADMIN\"]", 0, NULL);
	char *why = NULL, *s;

	(void)state;
	assert_non_null(op->explain);
	assert_int_equal(op->eval(v, "CAP_CHOWN CAP_KILL", &why), DA_TRI_FALSE);
	s = op->explain(v, "CAP_CHOWN CAP_KILL");
	assert_string_equal(s, "has CAP_NET_ADMIN, CAP_SYS_ADMIN, which are not in the list");
	free(s);
	s = op->explain(v, "CAP_CHOWN CAP_KILL CAP_NET_ADMIN");
	assert_string_equal(s, "has CAP_SYS_ADMIN, which is not in the list");
	free(s);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_every_op_covered),
		cmocka_unit_test(test_absence),
		cmocka_unit_test(test_brief),
		cmocka_unit_test(test_schema_ops),
		cmocka_unit_test(test_explain_subset_of),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
