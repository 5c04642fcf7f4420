/*
 * Saved results read back into the reporters' model. The ARF and XCCDF
 * readers undo what report/arf.c writes (one rule-result per subject with
 * an <instance>, the subject id in a message, waivers as overrides whose
 * remark names the waiver); the JSON reader undoes report/json.c. What a
 * format does not carry is left out or rebuilt, as docs/ARCHITECTURE.md
 * ("Saved results") lists.
 */
#include "report/load.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "engine/score.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NS_ARF "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define NS_AI "http://scap.nist.gov/schema/asset-identification/1.1"
#define JSON_FORMAT "dockaudit-results"
#define JSON_FORMAT_VERSION 1
#define TESTRESULT_PREFIX "xccdf_org.dockaudit_testresult_"
#define NO_PATTERN "(not saved)"
#define XML_FLAGS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
#if LIBXML_VERSION >= 21200
#define DA_XMLERROR const xmlError
#else
#define DA_XMLERROR xmlError
#endif

/* A waived instance, pointed at its waiver once the set is complete. */
struct pending {
	size_t rule, inst, index;
};

/* A waiver as collected, and how it fared where the file says so. */
struct coll {
	struct da_waiver w;
	bool expired;
	size_t matched;
};

struct ld {
	const char *name;
	const struct da_benchmark *given; /* JSON: read against this one, if set */
	struct da_err *err;
	struct da_saved *s;
	struct da_results *r;
	struct coll *w;      /* collected, any order; sorted by index at the end */
	size_t n_w;
	struct pending *pend;
	size_t n_pend;
	size_t n_anon;       /* overrides whose remark names no waiver */
	char *waiver_path;
	json_t *ipv4, *ipv6, *macs; /* the host's addresses, as saved without interfaces */
	json_t *ifaces;             /* ARF: interfaces rebuilt from the asset's connections */
	long waiver_day;
	bool have_day;
	bool have_score[DA_SCORE_MODEL_COUNT];
};

const char *da_saved_format_name(enum da_saved_format f)
{
	static const char *const names[] = { "arf", "xccdf", "json" };

	return (unsigned)f < 3 ? names[f] : "?";
}

/* ---- the model, whichever format ---- */

static void results_init(struct ld *ld)
{
	const struct da_benchmark *b = ld->s->bench;
	struct da_results *r = da_xcalloc(1, sizeof(*r));
	const struct da_item *it;
	size_t i;

	r->bench = b;
	r->facts = ld->s->facts;
	r->score_model = DA_SCORE_DEFAULT;
	r->rules = da_xcalloc(b->n_rules ? b->n_rules : 1, sizeof(*r->rules));
	r->n_rules = b->n_rules;
	for (i = 0; i < b->n_rules; i++) {
		it = b->rules[i];
		r->rules[i].item = it;
		r->rules[i].result = DA_RES_NOTSELECTED;
		r->rules[i].severity = it->rule->severity;
		r->rules[i].weight = it->weight;
		r->rules[i].role = it->rule->role;
	}
	ld->s->listed = da_xcalloc(b->n_rules ? b->n_rules : 1, sizeof(bool));
	ld->r = r;
	ld->s->results = r;
}

/* The index of rule ID in the benchmark, or -1. */
static long rule_index(const struct ld *ld, const char *id)
{
	const struct da_benchmark *b = ld->s->bench;
	size_t i;

	for (i = 0; id && i < b->n_rules; i++)
		if (strcmp(b->rules[i]->id, id) == 0)
			return (long)i;
	return -1;
}

static struct da_instance *instance_add(struct da_rule_result *rr)
{
	rr->instances = da_xreallocarray(rr->instances, rr->n_instances + 1, sizeof(*rr->instances));
	memset(&rr->instances[rr->n_instances], 0, sizeof(*rr->instances));
	return &rr->instances[rr->n_instances++];
}

static char *dup_or_null(const char *s)
{
	return s ? da_xstrdup(s) : NULL;
}

