/*
 * The lsm collector: the Linux security modules the host's kernel runs,
 * SELinux's state and policy, and AppArmor's state and loaded profiles
 * (docker-default among them), read from ROOT/sys and ROOT/etc. A module
 * the kernel does not have ("absent") is kept apart from one that is there
 * but off ("disabled"), and both from what could not be read (securityfs is
 * often root-only or not mounted): that is an error, never "absent".
 */
#include "collect/collectors.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Single values and /etc/selinux/config. */
#define LSM_FILE_MAX (64u << 10)
/* The profiles list: a line per loaded profile. */
#define LSM_PROFILES_FILE_MAX (4u << 20)
#define LSM_PROFILES_MAX 8192
/* The error of every object when ROOT/sys/kernel is missing. */
#define NO_SYSFS "/sys/kernel: %s (is sysfs mounted under the root?)"

/* Errors of one object ("apparmor", "selinux"), joined with "; ". */
struct clauses {
	struct da_buf b;
};

static void add_clause(struct clauses *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_clause(struct clauses *c, const char *fmt, ...)
{
	va_list ap;

	if (c->b.len)
		da_buf_puts(&c->b, "; ");
	va_start(ap, fmt);
	da_buf_vprintf(&c->b, fmt, ap);
	va_end(ap);
}

/* Set OBJ's error from C (if any) and release C. */
static void finish(json_t *obj, struct clauses *c)
{
	if (c->b.len)
		json_object_set_new(obj, "error", da_facts_string(c->b.data));
	da_buf_free(&c->b);
}

static const char *why(int rc)
{
	return rc == -EFBIG ? "file too large" : strerror(-rc);
}

/* Why a file of securityfs could not be read: ENOENT most likely means it
 * is not mounted, which is not the same as the module being absent. */
static const char *sec_why(int rc)
{
	return rc == -ENOENT ? "No such file or directory (is securityfs mounted?)" : why(rc);
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

/* Read PATH, trimmed, into *OUT (caller frees *RAW). 0 or -errno. */
static int read_value(const struct da_root *root, const char *path, char **raw, char **out)
{
	int rc = da_root_read_file(root, path, LSM_FILE_MAX, raw, NULL);

	if (rc == 0)
		*out = trim(*raw);
	return rc;
}

/* 0 when PATH exists in the root, else -errno. */
static int exists(const struct da_root *root, const char *path)
{
	struct stat st;

	return da_root_stat(root, path, true, &st);
}

/* ---- the stack ----------------------------------------------------------- */

static json_t *stack_json(const struct da_root *root, int sysfs)
{
	static const char path[] = "/sys/kernel/security/lsm";
	json_t *o = json_object(), *mods;
	char *raw = NULL, *v = NULL, *p, *e;
	int rc;

	if (sysfs < 0) {
		da_facts_set_error(o, NO_SYSFS, why(sysfs));
		return o;
	}
	rc = read_value(root, path, &raw, &v);
	if (rc < 0) {
		da_facts_set_error(o, "%s: %s", path, sec_why(rc));
		return o;
	}
	mods = json_array();
	for (p = v; *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, ",");
		if (e > p) {
			char *name = da_xstrndup(p, (size_t)(e - p));

			json_array_append_new(mods, da_facts_string(name));
			free(name);
		}
	}
	json_object_set_new(o, "modules", mods);
	free(raw);
	return o;
}

/* ---- SELinux ------------------------------------------------------------- */

/* SELINUX= and SELINUXTYPE= of /etc/selinux/config, null when it is absent. */
static void selinux_config(const struct da_root *root, json_t *o, struct clauses *c)
{
	static const char path[] = "/etc/selinux/config";
	static const struct {
		const char *key, *member;
	} keys[] = { { "SELINUX", "config_mode" }, { "SELINUXTYPE", "policy" } };
	char *data = NULL, *line, *next, *eq;
	size_t i;
	int rc = da_root_read_file(root, path, LSM_FILE_MAX, &data, NULL);

	for (i = 0; i < 2; i++)
		json_object_set_new(o, keys[i].member, json_null());
	if (rc < 0 && rc != -ENOENT)
		add_clause(c, "%s: %s", path, why(rc));
	for (line = rc == 0 ? data : NULL; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line = trim(line);
		eq = strchr(line, '=');
		if (*line == '#' || !eq)
			continue;
		*eq = '\0';
		for (i = 0; i < 2; i++)
			if (!strcmp(trim(line), keys[i].key))
				json_object_set_new(o, keys[i].member, da_facts_string(trim(eq + 1)));
	}
	free(data);
}

/* policy_version and mls, from selinuxfs. */
static void selinux_policy(const struct da_root *root, json_t *o, struct clauses *c)
{
	char *raw = NULL, *v = NULL, *end;
	long n;
	int rc;

	rc = read_value(root, "/sys/fs/selinux/policyvers", &raw, &v);
	if (rc < 0) {
		add_clause(c, "/sys/fs/selinux/policyvers: %s", why(rc));
	} else {
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || end == v || *end || n < 0)
			add_clause(c, "/sys/fs/selinux/policyvers: not a number");
		else
			json_object_set_new(o, "policy_version", json_integer(n));
	}
	free(raw);
	raw = NULL;
	rc = read_value(root, "/sys/fs/selinux/mls", &raw, &v);
	if (rc < 0)
		add_clause(c, "/sys/fs/selinux/mls: %s", why(rc));
	else if (strcmp(v, "0") && strcmp(v, "1"))
		add_clause(c, "/sys/fs/selinux/mls: neither 0 nor 1");
	else
		json_object_set_new(o, "mls", json_boolean(*v == '1'));
	free(raw);
}

