/*
 * Unit tests for src/engine/waivers.c: every load error with its exact
 * message, the calendar, and the waivers applied to the results of
 * tests/fixtures/waivers/bench.xml on facts.json (one applying, one
 * expired, one unused, one for another subject, an error never waived,
 * image tags); then the CLI: --waivers on the frozen facts turning exit
 * code 2 into 0 when every failure is waived.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "engine/eval.h"
#include "engine/waivers.h"
#include "facts/facts.h"
#include "testutil.h"

extern char **environ;

#define RULE_PRIV "xccdf_org.test_rule_privileged"
#define RULE_IMAGE "xccdf_org.test_rule_image_user"
#define RULE_LOG "xccdf_org.test_rule_log_level"
#define DAY_2026_11_25 20782L
#define DAY_2026_01_31 20484L

/* A waiver entry with the members given, the others filled in. */
#define WAIVER(rule, subject, expires)                                                        \
	"{\"rule\": \"" rule "\", \"subject\": \"" subject "\", \"justification\": \"why\", " \
	"\"approved_by\": \"who\", \"expires\": \"" expires "\"}"
#define FILE1(w) "{\"waivers\": [" w "]}"

struct fx {
	struct da_benchmark *bench;
	json_t *facts;
};

static int setup(void **state)
{
	struct fx *fx = da_xcalloc(1, sizeof(*fx));
	struct da_err err = { { 0 } };
	char *path = da_test_fixture("waivers/bench.xml");

	if (da_benchmark_load(path, &fx->bench, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
	path = da_test_fixture("waivers/facts.json");
	if (da_facts_load(path, &fx->facts, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	da_benchmark_free(fx->bench);
	json_decref(fx->facts);
	free(fx);
	return 0;
}

static struct da_waivers *parse_ok(const struct fx *fx, const char *text)
{
	struct da_err err = { { 0 } };
	struct da_waivers *w = NULL;

	if (da_waivers_parse(text, strlen(text), "w.json", fx->bench, &w, &err) < 0)
		fail_msg("unexpected error: %s", err.msg);
	return w;
}

static void parse_err(const struct fx *fx, const char *text, const char *want)
{
	struct da_err err = { { 0 } };
	struct da_waivers *w = (struct da_waivers *)1;

	assert_int_equal(da_waivers_parse(text, strlen(text), "w.json", fx->bench, &w, &err), -1);
	assert_null(w);
	if (strcmp(err.msg, want) != 0)
		fail_msg("for %s\n got \"%s\"\nwant \"%s\"", text, err.msg, want);
}

/* ---- the calendar ---------------------------------------------------------- */

static void test_dates(void **state)
{
	static const struct {
		const char *text;
		long day;
	} good[] = {
		{ "1970-01-01", 0 },	      { "2000-02-29", 11016 },	{ "2000-03-01", 11017 },
		{ "2026-01-31", DAY_2026_01_31 }, { "2026-11-25", DAY_2026_11_25 },
		{ "2028-02-29", 21243 },      { "9999-12-31", 2932896 },
	};
	static const char *const bad[] = {
		"", "2027-02-29", "2100-02-29", "2027-04-31", "2027-13-01", "2027-00-10",
		"2027-01-00", "1969-12-31", "2027-3-31", "27-03-31", "2027/03/31", "2027-03-31Z",
		"2027-03-31T00:00:00Z", " 2027-03-31", "２０２７-03-31", "2027-0x-01",
	};
	char buf[DA_WAIVER_DATE_LEN];
	long day;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		day = -1;
		assert_int_equal(da_waiver_date_parse(good[i].text, &day), 0);
		assert_int_equal(day, good[i].day);
		da_waiver_date_format(day, buf);
		assert_string_equal(buf, good[i].text);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (da_waiver_date_parse(bad[i], &day) != -EINVAL)
			fail_msg("\"%s\" was taken for a date", bad[i]);
	assert_int_equal(da_waiver_date_parse(NULL, &day), -EINVAL);
	/* today is today: within a day of time(NULL) */
	assert_true(labs(da_waiver_today() * 86400L - (long)time(NULL)) <= 86400L);
}

/* ---- loading ------------------------------------------------------------------- */

static void test_load_valid(void **state)
{
	struct fx *fx = *state;
	struct da_waivers *w = parse_ok(fx, "{\"waivers\": [" WAIVER("privileged", "ci-*", "2027-03-31")
					",\n" WAIVER(RULE_LOG, "dockerd", "2026-11-25") "]}");

	assert_string_equal(w->path, "w.json");
	assert_int_equal(w->n, 2);
	/* the short name is resolved to the full id */
	assert_string_equal(w->items[0].rule_id, RULE_PRIV);
	assert_string_equal(w->items[0].subject, "ci-*");
	assert_string_equal(w->items[0].justification, "why");
	assert_string_equal(w->items[0].approved_by, "who");
	assert_string_equal(w->items[0].expires, "2027-03-31");
	assert_int_equal(w->items[0].index, 1);
	assert_string_equal(w->items[1].rule_id, RULE_LOG);
	assert_int_equal(w->items[1].expires_day, DAY_2026_11_25);
	assert_int_equal(w->items[1].index, 2);
	da_waivers_free(w);
	w = parse_ok(fx, "{\"waivers\": []}");
	assert_int_equal(w->n, 0);
	da_waivers_free(w);
	da_waivers_free(NULL);
}

static void test_load_errors(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "", "w.json:1:0: '[' or '{' expected near end of file" },
		{ "{\"waivers\": [}", "w.json:1:14: unexpected token near '}'" },
		{ "{\"waivers\": [],\n \"waivers\": []}",
		  "w.json:2:10: duplicate object key near '\"waivers\"'" },
		{ "{\"waivers\": [\"\xff\"]}", "w.json:1:14: unable to decode byte 0xff near '\"'" },
		{ "[]", "w.json: expected an object with a \"waivers\" array" },
		{ "{}", "w.json: \"waivers\" is missing or not an array" },
		{ "{\"waivers\": {}}", "w.json: \"waivers\" is missing or not an array" },
		{ "{\"waivers\": [], \"version\": 1}",
		  "w.json: unknown member \"version\" (expected only \"waivers\")" },
		{ FILE1(WAIVER("privileged", "*", "2027-01-01") ", 3"), "w.json: waiver 2: not an object" },
		{ FILE1("{\"rule\": \"privileged\", \"subject\": \"*\", \"justification\": \"j\", "
			"\"approved_by\": \"a\", \"expires\": \"2027-01-01\", \"reason\": \"r\"}"),
		  "w.json: waiver 1: unknown member \"reason\"" },
		{ FILE1("{\"subject\": \"*\", \"justification\": \"j\", \"approved_by\": \"a\", "
			"\"expires\": \"2027-01-01\"}"),
		  "w.json: waiver 1: missing \"rule\"" },
		{ FILE1("{\"rule\": \"privileged\", \"justification\": \"j\", \"approved_by\": \"a\", "
			"\"expires\": \"2027-01-01\"}"),
		  "w.json: waiver 1: missing \"subject\"" },
		{ FILE1("{\"rule\": \"privileged\", \"subject\": \"*\", \"approved_by\": \"a\", "
			"\"expires\": \"2027-01-01\"}"),
		  "w.json: waiver 1: missing \"justification\"" },
		{ FILE1("{\"rule\": \"privileged\", \"subject\": \"*\", \"justification\": \"j\", "
			"\"expires\": \"2027-01-01\"}"),
		  "w.json: waiver 1: missing \"approved_by\"" },
		{ FILE1("{\"rule\": \"privileged\", \"subject\": \"*\", \"justification\": \"j\", "
			"\"approved_by\": \"a\"}"),
		  "w.json: waiver 1: missing \"expires\"" },
		{ FILE1("{\"rule\": \"privileged\", \"subject\": \"*\", \"justification\": \"j\", "
			"\"approved_by\": \"a\", \"expires\": 20270101}"),
		  "w.json: waiver 1: \"expires\" is not a string" },
		{ FILE1("{\"rule\": \"privileged\", \"subject\": null, \"justification\": \"j\", "
			"\"approved_by\": \"a\", \"expires\": \"2027-01-01\"}"),
		  "w.json: waiver 1: \"subject\" is not a string" },
		{ FILE1("{\"rule\": \"privileged\", \"subject\": \"*\", \"justification\": \" \\t\", "
			"\"approved_by\": \"a\", \"expires\": \"2027-01-01\"}"),
		  "w.json: waiver 1: \"justification\" is empty" },
		{ FILE1("{\"rule\": \"privileged\", \"subject\": \"*\", \"justification\": \"j\", "
			"\"approved_by\": \"\", \"expires\": \"2027-01-01\"}"),
		  "w.json: waiver 1: \"approved_by\" is empty" },
		{ FILE1(WAIVER("privileged", "*", "2027-01-01") ", " WAIVER("container_nope", "*",
									     "2027-01-01")),
		  "w.json: waiver 2: rule \"container_nope\" is not in the benchmark" },
		/* a Group id or a Value id is not a rule */
		{ FILE1(WAIVER("xccdf_org.test_group_all", "*", "2027-01-01")),
		  "w.json: waiver 1: rule \"xccdf_org.test_group_all\" is not in the benchmark" },
		{ FILE1(WAIVER("privileged", "*", "2027-02-29")),
		  "w.json: waiver 1: expires \"2027-02-29\" is not a date (YYYY-MM-DD)" },
		{ FILE1(WAIVER("privileged", "*", "31/03/2027")),
		  "w.json: waiver 1: expires \"31/03/2027\" is not a date (YYYY-MM-DD)" },
	};
	struct fx *fx = *state;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		parse_err(fx, cases[i].text, cases[i].msg);
}

static void test_load_long_text(void **state)
{
	struct fx *fx = *state;
	struct da_buf b;
	char *text;

	da_buf_init(&b, 0);
	da_buf_puts(&b, "{\"waivers\": [{\"rule\": \"privileged\", \"subject\": \"*\", \"approved_by\": "
			"\"a\", \"expires\": \"2027-01-01\", \"justification\": \"");
	while (b.len < DA_WAIVER_TEXT_MAX + 200)
		da_buf_puts(&b, "x");
	da_buf_puts(&b, "\"}]}");
	text = da_buf_take(&b);
	parse_err(fx, text, "w.json: waiver 1: \"justification\" is longer than 4096 bytes");
	free(text);
}

/* Write TEXT (LEN bytes) to a new temporary file; caller unlinks and frees. */
static char *temp_file(const char *text, size_t len)
{
	char *path = da_xstrdup("/tmp/da-waivers-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_load_file(void **state)
{
	struct fx *fx = *state;
	struct da_err err = { { 0 } };
	struct da_waivers *w = NULL;
	char *big, *path, *want;

	assert_int_equal(da_waivers_load("/nonexistent/w.json", fx->bench, &w, &err), -1);
	assert_string_equal(err.msg, "/nonexistent/w.json: No such file or directory");
	assert_int_equal(da_waivers_load("/tmp", fx->bench, &w, &err), -1);
	assert_string_equal(err.msg, "/tmp: Is a directory");
	/* past the cap, even when it is only blanks */
	big = da_xmalloc(DA_WAIVERS_MAX_BYTES + 1);
	memset(big, ' ', DA_WAIVERS_MAX_BYTES + 1);
	path = temp_file(big, DA_WAIVERS_MAX_BYTES + 1);
	assert_int_equal(da_waivers_load(path, fx->bench, &w, &err), -1);
	want = da_xasprintf("%s: larger than 1048576 bytes", path);
	assert_string_equal(err.msg, want);
	assert_null(w);
	unlink(path);
	free(path);
	free(want);
	/* at the cap: read, and then judged as JSON */
	path = temp_file(big, DA_WAIVERS_MAX_BYTES);
	assert_int_equal(da_waivers_load(path, fx->bench, &w, &err), -1);
	want = da_xasprintf("%s:1:1048576: '[' or '{' expected near end of file", path);
	assert_string_equal(err.msg, want);
	unlink(path);
	free(path);
	free(want);
	free(big);
	/* the sample fixture loads */
	path = da_test_fixture("waivers/sample.json");
	assert_int_equal(da_waivers_load(path, fx->bench, &w, &err), 0);
	assert_int_equal(w->n, 6);
	assert_string_equal(w->path, path);
	assert_string_equal(w->items[3].rule_id, RULE_IMAGE);
	assert_string_equal(w->items[3].subject, "debian:*");
	da_waivers_free(w);
	free(path);
}

/* ---- applying ------------------------------------------------------------------ */

static struct da_results *evaluate(const struct fx *fx)
{
	struct da_err err = { { 0 } };
	struct da_results *r = NULL;

	if (da_evaluate(fx->bench, fx->facts, NULL, &r, &err) < 0)
		fail_msg("%s", err.msg);
	return r;
}

static const struct da_rule_result *rule(const struct da_results *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n_rules; i++)
		if (strcmp(r->rules[i].item->id, id) == 0)
			return &r->rules[i];
	fail_msg("no rule %s", id);
	return NULL;
}

static const struct da_instance *inst(const struct da_results *r, const char *id, const char *name)
{
	const struct da_rule_result *rr = rule(r, id);
	size_t i;

	for (i = 0; i < rr->n_instances; i++)
		if (strcmp(rr->instances[i].name, name) == 0)
			return &rr->instances[i];
	fail_msg("rule %s has no subject %s", id, name);
	return NULL;
}

static void test_apply_sample(void **state)
{
	struct fx *fx = *state;
	struct da_err err = { { 0 } };
	struct da_results *r = evaluate(fx);
	char *path = da_test_fixture("waivers/sample.json");
	const struct da_instance *in;
	struct da_waivers *w;
	double before = r->scores[DA_SCORE_DEFAULT].score;

	assert_int_equal(r->counts[DA_RES_FAIL], 3);
	assert_int_equal(da_waivers_load(path, fx->bench, &w, &err), 0);
	da_waivers_apply(w, DAY_2026_11_25, r);
	assert_ptr_equal(r->waivers, w);
	assert_int_equal(r->waiver_day, DAY_2026_11_25);
	/* a waiver applying: both CI runners, original kept */
	in = inst(r, RULE_PRIV, "ci-runner-1");
	assert_int_equal(in->result, DA_RES_PASS);
	assert_int_equal(in->original, DA_RES_FAIL);
	assert_ptr_equal(in->waiver, &w->items[0]);
	assert_string_equal(in->message, "/inspect/HostConfig/Privileged is true; expected equals false");
	assert_ptr_equal(inst(r, RULE_PRIV, "ci-runner-2")->waiver, &w->items[0]);
	/* an expired one: not applied, noted on the message */
	in = inst(r, RULE_PRIV, "web");
	assert_int_equal(in->result, DA_RES_FAIL);
	assert_null(in->waiver);
	assert_string_equal(in->message, "/inspect/HostConfig/Privileged is true; expected equals "
					 "false; waiver expired on 2026-01-31");
	/* a different subject that passes, and an error: untouched */
	in = inst(r, RULE_PRIV, "db");
	assert_int_equal(in->result, DA_RES_PASS);
	assert_null(in->waiver);
	in = inst(r, RULE_PRIV, "broken");
	assert_int_equal(in->result, DA_RES_ERROR);
	assert_null(in->waiver);
	assert_string_equal(in->message, "inspect: 500 Internal Server Error");
	assert_int_equal(rule(r, RULE_PRIV)->result, DA_RES_FAIL);
	assert_int_equal(rule(r, RULE_PRIV)->n_waived, 2);
	/* an image matched by its second tag, not its name */
	in = inst(r, RULE_IMAGE, "registry.example.com/base/debian:12");
	assert_ptr_equal(in->waiver, &w->items[3]);
	assert_null(inst(r, RULE_IMAGE, "tools:latest")->waiver);
	/* expiring today still applies; the whole rule becomes pass */
	assert_ptr_equal(inst(r, RULE_LOG, "dockerd")->waiver, &w->items[4]);
	assert_int_equal(rule(r, RULE_LOG)->result, DA_RES_PASS);
	assert_int_equal(rule(r, RULE_LOG)->original, DA_RES_FAIL);
	assert_int_equal(rule(r, RULE_LOG)->n_waived, 1);
	/* counts and scores use the effective results */
	assert_int_equal(r->counts[DA_RES_FAIL], 2);
	assert_int_equal(r->counts[DA_RES_PASS], 1);
	assert_int_equal(r->counts[DA_RES_NOTSELECTED], 1);
	assert_int_equal(r->n_waived, 4);
	assert_true(r->scores[DA_SCORE_DEFAULT].score > before);
	assert_float_equal(r->scores[DA_SCORE_FLAT_UNWEIGHTED].score, 1.0, 1e-9);
	/* how each waiver fared */
	assert_false(r->waiver_uses[0].expired);
	assert_int_equal(r->waiver_uses[0].waived, 2);
	assert_true(r->waiver_uses[1].expired);
	assert_int_equal(r->waiver_uses[1].matched, 1);
	assert_int_equal(r->waiver_uses[1].waived, 0);
	assert_int_equal(r->waiver_uses[2].matched, 0); /* db passes */
	assert_int_equal(r->waiver_uses[2].waived, 0);
	assert_int_equal(r->waiver_uses[3].waived, 1);
	assert_int_equal(r->waiver_uses[4].waived, 1);
	assert_int_equal(r->waiver_uses[5].matched, 0); /* broken is an error */
	da_results_free(r);
	da_waivers_free(w);
	free(path);
}

/* The day after its expiry a waiver no longer applies. */
static void test_expiry_boundary(void **state)
{
	struct fx *fx = *state;
	struct da_waivers *w = parse_ok(fx, FILE1(WAIVER("log_level", "dock*", "2026-11-25")));
	struct da_results *r = evaluate(fx);

	da_waivers_apply(w, DAY_2026_11_25 + 1, r);
	assert_int_equal(rule(r, RULE_LOG)->result, DA_RES_FAIL);
	assert_int_equal(rule(r, RULE_LOG)->n_waived, 0);
	assert_null(inst(r, RULE_LOG, "dockerd")->waiver);
	assert_string_equal(inst(r, RULE_LOG, "dockerd")->message,
			    "/settings/log-level/value is debug; expected equals info; waiver expired "
			    "on 2026-11-25");
	assert_true(r->waiver_uses[0].expired);
	assert_int_equal(r->counts[DA_RES_FAIL], 3);
	assert_int_equal(r->n_waived, 0);
	da_results_free(r);
	da_waivers_free(w);
}

/* Several waivers match: the first live one applies; an expired one listed
 * before it is still counted as matching, and no expiry is noted. */
static void test_first_live_waiver_wins(void **state)
{
	struct fx *fx = *state;
	struct da_waivers *w = parse_ok(fx, FILE1(WAIVER("privileged", "web", "2026-01-31") ", "
						  WAIVER("privileged", "w*", "2027-01-01") ", "
						  WAIVER("privileged", "*", "2027-01-01")));
	struct da_results *r = evaluate(fx);

	da_waivers_apply(w, DAY_2026_11_25, r);
	assert_ptr_equal(inst(r, RULE_PRIV, "web")->waiver, &w->items[1]);
	assert_string_equal(inst(r, RULE_PRIV, "web")->message,
			    "/inspect/HostConfig/Privileged is true; expected equals false");
	assert_ptr_equal(inst(r, RULE_PRIV, "ci-runner-1")->waiver, &w->items[2]);
	assert_int_equal(r->waiver_uses[0].matched, 1);
	assert_int_equal(r->waiver_uses[1].waived, 1);
	assert_int_equal(r->waiver_uses[2].matched, 3);
	assert_int_equal(r->waiver_uses[2].waived, 2);
	/* every failure waived, the error is left: the rule is an error now */
	assert_int_equal(rule(r, RULE_PRIV)->result, DA_RES_ERROR);
	assert_int_equal(rule(r, RULE_PRIV)->original, DA_RES_FAIL);
	da_results_free(r);
	da_waivers_free(w);
}

/* A waiver for a rule that is not selected waives nothing; no waivers at
 * all leave the results as they were. */
static void test_unused_and_none(void **state)
{
	struct fx *fx = *state;
	struct da_waivers *w = parse_ok(fx, FILE1(WAIVER("unselected", "*", "2027-01-01")));
	struct da_results *r = evaluate(fx);

	da_waivers_apply(w, DAY_2026_11_25, r);
	assert_int_equal(r->waiver_uses[0].matched, 0);
	assert_false(r->waiver_uses[0].expired);
	assert_int_equal(r->counts[DA_RES_FAIL], 3);
	da_results_free(r);
	da_waivers_free(w);
	r = evaluate(fx);
	da_waivers_apply(NULL, DAY_2026_11_25, r);
	assert_null(r->waivers);
	assert_null(r->waiver_uses);
	assert_int_equal(r->counts[DA_RES_FAIL], 3);
	assert_null(inst(r, RULE_PRIV, "web")->waiver);
	da_results_free(r);
}

/* Glob patterns: brackets, and a name with metacharacters of its own. */
static void test_patterns(void **state)
{
	struct fx *fx = *state;
	struct da_waivers *w = parse_ok(fx, FILE1(WAIVER("privileged", "ci-runner-[2-9]", "2027-01-01")
						  ", " WAIVER("image_user", "tools:*", "2027-01-01")));
	struct da_results *r = evaluate(fx);

	da_waivers_apply(w, DAY_2026_11_25, r);
	assert_null(inst(r, RULE_PRIV, "ci-runner-1")->waiver);
	assert_non_null(inst(r, RULE_PRIV, "ci-runner-2")->waiver);
	assert_non_null(inst(r, RULE_IMAGE, "tools:latest")->waiver);
	assert_null(inst(r, RULE_IMAGE, "registry.example.com/base/debian:12")->waiver);
	da_results_free(r);
	da_waivers_free(w);
}

/* ---- the command line ------------------------------------------------------------ */

struct run {
	int rc;
	char *out;
	char *err;
};

static char *slurp(const char *path)
{
	struct da_buf b;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	da_buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		da_buf_append(&b, chunk, n);
	fclose(f);
	return da_buf_take(&b);
}

/* Run dockaudit with ARGV (after the program name); DOCKAUDIT_NOW set to NOW. */
static struct run run_cli(const char *now, char *const args[])
{
	const char *bin = getenv("DOCKAUDIT");
	char out[] = "/tmp/da-waivers-out-XXXXXX", err[] = "/tmp/da-waivers-err-XXXXXX";
	char *argv[16] = { (char *)(bin ? bin : "src/cli/dockaudit") };
	posix_spawn_file_actions_t fa;
	struct run r = { -1, NULL, NULL };
	int status = -1, fo = mkstemp(out), fe = mkstemp(err);
	size_t i;
	pid_t pid;

	assert_true(fo >= 0 && fe >= 0);
	for (i = 0; args[i] && i < 14; i++)
		argv[i + 1] = args[i];
	if (now)
		setenv("DOCKAUDIT_NOW", now, 1);
	else
		unsetenv("DOCKAUDIT_NOW");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fo, 1);
	posix_spawn_file_actions_adddup2(&fa, fe, 2);
	assert_int_equal(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unsetenv("DOCKAUDIT_NOW");
	close(fo);
	close(fe);
	assert_true(WIFEXITED(status));
	r.rc = WEXITSTATUS(status);
	r.out = slurp(out);
	r.err = slurp(err);
	unlink(out);
	unlink(err);
	return r;
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static json_t *load_json(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);

	if (!j)
		fail_msg("%s: %s", path, e.text);
	return j;
}

static void test_cli_sample(void **state)
{
	char *bench = da_test_fixture("waivers/bench.xml"), *facts = da_test_fixture("waivers/facts.json");
	char *sample = da_test_fixture("waivers/sample.json"), *want;
	char json[] = "/tmp/da-waivers-json-XXXXXX";
	struct run r;
	json_t *doc, *in;

	(void)state;
	close(mkstemp(json));
	r = run_cli("2026-11-25", (char *[]){ "eval", "--benchmark", bench, "--waivers", sample,
					      "--json", json, facts, NULL });
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.out, "\nResults:   1 pass, 2 fail, 1 notselected (4 rules)\n"
				      "Waived:    4 failures in 3 rules\n"));
	want = da_xasprintf("\nWarning:   waiver 2 of %s (" RULE_PRIV ", subject web) expired on "
			    "2026-01-31 and was not applied (1 failure)\n", sample);
	assert_non_null(strstr(r.out, want));
	free(want);
	want = da_xasprintf("\nUnused:    waiver 3 of %s (" RULE_PRIV ", subject db) waived no "
			    "failure\n", sample);
	assert_non_null(strstr(r.out, want));
	free(want);
	assert_non_null(strstr(r.out, "\n[WAIVED]  -      low     Log level\n"
				      "           daemon dockerd (fail, waived): /settings/log-level/value "
				      "is debug; expected equals info\n"
				      "             waived until 2026-11-25, approved by On-call lead: "
				      "Debug logging while incident INC-99 is open\n"));
	run_free(&r);
	doc = load_json(json);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "waivers"), "date")),
			    "2026-11-25");
	assert_int_equal(json_array_size(json_object_get(doc, "expired_waivers")), 1);
	assert_int_equal(json_array_size(json_object_get(doc, "unused_waivers")), 2);
	in = json_array_get(json_object_get(json_array_get(json_object_get(doc, "rules"), 0),
					    "instances"), 0);
	assert_string_equal(json_string_value(json_object_get(in, "result")), "pass");
	assert_string_equal(json_string_value(json_object_get(json_object_get(in, "waiver"),
							      "original_result")), "fail");
	json_decref(doc);
	/* a day later the log level waiver has expired too */
	r = run_cli("2026-11-26", (char *[]){ "eval", "--benchmark", bench, "--waivers", sample,
					      "--json", json, facts, NULL });
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.out, "\nResults:   3 fail, 1 notselected (4 rules)\n"
				      "Waived:    3 failures in 2 rules\n"));
	run_free(&r);
	unlink(json);
	free(bench);
	free(facts);
	free(sample);
}

