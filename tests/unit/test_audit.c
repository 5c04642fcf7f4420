/*
 * Unit tests for src/collect/audit.c: rules files parsed as auditctl parses
 * them (fixture trees, augenrules' order, every kind of refused line,
 * hostile files), kernel rules decoded from struct audit_rule_data and
 * netlink datagrams built here, and, as root on a kernel that allows it,
 * a rule added to the live kernel and read back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/audit.h"
#include "collect/collectors.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "testutil.h"

static json_t *collect_dir(const char *dir)
{
	return da_test_collect_dir(&da_collector_audit, dir);
}

static json_t *collect_fixture(const char *name)
{
	return da_test_collect_fixture(&da_collector_audit, name);
}

/* A watch entry from a rules file, as JSON text. */
#define DISK(file, line, path, perms, keys, key, kind, action, syscalls)                       \
	"{\"path\": \"" path "\", \"perms\": " perms ", \"key\": " key ", \"keys\": " keys       \
	", \"kind\": \"" kind "\", \"list\": \"exit\", \"action\": \"" action                      \
	"\", \"syscalls\": " syscalls ", \"file\": \"/etc/audit/" file "\", \"line\": " #line "}"


/* The rules tree: audit.rules first, then rules.d in `ls -v` order
 * (2-early before 10-base-config), files not named *.rules skipped; each
 * line parsed as auditctl 3.0.9 parses it (checked against the real
 * auditctl: the lines refused here are those it refused, the others are
 * what `auditctl -l` lists once loaded). */
static void test_rules_tree(void **state)
{
	json_t *s = collect_fixture("audit-rules");
	const json_t *d = json_object_get(s, "on_disk");
	const char *w[16];
	char *text;
	size_t i, n = 0;

	assert_string_equal(da_collector_audit.name, "audit");
	da_test_assert_json(json_object_get(d, "files"),
		    "[\"/etc/audit/audit.rules\", \"/etc/audit/rules.d/2-early.rules\", "
		    "\"/etc/audit/rules.d/10-base-config.rules\", "
		    "\"/etc/audit/rules.d/50-docker.rules\", \"/etc/audit/rules.d/99-finalize.rules\"]");
	da_test_assert_json(json_object_get(d, "control"),
		    "{\"delete_all\": true, \"backlog_limit\": 8192, \"failure\": 1, \"enabled\": 2, "
		    "\"backlog_wait_time\": 60000}");
	da_test_assert_json(json_object_get(d, "errors"),
		    "[\"/etc/audit/rules.d/50-docker.rules:11: the path relative/path must start "
		    "with '/'\","
		    "\"/etc/audit/rules.d/50-docker.rules:12: permissions z are not some of r, w, x, "
		    "a\","
		    "\"/etc/audit/rules.d/50-docker.rules:13: the key option needs a watch or syscall "
		    "given before it\","
		    "\"/etc/audit/rules.d/50-docker.rules:14: the path field /usr/bin/y/ ends with "
		    "'/'\","
		    "\"/etc/audit/rules.d/50-docker.rules:18: unknown option -x\","
		    "\"/etc/audit/rules.d/50-docker.rules:19: always,foo is not LIST,ACTION\","
		    "\"/etc/audit/rules.d/50-docker.rules:20: a list (-a) must be given before the "
		    "field path=/x\","
		    "\"/etc/audit/rules.d/50-docker.rules:21: stray: a parameter without an option\"]");
	w[n++] = DISK("audit.rules", 5, "/usr/bin/dockerd", "\"wa\"", "[\"docker\"]", "\"docker\"", "watch",
			   "always", "[\"all\"]");
	w[n++] = DISK("rules.d/2-early.rules", 2, "/etc/docker", "\"rwxa\"", "[\"docker\"]", "\"docker\"",
			   "watch", "always", "[\"all\"]");
	w[n++] = DISK("rules.d/50-docker.rules", 2, "/usr/bin/dockerd", "\"rwxa\"",
			   "[\"docker\"]", "\"docker\"", "watch", "always", "[\"all\"]");
	w[n++] = DISK("rules.d/50-docker.rules", 3, "/var/lib/docker", "\"wa\"", "[\"docker\"]", "\"docker\"",
			   "watch", "always", "[\"all\"]");
	w[n++] = DISK("rules.d/50-docker.rules", 4, "/etc/default/docker", "\"wa\"",
			   "[\"docker\"]", "\"docker\"", "watch", "always", "[\"all\"]");
	w[n++] = DISK("rules.d/50-docker.rules", 5, "/usr/bin/containerd", "\"x\"",
			   "[\"docker\"]", "\"docker\"", "watch", "always", "[\"all\"]");
	w[n++] = DISK("rules.d/50-docker.rules", 6, "/usr/sbin/runc", "null",
			   "[\"docker\", \"runc\"]", "\"docker\"", "syscall",
			   "always", "[\"execve\"]");
	w[n++] = DISK("rules.d/50-docker.rules", 7, "/etc/containerd", "\"wa\"",
			   "[\"containerd\"]", "\"containerd\"", "watch",
			   "always", "[\"all\"]");
	w[n++] = DISK("rules.d/50-docker.rules", 8, "/usr/bin/containerd-shim", "null",
			   "[]", "null", "syscall", "never", "[\"all\"]");
	w[n++] = DISK("rules.d/50-docker.rules", 9, "/run/containerd sock", "\"rw\"", "[]", "null",
			   "watch", "always", "[\"all\"]");
	w[n++] = DISK("rules.d/50-docker.rules", 15, "/usr/bin/z", "\"rwxa\"",
			   "[\"nokey\"]", "\"nokey\"", "watch", "always",
			   "[\"all\"]");
	/* line 16's watch stays: line 17's -W names it without its key, and the
	 * kernel deletes only an exact match */
	w[n++] = DISK("rules.d/50-docker.rules", 16, "/usr/lib/old-docker", "\"rwxa\"",
			   "[\"old\"]", "\"old\"", "watch", "always",
			   "[\"all\"]");
	assert_int_equal(json_array_size(json_object_get(d, "watches")), n);
	for (i = 0; i < n; i++)
		da_test_assert_json(json_array_get(json_object_get(d, "watches"), i), w[i]);
	assert_null(json_object_get(d, "error"));
	/* a fixture root is not this host: the kernel's rules are not read */
	da_test_assert_json(json_object_get(s, "loaded"),
		    "{\"error\": \"not read: the root prefix is not this host\"}");
	text = json_dumps(s, 0);
	assert_null(strstr(text, "/never/read"));
	free(text);
	json_decref(s);
}

