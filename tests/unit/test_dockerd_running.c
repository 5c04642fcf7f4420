/*
 * Unit tests for dockerd_running.c: /info laid over the settings dockerd's
 * command line and daemon.json give (saved Engine API answers from
 * tests/fixtures/api/daemon/), the drift between the file and the running
 * daemon, settings made unknowable by a file newer than the daemon, and the
 * daemon's start time from a /proc tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect/daemon.h"
#include "collect/dockerd_running.h"
#include "common/xalloc.h"
#include "facts/facts.h"
#include "testutil.h"


/* The settings for the dockerd command line ARGS (words separated by
 * single spaces) and the daemon.json text CONTENT, for Docker 20.10. */
static json_t *settings_for(const char *args, const char *content)
{
	static const struct da_dockerd_context ctx = { .version = "20.10.24+dfsg1", .uid = 0 };
	char *buf = da_xstrdup(args), *argv[32], *p = buf;
	struct da_dockerd_flags f;
	struct da_err err = { "" };
	json_t *config, *s;
	size_t argc = 0;

	while (p && argc < 31) {
		argv[argc++] = p;
		p = strchr(p, ' ');
		if (p)
			*p++ = '\0';
	}
	argv[argc] = NULL;
	if (da_dockerd_argv_parse(argv, argc, &f, &err) < 0)
		fail_msg("%s: %s", args, err.msg);
	config = json_pack("{s:s, s:s, s:b, s:o}", "path", "/etc/docker/daemon.json", "source",
			   "default", "exists", 1, "content", json_loads(content, 0, NULL));
	assert_non_null(json_object_get(config, "content"));
	s = da_dockerd_settings_eval(&f, config, &ctx, NULL);
	da_dockerd_flags_free(&f);
	json_decref(config);
	free(buf);
	return s;
}

static json_t *applied(const char *args, const char *content, const char *info_fixture)
{
	json_t *s = settings_for(args, content), *info = da_test_api_fixture(info_fixture);

	da_dockerd_settings_apply_info(s, info);
	json_decref(info);
	return s;
}

#define assert_setting(s, name, want) da_test_assert_json(json_object_get((s), (name)), (want))

/* The daemon started with what the file said then; the file now says
 * otherwise: /info wins, and what the file says is kept beside it. */
static void test_apply_running_values(void **state)
{
	json_t *s = applied("dockerd --insecure-registry=10.99.0.0/16",
			    "{\"live-restore\": false, \"log-driver\": \"json-file\", "
			    "\"registry-mirrors\": [\"https://mirror.example\"], \"debug\": false, "
			    "\"log-level\": \"warn\"}",
			    "docker-info-settings.json");

	assert_setting(s, "live-restore",
		       "{\"value\": true, \"source\": \"api\", \"api_member\": \"LiveRestoreEnabled\", "
		       "\"configured_value\": false, \"configured_source\": \"config\"}");
	assert_setting(s, "log-driver",
		       "{\"value\": \"syslog\", \"source\": \"api\", \"api_member\": \"LoggingDriver\", "
		       "\"configured_value\": \"json-file\", \"configured_source\": \"config\"}");
	/* 127.0.0.0/8 is the daemon's own; reg.example:5000 is an index entry */
	assert_setting(s, "insecure-registries",
		       "{\"value\": [\"10.99.0.0/16\", \"reg.example:5000\"], \"source\": \"api\", "
		       "\"api_member\": \"RegistryConfig\", \"configured_value\": [\"10.99.0.0/16\"], "
		       "\"configured_source\": \"flag\"}");
	/* the daemon adds a trailing slash: the same mirror */
	assert_setting(s, "registry-mirrors",
		       "{\"value\": [\"https://mirror.example/\"], \"source\": \"api\", "
		       "\"api_member\": \"RegistryConfig.Mirrors\"}");
	assert_setting(s, "debug",
		       "{\"value\": true, \"source\": \"api\", \"api_member\": \"Debug\", "
		       "\"configured_value\": false, \"configured_source\": \"config\"}");
	/* debug on: the daemon logs at debug level */
	assert_setting(s, "log-level",
		       "{\"value\": \"debug\", \"source\": \"api\", \"by\": \"debug\", "
		       "\"api_member\": \"Debug\", \"configured_value\": \"warn\", "
		       "\"configured_source\": \"config\"}");
	assert_setting(s, "experimental",
		       "{\"value\": true, \"source\": \"api\", \"api_member\": \"ExperimentalBuild\", "
		       "\"configured_value\": false, \"configured_source\": \"default\"}");
	assert_setting(s, "seccomp-profile",
		       "{\"value\": \"default\", \"source\": \"api\", "
		       "\"api_member\": \"SecurityOptions name=seccomp\"}");
	assert_setting(s, "authorization-plugins",
		       "{\"value\": [], \"source\": \"api\", \"api_member\": \"Plugins.Authorization\"}");
	assert_setting(s, "storage-driver",
		       "{\"value\": \"vfs\", \"source\": \"api\", \"api_member\": \"Driver\"}");
	assert_setting(s, "data-root",
		       "{\"value\": \"/var/lib/docker\", \"source\": \"api\", "
		       "\"api_member\": \"DockerRootDir\"}");
	/* 20.10 never lists no-new-privileges: the file's word stays */
	assert_setting(s, "no-new-privileges", "{\"value\": false, \"source\": \"default\"}");
	assert_setting(s, "userns-remap",
		       "{\"value\": \"\", \"source\": \"default\", \"in_effect\": false, "
		       "\"in_effect_source\": \"api\"}");
	/* what /info cannot tell */
	assert_setting(s, "icc", "{\"value\": true, \"source\": \"default\"}");
	json_decref(s);
}

