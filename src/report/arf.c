/*
 * The "arf" reporter: an ARF 1.1 asset-report-collection shaped like the
 * ones `oscap xccdf eval --results-arf` writes, so the OpenSCAP tools (rds-
 * validate, rds-split, info, generate report) accept it: the evaluated
 * benchmark inside a source data stream (the report request), the host as
 * an ai:computing-device, and the XCCDF 1.2 TestResult as the report. A
 * waived failure is an XCCDF override: the rule-result's result is the
 * effective one, the override keeps the original with who and why.
 */
#include "report/report.h"
#include "report/util.h"
#include "common/xalloc.h"
#include "engine/eval.h"
#include "engine/waivers.h"
#include "facts/facts.h"

#include <libxml/tree.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NS_ARF "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define NS_CORE "http://scap.nist.gov/schema/reporting-core/1.1"
#define NS_AI "http://scap.nist.gov/schema/asset-identification/1.1"
#define NS_ARFVOCAB "http://scap.nist.gov/specifications/arf/vocabulary/relationships/1.0#"
#define NS_DS "http://scap.nist.gov/schema/scap/source/1.2"
#define NS_XLINK "http://www.w3.org/1999/xlink"
#define NS_OVAL_DEF "http://oval.mitre.org/XMLSchema/oval-definitions-5"
#define NS_OVAL "http://oval.mitre.org/XMLSchema/oval-common-5"

#define ID_COLLECTION "scap_org.dockaudit_collection_results"
#define ID_DATASTREAM "scap_org.dockaudit_datastream_results"
#define ID_CREF_XCCDF "scap_org.dockaudit_cref_xccdf"
#define ID_COMP_XCCDF "scap_org.dockaudit_comp_xccdf"
#define ID_CREF_CHECKS "scap_org.dockaudit_cref_checks"
#define ID_COMP_CHECKS "scap_org.dockaudit_comp_checks"
#define ID_REQUEST "collection1"
#define ID_ASSET "asset0"
#define ID_REPORT "xccdf1"
#define TEST_RESULT_FALLBACK_ID "xccdf_org.dockaudit_testresult_default"

/* A Rule element of the benchmark document, by id. */
struct rule_node {
	xmlChar *id;
	xmlNode *node;
};

struct arf {
	const struct da_results *r;
	xmlDoc *doc;
	xmlNs *xccdf; /* on the TestResult */
	char start[DA_REPORT_TIME_LEN];
	char end[DA_REPORT_TIME_LEN];
	struct rule_node *rules;
	size_t n_rules;
};

/* ---- small builders; every text and attribute value is cleaned ---- */

static xmlNode *add(xmlNode *parent, xmlNs *ns, const char *name, const char *text)
{
	char *clean = da_report_clean(text, DA_CLEAN_CONTROLS | DA_CLEAN_KEEP_LINES);
	xmlNode *n = xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST clean);

	free(clean);
	return n;
}

static void attr(xmlNode *n, const char *name, const char *value)
{
	char *clean = da_report_clean(value ? value : "", DA_CLEAN_CONTROLS);

	xmlNewProp(n, BAD_CAST name, BAD_CAST clean);
	free(clean);
}

static void ns_attr(xmlNode *n, xmlNs *ns, const char *name, const char *value)
{
	xmlNewNsProp(n, ns, BAD_CAST name, BAD_CAST value);
}

/* Deep-copy NODE of the benchmark document under PARENT. Namespaces the
 * copy uses but that are declared above NODE (xmlns:da on the Benchmark)
 * are declared again on the copy. */
static int copy_under(struct arf *a, xmlNode *parent, xmlNode *node)
{
	xmlNode *copy = xmlDocCopyNode(node, a->doc, 1);

	if (!copy)
		return -1;
	xmlAddChild(parent, copy);
	return xmlReconciliateNs(a->doc, copy) < 0 ? -1 : 0;
}

static int in_xccdf(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST DA_XCCDF_NS) &&
	       xmlStrEqual(n->name, BAD_CAST name);
}

/* ---- the index of Rule elements in the benchmark document ---- */

static void index_walk(struct arf *a, xmlNode *n)
{
	xmlChar *id;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (in_xccdf(n, "Rule") && (id = xmlGetProp(n, BAD_CAST "id"))) {
			a->rules = da_xreallocarray(a->rules, a->n_rules + 1, sizeof(*a->rules));
			a->rules[a->n_rules].id = id;
			a->rules[a->n_rules++].node = n;
		}
		index_walk(a, n->children);
	}
}

