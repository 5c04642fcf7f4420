/*
 * Comparing saved results: the JSON of report_fixture.h's results read
 * back as OLD, and an edited copy as NEW. Each section (new failures,
 * fixed, gone, still failing, rules added and removed, scores) and the
 * verdict are checked for a specific rule and subject.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "facts/facts.h"
#include "report/diff.h"
#include "report_fixture.h"
#include "testutil.h"

struct fx {
	json_t *doc;   /* the fixture's results as JSON */
	char *bench;
	struct da_saved *old;
};

static struct da_saved *saved_of(const struct fx *f, const json_t *doc)
{
	struct da_err err = { { 0 } };
	struct da_saved *s = NULL;
	char *text = json_dumps(doc, 0);

	if (da_saved_parse(text, strlen(text), "new.json", f->bench, &s, &err) < 0)
		fail_msg("%s", err.msg);
	free(text);
	return s;
}

static int setup(void **state)
{
	struct fx *f = da_xcalloc(1, sizeof(*f));
	struct da_report_opts opts = { 0 };
	struct da_results *r = fx_results();
	char *text = fx_render(&da_report_json, r, &opts);

	f->doc = json_loads(text, 0, NULL);
	f->bench = da_test_fixture("report/bench.xml");
	f->old = saved_of(f, f->doc);
	free(text);
	fx_free(r);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	json_decref(f->doc);
	da_saved_free(f->old);
	free(f->bench);
	free(f);
	return 0;
}

static struct da_diff *diff(const struct da_saved *old, const struct da_saved *new)
{
	struct da_err err = { { 0 } };
	struct da_diff *d = NULL;

	if (da_diff_compute(old, new, &d, &err) < 0)
		fail_msg("%s", err.msg);
	return d;
}

static json_t *at(json_t *doc, const char *pointer)
{
	json_t *v = da_facts_get(doc, pointer);

	if (!v)
		fail_msg("no %s", pointer);
	return v;
}

static void set_result(json_t *doc, const char *pointer, const char *word)
{
	json_object_set_new(at(doc, pointer), "result", json_string(word));
}

static const char *item_name(const struct da_diff_item *it)
{
	const struct da_instance *in = it->new_in ? it->new_in : it->old_in;

	return in ? in->name : NULL;
}

static const char *item_rule(const struct da_diff_item *it)
{
	return (it->new_rr ? it->new_rr : it->old_rr)->item->id;
}

/* One comparison of the fixture's results with an edited copy: edit DOC
 * (a deep copy), then cmp() reads it as NEW and diffs OLD with it, or
 * cmp_back() NEW with OLD; each frees the previous diff. */
struct cmp {
	const struct fx *f;
	json_t *doc;
	struct da_saved *new;
	struct da_diff *d;
};

static struct cmp cmp_start(const struct fx *f)
{
	return (struct cmp){ .f = f, .doc = json_deep_copy(f->doc) };
}

static struct da_diff *cmp_run(struct cmp *c, bool back)
{
	da_diff_free(c->d);
	da_saved_free(c->new);
	c->new = saved_of(c->f, c->doc);
	c->d = back ? diff(c->new, c->f->old) : diff(c->f->old, c->new);
	return c->d;
}

static struct da_diff *cmp(struct cmp *c)
{
	return cmp_run(c, false);
}

static struct da_diff *cmp_back(struct cmp *c)
{
	return cmp_run(c, true);
}

static void cmp_end(struct cmp *c)
{
	da_diff_free(c->d);
	da_saved_free(c->new);
	json_decref(c->doc);
}

static void test_same_result(void **state)
{
	struct fx *f = *state;
	struct da_diff *d = diff(f->old, f->old);

	assert_int_equal(d->new_failures.n, 0);
	assert_int_equal(d->fixed.n, 0);
	/* icc (dockerd), privileged (the script and escape subjects), memory. */
	assert_int_equal(d->still.n, 4);
	assert_string_equal(item_rule(&d->still.items[0]), FX_RULE_ICC);
	assert_string_equal(item_name(&d->still.items[0]), "dockerd");
	assert_string_equal(item_name(&d->still.items[1]), FX_NAME_SCRIPT);
	assert_string_equal(item_name(&d->still.items[2]), FX_NAME_ESCAPE);
	assert_string_equal(item_rule(&d->still.items[3]), FX_RULE_MEM);
	assert_null(d->still.items[3].new_in);
	assert_false(d->worse);
	da_diff_free(d);
}

