/*
 * The evaluate stage: apply a benchmark (with a profile) to a fact document
 * and produce results and scores. Pure: it reads facts, never the host.
 */
#ifndef DA_EVAL_H
#define DA_EVAL_H

#include <jansson.h>

#include "common/err.h"
#include "content/benchmark.h"
#include "engine/result.h"

struct da_eval_opts {
	const char *profile_id; /* NULL: the benchmark's default selection */
};

/* Evaluate every rule of BENCH against FACTS. Rules not selected get
 * notselected. Returns -1 with ERR only for an unknown profile id. *OUT is
 * freed with da_results_free; it borrows BENCH and FACTS. */
int da_evaluate(const struct da_benchmark *bench, const json_t *facts,
		const struct da_eval_opts *opts, struct da_results **out, struct da_err *err);

/* Whether rule ITEM is selected under PROFILE (NULL: default selection). */
bool da_rule_selected(const struct da_item *item, const struct da_profile *profile);

/* The value of XCCDF Value ID under PROFILE's refine-values (borrowed), or
 * NULL if there is no such Value. */
const char *da_value_resolve(const struct da_benchmark *bench, const struct da_profile *profile,
			     const char *id);

#endif
