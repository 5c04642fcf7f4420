/*
 * dockaudit history: what the runs kept by `audit --history` say over
 * time. list (runs, scores, counts), show RUN (a run's reports, as
 * `report` writes them), trend (score per run, new failures and fixes
 * between consecutive runs), changes [RUN] (what RUN changed since the
 * run before, as `diff` prints it) and failing (each rule failing now and
 * since when). Comparisons are diff.c's; a run that does not read is
 * skipped with a warning.
 */
#include "cli/cmd.h"
#include "cli/config.h"
#include "cli/opts.h"
#include "common/xalloc.h"
#include "history/history.h"
#include "report/diff.h"
#include "report/load.h"
#include "report/report.h"
#include "report/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct da_option opt_history_dir = {
	.name = "history", .arg = "DIR",
	.help = "the history to read (default: the config file's, else /var/lib/dockaudit/history)",
};

static const struct da_option *const history_options[] = {
	&opt_history_dir, &da_opt_config, &da_opt_benchmark, &da_opt_score_model, DA_OUTPUT_OPTIONS,
	&da_opt_verbose, &da_opt_quiet, NULL,
};

struct hist_opts {
	struct da_run_opts run; /* outputs, benchmark, score model, --config */
	const char *dir;
	bool dir_seen, bench_seen;
};

static int hist_opt(const struct da_option *opt, const char *arg, void *ctx)
{
	struct hist_opts *h = ctx;

	if (opt == &opt_history_dir) {
		h->dir = arg;
		h->dir_seen = true;
		return 0;
	}
	if (opt == &da_opt_benchmark)
		h->bench_seen = true;
	return da_run_opt(opt, arg, &h->run);
}

/* --config: its history and benchmark, unless the command line gave them. */
static int apply_config(struct hist_opts *h)
{
	struct da_err err = { { 0 } };

	if (!h->run.config_path)
		return 0;
	if (da_config_load(h->run.config_path, &h->run.config, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		return -1;
	}
	if (!h->dir_seen)
		h->dir = da_config_get(h->run.config, &da_opt_history);
	if (!h->bench_seen)
		h->run.benchmark = da_config_get(h->run.config, &da_opt_benchmark);
	return 0;
}

/* The score model the views show (--score-model, else default). */
static enum da_score_model model(const struct hist_opts *o)
{
	return (enum da_score_model)o->run.score_model;
}

static int dump_json(const void *ctx, FILE *out, struct da_err *err)
{
	return da_report_dump_json(json_incref((json_t *)ctx), out, err);
}

/* DOC (released here) to --json's FILE. 0 or -1 (printed). */
static int write_json(const struct hist_opts *o, json_t *doc)
{
	struct da_err err = { { 0 } };
	int rc = da_report_write_path(o->run.out_path[0], dump_json, doc, &err);

	json_decref(doc);
	if (rc < 0)
		fprintf(stderr, "dockaudit: %s\n", err.msg);
	return rc;
}

static const char *json_path(const struct hist_opts *o)
{
	return o->run.out_path[0]; /* da_reporters[0] is json */
}

/* Whether the terminal text is wanted: not when the JSON goes to stdout. */
static bool text_wanted(const struct hist_opts *o)
{
	return !json_path(o) || strcmp(json_path(o), "-") != 0;
}

static json_t *doc_new(const char *view, const struct da_history *h)
{
	char format[64];

	snprintf(format, sizeof(format), "dockaudit-history-%s", view);
	return json_pack("{s:s, s:i, s:o}", "format", format, "format_version", 1, "history",
			 da_report_json_str(h->dir));
}

static void warn(const struct da_err *err)
{
	fprintf(stderr, "dockaudit: warning: %s; skipped\n", err->msg);
}

/* ---- list ---- */

static json_t *counts_obj(const size_t *counts)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < DA_RES_COUNT; i++)
		json_object_set_new(o, da_result_name(i), json_integer((json_int_t)counts[i]));
	return o;
}

