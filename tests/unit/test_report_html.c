/*
 * The HTML reporter: hostile names come out escaped and never raw, the
 * Content-Security-Policy is in place before any style or script, nothing
 * is fetched from outside, failures are listed first, and no host text
 * reaches the script.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"

#define CSP_META "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; " \
		 "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"

static char *render(const struct da_results *r)
{
	return fx_render(&da_report_html, r, NULL);
}

static size_t offset_of(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	if (!p)
		fail_msg("missing from the page: %s", needle);
	return (size_t)(p - hay);
}

static void test_escaping(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);

	assert_null(strstr(out, FX_NAME_SCRIPT));
	assert_null(strstr(out, "<script>alert"));
	/* in the table cell and in the search attribute */
	assert_int_equal(fx_count(out, "&lt;script&gt;alert(1)&lt;/script&gt;"), 2);
	assert_null(strstr(out, FX_NAME_QUOTES));
	assert_int_equal(fx_count(out, "a&quot;b&amp;c&#39;d"), 2);
	assert_null(strchr(out, '\033'));
	assert_null(strchr(out, '\007'));
	assert_non_null(strstr(out, "<td>\\x1b[2Jevil</td>"));
	assert_non_null(strstr(out, "<td>line one\nline two \\x1b]0;pwned\\x07 done</td>"));
	assert_non_null(strstr(out, "<pre>jq &#39;.icc = false&#39; /etc/docker/daemon.json &gt; "
				    "/tmp/d &amp;&amp; mv /tmp/d /etc/docker/daemon.json</pre>"));
	free(out);
	fx_free(r);
}

/* Container ids show short, as `docker ps` does, with the full id as title. */
static void test_short_ids(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);

	(void)state;
	assert_non_null(strstr(out, "<code title=\"1111111111111111111111111111111111111111111111111111111111111111\">111111111111</code>"));
	assert_null(strstr(out, ">1111111111111111111111111111111111111111111111111111111111111111<"));
	free(out);
	fx_free(r);
}

static void test_self_contained(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);
	const char *script;

	assert_int_equal(strncmp(out, "<!DOCTYPE html>\n<html lang=\"en\">", 32), 0);
	assert_true(offset_of(out, CSP_META) < offset_of(out, "<style>"));
	assert_true(offset_of(out, "<meta charset=\"utf-8\">") < offset_of(out, CSP_META));
	assert_int_equal(fx_count(out, "<script"), 1);
	assert_int_equal(fx_count(out, "</script>"), 1);
	assert_null(strstr(out, "src="));
	assert_null(strstr(out, "href="));
	assert_null(strstr(out, "<link"));
	assert_null(strstr(out, "@import"));
	assert_null(strstr(out, "url("));
	assert_null(strstr(out, "http://"));
	assert_null(strstr(out, "https://"));
	assert_non_null(strstr(out, "@media print"));
	/* the script is ours alone: no host or rule text inside it */
	script = out + offset_of(out, "<script>");
	assert_null(strstr(script, FX_HOSTNAME));
	assert_null(strstr(script, "container"));
	assert_non_null(strstr(script, "data-search"));
	assert_int_equal(fx_count(out, "<section"), fx_count(out, "</section>"));
	assert_int_equal(fx_count(out, "<table"), fx_count(out, "</table>"));
	assert_int_equal(fx_count(out, "<tr"), fx_count(out, "</tr>"));
	free(out);
	fx_free(r);
}

static void test_summary(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);

	assert_non_null(strstr(out, "<title>dockaudit: " FX_HOSTNAME "</title>"));
	assert_non_null(strstr(out, "<tr><th>Host</th><td>" FX_HOSTNAME "</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>Started</th><td>2026-11-25T08:00:00Z</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>Profile</th><td>Strict</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>Score</th><td>37.50 of 100.00</td></tr>"));
	assert_non_null(strstr(out, "<span class=\"badge b-fail\">fail</span></td><td>2</td>"));
	assert_non_null(strstr(out, "<span class=\"sev s-high\">high</span></td><td>1</td><td>1</td>"));
	assert_non_null(strstr(out, "<span class=\"sev s-low\">low</span></td><td>1</td><td>0</td>"));
	assert_non_null(strstr(out, "<tr><td>Daemon</td><td>1</td><td>1</td></tr>"));
	assert_non_null(strstr(out, "<tr><td>Containers</td><td>2</td><td>1</td></tr>"));
	/* the summary comes before the rules */
	assert_true(offset_of(out, "<header>") < offset_of(out, "<main>"));
	assert_non_null(strstr(out, "data-filter=\"fail\""));
	assert_non_null(strstr(out, "data-filter=\"error\""));
	assert_null(strstr(out, "data-filter=\"pass\""));
	assert_non_null(strstr(out, "<input type=\"search\" id=\"q\""));
	free(out);
	fx_free(r);
}

