/*
 * The ARF and XCCDF results reader: undoes what report/arf.c and
 * report/xccdf_results.c write (one rule-result per subject with an
 * <instance>, the subject id in a message, waivers as overrides whose
 * remark names the waiver, or as a message in a results file). The
 * embedded Benchmark is loaded like any content.
 */
#include "report/load_int.h"
#include "common/xalloc.h"
#include "engine/score.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_ARF "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define NS_AI "http://scap.nist.gov/schema/asset-identification/1.1"
#define XML_FLAGS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
#if LIBXML_VERSION >= 21200
#define DA_XMLERROR const xmlError
#else
#define DA_XMLERROR xmlError
#endif

/* ---- reading a file, finding its parts ---- */

static void on_xml_error(void *ctx, DA_XMLERROR *e)
{
	struct ld *ld = ctx;
	char msg[512];
	size_t n;

	if (!e || ld->err->msg[0] || e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "parse error");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	da_err_set(ld->err, "%s:%d: not well-formed XML: %s", ld->name, e->line, msg);
}

static xmlDoc *xml_read(struct ld *ld, const char *text, size_t len)
{
	xmlStructuredErrorFunc saved = xmlStructuredError;
	void *saved_ctx = xmlStructuredErrorContext;
	xmlDoc *doc;

	if (len > INT_MAX) {
		da_err_set(ld->err, "%s: too large", ld->name);
		return NULL;
	}
	xmlSetStructuredErrorFunc(ld, on_xml_error);
	doc = xmlReadMemory(text, (int)len, ld->name, NULL, XML_FLAGS);
	xmlSetStructuredErrorFunc(saved_ctx, saved);
	if (doc && ld->err->msg[0]) {
		xmlFreeDoc(doc);
		return NULL;
	}
	if (!doc && !ld->err->msg[0])
		da_err_set(ld->err, "%s: not well-formed XML", ld->name);
	if (doc && doc->intSubset) {
		da_err_set(ld->err, "%s: a DOCTYPE is not allowed in a saved result", ld->name);
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

static bool is(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       xmlStrEqual(n->ns->href, BAD_CAST ns) && xmlStrEqual(n->name, BAD_CAST name);
}

static bool is_x(const xmlNode *n, const char *name)
{
	return is(n, DA_XCCDF_NS, name);
}

/* The first element NAME (XCCDF) at or below N, not looking inside STOP. */
static xmlNode *find_x(xmlNode *n, const char *name, const char *stop)
{
	xmlNode *hit;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_x(n, name))
			return n;
		if (stop && is_x(n, stop))
			continue;
		hit = find_x(n->children, name, stop);
		if (hit)
			return hit;
	}
	return NULL;
}

