/*
 * The check operators of docs/CHECKS.md: one const descriptor each, all
 * listed in da_ops[] (the XSD's op enumeration must list the same names).
 * Each compares a JSON fact with the operand text from the content. A fact
 * of the wrong type or a malformed operand is an error whose message says
 * what was wrong; it is never a silent pass or fail.
 */
#include "engine/ops.h"

#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

/* Evidence stays short: long strings and arrays are cut. */
#define BRIEF_STR_MAX 200
#define BRIEF_ITEMS_MAX 32
/* Separators of list operands (in, not-in, subset-of). */
#define LIST_SEPS ", \t\r\n\f\v"
#define MODE_MAX 07777

static const enum da_tri tri_true = DA_TRI_TRUE;
static const enum da_tri tri_false = DA_TRI_FALSE;

static enum da_tri fail(char **why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static enum da_tri fail(char **why, const char *fmt, ...)
{
	struct da_buf b;
	va_list ap;

	da_buf_init(&b, 0);
	va_start(ap, fmt);
	da_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	*why = da_buf_take(&b);
	return DA_TRI_ERROR;
}

static enum da_tri negate(enum da_tri t)
{
	if (t == DA_TRI_ERROR)
		return t;
	return t == DA_TRI_TRUE ? DA_TRI_FALSE : DA_TRI_TRUE;
}

static void brief_into(struct da_buf *b, const json_t *v);

static void brief_string(struct da_buf *b, const json_t *v)
{
	size_t n = json_string_length(v);

	if (n <= BRIEF_STR_MAX) {
		da_buf_append(b, json_string_value(v), n);
		return;
	}
	/* Cut on a character boundary: jansson strings are valid UTF-8, so
	 * back up over continuation bytes. */
	n = BRIEF_STR_MAX;
	while (n > 0 && ((unsigned char)json_string_value(v)[n] & 0xc0) == 0x80)
		n--;
	da_buf_append(b, json_string_value(v), n);
	da_buf_puts(b, "...");
}

static void brief_array(struct da_buf *b, const json_t *v)
{
	size_t i, n = json_array_size(v);

	da_buf_puts(b, "[");
	for (i = 0; i < n && i < BRIEF_ITEMS_MAX; i++) {
		if (i)
			da_buf_puts(b, ", ");
		brief_into(b, json_array_get(v, i));
	}
	if (n > BRIEF_ITEMS_MAX)
		da_buf_printf(b, ", ... (%zu more)", n - BRIEF_ITEMS_MAX);
	da_buf_puts(b, "]");
}

static void brief_into(struct da_buf *b, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		brief_string(b, v);
		break;
	case JSON_INTEGER:
		da_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		da_buf_printf(b, "%.15g", json_real_value(v));
		break;
	case JSON_TRUE:
		da_buf_puts(b, "true");
		break;
	case JSON_FALSE:
		da_buf_puts(b, "false");
		break;
	case JSON_NULL:
		da_buf_puts(b, "null");
		break;
	case JSON_ARRAY:
		brief_array(b, v);
		break;
	case JSON_OBJECT:
		da_buf_puts(b, json_object_size(v) ? "{...}" : "{}");
		break;
	}
}

char *da_json_brief(const json_t *v)
{
	struct da_buf b;

	da_buf_init(&b, 0);
	if (v)
		brief_into(&b, v);
	return da_buf_take(&b);
}

/* "string \"yes\"", "integer 5", "array [a, b]": a fact as error messages show it. */
static char *describe(const json_t *v)
{
	static const char *const names[] = {
		[JSON_OBJECT] = "object", [JSON_ARRAY] = "array", [JSON_STRING] = "string",
		[JSON_INTEGER] = "integer", [JSON_REAL] = "real", [JSON_TRUE] = "boolean",
		[JSON_FALSE] = "boolean", [JSON_NULL] = "null",
	};
	char *brief, *s;

	if (json_is_null(v))
		return da_xstrdup("null");
	brief = da_json_brief(v);
	if (json_is_string(v))
		s = da_xasprintf("string \"%s\"", brief);
	else
		s = da_xasprintf("%s %s", names[json_typeof(v)], brief);
	free(brief);
	return s;
}

