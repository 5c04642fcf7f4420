/*
 * Unit tests for the containers collector (src/collect/containers.c),
 * src/collect/proc.c and src/collect/container_cfg.c. The collector runs
 * against tests/unit/fake_engine.c replaying a real dockerd 20.10
 * (tests/fixtures/api/) and fixture roots holding the running containers'
 * /proc: ids and user namespace maps, LSM labels, the processes inside each
 * (one scan of /proc), seccomp modes, mounts and ports classified.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/collectors.h"
#include "collect/container_cfg.h"
#include "collect/container_ns.h"
#include "collect/container_opts.h"
#include "collect/container_user.h"
#include "collect/proc.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"
#include "fake_engine.h"
#include "testutil.h"

#define ID_WEB "9fab8005d061ba7caa184ac1c6eec5b16e5a692767923b61099753136a65141c"
#define ID_STOPPED "ac7157a185218238807117c425ffa72ec51b53d06fb659bfee6be868a45efd8b"
#define ID_DROPALL "5e8fae1a4957aeaf3f3dea62821d6c0d1231abf804968881c5ea8b822f2f3744"
#define ID_CAPADD "6d9e0731638081c97ff7ddbc882d0b924c045adf0adb34e8ed893b945b95b1f2"
#define ID_PRIV "270f7b2efe0f343cc8b7928892bc1b57ed25f980a2c8a2179fc8bb0cd94ef111"
#define ID_GONE "0dd5a0a1b7b4f3ab84e8d5c6e6f1f0f3c0d5a1b2c3d4e5f60718293a4b5c6d7e"
#define ID_CTRL "c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7"
#define CTRL_NAME "evil\x1b[31m\nname\t"

#define INSPECT(id) "/containers/" id "/json"

static const struct fake_route engine[] = {
	{ .path = "/containers/json?all=1", .file = "containers-list.json" },
	{ .path = INSPECT(ID_WEB), .file = "inspect-web.json" },
	{ .path = INSPECT(ID_STOPPED), .file = "inspect-stopped.json" },
	{ .path = INSPECT(ID_DROPALL), .file = "inspect-dropall.json" },
	{ .path = INSPECT(ID_CAPADD), .file = "inspect-capadd.json" },
	{ .path = INSPECT(ID_PRIV), .file = "inspect-priv.json" },
	{ .path = INSPECT(ID_GONE), .status = 404, .file = "inspect-gone-404.json" },
	{ .path = INSPECT(ID_CTRL), .file = "inspect-ctrl.json" },
};

/* Docker's default set, in bit order. */
static const char *const default_caps[] = {
	"CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FOWNER",		  "CAP_FSETID",	    "CAP_KILL",
	"CAP_SETGID", "CAP_SETUID",	  "CAP_SETPCAP",	  "CAP_NET_BIND_SERVICE", "CAP_NET_RAW",
	"CAP_SYS_CHROOT", "CAP_MKNOD",	  "CAP_AUDIT_WRITE",	  "CAP_SETFCAP",	NULL,
};

static char *fixture_path(const char *rel)
{
	return da_test_fixture("%s", rel);
}

/* Run the collector on the fixture root ROOT_REL (or, when ABS, the
 * directory ROOT_REL itself) against HOST, with DAEMON (JSON text, may be
 * NULL) as the daemon section the collectors before it left; the section
 * is returned, the document is discarded. */
static json_t *collect_with(const char *host, const char *root_rel, bool abs, const char *daemon)
{
	struct da_docker_opts opts = { .host = host, .timeout_ms = 5000 };
	char *dir = abs ? da_xstrdup(root_rel) : fixture_path(root_rel);
	struct da_err err = { "" };
	struct da_collect_ctx ctx = { 0 };
	struct da_docker *d = NULL;
	struct da_root root;
	json_t *section = json_object();

	if (da_root_open(&root, dir, &err) < 0 || da_docker_open(&opts, &d, &err) < 0)
		fail_msg("%s", err.msg);
	ctx.root = &root;
	ctx.docker = d;
	ctx.facts = da_facts_new(dir);
	if (daemon)
		json_object_set_new(ctx.facts, "daemon", json_loads(daemon, 0, NULL));
	json_object_set(ctx.facts, da_collector_containers.name, section);
	da_collector_containers.collect(&ctx, section);
	json_decref(ctx.facts);
	da_docker_close(d);
	da_root_close(&root);
	free(dir);
	return section;
}

/* Run the collector with ROOT_REL (under the fixtures) against HOST; the
 * section is returned, the document is discarded. */
static json_t *collect(const char *host, const char *root_rel)
{
	struct da_docker_opts opts = { .host = host, .timeout_ms = 5000 };
	char *dir = fixture_path(root_rel);
	struct da_err err = { "" };
	struct da_collect_ctx ctx = { 0 };
	struct da_docker *d = NULL;
	struct da_root root;
	json_t *section = json_object();

	if (da_root_open(&root, dir, &err) < 0 || da_docker_open(&opts, &d, &err) < 0)
		fail_msg("%s", err.msg);
	ctx.root = &root;
	ctx.docker = d;
	ctx.facts = da_facts_new(dir);
	json_object_set(ctx.facts, da_collector_containers.name, section);
	da_collector_containers.collect(&ctx, section);
	json_decref(ctx.facts);
	da_docker_close(d);
	da_root_close(&root);
	free(dir);
	return section;
}

static json_t *strings(const char *const *names)
{
	json_t *a = json_array();

	for (; *names; names++)
		json_array_append_new(a, json_string(*names));
	return a;
}

static void assert_json_equal(const json_t *got, const json_t *want)
{
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY);
		char *w = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);

		fail_msg("got %s\nwant %s", g ? g : "NULL", w ? w : "NULL");
	}
}

static void assert_names(const json_t *got, const char *const *want)
{
	json_t *w = strings(want);

	assert_json_equal(got, w);
	json_decref(w);
}

static const json_t *item_named(const json_t *section, const char *name)
{
	size_t i;
	json_t *v;

	json_array_foreach (json_object_get(section, "items"), i, v) {
		if (strcmp(json_string_value(json_object_get(v, "name")), name) == 0)
			return v;
	}
	fail_msg("no container named %s", name);
	return NULL;
}

static const char *str_at(const json_t *node, const char *pointer)
{
	const char *s = json_string_value(da_facts_get(node, pointer));

	if (!s)
		fail_msg("%s: not a string", pointer);
	return s;
}

/* Skip a test that reads a fixture root when root-prefixed access cannot
 * work here: rootfs.c resolves with openat2, which valgrind 3.19 lacks. */
static void need_root_access(void)
{
	struct da_err err = { "" };
	struct da_root root;
	int fd;

	assert_int_equal(da_root_open(&root, "/", &err), 0);
	fd = da_root_openat(&root, "/", O_PATH);
	da_root_close(&root);
	if (fd == -ENOSYS) {
		print_message("skipped: openat2 is not available here (valgrind?)\n");
		skip();
	}
	if (fd >= 0)
		close(fd);
}

static int setup_engine(void **state)
{
	*state = fake_engine_start(engine, sizeof(engine) / sizeof(engine[0]));
	return 0;
}

static int teardown_engine(void **state)
{
	fake_engine_stop(*state);
	return 0;
}

static void test_items_sorted(void **state)
{
	static const char *const order[] = { "capadd", "dropall", CTRL_NAME, "gone", "priv",
					     "stopped", "web" };
	json_t *section = collect(fake_engine_host(*state), "hosts/containers-proc");
	json_t *items = json_object_get(section, "items");
	size_t i;

	assert_null(json_object_get(section, "error"));
	assert_int_equal(json_integer_value(json_object_get(section, "count")), 7);
	assert_int_equal(json_array_size(items), 7);
	for (i = 0; i < 7; i++)
		assert_string_equal(str_at(json_array_get(items, i), "/name"), order[i]);
	json_decref(section);
}

static void test_privileged(void **state)
{
	json_t *section = collect(fake_engine_host(*state), "hosts/containers-proc");
	const json_t *c = item_named(section, "priv");
	json_t *all = da_proc_all_caps();

	assert_string_equal(str_at(c, "/id"), ID_PRIV);
	assert_string_equal(str_at(c, "/image"), "dockaudit/busybox:1");
	assert_true(json_is_false(json_object_get(c, "running")));
	assert_null(json_object_get(c, "proc"));
	assert_true(json_is_true(da_facts_get(c, "/inspect/HostConfig/Privileged")));
	assert_string_equal(str_at(c, "/caps/source"), "config");
	assert_json_equal(da_facts_get(c, "/caps/effective"), all);
	/* every capability: the old ones and the newer ones alike */
	assert_true(json_array_size(all) >= 38);
	assert_string_equal(str_at(c, "/caps/effective/0"), "CAP_CHOWN");
	assert_string_equal(str_at(c, "/caps/effective/21"), "CAP_SYS_ADMIN");
	assert_string_equal(str_at(c, "/caps/effective/37"), "CAP_AUDIT_READ");
	json_decref(all);
	json_decref(section);
}

static void test_cap_add(void **state)
{
	static const char *const want[] = {
		"CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FOWNER",     "CAP_FSETID",	     "CAP_KILL",
		"CAP_SETGID",  "CAP_SETUID",	   "CAP_SETPCAP",    "CAP_NET_BIND_SERVICE", "CAP_NET_ADMIN",
		"CAP_NET_RAW", "CAP_SYS_CHROOT",   "CAP_SYS_ADMIN",  "CAP_MKNOD",	     "CAP_AUDIT_WRITE",
		"CAP_SETFCAP", NULL,
	};
	json_t *section = collect(fake_engine_host(*state), "hosts/containers-proc");
	const json_t *c = item_named(section, "capadd");

	assert_string_equal(str_at(c, "/caps/source"), "config");
	assert_names(da_facts_get(c, "/caps/effective"), want);
	json_decref(section);
}

static void test_cap_drop_all(void **state)
{
	static const char *const want[] = { "CAP_CHOWN", NULL };
	json_t *section = collect(fake_engine_host(*state), "hosts/containers-proc");
	const json_t *c = item_named(section, "dropall");

	assert_string_equal(str_at(c, "/caps/source"), "config");
	assert_names(da_facts_get(c, "/caps/effective"), want);
	json_decref(section);
}

static void test_stopped_default(void **state)
{
	json_t *section = collect(fake_engine_host(*state), "hosts/containers-proc");
	const json_t *c = item_named(section, "stopped");

	assert_string_equal(str_at(c, "/id"), ID_STOPPED);
	assert_true(json_is_false(json_object_get(c, "running")));
	assert_null(json_object_get(c, "proc"));
	assert_null(json_object_get(c, "error"));
	assert_string_equal(str_at(c, "/caps/source"), "config");
	assert_names(da_facts_get(c, "/caps/effective"), default_caps);
	json_decref(section);
}

