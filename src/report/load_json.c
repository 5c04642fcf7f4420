/*
 * The JSON results reader: undoes report/json.c. The document names its
 * benchmark by id only, so it is read against a benchmark given (or the
 * installed one) that must hold every rule it lists.
 */
#include "report/load_int.h"
#include "common/xalloc.h"
#include "engine/score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_FORMAT "dockaudit-results"
#define JSON_FORMAT_VERSION 1
#define TESTRESULT_PREFIX "xccdf_org.dockaudit_testresult_"

/* The string member NAME of O: 0 and *OUT (borrowed; NULL when absent or
 * null unless REQUIRED), or -1 with an error naming WHERE. */
static int jstr(struct ld *ld, const json_t *o, const char *name, bool required,
		const char *where, const char **out)
{
	const json_t *v = json_object_get(o, name);

	*out = json_string_value(v);
	if (*out || (!required && (!v || json_is_null(v))))
		return 0;
	return da_err_set(ld->err, "%s: %s%s\"%s\" is %s", ld->name, where, *where ? ": " : "", name,
			  v ? "not a string" : "missing");
}

static int jresult(struct ld *ld, const json_t *o, const char *name, bool required,
		   const char *where, enum da_result *out)
{
	const char *s;
	int res;

	if (jstr(ld, o, name, required, where, &s) < 0)
		return -1;
	if (!s)
		return 0;
	res = da_result_parse(s);
	if (res < 0)
		return da_err_set(ld->err, "%s: %s: unknown result '%s'", ld->name, where, s);
	*out = (enum da_result)res;
	return 0;
}

static int jheader(struct ld *ld, const json_t *doc)
{
	const json_t *fmt = json_object_get(doc, "format");
	const json_t *ver = json_object_get(doc, "format_version");

	if (!json_is_object(doc))
		return da_err_set(ld->err, "%s: not a JSON object", ld->name);
	if (!json_is_string(fmt))
		return da_err_set(ld->err, "%s: no \"format\" member: not dockaudit JSON results",
				  ld->name);
	if (strcmp(json_string_value(fmt), JSON_FORMAT) != 0)
		return da_err_set(ld->err, "%s: format is '%s', expected '%s'", ld->name,
				  json_string_value(fmt), JSON_FORMAT);
	if (!json_is_integer(ver) || json_integer_value(ver) != JSON_FORMAT_VERSION)
		return da_err_set(ld->err, "%s: unsupported format_version (this build reads version %d)",
				  ld->name, JSON_FORMAT_VERSION);
	return 0;
}

static int jbenchmark(struct ld *ld, const json_t *doc, const char *benchmark)
{
	const char *id;
	char *path;
	int rc;

	if (jstr(ld, json_object_get(doc, "benchmark"), "id", true, "benchmark", &id) < 0)
		return -1;
	if (ld->given) {
		ld->s->bench = ld->given;
		path = da_xstrdup(ld->given->path);
		rc = 0;
	} else {
		path = benchmark ? da_xstrdup(benchmark) : da_default_benchmark_path();
		rc = da_benchmark_load(path, &ld->s->own_bench, ld->err);
		ld->s->bench = ld->s->own_bench;
	}
	ld->s->bench_version = da_ld_dup_or_null(
		json_string_value(json_object_get(json_object_get(doc, "benchmark"), "version")));
	if (rc == 0 && strcmp(id, ld->s->bench->id) != 0)
		rc = da_err_set(ld->err, "%s: the results are for benchmark '%s', but %s is '%s' (give the right one with --benchmark)",
				ld->name, id, path, ld->s->bench->id);
	free(path);
	return rc;
}