static enum da_tri wrong_type(const json_t *v, const char *expected, char **why)
{
	char *d = describe(v);

	fail(why, "expected %s, found %s", expected, d);
	free(d);
	return DA_TRI_ERROR;
}

/* A JSON-style decimal number: no hex, inf, nan or surrounding space. */
struct number {
	bool is_int;
	json_int_t i;
	double d;
};

static int parse_number(const char *s, struct number *n)
{
	char *end;

	if (!*s || strspn(s, "0123456789+-.eE") != strlen(s))
		return -EINVAL;
	errno = 0;
	n->i = strtoll(s, &end, 10);
	n->is_int = !*end && errno == 0;
	errno = 0;
	n->d = strtod(s, &end);
	if (*end || !isfinite(n->d))
		return -EINVAL;
	return 0;
}

/* -1, 0, 1 as FACT (a JSON number) is below, equal to or above N. */
static int number_cmp(const json_t *fact, const struct number *n)
{
	double d;

	if (json_is_integer(fact) && n->is_int) {
		json_int_t i = json_integer_value(fact);

		return (i > n->i) - (i < n->i);
	}
	d = json_number_value(fact);
	return (d > n->d) - (d < n->d);
}

static bool string_is(const json_t *fact, const char *s)
{
	size_t n = strlen(s);

	return json_string_length(fact) == n && memcmp(json_string_value(fact), s, n) == 0;
}

static enum da_tri bool_equals(const json_t *fact, const char *operand, char **why)
{
	if (strcmp(operand, "true") && strcmp(operand, "false"))
		return fail(why, "operand \"%s\" is not true or false (the fact is a boolean)",
			    operand);
	return json_is_true(fact) == (strcmp(operand, "true") == 0);
}

static enum da_tri number_equals(const json_t *fact, const char *operand, char **why)
{
	struct number n;

	if (parse_number(operand, &n) < 0)
		return fail(why, "operand \"%s\" is not a number (the fact is a number)", operand);
	return number_cmp(fact, &n) == 0;
}

/* Compare a scalar FACT with OPERAND as a value of the fact's JSON type. */
static enum da_tri scalar_equals(const json_t *fact, const char *operand, char **why)
{
	switch (json_typeof(fact)) {
	case JSON_TRUE:
	case JSON_FALSE:
		return bool_equals(fact, operand, why);
	case JSON_INTEGER:
	case JSON_REAL:
		return number_equals(fact, operand, why);
	case JSON_STRING:
		return string_is(fact, operand);
	case JSON_NULL:
		return strcmp(operand, "null") == 0;
	default:
		return wrong_type(fact, "a boolean, number, string or null", why);
	}
}

static enum da_tri op_exists(const json_t *actual, const char *operand, char **why)
{
	return DA_TRI_TRUE;
}

static enum da_tri op_absent(const json_t *actual, const char *operand, char **why)
{
	return DA_TRI_FALSE;
}

static enum da_tri op_equals(const json_t *actual, const char *operand, char **why)
{
	return scalar_equals(actual, operand, why);
}

static enum da_tri op_not_equals(const json_t *actual, const char *operand, char **why)
{
	return negate(scalar_equals(actual, operand, why));
}

static enum da_tri regex_matches(const json_t *actual, const char *pattern, char **why)
{
	char msg[256];
	regex_t re;
	int rc;

	if (!json_is_string(actual))
		return wrong_type(actual, "a string", why);
	rc = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		regerror(rc, &re, msg, sizeof(msg));
		regfree(&re);
		return fail(why, "bad regular expression \"%s\": %s", pattern, msg);
	}
	rc = regexec(&re, json_string_value(actual), 0, NULL, 0);
	regfree(&re);
	if (rc == 0)
		return DA_TRI_TRUE;
	if (rc == REG_NOMATCH)
		return DA_TRI_FALSE;
	return fail(why, "regular expression \"%s\" could not be applied", pattern);
}

