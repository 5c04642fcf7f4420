/*
 * The fleet as one self-contained HTML page: every host's score, trend and
 * failing rules by CIS section as a heat map, the rules failing on the
 * most hosts, links to each host's own report, what was left out. The same
 * discipline as the host report (html.c): the Content-Security-Policy
 * allows the one <style> by its SHA-256 and nothing else (no script at
 * all, no fetch); every string not a literal of this file goes through
 * esc(); host text is only ever written into escaped text and attributes.
 */
#include "report/fleet.h"
#include "common/xalloc.h"
#include "report/report.h"
#include "report/sha256.h"
#include "report/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char style[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;"
	"max-width:90rem;padding:1rem 1.5rem;color:#1d1d1f;background:#fff}\n"
	"h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}\n"
	"table{border-collapse:collapse;margin:.3rem 0}"
	"th,td{border:1px solid #d0d0d5;padding:.2rem .5rem;text-align:left;vertical-align:middle}\n"
	"th{background:#f2f2f5}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"#heatmap td.c{text-align:center;min-width:2.2rem;font-weight:600}#heatmap tbody th{white-space:nowrap}\n"
	".c0{background:#e8f5e9;color:#2e7d32}.c-unknown,.c-info{background:#e0e0e0}"
	".c-low{background:#fff3c4}.c-medium{background:#ffcc80}.c-high{background:#e53935;color:#fff}\n"
	".sev{font-size:.8rem;font-weight:600;text-transform:uppercase}.s-high{color:#c62828}"
	".s-medium{color:#ef6c00}\n"
	".legend span{display:inline-block;padding:0 .5rem;margin-right:.3rem;border:1px solid #ccc}\n"
	"svg.trend{vertical-align:middle}.runs{color:#555;font-size:.8rem}td.t{white-space:nowrap}"
	"#heatmap thead th{font-size:.8rem}.bad li{margin:.2rem 0}code{font-size:.85rem}\n"
	"@media print{body{max-width:none;font-size:9pt;padding:0}a{color:inherit}}\n";

#define TREND_W 120
#define TREND_H 28
#define TOP_RULES 25
#define TOP_HOSTS 20

static const char *const entities[128] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};

/* The one escape: S made valid UTF-8 without control characters, with
 * & < > " ' as entities. Safe in element content and quoted attributes. */
static void esc(FILE *out, const char *s)
{
	char *clean = da_report_clean(s ? s : "", DA_CLEAN_CONTROLS | DA_CLEAN_KEEP_LINES);
	const unsigned char *p;

	for (p = (const unsigned char *)clean; *p; p++) {
		if (*p < 128 && entities[*p])
			fputs(entities[*p], out);
		else
			fputc(*p, out);
	}
	free(clean);
}

static const char *cis_of(const struct da_item *it)
{
	return it->rule && it->rule->cis ? it->rule->cis : "-";
}

/* ---- links to the hosts' own reports ---- */

/* The real directory OUT_PATH is written to ("-": the current one), or
 * NULL. Caller frees. */
static char *out_dir(const char *out_path)
{
	const char *slash = strrchr(out_path, '/');
	char *dir, *real;

	if (strcmp(out_path, "-") == 0 || !slash)
		return realpath(".", NULL);
	dir = slash == out_path ? da_xstrdup("/") : da_xstrndup(out_path, (size_t)(slash - out_path));
	real = realpath(dir, NULL);
	free(dir);
	return real;
}

/* TARGET (a real path) relative to the real directory BASE, percent-encoded
 * for an href. Caller frees. */
static char *relative_href(const char *base, const char *target)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0, last = 0, ups = 0, len;
	char *rel, *w;
	const char *t;

	while (base[i] && base[i] == target[i])
		if (base[i++] == '/')
			last = i;
	if (!base[i] && target[i] == '/')
		last = i + 1; /* BASE is all of TARGET's directory: no way up */
	else if (base[last])
		for (ups = 1, i = last; base[i]; i++)
			ups += base[i] == '/' && base[i + 1];
	t = target + last;
	len = ups * 3 + strlen(t) * 3 + 1;
	rel = w = da_xmalloc(len);
	for (i = 0; i < ups; i++, w += 3)
		memcpy(w, "../", 3);
	for (; *t; t++) {
		unsigned char c = (unsigned char)*t;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/", c)) {
			*w++ = (char)c;
		} else {
			*w++ = '%';
			*w++ = hex[c >> 4];
			*w++ = hex[c & 15];
		}
	}
	*w = '\0';
	return rel;
}