static void test_apply_security_options(void **state)
{
	json_t *s = applied("dockerd", "{\"userns-remap\": \"default\"}",
			    "docker-info-remapped.json");

	assert_setting(s, "userns-remap",
		       "{\"value\": \"default\", \"source\": \"config\", \"in_effect\": true, "
		       "\"in_effect_source\": \"api\"}");
	assert_setting(s, "seccomp-profile",
		       "{\"value\": \"/etc/docker/seccomp.json\", \"source\": \"api\", "
		       "\"api_member\": \"SecurityOptions name=seccomp\", \"configured_value\": \"\", "
		       "\"configured_source\": \"default\"}");
	assert_setting(s, "no-new-privileges",
		       "{\"value\": true, \"source\": \"api\", "
		       "\"api_member\": \"SecurityOptions name=no-new-privileges\", "
		       "\"configured_value\": false, \"configured_source\": \"default\"}");
	/* the remapped root's UID.GID directory is not part of data-root */
	assert_setting(s, "data-root",
		       "{\"value\": \"/var/lib/docker\", \"source\": \"api\", "
		       "\"api_member\": \"DockerRootDir\"}");
	assert_setting(s, "authorization-plugins",
		       "{\"value\": [\"authz-broker\"], \"source\": \"api\", "
		       "\"api_member\": \"Plugins.Authorization\", \"configured_value\": [], "
		       "\"configured_source\": \"default\"}");
	assert_setting(s, "insecure-registries",
		       "{\"value\": [], \"source\": \"api\", \"api_member\": \"RegistryConfig\"}");
	assert_setting(s, "selinux-enabled",
		       "{\"value\": false, \"source\": \"api\", "
		       "\"api_member\": \"SecurityOptions name=selinux\"}");
	json_decref(s);
}

/* An old Engine API lacks most members: the command line and the file
 * count; a flag's debug still means debug-level logging. */
static void test_apply_old_api(void **state)
{
	json_t *s = applied("dockerd -D", "{\"live-restore\": true, \"userns-remap\": \"dockremap\"}",
			    "docker-info-old.json");

	assert_setting(s, "live-restore", "{\"value\": true, \"source\": \"config\"}");
	assert_setting(s, "userns-remap",
		       "{\"value\": \"dockremap\", \"source\": \"config\", \"in_effect\": true, "
		       "\"in_effect_source\": \"config\"}");
	/* /info's Debug is the running value, even against the flag */
	assert_setting(s, "debug",
		       "{\"value\": false, \"source\": \"api\", \"api_member\": \"Debug\", "
		       "\"configured_value\": true, \"configured_source\": \"flag\"}");
	assert_setting(s, "log-level", "{\"value\": \"info\", \"source\": \"default\"}");
	assert_setting(s, "storage-driver",
		       "{\"value\": \"aufs\", \"source\": \"api\", \"api_member\": \"Driver\"}");
	json_decref(s);
}