static int rule_node_cmp(const void *x, const void *y)
{
	const struct rule_node *p = x, *q = y;

	return strcmp((const char *)p->id, (const char *)q->id);
}

static xmlNode *rule_node(const struct arf *a, const char *id)
{
	struct rule_node key = { .id = BAD_CAST id }, *hit;

	if (!id || !a->n_rules)
		return NULL;
	hit = bsearch(&key, a->rules, a->n_rules, sizeof(*a->rules), rule_node_cmp);
	return hit ? hit->node : NULL;
}

/* ---- host facts ---- */

/* Whether S fits ai:hostname-type: labels of [A-Za-z0-9_-] joined by dots. */
static int is_hostname(const char *s)
{
	size_t label = 0;

	if (!s || !*s)
		return 0;
	for (; *s; s++) {
		if (*s == '.' && label == 0)
			return 0;
		if (*s == '.')
			label = 0;
		else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			 (*s >= '0' && *s <= '9') || *s == '-' || *s == '_')
			label++;
		else
			return 0;
	}
	return label > 0;
}

/* ---- the report request: our benchmark in a source data stream ---- */

static void component_ref(xmlNode *parent, xmlNs *ds, xmlNs *xlink, const char *list,
			  const char *id, const char *target)
{
	xmlNode *l = xmlNewChild(parent, ds, BAD_CAST list, NULL);
	xmlNode *ref = xmlNewChild(l, ds, BAD_CAST "component-ref", NULL);
	char *href = da_xasprintf("#%s", target);

	attr(ref, "id", id);
	ns_attr(ref, xlink, "href", href);
	free(href);
}

/* SCAP 1.2 requires a data stream to list at least one check component.
 * Our checks live inside the rules (urn:dockaudit:check:1), so the check
 * component is an OVAL document that defines nothing. */
static void empty_checks(struct arf *a, xmlNode *component)
{
	xmlNode *defs = xmlNewChild(component, NULL, BAD_CAST "oval_definitions", NULL);
	xmlNs *def = xmlNewNs(defs, BAD_CAST NS_OVAL_DEF, NULL);
	xmlNs *oval = xmlNewNs(defs, BAD_CAST NS_OVAL, BAD_CAST "oval");
	xmlNode *gen;

	xmlSetNs(defs, def);
	gen = xmlNewChild(defs, def, BAD_CAST "generator", NULL);
	add(gen, oval, "product_name", PACKAGE_NAME);
	add(gen, oval, "product_version", PACKAGE_VERSION);
	add(gen, oval, "schema_version", "5.11.1");
	add(gen, oval, "timestamp", a->start);
}

static int data_stream_collection(struct arf *a, xmlNode *content)
{
	xmlNode *dsc = xmlNewChild(content, NULL, BAD_CAST "data-stream-collection", NULL);
	xmlNs *ds = xmlNewNs(dsc, BAD_CAST NS_DS, BAD_CAST "ds");
	xmlNs *xlink = xmlNewNs(dsc, BAD_CAST NS_XLINK, BAD_CAST "xlink");
	xmlNode *stream, *comp;

	xmlSetNs(dsc, ds);
	attr(dsc, "id", ID_COLLECTION);
	attr(dsc, "schematron-version", "1.2");
	stream = xmlNewChild(dsc, ds, BAD_CAST "data-stream", NULL);
	attr(stream, "id", ID_DATASTREAM);
	attr(stream, "scap-version", "1.2");
	attr(stream, "use-case", "CONFIGURATION");
	attr(stream, "timestamp", a->start);
	component_ref(stream, ds, xlink, "checklists", ID_CREF_XCCDF, ID_COMP_XCCDF);
	component_ref(stream, ds, xlink, "checks", ID_CREF_CHECKS, ID_COMP_CHECKS);
	comp = xmlNewChild(dsc, ds, BAD_CAST "component", NULL);
	attr(comp, "id", ID_COMP_XCCDF);
	attr(comp, "timestamp", a->start);
	if (copy_under(a, comp, xmlDocGetRootElement(a->r->bench->doc)) < 0)
		return -1;
	comp = xmlNewChild(dsc, ds, BAD_CAST "component", NULL);
	attr(comp, "id", ID_COMP_CHECKS);
	attr(comp, "timestamp", a->start);
	empty_checks(a, comp);
	return 0;
}

