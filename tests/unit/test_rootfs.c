/*
 * Unit tests for src/common/rootfs.c: every host path is resolved inside
 * the prefix. Uses the fixture tree tests/fixtures/hosts/rootfs (absolute
 * and ".." symlinks, a loop, a dangling link) and temp trees for the rest.
 * Every test runs twice: with openat2(), then with openat2() denied by a
 * seccomp filter (ENOSYS), which takes the user-space resolver.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <seccomp.h>

#include "common/buf.h"
#include "common/rootfs.h"
#include "common/xalloc.h"
#include "testutil.h"

#define FIXTURE_PASSWD "root:x:0:0:fixture root:/root:/bin/sh\n"

static char *fixture_dir(const char *name)
{
	return da_test_fixture("hosts/%s", name);
}

static int setup_root(void **state)
{
	struct da_root *root = da_xmalloc(sizeof(*root));
	char *dir = fixture_dir("rootfs");
	struct da_err err = { "" };
	int rc = da_root_open(root, dir, &err);

	free(dir);
	if (rc < 0) {
		fprintf(stderr, "%s\n", err.msg);
		free(root);
		return -1;
	}
	*state = root;
	return 0;
}

static int teardown_root(void **state)
{
	da_root_close(*state);
	free(*state);
	return 0;
}

static void assert_reads(const struct da_root *root, const char *path, const char *want)
{
	char *data = NULL;
	size_t len = 0;

	assert_int_equal(da_root_read_file(root, path, 0, &data, &len), 0);
	assert_string_equal(data, want);
	assert_int_equal(len, strlen(want));
	free(data);
}

static void test_open_missing_dir(void **state)
{
	struct da_root root;
	struct da_err err = { "" };

	assert_int_equal(da_root_open(&root, "/nonexistent/da-root", &err), -1);
	assert_string_equal(err.msg,
			    "/nonexistent/da-root: cannot open root directory: No such file or directory");
	assert_null(root.path);
	assert_int_equal(root.fd, -1);
	da_root_close(&root);
	da_root_close(NULL);
}

static void test_open_file_not_dir(void **state)
{
	struct da_root root;
	struct da_err err = { "" };
	char *dir = fixture_dir("rootfs/ten-bytes");

	assert_int_equal(da_root_open(&root, dir, &err), -1);
	assert_non_null(strstr(err.msg, "ten-bytes: cannot open root directory: Not a directory"));
	free(dir);
}

static void test_read_file(void **state)
{
	assert_reads(*state, "/etc/passwd", FIXTURE_PASSWD);
	assert_reads(*state, "etc/docker/daemon.json", "{\"icc\": false}\n");
}

static void test_absolute_symlink_stays_inside(void **state)
{
	/* abs-passwd -> /etc/passwd: the fixture's, not the machine's. */
	assert_reads(*state, "/abs-passwd", FIXTURE_PASSWD);
	assert_reads(*state, "/etc-link/passwd", FIXTURE_PASSWD);
}

static void test_dotdot_stays_inside(void **state)
{
	assert_reads(*state, "../../../../etc/shadow", "fixture-shadow\n");
	assert_reads(*state, "/sub/dir/../../../../../etc/shadow", "fixture-shadow\n");
	/* sub/dir/up-shadow -> ../../../../etc/shadow */
	assert_reads(*state, "/sub/dir/up-shadow", "fixture-shadow\n");
}

