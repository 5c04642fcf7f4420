/*
 * systemd units read as systemd reads them (see units.h): the unit file
 * found in systemd's search path, drop-ins merged by name across the
 * directories and applied in name order, and ExecStart= split with
 * systemd's quoting, escape and prefix rules (src/core/load-fragment.c,
 * extract_first_word() with UNQUOTE|CUNESCAPE).
 */
#include "collect/units.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHITESPACE " \t\n\r"

const char *const da_unit_dirs[] = {
	"/etc/systemd/system", "/run/systemd/system", "/usr/lib/systemd/system",
	"/lib/systemd/system", NULL,
};

/* ---- ExecStart= words ---------------------------------------------------- */

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of the N digits (base 8 or 16) at S, or -1. */
static long digits(const char *s, int n, int base)
{
	long v = 0;
	int i, d;

	for (i = 0; i < n; i++) {
		d = hex_digit(s[i]);
		if (d < 0 || d >= base)
			return -1;
		v = v * base + d;
	}
	return v;
}

/* Append code point CP as UTF-8. */
static void put_utf8(struct da_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), u[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	}
	da_buf_append(b, u, n);
}

static const struct {
	char c, value;
} simple_escapes[] = {
	{ 'a', '\a' }, { 'b', '\b' }, { 'f', '\f' }, { 'n', '\n' },  { 'r', '\r' },
	{ 't', '\t' }, { 'v', '\v' }, { '\\', '\\' }, { '"', '"' }, { '\'', '\'' },
	{ 's', ' ' },  { ' ', ' ' },
};

/* The escape after a backslash at S: appended to B; returns the bytes
 * used, or -1 (unknown or NUL-valued) */
static int unescape_one(const char *s, struct da_buf *b)
{
	static const struct {
		char c;
		int len, base;
		uint32_t max;
	} numeric[] = {
		{ 'x', 2, 16, 0xff }, { 'u', 4, 16, 0xffff }, { 'U', 8, 16, 0x10ffff },
	};
	size_t i;
	long v;

	for (i = 0; i < sizeof(simple_escapes) / sizeof(simple_escapes[0]); i++)
		if (s[0] == simple_escapes[i].c) {
			da_buf_append(b, &simple_escapes[i].value, 1);
			return 1;
		}
	if (s[0] >= '0' && s[0] <= '7') {
		v = digits(s, 3, 8);
		if (v <= 0 || v > 0xff)
			return -1;
		da_buf_append(b, &(char){ (char)v }, 1);
		return 3;
	}
	for (i = 0; i < sizeof(numeric) / sizeof(numeric[0]); i++) {
		if (s[0] != numeric[i].c)
			continue;
		v = digits(s + 1, numeric[i].len, numeric[i].base);
		if (v <= 0 || (uint32_t)v > numeric[i].max || (v >= 0xd800 && v <= 0xdfff))
			return -1;
		if (s[0] == 'x')
			da_buf_append(b, &(char){ (char)v }, 1);
		else
			put_utf8(b, (uint32_t)v);
		return 1 + numeric[i].len;
	}
	return -1;
}

/* The next word at *P into B (emptied first). Returns 1, 0 at the end, or
 * -1 with ERR. *QUOTED: some of it was quoted or escaped. */
static int next_word(const char **p, struct da_buf *b, bool *quoted, struct da_err *err)
{
	const char *s = *p + strspn(*p, WHITESPACE);
	char quote = 0;
	int n;

	b->len = 0;
	*quoted = false;
	if (!*s) {
		*p = s;
		return 0;
	}
	for (; *s && (quote || !strchr(WHITESPACE, *s)); s++) {
		if (*s == '\\') {
			if (!s[1])
				return da_err_set(err, "a trailing backslash");
			if ((n = unescape_one(s + 1, b)) < 0)
				return da_err_set(err, "an unknown escape \\%c", s[1]);
			s += n;
			*quoted = true;
		} else if (quote ? *s == quote : (*s == '\'' || *s == '"')) {
			quote = quote ? 0 : *s;
			*quoted = true;
		} else {
			da_buf_append(b, s, 1);
		}
	}
	if (quote)
		return da_err_set(err, "unbalanced quotes");
	da_buf_append(b, "", 0); /* keeps data non-NULL */
	*p = s;
	return 1;
}

/* Strip systemd's prefixes from the program word. Returns where it starts
 * and sets *AT for '@'. */
static const char *strip_prefixes(const char *w, bool *at)
{
	*at = false;
	for (; *w && strchr("-@:+!", *w); w++)
		*at |= *w == '@';
	return w;
}

/* A "\;" word at *P: the literal ";" into B (systemd checks for it before
 * unescaping, where it would be an unknown escape). 1 if it was one, else 0. */
