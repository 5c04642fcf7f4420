/*
 * The HTML reporter: hostile names come out escaped and never raw, the
 * Content-Security-Policy names the digests of the page's one style and
 * one script (and allows nothing else), nothing is fetched from outside,
 * failures are listed first, every rule carries what the filters read, and
 * the per-container view lists what each container fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "report/sha256.h"
#include "report_fixture.h"

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

/* The text between OPEN and the next CLOSE after it (caller frees). */
static char *between(const char *hay, const char *open, const char *close)
{
	const char *a = hay + offset_of(hay, open) + strlen(open);
	const char *b = strstr(a, close);

	if (!b)
		fail_msg("no %s after %s", close, open);
	return da_xstrndup(a, (size_t)(b - a));
}

/* Whether S holds " on<letters>=", the shape of an event handler
 * attribute. */
static bool has_handler(const char *s)
{
	const char *p;
	size_t n;

	for (p = strstr(s, " on"); p; p = strstr(p + 1, " on")) {
		n = strspn(p + 3, "abcdefghijklmnopqrstuvwxyz");
		if (n && p[3 + n] == '=')
			return true;
	}
	return false;
}

static void test_escaping(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);

	(void)state;
	assert_null(strstr(out, FX_NAME_SCRIPT));
	assert_null(strstr(out, "<script>alert"));
	/* the rule's table cell and search attribute, the container view's
	 * heading and data-container attribute */
	assert_int_equal(fx_count(out, "&lt;script&gt;alert(1)&lt;/script&gt;"), 4);
	assert_null(strstr(out, FX_NAME_QUOTES));
	assert_int_equal(fx_count(out, "a&quot;b&amp;c&#39;d"), 4);
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
	/* no id, no empty code element */
	assert_non_null(strstr(out, "<tr class=\"i-fail\"><td>daemon</td><td>dockerd</td><td></td>"));
	free(out);
	fx_free(r);
}