static enum da_tri op_matches(const json_t *actual, const char *operand, char **why)
{
	return regex_matches(actual, operand, why);
}

static enum da_tri op_not_matches(const json_t *actual, const char *operand, char **why)
{
	return negate(regex_matches(actual, operand, why));
}

/* The next item of a list operand, copied (caller frees), or NULL at the end. */
static char *next_item(const char **p)
{
	size_t n;

	*p += strspn(*p, LIST_SEPS);
	n = strcspn(*p, LIST_SEPS);
	if (!n)
		return NULL;
	*p += n;
	return da_xstrndup(*p - n, n);
}

static enum da_tri in_list(const json_t *actual, const char *list, char **why)
{
	enum da_tri t = DA_TRI_FALSE;
	char *item;

	if (json_is_array(actual) || json_is_object(actual))
		return wrong_type(actual, "a scalar", why);
	while (t == DA_TRI_FALSE && (item = next_item(&list))) {
		t = scalar_equals(actual, item, why);
		free(item);
	}
	return t;
}

static enum da_tri op_in(const json_t *actual, const char *operand, char **why)
{
	return in_list(actual, operand, why);
}

static enum da_tri op_not_in(const json_t *actual, const char *operand, char **why)
{
	return negate(in_list(actual, operand, why));
}

static bool list_has(const char *list, const json_t *s)
{
	bool found = false;
	char *item;

	while (!found && (item = next_item(&list))) {
		found = string_is(s, item);
		free(item);
	}
	return found;
}

static enum da_tri op_subset_of(const json_t *actual, const char *operand, char **why)
{
	const json_t *v;
	size_t i;
	char *d;

	if (!json_is_array(actual))
		return wrong_type(actual, "an array of strings", why);
	json_array_foreach(actual, i, v) {
		if (!json_is_string(v)) {
			d = describe(v);
			fail(why, "expected an array of strings, found %s at index %zu", d, i);
			free(d);
			return DA_TRI_ERROR;
		}
	}
	json_array_foreach(actual, i, v) {
		if (!list_has(operand, v))
			return DA_TRI_FALSE;
	}
	return DA_TRI_TRUE;
}

/* The items of ACTUAL (an array of strings) that are not in the list. */
static char *explain_subset_of(const json_t *actual, const char *operand)
{
	struct da_buf b;
	const json_t *v;
	size_t i, n = 0;

	da_buf_init(&b, 0);
	da_buf_puts(&b, "has ");
	json_array_foreach(actual, i, v) {
		if (!json_is_string(v) || list_has(operand, v))
			continue;
		if (n++ < 16)
			da_buf_printf(&b, "%s%s", n > 1 ? ", " : "", json_string_value(v));
	}
	if (n > 16)
		da_buf_printf(&b, ", (%zu more)", n - 16);
	da_buf_puts(&b, n == 1 ? ", which is not in the list" : ", which are not in the list");
	return da_buf_take(&b);
}

/* An array item of another type than the operand can express never matches. */
static bool item_equals(const json_t *item, const char *operand)
{
	char *why = NULL;
	enum da_tri t = scalar_equals(item, operand, &why);

	free(why);
	return t == DA_TRI_TRUE;
}

static enum da_tri contains(const json_t *actual, const char *operand, char **why)
{
	const json_t *v;
	size_t i;

	if (json_is_string(actual))
		return strstr(json_string_value(actual), operand) != NULL;
	if (!json_is_array(actual))
		return wrong_type(actual, "an array or a string", why);
	json_array_foreach(actual, i, v) {
		if (item_equals(v, operand))
			return DA_TRI_TRUE;
	}
	return DA_TRI_FALSE;
}

static enum da_tri op_contains(const json_t *actual, const char *operand, char **why)
{
	return contains(actual, operand, why);
}

