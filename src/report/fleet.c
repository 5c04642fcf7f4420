/*
 * The fleet: many hosts' saved results aggregated one result at a time.
 * Each result is read with the saved-result readers (load.h), boiled down
 * to a run summary (score, counts, per rule a result word and a number of
 * failing subjects) and freed before the next is read, so memory is hosts
 * x rules. The terminal table and the JSON document live here; the HTML
 * page is fleet_html.c.
 */
#include "report/fleet.h"
#include "common/xalloc.h"
#include "report/report.h"
#include "report/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* "s" after a count other than one. */
#define PLURAL(n) ((n) == 1 ? "" : "s")

/* What load_json.c says when a JSON result names another benchmark id. */
#define OTHER_BENCHMARK_MSG "the results are for benchmark"

int da_fleet_new(const char *benchmark, struct da_fleet **out, struct da_err *err)
{
	char *path = benchmark ? da_xstrdup(benchmark) : da_default_benchmark_path();
	struct da_benchmark *b = NULL;
	int rc;

	*out = NULL;
	rc = da_benchmark_load(path, &b, err);
	free(path);
	if (rc < 0)
		return -1;
	*out = da_xcalloc(1, sizeof(**out));
	(*out)->bench = b;
	return 0;
}

void da_fleet_leave_out(struct da_fleet *f, const char *path, const char *msg, bool other)
{
	struct da_fleet_bad *b;

	f->bad = da_xreallocarray(f->bad, f->n_bad + 1, sizeof(*f->bad));
	b = &f->bad[f->n_bad++];
	b->path = da_xstrdup(path);
	b->message = da_xstrdup(msg);
	b->other_benchmark = other;
}

/* Whether a file is at PATH (a regular file, followed through links). */
static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* DIR/NAME.html for a result DIR/NAME.EXT, or NULL when it is not there;
 * KEEP: characters of the base to keep. Caller frees. */
static char *report_named(const char *path, size_t keep)
{
	char *p = da_xasprintf("%.*s.html", (int)keep, path), *real = NULL;

	if (is_file(p))
		real = realpath(p, NULL);
	free(p);
	return real;
}

/* The host's own HTML report beside the result at PATH: NAME.html for
 * NAME.json or NAME.xml, then NAME.html for NAME.arf.xml or
 * NAME.xccdf.xml, then report.html in the same directory. Its real path,
 * or NULL; caller frees. */
static char *report_beside(const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.'), *dot2;
	char *r = NULL, *p;

	if (strcmp(path, "-") == 0)
		return NULL;
	if (dot && dot != base && strcmp(dot, ".html") != 0)
		r = report_named(path, (size_t)(dot - path));
	if (!r && dot && dot != base) {
		for (dot2 = dot - 1; dot2 > base && *dot2 != '.'; dot2--)
			;
		if (dot2 > base && *dot2 == '.')
			r = report_named(path, (size_t)(dot2 - path));
	}
	if (!r) {
		p = da_xasprintf("%.*sreport.html", (int)(base - path), path);
		if (strcmp(base, "report.html") != 0 && is_file(p))
			r = realpath(p, NULL);
		free(p);
	}
	return r;
}

/* The host of S: its host name, else its FQDN, else the result's path. */
static const char *host_of(const struct da_saved *s, const char *path)
{
	const char *h = da_report_host(s->results->facts, "hostname");

	if (!h || !*h)
		h = da_report_host(s->results->facts, "fqdn");
	return h && *h ? h : path;
}

static struct da_fleet_host *host_get(struct da_fleet *f, const char *name)
{
	struct da_fleet_host *h;
	size_t i;

	for (i = 0; i < f->n_hosts; i++)
		if (strcmp(f->hosts[i].name, name) == 0)
			return &f->hosts[i];
	f->hosts = da_xreallocarray(f->hosts, f->n_hosts + 1, sizeof(*f->hosts));
	h = &f->hosts[f->n_hosts++];
	memset(h, 0, sizeof(*h));
	h->name = da_xstrdup(name);
	return h;
}

/* The index in F's benchmark of rule IT of a result's benchmark: the same
 * position when the ids agree (same id and version), else a search. */
static long rule_index(const struct da_fleet *f, const struct da_results *r, size_t i)
{
	const char *id = r->rules[i].item->id;
	size_t k;

	if (r->bench == f->bench)
		return (long)i;
	if (i < f->bench->n_rules && strcmp(f->bench->rules[i]->id, id) == 0)
		return (long)i;
	for (k = 0; k < f->bench->n_rules; k++)
		if (strcmp(f->bench->rules[k]->id, id) == 0)
			return (long)k;
	return -1;
}

