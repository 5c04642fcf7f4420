/*
 * The terminal summary: exact lines for the hand-built results, colour
 * codes only when asked for, and host text that can never drive the
 * terminal (every escape sequence in the output is one of our own SGRs).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"

static char *render(const struct da_results *r, int color, int verbose)
{
	struct da_report_opts o = { .color = color, .verbose = verbose };

	return fx_render(&da_report_terminal, r, &o);
}

/* Every ESC starts "ESC [ digits/semicolons m" (SGR), nothing else. */
static void assert_only_sgr(const char *s)
{
	const char *p;

	for (p = strchr(s, '\033'); p; p = strchr(p + 1, '\033')) {
		size_t n = strspn(p + 2, "0123456789;");

		if (p[1] != '[' || p[2 + n] != 'm')
			fail_msg("escape sequence that is not SGR at offset %zu", (size_t)(p - s));
	}
}

static void test_plain(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r, 0, 0);

	assert_null(strchr(out, '\033'));
	assert_null(strchr(out, '\007'));
	assert_non_null(strstr(out, "\nHost:      " FX_HOSTNAME "\n"));
	assert_non_null(strstr(out, "\nBenchmark: Reporter test benchmark 1.2.3\n"));
	assert_non_null(strstr(out, "\nProfile:   Strict\n"));
	assert_non_null(strstr(out, "\nScore:     37.50 of 100.00\n"));
	assert_non_null(strstr(out, "\nResults:   2 fail, 1 error (3 rules)\n"));
	assert_non_null(strstr(out, "\n[FAIL]    2.2    medium  Restrict traffic between containers\n"
				    "           daemon dockerd: /settings/icc/value is true; expected "
				    "equals false\n"));
	assert_non_null(strstr(out, "\n[FAIL]    5.5    high    Do not run privileged containers\n"
				    "           container " FX_NAME_SCRIPT ": /inspect/HostConfig/"
				    "Privileged is true; expected equals false\n"));
	/* the control characters come out as text, the line stays one line */
	assert_non_null(strstr(out, "\n           container \\x1b[2Jevil (error): line one\\x0aline "
				    "two \\x1b]0;pwned\\x07 done\n"));
	assert_non_null(strstr(out, "\n[ERROR]   -      low     Limit container memory\n"
				    "           fact /containers/items was not collected\n"));
	/* not verbose: the passing subject is not listed */
	assert_null(strstr(out, FX_NAME_QUOTES));
	free(out);
	fx_free(r);
}

static void test_color(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r, 1, 0);

	assert_non_null(
		strstr(out, "\033[1;31m[FAIL]    \033[0m2.2    \033[33mmedium \033[0m Restrict"));
	assert_non_null(strstr(out, "\033[1;35m[ERROR]   \033[0m"));
	assert_non_null(strstr(out, "\\x1b[2Jevil"));
	assert_only_sgr(out);
	free(out);
	fx_free(r);
}

static void test_verbose(void **state)
{
	struct da_results *r = fx_results();
	char *out;

	r->profile = NULL;
	r->rules[0].result = DA_RES_PASS;
	r->rules[0].instances[0].result = DA_RES_PASS;
	r->counts[DA_RES_FAIL] = 1;
	r->counts[DA_RES_PASS] = 1;
	out = render(r, 1, 1);
	assert_only_sgr(out);
	free(out);
	out = render(r, 0, 1);
	assert_non_null(strstr(out, "\nProfile:   (the benchmark's default selection)\n"));
	assert_non_null(strstr(out, "\nResults:   1 pass, 1 fail, 1 error (3 rules)\n"));
	assert_non_null(strstr(out, "\n[PASS]          2.2    medium  Restrict traffic between containers\n"
				    "           daemon dockerd (pass): /settings/icc/value is true; "
				    "expected equals false\n"));
	assert_non_null(strstr(out, "\n           container " FX_NAME_QUOTES " (pass): /inspect/"
				    "HostConfig/Privileged is false\n"));
	free(out);
	/* not verbose: a passing rule is not listed at all */
	out = render(r, 0, 0);
	assert_null(strstr(out, "[PASS]"));
	assert_null(strstr(out, "Restrict traffic"));
	free(out);
	fx_free(r);
}

