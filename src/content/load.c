/*
 * The libxml2 side of loading content: parse without network access or
 * DTDs, expand XIncludes one by one so every node's file is known, validate
 * checks against the check schema, and turn libxml2's errors (which would
 * otherwise go to stderr) into one "FILE:LINE: what" message.
 */
#include "content/load.h"

#include <errno.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <libxml/xinclude.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/xalloc.h"

#if LIBXML_VERSION >= 21200
#define DA_XMLERROR const xmlError
#else
#define DA_XMLERROR xmlError
#endif

#define PARSE_FLAGS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
#define XINCLUDE_FLAGS (PARSE_FLAGS | XML_PARSE_NOXINCNODE | XML_PARSE_NOBASEFIX)
#define SCHEMA_REL "/benchmarks/dockaudit-check-1.xsd"

/* The entity loader in place before da_load_begin: only consulted while a
 * load runs (loads are not concurrent; libxml2's loader is process-wide). */
static xmlExternalEntityLoader outer_loader;

char *da_content_data_path(const char *rel)
{
	const char *dir = getenv("DOCKAUDIT_DATADIR");

	if (!dir || !*dir)
		dir = DA_DATADIR;
	return da_xasprintf("%s%s", dir, rel);
}

bool da_xml_is(const xmlNode *node, const char *ns, const char *name)
{
	return node && node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
	       strcmp((const char *)node->ns->href, ns) == 0 &&
	       strcmp((const char *)node->name, name) == 0;
}

bool da_xml_ignorable(const xmlNode *node)
{
	if (node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE)
		return true;
	if (node->type != XML_TEXT_NODE)
		return false;
	return !node->content || strspn((const char *)node->content, " \t\r\n") ==
					 strlen((const char *)node->content);
}

const char *da_xml_qname(const xmlNode *el, char *buf, size_t n)
{
	if (el->ns && el->ns->prefix)
		snprintf(buf, n, "%s:%s", (const char *)el->ns->prefix, (const char *)el->name);
	else
		snprintf(buf, n, "%s", (const char *)el->name);
	return buf;
}

char *da_xml_attr(const xmlNode *el, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(el, (const xmlChar *)name);
	char *s = da_xstrdup((const char *)v);

	xmlFree(v);
	return s;
}

const char *da_load_where(const struct da_load *ld, const xmlNode *node)
{
	const xmlNode *n;
	size_t i;

	for (n = node; n; n = n->parent) {
		for (i = 0; i < ld->n_incl; i++) {
			if (ld->incl[i].node == n)
				return ld->incl[i].file;
		}
	}
	return ld->file;
}

static long node_line(const xmlNode *node)
{
	while (node && node->type != XML_ELEMENT_NODE)
		node = node->parent;
	return node ? xmlGetLineNo(node) : 0;
}