static int list_run(const struct hist_opts *o, const struct da_history *h)
{
	struct da_history_summary s;
	struct da_err err = { { 0 } };
	char when[DA_REPORT_TIME_LEN];
	json_t *doc = doc_new("list", h), *runs = json_array();
	enum da_score_model m = model(o);
	size_t i, shown = 0;

	json_object_set_new(doc, "score_model", json_string(da_score_model_name(m)));
	if (text_wanted(o))
		printf("%-20s %-20s %8s %6s %6s %6s\n", "RUN", "END (UTC)", "SCORE", "PASS", "FAIL",
		       "ERROR");
	for (i = 0; i < h->n; i++) {
		if (da_history_summary(h, i, true, &s, &err) < 0) {
			warn(&err);
			continue;
		}
		shown++;
		da_report_time(s.end_time, when);
		if (text_wanted(o))
			printf("%-20s %-20s %8.2f %6zu %6zu %6zu\n", h->runs[i].name, when,
			       da_report_finite(s.score[m]), s.counts[DA_RES_PASS], s.counts[DA_RES_FAIL],
			       s.counts[DA_RES_ERROR]);
		json_array_append_new(runs, json_pack("{s:s, s:s, s:s, s:f, s:f, s:o}", "run",
						      h->runs[i].name, "file", h->runs[i].path,
						      "end_time", when, "score", da_report_finite(s.score[m]),
						      "max", da_report_finite(s.max[m]), "summary",
						      counts_obj(s.counts)));
	}
	if (text_wanted(o))
		printf("%zu run%s in %s\n", shown, shown == 1 ? "" : "s", h->dir);
	json_object_set_new(doc, "runs", runs);
	if (json_path(o))
		return write_json(o, doc) < 0 ? DA_EXIT_ERROR : DA_EXIT_OK;
	json_decref(doc);
	return DA_EXIT_OK;
}

/* ---- reading runs ---- */

/* Walks the runs with one benchmark loaded once. */
struct walk {
	const struct da_history *h;
	struct da_benchmark *bench;
	struct da_tailoring *tail;
};

static int walk_open(const struct hist_opts *o, const struct da_history *h, struct walk *w)
{
	w->h = h;
	return da_run_load_content(&o->run, &w->bench, &w->tail, NULL);
}

static void walk_close(struct walk *w)
{
	da_tailoring_free(w->tail);
	da_benchmark_free(w->bench);
}

/* Run I, or NULL with a warning. */
static struct da_saved *walk_load(const struct walk *w, size_t i)
{
	struct da_err err = { { 0 } };
	struct da_saved *s = NULL;

	if (da_history_load(w->h, i, w->bench, NULL, &s, &err) < 0)
		warn(&err);
	return s;
}

/* NEW compared with OLD, or NULL with a warning (another benchmark). */
static struct da_diff *compare(const struct da_saved *old, const struct da_saved *new)
{
	struct da_err err = { { 0 } };
	struct da_diff *d = NULL;

	if (da_diff_compute(old, new, &d, &err) < 0)
		fprintf(stderr, "dockaudit: warning: %s\n", err.msg);
	return d;
}

/* ---- show ---- */

