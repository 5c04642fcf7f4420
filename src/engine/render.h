/*
 * Rendering a rule's message template (content/template.h) over the facts
 * of one subject, and of one offending element for a for-each template:
 * the plain sentence reports show for a failing subject.
 */
#ifndef DA_RENDER_H
#define DA_RENDER_H

#include <jansson.h>

#include "content/benchmark.h"
#include "content/template.h"

/* Lists show at most this many items, then "and N more". */
#define DA_RENDER_LIST_MAX 8

struct da_render_ctx {
	const json_t *root;    /* the fact document, for {$...} */
	const json_t *subject; /* for {/...} */
	const json_t *element; /* for {@...}; NULL outside a for-each */
	const char *name;      /* {name}; may be NULL */
	const char *id;        /* {id}; may be NULL */
	const struct da_benchmark *bench;  /* Values of not-in/in filters */
	const struct da_profile *profile;  /* NULL: the Values' defaults */
};

/* T rendered over CX. Absent and null facts read "unset"; arrays are
 * joined with ", " (at most DA_RENDER_LIST_MAX items, then "and N more");
 * strings are as they are (the caller bounds and cleans the result, as it
 * does all evidence). Never NULL; caller frees. */
char *da_render(const struct da_template *t, const struct da_render_ctx *cx);

#endif
