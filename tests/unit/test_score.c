/*
 * Unit tests for src/engine/score.c and the result vocabulary of
 * src/engine/result.c: XCCDF 1.2 scoring on hand-built group trees whose
 * scores were worked out by hand (see the comment on each tree).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "engine/eval.h"
#include "engine/result.h"
#include "engine/score.h"

/* A benchmark tree and results for it, built by hand. */
struct fixture {
	struct da_benchmark bench;
	struct da_results *res;
};

static struct da_item *new_item(enum da_item_kind kind, const char *id, double weight)
{
	struct da_item *it = da_xcalloc(1, sizeof(*it));

	it->kind = kind;
	it->id = da_xstrdup(id);
	it->weight = weight;
	it->selected = true;
	return it;
}

static struct da_item *adopt(struct da_item *parent, struct da_item *kid)
{
	parent->children = da_xreallocarray(parent->children, parent->n_children + 1,
					    sizeof(*parent->children));
	parent->children[parent->n_children++] = kid;
	kid->parent = parent;
	return kid;
}

static struct da_item *group(struct da_item *parent, const char *id, double weight)
{
	return adopt(parent, new_item(DA_ITEM_GROUP, id, weight));
}

/* A rule under PARENT whose result is RES. */
static struct da_item *rule(struct fixture *f, struct da_item *parent, const char *id,
			    double weight, enum da_result res)
{
	struct da_item *it = adopt(parent, new_item(DA_ITEM_RULE, id, weight));
	struct da_results *r = f->res;

	r->rules = da_xreallocarray(r->rules, r->n_rules + 1, sizeof(*r->rules));
	da_rule_result_init(&r->rules[r->n_rules], it, NULL);
	r->rules[r->n_rules++].result = res;
	return it;
}

static void item_free(struct da_item *it)
{
	size_t i;

	for (i = 0; i < it->n_children; i++) {
		item_free(it->children[i]);
		free(it->children[i]);
	}
	free(it->children);
	free(it->id);
}

static struct fixture *fixture_new(void)
{
	struct fixture *f = da_xcalloc(1, sizeof(*f));

	f->bench.root.kind = DA_ITEM_GROUP;
	f->res = da_xcalloc(1, sizeof(*f->res));
	f->res->bench = &f->bench;
	return f;
}

static void fixture_free(struct fixture *f)
{
	item_free(&f->bench.root);
	da_results_free(f->res);
	free(f);
}

/*
 * root
 *   G1 (w 1): R1 (w 1) pass, R2 (w 3) fail, R3 (w 5) notapplicable
 *   G2 (w 3): R4 (w 1) pass, G3 (w 1): R5 (w 2) error, R6 (w 2) pass
 *   R7 (w 1) notselected
 *   G4 (w 4): R8 (w 1) notchecked, R10 (w 1) informational
 *   R9 (w 0) fail
 *
 * default: G1 = (100*1 + 0*3) / 4 = 25; G3 = (0*2 + 100*2) / 4 = 50;
 * G2 = (100*1 + 50*1) / 2 = 75; G4 is not counted (no counted rule);
 * root = (25*1 + 75*3 + 0*0) / (1 + 3 + 0) = 250 / 4 = 62.5.
 * flat: counted R1 R2 R4 R5 R6 R9: max 1+3+1+2+2+0 = 9, score 1+1+2 = 4.
 * flat-unweighted: every weight but 0 taken as 1, R9's 0 stays 0: max 5,
 * score 3. absolute: 0 of 1.
 */
static struct fixture *mixed_tree(void)
{
	struct fixture *f = fixture_new();
	struct da_item *root = &f->bench.root, *g1, *g2, *g3, *g4;

