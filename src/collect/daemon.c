/*
 * The daemon collector: what the Engine API says (version, info, plugins,
 * networks, and on a swarm manager the swarm, its nodes, services, secrets
 * and configs), which engine answers (Docker or Podman, rootless or not),
 * the process that really serves the API (dockerd_proc.c) and its command
 * line (dockerd_flags.c), the config file it uses, and the effective value
 * and source of every setting. Layout: dockaudit-facts(5), 20-daemon.roff.
 */
#include "collect/daemon.h"
#include "collect/collectors.h"
#include "collect/dockerd_running.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The formatted message as a JSON string, made safe for JSON. */
static json_t *vmessage(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static json_t *vmessage(const char *fmt, va_list ap)
{
	struct da_buf b;
	json_t *msg;

	da_buf_init(&b, 0);
	da_buf_vprintf(&b, fmt, ap);
	msg = da_facts_string(b.data ? b.data : "");
	da_buf_free(&b);
	return msg;
}

/* {"error": the formatted message} */
static json_t *error_object(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *error_object(const char *fmt, ...)
{
	va_list ap;
	json_t *msg;

	va_start(ap, fmt);
	msg = vmessage(fmt, ap);
	va_end(ap);
	return json_pack("{s:o}", "error", msg);
}

/* Set OBJ's "error" member to the formatted message. */
static void set_error(json_t *obj, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_error(json_t *obj, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	json_object_set_new(obj, "error", vmessage(fmt, ap));
	va_end(ap);
}

/* ---- the config file ------------------------------------------------- */

static bool all_space(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/* Parse DATA as dockerd does (a UTF-8 byte order mark skipped, blank is
 * an empty object) into CONFIG's content, or its error. */
static void parse_config(json_t *config, const char *path, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *content;

	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		data += 3, len -= 3;
	if (all_space(data, len)) {
		json_object_set_new(config, "content", json_object());
		return;
	}
	content = json_loadb(data, len, JSON_DECODE_ANY, &jerr);
	if (!content) {
		set_error(config, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
	} else if (!json_is_object(content)) {
		set_error(config, "%s: not a JSON object", path);
		json_decref(content);
	} else {
		json_object_set_new(config, "content", content);
	}
}

json_t *da_dockerd_config_file_at(const struct da_root *root, const struct da_dockerd_flags *flags,
				  const char *default_path)
{
	const char *given = da_dockerd_flag(flags, "config-file");
	const char *path = given ? given : default_path;
	json_t *config = json_object();
	char *data = NULL;
	size_t len = 0;
	int rc;

	json_object_set_new(config, "path", da_facts_string(path));
	json_object_set_new(config, "source", json_string(given ? "flag" : "default"));
	rc = da_root_read_file(root, path, DA_DOCKERD_CONFIG_MAX, &data, &len);
	json_object_set_new(config, "exists", json_boolean(rc != -ENOENT && rc != -ENOTDIR));
	if (rc == 0)
		parse_config(config, path, data, len);
	else if (rc == -EFBIG)
		set_error(config, "%s: larger than %u bytes", path, DA_DOCKERD_CONFIG_MAX);
	else if (rc != -ENOENT || given)
		set_error(config, "%s: %s", path, strerror(-rc));
	free(data);
	return config;
}

json_t *da_dockerd_config_file(const struct da_root *root, const struct da_dockerd_flags *flags)
{
	return da_dockerd_config_file_at(root, flags, DA_DOCKERD_DEFAULT_CONFIG);
}

/* $XDG_CONFIG_HOME, else $HOME/.config (Go's homedir.GetConfigHome). */
static char *config_home(const struct da_dockerd_env *env)
{
	if (env->xdg_config_home)
		return da_xstrdup(env->xdg_config_home);
	return env->home ? da_xasprintf("%s/.config", env->home) : NULL;
}

char *da_dockerd_default_config_path(const struct da_dockerd_env *env)
{
	char *home, *path;

	if (!env || !env->rootlesskit_state_dir)
		return da_xstrdup(DA_DOCKERD_DEFAULT_CONFIG);
	home = config_home(env);
	path = home ? da_xasprintf("%s/docker/daemon.json", home) : NULL;
	free(home);
	return path;
}

/* ---- value types ----------------------------------------------------- */

/* pflag's boolean spellings; NULL when S is none of them. */
static json_t *bool_from_text(const char *s)
{
	const char *b = da_dockerd_parse_bool(s);

	return b ? json_boolean(!strcmp(b, "true")) : NULL;
}

/* A scalar: the last occurrence wins. */
static int set_bool(json_t **acc, const char *text)
{
	json_t *v = bool_from_text(text);

	if (!v)
		return -1;
	json_decref(*acc);
	*acc = v;
	return 0;
}

static int set_string(json_t **acc, const char *text)
{
	json_decref(*acc);
	*acc = da_facts_string(text);
	return 0;
}

static int append_string(json_t **acc, const char *text)
{
	json_array_append_new(*acc, da_facts_string(text));
	return 0;
}

/* "KEY=VALUE" into the object *ACC; a word without '=' is KEY with an
 * empty value, as dockerd's MapOpts takes it. */
static int set_key_value(json_t **acc, const char *text)
{
	const char *eq = strchr(text, '=');
	char *key = da_xstrndup(text, eq ? (size_t)(eq - text) : strlen(text));
	json_t *k = da_facts_string(key);

	json_object_set_new(*acc, json_string_value(k), da_facts_string(eq ? eq + 1 : ""));
	json_decref(k);
	free(key);
	return 0;
}

/* The resource names go-units' ParseUlimit accepts. */
static const char *const ulimit_names[] = {
	"core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
	"nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack", NULL,
};

static bool ulimit_name_ok(const char *name)
{
	size_t i;

	for (i = 0; ulimit_names[i]; i++)
		if (!strcmp(ulimit_names[i], name))
			return true;
	return false;
}

/* strconv.ParseInt(S, 10, 64) of the N bytes at S. */
static int parse_int64(const char *s, size_t n, json_int_t *out)
{
	char buf[32], *end;
	long long v;

	if (!n || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!isdigit((unsigned char)buf[buf[0] == '-' || buf[0] == '+']))
		return -EINVAL;
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*out = (json_int_t)v;
	return 0;
}

static json_t *ulimit_json(const char *name, json_int_t soft, json_int_t hard)
{
	return json_pack("{s:o, s:I, s:I}", "Name", da_facts_string(name), "Soft", soft, "Hard",
			 hard);
}

/* "NAME=SOFT[:HARD]" (HARD defaults to SOFT; SOFT may not exceed it). */
static int add_ulimit(json_t **acc, const char *text)
{
	const char *eq = strchr(text, '='), *colon;
	json_int_t soft, hard;
	char *name;
	int rc = -1;

	if (!eq)
		return -1;
	name = da_xstrndup(text, (size_t)(eq - text));
	colon = strchr(eq + 1, ':');
	if (!ulimit_name_ok(name) ||
	    parse_int64(eq + 1, colon ? (size_t)(colon - eq - 1) : strlen(eq + 1), &soft) < 0)
		goto out;
	if (colon && parse_int64(colon + 1, strlen(colon + 1), &hard) < 0)
		goto out;
	if (!colon)
		hard = soft;
	if (soft > hard)
		goto out;
	json_object_set_new(*acc, name, ulimit_json(name, soft, hard));
	rc = 0;
out:
	free(name);
	return rc;
}

/* One "key=value" field of a pool: base or size. */
static int pool_field(json_t *pool, const char *f, size_t n)
{
	const char *eq = memchr(f, '=', n);
	json_int_t size;
	char *base;

	if (!eq)
		return -1;
	if ((size_t)(eq - f) == 4 && !memcmp(f, "base", 4) && eq + 1 < f + n) {
		base = da_xstrndup(eq + 1, (size_t)(f + n - eq - 1));
		json_object_set_new(pool, "base", da_facts_string(base));
		free(base);
		return 0;
	}
	if ((size_t)(eq - f) == 4 && !memcmp(f, "size", 4) &&
	    parse_int64(eq + 1, (size_t)(f + n - eq - 1), &size) == 0 && size > 0) {
		json_object_set_new(pool, "size", json_integer(size));
		return 0;
	}
	return -1;
}

/* "base=CIDR,size=N", as dockerd's PoolsOpt reads it. */
static int add_pool(json_t **acc, const char *text)
{
	json_t *pool = json_object();
	const char *f = text, *comma;
	size_t n;

	for (; f; f = comma ? comma + 1 : NULL) {
		comma = strchr(f, ',');
		n = comma ? (size_t)(comma - f) : strlen(f);
		if (pool_field(pool, f, n) < 0) {
			json_decref(pool);
			return -1;
		}
	}
	if (!json_object_get(pool, "base") || !json_object_get(pool, "size")) {
		json_decref(pool);
		return -1;
	}
	json_array_append_new(*acc, pool);
	return 0;
}

/* Go's encoding/json matches struct fields case-insensitively. */
static json_t *get_ci(const json_t *obj, const char *key)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)obj, k, v) {
		if (!strcasecmp(k, key))
			return v;
	}
	return NULL;
}

static json_t *copy_if(bool ok, const json_t *v)
{
	return ok ? json_deep_copy(v) : NULL;
}

static json_t *config_bool(const json_t *v)
{
	return copy_if(json_is_boolean(v), v);
}

static json_t *config_string(const json_t *v)
{
	return copy_if(json_is_string(v), v);
}

static bool all_strings(const json_t *v)
{
	const char *k;
	json_t *e;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if (!json_is_string(e))
				return false;
		return true;
	}
	json_object_foreach((json_t *)v, k, e)
		if (!json_is_string(e))
			return false;
	return json_is_object(v);
}

static json_t *config_list(const json_t *v)
{
	return copy_if(json_is_array(v) && all_strings(v), v);
}

static json_t *config_map(const json_t *v)
{
	return copy_if(json_is_object(v) && all_strings(v), v);
}

static json_t *config_kv_list(const json_t *v)
{
	json_t *out, *e;
	size_t i;

	if (!json_is_array(v) || !all_strings(v))
		return NULL;
	out = json_object();
	json_array_foreach(v, i, e)
		set_key_value(&out, json_string_value(e));
	return out;
}

/* {"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 2048}}; Name
 * defaults to the key. */
static json_t *config_ulimits(const json_t *v)
{
	json_t *out, *u, *name, *soft, *hard;
	const char *k;

	if (!json_is_object(v))
		return NULL;
	out = json_object();
	json_object_foreach((json_t *)v, k, u) {
		name = json_is_object(u) ? get_ci(u, "Name") : NULL;
		soft = json_is_object(u) ? get_ci(u, "Soft") : NULL;
		hard = json_is_object(u) ? get_ci(u, "Hard") : NULL;
		if (!json_is_integer(soft) || !json_is_integer(hard) || (name && !json_is_string(name))) {
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, k, ulimit_json(name ? json_string_value(name) : k,
							json_integer_value(soft),
							json_integer_value(hard)));
	}
	return out;
}

/* [{"base": "10.10.0.0/16", "size": 24}] */
static json_t *config_pools(const json_t *v)
{
	json_t *out, *p, *base, *size;
	size_t i;

	if (!json_is_array(v))
		return NULL;
	out = json_array();
	json_array_foreach(v, i, p) {
		base = json_is_object(p) ? get_ci(p, "base") : NULL;
		size = json_is_object(p) ? get_ci(p, "size") : NULL;
		if (!json_is_string(base) || !json_is_integer(size)) {
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out, json_pack("{s:O, s:O}", "base", base, "size", size));
	}
	return out;
}

static json_t *zero_bool(void)
{
	return json_false();
}

static json_t *zero_string(void)
{
	return json_string("");
}

/* How each value type is read from the command line and from daemon.json. */
static const struct setting_type {
	const char *what;      /* what daemon.json must hold: "a boolean" */
	const char *flag_form; /* what a flag value must be */
	bool repeated;         /* every occurrence of the flag counts, not the last */
	json_t *(*zero)(void); /* false, "", [] or {}: where occurrences start */
	/* Take one flag value into *ACC (replacing a scalar, adding to a list
	 * or map): 0, or -1 when it is not valid. */
	int (*add_text)(json_t **acc, const char *text);
	json_t *(*from_config)(const json_t *v); /* a normalised copy; NULL: not valid */
} setting_types[] = {
	[DA_SETTING_BOOL] = { "a boolean", "a boolean", false, zero_bool, set_bool, config_bool },
	[DA_SETTING_STRING] = { "a string", "a string", false, zero_string, set_string,
				config_string },
	[DA_SETTING_LIST] = { "an array of strings", "a string", true, json_array, append_string,
			      config_list },
	[DA_SETTING_MAP] = { "an object of strings", "KEY=VALUE", true, json_object, set_key_value,
			     config_map },
	[DA_SETTING_KV_LIST] = { "an array of strings", "KEY=VALUE", true, json_object,
				 set_key_value, config_kv_list },
	[DA_SETTING_ULIMITS] = { "an object of {\"Name\", \"Soft\", \"Hard\"} objects",
				 "NAME=SOFT[:HARD]", true, json_object, add_ulimit,
				 config_ulimits },
	[DA_SETTING_POOLS] = { "an array of {\"base\", \"size\"} objects", "base=CIDR,size=N",
			       true, json_array, add_pool, config_pools },
};

/* ---- defaults that depend on the daemon's environment ------------------ */

static const struct da_dockerd_env *ctx_env(const struct da_dockerd_context *c)
{
	return c && c->env && c->env->known ? c->env : NULL;
}

static bool rootlesskit(const struct da_dockerd_context *c)
{
	const struct da_dockerd_env *env = ctx_env(c);

	return env && env->rootlesskit_state_dir;
}

/* DIR/NAME, or NULL with *WHY when DIR is unknown. */
static char *under(const char *dir, const char *name, const char *missing, const char **why)
{
	if (!dir) {
		*why = missing;
		return NULL;
	}
	return da_xasprintf("%s%s", dir, name);
}

static char *def_rootless(const struct da_dockerd_context *c, const char **why)
{
	return da_xstrdup(rootlesskit(c) ? "true" : "false");
}

#define NO_RUNTIME_DIR "dockerd runs under RootlessKit but XDG_RUNTIME_DIR is not set in its environment"

/* $XDG_DATA_HOME/docker, else $HOME/.local/share/docker under RootlessKit. */
static char *def_data_root(const struct da_dockerd_context *c, const char **why)
{
	const struct da_dockerd_env *env = ctx_env(c);

	if (!rootlesskit(c))
		return da_xstrdup("/var/lib/docker");
	if (env->xdg_data_home)
		return da_xasprintf("%s/docker", env->xdg_data_home);
	return under(env->home, "/.local/share/docker",
		     "dockerd runs under RootlessKit but neither XDG_DATA_HOME nor HOME is set in "
		     "its environment", why);
}

static char *def_exec_root(const struct da_dockerd_context *c, const char **why)
{
	if (!rootlesskit(c))
		return da_xstrdup("/var/run/docker");
	return under(ctx_env(c)->xdg_runtime_dir, "/docker", NO_RUNTIME_DIR, why);
}

static char *def_hosts(const struct da_dockerd_context *c, const char **why)
{
	const char *dir;

	if (!rootlesskit(c))
		return da_xstrdup("unix:///var/run/docker.sock");
	dir = ctx_env(c)->xdg_runtime_dir;
	if (!dir) {
		*why = NO_RUNTIME_DIR;
		return NULL;
	}
	return da_xasprintf("unix://%s/docker.sock", dir);
}

/* $DOCKER_CERT_PATH, else $DOCKER_CONFIG, else $HOME/.docker (HOME unset:
 * root's /root). Unknown environment: a root daemon's /root/.docker. */
static char *cert_path(const struct da_dockerd_context *c, const char *file, const char **why)
{
	const struct da_dockerd_env *env = ctx_env(c);

	if (env && env->docker_cert_path)
		return da_xasprintf("%s/%s", env->docker_cert_path, file);
	if (env && env->docker_config)
		return da_xasprintf("%s/%s", env->docker_config, file);
	if (env && env->home)
		return da_xasprintf("%s/.docker/%s", env->home, file);
	if (!c || c->uid <= 0)
		return da_xasprintf("/root/.docker/%s", file);
	*why = "HOME is not set in dockerd's environment";
	return NULL;
}

static char *def_tlscacert(const struct da_dockerd_context *c, const char **why)
{
	return cert_path(c, "ca.pem", why);
}

static char *def_tlscert(const struct da_dockerd_context *c, const char **why)
{
	return cert_path(c, "cert.pem", why);
}

static char *def_tlskey(const struct da_dockerd_context *c, const char **why)
{
	return cert_path(c, "key.pem", why);
}

/* ---- the settings table ---------------------------------------------- */

/* Every daemon setting the CIS Docker Benchmark (v1.6.0 to v1.8.0, sections
 * 2, 3 and 5) asks about, and what a careful auditor asks besides. Defaults
 * are dockerd's own for Docker 20.10 and later (cmd/dockerd/config*.go). */
const struct da_dockerd_setting da_dockerd_settings[] = {
	{ .name = "authorization-plugins", .flag = "authorization-plugin",
	  .config_key = "authorization-plugins", .type = DA_SETTING_LIST },
	{ .name = "bip", .flag = "bip", .config_key = "bip", .type = DA_SETTING_STRING },
	{ .name = "cgroup-parent", .flag = "cgroup-parent", .config_key = "cgroup-parent",
	  .type = DA_SETTING_STRING },
	{ .name = "containerd", .flag = "containerd", .config_key = "containerd",
	  .type = DA_SETTING_STRING },
	{ .name = "data-root", .flag = "data-root", .flag_alias = "graph", .config_key = "data-root",
	  .config_alias = "graph", .type = DA_SETTING_STRING, .def_fn = def_data_root },
	{ .name = "debug", .flag = "debug", .config_key = "debug", .type = DA_SETTING_BOOL },
	{ .name = "default-address-pools", .flag = "default-address-pool",
	  .config_key = "default-address-pools", .type = DA_SETTING_POOLS },
	{ .name = "default-ipc-mode", .flag = "default-ipc-mode", .config_key = "default-ipc-mode",
	  .type = DA_SETTING_STRING, .def = "private" },
	{ .name = "default-runtime", .flag = "default-runtime", .config_key = "default-runtime",
	  .type = DA_SETTING_STRING, .def = "runc" },
	{ .name = "default-ulimits", .flag = "default-ulimit", .config_key = "default-ulimits",
	  .type = DA_SETTING_ULIMITS },
	{ .name = "exec-root", .flag = "exec-root", .config_key = "exec-root",
	  .type = DA_SETTING_STRING, .def_fn = def_exec_root },
	{ .name = "experimental", .flag = "experimental", .config_key = "experimental",
	  .type = DA_SETTING_BOOL },
	{ .name = "group", .flag = "group", .config_key = "group", .type = DA_SETTING_STRING,
	  .def = "docker" },
	{ .name = "hosts", .flag = "host", .config_key = "hosts", .type = DA_SETTING_LIST,
	  .def_fn = def_hosts },
	{ .name = "icc", .flag = "icc", .config_key = "icc", .type = DA_SETTING_BOOL, .def = "true" },
	{ .name = "init", .flag = "init", .config_key = "init", .type = DA_SETTING_BOOL },
	{ .name = "insecure-registries", .flag = "insecure-registry",
	  .config_key = "insecure-registries", .type = DA_SETTING_LIST },
	{ .name = "ip", .flag = "ip", .config_key = "ip", .type = DA_SETTING_STRING,
	  .def = "0.0.0.0" },
	{ .name = "ip-forward", .flag = "ip-forward", .config_key = "ip-forward",
	  .type = DA_SETTING_BOOL, .def = "true" },
	{ .name = "ip-masq", .flag = "ip-masq", .config_key = "ip-masq", .type = DA_SETTING_BOOL,
	  .def = "true" },
	{ .name = "ip6tables", .flag = "ip6tables", .config_key = "ip6tables",
	  .type = DA_SETTING_BOOL, .def = "false", .since = "27.0", .def_since = "true" },
	{ .name = "iptables", .flag = "iptables", .config_key = "iptables", .type = DA_SETTING_BOOL,
	  .def = "true" },
	{ .name = "ipv6", .flag = "ipv6", .config_key = "ipv6", .type = DA_SETTING_BOOL },
	{ .name = "live-restore", .flag = "live-restore", .config_key = "live-restore",
	  .type = DA_SETTING_BOOL },
	{ .name = "log-driver", .flag = "log-driver", .config_key = "log-driver",
	  .type = DA_SETTING_STRING, .def = "json-file" },
	{ .name = "log-level", .flag = "log-level", .config_key = "log-level",
	  .type = DA_SETTING_STRING, .def = "info" },
	{ .name = "log-opts", .flag = "log-opt", .config_key = "log-opts", .type = DA_SETTING_MAP },
	{ .name = "no-new-privileges", .flag = "no-new-privileges",
	  .config_key = "no-new-privileges", .type = DA_SETTING_BOOL },
	{ .name = "registry-mirrors", .flag = "registry-mirror", .config_key = "registry-mirrors",
	  .type = DA_SETTING_LIST },
	{ .name = "rootless", .flag = "rootless", .config_key = "rootless", .type = DA_SETTING_BOOL,
	  .def_fn = def_rootless },
	{ .name = "seccomp-profile", .flag = "seccomp-profile", .config_key = "seccomp-profile",
	  .type = DA_SETTING_STRING, .def = "", .since = "23.0", .def_since = "builtin" },
	{ .name = "selinux-enabled", .flag = "selinux-enabled", .config_key = "selinux-enabled",
	  .type = DA_SETTING_BOOL },
	{ .name = "storage-driver", .flag = "storage-driver", .config_key = "storage-driver",
	  .type = DA_SETTING_STRING },
	{ .name = "storage-opts", .flag = "storage-opt", .config_key = "storage-opts",
	  .type = DA_SETTING_KV_LIST },
	{ .name = "tls", .flag = "tls", .config_key = "tls", .type = DA_SETTING_BOOL },
	{ .name = "tlscacert", .flag = "tlscacert", .config_key = "tlscacert",
	  .type = DA_SETTING_STRING, .def_fn = def_tlscacert },
	{ .name = "tlscert", .flag = "tlscert", .config_key = "tlscert", .type = DA_SETTING_STRING,
	  .def_fn = def_tlscert },
	{ .name = "tlskey", .flag = "tlskey", .config_key = "tlskey", .type = DA_SETTING_STRING,
	  .def_fn = def_tlskey },
	{ .name = "tlsverify", .flag = "tlsverify", .config_key = "tlsverify",
	  .type = DA_SETTING_BOOL },
	{ .name = "userland-proxy", .flag = "userland-proxy", .config_key = "userland-proxy",
	  .type = DA_SETTING_BOOL, .def = "true" },
	{ .name = "userns-remap", .flag = "userns-remap", .config_key = "userns-remap",
	  .type = DA_SETTING_STRING },
	{ .name = NULL },
};

/* ---- effective settings ---------------------------------------------- */

long da_dockerd_version_num(const char *version)
{
	char *end;
	long major, minor;

	if (!version || !isdigit((unsigned char)version[0]))
		return -1;
	errno = 0;
	major = strtol(version, &end, 10);
	if (errno || *end != '.' || !isdigit((unsigned char)end[1]) || major > 100000)
		return -1;
	minor = strtol(end + 1, &end, 10);
	if (errno || minor > 999)
		return -1;
	return major * 1000 + minor;
}

static json_t *setting_value(json_t *value, const char *source)
{
	return json_pack("{s:o, s:s}", "value", value, "source", source);
}

/* TEXT as a value of type T (a NULL TEXT: the type's zero value). */
static json_t *value_from_text(const struct setting_type *t, const char *text)
{
	json_t *v = t->zero();

	if (text && t->add_text(&v, text) < 0) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* The default text of S for CTX; NULL with *WHY (caller frees) when it
 * cannot be known, NULL with *WHY NULL for the type's zero value. */
static char *default_text(const struct da_dockerd_setting *s, const struct da_dockerd_context *ctx,
			  char **why)
{
	const char *fn_why = "unknown";
	long have, since;
	char *text;

	*why = NULL;
	if (s->def_fn) {
		text = s->def_fn(ctx, &fn_why);
		if (!text)
			*why = da_xstrdup(fn_why);
		return text;
	}
	if (!s->since)
		return da_xstrdup(s->def);
	have = da_dockerd_version_num(ctx ? ctx->version : NULL);
	since = da_dockerd_version_num(s->since);
	if (have < 0) {
		*why = da_xasprintf("the default changed in Docker %s and the daemon's version is "
				    "unknown%s%s", s->since, ctx && ctx->version_why ? ": " : "",
				    ctx && ctx->version_why ? ctx->version_why : "");
		return NULL;
	}
	return da_xstrdup(have >= since ? s->def_since : s->def);
}

static json_t *default_setting(const struct da_dockerd_setting *s,
			       const struct da_dockerd_context *ctx)
{
	char *why, *text = default_text(s, ctx, &why);
	json_t *v, *out;

	if (why) {
		out = error_object("%s", why);
	} else if (!(v = value_from_text(&setting_types[s->type], text))) {
		out = error_object("default %s: not %s", text, setting_types[s->type].flag_form);
	} else {
		out = setting_value(v, "default");
	}
	free(why);
	free(text);
	return out;
}

static bool is_flag_of(const struct da_dockerd_setting *s, const char *name)
{
	return !strcmp(name, s->flag) || (s->flag_alias && !strcmp(name, s->flag_alias));
}

/* The value the command line gives S (every occurrence, in order), or NULL:
 * not given, or *BAD (borrowed) is an occurrence that is not valid. */
static json_t *from_flags(const struct da_dockerd_setting *s, const struct da_dockerd_flags *f,
			  const struct da_dockerd_opt **bad)
{
	const struct setting_type *t = &setting_types[s->type];
	json_t *v = NULL;
	size_t i;

	*bad = NULL;
	for (i = 0; i < f->n; i++) {
		if (!is_flag_of(s, f->opts[i].name))
			continue;
		if (!v)
			v = t->zero();
		if (t->add_text(&v, f->opts[i].value) < 0) {
			*bad = &f->opts[i];
			json_decref(v);
			return NULL;
		}
	}
	return v;
}

/* S's member of the config file's content (its alias too), or NULL. */
static const json_t *config_member(const struct da_dockerd_setting *s, const json_t *content,
				   const char **key)
{
	const json_t *v = json_object_get(content, s->config_key);

	*key = s->config_key;
	if (!v && s->config_alias) {
		v = json_object_get(content, s->config_alias);
		*key = s->config_alias;
	}
	return v;
}

static json_t *one_setting(const struct da_dockerd_setting *s, const struct da_dockerd_flags *flags,
			   const json_t *config_file, const struct da_dockerd_context *ctx)
{
	const struct setting_type *t = &setting_types[s->type];
	const json_t *content = json_object_get(config_file, "content"), *v, *err;
	const struct da_dockerd_opt *bad;
	const char *key;
	json_t *value, *out;

	value = from_flags(s, flags, &bad);
	if (bad)
		return error_object("--%s=%s: not %s", bad->name, bad->value, t->flag_form);
	v = config_member(s, content, &key);
	if (value) {
		out = setting_value(value, "flag");
		if (v)
			json_object_set_new(out, "conflict", json_true());
		return out;
	}
	if ((err = json_object_get(config_file, "error")))
		return json_pack("{s:O}", "error", (json_t *)err);
	if (!v)
		return default_setting(s, ctx);
	if (!(value = t->from_config(v)))
		return error_object("%s: \"%s\" must be %s",
				    json_string_value(json_object_get(config_file, "path")), key,
				    t->what);
	return setting_value(value, "config");
}

/* ---- what dockerd derives from other settings ------------------------ */

static const char *source_of(const json_t *settings, const char *name)
{
	return json_string_value(json_object_get(json_object_get(settings, name), "source"));
}

static json_t *value_of(const json_t *settings, const char *name)
{
	return json_object_get(json_object_get(settings, name), "value");
}

static bool explicit_source(const char *source)
{
	return source && (!strcmp(source, "flag") || !strcmp(source, "config"));
}

static void set_implied(json_t *settings, const char *name, json_t *value, const char *by)
{
	json_object_set_new(settings, name, json_pack("{s:o, s:s, s:s}", "value", value, "source",
						      "implied", "by", by));
}

/* tlsverify given at all, even false, turns TLS on. */
static void imply_tls(json_t *settings)
{
	if (explicit_source(source_of(settings, "tlsverify")) &&
	    !json_is_true(value_of(settings, "tls")))
		set_implied(settings, "tls", json_true(), "tlsverify");
}

/* tls given and tlsverify not: verification follows tls. */
static void imply_tlsverify(json_t *settings)
{
	const char *v = source_of(settings, "tlsverify"), *t = source_of(settings, "tls");
	json_t *tls = value_of(settings, "tls");

	if (v && !strcmp(v, "default") && explicit_source(t))
		set_implied(settings, "tlsverify", json_incref(tls), "tls");
}

/* No host given and TLS on: dockerd listens on tcp://localhost:2376. */
static void imply_tls_host(json_t *settings)
{
	const char *h = source_of(settings, "hosts");

	if (h && !strcmp(h, "default") && json_is_true(value_of(settings, "tls")))
		json_object_set_new(settings, "hosts",
				    setting_value(json_pack("[s]", "tcp://localhost:2376"),
						  "default"));
}

/* In this order: each reads what the one before may have set. */
static void (*const implications[])(json_t *settings) = {
	imply_tls,
	imply_tlsverify,
	imply_tls_host,
};

json_t *da_dockerd_settings_eval(const struct da_dockerd_flags *flags, const json_t *config_file,
				 const struct da_dockerd_context *ctx, const char *why)
{
	json_t *settings = json_object();
	const struct da_dockerd_setting *s;
	size_t i;

	for (s = da_dockerd_settings; s->name; s++) {
		if (flags)
			json_object_set_new(settings, s->name,
					    one_setting(s, flags, config_file, ctx));
		else
			json_object_set_new(settings, s->name, error_object("%s", why));
	}
	for (i = 0; flags && i < sizeof(implications) / sizeof(implications[0]); i++)
		implications[i](settings);
	return settings;
}

json_t *da_dockerd_settings_json(const struct da_dockerd_flags *flags, const json_t *config_file,
				 const char *why)
{
	return da_dockerd_settings_eval(flags, config_file, NULL, why);
}

/* ---- which engine answers -------------------------------------------- */

struct engine {
	bool docker, podman, rootless;
	json_t *evidence;
};

static void evidence(struct engine *e, bool *flag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void evidence(struct engine *e, bool *flag, const char *fmt, ...)
{
	va_list ap;

	*flag = true;
	va_start(ap, fmt);
	json_array_append_new(e->evidence, vmessage(fmt, ap));
	va_end(ap);
}

/* /version: Components[].Name and Platform.Name. */
static void engine_from_version(const json_t *version, struct engine *e)
{
	const char *platform = json_string_value(da_facts_get(version, "/Platform/Name")), *name;
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(version, "Components"), i, c) {
		name = json_string_value(json_object_get(c, "Name"));
		if (name && !strcmp(name, "Podman Engine"))
			evidence(e, &e->podman, "/version: component \"Podman Engine\"");
		else if (name && !strcmp(name, "Engine"))
			evidence(e, &e->docker, "/version: component \"Engine\"");
	}
	if (platform && strstr(platform, "Podman"))
		evidence(e, &e->podman, "/version: Platform.Name \"%s\"", platform);
	else if (platform && !strncmp(platform, "Docker Engine", 13))
		evidence(e, &e->docker, "/version: Platform.Name \"%s\"", platform);
}

static void engine_from_info(const json_t *info, struct engine *e)
{
	json_t *o;
	size_t i;

	json_array_foreach(json_object_get(info, "SecurityOptions"), i, o) {
		if (json_is_string(o) && !strcmp(json_string_value(o), "name=rootless"))
			evidence(e, &e->rootless, "/info: SecurityOptions has \"name=rootless\"");
	}
}

/* A path below DIR/ (DIR without its trailing slash). */
static bool below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return n > 1 && !strncmp(path, dir, n) && path[n] == '/';
}

/* /run/user/UID/... (or /var/run/user/UID/...): a user's runtime directory. */
static bool in_user_runtime_dir(const char *path, char *dir, size_t size)
{
	const char *p = !strncmp(path, "/run/user/", 10) ? path + 10 :
			!strncmp(path, "/var/run/user/", 14) ? path + 14 : NULL;
	size_t n;

	if (!p || !isdigit((unsigned char)*p))
		return false;
	n = strspn(p, "0123456789");
	if (p[n] != '/' || (size_t)(p + n - path) >= size)
		return false;
	memcpy(dir, path, (size_t)(p + n - path));
	dir[p + n - path] = '\0';
	return true;
}

static void engine_from_socket(const char *socket, const struct da_dockerd_proc *p,
			       struct engine *e)
{
	char dir[64];

	if (!socket)
		return;
	if (in_user_runtime_dir(socket, dir, sizeof(dir)))
		evidence(e, &e->rootless, "socket %s is in the user runtime directory %s", socket,
			 dir);
	else if (p && p->env.xdg_runtime_dir && below(socket, p->env.xdg_runtime_dir))
		evidence(e, &e->rootless, "socket %s is in the daemon's XDG_RUNTIME_DIR %s",
			 socket, p->env.xdg_runtime_dir);
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

static void engine_from_process(const struct da_dockerd_proc *p, struct engine *e)
{
	const char *exe = p && p->exe ? base_name(p->exe) : NULL;

	if (!p)
		return;
	if (exe && !strncmp(exe, "dockerd", 7) && (!exe[7] || exe[7] == ' '))
		evidence(e, &e->docker, "process %d runs %s", p->pid, p->exe);
	else if (exe && !strncmp(exe, "podman", 6) && (!exe[6] || exe[6] == ' '))
		evidence(e, &e->podman, "process %d runs %s", p->pid, p->exe);
	if (p->uid > 0)
		evidence(e, &e->rootless, "process %d runs as uid %ld", p->pid, p->uid);
	if (p->env.rootlesskit_state_dir)
		evidence(e, &e->rootless, "process %d has ROOTLESSKIT_STATE_DIR in its environment",
			 p->pid);
}

json_t *da_dockerd_engine_json(const json_t *section, const char *socket,
			       const struct da_dockerd_proc *proc)
{
	struct engine e = { .evidence = json_array() };

	engine_from_version(json_object_get(section, "version"), &e);
	engine_from_info(json_object_get(section, "info"), &e);
	engine_from_socket(socket, proc, &e);
	engine_from_process(proc, &e);
	return json_pack("{s:s, s:b, s:o}", "kind",
			 e.podman ? "podman" : e.docker ? "docker" : "unknown", "rootless",
			 e.rootless, "evidence", e.evidence);
}

/* ---- the Engine API ---------------------------------------------------- */

/* GET PATHS[0..N-1] concurrently: OUT[i] the answer, else {"error"}. */
static void get_all(struct da_docker *docker, const char *const *paths, size_t n, json_t **out)
{
	char **errs = da_xcalloc(n ? n : 1, sizeof(*errs));
	size_t i;

	if (n)
		da_docker_get_many(docker, paths, n, out, errs);
	for (i = 0; i < n; i++) {
		if (errs[i]) {
			json_decref(out[i]);
			out[i] = error_object("%s", errs[i]);
		} else if (!out[i]) {
			out[i] = error_object("GET %s: no answer", paths[i]);
		}
		free(errs[i]);
	}
	free(errs);
}

/* {count, items} for an answer that must be an array; {error} otherwise. */
static json_t *list_source(json_t *answer, const char *path)
{
	json_t *out;

	if (json_object_get(answer, "error"))
		return answer;
	if (!json_is_array(answer)) {
		json_decref(answer);
		return error_object("GET %s: not a JSON array", path);
	}
	out = json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(answer), "items", answer);
	return out;
}

/* Secrets and configs: Spec.Data is content, not metadata. The API never
 * returns a secret's, but a config's is there: it is dropped. */
static void drop_spec_data(json_t *list)
{
	json_t *item;
	size_t i;

	json_array_foreach(list, i, item)
		json_object_del(json_object_get(item, "Spec"), "Data");
}

/* ---- networks ---------------------------------------------------------- */

#define ICC_OPTION "com.docker.network.bridge.enable_icc"

/* Network and swarm ids are hex or base32: anything else is not put in a path. */
static bool safe_id(const char *id)
{
	const char *p;

	if (!id || !*id || strlen(id) > 128)
		return false;
	for (p = id; *p; p++)
		if (!isalnum((unsigned char)*p))
			return false;
	return true;
}

/* A bridge network's enable_icc option: absent is true (the driver's
 * default); a value that is not a boolean is null. */
static json_t *bridge_icc(const json_t *options)
{
	const json_t *icc = json_object_get(options, ICC_OPTION);
	json_t *v;

	if (!icc)
		return json_true();
	v = json_is_string(icc) ? bool_from_text(json_string_value(icc)) : NULL;
	return v ? v : json_null();
}

/* What the rules judge, from a network as GET /networks lists it. */
static json_t *network_item(const json_t *n)
{
	const char *driver = json_string_value(json_object_get(n, "Driver"));
	json_t *options = json_object_get(n, "Options"), *item;

	item = json_pack("{s:O?, s:O?, s:O?, s:O?, s:b, s:b, s:b, s:b, s:o}", "id",
			 json_object_get(n, "Id"), "name", json_object_get(n, "Name"), "driver",
			 json_object_get(n, "Driver"), "scope", json_object_get(n, "Scope"),
			 "internal", json_is_true(json_object_get(n, "Internal")), "attachable",
			 json_is_true(json_object_get(n, "Attachable")), "ingress",
			 json_is_true(json_object_get(n, "Ingress")), "enable_ipv6",
			 json_is_true(json_object_get(n, "EnableIPv6")), "options",
			 json_is_object(options) ? json_deep_copy(options) : json_object());
	if (driver && !strcmp(driver, "bridge"))
		json_object_set_new(item, "icc", bridge_icc(options));
	if (driver && !strcmp(driver, "overlay"))
		json_object_set_new(item, "encrypted",
				    json_boolean(json_object_get(options, "encrypted") != NULL));
	return item;
}

static int cmp_network(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	const char *nx = json_string_value(json_object_get(x, "name"));
	const char *ny = json_string_value(json_object_get(y, "name"));
	const char *ix = json_string_value(json_object_get(x, "id"));
	const char *iy = json_string_value(json_object_get(y, "id"));
	int c = strcmp(nx ? nx : "", ny ? ny : "");

	return c ? c : strcmp(ix ? ix : "", iy ? iy : "");
}

/* ---- one round of requests after the first ----------------------------- */

/* The second round: an inspect per network, and the swarm sources on a
 * manager. */
struct round {
	const char **paths;
	char **owned; /* the paths made here, freed after */
	size_t n;
	json_t **out;
};

static void round_add(struct round *r, const char *path, bool owned)
{
	r->paths = da_xreallocarray(r->paths, r->n + 1, sizeof(*r->paths));
	r->owned = da_xreallocarray(r->owned, r->n + 1, sizeof(*r->owned));
	r->paths[r->n] = path;
	r->owned[r->n] = owned ? (char *)path : NULL;
	r->n++;
}

static void round_free(struct round *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->owned[i]);
		json_decref(r->out ? r->out[i] : NULL);
	}
	free(r->paths);
	free(r->owned);
	free(r->out);
}

