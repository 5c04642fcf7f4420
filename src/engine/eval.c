/*
 * The evaluate stage (docs/CHECKS.md is the contract): for each rule, find
 * its subjects in the fact document, keep those `where` selects, and give
 * each one an XCCDF result from `applies` and `assert` (or `inform`), evaluated in
 * three-valued logic with a one-line evidence message; then roll up,
 * count and score. It reads only the facts, never the host.
 */
#include "engine/eval.h"
#include "common/utf8.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "engine/ops.h"
#include "engine/render.h"
#include "engine/score.h"
#include "facts/facts.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BRIEF_MAX 200 /* bytes of a fact value or operand quoted in evidence */
#define MSG_MAX 1000  /* bytes of a whole evidence message */
#define TESTRESULT_PREFIX "xccdf_org.dockaudit_testresult_"
#define NO_CHECK_MSG "no check in a system this tool evaluates"
#define UNCHECKED_MSG "not checked: the rule's role is unchecked"

/* A node of the fact document and the nodes above it, so that a missing
 * fact can be explained by the nearest "error" member recorded above it. */
struct frame {
	const json_t *node;
	const struct frame *up; /* NULL at the document root */
};

/* What evaluating any check node reads besides the facts. */
struct ectx {
	const struct da_benchmark *bench;
	const struct da_profile *profile; /* NULL: defaults */
};

/* The value of one check node and why (allocated, may be long; bounded
 * when it becomes an instance message). */
struct outcome {
	enum da_tri tri;
	char *msg;
};

/* How a logic node (or an each quantifier) combines its operands: the
 * first operand with the value DECIDER decides, giving DECIDED; otherwise
 * an error operand gives an error, and without one the node is !DECIDED.
 * NEGATE: the operands count against the node (none), which only changes
 * how their evidence is worded. */
struct logic {
	enum da_tri decider;
	enum da_tri decided;
	bool negate;
};

static const struct logic logics[] = {
	[DA_Q_ALL] = { DA_TRI_FALSE, DA_TRI_FALSE, false },
	[DA_Q_ANY] = { DA_TRI_TRUE, DA_TRI_TRUE, false },
	[DA_Q_NONE] = { DA_TRI_TRUE, DA_TRI_FALSE, true },
};

/* The operands of a logic node: the children of a node, or the elements
 * of an array (each). ONE evaluates operand I. */
struct operands {
	size_t n;
	struct outcome (*one)(const struct operands *ops, size_t i, bool neg);
	const struct ectx *cx;
	const struct da_check_node *node;
	const struct frame *here; /* children: the context; each: the array */
};

/* Operator names and their opposites, to word evidence under negation. */
static const char *const op_opposites[][2] = {
	{ "exists", "absent" },	    { "equals", "not-equals" },
	{ "matches", "not-matches" }, { "in", "not-in" },
	{ "contains", "not-contains" }, { "empty", "not-empty" },
	{ "less-than", "greater-or-equal" }, { "less-or-equal", "greater-than" },
};

static struct outcome eval_node(const struct ectx *cx, const struct da_check_node *n,
				const struct frame *here, bool neg);

/* ---- selection and values ---------------------------------------------- */

/* The Benchmark itself: the tree's root, which has no selection of its own. */
static bool is_benchmark_root(const struct da_item *it)
{
	return it->kind == DA_ITEM_GROUP && !it->parent && (!it->id || strstr(it->id, "_benchmark_"));
}

/* The item's own selection: the profile's last <select> for it, else its default. */
static bool item_selected(const struct da_item *it, const struct da_profile *p)
{
	bool sel = it->selected;
	size_t i;

	for (i = 0; p && it->id && i < p->n_selects; i++)
		if (p->selects[i].idref && strcmp(p->selects[i].idref, it->id) == 0)
			sel = p->selects[i].selected;
	return sel;
}

bool da_rule_selected(const struct da_item *item, const struct da_profile *profile)
{
	const struct da_item *it;

	if (!item)
		return false;
	for (it = item; it && !is_benchmark_root(it); it = it->parent)
		if (!item_selected(it, profile))
			return false;
	return true;
}

static const struct da_value *find_value(const struct da_benchmark *b, const char *id)
{
	size_t i;

	for (i = 0; b && id && i < b->n_values; i++)
		if (b->values[i].id && strcmp(b->values[i].id, id) == 0)
			return &b->values[i];
	return NULL;
}

