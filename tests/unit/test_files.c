/*
 * Unit tests for src/collect/files.c and units.c. Git keeps neither modes,
 * owners nor sockets, so the tests of those build their host tree in a temp
 * dir: chmod, chown (as root; skipped otherwise), a listening socket, a
 * fifo, symlinks (/var/run -> /run), a loop and a dangling link. Units,
 * drop-ins, certificates and TLS files come from the files-units fixture;
 * ExecStart= splitting is tested on strings.
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
#include "collect/units.h"
#include "common/xalloc.h"
#include "testutil.h"

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

/* Run the collector on DIR with DAEMON (JSON text, or NULL: no daemon section). */
static json_t *collect_dir(const char *dir, const char *daemon)
{
	return da_test_collect_dir_daemon(&da_collector_files, dir, daemon);
}

static json_t *collect(const struct tree *t, const char *daemon)
{
	return collect_dir(t->dir, daemon);
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

/* Members other than uid, gid, owner and group (those depend on who runs
 * the test; test_owners checks them). */
static void assert_item(const json_t *section, const char *role, const char *want)
{
	json_t *copy = json_deep_copy(item(section, role));

	json_object_del(copy, "uid");
	json_object_del(copy, "gid");
	json_object_del(copy, "owner");
	json_object_del(copy, "group");
	da_test_assert_json(copy, want);
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
			      "{\"path\": \"/etc/docker/custom.json\", \"source\": \"flag\"}}",
			      t.dir);
	s = collect(&t, daemon);
	assert_string_equal(da_collector_files.name, "files");
	assert_int_equal(json_array_size(json_object_get(s, "items")), 14);
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
		    "\"source\": \"flag\", \"exists\": true, \"type\": \"file\", \"mode\": \"4640\"}");
	assert_item(s, "docker.sock",
		    "{\"path\": \"/var/run/docker.sock\", \"role\": \"docker.sock\", "
		    "\"source\": \"daemon\", \"exists\": true, \"type\": \"socket\", "
		    "\"mode\": \"0660\"}");
	assert_item(s, "etc-default-docker",
		    "{\"path\": \"/etc/default/docker\", \"role\": \"etc-default-docker\", "
		    "\"exists\": true, \"type\": \"fifo\", \"mode\": \"0600\"}");
	assert_item(s, "etc-sysconfig-docker",
		    "{\"path\": \"/etc/sysconfig/docker\", \"role\": \"etc-sysconfig-docker\", "
		    "\"error\": \"/etc/sysconfig/docker: Too many levels of symbolic links\"}");
	assert_item(s, "containerd.sock",
		    "{\"path\": \"/run/containerd/containerd.sock\", \"role\": "
		    "\"containerd.sock\", \"source\": \"default\", \"exists\": true, \"type\": \"symlink\", \"error\": "
		    "\"/run/containerd/containerd.sock: symlink target: No such file or "
		    "directory\"}");
	assert_item(s, "registry-certs",
		    "{\"path\": \"/etc/docker/certs.d\", \"role\": \"registry-certs\", "
		    "\"exists\": true, \"type\": \"directory\", \"mode\": \"0755\"}");
	assert_item(s, "containerd.service",
		    "{\"path\": \"/etc/systemd/system/containerd.service\", \"role\": "
		    "\"containerd.service\", \"exists\": false}");
	assert_item(s, "tls-key",
		    "{\"path\": \"/root/.docker/key.pem\", \"role\": \"tls-key\", \"source\": "
		    "\"default\", \"exists\": false}");
	da_test_assert_json(json_object_get(json_object_get(s, "units"), "docker.service"),
		    "{\"path\": \"/usr/lib/systemd/system/docker.service\", \"masked\": false, "
		    "\"dropins\": [], \"exec_start\": [], \"errors\": []}");
	json_decref(s);
	free(daemon);

	/* Without daemon facts: the default config file (0666) and socket path. */
	s = collect(&t, NULL);
	assert_item(s, "daemon-config",
		    "{\"path\": \"/etc/docker/daemon.json\", \"role\": \"daemon-config\", "
		    "\"source\": \"default\", \"exists\": true, \"type\": \"file\", "
		    "\"mode\": \"0666\"}");
	assert_item(s, "docker.sock",
		    "{\"path\": \"/var/run/docker.sock\", \"role\": \"docker.sock\", "
		    "\"source\": \"default\", \"exists\": true, \"type\": \"socket\", "
		    "\"mode\": \"0660\"}");
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
	da_test_assert_json(item(s, "daemon-config"),
		    "{\"path\": \"/etc/docker/daemon.json\", \"role\": \"daemon-config\", "
		    "\"source\": \"default\", \"exists\": true, \"type\": \"file\", \"mode\": \"0666\", \"uid\": 4242, "
		    "\"gid\": 999, \"owner\": \"dockremap\", \"group\": \"docker\"}");
	da_test_assert_json(item(s, "registry-certs"),
		    "{\"path\": \"/etc/docker/certs.d\", \"role\": \"registry-certs\", "
		    "\"exists\": true, \"type\": \"directory\", \"mode\": \"0755\", \"uid\": 31337, "
		    "\"gid\": 31338, \"owner\": null, \"group\": null}");
	da_test_assert_json(item(s, "docker.sock"),
		    "{\"path\": \"/var/run/docker.sock\", \"role\": \"docker.sock\", "
		    "\"source\": \"default\", \"exists\": true, \"type\": \"socket\", "
		    "\"mode\": \"0660\", \"uid\": 0, "
		    "\"gid\": 999, \"owner\": \"root\", \"group\": \"docker\"}");
	/* the owner of the link's target, not of the link */
	da_test_assert_json(item(s, "docker.socket"),
		    "{\"path\": \"/etc/systemd/system/docker.socket\", \"role\": "
		    "\"docker.socket\", \"exists\": true, \"type\": \"symlink\", \"mode\": "
		    "\"0600\", \"uid\": 1, \"gid\": 0, \"owner\": \"daemon\", \"group\": \"root\"}");
	json_decref(s);
	destroy(&t);
}

