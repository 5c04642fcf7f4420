/*
 * Fuzz target: dockerd's command line as read from /proc/PID/cmdline
 * (NUL-separated words), parsed as pflag would, then the effective settings.
 */
#include "fuzz.h"
#include "collect/daemon.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct da_dockerd_flags flags = { 0 };
	struct da_err err = { { 0 } };
	char *text = da_xmalloc(size + 1);
	char **argv = da_xcalloc(size + 2, sizeof(*argv));
	size_t argc = 0, i = 0;
	json_t *settings;

	memcpy(text, data, size);
	text[size] = '\0';
	while (i <= size) {
		argv[argc++] = text + i;
		i += strlen(text + i) + 1;
	}
	if (da_dockerd_argv_parse(argv, argc, &flags, &err) == 0) {
		settings = da_dockerd_settings_json(&flags, NULL, NULL);
		json_decref(settings);
	}
	da_dockerd_flags_free(&flags);
	free(argv);
	free(text);
	return 0;
}
