/*
 * Fuzz target: mountinfo tables (a container chooses the names of what it
 * mounts inside itself, and the host's table holds bind sources it named).
 * The input is a host table, a line "--", then a container's table whose
 * mounts are mapped through the host's.
 */
#include "fuzz.h"
#include "collect/container_kmounts.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = da_xmalloc(size + 1), *ctr;
	struct da_host_mounts *host;
	json_t *wanted = json_object(), *items;

	memcpy(text, data, size);
	text[size] = '\0';
	ctr = strstr(text, "\n--\n");
	if (ctr) {
		*ctr = '\0';
		ctr += 4;
	}
	host = da_host_mounts_parse(text);
	json_object_set_new(wanted, "/", json_true());
	json_object_set_new(wanted, "/x", json_true());
	json_object_set_new(wanted, "/host etc", json_true());
	items = da_container_kernel_map(ctr ? ctr : text + size, wanted, host);
	json_decref(items);
	json_decref(wanted);
	da_host_mounts_free(host);
	free(text);
	return 0;
}
