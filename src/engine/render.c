/*
 * A message template over the facts: each placeholder's fact looked up,
 * passed through its filters (each a small function from a JSON value to
 * a JSON value), then written as words. Filters work on jansson values so
 * they chain: {/caps/effective|not-in:VALUE|or:none}.
 */
#include "engine/render.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "engine/eval.h"
#include "engine/ops.h"
#include "facts/facts.h"

#define UNSET "unset"

/* A borrowed-or-owned value: filters take a reference and give one. */
static json_t *ref(const json_t *v)
{
	return v ? json_incref((json_t *)v) : NULL;
}

static bool is_blank(const json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && !json_string_length(v)) ||
	       (json_is_array(v) && !json_array_size(v));
}

/* The items of array V that are (IN) or are not in the list of Value ID. */
static json_t *filter_list(json_t *v, const struct da_tpl_filter *f, const struct da_render_ctx *cx,
			   bool in)
{
	const char *list = da_value_resolve(cx->bench, cx->profile, f->arg1);
	const struct da_op *op = da_op_find("in");
	json_t *out, *item;
	char *why = NULL;
	size_t i;

	if (!json_is_array(v) || !list || !op)
		return v;
	out = json_array();
	json_array_foreach(v, i, item) {
		enum da_tri t = op->eval(item, list, &why);

		free(why);
		why = NULL;
		if (t != DA_TRI_ERROR && (t == DA_TRI_TRUE) == in)
			json_array_append(out, item);
	}
	json_decref(v);
	return out;
}

/* A scalar V through map PAIRS: strings as they are, booleans and numbers
 * as evidence writes them. Unmapped: V itself. */
static json_t *map_value(json_t *v, const char *pairs)
{
	const char *to;
	char *key;
	size_t len;

	if (!v || json_is_array(v) || json_is_object(v))
		return v;
	key = json_is_string(v) ? da_xstrdup(json_string_value(v)) : da_json_brief(v);
	to = da_tpl_map(pairs, key, &len);
	free(key);
	return to ? json_stringn(to, len) : v;
}

static json_t *apply(json_t *v, const struct da_tpl_filter *f, const struct da_render_ctx *cx)
{
	json_t *out = v;

	switch (f->kind) {
	case DA_TPL_F_OR:
		if (is_blank(v))
			out = json_string(f->arg1);
		break;
	case DA_TPL_F_BOOL:
		if (json_is_boolean(v))
			out = json_string(json_is_true(v) ? f->arg1 : f->arg2);
		break;
	case DA_TPL_F_SOURCE:
		if (json_is_string(v))
			out = json_string(da_tpl_source_words(json_string_value(v)));
		else if (!v || json_is_null(v))
			out = json_string("not set");
		break;
	case DA_TPL_F_COUNT:
		out = json_integer(json_is_array(v)    ? (json_int_t)json_array_size(v)
				   : json_is_object(v) ? (json_int_t)json_object_size(v)
				   : v && !json_is_null(v) ? 1 : 0);
		break;
	case DA_TPL_F_MAP:
		out = map_value(v, f->arg1);
		break;
	case DA_TPL_F_BEFORE:
		if (json_is_string(v) && strstr(json_string_value(v), f->arg1))
			out = json_stringn(json_string_value(v),
					   (size_t)(strstr(json_string_value(v), f->arg1) -
						    json_string_value(v)));
		break;
	case DA_TPL_F_NOT_IN:
	case DA_TPL_F_IN:
		return filter_list(v, f, cx, f->kind == DA_TPL_F_IN);
	}
	if (out != v)
		json_decref(v);
	return out;
}

/* A scalar in words: strings as they are, the rest as evidence shows them. */
static void put_scalar(struct da_buf *b, const json_t *v)
{
	char *s;

	if (json_is_string(v)) {
		da_buf_puts(b, json_string_length(v) ? json_string_value(v) : "\"\"");
		return;
	}
	s = da_json_brief(v);
	da_buf_puts(b, s);
	free(s);
}

static void put_value(struct da_buf *b, const json_t *v)
{
	size_t i, n;

	if (!v || json_is_null(v)) {
		da_buf_puts(b, UNSET);
	} else if (json_is_array(v)) {
		n = json_array_size(v);
		if (!n)
			da_buf_puts(b, "none");
		for (i = 0; i < n && i < DA_RENDER_LIST_MAX; i++) {
			if (i)
				da_buf_puts(b, ", ");
			put_scalar(b, json_array_get(v, i));
		}
		if (n > DA_RENDER_LIST_MAX)
			da_buf_printf(b, " and %zu more", n - DA_RENDER_LIST_MAX);
	} else {
		put_scalar(b, v);
	}
}

static const json_t *lookup(const struct da_tpl_part *p, const struct da_render_ctx *cx)
{
	const json_t *base = p->scope == DA_TPL_ROOT      ? cx->root
			     : p->scope == DA_TPL_ELEMENT ? cx->element
							  : cx->subject;

	if (!base)
		return NULL;
	return *p->text ? da_facts_get(base, p->text) : base;
}

static void put_part(struct da_buf *b, const struct da_tpl_part *p, const struct da_render_ctx *cx)
{
	json_t *v;
	size_t i;

	if (p->scope == DA_TPL_TEXT) {
		da_buf_puts(b, p->text);
		return;
	}
	if (p->scope == DA_TPL_NAME || p->scope == DA_TPL_ID) {
		const char *s = p->scope == DA_TPL_NAME ? cx->name : cx->id;

		v = s ? json_string(s) : NULL;
	} else {
		v = ref(lookup(p, cx));
	}
	for (i = 0; i < p->n_filters; i++)
		v = apply(v, &p->filters[i], cx);
	put_value(b, v);
	json_decref(v);
}

char *da_render(const struct da_template *t, const struct da_render_ctx *cx)
{
	struct da_buf b;
	size_t i;

	da_buf_init(&b, 0);
	for (i = 0; t && i < t->n_parts; i++)
		put_part(&b, &t->parts[i], cx);
	return da_buf_take(&b);
}
