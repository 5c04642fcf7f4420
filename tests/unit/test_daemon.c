/*
 * Unit tests for the daemon collector (daemon.c, dockerd_flags.c,
 * dockerd_proc.c): dockerd's command line parsed as pflag does, the config
 * file, every setting's forms and defaults, finding the process behind a
 * unix or TCP endpoint in fixture /proc trees (and the live one), engine
 * identification, and the collector with the Engine API client replaced by
 * fakes (ld --wrap, and da_docker_get_many defined here) replaying saved
 * answers from tests/fixtures/api/daemon/.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collect/collectors.h"
#include "collect/daemon.h"
#include "common/xalloc.h"
#include "facts/facts.h"
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

/* A root dockerd of Docker 20.10 with HOME=/root: the context of the
 * defaults the tests below expect unless they say otherwise. */
static struct da_dockerd_env root_env = { .known = true, .home = "/root" };
static const struct da_dockerd_context ctx_2010 = { .version = "20.10.24+dfsg1",
						    .env = &root_env, .uid = 0 };

/* The settings for LINE and a config file whose content is CONTENT_TEXT
 * (a JSON object), in CTX. */
static json_t *eval_in(const char *line, const char *content_text,
		       const struct da_dockerd_context *ctx)
{
	struct da_dockerd_flags f;
	struct da_err err = { "" };
	json_t *content = json_loads(content_text, 0, NULL), *config, *s;

	if (!content)
		fail_msg("bad content JSON: %s", content_text);
	config = json_pack("{s:s, s:s, s:b, s:o}", "path", "/etc/docker/daemon.json", "source",
			   "default", "exists", 1, "content", content);
	if (parse(line, &f, &err) < 0)
		fail_msg("%s: %s", line, err.msg);
	s = da_dockerd_settings_eval(&f, config, ctx, NULL);
	da_dockerd_flags_free(&f);
	json_decref(config);
	return s;
}

/* Setting NAME of the settings for LINE and CONTENT_TEXT equals WANT. */
static void assert_setting(const char *line, const char *content_text,
			   const struct da_dockerd_context *ctx, const char *name, const char *want)
{
	json_t *s = eval_in(line, content_text, ctx);
	json_t *got = json_object_get(s, name);

	if (!got)
		fail_msg("%s: no setting %s", line, name);
	assert_json(got, want);
	json_decref(s);
}

static json_t *settings_of(const char *line, const char *config_text)
{
	struct da_dockerd_flags f;
	struct da_err err = { "" };
	json_t *config = json_loads(config_text, 0, NULL), *s;

	assert_non_null(config);
	assert_int_equal(parse(line, &f, &err), 0);
	s = da_dockerd_settings_eval(&f, config, &ctx_2010, NULL);
	da_dockerd_flags_free(&f);
	json_decref(config);
	return s;
}

static void test_settings_sources(void **state)
{
	json_t *s = settings_of("dockerd --icc=false",
				"{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", "
				"\"exists\": true, \"content\": {\"log-level\": \"warn\"}}");

	assert_json(json_object_get(s, "icc"), "{\"value\": false, \"source\": \"flag\"}");
	assert_json(json_object_get(s, "log-level"), "{\"value\": \"warn\", \"source\": \"config\"}");
	assert_json(json_object_get(s, "userns-remap"), "{\"value\": \"\", \"source\": \"default\"}");
	json_decref(s);
	/* the short flag, and a flag and the file for different settings */
	s = settings_of("dockerd -l error --userns-remap default",
			"{\"exists\": true, \"content\": {\"icc\": false}}");
	assert_json(json_object_get(s, "icc"), "{\"value\": false, \"source\": \"config\"}");
	assert_json(json_object_get(s, "log-level"), "{\"value\": \"error\", \"source\": \"flag\"}");
	assert_json(json_object_get(s, "userns-remap"),
		    "{\"value\": \"default\", \"source\": \"flag\"}");
	json_decref(s);
}

static void test_settings_config_error(void **state)
{
	json_t *s = settings_of("dockerd --icc=false",
				"{\"exists\": true, \"error\": \"/etc/docker/daemon.json:3:13: bad\"}");

	assert_json(json_object_get(s, "icc"), "{\"value\": false, \"source\": \"flag\"}");
	assert_json(json_object_get(s, "log-level"),
		    "{\"error\": \"/etc/docker/daemon.json:3:13: bad\"}");
	assert_json(json_object_get(s, "hosts"),
		    "{\"error\": \"/etc/docker/daemon.json:3:13: bad\"}");
	json_decref(s);
}

static void test_settings_wrong_type(void **state)
{
	struct da_root root;
	json_t *config, *s;

	open_fixture(&root, "daemon-wrong-type");
	config = da_dockerd_config_file(&root, NULL);
	s = da_dockerd_settings_eval(&(struct da_dockerd_flags){ 0 }, config, &ctx_2010, NULL);
	assert_json(json_object_get(s, "icc"), "{\"error\": \"/etc/docker/daemon.json: \\\"icc\\\" "
					       "must be a boolean\"}");
	assert_json(json_object_get(s, "log-level"),
		    "{\"error\": \"/etc/docker/daemon.json: \\\"log-level\\\" must be a string\"}");
	assert_json(json_object_get(s, "userns-remap"),
		    "{\"value\": \"default\", \"source\": \"config\"}");
	json_decref(s);
	json_decref(config);
	da_root_close(&root);
}