static int report_requests(struct arf *a, xmlNode *root, xmlNs *arf)
{
	xmlNode *reqs = xmlNewChild(root, arf, BAD_CAST "report-requests", NULL);
	xmlNode *req = xmlNewChild(reqs, arf, BAD_CAST "report-request", NULL);

	attr(req, "id", ID_REQUEST);
	return data_stream_collection(a, xmlNewChild(req, arf, BAD_CAST "content", NULL));
}

/* ---- relationships and the asset ---- */

static void relationship(xmlNode *rels, xmlNs *core, const char *type, const char *ref)
{
	xmlNode *rel = xmlNewChild(rels, core, BAD_CAST "relationship", NULL);

	attr(rel, "type", type);
	attr(rel, "subject", ID_REPORT);
	add(rel, core, "ref", ref);
}

static void relationships(xmlNode *root, xmlNs *core)
{
	xmlNode *rels = xmlNewChild(root, core, BAD_CAST "relationships", NULL);

	xmlNewNs(rels, BAD_CAST NS_ARFVOCAB, BAD_CAST "arfvocab");
	relationship(rels, core, "arfvocab:createdFor", ID_REQUEST);
	relationship(rels, core, "arfvocab:isAbout", ID_ASSET);
}

/* The host as an asset. Names that do not fit ai:hostname-type (possible
 * in a crafted fact file) are left out here; the TestResult keeps them. */
static void assets(const struct arf *a, xmlNode *root, xmlNs *arf, xmlNs *ai)
{
	const char *host = da_report_host(a->r->facts, "hostname");
	xmlNode *asset, *dev;

	asset = xmlNewChild(xmlNewChild(root, arf, BAD_CAST "assets", NULL), arf, BAD_CAST "asset",
			    NULL);
	attr(asset, "id", ID_ASSET);
	dev = xmlNewChild(asset, ai, BAD_CAST "computing-device", NULL);
	if (!is_hostname(host))
		return;
	if (strchr(host, '.'))
		add(dev, ai, "fqdn", host);
	add(dev, ai, "hostname", host);
}

/* ---- the TestResult ---- */

/* The user this report was made by. No authentication to the target takes
 * place (the collectors read local files and the Engine API socket). */
static void identity(const struct arf *a, xmlNode *tr)
{
	char buf[4096], *name = NULL;
	struct passwd pw, *res = NULL;
	uid_t uid = geteuid();
	xmlNode *n;

	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) != 0 || !res)
		name = da_xasprintf("uid %u", (unsigned)uid);
	n = add(tr, a->xccdf, "identity", name ? name : pw.pw_name);
	attr(n, "authenticated", "false");
	attr(n, "privileged", uid == 0 ? "true" : "false");
	free(name);
}

static void fact(const struct arf *a, xmlNode *facts, const char *name, const char *type,
		 const char *value)
{
	xmlNode *n;

	if (!value)
		return;
	n = add(facts, a->xccdf, "fact", value);
	attr(n, "name", name);
	attr(n, "type", type);
}

static void target_facts(const struct arf *a, xmlNode *tr)
{
	const json_t *f = a->r->facts;
	const char *host = da_report_host(f, "hostname");
	json_t *count = da_facts_get(f, "/containers/count");
	xmlNode *tf = xmlNewChild(tr, a->xccdf, BAD_CAST "target-facts", NULL);
	char num[32];

	fact(a, tf, "urn:xccdf:fact:scanner:name", "string", PACKAGE_NAME);
	fact(a, tf, "urn:xccdf:fact:scanner:version", "string", PACKAGE_VERSION);
	fact(a, tf, "urn:xccdf:fact:asset:identifier:host_name", "string", host);
	if (is_hostname(host) && strchr(host, '.'))
		fact(a, tf, "urn:xccdf:fact:asset:identifier:fqdn", "string", host);
	fact(a, tf, "urn:dockaudit:fact:host:os", "string", da_report_host(f, "os"));
	fact(a, tf, "urn:dockaudit:fact:host:kernel", "string", da_report_host(f, "kernel"));
	fact(a, tf, "urn:dockaudit:fact:daemon:version", "string",
	     json_string_value(da_facts_get(f, "/daemon/version/Version")));
	if (json_is_integer(count)) {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(count));
		fact(a, tf, "urn:dockaudit:fact:containers:count", "number", num);
	}
}