/* The state from selinuxfs: no mount point means the kernel runs no
 * SELinux; a mount point without selinuxfs on it, no policy in use. */
static const char *selinux_state(const struct da_root *root, struct clauses *c)
{
	const char *state = NULL;
	char *raw = NULL, *v = NULL;
	int rc = exists(root, "/sys/fs/selinux");

	if (rc == -ENOENT)
		return "absent";
	if (rc < 0) {
		add_clause(c, "/sys/fs/selinux: %s", why(rc));
		return NULL;
	}
	rc = read_value(root, "/sys/fs/selinux/enforce", &raw, &v);
	if (rc == -ENOENT)
		state = "disabled";
	else if (rc < 0)
		add_clause(c, "/sys/fs/selinux/enforce: %s", why(rc));
	else if (!strcmp(v, "1") || !strcmp(v, "0"))
		state = *v == '1' ? "enforcing" : "permissive";
	else
		add_clause(c, "/sys/fs/selinux/enforce: neither 0 nor 1");
	free(raw);
	return state;
}

static json_t *selinux_json(const struct da_root *root, int sysfs)
{
	json_t *o = json_object();
	struct clauses c;
	const char *state = NULL;

	da_buf_init(&c.b, 0);
	if (sysfs < 0)
		add_clause(&c, NO_SYSFS, why(sysfs));
	else
		state = selinux_state(root, &c);
	if (state)
		json_object_set_new(o, "state", json_string(state));
	if (state && (!strcmp(state, "enforcing") || !strcmp(state, "permissive")))
		selinux_policy(root, o, &c);
	selinux_config(root, o, &c);
	finish(o, &c);
	return o;
}

/* ---- AppArmor ------------------------------------------------------------ */

/* "NAME (MODE)" into a {name, mode} object, or NULL. Changes LINE. */
static json_t *profile_json(char *line)
{
	size_t n = strlen(line);
	char *open;

	if (n < 4 || line[n - 1] != ')')
		return NULL;
	line[n - 1] = '\0';
	open = strrchr(line, '(');
	if (!open || open == line || open[-1] != ' ' || !open[1])
		return NULL;
	open[-1] = '\0';
	return json_pack("{s:o, s:o}", "name", da_facts_string(line), "mode",
			 da_facts_string(open + 1));
}

/* profiles, docker_default_loaded and docker_default_mode from the list of
 * loaded profiles. Unreadable: an error, and those members absent. */
