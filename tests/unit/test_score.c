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
	memset(&r->rules[r->n_rules], 0, sizeof(*r->rules));
	r->rules[r->n_rules].item = it;
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
 * flat-unweighted: max 6, score 3. absolute: 0 of 1.
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
	assert_score(da_score_compute(f->res, DA_SCORE_FLAT_UNWEIGHTED), DA_SCORE_FLAT_UNWEIGHTED, 3, 6);
	assert_score(da_score_compute(f->res, DA_SCORE_ABSOLUTE), DA_SCORE_ABSOLUTE, 0, 1);
	fixture_free(f);
}

static void test_score_all_fills_every_model(void **state)
{
	struct fixture *f = mixed_tree();

	da_score_all(f->res);
	assert_score(f->res->scores[DA_SCORE_DEFAULT], DA_SCORE_DEFAULT, 62.5, 100);
	assert_score(f->res->scores[DA_SCORE_FLAT], DA_SCORE_FLAT, 4, 9);
	assert_score(f->res->scores[DA_SCORE_FLAT_UNWEIGHTED], DA_SCORE_FLAT_UNWEIGHTED, 3, 6);
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
 * flat: max 0+0+1 = 1, score 0+1 = 1. flat-unweighted: 2 of 3.
 * absolute: 1 (the flat score equals the flat max): a zero-weight failure
 * does not show in the flat models.
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
	assert_score(f->res->scores[DA_SCORE_FLAT_UNWEIGHTED], DA_SCORE_FLAT_UNWEIGHTED, 2, 3);
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

/* Nothing counted: default 0 of 100, flat 0 of 0, absolute 0 of 1. */
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
	assert_score(f->res->scores[DA_SCORE_ABSOLUTE], DA_SCORE_ABSOLUTE, 0, 1);
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
		cmocka_unit_test(test_result_names),
		cmocka_unit_test(test_model_names),
		cmocka_unit_test(test_results_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