static void test_cli_errors(void **state)
{
	char *bench = da_test_fixture("waivers/bench.xml"), *facts = da_test_fixture("waivers/facts.json");
	char *sample = da_test_fixture("waivers/sample.json"), *bad, *want;
	const char *text = FILE1(WAIVER("privileged", "*", "2027-02-30"));
	struct run r;

	(void)state;
	bad = temp_file(text, strlen(text));
	r = run_cli(NULL, (char *[]){ "eval", "--benchmark", bench, "--waivers", bad, facts, NULL });
	assert_int_equal(r.rc, 1);
	want = da_xasprintf("dockaudit: %s: waiver 1: expires \"2027-02-30\" is not a date "
			    "(YYYY-MM-DD)\n", bad);
	assert_string_equal(r.err, want);
	assert_string_equal(r.out, "");
	free(want);
	run_free(&r);
	r = run_cli("2026-11-31", (char *[]){ "eval", "--benchmark", bench, "--waivers", sample, facts,
					      NULL });
	assert_int_equal(r.rc, 1);
	assert_string_equal(r.err, "dockaudit: DOCKAUDIT_NOW '2026-11-31' is not a date (YYYY-MM-DD)\n");
	run_free(&r);
	/* the installed benchmark has no rule "privileged" */
	r = run_cli(NULL, (char *[]){ "eval", "--waivers", sample, facts, NULL });
	assert_int_equal(r.rc, 1);
	want = da_xasprintf("dockaudit: %s: waiver 1: rule \"privileged\" is not in the benchmark\n",
			    sample);
	assert_string_equal(r.err, want);
	free(want);
	run_free(&r);
	unlink(bad);
	free(bad);
	free(bench);
	free(facts);
	free(sample);
}

