/*
 * Bounded growable buffer: see buf.h. Growth doubles, the cap is checked
 * before any allocation so a refused append leaves the buffer intact.
 */
#include "common/buf.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void da_buf_init(struct da_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

static void grow(struct da_buf *b, size_t need)
{
	size_t n = b->alloc ? b->alloc : 256;

	while (n < need)
		n *= 2;
	b->data = da_xrealloc(b->data, n);
	b->alloc = n;
}

int da_buf_append(struct da_buf *b, const void *data, size_t n)
{
	if (b->max && (n > b->max || b->len > b->max - n))
		return -E2BIG;
	if (b->len + n + 1 > b->alloc)
		grow(b, b->len + n + 1);
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int da_buf_puts(struct da_buf *b, const char *s)
{
	return da_buf_append(b, s, strlen(s));
}

int da_buf_vprintf(struct da_buf *b, const char *fmt, va_list ap)
{
	char small[512];
	va_list ap2;
	char *big;
	int n, rc;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n < sizeof(small))
		return da_buf_append(b, small, (size_t)n);
	big = da_xmalloc((size_t)n + 1);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	rc = da_buf_append(b, big, (size_t)n);
	free(big);
	return rc;
}

int da_buf_printf(struct da_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = da_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *da_buf_take(struct da_buf *b)
{
	char *p = b->data ? b->data : da_xstrdup("");

	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	return p;
}

void da_buf_free(struct da_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
}

int da_buf_read_fd(struct da_buf *b, int fd)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		if (da_buf_append(b, chunk, (size_t)n) < 0)
			return -EFBIG;
	}
}

int da_buf_read_path(struct da_buf *b, const char *path, const char *name, struct da_err *err)
{
	int fd = 0, rc;

	if (strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			return da_err_set(err, "%s: %s", name, strerror(errno));
	}
	rc = da_buf_read_fd(b, fd);
	if (fd != 0)
		close(fd);
	if (rc == -EFBIG)
		return da_err_set(err, "%s: larger than %zu bytes", name, b->max);
	if (rc < 0)
		return da_err_set(err, "%s: %s", name, strerror(-rc));
	return 0;
}