/* Nothing there: empty sets, no error (auditd is simply not configured). */
static void test_no_rules(void **state)
{
	json_t *s = collect_fixture("debian12");

	da_test_assert_json(json_object_get(s, "on_disk"),
		    "{\"files\": [], \"watches\": [], \"errors\": [], \"control\": {}}");
	json_decref(s);
}

/* A NUL byte costs its line only; CRLF endings; bytes that are not UTF-8
 * escaped; a directory named *.rules and a link out of the tree are
 * unreadable (the link resolves inside the root, where nothing is); a
 * line longer than auditctl's buffer is refused and the next one read. */
static void test_hostile_tree(void **state)
{
	json_t *s = collect_fixture("audit-hostile");
	const json_t *d = json_object_get(s, "on_disk");
	const json_t *w = json_object_get(d, "watches");

	da_test_assert_json(json_object_get(d, "errors"),
		    "[\"/etc/audit/rules.d/10-nul.rules:2: a NUL byte in the line\","
		    "\"/etc/audit/rules.d/20-dir.rules: Is a directory\","
		    "\"/etc/audit/rules.d/30-escape.rules: No such file or directory\","
		    "\"/etc/audit/rules.d/40-long.rules:1: longer than 6143 bytes\"]");
	assert_string_equal(json_string_value(json_object_get(d, "error")),
			    "/etc/audit/rules.d/20-dir.rules: Is a directory");
	da_test_assert_json(json_object_get(d, "files"),
		    "[\"/etc/audit/rules.d/10-nul.rules\", \"/etc/audit/rules.d/40-long.rules\"]");
	assert_int_equal(json_array_size(w), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 0), "path")),
			    "/usr/bin/dockerd");
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 1), "path")),
			    "/usr/bin/runc");
	da_test_assert_json(json_object_get(json_array_get(w, 1), "keys"), "[\"docker\"]");
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 2), "path")),
			    "/usr/bin/\\xff\\xfe");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(w, 2), "line")), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 3), "path")),
			    "/usr/bin/after-long");
	json_decref(s);
}

/* ---- da_audit_parse_rules on text ---------------------------------------- */

static json_t *parse(const char *text)
{
	struct da_audit_rules set = { .out = json_object() };

	da_audit_parse_rules(&set, "/r", text, strlen(text));
	return set.out;
}

static void assert_errors(const char *text, const char *want)
{
	json_t *out = parse(text);

	da_test_assert_json(json_object_get(out, "errors"), want);
	assert_int_equal(json_array_size(json_object_get(out, "watches")), 0);
	json_decref(out);
}

#define X16 "xxxxxxxxxxxxxxxx"
#define NAME_256_64 X16 X16 X16 "xxxxxxxxxxxxx"
#define NAME_256 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16 X16

