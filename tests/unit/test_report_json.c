/*
 * The JSON reporter: the output is parsed back with jansson and every field
 * of docs/JSON.md is checked for the hand-built results, hostile container
 * names included (they must come back byte for byte), and waived results
 * with the waiver members.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "facts/facts.h"
#include "report_fixture.h"

static json_t *render(const struct da_results *r)
{
	char *text = fx_render(&da_report_json, r, NULL);
	json_error_t e;
	json_t *doc = json_loads(text, 0, &e);

	if (!doc)
		fail_msg("output is not JSON: %d:%d: %s", e.line, e.column, e.text);
	assert_int_equal(text[strlen(text) - 1], '\n');
	free(text);
	return doc;
}

static const char *sget(const json_t *doc, const char *ptr)
{
	const char *s = json_string_value(da_facts_get(doc, ptr));

	if (!s)
		fail_msg("%s is not a string", ptr);
	return s;
}

static void test_header(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc = render(r);

	assert_string_equal(sget(doc, "/format"), "dockaudit-results");
	assert_int_equal(json_integer_value(da_facts_get(doc, "/format_version")), 1);
	assert_true(json_is_integer(da_facts_get(doc, "/format_version")));
	assert_string_equal(sget(doc, "/tool/name"), "dockaudit");
	assert_string_equal(sget(doc, "/tool/version"), PACKAGE_VERSION);
	assert_string_equal(sget(doc, "/benchmark/id"), "xccdf_org.dockaudit.test_benchmark_report");
	assert_string_equal(sget(doc, "/benchmark/title"), "Reporter test benchmark");
	assert_string_equal(sget(doc, "/benchmark/version"), "1.2.3");
	assert_string_equal(sget(doc, "/profile"), "xccdf_org.dockaudit.test_profile_strict");
	assert_string_equal(sget(doc, "/start_time"), "2026-11-25T08:00:00Z");
	assert_string_equal(sget(doc, "/end_time"), "2026-11-25T08:00:07Z");
	assert_string_equal(sget(doc, "/host/hostname"), FX_HOSTNAME);
	assert_string_equal(sget(doc, "/host/kernel"), "6.1.0-28-amd64");
	assert_string_equal(sget(doc, "/host/os"), "Debian GNU/Linux 12 (bookworm)");
	json_decref(doc);
	fx_free(r);
}

static void test_scores_and_summary(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc = render(r);
	const json_t *summary = json_object_get(doc, "summary");

	assert_float_equal(json_number_value(json_object_get(doc, "score")), 37.5, 1e-9);
	assert_int_equal(json_object_size(json_object_get(doc, "scores")), 4);
	assert_float_equal(json_number_value(da_facts_get(doc, "/scores/default/score")), 37.5, 1e-9);
	assert_float_equal(json_number_value(da_facts_get(doc, "/scores/default/max")), 100, 1e-9);
	assert_float_equal(json_number_value(da_facts_get(doc, "/scores/flat/max")), 4, 1e-9);
	assert_float_equal(json_number_value(da_facts_get(doc, "/scores/flat-unweighted/max")), 3,
			   1e-9);
	assert_float_equal(json_number_value(da_facts_get(doc, "/scores/absolute/max")), 1, 1e-9);
	assert_int_equal(json_object_size(summary), 10);
	assert_int_equal(json_integer_value(json_object_get(summary, "fail")), 2);
	assert_int_equal(json_integer_value(json_object_get(summary, "error")), 1);
	assert_int_equal(json_integer_value(json_object_get(summary, "pass")), 0);
	assert_int_equal(json_integer_value(json_object_get(summary, "notselected")), 0);
	assert_true(json_is_integer(json_object_get(summary, "informational")));
	assert_true(json_is_integer(json_object_get(summary, "fixed")));
	assert_int_equal(json_integer_value(json_object_get(summary, "total")), 3);
	json_decref(doc);
	fx_free(r);
}

static void test_rules(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc = render(r);

	assert_int_equal(json_array_size(json_object_get(doc, "rules")), 3);
	assert_string_equal(sget(doc, "/rules/0/id"), FX_RULE_ICC);
	assert_string_equal(sget(doc, "/rules/0/cis"), "2.2");
	assert_string_equal(sget(doc, "/rules/0/title"), "Restrict traffic between containers");
	assert_string_equal(sget(doc, "/rules/0/severity"), "medium");
	assert_string_equal(sget(doc, "/rules/0/result"), "fail");
	assert_true(json_is_null(da_facts_get(doc, "/rules/0/message")));
	assert_string_equal(sget(doc, "/rules/0/instances/0/subject/kind"), "daemon");
	assert_string_equal(sget(doc, "/rules/0/instances/0/subject/name"), "dockerd");
	assert_true(json_is_null(da_facts_get(doc, "/rules/0/instances/0/subject/id")));
	assert_string_equal(sget(doc, "/rules/1/id"), FX_RULE_PRIV);
	assert_string_equal(sget(doc, "/rules/1/severity"), "high");
	assert_string_equal(sget(doc, "/rules/2/id"), FX_RULE_MEM);
	assert_true(json_is_null(da_facts_get(doc, "/rules/2/cis")));
	assert_string_equal(sget(doc, "/rules/2/result"), "error");
	assert_string_equal(sget(doc, "/rules/2/message"), "fact /containers/items was not collected");
	assert_true(json_is_array(da_facts_get(doc, "/rules/2/instances")));
	assert_int_equal(json_array_size(da_facts_get(doc, "/rules/2/instances")), 0);
	json_decref(doc);
	fx_free(r);
}

static void test_hostile_names_verbatim(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc = render(r);

	assert_int_equal(json_array_size(da_facts_get(doc, "/rules/1/instances")), 3);
	assert_string_equal(sget(doc, "/rules/1/instances/0/subject/name"), FX_NAME_SCRIPT);
	assert_string_equal(sget(doc, "/rules/1/instances/0/subject/id"),
			    "1111111111111111111111111111111111111111111111111111111111111111");
	assert_string_equal(sget(doc, "/rules/1/instances/0/result"), "fail");
	assert_string_equal(sget(doc, "/rules/1/instances/1/subject/name"), FX_NAME_QUOTES);
	assert_string_equal(sget(doc, "/rules/1/instances/1/result"), "pass");
	assert_string_equal(sget(doc, "/rules/1/instances/2/subject/name"), FX_NAME_ESCAPE);
	assert_string_equal(sget(doc, "/rules/1/instances/2/message"), FX_MSG_ESCAPE);
	assert_string_equal(sget(doc, "/rules/1/instances/2/result"), "error");
	json_decref(doc);
	fx_free(r);
}

/* Without waivers: the members are there, empty. */
static void test_no_waivers(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc = render(r);

	assert_true(json_is_null(json_object_get(doc, "waivers")));
	assert_int_equal(json_array_size(json_object_get(doc, "expired_waivers")), 0);
	assert_true(json_is_array(json_object_get(doc, "expired_waivers")));
	assert_int_equal(json_array_size(json_object_get(doc, "unused_waivers")), 0);
	assert_true(json_is_array(json_object_get(doc, "unused_waivers")));
	assert_string_equal(sget(doc, "/rules/0/original_result"), "fail");
	assert_int_equal(json_integer_value(da_facts_get(doc, "/rules/0/waived")), 0);
	assert_true(json_is_null(da_facts_get(doc, "/rules/1/instances/0/waiver")));
	json_decref(doc);
	fx_free(r);
}

