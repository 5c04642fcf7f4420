/*
 * The run history of scheduled audits: a directory holding every run's
 * JSON results gzip-compressed, named by the run's UTC end time
 * (DIR/runs/YYYYMMDDTHHMMSSZ.json.gz, "-2", "-3" on a collision), the
 * latest run's reports (DIR/latest.json, latest.html, latest.prom) and a
 * retention policy. Every file is written beside its target and renamed
 * into place, so a reader, a crash or a full disk never leaves half a file
 * or loses the previous one. docs/HISTORY.md describes the layout.
 */
#ifndef DA_HISTORY_H
#define DA_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "common/err.h"
#include "content/benchmark.h"
#include "engine/result.h"
#include "report/load.h"
#include "report/report.h"

#define DA_HISTORY_DEFAULT_DIR "/var/lib/dockaudit/history"
/* The most runs a trend chart shows (the newest ones). */
#define DA_HISTORY_TREND_MAX 100

struct da_history_run {
	char *name;   /* "20261125T080000Z", or "20261125T080000Z-2" */
	char *path;   /* DIR/runs/NAME.json.gz */
	time_t time;  /* the time the name gives: the run's end, UTC */
	unsigned seq; /* 1, or the collision suffix */
};

struct da_history {
	char *dir;
	char *runs_dir;
	struct da_history_run *runs; /* oldest first */
	size_t n;
	int lock_fd;                 /* the directory, locked while written; -1 */
};

/* What `history list` and a trend show of a run, from the summary its
 * file carries in its gzip header (or, without one, from its JSON). */
struct da_history_summary {
	time_t end_time;
	double score[DA_SCORE_MODEL_COUNT];
	double max[DA_SCORE_MODEL_COUNT];
	size_t counts[DA_RES_COUNT];
};

/* Open the history in DIR and list its runs (files in DIR/runs whose
 * names are not a run's are ignored). With WRITE, DIR and DIR/runs are
 * made when missing and DIR is locked (flock) until da_history_free, so
 * two audits never write one history at once. 0 and *OUT (free with
 * da_history_free), or -1 with ERR naming the directory. */
int da_history_open(const char *dir, bool write, struct da_history **out, struct da_err *err);
/* NULL-safe; releases the lock. */
void da_history_free(struct da_history *h);

/* The run SPEC names: a run's name, a prefix of exactly one run's name,
 * "latest", or "-N" for N runs before the latest. 0 and *IDX, or -1 with
 * ERR. */
int da_history_find(const struct da_history *h, const char *spec, size_t *idx,
		    struct da_err *err);

/* Read run I as a saved result: against BENCH (borrowed) when it is not
 * NULL, else against the benchmark file BENCHMARK (NULL: the installed
 * content). 0 and *OUT (free with da_saved_free), or -1 with ERR naming
 * the file. */
int da_history_load(const struct da_history *h, size_t i, const struct da_benchmark *bench,
		    const char *benchmark, struct da_saved **out, struct da_err *err);

/* The newest run before index BEFORE (h->n: the newest of all) that reads
 * against BENCH; runs that do not read are skipped with a warning on
 * stderr naming the file. 0 and *OUT and *IDX, or 1 when there is none
 * (*OUT NULL). */
int da_history_load_previous(const struct da_history *h, size_t before,
			     const struct da_benchmark *bench, struct da_saved **out, size_t *idx);

/* The summary of run I. Without VERIFY only the gzip header is read when
 * it holds a summary; with it, the whole file is inflated and checked.
 * 0, or -1 with ERR naming the file (truncated, corrupt, not results). */
int da_history_summary(const struct da_history *h, size_t i, bool verify,
		       struct da_history_summary *out, struct da_err *err);

/* A trend of the newest DA_HISTORY_TREND_MAX runs before index END (h->n:
 * all) from their summaries; unreadable runs are left out with a warning
 * on stderr. *OUT (caller frees) and *N. */
void da_history_trend(const struct da_history *h, size_t end, struct da_report_trend_point **out,
		      size_t *n);

/* Store R as a new run (the history must be open for writing), its
 * summary in the gzip header. 0 and *IDX, the run's index, or -1 with ERR
 * naming the file (nothing is left behind). */
int da_history_add(struct da_history *h, const struct da_results *r, size_t *idx,
		   struct da_err *err);

/* Retention: delete the runs beyond the newest KEEP_RUNS and those that
 * ended more than KEEP_DAYS days before NOW (0: no such limit), never run
 * KEEP. Returns how many runs were deleted; one that cannot be deleted
 * stays listed, with a warning on stderr. */
size_t da_history_prune(struct da_history *h, long keep_runs, long keep_days, time_t now,
			size_t keep);

/* Write DIR/latest.json, latest.html and latest.prom (last) from R with
 * OPTS (its history context shows in the HTML and the metrics). Each is
 * replaced whole or not at all. 0, or -1 with ERR at the first failure. */
int da_history_write_latest(const struct da_history *h, const struct da_results *r,
			    const struct da_report_opts *opts, struct da_err *err);

/* DIR/latest.prom for an audit that failed at WHEN: success 0; latest.json
 * and latest.html stay as they were. 0, or -1 with ERR. */
int da_history_write_failed(const char *dir, time_t when, struct da_err *err);

#endif
