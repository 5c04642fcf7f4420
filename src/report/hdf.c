/*
 * The "hdf" reporter: results as the JSON `inspec exec --reporter json`
 * writes (MITRE's Heimdall Data Format), which Chef Automate, Heimdall and
 * the SAF CLI read. One control per rule, one result per subject. Each
 * control's results are chosen so that the status those tools derive
 * (inspecjs: error, then impact 0 or a skipping waiver, then failed, passed,
 * skipped) is the rule's own result; docs/HDF.md has the table. Controls
 * are built and written one at a time, so a large audit never holds a
 * second copy of every result.
 */
#include "report/report.h"
#include "report/sha256.h"
#include "report/util.h"
#include "common/xalloc.h"
#include "content/describe.h"
#include "engine/waivers.h"
#include "facts/facts.h"

#include <libxml/c14n.h>
#include <libxml/hash.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))

/* The statuses of HDF results, in the order inspecjs lets them decide a
 * control's status (error first). NONE: a rule whose control has impact
 * 0 (not applicable, informational), which any result but error leaves
 * "Not Applicable". */
enum hdf_status { ST_ERROR, ST_FAILED, ST_PASSED, ST_SKIPPED, ST_NONE, ST_COUNT };

static const char *const status_word[ST_COUNT] = {
	[ST_ERROR] = "error",     [ST_FAILED] = "failed", [ST_PASSED] = "passed",
	[ST_SKIPPED] = "skipped", [ST_NONE] = "passed",
};

struct hdf {
	const struct da_results *r;
	FILE *out;
	json_t *start;             /* the evaluation's start, RFC 3339 */
	size_t totals[ST_COUNT];   /* results written, by status */
	xmlHashTable *rules;       /* rule id -> its Rule element, for the code */
};

/* ---- what each rule and subject becomes ---- */

/* The status the control of a rule whose result is the index must get
 * from the tools (ST_NONE: impact 0, "Not Applicable"), and the status of
 * a subject with that result before the control's target bounds it. */
static const enum hdf_status control_of[DA_RES_COUNT] = {
	[DA_RES_PASS] = ST_PASSED,	   [DA_RES_FAIL] = ST_FAILED,
	[DA_RES_ERROR] = ST_ERROR,	   [DA_RES_UNKNOWN] = ST_ERROR,
	[DA_RES_NOTAPPLICABLE] = ST_NONE,  [DA_RES_NOTCHECKED] = ST_SKIPPED,
	[DA_RES_NOTSELECTED] = ST_SKIPPED, [DA_RES_INFORMATIONAL] = ST_NONE,
	[DA_RES_FIXED] = ST_PASSED,
};
static const enum hdf_status subject_of[DA_RES_COUNT] = {
	[DA_RES_PASS] = ST_PASSED,	      [DA_RES_FAIL] = ST_FAILED,
	[DA_RES_ERROR] = ST_ERROR,	      [DA_RES_UNKNOWN] = ST_ERROR,
	[DA_RES_NOTAPPLICABLE] = ST_SKIPPED,  [DA_RES_NOTCHECKED] = ST_SKIPPED,
	[DA_RES_NOTSELECTED] = ST_SKIPPED,    [DA_RES_INFORMATIONAL] = ST_PASSED,
	[DA_RES_FIXED] = ST_PASSED,
};

static enum hdf_status control_target(enum da_result res)
{
	return (unsigned)res < DA_RES_COUNT ? control_of[res] : ST_ERROR;
}

static enum hdf_status instance_status(enum da_result res)
{
	return (unsigned)res < DA_RES_COUNT ? subject_of[res] : ST_ERROR;
}

/* The status IN is written with in the control of RR: its own, unless that
 * would decide the control against the rule's result (an error among the
 * subjects of a failing rule: dockaudit's roll-up lets a failure win, the
 * tools let an error win), in which case it is skipped with the reason. */
static enum hdf_status written_status(const struct da_rule_result *rr,
				      const struct da_instance *in)
{
	enum hdf_status t = control_target(rr->result), s = instance_status(in->result);

	if (t == ST_NONE)
		return s == ST_ERROR ? ST_SKIPPED : s;
	return s < t ? ST_SKIPPED : s;
}

/* Whether the control of RR needs a result for the rule as a whole: it
 * has no subjects, or none whose status gives the control its target. */
