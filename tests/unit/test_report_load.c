/*
 * Reading saved results back: the hand-built results of report_fixture.h
 * (waivers applied) written as ARF, as XCCDF results and as JSON and read
 * again must give the same rules, results, subjects, messages, waivers,
 * scores and times; malformed files give one clear error naming the file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "facts/facts.h"
#include "report/load.h"
#include "report/util.h"
#include "report_fixture.h"
#include "testutil.h"

#define XCCDF_NS "http://checklists.nist.gov/xccdf/1.2"

struct fx {
	struct da_results *r;
	struct da_waivers *w;
	char *bench; /* the fixture benchmark's path, for JSON */
};

static int setup(void **state)
{
	struct fx *f = da_xcalloc(1, sizeof(*f));

	f->r = fx_results();
	f->w = fx_waive(f->r);
	f->bench = da_test_fixture("report/bench.xml");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	fx_free(f->r);
	da_waivers_free(f->w);
	free(f->bench);
	free(f);
	return 0;
}

static char *render(const struct da_reporter *rep, const struct da_results *r)
{
	struct da_report_opts opts = { 0 };

	return fx_render(rep, r, &opts);
}

static struct da_saved *parse_ok(const char *text, const char *name, const char *bench)
{
	struct da_err err = { { 0 } };
	struct da_saved *s = NULL;

	if (da_saved_parse(text, strlen(text), name, bench, &s, &err) < 0)
		fail_msg("%s: %s", name, err.msg);
	return s;
}

/* The error reading TEXT as NAME (asserting there is one). */
static void expect_error(const char *text, const char *name, const char *bench, const char *want)
{
	struct da_err err = { { 0 } };
	struct da_saved *s = NULL;

	assert_int_equal(da_saved_parse(text, strlen(text), name, bench, &s, &err), -1);
	assert_null(s);
	if (!strstr(err.msg, want))
		fail_msg("error \"%s\" lacks \"%s\"", err.msg, want);
}

/* A host string as ARF carries it: controls escaped. */
static void assert_clean_equal(const char *got, const char *orig, bool cleaned)
{
	char *want = cleaned ? da_report_clean(orig, DA_CLEAN_CONTROLS | DA_CLEAN_KEEP_LINES)
			     : (orig ? da_xstrdup(orig) : NULL);

	if (!want)
		assert_null(got);
	else
		assert_string_equal(got, want);
	free(want);
}

static void assert_instance_equal(const struct da_instance *a, const struct da_instance *b,
				  bool cleaned)
{
	assert_string_equal(a->kind, b->kind);
	assert_clean_equal(a->name, b->name, cleaned);
	assert_clean_equal(a->id, b->id, cleaned);
	assert_clean_equal(a->message, b->message, cleaned);
	assert_int_equal(a->result, b->result);
	assert_int_equal(a->waiver != NULL, b->waiver != NULL);
	if (!b->waiver)
		return;
	assert_int_equal(a->original, b->original);
	assert_int_equal(a->waiver->index, b->waiver->index);
	assert_clean_equal(a->waiver->justification, b->waiver->justification, cleaned);
	assert_clean_equal(a->waiver->approved_by, b->waiver->approved_by, cleaned);
	assert_string_equal(a->waiver->expires, b->waiver->expires);
	assert_int_equal(a->waiver->expires_day, b->waiver->expires_day);
}

/* What every format carries: rules, results, subjects, scores, times. */
static void assert_same_results(const struct da_saved *s, const struct da_results *r, bool cleaned)
{
	const struct da_results *g = s->results;
	size_t i, j;
	int m;

	assert_string_equal(s->bench->id, r->bench->id);
	assert_string_equal(s->bench->title, r->bench->title);
	assert_int_equal(g->n_rules, r->n_rules);
	assert_non_null(g->profile);
	assert_string_equal(g->profile->id, r->profile->id);
	assert_string_equal(g->profile->title, "Strict");
	assert_int_equal(g->start_time, FX_START);
	assert_int_equal(g->end_time, FX_END);
	assert_string_equal(da_report_host(g->facts, "hostname"), FX_HOSTNAME);
	for (i = 0; i < r->n_rules; i++) {
		const struct da_rule_result *a = &g->rules[i], *b = &r->rules[i];

		assert_true(s->listed[i]);
		assert_string_equal(a->item->id, b->item->id);
		assert_int_equal(a->result, b->result);
		assert_int_equal(a->severity, b->severity);
		assert_float_equal(a->weight, b->weight, 1e-9);
		assert_int_equal(a->role, b->role);
		assert_clean_equal(a->message, b->message, cleaned);
		assert_int_equal(a->n_waived, b->n_waived);
		if (b->n_waived)
			assert_int_equal(a->original, b->original);
		assert_int_equal(a->n_instances, b->n_instances);
		for (j = 0; j < b->n_instances; j++)
			assert_instance_equal(&a->instances[j], &b->instances[j], cleaned);
	}
	for (m = 0; m < DA_RES_COUNT; m++)
		assert_int_equal(g->counts[m], r->counts[m]);
	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
		assert_float_equal(g->scores[m].score, r->scores[m].score, 1e-6);
		assert_float_equal(g->scores[m].max, r->scores[m].max, 1e-6);
	}
	assert_int_equal(g->n_waived, r->n_waived);
	assert_non_null(g->waivers);
	assert_string_equal(g->waivers->path, r->waivers->path);
}

