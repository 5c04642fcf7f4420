/*
 * Unit tests for src/collect/seccomp.c: a real custom profile (the one the
 * docker CLI inlined into tests/fixtures/api/c3-inspect-custom.json) judged
 * for several capability sets and architectures, the rules of action
 * precedence, Go's key matching, hostile profiles (not JSON, wrong types,
 * oversized, too many rules or names), and the container-level modes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/seccomp.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"
#include "testutil.h"

#define X86_64 SCMP_ARCH_X86_64

/* Docker's default capability set: what a plain container's bounding set is. */
static const char default_caps[] =
	"[\"CAP_CHOWN\", \"CAP_DAC_OVERRIDE\", \"CAP_FOWNER\", \"CAP_FSETID\", \"CAP_KILL\","
	" \"CAP_SETGID\", \"CAP_SETUID\", \"CAP_SETPCAP\", \"CAP_NET_BIND_SERVICE\","
	" \"CAP_NET_RAW\", \"CAP_SYS_CHROOT\", \"CAP_MKNOD\", \"CAP_AUDIT_WRITE\", \"CAP_SETFCAP\"]";

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &e);

	if (!v)
		fail_msg("bad test JSON: %s: %s", e.text, text);
	return v;
}

static void assert_json(const json_t *got, const char *want_text)
{
	json_t *want = parse(want_text);

	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);

		json_decref(want);
		fail_msg("got  %s\nwant %s", g ? g : "NULL", want_text);
	}
	json_decref(want);
}

/* The seccomp= value of the captured container "custom". */
static char *captured_profile(size_t *len)
{
	char *path = da_test_fixture("api/c3-inspect-custom.json");
	json_t *doc = json_load_file(path, 0, NULL);
	const char *opt;
	char *text;

	assert_non_null(doc);
	opt = json_string_value(da_facts_get(doc, "/HostConfig/SecurityOpt/0"));
	assert_non_null(opt);
	assert_memory_equal(opt, "seccomp=", 8);
	text = da_xstrdup(opt + 8);
	*len = strlen(text);
	json_decref(doc);
	free(path);
	return text;
}

static json_t *analyse(const char *text, const char *caps_text, uint32_t arch)
{
	json_t *caps = caps_text ? parse(caps_text) : NULL;
	json_t *out = da_seccomp_profile(text, strlen(text), caps, arch);

	json_decref(caps);
	return out;
}

static void test_captured_profile(void **state)
{
	size_t len;
	char *text = captured_profile(&len);
	json_t *caps = parse(default_caps);
	json_t *out = da_seccomp_profile(text, len, caps, X86_64);

	(void)state;
	assert_json(out, "{\"default_action\": \"SCMP_ACT_ERRNO\", \"allows_by_default\": false,"
			 " \"dangerous_allowed\": [\"clone3\", \"mount\", \"ptrace\"],"
			 " \"dangerous_allowed_with_conditions\": [\"personality\"],"
			 " \"dangerous_beyond_default\": [\"clone3\", \"mount\"],"
			 " \"unknown_syscalls\": [\"definitely_not_a_syscall\", \"fancy_new_call\"],"
			 " \"rules\": 3}");
	json_decref(out);
	json_decref(caps);
	free(text);
}

/* includes.caps: with CAP_SYS_ADMIN the unshare/setns rule applies. */
static void test_captured_profile_sys_admin(void **state)
{
	size_t len;
	char *text = captured_profile(&len);
	json_t *caps = parse("[\"CAP_CHOWN\", \"CAP_SYS_ADMIN\"]");
	json_t *out = da_seccomp_profile(text, len, caps, X86_64);

	(void)state;
	assert_json(json_object_get(out, "dangerous_allowed"),
		    "[\"clone3\", \"mount\", \"ptrace\", \"setns\", \"unshare\"]");
	assert_int_equal(json_integer_value(json_object_get(out, "rules")), 4);
	json_decref(out);
	json_decref(caps);
	free(text);
}