static enum da_tri op_not_contains(const json_t *actual, const char *operand, char **why)
{
	return negate(contains(actual, operand, why));
}

/* An octal permission string ("0644", "644"); -EINVAL if it is not one. */
static int parse_mode(const char *s, unsigned long *mode)
{
	char *end;

	if (!*s || strlen(s) > 8 || strspn(s, "01234567") != strlen(s))
		return -EINVAL;
	*mode = strtoul(s, &end, 8);
	return *mode <= MODE_MAX ? 0 : -EINVAL;
}

static int fact_mode(const json_t *actual, unsigned long *mode)
{
	json_int_t i;

	if (json_is_string(actual))
		return parse_mode(json_string_value(actual), mode);
	if (!json_is_integer(actual))
		return -EINVAL;
	i = json_integer_value(actual);
	if (i < 0 || i > MODE_MAX)
		return -EINVAL;
	*mode = (unsigned long)i;
	return 0;
}

static enum da_tri op_mode_at_most(const json_t *actual, const char *operand, char **why)
{
	unsigned long mode, max;

	if (fact_mode(actual, &mode) < 0)
		return wrong_type(actual, "a mode (an octal string such as \"0644\", or an integer)",
				  why);
	if (parse_mode(operand, &max) < 0)
		return fail(why, "operand \"%s\" is not an octal mode such as \"0644\"", operand);
	return (mode & ~max & MODE_MAX) == 0;
}

/* Compare a JSON number with a numeric operand: -1, 0, 1, or 2 on error. */
static int numeric(const json_t *actual, const char *operand, char **why)
{
	struct number n;

	if (!json_is_number(actual)) {
		wrong_type(actual, "a number", why);
		return 2;
	}
	if (parse_number(operand, &n) < 0) {
		fail(why, "operand \"%s\" is not a number", operand);
		return 2;
	}
	return number_cmp(actual, &n);
}

static enum da_tri op_less_than(const json_t *actual, const char *operand, char **why)
{
	int c = numeric(actual, operand, why);

	return c == 2 ? DA_TRI_ERROR : c < 0;
}

static enum da_tri op_less_or_equal(const json_t *actual, const char *operand, char **why)
{
	int c = numeric(actual, operand, why);

	return c == 2 ? DA_TRI_ERROR : c <= 0;
}

static enum da_tri op_greater_than(const json_t *actual, const char *operand, char **why)
{
	int c = numeric(actual, operand, why);

	return c == 2 ? DA_TRI_ERROR : c > 0;
}

static enum da_tri op_greater_or_equal(const json_t *actual, const char *operand, char **why)
{
	int c = numeric(actual, operand, why);

	return c == 2 ? DA_TRI_ERROR : c >= 0;
}

/* Null, "", [] and {} are empty; a number or a boolean is a value, never
 * empty (Docker reports an unset limit as null, a set one as a number). */
static enum da_tri empty(const json_t *actual, char **why)
{
	(void)why;
	switch (json_typeof(actual)) {
	case JSON_NULL:
		return DA_TRI_TRUE;
	case JSON_STRING:
		return json_string_length(actual) == 0;
	case JSON_ARRAY:
		return json_array_size(actual) == 0;
	case JSON_OBJECT:
		return json_object_size(actual) == 0;
	default:
		return DA_TRI_FALSE;
	}
}

static enum da_tri op_empty(const json_t *actual, const char *operand, char **why)
{
	return empty(actual, why);
}

static enum da_tri op_not_empty(const json_t *actual, const char *operand, char **why)
{
	return negate(empty(actual, why));
}

static const struct da_op op_exists_d = {
	.name = "exists",
	.summary = "the fact is present (absence is never an error)",
	.needs_operand = false,
	.eval = op_exists,
	.on_absent = &tri_false,
};

static const struct da_op op_absent_d = {
	.name = "absent",
	.summary = "the fact is not present",
	.needs_operand = false,
	.eval = op_absent,
	.on_absent = &tri_true,
};