static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s = v ? da_xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static char *text(const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = da_xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

static int xml_error(struct ld *ld, const xmlNode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Set LD's error to "FILE:LINE: what" for node N. Returns -1. */
static int xml_error(struct ld *ld, const xmlNode *n, const char *fmt, ...)
{
	char what[DA_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return da_err_set(ld->err, "%s:%ld: %s", ld->name, xmlGetLineNo(n), what);
}

/* The Benchmark element B as the root of a document of its own, without
 * TestResults, loaded like any content. */
static int load_embedded(struct ld *ld, xmlNode *b)
{
	xmlDoc *doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNode *copy = xmlDocCopyNode(b, doc, 1), *c, *next;

	if (!copy) {
		xmlFreeDoc(doc);
		return da_err_set(ld->err, "%s: cannot copy the benchmark", ld->name);
	}
	xmlDocSetRootElement(doc, copy);
	xmlReconciliateNs(doc, copy);
	for (c = copy->children; c; c = next) {
		next = c->next;
		if (is_x(c, "TestResult")) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
	if (da_benchmark_load_doc(doc, ld->name, &ld->s->own_bench, ld->err) < 0)
		return -1;
	ld->s->bench = ld->s->own_bench;
	ld->s->bench_version = da_ld_dup_or_null(ld->s->bench->version);
	return 0;
}

/* ---- the TestResult ---- */

static int result_word(struct ld *ld, const xmlNode *n, const char *s, enum da_result *out)
{
	int res = da_result_parse(s);

	if (res < 0)
		return xml_error(ld, n, "unknown result '%s'", s);
	*out = (enum da_result)res;
	return 0;
}

/* The text of the (first) XCCDF child NAME of N, or NULL. */
static char *child_text(const xmlNode *n, const char *name, const xmlNode **where)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (is_x(c, name)) {
			if (where)
				*where = c;
			return text(c);
		}
	return NULL;
}

/* The last occurrence of NEEDLE in S before END, or NULL. */
static const char *last_before(const char *s, const char *needle, const char *end)
{
	const char *p, *hit = NULL;

	for (p = s; end && (p = strstr(p, needle)) && p < end; p++)
		hit = p;
	return hit;
}

/* A waiver as the XCCDF writer words it: "JUSTIFICATION (waiver N of PATH,
 * expires DATE)" in an override's remark, or with ", approved by WHO"
 * before ", expires" in a message (BY non-NULL). 0, or -1 when TEXT is not
 * worded so. */
static int parse_waiver_text(const char *text, char **just, size_t *index, char **path,
			     char **by, char **expires)
{
	size_t len = strlen(text);
	const char *exp, *who = NULL, *w, *of_end;
	char *end;
	unsigned long n;

	if (len < 2 || text[len - 1] != ')')
		return -1;
	exp = last_before(text, ", expires ", text + len);
	if (by && exp)
		who = last_before(text, ", approved by ", exp);
	of_end = by ? who : exp;
	w = last_before(text, " (waiver ", of_end);
	if (!exp || !w)
		return -1;
	n = strtoul(w + 9, &end, 10);
	if (end == w + 9 || strncmp(end, " of ", 4) != 0 || end + 4 > of_end || n == 0)
		return -1;
	*just = da_xstrndup(text, (size_t)(w - text));
	*index = n;
	*path = da_xstrndup(end + 4, (size_t)(of_end - end - 4));
	if (by)
		*by = da_xstrndup(who + 14, (size_t)(exp - who - 14));
	*expires = da_xstrndup(exp + 10, (size_t)(text + len - 1 - exp - 10));
	return 0;
}

/* A waiver found on instance INST of rule RULE: collected, and pointed at
 * once the set is complete. */
static void waived(struct ld *ld, size_t rule, size_t inst, size_t index, const char *just,
		   const char *by, const char *path, const char *expires)
{
	if (path && !ld->waiver_path)
		ld->waiver_path = da_xstrdup(path);
	da_ld_waiver_add(ld, index, ld->r->rules[rule].item->id, NULL, just, by, expires);
	da_ld_pending_add(ld, rule, inst, index);
}

/* An override on instance INST of rule RULE: its waiver. */
static int override(struct ld *ld, const xmlNode *o, size_t rule, size_t inst)
{
	struct da_instance *in = &ld->r->rules[rule].instances[inst];
	const xmlNode *where = o;
	char *old = child_text(o, "old-result", &where), *remark = child_text(o, "remark", NULL);
	char *by = attr(o, "authority"), *just = NULL, *path = NULL, *expires = NULL;
	size_t index;
	int rc = -1;

	if (!old) {
		xml_error(ld, o, "override without old-result");
		goto out;
	}
	if (result_word(ld, where, old, &in->original) < 0)
		goto out;
	if (parse_waiver_text(remark ? remark : "", &just, &index, &path, NULL, &expires) < 0) {
		just = da_ld_dup_or_null(remark);
		index = 100000 + ++ld->n_anon;
	}
	waived(ld, rule, inst, index, just, by, path, expires);
	rc = 0;
out:
	free(old);
	free(remark);
	free(by);
	free(just);
	free(path);
	free(expires);
	return rc;
}

/* Severity, weight and role of a rule-result, where given. */
static int rule_attrs(struct ld *ld, const xmlNode *rres, struct da_rule_result *rr)
{
	char *sev = attr(rres, "severity"), *weight = attr(rres, "weight"), *role = attr(rres, "role");
	char *end;
	int rc = 0, v;

	if (sev) {
		rr->severity = da_severity_parse(sev);
		if (rr->severity == DA_SEV_UNKNOWN && strcmp(sev, "unknown") != 0)
			rc = xml_error(ld, rres, "unknown severity '%s'", sev);
	}
	if (rc == 0 && weight) {
		rr->weight = strtod(weight, &end);
		if (end == weight || *end || !isfinite(rr->weight) || rr->weight < 0)
			rc = xml_error(ld, rres, "weight '%s' is not a number", weight);
	}
	if (rc == 0 && role) {
		v = da_role_parse(role);
		if (v < 0)
			rc = xml_error(ld, rres, "unknown role '%s'", role);
		else
			rr->role = (enum da_role)v;
	}
	free(sev);
	free(weight);
	free(role);
	return rc;
}

/* The messages of a rule-result, in order. */
struct messages {
	char *m[4];
	size_t n;
};

static void messages_read(const xmlNode *rres, struct messages *ms)
{
	const xmlNode *c;

	for (c = rres->children; c; c = c->next)
		if (is_x(c, "message") && ms->n < 4)
			ms->m[ms->n++] = text(c);
}

static void messages_free(struct messages *ms)
{
	size_t i;

	for (i = 0; i < ms->n; i++)
		free(ms->m[i]);
}

/* Take the last message if it is "KIND id: ID" (arf.c's subject id). */
static char *take_id(struct messages *ms, const char *kind)
{
	char *prefix = da_xasprintf("%s id: ", kind ? kind : "subject");
	char *last = ms->n ? ms->m[ms->n - 1] : NULL, *id = NULL;

	if (last && strncmp(last, prefix, strlen(prefix)) == 0) {
		id = da_xstrdup(last + strlen(prefix));
		free(last);
		ms->n--;
	}
	free(prefix);
	return id;
}

/* The evidence message (xccdf.c writes it after the subject's message,
 * before its id), when there is one: without its prefix, caller frees. */
static char *take_evidence(struct messages *ms)
{
	const size_t n = strlen(DA_EVIDENCE_PREFIX);
	char *last = ms->n > 1 ? ms->m[ms->n - 1] : NULL, *ev = NULL;

	if (last && strncmp(last, DA_EVIDENCE_PREFIX, n) == 0) {
		ev = da_xstrdup(last + n);
		free(last);
		ms->n--;
	}
	return ev;
}

/* Take the first message if it is a waiver, as the XCCDF results file
 * words it (it has no overrides): "waived (was OLD): " and the waiver. */
static void waiver_message(struct ld *ld, struct messages *ms, size_t rule, size_t inst)
{
	static const char head[] = "waived (was ";
	struct da_instance *in = &ld->r->rules[rule].instances[inst];
	char *m = ms->n ? ms->m[0] : NULL, *close, *just = NULL, *path = NULL, *by = NULL, *exp = NULL;
	size_t index, i;
	int res;

	if (!m || strncmp(m, head, sizeof(head) - 1) != 0 || !(close = strstr(m, "): ")))
		return;
	*close = '\0';
	res = da_result_parse(m + sizeof(head) - 1);
	*close = ')';
	if (res < 0 || parse_waiver_text(close + 3, &just, &index, &path, &by, &exp) < 0)
		return; /* evidence that happens to read so */
	in->original = (enum da_result)res;
	waived(ld, rule, inst, index, just, by, path, exp);
	free(just);
	free(path);
	free(by);
	free(exp);
	free(m);
	for (i = 1; i < ms->n; i++)
		ms->m[i - 1] = ms->m[i];
	ms->n--;
}

/* One subject's rule-result: an instance of rule RULE. */
static int instance(struct ld *ld, const xmlNode *rres, const xmlNode *inst, size_t rule,
		    enum da_result res, struct messages *ms)
{
	struct da_rule_result *rr = &ld->r->rules[rule];
	struct da_instance *in = da_ld_instance_add(rr);
	const xmlNode *c;
	char *ctx = attr(inst, "context");

	in->result = res;
	in->kind = ctx && strcmp(ctx, "undefined") != 0 ? ctx : NULL;
	if (in->kind != ctx)
		free(ctx);
	in->name = text(inst);
	waiver_message(ld, ms, rule, rr->n_instances - 1);
	in->id = take_id(ms, in->kind);
	in->evidence = take_evidence(ms);
	if (ms->n == 2 && !rr->message) {
		rr->message = ms->m[0];
		ms->m[0] = NULL;
	}
	if (ms->n) {
		in->message = ms->m[ms->n - 1];
		ms->m[ms->n - 1] = NULL;
	}
	/* Without an evidence message, the message was the evidence. */
	if (!in->evidence && in->message)
		in->evidence = da_xstrdup(in->message);
	for (c = rres->children; c; c = c->next)
		if (is_x(c, "override"))
			return override(ld, c, rule, rr->n_instances - 1);
	return 0;
}

static int rule_result(struct ld *ld, const xmlNode *rres)
{
	struct messages ms = { { 0 }, 0 };
	const xmlNode *where = rres, *inst = NULL, *c;
	char *idref = attr(rres, "idref"), *word = child_text(rres, "result", &where);
	enum da_result res = DA_RES_UNKNOWN;
	struct da_rule_result *rr;
	long i = da_ld_rule_index(ld, idref);
	int rc = -1;

	if (!idref) {
		xml_error(ld, rres, "rule-result without idref");
		goto out;
	}
	if (i < 0) {
		xml_error(ld, rres, "rule-result for '%s', a rule the benchmark does not have",
			  idref);
		goto out;
	}
	if (!word) {
		xml_error(ld, rres, "rule-result for '%s' without a result", idref);
		goto out;
	}
	if (result_word(ld, where, word, &res) < 0)
		goto out;
	rr = &ld->r->rules[i];
	ld->s->listed[i] = true;
	if (rule_attrs(ld, rres, rr) < 0)
		goto out;
	messages_read(rres, &ms);
	for (c = rres->children; c && !inst; c = c->next)
		if (is_x(c, "instance"))
			inst = c;
	if (inst) {
		rc = instance(ld, rres, inst, (size_t)i, res, &ms);
		goto out;
	}
	rr->result = res;
	if (ms.n && !rr->message) {
		rr->message = ms.m[0];
		ms.m[0] = NULL;
	}
	rc = 0;
out:
	messages_free(&ms);
	free(idref);
	free(word);
	return rc;
}

static int score(struct ld *ld, const xmlNode *n)
{
	char *sys = attr(n, "system"), *max = attr(n, "maximum"), *val = text(n), *end;
	struct da_score *s;
	int m, rc = 0;

	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++)
		if (sys && strcmp(sys, da_score_model_uri(m)) == 0)
			break;
	if (m == DA_SCORE_MODEL_COUNT)
		goto out; /* a model we do not know: not ours to show */
	s = &ld->r->scores[m];
	s->model = m;
	s->score = strtod(val, &end);
	if (end == val || (*end && *end != ' ' && *end != '\n') || !isfinite(s->score)) {
		rc = xml_error(ld, n, "score '%s' is not a number", val);
		goto out;
	}
	s->max = max ? strtod(max, &end) : 100.0;
	if (max && (end == max || *end || !isfinite(s->max))) {
		rc = xml_error(ld, n, "score maximum '%s' is not a number", max);
		goto out;
	}
	ld->have_score[m] = true;
out:
	free(sys);
	free(max);
	free(val);
	return rc;
}

static bool str_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}
/* The ARF asset's ai:connections: address and MAC, in the writer's order. */
static void connections(struct ld *ld, const xmlNode *n)
{
	const xmlNode *c, *ip, *v;
	json_t *cur = NULL;
	const char *family;
	char *mac, *addr;

	for (c = n->children; c; c = c->next) {
		if (!is(c, NS_AI, "connection"))
			continue;
		mac = NULL;
		for (ip = c->children; ip; ip = ip->next)
			if (is(ip, NS_AI, "mac-address"))
				mac = text(ip);
		if (!ld->ifaces)
			ld->ifaces = json_array();
		if (!cur || !str_same(json_string_value(json_object_get(cur, "mac")), mac)) {
			cur = da_ld_iface_new(mac);
			json_array_append_new(ld->ifaces, cur);
		}
		for (ip = c->children; ip; ip = ip->next)
			for (v = is(ip, NS_AI, "ip-address") ? ip->children : NULL; v; v = v->next) {
				family = is(v, NS_AI, "ip-v4") ? "ipv4" : is(v, NS_AI, "ip-v6") ? "ipv6" : NULL;
				if (!family)
					continue;
				addr = text(v);
				json_array_append_new(json_object_get(cur, family), da_ld_address_entry(addr));
				free(addr);
			}
		free(mac);
	}
}

/* The first element NAME of namespace NS at or below N. */
static const xmlNode *find_ns(const xmlNode *n, const char *ns, const char *name)
{
	const xmlNode *hit;

	for (; n; n = n->next) {
		if (is(n, ns, name))
			return n;
		if (n->type == XML_ELEMENT_NODE && (hit = find_ns(n->children, ns, name)))
			return hit;
	}
	return NULL;
}

/* The target-facts arf.c writes, back into a fact document. */
static void target_fact(struct ld *ld, const xmlNode *n)
{
	static const struct {
		const char *name, *section, *member;
	} map[] = {
		{ "urn:xccdf:fact:asset:identifier:host_name", "host", "hostname" },
		{ "urn:xccdf:fact:asset:identifier:fqdn", "host", "fqdn" },
		{ "urn:dockaudit:fact:host:os", "host", "os" },
		{ "urn:dockaudit:fact:host:kernel", "host", "kernel" },
		{ "urn:dockaudit:fact:daemon:host", "daemon", "host" },
		{ "urn:dockaudit:fact:daemon:error", "daemon", "error" },
	};
	json_t *f = ld->s->facts;
	char *name = attr(n, "name"), *value = text(n);
	size_t i;

	if (!name)
		goto out;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(name, map[i].name) == 0)
			da_ld_set_str(da_ld_obj_at(f, map[i].section), map[i].member, value);
	if (strcmp(name, "urn:dockaudit:fact:daemon:version") == 0)
		da_ld_set_str(da_ld_obj_at(da_ld_obj_at(f, "daemon"), "version"), "Version", value);
	else if (strcmp(name, "urn:dockaudit:fact:containers:count") == 0)
		json_object_set_new(da_ld_obj_at(f, "containers"), "count",
				    json_integer(strtoll(value, NULL, 10)));
	else if (strcmp(name, "urn:xccdf:fact:asset:identifier:ipv4") == 0)
		da_ld_address_add(ld, "ipv4", value);
	else if (strcmp(name, "urn:xccdf:fact:asset:identifier:ipv6") == 0)
		da_ld_address_add(ld, "ipv6", value);
	else if (strcmp(name, "urn:xccdf:fact:asset:identifier:mac") == 0)
		da_ld_address_add(ld, "mac", value);
out:
	free(name);
	free(value);
}

