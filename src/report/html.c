/*
 * The "html" reporter: one self-contained HTML5 page that works offline,
 * as an e-mail attachment and on paper. The summary comes first (host,
 * scores, counts by result, severity and section, an inline SVG chart),
 * then a view per container, then every selected rule with its evidence
 * and fix, failures first. A small inline script filters the rules by
 * result, severity, section and search text, kept in location.hash
 * ("#result=fail&severity=high&section=containers&q=web"); a rule it hides
 * gets the `hidden` attribute.
 *
 * The Content-Security-Policy allows the one <style> and the one <script>
 * by their SHA-256 (computed here, from the exact text written) and nothing
 * else: no fetch, no inline handler, no other script. Every string that is
 * not a literal of this file goes through esc(); no host text is ever
 * written inside the <style> or the <script>, only into escaped text and
 * data-* attributes.
 */
#include "report/report.h"
#include "common/xalloc.h"
#include "report/diff.h"
#include "engine/waivers.h"
#include "facts/facts.h"
#include "report/sha256.h"
#include "report/util.h"

#include <stdlib.h>
#include <string.h>

static const char style[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;"
	"max-width:72rem;padding:1rem 1.5rem;color:#1d1d1f;background:#fff}\n"
	"h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:0 0 .4rem}"
	"h3{font-size:.95rem;margin:.8rem 0 .2rem}h4{font-size:.85rem;margin:.6rem 0 .2rem}\n"
	"table{border-collapse:collapse;margin:.3rem 0}"
	"th,td{border:1px solid #d0d0d5;padding:.2rem .5rem;text-align:left;vertical-align:top}\n"
	"th{background:#f2f2f5}.facts th{width:9rem}.summary{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}\n"
	"caption{text-align:left;font-weight:600;padding:.2rem 0}"
	".scores tr.chosen td{font-weight:700;background:#fff8d6}\n"
	".chart{flex-basis:100%}.chart svg{max-width:44rem;width:100%;height:auto}\n"
	"code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}\n"
	"pre{background:#f6f6f8;border:1px solid #e0e0e5;padding:.5rem;overflow-x:auto;"
	"white-space:pre-wrap;word-break:break-all}\n"
	".rule{border:1px solid #d0d0d5;border-left-width:6px;border-radius:4px;padding:.6rem .9rem;"
	"margin:.8rem 0}\n"
	"[hidden]{display:none!important}.rid{color:#666;font-size:.8rem;margin:0}"
	".instances td:last-child{white-space:pre-wrap}\n"
	".badge{display:inline-block;min-width:5.5rem;text-align:center;border-radius:3px;"
	"padding:0 .3rem;font-size:.8rem;font-weight:600;color:#fff;background:#777}\n"
	".b-pass,.b-fixed{background:#2e7d32}.b-fail{background:#c62828}.b-error{background:#8e24aa}"
	".b-unknown{background:#ef6c00}.b-notchecked,.b-informational{background:#1565c0}\n"
	".r-fail{border-left-color:#c62828}.r-error{border-left-color:#8e24aa}"
	".r-unknown{border-left-color:#ef6c00}.r-pass,.r-fixed{border-left-color:#2e7d32}\n"
	".b-waived{background:#5d4037}.r-waived{border-left-color:#5d4037}"
	".waiver{font-style:italic;color:#5d4037;margin:.2rem 0 0}.expired{color:#c62828}\n"
	".sev{font-size:.8rem;font-weight:600;text-transform:uppercase}.s-high{color:#c62828}"
	".s-medium{color:#ef6c00}.cis{font-weight:600}.msg{font-style:italic}\n"
	".containers ul{margin:.2rem 0 .6rem;padding-left:1.2rem;columns:2 24rem}.containers h3 .n{font-weight:400}"
	"\n"
	".b-new{background:#d84315}.trend svg{max-width:44rem;width:100%;height:auto}.trend{flex-basis:100%}"
	"\n"
	"nav{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ddd}\n"
	"nav button{margin:0 .3rem .3rem 0;padding:.2rem .6rem;border:1px solid #aaa;"
	"border-radius:3px;background:#f5f5f5;cursor:pointer}\n"
	"nav button[aria-pressed=true]{background:#333;color:#fff}"
	"nav input{padding:.2rem .4rem;min-width:16rem}nav select{margin-right:.5rem}"
	"#shown{margin:.3rem 0 0;color:#555;font-size:.85rem}\n"
	"@media print{nav{display:none}.rule[hidden],[hidden].rule{display:block!important}"
	"h2,h3,h4{break-after:avoid;page-break-after:avoid}"
	"pre,tr,.container{break-inside:avoid;page-break-inside:avoid}"
	"body{max-width:none;font-size:10pt;padding:0}"
	"th,pre,.scores tr.chosen td{background:none}"
	".badge{background:none;color:#000;border:1px solid #000}a{color:inherit;text-decoration:none}}\n";

static const char script[] =
	"(function(){\n"
	"var d=document,rules=d.querySelectorAll('section.rule'),\n"
	"btns=d.querySelectorAll('button[data-filter]'),sev=d.getElementById('f-severity'),\n"
	"sec=d.getElementById('f-section'),q=d.getElementById('q'),shown=d.getElementById('shown'),\n"
	"keys=['result','severity','section','q'];\n"
	"function parse(){var st={result:'',severity:'',section:'',q:''},\n"
	"h=location.hash.slice(1).split('&');\n"
	"for(var i=0;i<h.length;i++){var j=h[i].indexOf('='),v;if(j<1)continue;\n"
	"try{v=decodeURIComponent(h[i].slice(j+1).replace(/\\+/g,' '));}catch(e){continue;}\n"
	"if(keys.indexOf(h[i].slice(0,j))>=0)st[h[i].slice(0,j)]=v;}\n"
	"return st;}\n"
	"function any(list,v){return !list||list.split(',').indexOf(v)>=0;}\n"
	"function match(r,st){var s=st.q.toLowerCase();\n"
	"return (any(st.result,r.getAttribute('data-result'))||\n"
	"(r.hasAttribute('data-waived')&&any(st.result,'waived')))&&\n"
	"any(st.severity,r.getAttribute('data-severity'))&&\n"
	"any(st.section,r.getAttribute('data-section'))&&\n"
	"(!s||r.getAttribute('data-search').toLowerCase().indexOf(s)>=0);}\n"
	"function apply(){var st=parse(),n=0,i,t;\n"
	"for(i=0;i<rules.length;i++){var ok=match(rules[i],st);rules[i].hidden=!ok;n+=ok?1:0;}\n"
	"for(i=0;i<btns.length;i++){var f=btns[i].getAttribute('data-filter');\n"
	"btns[i].setAttribute('aria-pressed',String(f===st.result||(f==='all'&&!st.result)));}\n"
	"sev.value=st.severity;sec.value=st.section;if(d.activeElement!==q)q.value=st.q;\n"
	"shown.textContent=n+' of '+rules.length+' rules shown';\n"
	"t=location.hash.length>1&&location.hash.indexOf('=')<0&&\n"
	"d.getElementById(location.hash.slice(1));if(t&&t.scrollIntoView)t.scrollIntoView();}\n"
	"function set(k,v){var st=parse(),a=[],i;st[k]=v;\n"
	"for(i=0;i<keys.length;i++)if(st[keys[i]])a.push(keys[i]+'='+encodeURIComponent(st[keys[i]]));\n"
	"try{history.replaceState(null,'','#'+a.join('&'));}catch(e){location.hash=a.join('&');}\n"
	"apply();}\n"
	"for(var i=0;i<btns.length;i++)btns[i].addEventListener('click',function(){\n"
	"var f=this.getAttribute('data-filter');set('result',f==='all'?'':f);});\n"
	"sev.addEventListener('change',function(){set('severity',sev.value);});\n"
	"sec.addEventListener('change',function(){set('section',sec.value);});\n"
	"q.addEventListener('input',function(){set('q',q.value);});\n"
	"window.addEventListener('hashchange',apply);\n"
	"d.documentElement.setAttribute('data-filters','ready');\n"
	"apply();\n"
	"})();\n";

/* Results in the order the page lists them: what needs attention first.
 * Rules whose failures were all waived come before the other passes. */
static const enum da_result page_order[] = {
	DA_RES_FAIL, DA_RES_ERROR, DA_RES_UNKNOWN, DA_RES_NOTCHECKED, DA_RES_INFORMATIONAL,
	DA_RES_FIXED, DA_RES_PASS, DA_RES_NOTAPPLICABLE,
};
#define N_PAGE_ORDER (sizeof(page_order) / sizeof(page_order[0]))
#define WAIVED "waived"

static const char *const entities[128] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};