static void test_new_failure_and_fixed(void **state)
{
	struct cmp c = cmp_start(*state);
	const struct da_diff *d;

	set_result(c.doc, "/rules/1/instances/1", "fail"); /* FX_NAME_QUOTES: pass -> fail */
	d = cmp(&c);
	assert_int_equal(d->new_failures.n, 1);
	assert_string_equal(item_rule(&d->new_failures.items[0]), FX_RULE_PRIV);
	assert_string_equal(item_name(&d->new_failures.items[0]), FX_NAME_QUOTES);
	assert_int_equal(d->new_failures.items[0].old_res, DA_RES_PASS);
	assert_int_equal(d->new_failures.items[0].new_res, DA_RES_FAIL);
	assert_true(d->worse);
	/* The other way round it is fixed, and nothing got worse. */
	d = cmp_back(&c);
	assert_int_equal(d->new_failures.n, 0);
	assert_int_equal(d->fixed.n, 1);
	assert_string_equal(item_name(&d->fixed.items[0]), FX_NAME_QUOTES);
	assert_int_equal(d->fixed.items[0].new_res, DA_RES_PASS);
	assert_false(d->worse);
	cmp_end(&c);
}

static void test_gone_and_new_subject(void **state)
{
	struct cmp c = cmp_start(*state);
	json_t *insts = at(c.doc, "/rules/1/instances");
	const struct da_diff *d;

	json_array_remove(insts, 0); /* FX_NAME_SCRIPT, failing, removed */
	json_array_append_new(insts, json_pack("{s:{s:s, s:s, s:n}, s:s, s:n, s:n}", "subject",
					       "kind", "container", "name", "newcomer", "id",
					       "result", "error", "message", "waiver"));
	d = cmp(&c);
	assert_int_equal(d->fixed.n, 1);
	assert_string_equal(item_name(&d->fixed.items[0]), FX_NAME_SCRIPT);
	assert_false(d->fixed.items[0].new_present);
	assert_int_equal(d->new_failures.n, 1);
	assert_string_equal(item_name(&d->new_failures.items[0]), "newcomer");
	assert_false(d->new_failures.items[0].old_present);
	assert_true(d->worse);
	cmp_end(&c);
}

static void test_scores(void **state)
{
	struct cmp c = cmp_start(*state);
	json_t *flat = at(c.doc, "/scores/flat"), *j;
	double score = json_number_value(at(flat, "/score"));
	const struct da_diff *d;

	json_object_set_new(flat, "score", json_real(score - 1));
	d = cmp(&c);
	assert_int_equal(d->new_failures.n, 0);
	assert_true(d->score_worse[DA_SCORE_FLAT]);
	assert_false(d->score_worse[DA_SCORE_DEFAULT]);
	assert_true(d->worse);
	d = cmp_back(&c); /* a higher score is not worse */
	assert_false(d->worse);
	/* Below the six decimals ARF keeps, a score has not changed. */
	json_object_set_new(flat, "score", json_real(score - 1e-7));
	d = cmp(&c);
	assert_false(d->score_worse[DA_SCORE_FLAT]);
	assert_false(d->worse);
	j = da_diff_json(d);
	assert_true(json_number_value(at(j, "/scores/flat/delta")) == 0.0);
	json_decref(j);
	cmp_end(&c);
}