static int needs_rule_result(const struct da_rule_result *rr)
{
	enum hdf_status t = control_target(rr->result);
	size_t i;

	if (t == ST_NONE)
		return rr->n_instances == 0;
	for (i = 0; i < rr->n_instances; i++)
		if (written_status(rr, &rr->instances[i]) == t)
			return 0;
	return 1;
}

/* InSpec's impact: 0 for a rule that is not applicable or only informs
 * (the tools show impact 0 as "Not Applicable"), else by severity (unknown:
 * InSpec's default, 0.5); an applicable rule never gets 0, which would
 * hide its result. */
static double impact(const struct da_rule_result *rr)
{
	static const double by_severity[] = {
		[DA_SEV_UNKNOWN] = 0.5, [DA_SEV_INFO] = 0.1, [DA_SEV_LOW] = 0.3,
		[DA_SEV_MEDIUM] = 0.5,	[DA_SEV_HIGH] = 0.7,
	};

	if (control_target(rr->result) == ST_NONE)
		return 0.0;
	if ((unsigned)rr->severity >= sizeof(by_severity) / sizeof(by_severity[0]))
		return 0.5;
	return by_severity[rr->severity];
}

/* "container web (0123456789ab)", "file /etc/docker/daemon.json". */
static char *subject_label(const struct da_instance *in)
{
	const char *id = in->id;

	if (id && strncmp(id, "sha256:", 7) == 0)
		id += 7;
	if (id && *id && (!in->name || strcmp(in->name, id) != 0))
		return da_xasprintf("%s %s (%.12s)", in->kind ? in->kind : "subject",
				    in->name ? in->name : "", id);
	return da_xasprintf("%s %s", in->kind ? in->kind : "subject", in->name ? in->name : "");
}

/* The finding in words: the sentence a failing (or waived) subject's
 * message template gave, else the rule's title (what holds for a passing
 * subject, or what a skipped or erroneous one was to be judged on; their
 * messages go to skip_message and message). */
static const char *statement(const struct da_item *it, const struct da_instance *in)
{
	bool failed = in->result == DA_RES_FAIL || in->waiver;

	if (failed && in->message && *in->message &&
	    (!in->evidence || strcmp(in->message, in->evidence) != 0))
		return in->message;
	return it->title ? it->title : it->id;
}

static void set_str(json_t *o, const char *key, const char *s)
{
	if (s)
		json_object_set_new(o, key, da_report_json_str(s));
}

/* Move the string S (owned) into O as KEY. */
static void set_own(json_t *o, const char *key, char *s)
{
	set_str(o, key, s);
	free(s);
}

/* Why a subject was skipped, from its result and what was said of it. */
static char *skip_reason(enum da_result res, const char *said)
{
	said = said && *said ? said : "no reason given";
	switch (res) {
	case DA_RES_NOTAPPLICABLE:
		return da_xasprintf("Not applicable: %s", said);
	case DA_RES_NOTCHECKED:
		return da_xasprintf("Manual review: %s", said);
	case DA_RES_NOTSELECTED:
		return da_xasprintf("Not selected: %s", said);
	case DA_RES_ERROR:
	case DA_RES_UNKNOWN:
		return da_xasprintf("Could not be evaluated (the rule fails on another subject): %s",
				    said);
	default:
		return da_xasprintf("%s: %s", da_result_name(res), said);
	}
}

/* A waived subject's message: what it was, who waived it and why. */
static char *waived_message(const struct da_instance *in)
{
	const struct da_waiver *w = in->waiver;

	return da_xasprintf("waived (was %s) by waiver %zu, approved by %s until %s: %s%s%s",
			    da_result_name(in->original), w->index,
			    w->approved_by ? w->approved_by : "(nobody named)", w->expires,
			    w->justification ? w->justification : "",
			    in->evidence ? "; evidence: " : "", in->evidence ? in->evidence : "");
}

static json_t *result_base(struct hdf *h, enum hdf_status s, char *code_desc)
{
	json_t *o = json_object();

	h->totals[s]++;
	json_object_set_new(o, "status", json_string(status_word[s]));
	set_own(o, "code_desc", code_desc);
	json_object_set(o, "start_time", h->start);
	json_object_set_new(o, "run_time", json_real(0.0));
	return o;
}