/* The one escape: S made valid UTF-8 without control characters, with
 * & < > " ' as entities. Safe in element content and quoted attributes. */
static void esc(FILE *out, const char *s)
{
	char *clean = da_report_clean(s, DA_CLEAN_CONTROLS | DA_CLEAN_KEEP_LINES);
	const unsigned char *p;

	for (p = (const unsigned char *)clean; p && *p; p++) {
		if (*p < 128 && entities[*p])
			fputs(entities[*p], out);
		else
			fputc(*p, out);
	}
	free(clean);
}

/* <TAG>S</TAG>, with FALLBACK for a NULL S. */
static void elem(FILE *out, const char *tag, const char *s, const char *fallback)
{
	fprintf(out, "<%s>", tag);
	esc(out, s ? s : fallback);
	fprintf(out, "</%s>", tag);
}

/* What failed in this run that did not in the run before it (from the
 * history's comparison): per rule, and per rule and instance. */
struct marks {
	bool *rule;   /* by rule index; NULL: nothing to mark */
	bool **inst;  /* by rule index, then instance index; NULL entries */
	size_t n_rules;
	size_t n_new; /* rule/subject pairs */
	bool have;    /* there was a run before to compare with */
};

static struct marks marks_of(const struct da_results *r, const struct da_report_opts *opts)
{
	const struct da_diff *d = opts && opts->history ? opts->history->since_last : NULL;
	struct marks mk = { NULL, NULL, 0, 0, false };
	const struct da_diff_item *it;
	size_t i, k;

	if (!d || d->new->results != r)
		return mk;
	mk.have = true;
	mk.n_rules = r->n_rules;
	mk.rule = da_xcalloc(r->n_rules ? r->n_rules : 1, sizeof(*mk.rule));
	mk.inst = da_xcalloc(r->n_rules ? r->n_rules : 1, sizeof(*mk.inst));
	for (i = 0; i < d->new_failures.n; i++) {
		it = &d->new_failures.items[i];
		k = (size_t)(it->new_rr - r->rules);
		if (k >= r->n_rules)
			continue;
		mk.rule[k] = true;
		mk.n_new++;
		if (!it->new_in)
			continue;
		if (!mk.inst[k])
			mk.inst[k] = da_xcalloc(r->rules[k].n_instances, sizeof(bool));
		mk.inst[k][it->new_in - r->rules[k].instances] = true;
	}
	return mk;
}