/* The swarm sources, asked only of a manager (a worker refuses them). */
static const char *const swarm_paths[] = { "/swarm", "/nodes", "/services", "/secrets", "/configs" };
static const char *const swarm_names[] = { "cluster", "nodes", "services", "secrets", "configs" };
/* Whose Spec.Data is content, not metadata (dropped). */
static const bool swarm_data[] = { false, false, false, true, true };
#define N_SWARM (sizeof(swarm_paths) / sizeof(swarm_paths[0]))

/* The swarm object from /info's Swarm; *MANAGER says whether to ask more. */
static json_t *swarm_state(const json_t *info, bool *manager)
{
	const json_t *sw = json_object_get(info, "Swarm"), *state;

	*manager = false;
	if (json_object_get(info, "error"))
		return json_pack("{s:O}", "error", json_object_get(info, "error"));
	state = json_object_get(sw, "LocalNodeState");
	if (!json_is_string(state))
		return error_object("/info has no Swarm.LocalNodeState");
	*manager = !strcmp(json_string_value(state), "active") &&
		   json_is_true(json_object_get(sw, "ControlAvailable"));
	return json_pack("{s:O, s:b, s:O?}", "state", state, "manager", *manager, "node_id",
			 json_object_get(sw, "NodeID"));
}

/* Move the swarm answers (from index FIRST of R) into SWARM. */
static void swarm_fill(json_t *swarm, struct round *r, size_t first)
{
	json_t *v;
	size_t i;

	for (i = 0; i < N_SWARM; i++) {
		v = r->out[first + i];
		r->out[first + i] = NULL;
		if (i > 0) {
			if (swarm_data[i])
				drop_spec_data(v);
			v = list_source(v, swarm_paths[i]);
		} else if (!json_is_object(v)) {
			json_decref(v);
			v = error_object("GET /swarm: not a JSON object");
		} else if (!json_object_get(v, "error")) {
			json_object_del(v, "JoinTokens");
		}
		json_object_set_new(swarm, swarm_names[i], v);
	}
}

