/*
 * Internal to src/content: one benchmark load, shared by the libxml2
 * plumbing (load.c: parsing without network or DTDs, XIncludes, the check
 * schema, errors), the XCCDF model builder (xccdf.c) and the check parser
 * (check.c). Every error becomes "FILE:LINE: what", FILE being the file the
 * node really came from (the benchmark or an included profile).
 */
#ifndef DA_CONTENT_LOAD_H
#define DA_CONTENT_LOAD_H

#include <libxml/hash.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <stdbool.h>

#include "common/err.h"
#include "content/benchmark.h"

#define DA_XHTML_NS "http://www.w3.org/1999/xhtml"
#define DA_DC_NS "http://purl.org/dc/elements/1.1/"
#define DA_CPE2_NS "http://cpe.mitre.org/language/2.0"

/* The largest text (title, description, fix script...) one element may hold. */
#define DA_TEXT_MAX (1u << 20)

/* A node inserted by an XInclude, and the file it came from. */
struct da_incl {
	const xmlNode *node;
	char *file;
};

/* libxml2 errors collected since the last da_load_reset_errors. */
struct da_xml_errs {
	char *error;   /* the first error, "FILE:LINE: message", or NULL */
	size_t error_loc; /* length of its "FILE:LINE: " part (0: none) */
	char *warning; /* the first warning, or NULL */
	char *denied;  /* the first external entity or DTD refused, or NULL */
};

struct da_load {
	const char *file;        /* the content file, as given */
	const char *root_name;   /* its root element: "Benchmark" (the default) or "Tailoring" */
	struct da_err *err;
	struct da_benchmark *b;  /* the model being built (a tailoring: the benchmark it refines) */
	xmlDoc *doc;
	struct da_incl *incl;
	size_t n_incl;
	xmlHashTable *ids;       /* id -> xmlNode of every Group, Rule, Value, Profile */
	char *schema_path;
	xmlSchema *schema;       /* the check schema, loaded on first use */
	xmlSchemaValidCtxt *vctxt;
	struct da_xml_errs xerr;
	int doctype_line;        /* set when the benchmark has a DOCTYPE */
	/* libxml2's handlers before da_load_begin, restored by da_load_end. */
	xmlStructuredErrorFunc saved_serror;
	void *saved_sctx;
	xmlGenericErrorFunc saved_gerror;
	void *saved_gctx;
	xmlExternalEntityLoader saved_loader;
};

/* Start a load of FILE into B: route libxml2's errors to LD (nothing is
 * printed) and refuse every external entity and DTD. Always pair with
 * da_load_end. */
void da_load_begin(struct da_load *ld, const char *file, struct da_benchmark *b,
		   struct da_err *err);
/* Restore libxml2's handlers and free LD's state (not LD->doc). */
void da_load_end(struct da_load *ld);

/* Parse LD->file into LD->doc (no network, no DOCTYPE), then check that the
 * root is the XCCDF 1.2 element LD->root_name. 0, or -1 with LD->err set. */
int da_load_parse(struct da_load *ld);
/* Check that LD->doc's root is the XCCDF 1.2 element LD->root_name. 0, or
 * -1 with LD->err set. */
int da_load_check_root(struct da_load *ld);
/* Process the XIncludes, remembering which file each included node came
 * from; then refuse entity references anywhere. 0, or -1 with LD->err set. */
int da_load_xinclude(struct da_load *ld);
/* Validate the da:check element EL against the check schema (loaded on
 * first use). 0, or -1 with "FILE:LINE: check: message" in LD->err. */
int da_load_validate_check(struct da_load *ld, xmlNode *el);

/* The file NODE came from (borrowed from LD). */
const char *da_load_where(const struct da_load *ld, const xmlNode *node);
/* Set LD->err to "FILE:LINE: " + the message, for NODE. Returns -1. */
int da_load_error(struct da_load *ld, const xmlNode *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Whether NODE is an element NAME in namespace NS. */
bool da_xml_is(const xmlNode *node, const char *ns, const char *name);
/* Whether NODE is only white space (or a comment or processing instruction). */
bool da_xml_ignorable(const xmlNode *node);
/* "da:test", "Rule": an element's name as written, for messages; written
 * into BUF (of size N, truncated) and returned. */
#define DA_QNAME_MAX 128
const char *da_xml_qname(const xmlNode *el, char *buf, size_t n);
/* Attribute NAME (no namespace) of EL, or NULL. Caller frees. */
char *da_xml_attr(const xmlNode *el, const char *name);

enum {
	DA_TEXT_COLLAPSE = 1, /* white space runs become one space, trimmed */
	DA_TEXT_MARKUP = 2,   /* XHTML and Dublin Core elements give their text */
	DA_TEXT_FIX = 4,      /* XCCDF sub and instance (in a fix) give a placeholder */
};
/* What stands for <sub idref="..."/> and <instance/> in a fix's text with
 * DA_TEXT_FIX: OpenSCAP puts a Value's value and a subject's name there
 * when it hands a fix on; one plain word is valid wherever those are, in
 * a shell word and in a YAML scalar. */
#define DA_FIX_SUB_WORD "DOCKAUDIT_SUB"
#define DA_FIX_INSTANCE_WORD "DOCKAUDIT_INSTANCE"
/* The text content of EL into *OUT (caller frees): text and CDATA
 * children, with DA_TEXT_MARKUP those of XHTML/DC elements below, and with
 * DA_TEXT_FIX a placeholder for each XCCDF sub (which needs an idref) and
 * instance, both empty. Any other element child is an error. 0, or -1
 * with LD->err set. */
int da_load_text(struct da_load *ld, const xmlNode *el, int flags, char **out);

/* Parse the da:check element EL (check.c). Tests' value-refs must name a
 * Value already in LD->b. 0 and *OUT (free with da_check_free), or -1
 * with LD->err set. */
int da_check_parse(struct da_load *ld, xmlNode *el, struct da_check **out);

/* ---- XCCDF building blocks (xccdf.c), shared with tailoring.c ---- */

/* An element allowed inside a parent: NS NULL means the XCCDF namespace;
 * PARSE NULL means accepted and not used. Tables end with a NULL name. */
struct da_child {
	const char *name;
	int (*parse)(struct da_load *ld, xmlNode *el, void *obj);
	const char *ns;
};

/* Check EL's children against TAB (text, and elements not in TAB, are
 * errors) and hand each known one to its parser with OBJ. 0 or -1. */
int da_xccdf_walk(struct da_load *ld, xmlNode *el, const struct da_child *tab, void *obj);
/* EL's id into *OUT (caller frees, also on error): present, of the XCCDF 1.2
 * pattern xccdf_<namespace>_KIND_<name>, not seen before in LD. 0 or -1. */
int da_xccdf_id(struct da_load *ld, xmlNode *el, const char *kind, char **out);
/* Attribute NAME of EL into *OUT (caller frees); its absence is an error. */
int da_xccdf_required(struct da_load *ld, xmlNode *el, const char *name, char **out);
/* Parse the Profile element EL into P (zeroed by the caller; cleared by the
 * caller on error too). Its selects and refinements must name items and
 * Values of LD->b. Extension is not resolved here. 0 or -1. */
int da_xccdf_profile(struct da_load *ld, xmlNode *el, struct da_profile *p);
/* Make P inherit from BASE (an extended profile, itself resolved): a copy
 * of BASE's selects and refinements goes before P's own. */
void da_xccdf_inherit(struct da_profile *p, const struct da_profile *base);

/* A data file: $DOCKAUDIT_DATADIR/REL, else DA_DATADIR/REL. Caller frees. */
char *da_content_data_path(const char *rel);

#endif