/* ---- the page ---- */

static void head(FILE *out, const struct da_fleet *f)
{
	char hash[DA_SHA256_B64_LEN];

	da_sha256_base64(style, strlen(style), hash);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		     "style-src 'sha256-%s'; script-src 'none'; base-uri 'none'; "
		     "form-action 'none'\">\n", hash);
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"dockaudit " PACKAGE_VERSION "\">\n", out);
	fprintf(out, "<title>dockaudit fleet: %zu host%s</title>\n<style>%s</style>\n</head>\n<body>\n",
		f->n_hosts, f->n_hosts == 1 ? "" : "s", style);
}

static void intro(FILE *out, const struct da_fleet *f)
{
	fprintf(out, "<h1>dockaudit fleet: %zu host%s</h1>\n<p>Benchmark: ", f->n_hosts,
		f->n_hosts == 1 ? "" : "s");
	esc(out, f->bench->title ? f->bench->title : f->bench->id);
	fputc(' ', out);
	esc(out, f->bench->version);
	fprintf(out, " (<code>");
	esc(out, f->bench->id);
	fprintf(out, "</code>). %zu results read", f->n_read);
	if (f->n_duplicates)
		fprintf(out, ", %zu duplicates left out", f->n_duplicates);
	if (f->n_bad)
		fprintf(out, ", <a href=\"#left-out\">%zu left out</a>", f->n_bad);
	fprintf(out, "; %zu rules fail on some host. Each host's latest run is counted; "
		     "scores are the default XCCDF model.</p>\n", f->n_failing_rules);
}

/* The sections (top-level groups) of F's benchmark, and each rule's. */
struct sections {
	const struct da_item **v;
	size_t n;
	size_t *of_rule; /* per rule: index in V, or N for a rule outside any */
};

static void sections_init(struct sections *s, const struct da_benchmark *b)
{
	const struct da_item *sec;
	size_t i, k;

	s->v = da_xcalloc(b->root.n_children + 1, sizeof(*s->v));
	s->n = 0;
	for (i = 0; i < b->root.n_children; i++)
		if (b->root.children[i]->kind == DA_ITEM_GROUP)
			s->v[s->n++] = b->root.children[i];
	s->of_rule = da_xcalloc(b->n_rules + 1, sizeof(*s->of_rule));
	for (i = 0; i < b->n_rules; i++) {
		sec = da_report_section(b->rules[i]);
		for (k = 0; k < s->n && s->v[k] != sec; k++)
			;
		s->of_rule[i] = k;
	}
}

/* The point of run I of H in the trend: scores scaled between the host's
 * lowest and highest (a flat line in the middle when they are equal). */
static void trend_point(const struct da_fleet_host *h, size_t i, double lo, double hi, double *x,
			double *y)
{
	*x = 4 + (double)i * (TREND_W - 8) / (double)(h->n_runs - 1);
	*y = hi > lo ? TREND_H - 4 - (h->runs[i].score - lo) / (hi - lo) * (TREND_H - 8)
		     : TREND_H / 2.0;
}

/* A polyline of the host's scores over its runs, oldest left; the scores
 * and times are in its title (a tooltip). */
