/*
 * The dockaudit check language (docs/CHECKS.md): a da:check element into
 * struct da_check. Our own strict pass gives the precise messages (unknown
 * operator, operand rules, unknown elements and attributes, bad pointers);
 * the check schema then validates the same element, so content that gets
 * past one but not the other is still refused.
 */
#include "content/check.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "content/template.h"
#include "content/load.h"
#include "engine/ops.h"

/* Where an element may stand among da:check's children, in order. */
enum slot { SLOT_SUBJECTS, SLOT_WHERE, SLOT_APPLIES, SLOT_BODY, SLOT_MESSAGE, SLOT_NONE };

static const char *const no_attrs[] = { NULL };
static const char *const subjects_attrs[] = { "kind", "path", "name-path", "id-path", "name",
					      NULL };
static const char *const subjects_required[] = { "kind", "path", NULL };
static const char *const test_attrs[] = { "path", "op", "value", "value-ref", "missing", NULL };
static const char *const test_required[] = { "path", "op", NULL };
static const char *const inform_attrs[] = { "path", NULL };
static const char *const each_attrs[] = { "path", "quantifier", "label", NULL };
static const char *const each_required[] = { "path", "quantifier", NULL };
static const char *const message_attrs[] = { "for-each", "if", NULL };

static const char *const kinds[] = { "container", "image", "file", "daemon", "host", NULL };

struct node_type {
	const char *name;
	enum da_node_kind kind;
	const char *const *attrs;
	const char *const *required;
};

static const struct node_type node_types[] = {
	{ "test", DA_NODE_TEST, test_attrs, test_required },
	{ "all", DA_NODE_ALL, no_attrs, no_attrs },
	{ "any", DA_NODE_ANY, no_attrs, no_attrs },
	{ "none", DA_NODE_NONE, no_attrs, no_attrs },
	{ "each", DA_NODE_EACH, each_attrs, each_required },
	{ NULL, DA_NODE_TEST, NULL, NULL },
};

/* Word lists for missing= and quantifier=, in enum order. */
static const char *const missing_words[] = { "error", "pass", "fail", NULL };
static const char *const quantifier_words[] = { "all", "any", "none", NULL };

void da_check_node_free(struct da_check_node *n)
{
	size_t i;

	if (!n)
		return;
	free(n->path);
	free(n->value);
	free(n->value_ref);
	free(n->label);
	for (i = 0; i < n->n_kids; i++)
		da_check_node_free(n->kids[i]);
	free(n->kids);
	free(n);
}

void da_check_free(struct da_check *c)
{
	if (!c)
		return;
	free(c->subject_kind);
	free(c->subjects_path);
	free(c->name_path);
	free(c->id_path);
	free(c->name);
	da_check_node_free(c->where);
	da_check_node_free(c->applies);
	da_check_node_free(c->assert);
	free(c->question);
	for (size_t i = 0; i < c->n_messages; i++)
		da_template_free(c->messages[i]);
	free(c->messages);
	free(c->inform);
	free(c);
}

static int word_index(const char *const *words, const char *w)
{
	int i;

	for (i = 0; words[i]; i++) {
		if (strcmp(words[i], w) == 0)
			return i;
	}
	return -1;
}

/* "da:NAME" with the prefix EL uses for our namespace. */
static const char *ours(const xmlNode *el, const char *name, char *buf, size_t n)
{
	xmlNode fake = { .type = XML_ELEMENT_NODE, .name = (const xmlChar *)name, .ns = el->ns };

	return da_xml_qname(&fake, buf, n);
}

/* Only the attributes in ALLOWED, and every one in REQUIRED. */
static int check_attrs(struct da_load *ld, const xmlNode *el, const char *const *allowed,
		       const char *const *required)
{
	char q[DA_QNAME_MAX];
	const xmlAttr *a;
	const char *prefix;

	da_xml_qname(el, q, sizeof(q));
	for (a = el->properties; a; a = a->next) {
		if (!a->ns && word_index(allowed, (const char *)a->name) >= 0)
			continue;
		prefix = a->ns && a->ns->prefix ? (const char *)a->ns->prefix : NULL;
		return da_load_error(ld, el, "attribute '%s%s%s' is not allowed on %s",
				     prefix ? prefix : "", prefix ? ":" : "", (const char *)a->name, q);
	}
	for (; *required; required++) {
		if (!xmlHasProp(el, (const xmlChar *)*required))
			return da_load_error(ld, el, "%s without %s", q, *required);
	}
	return 0;
}


