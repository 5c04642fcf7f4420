/*
 * The history store: run names and their order, finding a run, the
 * summary in the gzip header, reading runs back, skipping corrupt and
 * truncated files, retention, latest.* and a failed run's metrics; and
 * the gzip stream under it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/gz.h"
#include "common/xalloc.h"
#include "history/history.h"
#include "report/load.h"
#include "report_fixture.h"

static char dir[] = "/tmp/da-history.XXXXXX";

static char *slurp(const char *path, size_t *len)
{
	struct da_buf b;
	struct da_err err = { { 0 } };

	da_buf_init(&b, 0);
	assert_int_equal(da_buf_read_path(&b, path, path, &err), 0);
	*len = b.len;
	return da_buf_take(&b);
}

static void spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* Remove everything under P (two levels deep at most here). */
static void rm_tree(const char *p)
{
	DIR *d = opendir(p);
	struct dirent *e;
	char *c;

	if (!d) {
		unlink(p);
		return;
	}
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		c = da_xasprintf("%s/%s", p, e->d_name);
		rm_tree(c);
		free(c);
	}
	closedir(d);
	rmdir(p);
}

/* A fresh history under DIR/NAME with runs ending at each of TIMES. */
static struct da_history *history_with(const char *name, const time_t *times, size_t n,
				       struct da_results *r)
{
	char *path = da_xasprintf("%s/%s", dir, name);
	struct da_history *h = NULL;
	struct da_err err = { { 0 } };
	size_t i, idx;

	rm_tree(path);
	assert_int_equal(da_history_open(path, true, &h, &err), 0);
	for (i = 0; i < n; i++) {
		r->end_time = times[i];
		assert_int_equal(da_history_add(h, r, &idx, &err), 0);
	}
	free(path);
	return h;
}

static void test_names_and_find(void **state)
{
	static const time_t times[] = { FX_END + 3600, FX_END, FX_END };
	struct da_results *r = fx_results();
	struct da_history *h = history_with("names", times, 3, r), *again;
	struct da_err err = { { 0 } };
	size_t idx;
	char *want;

	(void)state;
	assert_int_equal(h->n, 3);
	assert_string_equal(h->runs[0].name, "20261125T080007Z");
	assert_string_equal(h->runs[1].name, "20261125T080007Z-2");
	assert_string_equal(h->runs[2].name, "20261125T090007Z");
	/* Opened again, the directory lists in the same order. */
	assert_int_equal(da_history_open(h->dir, false, &again, &err), 0);
	assert_int_equal(again->n, 3);
	assert_string_equal(again->runs[1].name, "20261125T080007Z-2");
	assert_int_equal(again->runs[2].time, FX_END + 3600);
	da_history_free(again);
	assert_int_equal(da_history_find(h, "latest", &idx, &err), 0);
	assert_int_equal(idx, 2);
	assert_int_equal(da_history_find(h, "-2", &idx, &err), 0);
	assert_int_equal(idx, 0);
	assert_int_equal(da_history_find(h, "20261125T09", &idx, &err), 0);
	assert_int_equal(idx, 2);
	assert_int_equal(da_history_find(h, "20261125T080007Z", &idx, &err), 0);
	assert_int_equal(idx, 0);
	assert_int_equal(da_history_find(h, "20261125T080007Z-2.json.gz", &idx, &err), 0);
	assert_int_equal(idx, 1);
	assert_int_equal(da_history_find(h, "20261125T08", &idx, &err), -1);
	want = da_xasprintf("%s: '20261125T08' names 2 runs; give more of the name", h->dir);
	assert_string_equal(err.msg, want);
	free(want);
	assert_int_equal(da_history_find(h, "-3", &idx, &err), -1);
	want = da_xasprintf("%s: no run -3: the history holds 3 runs", h->dir);
	assert_string_equal(err.msg, want);
	free(want);
	assert_int_equal(da_history_find(h, "2027", &idx, &err), -1);
	assert_int_equal(da_history_find(h, "-x", &idx, &err), -1);
	da_history_free(h);
	fx_free(r);
}

