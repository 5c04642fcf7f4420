/*
 * The audit collector: which paths the Linux audit system watches, as the
 * rules files on disk declare them (ROOT/etc/audit/audit.rules, then
 * rules.d/NAME.rules in augenrules' order, parsed as auditctl parses them)
 * and as the kernel has them loaded (NETLINK_AUDIT, live host only). Both
 * give the same shape, with normalised paths, so a rule can ask exactly
 * whether /usr/bin/dockerd is watched.
 */
#include "collect/audit.h"
#include "collect/collectors.h"
#include "collect/daemon.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define RULES_FILE "/etc/audit/audit.rules"
#define RULES_DIR "/etc/audit/rules.d"
/* How auditctl joins several keys of one rule (libaudit's value). */
#define KEY_SEPARATOR '\x01'

/* ---- the rules set ---------------------------------------------------- */

static json_t *member(json_t *out, const char *name, json_t *(*make)(void))
{
	json_t *m = json_object_get(out, name);

	if (!m) {
		m = make();
		json_object_set_new(out, name, m);
	}
	return m;
}

static void add_error(json_t *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_error(json_t *out, const char *fmt, ...)
{
	struct da_buf b;
	va_list ap;

	da_buf_init(&b, 0);
	va_start(ap, fmt);
	da_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	json_array_append_new(member(out, "errors", json_array), da_facts_string(b.data));
	da_buf_free(&b);
}

static const struct {
	char c;
	unsigned bit;
} perm_bits[] = {
	{ 'r', AUDIT_PERM_READ },
	{ 'w', AUDIT_PERM_WRITE },
	{ 'x', AUDIT_PERM_EXEC },
	{ 'a', AUDIT_PERM_ATTR },
};

#define N_PERMS (sizeof(perm_bits) / sizeof(perm_bits[0]))

/* "wa" (any order, any case, at most 4 letters) into a mask. 0 or -EINVAL. */
static int perms_parse(const char *s, unsigned *mask)
{
	size_t i, k;

	*mask = 0;
	if (!*s || strlen(s) > N_PERMS)
		return -EINVAL;
	for (i = 0; s[i]; i++) {
		for (k = 0; k < N_PERMS && perm_bits[k].c != (s[i] | 0x20); k++)
			;
		if (k == N_PERMS)
			return -EINVAL;
		*mask |= perm_bits[k].bit;
	}
	return 0;
}

/* The mask as letters in the order r, w, x, a. OUT holds N_PERMS + 1. */
static void perms_string(unsigned mask, char *out)
{
	size_t k, n = 0;

	for (k = 0; k < N_PERMS; k++)
		if (mask & perm_bits[k].bit)
			out[n++] = perm_bits[k].c;
	out[n] = '\0';
}

/* PATH without repeated slashes and without trailing ones ("/" stays).
 * Caller frees. */
static char *path_normalize(const char *path, size_t len)
{
	char *out = da_xmalloc(len + 1);
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (path[i] != '/' || !n || out[n - 1] != '/')
			out[n++] = path[i];
	while (n > 1 && out[n - 1] == '/')
		n--;
	out[n] = '\0';
	return out;
}

/* One watched path of a rule, in the shape both sources share. */
struct watch {
	const char *path;   /* normalised */
	unsigned perms;     /* AUDIT_PERM_* bits */
	bool have_perms;
	const json_t *keys; /* array of strings */
	const char *list, *action;
	const json_t *syscalls; /* ["all"] or names */
	bool watch_shape;   /* exit, always, all syscalls, no other fields */
};

static json_t *watch_json(const struct watch *w)
{
	char perms[N_PERMS + 1];
	json_t *p, *key = json_array_get(w->keys, 0);

	perms_string(w->have_perms ? w->perms : 0xf, perms);
	p = w->have_perms || w->watch_shape ? json_string(perms) : json_null();
	return json_pack("{s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:o}", "path",
			 da_facts_string(w->path), "perms", p, "key",
			 key ? json_deep_copy(key) : json_null(), "keys", json_deep_copy(w->keys),
			 "kind", w->watch_shape ? "watch" : "syscall", "list", w->list, "action",
			 w->action, "syscalls", json_deep_copy(w->syscalls));
}

/* ---- rules files: one line --------------------------------------------- */

enum rule_op { RULE_NONE, RULE_ADD, RULE_DEL };

/* The rule one line builds, as auditctl's setopt() builds it. */
struct rule {
	enum rule_op op;
	bool from_watch;      /* -w or -W */
	const char *list, *action;
	json_t *paths;        /* normalised path strings */
	unsigned perms;
	bool have_perms;
	json_t *keys;         /* strings, in order */
	size_t key_len;       /* as the kernel joins them: separators counted */
	json_t *syscalls;     /* names as written; empty means all */
	bool all_syscalls;
	bool other_fields;    /* a field other than path, dir, perm, key */
	bool delete_all;      /* -D */
};

struct line_ctx {
	const char *file;
	unsigned line;
	struct da_audit_rules *set;
	json_t *out; /* the set's */
	struct rule r;
	char why[512]; /* set by a handler that refuses the line */
};

static int refuse(struct line_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int refuse(struct line_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return -1;
}

static int check_path(struct line_ctx *c, const char *path)
{
	const char *base = strrchr(path, '/');

	if (path[0] != '/')
		return refuse(c, "the path %s must start with '/'", path);
	if (strlen(path) >= PATH_MAX || strlen(base + 1) > NAME_MAX)
		return refuse(c, "the path %.64s... is too long", path);
	return 0;
}

static void add_path(struct line_ctx *c, const char *path)
{
	char *n = path_normalize(path, strlen(path));

	json_array_append_new(c->r.paths, da_facts_string(n));
	free(n);
}

static int opt_watch(struct line_ctx *c, const char *arg, enum rule_op op)
{
	if (c->r.op != RULE_NONE)
		return refuse(c, "a watch can't be given with a syscall rule");
	if (check_path(c, arg) < 0)
		return -1;
	c->r.op = op;
	c->r.from_watch = true;
	c->r.list = "exit";
	c->r.action = "always";
	add_path(c, arg);
	return 0;
}

static int opt_w(struct line_ctx *c, const char *arg)
{
	return opt_watch(c, arg, RULE_ADD);
}

static int opt_W(struct line_ctx *c, const char *arg)
{
	return opt_watch(c, arg, RULE_DEL);
}

static const char *const list_names[] = {
	[AUDIT_FILTER_USER] = "user",         [AUDIT_FILTER_TASK] = "task",
	[AUDIT_FILTER_ENTRY] = "entry",       [AUDIT_FILTER_WATCH] = "watch",
	[AUDIT_FILTER_EXIT] = "exit",         [AUDIT_FILTER_EXCLUDE] = "exclude",
	[AUDIT_FILTER_FS] = "filesystem",     [AUDIT_FILTER_URING_EXIT] = "io_uring",
};

static const char *const action_names[] = {
	[AUDIT_NEVER] = "never", [AUDIT_POSSIBLE] = "possible", [AUDIT_ALWAYS] = "always",
};

#define N_LISTS (sizeof(list_names) / sizeof(list_names[0]))
#define N_ACTIONS (sizeof(action_names) / sizeof(action_names[0]))

/* The static name in NAMES equal to the N bytes at S, or NULL. */
static const char *lookup_name(const char *const *names, size_t count, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (names[i] && strlen(names[i]) == n && !memcmp(names[i], s, n))
			return names[i];
	return NULL;
}

/* "exit,always" or "always,exit": exactly one list and one action. */
static int list_action(struct line_ctx *c, const char *arg, enum rule_op op)
{
	const char *comma = strchr(arg, ','), *parts[2], *l = NULL, *a = NULL, *s;
	size_t lens[2], i;

	if (c->r.op != RULE_NONE)
		return refuse(c, "only one rule may be added or deleted per line");
	if (!comma || strchr(comma + 1, ','))
		return refuse(c, "%s is not LIST,ACTION", arg);
	parts[0] = arg, lens[0] = (size_t)(comma - arg);
	parts[1] = comma + 1, lens[1] = strlen(comma + 1);
	for (i = 0; i < 2; i++) {
		if ((s = lookup_name(action_names, N_ACTIONS, parts[i], lens[i])))
			a = s;
		else if ((s = lookup_name(list_names, N_LISTS, parts[i], lens[i])))
			l = s;
	}
	if (!l || !a)
		return refuse(c, "%s is not LIST,ACTION", arg);
	if (!strcmp(a, "possible") || !strcmp(l, "entry") || !strcmp(l, "watch"))
		return refuse(c, "%s is deprecated", arg);
	c->r.op = op;
	c->r.list = l;
	c->r.action = a;
	return 0;
}

static int opt_a(struct line_ctx *c, const char *arg)
{
	return list_action(c, arg, RULE_ADD);
}

static int opt_d(struct line_ctx *c, const char *arg)
{
	return list_action(c, arg, RULE_DEL);
}

static int add_key(struct line_ctx *c, const char *key)
{
	size_t n = strlen(key) + (json_array_size(c->r.keys) ? 1 : 0);

	if (!*key)
		return refuse(c, "an empty key");
	if (strchr(key, KEY_SEPARATOR))
		return refuse(c, "the key %s has an illegal character", key);
	if (c->r.key_len + n > AUDIT_MAX_KEY_LEN)
		return refuse(c, "the keys exceed %d bytes", AUDIT_MAX_KEY_LEN);
	c->r.key_len += n;
	json_array_append_new(c->r.keys, da_facts_string(key));
	return 0;
}

static int opt_k(struct line_ctx *c, const char *arg)
{
	if (c->r.delete_all)
		return 0; /* -D -k KEY: delete the rules with that key */
	if (c->r.op == RULE_NONE ||
	    !(json_array_size(c->r.paths) || json_array_size(c->r.syscalls) || c->r.all_syscalls ||
	      c->r.have_perms || c->r.other_fields))
		return refuse(c, "the key option needs a watch or syscall given before it");
	return add_key(c, arg);
}

static int opt_p(struct line_ctx *c, const char *arg)
{
	if (c->r.op == RULE_NONE)
		return refuse(c, "the permission option needs a watch given before it");
	if (perms_parse(arg, &c->r.perms) < 0)
		return refuse(c, "permissions %s are not some of r, w, x, a", arg);
	c->r.have_perms = true;
	return 0;
}

static void append_name(json_t *names, const char *s, size_t n)
{
	char *name = da_xstrndup(s, n);

	json_array_append_new(names, da_facts_string(name));
	free(name);
}

static int opt_S(struct line_ctx *c, const char *arg)
{
	const char *p = arg, *e;

	if (c->r.op == RULE_NONE)
		return refuse(c, "-S needs a list (-a) given before it");
	if (strcmp(c->r.list, "exit") && strcmp(c->r.list, "io_uring"))
		return refuse(c, "syscalls can't be audited on the %s list", c->r.list);
	do {
		e = p + strcspn(p, ",");
		if (e == p)
			return refuse(c, "an empty syscall name in %s", arg);
		if ((size_t)(e - p) == 3 && !memcmp(p, "all", 3))
			c->r.all_syscalls = true;
		else
			append_name(c->r.syscalls, p, (size_t)(e - p));
		p = *e ? e + 1 : e;
	} while (*p);
	return 0;
}

/* -F NAME OP VALUE: the operators, longest first. */
static const char *const field_ops[] = { "!=", "<=", ">=", "&=", "=", "<", ">", "&" };

static int field_path(struct line_ctx *c, const char *name, const char *op, const char *value)
{
	bool is_path = !strcmp(name, "path");

	if (strcmp(op, "="))
		return refuse(c, "the %s field takes only =", name);
	if (strcmp(c->r.list, "exit"))
		return refuse(c, "the %s field needs the exit list", name);
	if (c->r.from_watch || json_array_size(c->r.paths))
		return refuse(c, "only one path or dir field per rule");
	if (check_path(c, value) < 0)
		return -1;
	if (is_path && strlen(value) > 1 && value[strlen(value) - 1] == '/')
		return refuse(c, "the path field %s ends with '/'", value);
	add_path(c, value);
	return 0;
}

static int opt_F(struct line_ctx *c, const char *arg)
{
	size_t n = strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789_"), i;
	char name[64], op[3];
	const char *value;

	if (c->r.op == RULE_NONE)
		return refuse(c, "a list (-a) must be given before the field %s", arg);
	for (i = 0; i < sizeof(field_ops) / sizeof(field_ops[0]); i++)
		if (!strncmp(arg + n, field_ops[i], strlen(field_ops[i])))
			break;
	if (!n || n >= sizeof(name) || i == sizeof(field_ops) / sizeof(field_ops[0]))
		return refuse(c, "the field %s is not NAME=VALUE", arg);
	memcpy(name, arg, n);
	name[n] = '\0';
	snprintf(op, sizeof(op), "%s", field_ops[i]);
	value = arg + n + strlen(op);
	if (!*value)
		return refuse(c, "the field %s has no value", name);
	if (!strcmp(name, "key"))
		return strcmp(op, "=") ? refuse(c, "the key field takes only =") : add_key(c, value);
	if (!strcmp(name, "path") || !strcmp(name, "dir"))
		return field_path(c, name, op, value);
	if (!strcmp(name, "perm")) {
		if (strcmp(op, "="))
			return refuse(c, "the perm field takes only =");
		return opt_p(c, value);
	}
	c->r.other_fields = true;
	return 0;
}

/* Rule options that need no handling here (-C compares two fields). */
static int opt_other_field(struct line_ctx *c, const char *arg)
{
	if (c->r.op == RULE_NONE)
		return refuse(c, "a list (-a) must be given before -C");
	c->r.other_fields = true;
	return 0;
}

/* ---- rules files: control lines --------------------------------------- */

static int control_number(struct line_ctx *c, const char *name, const char *arg, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 0);
	if (arg[0] < '0' || arg[0] > '9' || *end || errno || v > max)
		return refuse(c, "%s must be a number up to %lu, was %s", name, max, arg);
	json_object_set_new(member(c->out, "control", json_object), name,
			    json_integer((json_int_t)v));
	return 0;
}

static int opt_e(struct line_ctx *c, const char *arg)
{
	return control_number(c, "enabled", arg, 2);
}

static int opt_f(struct line_ctx *c, const char *arg)
{
	return control_number(c, "failure", arg, 2);
}

static int opt_b(struct line_ctx *c, const char *arg)
{
	return control_number(c, "backlog_limit", arg, UINT32_MAX);
}

static int opt_r(struct line_ctx *c, const char *arg)
{
	return control_number(c, "rate_limit", arg, UINT32_MAX);
}

static int opt_backlog_wait(struct line_ctx *c, const char *arg)
{
	return control_number(c, "backlog_wait_time", arg, UINT32_MAX);
}

static int control_flag(struct line_ctx *c, const char *name)
{
	json_object_set_new(member(c->out, "control", json_object), name, json_true());
	return 0;
}

static int opt_D(struct line_ctx *c, const char *arg)
{
	c->r.delete_all = true;
	return control_flag(c, "delete_all");
}

static int opt_i(struct line_ctx *c, const char *arg)
{
	return control_flag(c, "ignore_errors");
}

static int opt_c(struct line_ctx *c, const char *arg)
{
	return control_flag(c, "continue_on_error");
}

static int opt_loginuid(struct line_ctx *c, const char *arg)
{
	return control_flag(c, "loginuid_immutable");
}

/* Queries and one-off actions: harmless in a rules file, nothing to record. */
static int opt_ignored(struct line_ctx *c, const char *arg)
{
	return 0;
}

static int opt_refused(struct line_ctx *c, const char *arg)
{
	return refuse(c, "this option can't be used in a rules file");
}

/* auditctl's options ("hicslDvtC:e:f:r:b:a:A:d:S:F:m:R:w:W:k:p:q:" and the
 * long ones); a long option has a name, a short one a letter. */
static const struct audit_opt {
	char letter;
	const char *name;
	bool has_arg;
	int (*apply)(struct line_ctx *c, const char *arg);
} audit_opts[] = {
	{ .letter = 'w', .has_arg = true, .apply = opt_w },
	{ .letter = 'W', .has_arg = true, .apply = opt_W },
	{ .letter = 'a', .has_arg = true, .apply = opt_a },
	{ .letter = 'A', .has_arg = true, .apply = opt_a },
	{ .letter = 'd', .has_arg = true, .apply = opt_d },
	{ .letter = 'F', .has_arg = true, .apply = opt_F },
	{ .letter = 'C', .has_arg = true, .apply = opt_other_field },
	{ .letter = 'S', .has_arg = true, .apply = opt_S },
	{ .letter = 'k', .has_arg = true, .apply = opt_k },
	{ .letter = 'p', .has_arg = true, .apply = opt_p },
	{ .letter = 'e', .has_arg = true, .apply = opt_e },
	{ .letter = 'f', .has_arg = true, .apply = opt_f },
	{ .letter = 'b', .has_arg = true, .apply = opt_b },
	{ .letter = 'r', .has_arg = true, .apply = opt_r },
	{ .letter = 'D', .apply = opt_D },
	{ .letter = 'i', .apply = opt_i },
	{ .letter = 'c', .apply = opt_c },
	{ .letter = 'l', .apply = opt_ignored },
	{ .letter = 's', .apply = opt_ignored },
	{ .letter = 'v', .apply = opt_ignored },
	{ .letter = 't', .apply = opt_ignored },
	{ .letter = 'm', .has_arg = true, .apply = opt_ignored },
	{ .letter = 'q', .has_arg = true, .apply = opt_ignored },
	{ .letter = 'R', .has_arg = true, .apply = opt_refused },
	{ .letter = 'h', .apply = opt_refused },
	{ .name = "loginuid-immutable", .apply = opt_loginuid },
	{ .name = "backlog_wait_time", .has_arg = true, .apply = opt_backlog_wait },
	{ .name = "reset-lost", .apply = opt_ignored },
	{ .name = "reset_backlog_wait_time_actual", .apply = opt_ignored },
	{ .name = "signal", .has_arg = true, .apply = opt_ignored },
	{ .letter = 0, .name = NULL },
};

static const struct audit_opt *find_short(char letter)
{
	const struct audit_opt *o;

	for (o = audit_opts; o->letter || o->name; o++)
		if (o->letter && o->letter == letter)
			return o;
	return NULL;
}

static const struct audit_opt *find_long(const char *name, size_t n)
{
	const struct audit_opt *o;

	for (o = audit_opts; o->letter || o->name; o++)
		if (o->name && strlen(o->name) == n && !memcmp(o->name, name, n))
			return o;
	return NULL;
}

/* Apply O to the value in WORDS[*I] (after ATTACHED, the rest of the word
 * it was named in, if not empty), advancing *I past what it used. */
static int apply_opt(struct line_ctx *c, const struct audit_opt *o, const char *attached,
		     char **words, size_t n, size_t *i)
{
	const char *arg = NULL;

	if (o->has_arg) {
		if (attached && *attached)
			arg = attached;
		else if (*i + 1 < n)
			arg = words[++*i];
		else
			return refuse(c, "option %s needs a value", words[*i]);
	} else if (attached && *attached) {
		return refuse(c, "option %s takes no value", words[*i]);
	}
	return o->apply(c, arg);
}

/* One word: "--name[=v]", "-x", "-xVALUE", or combined flags "-Di". */
static int apply_word(struct line_ctx *c, char **words, size_t n, size_t *i)
{
	const char *w = words[*i], *eq;
	const struct audit_opt *o;

	if (w[0] != '-' || !w[1])
		return refuse(c, "%s: a parameter without an option", w);
	if (w[1] == '-') {
		eq = strchr(w + 2, '=');
		o = find_long(w + 2, eq ? (size_t)(eq - w - 2) : strlen(w + 2));
		if (!o)
			return refuse(c, "unknown option %s", w);
		return apply_opt(c, o, eq ? eq + 1 : NULL, words, n, i);
	}
	for (w++; *w; w++) {
		if (!(o = find_short(*w)))
			return refuse(c, "unknown option -%c", *w);
		if (o->has_arg)
			return apply_opt(c, o, w + 1, words, n, i);
		if (o->apply(c, NULL) < 0)
			return -1;
	}
	return 0;
}

/* Split LINE into words as auditctl does: separated by spaces only; "\ "
 * is a space and "\\" a backslash inside a word. WORDS holds strlen/2+1. */
static size_t split_words(char *line, char **words)
{
	char *r = line, *w;
	size_t n = 0;

	while (*r) {
		while (*r == ' ')
			r++;
		if (!*r)
			break;
		words[n++] = w = r;
		while (*r && *r != ' ') {
			if (r[0] == '\\' && (r[1] == ' ' || r[1] == '\\'))
				r++;
			*w++ = *r++;
		}
		if (*r)
			r++;
		*w = '\0';
	}
	return n;
}

/* Whether ENTRY is the same rule as DEL: every member but file and line
 * equal. The path is compared first: it rarely is. */
static bool same_rule(const json_t *entry, const json_t *del)
{
	const char *name;
	json_t *v;

	if (strcmp(json_string_value(json_object_get(entry, "path")),
		   json_string_value(json_object_get(del, "path"))))
		return false;
	json_object_foreach((json_t *)del, name, v)
		if (!json_equal(json_object_get(entry, name), v))
			return false;
	return true;
}

/* A -W or -d line: remove the earlier entries that are the same rule as
 * DEL, as the kernel deletes only an exact match. At most
 * DA_AUDIT_DELETES_MAX such lines per set are honoured, so a hostile set
 * costs at most that many passes over the (capped) watches. */
static void remove_watches(struct line_ctx *c, const json_t *del)
{
	json_t *watches = json_object_get(c->out, "watches");
	size_t i = json_array_size(watches);

	if (c->set->deletes == DA_AUDIT_DELETES_MAX) {
		add_error(c->out, "%s:%u: more than %u -W and -d lines; this one is ignored",
			  c->file, c->line, DA_AUDIT_DELETES_MAX);
		return;
	}
	c->set->deletes++;
	while (i-- > 0)
		if (same_rule(json_array_get(watches, i), del))
			json_array_remove(watches, i);
}

/* Add ENTRY (taking it) to the watches, unless the set is full. */
static void add_watch(struct line_ctx *c, json_t *entry)
{
	json_t *watches = member(c->out, "watches", json_array);

	if (json_array_size(watches) == DA_AUDIT_WATCHES_MAX) {
		da_facts_set_error(c->out, "more than %u watches; the rest are not recorded",
				   DA_AUDIT_WATCHES_MAX);
		json_decref(entry);
		return;
	}
	json_object_set_new(entry, "file", da_facts_string(c->file));
	json_object_set_new(entry, "line", json_integer(c->line));
	json_array_append_new(watches, entry);
}

/* Add the entries of a rule that parsed cleanly. */
static void rule_done(struct line_ctx *c)
{
	json_t *all = json_pack("[s]", "all"), *p, *entry;
	struct watch w = {
		.perms = c->r.perms, .have_perms = c->r.have_perms, .keys = c->r.keys,
		.list = c->r.list, .action = c->r.action,
	};
	size_t i;

	w.syscalls = c->r.all_syscalls || !json_array_size(c->r.syscalls) ? all : c->r.syscalls;
	w.watch_shape = !strcmp(c->r.list ? c->r.list : "", "exit") &&
			!strcmp(c->r.action ? c->r.action : "", "always") && w.syscalls == all &&
			!c->r.other_fields;
	json_array_foreach(c->r.paths, i, p) {
		w.path = json_string_value(p);
		entry = watch_json(&w);
		if (c->r.op == RULE_DEL) {
			remove_watches(c, entry);
			json_decref(entry);
		} else {
			add_watch(c, entry);
		}
	}
	json_decref(all);
}

static void parse_line(struct da_audit_rules *set, const char *file, unsigned lineno, char *line)
{
	struct line_ctx c = { .file = file, .line = lineno, .set = set, .out = set->out };
	json_t *out = set->out;
	char **words = da_xcalloc(strlen(line) / 2 + 2, sizeof(*words));
	size_t n = split_words(line, words), i;
	int rc = 0;

	c.r.paths = json_array();
	c.r.keys = json_array();
	c.r.syscalls = json_array();
	for (i = 0; i < n && rc == 0; i++)
		rc = apply_word(&c, words, n, &i);
	if (rc < 0)
		add_error(out, "%s:%u: %s", file, lineno, c.why);
	else
		rule_done(&c);
	json_decref(c.r.paths);
	json_decref(c.r.keys);
	json_decref(c.r.syscalls);
	free(words);
}

static bool blank_or_comment(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i == n || s[i] == '#';
}

void da_audit_parse_rules(struct da_audit_rules *set, const char *file, const char *text,
			  size_t len)
{
	json_t *out = set->out;
	const char *p = text, *end = text + len, *nl;
	unsigned lineno = 0;
	size_t n;
	char *line;

	member(out, "watches", json_array);
	member(out, "errors", json_array);
	member(out, "control", json_object);
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		lineno++;
		if (n && p[n - 1] == '\r')
			n--;
		if (memchr(p, '\0', n)) {
			add_error(out, "%s:%u: a NUL byte in the line", file, lineno);
			continue;
		}
		if (n > DA_AUDIT_LINE_MAX) {
			add_error(out, "%s:%u: longer than %u bytes", file, lineno, DA_AUDIT_LINE_MAX);
			continue;
		}
		if (blank_or_comment(p, n))
			continue;
		line = da_xstrndup(p, n);
		parse_line(set, file, lineno, line);
		free(line);
	}
}

