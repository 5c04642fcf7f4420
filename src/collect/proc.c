/*
 * What /proc says about a process (see proc.h). Every file is read through
 * the root prefix with a small cap; status members are parsed strictly
 * from a table, capability names come from libcap so they match what
 * `capsh --decode` prints, and the pid namespace index is one sorted array.
 */
#include "collect/proc.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

/* A status file is about 1.5 KiB; anything near this is not one. */
#define STATUS_MAX (64u << 10)
/* 340 lines of three 10-digit numbers fit well under this. */
#define IDMAP_MAX (16u << 10)
/* attr/current holds one label. */
#define LABEL_MAX 4096u
/* /proc/PID/comm is at most 16 bytes (TASK_COMM_LEN); some slack. */
#define COMM_MAX 256u
/* PID_MAX_LIMIT: no /proc can list more processes than this. */
#define INDEX_MAX (4u << 20)

/* Required members, as bits of a "seen" mask. */
#define SEEN_INH 0x01u
#define SEEN_PRM 0x02u
#define SEEN_EFF 0x04u
#define SEEN_BND 0x08u
#define SEEN_REQUIRED (SEEN_INH | SEEN_PRM | SEEN_EFF | SEEN_BND)

enum field_kind { FIELD_MASK, FIELD_NNP, FIELD_SECCOMP, FIELD_IDS };

struct status_field {
	const char *key;
	enum field_kind kind;
	size_t off;    /* of the uint64_t for FIELD_MASK, the uint32_t[4] for FIELD_IDS */
	unsigned seen; /* SEEN_* bit, 0 when optional */
	unsigned have; /* DA_PROC_HAVE_* bit it sets */
	const char *bad;
};

static const struct status_field status_fields[] = {
	{ "CapInh", FIELD_MASK, offsetof(struct da_proc_status, cap_inh), SEEN_INH, 0,
	  "malformed CapInh" },
	{ "CapPrm", FIELD_MASK, offsetof(struct da_proc_status, cap_prm), SEEN_PRM, 0,
	  "malformed CapPrm" },
	{ "CapEff", FIELD_MASK, offsetof(struct da_proc_status, cap_eff), SEEN_EFF, 0,
	  "malformed CapEff" },
	{ "CapBnd", FIELD_MASK, offsetof(struct da_proc_status, cap_bnd), SEEN_BND, 0,
	  "malformed CapBnd" },
	{ "CapAmb", FIELD_MASK, offsetof(struct da_proc_status, cap_amb), 0, DA_PROC_HAVE_AMB,
	  "malformed CapAmb" },
	{ "NoNewPrivs", FIELD_NNP, 0, 0, DA_PROC_HAVE_NNP, "malformed NoNewPrivs" },
	{ "Seccomp", FIELD_SECCOMP, 0, 0, 0, "malformed Seccomp" },
	{ "Uid", FIELD_IDS, offsetof(struct da_proc_status, uid), 0, DA_PROC_HAVE_UID, "malformed Uid" },
	{ "Gid", FIELD_IDS, offsetof(struct da_proc_status, gid), 0, DA_PROC_HAVE_GID, "malformed Gid" },
};

/* Docker's default set (moby oci/caps/defaults.go). */
static const char *const docker_default_caps[] = {
	"CAP_CHOWN",	  "CAP_DAC_OVERRIDE", "CAP_FSETID",	      "CAP_FOWNER",
	"CAP_MKNOD",	  "CAP_NET_RAW",      "CAP_SETGID",	      "CAP_SETUID",
	"CAP_SETFCAP",	  "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
	"CAP_KILL",	  "CAP_AUDIT_WRITE",
};

static const char *const seccomp_names[] = { "disabled", "strict", "filter" };

/* 1 to 16 hex digits and nothing else. 0 or -EINVAL. */
static int parse_hex64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 16)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		const char *digits = "0123456789abcdef";
		char c = s[i] >= 'A' && s[i] <= 'F' ? (char)(s[i] - 'A' + 'a') : s[i];
		const char *d = c ? strchr(digits, c) : NULL;

		if (!d)
			return -EINVAL;
		v = v << 4 | (uint64_t)(d - digits);
	}
	*out = v;
	return 0;
}

