/*
 * Strict UTF-8 decoding and escaping; see utf8.h.
 */
#include "common/utf8.h"
#include "common/buf.h"

#include <string.h>

/* The length of the sequence lead byte B starts, with its payload bits in
 * *C; 0 for a byte that cannot start one. */
static size_t lead(unsigned char b, uint32_t *c)
{
	static const struct {
		unsigned char lo, hi, mask;
		size_t len;
	} leads[] = {
		{ 0x00, 0x7f, 0x7f, 1 },
		{ 0xc2, 0xdf, 0x1f, 2 },
		{ 0xe0, 0xef, 0x0f, 3 },
		{ 0xf0, 0xf4, 0x07, 4 },
	};
	size_t i;

	for (i = 0; i < sizeof(leads) / sizeof(leads[0]); i++) {
		if (b >= leads[i].lo && b <= leads[i].hi) {
			*c = b & leads[i].mask;
			return leads[i].len;
		}
	}
	return 0;
}

size_t da_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len, i;

	if (n == 0)
		return 0;
	len = lead(s[0], cp);
	if (len == 0 || len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (*cp < min[len] || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

char *da_utf8_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len;
	struct da_buf b;
	uint32_t c;

	da_buf_init(&b, 0);
	while (n) {
		len = da_utf8_decode(p, n, &c);
		if (len)
			da_buf_append(&b, p, len);
		else
			da_buf_printf(&b, "\\x%02x", p[0]);
		len = len ? len : 1;
		p += len;
		n -= len;
	}
	return da_buf_take(&b);
}