static void test_rules_added_removed(void **state)
{
	struct cmp c = cmp_start(*state);
	const struct da_diff *d;

	json_array_remove(at(c.doc, "/rules"), 2); /* the memory rule (error) */
	d = cmp(&c);
	assert_int_equal(d->removed.n, 1);
	assert_string_equal(item_rule(&d->removed.items[0]), FX_RULE_MEM);
	assert_int_equal(d->added.n, 0);
	assert_int_equal(d->fixed.n, 0); /* a removed rule is not a fixed one */
	assert_false(d->worse);
	d = cmp_back(&c);
	assert_int_equal(d->added.n, 1);
	assert_string_equal(item_rule(&d->added.items[0]), FX_RULE_MEM);
	assert_int_equal(d->new_failures.n, 1); /* and it errors: something new is wrong */
	assert_string_equal(item_rule(&d->new_failures.items[0]), FX_RULE_MEM);
	assert_true(d->worse);
	/* A rule neither side lists is neither added nor removed. */
	da_diff_free(c.d);
	c.d = diff(c.new, c.new);
	assert_int_equal(c.d->removed.n, 0);
	assert_int_equal(c.d->added.n, 0);
	cmp_end(&c);
}

static void test_rule_without_subjects(void **state)
{
	struct cmp c = cmp_start(*state);
	const struct da_diff *d;

	set_result(c.doc, "/rules/2", "pass");
	d = cmp(&c);
	assert_int_equal(d->fixed.n, 1);
	assert_string_equal(item_rule(&d->fixed.items[0]), FX_RULE_MEM);
	assert_null(d->fixed.items[0].new_in);
	assert_int_equal(d->fixed.items[0].old_res, DA_RES_ERROR);
	assert_int_equal(d->fixed.items[0].new_res, DA_RES_PASS);
	cmp_end(&c);
}

/* A rule that had subjects and now stands for itself. */
static void test_subjects_to_rule(void **state)
{
	struct cmp c = cmp_start(*state);
	const struct da_diff *d;

	/* No container left: the failing ones are gone, the rule not listed. */
	json_array_clear(at(c.doc, "/rules/1/instances"));
	set_result(c.doc, "/rules/1", "notapplicable");
	d = cmp(&c);
	assert_int_equal(d->fixed.n, 2);
	assert_string_equal(item_name(&d->fixed.items[0]), FX_NAME_SCRIPT);
	assert_string_equal(item_name(&d->fixed.items[1]), FX_NAME_ESCAPE);
	assert_false(d->fixed.items[1].new_present);
	assert_int_equal(d->new_failures.n, 0);
	/* The containers could not be listed: still failing, nothing fixed. */
	set_result(c.doc, "/rules/1", "error");
	d = cmp(&c);
	assert_int_equal(d->fixed.n, 0);
	assert_int_equal(d->new_failures.n, 0);
	assert_int_equal(d->still.n, 3); /* icc, privileged as a whole, memory */
	assert_null(d->still.items[1].new_in);
	assert_string_equal(item_rule(&d->still.items[1]), FX_RULE_PRIV);
	/* ... and back: the failures found again are new (they were unknown),
	 * and the rule as a whole is not also counted as still failing. */
	d = cmp_back(&c);
	assert_int_equal(d->new_failures.n, 2);
	assert_string_equal(item_name(&d->new_failures.items[0]), FX_NAME_SCRIPT);
	assert_int_equal(d->fixed.n, 0);
	assert_int_equal(d->still.n, 2); /* icc, memory */
	assert_string_equal(item_rule(&d->still.items[1]), FX_RULE_MEM);
	cmp_end(&c);
}

/* Nameless subjects are matched by id; each old subject matches once. */
static void test_subject_ids(void **state)
{
	struct cmp c = cmp_start(*state);
	json_t *insts = at(c.doc, "/rules/1/instances");
	struct da_saved *old;
	struct da_diff *d;
	size_t i;
	json_t *in;

	json_array_foreach (insts, i, in) {
		json_object_set_new(json_object_get(in, "subject"), "name", json_null());
		json_object_set_new(json_object_get(in, "subject"), "id",
				    json_sprintf("c%zu", i));
	}
	old = saved_of(c.f, c.doc);
	d = diff(old, old);
	assert_int_equal(d->new_failures.n, 0);
	assert_int_equal(d->fixed.n, 0);
	da_diff_free(d);
	/* c0 (failing) renumbered c9: c0 is gone, c9 fails anew. */
	json_object_set_new(at(c.doc, "/rules/1/instances/0/subject"), "id", json_string("c9"));
	c.new = saved_of(c.f, c.doc);
	d = diff(old, c.new);
	assert_int_equal(d->fixed.n, 1);
	assert_string_equal(d->fixed.items[0].old_in->id, "c0");
	assert_int_equal(d->new_failures.n, 1);
	assert_string_equal(d->new_failures.items[0].new_in->id, "c9");
	da_diff_free(d);
	da_saved_free(c.new);
	/* Two failing subjects with c2's id where there was one: one fails anew. */
	json_object_set_new(at(c.doc, "/rules/1/instances/0/subject"), "id", json_string("c2"));
	c.new = saved_of(c.f, c.doc);
	d = diff(old, c.new);
	assert_int_equal(d->new_failures.n, 1);
	assert_string_equal(d->new_failures.items[0].new_in->id, "c2");
	assert_false(d->new_failures.items[0].old_present);
	da_diff_free(d);
	da_saved_free(old);
	cmp_end(&c);
}

