/*
 * The "junit" reporter: results as JUnit XML, the dialect Jenkins' junit
 * plugin and GitLab's artifacts:reports:junit read. One <testsuite> per
 * CIS section (top-level Group), one <testcase> per rule and subject (one
 * for a rule without subjects); classname is the rule id, so a CI page
 * groups a rule's subjects together. Written with libxml2's text writer so
 * escaping is libxml2's; host text is cleaned first because control
 * characters are not allowed in XML 1.0 at all.
 */
#include "report/report.h"
#include "report/util.h"
#include "common/xalloc.h"
#include "engine/waivers.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a result is in JUnit's terms. */
enum outcome { J_PASS, J_FAIL, J_ERROR, J_SKIP };

static const enum outcome outcomes[DA_RES_COUNT] = {
	[DA_RES_PASS] = J_PASS,
	[DA_RES_FAIL] = J_FAIL,
	[DA_RES_ERROR] = J_ERROR,
	[DA_RES_UNKNOWN] = J_ERROR,
	[DA_RES_NOTAPPLICABLE] = J_SKIP,
	[DA_RES_NOTCHECKED] = J_SKIP,
	[DA_RES_NOTSELECTED] = J_SKIP,
	[DA_RES_INFORMATIONAL] = J_SKIP,
	[DA_RES_FIXED] = J_PASS,
};

struct counts {
	size_t tests, by[J_SKIP + 1];
};

/* The writer and whether any call failed (only memory can fail). */
struct jw {
	xmlTextWriter *w;
	int bad;
	const struct da_results *r;
};

static void jw_check(struct jw *j, int rc)
{
	if (rc < 0)
		j->bad = 1;
}

static void start(struct jw *j, const char *name)
{
	jw_check(j, xmlTextWriterStartElement(j->w, BAD_CAST name));
}

static void end(struct jw *j)
{
	jw_check(j, xmlTextWriterEndElement(j->w));
}

/* An attribute, its value cleaned of what XML cannot carry (line breaks
 * are kept: the writer escapes them as character references). */
static void attr(struct jw *j, const char *name, const char *value)
{
	char *clean = da_report_clean(value ? value : "", DA_CLEAN_CONTROLS | DA_CLEAN_KEEP_LINES);

	jw_check(j, xmlTextWriterWriteAttribute(j->w, BAD_CAST name, BAD_CAST clean));
	free(clean);
}

static void attr_num(struct jw *j, const char *name, size_t n)
{
	jw_check(j, xmlTextWriterWriteFormatAttribute(j->w, BAD_CAST name, "%zu", n));
}

/* Element text, cleaned; line breaks and tabs kept. */
static void text(struct jw *j, const char *s)
{
	char *clean = da_report_clean(s ? s : "", DA_CLEAN_CONTROLS | DA_CLEAN_KEEP_LINES);

	jw_check(j, xmlTextWriterWriteString(j->w, BAD_CAST clean));
	free(clean);
}

/* A rule's outcomes: one per instance, or the rule's own without any. */
static void count_rule(const struct da_rule_result *rr, struct counts *c)
{
	size_t i;

	if (rr->n_instances == 0) {
		c->tests++;
		c->by[outcomes[rr->result]]++;
		return;
	}
	for (i = 0; i < rr->n_instances; i++) {
		c->tests++;
		c->by[outcomes[rr->instances[i].result]]++;
	}
}

/* The counts over the rules of SECTION (NULL: rules outside any section),
 * or over all rules when ALL. */
static struct counts count(const struct da_results *r, const struct da_item *section, int all)
{
	struct counts c = { 0 };
	size_t i;

	for (i = 0; i < r->n_rules; i++)
		if (all || da_report_section(r->rules[i].item) == section)
			count_rule(&r->rules[i], &c);
	return c;
}

static void count_attrs(struct jw *j, const struct counts *c)
{
	attr_num(j, "tests", c->tests);
	attr_num(j, "failures", c->by[J_FAIL]);
	attr_num(j, "errors", c->by[J_ERROR]);
	attr_num(j, "skipped", c->by[J_SKIP]);
}

/* JUnit's timestamp: ISO 8601 without a zone (Ant's schema); ours is UTC. */
static void timestamp_attr(struct jw *j, time_t t)
{
	char buf[DA_REPORT_TIME_LEN];

	da_report_time(t, buf);
	buf[DA_REPORT_TIME_LEN - 2] = '\0';
	attr(j, "timestamp", buf);
}

static void property(struct jw *j, const char *name, const char *value)
{
	start(j, "property");
	attr(j, "name", name);
	attr(j, "value", value);
	end(j);
}