	g1 = group(root, "G1", 1);
	rule(f, g1, "R1", 1, DA_RES_PASS);
	rule(f, g1, "R2", 3, DA_RES_FAIL);
	rule(f, g1, "R3", 5, DA_RES_NOTAPPLICABLE);
	g2 = group(root, "G2", 3);
	rule(f, g2, "R4", 1, DA_RES_PASS);
	g3 = group(g2, "G3", 1);
	rule(f, g3, "R5", 2, DA_RES_ERROR);
	rule(f, g3, "R6", 2, DA_RES_PASS);
	rule(f, root, "R7", 1, DA_RES_NOTSELECTED);
	g4 = group(root, "G4", 4);
	rule(f, g4, "R8", 1, DA_RES_NOTCHECKED);
	rule(f, g4, "R10", 1, DA_RES_INFORMATIONAL);
	rule(f, root, "R9", 0, DA_RES_FAIL);
	return f;
}

static void assert_score(struct da_score s, enum da_score_model m, double score, double max)
{
	assert_int_equal(s.model, m);
	assert_true(s.score == score);
	assert_true(s.max == max);
}

static void test_default_mixed(void **state)
{
	struct fixture *f = mixed_tree();

	assert_score(da_score_compute(f->res, DA_SCORE_DEFAULT), DA_SCORE_DEFAULT, 62.5, 100);
	fixture_free(f);
}

static void test_flat_mixed(void **state)
{
	struct fixture *f = mixed_tree();

	assert_score(da_score_compute(f->res, DA_SCORE_FLAT), DA_SCORE_FLAT, 4, 9);
	assert_score(da_score_compute(f->res, DA_SCORE_FLAT_UNWEIGHTED), DA_SCORE_FLAT_UNWEIGHTED, 3, 5);
	assert_score(da_score_compute(f->res, DA_SCORE_ABSOLUTE), DA_SCORE_ABSOLUTE, 0, 1);
	fixture_free(f);
}

static void test_score_all_fills_every_model(void **state)
{
	struct fixture *f = mixed_tree();

	da_score_all(f->res);
	assert_score(f->res->scores[DA_SCORE_DEFAULT], DA_SCORE_DEFAULT, 62.5, 100);
	assert_score(f->res->scores[DA_SCORE_FLAT], DA_SCORE_FLAT, 4, 9);
	assert_score(f->res->scores[DA_SCORE_FLAT_UNWEIGHTED], DA_SCORE_FLAT_UNWEIGHTED, 3, 5);
	assert_score(f->res->scores[DA_SCORE_ABSOLUTE], DA_SCORE_ABSOLUTE, 0, 1);
	fixture_free(f);
}

/*
 * root
 *   GZ (w 1): RA (w 0) pass, RB (w 0) fail
 *   RC (w 1) pass
 *
 * default: GZ counts although its counted children weigh 0, and then
 * scores 0, so root = (0*1 + 100*1) / 2 = 50 (not 100).
 * flat: max 0+0+1 = 1, score 0+1 = 1. flat-unweighted: weights of 0 stay
 * 0 (XCCDF 1.2, 7.3.2.3), so 1 of 1 as well. absolute: 1 (the flat score
 * equals the flat max): a zero-weight failure does not show in the flat
 * models.
 */
static void test_zero_weights(void **state)
{
	struct fixture *f = fixture_new();
	struct da_item *gz = group(&f->bench.root, "GZ", 1);

	rule(f, gz, "RA", 0, DA_RES_PASS);
	rule(f, gz, "RB", 0, DA_RES_FAIL);
	rule(f, &f->bench.root, "RC", 1, DA_RES_PASS);
	da_score_all(f->res);
	assert_score(f->res->scores[DA_SCORE_DEFAULT], DA_SCORE_DEFAULT, 50, 100);
	assert_score(f->res->scores[DA_SCORE_FLAT], DA_SCORE_FLAT, 1, 1);
	assert_score(f->res->scores[DA_SCORE_FLAT_UNWEIGHTED], DA_SCORE_FLAT_UNWEIGHTED, 1, 1);
	assert_score(f->res->scores[DA_SCORE_ABSOLUTE], DA_SCORE_ABSOLUTE, 1, 1);
	fixture_free(f);
}