/* ---- rules the kernel has loaded ---------------------------------------- */

/* Fields whose value is a string in the rule's buffer. */
static bool string_field(uint32_t field)
{
	return (field >= AUDIT_SUBJ_USER && field <= AUDIT_SUBJ_CLR) ||
	       (field >= AUDIT_OBJ_USER && field <= AUDIT_OBJ_LEV_HIGH) || field == AUDIT_WATCH ||
	       field == AUDIT_DIR || field == AUDIT_EXE || field == AUDIT_FILTERKEY;
}

/* The syscalls of MASK: ["all"], or their names for ARCH (an AUDIT_ARCH_*
 * value, which is libseccomp's token too; 0: this machine's). */
static json_t *syscall_names(const uint32_t *mask, uint32_t arch)
{
	json_t *names = json_array();
	unsigned word, bit;
	char *name;

	for (word = 0; word < AUDIT_BITMASK_SIZE - 1 && mask[word] == UINT32_MAX; word++)
		;
	if (word == AUDIT_BITMASK_SIZE - 1) {
		json_array_append_new(names, json_string("all"));
		return names;
	}
	for (word = 0; word < AUDIT_BITMASK_SIZE - 1; word++) {
		for (bit = 0; bit < 32; bit++) {
			if (!(mask[word] & (1u << bit)))
				continue;
			name = seccomp_syscall_resolve_num_arch(arch, (int)(word * 32 + bit));
			json_array_append_new(names, name ? json_string(name)
						     : json_sprintf("%u", word * 32 + bit));
			free(name);
		}
	}
	return names;
}