static int escaped_semicolon(const char **p, struct da_buf *b, bool *quoted)
{
	const char *s = *p + strspn(*p, WHITESPACE);

	if (s[0] != '\\' || s[1] != ';' || (s[2] && !strchr(WHITESPACE, s[2])))
		return 0;
	b->len = 0;
	da_buf_append(b, ";", 1);
	*quoted = true;
	*p = s + 2;
	return 1;
}

/* One command from *P into ARGV; *MORE when a ";" word follows. */
static int one_command(const char **p, json_t *argv, bool *more, struct da_err *err)
{
	struct da_buf b;
	const char *prog;
	bool quoted, at, first = true;
	int rc;

	*more = false;
	da_buf_init(&b, 0);
	while ((rc = escaped_semicolon(p, &b, &quoted)) > 0 ||
	       (rc = next_word(p, &b, &quoted, err)) > 0) {
		if (!first && !quoted && !strcmp(b.data, ";")) {
			*more = true;
			break;
		}
		if (first) {
			prog = strip_prefixes(b.data, &at);
			if (!*prog) {
				rc = da_err_set(err, "an empty program path");
				break;
			}
			if (!at)
				json_array_append_new(argv, da_facts_string(prog));
			first = false;
			continue;
		}
		json_array_append_new(argv, da_facts_string(b.data));
	}
	da_buf_free(&b);
	if (rc < 0)
		return -1;
	if (!json_array_size(argv))
		return da_err_set(err, "an empty command");
	return 0;
}

int da_unit_split_exec(const char *value, json_t *out, struct da_err *err)
{
	json_t *commands = json_array(), *argv;
	const char *p = value;
	bool more;

	do {
		argv = json_array();
		json_array_append_new(commands, argv);
		if (one_command(&p, argv, &more, err) < 0) {
			json_decref(commands);
			return -1;
		}
	} while (more);
	json_array_extend(out, commands);
	json_decref(commands);
	return 0;
}

/* ---- unit files -------------------------------------------------------------- */

static char *trim(char *s)
{
	char *e;

	s += strspn(s, WHITESPACE);
	e = s + strlen(s);
	while (e > s && strchr(WHITESPACE, e[-1]))
		*--e = '\0';
	return s;
}

/* Whether LINE ends in a backslash that is not itself escaped. */
static bool continues(const char *line, size_t n)
{
	size_t k = 0;

	while (k < n && line[n - 1 - k] == '\\')
		k++;
	return k % 2 == 1;
}

struct unit_parse {
	const char *file;
	json_t *exec, *errors;
	bool in_service;
};

static void unit_error(struct unit_parse *u, unsigned line, const char *what)
{
	char *msg = da_xasprintf("%s:%u: %s", u->file, line, what);

	json_array_append_new(u->errors, da_facts_string(msg));
	free(msg);
}

/* One logical line (continuations joined), LINE its first line number. */
static void unit_line(struct unit_parse *u, unsigned line, char *text)
{
	struct da_err err = { "" };
	char *s = trim(text), *eq, *key, *value;

	if (!*s || *s == '#' || *s == ';')
		return;
	if (*s == '[') {
		u->in_service = !strcmp(s, "[Service]");
		return;
	}
	eq = strchr(s, '=');
	if (!eq) {
		unit_error(u, line, "not KEY=VALUE");
		return;
	}
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	if (!u->in_service || strcmp(key, "ExecStart"))
		return;
	if (!*value) {
		json_array_clear(u->exec);
		return;
	}
	if (da_unit_split_exec(value, u->exec, &err) < 0) {
		da_err_prefix(&err, "ExecStart");
		unit_error(u, line, err.msg);
	}
}

static bool is_comment(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && (s[i] == '#' || s[i] == ';');
}

void da_unit_apply(const char *file, const char *text, size_t len, json_t *exec, json_t *errors)
{
	struct unit_parse u = { .file = file, .exec = exec, .errors = errors };
	const char *p = text, *end = text + len, *nl;
	struct da_buf joined;
	unsigned lineno = 0, first = 0;
	size_t n;

	da_buf_init(&joined, 0);
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		lineno++;
		if (memchr(p, '\0', n)) {
			unit_error(&u, lineno, "a NUL byte in the line");
			continue;
		}
		if (joined.len && is_comment(p, n))
			continue; /* a comment inside a continuation */
		if (!joined.len)
			first = lineno;
		if (continues(p, n)) {
			da_buf_append(&joined, p, n - 1);
			da_buf_append(&joined, " ", 1);
			continue;
		}
		da_buf_append(&joined, p, n);
		unit_line(&u, first, joined.data);
		joined.len = 0;
	}
	if (joined.len)
		unit_line(&u, first, joined.data);
	da_buf_free(&joined);
}