/* Network items (sorted) from the list, their inspects from R. */
static json_t *networks_fill(const json_t *list, struct round *r)
{
	size_t i, j = 0, n = json_array_size(list);
	json_t **items = da_xcalloc(n ? n : 1, sizeof(*items)), *arr = json_array(), *v;
	const char *id;

	for (i = 0; i < n; i++) {
		items[i] = network_item(json_array_get(list, i));
		id = json_string_value(json_object_get(json_array_get(list, i), "Id"));
		if (!safe_id(id)) {
			set_error(items[i], "network id %s is not a plain id: not inspected",
				  id ? id : "(none)");
			continue;
		}
		v = r->out[j];
		r->out[j++] = NULL;
		if (json_object_get(v, "error"))
			json_object_set(items[i], "error", json_object_get(v, "error"));
		else
			json_object_set(items[i], "inspect", v);
		json_decref(v);
	}
	if (n)
		qsort(items, n, sizeof(*items), cmp_network);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, items[i]);
	free(items);
	return json_pack("{s:I, s:o}", "count", (json_int_t)n, "items", arr);
}

/* The networks' inspects and (on a manager) the swarm sources, in one
 * concurrent round. */
static void second_round(struct da_docker *docker, json_t *section, json_t *networks)
{
	struct round r = { 0 };
	json_t *swarm, *list = json_object_get(networks, "items"), *net;
	const char *id;
	bool manager;
	size_t i, nets;

	json_array_foreach(list, i, net) {
		id = json_string_value(json_object_get(net, "Id"));
		if (safe_id(id))
			round_add(&r, da_xasprintf("/networks/%s", id), true);
	}
	nets = r.n;
	swarm = swarm_state(json_object_get(section, "info"), &manager);
	for (i = 0; manager && i < N_SWARM; i++)
		round_add(&r, swarm_paths[i], false);
	r.out = da_xcalloc(r.n ? r.n : 1, sizeof(*r.out));
	get_all(docker, r.paths, r.n, r.out);
	if (list)
		json_object_set_new(section, "networks", networks_fill(list, &r));
	else
		json_object_set(section, "networks", networks);
	if (manager)
		swarm_fill(swarm, &r, nets);
	json_object_set_new(section, "swarm", swarm);
	round_free(&r);
}

