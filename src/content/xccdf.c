/*
 * XCCDF 1.2 content into struct da_benchmark (benchmark.h). Strict: ids
 * follow XCCDF 1.2's patterns and are unique, every reference resolves, an
 * XCCDF element that XCCDF 1.2 does not define where it stands is an error,
 * and features that would change results if skipped (complex-check,
 * set-complex-value, extends on items...) are refused; elements we merely
 * do not use are skipped. Three passes: Values (checks and profiles refer
 * to them), then Groups and Rules, then Profiles (their selects name Groups
 * and Rules), whose extends are resolved last. Profiles are parsed here for
 * tailoring.c too.
 */
#include "content/benchmark.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "content/describe.h"
#include "content/load.h"
#include "content/remedy.h"

#define SKIP(n) { .name = (n) }
#define PARSE(n, f) { .name = (n), .parse = (f) }
#define END { .name = NULL }

static const char *const role_names[] = {
	[DA_ROLE_FULL] = "full", [DA_ROLE_UNSCORED] = "unscored", [DA_ROLE_UNCHECKED] = "unchecked",
};

static const char *const severity_names[] = {
	[DA_SEV_UNKNOWN] = "unknown", [DA_SEV_INFO] = "info", [DA_SEV_LOW] = "low",
	[DA_SEV_MEDIUM] = "medium", [DA_SEV_HIGH] = "high",
};

#define N_SEVERITIES (sizeof(severity_names) / sizeof(severity_names[0]))

const char *da_severity_name(enum da_severity s)
{
	return (size_t)s < N_SEVERITIES ? severity_names[s] : "unknown";
}

enum da_severity da_severity_parse(const char *s)
{
	size_t i;

	for (i = 0; s && i < N_SEVERITIES; i++) {
		if (strcmp(s, severity_names[i]) == 0)
			return (enum da_severity)i;
	}
	return DA_SEV_UNKNOWN;
}

const char *da_role_name(enum da_role r)
{
	return (size_t)r < sizeof(role_names) / sizeof(role_names[0]) ? role_names[r] : "full";
}

int da_role_parse(const char *s)
{
	size_t i;

	for (i = 0; s && i < sizeof(role_names) / sizeof(role_names[0]); i++) {
		if (strcmp(s, role_names[i]) == 0)
			return (int)i;
	}
	return -1;
}

char *da_default_benchmark_path(void)
{
	return da_content_data_path("/benchmarks/dockaudit-docker-xccdf.xml");
}

/* ---- freeing ---- */

static void item_clear(struct da_item *it);

static void item_free(struct da_item *it)
{
	if (!it)
		return;
	item_clear(it);
	free(it);
}

static void rule_free(struct da_rule *r)
{
	size_t i;

	if (!r)
		return;
	free(r->cis);
	free(r->fixtext);
	for (i = 0; i < r->n_fixes; i++) {
		free(r->fixes[i].system);
		free(r->fixes[i].id);
		free(r->fixes[i].text);
	}
	free(r->fixes);
	for (i = 0; i < r->n_refs; i++) {
		free(r->refs[i].href);
		free(r->refs[i].text);
	}
	free(r->refs);
	free(r->check_system);
	da_check_free(r->check);
	free(r);
}

static void item_clear(struct da_item *it)
{
	size_t i;

	free(it->id);
	free(it->title);
	free(it->description);
	free(it->rationale);
	for (i = 0; i < it->n_children; i++)
		item_free(it->children[i]);
	free(it->children);
	rule_free(it->rule);
}

static void value_clear(struct da_value *v)
{
	size_t i;

	free(v->id);
	free(v->title);
	free(v->type);
	free(v->value);
	for (i = 0; i < v->n_selectors; i++) {
		free(v->selectors[i]);
		free(v->selector_values[i]);
	}
	free(v->selectors);
	free(v->selector_values);
}

void da_profile_clear(struct da_profile *p)
{
	size_t i;

	if (!p)
		return;
	free(p->id);
	free(p->title);
	free(p->description);
	free(p->extends);
	for (i = 0; i < p->n_selects; i++)
		free(p->selects[i].idref);
	free(p->selects);
	for (i = 0; i < p->n_refine_values; i++) {
		free(p->refine_values[i].idref);
		free(p->refine_values[i].selector);
		free(p->refine_values[i].value);
	}
	free(p->refine_values);
	for (i = 0; i < p->n_refine_rules; i++)
		free(p->refine_rules[i].idref);
	free(p->refine_rules);
}

void da_benchmark_free(struct da_benchmark *b)
{
	size_t i;

	if (!b)
		return;
	item_clear(&b->root);
	free(b->rules);
	for (i = 0; i < b->n_values; i++)
		value_clear(&b->values[i]);
	free(b->values);
	for (i = 0; i < b->n_profiles; i++)
		da_profile_clear(&b->profiles[i]);
	free(b->profiles);
	free(b->path);
	free(b->id);
	free(b->title);
	free(b->version);
	free(b->status);
	xmlFreeDoc(b->doc);
	free(b);
}

/* ---- lookups ---- */

const struct da_profile *da_benchmark_profile(const struct da_benchmark *b, const char *id)
{
	size_t i;

	for (i = 0; b && id && i < b->n_profiles; i++) {
		if (strcmp(b->profiles[i].id, id) == 0)
			return &b->profiles[i];
	}
	return NULL;
}