static void jfacts(struct ld *ld, const json_t *doc)
{
	static const char *const host_members[] = { "hostname", "fqdn", "os", "kernel" };
	const json_t *host = json_object_get(doc, "host"), *d = json_object_get(doc, "daemon");
	const json_t *c = json_object_get(doc, "containers");
	const json_t *addrs = json_object_get(host, "addresses"), *a;
	json_t *f = json_object(), *h = da_ld_obj_at(f, "host");
	static const char *const fam[] = { "ipv4", "ipv6", "mac" };
	size_t i, j;

	ld->s->facts = f;
	for (i = 0; i < sizeof(host_members) / sizeof(host_members[0]); i++)
		da_ld_set_str(h, host_members[i], json_string_value(json_object_get(host, host_members[i])));
	for (i = 0; i < 3; i++)
		json_array_foreach (json_object_get(addrs, fam[i]), j, a) {
			if (json_is_object(a))
				a = json_object_get(a, "address");
			if (json_is_string(a))
				da_ld_address_add(ld, fam[i], json_string_value(a));
		}
	if (json_is_object(d)) {
		da_ld_set_str(da_ld_obj_at(f, "daemon"), "host", json_string_value(json_object_get(d, "host")));
		da_ld_set_str(da_ld_obj_at(f, "daemon"), "error", json_string_value(json_object_get(d, "error")));
		a = json_object_get(d, "version");
		if (json_is_object(a))
			a = json_object_get(a, "Version");
		if (json_is_string(a))
			da_ld_set_str(da_ld_obj_at(da_ld_obj_at(f, "daemon"), "version"), "Version", json_string_value(a));
		a = json_object_get(d, "api_version");
		if (json_is_string(a))
			da_ld_set_str(da_ld_obj_at(da_ld_obj_at(f, "daemon"), "version"), "ApiVersion", json_string_value(a));
	}
	if (json_is_object(c))
		c = json_object_get(c, "count");
	if (json_is_integer(c))
		json_object_set_new(da_ld_obj_at(f, "containers"), "count", json_copy((json_t *)c));
}

/* A waiver entry of expired_waivers or unused_waivers. */
static int jwaiver_entry(struct ld *ld, const json_t *e, bool expired, const char *where)
{
	const char *rule, *subject, *just, *by, *expires;
	const json_t *index = json_object_get(e, "index");
	const json_t *matched = json_object_get(e, "matched");
	struct coll *c;

	if (!json_is_integer(index) || json_integer_value(index) < 1)
		return da_err_set(ld->err, "%s: %s: \"index\" is missing or not a positive integer",
				  ld->name, where);
	if (jstr(ld, e, "rule", true, where, &rule) < 0 || jstr(ld, e, "subject", true, where, &subject) < 0 ||
	    jstr(ld, e, "justification", true, where, &just) < 0 ||
	    jstr(ld, e, "approved_by", true, where, &by) < 0 ||
	    jstr(ld, e, "expires", true, where, &expires) < 0)
		return -1;
	c = da_ld_waiver_add(ld, (size_t)json_integer_value(index), rule, subject, just, by, expires);
	c->expired = expired;
	if (json_is_integer(matched) && json_integer_value(matched) > 0)
		c->matched = (size_t)json_integer_value(matched);
	return 0;
}

static int jwaivers(struct ld *ld, const json_t *doc)
{
	const json_t *ws = json_object_get(doc, "waivers"), *e;
	static const char *const lists[] = { "expired_waivers", "unused_waivers" };
	const char *file, *date;
	char where[64];
	size_t i, k;

	if (!json_is_object(ws))
		return 0;
	if (jstr(ld, ws, "file", false, "waivers", &file) < 0 ||
	    jstr(ld, ws, "date", false, "waivers", &date) < 0)
		return -1;
	ld->waiver_path = da_ld_dup_or_null(file);
	ld->have_day = date && da_waiver_date_parse(date, &ld->waiver_day) == 0;
	for (k = 0; k < 2; k++)
		json_array_foreach (json_object_get(doc, lists[k]), i, e) {
			snprintf(where, sizeof(where), "%s[%zu]", lists[k], i);
			if (jwaiver_entry(ld, e, k == 0, where) < 0)
				return -1;
		}
	return 0;
}

