/*
 * The ARF reporter: the document for the hand-built results is checked
 * with XPath, then put through the OpenSCAP acceptance chain of
 * tests/integration/oscap-accept.sh (rds-validate, the ARF 1.1 schema,
 * rds-split + xccdf validate + sds-validate, info, generate report,
 * generate fix), and the standalone XCCDF results the same way (validate
 * with schematron, generate report, generate fix).
 * Without oscap the chain is skipped, except under
 * CI=true where a missing oscap is a failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "report_fixture.h"
#include "testutil.h"

extern char **environ;

#define ARF_XSD "/usr/share/openscap/schemas/arf/1.1/asset-reporting-format_1.1.0.xsd"

/* ---- XPath over the written document ---- */

static xmlDoc *parse(const char *text)
{
	xmlDoc *doc = xmlReadMemory(text, (int)strlen(text), "arf.xml", NULL, XML_PARSE_NONET);

	if (!doc)
		fail_msg("the ARF output is not well-formed XML");
	return doc;
}

static const char *const namespaces[][2] = {
	{ "arf", "http://scap.nist.gov/schema/asset-reporting-format/1.1" },
	{ "core", "http://scap.nist.gov/schema/reporting-core/1.1" },
	{ "ai", "http://scap.nist.gov/schema/asset-identification/1.1" },
	{ "ds", "http://scap.nist.gov/schema/scap/source/1.2" },
	{ "x", "http://checklists.nist.gov/xccdf/1.2" },
	{ "xlink", "http://www.w3.org/1999/xlink" },
	{ "da", "urn:dockaudit:check:1" },
};

static xmlXPathObject *eval(xmlDoc *doc, const char *expr)
{
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	xmlXPathObject *o;
	size_t i;

	for (i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]); i++)
		xmlXPathRegisterNs(ctx, BAD_CAST namespaces[i][0], BAD_CAST namespaces[i][1]);
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlXPathFreeContext(ctx);
	if (!o)
		fail_msg("bad XPath %s", expr);
	return o;
}

static double num(xmlDoc *doc, const char *expr)
{
	xmlXPathObject *o = eval(doc, expr);
	double d = xmlXPathCastToNumber(o);

	xmlXPathFreeObject(o);
	return d;
}

static void assert_xpath_str(xmlDoc *doc, const char *expr, const char *want)
{
	xmlXPathObject *o = eval(doc, expr);
	xmlChar *s = xmlXPathCastToString(o);

	if (strcmp((const char *)s, want) != 0)
		fail_msg("%s is \"%s\", expected \"%s\"", expr, (const char *)s, want);
	xmlFree(s);
	xmlXPathFreeObject(o);
}

#define RR(rule) "//x:TestResult/x:rule-result[@idref='" rule "']"
/* The rule-result fx_waive waives: the privileged rule on the script container. */
#define WAIVED RR(FX_RULE_PRIV) "[x:instance='" FX_NAME_SCRIPT "']"