const struct da_value *da_benchmark_value(const struct da_benchmark *b, const char *id)
{
	size_t i;

	for (i = 0; b && id && i < b->n_values; i++) {
		if (strcmp(b->values[i].id, id) == 0)
			return &b->values[i];
	}
	return NULL;
}

const struct da_item *da_benchmark_rule(const struct da_benchmark *b, const char *id)
{
	size_t i;

	for (i = 0; b && id && i < b->n_rules; i++) {
		if (strcmp(b->rules[i]->id, id) == 0)
			return b->rules[i];
	}
	return NULL;
}

static const struct da_item *find_item(const struct da_item *it, const char *id)
{
	const struct da_item *hit;
	size_t i;

	for (i = 0; i < it->n_children; i++) {
		if (it->children[i]->id && strcmp(it->children[i]->id, id) == 0)
			return it->children[i];
		if ((hit = find_item(it->children[i], id)))
			return hit;
	}
	return NULL;
}

const struct da_item *da_benchmark_item(const struct da_benchmark *b, const char *id)
{
	return b && id ? find_item(&b->root, id) : NULL;
}

/* ---- generic helpers ---- */

static const struct da_child *find_child(const struct da_child *tab, const xmlNode *n)
{
	const char *ns = n->ns ? (const char *)n->ns->href : "";

	for (; tab->name; tab++) {
		if (strcmp(ns, tab->ns ? tab->ns : DA_XCCDF_NS) == 0 &&
		    strcmp((const char *)n->name, tab->name) == 0)
			return tab;
	}
	return NULL;
}

int da_xccdf_walk(struct da_load *ld, xmlNode *el, const struct da_child *tab, void *obj)
{
	char q[DA_QNAME_MAX], pq[DA_QNAME_MAX];
	const struct da_child *c;
	xmlNode *n;

	for (n = el->children; n; n = n->next) {
		if (da_xml_ignorable(n))
			continue;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			return da_load_error(ld, n, "text is not allowed in %s",
					     da_xml_qname(el, pq, sizeof(pq)));
		if (n->type != XML_ELEMENT_NODE)
			continue;
		c = find_child(tab, n);
		if (!c)
			return da_load_error(ld, n, "element '%s' is not allowed in %s",
					     da_xml_qname(n, q, sizeof(q)),
					     da_xml_qname(el, pq, sizeof(pq)));
		if (c->parse && c->parse(ld, n, obj) < 0)
			return -1;
	}
	return 0;
}

static int unsupported(struct da_load *ld, xmlNode *el, void *obj)
{
	char q[DA_QNAME_MAX];

	return da_load_error(ld, el, "%s is not supported by dockaudit",
			     da_xml_qname(el, q, sizeof(q)));
}

static int refuse_extends(struct da_load *ld, xmlNode *el)
{
	char q[DA_QNAME_MAX];

	if (!xmlHasProp(el, (const xmlChar *)"extends"))
		return 0;
	return da_load_error(ld, el, "%s: extends is not supported by dockaudit (resolve the content first)",
			     da_xml_qname(el, q, sizeof(q)));
}

/* Whether ID is xccdf_<namespace>_<KIND>_<name> (XCCDF 1.2) and an NCName. */
static bool id_ok(const char *id, const char *kind)
{
	size_t k = strlen(kind);
	const char *us;

	if (strncmp(id, "xccdf_", 6) != 0 || xmlValidateNCName((const xmlChar *)id, 0) != 0)
		return false;
	us = strchr(id + 6, '_');
	if (!us || us == id + 6)
		return false;
	return us[1] && strncmp(us + 1, kind, k) == 0 && us[1 + k] == '_' && us[2 + k];
}

int da_xccdf_id(struct da_load *ld, xmlNode *el, const char *kind, char **out)
{
	char q[DA_QNAME_MAX];
	const xmlNode *prev;
	char *id = da_xml_attr(el, "id");

	*out = id;
	da_xml_qname(el, q, sizeof(q));
	if (!id)
		return da_load_error(ld, el, "%s without id", q);
	if (!id_ok(id, kind))
		return da_load_error(ld, el, "%s id '%s' does not match xccdf_<namespace>_%s_<name>",
				     q, id, kind);
	prev = xmlHashLookup(ld->ids, (const xmlChar *)id);
	if (prev)
		return da_load_error(ld, el, "duplicate id '%s' (first at %s:%ld)", id,
				     da_load_where(ld, prev), xmlGetLineNo(prev));
	xmlHashAddEntry(ld->ids, (const xmlChar *)id, el);
	return 0;
}

static int bool_attr(struct da_load *ld, xmlNode *el, const char *name, bool dflt, bool *out)
{
	char q[DA_QNAME_MAX];
	char *v = da_xml_attr(el, name);
	int rc = 0;

	*out = dflt;
	if (!v)
		return 0;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = true;
	else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = false;
	else
		rc = da_load_error(ld, el, "%s %s='%s' is not true or false",
				   da_xml_qname(el, q, sizeof(q)), name, v);
	free(v);
	return rc;
}

int da_xccdf_required(struct da_load *ld, xmlNode *el, const char *name, char **out)
{
	char q[DA_QNAME_MAX];

	*out = da_xml_attr(el, name);
	if (*out)
		return 0;
	return da_load_error(ld, el, "%s without %s", da_xml_qname(el, q, sizeof(q)), name);
}

/* A decimal number as XCCDF writes them: digits, a point, digits. */
static bool decimal_ok(const char *s, double *d)
{
	char *end;

	if (!*s || strspn(s, "0123456789.") != strlen(s) || strspn(s, ".") == strlen(s))
		return false;
	*d = strtod(s, &end);
	return !*end;
}

