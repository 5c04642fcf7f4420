/*
 * The subcommand and option tables: well formed, no clashes, every option
 * documented in dockaudit(8) with the same help line --help prints, and the
 * parser driven by them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "common/xalloc.h"
#include "report/report.h"

static char *man_text(void)
{
	const char *top = getenv("top_srcdir");
	char *path = da_xasprintf("%s/man/dockaudit.8", top ? top : ".");
	FILE *f = fopen(path, "r");
	char *text = da_xcalloc(1, 1 << 20), *w = text;
	size_t n;
	int c;

	assert_non_null(f);
	n = fread(text, 1, (1 << 20) - 1, f);
	fclose(f);
	free(path);
	text[n] = '\0';
	/* Undo the roff escape of '-' so help lines compare as printed. */
	for (const char *r = text; *r; r++) {
		c = *r;
		if (c == '\\' && r[1] == '-')
			continue;
		*w++ = (char)c;
	}
	*w = '\0';
	return text;
}

static void test_table_well_formed(void **state)
{
	size_t i, j, k;

	(void)state;
	assert_non_null(da_cmd_table[0]);
	for (i = 0; da_cmd_table[i]; i++) {
		const struct da_cmd *c = da_cmd_table[i];

		assert_non_null(c->name);
		assert_non_null(c->args);
		assert_non_null(c->summary);
		assert_non_null(c->options);
		assert_non_null(c->run);
		for (j = 0; da_cmd_table[j]; j++)
			if (j != i)
				assert_string_not_equal(c->name, da_cmd_table[j]->name);
		for (j = 0; c->options[j]; j++) {
			const struct da_option *o = c->options[j];

			assert_non_null(o->name);
			assert_non_null(o->help);
			assert_string_not_equal(o->name, "help");
			assert_int_not_equal(o->short_name, 'h');
			for (k = j + 1; c->options[k]; k++) {
				assert_string_not_equal(o->name, c->options[k]->name);
				if (o->short_name)
					assert_int_not_equal(o->short_name, c->options[k]->short_name);
			}
		}
	}
}

static void test_man_documents_every_option(void **state)
{
	char *man = man_text();
	char needle[256];
	size_t i, j;

	(void)state;
	for (i = 0; da_cmd_table[i]; i++) {
		const struct da_cmd *c = da_cmd_table[i];

		/* Each command has an entry under COMMANDS: ".B name" or ".BI name ARGS". */
		snprintf(needle, sizeof(needle), ".B %s\n", c->name);
		if (!strstr(man, needle))
			snprintf(needle, sizeof(needle), ".BI %s ", c->name);
		if (!strstr(man, needle))
			fail_msg("dockaudit(8) has no entry for the command %s", c->name);
		for (j = 0; c->options[j]; j++) {
			const struct da_option *o = c->options[j];

			snprintf(needle, sizeof(needle), "--%s", o->name);
			if (!strstr(man, needle))
				fail_msg("dockaudit(8) does not document --%s", o->name);
			if (!strstr(man, o->help))
				fail_msg("dockaudit(8) lacks the help line of --%s: \"%s\"", o->name,
					 o->help);
		}
	}
	free(man);
}

struct seen {
	char names[8][32];
	char args[8][64];
	int n;
};

static int record(const struct da_option *opt, const char *arg, void *ctx)
{
	struct seen *s = ctx;

	snprintf(s->names[s->n], sizeof(s->names[0]), "%s", opt->name);
	snprintf(s->args[s->n], sizeof(s->args[0]), "%s", arg ? arg : "");
	s->n++;
	return 0;
}

static const struct da_cmd *cmd(const char *name)
{
	for (size_t i = 0; da_cmd_table[i]; i++)
		if (strcmp(da_cmd_table[i]->name, name) == 0)
			return da_cmd_table[i];
	fail_msg("no command %s", name);
	return NULL;
}

static void test_parse_options(void **state)
{
	char *argv[] = { "eval", "--json", "out.json", "-p", "baseline", "-v", "--html=r.html",
			 "facts.json", NULL };
	struct seen s = { .n = 0 };
	int first = -1;

	(void)state;
	assert_int_equal(da_cmd_parse(cmd("eval"), 8, argv, record, &s, &first), 0);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.names[0], "json");
	assert_string_equal(s.args[0], "out.json");
	assert_string_equal(s.names[1], "profile");
	assert_string_equal(s.args[1], "baseline");
	assert_string_equal(s.names[2], "verbose");
	assert_string_equal(s.names[3], "html");
	assert_string_equal(s.args[3], "r.html");
	assert_int_equal(first, 7);
	assert_string_equal(argv[first], "facts.json");
}

static void test_parse_errors(void **state)
{
	char *unknown[] = { "audit", "--no-such-option", NULL };
	char *missing[] = { "audit", "--json", NULL };
	char *wrongcmd[] = { "eval", "--root", "/x", "f.json", NULL };
	char *help[] = { "rules", "--help", NULL };
	struct seen s = { .n = 0 };
	int first;
	FILE *saved = stdout;

	(void)state;
	assert_int_equal(da_cmd_parse(cmd("audit"), 2, unknown, record, &s, &first), -1);
	assert_int_equal(da_cmd_parse(cmd("audit"), 2, missing, record, &s, &first), -1);
	/* --root belongs to audit and collect, not to eval. */
	assert_int_equal(da_cmd_parse(cmd("eval"), 4, wrongcmd, record, &s, &first), -1);
	assert_int_equal(s.n, 0);
	stdout = fopen("/dev/null", "w");
	assert_int_equal(da_cmd_parse(cmd("rules"), 2, help, record, &s, &first), 1);
	fclose(stdout);
	stdout = saved;
}

static const struct da_option *find_option(const struct da_cmd *cmd, const char *name)
{
	size_t i;

	for (i = 0; cmd->options[i]; i++)
		if (strcmp(cmd->options[i]->name, name) == 0)
			return cmd->options[i];
	return NULL;
}

/* Every reporter can be asked for by its option wherever reports are
 * written, and each output option has its reporter. */
static void test_output_options(void **state)
{
	static const struct da_cmd *const writers[] = { &da_cmd_audit, &da_cmd_eval, &da_cmd_report };
	size_t c, i, n;

	(void)state;
	for (c = 0; c < sizeof(writers) / sizeof(writers[0]); c++) {
		for (i = 0; da_reporters[i]; i++) {
			const struct da_option *o = find_option(writers[c], da_reporters[i]->name);

			if (!o || !o->arg)
				fail_msg("dockaudit %s has no --%s FILE", writers[c]->name, da_reporters[i]->name);
		}
		/* as many output options as reporters: none without one */
		for (i = n = 0; writers[c]->options[i]; i++)
			n += da_reporter_find(writers[c]->options[i]->name) != NULL;
		for (i = 0; da_reporters[i]; i++)
			;
		assert_int_equal(n, i);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_well_formed),
		cmocka_unit_test(test_man_documents_every_option),
		cmocka_unit_test(test_parse_options),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_output_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