static void test_symlink_loop(void **state)
{
	struct stat st;
	char *data = NULL;

	assert_int_equal(da_root_read_file(*state, "/loop-a", 0, &data, NULL), -ELOOP);
	assert_null(data);
	assert_int_equal(da_root_stat(*state, "/loop-a", true, &st), -ELOOP);
	assert_int_equal(da_root_stat(*state, "/loop-a", false, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
}

static void test_stat_follow(void **state)
{
	struct stat st;

	assert_int_equal(da_root_stat(*state, "/abs-passwd", true, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, strlen(FIXTURE_PASSWD));
	assert_int_equal(da_root_stat(*state, "/abs-passwd", false, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(st.st_size, strlen("/etc/passwd"));
	assert_int_equal(da_root_stat(*state, "/etc-link", true, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(da_root_stat(*state, "/dangling", true, &st), -ENOENT);
	assert_int_equal(da_root_stat(*state, "/dangling", false, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(da_root_stat(*state, "/no/such/file", false, &st), -ENOENT);
	assert_int_equal(da_root_stat(*state, "/ten-bytes/x", true, &st), -ENOTDIR);
}

/* A final ".." or "." must not be looked up from the parent descriptor with
 * plain fstatat: at the top of the root that would stat the prefix's parent. */
static void test_stat_nofollow_dotdot_stays_inside(void **state)
{
	const struct da_root *root = *state;
	struct stat top, st;

	assert_int_equal(fstat(root->fd, &top), 0);
	assert_int_equal(da_root_stat(root, "/..", false, &st), 0);
	assert_int_equal(st.st_ino, top.st_ino);
	assert_int_equal(st.st_dev, top.st_dev);
	assert_int_equal(da_root_stat(root, "/etc/..", false, &st), 0);
	assert_int_equal(st.st_ino, top.st_ino);
	assert_int_equal(da_root_stat(root, "/", false, &st), 0);
	assert_int_equal(st.st_ino, top.st_ino);
	assert_int_equal(da_root_stat(root, "/etc/.", false, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_not_equal(st.st_ino, top.st_ino);
}

static void test_read_cap(void **state)
{
	char *data = NULL;
	size_t len = 0;

	assert_int_equal(da_root_read_file(*state, "/ten-bytes", 10, &data, &len), 0);
	assert_int_equal(len, 10);
	assert_string_equal(data, "0123456789");
	free(data);
	data = NULL;
	assert_int_equal(da_root_read_file(*state, "/ten-bytes", 9, &data, &len), -EFBIG);
	assert_null(data);
}

static void test_read_errors(void **state)
{
	char *data = NULL, *long_name;

	assert_int_equal(da_root_read_file(*state, "/etc", 0, &data, NULL), -EISDIR);
	assert_int_equal(da_root_read_file(*state, "/etc/nothing", 0, &data, NULL), -ENOENT);
	assert_int_equal(da_root_read_file(*state, "/dangling", 0, &data, NULL), -ENOENT);
	assert_int_equal(da_root_read_file(*state, "/etc/passwd/", 0, &data, NULL), -ENOTDIR);
	assert_int_equal(da_root_read_file(*state, "/ten-bytes/x", 0, &data, NULL), -ENOTDIR);
	long_name = da_xmalloc(NAME_MAX + 3);
	long_name[0] = '/';
	memset(long_name + 1, 'n', NAME_MAX + 1);
	long_name[NAME_MAX + 2] = '\0';
	assert_int_equal(da_root_read_file(*state, long_name, 0, &data, NULL), -ENAMETOOLONG);
	free(long_name);
	assert_null(data);
}

static void test_readlink(void **state)
{
	char *target = NULL;

	assert_int_equal(da_root_readlink(*state, "/abs-passwd", &target), 0);
	assert_string_equal(target, "/etc/passwd");
	free(target);
	/* the parent is resolved inside the root, the last name is not followed */
	assert_int_equal(da_root_readlink(*state, "/etc-link/../sub/dir/up-shadow", &target), 0);
	assert_string_equal(target, "../../../../etc/shadow");
	free(target);
	target = NULL;
	assert_int_equal(da_root_readlink(*state, "/etc/passwd", &target), -EINVAL);
	assert_int_equal(da_root_readlink(*state, "/nothing", &target), -ENOENT);
	assert_null(target);
}

static void test_opendir(void **state)
{
	DIR *d = da_root_opendir(*state, "/etc-link");
	struct dirent *e;
	int seen = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (!strcmp(e->d_name, "passwd") || !strcmp(e->d_name, "shadow") ||
		    !strcmp(e->d_name, "docker"))
			seen++;
	closedir(d);
	assert_int_equal(seen, 3);
	errno = 0;
	assert_null(da_root_opendir(*state, "/ten-bytes"));
	assert_int_equal(errno, ENOTDIR);
	assert_null(da_root_opendir(*state, "/nothing"));
	assert_int_equal(errno, ENOENT);
}

static void test_openat_root_itself(void **state)
{
	const struct da_root *root = *state;
	struct stat top, st;
	int fd = da_root_openat(root, "/", O_PATH | O_DIRECTORY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(fstat(root->fd, &top), 0);
	assert_int_equal(st.st_ino, top.st_ino);
	close(fd);
}

static void test_host_path(void **state)
{
	struct da_root r = { .path = "/mnt/host/", .fd = -1 };
	char *p;

	p = da_root_host_path(&r, "/etc/passwd");
	assert_string_equal(p, "/mnt/host/etc/passwd");
	free(p);
	p = da_root_host_path(&r, "etc/passwd");
	assert_string_equal(p, "/mnt/host/etc/passwd");
	free(p);
	r.path = "/";
	p = da_root_host_path(&r, "/etc/passwd");
	assert_string_equal(p, "/etc/passwd");
	free(p);
	p = da_root_host_path(&r, "etc/passwd");
	assert_string_equal(p, "/etc/passwd");
	free(p);
	r.path = "fixture";
	p = da_root_host_path(&r, "/run/docker.sock");
	assert_string_equal(p, "fixture/run/docker.sock");
	free(p);
}

/* The longest symlink target Linux stores (PATH_MAX - 1 bytes) comes back whole. */
static void test_readlink_longest_target(void **state)
{
	char tmpl[] = "/tmp/da-rootfs-XXXXXX";
	char target[PATH_MAX];
	struct da_root root;
	struct da_err err = { "" };
	char *link, *got = NULL;

	assert_non_null(mkdtemp(tmpl));
	memset(target, 'a', sizeof(target) - 1);
	target[sizeof(target) - 1] = '\0';
	link = da_xasprintf("%s/long", tmpl);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(da_root_open(&root, tmpl, &err), 0);
	assert_int_equal(da_root_readlink(&root, "/long", &got), 0);
	assert_int_equal(strlen(got), PATH_MAX - 1);
	assert_string_equal(got, target);
	free(got);
	da_root_close(&root);
	da_root_close(&root);
	unlink(link);
	free(link);
	rmdir(tmpl);
}

/* From here on openat2() fails with ENOSYS, as on a kernel before 5.6. */
static int deny_openat2(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (!ctx)
		return -1;
	rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2), 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc;
}

/* da_buf_read_path, what every whole-file reader of outside data uses:
 * the content, the cap and a missing file, each named in the error. */
static void test_buf_read_path(void **state)
{
	char dir[] = "/tmp/da-buf-XXXXXX";
	struct da_err err = { { 0 } };
	struct da_buf b;
	char *path, *want;

	(void)state;
	assert_non_null(mkdtemp(dir));
	da_test_puts_file(dir, "f", "0123456789");
	path = da_xasprintf("%s/f", dir);
	da_buf_init(&b, 10);
	assert_int_equal(da_buf_read_path(&b, path, "f", &err), 0);
	assert_string_equal(b.data, "0123456789");
	da_buf_free(&b);
	da_buf_init(&b, 9);
	assert_int_equal(da_buf_read_path(&b, path, "the file", &err), -1);
	assert_string_equal(err.msg, "the file: larger than 9 bytes");
	da_buf_free(&b);
	unlink(path);
	want = da_xasprintf("%s: No such file or directory", path);
	da_buf_init(&b, 9);
	assert_int_equal(da_buf_read_path(&b, path, path, &err), -1);
	assert_string_equal(err.msg, want);
	da_buf_free(&b);
	rmdir(dir);
	free(want);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_missing_dir),
		cmocka_unit_test(test_buf_read_path),
		cmocka_unit_test(test_open_file_not_dir),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_absolute_symlink_stays_inside),
		cmocka_unit_test(test_dotdot_stays_inside),
		cmocka_unit_test(test_symlink_loop),
		cmocka_unit_test(test_stat_follow),
		cmocka_unit_test(test_stat_nofollow_dotdot_stays_inside),
		cmocka_unit_test(test_read_cap),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_readlink),
		cmocka_unit_test(test_opendir),
		cmocka_unit_test(test_openat_root_itself),
		cmocka_unit_test(test_host_path),
		cmocka_unit_test(test_readlink_longest_target),
	};

	int rc = cmocka_run_group_tests_name("rootfs with openat2", tests, setup_root,
					     teardown_root);

	if (deny_openat2() < 0) {
		fprintf(stderr, "cannot install a seccomp filter: user-space resolver not run\n");
		return rc ? rc : 77;
	}
	return rc + cmocka_run_group_tests_name("rootfs with openat2 denied", tests, setup_root,
						teardown_root);
}