static void check_running_from_proc(void **state)
{
	static const char *const none[] = { NULL };
	json_t *section = collect(fake_engine_host(*state), "hosts/containers-proc");
	const json_t *c = item_named(section, "web");
	char *path = fixture_path("api/inspect-web.json");
	json_t *want_inspect = json_load_file(path, 0, NULL);

	assert_string_equal(str_at(c, "/id"), ID_WEB);
	assert_true(json_is_true(json_object_get(c, "running")));
	/* the full inspect document, as the API returned it */
	assert_non_null(want_inspect);
	assert_json_equal(json_object_get(c, "inspect"), want_inspect);
	assert_null(da_facts_get(c, "/proc/error"));
	assert_int_equal(json_integer_value(da_facts_get(c, "/proc/pid")), 19800);
	assert_names(da_facts_get(c, "/proc/cap_eff"), default_caps);
	assert_names(da_facts_get(c, "/proc/cap_prm"), default_caps);
	assert_names(da_facts_get(c, "/proc/cap_bnd"), default_caps);
	assert_names(da_facts_get(c, "/proc/cap_inh"), none);
	assert_names(da_facts_get(c, "/proc/cap_amb"), none);
	assert_true(json_is_true(da_facts_get(c, "/proc/no_new_privs")));
	assert_string_equal(str_at(c, "/proc/seccomp"), "filter");
	assert_string_equal(str_at(c, "/caps/source"), "proc");
	assert_json_equal(da_facts_get(c, "/caps/effective"), da_facts_get(c, "/proc/cap_eff"));
	json_decref(want_inspect);
	free(path);
	json_decref(section);
}

static void test_running_from_proc(void **state)
{
	need_root_access();
	check_running_from_proc(state);
}

/* Running, but its status file cannot be read: proc records why, and the
 * caps fall back to the config. */
static void check_running_without_proc(void **state)
{
	json_t *section = collect(fake_engine_host(*state), "hosts/containers-noproc");
	const json_t *c = item_named(section, "web");
	char *dir = fixture_path("hosts/containers-noproc");
	char *want = da_xasprintf("%s/proc/19800/status: No such file or directory", dir);

	assert_int_equal(json_integer_value(da_facts_get(c, "/proc/pid")), 19800);
	assert_string_equal(str_at(c, "/proc/error"), want);
	assert_null(da_facts_get(c, "/proc/cap_eff"));
	assert_string_equal(str_at(c, "/caps/source"), "config");
	assert_names(da_facts_get(c, "/caps/effective"), default_caps);
	free(want);
	free(dir);
	json_decref(section);
}

static void test_running_without_proc(void **state)
{
	need_root_access();
	check_running_without_proc(state);
}

static void test_inspect_404(void **state)
{
	json_t *section = collect(fake_engine_host(*state), "hosts/containers-proc");
	const json_t *c = item_named(section, "gone");

	assert_string_equal(str_at(c, "/error"), "GET " INSPECT(ID_GONE) ": HTTP 404: No such container: " ID_GONE);
	assert_string_equal(str_at(c, "/id"), ID_GONE);
	assert_true(json_is_false(json_object_get(c, "running")));
	assert_null(json_object_get(c, "inspect"));
	assert_null(json_object_get(c, "caps"));
	/* the others are unaffected */
	assert_null(json_object_get(section, "error"));
	assert_null(json_object_get(item_named(section, "stopped"), "error"));
	json_decref(section);
}

static void test_control_characters(void **state)
{
	json_t *section = collect(fake_engine_host(*state), "hosts/containers-proc");
	const json_t *c = item_named(section, CTRL_NAME);
	char *text;

	assert_string_equal(str_at(c, "/id"), ID_CTRL);
	text = json_dumps(section, JSON_COMPACT);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"name\":\"evil\\u001B[31m\\nname\\t\""));
	free(text);
	json_decref(section);
}

static void test_unreachable(void **state)
{
	json_t *section = collect("unix:///nonexistent/dockaudit-test/docker.sock", "hosts/containers-proc");

	assert_string_equal(str_at(section, "/error"),
			    "GET /containers/json?all=1: cannot connect to "
			    "unix:///nonexistent/dockaudit-test/docker.sock: No such file or directory");
	/* no items, so rules about containers yield error, not a silent pass */
	assert_null(json_object_get(section, "items"));
	assert_null(json_object_get(section, "count"));
	json_decref(section);
}

static void test_list_not_array(void **state)
{
	static const struct fake_route r[] = {
		{ .path = "/containers/json?all=1", .body = "{\"Id\": \"x\"}" },
	};
	struct fake_engine *fe = fake_engine_start(r, 1);
	json_t *section = collect(fake_engine_host(fe), "hosts/containers-proc");

	assert_string_equal(str_at(section, "/error"), "GET /containers/json?all=1: not a JSON array");
	assert_null(json_object_get(section, "items"));
	json_decref(section);
	fake_engine_stop(fe);
}

/* HostConfig combinations, each as a minimal stopped container. */
struct caps_case {
	const char *hostconfig;
	const char *const want[48];
};

static const struct caps_case caps_cases[] = {
	/* names in any case, with or without CAP_; duplicates collapse */
	{ "{\"CapAdd\": [\"net_admin\", \"Cap_Sys_Time\", \"CAP_NET_ADMIN\"],"
	  " \"CapDrop\": [\"cap_net_raw\", \"MKNOD\", \"kill\", \"setfcap\", \"setpcap\", \"audit_write\"]}",
	  { "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_SETGID", "CAP_SETUID",
	    "CAP_NET_BIND_SERVICE", "CAP_NET_ADMIN", "CAP_SYS_CHROOT", "CAP_SYS_TIME", NULL } },
	/* a capability both dropped and added: the add wins, as in Docker */
	{ "{\"CapAdd\": [\"CHOWN\"], \"CapDrop\": [\"CHOWN\", \"DAC_OVERRIDE\", \"FOWNER\", \"FSETID\","
	  " \"KILL\", \"SETGID\", \"SETUID\", \"SETPCAP\", \"NET_BIND_SERVICE\", \"NET_RAW\","
	  " \"SYS_CHROOT\", \"MKNOD\", \"AUDIT_WRITE\"]}",
	  { "CAP_CHOWN", "CAP_SETFCAP", NULL } },
	/* drop ALL, add nothing */
	{ "{\"CapDrop\": [\"all\"], \"CapAdd\": null}", { NULL } },
	/* an unknown name is kept (after the known ones) so a rule can see it */
	{ "{\"CapAdd\": [\"bogus\"], \"CapDrop\": [\"ALL\"]}", { "CAP_BOGUS", NULL } },
	/* empty lists: the default set */
	{ "{\"CapAdd\": [], \"CapDrop\": [], \"Privileged\": false}",
	  { "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
	    "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT",
	    "CAP_MKNOD", "CAP_AUDIT_WRITE", "CAP_SETFCAP", NULL } },
};

static void run_caps_case(const struct caps_case *cc, const json_t *want)
{
	char *inspect = da_xasprintf("{\"Id\": \"abc\", \"Name\": \"/c\", \"Config\": {\"Image\": \"i\"},"
				     " \"State\": {\"Running\": false, \"Pid\": 0}, \"HostConfig\": %s}",
				     cc->hostconfig);
	const struct fake_route r[] = {
		{ .path = "/containers/json?all=1",
		  .body = "[{\"Id\": \"abc\", \"Names\": [\"/c\"], \"State\": \"exited\"}]" },
		{ .path = "/containers/abc/json", .body = inspect },
	};
	struct fake_engine *fe = fake_engine_start(r, 2);
	json_t *section = collect(fake_engine_host(fe), "hosts/containers-proc");

	assert_null(da_facts_get(section, "/items/0/error"));
	assert_json_equal(da_facts_get(section, "/items/0/caps/effective"), want);
	json_decref(section);
	fake_engine_stop(fe);
	free(inspect);
}

static void test_config_caps(void **state)
{
	static const char *const all_but[] = { "{\"CapAdd\": [\"ALL\"], \"CapDrop\": [\"sys_admin\"]}",
					       "{\"Privileged\": true, \"CapDrop\": [\"ALL\"]}",
					       "{\"CapAdd\": [\"ALL\"], \"CapDrop\": [\"ALL\"]}" };
	size_t i;

	for (i = 0; i < sizeof(caps_cases) / sizeof(caps_cases[0]); i++) {
		json_t *want = strings(caps_cases[i].want);

		run_caps_case(&caps_cases[i], want);
		json_decref(want);
	}
	/* ALL in CapAdd: everything but CapDrop; Privileged: everything. */
	for (i = 0; i < 3; i++) {
		struct caps_case cc = { .hostconfig = all_but[i] };
		json_t *want = da_proc_all_caps();
		size_t j;
		json_t *v;

		json_array_foreach (want, j, v) {
			if (i == 0 && strcmp(json_string_value(v), "CAP_SYS_ADMIN") == 0)
				json_array_remove(want, j--);
		}
		run_caps_case(&cc, want);
		json_decref(want);
	}
}

/* proc.c on its own */

static void test_parse_status(void **state)
{
	struct da_proc_status st;
	const char *what = NULL;

	assert_int_equal(da_proc_parse_status("CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
					      "CapEff:\t00000000a80425fb\nCapBnd:\tFFFFFFFFFFFFFFFF\n"
					      "Seccomp:\t1\n",
					      &st, &what),
			 0);
	assert_true(st.cap_prm == 0x1ffffffffffULL);
	assert_true(st.cap_eff == 0xa80425fbULL);
	assert_true(st.cap_bnd == ~0ULL);
	assert_int_equal(st.seccomp, 1);
	assert_int_equal(st.have, 0); /* no CapAmb, no NoNewPrivs */
	assert_string_equal(da_proc_seccomp_name(st.seccomp), "strict");
	assert_null(da_proc_seccomp_name(3));
}

static void assert_bad_status(const char *text, const char *want)
{
	struct da_proc_status st;
	const char *what = NULL;

	assert_int_equal(da_proc_parse_status(text, &st, &what), -EINVAL);
	assert_string_equal(what, want);
}

static void test_parse_status_bad(void **state)
{
	static const char caps[] = "CapInh:\t0\nCapPrm:\t0\nCapEff:\t0\nCapBnd:\t0\n";
	char *t;

	assert_bad_status("Name:\tsleep\nCapInh:\t0\nCapPrm:\t0\nCapEff:\t0\n",
			  "no CapInh, CapPrm, CapEff and CapBnd lines: not a status file");
	assert_bad_status("", "no CapInh, CapPrm, CapEff and CapBnd lines: not a status file");
	assert_bad_status("CapEff:\t00000000a80425fz\n", "malformed CapEff");
	assert_bad_status("CapBnd:\t00000000000000000\n", "malformed CapBnd"); /* 17 digits */
	assert_bad_status("CapInh:\t\n", "malformed CapInh");
	assert_bad_status("CapAmb:\t-1\n", "malformed CapAmb");
	t = da_xasprintf("%sSeccomp:\t3\n", caps);
	assert_bad_status(t, "malformed Seccomp");
	free(t);
	t = da_xasprintf("%sNoNewPrivs:\tyes\n", caps);
	assert_bad_status(t, "malformed NoNewPrivs");
	free(t);
}

