/*
 * The "html" reporter: one self-contained HTML5 page (inline style and
 * script, a Content-Security-Policy that forbids any fetch) with the
 * summary first and then every selected rule, failures first, then rules
 * with waived failures (their own badge, who approved, why, until when),
 * then the rest. Every string
 * that is not a literal of this file goes through esc(); no host text is
 * ever written inside the <script>.
 */
#include "report/report.h"
#include "common/xalloc.h"
#include "report/util.h"
#include "engine/waivers.h"

#include <stdlib.h>
#include <string.h>

#define CSP                                                                       \
	"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; " \
	"img-src data:"

static const char style[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;"
	"max-width:72rem;padding:1rem 1.5rem;color:#1d1d1f;background:#fff}\n"
	"h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:0 0 .4rem}"
	"h3{font-size:.95rem;margin:.8rem 0 .2rem}\n"
	"table{border-collapse:collapse;margin:.3rem 0}"
	"th,td{border:1px solid #d0d0d5;padding:.2rem .5rem;text-align:left;vertical-align:top}\n"
	"th{background:#f2f2f5}.facts th{width:9rem}.summary{display:flex;flex-wrap:wrap;gap:1.5rem}\n"
	"code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}\n"
	"pre{background:#f6f6f8;border:1px solid #e0e0e5;padding:.5rem;overflow-x:auto;"
	"white-space:pre-wrap;word-break:break-all}\n"
	".rule{border:1px solid #d0d0d5;border-left-width:6px;border-radius:4px;padding:.6rem .9rem;"
	"margin:.8rem 0}\n"
	".rule[hidden]{display:none}.rid{color:#666;font-size:.8rem;margin:0}"
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
	"nav{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ddd}\n"
	"nav button{margin:0 .3rem .3rem 0;padding:.2rem .6rem;border:1px solid #aaa;"
	"border-radius:3px;background:#f5f5f5;cursor:pointer}\n"
	"nav button[aria-pressed=true]{background:#333;color:#fff}"
	"nav input{padding:.2rem .4rem;min-width:16rem}\n"
	"@media print{nav{display:none}.rule[hidden]{display:block}.rule{break-inside:avoid}"
	"body{max-width:none;font-size:11px}pre{white-space:pre-wrap}}\n";

static const char script[] =
	"(function(){\n"
	"var cur='all',q=document.getElementById('q');\n"
	"function apply(){var s=q.value.toLowerCase(),r=document.querySelectorAll('section.rule');\n"
	"for(var i=0;i<r.length;i++){var ok=(cur==='all'||r[i].getAttribute('data-result')===cur||\n"
	"(cur==='waived'&&r[i].hasAttribute('data-waived')))&&\n"
	"(!s||r[i].getAttribute('data-search').toLowerCase().indexOf(s)>=0);r[i].hidden=!ok;}}\n"
	"var b=document.querySelectorAll('button[data-filter]');\n"
	"for(var i=0;i<b.length;i++){b[i].addEventListener('click',function(){\n"
	"cur=this.getAttribute('data-filter');\n"
	"for(var j=0;j<b.length;j++){b[j].setAttribute('aria-pressed',b[j]===this?'true':'false');}\n"
	"apply();});}\n"
	"q.addEventListener('input',apply);\n"
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

static void head(FILE *out, const struct da_results *r)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"" CSP "\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"dockaudit " PACKAGE_VERSION "\">\n<title>dockaudit: ",
	      out);
	esc(out, da_report_host(r->facts, "hostname"));
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

static void facts_table(FILE *out, const struct da_results *r)
{
	const struct da_score *s = &r->scores[DA_SCORE_DEFAULT];
	char score[64];

	fputs("<table class=\"facts\">\n", out);
	fact_row(out, "Host", da_report_host(r->facts, "hostname"));
	fact_row(out, "Operating system", da_report_host(r->facts, "os"));
	fact_row(out, "Kernel", da_report_host(r->facts, "kernel"));
	time_row(out, "Started", r->start_time);
	time_row(out, "Finished", r->end_time);
	fact_row(out, "Benchmark", r->bench->title ? r->bench->title : r->bench->id);
	fact_row(out, "Benchmark version", r->bench->version);
	fact_row(out, "Profile", r->profile ? (r->profile->title ? r->profile->title : r->profile->id)
					    : "(the benchmark's default selection)");
	snprintf(score, sizeof(score), "%.2f of %.2f", da_report_finite(s->score),
		 da_report_finite(s->max));
	fact_row(out, "Score", score);
	fputs("</table>\n", out);
}