static void trend(FILE *out, const struct da_fleet_host *h)
{
	char when[DA_REPORT_TIME_LEN];
	double x, y, lo = h->runs[0].score, hi = lo;
	size_t i;

	for (i = 1; i < h->n_runs; i++) {
		lo = h->runs[i].score < lo ? h->runs[i].score : lo;
		hi = h->runs[i].score > hi ? h->runs[i].score : hi;
	}
	fprintf(out, "<svg class=\"trend\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		     "role=\"img\" aria-label=\"score over %zu runs: %.1f to %.1f\">", TREND_W,
		TREND_H, TREND_W, TREND_H, h->n_runs, h->runs[0].score, h->runs[h->n_runs - 1].score);
	fputs("<title>", out);
	for (i = 0; i < h->n_runs; i++) {
		da_report_time(h->runs[i].time, when);
		fprintf(out, "%s%s: %.2f", i ? "; " : "", when, h->runs[i].score);
	}
	fputs("</title><polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"", out);
	for (i = 0; i < h->n_runs; i++) {
		trend_point(h, i, lo, hi, &x, &y);
		fprintf(out, "%s%.1f,%.1f", i ? " " : "", x, y);
	}
	fputs("\"/>", out);
	for (i = 0; i < h->n_runs; i++) {
		trend_point(h, i, lo, hi, &x, &y);
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#1565c0\"/>", x, y);
	}
	fprintf(out, "</svg> <span class=\"runs\">%zu runs</span>", h->n_runs);
}

/* One heat map cell: the failing rules of section SEC in RUN. */
static void cell(FILE *out, const struct da_fleet *f, const struct sections *s, size_t sec,
		 const struct da_fleet_host *h)
{
	const struct da_fleet_run *run = da_fleet_latest(h);
	const struct da_item *it;
	enum da_severity worst = DA_SEV_UNKNOWN;
	size_t i, n = 0, nerr = 0;

	for (i = 0; i < f->bench->n_rules; i++) {
		if (s->of_rule[i] != sec)
			continue;
		nerr += run->result[i] == DA_RES_ERROR;
		if (run->result[i] != DA_RES_FAIL)
			continue;
		if (!n++ || f->bench->rules[i]->rule->severity > worst)
			worst = f->bench->rules[i]->rule->severity;
	}
	fprintf(out, "<td class=\"c %s%s\" data-failing=\"%zu\" title=\"", n ? "c-" : "c0",
		n ? da_severity_name(worst) : "", n);
	esc(out, h->name);
	fputs(", ", out);
	esc(out, s->v[sec]->title ? s->v[sec]->title : s->v[sec]->id);
	fprintf(out, ": %zu failing", n);
	if (n)
		fprintf(out, " (worst %s)", da_severity_name(worst));
	for (i = 0; n && i < f->bench->n_rules; i++) {
		if (s->of_rule[i] != sec || run->result[i] != DA_RES_FAIL)
			continue;
		it = f->bench->rules[i];
		fputs("&#10;", out);
		esc(out, cis_of(it));
		fputc(' ', out);
		esc(out, it->title ? it->title : it->id);
	}
	if (nerr)
		fprintf(out, "&#10;%zu could not be evaluated (error)", nerr);
	fprintf(out, "\">%zu</td>", n);
}

static void host_row(FILE *out, const struct da_fleet *f, const struct sections *s,
		     const struct da_fleet_host *h, const char *base)
{
	const struct da_fleet_run *run = da_fleet_latest(h);
	char when[DA_REPORT_TIME_LEN];
	char *href;
	size_t k;

	fputs("<tr><th scope=\"row\">", out);
	esc(out, h->name);
	fputs("</th><td>", out);
	if (run->report && base) {
		href = relative_href(base, run->report);
		fputs("<a href=\"", out);
		esc(out, href);
		fputs("\">report</a>", out);
		free(href);
	}
	fprintf(out, "</td><td class=\"n\">%.1f</td><td>", run->score);
	if (h->n_runs > 1)
		trend(out, h);
	da_report_time(run->time, when);
	when[10] = ' ';
	when[16] = '\0';
	fprintf(out, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"t\">%s</td>",
		run->counts[DA_RES_FAIL], run->counts[DA_RES_ERROR], when);
	for (k = 0; k < s->n; k++)
		cell(out, f, s, k, h);
	fputs("</tr>\n", out);
}

static void heatmap(FILE *out, const struct da_fleet *f, const struct sections *s,
		    const char *base)
{
	size_t k, h;

	fputs("<h2 id=\"hosts\">Hosts by section</h2>\n<p class=\"legend\">Each cell: the rules "
	      "failing in that section on the host's latest run, coloured by the worst severity "
	      "among them: <span class=\"c0\">none</span><span class=\"c-low\">low</span>"
	      "<span class=\"c-medium\">medium</span><span class=\"c-high\">high</span>. "
	      "Hosts with the lowest score first.</p>\n"
	      "<table id=\"heatmap\">\n<thead><tr><th>Host</th><th>Report</th><th>Score</th><th>Trend</th>"
	      "<th>Fail</th><th>Error</th><th>Run (UTC)</th>", out);
	for (k = 0; k < s->n; k++) {
		fputs("<th scope=\"col\" title=\"", out);
		esc(out, s->v[k]->title);
		fputs("\">", out);
		esc(out, s->v[k]->title ? s->v[k]->title : s->v[k]->id);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (h = 0; h < f->n_hosts; h++)
		host_row(out, f, s, &f->hosts[h], base);
	fputs("</tbody>\n</table>\n", out);
}

static void rule_row(FILE *out, const struct da_fleet *f, size_t i)
{
	const struct da_item *it = f->bench->rules[i];
	const struct da_fleet_rule *fr = &f->rules[i];
	size_t k;

	fprintf(out, "<tr data-rule=\"");
	esc(out, it->id);
	fprintf(out, "\"><td class=\"n\">%zu of %zu</td><td>", fr->n_fail, f->n_hosts);
	esc(out, cis_of(it));
	fprintf(out, "</td><td class=\"sev s-%s\">%s</td><td>", da_severity_name(it->rule->severity),
		da_severity_name(it->rule->severity));
	esc(out, it->title ? it->title : it->id);
	fputs("</td><td>", out);
	for (k = 0; k < fr->n_fail && k < TOP_HOSTS; k++) {
		if (k)
			fputs(", ", out);
		esc(out, f->hosts[fr->fail_hosts[k]].name);
	}
	if (fr->n_fail > TOP_HOSTS)
		fprintf(out, " and %zu more", fr->n_fail - TOP_HOSTS);
	fputs("</td></tr>\n", out);
}

static void most_failing(FILE *out, const struct da_fleet *f)
{
	size_t i, n = f->n_failing_rules < TOP_RULES ? f->n_failing_rules : TOP_RULES;

	fputs("<h2 id=\"rules\">Rules failing on the most hosts</h2>\n", out);
	if (!n) {
		fputs("<p>No rule fails on any host.</p>\n", out);
		return;
	}
	fprintf(out, "<p>%zu of the %zu rules that fail on some host.</p>\n"
		     "<table id=\"most-failing\">\n<thead><tr><th>Hosts</th><th>CIS</th><th>Severity</th>"
		     "<th>Rule</th><th>Failing on</th></tr></thead>\n<tbody>\n", n, f->n_failing_rules);
	for (i = 0; i < n; i++)
		rule_row(out, f, f->by_hosts[i]);
	fputs("</tbody>\n</table>\n", out);
}

static void left_out(FILE *out, const struct da_fleet *f)
{
	size_t i;

	if (!f->n_bad)
		return;
	fprintf(out, "<h2 id=\"left-out\">Left out (%zu)</h2>\n<ul class=\"bad\">\n", f->n_bad);
	for (i = 0; i < f->n_bad; i++) {
		fputs("<li><code>", out);
		esc(out, f->bad[i].path);
		fprintf(out, "</code> (%s): ", f->bad[i].other_benchmark ? "another benchmark" : "unreadable");
		esc(out, f->bad[i].message);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
}

int da_fleet_write_html(const struct da_fleet *f, const char *out_path, FILE *out,
			struct da_err *err)
{
	struct sections s;
	char *base = out_dir(out_path);

	sections_init(&s, f->bench);
	head(out, f);
	intro(out, f);
	heatmap(out, f, &s, base);
	most_failing(out, f);
	left_out(out, f);
	fputs("</body>\n</html>\n", out);
	free(s.v);
	free(s.of_rule);
	free(base);
	return da_report_check_stream(out, err);
}