static void marks_free(struct marks *mk)
{
	size_t i;

	for (i = 0; mk->inst && i < mk->n_rules; i++)
		free(mk->inst[i]);
	free(mk->inst);
	free(mk->rule);
}

static bool new_rule(const struct marks *mk, size_t idx)
{
	return mk->rule && mk->rule[idx];
}

static bool new_instance(const struct marks *mk, size_t idx, size_t j)
{
	return mk->inst && mk->inst[idx] && mk->inst[idx][j];
}

static void new_badge(FILE *out)
{
	fputs("<span class=\"badge b-new\" title=\"failing now, not in the run before\">"
	      "new since the last run</span>", out);
}

static void fact_row(FILE *out, const char *label, const char *value)
{
	fprintf(out, "<tr><th>%s</th>", label);
	elem(out, "td", value, "(unknown)");
	fputs("</tr>\n", out);
}

static void time_row(FILE *out, const char *label, time_t t)
{
	char buf[DA_REPORT_TIME_LEN];

	da_report_time(t, buf);
	fact_row(out, label, buf);
}

/* A section's name in data-section and the #section= filter: its id after
 * "_group_" ("containers"), or the whole id. */
static const char *section_key(const struct da_item *g)
{
	const char *p = g ? strstr(g->id, "_group_") : NULL;

	if (!g)
		return "";
	return p && p[7] ? p + 7 : g->id;
}

static bool selected(const struct da_rule_result *rr)
{
	return rr->result != DA_RES_NOTSELECTED;
}

/* The page's head: the policy names the digests of the exact style and
 * script text this page carries, so a browser runs those and nothing else. */
static void head(FILE *out, const struct da_results *r)
{
	char style_hash[DA_SHA256_B64_LEN], script_hash[DA_SHA256_B64_LEN];

	da_sha256_base64(style, strlen(style), style_hash);
	da_sha256_base64(script, strlen(script), script_hash);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		     "style-src 'sha256-%s'; script-src 'sha256-%s'; base-uri 'none'; "
		     "form-action 'none'\">\n", style_hash, script_hash);
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"dockaudit " PACKAGE_VERSION "\">\n<title>dockaudit: ",
	      out);
	esc(out, da_report_host(r->facts, "hostname"));
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
}

static void facts_table(FILE *out, const struct da_results *r)
{
	const struct da_score *s = &r->scores[r->score_model];
	char score[96];

	fputs("<table class=\"facts\">\n<caption>Audit</caption>\n", out);
	fact_row(out, "Host", da_report_host(r->facts, "hostname"));
	fact_row(out, "FQDN", da_report_host(r->facts, "fqdn"));
	fact_row(out, "Operating system", da_report_host(r->facts, "os"));
	fact_row(out, "Kernel", da_report_host(r->facts, "kernel"));
	fact_row(out, "Docker version",
		 json_string_value(da_facts_get(r->facts, "/daemon/version/Version")));
	time_row(out, "Started", r->start_time);
	time_row(out, "Finished", r->end_time);
	fact_row(out, "Benchmark", r->bench->title ? r->bench->title : r->bench->id);
	fact_row(out, "Benchmark version", r->bench->version);
	fact_row(out, "Profile", r->profile ? (r->profile->title ? r->profile->title : r->profile->id)
					    : "(the benchmark's default selection)");
	snprintf(score, sizeof(score), "%.2f of %.2f (%s)", da_report_finite(s->score),
		 da_report_finite(s->max), da_score_model_name(r->score_model));
	fact_row(out, "Score", score);
	fputs("</table>\n", out);
}

/* Every model's score; the one the summary uses (--score-model) stands out. */
static void scores_table(FILE *out, const struct da_results *r)
{
	int m;

	fputs("<table class=\"scores\">\n<caption>Scores</caption>\n"
	      "<tr><th>Scoring model</th><th>Score</th><th>Maximum</th></tr>\n", out);
	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++)
		fprintf(out, "<tr%s><td>%s%s</td><td>%.2f</td><td>%.2f</td></tr>\n",
			m == (int)r->score_model ? " class=\"chosen\"" : "", da_score_model_name(m),
			m == (int)r->score_model ? " (shown)" : "",
			da_report_finite(r->scores[m].score), da_report_finite(r->scores[m].max));
	fputs("</table>\n", out);
}

static void result_counts(FILE *out, const struct da_results *r)
{
	int i;

	fputs("<table class=\"counts\">\n<caption>Rules by result</caption>\n"
	      "<tr><th>Result</th><th>Rules</th></tr>\n", out);
	for (i = 0; i < DA_RES_COUNT; i++)
		fprintf(out, "<tr><td><span class=\"badge b-%s\">%s</span></td><td>%zu</td></tr>\n",
			da_result_name(i), da_result_name(i), r->counts[i]);
	fputs("</table>\n", out);
}