/* Every target-address from C on, as IPv4 or IPv6 addresses. */
static void address_list(struct ld *ld, const xmlNode *c)
{
	char *a;

	for (; c; c = c->next) {
		if (!is_x(c, "target-address"))
			continue;
		a = text(c);
		da_ld_address_add(ld, strchr(a, ':') ? "ipv6" : "ipv4", a);
		free(a);
	}
}

static void target_facts(struct ld *ld, const xmlNode *tr)
{
	const xmlNode *c, *f;
	json_t *host = da_ld_obj_at(ld->s->facts, "host");
	char *target;

	for (c = tr->children; c; c = c->next)
		if (is_x(c, "target-facts"))
			for (f = c->children; f; f = f->next)
				if (is_x(f, "fact"))
					target_fact(ld, f);
	/* target-address only where no address fact said the same. */
	for (c = tr->children; c && !is_x(c, "target-address"); c = c->next)
		;
	if (c && !ld->ipv4 && !ld->ipv6)
		address_list(ld, c);
	target = child_text(tr, "target", NULL);
	if (target && strcmp(target, "unknown") != 0 && !json_object_get(host, "hostname"))
		da_ld_set_str(host, "hostname", target);
	free(target);
}

/* A results file names the benchmark file it was evaluated from: keep that
 * name (reports write it again), not the results file's. */