/* includes.arches names the arch as moby does ("s390x"): bpf applies there. */
static void test_captured_profile_s390x(void **state)
{
	size_t len;
	char *text = captured_profile(&len);
	json_t *out = da_seccomp_profile(text, len, NULL, SCMP_ARCH_S390X);

	(void)state;
	assert_json(json_object_get(out, "dangerous_allowed"),
		    "[\"bpf\", \"clone3\", \"mount\", \"ptrace\"]");
	json_decref(out);
	free(text);
}

/* A default-allow profile: everything dangerous on the arch is allowed
 * except what an unconditional rule refuses; a conditional refusal leaves
 * it allowed with conditions. vm86 does not exist on x86_64: never listed. */
static void test_default_allow(void **state)
{
	json_t *out = analyse("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
			      " {\"names\": [\"ptrace\", \"bpf\"], \"action\": \"SCMP_ACT_ERRNO\"},"
			      " {\"name\": \"mount\", \"action\": \"SCMP_ACT_KILL_PROCESS\","
			      "  \"args\": [{\"index\": 2, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
			      default_caps, X86_64);
	json_t *allowed = json_object_get(out, "dangerous_allowed");
	size_t i;
	json_t *v;

	(void)state;
	assert_null(json_object_get(out, "error"));
	assert_json(json_object_get(out, "dangerous_allowed_with_conditions"), "[\"mount\"]");
	json_array_foreach (allowed, i, v) {
		const char *s = json_string_value(v);

		if (!strcmp(s, "ptrace") || !strcmp(s, "bpf") || !strcmp(s, "mount") ||
		    !strcmp(s, "vm86") || !strcmp(s, "vm86old") || !strcmp(s, "stime") ||
		    !strcmp(s, "umount"))
			fail_msg("%s must not be in dangerous_allowed", s);
	}
	/* the others are all there, in the table's order */
	assert_string_equal(json_string_value(json_array_get(allowed, 0)), "_sysctl");
	assert_string_equal(json_string_value(json_array_get(allowed, 1)), "acct");
	assert_string_equal(json_string_value(json_array_get(allowed, 2)), "add_key");
	assert_string_equal(json_string_value(json_array_get(allowed, 3)), "clock_adjtime");
	/* 53 in the table, less stime, umount, vm86, vm86old (not on x86_64),
	 * less the three refused */
	assert_int_equal(json_array_size(allowed), 46);
	json_decref(out);
}

/* Precedence: an unconditional allow wins over a refusal; TRACE and NOTIFY
 * leave the decision to someone else; LOG allows. */
static void test_precedence(void **state)
{
	json_t *out = analyse("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
			      " {\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_KILL\"},"
			      " {\"names\": [\"ptrace\", \"acct\"], \"action\": \"SCMP_ACT_ALLOW\"},"
			      " {\"names\": [\"bpf\"], \"action\": \"SCMP_ACT_TRACE\"},"
			      " {\"names\": [\"keyctl\"], \"action\": \"SCMP_ACT_NOTIFY\"},"
			      " {\"names\": [\"syslog\"], \"action\": \"SCMP_ACT_LOG\"},"
			      " {\"names\": [\"reboot\"], \"action\": \"SCMP_ACT_ALLOW\","
			      "  \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]},"
			      " {\"names\": [\"reboot\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
			      NULL, X86_64);

	(void)state;
	assert_json(json_object_get(out, "dangerous_allowed"), "[\"acct\", \"ptrace\", \"syslog\"]");
	assert_json(json_object_get(out, "dangerous_allowed_with_conditions"),
		    "[\"bpf\", \"keyctl\"]");
	json_decref(out);
}

/* excludes: a rule left out when the container has an excluded cap or
 * runs on an excluded arch. */