static void test_other_benchmark(void **state)
{
	struct fx *f = *state;
	struct da_saved *new = saved_of(f, f->doc);
	struct da_err err = { { 0 } };
	struct da_diff *d = NULL;

	free(new->own_bench->id);
	new->own_bench->id = da_xstrdup("xccdf_org.other_benchmark_x");
	assert_int_equal(da_diff_compute(f->old, new, &d, &err), -1);
	assert_null(d);
	assert_string_equal(err.msg, "new.json and new.json are results of different benchmarks "
				     "(xccdf_org.dockaudit.test_benchmark_report, "
				     "xccdf_org.other_benchmark_x): nothing to compare");
	da_saved_free(new);
}

static void test_outputs(void **state)
{
	struct cmp c = cmp_start(*state);
	const struct da_diff *d;
	char *text = NULL;
	size_t len = 0;
	json_t *j;
	FILE *out;

	set_result(c.doc, "/rules/1/instances/1", "fail");
	d = cmp(&c);
	j = da_diff_json(d);
	assert_string_equal(json_string_value(at(j, "/format")), "dockaudit-diff");
	assert_int_equal(json_integer_value(at(j, "/format_version")), 1);
	assert_true(json_is_true(at(j, "/worse")));
	assert_string_equal(json_string_value(at(j, "/new_failures/0/rule")), FX_RULE_PRIV);
	assert_string_equal(json_string_value(at(j, "/new_failures/0/subject/name")), FX_NAME_QUOTES);
	assert_string_equal(json_string_value(at(j, "/new_failures/0/old_result")), "pass");
	assert_int_equal(json_array_size(at(j, "/still_failing")), 4);
	assert_float_equal(json_number_value(at(j, "/scores/default/delta")), 0.0, 1e-9);
	json_decref(j);
	out = open_memstream(&text, &len);
	da_diff_write_text(d, out, false, true);
	fclose(out);
	assert_non_null(strstr(text, "New failures: 1 (in 1 rule)\n"));
	assert_non_null(strstr(text, "    container a\"b&c'd: pass -> fail"));
	assert_non_null(strstr(text, "Still failing: 4 (in 3 rules)\n"));
	/* Host text is cleaned: the escape subject is listed, its ESC is not. */
	assert_non_null(strstr(text, "\\x1b[2Jevil"));
	assert_null(strchr(text, '\033'));
	assert_non_null(strstr(text, "Verdict: worse\n"));
	free(text);
	/* In colour: the headings and the verdict, and still no host ESC. */
	out = open_memstream(&text, &len);
	da_diff_write_text(d, out, true, true);
	fclose(out);
	assert_non_null(strstr(text, "\n\033[1m\033[31mNew failures: 1\033[0m (in 1 rule)\n"));
	assert_non_null(strstr(text, "\n\033[1m\033[32mFixed: 0\033[0m\n"));
	assert_non_null(strstr(text, "Verdict: \033[31mworse\033[0m\n"));
	assert_non_null(strstr(text, "\\x1b[2Jevil"));
	free(text);
	cmp_end(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_result, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_failure_and_fixed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gone_and_new_subject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules_added_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_without_subjects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subjects_to_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subject_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_benchmark, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outputs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