/* The waiver object of instance INST of rule RULE, when not null. */
static int jinstance_waiver(struct ld *ld, const json_t *w, size_t rule, size_t inst,
			    const char *where)
{
	struct da_instance *in = &ld->r->rules[rule].instances[inst];
	const json_t *index = json_object_get(w, "index");
	const char *just, *by, *expires;

	if (!w || json_is_null(w))
		return 0;
	if (!json_is_integer(index) || json_integer_value(index) < 1)
		return da_err_set(ld->err, "%s: %s: waiver \"index\" is missing or not a positive integer",
				  ld->name, where);
	in->original = DA_RES_FAIL;
	if (jstr(ld, w, "justification", false, where, &just) < 0 ||
	    jstr(ld, w, "approved_by", false, where, &by) < 0 ||
	    jstr(ld, w, "expires", false, where, &expires) < 0 ||
	    jresult(ld, w, "original_result", false, where, &in->original) < 0)
		return -1;
	da_ld_waiver_add(ld, (size_t)json_integer_value(index), ld->r->rules[rule].item->id, NULL, just,
		   by, expires);
	da_ld_pending_add(ld, rule, inst, (size_t)json_integer_value(index));
	return 0;
}

static int jinstance(struct ld *ld, const json_t *o, size_t rule, const char *where)
{
	struct da_rule_result *rr = &ld->r->rules[rule];
	const json_t *subj = json_object_get(o, "subject");
	struct da_instance *in;
	const char *kind, *name, *id, *msg, *evidence;

	if (!json_is_object(o) || !json_is_object(subj))
		return da_err_set(ld->err, "%s: %s: not an object with a \"subject\" object", ld->name,
				  where);
	if (jstr(ld, subj, "kind", false, where, &kind) < 0 ||
	    jstr(ld, subj, "name", false, where, &name) < 0 ||
	    jstr(ld, subj, "id", false, where, &id) < 0 ||
	    jstr(ld, o, "message", false, where, &msg) < 0 ||
	    jstr(ld, o, "evidence", false, where, &evidence) < 0)
		return -1;
	in = da_ld_instance_add(rr);
	in->kind = da_ld_dup_or_null(kind);
	in->name = da_ld_dup_or_null(name);
	in->id = da_ld_dup_or_null(id);
	in->message = da_ld_dup_or_null(msg);
	in->evidence = da_ld_dup_or_null(evidence);
	if (jresult(ld, o, "result", true, where, &in->result) < 0)
		return -1;
	return jinstance_waiver(ld, json_object_get(o, "waiver"), rule, rr->n_instances - 1, where);
}

static int jrule_props(struct ld *ld, const json_t *o, struct da_rule_result *rr,
		       const char *where)
{
	const json_t *w = json_object_get(o, "weight");
	const char *sev, *role, *msg;
	int v;

	if (jstr(ld, o, "severity", false, where, &sev) < 0 ||
	    jstr(ld, o, "role", false, where, &role) < 0 ||
	    jstr(ld, o, "message", false, where, &msg) < 0)
		return -1;
	if (sev && da_severity_parse(sev) == DA_SEV_UNKNOWN && strcmp(sev, "unknown") != 0)
		return da_err_set(ld->err, "%s: %s: unknown severity '%s'", ld->name, where, sev);
	if (sev)
		rr->severity = da_severity_parse(sev);
	v = role ? da_role_parse(role) : (int)rr->role;
	if (v < 0)
		return da_err_set(ld->err, "%s: %s: unknown role '%s'", ld->name, where, role);
	rr->role = (enum da_role)v;
	if (w && !json_is_number(w))
		return da_err_set(ld->err, "%s: %s: \"weight\" is not a number", ld->name, where);
	if (w)
		rr->weight = json_number_value(w);
	rr->message = da_ld_dup_or_null(msg);
	return 0;
}

static int jrule(struct ld *ld, const json_t *o, size_t n)
{
	const json_t *insts = json_object_get(o, "instances"), *e;
	struct da_rule_result *rr;
	const char *id;
	char where[96];
	size_t j;
	long i;

	snprintf(where, sizeof(where), "rules[%zu]", n);
	if (!json_is_object(o))
		return da_err_set(ld->err, "%s: %s: not an object", ld->name, where);
	if (jstr(ld, o, "id", true, where, &id) < 0)
		return -1;
	i = da_ld_rule_index(ld, id);
	if (i < 0)
		return da_err_set(ld->err, "%s: %s: rule '%s' is not in the benchmark %s", ld->name,
				  where, id, ld->s->bench->path);
	rr = &ld->r->rules[i];
	if (ld->s->listed[i])
		return da_err_set(ld->err, "%s: %s: rule '%s' is listed twice", ld->name, where, id);
	ld->s->listed[i] = true;
	if (jresult(ld, o, "result", true, where, &rr->result) < 0 ||
	    jrule_props(ld, o, rr, where) < 0)
		return -1;
	rr->original = rr->result;
	if (jresult(ld, o, "original_result", false, where, &rr->original) < 0)
		return -1;
	if (insts && !json_is_array(insts))
		return da_err_set(ld->err, "%s: %s: \"instances\" is not an array", ld->name, where);
	json_array_foreach (insts, j, e) {
		snprintf(where, sizeof(where), "rules[%zu].instances[%zu]", n, j);
		if (jinstance(ld, e, (size_t)i, where) < 0)
			return -1;
	}
	return 0;
}