static void test_structure(void **state)
{
	struct da_results *r = fx_results();
	char *text = fx_render(&da_report_arf, r, NULL);
	xmlDoc *doc = parse(text);

	assert_int_equal(num(doc, "count(/arf:asset-report-collection/core:relationships/"
				  "core:relationship)"), 2);
	assert_xpath_str(doc, "//core:relationship[@type='arfvocab:createdFor']/core:ref", "collection1");
	assert_xpath_str(doc, "//core:relationship[@type='arfvocab:isAbout']/core:ref", "asset0");
	assert_xpath_str(doc, "//arf:report-request/@id", "collection1");
	assert_xpath_str(doc, "//ds:data-stream/ds:checklists/ds:component-ref/@xlink:href",
			 "#scap_org.dockaudit_comp_xccdf");
	assert_xpath_str(doc, "//ds:component[@id='scap_org.dockaudit_comp_xccdf']/x:Benchmark/@id",
			 "xccdf_org.dockaudit.test_benchmark_report");
	assert_int_equal(num(doc, "count(//ds:component/x:Benchmark//x:Rule)"), 3);
	assert_xpath_str(doc, "//arf:asset[@id='asset0']/ai:computing-device/ai:hostname",
			 FX_HOSTNAME);
	assert_xpath_str(doc, "//arf:asset/ai:computing-device/ai:fqdn", FX_HOSTNAME);
	assert_xpath_str(doc, "//arf:report[@id='xccdf1']/arf:content/x:TestResult/@id",
			 FX_TEST_RESULT_ID);
	assert_xpath_str(doc, "//x:TestResult/@start-time", "2026-11-25T08:00:00Z");
	assert_xpath_str(doc, "//x:TestResult/@end-time", "2026-11-25T08:00:07Z");
	assert_xpath_str(doc, "//x:TestResult/x:benchmark/@href", "#scap_org.dockaudit_comp_xccdf");
	assert_xpath_str(doc, "//x:TestResult/x:profile/@idref",
			 "xccdf_org.dockaudit.test_profile_strict");
	assert_xpath_str(doc, "//x:TestResult/x:target", FX_HOSTNAME);
	assert_xpath_str(doc, "//x:fact[@name='urn:xccdf:fact:asset:identifier:host_name']",
			 FX_HOSTNAME);
	assert_xpath_str(doc, "//x:fact[@name='urn:dockaudit:fact:daemon:version']", "24.0.7");
	assert_xpath_str(doc, "//x:fact[@name='urn:dockaudit:fact:containers:count']/@type", "number");
	assert_xpath_str(doc, "//x:set-value[@idref='xccdf_org.dockaudit.test_value_caps']",
			 "CAP_CHOWN");
	assert_int_equal(num(doc, "count(//x:TestResult/x:score)"), 4);
	assert_xpath_str(doc, "//x:score[@system='urn:xccdf:scoring:default']", "37.500000");
	assert_xpath_str(doc, "//x:score[@system='urn:xccdf:scoring:default']/@maximum", "100.000000");
	assert_xpath_str(doc, "//x:score[@system='urn:xccdf:scoring:flat']/@maximum", "4.000000");
	xmlFreeDoc(doc);
	free(text);
	fx_free(r);
}

static void test_rule_results(void **state)
{
	struct da_results *r = fx_results();
	char *text = fx_render(&da_report_arf, r, NULL);
	xmlDoc *doc = parse(text);

	assert_int_equal(num(doc, "count(" RR(FX_RULE_ICC) ")"), 1);
	assert_int_equal(num(doc, "count(" RR(FX_RULE_PRIV) ")"), 3);
	assert_int_equal(num(doc, "count(" RR(FX_RULE_MEM) ")"), 1);
	assert_xpath_str(doc, RR(FX_RULE_ICC) "/x:result", "fail");
	assert_xpath_str(doc, RR(FX_RULE_ICC) "/@severity", "medium");
	assert_xpath_str(doc, RR(FX_RULE_ICC) "/@time", "2026-11-25T08:00:07Z");
	assert_xpath_str(doc, RR(FX_RULE_ICC) "/x:instance/@context", "daemon");
	assert_xpath_str(doc, RR(FX_RULE_ICC) "/x:instance", "dockerd");
	assert_xpath_str(doc, RR(FX_RULE_ICC) "/x:ident", "DA-TEST-1");
	assert_int_equal(num(doc, "count(" RR(FX_RULE_ICC) "/x:fix)"), 1);
	assert_xpath_str(doc, RR(FX_RULE_ICC) "/x:check/@system", "urn:dockaudit:check:1");
	assert_xpath_str(doc, RR(FX_RULE_ICC) "/x:check/x:check-content/da:check/da:subjects/@kind",
			 "daemon");
	/* one rule-result per subject, each with its own result and evidence */
	assert_xpath_str(doc, RR(FX_RULE_PRIV) "[x:instance='" FX_NAME_SCRIPT "']/x:result", "fail");
	assert_xpath_str(doc, RR(FX_RULE_PRIV) "[x:instance='" FX_NAME_SCRIPT "']/x:instance/@context",
			 "container");
	assert_xpath_str(doc, RR(FX_RULE_PRIV) "[x:instance='" FX_NAME_SCRIPT "']/x:message[1]",
			 "/inspect/HostConfig/Privileged is true; expected equals false");
	assert_xpath_str(doc, RR(FX_RULE_PRIV) "[x:instance='" FX_NAME_SCRIPT "']/x:message[2]",
			 "container id: 1111111111111111111111111111111111111111111111111111111111111111");
	assert_xpath_str(doc, RR(FX_RULE_PRIV) "[x:instance=concat('a\"b&c', \"'d\")]/x:result", "pass");
	assert_int_equal(num(doc, "count(" RR(FX_RULE_PRIV) "[x:result='pass']/x:fix)"), 0);
	assert_xpath_str(doc, RR(FX_RULE_PRIV) "[x:result='error']/x:instance", "\\x1b[2Jevil");
	assert_xpath_str(doc, RR(FX_RULE_PRIV) "[x:result='error']/x:message",
			 "line one\nline two \\x1b]0;pwned\\x07 done");
	assert_xpath_str(doc, RR(FX_RULE_PRIV) "[x:result='error']/x:message/@severity", "error");
	assert_xpath_str(doc, RR(FX_RULE_MEM) "/x:result", "error");
	assert_xpath_str(doc, RR(FX_RULE_MEM) "/x:message", "fact /containers/items was not collected");
	assert_int_equal(num(doc, "count(" RR(FX_RULE_MEM) "/x:instance)"), 0);
	xmlFreeDoc(doc);
	free(text);
	fx_free(r);
}