/* The sources asked for at once when /_ping answered. */
static const char *const first_paths[] = { "/version", "/info", "/plugins", "/networks" };
#define N_FIRST (sizeof(first_paths) / sizeof(first_paths[0]))

/* What an unreachable daemon leaves: every API source is its error. */
static const char *const api_members[] = { "version", "info", "plugins", "networks", "swarm" };

/* reachable, error (GET /_ping), then every Engine API source. */
static void collect_api(struct da_docker *docker, json_t *section)
{
	struct da_err err = { "" };
	json_t *out[N_FIRST], *networks;
	size_t i;

	if (da_docker_ping(docker, &err) < 0) {
		json_object_set_new(section, "reachable", json_false());
		json_object_set_new(section, "error", da_facts_string(err.msg));
		for (i = 0; i < sizeof(api_members) / sizeof(api_members[0]); i++)
			json_object_set_new(section, api_members[i], error_object("%s", err.msg));
		return;
	}
	json_object_set_new(section, "reachable", json_true());
	get_all(docker, first_paths, N_FIRST, out);
	json_object_set_new(section, "version", out[0]);
	json_object_set_new(section, "info", out[1]);
	json_object_set_new(section, "plugins", list_source(out[2], "/plugins"));
	networks = list_source(out[3], "/networks");
	second_round(docker, section, networks);
	json_decref(networks);
}

