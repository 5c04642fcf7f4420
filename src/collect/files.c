/*
 * The files collector: type, mode and owner of the Docker files that CIS
 * Docker Benchmark section 3 is about, as the audited host has them: the
 * systemd units (with what their ExecStart= declares, units.c), their
 * drop-ins, /etc/docker, the config file and the TLS files the daemon
 * was told to use, its socket, containerd's, registry certificates. Owner
 * and group names come from the root's own /etc/passwd and /etc/group
 * (getpwuid would answer for the machine running dockaudit).
 */
#include "collect/collectors.h"
#include "collect/daemon.h"
#include "collect/units.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_DB_MAX (4u << 20)
#define CERTS_DIR "/etc/docker/certs.d"
/* Most registry certificate files listed. */
#define CERTS_MAX 1024u

/* What the computed paths are derived from. */
struct files_ctx {
	const struct da_collect_ctx *ctx;
	json_t *units;                 /* this section's units (borrowed) */
	struct da_dockerd_flags flags; /* dockerd's flags, when known */
	const char *flags_source;      /* "flag", "unit", or NULL: unknown */
};

/* A computed path, as the host sees it (caller frees), and its source. */
struct located {
	char *path;
	const char *source; /* static; NULL: no "source" member */
};

/* One item; exactly one of path, unit and computed is set. */
struct file_spec {
	const char *role;
	const char *path; /* a fixed path */
	const char *unit; /* a systemd unit: the file units.c found */
	struct located (*computed)(const struct files_ctx *fc);
};

/* The config file the daemon collector found, else the default. */
static struct located daemon_config_path(const struct files_ctx *fc)
{
	const json_t *cf = da_facts_get(fc->ctx->facts, "/daemon/config_file");
	const char *p = json_string_value(json_object_get(cf, "path"));
	const char *src = json_string_value(json_object_get(cf, "source"));

	return (struct located){ da_xstrdup(p ? p : DA_DOCKERD_DEFAULT_CONFIG),
				 src && !strcmp(src, "flag") ? "flag" : "default" };
}

/* The daemon's unix socket, else /var/run/docker.sock. */
static struct located daemon_socket_path(const struct files_ctx *fc)
{
	const char *host = json_string_value(da_facts_get(fc->ctx->facts, "/daemon/host"));
	char *p = host ? da_dockerd_host_socket_path(fc->ctx->root, host) : NULL;

	return p ? (struct located){ p, "daemon" }
		 : (struct located){ da_xstrdup("/var/run/docker.sock"), "default" };
}

/* A TLS file dockerd was told to use: its flag, else the config file's key
 * of the same name, else dockerd's default ~/.docker/FILE of root. */
static struct located tls_path(const struct files_ctx *fc, const char *name, const char *file)
{
	const char *flag = fc->flags_source ? da_dockerd_flag(&fc->flags, name) : NULL;
	const json_t *v = json_object_get(
		da_facts_get(fc->ctx->facts, "/daemon/config_file/content"), name);

	if (flag)
		return (struct located){ da_xstrdup(flag), fc->flags_source };
	if (json_is_string(v))
		return (struct located){ da_xstrdup(json_string_value(v)), "config" };
	return (struct located){ da_xasprintf("/root/.docker/%s", file), "default" };
}

static struct located tls_ca(const struct files_ctx *fc)
{
	return tls_path(fc, "tlscacert", "ca.pem");
}

static struct located tls_cert(const struct files_ctx *fc)
{
	return tls_path(fc, "tlscert", "cert.pem");
}

static struct located tls_key(const struct files_ctx *fc)
{
	return tls_path(fc, "tlskey", "key.pem");
}

/* The containerd socket the daemon uses (the daemon collector's
 * containerd fact: --containerd, its managed containerd under the exec
 * root, else the system one), else /run/containerd/containerd.sock. */
static struct located containerd_socket_path(const struct files_ctx *fc)
{
	const json_t *c = da_facts_get(fc->ctx->facts, "/daemon/containerd");
	const char *p = json_string_value(json_object_get(c, "address"));
	const char *src = json_string_value(json_object_get(c, "source"));
	static const char *const sources[] = { "flag", "config", "managed", "default" };
	size_t i;

	for (i = 0; p && src && i < sizeof(sources) / sizeof(sources[0]); i++)
		if (!strcmp(src, sources[i]))
			return (struct located){ da_xstrdup(p), sources[i] };
	return (struct located){ da_xstrdup("/run/containerd/containerd.sock"), "default" };
}