static void test_excludes(void **state)
{
	static const char prof[] = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
				   " {\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\","
				   "  \"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},"
				   " {\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_ALLOW\","
				   "  \"excludes\": {\"arches\": [\"amd64\"]}, \"includes\": null}]}";
	json_t *with = analyse(prof, "[\"CAP_SYS_ADMIN\"]", X86_64);
	json_t *without = analyse(prof, "[]", X86_64);
	json_t *arm = analyse(prof, NULL, SCMP_ARCH_AARCH64);

	(void)state;
	assert_json(json_object_get(with, "dangerous_allowed"), "[]");
	assert_json(json_object_get(without, "dangerous_allowed"), "[\"mount\"]");
	assert_json(json_object_get(arm, "dangerous_allowed"), "[\"mount\", \"ptrace\"]");
	json_decref(with);
	json_decref(without);
	json_decref(arm);
}

/* Go's encoding/json matches keys ignoring case: so does the analysis, or
 * "DefaultAction": "SCMP_ACT_ALLOW" would slip by. */
static void test_go_key_case(void **state)
{
	json_t *out = analyse("{\"DEFAULTACTION\": \"SCMP_ACT_ALLOW\", \"Syscalls\": ["
			      " {\"Names\": [\"ptrace\"], \"ACTION\": \"SCMP_ACT_ERRNO\"}]}",
			      NULL, X86_64);

	(void)state;
	assert_string_equal(json_string_value(json_object_get(out, "default_action")),
			    "SCMP_ACT_ALLOW");
	assert_non_null(json_object_get(out, "dangerous_allowed"));
	assert_int_equal(json_integer_value(json_object_get(out, "rules")), 1);
	json_decref(out);
}

/* The exact one-line error for each malformed profile. */
static const struct {
	const char *text;
	const char *error;
} bad[] = {
	{ "{\"defaultAction\": SCMP_ACT_ALLOW}",
	  "seccomp profile: line 1 column 22: invalid token near 'SCMP'" },
	{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\"", "seccomp profile: line 1 column 34: "
						   "'}' expected near end of file" },
	{ "", "seccomp profile: empty" },
	{ "[\"SCMP_ACT_ALLOW\"]", "seccomp profile: not a JSON object" },
	{ "{\"defaultAction\": 7}", "seccomp profile: defaultAction: not a string" },
	{ "{\"defaultAction\": \"SCMP_ACT_MAYBE\"}",
	  "seccomp profile: defaultAction: unknown action \"SCMP_ACT_MAYBE\"" },
	{ "{\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "seccomp profile: defaultAction: missing" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": \"mount\"}",
	  "seccomp profile: syscalls: not an array" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [42]}",
	  "seccomp profile: syscalls[0]: not an object" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"],"
	  " \"action\": \"SCMP_ACT_ALLOW\"}, {\"names\": [\"mount\", 1], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "seccomp profile: syscalls[1].names: not an array of strings" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"name\": [\"mount\"],"
	  " \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "seccomp profile: syscalls[0].name: not a string" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"mount\"]}]}",
	  "seccomp profile: syscalls[0].action: not a string" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"mount\"],"
	  " \"action\": \"ALLOW\"}]}",
	  "seccomp profile: syscalls[0].action: unknown action \"ALLOW\"" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"name\": \"mount\", \"names\":"
	  " [\"ptrace\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	  "seccomp profile: syscalls[0]: both \"name\" and \"names\" (Docker refuses this)" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"mount\"],"
	  " \"action\": \"SCMP_ACT_ALLOW\", \"args\": {\"index\": 0}}]}",
	  "seccomp profile: syscalls[0].args: not an array" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"mount\"],"
	  " \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": \"CAP_SYS_ADMIN\"}}]}",
	  "seccomp profile: syscalls[0].includes.caps: not an array of strings" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"mount\"],"
	  " \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": [\"amd64\"]}]}",
	  "seccomp profile: syscalls[0].excludes: not an object" },
	{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"],"
	  " \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\"}]}",
	  "seccomp profile: both \"architectures\" and \"archMap\" (Docker refuses this)" },
};

