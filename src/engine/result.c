/*
 * The vocabulary of results (XCCDF 1.2 result words and scoring model URIs)
 * as tables indexed by the enums of result.h, the roll-up of a rule's
 * instances, and the one free function for what da_evaluate hands back.
 */
#include "engine/result.h"

#include <stdlib.h>
#include <string.h>

static const char *const result_names[DA_RES_COUNT] = {
	[DA_RES_PASS] = "pass",
	[DA_RES_FAIL] = "fail",
	[DA_RES_ERROR] = "error",
	[DA_RES_UNKNOWN] = "unknown",
	[DA_RES_NOTAPPLICABLE] = "notapplicable",
	[DA_RES_NOTCHECKED] = "notchecked",
	[DA_RES_NOTSELECTED] = "notselected",
	[DA_RES_INFORMATIONAL] = "informational",
	[DA_RES_FIXED] = "fixed",
};

static const struct {
	const char *name;
	const char *uri;
} score_models[DA_SCORE_MODEL_COUNT] = {
	[DA_SCORE_DEFAULT] = { "default", "urn:xccdf:scoring:default" },
	[DA_SCORE_FLAT] = { "flat", "urn:xccdf:scoring:flat" },
	[DA_SCORE_FLAT_UNWEIGHTED] = { "flat-unweighted", "urn:xccdf:scoring:flat-unweighted" },
	[DA_SCORE_ABSOLUTE] = { "absolute", "urn:xccdf:scoring:absolute" },
};

const char *da_result_name(enum da_result r)
{
	if ((unsigned)r >= DA_RES_COUNT)
		return "unknown";
	return result_names[r];
}

int da_result_parse(const char *s)
{
	int i;

	if (!s)
		return -1;
	for (i = 0; i < DA_RES_COUNT; i++)
		if (strcmp(result_names[i], s) == 0)
			return i;
	return -1;
}

enum da_result da_result_roll_up(const struct da_instance *in, size_t n, bool original)
{
	static const enum da_result order[] = { DA_RES_FAIL, DA_RES_ERROR, DA_RES_UNKNOWN, DA_RES_PASS,
						 DA_RES_INFORMATIONAL, DA_RES_NOTCHECKED };
	enum da_result res;
	size_t i, k;

	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		for (i = 0; i < n; i++) {
			res = original && in[i].waiver ? in[i].original : in[i].result;
			if (res == order[k])
				return order[k];
		}
	}
	return DA_RES_NOTAPPLICABLE;
}

const char *da_score_model_name(enum da_score_model m)
{
	if ((unsigned)m >= DA_SCORE_MODEL_COUNT)
		return NULL;
	return score_models[m].name;
}

const char *da_score_model_uri(enum da_score_model m)
{
	if ((unsigned)m >= DA_SCORE_MODEL_COUNT)
		return NULL;
	return score_models[m].uri;
}

static void instance_clear(struct da_instance *in)
{
	free(in->kind);
	free(in->name);
	free(in->id);
	free(in->message);
	free(in->evidence);
}

static void rule_result_clear(struct da_rule_result *rr)
{
	size_t i;

	for (i = 0; i < rr->n_instances; i++)
		instance_clear(&rr->instances[i]);
	free(rr->instances);
	free(rr->message);
}

void da_results_free(struct da_results *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n_rules; i++)
		rule_result_clear(&r->rules[i]);
	free(r->rules);
	free(r->test_result_id);
	free(r->waiver_uses);
	free(r);
}
