/*
 * gzip with zlib: a fopencookie() stream over deflate for writing, and a
 * bounded inflate for reading. The header comment is parsed by hand (the
 * fixed 10 bytes, then the optional fields in RFC 1952's order), so a
 * summary can be read from the first bytes of a file alone.
 */
#include "common/gz.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define GZ_FHCRC 0x02
#define GZ_FEXTRA 0x04
#define GZ_FNAME 0x08
#define GZ_FCOMMENT 0x10
/* deflateInit2's window bits for a gzip wrapper; inflate's for gzip only. */
#define GZ_WBITS (15 + 16)

bool da_gz_is(const void *data, size_t len)
{
	const unsigned char *p = data;

	return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/* ---- writing ---- */

struct gzw {
	z_stream z;
	gz_header head;
	char *comment;
	FILE *dst;
	int failed; /* errno of the first failure, 0 if none */
};

/* Run deflate with FLUSH until it wants more input (or, finishing, until
 * the end), writing what it makes to the destination. 0 or -1. */
static int gzw_pump(struct gzw *w, int flush)
{
	unsigned char chunk[16384];
	size_t have;
	int rc;

	do {
		w->z.next_out = chunk;
		w->z.avail_out = sizeof(chunk);
		rc = deflate(&w->z, flush);
		if (rc == Z_STREAM_ERROR) {
			w->failed = EIO;
			return -1;
		}
		have = sizeof(chunk) - w->z.avail_out;
		errno = 0;
		if (have && fwrite(chunk, 1, have, w->dst) != have) {
			w->failed = errno ? errno : EIO;
			return -1;
		}
	} while (w->z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
	return 0;
}

static ssize_t gzw_write(void *cookie, const char *buf, size_t size)
{
	struct gzw *w = cookie;
	size_t done = 0;
	uInt n;

	while (!w->failed && done < size) {
		n = size - done > (1u << 30) ? 1u << 30 : (uInt)(size - done);
		w->z.next_in = (unsigned char *)(uintptr_t)(buf + done);
		w->z.avail_in = n;
		if (gzw_pump(w, Z_NO_FLUSH) < 0)
			break;
		done += n;
	}
	if (w->failed) {
		errno = w->failed;
		return -1;
	}
	return (ssize_t)size;
}

static int gzw_close(void *cookie)
{
	struct gzw *w = cookie;
	int failed;

	if (!w->failed)
		gzw_pump(w, Z_FINISH);
	deflateEnd(&w->z);
	failed = w->failed;
	free(w->comment);
	free(w);
	if (failed) {
		errno = failed;
		return EOF;
	}
	return 0;
}

FILE *da_gz_writer(FILE *dst, const char *comment)
{
	static const cookie_io_functions_t io = { .write = gzw_write, .close = gzw_close };
	struct gzw *w = da_xcalloc(1, sizeof(*w));
	FILE *f;

	w->dst = dst;
	if (deflateInit2(&w->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, GZ_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		abort(); /* only for bad arguments or no memory */
	if (comment) {
		w->comment = da_xstrndup(comment, DA_GZ_COMMENT_MAX - 1);
		w->head.comment = (Bytef *)w->comment;
		w->head.os = 3; /* Unix */
		deflateSetHeader(&w->z, &w->head);
	}
	f = fopencookie(w, "w", io);
	if (!f)
		abort(); /* fopencookie fails only without memory */
	return f;
}

/* ---- reading ---- */

int da_gunzip(const void *data, size_t len, const char *name, struct da_buf *out,
	      struct da_err *err)
{
	unsigned char chunk[65536];
	z_stream z;
	int rc;

	if (len > UINT32_MAX)
		return da_err_set(err, "%s: larger than %u bytes", name, UINT32_MAX);
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, GZ_WBITS) != Z_OK)
		abort(); /* only for bad arguments or no memory */
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	for (;;) {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			goto corrupt;
		if (da_buf_append(out, chunk, sizeof(chunk) - z.avail_out) < 0) {
			da_err_set(err, "%s: larger than %zu bytes uncompressed", name, out->max);
			goto fail;
		}
		if (rc == Z_STREAM_END) {
			if (!z.avail_in)
				break;
			/* Another member follows, or trailing bytes that are none. */
			if (!da_gz_is(z.next_in, z.avail_in))
				goto corrupt;
			inflateReset(&z);
			continue;
		}
		if (!z.avail_in && z.avail_out) {
			da_err_set(err, "%s: truncated gzip data", name);
			goto fail;
		}
	}
	inflateEnd(&z);
	return 0;
corrupt:
	da_err_set(err, "%s: corrupt gzip data (%s)", name, z.msg ? z.msg : "data after the end");
fail:
	inflateEnd(&z);
	return -1;
}

/* The end of the zero-terminated field at P (before END), or NULL. */
static const unsigned char *field_end(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *z = memchr(p, 0, (size_t)(end - p));

	return z ? z + 1 : NULL;
}

int da_gz_comment(const void *data, size_t len, char *comment)
{
	const unsigned char *p = data, *end = p + len, *c;
	unsigned flg;
	size_t n;

	comment[0] = '\0';
	if (!da_gz_is(data, len) || len < 10 || p[2] != Z_DEFLATED)
		return -1;
	flg = p[3];
	p += 10;
	if (flg & GZ_FEXTRA) {
		if (end - p < 2)
			return -1;
		n = (size_t)p[0] | (size_t)p[1] << 8;
		if ((size_t)(end - p) < 2 + n)
			return -1;
		p += 2 + n;
	}
	if ((flg & GZ_FNAME) && !(p = field_end(p, end)))
		return -1;
	if (!(flg & GZ_FCOMMENT))
		return 1;
	c = p;
	if (!(p = field_end(p, end)))
		return -1;
	n = (size_t)(p - c);
	if (n > DA_GZ_COMMENT_MAX)
		n = DA_GZ_COMMENT_MAX;
	memcpy(comment, c, n - 1);
	comment[n - 1] = '\0';
	return 0;
}
