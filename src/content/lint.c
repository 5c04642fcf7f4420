/*
 * The content linter (lint.h). The benchmark is loaded as for an audit; a
 * second parse of the same files (through the loader's own plumbing, so
 * XIncludes are followed the same safe way) tells which file and line each
 * Group, Rule, Value and Profile came from. Each kind of item has a table
 * of checks; each check adds problems and never stops the others.
 */
#include "content/lint.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "content/benchmark.h"
#include "content/describe.h"
#include "content/fixcheck.h"
#include "content/load.h"
#include "content/remedy.h"
#include "content/tailoring.h"
#include "engine/eval.h"

struct lint {
	struct da_lint *out;
	const struct da_benchmark *b;
	struct da_load ld;   /* the second parse: where each node came from */
	struct da_err err;
	xmlHashTable *nodes; /* id -> its element in ld.doc */
	bool located;        /* ld.doc parsed and indexed */
	const struct da_tailoring *t; /* NULL: no tailoring */
	xmlHashTable *tnodes; /* id -> its element in the tailoring's document */
	const char *no_shell[4]; /* shells found unrunnable, each said once */
	size_t n_no_shell;
};

/* ---- problems ---- */

/* The file NODE came from: the tailoring, the benchmark or one it includes. */
static const char *where(const struct lint *l, const xmlNode *node)
{
	if (l->t && node->doc == l->t->doc)
		return l->t->path;
	return da_load_where(&l->ld, node);
}

static void add_problem(struct lint *l, char *line)
{
	struct da_lint *o = l->out;

	o->problems = da_xreallocarray(o->problems, o->n_problems + 1, sizeof(*o->problems));
	o->problems[o->n_problems++] = line;
}