/* The profile's last refine-value or set-value for ID, or NULL. */
static const struct da_refine_value *refinement(const struct da_profile *p, const char *id)
{
	const struct da_refine_value *rv = NULL;
	size_t i;

	for (i = 0; p && i < p->n_refine_values; i++)
		if (p->refine_values[i].idref && strcmp(p->refine_values[i].idref, id) == 0)
			rv = &p->refine_values[i];
	return rv;
}

const char *da_value_resolve(const struct da_benchmark *bench, const struct da_profile *profile,
			     const char *id)
{
	const struct da_value *v = find_value(bench, id);
	const struct da_refine_value *rv;
	const char *sel;
	size_t i;

	if (!v)
		return NULL;
	rv = refinement(profile, id);
	if (rv && rv->value)
		return rv->value;
	sel = rv ? rv->selector : NULL;
	for (i = 0; sel && i < v->n_selectors; i++)
		if (v->selectors[i] && strcmp(v->selectors[i], sel) == 0)
			return v->selector_values[i];
	if (v->value || !v->n_selectors)
		return v->value;
	return v->selector_values[0];
}

/* Apply refine-rule RR to OUT: the properties it sets. */
static void apply_refinement(const struct da_refine_rule *rr, struct da_refined *out)
{
	if (rr->has & DA_REFINE_SEVERITY)
		out->severity = rr->severity;
	if (rr->has & DA_REFINE_WEIGHT)
		out->weight = rr->weight;
	if (rr->has & DA_REFINE_ROLE)
		out->role = rr->role;
}

struct da_refined da_item_refined(const struct da_item *item, const struct da_profile *profile)
{
	struct da_refined r = { DA_SEV_UNKNOWN, 1.0, DA_ROLE_FULL };
	size_t i;

	if (!item)
		return r;
	r.weight = item->weight;
	if (item->kind == DA_ITEM_RULE && item->rule) {
		r.severity = item->rule->severity;
		r.role = item->rule->role;
	}
	for (i = 0; profile && item->id && i < profile->n_refine_rules; i++)
		if (profile->refine_rules[i].idref &&
		    strcmp(profile->refine_rules[i].idref, item->id) == 0)
			apply_refinement(&profile->refine_rules[i], &r);
	if (item->kind == DA_ITEM_GROUP) {
		r.severity = DA_SEV_UNKNOWN;
		r.role = DA_ROLE_FULL;
	}
	return r;
}

void da_rule_result_init(struct da_rule_result *rr, const struct da_item *item,
			 const struct da_profile *profile)
{
	struct da_refined ref = da_item_refined(item, profile);

	memset(rr, 0, sizeof(*rr));
	rr->item = item;
	rr->severity = ref.severity;
	rr->weight = ref.weight;
	rr->role = ref.role;
}

/* ---- evidence text -------------------------------------------------------- */

/* A copy of S cut to MAX bytes on a UTF-8 boundary ("..." marks the cut),
 * with control characters made spaces so it stays on one line and bytes
 * that are not UTF-8 made '?' so XML reports can carry it. */
static char *bounded(const char *s, size_t max)
{
	size_t n = strlen(s), i, len;
	bool cut = n > max;
	uint32_t cp;
	char *out;

	if (cut) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	out = da_xmalloc(n + 4);
	memcpy(out, s, n);
	memcpy(out + n, cut ? "..." : "", cut ? 4 : 1);
	for (i = 0; i < n; i += len) {
		len = da_utf8_decode((const unsigned char *)out + i, n - i, &cp);
		if (!len)
			out[i] = '?';
		else if (len == 1 && ((unsigned char)out[i] < 0x20 || out[i] == 0x7f))
			out[i] = ' ';
		len = len ? len : 1;
	}
	return out;
}

/* A fact value as bounded evidence text (caller frees); strings are cut
 * here rather than by da_json_brief, on a UTF-8 boundary, and the empty
 * string shows as "". */
static char *brief(const json_t *v)
{
	char *raw, *s;

	if (json_is_string(v))
		return bounded(json_string_length(v) ? json_string_value(v) : "\"\"", BRIEF_MAX);
	raw = da_json_brief(v);
	s = bounded(raw ? raw : "?", BRIEF_MAX);
	free(raw);
	return s;
}

static const char *shown_path(const char *path)
{
	return path && *path ? path : "value";
}

