/*
 * Message templates: "{name} has no PIDs limit (HostConfig.PidsLimit
 * {/inspect/HostConfig/PidsLimit})" into literal parts and placeholders
 * with filters. Strict, like the rest of the content: an unknown
 * placeholder or filter, a brace left open or a bad pointer is a load
 * error, so a template never renders half-way at audit time.
 */
#include "content/template.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

const char *const da_tpl_filter_names[] = { "or", "bool", "source", "count", "not-in", "in",
					    "map", "before", NULL };
/* How many arguments each filter takes, in enum order. */
static const int filter_args[] = { 1, 2, 0, 0, 1, 1, 1, 1 };

static const char *const source_words[][2] = {
	{ "flag", "command line" },	{ "config", "daemon.json" },
	{ "file", "daemon.json" },	{ "api", "the running daemon" },
	{ "default", "default" },	{ "unset", "not set" },
};

const char *da_tpl_source_words(const char *source)
{
	size_t i;

	for (i = 0; source && i < sizeof(source_words) / sizeof(source_words[0]); i++) {
		if (strcmp(source_words[i][0], source) == 0)
			return source_words[i][1];
	}
	return source;
}

static void part_clear(struct da_tpl_part *p)
{
	size_t i;

	free(p->text);
	for (i = 0; i < p->n_filters; i++) {
		free(p->filters[i].arg1);
		free(p->filters[i].arg2);
	}
	free(p->filters);
}

void da_template_free(struct da_template *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n_parts; i++)
		part_clear(&t->parts[i]);
	free(t->parts);
	free(t->for_each);
	free(t->cond);
	free(t->source);
	free(t);
}

static struct da_tpl_part *new_part(struct da_template *t, enum da_tpl_scope scope)
{
	struct da_tpl_part *p;

	t->parts = da_xreallocarray(t->parts, t->n_parts + 1, sizeof(*t->parts));
	p = &t->parts[t->n_parts++];
	memset(p, 0, sizeof(*p));
	p->scope = scope;
	return p;
}

bool da_tpl_pointer_ok(const char *p)
{
	if (*p && *p != '/')
		return false;
	for (; (p = strchr(p, '~')); p++) {
		if (p[1] != '0' && p[1] != '1')
			return false;
	}
	return true;
}

/* "a=b,c=d": every comma-separated item has an '='. */
static bool map_ok(const char *s)
{
	const char *end;

	do {
		end = s + strcspn(s, ",");
		if (!memchr(s, '=', (size_t)(end - s)))
			return false;
		s = end + 1;
	} while (*end);
	return true;
}

const char *da_tpl_map(const char *pairs, const char *word, size_t *len)
{
	const char *end, *eq;
	size_t n = strlen(word);

	for (;;) {
		end = pairs + strcspn(pairs, ",");
		eq = memchr(pairs, '=', (size_t)(end - pairs));
		if (eq && (size_t)(eq - pairs) == n && strncmp(pairs, word, n) == 0) {
			*len = (size_t)(end - eq - 1);
			return eq + 1;
		}
		if (!*end)
			return NULL;
		pairs = end + 1;
	}
}

/* "name:arg:arg" (no '|') into F. */
static int parse_filter(const char *s, struct da_tpl_filter *f, char **why)
{
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	int k, args = 0;
	char *rest[2] = { NULL, NULL };
	const char *a = colon;

	for (k = 0; da_tpl_filter_names[k]; k++) {
		if (strlen(da_tpl_filter_names[k]) == n && strncmp(da_tpl_filter_names[k], s, n) == 0)
			break;
	}
	if (!da_tpl_filter_names[k]) {
		*why = da_xasprintf("unknown filter '%.*s' (filters: or, bool, source, count, not-in, in, map, before)",
				    (int)n, s);
		return -1;
	}
	while (a && args < 2) {
		const char *end = strchr(a + 1, ':');

		if (args == filter_args[k] - 1 || !end)
			end = a + 1 + strlen(a + 1);
		rest[args++] = da_xstrndup(a + 1, (size_t)(end - a - 1));
		a = *end ? end : NULL;
	}
	f->kind = (enum da_tpl_filter_kind)k;
	f->arg1 = rest[0];
	f->arg2 = rest[1];
	if (args != filter_args[k] || a) {
		*why = da_xasprintf("filter '%s' takes %d argument%s", da_tpl_filter_names[k],
				    filter_args[k], filter_args[k] == 1 ? "" : "s");
		return -1;
	}
	if ((f->kind == DA_TPL_F_NOT_IN || f->kind == DA_TPL_F_IN || f->kind == DA_TPL_F_BEFORE) &&
	    !*f->arg1) {
		if (f->kind == DA_TPL_F_BEFORE) {
			*why = da_xstrdup("filter 'before' needs the separator");
			return -1;
		}
		*why = da_xasprintf("filter '%s' needs the id of a Value", da_tpl_filter_names[k]);
		return -1;
	}
	if (f->kind == DA_TPL_F_MAP && !map_ok(f->arg1)) {
		*why = da_xasprintf("filter 'map' needs FROM=TO pairs separated by commas, not '%s'",
				    f->arg1);
		return -1;
	}
	return 0;
}

