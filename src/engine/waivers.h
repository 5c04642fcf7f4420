/*
 * Waivers: exceptions an auditor signed off, read from a JSON file
 * (--waivers, format in dockaudit(8)) and applied after evaluation the way
 * XCCDF overrides work: a waived failure keeps its original result and gets
 * an effective one (pass) with who approved it, why, and until when.
 */
#ifndef DA_WAIVERS_H
#define DA_WAIVERS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "content/benchmark.h"
#include "engine/result.h"

/* Largest waiver file accepted, and longest text member. */
#define DA_WAIVERS_MAX_BYTES (1u << 20)
#define DA_WAIVER_TEXT_MAX 4096
/* "YYYY-MM-DD" and its NUL. */
#define DA_WAIVER_DATE_LEN 11

struct da_waiver {
	size_t index;        /* 1-based position in the file, as messages name it */
	char *rule_id;       /* the full XCCDF Rule id (the file may give the short name) */
	char *subject;       /* fnmatch(3) pattern over the subject's name (images: or a repo tag) */
	char *justification;
	char *approved_by;
	char expires[DA_WAIVER_DATE_LEN]; /* as written, validated */
	long expires_day;    /* the same day, in days since 1970-01-01 */
};

struct da_waivers {
	char *path;              /* the file, as named to da_waivers_load */
	struct da_waiver *items; /* file order */
	size_t n;
};

/* How one waiver fared in an evaluation: one per waiver, in file order,
 * in struct da_results (waiver_uses). */
struct da_waiver_use {
	const struct da_waiver *waiver; /* borrowed from the set */
	bool expired;   /* its expiry day is before the evaluation's day */
	size_t matched; /* failures whose rule and subject it matches */
	size_t waived;  /* failures it waived (0 when expired) */
};

/* Read and check the waiver file PATH against BENCH: the layout, every
 * member (no unknown, none missing, non-empty strings of at most
 * DA_WAIVER_TEXT_MAX bytes), each rule one of BENCH's (full id, or the part
 * after "_rule_"), each expiry a real date. Returns 0, or -1 with ERR
 * "PATH:LINE:COL: what" (bad JSON), "PATH: waiver N: what" or "PATH:
 * what". *OUT is freed with da_waivers_free. */
int da_waivers_load(const char *path, const struct da_benchmark *bench, struct da_waivers **out,
		    struct da_err *err);
/* The same over LEN bytes of TEXT; NAME stands for the file in messages. */
int da_waivers_parse(const char *text, size_t len, const char *name,
		     const struct da_benchmark *bench, struct da_waivers **out, struct da_err *err);
/* NULL-safe. */
void da_waivers_free(struct da_waivers *w);

/* Apply W to R on DAY (days since 1970-01-01, UTC): every instance whose
 * result is fail, whose rule is a waiver's and whose subject the waiver's
 * pattern matches, gets the first such waiver that has not expired (DAY on
 * or before its expiry): its result becomes pass, the original is kept.
 * Results other than fail are never waived. A failure matched only by
 * expired waivers keeps fail, and its message notes "waiver expired on
 * DATE". Then the rules' roll-ups, R->counts and R->scores are computed
 * again. R borrows W, which must outlive it; R->waiver_uses says how each
 * waiver fared. Call it once, right after da_evaluate. */
void da_waivers_apply(const struct da_waivers *w, long day, struct da_results *r);

/* "YYYY-MM-DD" (a real day of years 1970 to 9999) as days since
 * 1970-01-01 in *DAY. 0, or -EINVAL. */
int da_waiver_date_parse(const char *s, long *day);
/* DAY as "YYYY-MM-DD". */
void da_waiver_date_format(long day, char buf[DA_WAIVER_DATE_LEN]);
/* Today in UTC, as days since 1970-01-01. */
long da_waiver_today(void);

#endif
