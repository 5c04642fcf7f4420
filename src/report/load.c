/*
 * Saved results read back into the reporters' model: the entry points (read
 * the file, tell XML from JSON) and what both readers share (the model, the
 * waiver set, the host's addresses). The readers are load_xml.c (ARF, XCCDF
 * results) and load_json.c; what a format does not carry is left out or
 * rebuilt, as docs/ARCHITECTURE.md ("Saved results") lists.
 */
#include "report/load_int.h"
#include "common/buf.h"
#include "common/gz.h"
#include "common/xalloc.h"
#include "engine/score.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The subject of a waiver known only from an instance it waived. */
#define NO_PATTERN "(not saved)"

const char *da_saved_format_name(enum da_saved_format f)
{
	static const char *const names[] = { "arf", "xccdf", "json" };

	return (unsigned)f < 3 ? names[f] : "?";
}

/* ---- the model, whichever format ---- */

void da_ld_results_init(struct ld *ld)
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

/* The index of rule ID in the benchmark, or -1. The writers list rules in
 * the benchmark's order, an ARF one rule-result per subject: the search
 * starts at the rule found last, so a whole file costs one pass. */
long da_ld_rule_index(struct ld *ld, const char *id)
{
	const struct da_benchmark *b = ld->s->bench;
	size_t i, k;

	for (k = 0; id && k < b->n_rules; k++) {
		i = (ld->last_rule + k) % b->n_rules;
		if (strcmp(b->rules[i]->id, id) == 0) {
			ld->last_rule = i;
			return (long)i;
		}
	}
	return -1;
}

struct da_instance *da_ld_instance_add(struct da_rule_result *rr)
{
	rr->instances = da_xreallocarray(rr->instances, rr->n_instances + 1, sizeof(*rr->instances));
	memset(&rr->instances[rr->n_instances], 0, sizeof(*rr->instances));
	return &rr->instances[rr->n_instances++];
}

char *da_ld_dup_or_null(const char *s)
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
struct coll *da_ld_waiver_add(struct ld *ld, size_t index, const char *rule, const char *subject,
			      const char *just, const char *by, const char *expires)
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

void da_ld_pending_add(struct ld *ld, size_t rule, size_t inst, size_t index)
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
void da_ld_waivers_finish(struct ld *ld)
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
void da_ld_results_finish(struct ld *ld, bool roll_up)
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
int da_ld_parse_time(const char *s, time_t *out)
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

json_t *da_ld_obj_at(json_t *parent, const char *name)
{
	json_t *o = json_object_get(parent, name);

	if (!json_is_object(o)) {
		o = json_object();
		json_object_set_new(parent, name, o);
	}
	return o;
}

void da_ld_set_str(json_t *o, const char *name, const char *v)
{
	if (v)
		json_object_set_new(o, name, json_string(v));
}


/* ---- the host's addresses ---- */


/* An address entry: {"address"}, with "prefix_len" for "10.0.0.2/24". An
 * IPv6 address is written the short way (ARF's connections spell it out). */
json_t *da_ld_address_entry(const char *value)
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
void da_ld_address_add(struct ld *ld, const char *family, const char *value)
{
	json_t **list = strcmp(family, "ipv4") == 0 ? &ld->ipv4 : strcmp(family, "ipv6") == 0 ? &ld->ipv6 : &ld->macs;

	if (!value || !*value)
		return;
	if (!*list)
		*list = json_array();
	json_array_append_new(*list, list == &ld->macs ? json_string(value) : da_ld_address_entry(value));
}

json_t *da_ld_iface_new(const char *mac)
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
void da_ld_interfaces_finish(struct ld *ld)
{
	json_t *host = da_ld_obj_at(ld->s->facts, "host"), *first, *m;
	size_t i, n_macs = json_array_size(ld->macs);

	if (ld->ifaces) {
		json_object_set(host, "interfaces", ld->ifaces);
		return;
	}
	if (!ld->ipv4 && !ld->ipv6 && !n_macs)
		return;
	first = da_ld_iface_new(n_macs == 1 ? json_string_value(json_array_get(ld->macs, 0)) : NULL);
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
					      da_ld_iface_new(json_string_value(m)));
}



/* ---- entry points ---- */

/* A gzip-compressed file (a run of the history, or any result passed
 * through gzip) is read uncompressed, under the same cap. */

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
		rc = da_ld_parse_xml(&ld, text, len);
	else if (text[i] == '{')
		rc = da_ld_parse_json(&ld, text + i, len - i, benchmark);
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

static int load(const char *path, const char *benchmark, const struct da_benchmark *given,
		struct da_saved **out, struct da_err *err)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct da_buf b, plain;
	int rc = -1;

	*out = NULL;
	da_buf_init(&b, DA_SAVED_MAX_BYTES);
	da_buf_init(&plain, DA_SAVED_MAX_BYTES);
	if (da_buf_read_path(&b, path, name, err) < 0)
		goto out;
	if (!da_gz_is(b.data, b.len)) {
		rc = parse(b.data ? b.data : "", b.len, name, benchmark, given, out, err);
		goto out;
	}
	if (da_gunzip(b.data, b.len, name, &plain, err) == 0)
		rc = parse(plain.data ? plain.data : "", plain.len, name, benchmark, given, out, err);
out:
	da_buf_free(&plain);
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
	free(s->bench_version);
	free(s->path);
	free(s);
}