static void test_summary_and_load(void **state)
{
	static const time_t times[] = { FX_END };
	struct da_results *r = fx_results();
	struct da_history *h = history_with("summary", times, 1, r);
	struct da_history_summary s;
	struct da_err err = { { 0 } };
	struct da_saved *back = NULL;
	int m;

	(void)state;
	assert_int_equal(da_history_summary(h, 0, false, &s, &err), 0);
	assert_int_equal(s.end_time, FX_END);
	for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
		assert_true(s.score[m] == r->scores[m].score);
		assert_true(s.max[m] == r->scores[m].max);
	}
	assert_int_equal(s.counts[DA_RES_FAIL], r->counts[DA_RES_FAIL]);
	assert_int_equal(s.counts[DA_RES_ERROR], r->counts[DA_RES_ERROR]);
	assert_int_equal(da_history_summary(h, 0, true, &s, &err), 0);
	/* The run reads back as the JSON results it is. */
	assert_int_equal(da_history_load(h, 0, r->bench, NULL, &back, &err), 0);
	assert_int_equal(back->format, DA_SAVED_JSON);
	assert_int_equal(back->results->counts[DA_RES_FAIL], r->counts[DA_RES_FAIL]);
	assert_int_equal(back->results->end_time, FX_END);
	da_saved_free(back);
	da_history_free(h);
	fx_free(r);
}

/* A truncated and a corrupt run: errors naming them; the newest readable
 * run before them is found with a warning. */
static void test_bad_files(void **state)
{
	static const time_t times[] = { FX_END, FX_END + 60, FX_END + 120 };
	struct da_results *r = fx_results();
	struct da_history *h = history_with("bad", times, 3, r);
	struct da_history_summary s;
	struct da_err err = { { 0 } };
	struct da_saved *prev = NULL;
	char *data, *want;
	size_t len, idx;
	FILE *saved = stderr;

	(void)state;
	data = slurp(h->runs[2].path, &len);
	spit(h->runs[2].path, data, len / 2);
	data[len / 2] ^= 0x55;
	data[len / 2 + 1] ^= 0x55;
	spit(h->runs[1].path, data, len);
	free(data);
	/* The header alone still reads; a check of the whole does not. */
	assert_int_equal(da_history_summary(h, 2, false, &s, &err), 0);
	assert_int_equal(da_history_summary(h, 2, true, &s, &err), -1);
	want = da_xasprintf("%s: truncated gzip data", h->runs[2].path);
	assert_string_equal(err.msg, want);
	free(want);
	assert_int_equal(da_history_summary(h, 1, true, &s, &err), -1);
	want = da_xasprintf("%s: corrupt gzip data (", h->runs[1].path);
	assert_memory_equal(err.msg, want, strlen(want));
	free(want);
	stderr = fopen("/dev/null", "w");
	assert_int_equal(da_history_load_previous(h, h->n, r->bench, &prev, &idx), 0);
	fclose(stderr);
	stderr = saved;
	assert_int_equal(idx, 0);
	da_saved_free(prev);
	/* Not gzip at all. */
	spit(h->runs[0].path, "{}", 2);
	assert_int_equal(da_history_summary(h, 0, false, &s, &err), -1);
	want = da_xasprintf("%s: not gzip data", h->runs[0].path);
	assert_string_equal(err.msg, want);
	free(want);
	da_history_free(h);
	fx_free(r);
}

static void test_retention(void **state)
{
	static const time_t times[] = { FX_END - 10 * 86400, FX_END - 5 * 86400, FX_END - 86400,
					FX_END };
	struct da_results *r = fx_results();
	struct da_history *h = history_with("keep", times, 4, r);
	struct stat st;
	char *gone;

	(void)state;
	gone = da_xstrdup(h->runs[0].path);
	/* 3 runs at most: the oldest goes. */
	assert_int_equal(da_history_prune(h, 3, 0, FX_END, 3), 1);
	assert_int_equal(h->n, 3);
	assert_int_equal(stat(gone, &st), -1);
	assert_string_equal(h->runs[0].name, "20261120T080007Z");
	/* 2 days: only the last two stay. */
	assert_int_equal(da_history_prune(h, 0, 2, FX_END, 2), 1);
	assert_int_equal(h->n, 2);
	/* The run kept is never deleted, even past every limit. */
	assert_int_equal(da_history_prune(h, 1, 1, FX_END + 100 * 86400, 0), 1);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->runs[0].name, "20261124T080007Z");
	free(gone);
	da_history_free(h);
	fx_free(r);
}

