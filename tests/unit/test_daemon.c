/*
 * Unit tests for src/collect/daemon.c: dockerd's command line parsed as
 * pflag does, the config file, effective settings, finding the dockerd
 * process in fixture /proc trees (and the live one), and the collector with
 * the Engine API client replaced by fakes (linked with ld --wrap).
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "collect/collectors.h"
#include "collect/daemon.h"
#include "common/xalloc.h"
#include "testutil.h"

/* ---- helpers ---------------------------------------------------------- */

static char *fixture_dir(const char *name)
{
	return da_test_fixture("hosts/%s", name);
}

static void open_fixture(struct da_root *root, const char *name)
{
	char *dir = fixture_dir(name);
	struct da_err err = { "" };

	if (da_root_open(root, dir, &err) < 0)
		fail_msg("%s", err.msg);
	free(dir);
}

/* Split LINE at spaces into a NULL-terminated argv (words hold no spaces). */
struct words {
	char *buf;
	char *argv[64];
	size_t argc;
};

static void split(struct words *w, const char *line)
{
	char *p, *sp;

	w->buf = da_xstrdup(line);
	w->argc = 0;
	for (p = w->buf; p && w->argc < 63; p = sp ? sp + 1 : NULL) {
		sp = strchr(p, ' ');
		if (sp)
			*sp = '\0';
		w->argv[w->argc++] = p;
	}
	w->argv[w->argc] = NULL;
}

/* Parse LINE; return 0 or -1 with ERR. */
static int parse(const char *line, struct da_dockerd_flags *f, struct da_err *err)
{
	struct words w;
	int rc;

	split(&w, line);
	rc = da_dockerd_argv_parse(w.argv, w.argc, f, err);
	free(w.buf);
	return rc;
}

/* Render the parsed flags as "name=value name?=value | args" ('?': unknown). */
static char *render(const struct da_dockerd_flags *f)
{
	char *s = da_xstrdup(""), *t;
	size_t i;

	for (i = 0; i < f->n; i++) {
		t = da_xasprintf("%s%s%s%s=%s", s, i ? " " : "", f->opts[i].name,
				 f->opts[i].known ? "" : "?", f->opts[i].value);
		free(s);
		s = t;
	}
	for (i = 0; i < f->nargs; i++) {
		t = da_xasprintf("%s%s%s", s, i ? " " : " | ", f->args[i]);
		free(s);
		s = t;
	}
	return s;
}

static void assert_parses(const char *line, const char *want)
{
	struct da_dockerd_flags f;
	struct da_err err = { "" };
	char *got;

	if (parse(line, &f, &err) < 0)
		fail_msg("%s: %s", line, err.msg);
	got = render(&f);
	if (strcmp(got, want))
		fail_msg("%s:\n  got  \"%s\"\n  want \"%s\"", line, got, want);
	free(got);
	da_dockerd_flags_free(&f);
}

static void assert_parse_error(const char *line, const char *want)
{
	struct da_dockerd_flags f;
	struct da_err err = { "" };

	assert_int_equal(parse(line, &f, &err), -1);
	assert_string_equal(err.msg, want);
	assert_int_equal(f.n, 0);
	assert_null(f.opts);
}

static void assert_json(const json_t *got, const char *want_text)
{
	json_error_t jerr;
	json_t *want = json_loads(want_text, 0, &jerr);
	char *g;

	if (!want)
		fail_msg("bad expected JSON: %s", jerr.text);
	if (!json_equal(got, want)) {
		g = json_dumps(got, JSON_SORT_KEYS | JSON_COMPACT);
		fail_msg("got  %s\nwant %s", g, want_text);
	}
	json_decref(want);
}

/* ---- the command line ------------------------------------------------- */

static void test_argv_value_forms(void **state)
{
	assert_parses("dockerd --log-level=debug", "log-level=debug");
	assert_parses("dockerd --log-level debug", "log-level=debug");
	assert_parses("dockerd -l debug", "log-level=debug");
	assert_parses("dockerd -ldebug", "log-level=debug");
	assert_parses("dockerd -l=debug", "log-level=debug");
	assert_parses("dockerd --log-level= --data-root=/srv/docker", "log-level= data-root=/srv/docker");
	/* a value flag takes the next word whatever it looks like, as pflag does */
	assert_parses("dockerd --log-level --icc", "log-level=--icc");
	assert_parses("dockerd -g /var/lib/old -G docker -p /run/d.pid -b br0 -s overlay2",
		      "graph=/var/lib/old group=docker pidfile=/run/d.pid bridge=br0 "
		      "storage-driver=overlay2");
}