/* The waiver of index INDEX collected so far, or NULL. */
static struct coll *waiver_by_index(struct ld *ld, size_t index)
{
	size_t i;

	for (i = 0; i < ld->n_w; i++)
		if (ld->w[i].w.index == index)
			return &ld->w[i];
	return NULL;
}

/* Collect a waiver (its strings are copied); the first of an index wins. */
static struct coll *waiver_add(struct ld *ld, size_t index, const char *rule,
			       const char *subject, const char *just, const char *by,
			       const char *expires)
{
	struct coll *c = waiver_by_index(ld, index);
	struct da_waiver *w;

	if (c)
		return c;
	ld->w = da_xreallocarray(ld->w, ld->n_w + 1, sizeof(*ld->w));
	c = &ld->w[ld->n_w++];
	memset(c, 0, sizeof(*c));
	w = &c->w;
	w->index = index;
	w->rule_id = da_xstrdup(rule ? rule : "");
	w->subject = da_xstrdup(subject ? subject : NO_PATTERN);
	w->justification = da_xstrdup(just ? just : "");
	w->approved_by = da_xstrdup(by ? by : "");
	if (expires && da_waiver_date_parse(expires, &w->expires_day) == 0)
		snprintf(w->expires, sizeof(w->expires), "%s", expires);
	return c;
}

static void pending_add(struct ld *ld, size_t rule, size_t inst, size_t index)
{
	ld->pend = da_xreallocarray(ld->pend, ld->n_pend + 1, sizeof(*ld->pend));
	ld->pend[ld->n_pend++] = (struct pending){ rule, inst, index };
}

static int coll_cmp(const void *x, const void *y)
{
	const struct coll *a = x, *b = y;

	return a->w.index < b->w.index ? -1 : a->w.index > b->w.index;
}

/* The position of waiver INDEX in WS, or WS->n. */
static size_t waiver_pos(const struct da_waivers *ws, size_t index)
{
	size_t i;

	for (i = 0; i < ws->n && ws->items[i].index != index; i++)
		;
	return i;
}

/* The waiver set, in index order, each instance pointed at its waiver, and
 * how each fared: what the reporters read after da_waivers_apply. */
static void waivers_finish(struct ld *ld)
{
	struct da_results *r = ld->r;
	struct da_waivers *ws;
	const struct pending *p;
	size_t i, k;

	if (!ld->n_w)
		return;
	qsort(ld->w, ld->n_w, sizeof(*ld->w), coll_cmp);
	ws = da_xcalloc(1, sizeof(*ws));
	ws->path = da_xstrdup(ld->waiver_path ? ld->waiver_path : "the waiver file");
	ws->items = da_xcalloc(ld->n_w, sizeof(*ws->items));
	ws->n = ld->n_w;
	r->waiver_uses = da_xcalloc(ws->n, sizeof(*r->waiver_uses));
	for (i = 0; i < ws->n; i++) {
		ws->items[i] = ld->w[i].w;
		r->waiver_uses[i].waiver = &ws->items[i];
		r->waiver_uses[i].expired = ld->w[i].expired;
		r->waiver_uses[i].matched = ld->w[i].matched;
	}
	free(ld->w);
	ld->w = NULL;
	ld->n_w = 0;
	ld->s->waivers = ws;
	r->waivers = ws;
	r->waiver_day = ld->waiver_day;
	for (k = 0; k < ld->n_pend; k++) {
		p = &ld->pend[k];
		i = waiver_pos(ws, p->index);
		r->rules[p->rule].instances[p->inst].waiver = &ws->items[i];
		r->waiver_uses[i].waived++;
		r->waiver_uses[i].matched++;
		r->n_waived++;
	}
}

/* Roll-ups where instances decide, waiver counts, counts and any score the
 * file did not carry. */