static json_t *instance_result(struct hdf *h, const struct da_rule_result *rr,
			       const struct da_instance *in)
{
	enum hdf_status s = written_status(rr, in);
	const char *said = in->message ? in->message : in->evidence;
	char *label = subject_label(in);
	json_t *o;

	o = result_base(h, s, da_xasprintf("%s: %s", label, statement(rr->item, in)));
	free(label);
	if (s == ST_SKIPPED)
		set_own(o, "skip_message", skip_reason(in->result, said));
	if (in->waiver)
		set_own(o, "message", waived_message(in));
	else if (s == ST_ERROR)
		set_str(o, "message", said);
	else
		set_str(o, "message", in->evidence ? in->evidence : in->message);
	set_str(o, "resource", in->kind);
	set_str(o, "resource_id", in->id ? in->id : in->name);
	return o;
}

/* The result of a rule without subjects (an error before any subject, a
 * manual question, no subject to judge): the host, and the rule's
 * message. */
static json_t *rule_result(struct hdf *h, const struct da_rule_result *rr)
{
	enum hdf_status t = control_target(rr->result);
	enum hdf_status s = t == ST_NONE ? ST_SKIPPED : t;
	const char *said = rr->message ? rr->message : da_result_name(rr->result);
	const char *host = da_report_host(h->r->facts, "hostname");
	json_t *o = result_base(h, s, da_xasprintf("host%s%s: %s", host ? " " : "", host ? host : "",
						    rr->item->title ? rr->item->title : rr->item->id));

	if (s == ST_SKIPPED)
		set_own(o, "skip_message", skip_reason(rr->result, said));
	else
		set_str(o, "message", said);
	set_str(o, "resource", "host");
	return o;
}

/* ---- the control ---- */

static json_t *descriptions(const struct da_item *it)
{
	json_t *a = json_array();
	char *check = it->rule ? da_rule_describe(it->rule) : NULL;

	if (it->description)
		json_array_append_new(a, json_pack("{s:s, s:o}", "label", "default", "data",
						   da_report_json_str(it->description)));
	if (it->rationale)
		json_array_append_new(a, json_pack("{s:s, s:o}", "label", "rationale", "data",
						   da_report_json_str(it->rationale)));
	if (check)
		json_array_append_new(a, json_pack("{s:s, s:o}", "label", "check", "data",
						   da_report_json_str(check)));
	if (it->rule && it->rule->fixtext)
		json_array_append_new(a, json_pack("{s:s, s:o}", "label", "fix", "data",
						   da_report_json_str(it->rule->fixtext)));
	free(check);
	return a;
}

static json_t *refs(const struct da_item *it)
{
	json_t *a = json_array();
	const struct da_ref *ref;
	size_t i;

	for (i = 0; it->rule && i < it->rule->n_refs; i++) {
		ref = &it->rule->refs[i];
		json_array_append_new(a, json_object());
		set_str(json_array_get(a, i), "url", ref->href);
		set_str(json_array_get(a, i), "ref", ref->text);
	}
	return a;
}

static json_t *tags(const struct da_rule_result *rr)
{
	const struct da_item *it = rr->item, *sec = da_report_section(it);
	json_t *o = json_object();

	set_str(o, "severity", da_severity_name(rr->severity));
	if (it->rule && it->rule->cis) {
		set_str(o, "cis", it->rule->cis);
		set_str(o, "cis_version", DA_CIS_VERSION);
	}
	if (sec)
		set_str(o, "section", sec->title ? sec->title : sec->id);
	/* A string, as DISA checklists (hdf2ckl) carry a rule's weight. */
	set_own(o, "weight", da_xasprintf("%g", da_report_finite(rr->weight)));
	set_str(o, "role", da_role_name(rr->role));
	set_str(o, "result", da_result_name(rr->result));
	if (rr->n_waived)
		set_str(o, "original_result", da_result_name(rr->original));
	return o;
}

/* Whether waiver W (of the file) names RR's rule and expired unused. */
static int expired_for(const struct da_results *r, size_t i, const struct da_rule_result *rr)
{
	const struct da_waiver_use *u = &r->waiver_uses[i];

	return u->expired && u->matched && strcmp(u->waiver->rule_id, rr->item->id) == 0;
}

/* The control's waiver_data as InSpec writes it for a waiver whose control
 * still ran (run true, skipped_due_to_waiver false): the waived subjects'
 * results are the effective ones (passed), the rest as they were. Only
 * when a waiver applied to the rule or expired for it; else NULL. */
