/*
 * /proc/PID/status parsing and capability names (see proc.h). The status
 * file is read through the root prefix with a small cap; each member we use
 * is parsed strictly from a table, and names come from libcap so they match
 * what `capsh --decode` prints.
 */
#include "collect/proc.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

/* A status file is about 1.5 KiB; anything near this is not one. */
#define STATUS_MAX (64u << 10)

/* Required members, as bits of a "seen" mask. */
#define SEEN_INH 0x01u
#define SEEN_PRM 0x02u
#define SEEN_EFF 0x04u
#define SEEN_BND 0x08u
#define SEEN_REQUIRED (SEEN_INH | SEEN_PRM | SEEN_EFF | SEEN_BND)

enum field_kind { FIELD_MASK, FIELD_NNP, FIELD_SECCOMP };

struct status_field {
	const char *key;
	enum field_kind kind;
	size_t off;    /* of the uint64_t for FIELD_MASK */
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
	return o;
}
