/*
 * Unit tests for the images collector (src/collect/images.c) against
 * tests/unit/fake_engine.c replaying a real dockerd 20.10
 * (tests/fixtures/api/img-*.json): inspect and full history of every image
 * listed, images referenced by containers but gone, untagged images, all
 * requests made concurrently, and malformed answers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/collectors.h"
#include "collect/images.h"
#include "common/xalloc.h"
#include "facts/facts.h"
#include "fake_engine.h"
#include "testutil.h"

#define APP "sha256:b0436b54a4cb04721743772e0ce857c00a4d6cb407e955735e855457e00193cc"
#define BUSYBOX "sha256:515037720aa23f6818ceaa45325737d74c33cc2f52a8338cd7559abd6c7c6511"
#define STEP "sha256:e29d7f68b711e3f2cb51552eeec3b648b5dae20848e761e60bc093bb4bb89443"
#define GONE "sha256:7c1bd72adce84bf5c343bf3cf6662cb694125d895d63e2e3a890d50cbe01e96d"

static const struct fake_route engine[] = {
	{ .path = "/images/json?all=1", .file = "img-list.json" },
	{ .path = "/images/" APP "/json", .file = "img-inspect-b0436b54a4cb.json" },
	{ .path = "/images/" APP "/history", .file = "img-history-b0436b54a4cb.json" },
	{ .path = "/images/" BUSYBOX "/json", .file = "img-inspect-515037720aa2.json" },
	{ .path = "/images/" BUSYBOX "/history", .file = "img-history-515037720aa2.json" },
	{ .path = "/images/" STEP "/json", .file = "img-inspect-e29d7f68b711.json" },
	{ .path = "/images/" STEP "/history", .file = "img-history-e29d7f68b711.json" },
	{ .path = "/images/" GONE "/json", .status = 404, .file = "img-inspect-orphan-404.json" },
	{ .path = "/images/" GONE "/history", .status = 404, .file = "img-history-orphan-404.json" },
};

/* The containers section as the containers collector leaves it (the
 * members the images collector reads), for the captured host. */
static const char containers[] =
	"{\"count\": 4, \"items\": ["
	" {\"name\": \"app\", \"image_id\": \"" APP "\"},"
	" {\"name\": \"orphan\", \"image_id\": \"" GONE "\"},"
	" {\"name\": \"web\", \"image_id\": \"" BUSYBOX "\"},"
	" {\"name\": \"db\", \"image_id\": \"" BUSYBOX "\"},"
	" {\"name\": \"broken\", \"error\": \"GET /containers/x/json: HTTP 500\"}]}";

/* Run the collector against HOST with CONTAINERS_JSON (may be NULL) as the
 * containers section; returns the images section. */
static json_t *collect(const char *host, const char *containers_json, struct fake_engine *fe,
		       int *requests)
{
	struct da_docker_opts opts = { .host = host, .timeout_ms = 5000 };
	struct da_err err = { "" };
	struct da_collect_ctx ctx = { 0 };
	struct da_docker *d = NULL;
	struct da_root root;
	json_t *section = json_object();

	if (da_root_open(&root, "/", &err) < 0 || da_docker_open(&opts, &d, &err) < 0)
		fail_msg("%s", err.msg);
	ctx.root = &root;
	ctx.docker = d;
	ctx.facts = da_facts_new("/");
	if (containers_json)
		json_object_set_new(ctx.facts, "containers", json_loads(containers_json, 0, NULL));
	json_object_set(ctx.facts, da_collector_images.name, section);
	da_collector_images.collect(&ctx, section);
	if (requests)
		*requests = fake_engine_requests(fe);
	json_decref(ctx.facts);
	da_docker_close(d);
	da_root_close(&root);
	return section;
}

static void assert_json_text(const json_t *got, const char *want_text)
{
	json_error_t e;
	json_t *want = json_loads(want_text, JSON_DECODE_ANY, &e);

	if (!want)
		fail_msg("bad test JSON: %s: %s", e.text, want_text);
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);

		json_decref(want);
		fail_msg("got  %s\nwant %s", g ? g : "NULL", want_text);
	}
	json_decref(want);
}

