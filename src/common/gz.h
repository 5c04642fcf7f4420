/*
 * gzip (RFC 1952) for the run history: a FILE that compresses what is
 * written to it into another stream, so any reporter can write a
 * compressed file through the one atomic writer, and a bounded inflate of
 * a whole file held in memory. The header's comment field carries a short
 * summary that can be read without inflating anything.
 */
#ifndef DA_GZ_H
#define DA_GZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/buf.h"
#include "common/err.h"

/* The longest header comment written or read, NUL included. */
#define DA_GZ_COMMENT_MAX 4096

/* Whether the LEN bytes at DATA start like a gzip file. */
bool da_gz_is(const void *data, size_t len);

/* A stream whose writes are compressed into DST (borrowed; it must
 * outlive the stream) as one gzip member, with COMMENT (ASCII, may be
 * NULL) in its header. fclose() of the stream ends the member and returns
 * EOF when compressing or writing to DST failed (errno set); DST is not
 * closed. Never NULL. */
FILE *da_gz_writer(FILE *dst, const char *comment);

/* Inflate the LEN bytes of DATA (one gzip member or more) into OUT, whose
 * cap bounds the uncompressed size. NAME stands for the data in ERR:
 * "NAME: truncated gzip data", "NAME: corrupt gzip data (...)" or "NAME:
 * larger than MAX bytes uncompressed". 0 or -1. */
int da_gunzip(const void *data, size_t len, const char *name, struct da_buf *out,
	      struct da_err *err);

/* The header comment of the gzip data DATA (LEN bytes: the whole file or
 * its first part) into COMMENT (DA_GZ_COMMENT_MAX bytes). 0; 1 when the
 * header has no comment (COMMENT empty); -1 when DATA is not a gzip header
 * or ends inside it. */
int da_gz_comment(const void *data, size_t len, char *comment);

#endif