/* The string fields' bytes: each field's slice of buf, checked. */
struct rule_strings {
	const char *buf;
	size_t len, used;
};

static int take_string(struct rule_strings *s, uint32_t n, const char **out)
{
	if (n > s->len - s->used)
		return -1;
	*out = s->buf + s->used;
	s->used += n;
	return 0;
}

/* Split the joined keys (separated by KEY_SEPARATOR) into KEYS. */
static void split_keys(const char *s, size_t n, json_t *keys)
{
	const char *e;
	char *k;

	while (n) {
		e = memchr(s, KEY_SEPARATOR, n);
		k = da_xstrndup(s, e ? (size_t)(e - s) : n);
		json_array_append_new(keys, da_facts_string(k));
		free(k);
		if (!e)
			break;
		n -= (size_t)(e - s) + 1;
		s = e + 1;
	}
}

struct decoded {
	struct watch w;
	json_t *paths, *keys;
	uint32_t arch;
};

/* One field of the rule into D; string fields take their bytes from S. */
static int decode_field(const struct audit_rule_data *rd, uint32_t i, struct rule_strings *s,
			struct decoded *d, struct da_err *err)
{
	uint32_t f = rd->fields[i], v = rd->values[i];
	const char *str = "";
	char *path;

	if (string_field(f) && take_string(s, v, &str) < 0)
		return da_err_set(err, "field %u: string of %u bytes past the buffer", i, v);
	if ((f == AUDIT_WATCH || f == AUDIT_DIR) && (rd->fieldflags[i] & AUDIT_OPERATORS) == AUDIT_EQUAL) {
		path = path_normalize(str, strnlen(str, v));
		json_array_append_new(d->paths, da_facts_string(path));
		free(path);
	} else if (f == AUDIT_FILTERKEY) {
		split_keys(str, v, d->keys);
	} else if (f == AUDIT_PERM) {
		d->w.perms = v;
		d->w.have_perms = true;
	} else {
		if (f == AUDIT_ARCH)
			d->arch = v;
		d->w.watch_shape = false;
	}
	return 0;
}