static const json_t *image(const json_t *section, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach (json_object_get(section, "items"), i, v) {
		if (strcmp(json_string_value(json_object_get(v, "id")), id) == 0)
			return v;
	}
	fail_msg("no image %s", id);
	return NULL;
}

static int setup(void **state)
{
	struct fake_engine *fe = fake_engine_start(engine, sizeof(engine) / sizeof(engine[0]));
	int requests = 0;

	*state = collect(fake_engine_host(fe), containers, fe, &requests);
	/* the list, then an inspect and a history for each of four images */
	assert_int_equal(requests, 9);
	fake_engine_stop(fe);
	return 0;
}

static int teardown(void **state)
{
	json_decref(*state);
	return 0;
}

static void test_listed_and_sorted(void **state)
{
	const json_t *section = *state;
	static const char *const names[] = { "dockaudit/app:2.1", "dockaudit/busybox:1", GONE, STEP };
	size_t i;

	assert_null(json_object_get(section, "error"));
	assert_int_equal(json_integer_value(json_object_get(section, "count")), 4);
	for (i = 0; i < 4; i++)
		assert_string_equal(json_string_value(da_facts_get(
					    json_array_get(json_object_get(section, "items"), i), "/name")),
				    names[i]);
}

/* Everything but the history, as the daemon answered for dockaudit/app:2.1. */
static void test_inspect_facts(void **state)
{
	json_t *app = json_deep_copy(image(*state, APP));

	json_object_del(app, "history");
	assert_json_text(app,
		"{\"id\": \"" APP "\", \"name\": \"dockaudit/app:2.1\", \"listed\": true,"
		" \"in_use_by\": [\"app\"], \"repo_tags\": [\"dockaudit/app:2.1\"], \"repo_digests\": [],"
		" \"created\": \"2026-11-25T09:32:13.062650252Z\", \"size\": 1982349, \"user\": \"app\","
		" \"parent\": \"" STEP "\","
		" \"healthcheck\": {\"Test\": [\"CMD\", \"/bin/id\"], \"Interval\": 30000000000,"
		"  \"Timeout\": 3000000000},"
		" \"env\": [\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
		"  \"APP_MODE=production\", \"DB_PASSWORD=hunter2\"],"
		" \"labels\": {\"maintainer\": \"ops@example.com\","
		"  \"org.opencontainers.image.title\": \"app\"}}");
	json_decref(app);
	/* an imported image: no user, no healthcheck, no env; used by two */
	assert_json_text(json_object_get(image(*state, BUSYBOX), "in_use_by"), "[\"db\", \"web\"]");
	assert_json_text(json_object_get(image(*state, BUSYBOX), "healthcheck"), "null");
	assert_json_text(json_object_get(image(*state, BUSYBOX), "user"), "\"\"");
	assert_json_text(json_object_get(image(*state, BUSYBOX), "env"), "[]");
	assert_json_text(json_object_get(image(*state, BUSYBOX), "parent"), "\"\"");
}

/* Every build step, CreatedBy in full, newest first. */
static void test_history(void **state)
{
	const json_t *h = json_object_get(image(*state, APP), "history");

	assert_null(json_object_get(h, "error"));
	assert_int_equal(json_array_size(json_object_get(h, "items")), 7);
	assert_json_text(da_facts_get(h, "/items/1"),
		"{\"created_by\": \"/bin/sh -c #(nop)  HEALTHCHECK &{[\\\"CMD\\\" \\\"/bin/id\\\"]"
		" \\\"30s\\\" \\\"3s\\\" \\\"0s\\\" '\\\\x00'}\","
		" \"created\": 1795599132, \"size\": 0, \"empty_layer\": true, \"comment\": \"\"}");
	assert_json_text(da_facts_get(h, "/items/3"),
		"{\"created_by\": \"/bin/sh -c echo hello > /tmp/hello && id\","
		" \"created\": 1795599130, \"size\": 6, \"empty_layer\": false, \"comment\": \"\"}");
	assert_json_text(da_facts_get(h, "/items/5"),
		"{\"created_by\": \"/bin/sh -c #(nop)  ENV APP_MODE=production DB_PASSWORD=hunter2\","
		" \"created\": 1795599128, \"size\": 0, \"empty_layer\": true, \"comment\": \"\"}");
	assert_json_text(da_facts_get(h, "/items/6"),
		"{\"created_by\": \"\", \"created\": 1795599128, \"size\": 1982343,"
		" \"empty_layer\": false, \"comment\": \"Imported from -\"}");
}

