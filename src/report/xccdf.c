/*
 * The XCCDF 1.2 TestResult and the host's identity, shared by the ARF
 * reporter and the standalone results document (xccdf.h). The TestResult
 * is shaped like the one `oscap xccdf eval` writes, so OpenSCAP's validate,
 * generate report and generate fix accept it: one rule-result per rule and
 * subject, the Rule's fix copied into failing ones, a waiver as an override.
 */
#include "report/xccdf.h"
#include "report/util.h"
#include "common/xalloc.h"
#include "engine/eval.h"
#include "engine/waivers.h"
#include "facts/facts.h"

#include <ctype.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- builders ---- */

xmlNode *da_report_xml_add(xmlNode *parent, xmlNs *ns, const char *name, const char *text)
{
	char *clean = da_report_clean(text ? text : "", DA_CLEAN_CONTROLS | DA_CLEAN_KEEP_LINES);
	xmlNode *n = xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST clean);

	free(clean);
	return n;
}

void da_report_xml_attr(xmlNode *n, const char *name, const char *value)
{
	char *clean = da_report_clean(value ? value : "", DA_CLEAN_CONTROLS);

	xmlNewProp(n, BAD_CAST name, BAD_CAST clean);
	free(clean);
}

/* Namespaces the copy uses but that are declared above NODE (xmlns:da on
 * the Benchmark) are declared again on the copy by xmlReconciliateNs. */
int da_report_xml_copy_under(xmlNode *parent, xmlNode *node)
{
	xmlNode *copy = xmlDocCopyNode(node, parent->doc, 1);

	if (!copy)
		return -1;
	xmlAddChild(parent, copy);
	return xmlReconciliateNs(parent->doc, copy) < 0 ? -1 : 0;
}

#define add da_report_xml_add
#define attr da_report_xml_attr

/* ---- the host's identity ---- */

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
		else if (isalnum((unsigned char)*s) || *s == '-' || *s == '_')
			label++;
		else
			return 0;
	}
	return label > 0;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && strcasecmp(s + n - k, tail) == 0;
}

/* A dotted host name that names this host to others: not localhost's. */
static int is_fqdn(const char *s)
{
	return is_hostname(s) && strchr(s, '.') && strncasecmp(s, "localhost.", 10) != 0 &&
	       !ends_with(s, ".localdomain");
}

/* "aa:bb:cc:dd:ee:ff" (lower-cased into OUT), not all zero nor all one. */
static int mac_ok(const char *s, char out[18])
{
	size_t i;
	int zero = 1, ones = 1;

	if (!s || strlen(s) != 17)
		return 0;
	for (i = 0; i < 17; i++) {
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return 0;
		out[i] = (char)tolower((unsigned char)s[i]);
		zero = zero && (i % 3 == 2 || s[i] == '0');
		ones = ones && (i % 3 == 2 || out[i] == 'f');
	}
	out[17] = '\0';
	return !zero && !ones;
}

/* Whether the IPv4 address A (network order) identifies the host:
 * not 0/8, loopback (127/8) or link-local (169.254/16). */
static int v4_kept(const struct in_addr *a)
{
	uint32_t h = ntohl(a->s_addr);

	return (h >> 24) != 0 && (h >> 24) != 127 && (h >> 16) != 0xa9fe;
}

static int v6_kept(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_LOOPBACK(a) && !IN6_IS_ADDR_LINKLOCAL(a);
}

static void v6_full(const struct in6_addr *a, char out[INET6_ADDRSTRLEN])
{
	size_t i;

	for (i = 0; i < 8; i++)
		snprintf(out + 5 * i, 6, "%02x%02x%s", a->s6_addr[2 * i], a->s6_addr[2 * i + 1],
			 i < 7 ? ":" : "");
}

/* Parse ADDRESS of FAMILY into a kept address, or return 0. */
static int addr_parse(int family, const char *address, const char *mac, struct da_host_addr *out)
{
	struct in6_addr a6;
	struct in_addr a4;

	memset(out, 0, sizeof(*out));
	out->family = family;
	if (mac)
		memcpy(out->mac, mac, sizeof(out->mac));
	if (!address)
		return 0;
	if (family == AF_INET) {
		if (inet_pton(AF_INET, address, &a4) != 1 || !v4_kept(&a4))
			return 0;
		inet_ntop(AF_INET, &a4, out->text, sizeof(out->text));
		snprintf(out->full, sizeof(out->full), "%s", out->text);
		return 1;
	}
	if (inet_pton(AF_INET6, address, &a6) != 1 || !v6_kept(&a6))
		return 0;
	inet_ntop(AF_INET6, &a6, out->text, sizeof(out->text));
	v6_full(&a6, out->full);
	return 1;
}

