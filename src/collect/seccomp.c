/*
 * Seccomp settings of containers (see seccomp.h). A custom profile is read
 * the way moby's profiles/seccomp does (keys matched as Go's encoding/json
 * matches them, rules filtered by includes/excludes of caps and arches),
 * names are resolved with libseccomp, and each dangerous syscall gets one
 * verdict: allowed, allowed with conditions, or not.
 */
#include "collect/seccomp.h"
#include "common/err.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const da_seccomp_dangerous[] = {
	"_sysctl",	   "acct",	      "add_key",	  "bpf",
	"clock_adjtime",   "clock_settime",   "clone3",		  "create_module",
	"delete_module",   "finit_module",    "fsconfig",	  "fsmount",
	"fsopen",	   "fspick",	      "get_kernel_syms",  "init_module",
	"ioperm",	   "iopl",	      "kcmp",		  "kexec_file_load",
	"kexec_load",	   "keyctl",	      "lookup_dcookie",	  "mount",
	"mount_setattr",   "move_mount",      "name_to_handle_at", "nfsservctl",
	"open_by_handle_at", "open_tree",     "perf_event_open",  "personality",
	"pivot_root",	   "process_vm_readv", "process_vm_writev", "ptrace",
	"query_module",	   "quotactl",	      "reboot",		  "request_key",
	"setns",	   "settimeofday",    "stime",		  "swapoff",
	"swapon",	   "syslog",	      "umount",		  "umount2",
	"unshare",	   "uselib",	      "userfaultfd",	  "vm86",
	"vm86old",	   NULL,
};

const char *const da_seccomp_default_allows[] = {
	"kcmp", "personality", "process_vm_readv", "process_vm_writev", "ptrace", NULL,
};

#define N_DANGEROUS (sizeof(da_seccomp_dangerous) / sizeof(da_seccomp_dangerous[0]) - 1)

/* What an action does to a syscall it matches. TRACE and NOTIFY hand the
 * decision to a tracer or supervisor: neither allowed nor refused here. */
enum act_class { ACT_ALLOW, ACT_DENY, ACT_DEFER };

static const struct {
	const char *name;
	enum act_class cls;
} actions[] = {
	{ "SCMP_ACT_ALLOW", ACT_ALLOW },	{ "SCMP_ACT_LOG", ACT_ALLOW },
	{ "SCMP_ACT_ERRNO", ACT_DENY },		{ "SCMP_ACT_KILL", ACT_DENY },
	{ "SCMP_ACT_KILL_PROCESS", ACT_DENY },	{ "SCMP_ACT_KILL_THREAD", ACT_DENY },
	{ "SCMP_ACT_TRAP", ACT_DENY },		{ "SCMP_ACT_TRACE", ACT_DEFER },
	{ "SCMP_ACT_NOTIFY", ACT_DEFER },
};

/* libseccomp's architecture tokens and the names moby compares with
 * includes.arches / excludes.arches (libseccomp-golang's ScmpArch.String). */
static const struct {
	uint32_t token;
	const char *name;
} arch_names[] = {
	{ SCMP_ARCH_X86, "x86" },	    { SCMP_ARCH_X86_64, "amd64" },
	{ SCMP_ARCH_X32, "x32" },	    { SCMP_ARCH_ARM, "arm" },
	{ SCMP_ARCH_AARCH64, "arm64" },	    { SCMP_ARCH_MIPS, "mips" },
	{ SCMP_ARCH_MIPS64, "mips64" },	    { SCMP_ARCH_MIPS64N32, "mips64n32" },
	{ SCMP_ARCH_MIPSEL, "mipsel" },	    { SCMP_ARCH_MIPSEL64, "mipsel64" },
	{ SCMP_ARCH_MIPSEL64N32, "mipsel64n32" }, { SCMP_ARCH_PPC, "ppc" },
	{ SCMP_ARCH_PPC64, "ppc64" },	    { SCMP_ARCH_PPC64LE, "ppc64le" },
	{ SCMP_ARCH_S390, "s390" },	    { SCMP_ARCH_S390X, "s390x" },
	{ SCMP_ARCH_RISCV64, "riscv64" },
};

