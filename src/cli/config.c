/*
 * The configuration file reader. Strict, as every reader of outside data
 * here: a line it does not understand is an error naming the file and the
 * line, never a silently ignored setting, because a scheduled audit that
 * quietly dropped its waivers or history would go unnoticed for weeks.
 */
#include "cli/config.h"
#include "cli/opts.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "engine/score.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const struct da_option *const da_config_keys[] = {
	&da_opt_benchmark, &da_opt_profile, &da_opt_tailoring, &da_opt_score_model,
	&da_opt_fail_on, &da_opt_waivers, &da_opt_json, &da_opt_arf, &da_opt_html,
	&da_opt_results, &da_opt_junit, &da_opt_prom, &da_opt_hdf, &da_opt_root,
	&da_opt_docker_host, &da_opt_history, &da_opt_keep_runs, &da_opt_keep_days,
	&da_opt_fail_on_new, NULL,
};

static bool is_score_model(const char *v)
{
	return da_score_model_parse(v) >= 0;
}

static bool is_fail_on(const char *v)
{
	return strcmp(v, "low") == 0 || strcmp(v, "medium") == 0 || strcmp(v, "high") == 0;
}

static bool is_count(const char *v)
{
	long n;

	return da_run_parse_count(v, &n) == 0;
}

static bool is_yes_no(const char *v)
{
	return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0;
}

/* What a value must be, for the options that do not take any text. */
static const struct {
	const struct da_option *opt;
	bool (*ok)(const char *v);
	const char *expect;
} checks[] = {
	{ &da_opt_score_model, is_score_model, "default, flat, flat-unweighted or absolute" },
	{ &da_opt_fail_on, is_fail_on, "low, medium or high" },
	{ &da_opt_keep_runs, is_count, "a whole number (0 or more)" },
	{ &da_opt_keep_days, is_count, "a whole number (0 or more)" },
	{ &da_opt_fail_on_new, is_yes_no, "yes or no" },
};

static const struct da_option *key_option(const char *key)
{
	size_t i;

	for (i = 0; da_config_keys[i]; i++)
		if (strcmp(da_config_keys[i]->name, key) == 0)
			return da_config_keys[i];
	return NULL;
}

static int check_value(const struct da_config *c, const struct da_option *opt, const char *v,
		       unsigned line, struct da_err *err)
{
	size_t i;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (checks[i].opt == opt && !checks[i].ok(v))
			return da_err_set(err, "%s:%u: %s: '%s' is not %s", c->path, line, opt->name, v,
					  checks[i].expect);
	return 0;
}

/* S without leading and trailing white space (in place). */
static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int add_line(struct da_config *c, char *text, unsigned line, struct da_err *err)
{
	char *eq, *key, *value;
	const struct da_option *opt;
	size_t i;

	text = trim(text);
	if (!*text || *text == '#')
		return 0;
	eq = strchr(text, '=');
	if (!eq)
		return da_err_set(err, "%s:%u: expected 'key = value'", c->path, line);
	*eq = '\0';
	key = trim(text);
	value = trim(eq + 1);
	if (!*key)
		return da_err_set(err, "%s:%u: expected 'key = value'", c->path, line);
	opt = key_option(key);
	if (!opt)
		return da_err_set(err, "%s:%u: unknown key '%s'", c->path, line, key);
	for (i = 0; i < c->n; i++)
		if (c->entries[i].opt == opt)
			return da_err_set(err, "%s:%u: '%s' is set twice (first on line %u)", c->path,
					  line, key, c->entries[i].line);
	if (!*value)
		return 0;
	if (check_value(c, opt, value, line, err) < 0)
		return -1;
	c->entries = da_xreallocarray(c->entries, c->n + 1, sizeof(*c->entries));
	c->entries[c->n++] = (struct da_config_entry){ opt, da_xstrdup(value), line };
	return 0;
}

static int parse(struct da_config *c, char *text, size_t len, struct da_err *err)
{
	char *p = text, *nl;
	unsigned line = 1;

	const char *nul = memchr(text, '\0', len), *q;

	if (nul) {
		for (q = text; q < nul; q++)
			line += *q == '\n';
		return da_err_set(err, "%s:%u: a NUL byte: not a text file", c->path, line);
	}
	for (; p < text + len; line++) {
		nl = memchr(p, '\n', (size_t)(text + len - p));
		if (nl)
			*nl = '\0';
		if (add_line(c, p, line, err) < 0)
			return -1;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

int da_config_load(const char *path, struct da_config **out, struct da_err *err)
{
	struct da_config *c = da_xcalloc(1, sizeof(*c));
	struct da_buf b;
	int rc = -1;

	*out = NULL;
	c->path = da_xstrdup(path);
	da_buf_init(&b, DA_CONFIG_MAX_BYTES);
	if (da_buf_read_path(&b, path, path, err) == 0 &&
	    parse(c, b.data ? b.data : (char[]){ "" }, b.len, err) == 0)
		rc = 0;
	da_buf_free(&b);
	if (rc < 0) {
		da_config_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void da_config_free(struct da_config *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		free(c->entries[i].value);
	free(c->entries);
	free(c->path);
	free(c);
}

const char *da_config_get(const struct da_config *c, const struct da_option *opt)
{
	size_t i;

	for (i = 0; c && i < c->n; i++)
		if (c->entries[i].opt == opt)
			return c->entries[i].value;
	return NULL;
}

bool da_config_yes(const char *value)
{
	return value && strcmp(value, "yes") == 0;
}