#define NO_UNIT                                                                              \
	"{\"path\": null, \"masked\": false, \"dropins\": [], \"exec_start\": [], \"errors\": []}"

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
	da_test_assert_json(s, "{\"units\": {"
		       "\"docker.service\": " NO_UNIT ", \"docker.socket\": " NO_UNIT ", "
		       "\"containerd.service\": " NO_UNIT "},"
		       "\"items\": ["
		       "{\"path\": \"/etc/systemd/system/docker.service\", \"role\": "
		       "\"docker.service\", \"exists\": false},"
		       "{\"path\": \"/etc/systemd/system/docker.socket\", \"role\": "
		       "\"docker.socket\", \"exists\": false},"
		       "{\"path\": \"/etc/systemd/system/containerd.service\", \"role\": "
		       "\"containerd.service\", \"exists\": false},"
		       "{\"path\": \"/etc/docker\", \"role\": \"etc-docker\", \"exists\": false},"
		       "{\"path\": \"/etc/docker/daemon.json\", \"role\": \"daemon-config\", "
		       "\"source\": \"default\", \"exists\": false},"
		       "{\"path\": \"/var/run/docker.sock\", \"role\": \"docker.sock\", "
		       "\"source\": \"default\", \"exists\": false},"
		       "{\"path\": \"/etc/default/docker\", \"role\": \"etc-default-docker\", "
		       "\"exists\": false},"
		       "{\"path\": \"/etc/sysconfig/docker\", \"role\": \"etc-sysconfig-docker\", "
		       "\"exists\": false},"
		       "{\"path\": \"/run/containerd/containerd.sock\", \"role\": "
		       "\"containerd.sock\", \"source\": \"default\", \"exists\": false},"
		       "{\"path\": \"/etc/containerd/config.toml\", \"role\": "
		       "\"containerd-config\", \"exists\": false},"
		       "{\"path\": \"/etc/docker/certs.d\", \"role\": \"registry-certs\", "
		       "\"exists\": false},"
		       "{\"path\": \"/root/.docker/ca.pem\", \"role\": \"tls-ca\", "
		       "\"source\": \"default\", \"exists\": false},"
		       "{\"path\": \"/root/.docker/cert.pem\", \"role\": \"tls-cert\", "
		       "\"source\": \"default\", \"exists\": false},"
		       "{\"path\": \"/root/.docker/key.pem\", \"role\": \"tls-key\", "
		       "\"source\": \"default\", \"exists\": false}]}");
	json_decref(s);
	destroy(&t);
}

/* ---- units, drop-ins, certificates, TLS files (files-units fixture) ---- */

static json_t *collect_fixture(const char *daemon)
{
	char *dir = da_test_fixture("hosts/files-units");
	json_t *s = collect_dir(dir, daemon);

	free(dir);
	return s;
}

/* The items of ROLE without the members git checkouts do not fix (mode,
 * owner), as a JSON array. Caller owns it. */