/* A waived failure is an override on its rule-result; the others have none. */
static void test_waiver_override(void **state)
{
	struct da_results *r = fx_results();
	struct da_waivers *w = fx_waive(r);
	char *text = fx_render(&da_report_arf, r, NULL);
	xmlDoc *doc = parse(text);

	assert_int_equal(num(doc, "count(//x:override)"), 1);
	assert_xpath_str(doc, WAIVED "/x:result", "pass");
	assert_xpath_str(doc, WAIVED "/x:override/@authority", FX_WAIVER_WHO);
	assert_xpath_str(doc, WAIVED "/x:override/@time", "2026-11-25T08:00:07Z");
	assert_xpath_str(doc, WAIVED "/x:override/x:old-result", "fail");
	assert_xpath_str(doc, WAIVED "/x:override/x:new-result", "pass");
	assert_xpath_str(doc, WAIVED "/x:override/x:remark",
			 "needs <b>\"it\"</b> & more \\x1b[2J (waiver 1 of w.json, expires 2027-03-31)");
	/* the schema's order: result, override, ident... */
	assert_xpath_str(doc, "local-name(" WAIVED "/x:override/preceding-sibling::*[1])", "result");
	/* a passing result carries no fix */
	assert_int_equal(num(doc, "count(" WAIVED "/x:fix)"), 0);
	/* the expired waiver: no override, the failure and its note stay */
	assert_int_equal(num(doc, "count(" RR(FX_RULE_ICC) "/x:override)"), 0);
	assert_xpath_str(doc, RR(FX_RULE_ICC) "/x:result", "fail");
	assert_xpath_str(doc, RR(FX_RULE_ICC) "/x:message",
			 "/settings/icc/value is true; expected equals false; waiver expired on 2026-01-31");
	xmlFreeDoc(doc);
	free(text);
	fx_free(r);
	da_waivers_free(w);
}

/* ---- the host's addresses ---- */

#define HOSTILE_IFACE "<eth-x>\033[2J&"
#define CONN "//arf:asset/ai:computing-device/ai:connections/ai:connection"
#define ID_FACT "//x:target-facts/x:fact[@name='urn:xccdf:fact:asset:identifier:"

static json_t *address(const char *a)
{
	return json_pack("{s:s, s:i}", "address", a, "prefix_len", 24);
}