/* Each way auditctl refuses a line, with its message. */
static void test_refused_lines(void **state)
{
	assert_errors("-w", "[\"/r:1: option -w needs a value\"]");
	assert_errors("-w /a -a always,exit",
		      "[\"/r:1: only one rule may be added or deleted per line\"]");
	assert_errors("-a always,exit -w /a", "[\"/r:1: a watch can't be given with a syscall rule\"]");
	assert_errors("-a always,possible", "[\"/r:1: always,possible is not LIST,ACTION\"]");
	assert_errors("-a possible,exit -F path=/a", "[\"/r:1: possible,exit is deprecated\"]");
	assert_errors("-a entry,always -F path=/a", "[\"/r:1: entry,always is deprecated\"]");
	assert_errors("-a exit,always,x", "[\"/r:1: exit,always,x is not LIST,ACTION\"]");
	assert_errors("-a task,always -F path=/a", "[\"/r:1: the path field needs the exit list\"]");
	assert_errors("-a task,always -S open", "[\"/r:1: syscalls can't be audited on the task list\"]");
	assert_errors("-S open", "[\"/r:1: -S needs a list (-a) given before it\"]");
	assert_errors("-a always,exit -S open,,close", "[\"/r:1: an empty syscall name in open,,close\"]");
	assert_errors("-a always,exit -F path!=/a", "[\"/r:1: the path field takes only =\"]");
	assert_errors("-a always,exit -F path=/a -F dir=/b",
		      "[\"/r:1: only one path or dir field per rule\"]");
	assert_errors("-w /a -F dir=/b", "[\"/r:1: only one path or dir field per rule\"]");
	assert_errors("-a always,exit -F =x", "[\"/r:1: the field =x is not NAME=VALUE\"]");
	assert_errors("-a always,exit -F path", "[\"/r:1: the field path is not NAME=VALUE\"]");
	assert_errors("-a always,exit -F path=", "[\"/r:1: the field path has no value\"]");
	assert_errors("-a always,exit -F perm>w", "[\"/r:1: the perm field takes only =\"]");
	assert_errors("-a always,exit -F key!=x", "[\"/r:1: the key field takes only =\"]");
	assert_errors("-w /a -p rwxaa", "[\"/r:1: permissions rwxaa are not some of r, w, x, a\"]");
	assert_errors("-p r", "[\"/r:1: the permission option needs a watch given before it\"]");
	assert_errors("-e 3", "[\"/r:1: enabled must be a number up to 2, was 3\"]");
	assert_errors("-b x", "[\"/r:1: backlog_limit must be a number up to 4294967295, was x\"]");
	assert_errors("-r 99999999999", "[\"/r:1: rate_limit must be a number up to 4294967295, "
				      "was 99999999999\"]");
	assert_errors("--nope", "[\"/r:1: unknown option --nope\"]");
	assert_errors("--loginuid-immutable=1", "[\"/r:1: option --loginuid-immutable=1 takes "
						"no value\"]");
	assert_errors("-R /etc/other.rules", "[\"/r:1: this option can't be used in a rules file\"]");
	assert_errors("-", "[\"/r:1: -: a parameter without an option\"]");
	assert_errors("-w /a/" NAME_256, "[\"/r:1: the path /a/" NAME_256_64 "... is too long\"]");
}

/* Keys: -k after a rule, -F key=, several joined; too long in total. */
static void test_keys(void **state)
{
	char *text = da_xasprintf("-w /a -k %0250d -k 123456", 0);
	json_t *out = parse("-w /a -k one -F key=two\n-a always,exit -F key=first -F path=/b\n"
			    "-D -k any\n-w /c -kglued -pwa");

	da_test_assert_json(json_object_get(out, "errors"), "[]");
	da_test_assert_json(json_object_get(json_array_get(json_object_get(out, "watches"), 0), "keys"),
		    "[\"one\", \"two\"]");
	da_test_assert_json(json_object_get(json_array_get(json_object_get(out, "watches"), 1), "key"),
		    "\"first\"");
	da_test_assert_json(json_array_get(json_object_get(out, "watches"), 2),
		    "{\"path\": \"/c\", \"perms\": \"wa\", \"key\": \"glued\", \"keys\": "
		    "[\"glued\"], \"kind\": \"watch\", \"list\": \"exit\", \"action\": \"always\", "
		    "\"syscalls\": [\"all\"], \"file\": \"/r\", \"line\": 4}");
	da_test_assert_json(json_object_get(out, "control"), "{\"delete_all\": true}");
	json_decref(out);
	assert_errors(text, "[\"/r:1: the keys exceed 256 bytes\"]");
	free(text);
	assert_errors("-w /a -k a\001b", "[\"/r:1: the key a\\u0001b has an illegal character\"]");
}

/* Shapes: a syscall rule with only path, perm and key fields and all
 * syscalls is a watch (the kernel lists it as one); an arch field, a
 * syscall list or the never action make it a syscall rule. Paths lose
 * repeated and trailing slashes; "\ " and "\\" are unescaped. */
static void test_shapes_and_paths(void **state)
{
	json_t *out = parse("-a always,exit -S all -F path=/usr//bin/dockerd -F perm=X\n"
			    "-a always,exit -F arch=b64 -F path=/usr/bin/dockerd -F perm=x\n"
			    "-A exit,always -S execve,1 -F dir=/var/lib/docker/\n"
			    "-w / -p r\n"
			    "-w /odd\\ name\\\\x -p r\n"
			    "  -w    /spaced   -p   r  \n"
			    "--backlog_wait_time=5 -i -c --loginuid-immutable -l -s -v -t -m hi -q /a,/b\n");
	const json_t *w = json_object_get(out, "watches");

	da_test_assert_json(json_object_get(out, "errors"), "[]");
	assert_int_equal(json_array_size(w), 6);
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 0), "kind")), "watch");
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 0), "path")),
			    "/usr/bin/dockerd");
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 0), "perms")), "x");
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 1), "kind")),
			    "syscall");
	da_test_assert_json(json_array_get(w, 2),
		    "{\"path\": \"/var/lib/docker\", \"perms\": null, \"key\": null, \"keys\": [], "
		    "\"kind\": \"syscall\", \"list\": \"exit\", \"action\": \"always\", "
		    "\"syscalls\": [\"execve\", \"1\"], \"file\": \"/r\", \"line\": 3}");
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 3), "path")), "/");
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 4), "path")),
			    "/odd name\\x");
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 5), "path")),
			    "/spaced");
	da_test_assert_json(json_object_get(out, "control"),
		    "{\"backlog_wait_time\": 5, \"ignore_errors\": true, \"continue_on_error\": true, "
		    "\"loginuid_immutable\": true}");
	json_decref(out);
}