/* No /info at all (unreachable): only the implications of what is known. */
static void test_apply_no_info(void **state)
{
	json_t *s = settings_for("dockerd --debug", "{}"), *err = json_pack("{s:s}", "error", "down");

	da_dockerd_settings_apply_info(s, err);
	assert_setting(s, "debug", "{\"value\": true, \"source\": \"flag\"}");
	assert_setting(s, "log-level",
		       "{\"value\": \"debug\", \"source\": \"implied\", \"by\": \"debug\", "
		       "\"configured_value\": \"info\", \"configured_source\": \"default\"}");
	assert_setting(s, "userns-remap",
		       "{\"value\": \"\", \"source\": \"default\", \"in_effect\": false, "
		       "\"in_effect_source\": \"default\"}");
	da_dockerd_settings_apply_info(NULL, err);
	json_decref(err);
	json_decref(s);
}

static void test_drift(void **state)
{
	json_t *s = applied("dockerd --insecure-registry=10.99.0.0/16",
			    "{\"live-restore\": false, \"log-driver\": \"json-file\", "
			    "\"registry-mirrors\": [\"https://mirror.example\"], "
			    "\"userns-remap\": \"default\", \"experimental\": true, "
			    "\"storage-driver\": \"\"}",
			    "docker-info-settings.json");
	json_t *d = da_dockerd_drift_json(s);

	/* the flag's registry, the same mirror, experimental as the file says
	 * and an empty storage driver are no drift; debug (not in the file)
	 * and the rest are */
	da_test_assert_json(d,
		"[{\"setting\": \"debug\", \"file_value\": false, \"file_source\": \"default\", "
		"\"running_value\": true, \"running_source\": \"api\", \"api_member\": \"Debug\", "
		"\"takes_effect\": \"reload\", \"message\": \"daemon.json does not set debug "
		"(default false); the running daemon has true; the file takes effect at the next "
		"reload (SIGHUP)\"}, "
		"{\"setting\": \"live-restore\", \"file_value\": false, \"file_source\": \"config\", "
		"\"running_value\": true, \"running_source\": \"api\", "
		"\"api_member\": \"LiveRestoreEnabled\", \"takes_effect\": \"reload\", "
		"\"message\": \"daemon.json sets live-restore false; the running daemon has true; "
		"the file takes effect at the next reload (SIGHUP)\"}, "
		"{\"setting\": \"log-driver\", \"file_value\": \"json-file\", \"file_source\": \"config\", "
		"\"running_value\": \"syslog\", \"running_source\": \"api\", "
		"\"api_member\": \"LoggingDriver\", \"takes_effect\": \"restart\", "
		"\"message\": \"daemon.json sets log-driver json-file; the running daemon has syslog; "
		"the file takes effect at the next restart\"}, "
		"{\"setting\": \"userns-remap\", \"file_value\": \"default\", \"file_source\": \"config\", "
		"\"running_value\": \"no remapping\", \"running_source\": \"api\", "
		"\"api_member\": \"SecurityOptions name=userns\", \"takes_effect\": \"restart\", "
		"\"message\": \"daemon.json sets userns-remap default; the running daemon has no "
		"remapping; the file takes effect at the next restart\"}]");
	json_decref(d);
	json_decref(s);
}

/* icc from the default bridge the running daemon made; another bridge, or
 * none at all, says nothing. */
