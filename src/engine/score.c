/*
 * XCCDF 1.2 scoring (section 7.3): pure functions of the rule results and
 * the benchmark's group tree. The default model averages rule scores
 * (100 pass, 0 otherwise) up the tree by weight; the flat models sum rule
 * weights; absolute is 1 only when every counted rule passed.
 */
#include "engine/score.h"

#include <stdbool.h>

/* A group's (or rule's) contribution in the default model. */
struct node_score {
	double score;
	bool counted;
};

/* The rule results that take part in scoring at all. */
static bool result_counts(enum da_result res)
{
	return res != DA_RES_NOTAPPLICABLE && res != DA_RES_NOTCHECKED &&
	       res != DA_RES_INFORMATIONAL && res != DA_RES_NOTSELECTED;
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

	if (!rr || !result_counts(rr->result))
		return s;
	s.counted = true;
	s.score = result_passes(rr->result) ? 100.0 : 0.0;
	return s;
}

/* Weighted average of the counted children; counted if any child is. */
static struct node_score score_group(const struct da_results *r, const struct da_item *group)
{
	struct node_score s = { 0, false }, kid;
	double sum = 0, weights = 0;
	size_t i;

	for (i = 0; i < group->n_children; i++) {
		kid = score_item(r, group->children[i]);
		if (!kid.counted)
			continue;
		s.counted = true;
		sum += kid.score * group->children[i]->weight;
		weights += group->children[i]->weight;
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

/* Flat models: rule weights (or 1 each) of passing vs. counted rules. */
static struct da_score score_flat(const struct da_results *r, enum da_score_model m)
{
	struct da_score s = { m, 0, 0 };
	const struct da_rule_result *rr;
	double w;
	size_t i;

	for (i = 0; i < r->n_rules; i++) {
		rr = &r->rules[i];
		if (!result_counts(rr->result))
			continue;
		w = m == DA_SCORE_FLAT_UNWEIGHTED ? 1.0 : rr->item->weight;
		s.max += w;
		if (result_passes(rr->result))
			s.score += w;
	}
	return s;
}

static struct da_score score_absolute(const struct da_results *r)
{
	struct da_score flat = score_flat(r, DA_SCORE_FLAT);
	struct da_score s = { DA_SCORE_ABSOLUTE, 0, 1 };

	s.score = flat.max > 0 && flat.score == flat.max ? 1 : 0;
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

void da_score_all(struct da_results *r)
{
	int m;

	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++)
		r->scores[m] = da_score_compute(r, (enum da_score_model)m);
}
