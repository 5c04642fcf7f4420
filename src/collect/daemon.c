/*
 * The daemon collector: what the Engine API says (version, info), the
 * process that really serves the socket (dockerd_proc.c) and its command
 * line (dockerd_flags.c), the config file it uses, and the effective value
 * and source of each setting. See docs/FACTS.md, "daemon".
 */
#include "collect/daemon.h"
#include "collect/collectors.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* The formatted message as a JSON string, made safe for JSON. */
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

json_t *da_dockerd_config_file(const struct da_root *root, const struct da_dockerd_flags *flags)
{
	const char *given = da_dockerd_flag(flags, "config-file");
	const char *path = given ? given : DA_DOCKERD_DEFAULT_CONFIG;
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

/* ---- effective settings ---------------------------------------------- */

const struct da_dockerd_setting da_dockerd_settings[] = {
	{ .name = "icc", .flag = "icc", .config_key = "icc", .type = DA_SETTING_BOOL,
	  .def = "true" },
	{ .name = "log-level", .flag = "log-level", .config_key = "log-level",
	  .type = DA_SETTING_STRING, .def = "info" },
	{ .name = "userns-remap", .flag = "userns-remap", .config_key = "userns-remap",
	  .type = DA_SETTING_STRING, .def = "" },
	{ .name = NULL },
};

static json_t *bool_from_text(const char *s)
{
	const char *b = da_dockerd_parse_bool(s);

	return b ? json_boolean(!strcmp(b, "true")) : NULL;
}

static bool is_bool(const json_t *v)
{
	return json_is_boolean(v);
}

static bool is_string(const json_t *v)
{
	return json_is_string(v);
}

/* How each value type is read from the command line and checked in daemon.json. */
static const struct setting_type {
	const char *what;                 /* for messages: "a boolean" */
	json_t *(*from_text)(const char *s); /* NULL when S is not valid */
	bool (*config_ok)(const json_t *v);
} setting_types[] = {
	[DA_SETTING_BOOL] = { "a boolean", bool_from_text, is_bool },
	[DA_SETTING_STRING] = { "a string", da_facts_string, is_string },
};

static json_t *setting_value(json_t *value, const char *source)
{
	return json_pack("{s:o, s:s}", "value", value, "source", source);
}

static json_t *one_setting(const struct da_dockerd_setting *s, const struct da_dockerd_flags *flags,
			   const json_t *config_file)
{
	const struct setting_type *t = &setting_types[s->type];
	const char *text = da_dockerd_flag(flags, s->flag);
	const json_t *content, *v;
	json_t *value;

	if (text) {
		value = t->from_text(text);
		if (!value)
			return error_object("--%s=%s: not %s", s->flag, text, t->what);
		return setting_value(value, "flag");
	}
	if ((v = json_object_get(config_file, "error")))
		return json_pack("{s:O}", "error", (json_t *)v);
	content = json_object_get(config_file, "content");
	if ((v = json_object_get(content, s->config_key))) {
		if (!t->config_ok(v))
			return error_object("%s: \"%s\" must be %s",
					    json_string_value(json_object_get(config_file, "path")),
					    s->config_key, t->what);
		return setting_value(json_deep_copy(v), "config");
	}
	return setting_value(t->from_text(s->def), "default");
}

json_t *da_dockerd_settings_json(const struct da_dockerd_flags *flags, const json_t *config_file,
				 const char *why)
{
	json_t *settings = json_object();
	const struct da_dockerd_setting *s;

	for (s = da_dockerd_settings; s->name; s++) {
		if (flags)
			json_object_set_new(settings, s->name, one_setting(s, flags, config_file));
		else
			json_object_set_new(settings, s->name, error_object("%s", why));
	}
	return settings;
}

/* ---- the collector --------------------------------------------------- */

/* reachable, error (GET /_ping), then version and info. */
static void collect_api(struct da_docker *docker, json_t *section)
{
	struct da_err err = { "" };
	json_t *version = NULL, *info = NULL;

	if (da_docker_ping(docker, &err) < 0) {
		json_object_set_new(section, "reachable", json_false());
		json_object_set_new(section, "error", da_facts_string(err.msg));
		json_object_set_new(section, "version", error_object("%s", err.msg));
		json_object_set_new(section, "info", error_object("%s", err.msg));
		return;
	}
	json_object_set_new(section, "reachable", json_true());
	if (da_docker_get_json(docker, "/version", &version, &err) < 0)
		version = error_object("%s", err.msg);
	json_object_set_new(section, "version", version);
	if (da_docker_get_json(docker, "/info", &info, &err) < 0)
		info = error_object("%s", err.msg);
	json_object_set_new(section, "info", info);
}

static json_t *process_json(const struct da_dockerd_proc *p)
{
	json_t *argv = json_array();
	size_t i;

	for (i = 0; i < p->argc; i++)
		json_array_append_new(argv, da_facts_string(p->argv[i]));
	return json_pack("{s:i, s:o, s:o, s:s}", "pid", p->pid, "exe",
			 p->exe ? da_facts_string(p->exe) : json_null(), "argv", argv,
			 "found_by", p->found_by);
}

/* The process; *WHY says why its command line is unknown, else NULL. */
static json_t *find_process(struct da_collect_ctx *ctx, struct da_dockerd_proc *proc, char **why)
{
	const char *socket = da_docker_socket_path(ctx->docker);
	struct da_err err = { "" };

	*why = NULL;
	if (!socket)
		da_err_set(&err, "%s is not a unix socket: its process is not looked for",
			   da_docker_host(ctx->docker));
	else if (da_dockerd_find(ctx->root, socket, proc, &err) == 0)
		return process_json(proc);
	*why = da_xasprintf("the daemon's command line could not be read: %s", err.msg);
	return error_object("%s", err.msg);
}

/* process, and from its command line config_file and settings. */
static void collect_local(struct da_collect_ctx *ctx, json_t *section)
{
	struct da_dockerd_proc proc = { 0 };
	struct da_dockerd_flags flags = { 0 };
	struct da_err err = { "" };
	json_t *config;
	char *why;

	json_object_set_new(section, "process", find_process(ctx, &proc, &why));
	if (!why && da_dockerd_argv_parse(proc.argv, proc.argc, &flags, &err) < 0)
		why = da_xasprintf("the daemon's command line could not be parsed: %s", err.msg);
	if (why) {
		config = error_object("%s", why);
		json_object_set_new(config, "path", json_string(DA_DOCKERD_DEFAULT_CONFIG));
		json_object_set_new(config, "source", json_string("default"));
	} else {
		config = da_dockerd_config_file(ctx->root, &flags);
	}
	json_object_set_new(section, "config_file", config);
	json_object_set_new(section, "settings",
			    da_dockerd_settings_json(why ? NULL : &flags, config, why));
	da_dockerd_flags_free(&flags);
	da_dockerd_proc_free(&proc);
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
	.summary = "the Docker daemon: Engine API, process, command line, config file, settings",
	.collect = daemon_collect,
};