/* An untagged build step: "<none>:<none>" is no tag; named by its id. */
static void test_untagged(void **state)
{
	const json_t *step = image(*state, STEP);

	assert_json_text(json_object_get(step, "repo_tags"), "[]");
	assert_json_text(json_object_get(step, "repo_digests"), "[]");
	assert_json_text(json_object_get(step, "in_use_by"), "[]");
	assert_true(json_is_true(json_object_get(step, "listed")));
	assert_string_equal(json_string_value(json_object_get(step, "name")), STEP);
}

/* Used by a container, gone from the daemon: recorded with the error. */
static void test_dangling_reference(void **state)
{
	const json_t *gone = image(*state, GONE);

	assert_json_text(gone,
		"{\"id\": \"" GONE "\", \"name\": \"" GONE "\", \"listed\": false,"
		" \"in_use_by\": [\"orphan\"],"
		" \"error\": \"GET /images/" GONE "/json: HTTP 404: no such image: " GONE
		": No such image: " GONE "\","
		" \"history\": {\"error\": \"GET /images/" GONE "/history: HTTP 404: No such image: "
		GONE "\"}}");
}

/* No containers section (its collector did not run): the list alone. */
static void test_without_containers(void **state)
{
	struct fake_engine *fe = fake_engine_start(engine, sizeof(engine) / sizeof(engine[0]));
	json_t *section = collect(fake_engine_host(fe), NULL, fe, NULL);

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(section, "count")), 3);
	assert_json_text(json_object_get(image(section, BUSYBOX), "in_use_by"), "[]");
	json_decref(section);
	fake_engine_stop(fe);
}

static void test_unreachable(void **state)
{
	json_t *section = collect("unix:///nonexistent/dockaudit-test/docker.sock", NULL, NULL, NULL);

	(void)state;
	assert_string_equal(json_string_value(json_object_get(section, "error")),
			    "GET /images/json?all=1: cannot connect to "
			    "unix:///nonexistent/dockaudit-test/docker.sock: No such file or directory");
	assert_null(json_object_get(section, "items"));
	json_decref(section);
}

/* Answers of the wrong shape: named, and the rest goes on. */
static void test_malformed(void **state)
{
	static const struct fake_route r[] = {
		{ .path = "/images/json?all=1",
		  .body = "[{\"Id\": \"sha256:aa\"}, {\"Id\": \"sha256:bb\"}, {\"Id\": 7},"
			  " {\"Id\": \"sha256:aa\"}, \"junk\", {\"Id\": \"we/ird id\"}]" },
		{ .path = "/images/sha256:aa/json", .body = "[1, 2]" },
		{ .path = "/images/sha256:aa/history", .body = "{}" },
		{ .path = "/images/sha256:bb/json",
		  .body = "{\"RepoTags\": \"x\", \"Config\": {\"User\": 0, \"Env\": \"A=1\","
			  " \"Labels\": [], \"Healthcheck\": \"yes\"}, \"Size\": \"big\"}" },
		{ .path = "/images/sha256:bb/history",
		  .body = "[{\"CreatedBy\": 5, \"Size\": 0}, {\"CreatedBy\": \"RUN x\", \"Size\": 1}, 3]" },
		{ .path = "/images/we%2Fird%20id/json", .body = "{\"RepoTags\": [\"weird:1\"]}" },
		{ .path = "/images/we%2Fird%20id/history", .body = "not json" },
	};
	struct fake_engine *fe = fake_engine_start(r, sizeof(r) / sizeof(r[0]));
	json_t *section = collect(fake_engine_host(fe), NULL, fe, NULL);
	const json_t *aa = image(section, "sha256:aa"), *bb = image(section, "sha256:bb");
	const json_t *weird = image(section, "we/ird id");

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(section, "count")), 3);
	assert_string_equal(json_string_value(json_object_get(aa, "error")),
			    "GET /images/sha256:aa/json: not a JSON object");
	assert_string_equal(json_string_value(da_facts_get(aa, "/history/error")),
			    "GET /images/sha256:aa/history: not a JSON array");
	/* wrong types: each member falls back to "not set", never a crash */
	assert_json_text(json_object_get(bb, "repo_tags"), "[]");
	assert_json_text(json_object_get(bb, "user"), "\"\"");
	assert_json_text(json_object_get(bb, "env"), "[]");
	assert_json_text(json_object_get(bb, "labels"), "{}");
	assert_json_text(json_object_get(bb, "healthcheck"), "null");
	assert_json_text(json_object_get(bb, "size"), "null");
	assert_json_text(json_object_get(bb, "history"),
		"{\"items\": [{\"error\": \"history entry without string CreatedBy and integer Size\"},"
		" {\"created_by\": \"RUN x\", \"created\": null, \"size\": 1, \"empty_layer\": false,"
		"  \"comment\": \"\"},"
		" {\"error\": \"history entry without string CreatedBy and integer Size\"}]}");
	/* an id the daemon sends is percent-encoded in the path */
	assert_string_equal(json_string_value(json_object_get(weird, "name")), "weird:1");
	assert_non_null(strstr(json_string_value(da_facts_get(weird, "/history/error")),
			       "GET /images/we%2Fird%20id/history: "));
	json_decref(section);
	fake_engine_stop(fe);
}