static void severity_counts(FILE *out, const struct da_results *r)
{
	size_t n[DA_SEV_HIGH + 1][2] = { { 0 } };
	size_t i;
	int s;

	for (i = 0; i < r->n_rules; i++) {
		if (!selected(&r->rules[i]))
			continue;
		n[r->rules[i].severity][0]++;
		if (r->rules[i].result == DA_RES_FAIL)
			n[r->rules[i].severity][1]++;
	}
	fputs("<table class=\"severities\">\n<caption>Rules by severity</caption>\n"
	      "<tr><th>Severity</th><th>Selected rules</th><th>Failed</th></tr>\n", out);
	for (s = DA_SEV_HIGH; s >= DA_SEV_UNKNOWN; s--)
		fprintf(out, "<tr><td><span class=\"sev s-%s\">%s</span></td><td>%zu</td><td>%zu</td></tr>\n",
			da_severity_name(s), da_severity_name(s), n[s][0], n[s][1]);
	fputs("</table>\n", out);
}

/* How the selected rules of one section (or of all, G NULL) fared. */
struct tally {
	size_t selected, pass, fail, other;
};

static struct tally tally(const struct da_results *r, const struct da_item *g)
{
	struct tally t = { 0, 0, 0, 0 };
	size_t j;

	for (j = 0; j < r->n_rules; j++) {
		const struct da_rule_result *rr = &r->rules[j];

		if (!selected(rr) || (g && da_report_section(rr->item) != g))
			continue;
		t.selected++;
		if (rr->result == DA_RES_FAIL)
			t.fail++;
		else if (rr->result == DA_RES_PASS || rr->result == DA_RES_FIXED)
			t.pass++;
		else
			t.other++;
	}
	return t;
}

static const struct da_item *top_group(const struct da_results *r, size_t i)
{
	const struct da_item *it = r->bench->root.children[i];

	return it->kind == DA_ITEM_GROUP ? it : NULL;
}

static void section_counts(FILE *out, const struct da_results *r)
{
	struct tally t;
	size_t i;

	fputs("<table class=\"sections\">\n<caption>Rules by section</caption>\n"
	      "<tr><th>Section</th><th>Selected rules</th><th>Failed</th><th>Passed</th>"
	      "<th>Other</th></tr>\n", out);
	for (i = 0; i < r->bench->root.n_children; i++) {
		if (!top_group(r, i))
			continue;
		t = tally(r, top_group(r, i));
		fputs("<tr>", out);
		elem(out, "td", top_group(r, i)->title, top_group(r, i)->id);
		fprintf(out, "<td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>\n", t.selected,
			t.fail, t.pass, t.other);
	}
	fputs("</table>\n", out);
}

/* Geometry of the chart: one bar per section (and one for all), labels on
 * the left, bars scaled to the largest count. */
#define CHART_LABEL 230
#define CHART_BAR 360
#define CHART_ROW 24

static void chart_part(FILE *out, const char *label, const char *what, size_t n, size_t max,
		       const char *fill, double *x, int y)
{
	double w = max ? (double)CHART_BAR * (double)n / (double)max : 0;

	if (!n)
		return;
	fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
		     "<title>", *x, y, w, CHART_ROW - 6, fill);
	esc(out, label);
	fprintf(out, ": %zu %s</title></rect>", n, what);
	*x += w;
}

static void chart_row(FILE *out, const char *label, struct tally t, size_t max, int row)
{
	int y = row * CHART_ROW + 4;
	double x = CHART_LABEL;

	fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"12\">",
		CHART_LABEL - 6, y + CHART_ROW - 10);
	esc(out, label);
	fputs("</text>", out);
	chart_part(out, label, "failed", t.fail, max, "#c62828", &x, y);
	chart_part(out, label, "passed", t.pass, max, "#2e7d32", &x, y);
	chart_part(out, label, "other", t.other, max, "#9e9e9e", &x, y);
	fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%zu</text>\n", x + 4,
		y + CHART_ROW - 10, t.selected);
}

/* Failed, passed and other rules per section as stacked bars, drawn in SVG
 * with no script; the title and description carry the numbers as text. */
static void chart(FILE *out, const struct da_results *r)
{
	struct tally all = tally(r, NULL);
	size_t i, rows = 1;
	int row = 1;

	for (i = 0; i < r->bench->root.n_children; i++)
		rows += top_group(r, i) != NULL;
	fprintf(out, "<figure class=\"chart\">\n<svg "
		     "viewBox=\"0 0 %d %zu\" role=\"img\" aria-labelledby=\"chart-title chart-desc\">\n"
		     "<title id=\"chart-title\">Rule results by section</title>\n"
		     "<desc id=\"chart-desc\">All sections: %zu selected rules, %zu failed, %zu passed, "
		     "%zu other.</desc>\n", CHART_LABEL + CHART_BAR + 40, rows * CHART_ROW + 8,
		all.selected, all.fail, all.pass, all.other);
	chart_row(out, "All sections", all, all.selected, 0);
	for (i = 0; i < r->bench->root.n_children; i++)
		if (top_group(r, i))
			chart_row(out, top_group(r, i)->title ? top_group(r, i)->title : top_group(r, i)->id,
				  tally(r, top_group(r, i)), all.selected, row++);
	fputs("</svg>\n<figcaption>Failed (red), passed (green) and other results (grey), "
	      "per section.</figcaption>\n</figure>\n", out);
}

/* What became of waiver U: how many failures it waived, or why none. */
static void waiver_status(FILE *out, const struct da_waiver_use *u)
{
	if (u->expired)
		fprintf(out, "<td class=\"expired\">expired: not applied to %zu failure%s</td>",
			u->matched, u->matched == 1 ? "" : "s");
	else if (u->waived)
		fprintf(out, "<td>waived %zu failure%s</td>", u->waived, u->waived == 1 ? "" : "s");
	else
		fputs("<td>unused: waived no failure</td>", out);
}