static json_t *items_of(const json_t *section, const char *role)
{
	json_t *out = json_array(), *it, *copy;
	size_t i;

	json_array_foreach(json_object_get(section, "items"), i, it) {
		if (strcmp(json_string_value(json_object_get(it, "role")), role))
			continue;
		copy = json_deep_copy(it);
		json_object_del(copy, "mode");
		json_object_del(copy, "uid");
		json_object_del(copy, "gid");
		json_object_del(copy, "owner");
		json_object_del(copy, "group");
		json_array_append_new(out, copy);
	}
	return out;
}

static const json_t *items_last(const json_t *section)
{
	const json_t *items = json_object_get(section, "items");

	return json_array_get(items, json_array_size(items) - 1);
}

static void assert_items(const json_t *section, const char *role, const char *want)
{
	json_t *got = items_of(section, role);

	da_test_assert_json(got, want);
	json_decref(got);
}

/* docker.service from /lib (nothing higher up); its drop-ins merged across
 * directories by name (override.conf in /etc hides the one in /usr/lib, the
 * /dev/null link in /run masks 50-masked.conf) and applied in name order:
 * 90-bad.conf's unbalanced line is an error and ignored, its '@' and ';'
 * line adds two commands, its [Install] ExecStart is not the service's;
 * override.conf's empty ExecStart= clears all that and its continued,
 * quoted line is the result. containerd.service is masked in /etc: its
 * drop-in is never applied. */
static void test_units(void **state)
{
	json_t *s = collect_fixture(NULL);

	da_test_assert_json(json_object_get(s, "units"),
		    "{\"docker.service\": {\"path\": \"/lib/systemd/system/docker.service\", "
		    "\"masked\": false, \"dropins\": ["
		    "\"/lib/systemd/system/docker.service.d/10-env.conf\", "
		    "\"/etc/systemd/system/docker.service.d/90-bad.conf\", "
		    "\"/etc/systemd/system/docker.service.d/override.conf\"], "
		    "\"exec_start\": [[\"/usr/bin/dockerd\", \"--tlsverify\", "
		    "\"--tlscacert=/etc/docker/tls dir/ca.pem\", \"--tlscert=/etc/docker/cert.pem\", "
		    "\"--tlskey=/etc/docker/key.pem\", \"--label\", \"a\\\"b\", \"--label\", "
		    "\"x\\ty\"]], "
		    "\"errors\": [\"/etc/systemd/system/docker.service.d/90-bad.conf:2: ExecStart: "
		    "unbalanced quotes\", \"/etc/systemd/system/docker.service.d/90-bad.conf:6: not "
		    "KEY=VALUE\"]},"
		    "\"docker.socket\": {\"path\": \"/usr/lib/systemd/system/docker.socket\", "
		    "\"masked\": false, \"dropins\": [], \"exec_start\": [], \"errors\": []},"
		    "\"containerd.service\": {\"path\": \"/etc/systemd/system/containerd.service\", "
		    "\"masked\": true, \"dropins\": [], \"exec_start\": [], \"errors\": []}}");
	assert_items(s, "docker.service",
		     "[{\"path\": \"/lib/systemd/system/docker.service\", \"role\": "
		     "\"docker.service\", \"exists\": true, \"type\": \"file\"}]");
	assert_items(s, "unit-dropin",
		     "[{\"path\": \"/lib/systemd/system/docker.service.d/10-env.conf\", \"role\": "
		     "\"unit-dropin\", \"exists\": true, \"type\": \"file\", \"unit\": "
		     "\"docker.service\"},"
		     "{\"path\": \"/etc/systemd/system/docker.service.d/90-bad.conf\", \"role\": "
		     "\"unit-dropin\", \"exists\": true, \"type\": \"file\", \"unit\": "
		     "\"docker.service\"},"
		     "{\"path\": \"/etc/systemd/system/docker.service.d/override.conf\", \"role\": "
		     "\"unit-dropin\", \"exists\": true, \"type\": \"file\", \"unit\": "
		     "\"docker.service\"}]");
	assert_items(s, "containerd.service",
		     "[{\"path\": \"/etc/systemd/system/containerd.service\", \"role\": "
		     "\"containerd.service\", \"exists\": true, \"type\": \"symlink\", \"error\": "
		     "\"/etc/systemd/system/containerd.service: symlink target: No such file or "
		     "directory\"}]");
	assert_items(s, "containerd-config",
		     "[{\"path\": \"/etc/containerd/config.toml\", \"role\": \"containerd-config\", "
		     "\"exists\": true, \"type\": \"file\"}]");
	json_decref(s);
}

