/*
 * The users collector: who is in the docker group, which is root on the
 * host in all but name. Members are the names listed in ROOT/etc/group and
 * the accounts of ROOT/etc/passwd whose primary group it is (getent group
 * misses those). Read from the audited root, never through NSS, which
 * would answer for the machine running dockaudit.
 */
#include "collect/collectors.h"
#include "collect/users.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DOCKER_GROUP "docker"

/* One line of a colon-separated database, split in place. */
#define MAX_FIELDS 7

struct line {
	char *field[MAX_FIELDS];
	size_t n; /* MAX_FIELDS + 1: too many, or a NUL byte in the line */
};

/* The next line of *P (advancing it), split on ':' into L. Returns false
 * at the end. The text is modified: separators become NULs. */
static bool next_line(char **p, char *end, struct line *l)
{
	char *s = *p, *nl, *c;

	if (s >= end)
		return false;
	nl = memchr(s, '\n', (size_t)(end - s));
	if (!nl)
		nl = end;
	*p = nl + 1;
	l->n = 0;
	l->field[l->n++] = s;
	if (memchr(s, '\0', (size_t)(nl - s))) {
		l->n = MAX_FIELDS + 1;
		return true;
	}
	*nl = '\0';
	for (c = s; (c = strchr(c, ':')) && l->n < MAX_FIELDS; c++) {
		*c = '\0';
		l->field[l->n++] = c + 1;
	}
	if (c) /* more fields than any database here has */
		l->n = MAX_FIELDS + 1;
	return true;
}

/* Lines that carry no entry: blank, comments, NIS compat "+" / "-". */
static bool skipped(const struct line *l)
{
	const char *s = l->field[0];

	return (l->n == 1 && !*s) || *s == '#' || *s == '+' || *s == '-';
}

/* A decimal id no larger than 2^32 - 2 (-1 is "no id"). */
static bool parse_id(const char *s, unsigned long *id)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*id = strtoul(s, &end, 10);
	return !errno && !*end && *id < UINT32_MAX;
}

/* ---- /etc/passwd ------------------------------------------------------- */

struct account {
	const char *name; /* borrowed from the file's text */
	unsigned long uid, gid;
	size_t order;
};

struct passwd_db {
	struct account *a; /* in file order */
	struct account *by_name; /* sorted by name, then order */
	size_t n;
	unsigned malformed;
};

static int by_name(const void *x, const void *y)
{
	const struct account *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	return c ? c : (a->order > b->order) - (a->order < b->order);
}

/* 1 + the count of C in TEXT: a bound for the arrays filled from it. */
static size_t count_char(const char *text, size_t len, char c)
{
	const char *p = text, *end = text + len;
	size_t n = 1;

	while ((p = memchr(p, c, (size_t)(end - p)))) {
		n++;
		p++;
	}
	return n;
}

static void passwd_parse(char *text, size_t len, struct passwd_db *db)
{
	char *p = text;
	struct line l;
	struct account acc;

	db->a = da_xreallocarray(NULL, count_char(text, len, '\n'), sizeof(*db->a));
	while (next_line(&p, text + len, &l)) {
		if (skipped(&l))
			continue;
		if (l.n != 7 || !*l.field[0] || !parse_id(l.field[2], &acc.uid) ||
		    !parse_id(l.field[3], &acc.gid)) {
			db->malformed++;
			continue;
		}
		acc.name = l.field[0];
		acc.order = db->n;
		db->a[db->n++] = acc;
	}
	db->by_name = da_xreallocarray(NULL, db->n ? db->n : 1, sizeof(*db->by_name));
	if (db->n)
		memcpy(db->by_name, db->a, db->n * sizeof(*db->a));
	qsort(db->by_name, db->n, sizeof(*db->by_name), by_name);
}

/* The first account named NAME, or NULL. */
static const struct account *passwd_find(const struct passwd_db *db, const char *name)
{
	size_t lo = 0, hi = db->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(db->by_name[mid].name, name);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < db->n && !strcmp(db->by_name[lo].name, name) ? &db->by_name[lo] : NULL;
}

static void passwd_free(struct passwd_db *db)
{
	free(db->a);
	free(db->by_name);
}

