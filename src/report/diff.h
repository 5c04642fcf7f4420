/*
 * Two saved results compared, rule by rule and subject by subject: what
 * fails now that did not (a new failure), what failed and no longer does
 * (fixed, or gone with its subject), what still fails, rules the benchmark
 * gained or lost, and each score model's change. `dockaudit diff` prints
 * it as text or writes it as JSON ("dockaudit-diff", docs/JSON.md).
 */
#ifndef DA_REPORT_DIFF_H
#define DA_REPORT_DIFF_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "common/err.h"
#include "engine/result.h"
#include "report/load.h"

/* One rule and subject whose result changed (or, for STILL, did not).
 * An instance pointer is NULL when that side had no such subject; both
 * are NULL when the rule has no subjects and the rule's own result is
 * meant. Everything is borrowed from the two saved results. */
struct da_diff_item {
	const struct da_rule_result *old_rr; /* NULL: the rule is new */
	const struct da_rule_result *new_rr; /* NULL: the rule was removed */
	const struct da_instance *old_in;
	const struct da_instance *new_in;
	enum da_result old_res;              /* meaningful when OLD_PRESENT */
	enum da_result new_res;              /* meaningful when NEW_PRESENT */
	bool old_present, new_present;       /* false: the subject (or rule) did not exist */
};

struct da_diff_list {
	struct da_diff_item *items;
	size_t n;
};

struct da_diff {
	const struct da_saved *old, *new; /* borrowed */
	struct da_diff_list new_failures; /* fail or error now, not before */
	struct da_diff_list fixed;        /* fail or error before, not now (or gone) */
	struct da_diff_list still;        /* fail or error on both sides */
	struct da_diff_list added;        /* rules only NEW lists (rule-level items) */
	struct da_diff_list removed;      /* rules only OLD lists */
	bool score_worse[DA_SCORE_MODEL_COUNT]; /* the model's score went down */
	bool worse;                       /* any new failure or any lower score */
};

/* Compare OLD with NEW. Both must be results of the same benchmark id;
 * otherwise -1 with ERR naming both files and ids. 0 and *OUT (free with
 * da_diff_free). */
int da_diff_compute(const struct da_saved *old, const struct da_saved *new,
		    struct da_diff **out, struct da_err *err);
/* NULL-safe. */
void da_diff_free(struct da_diff *d);

/* D as readable text, grouped by section; COLOR for a terminal; VERBOSE
 * lists what still fails instead of counting it. Host text is cleaned. */
void da_diff_write_text(const struct da_diff *d, FILE *out, bool color, bool verbose);
/* D as a "dockaudit-diff" document (docs/JSON.md); caller decrefs. */
json_t *da_diff_json(const struct da_diff *d);

#endif