/* Every file two levels under certs.d, sorted, with its registry; not the
 * directory three levels down; a link out of the tree stays in it (and
 * finds nothing there). */
static void test_registry_certs(void **state)
{
	json_t *s = collect_fixture(NULL);

	assert_items(s, "registry-cert",
		     "[{\"path\": \"/etc/docker/certs.d/escape\", \"role\": \"registry-cert\", "
		     "\"exists\": true, \"type\": \"symlink\", \"error\": "
		     "\"/etc/docker/certs.d/escape: symlink target: No such file or directory\"},"
		     "{\"path\": \"/etc/docker/certs.d/localhost/ca.crt\", \"role\": "
		     "\"registry-cert\", \"exists\": true, \"type\": \"file\", \"registry\": "
		     "\"localhost\"},"
		     "{\"path\": \"/etc/docker/certs.d/registry.example.com:5000/ca.crt\", \"role\": "
		     "\"registry-cert\", \"exists\": true, \"type\": \"file\", \"registry\": "
		     "\"registry.example.com:5000\"},"
		     "{\"path\": \"/etc/docker/certs.d/registry.example.com:5000/client.cert\", "
		     "\"role\": \"registry-cert\", \"exists\": true, \"type\": \"file\", "
		     "\"registry\": \"registry.example.com:5000\"},"
		     "{\"path\": \"/etc/docker/certs.d/registry.example.com:5000/client.key\", "
		     "\"role\": \"registry-cert\", \"exists\": true, \"type\": \"file\", "
		     "\"registry\": \"registry.example.com:5000\"},"
		     "{\"path\": \"/etc/docker/certs.d/stray.crt\", \"role\": \"registry-cert\", "
		     "\"exists\": true, \"type\": \"file\"}]");
	assert_items(s, "registry-certs",
		     "[{\"path\": \"/etc/docker/certs.d\", \"role\": \"registry-certs\", "
		     "\"exists\": true, \"type\": \"directory\"}]");
	json_decref(s);
}

static const char *item_path(const json_t *section, const char *role)
{
	return json_string_value(json_object_get(item(section, role), "path"));
}

static const char *item_source(const json_t *section, const char *role)
{
	return json_string_value(json_object_get(item(section, role), "source"));
}

/* The TLS files: from the running dockerd's flags (either form), else the
 * config file's keys, else root's ~/.docker; with no process known, what
 * docker.service's ExecStart declares stands in for the flags. */
static void test_tls_files(void **state)
{
	json_t *s = collect_fixture(
		"{\"process\": {\"argv\": [\"/usr/bin/dockerd\", \"--tlscacert\", \"/p/ca.pem\", "
		"\"-H\", \"fd://\"]}, \"config_file\": {\"path\": \"/etc/docker/daemon.json\", "
		"\"source\": \"default\", \"content\": {\"tlscacert\": \"/c/ca.pem\", "
		"\"tlscert\": \"/c/cert.pem\", \"tlskey\": 42}}}");

	assert_string_equal(item_path(s, "tls-ca"), "/p/ca.pem");
	assert_string_equal(item_source(s, "tls-ca"), "flag");
	assert_string_equal(item_path(s, "tls-cert"), "/c/cert.pem");
	assert_string_equal(item_source(s, "tls-cert"), "config");
	/* not a string in the config file: dockerd would refuse it; the
	 * default is what is left to examine */
	assert_string_equal(item_path(s, "tls-key"), "/root/.docker/key.pem");
	assert_string_equal(item_source(s, "tls-key"), "default");
	json_decref(s);

	s = collect_fixture("{\"process\": {\"error\": \"no dockerd holds the socket\"}}");
	assert_string_equal(item_path(s, "tls-ca"), "/etc/docker/tls dir/ca.pem");
	assert_string_equal(item_source(s, "tls-ca"), "unit");
	assert_string_equal(item_path(s, "tls-cert"), "/etc/docker/cert.pem");
	assert_string_equal(item_path(s, "tls-key"), "/etc/docker/key.pem");
	json_decref(s);

	/* a process without TLS flags: the unit's declared ones do not count */
	s = collect_fixture("{\"process\": {\"argv\": [\"dockerd\", \"--tlscert=/p/cert.pem\"]}}");
	assert_string_equal(item_path(s, "tls-ca"), "/root/.docker/ca.pem");
	assert_string_equal(item_source(s, "tls-ca"), "default");
	assert_string_equal(item_path(s, "tls-cert"), "/p/cert.pem");
	json_decref(s);
}