/* Attribute NAME of EL into *OUT (NULL if absent); it must be a pointer. */
/* The path of a test or an each: a pointer, or "$" and a pointer from the
 * root of the fact document. */
static int node_path_attr_named(struct da_load *ld, const xmlNode *el, const char *name,
				char **out)
{
	*out = da_xml_attr(el, name);
	if (!*out || da_tpl_pointer_ok(*out + (**out == '$')))
		return 0;
	return da_load_error(ld, el, "%s '%s' is not a JSON pointer (RFC 6901), "
				     "nor \"$\" and one", name, *out);
}

static int node_path_attr(struct da_load *ld, const xmlNode *el, char **out)
{
	return node_path_attr_named(ld, el, "path", out);
}

static int pointer_attr(struct da_load *ld, const xmlNode *el, const char *name, char **out)
{
	*out = da_xml_attr(el, name);
	if (!*out || da_tpl_pointer_ok(*out))
		return 0;
	return da_load_error(ld, el, "%s '%s' is not a JSON pointer (RFC 6901)", name, *out);
}

/* Attribute NAME of EL as an index into WORDS; DFLT when absent. */
static int word_attr(struct da_load *ld, const xmlNode *el, const char *name,
		     const char *const *words, int dflt, int *out)
{
	char *v = da_xml_attr(el, name);
	int rc = 0;

	*out = dflt;
	if (v && (*out = word_index(words, v)) < 0)
		rc = da_load_error(ld, el, "%s '%s' is not one of %s, %s, %s", name, v, words[0],
				   words[1], words[2]);
	free(v);
	return rc;
}

/* The next element child of EL after *N (start with *N = NULL); text
 * other than white space is an error. 0 with *N NULL at the end. */
static int next_elem(struct da_load *ld, const xmlNode *el, xmlNode **n)
{
	char q[DA_QNAME_MAX];

	for (*n = *n ? (*n)->next : el->children; *n; *n = (*n)->next) {
		if ((*n)->type == XML_ELEMENT_NODE)
			return 0;
		if (!da_xml_ignorable(*n) &&
		    ((*n)->type == XML_TEXT_NODE || (*n)->type == XML_CDATA_SECTION_NODE))
			return da_load_error(ld, *n, "text is not allowed in %s",
					     da_xml_qname(el, q, sizeof(q)));
	}
	return 0;
}

/* EL must have no child element (only ignorable text). */
static int no_kids(struct da_load *ld, const xmlNode *el)
{
	char q[DA_QNAME_MAX], pq[DA_QNAME_MAX];
	xmlNode *kid = NULL;

	if (next_elem(ld, el, &kid) < 0)
		return -1;
	if (kid)
		return da_load_error(ld, kid, "element '%s' is not allowed in %s",
				     da_xml_qname(kid, q, sizeof(q)),
				     da_xml_qname(el, pq, sizeof(pq)));
	return 0;
}

static int parse_node(struct da_load *ld, const xmlNode *parent, xmlNode *el,
		      struct da_check_node **out);

static int test_operand(struct da_load *ld, const xmlNode *el, struct da_check_node *n)
{
	n->value = da_xml_attr(el, "value");
	n->value_ref = da_xml_attr(el, "value-ref");
	if (n->value && n->value_ref)
		return da_load_error(ld, el, "give value or value-ref, not both");
	if (n->op->needs_operand && !n->value && !n->value_ref)
		return da_load_error(ld, el, "operator '%s' needs value or value-ref", n->op->name);
	if (!n->op->needs_operand && (n->value || n->value_ref))
		return da_load_error(ld, el, "operator '%s' takes no value", n->op->name);
	if (n->value_ref && !da_benchmark_value(ld->b, n->value_ref))
		return da_load_error(ld, el, "value-ref to unknown Value '%s'", n->value_ref);
	return 0;
}

