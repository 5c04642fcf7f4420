/*
 * The mounts collector: the mount table as dockerd sees it
 * (ROOT/proc/DOCKERD/mountinfo, else ROOT/proc/1/mountinfo, else
 * ROOT/proc/self/mountinfo) and whether Docker's data root lies on a
 * filesystem of its own. Only the mounts that matter to a Docker audit are
 * listed; on a host with thousands of containers their overlays and shm
 * mounts below the data root are only counted. The table is read as a
 * stream, a line at a time, so its size costs time, not memory.
 */
#include "collect/collectors.h"
#include "collect/mountinfo.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A mountinfo line holds at most a few escaped paths and option lists. */
#define MOUNTS_LINE_MAX (64u << 10)
/* Bytes of the table read at most (some 300,000 mounts). */
#define MOUNTS_TABLE_MAX (64u << 20)
#define MOUNTS_FIELDS_MAX DA_MOUNTINFO_FIELDS_MAX
/* Mounts listed, and malformed lines listed, at most. */
#define MOUNTS_ITEMS_MAX 1024
#define MOUNTS_ERRORS_MAX 100
/* Docker's default data root: stands in for the selection when /info is
 * not available. */
#define MOUNTS_DEFAULT_DATA_ROOT "/var/lib/docker"

/* Mount points listed whatever the data root. */
static const char *const wanted_points[] = {
	"/", "/var", "/var/lib", "/var/lib/docker", "/tmp", "/home", "/boot", "/run", "/dev/shm", NULL,
};

/* The mount covering the data root so far, and the root filesystem's. */
struct cover {
	bool found;
	long long id;
	unsigned major, minor;
	char *point, *fs_type, *source, *root, *options; /* owned */
};

struct scan {
	const char *file;      /* the table's path as the host sees it */
	const char *data_root; /* normalised; the default when unknown */
	json_t *items, *errors;
	size_t lineno, total, nested, nerrors;
	bool truncated;
	struct cover cover, rootfs;
};

/* ---- paths ------------------------------------------------------------- */

/* How deep P lies below the directory D: 0 for D itself, 1 for a child,
 * and so on; -1 when P is not D or below it. Both are normalised. */
static int depth_below(const char *p, const char *d)
{
	size_t n = strcmp(d, "/") ? strlen(d) : 0;
	int depth = 0;

	if (strncmp(p, d, n) || (p[n] && p[n] != '/'))
		return -1;
	for (p += n; *p; p++)
		depth += *p == '/' && p[1];
	return depth;
}

/* P with repeated and trailing slashes and "." components dropped; NULL
 * when it is not absolute or has a ".." component. Caller frees. */
static char *normalize(const char *p)
{
	char *out = da_xmalloc(strlen(p) + 2), *o = out;
	const char *c = p, *e;

	if (*p != '/')
		goto bad;
	while (*c) {
		while (*c == '/')
			c++;
		e = c + strcspn(c, "/");
		if (e - c == 2 && !strncmp(c, "..", 2))
			goto bad;
		if (e > c && !(e - c == 1 && *c == '.')) {
			*o++ = '/';
			memcpy(o, c, (size_t)(e - c));
			o += e - c;
		}
		c = e;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

/* ---- parsing one line ---------------------------------------------------- */

/* Undo the kernel's octal escapes (\040 space, \011 tab, \012 newline,
 * \134 backslash) in place. Anything else, \000 included, stays as it is. */
static char *unescape(char *s)
{
	char *in = s, *out = s;
	unsigned v;

	while (*in) {
		if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' && in[2] >= '0' && in[2] <= '7' &&
		    in[3] >= '0' && in[3] <= '7') {
			v = (unsigned)(in[1] - '0') * 64 + (unsigned)(in[2] - '0') * 8 +
			    (unsigned)(in[3] - '0');
			if (v) {
				*out++ = (char)v;
				in += 4;
				continue;
			}
		}
		*out++ = *in++;
	}
	*out = '\0';
	return s;
}

/* Split LINE at single spaces, as the kernel writes it. Returns the number
 * of fields, or MOUNTS_FIELDS_MAX + 1 when there are more. */
static size_t split_spaces(char *line, char **f)
{
	size_t n = 0;

	for (;;) {
		if (n == MOUNTS_FIELDS_MAX)
			return MOUNTS_FIELDS_MAX + 1;
		f[n++] = line;
		line = strchr(line, ' ');
		if (!line)
			return n;
		*line++ = '\0';
	}
}

static bool parse_id(const char *s, long long *out)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return !errno && !*end;
}