/* A unit "file" that is a directory and a drop-in over 1 MiB are errors of
 * the unit, the rest still read; a drop-in directory that is a file is no
 * drop-in directory; more than 1024 certificate files are cut at 1024,
 * and the certs.d item says so. */
static void test_limits(void **state)
{
	struct tree t = { .sock = -1 };
	json_t *s, *unit;
	char *big, *name;
	int i;

	snprintf(t.dir, sizeof(t.dir), "/tmp/da-files-XXXXXX");
	assert_non_null(mkdtemp(t.dir));
	mkdir_mode(&t, "etc", 0755);
	mkdir_mode(&t, "etc/systemd", 0755);
	mkdir_mode(&t, "etc/systemd/system", 0755);
	mkdir_mode(&t, "etc/systemd/system/docker.service", 0755);
	mkdir_mode(&t, "etc/systemd/system/docker.service.d", 0755);
	big = da_xmalloc((1u << 20) + 2);
	memset(big, '#', (1u << 20) + 1);
	big[(1u << 20) + 1] = '\0';
	file_mode(&t, "etc/systemd/system/docker.service.d/big.conf", big, 0644);
	free(big);
	file_mode(&t, "etc/systemd/system/docker.service.d/ok.conf",
		  "[Service]\nExecStart=/usr/bin/dockerd -D\n", 0644);
	file_mode(&t, "etc/systemd/system/docker.socket.d", "not a directory\n", 0644);
	mkdir_mode(&t, "etc/docker", 0755);
	mkdir_mode(&t, "etc/docker/certs.d", 0755);
	mkdir_mode(&t, "etc/docker/certs.d/many", 0755);
	for (i = 0; i < 1030; i++) {
		name = da_xasprintf("etc/docker/certs.d/many/%04d.crt", i);
		file_mode(&t, name, "x\n", 0644);
		free(name);
	}
	s = collect(&t, NULL);
	unit = json_object_get(json_object_get(s, "units"), "docker.service");
	assert_string_equal(json_string_value(json_object_get(unit, "error")),
			    "/etc/systemd/system/docker.service: Is a directory");
	da_test_assert_json(json_object_get(unit, "exec_start"), "[[\"/usr/bin/dockerd\", \"-D\"]]");
	da_test_assert_json(json_object_get(unit, "errors"), "[]");
	json_object_del(unit, "error");
	da_test_assert_json(json_object_get(json_object_get(s, "units"), "docker.socket"), NO_UNIT);
	assert_string_equal(json_string_value(json_object_get(item(s, "registry-certs"), "error")),
			    "/etc/docker/certs.d: more than 1024 files; the rest not listed");
	assert_string_equal(json_string_value(json_object_get(items_last(s), "path")),
			    "/etc/docker/certs.d/many/1023.crt");
	json_decref(s);
	destroy(&t);
}

/* ---- ExecStart= splitting ----------------------------------------------- */

static void assert_split(const char *value, const char *want)
{
	struct da_err err = { "" };
	json_t *out = json_array();

	if (da_unit_split_exec(value, out, &err) < 0)
		fail_msg("%s: %s", value, err.msg);
	da_test_assert_json(out, want);
	json_decref(out);
}

static void assert_split_error(const char *value, const char *want)
{
	struct da_err err = { "" };
	json_t *out = json_pack("[[s]]", "before");

	assert_int_equal(da_unit_split_exec(value, out, &err), -1);
	assert_string_equal(err.msg, want);
	da_test_assert_json(out, "[[\"before\"]]");
	json_decref(out);
}