/* Per dangerous syscall: what the applicable rules naming it do. */
struct verdict {
	bool allow, allow_cond, deny, deny_cond, defer;
};

struct analysis {
	uint32_t arch;
	const char *arch_name;
	const json_t *caps;
	int nr[N_DANGEROUS]; /* the syscall numbers on ARCH; < 0: not there */
	struct verdict v[N_DANGEROUS];
	json_t *unknown;
	bool unknown_cut;
	size_t names, rules;
	struct da_err err;
};

/* OBJ[KEY] as Go's encoding/json finds it: the exact key, else the first
 * key equal to it ignoring ASCII case. */
static json_t *go_get(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	const char *k;

	if (v)
		return v;
	json_object_foreach ((json_t *)obj, k, v) {
		if (strcasecmp(k, key) == 0)
			return v;
	}
	return NULL;
}

static int action_class(const char *name, enum act_class *cls)
{
	size_t i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (strcmp(actions[i].name, name) == 0) {
			*cls = actions[i].cls;
			return 0;
		}
	}
	return -1;
}

static const char *arch_name(uint32_t token)
{
	size_t i;

	for (i = 0; i < sizeof(arch_names) / sizeof(arch_names[0]); i++) {
		if (arch_names[i].token == token)
			return arch_names[i].name;
	}
	return "";
}

/* V is absent, null, or an array of strings: 0; else -1. */
static int string_list(const json_t *v)
{
	size_t i;
	json_t *s;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return -1;
	json_array_foreach (v, i, s) {
		if (!json_is_string(s))
			return -1;
	}
	return 0;
}

static bool list_has(const json_t *list, const char *name)
{
	size_t i;
	json_t *s;

	json_array_foreach (list, i, s) {
		if (json_is_string(s) && strcmp(json_string_value(s), name) == 0)
			return true;
	}
	return false;
}

/* Whether any string of WANT is in HAVE (HAVE may be NULL). */
static bool any_in(const json_t *want, const json_t *have)
{
	size_t i;
	json_t *s;

	json_array_foreach (want, i, s) {
		if (have && list_has(have, json_string_value(s)))
			return true;
	}
	return false;
}

static bool all_in(const json_t *want, const json_t *have)
{
	size_t i;
	json_t *s;

	json_array_foreach (want, i, s) {
		if (!have || !list_has(have, json_string_value(s)))
			return false;
	}
	return true;
}

/* Check includes/excludes of rule I (objects or null, lists of strings). */
static int check_filter(struct analysis *a, size_t i, const char *key, const json_t *f)
{
	if (!f || json_is_null(f))
		return 0;
	if (!json_is_object(f))
		return da_err_set(&a->err, "syscalls[%zu].%s: not an object", i, key);
	if (string_list(go_get(f, "caps")) < 0)
		return da_err_set(&a->err, "syscalls[%zu].%s.caps: not an array of strings", i, key);
	if (string_list(go_get(f, "arches")) < 0)
		return da_err_set(&a->err, "syscalls[%zu].%s.arches: not an array of strings", i,
				  key);
	return 0;
}

/* Whether the rule applies to this container, as moby decides: excluded
 * when its arch or any of its caps is excluded, included only when its
 * arch and all of its caps are included. */
static bool rule_applies(const struct analysis *a, const json_t *inc, const json_t *exc)
{
	const json_t *v;

	if (json_is_object(exc)) {
		v = go_get(exc, "arches");
		if (json_array_size(v) && list_has(v, a->arch_name))
			return false;
		v = go_get(exc, "caps");
		if (json_array_size(v) && any_in(v, a->caps))
			return false;
	}
	if (json_is_object(inc)) {
		v = go_get(inc, "arches");
		if (json_array_size(v) && !list_has(v, a->arch_name))
			return false;
		v = go_get(inc, "caps");
		if (json_array_size(v) && !all_in(v, a->caps))
			return false;
	}
	return true;
}