/* "OP" or, when NEG, its opposite ("not OP" if it has no named opposite). */
static void put_op(struct da_buf *b, const char *op, bool neg)
{
	size_t i;

	for (i = 0; neg && i < ARRAY_SIZE(op_opposites); i++) {
		if (strcmp(op_opposites[i][0], op) == 0 || strcmp(op_opposites[i][1], op) == 0) {
			da_buf_puts(b, op_opposites[i][strcmp(op_opposites[i][0], op) == 0]);
			return;
		}
	}
	da_buf_printf(b, "%s%s", neg ? "not " : "", op);
}

/* The evidence of a test leaf: "PATH is SEEN" (SEEN NULL: absent), or "PATH
 * PHRASE" when the operator explained itself, plus "; expected OP OPERAND"
 * when the leaf's value counts against its context. */
static char *leaf_msg(const struct da_check_node *n, const char *operand, const char *seen,
		      const char *phrase, enum da_tri tri, bool neg)
{
	struct da_buf b;
	char *v;

	da_buf_init(&b, 0);
	if (phrase)
		da_buf_printf(&b, "%s %s", shown_path(n->path), phrase);
	else
		da_buf_printf(&b, "%s is %s", shown_path(n->path), seen ? seen : "absent");
	if ((tri == DA_TRI_TRUE) == neg) {
		da_buf_puts(&b, "; expected ");
		put_op(&b, n->op->name, neg);
		if (phrase && n->value_ref) {
			/* The phrase named the offending items; name the list
			 * rather than repeat it. */
			da_buf_printf(&b, " the value %s", n->value_ref);
		} else if (operand) {
			v = bounded(operand, BRIEF_MAX);
			da_buf_printf(&b, " %s", v);
			free(v);
		}
	}
	return da_buf_take(&b);
}

/* Append MSG to a list of evidence joined with " and ", up to MSG_MAX. */
static void join(struct da_buf *b, const char *msg)
{
	if (!msg || !*msg || b->len > MSG_MAX)
		return;
	if (b->len)
		da_buf_puts(b, " and ");
	da_buf_puts(b, msg);
}

static struct outcome outcome_err(char *msg)
{
	struct outcome o = { DA_TRI_ERROR, msg };

	return o;
}

/* ---- the fact document ----------------------------------------------------- */

static bool is_pointer(const char *p)
{
	if (p && *p == '$')
		p++;
	return p && (!*p || *p == '/');
}

static size_t pointer_tokens(const char *p)
{
	size_t n = 0;

	for (; *p; p++)
		n += *p == '/';
	return n;
}

/* Follow pointer P below HERE one token at a time, filling FR (one frame
 * per token, each linked to the one above). Returns the tokens resolved. */
static size_t walk(const struct frame *here, const char *p, struct frame *fr)
{
	const struct frame *cur = here;
	const json_t *next;
	size_t k = 0, n;
	char *tok;

	while (*p == '/') {
		n = strcspn(p + 1, "/") + 1;
		tok = da_xstrndup(p, n);
		next = da_facts_get(cur->node, tok);
		free(tok);
		if (!next)
			break;
		fr[k].node = next;
		fr[k].up = cur;
		cur = &fr[k++];
		p += n;
	}
	return k;
}

/* The "error" string recorded in F or the nearest object above it. */
static const char *recorded_error(const struct frame *f)
{
	const json_t *e;

	for (; f; f = f->up) {
		e = json_is_object(f->node) ? json_object_get(f->node, "error") : NULL;
		if (json_is_string(e))
			return json_string_value(e);
	}
	return NULL;
}

/* The frame of the fact at pointer P below HERE (HERE itself for ""), or
 * NULL when it is absent, with *ERROR the error recorded nearest above the
 * missing step (or NULL). *FR holds the frames on the way (caller frees). */
static const struct frame *lookup(const struct frame *here, const char *p, struct frame **fr,
				  const char **error)
{
	size_t ntok, k;

	if (*p == '$') {
		/* "$/...": from the root of the fact document. */
		while (here->up)
			here = here->up;
		p++;
	}
	ntok = pointer_tokens(p);
	*fr = da_xcalloc(ntok + 1, sizeof(**fr));
	*error = NULL;
	k = walk(here, p, *fr);
	if (k == ntok)
		return k ? &(*fr)[k - 1] : here;
	*error = recorded_error(k ? &(*fr)[k - 1] : here);
	return NULL;
}

/* ---- tests ----------------------------------------------------------------- */

/* The operand of test N: its literal or its (profile-refined) Value.
 * Returns -1 with *O an error when it cannot be had. */
