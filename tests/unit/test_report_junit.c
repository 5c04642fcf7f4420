/*
 * The JUnit reporter: the output is parsed back with libxml2 and checked
 * with XPath: exact counts on testsuites and each testsuite, a failure's
 * message, type and evidence, errors and skips, a waived failure, and host
 * text (markup characters, control characters) surviving as well-formed
 * XML.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"

#define CASE_PRIV "CIS 5.5 Do not run privileged containers ["

struct doc {
	char *text;
	xmlDoc *xml;
	xmlXPathContext *xp;
};

static void render(const struct da_results *r, struct doc *d)
{
	d->text = fx_render(&da_report_junit, r, NULL);
	d->xml = xmlReadMemory(d->text, (int)strlen(d->text), "junit.xml", NULL,
			       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!d->xml)
		fail_msg("not well-formed XML:\n%s", d->text);
	d->xp = xmlXPathNewContext(d->xml);
}

static void doc_free(struct doc *d)
{
	xmlXPathFreeContext(d->xp);
	xmlFreeDoc(d->xml);
	free(d->text);
}

/* The string value of the XPath expression EXPR (caller frees). */
static char *xstr(struct doc *d, const char *expr)
{
	xmlXPathObject *o = xmlXPathEvalExpression(BAD_CAST expr, d->xp);
	xmlChar *s;
	char *out;

	if (!o)
		fail_msg("bad XPath %s", expr);
	s = xmlXPathCastToString(o);
	out = strdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	return out;
}

