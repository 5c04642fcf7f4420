/*
 * Kernel truth for container mounts (see container_kmounts.h). Both tables
 * are read whole (capped) and parsed with the mounts collector's line
 * parser; a container mount is mapped by device and root, so a bind of a
 * directory reached through a symlink, or of a volume whose local driver
 * bound a host directory, shows the real host path.
 */
#include "collect/container_kmounts.h"
#include "collect/container_cfg.h"
#include "collect/mountinfo.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of one mountinfo file read at most. */
#define KMOUNTS_TABLE_MAX (16u << 20)

struct host_mount {
	unsigned major, minor;
	char *root, *point;
};

struct da_host_mounts {
	struct host_mount *v;
	size_t n;
	char *error; /* why the table could not be read, or NULL */
};

/* Read PATH inside ROOT; 0, or -errno with *DATA NULL. */
static int read_table(const struct da_root *root, const char *path, char **data)
{
	*data = NULL;
	return da_root_read_file(root, path, KMOUNTS_TABLE_MAX, data, NULL);
}

/* Call FN on each well-formed line of TEXT (modified in place). */
static void each_line(char *text, void (*fn)(const struct da_mountinfo *m, void *arg), void *arg)
{
	char *fields[DA_MOUNTINFO_FIELDS_MAX];
	struct da_mountinfo m;
	char *line = text, *nl;

	for (; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (*line && !da_mountinfo_parse(line, &m, fields))
			fn(&m, arg);
	}
}

static void add_host(const struct da_mountinfo *m, void *arg)
{
	struct da_host_mounts *h = arg;

	if (h->n % 64 == 0)
		h->v = da_xreallocarray(h->v, h->n + 64, sizeof(*h->v));
	h->v[h->n++] = (struct host_mount){ m->major, m->minor, da_xstrdup(m->root),
					    da_xstrdup(m->point) };
}

struct da_host_mounts *da_host_mounts_read(const struct da_root *root, long long dockerd_pid)
{
	struct da_host_mounts *h = da_xcalloc(1, sizeof(*h));
	char *paths[3] = { NULL, da_xstrdup("/proc/1/mountinfo"),
			   da_xstrdup("/proc/self/mountinfo") };
	char *data = NULL;
	int rc = -ENOENT;
	size_t i;

	if (dockerd_pid > 0 && dockerd_pid <= 0x7fffffff)
		paths[0] = da_xasprintf("/proc/%lld/mountinfo", dockerd_pid);
	for (i = 0; i < 3 && !data; i++) {
		if (paths[i])
			rc = read_table(root, paths[i], &data);
	}
	if (data) {
		da_host_mounts_free(h);
		h = da_host_mounts_parse(data);
	} else
		h->error = da_xasprintf("the host's mount table (%s): %s", paths[1], strerror(-rc));
	for (i = 0; i < 3; i++)
		free(paths[i]);
	free(data);
	return h;
}

struct da_host_mounts *da_host_mounts_parse(char *text)
{
	struct da_host_mounts *h = da_xcalloc(1, sizeof(*h));

	each_line(text, add_host, h);
	return h;
}

void da_host_mounts_free(struct da_host_mounts *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->n; i++) {
		free(h->v[i].root);
		free(h->v[i].point);
	}
	free(h->v);
	free(h->error);
	free(h);
}

/* How deep below DIR the clean path P lies ("/" holds everything):
 * the length of DIR's prefix in P, or -1 when P is not DIR or below it. */
static long prefix_len(const char *p, const char *dir)
{
	size_t n = strcmp(dir, "/") ? strlen(dir) : 0;

	if (strncmp(p, dir, n) || (p[n] && p[n] != '/'))
		return -1;
	return (long)n;
}

/* The host path of the container mount M: through the host mount of the
 * same device whose root holds M's root, the widest one (the filesystem's
 * own mount rather than a bind of a part of it: a local volume's _data,
 * bound from a host directory, must not hide that directory), then the
 * shortest mount point. NULL when none. */