/* -W and -d delete an earlier rule only when it is the same rule. */
static void test_delete_lines(void **state)
{
	json_t *out = parse("-w /a -p x -k k\n-w /b -p x\n-W /a -p x -k k\n"
			    "-a always,exit -F path=/c -F perm=x\n-d exit,always -F path=/c -F perm=x\n"
			    "-W /b -p w\n");
	const json_t *w = json_object_get(out, "watches");

	da_test_assert_json(json_object_get(out, "errors"), "[]");
	assert_int_equal(json_array_size(w), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 0), "path")), "/b");
	json_decref(out);
}

/* A hostile set: more watches than kept (the set's error says so), more
 * -W lines than honoured (each refused one is an error); both bounded, so
 * neither costs quadratic time. */
static void test_caps(void **state)
{
	struct da_audit_rules set = { .out = json_object() };
	struct da_buf b;
	json_t *errors;
	unsigned i;

	da_buf_init(&b, 0);
	for (i = 0; i <= DA_AUDIT_WATCHES_MAX; i++)
		da_buf_printf(&b, "-w /w%u\n", i);
	da_audit_parse_rules(&set, "/big", b.data, b.len);
	assert_int_equal(json_array_size(json_object_get(set.out, "watches")), DA_AUDIT_WATCHES_MAX);
	assert_string_equal(json_string_value(json_object_get(set.out, "error")),
			    "more than 16384 watches; the rest are not recorded");
	b.len = 0;
	for (i = 0; i < DA_AUDIT_DELETES_MAX + 2; i++)
		da_buf_printf(&b, "-W /w%u\n", i);
	da_audit_parse_rules(&set, "/del", b.data, b.len);
	assert_int_equal(json_array_size(json_object_get(set.out, "watches")),
			 DA_AUDIT_WATCHES_MAX - DA_AUDIT_DELETES_MAX);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
				    json_object_get(set.out, "watches"), 0), "path")),
			    "/w64");
	errors = json_object_get(set.out, "errors");
	assert_int_equal(json_array_size(errors), 2);
	assert_string_equal(json_string_value(json_array_get(errors, 0)),
			    "/del:65: more than 64 -W and -d lines; this one is ignored");
	da_buf_free(&b);
	json_decref(set.out);
}

/* ---- rules from the kernel ------------------------------------------------- */

struct kfield {
	uint32_t field, op, value;
	const char *str; /* for string fields */
	size_t len;
};

/* A struct audit_rule_data as the kernel sends it. *LEN gets its size.
 * MASK_ALL sets every syscall bit but the kernel's class bits. */
static struct audit_rule_data *krule(uint32_t list, uint32_t action, bool mask_all,
				     const int *syscalls, const struct kfield *f, size_t n,
				     size_t *len)
{
	size_t buflen = 0, i, off = 0;
	struct audit_rule_data *r;

	for (i = 0; i < n; i++)
		buflen += f[i].str ? f[i].len : 0;
	*len = sizeof(*r) + buflen;
	r = da_xcalloc(1, *len);
	r->flags = list;
	r->action = action;
	r->field_count = (uint32_t)n;
	for (i = 0; mask_all && i < AUDIT_BITMASK_SIZE; i++)
		r->mask[i] = i == AUDIT_BITMASK_SIZE - 1 ? 0xffff : UINT32_MAX;
	for (i = 0; syscalls && syscalls[i] >= 0; i++)
		r->mask[syscalls[i] / 32] |= 1u << (syscalls[i] % 32);
	for (i = 0; i < n; i++) {
		r->fields[i] = f[i].field;
		r->fieldflags[i] = f[i].op ? f[i].op : AUDIT_EQUAL;
		r->values[i] = f[i].str ? (uint32_t)f[i].len : f[i].value;
		if (f[i].str) {
			memcpy(r->buf + off, f[i].str, f[i].len);
			off += f[i].len;
		}
	}
	r->buflen = (uint32_t)buflen;
	return r;
}

#define STR(s) .str = (s), .len = sizeof(s) - 1