static void test_arf_round_trip(void **state)
{
	struct fx *f = *state;
	char *arf = render(&da_report_arf, f->r);
	struct da_saved *s = parse_ok(arf, "saved.arf", NULL);

	assert_int_equal(s->format, DA_SAVED_ARF);
	assert_same_results(s, f->r, true);
	assert_string_equal(s->results->test_result_id, FX_TEST_RESULT_ID);
	/* An ARF names only the waivers that waived something (waiver 1). */
	assert_int_equal(s->waivers->n, 1);
	assert_int_equal(s->results->waiver_uses[0].waived, 1);
	assert_int_equal(s->results->waiver_uses[0].matched, f->r->waiver_uses[0].matched);
	assert_string_equal(s->waivers->items[0].rule_id, FX_RULE_PRIV);
	/* The benchmark came out of the ARF: the reports can be written again. */
	assert_non_null(s->bench->doc);
	free(render(&da_report_arf, s->results));
	da_saved_free(s);
	free(arf);
}

static void test_json_round_trip(void **state)
{
	struct fx *f = *state;
	char *json = render(&da_report_json, f->r), *again;
	struct da_saved *s = parse_ok(json, "saved.json", f->bench);

	assert_int_equal(s->format, DA_SAVED_JSON);
	assert_same_results(s, f->r, false);
	/* JSON keeps every waiver of the file and how it fared. */
	assert_int_equal(s->waivers->n, 3);
	assert_true(s->results->waiver_uses[1].expired);
	assert_string_equal(s->waivers->items[1].subject, "dockerd");
	assert_false(s->results->waiver_uses[2].expired);
	assert_int_equal(s->results->waiver_uses[2].waived, 0);
	assert_int_equal(s->results->waiver_day, FX_WAIVER_DAY);
	/* Written again, the document is the same. */
	again = render(&da_report_json, s->results);
	assert_string_equal(again, json);
	free(again);
	da_saved_free(s);
	free(json);
}

/* The ARF's benchmark with the TestResult inside: an XCCDF results file. */
static char *xccdf_results(const char *arf)
{
	xmlDoc *in = xmlReadMemory(arf, (int)strlen(arf), "a.xml", NULL, XML_PARSE_NONET);
	xmlDoc *out = xmlNewDoc(BAD_CAST "1.0");
	xmlNode *bench = NULL, *tr = NULL, *n, *root;
	xmlChar *mem;
	char *text;
	int len;

	assert_non_null(in);
	/* Walk the document in order: the benchmark comes first, then the report. */
	for (n = xmlDocGetRootElement(in); n;) {
		if (n->type == XML_ELEMENT_NODE && n->ns &&
		    xmlStrEqual(n->ns->href, BAD_CAST XCCDF_NS)) {
			if (xmlStrEqual(n->name, BAD_CAST "Benchmark") && !bench)
				bench = n;
			if (xmlStrEqual(n->name, BAD_CAST "TestResult"))
				tr = n;
		}
		if (n->children && !(bench == n))
			n = n->children;
		else {
			while (n && !n->next)
				n = n->parent;
			n = n ? n->next : NULL;
		}
	}
	assert_non_null(bench);
	assert_non_null(tr);
	root = xmlDocCopyNode(bench, out, 1);
	xmlDocSetRootElement(out, root);
	xmlAddChild(root, xmlDocCopyNode(tr, out, 1));
	xmlReconciliateNs(out, root);
	xmlDocDumpMemory(out, &mem, &len);
	text = da_xstrndup((const char *)mem, (size_t)len);
	xmlFree(mem);
	xmlFreeDoc(out);
	xmlFreeDoc(in);
	return text;
}