static int weight_attr(struct da_load *ld, xmlNode *el, double *out)
{
	char *v = da_xml_attr(el, "weight");
	int rc = 0;

	*out = 1.0;
	if (v && !decimal_ok(v, out))
		rc = da_load_error(ld, el, "weight '%s' is not a non-negative decimal number", v);
	free(v);
	return rc;
}

static int severity_attr(struct da_load *ld, xmlNode *el, enum da_severity *out)
{
	char *v = da_xml_attr(el, "severity");
	int rc = 0;

	*out = DA_SEV_UNKNOWN;
	if (v && strcmp(v, "unknown") != 0 && (*out = da_severity_parse(v)) == DA_SEV_UNKNOWN)
		rc = da_load_error(ld, el, "unknown severity '%s' (unknown, info, low, medium, high)",
				   v);
	free(v);
	return rc;
}

static int role_attr(struct da_load *ld, xmlNode *el, enum da_role *out)
{
	char *v = da_xml_attr(el, "role");
	int role = v ? da_role_parse(v) : DA_ROLE_FULL;
	int rc = 0;

	*out = role < 0 ? DA_ROLE_FULL : (enum da_role)role;
	if (role < 0)
		rc = da_load_error(ld, el, "role '%s' is not full, unscored or unchecked", v);
	free(v);
	return rc;
}

/* The first of several (title, description...) wins; later ones are
 * translations or alternatives. */
static int first_text(struct da_load *ld, xmlNode *el, char **slot)
{
	if (*slot)
		return 0;
	return da_load_text(ld, el, DA_TEXT_COLLAPSE | DA_TEXT_MARKUP, slot);
}

static int item_title(struct da_load *ld, xmlNode *el, void *obj)
{
	return first_text(ld, el, &((struct da_item *)obj)->title);
}

static int item_description(struct da_load *ld, xmlNode *el, void *obj)
{
	return first_text(ld, el, &((struct da_item *)obj)->description);
}

static int item_rationale(struct da_load *ld, xmlNode *el, void *obj)
{
	return first_text(ld, el, &((struct da_item *)obj)->rationale);
}

/* ---- pass 1: Values ---- */

static bool value_text_ok(const char *type, const char *text)
{
	double d;

	if (strcmp(type, "boolean") == 0)
		return !strcmp(text, "true") || !strcmp(text, "false") || !strcmp(text, "1") ||
		       !strcmp(text, "0");
	if (strcmp(type, "number") == 0)
		return decimal_ok(text[0] == '-' ? text + 1 : text, &d);
	return true;
}

static int value_selector_add(struct da_load *ld, xmlNode *el, struct da_value *v,
			      char *selector, char *text)
{
	size_t i;

	for (i = 0; i < v->n_selectors; i++) {
		if (strcmp(v->selectors[i], selector) == 0) {
			free(selector);
			free(text);
			return da_load_error(ld, el, "Value '%s' has two values for selector '%s'",
					     v->id, v->selectors[i]);
		}
	}
	v->selectors = da_xreallocarray(v->selectors, v->n_selectors + 1, sizeof(char *));
	v->selector_values =
		da_xreallocarray(v->selector_values, v->n_selectors + 1, sizeof(char *));
	v->selectors[v->n_selectors] = selector;
	v->selector_values[v->n_selectors] = text;
	v->n_selectors++;
	return 0;
}

static int value_value(struct da_load *ld, xmlNode *el, void *obj)
{
	struct da_value *v = obj;
	char *selector = da_xml_attr(el, "selector");
	char *text;

	if (da_load_text(ld, el, 0, &text) < 0) {
		free(selector);
		return -1;
	}
	if (!value_text_ok(v->type, text)) {
		da_load_error(ld, el, "Value '%s': '%s' is not a %s", v->id, text, v->type);
		goto fail;
	}
	if (selector && *selector)
		return value_selector_add(ld, el, v, selector, text);
	if (v->value) {
		da_load_error(ld, el, "Value '%s' has more than one value without a selector", v->id);
		goto fail;
	}
	v->value = text;
	free(selector);
	return 0;
fail:
	free(selector);
	free(text);
	return -1;
}

static int value_title(struct da_load *ld, xmlNode *el, void *obj)
{
	return first_text(ld, el, &((struct da_value *)obj)->title);
}

static const struct da_child value_children[] = {
	SKIP("status"), SKIP("dc-status"), SKIP("version"), PARSE("title", value_title),
	SKIP("description"), SKIP("warning"), SKIP("question"), SKIP("reference"), SKIP("metadata"),
	PARSE("value", value_value), PARSE("complex-value", unsupported), SKIP("default"),
	PARSE("complex-default", unsupported), SKIP("match"), SKIP("lower-bound"),
	SKIP("upper-bound"), SKIP("choices"), SKIP("source"), SKIP("signature"),
	END,
};

static int value_type(struct da_load *ld, xmlNode *el, struct da_value *v)
{
	v->type = da_xml_attr(el, "type");
	if (!v->type)
		v->type = da_xstrdup("string");
	if (!strcmp(v->type, "string") || !strcmp(v->type, "number") ||
	    !strcmp(v->type, "boolean"))
		return 0;
	return da_load_error(ld, el, "Value '%s': type '%s' is not string, number or boolean",
			     v->id, v->type);
}

