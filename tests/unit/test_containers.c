/*
 * Unit tests for the containers collector (src/collect/containers.c) and
 * src/collect/proc.c. The collector runs against tests/unit/fake_engine.c
 * replaying a real dockerd 20.10 (tests/fixtures/api/) and a fixture root
 * holding the running container's /proc/PID/status.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/collectors.h"
#include "collect/proc.h"
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
