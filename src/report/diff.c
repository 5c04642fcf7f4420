/*
 * Comparing two saved results. Rules are matched by id, subjects by kind
 * and name (by id when a subject has no name); a rule without subjects
 * stands for itself. Only fail and error count as failing, as they make
 * an audit exit 2; the effective results are compared, so a waived
 * failure reads as fixed.
 */
#include "report/diff.h"
#include "report/util.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DIFF_FORMAT "dockaudit-diff"
#define DIFF_FORMAT_VERSION 1
/* Scores differ only past this: ARF carries six decimals, JSON ten. */
#define SCORE_EPSILON 1e-5

static bool bad(enum da_result r)
{
	return r == DA_RES_FAIL || r == DA_RES_ERROR;
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool named(const struct da_instance *in)
{
	return in->name && *in->name;
}

/* The same subject: kind and name, or kind and id for nameless ones; a
 * subject with neither (a host-wide check whose target was not found)
 * is the one of its kind. */
static bool same_subject(const struct da_instance *a, const struct da_instance *b)
{
	if (!str_eq(a->kind, b->kind))
		return false;
	if (named(a) && named(b))
		return strcmp(a->name, b->name) == 0;
	if (a->id || b->id)
		return a->id && b->id && strcmp(a->id, b->id) == 0;
	return !named(a) && !named(b);
}

static void push(struct da_diff_list *l, const struct da_diff_item *it)
{
	l->items = da_xreallocarray(l->items, l->n + 1, sizeof(*l->items));
	l->items[l->n++] = *it;
}

/* File IT under the section its two results call for, if any. */
static void classify(struct da_diff *d, const struct da_diff_item *it)
{
	bool was = it->old_present && bad(it->old_res), is = it->new_present && bad(it->new_res);

	if (is && !was)
		push(&d->new_failures, it);
	else if (is && was)
		push(&d->still, it);
	else if (was)
		push(&d->fixed, it);
}

/* One side of a rule: its instances, or (none) the rule itself. */
static size_t n_subjects(const struct da_rule_result *rr)
{
	return rr->n_instances ? rr->n_instances : 1;
}

static const struct da_instance *subject(const struct da_rule_result *rr, size_t i)
{
	return rr->n_instances ? &rr->instances[i] : NULL;
}

static enum da_result subject_result(const struct da_rule_result *rr, size_t i)
{
	return rr->n_instances ? rr->instances[i].result : rr->result;
}

/* Whether subject I of A and subject J of B are the same. A rule standing
 * for itself matches the other side's rule as a whole. */
static bool matches(const struct da_rule_result *a, size_t i, const struct da_rule_result *b,
		    size_t j)
{
	const struct da_instance *x = subject(a, i), *y = subject(b, j);

	if (!x && !y)
		return true;
	return x && y && same_subject(x, y);
}

static void compare_rule(struct da_diff *d, const struct da_rule_result *o,
			 const struct da_rule_result *n)
{
	size_t no = n_subjects(o), nn = n_subjects(n), i, j;
	bool *used = da_xcalloc(no, sizeof(*used));
	struct da_diff_item it;

	for (j = 0; j < nn; j++) {
		it = (struct da_diff_item){ .old_rr = o, .new_rr = n, .new_in = subject(n, j),
					    .new_res = subject_result(n, j), .new_present = true };
		for (i = 0; i < no; i++)
			if (!used[i] && matches(o, i, n, j))
				break;
		if (i < no) {
			used[i] = true;
			it.old_in = subject(o, i);
			it.old_res = subject_result(o, i);
			it.old_present = true;
		} else if (!subject(n, j)) {
			/* The rule now stands for itself: judge it whole when it
			 * fails; else the old subjects are fixed or gone below. */
			it.old_res = o->result;
			it.old_present = true;
			if (!bad(it.new_res))
				continue;
		}
		classify(d, &it);
	}
	for (i = 0; i < no; i++) {
		if (used[i])
			continue;
		it = (struct da_diff_item){ .old_rr = o, .new_rr = n, .old_in = subject(o, i),
					    .old_res = subject_result(o, i), .old_present = true };
		if (!subject(o, i)) { /* the rule stood for itself: judge it whole */
			it.new_res = n->result;
			it.new_present = true;
			if (!bad(it.new_res) || !bad(it.old_res))
				classify(d, &it);
			continue;
		}
		/* The rule as a whole still fails (say, nothing could be read):
		 * its old subjects are not fixed, only unseen. */
		if (!n->n_instances && bad(n->result))
			continue;
		classify(d, &it);
	}
	free(used);
}

/* A rule only NEW has: added, and its failures are new. */
static void added_rule(struct da_diff *d, const struct da_rule_result *n)
{
	struct da_diff_item it = { .new_rr = n, .new_res = n->result, .new_present = true };
	size_t j;

	push(&d->added, &it);
	for (j = 0; j < n_subjects(n); j++) {
		it.new_in = subject(n, j);
		it.new_res = subject_result(n, j);
		classify(d, &it);
	}
}

static const struct da_rule_result *listed_rule(const struct da_saved *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->results->n_rules; i++)
		if (s->listed[i] && strcmp(s->results->rules[i].item->id, id) == 0)
			return &s->results->rules[i];
	return NULL;
}