static const struct file_spec file_specs[] = {
	{ .role = "docker.service", .unit = "docker.service" },
	{ .role = "docker.socket", .unit = "docker.socket" },
	{ .role = "containerd.service", .unit = "containerd.service" },
	{ .role = "etc-docker", .path = "/etc/docker" },
	{ .role = "daemon-config", .computed = daemon_config_path },
	{ .role = "docker.sock", .computed = daemon_socket_path },
	{ .role = "etc-default-docker", .path = "/etc/default/docker" },
	{ .role = "etc-sysconfig-docker", .path = "/etc/sysconfig/docker" },
	{ .role = "containerd.sock", .computed = containerd_socket_path },
	{ .role = "containerd-config", .path = "/etc/containerd/config.toml" },
	{ .role = "registry-certs", .path = CERTS_DIR },
	{ .role = "tls-ca", .computed = tls_ca },
	{ .role = "tls-cert", .computed = tls_cert },
	{ .role = "tls-key", .computed = tls_key },
	{ .role = NULL },
};

/* The unit file systemd would load, else where it would be written
 * (the first directory). */
static struct located unit_path(const struct files_ctx *fc, const char *unit)
{
	const char *p = json_string_value(
		json_object_get(json_object_get(fc->units, unit), "path"));

	return (struct located){ p ? da_xstrdup(p) : da_xasprintf("%s/%s", da_unit_dirs[0], unit),
				 NULL };
}

static struct located spec_path(const struct files_ctx *fc, const struct file_spec *s)
{
	if (s->unit)
		return unit_path(fc, s->unit);
	if (s->computed)
		return s->computed(fc);
	return (struct located){ da_xstrdup(s->path), NULL };
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

/* ---- dockerd's flags ------------------------------------------------------ */

/* Parse ARGV (a JSON array of strings) as dockerd would into FC's flags. */
static void parse_argv(struct files_ctx *fc, const json_t *argv, const char *source)
{
	size_t n = json_array_size(argv), i;
	char **v = da_xcalloc(n + 1, sizeof(*v));
	struct da_err err = { "" };

	for (i = 0; i < n; i++)
		v[i] = da_xstrdup(json_string_value(json_array_get(argv, i)));
	for (i = 0; i < n && v[i]; i++)
		;
	if (n && i == n && da_dockerd_argv_parse(v, n, &fc->flags, &err) == 0)
		fc->flags_source = source;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static bool is_dockerd(const char *prog)
{
	const char *base = prog ? strrchr(prog, '/') : NULL;

	return prog && !strcmp(base ? base + 1 : prog, "dockerd");
}

/* dockerd's flags: the running process's (the daemon section), else, when
 * that is unknown, what docker.service's last dockerd ExecStart declares. */
static void find_flags(struct files_ctx *fc)
{
	const json_t *argv = da_facts_get(fc->ctx->facts, "/daemon/process/argv"), *cmd;
	const json_t *exec = json_object_get(json_object_get(fc->units, "docker.service"),
					     "exec_start");
	size_t i;

	if (argv) {
		parse_argv(fc, argv, "flag");
		return;
	}
	for (i = json_array_size(exec); i-- > 0;) {
		cmd = json_array_get(exec, i);
		if (is_dockerd(json_string_value(json_array_get(cmd, 0)))) {
			parse_argv(fc, cmd, "unit");
			return;
		}
	}
}

/* ---- items ------------------------------------------------------------------ */

struct items {
	const struct da_root *root;
	const struct id_db *ids;
	json_t *list;
};

/* Add an item for PATH with ROLE; returns it (borrowed) for more members. */
static json_t *add_item(struct items *it, const char *path, const char *role, const char *source)
{
	json_t *item = json_pack("{s:o, s:s}", "path", da_facts_string(path), "role", role);

	if (source)
		json_object_set_new(item, "source", json_string(source));
	examine(it->root, it->ids, path, item);
	json_array_append_new(it->list, item);
	return item;
}

/* Each unit's drop-ins, role unit-dropin, with the unit's name. */
static void dropin_items(struct items *it, const json_t *units)
{
	const json_t *unit, *d;
	const char *name;
	size_t i;

	json_object_foreach((json_t *)units, name, unit)
		json_array_foreach(json_object_get(unit, "dropins"), i, d)
			json_object_set_new(add_item(it, json_string_value(d), "unit-dropin", NULL),
					    "unit", json_string(name));
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Most names read from one directory before sorting. */
#define LIST_MAX 16384u

/* The names in DIR, sorted (the first LIST_MAX read). -errno when it
 * cannot be read. */
static int list_dir(const struct da_root *root, const char *dir, char ***names, size_t *n)
{
	DIR *d = da_root_opendir(root, dir);
	struct dirent *e;

	*names = NULL;
	*n = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d)) && *n < LIST_MAX) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		*names = da_xreallocarray(*names, *n + 1, sizeof(**names));
		(*names)[(*n)++] = da_xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), by_string);
	return 0;
}