/* ---- finding a unit and its drop-ins --------------------------------------- */

/* A unit file or drop-in that is a link to /dev/null is masked. */
static bool is_masked(const struct da_root *root, const char *path)
{
	char *target = NULL;
	bool masked = da_root_readlink(root, path, &target) == 0 && !strcmp(target, "/dev/null");

	free(target);
	return masked;
}

/* Read PATH and apply it to FACT's exec_start and errors; a file that
 * cannot be read sets FACT's error (the first one). */
static void apply_file(const struct da_root *root, const char *path, json_t *fact)
{
	char *data = NULL;
	size_t len = 0;
	int rc = da_root_read_file(root, path, DA_UNIT_FILE_MAX, &data, &len);

	if (rc == -EFBIG)
		da_facts_set_error(fact, "%s: larger than %u bytes", path, DA_UNIT_FILE_MAX);
	else if (rc < 0)
		da_facts_set_error(fact, "%s: %s", path, strerror(-rc));
	else
		da_unit_apply(path, data, len, json_object_get(fact, "exec_start"),
			      json_object_get(fact, "errors"));
	free(data);
}

/* The first unit directory holding UNIT (a dangling link counts, as it
 * does for systemd: the unit then fails to load), or NULL. Caller frees. */
static char *find_unit(const struct da_root *root, const char *unit)
{
	struct stat st;
	char *p;
	size_t i;

	for (i = 0; da_unit_dirs[i]; i++) {
		p = da_xasprintf("%s/%s", da_unit_dirs[i], unit);
		if (da_root_stat(root, p, false, &st) == 0)
			return p;
		free(p);
	}
	return NULL;
}

/* Drop-ins by name: the first directory (highest precedence) holding a
 * name wins, hiding files of that name below it. */
struct dropin {
	char *name, *path;
};

struct dropin_set {
	struct dropin *d;
	size_t n;
};

static bool have_name(const struct dropin_set *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (!strcmp(set->d[i].name, name))
			return true;
	return false;
}

/* Add the NAME.conf files of DIR not in SET yet. */
static void add_dropins(const struct da_root *root, const char *dir, struct dropin_set *set,
			json_t *fact)
{
	DIR *d = da_root_opendir(root, dir);
	struct dirent *e;
	size_t len;

	if (!d) {
		if (errno != ENOENT && errno != ENOTDIR)
			da_facts_set_error(fact, "%s: %s", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d))) {
		len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".conf") || have_name(set, e->d_name))
			continue;
		if (set->n == DA_UNIT_DROPINS_MAX) {
			da_facts_set_error(fact, "%s: more than %u drop-ins", dir, DA_UNIT_DROPINS_MAX);
			break;
		}
		set->d = da_xreallocarray(set->d, set->n + 1, sizeof(*set->d));
		set->d[set->n].name = da_xstrdup(e->d_name);
		set->d[set->n++].path = da_xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct dropin *)a)->name, ((const struct dropin *)b)->name);
}

/* The drop-ins of UNIT in the order systemd applies them (by name), masked
 * ones left out; each applied to FACT. Caller owns the array of paths. */
static json_t *dropins(const struct da_root *root, const char *unit, json_t *fact)
{
	struct dropin_set set = { NULL, 0 };
	json_t *out = json_array();
	size_t i;
	char *dir;

	for (i = 0; da_unit_dirs[i]; i++) {
		dir = da_xasprintf("%s/%s.d", da_unit_dirs[i], unit);
		add_dropins(root, dir, &set, fact);
		free(dir);
	}
	if (set.n)
		qsort(set.d, set.n, sizeof(*set.d), by_name);
	for (i = 0; i < set.n; i++) {
		if (!is_masked(root, set.d[i].path)) {
			json_array_append_new(out, da_facts_string(set.d[i].path));
			apply_file(root, set.d[i].path, fact);
		}
		free(set.d[i].name);
		free(set.d[i].path);
	}
	free(set.d);
	return out;
}

json_t *da_unit_fact(const struct da_root *root, const char *unit)
{
	char *path = find_unit(root, unit);
	bool masked = path && is_masked(root, path);
	json_t *fact = json_pack("{s:o, s:b, s:[], s:[]}", "path",
				 path ? da_facts_string(path) : json_null(), "masked", masked,
				 "exec_start", "errors");

	/* a masked unit is not loaded at all, drop-ins included */
	if (path && !masked)
		apply_file(root, path, fact);
	json_object_set_new(fact, "dropins", masked ? json_array() : dropins(root, unit, fact));
	free(path);
	return fact;
}