static int test_operand(const struct ectx *cx, const struct da_check_node *n, const char **operand,
			struct outcome *o)
{
	*operand = n->value;
	if (!n->op) {
		*o = outcome_err(da_xasprintf("line %d: test of %s has no operator", n->line,
					      shown_path(n->path)));
		return -1;
	}
	if (n->value_ref) {
		*operand = da_value_resolve(cx->bench, cx->profile, n->value_ref);
		if (!*operand) {
			*o = outcome_err(da_xasprintf("line %d: no Value %s in the benchmark", n->line,
						      n->value_ref));
			return -1;
		}
	}
	if (n->op->needs_operand && !*operand) {
		*o = outcome_err(da_xasprintf("line %d: operator %s needs a value", n->line,
					      n->op->name));
		return -1;
	}
	if (!n->op->needs_operand)
		*operand = NULL;
	return 0;
}

static struct outcome test_present(const struct da_check_node *n, const json_t *actual,
				   const char *operand, bool neg)
{
	struct outcome o;
	char *why = NULL, *seen;

	o.tri = n->op->eval(actual, operand, &why);
	if (o.tri == DA_TRI_ERROR) {
		o.msg = da_xasprintf("%s: %s", shown_path(n->path), why ? why : "cannot be compared");
	} else {
		char *phrase = NULL, *shown;

		if (o.tri == DA_TRI_FALSE && !neg && n->op->explain)
			phrase = n->op->explain(actual, operand);
		seen = brief(actual);
		shown = phrase ? bounded(phrase, MSG_MAX) : NULL;
		o.msg = leaf_msg(n, operand, seen, shown, o.tri, neg);
		free(shown);
		free(phrase);
		free(seen);
	}
	free(why);
	return o;
}

/* An absent fact: the operator decides (exists, absent), else a recorded
 * error explains it, else the test's missing policy applies. */
static struct outcome test_absent(const struct da_check_node *n, const char *operand,
				  const char *error, bool neg)
{
	struct outcome o;

	if (n->op->on_absent) {
		o.tri = *n->op->on_absent;
	} else if (error) {
		return outcome_err(da_xstrdup(error));
	} else if (n->missing == DA_MISSING_PASS || n->missing == DA_MISSING_FAIL) {
		o.tri = n->missing == DA_MISSING_PASS ? DA_TRI_TRUE : DA_TRI_FALSE;
	} else {
		return outcome_err(da_xasprintf("fact %s is absent", shown_path(n->path)));
	}
	o.msg = leaf_msg(n, operand, NULL, NULL, o.tri, neg);
	return o;
}

static struct outcome eval_test(const struct ectx *cx, const struct da_check_node *n,
				const struct frame *here, bool neg)
{
	const struct frame *at;
	struct frame *fr = NULL;
	const char *operand, *error;
	struct outcome o;

	if (test_operand(cx, n, &operand, &o) < 0)
		return o;
	at = lookup(here, n->path, &fr, &error);
	if (at)
		o = test_present(n, at->node, operand, neg);
	else
		o = test_absent(n, operand, error, neg);
	free(fr);
	return o;
}

/* ---- logic ------------------------------------------------------------------ */

/* Combine OPS under LG (see struct logic); the evidence is the deciding
 * operand's, else the first error's, else every operand's joined. */
static struct outcome combine(const struct logic *lg, const struct operands *ops, bool neg)
{
	struct outcome o = { DA_TRI_ERROR, NULL }, kid;
	struct da_buf rest;
	char *err = NULL;
	size_t i;

	da_buf_init(&rest, 0);
	for (i = 0; i < ops->n; i++) {
		kid = ops->one(ops, i, neg != lg->negate);
		if (kid.tri == lg->decider) {
			o = kid;
			o.tri = lg->decided;
			goto out;
		}
		if (kid.tri == DA_TRI_ERROR && !err) {
			err = kid.msg;
			continue;
		}
		join(&rest, kid.msg);
		free(kid.msg);
	}
	if (err) {
		o.msg = err;
		err = NULL;
	} else {
		o.tri = lg->decided == DA_TRI_TRUE ? DA_TRI_FALSE : DA_TRI_TRUE;
		o.msg = da_buf_take(&rest);
	}
out:
	free(err);
	da_buf_free(&rest);
	return o;
}

static struct outcome kid_one(const struct operands *ops, size_t i, bool neg)
{
	return eval_node(ops->cx, ops->node->kids[i], ops->here, neg);
}

