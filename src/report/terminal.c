/*
 * The terminal summary printed after every audit: a short header, the
 * counts (waived failures apart, with warnings for expired and unused
 * waivers), then, section by section, each rule that failed, errored or
 * had a failure waived, with the subjects at fault. Quiet: one line.
 * Every string from the host is escaped (no control character reaches the
 * terminal); colour only when the caller asks for it.
 */
#include "report/report.h"
#include "report/util.h"
#include "engine/waivers.h"

#include <stdlib.h>
#include <string.h>

#define WAIVED_LABEL "WAIVED"
#define WAIVED_COLOR "\033[34m"

struct term {
	FILE *out;
	int color;
	int verbose;
	const struct da_item *section; /* the last section heading printed */
};

static const struct {
	const char *label;
	const char *color;
} res_style[DA_RES_COUNT] = {
	[DA_RES_PASS] = { "PASS", "\033[32m" },
	[DA_RES_FAIL] = { "FAIL", "\033[1;31m" },
	[DA_RES_ERROR] = { "ERROR", "\033[1;35m" },
	[DA_RES_UNKNOWN] = { "UNKNOWN", "\033[33m" },
	[DA_RES_NOTAPPLICABLE] = { "NOTAPPLICABLE", "\033[2m" },
	[DA_RES_NOTCHECKED] = { "NOTCHECKED", "\033[36m" },
	[DA_RES_NOTSELECTED] = { "NOTSELECTED", "\033[2m" },
	[DA_RES_INFORMATIONAL] = { "INFORMATIONAL", "\033[36m" },
	[DA_RES_FIXED] = { "FIXED", "\033[32m" },
};

static const char *const sev_color[] = {
	[DA_SEV_UNKNOWN] = "", [DA_SEV_INFO] = "", [DA_SEV_LOW] = "",
	[DA_SEV_MEDIUM] = "\033[33m", [DA_SEV_HIGH] = "\033[31m",
};

/* Print host text S escaped (FALLBACK when S is NULL), left-aligned in WIDTH
 * columns (0: no padding). */
static void put_pad(const struct term *t, const char *s, const char *fallback, int width)
{
	char *clean = da_report_clean(s ? s : fallback, DA_CLEAN_CONTROLS);

	fprintf(t->out, "%-*s", width, clean ? clean : "");
	free(clean);
}

static void put(const struct term *t, const char *s, const char *fallback)
{
	put_pad(t, s, fallback, 0);
}

/* The style of RES; an out-of-range value is shown as unknown. */
static enum da_result res_index(enum da_result res)
{
	return (unsigned)res < DA_RES_COUNT ? res : DA_RES_UNKNOWN;
}

/* Start or end a coloured span; nothing without colour. */
static void color(const struct term *t, const char *code)
{
	if (t->color && code && code[0])
		fputs(code, t->out);
}

static void color_end(const struct term *t, const char *code)
{
	if (t->color && code && code[0])
		fputs(DA_ANSI_RESET, t->out);
}

static int is_bad(enum da_result res)
{
	return res == DA_RES_FAIL || res == DA_RES_ERROR || res == DA_RES_UNKNOWN;
}

/* "1 failure", "2 failures". */
static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Which daemon was audited, or why none could be: the first thing to know
 * when every daemon and container rule reads "error". */
static void daemon_line(const struct term *t, const json_t *facts)
{
	const json_t *d = facts ? json_object_get(facts, "daemon") : NULL;
	const char *err = json_string_value(json_object_get(d, "error"));
	const char *ver = json_string_value(json_object_get(json_object_get(d, "version"), "Version"));
	const json_t *pid = json_object_get(json_object_get(d, "process"), "pid");

	fputs("\nDaemon:    ", t->out);
	put(t, json_string_value(json_object_get(d, "host")), "(unknown)");
	if (err) {
		fputs(": not reachable: ", t->out);
		put(t, err, "");
		return;
	}
	if (ver) {
		fputs(", Docker ", t->out);
		put(t, ver, "");
	}
	if (json_is_integer(pid))
		fprintf(t->out, ", dockerd pid %" JSON_INTEGER_FORMAT, json_integer_value(pid));
}