static void vproblem_at(struct lint *l, const xmlNode *node, const char *kind, const char *id,
			const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static void vproblem_at(struct lint *l, const xmlNode *node, const char *kind, const char *id,
			const char *fmt, va_list ap)
{
	char msg[DA_ERR_MSG_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (node)
		add_problem(l, da_xasprintf("%s:%ld: %s %s: %s", where(l, node),
					    xmlGetLineNo(node), kind, id, msg));
	else
		add_problem(l, da_xasprintf("%s: %s %s: %s", l->b->path, kind, id, msg));
}

static void problem_at(struct lint *l, const xmlNode *node, const char *kind, const char *id,
		       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void problem_at(struct lint *l, const xmlNode *node, const char *kind, const char *id,
		       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vproblem_at(l, node, kind, id, fmt, ap);
	va_end(ap);
}

static const xmlNode *node_of(const struct lint *l, const char *id)
{
	return l->nodes && id ? xmlHashLookup(l->nodes, (const xmlChar *)id) : NULL;
}

/* A problem with the item (rule, group, value, profile) ID, at its element. */
static void problem(struct lint *l, const char *kind, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(struct lint *l, const char *kind, const char *id, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vproblem_at(l, node_of(l, id), kind, id, fmt, ap);
	va_end(ap);
}

/* A warning about rule ID: worth fixing, but the content is usable. */
static void warning(struct lint *l, const char *id, const char *msg)
{
	const xmlNode *node = node_of(l, id);
	struct da_lint *o = l->out;
	char *line;

	if (node)
		line = da_xasprintf("%s:%ld: rule %s: warning: %s", where(l, node), xmlGetLineNo(node),
				    id, msg);
	else
		line = da_xasprintf("%s: rule %s: warning: %s", l->b->path, id, msg);
	o->warnings = da_xreallocarray(o->warnings, o->n_warnings + 1, sizeof(*o->warnings));
	o->warnings[o->n_warnings++] = line;
}

static long line_of(const struct lint *l, const char *id)
{
	const xmlNode *n = node_of(l, id);

	return n ? xmlGetLineNo(n) : 0;
}

/* ---- where things are: the second parse ---- */

static bool is_item(const xmlNode *n)
{
	static const char *const kinds[] = { "Group", "Rule", "Value", "Profile", NULL };
	size_t i;

	for (i = 0; kinds[i]; i++) {
		if (da_xml_is(n, DA_XCCDF_NS, kinds[i]))
			return true;
	}
	return false;
}

static void index_items(xmlHashTable *index, xmlNode *n)
{
	xmlChar *id;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_item(n) && (id = xmlGetNoNsProp(n, (const xmlChar *)"id"))) {
			xmlHashAddEntry(index, id, n);
			xmlFree(id);
		}
		index_items(index, n->children);
	}
}

static void locate(struct lint *l)
{
	da_load_begin(&l->ld, l->b->path, NULL, &l->err);
	if (da_load_parse(&l->ld) < 0 || da_load_xinclude(&l->ld) < 0) {
		add_problem(l, da_xstrdup(l->err.msg));
		return;
	}
	l->nodes = xmlHashCreate(256);
	index_items(l->nodes, xmlDocGetRootElement(l->ld.doc));
	l->located = true;
}

static void unlocate(struct lint *l)
{
	xmlHashFree(l->nodes, NULL);
	da_load_end(&l->ld);
	xmlFreeDoc(l->ld.doc);
}

/* ---- prose ---- */

static bool blank(const char *s)
{
	return !s || !s[strspn(s, " \t\r\n")];
}

/* Characters, not bytes: UTF-8 continuation bytes do not count. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static bool word_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* The first leftover marker (TODO, FIXME, XXX) standing as a word in S. */
static const char *leftover(const char *s)
{
	static const char *const marks[] = { "TODO", "FIXME", "XXX", NULL };
	const char *p;
	size_t i, n;

	for (i = 0; s && marks[i]; i++) {
		n = strlen(marks[i]);
		for (p = strstr(s, marks[i]); p; p = strstr(p + 1, marks[i])) {
			if ((p == s || !word_char(p[-1])) && !word_char(p[n]))
				return marks[i];
		}
	}
	return NULL;
}

/* A text of an item that the linter reads: its name in messages, and
 * whether it must be there. */
struct prose {
	const char *name;
	const char *text;
	bool required;
};

/* The texts P[0..N) of item ID, whose element is EL; the first is its title. */
static void check_prose(struct lint *l, const xmlNode *el, const char *kind, const char *id,
			const struct prose *p, size_t n)
{
	const char *mark;
	size_t i, len;

	for (i = 0; i < n; i++) {
		if (blank(p[i].text)) {
			if (p[i].required)
				problem_at(l, el, kind, id, "no %s", p[i].name);
			continue;
		}
		mark = leftover(p[i].text);
		if (mark)
			problem_at(l, el, kind, id, "leftover %s in the %s", mark, p[i].name);
	}
	len = n && p[0].text ? chars(p[0].text) : 0;
	if (len > DA_LINT_TITLE_MAX)
		problem_at(l, el, kind, id, "title is %zu characters long (at most %d)", len,
			   DA_LINT_TITLE_MAX);
}

/* ---- rules ---- */

static void rule_prose(struct lint *l, const struct da_item *it)
{
	const struct da_rule *r = it->rule;
	const struct prose p[] = {
		{ "title", it->title, true },
		{ "description", it->description, true },
		{ "rationale", it->rationale, true },
		{ "fix text", r->fixtext, true },
		{ "manual question", r->check && r->check->manual ? r->check->question : NULL,
		  false },
	};

	check_prose(l, node_of(l, it->id), "rule", it->id, p, sizeof(p) / sizeof(p[0]));
}

static void rule_severity(struct lint *l, const struct da_item *it)
{
	if (it->rule->severity == DA_SEV_UNKNOWN)
		problem(l, "rule", it->id, "no severity (info, low, medium or high)");
}

static void rule_references(struct lint *l, const struct da_item *it)
{
	const struct da_rule *r = it->rule;
	size_t i;

	if (r->n_refs == 0)
		problem(l, "rule", it->id, "no reference (a CIS number or another <reference>)");
	for (i = 0; i < r->n_refs; i++) {
		if (blank(r->refs[i].text))
			problem(l, "rule", it->id, "reference %zu has no text", i + 1);
	}
}

static void rule_check(struct lint *l, const struct da_item *it)
{
	if (!it->rule->check)
		problem(l, "rule", it->id, "no check in the dockaudit check language (%s)",
			DA_CHECK_SYSTEM);
}

static void rule_fixes(struct lint *l, const struct da_item *it)
{
	const struct da_rule *r = it->rule;
	const char *mark;
	size_t i;

	for (i = 0; i < r->n_fixes; i++) {
		const struct da_fix *f = &r->fixes[i];
		const char *sp = f->id ? " " : "", *name = f->id ? f->id : "";

		if (blank(f->system))
			problem(l, "rule", it->id, "fix %zu%s%s has no system", i + 1, sp, name);
		if (blank(f->text))
			problem(l, "rule", it->id, "fix %zu%s%s is empty", i + 1, sp, name);
		else if ((mark = leftover(f->text)))
			problem(l, "rule", it->id, "leftover %s in fix %zu%s%s", mark, i + 1, sp,
				name);
	}
}

/* ---- fix scripts ---- */

/* A fix of rule ID: its element, its number among the rule's fixes and its
 * body as OpenSCAP hands it on (not dedented; <sub> and <instance> as
 * placeholder words). */
struct fix_body {
	const char *rule;
	const xmlNode *el;
	size_t n;
	char *id;
	char *text;
};

static void fix_problem(struct lint *l, const struct fix_body *f, const char *what)
{
	problem_at(l, f->el, "rule", f->rule, "fix %zu%s%s: %s", f->n, f->id ? " " : "",
		   f->id ? f->id : "", what);
}

static void fix_ansible(struct lint *l, const struct fix_body *f)
{
	char *what;

	if (da_fixcheck_ansible(f->text, &what) < 0)
		fix_problem(l, f, what);
	free(what);
}

/* SHELL -n over F; false when it refuses the body. A shell that cannot be
 * run is a problem once, at the first fix it would have checked. */
static bool fix_shell(struct lint *l, const struct fix_body *f, const char *shell)
{
	char *what, *msg;
	size_t i;
	int rc;

	for (i = 0; i < l->n_no_shell; i++) {
		if (strcmp(l->no_shell[i], shell) == 0)
			return true;
	}
	rc = da_fixcheck_shell(shell, f->text, &what);
	if (rc < 0 && l->n_no_shell < sizeof(l->no_shell) / sizeof(l->no_shell[0])) {
		l->no_shell[l->n_no_shell++] = shell;
		msg = da_xasprintf("%s, so no shell fix is checked with %s -n", what, shell);
		fix_problem(l, f, msg);
		free(msg);
	} else if (rc > 0) {
		msg = da_xasprintf("%s -n: %s", shell, what);
		fix_problem(l, f, msg);
		free(msg);
	}
	free(what);
	return rc <= 0;
}

/* A POSIX sh fix must suit bash and /bin/sh (dash on Debian) alike; what
 * bash refuses is not asked of /bin/sh again. */
static void fix_sh(struct lint *l, const struct fix_body *f)
{
	if (fix_shell(l, f, "bash"))
		fix_shell(l, f, "/bin/sh");
}

static void fix_bash(struct lint *l, const struct fix_body *f)
{
	fix_shell(l, f, "bash");
}

/* The fix systems whose bodies are checked; other systems' are not. */
static const struct fix_system {
	const char *urn;
	void (*check)(struct lint *l, const struct fix_body *f);
} fix_systems[] = {
	{ .urn = "urn:xccdf:fix:script:ansible", .check = fix_ansible },
	{ .urn = "urn:xccdf:fix:script:sh", .check = fix_sh },
	{ .urn = "urn:xccdf:fix:script:bash", .check = fix_bash },
};

static const struct fix_system *fix_system(const char *urn)
{
	size_t i;

	for (i = 0; urn && i < sizeof(fix_systems) / sizeof(fix_systems[0]); i++) {
		if (strcmp(fix_systems[i].urn, urn) == 0)
			return &fix_systems[i];
	}
	return NULL;
}

/* Each fix of rule IT whose system has a check, read from the second
 * parse, so the body is the one in the file. */
static void rule_fix_bodies(struct lint *l, const struct da_item *it)
{
	const xmlNode *el = node_of(l, it->id), *c;
	const struct fix_system *sys;
	struct fix_body f = { .rule = it->id };
	char *urn;

	for (c = el ? el->children : NULL; c; c = c->next) {
		if (!da_xml_is(c, DA_XCCDF_NS, "fix"))
			continue;
		f.n++;
		urn = da_xml_attr(c, "system");
		sys = fix_system(urn);
		if (sys && da_load_text(&l->ld, c, DA_TEXT_FIX, &f.text) == 0 && !blank(f.text)) {
			f.el = c;
			f.id = da_xml_attr(c, "id");
			sys->check(l, &f);
			free(f.id);
		}
		free(f.text);
		f.text = NULL;
		free(urn);
	}
}

static void rule_selected(struct lint *l, const struct da_item *it)
{
	const struct da_benchmark *b = l->b;
	size_t i;

	for (i = 0; i < b->n_profiles; i++) {
		if (da_rule_selected(it, &b->profiles[i]))
			return;
	}
	if (b->n_profiles)
		problem(l, "rule", it->id, "selected by no profile");
}

static void rule_unique_title(struct lint *l, const struct da_item *it)
{
	const struct da_benchmark *b = l->b;
	size_t i;

	for (i = 0; i < b->n_rules && b->rules[i] != it; i++) {
		if (it->title && b->rules[i]->title && strcmp(it->title, b->rules[i]->title) == 0) {
			problem(l, "rule", it->id, "same title as rule %s (line %ld)", b->rules[i]->id,
				line_of(l, b->rules[i]->id));
			return;
		}
	}
}

/* The cluster-id attribute of rule ID, or NULL. Caller frees. */
static char *cluster_of(const struct lint *l, const char *id)
{
	const xmlNode *n = node_of(l, id);

	return n ? da_xml_attr(n, "cluster-id") : NULL;
}

static bool same_cluster(const struct lint *l, const struct da_item *a, const struct da_item *b)
{
	char *ca = cluster_of(l, a->id), *cb = cluster_of(l, b->id);
	bool same = ca && cb && strcmp(ca, cb) == 0;

	free(ca);
	free(cb);
	return same;
}

/* Whether an earlier rule than IT claims VERSION NUMBER; that rule or NULL. */
static const struct da_item *earlier_claim(const struct lint *l, const struct da_item *it,
					   const char *version, const char *number)
{
	const struct da_benchmark *b = l->b;
	const struct da_item *found = NULL;
	char *other;
	size_t i;

	for (i = 0; i < b->n_rules && b->rules[i] != it && !found; i++) {
		other = da_rule_cis_number(b->rules[i]->rule, version);
		if (other && strcmp(other, number) == 0)
			found = b->rules[i];
		free(other);
	}
	return found;
}

static void rule_cis_unique(struct lint *l, const struct da_item *it)
{
	const struct da_rule *r = it->rule;
	const struct da_item *other;
	char *version, *number;
	size_t i;

	for (i = 0; i < r->n_refs; i++) {
		if (da_cis_ref_parse(&r->refs[i], &version, &number) < 0)
			continue;
		other = earlier_claim(l, it, version, number);
		if (other && !same_cluster(l, it, other))
			problem(l, "rule", it->id,
				"CIS %s%s %s is also the number of rule %s (line %ld); rules that share a CIS number must carry the same cluster-id",
				*version ? "v" : "", version, number, other->id,
				line_of(l, other->id));
		free(version);
		free(number);
	}
}

/* An automated rule without a message template: its failures show the
 * check's evidence, not a sentence. */
static void rule_message(struct lint *l, const struct da_item *it)
{
	const struct da_check *c = it->rule->check;

	if (c && !c->manual && !c->inform && !c->n_messages)
		warning(l, it->id,
			"no message template (da:message): its failures show the check's evidence, not a sentence");
}

/* A remediation directive (content/remedy.h) names what the benchmark has:
 * a docker-update's Value. Loading has already checked each directive's
 * own form. */
static void rule_remedy(struct lint *l, const struct da_item *it)
{
	const struct da_rule *r = it->rule;
	struct da_remedy rem;
	char why[256];
	size_t i, n = 0;

	for (i = 0; i < r->n_fixes; i++) {
		if (!r->fixes[i].system || strcmp(r->fixes[i].system, DA_FIX_SYSTEM) != 0)
			continue;
		if (++n == 2)
			problem(l, "rule", it->id, "more than one dockaudit fix (%s): only the first is used",
				DA_FIX_SYSTEM);
		if (da_remedy_parse(r->fixes[i].text, &rem, why, sizeof(why)) < 0)
			continue;
		if (rem.kind == DA_REM_DOCKER_UPDATE && !da_benchmark_value(l->b, rem.b))
			problem(l, "rule", it->id, "its fix sets %s from Value %s, which the benchmark lacks",
				rem.a, rem.b);
		da_remedy_clear(&rem);
	}
}

static void (*const rule_checks[])(struct lint *, const struct da_item *) = {
	rule_prose, rule_severity, rule_references, rule_check,
	rule_fixes, rule_fix_bodies, rule_selected, rule_unique_title,
	rule_cis_unique, rule_message, rule_remedy,
};

/* ---- groups ---- */

static bool holds_rule(const struct da_item *g)
{
	size_t i;

	for (i = 0; i < g->n_children; i++) {
		if (g->children[i]->kind == DA_ITEM_RULE || holds_rule(g->children[i]))
			return true;
	}
	return false;
}

static void lint_group(struct lint *l, const struct da_item *g)
{
	const struct prose p[] = {
		{ "title", g->title, true },
		{ "description", g->description, true },
		{ "rationale", g->rationale, false },
	};

	check_prose(l, node_of(l, g->id), "group", g->id, p, sizeof(p) / sizeof(p[0]));
	if (!holds_rule(g))
		problem(l, "group", g->id, "holds no rule");
}

/* Groups and rules, depth first in document order. */
static void lint_items(struct lint *l, const struct da_item *parent)
{
	size_t i, k;

	for (i = 0; i < parent->n_children; i++) {
		const struct da_item *it = parent->children[i];

		if (it->kind == DA_ITEM_GROUP) {
			l->out->n_groups++;
			lint_group(l, it);
			lint_items(l, it);
			continue;
		}
		for (k = 0; k < sizeof(rule_checks) / sizeof(rule_checks[0]); k++)
			rule_checks[k](l, it);
	}
}

/* ---- values ---- */

static bool node_refers(const struct da_check_node *n, const char *id)
{
	size_t i;

	if (!n)
		return false;
	if (n->value_ref && strcmp(n->value_ref, id) == 0)
		return true;
	for (i = 0; i < n->n_kids; i++) {
		if (node_refers(n->kids[i], id))
			return true;
	}
	return false;
}

/* Whether a dockaudit fix (urn:dockaudit:fix:1) of R names Value ID: its
 * directives are words, and a Value is one of them. */
static bool fix_refers(const struct da_rule *r, const char *id)
{
	size_t i, n = strlen(id);
	const char *p;

	for (i = 0; i < r->n_fixes; i++) {
		if (!r->fixes[i].system || strcmp(r->fixes[i].system, DA_FIX_SYSTEM) != 0 ||
		    !r->fixes[i].text)
			continue;
		for (p = r->fixes[i].text; (p = strstr(p, id)); p += n)
			if ((p == r->fixes[i].text || strchr(" \t\n", p[-1])) && strchr(" \t\n", p[n]))
				return true;
	}
	return false;
}

static bool value_used(const struct da_benchmark *b, const char *id)
{
	size_t i;

	for (i = 0; i < b->n_rules; i++) {
		const struct da_check *c = b->rules[i]->rule->check;

		if (c && (node_refers(c->where, id) || node_refers(c->applies, id) ||
			  node_refers(c->assert, id)))
			return true;
		if (fix_refers(b->rules[i]->rule, id))
			return true;
	}
	return false;
}

static void lint_value(struct lint *l, const struct da_value *v)
{
	const struct prose p[] = { { "title", v->title, true } };

	check_prose(l, node_of(l, v->id), "value", v->id, p, 1);
	if (!value_used(l->b, v->id))
		problem(l, "value", v->id, "referenced by no check or fix");
}

/* ---- profiles ---- */

static bool selects_any(const struct da_benchmark *b, const struct da_profile *p)
{
	size_t i;

	for (i = 0; i < b->n_rules; i++) {
		if (da_rule_selected(b->rules[i], p))
			return true;
	}
	return false;
}

/* Profile P, whose element is EL (of the benchmark or the tailoring). */
static void lint_profile(struct lint *l, const struct da_profile *p, const xmlNode *el)
{
	const struct prose pr[] = {
		{ "title", p->title, true },
		{ "description", p->description, true },
	};

	check_prose(l, el, "profile", p->id, pr, sizeof(pr) / sizeof(pr[0]));
	if (!selects_any(l->b, p))
		problem_at(l, el, "profile", p->id, "selects no rule");
}

/* ---- the whole ---- */

static void lint_all(struct lint *l)
{
	const struct da_benchmark *b = l->b;
	const struct da_tailoring *t = l->t;
	struct da_lint *o = l->out;
	size_t i;

	o->n_rules = b->n_rules;
	o->n_values = b->n_values;
	o->n_profiles = b->n_profiles + (t ? t->n_profiles : 0);
	if (blank(b->title))
		problem_at(l, xmlDocGetRootElement(l->ld.doc), "benchmark", b->id, "no title");
	if (!b->n_profiles)
		problem_at(l, xmlDocGetRootElement(l->ld.doc), "benchmark", b->id,
			   "no Profile (every rule should be selected by at least one)");
	lint_items(l, &b->root);
	for (i = 0; i < b->n_values; i++)
		lint_value(l, &b->values[i]);
	for (i = 0; i < b->n_profiles; i++)
		lint_profile(l, &b->profiles[i], node_of(l, b->profiles[i].id));
	for (i = 0; t && i < t->n_profiles; i++)
		lint_profile(l, &t->profiles[i],
			     xmlHashLookup(l->tnodes, (const xmlChar *)t->profiles[i].id));
}

/* Load the tailoring FILE against L's benchmark; a failure is a problem.
 * Before the second parse begins: loads must not nest. */
static void load_tailoring(struct lint *l, const char *file, struct da_tailoring **t)
{
	if (da_tailoring_load(file, l->b, t, &l->err) < 0) {
		add_problem(l, da_xstrdup(l->err.msg));
		return;
	}
	l->t = *t;
	l->tnodes = xmlHashCreate(16);
	index_items(l->tnodes, xmlDocGetRootElement((*t)->doc));
}

void da_lint_content(const char *benchmark, const char *tailoring, struct da_lint *out)
{
	struct da_benchmark *b = NULL;
	struct da_tailoring *t = NULL;
	struct lint l = { .out = out };

	if (da_benchmark_load(benchmark, &b, &l.err) < 0) {
		add_problem(&l, da_xstrdup(l.err.msg));
		return;
	}
	l.b = b;
	if (tailoring)
		load_tailoring(&l, tailoring, &t);
	locate(&l);
	if (l.located)
		lint_all(&l);
	unlocate(&l);
	xmlHashFree(l.tnodes, NULL);
	da_tailoring_free(t);
	da_benchmark_free(b);
}

void da_lint_clear(struct da_lint *out)
{
	size_t i;

	if (!out)
		return;
	for (i = 0; i < out->n_problems; i++)
		free(out->problems[i]);
	free(out->problems);
	for (i = 0; i < out->n_warnings; i++)
		free(out->warnings[i]);
	free(out->warnings);
	memset(out, 0, sizeof(*out));
}