/* A waived failure, an expired waiver, an unused one. */
static void test_waivers(void **state)
{
	struct da_results *r = fx_results();
	struct da_waivers *w = fx_waive(r);
	json_t *doc = render(r);

	/* the waived subject: effective pass, the waiver with the original */
	assert_string_equal(sget(doc, "/rules/1/instances/0/result"), "pass");
	assert_int_equal(json_integer_value(da_facts_get(doc, "/rules/1/instances/0/waiver/index")), 1);
	assert_string_equal(sget(doc, "/rules/1/instances/0/waiver/justification"), FX_WAIVER_WHY);
	assert_string_equal(sget(doc, "/rules/1/instances/0/waiver/approved_by"), FX_WAIVER_WHO);
	assert_string_equal(sget(doc, "/rules/1/instances/0/waiver/expires"), "2027-03-31");
	assert_string_equal(sget(doc, "/rules/1/instances/0/waiver/original_result"), "fail");
	assert_int_equal(json_object_size(da_facts_get(doc, "/rules/1/instances/0/waiver")), 5);
	assert_true(json_is_null(da_facts_get(doc, "/rules/1/instances/1/waiver")));
	/* the rule: error now (its other subject), fail before waivers */
	assert_string_equal(sget(doc, "/rules/1/result"), "error");
	assert_string_equal(sget(doc, "/rules/1/original_result"), "fail");
	assert_int_equal(json_integer_value(da_facts_get(doc, "/rules/1/waived")), 1);
	/* the expired waiver: not applied, noted, listed */
	assert_string_equal(sget(doc, "/rules/0/result"), "fail");
	assert_string_equal(sget(doc, "/rules/0/instances/0/message"),
			    "/settings/icc/value is true; expected equals false; waiver expired on "
			    "2026-01-31");
	assert_int_equal(json_array_size(json_object_get(doc, "expired_waivers")), 1);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/expired_waivers/0/index")), 2);
	assert_string_equal(sget(doc, "/expired_waivers/0/rule"), FX_RULE_ICC);
	assert_string_equal(sget(doc, "/expired_waivers/0/subject"), "dockerd");
	assert_string_equal(sget(doc, "/expired_waivers/0/justification"), "until the migration");
	assert_string_equal(sget(doc, "/expired_waivers/0/approved_by"), "A. Smith");
	assert_string_equal(sget(doc, "/expired_waivers/0/expires"), "2026-01-31");
	assert_int_equal(json_integer_value(da_facts_get(doc, "/expired_waivers/0/matched")), 1);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/expired_waivers/0/waived")), 0);
	/* the unused one, its rule id resolved from the short name */
	assert_int_equal(json_array_size(json_object_get(doc, "unused_waivers")), 1);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/unused_waivers/0/index")), 3);
	assert_string_equal(sget(doc, "/unused_waivers/0/rule"), FX_RULE_MEM);
	/* the whole set, and the counts with the effective results */
	assert_string_equal(sget(doc, "/waivers/file"), "w.json");
	assert_string_equal(sget(doc, "/waivers/date"), "2026-11-25");
	assert_int_equal(json_integer_value(da_facts_get(doc, "/waivers/count")), 3);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/waivers/waived_instances")), 1);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/waivers/waived_rules")), 1);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/summary/fail")), 1);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/summary/error")), 2);
	json_decref(doc);
	fx_free(r);
	da_waivers_free(w);
}