/* SHA-256 against the FIPS 180-4 examples and the block-boundary cases. */
static void test_sha256(void **state)
{
	static const char a64[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	char b64[DA_SHA256_B64_LEN];
	unsigned char d[DA_SHA256_LEN];

	(void)state;
	da_sha256_base64("", 0, b64);
	assert_string_equal(b64, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	da_sha256_base64("abc", 3, b64);
	assert_string_equal(b64, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	da_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
	assert_int_equal(d[0], 0x24);
	assert_int_equal(d[31], 0xc1);
	/* 55, 56 and 64 bytes: the padding's edge cases */
	da_sha256_base64(a64, 55, b64);
	assert_string_equal(b64, "n0OQ+NMMLdkuyfCVtl4rmumwqSWlJY4kHJ8ekQ9zQxg=");
	da_sha256_base64(a64, 56, b64);
	assert_string_equal(b64, "s1Q5pKxvCUi21vnjxq8PX1kM4g8b3nCQ73lwaG7Gc4o=");
	da_sha256_base64(a64, 64, b64);
	assert_string_equal(b64, "/+BU/nrgy23GXDr5th1SCfQ5hR20PQulmXM33xVGaOs=");
}

/* The policy: nothing by default, the style and the script by the
 * digests of their exact text, never 'unsafe-inline'. */
static void test_csp(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);
	char *csp, *style, *script, *want;
	char hs[DA_SHA256_B64_LEN], hj[DA_SHA256_B64_LEN];

	(void)state;
	csp = between(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\"");
	style = between(out, "<style>", "</style>");
	script = between(out, "<script>", "</script>");
	da_sha256_base64(style, strlen(style), hs);
	da_sha256_base64(script, strlen(script), hj);
	want = da_xasprintf("default-src 'none'; style-src 'sha256-%s'; script-src 'sha256-%s'; "
			    "base-uri 'none'; form-action 'none'", hs, hj);
	assert_string_equal(csp, want);
	assert_null(strstr(out, "unsafe-"));
	assert_null(strstr(out, "nonce"));
	/* the policy is in force before the style and the script */
	assert_true(offset_of(out, "<meta charset=\"utf-8\">") < offset_of(out, csp));
	assert_true(offset_of(out, csp) < offset_of(out, "<style>"));
	assert_int_equal(fx_count(out, "<style"), 1);
	assert_int_equal(fx_count(out, "<script"), 1);
	/* no handler or style attribute the policy would block anyway */
	assert_false(has_handler(out));
	assert_null(strstr(out, " style="));
	free(want);
	free(script);
	free(style);
	free(csp);
	free(out);
	fx_free(r);
}

static void test_self_contained(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);
	const char *script, *p;

	(void)state;
	assert_int_equal(strncmp(out, "<!DOCTYPE html>\n<html lang=\"en\">", 32), 0);
	assert_int_equal(fx_count(out, "</script>"), 1);
	assert_null(strstr(out, "src="));
	assert_null(strstr(out, "<link"));
	assert_null(strstr(out, "@import"));
	assert_null(strstr(out, "url("));
	assert_null(strstr(out, "http://"));
	assert_null(strstr(out, "https://"));
	/* no protocol-relative URL either ("//" alone may occur in the CSP's
	 * base64 hashes) */
	assert_null(strstr(out, "=\"//"));
	assert_null(strstr(out, "='//"));
	assert_null(strstr(out, "://"));
	/* links only within the page */
	for (p = strstr(out, "href="); p; p = strstr(p + 1, "href="))
		assert_int_equal(strncmp(p, "href=\"#rule-", 12), 0);
	assert_non_null(strstr(out, "@media print{nav{display:none}"));
	assert_non_null(strstr(out, "page-break-inside:avoid"));
	/* the script is ours alone: no host or rule text inside it */
	script = out + offset_of(out, "<script>");
	assert_null(strstr(script, FX_HOSTNAME));
	assert_null(strstr(script, "container"));
	assert_non_null(strstr(script, "data-search"));
	assert_non_null(strstr(script, "location.hash"));
	assert_int_equal(fx_count(out, "<section"), fx_count(out, "</section>"));
	assert_int_equal(fx_count(out, "<table"), fx_count(out, "</table>"));
	assert_int_equal(fx_count(out, "<tr"), fx_count(out, "</tr>"));
	assert_int_equal(fx_count(out, "<div"), fx_count(out, "</div>"));
	assert_int_equal(fx_count(out, "<ul"), fx_count(out, "</ul>"));
	assert_int_equal(fx_count(out, "<li"), fx_count(out, "</li>"));
	free(out);
	fx_free(r);
}

static void test_summary(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);

	(void)state;
	assert_non_null(strstr(out, "<title>dockaudit: " FX_HOSTNAME "</title>"));
	assert_non_null(strstr(out, "<tr><th>Host</th><td>" FX_HOSTNAME "</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>FQDN</th><td>(unknown)</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>Docker version</th><td>24.0.7</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>Kernel</th><td>6.1.0-28-amd64</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>Started</th><td>2026-11-25T08:00:00Z</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>Finished</th><td>2026-11-25T08:00:07Z</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>Benchmark version</th><td>1.2.3</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>Profile</th><td>Strict</td></tr>"));
	assert_non_null(strstr(out, "<tr><th>Score</th><td>37.50 of 100.00 (default)</td></tr>"));
	assert_non_null(strstr(out, "<tr class=\"chosen\"><td>default (shown)</td><td>37.50</td>"));
	assert_int_equal(fx_count(out, "class=\"chosen\""), 1);
	assert_non_null(strstr(out, "<span class=\"badge b-fail\">fail</span></td><td>2</td>"));
	assert_non_null(strstr(out, "<span class=\"sev s-high\">high</span></td><td>1</td><td>1</td>"));
	assert_non_null(strstr(out, "<span class=\"sev s-low\">low</span></td><td>1</td><td>0</td>"));
	assert_non_null(strstr(out, "<tr><td>Daemon</td><td>1</td><td>1</td><td>0</td><td>0</td></tr>"));
	assert_non_null(strstr(out, "<tr><td>Containers</td><td>2</td><td>1</td><td>0</td><td>1</td></tr>"));
	/* the chart: drawn without script, its numbers as text too */
	assert_non_null(strstr(out, "<svg viewBox=\"0 0 630 80\" role=\"img\" "
				    "aria-labelledby=\"chart-title chart-desc\">"));
	assert_non_null(strstr(out, "<desc id=\"chart-desc\">All sections: 3 selected rules, 2 failed, "
				    "0 passed, 1 other.</desc>"));
	assert_non_null(strstr(out, "<title>Containers: 1 other</title>"));
	assert_int_equal(fx_count(out, "<rect "), 5);
	/* the summary comes before the containers and the rules */
	assert_true(offset_of(out, "<header") < offset_of(out, "<section id=\"containers\""));
	assert_true(offset_of(out, "<section id=\"containers\"") < offset_of(out, "<main"));
	assert_non_null(strstr(out, "data-filter=\"fail\""));
	assert_non_null(strstr(out, "data-filter=\"error\""));
	assert_null(strstr(out, "data-filter=\"pass\""));
	assert_non_null(strstr(out, "<input type=\"search\" id=\"q\""));
	free(out);
	/* another scoring model: the summary's score follows it */
	r->score_model = DA_SCORE_FLAT;
	out = render(r);
	assert_non_null(strstr(out, "<tr><th>Score</th><td>0.00 of 4.00 (flat)</td></tr>"));
	assert_non_null(strstr(out, "<tr class=\"chosen\"><td>flat (shown)</td><td>0.00</td><td>4.00</td>"));
	assert_int_equal(fx_count(out, "class=\"chosen\""), 1);
	free(out);
	fx_free(r);
}

