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
#include "report/xccdf.h"
#include "common/xalloc.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

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

struct arf {
	const struct da_results *r;
	xmlDoc *doc;
	char start[DA_REPORT_TIME_LEN];
};

#define add da_report_xml_add
#define attr da_report_xml_attr

static void ns_attr(xmlNode *n, xmlNs *ns, const char *name, const char *value)
{
	xmlNewNsProp(n, ns, BAD_CAST name, BAD_CAST value);
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
	if (da_report_xml_copy_under(comp, xmlDocGetRootElement(a->r->bench->doc)) < 0)
		return -1;
	da_report_xccdf_tailored_profile(xmlGetLastChild(comp), a->r);
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

/* One ai:connection per address, with its interface's MAC. */
static void connections(const struct da_host_id *id, xmlNode *dev, xmlNs *ai)
{
	const struct da_host_addr *ad;
	xmlNode *conns, *conn, *ip;
	size_t i;

	if (!id->n_addrs)
		return;
	conns = xmlNewChild(dev, ai, BAD_CAST "connections", NULL);
	for (i = 0; i < id->n_addrs; i++) {
		ad = &id->addrs[i];
		conn = xmlNewChild(conns, ai, BAD_CAST "connection", NULL);
		ip = xmlNewChild(conn, ai, BAD_CAST "ip-address", NULL);
		add(ip, ai, ad->family == AF_INET ? "ip-v4" : "ip-v6", ad->full);
		if (ad->mac[0])
			add(conn, ai, "mac-address", ad->mac);
	}
}

/* The host as an asset, in the order ai:computing-device-type requires:
 * connections, fqdn, hostname. Names that do not fit ai:hostname-type
 * (possible in a crafted fact file) are left out here; the TestResult's
 * target keeps them. */
static void assets(const struct arf *a, xmlNode *root, xmlNs *arf, xmlNs *ai)
{
	struct da_host_id id;
	xmlNode *asset, *dev;

	asset = xmlNewChild(xmlNewChild(root, arf, BAD_CAST "assets", NULL), arf, BAD_CAST "asset",
			    NULL);
	attr(asset, "id", ID_ASSET);
	dev = xmlNewChild(asset, ai, BAD_CAST "computing-device", NULL);
	da_report_host_id_read(a->r->facts, &id);
	connections(&id, dev, ai);
	if (id.fqdn)
		add(dev, ai, "fqdn", id.fqdn);
	if (id.hostname)
		add(dev, ai, "hostname", id.hostname);
	da_report_host_id_free(&id);
}

static int reports(struct arf *a, xmlNode *root, xmlNs *arf, struct da_err *err)
{
	static const struct da_xccdf_target target = {
		.benchmark_href = "#" ID_COMP_XCCDF,
		.asset_id = ID_ASSET,
		.overrides = 1,
	};
	xmlNode *rep = xmlNewChild(xmlNewChild(root, arf, BAD_CAST "reports", NULL), arf,
				   BAD_CAST "report", NULL);

	attr(rep, "id", ID_REPORT);
	return da_report_xccdf_test_result(xmlNewChild(rep, arf, BAD_CAST "content", NULL), a->r,
					   &target, err);
}

/* ---- the document ---- */

static int build(struct arf *a, struct da_err *err)
{
	xmlNode *root = xmlNewDocNode(a->doc, NULL, BAD_CAST "asset-report-collection", NULL);
	xmlNs *arf = xmlNewNs(root, BAD_CAST NS_ARF, BAD_CAST "arf");
	xmlNs *core = xmlNewNs(root, BAD_CAST NS_CORE, BAD_CAST "core");
	xmlNs *ai = xmlNewNs(root, BAD_CAST NS_AI, BAD_CAST "ai");

	xmlSetNs(root, arf);
	xmlDocSetRootElement(a->doc, root);
	relationships(root, core);
	if (report_requests(a, root, arf) < 0)
		return da_err_set(err, "ARF: cannot copy the benchmark document");
	assets(a, root, arf, ai);
	if (reports(a, root, arf, err) < 0)
		return da_err_prefix(err, "ARF");
	return 0;
}

static int arf_write(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
		     struct da_err *err)
{
	struct arf a = { .r = r };
	int rc = -1;

	if (!r->bench->doc || !xmlDocGetRootElement(r->bench->doc))
		return da_err_set(err, "ARF: the benchmark document is not available");
	da_report_time(r->start_time, a.start);
	a.doc = xmlNewDoc(BAD_CAST "1.0");
	a.doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
	if (build(&a, err) < 0)
		goto out;
	if (xmlDocFormatDump(out, a.doc, 1) < 0) {
		da_err_set(err, "ARF: cannot serialise the document");
		goto out;
	}
	rc = da_report_check_stream(out, err);
out:
	xmlFreeDoc(a.doc);
	return rc;
}

const struct da_reporter da_report_arf = {
	.name = "arf",
	.summary = "an ARF 1.1 result data stream (OpenSCAP compatible)",
	.write = arf_write,
};