static void results_finish(struct ld *ld, bool roll_up)
{
	struct da_results *r = ld->r;
	struct da_rule_result *rr;
	size_t i, j;
	int m;

	for (i = 0; i < r->n_rules; i++) {
		rr = &r->rules[i];
		rr->n_waived = 0;
		for (j = 0; j < rr->n_instances; j++)
			rr->n_waived += rr->instances[j].waiver != NULL;
		if (roll_up && rr->n_instances) {
			rr->result = da_result_roll_up(rr->instances, rr->n_instances, false);
			rr->original = da_result_roll_up(rr->instances, rr->n_instances, true);
		}
		r->counts[rr->result]++;
	}
	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
		r->scores[m].model = m;
		if (!ld->have_score[m])
			r->scores[m] = da_score_compute(r, m);
	}
}

static void ld_free(struct ld *ld)
{
	size_t i;

	for (i = 0; i < ld->n_w; i++) {
		free(ld->w[i].w.rule_id);
		free(ld->w[i].w.subject);
		free(ld->w[i].w.justification);
		free(ld->w[i].w.approved_by);
	}
	free(ld->w);
	free(ld->pend);
	free(ld->waiver_path);
	json_decref(ld->ipv4);
	json_decref(ld->ipv6);
	json_decref(ld->macs);
	json_decref(ld->ifaces);
}

/* "2026-11-25T08:00:00Z", with optional fraction and a Z or +HH:MM offset. */
static int parse_time(const char *s, time_t *out)
{
	struct tm tm = { 0 };
	const char *p;
	int oh = 0, om = 0, sign = 1;
	char *end;

	if (!s)
		return -1;
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p)
		return -1;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == 'Z' && !p[1]) {
		*out = timegm(&tm);
		return 0;
	}
	if ((*p != '+' && *p != '-') || strlen(p) != 6 || p[3] != ':')
		return -1;
	sign = *p == '-' ? -1 : 1;
	oh = (int)strtol(p + 1, &end, 10);
	om = (int)strtol(p + 4, &end, 10);
	*out = timegm(&tm) - sign * (oh * 3600 + om * 60);
	return 0;
}

static json_t *obj_at(json_t *parent, const char *name)
{
	json_t *o = json_object_get(parent, name);

	if (!json_is_object(o)) {
		o = json_object();
		json_object_set_new(parent, name, o);
	}
	return o;
}

static void set_str(json_t *o, const char *name, const char *v)
{
	if (v)
		json_object_set_new(o, name, json_string(v));
}

/* ---- XML: reading a file, finding its parts ---- */

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
	waiver_add(ld, index, ld->r->rules[rule].item->id, NULL, just, by, expires);
	pending_add(ld, rule, inst, index);
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
		just = dup_or_null(remark);
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
	struct da_instance *in = instance_add(rr);
	const xmlNode *c;
	char *ctx = attr(inst, "context");

	in->result = res;
	in->kind = ctx && strcmp(ctx, "undefined") != 0 ? ctx : NULL;
	if (in->kind != ctx)
		free(ctx);
	in->name = text(inst);
	waiver_message(ld, ms, rule, rr->n_instances - 1);
	in->id = take_id(ms, in->kind);
	if (ms->n == 2 && !rr->message) {
		rr->message = ms->m[0];
		ms->m[0] = NULL;
	}
	if (ms->n) {
		in->message = ms->m[ms->n - 1];
		ms->m[ms->n - 1] = NULL;
	}
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
	long i = rule_index(ld, idref);
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

/* An address entry: {"address"}, with "prefix_len" for "10.0.0.2/24". An
 * IPv6 address is written the short way (ARF's connections spell it out). */
static json_t *address_entry(const char *value)
{
	const char *slash = strchr(value, '/');
	char *addr = slash ? da_xstrndup(value, (size_t)(slash - value)) : da_xstrdup(value);
	char short6[INET6_ADDRSTRLEN];
	struct in6_addr a6;
	json_t *e;

	if (inet_pton(AF_INET6, addr, &a6) == 1 && inet_ntop(AF_INET6, &a6, short6, sizeof(short6)))
		e = json_pack("{s:s}", "address", short6);
	else
		e = json_pack("{s:s}", "address", addr);

	if (slash)
		json_object_set_new(e, "prefix_len", json_integer(strtol(slash + 1, NULL, 10)));
	free(addr);
	return e;
}