static void run_fill(struct da_fleet *f, struct da_fleet_run *run, const struct da_saved *s)
{
	const struct da_results *r = s->results;
	const struct da_rule_result *rr;
	size_t i, j, n = f->bench->n_rules ? f->bench->n_rules : 1;
	unsigned nf;
	long k;

	run->format = s->format;
	run->time = r->end_time;
	run->score = da_report_finite(r->scores[DA_SCORE_DEFAULT].score);
	run->max = da_report_finite(r->scores[DA_SCORE_DEFAULT].max);
	memcpy(run->counts, r->counts, sizeof(run->counts));
	run->result = da_xmalloc(n);
	memset(run->result, DA_RES_NOTSELECTED, n);
	run->n_failing = da_xcalloc(n, sizeof(*run->n_failing));
	for (i = 0; i < r->n_rules; i++) {
		rr = &r->rules[i];
		k = rule_index(f, r, i);
		if (k < 0)
			continue;
		for (j = nf = 0; j < rr->n_instances; j++)
			nf += rr->instances[j].result == DA_RES_FAIL;
		run->result[k] = (unsigned char)rr->result;
		run->n_failing[k] = nf;
	}
}

/* Whether S is of F's benchmark (id and version); else why not in ERR. */
static bool same_benchmark(const struct da_fleet *f, const struct da_saved *s, struct da_err *err)
{
	const char *v = s->bench_version;

	if (strcmp(s->bench->id, f->bench->id) != 0) {
		da_err_set(err, "%s: a result of benchmark '%s', not '%s'", s->path, s->bench->id,
			   f->bench->id);
		return false;
	}
	if (v && f->bench->version && strcmp(v, f->bench->version) != 0) {
		da_err_set(err, "%s: a result of %s version %s, not version %s", s->path, s->bench->id,
			   v, f->bench->version);
		return false;
	}
	return true;
}

int da_fleet_add(struct da_fleet *f, const char *path)
{
	struct da_err err = { { 0 } };
	struct da_saved *s = NULL;
	struct da_fleet_host *h;
	struct da_fleet_run *run;
	size_t order = f->n_read + f->n_bad;

	if (da_saved_load_against(path, f->bench, &s, &err) < 0) {
		da_fleet_leave_out(f, path, err.msg, strstr(err.msg, OTHER_BENCHMARK_MSG) != NULL);
		return -1;
	}
	if (!same_benchmark(f, s, &err)) {
		da_fleet_leave_out(f, path, err.msg, true);
		da_saved_free(s);
		return -1;
	}
	h = host_get(f, host_of(s, path));
	h->runs = da_xreallocarray(h->runs, h->n_runs + 1, sizeof(*h->runs));
	run = &h->runs[h->n_runs++];
	memset(run, 0, sizeof(*run));
	run->path = da_xstrdup(path);
	run->order = order;
	run->report = report_beside(path);
	run_fill(f, run, s);
	da_saved_free(s);
	f->n_read++;
	return 0;
}

const struct da_fleet_run *da_fleet_latest(const struct da_fleet_host *h)
{
	return &h->runs[h->n_runs - 1];
}

/* ---- finishing ---- */