static void id_add_mac(struct da_host_id *id, const char *mac)
{
	size_t i;

	for (i = 0; i < id->n_macs; i++)
		if (strcmp(id->macs[i], mac) == 0)
			return;
	id->macs = da_xreallocarray(id->macs, id->n_macs + 1, sizeof(*id->macs));
	memcpy(id->macs[id->n_macs++], mac, 18);
}

/* Add the kept addresses of LIST (objects with "address"); 1 if any was. */
static int id_add_list(struct da_host_id *id, const json_t *list, int family, const char *mac)
{
	struct da_host_addr a;
	const json_t *item;
	size_t i;
	int any = 0;

	json_array_foreach(list, i, item) {
		if (id->n_addrs >= DA_HOST_ADDRS_MAX)
			break;
		if (!addr_parse(family, json_string_value(json_object_get(item, "address")), mac, &a))
			continue;
		id->addrs = da_xreallocarray(id->addrs, id->n_addrs + 1, sizeof(*id->addrs));
		id->addrs[id->n_addrs++] = a;
		any = 1;
	}
	return any;
}

static void id_add_iface(struct da_host_id *id, const json_t *iface)
{
	char mac[18] = "";
	int any;

	if (json_is_true(json_object_get(iface, "loopback")))
		return;
	if (!mac_ok(json_string_value(json_object_get(iface, "mac")), mac))
		mac[0] = '\0';
	any = id_add_list(id, json_object_get(iface, "ipv4"), AF_INET, mac);
	any |= id_add_list(id, json_object_get(iface, "ipv6"), AF_INET6, mac);
	if (any && mac[0])
		id_add_mac(id, mac);
}

void da_report_host_id_read(const json_t *facts, struct da_host_id *id)
{
	const json_t *host = json_object_get(facts, "host"), *iface;
	const char *name = json_string_value(json_object_get(host, "hostname"));
	const char *fqdn = json_string_value(json_object_get(host, "fqdn"));
	size_t i;

	memset(id, 0, sizeof(*id));
	id->hostname = is_hostname(name) ? name : NULL;
	id->fqdn = is_fqdn(fqdn) ? fqdn : is_fqdn(name) ? name : NULL;
	json_array_foreach(json_object_get(host, "interfaces"), i, iface)
		id_add_iface(id, iface);
	id_add_list(id, json_object_get(host, "ipv4_unattributed"), AF_INET, NULL);
}

void da_report_host_id_free(struct da_host_id *id)
{
	if (!id)
		return;
	free(id->addrs);
	free(id->macs);
	memset(id, 0, sizeof(*id));
}

/* ---- a tailoring's profile in the benchmark ---- */

static int in_xccdf(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST DA_XCCDF_NS) &&
	       xmlStrEqual(n->name, BAD_CAST name);
}


static void profile_values(xmlNode *prof, xmlNs *ns, const struct da_profile *p)
{
	const struct da_refine_value *v;
	size_t i;

	for (i = 0; i < p->n_refine_values; i++) {
		v = &p->refine_values[i];
		if (v->value) {
			attr(add(prof, ns, "set-value", v->value), "idref", v->idref);
		} else {
			xmlNode *n = xmlNewChild(prof, ns, BAD_CAST "refine-value", NULL);

			attr(n, "idref", v->idref);
			attr(n, "selector", v->selector);
		}
	}
}

static void profile_rules(xmlNode *prof, xmlNs *ns, const struct da_profile *p)
{
	const struct da_refine_rule *rr;
	char weight[32];
	xmlNode *n;
	size_t i;

	for (i = 0; i < p->n_refine_rules; i++) {
		rr = &p->refine_rules[i];
		n = xmlNewChild(prof, ns, BAD_CAST "refine-rule", NULL);
		attr(n, "idref", rr->idref);
		if (rr->has & DA_REFINE_WEIGHT) {
			snprintf(weight, sizeof(weight), "%g", da_report_finite(rr->weight));
			attr(n, "weight", weight);
		}
		if (rr->has & DA_REFINE_SEVERITY)
			attr(n, "severity", da_severity_name(rr->severity));
		if (rr->has & DA_REFINE_ROLE)
			attr(n, "role", da_role_name(rr->role));
	}
}

