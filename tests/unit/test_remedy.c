/*
 * Unit tests for the remediation directives (src/content/remedy.c) and the
 * helpers the fix writers share (src/remedy/plan.c): every kind of
 * directive with its fields, every malformed one refused with its exact
 * message, memory sizes, and which names may be handed to a tool.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "content/remedy.h"
#include "remedy/fix.h"

#define VMEM "xccdf_org.dockaudit_value_container_fix_memory"

/* TEXT parses; the result is left in *R for the caller to check and clear. */
static void parse_ok(const char *text, struct da_remedy *r)
{
	char err[256] = "";

	if (da_remedy_parse(text, r, err, sizeof(err)) != 0)
		fail_msg("'%s' was refused: %s", text, err);
}

struct bad {
	const char *text;
	const char *msg;
};

static const struct bad bad[] = {
	/* Not one directive. */
	{ "", "empty dockaudit fix" },
	{ " \t \n", "empty dockaudit fix" },
	{ "file-mode 0644\nfile-owner root:root", "a dockaudit fix is one directive on one line" },
	{ "recreate without --privileged\nor with it", "a dockaudit fix is one directive on one line" },
	{ "chmod 0644", "unknown directive 'chmod' (daemon-json, file-owner, file-mode, audit-watch, "
		       "docker-update, recreate)" },
	{ "File-mode 0644", "unknown directive 'File-mode' (daemon-json, file-owner, file-mode, audit-watch, "
			    "docker-update, recreate)" },
	/* Word counts. */
	{ "daemon-json icc false", "daemon-json takes KEY JSON reload|restart [--FLAG]" },
	{ "daemon-json icc", "daemon-json takes KEY JSON reload|restart [--FLAG]" },
	{ "daemon-json icc false restart --icc x", "daemon-json: too many words" },
	{ "file-owner", "file-owner takes USER:GROUP" },
	{ "file-owner root:root root", "file-owner takes USER:GROUP" },
	{ "file-mode", "file-mode takes MODE" },
	{ "file-mode 0644 0600", "file-mode takes MODE" },
	{ "audit-watch wa", "audit-watch takes PERMS KEY" },
	{ "audit-watch wa docker extra", "audit-watch takes PERMS KEY" },
	{ "docker-update --memory", "docker-update takes OPTION VALUE-ID" },
	{ "docker-update --memory " VMEM " 512m", "docker-update takes OPTION VALUE-ID" },
	{ "recreate", "recreate takes the change in words" },
	{ "recreate \t ", "recreate takes the change in words" },
	/* daemon-json */
	{ "daemon-json icc fals restart", "daemon-json icc: 'fals' is not a JSON value (invalid token near 'fals')" },
	{ "daemon-json icc true} restart",
	  "daemon-json icc: 'true}' is not a JSON value (end of file expected near '}')" },
	{ "daemon-json icc {\"a\":} restart",
	  "daemon-json icc: '{\"a\":}' is not a JSON value (unexpected token near '}')" },
	{ "daemon-json labels [\"{{lookup('pipe','id')}}\"] reload",
	  "daemon-json labels: '[\"{{lookup('pipe','id')}}\"]' holds a quote, a backslash or a template delimiter ({{ }} {% %} {# #}), which a playbook cannot carry as it is" },
	{ "daemon-json labels [\"{%set\"] reload",
	  "daemon-json labels: '[\"{%set\"]' holds a quote, a backslash or a template delimiter ({{ }} {% %} {# #}), which a playbook cannot carry as it is" },
	{ "daemon-json labels [\"it's\"] reload",
	  "daemon-json labels: '[\"it's\"]' holds a quote, a backslash or a template delimiter ({{ }} {% %} {# #}), which a playbook cannot carry as it is" },
	{ "daemon-json labels [\"a\\\\b\"] reload",
	  "daemon-json labels: '[\"a\\\\b\"]' holds a quote, a backslash or a template delimiter ({{ }} {% %} {# #}), which a playbook cannot carry as it is" },
	{ "daemon-json Icc false restart", "daemon-json: 'Icc' is not a daemon setting name" },
	{ "daemon-json -icc false restart", "daemon-json: '-icc' is not a daemon setting name" },
	{ "daemon-json log_level \"info\" restart", "daemon-json: 'log_level' is not a daemon setting name" },
	{ "daemon-json icc false reboot", "daemon-json icc: 'reboot' is neither reload nor restart" },
	{ "daemon-json icc false Reload", "daemon-json icc: 'Reload' is neither reload nor restart" },
	{ "daemon-json icc false restart icc", "daemon-json icc: 'icc' is not a long dockerd flag" },
	{ "daemon-json icc false restart -icc", "daemon-json icc: '-icc' is not a long dockerd flag" },
	{ "daemon-json icc false restart --", "daemon-json icc: '--' is not a long dockerd flag" },
	{ "daemon-json icc false restart --Icc", "daemon-json icc: '--Icc' is not a long dockerd flag" },
	{ "daemon-json icc false restart ---icc", "daemon-json icc: '---icc' is not a long dockerd flag" },
	/* file-owner */
	{ "file-owner root", "file-owner takes USER:GROUP" },
	{ "file-owner root:do$ker", "file-owner: 'root:do$ker' is not USER:GROUP" },
	{ "file-owner r(o)ot:docker", "file-owner: 'r(o)ot:docker' is not USER:GROUP" },
	{ "file-owner :docker", "file-owner: ':docker' is not USER:GROUP" },
	{ "file-owner root:", "file-owner: 'root:' is not USER:GROUP" },
	{ "file-owner root:docker:x", "file-owner: 'root:docker:x' is not USER:GROUP" },
	{ "file-owner -root:docker", "file-owner: '-root:docker' is not USER:GROUP" },
	{ "file-owner root:abcdefghijklmnopqrstuvwxyz0123456",
	  "file-owner: 'root:abcdefghijklmnopqrstuvwxyz0123456' is not USER:GROUP" },
	/* file-mode */
	{ "file-mode 0999", "file-mode: '0999' is not an octal mode such as 0644" },
	{ "file-mode 12", "file-mode: '12' is not an octal mode such as 0644" },
	{ "file-mode 07777", "file-mode: '07777' is not an octal mode such as 0644" },
	{ "file-mode 10000", "file-mode: '10000' is not an octal mode such as 0644" },
	{ "file-mode -644", "file-mode: '-644' is not an octal mode such as 0644" },
	{ "file-mode 0x1a4", "file-mode: '0x1a4' is not an octal mode such as 0644" },
	{ "file-mode u=rw", "file-mode: 'u=rw' is not an octal mode such as 0644" },
	/* audit-watch */
	{ "audit-watch wq docker", "audit-watch: 'wq' is not audit permissions (r, w, x, a)" },
	{ "audit-watch WA docker", "audit-watch: 'WA' is not audit permissions (r, w, x, a)" },
	{ "audit-watch rwxar docker", "audit-watch: 'rwxar' is not audit permissions (r, w, x, a)" },
	{ "audit-watch wa do/cker", "audit-watch: 'do/cker' is not an audit key" },
	{ "audit-watch wa abcdefghijklmnopqrstuvwxyz012345",
	  "audit-watch: 'abcdefghijklmnopqrstuvwxyz012345' is not an audit key" },
	/* docker-update */
	{ "docker-update --cpus " VMEM,
	  "docker-update: '--cpus' is not one of --memory, --cpu-shares, --pids-limit, --restart" },
	{ "docker-update memory " VMEM,
	  "docker-update: 'memory' is not one of --memory, --cpu-shares, --pids-limit, --restart" },
	{ "docker-update --memory 512m",
	  "docker-update --memory: '512m' is not a Value id ending in _value_ and a name of a-z, 0-9 and _" },
	{ "docker-update --memory xccdf_org.dockaudit_rule_container_memory_limit",
	  "docker-update --memory: 'xccdf_org.dockaudit_rule_container_memory_limit' is not a Value id "
	  "ending in _value_ and a name of a-z, 0-9 and _" },
	{ "docker-update --memory xccdf_org.x_value_",
	  "docker-update --memory: 'xccdf_org.x_value_' is not a Value id ending in _value_ and a name of "
	  "a-z, 0-9 and _" },
	/* The name becomes a variable of the playbook and of the script. */
	{ "docker-update --memory xccdf_org.x_value_fix-memory",
	  "docker-update --memory: 'xccdf_org.x_value_fix-memory' is not a Value id ending in _value_ and a "
	  "name of a-z, 0-9 and _" },
	{ "docker-update --memory xccdf_org.x_value_fix.memory",
	  "docker-update --memory: 'xccdf_org.x_value_fix.memory' is not a Value id ending in _value_ and a "
	  "name of a-z, 0-9 and _" },
	{ "docker-update --memory xccdf_org.x_value_Memory",
	  "docker-update --memory: 'xccdf_org.x_value_Memory' is not a Value id ending in _value_ and a "
	  "name of a-z, 0-9 and _" },
	{ "docker-update --memory xccdf_org.x_value_2g",
	  "docker-update --memory: 'xccdf_org.x_value_2g' is not a Value id ending in _value_ and a name of "
	  "a-z, 0-9 and _" },
};