int da_load_error(struct da_load *ld, const xmlNode *node, const char *fmt, ...)
{
	char msg[DA_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return da_err_set(ld->err, "%s:%ld: %s", da_load_where(ld, node), node_line(node), msg);
}

/* One line: libxml2's messages end in a newline and may hold more. */
static void add_message(struct da_buf *b, const char *msg)
{
	size_t n = strlen(msg);

	while (n && strchr(" \t\r\n", msg[n - 1]))
		n--;
	for (; n; msg++, n--)
		da_buf_append(b, *msg == '\n' || *msg == '\r' ? " " : msg, 1);
}

/* "FILE:LINE[:COL]: message" for a libxml2 error; the file of a node is
 * the one it came from, the benchmark or an included file. */
static char *format_error(const struct da_load *ld, DA_XMLERROR *e, size_t *loc)
{
	const xmlNode *node = e->node;
	struct da_buf b;

	da_buf_init(&b, 0);
	if (node && (e->domain == XML_FROM_SCHEMASV || e->domain == XML_FROM_XINCLUDE))
		da_buf_printf(&b, "%s:%ld: ", da_load_where(ld, node),
			      e->line > 0 ? (long)e->line : node_line(node));
	else if (e->file && e->line > 0 && e->int2 > 0 &&
		 (e->domain == XML_FROM_PARSER || e->domain == XML_FROM_NAMESPACE))
		da_buf_printf(&b, "%s:%d:%d: ", e->file, e->line, e->int2);
	else if (e->file && e->line > 0)
		da_buf_printf(&b, "%s:%d: ", e->file, e->line);
	else if (e->file)
		da_buf_printf(&b, "%s: ", e->file);
	*loc = b.len;
	add_message(&b, e->message ? e->message : "unknown XML error");
	return da_buf_take(&b);
}

static void on_xml_error(void *ctx, DA_XMLERROR *e)
{
	struct da_load *ld = ctx;
	size_t loc;

	if (e->level >= XML_ERR_ERROR && !ld->xerr.error)
		ld->xerr.error = format_error(ld, e, &ld->xerr.error_loc);
	else if (e->level == XML_ERR_WARNING && !ld->xerr.warning)
		ld->xerr.warning = format_error(ld, e, &loc);
}

static void on_generic_error(void *ctx, const char *msg, ...)
{
}

static void reset_errors(struct da_load *ld)
{
	free(ld->xerr.error);
	free(ld->xerr.warning);
	free(ld->xerr.denied);
	memset(&ld->xerr, 0, sizeof(ld->xerr));
}

/* The best thing libxml2 said since the last reset, or FALLBACK. */
static const char *xml_said(const struct da_load *ld, const char *fallback)
{
	if (ld->xerr.error)
		return ld->xerr.error;
	return ld->xerr.warning ? ld->xerr.warning : fallback;
}

/*
 * Only top-level documents may be read: the benchmark, its XIncludes and the
 * check schema, each loaded by a fresh parser context with no input yet.
 * External DTDs (read while a document is open) and external entities (a
 * sub-parser, input_id > 1) are refused and noted.
 */
static xmlParserInputPtr guard_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	struct da_load *ld;

	if (ctxt && ctxt->inputNr == 0 && ctxt->input_id <= 1)
		return outer_loader(url, id, ctxt);
	if (xmlStructuredError == on_xml_error) {
		ld = xmlStructuredErrorContext;
		if (!ld->xerr.denied)
			ld->xerr.denied = da_xstrdup(url ? url : "(no URL)");
	}
	return NULL;
}

void da_load_begin(struct da_load *ld, const char *file, struct da_benchmark *b,
		   struct da_err *err)
{
	memset(ld, 0, sizeof(*ld));
	ld->file = file;
	ld->root_name = "Benchmark";
	ld->b = b;
	ld->err = err;
	ld->ids = xmlHashCreate(64);
	xmlInitParser();
	ld->saved_serror = xmlStructuredError;
	ld->saved_sctx = xmlStructuredErrorContext;
	ld->saved_gerror = xmlGenericError;
	ld->saved_gctx = xmlGenericErrorContext;
	ld->saved_loader = xmlGetExternalEntityLoader();
	outer_loader = ld->saved_loader;
	xmlSetStructuredErrorFunc(ld, on_xml_error);
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	xmlSetExternalEntityLoader(guard_loader);
}

void da_load_end(struct da_load *ld)
{
	size_t i;

	xmlSetExternalEntityLoader(ld->saved_loader);
	xmlSetGenericErrorFunc(ld->saved_gctx, ld->saved_gerror);
	xmlSetStructuredErrorFunc(ld->saved_sctx, ld->saved_serror);
	xmlSchemaFreeValidCtxt(ld->vctxt);
	xmlSchemaFree(ld->schema);
	free(ld->schema_path);
	for (i = 0; i < ld->n_incl; i++)
		free(ld->incl[i].file);
	free(ld->incl);
	xmlHashFree(ld->ids, NULL);
	reset_errors(ld);
	ld->vctxt = NULL;
	ld->schema = NULL;
	ld->incl = NULL;
	ld->ids = NULL;
}

/* SAX internalSubset: content never has a DOCTYPE; stop right there. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
		       const xmlChar *sys_id)
{
	xmlParserCtxtPtr p = ctx;
	struct da_load *ld = p->_private;

	ld->doctype_line = xmlSAX2GetLineNumber(ctx);
	xmlStopParser(p);
}

/* PATH must be a readable file; else an error naming NAME (and FROM's place). */
static int check_file(struct da_load *ld, const char *path, const char *name, const char *from,
		      long line)
{
	struct stat st;
	const char *why;

	if (stat(path, &st) < 0)
		why = strerror(errno);
	else if (S_ISDIR(st.st_mode))
		why = "is a directory";
	else
		return 0;
	if (from)
		return da_err_set(ld->err, "%s:%ld: cannot include %s: %s", from, line, name, why);
	return da_err_set(ld->err, "%s: %s", name, why);
}

