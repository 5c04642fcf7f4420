/*
 * Fuzz target: the swarm's root CA certificate (PEM, DER read as far as
 * its validity dates), a file under the daemon's data root that anyone
 * who can write there, or who supplies an external CA, controls.
 */
#include "fuzz.h"
#include "collect/swarm.h"

#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *what = NULL;
	time_t nb, na;

	(void)da_swarm_cert_dates((const char *)data, size, &nb, &na, &what);
	return 0;
}