static int parse_value(struct da_load *ld, xmlNode *el)
{
	struct da_benchmark *b = ld->b;
	struct da_value *v;

	b->values = da_xreallocarray(b->values, b->n_values + 1, sizeof(*b->values));
	v = &b->values[b->n_values++];
	memset(v, 0, sizeof(*v));
	if (da_xccdf_id(ld, el, "value", &v->id) < 0 || refuse_extends(ld, el) < 0 ||
	    value_type(ld, el, v) < 0 || da_xccdf_walk(ld, el, value_children, v) < 0)
		return -1;
	if (!v->value)
		return da_load_error(ld, el, "Value '%s' has no value without a selector", v->id);
	return 0;
}

/* Values sit in the Benchmark and in Groups, at any depth. */
static int find_values(struct da_load *ld, xmlNode *parent)
{
	xmlNode *n;

	for (n = parent->children; n; n = n->next) {
		if (da_xml_is(n, DA_XCCDF_NS, "Value") && parse_value(ld, n) < 0)
			return -1;
		if (da_xml_is(n, DA_XCCDF_NS, "Group") && find_values(ld, n) < 0)
			return -1;
	}
	return 0;
}

/* ---- pass 2: Groups and Rules ---- */

static struct da_item *item_new(struct da_load *ld, xmlNode *el, struct da_item *parent,
				enum da_item_kind kind)
{
	struct da_item *it = da_xcalloc(1, sizeof(*it));

	it->kind = kind;
	it->line = (int)xmlGetLineNo(el);
	it->parent = parent;
	parent->children = da_xreallocarray(parent->children, parent->n_children + 1,
					    sizeof(*parent->children));
	parent->children[parent->n_children++] = it;
	return it;
}

static int item_attrs(struct da_load *ld, xmlNode *el, struct da_item *it, const char *kind)
{
	if (da_xccdf_id(ld, el, kind, &it->id) < 0 || refuse_extends(ld, el) < 0 ||
	    bool_attr(ld, el, "selected", true, &it->selected) < 0)
		return -1;
	return weight_attr(ld, el, &it->weight);
}

static int rule_fixtext(struct da_load *ld, xmlNode *el, void *obj)
{
	return first_text(ld, el, &((struct da_item *)obj)->rule->fixtext);
}

/* Remove the XML's indentation from a script written as element content.
 * When the body starts on the line after <fix>, every line carries it: the
 * indentation all its lines share goes. When it starts right after <fix>
 * (as OpenSCAP wants it), the first line has none, and only the tabs the
 * other lines share go: blanks there are the script's own (YAML's
 * indentation), which must stay. Lines of blanks only do not count. In
 * place. */
static void dedent_script(char *s)
{
	char *first = s ? strchr(s, '\n') : NULL, *p, *w, *nl;
	const char *pre = NULL;
	size_t n = 0, k;
	bool tabs_only;

	if (!first)
		return;
	tabs_only = s[strspn(s, " \t")] != '\n';
	for (p = first + 1; p; p = (nl = strchr(p, '\n')) ? nl + 1 : NULL) {
		k = strspn(p, tabs_only ? "\t" : " \t");
		if (p[strspn(p, " \t")] == '\n' || p[strspn(p, " \t")] == '\0')
			continue;
		if (!pre) {
			pre = p;
			n = k;
		}
		for (k = 0; k < n && p[k] == pre[k]; k++)
			;
		n = k;
	}
	if (!n)
		return;
	for (p = w = first + 1; *p;) {
		k = strspn(p, tabs_only ? "\t" : " \t");
		p += k < n ? k : n;
		while (*p && *p != '\n')
			*w++ = *p++;
		if (*p)
			*w++ = *p++;
	}
	*w = '\0';
}

static int rule_fix(struct da_load *ld, xmlNode *el, void *obj)
{
	struct da_rule *r = ((struct da_item *)obj)->rule;
	struct da_fix *f;

	r->fixes = da_xreallocarray(r->fixes, r->n_fixes + 1, sizeof(*r->fixes));
	f = &r->fixes[r->n_fixes++];
	f->system = da_xml_attr(el, "system");
	f->id = da_xml_attr(el, "id");
	f->text = NULL;
	if (da_load_text(ld, el, DA_TEXT_FIX, &f->text) < 0)
		return -1;
	dedent_script(f->text);
	if (f->system && strcmp(f->system, DA_FIX_SYSTEM) == 0) {
		struct da_remedy rem;
		char why[DA_ERR_MSG_MAX / 2];

		if (da_remedy_parse(f->text, &rem, why, sizeof(why)) < 0)
			return da_load_error(ld, el, "fix %s: %s", f->id ? f->id : "", why);
		da_remedy_clear(&rem);
	}
	return 0;
}

static int rule_reference(struct da_load *ld, xmlNode *el, void *obj)
{
	struct da_rule *r = ((struct da_item *)obj)->rule;
	struct da_ref *ref;
	char *version, *number;

	r->refs = da_xreallocarray(r->refs, r->n_refs + 1, sizeof(*r->refs));
	ref = &r->refs[r->n_refs++];
	ref->href = da_xml_attr(el, "href");
	ref->text = NULL;
	if (da_load_text(ld, el, DA_TEXT_COLLAPSE | DA_TEXT_MARKUP, &ref->text) < 0)
		return -1;
	if (!ref->href || strcmp(ref->href, DA_CIS_REF_HREF) != 0)
		return 0;
	if (da_cis_ref_parse(ref, &version, &number) < 0)
		return da_load_error(ld, el,
				     "CIS reference '%s' does not read 'CIS Docker Benchmark vVERSION: NUMBER'",
				     ref->text);
	free(version);
	free(number);
	return 0;
}