static void assert_xpath(struct doc *d, const char *expr, const char *want)
{
	char *got = xstr(d, expr);

	if (strcmp(got, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", expr, got, want);
	free(got);
}

/* PATH under the Nth (from 1) testcase of the privileged rule: its subjects
 * are FX_NAME_SCRIPT, FX_NAME_QUOTES and FX_NAME_ESCAPE, in this order. */
static void assert_case(struct doc *d, int n, const char *path, const char *want)
{
	char expr[512];

	snprintf(expr, sizeof(expr), "string(//testcase[@classname='%s'][%d]%s)", FX_RULE_PRIV, n,
		 path);
	assert_xpath(d, expr, want);
}

static void test_counts(void **state)
{
	struct da_results *r = fx_results();
	struct doc d;

	render(r, &d);
	assert_xpath(&d, "string(/testsuites/@tests)", "5");
	assert_xpath(&d, "string(/testsuites/@failures)", "2");
	assert_xpath(&d, "string(/testsuites/@errors)", "2");
	assert_xpath(&d, "string(/testsuites/@skipped)", "0");
	assert_xpath(&d, "string(/testsuites/@time)", "7");
	assert_xpath(&d, "string(/testsuites/@timestamp)", "2026-11-25T08:00:00");
	assert_xpath(&d, "string(/testsuites/@name)", "Reporter test benchmark");
	assert_xpath(&d, "count(/testsuites/testsuite)", "2");
	assert_xpath(&d, "count(//testcase)", "5");
	/* one suite per section, in document order, with its own counts */
	assert_xpath(&d, "string(/testsuites/testsuite[1]/@name)", "Daemon");
	assert_xpath(&d, "string(/testsuites/testsuite[1]/@id)", "xccdf_org.dockaudit.test_group_daemon");
	assert_xpath(&d, "string(/testsuites/testsuite[1]/@tests)", "1");
	assert_xpath(&d, "string(/testsuites/testsuite[1]/@failures)", "1");
	assert_xpath(&d, "string(/testsuites/testsuite[1]/@errors)", "0");
	assert_xpath(&d, "string(/testsuites/testsuite[2]/@name)", "Containers");
	assert_xpath(&d, "string(/testsuites/testsuite[2]/@tests)", "4");
	assert_xpath(&d, "string(/testsuites/testsuite[2]/@failures)", "1");
	assert_xpath(&d, "string(/testsuites/testsuite[2]/@errors)", "2");
	assert_xpath(&d, "string(/testsuites/testsuite[2]/@hostname)", FX_HOSTNAME);
	/* the counts agree with the elements */
	assert_xpath(&d, "count(//testcase/failure)", "2");
	assert_xpath(&d, "count(//testcase/error)", "2");
	assert_xpath(&d, "count(//testcase/skipped)", "0");
	/* properties */
	assert_xpath(&d, "string(/testsuites/testsuite[1]/properties/property[@name='host']/@value)",
		     FX_HOSTNAME);
	assert_xpath(&d, "string(//testsuite[1]/properties/property[@name='benchmark']/@value)",
		     "xccdf_org.dockaudit.test_benchmark_report");
	assert_xpath(&d, "string(//testsuite[1]/properties/property[@name='profile']/@value)",
		     "xccdf_org.dockaudit.test_profile_strict");
	assert_xpath(&d, "string(//testsuite[1]/properties/property[@name='score']/@value)", "37.5");
	doc_free(&d);
	fx_free(r);
}

static void test_failure_and_error(void **state)
{
	struct da_results *r = fx_results();
	struct doc d;

	render(r, &d);
	assert_case(&d, 1, "/@classname", FX_RULE_PRIV);
	assert_case(&d, 1, "/failure/@message",
		    "/inspect/HostConfig/Privileged is true; expected equals false");
	assert_case(&d, 1, "/failure/@type", "high");
	assert_case(&d, 1, "/failure",
		    "container " FX_NAME_SCRIPT
		    " (1111111111111111111111111111111111111111111111111111111111111111)\n"
		    "/inspect/HostConfig/Privileged is true; expected equals false");
	assert_case(&d, 1, "/@name", CASE_PRIV FX_NAME_SCRIPT "]");
	assert_xpath(&d, "count(//testcase[@classname='" FX_RULE_PRIV "'][not(*)])", "1");
	/* the daemon rule: CIS number, title, subject */
	assert_xpath(&d, "string(//testcase[@classname='" FX_RULE_ICC "']/@name)",
		     "CIS 2.2 Restrict traffic between containers [dockerd]");
	assert_xpath(&d, "string(//testcase[@classname='" FX_RULE_ICC "']/failure/@type)", "medium");
	/* a rule without subjects and without a CIS number: one testcase, its message */
	assert_xpath(&d, "string(//testcase[@classname='" FX_RULE_MEM "']/@name)",
		     "Limit container memory");
	assert_xpath(&d, "string(//testcase[@classname='" FX_RULE_MEM "']/error/@message)",
		     "fact /containers/items was not collected");
	assert_xpath(&d, "string(//testcase[@classname='" FX_RULE_MEM "']/error/@type)", "low");
	doc_free(&d);
	fx_free(r);
}

/* Markup survives as data; control characters, illegal in XML 1.0, are
 * shown escaped; line breaks of the evidence are kept. */
static void test_hostile_text(void **state)
{
	struct da_results *r = fx_results();
	struct doc d;

	render(r, &d);
	assert_null(strchr(d.text, '\033'));
	assert_null(strchr(d.text, '\007'));
	assert_null(strstr(d.text, "<script>"));
	assert_case(&d, 2, "/@name", CASE_PRIV FX_NAME_QUOTES "]");
	assert_case(&d, 3, "/@name", CASE_PRIV "\\x1b[2Jevil]");
	assert_case(&d, 3, "/error/@message", "line one\nline two \\x1b]0;pwned\\x07 done");
	assert_case(&d, 3, "/error",
		    "container \\x1b[2Jevil\nline one\nline two \\x1b]0;pwned\\x07 done");
	doc_free(&d);
	fx_free(r);
}

/* A waived failure passes with a system-out; other words are skipped. */
static void test_waived_and_skipped(void **state)
{
	struct da_results *r = fx_results();
	struct da_waivers *w = fx_waive(r);
	struct doc d;

	r->rules[2].result = DA_RES_NOTAPPLICABLE;
	render(r, &d);
	assert_case(&d, 1, "/failure/@type", "");
	assert_case(&d, 1, "/system-out",
		    "waived: original result fail; waiver 1 approved by " FX_WAIVER_WHO
		    " until 2027-03-31: needs <b>\"it\"</b> & more \\x1b[2J");
	assert_xpath(&d, "string(//testcase[@classname='" FX_RULE_MEM "']/skipped/@message)",
		     "notapplicable: fact /containers/items was not collected");
	assert_xpath(&d, "string(/testsuites/@failures)", "1");
	assert_xpath(&d, "string(/testsuites/@errors)", "1");
	assert_xpath(&d, "string(/testsuites/@skipped)", "1");
	assert_xpath(&d, "string(/testsuites/@tests)", "5");
	assert_xpath(&d, "string(/testsuites/testsuite[2]/@skipped)", "1");
	doc_free(&d);
	fx_free(r);
	da_waivers_free(w);
}

/* Every result word lands in JUnit's four outcomes: unknown is an error
 * (something could not be checked), fixed passes, the others are skipped. */
static void test_outcome_of_each_result(void **state)
{
	static const struct {
		enum da_result res;
		const char *want; /* the testcase's child element, "" for none */
	} cases[] = {
		{ DA_RES_PASS, "" },
		{ DA_RES_FAIL, "failure" },
		{ DA_RES_ERROR, "error" },
		{ DA_RES_UNKNOWN, "error" },
		{ DA_RES_NOTAPPLICABLE, "skipped" },
		{ DA_RES_NOTCHECKED, "skipped" },
		{ DA_RES_NOTSELECTED, "skipped" },
		{ DA_RES_INFORMATIONAL, "skipped" },
		{ DA_RES_FIXED, "" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct da_results *r = fx_results();
		struct doc d;

		r->rules[2].result = cases[i].res;
		render(r, &d);
		assert_xpath(&d, "name(//testcase[@classname='" FX_RULE_MEM "']/*)", cases[i].want);
		doc_free(&d);
		fx_free(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_failure_and_error),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_waived_and_skipped),
		cmocka_unit_test(test_outcome_of_each_result),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