static struct outcome eval_logic(const struct ectx *cx, const struct da_check_node *n,
				 const struct frame *here, bool neg)
{
	static const enum da_quantifier kind_q[] = {
		[DA_NODE_ALL] = DA_Q_ALL, [DA_NODE_ANY] = DA_Q_ANY, [DA_NODE_NONE] = DA_Q_NONE,
	};
	struct operands kids = { n->n_kids, kid_one, cx, n, here };

	return combine(&logics[kind_q[n->kind]], &kids, neg);
}

/* Element I of an each: its children combined as all, its evidence
 * prefixed with "element I (LABEL): ". */
static struct outcome element_one(const struct operands *ops, size_t i, bool neg)
{
	const struct da_check_node *n = ops->node;
	struct frame el = { json_array_get(ops->here->node, i), ops->here };
	struct operands kids = { n->n_kids, kid_one, ops->cx, n, &el };
	struct outcome o = combine(&logics[DA_Q_ALL], &kids, neg);
	const json_t *label = is_pointer(n->label) ? da_facts_get(el.node, n->label) : NULL;
	char *lab = label ? brief(label) : NULL, *msg;

	if (lab)
		msg = da_xasprintf("element %zu (%s): %s", i, lab, o.msg);
	else
		msg = da_xasprintf("element %zu: %s", i, o.msg);
	free(lab);
	free(o.msg);
	o.msg = msg;
	return o;
}

/* An each over an array that is absent (with no error recorded above),
 * null or empty: the quantifier over no elements. */
static struct outcome each_empty(const struct da_check_node *n)
{
	struct outcome o;

	o.tri = n->quantifier == DA_Q_ANY ? DA_TRI_FALSE : DA_TRI_TRUE;
	o.msg = da_xasprintf("%s has no elements", shown_path(n->path));
	return o;
}

static struct outcome eval_each(const struct ectx *cx, const struct da_check_node *n,
				const struct frame *here, bool neg)
{
	struct operands elems = { 0, element_one, cx, n, NULL };
	const char *error;
	struct frame *fr = NULL;
	struct outcome o;
	char *seen;

	elems.here = lookup(here, n->path, &fr, &error);
	if (!elems.here && error) {
		o = outcome_err(da_xstrdup(error));
	} else if (elems.here && !json_is_array(elems.here->node) &&
		   !json_is_null(elems.here->node)) {
		seen = brief(elems.here->node);
		o = outcome_err(da_xasprintf("%s is %s; expected an array", shown_path(n->path), seen));
		free(seen);
	} else {
		elems.n = elems.here ? json_array_size(elems.here->node) : 0;
		if (elems.n && (unsigned)n->quantifier < ARRAY_SIZE(logics))
			o = combine(&logics[n->quantifier], &elems, neg);
		else
			o = each_empty(n);
	}
	free(fr);
	return o;
}

static struct outcome (*const node_evals[])(const struct ectx *, const struct da_check_node *,
					    const struct frame *, bool) = {
	[DA_NODE_TEST] = eval_test,
	[DA_NODE_ALL] = eval_logic,
	[DA_NODE_ANY] = eval_logic,
	[DA_NODE_NONE] = eval_logic,
	[DA_NODE_EACH] = eval_each,
};

/* Node N with HERE as its context. NEG: N's truth counts against the
 * instance (it sits below an odd number of none), for the wording only. */
static struct outcome eval_node(const struct ectx *cx, const struct da_check_node *n,
				const struct frame *here, bool neg)
{
	if (!n || (unsigned)n->kind >= ARRAY_SIZE(node_evals) || !node_evals[n->kind])
		return outcome_err(da_xstrdup("malformed check node"));
	if ((n->kind == DA_NODE_TEST || n->kind == DA_NODE_EACH) && !is_pointer(n->path))
		return outcome_err(da_xasprintf("line %d: path '%s' is not a JSON pointer", n->line,
						n->path ? n->path : ""));
	return node_evals[n->kind](cx, n, here, neg);
}

/* ---- subjects and instances ------------------------------------------------- */

/* Text for a subject's name or id: strings as they are, else brief. */
static char *subject_text(const json_t *subject, const char *pointer)
{
	const json_t *v = pointer ? da_facts_get(subject, pointer) : NULL;

	if (json_is_string(v))
		return bounded(json_string_value(v), MSG_MAX);
	if (v && !json_is_null(v))
		return brief(v);
	return NULL;
}

static char *subject_name(const struct da_check *c, const json_t *subject, const char *where)
{
	char *name = subject_text(subject, c->name_path), *s;

	if (name && name[0] == '/' && c->subject_kind && strcmp(c->subject_kind, "container") == 0) {
		s = da_xstrdup(name + 1);
		free(name);
		name = s;
	}
	if (!name)
		name = da_xstrdup(c->name ? c->name : where);
	return name;
}

