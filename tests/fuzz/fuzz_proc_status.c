/*
 * Fuzz target: /proc/PID/status of a container's process (a container can
 * influence what its process's status shows, e.g. its name).
 */
#include "fuzz.h"
#include "collect/proc.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct da_proc_status st;
	const char *what = NULL;
	char *text = da_xmalloc(size + 1);
	json_t *j;

	memcpy(text, data, size);
	text[size] = '\0';
	memset(&st, 0, sizeof(st));
	if (da_proc_parse_status(text, &st, &what) == 0) {
		j = da_proc_status_json(1, &st);
		json_decref(j);
	}
	free(text);
	return 0;
}
