/*
 * The Prometheus reporter: exact sample lines for the hand-built results,
 * every fixed series present (zeros included), one series per failing rule,
 * HELP and TYPE once per family before its samples, and label values
 * escaped as the text format wants (backslash, double quote, line feed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "report_fixture.h"

#define LBL_ICC                                                                                    \
	"{rule=\"" FX_RULE_ICC "\",cis=\"2.2\",severity=\"medium\",title=\"Restrict traffic "       \
	"between containers\"}"
#define LBL_PRIV                                                                                   \
	"{rule=\"" FX_RULE_PRIV "\",cis=\"5.5\",severity=\"high\",title=\"Do not run privileged "   \
	"containers\"}"

/* TEXT has LINE as a whole line. */
static void assert_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p;

	for (p = strstr(text, line); p; p = strstr(p + 1, line))
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return;
	fail_msg("no line \"%s\" in:\n%s", line, text);
}

/* Lines starting with PREFIX. */
static size_t count_lines(const char *text, const char *prefix)
{
	size_t n = 0, len = strlen(prefix);
	const char *p = text;

	while (*p) {
		n += strncmp(p, prefix, len) == 0;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return n;
}

static void test_exact_lines(void **state)
{
	struct da_results *r = fx_results();
	char *t = fx_render(&da_report_prom, r, NULL);

	assert_line(t, "dockaudit_info{host=\"" FX_HOSTNAME
		       "\",benchmark=\"xccdf_org.dockaudit.test_benchmark_report\","
		       "benchmark_version=\"1.2.3\",profile=\"xccdf_org.dockaudit.test_profile_strict\","
		       "version=\"" PACKAGE_VERSION "\"} 1");
	assert_line(t, "dockaudit_score{model=\"default\"} 37.5");
	assert_line(t, "dockaudit_score{model=\"flat-unweighted\"} 0");
	assert_line(t, "dockaudit_score_max{model=\"default\"} 100");
	assert_line(t, "dockaudit_score_max{model=\"flat\"} 4");
	assert_line(t, "dockaudit_rules{result=\"fail\"} 2");
	assert_line(t, "dockaudit_rules{result=\"error\"} 1");
	assert_line(t, "dockaudit_rules{result=\"pass\"} 0");
	assert_line(t, "dockaudit_rules{result=\"fixed\"} 0");
	assert_int_equal(count_lines(t, "dockaudit_rules{"), 9);
	assert_line(t, "dockaudit_rules_by_severity{severity=\"high\",result=\"fail\"} 1");
	assert_line(t, "dockaudit_rules_by_severity{severity=\"medium\",result=\"fail\"} 1");
	assert_line(t, "dockaudit_rules_by_severity{severity=\"low\",result=\"error\"} 1");
	assert_line(t, "dockaudit_rules_by_severity{severity=\"low\",result=\"fail\"} 0");
	assert_int_equal(count_lines(t, "dockaudit_rules_by_severity{"), 5 * 9);
	assert_line(t, "dockaudit_rule_failed" LBL_ICC " 1");
	assert_line(t, "dockaudit_rule_failed" LBL_PRIV " 1");
	assert_int_equal(count_lines(t, "dockaudit_rule_failed{"), 2);
	assert_line(t, "dockaudit_rule_failed_subjects" LBL_PRIV " 1");
	assert_line(t, "dockaudit_rule_failed_subjects" LBL_ICC " 1");
	assert_line(t, "dockaudit_waived 0");
	assert_line(t, "dockaudit_waivers_expired 0");
	assert_line(t, "dockaudit_last_run_timestamp_seconds 1795593607");
	assert_line(t, "dockaudit_audit_duration_seconds 7");
	/* Without a history: the run succeeded, nothing is new. */
	assert_line(t, "dockaudit_last_run_success 1");
	assert_line(t, "dockaudit_new_failures 0");
	free(t);
	fx_free(r);
}

/* Every family: one HELP and one TYPE gauge line, before its samples. */
static void test_families(void **state)
{
	static const char *const names[] = {
		"dockaudit_info", "dockaudit_score", "dockaudit_score_max", "dockaudit_rules",
		"dockaudit_rules_by_severity", "dockaudit_rule_failed",
		"dockaudit_rule_failed_subjects", "dockaudit_waived", "dockaudit_waivers_expired",
		"dockaudit_last_run_timestamp_seconds", "dockaudit_audit_duration_seconds",
		"dockaudit_last_run_success", "dockaudit_new_failures",
	};
	struct da_results *r = fx_results();
	char *t = fx_render(&da_report_prom, r, NULL);
	char *help, *type, *sample;
	size_t i;

	assert_int_equal(count_lines(t, "# HELP "), 13);
	assert_int_equal(count_lines(t, "# TYPE "), 13);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		help = da_xasprintf("\n# HELP %s ", names[i]);
		type = da_xasprintf("# TYPE %s gauge\n%s", names[i], names[i]);
		sample = strstr(t, type);
		if (!sample || (!strstr(t, help) && strncmp(t, help + 1, strlen(help + 1)) != 0))
			fail_msg("family %s lacks HELP or TYPE before its first sample", names[i]);
		free(help);
		free(type);
	}
	assert_int_equal(t[strlen(t) - 1], '\n');
	free(t);
	fx_free(r);
}