static json_t *waiver_data(const struct da_results *r, const struct da_rule_result *rr)
{
	const struct da_waiver *first = NULL, *w;
	char *just = NULL, *msg = NULL, *tmp;
	const char *expires = NULL;
	size_t i, j, n_applied = 0, n_expired = 0;
	json_t *o;

	for (i = 0; i < rr->n_instances; i++) {
		w = rr->instances[i].waiver;
		if (!w)
			continue;
		for (j = 0; j < i && rr->instances[j].waiver != w; j++)
			;
		if (j < i)
			continue; /* seen */
		if (!first)
			first = w;
		n_applied++;
		if (!expires || strcmp(w->expires, expires) < 0)
			expires = w->expires;
		tmp = da_xasprintf("%s%swaiver %zu (%s, approved by %s until %s): %s", just ? just : "",
				   just ? "; " : "", w->index, w->subject ? w->subject : "*",
				   w->approved_by ? w->approved_by : "nobody named", w->expires,
				   w->justification ? w->justification : "");
		free(just);
		just = tmp;
	}
	for (i = 0; r->waivers && r->waiver_uses && i < r->waivers->n; i++) {
		if (!expired_for(r, i, rr))
			continue;
		w = &r->waivers->items[i];
		n_expired++;
		if (!expires)
			expires = w->expires;
		tmp = da_xasprintf("%s%swaiver %zu expired on %s; the control was evaluated normally",
				   msg ? msg : "", msg ? "; " : "", w->index, w->expires);
		free(msg);
		msg = tmp;
		if (!first && n_expired == 1)
			first = w;
	}
	if (!first && !n_expired)
		return NULL;
	o = json_object();
	/* One waiver: its own words, as InSpec writes them; several: each. */
	if (n_applied > 1) {
		set_str(o, "justification", just);
	} else {
		set_str(o, "justification", first->justification);
		set_str(o, "approved_by", first->approved_by);
		set_str(o, "subject", first->subject);
	}
	free(just);
	set_str(o, "expiration_date", expires);
	json_object_set_new(o, "run", json_true());
	json_object_set_new(o, "skipped_due_to_waiver", json_false());
	if (n_applied) {
		tmp = da_xasprintf("%zu of %zu subjects waived%s%s", rr->n_waived, rr->n_instances,
				   msg ? "; " : "", msg ? msg : "");
		free(msg);
		msg = tmp;
	}
	set_own(o, "message", msg);
	json_object_set_new(o, "waived_subjects", json_integer((json_int_t)rr->n_waived));
	return o;
}

/* Every Rule element under N (of the benchmark document) into T by id. */
static void index_rules(xmlHashTable *t, xmlNode *n)
{
	xmlChar *id;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrEqual(n->name, BAD_CAST "Rule")) {
			index_rules(t, n->children);
			continue;
		}
		id = xmlGetProp(n, BAD_CAST "id");
		if (id)
			xmlHashAddEntry(t, id, n);
		xmlFree(id);
	}
}

/* InSpec's code, the control's source: the XCCDF Rule as the benchmark
 * holds it, check included (caller frees), or NULL. */
static char *rule_code(const struct hdf *h, const struct da_item *it)
{
	xmlNode *n = h->rules ? xmlHashLookup(h->rules, BAD_CAST it->id) : NULL;
	xmlBuffer *b;
	char *s = NULL;

	if (!n)
		return NULL;
	b = xmlBufferCreate();
	if (b && xmlNodeDump(b, h->r->bench->doc, n, 0, 0) >= 0)
		s = da_xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return s;
}

static json_t *control_obj(struct hdf *h, const struct da_rule_result *rr)
{
	const struct da_item *it = rr->item;
	json_t *o = json_object(), *res = json_array(), *wd;
	size_t i;

	json_object_set_new(o, "id", da_report_json_str(it->id));
	set_str(o, "title", it->title);
	set_str(o, "desc", it->description);
	json_object_set_new(o, "descriptions", descriptions(it));
	json_object_set_new(o, "impact", json_real(impact(rr)));
	json_object_set_new(o, "refs", refs(it));
	json_object_set_new(o, "tags", tags(rr));
	set_own(o, "code", rule_code(h, it));
	json_object_set_new(o, "source_location",
			    json_pack("{s:o, s:i}", "ref", da_report_json_str(h->r->bench->path),
				      "line", it->line));
	wd = waiver_data(h->r, rr);
	if (wd)
		json_object_set_new(o, "waiver_data", wd);
	for (i = 0; i < rr->n_instances; i++)
		json_array_append_new(res, instance_result(h, rr, &rr->instances[i]));
	if (needs_rule_result(rr))
		json_array_append_new(res, rule_result(h, rr));
	json_object_set_new(o, "results", res);
	return o;
}