static void test_refused(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct da_remedy r;
		char err[256] = "(unchanged)";

		if (da_remedy_parse(bad[i].text, &r, err, sizeof(err)) != -1)
			fail_msg("'%s' was accepted", bad[i].text);
		if (strcmp(err, bad[i].msg) != 0)
			fail_msg("'%s':\n  got  %s\n  want %s", bad[i].text, err, bad[i].msg);
		/* Nothing is left behind for the caller to free. */
		assert_null(r.a);
		assert_null(r.b);
		assert_null(r.flag);
	}
}

static void test_refused_null_and_short_buffer(void **state)
{
	struct da_remedy r;
	char err[12];

	(void)state;
	assert_int_equal(da_remedy_parse(NULL, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "empty docka");
	/* A message longer than the buffer is cut, never overrun. */
	memset(err, 'x', sizeof(err));
	assert_int_equal(da_remedy_parse("file-mode 0999", &r, err, 8), -1);
	assert_string_equal(err, "file-mo");
	assert_int_equal(err[8], 'x');
}

static void test_daemon_json(void **state)
{
	static const struct {
		const char *text, *key, *json, *flag;
		bool reload;
	} ok[] = {
		{ "daemon-json icc false restart", "icc", "false", "--icc", false },
		{ "daemon-json live-restore true reload", "live-restore", "true", "--live-restore", true },
		{ "daemon-json log-level \"info\" restart", "log-level", "\"info\"", "--log-level", false },
		{ "daemon-json insecure-registries [] reload --insecure-registry", "insecure-registries", "[]",
		  "--insecure-registry", true },
		{ "daemon-json default-ulimits {\"a\":1} restart", "default-ulimits", "{\"a\":1}",
		  "--default-ulimits", false },
		{ "daemon-json max-concurrent-downloads 3 reload", "max-concurrent-downloads", "3",
		  "--max-concurrent-downloads", true },
		/* Blanks around and between the words, a line end after them. */
		{ " \tdaemon-json  icc\tfalse   restart  --icc2 \r\n", "icc", "false", "--icc2", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct da_remedy r;

		parse_ok(ok[i].text, &r);
		assert_int_equal(r.kind, DA_REM_DAEMON_JSON);
		assert_string_equal(r.a, ok[i].key);
		assert_string_equal(r.b, ok[i].json);
		assert_string_equal(r.flag, ok[i].flag);
		assert_int_equal(r.reload, ok[i].reload);
		assert_int_equal(r.mode, 0);
		da_remedy_clear(&r);
		assert_null(r.a);
	}
}

static void test_file_owner(void **state)
{
	struct da_remedy r;

	(void)state;
	parse_ok("file-owner root:docker", &r);
	assert_int_equal(r.kind, DA_REM_FILE_OWNER);
	assert_string_equal(r.a, "root");
	assert_string_equal(r.b, "docker");
	assert_null(r.flag);
	da_remedy_clear(&r);
	parse_ok("file-owner svc.user_1:Grp-2", &r);
	assert_string_equal(r.a, "svc.user_1");
	assert_string_equal(r.b, "Grp-2");
	da_remedy_clear(&r);
	/* 32 characters is the longest name. */
	parse_ok("file-owner root:abcdefghijklmnopqrstuvwxyz012345", &r);
	assert_string_equal(r.b, "abcdefghijklmnopqrstuvwxyz012345");
	da_remedy_clear(&r);
}

static void test_file_mode(void **state)
{
	static const struct {
		const char *text;
		unsigned mode;
	} ok[] = {
		{ "file-mode 0644", 0644 }, { "file-mode 644", 0644 },   { "file-mode 0400", 0400 },
		{ "file-mode 0000", 0 },    { "file-mode 7777", 07777 }, { "file-mode 2755", 02755 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct da_remedy r;

		parse_ok(ok[i].text, &r);
		assert_int_equal(r.kind, DA_REM_FILE_MODE);
		assert_int_equal(r.mode, ok[i].mode);
		assert_null(r.a);
		assert_null(r.b);
		da_remedy_clear(&r);
	}
}

static void test_audit_watch(void **state)
{
	struct da_remedy r;

	(void)state;
	parse_ok("audit-watch wa docker", &r);
	assert_int_equal(r.kind, DA_REM_AUDIT_WATCH);
	assert_string_equal(r.a, "wa");
	assert_string_equal(r.b, "docker");
	da_remedy_clear(&r);
	parse_ok("audit-watch rwxa Docker_files-1", &r);
	assert_string_equal(r.a, "rwxa");
	assert_string_equal(r.b, "Docker_files-1");
	da_remedy_clear(&r);
}

static void test_docker_update(void **state)
{
	static const char *const opts[] = { "--memory", "--cpu-shares", "--pids-limit", "--restart" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		struct da_remedy r;
		char text[128];

		snprintf(text, sizeof(text), "docker-update %s %s", opts[i], VMEM);
		parse_ok(text, &r);
		assert_int_equal(r.kind, DA_REM_DOCKER_UPDATE);
		assert_string_equal(r.a, opts[i]);
		assert_string_equal(r.b, VMEM);
		assert_null(r.flag);
		da_remedy_clear(&r);
	}
}

static void test_recreate(void **state)
{
	struct da_remedy r;

	(void)state;
	/* The whole text after the word, inner blanks and punctuation kept,
	 * trailing blanks dropped. */
	parse_ok("recreate without --privileged, adding only  the capabilities (and devices) it needs \t", &r);
	assert_int_equal(r.kind, DA_REM_RECREATE);
	assert_string_equal(r.a, "without --privileged, adding only  the capabilities (and devices) it needs");
	assert_null(r.b);
	da_remedy_clear(&r);
	parse_ok("  recreate\twith --read-only\n", &r);
	assert_string_equal(r.a, "with --read-only");
	da_remedy_clear(&r);
	/* Words that would be a directive elsewhere are only text here. */
	parse_ok("recreate file-mode 0644 daemon-json icc false restart", &r);
	assert_string_equal(r.a, "file-mode 0644 daemon-json icc false restart");
	da_remedy_clear(&r);
	da_remedy_clear(NULL);
}

static void test_bytes(void **state)
{
	static const struct {
		const char *s;
		long long want;
	} cases[] = {
		{ "512m", 512LL << 20 },
		{ "1g", 1LL << 30 },
		{ "100", 100 },
		{ "4k", 4096 },
		{ "64K", 65536 },
		{ "2G", 2LL << 30 },
		{ "7b", 7 },
		{ "0", 0 },
		{ "12x", -1 },
		{ "", -1 },
		{ "m", -1 },
		{ "512mb", -1 },
		{ " 512m", -1 },
		{ "512m ", -1 },
		{ "-1", -1 },
		{ "+5", -1 },
		{ "1.5g", -1 },
		/* Up to 2^62, so that twice it (the swap a fix sets) still fits;
		 * with a unit or without. */
		{ "4611686018427387904", 1LL << 62 },
		{ "4611686018427387905", -1 },
		{ "4194304g", 1LL << 52 },
		{ "9999999999999g", -1 },
		{ "99999999999999999999", -1 },
	};
	size_t i;

	(void)state;
	assert_int_equal(da_fix_bytes(NULL), -1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (da_fix_bytes(cases[i].s) != cases[i].want)
			fail_msg("da_fix_bytes(\"%s\") = %lld, want %lld", cases[i].s,
				 da_fix_bytes(cases[i].s), cases[i].want);
}

static void test_plain(void **state)
{
	static const char *const yes[] = {
		"c-web_1", "/etc/docker/daemon.json", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac",
		/* Quotes, braces and $(...) are the writers' to quote. */
		"it's \"{{ x }}\" $(id) `id`", "\xf0\x9f\x90\xb3",
	};
	static const char *const no[] = {
		"", "a\nb", "a\tb", "a\rb", "\x1b[31mred", "a\x7f", "a\x01",
		"a\xc2\x85z",            /* U+0085, a C1 control */
		"a\xc2\x9bz",            /* U+009B, CSI */
		"\xff", "a\xfe",         /* not UTF-8 */
		"\xc0\xaf",              /* overlong "/" */
		"a\xe2\x82",             /* cut short */
		"\xed\xa0\x80",          /* a surrogate */
		"a\xe2\x80\xaaz",        /* U+202A */
		"file\xe2\x80\xaegnp.sh", /* U+202E, right-to-left override */
		"a\xe2\x81\xa6z",        /* U+2066 */
		"a\xe2\x81\xa9z",        /* U+2069 */
		"a\xe2\x80\xa8z",        /* U+2028, a line break to YAML */
		"a\xe2\x80\xa9z",        /* U+2029, another */
	};
	size_t i;

	(void)state;
	assert_false(da_fix_plain(NULL));
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!da_fix_plain(yes[i]))
			fail_msg("'%s' was refused", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (da_fix_plain(no[i]))
			fail_msg("no[%zu] was accepted", i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_refused_null_and_short_buffer),
		cmocka_unit_test(test_daemon_json),
		cmocka_unit_test(test_file_owner),
		cmocka_unit_test(test_file_mode),
		cmocka_unit_test(test_audit_watch),
		cmocka_unit_test(test_docker_update),
		cmocka_unit_test(test_recreate),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