static void test_argv_repeated(void **state)
{
	struct da_dockerd_flags f;
	struct da_err err = { "" };

	assert_int_equal(parse("dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375 "
			       "--log-level=info --log-level warn",
			       &f, &err),
			 0);
	assert_int_equal(f.n, 4);
	assert_string_equal(f.opts[0].name, "host");
	assert_string_equal(f.opts[0].value, "unix:///var/run/docker.sock");
	assert_string_equal(f.opts[1].name, "host");
	assert_string_equal(f.opts[1].value, "tcp://0.0.0.0:2375");
	assert_string_equal(da_dockerd_flag(&f, "host"), "tcp://0.0.0.0:2375");
	assert_string_equal(da_dockerd_flag(&f, "log-level"), "warn");
	assert_null(da_dockerd_flag(&f, "icc"));
	assert_null(da_dockerd_flag(NULL, "icc"));
	da_dockerd_flags_free(&f);
	da_dockerd_flags_free(&f);
	da_dockerd_flags_free(NULL);
}

static void test_argv_booleans(void **state)
{
	assert_parses("dockerd --icc", "icc=true");
	assert_parses("dockerd --icc=false", "icc=false");
	assert_parses("dockerd --icc=true", "icc=true");
	assert_parses("dockerd --icc=0 --iptables=F --ipv6=TRUE --live-restore=t",
		      "icc=false iptables=false ipv6=true live-restore=true");
	/* a boolean never consumes the next word */
	assert_parses("dockerd --icc false", "icc=true | false");
	assert_parses("dockerd -D", "debug=true");
	assert_parses("dockerd -D=false", "debug=false");
	assert_parses("dockerd -Dl debug", "debug=true log-level=debug");
	assert_parses("dockerd -Dldebug", "debug=true log-level=debug");
	assert_parses("dockerd --no-new-privileges --selinux-enabled --userland-proxy=false "
		      "--tlsverify --experimental",
		      "no-new-privileges=true selinux-enabled=true userland-proxy=false "
		      "tlsverify=true experimental=true");
}

static void test_argv_positional_and_dashdash(void **state)
{
	assert_parses("dockerd", "");
	assert_parses("dockerd - x", " | - x");
	assert_parses("dockerd --icc=false -- --log-level=debug -D", "icc=false | --log-level=debug -D");
}

static void test_argv_unknown_flags(void **state)
{
	assert_parses("dockerd --future-flag=x --icc=false", "future-flag?=x icc=false");
	/* no positional arguments in dockerd: a following word is the value */
	assert_parses("dockerd --future-opt value --icc", "future-opt?=value icc=true");
	/* ... unless it is a flag: then the unknown one was a boolean */
	assert_parses("dockerd --future-bool --icc=false", "future-bool?=true icc=false");
	assert_parses("dockerd --future-bool", "future-bool?=true");
	assert_parses("dockerd -Z zed -Yval -X", "Z?=zed Y?=val X?=true");
}

static void test_argv_errors(void **state)
{
	assert_parse_error("dockerd --log-level", "flag needs an argument: --log-level");
	assert_parse_error("dockerd -l", "flag needs an argument: 'l' in -l");
	assert_parse_error("dockerd -Dl", "flag needs an argument: 'l' in -Dl");
	assert_parse_error("dockerd --icc=false ---x", "bad flag syntax: ---x");
	assert_parse_error("dockerd --=x", "bad flag syntax: --=x");
	assert_parse_error("dockerd --icc=maybe",
			   "invalid argument \"maybe\" for \"--icc\" flag: strconv.ParseBool: "
			   "parsing \"maybe\": invalid syntax");
	assert_parse_error("dockerd -D=yes",
			   "invalid argument \"yes\" for \"-D, --debug\" flag: strconv.ParseBool: "
			   "parsing \"yes\": invalid syntax");
}

static void test_flag_table(void **state)
{
	const struct da_dockerd_flag_def *d;

	d = da_dockerd_flag_def("log-level");
	assert_non_null(d);
	assert_int_equal(d->shorthand, 'l');
	assert_false(d->is_bool);
	d = da_dockerd_flag_def("icc");
	assert_non_null(d);
	assert_true(d->is_bool);
	assert_null(da_dockerd_flag_def("log"));
	assert_null(da_dockerd_flag_def("no-such-flag"));
}

/* ---- the config file -------------------------------------------------- */

static json_t *config_of(const char *fixture, const char *line)
{
	struct da_root root;
	struct da_dockerd_flags f;
	struct da_err err = { "" };
	json_t *config;

	open_fixture(&root, fixture);
	assert_int_equal(parse(line, &f, &err), 0);
	config = da_dockerd_config_file(&root, &f);
	da_dockerd_flags_free(&f);
	da_root_close(&root);
	return config;
}

static void test_config_default(void **state)
{
	json_t *c = config_of("dockerd-systemd", "dockerd --icc=false");

	assert_json(c, "{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", "
		       "\"exists\": true, \"content\": {\"log-level\": \"warn\"}}");
	json_decref(c);
}

static void test_config_default_absent(void **state)
{
	json_t *c = config_of("debian12", "dockerd");

	assert_json(c, "{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", "
		       "\"exists\": false}");
	json_decref(c);
}