/* ---- the document around the controls ---- */

/* Write "KEY": and V (taken), with the separator SEP before. */
static int put(struct hdf *h, const char *sep, const char *key, json_t *v)
{
	int rc;

	fprintf(h->out, "%s\"%s\":", sep, key);
	rc = json_dumpf(v, h->out, DUMP_FLAGS | JSON_ENCODE_ANY);
	json_decref(v);
	return rc;
}

/* The host: InSpec's platform name and release (os-release's ID and
 * VERSION_ID when the facts have them, else the OS name and the kernel),
 * the host name as the target, and what else the facts say of it. */
static json_t *platform_obj(const json_t *facts)
{
	const char *id = json_string_value(da_facts_get(facts, "/host/os_release/id"));
	const char *rel = json_string_value(da_facts_get(facts, "/host/os_release/version_id"));
	const char *os = da_report_host(facts, "os"), *kernel = da_report_host(facts, "kernel");
	const char *name = da_report_host(facts, "hostname");
	json_t *o = json_object();

	set_str(o, "name", id ? id : os ? os : "unknown");
	set_str(o, "release", rel ? rel : kernel ? kernel : "unknown");
	set_str(o, "target_id", name ? name : "unknown");
	set_str(o, "hostname", name);
	set_str(o, "fqdn", da_report_host(facts, "fqdn"));
	set_str(o, "os", os);
	set_str(o, "kernel", kernel);
	return o;
}

/* The SHA-256 (hex) of the benchmark as evaluated: its canonical XML
 * (C14N 1.0, no comments), so the same content gives the same digest
 * whatever the file's formatting. */
