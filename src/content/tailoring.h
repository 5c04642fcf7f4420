/*
 * XCCDF 1.2 Tailoring documents (--tailoring): Profiles kept apart from the
 * benchmark that select, deselect and refine its rules and values. A
 * tailoring is loaded against the one benchmark it names, validated as
 * strictly as the benchmark itself, and its profiles are chosen with
 * --profile just like the benchmark's own (which they may extend or shadow).
 */
#ifndef DA_TAILORING_H
#define DA_TAILORING_H

#include <libxml/tree.h>
#include <stddef.h>

#include "common/err.h"
#include "content/benchmark.h"

struct da_tailoring {
	char *path;           /* the file it was loaded from */
	char *id;             /* xccdf_<namespace>_tailoring_<name> */
	char *version;
	char *benchmark_href; /* the <benchmark> reference, as written */
	char *benchmark_id;   /* equal to the benchmark's id */
	xmlDoc *doc;          /* the parsed document */
	struct da_profile *profiles; /* extension resolved (see struct da_profile) */
	size_t n_profiles;
};

/* Load the Tailoring in FILE for BENCH (the tailoring keeps no pointer
 * into BENCH, whose id its <benchmark> must give). Every select, refine-value,
 * set-value and refine-rule must name an item or Value of BENCH; a profile
 * may extend a profile of BENCH (and shadow it by taking its id), not one
 * of the tailoring. Errors are "FILE:LINE: what" in ERR, return -1. */
int da_tailoring_load(const char *file, const struct da_benchmark *bench,
		      struct da_tailoring **out, struct da_err *err);
/* NULL-safe. */
void da_tailoring_free(struct da_tailoring *t);

/* The profile WANT names: a full id, else the part of an id after
 * "_profile_"; T's profiles (NULL: none) before B's, since a tailoring
 * profile shadows the benchmark profile whose id it takes. Borrowed from T
 * or B; NULL when none matches. */
const struct da_profile *da_profile_find(const struct da_benchmark *b, const struct da_tailoring *t,
					 const char *want);

#endif