/* eth0 with a global, a link-local and the unspecified IPv4 address, a
 * global and a link-local IPv6 address; the loopback;
 * docker0; an interface without addresses; a hostile one whose MAC and
 * first address are not addresses; and an address no interface claims. */
static void add_interfaces(struct da_results *r)
{
	json_t *host = json_object_get(r->facts, "host");
	json_t *list = json_pack(
		"[{s:s, s:s, s:b, s:b, s:[o, o, o], s:[o, o]},"
		" {s:s, s:s, s:b, s:b, s:[o], s:[o]},"
		" {s:s, s:s, s:b, s:b, s:[o], s:[]},"
		" {s:s, s:s, s:b, s:b, s:[], s:[]},"
		" {s:s, s:s, s:b, s:b, s:[o, o], s:[o]}]",
		"name", "eth0", "mac", "02:42:AC:11:00:02", "up", 1, "loopback", 0, "ipv4",
		address("192.0.2.10"), address("169.254.7.1"), address("0.0.0.0"), "ipv6",
		address("fe80::42:acff:fe11:2"), address("2001:db8::10"),
		"name", "lo", "mac", "00:00:00:00:00:00", "up", 1, "loopback", 1, "ipv4",
		address("127.0.0.1"), "ipv6", address("::1"),
		"name", "docker0", "mac", "02:42:3b:5c:7d:01", "up", 1, "loopback", 0, "ipv4",
		address("172.17.0.1"), "ipv6",
		"name", "ifb0", "mac", "86:84:38:f7:8e:c7", "up", 0, "loopback", 0, "ipv4", "ipv6",
		"name", HOSTILE_IFACE, "mac", "<script>", "up", 1, "loopback", 0, "ipv4",
		address("10.0.0.1<b>"), address("10.9.9.9"), "ipv6", address("2001:db8::<i>"));

	assert_non_null(list);
	json_object_set_new(host, "interfaces", list);
	json_object_set_new(host, "ipv4_unattributed", json_pack("[o]", address("198.51.100.5")));
	json_object_set_new(host, "fqdn", json_string("docker-01.corp.example.net"));
}

static void test_host_addresses(void **state)
{
	struct da_results *r = fx_results();
	char *text;
	xmlDoc *doc;

	add_interfaces(r);
	text = fx_render(&da_report_arf, r, NULL);
	doc = parse(text);
	/* the asset: one connection per kept address, with its interface's MAC */
	assert_int_equal(num(doc, "count(" CONN ")"), 5);
	assert_xpath_str(doc, CONN "[1]/ai:ip-address/ai:ip-v4", "192.0.2.10");
	assert_xpath_str(doc, CONN "[1]/ai:mac-address", "02:42:ac:11:00:02");
	assert_xpath_str(doc, CONN "[2]/ai:ip-address/ai:ip-v6",
			 "2001:0db8:0000:0000:0000:0000:0000:0010");
	assert_xpath_str(doc, CONN "[2]/ai:mac-address", "02:42:ac:11:00:02");
	assert_xpath_str(doc, CONN "[3]/ai:ip-address/ai:ip-v4", "172.17.0.1");
	assert_xpath_str(doc, CONN "[3]/ai:mac-address", "02:42:3b:5c:7d:01");
	assert_xpath_str(doc, CONN "[4]/ai:ip-address/ai:ip-v4", "10.9.9.9");
	assert_int_equal(num(doc, "count(" CONN "[4]/ai:mac-address)"), 0);
	assert_xpath_str(doc, CONN "[5]/ai:ip-address/ai:ip-v4", "198.51.100.5");
	assert_xpath_str(doc, "local-name(//ai:computing-device/*[1])", "connections");
	assert_xpath_str(doc, "//ai:computing-device/ai:fqdn", "docker-01.corp.example.net");
	assert_xpath_str(doc, "//ai:computing-device/ai:hostname", FX_HOSTNAME);
	/* the TestResult: the same addresses, in the schema's place */
	assert_int_equal(num(doc, "count(//x:TestResult/x:target-address)"), 5);
	assert_xpath_str(doc, "//x:TestResult/x:target-address[2]", "2001:db8::10");
	assert_xpath_str(doc, "local-name(//x:TestResult/x:target-address[1]/preceding-sibling::*[1])",
			 "target");
	assert_xpath_str(doc, "local-name(//x:TestResult/x:target-address[5]/following-sibling::*[1])",
			 "target-facts");
	assert_xpath_str(doc, ID_FACT "fqdn']", "docker-01.corp.example.net");
	assert_int_equal(num(doc, "count(" ID_FACT "mac'])"), 2);
	assert_xpath_str(doc, ID_FACT "mac'][1]", "02:42:ac:11:00:02");
	assert_xpath_str(doc, ID_FACT "mac'][2]", "02:42:3b:5c:7d:01");
	assert_int_equal(num(doc, "count(" ID_FACT "ipv4'])"), 4);
	assert_xpath_str(doc, ID_FACT "ipv6']", "2001:db8::10");
	/* loopback, link-local, the zero MAC and what is not an address: nowhere */
	assert_int_equal(num(doc, "count(//x:target-address[.='127.0.0.1' or .='::1' or "
				  "starts-with(., 'fe80')])"), 0);
	assert_int_equal(num(doc, "count(//ai:mac-address[.='00:00:00:00:00:00'])"), 0);
	assert_int_equal(fx_count(text, "86:84:38:f7:8e:c7"), 0);
	assert_int_equal(fx_count(text, "127.0.0.1"), 0);
	assert_int_equal(fx_count(text, "169.254.7.1"), 0);
	assert_int_equal(fx_count(text, "0.0.0.0"), 0);
	assert_int_equal(fx_count(text, "eth-x"), 0);
	assert_int_equal(fx_count(text, "10.0.0.1"), 0);
	assert_int_equal(fx_count(text, "<i>"), 0);
	xmlFreeDoc(doc);
	free(text);
	fx_free(r);
}