static void test_malformed(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *out = analyse(bad[i].text, default_caps, X86_64);
		const char *e = json_string_value(json_object_get(out, "error"));

		if (!e || strcmp(e, bad[i].error) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, e ? e : "(none)",
				 bad[i].error);
		/* an error leaves nothing a rule could mistake for a verdict */
		assert_int_equal(json_object_size(out), 1);
		json_decref(out);
	}
}

/* Over the byte cap: refused before parsing. */
static void test_huge(void **state)
{
	size_t n = DA_SECCOMP_PROFILE_MAX + 1;
	char *text = da_xmalloc(n);
	json_t *out;

	(void)state;
	memset(text, ' ', n);
	out = da_seccomp_profile(text, n, NULL, X86_64);
	assert_string_equal(json_string_value(json_object_get(out, "error")),
			    "seccomp profile: larger than 10485760 bytes");
	json_decref(out);
	free(text);
}

/* A profile of COUNT copies of ITEM in syscalls (or in one names array). */
static char *repeated(const char *head, const char *item, size_t count, const char *tail)
{
	struct da_buf b;
	size_t i;

	da_buf_init(&b, 0);
	da_buf_puts(&b, head);
	for (i = 0; i < count; i++)
		da_buf_printf(&b, "%s%s", i ? "," : "", item);
	da_buf_puts(&b, tail);
	return da_buf_take(&b);
}

static void test_too_many(void **state)
{
	char *rules = repeated("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [", "{}",
			       DA_SECCOMP_RULES_MAX + 1, "]}");
	char *names = repeated("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"action\":"
			       " \"SCMP_ACT_ALLOW\", \"names\": [",
			       "\"read\"", DA_SECCOMP_NAMES_MAX + 1, "]}]}");
	json_t *out;

	(void)state;
	out = analyse(rules, NULL, X86_64);
	assert_string_equal(json_string_value(json_object_get(out, "error")),
			    "seccomp profile: syscalls: more than 100000 entries");
	json_decref(out);
	out = analyse(names, NULL, X86_64);
	assert_string_equal(json_string_value(json_object_get(out, "error")),
			    "seccomp profile: more than 100000 syscall names");
	json_decref(out);
	free(rules);
	free(names);
}

/* Unknown names: recorded once each, up to the cap, then flagged. */
static void test_unknown_cap(void **state)
{
	struct da_buf b;
	json_t *out;
	char *text;
	int i;

	(void)state;
	da_buf_init(&b, 0);
	da_buf_puts(&b, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"action\":"
			" \"SCMP_ACT_ALLOW\", \"names\": [\"nope_0\", \"nope_0\"");
	for (i = 1; i < 150; i++)
		da_buf_printf(&b, ", \"nope_%d\"", i);
	da_buf_puts(&b, "]}]}");
	text = da_buf_take(&b);
	out = analyse(text, NULL, X86_64);
	assert_int_equal(json_array_size(json_object_get(out, "unknown_syscalls")), 100);
	assert_string_equal(json_string_value(da_facts_get(out, "/unknown_syscalls/1")), "nope_1");
	assert_true(json_is_true(json_object_get(out, "unknown_truncated")));
	json_decref(out);
	free(text);
}

/* What allowing everything lets through on x86_64, and the part of it
 * Docker's default profile does not. */
