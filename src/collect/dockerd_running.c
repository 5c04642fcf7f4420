/*
 * The running daemon's own word on its settings (GET /info), laid over
 * what its command line and config file say, and the drift between the
 * file on disk and what runs. Members of /info and the API versions that
 * have them: docs.docker.com Engine API, SystemInfo; reloadable settings:
 * dockerd(8), "Configuration reload behavior". Layout: 20-daemon.roff.
 */
#include "collect/dockerd_running.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STAT_MAX (64u << 10)

/* ---- reading /info ----------------------------------------------------- */

static json_t *info_bool(const json_t *info, const char *member)
{
	const json_t *v = json_object_get(info, member);

	return json_is_boolean(v) ? json_incref((json_t *)v) : NULL;
}

static json_t *info_string(const json_t *info, const char *member)
{
	const char *s = json_string_value(json_object_get(info, member));

	return s && *s ? json_string(s) : NULL;
}

/* The entry of SecurityOptions whose "name=" is NAME, or NULL; *KNOWN
 * says whether /info has the list at all. */
static const char *security_option(const json_t *info, const char *name, bool *known)
{
	const json_t *opts = json_object_get(info, "SecurityOptions"), *o;
	size_t i, n = strlen(name);
	const char *s;

	*known = json_is_array(opts);
	json_array_foreach(opts, i, o) {
		s = json_string_value(o);
		if (s && !strncmp(s, "name=", 5) && !strncmp(s + 5, name, n) &&
		    (s[5 + n] == '\0' || s[5 + n] == ','))
			return s;
	}
	return NULL;
}

/* true when the option is listed, NULL when it is not (absence proves
 * nothing: older daemons do not list it). */
static json_t *option_if_listed(const json_t *info, const char *name)
{
	bool known;

	return security_option(info, name, &known) ? json_true() : NULL;
}

/* true or false, when /info has SecurityOptions at all. */
static json_t *option_listed(const json_t *info, const char *name)
{
	bool known;
	const char *o = security_option(info, name, &known);

	return known ? json_boolean(o != NULL) : NULL;
}

static json_t *from_debug(const json_t *info)
{
	return info_bool(info, "Debug");
}

static json_t *from_live_restore(const json_t *info)
{
	return info_bool(info, "LiveRestoreEnabled");
}

static json_t *from_experimental(const json_t *info)
{
	return info_bool(info, "ExperimentalBuild");
}

static json_t *from_log_driver(const json_t *info)
{
	return info_string(info, "LoggingDriver");
}

static json_t *from_storage_driver(const json_t *info)
{
	return info_string(info, "Driver");
}

static json_t *from_default_runtime(const json_t *info)
{
	return info_string(info, "DefaultRuntime");
}

/* DockerRootDir, less the "/UID.GID" directory a remapped daemon adds. */
static json_t *from_data_root(const json_t *info)
{
	const char *dir = json_string_value(json_object_get(info, "DockerRootDir"));
	const char *slash = dir ? strrchr(dir, '/') : NULL;
	bool known;
	char *parent;
	json_t *v;

	if (!dir || !*dir)
		return NULL;
	if (slash && slash != dir && security_option(info, "userns", &known) &&
	    strspn(slash + 1, "0123456789.") == strlen(slash + 1) && strchr(slash + 1, '.')) {
		parent = da_xstrndup(dir, (size_t)(slash - dir));
		v = da_facts_string(parent);
		free(parent);
		return v;
	}
	return da_facts_string(dir);
}

/* The daemon's own loopback entry: always there, never a user's choice. */
static bool daemon_loopback(const char *s)
{
	return !strcmp(s, "127.0.0.0/8");
}