/* Every waiver of the file and what became of it. */
static void waivers_table(FILE *out, const struct da_results *r)
{
	const struct da_waiver *w;
	size_t i;

	if (!r->waivers)
		return;
	fputs("<table class=\"waivers\"><caption>Waivers: ", out);
	esc(out, r->waivers->path);
	fprintf(out, " (%zu failure%s waived in %zu rule%s)</caption>\n<tr><th>#</th><th>Rule</th>"
		     "<th>Subject</th><th>Approved by</th><th>Expires</th><th>Justification</th>"
		     "<th>Status</th></tr>\n", r->n_waived, r->n_waived == 1 ? "" : "s",
		da_report_waived_rules(r), da_report_waived_rules(r) == 1 ? "" : "s");
	for (i = 0; i < r->waivers->n; i++) {
		w = r->waiver_uses[i].waiver;
		fprintf(out, "<tr><td>%zu</td>", w->index);
		elem(out, "td", w->rule_id, "");
		elem(out, "td", w->subject, "");
		elem(out, "td", w->approved_by, "");
		elem(out, "td", w->expires, "");
		elem(out, "td", w->justification, "");
		waiver_status(out, &r->waiver_uses[i]);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

/* Geometry of the trend chart: the score axis on the left, one point per
 * run, oldest left. */
#define TREND_W 640
#define TREND_H 180
#define TREND_LEFT 48
#define TREND_TOP 12
#define TREND_BOTTOM 28

static void trend_xy(const struct da_report_history *h, size_t i, double max, int m, double *x,
		     double *y)
{
	double plot_w = TREND_W - TREND_LEFT - 16, plot_h = TREND_H - TREND_TOP - TREND_BOTTOM;
	double v = da_report_finite(h->trend[i].score[m]);

	*x = TREND_LEFT + (h->n_trend > 1 ? plot_w * (double)i / (double)(h->n_trend - 1) : plot_w / 2);
	*y = TREND_TOP + plot_h - (max > 0 ? plot_h * (v < 0 ? 0 : v > max ? max : v) / max : 0);
}

/* The score of each run the history keeps, as an inline SVG line (no
 * script, no network); each point's title gives its time and score. */
static void trend_chart(FILE *out, const struct da_results *r, const struct da_report_opts *opts)
{
	const struct da_report_history *h = opts ? opts->history : NULL;
	int m = (int)r->score_model;
	char first[DA_REPORT_TIME_LEN], last[DA_REPORT_TIME_LEN], when[DA_REPORT_TIME_LEN];
	double max = 0, x, y;
	size_t i;

	if (!h || !h->trend || !h->n_trend)
		return;
	for (i = 0; i < h->n_trend; i++)
		max = da_report_finite(h->trend[i].max[m]) > max ? da_report_finite(h->trend[i].max[m]) : max;
	da_report_time(h->trend[0].time, first);
	da_report_time(h->trend[h->n_trend - 1].time, last);
	fprintf(out, "<figure class=\"trend\" id=\"trend\">\n<svg viewBox=\"0 0 %d %d\" role=\"img\" "
		     "aria-labelledby=\"trend-title trend-desc\">\n<title id=\"trend-title\">Score "
		     "(%s) over the last %zu run%s</title>\n<desc id=\"trend-desc\">From %.2f on %s to "
		     "%.2f on %s, of %.2f.</desc>\n", TREND_W, TREND_H, da_score_model_name(m),
		h->n_trend, h->n_trend == 1 ? "" : "s", da_report_finite(h->trend[0].score[m]), first,
		da_report_finite(h->trend[h->n_trend - 1].score[m]), last, max);
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
		     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n",
		TREND_LEFT, TREND_TOP, TREND_LEFT, TREND_H - TREND_BOTTOM, TREND_LEFT,
		TREND_H - TREND_BOTTOM, TREND_W - 8, TREND_H - TREND_BOTTOM);
	fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\">%.0f</text>"
		     "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\">0</text>\n",
		TREND_LEFT - 4, TREND_TOP + 4, max, TREND_LEFT - 4, TREND_H - TREND_BOTTOM);
	fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>"
		     "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\">%s</text>\n",
		TREND_LEFT, TREND_H - 8, first, TREND_W - 8, TREND_H - 8, last);
	fputs("<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"", out);
	for (i = 0; i < h->n_trend; i++) {
		trend_xy(h, i, max, m, &x, &y);
		fprintf(out, "%s%.1f,%.1f", i ? " " : "", x, y);
	}
	fputs("\"/>\n", out);
	for (i = 0; i < h->n_trend; i++) {
		trend_xy(h, i, max, m, &x, &y);
		da_report_time(h->trend[i].time, when);
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1565c0\"><title>%s: "
			     "%.2f</title></circle>\n", x, y, when, da_report_finite(h->trend[i].score[m]));
	}
	fputs("</svg>\n<figcaption>Score per run of the history, oldest left.</figcaption>\n"
	      "</figure>\n", out);
}

/* How many rule/subject pairs fail now that did not in the run before. */
static void new_since_last(FILE *out, const struct marks *mk)
{
	if (!mk->have)
		return;
	fprintf(out, "<p class=\"since-last\" id=\"since-last\">%zu new failure%s since the last run"
		     "%s</p>\n", mk->n_new, mk->n_new == 1 ? "" : "s",
		mk->n_new ? ", marked <span class=\"badge b-new\">new since the last run</span> below" : "");
}