#define ALL_DANGEROUS \
	"[\"_sysctl\", \"acct\", \"add_key\", \"bpf\", \"clock_adjtime\", " \
	" \"clock_settime\", \"clone3\", \"create_module\", " \
	" \"delete_module\", \"finit_module\", \"fsconfig\", \"fsmount\", " \
	" \"fsopen\", \"fspick\", \"get_kernel_syms\", \"init_module\", " \
	" \"ioperm\", \"iopl\", \"kcmp\", \"kexec_file_load\", " \
	" \"kexec_load\", \"keyctl\", \"lookup_dcookie\", \"mount\", " \
	" \"mount_setattr\", \"move_mount\", \"name_to_handle_at\", " \
	" \"nfsservctl\", \"open_by_handle_at\", \"open_tree\", " \
	" \"perf_event_open\", \"personality\", \"pivot_root\", " \
	" \"process_vm_readv\", \"process_vm_writev\", \"ptrace\", " \
	" \"query_module\", \"quotactl\", \"reboot\", \"request_key\", " \
	" \"setns\", \"settimeofday\", \"swapoff\", \"swapon\", \"syslog\", " \
	" \"umount2\", \"unshare\", \"uselib\", \"userfaultfd\"]"
#define BEYOND_DEFAULT \
	"[\"_sysctl\", \"acct\", \"add_key\", \"bpf\", \"clock_adjtime\", " \
	" \"clock_settime\", \"clone3\", \"create_module\", " \
	" \"delete_module\", \"finit_module\", \"fsconfig\", \"fsmount\", " \
	" \"fsopen\", \"fspick\", \"get_kernel_syms\", \"init_module\", " \
	" \"ioperm\", \"iopl\", \"kexec_file_load\", \"kexec_load\", " \
	" \"keyctl\", \"lookup_dcookie\", \"mount\", \"mount_setattr\", " \
	" \"move_mount\", \"name_to_handle_at\", \"nfsservctl\", " \
	" \"open_by_handle_at\", \"open_tree\", \"perf_event_open\", " \
	" \"pivot_root\", \"query_module\", \"quotactl\", \"reboot\", " \
	" \"request_key\", \"setns\", \"settimeofday\", \"swapoff\", " \
	" \"swapon\", \"syslog\", \"umount2\", \"unshare\", \"uselib\", " \
	" \"userfaultfd\"]"