int da_audit_decode_rule(const void *data, size_t len, unsigned index, json_t *out,
			 struct da_err *err)
{
	const struct audit_rule_data *rd = data;
	struct decoded d = { .w.watch_shape = true };
	struct rule_strings s;
	uint32_t i, list;
	json_t *syscalls = NULL, *p, *entry;
	size_t k;
	int rc = -1;

	if (len < sizeof(*rd) || rd->field_count > AUDIT_MAX_FIELDS ||
	    rd->buflen > len - sizeof(*rd))
		return da_err_set(err, "rule %u: malformed (%zu bytes)", index, len);
	list = rd->flags & ~(uint32_t)AUDIT_FILTER_PREPEND;
	if (list >= N_LISTS || rd->action >= N_ACTIONS)
		return da_err_set(err, "rule %u: unknown list %u or action %u", index, list,
				  rd->action);
	s = (struct rule_strings){ .buf = rd->buf, .len = rd->buflen };
	d.paths = json_array();
	d.keys = json_array();
	for (i = 0; i < rd->field_count; i++)
		if (decode_field(rd, i, &s, &d, err) < 0) {
			da_err_prefix(err, "rule %u", index);
			goto out;
		}
	syscalls = syscall_names(rd->mask, d.arch);
	d.w.keys = d.keys;
	d.w.list = list_names[list];
	d.w.action = action_names[rd->action];
	d.w.syscalls = syscalls;
	d.w.watch_shape = d.w.watch_shape && list == AUDIT_FILTER_EXIT &&
			  rd->action == AUDIT_ALWAYS &&
			  !strcmp(json_string_value(json_array_get(syscalls, 0)), "all");
	member(out, "watches", json_array);
	json_array_foreach(d.paths, k, p) {
		d.w.path = json_string_value(p);
		entry = watch_json(&d.w);
		json_object_set_new(entry, "rule", json_integer(index));
		json_array_append_new(json_object_get(out, "watches"), entry);
	}
	rc = 0;
out:
	json_decref(syscalls);
	json_decref(d.paths);
	json_decref(d.keys);
	return rc;
}