/* A decimal number of 1 to 10 digits that fits 32 bits, at *S (N bytes
 * left); *USED gets the digits consumed. 0 or -EINVAL. */
static int parse_u32(const char *s, size_t n, uint32_t *out, size_t *used)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > UINT32_MAX)
			return -EINVAL;
	}
	if (i == 0)
		return -EINVAL;
	*out = (uint32_t)v;
	*used = i;
	return 0;
}

/* Exactly four ids separated by tabs or spaces: a Uid or Gid line. */
static int parse_ids(const char *s, size_t n, uint32_t ids[4])
{
	size_t k, used;

	for (k = 0; k < 4; k++) {
		while (k && n && (*s == '\t' || *s == ' ')) {
			s++;
			n--;
		}
		if (parse_u32(s, n, &ids[k], &used) < 0)
			return -EINVAL;
		s += used;
		n -= used;
		if (k < 3 && (!n || (*s != '\t' && *s != ' ')))
			return -EINVAL;
	}
	while (n && (*s == '\t' || *s == ' ')) {
		s++;
		n--;
	}
	return n ? -EINVAL : 0;
}

/* A single decimal digit from 0 to MAX. */
static int parse_digit(const char *s, size_t n, int max)
{
	if (n != 1 || s[0] < '0' || s[0] > '0' + max)
		return -EINVAL;
	return s[0] - '0';
}

static int apply_field(const struct status_field *f, const char *val, size_t n,
		       struct da_proc_status *st)
{
	int v;

	switch (f->kind) {
	case FIELD_MASK:
		return parse_hex64(val, n, (uint64_t *)((char *)st + f->off));
	case FIELD_NNP:
		v = parse_digit(val, n, 1);
		st->no_new_privs = v == 1;
		return v < 0 ? v : 0;
	case FIELD_SECCOMP:
		v = parse_digit(val, n, 2);
		st->seccomp = v < 0 ? 0 : v;
		return v < 0 ? v : 0;
	case FIELD_IDS:
		return parse_ids(val, n, (uint32_t *)((char *)st + f->off));
	}
	return -EINVAL;
}

/* Handle one "Key:\tvalue" line of LEN bytes; lines we do not use are fine. */
static int parse_line(const char *line, size_t len, struct da_proc_status *st, unsigned *seen,
		      const char **what)
{
	const char *colon = memchr(line, ':', len);
	const char *val;
	size_t i, klen, n;

	if (!colon)
		return 0;
	klen = (size_t)(colon - line);
	for (i = 0; i < sizeof(status_fields) / sizeof(status_fields[0]); i++) {
		const struct status_field *f = &status_fields[i];

		if (strlen(f->key) != klen || memcmp(f->key, line, klen) != 0)
			continue;
		val = colon + 1;
		n = len - klen - 1;
		while (n && (*val == '\t' || *val == ' ')) {
			val++;
			n--;
		}
		if (apply_field(f, val, n, st) < 0) {
			*what = f->bad;
			return -EINVAL;
		}
		*seen |= f->seen;
		st->have |= f->have;
		return 0;
	}
	return 0;
}

int da_proc_parse_status(const char *text, struct da_proc_status *st, const char **what)
{
	const char *dummy, *p = text;
	unsigned seen = 0;

	if (!what)
		what = &dummy;
	memset(st, 0, sizeof(*st));
	while (*p) {
		size_t len = strcspn(p, "\n");

		if (parse_line(p, len, st, &seen, what) < 0)
			return -EINVAL;
		p += len;
		if (*p)
			p++;
	}
	if ((seen & SEEN_REQUIRED) != SEEN_REQUIRED) {
		*what = "no CapInh, CapPrm, CapEff and CapBnd lines: not a status file";
		return -EINVAL;
	}
	return 0;
}