/* Sentences, each once, in the order they were first rendered. */
struct sentences {
	char **v;
	size_t n;
};

static void sentence_add(struct sentences *ss, char *s)
{
	size_t i;

	for (i = 0; i < ss->n; i++) {
		if (strcmp(ss->v[i], s) == 0) {
			free(s);
			return;
		}
	}
	ss->v = da_xreallocarray(ss->v, ss->n + 1, sizeof(*ss->v));
	ss->v[ss->n++] = s;
}

/* The sentences of for-each template T: one per offending element of the
 * each it names (an element whose own value counts against the subject).
 * None when no element offends (another part of the assert failed). */
static void render_each(const struct ectx *cx, const struct da_check *c,
			const struct da_template *t, const struct frame *sf,
			struct da_render_ctx *rc, struct sentences *ss)
{
	int neg = 0;
	const struct da_check_node *n = da_check_find_each(c, t->for_each, &neg);
	const struct frame *arr;
	struct frame *fr = NULL, el;
	const char *error;
	struct outcome o;
	bool good_if_true;
	size_t i;

	if (!n || !is_pointer(n->path))
		return;
	arr = lookup(sf, n->path, &fr, &error);
	/* An element is good when its children hold under all and any, and
	 * when they do not under none; below an odd number of none, the
	 * other way round. */
	good_if_true = (n->quantifier != DA_Q_NONE) != (neg != 0);
	for (i = 0; arr && json_is_array(arr->node) && i < json_array_size(arr->node); i++) {
		struct operands kids = { n->n_kids, kid_one, cx, n, &el };

		el.node = json_array_get(arr->node, i);
		el.up = arr;
		o = combine(&logics[DA_Q_ALL], &kids, false);
		free(o.msg);
		if (o.tri == DA_TRI_ERROR || (o.tri == DA_TRI_TRUE) == good_if_true)
			continue;
		rc->element = el.node;
		sentence_add(ss, da_render(t, rc));
	}
	rc->element = NULL;
	free(fr);
}

/* SS joined with "; ", up to about MSG_MAX bytes, then "(and N more)";
 * frees SS's strings. NULL when SS is empty. */
static char *sentences_join(struct sentences *ss)
{
	struct da_buf b;
	size_t i, more = 0;
	char *out;

	da_buf_init(&b, 0);
	for (i = 0; i < ss->n; i++) {
		if (b.len > MSG_MAX)
			more++;
		else
			da_buf_printf(&b, "%s%s", b.len ? "; " : "", ss->v[i]);
		free(ss->v[i]);
	}
	free(ss->v);
	if (more)
		da_buf_printf(&b, " (and %zu more)", more);
	if (!b.len) {
		da_buf_free(&b);
		return NULL;
	}
	out = bounded(b.data, MSG_MAX + 100);
	da_buf_free(&b);
	return out;
}

/* Whether template T's sentence applies to subject SF: it has no if, or
 * the fact there is true, a non-zero number or not empty. */
static bool message_applies(const struct da_template *t, const struct frame *sf)
{
	const json_t *v = t->cond ? da_facts_get(sf->node, t->cond) : NULL;

	if (!t->cond)
		return true;
	if (json_is_boolean(v))
		return json_is_true(v);
	if (json_is_number(v))
		return json_number_value(v) != 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	return json_is_object(v) && json_object_size(v) > 0;
}

/* The sentences of failing subject SF (named NAME, id ID) from the
 * check's message templates, or NULL. */
static char *sentence(const struct ectx *cx, const struct da_check *c, const struct frame *sf,
		      const char *name, const char *id)
{
	const struct frame *top = sf;
	struct da_render_ctx rc = { 0 };
	struct sentences ss = { NULL, 0 };
	size_t i;

	while (top->up)
		top = top->up;
	rc.root = top->node;
	rc.subject = sf->node;
	rc.name = name;
	rc.id = id;
	rc.bench = cx->bench;
	rc.profile = cx->profile;
	for (i = 0; i < c->n_messages; i++) {
		if (!message_applies(c->messages[i], sf))
			continue;
		if (c->messages[i]->for_each)
			render_each(cx, c, c->messages[i], sf, &rc, &ss);
		else
			sentence_add(&ss, da_render(c->messages[i], &rc));
	}
	return sentences_join(&ss);
}

