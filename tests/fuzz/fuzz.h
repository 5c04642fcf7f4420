/*
 * Fuzz targets: each fuzz_*.c defines the libFuzzer entry point for one
 * parser of outside data. Built with clang and --enable-fuzzing they link
 * libFuzzer; otherwise driver.c replays a corpus through them, which is how
 * `make check` runs them (under ASan in the sanitizer build).
 */
#ifndef DA_FUZZ_H
#define DA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A path that reads back DATA: /proc/self/fd/N of a memfd. Closed and
 * invalidated by the next call or by da_fuzz_close. */
const char *da_fuzz_path(const uint8_t *data, size_t size);
void da_fuzz_close(void);

#endif