/* Values of the list, map, ulimit and pool types that dockerd refuses. */
static void test_settings_bad_values(void **state)
{
	static const struct {
		const char *line, *content, *name, *want;
	} cases[] = {
		{ "dockerd --default-ulimit nofile", "{}", "default-ulimits",
		  "{\"error\": \"--default-ulimit=nofile: not NAME=SOFT[:HARD]\"}" },
		{ "dockerd --default-ulimit nofile=2048:1024", "{}", "default-ulimits",
		  "{\"error\": \"--default-ulimit=nofile=2048:1024: not NAME=SOFT[:HARD]\"}" },
		{ "dockerd --default-ulimit=bogus=1", "{}", "default-ulimits",
		  "{\"error\": \"--default-ulimit=bogus=1: not NAME=SOFT[:HARD]\"}" },
		{ "dockerd --default-ulimit nofile=10k", "{}", "default-ulimits",
		  "{\"error\": \"--default-ulimit=nofile=10k: not NAME=SOFT[:HARD]\"}" },
		{ "dockerd --default-address-pool base=10.0.0.0/8", "{}", "default-address-pools",
		  "{\"error\": \"--default-address-pool=base=10.0.0.0/8: not base=CIDR,size=N\"}" },
		{ "dockerd --default-address-pool base=10.0.0.0/8,size=24,gw=1", "{}",
		  "default-address-pools",
		  "{\"error\": \"--default-address-pool=base=10.0.0.0/8,size=24,gw=1: not "
		  "base=CIDR,size=N\"}" },
		{ "dockerd", "{\"hosts\": \"tcp://0.0.0.0:2375\"}", "hosts",
		  "{\"error\": \"/etc/docker/daemon.json: \\\"hosts\\\" must be an array of "
		  "strings\"}" },
		{ "dockerd", "{\"insecure-registries\": [\"a\", 1]}", "insecure-registries",
		  "{\"error\": \"/etc/docker/daemon.json: \\\"insecure-registries\\\" must be an "
		  "array of strings\"}" },
		{ "dockerd", "{\"log-opts\": {\"max-file\": 3}}", "log-opts",
		  "{\"error\": \"/etc/docker/daemon.json: \\\"log-opts\\\" must be an object of "
		  "strings\"}" },
		{ "dockerd", "{\"storage-opts\": \"dm.basesize=20G\"}", "storage-opts",
		  "{\"error\": \"/etc/docker/daemon.json: \\\"storage-opts\\\" must be an array of "
		  "strings\"}" },
		{ "dockerd", "{\"default-ulimits\": {\"nofile\": {\"Soft\": \"1\", \"Hard\": 2}}}",
		  "default-ulimits",
		  "{\"error\": \"/etc/docker/daemon.json: \\\"default-ulimits\\\" must be an object "
		  "of {\\\"Name\\\", \\\"Soft\\\", \\\"Hard\\\"} objects\"}" },
		{ "dockerd", "{\"default-address-pools\": [{\"base\": \"10.0.0.0/8\"}]}",
		  "default-address-pools",
		  "{\"error\": \"/etc/docker/daemon.json: \\\"default-address-pools\\\" must be an "
		  "array of {\\\"base\\\", \\\"size\\\"} objects\"}" },
		{ "dockerd", "{\"graph\": false}", "data-root",
		  "{\"error\": \"/etc/docker/daemon.json: \\\"graph\\\" must be a string\"}" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_setting(cases[i].line, cases[i].content, &ctx_2010, cases[i].name,
			       cases[i].want);
}

static void test_settings_unknown_argv(void **state)
{
	json_t *s = da_dockerd_settings_json(NULL, NULL, "no dockerd");
	const struct da_dockerd_setting *d;

	for (d = da_dockerd_settings; d->name; d++)
		assert_json(json_object_get(s, d->name), "{\"error\": \"no dockerd\"}");
	assert_null(json_object_get(json_object_get(s, "hosts"), "value"));
	json_decref(s);
}

/* Every setting: a command line that sets it (with every flag spelling it
 * has), a config file that sets it, and its default (Docker 20.10, a root
 * dockerd with HOME=/root), each with the value wanted (JSON). */
static const struct setting_case {
	const char *name;
	const char *argv, *flag_value;
	const char *content, *config_value;
	const char *def;
} setting_cases[] = {
	{ "authorization-plugins",
	  "dockerd --authorization-plugin=authz-broker --authorization-plugin opa",
	  "[\"authz-broker\", \"opa\"]", "{\"authorization-plugins\": [\"authz-broker\"]}",
	  "[\"authz-broker\"]", "[]" },
	{ "bip", "dockerd --bip 192.168.1.1/24", "\"192.168.1.1/24\"", "{\"bip\": \"10.0.0.1/24\"}",
	  "\"10.0.0.1/24\"", "\"\"" },
	{ "cgroup-parent", "dockerd --cgroup-parent=/docker-parent", "\"/docker-parent\"",
	  "{\"cgroup-parent\": \"/ci\"}", "\"/ci\"", "\"\"" },
	{ "containerd", "dockerd --containerd /run/containerd/containerd.sock",
	  "\"/run/containerd/containerd.sock\"", "{\"containerd\": \"/run/c.sock\"}",
	  "\"/run/c.sock\"", "\"\"" },
	/* -g/--graph and --data-root set the same value: the last one wins */
	{ "data-root", "dockerd -g /srv/old --data-root=/srv/docker --graph=/srv/graph",
	  "\"/srv/graph\"", "{\"graph\": \"/srv/g\"}", "\"/srv/g\"", "\"/var/lib/docker\"" },
	{ "debug", "dockerd -D", "true", "{\"debug\": true}", "true", "false" },
	{ "default-address-pools",
	  "dockerd --default-address-pool base=10.10.0.0/16,size=24 "
	  "--default-address-pool size=26,base=10.20.0.0/16",
	  "[{\"base\": \"10.10.0.0/16\", \"size\": 24}, {\"base\": \"10.20.0.0/16\", \"size\": 26}]",
	  "{\"default-address-pools\": [{\"Base\": \"172.30.0.0/16\", \"Size\": 24}]}",
	  "[{\"base\": \"172.30.0.0/16\", \"size\": 24}]", "[]" },
	{ "default-ipc-mode", "dockerd --default-ipc-mode shareable", "\"shareable\"",
	  "{\"default-ipc-mode\": \"shareable\"}", "\"shareable\"", "\"private\"" },
	{ "default-runtime", "dockerd --default-runtime=runsc", "\"runsc\"",
	  "{\"default-runtime\": \"crun\"}", "\"crun\"", "\"runc\"" },
	{ "default-ulimits", "dockerd --default-ulimit nofile=1024:2048 --default-ulimit nproc=-1",
	  "{\"nofile\": {\"Name\": \"nofile\", \"Soft\": 1024, \"Hard\": 2048}, "
	  "\"nproc\": {\"Name\": \"nproc\", \"Soft\": -1, \"Hard\": -1}}",
	  "{\"default-ulimits\": {\"nofile\": {\"name\": \"nofile\", \"hard\": 64000, "
	  "\"soft\": 32000}, \"core\": {\"Soft\": 0, \"Hard\": 0}}}",
	  "{\"nofile\": {\"Name\": \"nofile\", \"Soft\": 32000, \"Hard\": 64000}, "
	  "\"core\": {\"Name\": \"core\", \"Soft\": 0, \"Hard\": 0}}",
	  "{}" },
	{ "exec-root", "dockerd --exec-root=/run/dexec", "\"/run/dexec\"",
	  "{\"exec-root\": \"/run/x\"}", "\"/run/x\"", "\"/var/run/docker\"" },
	{ "experimental", "dockerd --experimental", "true", "{\"experimental\": true}", "true",
	  "false" },
	{ "group", "dockerd -G dockerusers", "\"dockerusers\"", "{\"group\": \"ops\"}", "\"ops\"",
	  "\"docker\"" },
	{ "hosts", "dockerd -H fd:// --host=tcp://0.0.0.0:2375 -Hunix:///run/d.sock",
	  "[\"fd://\", \"tcp://0.0.0.0:2375\", \"unix:///run/d.sock\"]",
	  "{\"hosts\": [\"unix:///var/run/docker.sock\", \"tcp://0.0.0.0:2376\"]}",
	  "[\"unix:///var/run/docker.sock\", \"tcp://0.0.0.0:2376\"]",
	  "[\"unix:///var/run/docker.sock\"]" },
	{ "icc", "dockerd --icc=false", "false", "{\"icc\": false}", "false", "true" },
	{ "init", "dockerd --init", "true", "{\"init\": true}", "true", "false" },
	{ "insecure-registries",
	  "dockerd --insecure-registry 10.0.0.0/8 --insecure-registry=registry.local:5000",
	  "[\"10.0.0.0/8\", \"registry.local:5000\"]",
	  "{\"insecure-registries\": [\"myregistry:5000\"]}", "[\"myregistry:5000\"]", "[]" },
	{ "ip", "dockerd --ip 127.0.0.1", "\"127.0.0.1\"", "{\"ip\": \"10.0.0.2\"}",
	  "\"10.0.0.2\"", "\"0.0.0.0\"" },
	{ "ip-forward", "dockerd --ip-forward=false", "false", "{\"ip-forward\": false}", "false",
	  "true" },
	{ "ip-masq", "dockerd --ip-masq=false", "false", "{\"ip-masq\": false}", "false", "true" },
	{ "ip6tables", "dockerd --ip6tables", "true", "{\"ip6tables\": true}", "true", "false" },
	{ "iptables", "dockerd --iptables=false", "false", "{\"iptables\": false}", "false",
	  "true" },
	{ "ipv6", "dockerd --ipv6", "true", "{\"ipv6\": true}", "true", "false" },
	{ "live-restore", "dockerd --live-restore", "true", "{\"live-restore\": true}", "true",
	  "false" },
	{ "log-driver", "dockerd --log-driver syslog", "\"syslog\"",
	  "{\"log-driver\": \"journald\"}", "\"journald\"", "\"json-file\"" },
	{ "log-level", "dockerd -l warn", "\"warn\"", "{\"log-level\": \"error\"}", "\"error\"",
	  "\"info\"" },
	{ "log-opts", "dockerd --log-opt max-size=10m --log-opt=max-file=3 --log-opt labels",
	  "{\"max-size\": \"10m\", \"max-file\": \"3\", \"labels\": \"\"}",
	  "{\"log-opts\": {\"syslog-address\": \"udp://10.1.2.3:514\"}}",
	  "{\"syslog-address\": \"udp://10.1.2.3:514\"}", "{}" },
	{ "no-new-privileges", "dockerd --no-new-privileges", "true",
	  "{\"no-new-privileges\": true}", "true", "false" },
	{ "registry-mirrors", "dockerd --registry-mirror https://mirror.local",
	  "[\"https://mirror.local\"]", "{\"registry-mirrors\": [\"https://m2\"]}",
	  "[\"https://m2\"]", "[]" },
	{ "rootless", "dockerd --rootless", "true", "{\"rootless\": true}", "true", "false" },
	{ "seccomp-profile", "dockerd --seccomp-profile=/etc/docker/seccomp.json",
	  "\"/etc/docker/seccomp.json\"", "{\"seccomp-profile\": \"unconfined\"}",
	  "\"unconfined\"", "\"\"" },
	{ "selinux-enabled", "dockerd --selinux-enabled", "true", "{\"selinux-enabled\": true}",
	  "true", "false" },
	{ "storage-driver", "dockerd -s overlay2", "\"overlay2\"",
	  "{\"storage-driver\": \"btrfs\"}", "\"btrfs\"", "\"\"" },
	{ "storage-opts", "dockerd --storage-opt dm.basesize=20G --storage-opt overlay2.size=10G",
	  "{\"dm.basesize\": \"20G\", \"overlay2.size\": \"10G\"}",
	  "{\"storage-opts\": [\"dm.basesize=50G\"]}", "{\"dm.basesize\": \"50G\"}", "{}" },
	{ "tls", "dockerd --tls", "true", "{\"tls\": true}", "true", "false" },
	{ "tlscacert", "dockerd --tlscacert /etc/docker/tls/ca.pem", "\"/etc/docker/tls/ca.pem\"",
	  "{\"tlscacert\": \"/etc/ca.pem\"}", "\"/etc/ca.pem\"", "\"/root/.docker/ca.pem\"" },
	{ "tlscert", "dockerd --tlscert=/etc/docker/tls/cert.pem", "\"/etc/docker/tls/cert.pem\"",
	  "{\"tlscert\": \"/etc/cert.pem\"}", "\"/etc/cert.pem\"", "\"/root/.docker/cert.pem\"" },
	{ "tlskey", "dockerd --tlskey /etc/docker/tls/key.pem", "\"/etc/docker/tls/key.pem\"",
	  "{\"tlskey\": \"/etc/key.pem\"}", "\"/etc/key.pem\"", "\"/root/.docker/key.pem\"" },
	{ "tlsverify", "dockerd --tlsverify", "true", "{\"tlsverify\": true}", "true", "false" },
	{ "userland-proxy", "dockerd --userland-proxy=false", "false",
	  "{\"userland-proxy\": false}", "false", "true" },
	{ "userns-remap", "dockerd --userns-remap default", "\"default\"",
	  "{\"userns-remap\": \"dockremap\"}", "\"dockremap\"", "\"\"" },
};

#define N_SETTING_CASES (sizeof(setting_cases) / sizeof(setting_cases[0]))

static const struct setting_case *setting_case(const char *name)
{
	size_t i;

	for (i = 0; i < N_SETTING_CASES; i++)
		if (!strcmp(setting_cases[i].name, name))
			return &setting_cases[i];
	return NULL;
}

static void assert_value(const char *name, const char *line, const char *content,
			 const char *value, const char *source)
{
	char *want = da_xasprintf("{\"value\": %s, \"source\": \"%s\"}", value, source);

	assert_setting(line, content, &ctx_2010, name, want);
	free(want);
}

/* The table-driven test: every setting in the table has a case, and each
 * of its forms gives the value wanted. */
static void test_settings_each(void **state)
{
	const struct da_dockerd_setting *s;
	const struct setting_case *c;
	struct da_dockerd_flags f;
	struct da_err err = { "" };
	size_t n = 0, i;

	for (s = da_dockerd_settings; s->name; s++, n++) {
		c = setting_case(s->name);
		if (!c)
			fail_msg("setting %s has no case in setting_cases[]", s->name);
		assert_value(s->name, c->argv, "{}", c->flag_value, "flag");
		assert_value(s->name, "dockerd", c->content, c->config_value, "config");
		assert_value(s->name, "dockerd", "{}", c->def, "default");
		/* the command line uses known flags only */
		assert_int_equal(parse(c->argv, &f, &err), 0);
		for (i = 0; i < f.n; i++)
			if (!f.opts[i].known)
				fail_msg("%s: --%s is not in the flag table", c->argv, f.opts[i].name);
		da_dockerd_flags_free(&f);
	}
	assert_int_equal(n, N_SETTING_CASES);
	assert_true(n >= 40);
}

/* Every setting's flags are dockerd's, of the right kind; every default is
 * a valid value of its type, in any version and environment. */
static void test_settings_table(void **state)
{
	static const char *const versions[] = { "20.10.0", "23.0.0", "27.0.0", "28.5.1" };
	const struct da_dockerd_setting *s;
	const struct da_dockerd_flag_def *d;
	struct da_dockerd_context ctx = ctx_2010;
	json_t *all, *one;
	size_t i;

	for (s = da_dockerd_settings; s->name; s++) {
		d = da_dockerd_flag_def(s->flag);
		if (!d)
			fail_msg("setting %s: dockerd has no flag --%s", s->name, s->flag);
		assert_int_equal(d->is_bool, s->type == DA_SETTING_BOOL);
		if (s->flag_alias)
			assert_non_null(da_dockerd_flag_def(s->flag_alias));
		assert_non_null(s->config_key);
		assert_true(!s->since == !s->def_since);
	}
	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		ctx.version = versions[i];
		all = da_dockerd_settings_eval(&(struct da_dockerd_flags){ 0 }, NULL, &ctx, NULL);
		for (s = da_dockerd_settings; s->name; s++) {
			one = json_object_get(all, s->name);
			if (!json_object_get(one, "value"))
				fail_msg("%s in %s: %s", s->name, versions[i],
					 json_string_value(json_object_get(one, "error")));
		}
		json_decref(all);
	}
}

static void test_settings_conflict(void **state)
{
	assert_setting("dockerd --icc=false", "{\"icc\": true}", &ctx_2010, "icc",
		       "{\"value\": false, \"source\": \"flag\", \"conflict\": true}");
	assert_setting("dockerd -H tcp://0.0.0.0:2375", "{\"hosts\": [\"fd://\"]}", &ctx_2010,
		       "hosts",
		       "{\"value\": [\"tcp://0.0.0.0:2375\"], \"source\": \"flag\", "
		       "\"conflict\": true}");
	assert_setting("dockerd --log-opt max-size=1m", "{\"log-opts\": {\"max-file\": \"2\"}}",
		       &ctx_2010, "log-opts",
		       "{\"value\": {\"max-size\": \"1m\"}, \"source\": \"flag\", "
		       "\"conflict\": true}");
	/* the flag's alias and the config key's */
	assert_setting("dockerd -g /srv", "{\"data-root\": \"/x\"}", &ctx_2010, "data-root",
		       "{\"value\": \"/srv\", \"source\": \"flag\", \"conflict\": true}");
	assert_setting("dockerd --data-root /srv", "{\"graph\": \"/x\"}", &ctx_2010, "data-root",
		       "{\"value\": \"/srv\", \"source\": \"flag\", \"conflict\": true}");
	/* a flag and the file setting different things: no conflict */
	assert_setting("dockerd --icc=false", "{\"iptables\": true}", &ctx_2010, "icc",
		       "{\"value\": false, \"source\": \"flag\"}");
}

/* tlsverify given at all turns TLS on; tls alone verifies; TLS without a
 * host listens on tcp://localhost:2376. */
static void test_settings_tls_implied(void **state)
{
	static const struct {
		const char *line, *content, *tls, *tlsverify, *hosts;
	} cases[] = {
		{ "dockerd --tlsverify", "{}",
		  "{\"value\": true, \"source\": \"implied\", \"by\": \"tlsverify\"}",
		  "{\"value\": true, \"source\": \"flag\"}",
		  "{\"value\": [\"tcp://localhost:2376\"], \"source\": \"default\"}" },
		{ "dockerd --tlsverify=false", "{}",
		  "{\"value\": true, \"source\": \"implied\", \"by\": \"tlsverify\"}",
		  "{\"value\": false, \"source\": \"flag\"}",
		  "{\"value\": [\"tcp://localhost:2376\"], \"source\": \"default\"}" },
		{ "dockerd --tls -H tcp://0.0.0.0:2376", "{}", "{\"value\": true, \"source\": \"flag\"}",
		  "{\"value\": true, \"source\": \"implied\", \"by\": \"tls\"}",
		  "{\"value\": [\"tcp://0.0.0.0:2376\"], \"source\": \"flag\"}" },
		{ "dockerd --tls --tlsverify=false", "{}", "{\"value\": true, \"source\": \"flag\"}",
		  "{\"value\": false, \"source\": \"flag\"}",
		  "{\"value\": [\"tcp://localhost:2376\"], \"source\": \"default\"}" },
		{ "dockerd --tls=false", "{}", "{\"value\": false, \"source\": \"flag\"}",
		  "{\"value\": false, \"source\": \"implied\", \"by\": \"tls\"}",
		  "{\"value\": [\"unix:///var/run/docker.sock\"], \"source\": \"default\"}" },
		{ "dockerd", "{\"tls\": true}", "{\"value\": true, \"source\": \"config\"}",
		  "{\"value\": true, \"source\": \"implied\", \"by\": \"tls\"}",
		  "{\"value\": [\"tcp://localhost:2376\"], \"source\": \"default\"}" },
		{ "dockerd", "{\"tls\": false, \"tlsverify\": false}",
		  "{\"value\": true, \"source\": \"implied\", \"by\": \"tlsverify\"}",
		  "{\"value\": false, \"source\": \"config\"}",
		  "{\"value\": [\"tcp://localhost:2376\"], \"source\": \"default\"}" },
		{ "dockerd", "{}", "{\"value\": false, \"source\": \"default\"}",
		  "{\"value\": false, \"source\": \"default\"}",
		  "{\"value\": [\"unix:///var/run/docker.sock\"], \"source\": \"default\"}" },
	};
	json_t *s;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = eval_in(cases[i].line, cases[i].content, &ctx_2010);
		assert_json(json_object_get(s, "tls"), cases[i].tls);
		assert_json(json_object_get(s, "tlsverify"), cases[i].tlsverify);
		assert_json(json_object_get(s, "hosts"), cases[i].hosts);
		json_decref(s);
	}
}

