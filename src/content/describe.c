/*
 * Rules in words (describe.h): CIS numbers by version from the references,
 * and a check rendered as one line from its tree, so the rule table in
 * docs/RULES.md says what each rule really tests and cannot drift from the
 * content it was generated from.
 */
#include "content/describe.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "engine/ops.h"

#define CIS_PREFIX "CIS Docker Benchmark"

int da_cis_ref_parse(const struct da_ref *ref, char **version, char **number)
{
	const char *t = ref->text, *sep, *v, *p;

	*version = *number = NULL;
	if (!ref->href || strcmp(ref->href, DA_CIS_REF_HREF) != 0 || !t ||
	    strncmp(t, CIS_PREFIX, strlen(CIS_PREFIX)) != 0)
		return -1;
	sep = strrchr(t, ':');
	if (!sep || sep[1] != ' ' || !sep[2])
		return -1;
	v = t + strlen(CIS_PREFIX);
	v += strspn(v, " ");
	if (*v == 'v')
		v++;
	p = sep + 2;
	if (v > sep || strspn(p, "0123456789.") != strlen(p) || *p == '.' || strstr(p, "..") ||
	    p[strlen(p) - 1] == '.')
		return -1;
	*version = da_xstrndup(v, (size_t)(sep - v));
	*number = da_xstrdup(p);
	return 0;
}

char *da_rule_cis_number(const struct da_rule *r, const char *version)
{
	char *v, *num;
	size_t i;

	for (i = 0; r && i < r->n_refs; i++) {
		if (da_cis_ref_parse(&r->refs[i], &v, &num) < 0)
			continue;
		if (strcmp(v, version) == 0) {
			free(v);
			return num;
		}
		free(v);
		free(num);
	}
	return NULL;
}

void da_strv_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static bool strv_has(char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i], s) == 0)
			return true;
	}
	return false;
}

