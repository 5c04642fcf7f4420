/*
 * dockaudit fix: from a saved result to a remediation, as an Ansible
 * playbook or a POSIX shell script. The plan lists, per failing rule with
 * a dockaudit fix (content/remedy.h), the subjects the result found
 * failing; what cannot be changed in place (a container to recreate, a
 * rule without an automated fix) is listed for a person and never done.
 * Waived findings are passes in the result and so are never "fixed".
 */
#ifndef DA_FIX_H
#define DA_FIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/err.h"
#include "content/remedy.h"
#include "report/load.h"

enum da_fix_format { DA_FIX_ANSIBLE, DA_FIX_SH };

struct da_fix_opts {
	enum da_fix_format format;
	/* Only these rules (full ids or the part after "_rule_"); none: all. */
	const char *const *rules;
	size_t n_rules;
	/* Rule selection and Values; NULL: the result's own profile. */
	const struct da_profile *profile;
	bool profile_given;
	const char *source; /* the result file, for the header */
};

struct da_fix_subject {
	const char *name;    /* borrowed from the result */
	const char *id;      /* container id or NULL */
	const char *message; /* the finding, or NULL */
};

struct da_fix_step {
	const struct da_rule_result *rr;
	struct da_remedy rem;
	const char *value;    /* docker-update: the Value's value under the profile */
	const char *var;      /* docker-update: the Value's name after "_value_" */
	char *slug;           /* the rule id after "_rule_" */
	struct da_fix_subject *subj;
	size_t n_subj;
};

struct da_fix_plan {
	const struct da_saved *saved;
	const struct da_fix_opts *opts;
	struct da_fix_step *steps; /* in benchmark order */
	size_t n_steps;
	char **manual;             /* sentences for a person, in benchmark order */
	size_t n_manual;
	size_t n_failing;          /* failing rules considered */
	size_t n_manual_rules;     /* of them, with nothing automated */
	size_t n_skipped_subjects; /* names a tool cannot be trusted with */
	bool daemon_json, audit, containers; /* which kinds of step are there */
	char *restart_keys;        /* "icc, log-level": settings a restart applies; or NULL */
	/* The Values the docker-update steps set, each once (borrowed from
	 * the steps): the playbook's variables, the script's settings. */
	struct da_fix_value {
		const char *var, *value;
	} *values;
	size_t n_values;
	/* Containers to recreate, one line each with every change it needs,
	 * while the plan is built (then the first lines of MANUAL). */
	struct da_fix_recreate {
		char *key;  /* the container's id, else its name */
		char *line;
	} *recreate;
	size_t n_recreate;
};

/* Build the plan for S under O. 0, or -1 with ERR (a --rule naming no
 * rule, a Value the content lacks or whose value docker update does not
 * take). Free with da_fix_plan_free. */
int da_fix_plan_build(const struct da_saved *s, const struct da_fix_opts *o,
		      struct da_fix_plan **out, struct da_err *err);
void da_fix_plan_free(struct da_fix_plan *p);

/* Write P to OUT in its format. 0, or -1 with ERR when writing failed. */
int da_fix_write(const struct da_fix_plan *p, FILE *out, struct da_err *err);
int da_fix_write_ansible(const struct da_fix_plan *p, FILE *out);
int da_fix_write_sh(const struct da_fix_plan *p, FILE *out);

/* Helpers the writers share (plan.c). */
/* Whether S can be handed to a tool as it is: valid UTF-8 without control
 * characters, bidi overrides, or U+2028 and U+2029 (line breaks to YAML). */
bool da_fix_plain(const char *s);
/* "5.11 " or "" : the rule's CIS number and a blank. */
const char *da_fix_cis(const struct da_fix_step *st, char *buf, size_t len);
/* The memory size S ("512m") in bytes, or -1 (also past 2^62, so that
 * twice it, the swap a fix sets, still fits). */
long long da_fix_bytes(const char *s);
/* The header comment lines (without "# "), shared by both formats. */
char **da_fix_header(const struct da_fix_plan *p, size_t *n);

#endif