static void bench_href(struct ld *ld, const xmlNode *benchmark)
{
	char *href = attr(benchmark, "href"), *path;

	if (href && *href && *href != '#' && ld->s->format == DA_SAVED_XCCDF &&
	    (path = xmlURIUnescapeString(href, 0, NULL))) {
		free(ld->s->own_bench->path);
		ld->s->own_bench->path = da_xstrdup(path);
		xmlFree(path);
	}
	free(href);
}

/* TestResult attributes: id, times; the benchmark and profile it names. */
static int test_result_head(struct ld *ld, const xmlNode *tr)
{
	char *start = attr(tr, "start-time"), *end = attr(tr, "end-time"), *bid = NULL;
	char *prof = NULL;
	const xmlNode *c;
	int rc = -1;

	ld->r->test_result_id = attr(tr, "id");
	if (!end || da_ld_parse_time(end, &ld->r->end_time) < 0) {
		xml_error(ld, tr, "TestResult end-time '%s' is missing or not a time", end ? end : "");
		goto out;
	}
	ld->r->start_time = ld->r->end_time;
	if (start && da_ld_parse_time(start, &ld->r->start_time) < 0) {
		xml_error(ld, tr, "TestResult start-time '%s' is not a time", start);
		goto out;
	}
	for (c = tr->children; c; c = c->next) {
		if (is_x(c, "benchmark") && !bid) {
			bid = attr(c, "id");
			bench_href(ld, c);
		}
		if (is_x(c, "profile") && !prof)
			prof = attr(c, "idref");
	}
	if (bid && strcmp(bid, ld->s->bench->id) != 0) {
		xml_error(ld, tr, "the TestResult is for benchmark '%s', not the one saved with it ('%s')",
			  bid, ld->s->bench->id);
		goto out;
	}
	if (prof) {
		ld->r->profile = da_benchmark_profile(ld->s->bench, prof);
		if (!ld->r->profile) {
			ld->s->profile = da_xcalloc(1, sizeof(*ld->s->profile));
			ld->s->profile->id = prof;
			ld->r->profile = ld->s->profile;
			prof = NULL;
		}
	}
	rc = 0;
out:
	free(start);
	free(end);
	free(bid);
	free(prof);
	return rc;
}