static void test_icc_from_networks(void **state)
{
	json_t *s = applied("dockerd", "{\"icc\": false}", "docker-info-settings.json");
	json_t *nets = json_loads(
		"{\"items\": [{\"name\": \"mine\", \"driver\": \"bridge\", \"icc\": false,"
		" \"options\": {}},"
		" {\"name\": \"bridge\", \"driver\": \"bridge\", \"icc\": true, \"options\":"
		" {\"com.docker.network.bridge.default_bridge\": \"true\"}}]}",
		0, NULL);
	json_t *none = json_loads("{\"items\": []}", 0, NULL), *d, *item = NULL;
	size_t i;

	(void)state;
	da_dockerd_settings_apply_networks(s, none);
	da_test_assert_json(json_object_get(s, "icc"), "{\"value\": false, \"source\": \"config\"}");
	da_dockerd_settings_apply_networks(s, nets);
	da_test_assert_json(json_object_get(s, "icc"),
		"{\"value\": true, \"source\": \"api\", \"api_member\": \"GET /networks: the "
		"default bridge's com.docker.network.bridge.enable_icc\", \"configured_value\": false, "
		"\"configured_source\": \"config\"}");
	d = da_dockerd_drift_json(s);
	json_array_foreach (d, i, item) {
		if (!strcmp(json_string_value(json_object_get(item, "setting")), "icc"))
			break;
	}
	assert_true(i < json_array_size(d));
	assert_string_equal(json_string_value(json_object_get(item, "message")),
			    "daemon.json sets icc false; the running daemon has true; the file takes "
			    "effect at the next restart");
	json_decref(d);
	json_decref(none);
	json_decref(nets);
	json_decref(s);
}

static void test_unconfirmed(void **state)
{
	json_t *s = applied("dockerd --userland-proxy=false", "{\"icc\": false}",
			    "docker-info-settings.json");

	da_dockerd_settings_unconfirmed(s, "changed");
	assert_setting(s, "icc",
		       "{\"error\": \"changed\", \"file_value\": false, \"file_source\": \"config\"}");
	assert_setting(s, "iptables",
		       "{\"error\": \"changed\", \"file_value\": true, \"file_source\": \"default\"}");
	assert_setting(s, "userns-remap",
		       "{\"error\": \"changed\", \"file_value\": \"\", \"file_source\": \"default\", "
		       "\"in_effect\": false, \"in_effect_source\": \"api\"}");
	/* the command line and the running daemon are still known */
	assert_setting(s, "userland-proxy", "{\"value\": false, \"source\": \"flag\"}");
	assert_int_equal(json_is_true(da_facts_get(s, "/live-restore/value")), 1);
	json_decref(s);
}

static void test_start_time(void **state)
{
	char dir[] = "/tmp/da-test-running.XXXXXX";
	struct da_root root;
	struct da_err err = { "" };
	double t = 0;
	long hz = sysconf(_SC_CLK_TCK);
	char stat[256];

	assert_non_null(mkdtemp(dir));
	/* a comm with spaces and parentheses; starttime (field 22) 250 s in */
	snprintf(stat, sizeof(stat),
		 "812 (dockerd (x) y) S 1 812 812 0 -1 4194560 1 0 0 0 3 4 0 0 20 0 12 0 %ld "
		 "1000 100 18446744073709551615\n", 250 * hz);
	da_test_mkdirs(dir, "proc/812");
	da_test_mkdirs(dir, "proc/813");
	da_test_puts_file(dir, "proc/812/stat", stat);
	da_test_puts_file(dir, "proc/stat", "cpu  1 2 3\nintr 5\nbtime 1700000000\nprocesses 9\n");
	da_test_puts_file(dir, "proc/813/stat", "813 (x) S 1 2 3\n");
	assert_int_equal(da_root_open(&root, dir, &err), 0);
	assert_int_equal(da_dockerd_start_time(&root, 812, &t), 0);
	assert_true(t > 1700000249.99 && t < 1700000250.01);
	assert_true(da_dockerd_start_time(&root, 813, &t) < 0);
	assert_true(da_dockerd_start_time(&root, 814, &t) < 0);
	assert_true(da_dockerd_start_time(&root, 0, &t) < 0);
	da_root_close(&root);
	da_test_remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_running_values),
		cmocka_unit_test(test_apply_security_options),
		cmocka_unit_test(test_apply_old_api),
		cmocka_unit_test(test_apply_no_info),
		cmocka_unit_test(test_drift),
		cmocka_unit_test(test_icc_from_networks),
		cmocka_unit_test(test_unconfirmed),
		cmocka_unit_test(test_start_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