static int parse_test(struct da_load *ld, xmlNode *el, struct da_check_node *n)
{
	char *op;
	int missing;

	if (node_path_attr(ld, el, &n->path) < 0)
		return -1;
	op = da_xml_attr(el, "op");
	n->op = da_op_find(op);
	if (!n->op) {
		da_load_error(ld, el, "unknown operator '%s'", op);
		free(op);
		return -1;
	}
	free(op);
	if (test_operand(ld, el, n) < 0 ||
	    word_attr(ld, el, "missing", missing_words, DA_MISSING_ERROR, &missing) < 0)
		return -1;
	n->missing = (enum da_missing)missing;
	return no_kids(ld, el);
}

/* One or more nodes below EL (all, any, none, each). */
static int parse_kids(struct da_load *ld, xmlNode *el, struct da_check_node *n)
{
	char q[DA_QNAME_MAX];
	xmlNode *kid = NULL;

	for (;;) {
		if (next_elem(ld, el, &kid) < 0)
			return -1;
		if (!kid)
			break;
		n->kids = da_xreallocarray(n->kids, n->n_kids + 1, sizeof(*n->kids));
		n->kids[n->n_kids] = NULL;
		if (parse_node(ld, el, kid, &n->kids[n->n_kids++]) < 0)
			return -1;
	}
	if (!n->n_kids)
		return da_load_error(ld, el, "%s needs at least one node",
				     da_xml_qname(el, q, sizeof(q)));
	return 0;
}

static int parse_each(struct da_load *ld, xmlNode *el, struct da_check_node *n)
{
	int q;

	if (node_path_attr(ld, el, &n->path) < 0 ||
	    pointer_attr(ld, el, "label", &n->label) < 0 ||
	    word_attr(ld, el, "quantifier", quantifier_words, DA_Q_ALL, &q) < 0)
		return -1;
	n->quantifier = (enum da_quantifier)q;
	return parse_kids(ld, el, n);
}

static const struct node_type *node_type(const xmlNode *el)
{
	const struct node_type *t;

	for (t = node_types; t->name; t++) {
		if (da_xml_is(el, DA_CHECK_NS, t->name))
			return t;
	}
	return NULL;
}

static int parse_node(struct da_load *ld, const xmlNode *parent, xmlNode *el,
		      struct da_check_node **out)
{
	char q[DA_QNAME_MAX], pq[DA_QNAME_MAX];
	const struct node_type *t = node_type(el);
	struct da_check_node *n;

	if (!t)
		return da_load_error(ld, el, "unknown element '%s' in %s",
				     da_xml_qname(el, q, sizeof(q)),
				     da_xml_qname(parent, pq, sizeof(pq)));
	if (check_attrs(ld, el, t->attrs, t->required) < 0)
		return -1;
	n = da_xcalloc(1, sizeof(*n));
	*out = n;
	n->kind = t->kind;
	n->line = (int)xmlGetLineNo(el);
	if (t->kind == DA_NODE_TEST)
		return parse_test(ld, el, n);
	if (t->kind == DA_NODE_EACH)
		return parse_each(ld, el, n);
	return parse_kids(ld, el, n);
}

/* where, applies, assert: exactly one node. */
static int parse_holder(struct da_load *ld, xmlNode *el, struct da_check_node **out)
{
	char q[DA_QNAME_MAX];
	xmlNode *kid = NULL, *more;

	if (check_attrs(ld, el, no_attrs, no_attrs) < 0 || next_elem(ld, el, &kid) < 0)
		return -1;
	if (!kid)
		return da_load_error(ld, el, "%s needs one node", da_xml_qname(el, q, sizeof(q)));
	if (parse_node(ld, el, kid, out) < 0)
		return -1;
	more = kid;
	if (next_elem(ld, el, &more) < 0)
		return -1;
	if (more)
		return da_load_error(ld, more, "%s holds more than one node",
				     da_xml_qname(el, q, sizeof(q)));
	return 0;
}

