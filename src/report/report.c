/*
 * The reporter table and the one way reports reach disk: a temporary file
 * in the target's directory, flushed and fsync'ed, then renamed over the
 * target, so a reader never sees half a report and a failed run never
 * destroys the previous one.
 */
#include "report/report.h"
#include "report/util.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const struct da_reporter *const da_reporters[] = {
	&da_report_json,
	&da_report_arf,
	&da_report_html,
	&da_report_results,
	&da_report_junit,
	&da_report_prom,
	&da_report_hdf,
	NULL,
};

const struct da_reporter *da_reporter_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; da_reporters[i]; i++)
		if (strcmp(da_reporters[i]->name, name) == 0)
			return da_reporters[i];
	if (strcmp(da_report_terminal.name, name) == 0)
		return &da_report_terminal;
	return NULL;
}

const struct da_item *da_report_section(const struct da_item *it)
{
	if (!it || !it->parent || !it->parent->parent)
		return NULL;
	while (it->parent->parent)
		it = it->parent;
	return it;
}

size_t da_report_waived_rules(const struct da_results *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_rules; i++)
		n += r->rules[i].n_waived > 0;
	return n;
}

static int to_stdout(da_report_write_fn fn, const void *ctx, struct da_err *err)
{
	if (fn(ctx, stdout, err) < 0)
		return da_err_prefix(err, "stdout");
	if (da_report_check_stream(stdout, err) < 0)
		return da_err_prefix(err, "stdout");
	return 0;
}

/* The permissions a new file would get from open(2) with 0666. */
static mode_t file_mode(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return 0666 & ~mask;
}

/* Write the report into the new temporary FD (closed here), flushed and
 * synced. 0 or -1 with ERR (not yet naming the path). */
static int write_file(da_report_write_fn fn, const void *ctx, int fd, struct da_err *err)
{
	FILE *f = fdopen(fd, "w");
	int rc = -1;

	if (!f) {
		da_err_set(err, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (fchmod(fd, file_mode()) < 0)
		da_err_set(err, "%s", strerror(errno));
	else if (fn(ctx, f, err) == 0 && da_report_check_stream(f, err) == 0)
		rc = fsync(fd) < 0 ? da_err_set(err, "%s", strerror(errno)) : 0;
	if (fclose(f) != 0 && rc == 0)
		rc = da_err_set(err, "%s", strerror(errno));
	return rc;
}

int da_report_dump_json(json_t *doc, FILE *out, struct da_err *err)
{
	int rc;

	errno = 0;
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	json_decref(doc);
	if (rc < 0 || fputc('\n', out) == EOF)
		return da_err_set(err, "%s", strerror(errno ? errno : EIO));
	return 0;
}

/* Write into PATH, which exists and is not a regular file (a character
 * device such as /dev/null or /dev/stdout, a FIFO): opened and written as
 * it is. Replacing it with a new file, as a regular file is, would put a
 * file where /dev/null was. 0, or -1 with ERR naming PATH. */
static int to_special(const char *path, da_report_write_fn fn, const void *ctx,
		      struct da_err *err)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	FILE *f;
	int rc = -1;

	if (fd < 0)
		return da_err_set(err, "%s: %s", path, strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		da_err_set(err, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (fn(ctx, f, err) == 0 && da_report_check_stream(f, err) == 0)
		rc = 0;
	if (fclose(f) != 0 && rc == 0)
		return da_err_set(err, "%s: %s", path, strerror(errno));
	if (rc < 0)
		da_err_prefix(err, "%s", path);
	return rc;
}

int da_report_write_path(const char *path, da_report_write_fn fn, const void *ctx,
			 struct da_err *err)
{
	struct stat st;
	char *tmp;
	int fd, rc = -1;

	if (strcmp(path, "-") == 0)
		return to_stdout(fn, ctx, err);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return to_special(path, fn, ctx, err);
	tmp = da_xasprintf("%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		da_err_set(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (write_file(fn, ctx, fd, err) < 0) {
		da_err_prefix(err, "%s", path);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		da_err_set(err, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

struct reporter_call {
	const struct da_reporter *rep;
	const struct da_results *r;
	const struct da_report_opts *opts;
};

static int call_reporter(const void *ctx, FILE *out, struct da_err *err)
{
	const struct reporter_call *c = ctx;

	return c->rep->write(c->r, c->opts, out, err);
}

int da_report_to_path(const struct da_reporter *rep, const struct da_results *r,
		      const struct da_report_opts *opts, const char *path, struct da_err *err)
{
	const struct reporter_call c = { rep, r, opts };

	return da_report_write_path(path, call_reporter, &c, err);
}