/* The placeholder between the braces, BODY, into a new part of T. */
static int parse_placeholder(struct da_template *t, const char *body, int for_each, char **why)
{
	char *copy = da_xstrdup(body), *bar = strchr(copy, '|'), *expr = copy, *next;
	struct da_tpl_part *p;
	enum da_tpl_scope scope;
	int rc = -1;

	if (bar)
		*bar = '\0';
	if (strcmp(expr, "name") == 0 || strcmp(expr, "id") == 0) {
		scope = strcmp(expr, "name") == 0 ? DA_TPL_NAME : DA_TPL_ID;
	} else if (*expr == '$' || *expr == '@') {
		scope = *expr == '$' ? DA_TPL_ROOT : DA_TPL_ELEMENT;
		expr++;
	} else {
		scope = DA_TPL_SUBJECT;
	}
	if (scope == DA_TPL_ELEMENT && !for_each) {
		*why = da_xasprintf("{@%s} needs a for-each attribute on the message", expr);
		goto out;
	}
	if (scope != DA_TPL_NAME && scope != DA_TPL_ID &&
	    ((scope == DA_TPL_SUBJECT && !*expr) || !da_tpl_pointer_ok(expr))) {
		*why = da_xasprintf("placeholder {%s} is not name, id, a JSON pointer, or $ or @ and one",
				    body);
		goto out;
	}
	p = new_part(t, scope);
	p->text = scope == DA_TPL_NAME || scope == DA_TPL_ID ? NULL : da_xstrdup(expr);
	for (; bar; bar = next) {
		next = strchr(bar + 1, '|');
		if (next)
			*next = '\0';
		p->filters = da_xreallocarray(p->filters, p->n_filters + 1, sizeof(*p->filters));
		memset(&p->filters[p->n_filters], 0, sizeof(*p->filters));
		if (parse_filter(bar + 1, &p->filters[p->n_filters++], why) < 0)
			goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

static void flush_text(struct da_template *t, struct da_buf *lit)
{
	if (!lit->len)
		return;
	new_part(t, DA_TPL_TEXT)->text = da_buf_take(lit);
	da_buf_init(lit, 0);
}

int da_template_parse(const char *src, int for_each, struct da_template **out, char **why)
{
	struct da_template *t = da_xcalloc(1, sizeof(*t));
	struct da_buf lit;
	const char *s = src, *close;
	char *body;
	int rc = -1;

	*out = t;
	*why = NULL;
	t->source = da_xstrdup(src);
	da_buf_init(&lit, 0);
	while (*s) {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			da_buf_append(&lit, s, 1);
			s += 2;
		} else if (*s == '}') {
			*why = da_xstrdup("'}' without '{' (write }} for a brace)");
			goto out;
		} else if (*s == '{') {
			close = strchr(s, '}');
			if (!close || memchr(s + 1, '{', (size_t)(close - s - 1))) {
				*why = da_xstrdup("'{' without its '}' (write {{ for a brace)");
				goto out;
			}
			flush_text(t, &lit);
			body = da_xstrndup(s + 1, (size_t)(close - s - 1));
			rc = parse_placeholder(t, body, for_each, why);
			free(body);
			if (rc < 0)
				goto out;
			rc = -1;
			s = close + 1;
		} else {
			da_buf_append(&lit, s++, 1);
		}
	}
	flush_text(t, &lit);
	rc = 0;
out:
	da_buf_free(&lit);
	return rc;
}