static int parse_subjects(struct da_load *ld, xmlNode *el, struct da_check *c)
{
	if (check_attrs(ld, el, subjects_attrs, subjects_required) < 0)
		return -1;
	c->subject_kind = da_xml_attr(el, "kind");
	c->name = da_xml_attr(el, "name");
	if (word_index(kinds, c->subject_kind) < 0)
		return da_load_error(ld, el, "kind '%s' is not container, image, file, daemon or host",
				     c->subject_kind);
	if (pointer_attr(ld, el, "path", &c->subjects_path) < 0 ||
	    pointer_attr(ld, el, "name-path", &c->name_path) < 0 ||
	    pointer_attr(ld, el, "id-path", &c->id_path) < 0)
		return -1;
	return no_kids(ld, el);
}

static int parse_manual(struct da_load *ld, xmlNode *el, struct da_check *c)
{
	char q[DA_QNAME_MAX];

	c->manual = true;
	if (check_attrs(ld, el, no_attrs, no_attrs) < 0 ||
	    da_load_text(ld, el, DA_TEXT_COLLAPSE, &c->question) < 0)
		return -1;
	if (!*c->question)
		return da_load_error(ld, el, "%s needs the question a reviewer must answer",
				     da_xml_qname(el, q, sizeof(q)));
	return 0;
}

static const struct da_check_node *find_each(const struct da_check_node *n, const char *path,
					     int neg, int *negated)
{
	const struct da_check_node *hit;
	size_t i;

	if (!n)
		return NULL;
	if (n->kind == DA_NODE_EACH) {
		if (n->path && strcmp(n->path, path) != 0)
			return NULL;
		*negated = neg;
		return n;
	}
	for (i = 0; i < n->n_kids; i++) {
		hit = find_each(n->kids[i], path, neg ^ (n->kind == DA_NODE_NONE), negated);
		if (hit)
			return hit;
	}
	return NULL;
}

const struct da_check_node *da_check_find_each(const struct da_check *c, const char *path,
					       int *negated)
{
	int neg = 0;

	if (!negated)
		negated = &neg;
	*negated = 0;
	return c && path ? find_each(c->assert, path, 0, negated) : NULL;
}

/* Every Value a template's filters name must exist. */
static int template_values(struct da_load *ld, const xmlNode *el, const struct da_template *t)
{
	const struct da_tpl_filter *f;
	size_t i, j;

	for (i = 0; i < t->n_parts; i++) {
		for (j = 0; j < t->parts[i].n_filters; j++) {
			f = &t->parts[i].filters[j];
			if ((f->kind == DA_TPL_F_NOT_IN || f->kind == DA_TPL_F_IN) &&
			    !da_benchmark_value(ld->b, f->arg1))
				return da_load_error(ld, el, "message: filter %s to unknown Value '%s'",
						     da_tpl_filter_names[f->kind], f->arg1);
		}
	}
	return 0;
}

/* <message [for-each=PATH] [if=POINTER]>TEMPLATE</message>: after an assert only; a
 * for-each names a da:each of the assert that is not inside another. */
static int parse_message(struct da_load *ld, xmlNode *el, struct da_check *c)
{
	char q[DA_QNAME_MAX];
	char *text = NULL, *for_each = NULL, *cond = NULL, *why = NULL;
	struct da_template *t = NULL;
	int rc = -1;

	da_xml_qname(el, q, sizeof(q));
	if (c->manual)
		return da_load_error(ld, el, "%s is for automated checks, not manual ones", q);
	if (check_attrs(ld, el, message_attrs, no_attrs) < 0 ||
	    node_path_attr_named(ld, el, "for-each", &for_each) < 0 ||
	    pointer_attr(ld, el, "if", &cond) < 0 ||
	    da_load_text(ld, el, DA_TEXT_COLLAPSE, &text) < 0)
		goto out;
	if (!*text) {
		da_load_error(ld, el, "%s needs the sentence to show", q);
		goto out;
	}
	if (for_each && !da_check_find_each(c, for_each, NULL)) {
		da_load_error(ld, el, "for-each '%s' names no da:each of the assert (outside any other each)",
			      for_each);
		goto out;
	}
	c->messages = da_xreallocarray(c->messages, c->n_messages + 1, sizeof(*c->messages));
	rc = da_template_parse(text, for_each != NULL, &t, &why);
	c->messages[c->n_messages++] = t;
	if (rc < 0) {
		da_load_error(ld, el, "message: %s", why);
		goto out;
	}
	t->line = (int)xmlGetLineNo(el);
	t->for_each = for_each;
	for_each = NULL;
	t->cond = cond;
	cond = NULL;
	rc = template_values(ld, el, t);
out:
	free(why);
	free(text);
	free(for_each);
	free(cond);
	return rc;
}

