/*
 * The "json" reporter: results as one JSON document for machines, format
 * "dockaudit-results" version 1, documented field by field in docs/JSON.md.
 * Host text is kept verbatim (jansson escapes it); only invalid UTF-8,
 * which JSON cannot carry, is repaired.
 */
#include "report/report.h"
#include "report/util.h"
#include "engine/waivers.h"
#include "facts/facts.h"

#include <stdlib.h>
#include <string.h>

#define DA_JSON_FORMAT "dockaudit-results"
#define DA_JSON_FORMAT_VERSION 1

static json_t *time_str(time_t t)
{
	char buf[DA_REPORT_TIME_LEN];

	da_report_time(t, buf);
	return json_string(buf);
}

static json_t *benchmark_obj(const struct da_benchmark *b)
{
	return json_pack("{s:o, s:o, s:o}", "id", da_report_json_str(b->id), "title",
			 da_report_json_str(b->title), "version", da_report_json_str(b->version));
}

/* Append the string S to the array A unless it is NULL or already there. */
static void add_unique(json_t *a, const char *s)
{
	json_t *v;
	size_t i;

	if (!s || !*s)
		return;
	json_array_foreach (a, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return;
	json_array_append_new(a, json_string(s));
}

/* The addresses in the interface list IFACE's member FAMILY ("ipv4",
 * "ipv6") that are not loopback addresses. */
static void add_family(json_t *out, const json_t *iface, const char *family)
{
	const json_t *a;
	const char *addr;
	char *clean;
	size_t i;

	json_array_foreach (json_object_get(iface, family), i, a) {
		addr = json_string_value(json_object_get(a, "address"));
		if (!addr || strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0)
			continue;
		clean = da_report_clean(addr, 0);
		add_unique(out, clean);
		free(clean);
	}
}

/* The host's non-loopback addresses from the facts' /host/interfaces, in
 * interface order, each once. */
static json_t *addresses_obj(const json_t *facts)
{
	json_t *o = json_pack("{s:[], s:[], s:[]}", "ipv4", "ipv6", "mac");
	const json_t *iface;
	const char *mac;
	char *clean;
	size_t i;

	json_array_foreach (json_object_get(json_object_get(facts, "host"), "interfaces"), i, iface) {
		if (json_is_true(json_object_get(iface, "loopback")))
			continue;
		add_family(json_object_get(o, "ipv4"), iface, "ipv4");
		add_family(json_object_get(o, "ipv6"), iface, "ipv6");
		mac = json_string_value(json_object_get(iface, "mac"));
		if (mac && strcmp(mac, "00:00:00:00:00:00") != 0) {
			clean = da_report_clean(mac, 0);
			add_unique(json_object_get(o, "mac"), clean);
			free(clean);
		}
	}
	return o;
}

static json_t *host_obj(const json_t *facts)
{
	static const char *const members[] = { "hostname", "fqdn", "kernel", "os" };
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		json_object_set_new(o, members[i],
				    da_report_json_str(da_report_host(facts, members[i])));
	json_object_set_new(o, "addresses", addresses_obj(facts));
	return o;
}

/* The facts' string at POINTER, as a JSON string, or null. */
static json_t *fact_str(const json_t *facts, const char *pointer)
{
	return da_report_json_str(json_string_value(da_facts_get(facts, pointer)));
}

/* The Engine API that was audited: where, which version, or why not. An
 * unreachable daemon has its /daemon/error; a failed GET /version its own. */
static json_t *daemon_obj(const json_t *facts)
{
	json_t *e = fact_str(facts, "/daemon/error");

	if (json_is_null(e)) {
		json_decref(e);
		e = fact_str(facts, "/daemon/version/error");
	}
	return json_pack("{s:o, s:o, s:o, s:o}", "host", fact_str(facts, "/daemon/host"), "version",
			 fact_str(facts, "/daemon/version/Version"), "api_version",
			 fact_str(facts, "/daemon/version/ApiVersion"), "error", e);
}

/* How many containers the facts hold, or null when they were not listed. */
static json_t *containers_count(const json_t *facts)
{
	const json_t *n = da_facts_get(facts, "/containers/count");

	return json_is_integer(n) ? json_integer(json_integer_value(n)) : json_null();
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

/* The waiver that changed IN's result, or null. */
static json_t *instance_waiver(const struct da_instance *in)
{
	const struct da_waiver *w = in->waiver;

	if (!w)
		return json_null();
	return json_pack("{s:I, s:o, s:o, s:s, s:s}", "index", (json_int_t)w->index,
			 "justification", da_report_json_str(w->justification), "approved_by",
			 da_report_json_str(w->approved_by), "expires", w->expires,
			 "original_result", da_result_name(in->original));
}

static json_t *instance_obj(const struct da_instance *in)
{
	return json_pack("{s:{s:o, s:o, s:o}, s:s, s:o, s:o, s:o}", "subject", "kind",
			 da_report_json_str(in->kind), "name", da_report_json_str(in->name), "id",
			 da_report_json_str(in->id), "result", da_result_name(in->result),
			 "message", da_report_json_str(in->message), "evidence",
			 da_report_json_str(in->evidence), "waiver", instance_waiver(in));
}

/* The CIS section (top-level Group) holding IT: {id, title}, or null. */
static json_t *section_obj(const struct da_item *it)
{
	const struct da_item *g = da_report_section(it);

	if (!g)
		return json_null();
	return json_pack("{s:o, s:o}", "id", da_report_json_str(g->id), "title",
			 da_report_json_str(g->title));
}

static json_t *rule_obj(const struct da_rule_result *rr)
{
	const struct da_item *it = rr->item;
	json_t *inst = json_array();
	json_t *o;
	size_t i;

	for (i = 0; i < rr->n_instances; i++)
		json_array_append_new(inst, instance_obj(&rr->instances[i]));
	o = json_pack("{s:o, s:o, s:o, s:s, s:f, s:s, s:o, s:o}", "id", da_report_json_str(it->id),
		      "cis", da_report_json_str(it->rule ? it->rule->cis : NULL), "title",
		      da_report_json_str(it->title), "severity", da_severity_name(rr->severity),
		      "weight", da_report_finite(rr->weight), "role", da_role_name(rr->role),
		      "section", section_obj(it), "fix",
		      da_report_json_str(it->rule ? it->rule->fixtext : NULL));
	json_object_update_new(o,
			       json_pack("{s:s, s:s, s:I, s:o, s:o}", "result",
					 da_result_name(rr->result), "original_result",
					 da_result_name(rr->n_waived ? rr->original : rr->result),
					 "waived", (json_int_t)rr->n_waived, "message",
					 da_report_json_str(rr->message), "instances", inst));
	return o;
}

static json_t *rules_arr(const struct da_results *r)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < r->n_rules; i++)
		json_array_append_new(a, rule_obj(&r->rules[i]));
	return a;
}