static xmlNode *profile_node(xmlDoc *doc, xmlNs *ns, const struct da_profile *p)
{
	xmlNode *prof = xmlNewDocNode(doc, ns, BAD_CAST "Profile", NULL);
	size_t i;

	attr(prof, "id", p->id);
	add(prof, ns, "title", p->title ? p->title : p->id);
	if (p->description)
		add(prof, ns, "description", p->description);
	for (i = 0; i < p->n_selects; i++) {
		xmlNode *n = xmlNewChild(prof, ns, BAD_CAST "select", NULL);

		attr(n, "idref", p->selects[i].idref);
		attr(n, "selected", p->selects[i].selected ? "true" : "false");
	}
	profile_values(prof, ns, p);
	profile_rules(prof, ns, p);
	return prof;
}

static int is_one_of(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (in_xccdf(n, *names))
			return 1;
	return 0;
}

void da_report_xccdf_tailored_profile(xmlNode *benchmark, const struct da_results *r)
{
	static const char *const after_profiles[] = { "Value", "Group", "Rule", "TestResult",
						      "signature", NULL };
	const struct da_benchmark *b = r->bench;
	const struct da_profile *p = r->profile;
	xmlNs *ns = xmlSearchNsByHref(benchmark->doc, benchmark, BAD_CAST DA_XCCDF_NS);
	xmlNode *prof, *c;
	xmlChar *id;
	int same;

	if (!p || (p >= b->profiles && p < b->profiles + b->n_profiles) || !ns)
		return;
	prof = profile_node(benchmark->doc, ns, p);
	for (c = benchmark->children; c; c = c->next) {
		if (in_xccdf(c, "Profile")) {
			id = xmlGetProp(c, BAD_CAST "id");
			same = id && xmlStrEqual(id, BAD_CAST p->id);
			xmlFree(id);
			if (same) {
				xmlFreeNode(xmlReplaceNode(c, prof));
				return;
			}
		} else if (is_one_of(c, after_profiles)) {
			xmlAddPrevSibling(c, prof);
			return;
		}
	}
	xmlAddChild(benchmark, prof);
}

/* ---- the index of Rule elements in the benchmark document ---- */

/* A Rule element of the benchmark document, by id. */
struct rule_node {
	xmlChar *id;
	xmlNode *node;
};

struct tr {
	const struct da_results *r;
	const struct da_xccdf_target *t;
	xmlNs *xccdf; /* on the TestResult */
	char start[DA_REPORT_TIME_LEN];
	char end[DA_REPORT_TIME_LEN];
	struct rule_node *rules;
	size_t n_rules;
	struct da_host_id host;
};


static void index_walk(struct tr *a, xmlNode *n)
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

static xmlNode *rule_node(const struct tr *a, const char *id)
{
	struct rule_node key = { .id = BAD_CAST id }, *hit;

	if (!id || !a->n_rules)
		return NULL;
	hit = bsearch(&key, a->rules, a->n_rules, sizeof(*a->rules), rule_node_cmp);
	return hit ? hit->node : NULL;
}

/* ---- the head: who, what, where ---- */

/* The user this report was made by. No authentication to the target takes
 * place (the collectors read local files and the Engine API socket). */
static void identity(const struct tr *a, xmlNode *tr)
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

static void fact(const struct tr *a, xmlNode *facts, const char *name, const char *type,
		 const char *value)
{
	xmlNode *n;

	if (!value)
		return;
	n = add(facts, a->xccdf, "fact", value);
	attr(n, "name", name);
	attr(n, "type", type);
}