static char *map_host(const struct da_host_mounts *h, const struct da_mountinfo *m)
{
	const struct host_mount *best = NULL;
	long best_len = -1, len;
	char *joined, *out;
	size_t i;

	for (i = 0; i < h->n; i++) {
		const struct host_mount *c = &h->v[i];

		if (c->major != m->major || c->minor != m->minor)
			continue;
		len = prefix_len(m->root, c->root);
		if (len < 0)
			continue;
		if (!best || len < best_len ||
		    (len == best_len && strlen(c->point) < strlen(best->point))) {
			best = c;
			best_len = len;
		}
	}
	if (!best || best_len < 0)
		return NULL;
	joined = da_xasprintf("%s/%s", best->point, m->root + best_len);
	out = da_container_clean_path(joined);
	free(joined);
	return out;
}

struct scan {
	const struct da_host_mounts *host;
	const json_t *wanted; /* clean destination -> true */
	json_t *items;
};

static void add_container(const struct da_mountinfo *m, void *arg)
{
	struct scan *s = arg;
	json_t *o, *tags;
	char dev[32], *host;
	size_t i;

	if (!json_object_get(s->wanted, m->point))
		return;
	snprintf(dev, sizeof(dev), "%u:%u", m->major, m->minor);
	tags = json_array();
	for (i = 0; i < m->ntags; i++)
		json_array_append_new(tags, da_facts_string(m->tags[i]));
	o = json_pack("{s:s, s:o, s:o, s:o, s:b, s:b, s:b, s:b, s:o}", "device", dev, "root",
		      da_facts_string(m->root), "fs_type", da_facts_string(m->fs_type), "options",
		      da_mountinfo_options_json(m->options), "read_only",
		      da_mountinfo_has_option(m->options, "ro"), "nosuid",
		      da_mountinfo_has_option(m->options, "nosuid"), "nodev",
		      da_mountinfo_has_option(m->options, "nodev"), "noexec",
		      da_mountinfo_has_option(m->options, "noexec"), "propagation", tags);
	host = map_host(s->host, m);
	if (host)
		json_object_set_new(o, "host_path", da_facts_string(host));
	free(host);
	/* of mounts on one point the last, on top, is the one that counts */
	json_object_set_new(s->items, m->point, o);
}

json_t *da_container_kernel_map(char *text, const json_t *wanted,
				const struct da_host_mounts *host)
{
	struct scan s = { host, wanted, json_object() };

	each_line(text, add_container, &s);
	return s.items;
}

/* Clean destinations of INSPECT's Mounts, as a set. */
static json_t *destinations(const json_t *inspect)
{
	json_t *set = json_object();
	const json_t *m;
	size_t i;

	json_array_foreach (json_object_get(inspect, "Mounts"), i, m) {
		const char *d = json_string_value(json_object_get(m, "Destination"));
		char *clean;

		if (!d || d[0] != '/')
			continue;
		clean = da_container_clean_path(d);
		json_object_set_new(set, clean, json_true());
		free(clean);
	}
	return set;
}

json_t *da_container_kernel_mounts(const struct da_root *root, const json_t *inspect,
				   const struct da_host_mounts *host)
{
	const json_t *pidv = da_facts_get(inspect, "/State/Pid");
	json_int_t pid = json_integer_value(pidv);
	char *file, *data = NULL;
	json_t *out = json_object();
	int rc;

	if (!json_is_true(da_facts_get(inspect, "/State/Running"))) {
		json_decref(out);
		return NULL;
	}
	if (!json_is_integer(pidv) || pid <= 0 || pid > 0x7fffffff) {
		da_facts_set_error(out, "State.Pid is not a process id");
		return out;
	}
	file = da_xasprintf("/proc/%" JSON_INTEGER_FORMAT "/mountinfo", pid);
	json_object_set_new(out, "mountinfo", json_string(file));
	rc = read_table(root, file, &data);
	if (rc < 0) {
		da_facts_set_error(out, "%s: %s", file, strerror(-rc));
	} else if (host->error) {
		da_facts_set_error(out, "%s", host->error);
	} else {
		json_t *wanted = destinations(inspect);

		json_object_set_new(out, "items", da_container_kernel_map(data, wanted, host));
		json_decref(wanted);
	}
	free(data);
	free(file);
	return out;
}