/* <inform path>: the subject's fact at PATH is the message of an
 * informational result. */
static int parse_inform(struct da_load *ld, xmlNode *el, struct da_check *c)
{
	if (check_attrs(ld, el, inform_attrs, inform_attrs) < 0 ||
	    pointer_attr(ld, el, "path", &c->inform) < 0)
		return -1;
	return no_kids(ld, el);
}

static enum slot slot_of(const xmlNode *el)
{
	static const char *const names[] = { "subjects", "where", "applies", NULL };
	int i;

	for (i = 0; names[i]; i++) {
		if (da_xml_is(el, DA_CHECK_NS, names[i]))
			return (enum slot)i;
	}
	if (da_xml_is(el, DA_CHECK_NS, "assert") || da_xml_is(el, DA_CHECK_NS, "manual") ||
	    da_xml_is(el, DA_CHECK_NS, "inform"))
		return SLOT_BODY;
	if (da_xml_is(el, DA_CHECK_NS, "message"))
		return SLOT_MESSAGE;
	return SLOT_NONE;
}

static int parse_child(struct da_load *ld, xmlNode *el, enum slot s, struct da_check *c)
{
	switch (s) {
	case SLOT_SUBJECTS:
		return parse_subjects(ld, el, c);
	case SLOT_WHERE:
		return parse_holder(ld, el, &c->where);
	case SLOT_APPLIES:
		return parse_holder(ld, el, &c->applies);
	case SLOT_MESSAGE:
		return parse_message(ld, el, c);
	default:
		if (da_xml_is(el, DA_CHECK_NS, "manual"))
			return parse_manual(ld, el, c);
		if (da_xml_is(el, DA_CHECK_NS, "inform"))
			return parse_inform(ld, el, c);
		return parse_holder(ld, el, &c->assert);
	}
}

/* subjects, where?, applies?, then assert, manual or inform, in that order. */
static int parse_children(struct da_load *ld, xmlNode *el, struct da_check *c)
{
	char q[DA_QNAME_MAX], pq[DA_QNAME_MAX], q2[DA_QNAME_MAX];
	enum slot s, next = SLOT_SUBJECTS;
	xmlNode *kid = NULL;

	da_xml_qname(el, pq, sizeof(pq));
	for (;;) {
		if (next_elem(ld, el, &kid) < 0)
			return -1;
		if (!kid)
			break;
		s = slot_of(kid);
		da_xml_qname(kid, q, sizeof(q));
		if (s == SLOT_NONE)
			return da_load_error(ld, kid, "unknown element '%s' in %s", q, pq);
		if (s < next || (s != SLOT_SUBJECTS && next == SLOT_SUBJECTS))
			return da_load_error(ld, kid,
					     "element '%s' is out of place in %s (order: subjects, where, applies, then assert, manual or inform, then message)",
					     q, pq);
		if (parse_child(ld, kid, s, c) < 0)
			return -1;
		next = s == SLOT_MESSAGE ? s : s + 1; /* messages may repeat */
	}
	if (next == SLOT_SUBJECTS)
		return da_load_error(ld, el, "%s without %s", pq,
				     ours(el, "subjects", q, sizeof(q)));
	if (next <= SLOT_BODY)
		return da_load_error(ld, el, "%s without %s, %s or inform", pq,
				     ours(el, "assert", q, sizeof(q)),
				     ours(el, "manual", q2, sizeof(q2)));
	return 0;
}

int da_check_parse(struct da_load *ld, xmlNode *el, struct da_check **out)
{
	struct da_check *c = da_xcalloc(1, sizeof(*c));

	*out = c;
	c->line = (int)xmlGetLineNo(el);
	if (check_attrs(ld, el, no_attrs, no_attrs) < 0 || parse_children(ld, el, c) < 0)
		return -1;
	return da_load_validate_check(ld, el);
}
