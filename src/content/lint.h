/*
 * dockaudit rules --lint: review content beyond what loading it requires.
 * Loading already refuses what would make evaluation wrong (schema-invalid
 * checks, malformed or duplicate ids, unknown Values and select targets);
 * the linter adds what makes content incomplete or misleading: rules
 * without severity, reference, description, rationale or fix text, rules
 * no profile selects, CIS numbers claimed twice, leftover TODOs, fix
 * scripts that would not work where OpenSCAP hands them on (fixcheck.h);
 * and, as warnings, automated rules without a message template.
 */
#ifndef DA_LINT_H
#define DA_LINT_H

#include <stddef.h>

/* Titles longer than this many characters are reported. */
#define DA_LINT_TITLE_MAX 100

struct da_lint {
	/* One line per problem, "FILE:LINE: KIND ID: what" (KIND is benchmark,
	 * group, rule, value or profile), or the load error as the loader
	 * words it; in document order. */
	char **problems;
	size_t n_problems;
	/* Worth fixing but not wrong, "FILE:LINE: rule ID: warning: what",
	 * in document order. */
	char **warnings;
	size_t n_warnings;
	/* What was reviewed (all 0 when the content did not load). */
	size_t n_rules, n_groups, n_values, n_profiles;
};

/* Lint the XCCDF benchmark BENCHMARK (with its XIncludes) and, unless
 * NULL, the XCCDF Tailoring TAILORING made for it, into OUT, which the
 * caller zeroes and later clears with da_lint_clear. Every finding,
 * including a failure to load either file, is a problem in OUT; nothing is
 * printed. */
void da_lint_content(const char *benchmark, const char *tailoring, struct da_lint *out);

/* Free what OUT holds and zero it. NULL-safe. */
void da_lint_clear(struct da_lint *out);

#endif