/* TEXT parsed into DB from a private copy (*COPY, caller frees). */
static void passwd_parse_copy(const char *text, size_t len, struct passwd_db *db, char **copy)
{
	*copy = da_xmalloc(len + 1);
	memcpy(*copy, text, len);
	(*copy)[len] = '\0';
	memset(db, 0, sizeof(*db));
	passwd_parse(*copy, len, db);
}

int da_passwd_uid(const char *text, size_t len, const char *name, uint32_t *uid)
{
	struct passwd_db db;
	const struct account *a;
	char *copy;
	int rc = -ENOENT;

	passwd_parse_copy(text, len, &db, &copy);
	a = passwd_find(&db, name);
	if (a) {
		*uid = (uint32_t)a->uid;
		rc = 0;
	}
	passwd_free(&db);
	free(copy);
	return rc;
}

char *da_passwd_name(const char *text, size_t len, uint32_t uid)
{
	struct passwd_db db;
	char *copy, *name = NULL;
	size_t i;

	passwd_parse_copy(text, len, &db, &copy);
	for (i = 0; i < db.n && !name; i++) {
		if (db.a[i].uid == uid)
			name = da_xstrdup(db.a[i].name);
	}
	passwd_free(&db);
	free(copy);
	return name;
}

/* ---- /etc/group -------------------------------------------------------- */

struct group_entry {
	bool found;
	unsigned long gid;
	char *members; /* the fourth field, borrowed from the text */
	unsigned malformed;
};

/* The first docker line of the group file, and the count of bad lines. */
static void group_parse(char *text, size_t len, struct group_entry *g)
{
	char *p = text;
	struct line l;
	unsigned long gid;

	while (next_line(&p, text + len, &l)) {
		if (skipped(&l))
			continue;
		if (l.n != 4 || !*l.field[0] || !parse_id(l.field[2], &gid)) {
			g->malformed++;
			continue;
		}
		if (!g->found && !strcmp(l.field[0], DOCKER_GROUP)) {
			g->found = true;
			g->gid = gid;
			g->members = l.field[3];
		}
	}
}

/* ---- members ------------------------------------------------------------- */

struct member {
	const char *name;
	const char *via;  /* "supplementary" or "primary" (static) */
	unsigned long uid; /* for primary members: their own line's uid */
	size_t order;
};

static int cmp_order(const struct member *a, const struct member *b)
{
	return (a->order > b->order) - (a->order < b->order);
}

static int cmp_name(const void *x, const void *y)
{
	const struct member *a = *(const struct member *const *)x;
	const struct member *b = *(const struct member *const *)y;
	int c = strcmp(a->name, b->name);

	return c ? c : cmp_order(a, b);
}

/* via points to one of two static strings: comparing pointers suffices */
static int cmp_name_via(const void *x, const void *y)
{
	const struct member *a = *(const struct member *const *)x;
	const struct member *b = *(const struct member *const *)y;
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	if (a->via != b->via)
		return strcmp(a->via, b->via);
	return cmp_order(a, b);
}

/* DUP[i]: member i's name (and via, when BY_VIA) appeared earlier.
 * Sorting keeps this O(n log n): a 1 MB group line stays cheap. */
static void mark_dups(struct member *m, size_t n, bool by_via, bool *dup)
{
	struct member **s = da_xreallocarray(NULL, n ? n : 1, sizeof(*s));
	size_t i;

	for (i = 0; i < n; i++)
		s[i] = &m[i];
	qsort(s, n, sizeof(*s), by_via ? cmp_name_via : cmp_name);
	for (i = 0; i < n; i++)
		dup[s[i]->order] = i && !strcmp(s[i - 1]->name, s[i]->name) &&
				   (!by_via || s[i - 1]->via == s[i]->via);
	free(s);
}

