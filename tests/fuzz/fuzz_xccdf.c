/*
 * Fuzz target: loading XCCDF content with dockaudit checks (a site's own
 * benchmark or profile is outside data too).
 */
#include "fuzz.h"
#include "content/benchmark.h"

#include <libxml/parser.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct da_err err = { { 0 } };
	struct da_benchmark *b = NULL;

	if (da_benchmark_load(da_fuzz_path(data, size), &b, &err) == 0)
		da_benchmark_free(b);
	return 0;
}
