/*
 * The "prom" reporter: the results as Prometheus text exposition format
 * 0.0.4, for node_exporter's textfile collector. Every series of the fixed
 * families is always written (zeros included), so a dashboard never sees a
 * series vanish; a failing rule is one dockaudit_rule_failed series.
 * da_report_to_path writes the file beside the target and renames it into
 * place, which is what the textfile collector needs to never read half a
 * file.
 */
#include "report/report.h"
#include "report/diff.h"
#include "report/util.h"
#include "engine/waivers.h"

#include <stdio.h>
#include <stdlib.h>

/* Write the label value S as the format wants it: valid UTF-8, backslash,
 * double quote and line feed escaped; other controls made visible. */
static void label_value(FILE *out, const char *s)
{
	char *clean = da_report_clean(s ? s : "", DA_CLEAN_CONTROLS | DA_CLEAN_KEEP_LINES);
	const char *p;

	for (p = clean; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", out);
		else if (*p == '"')
			fputs("\\\"", out);
		else if (*p == '\n')
			fputs("\\n", out);
		else
			fputc(*p, out);
	}
	free(clean);
}

static void label(FILE *out, const char *name, const char *value, int first)
{
	fprintf(out, "%s%s=\"", first ? "" : ",", name);
	label_value(out, value);
	fputc('"', out);
}

static void family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* A sample value: %.15g prints integers (timestamps included) whole and
 * scores without binary noise. */
static void value(FILE *out, double v)
{
	fprintf(out, " %.15g\n", da_report_finite(v));
}

static void info(FILE *out, const struct da_results *r)
{
	family(out, "dockaudit_info", "The audited host, the benchmark and profile, and the tool.");
	fputs("dockaudit_info{", out);
	label(out, "host", da_report_host(r->facts, "hostname"), 1);
	label(out, "benchmark", r->bench->id, 0);
	label(out, "benchmark_version", r->bench->version, 0);
	label(out, "profile", r->profile ? r->profile->id : "", 0);
	label(out, "version", PACKAGE_VERSION, 0);
	fputs("} 1\n", out);
}

static void scores(FILE *out, const struct da_results *r)
{
	int m;

	family(out, "dockaudit_score", "The score under each XCCDF 1.2 scoring model.");
	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
		fprintf(out, "dockaudit_score{model=\"%s\"}", da_score_model_name(m));
		value(out, r->scores[m].score);
	}
	family(out, "dockaudit_score_max", "The highest score each XCCDF 1.2 scoring model allows.");
	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
		fprintf(out, "dockaudit_score_max{model=\"%s\"}", da_score_model_name(m));
		value(out, r->scores[m].max);
	}
}

static void rule_counts(FILE *out, const struct da_results *r)
{
	int i;

	family(out, "dockaudit_rules", "Rules by result (after waivers).");
	for (i = 0; i < DA_RES_COUNT; i++) {
		fprintf(out, "dockaudit_rules{result=\"%s\"}", da_result_name(i));
		value(out, (double)r->counts[i]);
	}
}

static void severity_counts(FILE *out, const struct da_results *r)
{
	size_t n[DA_SEV_HIGH + 1][DA_RES_COUNT] = { { 0 } };
	size_t i;
	int s, res;

	for (i = 0; i < r->n_rules; i++)
		n[r->rules[i].severity][r->rules[i].result]++;
	family(out, "dockaudit_rules_by_severity", "Rules by severity and result (after waivers).");
	for (s = DA_SEV_UNKNOWN; s <= DA_SEV_HIGH; s++) {
		for (res = 0; res < DA_RES_COUNT; res++) {
			fprintf(out, "dockaudit_rules_by_severity{severity=\"%s\",result=\"%s\"}",
				da_severity_name(s), da_result_name(res));
			value(out, (double)n[s][res]);
		}
	}
}

static void rule_labels(FILE *out, const struct da_rule_result *rr)
{
	const struct da_item *it = rr->item;

	fputc('{', out);
	label(out, "rule", it->id, 1);
	label(out, "cis", it->rule ? it->rule->cis : "", 0);
	label(out, "severity", da_severity_name(rr->severity), 0);
	label(out, "title", it->title, 0);
	fputc('}', out);
}