static void test_status_json_unknowns(void **state)
{
	struct da_proc_status st;
	json_t *o;

	/* An old kernel: no NoNewPrivs, no Seccomp line. */
	assert_int_equal(da_proc_parse_status("CapInh:\t0\nCapPrm:\t1\nCapEff:\t1\nCapBnd:\t8000000000000001",
					      &st, NULL),
			 0);
	o = da_proc_status_json(7, &st);
	assert_null(json_object_get(o, "no_new_privs"));
	assert_string_equal(json_string_value(json_object_get(o, "seccomp")), "disabled");
	assert_string_equal(json_string_value(da_facts_get(o, "/cap_bnd/1")), "CAP_63");
	assert_int_equal(json_integer_value(json_object_get(o, "pid")), 7);
	json_decref(o);
}

static void test_cap_names(void **state)
{
	static const char *const two[] = { "CAP_CHOWN", "CAP_SYS_ADMIN", NULL };
	json_t *names = da_proc_cap_names((1ULL << 0) | (1ULL << 21));
	json_t *defaults = da_proc_docker_default_caps();
	char *s;

	assert_names(names, two);
	assert_names(defaults, default_caps);
	s = da_proc_cap_name(12);
	assert_string_equal(s, "CAP_NET_ADMIN");
	free(s);
	s = da_proc_cap_name(62);
	assert_string_equal(s, "CAP_62");
	free(s);
	s = da_proc_cap_normalize("net_admin");
	assert_string_equal(s, "CAP_NET_ADMIN");
	free(s);
	s = da_proc_cap_normalize("Cap_Sys_Admin");
	assert_string_equal(s, "CAP_SYS_ADMIN");
	free(s);
	s = da_proc_cap_normalize("all");
	assert_string_equal(s, "ALL");
	free(s);
	json_decref(names);
	json_decref(defaults);
}