static void scores_table(FILE *out, const struct da_results *r)
{
	int m;

	fputs("<table class=\"scores\"><tr><th>Scoring model</th><th>Score</th><th>Maximum</th></tr>\n",
	      out);
	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++)
		fprintf(out, "<tr><td>%s</td><td>%.2f</td><td>%.2f</td></tr>\n", da_score_model_name(m),
			da_report_finite(r->scores[m].score), da_report_finite(r->scores[m].max));
	fputs("</table>\n", out);
}

static void result_counts(FILE *out, const struct da_results *r)
{
	int i;

	fputs("<table class=\"counts\"><tr><th>Result</th><th>Rules</th></tr>\n", out);
	for (i = 0; i < DA_RES_COUNT; i++)
		fprintf(out, "<tr><td><span class=\"badge b-%s\">%s</span></td><td>%zu</td></tr>\n",
			da_result_name(i), da_result_name(i), r->counts[i]);
	fputs("</table>\n", out);
}

static enum da_severity severity_of(const struct da_rule_result *rr)
{
	if ((unsigned)rr->severity > DA_SEV_HIGH)
		return DA_SEV_UNKNOWN;
	return rr->severity;
}

static void severity_counts(FILE *out, const struct da_results *r)
{
	size_t n[DA_SEV_HIGH + 1][2] = { { 0 } };
	size_t i;
	int s;

	for (i = 0; i < r->n_rules; i++) {
		if (r->rules[i].result == DA_RES_NOTSELECTED)
			continue;
		n[severity_of(&r->rules[i])][0]++;
		if (r->rules[i].result == DA_RES_FAIL)
			n[severity_of(&r->rules[i])][1]++;
	}
	fputs("<table class=\"severities\"><tr><th>Severity</th><th>Selected rules</th>"
	      "<th>Failed</th></tr>\n", out);
	for (s = DA_SEV_HIGH; s >= DA_SEV_UNKNOWN; s--)
		fprintf(out, "<tr><td><span class=\"sev s-%s\">%s</span></td><td>%zu</td><td>%zu</td></tr>\n",
			da_severity_name(s), da_severity_name(s), n[s][0], n[s][1]);
	fputs("</table>\n", out);
}

/* The top-level group (the benchmark's "section") holding IT, or IT. */
static const struct da_item *section_of(const struct da_item *it)
{
	while (it->parent && it->parent->parent)
		it = it->parent;
	return it;
}

static void section_row(FILE *out, const struct da_results *r, const struct da_item *g)
{
	size_t j, sel = 0, failed = 0;

	for (j = 0; j < r->n_rules; j++) {
		if (section_of(r->rules[j].item) != g || r->rules[j].result == DA_RES_NOTSELECTED)
			continue;
		sel++;
		failed += r->rules[j].result == DA_RES_FAIL;
	}
	fputs("<tr>", out);
	elem(out, "td", g->title, g->id);
	fprintf(out, "<td>%zu</td><td>%zu</td></tr>\n", sel, failed);
}

static void section_counts(FILE *out, const struct da_results *r)
{
	size_t i;

	fputs("<table class=\"sections\"><tr><th>Section</th><th>Selected rules</th>"
	      "<th>Failed</th></tr>\n", out);
	for (i = 0; i < r->bench->root.n_children; i++)
		if (r->bench->root.children[i]->kind == DA_ITEM_GROUP)
			section_row(out, r, r->bench->root.children[i]);
	fputs("</table>\n", out);
}

static size_t waived_rules(const struct da_results *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_rules; i++)
		n += r->rules[i].n_waived > 0;
	return n;
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
		waived_rules(r), waived_rules(r) == 1 ? "" : "s");
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

static void summary(FILE *out, const struct da_results *r)
{
	fputs("<header>\n<h1>dockaudit report</h1>\n<div class=\"summary\">\n", out);
	facts_table(out, r);
	result_counts(out, r);
	severity_counts(out, r);
	section_counts(out, r);
	scores_table(out, r);
	waivers_table(out, r);
	fputs("</div>\n</header>\n", out);
}