static const struct da_child check_children[] = {
	SKIP("check-import"), SKIP("check-export"), SKIP("check-content-ref"),
	SKIP("check-content"),
	END,
};

/* The one da:check inside a check-content. */
static int check_content(struct da_load *ld, xmlNode *content, struct da_rule *r)
{
	char q[DA_QNAME_MAX];
	xmlNode *n, *found = NULL;

	for (n = content->children; n; n = n->next) {
		if (da_xml_ignorable(n))
			continue;
		if (n->type != XML_ELEMENT_NODE || !da_xml_is(n, DA_CHECK_NS, "check") || found)
			return da_load_error(ld, n, "check-content of system %s holds one da:check, found %s",
					     DA_CHECK_SYSTEM,
					     n->type == XML_ELEMENT_NODE ?
						     da_xml_qname(n, q, sizeof(q)) : "text");
		found = n;
	}
	if (!found)
		return da_load_error(ld, content, "check-content of system %s holds one da:check",
				     DA_CHECK_SYSTEM);
	return da_check_parse(ld, found, &r->check);
}

static int our_check(struct da_load *ld, xmlNode *el, struct da_rule *r)
{
	char q[DA_QNAME_MAX];
	xmlNode *n, *content = NULL;

	if (r->check)
		return da_load_error(ld, el, "more than one check of system %s", DA_CHECK_SYSTEM);
	for (n = el->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!da_xml_is(n, DA_XCCDF_NS, "check-content") || content)
			return da_load_error(ld, n, "%s is not supported in a check of system %s",
					     da_xml_qname(n, q, sizeof(q)), DA_CHECK_SYSTEM);
		content = n;
	}
	if (!content)
		return da_load_error(ld, el, "check of system %s without check-content",
				     DA_CHECK_SYSTEM);
	return check_content(ld, content, r);
}

static int rule_check(struct da_load *ld, xmlNode *el, void *obj)
{
	struct da_rule *r = ((struct da_item *)obj)->rule;
	char *system;

	if (da_xccdf_required(ld, el, "system", &system) < 0 || da_xccdf_walk(ld, el, check_children, NULL) < 0)
		goto fail;
	if (strcmp(system, DA_CHECK_SYSTEM) != 0) {
		if (!r->check_system)
			r->check_system = system;
		else
			free(system);
		return 0;
	}
	free(r->check_system);
	r->check_system = system;
	return our_check(ld, el, r);
fail:
	free(system);
	return -1;
}

static const struct da_child rule_children[] = {
	SKIP("status"), SKIP("dc-status"), SKIP("version"), PARSE("title", item_title),
	PARSE("description", item_description), SKIP("warning"), SKIP("question"),
	PARSE("reference", rule_reference), SKIP("metadata"), PARSE("rationale", item_rationale),
	SKIP("platform"), SKIP("requires"), SKIP("conflicts"), SKIP("ident"), SKIP("impact-metric"),
	SKIP("profile-note"), PARSE("fixtext", rule_fixtext), PARSE("fix", rule_fix),
	PARSE("check", rule_check), PARSE("complex-check", unsupported), SKIP("signature"),
	END,
};

static int parse_rule(struct da_load *ld, xmlNode *el, void *obj)
{
	struct da_item *it = item_new(ld, el, obj, DA_ITEM_RULE);
	struct da_benchmark *b = ld->b;

	it->rule = da_xcalloc(1, sizeof(*it->rule));
	b->rules = da_xreallocarray(b->rules, b->n_rules + 1, sizeof(*b->rules));
	b->rules[b->n_rules++] = it;
	if (item_attrs(ld, el, it, "rule") < 0 || severity_attr(ld, el, &it->rule->severity) < 0 ||
	    role_attr(ld, el, &it->rule->role) < 0)
		return -1;
	if (da_xccdf_walk(ld, el, rule_children, it) < 0)
		return -1;
	it->rule->cis = da_rule_cis_number(it->rule, DA_CIS_VERSION);
	return 0;
}

static int parse_group(struct da_load *ld, xmlNode *el, void *obj);

static const struct da_child group_children[] = {
	SKIP("status"), SKIP("dc-status"), SKIP("version"), PARSE("title", item_title),
	PARSE("description", item_description), SKIP("warning"), SKIP("question"),
	SKIP("reference"), SKIP("metadata"), PARSE("rationale", item_rationale), SKIP("platform"),
	SKIP("requires"), SKIP("conflicts"), SKIP("Value"), PARSE("Group", parse_group),
	PARSE("Rule", parse_rule), SKIP("signature"),
	END,
};

static int parse_group(struct da_load *ld, xmlNode *el, void *obj)
{
	struct da_item *it = item_new(ld, el, obj, DA_ITEM_GROUP);

	if (item_attrs(ld, el, it, "group") < 0)
		return -1;
	return da_xccdf_walk(ld, el, group_children, it);
}

/* ---- the Benchmark itself ---- */

static int bench_title(struct da_load *ld, xmlNode *el, void *obj)
{
	return first_text(ld, el, &ld->b->title);
}

static int bench_version(struct da_load *ld, xmlNode *el, void *obj)
{
	free(ld->b->version);
	ld->b->version = NULL;
	return da_load_text(ld, el, DA_TEXT_COLLAPSE, &ld->b->version);
}