/* What the filters read: result, severity and section of each rule, and
 * one option per section. */
static void test_filter_data(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);

	(void)state;
	assert_non_null(strstr(out, "<section class=\"rule r-fail\" id=\"rule-0\" data-result=\"fail\" "
				    "data-severity=\"medium\" data-section=\"daemon\" data-search=\""
				    "xccdf_org.dockaudit.test_rule_daemon_icc 2.2 Restrict traffic "
				    "between containers dockerd\">"));
	assert_non_null(strstr(out, "id=\"rule-1\" data-result=\"fail\" data-severity=\"high\" "
				    "data-section=\"containers\""));
	assert_non_null(strstr(out, "id=\"rule-2\" data-result=\"error\" data-severity=\"low\" "
				    "data-section=\"containers\""));
	assert_non_null(strstr(out, "<select id=\"f-section\" aria-label=\"Section\"><option value=\"\">"
				    "any section</option><option value=\"daemon\">Daemon</option>"
				    "<option value=\"containers\">Containers</option></select>"));
	assert_non_null(strstr(out, "<option value=\"high\">high</option>"));
	assert_non_null(strstr(out, "<p id=\"shown\" aria-live=\"polite\"></p>"));
	/* nothing is hidden before the script runs: without it, all shows */
	assert_null(strstr(out, " hidden"));
	free(out);
	fx_free(r);
}