int da_proc_read_status(const struct da_root *root, pid_t pid, struct da_proc_status *st,
			struct da_err *err)
{
	char *path = da_xasprintf("/proc/%ld/status", (long)pid);
	char *shown = da_root_host_path(root, path);
	const char *what = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	rc = da_root_read_file(root, path, STATUS_MAX, &text, &len);
	if (rc == -EFBIG)
		rc = da_err_set(err, "%s: larger than %u bytes: not a status file", shown, STATUS_MAX);
	else if (rc < 0)
		rc = da_err_set(err, "%s: %s", shown, strerror(-rc));
	else if (strlen(text) != len)
		rc = da_err_set(err, "%s: contains a NUL byte: not a status file", shown);
	else if (da_proc_parse_status(text, st, &what) < 0)
		rc = da_err_set(err, "%s: %s", shown, what);
	free(text);
	free(shown);
	free(path);
	return rc;
}

const char *da_proc_seccomp_name(int mode)
{
	if (mode < 0 || (size_t)mode >= sizeof(seccomp_names) / sizeof(seccomp_names[0]))
		return NULL;
	return seccomp_names[mode];
}

static void ascii_upper(char *s)
{
	for (; *s; s++) {
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
	}
}

/* libcap's own name for CAP, or NULL for a bit it does not know (for
 * which cap_to_name gives the number). Caller frees. */
static char *known_cap_name(int cap)
{
	char *lc = cap_to_name((cap_value_t)cap);
	char *name = NULL;

	if (lc && !(lc[0] >= '0' && lc[0] <= '9')) {
		name = da_xstrdup(lc);
		ascii_upper(name);
	}
	cap_free(lc);
	return name;
}

char *da_proc_cap_name(int cap)
{
	char *name = known_cap_name(cap);

	return name ? name : da_xasprintf("CAP_%d", cap);
}

json_t *da_proc_cap_names(uint64_t mask)
{
	json_t *arr = json_array();
	int bit;

	for (bit = 0; bit < 64; bit++) {
		if (mask & (UINT64_C(1) << bit)) {
			char *name = da_proc_cap_name(bit);

			json_array_append_new(arr, json_string(name));
			free(name);
		}
	}
	return arr;
}

char *da_proc_cap_normalize(const char *name)
{
	char *up = da_xstrdup(name);
	char *out;

	ascii_upper(up);
	if (strcmp(up, "ALL") == 0 || strncmp(up, "CAP_", 4) == 0)
		return up;
	out = da_xasprintf("CAP_%s", up);
	free(up);
	return out;
}

json_t *da_proc_all_caps(void)
{
	json_t *arr = json_array();
	int bit;

	for (bit = 0; bit < 64; bit++) {
		char *name = known_cap_name(bit);

		if (name)
			json_array_append_new(arr, json_string(name));
		free(name);
	}
	return arr;
}

json_t *da_proc_docker_default_caps(void)
{
	uint64_t mask = 0;
	cap_value_t cap;
	size_t i;

	for (i = 0; i < sizeof(docker_default_caps) / sizeof(docker_default_caps[0]); i++) {
		if (cap_from_name(docker_default_caps[i], &cap) == 0 && cap >= 0 && cap < 64)
			mask |= UINT64_C(1) << cap;
	}
	return da_proc_cap_names(mask);
}

static json_t *ids_json(const uint32_t ids[4])
{
	return json_pack("{s:I, s:I, s:I, s:I}", "real", (json_int_t)ids[DA_PROC_ID_REAL],
			 "effective", (json_int_t)ids[DA_PROC_ID_EFFECTIVE], "saved",
			 (json_int_t)ids[DA_PROC_ID_SAVED], "fs", (json_int_t)ids[DA_PROC_ID_FS]);
}

