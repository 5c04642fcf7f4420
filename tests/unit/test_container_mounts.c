/*
 * Container mounts judged by their real host paths (container_cfg.c,
 * volumes.c) and the daemon's seccomp profile file (seccomp.c), on a tree
 * built at run time: symlinks to /etc, to an ordinary directory and out
 * of the root, a volume bound to a host directory, parents of sensitive
 * directories.
 */
#include "collect/container_cfg.h"
#include "collect/seccomp.h"
#include "collect/volumes.h"
#include "common/xalloc.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

struct tree {
	char *dir;
	struct da_root root;
};

static void link_at(const char *dir, const char *target, const char *rel)
{
	char *p = da_xasprintf("%s/%s", dir, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static int setup(void **state)
{
	struct tree *t = da_xcalloc(1, sizeof(*t));
	char tmpl[] = "/tmp/da-ctrmounts.XXXXXX";
	struct da_err err = { "" };

	assert_non_null(mkdtemp(tmpl));
	t->dir = da_xstrdup(tmpl);
	da_test_mkdirs(t->dir, "etc/docker");
	da_test_mkdirs(t->dir, "srv/app");
	da_test_mkdirs(t->dir, "run");
	da_test_mkdirs(t->dir, "var/lib/docker/volumes/plain/_data");
	da_test_puts_file(t->dir, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
	da_test_puts_file(t->dir, "run/docker.sock", "");
	da_test_puts_file(t->dir, "etc/docker/allow.json",
			  "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");
	link_at(t->dir, "/etc", "srv/link-etc");
	link_at(t->dir, "app", "srv/link-app");
	link_at(t->dir, "../../../../../etc", "srv/escape");
	link_at(t->dir, "../run", "var/run");
	link_at(t->dir, "/run", "srv/sockdir");
	assert_int_equal(da_root_open(&t->root, t->dir, &err), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;

	da_root_close(&t->root);
	da_test_remove_tree(t->dir);
	free(t->dir);
	free(t);
	return 0;
}

static void assert_resolves(const struct da_root *root, const char *path, const char *want)
{
	char *got = da_container_resolve(root, path);

	assert_string_equal(got, want);
	free(got);
}

/* Symlinks resolve inside the root; what does not exist is kept. */
static void test_resolve(void **state)
{
	struct tree *t = *state;

	assert_resolves(&t->root, "/srv/link-etc", "/etc");
	assert_resolves(&t->root, "/srv/link-etc/", "/etc");
	assert_resolves(&t->root, "/srv/link-app", "/srv/app");
	assert_resolves(&t->root, "/srv/escape", "/etc");
	assert_resolves(&t->root, "/var/run/docker.sock", "/run/docker.sock");
	assert_resolves(&t->root, "/srv/link-etc/missing/x", "/etc/missing/x");
	assert_resolves(&t->root, "/nothing/here", "/nothing/here");
	assert_resolves(&t->root, "//srv/./app/../link-etc", "/etc");
	assert_resolves(&t->root, "/", "/");
	assert_resolves(NULL, "/srv/link-etc", "/srv/link-etc");
}

static void test_exposed(void **state)
{
	struct tree *t = *state;
	const struct da_container_paths paths = { .data_root = "/srv/docker", .root = &t->root };
	json_t *got;

	got = da_container_exposed("/var/lib", &paths);
	da_test_assert_json(got, "[\"/var/lib/docker\", \"/var/lib/containerd\"]");
	json_decref(got);
	got = da_container_exposed("/srv", &paths);
	da_test_assert_json(got, "[\"/srv/docker\"]");
	json_decref(got);
	/* /var holds /var/run (a link to /run) and the state directories */
	got = da_container_exposed("/var", &paths);
	da_test_assert_json(got, "[\"/var/run\", \"/var/lib/docker\", \"/var/lib/containerd\"]");
	json_decref(got);
	got = da_container_exposed("/srv/app", &paths);
	da_test_assert_json(got, "[]");
	json_decref(got);
	assert_true(da_container_is_docker_socket("/srv/sockdir", &paths) == false);
	assert_true(da_container_is_docker_socket("/run", &paths));
	assert_true(da_container_is_docker_socket("/", &paths));
}

static json_t *mounts_of(const struct tree *t, const char *inspect_text, const char *volumes_text)
{
	json_t *inspect = json_loads(inspect_text, 0, NULL);
	json_t *volumes = volumes_text ? json_loads(volumes_text, 0, NULL) : NULL;
	const struct da_container_paths paths = { .data_root = "/var/lib/docker",
						  .socket = "/var/run/docker.sock",
						  .root = &t->root,
						  .volumes = volumes };
	json_t *out;

	assert_non_null(inspect);
	out = da_container_mounts(inspect, &paths, NULL);
	json_decref(inspect);
	json_decref(volumes);
	return out;
}

/* A stopped container, judged from its config. */
static void test_config_mounts(void **state)
{
	struct tree *t = *state;
	json_t *got = mounts_of(
		t,
		"{\"Mounts\": ["
		" {\"Type\": \"bind\", \"Source\": \"/srv/link-etc\", \"Destination\": \"/a\", \"RW\": false},"
		" {\"Type\": \"bind\", \"Source\": \"/srv/link-app\", \"Destination\": \"/b\", \"RW\": true},"
		" {\"Type\": \"volume\", \"Name\": \"etcvol\", \"Driver\": \"local\","
		"  \"Source\": \"/var/lib/docker/volumes/etcvol/_data\", \"Destination\": \"/c\", \"RW\": true},"
		" {\"Type\": \"volume\", \"Name\": \"plain\", \"Driver\": \"local\","
		"  \"Source\": \"/var/lib/docker/volumes/plain/_data\", \"Destination\": \"/d\", \"RW\": true},"
		" {\"Type\": \"bind\", \"Source\": \"/var/lib\", \"Destination\": \"/e\", \"RW\": true},"
		" {\"Type\": \"volume\", \"Name\": \"sockvol\", \"Driver\": \"local\","
		"  \"Source\": \"/var/lib/docker/volumes/sockvol/_data\", \"Destination\": \"/f\", \"RW\": true},"
		" {\"Type\": \"volume\", \"Name\": \"gone\", \"Driver\": \"local\","
		"  \"Source\": \"/x\", \"Destination\": \"/g\", \"RW\": true}]}",
		"{\"etcvol\": {\"Name\": \"etcvol\", \"Driver\": \"local\","
		"  \"Options\": {\"type\": \"none\", \"o\": \"bind\", \"device\": \"/srv/link-etc\"}},"
		" \"plain\": {\"Name\": \"plain\", \"Driver\": \"local\", \"Options\": null},"
		" \"sockvol\": {\"Name\": \"sockvol\", \"Driver\": \"local\","
		"  \"Options\": {\"type\": \"none\", \"o\": \"rbind,ro\", \"device\": \"/srv/sockdir\"}},"
		" \"gone\": {\"error\": \"GET /volumes/gone: HTTP 404\"}}");
	const char *want[][4] = {
		/* host_path, sensitive_dir, docker_socket */
		{ "/etc", "/etc", "false" },
		{ "/srv/app", NULL, "false" },
		{ "/etc", "/etc", "false" },
		{ NULL, NULL, "false" },
		{ "/var/lib", "/var/lib/docker", "false" },
		{ "/run", "/run", "true" },
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const json_t *m = json_array_get(got, i);
		const char *hp = json_string_value(json_object_get(m, "host_path"));
		const char *sd = json_string_value(json_object_get(m, "sensitive_dir"));

		print_message("mount %zu\n", i);
		assert_null(json_object_get(m, "error"));
		if (want[i][0])
			assert_string_equal(hp, want[i][0]);
		else
			assert_null(hp);
		if (want[i][1])
			assert_string_equal(sd, want[i][1]);
		else
			assert_null(sd);
		assert_int_equal(json_is_true(json_object_get(m, "sensitive")), want[i][1] != NULL);
		assert_int_equal(json_is_true(json_object_get(m, "docker_socket")),
				 strcmp(want[i][2], "true") == 0);
	}
	da_test_assert_json(json_object_get(json_array_get(got, 0), "source"), "\"/srv/link-etc\"");
	da_test_assert_json(json_object_get(json_array_get(got, 2), "volume_device"),
			    "\"/srv/link-etc\"");
	da_test_assert_json(json_object_get(json_array_get(got, 4), "exposes"),
			    "[\"/var/lib/docker\", \"/var/lib/containerd\"]");
	/* a volume that could not be inspected cannot pass */
	da_test_assert_json(json_object_get(json_array_get(got, 6), "error"),
			    "\"volume gone: GET /volumes/gone: HTTP 404\"");
	json_decref(got);
}

/* The kernel's host path wins over the config's; a plain volume's own
 * directory exposes nothing. */
static void test_kernel_mounts(void **state)
{
	struct tree *t = *state;
	json_t *inspect = json_loads(
		"{\"Mounts\": ["
		" {\"Type\": \"bind\", \"Source\": \"/srv/app\", \"Destination\": \"/a\", \"RW\": true},"
		" {\"Type\": \"volume\", \"Name\": \"plain\", \"Driver\": \"local\","
		"  \"Source\": \"/var/lib/docker/volumes/plain/_data\", \"Destination\": \"/d\", \"RW\": true},"
		" {\"Type\": \"volume\", \"Name\": \"odd\", \"Driver\": \"local\","
		"  \"Source\": \"/var/lib/docker/volumes/odd/_data\", \"Destination\": \"/o\", \"RW\": true}],"
		" \"HostConfig\": {\"Binds\": [\"cache:/c\"]}}",
		0, NULL);
	json_t *kernel = json_loads(
		"{\"items\": {\"/a\": {\"host_path\": \"/etc\", \"read_only\": true},"
		" \"/d\": {\"host_path\": \"/var/lib/docker/volumes/plain/_data\"},"
		" \"/o\": {\"host_path\": \"/root\"},"
		" \"/c\": {\"host_path\": \"/var/lib/docker/volumes/cache/_data\"}}}",
		0, NULL);
	const struct da_container_paths paths = { .data_root = "/var/lib/docker", .root = &t->root };
	json_t *got = da_container_mounts(inspect, &paths, kernel);

	da_test_assert_json(json_object_get(json_array_get(got, 0), "host_path"), "\"/etc\"");
	da_test_assert_json(json_object_get(json_array_get(got, 0), "host_path_from"),
			    "\"mountinfo\"");
	da_test_assert_json(json_object_get(json_array_get(got, 0), "kernel"),
			    "{\"host_path\": \"/etc\", \"read_only\": true}");
	assert_null(json_object_get(json_array_get(got, 1), "host_path"));
	da_test_assert_json(json_object_get(json_array_get(got, 1), "sensitive"), "false");
	da_test_assert_json(json_object_get(json_array_get(got, 2), "sensitive_dir"), "\"/root\"");
	/* a named volume known only from Binds: its directory under the data root */
	da_test_assert_json(json_object_get(json_array_get(got, 3), "name"), "\"cache\"");
	da_test_assert_json(json_object_get(json_array_get(got, 3), "sensitive"), "false");
	assert_null(json_object_get(json_array_get(got, 3), "host_path"));
	json_decref(got);
	json_decref(inspect);
	json_decref(kernel);
}

static void test_volume_helpers(void **state)
{
	json_t *v;

	(void)state;
	assert_true(da_volume_name_valid("v-etc"));
	assert_true(da_volume_name_valid("a"));
	assert_true(da_volume_name_valid("0123abc.def_x"));
	assert_false(da_volume_name_valid(""));
	assert_false(da_volume_name_valid("../x"));
	assert_false(da_volume_name_valid("a/b"));
	assert_false(da_volume_name_valid("a?b"));
	assert_false(da_volume_name_valid("-a"));
	v = json_loads("{\"Driver\": \"local\", \"Options\": {\"o\": \"ro,bind\", \"device\": \"/etc\"}}", 0,
		       NULL);
	assert_string_equal(da_volume_bind_device(v), "/etc");
	json_decref(v);
	v = json_loads("{\"Driver\": \"local\", \"Options\": {\"type\": \"nfs\", \"o\": \"addr=1.2.3.4\","
		       " \"device\": \":/export\"}}",
		       0, NULL);
	assert_null(da_volume_bind_device(v));
	json_decref(v);
	v = json_loads("{\"Driver\": \"other\", \"Options\": {\"o\": \"bind\", \"device\": \"/etc\"}}", 0,
		       NULL);
	assert_null(da_volume_bind_device(v));
	json_decref(v);
}

/* The daemon's profile file: read inside the root and judged for the
 * containers that run it. */
static void test_daemon_profile(void **state)
{
	struct tree *t = *state;
	json_t *facts = json_loads(
		"{\"daemon\": {\"settings\": {\"seccomp-profile\": {\"source\": \"config\","
		" \"value\": \"/etc/docker/allow.json\"}}}}",
		0, NULL);
	json_t *hc = json_loads("{\"SecurityOpt\": null}", 0, NULL);
	struct da_seccomp_daemon d;
	json_t *out;

	da_seccomp_daemon_load(&d, &t->root, facts);
	assert_string_equal(d.path, "/etc/docker/allow.json");
	assert_null(d.error);
	out = da_seccomp_container(hc, NULL, &d, NULL, 0);
	da_test_assert_json(json_object_get(out, "mode"), "\"default\"");
	da_test_assert_json(json_object_get(out, "profile_from"), "\"daemon\"");
	da_test_assert_json(json_object_get(out, "default_action"), "\"SCMP_ACT_ALLOW\"");
	da_test_assert_json(json_object_get(out, "allows_by_default"), "true");
	json_decref(out);
	da_seccomp_daemon_free(&d);
	json_decref(facts);

	/* a file that is not there: an error, never a silent pass */
	facts = json_loads("{\"daemon\": {\"info\": {\"SecurityOptions\":"
			   " [\"name=seccomp,profile=/etc/docker/none.json\"]}}}",
			   0, NULL);
	da_seccomp_daemon_load(&d, &t->root, facts);
	assert_non_null(d.error);
	out = da_seccomp_container(hc, NULL, &d, NULL, 0);
	da_test_assert_json(json_object_get(out, "error"),
			    "\"daemon seccomp profile /etc/docker/none.json: No such file or directory\"");
	json_decref(out);
	da_seccomp_daemon_free(&d);
	json_decref(facts);

	/* the built-in profile: nothing to read */
	facts = json_loads("{\"daemon\": {\"settings\": {\"seccomp-profile\": {\"value\": \"builtin\"}}}}",
			   0, NULL);
	da_seccomp_daemon_load(&d, &t->root, facts);
	assert_null(d.path);
	out = da_seccomp_container(hc, NULL, &d, NULL, 0);
	da_test_assert_json(out, "{\"mode\": \"default\"}");
	json_decref(out);
	da_seccomp_daemon_free(&d);
	json_decref(facts);
	json_decref(hc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exposed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_mounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_mounts, setup, teardown),
		cmocka_unit_test(test_volume_helpers),
		cmocka_unit_test_setup_teardown(test_daemon_profile, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