static void summary(FILE *out, const struct da_results *r, const struct da_report_opts *opts,
		    const struct marks *mk)
{
	fputs("<header id=\"summary\">\n<h1>dockaudit report</h1>\n", out);
	new_since_last(out, mk);
	fputs("<div class=\"summary\">\n", out);
	facts_table(out, r);
	scores_table(out, r);
	result_counts(out, r);
	severity_counts(out, r);
	section_counts(out, r);
	chart(out, r);
	trend_chart(out, r, opts);
	waivers_table(out, r);
	fputs("</div>\n</header>\n", out);
}

static void result_buttons(FILE *out, const struct da_results *r)
{
	size_t i;

	fputs("<button type=\"button\" data-filter=\"all\" aria-pressed=\"true\">all</button>", out);
	for (i = 0; i < N_PAGE_ORDER; i++)
		if (r->counts[page_order[i]])
			fprintf(out, "<button type=\"button\" data-filter=\"%s\" aria-pressed=\"false\">"
				     "%s (%zu)</button>", da_result_name(page_order[i]),
				da_result_name(page_order[i]), r->counts[page_order[i]]);
	if (da_report_waived_rules(r))
		fprintf(out, "<button type=\"button\" data-filter=\"" WAIVED "\" aria-pressed=\"false\">"
			     WAIVED " (%zu)</button>", da_report_waived_rules(r));
}

static void severity_select(FILE *out)
{
	int s;

	fputs("\n<select id=\"f-severity\" aria-label=\"Severity\"><option value=\"\">any severity"
	      "</option>", out);
	for (s = DA_SEV_HIGH; s >= DA_SEV_UNKNOWN; s--)
		fprintf(out, "<option value=\"%s\">%s</option>", da_severity_name(s),
			da_severity_name(s));
	fputs("</select>", out);
}

static void section_select(FILE *out, const struct da_results *r)
{
	size_t i;

	fputs("\n<select id=\"f-section\" aria-label=\"Section\"><option value=\"\">any section"
	      "</option>", out);
	for (i = 0; i < r->bench->root.n_children; i++) {
		if (!top_group(r, i))
			continue;
		fputs("<option value=\"", out);
		esc(out, section_key(top_group(r, i)));
		fputs("\">", out);
		esc(out, top_group(r, i)->title ? top_group(r, i)->title : top_group(r, i)->id);
		fputs("</option>", out);
	}
	fputs("</select>", out);
}

static void filter_nav(FILE *out, const struct da_results *r)
{
	fputs("<nav aria-label=\"Filter rules\">\n", out);
	result_buttons(out, r);
	severity_select(out);
	section_select(out, r);
	fputs("\n<input type=\"search\" id=\"q\" placeholder=\"Search rules and subjects\" "
	      "aria-label=\"Search rules and subjects\">\n<p id=\"shown\" aria-live=\"polite\"></p>\n"
	      "</nav>\n", out);
}

/* The text the search box matches: rule id, CIS number, title, subjects. */
static void search_attr(FILE *out, const struct da_rule_result *rr)
{
	const struct da_item *it = rr->item;
	size_t i;

	fputs(" data-search=\"", out);
	esc(out, it->id);
	fputc(' ', out);
	esc(out, it->rule ? it->rule->cis : NULL);
	fputc(' ', out);
	esc(out, it->title);
	for (i = 0; i < rr->n_instances; i++) {
		fputc(' ', out);
		esc(out, rr->instances[i].name);
	}
	fputc('"', out);
}

static void badge(FILE *out, enum da_result res)
{
	fprintf(out, "<span class=\"badge b-%s\">%s</span>", da_result_name(res), da_result_name(res));
}

static void waived_badge(FILE *out)
{
	fputs("<span class=\"badge b-" WAIVED "\">" WAIVED "</span>", out);
}

/* The evidence, and for a waived result who waived it, why, until when. */
static void evidence(FILE *out, const struct da_instance *in)
{
	fputs("<td>", out);
	esc(out, in->message ? in->message : "");
	if (in->waiver) {
		fprintf(out, "<p class=\"waiver\">Waived (was %s) until ", da_result_name(in->original));
		esc(out, in->waiver->expires);
		fputs(", approved by ", out);
		esc(out, in->waiver->approved_by);
		fputs(": ", out);
		esc(out, in->waiver->justification);
		fputs("</p>", out);
	}
	fputs("</td>", out);
}

/* Ids are shown short, as `docker ps` does; the full id is the title. */
static void short_id(FILE *out, const char *id)
{
	char *s;

	if (!id)
		return;
	s = da_xstrndup(id, 12);
	fputs("<code title=\"", out);
	esc(out, id);
	fputs("\">", out);
	esc(out, s);
	fputs("</code>", out);
	free(s);
}

static void instance_row(FILE *out, const struct da_instance *in, bool is_new)
{
	fprintf(out, "<tr class=\"i-%s\">", in->waiver ? WAIVED : da_result_name(in->result));
	elem(out, "td", in->kind, "");
	elem(out, "td", in->name, "");
	fputs("<td>", out);
	short_id(out, in->id);
	fputs("</td><td>", out);
	badge(out, in->result);
	if (in->waiver) {
		fputc(' ', out);
		waived_badge(out);
	}
	if (is_new) {
		fputc(' ', out);
		new_badge(out);
	}
	fputs("</td>", out);
	evidence(out, in);
	fputs("</tr>\n", out);
}

