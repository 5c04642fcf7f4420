/*
 * The "results" reporter: a standalone XCCDF 1.2 results document as
 * `oscap xccdf eval --results` writes one: a copy of the evaluated
 * Benchmark with the TestResult appended as its last child. For tools that
 * read XCCDF but not ARF, and for `oscap xccdf validate` with schematron,
 * which is why a waiver is a message here rather than an override (see
 * struct da_xccdf_target).
 */
#include "report/report.h"
#include "report/util.h"
#include "report/xccdf.h"
#include "common/xalloc.h"

#include <libxml/tree.h>
#include <libxml/uri.h>
#include <stdlib.h>

/* The benchmark's file as benchmark/@href (an xs:anyURI): the path with
 * what a URI cannot hold percent-encoded. Caller frees. */
static char *benchmark_href(const struct da_benchmark *b)
{
	xmlChar *esc = xmlURIEscapeStr(BAD_CAST(b->path ? b->path : ""), BAD_CAST "/:._-~");
	char *href = da_xstrdup(esc ? (const char *)esc : "");

	xmlFree(esc);
	return href;
}

/* Whether N holds text other than white space. */
static int has_text(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && !xmlIsBlankNode(c))
			return 1;
	return 0;
}

/* Drop the white space between the elements of element-only content (the
 * source file's indentation), so that the output is indented as a whole:
 * libxml2 does not indent below an element that has text children, and the
 * appended TestResult would come out as one line. Mixed content (a
 * description, a fix script) keeps its text as it is. */
static void drop_indentation(xmlNode *n)
{
	xmlNode *c, *next;
	int keep = has_text(n);

	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type == XML_ELEMENT_NODE) {
			drop_indentation(c);
		} else if (!keep && c->type == XML_TEXT_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
}

static int build(xmlDoc *doc, const struct da_results *r, struct da_err *err)
{
	xmlNode *root = xmlDocCopyNode(xmlDocGetRootElement(r->bench->doc), doc, 1);
	struct da_xccdf_target t = { .asset_id = NULL, .overrides = 0 };
	int rc;

	if (!root)
		return da_err_set(err, "XCCDF results: cannot copy the benchmark document");
	xmlDocSetRootElement(doc, root);
	if (xmlReconciliateNs(doc, root) < 0)
		return da_err_set(err, "XCCDF results: cannot copy the benchmark document");
	drop_indentation(root);
	da_report_xccdf_tailored_profile(root, r);
	t.benchmark_href = benchmark_href(r->bench);
	rc = da_report_xccdf_test_result(root, r, &t, err);
	free((char *)t.benchmark_href);
	return rc < 0 ? da_err_prefix(err, "XCCDF results") : 0;
}

static int results_write(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
			 struct da_err *err)
{
	xmlDoc *doc;
	int rc = -1;

	if (!r->bench->doc || !xmlDocGetRootElement(r->bench->doc))
		return da_err_set(err, "XCCDF results: the benchmark document is not available");
	doc = xmlNewDoc(BAD_CAST "1.0");
	doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
	if (build(doc, r, err) < 0)
		goto out;
	if (xmlDocFormatDump(out, doc, 1) < 0) {
		da_err_set(err, "XCCDF results: cannot serialise the document");
		goto out;
	}
	rc = da_report_check_stream(out, err);
out:
	xmlFreeDoc(doc);
	return rc;
}

const struct da_reporter da_report_results = {
	.name = "results",
	.summary = "XCCDF 1.2 results: the Benchmark with the TestResult appended",
	.write = results_write,
};