static bool parse_device(const char *s, unsigned *major, unsigned *minor)
{
	unsigned long ma, mi;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	ma = strtoul(s, &end, 10);
	if (errno || *end != ':' || !isdigit((unsigned char)end[1]) || ma > UINT_MAX)
		return false;
	mi = strtoul(end + 1, &end, 10);
	if (errno || *end || mi > UINT_MAX)
		return false;
	*major = (unsigned)ma;
	*minor = (unsigned)mi;
	return true;
}

const char *da_mountinfo_parse(char *line, struct da_mountinfo *m, char **f)
{
	size_t n = split_spaces(line, f), sep;

	if (n > MOUNTS_FIELDS_MAX)
		return "too many fields";
	if (n < 10)
		return "too few fields";
	for (sep = 6; sep < n && strcmp(f[sep], "-"); sep++)
		;
	if (sep == n)
		return "no \" - \" separator";
	if (n - sep != 4)
		return "not three fields (type, source, super options) after \" - \"";
	if (!parse_id(f[0], &m->id) || !parse_id(f[1], &m->parent))
		return "mount id or parent id is not a number";
	if (!parse_device(f[2], &m->major, &m->minor))
		return "device is not MAJOR:MINOR";
	if (f[4][0] != '/')
		return "mount point is not an absolute path";
	m->root = unescape(f[3]);
	m->point = unescape(f[4]);
	m->options = f[5];
	m->tags = f + 6;
	m->ntags = sep - 6;
	m->fs_type = unescape(f[sep + 1]);
	m->source = unescape(f[sep + 2]);
	m->super = f[sep + 3];
	return NULL;
}

bool da_mountinfo_has_option(const char *options, const char *opt)
{
	size_t n = strlen(opt);

	while (*options) {
		size_t len = strcspn(options, ",");

		if (len == n && !strncmp(options, opt, n))
			return true;
		options += len + (options[len] ? 1 : 0);
	}
	return false;
}

/* ---- facts --------------------------------------------------------------- */

static json_t *device_json(unsigned major, unsigned minor)
{
	char dev[32];

	snprintf(dev, sizeof(dev), "%u:%u", major, minor);
	return json_string(dev);
}

json_t *da_mountinfo_options_json(const char *s)
{
	json_t *a = json_array();
	const char *e;

	for (; *s; s = *e ? e + 1 : e) {
		e = s + strcspn(s, ",");
		if (e > s) {
			char *o = da_xstrndup(s, (size_t)(e - s));

			json_array_append_new(a, da_facts_string(o));
			free(o);
		}
	}
	return a;
}

static json_t *mount_json(const struct da_mountinfo *m)
{
	json_t *tags = json_array();
	size_t i;

	for (i = 0; i < m->ntags; i++)
		json_array_append_new(tags, da_facts_string(m->tags[i]));
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "mount_id",
			 (json_int_t)m->id, "parent_id", (json_int_t)m->parent, "device",
			 device_json(m->major, m->minor), "mount_point", da_facts_string(m->point),
			 "root", da_facts_string(m->root), "fs_type", da_facts_string(m->fs_type),
			 "source", da_facts_string(m->source), "options", da_mountinfo_options_json(m->options),
			 "super_options", da_mountinfo_options_json(m->super), "propagation", tags);
}

static void cover_free(struct cover *c)
{
	free(c->point);
	free(c->fs_type);
	free(c->source);
	free(c->root);
	free(c->options);
	*c = (struct cover){ 0 };
}