/* No profile, a notselected rule, invalid UTF-8 and a NaN score. */
static void test_edge_cases(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc;

	r->profile = NULL;
	r->rules[2].result = DA_RES_NOTSELECTED;
	free(r->rules[2].message);
	r->rules[2].message = NULL;
	r->counts[DA_RES_ERROR] = 0;
	r->counts[DA_RES_NOTSELECTED] = 1;
	r->rules[0].instances[0].name[0] = (char)0xff;
	r->scores[DA_SCORE_DEFAULT].score = NAN;
	doc = render(r);
	assert_true(json_is_null(json_object_get(doc, "profile")));
	assert_string_equal(sget(doc, "/rules/2/result"), "notselected");
	assert_int_equal(json_array_size(da_facts_get(doc, "/rules/2/instances")), 0);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/summary/notselected")), 1);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/summary/total")), 3);
	assert_string_equal(sget(doc, "/rules/0/instances/0/subject/name"), "\\xffockerd");
	assert_true(json_is_number(json_object_get(doc, "score")));
	assert_float_equal(json_number_value(json_object_get(doc, "score")), 0.0, 1e-9);
	json_decref(doc);
	fx_free(r);
}

/* Facts the fixture lacks, as a collector would record them: the FQDN,
 * interfaces (loopback and a repeated MAC among them) and an unreachable
 * daemon. */