static void test_result_head(const struct arf *a, xmlNode *tr)
{
	const struct da_results *r = a->r;
	const char *host = da_report_host(r->facts, "hostname");
	xmlNode *n;

	n = xmlNewChild(tr, a->xccdf, BAD_CAST "benchmark", NULL);
	attr(n, "href", "#" ID_COMP_XCCDF);
	attr(n, "id", r->bench->id);
	add(tr, a->xccdf, "title", "dockaudit scan result");
	identity(a, tr);
	if (r->profile)
		attr(xmlNewChild(tr, a->xccdf, BAD_CAST "profile", NULL), "idref", r->profile->id);
	add(tr, a->xccdf, "target", host && *host ? host : "unknown");
	target_facts(a, tr);
	n = xmlNewChild(tr, a->xccdf, BAD_CAST "target-id-ref", NULL);
	attr(n, "system", NS_AI);
	attr(n, "name", ID_ASSET);
	attr(n, "href", "");
}

static void set_values(const struct arf *a, xmlNode *tr)
{
	const struct da_benchmark *b = a->r->bench;
	const char *v;
	size_t i;

	for (i = 0; i < b->n_values; i++) {
		v = da_value_resolve(b, a->r->profile, b->values[i].id);
		attr(add(tr, a->xccdf, "set-value", v ? v : ""), "idref", b->values[i].id);
	}
}

static void message(const struct arf *a, xmlNode *rres, enum da_result res, const char *text)
{
	if (text)
		attr(add(rres, a->xccdf, "message", text), "severity",
		     res == DA_RES_ERROR ? "error" : "info");
}

/* Copy the Rule's children named NAME (ident, fix, check) into RRES. */
static int copy_children(struct arf *a, xmlNode *rres, xmlNode *rule, const char *name)
{
	xmlNode *c;

	for (c = rule ? rule->children : NULL; c; c = c->next)
		if (in_xccdf(c, name) && copy_under(a, rres, c) < 0)
			return -1;
	return 0;
}

/* Severity, weight and role as refined under the profile. */
static void rule_result_attrs(const struct arf *a, xmlNode *rres, const struct da_rule_result *rr)
{
	char weight[32];

	snprintf(weight, sizeof(weight), "%g", rr->weight >= 0 ? da_report_finite(rr->weight) : 0.0);
	attr(rres, "idref", rr->item->id);
	attr(rres, "role", da_role_name(rr->role));
	attr(rres, "time", a->end);
	attr(rres, "severity", da_severity_name(rr->severity));
	attr(rres, "weight", weight);
}

/* The override a waiver made on IN: authority who approved it, the
 * remark why and until when. */
static void override(const struct arf *a, xmlNode *rres, const struct da_instance *in)
{
	const struct da_waiver *w = in->waiver;
	xmlNode *o = xmlNewChild(rres, a->xccdf, BAD_CAST "override", NULL);
	char *remark = da_xasprintf("%s (waiver %zu of %s, expires %s)", w->justification, w->index,
				    a->r->waivers ? a->r->waivers->path : "the waiver file", w->expires);

	attr(o, "time", a->end);
	attr(o, "authority", w->approved_by);
	add(o, a->xccdf, "old-result", da_result_name(in->original));
	add(o, a->xccdf, "new-result", da_result_name(in->result));
	add(o, a->xccdf, "remark", remark);
	free(remark);
}

/* One rule-result: for the rule as a whole (IN NULL) or for one subject.
 * Children in the schema's order: result, override, ident, message,
 * instance, fix, check. */
static int rule_result(struct arf *a, xmlNode *tr, const struct da_rule_result *rr,
		       const struct da_instance *in)
{
	enum da_result res = in ? in->result : rr->result;
	xmlNode *rres = xmlNewChild(tr, a->xccdf, BAD_CAST "rule-result", NULL);
	xmlNode *rule = rule_node(a, rr->item->id);
	char *id_msg;

	rule_result_attrs(a, rres, rr);
	add(rres, a->xccdf, "result", da_result_name(res));
	if (in && in->waiver)
		override(a, rres, in);
	if (copy_children(a, rres, rule, "ident") < 0)
		return -1;
	message(a, rres, res, rr->message);
	if (in) {
		message(a, rres, res, in->message);
		id_msg = in->id ? da_xasprintf("%s id: %s", in->kind ? in->kind : "subject", in->id) : NULL;
		message(a, rres, DA_RES_PASS, id_msg);
		free(id_msg);
		attr(add(rres, a->xccdf, "instance", in->name ? in->name : ""), "context",
		     in->kind ? in->kind : "undefined");
	}
	if (res == DA_RES_FAIL && copy_children(a, rres, rule, "fix") < 0)
		return -1;
	return copy_children(a, rres, rule, "check");
}

/* XCCDF allows one instance per rule-result: a rule with N subjects gives
 * N rule-results with the same idref, a rule without subjects one. */