json_t *da_proc_status_json(pid_t pid, const struct da_proc_status *st)
{
	json_t *o = json_object();

	json_object_set_new(o, "pid", json_integer(pid));
	json_object_set_new(o, "cap_eff", da_proc_cap_names(st->cap_eff));
	json_object_set_new(o, "cap_prm", da_proc_cap_names(st->cap_prm));
	json_object_set_new(o, "cap_bnd", da_proc_cap_names(st->cap_bnd));
	json_object_set_new(o, "cap_inh", da_proc_cap_names(st->cap_inh));
	json_object_set_new(o, "cap_amb", da_proc_cap_names(st->cap_amb));
	if (st->have & DA_PROC_HAVE_NNP)
		json_object_set_new(o, "no_new_privs", json_boolean(st->no_new_privs));
	json_object_set_new(o, "seccomp", json_string(da_proc_seccomp_name(st->seccomp)));
	if (st->have & DA_PROC_HAVE_UID)
		json_object_set_new(o, "uid", ids_json(st->uid));
	if (st->have & DA_PROC_HAVE_GID)
		json_object_set_new(o, "gid", ids_json(st->gid));
	return o;
}

/* Read PATH, formatting the error as "SHOWN: why" into ERR. */
static int read_small(const struct da_root *root, const char *path, size_t max, char **text,
		      size_t *len, struct da_err *err)
{
	char *shown = da_root_host_path(root, path);
	int rc = da_root_read_file(root, path, max, text, len);

	if (rc == -EFBIG)
		rc = da_err_set(err, "%s: larger than %zu bytes", shown, max);
	else if (rc < 0)
		rc = da_err_set(err, "%s: %s", shown, strerror(-rc));
	free(shown);
	return rc;
}

/* "ROOT/PATH: WHAT" into ERR; returns -1. */
static int shown_error(const struct da_root *root, const char *path, const char *what,
		       struct da_err *err)
{
	char *shown = da_root_host_path(root, path);

	da_err_set(err, "%s: %s", shown, what);
	free(shown);
	return -1;
}

/* One "inside outside count" line of LEN bytes; blanks around are fine. */
static int parse_idmap_line(const char *p, size_t len, struct da_proc_idmap_range *r)
{
	uint32_t v[3];
	size_t k, used;

	for (k = 0; k < 3; k++) {
		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		if (parse_u32(p, len, &v[k], &used) < 0)
			return -EINVAL;
		p += used;
		len -= used;
		if (len && *p != ' ' && *p != '\t')
			return -EINVAL;
	}
	while (len && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	if (len || v[2] == 0)
		return -EINVAL;
	r->inside = v[0];
	r->outside = v[1];
	r->count = v[2];
	return 0;
}

int da_proc_parse_idmap(const char *text, struct da_proc_idmap *map, const char **what)
{
	const char *dummy, *p = text;

	if (!what)
		what = &dummy;
	map->n = 0;
	while (*p) {
		size_t len = strcspn(p, "\n");

		if (len && map->n == DA_PROC_IDMAP_MAX) {
			*what = "more than 340 lines: not an id map";
			return -EINVAL;
		}
		if (len && parse_idmap_line(p, len, &map->r[map->n++]) < 0) {
			*what = "a line is not \"inside outside count\"";
			return -EINVAL;
		}
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

int da_proc_read_idmap(const struct da_root *root, pid_t pid, const char *which,
		       struct da_proc_idmap *map, struct da_err *err)
{
	char *path = da_xasprintf("/proc/%ld/%s", (long)pid, which);
	const char *what = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	rc = read_small(root, path, IDMAP_MAX, &text, &len, err);
	if (rc == 0 && (strlen(text) != len || da_proc_parse_idmap(text, map, &what) < 0))
		rc = shown_error(root, path, what ? what : "contains a NUL byte", err);
	free(text);
	free(path);
	return rc;
}

bool da_proc_idmap_is_identity(const struct da_proc_idmap *map)
{
	return map->n == 1 && map->r[0].inside == 0 && map->r[0].outside == 0 &&
	       map->r[0].count == UINT32_MAX;
}

int da_proc_idmap_inside(const struct da_proc_idmap *map, uint32_t outside, uint32_t *inside)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		const struct da_proc_idmap_range *r = &map->r[i];

		if (outside >= r->outside && outside - r->outside < r->count) {
			*inside = r->inside + (outside - r->outside);
			return 0;
		}
	}
	return -ENOENT;
}

json_t *da_proc_idmap_json(const struct da_proc_idmap *map)
{
	json_t *ranges = json_array();
	size_t i;

	for (i = 0; i < map->n; i++)
		json_array_append_new(ranges, json_pack("{s:I, s:I, s:I}", "inside",
							(json_int_t)map->r[i].inside, "outside",
							(json_int_t)map->r[i].outside, "count",
							(json_int_t)map->r[i].count));
	return json_pack("{s:o, s:b}", "ranges", ranges, "identity",
			 da_proc_idmap_is_identity(map));
}

/* TEXT without trailing newlines and NULs (SELinux ends its label with a
 * NUL, AppArmor with a newline); NULL when nothing is left. */
static char *label_text(char *text, size_t len)
{
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\0'))
		len--;
	if (!len || memchr(text, '\0', len)) {
		free(text);
		return NULL;
	}
	text[len] = '\0';
	return text;
}

int da_proc_read_label(const struct da_root *root, pid_t pid, char **label, char **file,
		       struct da_err *err)
{
	static const char *const files[] = { "attr/apparmor/current", "attr/current" };
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = da_xasprintf("/proc/%ld/%s", (long)pid, files[i]);
		char *text = NULL;
		size_t len = 0;

		if (read_small(root, path, LABEL_MAX, &text, &len, err) == 0) {
			text = label_text(text, len);
			if (text) {
				*label = text;
				*file = path;
				return 0;
			}
			shown_error(root, path, "empty or not text", err);
		}
		free(path);
	}
	return -1;
}