/* One waiver of the file and how it fared. */
static json_t *waiver_obj(const struct da_waiver_use *u)
{
	const struct da_waiver *w = u->waiver;

	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:I, s:I}", "index", (json_int_t)w->index,
			 "rule", da_report_json_str(w->rule_id), "subject",
			 da_report_json_str(w->subject), "justification",
			 da_report_json_str(w->justification), "approved_by",
			 da_report_json_str(w->approved_by), "expires", w->expires, "matched",
			 (json_int_t)u->matched, "waived", (json_int_t)u->waived);
}

/* The waivers EXPIRED (or, if not, the live ones that waived nothing). */
static json_t *waiver_list(const struct da_results *r, bool expired)
{
	const struct da_waiver_use *u;
	json_t *a = json_array();
	size_t i;

	for (i = 0; r->waivers && i < r->waivers->n; i++) {
		u = &r->waiver_uses[i];
		if (expired ? u->expired : (!u->expired && !u->waived))
			json_array_append_new(a, waiver_obj(u));
	}
	return a;
}

static json_t *waivers_obj(const struct da_results *r)
{
	char day[DA_WAIVER_DATE_LEN];

	if (!r->waivers)
		return json_null();
	da_waiver_date_format(r->waiver_day, day);
	return json_pack("{s:o, s:s, s:I, s:I, s:I}", "file", da_report_json_str(r->waivers->path),
			 "date", day, "count", (json_int_t)r->waivers->n, "waived_instances",
			 (json_int_t)r->n_waived, "waived_rules", (json_int_t)da_report_waived_rules(r));
}

static json_t *document(const struct da_results *r)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "format", json_string(DA_JSON_FORMAT));
	json_object_set_new(doc, "format_version", json_integer(DA_JSON_FORMAT_VERSION));
	json_object_set_new(doc, "tool",
			    json_pack("{s:s, s:s}", "name", PACKAGE_NAME, "version", PACKAGE_VERSION));
	json_object_set_new(doc, "benchmark", benchmark_obj(r->bench));
	json_object_set_new(doc, "profile", da_report_json_str(r->profile ? r->profile->id : NULL));
	json_object_set_new(doc, "profile_title",
			    da_report_json_str(r->profile ? r->profile->title : NULL));
	json_object_set_new(doc, "start_time", time_str(r->start_time));
	json_object_set_new(doc, "end_time", time_str(r->end_time));
	json_object_set_new(doc, "host", host_obj(r->facts));
	json_object_set_new(doc, "daemon", daemon_obj(r->facts));
	json_object_set_new(doc, "containers", containers_count(r->facts));
	json_object_set_new(doc, "score", json_real(da_report_finite(r->scores[DA_SCORE_DEFAULT].score)));
	json_object_set_new(doc, "scores", scores_obj(r));
	json_object_set_new(doc, "summary", summary_obj(r));
	json_object_set_new(doc, "waivers", waivers_obj(r));
	json_object_set_new(doc, "expired_waivers", waiver_list(r, true));
	json_object_set_new(doc, "unused_waivers", waiver_list(r, false));
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