int da_diff_compute(const struct da_saved *old, const struct da_saved *new,
		    struct da_diff **out, struct da_err *err)
{
	const struct da_results *ro = old->results, *rn = new->results;
	const struct da_rule_result *o;
	struct da_diff *d;
	struct da_diff_item it;
	size_t i;
	int m;

	*out = NULL;
	if (strcmp(old->bench->id, new->bench->id) != 0)
		return da_err_set(err, "%s and %s are results of different benchmarks (%s, %s): nothing to compare",
				  old->path, new->path, old->bench->id, new->bench->id);
	d = da_xcalloc(1, sizeof(*d));
	d->old = old;
	d->new = new;
	for (i = 0; i < rn->n_rules; i++) {
		if (!new->listed[i])
			continue;
		o = listed_rule(old, rn->rules[i].item->id);
		if (o)
			compare_rule(d, o, &rn->rules[i]);
		else
			added_rule(d, &rn->rules[i]);
	}
	for (i = 0; i < ro->n_rules; i++) {
		if (!old->listed[i] || listed_rule(new, ro->rules[i].item->id))
			continue;
		it = (struct da_diff_item){ .old_rr = &ro->rules[i], .old_res = ro->rules[i].result,
					    .old_present = true };
		push(&d->removed, &it);
	}
	d->worse = d->new_failures.n > 0;
	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
		d->score_worse[m] = rn->scores[m].score < ro->scores[m].score - SCORE_EPSILON;
		d->worse = d->worse || d->score_worse[m];
	}
	*out = d;
	return 0;
}

void da_diff_free(struct da_diff *d)
{
	if (!d)
		return;
	free(d->new_failures.items);
	free(d->fixed.items);
	free(d->still.items);
	free(d->added.items);
	free(d->removed.items);
	free(d);
}

/* ---- text ---- */

struct out {
	FILE *f;
	bool color;
};

static void put(const struct out *o, const char *s)
{
	char *clean = da_report_clean(s ? s : "", DA_CLEAN_CONTROLS);

	fputs(clean, o->f);
	free(clean);
}

static void style(const struct out *o, const char *code)
{
	if (o->color)
		fputs(code, o->f);
}

static const struct da_rule_result *item_rule(const struct da_diff_item *it)
{
	return it->new_rr ? it->new_rr : it->old_rr;
}

static const struct da_instance *item_subject(const struct da_diff_item *it)
{
	return it->new_in ? it->new_in : it->old_in;
}

static void subject_line(const struct out *o, const struct da_diff_item *it)
{
	const struct da_instance *in = item_subject(it);
	const char *msg = in ? in->message : NULL;

	fputs("    ", o->f);
	if (in) {
		put(o, in->kind ? in->kind : "subject");
		fputs(" ", o->f);
		put(o, in->name && *in->name ? in->name : in->id);
	} else {
		fputs("(the rule)", o->f);
	}
	fprintf(o->f, ": %s -> %s", it->old_present ? da_result_name(it->old_res) : "absent",
		it->new_present ? da_result_name(it->new_res) : "gone");
	if (msg && it->new_present && bad(it->new_res)) {
		fputs(" (", o->f);
		put(o, msg);
		fputs(")", o->f);
	}
	fputc('\n', o->f);
}

