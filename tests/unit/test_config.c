/*
 * The configuration file (--config): what a valid file sets, the exact
 * error for each kind of bad line, and that options on the command line
 * win over the file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/config.h"
#include "cli/opts.h"
#include "common/xalloc.h"
#include "report/report.h"

static char dir[] = "/tmp/da-config.XXXXXX";

/* A file holding TEXT (LEN bytes); caller frees the path. */
static char *write_file(const char *name, const char *text, size_t len)
{
	char *path = da_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

static void test_valid(void **state)
{
	static const char text[] = "# scheduled audit\n"
				   "\n"
				   "  history   =   /var/lib/dockaudit/history  \n"
				   "\t# indented comment\n"
				   "keep-runs = 90\r\n"
				   "json =\n"
				   "fail-on = high\n"
				   "fail-on-new = yes\n"
				   "html = /srv/report # not a comment\n"
				   "score-model=flat";
	char *path = write_file("ok.conf", text, sizeof(text) - 1);
	struct da_config *c = NULL;
	struct da_err err = { { 0 } };

	(void)state;
	assert_int_equal(da_config_load(path, &c, &err), 0);
	assert_int_equal(c->n, 6); /* json's empty value sets nothing */
	assert_string_equal(da_config_get(c, &da_opt_history), "/var/lib/dockaudit/history");
	assert_int_equal(c->entries[0].line, 3);
	assert_string_equal(da_config_get(c, &da_opt_keep_runs), "90");
	assert_null(da_config_get(c, &da_opt_json));
	assert_string_equal(da_config_get(c, &da_opt_fail_on), "high");
	assert_true(da_config_yes(da_config_get(c, &da_opt_fail_on_new)));
	assert_string_equal(da_config_get(c, &da_opt_html), "/srv/report # not a comment");
	assert_string_equal(da_config_get(c, &da_opt_score_model), "flat");
	da_config_free(c);
	free(path);
}

/* Each bad file and the exact message (after "DIR/bad.conf"). */
static void test_errors(void **state)
{
	static const struct {
		const char *text;
		size_t len;
		const char *msg;
	} cases[] = {
		{ "history = /h\njust words\n", 0, ":2: expected 'key = value'" },
		{ " = value\n", 0, ":1: expected 'key = value'" },
		{ "# x\nfail_on = high\n", 0, ":2: unknown key 'fail_on'" },
		{ "verbose = yes\n", 0, ":1: unknown key 'verbose'" },
		{ "config = /etc/x\n", 0, ":1: unknown key 'config'" },
		{ "json = a\n\njson = b\n", 0, ":3: 'json' is set twice (first on line 1)" },
		{ "fail-on = severe\n", 0, ":1: fail-on: 'severe' is not low, medium or high" },
		{ "score-model = best\n", 0,
		  ":1: score-model: 'best' is not default, flat, flat-unweighted or absolute" },
		{ "keep-runs = -1\n", 0, ":1: keep-runs: '-1' is not a whole number (0 or more)" },
		{ "keep-days = 30d\n", 0, ":1: keep-days: '30d' is not a whole number (0 or more)" },
		{ "fail-on-new = true\n", 0, ":1: fail-on-new: 'true' is not yes or no" },
		{ "json = a\nhtml = b\0c\n", 20, ":2: a NUL byte: not a text file" },
	};
	struct da_config *c;
	struct da_err err;
	char *path, *want;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		path = write_file("bad.conf", cases[i].text,
				  cases[i].len ? cases[i].len : strlen(cases[i].text));
		want = da_xasprintf("%s%s", path, cases[i].msg);
		c = (struct da_config *)1;
		da_err_clear(&err);
		assert_int_equal(da_config_load(path, &c, &err), -1);
		assert_null(c);
		assert_string_equal(err.msg, want);
		free(want);
		free(path);
	}
	path = da_xasprintf("%s/none.conf", dir);
	want = da_xasprintf("%s: No such file or directory", path);
	assert_int_equal(da_config_load(path, &c, &err), -1);
	assert_string_equal(err.msg, want);
	free(want);
	free(path);
}

/* Every key is an option of audit, with the same name. */
static void test_keys_are_audit_options(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; da_config_keys[i]; i++) {
		for (j = 0; da_cmd_audit.options[j]; j++)
			if (da_cmd_audit.options[j] == da_config_keys[i])
				break;
		if (!da_cmd_audit.options[j])
			fail_msg("config key %s is not an option of audit", da_config_keys[i]->name);
	}
	assert_int_equal(i, 19);
}

/* The command line wins; the file fills in the rest. */
static void test_command_line_wins(void **state)
{
	static const char text[] = "json = /file.json\nhtml = /file.html\nhistory = /h\n"
				   "keep-runs = 5\nfail-on = high\nfail-on-new = yes\n";
	char *path = write_file("mix.conf", text, sizeof(text) - 1);
	char *argv[] = { "audit", "--json", "cli.json", "--config", path, "--fail-on", "low",
			 "--keep-runs", "7", NULL };
	struct da_run_opts o = { 0 };
	int first;

	(void)state;
	assert_int_equal(da_run_parse(&da_cmd_audit, 9, argv, &o, &first), 0);
	assert_string_equal(o.out_path[0], "cli.json"); /* da_reporters[0] is json */
	assert_string_equal(o.out_path[2], "/file.html");
	assert_string_equal(o.history, "/h");
	assert_int_equal(o.keep_runs, 7);
	assert_int_equal(o.fail_on, DA_SEV_LOW);
	assert_true(o.fail_on_new);
	da_run_opts_clear(&o);
	free(path);
}

/* The history options need a history. */
static void test_history_needed(void **state)
{
	char *argv[] = { "audit", "--fail-on-new", NULL };
	struct da_run_opts o = { 0 };
	int first;
	FILE *saved = stderr;

	(void)state;
	stderr = fopen("/dev/null", "w");
	assert_int_equal(da_run_parse(&da_cmd_audit, 2, argv, &o, &first), -1);
	fclose(stderr);
	stderr = saved;
	da_run_opts_clear(&o);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	static const char *const files[] = { "ok.conf", "bad.conf", "mix.conf" };
	char *path;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		path = da_xasprintf("%s/%s", dir, files[i]);
		unlink(path);
		free(path);
	}
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_keys_are_audit_options),
		cmocka_unit_test(test_command_line_wins),
		cmocka_unit_test(test_history_needed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