/* The asset identifiers: FQDN, host name, then each MAC and address. */
static void identifier_facts(const struct tr *a, xmlNode *tf)
{
	const struct da_host_addr *ad;
	size_t i;

	fact(a, tf, "urn:xccdf:fact:asset:identifier:fqdn", "string", a->host.fqdn);
	fact(a, tf, "urn:xccdf:fact:asset:identifier:host_name", "string",
	     da_report_host(a->r->facts, "hostname"));
	for (i = 0; i < a->host.n_macs; i++)
		fact(a, tf, "urn:xccdf:fact:asset:identifier:mac", "string", a->host.macs[i]);
	for (i = 0; i < a->host.n_addrs; i++) {
		ad = &a->host.addrs[i];
		fact(a, tf, ad->family == AF_INET ? "urn:xccdf:fact:asset:identifier:ipv4" :
						    "urn:xccdf:fact:asset:identifier:ipv6",
		     "string", ad->text);
	}
}

static void target_facts(const struct tr *a, xmlNode *tr)
{
	const json_t *f = a->r->facts;
	json_t *count = da_facts_get(f, "/containers/count");
	xmlNode *tf = xmlNewChild(tr, a->xccdf, BAD_CAST "target-facts", NULL);
	char num[32];

	fact(a, tf, "urn:xccdf:fact:scanner:name", "string", PACKAGE_NAME);
	fact(a, tf, "urn:xccdf:fact:scanner:version", "string", PACKAGE_VERSION);
	identifier_facts(a, tf);
	fact(a, tf, "urn:dockaudit:fact:host:os", "string", da_report_host(f, "os"));
	fact(a, tf, "urn:dockaudit:fact:host:kernel", "string", da_report_host(f, "kernel"));
	fact(a, tf, "urn:dockaudit:fact:daemon:version", "string",
	     json_string_value(da_facts_get(f, "/daemon/version/Version")));
	if (json_is_integer(count)) {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(count));
		fact(a, tf, "urn:dockaudit:fact:containers:count", "number", num);
	}
}

/* In the schema's order: benchmark, title, identity, profile, target,
 * target-address, target-facts, target-id-ref. */
static void test_result_head(const struct tr *a, xmlNode *tr)
{
	const struct da_results *r = a->r;
	const char *host = da_report_host(r->facts, "hostname");
	xmlNode *n;
	size_t i;

	n = xmlNewChild(tr, a->xccdf, BAD_CAST "benchmark", NULL);
	attr(n, "href", a->t->benchmark_href);
	attr(n, "id", r->bench->id);
	add(tr, a->xccdf, "title", "dockaudit scan result");
	identity(a, tr);
	if (r->profile)
		attr(xmlNewChild(tr, a->xccdf, BAD_CAST "profile", NULL), "idref", r->profile->id);
	add(tr, a->xccdf, "target", host && *host ? host : "unknown");
	for (i = 0; i < a->host.n_addrs; i++)
		add(tr, a->xccdf, "target-address", a->host.addrs[i].text);
	target_facts(a, tr);
	if (!a->t->asset_id)
		return;
	n = xmlNewChild(tr, a->xccdf, BAD_CAST "target-id-ref", NULL);
	attr(n, "system", "http://scap.nist.gov/schema/asset-identification/1.1");
	attr(n, "name", a->t->asset_id);
	attr(n, "href", "");
}

static void set_values(const struct tr *a, xmlNode *tr)
{
	const struct da_benchmark *b = a->r->bench;
	const char *v;
	size_t i;

	for (i = 0; i < b->n_values; i++) {
		v = da_value_resolve(b, a->r->profile, b->values[i].id);
		attr(add(tr, a->xccdf, "set-value", v ? v : ""), "idref", b->values[i].id);
	}
}

/* ---- rule results ---- */

static void message(const struct tr *a, xmlNode *rres, enum da_result res, const char *text)
{
	if (text)
		attr(add(rres, a->xccdf, "message", text), "severity",
		     res == DA_RES_ERROR ? "error" : "info");
}

/* Copy the Rule's children named NAME (ident, fix, check) into RRES. */
static int copy_children(xmlNode *rres, xmlNode *rule, const char *name)
{
	xmlNode *c;

	for (c = rule ? rule->children : NULL; c; c = c->next)
		if (in_xccdf(c, name) && da_report_xml_copy_under(rres, c) < 0)
			return -1;
	return 0;
}

/* Severity, weight and role as refined under the profile. */
static void rule_result_attrs(const struct tr *a, xmlNode *rres, const struct da_rule_result *rr)
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
static void override(const struct tr *a, xmlNode *rres, const struct da_instance *in)
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

