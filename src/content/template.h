/*
 * Message templates (<da:message>, docs/CHECKS.md "Messages"): the plain
 * sentence a failing subject gets, written as content with placeholders
 * over the facts. Parsed and checked here when content loads; rendered by
 * the engine (engine/render.h).
 */
#ifndef DA_TEMPLATE_H
#define DA_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

/* What a part of a template stands for. */
enum da_tpl_scope {
	DA_TPL_TEXT,    /* literal text */
	DA_TPL_NAME,    /* {name}: the subject's name */
	DA_TPL_ID,      /* {id}: the subject's id */
	DA_TPL_SUBJECT, /* {/pointer}: a fact relative to the subject */
	DA_TPL_ROOT,    /* {$/pointer}: a fact from the document root */
	DA_TPL_ELEMENT, /* {@/pointer}: a fact relative to the offending element */
};

enum da_tpl_filter_kind {
	DA_TPL_F_OR,     /* or:TEXT: TEXT instead of "unset" for absent, null, "" or [] */
	DA_TPL_F_BOOL,   /* bool:YES:NO: a boolean in words */
	DA_TPL_F_SOURCE, /* source: a setting's source in words ("not set" when absent) */
	DA_TPL_F_COUNT,  /* count: how many items (absent: 0) */
	DA_TPL_F_NOT_IN, /* not-in:VALUE-ID: the items that are not in the Value's list */
	DA_TPL_F_IN,     /* in:VALUE-ID: the items that are in the Value's list */
	DA_TPL_F_MAP,    /* map:FROM=TO,FROM=TO: a string (or boolean, number) to words */
	DA_TPL_F_BEFORE, /* before:SEP: a string's text before the first SEP (NAME=secret: NAME) */
};

struct da_tpl_filter {
	enum da_tpl_filter_kind kind;
	char *arg1; /* or, bool, not-in, in, map, before */
	char *arg2; /* bool */
};

struct da_tpl_part {
	enum da_tpl_scope scope;
	char *text; /* TEXT: the text; SUBJECT, ROOT, ELEMENT: the pointer ("" = the value itself) */
	struct da_tpl_filter *filters;
	size_t n_filters;
};

struct da_template {
	int line;
	char *for_each; /* path of the da:each whose offending elements get a sentence each, or NULL */
	char *cond;     /* if: a pointer relative to the subject; the sentence is shown only when
			 * that fact is true, a non-zero number or a non-empty string, array or
			 * object; NULL: always */
	char *source;   /* the template as written */
	struct da_tpl_part *parts;
	size_t n_parts;
};

/* Parse template text SRC into *OUT (free with da_template_free; set on
 * error too). FOR_EACH: whether {@...} placeholders are allowed. Returns
 * 0, or -1 with *WHY a message (caller frees). Value ids in filters are
 * not checked here (the loader does: da_template_value_refs). */
int da_template_parse(const char *src, int for_each, struct da_template **out, char **why);
/* Whether P is an RFC 6901 JSON pointer: "" or "/"-separated tokens where
 * "~" is only "~0" or "~1". */
bool da_tpl_pointer_ok(const char *p);
/* NULL-safe. */
void da_template_free(struct da_template *t);

/* The filter words in enum order, NULL-terminated (for docs and tests). */
extern const char *const da_tpl_filter_names[];

/* The words for a daemon setting's SOURCE: flag "command line", config
 * and file "daemon.json", api "the running daemon", default "default",
 * unset "not set"; SOURCE itself otherwise. */
const char *da_tpl_source_words(const char *source);

/* In PAIRS ("proc=the kernel,config=its configuration"), the words WORD
 * maps to: a pointer into PAIRS and *LEN bytes, or NULL. */
const char *da_tpl_map(const char *pairs, const char *word, size_t *len);

#endif
