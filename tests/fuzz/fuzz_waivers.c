/*
 * Fuzz target: a waiver file (--waivers) loaded against the installed
 * benchmark ($DOCKAUDIT_DATADIR) and, when it loads, applied to the
 * results of a small fact document, so patterns and dates are exercised
 * as well as the parser.
 */
#include "fuzz.h"
#include "content/benchmark.h"
#include "engine/eval.h"
#include "engine/waivers.h"

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_DAY 20782L /* 2026-11-25 */

/* Containers that fail the privileged and capability rules, and images. */
static const char facts_text[] =
	"{\"schema\": \"dockaudit-facts\", \"schema_version\": 1,"
	" \"host\": {\"hostname\": \"fuzz\"},"
	" \"daemon\": {\"settings\": {\"log-level\": {\"value\": \"debug\"}}},"
	" \"containers\": {\"count\": 2, \"items\": ["
	"  {\"id\": \"0101\", \"name\": \"ci-runner-1\", \"inspect\": {\"HostConfig\": {\"Privileged\": true}},"
	"   \"caps\": {\"effective\": [\"CAP_SYS_ADMIN\"]}},"
	"  {\"id\": \"0202\", \"name\": \"[web]*?\", \"inspect\": {\"HostConfig\": {\"Privileged\": true}}}]},"
	" \"images\": {\"count\": 1, \"items\": [{\"id\": \"sha256:aa\", \"name\": \"debian:12\","
	"  \"repo_tags\": [\"debian:12\", \"registry.example.com/debian:12\"], \"user\": \"\"}]}}";

static struct da_benchmark *bench;
static json_t *facts;

static void cleanup(void)
{
	da_benchmark_free(bench);
	json_decref(facts);
}

static void setup(void)
{
	struct da_err err = { { 0 } };
	char *path = da_default_benchmark_path();
	json_error_t jerr;

	if (da_benchmark_load(path, &bench, &err) < 0) {
		fprintf(stderr, "fuzz_waivers: %s (set DOCKAUDIT_DATADIR)\n", err.msg);
		abort();
	}
	free(path);
	facts = json_loads(facts_text, 0, &jerr);
	if (!facts)
		abort();
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct da_err err = { { 0 } };
	struct da_waivers *w = NULL;
	struct da_results *r = NULL;

	if (!bench)
		setup();
	if (da_waivers_load(da_fuzz_path(data, size), bench, &w, &err) < 0)
		return 0;
	if (da_evaluate(bench, facts, NULL, &r, &err) == 0)
		da_waivers_apply(w, FUZZ_DAY, r);
	da_results_free(r);
	da_waivers_free(w);
	return 0;
}