static int jscores(struct ld *ld, const json_t *doc)
{
	const json_t *scores = json_object_get(doc, "scores"), *s;
	int m;

	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
		s = json_object_get(scores, da_score_model_name(m));
		if (!s)
			continue;
		if (!json_is_number(json_object_get(s, "score")) ||
		    !json_is_number(json_object_get(s, "max")))
			return da_err_set(ld->err, "%s: scores.%s: \"score\" and \"max\" must be numbers",
					  ld->name, da_score_model_name(m));
		ld->r->scores[m].score = json_number_value(json_object_get(s, "score"));
		ld->r->scores[m].max = json_number_value(json_object_get(s, "max"));
		ld->have_score[m] = true;
	}
	return 0;
}

static int jtimes_profile(struct ld *ld, const json_t *doc)
{
	const char *start, *end, *prof, *title, *s;

	if (jstr(ld, doc, "start_time", true, "", &start) < 0 ||
	    jstr(ld, doc, "end_time", true, "", &end) < 0 || jstr(ld, doc, "profile", false, "", &prof) < 0 ||
	    jstr(ld, doc, "profile_title", false, "", &title) < 0)
		return -1;
	if (da_ld_parse_time(start, &ld->r->start_time) < 0 || da_ld_parse_time(end, &ld->r->end_time) < 0)
		return da_err_set(ld->err, "%s: start_time or end_time is not an RFC 3339 time",
				  ld->name);
	s = prof && strstr(prof, "_profile_") ? strstr(prof, "_profile_") + strlen("_profile_") : prof;
	ld->r->test_result_id = da_xasprintf(TESTRESULT_PREFIX "%s", s ? s : "default");
	if (!prof)
		return 0;
	ld->r->profile = da_benchmark_profile(ld->s->bench, prof);
	if (!ld->r->profile) {
		ld->s->profile = da_xcalloc(1, sizeof(*ld->s->profile));
		ld->s->profile->id = da_xstrdup(prof);
		ld->s->profile->title = da_ld_dup_or_null(title);
		ld->r->profile = ld->s->profile;
	}
	return 0;
}

int da_ld_parse_json(struct ld *ld, const char *text, size_t len, const char *benchmark)
{
	json_error_t jerr;
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr), *e;
	const json_t *rules;
	size_t i;
	int rc = -1;

	ld->s->format = DA_SAVED_JSON;
	if (!doc)
		return da_err_set(ld->err, "%s:%d:%d: %s", ld->name, jerr.line, jerr.column, jerr.text);
	if (jheader(ld, doc) < 0 || jbenchmark(ld, doc, benchmark) < 0)
		goto out;
	rules = json_object_get(doc, "rules");
	if (!json_is_array(rules)) {
		da_err_set(ld->err, "%s: \"rules\" is missing or not an array", ld->name);
		goto out;
	}
	jfacts(ld, doc);
	da_ld_interfaces_finish(ld);
	da_ld_results_init(ld);
	if (jtimes_profile(ld, doc) < 0 || jscores(ld, doc) < 0 || jwaivers(ld, doc) < 0)
		goto out;
	json_array_foreach (rules, i, e)
		if (jrule(ld, e, i) < 0)
			goto out;
	if (!ld->have_day)
		ld->waiver_day = (long)(ld->r->end_time / 86400);
	da_ld_waivers_finish(ld);
	da_ld_results_finish(ld, false);
	rc = 0;
out:
	json_decref(doc);
	return rc;
}
