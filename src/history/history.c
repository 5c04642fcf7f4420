/*
 * The run history on disk. A run is a gzip file of the JSON results whose
 * header comment repeats the few members a list or a trend needs (end
 * time, scores, counts), so those read a few hundred bytes per run rather
 * than inflating and parsing every run; anything that compares runs reads
 * them whole through the saved-result loader, which inflates gzip itself.
 */
#include "history/history.h"
#include "common/buf.h"
#include "common/gz.h"
#include "common/xalloc.h"
#include "report/util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define RUNS "runs"
#define RUN_EXT ".json.gz"
#define STAMP_LEN 16 /* YYYYMMDDTHHMMSSZ */
/* Enough of a file to hold any header the writer makes. */
#define HEAD_READ (DA_GZ_COMMENT_MAX + 64)
#define SUMMARY_FORMAT "dockaudit-run-summary"

static void warn_skip(const struct da_err *err)
{
	fprintf(stderr, "dockaudit: warning: %s; skipped\n", err->msg);
}

/* ---- names ---- */

/* "YYYYMMDDTHHMMSSZ" at S into *T. 0 or -1. */
static int parse_stamp(const char *s, time_t *t)
{
	struct tm tm = { 0 };
	const char *end;

	end = strptime(s, "%Y%m%dT%H%M%SZ", &tm);
	if (!end || end != s + STAMP_LEN)
		return -1;
	*t = timegm(&tm);
	return 0;
}

/* A run's file name "STAMP[-N].json.gz" into its parts. 0 or -1. */
static int parse_name(const char *file, time_t *t, unsigned *seq)
{
	size_t len = strlen(file), ext = strlen(RUN_EXT);
	const char *p = file + STAMP_LEN;
	char *end;
	unsigned long n;

	if (len <= ext || strcmp(file + len - ext, RUN_EXT) != 0 || len < STAMP_LEN + ext ||
	    parse_stamp(file, t) < 0)
		return -1;
	*seq = 1;
	if (p == file + len - ext)
		return 0;
	if (*p != '-' || !isdigit((unsigned char)p[1]))
		return -1;
	errno = 0;
	n = strtoul(p + 1, &end, 10);
	if (errno || end != file + len - ext || n < 2 || n > 1000000)
		return -1;
	*seq = (unsigned)n;
	return 0;
}

static int run_cmp(const void *a, const void *b)
{
	const struct da_history_run *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void run_name(char *buf, size_t n, time_t t, unsigned seq)
{
	struct tm tm;
	char stamp[STAMP_LEN + 1];

	if (!gmtime_r(&t, &tm) || strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm) == 0)
		memcpy(stamp, "19700101T000000Z", sizeof(stamp));
	if (seq > 1)
		snprintf(buf, n, "%s-%u", stamp, seq);
	else
		snprintf(buf, n, "%s", stamp);
}

static void run_set(struct da_history *h, struct da_history_run *run, const char *name,
		    time_t t, unsigned seq)
{
	run->name = da_xstrdup(name);
	run->path = da_xasprintf("%s/%s" RUN_EXT, h->runs_dir, name);
	run->time = t;
	run->seq = seq;
}

static void run_clear(struct da_history_run *run)
{
	free(run->name);
	free(run->path);
}

/* ---- opening ---- */

/* mkdir -p DIR (0777 less the umask). 0 or -errno. */
static int make_dirs(const char *dir)
{
	char *p = da_xstrdup(dir);
	size_t i, len = strlen(p);
	int rc = 0;

	for (i = 1; i <= len && rc == 0; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -errno;
		if (i < len)
			p[i] = '/';
	}
	free(p);
	return rc;
}

static int scan(struct da_history *h, struct da_err *err)
{
	DIR *d = opendir(h->runs_dir);
	struct dirent *e;
	time_t t;
	unsigned seq;

	if (!d)
		return da_err_set(err, "%s: %s", h->runs_dir, strerror(errno));
	while ((e = readdir(d))) {
		if (parse_name(e->d_name, &t, &seq) < 0)
			continue;
		h->runs = da_xreallocarray(h->runs, h->n + 1, sizeof(*h->runs));
		e->d_name[strlen(e->d_name) - strlen(RUN_EXT)] = '\0';
		run_set(h, &h->runs[h->n++], e->d_name, t, seq);
	}
	closedir(d);
	if (h->n)
		qsort(h->runs, h->n, sizeof(*h->runs), run_cmp);
	return 0;
}