static void test_xccdf_results_round_trip(void **state)
{
	struct fx *f = *state;
	char *arf = render(&da_report_arf, f->r), *x = xccdf_results(arf);
	struct da_saved *s = parse_ok(x, "results.xml", NULL);
	char *again;

	assert_int_equal(s->format, DA_SAVED_XCCDF);
	assert_same_results(s, f->r, true);
	/* The TestResult is not part of the benchmark written again. */
	again = render(&da_report_arf, s->results);
	assert_int_equal(fx_count(again, "<TestResult"), 1);
	free(again);
	da_saved_free(s);
	free(x);
	free(arf);
}

/* The --results document: waivers as messages, not overrides. */
static void test_results_reporter_round_trip(void **state)
{
	struct fx *f = *state;
	char *x = render(&da_report_results, f->r), *again;
	struct da_saved *s = parse_ok(x, "results.xml", NULL);

	assert_int_equal(s->format, DA_SAVED_XCCDF);
	assert_same_results(s, f->r, true);
	assert_int_equal(s->waivers->n, 1);
	assert_string_equal(s->waivers->items[0].approved_by, FX_WAIVER_WHO);
	/* Written again and read again, the document no longer changes (the
	 * first writing may re-indent the checks it copied). */
	again = render(&da_report_results, s->results);
	da_saved_free(s);
	s = parse_ok(again, "again.xml", NULL);
	assert_same_results(s, f->r, true);
	free(x);
	x = render(&da_report_results, s->results);
	assert_string_equal(x, again);
	free(again);
	da_saved_free(s);
	free(x);
}

/* TEXT with the first FROM replaced by TO (caller frees). */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);

	assert_non_null(p);
	return da_xasprintf("%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
}