/* The waiver of IN as a message, for documents without overrides. */
static void waiver_message(const struct tr *a, xmlNode *rres, const struct da_instance *in)
{
	const struct da_waiver *w = in->waiver;
	char *text = da_xasprintf("waived (was %s): %s (waiver %zu of %s, approved by %s, expires %s)",
				  da_result_name(in->original), w->justification, w->index,
				  a->r->waivers ? a->r->waivers->path : "the waiver file",
				  w->approved_by, w->expires);

	message(a, rres, DA_RES_PASS, text);
	free(text);
}

/* The raw evidence of IN as a second message, when its message is a
 * sentence that differs from it: "evidence: " and the evidence. */
static void evidence_message(const struct tr *a, xmlNode *rres, const struct da_instance *in)
{
	char *text;

	if (!in->evidence || (in->message && strcmp(in->evidence, in->message) == 0))
		return;
	text = da_xasprintf(DA_EVIDENCE_PREFIX "%s", in->evidence);
	message(a, rres, DA_RES_PASS, text);
	free(text);
}

/* One rule-result: for the rule as a whole (IN NULL) or for one subject.
 * Children in the schema's order: result, override, ident, message,
 * instance, fix, check. */
static int rule_result(const struct tr *a, xmlNode *tr, const struct da_rule_result *rr,
		       const struct da_instance *in)
{
	enum da_result res = in ? in->result : rr->result;
	xmlNode *rres = xmlNewChild(tr, a->xccdf, BAD_CAST "rule-result", NULL);
	xmlNode *rule = rule_node(a, rr->item->id);
	char *id_msg;

	rule_result_attrs(a, rres, rr);
	add(rres, a->xccdf, "result", da_result_name(res));
	if (in && in->waiver && a->t->overrides)
		override(a, rres, in);
	if (copy_children(rres, rule, "ident") < 0)
		return -1;
	if (in && in->waiver && !a->t->overrides)
		waiver_message(a, rres, in);
	message(a, rres, res, rr->message);
	if (in) {
		message(a, rres, res, in->message);
		evidence_message(a, rres, in);
		id_msg = in->id ? da_xasprintf("%s id: %s", in->kind ? in->kind : "subject", in->id) : NULL;
		message(a, rres, DA_RES_PASS, id_msg);
		free(id_msg);
		attr(add(rres, a->xccdf, "instance", in->name ? in->name : ""), "context",
		     in->kind ? in->kind : "undefined");
	}
	if (res == DA_RES_FAIL && copy_children(rres, rule, "fix") < 0)
		return -1;
	return copy_children(rres, rule, "check");
}

/* XCCDF allows one instance per rule-result: a rule with N subjects gives
 * N rule-results with the same idref, a rule without subjects one. */
static int rule_results(const struct tr *a, xmlNode *tr)
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

static void scores(const struct tr *a, xmlNode *tr)
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

#define TEST_RESULT_FALLBACK_ID "xccdf_org.dockaudit_testresult_default"

static int build(struct tr *a, xmlNode *parent)
{
	const struct da_results *r = a->r;
	xmlNode *tr = xmlNewChild(parent, NULL, BAD_CAST "TestResult", NULL);

	a->xccdf = xmlSearchNsByHref(parent->doc, parent, BAD_CAST DA_XCCDF_NS);
	if (!a->xccdf)
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

int da_report_xccdf_test_result(xmlNode *parent, const struct da_results *r,
				const struct da_xccdf_target *t, struct da_err *err)
{
	struct tr a = { .r = r, .t = t };
	size_t i;
	int rc;

	da_report_time(r->start_time, a.start);
	da_report_time(r->end_time, a.end);
	da_report_host_id_read(r->facts, &a.host);
	if (r->bench->doc)
		index_walk(&a, xmlDocGetRootElement(r->bench->doc));
	if (a.n_rules)
		qsort(a.rules, a.n_rules, sizeof(*a.rules), rule_node_cmp);
	rc = build(&a, parent);
	if (rc < 0)
		da_err_set(err, "cannot copy the benchmark's rules into the TestResult");
	for (i = 0; i < a.n_rules; i++)
		xmlFree(a.rules[i].id);
	free(a.rules);
	da_report_host_id_free(&a.host);
	return rc;
}
