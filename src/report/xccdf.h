/*
 * What the two XCCDF writers share: the XCCDF 1.2 TestResult of an
 * evaluation (the ARF report carries it, the standalone results document
 * appends it to its copy of the Benchmark), the host's identity as facts
 * tell it (names, addresses, MACs: the ARF asset and the TestResult must
 * agree), and libxml2 builders that clean host text on the way in.
 */
#ifndef DA_REPORT_XCCDF_H
#define DA_REPORT_XCCDF_H

#include <arpa/inet.h>
#include <jansson.h>
#include <libxml/tree.h>

#include "common/err.h"
#include "engine/result.h"

/* ---- builders: every text and attribute value goes through da_report_clean ---- */

/* A new child NAME of PARENT in NS holding TEXT (NULL: empty). */
xmlNode *da_report_xml_add(xmlNode *parent, xmlNs *ns, const char *name, const char *text);
/* Set attribute NAME of N to VALUE (NULL: empty). */
void da_report_xml_attr(xmlNode *n, const char *name, const char *value);
/* Deep-copy NODE (of another document) as the last child of PARENT,
 * declaring again the namespaces the copy uses. 0 or -1 (out of memory in
 * libxml2). */
int da_report_xml_copy_under(xmlNode *parent, xmlNode *node);

/* ---- the host's identity ---- */

/* The most addresses one report lists; a crafted fact file can hold more. */
#define DA_HOST_ADDRS_MAX 256

struct da_host_addr {
	int family;                  /* AF_INET or AF_INET6 */
	char text[INET6_ADDRSTRLEN]; /* as inet_ntop writes it: 192.0.2.7, 2001:db8::7 */
	char full[INET6_ADDRSTRLEN];  /* ai:ipv6-type wants all eight groups: 2001:0db8:0000:...; IPv4 as TEXT */
	char mac[18];                /* its interface's MAC, aa:bb:cc:dd:ee:ff, or "" */
};

struct da_host_id {
	const char *hostname; /* /host/hostname if it fits ai:hostname-type, else NULL (borrowed) */
	const char *fqdn;     /* /host/fqdn, else the hostname, if a dotted name not under
				 localhost; else NULL (borrowed) */
	struct da_host_addr *addrs; /* owned */
	size_t n_addrs;
	char (*macs)[18]; /* the distinct MACs of the interfaces in ADDRS, in order; owned */
	size_t n_macs;
};

/* Read the identity from FACTS (/host/hostname, /host/fqdn, and
 * /host/interfaces[] with /host/ipv4_unattributed). Kept: addresses that
 * parse as IPv4 or IPv6 and are not loopback, link-local, unspecified or
 * on a loopback interface; MACs of six octets that are not all zero or all
 * one (a tunnel's, a loopback's). Anything else a crafted fact file holds
 * is left out, so what is kept is plain ASCII. At most DA_HOST_ADDRS_MAX
 * addresses, in the facts' order. Free with da_report_host_id_free.
 * The JSON report's host.addresses (json.c) is a different, documented
 * list (docs/JSON.md: link-local kept, text as collected), not this one. */
void da_report_host_id_read(const json_t *facts, struct da_host_id *id);
void da_report_host_id_free(struct da_host_id *id);

/* ---- the benchmark as evaluated ---- */

/* When R's profile comes from a tailoring, put it into BENCHMARK (the
 * output's copy of R's Benchmark element) as a Profile of its own, with
 * its extension resolved (so without extends), in place of a benchmark
 * Profile it shadows: the TestResult's profile then names a Profile of
 * the document, which OpenSCAP needs to build remediation from it. Does
 * nothing for a benchmark profile or none. */
void da_report_xccdf_tailored_profile(xmlNode *benchmark, const struct da_results *r);

/* ---- the TestResult ---- */

struct da_xccdf_target {
	const char *benchmark_href; /* benchmark/@href: where the Benchmark is */
	const char *asset_id;       /* target-id-ref/@name (an ARF asset), or NULL for none */
	/* 1: a waiver is an override (old and new result, authority, remark).
	 * 0: it is a message saying who waived what and why. OpenSCAP's XCCDF
	 * schematron rejects every rule-result without an override once one
	 * rule-result of the TestResult has one (its rule for section 6.6.4.3
	 * is written for the whole TestResult), so a document that must pass
	 * `oscap xccdf validate` with schematron uses 0. */
	int overrides;
};

/* Append to PARENT (which belongs to the output document) the TestResult
 * of R: benchmark and profile, identity, target, target-address for each
 * of the host's addresses, target-facts, set-value, one rule-result per
 * rule and subject (evidence as messages, a waiver as T says, the
 * Rule's idents, fix (for failures) and check copied from R's benchmark
 * document), and one score per scoring model. 0, or -1 with ERR. */
int da_report_xccdf_test_result(xmlNode *parent, const struct da_results *r,
				const struct da_xccdf_target *t, struct da_err *err);

#endif