/* ---- the process and its settings -------------------------------------- */

static json_t *environ_json(const struct da_dockerd_proc *p)
{
	json_t *env;
	const char *v;
	size_t i;

	if (!p->env.known)
		return error_object("%s", p->env_error ? p->env_error : "not read");
	env = json_object();
	for (i = 0; da_dockerd_env_names[i]; i++) {
		v = da_dockerd_env_get(&p->env, da_dockerd_env_names[i]);
		if (v)
			json_object_set_new(env, da_dockerd_env_names[i], da_facts_string(v));
	}
	return env;
}

static json_t *process_json(const struct da_dockerd_proc *p)
{
	json_t *argv = json_array();
	size_t i;

	for (i = 0; i < p->argc; i++)
		json_array_append_new(argv, da_facts_string(p->argv[i]));
	return json_pack("{s:i, s:o, s:o, s:s, s:o, s:o}", "pid", p->pid, "exe",
			 p->exe ? da_facts_string(p->exe) : json_null(), "argv", argv, "found_by",
			 p->found_by, "uid", p->uid >= 0 ? json_integer(p->uid) : json_null(),
			 "environ", environ_json(p));
}

/* PROCESS's started_at (seconds since the epoch), when /proc tells it. */
static json_t *with_start_time(struct da_collect_ctx *ctx, json_t *process, int pid)
{
	double t;

	if (da_dockerd_start_time(ctx->root, pid, &t) == 0)
		json_object_set_new(process, "started_at", json_real(t));
	return process;
}