static void test_latest_and_failed(void **state)
{
	static const time_t times[] = { FX_END };
	struct da_results *r = fx_results();
	struct da_history *h = history_with("latest", times, 1, r);
	struct da_report_opts ro = { 0 };
	struct da_err err = { { 0 } };
	char *json, *before, *after, *prom;
	size_t n1, n2, n3;

	(void)state;
	assert_int_equal(da_history_write_latest(h, r, &ro, &err), 0);
	json = da_xasprintf("%s/latest.json", h->dir);
	before = slurp(json, &n1);
	assert_int_equal(da_history_write_failed(h->dir, FX_END + 5, &err), 0);
	after = slurp(json, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(json);
	json = da_xasprintf("%s/latest.prom", h->dir);
	prom = slurp(json, &n3);
	assert_non_null(strstr(prom, "\ndockaudit_last_run_success 0\n"));
	assert_non_null(strstr(prom, "\ndockaudit_last_run_timestamp_seconds 1795593612\n"));
	free(prom);
	free(json);
	free(before);
	free(after);
	da_history_free(h);
	fx_free(r);
}

/* The gzip stream: a comment in the header, several members, and bad data. */
static void test_gz(void **state)
{
	char *data = NULL, comment[DA_GZ_COMMENT_MAX], *twice;
	size_t len = 0;
	FILE *mem = open_memstream(&data, &len), *gz;
	struct da_buf out;
	struct da_err err = { { 0 } };
	int i;

	(void)state;
	gz = da_gz_writer(mem, "{\"note\":1}");
	for (i = 0; i < 2000; i++)
		fprintf(gz, "line %d of some text\n", i);
	assert_int_equal(fclose(gz), 0);
	fclose(mem);
	assert_true(da_gz_is(data, len));
	assert_int_equal(da_gz_comment(data, len, comment), 0);
	assert_string_equal(comment, "{\"note\":1}");
	assert_int_equal(da_gz_comment(data, 12, comment), -1);
	da_buf_init(&out, 1 << 20);
	assert_int_equal(da_gunzip(data, len, "x.gz", &out, &err), 0);
	assert_memory_equal(out.data, "line 0 of some text\nline 1 ", 27);
	assert_non_null(strstr(out.data, "line 1999 of some text\n"));
	da_buf_free(&out);
	/* Two members are one stream, as gzip reads them. */
	twice = da_xmalloc(2 * len + 3);
	memcpy(twice, data, len);
	memcpy(twice + len, data, len);
	da_buf_init(&out, 1 << 20);
	assert_int_equal(da_gunzip(twice, 2 * len, "x.gz", &out, &err), 0);
	assert_int_equal(out.len, 2 * 2000 * 20 + 2 * (10 * 1 + 90 * 2 + 900 * 3 + 1000 * 4) - 2 * 2000 * 1);
	da_buf_free(&out);
	/* Bytes after the end that are no member. */
	memcpy(twice + len, "xyz", 3);
	da_buf_init(&out, 1 << 20);
	assert_int_equal(da_gunzip(twice, len + 3, "x.gz", &out, &err), -1);
	assert_string_equal(err.msg, "x.gz: corrupt gzip data (data after the end)");
	da_buf_free(&out);
	/* The cap holds for what inflates. */
	da_buf_init(&out, 1000);
	assert_int_equal(da_gunzip(data, len, "x.gz", &out, &err), -1);
	assert_string_equal(err.msg, "x.gz: larger than 1000 bytes uncompressed");
	da_buf_free(&out);
	free(twice);
	free(data);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_find),
		cmocka_unit_test(test_summary_and_load),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_latest_and_failed),
		cmocka_unit_test(test_gz),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
