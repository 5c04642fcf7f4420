/*
 * Unit tests for src/collect/users.c on fixture hosts: the docker group's
 * members from both files (listed, and by primary group), duplicates,
 * malformed lines counted, missing files as errors, a passwd link that
 * points out of the tree, and a 1 MB group line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "collect/collectors.h"
#include "collect/users.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "testutil.h"

static json_t *collect_dir(const char *dir)
{
	return da_test_collect_dir(&da_collector_users, dir);
}

static json_t *collect_fixture(const char *name)
{
	return da_test_collect_fixture(&da_collector_users, name);
}

/* Listed members in order, each once (the repeated alice and the empty
 * name dropped), carol with no account; then the accounts whose primary
 * group is docker (bob again, by another way); the second docker line is
 * not the group; NIS lines, comments and the blank line are not counted
 * as malformed. /etc/passwd is a link climbing out of the tree: it lands
 * on the fixture's own passwd.fixture, never the host's. */
static void test_docker_group(void **state)
{
	json_t *s = collect_fixture("users-docker");

	assert_string_equal(da_collector_users.name, "users");
	da_test_assert_json(s, "{\"docker_group\": {\"exists\": true, \"gid\": 999, \"members\": ["
		       "{\"name\": \"alice\", \"uid\": 1000, \"via\": \"supplementary\"},"
		       "{\"name\": \"bob\", \"uid\": 1001, \"via\": \"supplementary\"},"
		       "{\"name\": \"carol\", \"uid\": null, \"via\": \"supplementary\"},"
		       "{\"name\": \"bob\", \"uid\": 1001, \"via\": \"primary\"},"
		       "{\"name\": \"dave\", \"uid\": 1003, \"via\": \"primary\"}],"
		       "\"names\": [\"alice\", \"bob\", \"carol\", \"dave\"]},"
		       "\"malformed_lines\": {\"group\": 3, \"passwd\": 1}}");
	json_decref(s);
}

static void test_no_group(void **state)
{
	json_t *s = collect_fixture("users-no-docker");

	da_test_assert_json(s, "{\"docker_group\": {\"exists\": false}, \"malformed_lines\": {\"group\": 0}}");
	json_decref(s);
}

/* Without /etc/group nothing is known; without /etc/passwd the primary
 * members are not, so there is no member list to trust. */
static void test_missing_files(void **state)
{
	json_t *s = collect_fixture("debian12");

	da_test_assert_json(s, "{\"docker_group\": {\"error\": \"/etc/group: No such file or directory\"},"
		       "\"malformed_lines\": {}}");
	json_decref(s);
	s = collect_fixture("users-no-passwd");
	da_test_assert_json(s, "{\"docker_group\": {\"exists\": true, \"gid\": 131, \"error\": "
		       "\"/etc/passwd: No such file or directory\"}, \"malformed_lines\": {\"group\": 0}}");
	json_decref(s);
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
	char *p = da_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(p);
}

#define HEAD "other:x:5:a\0b\ndocker:x:999:"

/* A docker line of 1 MB: 70,000 distinct names, then one name repeated
 * 300,000 times (quadratic duplicate removal would take minutes); and a
 * line with a NUL byte, which is malformed, not cut short. */
static void test_huge_line(void **state)
{
	char dir[] = "/tmp/da-users-XXXXXX";
	struct da_buf b;
	struct timespec t0, t1;
	json_t *s, *members;
	char *etc;
	int i;

	assert_non_null(mkdtemp(dir));
	etc = da_xasprintf("%s/etc", dir);
	assert_int_equal(mkdir(etc, 0755), 0);
	da_buf_init(&b, 0);
	da_buf_append(&b, HEAD, sizeof(HEAD) - 1);
	for (i = 0; i < 70000; i++)
		da_buf_printf(&b, "u%d,", i);
	for (i = 0; i < 300000; i++)
		da_buf_puts(&b, "x,");
	da_buf_puts(&b, "\n");
	assert_true(b.len > 1000000);
	write_file(etc, "group", b.data, b.len);
	write_file(etc, "passwd", "x:x:7:7::/:/bin/sh\nu5:x:5:5::/:/bin/sh\n", 38);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	s = collect_dir(dir);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	members = json_object_get(json_object_get(s, "docker_group"), "members");
	assert_int_equal(json_array_size(members), 70001);
	da_test_assert_json(json_array_get(members, 5), "{\"name\": \"u5\", \"uid\": 5, \"via\": "
						"\"supplementary\"}");
	da_test_assert_json(json_array_get(members, 70000), "{\"name\": \"x\", \"uid\": 7, \"via\": "
						    "\"supplementary\"}");
	assert_int_equal(json_array_size(json_object_get(json_object_get(s, "docker_group"), "names")),
			 70001);
	da_test_assert_json(json_object_get(s, "malformed_lines"), "{\"group\": 1, \"passwd\": 0}");
	assert_true(t1.tv_sec - t0.tv_sec < 10);
	json_decref(s);
	da_buf_free(&b);
	free(etc);
	assert_int_equal(nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

/* Lookups for names in a container's passwd: the first entry wins, bad
 * lines are skipped, the text is not modified. */
static void test_passwd_lookup(void **state)
{
	static const char text[] = "# comment\n"
				   "root:x:0:0:root:/root:/bin/sh\n"
				   "broken:x:notanumber:0::/:/bin/sh\n"
				   "toor:x:0:0::/:/bin/sh\n"
				   "app:x:1000:1000::/:/bin/sh\n"
				   "app:x:2000:2000::/:/bin/sh\n"
				   "+nis\n"
				   "last:x:3000:3000::/:/bin/sh"; /* no final newline */
	char copy[sizeof(text)];
	uint32_t uid = 77;
	char *name;

	(void)state;
	memcpy(copy, text, sizeof(text));
	assert_int_equal(da_passwd_uid(text, strlen(text), "toor", &uid), 0);
	assert_int_equal(uid, 0);
	assert_int_equal(da_passwd_uid(text, strlen(text), "app", &uid), 0);
	assert_int_equal(uid, 1000);
	assert_int_equal(da_passwd_uid(text, strlen(text), "last", &uid), 0);
	assert_int_equal(uid, 3000);
	assert_int_equal(da_passwd_uid(text, strlen(text), "broken", &uid), -ENOENT);
	assert_int_equal(da_passwd_uid(text, strlen(text), "+nis", &uid), -ENOENT);
	assert_int_equal(da_passwd_uid(text, 0, "root", &uid), -ENOENT);
	name = da_passwd_name(text, strlen(text), 0);
	assert_string_equal(name, "root");
	free(name);
	name = da_passwd_name(text, strlen(text), 2000);
	assert_string_equal(name, "app");
	free(name);
	assert_null(da_passwd_name(text, strlen(text), 4242));
	assert_memory_equal(copy, text, sizeof(text));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker_group),
		cmocka_unit_test(test_no_group),
		cmocka_unit_test(test_missing_files),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_passwd_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