/* The status with the latest date is the current one. */
static int bench_status(struct da_load *ld, xmlNode *el, void *obj)
{
	char **best_date = obj;
	char *date = da_xml_attr(el, "date");

	if (!date)
		date = da_xstrdup("");
	if (ld->b->status && strcmp(date, *best_date) < 0) {
		free(date);
		return 0;
	}
	free(*best_date);
	*best_date = date;
	free(ld->b->status);
	ld->b->status = NULL;
	return da_load_text(ld, el, DA_TEXT_COLLAPSE, &ld->b->status);
}

static int bench_group(struct da_load *ld, xmlNode *el, void *obj)
{
	return parse_group(ld, el, &ld->b->root);
}

static int bench_rule(struct da_load *ld, xmlNode *el, void *obj)
{
	return parse_rule(ld, el, &ld->b->root);
}

static const struct da_child benchmark_children[] = {
	PARSE("status", bench_status), SKIP("dc-status"), PARSE("title", bench_title),
	SKIP("description"), SKIP("notice"), SKIP("front-matter"), SKIP("rear-matter"),
	SKIP("reference"), SKIP("plain-text"),
	{ .name = "platform-specification", .ns = DA_CPE2_NS }, SKIP("platform"),
	PARSE("version", bench_version), SKIP("metadata"), SKIP("model"), SKIP("Profile"),
	SKIP("Value"), PARSE("Group", bench_group), PARSE("Rule", bench_rule), SKIP("TestResult"),
	SKIP("signature"),
	END,
};

/* ---- pass 3: Profiles ---- */

static int profile_title(struct da_load *ld, xmlNode *el, void *obj)
{
	return first_text(ld, el, &((struct da_profile *)obj)->title);
}

static int profile_description(struct da_load *ld, xmlNode *el, void *obj)
{
	return first_text(ld, el, &((struct da_profile *)obj)->description);
}

/* refine-value and refine-rule may carry remarks, which we do not use. */
static const struct da_child remark_only[] = {
	SKIP("remark"),
	END,
};

/* XCCDF 1.2 allows one select, refine-value, set-value and refine-rule
 * per idref in a profile (its own, before extension). */
static int once(struct da_load *ld, xmlNode *el, const struct da_profile *p, const char *what,
		const char *idref, bool again)
{
	if (!again)
		return 0;
	return da_load_error(ld, el, "Profile '%s' has more than one %s of '%s'", p->id, what, idref);
}

static bool selected_before(const struct da_profile *p, const char *idref)
{
	size_t i;

	for (i = 0; i + 1 < p->n_selects; i++)
		if (strcmp(p->selects[i].idref, idref) == 0)
			return true;
	return false;
}

/* SET: a set-value before, else a refine-value before. */
static bool value_refined_before(const struct da_profile *p, const char *idref, bool set)
{
	const struct da_refine_value *rv;
	size_t i;

	for (i = 0; i + 1 < p->n_refine_values; i++) {
		rv = &p->refine_values[i];
		if (strcmp(rv->idref, idref) == 0 && (rv->value != NULL) == set)
			return true;
	}
	return false;
}

static bool rule_refined_before(const struct da_profile *p, const char *idref)
{
	size_t i;

	for (i = 0; i + 1 < p->n_refine_rules; i++)
		if (strcmp(p->refine_rules[i].idref, idref) == 0)
			return true;
	return false;
}

static int profile_select(struct da_load *ld, xmlNode *el, void *obj)
{
	struct da_profile *p = obj;
	struct da_select *s;

	p->selects = da_xreallocarray(p->selects, p->n_selects + 1, sizeof(*p->selects));
	s = &p->selects[p->n_selects++];
	s->selected = false;
	if (da_xccdf_required(ld, el, "idref", &s->idref) < 0)
		return -1;
	if (!xmlHasProp(el, (const xmlChar *)"selected"))
		return da_load_error(ld, el, "select without selected");
	if (bool_attr(ld, el, "selected", false, &s->selected) < 0)
		return -1;
	if (!da_benchmark_item(ld->b, s->idref))
		return da_load_error(ld, el, "select of unknown id '%s'", s->idref);
	return once(ld, el, p, "select", s->idref, selected_before(p, s->idref));
}

static struct da_refine_value *refine_value_new(struct da_profile *p)
{
	struct da_refine_value *rv;

	p->refine_values = da_xreallocarray(p->refine_values, p->n_refine_values + 1,
					    sizeof(*p->refine_values));
	rv = &p->refine_values[p->n_refine_values++];
	memset(rv, 0, sizeof(*rv));
	return rv;
}

static int profile_refine_value(struct da_load *ld, xmlNode *el, void *obj)
{
	struct da_profile *p = obj;
	struct da_refine_value *rv = refine_value_new(p);
	const struct da_value *v;
	size_t i;

	if (da_xccdf_required(ld, el, "idref", &rv->idref) < 0 ||
	    da_xccdf_required(ld, el, "selector", &rv->selector) < 0 ||
	    da_xccdf_walk(ld, el, remark_only, NULL) < 0)
		return -1;
	v = da_benchmark_value(ld->b, rv->idref);
	if (!v)
		return da_load_error(ld, el, "refine-value of unknown Value '%s'", rv->idref);
	for (i = 0; i < v->n_selectors; i++) {
		if (strcmp(v->selectors[i], rv->selector) == 0)
			return once(ld, el, p, "refine-value", rv->idref,
				    value_refined_before(p, rv->idref, false));
	}
	return da_load_error(ld, el, "refine-value: Value '%s' has no selector '%s'", rv->idref,
			     rv->selector);
}

