/*
 * What every reporter relies on: the reporter table, the host-text cleaner,
 * RFC 3339 times, and da_report_to_path's atomic replace (no temporary left
 * behind, the old file kept when writing fails, errors naming the path).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "report/util.h"
#include "report_fixture.h"

static void test_table(void **state)
{
	size_t i, j;

	assert_ptr_equal(da_reporters[0], &da_report_json);
	assert_ptr_equal(da_reporters[1], &da_report_arf);
	assert_ptr_equal(da_reporters[2], &da_report_html);
	assert_ptr_equal(da_reporters[3], &da_report_results);
	assert_ptr_equal(da_reporters[4], &da_report_junit);
	assert_ptr_equal(da_reporters[5], &da_report_prom);
	assert_ptr_equal(da_reporters[6], &da_report_hdf);
	assert_null(da_reporters[7]);
	for (i = 0; da_reporters[i]; i++) {
		assert_non_null(da_reporters[i]->name);
		assert_non_null(da_reporters[i]->summary);
		assert_non_null(da_reporters[i]->write);
		assert_ptr_equal(da_reporter_find(da_reporters[i]->name), da_reporters[i]);
		for (j = 0; j < i; j++)
			assert_string_not_equal(da_reporters[i]->name, da_reporters[j]->name);
	}
	assert_ptr_equal(da_reporter_find("terminal"), &da_report_terminal);
	assert_non_null(da_report_terminal.write);
	assert_null(da_reporter_find("xml"));
	assert_null(da_reporter_find(NULL));
}

static void check_clean(const char *in, unsigned flags, const char *want)
{
	char *got = da_report_clean(in, flags);

	assert_string_equal(got, want);
	free(got);
}

static void test_clean(void **state)
{
	assert_null(da_report_clean(NULL, 0));
	check_clean("plain name", DA_CLEAN_CONTROLS, "plain name");
	check_clean("caf\xc3\xa9 \xe2\x9c\x93", DA_CLEAN_CONTROLS, "caf\xc3\xa9 \xe2\x9c\x93");
	/* invalid UTF-8 is repaired under every flag */
	check_clean("a\xff" "b", 0, "a\\xffb");
	check_clean("\xc0\xaf", 0, "\\xc0\\xaf");               /* overlong "/" */
	check_clean("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");       /* surrogate */
	check_clean("x\xe2\x9c", 0, "x\\xe2\\x9c");             /* truncated */
	check_clean("\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80"); /* past U+10FFFF */
	/* controls only with DA_CLEAN_CONTROLS */
	check_clean("\033[2J", 0, "\033[2J");
	check_clean("\033[2J", DA_CLEAN_CONTROLS, "\\x1b[2J");
	check_clean("a\nb\tc\rd\x7f", DA_CLEAN_CONTROLS, "a\\x0ab\\x09c\\x0dd\\x7f");
	check_clean("a\nb\tc\rd", DA_CLEAN_CONTROLS | DA_CLEAN_KEEP_LINES, "a\nb\tc\\x0dd");
	check_clean("\xc2\x9b" "31m", DA_CLEAN_CONTROLS, "\\u009B31m");  /* C1 CSI */
	check_clean("abc\xe2\x80\xae" "fdp.exe", DA_CLEAN_CONTROLS, "abc\\u202Efdp.exe");
	check_clean("\xef\xbf\xbe", DA_CLEAN_CONTROLS, "\\uFFFE");
}

static void test_time(void **state)
{
	char buf[DA_REPORT_TIME_LEN];

	da_report_time(FX_START, buf);
	assert_string_equal(buf, "2026-11-25T08:00:00Z");
	da_report_time(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
}

/* ---- da_report_to_path ---- */

static int failing_write(const struct da_results *r, const struct da_report_opts *opts,
			 FILE *out, struct da_err *err)
{
	fputs("partial", out);
	return da_err_set(err, "the reporter gave up");
}

static int small_write(const struct da_results *r, const struct da_report_opts *opts, FILE *out,
		       struct da_err *err)
{
	fputs("new report\n", out);
	return 0;
}

static const struct da_reporter failing = { .name = "x", .summary = "x", .write = failing_write };
static const struct da_reporter small = { .name = "y", .summary = "y", .write = small_write };

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[256];
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return da_xstrdup(buf);
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Entries of DIR (besides . and ..). */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int setup_dir(void **state)
{
	char tmpl[] = "/tmp/da-report-XXXXXX";

	if (!mkdtemp(tmpl))
		return -1;
	*state = da_xstrdup(tmpl);
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int teardown_dir(void **state)
{
	int rc = nftw(*state, rm_entry, 8, FTW_DEPTH | FTW_PHYS);

	free(*state);
	return rc;
}

static void test_to_path_replaces(void **state)
{
	char *path = da_xasprintf("%s/out.txt", (char *)*state), *got;
	struct da_err err = { { 0 } };
	struct stat st;

	spit(path, "old report\n");
	assert_int_equal(da_report_to_path(&small, NULL, NULL, path, &err), 0);
	got = slurp(path);
	assert_string_equal(got, "new report\n");
	assert_int_equal(entries(*state), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644); /* umask 022, not mkstemp's 0600 */
	free(got);
	free(path);
}

static void test_to_path_reporter_fails(void **state)
{
	char *path = da_xasprintf("%s/out.txt", (char *)*state), *got, *want;
	struct da_err err = { { 0 } };

	spit(path, "old report\n");
	assert_int_equal(da_report_to_path(&failing, NULL, NULL, path, &err), -1);
	want = da_xasprintf("%s: the reporter gave up", path);
	assert_string_equal(err.msg, want);
	got = slurp(path);
	assert_string_equal(got, "old report\n");
	assert_int_equal(entries(*state), 1);
	free(want);
	free(got);
	free(path);
}

static void test_to_path_errors(void **state)
{
	char *path = da_xasprintf("%s/missing/out.txt", (char *)*state), *want;
	struct da_err err = { { 0 } };

	assert_int_equal(da_report_to_path(&small, NULL, NULL, path, &err), -1);
	want = da_xasprintf("%s: No such file or directory", path);
	assert_string_equal(err.msg, want);
	free(want);
	free(path);
	/* a directory in the way: rename fails, the temporary is removed */
	path = da_xasprintf("%s/dir", (char *)*state);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(da_report_to_path(&small, NULL, NULL, path, &err), -1);
	want = da_xasprintf("%s: Is a directory", path);
	assert_string_equal(err.msg, want);
	assert_int_equal(entries(*state), 1);
	free(want);
	free(path);
}

/* "-" is standard output: written there, nothing created on disk. */
static void test_to_path_stdout(void **state)
{
	char *path = da_xasprintf("%s/stdout", (char *)*state), *got;
	struct da_err err = { { 0 } };
	int saved = dup(1), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(saved >= 0 && fd >= 0);
	fflush(stdout);
	assert_int_equal(dup2(fd, 1), 1);
	close(fd);
	assert_int_equal(da_report_to_path(&small, NULL, NULL, "-", &err), 0);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	got = slurp(path);
	assert_string_equal(got, "new report\n");
	assert_int_equal(entries(*state), 1);
	assert_int_equal(da_report_to_path(&failing, NULL, NULL, "-", &err), -1);
	assert_string_equal(err.msg, "stdout: the reporter gave up");
	free(got);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_time),
		cmocka_unit_test_setup_teardown(test_to_path_replaces, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_to_path_reporter_fails, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_to_path_errors, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_to_path_stdout, setup_dir, teardown_dir),
	};

	umask(022);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