static void test_decode(void **state)
{
	const struct kfield watch[] = {
		{ .field = AUDIT_WATCH, STR("/usr/bin/dockerd") },
		{ .field = AUDIT_PERM, .value = AUDIT_PERM_WRITE | AUDIT_PERM_ATTR },
		{ .field = AUDIT_FILTERKEY, STR("docker\001cis") },
	};
	const struct kfield dir[] = {
		{ .field = AUDIT_ARCH, .value = AUDIT_ARCH_X86_64 },
		{ .field = AUDIT_OBJ_USER, STR("system_u") }, /* a string before the path */
		{ .field = AUDIT_DIR, STR("/etc/docker/") },
	};
	const int syscalls[] = { 59, 165, 2000, -1 }; /* execve, mount, none */
	struct da_err err = { "" };
	json_t *out = json_object();
	struct audit_rule_data *r;
	size_t len;

	r = krule(AUDIT_FILTER_EXIT, AUDIT_ALWAYS, true, NULL, watch, 3, &len);
	assert_int_equal(da_audit_decode_rule(r, len, 1, out, &err), 0);
	free(r);
	r = krule(AUDIT_FILTER_EXIT | AUDIT_FILTER_PREPEND, AUDIT_ALWAYS, false, syscalls, dir, 3,
		  &len);
	assert_int_equal(da_audit_decode_rule(r, len, 2, out, &err), 0);
	free(r);
	da_test_assert_json(json_object_get(out, "watches"),
		    "[{\"path\": \"/usr/bin/dockerd\", \"perms\": \"wa\", \"key\": \"docker\", "
		    "\"keys\": [\"docker\", \"cis\"], \"kind\": \"watch\", \"list\": \"exit\", "
		    "\"action\": \"always\", \"syscalls\": [\"all\"], \"rule\": 1},"
		    "{\"path\": \"/etc/docker\", \"perms\": null, \"key\": null, \"keys\": [], "
		    "\"kind\": \"syscall\", \"list\": \"exit\", \"action\": \"always\", "
		    "\"syscalls\": [\"execve\", \"mount\", \"2000\"], \"rule\": 2}]");
	json_decref(out);
}

/* A watch on the never action, a path compared with !=, a rule without
 * paths: no watch entries, or not watch-shaped ones. */
static void test_decode_not_watches(void **state)
{
	const struct kfield never[] = { { .field = AUDIT_WATCH, STR("/etc/shadow") } };
	const struct kfield noteq[] = {
		{ .field = AUDIT_WATCH, .op = AUDIT_NOT_EQUAL, STR("/etc/shadow") },
	};
	const struct kfield uid[] = { { .field = AUDIT_UID, .value = 0 } };
	struct da_err err = { "" };
	json_t *out = json_object();
	struct audit_rule_data *r;
	size_t len;

	r = krule(AUDIT_FILTER_EXIT, AUDIT_NEVER, true, NULL, never, 1, &len);
	assert_int_equal(da_audit_decode_rule(r, len, 1, out, &err), 0);
	free(r);
	r = krule(AUDIT_FILTER_EXIT, AUDIT_ALWAYS, true, NULL, noteq, 1, &len);
	assert_int_equal(da_audit_decode_rule(r, len, 2, out, &err), 0);
	free(r);
	r = krule(AUDIT_FILTER_USER, AUDIT_ALWAYS, false, NULL, uid, 1, &len);
	assert_int_equal(da_audit_decode_rule(r, len, 3, out, &err), 0);
	free(r);
	da_test_assert_json(json_object_get(out, "watches"),
		    "[{\"path\": \"/etc/shadow\", \"perms\": null, \"key\": null, \"keys\": [], "
		    "\"kind\": \"syscall\", \"list\": \"exit\", \"action\": \"never\", "
		    "\"syscalls\": [\"all\"], \"rule\": 1}]");
	json_decref(out);
}

/* Malformed records: each refused with what is wrong, nothing added. */
static void test_decode_malformed(void **state)
{
	const struct kfield one[] = { { .field = AUDIT_WATCH, STR("/usr/bin/dockerd") } };
	struct da_err err = { "" };
	json_t *out = json_object();
	struct audit_rule_data *r;
	size_t len;

	r = krule(AUDIT_FILTER_EXIT, AUDIT_ALWAYS, true, NULL, one, 1, &len);
	assert_int_equal(da_audit_decode_rule(r, sizeof(*r) - 1, 7, out, &err), -1);
	assert_string_equal(err.msg, "rule 7: malformed (1039 bytes)");
	r->buflen = 17;
	assert_int_equal(da_audit_decode_rule(r, len, 7, out, &err), -1);
	assert_string_equal(err.msg, "rule 7: malformed (1056 bytes)");
	r->buflen = 16;
	r->values[0] = 17;
	assert_int_equal(da_audit_decode_rule(r, len, 7, out, &err), -1);
	assert_string_equal(err.msg, "rule 7: field 0: string of 17 bytes past the buffer");
	r->values[0] = 16;
	r->field_count = AUDIT_MAX_FIELDS + 1;
	assert_int_equal(da_audit_decode_rule(r, len, 7, out, &err), -1);
	assert_string_equal(err.msg, "rule 7: malformed (1056 bytes)");
	r->field_count = 1;
	r->flags = 9;
	assert_int_equal(da_audit_decode_rule(r, len, 7, out, &err), -1);
	assert_string_equal(err.msg, "rule 7: unknown list 9 or action 2");
	r->flags = AUDIT_FILTER_EXIT;
	assert_null(json_object_get(out, "watches"));
	assert_int_equal(da_audit_decode_rule(r, len, 7, out, &err), 0);
	assert_int_equal(json_array_size(json_object_get(out, "watches")), 1);
	free(r);
	json_decref(out);
}

/* ---- netlink datagrams -------------------------------------------------------- */

struct dgram {
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	size_t len;
};