/* set-value: the Value's value itself, as written, of the Value's type. */
static int profile_set_value(struct da_load *ld, xmlNode *el, void *obj)
{
	struct da_profile *p = obj;
	struct da_refine_value *rv = refine_value_new(p);
	const struct da_value *v;

	if (da_xccdf_required(ld, el, "idref", &rv->idref) < 0 ||
	    da_load_text(ld, el, 0, &rv->value) < 0)
		return -1;
	v = da_benchmark_value(ld->b, rv->idref);
	if (!v)
		return da_load_error(ld, el, "set-value of unknown Value '%s'", rv->idref);
	if (!value_text_ok(v->type, rv->value))
		return da_load_error(ld, el, "set-value of Value '%s': '%s' is not a %s", rv->idref,
				     rv->value, v->type);
	return once(ld, el, p, "set-value", rv->idref, value_refined_before(p, rv->idref, true));
}

/* The optional severity, weight and role of a refine-rule into RR. */
static int refine_rule_props(struct da_load *ld, xmlNode *el, struct da_refine_rule *rr)
{
	if (xmlHasProp(el, (const xmlChar *)"severity")) {
		rr->has |= DA_REFINE_SEVERITY;
		if (severity_attr(ld, el, &rr->severity) < 0)
			return -1;
	}
	if (xmlHasProp(el, (const xmlChar *)"weight")) {
		rr->has |= DA_REFINE_WEIGHT;
		if (weight_attr(ld, el, &rr->weight) < 0)
			return -1;
	}
	if (xmlHasProp(el, (const xmlChar *)"role")) {
		rr->has |= DA_REFINE_ROLE;
		if (role_attr(ld, el, &rr->role) < 0)
			return -1;
	}
	return 0;
}

/* refine-rule: a Rule's severity, weight and role, or a Group's weight.
 * A selector chooses among checks and fixes that carry one; ours carry
 * none, so XCCDF's fallback (the check without a selector) always applies
 * and the selector is accepted and has no effect. */
static int profile_refine_rule(struct da_load *ld, xmlNode *el, void *obj)
{
	struct da_profile *p = obj;
	struct da_refine_rule *rr;
	const struct da_item *it;

	p->refine_rules = da_xreallocarray(p->refine_rules, p->n_refine_rules + 1,
					   sizeof(*p->refine_rules));
	rr = &p->refine_rules[p->n_refine_rules++];
	memset(rr, 0, sizeof(*rr));
	if (da_xccdf_required(ld, el, "idref", &rr->idref) < 0 ||
	    refine_rule_props(ld, el, rr) < 0 || da_xccdf_walk(ld, el, remark_only, NULL) < 0)
		return -1;
	it = da_benchmark_item(ld->b, rr->idref);
	if (!it)
		return da_load_error(ld, el, "refine-rule of unknown id '%s'", rr->idref);
	if (it->kind == DA_ITEM_GROUP && (rr->has & (DA_REFINE_SEVERITY | DA_REFINE_ROLE)))
		return da_load_error(ld, el,
				     "refine-rule of Group '%s': only weight applies to a Group (severity and role are a Rule's)",
				     rr->idref);
	return once(ld, el, p, "refine-rule", rr->idref, rule_refined_before(p, rr->idref));
}

static const struct da_child profile_children[] = {
	SKIP("status"), SKIP("dc-status"), SKIP("version"), PARSE("title", profile_title),
	PARSE("description", profile_description), SKIP("reference"), SKIP("platform"),
	PARSE("select", profile_select), PARSE("set-complex-value", unsupported),
	PARSE("set-value", profile_set_value), PARSE("refine-value", profile_refine_value),
	PARSE("refine-rule", profile_refine_rule), SKIP("metadata"), SKIP("signature"),
	END,
};

int da_xccdf_profile(struct da_load *ld, xmlNode *el, struct da_profile *p)
{
	p->line = (int)xmlGetLineNo(el);
	p->extends = da_xml_attr(el, "extends");
	if (da_xccdf_id(ld, el, "profile", &p->id) < 0 ||
	    da_xccdf_walk(ld, el, profile_children, p) < 0)
		return -1;
	if (!p->title)
		return da_load_error(ld, el, "Profile '%s' without title", p->id);
	return 0;
}

/* Append a copy of N entries of each list kind to P's lists. */
static void copy_selects(struct da_profile *p, const struct da_select *from, size_t n)
{
	size_t i;

	p->selects = da_xreallocarray(p->selects, p->n_selects + n, sizeof(*p->selects));
	for (i = 0; i < n; i++) {
		p->selects[p->n_selects].idref = da_xstrdup(from[i].idref);
		p->selects[p->n_selects++].selected = from[i].selected;
	}
}

static void copy_refine_values(struct da_profile *p, const struct da_refine_value *from, size_t n)
{
	struct da_refine_value *rv;
	size_t i;

	for (i = 0; i < n; i++) {
		rv = refine_value_new(p);
		rv->idref = da_xstrdup(from[i].idref);
		rv->selector = da_xstrdup(from[i].selector);
		rv->value = da_xstrdup(from[i].value);
	}
}

static void copy_refine_rules(struct da_profile *p, const struct da_refine_rule *from, size_t n)
{
	size_t i;

	p->refine_rules = da_xreallocarray(p->refine_rules, p->n_refine_rules + n,
					   sizeof(*p->refine_rules));
	for (i = 0; i < n; i++) {
		p->refine_rules[p->n_refine_rules] = from[i];
		p->refine_rules[p->n_refine_rules++].idref = da_xstrdup(from[i].idref);
	}
}