static void test_waivers(void **state)
{
	struct da_results *r = fx_results();
	struct da_waivers *w = fx_waive(r);
	char *out = render(r, 0, 0);

	assert_null(strchr(out, '\033'));
	assert_non_null(strstr(out, "\nResults:   1 fail, 2 error (3 rules)\n"
				    "Waived:    1 failure in 1 rule\n"
				    "Warning:   waiver 2 of w.json (" FX_RULE_ICC ", subject dockerd) expired "
				    "on 2026-01-31 and was not applied (1 failure)\n"
				    "Unused:    waiver 3 of w.json (" FX_RULE_MEM ", subject *) waived no "
				    "failure\n\n"));
	assert_non_null(strstr(out, "\n           daemon dockerd: /settings/icc/value is true; expected "
				    "equals false; waiver expired on 2026-01-31\n"));
	assert_non_null(strstr(out, "\n[ERROR]   5.5    high    Do not run privileged containers\n"
				    "           container " FX_NAME_SCRIPT " (fail, waived): /inspect/"
				    "HostConfig/Privileged is true; expected equals false\n"
				    "             waived until 2027-03-31, approved by " FX_WAIVER_WHO
				    ": needs <b>\"it\"</b> & more \\x1b[2J\n"));
	free(out);
	/* colour: a rule whose failures are all waived has its own badge */
	r->rules[1].result = DA_RES_PASS;
	out = render(r, 1, 0);
	assert_only_sgr(out);
	assert_non_null(strstr(out, "\n\033[34m[WAIVED]  \033[0m5.5    \033[31mhigh   \033[0m Do not "
				    "run privileged containers\n"));
	free(out);
	out = render(r, 0, 0);
	assert_non_null(strstr(out, "\n[WAIVED]  5.5    high    Do not run privileged containers\n"));
	free(out);
	fx_free(r);
	da_waivers_free(w);
}

/* Rules are listed under their section, each heading once, with how many
 * of its selected rules need attention. */
static void test_sections(void **state)
{
	struct da_results *r = fx_results();
	char *out = render(r, 0, 0);

	assert_non_null(strstr(out, "\n\nDaemon: 1 of 1 rule needs attention\n[FAIL]    2.2 "));
	assert_non_null(strstr(out, "\n\nContainers: 2 of 2 rules need attention\n[FAIL]    5.5 "));
	assert_true(strstr(out, "Daemon:") < strstr(out, "Containers:"));
	assert_null(strstr(strstr(out, "Containers:") + 1, "\nContainers:"));
	free(out);
	/* colour: the heading is bold, and only a heading is */
	out = render(r, 1, 0);
	assert_non_null(strstr(out, "\n\n\033[1mDaemon\033[0m: 1 of 1 rule needs attention\n"));
	assert_only_sgr(out);
	free(out);
	fx_free(r);
}

/* --quiet: exactly one line, host text escaped, waivers counted. */
static void test_quiet(void **state)
{
	struct da_results *r = fx_results();
	struct da_report_opts o = { .quiet = 1 };
	struct da_waivers *w;
	char *out = fx_render(&da_report_terminal, r, &o);

	assert_string_equal(out, FX_HOSTNAME ": score 37.50 of 100.00; 2 fail, 1 error of 3 rules\n");
	free(out);
	r->score_model = DA_SCORE_FLAT;
	w = fx_waive(r);
	r->counts[DA_RES_NOTSELECTED] = 4; /* not part of the audit: not counted */
	out = fx_render(&da_report_terminal, r, &o);
	assert_string_equal(out, FX_HOSTNAME ": score 0.00 of 4.00 (flat); 1 fail, 2 error of 3 rules; "
				 "1 failure waived\n");
	free(out);
	fx_free(r);
	da_waivers_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_color),
		cmocka_unit_test(test_verbose),
		cmocka_unit_test(test_waivers),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_quiet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
