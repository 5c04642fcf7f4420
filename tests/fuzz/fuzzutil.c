/*
 * Shared by the fuzz targets: hand a loader that wants a path the fuzzer's
 * bytes, through an in-memory file rather than the filesystem.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int fd = -1;
static char path[64];

void da_fuzz_close(void)
{
	if (fd >= 0)
		close(fd);
	fd = -1;
}

const char *da_fuzz_path(const uint8_t *data, size_t size)
{
	size_t off = 0;
	ssize_t n;

	da_fuzz_close();
	fd = memfd_create("da-fuzz", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	while (off < size) {
		n = write(fd, data + off, size - off);
		if (n <= 0)
			abort();
		off += (size_t)n;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return path;
}