static void add_host_facts(struct da_results *r)
{
	json_t *facts = (json_t *)r->facts;
	json_error_t e;
	json_t *ifaces = json_loads(
		"[{\"name\": \"docker0\", \"mac\": \"02:42:ac:11:00:01\", \"loopback\": false,"
		"  \"ipv4\": [{\"address\": \"172.17.0.1\", \"prefix_len\": 16}], \"ipv6\": []},"
		" {\"name\": \"eth0\", \"mac\": \"52:54:00:12:34:56\", \"loopback\": false,"
		"  \"ipv4\": [{\"address\": \"10.0.0.5\", \"prefix_len\": 24}],"
		"  \"ipv6\": [{\"address\": \"2001:db8::5\", \"prefix_len\": 64, \"scope\": \"global\"},"
		"            {\"address\": \"fe80::5054:ff:fe12:3456\", \"prefix_len\": 64, \"scope\": \"link\"}]},"
		" {\"name\": \"eth0.10\", \"mac\": \"52:54:00:12:34:56\", \"loopback\": false,"
		"  \"ipv4\": [{\"address\": \"10.0.0.5\", \"prefix_len\": 24}]},"
		" {\"name\": \"lo\", \"mac\": \"00:00:00:00:00:00\", \"loopback\": true,"
		"  \"ipv4\": [{\"address\": \"127.0.0.1\", \"prefix_len\": 8}],"
		"  \"ipv6\": [{\"address\": \"::1\", \"prefix_len\": 128, \"scope\": \"host\"}]},"
		" {\"name\": \"tun0\", \"mac\": null, \"ipv4\": [{\"address\": \"127.0.0.2\", \"prefix_len\": 8}]}]",
		0, &e);

	if (!ifaces)
		fail_msg("interfaces: %s", e.text);
	json_object_set_new(json_object_get(facts, "host"), "fqdn", json_string(FX_HOSTNAME));
	json_object_set_new(json_object_get(facts, "host"), "interfaces", ifaces);
	json_object_set_new(facts, "daemon",
			    json_pack("{s:s, s:b, s:s, s:{s:s}}", "host", "unix:///run/docker.sock",
				      "reachable", 0, "error", "cannot connect to unix:///run/docker.sock",
				      "version", "error", "not reached"));
	json_object_del(facts, "containers");
}