int da_load_check_root(struct da_load *ld)
{
	xmlNode *root = xmlDocGetRootElement(ld->doc);

	if (da_xml_is(root, DA_XCCDF_NS, ld->root_name))
		return 0;
	if (!root)
		return da_err_set(ld->err, "%s: not an XCCDF 1.2 %s", ld->file, ld->root_name);
	return da_load_error(ld, root, "not an XCCDF 1.2 %s", ld->root_name);
}

int da_load_parse(struct da_load *ld)
{
	xmlParserCtxtPtr p;

	if (check_file(ld, ld->file, ld->file, NULL, 0) < 0)
		return -1;
	p = xmlNewParserCtxt();
	if (!p)
		return da_err_set(ld->err, "%s: out of memory", ld->file);
	p->_private = ld;
	p->sax->internalSubset = on_doctype;
	reset_errors(ld);
	ld->doc = xmlCtxtReadFile(p, ld->file, NULL, PARSE_FLAGS);
	xmlFreeParserCtxt(p);
	if (ld->doctype_line)
		return da_err_set(ld->err, "%s:%d: a DOCTYPE is not allowed in content", ld->file,
				  ld->doctype_line);
	/* Namespace errors leave a document behind; they are errors all the same. */
	if (!ld->doc || ld->xerr.error)
		return da_err_set(ld->err, "%s", xml_said(ld, "cannot parse the file"));
	return da_load_check_root(ld);
}

static bool is_xinclude(const xmlNode *n)
{
	return da_xml_is(n, (const char *)XINCLUDE_NS, "include") ||
	       da_xml_is(n, (const char *)XINCLUDE_OLD_NS, "include");
}

/* Every xi:include element, document order (not those inside another). */
static void find_includes(xmlNode *n, xmlNode ***list, size_t *len)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_xinclude(n)) {
			*list = da_xreallocarray(*list, *len + 1, sizeof(**list));
			(*list)[(*len)++] = n;
			continue;
		}
		find_includes(n->children, list, len);
	}
}

static void remember_included(struct da_load *ld, xmlNode *first, const xmlNode *stop,
			      const char *file)
{
	xmlNode *n;

	for (n = first; n && n != stop; n = n->next) {
		ld->incl = da_xreallocarray(ld->incl, ld->n_incl + 1, sizeof(*ld->incl));
		ld->incl[ld->n_incl].node = n;
		ld->incl[ld->n_incl].file = da_xstrdup(file);
		ld->n_incl++;
	}
}

/* The file an xi:include names, relative to its document. Caller frees. */
static char *include_target(struct da_load *ld, xmlNode *inc, char **path)
{
	xmlChar *href = xmlGetNoNsProp(inc, (const xmlChar *)"href");
	xmlChar *base = xmlNodeGetBase(ld->doc, inc);
	xmlChar *uri = href ? xmlBuildURI(href, base ? base : (const xmlChar *)ld->file) : NULL;
	xmlURIPtr u = uri ? xmlParseURI((const char *)uri) : NULL;
	char *target = da_xstrdup((const char *)uri);

	*path = NULL;
	if (u && u->path && (!u->scheme || strcmp(u->scheme, "file") == 0))
		*path = da_xstrdup(u->path);
	xmlFreeURI(u);
	xmlFree(uri);
	xmlFree(base);
	xmlFree(href);
	return target;
}

static int check_include(struct da_load *ld, xmlNode *inc, const char *target, const char *path)
{
	char *parse = da_xml_attr(inc, "parse");
	int rc = 0;

	if (!target)
		rc = da_load_error(ld, inc, "xi:include without a usable href");
	else if (parse && strcmp(parse, "xml") != 0)
		rc = da_load_error(ld, inc, "xi:include parse=\"%s\" is not supported", parse);
	else if (!path)
		rc = da_load_error(ld, inc, "cannot include %s: not a local file", target);
	else
		rc = check_file(ld, path, target, da_load_where(ld, inc), node_line(inc));
	free(parse);
	return rc;
}