static void header(const struct term *t, const struct da_results *r)
{
	const struct da_score *s = &r->scores[r->score_model < DA_SCORE_MODEL_COUNT ? r->score_model
										 : DA_SCORE_DEFAULT];

	color(t, DA_ANSI_BOLD);
	fprintf(t->out, "dockaudit %s", PACKAGE_VERSION);
	color_end(t, DA_ANSI_BOLD);
	fputs("\nHost:      ", t->out);
	put(t, da_report_host(r->facts, "hostname"), "(unknown)");
	daemon_line(t, r->facts);
	fputs("\nBenchmark: ", t->out);
	put(t, r->bench->title, r->bench->id);
	fputs(" ", t->out);
	put(t, r->bench->version, "");
	fputs("\nProfile:   ", t->out);
	if (r->profile)
		put(t, r->profile->title, r->profile->id);
	else
		fputs("(the benchmark's default selection)", t->out);
	fprintf(t->out, "\nScore:     %.2f of %.2f", da_report_finite(s->score),
		da_report_finite(s->max));
	if (s->model != DA_SCORE_DEFAULT)
		fprintf(t->out, " (%s)", da_score_model_name(s->model));
	fputc('\n', t->out);
}

static void counts(const struct term *t, const struct da_results *r)
{
	const char *sep = "";
	size_t total = 0;
	int i;

	fputs("Results:   ", t->out);
	for (i = 0; i < DA_RES_COUNT; i++) {
		total += r->counts[i];
		if (!r->counts[i])
			continue;
		fprintf(t->out, "%s", sep);
		color(t, res_style[i].color);
		fprintf(t->out, "%zu %s", r->counts[i], da_result_name(i));
		color_end(t, res_style[i].color);
		sep = ", ";
	}
	if (sep[0])
		fprintf(t->out, " (%zu rules)\n", total);
	else
		fprintf(t->out, "%zu rules\n", total);
}

/* "waiver 2 of FILE (RULE, subject PATTERN)". */
static void waiver_name(const struct term *t, const struct da_waivers *ws, const struct da_waiver *w)
{
	fprintf(t->out, "waiver %zu of ", w->index);
	put(t, ws->path, "");
	fputs(" (", t->out);
	put(t, w->rule_id, "");
	fputs(", subject ", t->out);
	put(t, w->subject, "");
	fputs(")", t->out);
}

/* How many failures were waived, then a warning for each expired waiver
 * and a note for each that waived nothing. */
static void waivers(const struct term *t, const struct da_results *r)
{
	const struct da_waiver_use *u;
	size_t i, rules = 0;

	if (!r->waivers)
		return;
	for (i = 0; i < r->n_rules; i++)
		rules += r->rules[i].n_waived > 0;
	fprintf(t->out, "Waived:    %zu %s in %zu %s\n", r->n_waived,
		plural(r->n_waived, "failure", "failures"), rules, plural(rules, "rule", "rules"));
	for (i = 0; i < r->waivers->n; i++) {
		u = &r->waiver_uses[i];
		if (!u->expired && u->waived)
			continue;
		fputs(u->expired ? "Warning:   " : "Unused:    ", t->out);
		waiver_name(t, r->waivers, u->waiver);
		if (u->expired)
			fprintf(t->out, " expired on %s and was not applied (%zu %s)\n",
				u->waiver->expires, u->matched,
				plural(u->matched, "failure", "failures"));
		else
			fputs(" waived no failure\n", t->out);
	}
}

static void subject(const struct term *t, const struct da_rule_result *rr,
		    const struct da_instance *in)
{
	fputs("           ", t->out);
	put(t, in->kind, "subject");
	fputs(" ", t->out);
	put(t, in->name, "(unnamed)");
	if (in->waiver)
		fprintf(t->out, " (%s, waived)", da_result_name(in->original));
	else if (t->verbose || in->result != rr->result)
		fprintf(t->out, " (%s)", da_result_name(in->result));
	if (in->message) {
		fputs(": ", t->out);
		put(t, in->message, "");
	}
	fputc('\n', t->out);
	if (t->verbose > 1 && in->evidence && (!in->message || strcmp(in->evidence, in->message))) {
		fputs("             evidence: ", t->out);
		put(t, in->evidence, "");
		fputc('\n', t->out);
	}
	if (!in->waiver)
		return;
	fputs("             waived until ", t->out);
	put(t, in->waiver->expires, "");
	fputs(", approved by ", t->out);
	put(t, in->waiver->approved_by, "");
	fputs(": ", t->out);
	put(t, in->waiver->justification, "");
	fputc('\n', t->out);
}

static void rule_line(const struct term *t, const struct da_rule_result *rr)
{
	const struct da_rule *rule = rr->item->rule;
	enum da_severity sev = (unsigned)rr->severity <= DA_SEV_HIGH ? rr->severity : DA_SEV_UNKNOWN;
	enum da_result res = res_index(rr->result);
	int waived = rr->n_waived && !is_bad(res);
	const char *code = waived ? WAIVED_COLOR : res_style[res].color;
	char badge[24];

	snprintf(badge, sizeof(badge), "[%s]", waived ? WAIVED_LABEL : res_style[res].label);
	color(t, code);
	fprintf(t->out, "%-*s", t->verbose ? 16 : 10, badge);
	color_end(t, code);
	put_pad(t, rule ? rule->cis : NULL, "-", 7);
	color(t, sev_color[sev]);
	fprintf(t->out, "%-7s", da_severity_name(sev));
	color_end(t, sev_color[sev]);
	fputs(" ", t->out);
	put(t, rr->item->title, rr->item->id);
	fputc('\n', t->out);
}