/* The items of L grouped under their rule: "  ID  TITLE" then subjects. */
static void items(const struct out *o, const struct da_diff_list *l)
{
	const struct da_rule_result *prev = NULL, *rr;
	size_t i;

	for (i = 0; i < l->n; i++) {
		rr = item_rule(&l->items[i]);
		if (rr != prev) {
			fputs("  ", o->f);
			put(o, rr->item->id);
			fputs("  ", o->f);
			put(o, rr->item->title);
			fprintf(o->f, " [%s]\n", da_severity_name(rr->severity));
			prev = rr;
		}
		subject_line(o, &l->items[i]);
	}
}

static size_t rules_in(const struct da_diff_list *l)
{
	const struct da_rule_result *prev = NULL;
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		n += item_rule(&l->items[i]) != prev;
		prev = item_rule(&l->items[i]);
	}
	return n;
}

static void heading(const struct out *o, const char *color, const char *title,
		    const struct da_diff_list *l)
{
	fputc('\n', o->f);
	style(o, DA_ANSI_BOLD);
	style(o, color);
	fprintf(o->f, "%s: %zu", title, l->n);
	style(o, DA_ANSI_RESET);
	if (l->n)
		fprintf(o->f, " (in %zu rule%s)", rules_in(l), rules_in(l) == 1 ? "" : "s");
	fputc('\n', o->f);
}

static void side(const struct out *o, const char *label, const struct da_saved *s)
{
	char t[DA_REPORT_TIME_LEN];

	da_report_time(s->results->end_time, t);
	fprintf(o->f, "%s ", label);
	put(o, s->path);
	fprintf(o->f, " (%s, %s, host ", da_saved_format_name(s->format), t);
	put(o, da_report_host(s->facts, "hostname") ? da_report_host(s->facts, "hostname")
						   : "unknown");
	fputs(")\n", o->f);
}

static void rule_list(const struct out *o, const char *title, const struct da_diff_list *l)
{
	size_t i;

	fprintf(o->f, "\n%s: %zu\n", title, l->n);
	for (i = 0; i < l->n; i++) {
		fputs("  ", o->f);
		put(o, item_rule(&l->items[i])->item->id);
		fputs("  ", o->f);
		put(o, item_rule(&l->items[i])->item->title);
		fprintf(o->f, " (%s)\n", da_result_name(item_rule(&l->items[i])->result));
	}
}

/* NEW - OLD, 0 within the precision the formats keep. */
static double delta(double old, double new)
{
	double x = da_report_finite(new) - da_report_finite(old);

	return fabs(x) < SCORE_EPSILON ? 0.0 : x;
}

static void scores(const struct out *o, const struct da_diff *d)
{
	const struct da_score *a, *b;
	int m;

	fputs("\nScores:\n", o->f);
	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
		a = &d->old->results->scores[m];
		b = &d->new->results->scores[m];
		fprintf(o->f, "  %-16s %.2f -> %.2f (", da_score_model_name(m),
			da_report_finite(a->score), da_report_finite(b->score));
		if (d->score_worse[m])
			style(o, DA_ANSI_RED);
		fprintf(o->f, "%+.2f", delta(a->score, b->score));
		if (d->score_worse[m])
			style(o, DA_ANSI_RESET);
		fprintf(o->f, ", of %.2f)\n", da_report_finite(b->max));
	}
}

void da_diff_write_text(const struct da_diff *d, FILE *f, bool color, bool verbose)
{
	const struct out o = { f, color };

	side(&o, "Old:", d->old);
	side(&o, "New:", d->new);
	fputs("Benchmark: ", f);
	put(&o, d->new->bench->title);
	fputs(" (", f);
	put(&o, d->new->bench->id);
	fputs(")\n", f);
	heading(&o, DA_ANSI_RED, "New failures", &d->new_failures);
	items(&o, &d->new_failures);
	heading(&o, DA_ANSI_GREEN, "Fixed", &d->fixed);
	items(&o, &d->fixed);
	heading(&o, "", "Still failing", &d->still);
	if (verbose)
		items(&o, &d->still);
	rule_list(&o, "Rules added", &d->added);
	rule_list(&o, "Rules removed", &d->removed);
	scores(&o, d);
	fputs("\nVerdict: ", f);
	style(&o, d->worse ? DA_ANSI_RED : DA_ANSI_GREEN);
	fputs(d->worse ? "worse" : "not worse", f);
	style(&o, DA_ANSI_RESET);
	fputc('\n', f);
}

