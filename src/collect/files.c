/*
 * The files collector: type, mode and owner of the Docker files that CIS
 * Docker Benchmark section 3 is about, as the audited host has them. Owner
 * and group names come from the root's own /etc/passwd and /etc/group
 * (getpwuid would answer for the machine running dockaudit).
 */
#include "collect/collectors.h"
#include "collect/daemon.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_DB_MAX (4u << 20)

static const char *const unit_dirs[] = {
	"/etc/systemd/system", "/run/systemd/system", "/usr/lib/systemd/system",
	"/lib/systemd/system", NULL,
};

/* One item; exactly one of path, unit and computed is set. */
struct file_spec {
	const char *role;
	const char *path; /* a fixed path */
	const char *unit; /* a systemd unit, looked for in unit_dirs */
	/* a path derived from earlier facts, as the host sees it; caller frees */
	char *(*computed)(const struct da_collect_ctx *ctx);
};

/* The config file the daemon collector found, else the default. */
static char *daemon_config_path(const struct da_collect_ctx *ctx)
{
	const char *p = json_string_value(json_object_get(
		json_object_get(json_object_get(ctx->facts, "daemon"), "config_file"), "path"));

	return da_xstrdup(p ? p : DA_DOCKERD_DEFAULT_CONFIG);
}

/* The daemon's unix socket, else /var/run/docker.sock. */
static char *daemon_socket_path(const struct da_collect_ctx *ctx)
{
	const char *host = json_string_value(
		json_object_get(json_object_get(ctx->facts, "daemon"), "host"));
	char *p = host ? da_dockerd_host_socket_path(ctx->root, host) : NULL;

	return p ? p : da_xstrdup("/var/run/docker.sock");
}

static const struct file_spec file_specs[] = {
	{ .role = "docker.service", .unit = "docker.service" },
	{ .role = "docker.socket", .unit = "docker.socket" },
	{ .role = "etc-docker", .path = "/etc/docker" },
	{ .role = "daemon-config", .computed = daemon_config_path },
	{ .role = "docker.sock", .computed = daemon_socket_path },
	{ .role = "etc-default-docker", .path = "/etc/default/docker" },
	{ .role = "etc-sysconfig-docker", .path = "/etc/sysconfig/docker" },
	{ .role = "containerd.sock", .path = "/run/containerd/containerd.sock" },
	{ .role = "registry-certs", .path = "/etc/docker/certs.d" },
	{ .role = NULL },
};

/* The first of the unit directories holding UNIT, else the first candidate. */
static char *unit_path(const struct da_root *root, const char *unit)
{
	struct stat st;
	char *p;
	size_t i;

	for (i = 0; unit_dirs[i]; i++) {
		p = da_xasprintf("%s/%s", unit_dirs[i], unit);
		if (da_root_stat(root, p, false, &st) == 0)
			return p;
		free(p);
	}
	return da_xasprintf("%s/%s", unit_dirs[0], unit);
}

static char *spec_path(const struct da_collect_ctx *ctx, const struct file_spec *s)
{
	if (s->unit)
		return unit_path(ctx->root, s->unit);
	if (s->computed)
		return s->computed(ctx);
	return da_xstrdup(s->path);
}

/* ---- names of ids ---------------------------------------------------- */

struct id_db {
	char *passwd; /* ROOT/etc/passwd, or NULL */
	char *group;  /* ROOT/etc/group, or NULL */
};

/* The name of ID in DB, a passwd(5) or group(5) file: the first line whose
 * third field is ID. NULL when unknown. Caller frees. */
static char *id_name(const char *db, unsigned long id)
{
	const char *line, *next, *c1, *c2;
	char *end;
	unsigned long v;

	for (line = db; line && *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		c1 = memchr(line, ':', (size_t)(next - line));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(next - c1 - 1)) : NULL;
		if (!c2 || c1 == line || line[0] == '+' || line[0] == '-' || line[0] == '#')
			continue;
		if (c2[1] < '0' || c2[1] > '9')
			continue;
		errno = 0;
		v = strtoul(c2 + 1, &end, 10);
		if (!errno && *end == ':' && v == id)
			return da_xstrndup(line, (size_t)(c1 - line));
	}
	return NULL;
}

static json_t *name_json(const char *db, unsigned long id)
{
	char *name = id_name(db, id);
	json_t *j = name ? da_facts_string(name) : json_null();

	free(name);
	return j;
}

/* ---- one file -------------------------------------------------------- */

static const char *type_name(mode_t mode)
{
	static const struct {
		mode_t fmt;
		const char *name;
	} types[] = {
		{ S_IFREG, "file" },   { S_IFDIR, "directory" }, { S_IFLNK, "symlink" },
		{ S_IFSOCK, "socket" }, { S_IFIFO, "fifo" },      { S_IFCHR, "char" },
		{ S_IFBLK, "block" },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if ((mode & S_IFMT) == types[i].fmt)
			return types[i].name;
	return "unknown";
}

static void set_errorf(json_t *item, const char *path, const char *what, int rc)
{
	char *msg = da_xasprintf("%s: %s%s", path, what, strerror(-rc));

	json_object_set_new(item, "error", da_facts_string(msg));
	free(msg);
}

/* Fill ITEM for PATH: type of the path itself, the rest of its target. */
static void examine(const struct da_root *root, const struct id_db *ids, const char *path,
		    json_t *item)
{
	struct stat st;
	char mode[8];
	int rc = da_root_stat(root, path, false, &st);

	if (rc == -ENOENT || rc == -ENOTDIR) {
		json_object_set_new(item, "exists", json_false());
		return;
	}
	if (rc < 0) {
		set_errorf(item, path, "", rc);
		return;
	}
	json_object_set_new(item, "exists", json_true());
	json_object_set_new(item, "type", json_string(type_name(st.st_mode)));
	if (S_ISLNK(st.st_mode) && (rc = da_root_stat(root, path, true, &st)) < 0) {
		set_errorf(item, path, "symlink target: ", rc);
		return;
	}
	snprintf(mode, sizeof(mode), "%04o", (unsigned int)(st.st_mode & 07777));
	json_object_set_new(item, "mode", json_string(mode));
	json_object_set_new(item, "uid", json_integer(st.st_uid));
	json_object_set_new(item, "gid", json_integer(st.st_gid));
	json_object_set_new(item, "owner", name_json(ids->passwd, st.st_uid));
	json_object_set_new(item, "group", name_json(ids->group, st.st_gid));
}

static void files_collect(struct da_collect_ctx *ctx, json_t *section)
{
	struct id_db ids = { NULL, NULL };
	json_t *items = json_array(), *item;
	const struct file_spec *s;
	char *path;

	if (da_root_read_file(ctx->root, "/etc/passwd", ID_DB_MAX, &ids.passwd, NULL) < 0)
		ids.passwd = NULL;
	if (da_root_read_file(ctx->root, "/etc/group", ID_DB_MAX, &ids.group, NULL) < 0)
		ids.group = NULL;
	for (s = file_specs; s->role; s++) {
		path = spec_path(ctx, s);
		item = json_pack("{s:o, s:s}", "path", da_facts_string(path), "role", s->role);
		examine(ctx->root, &ids, path, item);
		json_array_append_new(items, item);
		free(path);
	}
	json_object_set_new(section, "items", items);
	free(ids.passwd);
	free(ids.group);
}

const struct da_collector da_collector_files = {
	.name = "files",
	.summary = "Docker's files: systemd units, /etc/docker, config, sockets, certificates",
	.collect = files_collect,
};