static int cmp_strings(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

/* A copy of the array of strings ARR, sorted. */
static json_t *sorted(json_t *arr)
{
	size_t i, n = json_array_size(arr);
	json_t **items = da_xcalloc(n ? n : 1, sizeof(*items)), *out = json_array();

	for (i = 0; i < n; i++)
		items[i] = json_array_get(arr, i);
	if (n)
		qsort(items, n, sizeof(*items), cmp_strings);
	for (i = 0; i < n; i++)
		json_array_append(out, items[i]);
	free(items);
	json_decref(arr);
	return out;
}

/* RegistryConfig.InsecureRegistryCIDRs (less 127.0.0.0/8) and the
 * registries of IndexConfigs marked Secure false. */
static json_t *from_insecure(const json_t *info)
{
	const json_t *rc = json_object_get(info, "RegistryConfig"), *cidrs, *c, *idx;
	json_t *out, *ic;
	const char *key;
	size_t i;

	cidrs = json_object_get(rc, "InsecureRegistryCIDRs");
	idx = json_object_get(rc, "IndexConfigs");
	if (!json_is_object(rc) || (!json_is_array(cidrs) && !json_is_object(idx)))
		return NULL;
	out = json_array();
	json_array_foreach(cidrs, i, c) {
		if (json_is_string(c) && !daemon_loopback(json_string_value(c)))
			json_array_append(out, (json_t *)c);
	}
	json_object_foreach((json_t *)idx, key, ic) {
		if (json_is_false(json_object_get(ic, "Secure")))
			json_array_append_new(out, da_facts_string(key));
	}
	return sorted(out);
}

static json_t *string_array(const json_t *v)
{
	json_t *out = json_array(), *e;
	size_t i;

	json_array_foreach(v, i, e) {
		if (json_is_string(e))
			json_array_append(out, e);
	}
	return out;
}

static json_t *from_mirrors(const json_t *info)
{
	const json_t *m = json_object_get(json_object_get(info, "RegistryConfig"), "Mirrors");

	return json_is_array(m) ? string_array(m) : NULL;
}

/* Plugins.Authorization: null when none. */
static json_t *from_authz(const json_t *info)
{
	const json_t *p = json_object_get(info, "Plugins"), *a;

	if (!json_is_object(p))
		return NULL;
	a = json_object_get(p, "Authorization");
	return json_is_array(a) ? string_array(a) : json_array();
}

/* "name=seccomp,profile=X": X ("default", "builtin", "unconfined", a path). */
static json_t *from_seccomp(const json_t *info)
{
	bool known;
	const char *o = security_option(info, "seccomp", &known), *p;

	p = o ? strstr(o, ",profile=") : NULL;
	return p ? da_facts_string(p + 9) : NULL;
}

static json_t *from_rootless(const json_t *info)
{
	return option_if_listed(info, "rootless");
}

static json_t *from_nnp(const json_t *info)
{
	return option_if_listed(info, "no-new-privileges");
}

/* icc is not in /info: the default bridge network tells it (below). */
static json_t *from_none(const json_t *info)
{
	(void)info;
	return NULL;
}

static json_t *from_selinux(const json_t *info)
{
	return option_listed(info, "selinux");
}

/* ---- comparing a configured value with the running one ---------------- */

/* S without a scheme and trailing slashes, as the registry code keeps it. */
static char *registry_norm(const char *s)
{
	size_t n;

	if (!strncmp(s, "http://", 7))
		s += 7;
	else if (!strncmp(s, "https://", 8))
		s += 8;
	n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	return da_xstrndup(s, n);
}

/* ARR's strings normalised, without the daemon's loopback entry, sorted. */
static json_t *registry_set(const json_t *arr)
{
	json_t *out = json_array(), *e;
	size_t i;
	char *s;

	json_array_foreach(arr, i, e) {
		if (!json_is_string(e))
			continue;
		s = registry_norm(json_string_value(e));
		if (!daemon_loopback(s))
			json_array_append_new(out, da_facts_string(s));
		free(s);
	}
	return sorted(out);
}

static bool same_registries(const json_t *a, const json_t *b)
{
	json_t *x = registry_set(a), *y = registry_set(b);
	bool same = json_equal(x, y);

	json_decref(x);
	json_decref(y);
	return same;
}

/* The profile names that all mean Docker's built-in profile. */
static bool builtin_profile(const char *s)
{
	return !*s || !strcmp(s, "builtin") || !strcmp(s, "default");
}

static bool same_seccomp(const json_t *a, const json_t *b)
{
	const char *x = json_string_value(a), *y = json_string_value(b);

	if (!x || !y)
		return false;
	return (builtin_profile(x) && builtin_profile(y)) || !strcmp(x, y);
}

/* A storage driver left empty is chosen by the daemon: any is the same. */
static bool same_driver(const json_t *a, const json_t *b)
{
	const char *x = json_string_value(a);

	return (x && !*x) || json_equal(a, b);
}

/* ---- the table ---------------------------------------------------------- */

#define ICC_MEMBER "GET /networks: the default bridge's com.docker.network.bridge.enable_icc"

struct running_setting {
	const char *name;   /* MUST: the setting */
	const char *member; /* MUST: where /info says it (for the facts) */
	json_t *(*from_info)(const json_t *info); /* MUST: new value or NULL */
	bool (*same)(const json_t *configured, const json_t *running); /* MAY: else json_equal */
	bool reload; /* a SIGHUP applies the file's value */
	bool drift;  /* a difference is drift (false: derived, or the host decides) */
};

static const struct running_setting running_settings[] = {
	{ "authorization-plugins", "Plugins.Authorization", from_authz, NULL, true, true },
	{ "data-root", "DockerRootDir", from_data_root, NULL, false, false },
	{ "debug", "Debug", from_debug, NULL, true, true },
	{ "default-runtime", "DefaultRuntime", from_default_runtime, NULL, true, true },
	{ "experimental", "ExperimentalBuild", from_experimental, NULL, false, true },
	{ "icc", ICC_MEMBER, from_none, NULL, false, true },
	{ "insecure-registries", "RegistryConfig", from_insecure, same_registries, true, true },
	{ "live-restore", "LiveRestoreEnabled", from_live_restore, NULL, true, true },
	{ "log-driver", "LoggingDriver", from_log_driver, NULL, false, true },
	{ "no-new-privileges", "SecurityOptions name=no-new-privileges", from_nnp, NULL, false,
	  true },
	{ "registry-mirrors", "RegistryConfig.Mirrors", from_mirrors, same_registries, true, true },
	{ "rootless", "SecurityOptions name=rootless", from_rootless, NULL, false, false },
	{ "seccomp-profile", "SecurityOptions name=seccomp", from_seccomp, same_seccomp, false,
	  true },
	{ "selinux-enabled", "SecurityOptions name=selinux", from_selinux, NULL, false, false },
	{ "storage-driver", "Driver", from_storage_driver, same_driver, false, true },
};
#define N_RUNNING (sizeof(running_settings) / sizeof(running_settings[0]))

#define USERNS_MEMBER "SecurityOptions name=userns"

static const struct running_setting *running_setting(const char *name)
{
	size_t i;

	for (i = 0; i < N_RUNNING; i++)
		if (!strcmp(running_settings[i].name, name))
			return &running_settings[i];
	return NULL;
}

static bool same_value(const struct running_setting *r, const json_t *a, const json_t *b)
{
	return r->same ? r->same(a, b) : json_equal(a, b);
}

/* ---- laying /info over the settings ------------------------------------- */

/* Setting R runs with V (adopted): the running value, with what the
 * command line or the file said kept beside it when it differs. */
static void set_running(json_t *settings, const struct running_setting *r, json_t *v)
{
	json_t *old, *out;
	const json_t *was, *err;

	old = json_object_get(settings, r->name);
	was = json_object_get(old, "value");
	err = json_object_get(old, "error");
	out = json_pack("{s:o, s:s, s:s}", "value", v, "source", "api", "api_member", r->member);
	if (was && !same_value(r, was, v)) {
		json_object_set(out, "configured_value", (json_t *)was);
		json_object_set(out, "configured_source", json_object_get(old, "source"));
	} else if (err) {
		json_object_set(out, "configured_error", (json_t *)err);
	}
	json_object_set_new(settings, r->name, out);
}

static void apply_one(json_t *settings, const struct running_setting *r, const json_t *info)
{
	json_t *v = r->from_info(info);

	if (v)
		set_running(settings, r, v);
}

/* userns-remap: /info says whether remapping is in effect, not for whom. */
static void apply_userns(json_t *settings, const json_t *info)
{
	json_t *s = json_object_get(settings, "userns-remap");
	const char *v = json_string_value(json_object_get(s, "value"));
	bool known, on = security_option(info, "userns", &known) != NULL;

	if (!json_is_object(s))
		return;
	if (known) {
		json_object_set_new(s, "in_effect", json_boolean(on));
		json_object_set_new(s, "in_effect_source", json_string("api"));
	} else if (v) {
		json_object_set_new(s, "in_effect", json_boolean(*v != '\0'));
		json_object_set(s, "in_effect_source", json_object_get(s, "source"));
	}
}

/* debug on puts the daemon's logger at debug level, whatever log-level says. */
static void apply_debug_level(json_t *settings)
{
	json_t *debug = json_object_get(settings, "debug"), *level, *out;
	const char *src = json_string_value(json_object_get(debug, "source"));
	const json_t *was;

	if (!json_is_true(json_object_get(debug, "value")))
		return;
	level = json_object_get(settings, "log-level");
	was = json_object_get(level, "value");
	out = json_pack("{s:s, s:s, s:s}", "value", "debug", "source",
			src && !strcmp(src, "api") ? "api" : "implied", "by", "debug");
	if (src && !strcmp(src, "api"))
		json_object_set_new(out, "api_member", json_string("Debug"));
	if (was && !(json_is_string(was) && !strcmp(json_string_value(was), "debug"))) {
		json_object_set(out, "configured_value", (json_t *)was);
		json_object_set(out, "configured_source", json_object_get(level, "source"));
	}
	json_object_set_new(settings, "log-level", out);
}

void da_dockerd_settings_apply_networks(json_t *settings, const json_t *networks)
{
	const json_t *n, *icc;
	size_t i;

	if (!json_is_object(settings))
		return;
	json_array_foreach (json_object_get(networks, "items"), i, n) {
		const json_t *opts = json_object_get(n, "options");
		const char *dflt = json_string_value(
			json_object_get(opts, "com.docker.network.bridge.default_bridge"));

		icc = json_object_get(n, "icc");
		if (dflt && !strcmp(dflt, "true") && json_is_boolean(icc)) {
			set_running(settings, running_setting("icc"), json_deep_copy(icc));
			return;
		}
	}
}

void da_dockerd_settings_apply_info(json_t *settings, const json_t *info)
{
	size_t i;

	if (!json_is_object(settings))
		return;
	if (json_is_object(info) && !json_object_get(info, "error")) {
		for (i = 0; i < N_RUNNING; i++)
			apply_one(settings, &running_settings[i], info);
	} else {
		info = NULL;
	}
	apply_userns(settings, info);
	apply_debug_level(settings);
}

/* ---- drift ---------------------------------------------------------------- */

static bool file_decides(const char *source)
{
	return source && (!strcmp(source, "config") || !strcmp(source, "default"));
}

/* VALUE as the sentence shows it: a JSON text, strings other than ""
 * unquoted. */
static char *shown(const json_t *v)
{
	if (json_is_string(v) && json_string_length(v))
		return da_xstrdup(json_string_value(v));
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

static json_t *drift_item(const char *name, const json_t *file_value, const char *file_source,
			  const json_t *running, const char *member, bool reload)
{
	char *f = shown(file_value), *r = shown(running);
	char *what = !strcmp(file_source, "config") ?
			     da_xasprintf("daemon.json sets %s %s", name, f) :
			     da_xasprintf("daemon.json does not set %s (default %s)", name, f);
	char *msg = da_xasprintf("%s; the running daemon has %s; the file takes effect at the next %s",
				 what, r, reload ? "reload (SIGHUP)" : "restart");
	json_t *item;

	item = json_pack("{s:s, s:O, s:s, s:O, s:s, s:s, s:s, s:o}", "setting", name, "file_value",
			 (json_t *)file_value, "file_source", file_source, "running_value",
			 (json_t *)running, "running_source", "api", "api_member", member,
			 "takes_effect", reload ? "reload" : "restart", "message",
			 da_facts_string(msg));
	free(f);
	free(r);
	free(what);
	free(msg);
	return item;
}

static void drift_userns(const json_t *settings, json_t *out)
{
	const json_t *s = json_object_get(settings, "userns-remap");
	const char *src = json_string_value(json_object_get(s, "source"));
	const char *isrc = json_string_value(json_object_get(s, "in_effect_source"));
	const char *v = json_string_value(json_object_get(s, "value"));
	const json_t *on = json_object_get(s, "in_effect");
	json_t *running;

	if (!v || !file_decides(src) || !isrc || strcmp(isrc, "api") ||
	    json_is_true(on) == (*v != '\0'))
		return;
	running = json_string(json_is_true(on) ? "remapping in effect" : "no remapping");
	json_array_append_new(out, drift_item("userns-remap", json_object_get(s, "value"), src,
					      running, USERNS_MEMBER, false));
	json_decref(running);
}

json_t *da_dockerd_drift_json(const json_t *settings)
{
	const struct running_setting *r;
	json_t *out = json_array(), *s;
	const char *name, *src;

	json_object_foreach((json_t *)settings, name, s) {
		r = running_setting(name);
		src = json_string_value(json_object_get(s, "configured_source"));
		if (!r || !r->drift || !json_object_get(s, "configured_value") || !file_decides(src))
			continue;
		json_array_append_new(out, drift_item(name, json_object_get(s, "configured_value"),
						      src, json_object_get(s, "value"), r->member,
						      r->reload));
	}
	drift_userns(settings, out);
	return out;
}

/* ---- a config file newer than the daemon ----------------------------------- */

void da_dockerd_settings_unconfirmed(json_t *settings, const char *why)
{
	const char *name, *src;
	json_t *s, *out;

	json_object_foreach(settings, name, s) {
		src = json_string_value(json_object_get(s, "source"));
		if (!file_decides(src) || !json_object_get(s, "value"))
			continue;
		out = json_pack("{s:o, s:O, s:s}", "error",
				da_facts_string(why), "file_value", json_object_get(s, "value"),
				"file_source", src);
		if (json_object_get(s, "in_effect"))
			json_object_set(out, "in_effect", json_object_get(s, "in_effect"));
		if (json_object_get(s, "in_effect_source"))
			json_object_set(out, "in_effect_source",
					json_object_get(s, "in_effect_source"));
		json_object_set_new(settings, name, out);
	}
}

/* ---- when the daemon started ------------------------------------------------ */

/* Field 22 of /proc/PID/stat (starttime, clock ticks after boot). */
static int stat_starttime(const char *data, unsigned long long *ticks)
{
	const char *p = strrchr(data, ')');
	char *end;
	int field;

	if (!p)
		return -EINVAL;
	p++;
	for (field = 3; field <= 22; field++) {
		while (*p == ' ')
			p++;
		if (!*p)
			return -EINVAL;
		if (field == 22) {
			if (!isdigit((unsigned char)*p))
				return -EINVAL;
			errno = 0;
			*ticks = strtoull(p, &end, 10);
			return errno || (*end && *end != ' ' && *end != '\n') ? -EINVAL : 0;
		}
		p += strcspn(p, " ");
	}
	return -EINVAL;
}

/* The "btime" line of /proc/stat. */
static int stat_btime(const char *data, unsigned long long *btime)
{
	const char *p = data;
	char *end;

	while (p && *p) {
		if (!strncmp(p, "btime ", 6)) {
			errno = 0;
			*btime = strtoull(p + 6, &end, 10);
			return errno || end == p + 6 ? -EINVAL : 0;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return -ENOENT;
}

int da_dockerd_start_time(const struct da_root *root, int pid, double *out)
{
	unsigned long long ticks = 0, btime = 0;
	char path[48], *data = NULL;
	long hz = sysconf(_SC_CLK_TCK);
	int rc;

	if (pid <= 0 || hz <= 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	rc = da_root_read_file(root, path, STAT_MAX, &data, NULL);
	if (rc == 0)
		rc = stat_starttime(data, &ticks);
	free(data);
	data = NULL;
	if (rc == 0)
		rc = da_root_read_file(root, "/proc/stat", STAT_MAX, &data, NULL);
	if (rc == 0)
		rc = stat_btime(data, &btime);
	free(data);
	if (rc == 0)
		*out = (double)btime + (double)ticks / (double)hz;
	return rc;
}
