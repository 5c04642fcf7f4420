/*
 * The fleet: the hand-built results of report_fixture.h saved as JSON (with
 * host names, times and one rule's result changed per host) and as ARF,
 * aggregated. Which hosts a rule fails on, the runs of one host ordered
 * by time with its latest counted and a duplicate dropped, results left
 * out (truncated, another benchmark id or version) with the right reason,
 * and outputs that keep to 80 columns and escape what hosts wrote.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "report/fleet.h"
#include "report/report.h"
#include "report_fixture.h"
#include "testutil.h"

#define HOSTILE "\033[2Jevil<b>&\"x\""

struct fx {
	struct da_results *r;
	char *bench;  /* the fixture benchmark's path */
	char *json;   /* the fixture results as JSON */
	char dir[64]; /* where the saved results are written */
	int n;
};

static int setup(void **state)
{
	struct fx *f = da_xcalloc(1, sizeof(*f));
	struct da_report_opts opts = { 0 };

	f->r = fx_results();
	f->bench = da_test_fixture("report/bench.xml");
	f->json = fx_render(&da_report_json, f->r, &opts);
	snprintf(f->dir, sizeof(f->dir), "/tmp/da-fleet.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	da_test_remove_tree(f->dir);
	fx_free(f->r);
	free(f->json);
	free(f->bench);
	free(f);
	return 0;
}

/* The fixture's JSON result as host HOST run at END, with the privileged
 * rule passing unless PRIV_FAILS, written to a new file; its path (caller
 * frees). */
static char *save(struct fx *f, const char *host, const char *end, bool priv_fails)
{
	json_t *doc = json_loads(f->json, 0, NULL), *rule, *in;
	char *path = da_xasprintf("%s/r%d.json", f->dir, f->n++);
	size_t i, j;

	assert_non_null(doc);
	json_object_set_new(json_object_get(doc, "host"), "hostname", json_string(host));
	json_object_set_new(doc, "end_time", json_string(end));
	json_array_foreach (json_object_get(doc, "rules"), i, rule) {
		if (priv_fails || strcmp(json_string_value(json_object_get(rule, "id")), FX_RULE_PRIV) != 0)
			continue;
		json_object_set_new(rule, "result", json_string("pass"));
		json_object_set_new(rule, "original_result", json_string("pass"));
		json_array_foreach (json_object_get(rule, "instances"), j, in)
			json_object_set_new(in, "result", json_string("pass"));
	}
	assert_int_equal(json_dump_file(doc, path, 0), 0);
	json_decref(doc);
	return path;
}

/* A file of TEXT; its path (caller frees). */
static char *save_text(struct fx *f, const char *text)
{
	char *path = da_xasprintf("%s/r%d.txt", f->dir, f->n++);
	FILE *o = fopen(path, "w");

	assert_non_null(o);
	fputs(text, o);
	fclose(o);
	return path;
}

static long rule_index(const struct da_fleet *fl, const char *id)
{
	size_t i;

	for (i = 0; i < fl->bench->n_rules; i++)
		if (strcmp(fl->bench->rules[i]->id, id) == 0)
			return (long)i;
	fail_msg("no rule %s", id);
	return -1;
}

static const struct da_fleet_host *host(const struct da_fleet *fl, const char *name)
{
	size_t i;

	for (i = 0; i < fl->n_hosts; i++)
		if (strcmp(fl->hosts[i].name, name) == 0)
			return &fl->hosts[i];
	fail_msg("no host %s", name);
	return NULL;
}

static void add_ok(struct da_fleet *fl, char *path)
{
	assert_int_equal(da_fleet_add(fl, path), 0);
	free(path);
}

/* Three hosts: the privileged rule fails on a and c, not on b. */
static struct da_fleet *three_hosts(struct fx *f)
{
	struct da_fleet *fl = NULL;
	struct da_err err = { { 0 } };

	assert_int_equal(da_fleet_new(f->bench, &fl, &err), 0);
	add_ok(fl, save(f, "a", "2026-11-25T08:00:07Z", true));
	add_ok(fl, save(f, "b", "2026-11-25T08:00:07Z", false));
	add_ok(fl, save(f, HOSTILE, "2026-11-25T08:00:07Z", true));
	da_fleet_finish(fl);
	return fl;
}

static void test_rule_hosts(void **state)
{
	struct da_fleet *fl = three_hosts(*state);
	const struct da_fleet_rule *priv = &fl->rules[rule_index(fl, FX_RULE_PRIV)];
	const struct da_fleet_rule *icc = &fl->rules[rule_index(fl, FX_RULE_ICC)];
	const struct da_fleet_rule *mem = &fl->rules[rule_index(fl, FX_RULE_MEM)];
	const struct da_fleet_run *a;

	assert_int_equal(fl->n_hosts, 3);
	assert_int_equal(fl->n_read, 3);
	assert_int_equal(fl->n_bad, 0);
	assert_int_equal(priv->n_fail, 2);
	assert_int_equal(priv->n_pass, 1);
	assert_string_not_equal(fl->hosts[priv->fail_hosts[0]].name, "b");
	assert_string_not_equal(fl->hosts[priv->fail_hosts[1]].name, "b");
	assert_int_equal(icc->n_fail, 3);
	assert_int_equal(mem->n_error, 3);
	assert_int_equal(mem->n_fail, 0);
	/* icc (3 hosts) ranks before privileged (2). */
	assert_int_equal(fl->n_failing_rules, 2);
	assert_int_equal(fl->by_hosts[0], rule_index(fl, FX_RULE_ICC));
	assert_int_equal(fl->by_hosts[1], rule_index(fl, FX_RULE_PRIV));
	/* One failing subject of the privileged rule on a; the run's own counts. */
	a = da_fleet_latest(host(fl, "a"));
	assert_int_equal(a->n_failing[rule_index(fl, FX_RULE_PRIV)], 1);
	assert_int_equal(a->counts[DA_RES_FAIL], 2);
	assert_int_equal(a->format, DA_SAVED_JSON);
	assert_int_equal(a->time, FX_END);
	da_fleet_free(fl);
}

/* Runs of one host by time whatever the order given; the latest counts;
 * a second result of the same time is a duplicate. */
static void test_runs(void **state)
{
	struct fx *f = *state;
	struct da_fleet *fl = NULL;
	struct da_err err = { { 0 } };
	const struct da_fleet_host *h;

	assert_int_equal(da_fleet_new(f->bench, &fl, &err), 0);
	add_ok(fl, save(f, "a", "2026-11-26T08:00:00Z", false));
	add_ok(fl, save(f, "a", "2026-11-20T08:00:00Z", true));
	add_ok(fl, save(f, "a", "2026-11-26T08:00:00Z", true));
	da_fleet_finish(fl);
	assert_int_equal(fl->n_hosts, 1);
	assert_int_equal(fl->n_duplicates, 1);
	assert_int_equal(fl->n_read, 2);
	h = &fl->hosts[0];
	assert_int_equal(h->n_runs, 2);
	assert_true(h->runs[0].time < h->runs[1].time);
	/* The first given of 2026-11-26 is kept: privileged passes there. */
	assert_int_equal(h->runs[1].result[rule_index(fl, FX_RULE_PRIV)], DA_RES_PASS);
	assert_int_equal(h->runs[0].result[rule_index(fl, FX_RULE_PRIV)], DA_RES_FAIL);
	assert_int_equal(fl->rules[rule_index(fl, FX_RULE_PRIV)].n_fail, 0);
	da_fleet_free(fl);
}

/* Results left out, each with its reason; the others still count. An ARF
 * carries its own benchmark, of the same id and version. */
static void test_left_out(void **state)
{
	struct fx *f = *state;
	struct da_report_opts opts = { 0 };
	struct da_fleet *fl = NULL;
	struct da_err err = { { 0 } };
	char *arf = fx_render(&da_report_arf, f->r, &opts), *p, *other, *truncated;
	char *version = strdup(f->json), *v;

	assert_int_equal(da_fleet_new(f->bench, &fl, &err), 0);
	add_ok(fl, save_text(f, arf));
	truncated = da_xstrndup(f->json, strlen(f->json) / 2);
	p = save_text(f, truncated);
	assert_int_equal(da_fleet_add(fl, p), -1);
	free(p);
	other = strdup(f->json);
	v = strstr(other, "xccdf_org.dockaudit");
	assert_non_null(v);
	memcpy(v, "xccdf_org.elsewhere", 19);
	p = save_text(f, other);
	assert_int_equal(da_fleet_add(fl, p), -1);
	free(p);
	v = strstr(version, "\"1.2.3\"");
	assert_non_null(v);
	memcpy(v, "\"9.9.9\"", 7);
	p = save_text(f, version);
	assert_int_equal(da_fleet_add(fl, p), -1);
	free(p);
	da_fleet_finish(fl);
	assert_int_equal(fl->n_hosts, 1);
	assert_int_equal(da_fleet_latest(&fl->hosts[0])->format, DA_SAVED_ARF);
	assert_string_equal(fl->hosts[0].name, FX_HOSTNAME);
	assert_int_equal(fl->n_bad, 3);
	assert_false(fl->bad[0].other_benchmark);
	assert_true(fl->bad[1].other_benchmark);
	assert_true(fl->bad[2].other_benchmark);
	assert_non_null(strstr(fl->bad[2].message, "version 9.9.9, not version 1.2.3"));
	assert_int_equal(strncmp(fl->bad[0].message, fl->bad[0].path, strlen(fl->bad[0].path)), 0);
	da_fleet_free(fl);
	free(arf);
	free(truncated);
	free(other);
	free(version);
}

static char *text_of(const struct da_fleet *fl, bool quiet)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&buf, &len);

	assert_non_null(o);
	da_fleet_write_text(fl, o, quiet);
	fclose(o);
	return buf;
}