static void instances_table(FILE *out, const struct da_rule_result *rr, const struct marks *mk,
			    size_t idx)
{
	size_t i;

	if (!rr->n_instances)
		return;
	fputs("<table class=\"instances\"><thead><tr><th>Kind</th><th>Name</th><th>ID</th>"
	      "<th>Result</th><th>Evidence</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < rr->n_instances; i++)
		instance_row(out, &rr->instances[i], new_instance(mk, idx, i));
	fputs("</tbody></table>\n", out);
}

static void fixes(FILE *out, const struct da_rule *rule)
{
	size_t i;

	if (!rule || (!rule->fixtext && !rule->n_fixes))
		return;
	fputs("<h3>Fix</h3>\n", out);
	if (rule->fixtext)
		elem(out, "p", rule->fixtext, "");
	for (i = 0; i < rule->n_fixes; i++) {
		fputs("\n<h4>Script <code>", out);
		esc(out, rule->fixes[i].system);
		fputs("</code></h4>\n", out);
		elem(out, "pre", rule->fixes[i].text, "");
	}
	fputc('\n', out);
}

static void rule_heading(FILE *out, const struct da_rule_result *rr, bool is_new)
{
	const struct da_item *it = rr->item;
	const char *sev = da_severity_name(rr->severity);

	fputs("<h2>", out);
	badge(out, rr->result);
	if (rr->n_waived) {
		fputc(' ', out);
		waived_badge(out);
	}
	if (is_new) {
		fputc(' ', out);
		new_badge(out);
	}
	fputs(" <span class=\"cis\">", out);
	esc(out, it->rule && it->rule->cis ? it->rule->cis : "-");
	fprintf(out, "</span> <span class=\"sev s-%s\">%s</span> ", sev, sev);
	esc(out, it->title ? it->title : it->id);
	fputs("</h2>\n<p class=\"rid\">", out);
	esc(out, it->id);
	fputs("</p>\n", out);
}

static void rule_open(FILE *out, const struct da_rule_result *rr, size_t idx, bool is_new)
{
	fprintf(out, "<section class=\"rule r-%s\" id=\"rule-%zu\" data-result=\"%s\" "
		     "data-severity=\"%s\" data-section=\"", rr->n_waived && rr->result == DA_RES_PASS ?
		WAIVED : da_result_name(rr->result), idx, da_result_name(rr->result),
		da_severity_name(rr->severity));
	esc(out, section_key(da_report_section(rr->item)));
	fputc('"', out);
	if (rr->n_waived)
		fprintf(out, " data-waived=\"%zu\"", rr->n_waived);
	if (is_new)
		fputs(" data-new=\"new\"", out);
	search_attr(out, rr);
	fputs(">\n", out);
}

static void rule_section(FILE *out, const struct da_rule_result *rr, size_t idx,
			 const struct marks *mk)
{
	const struct da_item *it = rr->item;

	rule_open(out, rr, idx, new_rule(mk, idx));
	rule_heading(out, rr, new_rule(mk, idx));
	if (rr->message) {
		fputs("<p class=\"msg\">", out);
		esc(out, rr->message);
		fputs("</p>\n", out);
	}
	if (it->description)
		elem(out, "p", it->description, "");
	if (it->rationale) {
		fputs("\n<h3>Rationale</h3>\n", out);
		elem(out, "p", it->rationale, "");
	}
	fputc('\n', out);
	instances_table(out, rr, mk, idx);
	fixes(out, it->rule);
	fputs("</section>\n", out);
}

/* Where RR comes on the page: twice its result's place in page_order,
 * one less for a pass with waived failures. Past the end: not listed. */
static size_t page_rank(const struct da_rule_result *rr)
{
	size_t o;

	for (o = 0; o < N_PAGE_ORDER && page_order[o] != rr->result; o++)
		;
	return 2 * o + 1 - (rr->n_waived && rr->result == DA_RES_PASS);
}

static void rules(FILE *out, const struct da_results *r, const struct marks *mk)
{
	size_t k, i;

	fputs("<main id=\"rules\">\n", out);
	for (k = 0; k < 2 * N_PAGE_ORDER; k++)
		for (i = 0; i < r->n_rules; i++)
			if (page_rank(&r->rules[i]) == k)
				rule_section(out, &r->rules[i], i, mk);
	fputs("</main>\n", out);
}

/* One container of the per-container view: the rules (indexes into
 * r->rules, document order) it fails, and those whose failure was waived. */
struct ctr {
	const char *name; /* borrowed from the results */
	const char *id;   /* may be NULL */
	size_t *fail;
	size_t n_fail;
	size_t *waived;
	size_t n_waived;
};

struct ctrs {
	struct ctr *v;
	size_t n;
};

static bool same_ctr(const struct ctr *c, const struct da_instance *in)
{
	if (c->id || in->id)
		return c->id && in->id && strcmp(c->id, in->id) == 0;
	return c->name && in->name && strcmp(c->name, in->name) == 0;
}

static struct ctr *ctr_of(struct ctrs *cs, const struct da_instance *in)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (same_ctr(&cs->v[i], in))
			return &cs->v[i];
	cs->v = da_xreallocarray(cs->v, cs->n + 1, sizeof(*cs->v));
	memset(&cs->v[cs->n], 0, sizeof(cs->v[0]));
	cs->v[cs->n].name = in->name;
	cs->v[cs->n].id = in->id;
	return &cs->v[cs->n++];
}