/* EVIDENCE (adopted) is the check's own account; a failing subject of a
 * rule with a message template gets the rendered sentence as its message,
 * every other one the evidence. */
static void add_instance(const struct ectx *cx, struct da_rule_result *rr,
			 const struct da_check *c, const struct frame *sf, const char *where,
			 enum da_result res, char *evidence)
{
	struct da_instance *in;

	rr->instances = da_xreallocarray(rr->instances, rr->n_instances + 1, sizeof(*in));
	in = &rr->instances[rr->n_instances++];
	memset(in, 0, sizeof(*in));
	in->result = res;
	in->kind = da_xstrdup(c->subject_kind ? c->subject_kind : "");
	in->name = subject_name(c, sf->node, where);
	in->id = subject_text(sf->node, c->id_path);
	in->evidence = evidence ? bounded(evidence, MSG_MAX) : NULL;
	free(evidence);
	if (res == DA_RES_FAIL && c->n_messages)
		in->message = sentence(cx, c, sf, in->name, in->id);
	if (!in->message && in->evidence)
		in->message = da_xstrdup(in->evidence);
}

/* The message of an informational result: the subject's fact at
 * C->inform, a string as it is, anything else briefly; an error when it
 * is absent. */
static struct outcome inform_outcome(const struct da_check *c, const struct frame *sf)
{
	const struct frame *at;
	struct frame *fr = NULL;
	const char *error;
	struct outcome o = { DA_TRI_TRUE, NULL };

	at = lookup(sf, c->inform, &fr, &error);
	if (!at)
		o = outcome_err(error ? da_xstrdup(error)
				      : da_xasprintf("fact %s is absent", shown_path(c->inform)));
	else
		o.msg = brief(at->node);
	free(fr);
	return o;
}

/* One subject: dropped when `where` is false, else one instance: an error
 * if `where` or `applies` is one, notapplicable if `applies` is false, else
 * what `assert` says. WHERE is the subject's pointer, its name of last resort. */
static void eval_subject(const struct ectx *cx, const struct da_check *c, const struct frame *sf,
			 const char *where, struct da_rule_result *rr)
{
	static const enum da_result tri_result[] = { DA_RES_ERROR, DA_RES_FAIL, DA_RES_PASS };
	struct outcome o = { DA_TRI_TRUE, NULL };
	enum da_result res;

	if (c->where)
		o = eval_node(cx, c->where, sf, false);
	if (o.tri == DA_TRI_FALSE) {
		free(o.msg);
		return;
	}
	if (o.tri == DA_TRI_TRUE && c->applies) {
		free(o.msg);
		o = eval_node(cx, c->applies, sf, false);
	}
	if (o.tri == DA_TRI_TRUE && c->manual) {
		/* A manual rule that applies to this subject: the reviewer's. */
		free(o.msg);
		o.msg = da_xstrdup(c->question ? c->question : "manual check");
		res = DA_RES_NOTCHECKED;
	} else if (o.tri == DA_TRI_TRUE && c->inform) {
		free(o.msg);
		o = inform_outcome(c, sf);
		res = o.tri == DA_TRI_TRUE ? DA_RES_INFORMATIONAL : DA_RES_ERROR;
	} else if (o.tri == DA_TRI_TRUE) {
		free(o.msg);
		o = eval_node(cx, c->assert, sf, false);
		res = tri_result[o.tri + 1];
	} else {
		res = o.tri == DA_TRI_FALSE ? DA_RES_NOTAPPLICABLE : DA_RES_ERROR;
	}
	add_instance(cx, rr, c, sf, where, res, o.msg);
}

/* Every subject at the check's subjects path. Returns how many there were
 * (before `where`), or -1 with a rule-level error when the path is absent,
 * null, or neither an array nor an object. */
static long eval_subjects(const struct ectx *cx, const json_t *facts, const struct da_check *c,
			  struct da_rule_result *rr)
{
	const char *path = c->subjects_path ? c->subjects_path : "", *error = NULL;
	struct frame root = { facts, NULL }, sf;
	const struct frame *at;
	struct frame *fr = NULL;
	long n = -1;
	char *where;
	size_t i;