/* Every line under 80 characters, no escape character from a host. */
static void test_text(void **state)
{
	struct da_fleet *fl = three_hosts(*state);
	char *t = text_of(fl, false), *line, *next;
	size_t n;

	assert_null(strchr(t, '\033'));
	assert_non_null(strstr(t, "Fleet: 3 hosts from 3 results"));
	assert_non_null(strstr(t, "\\x1b[2Jevil<b>"));
	for (line = t; *line; line = next + 1) {
		next = strchr(line, '\n');
		assert_non_null(next);
		for (n = 0; line < next; line++)
			n += ((unsigned char)*line & 0xc0) != 0x80;
		assert_true(n < 80);
	}
	free(t);
	t = text_of(fl, true);
	assert_non_null(strstr(t, "fleet: 3 hosts, 3 results"));
	assert_int_equal(strcspn(t, "\n") + 1, strlen(t));
	free(t);
	da_fleet_free(fl);
}

static void test_json(void **state)
{
	struct da_fleet *fl = three_hosts(*state);
	json_t *doc = da_fleet_json(fl), *r, *hosts;
	size_t i;

	assert_string_equal(json_string_value(json_object_get(doc, "format")), "dockaudit-fleet");
	json_array_foreach (json_object_get(doc, "rules"), i, r) {
		if (strcmp(json_string_value(json_object_get(r, "id")), FX_RULE_PRIV) != 0)
			continue;
		hosts = json_object_get(r, "failing_hosts");
		assert_int_equal(json_array_size(hosts), 2);
		assert_int_equal(json_integer_value(json_object_get(r, "hosts_passing")), 1);
		assert_int_equal(json_integer_value(json_object_get(r, "hosts_failing")), 2);
	}
	assert_int_equal(json_array_size(json_object_get(doc, "hosts")), 3);
	json_decref(doc);
	da_fleet_free(fl);
}

static void test_html(void **state)
{
	struct da_fleet *fl = three_hosts(*state);
	struct da_err err = { { 0 } };
	char *buf = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&buf, &len);

	assert_int_equal(da_fleet_write_html(fl, "-", o, &err), 0);
	fclose(o);
	assert_non_null(strstr(buf, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"));
	assert_non_null(strstr(buf, "script-src 'none'"));
	assert_null(strstr(buf, "<script"));
	assert_null(strstr(buf, "<b>"));
	assert_null(strchr(buf, '\033'));
	assert_non_null(strstr(buf, "evil&lt;b&gt;&amp;&quot;x&quot;"));
	assert_int_equal(fx_count(buf, "<tr><th scope=\"row\">"), 3);
	free(buf);
	da_fleet_free(fl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rule_hosts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_left_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