static void properties(struct jw *j)
{
	const struct da_results *r = j->r;
	const struct da_score *s = &r->scores[r->score_model];
	char score[64];

	snprintf(score, sizeof(score), "%.10g", da_report_finite(s->score));
	start(j, "properties");
	property(j, "host", da_report_host(r->facts, "hostname"));
	property(j, "benchmark", r->bench->id);
	property(j, "benchmark_version", r->bench->version);
	property(j, "profile", r->profile ? r->profile->id : "");
	property(j, "score", score);
	property(j, "score_model", da_score_model_name(s->model));
	end(j);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* "CIS 5.5 Title [subject]": the CIS number and the subject when known. */
static char *case_name(const struct da_rule_result *rr, const struct da_instance *in)
{
	const char *cis = rr->item->rule ? rr->item->rule->cis : NULL;

	return da_xasprintf("%s%s%s%s%s%s%s", cis ? "CIS " : "", cis ? cis : "", cis ? " " : "",
			    rr->item->title ? rr->item->title : rr->item->id, in ? " [" : "",
			    in ? or_empty(in->name) : "", in ? "]" : "");
}

/* The body of a failure or error: what was examined and the evidence. */
static void evidence(struct jw *j, const struct da_rule_result *rr, const struct da_instance *in)
{
	char *s;

	if (!in) {
		text(j, rr->message);
		return;
	}
	s = da_xasprintf("%s %s%s%s%s\n%s%s%s", or_empty(in->kind), or_empty(in->name),
			 in->id ? " (" : "", or_empty(in->id), in->id ? ")" : "", or_empty(in->message),
			 rr->message ? "\n" : "", or_empty(rr->message));
	text(j, s);
	free(s);
}

static void problem(struct jw *j, const char *element, const struct da_rule_result *rr,
		    const struct da_instance *in, enum da_result res)
{
	const char *msg = in && in->message ? in->message : rr->message;

	start(j, element);
	attr(j, "message", msg ? msg : da_result_name(res));
	attr(j, "type", da_severity_name(rr->severity));
	evidence(j, rr, in);
	end(j);
}

static void skipped(struct jw *j, const struct da_rule_result *rr, const struct da_instance *in,
		    enum da_result res)
{
	const char *msg = in && in->message ? in->message : rr->message;
	char *m = da_xasprintf("%s%s%s", da_result_name(res), msg ? ": " : "", msg ? msg : "");

	start(j, "skipped");
	attr(j, "message", m);
	end(j);
	free(m);
}

/* A waived failure passes; system-out says who waived it and until when. */
static void waived(struct jw *j, const struct da_instance *in)
{
	const struct da_waiver *w = in->waiver;
	char *s = da_xasprintf("waived: original result %s; waiver %zu approved by %s until %s: %s",
			       da_result_name(in->original), w->index, or_empty(w->approved_by),
			       w->expires, or_empty(w->justification));

	start(j, "system-out");
	text(j, s);
	end(j);
	free(s);
}

static void testcase(struct jw *j, const struct da_rule_result *rr, const struct da_instance *in)
{
	enum da_result res = in ? in->result : rr->result;
	char *name = case_name(rr, in);

	start(j, "testcase");
	attr(j, "classname", rr->item->id);
	attr(j, "name", name);
	if (outcomes[res] == J_FAIL)
		problem(j, "failure", rr, in, res);
	else if (outcomes[res] == J_ERROR)
		problem(j, "error", rr, in, res);
	else if (outcomes[res] == J_SKIP)
		skipped(j, rr, in, res);
	else if (in && in->waiver)
		waived(j, in);
	end(j);
	free(name);
}

static void rule_cases(struct jw *j, const struct da_rule_result *rr)
{
	size_t i;

	if (rr->n_instances == 0)
		testcase(j, rr, NULL);
	for (i = 0; i < rr->n_instances; i++)
		testcase(j, rr, &rr->instances[i]);
}

/* One testsuite: the rules of SECTION (NULL: those outside any section,
 * named after the benchmark). Nothing when it has no rules. */
static void testsuite(struct jw *j, const struct da_item *section)
{
	const struct da_results *r = j->r;
	struct counts c = count(r, section, 0);
	size_t i;

	if (c.tests == 0)
		return;
	start(j, "testsuite");
	attr(j, "name", section ? section->title : r->bench->title);
	attr(j, "id", section ? section->id : r->bench->id);
	count_attrs(j, &c);
	attr(j, "hostname", da_report_host(r->facts, "hostname"));
	timestamp_attr(j, r->start_time);
	properties(j);
	for (i = 0; i < r->n_rules; i++)
		if (da_report_section(r->rules[i].item) == section)
			rule_cases(j, &r->rules[i]);
	end(j);
}

static void document(struct jw *j)
{
	const struct da_results *r = j->r;
	const struct da_item *root = &r->bench->root;
	struct counts c = count(r, NULL, 1);
	char duration[32];
	size_t i;

	snprintf(duration, sizeof(duration), "%ld", (long)(r->end_time - r->start_time));
	jw_check(j, xmlTextWriterStartDocument(j->w, NULL, "UTF-8", NULL));
	start(j, "testsuites");
	attr(j, "name", r->bench->title ? r->bench->title : r->bench->id);
	count_attrs(j, &c);
	attr(j, "time", duration);
	timestamp_attr(j, r->start_time);
	testsuite(j, NULL);
	for (i = 0; i < root->n_children; i++)
		if (root->children[i]->kind == DA_ITEM_GROUP)
			testsuite(j, root->children[i]);
	end(j);
	jw_check(j, xmlTextWriterEndDocument(j->w));
}

static int junit_write(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
		       struct da_err *err)
{
	xmlBuffer *buf = xmlBufferCreate();
	struct jw j = { .r = r };
	int rc = -1;

	(void)opts;
	j.w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	if (!j.w) {
		da_err_set(err, "cannot create the XML writer");
		goto out;
	}
	jw_check(&j, xmlTextWriterSetIndent(j.w, 1));
	document(&j);
	xmlFreeTextWriter(j.w);
	if (j.bad) {
		da_err_set(err, "cannot write the JUnit XML");
		goto out;
	}
	fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), out);
	rc = da_report_check_stream(out, err);
out:
	xmlBufferFree(buf);
	return rc;
}

const struct da_reporter da_report_junit = {
	.name = "junit",
	.summary = "results as JUnit XML for CI (one test case per rule and subject)",
	.write = junit_write,
};