/* Waivers: the waived failure no longer makes its rule a failing one. */
static void test_waived(void **state)
{
	struct da_results *r = fx_results();
	struct da_waivers *w = fx_waive(r);
	char *t = fx_render(&da_report_prom, r, NULL);

	assert_line(t, "dockaudit_waived 1");
	assert_line(t, "dockaudit_waivers_expired 1");
	assert_int_equal(count_lines(t, "dockaudit_rule_failed{"), 1);
	assert_line(t, "dockaudit_rule_failed" LBL_ICC " 1");
	assert_line(t, "dockaudit_rules{result=\"fail\"} 1");
	assert_line(t, "dockaudit_rules{result=\"error\"} 2");
	free(t);
	fx_free(r);
	da_waivers_free(w);
}

/* Label values: backslash, quote and line feed escaped; other control
 * characters and invalid UTF-8 made visible, never raw. */
static void test_label_escaping(void **state)
{
	struct da_results *r = fx_results();
	struct da_item *priv = (struct da_item *)r->rules[1].item;
	json_t *host = json_object_get(r->facts, "host");
	char *t;

	free(priv->title);
	priv->title = da_xstrdup("say \"hi\" C:\\dir\nnext \033[2J \xff");
	json_object_set_new(host, "hostname", json_string("evil\"host\\\nname"));
	t = fx_render(&da_report_prom, r, NULL);
	assert_line(t, "dockaudit_rule_failed{rule=\"" FX_RULE_PRIV "\",cis=\"5.5\",severity=\"high\","
		       "title=\"say \\\"hi\\\" C:\\\\dir\\nnext \\\\x1b[2J \\\\xff\"} 1");
	assert_non_null(strstr(t, "dockaudit_info{host=\"evil\\\"host\\\\\\nname\","));
	assert_null(strchr(t, '\033'));
	free(t);
	fx_free(r);
}

/* A run that failed before it had results: success 0 and when, nothing else. */
static void test_failed_run(void **state)
{
	struct da_err err = { { 0 } };
	char *t = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&t, &n);

	(void)state;
	assert_int_equal(da_report_prom_failed(f, 1795593607, &err), 0);
	fclose(f);
	assert_line(t, "dockaudit_last_run_success 0");
	assert_line(t, "dockaudit_last_run_timestamp_seconds 1795593607");
	assert_int_equal(count_lines(t, "# TYPE "), 2);
	assert_null(strstr(t, "dockaudit_score"));
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_lines),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_waived),
		cmocka_unit_test(test_label_escaping),
		cmocka_unit_test(test_failed_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