/*
 * root
 *   G (w 2): R1 (w 3) pass, R2 (w 1) fixed
 *   R3 (w 1) notapplicable
 *
 * Everything counted passed (fixed counts as pass): default 100, flat 4
 * of 4, absolute 1.
 */
static void test_all_pass(void **state)
{
	struct fixture *f = fixture_new();
	struct da_item *g = group(&f->bench.root, "G", 2);

	rule(f, g, "R1", 3, DA_RES_PASS);
	rule(f, g, "R2", 1, DA_RES_FIXED);
	rule(f, &f->bench.root, "R3", 1, DA_RES_NOTAPPLICABLE);
	da_score_all(f->res);
	assert_score(f->res->scores[DA_SCORE_DEFAULT], DA_SCORE_DEFAULT, 100, 100);
	assert_score(f->res->scores[DA_SCORE_FLAT], DA_SCORE_FLAT, 4, 4);
	assert_score(f->res->scores[DA_SCORE_FLAT_UNWEIGHTED], DA_SCORE_FLAT_UNWEIGHTED, 2, 2);
	assert_score(f->res->scores[DA_SCORE_ABSOLUTE], DA_SCORE_ABSOLUTE, 1, 1);
	fixture_free(f);
}

/* Nothing counted: default 0 of 100, flat 0 of 0, absolute 1 of 1 (the
 * flat score equals the flat maximum: no counted rule failed). */
static void test_nothing_counted(void **state)
{
	struct fixture *f = fixture_new();
	struct da_item *g = group(&f->bench.root, "G", 1);

	rule(f, g, "R1", 1, DA_RES_NOTAPPLICABLE);
	rule(f, g, "R2", 1, DA_RES_NOTSELECTED);
	rule(f, &f->bench.root, "R3", 1, DA_RES_NOTCHECKED);
	da_score_all(f->res);
	assert_score(f->res->scores[DA_SCORE_DEFAULT], DA_SCORE_DEFAULT, 0, 100);
	assert_score(f->res->scores[DA_SCORE_FLAT], DA_SCORE_FLAT, 0, 0);
	assert_score(f->res->scores[DA_SCORE_FLAT_UNWEIGHTED], DA_SCORE_FLAT_UNWEIGHTED, 0, 0);
	assert_score(f->res->scores[DA_SCORE_ABSOLUTE], DA_SCORE_ABSOLUTE, 1, 1);
	fixture_free(f);
}

/*
 * unknown counts as a failure: root: R1 (w 1) unknown, R2 (w 3) pass:
 * default (0*1 + 100*3) / 4 = 75; flat 3 of 4.
 */
static void test_unknown_counts_as_zero(void **state)
{
	struct fixture *f = fixture_new();

	rule(f, &f->bench.root, "R1", 1, DA_RES_UNKNOWN);
	rule(f, &f->bench.root, "R2", 3, DA_RES_PASS);
	da_score_all(f->res);
	assert_score(f->res->scores[DA_SCORE_DEFAULT], DA_SCORE_DEFAULT, 75, 100);
	assert_score(f->res->scores[DA_SCORE_FLAT], DA_SCORE_FLAT, 3, 4);
	fixture_free(f);
}

/* A refine-rule setting HAS (weight W, role ROLE) on ID, added to P. */
static void refine(struct da_profile *p, const char *id, int has, double w, enum da_role role)
{
	struct da_refine_rule *rr;

	p->refine_rules = da_xreallocarray(p->refine_rules, p->n_refine_rules + 1,
					   sizeof(*p->refine_rules));
	rr = memset(&p->refine_rules[p->n_refine_rules++], 0, sizeof(*rr));
	rr->idref = da_xstrdup(id);
	rr->has = has;
	rr->weight = w;
	rr->role = role;
}