	at = is_pointer(path) ? lookup(&root, path, &fr, &error) : NULL;
	if (at && json_is_null(at->node)) {
		error = recorded_error(at);
		at = NULL;
	}
	if (!at) {
		rr->message = error ? da_xstrdup(error) : da_xasprintf("fact %s was not collected", path);
	} else if (json_is_object(at->node)) {
		eval_subject(cx, c, at, path, rr);
		n = 1;
	} else if (json_is_array(at->node)) {
		for (i = 0; i < json_array_size(at->node); i++) {
			sf.node = json_array_get(at->node, i);
			sf.up = at;
			where = da_xasprintf("%s/%zu", path, i);
			eval_subject(cx, c, &sf, where, rr);
			free(where);
		}
		n = (long)i;
	} else {
		rr->message = da_xasprintf("fact %s is not an array or an object", path);
	}
	free(fr);
	return n;
}

static void eval_check(const struct ectx *cx, const json_t *facts, const struct da_check *c,
		       struct da_rule_result *rr)
{
	const char *path = c->subjects_path ? c->subjects_path : "";
	long n = eval_subjects(cx, facts, c, rr);

	if (n < 0) {
		rr->result = DA_RES_ERROR;
		return;
	}
	rr->result = da_result_roll_up(rr->instances, rr->n_instances, false);
	if (rr->n_instances)
		return;
	if (n)
		rr->message = da_xasprintf("no subject at %s meets the rule's where condition (%ld examined)",
					   path, n);
	else
		rr->message = da_xasprintf("no subject at %s", path);
}

static void eval_rule(const struct ectx *cx, const json_t *facts, const struct da_item *item,
		      struct da_rule_result *rr)
{
	const struct da_rule *rule = item->rule;
	const struct da_check *c = rule ? rule->check : NULL;

	da_rule_result_init(rr, item, cx->profile);
	if (!da_rule_selected(item, cx->profile)) {
		rr->result = DA_RES_NOTSELECTED;
	} else if (rr->role == DA_ROLE_UNCHECKED) {
		rr->result = DA_RES_NOTCHECKED;
		rr->message = da_xstrdup(UNCHECKED_MSG);
	} else if (!c || (rule->check_system && strcmp(rule->check_system, DA_CHECK_SYSTEM) != 0)) {
		rr->result = DA_RES_NOTCHECKED;
		rr->message = da_xstrdup(NO_CHECK_MSG);
	} else if (c->manual && !c->where && !c->applies) {
		rr->result = DA_RES_NOTCHECKED;
		rr->message = bounded(c->question ? c->question : "manual check", MSG_MAX);
	} else if (c->manual) {
		/* where/applies decide whether the question concerns this host at
		 * all (a swarm question on a host outside any swarm does not). */
		eval_check(cx, facts, c, rr);
		if (rr->result == DA_RES_NOTCHECKED && !rr->message)
			rr->message = bounded(c->question ? c->question : "manual check", MSG_MAX);
	} else if (!c->assert && !c->inform) {
		rr->result = DA_RES_ERROR;
		rr->message = da_xasprintf("line %d: the check has no assert", c->line);
	} else {
		eval_check(cx, facts, c, rr);
	}
}

/* "xccdf_org.dockaudit_testresult_" + the profile's short name or "default". */
static char *testresult_id(const struct da_profile *p)
{
	const char *name = p && p->id ? p->id : "default";
	const char *s = strstr(name, "_profile_");

	return da_xasprintf(TESTRESULT_PREFIX "%s", s ? s + strlen("_profile_") : name);
}

int da_evaluate(const struct da_benchmark *bench, const json_t *facts,
		const struct da_eval_opts *opts, struct da_results **out, struct da_err *err)
{
	struct ectx cx = { bench, NULL };
	struct da_results *r;
	size_t i;

	*out = NULL;
	if (!bench)
		return da_err_set(err, "no benchmark to evaluate");
	if (opts && opts->profile_id &&
	    !(cx.profile = da_profile_find(bench, opts->tailoring, opts->profile_id)))
		return da_err_set(err, "%s: no profile '%s'", bench->path ? bench->path : "benchmark",
				  opts->profile_id);
	r = da_xcalloc(1, sizeof(*r));
	r->bench = bench;
	r->profile = cx.profile;
	r->facts = facts;
	r->start_time = time(NULL);
	r->test_result_id = testresult_id(cx.profile);
	r->score_model = opts ? opts->score_model : DA_SCORE_DEFAULT;
	r->rules = da_xcalloc(bench->n_rules, sizeof(*r->rules));
	r->n_rules = bench->n_rules;
	for (i = 0; i < bench->n_rules; i++) {
		eval_rule(&cx, facts, bench->rules[i], &r->rules[i]);
		r->counts[r->rules[i].result]++;
	}
	r->end_time = time(NULL);
	da_score_all(r);
	*out = r;
	return 0;
}
