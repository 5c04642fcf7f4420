/*
 * Strict UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF). Host
 * text is bytes, while JSON, XML and terminals want valid UTF-8; everything
 * that crosses that line is checked with these.
 */
#ifndef DA_UTF8_H
#define DA_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode the code point at S (N bytes available) into *CP. Returns the
 * sequence's length (1-4), or 0 when the bytes there are not valid UTF-8. */
size_t da_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* A copy of the NUL-terminated S in which every byte that is not part of a
 * valid sequence is written as "\xNN". Caller frees. */
char *da_utf8_escape(const char *s);

#endif