static void note_unknown(struct analysis *a, const char *name)
{
	json_t *s = da_facts_string(name);
	size_t i;
	json_t *v;

	json_array_foreach (a->unknown, i, v) {
		if (json_equal(v, s)) {
			json_decref(s);
			return;
		}
	}
	if (json_array_size(a->unknown) < DA_SECCOMP_UNKNOWN_MAX)
		json_array_append(a->unknown, s);
	else
		a->unknown_cut = true;
	json_decref(s);
}

/* Record what an applicable rule with class CLS (COND: with arg
 * conditions) does to syscall number NR. */
static void apply(struct analysis *a, int nr, enum act_class cls, bool cond)
{
	size_t j;

	for (j = 0; j < N_DANGEROUS; j++) {
		struct verdict *v = &a->v[j];

		if (a->nr[j] < 0 || a->nr[j] != nr)
			continue;
		if (cls == ACT_DEFER)
			v->defer = true;
		else if (cls == ACT_ALLOW)
			*(cond ? &v->allow_cond : &v->allow) = true;
		else
			*(cond ? &v->deny_cond : &v->deny) = true;
	}
}

static int one_name(struct analysis *a, const json_t *name, bool applies, enum act_class cls,
		    bool cond)
{
	int nr;

	if (++a->names > DA_SECCOMP_NAMES_MAX)
		return da_err_set(&a->err, "more than %u syscall names", DA_SECCOMP_NAMES_MAX);
	nr = seccomp_syscall_resolve_name_arch(a->arch, json_string_value(name));
	if (nr == __NR_SCMP_ERROR)
		note_unknown(a, json_string_value(name));
	else if (applies && nr >= 0)
		apply(a, nr, cls, cond);
	return 0;
}

/* The names of rule I: "names" (array of strings) or "name", not both. */
static int rule_names(struct analysis *a, size_t i, const json_t *rule, json_t **names)
{
	const json_t *one = go_get(rule, "name"), *many = go_get(rule, "names");

	if (one && !json_is_null(one) && !json_is_string(one))
		return da_err_set(&a->err, "syscalls[%zu].name: not a string", i);
	if (string_list(many) < 0)
		return da_err_set(&a->err, "syscalls[%zu].names: not an array of strings", i);
	if (json_string_length(one) && json_array_size(many))
		return da_err_set(&a->err,
				  "syscalls[%zu]: both \"name\" and \"names\" (Docker refuses this)", i);
	*names = json_array();
	if (json_string_length(one))
		json_array_append(*names, (json_t *)one);
	else if (json_is_array(many))
		json_array_extend(*names, (json_t *)many);
	return 0;
}

