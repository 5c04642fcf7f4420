/*
 * What a rule is and what it checks, in words, for listings and for the
 * rule table generated from the content (dockaudit rules --format,
 * docs/RULES.md): its CIS numbers per benchmark version, whether it is
 * automated, and its check as one line derived from the check itself.
 */
#ifndef DA_DESCRIBE_H
#define DA_DESCRIBE_H

#include <stddef.h>

#include "content/benchmark.h"

enum da_automation {
	DA_AUTO_NONE,      /* no check in the dockaudit check language */
	DA_AUTO_AUTOMATED, /* a da:check with an assertion */
	DA_AUTO_MANUAL,    /* a da:check with da:manual: notchecked */
};

/* Split the text of a CIS reference ("CIS Docker Benchmark v1.6.0: 5.5")
 * into its version ("1.6.0"; "" when the text names none) and number
 * ("5.5"). 0 with *VERSION and *NUMBER set (caller frees both), or -1 when
 * REF is not a CIS reference (its href is not DA_CIS_REF_HREF) or its text
 * does not read so. */
int da_cis_ref_parse(const struct da_ref *ref, char **version, char **number);

/* The number rule R has in CIS benchmark VERSION ("1.6.0"), or NULL; with
 * several references to one version, the first. Caller frees. */
char *da_rule_cis_number(const struct da_rule *r, const char *version);

/* Every CIS version the rules of B cite, oldest first (compared as version
 * numbers: 1.10.0 after 1.9.0), each once. *N is set; the array is
 * NULL-terminated. Free with da_strv_free. */
char **da_benchmark_cis_versions(const struct da_benchmark *b, size_t *n);
/* Free a NULL-terminated array of strings. NULL-safe. */
void da_strv_free(char **v);

/* Whether rule R is automated, manual, or has no check of ours. */
enum da_automation da_rule_automation(const struct da_rule *r);
/* "automated", "manual", "none". */
const char *da_automation_name(enum da_automation a);

/* The part of an XCCDF id after "_KIND_" (e.g. "daemon_icc" for
 * "xccdf_org.dockaudit_rule_daemon_icc" and KIND "rule"), borrowed from ID;
 * ID itself when it does not have that form. */
const char *da_id_short(const char *id, const char *kind);

/* Check C in one line (caller frees), e.g.
 *   "each container: /inspect/HostConfig/Privileged equals false"
 *   "each file where /role equals daemon-config, applicable if /exists
 *    equals true: /mode mode-at-most 0644"
 *   "manual: QUESTION".
 * Operands that hold white space, quotes, parentheses or commas, and empty
 * ones, are quoted; a value-ref shows as "value SHORT-ID"; a test whose
 * missing= is not error says so ("(absent: pass)"). */
char *da_check_describe(const struct da_check *c);

/* How rule R is checked, in one line (caller frees): da_check_describe of
 * its check, or what stands in for a check it does not have. */
char *da_rule_describe(const struct da_rule *r);

#endif
