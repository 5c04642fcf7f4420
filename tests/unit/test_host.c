/*
 * Unit tests for src/collect/host.c on fixture hosts: which file each fact
 * comes from, the fallbacks, os-release quoting, and the section's error
 * when the files are missing, too large or not UTF-8.
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

#include "collect/collectors.h"
#include "common/xalloc.h"
#include "testutil.h"

static char *fixture_dir(const char *name)
{
	return da_test_fixture("hosts/%s", name);
}

static json_t *collect_dir(const char *dir)
{
	struct da_root root;
	struct da_err err = { "" };
	struct da_collect_ctx ctx = { .root = &root };
	json_t *section = json_object();

	if (da_root_open(&root, dir, &err) < 0)
		fail_msg("%s", err.msg);
	ctx.facts = json_pack("{s:O}", "host", section);
	da_collector_host.collect(&ctx, section);
	json_decref(ctx.facts);
	da_root_close(&root);
	return section;
}

static json_t *collect_fixture(const char *name)
{
	char *dir = fixture_dir(name);
	json_t *s = collect_dir(dir);

	free(dir);
	return s;
}

static void assert_json(const json_t *got, const char *want_text)
{
	json_error_t jerr;
	json_t *want = json_loads(want_text, 0, &jerr);

	if (!want)
		fail_msg("bad expected JSON: %s", jerr.text);
	if (!json_equal(got, want))
		fail_msg("got  %s\nwant %s", json_dumps(got, JSON_COMPACT), want_text);
	json_decref(want);
}

/* /proc/sys/kernel/hostname wins over a stale /etc/hostname; /etc/os-release
 * is a relative link to ../usr/lib/os-release, resolved inside the root. */
static void test_debian(void **state)
{
	json_t *s = collect_fixture("debian12");

	assert_string_equal(da_collector_host.name, "host");
	assert_json(s, "{\"hostname\": \"web-01\", \"kernel\": \"6.1.0-18-amd64\", "
		       "\"os\": \"Debian GNU/Linux 12 (bookworm)\"}");
	json_decref(s);
}

/* No /proc hostname: /etc/hostname, blanks trimmed; a commented-out
 * PRETTY_NAME is not the one; quotes and escapes undone. */
static void test_fallbacks_and_quoting(void **state)
{
	json_t *s = collect_fixture("custom-os");

	assert_json(s, "{\"hostname\": \"box-7\", \"kernel\": \"5.15.0-custom\", "
		       "\"os\": \"Custom \\\"Quoted\\\" $OS 1.0\"}");
	json_decref(s);
}

/* No PRETTY_NAME: os-release(5) says "Linux". Missing files are one error
 * naming every path tried; the facts that could be read are kept. */
static void test_missing_files(void **state)
{
	json_t *s = collect_fixture("no-pretty-name");

	assert_json(s, "{\"os\": \"Linux\", \"error\": \"hostname: /proc/sys/kernel/hostname: "
		       "No such file or directory, /etc/hostname: No such file or directory; "
		       "kernel: /proc/sys/kernel/osrelease: No such file or directory\"}");
	json_decref(s);
}

static void put(const char *dir, const char *rel, const void *data, size_t len)
{
	char *p = da_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(p, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	free(p);
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path) < 0 ? -1 : 0;
}

/* An empty root; a hostname that is not UTF-8; an os-release over the cap. */
static void test_bad_files(void **state)
{
	char tmpl[] = "/tmp/da-host-XXXXXX";
	char *big, *p;
	json_t *s;

	assert_non_null(mkdtemp(tmpl));
	s = collect_dir(tmpl);
	assert_json(s, "{\"error\": \"hostname: /proc/sys/kernel/hostname: No such file or "
		       "directory, /etc/hostname: No such file or directory; kernel: "
		       "/proc/sys/kernel/osrelease: No such file or directory; os: "
		       "/etc/os-release: No such file or directory, /usr/lib/os-release: No such "
		       "file or directory\"}");
	json_decref(s);
	p = da_xasprintf("%s/etc", tmpl);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	put(tmpl, "etc/hostname", "h\xffst\n", 5);
	big = da_xmalloc(65537);
	memset(big, '#', 65537);
	put(tmpl, "etc/os-release", big, 65537);
	free(big);
	s = collect_dir(tmpl);
	assert_string_equal(json_string_value(json_object_get(s, "hostname")), "h\\xffst");
	assert_string_equal(json_string_value(json_object_get(s, "error")),
			    "kernel: /proc/sys/kernel/osrelease: No such file or directory; os: "
			    "/etc/os-release: file too large, /usr/lib/os-release: No such file or "
			    "directory");
	json_decref(s);
	assert_int_equal(nftw(tmpl, remove_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_fallbacks_and_quoting),
		cmocka_unit_test(test_missing_files),
		cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