static void filter_nav(FILE *out, const struct da_results *r)
{
	size_t i;

	fputs("<nav aria-label=\"Filter rules\">\n"
	      "<button type=\"button\" data-filter=\"all\" aria-pressed=\"true\">all</button>", out);
	for (i = 0; i < N_PAGE_ORDER; i++)
		if (r->counts[page_order[i]])
			fprintf(out, "<button type=\"button\" data-filter=\"%s\" aria-pressed=\"false\">"
				     "%s (%zu)</button>", da_result_name(page_order[i]),
				da_result_name(page_order[i]), r->counts[page_order[i]]);
	if (waived_rules(r))
		fprintf(out, "<button type=\"button\" data-filter=\"" WAIVED "\" aria-pressed=\"false\">"
			     WAIVED " (%zu)</button>", waived_rules(r));
	fputs("\n<input type=\"search\" id=\"q\" placeholder=\"Search rules and subjects\" "
	      "aria-label=\"Search rules and subjects\">\n</nav>\n", out);
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

static void instance_row(FILE *out, const struct da_instance *in)
{
	fprintf(out, "<tr class=\"i-%s\">", in->waiver ? WAIVED : da_result_name(in->result));
	elem(out, "td", in->kind, "");
	elem(out, "td", in->name, "");
	/* Ids are shown short, as `docker ps` does; the full id is the title. */
	fputs("<td><code title=\"", out);
	esc(out, in->id);
	fputs("\">", out);
	if (in->id) {
		char *short_id = da_xstrndup(in->id, 12);

		esc(out, short_id);
		free(short_id);
	}
	fputs("</code></td><td>", out);
	if (in->waiver)
		fputs("<span class=\"badge b-" WAIVED "\">" WAIVED "</span>", out);
	else
		badge(out, in->result);
	fputs("</td>", out);
	evidence(out, in);
	fputs("</tr>\n", out);
}

static void instances_table(FILE *out, const struct da_rule_result *rr)
{
	size_t i;

	if (!rr->n_instances)
		return;
	fputs("<table class=\"instances\"><thead><tr><th>Kind</th><th>Name</th><th>ID</th>"
	      "<th>Result</th><th>Evidence</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < rr->n_instances; i++)
		instance_row(out, &rr->instances[i]);
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

static void rule_heading(FILE *out, const struct da_rule_result *rr)
{
	const struct da_item *it = rr->item;
	const char *sev = da_severity_name(severity_of(rr));

	fputs("<h2>", out);
	badge(out, rr->result);
	if (rr->n_waived)
		fputs(" <span class=\"badge b-" WAIVED "\">" WAIVED "</span>", out);
	fputs(" <span class=\"cis\">", out);
	esc(out, it->rule && it->rule->cis ? it->rule->cis : "-");
	fprintf(out, "</span> <span class=\"sev s-%s\">%s</span> ", sev, sev);
	esc(out, it->title ? it->title : it->id);
	fputs("</h2>\n<p class=\"rid\">", out);
	esc(out, it->id);
	fputs("</p>\n", out);
}

static void rule_section(FILE *out, const struct da_rule_result *rr, size_t idx)
{
	const struct da_item *it = rr->item;

	fprintf(out, "<section class=\"rule r-%s\" id=\"rule-%zu\" data-result=\"%s\" "
		     "data-severity=\"%s\"", rr->n_waived && rr->result == DA_RES_PASS ? WAIVED :
		da_result_name(rr->result), idx, da_result_name(rr->result),
		da_severity_name(severity_of(rr)));
	if (rr->n_waived)
		fprintf(out, " data-waived=\"%zu\"", rr->n_waived);
	search_attr(out, rr);
	fputs(">\n", out);
	rule_heading(out, rr);
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
	instances_table(out, rr);
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

static void rules(FILE *out, const struct da_results *r)
{
	size_t k, i;

	fputs("<main>\n", out);
	for (k = 0; k < 2 * N_PAGE_ORDER; k++)
		for (i = 0; i < r->n_rules; i++)
			if (page_rank(&r->rules[i]) == k)
				rule_section(out, &r->rules[i], i);
	fputs("</main>\n", out);
}

static int html_write(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
		      struct da_err *err)
{
	head(out, r);
	summary(out, r);
	filter_nav(out, r);
	rules(out, r);
	fprintf(out, "<footer><p>Generated by dockaudit %s.</p></footer>\n<script>\n%s</script>\n"
		     "</body>\n</html>\n", PACKAGE_VERSION, script);
	return da_report_check_stream(out, err);
}

const struct da_reporter da_report_html = {
	.name = "html",
	.summary = "a self-contained HTML report",
	.write = html_write,
};
