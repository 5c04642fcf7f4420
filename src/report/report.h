/*
 * The report stage: each output format is a const descriptor in one table.
 * Reporters read results (and the facts and benchmark they borrow); they
 * never evaluate anything.
 */
#ifndef DA_REPORT_H
#define DA_REPORT_H

#include <jansson.h>
#include <stdio.h>
#include <time.h>

#include "common/err.h"
#include "engine/result.h"

struct da_diff;

/* One run of a history as a trend shows it: when it ended and its score
 * under each model. */
struct da_report_trend_point {
	time_t time;
	double score[DA_SCORE_MODEL_COUNT];
	double max[DA_SCORE_MODEL_COUNT];
};

/* What a history (src/history/) adds to the reports of one of its runs.
 * Reporters that have no use for it ignore it. */
struct da_report_history {
	/* MAY be NULL: the runs kept, oldest first, the reported run last. */
	const struct da_report_trend_point *trend;
	size_t n_trend;
	/* The reported run compared with the run before it (its NEW side is
	 * the results being reported: instances are matched by address); NULL
	 * when there is no run before it. */
	const struct da_diff *since_last;
};

struct da_report_opts {
	int color;   /* terminal: 1 colour, 0 none */
	int verbose; /* terminal: every subject, not only failing ones */
	int quiet;   /* terminal: one line (host, score, counts) */
	const struct da_report_history *history; /* NULL: the run has no history */
};

struct da_reporter {
	/* MUST: the format name, which is also the CLI option: "json" -> --json. */
	const char *name;
	/* MUST: one line for --help. */
	const char *summary;
	/* MUST: write R to OUT. Returns 0, or -1 with ERR (e.g. a write error).
	 * OUT is opened and closed by the caller. */
	int (*write)(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
		     struct da_err *err);
};

/* NULL-terminated; the terminal summary is da_report_terminal, not listed. */
extern const struct da_reporter *const da_reporters[];
extern const struct da_reporter da_report_terminal;
extern const struct da_reporter da_report_json;
extern const struct da_reporter da_report_arf;
extern const struct da_reporter da_report_html;
extern const struct da_reporter da_report_results;
extern const struct da_reporter da_report_junit;
extern const struct da_reporter da_report_prom;
extern const struct da_reporter da_report_hdf;

const struct da_reporter *da_reporter_find(const char *name);

/* The CIS section of IT: the top-level Group of the benchmark that holds
 * it (borrowed), or NULL for an item that sits directly under the
 * benchmark. */
const struct da_item *da_report_section(const struct da_item *it);

/* How many rules of R had at least one result changed by a waiver. */
size_t da_report_waived_rules(const struct da_results *r);

/* Write R with REP to PATH ("-" is stdout), atomically for files (a
 * temporary in the same directory, renamed into place); a PATH that exists
 * and is neither a regular file nor a directory (/dev/null, a FIFO) is
 * written to as it is, never replaced. 0 or -1 with ERR naming PATH. */
int da_report_to_path(const struct da_reporter *rep, const struct da_results *r,
		      const struct da_report_opts *opts, const char *path, struct da_err *err);

/* The same for any writer: FN(CTX, OUT, ERR) writes the whole document to
 * OUT and returns 0, or -1 with ERR. For outputs that are not reporters of
 * results (dockaudit diff's JSON). */
typedef int (*da_report_write_fn)(const void *ctx, FILE *out, struct da_err *err);
int da_report_write_path(const char *path, da_report_write_fn fn, const void *ctx,
			 struct da_err *err);

/* The Prometheus file of a run that failed before it had results (the
 * audit could not be done): dockaudit_last_run_success 0 and the time of
 * the attempt WHEN. 0, or -1 with ERR. */
int da_report_prom_failed(FILE *out, time_t when, struct da_err *err);

/* Write DOC (a reference taken: it is released) to OUT as indented JSON
 * and a newline, the way every JSON output of dockaudit looks. 0, or -1
 * with ERR. */
int da_report_dump_json(json_t *doc, FILE *out, struct da_err *err);

#endif