static size_t failed_subjects(const struct da_rule_result *rr)
{
	size_t i, n = 0;

	for (i = 0; i < rr->n_instances; i++)
		n += rr->instances[i].result == DA_RES_FAIL;
	return n;
}

/* One series per failing rule, and how many of its subjects fail. */
static void failed_rules(FILE *out, const struct da_results *r)
{
	size_t i;

	family(out, "dockaudit_rule_failed", "1 for each rule that failed (after waivers).");
	for (i = 0; i < r->n_rules; i++) {
		if (r->rules[i].result != DA_RES_FAIL)
			continue;
		fputs("dockaudit_rule_failed", out);
		rule_labels(out, &r->rules[i]);
		fputs(" 1\n", out);
	}
	family(out, "dockaudit_rule_failed_subjects",
	       "How many subjects (containers, images, files...) each failing rule failed for.");
	for (i = 0; i < r->n_rules; i++) {
		if (r->rules[i].result != DA_RES_FAIL)
			continue;
		fputs("dockaudit_rule_failed_subjects", out);
		rule_labels(out, &r->rules[i]);
		value(out, (double)failed_subjects(&r->rules[i]));
	}
}

static void waivers(FILE *out, const struct da_results *r)
{
	size_t i, expired = 0;

	for (i = 0; r->waivers && i < r->waivers->n; i++)
		expired += r->waiver_uses[i].expired;
	family(out, "dockaudit_waived", "Failures a waiver turned into passes.");
	fputs("dockaudit_waived", out);
	value(out, (double)r->n_waived);
	family(out, "dockaudit_waivers_expired", "Waivers of the waiver file that have expired.");
	fputs("dockaudit_waivers_expired", out);
	value(out, (double)expired);
}

static void times(FILE *out, const struct da_results *r)
{
	family(out, "dockaudit_last_run_timestamp_seconds",
	       "When the last audit ended (or failed), in seconds since the epoch.");
	fputs("dockaudit_last_run_timestamp_seconds", out);
	value(out, (double)r->end_time);
	family(out, "dockaudit_audit_duration_seconds", "How long the evaluation took.");
	fputs("dockaudit_audit_duration_seconds", out);
	value(out, difftime(r->end_time, r->start_time));
}

/* The run's outcome, for alerts: it succeeded (this file has results),
 * and how many rule/subject pairs fail that did not in the run before it
 * (0 without a history or a run before). */
static void run_status(FILE *out, const struct da_report_opts *opts)
{
	const struct da_report_history *h = opts ? opts->history : NULL;

	family(out, "dockaudit_last_run_success", "1 when the last audit ran and has results, 0 when it failed.");
	fputs("dockaudit_last_run_success 1\n", out);
	family(out, "dockaudit_new_failures",
	       "Rule and subject pairs failing (fail or error) that did not in the previous run of the history.");
	fputs("dockaudit_new_failures", out);
	value(out, h && h->since_last ? (double)h->since_last->new_failures.n : 0.0);
}

int da_report_prom_failed(FILE *out, time_t when, struct da_err *err)
{
	family(out, "dockaudit_last_run_success", "1 when the last audit ran and has results, 0 when it failed.");
	fputs("dockaudit_last_run_success 0\n", out);
	family(out, "dockaudit_last_run_timestamp_seconds",
	       "When the last audit ended (or failed), in seconds since the epoch.");
	fputs("dockaudit_last_run_timestamp_seconds", out);
	value(out, (double)when);
	return da_report_check_stream(out, err);
}

static int prom_write(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
		      struct da_err *err)
{
	info(out, r);
	scores(out, r);
	rule_counts(out, r);
	severity_counts(out, r);
	failed_rules(out, r);
	waivers(out, r);
	times(out, r);
	run_status(out, opts);
	return da_report_check_stream(out, err);
}

const struct da_reporter da_report_prom = {
	.name = "prom",
	.summary = "metrics in Prometheus text format for node_exporter's textfile collector",
	.write = prom_write,
};
