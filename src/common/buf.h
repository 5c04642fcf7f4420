/*
 * A growable byte buffer with a hard cap. Everything read from outside
 * (files, the Engine API) goes through one of these, so a hostile or broken
 * source can never make the audit allocate without bound.
 */
#ifndef DA_BUF_H
#define DA_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "common/err.h"

struct da_buf {
	char *data;   /* always NUL-terminated when non-NULL */
	size_t len;   /* bytes used, not counting the NUL */
	size_t alloc; /* bytes allocated */
	size_t max;   /* hard cap on len; 0 means no cap (only for our own output) */
};

/* Initialise an empty buffer that may hold at most MAX bytes (0: no cap). */
void da_buf_init(struct da_buf *b, size_t max);
/* Append N bytes. Returns 0, or -E2BIG (buffer unchanged) past the cap. */
int da_buf_append(struct da_buf *b, const void *data, size_t n);
int da_buf_puts(struct da_buf *b, const char *s);
int da_buf_printf(struct da_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int da_buf_vprintf(struct da_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Append everything read from FD until end of file, retrying on EINTR.
 * Returns 0, -errno on a read error, or -EFBIG past the cap (what was read
 * before stays in B). FD is left open. */
int da_buf_read_fd(struct da_buf *b, int fd);
/* Append all of PATH ("-": standard input) with da_buf_read_fd. NAME
 * stands for the file in ERR: "NAME: larger than MAX bytes" or
 * "NAME: <strerror>". 0 or -1. */
int da_buf_read_path(struct da_buf *b, const char *path, const char *name, struct da_err *err);
/* Hand the data to the caller (caller frees; never NULL) and reset B. */
char *da_buf_take(struct da_buf *b);
/* Free the data; B may be reused after da_buf_init. NULL-safe. */
void da_buf_free(struct da_buf *b);

#endif
