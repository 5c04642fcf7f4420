/*
 * XCCDF 1.2 scoring (section 7.3): pure functions of the rule results and
 * the benchmark's group tree. The default model averages rule scores
 * (100 pass, 0 otherwise) up the tree by weight; the flat models sum rule
 * weights; absolute is 1 only when every counted rule passed. Weights are
 * the refined ones (refine-rule); unscored rules count in no model.
 */
#include "engine/score.h"

#include <stdbool.h>
#include <string.h>

#include "engine/eval.h"

/* A group's (or rule's) contribution in the default model. */
struct node_score {
	double score;
	bool counted;
};

/* The rule results that take part in scoring at all: not those of
 * unscored rules, nor the result words XCCDF leaves out. */
static bool result_counts(const struct da_rule_result *rr)
{
	enum da_result res = rr->result;

	return rr->role != DA_ROLE_UNSCORED && res != DA_RES_NOTAPPLICABLE &&
	       res != DA_RES_NOTCHECKED && res != DA_RES_INFORMATIONAL &&
	       res != DA_RES_NOTSELECTED;
}

static bool result_passes(enum da_result res)
{
	return res == DA_RES_PASS || res == DA_RES_FIXED;
}

static const struct da_rule_result *find_result(const struct da_results *r,
						 const struct da_item *item)
{
	size_t i;

	for (i = 0; i < r->n_rules; i++)
		if (r->rules[i].item == item)
			return &r->rules[i];
	return NULL;
}

static struct node_score score_item(const struct da_results *r, const struct da_item *item);

static struct node_score score_rule(const struct da_results *r, const struct da_item *item)
{
	const struct da_rule_result *rr = find_result(r, item);
	struct node_score s = { 0, false };

	if (!rr || !result_counts(rr))
		return s;
	s.counted = true;
	s.score = result_passes(rr->result) ? 100.0 : 0.0;
	return s;
}

/* An item's weight: a rule's as its result records it, a group's under
 * the profile. */
static double item_weight(const struct da_results *r, const struct da_item *item)
{
	const struct da_rule_result *rr;

	if (item->kind == DA_ITEM_RULE && (rr = find_result(r, item)))
		return rr->weight;
	return da_item_refined(item, r->profile).weight;
}

/* Weighted average of the counted children; counted if any child is. */
static struct node_score score_group(const struct da_results *r, const struct da_item *group)
{
	struct node_score s = { 0, false }, kid;
	double sum = 0, weights = 0, w;
	size_t i;

	for (i = 0; i < group->n_children; i++) {
		kid = score_item(r, group->children[i]);
		if (!kid.counted)
			continue;
		w = item_weight(r, group->children[i]);
		s.counted = true;
		sum += kid.score * w;
		weights += w;
	}
	s.score = weights > 0 ? sum / weights : 0;
	return s;
}

static struct node_score score_item(const struct da_results *r, const struct da_item *item)
{
	if (item->kind == DA_ITEM_RULE)
		return score_rule(r, item);
	return score_group(r, item);
}

static struct da_score score_default(const struct da_results *r)
{
	struct da_score s = { DA_SCORE_DEFAULT, 0, 100 };

	if (r->bench)
		s.score = score_group(r, &r->bench->root).score;
	return s;
}

/* Flat models: rule weights of passing vs. counted rules. Unweighted,
 * every weight but 0 is taken as 1 (a weight of 0 stays 0). */
static struct da_score score_flat(const struct da_results *r, enum da_score_model m)
{
	struct da_score s = { m, 0, 0 };
	const struct da_rule_result *rr;
	double w;
	size_t i;

	for (i = 0; i < r->n_rules; i++) {
		rr = &r->rules[i];
		if (!result_counts(rr))
			continue;
		w = rr->weight;
		if (m == DA_SCORE_FLAT_UNWEIGHTED && w != 0)
			w = 1.0;
		s.max += w;
		if (result_passes(rr->result))
			s.score += w;
	}
	return s;
}

/* 1 when the flat score equals the flat maximum (so also when nothing was
 * counted: no counted rule failed), else 0. */
static struct da_score score_absolute(const struct da_results *r)
{
	struct da_score flat = score_flat(r, DA_SCORE_FLAT);
	struct da_score s = { DA_SCORE_ABSOLUTE, 0, 1 };

	s.score = flat.score == flat.max ? 1 : 0;
	return s;
}

struct da_score da_score_compute(const struct da_results *r, enum da_score_model m)
{
	struct da_score none = { m, 0, 0 };

	switch (m) {
	case DA_SCORE_DEFAULT:
		return score_default(r);
	case DA_SCORE_FLAT:
	case DA_SCORE_FLAT_UNWEIGHTED:
		return score_flat(r, m);
	case DA_SCORE_ABSOLUTE:
		return score_absolute(r);
	default:
		return none;
	}
}

int da_score_model_parse(const char *name)
{
	int m;

	for (m = 0; name && m < DA_SCORE_MODEL_COUNT; m++)
		if (strcmp(da_score_model_name((enum da_score_model)m), name) == 0)
			return m;
	return -1;
}

void da_score_all(struct da_results *r)
{
	int m;

	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++)
		r->scores[m] = da_score_compute(r, (enum da_score_model)m);
}