static json_t *bench_sha256(const struct da_benchmark *b)
{
	unsigned char d[DA_SHA256_LEN];
	char hex[2 * DA_SHA256_LEN + 1];
	xmlChar *buf = NULL;
	int len = -1;
	size_t i;

	if (b->doc)
		len = xmlC14NDocDumpMemory(b->doc, NULL, XML_C14N_1_0, NULL, 0, &buf);
	if (len < 0) {
		xmlFree(buf);
		buf = NULL;
		len = 0;
	}
	da_sha256(buf ? (const void *)buf : "", (size_t)len, d);
	xmlFree(buf);
	for (i = 0; i < DA_SHA256_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return json_string(hex);
}

static json_t *attribute(const char *name, json_t *value, const char *desc)
{
	return json_pack("{s:s, s:{s:o, s:s}}", "name", name, "options", "value", value,
			 "description", desc);
}

/* InSpec's inputs: what chose the rules and how they were scored. */
static json_t *attributes(const struct da_results *r)
{
	const struct da_profile *p = r->profile;
	json_t *a = json_array();

	json_array_append_new(a, attribute("profile", da_report_json_str(p ? p->id : NULL),
					   "XCCDF profile evaluated (null: the benchmark's default selection)"));
	json_array_append_new(a, attribute("profile_title", da_report_json_str(p ? p->title : NULL),
					   "its title"));
	json_array_append_new(a, attribute("benchmark", da_report_json_str(r->bench->id),
					   "XCCDF benchmark id"));
	json_array_append_new(a, attribute("cis_version", json_string(DA_CIS_VERSION),
					   "CIS Docker Benchmark version of the tags' cis numbers"));
	json_array_append_new(a, attribute("score",
					   json_real(da_report_finite(r->scores[DA_SCORE_DEFAULT].score)),
					   "XCCDF default-model score"));
	json_array_append_new(a, attribute("waivers",
					   da_report_json_str(r->waivers ? r->waivers->path : NULL),
					   "waiver file applied (null: none)"));
	return a;
}

/* The members of profiles[0] before its controls. */
static int profile_head(struct hdf *h)
{
	const struct da_results *r = h->r;
	const struct da_benchmark *b = r->bench;
	char *summary = da_xasprintf("%s, profile %s", b->title ? b->title : b->id,
				     r->profile ? (r->profile->title ? r->profile->title : r->profile->id)
						: "(default selection)");
	int rc = 0;

	rc |= put(h, "", "name", da_report_json_str(b->id));
	rc |= put(h, ",", "title", da_report_json_str(b->title));
	rc |= put(h, ",", "version", da_report_json_str(b->version));
	rc |= put(h, ",", "sha256", bench_sha256(b));
	rc |= put(h, ",", "summary", da_report_json_str(summary));
	rc |= put(h, ",", "maintainer", json_string(PACKAGE_NAME));
	rc |= put(h, ",", "status", json_string("loaded"));
	rc |= put(h, ",", "supports", json_pack("[{s:s}]", "platform-family", "linux"));
	rc |= put(h, ",", "attributes", attributes(r));
	rc |= put(h, ",", "depends", json_array());
	free(summary);
	return rc;
}

/* InSpec's groups: here the benchmark's sections, each with its controls
 * (the rules written, in document order). */
static json_t *groups(const struct da_results *r)
{
	const struct da_item *root = &r->bench->root, *g, *sec;
	json_t *a = json_array(), *ids;
	size_t i, j;

	for (i = 0; i <= root->n_children; i++) {
		/* The last pass gathers rules that sit in no section. */
		g = i < root->n_children ? root->children[i] : NULL;
		if (g && g->kind != DA_ITEM_GROUP)
			continue;
		ids = json_array();
		for (j = 0; j < r->n_rules; j++) {
			sec = da_report_section(r->rules[j].item);
			if (r->rules[j].result != DA_RES_NOTSELECTED && sec == g)
				json_array_append_new(ids, da_report_json_str(r->rules[j].item->id));
		}
		if (!json_array_size(ids)) {
			json_decref(ids);
			continue;
		}
		json_array_append_new(a, json_pack("{s:o, s:o, s:o}", "id",
						   da_report_json_str(g ? g->id : r->bench->id), "title",
						   da_report_json_str(g ? g->title : r->bench->title),
						   "controls", ids));
	}
	return a;
}

static json_t *statistics(const struct hdf *h)
{
	const struct da_results *r = h->r;
	double d = r->end_time >= r->start_time ? difftime(r->end_time, r->start_time) : 0;

	return json_pack("{s:f, s:{s:{s:I}, s:{s:I}, s:{s:I}, s:{s:I}}}", "duration", d, "controls",
			 "passed", "total", (json_int_t)(h->totals[ST_PASSED] + h->totals[ST_NONE]),
			 "failed", "total", (json_int_t)h->totals[ST_FAILED], "skipped", "total",
			 (json_int_t)h->totals[ST_SKIPPED], "error", "total",
			 (json_int_t)h->totals[ST_ERROR]);
}

/* Every selected rule's control, one at a time. */
static int controls(struct hdf *h)
{
	const char *sep = "\n";
	json_t *c;
	size_t i;
	int rc = 0;

	for (i = 0; i < h->r->n_rules && rc == 0; i++) {
		if (h->r->rules[i].result == DA_RES_NOTSELECTED)
			continue;
		c = control_obj(h, &h->r->rules[i]);
		fputs(sep, h->out);
		rc = json_dumpf(c, h->out, DUMP_FLAGS);
		json_decref(c);
		sep = ",\n";
	}
	return rc;
}

static int hdf_write(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
		     struct da_err *err)
{
	struct hdf h = { .r = r, .out = out };
	char start[DA_REPORT_TIME_LEN];
	int rc = 0;

	(void)opts;
	da_report_time(r->start_time, start);
	h.start = json_string(start);
	if (r->bench->doc) {
		h.rules = xmlHashCreate(256);
		index_rules(h.rules, xmlDocGetRootElement(r->bench->doc));
	}
	rc |= put(&h, "{", "platform", platform_obj(r->facts));
	fputs(",\"profiles\":[{", out);
	rc |= profile_head(&h);
	fputs(",\"controls\":[", out);
	rc |= controls(&h);
	fputs("\n]", out);
	rc |= put(&h, ",", "groups", groups(r));
	fputs("}]", out);
	rc |= put(&h, ",", "statistics", statistics(&h));
	rc |= put(&h, ",", "version", json_string(PACKAGE_VERSION));
	fputs("}\n", out);
	json_decref(h.start);
	xmlHashFree(h.rules, NULL);
	if (da_report_check_stream(out, err) < 0)
		return -1;
	return rc ? da_err_set(err, "cannot serialise the results as HDF") : 0;
}

const struct da_reporter da_report_hdf = {
	.name = "hdf",
	.summary = "results as InSpec exec JSON (HDF) for Heimdall, the SAF CLI and Chef Automate (see docs/HDF.md)",
	.write = hdf_write,
};