static void apparmor_profiles(const struct da_root *root, json_t *o, struct clauses *c)
{
	static const char path[] = "/sys/kernel/security/apparmor/profiles";
	json_t *list, *p, *dd_mode = NULL;
	char *data = NULL, *line, *next;
	size_t bad = 0, count = 0;
	int rc = da_root_read_file(root, path, LSM_PROFILES_FILE_MAX, &data, NULL);

	if (rc < 0) {
		add_clause(c, "%s: %s", path, sec_why(rc));
		return;
	}
	list = json_array();
	for (line = data; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*trim(line))
			continue;
		p = profile_json(line);
		if (!p) {
			bad++;
			continue;
		}
		if (!strcmp(json_string_value(json_object_get(p, "name")), "docker-default")) {
			json_decref(dd_mode);
			dd_mode = json_deep_copy(json_object_get(p, "mode"));
		}
		if (++count <= LSM_PROFILES_MAX)
			json_array_append_new(list, p);
		else
			json_decref(p);
	}
	if (count > LSM_PROFILES_MAX)
		json_object_set_new(o, "profiles_truncated", json_true());
	if (bad)
		add_clause(c, "%s: %zu malformed line%s", path, bad, bad == 1 ? "" : "s");
	json_object_set_new(o, "profiles", list);
	json_object_set_new(o, "docker_default_loaded", json_boolean(dd_mode));
	json_object_set_new(o, "docker_default_mode", dd_mode ? dd_mode : json_null());
	free(data);
}

/* The module's directory in sysfs tells whether the kernel has AppArmor;
 * its "enabled" parameter whether it runs. */
static const char *apparmor_state(const struct da_root *root, struct clauses *c)
{
	const char *state = NULL;
	char *raw = NULL, *v = NULL;
	int rc = exists(root, "/sys/module/apparmor");

	if (rc == -ENOENT)
		return "absent";
	if (rc < 0) {
		add_clause(c, "/sys/module/apparmor: %s", why(rc));
		return NULL;
	}
	rc = read_value(root, "/sys/module/apparmor/parameters/enabled", &raw, &v);
	if (rc < 0)
		add_clause(c, "/sys/module/apparmor/parameters/enabled: %s", why(rc));
	else if (!strcmp(v, "Y") || !strcmp(v, "N"))
		state = *v == 'Y' ? "enabled" : "disabled";
	else
		add_clause(c, "/sys/module/apparmor/parameters/enabled: neither Y nor N");
	free(raw);
	return state;
}

static json_t *apparmor_json(const struct da_root *root, int sysfs)
{
	json_t *o = json_object();
	struct clauses c;
	const char *state = NULL;

	da_buf_init(&c.b, 0);
	if (sysfs < 0)
		add_clause(&c, NO_SYSFS, why(sysfs));
	else
		state = apparmor_state(root, &c);
	if (state)
		json_object_set_new(o, "state", json_string(state));
	if (state && !strcmp(state, "enabled")) {
		apparmor_profiles(root, o, &c);
	} else if (state) {
		json_object_set_new(o, "profiles", json_array());
		json_object_set_new(o, "docker_default_loaded", json_false());
		json_object_set_new(o, "docker_default_mode", json_null());
	}
	finish(o, &c);
	return o;
}

static void lsm_collect(struct da_collect_ctx *ctx, json_t *section)
{
	/* Without sysfs (a disk image, a fixture without it) no directory's
	 * absence means anything. */
	int sysfs = exists(ctx->root, "/sys/kernel");

	json_object_set_new(section, "stack", stack_json(ctx->root, sysfs));
	json_object_set_new(section, "selinux", selinux_json(ctx->root, sysfs));
	json_object_set_new(section, "apparmor", apparmor_json(ctx->root, sysfs));
}

const struct da_collector da_collector_lsm = {
	.name = "lsm",
	.summary = "Linux security modules: the kernel's stack, SELinux, AppArmor and its profiles",
	.collect = lsm_collect,
};
