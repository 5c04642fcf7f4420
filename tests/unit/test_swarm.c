/*
 * Unit tests for the swarm collector (src/collect/swarm.c) on the fixture
 * tree tests/fixtures/hosts/swarm-node (a data root with docker-state.json
 * and the swarm's root CA), and for its address and certificate parsers;
 * and for the inventory collector (src/collect/inventory.c) on hand-made
 * images and containers sections.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "collect/collectors.h"
#include "collect/swarm.h"
#include "common/rootfs.h"
#include "common/xalloc.h"
#include "facts/facts.h"
#include "testutil.h"

/* Run collector C with the sections of FACTS_JSON on fixture host HOST
 * (NULL: "/"); returns its section. */
static json_t *run(const struct da_collector *c, const char *host, const char *facts_json)
{
	char *dir = host ? da_test_fixture("hosts/%s", host) : da_xstrdup("/");
	struct da_collect_ctx ctx = { 0 };
	struct da_err err = { "" };
	struct da_root root;
	json_t *section = json_object(), *f;
	const char *k;
	json_t *v;

	if (da_root_open(&root, dir, &err) < 0)
		fail_msg("%s", err.msg);
	ctx.root = &root;
	ctx.facts = da_facts_new(dir);
	f = json_loads(facts_json, 0, NULL);
	assert_non_null(f);
	json_object_foreach (f, k, v)
		json_object_set(ctx.facts, k, v);
	json_decref(f);
	json_object_set(ctx.facts, c->name, section);
	c->collect(&ctx, section);
	json_decref(ctx.facts);
	da_root_close(&root);
	free(dir);
	return section;
}

#define INFO(state, extra)                                                                   \
	"{\"daemon\": {\"info\": {\"DockerRootDir\": \"/var/lib/docker\", \"Swarm\": "        \
	"{\"LocalNodeState\": \"" state "\", \"ControlAvailable\": true, \"NodeAddr\": "     \
	"\"10.0.0.5\"" extra "}}}}"

static void test_swarm_node(void **state)
{
	json_t *s = run(&da_collector_swarm, "swarm-node", INFO("active", ""));

	(void)state;
	da_test_assert_json(json_object_get(s, "listen"),
			    "{\"addr\": \"0.0.0.0:2377\", \"host\": \"0.0.0.0\", \"all_interfaces\": true}");
	da_test_assert_json(json_object_get(s, "data_path"),
			    "{\"addr\": \"\", \"management_addr\": \"10.0.0.5\", \"set\": false,"
			    " \"separate\": false}");
	assert_string_equal(json_string_value(da_facts_get(s, "/state_file/advertise_addr")),
			    "10.0.0.5:2377");
	/* openssl x509 -noout -startdate -enddate of the fixture */
	assert_string_equal(json_string_value(da_facts_get(s, "/root_ca/not_before")),
			    "2026-12-07T15:07:51Z");
	assert_string_equal(json_string_value(da_facts_get(s, "/root_ca/not_after")),
			    "2046-12-02T15:07:51Z");
	assert_true(json_is_integer(da_facts_get(s, "/root_ca/age_days")));
	assert_string_equal(json_string_value(da_facts_get(s, "/root_ca/path")),
			    "/var/lib/docker/swarm/certificates/swarm-root-ca.crt");
	assert_true(json_is_true(json_object_get(s, "manager")));
	json_decref(s);
}

/* Outside a swarm nothing is read; in one without the files each fact is
 * its error; without /info the section is the error. */
static void test_swarm_states(void **state)
{
	json_t *s = run(&da_collector_swarm, "swarm-node", INFO("inactive", ""));

	(void)state;
	da_test_assert_json(s, "{\"state\": \"inactive\", \"manager\": true, \"node_addr\": \"10.0.0.5\"}");
	json_decref(s);
	s = run(&da_collector_swarm, "rootfs", INFO("active", ""));
	assert_non_null(strstr(json_string_value(da_facts_get(s, "/state_file/error")),
			       "docker-state.json: No such file or directory"));
	assert_non_null(da_facts_get(s, "/listen/error"));
	assert_non_null(da_facts_get(s, "/data_path/error"));
	assert_non_null(da_facts_get(s, "/root_ca/error"));
	json_decref(s);
	s = run(&da_collector_swarm, "rootfs", "{\"daemon\": {\"info\": {\"error\": \"GET /info: HTTP 500\"}}}");
	da_test_assert_json(s, "{\"error\": \"GET /info: HTTP 500\"}");
	json_decref(s);
}