static void free_names(char **names, size_t n)
{
	while (n)
		free(names[--n]);
	free(names);
}

static bool is_dir(const struct da_root *root, const char *path)
{
	struct stat st;

	return da_root_stat(root, path, false, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The registry certificate items being listed, CERTS_MAX at most. */
struct certs {
	struct items *it;
	size_t left;
	bool truncated; /* there was one more */
};

/* An item for PATH (REGISTRY may be NULL); NULL once the cap is reached. */
static json_t *add_cert(struct certs *c, const char *path, const char *registry)
{
	json_t *item;

	if (!c->left) {
		c->truncated = true;
		return NULL;
	}
	c->left--;
	item = add_item(c->it, path, "registry-cert", NULL);
	if (registry)
		json_object_set_new(item, "registry", da_facts_string(registry));
	return item;
}

/* The files of one registry's directory (certs.d/HOST): one item each. */
static void registry_items(struct certs *c, const char *dir, const char *registry)
{
	char **names, *path, *msg;
	size_t n, i;
	json_t *item;
	int rc = list_dir(c->it->root, dir, &names, &n);

	if (rc < 0) {
		msg = da_xasprintf("%s: cannot list: %s", dir, strerror(-rc));
		if ((item = add_cert(c, dir, registry)))
			json_object_set_new(item, "error", da_facts_string(msg));
		free(msg);
		return;
	}
	for (i = 0; i < n && !c->truncated; i++) {
		path = da_xasprintf("%s/%s", dir, names[i]);
		if (!is_dir(c->it->root, path))
			add_cert(c, path, registry);
		free(path);
	}
	free_names(names, n);
}

/* Every file under certs.d, two levels deep (certs.d/HOST/ca.crt), in
 * name order. When there are more than CERTS_MAX, the registry-certs item
 * says so. */
static void cert_items(struct items *it, json_t *certs_item)
{
	struct certs c = { .it = it, .left = CERTS_MAX };
	char **names, *path;
	size_t n, i;

	if (list_dir(it->root, CERTS_DIR, &names, &n) < 0)
		return; /* absent or unreadable: the registry-certs item says which */
	for (i = 0; i < n && !c.truncated; i++) {
		path = da_xasprintf("%s/%s", CERTS_DIR, names[i]);
		if (is_dir(it->root, path))
			registry_items(&c, path, names[i]);
		else
			add_cert(&c, path, NULL);
		free(path);
	}
	if (c.truncated)
		json_object_set_new(certs_item, "error",
				    json_sprintf("%s: more than %u files; the rest not listed",
						 CERTS_DIR, CERTS_MAX));
	free_names(names, n);
}

static void files_collect(struct da_collect_ctx *ctx, json_t *section)
{
	struct id_db ids = { NULL, NULL };
	struct files_ctx fc = { .ctx = ctx, .units = json_object() };
	struct items it = { .root = ctx->root, .ids = &ids, .list = json_array() };
	json_t *certs = NULL, *item;
	const struct file_spec *s;
	struct located loc;

	if (da_root_read_file(ctx->root, "/etc/passwd", ID_DB_MAX, &ids.passwd, NULL) < 0)
		ids.passwd = NULL;
	if (da_root_read_file(ctx->root, "/etc/group", ID_DB_MAX, &ids.group, NULL) < 0)
		ids.group = NULL;
	json_object_set_new(section, "units", fc.units);
	for (s = file_specs; s->role; s++)
		if (s->unit)
			json_object_set_new(fc.units, s->unit, da_unit_fact(ctx->root, s->unit));
	find_flags(&fc);
	json_object_set_new(section, "items", it.list);
	for (s = file_specs; s->role; s++) {
		loc = spec_path(&fc, s);
		item = add_item(&it, loc.path, s->role, loc.source);
		if (!strcmp(s->role, "registry-certs"))
			certs = item;
		free(loc.path);
	}
	dropin_items(&it, fc.units);
	cert_items(&it, certs);
	da_dockerd_flags_free(&fc.flags);
	free(ids.passwd);
	free(ids.group);
}

const struct da_collector da_collector_files = {
	.name = "files",
	.summary = "Docker's files: systemd units and their ExecStart, config, TLS files, sockets, "
		   "certificates",
	.collect = files_collect,
};