/* The process; *WHY says why its command line is unknown, else NULL. */
static json_t *find_process(struct da_collect_ctx *ctx, struct da_dockerd_proc *proc, char **why)
{
	const char *socket = da_docker_socket_path(ctx->docker);
	const char *host = da_docker_host(ctx->docker);
	struct da_err err = { "" };
	int rc;

	*why = NULL;
	if (socket)
		rc = da_dockerd_find(ctx->root, socket, proc, &err);
	else if (host && !strncmp(host, "tcp://", 6))
		rc = da_dockerd_find_tcp(ctx->root, host, proc, &err);
	else
		rc = da_err_set(&err, "%s is neither a unix socket nor tcp://: its process is not "
				      "looked for", host ? host : "(none)");
	if (rc == 0)
		return with_start_time(ctx, process_json(proc), proc->pid);
	*why = da_xasprintf("the daemon's command line could not be read: %s", err.msg);
	return error_object("%s", err.msg);
}

/* The config file the process reads: --config-file, else its default. */
static json_t *config_of(struct da_collect_ctx *ctx, const struct da_dockerd_flags *flags,
			 const struct da_dockerd_proc *proc)
{
	char *def = da_dockerd_default_config_path(proc->env.known ? &proc->env : NULL);
	json_t *config;

	if (def || da_dockerd_flag(flags, "config-file")) {
		config = da_dockerd_config_file_at(ctx->root, flags, def);
	} else {
		config = error_object("dockerd runs under RootlessKit but neither XDG_CONFIG_HOME "
				      "nor HOME is set in its environment");
		json_object_set_new(config, "source", json_string("default"));
	}
	free(def);
	return config;
}

