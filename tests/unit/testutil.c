/*
 * Shared unit-test helpers; see testutil.h.
 */
#include "testutil.h"
#include "common/buf.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

char *da_test_fixture(const char *fmt, ...)
{
	const char *base = getenv("DA_FIXTURES");
	struct da_buf b;
	va_list ap;

	da_buf_init(&b, 0);
	if (base)
		da_buf_printf(&b, "%s/", base);
	else
		da_buf_printf(&b, "%.*s/../fixtures/", (int)(strrchr(__FILE__, '/') - __FILE__),
			      __FILE__);
	va_start(ap, fmt);
	da_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return da_buf_take(&b);
}
