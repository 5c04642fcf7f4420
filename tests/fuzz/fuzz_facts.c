/*
 * Fuzz target: loading a saved fact document (dockaudit eval FACTS).
 */
#include "fuzz.h"
#include "facts/facts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct da_err err = { { 0 } };
	json_t *facts = NULL;

	if (da_facts_load(da_fuzz_path(data, size), &facts, &err) == 0) {
		/* A loaded document is walked by pointers: try a few. */
		da_facts_get(facts, "/containers/items/0/inspect/HostConfig");
		da_facts_get(facts, "/daemon/settings/icc/value");
		json_decref(facts);
	}
	return 0;
}