/* The daemon's version for version-dependent defaults (Docker only). */
static void version_context(const json_t *section, struct da_dockerd_context *c)
{
	const json_t *version = json_object_get(section, "version");
	const char *err = json_string_value(json_object_get(version, "error"));

	c->version = json_string_value(json_object_get(version, "Version"));
	if (!c->version)
		c->version_why = err ? err : "/version has no Version";
}

/* config_file and settings when the command line is unknown or does not
 * belong to dockerd: each an error saying WHY. */
static void settings_unknown(json_t *section, const char *why, bool podman)
{
	json_t *config = error_object("%s", why), *settings;

	json_object_set_new(config, "path", json_string(DA_DOCKERD_DEFAULT_CONFIG));
	json_object_set_new(config, "source", json_string("default"));
	json_object_set_new(section, "config_file", config);
	settings = da_dockerd_settings_eval(NULL, NULL, NULL, why);
	if (!podman) {
		da_dockerd_settings_apply_info(settings, json_object_get(section, "info"));
		da_dockerd_settings_apply_networks(settings, json_object_get(section, "networks"));
	}
	json_object_set_new(section, "settings", settings);
	json_object_set_new(section, "drift", json_array());
}

/* Whether the config file was written after the daemon started (more than
 * a second after: the start time is only that precise); *WHY then says so.
 * Records modified_at and changed_since_start in CONFIG. */