/* A FQDN fact that is not a real one (the bare hostname, localhost's)
 * gives no fqdn: not the hostname either when that is not dotted. */
static void test_host_no_fqdn(void **state)
{
	struct da_results *r = fx_results();
	json_t *host = json_object_get(r->facts, "host");
	char *text;
	xmlDoc *doc;

	json_object_set_new(host, "hostname", json_string("docker-01"));
	json_object_set_new(host, "fqdn", json_string("localhost.localdomain"));
	text = fx_render(&da_report_arf, r, NULL);
	doc = parse(text);
	assert_int_equal(num(doc, "count(//ai:fqdn)"), 0);
	assert_int_equal(num(doc, "count(" ID_FACT "fqdn'])"), 0);
	assert_int_equal(num(doc, "count(//ai:connections)"), 0);
	assert_int_equal(num(doc, "count(//x:target-address)"), 0);
	assert_xpath_str(doc, "//ai:hostname", "docker-01");
	xmlFreeDoc(doc);
	free(text);
	fx_free(r);
}

/* ---- the standalone XCCDF results document ---- */

static void test_results_document(void **state)
{
	struct da_results *r = fx_results();
	struct da_benchmark *b = (struct da_benchmark *)r->bench;
	char *text;
	xmlDoc *doc;

	b->path = da_xstrdup("/srv/bench dir/b<1>.xml");
	add_interfaces(r);
	text = fx_render(&da_report_results, r, NULL);
	doc = parse(text);
	assert_xpath_str(doc, "name(/*)", "Benchmark");
	assert_xpath_str(doc, "/x:Benchmark/@id", "xccdf_org.dockaudit.test_benchmark_report");
	assert_int_equal(num(doc, "count(/x:Benchmark/x:TestResult)"), 1);
	assert_xpath_str(doc, "local-name(/x:Benchmark/*[last()])", "TestResult");
	assert_xpath_str(doc, "/x:Benchmark/x:TestResult/@id", FX_TEST_RESULT_ID);
	assert_xpath_str(doc, "//x:TestResult/x:benchmark/@href", "/srv/bench%20dir/b%3C1%3E.xml");
	assert_xpath_str(doc, "//x:TestResult/x:benchmark/@id",
			 "xccdf_org.dockaudit.test_benchmark_report");
	/* no ARF asset to point at */
	assert_int_equal(num(doc, "count(//x:target-id-ref)"), 0);
	assert_int_equal(num(doc, "count(//x:TestResult/x:target-address)"), 5);
	assert_int_equal(num(doc, "count(//x:TestResult/x:rule-result)"), 5);
	assert_xpath_str(doc, RR(FX_RULE_PRIV) "[x:instance='" FX_NAME_SCRIPT "']/x:result", "fail");
	assert_int_equal(num(doc, "count(//x:TestResult/x:score)"), 4);
	/* indented as a whole, the TestResult too; a fix's text as it was */
	assert_non_null(strstr(text, "\n  <TestResult "));
	assert_non_null(strstr(text, "\n    <score system="));
	assert_xpath_str(doc, "//x:Benchmark//x:Rule[@id='" FX_RULE_ICC "']/x:fix",
			 "jq '.icc = false' /etc/docker/daemon.json > /tmp/d && mv /tmp/d "
			 "/etc/docker/daemon.json");
	xmlFreeDoc(doc);
	free(text);
	free(b->path);
	b->path = NULL;
	fx_free(r);
}