static int run_cmp(const void *x, const void *y)
{
	const struct da_fleet_run *a = x, *b = y;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void run_clear(struct da_fleet_run *r)
{
	free(r->path);
	free(r->result);
	free(r->n_failing);
	free(r->report);
}

/* Runs by time; a later-given result of a time already seen is dropped. */
static void host_finish(struct da_fleet *f, struct da_fleet_host *h)
{
	size_t i, k = 0;

	qsort(h->runs, h->n_runs, sizeof(*h->runs), run_cmp);
	for (i = 0; i < h->n_runs; i++) {
		if (k && h->runs[k - 1].time == h->runs[i].time) {
			run_clear(&h->runs[i]);
			f->n_duplicates++;
			f->n_read--;
			continue;
		}
		h->runs[k++] = h->runs[i];
	}
	h->n_runs = k;
}

static int host_cmp(const void *x, const void *y)
{
	const struct da_fleet_host *a = x, *b = y;
	const struct da_fleet_run *ra = da_fleet_latest(a), *rb = da_fleet_latest(b);

	if (ra->score != rb->score)
		return ra->score < rb->score ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* A failing rule as the "most hosts" order sees it. */
struct rank {
	size_t n_fail;
	enum da_severity severity;
	size_t rule;
};

static int rank_cmp(const void *x, const void *y)
{
	const struct rank *a = x, *b = y;

	if (a->n_fail != b->n_fail)
		return a->n_fail > b->n_fail ? -1 : 1;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* F->by_hosts: the failing rules, most hosts first, then highest severity,
 * then benchmark order. */
static void rank_rules(struct da_fleet *f)
{
	struct rank *rk = da_xcalloc(f->n_failing_rules + 1, sizeof(*rk));
	size_t i, k;

	for (i = 0; i < f->n_failing_rules; i++) {
		k = f->by_hosts[i];
		rk[i] = (struct rank){ f->rules[k].n_fail, f->bench->rules[k]->rule->severity, k };
	}
	if (f->n_failing_rules)
		qsort(rk, f->n_failing_rules, sizeof(*rk), rank_cmp);
	for (i = 0; i < f->n_failing_rules; i++)
		f->by_hosts[i] = rk[i].rule;
	free(rk);
}

static void count_rule(struct da_fleet_rule *fr, enum da_result res)
{
	if (res == DA_RES_FAIL)
		fr->n_fail++;
	else if (res == DA_RES_PASS)
		fr->n_pass++;
	else if (res == DA_RES_ERROR)
		fr->n_error++;
	else if (res == DA_RES_NOTAPPLICABLE)
		fr->n_notapplicable++;
	else
		fr->n_other++;
}

void da_fleet_finish(struct da_fleet *f)
{
	size_t i, h, n = f->bench->n_rules;
	struct da_fleet_rule *fr;

	for (h = 0; h < f->n_hosts; h++)
		host_finish(f, &f->hosts[h]);
	if (f->n_hosts)
		qsort(f->hosts, f->n_hosts, sizeof(*f->hosts), host_cmp);
	f->rules = da_xcalloc(n ? n : 1, sizeof(*f->rules));
	f->by_hosts = da_xcalloc(n ? n : 1, sizeof(*f->by_hosts));
	for (h = 0; h < f->n_hosts; h++)
		for (i = 0; i < n; i++)
			count_rule(&f->rules[i], da_fleet_latest(&f->hosts[h])->result[i]);
	for (i = 0; i < n; i++) {
		fr = &f->rules[i];
		if (!fr->n_fail)
			continue;
		fr->fail_hosts = da_xcalloc(fr->n_fail, sizeof(*fr->fail_hosts));
		fr->n_fail = 0;
		for (h = 0; h < f->n_hosts; h++)
			if (da_fleet_latest(&f->hosts[h])->result[i] == DA_RES_FAIL)
				fr->fail_hosts[fr->n_fail++] = h;
		f->by_hosts[f->n_failing_rules++] = i;
	}
	rank_rules(f);
}

void da_fleet_free(struct da_fleet *f)
{
	size_t i, j;

	if (!f)
		return;
	for (i = 0; i < f->n_hosts; i++) {
		for (j = 0; j < f->hosts[i].n_runs; j++)
			run_clear(&f->hosts[i].runs[j]);
		free(f->hosts[i].runs);
		free(f->hosts[i].name);
	}
	free(f->hosts);
	for (i = 0; i < f->n_bad; i++) {
		free(f->bad[i].path);
		free(f->bad[i].message);
	}
	free(f->bad);
	if (f->rules)
		for (i = 0; i < f->bench->n_rules; i++)
			free(f->rules[i].fail_hosts);
	free(f->rules);
	free(f->by_hosts);
	da_benchmark_free(f->bench);
	free(f);
}

/* ---- the terminal ---- */

#define W_HOST 16
#define W_WORST 29
#define W_TITLE 25
#define W_ON 24
/* Every line of the table fits in this many columns. */
#define LINE_MAX_COLS 79
#define TOP_RULES 10

/* The failing rules of RUN, worst first: highest severity, then benchmark
 * order. Up to MAX indexes in OUT; returns how many fail in all. */
static size_t worst_rules(const struct da_fleet *f, const struct da_fleet_run *run, size_t *out,
			  size_t max)
{
	size_t i, n = 0, k;
	int s;

	for (s = DA_SEV_HIGH; s >= DA_SEV_UNKNOWN; s--)
		for (i = 0; i < f->bench->n_rules; i++) {
			if (run->result[i] != DA_RES_FAIL ||
			    (int)f->bench->rules[i]->rule->severity != s)
				continue;
			k = n++;
			if (k < max)
				out[k] = i;
		}
	return n;
}

/* The number of characters (code points) of the UTF-8 text S. */
static size_t width_of(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* S cleaned for a terminal, cut to at most WIDTH characters ("..." at the
 * end when cut) and padded to WIDTH when PAD. */
static void put_cell(FILE *out, const char *s, size_t width, bool pad)
{
	char *c = da_report_clean(s ? s : "", DA_CLEAN_CONTROLS);
	size_t n = width_of(c), i, w = 0;

	if (n > width) {
		for (i = 0; c[i]; i++) {
			if (((unsigned char)c[i] & 0xc0) == 0x80)
				continue;
			if (w == width - 3)
				break;
			w++;
		}
		c[i] = '\0';
		fprintf(out, "%s...", c);
		n = width;
	} else {
		fputs(c, out);
	}
	for (; pad && n < width; n++)
		fputc(' ', out);
	free(c);
}

static const char *cis_of(const struct da_item *it)
{
	return it->rule && it->rule->cis ? it->rule->cis : "-";
}

static void text_worst(const struct da_fleet *f, const struct da_fleet_run *run, FILE *out)
{
	size_t worst, n = worst_rules(f, run, &worst, 1), avail, w;
	const struct da_item *it;
	char more[32] = "", *cell;

	if (!n) {
		put_cell(out, "-", W_WORST, true);
		return;
	}
	it = f->bench->rules[worst];
	if (n > 1)
		snprintf(more, sizeof(more), " +%zu", n - 1);
	avail = W_WORST - strlen(more);
	cell = da_xasprintf("%s %s", cis_of(it), it->title ? it->title : it->id);
	put_cell(out, cell, avail, false);
	fputs(more, out);
	for (w = (width_of(cell) < avail ? width_of(cell) : avail) + strlen(more); w < W_WORST; w++)
		fputc(' ', out);
	free(cell);
}

/* "2026-11-25 08:00" */
static void short_time(time_t t, char buf[DA_REPORT_TIME_LEN])
{
	da_report_time(t, buf);
	buf[10] = ' ';
	buf[16] = '\0';
}

static void text_hosts(const struct da_fleet *f, FILE *out)
{
	const struct da_fleet_run *run;
	char when[DA_REPORT_TIME_LEN];
	size_t h;

	fprintf(out, "%-*s %5s %4s %4s %-*s %s\n", W_HOST, "HOST", "SCORE", "FAIL", "ERR", W_WORST,
		"WORST FAILING RULE", "RUN (UTC)");
	for (h = 0; h < f->n_hosts; h++) {
		run = da_fleet_latest(&f->hosts[h]);
		put_cell(out, f->hosts[h].name, W_HOST, true);
		fprintf(out, " %5.1f %4zu %4zu ", run->score, run->counts[DA_RES_FAIL],
			run->counts[DA_RES_ERROR]);
		text_worst(f, run, out);
		short_time(run->time, when);
		fprintf(out, " %s\n", when);
	}
}

/* The hosts a rule fails on, comma-separated, cut to W_ON with "+N". */
static void text_on(const struct da_fleet *f, const struct da_fleet_rule *fr, FILE *out)
{
	size_t i, used = 0, w;
	char more[32];
	char *name;

	for (i = 0; i < fr->n_fail; i++) {
		name = da_report_clean(f->hosts[fr->fail_hosts[i]].name, DA_CLEAN_CONTROLS);
		w = width_of(name) + (i ? 2 : 0);
		snprintf(more, sizeof(more), "%s+%zu", i ? ", " : "", fr->n_fail - i);
		if (used + w + (i + 1 < fr->n_fail ? 5 : 0) > W_ON) {
			free(name);
			fputs(more, out);
			return;
		}
		fprintf(out, "%s%s", i ? ", " : "", name);
		used += w;
		free(name);
	}
}

static void text_rules(const struct da_fleet *f, FILE *out)
{
	const struct da_fleet_rule *fr;
	const struct da_item *it;
	char count[48];
	size_t i, cw, tw, n = f->n_failing_rules < TOP_RULES ? f->n_failing_rules : TOP_RULES;

	if (!f->n_failing_rules) {
		fputs("\nNo rule fails on any host.\n", out);
		return;
	}
	/* "HOSTS" or "N/N", whichever is wider; the title takes what is left. */
	cw = (size_t)snprintf(count, sizeof(count), "%zu/%zu", f->n_hosts, f->n_hosts);
	cw = cw < 5 ? 5 : cw;
	tw = LINE_MAX_COLS - (cw + 1) - 7 - 7 - 1 - W_ON;
	fprintf(out, "\nRules failing on the most hosts (%zu of %zu failing rules):\n", n,
		f->n_failing_rules);
	fprintf(out, "%*s %-6s %-6s %-*s %s\n", (int)cw, "HOSTS", "RULE", "SEV", (int)tw, "TITLE",
		"FAILING ON");
	for (i = 0; i < n; i++) {
		fr = &f->rules[f->by_hosts[i]];
		it = f->bench->rules[f->by_hosts[i]];
		snprintf(count, sizeof(count), "%zu/%zu", fr->n_fail, f->n_hosts);
		fprintf(out, "%*s ", (int)cw, count);
		put_cell(out, cis_of(it), 6, true);
		fprintf(out, " %-6s ", da_severity_name(it->rule->severity));
		put_cell(out, it->title ? it->title : it->id, tw, true);
		fputc(' ', out);
		text_on(f, fr, out);
		fputc('\n', out);
	}
}

static void text_bad(const struct da_fleet *f, FILE *out)
{
	size_t i;

	if (!f->n_bad)
		return;
	fprintf(out, "\nLeft out (%zu):\n", f->n_bad);
	for (i = 0; i < f->n_bad; i++) {
		fputs("  ", out);
		put_cell(out, f->bad[i].path, 54, false);
		fprintf(out, " (%s)\n", f->bad[i].other_benchmark ? "another benchmark" : "unreadable");
	}
}

static double mean_score(const struct da_fleet *f)
{
	double sum = 0;
	size_t h;

	for (h = 0; h < f->n_hosts; h++)
		sum += da_fleet_latest(&f->hosts[h])->score;
	return f->n_hosts ? sum / (double)f->n_hosts : 0;
}

static void text_quiet(const struct da_fleet *f, FILE *out)
{
	const struct da_item *it;

	fprintf(out, "fleet: %zu host%s, %zu result%s, mean score %.2f, %zu rule%s fail%s on some host",
		f->n_hosts, PLURAL(f->n_hosts), f->n_read, PLURAL(f->n_read), mean_score(f),
		f->n_failing_rules, PLURAL(f->n_failing_rules), f->n_failing_rules == 1 ? "s" : "");
	if (f->n_failing_rules) {
		it = f->bench->rules[f->by_hosts[0]];
		fprintf(out, " (most: %s on %zu)", cis_of(it), f->rules[f->by_hosts[0]].n_fail);
	}
	if (f->n_bad)
		fprintf(out, ", %zu left out", f->n_bad);
	fputc('\n', out);
}

void da_fleet_write_text(const struct da_fleet *f, FILE *out, bool quiet)
{
	if (quiet) {
		text_quiet(f, out);
		return;
	}
	fprintf(out, "Fleet: %zu host%s from %zu result%s; ", f->n_hosts, PLURAL(f->n_hosts), f->n_read,
		PLURAL(f->n_read));
	put_cell(out, f->bench->title ? f->bench->title : f->bench->id, 40, false);
	fprintf(out, " %s\n\n", f->bench->version ? f->bench->version : "");
	if (f->n_hosts)
		text_hosts(f, out);
	else
		fputs("No result could be read.\n", out);
	if (f->n_hosts)
		text_rules(f, out);
	text_bad(f, out);
}

/* ---- JSON ---- */

static json_t *json_time(time_t t)
{
	char buf[DA_REPORT_TIME_LEN];

	da_report_time(t, buf);
	return json_string(buf);
}

static json_t *json_counts(const size_t *counts)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < DA_RES_COUNT; i++)
		json_object_set_new(o, da_result_name(i), json_integer((json_int_t)counts[i]));
	return o;
}

static json_t *json_run(const struct da_fleet_run *run)
{
	return json_pack("{s:o, s:s, s:o, s:f, s:f}", "result", da_report_json_str(run->path),
			 "format", da_saved_format_name(run->format), "time", json_time(run->time),
			 "score", run->score, "max", run->max);
}

static json_t *json_failing(const struct da_fleet *f, const struct da_fleet_run *run)
{
	json_t *a = json_array();
	const struct da_item *it;
	size_t i;

	for (i = 0; i < f->bench->n_rules; i++) {
		if (run->result[i] != DA_RES_FAIL)
			continue;
		it = f->bench->rules[i];
		json_array_append_new(a, json_pack("{s:s, s:o, s:s, s:I}", "id", it->id, "cis",
						   it->rule->cis ? json_string(it->rule->cis) : json_null(),
						   "severity", da_severity_name(it->rule->severity),
						   "failing_subjects", (json_int_t)run->n_failing[i]));
	}
	return a;
}

static json_t *json_host(const struct da_fleet *f, const struct da_fleet_host *h)
{
	const struct da_fleet_run *run = da_fleet_latest(h);
	json_t *o = json_object(), *runs = json_array(), *latest = json_run(run);
	size_t i;

	json_object_set_new(o, "name", da_report_json_str(h->name));
	json_object_update(o, latest);
	json_decref(latest);
	json_object_set_new(o, "report", run->report ? da_report_json_str(run->report) : json_null());
	json_object_set_new(o, "summary", json_counts(run->counts));
	json_object_set_new(o, "failing", json_failing(f, run));
	for (i = 0; i < h->n_runs; i++)
		json_array_append_new(runs, json_run(&h->runs[i]));
	json_object_set_new(o, "runs", runs);
	return o;
}

static json_t *json_rule(const struct da_fleet *f, size_t i)
{
	const struct da_item *it = f->bench->rules[i], *sec = da_report_section(it);
	const struct da_fleet_rule *fr = &f->rules[i];
	json_t *hosts = json_array();
	size_t k;

	for (k = 0; k < fr->n_fail; k++)
		json_array_append_new(hosts, da_report_json_str(f->hosts[fr->fail_hosts[k]].name));
	return json_pack("{s:s, s:o, s:o, s:s, s:o, s:I, s:o, s:I, s:I, s:I, s:I}", "id", it->id,
			 "cis", it->rule->cis ? json_string(it->rule->cis) : json_null(), "title",
			 da_report_json_str(it->title), "severity",
			 da_severity_name(it->rule->severity), "section",
			 sec ? json_string(sec->id) : json_null(), "hosts_failing",
			 (json_int_t)fr->n_fail, "failing_hosts", hosts, "hosts_passing",
			 (json_int_t)fr->n_pass, "hosts_error", (json_int_t)fr->n_error,
			 "hosts_notapplicable", (json_int_t)fr->n_notapplicable, "hosts_other",
			 (json_int_t)fr->n_other);
}

json_t *da_fleet_json(const struct da_fleet *f)
{
	json_t *doc, *hosts = json_array(), *rules = json_array(), *left = json_array(), *most = json_array();
	size_t i;

	for (i = 0; i < f->n_hosts; i++)
		json_array_append_new(hosts, json_host(f, &f->hosts[i]));
	for (i = 0; i < f->bench->n_rules; i++)
		json_array_append_new(rules, json_rule(f, i));
	for (i = 0; i < f->n_failing_rules; i++)
		json_array_append_new(most, json_string(f->bench->rules[f->by_hosts[i]]->id));
	for (i = 0; i < f->n_bad; i++)
		json_array_append_new(left, json_pack("{s:o, s:s, s:o}", "result",
						      da_report_json_str(f->bad[i].path), "reason",
						      f->bad[i].other_benchmark ? "other-benchmark" : "unreadable",
						      "message", da_report_json_str(f->bad[i].message)));
	doc = json_pack("{s:s, s:i, s:{s:s, s:s}, s:{s:s, s:o, s:o}, s:{s:I, s:I, s:I, s:I, s:I, s:f}}",
			"format", "dockaudit-fleet", "format_version", 1, "tool", "name", "dockaudit",
			"version", PACKAGE_VERSION, "benchmark", "id", f->bench->id, "title",
			da_report_json_str(f->bench->title), "version",
			da_report_json_str(f->bench->version), "summary", "hosts",
			(json_int_t)f->n_hosts, "results_read", (json_int_t)f->n_read, "left_out",
			(json_int_t)f->n_bad, "duplicates", (json_int_t)f->n_duplicates,
			"rules_failing", (json_int_t)f->n_failing_rules, "mean_score", mean_score(f));
	json_object_set_new(doc, "hosts", hosts);
	json_object_set_new(doc, "rules", rules);
	json_object_set_new(doc, "most_failing", most);
	json_object_set_new(doc, "left_out", left);
	return doc;
}