/* Defaults that changed: seccomp-profile "builtin" from 23.0, ip6tables
 * true from 27.0. */
static void test_settings_version_defaults(void **state)
{
	static const struct {
		const char *version, *seccomp, *ip6tables;
	} cases[] = {
		{ "20.10.24+dfsg1", "\"\"", "false" },
		{ "23.0.1", "\"builtin\"", "false" },
		{ "26.1.5", "\"builtin\"", "false" },
		{ "27.3.1", "\"builtin\"", "true" },
		{ "28.5.1", "\"builtin\"", "true" },
	};
	struct da_dockerd_context ctx = ctx_2010;
	char *want;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ctx.version = cases[i].version;
		want = da_xasprintf("{\"value\": %s, \"source\": \"default\"}", cases[i].seccomp);
		assert_setting("dockerd", "{}", &ctx, "seccomp-profile", want);
		free(want);
		want = da_xasprintf("{\"value\": %s, \"source\": \"default\"}", cases[i].ip6tables);
		assert_setting("dockerd", "{}", &ctx, "ip6tables", want);
		free(want);
	}
	ctx.version = NULL;
	ctx.version_why = "GET /version: HTTP 500";
	assert_setting("dockerd", "{}", &ctx, "ip6tables",
		       "{\"error\": \"the default changed in Docker 27.0 and the daemon's version is "
		       "unknown: GET /version: HTTP 500\"}");
	assert_setting("dockerd", "{}", NULL, "seccomp-profile",
		       "{\"error\": \"the default changed in Docker 23.0 and the daemon's version is "
		       "unknown\"}");
	/* set explicitly, the version does not matter */
	assert_setting("dockerd --ip6tables=false", "{}", &ctx, "ip6tables",
		       "{\"value\": false, \"source\": \"flag\"}");
	assert_setting("dockerd", "{\"seccomp-profile\": \"/p.json\"}", &ctx, "seccomp-profile",
		       "{\"value\": \"/p.json\", \"source\": \"config\"}");
}

/* An environment from a NUL-separated text. */
static void env_of(struct da_dockerd_env *env, const char *text, size_t len)
{
	da_dockerd_env_parse(text, len, env);
}

#define ENV(s) s, sizeof(s) - 1

/* Under RootlessKit the defaults follow the user's XDG directories. */
static void test_settings_rootless_defaults(void **state)
{
	struct da_dockerd_env env;
	struct da_dockerd_context ctx = { .version = "24.0.7", .env = &env, .uid = 1000 };
	static const struct {
		const char *name, *want;
	} want[] = {
		{ "data-root", "{\"value\": \"/home/alice/.local/share/docker\", \"source\": \"default\"}" },
		{ "exec-root", "{\"value\": \"/run/user/1000/docker\", \"source\": \"default\"}" },
		{ "hosts", "{\"value\": [\"unix:///run/user/1000/docker.sock\"], \"source\": \"default\"}" },
		{ "rootless", "{\"value\": true, \"source\": \"default\"}" },
		{ "tlscacert", "{\"value\": \"/home/alice/.docker/ca.pem\", \"source\": \"default\"}" },
	};
	size_t i;

	env_of(&env, ENV("HOME=/home/alice\0XDG_RUNTIME_DIR=/run/user/1000\0"
			 "ROOTLESSKIT_STATE_DIR=/tmp/rk\0"));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_setting("dockerd", "{}", &ctx, want[i].name, want[i].want);
	da_dockerd_env_free(&env);
	env_of(&env, ENV("HOME=/home/alice\0XDG_DATA_HOME=/data\0ROOTLESSKIT_STATE_DIR=/tmp/rk\0"
			 "DOCKER_CONFIG=/cfg\0"));
	assert_setting("dockerd", "{}", &ctx, "data-root",
		       "{\"value\": \"/data/docker\", \"source\": \"default\"}");
	assert_setting("dockerd", "{}", &ctx, "exec-root",
		       "{\"error\": \"dockerd runs under RootlessKit but XDG_RUNTIME_DIR is not set "
		       "in its environment\"}");
	assert_setting("dockerd", "{}", &ctx, "tlskey",
		       "{\"value\": \"/cfg/key.pem\", \"source\": \"default\"}");
	da_dockerd_env_free(&env);
	/* DOCKER_CERT_PATH first; no HOME for a non-root daemon: unknown */
	env_of(&env, ENV("DOCKER_CERT_PATH=/certs\0DOCKER_CONFIG=/cfg\0"));
	assert_setting("dockerd", "{}", &ctx, "tlscert",
		       "{\"value\": \"/certs/cert.pem\", \"source\": \"default\"}");
	assert_setting("dockerd", "{}", &ctx, "rootless", "{\"value\": false, \"source\": \"default\"}");
	da_dockerd_env_free(&env);
	env_of(&env, ENV("PATH=/bin\0"));
	assert_setting("dockerd", "{}", &ctx, "tlscacert",
		       "{\"error\": \"HOME is not set in dockerd's environment\"}");
	ctx.uid = 0;
	assert_setting("dockerd", "{}", &ctx, "tlscacert",
		       "{\"value\": \"/root/.docker/ca.pem\", \"source\": \"default\"}");
	da_dockerd_env_free(&env);
}

static void test_default_config_path(void **state)
{
	struct da_dockerd_env env;
	char *p;

	p = da_dockerd_default_config_path(NULL);
	assert_string_equal(p, "/etc/docker/daemon.json");
	free(p);
	env_of(&env, ENV("HOME=/home/alice\0"));
	p = da_dockerd_default_config_path(&env);
	assert_string_equal(p, "/etc/docker/daemon.json");
	free(p);
	da_dockerd_env_free(&env);
	env_of(&env, ENV("HOME=/home/alice\0ROOTLESSKIT_STATE_DIR=/tmp/rk\0"));
	p = da_dockerd_default_config_path(&env);
	assert_string_equal(p, "/home/alice/.config/docker/daemon.json");
	free(p);
	da_dockerd_env_free(&env);
	env_of(&env, ENV("XDG_CONFIG_HOME=/xdg\0HOME=/home/alice\0ROOTLESSKIT_STATE_DIR=/tmp/rk\0"));
	p = da_dockerd_default_config_path(&env);
	assert_string_equal(p, "/xdg/docker/daemon.json");
	free(p);
	da_dockerd_env_free(&env);
	env_of(&env, ENV("ROOTLESSKIT_STATE_DIR=/tmp/rk\0"));
	assert_null(da_dockerd_default_config_path(&env));
	da_dockerd_env_free(&env);
}

/* Only the variables dockaudit names are kept; the first of a repeated
 * name wins (as Go's os.Getenv); an empty value is unset. */
static void test_env_parse(void **state)
{
	struct da_dockerd_env env;
	char *text;
	size_t i;

	env_of(&env, ENV("AWS_SECRET_ACCESS_KEY=hunter2\0HOME=/a\0HOME=/b\0XDG_DATA_HOME=\0"
			 "NOEQUALS\0=x\0DOCKER_CONFIG=/c=d\0"));
	assert_true(env.known);
	assert_string_equal(env.home, "/a");
	assert_null(env.xdg_data_home);
	assert_string_equal(env.docker_config, "/c=d");
	assert_null(env.rootlesskit_state_dir);
	assert_null(da_dockerd_env_get(&env, "AWS_SECRET_ACCESS_KEY"));
	assert_null(da_dockerd_env_get(&env, "PATH"));
	da_dockerd_env_free(&env);
	da_dockerd_env_free(&env);
	da_dockerd_env_free(NULL);
	assert_false(env.known);
	/* every name of da_dockerd_env_names is parsed into its own member */
	for (i = 0; da_dockerd_env_names[i]; i++) {
		text = da_xasprintf("%s=v%zu", da_dockerd_env_names[i], i);
		da_dockerd_env_parse(text, strlen(text) + 1, &env);
		free(text);
		text = da_xasprintf("v%zu", i);
		assert_string_equal(da_dockerd_env_get(&env, da_dockerd_env_names[i]), text);
		free(text);
		da_dockerd_env_free(&env);
	}
	assert_int_equal(i, 7);
	/* no terminating NUL */
	env_of(&env, "HOME=/x", 7);
	assert_string_equal(env.home, "/x");
	da_dockerd_env_free(&env);
}