/* A glob that matches NAME only. */
static char *glob_quote(const char *name)
{
	struct da_buf b;

	da_buf_init(&b, 0);
	for (; *name; name++) {
		if (strchr("*?[]\\", *name))
			da_buf_append(&b, "\\\\", 2);
		da_buf_append(&b, name, 1);
	}
	return da_buf_take(&b);
}

/* A waiver file for every failing subject of the results DOC; how many in *N. */
static char *waive_everything(const json_t *doc, size_t *n)
{
	const json_t *rr, *in;
	struct da_buf b;
	size_t i, j;
	char *name, *path;

	*n = 0;
	da_buf_init(&b, 0);
	da_buf_puts(&b, "{\"waivers\": [");
	json_array_foreach(json_object_get(doc, "rules"), i, rr) {
		json_array_foreach(json_object_get(rr, "instances"), j, in) {
			if (strcmp(json_string_value(json_object_get(in, "result")), "fail") != 0)
				continue;
			name = glob_quote(json_string_value(
				json_object_get(json_object_get(in, "subject"), "name")));
			da_buf_printf(&b, "%s{\"rule\": \"%s\", \"subject\": \"%s\", \"justification\": "
					  "\"accepted in review %zu\", \"approved_by\": \"CISO\", "
					  "\"expires\": \"2030-12-31\"}", *n ? ",\n" : "",
				      json_string_value(json_object_get(rr, "id")), name, *n + 1);
			free(name);
			(*n)++;
		}
	}
	da_buf_puts(&b, "]}\n");
	path = temp_file(b.data, b.len);
	da_buf_free(&b);
	return path;
}