/* One saved address of FAMILY ("ipv4", "ipv6" or "mac"), in order. */
static void address_add(struct ld *ld, const char *family, const char *value)
{
	json_t **list = strcmp(family, "ipv4") == 0 ? &ld->ipv4 : strcmp(family, "ipv6") == 0 ? &ld->ipv6 : &ld->macs;

	if (!value || !*value)
		return;
	if (!*list)
		*list = json_array();
	json_array_append_new(*list, list == &ld->macs ? json_string(value) : address_entry(value));
}

static bool str_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static json_t *iface_new(const char *mac)
{
	json_t *i = json_pack("{s:n, s:[], s:[]}", "name", "ipv4", "ipv6");

	if (mac && *mac)
		json_object_set_new(i, "mac", json_string(mac));
	return i;
}

/* /host/interfaces from what was saved. Which interface an address is on
 * is saved only in an ARF's connections (address and MAC): consecutive
 * addresses with one MAC become one interface. Otherwise one nameless
 * interface holds every address (with the MAC when there is only one),
 * and each further MAC is an interface of its own. */
static void interfaces_finish(struct ld *ld)
{
	json_t *host = obj_at(ld->s->facts, "host"), *first, *m;
	size_t i, n_macs = json_array_size(ld->macs);

	if (ld->ifaces) {
		json_object_set(host, "interfaces", ld->ifaces);
		return;
	}
	if (!ld->ipv4 && !ld->ipv6 && !n_macs)
		return;
	first = iface_new(n_macs == 1 ? json_string_value(json_array_get(ld->macs, 0)) : NULL);
	if (ld->ipv4)
		json_object_set(first, "ipv4", ld->ipv4);
	if (ld->ipv6)
		json_object_set(first, "ipv6", ld->ipv6);
	json_object_set_new(host, "interfaces", json_array());
	if (ld->ipv4 || ld->ipv6 || n_macs == 1)
		json_array_append(json_object_get(host, "interfaces"), first);
	json_decref(first);
	json_array_foreach (ld->macs, i, m)
		if (n_macs > 1)
			json_array_append_new(json_object_get(host, "interfaces"),
					      iface_new(json_string_value(m)));
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
			cur = iface_new(mac);
			json_array_append_new(ld->ifaces, cur);
		}
		for (ip = c->children; ip; ip = ip->next)
			for (v = is(ip, NS_AI, "ip-address") ? ip->children : NULL; v; v = v->next) {
				family = is(v, NS_AI, "ip-v4") ? "ipv4" : is(v, NS_AI, "ip-v6") ? "ipv6" : NULL;
				if (!family)
					continue;
				addr = text(v);
				json_array_append_new(json_object_get(cur, family), address_entry(addr));
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
			set_str(obj_at(f, map[i].section), map[i].member, value);
	if (strcmp(name, "urn:dockaudit:fact:daemon:version") == 0)
		set_str(obj_at(obj_at(f, "daemon"), "version"), "Version", value);
	else if (strcmp(name, "urn:dockaudit:fact:containers:count") == 0)
		json_object_set_new(obj_at(f, "containers"), "count",
				    json_integer(strtoll(value, NULL, 10)));
	else if (strcmp(name, "urn:xccdf:fact:asset:identifier:ipv4") == 0)
		address_add(ld, "ipv4", value);
	else if (strcmp(name, "urn:xccdf:fact:asset:identifier:ipv6") == 0)
		address_add(ld, "ipv6", value);
	else if (strcmp(name, "urn:xccdf:fact:asset:identifier:mac") == 0)
		address_add(ld, "mac", value);
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
		address_add(ld, strchr(a, ':') ? "ipv6" : "ipv4", a);
		free(a);
	}
}