void da_xccdf_inherit(struct da_profile *p, const struct da_profile *base)
{
	struct da_profile own = *p;

	p->selects = NULL;
	p->n_selects = 0;
	p->refine_values = NULL;
	p->n_refine_values = 0;
	p->refine_rules = NULL;
	p->n_refine_rules = 0;
	copy_selects(p, base->selects, base->n_selects);
	copy_selects(p, own.selects, own.n_selects);
	copy_refine_values(p, base->refine_values, base->n_refine_values);
	copy_refine_values(p, own.refine_values, own.n_refine_values);
	copy_refine_rules(p, base->refine_rules, base->n_refine_rules);
	copy_refine_rules(p, own.refine_rules, own.n_refine_rules);
	/* Free only the old lists: the id, title... stay in P. */
	own.id = own.title = own.description = own.extends = NULL;
	da_profile_clear(&own);
}

/* The benchmark's profiles while their extends are resolved. */
struct extension {
	struct da_load *ld;
	xmlNode **nodes;   /* the Profile element of each */
	int *state;        /* 0 to do, 1 in progress, 2 done */
};

static int resolve(struct extension *x, size_t i)
{
	struct da_benchmark *b = x->ld->b;
	struct da_profile *p = &b->profiles[i];
	size_t j;

	if (!p->extends)
		x->state[i] = 2;
	if (x->state[i] == 2)
		return 0;
	for (j = 0; j < b->n_profiles && strcmp(b->profiles[j].id, p->extends) != 0; j++)
		;
	if (j == b->n_profiles)
		return da_load_error(x->ld, x->nodes[i], "Profile '%s' extends unknown Profile '%s'",
				     p->id, p->extends);
	if (j == i)
		return da_load_error(x->ld, x->nodes[i], "Profile '%s' extends itself", p->id);
	if (x->state[j] == 1)
		return da_load_error(x->ld, x->nodes[i],
				     "Profile '%s' extends '%s', which leads back to it (an extends loop)",
				     p->id, p->extends);
	x->state[i] = 1;
	if (resolve(x, j) < 0)
		return -1;
	da_xccdf_inherit(&b->profiles[i], &b->profiles[j]);
	x->state[i] = 2;
	return 0;
}

static int find_profiles(struct da_load *ld, xmlNode *bench)
{
	struct extension x = { ld, NULL, NULL };
	struct da_benchmark *b = ld->b;
	int rc = 0;
	xmlNode *n;
	size_t i;

	for (n = bench->children; n && rc == 0; n = n->next) {
		if (!da_xml_is(n, DA_XCCDF_NS, "Profile"))
			continue;
		b->profiles = da_xreallocarray(b->profiles, b->n_profiles + 1, sizeof(*b->profiles));
		memset(&b->profiles[b->n_profiles], 0, sizeof(*b->profiles));
		x.nodes = da_xreallocarray(x.nodes, b->n_profiles + 1, sizeof(*x.nodes));
		x.nodes[b->n_profiles] = n;
		rc = da_xccdf_profile(ld, n, &b->profiles[b->n_profiles++]);
	}
	x.state = da_xcalloc(b->n_profiles + 1, sizeof(*x.state));
	for (i = 0; i < b->n_profiles && rc == 0; i++)
		rc = resolve(&x, i);
	free(x.state);
	free(x.nodes);
	return rc;
}

static int build(struct da_load *ld, xmlNode *root)
{
	struct da_benchmark *b = ld->b;
	char *status_date = NULL;
	int rc;

	b->root.kind = DA_ITEM_GROUP;
	b->root.selected = true;
	b->root.weight = 1.0;
	b->root.line = (int)xmlGetLineNo(root);
	if (da_xccdf_id(ld, root, "benchmark", &b->id) < 0 || find_values(ld, root) < 0)
		return -1;
	rc = da_xccdf_walk(ld, root, benchmark_children, &status_date);
	free(status_date);
	if (rc < 0 || find_profiles(ld, root) < 0)
		return -1;
	if (!b->version)
		return da_load_error(ld, root, "Benchmark without version");
	b->root.id = da_xstrdup(b->id);
	b->root.title = da_xstrdup(b->title);
	return 0;
}

/* One load, from FILE (DOC NULL: parsed and its XIncludes processed here)
 * or from DOC, adopted as it is. FILE names the content in messages. */
static int load(const char *file, xmlDoc *doc, struct da_benchmark **out, struct da_err *err)
{
	struct da_benchmark *b = da_xcalloc(1, sizeof(*b));
	struct da_load ld;
	int rc;

	*out = NULL;
	b->path = da_xstrdup(file);
	da_load_begin(&ld, b->path, b, err);
	if (doc) {
		ld.doc = doc;
		rc = da_load_check_root(&ld);
	} else {
		rc = da_load_parse(&ld);
		if (rc == 0)
			rc = da_load_xinclude(&ld);
	}
	b->doc = ld.doc;
	if (rc == 0)
		rc = build(&ld, xmlDocGetRootElement(b->doc));
	da_load_end(&ld);
	if (rc < 0) {
		da_benchmark_free(b);
		return -1;
	}
	*out = b;
	return 0;
}

int da_benchmark_load(const char *file, struct da_benchmark **out, struct da_err *err)
{
	return load(file, NULL, out, err);
}

int da_benchmark_load_doc(xmlDoc *doc, const char *label, struct da_benchmark **out,
			  struct da_err *err)
{
	return load(label, doc, out, err);
}