/* Rule results under P (NULL: none) for a rule's ITEM. */
static void rescore_under(struct fixture *f, const struct da_profile *p)
{
	struct da_results *r = f->res;
	enum da_result res;
	size_t i;

	r->profile = p;
	for (i = 0; i < r->n_rules; i++) {
		res = r->rules[i].result;
		da_rule_result_init(&r->rules[i], r->rules[i].item, p);
		r->rules[i].result = res;
	}
	da_score_all(r);
}

/*
 * root
 *   G1 (w 1): R1 (w 1) pass, R2 (w 1) fail
 *   G2 (w 1): R3 (w 1) pass
 *   R4 (w 1) fail
 *
 * As written: G1 50, G2 100, R4 0: default (50 + 100 + 0) / 3 = 50; flat
 * 2 of 4. Under a profile that refines R2 to weight 3, G2 to weight 2
 * and R4 to unscored: G1 = (100*1 + 0*3) / 4 = 25, G2 100, R4 out:
 * default (25*1 + 100*2) / 3 = 75; flat 2 of 1+3+1 = 5; flat-unweighted
 * 2 of 3; absolute 0 (R2 still fails).
 */
static void test_refined_weights_and_unscored(void **state)
{
	struct fixture *f = fixture_new();
	struct da_profile p = { 0 };
	struct da_item *g1 = group(&f->bench.root, "G1", 1), *g2;

	rule(f, g1, "R1", 1, DA_RES_PASS);
	rule(f, g1, "R2", 1, DA_RES_FAIL);
	g2 = group(&f->bench.root, "G2", 1);
	rule(f, g2, "R3", 1, DA_RES_PASS);
	rule(f, &f->bench.root, "R4", 1, DA_RES_FAIL);
	rescore_under(f, NULL);
	assert_score(f->res->scores[DA_SCORE_DEFAULT], DA_SCORE_DEFAULT, 50, 100);
	assert_score(f->res->scores[DA_SCORE_FLAT], DA_SCORE_FLAT, 2, 4);
	refine(&p, "R2", DA_REFINE_WEIGHT, 3, DA_ROLE_FULL);
	refine(&p, "G2", DA_REFINE_WEIGHT, 2, DA_ROLE_FULL);
	refine(&p, "R4", DA_REFINE_ROLE, 0, DA_ROLE_UNSCORED);
	rescore_under(f, &p);
	assert_true(f->res->rules[1].weight == 3);
	assert_int_equal(f->res->rules[3].role, DA_ROLE_UNSCORED);
	assert_score(f->res->scores[DA_SCORE_DEFAULT], DA_SCORE_DEFAULT, 75, 100);
	assert_score(f->res->scores[DA_SCORE_FLAT], DA_SCORE_FLAT, 2, 5);
	assert_score(f->res->scores[DA_SCORE_FLAT_UNWEIGHTED], DA_SCORE_FLAT_UNWEIGHTED, 2, 3);
	assert_score(f->res->scores[DA_SCORE_ABSOLUTE], DA_SCORE_ABSOLUTE, 0, 1);
	/* With R2 unscored too, every counted rule passes: 100, 2 of 2, 1. */
	refine(&p, "R2", DA_REFINE_ROLE, 0, DA_ROLE_UNSCORED);
	rescore_under(f, &p);
	assert_true(f->res->rules[1].weight == 3); /* the earlier weight stays */
	assert_score(f->res->scores[DA_SCORE_DEFAULT], DA_SCORE_DEFAULT, 100, 100);
	assert_score(f->res->scores[DA_SCORE_FLAT], DA_SCORE_FLAT, 2, 2);
	assert_score(f->res->scores[DA_SCORE_ABSOLUTE], DA_SCORE_ABSOLUTE, 1, 1);
	da_profile_clear(&p);
	fixture_free(f);
}

/* The weight scoring uses is the result's, not the item's: a result
 * weighed 0 counts in no flat model even though its rule weighs 1. */
