/*
 * Check operators: the generic comparisons a check's <test op="..."> names.
 * One const descriptor each in da_ops[]; content refers to them by name.
 */
#ifndef DA_OPS_H
#define DA_OPS_H

#include <jansson.h>
#include <stdbool.h>

enum da_tri { DA_TRI_FALSE = 0, DA_TRI_TRUE = 1, DA_TRI_ERROR = -1 };

struct da_op {
	/* MUST: the name used in content, e.g. "mode-at-most". */
	const char *name;
	/* MUST: one line for the man page and `--lint`. */
	const char *summary;
	/* MUST: whether the operand (value or value-ref) is required (true)
	 * or forbidden (false). */
	bool needs_operand;
	/* MUST: compare ACTUAL (never NULL; absence is handled by the engine,
	 * except for ops with ON_ABSENT set) with OPERAND (NULL iff
	 * !needs_operand). Returns TRUE/FALSE, or ERROR with *WHY set to an
	 * allocated message (caller frees) when the fact has the wrong type or
	 * the operand is malformed. */
	enum da_tri (*eval)(const json_t *actual, const char *operand, char **why);
	/* MAY: for existence tests, the result when the fact is absent. When
	 * NULL the engine applies the test's `missing` policy instead. */
	const enum da_tri *on_absent;
	/* MAY: after EVAL said FALSE, a phrase naming what in ACTUAL made it so,
	 * for the evidence ("has CAP_SYS_ADMIN outside the list"); caller frees.
	 * NULL (or when not set): the evidence shows ACTUAL as a whole. */
	char *(*explain)(const json_t *actual, const char *operand);
};

/* NULL-terminated, for lookup, the man page and the table test. */
extern const struct da_op *const da_ops[];

/* The operator called NAME, or NULL. */
const struct da_op *da_op_find(const char *name);

/* Render a JSON fact as short text for evidence (caller frees): strings
 * unquoted, arrays as "[a, b]", objects as "{...}". */
char *da_json_brief(const json_t *v);

#endif
