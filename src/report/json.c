/*
 * The "json" reporter: results as one JSON document for machines, format
 * "dockaudit-results" version 1, documented field by field in docs/JSON.md.
 * Host text is kept verbatim (jansson escapes it); only invalid UTF-8,
 * which JSON cannot carry, is repaired.
 */
#include "report/report.h"
#include "report/util.h"

#include <stdlib.h>

#define DA_JSON_FORMAT "dockaudit-results"
#define DA_JSON_FORMAT_VERSION 1

/* A JSON string for S (null for NULL). */
static json_t *str(const char *s)
{
	char *clean = da_report_clean(s, 0);
	json_t *j = clean ? json_string(clean) : json_null();

	free(clean);
	return j;
}

static json_t *time_str(time_t t)
{
	char buf[DA_REPORT_TIME_LEN];

	da_report_time(t, buf);
	return json_string(buf);
}

static json_t *benchmark_obj(const struct da_benchmark *b)
{
	return json_pack("{s:o, s:o, s:o}", "id", str(b->id), "title", str(b->title), "version",
			 str(b->version));
}

static json_t *host_obj(const json_t *facts)
{
	static const char *const members[] = { "hostname", "kernel", "os" };
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		json_object_set_new(o, members[i], str(da_report_host(facts, members[i])));
	return o;
}

static json_t *scores_obj(const struct da_results *r)
{
	json_t *o = json_object();
	int m;

	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++)
		json_object_set_new(o, da_score_model_name(m),
				    json_pack("{s:f, s:f}", "score", da_report_finite(r->scores[m].score),
					      "max", da_report_finite(r->scores[m].max)));
	return o;
}

static json_t *summary_obj(const struct da_results *r)
{
	json_t *o = json_object();
	json_int_t total = 0;
	int i;

	for (i = 0; i < DA_RES_COUNT; i++) {
		json_object_set_new(o, da_result_name(i), json_integer((json_int_t)r->counts[i]));
		total += (json_int_t)r->counts[i];
	}
	json_object_set_new(o, "total", json_integer(total));
	return o;
}

static json_t *instance_obj(const struct da_instance *in)
{
	return json_pack("{s:{s:o, s:o, s:o}, s:s, s:o}", "subject", "kind", str(in->kind), "name",
			 str(in->name), "id", str(in->id), "result", da_result_name(in->result),
			 "message", str(in->message));
}

static json_t *rule_obj(const struct da_rule_result *rr)
{
	const struct da_item *it = rr->item;
	json_t *inst = json_array();
	size_t i;

	for (i = 0; i < rr->n_instances; i++)
		json_array_append_new(inst, instance_obj(&rr->instances[i]));
	return json_pack("{s:o, s:o, s:o, s:s, s:s, s:o, s:o}", "id", str(it->id), "cis",
			 str(it->rule ? it->rule->cis : NULL), "title", str(it->title), "severity",
			 da_severity_name(it->rule ? it->rule->severity : DA_SEV_UNKNOWN), "result",
			 da_result_name(rr->result), "message", str(rr->message), "instances", inst);
}

static json_t *rules_arr(const struct da_results *r)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < r->n_rules; i++)
		json_array_append_new(a, rule_obj(&r->rules[i]));
	return a;
}

static json_t *document(const struct da_results *r)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "format", json_string(DA_JSON_FORMAT));
	json_object_set_new(doc, "format_version", json_integer(DA_JSON_FORMAT_VERSION));
	json_object_set_new(doc, "tool",
			    json_pack("{s:s, s:s}", "name", PACKAGE_NAME, "version", PACKAGE_VERSION));
	json_object_set_new(doc, "benchmark", benchmark_obj(r->bench));
	json_object_set_new(doc, "profile", str(r->profile ? r->profile->id : NULL));
	json_object_set_new(doc, "start_time", time_str(r->start_time));
	json_object_set_new(doc, "end_time", time_str(r->end_time));
	json_object_set_new(doc, "host", host_obj(r->facts));
	json_object_set_new(doc, "score", json_real(da_report_finite(r->scores[DA_SCORE_DEFAULT].score)));
	json_object_set_new(doc, "scores", scores_obj(r));
	json_object_set_new(doc, "summary", summary_obj(r));
	json_object_set_new(doc, "rules", rules_arr(r));
	return doc;
}

static int json_write(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
		      struct da_err *err)
{
	json_t *doc = document(r);
	int rc;

	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	json_decref(doc);
	fputc('\n', out);
	if (da_report_check_stream(out, err) < 0)
		return -1;
	return rc < 0 ? da_err_set(err, "cannot serialise the results as JSON") : 0;
}

const struct da_reporter da_report_json = {
	.name = "json",
	.summary = "results as JSON (format dockaudit-results, see docs/JSON.md)",
	.write = json_write,
};