/* The frozen facts fail some rules (exit 2); with every failure waived, and
 * nothing in error, eval exits 0 and the JSON shows nothing failing. */
static void test_cli_frozen_facts_exit_code(void **state)
{
	char *facts = da_test_fixture("facts/mixed-containers.json"), *waivers;
	/* The frozen first slice of rules: its results on these facts hold no
	 * error, whatever the shipped content grows into. */
	char *slice = da_test_fixture("content/slice/slice-xccdf.xml");
	char json[] = "/tmp/da-waivers-json-XXXXXX";
	const json_t *summary;
	struct run r;
	json_t *doc;
	size_t n;

	(void)state;
	close(mkstemp(json));
	r = run_cli("2026-11-25", (char *[]){ "eval", "--benchmark", slice, "--json", json, facts, NULL });
	assert_int_equal(r.rc, 2);
	run_free(&r);
	doc = load_json(json);
	summary = json_object_get(doc, "summary");
	assert_true(json_integer_value(json_object_get(summary, "fail")) > 0);
	if (json_integer_value(json_object_get(summary, "error")) ||
	    json_integer_value(json_object_get(summary, "unknown")))
		fail_msg("mixed-containers.json has rules in error: no waiver can make it pass");
	waivers = waive_everything(doc, &n);
	json_decref(doc);
	assert_true(n >= 10);
	r = run_cli("2026-11-25", (char *[]){ "eval", "--benchmark", slice, "--waivers", waivers,
					      "--json", json, facts, NULL });
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.err, "");
	run_free(&r);
	doc = load_json(json);
	summary = json_object_get(doc, "summary");
	assert_int_equal(json_integer_value(json_object_get(summary, "fail")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "waivers"),
							    "waived_instances")), n);
	assert_int_equal(json_array_size(json_object_get(doc, "unused_waivers")), 0);
	assert_int_equal(json_array_size(json_object_get(doc, "expired_waivers")), 0);
	json_decref(doc);
	/* in 2031 they have all expired: exit 2 again, every one reported */
	r = run_cli("2031-01-01", (char *[]){ "eval", "--benchmark", slice, "--waivers", waivers,
					      "--json", json, facts, NULL });
	assert_int_equal(r.rc, 2);
	run_free(&r);
	doc = load_json(json);
	assert_int_equal(json_array_size(json_object_get(doc, "expired_waivers")), n);
	json_decref(doc);
	unlink(waivers);
	unlink(json);
	free(waivers);
	free(slice);
	free(facts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test_setup_teardown(test_load_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_long_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_sample, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_live_waiver_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unused_and_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patterns, setup, teardown),
		cmocka_unit_test(test_cli_sample),
		cmocka_unit_test(test_cli_errors),
		cmocka_unit_test(test_cli_frozen_facts_exit_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
