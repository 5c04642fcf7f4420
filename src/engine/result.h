/*
 * Results of an evaluation: one per selected rule, each with one instance
 * per subject (container, image, file, daemon, host). The result words are
 * XCCDF 1.2's; reporters only read this structure.
 */
#ifndef DA_RESULT_H
#define DA_RESULT_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "content/benchmark.h"

enum da_result {
	DA_RES_PASS,
	DA_RES_FAIL,
	DA_RES_ERROR,
	DA_RES_UNKNOWN,
	DA_RES_NOTAPPLICABLE,
	DA_RES_NOTCHECKED,
	DA_RES_NOTSELECTED,
	DA_RES_INFORMATIONAL,
	DA_RES_FIXED,
	DA_RES_COUNT
};

struct da_instance {
	enum da_result result;
	char *kind;    /* container, image, file, daemon, host */
	char *name;    /* human name: container name without "/", file path... */
	char *id;      /* container or image id; may be NULL */
	char *message; /* the evidence; may be NULL */
};

struct da_rule_result {
	const struct da_item *item; /* the rule, borrowed from the benchmark */
	enum da_result result;      /* rolled up over the instances */
	char *message;              /* rule-level message (errors, manual question); may be NULL */
	struct da_instance *instances;
	size_t n_instances;
};

enum da_score_model { DA_SCORE_DEFAULT, DA_SCORE_FLAT, DA_SCORE_FLAT_UNWEIGHTED, DA_SCORE_ABSOLUTE, DA_SCORE_MODEL_COUNT };

struct da_score {
	enum da_score_model model;
	double score;
	double max;
};

struct da_results {
	const struct da_benchmark *bench; /* borrowed */
	const struct da_profile *profile; /* borrowed; NULL: the benchmark's defaults */
	const json_t *facts;              /* borrowed */
	char *test_result_id;             /* xccdf_..._testresult_... */
	time_t start_time;
	time_t end_time;
	struct da_rule_result *rules;     /* every rule in document order, notselected included */
	size_t n_rules;
	struct da_score scores[DA_SCORE_MODEL_COUNT];
	size_t counts[DA_RES_COUNT];      /* rule results by result word */
};

/* "pass", "fail", ... as XCCDF spells them. */
const char *da_result_name(enum da_result r);
/* -1 when S is not a result word. */
int da_result_parse(const char *s);
const char *da_score_model_name(enum da_score_model m);
const char *da_score_model_uri(enum da_score_model m);
/* NULL-safe. */
void da_results_free(struct da_results *r);

#endif