/* ---- JSON ---- */

static json_t *side_obj(const struct da_saved *s)
{
	char start[DA_REPORT_TIME_LEN], end[DA_REPORT_TIME_LEN];

	da_report_time(s->results->start_time, start);
	da_report_time(s->results->end_time, end);
	return json_pack("{s:o, s:s, s:o, s:s, s:s, s:o}", "file", da_report_json_str(s->path),
			 "format", da_saved_format_name(s->format), "benchmark_version",
			 da_report_json_str(s->bench->version), "start_time", start, "end_time",
			 end, "hostname", da_report_json_str(da_report_host(s->facts, "hostname")));
}

static json_t *subject_obj(const struct da_instance *in)
{
	if (!in)
		return json_null();
	return json_pack("{s:o, s:o, s:o}", "kind", da_report_json_str(in->kind), "name",
			 da_report_json_str(in->name), "id", da_report_json_str(in->id));
}

static json_t *item_obj(const struct da_diff_item *it)
{
	const struct da_rule_result *rr = item_rule(it);
	const struct da_instance *in = item_subject(it);
	const char *msg = in ? in->message : NULL;

	return json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "rule",
			 da_report_json_str(rr->item->id), "title",
			 da_report_json_str(rr->item->title), "severity",
			 da_severity_name(rr->severity), "subject", subject_obj(in), "old_result",
			 it->old_present ? json_string(da_result_name(it->old_res)) : json_null(),
			 "new_result",
			 it->new_present ? json_string(da_result_name(it->new_res)) : json_null(),
			 "message", da_report_json_str(msg));
}

static json_t *list_arr(const struct da_diff_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, item_obj(&l->items[i]));
	return a;
}

static json_t *rules_arr(const struct da_diff_list *l)
{
	const struct da_rule_result *rr;
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++) {
		rr = item_rule(&l->items[i]);
		json_array_append_new(a, json_pack("{s:o, s:o, s:s}", "id",
						   da_report_json_str(rr->item->id), "title",
						   da_report_json_str(rr->item->title), "result",
						   da_result_name(rr->result)));
	}
	return a;
}

static json_t *scores_obj(const struct da_diff *d)
{
	json_t *o = json_object();
	double a, b;
	int m;

	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
		a = da_report_finite(d->old->results->scores[m].score);
		b = da_report_finite(d->new->results->scores[m].score);
		json_object_set_new(o, da_score_model_name(m),
				    json_pack("{s:f, s:f, s:f, s:f, s:b}", "old", a, "new", b, "delta",
					      delta(a, b), "max", da_report_finite(d->new->results->scores[m].max),
					      "worse", d->score_worse[m]));
	}
	return o;
}

json_t *da_diff_json(const struct da_diff *d)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "format", json_string(DIFF_FORMAT));
	json_object_set_new(doc, "format_version", json_integer(DIFF_FORMAT_VERSION));
	json_object_set_new(doc, "tool",
			    json_pack("{s:s, s:s}", "name", PACKAGE_NAME, "version", PACKAGE_VERSION));
	json_object_set_new(doc, "benchmark",
			    json_pack("{s:o, s:o}", "id", da_report_json_str(d->new->bench->id),
				      "title", da_report_json_str(d->new->bench->title)));
	json_object_set_new(doc, "old", side_obj(d->old));
	json_object_set_new(doc, "new", side_obj(d->new));
	json_object_set_new(doc, "worse", json_boolean(d->worse));
	json_object_set_new(doc, "new_failures", list_arr(&d->new_failures));
	json_object_set_new(doc, "fixed", list_arr(&d->fixed));
	json_object_set_new(doc, "still_failing", list_arr(&d->still));
	json_object_set_new(doc, "rules_added", rules_arr(&d->added));
	json_object_set_new(doc, "rules_removed", rules_arr(&d->removed));
	json_object_set_new(doc, "scores", scores_obj(d));
	return doc;
}
