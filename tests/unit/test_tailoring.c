/*
 * Unit tests for src/content/tailoring.c (and the Profile features of
 * xccdf.c it shares): the fixtures in tests/fixtures/content/tailoring/
 * loaded into their exact model; every malformed tailoring refused with its
 * exact "FILE:LINE: what"; and tailored evaluations of the frozen facts
 * mixed-containers.json, with refined severities, weights, roles and
 * values, and their scores worked out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "content/tailoring.h"
#include "engine/eval.h"
#include "facts/facts.h"
#include "testutil.h"

#define NS "xccdf_org.dockaudit.test_"
#define BENCH_ID NS "benchmark_tailoring"
#define R_ICC NS "rule_daemon_icc"
#define R_LOG NS "rule_daemon_log_level"
#define R_USERNS NS "rule_daemon_userns_remap"
#define R_PRIV NS "rule_container_privileged"
#define R_MEM NS "rule_container_memory_limit"
#define R_CAPS NS "rule_container_added_capabilities"
#define G_DAEMON NS "group_daemon"
#define G_CONTAINERS NS "group_containers"
#define V_CAPS NS "value_caps_allowed"
#define V_LOG NS "value_log_levels"
#define V_MEM NS "value_min_memory"
#define P_BASELINE NS "profile_baseline"
#define P_STRICT NS "profile_strict"
#define STRICT_CAPS "CAP_CHOWN CAP_SETGID CAP_SETUID CAP_NET_BIND_SERVICE"

struct state {
	struct da_benchmark *bench;
	json_t *facts;
	char *tmpdir;
};

static char *fixture(const char *name)
{
	return da_test_fixture("content/tailoring/%s", name);
}

static int setup(void **state)
{
	struct state *s = da_xcalloc(1, sizeof(*s));
	struct da_err err = { "" };
	char *path, *top;

	if (!getenv("DOCKAUDIT_DATADIR")) {
		/* Run by hand: the check schema is in the source tree. */
		top = da_xasprintf("%.*s/../..", (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__);
		setenv("DOCKAUDIT_DATADIR", top, 1);
		free(top);
	}
	path = fixture("bench.xml");
	if (da_benchmark_load(path, &s->bench, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
	path = da_test_fixture("facts/mixed-containers.json");
	if (da_facts_load(path, &s->facts, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
	s->tmpdir = da_xstrdup("/tmp/da-test-tailoring-XXXXXX");
	if (!mkdtemp(s->tmpdir))
		return -1;
	*state = s;
	return 0;
}

/* The temp dir holds only the files write_tmp made. */
static int teardown(void **state)
{
	struct state *s = *state;
	DIR *dir = opendir(s->tmpdir);
	struct dirent *d;
	char *p;

	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		p = da_xasprintf("%s/%s", s->tmpdir, d->d_name);
		unlink(p);
		free(p);
	}
	if (dir)
		closedir(dir);
	rmdir(s->tmpdir);
	free(s->tmpdir);
	da_benchmark_free(s->bench);
	json_decref(s->facts);
	free(s);
	return 0;
}

static char *write_tmp(const struct state *s, const char *name, const char *text)
{
	char *path = da_xasprintf("%s/%s", s->tmpdir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	return path;
}

static struct da_tailoring *load_ok(const struct state *s, const char *name)
{
	char *path = fixture(name);
	struct da_tailoring *t = NULL;
	struct da_err err = { "" };

	if (da_tailoring_load(path, s->bench, &t, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(err.msg, "");
	assert_string_equal(t->path, path);
	free(path);
	return t;
}

static void assert_select(const struct da_select *sel, const char *idref, bool selected)
{
	assert_string_equal(sel->idref, idref);
	assert_int_equal(sel->selected, selected);
}

/* A refine-value (SELECTOR) or set-value (VALUE). */
static void assert_refine_value(const struct da_refine_value *rv, const char *idref,
				const char *selector, const char *value)
{
	assert_string_equal(rv->idref, idref);
	if (selector)
		assert_string_equal(rv->selector, selector);
	else
		assert_null(rv->selector);
	if (value)
		assert_string_equal(rv->value, value);
	else
		assert_null(rv->value);
}

/* ---- the valid fixtures, exactly ---- */

static void test_site_model(void **state)
{
	const struct state *s = *state;
	struct da_tailoring *t = load_ok(s, "site.xml");
	const struct da_profile *p;
	const struct da_refine_rule *rr;

	assert_string_equal(t->id, "xccdf_org.example_tailoring_site");
	assert_string_equal(t->version, "1");
	assert_string_equal(t->benchmark_href, "bench.xml");
	assert_string_equal(t->benchmark_id, BENCH_ID);
	assert_non_null(t->doc);
	assert_int_equal(t->n_profiles, 1);
	p = &t->profiles[0];
	assert_string_equal(p->id, "xccdf_org.example_profile_site");
	assert_string_equal(p->title, "Example site");
	assert_string_equal(p->description, "The baseline, as this site runs it.");
	assert_string_equal(p->extends, P_BASELINE);
	assert_int_equal(p->line, 14);
	/* The baseline's select first, then the profile's own. */
	assert_int_equal(p->n_selects, 2);
	assert_select(&p->selects[0], R_USERNS, false);
	assert_select(&p->selects[1], R_MEM, false);
	assert_int_equal(p->n_refine_values, 2);
	assert_refine_value(&p->refine_values[0], V_CAPS, "strict", NULL);
	assert_refine_value(&p->refine_values[1], V_LOG, NULL, "info warn");
	assert_int_equal(p->n_refine_rules, 3);
	rr = &p->refine_rules[0];
	assert_string_equal(rr->idref, R_ICC);
	assert_int_equal(rr->has, DA_REFINE_SEVERITY | DA_REFINE_WEIGHT);
	assert_int_equal(rr->severity, DA_SEV_HIGH);
	assert_true(rr->weight == 3.0);
	rr = &p->refine_rules[1];
	assert_string_equal(rr->idref, G_CONTAINERS);
	assert_int_equal(rr->has, DA_REFINE_WEIGHT);
	assert_true(rr->weight == 3.0);
	rr = &p->refine_rules[2];
	assert_string_equal(rr->idref, R_PRIV);
	assert_int_equal(rr->has, DA_REFINE_ROLE);
	assert_int_equal(rr->role, DA_ROLE_UNSCORED);
	da_tailoring_free(t);
}

/* Extension inside the benchmark: strict extends baseline. */
static void test_benchmark_extends(void **state)
{
	const struct state *s = *state;
	const struct da_profile *base = da_benchmark_profile(s->bench, P_BASELINE);
	const struct da_profile *strict = da_benchmark_profile(s->bench, P_STRICT);

	assert_null(base->extends);
	assert_int_equal(base->n_selects, 1);
	assert_string_equal(strict->extends, P_BASELINE);
	assert_int_equal(strict->n_selects, 1);
	assert_select(&strict->selects[0], R_USERNS, false);
	assert_int_equal(strict->n_refine_values, 1);
	assert_refine_value(&strict->refine_values[0], V_CAPS, "strict", NULL);
	assert_int_equal(strict->n_refine_rules, 1);
	assert_string_equal(strict->refine_rules[0].idref, R_LOG);
	assert_false(da_rule_selected(da_benchmark_rule(s->bench, R_USERNS), strict));
	assert_true(da_rule_selected(da_benchmark_rule(s->bench, R_ICC), strict));
	assert_string_equal(da_value_resolve(s->bench, strict, V_CAPS), STRICT_CAPS);
	assert_int_equal(da_item_refined(da_benchmark_rule(s->bench, R_LOG), strict).severity,
			 DA_SEV_HIGH);
	assert_int_equal(da_item_refined(da_benchmark_rule(s->bench, R_LOG), base).severity,
			 DA_SEV_LOW);
}

static void test_shadow_model(void **state)
{
	const struct state *s = *state;
	struct da_tailoring *t = load_ok(s, "shadow.xml");
	const struct da_profile *shadow = &t->profiles[0], *stricter = &t->profiles[1];

	assert_string_equal(t->version, "2");
	assert_int_equal(t->n_profiles, 2);
	/* The shadowing profile: the baseline's select, then its own. */
	assert_string_equal(shadow->id, P_BASELINE);
	assert_string_equal(shadow->extends, P_BASELINE);
	assert_int_equal(shadow->n_selects, 2);
	assert_select(&shadow->selects[0], R_USERNS, false);
	assert_select(&shadow->selects[1], G_CONTAINERS, false);
	/* Two levels of extension: baseline, strict, then stricter's own. */
	assert_int_equal(stricter->n_selects, 1);
	assert_int_equal(stricter->n_refine_values, 4);
	assert_refine_value(&stricter->refine_values[0], V_CAPS, "strict", NULL);
	assert_refine_value(&stricter->refine_values[1], V_LOG, NULL, "warn");
	assert_refine_value(&stricter->refine_values[2], V_LOG, "verbose", NULL);
	assert_refine_value(&stricter->refine_values[3], V_MEM, NULL, "1048576");
	assert_int_equal(stricter->n_refine_rules, 3);
	assert_string_equal(stricter->refine_rules[0].idref, R_LOG); /* strict's */
	assert_int_equal(stricter->refine_rules[0].has, DA_REFINE_SEVERITY);
	assert_string_equal(stricter->refine_rules[1].idref, R_LOG);
	assert_int_equal(stricter->refine_rules[1].has, DA_REFINE_WEIGHT);
	assert_int_equal(stricter->refine_rules[2].role, DA_ROLE_UNCHECKED);
	da_tailoring_free(t);
}

static void test_profile_find(void **state)
{
	const struct state *s = *state;
	struct da_tailoring *site = load_ok(s, "site.xml");
	struct da_tailoring *shadow = load_ok(s, "shadow.xml");
	const struct da_benchmark *b = s->bench;

	assert_ptr_equal(da_profile_find(b, site, "site"), &site->profiles[0]);
	assert_ptr_equal(da_profile_find(b, site, "xccdf_org.example_profile_site"),
			 &site->profiles[0]);
	assert_ptr_equal(da_profile_find(b, site, "baseline"), &b->profiles[0]);
	assert_ptr_equal(da_profile_find(b, NULL, "strict"), &b->profiles[1]);
	assert_null(da_profile_find(b, NULL, "site"));
	assert_null(da_profile_find(b, site, "nope"));
	assert_null(da_profile_find(b, site, NULL));
	/* The tailoring's baseline shadows the benchmark's, by id and by name. */
	assert_ptr_equal(da_profile_find(b, shadow, P_BASELINE), &shadow->profiles[0]);
	assert_ptr_equal(da_profile_find(b, shadow, "baseline"), &shadow->profiles[0]);
	assert_ptr_equal(da_profile_find(b, shadow, "strict"), &b->profiles[1]);
	assert_ptr_equal(da_profile_find(b, shadow, "stricter"), &shadow->profiles[1]);
	da_tailoring_free(site);
	da_tailoring_free(shadow);
	da_tailoring_free(NULL);
}

/* ---- tailored evaluations of the frozen facts ---- */

static struct da_results *evaluate(const struct state *s, const struct da_tailoring *t,
				   const char *profile, enum da_score_model model)
{
	struct da_eval_opts opts = { .profile_id = profile, .tailoring = t, .score_model = model };
	struct da_results *r = NULL;
	struct da_err err = { "" };

	if (da_evaluate(s->bench, s->facts, &opts, &r, &err) < 0)
		fail_msg("da_evaluate: %s", err.msg);
	return r;
}

static const struct da_rule_result *result_of(const struct da_results *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n_rules; i++)
		if (strcmp(r->rules[i].item->id, id) == 0)
			return &r->rules[i];
	fail_msg("no result for %s", id);
	return NULL;
}

static void assert_rule(const struct da_results *r, const char *id, enum da_result res,
			enum da_severity sev, double weight, enum da_role role)
{
	const struct da_rule_result *rr = result_of(r, id);

	if (rr->result != res)
		fail_msg("%s: %s, expected %s", id, da_result_name(rr->result), da_result_name(res));
	assert_int_equal(rr->severity, sev);
	assert_true(rr->weight == weight);
	assert_int_equal(rr->role, role);
}

static void assert_scores(const struct da_results *r, double dflt, double flat, double flat_max,
			  double unw, double unw_max, double absolute)
{
	assert_true(r->scores[DA_SCORE_DEFAULT].score == dflt);
	assert_true(r->scores[DA_SCORE_DEFAULT].max == 100);
	assert_true(r->scores[DA_SCORE_FLAT].score == flat);
	assert_true(r->scores[DA_SCORE_FLAT].max == flat_max);
	assert_true(r->scores[DA_SCORE_FLAT_UNWEIGHTED].score == unw);
	assert_true(r->scores[DA_SCORE_FLAT_UNWEIGHTED].max == unw_max);
	assert_true(r->scores[DA_SCORE_ABSOLUTE].score == absolute);
}

/* The benchmark's baseline, untailored: daemon group (icc pass, log level
 * pass) 100, containers group (privileged, memory, capabilities fail) 0:
 * default (100 + 0) / 2 = 50; flat 2 of 5. */
static void test_untailored_baseline(void **state)
{
	struct da_results *r = evaluate(*state, NULL, "baseline", DA_SCORE_DEFAULT);

	assert_rule(r, R_ICC, DA_RES_PASS, DA_SEV_MEDIUM, 1, DA_ROLE_FULL);
	assert_rule(r, R_USERNS, DA_RES_NOTSELECTED, DA_SEV_MEDIUM, 1, DA_ROLE_FULL);
	assert_rule(r, R_PRIV, DA_RES_FAIL, DA_SEV_HIGH, 1, DA_ROLE_FULL);
	assert_rule(r, R_CAPS, DA_RES_FAIL, DA_SEV_HIGH, 1, DA_ROLE_FULL);
	assert_int_equal(result_of(r, R_CAPS)->instances[2].result, DA_RES_PASS); /* c-hostns */
	assert_scores(r, 50, 2, 5, 2, 5, 0);
	assert_int_equal(r->score_model, DA_SCORE_DEFAULT);
	da_results_free(r);
}

/* site.xml (see its comment): default 25, flat 4 of 5, flat-unweighted 2
 * of 3, absolute 0; the privileged rule still fails, unscored. */
static void test_site_evaluation(void **state)
{
	const struct state *s = *state;
	struct da_tailoring *t = load_ok(s, "site.xml");
	struct da_results *r = evaluate(s, t, "site", DA_SCORE_FLAT);
	const struct da_rule_result *caps;

	assert_string_equal(r->profile->id, "xccdf_org.example_profile_site");
	assert_string_equal(r->test_result_id, "xccdf_org.dockaudit_testresult_site");
	assert_int_equal(r->score_model, DA_SCORE_FLAT);
	assert_rule(r, R_ICC, DA_RES_PASS, DA_SEV_HIGH, 3, DA_ROLE_FULL);
	assert_rule(r, R_LOG, DA_RES_PASS, DA_SEV_LOW, 1, DA_ROLE_FULL);
	assert_rule(r, R_USERNS, DA_RES_NOTSELECTED, DA_SEV_MEDIUM, 1, DA_ROLE_FULL);
	assert_rule(r, R_PRIV, DA_RES_FAIL, DA_SEV_HIGH, 1, DA_ROLE_UNSCORED);
	assert_rule(r, R_MEM, DA_RES_NOTSELECTED, DA_SEV_MEDIUM, 1, DA_ROLE_FULL);
	assert_rule(r, R_CAPS, DA_RES_FAIL, DA_SEV_HIGH, 1, DA_ROLE_FULL);
	/* The strict capabilities fail c-hostns, which the default passes. */
	caps = result_of(r, R_CAPS);
	assert_string_equal(caps->instances[2].name, "c-hostns");
	assert_int_equal(caps->instances[2].result, DA_RES_FAIL);
	assert_string_equal(da_value_resolve(s->bench, r->profile, V_CAPS), STRICT_CAPS);
	assert_string_equal(da_value_resolve(s->bench, r->profile, V_LOG), "info warn");
	assert_string_equal(da_value_resolve(s->bench, r->profile, V_MEM), "0");
	assert_true(da_item_refined(da_benchmark_item(s->bench, G_CONTAINERS), r->profile).weight ==
		    3);
	assert_true(da_item_refined(da_benchmark_item(s->bench, G_DAEMON), r->profile).weight == 1);
	assert_int_equal(r->counts[DA_RES_PASS], 2);
	assert_int_equal(r->counts[DA_RES_FAIL], 2);
	assert_int_equal(r->counts[DA_RES_NOTSELECTED], 2);
	assert_scores(r, 25, 4, 5, 2, 3, 0);
	da_results_free(r);
	/* Without --profile the caller picks; da_evaluate takes no profile. */
	r = evaluate(s, t, NULL, DA_SCORE_DEFAULT);
	assert_null(r->profile);
	assert_rule(r, R_ICC, DA_RES_PASS, DA_SEV_MEDIUM, 1, DA_ROLE_FULL);
	da_results_free(r);
	da_tailoring_free(t);
}

/* shadow.xml's baseline replaces the benchmark's: the containers group is
 * deselected, so only the daemon group counts: 100, flat 2 of 2. */
static void test_shadowing_evaluation(void **state)
{
	const struct state *s = *state;
	struct da_tailoring *t = load_ok(s, "shadow.xml");
	struct da_results *r = evaluate(s, t, "baseline", DA_SCORE_DEFAULT);

	assert_ptr_equal(r->profile, &t->profiles[0]);
	assert_rule(r, R_PRIV, DA_RES_NOTSELECTED, DA_SEV_HIGH, 1, DA_ROLE_FULL);
	assert_rule(r, R_CAPS, DA_RES_NOTSELECTED, DA_SEV_HIGH, 1, DA_ROLE_FULL);
	assert_rule(r, R_USERNS, DA_RES_NOTSELECTED, DA_SEV_MEDIUM, 1, DA_ROLE_FULL);
	assert_scores(r, 100, 2, 2, 2, 2, 1);
	da_results_free(r);
	da_tailoring_free(t);
}

/* shadow.xml's stricter (extends strict, extends baseline): log level
 * passes ("info debug": the refine-value came after the set-value), high
 * (strict's) with weight 0.5 (its own); icc is unchecked, so not counted;
 * privileged, memory and capabilities fail (weight 1). Default: daemon
 * group 100, containers 0: 50. Flat 0.5 of 3.5; unweighted 1 of 4. */
static void test_stricter_evaluation(void **state)
{
	const struct state *s = *state;
	struct da_tailoring *t = load_ok(s, "shadow.xml");
	struct da_results *r = evaluate(s, t, "stricter", DA_SCORE_ABSOLUTE);
	const struct da_rule_result *icc;

	assert_rule(r, R_LOG, DA_RES_PASS, DA_SEV_HIGH, 0.5, DA_ROLE_FULL);
	assert_rule(r, R_ICC, DA_RES_NOTCHECKED, DA_SEV_MEDIUM, 1, DA_ROLE_UNCHECKED);
	icc = result_of(r, R_ICC);
	assert_string_equal(icc->message, "not checked: the rule's role is unchecked");
	assert_int_equal(icc->n_instances, 0);
	assert_rule(r, R_MEM, DA_RES_FAIL, DA_SEV_MEDIUM, 1, DA_ROLE_FULL);
	assert_string_equal(da_value_resolve(s->bench, r->profile, V_LOG), "info debug");
	assert_string_equal(da_value_resolve(s->bench, r->profile, V_MEM), "1048576");
	assert_scores(r, 50, 0.5, 3.5, 1, 4, 0);
	assert_int_equal(r->score_model, DA_SCORE_ABSOLUTE);
	da_results_free(r);
	da_tailoring_free(t);
}

/* ---- malformed tailorings: exact messages ---- */

static void load_bad_path(const struct state *s, const char *path, const char *want)
{
	struct da_tailoring *t = (struct da_tailoring *)1;
	struct da_err err = { "" };
	char *full = da_xstrdup(want), *p, *next;

	/* FILE stands for the tailoring's path, BENCH for the benchmark's. */
	while ((p = strstr(full, "FILE")) || (p = strstr(full, "BENCH"))) {
		next = da_xasprintf("%.*s%s%s", (int)(p - full), full, *p == 'F' ? path : s->bench->path,
				    p + (*p == 'F' ? 4 : 5));
		free(full);
		full = next;
	}
	assert_int_equal(da_tailoring_load(path, s->bench, &t, &err), -1);
	assert_null(t);
	assert_string_equal(err.msg, full);
	free(full);
}

static void test_bad_fixtures(void **state)
{
	static const struct {
		const char *file, *want;
	} cases[] = {
		{ "unknown-idref.xml",
		  "FILE:8: select of unknown id '" NS "rule_container_privileges'" },
		{ "wrong-benchmark.xml",
		  "FILE:4: the tailoring is for benchmark 'xccdf_org.ssgproject.content_benchmark_RHEL-9', not '" BENCH_ID "' (BENCH)" },
		{ "bad-severity.xml",
		  "FILE:9: unknown severity 'critical' (unknown, info, low, medium, high)" },
		{ "malformed.xml",
		  "FILE:9:12: Opening and ending tag mismatch: refine-rule line 8 and Profile" },
		{ "bench.xml", "FILE:11: not an XCCDF 1.2 Tailoring" },
		{ "nope.xml", "FILE: No such file or directory" },
	};
	size_t i;
	char *path;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		path = fixture(cases[i].file);
		print_message("%s\n", cases[i].file);
		load_bad_path(*state, path, cases[i].want);
		free(path);
	}
}

/* Lines 1-5 of every profile case; the snippet starts on line 6. */
#define HEAD                                                                                \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                      \
	"<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_org.t_tailoring_t\">\n" \
	"<benchmark href=\"bench.xml\" id=\"" BENCH_ID "\"/>\n"                            \
	"<version time=\"2026-11-25T10:00:00Z\">1</version>\n"
#define PROFILE(body) HEAD "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title>\n" body "\n</Profile></Tailoring>\n"
#define P_ID "Profile 'xccdf_org.t_profile_p'"

struct bad_case {
	const char *doc;
	const char *want; /* after "FILE:" */
};

static const struct bad_case bad_cases[] = {
	/* select */
	{ PROFILE("<select idref=\"" NS "rule_nope\" selected=\"true\"/>"),
	  "6: select of unknown id '" NS "rule_nope'" },
	{ PROFILE("<select idref=\"" V_LOG "\" selected=\"true\"/>"),
	  "6: select of unknown id '" V_LOG "'" },
	{ PROFILE("<select idref=\"" R_ICC "\"/>"), "6: select without selected" },
	{ PROFILE("<select selected=\"true\"/>"), "6: select without idref" },
	{ PROFILE("<select idref=\"" R_ICC "\" selected=\"no\"/>"),
	  "6: select selected='no' is not true or false" },
	{ PROFILE("<select idref=\"" R_ICC "\" selected=\"false\"/>\n<select idref=\"" R_ICC "\" selected=\"true\"/>"),
	  "7: " P_ID " has more than one select of '" R_ICC "'" },
	/* refine-value and set-value */
	{ PROFILE("<refine-value idref=\"" NS "value_nope\" selector=\"strict\"/>"),
	  "6: refine-value of unknown Value '" NS "value_nope'" },
	{ PROFILE("<refine-value idref=\"" V_LOG "\" selector=\"quiet\"/>"),
	  "6: refine-value: Value '" V_LOG "' has no selector 'quiet'" },
	{ PROFILE("<refine-value idref=\"" V_LOG "\"/>"), "6: refine-value without selector" },
	{ PROFILE("<refine-value idref=\"" V_LOG "\" selector=\"verbose\"/>\n<refine-value idref=\"" V_LOG "\" selector=\"verbose\"/>"),
	  "7: " P_ID " has more than one refine-value of '" V_LOG "'" },
	{ PROFILE("<set-value idref=\"" NS "value_nope\">x</set-value>"),
	  "6: set-value of unknown Value '" NS "value_nope'" },
	{ PROFILE("<set-value idref=\"" V_MEM "\">64M</set-value>"),
	  "6: set-value of Value '" V_MEM "': '64M' is not a number" },
	{ PROFILE("<set-value idref=\"" V_LOG "\">a<b/></set-value>"),
	  "6: element 'b' is not allowed in set-value" },
	{ PROFILE("<set-value>x</set-value>"), "6: set-value without idref" },
	{ PROFILE("<set-value idref=\"" V_LOG "\">a</set-value>\n<set-value idref=\"" V_LOG "\">b</set-value>"),
	  "7: " P_ID " has more than one set-value of '" V_LOG "'" },
	{ PROFILE("<set-complex-value idref=\"" V_LOG "\"><item>a</item></set-complex-value>"),
	  "6: set-complex-value is not supported by dockaudit" },
	/* refine-rule */
	{ PROFILE("<refine-rule idref=\"" NS "rule_nope\" weight=\"2\"/>"),
	  "6: refine-rule of unknown id '" NS "rule_nope'" },
	{ PROFILE("<refine-rule idref=\"" V_LOG "\" weight=\"2\"/>"),
	  "6: refine-rule of unknown id '" V_LOG "'" },
	{ PROFILE("<refine-rule idref=\"" R_ICC "\" severity=\"critical\"/>"),
	  "6: unknown severity 'critical' (unknown, info, low, medium, high)" },
	{ PROFILE("<refine-rule idref=\"" R_ICC "\" severity=\"High\"/>"),
	  "6: unknown severity 'High' (unknown, info, low, medium, high)" },
	{ PROFILE("<refine-rule idref=\"" R_ICC "\" weight=\"-1\"/>"),
	  "6: weight '-1' is not a non-negative decimal number" },
	{ PROFILE("<refine-rule idref=\"" R_ICC "\" weight=\"heavy\"/>"),
	  "6: weight 'heavy' is not a non-negative decimal number" },
	{ PROFILE("<refine-rule idref=\"" R_ICC "\" role=\"optional\"/>"),
	  "6: role 'optional' is not full, unscored or unchecked" },
	{ PROFILE("<refine-rule idref=\"" G_DAEMON "\" severity=\"high\"/>"),
	  "6: refine-rule of Group '" G_DAEMON "': only weight applies to a Group (severity and role are a Rule's)" },
	{ PROFILE("<refine-rule idref=\"" G_DAEMON "\" role=\"unscored\"/>"),
	  "6: refine-rule of Group '" G_DAEMON "': only weight applies to a Group (severity and role are a Rule's)" },
	{ PROFILE("<refine-rule weight=\"2\"/>"), "6: refine-rule without idref" },
	{ PROFILE("<refine-rule idref=\"" R_ICC "\"><foo/></refine-rule>"),
	  "6: element 'foo' is not allowed in refine-rule" },
	{ PROFILE("<refine-rule idref=\"" R_ICC "\" weight=\"2\"/>\n<refine-rule idref=\"" R_ICC "\" severity=\"low\"/>"),
	  "7: " P_ID " has more than one refine-rule of '" R_ICC "'" },
	/* the Profile */
	{ PROFILE("<Rule id=\"xccdf_org.t_rule_r\"/>"), "6: element 'Rule' is not allowed in Profile" },
	{ HEAD "<Profile id=\"xccdf_org.t_profile_p\">\n<select idref=\"" R_ICC "\" selected=\"false\"/></Profile></Tailoring>\n",
	  "5: " P_ID " without title" },
	{ HEAD "<Profile id=\"xccdf_org.t_profile_p\" extends=\"" NS "profile_nope\"><title>P</title></Profile></Tailoring>\n",
	  "5: " P_ID " extends unknown Profile '" NS "profile_nope'" },
	{ HEAD "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title></Profile>\n"
	       "<Profile id=\"xccdf_org.t_profile_q\" extends=\"xccdf_org.t_profile_p\"><title>Q</title></Profile></Tailoring>\n",
	  "6: Profile 'xccdf_org.t_profile_q' extends 'xccdf_org.t_profile_p', a profile of the tailoring (only the benchmark's can be extended)" },
	{ HEAD "<Profile id=\"" P_BASELINE "\"><title>P</title></Profile></Tailoring>\n",
	  "5: Profile '" P_BASELINE "' takes the id of a benchmark profile without extending it" },
	{ HEAD "<Profile id=\"" P_BASELINE "\" extends=\"" P_STRICT "\"><title>P</title></Profile></Tailoring>\n",
	  "5: Profile '" P_BASELINE "' takes the id of a benchmark profile without extending it" },
	{ HEAD "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title></Profile>\n"
	       "<Profile id=\"xccdf_org.t_profile_p\"><title>Q</title></Profile></Tailoring>\n",
	  "6: duplicate id 'xccdf_org.t_profile_p' (first at FILE:5)" },
	{ HEAD "<Profile id=\"profile_p\"><title>P</title></Profile></Tailoring>\n",
	  "5: Profile id 'profile_p' does not match xccdf_<namespace>_profile_<name>" },
	/* the Tailoring */
	{ "<?xml version=\"1.0\"?>\n<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"site\"/>\n",
	  "2: Tailoring id 'site' does not match xccdf_<namespace>_tailoring_<name>" },
	{ "<?xml version=\"1.0\"?>\n<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_org.t_tailoring_t\">\n"
	  "<version time=\"2026-11-25T10:00:00Z\">1</version>\n<Profile id=\"xccdf_org.t_profile_p\"><title>P</title></Profile></Tailoring>\n",
	  "2: Tailoring without benchmark (<benchmark href=\"...\" id=\"" BENCH_ID "\"/>)" },
	{ "<?xml version=\"1.0\"?>\n<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_org.t_tailoring_t\">\n"
	  "<benchmark href=\"bench.xml\"/></Tailoring>\n",
	  "3: benchmark without id" },
	{ "<?xml version=\"1.0\"?>\n<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_org.t_tailoring_t\">\n"
	  "<benchmark id=\"" BENCH_ID "\"/></Tailoring>\n",
	  "3: benchmark without href" },
	{ HEAD "<benchmark href=\"bench.xml\" id=\"" BENCH_ID "\"/></Tailoring>\n",
	  "5: Tailoring with more than one benchmark" },
	{ "<?xml version=\"1.0\"?>\n<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_org.t_tailoring_t\">\n"
	  "<benchmark href=\"bench.xml\" id=\"" BENCH_ID "\"/><Profile id=\"xccdf_org.t_profile_p\"><title>P</title></Profile></Tailoring>\n",
	  "2: Tailoring without version" },
	{ "<?xml version=\"1.0\"?>\n<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_org.t_tailoring_t\">\n"
	  "<benchmark href=\"bench.xml\" id=\"" BENCH_ID "\"/>\n<version>1</version></Tailoring>\n",
	  "4: version without time" },
	{ HEAD "<version time=\"2026-11-25T10:00:00Z\">2</version></Tailoring>\n",
	  "5: Tailoring with more than one version" },
	{ HEAD "</Tailoring>\n", "2: Tailoring without a Profile" },
	{ HEAD "<Value id=\"xccdf_org.t_value_v\"><value>1</value></Value></Tailoring>\n",
	  "5: element 'Value' is not allowed in Tailoring" },
	{ HEAD "stray</Tailoring>\n", "2: text is not allowed in Tailoring" },
	{ "<?xml version=\"1.0\"?>\n<!DOCTYPE Tailoring>\n<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_org.t_tailoring_t\"/>\n",
	  "2: a DOCTYPE is not allowed in content" },
	{ "<?xml version=\"1.0\"?>\n\n<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.1\" id=\"xccdf_org.t_tailoring_t\"/>\n",
	  "3: not an XCCDF 1.2 Tailoring" },
};

static void test_bad_cases(void **state)
{
	const struct state *s = *state;
	size_t i;
	char *path;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		char *want = da_xasprintf("FILE:%s", bad_cases[i].want);

		print_message("case %zu: %s\n", i, bad_cases[i].want);
		path = write_tmp(s, "bad.xml", bad_cases[i].doc);
		load_bad_path(s, path, want);
		free(want);
		free(path);
	}
}

/* The template is valid: the cases fail for their snippet alone. */
static void test_template_ok(void **state)
{
	const struct state *s = *state;
	char *path = write_tmp(s, "ok.xml", PROFILE("<select idref=\"" R_ICC "\" selected=\"false\"/>"));
	struct da_tailoring *t = NULL;
	struct da_err err = { "" };

	if (da_tailoring_load(path, s->bench, &t, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(t->n_profiles, 1);
	assert_null(t->profiles[0].extends);
	assert_int_equal(t->profiles[0].n_selects, 1);
	da_tailoring_free(t);
	assert_int_equal(da_tailoring_load(path, NULL, &t, &err), -1);
	assert_null(t);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site_model),
		cmocka_unit_test(test_benchmark_extends),
		cmocka_unit_test(test_shadow_model),
		cmocka_unit_test(test_profile_find),
		cmocka_unit_test(test_untailored_baseline),
		cmocka_unit_test(test_site_evaluation),
		cmocka_unit_test(test_shadowing_evaluation),
		cmocka_unit_test(test_stricter_evaluation),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_template_ok),
		cmocka_unit_test(test_bad_cases),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