/* Add rule IDX to the list (*V, *N) once. */
static void add_rule(size_t **v, size_t *n, size_t idx)
{
	if (*n && (*v)[*n - 1] == idx)
		return;
	*v = da_xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = idx;
}

static int ctr_cmp(const void *a, const void *b)
{
	const struct ctr *x = a, *y = b;

	if (x->n_fail != y->n_fail)
		return x->n_fail < y->n_fail ? 1 : -1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

/* Every container subject of the selected rules, most failures first. */
static struct ctrs containers_of(const struct da_results *r)
{
	struct ctrs cs = { NULL, 0 };
	struct ctr *c;
	size_t i, j;

	for (i = 0; i < r->n_rules; i++) {
		for (j = 0; selected(&r->rules[i]) && j < r->rules[i].n_instances; j++) {
			const struct da_instance *in = &r->rules[i].instances[j];

			if (!in->kind || strcmp(in->kind, "container") != 0)
				continue;
			c = ctr_of(&cs, in);
			if (in->result == DA_RES_FAIL)
				add_rule(&c->fail, &c->n_fail, i);
			else if (in->waiver)
				add_rule(&c->waived, &c->n_waived, i);
		}
	}
	if (cs.n)
		qsort(cs.v, cs.n, sizeof(*cs.v), ctr_cmp);
	return cs;
}

static void ctrs_free(struct ctrs *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		free(cs->v[i].fail);
		free(cs->v[i].waived);
	}
	free(cs->v);
}

/* A link to rule IDX: its result, CIS number, severity and title. */
static void rule_link(FILE *out, const struct da_results *r, size_t idx, bool waived)
{
	const struct da_rule_result *rr = &r->rules[idx];
	const char *sev = da_severity_name(rr->severity);

	fputs("<li>", out);
	if (waived) {
		waived_badge(out);
		fputc(' ', out);
	}
	fprintf(out, "<a href=\"#rule-%zu\"><span class=\"cis\">", idx);
	esc(out, rr->item->rule && rr->item->rule->cis ? rr->item->rule->cis : "-");
	fprintf(out, "</span> <span class=\"sev s-%s\">%s</span> ", sev, sev);
	esc(out, rr->item->title ? rr->item->title : rr->item->id);
	fputs("</a></li>\n", out);
}

static void container_block(FILE *out, const struct da_results *r, const struct ctr *c)
{
	size_t i;

	fputs("<div class=\"container\" data-container=\"", out);
	esc(out, c->name);
	fputs("\">\n<h3>", out);
	esc(out, c->name ? c->name : "(unnamed)");
	fputc(' ', out);
	short_id(out, c->id);
	fprintf(out, " <span class=\"n\">%zu failing rule%s", c->n_fail, c->n_fail == 1 ? "" : "s");
	if (c->n_waived)
		fprintf(out, ", %zu waived", c->n_waived);
	fputs("</span></h3>\n<ul>\n", out);
	for (i = 0; i < c->n_fail; i++)
		rule_link(out, r, c->fail[i], false);
	for (i = 0; i < c->n_waived; i++)
		rule_link(out, r, c->waived[i], true);
	fputs("</ul>\n</div>\n", out);
}

/* Containers without failures, on one line. */
static void clean_containers(FILE *out, const struct ctrs *cs)
{
	size_t i, n = 0;

	for (i = 0; i < cs->n; i++)
		n += !cs->v[i].n_fail && !cs->v[i].n_waived;
	if (!n)
		return;
	fprintf(out, "<p class=\"clean\">%zu container%s without failing rules: ", n,
		n == 1 ? "" : "s");
	for (i = 0, n = 0; i < cs->n; i++) {
		if (cs->v[i].n_fail || cs->v[i].n_waived)
			continue;
		fputs(n++ ? ", " : "", out);
		fputs("<span class=\"container\" data-container=\"", out);
		esc(out, cs->v[i].name);
		fputs("\">", out);
		esc(out, cs->v[i].name ? cs->v[i].name : "(unnamed)");
		fputs("</span>", out);
	}
	fputs("</p>\n", out);
}

/* The per-container view: what each container fails, with links to the
 * rules. */
static void containers(FILE *out, const struct da_results *r)
{
	struct ctrs cs = containers_of(r);
	size_t i, failing = 0;

	for (i = 0; i < cs.n; i++)
		failing += cs.v[i].n_fail > 0;
	fprintf(out, "<section id=\"containers\" class=\"containers\">\n<h2>Containers</h2>\n"
		     "<p>%zu container%s audited, %zu with failing rules.</p>\n", cs.n,
		cs.n == 1 ? "" : "s", failing);
	for (i = 0; i < cs.n; i++)
		if (cs.v[i].n_fail || cs.v[i].n_waived)
			container_block(out, r, &cs.v[i]);
	clean_containers(out, &cs);
	fputs("</section>\n", out);
	ctrs_free(&cs);
}

static int html_write(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
		      struct da_err *err)
{
	struct marks mk = marks_of(r, opts);

	head(out, r);
	summary(out, r, opts, &mk);
	containers(out, r);
	filter_nav(out, r);
	rules(out, r, &mk);
	marks_free(&mk);
	fprintf(out, "<footer><p>Generated by dockaudit %s.</p></footer>\n<script>%s</script>\n"
		     "</body>\n</html>\n", PACKAGE_VERSION, script);
	return da_report_check_stream(out, err);
}

const struct da_reporter da_report_html = {
	.name = "html",
	.summary = "a self-contained HTML report",
	.write = html_write,
};