static void test_version_num(void **state)
{
	assert_int_equal(da_dockerd_version_num("20.10.24+dfsg1"), 20010);
	assert_int_equal(da_dockerd_version_num("27.3.1"), 27003);
	assert_int_equal(da_dockerd_version_num("4.3.1"), 4003);
	assert_int_equal(da_dockerd_version_num("23.0"), 23000);
	assert_int_equal(da_dockerd_version_num("v27.0.0"), -1);
	assert_int_equal(da_dockerd_version_num("27"), -1);
	assert_int_equal(da_dockerd_version_num("27."), -1);
	assert_int_equal(da_dockerd_version_num(""), -1);
	assert_int_equal(da_dockerd_version_num(NULL), -1);
	assert_int_equal(da_dockerd_version_num("99999999999999999999.1"), -1);
}

/* A config file that is a link out of the root is resolved inside it. */
static void test_config_symlink_escape(void **state)
{
	json_t *c = config_of("daemon-symlink-escape", "dockerd");

	/* /etc/passwd of the machine running the test would be an error
	 * "'[' or '{' expected"; inside the root there is none */
	assert_json(c, "{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", "
		       "\"exists\": false}");
	json_decref(c);
	c = config_of("daemon-symlink-escape", "dockerd --config-file /etc/docker/relative.json");
	assert_json(c, "{\"path\": \"/etc/docker/relative.json\", \"source\": \"flag\", "
		       "\"exists\": false, "
		       "\"error\": \"/etc/docker/relative.json: No such file or directory\"}");
	json_decref(c);
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

/* A rootless dockerd in RootlessKit's network namespace: its socket is in
 * its own /proc/PID/net/unix only. Other processes' tables are not read. */
static void test_find_own_netns(void **state)
{
	struct fake_proc fp;
	static const char own[] = UNIX_HEADER LISTEN("4711", "/run/user/1000/docker.sock");
	static const char evil[] = UNIX_HEADER LISTEN("5555", "/run/user/2000/docker.sock");

	fake_open(&fp, UNIX_HEADER LISTEN("100", "/run/other.sock"));
	fake_process(&fp, 4242, "dockerd", "/usr/bin/dockerd", 4711);
	mkdirs(fp.dir, "proc/4242/net");
	put_file(fp.dir, "proc/4242/net/unix", own, strlen(own));
	fake_process(&fp, 5000, "evil", "/tmp/evil", 5555);
	mkdirs(fp.dir, "proc/5000/net");
	put_file(fp.dir, "proc/5000/net/unix", evil, strlen(evil));
	find_expect(&fp, "/run/user/1000/docker.sock", 4242, NULL);
	find_expect(&fp, "/run/user/2000/docker.sock", 0,
		    "no listening unix socket /run/user/2000/docker.sock in /proc/net/unix");
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

/* ---- the process behind a TCP endpoint ---------------------------------- */

/* In daemon-tcp: pid 812 (dockerd) listens on 127.0.0.1:2376 (inode 31337,
 * also held by pid 1), 10.0.0.5:2377, [::]:2384 and [::1]:2385; pid 700
 * (sshd) on 0.0.0.0:22; pid 900 holds connections accepted on
 * 127.0.0.1:2376 and :2390 (nothing listens there); two lines of
 * /proc/net/tcp are malformed. */
static void tcp_expect(const char *fixture, const char *host, int pid, const char *err_want)
{
	struct da_root root;
	struct da_dockerd_proc p;
	struct da_err err = { "" };
	int rc;

	open_fixture(&root, fixture);
	rc = da_dockerd_find_tcp(&root, host, &p, &err);
	da_root_close(&root);
	if (err_want) {
		assert_int_equal(rc, -1);
		if (strcmp(err.msg, err_want))
			fail_msg("%s:\n  got  \"%s\"\n  want \"%s\"", host, err.msg, err_want);
		return;
	}
	if (rc < 0)
		fail_msg("%s: %s", host, err.msg);
	assert_int_equal(p.pid, pid);
	assert_string_equal(p.found_by, "tcp-socket");
	da_dockerd_proc_free(&p);
}

static void test_find_tcp_fixture(void **state)
{
	struct da_root root;
	struct da_dockerd_proc p;
	struct da_err err = { "" };

	tcp_expect("daemon-tcp", "tcp://127.0.0.1:2376", 812, NULL);
	tcp_expect("daemon-tcp", "tcp://127.0.0.1:2376/", 812, NULL);
	tcp_expect("daemon-tcp", "tcp://localhost:2376", 812, NULL);
	/* bound to 10.0.0.5 itself: that proves the address is the host's */
	tcp_expect("daemon-tcp", "tcp://10.0.0.5:2377", 812, NULL);
	/* the IPv6 wildcard takes IPv4 too (a dual-stack socket) */
	tcp_expect("daemon-tcp", "tcp://127.0.0.1:2384", 812, NULL);
	tcp_expect("daemon-tcp", "tcp://[::1]:2384", 812, NULL);
	tcp_expect("daemon-tcp", "tcp://[::1]:2385", 812, NULL);
	tcp_expect("daemon-tcp", "tcp://127.0.0.1:22", 700, NULL);
	/* the details of the one found */
	open_fixture(&root, "daemon-tcp");
	assert_int_equal(da_dockerd_find_tcp(&root, "tcp://127.0.0.1:2376", &p, &err), 0);
	assert_string_equal(p.exe, "/usr/bin/dockerd");
	assert_int_equal(p.argc, 7);
	assert_string_equal(p.argv[2], "tcp://127.0.0.1:2376");
	assert_int_equal(p.uid, 0);
	assert_true(p.env.known);
	assert_string_equal(p.env.home, "/root");
	assert_null(p.env.docker_cert_path); /* "DOCKER_CERT_PATH=" is unset */
	assert_null(p.env_error);
	da_dockerd_proc_free(&p);
	da_dockerd_proc_free(&p);
	da_root_close(&root);
}

static void test_find_tcp_errors(void **state)
{
	/* 0.0.0.0:22 listens, but 10.0.0.9 may be another machine */
	tcp_expect("daemon-tcp", "tcp://10.0.0.9:22", 0,
		   "tcp://10.0.0.9:22: a socket listens on port 22 of every address, but "
		   "10.0.0.9 is not known to be an address of the audited host");
	/* 2376 is bound to 127.0.0.1 only; 4444 is a connection, not a listener */
	tcp_expect("daemon-tcp", "tcp://10.0.0.5:2376", 0,
		   "no listening TCP socket for tcp://10.0.0.5:2376 in /proc/net/tcp or "
		   "/proc/net/tcp6");
	/* only an accepted connection has local port 2390: no listener */
	tcp_expect("daemon-tcp", "tcp://127.0.0.1:2390", 0,
		   "no listening TCP socket for tcp://127.0.0.1:2390 in /proc/net/tcp or "
		   "/proc/net/tcp6");
	tcp_expect("daemon-tcp", "tcp://127.0.0.1:9999", 0,
		   "no listening TCP socket for tcp://127.0.0.1:9999 in /proc/net/tcp or "
		   "/proc/net/tcp6");
	tcp_expect("daemon-tcp", "tcp://docker.example:2376", 0,
		   "tcp://docker.example:2376: docker.example is a name, not an address: names "
		   "are resolved only when the root is /");
	tcp_expect("daemon-tcp", "tcp://127.0.0.1", 0,
		   "tcp://127.0.0.1: expected tcp://HOST:PORT");
	tcp_expect("daemon-tcp", "tcp://127.0.0.1:0", 0,
		   "tcp://127.0.0.1:0: the port must be a number from 1 to 65535");
	tcp_expect("daemon-tcp", "tcp://127.0.0.1:65536", 0,
		   "tcp://127.0.0.1:65536: the port must be a number from 1 to 65535");
	tcp_expect("daemon-tcp", "tcp://127.0.0.1:23x", 0,
		   "tcp://127.0.0.1:23x: the port must be a number from 1 to 65535");
	tcp_expect("daemon-tcp", "tcp://[::1:2376", 0,
		   "tcp://[::1:2376: expected tcp://[ADDRESS]:PORT");
	tcp_expect("daemon-tcp", "unix:///var/run/docker.sock", 0,
		   "unix:///var/run/docker.sock: not a tcp:// address");
	tcp_expect("debian12", "tcp://127.0.0.1:2376", 0, "/proc/net/tcp: No such file or directory");
}

/* Only pid 1 (systemd socket activation) holds the listener. */
static void test_find_tcp_pid1(void **state)
{
	struct fake_proc fp;
	static const char tcp[] =
		"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
		"   0: 00000000:092F 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2375 1 0000000000000000 100 0 0 10 0\n";
	struct da_dockerd_proc p;
	struct da_err err = { "" };

	fake_open(&fp, UNIX_HEADER);
	put_file(fp.dir, "proc/net/tcp", tcp, strlen(tcp));
	fake_process(&fp, 1, "systemd", "/usr/lib/systemd/systemd", 2375);
	assert_int_equal(da_dockerd_find_tcp(&fp.root, "tcp://127.0.0.1:2351", &p, &err), -1);
	assert_string_equal(err.msg, "only pid 1 holds the socket tcp://127.0.0.1:2351 (socket "
				     "activation: dockerd is not running)");
	fake_close(&fp);
}

/* TCP listeners of this very process, found on the live kernel. */
static int tcp_listen(const char *ip, unsigned short *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(inet_pton(AF_INET, ip, &sa.sin_addr), 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

/* An IPv4 address of an interface here other than loopback, or "". */
static void some_interface_address(char *out, size_t size)
{
	struct ifaddrs *list, *i;
	const struct sockaddr_in *sin;

	out[0] = '\0';
	if (getifaddrs(&list) < 0)
		return;
	for (i = list; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
			continue;
		sin = (const struct sockaddr_in *)i->ifa_addr;
		if ((ntohl(sin->sin_addr.s_addr) >> 24) == 127)
			continue;
		inet_ntop(AF_INET, &sin->sin_addr, out, (socklen_t)size);
		break;
	}
	freeifaddrs(list);
}

static void live_expect(const struct da_root *root, const char *host)
{
	struct da_dockerd_proc p;
	struct da_err err = { "" };

	if (da_dockerd_find_tcp(root, host, &p, &err) < 0)
		fail_msg("%s: %s", host, err.msg);
	assert_int_equal(p.pid, getpid());
	assert_string_equal(p.found_by, "tcp-socket");
	assert_int_equal(p.uid, (long)getuid());
	assert_true(p.env.known);
	da_dockerd_proc_free(&p);
}

static void test_find_tcp_live(void **state)
{
	struct da_root root;
	struct da_dockerd_proc p;
	struct da_err err = { "" };
	unsigned short port;
	char host[128], addr[INET_ADDRSTRLEN];
	int fd;

	assert_int_equal(da_root_open(&root, "/", &err), 0);
	fd = tcp_listen("127.0.0.1", &port);
	snprintf(host, sizeof(host), "tcp://127.0.0.1:%u", port);
	live_expect(&root, host);
	snprintf(host, sizeof(host), "tcp://localhost:%u", port);
	live_expect(&root, host);
	close(fd);
	assert_int_equal(da_dockerd_find_tcp(&root, host, &p, &err), -1);
	/* a wildcard listener: the live host's own addresses are local */
	fd = tcp_listen("0.0.0.0", &port);
	snprintf(host, sizeof(host), "tcp://127.0.0.1:%u", port);
	live_expect(&root, host);
	some_interface_address(addr, sizeof(addr));
	if (addr[0]) {
		snprintf(host, sizeof(host), "tcp://%s:%u", addr, port);
		live_expect(&root, host);
	}
	/* a documentation address (RFC 5737) is no interface's */
	snprintf(host, sizeof(host), "tcp://192.0.2.7:%u", port);
	assert_int_equal(da_dockerd_find_tcp(&root, host, &p, &err), -1);
	assert_non_null(strstr(err.msg, "is not known to be an address of the audited host"));
	close(fd);
	da_root_close(&root);
}

/* ---- which engine answers ------------------------------------------------ */


/* The engine fact for /version VERSION and /info INFO (fixture names, or
 * NULL: that request failed), SOCKET and PROC. */
static json_t *engine_of(const char *version, const char *info, const char *socket,
			 const struct da_dockerd_proc *proc)
{
	json_t *section = json_object(), *e;

	json_object_set_new(section, "version",
			    version ? da_test_api_fixture(version) : json_pack("{s:s}", "error", "down"));
	json_object_set_new(section, "info",
			    info ? da_test_api_fixture(info) : json_pack("{s:s}", "error", "down"));
	e = da_dockerd_engine_json(section, socket, proc);
	json_decref(section);
	return e;
}

static void test_engine_docker_and_podman(void **state)
{
	json_t *e;

	e = engine_of("docker-version-20.10.json", "docker-info-inactive.json",
		      "/var/run/docker.sock", NULL);
	assert_json(e, "{\"kind\": \"docker\", \"rootless\": false, \"evidence\": "
		       "[\"/version: component \\\"Engine\\\"\"]}");
	json_decref(e);
	e = engine_of("docker-version-ce-27.json", NULL, NULL, NULL);
	assert_json(e, "{\"kind\": \"docker\", \"rootless\": false, \"evidence\": "
		       "[\"/version: component \\\"Engine\\\"\", "
		       "\"/version: Platform.Name \\\"Docker Engine - Community\\\"\"]}");
	json_decref(e);
	e = engine_of("podman-version.json", "podman-info.json", "/run/podman/podman.sock", NULL);
	assert_json(e, "{\"kind\": \"podman\", \"rootless\": false, \"evidence\": "
		       "[\"/version: component \\\"Podman Engine\\\"\"]}");
	json_decref(e);
	e = engine_of(NULL, NULL, NULL, NULL);
	assert_json(e, "{\"kind\": \"unknown\", \"rootless\": false, \"evidence\": []}");
	json_decref(e);
}

static void test_engine_rootless(void **state)
{
	struct da_dockerd_proc p = { .pid = 4242, .exe = "/usr/bin/dockerd", .uid = 1000 };
	json_t *e;

	e = engine_of("docker-version-20.10.json", "docker-info-rootless.json",
		      "/run/user/1000/docker.sock", NULL);
	assert_json(e, "{\"kind\": \"docker\", \"rootless\": true, \"evidence\": "
		       "[\"/version: component \\\"Engine\\\"\", "
		       "\"/info: SecurityOptions has \\\"name=rootless\\\"\", "
		       "\"socket /run/user/1000/docker.sock is in the user runtime directory "
		       "/run/user/1000\"]}");
	json_decref(e);
	/* the daemon unreachable: the process tells */
	env_of(&p.env, ENV("XDG_RUNTIME_DIR=/home/alice/.run\0ROOTLESSKIT_STATE_DIR=/tmp/rk\0"));
	e = engine_of(NULL, NULL, "/home/alice/.run/docker.sock", &p);
	assert_json(e, "{\"kind\": \"docker\", \"rootless\": true, \"evidence\": "
		       "[\"socket /home/alice/.run/docker.sock is in the daemon's XDG_RUNTIME_DIR "
		       "/home/alice/.run\", \"process 4242 runs /usr/bin/dockerd\", "
		       "\"process 4242 runs as uid 1000\", "
		       "\"process 4242 has ROOTLESSKIT_STATE_DIR in its environment\"]}");
	json_decref(e);
	da_dockerd_env_free(&p.env);
	/* not a user runtime directory; a root podman process */
	p.exe = "/usr/bin/podman";
	p.uid = 0;
	e = engine_of(NULL, NULL, "/run/user/x1/docker.sock", &p);
	assert_json(e, "{\"kind\": \"podman\", \"rootless\": false, \"evidence\": "
		       "[\"process 4242 runs /usr/bin/podman\"]}");
	json_decref(e);
	/* the socket's directory is not below /run/user/UID/ */
	e = engine_of(NULL, NULL, "/run/user/1000", NULL);
	assert_json(e, "{\"kind\": \"unknown\", \"rootless\": false, \"evidence\": []}");
	json_decref(e);
}

/* ---- the collector, with a fake Engine API client ---------------------- */

/* A canned answer: a file of api/daemon/, a body, or a failure message. */
struct route {
	const char *path;
	const char *file;
	const char *body;
	const char *fail;
};

static struct {
	const char *host;
	const char *socket;
	const char *fail;          /* /_ping fails with this message, or NULL */
	const struct route *routes; /* ended by a NULL path */
	const char *net_prefix;    /* /networks/ID answers from PREFIX-network-NAME.json */
	char *log;                 /* the paths requested, each followed by a space */
	unsigned batches;          /* da_docker_get_many calls */
	size_t largest;            /* the most paths in one of them */
} fake_api;

static void fake_reset(const char *host, const char *socket, const struct route *routes,
		       const char *net_prefix)
{
	free(fake_api.log);
	memset(&fake_api, 0, sizeof(fake_api));
	fake_api.host = host;
	fake_api.socket = socket;
	fake_api.routes = routes;
	fake_api.net_prefix = net_prefix;
	fake_api.log = da_xstrdup("");
}

static void fake_log(const char *path)
{
	char *s = da_xasprintf("%s%s ", fake_api.log, path);

	free(fake_api.log);
	fake_api.log = s;
}

static const struct route *fake_route(const char *path)
{
	const struct route *r;

	for (r = fake_api.routes; r && r->path; r++)
		if (!strcmp(r->path, path))
			return r;
	return NULL;
}

/* GET /networks/ID: the inspect file of the network the list calls ID. */
static int fake_network(const char *path, json_t **out, struct da_err *err)
{
	const struct route *list = fake_route("/networks");
	json_t *nets = list && list->file ? da_test_api_fixture(list->file) : NULL, *n;
	char *file;
	size_t i;

	json_array_foreach(nets, i, n) {
		if (strcmp(json_string_value(json_object_get(n, "Id")), path + 10))
			continue;
		file = da_xasprintf("%s-network-%s.json", fake_api.net_prefix,
				    json_string_value(json_object_get(n, "Name")));
		*out = da_test_api_fixture(file);
		free(file);
		json_decref(nets);
		return 0;
	}
	json_decref(nets);
	return da_err_set(err, "GET %s: HTTP 404: network %s not found", path, path + 10);
}

static int fake_get(const char *path, json_t **out, struct da_err *err)
{
	const struct route *r = fake_route(path);

	fake_log(path);
	*out = NULL;
	if (r && r->fail)
		return da_err_set(err, "%s", r->fail);
	if (r && r->file) {
		*out = da_test_api_fixture(r->file);
		return 0;
	}
	if (r && r->body) {
		*out = json_loads(r->body, JSON_DECODE_ANY, NULL);
		assert_non_null(*out);
		return 0;
	}
	if (!strncmp(path, "/networks/", 10))
		return fake_network(path, out, err);
	return da_err_set(err, "GET %s: unexpected", path);
}

const char *__wrap_da_docker_host(const struct da_docker *d);
const char *__wrap_da_docker_socket_path(const struct da_docker *d);
int __wrap_da_docker_get_json(struct da_docker *d, const char *path, json_t **out,
			      struct da_err *err);
int __wrap_da_docker_ping(struct da_docker *d, struct da_err *err);

int __wrap_da_docker_ping(struct da_docker *d, struct da_err *err)
{
	fake_log("/_ping");
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
	return fake_get(path, out, err);
}

/* The concurrent GET is replaced by definition: this object is linked
 * before libdockaudit.a, and nothing this test uses pulls in client.o. */
void da_docker_get_many(struct da_docker *d, const char *const *paths, size_t n, json_t **outs,
			char **errs)
{
	struct da_err err = { "" };
	size_t i;

	fake_api.batches++;
	if (n > fake_api.largest)
		fake_api.largest = n;
	for (i = 0; i < n; i++) {
		errs[i] = NULL;
		if (fake_get(paths[i], &outs[i], &err) < 0)
			errs[i] = da_xstrdup(err.msg);
	}
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

static const struct route inactive_routes[] = {
	{ .path = "/version", .file = "docker-version-20.10.json" },
	{ .path = "/info", .file = "docker-info-inactive.json" },
	{ .path = "/plugins", .file = "docker-plugins.json" },
	{ .path = "/networks", .file = "docker-networks.json" },
	{ .path = NULL },
};

static const struct route manager_routes[] = {
	{ .path = "/version", .file = "docker-version-20.10.json" },
	{ .path = "/info", .file = "docker-info-manager.json" },
	{ .path = "/plugins", .file = "docker-plugins.json" },
	{ .path = "/networks", .file = "docker-networks-swarm.json" },
	{ .path = "/swarm", .file = "docker-swarm.json" },
	{ .path = "/nodes", .file = "docker-nodes.json" },
	{ .path = "/services", .file = "docker-services.json" },
	{ .path = "/secrets", .file = "docker-secrets.json" },
	{ .path = "/configs", .file = "docker-configs.json" },
	{ .path = NULL },
};

static const struct route worker_routes[] = {
	{ .path = "/version", .file = "docker-version-20.10.json" },
	{ .path = "/info", .file = "docker-info-worker.json" },
	{ .path = "/plugins", .file = "docker-plugins.json" },
	{ .path = "/networks", .file = "docker-networks.json" },
	{ .path = NULL },
};

/* Item NAME of LIST ({count, items}), by its "name" member. */
static json_t *item_named(const json_t *list, const char *name)
{
	json_t *item;
	size_t i;

	json_array_foreach(json_object_get(list, "items"), i, item)
		if (!strcmp(json_string_value(json_object_get(item, "name")), name))
			return item;
	fail_msg("no item %s", name);
	return NULL;
}

static bool dump_has(const json_t *j, const char *needle)
{
	char *s = json_dumps(j, JSON_COMPACT);
	bool has = strstr(s, needle) != NULL;

	free(s);
	return has;
}

#define FOUND_PROCESS \
	"{\"pid\": 812, \"exe\": \"/usr/bin/dockerd\", \"argv\": " \
	"[\"/usr/bin/dockerd\", \"-H\", \"fd://\", " \
	"\"--containerd=/run/containerd/containerd.sock\", \"--icc=false\"], " \
	"\"found_by\": \"socket\", \"uid\": null, " \
	"\"environ\": {\"error\": \"/proc/812/environ: No such file or directory\"}}"

static void test_collect_inactive(void **state)
{
	json_t *s, *nets, *want;

	fake_reset("unix:///var/run/docker.sock", "/var/run/docker.sock", inactive_routes, "docker");
	s = run_collector("dockerd-systemd");
	assert_true(json_is_true(json_object_get(s, "reachable")));
	assert_null(json_object_get(s, "error"));
	assert_string_equal(json_string_value(json_object_get(s, "host")),
			    "unix:///var/run/docker.sock");
	want = da_test_api_fixture("docker-version-20.10.json");
	assert_true(json_equal(json_object_get(s, "version"), want));
	json_decref(want);
	assert_json(json_object_get(s, "plugins"), "{\"count\": 0, \"items\": []}");
	assert_json(json_object_get(s, "swarm"),
		    "{\"state\": \"inactive\", \"manager\": false, \"node_id\": \"\"}");
	assert_json(json_object_get(s, "process"), FOUND_PROCESS);
	assert_json(json_object_get(s, "engine"),
		    "{\"kind\": \"docker\", \"rootless\": false, \"evidence\": "
		    "[\"/version: component \\\"Engine\\\"\", "
		    "\"process 812 runs /usr/bin/dockerd\"]}");
	/* the fixture's mtime is when it was checked out */
	assert_true(json_is_real(da_facts_get(s, "/config_file/modified_at")));
	json_object_del(json_object_get(s, "config_file"), "modified_at");
	assert_json(json_object_get(s, "config_file"),
		    "{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", "
		    "\"exists\": true, \"content\": {\"log-level\": \"warn\"}}");
	/* --icc=false on the command line, but the default bridge the running
	 * daemon made (GET /networks) has icc on: the network decides */
	assert_json(da_facts_get(s, "/settings/icc"),
		    "{\"value\": true, \"source\": \"api\", \"api_member\": \"GET /networks: the "
		    "default bridge's com.docker.network.bridge.enable_icc\", \"configured_value\": "
		    "false, \"configured_source\": \"flag\"}");
	assert_json(da_facts_get(s, "/settings/log-level"),
		    "{\"value\": \"warn\", \"source\": \"config\"}");
	assert_json(da_facts_get(s, "/settings/hosts"),
		    "{\"value\": [\"fd://\"], \"source\": \"flag\"}");
	/* what /info says wins over the file and the defaults */
	assert_json(da_facts_get(s, "/settings/seccomp-profile"),
		    "{\"value\": \"default\", \"source\": \"api\", "
		    "\"api_member\": \"SecurityOptions name=seccomp\"}");
	assert_json(da_facts_get(s, "/settings/live-restore"),
		    "{\"value\": false, \"source\": \"api\", \"api_member\": \"LiveRestoreEnabled\"}");
	assert_json(da_facts_get(s, "/settings/userns-remap"),
		    "{\"value\": \"\", \"source\": \"default\", \"in_effect\": false, "
		    "\"in_effect_source\": \"api\"}");
	assert_json(json_object_get(s, "drift"), "[]");
	assert_json(da_facts_get(s, "/settings/containerd"),
		    "{\"value\": \"/run/containerd/containerd.sock\", \"source\": \"flag\"}");
	/* the networks, sorted by name, each with its inspect */
	nets = json_object_get(s, "networks");
	assert_int_equal(json_integer_value(json_object_get(nets, "count")), 4);
	assert_string_equal(json_string_value(da_facts_get(nets, "/items/0/name")), "bridge");
	assert_string_equal(json_string_value(da_facts_get(nets, "/items/1/name")), "host");
	assert_string_equal(json_string_value(da_facts_get(nets, "/items/2/name")), "isolated");
	assert_string_equal(json_string_value(da_facts_get(nets, "/items/3/name")), "none");
	assert_true(json_is_true(json_object_get(item_named(nets, "bridge"), "icc")));
	assert_true(json_is_false(json_object_get(item_named(nets, "isolated"), "icc")));
	assert_true(json_is_true(json_object_get(item_named(nets, "isolated"), "internal")));
	assert_null(json_object_get(item_named(nets, "host"), "icc"));
	assert_string_equal(json_string_value(da_facts_get(item_named(nets, "isolated"),
							   "/inspect/Name")),
			    "isolated");
	want = da_test_api_fixture("docker-network-bridge.json");
	assert_true(json_equal(json_object_get(item_named(nets, "bridge"), "inspect"), want));
	json_decref(want);
	assert_string_equal(json_string_value(da_facts_get(item_named(nets, "bridge"),
							   "/options/com.docker.network.bridge.host_binding_ipv4")),
			    "0.0.0.0");
	/* one ping, then two concurrent rounds; never the swarm sources */
	assert_int_equal(fake_api.batches, 2);
	assert_int_equal(fake_api.largest, 4);
	assert_non_null(strstr(fake_api.log, "/_ping /version /info /plugins /networks /networks/"));
	assert_null(strstr(fake_api.log, "/swarm"));
	assert_null(strstr(fake_api.log, "/nodes"));
	json_decref(s);
}

static void test_collect_manager(void **state)
{
	json_t *s, *sw, *nets;

	fake_reset("unix:///var/run/docker.sock", "/var/run/docker.sock", manager_routes, "docker");
	s = run_collector("dockerd-systemd");
	sw = json_object_get(s, "swarm");
	assert_string_equal(json_string_value(json_object_get(sw, "state")), "active");
	assert_true(json_is_true(json_object_get(sw, "manager")));
	assert_string_equal(json_string_value(json_object_get(sw, "node_id")),
			    "ms0jbak1yupjielmi01h6j4ln");
	assert_false(json_is_true(da_facts_get(sw, "/cluster/Spec/EncryptionConfig/AutoLockManagers")));
	assert_int_equal(json_integer_value(da_facts_get(sw, "/cluster/Spec/CAConfig/NodeCertExpiry")),
			 7776000000000000LL);
	/* the join tokens are credentials: never kept */
	assert_null(json_object_get(json_object_get(sw, "cluster"), "JoinTokens"));
	assert_false(dump_has(s, "SWMTKN"));
	assert_int_equal(json_integer_value(da_facts_get(sw, "/nodes/count")), 1);
	assert_string_equal(json_string_value(da_facts_get(sw, "/nodes/items/0/ManagerStatus/Addr")),
			    "10.99.0.1:2377");
	assert_json(json_object_get(sw, "services"), "{\"count\": 0, \"items\": []}");
	assert_string_equal(json_string_value(da_facts_get(sw, "/secrets/items/0/Spec/Name")),
			    "db_password");
	assert_string_equal(json_string_value(da_facts_get(sw, "/configs/items/0/Spec/Name")),
			    "app_config");
	/* a config's content is dropped ("key=value" base64) */
	assert_null(da_facts_get(sw, "/configs/items/0/Spec/Data"));
	assert_false(dump_has(s, "a2V5PXZhbHVl"));
	nets = json_object_get(s, "networks");
	assert_int_equal(json_integer_value(json_object_get(nets, "count")), 7);
	assert_true(json_is_true(json_object_get(item_named(nets, "secure-overlay"), "encrypted")));
	assert_true(json_is_true(json_object_get(item_named(nets, "secure-overlay"), "attachable")));
	assert_true(json_is_false(json_object_get(item_named(nets, "ingress"), "encrypted")));
	assert_true(json_is_true(json_object_get(item_named(nets, "ingress"), "ingress")));
	assert_true(json_is_false(json_object_get(item_named(nets, "docker_gwbridge"), "icc")));
	assert_string_equal(json_string_value(json_object_get(item_named(nets, "ingress"), "scope")),
			    "swarm");
	/* the 7 inspects and 5 swarm sources in one concurrent round */
	assert_int_equal(fake_api.batches, 2);
	assert_int_equal(fake_api.largest, 12);
	assert_non_null(strstr(fake_api.log, "/swarm /nodes /services /secrets /configs "));
	json_decref(s);
}

static void test_collect_worker(void **state)
{
	json_t *s;

	fake_reset("unix:///var/run/docker.sock", "/var/run/docker.sock", worker_routes, "docker");
	s = run_collector("dockerd-systemd");
	assert_json(json_object_get(s, "swarm"),
		    "{\"state\": \"active\", \"manager\": false, "
		    "\"node_id\": \"x3h4q9w2m8v5k7p1r6t0y2u4i\"}");
	assert_null(strstr(fake_api.log, "/swarm"));
	assert_null(strstr(fake_api.log, "/secrets"));
	json_decref(s);
}

/* Answers that fail one by one: each error stays in its own source. */
static void test_collect_source_errors(void **state)
{
	static const struct route routes[] = {
		{ .path = "/version", .fail = "GET /version: HTTP 500: boom" },
		{ .path = "/info", .file = "docker-info-manager.json" },
		{ .path = "/plugins", .body = "{\"not\": \"a list\"}" },
		{ .path = "/networks", .body = "[{\"Id\": \"../containers/x\", \"Name\": \"evil\", "
				       "\"Driver\": \"bridge\", \"Options\": "
				       "{\"com.docker.network.bridge.enable_icc\": \"maybe\"}}, "
				       "{\"Id\": \"abc123\", \"Name\": \"gone\", \"Driver\": \"overlay\"}]" },
		{ .path = "/networks/abc123", .fail = "GET /networks/abc123: HTTP 404: network abc123 not found" },
		{ .path = "/swarm", .body = "[]" },
		{ .path = "/nodes", .fail = "GET /nodes: HTTP 503: This node is not a swarm manager." },
		{ .path = "/services", .body = "[]" },
		{ .path = "/secrets", .body = "[]" },
		{ .path = "/configs", .body = "[{\"ID\": \"c1\", \"Spec\": {\"Name\": \"x\", \"Data\": \"c2VjcmV0\"}}]" },
		{ .path = NULL },
	};
	json_t *s, *nets;

	fake_reset("unix:///var/run/docker.sock", "/var/run/docker.sock", routes, "docker");
	s = run_collector("dockerd-systemd");
	assert_json(json_object_get(s, "version"), "{\"error\": \"GET /version: HTTP 500: boom\"}");
	assert_json(json_object_get(s, "plugins"), "{\"error\": \"GET /plugins: not a JSON array\"}");
	nets = json_object_get(s, "networks");
	assert_json(item_named(nets, "evil"),
		    "{\"id\": \"../containers/x\", \"name\": \"evil\", \"driver\": \"bridge\", "
		    "\"scope\": null, \"internal\": false, \"attachable\": false, \"ingress\": false, "
		    "\"enable_ipv6\": false, \"options\": {\"com.docker.network.bridge.enable_icc\": "
		    "\"maybe\"}, \"icc\": null, \"error\": \"network id ../containers/x is not a "
		    "plain id: not inspected\"}");
	assert_json(item_named(nets, "gone"),
		    "{\"id\": \"abc123\", \"name\": \"gone\", \"driver\": \"overlay\", "
		    "\"scope\": null, \"internal\": false, \"attachable\": false, \"ingress\": false, "
		    "\"enable_ipv6\": false, \"options\": {}, \"encrypted\": false, "
		    "\"error\": \"GET /networks/abc123: HTTP 404: network abc123 not found\"}");
	assert_null(strstr(fake_api.log, "containers"));
	assert_json(da_facts_get(s, "/swarm/cluster"), "{\"error\": \"GET /swarm: not a JSON object\"}");
	assert_json(da_facts_get(s, "/swarm/nodes"),
		    "{\"error\": \"GET /nodes: HTTP 503: This node is not a swarm manager.\"}");
	assert_json(da_facts_get(s, "/swarm/configs"),
		    "{\"count\": 1, \"items\": [{\"ID\": \"c1\", \"Spec\": {\"Name\": \"x\"}}]}");
	/* the version is unknown: defaults that depend on it say so */
	assert_json(da_facts_get(s, "/settings/ip6tables"),
		    "{\"error\": \"the default changed in Docker 27.0 and the daemon's version is "
		    "unknown: GET /version: HTTP 500: boom\"}");
	json_decref(s);
	/* /info failed: the swarm state is unknown, nothing more is asked */
	{
		static const struct route no_info[] = {
			{ .path = "/version", .file = "docker-version-ce-27.json" },
			{ .path = "/info", .fail = "GET /info: HTTP 500: Internal Server Error" },
			{ .path = "/plugins", .file = "docker-plugins.json" },
			{ .path = "/networks", .fail = "GET /networks: HTTP 500: x" },
			{ .path = NULL },
		};

		fake_reset("unix:///var/run/docker.sock", "/var/run/docker.sock", no_info, "docker");
		s = run_collector("dockerd-systemd");
		assert_json(json_object_get(s, "info"),
			    "{\"error\": \"GET /info: HTTP 500: Internal Server Error\"}");
		assert_json(json_object_get(s, "swarm"),
			    "{\"error\": \"GET /info: HTTP 500: Internal Server Error\"}");
		assert_json(json_object_get(s, "networks"), "{\"error\": \"GET /networks: HTTP 500: x\"}");
		assert_json(da_facts_get(s, "/settings/ip6tables"),
			    "{\"value\": true, \"source\": \"default\"}");
		assert_int_equal(fake_api.largest, 4);
		json_decref(s);
	}
}

/* Unreachable: the ping only (no more timeouts), and the rest of what the
 * host shows is still collected. */
static void test_collect_unreachable(void **state)
{
	const char *msg = "GET /_ping: Could not connect to unix:///var/run/docker.sock: "
			  "Connection refused";
	static const char *const sources[] = { "version", "info", "plugins", "networks", "swarm" };
	char *want;
	json_t *s;
	size_t i;

	fake_reset("unix:///var/run/docker.sock", "/var/run/docker.sock", inactive_routes, "docker");
	fake_api.fail = msg;
	s = run_collector("dockerd-systemd");
	assert_true(json_is_false(json_object_get(s, "reachable")));
	assert_string_equal(json_string_value(json_object_get(s, "error")), msg);
	want = da_xasprintf("{\"error\": \"%s\"}", msg);
	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		assert_json(json_object_get(s, sources[i]), want);
	free(want);
	assert_json(json_object_get(s, "process"), FOUND_PROCESS);
	assert_json(json_object_get(s, "engine"),
		    "{\"kind\": \"docker\", \"rootless\": false, \"evidence\": "
		    "[\"process 812 runs /usr/bin/dockerd\"]}");
	assert_json(da_facts_get(s, "/settings/icc"), "{\"value\": false, \"source\": \"flag\"}");
	assert_string_equal(fake_api.log, "/_ping ");
	assert_int_equal(fake_api.batches, 0);
	json_decref(s);
}

static void test_collect_no_process(void **state)
{
	json_t *s;

	fake_reset("unix:///var/run/docker.sock", "/var/run/docker.sock", inactive_routes, "docker");
	fake_api.fail = "GET /_ping: Connection refused";
	s = run_collector("daemon-bad-json");
	assert_json(json_object_get(s, "process"),
		    "{\"error\": \"/proc/net/unix: No such file or directory\"}");
	assert_json(json_object_get(s, "config_file"),
		    "{\"path\": \"/etc/docker/daemon.json\", \"source\": \"default\", \"error\": "
		    "\"the daemon's command line could not be read: /proc/net/unix: No such file "
		    "or directory\"}");
	assert_json(da_facts_get(s, "/settings/icc"),
		    "{\"error\": \"the daemon's command line could not be read: /proc/net/unix: No "
		    "such file or directory\"}");
	assert_json(json_object_get(s, "engine"),
		    "{\"kind\": \"unknown\", \"rootless\": false, \"evidence\": []}");
	json_decref(s);
}

/* DOCKER_HOST=tcp://127.0.0.1:2376: the process listening there, its TLS
 * settings from the command line. */
static void test_collect_tcp(void **state)
{
	json_t *s;

	fake_reset("tcp://127.0.0.1:2376", NULL, inactive_routes, "docker");
	s = run_collector("daemon-tcp");
	assert_true(json_is_true(json_object_get(s, "reachable")));
	assert_json(json_object_get(s, "process"),
		    "{\"pid\": 812, \"exe\": \"/usr/bin/dockerd\", \"argv\": [\"/usr/bin/dockerd\", "
		    "\"-H\", \"tcp://127.0.0.1:2376\", \"--tlsverify\", "
		    "\"--tlscacert=/etc/docker/tls/ca.pem\", "
		    "\"--tlscert=/etc/docker/tls/server-cert.pem\", "
		    "\"--tlskey=/etc/docker/tls/server-key.pem\"], \"found_by\": \"tcp-socket\", "
		    "\"uid\": 0, \"environ\": {\"HOME\": \"/root\"}}");
	assert_json(da_facts_get(s, "/settings/tls"),
		    "{\"value\": true, \"source\": \"implied\", \"by\": \"tlsverify\"}");
	assert_json(da_facts_get(s, "/settings/tlsverify"), "{\"value\": true, \"source\": \"flag\"}");
	assert_json(da_facts_get(s, "/settings/tlscacert"),
		    "{\"value\": \"/etc/docker/tls/ca.pem\", \"source\": \"flag\"}");
	assert_json(da_facts_get(s, "/settings/hosts"),
		    "{\"value\": [\"tcp://127.0.0.1:2376\"], \"source\": \"flag\"}");
	assert_json(da_facts_get(s, "/settings/log-level"),
		    "{\"value\": \"warn\", \"source\": \"config\"}");
	json_decref(s);
	/* another machine's address: not looked for on this host's listeners */
	fake_reset("tcp://10.0.0.1:2376", NULL, inactive_routes, "docker");
	s = run_collector("daemon-tcp");
	assert_json(json_object_get(s, "process"),
		    "{\"error\": \"no listening TCP socket for tcp://10.0.0.1:2376 in /proc/net/tcp "
		    "or /proc/net/tcp6\"}");
	json_decref(s);
	fake_reset("ssh://box", NULL, inactive_routes, "docker");
	s = run_collector("daemon-tcp");
	assert_json(json_object_get(s, "process"),
		    "{\"error\": \"ssh://box is neither a unix socket nor tcp://: its process is not "
		    "looked for\"}");
	json_decref(s);
}

/* A rootless dockerd: its socket in /run/user/1000, its config file in the
 * user's home, its defaults from its environment (and no other variable of
 * it kept). */
static void test_collect_rootless(void **state)
{
	static const struct route routes[] = {
		{ .path = "/version", .file = "docker-version-20.10.json" },
		{ .path = "/info", .file = "docker-info-rootless.json" },
		{ .path = "/plugins", .file = "docker-plugins.json" },
		{ .path = "/networks", .file = "docker-networks.json" },
		{ .path = NULL },
	};
	json_t *s;

	fake_reset("unix:///run/user/1000/docker.sock", "/run/user/1000/docker.sock", routes,
		   "docker");
	s = run_collector("daemon-rootless");
	assert_json(json_object_get(s, "process"),
		    "{\"pid\": 4242, \"exe\": \"/usr/bin/dockerd\", \"argv\": [\"dockerd\"], "
		    "\"found_by\": \"socket\", \"uid\": 1000, \"environ\": {\"HOME\": \"/home/alice\", "
		    "\"XDG_RUNTIME_DIR\": \"/run/user/1000\", "
		    "\"ROOTLESSKIT_STATE_DIR\": \"/tmp/rootlesskit1234\"}}");
	assert_json(json_object_get(s, "engine"),
		    "{\"kind\": \"docker\", \"rootless\": true, \"evidence\": ["
		    "\"/version: component \\\"Engine\\\"\", "
		    "\"/info: SecurityOptions has \\\"name=rootless\\\"\", "
		    "\"socket /run/user/1000/docker.sock is in the user runtime directory "
		    "/run/user/1000\", \"process 4242 runs /usr/bin/dockerd\", "
		    "\"process 4242 runs as uid 1000\", "
		    "\"process 4242 has ROOTLESSKIT_STATE_DIR in its environment\"]}");
	/* the fixture's mtime is when it was checked out */
	assert_true(json_is_real(da_facts_get(s, "/config_file/modified_at")));
	json_object_del(json_object_get(s, "config_file"), "modified_at");
	assert_json(json_object_get(s, "config_file"),
		    "{\"path\": \"/home/alice/.config/docker/daemon.json\", \"source\": \"default\", "
		    "\"exists\": true, \"content\": {\"log-level\": \"debug\", \"icc\": false, "
		    "\"userns-remap\": \"default\"}}");
	assert_json(da_facts_get(s, "/settings/log-level"),
		    "{\"value\": \"debug\", \"source\": \"config\"}");
	assert_json(da_facts_get(s, "/settings/data-root"),
		    "{\"value\": \"/home/alice/.local/share/docker\", \"source\": \"api\", "
		    "\"api_member\": \"DockerRootDir\"}");
	/* the file asks for remapping; the running daemon does none */
	assert_json(da_facts_get(s, "/settings/userns-remap"),
		    "{\"value\": \"default\", \"source\": \"config\", \"in_effect\": false, "
		    "\"in_effect_source\": \"api\"}");
	/* the file's icc false against the default bridge's true; remapping */
	assert_json(json_object_get(s, "drift"),
		    "[{\"setting\": \"icc\", \"file_value\": false, \"file_source\": \"config\", "
		    "\"running_value\": true, \"running_source\": \"api\", \"api_member\": \"GET "
		    "/networks: the default bridge's com.docker.network.bridge.enable_icc\", "
		    "\"takes_effect\": \"restart\", \"message\": \"daemon.json sets icc false; the "
		    "running daemon has true; the file takes effect at the next restart\"}, "
		    "{\"setting\": \"userns-remap\", \"file_value\": \"default\", "
		    "\"file_source\": \"config\", \"running_value\": \"no remapping\", "
		    "\"running_source\": \"api\", \"api_member\": \"SecurityOptions name=userns\", "
		    "\"takes_effect\": \"restart\", \"message\": \"daemon.json sets userns-remap "
		    "default; the running daemon has no remapping; "
		    "the file takes effect at the next restart\"}]");
	assert_json(da_facts_get(s, "/settings/hosts"),
		    "{\"value\": [\"unix:///run/user/1000/docker.sock\"], \"source\": \"default\"}");
	assert_json(da_facts_get(s, "/settings/rootless"),
		    "{\"value\": true, \"source\": \"api\", "
		    "\"api_member\": \"SecurityOptions name=rootless\"}");
	assert_json(da_facts_get(s, "/settings/tlscacert"),
		    "{\"value\": \"/home/alice/.docker/ca.pem\", \"source\": \"default\"}");
	assert_false(dump_has(s, "hunter2"));
	assert_false(dump_has(s, "AWS_SECRET"));
	assert_false(dump_has(s, "second-home"));
	json_decref(s);
}

/* Podman's Docker-compatible API: reported as Podman, and dockerd's
 * settings are not made up for it. */
static void test_collect_podman(void **state)
{
	static const struct route routes[] = {
		{ .path = "/version", .file = "podman-version.json" },
		{ .path = "/info", .file = "podman-info.json" },
		{ .path = "/plugins", .fail = "GET /plugins: HTTP 404: Path /plugins is not supported" },
		{ .path = "/networks", .file = "podman-networks.json" },
		{ .path = NULL },
	};
	const char *why = "the engine is Podman: dockerd's config file and settings do not apply";
	json_t *s;
	char *want;

	fake_reset("unix:///run/podman/podman.sock", "/run/podman/podman.sock", routes, "podman");
	s = run_collector("podman-service");
	assert_json(json_object_get(s, "engine"),
		    "{\"kind\": \"podman\", \"rootless\": false, \"evidence\": "
		    "[\"/version: component \\\"Podman Engine\\\"\", "
		    "\"process 3100 runs /usr/bin/podman\"]}");
	assert_int_equal(json_integer_value(da_facts_get(s, "/process/pid")), 3100);
	assert_json(json_object_get(s, "plugins"),
		    "{\"error\": \"GET /plugins: HTTP 404: Path /plugins is not supported\"}");
	assert_json(json_object_get(s, "swarm"),
		    "{\"state\": \"inactive\", \"manager\": false, \"node_id\": \"\"}");
	assert_int_equal(json_integer_value(da_facts_get(s, "/networks/count")), 1);
	assert_string_equal(json_string_value(da_facts_get(s, "/networks/items/0/inspect/Name")),
			    "podman");
	assert_true(json_is_true(da_facts_get(s, "/networks/items/0/icc")));
	want = da_xasprintf("{\"error\": \"%s\"}", why);
	assert_json(da_facts_get(s, "/settings/icc"), want);
	assert_json(da_facts_get(s, "/settings/hosts"), want);
	free(want);
	assert_string_equal(json_string_value(da_facts_get(s, "/config_file/error")), why);
	json_decref(s);
	free(fake_api.log);
	fake_api.log = NULL;
}

/* ---- the listeners and the containerd the process holds ------------------ */

/* The TCP listeners pid 812 holds in daemon-tcp: LISTEN lines only, both
 * tables; TLS from the settings, as a fixture root is never probed. */
static void test_listeners_fixture(void **state)
{
	struct da_root root;
	struct da_dockerd_proc p = { .pid = 812 };
	json_t *settings = json_pack("{s:{s:b, s:s}}", "tls", "value", 1, "source", "flag");
	json_t *l;

	open_fixture(&root, "daemon-tcp");
	l = da_dockerd_listeners_json(&root, &p, settings, NULL);
	da_test_assert_json(
		l, "{\"source\": \"proc\", \"pid\": 812, \"probe_allowed\": false, \"items\": ["
		   "{\"address\": \"127.0.0.1\", \"port\": 2376, \"family\": \"ipv4\", \"inode\": "
		   "31337, \"table\": \"/proc/net/tcp\", \"tls\": true, \"tls_source\": \"settings\"},"
		   "{\"address\": \"10.0.0.5\", \"port\": 2377, \"family\": \"ipv4\", \"inode\": 5555, "
		   "\"table\": \"/proc/net/tcp\", \"tls\": true, \"tls_source\": \"settings\"},"
		   "{\"address\": \"::\", \"port\": 2384, \"family\": \"ipv6\", \"inode\": 6666, "
		   "\"table\": \"/proc/net/tcp6\", \"tls\": true, \"tls_source\": \"settings\"},"
		   "{\"address\": \"::1\", \"port\": 2385, \"family\": \"ipv6\", \"inode\": 7777, "
		   "\"table\": \"/proc/net/tcp6\", \"tls\": true, \"tls_source\": \"settings\"}]}");
	json_decref(l);
	/* settings unknown: tls unknown too */
	json_decref(settings);
	settings = json_pack("{s:{s:s}}", "tls", "error", "unknown");
	l = da_dockerd_listeners_json(&root, &p, settings, NULL);
	da_test_assert_json(json_object_get(json_array_get(json_object_get(l, "items"), 0), "tls"),
			    "null");
	json_decref(l);
	/* another process holds only ssh's */
	p.pid = 700;
	l = da_dockerd_listeners_json(&root, &p, settings, NULL);
	assert_int_equal(json_array_size(json_object_get(l, "items")), 1);
	json_decref(l);
	l = da_dockerd_listeners_json(&root, NULL, settings, "no process");
	da_test_assert_json(l, "{\"error\": \"no process\"}");
	json_decref(l);
	json_decref(settings);
	da_root_close(&root);
}

/* The managed containerd: a child of dockerd named containerd, listening
 * under the exec root; else the flag; else the system default. */
static void test_containerd_of_daemon(void **state)
{
	struct fake_proc fp;
	struct da_dockerd_proc p = { .pid = 812 };
	json_t *settings = json_pack("{s:{s:s, s:s}}", "exec-root", "value", "/var/run/docker",
				     "source", "default");
	json_t *c;

	fake_open(&fp, UNIX_HEADER LISTEN("42", "/var/run/docker.sock")
			       LISTEN("43", "/var/run/docker/containerd/containerd.sock"));
	fake_process(&fp, 812, "dockerd", "/usr/sbin/dockerd", 42);
	fake_process(&fp, 830, "containerd", "/usr/bin/containerd", 43);
	put_file(fp.dir, "proc/830/status", "Name:\tcontainerd\nPPid:\t812\n", 27);
	c = da_dockerd_containerd_json(&fp.root, &p, settings);
	da_test_assert_json(c, "{\"address\": \"/var/run/docker/containerd/containerd.sock\", "
			       "\"source\": \"managed\", \"pid\": 830, \"exe\": "
			       "\"/usr/bin/containerd\", \"listening\": true}");
	json_decref(c);
	/* --containerd wins; nothing listens there */
	json_object_set_new(settings, "containerd",
			    json_pack("{s:s, s:s}", "value", "/run/other.sock", "source", "flag"));
	c = da_dockerd_containerd_json(&fp.root, &p, settings);
	da_test_assert_json(c, "{\"address\": \"/run/other.sock\", \"source\": \"flag\", \"pid\": "
			       "null, \"exe\": null, \"listening\": false}");
	json_decref(c);
	/* the process unknown: the system default */
	c = da_dockerd_containerd_json(&fp.root, NULL, settings);
	assert_string_equal(json_string_value(json_object_get(c, "source")), "default");
	json_decref(c);
	json_decref(settings);
	fake_close(&fp);
}

/* A child that accepts one connection on FD, reads the request and answers
 * ANSWER (LEN bytes); its pid. */
static pid_t answer_once(int fd, const char *answer, size_t len)
{
	pid_t pid = fork();
	char buf[512];
	int c;

	assert_true(pid >= 0);
	if (pid == 0) {
		c = accept(fd, NULL, NULL);
		if (c >= 0 && read(c, buf, sizeof(buf)) > 0 && write(c, answer, len) < 0)
			_exit(1);
		_exit(0);
	}
	return pid;
}

/* The live probe: this process holds a listener on 127.0.0.1, and what
 * answers a GET /_ping on it tells TLS from plain HTTP. */
static void test_listeners_probe(void **state)
{
	static const struct {
		const char *answer;
		size_t len;
		const char *tls;
	} cases[] = {
		{ "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK", 40, "true false" },
		{ "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n",
		  76, "true true" },
		{ "\x15\x03\x01\x00\x02\x02\x46", 7, "true true" },
	};
	struct da_root root;
	struct da_err err = { "" };
	struct da_dockerd_proc p = { .pid = getpid() };
	json_t *settings = json_pack("{s:{s:b}}", "tls", "value", 0), *l, *it;
	unsigned short port;
	size_t i, j;
	char got[32];
	pid_t child;
	int fd, status;

	assert_int_equal(da_root_open(&root, "/", &err), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fd = tcp_listen("127.0.0.1", &port);
		child = answer_once(fd, cases[i].answer, cases[i].len);
		l = da_dockerd_listeners_json(&root, &p, settings, NULL);
		snprintf(got, sizeof(got), "none");
		json_array_foreach(json_object_get(l, "items"), j, it)
			if (json_integer_value(json_object_get(it, "port")) == port)
				snprintf(got, sizeof(got), "%s %s",
					 json_is_true(json_object_get(l, "probe_allowed")) ? "true" : "false",
					 json_is_true(json_object_get(it, "tls")) ? "true" : "false");
		assert_string_equal(got, cases[i].tls);
		json_decref(l);
		close(fd);
		assert_int_equal(waitpid(child, &status, 0), child);
	}
	json_decref(settings);
	da_root_close(&root);
}

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
		cmocka_unit_test(test_config_symlink_escape),
		cmocka_unit_test(test_default_config_path),
		cmocka_unit_test(test_settings_sources),
		cmocka_unit_test(test_settings_config_error),
		cmocka_unit_test(test_settings_wrong_type),
		cmocka_unit_test(test_settings_bad_values),
		cmocka_unit_test(test_settings_unknown_argv),
		cmocka_unit_test(test_settings_each),
		cmocka_unit_test(test_settings_table),
		cmocka_unit_test(test_settings_conflict),
		cmocka_unit_test(test_settings_tls_implied),
		cmocka_unit_test(test_settings_version_defaults),
		cmocka_unit_test(test_settings_rootless_defaults),
		cmocka_unit_test(test_env_parse),
		cmocka_unit_test(test_version_num),
		cmocka_unit_test(test_host_socket_path),
		cmocka_unit_test(test_find_in_fixture),
		cmocka_unit_test(test_find_only_pid1),
		cmocka_unit_test(test_find_no_holder),
		cmocka_unit_test(test_find_listening_only),
		cmocka_unit_test(test_find_prefers_dockerd),
		cmocka_unit_test(test_find_forged_line),
		cmocka_unit_test(test_find_through_symlink),
		cmocka_unit_test(test_find_own_netns),
		cmocka_unit_test(test_find_unreadable_proc),
		cmocka_unit_test(test_find_live),
		cmocka_unit_test(test_find_tcp_fixture),
		cmocka_unit_test(test_find_tcp_errors),
		cmocka_unit_test(test_find_tcp_pid1),
		cmocka_unit_test(test_find_tcp_live),
		cmocka_unit_test(test_engine_docker_and_podman),
		cmocka_unit_test(test_engine_rootless),
		cmocka_unit_test(test_collect_inactive),
		cmocka_unit_test(test_collect_manager),
		cmocka_unit_test(test_collect_worker),
		cmocka_unit_test(test_collect_source_errors),
		cmocka_unit_test(test_collect_unreachable),
		cmocka_unit_test(test_collect_no_process),
		cmocka_unit_test(test_collect_tcp),
		cmocka_unit_test(test_collect_rootless),
		cmocka_unit_test(test_collect_podman),
		cmocka_unit_test(test_listeners_fixture),
		cmocka_unit_test(test_containerd_of_daemon),
		cmocka_unit_test(test_listeners_probe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