/* da_seccomp_container: the mode from HostConfig and the daemon. */
static const struct {
	const char *hostconfig;
	const char *info;
	const char *want;
} modes[] = {
	{ "{\"SecurityOpt\": null}", "{\"SecurityOptions\": [\"name=seccomp,profile=default\"]}",
	  "{\"mode\": \"default\", \"daemon_profile\": \"default\"}" },
	{ "{\"SecurityOpt\": [\"no-new-privileges\"]}", NULL, "{\"mode\": \"default\"}" },
	{ "{\"SecurityOpt\": [\"seccomp=unconfined\"]}",
	  "{\"SecurityOptions\": [\"name=apparmor\", \"name=seccomp,profile=default\"]}",
	  "{\"mode\": \"unconfined\", \"reason\": \"security-opt\", \"daemon_profile\": \"default\"}" },
	{ "{\"SecurityOpt\": [\"seccomp:unconfined\"]}", NULL,
	  "{\"mode\": \"unconfined\", \"reason\": \"security-opt\"}" },
	/* privileged: no filter whatever the option says */
	{ "{\"Privileged\": true, \"SecurityOpt\": [\"seccomp={\\\"defaultAction\\\": \\\"SCMP_ACT_ERRNO\\\"}\"]}",
	  NULL, "{\"mode\": \"unconfined\", \"reason\": \"privileged\"}" },
	{ "{}", "{\"SecurityOptions\": [\"name=seccomp,profile=unconfined\"]}",
	  "{\"mode\": \"unconfined\", \"reason\": \"daemon\", \"daemon_profile\": \"unconfined\"}" },
	{ "{}", "{\"SecurityOptions\": [\"name=apparmor\"]}",
	  "{\"mode\": \"unconfined\", \"reason\": \"daemon-without-seccomp\"}" },
	{ "{\"SecurityOpt\": [\"seccomp=builtin\"]}",
	  "{\"SecurityOptions\": [\"name=seccomp,profile=unconfined\"]}",
	  "{\"mode\": \"default\", \"daemon_profile\": \"unconfined\"}" },
	/* moby loads no filter for a profile with no default and no rules */
	{ "{\"SecurityOpt\": [\"seccomp={}\"]}", NULL,
	  "{\"mode\": \"unconfined\", \"reason\": \"empty-profile\", \"default_action\": \"\","
	  " \"allows_by_default\": false, \"profile_from\": \"security-opt\","
	  " \"dangerous_allowed\": [], \"dangerous_allowed_with_conditions\": [],"
	  " \"dangerous_beyond_default\": [], \"unknown_syscalls\": [], \"rules\": 0}" },
	/* the last seccomp option is the one Docker uses */
	{ "{\"SecurityOpt\": [\"seccomp=unconfined\", \"seccomp={\\\"defaultAction\\\": \\\"SCMP_ACT_ERRNO\\\"}\"]}",
	  NULL,
	  "{\"mode\": \"custom\", \"default_action\": \"SCMP_ACT_ERRNO\", \"dangerous_allowed\": [],"
	  " \"allows_by_default\": false, \"profile_from\": \"security-opt\","
	  " \"dangerous_beyond_default\": [],"
	  " \"dangerous_allowed_with_conditions\": [], \"unknown_syscalls\": [], \"rules\": 0}" },
	/* a profile that allows by default filters nothing */
	{ "{\"SecurityOpt\": [\"seccomp={\\\"defaultAction\\\": \\\"SCMP_ACT_LOG\\\"}\"]}", NULL,
	  "{\"mode\": \"custom\", \"default_action\": \"SCMP_ACT_LOG\", \"allows_by_default\": true,"
	  " \"profile_from\": \"security-opt\", \"dangerous_allowed_with_conditions\": [],"
	  " \"unknown_syscalls\": [], \"rules\": 0, \"dangerous_allowed\": " ALL_DANGEROUS ","
	  " \"dangerous_beyond_default\": " BEYOND_DEFAULT "}" },
	{ "{\"SecurityOpt\": [\"seccomp=/etc/docker/seccomp.json\"]}", NULL,
	  "{\"mode\": \"custom\", \"profile_from\": \"security-opt\", \"error\": \"seccomp profile: line 1 column 1: invalid token "
	  "near '/'\"}" },
	{ "{\"SecurityOpt\": \"seccomp=unconfined\"}", NULL,
	  "{\"error\": \"HostConfig.SecurityOpt: not an array\"}" },
};

static void test_container_modes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		json_t *hc = parse(modes[i].hostconfig);
		json_t *info = modes[i].info ? parse(modes[i].info) : NULL;
		json_t *out = da_seccomp_container(hc, info, NULL, NULL, X86_64);

		print_message("case %zu\n", i);
		assert_json(out, modes[i].want);
		json_decref(out);
		json_decref(info);
		json_decref(hc);
	}
}

/* The table is sorted and every name in it is one libseccomp knows. */
static void test_dangerous_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; da_seccomp_dangerous[i]; i++) {
		if (i)
			assert_true(strcmp(da_seccomp_dangerous[i - 1], da_seccomp_dangerous[i]) < 0);
		if (seccomp_syscall_resolve_name_arch(X86_64, da_seccomp_dangerous[i]) ==
		    __NR_SCMP_ERROR)
			fail_msg("libseccomp does not know %s", da_seccomp_dangerous[i]);
	}
	assert_true(i > 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captured_profile),
		cmocka_unit_test(test_captured_profile_sys_admin),
		cmocka_unit_test(test_captured_profile_s390x),
		cmocka_unit_test(test_default_allow),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_excludes),
		cmocka_unit_test(test_go_key_case),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_huge),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_unknown_cap),
		cmocka_unit_test(test_container_modes),
		cmocka_unit_test(test_dangerous_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
