/*
 * The dockaudit check language (namespace DA_CHECK_NS): what a rule tests,
 * written as data inside the XCCDF <check-content>. A check names its
 * subjects (an array or object in the facts), optionally which of them the
 * rule applies to, and an assertion tree of tests over JSON pointers.
 * No rule's logic lives in C; C implements the generic operators only.
 */
#ifndef DA_CHECK_H
#define DA_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#define DA_CHECK_NS "urn:dockaudit:check:1"
#define DA_CHECK_SYSTEM DA_CHECK_NS

struct da_op; /* engine/ops.h: the operator table */
struct da_template; /* content/template.h: a message template */

enum da_node_kind {
	DA_NODE_TEST, /* a leaf: <test path op value|value-ref> */
	DA_NODE_ALL,  /* every child holds */
	DA_NODE_ANY,  /* at least one child holds */
	DA_NODE_NONE, /* no child holds */
	DA_NODE_EACH, /* <each path quantifier> over an array: children per element */
};

enum da_quantifier { DA_Q_ALL, DA_Q_ANY, DA_Q_NONE };

/* What a test yields when its path is absent from the facts. */
enum da_missing { DA_MISSING_ERROR, DA_MISSING_PASS, DA_MISSING_FAIL };

struct da_check_node {
	enum da_node_kind kind;
	int line;              /* in the content file, for messages */
	char *path;            /* TEST, EACH: RFC 6901 pointer, relative to the subject or element */
	const struct da_op *op;/* TEST: borrowed from the operator table */
	char *value;           /* TEST: literal operand, or NULL */
	char *value_ref;       /* TEST: id of an XCCDF Value giving the operand, or NULL */
	enum da_missing missing;
	enum da_quantifier quantifier; /* EACH */
	char *label;           /* EACH: pointer inside an element naming it in evidence, or NULL */
	struct da_check_node **kids;
	size_t n_kids;
};

struct da_check {
	int line;
	/* Subjects: the facts at SUBJECTS_PATH, an array (one subject per item)
	 * or an object (one subject). */
	char *subject_kind;  /* container, image, file, daemon, host */
	char *subjects_path; /* pointer from the document root */
	char *name_path;     /* pointer inside a subject giving its name, or NULL */
	char *id_path;       /* pointer inside a subject giving its id, or NULL */
	char *name;          /* literal name when NAME_PATH is NULL (e.g. "dockerd") */
	struct da_check_node *where;   /* which subjects are concerned; NULL: all */
	struct da_check_node *applies; /* false: the subject is notapplicable */
	struct da_check_node *assert;  /* MUST unless MANUAL or INFORM */
	bool manual;                   /* <manual>: result is notchecked */
	char *question;                /* MANUAL: what the reviewer must verify */
	/* <message> elements, in order: what a failing subject's sentences
	 * are made of; none: its evidence is shown. */
	struct da_template **messages;
	size_t n_messages;
	/* <inform path>: the result is informational, its message the fact at
	 * this pointer (relative to the subject), or NULL. */
	char *inform;
};

/* The da:each of C's assert whose path is PATH and that is not inside
 * another each (the one a message's for-each names), or NULL. *NEGATED:
 * whether it sits below an odd number of none. */
const struct da_check_node *da_check_find_each(const struct da_check *c, const char *path,
					       int *negated);

/* NULL-safe. */
void da_check_free(struct da_check *c);
void da_check_node_free(struct da_check_node *n);

#endif
