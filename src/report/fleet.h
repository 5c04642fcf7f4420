/*
 * The fleet: saved results of many hosts (JSON, XCCDF results, ARF) read
 * one at a time against one benchmark and kept as small per-run summaries
 * (score, counts, per rule its result and failing subjects), so memory
 * grows with hosts x rules, never with the subjects a host has. Runs of
 * one host name are one host with a trend; its latest run is the one the
 * tables count. A result that cannot be read, or is of another benchmark,
 * is kept as a message and left out of the numbers.
 */
#ifndef DA_REPORT_FLEET_H
#define DA_REPORT_FLEET_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "common/err.h"
#include "content/benchmark.h"
#include "engine/result.h"
#include "report/load.h"

/* One saved result, summarised. Per-rule arrays are indexed like the
 * fleet's benchmark rules. */
struct da_fleet_run {
	char *path;                 /* as given */
	enum da_saved_format format;
	time_t time;                /* the run's end time */
	double score, max;          /* the default scoring model */
	size_t counts[DA_RES_COUNT];
	unsigned char *result;      /* enum da_result per rule (notselected when not listed) */
	unsigned *n_failing;        /* failing subjects per rule */
	char *report;               /* the host's HTML report beside the result (real path), or NULL */
	size_t order;               /* position among the results given */
};

/* A host: its runs, oldest first; the last one is the one counted. */
struct da_fleet_host {
	char *name;                 /* the host name the facts give (the path when none) */
	struct da_fleet_run *runs;
	size_t n_runs;
};

/* A result left out, and why. */
struct da_fleet_bad {
	char *path;
	char *message;              /* "PATH: what" */
	bool other_benchmark;       /* readable, but of another benchmark id or version */
};

/* Per rule of the benchmark, over the hosts' latest runs (da_fleet_finish). */
struct da_fleet_rule {
	size_t n_fail, n_pass, n_error, n_notapplicable, n_other;
	size_t *fail_hosts;         /* host indexes, in host order; N_FAIL of them */
};

struct da_fleet {
	struct da_benchmark *bench; /* owned: the benchmark every result is read against */
	struct da_fleet_host *hosts;
	size_t n_hosts;
	struct da_fleet_bad *bad;
	size_t n_bad;
	size_t n_read;              /* results read and counted (duplicates excluded) */
	size_t n_duplicates;        /* results of a host and time already read, left out */
	/* After da_fleet_finish: */
	struct da_fleet_rule *rules;/* one per benchmark rule */
	size_t *by_hosts;           /* rule indexes failing on some host: most hosts first,
				       then highest severity, then benchmark order */
	size_t n_failing_rules;
};

/* A fleet read against the benchmark at BENCHMARK (NULL: the installed
 * content). 0 and *OUT (free with da_fleet_free), or -1 with ERR. */
int da_fleet_new(const char *benchmark, struct da_fleet **out, struct da_err *err);

/* Read the saved result at PATH and add its summary; the result itself is
 * freed before this returns. 0 when it was read, -1 when it was left out
 * (recorded in F->bad with its message; nothing else is printed). */
int da_fleet_add(struct da_fleet *f, const char *path);

/* Record PATH as left out with MESSAGE ("PATH: what"), e.g. a directory
 * argument that holds no result. */
void da_fleet_leave_out(struct da_fleet *f, const char *path, const char *message,
			bool other_benchmark);

/* Order each host's runs by time (dropping a second result of the same
 * host and time), the hosts by their latest score (lowest first, then by
 * name), and count each rule over the hosts' latest runs. Call once, after
 * the last da_fleet_add. */
void da_fleet_finish(struct da_fleet *f);

/* The latest run of host H. */
const struct da_fleet_run *da_fleet_latest(const struct da_fleet_host *h);

/* The terminal table (hosts, then the rules failing on the most hosts,
 * then what was left out), at most 80 columns; QUIET: one line. */
void da_fleet_write_text(const struct da_fleet *f, FILE *out, bool quiet);

/* The fleet as a "dockaudit-fleet" document (docs/FLEET.md). Caller owns. */
json_t *da_fleet_json(const struct da_fleet *f);

/* One self-contained HTML page (docs/FLEET.md) to OUT; links to the hosts'
 * own reports are relative to the directory of OUT_PATH ("-": the current
 * one). 0, or -1 with ERR. */
int da_fleet_write_html(const struct da_fleet *f, const char *out_path, FILE *out,
			struct da_err *err);

/* NULL-safe. */
void da_fleet_free(struct da_fleet *f);

#endif