static void put(struct dgram *d, uint16_t type, uint32_t seq, const void *data, size_t n)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(d->buf + d->len);

	assert_true(d->len + NLMSG_SPACE(n) <= sizeof(d->buf));
	memset(h, 0, NLMSG_SPACE(n));
	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(n);
	h->nlmsg_type = type;
	h->nlmsg_seq = seq;
	memcpy(NLMSG_DATA(h), data, n);
	d->len += NLMSG_SPACE(n);
}

static void put_error(struct dgram *d, uint32_t seq, int error)
{
	struct nlmsgerr e = { .error = error };

	put(d, NLMSG_ERROR, seq, &e, sizeof(e));
}

/* An ack, two rules (one of them malformed: an entry in errors), a
 * message for another request (skipped), then DONE. */
static void test_feed_rules(void **state)
{
	const struct kfield f[] = { { .field = AUDIT_WATCH, STR("/usr/bin/runc") } };
	struct da_audit_reply r = { .seq = 2, .type = AUDIT_LIST_RULES, .out = json_object() };
	struct da_err err = { "" };
	struct audit_rule_data *rule;
	struct dgram d = { .len = 0 };
	size_t len;

	rule = krule(AUDIT_FILTER_EXIT, AUDIT_ALWAYS, true, NULL, f, 1, &len);
	put_error(&d, 2, 0);
	put(&d, AUDIT_LIST_RULES, 2, rule, len);
	put(&d, AUDIT_LIST_RULES, 2, rule, 20);
	put(&d, AUDIT_LIST_RULES, 1, rule, len);
	assert_int_equal(da_audit_reply_feed(&r, d.buf, d.len, &err), 0);
	assert_false(r.done);
	d.len = 0;
	put(&d, NLMSG_DONE, 2, "", 0);
	put(&d, AUDIT_LIST_RULES, 2, rule, len); /* after DONE: not read */
	assert_int_equal(da_audit_reply_feed(&r, d.buf, d.len, &err), 0);
	assert_true(r.done);
	assert_int_equal(r.count, 2);
	da_test_assert_json(json_object_get(r.out, "errors"), "[\"rule 2: malformed (20 bytes)\"]");
	assert_int_equal(json_array_size(json_object_get(r.out, "watches")), 1);
	free(rule);
	json_decref(r.out);
}

static void test_feed_errors(void **state)
{
	struct da_audit_reply r = { .seq = 5, .type = AUDIT_LIST_RULES, .out = json_object() };
	struct da_err err = { "" };
	struct dgram d = { .len = 0 };
	struct nlmsghdr *h;

	put_error(&d, 5, -EPERM);
	assert_int_equal(da_audit_reply_feed(&r, d.buf, d.len, &err), -1);
	assert_string_equal(err.msg, "Operation not permitted");
	d.len = 0;
	put(&d, NLMSG_ERROR, 5, "ab", 2);
	assert_int_equal(da_audit_reply_feed(&r, d.buf, d.len, &err), -1);
	assert_string_equal(err.msg, "a truncated netlink error message");
	d.len = 0;
	put(&d, NLMSG_DONE, 5, "", 0);
	h = (struct nlmsghdr *)d.buf;
	h->nlmsg_len = 4000; /* longer than the datagram */
	assert_int_equal(da_audit_reply_feed(&r, d.buf, d.len, &err), -1);
	assert_string_equal(err.msg, "a truncated netlink message (16 bytes left)");
	assert_false(r.done);
	json_decref(r.out);
}

static void test_feed_status(void **state)
{
	struct audit_status st = { .enabled = 1, .failure = 2, .pid = 812, .rate_limit = 5,
				   .backlog_limit = 8192, .lost = 3 };
	struct da_audit_reply r = { .seq = 1, .type = AUDIT_GET, .out = json_object() };
	struct da_err err = { "" };
	struct dgram d = { .len = 0 };

	put(&d, AUDIT_GET, 1, &st, 8 * sizeof(uint32_t)); /* an old kernel's shorter struct */
	assert_int_equal(da_audit_reply_feed(&r, d.buf, d.len, &err), 0);
	assert_true(r.done);
	da_test_assert_json(r.out, "{\"enabled\": 1, \"failure\": 2, \"pid\": 812, \"rate_limit\": 5, "
			   "\"backlog_limit\": 8192, \"lost\": 3}");
	r.done = 0;
	d.len = 0;
	put(&d, AUDIT_GET, 1, &st, 12);
	assert_int_equal(da_audit_reply_feed(&r, d.buf, d.len, &err), -1);
	assert_string_equal(err.msg, "a truncated audit status (12 bytes)");
	json_decref(r.out);
}

/* ---- the live kernel ------------------------------------------------------------ */

/* Send TYPE with DATA to the kernel and wait for its ack. 0 or -errno. */
static int kernel_request(uint16_t type, const void *data, size_t n)
{
	struct dgram d = { .len = 0 };
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 2 };
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT), rc = -EIO;
	ssize_t got;

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	put(&d, type, 77, data, n);
	((struct nlmsghdr *)d.buf)->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (sendto(fd, d.buf, d.len, 0, (struct sockaddr *)&k, sizeof(k)) < 0) {
		rc = -errno;
	} else if ((got = recv(fd, buf, sizeof(buf), 0)) > 0 && NLMSG_OK(h, (size_t)got) &&
		   h->nlmsg_type == NLMSG_ERROR) {
		rc = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
	}
	close(fd);
	return rc;
}

