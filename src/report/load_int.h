/*
 * What the saved-result readers share: the state one read builds up, the
 * model both formats fill (rules indexed like the benchmark, instances,
 * waivers collected in any order and tied together at the end, roll-ups
 * and scores) and the host facts both rebuild. load.c holds these and the
 * entry points; load_xml.c reads ARF and XCCDF results, load_json.c the
 * JSON document. Internal to report/: da_saved_* in load.h is the API.
 */
#ifndef DA_REPORT_LOAD_INT_H
#define DA_REPORT_LOAD_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "report/load.h"

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

/* One read in progress: the result being built (S, R) and what is
 * collected along the way until the finishing steps tie it together. */
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
	size_t last_rule;    /* where da_ld_rule_index found the last rule */
	size_t n_anon;       /* overrides whose remark names no waiver */
	char *waiver_path;
	json_t *ipv4, *ipv6, *macs; /* the host's addresses, as saved without interfaces */
	json_t *ifaces;             /* ARF: interfaces rebuilt from the asset's connections */
	long waiver_day;
	bool have_day;
	bool have_score[DA_SCORE_MODEL_COUNT];
};

/* ---- the model, whichever format (load.c) ---- */

/* RESULTS for every rule of LD->s->bench, all notselected until read, and
 * LD->s->listed all false. LD->s->facts must be set. */
void da_ld_results_init(struct ld *ld);
/* The index of rule ID in the benchmark, or -1; the search starts at the
 * rule found last. */
long da_ld_rule_index(struct ld *ld, const char *id);
/* A new zeroed instance at the end of RR's. */
struct da_instance *da_ld_instance_add(struct da_rule_result *rr);
/* A copy of S, or NULL for NULL. */
char *da_ld_dup_or_null(const char *s);
/* Collect a waiver (its strings are copied; NULL ones get a default); the
 * first of an index wins and is returned. */
struct coll *da_ld_waiver_add(struct ld *ld, size_t index, const char *rule, const char *subject,
			      const char *just, const char *by, const char *expires);
/* Instance INST of rule RULE is waived by waiver INDEX: pointed at it by
 * da_ld_waivers_finish. */
void da_ld_pending_add(struct ld *ld, size_t rule, size_t inst, size_t index);
/* The waiver set, in index order, each pending instance pointed at its
 * waiver, and how each fared: what the reporters read after
 * da_waivers_apply. Call once every waiver and instance is read. */
void da_ld_waivers_finish(struct ld *ld);
/* Roll-ups where instances decide (ROLL_UP), waiver counts, counts and
 * any score the file did not carry. Last step of a read. */
void da_ld_results_finish(struct ld *ld, bool roll_up);
/* "2026-11-25T08:00:00Z", with optional fraction and a Z or +HH:MM
 * offset, into *OUT. 0 or -1. */
int da_ld_parse_time(const char *s, time_t *out);
/* The object member NAME of PARENT, made (replacing a non-object) if need be. */
json_t *da_ld_obj_at(json_t *parent, const char *name);
/* Set O's member NAME to the string V, unless V is NULL. */
void da_ld_set_str(json_t *o, const char *name, const char *v);

/* ---- the host's addresses (load.c) ---- */

/* An address entry: {"address"}, with "prefix_len" for "10.0.0.2/24". */
json_t *da_ld_address_entry(const char *value);
/* One saved address of FAMILY ("ipv4", "ipv6" or "mac"), in order. */
void da_ld_address_add(struct ld *ld, const char *family, const char *value);
/* A nameless interface with no addresses, and MAC when given. */
json_t *da_ld_iface_new(const char *mac);
/* /host/interfaces from the addresses collected. */
void da_ld_interfaces_finish(struct ld *ld);

/* ---- the readers: LEN bytes of TEXT into LD->s; 0, or -1 with LD->err ---- */

/* An ARF 1.1 collection or an XCCDF 1.2 results Benchmark (load_xml.c). */
int da_ld_parse_xml(struct ld *ld, const char *text, size_t len);
/* A dockaudit JSON results document, read against LD->given or the
 * benchmark at path BENCHMARK (NULL: the installed one) (load_json.c). */
int da_ld_parse_json(struct ld *ld, const char *text, size_t len, const char *benchmark);

#endif