static int include_one(struct da_load *ld, xmlNode *inc)
{
	xmlNode *parent = inc->parent, *prev = inc->prev, *next = inc->next;
	const char *from = da_load_where(ld, inc);
	long line = node_line(inc);
	char *path, *target = include_target(ld, inc, &path);
	int rc = check_include(ld, inc, target, path);

	if (rc < 0)
		goto out;
	reset_errors(ld);
	rc = xmlXIncludeProcessTreeFlags(inc, XINCLUDE_FLAGS);
	if (ld->xerr.denied)
		rc = da_err_set(ld->err,
				"%s:%ld: cannot include %s: refused to load %s (no DTDs or external entities)",
				from, line, target, ld->xerr.denied);
	else if (rc < 0 || ld->xerr.error)
		rc = da_err_set(ld->err, "%s:%ld: cannot include %s: %s", from, line, target,
				xml_said(ld, "XInclude failed"));
	else
		remember_included(ld, prev ? prev->next : parent->children, next, target);
out:
	free(path);
	free(target);
	return rc < 0 ? -1 : 0;
}

/* An entity reference would stand for text we never read: refuse it. */
static int refuse_entities(struct da_load *ld, const xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_ENTITY_REF_NODE)
			return da_load_error(ld, n, "entity reference &%s; is not allowed in content",
					     (const char *)n->name);
		if (n->type == XML_ELEMENT_NODE && refuse_entities(ld, n->children) < 0)
			return -1;
	}
	return 0;
}

int da_load_xinclude(struct da_load *ld)
{
	xmlNode **incs = NULL;
	size_t i, n = 0;
	int rc = 0;

	find_includes(xmlDocGetRootElement(ld->doc), &incs, &n);
	for (i = 0; i < n && rc == 0; i++)
		rc = include_one(ld, incs[i]);
	free(incs);
	if (rc < 0)
		return -1;
	return refuse_entities(ld, xmlDocGetRootElement(ld->doc));
}