static int one_rule(struct analysis *a, size_t i, const json_t *rule)
{
	const json_t *action, *args, *inc, *exc;
	json_t *names = NULL, *name;
	enum act_class cls;
	bool applies;
	size_t k;
	int rc = -1;

	if (!json_is_object(rule))
		return da_err_set(&a->err, "syscalls[%zu]: not an object", i);
	action = go_get(rule, "action");
	args = go_get(rule, "args");
	inc = go_get(rule, "includes");
	exc = go_get(rule, "excludes");
	if (!json_is_string(action))
		return da_err_set(&a->err, "syscalls[%zu].action: not a string", i);
	if (action_class(json_string_value(action), &cls) < 0)
		return da_err_set(&a->err, "syscalls[%zu].action: unknown action \"%s\"", i,
				  json_string_value(action));
	if (args && !json_is_null(args) && !json_is_array(args))
		return da_err_set(&a->err, "syscalls[%zu].args: not an array", i);
	if (check_filter(a, i, "includes", inc) < 0 || check_filter(a, i, "excludes", exc) < 0 ||
	    rule_names(a, i, rule, &names) < 0)
		goto out;
	applies = rule_applies(a, inc, exc);
	a->rules += applies;
	json_array_foreach (names, k, name) {
		if (one_name(a, name, applies, cls, json_array_size(args) > 0) < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(names);
	return rc;
}

/* The verdict on one dangerous syscall under default action class DEF:
 * 2 allowed, 1 allowed with conditions, 0 not allowed. An unconditional
 * allow wins; an unconditional refusal wins over the default. */
static int judge(const struct verdict *v, enum act_class def)
{
	if (v->allow)
		return 2;
	if (v->deny)
		return 0;
	if (v->allow_cond || v->defer)
		return 1;
	if (def == ACT_ALLOW)
		return v->deny_cond ? 1 : 2;
	return def == ACT_DEFER ? 1 : 0;
}

static bool default_allows(const char *name)
{
	size_t i;

	for (i = 0; da_seccomp_default_allows[i]; i++) {
		if (strcmp(da_seccomp_default_allows[i], name) == 0)
			return true;
	}
	return false;
}

static void put_verdicts(struct analysis *a, enum act_class def, json_t *out)
{
	json_t *allowed = json_array(), *cond = json_array(), *beyond = json_array();
	size_t j;

	for (j = 0; j < N_DANGEROUS; j++) {
		int k = a->nr[j] < 0 ? 0 : judge(&a->v[j], def);

		if (k == 2)
			json_array_append_new(allowed, json_string(da_seccomp_dangerous[j]));
		else if (k == 1)
			json_array_append_new(cond, json_string(da_seccomp_dangerous[j]));
		if (k == 2 && !default_allows(da_seccomp_dangerous[j]))
			json_array_append_new(beyond, json_string(da_seccomp_dangerous[j]));
	}
	json_object_set_new(out, "dangerous_allowed", allowed);
	json_object_set_new(out, "dangerous_allowed_with_conditions", cond);
	json_object_set_new(out, "dangerous_beyond_default", beyond);
}

/* The top level of the profile: defaultAction, architectures, syscalls. */
static int check_top(struct analysis *a, const json_t *p, const char **def, const json_t **calls)
{
	const json_t *d = go_get(p, "defaultAction"), *s = go_get(p, "syscalls");

	if (!json_is_object(p))
		return da_err_set(&a->err, "not a JSON object");
	if (d && !json_is_null(d) && !json_is_string(d))
		return da_err_set(&a->err, "defaultAction: not a string");
	if (s && !json_is_null(s) && !json_is_array(s))
		return da_err_set(&a->err, "syscalls: not an array");
	if (json_array_size(go_get(p, "architectures")) && json_array_size(go_get(p, "archMap")))
		return da_err_set(&a->err,
				  "both \"architectures\" and \"archMap\" (Docker refuses this)");
	if (json_array_size(s) > DA_SECCOMP_RULES_MAX)
		return da_err_set(&a->err, "syscalls: more than %u entries", DA_SECCOMP_RULES_MAX);
	*def = json_is_string(d) ? json_string_value(d) : "";
	*calls = s;
	return 0;
}

static void analysis_init(struct analysis *a, const json_t *caps, uint32_t arch)
{
	size_t j;

	memset(a, 0, sizeof(*a));
	a->arch = arch ? arch : seccomp_arch_native();
	a->arch_name = arch_name(a->arch);
	a->caps = json_is_array(caps) ? caps : NULL;
	a->unknown = json_array();
	for (j = 0; j < N_DANGEROUS; j++)
		a->nr[j] = seccomp_syscall_resolve_name_arch(a->arch, da_seccomp_dangerous[j]);
}

/* Analyse the parsed profile P into OUT. 0 or -1 with A->err set. */
static int analyse(struct analysis *a, const json_t *p, json_t *out)
{
	const json_t *calls = NULL;
	const char *def = "";
	enum act_class cls = ACT_DENY;
	size_t i;

	if (check_top(a, p, &def, &calls) < 0)
		return -1;
	if (!*def && json_array_size(calls))
		return da_err_set(&a->err, "defaultAction: missing");
	if (*def && action_class(def, &cls) < 0)
		return da_err_set(&a->err, "defaultAction: unknown action \"%s\"", def);
	for (i = 0; i < json_array_size(calls); i++) {
		if (one_rule(a, i, json_array_get(calls, i)) < 0)
			return -1;
	}
	json_object_set_new(out, "default_action", json_string(def));
	json_object_set_new(out, "allows_by_default", json_boolean(*def && cls == ACT_ALLOW));
	put_verdicts(a, cls, out);
	json_object_set(out, "unknown_syscalls", a->unknown);
	if (a->unknown_cut)
		json_object_set_new(out, "unknown_truncated", json_true());
	json_object_set_new(out, "rules", json_integer((json_int_t)a->rules));
	return 0;
}

json_t *da_seccomp_profile(const char *text, size_t len, const json_t *caps, uint32_t arch)
{
	json_t *out = json_object(), *p = NULL;
	struct analysis a;
	json_error_t jerr;

	analysis_init(&a, caps, arch);
	if (len > DA_SECCOMP_PROFILE_MAX) {
		da_err_set(&a.err, "larger than %u bytes", DA_SECCOMP_PROFILE_MAX);
		goto out;
	}
	if (len == 0) {
		da_err_set(&a.err, "empty");
		goto out;
	}
	p = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
	if (!p) {
		da_err_set(&a.err, "line %d column %d: %s", jerr.line, jerr.column, jerr.text);
		goto out;
	}
	analyse(&a, p, out);
out:
	if (a.err.msg[0]) {
		json_object_clear(out);
		da_facts_set_error(out, "seccomp profile: %s", a.err.msg);
	}
	json_decref(a.unknown);
	json_decref(p);
	return out;
}

/* The profile= value of "name=seccomp,profile=X" in GET /info's
 * SecurityOptions: X, "" when seccomp is listed without a profile, NULL
 * when seccomp is not listed (or INFO is unknown). */
static char *daemon_profile(const json_t *info, bool *listed)
{
	const json_t *opts = json_object_get(info, "SecurityOptions");
	size_t i;
	json_t *v;

	*listed = false;
	json_array_foreach (opts, i, v) {
		const char *s = json_string_value(v);
		const char *p;

		if (!s || strncmp(s, "name=seccomp", 12) != 0 || (s[12] && s[12] != ','))
			continue;
		*listed = true;
		p = strstr(s, ",profile=");
		if (!p)
			return da_xstrdup("");
		return da_xstrndup(p + 9, strcspn(p + 9, ","));
	}
	return NULL;
}

/* The last "seccomp=X" (or the old "seccomp:X") of SecurityOpt: X, or NULL. */
static const char *security_opt(const json_t *hc, size_t *len)
{
	const json_t *opts = json_object_get(hc, "SecurityOpt");
	const char *found = NULL;
	size_t i;
	json_t *v;

	json_array_foreach (opts, i, v) {
		const char *s = json_string_value(v);

		if (s && !strncmp(s, "seccomp", 7) && (s[7] == '=' || s[7] == ':')) {
			found = s + 8;
			*len = json_string_length(v) - 8;
		}
	}
	return found;
}

static void set_unconfined(json_t *out, const char *reason)
{
	json_object_set_new(out, "mode", json_string("unconfined"));
	json_object_set_new(out, "reason", json_string(reason));
}

/* The daemon's profile file analysed for a container in mode "default". */
static void daemon_file(json_t *out, const struct da_seccomp_daemon *d, const json_t *caps,
			uint32_t arch)
{
	json_t *prof;

	json_object_set_new(out, "profile_from", json_string("daemon"));
	json_object_set_new(out, "daemon_profile_file", da_facts_string(d->path));
	if (d->error) {
		da_facts_set_error(out, "%s", d->error);
		return;
	}
	prof = da_seccomp_profile(d->text, d->len, caps, arch);
	json_object_update(out, prof);
	json_decref(prof);
}

/* No seccomp= option: the daemon's default profile, unless the daemon
 * itself runs unconfined or without seccomp; its own file when it has one. */
static void daemon_default(json_t *out, const json_t *info, const char *dprof, bool listed,
			   const struct da_seccomp_daemon *d, const json_t *caps, uint32_t arch)
{
	if (json_is_array(json_object_get(info, "SecurityOptions")) && !listed)
		set_unconfined(out, "daemon-without-seccomp");
	else if ((dprof && strcmp(dprof, "unconfined") == 0) ||
		 (d && d->path && strcmp(d->path, "unconfined") == 0))
		set_unconfined(out, "daemon");
	else {
		json_object_set_new(out, "mode", json_string("default"));
		if (d && d->path)
			daemon_file(out, d, caps, arch);
	}
}

static void custom(json_t *out, const char *text, size_t len, const json_t *caps, uint32_t arch)
{
	json_t *prof = da_seccomp_profile(text, len, caps, arch);

	json_object_update(out, prof);
	if (!json_object_get(prof, "error") &&
	    !json_string_length(json_object_get(prof, "default_action")) &&
	    json_integer_value(json_object_get(prof, "rules")) == 0)
		set_unconfined(out, "empty-profile"); /* moby loads no filter then */
	else
		json_object_set_new(out, "mode", json_string("custom"));
	json_object_set_new(out, "profile_from", json_string("security-opt"));
	json_decref(prof);
}

json_t *da_seccomp_container(const json_t *hostconfig, const json_t *daemon_info,
			     const struct da_seccomp_daemon *daemon, const json_t *caps,
			     uint32_t arch)
{
	json_t *out = json_object();
	const json_t *opts = json_object_get(hostconfig, "SecurityOpt");
	bool listed;
	char *dprof = daemon_profile(daemon_info, &listed);
	const char *opt;
	size_t len = 0;

	if (dprof)
		json_object_set_new(out, "daemon_profile", da_facts_string(dprof));
	opt = security_opt(hostconfig, &len);
	if (opts && !json_is_null(opts) && !json_is_array(opts))
		da_facts_set_error(out, "HostConfig.SecurityOpt: not an array");
	else if (json_is_true(json_object_get(hostconfig, "Privileged")))
		set_unconfined(out, "privileged");
	else if (opt && strcmp(opt, "unconfined") == 0)
		set_unconfined(out, "security-opt");
	else if (opt && strcmp(opt, "builtin") == 0)
		json_object_set_new(out, "mode", json_string("default"));
	else if (opt)
		custom(out, opt, len, caps, arch);
	else
		daemon_default(out, daemon_info, dprof, listed, daemon, caps, arch);
	free(dprof);
	return out;
}

/* Whether the daemon's profile setting V names a file to read: not empty,
 * not one of the names dockerd gives its built-in profile or none. */
static bool names_file(const char *v)
{
	return v && *v && strcmp(v, "builtin") && strcmp(v, "default") && strcmp(v, "unconfined");
}

void da_seccomp_daemon_load(struct da_seccomp_daemon *d, const struct da_root *root,
			    const json_t *facts)
{
	const char *v = json_string_value(da_facts_get(facts, "/daemon/settings/seccomp-profile/value"));
	bool listed;
	char *info = daemon_profile(da_facts_get(facts, "/daemon/info"), &listed);
	int rc;

	memset(d, 0, sizeof(*d));
	if (!v)
		v = info;
	if (v && strcmp(v, "unconfined") == 0)
		d->path = da_xstrdup(v);
	else if (names_file(v)) {
		d->path = da_xstrdup(v);
		rc = v[0] == '/' ? da_root_read_file(root, v, DA_SECCOMP_PROFILE_MAX, &d->text, &d->len)
				 : -EINVAL;
		if (rc == -EFBIG)
			d->error = da_xasprintf("daemon seccomp profile %s: larger than %u bytes", v,
						DA_SECCOMP_PROFILE_MAX);
		else if (rc < 0)
			d->error = da_xasprintf("daemon seccomp profile %s: %s", v,
						rc == -EINVAL ? "not an absolute path" : strerror(-rc));
	}
	free(info);
}

void da_seccomp_daemon_free(struct da_seccomp_daemon *d)
{
	if (!d)
		return;
	free(d->path);
	free(d->text);
	free(d->error);
	memset(d, 0, sizeof(*d));
}
