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

struct da_waiver;
struct da_waivers;
struct da_waiver_use;

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

/* ARF and XCCDF results carry an instance's evidence, when its message is
 * a sentence that differs from it, as a second message with this prefix. */
#define DA_EVIDENCE_PREFIX "evidence: "

struct da_instance {
	enum da_result result;
	char *kind;    /* container, image, file, daemon, host */
	char *name;    /* human name: container name without "/", file path... */
	char *id;      /* container or image id; may be NULL */
	/* What reports show: for a failing subject of a rule with a message
	 * template, its sentence; otherwise the evidence. May be NULL. */
	char *message;
	/* The check's own evidence (failing path, value, operator); may be NULL. */
	char *evidence;
	/* Set when a waiver changed the result (engine/waivers.h): the waiver,
	 * borrowed from the waiver set, and the result before it (ARF's
	 * override old-result). RESULT is then the effective result. */
	const struct da_waiver *waiver;
	enum da_result original; /* meaningful only when WAIVER is set */
};

struct da_rule_result {
	const struct da_item *item; /* the rule, borrowed from the benchmark */
	enum da_result result;      /* rolled up over the instances */
	char *message;              /* rule-level message (errors, manual question); may be NULL */
	/* The rule's severity, weight and role under the profile (its
	 * refine-rules applied): what scoring and every report use. */
	enum da_severity severity;
	double weight;
	enum da_role role;
	struct da_instance *instances;
	size_t n_instances;
	size_t n_waived;            /* instances a waiver changed */
	enum da_result original;    /* the roll-up before waivers; meaningful only when N_WAIVED */
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
	enum da_score_model score_model;  /* the one summaries show (--score-model) */
	size_t counts[DA_RES_COUNT];      /* rule results by result word */
	/* The waivers applied (borrowed; NULL: none), the day (UTC, days since
	 * 1970-01-01) their expiry was judged on, how each fared (one per
	 * waiver, owned) and how many instances they waived in all. */
	const struct da_waivers *waivers;
	long waiver_day;
	struct da_waiver_use *waiver_uses;
	size_t n_waived;
};

/* "pass", "fail", ... as XCCDF spells them. */
const char *da_result_name(enum da_result r);
/* -1 when S is not a result word. */
int da_result_parse(const char *s);
/* The result of a rule over its N instances IN: fail, else error, else
 * unknown, else pass, else informational, else notchecked, else
 * notapplicable. ORIGINAL: as they were before
 * any waiver. */
enum da_result da_result_roll_up(const struct da_instance *in, size_t n, bool original);
const char *da_score_model_name(enum da_score_model m);
const char *da_score_model_uri(enum da_score_model m);
/* NULL-safe. */
void da_results_free(struct da_results *r);

#endif
