/*
 * The HDF reporter: the output is parsed back with jansson and checked for
 * the hand-built results: InSpec's members, one control per selected rule,
 * the result each subject becomes (an error among a failing rule's
 * subjects skipped, a rule without subjects one result for the host),
 * impact 0 only for not applicable, hostile names verbatim, invalid UTF-8
 * repaired, and waivers as waiver_data.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "facts/facts.h"
#include "report_fixture.h"

static json_t *render(const struct da_results *r)
{
	char *text = fx_render(&da_report_hdf, r, NULL);
	json_error_t e;
	json_t *doc = json_loads(text, 0, &e);

	if (!doc)
		fail_msg("output is not JSON: %d:%d: %s", e.line, e.column, e.text);
	free(text);
	return doc;
}

static const char *sget(const json_t *doc, const char *ptr)
{
	const char *s = json_string_value(da_facts_get(doc, ptr));

	if (!s)
		fail_msg("%s is not a string", ptr);
	return s;
}

static double nget(const json_t *doc, const char *ptr)
{
	const json_t *v = da_facts_get(doc, ptr);

	if (!json_is_number(v))
		fail_msg("%s is not a number", ptr);
	return json_number_value(v);
}

#define C "/profiles/0/controls/"

static void test_document(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc = render(r);

	assert_int_equal(json_object_size(doc), 4);
	assert_string_equal(sget(doc, "/platform/target_id"), FX_HOSTNAME);
	assert_non_null(json_string_value(da_facts_get(doc, "/platform/name")));
	assert_non_null(json_string_value(da_facts_get(doc, "/platform/release")));
	assert_string_equal(sget(doc, "/version"), PACKAGE_VERSION);
	assert_float_equal(nget(doc, "/statistics/duration"), 7.0, 1e-9);
	assert_string_equal(sget(doc, "/profiles/0/name"), r->bench->id);
	assert_int_equal(strlen(sget(doc, "/profiles/0/sha256")), 64);
	assert_string_equal(sget(doc, "/profiles/0/attributes/0/name"), "profile");
	assert_string_equal(sget(doc, "/profiles/0/attributes/0/options/value"), r->profile->id);
	assert_int_equal(json_array_size(da_facts_get(doc, "/profiles/0/controls")), 3);
	json_decref(doc);
	fx_free(r);
}

static void test_controls_and_results(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc = render(r);

	/* icc: the daemon fails */
	assert_string_equal(sget(doc, C "0/id"), FX_RULE_ICC);
	assert_string_equal(sget(doc, C "0/results/0/status"), "failed");
	assert_true(strncmp(sget(doc, C "0/results/0/code_desc"), "daemon ", 7) == 0);
	/* privileged: FX_NAME_SCRIPT fails, FX_NAME_QUOTES passes, FX_NAME_ESCAPE's
	 * error does not decide the control: skipped, with its reason */
	assert_string_equal(sget(doc, C "1/id"), FX_RULE_PRIV);
	assert_true(nget(doc, C "1/impact") > 0);
	assert_string_equal(sget(doc, C "1/results/0/status"), "failed");
	assert_non_null(strstr(sget(doc, C "1/results/0/code_desc"), FX_NAME_SCRIPT));
	assert_string_equal(sget(doc, C "1/results/1/status"), "passed");
	assert_non_null(strstr(sget(doc, C "1/results/1/code_desc"), FX_NAME_QUOTES));
	assert_string_equal(sget(doc, C "1/results/2/status"), "skipped");
	assert_non_null(strstr(sget(doc, C "1/results/2/code_desc"), FX_NAME_ESCAPE));
	assert_non_null(strstr(sget(doc, C "1/results/2/skip_message"), FX_MSG_ESCAPE));
	assert_int_equal(json_array_size(da_facts_get(doc, C "1/results")), 3);
	/* memory: error without subjects, one result for the host */
	assert_string_equal(sget(doc, C "2/id"), FX_RULE_MEM);
	assert_int_equal(json_array_size(da_facts_get(doc, C "2/results")), 1);
	assert_string_equal(sget(doc, C "2/results/0/status"), "error");
	assert_string_equal(sget(doc, C "2/results/0/message"), r->rules[2].message);
	assert_string_equal(sget(doc, C "2/tags/result"), "error");
	json_decref(doc);
	fx_free(r);
}

/* Not applicable gets impact 0; notselected is left out; a rule that fails
 * only through an error subject (inconsistent input) still shows failed;
 * invalid UTF-8 is repaired. */
static void test_edge_cases(void **state)
{
	struct da_results *r = fx_results();
	json_t *doc;

	r->rules[0].result = DA_RES_NOTAPPLICABLE;
	r->rules[0].instances[0].result = DA_RES_NOTAPPLICABLE;
	r->rules[0].instances[0].name[0] = (char)0xff;
	r->rules[2].result = DA_RES_NOTSELECTED;
	doc = render(r);
	assert_int_equal(json_array_size(da_facts_get(doc, "/profiles/0/controls")), 2);
	assert_float_equal(nget(doc, C "0/impact"), 0.0, 1e-9);
	assert_string_equal(sget(doc, C "0/results/0/status"), "skipped");
	assert_non_null(strstr(sget(doc, C "0/results/0/code_desc"), "\\xffockerd"));
	json_decref(doc);

	r->rules[1].instances[0].result = DA_RES_PASS;
	doc = render(r);
	assert_string_equal(sget(doc, C "1/results/2/status"), "skipped");
	assert_string_equal(sget(doc, C "1/results/3/status"), "failed");
	assert_int_equal(json_array_size(da_facts_get(doc, C "1/results")), 4);
	json_decref(doc);
	fx_free(r);
}

static void test_waivers(void **state)
{
	struct da_results *r = fx_results();
	struct da_waivers *w = fx_waive(r);
	json_t *doc = render(r);

	/* privileged: the waived subject passes; the rule is error now */
	assert_string_equal(sget(doc, C "1/results/0/status"), "passed");
	assert_true(strncmp(sget(doc, C "1/results/0/message"), "waived (was fail) by waiver 1",
			    29) == 0);
	assert_string_equal(sget(doc, C "1/results/2/status"), "error");
	assert_string_equal(sget(doc, C "1/waiver_data/justification"), FX_WAIVER_WHY);
	assert_string_equal(sget(doc, C "1/waiver_data/approved_by"), FX_WAIVER_WHO);
	assert_string_equal(sget(doc, C "1/waiver_data/expiration_date"), "2027-03-31");
	assert_true(json_is_true(da_facts_get(doc, C "1/waiver_data/run")));
	assert_true(json_is_false(da_facts_get(doc, C "1/waiver_data/skipped_due_to_waiver")));
	assert_string_equal(sget(doc, C "1/tags/original_result"), "fail");
	/* icc: the expired waiver is noted, the failure stays */
	assert_string_equal(sget(doc, C "0/results/0/status"), "failed");
	assert_non_null(strstr(sget(doc, C "0/waiver_data/message"), "expired on 2026-01-31"));
	assert_string_equal(sget(doc, C "0/waiver_data/expiration_date"), "2026-01-31");
	/* memory: the unused waiver leaves no trace */
	assert_null(da_facts_get(doc, C "2/waiver_data"));
	json_decref(doc);
	fx_free(r);
	da_waivers_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_controls_and_results),
		cmocka_unit_test(test_edge_cases),
		cmocka_unit_test(test_waivers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