/* As root on a kernel that lets us: add a watch on a temp path, read it
 * back through the collector's own request, and delete it again. */
static void test_live_kernel(void **state)
{
	char dir[] = "/tmp/da-audit-XXXXXX", *path, *want;
	struct kfield f[3] = {
		{ .field = AUDIT_WATCH },
		{ .field = AUDIT_PERM, .value = AUDIT_PERM_WRITE | AUDIT_PERM_ATTR },
		{ .field = AUDIT_FILTERKEY, STR("dockaudit-test") },
	};
	struct da_err err = { "" };
	struct audit_rule_data *r;
	json_t *loaded = json_object(), *w;
	size_t len, i;
	int rc;
	bool found = false;

	assert_non_null(mkdtemp(dir));
	path = da_xasprintf("%s/dockerd", dir);
	f[0].str = path;
	f[0].len = strlen(path);
	r = krule(AUDIT_FILTER_EXIT, AUDIT_ALWAYS, true, NULL, f, 3, &len);
	rc = geteuid() == 0 ? kernel_request(AUDIT_ADD_RULE, r, len) : -EPERM;
	if (rc < 0) {
		/* not root, no audit in this kernel, a container, immutable rules */
		free(r);
		free(path);
		rmdir(dir);
		json_decref(loaded);
		print_message("live audit test skipped: %s\n", strerror(-rc));
		skip();
	}
	rc = da_audit_list_loaded(loaded, &err);
	assert_int_equal(kernel_request(AUDIT_DEL_RULE, r, len), 0);
	assert_int_equal(rc, 0);
	want = da_xasprintf("{\"path\": \"%s\", \"perms\": \"wa\", \"key\": \"dockaudit-test\", "
			    "\"keys\": [\"dockaudit-test\"], \"kind\": \"watch\", \"list\": "
			    "\"exit\", \"action\": \"always\", \"syscalls\": [\"all\"]}",
			    path);
	json_array_foreach(json_object_get(loaded, "watches"), i, w) {
		if (strcmp(json_string_value(json_object_get(w, "path")), path))
			continue;
		json_object_del(w, "rule");
		da_test_assert_json(w, want);
		found = true;
	}
	assert_true(found);
	assert_non_null(json_object_get(json_object_get(loaded, "status"), "enabled"));
	free(want);
	free(r);
	free(path);
	rmdir(dir);
	json_decref(loaded);
}

/* The collector on "/": the kernel's answer or why there is none. */
static void test_live_collector(void **state)
{
	json_t *s = collect_dir("/");
	const json_t *loaded = json_object_get(s, "loaded");
	const char *e = json_string_value(json_object_get(loaded, "error"));

	if (e) {
		assert_true(!strncmp(e, "netlink ", 8));
		assert_null(json_object_get(loaded, "watches"));
	} else {
		assert_true(json_is_array(json_object_get(loaded, "watches")));
		assert_true(json_is_array(json_object_get(loaded, "errors")));
	}
	json_decref(s);
}

/* ---- the files the daemon runs -------------------------------------------- */

/* The audit collector on DIR with the daemon section DAEMON (JSON text). */
static json_t *collect_with_daemon(const char *dir, const char *daemon)
{
	return da_test_collect_dir_daemon(&da_collector_audit, dir, daemon);
}