/* The same, for the first FROM after ANCHOR. */
static char *replace_after(const char *text, const char *anchor, const char *from, const char *to)
{
	const char *a = strstr(text, anchor), *p;

	assert_non_null(a);
	p = strstr(a, from);
	assert_non_null(p);
	return da_xasprintf("%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
}

static void test_malformed_xml(void **state)
{
	struct fx *f = *state;
	char *arf = render(&da_report_arf, f->r), *bad;

	expect_error("", "e.xml", NULL, "e.xml: empty file: not an ARF, XCCDF or JSON result");
	expect_error("hello", "t.txt", NULL, "t.txt: neither XML nor JSON: not an ARF, XCCDF or JSON result");
	expect_error("<a><b></a>", "x.xml", NULL, "x.xml:1: not well-formed XML: ");
	expect_error("<html/>", "h.xml", NULL,
		     "h.xml:1: <html> is neither an ARF 1.1 asset-report-collection nor an XCCDF 1.2 Benchmark");
	expect_error("<Benchmark xmlns=\"" XCCDF_NS "\" id=\"xccdf_a_benchmark_b\"/>", "b.xml", NULL,
		     "b.xml: the Benchmark holds no TestResult: not a results file");
	expect_error("<arf:asset-report-collection xmlns:arf=\"http://scap.nist.gov/schema/asset-reporting-format/1.1\"/>",
		     "a.xml", NULL, "a.xml: the ARF holds no XCCDF 1.2 TestResult");
	expect_error("<!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>", "d.xml", NULL,
		     "d.xml: a DOCTYPE is not allowed in a saved result");
	/* Truncated in the middle of the TestResult. */
	bad = da_xstrndup(arf, strstr(arf, "<rule-result") - arf + 40);
	expect_error(bad, "cut.xml", NULL, "cut.xml:");
	expect_error(bad, "cut.xml", NULL, "not well-formed XML");
	free(bad);
	bad = replace(arf, "<result>fail</result>", "<result>bogus</result>");
	expect_error(bad, "w.xml", NULL, "unknown result 'bogus'");
	free(bad);
	bad = replace(arf, "rule-result idref=\"" FX_RULE_ICC "\"",
		      "rule-result idref=\"xccdf_org.x_rule_gone\"");
	expect_error(bad, "r.xml", NULL,
		     "rule-result for 'xccdf_org.x_rule_gone', a rule the benchmark does not have");
	free(bad);
	/* The embedded benchmark is checked like any content. */
	bad = replace(arf, "weight=\"", "weight=\"x");
	expect_error(bad, "n.xml", NULL, "weight 'x1.0' is not a non-negative decimal number");
	free(bad);
	bad = replace_after(arf, "<rule-result", "weight=\"", "weight=\"x");
	expect_error(bad, "n.xml", NULL, "is not a number");
	free(bad);
	bad = replace_after(arf, "<TestResult", "end-time=\"", "end-time=\"x");
	expect_error(bad, "t.xml", NULL, "TestResult end-time 'x2026-11-25T08:00:07Z' is missing or not a time");
	free(bad);
	free(arf);
}

static void test_malformed_json(void **state)
{
	struct fx *f = *state;
	char *json = render(&da_report_json, f->r), *bad;

	expect_error("{\"schema\": \"dockaudit-facts\", \"schema_version\": 1}", "f.json", f->bench,
		     "f.json: no \"format\" member: not dockaudit JSON results");
	expect_error("{\"format\": \"dockaudit-diff\"}", "d.json", f->bench,
		     "d.json: format is 'dockaudit-diff', expected 'dockaudit-results'");
	expect_error("{\"format\": \"dockaudit-results\", \"format_version\": 2}", "v.json", f->bench,
		     "v.json: unsupported format_version (this build reads version 1)");
	expect_error("[1]", "a.json", f->bench, "a.json: neither XML nor JSON");
	bad = da_xstrndup(json, strlen(json) / 2);
	expect_error(bad, "cut.json", f->bench, "cut.json:");
	free(bad);
	bad = replace(json, "\"result\": \"fail\"", "\"result\": \"bogus\"");
	expect_error(bad, "w.json", f->bench, "w.json: rules[0]: unknown result 'bogus'");
	free(bad);
	bad = replace(json, "\"id\": \"" FX_RULE_MEM "\"", "\"id\": \"xccdf_org.x_rule_gone\"");
	expect_error(bad, "r.json", f->bench,
		     "r.json: rules[2]: rule 'xccdf_org.x_rule_gone' is not in the benchmark");
	free(bad);
	bad = replace(json, "\"xccdf_org.dockaudit.test_benchmark", "\"xccdf_org.other_benchmark");
	expect_error(bad, "b.json", f->bench, "b.json: the results are for benchmark 'xccdf_org.other_benchmark");
	free(bad);
	bad = replace(json, "\"rules\": [", "\"rules\": 3, \"x\": [");
	expect_error(bad, "a.json", f->bench, "a.json: \"rules\" is missing or not an array");
	free(bad);
	bad = replace(json, "\"rules\": [", "\"rules\": [{\"id\": \"" FX_RULE_MEM "\", \"result\": \"pass\"}, ");
	expect_error(bad, "d.json", f->bench, "d.json: rules[3]: rule '" FX_RULE_MEM "' is listed twice");
	free(bad);
	bad = replace(json, "\"start_time\": \"", "\"start_time\": \"x");
	expect_error(bad, "t.json", f->bench, "t.json: start_time or end_time is not an RFC 3339 time");
	free(bad);
	free(json);
}

/* The first instance of DOC's rules that holds a waiver object. */
static json_t *waived_instance(json_t *doc)
{
	json_t *rule, *in;
	size_t i, j;

	json_array_foreach (json_object_get(doc, "rules"), i, rule)
		json_array_foreach (json_object_get(rule, "instances"), j, in)
			if (json_is_object(json_object_get(in, "waiver")))
				return in;
	fail_msg("no waived instance");
	return NULL;
}

/* The first waived instance of R. */
static const struct da_instance *waived(const struct da_results *r)
{
	size_t i, j;

	for (i = 0; i < r->n_rules; i++)
		for (j = 0; j < r->rules[i].n_instances; j++)
			if (r->rules[i].instances[j].waiver)
				return &r->rules[i].instances[j];
	fail_msg("no waived instance");
	return NULL;
}

/* Members the JSON format may carry beyond version 1's first form, and a
 * profile from a tailoring: read when present. */
static void test_json_optional_members(void **state)
{
	struct fx *f = *state;
	char *json = render(&da_report_json, f->r), *edited;
	json_t *doc = json_loads(json, 0, NULL), *rule;
	struct da_saved *s;

	json_object_set_new(doc, "profile", json_string("xccdf_org.site_profile_tailored"));
	json_object_set_new(doc, "profile_title", json_string("Site tailoring"));
	json_object_set_new(json_object_get(doc, "host"), "fqdn", json_string("h.example.org"));
	json_object_set_new(json_object_get(doc, "host"), "addresses",
			    json_pack("{s:[s], s:[s], s:[s]}", "ipv4", "192.0.2.7/24", "ipv6",
				      "2001:db8::7", "mac", "02:42:ac:11:00:02"));
	json_object_set_new(doc, "daemon",
			    json_pack("{s:s, s:s, s:s, s:n}", "host", "unix:///run/d.sock", "version",
				      "20.10.24", "api_version", "1.41", "error"));
	json_object_set_new(doc, "containers", json_integer(6));
	rule = json_array_get(json_object_get(doc, "rules"), 0);
	json_object_set_new(rule, "weight", json_real(2.5));
	json_object_del(json_object_get(waived_instance(doc), "waiver"), "original_result");
	json_object_set_new(rule, "role", json_string("unscored"));
	edited = json_dumps(doc, 0);
	s = parse_ok(edited, "o.json", f->bench);
	assert_string_equal(s->results->profile->id, "xccdf_org.site_profile_tailored");
	assert_string_equal(s->results->profile->title, "Site tailoring");
	assert_string_equal(s->results->test_result_id, "xccdf_org.dockaudit_testresult_tailored");
	da_test_assert_json(json_object_get(s->facts, "host"),
			    "{\"hostname\": \"" FX_HOSTNAME "\", \"fqdn\": \"h.example.org\","
			    " \"os\": \"Debian GNU/Linux 12 (bookworm)\", \"kernel\": \"6.1.0-28-amd64\","
			    " \"interfaces\": [{\"name\": null, \"mac\": \"02:42:ac:11:00:02\","
			    " \"ipv4\": [{\"address\": \"192.0.2.7\", \"prefix_len\": 24}],"
			    " \"ipv6\": [{\"address\": \"2001:db8::7\"}]}]}");
	da_test_assert_json(json_object_get(s->facts, "daemon"),
			    "{\"host\": \"unix:///run/d.sock\","
			    " \"version\": {\"Version\": \"20.10.24\", \"ApiVersion\": \"1.41\"}}");
	da_test_assert_json(json_object_get(s->facts, "containers"), "{\"count\": 6}");
	assert_float_equal(s->results->rules[0].weight, 2.5, 1e-9);
	assert_int_equal(s->results->rules[0].role, DA_ROLE_UNSCORED);
	/* A waiver without original_result waived a failure. */
	assert_int_equal(waived(s->results)->original, DA_RES_FAIL);
	da_saved_free(s);
	free(edited);
	json_decref(doc);
	free(json);
}

/* Rules in another order than the benchmark's are found all the same. */
static void test_json_rules_out_of_order(void **state)
{
	struct fx *f = *state;
	char *json = render(&da_report_json, f->r), *edited;
	json_t *doc = json_loads(json, 0, NULL), *rules = json_object_get(doc, "rules"), *rev;
	struct da_saved *s;
	size_t i, n = json_array_size(rules);

	assert_true(n >= 3);
	rev = json_array();
	for (i = n; i-- > 0;)
		json_array_append(rev, json_array_get(rules, i));
	json_object_set_new(doc, "rules", rev);
	edited = json_dumps(doc, 0);
	s = parse_ok(edited, "rev.json", f->bench);
	assert_same_results(s, f->r, false);
	da_saved_free(s);
	free(edited);
	json_decref(doc);
	free(json);
}

/* An ARF's connections keep which addresses share an interface (by MAC). */
static void test_arf_interfaces(void **state)
{
	struct fx *f = *state;
	json_t *host = json_object_get(f->r->facts, "host");
	char *arf;
	struct da_saved *s;

	json_object_set_new(host, "interfaces",
			    json_pack("[{s:s, s:s, s:[{s:s, s:i}], s:[{s:s}]}, {s:s, s:s, s:[{s:s}], s:[]}]",
				      "name", "eth0", "mac", "02:42:ac:11:00:02", "ipv4", "address",
				      "192.0.2.7", "prefix_len", 24, "ipv6", "address", "2001:db8::7",
				      "name", "eth1", "mac", "02:42:ac:11:00:03", "ipv4", "address",
				      "198.51.100.1", "ipv6"));
	assert_non_null(json_object_get(host, "interfaces"));
	arf = render(&da_report_arf, f->r);
	s = parse_ok(arf, "i.xml", NULL);
	/* Names and prefix lengths are not in an ARF. */
	da_test_assert_json(da_facts_get(s->facts, "/host/interfaces"),
			    "[{\"name\": null, \"mac\": \"02:42:ac:11:00:02\","
			    " \"ipv4\": [{\"address\": \"192.0.2.7\"}], \"ipv6\": [{\"address\": \"2001:db8::7\"}]},"
			    " {\"name\": null, \"mac\": \"02:42:ac:11:00:03\","
			    " \"ipv4\": [{\"address\": \"198.51.100.1\"}], \"ipv6\": []}]");
	da_saved_free(s);
	free(arf);
}

/* target-address elements, where no address fact is given. */
static void test_arf_target_address(void **state)
{
	struct fx *f = *state;
	char *arf = render(&da_report_arf, f->r), *a;
	struct da_saved *s;

	a = replace(arf, "<target-facts>",
		    "<target-address>192.0.2.9</target-address><target-address>fe80::1</target-address><target-facts>");
	s = parse_ok(a, "t.xml", NULL);
	da_test_assert_json(da_facts_get(s->facts, "/host/interfaces"),
			    "[{\"name\": null, \"ipv4\": [{\"address\": \"192.0.2.9\"}],"
			    " \"ipv6\": [{\"address\": \"fe80::1\"}]}]");
	da_saved_free(s);
	free(a);
	free(arf);
}

/* ARF target facts and a profile the benchmark does not have. */
static void test_arf_facts_and_profile(void **state)
{
	struct fx *f = *state;
	char *arf = render(&da_report_arf, f->r), *a, *b;
	struct da_saved *s;

	a = replace(arf, "<profile idref=\"xccdf_org.dockaudit.test_profile_strict\"",
		    "<profile idref=\"xccdf_org.site_profile_tailored\"");
	b = replace(a, "<target-facts>",
		    "<target-facts><fact name=\"urn:xccdf:fact:asset:identifier:ipv4\" type=\"string\">10.1.2.3</fact>"
		    "<fact name=\"urn:xccdf:fact:asset:identifier:mac\" type=\"string\">02:42:ac:11:00:02</fact>");
	s = parse_ok(b, "f.xml", NULL);
	assert_string_equal(s->results->profile->id, "xccdf_org.site_profile_tailored");
	assert_null(s->results->profile->title);
	assert_string_equal(json_string_value(da_facts_get(s->facts, "/host/interfaces/0/ipv4/0/address")),
			    "10.1.2.3");
	da_test_assert_json(da_facts_get(s->facts, "/host/interfaces"),
			    "[{\"name\": null, \"mac\": \"02:42:ac:11:00:02\","
			    " \"ipv4\": [{\"address\": \"10.1.2.3\"}], \"ipv6\": []}]");
	assert_string_equal(json_string_value(da_facts_get(s->facts, "/daemon/version/Version")),
			    "24.0.7");
	assert_int_equal(json_integer_value(da_facts_get(s->facts, "/containers/count")), 3);
	da_saved_free(s);
	free(b);
	free(a);
	free(arf);
}

/* da_benchmark_load_doc refuses a document that is not a Benchmark, and
 * frees it (the ASan and valgrind builds see a leak otherwise). */
static void test_load_doc_root(void **state)
{
	const char *text = "<TestResult xmlns=\"" XCCDF_NS "\"/>";
	xmlDoc *doc = xmlReadMemory(text, (int)strlen(text), "t.xml", NULL, XML_PARSE_NONET);
	struct da_err err = { { 0 } };
	struct da_benchmark *b = NULL;

	(void)state;
	assert_non_null(doc);
	assert_int_equal(da_benchmark_load_doc(doc, "saved.xml", &b, &err), -1);
	assert_null(b);
	assert_string_equal(err.msg, "saved.xml:1: not an XCCDF 1.2 Benchmark");
}

static void test_missing_file(void **state)
{
	struct da_err err = { { 0 } };
	struct da_saved *s = NULL;

	(void)state;
	assert_int_equal(da_saved_load("/nonexistent/r.xml", NULL, &s, &err), -1);
	assert_string_equal(err.msg, "/nonexistent/r.xml: No such file or directory");
	da_saved_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_arf_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xccdf_results_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_results_reporter_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_xml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_optional_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_rules_out_of_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arf_facts_and_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arf_target_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arf_interfaces, setup, teardown),
		cmocka_unit_test(test_load_doc_root),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