static int show_run(const struct hist_opts *o, const struct da_history *h, const char *spec)
{
	struct da_err err = { { 0 } };
	struct da_saved *s = NULL, *prev = NULL;
	struct da_report_trend_point *trend = NULL;
	struct da_report_history rep = { 0 };
	struct da_diff *d = NULL;
	size_t idx, pidx;
	int rc = DA_EXIT_ERROR;

	if (da_history_find(h, spec, &idx, &err) < 0 ||
	    da_history_load(h, idx, NULL, o->run.benchmark, &s, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		return DA_EXIT_ERROR;
	}
	s->results->score_model = model(o);
	if (da_history_load_previous(h, idx, s->bench, &prev, &pidx) == 0)
		d = compare(prev, s);
	da_history_trend(h, idx + 1, &trend, &rep.n_trend);
	rep.trend = trend;
	rep.since_last = d;
	if (da_run_write_outputs(&o->run, s->results, &rep) == 0)
		rc = DA_EXIT_OK;
	da_diff_free(d);
	da_saved_free(prev);
	free(trend);
	da_saved_free(s);
	return rc;
}

/* ---- trend ---- */

static size_t failing_rules(const struct da_results *r)
{
	return r->counts[DA_RES_FAIL] + r->counts[DA_RES_ERROR];
}

static void trend_line(const struct hist_opts *o, const struct da_history_run *run,
		       const struct da_saved *s, const struct da_saved *prev,
		       const struct da_diff *d, json_t *runs)
{
	enum da_score_model m = model(o);
	double score = da_report_finite(s->results->scores[m].score), delta = 0;
	char when[DA_REPORT_TIME_LEN], change[32] = "-", nnew[32] = "-", nfix[32] = "-";
	json_t *e;

	da_report_time(s->results->end_time, when);
	if (prev) {
		delta = score - da_report_finite(prev->results->scores[m].score);
		snprintf(change, sizeof(change), "%+.2f", fabs(delta) < 0.005 ? 0.0 : delta);
	}
	if (d) {
		snprintf(nnew, sizeof(nnew), "%zu", d->new_failures.n);
		snprintf(nfix, sizeof(nfix), "%zu", d->fixed.n);
	}
	if (text_wanted(o))
		printf("%-20s %-20s %8.2f %8s %6s %6s %8zu\n", run->name, when, score, change, nnew,
		       nfix, failing_rules(s->results));
	e = json_pack("{s:s, s:s, s:f, s:f, s:I}", "run", run->name, "end_time", when, "score", score,
		      "max", da_report_finite(s->results->scores[m].max), "failing_rules",
		      (json_int_t)failing_rules(s->results));
	json_object_set_new(e, "score_change", prev ? json_real(delta) : json_null());
	json_object_set_new(e, "new_failures",
			    d ? json_integer((json_int_t)d->new_failures.n) : json_null());
	json_object_set_new(e, "fixed", d ? json_integer((json_int_t)d->fixed.n) : json_null());
	json_array_append_new(runs, e);
}

static int trend_run(const struct hist_opts *o, const struct da_history *h)
{
	struct walk w;
	struct da_saved *prev = NULL, *cur;
	struct da_diff *d;
	json_t *doc, *runs;
	size_t i, shown = 0;

	if (walk_open(o, h, &w) < 0)
		return DA_EXIT_ERROR;
	doc = doc_new("trend", h);
	runs = json_array();
	json_object_set_new(doc, "score_model", json_string(da_score_model_name(model(o))));
	if (text_wanted(o))
		printf("%-20s %-20s %8s %8s %6s %6s %8s\n", "RUN", "END (UTC)", "SCORE", "CHANGE",
		       "NEW", "FIXED", "FAILING");
	for (i = 0; i < h->n; i++) {
		cur = walk_load(&w, i);
		if (!cur)
			continue;
		d = prev ? compare(prev, cur) : NULL;
		trend_line(o, &h->runs[i], cur, prev, d, runs);
		da_diff_free(d);
		da_saved_free(prev);
		prev = cur;
		shown++;
	}
	da_saved_free(prev);
	walk_close(&w);
	if (text_wanted(o))
		printf("%zu run%s in %s; NEW and FIXED count rule/subject pairs against the run "
		       "before, FAILING the rules that fail or error\n", shown, shown == 1 ? "" : "s",
		       h->dir);
	json_object_set_new(doc, "runs", runs);
	if (json_path(o))
		return write_json(o, doc) < 0 ? DA_EXIT_ERROR : DA_EXIT_OK;
	json_decref(doc);
	return DA_EXIT_OK;
}

/* ---- changes ---- */

static int changes_run(const struct hist_opts *o, const struct da_history *h, const char *spec)
{
	struct da_err err = { { 0 } };
	struct walk w;
	struct da_saved *s = NULL, *prev = NULL;
	struct da_diff *d = NULL;
	size_t idx, pidx;
	int rc = DA_EXIT_ERROR;

	if (da_history_find(h, spec ? spec : "latest", &idx, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		return DA_EXIT_ERROR;
	}
	if (walk_open(o, h, &w) < 0)
		return DA_EXIT_ERROR;
	if (da_history_load(h, idx, w.bench, NULL, &s, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		goto out;
	}
	if (da_history_load_previous(h, idx, w.bench, &prev, &pidx) != 0) {
		fprintf(stderr, "dockaudit: %s: run %s is the oldest that reads: nothing before it to compare with\n",
			h->dir, h->runs[idx].name);
		goto out;
	}
	d = compare(prev, s);
	if (!d)
		goto out;
	if (json_path(o) && write_json(o, da_diff_json(d)) < 0)
		goto out;
	if (text_wanted(o))
		da_diff_write_text(d, stdout, da_report_stdout_color(), o->run.verbose > 0);
	rc = d->new_failures.n ? DA_EXIT_FAIL : DA_EXIT_OK;
out:
	da_diff_free(d);
	da_saved_free(prev);
	da_saved_free(s);
	walk_close(&w);
	return rc;
}

/* ---- failing ---- */

/* A rule or rule/subject failing in the newest run, and how far back its
 * unbroken run of failures goes. */
struct streak {
	const struct da_rule_result *rr; /* in the newest run */
	const struct da_instance *in;    /* NULL: the rule itself */
	char *key;                       /* rule id, kind and name (or id) */
	size_t since;                    /* index of the earliest run of the streak */
	size_t runs;                     /* runs in the streak (readable ones) */
	bool open;                       /* still going back */
};

static bool bad(enum da_result r)
{
	return r == DA_RES_FAIL || r == DA_RES_ERROR;
}

static char *subject_key(const struct da_rule_result *rr, const struct da_instance *in)
{
	if (!in)
		return da_xasprintf("%s", rr->item->id);
	return da_xasprintf("%s\x1f%s\x1f%s", rr->item->id, in->kind ? in->kind : "",
			    in->name && *in->name ? in->name : in->id ? in->id : "");
}

struct streaks {
	struct streak *v;
	size_t n;
};

static void streak_add(struct streaks *ss, const struct da_rule_result *rr,
		       const struct da_instance *in, size_t idx)
{
	ss->v = da_xreallocarray(ss->v, ss->n + 1, sizeof(*ss->v));
	ss->v[ss->n++] = (struct streak){ rr, in, subject_key(rr, in), idx, 1, true };
}

static struct streak *streak_find(struct streaks *ss, const char *key)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (strcmp(ss->v[i].key, key) == 0)
			return &ss->v[i];
	return NULL;
}

/* Every failing rule of the newest run S, and each of its failing subjects. */
static void streaks_start(struct streaks *ss, const struct da_saved *s, size_t idx)
{
	const struct da_rule_result *rr;
	size_t i, j;

	for (i = 0; i < s->results->n_rules; i++) {
		rr = &s->results->rules[i];
		if (!s->listed[i] || !bad(rr->result))
			continue;
		streak_add(ss, rr, NULL, idx);
		for (j = 0; j < rr->n_instances; j++)
			if (bad(rr->instances[j].result))
				streak_add(ss, rr, &rr->instances[j], idx);
	}
}

/* Run OLD (index IDX) came before the run D compares it with: the streaks
 * it continues go back to it; the others end. Rules by their own result, subjects by diff's
 * "still failing". Returns how many are still open. */
static size_t streaks_step(struct streaks *ss, const struct da_saved *old,
			   const struct da_diff *d, size_t idx)
{
	struct streak *st;
	const struct da_diff_item *it;
	bool *cont = da_xcalloc(ss->n ? ss->n : 1, sizeof(*cont));
	size_t i, open = 0;
	char *key;

	for (i = 0; i < d->still.n; i++) {
		it = &d->still.items[i];
		key = subject_key(it->new_rr, it->new_in);
		st = streak_find(ss, key);
		free(key);
		if (st && st->in)
			cont[st - ss->v] = true;
	}
	for (i = 0; i < ss->n; i++) {
		st = &ss->v[i];
		if (!st->in) {
			size_t k;

			for (k = 0; k < old->results->n_rules; k++)
				if (old->listed[k] && strcmp(old->results->rules[k].item->id, st->rr->item->id) == 0)
					cont[i] = bad(old->results->rules[k].result);
		}
		if (!st->open)
			continue;
		st->open = cont[i];
		if (st->open) {
			st->since = idx;
			st->runs++;
			open++;
		}
	}
	free(cont);
	return open;
}

static void streaks_free(struct streaks *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		free(ss->v[i].key);
	free(ss->v);
}

static json_t *streak_obj(const struct da_history *h, const struct streak *st)
{
	char when[DA_REPORT_TIME_LEN];

	da_report_time(h->runs[st->since].time, when);
	return json_pack("{s:s, s:s, s:s, s:I}", "result",
			 da_result_name(st->in ? st->in->result : st->rr->result), "first_seen", when,
			 "first_seen_run", h->runs[st->since].name, "runs", (json_int_t)st->runs);
}

static void failing_print(const struct hist_opts *o, const struct da_history *h,
			  const struct streaks *ss, json_t *rules)
{
	char when[DA_REPORT_TIME_LEN];
	const struct streak *st;
	json_t *rule = NULL, *subjects = NULL, *e;
	char *name;
	size_t i;

	for (i = 0; i < ss->n; i++) {
		st = &ss->v[i];
		da_report_time(h->runs[st->since].time, when);
		if (!st->in) {
			rule = streak_obj(h, st);
			json_object_set_new(rule, "rule", da_report_json_str(st->rr->item->id));
			json_object_set_new(rule, "title", da_report_json_str(st->rr->item->title));
			json_object_set_new(rule, "severity", json_string(da_severity_name(st->rr->severity)));
			subjects = json_array();
			json_object_set_new(rule, "subjects", subjects);
			json_array_append_new(rules, rule);
			if (!text_wanted(o))
				continue;
			name = da_report_clean(st->rr->item->title ? st->rr->item->title : "", DA_CLEAN_CONTROLS);
			printf("%s  %s [%s]\n  %s since %s (%zu run%s)\n", st->rr->item->id, name,
			       da_severity_name(st->rr->severity), da_result_name(st->rr->result), when,
			       st->runs, st->runs == 1 ? "" : "s");
			free(name);
			continue;
		}
		e = streak_obj(h, st);
		json_object_set_new(e, "subject",
				    json_pack("{s:o, s:o, s:o}", "kind", da_report_json_str(st->in->kind),
					      "name", da_report_json_str(st->in->name), "id",
					      da_report_json_str(st->in->id)));
		json_array_append_new(subjects, e);
		if (!text_wanted(o))
			continue;
		name = da_report_clean(st->in->name && *st->in->name ? st->in->name
								       : st->in->id ? st->in->id : "",
				       DA_CLEAN_CONTROLS);
		printf("    %s %s: since %s (%zu run%s)\n", st->in->kind ? st->in->kind : "subject",
		       name, when, st->runs, st->runs == 1 ? "" : "s");
		free(name);
	}
}

static int failing_run(const struct hist_opts *o, const struct da_history *h)
{
	struct streaks ss = { NULL, 0 };
	struct walk w;
	struct da_saved *newest = NULL, *later, *old;
	struct da_diff *d;
	json_t *doc, *rules;
	size_t idx, i;
	char when[DA_REPORT_TIME_LEN];

	if (walk_open(o, h, &w) < 0)
		return DA_EXIT_ERROR;
	if (da_history_load_previous(h, h->n, w.bench, &newest, &idx) != 0) {
		fprintf(stderr, "dockaudit: %s: no run that reads\n", h->dir);
		walk_close(&w);
		return DA_EXIT_ERROR;
	}
	/* The streaks point into NEWEST: it is freed last. */
	streaks_start(&ss, newest, idx);
	later = newest;
	for (i = idx; i-- > 0 && ss.n;) {
		old = walk_load(&w, i);
		if (!old)
			continue;
		d = compare(old, later);
		if (!d) {
			da_saved_free(old);
			break;
		}
		i = streaks_step(&ss, old, d, i) ? i : 0;
		da_diff_free(d);
		if (later != newest)
			da_saved_free(later);
		later = old;
	}
	if (later != newest)
		da_saved_free(later);
	doc = doc_new("failing", h);
	da_report_time(h->runs[idx].time, when);
	json_object_set_new(doc, "latest", json_pack("{s:s, s:s}", "run", h->runs[idx].name,
						     "end_time", when));
	rules = json_array();
	if (text_wanted(o))
		printf("Failing in run %s (%s), with the first run of each unbroken streak:\n",
		       h->runs[idx].name, when);
	failing_print(o, h, &ss, rules);
	json_object_set_new(doc, "rules", rules);
	streaks_free(&ss);
	da_saved_free(newest);
	walk_close(&w);
	if (json_path(o))
		return write_json(o, doc) < 0 ? DA_EXIT_ERROR : DA_EXIT_OK;
	json_decref(doc);
	return DA_EXIT_OK;
}

/* ---- the command ---- */

/* Only show writes reports; the other views know --json alone. */
static int check_outputs(const struct hist_opts *o, const char *action)
{
	size_t i;

	if (strcmp(action, "show") == 0)
		return 0;
	for (i = 1; da_reporters[i] && i < DA_MAX_OUTPUTS; i++) {
		if (!o->run.out_path[i])
			continue;
		fprintf(stderr, "dockaudit history: --%s is for 'history show'; %s writes --json only\n",
			da_reporters[i]->name, action);
		return -1;
	}
	return 0;
}

static int dispatch(const struct hist_opts *o, const struct da_history *h, int argc, char **argv)
{
	const char *action = argv[0];
	int want = strcmp(action, "show") == 0 ? 2 : strcmp(action, "changes") == 0 ? -1 : 1;

	if ((want > 0 && argc != want) || (want < 0 && argc > 2)) {
		fprintf(stderr, "dockaudit history: wrong arguments for '%s'\nTry 'dockaudit history --help'.\n",
			action);
		return DA_EXIT_ERROR;
	}
	if (check_outputs(o, action) < 0)
		return DA_EXIT_ERROR;
	if (strcmp(action, "list") == 0)
		return list_run(o, h);
	if (strcmp(action, "show") == 0)
		return show_run(o, h, argv[1]);
	if (strcmp(action, "trend") == 0)
		return trend_run(o, h);
	if (strcmp(action, "changes") == 0)
		return changes_run(o, h, argc > 1 ? argv[1] : NULL);
	return failing_run(o, h);
}

static bool known_action(const char *a)
{
	static const char *const actions[] = { "list", "show", "trend", "changes", "failing" };
	size_t i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(a, actions[i]) == 0)
			return true;
	return false;
}

/* A run named "-N" is an operand, not options: ARGV with those moved
 * behind a "--" (the operands keep their order: RUN comes last). ARGV's
 * strings are borrowed; free the array. */
static char **runs_as_operands(int argc, char **argv, int *n)
{
	char **v = da_xcalloc((size_t)argc + 2, sizeof(*v));
	int i, k = 0, dashes = 0;

	for (i = 0; i < argc; i++) {
		dashes |= strcmp(argv[i], "--") == 0;
		if (!dashes && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9')
			continue;
		v[k++] = argv[i];
	}
	if (!dashes && k < argc)
		v[k++] = "--";
	for (i = 0; i < argc && !dashes; i++)
		if (argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9')
			v[k++] = argv[i];
	*n = k;
	return v;
}

static int history_run(int argc, char **argv)
{
	struct hist_opts o = { .run = { 0 } };
	struct da_err err = { { 0 } };
	struct da_history *h = NULL;
	char **args = runs_as_operands(argc, argv, &argc);
	int rc, first;

	argv = args;
	rc = da_cmd_parse(&da_cmd_history, argc, argv, hist_opt, &o, &first);
	if (rc != 0 || apply_config(&o) < 0) {
		rc = rc > 0 ? DA_EXIT_OK : DA_EXIT_ERROR;
		goto out;
	}
	rc = DA_EXIT_ERROR;
	if (first >= argc || !known_action(argv[first])) {
		fprintf(stderr, "dockaudit history: expected list, show RUN, trend, changes [RUN] or failing%s%s%s\n"
				"Try 'dockaudit history --help'.\n", first < argc ? " (not '" : "",
			first < argc ? argv[first] : "", first < argc ? "')" : "");
		goto out;
	}
	if (da_history_open(o.dir ? o.dir : DA_HISTORY_DEFAULT_DIR, false, &h, &err) < 0) {
		fprintf(stderr, "dockaudit: %s\n", err.msg);
		goto out;
	}
	rc = dispatch(&o, h, argc - first, argv + first);
out:
	da_history_free(h);
	da_run_opts_clear(&o.run);
	free(args);
	return rc;
}

const struct da_cmd da_cmd_history = {
	.name = "history",
	.args = "[OPTION]... list|show RUN|trend|changes [RUN]|failing",
	.summary = "What the runs kept by 'audit --history' say: runs, trend, changes, failing rules.",
	.options = history_options,
	.run = history_run,
	.exit_status = "0 done (changes: nothing new fails), 2 changes: the run has new\n"
		       "failures, 1 the tool itself failed. See dockaudit(8).",
};