static void test_split_exec(void **state)
{
	assert_split("/usr/bin/dockerd -H fd://", "[[\"/usr/bin/dockerd\", \"-H\", \"fd://\"]]");
	assert_split("  /a\t b  ", "[[\"/a\", \"b\"]]");
	assert_split("-/a", "[[\"/a\"]]");
	assert_split("+!!-:/a x", "[[\"/a\", \"x\"]]");
	assert_split("\"-/a\" x", "[[\"/a\", \"x\"]]"); /* prefixes after unquoting */
	assert_split("@/usr/bin/dockerd dockerd-real -D", "[[\"dockerd-real\", \"-D\"]]");
	assert_split("/a 'b c' \"d e\" f'g h'i \"\"", "[[\"/a\", \"b c\", \"d e\", \"fg hi\", \"\"]]");
	assert_split("/a \"it's\" 'say \"hi\"'", "[[\"/a\", \"it's\", \"say \\\"hi\\\"\"]]");
	assert_split("/a \\x41\\101\\u00e9\\U0001F600 \\s\\n\\t\\\\ \"q\\\"q\" 'a\\'b'",
		     "[[\"/a\", \"AA\\u00e9\\ud83d\\ude00\", \" \\n\\t\\\\\", \"q\\\"q\", \"a'b\"]]");
	assert_split("/a b\\ c", "[[\"/a\", \"b c\"]]");
	assert_split("/a ; /b c;d ; -/c", "[[\"/a\"], [\"/b\", \"c;d\"], [\"/c\"]]");
	assert_split("/a \\; ';' x", "[[\"/a\", \";\", \";\", \"x\"]]");
	assert_split("/a $VAR ${VAR} %n", "[[\"/a\", \"$VAR\", \"${VAR}\", \"%n\"]]");
	assert_split_error("/a \"b", "unbalanced quotes");
	assert_split_error("/a 'b\\'", "unbalanced quotes");
	assert_split_error("/a b\\", "a trailing backslash");
	assert_split_error("/a \\q", "an unknown escape \\q");
	assert_split_error("/a \\x00", "an unknown escape \\x");
	assert_split_error("/a \\000", "an unknown escape \\0");
	assert_split_error("/a \\ud800", "an unknown escape \\u");
	assert_split_error("-", "an empty program path");
	assert_split_error("@/a", "an empty command");
	assert_split_error("/a ; \"x", "unbalanced quotes"); /* nothing of the line is kept */
}

/* Lines as systemd reads them: sections, comments, CRLF, continuations
 * (an escaped backslash at the end is not one), a NUL byte, the reset. */
static void test_unit_apply(void **state)
{
	static const char text[] = "[Service]\r\nExecStart=/a b\r\n; comment\n"
				   "ExecStart=/c \\\\\nExecStart=/d \\\n  e\nExecStartPre=/x\n"
				   "[Service2]\nExecStart=/y\n[Service]\nExecStart=/f\0g\n"
				   " ExecStart = /h \n";
	json_t *exec = json_array(), *errors = json_array();

	da_unit_apply("/u", text, sizeof(text) - 1, exec, errors);
	da_test_assert_json(exec, "[[\"/a\", \"b\"], [\"/c\", \"\\\\\"], [\"/d\", \"e\"], [\"/h\"]]");
	da_test_assert_json(errors, "[\"/u:11: a NUL byte in the line\"]");
	da_unit_apply("/v", "[Service]\nExecStart=\n", 21, exec, errors);
	da_test_assert_json(exec, "[]");
	json_decref(exec);
	json_decref(errors);
}

/* The containerd socket the daemon section found (managed, flag), else the
 * system one. */
static void test_containerd_socket(void **state)
{
	json_t *s = collect_fixture("{\"containerd\": {\"address\": "
				    "\"/var/run/docker/containerd/containerd.sock\", \"source\": "
				    "\"managed\", \"pid\": 830, \"exe\": \"/usr/bin/containerd\", "
				    "\"listening\": true}}");

	assert_items(s, "containerd.sock",
		     "[{\"path\": \"/var/run/docker/containerd/containerd.sock\", \"role\": "
		     "\"containerd.sock\", \"source\": \"managed\", \"exists\": false}]");
	json_decref(s);
	s = collect_fixture("{\"containerd\": {\"address\": \"/srv/c.sock\", \"source\": "
			    "\"flag\"}}");
	assert_items(s, "containerd.sock",
		     "[{\"path\": \"/srv/c.sock\", \"role\": \"containerd.sock\", \"source\": "
		     "\"flag\", \"exists\": false}]");
	json_decref(s);
	/* an unknown source is not trusted */
	s = collect_fixture("{\"containerd\": {\"address\": \"/srv/c.sock\", \"source\": "
			    "\"other\"}}");
	assert_items(s, "containerd.sock",
		     "[{\"path\": \"/run/containerd/containerd.sock\", \"role\": "
		     "\"containerd.sock\", \"source\": \"default\", \"exists\": false}]");
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_and_modes),
		cmocka_unit_test(test_owners),
		cmocka_unit_test(test_empty_host),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_registry_certs),
		cmocka_unit_test(test_tls_files),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_split_exec),
		cmocka_unit_test(test_unit_apply),
		cmocka_unit_test(test_containerd_socket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