/* A waiver is a message in the results document, not an override. */
static void test_results_waiver(void **state)
{
	struct da_results *r = fx_results();
	struct da_waivers *w = fx_waive(r);
	char *text = fx_render(&da_report_results, r, NULL);
	xmlDoc *doc = parse(text);

	assert_int_equal(num(doc, "count(//x:override)"), 0);
	assert_xpath_str(doc, WAIVED "/x:result", "pass");
	assert_xpath_str(doc, WAIVED "/x:message[1]",
			 "waived (was fail): needs <b>\"it\"</b> & more \\x1b[2J (waiver 1 of w.json, "
			 "approved by Sec & Ops <team>, expires 2027-03-31)");
	assert_xpath_str(doc, WAIVED "/x:message[1]/@severity", "info");
	xmlFreeDoc(doc);
	free(text);
	fx_free(r);
	da_waivers_free(w);
}

/* A tailoring's profile: not one of the benchmark's. */
static struct da_select site_sel = { .idref = "xccdf_org.dockaudit.test_rule_container_memory",
				     .selected = false };
static struct da_refine_value site_val = { .idref = "xccdf_org.dockaudit.test_value_caps",
					   .value = "CAP_KILL" };
static struct da_refine_rule site_rule = { .idref = FX_RULE_ICC,
					   .has = DA_REFINE_SEVERITY | DA_REFINE_WEIGHT,
					   .severity = DA_SEV_HIGH, .weight = 3 };
static struct da_profile site = { .id = "xccdf_org.example_profile_site", .title = "Site <&>",
				  .selects = &site_sel, .n_selects = 1,
				  .refine_values = &site_val, .n_refine_values = 1,
				  .refine_rules = &site_rule, .n_refine_rules = 1 };

/* It goes into the copied Benchmark, before its Values, so the
 * TestResult's profile names a Profile of the document. */
static void test_tailored_profile(void **state)
{
	struct da_results *r = fx_results();
	const struct da_reporter *reps[] = { &da_report_arf, &da_report_results };
	const struct da_profile *saved = r->profile;
	char *text;
	xmlDoc *doc;
	size_t i;

	r->profile = &site;
#define SITE "//x:Benchmark/x:Profile[@id='xccdf_org.example_profile_site']"
	for (i = 0; i < 2; i++) {
		text = fx_render(reps[i], r, NULL);
		doc = parse(text);
		assert_int_equal(num(doc, "count(//x:Benchmark/x:Profile)"), 2);
		assert_xpath_str(doc, SITE "/x:title", "Site <&>");
		assert_xpath_str(doc, "local-name(" SITE "/following-sibling::*[1])", "Value");
		assert_xpath_str(doc, SITE "/x:select/@selected", "false");
		assert_xpath_str(doc, SITE "/x:set-value[@idref='xccdf_org.dockaudit.test_value_caps']",
				 "CAP_KILL");
		assert_xpath_str(doc, SITE "/x:refine-rule/@severity", "high");
		assert_xpath_str(doc, SITE "/x:refine-rule/@weight", "3");
		assert_xpath_str(doc, "//x:TestResult/x:profile/@idref", "xccdf_org.example_profile_site");
		xmlFreeDoc(doc);
		free(text);
	}
#undef SITE
	r->profile = saved;
	fx_free(r);
}