static const struct da_op op_equals_d = {
	.name = "equals",
	.summary = "equals the operand, compared as the fact's JSON type",
	.needs_operand = true,
	.eval = op_equals,
};

static const struct da_op op_not_equals_d = {
	.name = "not-equals",
	.summary = "does not equal the operand (compared as for equals)",
	.needs_operand = true,
	.eval = op_not_equals,
};

static const struct da_op op_matches_d = {
	.name = "matches",
	.summary = "a string matching the POSIX extended regular expression",
	.needs_operand = true,
	.eval = op_matches,
};

static const struct da_op op_not_matches_d = {
	.name = "not-matches",
	.summary = "a string not matching the POSIX extended regular expression",
	.needs_operand = true,
	.eval = op_not_matches,
};

static const struct da_op op_in_d = {
	.name = "in",
	.summary = "a scalar equal to one of the operand's items (comma or space separated)",
	.needs_operand = true,
	.eval = op_in,
};

static const struct da_op op_not_in_d = {
	.name = "not-in",
	.summary = "a scalar equal to none of the operand's items",
	.needs_operand = true,
	.eval = op_not_in,
};

static const struct da_op op_subset_of_d = {
	.name = "subset-of",
	.summary = "an array of strings whose items are all in the operand list",
	.needs_operand = true,
	.eval = op_subset_of,
	.explain = explain_subset_of,
};

static const struct da_op op_contains_d = {
	.name = "contains",
	.summary = "an array with the operand as an item, or a string with it as a substring",
	.needs_operand = true,
	.eval = op_contains,
};

static const struct da_op op_not_contains_d = {
	.name = "not-contains",
	.summary = "an array without the operand as an item, or a string without it as a substring",
	.needs_operand = true,
	.eval = op_not_contains,
};

static const struct da_op op_mode_at_most_d = {
	.name = "mode-at-most",
	.summary = "a mode (octal string or integer) with no permission bit the operand lacks",
	.needs_operand = true,
	.eval = op_mode_at_most,
};

static const struct da_op op_less_than_d = {
	.name = "less-than",
	.summary = "a number below the operand",
	.needs_operand = true,
	.eval = op_less_than,
};

static const struct da_op op_less_or_equal_d = {
	.name = "less-or-equal",
	.summary = "a number at most the operand",
	.needs_operand = true,
	.eval = op_less_or_equal,
};

static const struct da_op op_greater_than_d = {
	.name = "greater-than",
	.summary = "a number above the operand",
	.needs_operand = true,
	.eval = op_greater_than,
};

static const struct da_op op_greater_or_equal_d = {
	.name = "greater-or-equal",
	.summary = "a number at least the operand",
	.needs_operand = true,
	.eval = op_greater_or_equal,
};

static const struct da_op op_empty_d = {
	.name = "empty",
	.summary = "null, \"\", [] or {}",
	.needs_operand = false,
	.eval = op_empty,
};

static const struct da_op op_not_empty_d = {
	.name = "not-empty",
	.summary = "not null, \"\", [] or {} (numbers and booleans are never empty)",
	.needs_operand = false,
	.eval = op_not_empty,
};

const struct da_op *const da_ops[] = {
	&op_exists_d,
	&op_absent_d,
	&op_equals_d,
	&op_not_equals_d,
	&op_matches_d,
	&op_not_matches_d,
	&op_in_d,
	&op_not_in_d,
	&op_subset_of_d,
	&op_contains_d,
	&op_not_contains_d,
	&op_mode_at_most_d,
	&op_less_than_d,
	&op_less_or_equal_d,
	&op_greater_than_d,
	&op_greater_or_equal_d,
	&op_empty_d,
	&op_not_empty_d,
	NULL,
};

const struct da_op *da_op_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; da_ops[i]; i++) {
		if (strcmp(da_ops[i]->name, name) == 0)
			return da_ops[i];
	}
	return NULL;
}