static int lock_dir(struct da_history *h, struct da_err *err)
{
	h->lock_fd = open(h->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (h->lock_fd < 0)
		return da_err_set(err, "%s: %s", h->dir, strerror(errno));
	while (flock(h->lock_fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return da_err_set(err, "%s: cannot lock: %s", h->dir, strerror(errno));
	return 0;
}

int da_history_open(const char *dir, bool write, struct da_history **out, struct da_err *err)
{
	struct da_history *h = da_xcalloc(1, sizeof(*h));
	struct stat st;
	int rc;

	*out = NULL;
	h->lock_fd = -1;
	h->dir = da_xstrdup(dir);
	h->runs_dir = da_xasprintf("%s/" RUNS, dir);
	if (write && (rc = make_dirs(h->runs_dir)) < 0) {
		da_err_set(err, "%s: %s", h->runs_dir, strerror(-rc));
		goto fail;
	}
	if (!write && stat(h->runs_dir, &st) < 0) {
		da_err_set(err, "%s: no history here (%s: %s)", dir, h->runs_dir, strerror(errno));
		goto fail;
	}
	if ((write && lock_dir(h, err) < 0) || scan(h, err) < 0)
		goto fail;
	*out = h;
	return 0;
fail:
	da_history_free(h);
	return -1;
}

void da_history_free(struct da_history *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->n; i++)
		run_clear(&h->runs[i]);
	if (h->lock_fd >= 0)
		close(h->lock_fd);
	free(h->runs);
	free(h->runs_dir);
	free(h->dir);
	free(h);
}

/* ---- finding and reading ---- */

static int find_back(const struct da_history *h, const char *spec, size_t *idx,
		     struct da_err *err)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(spec + 1, &end, 10);
	if (errno || *end || !isdigit((unsigned char)spec[1]))
		return da_err_set(err, "%s: '%s' is not a run (a name, a prefix, latest or -N)",
				  h->dir, spec);
	if (n >= h->n)
		return da_err_set(err, "%s: no run %s: the history holds %zu run%s", h->dir, spec,
				  h->n, h->n == 1 ? "" : "s");
	*idx = h->n - 1 - n;
	return 0;
}

int da_history_find(const struct da_history *h, const char *spec, size_t *idx,
		    struct da_err *err)
{
	size_t i, found = 0, len = strlen(spec);

	if (!h->n)
		return da_err_set(err, "%s: the history holds no run", h->dir);
	if (strcmp(spec, "latest") == 0) {
		*idx = h->n - 1;
		return 0;
	}
	if (spec[0] == '-')
		return find_back(h, spec, idx, err);
	/* "NAME.json.gz", as a shell completes it, names the run too. */
	if (len > strlen(RUN_EXT) && strcmp(spec + len - strlen(RUN_EXT), RUN_EXT) == 0)
		len -= strlen(RUN_EXT);
	for (i = 0; i < h->n; i++) {
		if (strlen(h->runs[i].name) == len && strncmp(h->runs[i].name, spec, len) == 0) {
			*idx = i;
			return 0;
		}
		if (len && strncmp(h->runs[i].name, spec, len) == 0) {
			*idx = i;
			found++;
		}
	}
	if (found == 1)
		return 0;
	if (found)
		return da_err_set(err, "%s: '%s' names %zu runs; give more of the name", h->dir,
				  spec, found);
	return da_err_set(err, "%s: no run '%s' (see dockaudit history list)", h->dir, spec);
}

int da_history_load(const struct da_history *h, size_t i, const struct da_benchmark *bench,
		    const char *benchmark, struct da_saved **out, struct da_err *err)
{
	if (bench)
		return da_saved_load_against(h->runs[i].path, bench, out, err);
	return da_saved_load(h->runs[i].path, benchmark, out, err);
}

int da_history_load_previous(const struct da_history *h, size_t before,
			     const struct da_benchmark *bench, struct da_saved **out, size_t *idx)
{
	struct da_err err = { { 0 } };
	size_t i;

	*out = NULL;
	for (i = before; i-- > 0;) {
		if (da_history_load(h, i, bench, NULL, out, &err) == 0) {
			*idx = i;
			return 0;
		}
		warn_skip(&err);
	}
	return 1;
}

/* "2026-11-25T08:00:00Z", as the JSON results write times. 0 or -1. */
static int parse_time(const char *s, time_t *t)
{
	struct tm tm = { 0 };
	const char *end = s ? strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;

	if (!end || *end)
		return -1;
	*t = timegm(&tm);
	return 0;
}

/* The end time, scores and counts of DOC: a run's JSON results, or the
 * summary of its header (the same members). 0 or -1. */
static int summary_from(json_t *doc, struct da_history_summary *s)
{
	json_t *scores = json_object_get(doc, "scores"), *counts = json_object_get(doc, "summary");
	json_t *m, *v;
	int i;

	memset(s, 0, sizeof(*s));
	if (!json_is_object(scores) || !json_is_object(counts) ||
	    parse_time(json_string_value(json_object_get(doc, "end_time")), &s->end_time) < 0)
		return -1;
	for (i = 0; i < DA_SCORE_MODEL_COUNT; i++) {
		m = json_object_get(scores, da_score_model_name(i));
		if (!json_is_number(json_object_get(m, "score")) ||
		    !json_is_number(json_object_get(m, "max")))
			return -1;
		s->score[i] = json_number_value(json_object_get(m, "score"));
		s->max[i] = json_number_value(json_object_get(m, "max"));
	}
	for (i = 0; i < DA_RES_COUNT; i++) {
		v = json_object_get(counts, da_result_name(i));
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return -1;
		s->counts[i] = (size_t)json_integer_value(v);
	}
	return 0;
}

/* The summary in the first LEN bytes of a run's file. 0, or 1 when the
 * header holds none (or one this version does not read). */
static int header_summary(const char *data, size_t len, struct da_history_summary *s)
{
	char comment[DA_GZ_COMMENT_MAX];
	json_t *doc;
	int rc = 1;

	if (da_gz_comment(data, len, comment) != 0)
		return 1;
	doc = json_loads(comment, 0, NULL);
	if (json_is_object(doc) &&
	    strcmp(json_string_value(json_object_get(doc, "format")) ?: "", SUMMARY_FORMAT) == 0 &&
	    summary_from(doc, s) == 0)
		rc = 0;
	json_decref(doc);
	return rc;
}

/* Read the first HEAD_READ bytes (or, with ALL, the whole) of PATH. */
static int read_file(const char *path, bool all, struct da_buf *b, struct da_err *err)
{
	char chunk[HEAD_READ];
	ssize_t n;
	int fd;

	if (all)
		return da_buf_read_path(b, path, path, err);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return da_err_set(err, "%s: %s", path, strerror(errno));
	do
		n = read(fd, chunk, sizeof(chunk));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		da_err_set(err, "%s: %s", path, strerror(errno));
	else
		da_buf_append(b, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

int da_history_summary(const struct da_history *h, size_t i, bool verify,
		       struct da_history_summary *out, struct da_err *err)
{
	const char *path = h->runs[i].path;
	struct da_buf raw, plain;
	json_t *doc = NULL;
	json_error_t jerr;
	int rc = -1, head;

	da_buf_init(&raw, DA_SAVED_MAX_BYTES);
	da_buf_init(&plain, DA_SAVED_MAX_BYTES);
	if (read_file(path, false, &raw, err) < 0)
		goto out;
	if (!da_gz_is(raw.data, raw.len)) {
		da_err_set(err, "%s: not gzip data", path);
		goto out;
	}
	head = header_summary(raw.data, raw.len, out);
	if (head == 0 && !verify) {
		rc = 0;
		goto out;
	}
	da_buf_free(&raw);
	da_buf_init(&raw, DA_SAVED_MAX_BYTES);
	if (read_file(path, true, &raw, err) < 0 || da_gunzip(raw.data, raw.len, path, &plain, err) < 0)
		goto out;
	if (head == 0) {
		rc = 0;
		goto out;
	}
	doc = json_loadb(plain.data ? plain.data : "", plain.len, 0, &jerr);
	if (!doc)
		da_err_set(err, "%s: line %d: %s", path, jerr.line, jerr.text);
	else if (summary_from(doc, out) < 0)
		da_err_set(err, "%s: not dockaudit JSON results (no end_time, scores or summary)", path);
	else
		rc = 0;
out:
	json_decref(doc);
	da_buf_free(&plain);
	da_buf_free(&raw);
	return rc;
}

void da_history_trend(const struct da_history *h, size_t end, struct da_report_trend_point **out,
		      size_t *n)
{
	struct da_history_summary s;
	struct da_err err = { { 0 } };
	size_t i = end > DA_HISTORY_TREND_MAX ? end - DA_HISTORY_TREND_MAX : 0;
	int m;

	*out = da_xcalloc(end ? end : 1, sizeof(**out));
	*n = 0;
	for (; i < end; i++) {
		if (da_history_summary(h, i, false, &s, &err) < 0) {
			warn_skip(&err);
			continue;
		}
		(*out)[*n].time = h->runs[i].time;
		for (m = 0; m < DA_SCORE_MODEL_COUNT; m++) {
			(*out)[*n].score[m] = s.score[m];
			(*out)[*n].max[m] = s.max[m];
		}
		(*n)++;
	}
}

/* ---- writing ---- */

/* The header's summary of R: the members summary_from reads. */
static char *summary_text(const struct da_results *r)
{
	json_t *doc = json_object(), *scores = json_object(), *counts = json_object();
	char when[DA_REPORT_TIME_LEN];
	char *text;
	int i;

	da_report_time(r->end_time, when);
	for (i = 0; i < DA_SCORE_MODEL_COUNT; i++)
		json_object_set_new(scores, da_score_model_name(i),
				    json_pack("{s:f, s:f}", "score", da_report_finite(r->scores[i].score),
					      "max", da_report_finite(r->scores[i].max)));
	for (i = 0; i < DA_RES_COUNT; i++)
		json_object_set_new(counts, da_result_name(i), json_integer((json_int_t)r->counts[i]));
	json_object_set_new(doc, "format", json_string(SUMMARY_FORMAT));
	json_object_set_new(doc, "format_version", json_integer(1));
	json_object_set_new(doc, "end_time", json_string(when));
	json_object_set_new(doc, "scores", scores);
	json_object_set_new(doc, "summary", counts);
	text = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(10));
	json_decref(doc);
	if (!text)
		abort(); /* jansson fails to dump only without memory */
	return text;
}

struct gz_call {
	const struct da_results *r;
	const char *comment;
};

/* da_report_write_path's writer: the JSON results through gzip. */
static int write_gz(const void *ctx, FILE *out, struct da_err *err)
{
	const struct gz_call *c = ctx;
	const struct da_report_opts ro = { 0 };
	FILE *gz = da_gz_writer(out, c->comment);
	int rc = da_report_json.write(c->r, &ro, gz, err);

	if (fclose(gz) != 0 && rc == 0)
		rc = da_err_set(err, "%s", strerror(errno));
	return rc;
}

/* The first free name for a run that ended at T. */
static unsigned free_seq(const struct da_history *h, time_t t, char *name, size_t n)
{
	struct stat st;
	unsigned seq;
	char *path;
	int taken;

	for (seq = 1;; seq++) {
		run_name(name, n, t, seq);
		path = da_xasprintf("%s/%s" RUN_EXT, h->runs_dir, name);
		taken = lstat(path, &st) == 0;
		free(path);
		if (!taken)
			return seq;
	}
}

int da_history_add(struct da_history *h, const struct da_results *r, size_t *idx,
		   struct da_err *err)
{
	char name[STAMP_LEN + 16];
	struct gz_call c = { r, NULL };
	struct da_history_run run;
	unsigned seq = free_seq(h, r->end_time, name, sizeof(name));
	size_t i;
	char *comment = summary_text(r);
	int rc;

	run_set(h, &run, name, r->end_time, seq);
	c.comment = comment;
	rc = da_report_write_path(run.path, write_gz, &c, err);
	free(comment);
	if (rc < 0) {
		run_clear(&run);
		return -1;
	}
	h->runs = da_xreallocarray(h->runs, h->n + 1, sizeof(*h->runs));
	for (i = h->n; i > 0 && run_cmp(&h->runs[i - 1], &run) > 0; i--)
		h->runs[i] = h->runs[i - 1];
	h->runs[i] = run;
	h->n++;
	*idx = i;
	return 0;
}

size_t da_history_prune(struct da_history *h, long keep_runs, long keep_days, time_t now,
			size_t keep)
{
	size_t i, k = 0, gone = 0;
	bool drop;

	for (i = 0; i < h->n; i++) {
		drop = i != keep &&
		       ((keep_runs > 0 && h->n - i > (size_t)keep_runs) ||
			(keep_days > 0 && h->runs[i].time < now - (time_t)keep_days * 86400));
		if (drop && unlink(h->runs[i].path) < 0 && errno != ENOENT) {
			fprintf(stderr, "dockaudit: warning: %s: cannot delete: %s\n", h->runs[i].path,
				strerror(errno));
			drop = false;
		}
		if (drop) {
			run_clear(&h->runs[i]);
			gone++;
			continue;
		}
		h->runs[k++] = h->runs[i];
	}
	h->n = k;
	return gone;
}

int da_history_write_latest(const struct da_history *h, const struct da_results *r,
			    const struct da_report_opts *opts, struct da_err *err)
{
	static const struct {
		const char *file;
		const struct da_reporter *rep;
	} latest[] = {
		{ "latest.json", &da_report_json },
		{ "latest.html", &da_report_html },
		{ "latest.prom", &da_report_prom },
	};
	char *path;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < sizeof(latest) / sizeof(latest[0]); i++) {
		path = da_xasprintf("%s/%s", h->dir, latest[i].file);
		rc = da_report_to_path(latest[i].rep, r, opts, path, err);
		free(path);
	}
	return rc;
}

static int write_failed(const void *ctx, FILE *out, struct da_err *err)
{
	return da_report_prom_failed(out, *(const time_t *)ctx, err);
}

int da_history_write_failed(const char *dir, time_t when, struct da_err *err)
{
	char *path = da_xasprintf("%s/latest.prom", dir);
	int rc = da_report_write_path(path, write_failed, &when, err);

	free(path);
	return rc;
}