/* Both XML writers copy the loaded benchmark document: without it they
 * refuse, naming what is missing. */
static void test_no_document(void **state)
{
	static const struct {
		const struct da_reporter *rep;
		const char *msg;
	} cases[] = {
		{ &da_report_arf, "ARF: the benchmark document is not available" },
		{ &da_report_results, "XCCDF results: the benchmark document is not available" },
	};
	struct da_results *r = fx_results();
	struct da_benchmark *b = (struct da_benchmark *)r->bench;
	xmlDoc *saved = b->doc;
	FILE *f = fopen("/dev/null", "w");
	size_t i;

	b->doc = NULL;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct da_err err = { { 0 } };

		assert_int_equal(cases[i].rep->write(r, NULL, f, &err), -1);
		assert_string_equal(err.msg, cases[i].msg);
	}
	fclose(f);
	b->doc = saved;
	fx_free(r);
}

/* ---- the OpenSCAP acceptance chain ---- */

static int on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy = da_xstrdup(path ? path : "/usr/bin:/bin"), *dir, *rest = copy, *full;
	int found = 0;

	while (!found && (dir = strsep(&rest, ":"))) {
		full = da_xasprintf("%s/%s", *dir ? dir : ".", prog);
		found = access(full, X_OK) == 0;
		free(full);
	}
	free(copy);
	return found;
}

/* Skip when oscap or xmllint is missing, unless CI=true. */
static void need_tools(void)
{
	const char *ci = getenv("CI");

	if (on_path("oscap") && on_path("xmllint"))
		return;
	if (ci && strcmp(ci, "true") == 0)
		fail_msg("oscap and xmllint are required under CI=true");
	skip();
}

/* Run ARGV with stdout and stderr to LOG; fail the test with the log
 * unless it exits 0. */