static void test_list_not_array(void **state)
{
	static const struct fake_route r[] = {
		{ .path = "/images/json?all=1", .body = "{\"Id\": \"sha256:aa\"}" },
	};
	struct fake_engine *fe = fake_engine_start(r, 1);
	json_t *section = collect(fake_engine_host(fe), NULL, fe, NULL);

	(void)state;
	assert_string_equal(json_string_value(json_object_get(section, "error")),
			    "GET /images/json?all=1: not a JSON array");
	assert_null(json_object_get(section, "count"));
	json_decref(section);
	fake_engine_stop(fe);
}

/* Inspections run concurrently: 40 images, each answer delayed 200 ms,
 * must take far less than 40 * 2 * 200 ms, with many in flight at once. */
static void test_concurrent(void **state)
{
	enum { N = 40 };
	struct fake_route r[1 + 2 * N];
	char *paths[2 * N];
	char list[N * 40 + 8];
	struct fake_engine *fe;
	json_t *section;
	size_t off;
	int i;

	(void)state;
	off = (size_t)snprintf(list, sizeof(list), "[");
	for (i = 0; i < N; i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s{\"Id\": \"sha256:%02d\"}",
					i ? "," : "", i);
	snprintf(list + off, sizeof(list) - off, "]");
	memset(r, 0, sizeof(r));
	r[0].path = "/images/json?all=1";
	r[0].body = list;
	for (i = 0; i < N; i++) {
		paths[2 * i] = da_xasprintf("/images/sha256:%02d/json", i);
		paths[2 * i + 1] = da_xasprintf("/images/sha256:%02d/history", i);
		r[1 + 2 * i] = (struct fake_route){ .path = paths[2 * i], .body = "{}", .delay_ms = 200 };
		r[2 + 2 * i] = (struct fake_route){ .path = paths[2 * i + 1], .body = "[]", .delay_ms = 200 };
	}
	fe = fake_engine_start(r, 1 + 2 * N);
	section = collect(fake_engine_host(fe), NULL, fe, NULL);
	assert_int_equal(json_integer_value(json_object_get(section, "count")), N);
	assert_null(da_facts_get(section, "/items/39/error"));
	assert_true(fake_engine_max_concurrent(fe) >= 8);
	json_decref(section);
	fake_engine_stop(fe);
	for (i = 0; i < 2 * N; i++)
		free(paths[i]);
}

/* What each container's reference names now: a moved tag, a current one,
 * one gone (404), one started by id, a digest, a reference that is never
 * put in a path, and an answer that is not 404. */
static void test_references(void **state)
{
	static const struct fake_route r[] = {
		{ .path = "/images/json?all=1", .body = "[]" },
		{ .path = "/images/app:1/json", .body = "{\"Id\": \"sha256:new\"}" },
		{ .path = "/images/web:1/json", .body = "{\"Id\": \"sha256:web\"}" },
		{ .path = "/images/" APP "/json", .body = "{\"Id\": \"" APP "\"}" },
		{ .path = "/images/b0436b54a4cb/json", .body = "{\"Id\": \"" APP "\"}" },
		{ .path = "/images/db@sha256:aa/json", .body = "{\"Id\": \"sha256:db\"}" },
		{ .path = "/images/bad:1/json", .status = 500, .body = "{\"message\": \"boom\"}" },
	};
	static const char cs[] =
		"{\"items\": ["
		" {\"name\": \"old\", \"id\": \"c1\", \"image\": \"app:1\", \"image_id\": \"sha256:old\"},"
		" {\"name\": \"web\", \"id\": \"c2\", \"image\": \"web:1\", \"image_id\": \"sha256:web\"},"
		" {\"name\": \"gone\", \"id\": \"c3\", \"image\": \"gone:1\", \"image_id\": \"sha256:x\"},"
		" {\"name\": \"byid\", \"id\": \"c4\", \"image\": \"b0436b54a4cb\", \"image_id\": \"" APP "\"},"
		" {\"name\": \"dig\", \"id\": \"c5\", \"image\": \"db@sha256:aa\", \"image_id\": \"sha256:db\"},"
		" {\"name\": \"evil\", \"id\": \"c6\", \"image\": \"../../containers/json?x\", \"image_id\": \"sha256:e\"},"
		" {\"name\": \"bad\", \"id\": \"c7\", \"image\": \"bad:1\", \"image_id\": \"sha256:b\"},"
		" {\"name\": \"broken\", \"error\": \"inspect failed\"}]}";
	struct fake_engine *fe = fake_engine_start(r, sizeof(r) / sizeof(r[0]));
	json_t *s = collect(fake_engine_host(fe), cs, fe, NULL), *refs = json_object_get(s, "references");

	(void)state;
	assert_int_equal(json_array_size(refs), 8);
	da_test_assert_json(json_array_get(refs, 0),
			    "{\"container\": \"old\", \"container_id\": \"c1\", \"reference\": \"app:1\","
			    " \"image_id\": \"sha256:old\", \"by\": \"tag\", \"resolves\": true,"
			    " \"current_id\": \"sha256:new\", \"current\": false}");
	assert_true(json_is_true(da_facts_get(refs, "/1/current")));
	assert_true(json_is_false(da_facts_get(refs, "/2/resolves")));
	assert_true(json_is_false(da_facts_get(refs, "/2/current")));
	assert_string_equal(json_string_value(da_facts_get(refs, "/3/by")), "id");
	assert_true(json_is_true(da_facts_get(refs, "/3/current")));
	assert_string_equal(json_string_value(da_facts_get(refs, "/4/by")), "digest");
	assert_true(json_is_true(da_facts_get(refs, "/4/current")));
	assert_non_null(strstr(json_string_value(da_facts_get(refs, "/5/error")), "not a plain reference"));
	assert_null(da_facts_get(refs, "/5/current"));
	assert_non_null(strstr(json_string_value(da_facts_get(refs, "/6/error")), "HTTP 500"));
	assert_non_null(da_facts_get(refs, "/7/error"));
	json_decref(s);
	fake_engine_stop(fe);
}

static void test_ref_helpers(void **state)
{
	(void)state;
	assert_true(da_images_ref_ok("registry.example:5000/team/app:1.2"));
	assert_true(da_images_ref_ok("app@sha256:0123abcd"));
	assert_false(da_images_ref_ok(""));
	assert_false(da_images_ref_ok("/app"));
	assert_false(da_images_ref_ok("a/../b"));
	assert_false(da_images_ref_ok("a//b"));
	assert_false(da_images_ref_ok("app?x=1"));
	assert_false(da_images_ref_ok("app%2f"));
	assert_string_equal(da_images_ref_kind("app:1", APP), "tag");
	assert_string_equal(da_images_ref_kind(APP, APP), "id");
	assert_string_equal(da_images_ref_kind("b0436b54a4cb", APP), "id");
	assert_string_equal(da_images_ref_kind("b0436b54a4c", APP), "tag"); /* too short */
	assert_string_equal(da_images_ref_kind("deadbeefdead", APP), "tag");
	assert_string_equal(da_images_ref_kind("app@sha256:00", APP), "digest");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_listed_and_sorted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inspect_facts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_untagged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dangling_reference, setup, teardown),
		cmocka_unit_test(test_without_containers),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_list_not_array),
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_ref_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