/* A temp root with proc/1/status holding TEXT of LEN bytes. */
static char *status_root(const char *text, size_t len)
{
	char *dir = da_xstrdup("/tmp/da-test-proc-XXXXXX");
	char *p;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	p = da_xasprintf("%s/proc", dir);
	mkdir(p, 0755);
	free(p);
	p = da_xasprintf("%s/proc/1", dir);
	mkdir(p, 0755);
	free(p);
	p = da_xasprintf("%s/proc/1/status", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fwrite(text, 1, len, f);
	fclose(f);
	free(p);
	return dir;
}

static void remove_root(char *dir)
{
	char *p = da_xasprintf("%s/proc/1/status", dir);

	unlink(p);
	free(p);
	p = da_xasprintf("%s/proc/1", dir);
	rmdir(p);
	free(p);
	p = da_xasprintf("%s/proc", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
	free(dir);
}

static void check_read_status_errors(void **state)
{
	static const char with_nul[] = "CapInh:\t0\nCapPrm:\t0\0\nCapEff:\t0\nCapBnd:\t0\n";
	char *dir = status_root(with_nul, sizeof(with_nul) - 1);
	char *want = da_xasprintf("%s/proc/1/status: contains a NUL byte: not a status file", dir);
	struct da_proc_status st;
	struct da_err err = { "" };
	struct da_root root;

	assert_int_equal(da_root_open(&root, dir, &err), 0);
	assert_int_equal(da_proc_read_status(&root, 1, &st, &err), -1);
	assert_string_equal(err.msg, want);
	free(want);
	want = da_xasprintf("%s/proc/2/status: No such file or directory", dir);
	assert_int_equal(da_proc_read_status(&root, 2, &st, &err), -1);
	assert_string_equal(err.msg, want);
	free(want);
	da_root_close(&root);
	remove_root(dir);
}

static void test_read_status_errors(void **state)
{
	need_root_access();
	check_read_status_errors(state);
}

/* Issue 3: the fuller containers facts, on tests/fixtures/api/c3-*.json and
 * the /proc of tests/fixtures/hosts/containers-full. */

#define C3_APP "a9131d10e3d1195d9adf592871506daabd9c6d53b751e504baa8d36e6d385e5d"
#define C3_CUSTOM "5ff897bee2b62cb9ef74bdf8a9e682a4dd9dff4f40fc896fb5382dd392be37ea"
#define C3_UNCONF "187850e7ae85cb61ca698388ce7c8131529a7e52e2559da83deba53f52619376"
#define C3_HOSTPID "ae3165531790130146a49fde342124c1cb8beebb5ddc8bf41eeb0a6af16eb75b"
#define C3_DUAL "4c884d0b033f9290fb0b43880ec4afbf5c67fa3e3d5f2855ce2d8e5fd2ace104"
#define C3_CREATED "d92d0e0505d31616160e9f9e3605cc65454e12f9642411a3b5adb77b53d17d89"
#define C3_ORPHAN "063ea4948a18c50289d1755dd6cd4f4b2fd09d2c1050be98b1e72f45fbd6414e"
#define C3_REMAPPED "e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1"
#define C3_BAD "badbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadbad0"

static const struct fake_route c3_engine[] = {
	{ .path = "/containers/json?all=1", .file = "c3-containers-list.json" },
	{ .path = INSPECT(C3_APP), .file = "c3-inspect-app.json" },
	{ .path = INSPECT(C3_CUSTOM), .file = "c3-inspect-custom.json" },
	{ .path = INSPECT(C3_UNCONF), .file = "c3-inspect-unconf.json" },
	{ .path = INSPECT(C3_HOSTPID), .file = "c3-inspect-hostpid.json" },
	{ .path = INSPECT(C3_DUAL), .file = "c3-inspect-dual.json" },
	{ .path = INSPECT(C3_CREATED), .file = "c3-inspect-created.json" },
	{ .path = INSPECT(C3_ORPHAN), .file = "c3-inspect-orphan.json" },
	{ .path = INSPECT(C3_REMAPPED), .file = "c3-inspect-remapped.json" },
	{ .path = INSPECT(C3_BAD), .file = "c3-inspect-badprofile.json" },
	{ .path = INSPECT(ID_PRIV), .file = "inspect-priv.json" },
	{ .path = "/volumes/appdata", .file = "c3-volume-appdata.json" },
};

/* What the daemon collector leaves for us on that host. */
static const char c3_daemon[] =
	"{\"host\": \"unix:///var/run/docker.sock\", \"process\": {\"pid\": 700},"
	" \"info\": {\"DockerRootDir\": \"/var/lib/docker\","
	" \"SecurityOptions\": [\"name=seccomp,profile=default\"]}}";

static int setup_c3(void **state)
{
	struct fake_engine *fe = fake_engine_start(c3_engine, sizeof(c3_engine) / sizeof(c3_engine[0]));

	*state = collect_with(fake_engine_host(fe), "hosts/containers-full", false, c3_daemon);
	fake_engine_stop(fe);
	return 0;
}

static int teardown_c3(void **state)
{
	json_decref(*state);
	return 0;
}

static void assert_json_text(const json_t *got, const char *want_text)
{
	json_error_t e;
	json_t *want = json_loads(want_text, JSON_DECODE_ANY, &e);

	if (!want)
		fail_msg("bad test JSON: %s: %s", e.text, want_text);
	assert_json_equal(got, want);
	json_decref(want);
}

static void test_c3_listed(void **state)
{
	static const char *const order[] = { "app",    "badprofile", "created", "custom", "dual",
					     "hostpid", "orphan",    "priv",	"remapped", "unconf" };
	const json_t *section = *state;
	size_t i;

	assert_null(json_object_get(section, "error"));
	assert_int_equal(json_integer_value(json_object_get(section, "count")), 10);
	for (i = 0; i < 10; i++) {
		const json_t *c = json_array_get(json_object_get(section, "items"), i);

		assert_string_equal(str_at(c, "/name"), order[i]);
		assert_null(json_object_get(c, "error"));
	}
	/* the image it was created from, though that image is gone */
	assert_string_equal(str_at(item_named(section, "orphan"), "/image_id"),
			    "sha256:7c1bd72adce84bf5c343bf3cf6662cb694125d895d63e2e3a890d50cbe01e96d");
}

/* The user: declared in the config, and what the kernel says (ids seen
 * from the host and, through uid_map, from inside). */
static void test_c3_users(void **state)
{
	const json_t *section = *state;
	const json_t *app = item_named(section, "app"), *rem = item_named(section, "remapped");

	assert_json_text(json_object_get(app, "user"),
			 "{\"declared\": \"app\", \"source\": \"proc\", \"uid\": 1000, \"gid\": 1000,"
			 " \"host_uid\": 1000, \"host_gid\": 1000, \"root\": false,"
			 " \"passwd\": \"container\", \"name\": \"app\", \"declared_uid\": 1000}");
	assert_json_text(da_facts_get(app, "/proc/uid"),
			 "{\"real\": 1000, \"effective\": 1000, \"saved\": 1000, \"fs\": 1000}");
	assert_json_text(da_facts_get(app, "/proc/uid_map"),
			 "{\"ranges\": [{\"inside\": 0, \"outside\": 0, \"count\": 4294967295}],"
			 " \"identity\": true}");
	/* root inside a user namespace is uid 100000 outside */
	assert_json_text(json_object_get(rem, "user"),
			 "{\"declared\": \"\", \"source\": \"proc\", \"uid\": 0, \"gid\": 0,"
			 " \"host_uid\": 100000, \"host_gid\": 100000, \"root\": true,"
			 " \"passwd\": \"unreadable: No such file or directory\"}");
	assert_json_text(da_facts_get(rem, "/proc/gid_map"),
			 "{\"ranges\": [{\"inside\": 0, \"outside\": 100000, \"count\": 65536}],"
			 " \"identity\": false}");
	/* stopped: only what the config says */
	assert_json_text(json_object_get(item_named(section, "created"), "user"),
			 "{\"declared\": \"\", \"source\": \"config\", \"root\": true, \"uid\": 0}");
	/* a non-root user has an empty effective set, but can gain what the
	 * bounding set holds (docker exec -u 0) */
	assert_string_equal(str_at(app, "/caps/source"), "proc");
	assert_json_text(da_facts_get(app, "/caps/effective"), "[]");
	assert_json_equal(da_facts_get(app, "/caps/bounding"), da_facts_get(app, "/proc/cap_bnd"));
}

static void test_c3_labels(void **state)
{
	const json_t *section = *state;
	char *dir = fixture_path("hosts/containers-full");
	char *want = da_xasprintf("%s/proc/20400/attr/current: No such file or directory", dir);

	assert_json_text(da_facts_get(item_named(section, "app"), "/proc/lsm_label"),
			 "{\"value\": \"docker-default (enforce)\","
			 " \"file\": \"/proc/19901/attr/apparmor/current\"}");
	/* no attr/apparmor: attr/current, whose SELinux label ends in a NUL */
	assert_json_text(da_facts_get(item_named(section, "custom"), "/proc/lsm_label"),
			 "{\"value\": \"system_u:system_r:container_t:s0:c12,c34\","
			 " \"file\": \"/proc/21243/attr/current\"}");
	assert_string_equal(str_at(item_named(section, "remapped"), "/proc/lsm_label/error"), want);
	free(want);
	free(dir);
}

/* The processes inside, grouped by pid namespace from one scan: sshd in
 * "app" is seen, the host's sshd is not. */
static void test_c3_processes(void **state)
{
	const json_t *section = *state;

	assert_json_text(da_facts_get(item_named(section, "app"), "/proc/processes"),
			 "{\"namespace\": 4026532183, \"shares_host_pid_namespace\": false,"
			 " \"count\": 2, \"truncated\": false, \"items\": ["
			 " {\"pid\": 19901, \"comm\": \"sleep\", \"cmdline\": [\"sleep\", \"3600\"],"
			 "  \"exe\": \"/bin/busybox\"},"
			 " {\"pid\": 22744, \"comm\": \"sshd\", \"cmdline\": [\"/usr/sbin/sshd\", \"-D\"],"
			 "  \"exe\": \"/usr/sbin/sshd\"}]}");
	/* --pid host: said so, and the host's processes are not listed */
	assert_json_text(da_facts_get(item_named(section, "hostpid"), "/proc/processes"),
			 "{\"namespace\": 4026531836, \"shares_host_pid_namespace\": true}");
}

/* Hostile and odd processes: a cmdline cut at 4 KiB, links that lead out
 * of the root (not followed: null, not the real /etc/hostname), a process
 * that is gone, control characters and bytes that are not UTF-8. */
static void test_c3_odd_processes(void **state)
{
	const json_t *p = da_facts_get(item_named(*state, "dual"), "/proc/processes");
	const json_t *longp = da_facts_get(p, "/items/1");
	char *arg = da_xmalloc(4091);

	assert_int_equal(json_integer_value(json_object_get(p, "count")), 5);
	assert_int_equal(json_integer_value(json_object_get(longp, "pid")), 22700);
	assert_true(json_is_true(json_object_get(longp, "cmdline_truncated")));
	/* "sh\0-c\0" and 4090 of the 5000 A's: 4096 bytes */
	memset(arg, 'A', 4090);
	arg[4090] = '\0';
	assert_int_equal(json_array_size(json_object_get(longp, "cmdline")), 3);
	assert_string_equal(str_at(longp, "/cmdline/2"), arg);
	assert_json_text(da_facts_get(p, "/items/2"),
			 "{\"pid\": 22701, \"comm\": null, \"cmdline\": null,"
			 " \"exe\": \"/../../../../etc/shadow\"}");
	assert_json_text(da_facts_get(p, "/items/3"),
			 "{\"pid\": 22702, \"comm\": null, \"cmdline\": null, \"exe\": null}");
	assert_json_text(da_facts_get(p, "/items/4"),
			 "{\"pid\": 22703, \"comm\": \"evil\\u001b[31m\\\\xff\","
			 " \"cmdline\": [\"/tmp/x\\\\xfe\\\\xff\", \"--name=\\u0007bell\"], \"exe\": null}");
	free(arg);
}

static void test_c3_seccomp(void **state)
{
	const json_t *section = *state;

	assert_json_text(json_object_get(item_named(section, "custom"), "seccomp"),
			 "{\"mode\": \"custom\", \"daemon_profile\": \"default\","
			 " \"profile_from\": \"security-opt\","
			 " \"default_action\": \"SCMP_ACT_ERRNO\", \"allows_by_default\": false,"
			 " \"dangerous_allowed\": [\"clone3\", \"mount\", \"ptrace\"],"
			 " \"dangerous_allowed_with_conditions\": [\"personality\"],"
			 " \"dangerous_beyond_default\": [\"clone3\", \"mount\"],"
			 " \"unknown_syscalls\": [\"definitely_not_a_syscall\", \"fancy_new_call\"],"
			 " \"rules\": 3}");
	assert_json_text(json_object_get(item_named(section, "unconf"), "seccomp"),
			 "{\"mode\": \"unconfined\", \"reason\": \"security-opt\","
			 " \"daemon_profile\": \"default\"}");
	assert_string_equal(str_at(item_named(section, "unconf"), "/proc/seccomp"), "disabled");
	assert_json_text(json_object_get(item_named(section, "app"), "seccomp"),
			 "{\"mode\": \"default\", \"daemon_profile\": \"default\"}");
	assert_json_text(json_object_get(item_named(section, "priv"), "seccomp"),
			 "{\"mode\": \"unconfined\", \"reason\": \"privileged\","
			 " \"daemon_profile\": \"default\"}");
	assert_json_text(json_object_get(item_named(section, "badprofile"), "seccomp"),
			 "{\"mode\": \"custom\", \"daemon_profile\": \"default\","
			 " \"profile_from\": \"security-opt\", \"error\":"
			 " \"seccomp profile: line 1 column 22: invalid token near 'SCMP'\"}");
}

static void test_c3_mounts(void **state)
{
	const json_t *section = *state;

	/* running: host paths from the kernel's tables (proc/19901 mapped through
	 * dockerd's proc/700): the socket is really /run/docker.sock; the volume
	 * shows its own directory, so it exposes nothing */
	assert_json_text(json_object_get(item_named(section, "app"), "mounts"),
			 "[{\"type\": \"bind\", \"source\": \"/etc\", \"destination\": \"/host-etc\","
			 "  \"rw\": false, \"mode\": \"ro\", \"propagation\": \"rprivate\","
			 "  \"host_path\": \"/etc\", \"host_path_from\": \"mountinfo\", \"sensitive\": true,"
			 "  \"sensitive_dir\": \"/etc\", \"exposes\": [], \"docker_socket\": false,"
			 "  \"kernel\": {\"device\": \"8:1\", \"root\": \"/etc\", \"fs_type\": \"ext4\","
			 "   \"options\": [\"ro\", \"relatime\"], \"read_only\": true, \"nosuid\": false,"
			 "   \"nodev\": false, \"noexec\": false, \"propagation\": [],"
			 "   \"host_path\": \"/etc\"}, \"from\": \"mounts\"},"
			 " {\"type\": \"bind\", \"source\": \"/run\", \"destination\": \"/hostrun\","
			 "  \"rw\": true, \"mode\": \"\", \"propagation\": \"rprivate\","
			 "  \"host_path\": \"/run\", \"host_path_from\": \"mountinfo\", \"sensitive\": true,"
			 "  \"sensitive_dir\": \"/run\", \"exposes\": [], \"docker_socket\": true,"
			 "  \"kernel\": {\"device\": \"0:22\", \"root\": \"/\", \"fs_type\": \"tmpfs\","
			 "   \"options\": [\"rw\", \"nosuid\", \"nodev\", \"noexec\", \"relatime\"],"
			 "   \"read_only\": false, \"nosuid\": true, \"nodev\": true, \"noexec\": true,"
			 "   \"propagation\": [\"master:5\"], \"host_path\": \"/run\"}, \"from\": \"mounts\"},"
			 " {\"type\": \"volume\", \"name\": \"appdata\", \"driver\": \"local\","
			 "  \"source\": \"/var/lib/docker/volumes/appdata/_data\", \"destination\": \"/data\","
			 "  \"rw\": true, \"mode\": \"z\", \"propagation\": \"\", \"sensitive\": false,"
			 "  \"exposes\": [], \"docker_socket\": false,"
			 "  \"kernel\": {\"device\": \"8:1\", \"root\": \"/var/lib/docker/volumes/appdata/_data\","
			 "   \"fs_type\": \"ext4\", \"options\": [\"rw\", \"relatime\"], \"read_only\": false,"
			 "   \"nosuid\": false, \"nodev\": false, \"noexec\": false, \"propagation\": [],"
			 "   \"host_path\": \"/var/lib/docker/volumes/appdata/_data\"}, \"from\": \"mounts\"},"
			 " {\"type\": \"bind\", \"source\": \"/var/run/docker.sock\","
			 "  \"destination\": \"/var/run/docker.sock\", \"rw\": true, \"mode\": \"\","
			 "  \"propagation\": \"rprivate\", \"host_path\": \"/run/docker.sock\","
			 "  \"host_path_from\": \"mountinfo\", \"sensitive\": true, \"sensitive_dir\": \"/run\","
			 "  \"exposes\": [], \"docker_socket\": true,"
			 "  \"kernel\": {\"device\": \"0:22\", \"root\": \"/docker.sock\", \"fs_type\": \"tmpfs\","
			 "   \"options\": [\"rw\", \"nosuid\", \"nodev\", \"noexec\", \"relatime\"],"
			 "   \"read_only\": false, \"nosuid\": true, \"nodev\": true, \"noexec\": true,"
			 "   \"propagation\": [], \"host_path\": \"/run/docker.sock\"}, \"from\": \"mounts\"}]");
	/* from HostConfig.Binds when Mounts lacks them; stopped: from the config */
	assert_json_text(json_object_get(item_named(section, "badprofile"), "mounts"),
			 "[{\"type\": \"bind\", \"source\": \"/\", \"destination\": \"/host\","
			 "  \"rw\": false, \"mode\": \"ro,rslave\", \"propagation\": \"rslave\","
			 "  \"host_path\": \"/\", \"host_path_from\": \"config\", \"sensitive\": true,"
			 "  \"sensitive_dir\": \"/\", \"exposes\": [], \"docker_socket\": true,"
			 "  \"from\": \"binds\"},"
			 " {\"type\": \"volume\", \"name\": \"cache\", \"source\": \"cache\","
			 "  \"destination\": \"/cache\", \"rw\": true, \"mode\": \"\", \"propagation\": \"\","
			 "  \"sensitive\": false, \"exposes\": [], \"docker_socket\": false, \"from\": \"binds\"},"
			 " {\"spec\": \"nonsense\","
			 "  \"error\": \"HostConfig.Binds entry is not SOURCE:DESTINATION[:MODE]\"}]");
}

static void test_c3_ports(void **state)
{
	const json_t *section = *state;

	assert_json_text(json_object_get(item_named(section, "app"), "ports"),
			 "[{\"container_port\": 443, \"protocol\": \"tcp\", \"host_ip\": \"::\","
			 "  \"host_port\": 8443, \"all_interfaces\": true, \"source\": \"network_settings\"},"
			 " {\"container_port\": 80, \"protocol\": \"tcp\", \"host_ip\": \"0.0.0.0\","
			 "  \"host_port\": 8080, \"all_interfaces\": true, \"source\": \"network_settings\"},"
			 " {\"container_port\": 9000, \"protocol\": \"udp\", \"host_ip\": \"127.0.0.1\","
			 "  \"host_port\": 9000, \"all_interfaces\": false, \"source\": \"network_settings\"}]");
	/* stopped: the bindings asked for; "" is every interface, no port: the daemon picks */
	assert_json_text(json_object_get(item_named(section, "created"), "ports"),
			 "[{\"container_port\": 5000, \"protocol\": \"tcp\", \"host_ip\": \"\","
			 "  \"host_port\": 5000, \"all_interfaces\": true, \"source\": \"port_bindings\"},"
			 " {\"container_port\": 6000, \"protocol\": \"tcp\", \"host_ip\": \"127.0.0.1\","
			 "  \"host_port\": null, \"all_interfaces\": false, \"source\": \"port_bindings\"}]");
	assert_json_text(json_object_get(item_named(section, "dual"), "ports"),
			 "[{\"container_port\": 5001, \"protocol\": \"tcp\", \"host_ip\": \"0.0.0.0\","
			 "  \"host_port\": 5001, \"all_interfaces\": true, \"source\": \"network_settings\"},"
			 " {\"container_port\": 5001, \"protocol\": \"tcp\", \"host_ip\": \"::\","
			 "  \"host_port\": 5001, \"all_interfaces\": true, \"source\": \"network_settings\"}]");
}

/* Without a daemon section (its collector failed): still classified, with
 * the default socket paths; data root unknown. */
static void test_c3_without_daemon_facts(void **state)
{
	struct fake_engine *fe = fake_engine_start(c3_engine, sizeof(c3_engine) / sizeof(c3_engine[0]));
	json_t *section = collect_with(fake_engine_host(fe), "hosts/containers-full", false, NULL);
	const json_t *app = item_named(section, "app");

	(void)state;
	assert_true(json_is_true(da_facts_get(app, "/mounts/3/docker_socket")));
	/* dockerd unknown: the host's table is pid 1's */
	assert_json_text(da_facts_get(app, "/mounts/3/host_path"), "\"/run/docker.sock\"");
	assert_json_text(json_object_get(app, "seccomp"), "{\"mode\": \"default\"}");
	/* pid 1 is readable here, so the host's namespace is still known */
	assert_true(json_is_true(da_facts_get(item_named(section, "hostpid"),
					      "/proc/processes/shares_host_pid_namespace")));
	json_decref(section);
	fake_engine_stop(fe);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void make_link(const char *dir, long pid, const char *target)
{
	char *p = da_xasprintf("%s/proc/%ld", dir, pid);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = da_xasprintf("%s/proc/%ld/ns", dir, pid);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = da_xasprintf("%s/proc/%ld/ns/pid", dir, pid);
	assert_int_equal(symlink(target, p), 0);
	free(p);
}

/* A container with 300 processes: 256 listed, all counted. */
static void test_c3_processes_capped(void **state)
{
	static const char st[] = "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapInh:\t0\nCapPrm:\t0\n"
				 "CapEff:\t0\nCapBnd:\t0\nSeccomp:\t2\n";
	const struct fake_route r[] = {
		{ .path = "/containers/json?all=1",
		  .body = "[{\"Id\": \"many\", \"Names\": [\"/many\"], \"State\": \"running\"}]" },
		{ .path = "/containers/many/json",
		  .body = "{\"Id\": \"many\", \"Name\": \"/many\", \"State\": {\"Running\": true,"
			  " \"Pid\": 1000}, \"HostConfig\": {}, \"Config\": {}}" },
	};
	char *dir = da_xstrdup("/tmp/da-test-many-XXXXXX");
	struct fake_engine *fe;
	json_t *section;
	char *p;
	long pid;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = da_xasprintf("%s/proc", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	make_link(dir, 1, "pid:[1]");
	for (pid = 1000; pid < 1300; pid++)
		make_link(dir, pid, "pid:[77]");
	p = da_xasprintf("%s/proc/1000/status", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(st, f);
	fclose(f);
	free(p);
	fe = fake_engine_start(r, 2);
	section = collect_with(fake_engine_host(fe), dir, true, NULL);
	assert_int_equal(json_integer_value(da_facts_get(section, "/items/0/proc/processes/count")), 300);
	assert_true(json_is_true(da_facts_get(section, "/items/0/proc/processes/truncated")));
	assert_int_equal(json_array_size(da_facts_get(section, "/items/0/proc/processes/items")), 256);
	assert_int_equal(json_integer_value(da_facts_get(section, "/items/0/proc/processes/items/255/pid")),
			 1255);
	/* no uid_map here: said so, and the user's inside ids are unknown */
	assert_non_null(da_facts_get(section, "/items/0/proc/uid_map/error"));
	assert_true(json_is_null(da_facts_get(section, "/items/0/user/uid")));
	assert_true(json_is_false(da_facts_get(section, "/items/0/user/root")));
	json_decref(section);
	fake_engine_stop(fe);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* ROOT/proc cannot be listed: the processes say why, the rest stands. */
static void test_c3_no_proc_dir(void **state)
{
	static const char st[] = "CapInh:\t0\nCapPrm:\t0\nCapEff:\t0\nCapBnd:\t0\n";
	const struct fake_route r[] = {
		{ .path = "/containers/json?all=1",
		  .body = "[{\"Id\": \"one\", \"Names\": [\"/one\"], \"State\": \"running\"}]" },
		{ .path = "/containers/one/json",
		  .body = "{\"Id\": \"one\", \"Name\": \"/one\", \"State\": {\"Running\": true,"
			  " \"Pid\": 5}, \"HostConfig\": {}, \"Config\": {\"User\": \"nobody\"}}" },
	};
	char *dir = da_xstrdup("/tmp/da-test-noproc-XXXXXX");
	struct fake_engine *fe;
	json_t *section;
	char *p, *want;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = da_xasprintf("%s/proc", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = da_xasprintf("%s/proc/5", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = da_xasprintf("%s/proc/5/status", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(st, f);
	fclose(f);
	free(p);
	p = da_xasprintf("%s/proc", dir);
	assert_int_equal(chmod(p, 0311), 0); /* searchable, not listable */
	fe = fake_engine_start(r, 2);
	section = collect_with(fake_engine_host(fe), dir, true, NULL);
	if (geteuid() == 0) {
		/* root lists it anyway: at least the namespace link is missing */
		want = da_xasprintf("%s/proc/5/ns/pid: No such file or directory", dir);
	} else {
		want = da_xasprintf("%s/proc: Permission denied", dir);
	}
	assert_string_equal(str_at(section, "/items/0/proc/processes/error"), want);
	assert_string_equal(str_at(section, "/items/0/user/error"),
			    "the status file has no Uid and Gid lines");
	assert_string_equal(str_at(section, "/items/0/user/declared"), "nobody");
	free(want);
	json_decref(section);
	fake_engine_stop(fe);
	chmod(p, 0755);
	free(p);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* proc.c: the new parsers on their own */

static void test_parse_ids(void **state)
{
	static const char caps[] = "CapInh:\t0\nCapPrm:\t0\nCapEff:\t0\nCapBnd:\t0\n";
	struct da_proc_status st;
	char *t;

	(void)state;
	t = da_xasprintf("%sUid:\t1000\t1001\t1002\t1003\nGid:\t4294967295 0 7 8  \n", caps);
	assert_int_equal(da_proc_parse_status(t, &st, NULL), 0);
	assert_int_equal(st.uid[DA_PROC_ID_REAL], 1000);
	assert_int_equal(st.uid[DA_PROC_ID_FS], 1003);
	assert_true(st.gid[DA_PROC_ID_REAL] == 4294967295u);
	assert_int_equal(st.have & (DA_PROC_HAVE_UID | DA_PROC_HAVE_GID),
			 DA_PROC_HAVE_UID | DA_PROC_HAVE_GID);
	free(t);
	t = da_xasprintf("%sUid:\t0\t0\t0\n", caps);
	assert_bad_status(t, "malformed Uid");
	free(t);
	t = da_xasprintf("%sGid:\t0\t0\t0\t4294967296\n", caps);
	assert_bad_status(t, "malformed Gid");
	free(t);
	t = da_xasprintf("%sUid:\t0\t0\t0\t0\t0\n", caps);
	assert_bad_status(t, "malformed Uid");
	free(t);
}

static void test_idmap(void **state)
{
	struct da_proc_idmap m;
	const char *what = NULL;
	uint32_t in;
	json_t *j;

	(void)state;
	assert_int_equal(da_proc_parse_idmap("         0          0 4294967295\n", &m, &what), 0);
	assert_true(da_proc_idmap_is_identity(&m));
	assert_int_equal(da_proc_parse_idmap("0 100000 65536\n65536 1000 1\n", &m, &what), 0);
	assert_false(da_proc_idmap_is_identity(&m));
	assert_int_equal(da_proc_idmap_inside(&m, 100000, &in), 0);
	assert_int_equal(in, 0);
	assert_int_equal(da_proc_idmap_inside(&m, 165535, &in), 0);
	assert_int_equal(in, 65535);
	assert_int_equal(da_proc_idmap_inside(&m, 1000, &in), 0);
	assert_int_equal(in, 65536);
	assert_int_equal(da_proc_idmap_inside(&m, 165536, &in), -ENOENT);
	assert_int_equal(da_proc_idmap_inside(&m, 0, &in), -ENOENT);
	j = da_proc_idmap_json(&m);
	assert_int_equal(json_integer_value(da_facts_get(j, "/ranges/1/inside")), 65536);
	json_decref(j);
	/* a namespace whose map was never written: empty, maps nothing */
	assert_int_equal(da_proc_parse_idmap("", &m, &what), 0);
	assert_int_equal(m.n, 0);
	assert_false(da_proc_idmap_is_identity(&m));
	assert_int_equal(da_proc_parse_idmap("0 0\n", &m, &what), -EINVAL);
	assert_string_equal(what, "a line is not \"inside outside count\"");
	assert_int_equal(da_proc_parse_idmap("0 0 0\n", &m, &what), -EINVAL);
	assert_int_equal(da_proc_parse_idmap("0 0 1x\n", &m, &what), -EINVAL);
	assert_int_equal(da_proc_parse_idmap("0 0 4294967296\n", &m, &what), -EINVAL);
}

static void test_idmap_too_long(void **state)
{
	struct da_proc_idmap m;
	const char *what = NULL;
	struct da_buf b;
	char *t;
	int i;

	(void)state;
	da_buf_init(&b, 0);
	for (i = 0; i < 341; i++)
		da_buf_printf(&b, "%d %d 1\n", i, i + 1000);
	t = da_buf_take(&b);
	assert_int_equal(da_proc_parse_idmap(t, &m, &what), -EINVAL);
	assert_string_equal(what, "more than 340 lines: not an id map");
	free(t);
}

/* The index of containers-full: junk entries skipped, members ascending. */
static void test_proc_index(void **state)
{
	char *dir = fixture_path("hosts/containers-full");
	struct da_proc_index *idx = NULL;
	struct da_err err = { "" };
	struct da_root root;
	const pid_t *pids;
	uint64_t ns = 0;
	size_t n;

	(void)state;
	assert_int_equal(da_root_open(&root, dir, &err), 0);
	assert_int_equal(da_proc_index_build(&root, &idx, &err), 0);
	assert_int_equal(da_proc_index_size(idx), 14);
	pids = da_proc_index_members(idx, 4026531836u, &n);
	assert_int_equal(n, 4);
	assert_int_equal(pids[0], 1);
	assert_int_equal(pids[1], 700);
	assert_int_equal(pids[2], 1500);
	assert_int_equal(pids[3], 20122);
	assert_null(da_proc_index_members(idx, 12345, &n));
	assert_int_equal(n, 0);
	assert_int_equal(da_proc_read_ns(&root, 22744, "pid", &ns), 0);
	assert_true(ns == 4026532183u);
	assert_int_equal(da_proc_read_ns(&root, 99999, "pid", &ns), -EINVAL);
	assert_int_equal(da_proc_read_ns(&root, 4242, "pid", &ns), -ENOENT);
	assert_int_equal(da_proc_read_ns(&root, 22744, "user", &ns), -ENOENT);
	da_proc_index_free(idx);
	da_proc_index_free(NULL);
	da_root_close(&root);
	free(dir);
}

/* A temp root with the files of FILES ({path, content} pairs, NULL-ended)
 * under it; directories made as needed. Caller removes it (rm_tree). */
static char *temp_root(const char *const files[][2])
{
	char *dir = da_xstrdup("/tmp/da-test-root-XXXXXX");
	size_t i;

	assert_non_null(mkdtemp(dir));
	for (i = 0; files[i][0]; i++) {
		char *p = da_xasprintf("%s/%s", dir, files[i][0]);
		char *slash;
		FILE *f;

		for (slash = strchr(p + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			mkdir(p, 0755);
			*slash = '/';
		}
		f = fopen(p, "w");
		assert_non_null(f);
		fputs(files[i][1], f);
		fclose(f);
		free(p);
	}
	return dir;
}

static void rm_tree(char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* attr/apparmor/current empty (AppArmor off on a 5.1+ kernel): the label
 * comes from attr/current; both empty: an error naming attr/current. */
static void test_label_fallback(void **state)
{
	static const char *const one[][2] = { { "proc/9/attr/apparmor/current", "" },
					      { "proc/9/attr/current", "unconfined\n" },
					      { "proc/8/attr/apparmor/current", "\n" },
					      { "proc/8/attr/current", "" },
					      { NULL, NULL } };
	char *dir = temp_root(one);
	char *label = NULL, *file = NULL, *want;
	struct da_err err = { "" };
	struct da_root root;

	(void)state;
	assert_int_equal(da_root_open(&root, dir, &err), 0);
	assert_int_equal(da_proc_read_label(&root, 9, &label, &file, &err), 0);
	assert_string_equal(label, "unconfined");
	assert_string_equal(file, "/proc/9/attr/current");
	free(label);
	free(file);
	assert_int_equal(da_proc_read_label(&root, 8, &label, &file, &err), -1);
	want = da_xasprintf("%s/proc/8/attr/current: empty or not text", dir);
	assert_string_equal(err.msg, want);
	free(want);
	assert_int_equal(da_proc_read_label(&root, 7, &label, &file, &err), -1);
	want = da_xasprintf("%s/proc/7/attr/current: No such file or directory", dir);
	assert_string_equal(err.msg, want);
	free(want);
	da_root_close(&root);
	rm_tree(dir);
}

/* container_cfg.c on its own */

static void test_clean_path(void **state)
{
	static const char *const cases[][2] = {
		{ "/etc", "/etc" },	    { "/etc/", "/etc" },	 { "//etc//ssl/", "/etc/ssl" },
		{ "/etc/../etc", "/etc" },  { "/a/./b/../c", "/a/c" },	 { "/..", "/" },
		{ "/../../var/run/", "/var/run" }, { "/", "/" },	 { "", "." },
		{ "a/../../b", "../b" },    { "./x/", "x" },		 { "..", ".." },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *c = da_container_clean_path(cases[i][0]);

		if (strcmp(c, cases[i][1]) != 0)
			fail_msg("clean(\"%s\") = \"%s\", want \"%s\"", cases[i][0], c, cases[i][1]);
		free(c);
	}
}

static void test_sensitive(void **state)
{
	const struct da_container_paths paths = { .data_root = "/srv/docker",
						   .socket = "/srv/run/dockerd.sock" };
	const struct da_container_paths none = { 0 };

	(void)state;
	assert_string_equal(da_container_sensitive("/", &paths), "/");
	assert_string_equal(da_container_sensitive("/etc/ssl/private", &paths), "/etc");
	assert_string_equal(da_container_sensitive("/var/lib/docker/volumes/x", &paths),
			    "/var/lib/docker");
	assert_string_equal(da_container_sensitive("/srv/docker/containers", &paths), "/srv/docker");
	assert_string_equal(da_container_sensitive("/lib64", &paths), "/lib64");
	assert_null(da_container_sensitive("/etcetera", &paths));
	assert_null(da_container_sensitive("/srv/data", &paths));
	assert_null(da_container_sensitive("/home/app", &none));
	assert_null(da_container_sensitive("/var/lib", &none));
	assert_null(da_container_sensitive("/var/lib/dockerd", &none));
	assert_true(da_container_is_docker_socket("/srv/run/dockerd.sock", &paths));
	assert_true(da_container_is_docker_socket("/srv/run", &paths));
	assert_true(da_container_is_docker_socket("/srv", &paths));
	assert_true(da_container_is_docker_socket("/run/docker.sock", &none));
	assert_true(da_container_is_docker_socket("/var/run", &none));
	assert_true(da_container_is_docker_socket("/", &none));
	assert_false(da_container_is_docker_socket("/srv/run/dockerd.sock.bak", &paths));
	assert_false(da_container_is_docker_socket("/var/run/docker", &none));
	assert_false(da_container_is_docker_socket("/srv/data", &paths));
}

/* Every spelling of "every interface", and malformed bindings. */
static void test_ports_addresses(void **state)
{
	static const char doc[] =
		"{\"State\": {\"Running\": true}, \"NetworkSettings\": {\"Ports\": {"
		" \"1/tcp\": [{\"HostIp\": \"[::]\", \"HostPort\": \"1\"}, {\"HostIp\": \"0:0::0\","
		"  \"HostPort\": \"2\"}, {\"HostIp\": \"::1\", \"HostPort\": \"3\"},"
		"  {\"HostIp\": \"fe80::1\", \"HostPort\": \"4\"}, {\"HostIp\": \"0.0.0.1\", \"HostPort\": \"5\"}],"
		" \"2\": [{\"HostPort\": \"65535\"}],"
		" \"3/udp\": [{\"HostIp\": \"0.0.0.0\", \"HostPort\": \"65536\"}],"
		" \"x/tcp\": [{\"HostIp\": \"\", \"HostPort\": \"1\"}],"
		" \"4/tcp\": \"no\", \"5/tcp\": null, \"6/tcp\": [{\"HostIp\": 6}]}}}";
	json_t *in = json_loads(doc, 0, NULL);
	json_t *out = da_container_ports(in);

	(void)state;
	assert_json_text(out,
		"[{\"container_port\": 1, \"protocol\": \"tcp\", \"host_ip\": \"[::]\", \"host_port\": 1,"
		"  \"all_interfaces\": true, \"source\": \"network_settings\"},"
		" {\"container_port\": 1, \"protocol\": \"tcp\", \"host_ip\": \"0:0::0\", \"host_port\": 2,"
		"  \"all_interfaces\": true, \"source\": \"network_settings\"},"
		" {\"container_port\": 1, \"protocol\": \"tcp\", \"host_ip\": \"::1\", \"host_port\": 3,"
		"  \"all_interfaces\": false, \"source\": \"network_settings\"},"
		" {\"container_port\": 1, \"protocol\": \"tcp\", \"host_ip\": \"fe80::1\", \"host_port\": 4,"
		"  \"all_interfaces\": false, \"source\": \"network_settings\"},"
		" {\"container_port\": 1, \"protocol\": \"tcp\", \"host_ip\": \"0.0.0.1\", \"host_port\": 5,"
		"  \"all_interfaces\": false, \"source\": \"network_settings\"},"
		" {\"container_port\": 2, \"protocol\": \"tcp\", \"host_ip\": \"\", \"host_port\": 65535,"
		"  \"all_interfaces\": true, \"source\": \"network_settings\"},"
		" {\"container_port\": 3, \"protocol\": \"udp\", \"host_ip\": \"0.0.0.0\","
		"  \"all_interfaces\": true, \"source\": \"network_settings\","
		"  \"error\": \"network_settings HostPort \\\"65536\\\" is not a port number\"},"
		" {\"key\": \"x/tcp\", \"source\": \"network_settings\","
		"  \"error\": \"network_settings key is not PORT/PROTOCOL\"},"
		" {\"container_port\": 4, \"protocol\": \"tcp\", \"source\": \"network_settings\","
		"  \"error\": \"network_settings binding is not {HostIp, HostPort} strings\"},"
		" {\"container_port\": 6, \"protocol\": \"tcp\", \"source\": \"network_settings\","
		"  \"error\": \"network_settings binding is not {HostIp, HostPort} strings\"}]");
	json_decref(out);
	json_decref(in);
}

/* ---- what a container can gain: devices, no-new-privileges, namespaces, user */

static void test_device_rule_parse(void **state)
{
	static const char *const bad[] = { "", "a", "a *:*", "a *:* ", "a  *:* rwm", "x *:* r",
					   "c 1:3 rr", "c 1:3 rwmr", "c 1:3 q", "c 1-3 r",
					   "c 1:3 r ", "c :3 r", "c 1: r", "c a:3 r",
					   "c 1234567890:1 r", "c 1:3\tr", "ab *:* r" };
	struct da_device_rule r;
	size_t i;

	(void)state;
	assert_int_equal(da_device_rule_parse("a *:* rwm", &r), 0);
	assert_int_equal(r.type, 'a');
	assert_int_equal(r.major, -1);
	assert_int_equal(r.minor, -1);
	assert_string_equal(r.access, "rwm");
	assert_true(da_device_rule_sensitive(&r));
	assert_int_equal(da_device_rule_parse("c 1:3 r", &r), 0);
	assert_int_equal(r.major, 1);
	assert_int_equal(r.minor, 3);
	assert_false(da_device_rule_sensitive(&r));
	assert_int_equal(da_device_rule_parse("c 1:1 mw", &r), 0); /* /dev/mem */
	assert_true(da_device_rule_sensitive(&r));
	assert_int_equal(da_device_rule_parse("c *:* m", &r), 0);
	assert_true(da_device_rule_sensitive(&r));
	assert_int_equal(da_device_rule_parse("c 136:* rwm", &r), 0); /* ptys */
	assert_false(da_device_rule_sensitive(&r));
	assert_int_equal(da_device_rule_parse("b 8:0 r", &r), 0);
	assert_true(da_device_rule_sensitive(&r));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (da_device_rule_parse(bad[i], &r) != -EINVAL)
			fail_msg("\"%s\" parsed", bad[i]);
	}
}

static void test_device_rules_fact(void **state)
{
	json_t *hc = json_loads("{\"DeviceCgroupRules\": [\"c 1:3 r\", \"b *:* rw\"]}", 0, NULL);
	json_t *f = da_device_rules_fact(hc);

	(void)state;
	assert_json_text(f, "[{\"rule\": \"c 1:3 r\", \"type\": \"c\", \"major\": 1, \"minor\": 3,"
			    " \"access\": \"r\", \"sensitive\": false},"
			    " {\"rule\": \"b *:* rw\", \"type\": \"b\", \"major\": \"*\","
			    " \"minor\": \"*\", \"access\": \"rw\", \"sensitive\": true}]");
	json_decref(f);
	json_decref(hc);
	/* one malformed rule: the whole fact is an error naming it */
	hc = json_loads("{\"DeviceCgroupRules\": [\"c 1:3 r\", \"a *:* rwx\"]}", 0, NULL);
	f = da_device_rules_fact(hc);
	assert_non_null(strstr(str_at(f, "/error"), "\"a *:* rwx\""));
	json_decref(f);
	json_decref(hc);
	/* none at all, or null as the API gives it */
	hc = json_loads("{\"DeviceCgroupRules\": null}", 0, NULL);
	f = da_device_rules_fact(hc);
	assert_json_text(f, "[]");
	json_decref(f);
	json_decref(hc);
}

static void test_nnp_option(void **state)
{
	static const char *const yes[] = { "no-new-privileges", "no-new-privileges=true",
					   "no-new-privileges=1", "no-new-privileges:true",
					   "no-new-privileges=TRUE", "no-new-privileges=True",
					   "no-new-privileges=t", "no-new-privileges:1" };
	static const char *const no[] = { "no-new-privileges=false", "no-new-privileges=0",
					  "no-new-privileges:FALSE", "no-new-privileges=f" };
	bool v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		v = false;
		assert_int_equal(da_nnp_option(yes[i], &v), 0);
		assert_true(v);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		v = true;
		assert_int_equal(da_nnp_option(no[i], &v), 0);
		assert_false(v);
	}
	assert_int_equal(da_nnp_option("no-new-privileges=yes", &v), -EINVAL);
	assert_int_equal(da_nnp_option("no-new-privileges=", &v), -EINVAL);
	assert_int_equal(da_nnp_option("no-new-privilegesX", &v), -ENOENT);
	assert_int_equal(da_nnp_option("seccomp=unconfined", &v), -ENOENT);
	assert_int_equal(da_nnp_option("NO-NEW-PRIVILEGES", &v), -ENOENT);
	/* with an '=' anywhere, ':' is not the separator */
	assert_int_equal(da_nnp_option("no-new-privileges:a=b", &v), -ENOENT);
}

static void assert_nnp(const char *item_text, const char *facts_text, const char *want)
{
	json_t *item = json_loads(item_text, 0, NULL);
	json_t *facts = json_loads(facts_text, 0, NULL);
	json_t *got;

	assert_non_null(item);
	assert_non_null(facts);
	got = da_nnp_fact(item, facts);
	assert_json_text(got, want);
	json_decref(got);
	json_decref(item);
	json_decref(facts);
}

static void test_nnp_fact(void **state)
{
	static const char on[] = "{\"daemon\": {\"settings\": {\"no-new-privileges\":"
				 " {\"value\": true, \"source\": \"config\"}}}}";

	(void)state;
	/* the kernel decides for a running container */
	assert_nnp("{\"proc\": {\"no_new_privs\": true}, \"inspect\": {\"HostConfig\": {}}}", "{}",
		   "{\"value\": true, \"source\": \"proc\"}");
	assert_nnp("{\"proc\": {\"no_new_privs\": false}, \"inspect\": {\"HostConfig\":"
		   " {\"SecurityOpt\": [\"no-new-privileges\"]}}}",
		   on, "{\"value\": false, \"source\": \"proc\", \"option\": \"no-new-privileges\"}");
	/* stopped: the option, the last one winning */
	assert_nnp("{\"inspect\": {\"HostConfig\": {\"SecurityOpt\": [\"label=disable\","
		   " \"no-new-privileges=1\"]}}}",
		   "{}", "{\"value\": true, \"source\": \"config\", \"option\": \"no-new-privileges=1\"}");
	assert_nnp("{\"inspect\": {\"HostConfig\": {\"SecurityOpt\": [\"no-new-privileges\","
		   " \"no-new-privileges=false\"]}}}",
		   on,
		   "{\"value\": false, \"source\": \"config\", \"option\": \"no-new-privileges=false\"}");
	/* else the daemon's default, else off */
	assert_nnp("{\"inspect\": {\"HostConfig\": {\"SecurityOpt\": null}}}", on,
		   "{\"value\": true, \"source\": \"daemon\"}");
	assert_nnp("{\"inspect\": {\"HostConfig\": {}}}", "{}",
		   "{\"value\": false, \"source\": \"default\"}");
	assert_nnp("{\"inspect\": {\"HostConfig\": {\"SecurityOpt\": [\"no-new-privileges=maybe\"]}}}",
		   "{}", "{\"error\": \"HostConfig.SecurityOpt \\\"no-new-privileges=maybe\\\": not a boolean\"}");
}

/* N stopped containers from JSON text (an array of items). */
static json_t **ns_items(json_t *arr, size_t *n)
{
	json_t **v;
	size_t i;

	*n = json_array_size(arr);
	v = da_xcalloc(*n + 1, sizeof(*v));
	for (i = 0; i < *n; i++)
		v[i] = json_array_get(arr, i);
	return v;
}

static void test_ns_find(void **state)
{
	json_t *arr = json_loads("[{\"id\": \"abc123\", \"name\": \"one\"},"
				 " {\"id\": \"abd456\", \"name\": \"two\"}]", 0, NULL);
	size_t n;
	json_t **v = ns_items(arr, &n);
	const json_t *const *c = (const json_t *const *)v;

	(void)state;
	assert_int_equal(da_container_ns_find(c, n, "abc123"), 0);
	assert_int_equal(da_container_ns_find(c, n, "two"), 1);
	assert_int_equal(da_container_ns_find(c, n, "/two"), 1);
	assert_int_equal(da_container_ns_find(c, n, "abd"), 1);
	assert_int_equal(da_container_ns_find(c, n, "ab"), -1); /* ambiguous */
	assert_int_equal(da_container_ns_find(c, n, "three"), -1);
	assert_int_equal(da_container_ns_find(c, n, ""), -1);
	assert_string_equal(da_container_ns_base("net", "container:x"), "container");
	assert_string_equal(da_container_ns_base("ipc", "shareable"), "private");
	assert_string_equal(da_container_ns_base("net", "none"), "none");
	assert_string_equal(da_container_ns_base("pid", ""), "private");
	free(v);
	json_decref(arr);
}

#define NS_ITEM(id, net, extra)                                                                  \
	"{\"id\": \"" id "\", \"name\": \"n-" id "\", \"running\": false, \"inspect\":"           \
	" {\"HostConfig\": {\"NetworkMode\": \"" net "\"" extra "}}}"

/* Stopped containers: joins followed through the config, chains, cycles,
 * a container that is gone. */
static void test_ns_joins_config(void **state)
{
	json_t *arr = json_loads(
		"[" NS_ITEM("h1", "host", ", \"PidMode\": \"host\"") ","
		NS_ITEM("j1", "container:n-h1", ", \"PidMode\": \"container:h1\"") ","
		NS_ITEM("j2", "container:j1", "") ","
		NS_ITEM("p1", "bridge", ", \"IpcMode\": \"shareable\"") ","
		NS_ITEM("j3", "container:p1", ", \"IpcMode\": \"container:p1\"") ","
		NS_ITEM("c1", "container:c2", "") ","
		NS_ITEM("c2", "container:c1", "") ","
		NS_ITEM("g1", "container:gone", ", \"UsernsMode\": \"host\"") "]",
		0, NULL);
	size_t n;
	json_t **v = ns_items(arr, &n);
	json_t *facts = json_loads("{\"daemon\": {\"info\": {\"SecurityOptions\":"
				   " [\"name=userns\"]}}}", 0, NULL);
	char *dir = da_xstrdup("/tmp/da-test-ns-XXXXXX");
	struct da_err err = { "" };
	struct da_root root;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(da_root_open(&root, dir, &err), 0);
	da_container_namespaces(&root, facts, v, n);
	assert_json_text(da_facts_get(v[0], "/namespaces/net"),
			 "{\"config\": \"host\", \"mode\": \"host\", \"joins\": [], \"host\": true,"
			 " \"source\": \"config\"}");
	assert_json_text(da_facts_get(v[1], "/namespaces/net"),
			 "{\"config\": \"container:n-h1\", \"mode\": \"container:h1\","
			 " \"joins\": [\"h1\"], \"host\": true, \"source\": \"config\"}");
	assert_true(json_is_true(da_facts_get(v[1], "/namespaces/pid/host")));
	/* a chain: j2 joins j1, which joins h1 */
	assert_json_text(da_facts_get(v[2], "/namespaces/net/joins"), "[\"j1\", \"h1\"]");
	assert_true(json_is_true(da_facts_get(v[2], "/namespaces/net/host")));
	assert_true(json_is_false(da_facts_get(v[2], "/namespaces/pid/host")));
	/* joining a private namespace is private */
	assert_true(json_is_false(da_facts_get(v[4], "/namespaces/net/host")));
	assert_true(json_is_false(da_facts_get(v[4], "/namespaces/ipc/host")));
	assert_string_equal(str_at(v[4], "/namespaces/ipc/mode"), "container:p1");
	/* a cycle: an error, never a silent pass */
	assert_non_null(strstr(str_at(v[5], "/namespaces/net/error"), "cycle"));
	assert_non_null(strstr(str_at(v[6], "/namespaces/net/error"), "cycle"));
	/* a joined container that is gone */
	assert_true(json_is_true(da_facts_get(v[7], "/namespaces/net/dangling")));
	assert_true(json_is_false(da_facts_get(v[7], "/namespaces/net/host")));
	assert_string_equal(str_at(v[7], "/namespaces/net/mode"), "container");
	/* user: --userns host, with a daemon that remaps */
	assert_string_equal(str_at(v[7], "/namespaces/user/config"), "host");
	assert_true(json_is_true(da_facts_get(v[7], "/namespaces/user/host")));
	assert_true(json_is_true(da_facts_get(v[7], "/namespaces/user/daemon_remaps")));
	assert_true(json_is_false(da_facts_get(v[3], "/namespaces/user/host")));
	da_root_close(&root);
	rm_tree(dir);
	free(v);
	json_decref(arr);
	json_decref(facts);
}

static void make_ns(const char *dir, long pid, const char *type, const char *target)
{
	char *p = da_xasprintf("%s/proc/%ld/ns", dir, pid);
	char *l = da_xasprintf("%s/%s", p, type);
	char *q = da_xasprintf("%s/proc/%ld", dir, pid);

	mkdir(q, 0755);
	mkdir(p, 0755);
	assert_int_equal(symlink(target, l), 0);
	free(l);
	free(p);
	free(q);
}

/* Running containers: the kernel's inodes decide, against pid 1's and the
 * daemon's (which may differ: a daemon in namespaces of its own). */
static void test_ns_kernel(void **state)
{
	json_t *arr = json_loads(
		"[{\"id\": \"k1\", \"name\": \"k1\", \"running\": true, \"proc\": {\"pid\": 10},"
		"  \"inspect\": {\"HostConfig\": {\"NetworkMode\": \"container:k2\"}}},"
		" {\"id\": \"k2\", \"name\": \"k2\", \"running\": true, \"proc\": {\"pid\": 20},"
		"  \"inspect\": {\"HostConfig\": {\"NetworkMode\": \"bridge\"}}},"
		" {\"id\": \"k3\", \"name\": \"k3\", \"running\": true, \"proc\": {\"pid\": 30},"
		"  \"inspect\": {\"HostConfig\": {\"NetworkMode\": \"host\"}}},"
		" {\"id\": \"s1\", \"name\": \"s1\", \"running\": false,"
		"  \"inspect\": {\"HostConfig\": {\"NetworkMode\": \"container:k1\"}}}]",
		0, NULL);
	json_t *facts = json_loads("{\"daemon\": {\"process\": {\"pid\": 700}}}", 0, NULL);
	char *dir = da_xstrdup("/tmp/da-test-nsk-XXXXXX");
	struct da_err err = { "" };
	struct da_root root;
	size_t n;
	json_t **v = ns_items(arr, &n);

	(void)state;
	assert_non_null(mkdtemp(dir));
	{
		char *p = da_xasprintf("%s/proc", dir);

		mkdir(p, 0755);
		free(p);
	}
	make_ns(dir, 1, "net", "net:[100]");
	make_ns(dir, 700, "net", "net:[200]");
	make_ns(dir, 10, "net", "net:[200]"); /* joined k2, and k2 is... */
	make_ns(dir, 20, "net", "net:[200]"); /* ...in the daemon's namespace */
	make_ns(dir, 30, "net", "net:[300]"); /* "host", yet not the host's */
	assert_int_equal(da_root_open(&root, dir, &err), 0);
	da_container_namespaces(&root, facts, v, n);
	assert_json_text(da_facts_get(v[0], "/namespaces/net"),
			 "{\"config\": \"container:k2\", \"mode\": \"container:k2\","
			 " \"joins\": [\"k2\"], \"inode\": 200, \"host\": true, \"source\": \"proc\"}");
	assert_true(json_is_true(da_facts_get(v[1], "/namespaces/net/host")));
	assert_true(json_is_false(da_facts_get(v[2], "/namespaces/net/host")));
	assert_string_equal(str_at(v[2], "/namespaces/net/source"), "proc");
	/* stopped, joining a running one: that one's kernel answer */
	assert_true(json_is_true(da_facts_get(v[3], "/namespaces/net/host")));
	assert_string_equal(str_at(v[3], "/namespaces/net/source"), "config");
	/* no ns link for pid: the config decides */
	assert_string_equal(str_at(v[0], "/namespaces/pid/source"), "config");
	da_root_close(&root);
	rm_tree(dir);
	free(v);
	json_decref(arr);
	json_decref(facts);
}

/* Names resolve through the container's own passwd, inside its root. */
static void test_container_passwd(void **state)
{
	static const char *const files[][2] = {
		{ "etc/passwd", "toor:x:4242:0::/:/bin/sh\n" },
		{ "proc/50/root/etc/passwd.d/real",
		  "root:x:0:0::/:/bin/sh\ntoor:x:0:0::/:/bin/sh\napp:x:1000:1000::/:/bin/sh\n" },
		{ "proc/60/status", "" },
		{ NULL, NULL },
	};
	char *dir = temp_root(files), *text = NULL, *p;
	struct da_err err = { "" };
	struct da_root root;
	json_t *items, *user;
	size_t len;
	uint32_t uid;

	(void)state;
	/* an absolute symlink in the container resolves in its root, not the host's */
	p = da_xasprintf("%s/proc/50/root/etc/passwd", dir);
	assert_int_equal(symlink("/etc/passwd.d/real", p), 0);
	free(p);
	assert_int_equal(da_root_open(&root, dir, &err), 0);
	assert_int_equal(da_container_passwd(&root, 50, &text, &len), 0);
	assert_int_equal(da_user_spec_uid("toor", text, len, &uid), 0);
	assert_int_equal(uid, 0);
	assert_int_equal(da_user_spec_uid("app:0", text, len, &uid), 0);
	assert_int_equal(uid, 1000);
	assert_int_equal(da_user_spec_uid("", text, len, &uid), 0);
	assert_int_equal(uid, 0);
	assert_int_equal(da_user_spec_uid("1234:5", text, len, &uid), 0);
	assert_int_equal(uid, 1234);
	assert_int_equal(da_user_spec_uid("nobody", text, len, &uid), -ENOENT);
	assert_int_equal(da_user_spec_uid("root:1000", NULL, 0, &uid), 0);
	assert_int_equal(uid, 0);
	assert_int_equal(da_user_spec_uid("99999999999", NULL, 0, &uid), -ENOENT);
	free(text);
	assert_int_equal(da_container_passwd(&root, 60, &text, &len), -ENOENT);
	assert_int_equal(da_container_passwd(&root, 70, &text, &len), -ENOENT);

	/* a stopped container resolved through a running one of its image */
	items = json_loads("[{\"name\": \"run\", \"image_id\": \"sha256:i\", \"running\": true,"
			   "  \"proc\": {\"pid\": 50}},"
			   " {\"name\": \"stop\", \"image_id\": \"sha256:i\", \"running\": false}]",
			   0, NULL);
	user = json_pack("{s:s, s:s, s:b}", "declared", "toor", "source", "config", "root", 0);
	da_container_user_config(&root, items, json_array_get(items, 1), user);
	assert_json_text(user, "{\"declared\": \"toor\", \"source\": \"config\", \"root\": true,"
			       " \"uid\": 0, \"passwd\": \"container run\"}");
	json_decref(user);
	user = da_image_user_resolved(&root, items, "sha256:i", "app");
	assert_json_text(user, "{\"uid\": 1000, \"root\": false, \"via\": \"run\"}");
	json_decref(user);
	assert_null(da_image_user_resolved(&root, items, "sha256:other", "toor"));
	/* a running container: its uid named, its declared user resolved */
	user = json_pack("{s:s, s:i}", "declared", "toor", "uid", 0);
	da_container_user_proc(&root, 50, user);
	assert_json_text(user, "{\"declared\": \"toor\", \"uid\": 0, \"passwd\": \"container\","
			       " \"name\": \"root\", \"declared_uid\": 0}");
	json_decref(user);
	json_decref(items);
	da_root_close(&root);
	rm_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_items_sorted, setup_engine, teardown_engine),
		cmocka_unit_test_setup_teardown(test_privileged, setup_engine, teardown_engine),
		cmocka_unit_test_setup_teardown(test_cap_add, setup_engine, teardown_engine),
		cmocka_unit_test_setup_teardown(test_cap_drop_all, setup_engine, teardown_engine),
		cmocka_unit_test_setup_teardown(test_stopped_default, setup_engine, teardown_engine),
		cmocka_unit_test_setup_teardown(test_running_from_proc, setup_engine, teardown_engine),
		cmocka_unit_test_setup_teardown(test_running_without_proc, setup_engine, teardown_engine),
		cmocka_unit_test_setup_teardown(test_inspect_404, setup_engine, teardown_engine),
		cmocka_unit_test_setup_teardown(test_control_characters, setup_engine, teardown_engine),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_list_not_array),
		cmocka_unit_test(test_config_caps),
		cmocka_unit_test(test_parse_status),
		cmocka_unit_test(test_parse_status_bad),
		cmocka_unit_test(test_status_json_unknowns),
		cmocka_unit_test(test_cap_names),
		cmocka_unit_test(test_read_status_errors),
		cmocka_unit_test_setup_teardown(test_c3_listed, setup_c3, teardown_c3),
		cmocka_unit_test_setup_teardown(test_c3_users, setup_c3, teardown_c3),
		cmocka_unit_test_setup_teardown(test_c3_labels, setup_c3, teardown_c3),
		cmocka_unit_test_setup_teardown(test_c3_processes, setup_c3, teardown_c3),
		cmocka_unit_test_setup_teardown(test_c3_odd_processes, setup_c3, teardown_c3),
		cmocka_unit_test_setup_teardown(test_c3_seccomp, setup_c3, teardown_c3),
		cmocka_unit_test_setup_teardown(test_c3_mounts, setup_c3, teardown_c3),
		cmocka_unit_test_setup_teardown(test_c3_ports, setup_c3, teardown_c3),
		cmocka_unit_test(test_c3_without_daemon_facts),
		cmocka_unit_test(test_c3_processes_capped),
		cmocka_unit_test(test_c3_no_proc_dir),
		cmocka_unit_test(test_parse_ids),
		cmocka_unit_test(test_idmap),
		cmocka_unit_test(test_idmap_too_long),
		cmocka_unit_test(test_proc_index),
		cmocka_unit_test(test_label_fallback),
		cmocka_unit_test(test_clean_path),
		cmocka_unit_test(test_sensitive),
		cmocka_unit_test(test_ports_addresses),
		cmocka_unit_test(test_device_rule_parse),
		cmocka_unit_test(test_device_rules_fact),
		cmocka_unit_test(test_nnp_option),
		cmocka_unit_test(test_nnp_fact),
		cmocka_unit_test(test_ns_find),
		cmocka_unit_test(test_ns_joins_config),
		cmocka_unit_test(test_ns_kernel),
		cmocka_unit_test(test_container_passwd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