static int load_schema(struct da_load *ld)
{
	xmlSchemaParserCtxtPtr pc;

	ld->schema_path = da_content_data_path(SCHEMA_REL);
	reset_errors(ld);
	pc = xmlSchemaNewParserCtxt(ld->schema_path);
	if (pc) {
		xmlSchemaSetParserStructuredErrors(pc, on_xml_error, ld);
		ld->schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	if (ld->schema)
		ld->vctxt = xmlSchemaNewValidCtxt(ld->schema);
	if (!ld->vctxt)
		return da_err_set(ld->err, "cannot load the check schema %s: %s", ld->schema_path,
				  xml_said(ld, "unknown error"));
	xmlSchemaSetValidStructuredErrors(ld->vctxt, on_xml_error, ld);
	return 0;
}

int da_load_validate_check(struct da_load *ld, xmlNode *el)
{
	const char *e;
	int rc;

	if (!ld->vctxt && load_schema(ld) < 0)
		return -1;
	reset_errors(ld);
	rc = xmlSchemaValidateOneElement(ld->vctxt, el);
	if (rc == 0 && !ld->xerr.error)
		return 0;
	e = ld->xerr.error;
	if (e && ld->xerr.error_loc)
		return da_err_set(ld->err, "%.*s check: %s", (int)ld->xerr.error_loc - 1, e,
				  e + ld->xerr.error_loc);
	return da_load_error(ld, el, "check: %s",
			     e ? e : "does not validate against the check schema");
}

static int text_into(struct da_load *ld, const xmlNode *el, int flags, struct da_buf *b);

static bool is_markup(const xmlNode *n)
{
	const char *ns = n->ns ? (const char *)n->ns->href : "";

	return strcmp(ns, DA_XHTML_NS) == 0 || strcmp(ns, DA_DC_NS) == 0;
}

/* Elements whose boundaries separate words (<p>a</p><p>b</p> is "a b");
 * inline ones (<code>, <em>...) do not. Dublin Core elements are fields. */
static bool is_block(const xmlNode *n)
{
	static const char *const blocks[] = {
		"p", "br", "div", "li", "ul", "ol", "dl", "dt", "dd", "pre", "table", "tr", "td",
		"th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", NULL,
	};
	size_t i;

	if (strcmp((const char *)n->ns->href, DA_DC_NS) == 0)
		return true;
	for (i = 0; blocks[i]; i++) {
		if (strcmp((const char *)n->name, blocks[i]) == 0)
			return true;
	}
	return false;
}

static int markup_child(struct da_load *ld, const xmlNode *el, const xmlNode *n, int flags,
			struct da_buf *b)
{
	char q[DA_QNAME_MAX];
	bool space = (flags & DA_TEXT_COLLAPSE) && is_block(n);

	if (space && da_buf_puts(b, " ") < 0)
		goto too_long;
	if (text_into(ld, n, flags, b) < 0)
		return -1;
	if (space && da_buf_puts(b, " ") < 0)
		goto too_long;
	return 0;
too_long:
	return da_load_error(ld, el, "text of %s is longer than %u bytes",
			     da_xml_qname(el, q, sizeof(q)), DA_TEXT_MAX);
}

/* Whether N is an XCCDF sub or instance, which a fix may hold. */
static bool is_fix_slot(const xmlNode *n)
{
	return da_xml_is(n, DA_XCCDF_NS, "sub") || da_xml_is(n, DA_XCCDF_NS, "instance");
}

/* The placeholder for the sub or instance N of EL. */
static int fix_slot(struct da_load *ld, const xmlNode *el, const xmlNode *n, struct da_buf *b)
{
	bool sub = strcmp((const char *)n->name, "sub") == 0;
	char *idref = sub ? da_xml_attr(n, "idref") : NULL;
	char q[DA_QNAME_MAX], pq[DA_QNAME_MAX];
	bool no_idref = sub && (!idref || !*idref);

	free(idref);
	if (no_idref)
		return da_load_error(ld, n, "%s without idref", da_xml_qname(n, q, sizeof(q)));
	if (n->children)
		return da_load_error(ld, n, "%s in %s must be empty", da_xml_qname(n, q, sizeof(q)),
				     da_xml_qname(el, pq, sizeof(pq)));
	if (da_buf_puts(b, sub ? DA_FIX_SUB_WORD : DA_FIX_INSTANCE_WORD) < 0)
		return da_load_error(ld, el, "text of %s is longer than %u bytes",
				     da_xml_qname(el, q, sizeof(q)), DA_TEXT_MAX);
	return 0;
}

static int text_child(struct da_load *ld, const xmlNode *el, const xmlNode *n, int flags,
		      struct da_buf *b)
{
	char q[DA_QNAME_MAX], pq[DA_QNAME_MAX];

	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content && da_buf_puts(b, (const char *)n->content) < 0)
			return da_load_error(ld, el, "text of %s is longer than %u bytes",
					     da_xml_qname(el, q, sizeof(q)), DA_TEXT_MAX);
		return 0;
	case XML_ELEMENT_NODE:
		if ((flags & DA_TEXT_FIX) && is_fix_slot(n))
			return fix_slot(ld, el, n, b);
		if (!(flags & DA_TEXT_MARKUP) || !is_markup(n))
			return da_load_error(ld, n, "element '%s' is not allowed in %s",
					     da_xml_qname(n, q, sizeof(q)),
					     da_xml_qname(el, pq, sizeof(pq)));
		return markup_child(ld, el, n, flags, b);
	default:
		return 0;
	}
}

static int text_into(struct da_load *ld, const xmlNode *el, int flags, struct da_buf *b)
{
	const xmlNode *n;

	for (n = el->children; n; n = n->next) {
		if (text_child(ld, el, n, flags, b) < 0)
			return -1;
	}
	return 0;
}

static char *collapse(const char *s)
{
	struct da_buf b;
	size_t n;

	da_buf_init(&b, 0);
	for (;;) {
		s += strspn(s, " \t\r\n");
		n = strcspn(s, " \t\r\n");
		if (!n)
			break;
		if (b.len)
			da_buf_puts(&b, " ");
		da_buf_append(&b, s, n);
		s += n;
	}
	return da_buf_take(&b);
}

int da_load_text(struct da_load *ld, const xmlNode *el, int flags, char **out)
{
	struct da_buf b;

	*out = NULL;
	da_buf_init(&b, DA_TEXT_MAX);
	if (text_into(ld, el, flags, &b) < 0) {
		da_buf_free(&b);
		return -1;
	}
	*out = da_buf_take(&b);
	if (flags & DA_TEXT_COLLAPSE) {
		char *c = collapse(*out);

		free(*out);
		*out = c;
	}
	return 0;
}