static int rule_results(struct arf *a, xmlNode *tr)
{
	const struct da_rule_result *rr;
	size_t i, j;

	for (i = 0; i < a->r->n_rules; i++) {
		rr = &a->r->rules[i];
		if (rr->n_instances == 0 && rule_result(a, tr, rr, NULL) < 0)
			return -1;
		for (j = 0; j < rr->n_instances; j++)
			if (rule_result(a, tr, rr, &rr->instances[j]) < 0)
				return -1;
	}
	return 0;
}

static void scores(const struct arf *a, xmlNode *tr)
{
	char buf[64];
	xmlNode *n;
	int m;

	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
		snprintf(buf, sizeof(buf), "%f", da_report_finite(a->r->scores[m].score));
		n = add(tr, a->xccdf, "score", buf);
		attr(n, "system", da_score_model_uri(m));
		snprintf(buf, sizeof(buf), "%f", da_report_finite(a->r->scores[m].max));
		attr(n, "maximum", buf);
	}
}

static int test_result(struct arf *a, xmlNode *content)
{
	const struct da_results *r = a->r;
	xmlNode *tr = xmlNewChild(content, NULL, BAD_CAST "TestResult", NULL);

	a->xccdf = xmlNewNs(tr, BAD_CAST DA_XCCDF_NS, NULL);
	xmlSetNs(tr, a->xccdf);
	attr(tr, "id", r->test_result_id ? r->test_result_id : TEST_RESULT_FALLBACK_ID);
	attr(tr, "start-time", a->start);
	attr(tr, "end-time", a->end);
	if (r->bench->version)
		attr(tr, "version", r->bench->version);
	attr(tr, "test-system", "cpe:/a:dockaudit:dockaudit:" PACKAGE_VERSION);
	test_result_head(a, tr);
	set_values(a, tr);
	if (rule_results(a, tr) < 0)
		return -1;
	scores(a, tr);
	return 0;
}

static int reports(struct arf *a, xmlNode *root, xmlNs *arf)
{
	xmlNode *rep = xmlNewChild(xmlNewChild(root, arf, BAD_CAST "reports", NULL), arf,
				   BAD_CAST "report", NULL);

	attr(rep, "id", ID_REPORT);
	return test_result(a, xmlNewChild(rep, arf, BAD_CAST "content", NULL));
}

/* ---- the document ---- */

static int build(struct arf *a)
{
	xmlNode *root = xmlNewDocNode(a->doc, NULL, BAD_CAST "asset-report-collection", NULL);
	xmlNs *arf = xmlNewNs(root, BAD_CAST NS_ARF, BAD_CAST "arf");
	xmlNs *core = xmlNewNs(root, BAD_CAST NS_CORE, BAD_CAST "core");
	xmlNs *ai = xmlNewNs(root, BAD_CAST NS_AI, BAD_CAST "ai");

	xmlSetNs(root, arf);
	xmlDocSetRootElement(a->doc, root);
	relationships(root, core);
	if (report_requests(a, root, arf) < 0)
		return -1;
	assets(a, root, arf, ai);
	return reports(a, root, arf);
}

static void arf_free(struct arf *a)
{
	size_t i;

	for (i = 0; i < a->n_rules; i++)
		xmlFree(a->rules[i].id);
	free(a->rules);
	xmlFreeDoc(a->doc);
}

static int arf_write(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
		     struct da_err *err)
{
	struct arf a = { .r = r };
	int rc = -1;

	if (!r->bench->doc || !xmlDocGetRootElement(r->bench->doc))
		return da_err_set(err, "ARF: the benchmark document is not available");
	da_report_time(r->start_time, a.start);
	da_report_time(r->end_time, a.end);
	index_walk(&a, xmlDocGetRootElement(r->bench->doc));
	qsort(a.rules, a.n_rules, sizeof(*a.rules), rule_node_cmp);
	a.doc = xmlNewDoc(BAD_CAST "1.0");
	a.doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
	if (build(&a) < 0) {
		da_err_set(err, "ARF: cannot copy the benchmark document");
		goto out;
	}
	if (xmlDocFormatDump(out, a.doc, 1) < 0) {
		da_err_set(err, "ARF: cannot serialise the document");
		goto out;
	}
	rc = da_report_check_stream(out, err);
out:
	arf_free(&a);
	return rc;
}

const struct da_reporter da_report_arf = {
	.name = "arf",
	.summary = "an ARF 1.1 result data stream (OpenSCAP compatible)",
	.write = arf_write,
};