static void test_order(void **state)
{
	struct da_results *r = fx_results();
	char *out;

	(void)state;
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

/* Each container with what it fails, linked to the rule; the others on
 * one line. */
static void test_containers(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r);
	char *view;

	(void)state;
	view = between(out, "<section id=\"containers\" class=\"containers\">", "</section>");
	assert_non_null(strstr(view, "<p>3 containers audited, 1 with failing rules.</p>"));
	assert_non_null(strstr(view, "<div class=\"container\" data-container=\"&lt;script&gt;alert(1)"
				     "&lt;/script&gt;\">\n<h3>&lt;script&gt;alert(1)&lt;/script&gt; <code "
				     "title=\"1111111111111111111111111111111111111111111111111111111111111111"
				     "\">111111111111</code> <span class=\"n\">1 failing rule</span></h3>\n"
				     "<ul>\n<li><a href=\"#rule-1\"><span class=\"cis\">5.5</span> <span "
				     "class=\"sev s-high\">high</span> Do not run privileged containers</a>"
				     "</li>\n</ul>"));
	assert_int_equal(fx_count(view, "<div class=\"container\""), 1);
	/* the error and the pass are no failures */
	assert_non_null(strstr(view, "<p class=\"clean\">2 containers without failing rules: <span "
				     "class=\"container\" data-container=\"\\x1b[2Jevil\">\\x1b[2Jevil</span>, "
				     "<span class=\"container\" data-container=\"a&quot;b&amp;c&#39;d\">"
				     "a&quot;b&amp;c&#39;d</span></p>"));
	/* the daemon is no container */
	assert_null(strstr(view, "dockerd"));
	free(view);
	free(out);
	/* a second failing rule for the same container, most failures first */
	r->rules[2].result = DA_RES_FAIL;
	r->rules[2].instances = da_xcalloc(2, sizeof(struct da_instance));
	r->rules[2].n_instances = 2;
	r->rules[2].instances[0] = (struct da_instance){ .result = DA_RES_FAIL,
		.kind = da_xstrdup("container"), .name = da_xstrdup("b-web"),
		.id = da_xstrdup("3333333333333333") };
	r->rules[2].instances[1] = (struct da_instance){ .result = DA_RES_FAIL,
		.kind = da_xstrdup("container"), .name = da_xstrdup(FX_NAME_SCRIPT),
		.id = da_xstrdup("1111111111111111111111111111111111111111111111111111111111111111") };
	out = render(r);
	view = between(out, "<section id=\"containers\" class=\"containers\">", "</section>");
	assert_non_null(strstr(view, "<p>4 containers audited, 2 with failing rules.</p>"));
	assert_non_null(strstr(view, "<span class=\"n\">2 failing rules</span>"));
	assert_true(offset_of(view, "&lt;script&gt;alert(1)&lt;/script&gt; <code") <
		    offset_of(view, "b-web <code"));
	assert_non_null(strstr(view, "<a href=\"#rule-2\">"));
	assert_int_equal(fx_count(view, "<a href=\"#rule-2\">"), 2);
	free(view);
	free(out);
	fx_free(r);
}

/* Waived results: the effective result with a waived badge, who, why and
 * until when (escaped), the waivers table, a filter, and the rule listed
 * before the passes. */
static void test_waivers(void **state)
{
	struct da_results *r = fx_results();
	struct da_waivers *w = fx_waive(r);
	char *out = render(r);
	const char *script;
	char *view;

	(void)state;
	assert_null(strstr(out, FX_WAIVER_WHY));
	assert_null(strstr(out, FX_WAIVER_WHO));
	assert_null(strchr(out, '\033'));
	/* the waived subject */
	assert_non_null(strstr(out, "<tr class=\"i-waived\"><td>container</td><td>&lt;script&gt;alert(1)"
				    "&lt;/script&gt;</td>"));
	assert_non_null(strstr(out, "<td><span class=\"badge b-pass\">pass</span> <span class=\"badge "
				    "b-waived\">waived</span></td><td>/inspect/"
				    "HostConfig/Privileged is true; expected equals false<p class=\"waiver\">"
				    "Waived (was fail) until 2027-03-31, approved by Sec &amp; Ops &lt;team&gt;: "
				    "needs &lt;b&gt;&quot;it&quot;&lt;/b&gt; &amp; more \\x1b[2J</p></td>"));
	/* its rule keeps its own result and shows it had a waiver */
	assert_non_null(strstr(out, "<section class=\"rule r-error\" id=\"rule-1\" data-result=\"error\" "
				    "data-severity=\"high\" data-section=\"containers\" data-waived=\"1\""));
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
	/* the container view: the waived failure is listed as such */
	view = between(out, "<section id=\"containers\" class=\"containers\">", "</section>");
	assert_non_null(strstr(view, "<p>3 containers audited, 0 with failing rules.</p>"));
	assert_non_null(strstr(view, "<span class=\"n\">0 failing rules, 1 waived</span></h3>\n<ul>\n"
				     "<li><span class=\"badge b-waived\">waived</span> <a href=\"#rule-1\">"));
	free(view);
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

	(void)state;
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
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_csp),
		cmocka_unit_test(test_self_contained),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_filter_data),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_waivers),
		cmocka_unit_test(test_no_waivers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