static void target_facts(struct ld *ld, const xmlNode *tr)
{
	const xmlNode *c, *f;
	json_t *host = obj_at(ld->s->facts, "host");
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
		set_str(host, "hostname", target);
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
	if (!end || parse_time(end, &ld->r->end_time) < 0) {
		xml_error(ld, tr, "TestResult end-time '%s' is missing or not a time", end ? end : "");
		goto out;
	}
	ld->r->start_time = ld->r->end_time;
	if (start && parse_time(start, &ld->r->start_time) < 0) {
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

	results_init(ld);
	if (test_result_head(ld, tr) < 0)
		return -1;
	target_facts(ld, tr);
	for (c = tr->children; c; c = c->next) {
		if (is_x(c, "rule-result") && rule_result(ld, c) < 0)
			return -1;
		if (is_x(c, "score") && score(ld, c) < 0)
			return -1;
	}
	interfaces_finish(ld);
	ld->waiver_day = (long)(ld->r->end_time / 86400);
	waivers_finish(ld);
	results_finish(ld, true);
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

static int parse_xml(struct ld *ld, const char *text, size_t len)
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

/* ---- JSON ---- */

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
	json_t *f = json_object(), *h = obj_at(f, "host");
	static const char *const fam[] = { "ipv4", "ipv6", "mac" };
	size_t i, j;

	ld->s->facts = f;
	for (i = 0; i < sizeof(host_members) / sizeof(host_members[0]); i++)
		set_str(h, host_members[i], json_string_value(json_object_get(host, host_members[i])));
	for (i = 0; i < 3; i++)
		json_array_foreach (json_object_get(addrs, fam[i]), j, a) {
			if (json_is_object(a))
				a = json_object_get(a, "address");
			if (json_is_string(a))
				address_add(ld, fam[i], json_string_value(a));
		}
	if (json_is_object(d)) {
		set_str(obj_at(f, "daemon"), "host", json_string_value(json_object_get(d, "host")));
		set_str(obj_at(f, "daemon"), "error", json_string_value(json_object_get(d, "error")));
		a = json_object_get(d, "version");
		if (json_is_object(a))
			a = json_object_get(a, "Version");
		if (json_is_string(a))
			set_str(obj_at(obj_at(f, "daemon"), "version"), "Version", json_string_value(a));
		a = json_object_get(d, "api_version");
		if (json_is_string(a))
			set_str(obj_at(obj_at(f, "daemon"), "version"), "ApiVersion", json_string_value(a));
	}
	if (json_is_object(c))
		c = json_object_get(c, "count");
	if (json_is_integer(c))
		json_object_set_new(obj_at(f, "containers"), "count", json_copy((json_t *)c));
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
	c = waiver_add(ld, (size_t)json_integer_value(index), rule, subject, just, by, expires);
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
	ld->waiver_path = dup_or_null(file);
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
	waiver_add(ld, (size_t)json_integer_value(index), ld->r->rules[rule].item->id, NULL, just,
		   by, expires);
	pending_add(ld, rule, inst, (size_t)json_integer_value(index));
	return 0;
}

static int jinstance(struct ld *ld, const json_t *o, size_t rule, const char *where)
{
	struct da_rule_result *rr = &ld->r->rules[rule];
	const json_t *subj = json_object_get(o, "subject");
	struct da_instance *in;
	const char *kind, *name, *id, *msg;

	if (!json_is_object(o) || !json_is_object(subj))
		return da_err_set(ld->err, "%s: %s: not an object with a \"subject\" object", ld->name,
				  where);
	if (jstr(ld, subj, "kind", false, where, &kind) < 0 ||
	    jstr(ld, subj, "name", false, where, &name) < 0 ||
	    jstr(ld, subj, "id", false, where, &id) < 0 ||
	    jstr(ld, o, "message", false, where, &msg) < 0)
		return -1;
	in = instance_add(rr);
	in->kind = dup_or_null(kind);
	in->name = dup_or_null(name);
	in->id = dup_or_null(id);
	in->message = dup_or_null(msg);
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
	rr->message = dup_or_null(msg);
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
	i = rule_index(ld, id);
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
	if (parse_time(start, &ld->r->start_time) < 0 || parse_time(end, &ld->r->end_time) < 0)
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
		ld->s->profile->title = dup_or_null(title);
		ld->r->profile = ld->s->profile;
	}
	return 0;
}

