/*
 * The XCCDF 1.2 benchmark as the engine and reporters see it: groups and
 * rules in document order, values, profiles. Loaded (and validated) by
 * content/xccdf.c; the parsed libxml2 document is kept so reporters can
 * embed the exact benchmark in ARF.
 */
#ifndef DA_BENCHMARK_H
#define DA_BENCHMARK_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "content/check.h"

#define DA_XCCDF_NS "http://checklists.nist.gov/xccdf/1.2"
#define DA_CIS_REF_HREF "https://www.cisecurity.org/benchmark/docker"
/* The CIS Docker Benchmark version whose numbers reports show. */
#define DA_CIS_VERSION "1.6.0"

enum da_severity { DA_SEV_UNKNOWN, DA_SEV_INFO, DA_SEV_LOW, DA_SEV_MEDIUM, DA_SEV_HIGH };

enum da_item_kind { DA_ITEM_GROUP, DA_ITEM_RULE };

/* How a rule takes part in an evaluation (XCCDF 1.2 @role): FULL is checked
 * and scored; UNSCORED is checked and reported but counts in no score;
 * UNCHECKED is not checked at all (notchecked). */
enum da_role { DA_ROLE_FULL, DA_ROLE_UNSCORED, DA_ROLE_UNCHECKED };

/* The fix system of dockaudit's own remediation directives (content/remedy.h),
 * which `dockaudit fix` turns into a playbook or a script. */
#define DA_FIX_SYSTEM "urn:dockaudit:fix:1"

struct da_fix {
	char *system; /* e.g. "urn:xccdf:fix:script:sh" */
	char *id;
	char *text;
};

struct da_ref {
	char *href;
	char *text; /* e.g. "5.5" */
};

struct da_rule {
	enum da_severity severity;
	enum da_role role;
	/* The rule's number in CIS Docker Benchmark DA_CIS_VERSION, from its
	 * references (da_rule_cis_number decides, when the rule loads), what
	 * every report shows; NULL when it has none in that version. */
	char *cis;
	char *fixtext;
	struct da_fix *fixes;
	size_t n_fixes;
	struct da_ref *refs;
	size_t n_refs;
	char *check_system;
	struct da_check *check; /* NULL if the rule has no check in our system */
};

/* A Group or a Rule. */
struct da_item {
	enum da_item_kind kind;
	char *id;
	char *title;
	char *description; /* plain text */
	char *rationale;   /* plain text; may be NULL */
	double weight;
	bool selected;     /* the benchmark's default selection */
	int line;
	struct da_item *parent;    /* NULL at the top */
	struct da_item **children; /* GROUP: groups and rules in document order */
	size_t n_children;
	struct da_rule *rule;      /* RULE only */
};

struct da_value {
	char *id;
	char *title;
	char *type;     /* "string", "number", "boolean" */
	char *value;    /* the default (selector-less) value */
	/* selector -> value pairs, for profiles' refine-value */
	char **selectors;
	char **selector_values;
	size_t n_selectors;
};

struct da_select {
	char *idref;
	bool selected;
};

/* A refine-value (SELECTOR set: which of the Value's values) or a
 * set-value (VALUE set: the value itself, as written). Exactly one is set. */
struct da_refine_value {
	char *idref;
	char *selector;
	char *value;
};

/* Which properties a refine-rule sets. */
enum { DA_REFINE_SEVERITY = 1, DA_REFINE_WEIGHT = 2, DA_REFINE_ROLE = 4 };

/* A refine-rule: new severity, weight or role for a Rule (or weight only,
 * for a Group). Only the properties flagged in HAS are set. */
struct da_refine_rule {
	char *idref;
	int has;
	enum da_severity severity;
	double weight;
	enum da_role role;
};

/*
 * A Profile, of the benchmark or of a tailoring. Extension is resolved at
 * load time: the lists hold the extended profile's entries first, then the
 * profile's own, in document order, so for any id the last entry wins.
 */
struct da_profile {
	char *id;
	char *title;
	char *description;
	char *extends;   /* the id of the profile it extends, or NULL */
	int line;        /* of the Profile element, in the file it came from */
	struct da_select *selects;
	size_t n_selects;
	struct da_refine_value *refine_values; /* refine-value and set-value, in order */
	size_t n_refine_values;
	struct da_refine_rule *refine_rules;
	size_t n_refine_rules;
};

struct da_benchmark {
	char *path;      /* the file it was loaded from */
	char *id;
	char *title;
	char *version;
	char *status;
	xmlDoc *doc;     /* the XInclude-processed document, for ARF embedding */
	struct da_item root; /* kind GROUP: the benchmark's direct children */
	struct da_item **rules; /* every rule, document order (borrowed from the tree) */
	size_t n_rules;
	struct da_value *values;
	size_t n_values;
	struct da_profile *profiles;
	size_t n_profiles;
};

/* Load FILE: parse (no network), process XIncludes (profiles/), check it is
 * XCCDF 1.2, validate every dockaudit check against the check schema, and
 * build the model. Errors are "FILE:LINE: what" in ERR, return -1. */
int da_benchmark_load(const char *file, struct da_benchmark **out, struct da_err *err);
/* The same from DOC, a document already in memory whose root is an XCCDF
 * 1.2 Benchmark (e.g. one copied out of a saved ARF): no parsing and no
 * XIncludes (DOC is taken as it is), then the same checks and model as
 * da_benchmark_load. LABEL stands for the file in messages and in the
 * model's path. DOC is adopted: it belongs to *OUT on success and is freed
 * on failure. */
int da_benchmark_load_doc(xmlDoc *doc, const char *label, struct da_benchmark **out,
			  struct da_err *err);
/* NULL-safe. */
void da_benchmark_free(struct da_benchmark *b);

/* Lookups; NULL when absent. */
const struct da_profile *da_benchmark_profile(const struct da_benchmark *b, const char *id);
const struct da_value *da_benchmark_value(const struct da_benchmark *b, const char *id);
const struct da_item *da_benchmark_rule(const struct da_benchmark *b, const char *id);

/* Severity words as XCCDF spells them ("high"); and back (DA_SEV_UNKNOWN if unknown). */
const char *da_severity_name(enum da_severity s);
enum da_severity da_severity_parse(const char *s);
/* Role words as XCCDF spells them ("unscored"); and back (-1 if unknown). */
const char *da_role_name(enum da_role r);
int da_role_parse(const char *s);

/* The Group or Rule ID of B (NULL when absent, or when ID names neither). */
const struct da_item *da_benchmark_item(const struct da_benchmark *b, const char *id);
/* Free what P holds (not P itself). NULL-safe. */
void da_profile_clear(struct da_profile *p);

/* The default content: $DOCKAUDIT_DATADIR, else the installed pkgdatadir.
 * Caller frees. */
char *da_default_benchmark_path(void);

#endif