static void link_at(const char *dir, const char *rel, const char *target)
{
	char *p = da_xasprintf("%s/%s", dir, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

/* A Debian-like tree: dockerd in /usr/sbin, /sbin a link to usr/sbin,
 * /usr/bin/runc a link to ../sbin/runc, /var/run a link to ../run, no
 * containerd-shim (v1). Each target is found where the daemon's facts say,
 * and only the watches that reach the file itself count. */
static void test_targets(void **state)
{
	char dir[] = "/tmp/da-audit-targets-XXXXXX";
	static const char *const files[] = {
		"usr/sbin/dockerd", "usr/sbin/runc", "usr/bin/containerd",
		"usr/bin/containerd-shim-runc-v1", "usr/bin/containerd-shim-runc-v2",
		"srv/daemon.json", "etc/docker/daemon.json",
		"run/docker/containerd/containerd.sock", NULL,
	};
	json_t *s, *t, *v;
	const char *k;
	char *parent;
	void *tmp;
	size_t i;

	assert_non_null(mkdtemp(dir));
	for (i = 0; files[i]; i++) {
		parent = da_xstrndup(files[i], (size_t)(strrchr(files[i], '/') - files[i]));
		da_test_mkdirs(dir, parent);
		da_test_puts_file(dir, files[i], "x");
		free(parent);
	}
	da_test_mkdirs(dir, "etc/audit/rules.d");
	link_at(dir, "sbin", "usr/sbin");
	link_at(dir, "usr/bin/runc", "../sbin/runc");
	da_test_mkdirs(dir, "var");
	link_at(dir, "var/run", "../run");
	da_test_puts_file(dir, "etc/audit/rules.d/docker.rules",
			  "-w /usr/bin/dockerd -p wa -k docker\n"
			  "-w /usr/bin/runc -p wa -k docker\n"
			  "-w /sbin/runc -p wa -k docker\n"
			  "-w /usr/bin//containerd/ -p wa -k docker\n"
			  "-w /etc/docker/daemon.json -p wa -k docker\n"
			  "-w /srv/daemon.json -p r -k docker\n"
			  "-w /run/docker/containerd/containerd.sock -p wa -k docker\n"
			  "-a never,exit -F path=/usr/bin/containerd-shim-runc-v2 -F perm=wa\n");
	s = collect_with_daemon(
		dir, "{\"process\": {\"pid\": 4242, \"exe\": \"/usr/sbin/dockerd (deleted)\"}, "
		     "\"config_file\": {\"path\": \"/srv/daemon.json\", \"source\": \"flag\"}, "
		     "\"containerd\": {\"address\": \"/var/run/docker/containerd/containerd.sock\", "
		     "\"source\": \"managed\", \"pid\": 4300, \"exe\": \"/usr/bin/containerd\"}, "
		     "\"info\": {\"DefaultRuntime\": \"runc\", \"Runtimes\": {\"runc\": {\"path\": "
		     "\"runc\"}}}}");
	t = json_object_get(s, "targets");
	/* a fixture root is not this host: the kernel's rules are not read */
	da_test_assert_json(json_object_get(json_object_get(t, "dockerd"), "loaded"),
			    "{\"error\": \"not read: the root prefix is not this host\"}");
	json_object_foreach_safe(t, tmp, k, v)
		json_object_del(v, "loaded");
	da_test_assert_json(
		t,
		"{\"dockerd\": {\"path\": \"/usr/sbin/dockerd\", \"source\": \"proc-exe\", "
		"\"exists\": true, \"real_path\": \"/usr/sbin/dockerd\", \"on_disk\": "
		"{\"watched\": false, \"watches\": []}},"
		"\"daemon-config\": {\"path\": \"/srv/daemon.json\", \"source\": \"config\", "
		"\"exists\": true, \"real_path\": \"/srv/daemon.json\", \"on_disk\": "
		"{\"watched\": false, \"watches\": []}},"
		"\"containerd\": {\"path\": \"/usr/bin/containerd\", \"source\": \"proc-exe\", "
		"\"exists\": true, \"real_path\": \"/usr/bin/containerd\", \"on_disk\": "
		"{\"watched\": true, \"watches\": [\"/usr/bin/containerd\"]}},"
		"\"containerd-sock\": {\"path\": \"/var/run/docker/containerd/containerd.sock\", "
		"\"source\": \"managed\", \"exists\": true, \"real_path\": "
		"\"/run/docker/containerd/containerd.sock\", \"on_disk\": {\"watched\": true, "
		"\"watches\": [\"/run/docker/containerd/containerd.sock\"]}},"
		"\"containerd-shim\": {\"path\": \"/usr/bin/containerd-shim\", \"source\": "
		"\"beside-containerd\", \"exists\": false, \"real_path\": null, \"on_disk\": "
		"{\"watched\": false, \"watches\": []}},"
		"\"containerd-shim-runc-v1\": {\"path\": \"/usr/bin/containerd-shim-runc-v1\", "
		"\"source\": \"path\", \"exists\": true, \"real_path\": "
		"\"/usr/bin/containerd-shim-runc-v1\", \"on_disk\": {\"watched\": false, "
		"\"watches\": []}},"
		"\"containerd-shim-runc-v2\": {\"path\": \"/usr/bin/containerd-shim-runc-v2\", "
		"\"source\": \"path\", \"exists\": true, \"real_path\": "
		"\"/usr/bin/containerd-shim-runc-v2\", \"on_disk\": {\"watched\": false, "
		"\"watches\": []}},"
		"\"runc\": {\"path\": \"/usr/sbin/runc\", \"source\": \"info-runtimes\", "
		"\"exists\": true, \"real_path\": \"/usr/sbin/runc\", \"on_disk\": {\"watched\": "
		"true, \"watches\": [\"/sbin/runc\"]}}}");
	json_decref(s);
	/* nothing known of the daemon: the usual places, whichever exists */
	s = collect_with_daemon(dir, "{\"process\": {\"error\": \"gone\"}}");
	t = json_object_get(s, "targets");
	assert_string_equal(json_string_value(json_object_get(json_object_get(t, "dockerd"),
							      "path")),
			    "/usr/sbin/dockerd");
	assert_string_equal(json_string_value(json_object_get(json_object_get(t, "dockerd"),
							      "source")),
			    "default");
	assert_string_equal(json_string_value(json_object_get(json_object_get(t, "containerd-sock"),
							      "path")),
			    "/run/containerd/containerd.sock");
	assert_false(json_is_true(json_object_get(json_object_get(t, "containerd-sock"), "exists")));
	json_decref(s);
	da_test_remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_tree),
		cmocka_unit_test(test_no_rules),
		cmocka_unit_test(test_hostile_tree),
		cmocka_unit_test(test_refused_lines),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_shapes_and_paths),
		cmocka_unit_test(test_delete_lines),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_not_watches),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_feed_rules),
		cmocka_unit_test(test_feed_errors),
		cmocka_unit_test(test_feed_status),
		cmocka_unit_test(test_live_kernel),
		cmocka_unit_test(test_live_collector),
		cmocka_unit_test(test_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