int da_proc_read_ns(const struct da_root *root, pid_t pid, const char *type, uint64_t *ino)
{
	char *path = da_xasprintf("/proc/%ld/ns/%s", (long)pid, type);
	char *target = NULL;
	size_t tlen = strlen(type);
	unsigned long long v;
	char *end;
	int rc;

	rc = da_root_readlink(root, path, &target);
	free(path);
	if (rc < 0)
		return rc;
	rc = -EINVAL;
	if (!strncmp(target, type, tlen) && !strncmp(target + tlen, ":[", 2) &&
	    target[tlen + 2] >= '0' && target[tlen + 2] <= '9') {
		errno = 0;
		v = strtoull(target + tlen + 2, &end, 10);
		if (!errno && !strcmp(end, "]")) {
			*ino = v;
			rc = 0;
		}
	}
	free(target);
	return rc;
}

struct proc_entry {
	uint64_t ns;
	pid_t pid;
};

struct da_proc_index {
	struct proc_entry *v;
	pid_t *pids; /* the pids of v, in the same order, for da_proc_index_members */
	size_t n;
};

/* A /proc entry name that is a pid: decimal digits only, no leading zero. */
static pid_t name_pid(const char *name)
{
	long v = 0;
	const char *p;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	for (p = name; *p; p++) {
		if (*p < '0' || *p > '9' || v > 0x7fffffff / 10)
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v > 0x7fffffff ? 0 : (pid_t)v;
}

static int cmp_entries(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;

	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

int da_proc_index_build(const struct da_root *root, struct da_proc_index **out,
			struct da_err *err)
{
	struct da_proc_index *idx;
	struct dirent *de;
	size_t alloc = 0, i;
	DIR *d;

	d = da_root_opendir(root, "/proc");
	if (!d) {
		char *shown = da_root_host_path(root, "/proc");

		da_err_set(err, "%s: %s", shown, strerror(errno));
		free(shown);
		return -1;
	}
	idx = da_xcalloc(1, sizeof(*idx));
	while ((de = readdir(d)) && idx->n < INDEX_MAX) {
		pid_t pid = name_pid(de->d_name);
		uint64_t ns;

		if (!pid || da_proc_read_ns(root, pid, "pid", &ns) < 0)
			continue;
		if (idx->n == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			idx->v = da_xreallocarray(idx->v, alloc, sizeof(*idx->v));
		}
		idx->v[idx->n].ns = ns;
		idx->v[idx->n++].pid = pid;
	}
	closedir(d);
	if (idx->n)
		qsort(idx->v, idx->n, sizeof(*idx->v), cmp_entries);
	idx->pids = da_xcalloc(idx->n ? idx->n : 1, sizeof(*idx->pids));
	for (i = 0; i < idx->n; i++)
		idx->pids[i] = idx->v[i].pid;
	*out = idx;
	return 0;
}

const pid_t *da_proc_index_members(const struct da_proc_index *idx, uint64_t ino, size_t *n)
{
	size_t lo = 0, hi = idx->n, end;

	while (lo < hi) { /* the first entry with ns >= INO */
		size_t mid = lo + (hi - lo) / 2;

		if (idx->v[mid].ns < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < idx->n && idx->v[end].ns == ino; end++)
		;
	*n = end - lo;
	return *n ? idx->pids + lo : NULL;
}

size_t da_proc_index_size(const struct da_proc_index *idx)
{
	return idx->n;
}

void da_proc_index_free(struct da_proc_index *idx)
{
	if (!idx)
		return;
	free(idx->v);
	free(idx->pids);
	free(idx);
}

/* Up to MAX bytes of PATH into *DATA (caller frees) and *LEN; *CUT says
 * whether there was more. 0 or -errno. */
static int read_prefix(const struct da_root *root, const char *path, size_t max, char **data,
		       size_t *len, bool *cut)
{
	char *buf = da_xmalloc(max + 2);
	size_t got = 0;
	ssize_t n;
	int fd, rc = 0;

	fd = da_root_openat(root, path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		free(buf);
		return fd;
	}
	while (got < max + 1) {
		n = read(fd, buf + got, max + 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : 0;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*cut = got > max;
	*len = got > max ? max : got;
	buf[*len] = '\0';
	*data = buf;
	return 0;
}

/* The NUL-separated arguments of DATA (LEN bytes) as an array of strings. */
static json_t *cmdline_json(const char *data, size_t len)
{
	json_t *args = json_array();
	size_t off = 0;

	while (off < len) {
		size_t n = strnlen(data + off, len - off);
		char *arg = da_xstrndup(data + off, n);

		json_array_append_new(args, da_facts_string(arg));
		free(arg);
		off += n + 1;
	}
	return args;
}

static json_t *process_comm(const struct da_root *root, pid_t pid)
{
	char *path = da_xasprintf("/proc/%ld/comm", (long)pid);
	char *text = NULL;
	size_t len = 0;
	bool cut;
	json_t *v = NULL;

	if (read_prefix(root, path, COMM_MAX, &text, &len, &cut) == 0) {
		while (len && text[len - 1] == '\n')
			text[--len] = '\0';
		v = da_facts_string(text);
	}
	free(text);
	free(path);
	return v ? v : json_null();
}

json_t *da_proc_process_json(const struct da_root *root, pid_t pid)
{
	json_t *o = json_pack("{s:I}", "pid", (json_int_t)pid);
	char *path = da_xasprintf("/proc/%ld/cmdline", (long)pid);
	char *data = NULL, *exe = NULL;
	size_t len = 0;
	bool cut = false;

	json_object_set_new(o, "comm", process_comm(root, pid));
	if (read_prefix(root, path, DA_PROC_CMDLINE_MAX, &data, &len, &cut) == 0)
		json_object_set_new(o, "cmdline", cmdline_json(data, len));
	else
		json_object_set_new(o, "cmdline", json_null());
	if (cut)
		json_object_set_new(o, "cmdline_truncated", json_true());
	free(path);
	path = da_xasprintf("/proc/%ld/exe", (long)pid);
	if (da_root_readlink(root, path, &exe) == 0)
		json_object_set_new(o, "exe", da_facts_string(exe));
	else
		json_object_set_new(o, "exe", json_null());
	free(exe);
	free(data);
	free(path);
	return o;
}
