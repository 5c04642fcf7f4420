/*
 * Fuzz target: a saved result (ARF, XCCDF results or JSON) read back as
 * `dockaudit report` and `dockaudit diff` read it, JSON against the
 * installed benchmark ($DOCKAUDIT_DATADIR); when it loads, every reporter
 * writes it again (to /dev/null) and it is compared with itself, so what
 * the loader builds is walked as well as parsed.
 */
#include "fuzz.h"
#include "report/diff.h"
#include "report/load.h"
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>

static void write_all(const struct da_results *r, FILE *null)
{
	struct da_report_opts opts = { .color = 1, .verbose = 1 };
	struct da_err err = { { 0 } };
	size_t i;

	for (i = 0; da_reporters[i]; i++)
		da_reporters[i]->write(r, &opts, null, &err);
	da_report_terminal.write(r, &opts, null, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct da_err err = { { 0 } };
	struct da_saved *s = NULL;
	struct da_diff *d = NULL;
	FILE *null;
	json_t *j;

	if (da_saved_parse((const char *)data, size, "fuzz", NULL, &s, &err) < 0)
		return 0;
	null = fopen("/dev/null", "w");
	if (!null)
		abort();
	write_all(s->results, null);
	if (da_diff_compute(s, s, &d, &err) == 0) {
		da_diff_write_text(d, null, true, true);
		j = da_diff_json(d);
		json_decref(j);
	}
	da_diff_free(d);
	fclose(null);
	da_saved_free(s);
	return 0;
}