static bool changed_since_start(struct da_collect_ctx *ctx, json_t *config, const json_t *process,
				char **why)
{
	const char *path = json_string_value(json_object_get(config, "path"));
	const json_t *started = json_object_get(process, "started_at");
	double mtime, start = json_number_value(started);
	struct stat st;
	bool changed;

	*why = NULL;
	if (!path || !json_object_get(config, "content") ||
	    da_root_stat(ctx->root, path, true, &st) < 0)
		return false;
	mtime = (double)st.st_mtim.tv_sec + (double)st.st_mtim.tv_nsec / 1e9;
	json_object_set_new(config, "modified_at", json_real(mtime));
	if (!json_is_number(started))
		return false;
	changed = mtime > start + 1.0;
	json_object_set_new(config, "changed_since_start", json_boolean(changed));
	if (changed)
		*why = da_xasprintf("%s was modified %.0f s after dockerd started and the running "
				    "daemon does not report this setting: what it runs with cannot "
				    "be known until it restarts",
				    path, mtime - start);
	return changed;
}

static void settings_known(struct da_collect_ctx *ctx, json_t *section,
			   const struct da_dockerd_proc *proc, const struct da_dockerd_flags *flags)
{
	struct da_dockerd_context c = { .env = proc->env.known ? &proc->env : NULL,
					.uid = proc->uid };
	json_t *config = config_of(ctx, flags, proc), *settings;
	char *why;

	version_context(section, &c);
	json_object_set_new(section, "config_file", config);
	settings = da_dockerd_settings_eval(flags, config, &c, NULL);
	da_dockerd_settings_apply_info(settings, json_object_get(section, "info"));
	da_dockerd_settings_apply_networks(settings, json_object_get(section, "networks"));
	json_object_set_new(section, "drift", da_dockerd_drift_json(settings));
	if (changed_since_start(ctx, config, json_object_get(section, "process"), &why))
		da_dockerd_settings_unconfirmed(settings, why);
	free(why);
	json_object_set_new(section, "settings", settings);
}

/* process, engine, and from the command line config_file and settings. */
static void collect_local(struct da_collect_ctx *ctx, json_t *section)
{
	struct da_dockerd_proc proc = { .uid = -1 };
	struct da_dockerd_flags flags = { 0 };
	struct da_err err = { "" };
	const char *socket = da_docker_socket_path(ctx->docker);
	char *why, *host_socket = socket ? da_dockerd_host_socket_path(ctx->root, socket) : NULL;
	json_t *engine;

	json_object_set_new(section, "process", find_process(ctx, &proc, &why));
	engine = da_dockerd_engine_json(section, host_socket, why ? NULL : &proc);
	json_object_set_new(section, "engine", engine);
	if (!why && !strcmp(json_string_value(json_object_get(engine, "kind")), "podman"))
		why = da_xstrdup("the engine is Podman: dockerd's config file and settings do not "
				 "apply");
	if (!why && da_dockerd_argv_parse(proc.argv, proc.argc, &flags, &err) < 0)
		why = da_xasprintf("the daemon's command line could not be parsed: %s", err.msg);
	if (why)
		settings_unknown(section, why,
				 !strcmp(json_string_value(json_object_get(engine, "kind")), "podman"));
	else
		settings_known(ctx, section, &proc, &flags);
	json_object_set_new(section, "listeners",
			    da_dockerd_listeners_json(ctx->root, why ? NULL : &proc,
						      json_object_get(section, "settings"), why));
	json_object_set_new(section, "containerd",
			    da_dockerd_containerd_json(ctx->root, why ? NULL : &proc,
						       json_object_get(section, "settings")));
	da_dockerd_flags_free(&flags);
	da_dockerd_proc_free(&proc);
	free(host_socket);
	free(why);
}

static void daemon_collect(struct da_collect_ctx *ctx, json_t *section)
{
	json_object_set_new(section, "host", da_facts_string(da_docker_host(ctx->docker)));
	collect_api(ctx->docker, section);
	collect_local(ctx, section);
}

const struct da_collector da_collector_daemon = {
	.name = "daemon",
	.summary = "the Docker daemon: Engine API sources, engine kind, process, command line, "
		   "config file, settings",
	.collect = daemon_collect,
};