/* The addresses the host has, never loopback ones, each once. */
static void test_host_and_daemon(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc = render(r);

	/* what the fixture holds: no FQDN or interfaces, a daemon version */
	assert_true(json_is_null(da_facts_get(doc, "/host/fqdn")));
	assert_int_equal(json_array_size(da_facts_get(doc, "/host/addresses/ipv4")), 0);
	assert_int_equal(json_array_size(da_facts_get(doc, "/host/addresses/ipv6")), 0);
	assert_int_equal(json_array_size(da_facts_get(doc, "/host/addresses/mac")), 0);
	assert_string_equal(sget(doc, "/daemon/version"), "24.0.7");
	assert_true(json_is_null(da_facts_get(doc, "/daemon/host")));
	assert_true(json_is_null(da_facts_get(doc, "/daemon/api_version")));
	assert_true(json_is_null(da_facts_get(doc, "/daemon/error")));
	assert_int_equal(json_object_size(json_object_get(doc, "daemon")), 4);
	assert_int_equal(json_integer_value(json_object_get(doc, "containers")), 3);
	json_decref(doc);

	add_host_facts(r);
	doc = render(r);
	assert_string_equal(sget(doc, "/host/fqdn"), FX_HOSTNAME);
	assert_int_equal(json_array_size(da_facts_get(doc, "/host/addresses/ipv4")), 2);
	assert_string_equal(sget(doc, "/host/addresses/ipv4/0"), "172.17.0.1");
	assert_string_equal(sget(doc, "/host/addresses/ipv4/1"), "10.0.0.5");
	assert_int_equal(json_array_size(da_facts_get(doc, "/host/addresses/ipv6")), 2);
	assert_string_equal(sget(doc, "/host/addresses/ipv6/0"), "2001:db8::5");
	assert_string_equal(sget(doc, "/host/addresses/ipv6/1"), "fe80::5054:ff:fe12:3456");
	assert_int_equal(json_array_size(da_facts_get(doc, "/host/addresses/mac")), 2);
	assert_string_equal(sget(doc, "/host/addresses/mac/0"), "02:42:ac:11:00:01");
	assert_string_equal(sget(doc, "/host/addresses/mac/1"), "52:54:00:12:34:56");
	assert_string_equal(sget(doc, "/daemon/host"), "unix:///run/docker.sock");
	assert_true(json_is_null(da_facts_get(doc, "/daemon/version")));
	assert_string_equal(sget(doc, "/daemon/error"), "cannot connect to unix:///run/docker.sock");
	assert_true(json_is_null(json_object_get(doc, "containers")));
	json_decref(doc);
	fx_free(r);
}

/* Weight, role and section of each rule, and the profile's title. */
static void test_rule_context(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc;

	r->rules[2].role = DA_ROLE_UNSCORED;
	doc = render(r);
	assert_string_equal(sget(doc, "/profile_title"), "Strict");
	assert_float_equal(json_number_value(da_facts_get(doc, "/rules/0/weight")), 1.0, 1e-9);
	assert_float_equal(json_number_value(da_facts_get(doc, "/rules/1/weight")), 2.0, 1e-9);
	assert_string_equal(sget(doc, "/rules/0/role"), "full");
	assert_string_equal(sget(doc, "/rules/2/role"), "unscored");
	assert_string_equal(sget(doc, "/rules/0/section/id"), "xccdf_org.dockaudit.test_group_daemon");
	assert_string_equal(sget(doc, "/rules/0/section/title"), "Daemon");
	assert_string_equal(sget(doc, "/rules/1/section/id"),
			    "xccdf_org.dockaudit.test_group_containers");
	assert_string_equal(sget(doc, "/rules/2/section/title"), "Containers");
	assert_int_equal(json_object_size(da_facts_get(doc, "/rules/1/section")), 2);
	json_decref(doc);
	r->profile = NULL;
	doc = render(r);
	assert_true(json_is_null(json_object_get(doc, "profile_title")));
	json_decref(doc);
	fx_free(r);
}

/* Two waived subjects of one rule: one waived rule, two instances. */
static void test_waived_rules_counted_once(void **state)
{
	struct da_results *r = fx_results();
	struct da_waivers *w = fx_waive(r);
	json_t *doc;

	r->rules[1].n_waived = 2;
	r->n_waived = 2;
	doc = render(r);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/waivers/waived_instances")), 2);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/waivers/waived_rules")), 1);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/rules/1/waived")), 2);
	json_decref(doc);
	fx_free(r);
	da_waivers_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_scores_and_summary),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_hostile_names_verbatim),
		cmocka_unit_test(test_edge_cases),
		cmocka_unit_test(test_no_waivers),
		cmocka_unit_test(test_waivers),
		cmocka_unit_test(test_waived_rules_counted_once),
		cmocka_unit_test(test_host_and_daemon),
		cmocka_unit_test(test_rule_context),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