static int version_cmp(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

char **da_benchmark_cis_versions(const struct da_benchmark *b, size_t *n)
{
	char **out = da_xcalloc(1, sizeof(*out));
	char *v, *num;
	size_t i, j;

	*n = 0;
	for (i = 0; i < b->n_rules; i++) {
		const struct da_rule *r = b->rules[i]->rule;

		for (j = 0; j < r->n_refs; j++) {
			if (da_cis_ref_parse(&r->refs[j], &v, &num) < 0)
				continue;
			free(num);
			if (strv_has(out, *n, v)) {
				free(v);
				continue;
			}
			out = da_xreallocarray(out, *n + 2, sizeof(*out));
			out[(*n)++] = v;
			out[*n] = NULL;
		}
	}
	qsort(out, *n, sizeof(*out), version_cmp);
	return out;
}

enum da_automation da_rule_automation(const struct da_rule *r)
{
	if (!r || !r->check)
		return DA_AUTO_NONE;
	return r->check->manual ? DA_AUTO_MANUAL : DA_AUTO_AUTOMATED;
}

const char *da_automation_name(enum da_automation a)
{
	static const char *const names[] = {
		[DA_AUTO_NONE] = "none",
		[DA_AUTO_AUTOMATED] = "automated",
		[DA_AUTO_MANUAL] = "manual",
	};

	return (size_t)a < sizeof(names) / sizeof(names[0]) ? names[a] : "none";
}

const char *da_id_short(const char *id, const char *kind)
{
	size_t k = strlen(kind);
	const char *p;

	if (!id || strncmp(id, "xccdf_", 6) != 0)
		return id;
	p = strchr(id + 6, '_');
	if (!p || strncmp(p + 1, kind, k) != 0 || p[1 + k] != '_' || !p[2 + k])
		return id;
	return p + 2 + k;
}

/* ---- checks in words ---- */

static void put_operand(struct da_buf *b, const char *s)
{
	const char *q;

	if (*s && !s[strcspn(s, " \t\r\n\"(),;")]) {
		da_buf_puts(b, s);
		return;
	}
	da_buf_puts(b, "\"");
	for (q = s; *q; q++) {
		if (*q == '"')
			da_buf_puts(b, "\\");
		da_buf_append(b, q, 1);
	}
	da_buf_puts(b, "\"");
}

static const char *const missing_words[] = {
	[DA_MISSING_ERROR] = "error", [DA_MISSING_PASS] = "pass", [DA_MISSING_FAIL] = "fail",
};

static void put_test(struct da_buf *b, const struct da_check_node *n)
{
	put_operand(b, n->path ? n->path : "");
	da_buf_printf(b, " %s", n->op ? n->op->name : "?");
	if (n->value_ref) {
		da_buf_printf(b, " value %s", da_id_short(n->value_ref, "value"));
	} else if (n->value) {
		da_buf_puts(b, " ");
		put_operand(b, n->value);
	}
	if (n->missing != DA_MISSING_ERROR && (size_t)n->missing < 3)
		da_buf_printf(b, " (absent: %s)", missing_words[n->missing]);
}

static void put_node(struct da_buf *b, const struct da_check_node *n, bool nested);

static void put_list(struct da_buf *b, const struct da_check_node *n, const char *sep)
{
	size_t i;

	for (i = 0; i < n->n_kids; i++) {
		if (i)
			da_buf_puts(b, sep);
		put_node(b, n->kids[i], true);
	}
}

static const char *const quantifier_words[] = {
	[DA_Q_ALL] = "each", [DA_Q_ANY] = "some", [DA_Q_NONE] = "no",
};

static void put_each(struct da_buf *b, const struct da_check_node *n, bool nested)
{
	if (nested)
		da_buf_puts(b, "(");
	da_buf_printf(b, "%s item of ", (size_t)n->quantifier < 3 ?
				       quantifier_words[n->quantifier] : "?");
	put_operand(b, n->path ? n->path : "");
	da_buf_puts(b, ": ");
	put_list(b, n, " and ");
	if (nested)
		da_buf_puts(b, ")");
}

/* all/any: joined by and/or, in parentheses inside a larger expression. */
static void put_junction(struct da_buf *b, const struct da_check_node *n, bool nested,
			 const char *sep)
{
	if (n->n_kids == 1) {
		put_node(b, n->kids[0], nested);
		return;
	}
	if (nested)
		da_buf_puts(b, "(");
	put_list(b, n, sep);
	if (nested)
		da_buf_puts(b, ")");
}

static void put_node(struct da_buf *b, const struct da_check_node *n, bool nested)
{
	switch (n->kind) {
	case DA_NODE_TEST:
		put_test(b, n);
		break;
	case DA_NODE_ALL:
		put_junction(b, n, nested, " and ");
		break;
	case DA_NODE_ANY:
		put_junction(b, n, nested, " or ");
		break;
	case DA_NODE_NONE:
		da_buf_puts(b, "none of (");
		put_list(b, n, "; ");
		da_buf_puts(b, ")");
		break;
	case DA_NODE_EACH:
		put_each(b, n, nested);
		break;
	}
}

static void put_subjects(struct da_buf *b, const struct da_check *c)
{
	const char *kind = c->subject_kind ? c->subject_kind : "subject";

	da_buf_printf(b, "%s %s", c->name_path ? "each" : "the", kind);
	if (c->where) {
		da_buf_puts(b, " where ");
		put_node(b, c->where, false);
	}
	if (c->applies) {
		da_buf_puts(b, ", applicable if ");
		put_node(b, c->applies, false);
	}
}

char *da_check_describe(const struct da_check *c)
{
	struct da_buf b;

	da_buf_init(&b, 0);
	if (c->manual) {
		da_buf_printf(&b, "manual: %s", c->question ? c->question : "");
		return da_buf_take(&b);
	}
	put_subjects(&b, c);
	da_buf_puts(&b, ": ");
	if (c->inform)
		da_buf_printf(&b, "informational: reports %s", c->inform);
	else if (c->assert)
		put_node(&b, c->assert, false);
	else
		da_buf_puts(&b, "no assertion");
	return da_buf_take(&b);
}

char *da_rule_describe(const struct da_rule *r)
{
	if (r->check)
		return da_check_describe(r->check);
	if (r->check_system)
		return da_xasprintf("a check of system %s, which dockaudit does not evaluate",
				    r->check_system);
	return da_xstrdup("no check");
}
