/*
 * The evaluate stage: apply a benchmark (with a profile) to a fact document
 * and produce results and scores. Pure: it reads facts, never the host.
 */
#ifndef DA_EVAL_H
#define DA_EVAL_H

#include <jansson.h>

#include "common/err.h"
#include "content/benchmark.h"
#include "content/tailoring.h"
#include "engine/result.h"

struct da_eval_opts {
	/* The profile: a full id or short name (see da_profile_find), of
	 * TAILORING or of the benchmark. NULL: the benchmark's default selection. */
	const char *profile_id;
	const struct da_tailoring *tailoring; /* NULL: none */
	enum da_score_model score_model;      /* copied to the results' score_model */
};

/* Evaluate every rule of BENCH against FACTS. Rules not selected get
 * notselected; rules whose role is unchecked get notchecked. Returns -1
 * with ERR only for an unknown profile id. *OUT is freed with
 * da_results_free; it borrows BENCH, the tailoring and FACTS. */
int da_evaluate(const struct da_benchmark *bench, const json_t *facts,
		const struct da_eval_opts *opts, struct da_results **out, struct da_err *err);

/* Whether rule ITEM is selected under PROFILE (NULL: default selection). */
bool da_rule_selected(const struct da_item *item, const struct da_profile *profile);

/* The value of XCCDF Value ID under PROFILE (borrowed): the last of its
 * set-value (the value given) and refine-value (the value of the selector
 * named) for ID, else the Value's default. NULL if there is no such Value. */
const char *da_value_resolve(const struct da_benchmark *bench, const struct da_profile *profile,
			     const char *id);

/* What refine-rule can change about an item. */
struct da_refined {
	enum da_severity severity; /* a Rule's; DA_SEV_UNKNOWN for a Group */
	double weight;
	enum da_role role;         /* a Rule's; DA_ROLE_FULL for a Group */
};

/* ITEM's severity, weight and role under PROFILE (NULL: its own): for
 * each, the last refine-rule for ITEM that sets it, else ITEM's own. */
struct da_refined da_item_refined(const struct da_item *item, const struct da_profile *profile);

/* Start a rule result: RR zeroed, then ITEM and its refined severity,
 * weight and role under PROFILE. For results built without da_evaluate. */
void da_rule_result_init(struct da_rule_result *rr, const struct da_item *item,
			 const struct da_profile *profile);

#endif