static void cover_set(struct cover *c, const struct da_mountinfo *m)
{
	cover_free(c);
	*c = (struct cover){
		.found = true,
		.id = m->id,
		.major = m->major,
		.minor = m->minor,
		.point = da_xstrdup(m->point),
		.fs_type = da_xstrdup(m->fs_type),
		.source = da_xstrdup(m->source),
		.root = da_xstrdup(m->root),
		.options = da_xstrdup(m->options),
	};
}

static bool wanted(const char *point)
{
	size_t i;

	for (i = 0; wanted_points[i]; i++)
		if (!strcmp(point, wanted_points[i]))
			return true;
	return false;
}

static void add_error(struct scan *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Record a malformed line; past MOUNTS_ERRORS_MAX they are only counted. */
static void add_error(struct scan *s, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (s->nerrors++ >= MOUNTS_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(s->errors, da_facts_string(msg));
}

/* Take in one mount: list it if it matters, count it if it is below the
 * data root, and keep the one covering the data root. Of mounts on the same
 * point the last one, mounted on top, is the one that counts. */
static void take_mount(struct scan *s, const struct da_mountinfo *m)
{
	int below = depth_below(m->point, s->data_root);
	int above = depth_below(s->data_root, m->point);

	s->total++;
	if (!strcmp(m->point, "/"))
		cover_set(&s->rootfs, m);
	if (above >= 0 && (!s->cover.found || strlen(m->point) >= strlen(s->cover.point)))
		cover_set(&s->cover, m);
	if (below > 1) {
		s->nested++;
		return;
	}
	if (below < 0 && above < 0 && !wanted(m->point))
		return;
	if (json_array_size(s->items) == MOUNTS_ITEMS_MAX) {
		s->truncated = true;
		return;
	}
	json_array_append_new(s->items, mount_json(m));
}

static void take_line(struct scan *s, char *line, size_t len)
{
	char *f[MOUNTS_FIELDS_MAX];
	struct da_mountinfo m;
	const char *bad;

	s->lineno++;
	if (memchr(line, '\0', len)) {
		add_error(s, "%s:%zu: a NUL byte", s->file, s->lineno);
		return;
	}
	if (!len)
		return;
	bad = da_mountinfo_parse(line, &m, f);
	if (bad)
		add_error(s, "%s:%zu: %s", s->file, s->lineno, bad);
	else
		take_mount(s, &m);
}

/* Feed every line of FD to take_line. A line over MOUNTS_LINE_MAX is an
 * error and skipped; reading stops after MOUNTS_TABLE_MAX bytes. */
static void scan_fd(struct scan *s, int fd)
{
	char *buf = da_xmalloc(MOUNTS_LINE_MAX + 1), *start, *nl;
	size_t have = 0, total = 0;
	bool skipping = false;
	ssize_t n;

	for (;;) {
		n = read(fd, buf + have, MOUNTS_LINE_MAX - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			add_error(s, "%s: %s (the table may be incomplete)", s->file, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		total += (size_t)n;
		have += (size_t)n;
		start = buf;
		while ((nl = memchr(start, '\n', have - (size_t)(start - buf)))) {
			*nl = '\0';
			if (skipping)
				s->lineno++;
			else
				take_line(s, start, (size_t)(nl - start));
			skipping = false;
			start = nl + 1;
		}
		have -= (size_t)(start - buf);
		memmove(buf, start, have);
		if (have == MOUNTS_LINE_MAX) {
			if (!skipping)
				add_error(s, "%s:%zu: longer than %u bytes", s->file, s->lineno + 1,
					  MOUNTS_LINE_MAX);
			skipping = true;
			have = 0;
		}
		if (total >= MOUNTS_TABLE_MAX) {
			add_error(s, "%s: more than %u bytes: the rest is not read", s->file,
				  MOUNTS_TABLE_MAX);
			have = 0;
			break;
		}
	}
	if (have && !skipping) {
		buf[have] = '\0';
		take_line(s, buf, have);
	}
	free(buf);
}

/* Open the mount table as the daemon sees it: dockerd's own (its mount
 * namespace may differ from init's: PrivateTmp, ProtectSystem, a container
 * host), else init's (the host's when ROOT/proc is the host's procfs), else
 * our own. *FILE gets the path used (caller frees); -1 with the section's
 * error when none opens. */
static int open_table(const struct da_root *root, const json_t *facts, char **file,
		      json_t *section)
{
	const json_t *pid = da_facts_get(facts, "/daemon/process/pid");
	char *tables[3] = { NULL, da_xstrdup("/proc/1/mountinfo"),
			    da_xstrdup("/proc/self/mountinfo") };
	int fd = -ENOENT, rc[3] = { -ENOENT, -ENOENT, -ENOENT };
	size_t i;

	if (json_is_integer(pid) && json_integer_value(pid) > 0)
		tables[0] = da_xasprintf("/proc/%" JSON_INTEGER_FORMAT "/mountinfo",
					 json_integer_value(pid));
	*file = NULL;
	for (i = 0; i < 3 && !*file; i++) {
		if (!tables[i])
			continue;
		fd = rc[i] = da_root_openat(root, tables[i], O_RDONLY);
		if (fd >= 0) {
			*file = tables[i];
			tables[i] = NULL;
		}
	}
	if (fd < 0)
		da_facts_set_error(section, "%s: %s, %s: %s", tables[1], strerror(-rc[1]), tables[2],
				   strerror(-rc[2]));
	for (i = 0; i < 3; i++)
		free(tables[i]);
	return fd;
}

/* ---- the data root ------------------------------------------------------- */

/* Where DockerRootDir comes from, and why it may not be known. */
static const char *reported_root(const json_t *facts, char **why)
{
	const json_t *info = da_facts_get(facts, "/daemon/info");
	const json_t *dir = da_facts_get(info, "/DockerRootDir");
	const char *err;

	if (json_is_string(dir))
		return json_string_value(dir);
	err = json_string_value(json_object_get(info, "error"));
	if (err)
		*why = da_xasprintf("the daemon's /info is not available: %s", err);
	else if (!info)
		*why = da_xstrdup("the daemon's /info is not available");
	else
		*why = da_xstrdup("the daemon's /info has no DockerRootDir string");
	return NULL;
}

/* A last path component "UID.GID", as userns-remap names its directory. */
static bool is_remap_dir(const char *name)
{
	size_t a = strspn(name, "0123456789");

	return a && name[a] == '.' && name[a + 1] &&
	       strspn(name + a + 1, "0123456789") == strlen(name + a + 1);
}

/* reported, path, userns_remap, base, remapped_subdir: DockerRootDir as
 * the daemon reports it already ends in "UID.GID" when userns-remap is on. */
static void describe_root(const json_t *facts, json_t *dr, const char *reported, const char *path)
{
	const json_t *remap = da_facts_get(facts, "/daemon/settings/userns-remap/value");
	const char *slash = strrchr(path, '/');
	bool remapped = json_is_string(remap) && *json_string_value(remap) && strcmp(path, "/") &&
			is_remap_dir(slash + 1);
	char *base = remapped ? da_xstrndup(path, slash > path ? (size_t)(slash - path) : 1) : NULL;

	json_object_set_new(dr, "reported", da_facts_string(reported));
	json_object_set_new(dr, "source", json_string("/daemon/info/DockerRootDir"));
	json_object_set_new(dr, "path", da_facts_string(path));
	json_object_set_new(dr, "userns_remap",
			    json_is_string(remap) ? json_deep_copy(remap) : json_null());
	json_object_set_new(dr, "base", da_facts_string(remapped ? base : path));
	json_object_set_new(dr, "remapped_subdir", remapped ? da_facts_string(slash + 1) : json_null());
	if (!json_is_string(remap))
		json_object_set_new(dr, "userns_remap_error",
				    json_string("the daemon's userns-remap setting is not known"));
	free(base);
}

/* The data root as recorded (the section's "data_root"), and the path to
 * select mounts by (normalised; caller frees): the default when unknown. */
static char *data_root(const json_t *facts, json_t *dr)
{
	char *why = NULL, *path;
	const char *reported = reported_root(facts, &why);

	if (!reported) {
		da_facts_set_error(dr, "%s", why);
		free(why);
		return da_xstrdup(MOUNTS_DEFAULT_DATA_ROOT);
	}
	path = normalize(reported);
	if (!path) {
		json_object_set_new(dr, "reported", da_facts_string(reported));
		da_facts_set_error(dr, "DockerRootDir is not an absolute path without \"..\"");
		return da_xstrdup(MOUNTS_DEFAULT_DATA_ROOT);
	}
	describe_root(facts, dr, reported, path);
	return path;
}

/* separate_filesystem and why: the mount covering the data root is not
 * "/" and not on the root filesystem's device (a bind mount of it). */
static void judge_root(const struct scan *s, json_t *dr)
{
	const struct cover *c = &s->cover, *r = &s->rootfs;
	bool same_dev = r->found && c->major == r->major && c->minor == r->minor;
	bool separate = strcmp(c->point, "/") && !same_dev;
	char *reason;

	if (!strcmp(c->point, "/"))
		reason = da_xasprintf("on the root filesystem, mounted at /");
	else if (same_dev)
		reason = da_xasprintf("on a bind mount at %s of the root filesystem's device %u:%u",
				      c->point, c->major, c->minor);
	else
		reason = da_xasprintf("on its own filesystem, %s mounted at %s (device %u:%u)",
				      c->fs_type, c->point, c->major, c->minor);
	json_object_set_new(dr, "separate_filesystem", json_boolean(separate));
	json_object_set_new(dr, "reason", da_facts_string(reason));
	json_object_set_new(dr, "root_device", r->found ? device_json(r->major, r->minor) : json_null());
	free(reason);
}

/* The covering mount's facts in the data_root object. */
static void place_root(const struct scan *s, json_t *dr)
{
	const struct cover *c = &s->cover;

	if (json_object_get(dr, "error"))
		return;
	if (!c->found) {
		da_facts_set_error(dr, "%s: no mount covers %s", s->file, s->data_root);
		return;
	}
	json_object_set_new(dr, "mount_point", da_facts_string(c->point));
	json_object_set_new(dr, "mount_id", json_integer((json_int_t)c->id));
	json_object_set_new(dr, "device", device_json(c->major, c->minor));
	json_object_set_new(dr, "fs_type", da_facts_string(c->fs_type));
	json_object_set_new(dr, "mount_source", da_facts_string(c->source));
	json_object_set_new(dr, "mount_root", da_facts_string(c->root));
	json_object_set_new(dr, "options", da_mountinfo_options_json(c->options));
	judge_root(s, dr);
}

static void mounts_collect(struct da_collect_ctx *ctx, json_t *section)
{
	struct scan s = { 0 };
	json_t *dr = json_object();
	char *path = data_root(ctx->facts, dr);
	char *file = NULL;
	int fd;

	json_object_set_new(section, "data_root", dr);
	fd = open_table(ctx->root, ctx->facts, &file, section);
	s.file = file;
	if (fd < 0) {
		da_facts_set_error(dr, "the mount table could not be read");
		goto out;
	}
	s.data_root = path;
	s.items = json_array();
	s.errors = json_array();
	scan_fd(&s, fd);
	close(fd);
	if (s.nerrors > MOUNTS_ERRORS_MAX)
		json_array_append_new(s.errors, json_sprintf("%zu more errors not listed",
							     s.nerrors - MOUNTS_ERRORS_MAX));
	json_object_set_new(section, "mountinfo", json_string(s.file));
	json_object_set_new(section, "total", json_integer((json_int_t)s.total));
	json_object_set_new(section, "items", s.items);
	if (s.truncated)
		json_object_set_new(section, "items_truncated", json_true());
	json_object_set_new(section, "nested_under_data_root", json_integer((json_int_t)s.nested));
	json_object_set_new(section, "errors", s.errors);
	place_root(&s, dr);
out:
	cover_free(&s.cover);
	cover_free(&s.rootfs);
	free(file);
	free(path);
}

const struct da_collector da_collector_mounts = {
	.name = "mounts",
	.summary = "the mount table, and whether Docker's data root has a filesystem of its own",
	.collect = mounts_collect,
};