/* ---- the netlink conversation ------------------------------------------ */

static void status_json(const void *data, size_t len, json_t *out)
{
	struct audit_status st = { 0 };

	memcpy(&st, data, len < sizeof(st) ? len : sizeof(st));
	json_object_set_new(out, "enabled", json_integer(st.enabled));
	json_object_set_new(out, "failure", json_integer(st.failure));
	json_object_set_new(out, "pid", json_integer(st.pid));
	json_object_set_new(out, "rate_limit", json_integer(st.rate_limit));
	json_object_set_new(out, "backlog_limit", json_integer(st.backlog_limit));
	json_object_set_new(out, "lost", json_integer(st.lost));
}

/* The smallest audit_status any kernel sends: mask to backlog. */
#define STATUS_MIN (8 * sizeof(uint32_t))

static int feed_one(struct da_audit_reply *r, const struct nlmsghdr *h, struct da_err *err)
{
	const void *data = NLMSG_DATA(h);
	size_t len = h->nlmsg_len - NLMSG_HDRLEN;
	const struct nlmsgerr *e = data;

	if (h->nlmsg_type == NLMSG_DONE) {
		r->done = 1;
	} else if (h->nlmsg_type == NLMSG_ERROR) {
		if (len < sizeof(*e))
			return da_err_set(err, "a truncated netlink error message");
		if (e->error)
			return da_err_set(err, "%s", strerror(e->error < 0 ? -e->error : e->error));
	} else if (h->nlmsg_type == AUDIT_GET && r->type == AUDIT_GET) {
		if (len < STATUS_MIN)
			return da_err_set(err, "a truncated audit status (%zu bytes)", len);
		status_json(data, len, r->out);
		r->done = 1;
	} else if (h->nlmsg_type == AUDIT_LIST_RULES && r->type == AUDIT_LIST_RULES) {
		if (++r->count > DA_AUDIT_LOADED_MAX)
			return da_err_set(err, "more than %u rules", DA_AUDIT_LOADED_MAX);
		if (da_audit_decode_rule(data, len, r->count, r->out, err) < 0)
			add_error(r->out, "%s", err->msg);
		da_err_clear(err);
	}
	return 0;
}