static int parse_json(struct ld *ld, const char *text, size_t len, const char *benchmark)
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
	interfaces_finish(ld);
	results_init(ld);
	if (jtimes_profile(ld, doc) < 0 || jscores(ld, doc) < 0 || jwaivers(ld, doc) < 0)
		goto out;
	json_array_foreach (rules, i, e)
		if (jrule(ld, e, i) < 0)
			goto out;
	if (!ld->have_day)
		ld->waiver_day = (long)(ld->r->end_time / 86400);
	waivers_finish(ld);
	results_finish(ld, false);
	rc = 0;
out:
	json_decref(doc);
	return rc;
}

/* ---- entry points ---- */

static int parse(const char *text, size_t len, const char *name, const char *benchmark,
		 const struct da_benchmark *given, struct da_saved **out, struct da_err *err)
{
	struct ld ld = { .name = name, .err = err, .given = given };
	size_t i = 0;
	int rc;

	*out = NULL;
	da_err_clear(err);
	ld.s = da_xcalloc(1, sizeof(*ld.s));
	ld.s->path = da_xstrdup(name);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	if (i == len)
		rc = da_err_set(err, "%s: empty file: not an ARF, XCCDF or JSON result", name);
	else if (text[i] == '<')
		rc = parse_xml(&ld, text, len);
	else if (text[i] == '{')
		rc = parse_json(&ld, text + i, len - i, benchmark);
	else
		rc = da_err_set(err, "%s: neither XML nor JSON: not an ARF, XCCDF or JSON result", name);
	ld_free(&ld);
	if (rc < 0) {
		da_saved_free(ld.s);
		return -1;
	}
	*out = ld.s;
	return 0;
}

int da_saved_parse(const char *text, size_t len, const char *name, const char *benchmark,
		   struct da_saved **out, struct da_err *err)
{
	return parse(text, len, name, benchmark, NULL, out, err);
}

static int read_all(const char *path, const char *name, struct da_buf *b, struct da_err *err)
{
	char chunk[65536];
	ssize_t n;
	int fd = 0, rc = 0;

	if (strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			return da_err_set(err, "%s: %s", name, strerror(errno));
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = da_err_set(err, "%s: %s", name, strerror(errno));
			break;
		}
		if (da_buf_append(b, chunk, (size_t)n) < 0) {
			rc = da_err_set(err, "%s: larger than %u bytes", name, DA_SAVED_MAX_BYTES);
			break;
		}
	}
	if (fd != 0)
		close(fd);
	return rc;
}

static int load(const char *path, const char *benchmark, const struct da_benchmark *given,
		struct da_saved **out, struct da_err *err)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct da_buf b;
	int rc = -1;

	*out = NULL;
	da_buf_init(&b, DA_SAVED_MAX_BYTES);
	if (read_all(path, name, &b, err) == 0)
		rc = parse(b.data ? b.data : "", b.len, name, benchmark, given, out, err);
	da_buf_free(&b);
	return rc;
}

int da_saved_load(const char *path, const char *benchmark, struct da_saved **out,
		  struct da_err *err)
{
	return load(path, benchmark, NULL, out, err);
}

int da_saved_load_against(const char *path, const struct da_benchmark *bench,
			  struct da_saved **out, struct da_err *err)
{
	return load(path, NULL, bench, out, err);
}

void da_saved_free(struct da_saved *s)
{
	if (!s)
		return;
	da_results_free(s->results);
	da_waivers_free(s->waivers);
	if (s->profile) {
		da_profile_clear(s->profile);
		free(s->profile);
	}
	json_decref(s->facts);
	da_benchmark_free(s->own_bench);
	free(s->listed);
	free(s->path);
	free(s);
}