static void rule(const struct term *t, const struct da_rule_result *rr)
{
	size_t i;

	rule_line(t, rr);
	if (rr->message) {
		fputs("           ", t->out);
		put(t, rr->message, "");
		fputc('\n', t->out);
	}
	for (i = 0; i < rr->n_instances; i++)
		if (t->verbose || is_bad(rr->instances[i].result) || rr->instances[i].waiver)
			subject(t, rr, &rr->instances[i]);
	if (t->verbose && rr->result == DA_RES_FAIL && rr->item->rule && rr->item->rule->fixtext) {
		fputs("           fix: ", t->out);
		put(t, rr->item->rule->fixtext, "");
		fputc('\n', t->out);
	}
}

static int listed(const struct term *t, const struct da_rule_result *rr)
{
	return t->verbose || is_bad(rr->result) || rr->n_waived;
}

/* "Container runtime: 3 of 31 rules need attention" before the first rule
 * listed from each section. */
static void section_heading(struct term *t, const struct da_results *r, const struct da_item *sec)
{
	size_t i, bad = 0, selected = 0;

	t->section = sec;
	fputc('\n', t->out);
	if (!sec)
		return;
	for (i = 0; i < r->n_rules; i++) {
		if (da_report_section(r->rules[i].item) != sec || r->rules[i].result == DA_RES_NOTSELECTED)
			continue;
		selected++;
		bad += is_bad(r->rules[i].result);
	}
	color(t, DA_ANSI_BOLD);
	put(t, sec->title, sec->id);
	color_end(t, DA_ANSI_BOLD);
	fprintf(t->out, ": %zu of %zu %s %s\n", bad, selected, plural(selected, "rule", "rules"),
		bad == 1 ? "needs attention" : "need attention");
}

/* One line for scripts and cron mail: host, score, counts. */
static void quiet_line(const struct term *t, const struct da_results *r)
{
	const struct da_score *s = &r->scores[r->score_model < DA_SCORE_MODEL_COUNT ? r->score_model
										 : DA_SCORE_DEFAULT];
	const char *sep = "";
	size_t total = 0;
	int i;

	put(t, da_report_host(r->facts, "hostname"), "(unknown host)");
	fprintf(t->out, ": score %.2f of %.2f", da_report_finite(s->score), da_report_finite(s->max));
	if (s->model != DA_SCORE_DEFAULT)
		fprintf(t->out, " (%s)", da_score_model_name(s->model));
	fputs("; ", t->out);
	for (i = 0; i < DA_RES_COUNT; i++) {
		if (!r->counts[i] || i == DA_RES_NOTSELECTED)
			continue;
		total += r->counts[i];
		fprintf(t->out, "%s", sep);
		color(t, res_style[i].color);
		fprintf(t->out, "%zu %s", r->counts[i], da_result_name(i));
		color_end(t, res_style[i].color);
		sep = ", ";
	}
	fprintf(t->out, "%s%zu %s", sep[0] ? " of " : "", total, plural(total, "rule", "rules"));
	if (r->n_waived)
		fprintf(t->out, "; %zu %s waived", r->n_waived,
			plural(r->n_waived, "failure", "failures"));
	fputc('\n', t->out);
}

static int terminal_write(const struct da_results *r, const struct da_report_opts *opts,
			  FILE *out, struct da_err *err)
{
	struct term t = { .out = out, .color = opts && opts->color, .verbose = opts ? opts->verbose : 0 };
	const struct da_item *sec;
	int first = 1;
	size_t i;

	if (opts && opts->quiet) {
		quiet_line(&t, r);
		return da_report_check_stream(out, err);
	}
	header(&t, r);
	counts(&t, r);
	waivers(&t, r);
	for (i = 0; i < r->n_rules; i++) {
		if (!listed(&t, &r->rules[i]))
			continue;
		sec = da_report_section(r->rules[i].item);
		if (first || sec != t.section)
			section_heading(&t, r, sec);
		first = 0;
		rule(&t, &r->rules[i]);
	}
	return da_report_check_stream(out, err);
}

const struct da_reporter da_report_terminal = {
	.name = "terminal",
	.summary = "a readable summary on standard output",
	.write = terminal_write,
};