static void test_result_weight_wins(void **state)
{
	struct fixture *f = fixture_new();

	rule(f, &f->bench.root, "R1", 1, DA_RES_FAIL);
	rule(f, &f->bench.root, "R2", 1, DA_RES_PASS);
	f->res->rules[0].weight = 0;
	da_score_all(f->res);
	assert_score(f->res->scores[DA_SCORE_FLAT], DA_SCORE_FLAT, 1, 1);
	assert_score(f->res->scores[DA_SCORE_FLAT_UNWEIGHTED], DA_SCORE_FLAT_UNWEIGHTED, 1, 1);
	assert_score(f->res->scores[DA_SCORE_DEFAULT], DA_SCORE_DEFAULT, 100, 100);
	fixture_free(f);
}

static void test_model_parse(void **state)
{
	assert_int_equal(da_score_model_parse("default"), DA_SCORE_DEFAULT);
	assert_int_equal(da_score_model_parse("flat"), DA_SCORE_FLAT);
	assert_int_equal(da_score_model_parse("flat-unweighted"), DA_SCORE_FLAT_UNWEIGHTED);
	assert_int_equal(da_score_model_parse("absolute"), DA_SCORE_ABSOLUTE);
	assert_int_equal(da_score_model_parse("urn:xccdf:scoring:flat"), -1);
	assert_int_equal(da_score_model_parse("Flat"), -1);
	assert_int_equal(da_score_model_parse(""), -1);
	assert_int_equal(da_score_model_parse(NULL), -1);
}

static void test_result_names(void **state)
{
	static const char *const words[] = {
		"pass", "fail", "error", "unknown", "notapplicable",
		"notchecked", "notselected", "informational", "fixed",
	};
	int i;

	for (i = 0; i < DA_RES_COUNT; i++) {
		assert_string_equal(da_result_name((enum da_result)i), words[i]);
		assert_int_equal(da_result_parse(words[i]), i);
	}
	assert_int_equal(da_result_parse("passed"), -1);
	assert_int_equal(da_result_parse("Pass"), -1);
	assert_int_equal(da_result_parse(""), -1);
	assert_int_equal(da_result_parse(NULL), -1);
}

static void test_model_names(void **state)
{
	assert_string_equal(da_score_model_name(DA_SCORE_DEFAULT), "default");
	assert_string_equal(da_score_model_name(DA_SCORE_FLAT), "flat");
	assert_string_equal(da_score_model_name(DA_SCORE_FLAT_UNWEIGHTED), "flat-unweighted");
	assert_string_equal(da_score_model_name(DA_SCORE_ABSOLUTE), "absolute");
	assert_string_equal(da_score_model_uri(DA_SCORE_DEFAULT), "urn:xccdf:scoring:default");
	assert_string_equal(da_score_model_uri(DA_SCORE_FLAT), "urn:xccdf:scoring:flat");
	assert_string_equal(da_score_model_uri(DA_SCORE_FLAT_UNWEIGHTED),
			    "urn:xccdf:scoring:flat-unweighted");
	assert_string_equal(da_score_model_uri(DA_SCORE_ABSOLUTE), "urn:xccdf:scoring:absolute");
	assert_null(da_score_model_uri(DA_SCORE_MODEL_COUNT));
	assert_null(da_score_model_name(DA_SCORE_MODEL_COUNT));
}

static void test_results_free_null(void **state)
{
	da_results_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_mixed),
		cmocka_unit_test(test_flat_mixed),
		cmocka_unit_test(test_score_all_fills_every_model),
		cmocka_unit_test(test_zero_weights),
		cmocka_unit_test(test_all_pass),
		cmocka_unit_test(test_nothing_counted),
		cmocka_unit_test(test_unknown_counts_as_zero),
		cmocka_unit_test(test_refined_weights_and_unscored),
		cmocka_unit_test(test_result_weight_wins),
		cmocka_unit_test(test_model_parse),
		cmocka_unit_test(test_result_names),
		cmocka_unit_test(test_model_names),
		cmocka_unit_test(test_results_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