static void test_config_from_flag(void **state)
{
	static const char *const lines[] = {
		"dockerd --config-file=/etc/docker/custom.json",
		"dockerd --config-file /etc/docker/custom.json",
		"dockerd --config-file /etc/docker/daemon.json --config-file=/etc/docker/custom.json",
	};
	size_t i;
	json_t *c;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		c = config_of("daemon-config-flag", lines[i]);
		assert_json(c, "{\"path\": \"/etc/docker/custom.json\", \"source\": \"flag\", "
			       "\"exists\": true, \"content\": {\"icc\": false}}");
		json_decref(c);
	}
}

static void test_config_flag_missing(void **state)
{
	json_t *c = config_of("daemon-config-flag", "dockerd --config-file /etc/docker/gone.json");

	assert_json(c, "{\"path\": \"/etc/docker/gone.json\", \"source\": \"flag\", "
		       "\"exists\": false, "
		       "\"error\": \"/etc/docker/gone.json: No such file or directory\"}");
	json_decref(c);
}

static void test_config_malformed(void **state)
{
	json_t *c = config_of("daemon-bad-json", "dockerd");

	assert_json(c, "{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", "
		       "\"exists\": true, \"error\": \"/etc/docker/daemon.json:3:13: "
		       "'}' expected near '\\\"log-level\\\"'\"}");
	json_decref(c);
}

static void test_config_array(void **state)
{
	json_t *c = config_of("daemon-array", "dockerd");

	assert_json(c, "{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", "
		       "\"exists\": true, "
		       "\"error\": \"/etc/docker/daemon.json: not a JSON object\"}");
	json_decref(c);
}

/* A temp root holding etc/docker/daemon.json with DATA (LEN bytes). */
static char *temp_config_root(const void *data, size_t len)
{
	char tmpl[] = "/tmp/da-daemon-XXXXXX";
	char *path;
	FILE *f;

	assert_non_null(mkdtemp(tmpl));
	path = da_xasprintf("%s/etc", tmpl);
	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
	path = da_xasprintf("%s/etc/docker", tmpl);
	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
	path = da_xasprintf("%s/etc/docker/daemon.json", tmpl);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	free(path);
	return da_xstrdup(tmpl);
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path) < 0 ? -1 : 0;
}