int da_audit_reply_feed(struct da_audit_reply *r, const void *buf, size_t n, struct da_err *err)
{
	const struct nlmsghdr *h = buf;
	size_t left = n;

	for (; NLMSG_OK(h, left) && !r->done; h = NLMSG_NEXT(h, left)) {
		if (h->nlmsg_seq != r->seq)
			continue;
		if (feed_one(r, h, err) < 0)
			return -1;
	}
	if (!r->done && left && !NLMSG_OK(h, left))
		return da_err_set(err, "a truncated netlink message (%zu bytes left)", left);
	return 0;
}

/* Larger than any audit message (MAX_AUDIT_MESSAGE_LENGTH is 8970). */
#define NETLINK_BUF (1u << 16)

/* Send request TYPE and read the answer into R->out. 0 or -1 with ERR. */
static int ask(int fd, int type, unsigned seq, json_t *out, struct da_err *err)
{
	struct nlmsghdr req = {
		.nlmsg_len = NLMSG_LENGTH(0), .nlmsg_type = (uint16_t)type,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = seq,
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK }, from;
	struct da_audit_reply r = { .seq = seq, .type = type, .out = out };
	socklen_t fromlen;
	char *buf = NULL;
	ssize_t n;
	int rc = -1;

	if (sendto(fd, &req, req.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		da_err_set(err, "%s", strerror(errno));
		goto out;
	}
	buf = da_xmalloc(NETLINK_BUF);
	while (!r.done) {
		fromlen = sizeof(from);
		n = recvfrom(fd, buf, NETLINK_BUF, 0, (struct sockaddr *)&from, &fromlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			da_err_set(err, "%s", errno == EAGAIN ? "no answer in time" : strerror(errno));
			goto out;
		}
		if (from.nl_pid != 0)
			continue; /* not from the kernel */
		if (da_audit_reply_feed(&r, buf, (size_t)n, err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

int da_audit_list_loaded(json_t *loaded, struct da_err *err)
{
	struct timeval tv = { .tv_sec = 2 };
	json_t *status = json_object();
	int fd, rc = -1;

	json_object_set_new(loaded, "status", status);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0)
		return da_err_set(err, "netlink audit socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (ask(fd, AUDIT_GET, 1, status, err) < 0) {
		json_object_clear(status);
		json_object_set_new(status, "error", da_facts_string(err->msg));
		da_err_clear(err);
	}
	member(loaded, "watches", json_array);
	member(loaded, "errors", json_array);
	if (ask(fd, AUDIT_LIST_RULES, 2, loaded, err) < 0) {
		/* partial rules would read as "not watched": drop them */
		json_object_del(loaded, "watches");
		json_object_del(loaded, "errors");
		da_err_prefix(err, "netlink AUDIT_LIST_RULES");
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

/* ---- the collector -------------------------------------------------------- */

/* A file or directory that could not be read: an entry in errors, and
 * the set's "error" (the first such), as its watches are incomplete.
 * Takes MSG. */
static void unreadable(json_t *on_disk, char *msg)
{
	add_error(on_disk, "%s", msg);
	if (!json_object_get(on_disk, "error"))
		json_object_set_new(on_disk, "error", da_facts_string(msg));
	free(msg);
}

/* The rules files being read into one set. */
struct reader {
	const struct da_root *root;
	struct da_audit_rules set;
	size_t bytes; /* read so far, against DA_AUDIT_TOTAL_MAX */
};

static void read_rules_file(struct reader *r, const char *path, bool must_exist)
{
	json_t *on_disk = r->set.out;
	char *data = NULL;
	size_t len = 0;
	int rc = da_root_read_file(r->root, path, DA_AUDIT_FILE_MAX, &data, &len);

	if (rc == -ENOENT && !must_exist)
		return;
	if (rc == -EFBIG)
		unreadable(on_disk, da_xasprintf("%s: larger than %u bytes", path, DA_AUDIT_FILE_MAX));
	else if (rc < 0)
		unreadable(on_disk, da_xasprintf("%s: %s", path, strerror(-rc)));
	else if (len > DA_AUDIT_TOTAL_MAX - r->bytes)
		unreadable(on_disk, da_xasprintf("%s: not read: the rules files pass %u bytes in "
						 "total", path, DA_AUDIT_TOTAL_MAX));
	else {
		r->bytes += len;
		json_array_append_new(json_object_get(on_disk, "files"), da_facts_string(path));
		da_audit_parse_rules(&r->set, path, data, len);
	}
	free(data);
}

static int by_version(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

/* The names in rules.d ending in ".rules", sorted as `ls -v` sorts them. */
static size_t rules_dir_names(const struct da_root *root, json_t *on_disk, char ***names)
{
	DIR *d = da_root_opendir(root, RULES_DIR);
	struct dirent *e;
	size_t n = 0, len;

	*names = NULL;
	if (!d) {
		if (errno != ENOENT)
			unreadable(on_disk, da_xasprintf("%s: %s", RULES_DIR, strerror(errno)));
		return 0;
	}
	while ((e = readdir(d))) {
		len = strlen(e->d_name);
		if (len <= 6 || strcmp(e->d_name + len - 6, ".rules"))
			continue;
		if (n == DA_AUDIT_DIR_MAX) {
			unreadable(on_disk, da_xasprintf("%s: more than %u rules files; the rest not read",
							 RULES_DIR, DA_AUDIT_DIR_MAX));
			break;
		}
		*names = da_xreallocarray(*names, n + 1, sizeof(**names));
		(*names)[n++] = da_xstrdup(e->d_name);
	}
	closedir(d);
	qsort(*names, n, sizeof(**names), by_version);
	return n;
}

static json_t *collect_on_disk(const struct da_root *root)
{
	json_t *on_disk = json_pack("{s:[], s:[], s:[], s:{}}", "files", "watches", "errors",
				    "control");
	struct reader r = { .root = root, .set = { .out = on_disk } };
	char **names, *path;
	size_t n, i;

	read_rules_file(&r, RULES_FILE, false);
	n = rules_dir_names(root, on_disk, &names);
	for (i = 0; i < n; i++) {
		path = da_xasprintf("%s/%s", RULES_DIR, names[i]);
		read_rules_file(&r, path, true);
		free(path);
		free(names[i]);
	}
	free(names);
	return on_disk;
}

/* Whether ROOT is this machine's "/": only then are the kernel's rules the
 * audited host's. */
static bool root_is_live(const struct da_root *root)
{
	struct stat a, b;

	return fstat(root->fd, &a) == 0 && stat("/", &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}


/* ---- the files the daemon really runs ------------------------------------ */

/* A target: a file the section 1 rules want watched, located from what
 * the daemon runs. */
struct target_loc {
	char *path;         /* as the host sees it; caller frees */
	const char *source; /* static */
};

/* LINK without the " (deleted)" the kernel adds to a replaced binary. */
static char *exe_path(const char *link)
{
	size_t n = strlen(link);

	if (n > 10 && !strcmp(link + n - 10, " (deleted)"))
		n -= 10;
	return da_xstrndup(link, n);
}

static bool exists_in(const struct da_root *root, const char *path)
{
	struct stat st;

	return da_root_stat(root, path, true, &st) == 0;
}

/* The first of CANDIDATES (NULL-terminated) that exists, else the first. */
static struct target_loc first_existing(const struct da_root *root,
					const char *const *candidates)
{
	size_t i;

	for (i = 0; candidates[i]; i++)
		if (exists_in(root, candidates[i]))
			return (struct target_loc){ da_xstrdup(candidates[i]), "default" };
	return (struct target_loc){ da_xstrdup(candidates[0]), "default" };
}

static struct target_loc locate_dockerd(const struct da_collect_ctx *ctx)
{
	static const char *const def[] = { "/usr/bin/dockerd", "/usr/sbin/dockerd", NULL };
	const char *exe = json_string_value(da_facts_get(ctx->facts, "/daemon/process/exe"));

	if (exe && *exe == '/')
		return (struct target_loc){ exe_path(exe), "proc-exe" };
	return first_existing(ctx->root, def);
}

static struct target_loc locate_config(const struct da_collect_ctx *ctx)
{
	const char *p = json_string_value(da_facts_get(ctx->facts, "/daemon/config_file/path"));

	if (p && *p == '/')
		return (struct target_loc){ da_xstrdup(p), "config" };
	return (struct target_loc){ da_xstrdup(DA_DOCKERD_DEFAULT_CONFIG), "default" };
}

static struct target_loc locate_containerd(const struct da_collect_ctx *ctx)
{
	static const char *const def[] = { "/usr/bin/containerd", "/usr/sbin/containerd",
					   "/usr/local/bin/containerd", NULL };
	const char *exe = json_string_value(da_facts_get(ctx->facts, "/daemon/containerd/exe"));

	if (exe && *exe == '/')
		return (struct target_loc){ exe_path(exe), "proc-exe" };
	return first_existing(ctx->root, def);
}

/* The PATH of the first of the facts' PIDS (JSON pointers) that can be
 * read, else Debian's: containerd's for the shims and the runtime it runs
 * (a managed containerd inherits dockerd's), else dockerd's. */
static char *path_var(const struct da_collect_ctx *ctx)
{
	static const char *const pids[] = { "/daemon/containerd/pid", "/daemon/process/pid" };
	const json_t *pid;
	char *v = NULL;
	size_t i;

	for (i = 0; !v && i < sizeof(pids) / sizeof(pids[0]); i++) {
		pid = da_facts_get(ctx->facts, pids[i]);
		if (json_is_integer(pid) && json_integer_value(pid) > 0)
			v = da_dockerd_env_path(ctx->root, (int)json_integer_value(pid));
	}
	return v ? v : da_xstrdup("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
}

/* NAME looked up along PATH, as exec would; NULL if absent. */
static char *along_path(const struct da_collect_ctx *ctx, const char *name)
{
	char *path = path_var(ctx), *dir = path, *end, *cand, *found = NULL;

	while (!found && dir) {
		end = strchr(dir, ':');
		if (end)
			*end = '\0';
		cand = da_xasprintf("%s/%s", *dir ? dir : ".", name);
		if (*cand == '/' && exists_in(ctx->root, cand))
			found = cand;
		else
			free(cand);
		dir = end ? end + 1 : NULL;
	}
	free(path);
	return found;
}

/* A shim, where containerd looks for it: along its PATH, else beside its
 * own binary. */
static struct target_loc shim_beside(const struct da_collect_ctx *ctx, const char *name)
{
	struct target_loc c, out;
	char *found = along_path(ctx, name), *slash;

	if (found)
		return (struct target_loc){ found, "path" };
	c = locate_containerd(ctx);
	slash = strrchr(c.path, '/');
	*slash = '\0';
	out = (struct target_loc){ da_xasprintf("%s/%s", c.path, name),
				   !strcmp(c.source, "proc-exe") ? "beside-containerd" : "default" };
	free(c.path);
	return out;
}

static struct target_loc locate_shim(const struct da_collect_ctx *ctx)
{
	return shim_beside(ctx, "containerd-shim");
}

static struct target_loc locate_shim_v1(const struct da_collect_ctx *ctx)
{
	return shim_beside(ctx, "containerd-shim-runc-v1");
}

static struct target_loc locate_shim_v2(const struct da_collect_ctx *ctx)
{
	return shim_beside(ctx, "containerd-shim-runc-v2");
}

static bool is_runc(const char *path)
{
	const char *base = strrchr(path, '/');

	return !strcmp(base ? base + 1 : path, "runc");
}

/* runc: the default runtime's binary when it is a runc, else the runtime
 * named runc, as /info lists them; a bare name resolved along PATH. */
static struct target_loc locate_runc(const struct da_collect_ctx *ctx)
{
	const json_t *info = da_facts_get(ctx->facts, "/daemon/info");
	const json_t *rts = json_object_get(info, "Runtimes");
	const char *def = json_string_value(json_object_get(info, "DefaultRuntime"));
	const char *p = json_string_value(
		json_object_get(json_object_get(rts, def ? def : ""), "path"));
	const char *src = "info-runtimes";
	char *found;

	if (!p || !is_runc(p))
		p = json_string_value(json_object_get(json_object_get(rts, "runc"), "path"));
	if (!p) {
		p = "runc";
		src = "default";
	}
	if (*p == '/')
		return (struct target_loc){ da_xstrdup(p), src };
	found = strchr(p, '/') ? NULL : along_path(ctx, p);
	if (found)
		return (struct target_loc){ found, src };
	return (struct target_loc){ da_xasprintf("/usr/bin/%s", p), "default" };
}

/* The containerd socket the daemon uses (the daemon collector found it). */
static struct target_loc locate_containerd_sock(const struct da_collect_ctx *ctx)
{
	const json_t *c = da_facts_get(ctx->facts, "/daemon/containerd");
	const char *p = json_string_value(json_object_get(c, "address"));
	const char *src = json_string_value(json_object_get(c, "source"));
	static const char *const sources[] = { "flag", "config", "managed" };
	size_t i;

	for (i = 0; p && *p == '/' && src && i < sizeof(sources) / sizeof(sources[0]); i++)
		if (!strcmp(src, sources[i]))
			return (struct target_loc){ da_xstrdup(p), sources[i] };
	return (struct target_loc){ da_xstrdup("/run/containerd/containerd.sock"), "default" };
}

static const struct {
	const char *name;
	struct target_loc (*locate)(const struct da_collect_ctx *ctx);
} targets[] = {
	{ "dockerd", locate_dockerd },
	{ "daemon-config", locate_config },
	{ "containerd", locate_containerd },
	{ "containerd-sock", locate_containerd_sock },
	{ "containerd-shim", locate_shim },
	{ "containerd-shim-runc-v1", locate_shim_v1 },
	{ "containerd-shim-runc-v2", locate_shim_v2 },
	{ "runc", locate_runc },
};

/* The object a kernel watch on PATH is on: the name in its parent
 * directory, the directory resolved (a watch on a symlink watches the
 * link, not its target). NULL when the parent does not resolve. */
static char *watched_object(const struct da_root *root, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *parent, *real, *out;

	if (!slash || !slash[1])
		return NULL;
	parent = slash == path ? da_xstrdup("/") : da_xstrndup(path, (size_t)(slash - path));
	real = da_dockerd_realpath(root, parent);
	out = real ? da_xasprintf("%s%s", strcmp(real, "/") ? real : "", slash) : NULL;
	free(parent);
	free(real);
	return out;
}

/* Whether watch entry W records writes or attribute changes on every exit. */
static bool watch_counts(const json_t *w)
{
	const char *list = json_string_value(json_object_get(w, "list"));
	const char *action = json_string_value(json_object_get(w, "action"));
	const char *perms = json_string_value(json_object_get(w, "perms"));
	const json_t *sc = json_object_get(w, "syscalls"), *v;
	size_t i;

	if (!list || strcmp(list, "exit") || !action || strcmp(action, "always"))
		return false;
	if (perms && *perms)
		return strchr(perms, 'w') || strchr(perms, 'a');
	json_array_foreach(sc, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), "all"))
			return true;
	return false;
}

/* {watched, watches}: the watch paths of SET that reach REAL (the target
 * with its symlinks resolved); {error} when none does and SET could not be
 * read in full. */
static json_t *watched_in(const struct da_root *root, const json_t *set, const char *real)
{
	const json_t *w, *err = json_object_get(set, "error");
	json_t *paths = json_array();
	const char *p;
	char *obj;
	size_t i;

	json_array_foreach(json_object_get(set, "watches"), i, w) {
		p = json_string_value(json_object_get(w, "path"));
		if (!real || !p || !watch_counts(w))
			continue;
		obj = watched_object(root, p);
		if (obj && !strcmp(obj, real))
			json_array_append_new(paths, da_facts_string(p));
		free(obj);
	}
	if (err && !json_array_size(paths)) {
		json_decref(paths);
		return json_pack("{s:O}", "error", err);
	}
	return json_pack("{s:b, s:o}", "watched", json_array_size(paths) > 0, "watches", paths);
}

/* /audit/targets: each file, where it was found, whether it exists, and
 * which watches of each rules set reach it. */
static json_t *collect_targets(const struct da_collect_ctx *ctx, const json_t *section)
{
	json_t *out = json_object(), *t;
	struct target_loc loc;
	char *real;
	size_t i;

	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		loc = targets[i].locate(ctx);
		real = da_dockerd_realpath(ctx->root, loc.path);
		t = json_pack("{s:o, s:s, s:b, s:o}", "path", da_facts_string(loc.path), "source",
			      loc.source, "exists", real != NULL, "real_path",
			      real ? da_facts_string(real) : json_null());
		json_object_set_new(t, "on_disk",
				    watched_in(ctx->root, json_object_get(section, "on_disk"), real));
		json_object_set_new(t, "loaded",
				    watched_in(ctx->root, json_object_get(section, "loaded"), real));
		json_object_set_new(out, targets[i].name, t);
		free(real);
		free(loc.path);
	}
	return out;
}

static void collect_audit(struct da_collect_ctx *ctx, json_t *section)
{
	struct da_err err = { "" };
	json_t *loaded = json_object();

	json_object_set_new(section, "on_disk", collect_on_disk(ctx->root));
	if (!root_is_live(ctx->root))
		da_facts_set_error(loaded, "not read: the root prefix is not this host");
	else if (da_audit_list_loaded(loaded, &err) < 0)
		da_facts_set_error(loaded, "%s", err.msg);
	json_object_set_new(section, "loaded", loaded);
	json_object_set_new(section, "targets", collect_targets(ctx, section));
}

const struct da_collector da_collector_audit = {
	.name = "audit",
	.summary = "Audit rules: watched paths on disk and loaded in the kernel",
	.collect = collect_audit,
};