static void test_order(void **state)
{
	struct da_results *r = fx_results();
	char *out;

	r->rules[0].result = DA_RES_PASS;
	out = render(r);
	assert_int_equal(fx_count(out, "<section class=\"rule"), 3);
	assert_int_equal(fx_count(out, "data-result=\"fail\""), 1);
	assert_true(offset_of(out, "Do not run privileged containers</h2>") <
		    offset_of(out, "Limit container memory</h2>"));
	assert_true(offset_of(out, "Limit container memory</h2>") <
		    offset_of(out, "Restrict traffic between containers</h2>"));
	assert_non_null(strstr(out, "<h3>Rationale</h3>\n<p>Containers should not reach each other "
				    "by default.</p>"));
	free(out);
	/* not selected: not on the page */
	r->rules[2].result = DA_RES_NOTSELECTED;
	out = render(r);
	assert_int_equal(fx_count(out, "<section class=\"rule"), 2);
	assert_null(strstr(out, "Limit container memory"));
	free(out);
	fx_free(r);
}

/* Waived results: their own badge, who, why and until when (escaped),
 * the waivers table, a filter, and the rule listed before the passes. */
static void test_waivers(void **state)
{
	struct da_results *r = fx_results();
	struct da_waivers *w = fx_waive(r);
	char *out = render(r);
	const char *script;

	assert_null(strstr(out, FX_WAIVER_WHY));
	assert_null(strstr(out, FX_WAIVER_WHO));
	assert_null(strchr(out, '\033'));
	/* the waived subject */
	assert_non_null(strstr(out, "<tr class=\"i-waived\"><td>container</td><td>&lt;script&gt;alert(1)"
				    "&lt;/script&gt;</td>"));
	assert_non_null(strstr(out, "<td><span class=\"badge b-waived\">waived</span></td><td>/inspect/"
				    "HostConfig/Privileged is true; expected equals false<p class=\"waiver\">"
				    "Waived (was fail) until 2027-03-31, approved by Sec &amp; Ops &lt;team&gt;: "
				    "needs &lt;b&gt;&quot;it&quot;&lt;/b&gt; &amp; more \\x1b[2J</p></td>"));
	/* its rule keeps its own result and shows it had a waiver */
	assert_non_null(strstr(out, "<section class=\"rule r-error\" id=\"rule-1\" data-result=\"error\" "
				    "data-severity=\"high\" data-waived=\"1\""));
	assert_non_null(strstr(out, "<h2><span class=\"badge b-error\">error</span> <span class=\"badge "
				    "b-waived\">waived</span> <span class=\"cis\">5.5</span>"));
	/* the expired waiver's failure keeps its badge and says why */
	assert_non_null(strstr(out, "<td><span class=\"badge b-fail\">fail</span></td><td>/settings/icc/"
				    "value is true; expected equals false; waiver expired on 2026-01-31</td>"));
	/* the table of waivers, in the summary */
	assert_non_null(strstr(out, "<caption>Waivers: w.json (1 failure waived in 1 rule)</caption>"));
	assert_non_null(strstr(out, "<td>2027-03-31</td><td>needs &lt;b&gt;&quot;it&quot;&lt;/b&gt; &amp; "
				    "more \\x1b[2J</td><td>waived 1 failure</td></tr>"));
	assert_non_null(strstr(out, "<td>2026-01-31</td><td>until the migration</td><td class=\"expired\">"
				    "expired: not applied to 1 failure</td></tr>"));
	assert_non_null(strstr(out, "<td>never used</td><td>unused: waived no failure</td></tr>"));
	assert_true(offset_of(out, "<table class=\"waivers\">") < offset_of(out, "</header>"));
	/* a filter for rules with waived failures; the script holds no host text */
	assert_non_null(strstr(out, "<button type=\"button\" data-filter=\"waived\" "
				    "aria-pressed=\"false\">waived (1)</button>"));
	script = out + offset_of(out, "<script>");
	assert_null(strstr(script, "needs"));
	assert_int_equal(fx_count(out, "<table"), fx_count(out, "</table>"));
	assert_int_equal(fx_count(out, "<tr"), fx_count(out, "</tr>"));
	free(out);
	/* a rule whose only failure is waived passes, and comes before the
	 * other passes */
	r->rules[1].result = DA_RES_PASS;
	r->rules[0].result = DA_RES_PASS;
	out = render(r);
	assert_non_null(strstr(out, "<section class=\"rule r-waived\" id=\"rule-1\" data-result=\"pass\""));
	assert_true(offset_of(out, "Do not run privileged containers</h2>") <
		    offset_of(out, "Restrict traffic between containers</h2>"));
	free(out);
	fx_free(r);
	da_waivers_free(w);
}

/* Without waivers, nothing about them. */
static void test_no_waivers(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);

	assert_null(strstr(out, "<table class=\"waivers\">"));
	assert_null(strstr(out, "data-filter=\"waived\""));
	assert_null(strstr(out, "data-waived=\""));
	assert_null(strstr(out, "class=\"badge b-waived\""));
	free(out);
	fx_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_short_ids),
		cmocka_unit_test(test_self_contained),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_waivers),
		cmocka_unit_test(test_no_waivers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
