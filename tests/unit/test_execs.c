/*
 * Unit tests for the exec sessions' helpers (src/collect/execs.c): which
 * ids may go into a request path, and how a --user is resolved through a
 * container's /etc/passwd. The collection itself runs against a real
 * dockerd in tests/integration/containers-ops.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>

#include "collect/execs.h"

static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
			     "toor:x:0:0::/:/bin/sh\n"
			     "app:x:1000:1000:app:/tmp:/bin/sh\n"
			     "broken:x:notanumber:0::/:/bin/sh\n"
			     "appx:x:1001:1001::/:/bin/sh";

static void test_user_uid(void **state)
{
	long uid = -1;

	(void)state;
	assert_int_equal(da_execs_user_uid("0", NULL, &uid), 0);
	assert_int_equal(uid, 0);
	assert_int_equal(da_execs_user_uid("0:0", NULL, &uid), 0);
	assert_int_equal(uid, 0);
	assert_int_equal(da_execs_user_uid("1000:1000", NULL, &uid), 0);
	assert_int_equal(uid, 1000);
	assert_int_equal(da_execs_user_uid("root", NULL, &uid), 0);
	assert_int_equal(uid, 0);
	assert_int_equal(da_execs_user_uid("root:1000", passwd, &uid), 0);
	assert_int_equal(uid, 0);
	assert_int_equal(da_execs_user_uid("toor", passwd, &uid), 0); /* uid 0 by another name */
	assert_int_equal(uid, 0);
	assert_int_equal(da_execs_user_uid("app", passwd, &uid), 0);
	assert_int_equal(uid, 1000);
	assert_int_equal(da_execs_user_uid("appx:app", passwd, &uid), 0);
	assert_int_equal(uid, 1001);
	assert_int_equal(da_execs_user_uid("ap", passwd, &uid), -ENOENT);
	assert_int_equal(da_execs_user_uid("broken", passwd, &uid), -ENOENT);
	assert_int_equal(da_execs_user_uid("app", NULL, &uid), -ENOENT);
	assert_int_equal(da_execs_user_uid("99999999999", NULL, &uid), -ENOENT);
}

static void test_safe_id(void **state)
{
	(void)state;
	assert_true(da_execs_safe_id("0123456789abcdefABCDEF"));
	assert_false(da_execs_safe_id(""));
	assert_false(da_execs_safe_id(NULL));
	assert_false(da_execs_safe_id("../containers"));
	assert_false(da_execs_safe_id("abc/json?x"));
	assert_false(da_execs_safe_id("abc%2f"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_uid),
		cmocka_unit_test(test_safe_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
