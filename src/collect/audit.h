/*
 * The audit collector's parts: auditctl rules files parsed into the paths
 * they watch, and the kernel's loaded rules (NETLINK_AUDIT) decoded into
 * the same shape. Split out of audit.c so the tests can feed them bytes
 * without a rules tree or a kernel.
 */
#ifndef DA_COLLECT_AUDIT_H
#define DA_COLLECT_AUDIT_H

#include <jansson.h>
#include <stddef.h>

#include "common/err.h"

/* Largest rules file read, all files together, and most files read from
 * rules.d. */
#define DA_AUDIT_FILE_MAX (4u << 20)
#define DA_AUDIT_TOTAL_MAX (16u << 20)
#define DA_AUDIT_DIR_MAX 1024u
/* Most watch entries of a rules set, and -W/-d lines honoured in one. */
#define DA_AUDIT_WATCHES_MAX 16384u
#define DA_AUDIT_DELETES_MAX 64u
/* auditctl reads lines into a buffer of 6144 bytes; longer ones are errors. */
#define DA_AUDIT_LINE_MAX 6143u
/* Most rules decoded from the kernel. */
#define DA_AUDIT_LOADED_MAX 65536u

/* A rules set: OUT is an object; parsing and decoding add to its members
 * "watches" (array), "errors" (array of strings) and "control" (object),
 * creating them when missing, and set its "error" when the set is
 * incomplete (a cap was reached). The watch entries are described in
 * dockaudit-facts(5), section audit. */

/* The rules files of one set, read in order (audit.rules, rules.d). */
struct da_audit_rules {
	json_t *out;    /* MUST be set: the set's object (borrowed) */
	size_t deletes; /* -W and -d lines honoured so far */
};

/* Parse TEXT (LEN bytes, NULs included) as auditctl -R would read FILE
 * (the name as the host sees it, for entries and messages) into SET. Every
 * line that auditctl would refuse is an entry "FILE:LINE: why" in errors;
 * the other lines still count. Never fails. */
void da_audit_parse_rules(struct da_audit_rules *set, const char *file, const char *text,
			  size_t len);

/* Decode DATA (LEN bytes), a struct audit_rule_data as the kernel sends it
 * for AUDIT_LIST_RULES, numbered INDEX (1-based), adding an entry to OUT's
 * watches for each path or dir field. Returns 0, or -1 with ERR saying
 * what is malformed (nothing is added then). */
int da_audit_decode_rule(const void *data, size_t len, unsigned index, json_t *out,
			 struct da_err *err);

/* An answer being read from the kernel. */
struct da_audit_reply {
	unsigned seq;     /* the request's sequence number */
	int type;         /* the request: AUDIT_GET or AUDIT_LIST_RULES */
	json_t *out;      /* AUDIT_LIST_RULES: the rules set to add to (borrowed);
			   * AUDIT_GET: the object the status members go into */
	unsigned count;   /* rules decoded so far */
	int done;         /* set when the answer is complete */
};

/* Feed one netlink datagram BUF (N bytes, from the kernel) to R. Messages
 * for other sequence numbers are skipped. Returns 0 (R->done says whether
 * the answer is complete), or -1 with ERR when the kernel refused the
 * request ("Operation not permitted") or the datagram is malformed. */
int da_audit_reply_feed(struct da_audit_reply *r, const void *buf, size_t n, struct da_err *err);

/* Ask this machine's kernel for its audit status and loaded rules and fill
 * LOADED (an object): "status" (or its "error"), "watches" and "errors" as
 * above. Returns 0, or -1 with ERR when the rules could not be
 * listed (no audit in this kernel, not permitted, no answer in time). */
int da_audit_list_loaded(json_t *loaded, struct da_err *err);

#endif
