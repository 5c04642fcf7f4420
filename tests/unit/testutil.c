/*
 * Shared unit-test helpers; see testutil.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "collect/collect.h"
#include "common/buf.h"
#include "common/xalloc.h"

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

json_t *da_test_collect_dir(const struct da_collector *c, const char *dir)
{
	return da_test_collect_dir_daemon(c, dir, NULL);
}

json_t *da_test_api_fixture(const char *name)
{
	char *path = da_test_fixture("api/daemon/%s", name);
	json_error_t jerr;
	json_t *j = json_load_file(path, 0, &jerr);

	if (!j)
		fail_msg("%s: %s", path, jerr.text);
	free(path);
	return j;
}

json_t *da_test_collect_dir_daemon(const struct da_collector *c, const char *dir,
				   const char *daemon)
{
	struct da_root root;
	struct da_err err = { "" };
	struct da_collect_ctx ctx = { .root = &root };
	json_t *section = json_object();

	if (da_root_open(&root, dir, &err) < 0)
		fail_msg("%s", err.msg);
	ctx.facts = json_pack("{s:O}", c->name, section);
	if (daemon)
		json_object_set_new(ctx.facts, "daemon", json_loads(daemon, 0, NULL));
	c->collect(&ctx, section);
	json_decref(ctx.facts);
	da_root_close(&root);
	return section;
}

json_t *da_test_collect_fixture(const struct da_collector *c, const char *name)
{
	char *dir = da_test_fixture("hosts/%s", name);
	json_t *s = da_test_collect_dir(c, dir);

	free(dir);
	return s;
}

void da_test_assert_json(const json_t *got, const char *want_text)
{
	json_error_t jerr;
	json_t *want = json_loads(want_text, JSON_DECODE_ANY, &jerr);
	char *dump;

	if (!want)
		fail_msg("bad expected JSON: %s: %s", jerr.text, want_text);
	if (!json_equal(got, want)) {
		dump = json_dumps(got, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		fail_msg("got  %s\nwant %s", dump, want_text);
	}
	json_decref(want);
}

void da_test_put_file(const char *dir, const char *rel, const void *data, size_t len)
{
	char *p = da_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(p, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	free(p);
}

void da_test_puts_file(const char *dir, const char *rel, const char *text)
{
	da_test_put_file(dir, rel, text, strlen(text));
}

void da_test_mkdirs(const char *dir, const char *rel)
{
	char *p = da_xasprintf("%s/%s", dir, rel), *s;

	for (s = p + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	assert_true(mkdir(p, 0755) == 0 || access(p, F_OK) == 0);
	free(p);
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

void da_test_remove_tree(const char *dir)
{
	assert_int_equal(nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}