static void test_addr_host(void **state)
{
	static const char *const cases[][2] = {
		{ "0.0.0.0:2377", "0.0.0.0" }, { "[::]:2377", "::" },  { "10.1.2.3", "10.1.2.3" },
		{ "eth1:2377", "eth1" },       { "::1", "::1" },        { "[fe80::1]", "fe80::1" },
		{ ":2377", "" },               { "", "" },
	};
	size_t i;
	char *h;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		h = da_swarm_addr_host(cases[i][0]);
		assert_string_equal(h, cases[i][1]);
		free(h);
	}
	assert_true(da_swarm_host_is_any(""));
	assert_true(da_swarm_host_is_any("::"));
	assert_false(da_swarm_host_is_any("127.0.0.1"));
	assert_false(da_swarm_host_is_any("eth0"));
}

/* notAfter past 2049 is a GeneralizedTime (RFC 5280 4.1.2.5). */
static void test_cert_generalized(void **state)
{
	char *path = da_test_fixture("swarm/ca-generalized.crt"), *text = NULL;
	const char *what = NULL;
	struct da_err err = { "" };
	struct da_root root;
	time_t nb, na;
	size_t len = 0;

	(void)state;
	if (da_root_open(&root, "/", &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(da_root_read_file(&root, path, 1u << 16, &text, &len), 0);
	assert_int_equal(da_swarm_cert_dates(text, len, &nb, &na, &what), 0);
	assert_int_equal((long long)nb, 1796656797LL); /* 2026-12-07T15:19:57Z */
	assert_int_equal((long long)na, 4388656797LL); /* 2109-01-26T15:19:57Z */
	free(text);
	free(path);
	da_root_close(&root);
}

static void test_cert_errors(void **state)
{
	static const char *const bad[] = {
		"no pem here",
		"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
		"-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n",
		"-----BEGIN CERTIFICATE-----\nMIIBIjAN\n-----END CERTIFICATE-----\n",
		"-----BEGIN CERTIFICATE-----\n",
	};
	const char *what = NULL;
	time_t nb, na;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		what = NULL;
		assert_int_equal(da_swarm_cert_dates(bad[i], strlen(bad[i]), &nb, &na, &what), -22);
		assert_non_null(what);
	}
}

static void test_inventory(void **state)
{
	json_t *s = run(&da_collector_inventory, NULL,
			"{\"images\": {\"items\": ["
			" {\"id\": \"a\", \"listed\": true, \"in_use_by\": [\"c1\"], \"repo_tags\": [\"a:1\"], \"parent\": \"\"},"
			" {\"id\": \"b\", \"listed\": true, \"in_use_by\": [], \"repo_tags\": [], \"parent\": \"\"},"
			" {\"id\": \"p\", \"listed\": true, \"in_use_by\": [], \"repo_tags\": [], \"parent\": \"\"},"
			" {\"id\": \"q\", \"listed\": true, \"in_use_by\": [], \"repo_tags\": [\"q:1\"], \"parent\": \"p\"},"
			" {\"id\": \"gone\", \"listed\": false, \"in_use_by\": [\"c2\"]}]},"
			" \"containers\": {\"items\": [{\"running\": true}, {\"running\": false}, {}]}}");

	(void)state;
	da_test_assert_json(json_object_get(s, "images"),
			    "{\"total\": 4, \"unused\": 3, \"dangling\": 1,"
			    " \"summary\": \"4 images (3 unused, 1 dangling)\"}");
	da_test_assert_json(json_object_get(s, "containers"),
			    "{\"total\": 3, \"running\": 1, \"stopped\": 2,"
			    " \"summary\": \"3 containers (1 running, 2 stopped)\"}");
	json_decref(s);
	s = run(&da_collector_inventory, NULL,
		"{\"images\": {\"error\": \"GET /images/json: HTTP 500\"}, \"containers\": {}}");
	assert_string_equal(json_string_value(da_facts_get(s, "/images/error")),
			    "GET /images/json: HTTP 500");
	assert_string_equal(json_string_value(da_facts_get(s, "/containers/error")),
			    "the containers were not listed");
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swarm_node),  cmocka_unit_test(test_swarm_states),
		cmocka_unit_test(test_addr_host),   cmocka_unit_test(test_cert_errors),
		cmocka_unit_test(test_cert_generalized),
		cmocka_unit_test(test_inventory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
