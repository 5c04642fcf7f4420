/*
 * Saved results read back: an ARF 1.1 collection, a standalone XCCDF 1.2
 * results file (a Benchmark holding a TestResult) or a dockaudit JSON
 * results document becomes the same in-memory model an evaluation hands
 * the reporters (benchmark, results, a small fact document, waivers), so
 * `dockaudit report` can write any format again and `dockaudit diff` can
 * compare two runs. Everything read is outside data: strict checks, a size
 * cap, and errors naming the file and what is wrong.
 */
#ifndef DA_REPORT_LOAD_H
#define DA_REPORT_LOAD_H

#include <jansson.h>
#include <stdbool.h>

#include "common/err.h"
#include "content/benchmark.h"
#include "engine/result.h"
#include "engine/waivers.h"

/* The largest saved result read. */
#define DA_SAVED_MAX_BYTES (256u << 20)

enum da_saved_format { DA_SAVED_ARF, DA_SAVED_XCCDF, DA_SAVED_JSON };

/* A saved result and everything its results borrow. */
struct da_saved {
	char *path;                 /* as given */
	enum da_saved_format format;
	const struct da_benchmark *bench; /* ARF/XCCDF: the embedded one; JSON: the one given */
	struct da_benchmark *own_bench;   /* BENCH when this result owns it, else NULL */
	struct da_profile *profile; /* made up when the profile is not the benchmark's; or NULL */
	json_t *facts;              /* /host, /daemon, /containers/count as far as saved */
	struct da_waivers *waivers; /* the waivers the result names; NULL: none */
	struct da_results *results; /* RESULTS->rules is indexed like BENCH->rules */
	/* One per rule of BENCH: whether the saved result lists it (a JSON
	 * document read against a newer benchmark lacks the new rules). */
	bool *listed;
	/* The benchmark version the result names (JSON: its benchmark.version,
	 * which the read does not check; ARF/XCCDF: the embedded benchmark's);
	 * NULL when it names none. */
	char *bench_version;
};

/* Read PATH ("-" is stdin), finding its format from its content (gzip
 * data is inflated first, as `dockaudit history` stores runs). A JSON
 * document needs the benchmark it was evaluated against: BENCHMARK (NULL:
 * the installed content), whose id must equal the document's benchmark.id
 * and which must hold every rule the document lists; ARF and XCCDF results
 * carry their own and ignore BENCHMARK. Returns 0 and *OUT (free with
 * da_saved_free), or -1 with ERR "PATH: what" or "PATH:LINE: what". */
int da_saved_load(const char *path, const char *benchmark, struct da_saved **out,
		  struct da_err *err);
/* The same, a JSON document read against BENCH (borrowed: it must outlive
 * *OUT), e.g. the benchmark another saved result carries. */
int da_saved_load_against(const char *path, const struct da_benchmark *bench,
			  struct da_saved **out, struct da_err *err);
/* The same over LEN bytes of TEXT; NAME stands for the file in messages. */
int da_saved_parse(const char *text, size_t len, const char *name, const char *benchmark,
		   struct da_saved **out, struct da_err *err);
/* NULL-safe. */
void da_saved_free(struct da_saved *s);

/* "arf", "xccdf", "json". */
const char *da_saved_format_name(enum da_saved_format f);

#endif
