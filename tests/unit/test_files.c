/*
 * Unit tests for src/collect/files.c. Git keeps neither modes, owners nor
 * sockets, so each test builds its host tree in a temp dir: chmod, chown
 * (as root; skipped otherwise), a listening socket, a fifo, symlinks
 * (/var/run -> /run), a loop and a dangling link.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "collect/collectors.h"
#include "common/xalloc.h"

/* ---- building a host tree ---------------------------------------------- */

struct tree {
	char dir[64];
	int sock; /* the listening docker.sock, or -1 */
};

static char *at(const struct tree *t, const char *rel)
{
	return da_xasprintf("%s/%s", t->dir, rel);
}

static void mkdir_mode(const struct tree *t, const char *rel, mode_t mode)
{
	char *p = at(t, rel);

	assert_int_equal(mkdir(p, mode), 0);
	assert_int_equal(chmod(p, mode), 0);
	free(p);
}

static void file_mode(const struct tree *t, const char *rel, const char *text, mode_t mode)
{
	char *p = at(t, rel);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(p, mode), 0);
	free(p);
}

static void link_to(const struct tree *t, const char *rel, const char *target)
{
	char *p = at(t, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static void own(const struct tree *t, const char *rel, uid_t uid, gid_t gid)
{
	char *p = at(t, rel);

	assert_int_equal(lchown(p, uid, gid), 0);
	free(p);
}

static void listen_sock(struct tree *t, const char *rel, mode_t mode)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *p = at(t, rel);

	assert_true(strlen(p) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, p, strlen(p) + 1);
	t->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(t->sock >= 0);
	assert_int_equal(bind(t->sock, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(t->sock, 1), 0);
	assert_int_equal(chmod(p, mode), 0);
	free(p);
}

/* A host with Docker installed: units in /usr/lib and an override link in
 * /etc, daemon.json 0666, the socket in /run reached as /var/run/docker.sock. */
static void build_docker_host(struct tree *t)
{
	static const char *const dirs[] = {
		"etc", "etc/systemd", "etc/systemd/system", "usr", "usr/lib", "usr/lib/systemd",
		"usr/lib/systemd/system", "lib", "lib/systemd", "lib/systemd/system", "var", "run",
		"run/containerd", "etc/default",
	};
	size_t i;
	char *p;

	snprintf(t->dir, sizeof(t->dir), "/tmp/da-files-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	t->sock = -1;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		mkdir_mode(t, dirs[i], 0755);
	file_mode(t, "etc/passwd",
		  "root:x:0:0:root:/root:/bin/bash\n"
		  "+nisuser::4242:4242:::\n"
		  "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
		  "broken line\n"
		  "dockremap:x:4242:4243::/nonexistent:/usr/bin/false\n"
		  "dup:x:4242:4243::/:/bin/false\n",
		  0644);
	file_mode(t, "etc/group", "root:x:0:\n# comment\ndocker:x:999:alice\n", 0644);
	file_mode(t, "usr/lib/systemd/system/docker.service", "[Service]\n", 0644);
	file_mode(t, "lib/systemd/system/docker.service", "[Service]\n", 0600);
	file_mode(t, "usr/lib/systemd/system/docker.socket", "[Socket]\n", 0600);
	link_to(t, "etc/systemd/system/docker.socket", "/usr/lib/systemd/system/docker.socket");
	mkdir_mode(t, "etc/docker", 0750);
	file_mode(t, "etc/docker/daemon.json", "{}\n", 0666);
	file_mode(t, "etc/docker/custom.json", "{}\n", 04640);
	mkdir_mode(t, "etc/docker/certs.d", 0755);
	link_to(t, "var/run", "/run");
	listen_sock(t, "run/docker.sock", 0660);
	p = at(t, "etc/default/docker");
	assert_int_equal(mkfifo(p, 0600), 0);
	free(p);
	link_to(t, "etc/sysconfig", "sysconfig2");
	link_to(t, "etc/sysconfig2", "sysconfig");
	link_to(t, "run/containerd/containerd.sock", "/nowhere/containerd.sock");
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path) < 0 ? -1 : 0;
}

static void destroy(struct tree *t)
{
	if (t->sock >= 0)
		close(t->sock);
	assert_int_equal(nftw(t->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* Run the collector on T with DAEMON (JSON text, or NULL: no daemon section). */
static json_t *collect(const struct tree *t, const char *daemon)
{
	struct da_root root;
	struct da_err err = { "" };
	struct da_collect_ctx ctx = { .root = &root };
	json_t *section = json_object();

	if (da_root_open(&root, t->dir, &err) < 0)
		fail_msg("%s", err.msg);
	ctx.facts = json_pack("{s:O}", "files", section);
	if (daemon)
		json_object_set_new(ctx.facts, "daemon", json_loads(daemon, 0, NULL));
	da_collector_files.collect(&ctx, section);
	json_decref(ctx.facts);
	da_root_close(&root);
	return section;
}

static const json_t *item(const json_t *section, const char *role)
{
	const json_t *items = json_object_get(section, "items"), *it;
	size_t i;

	json_array_foreach(items, i, it)
		if (!strcmp(json_string_value(json_object_get(it, "role")), role))
			return it;
	fail_msg("no item with role %s", role);
	return NULL;
}

static void assert_json(const json_t *got, const char *want_text)
{
	json_error_t jerr;
	json_t *want = json_loads(want_text, 0, &jerr);

	if (!want)
		fail_msg("bad expected JSON: %s", jerr.text);
	if (!json_equal(got, want))
		fail_msg("got  %s\nwant %s", json_dumps(got, JSON_COMPACT), want_text);
	json_decref(want);
}

/* Members other than uid, gid, owner and group (those depend on who runs
 * the test; test_owners checks them). */
static void assert_item(const json_t *section, const char *role, const char *want)
{
	json_t *copy = json_deep_copy(item(section, role));

	json_object_del(copy, "uid");
	json_object_del(copy, "gid");
	json_object_del(copy, "owner");
	json_object_del(copy, "group");
	assert_json(copy, want);
	json_decref(copy);
}

/* ---- tests --------------------------------------------------------------- */

static void test_types_and_modes(void **state)
{
	struct tree t;
	json_t *s;
	char *daemon;

	build_docker_host(&t);
	daemon = da_xasprintf("{\"host\": \"unix://%s/var/run/docker.sock\", \"config_file\": "
			      "{\"path\": \"/etc/docker/custom.json\"}}",
			      t.dir);
	s = collect(&t, daemon);
	assert_string_equal(da_collector_files.name, "files");
	assert_int_equal(json_array_size(json_object_get(s, "items")), 9);
	assert_item(s, "docker.service",
		    "{\"path\": \"/usr/lib/systemd/system/docker.service\", \"role\": "
		    "\"docker.service\", \"exists\": true, \"type\": \"file\", \"mode\": \"0644\"}");
	assert_item(s, "docker.socket",
		    "{\"path\": \"/etc/systemd/system/docker.socket\", \"role\": \"docker.socket\", "
		    "\"exists\": true, \"type\": \"symlink\", \"mode\": \"0600\"}");
	assert_item(s, "etc-docker",
		    "{\"path\": \"/etc/docker\", \"role\": \"etc-docker\", \"exists\": true, "
		    "\"type\": \"directory\", \"mode\": \"0750\"}");
	assert_item(s, "daemon-config",
		    "{\"path\": \"/etc/docker/custom.json\", \"role\": \"daemon-config\", "
		    "\"exists\": true, \"type\": \"file\", \"mode\": \"4640\"}");
	assert_item(s, "docker.sock",
		    "{\"path\": \"/var/run/docker.sock\", \"role\": \"docker.sock\", "
		    "\"exists\": true, \"type\": \"socket\", \"mode\": \"0660\"}");
	assert_item(s, "etc-default-docker",
		    "{\"path\": \"/etc/default/docker\", \"role\": \"etc-default-docker\", "
		    "\"exists\": true, \"type\": \"fifo\", \"mode\": \"0600\"}");
	assert_item(s, "etc-sysconfig-docker",
		    "{\"path\": \"/etc/sysconfig/docker\", \"role\": \"etc-sysconfig-docker\", "
		    "\"error\": \"/etc/sysconfig/docker: Too many levels of symbolic links\"}");
	assert_item(s, "containerd.sock",
		    "{\"path\": \"/run/containerd/containerd.sock\", \"role\": "
		    "\"containerd.sock\", \"exists\": true, \"type\": \"symlink\", \"error\": "
		    "\"/run/containerd/containerd.sock: symlink target: No such file or "
		    "directory\"}");
	assert_item(s, "registry-certs",
		    "{\"path\": \"/etc/docker/certs.d\", \"role\": \"registry-certs\", "
		    "\"exists\": true, \"type\": \"directory\", \"mode\": \"0755\"}");
	json_decref(s);
	free(daemon);

	/* Without daemon facts: the default config file (0666) and socket path. */
	s = collect(&t, NULL);
	assert_item(s, "daemon-config",
		    "{\"path\": \"/etc/docker/daemon.json\", \"role\": \"daemon-config\", "
		    "\"exists\": true, \"type\": \"file\", \"mode\": \"0666\"}");
	assert_item(s, "docker.sock",
		    "{\"path\": \"/var/run/docker.sock\", \"role\": \"docker.sock\", "
		    "\"exists\": true, \"type\": \"socket\", \"mode\": \"0660\"}");
	json_decref(s);

	/* A TCP daemon: the default socket path is examined. */
	s = collect(&t, "{\"host\": \"tcp://127.0.0.1:2376\"}");
	assert_string_equal(json_string_value(json_object_get(item(s, "docker.sock"), "path")),
			    "/var/run/docker.sock");
	json_decref(s);
	destroy(&t);
}

static void test_owners(void **state)
{
	struct tree t;
	json_t *s;

	if (geteuid() != 0)
		skip();
	build_docker_host(&t);
	own(&t, "etc/docker/daemon.json", 4242, 999);
	own(&t, "etc/docker/certs.d", 31337, 31338);
	own(&t, "run/docker.sock", 0, 999);
	own(&t, "usr/lib/systemd/system/docker.socket", 1, 0);
	s = collect(&t, NULL);
	/* the first passwd line for 4242 that is not a NIS "+" entry */
	assert_json(item(s, "daemon-config"),
		    "{\"path\": \"/etc/docker/daemon.json\", \"role\": \"daemon-config\", "
		    "\"exists\": true, \"type\": \"file\", \"mode\": \"0666\", \"uid\": 4242, "
		    "\"gid\": 999, \"owner\": \"dockremap\", \"group\": \"docker\"}");
	assert_json(item(s, "registry-certs"),
		    "{\"path\": \"/etc/docker/certs.d\", \"role\": \"registry-certs\", "
		    "\"exists\": true, \"type\": \"directory\", \"mode\": \"0755\", \"uid\": 31337, "
		    "\"gid\": 31338, \"owner\": null, \"group\": null}");
	assert_json(item(s, "docker.sock"),
		    "{\"path\": \"/var/run/docker.sock\", \"role\": \"docker.sock\", "
		    "\"exists\": true, \"type\": \"socket\", \"mode\": \"0660\", \"uid\": 0, "
		    "\"gid\": 999, \"owner\": \"root\", \"group\": \"docker\"}");
	/* the owner of the link's target, not of the link */
	assert_json(item(s, "docker.socket"),
		    "{\"path\": \"/etc/systemd/system/docker.socket\", \"role\": "
		    "\"docker.socket\", \"exists\": true, \"type\": \"symlink\", \"mode\": "
		    "\"0600\", \"uid\": 1, \"gid\": 0, \"owner\": \"daemon\", \"group\": \"root\"}");
	json_decref(s);
	destroy(&t);
}

/* Nothing there, not even /etc/passwd: every item absent, and the units
 * recorded at their first candidate path. */
static void test_empty_host(void **state)
{
	struct tree t;
	json_t *s;

	snprintf(t.dir, sizeof(t.dir), "/tmp/da-files-XXXXXX");
	assert_non_null(mkdtemp(t.dir));
	t.sock = -1;
	s = collect(&t, NULL);
	assert_json(s, "{\"items\": ["
		       "{\"path\": \"/etc/systemd/system/docker.service\", \"role\": "
		       "\"docker.service\", \"exists\": false},"
		       "{\"path\": \"/etc/systemd/system/docker.socket\", \"role\": "
		       "\"docker.socket\", \"exists\": false},"
		       "{\"path\": \"/etc/docker\", \"role\": \"etc-docker\", \"exists\": false},"
		       "{\"path\": \"/etc/docker/daemon.json\", \"role\": \"daemon-config\", "
		       "\"exists\": false},"
		       "{\"path\": \"/var/run/docker.sock\", \"role\": \"docker.sock\", "
		       "\"exists\": false},"
		       "{\"path\": \"/etc/default/docker\", \"role\": \"etc-default-docker\", "
		       "\"exists\": false},"
		       "{\"path\": \"/etc/sysconfig/docker\", \"role\": \"etc-sysconfig-docker\", "
		       "\"exists\": false},"
		       "{\"path\": \"/run/containerd/containerd.sock\", \"role\": "
		       "\"containerd.sock\", \"exists\": false},"
		       "{\"path\": \"/etc/docker/certs.d\", \"role\": \"registry-certs\", "
		       "\"exists\": false}]}");
	json_decref(s);
	destroy(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_and_modes),
		cmocka_unit_test(test_owners),
		cmocka_unit_test(test_empty_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