static int test_result(struct ld *ld, const xmlNode *tr)
{
	const xmlNode *c;

	da_ld_results_init(ld);
	if (test_result_head(ld, tr) < 0)
		return -1;
	target_facts(ld, tr);
	for (c = tr->children; c; c = c->next) {
		if (is_x(c, "rule-result") && rule_result(ld, c) < 0)
			return -1;
		if (is_x(c, "score") && score(ld, c) < 0)
			return -1;
	}
	da_ld_interfaces_finish(ld);
	ld->waiver_day = (long)(ld->r->end_time / 86400);
	da_ld_waivers_finish(ld);
	da_ld_results_finish(ld, true);
	return 0;
}

/* The last TestResult child of a results Benchmark. */
static xmlNode *last_test_result(xmlNode *bench)
{
	xmlNode *c, *tr = NULL;

	for (c = bench->children; c; c = c->next)
		if (is_x(c, "TestResult"))
			tr = c;
	return tr;
}

int da_ld_parse_xml(struct ld *ld, const char *text, size_t len)
{
	xmlDoc *doc = xml_read(ld, text, len);
	xmlNode *root, *bench, *tr;
	const xmlNode *conns;
	int rc = -1;

	if (!doc)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (is(root, NS_ARF, "asset-report-collection")) {
		ld->s->format = DA_SAVED_ARF;
		tr = find_x(root->children, "TestResult", "Benchmark");
		bench = find_x(root->children, "Benchmark", NULL);
		if (!tr) {
			da_err_set(ld->err, "%s: the ARF holds no XCCDF 1.2 TestResult", ld->name);
			goto out;
		}
		if (!bench) {
			da_err_set(ld->err, "%s: the ARF holds no XCCDF 1.2 Benchmark to read the rules from",
				   ld->name);
			goto out;
		}
	} else if (is_x(root, "Benchmark")) {
		ld->s->format = DA_SAVED_XCCDF;
		bench = root;
		tr = last_test_result(root);
		if (!tr) {
			da_err_set(ld->err, "%s: the Benchmark holds no TestResult: not a results file",
				   ld->name);
			goto out;
		}
	} else {
		xml_error(ld, root, "<%s> is neither an ARF 1.1 asset-report-collection nor an XCCDF 1.2 Benchmark",
			  root ? (const char *)root->name : "");
		goto out;
	}
	ld->s->facts = json_object();
	if (ld->s->format == DA_SAVED_ARF && (conns = find_ns(root, NS_AI, "connections")))
		connections(ld, conns);
	if (load_embedded(ld, bench) == 0)
		rc = test_result(ld, tr);
out:
	xmlFreeDoc(doc);
	return rc;
}
