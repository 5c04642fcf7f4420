/*
 * Shared reporter helpers (util.h). The cleaner decodes UTF-8 strictly
 * (no overlongs, no surrogates, nothing past U+10FFFF) so that what comes
 * out can be handed to jansson, libxml2 and terminals without surprises.
 */
#include "report/util.h"
#include "common/buf.h"
#include "common/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_unsafe(uint32_t c, unsigned flags)
{
	if (!(flags & DA_CLEAN_CONTROLS))
		return 0;
	if ((flags & DA_CLEAN_KEEP_LINES) && (c == '\n' || c == '\t'))
		return 0;
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xfffe || c == 0xffff;
}

char *da_report_clean(const char *s, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, len;
	struct da_buf b;
	uint32_t c = 0;

	if (!s)
		return NULL;
	da_buf_init(&b, 0);
	n = strlen(s);
	while (n) {
		len = da_utf8_decode(p, n, &c);
		if (len == 0)
			da_buf_printf(&b, "\\x%02x", p[0]);
		else if (is_unsafe(c, flags) && c < 0x80)
			da_buf_printf(&b, "\\x%02x", (unsigned)c);
		else if (is_unsafe(c, flags))
			da_buf_printf(&b, "\\u%04X", (unsigned)c);
		else
			da_buf_append(&b, p, len);
		len = len ? len : 1;
		p += len;
		n -= len;
	}
	return da_buf_take(&b);
}

json_t *da_report_json_str(const char *s)
{
	char *clean = da_report_clean(s, 0);
	json_t *j = clean ? json_string(clean) : json_null();

	free(clean);
	return j;
}

void da_report_time(time_t t, char buf[DA_REPORT_TIME_LEN])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(buf, DA_REPORT_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		memcpy(buf, "1970-01-01T00:00:00Z", DA_REPORT_TIME_LEN);
}

const char *da_report_host(const json_t *facts, const char *name)
{
	json_t *host = json_object_get(facts, "host");

	return json_string_value(json_object_get(host, name));
}

double da_report_finite(double x)
{
	return isfinite(x) ? x : 0.0;
}

bool da_report_stdout_color(void)
{
	return isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
}

int da_report_check_stream(FILE *out, struct da_err *err)
{
	errno = 0;
	if (fflush(out) != 0 || ferror(out))
		return da_err_set(err, "%s", strerror(errno ? errno : EIO));
	return 0;
}