/* The supplementary members (the comma list), then the primary ones. */
static size_t gather(const struct group_entry *g, const struct passwd_db *pw, struct member **out)
{
	char *p = g->members, *c;
	size_t n = 0, i, max = (p ? count_char(p, strlen(p), ',') : 0) + (pw ? pw->n : 0);
	struct member *m = da_xreallocarray(NULL, max ? max : 1, sizeof(*m));

	while (p && *p) {
		c = strchr(p, ',');
		if (c)
			*c = '\0';
		if (*p) {
			m[n] = (struct member){ .name = p, .via = "supplementary", .order = n };
			n++;
		}
		p = c ? c + 1 : NULL;
	}
	for (i = 0; pw && i < pw->n; i++) {
		if (pw->a[i].gid != g->gid)
			continue;
		m[n] = (struct member){ .name = pw->a[i].name, .via = "primary",
					.uid = pw->a[i].uid, .order = n };
		n++;
	}
	*out = m;
	return n;
}

/* A supplementary member's uid is that of the first account of its name,
 * as getpwnam() finds it; null when there is none. */
static json_t *member_json(const struct member *m, const struct passwd_db *pw)
{
	const struct account *a = m->via[0] == 'p' ? NULL : passwd_find(pw, m->name);
	json_t *uid = m->via[0] == 'p' ? json_integer((json_int_t)m->uid)
	    : a			   ? json_integer((json_int_t)a->uid)
				   : json_null();

	return json_pack("{s:o, s:o, s:s}", "name", da_facts_string(m->name), "uid", uid, "via",
			 m->via);
}

/* members: one entry per name and via; names: each name once. */
static void add_members(json_t *group, const struct group_entry *g, const struct passwd_db *pw)
{
	json_t *members = json_array(), *names = json_array();
	struct member *m;
	size_t n = gather(g, pw, &m), i;
	bool *dup_via = da_xcalloc(n ? n : 1, sizeof(bool));
	bool *dup_name = da_xcalloc(n ? n : 1, sizeof(bool));

	mark_dups(m, n, true, dup_via);
	mark_dups(m, n, false, dup_name);
	for (i = 0; i < n; i++) {
		if (!dup_via[i])
			json_array_append_new(members, member_json(&m[i], pw));
		if (!dup_name[i])
			json_array_append_new(names, da_facts_string(m[i].name));
	}
	json_object_set_new(group, "members", members);
	json_object_set_new(group, "names", names);
	free(dup_via);
	free(dup_name);
	free(m);
}

/* ---- the collector ------------------------------------------------------- */

/* Read PATH; on failure set GROUP's error and return -1. */
static int read_db(const struct da_root *root, const char *path, json_t *group, char **text,
		   size_t *len)
{
	int rc = da_root_read_file(root, path, DA_ROOT_READ_MAX, text, len);

	if (rc == -EFBIG)
		da_facts_set_error(group, "%s: larger than %u bytes", path, DA_ROOT_READ_MAX);
	else if (rc < 0)
		da_facts_set_error(group, "%s: %s", path, strerror(-rc));
	return rc < 0 ? -1 : 0;
}

static void users_collect(struct da_collect_ctx *ctx, json_t *section)
{
	json_t *group = json_object(), *malformed = json_object();
	struct passwd_db pw = { NULL, NULL, 0, 0 };
	struct group_entry g = { false, 0, NULL, 0 };
	char *gtext = NULL, *ptext = NULL;
	size_t glen, plen;

	json_object_set_new(section, "docker_group", group);
	json_object_set_new(section, "malformed_lines", malformed);
	if (read_db(ctx->root, "/etc/group", group, &gtext, &glen) < 0)
		goto out;
	group_parse(gtext, glen, &g);
	json_object_set_new(malformed, "group", json_integer(g.malformed));
	json_object_set_new(group, "exists", json_boolean(g.found));
	if (!g.found)
		goto out;
	json_object_set_new(group, "gid", json_integer((json_int_t)g.gid));
	/* without passwd the primary members are unknown: no partial list */
	if (read_db(ctx->root, "/etc/passwd", group, &ptext, &plen) < 0)
		goto out;
	passwd_parse(ptext, plen, &pw);
	json_object_set_new(malformed, "passwd", json_integer(pw.malformed));
	add_members(group, &g, &pw);
out:
	passwd_free(&pw);
	free(gtext);
	free(ptext);
}

const struct da_collector da_collector_users = {
	.name = "users",
	.summary = "Members of the docker group, from the host's group and passwd files",
	.collect = users_collect,
};