/* rm -rf DIR (a temp tree this test made). */
static void remove_tree(const char *dir)
{
	assert_int_equal(nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

static json_t *temp_config(const void *data, size_t len)
{
	char *dir = temp_config_root(data, len);
	struct da_root root;
	struct da_err err = { "" };
	json_t *c;

	assert_int_equal(da_root_open(&root, dir, &err), 0);
	c = da_dockerd_config_file(&root, NULL);
	da_root_close(&root);
	remove_tree(dir);
	free(dir);
	return c;
}

static void test_config_empty_bom_and_big(void **state)
{
	const char bom[] = "\xef\xbb\xbf{\"icc\": false}";
	char *big;
	json_t *c;

	c = temp_config(" \n\t\n", 4);
	assert_json(c, "{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", "
		       "\"exists\": true, \"content\": {}}");
	json_decref(c);
	c = temp_config(bom, sizeof(bom) - 1);
	assert_json(json_object_get(c, "content"), "{\"icc\": false}");
	json_decref(c);
	big = da_xmalloc(DA_DOCKERD_CONFIG_MAX + 1);
	memset(big, ' ', DA_DOCKERD_CONFIG_MAX + 1);
	c = temp_config(big, DA_DOCKERD_CONFIG_MAX + 1);
	assert_string_equal(json_string_value(json_object_get(c, "error")),
			    "/etc/docker/daemon.json: larger than 1048576 bytes");
	json_decref(c);
	free(big);
	/* invalid UTF-8 inside the file: jansson's message, kept valid JSON */
	c = temp_config("{\"a\": \"\xff\"}", 9);
	assert_string_equal(json_string_value(json_object_get(c, "error")),
			    "/etc/docker/daemon.json:1:7: unable to decode byte 0xff near '\"'");
	json_decref(c);
}

/* ---- settings --------------------------------------------------------- */

static json_t *settings_of(const char *line, const char *config_text)
{
	struct da_dockerd_flags f;
	struct da_err err = { "" };
	json_t *config = json_loads(config_text, 0, NULL), *s;

	assert_non_null(config);
	assert_int_equal(parse(line, &f, &err), 0);
	s = da_dockerd_settings_json(&f, config, NULL);
	da_dockerd_flags_free(&f);
	json_decref(config);
	return s;
}

static void test_settings_sources(void **state)
{
	json_t *s = settings_of("dockerd --icc=false",
				"{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", "
				"\"exists\": true, \"content\": {\"log-level\": \"warn\"}}");

	assert_json(s, "{\"icc\": {\"value\": false, \"source\": \"flag\"}, "
		       "\"log-level\": {\"value\": \"warn\", \"source\": \"config\"}, "
		       "\"userns-remap\": {\"value\": \"\", \"source\": \"default\"}}");
	json_decref(s);
	/* the short flag; the flag wins over the config file */
	s = settings_of("dockerd -l error --userns-remap default",
			"{\"exists\": true, \"content\": {\"log-level\": \"warn\", \"icc\": false}}");
	assert_json(s, "{\"icc\": {\"value\": false, \"source\": \"config\"}, "
		       "\"log-level\": {\"value\": \"error\", \"source\": \"flag\"}, "
		       "\"userns-remap\": {\"value\": \"default\", \"source\": \"flag\"}}");
	json_decref(s);
}

static void test_settings_config_error(void **state)
{
	json_t *s = settings_of("dockerd --icc=false",
				"{\"exists\": true, \"error\": \"/etc/docker/daemon.json:3:13: bad\"}");

	assert_json(s, "{\"icc\": {\"value\": false, \"source\": \"flag\"}, "
		       "\"log-level\": {\"error\": \"/etc/docker/daemon.json:3:13: bad\"}, "
		       "\"userns-remap\": {\"error\": \"/etc/docker/daemon.json:3:13: bad\"}}");
	json_decref(s);
}

static void test_settings_wrong_type(void **state)
{
	struct da_root root;
	json_t *config, *s;

	open_fixture(&root, "daemon-wrong-type");
	config = da_dockerd_config_file(&root, NULL);
	s = da_dockerd_settings_json(&(struct da_dockerd_flags){ 0 }, config, NULL);
	assert_json(s, "{\"icc\": {\"error\": \"/etc/docker/daemon.json: \\\"icc\\\" must be a "
		       "boolean\"}, \"log-level\": {\"error\": \"/etc/docker/daemon.json: "
		       "\\\"log-level\\\" must be a string\"}, "
		       "\"userns-remap\": {\"value\": \"default\", \"source\": \"config\"}}");
	json_decref(s);
	json_decref(config);
	da_root_close(&root);
}

static void test_settings_unknown_argv(void **state)
{
	json_t *s = da_dockerd_settings_json(NULL, NULL, "no dockerd");

	assert_json(s, "{\"icc\": {\"error\": \"no dockerd\"}, \"log-level\": {\"error\": "
		       "\"no dockerd\"}, \"userns-remap\": {\"error\": \"no dockerd\"}}");
	json_decref(s);
}

/* Every setting's flag is one dockerd has, of the right kind, and every
 * default is a valid value of its type. */
static void test_settings_table(void **state)
{
	const struct da_dockerd_setting *s;
	const struct da_dockerd_flag_def *d;
	json_t *all = da_dockerd_settings_json(&(struct da_dockerd_flags){ 0 }, NULL, NULL);
	size_t n = 0;

	for (s = da_dockerd_settings; s->name; s++, n++) {
		d = da_dockerd_flag_def(s->flag);
		if (!d)
			fail_msg("setting %s: dockerd has no flag --%s", s->name, s->flag);
		assert_int_equal(d->is_bool, s->type == DA_SETTING_BOOL);
		assert_non_null(s->config_key);
		assert_string_equal(json_string_value(json_object_get(
					    json_object_get(all, s->name), "source")),
				    "default");
	}
	assert_int_equal(json_object_size(all), n);
	assert_true(n >= 3);
	json_decref(all);
}

/* ---- the dockerd process ---------------------------------------------- */

static void test_host_socket_path(void **state)
{
	struct da_root r = { .path = "/mnt/host/", .fd = -1 };
	char *p;

	p = da_dockerd_host_socket_path(&r, "/mnt/host/var/run/docker.sock");
	assert_string_equal(p, "/var/run/docker.sock");
	free(p);
	p = da_dockerd_host_socket_path(&r, "unix:///mnt/host/run/docker.sock");
	assert_string_equal(p, "/run/docker.sock");
	free(p);
	p = da_dockerd_host_socket_path(&r, "/mnt/hostile/docker.sock");
	assert_string_equal(p, "/mnt/hostile/docker.sock");
	free(p);
	p = da_dockerd_host_socket_path(&r, "unix:///var/run/docker.sock");
	assert_string_equal(p, "/var/run/docker.sock");
	free(p);
	assert_null(da_dockerd_host_socket_path(&r, "tcp://127.0.0.1:2375"));
	r.path = "/";
	p = da_dockerd_host_socket_path(&r, "/var/run/docker.sock");
	assert_string_equal(p, "/var/run/docker.sock");
	free(p);
}

/* In dockerd-systemd, pid 1 (systemd, socket activation) and pid 812
 * (dockerd) hold the listening /run/docker.sock; pid 700 is
 * "/usr/bin/notdockerd --fake", holding containerd's socket. */
static void test_find_in_fixture(void **state)
{
	struct da_root root;
	struct da_dockerd_proc p;
	struct da_err err = { "" };
	char *sock;

	open_fixture(&root, "dockerd-systemd");
	/* reached through /var/run (a link to /run), and as a path below the prefix */
	assert_int_equal(da_dockerd_find(&root, "/var/run/docker.sock", &p, &err), 0);
	assert_int_equal(p.pid, 812);
	assert_string_equal(p.found_by, "socket");
	assert_string_equal(p.exe, "/usr/bin/dockerd");
	assert_int_equal(p.argc, 5);
	assert_string_equal(p.argv[0], "/usr/bin/dockerd");
	assert_string_equal(p.argv[2], "fd://");
	assert_string_equal(p.argv[4], "--icc=false");
	da_dockerd_proc_free(&p);
	sock = da_xasprintf("%s/run/docker.sock", root.path);
	assert_int_equal(da_dockerd_find(&root, sock, &p, &err), 0);
	assert_int_equal(p.pid, 812);
	da_dockerd_proc_free(&p);
	da_dockerd_proc_free(NULL);
	free(sock);
	/* containerd's socket is held by the decoy only */
	assert_int_equal(da_dockerd_find(&root, "/run/containerd/containerd.sock", &p, &err), 0);
	assert_int_equal(p.pid, 700);
	da_dockerd_proc_free(&p);
	assert_int_equal(da_dockerd_find(&root, "/run/other.sock", &p, &err), -1);
	assert_string_equal(err.msg, "no listening unix socket /run/other.sock in /proc/net/unix");
	assert_int_equal(da_dockerd_find(&root, "tcp://10.0.0.1:2376", &p, &err), -1);
	assert_string_equal(err.msg, "tcp://10.0.0.1:2376: not a unix socket");
	da_root_close(&root);
}

/* A fake /proc built at run time. */
struct fake_proc {
	char *dir;
	struct da_root root;
};

static void mkdirs(const char *base, const char *rel)
{
	char *p = da_xasprintf("%s/%s", base, rel), *s;

	for (s = p + strlen(base) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
	free(p);
}

static void put_file(const char *base, const char *rel, const void *data, size_t len)
{
	char *p = da_xasprintf("%s/%s", base, rel);
	FILE *f = fopen(p, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	free(p);
}

static void put_link(const char *base, const char *rel, const char *target)
{
	char *p = da_xasprintf("%s/%s", base, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static void fake_open(struct fake_proc *fp, const char *net_unix)
{
	char tmpl[] = "/tmp/da-proc-XXXXXX";
	struct da_err err = { "" };

	assert_non_null(mkdtemp(tmpl));
	fp->dir = da_xstrdup(tmpl);
	mkdirs(fp->dir, "proc/net");
	put_file(fp->dir, "proc/net/unix", net_unix, strlen(net_unix));
	assert_int_equal(da_root_open(&fp->root, fp->dir, &err), 0);
}

/* Process PID named COMM, running EXE, holding socket INODE as fd 3. */
static void fake_process(struct fake_proc *fp, int pid, const char *comm, const char *exe,
			 unsigned long inode)
{
	char rel[128], target[64], cmdline[256];
	int n;

	snprintf(rel, sizeof(rel), "proc/%d/fd", pid);
	mkdirs(fp->dir, rel);
	snprintf(rel, sizeof(rel), "proc/%d/fd/3", pid);
	snprintf(target, sizeof(target), "socket:[%lu]", inode);
	put_link(fp->dir, rel, target);
	snprintf(rel, sizeof(rel), "proc/%d/exe", pid);
	put_link(fp->dir, rel, exe);
	snprintf(rel, sizeof(rel), "proc/%d/comm", pid);
	snprintf(cmdline, sizeof(cmdline), "%s\n", comm);
	put_file(fp->dir, rel, cmdline, strlen(cmdline));
	snprintf(rel, sizeof(rel), "proc/%d/cmdline", pid);
	n = snprintf(cmdline, sizeof(cmdline), "%s%c--pid=%d", exe, '\0', pid);
	put_file(fp->dir, rel, cmdline, (size_t)n + 1);
}

static void fake_close(struct fake_proc *fp)
{
	da_root_close(&fp->root);
	remove_tree(fp->dir);
	free(fp->dir);
}

#define UNIX_HEADER "Num       RefCount Protocol Flags    Type St Inode Path\n"
#define LISTEN(inode, path) \
	"0000000000000000: 00000002 00000000 00010000 0001 01 " inode " " path "\n"
#define CONNECTED(inode, path) \
	"0000000000000000: 00000003 00000000 00000000 0001 03 " inode " " path "\n"

static void find_expect(struct fake_proc *fp, const char *sock, int pid, const char *err_want)
{
	struct da_dockerd_proc p;
	struct da_err err = { "" };
	int rc = da_dockerd_find(&fp->root, sock, &p, &err);

	if (err_want) {
		assert_int_equal(rc, -1);
		assert_string_equal(err.msg, err_want);
		return;
	}
	if (rc < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(p.pid, pid);
	assert_string_equal(p.found_by, "socket");
	da_dockerd_proc_free(&p);
}

static void test_find_only_pid1(void **state)
{
	struct fake_proc fp;

	fake_open(&fp, UNIX_HEADER LISTEN("12345", "/run/docker.sock"));
	fake_process(&fp, 1, "systemd", "/usr/lib/systemd/systemd", 12345);
	find_expect(&fp, "/run/docker.sock", 0,
		    "only pid 1 holds the socket /run/docker.sock (socket activation: "
		    "dockerd is not running)");
	fake_close(&fp);
}

static void test_find_no_holder(void **state)
{
	struct fake_proc fp;

	fake_open(&fp, UNIX_HEADER LISTEN("12345", "/run/docker.sock"));
	fake_process(&fp, 40, "bash", "/bin/bash", 999);
	find_expect(&fp, "/var/run/docker.sock", 0,
		    "no process in /proc holds the listening socket /var/run/docker.sock "
		    "(inode 12345)");
	fake_close(&fp);
}

/* Only the listening socket counts: a connection accepted on the same
 * path (held here by pid 700) is not the daemon. The daemon's binary is
 * renamed, so only the listening test tells them apart. */
static void test_find_listening_only(void **state)
{
	struct fake_proc fp;

	fake_open(&fp, UNIX_HEADER CONNECTED("12346", "/run/docker.sock")
			       LISTEN("  812", "/run/docker.sock"));
	fake_process(&fp, 700, "proxy", "/usr/bin/proxy", 12346);
	fake_process(&fp, 900, "moby-engine", "/usr/local/bin/moby-engine", 812);
	find_expect(&fp, "/var/run/docker.sock", 900, NULL);
	fake_close(&fp);
}

/* exe "dockerd (deleted)" (the binary was upgraded) ranks as dockerd. */
static void test_find_prefers_dockerd(void **state)
{
	struct fake_proc fp;

	fake_open(&fp, UNIX_HEADER LISTEN("12345", "/run/docker.sock"));
	fake_process(&fp, 1, "systemd", "/usr/lib/systemd/systemd", 12345);
	fake_process(&fp, 200, "helper", "/usr/bin/helper", 12345);
	fake_process(&fp, 300, "exe", "/usr/bin/dockerd (deleted)", 12345);
	find_expect(&fp, "/run/docker.sock", 300, NULL);
	fake_close(&fp);
}

/* A socket path holding a newline forges a line for inode 777 (held by a
 * process called dockerd, with a lower pid): an inode on two lines is not
 * trusted. */
static void test_find_forged_line(void **state)
{
	struct fake_proc fp;

	fake_open(&fp, UNIX_HEADER LISTEN("777", "/tmp/x\n" LISTEN("777", "/run/docker.sock"))
			       LISTEN("12345", "/run/docker.sock"));
	fake_process(&fp, 666, "dockerd", "/tmp/dockerd", 777);
	fake_process(&fp, 812, "dockerd", "/usr/bin/dockerd", 12345);
	find_expect(&fp, "/run/docker.sock", 812, NULL);
	fake_close(&fp);
}

/* The socket is reached through a link to a place /proc/net/unix names. */
static void test_find_through_symlink(void **state)
{
	struct fake_proc fp;

	fake_open(&fp, UNIX_HEADER LISTEN("4242", "/srv/docker/docker.sock"));
	fake_process(&fp, 812, "dockerd", "/usr/bin/dockerd", 4242);
	mkdirs(fp.dir, "srv/docker");
	mkdirs(fp.dir, "var/run");
	put_file(fp.dir, "srv/docker/docker.sock", "", 0);
	put_link(fp.dir, "var/run/docker.sock", "/srv/docker/docker.sock");
	find_expect(&fp, "/var/run/docker.sock", 812, NULL);
	find_expect(&fp, "/run/docker.sock", 0,
		    "no listening unix socket /run/docker.sock in /proc/net/unix");
	fake_close(&fp);
}

static void test_find_unreadable_proc(void **state)
{
	struct da_root root;
	struct da_dockerd_proc p;
	struct da_err err = { "" };

	open_fixture(&root, "debian12");
	assert_int_equal(da_dockerd_find(&root, "/var/run/docker.sock", &p, &err), -1);
	assert_string_equal(err.msg, "/proc/net/unix: No such file or directory");
	da_root_close(&root);
}

/* A listening socket of this very process, found on the live kernel. */
static int listen_at(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_true(strlen(path) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, path, strlen(path) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	return fd;
}

static void test_find_live(void **state)
{
	char tmpl[] = "/tmp/da-live-XXXXXX";
	struct da_root root;
	struct da_dockerd_proc p;
	struct da_err err = { "" };
	char *sock, cwd[4096];
	int fd;

	assert_non_null(mkdtemp(tmpl));
	sock = da_xasprintf("%s/docker.sock", tmpl);
	assert_int_equal(da_root_open(&root, "/", &err), 0);
	fd = listen_at(sock);
	if (da_dockerd_find(&root, sock, &p, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(p.pid, getpid());
	assert_string_equal(p.found_by, "socket");
	assert_true(p.argc >= 1);
	da_dockerd_proc_free(&p);
	close(fd);
	unlink(sock);
	/* bound by a relative name, /proc/net/unix shows "docker.sock": only
	 * SO_PEERCRED can tell who listens on the full path */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(tmpl), 0);
	fd = listen_at("docker.sock");
	assert_int_equal(chdir(cwd), 0);
	if (da_dockerd_find(&root, sock, &p, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(p.pid, getpid());
	assert_string_equal(p.found_by, "peercred");
	da_dockerd_proc_free(&p);
	close(fd);
	/* nobody listens now: both ways fail, and say why */
	assert_int_equal(da_dockerd_find(&root, sock, &p, &err), -1);
	assert_non_null(strstr(err.msg, "in /proc/net/unix; SO_PEERCRED: connect "));
	assert_non_null(strstr(err.msg, ": Connection refused"));
	unlink(sock);
	rmdir(tmpl);
	free(sock);
	da_root_close(&root);
}

/* ---- the collector, with a fake Engine API client ---------------------- */

static struct {
	const char *host;
	const char *socket;
	const char *fail;      /* every request fails with this message, or NULL */
	const char *fail_info; /* GET /info fails with this message, or NULL */
	unsigned int requests;
} fake_api;

const char *__wrap_da_docker_host(const struct da_docker *d);
const char *__wrap_da_docker_socket_path(const struct da_docker *d);
int __wrap_da_docker_get_json(struct da_docker *d, const char *path, json_t **out,
			      struct da_err *err);
int __wrap_da_docker_ping(struct da_docker *d, struct da_err *err);

int __wrap_da_docker_ping(struct da_docker *d, struct da_err *err)
{
	fake_api.requests++;
	if (fake_api.fail)
		return da_err_set(err, "%s", fake_api.fail);
	return 0;
}

const char *__wrap_da_docker_host(const struct da_docker *d)
{
	return fake_api.host;
}

const char *__wrap_da_docker_socket_path(const struct da_docker *d)
{
	return fake_api.socket;
}

int __wrap_da_docker_get_json(struct da_docker *d, const char *path, json_t **out,
			      struct da_err *err)
{
	fake_api.requests++;
	if (fake_api.fail)
		return da_err_set(err, "%s", fake_api.fail);
	if (!strcmp(path, "/version"))
		*out = json_pack("{s:s, s:s}", "Version", "24.0.7", "ApiVersion", "1.43");
	else if (!strcmp(path, "/info") && fake_api.fail_info)
		return da_err_set(err, "%s", fake_api.fail_info);
	else if (!strcmp(path, "/info"))
		*out = json_pack("{s:i}", "Containers", 3);
	else
		return da_err_set(err, "GET %s: unexpected", path);
	return 0;
}

static json_t *run_collector(const char *fixture)
{
	struct da_root root;
	struct da_collect_ctx ctx = { .root = &root, .docker = (struct da_docker *)&fake_api };
	json_t *section = json_object();

	open_fixture(&root, fixture);
	ctx.facts = json_pack("{s:O}", "daemon", section);
	assert_string_equal(da_collector_daemon.name, "daemon");
	da_collector_daemon.collect(&ctx, section);
	json_decref(ctx.facts);
	da_root_close(&root);
	return section;
}

#define FOUND_PROCESS \
	"\"process\": {\"pid\": 812, \"exe\": \"/usr/bin/dockerd\", \"argv\": " \
	"[\"/usr/bin/dockerd\", \"-H\", \"fd://\", " \
	"\"--containerd=/run/containerd/containerd.sock\", \"--icc=false\"], " \
	"\"found_by\": \"socket\"}, " \
	"\"config_file\": {\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", " \
	"\"exists\": true, \"content\": {\"log-level\": \"warn\"}}, " \
	"\"settings\": {\"icc\": {\"value\": false, \"source\": \"flag\"}, " \
	"\"log-level\": {\"value\": \"warn\", \"source\": \"config\"}, " \
	"\"userns-remap\": {\"value\": \"\", \"source\": \"default\"}}"

static void test_collect_reachable(void **state)
{
	json_t *s;

	fake_api.host = "unix:///var/run/docker.sock";
	fake_api.socket = "/var/run/docker.sock";
	fake_api.fail = NULL;
	fake_api.requests = 0;
	s = run_collector("dockerd-systemd");
	assert_json(s, "{\"host\": \"unix:///var/run/docker.sock\", \"reachable\": true, "
		       "\"version\": {\"Version\": \"24.0.7\", \"ApiVersion\": \"1.43\"}, "
		       "\"info\": {\"Containers\": 3}, " FOUND_PROCESS "}");
	/* GET /_ping, /version, /info */
	assert_int_equal(fake_api.requests, 3);
	json_decref(s);
	fake_api.fail_info = "GET /info: 500 Internal Server Error";
	s = run_collector("dockerd-systemd");
	fake_api.fail_info = NULL;
	assert_true(json_is_true(json_object_get(s, "reachable")));
	assert_null(json_object_get(s, "error"));
	assert_json(json_object_get(s, "info"),
		    "{\"error\": \"GET /info: 500 Internal Server Error\"}");
	assert_json(json_object_get(s, "version"),
		    "{\"Version\": \"24.0.7\", \"ApiVersion\": \"1.43\"}");
	json_decref(s);
}

/* Unreachable: the ping only (no more timeouts), and the rest of what the
 * host shows is still collected. */
static void test_collect_unreachable(void **state)
{
	const char *msg = "GET /_ping: Could not connect to unix:///var/run/docker.sock: "
			  "Connection refused";
	char *want;
	json_t *s;

	fake_api.host = "unix:///var/run/docker.sock";
	fake_api.socket = "/var/run/docker.sock";
	fake_api.fail = msg;
	fake_api.requests = 0;
	s = run_collector("dockerd-systemd");
	want = da_xasprintf("{\"host\": \"unix:///var/run/docker.sock\", \"reachable\": false, "
			    "\"error\": \"%s\", \"version\": {\"error\": \"%s\"}, "
			    "\"info\": {\"error\": \"%s\"}, " FOUND_PROCESS "}",
			    msg, msg, msg);
	assert_json(s, want);
	assert_int_equal(fake_api.requests, 1);
	free(want);
	json_decref(s);
}

static void test_collect_no_process(void **state)
{
	json_t *s;

	fake_api.host = "unix:///var/run/docker.sock";
	fake_api.socket = "/var/run/docker.sock";
	fake_api.fail = "GET /_ping: Connection refused";
	s = run_collector("daemon-bad-json");
	assert_json(json_object_get(s, "process"),
		    "{\"error\": \"/proc/net/unix: No such file or directory\"}");
	assert_json(json_object_get(s, "config_file"),
		    "{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", \"error\": "
		    "\"the daemon's command line could not be read: /proc/net/unix: No such file "
		    "or directory\"}");
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(json_object_get(s, "settings"), "icc"), "error")),
			    "the daemon's command line could not be read: /proc/net/unix: No such "
			    "file or directory");
	json_decref(s);
}

static void test_collect_tcp(void **state)
{
	json_t *s;

	fake_api.host = "tcp://10.0.0.1:2376";
	fake_api.socket = NULL;
	fake_api.fail = NULL;
	s = run_collector("dockerd-systemd");
	assert_true(json_is_true(json_object_get(s, "reachable")));
	assert_json(json_object_get(s, "process"),
		    "{\"error\": \"tcp://10.0.0.1:2376 is not a unix socket: its process is not "
		    "looked for\"}");
	json_decref(s);
}

/* Host bytes that are not UTF-8 still make a JSON string. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_value_forms),
		cmocka_unit_test(test_argv_repeated),
		cmocka_unit_test(test_argv_booleans),
		cmocka_unit_test(test_argv_positional_and_dashdash),
		cmocka_unit_test(test_argv_unknown_flags),
		cmocka_unit_test(test_argv_errors),
		cmocka_unit_test(test_flag_table),
		cmocka_unit_test(test_config_default),
		cmocka_unit_test(test_config_default_absent),
		cmocka_unit_test(test_config_from_flag),
		cmocka_unit_test(test_config_flag_missing),
		cmocka_unit_test(test_config_malformed),
		cmocka_unit_test(test_config_array),
		cmocka_unit_test(test_config_empty_bom_and_big),
		cmocka_unit_test(test_settings_sources),
		cmocka_unit_test(test_settings_config_error),
		cmocka_unit_test(test_settings_wrong_type),
		cmocka_unit_test(test_settings_unknown_argv),
		cmocka_unit_test(test_settings_table),
		cmocka_unit_test(test_host_socket_path),
		cmocka_unit_test(test_find_in_fixture),
		cmocka_unit_test(test_find_only_pid1),
		cmocka_unit_test(test_find_no_holder),
		cmocka_unit_test(test_find_listening_only),
		cmocka_unit_test(test_find_prefers_dockerd),
		cmocka_unit_test(test_find_forged_line),
		cmocka_unit_test(test_find_through_symlink),
		cmocka_unit_test(test_find_unreadable_proc),
		cmocka_unit_test(test_find_live),
		cmocka_unit_test(test_collect_reachable),
		cmocka_unit_test(test_collect_unreachable),
		cmocka_unit_test(test_collect_no_process),
		cmocka_unit_test(test_collect_tcp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