static void run(char *const argv[], const char *log)
{
	posix_spawn_file_actions_t fa;
	char buf[4096] = "";
	int status = -1;
	size_t n = 0;
	FILE *f;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	assert_int_equal(posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	f = fopen(log, "r");
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	fail_msg("%s %s failed (status %d): %s", argv[0], argv[1], status, buf);
}

/* The bash remediation oscap-accept.sh had oscap write into DIR/NAME holds
 * the failing icc rule's shell fix. */
static void fix_holds_icc(const char *dir, const char *name)
{
	char *path = da_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	char *script = da_xcalloc(1, 1 << 20);

	assert_non_null(f);
	assert_true(fread(script, 1, (1 << 20) - 1, f) > 0);
	fclose(f);
	assert_non_null(strstr(script, "#!/usr/bin/env bash"));
	assert_non_null(strstr(script, "for '" FX_RULE_ICC "'"));
	assert_non_null(strstr(script, "jq '.icc = false' /etc/docker/daemon.json"));
	free(script);
	free(path);
}

/* Put R's ARF, and with RESULTS its standalone XCCDF results document too,
 * through tests/integration/oscap-accept.sh: the same OpenSCAP chain the
 * integration tests use (validation, split, info, report, generate fix);
 * the remediation must hold the failing icc rule's shell fix. */
static void oscap_chain(const struct da_results *r, int results)
{
	char dir[] = "/tmp/da-arf-XXXXXX";
	const char *top = getenv("top_srcdir");
	char *script, *arf, *res, *log, *text;

	assert_non_null(mkdtemp(dir));
	script = da_xasprintf("%s/tests/integration/oscap-accept.sh", top ? top : "../..");
	arf = da_xasprintf("%s/arf.xml", dir);
	res = da_xasprintf("%s/results.xml", dir);
	log = da_xasprintf("%s/log", dir);
	text = fx_render(&da_report_arf, r, NULL);
	da_test_puts_file(dir, "arf.xml", text);
	free(text);
	if (results) {
		text = fx_render(&da_report_results, r, NULL);
		da_test_puts_file(dir, "results.xml", text);
		free(text);
	}
	run((char *[]){ "sh", script, arf, dir, results ? res : NULL, NULL }, log);
	fix_holds_icc(dir, "fix-arf.sh");
	if (results)
		fix_holds_icc(dir, "fix-results.sh");
	da_test_remove_tree(dir);
	free(script);
	free(arf);
	free(res);
	free(log);
}

static void test_oscap_accepts_results(void **state)
{
	struct da_results *r;
	struct da_waivers *w;

	need_tools();
	r = fx_results();
	add_interfaces(r);
	oscap_chain(r, 1);
	w = fx_waive(r);
	oscap_chain(r, 1);
	fx_free(r);
	da_waivers_free(w);
}

/* The asset's connections fit the asset identification schema's order and types. */
static void test_oscap_accepts_addresses(void **state)
{
	struct da_results *r;

	need_tools();
	r = fx_results();
	add_interfaces(r);
	oscap_chain(r, 0);
	fx_free(r);
}

/* With a tailoring's profile, generate fix finds the profile. */
static void test_oscap_accepts_tailored(void **state)
{
	struct da_results *r;
	const struct da_profile *saved;

	need_tools();
	r = fx_results();
	saved = r->profile;
	r->profile = &site;
	oscap_chain(r, 1);
	r->profile = saved;
	fx_free(r);
}

static void test_oscap_accepts(void **state)
{
	struct da_results *r;

	need_tools();
	r = fx_results();
	oscap_chain(r, 0);
	fx_free(r);
}

/* A hostname that does not fit ai:hostname-type, no profile, notselected
 * rules: still a valid ARF. */
static void test_oscap_accepts_odd_input(void **state)
{
	struct da_results *r;
	char *text;
	xmlDoc *doc;

	need_tools();
	r = fx_results();
	json_object_set_new(json_object_get(r->facts, "host"), "hostname",
			    json_string("evil\001<host> name"));
	r->profile = NULL;
	r->rules[2].result = DA_RES_NOTSELECTED;
	text = fx_render(&da_report_arf, r, NULL);
	doc = parse(text);
	assert_int_equal(num(doc, "count(//ai:hostname)"), 0);
	assert_xpath_str(doc, "//x:TestResult/x:target", "evil\\x01<host> name");
	assert_int_equal(num(doc, "count(//x:TestResult/x:profile)"), 0);
	assert_xpath_str(doc, "//x:set-value", "CAP_CHOWN CAP_KILL");
	xmlFreeDoc(doc);
	free(text);
	oscap_chain(r, 0);
	fx_free(r);
}

static void test_oscap_accepts_overrides(void **state)
{
	struct da_results *r;
	struct da_waivers *w;

	need_tools();
	r = fx_results();
	w = fx_waive(r);
	oscap_chain(r, 0);
	fx_free(r);
	da_waivers_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_rule_results),
		cmocka_unit_test(test_waiver_override),
		cmocka_unit_test(test_host_addresses),
		cmocka_unit_test(test_host_no_fqdn),
		cmocka_unit_test(test_results_document),
		cmocka_unit_test(test_results_waiver),
		cmocka_unit_test(test_tailored_profile),
		cmocka_unit_test(test_no_document),
		cmocka_unit_test(test_oscap_accepts),
		cmocka_unit_test(test_oscap_accepts_odd_input),
		cmocka_unit_test(test_oscap_accepts_overrides),
		cmocka_unit_test(test_oscap_accepts_addresses),
		cmocka_unit_test(test_oscap_accepts_results),
		cmocka_unit_test(test_oscap_accepts_tailored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
