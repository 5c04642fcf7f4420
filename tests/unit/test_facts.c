/*
 * Unit tests for src/facts/facts.c: RFC 6901 lookup (escapes, indexes, the
 * malformed cases), the exact load errors for bad files (not JSON, not an
 * object, another schema, a newer version), and a save/load round trip.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "facts/facts.h"

/* A fresh temp directory per test, removed (with its files) afterwards. */
static int setup_dir(void **state)
{
	char *dir = da_xstrdup("/tmp/da-test-facts-XXXXXX");

	if (!mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static int teardown_dir(void **state)
{
	char *dir = *state;
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = da_xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	free(dir);
	return 0;
}

static char *write_tmp(const char *dir, const char *name, const char *text)
{
	char *path = da_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Load TEXT from a file and expect the error "PATH" + WANT_TAIL. */
static void assert_load_error(const char *dir, const char *text, const char *want_tail)
{
	char *path = write_tmp(dir, "facts.json", text);
	char *want = da_xasprintf("%s%s", path, want_tail);
	struct da_err err = { "" };
	json_t *doc = (json_t *)1;

	assert_int_equal(da_facts_load(path, &doc, &err), -1);
	assert_null(doc);
	assert_string_equal(err.msg, want);
	free(want);
	free(path);
}

static void test_pointer(void **state)
{
	json_t *doc = json_loads("{\"a\": {\"b/c\": 1, \"m~n\": 2, \"\": 3, \"~1\": 4,"
				 " \"arr\": [10, 20, {\"x\": \"y\"}]}, \"0\": \"zero\"}",
				 0, NULL);

	assert_non_null(doc);
	assert_ptr_equal(da_facts_get(doc, ""), doc);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/a/b~1c")), 1);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/a/m~0n")), 2);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/a/")), 3);
	/* "~01" is "~1", not "/": decoding is one left-to-right pass. */
	assert_int_equal(json_integer_value(da_facts_get(doc, "/a/~01")), 4);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/a/arr/0")), 10);
	assert_int_equal(json_integer_value(da_facts_get(doc, "/a/arr/1")), 20);
	assert_string_equal(json_string_value(da_facts_get(doc, "/a/arr/2/x")), "y");
	assert_string_equal(json_string_value(da_facts_get(doc, "/0")), "zero");
	assert_ptr_equal(da_facts_get(da_facts_get(doc, "/a"), "/arr/2"),
			 da_facts_get(doc, "/a/arr/2"));
	/* Missing steps and malformed pointers are NULL, never a crash. */
	assert_null(da_facts_get(doc, "/a/arr/3"));
	assert_null(da_facts_get(doc, "/a/arr/01"));
	assert_null(da_facts_get(doc, "/a/arr/-"));
	assert_null(da_facts_get(doc, "/a/arr/1x"));
	assert_null(da_facts_get(doc, "/a/arr/99999999999999999999999"));
	assert_null(da_facts_get(doc, "/a/arr/1/x"));
	assert_null(da_facts_get(doc, "/a/b/c"));
	assert_null(da_facts_get(doc, "/a/m~2n"));
	assert_null(da_facts_get(doc, "/a/m~"));
	assert_null(da_facts_get(doc, "a"));
	assert_null(da_facts_get(doc, "/nope/x"));
	assert_null(da_facts_get(NULL, "/a"));
	json_decref(doc);
}

static void test_load_not_json(void **state)
{
	assert_load_error(*state, "{\n  \"schema\": \"dockaudit-facts\",\n  oops\n}\n",
			  ":3:6: string or '}' expected near 'oops'");
	assert_load_error(*state, "", ":1:0: '[' or '{' expected near end of file");
}

static void test_load_not_object(void **state)
{
	assert_load_error(*state, "[1, 2]\n", ": not a JSON object");
}

static void test_load_wrong_schema(void **state)
{
	assert_load_error(*state, "{\"schema\": \"openscap-arf\", \"schema_version\": 1}",
			  ": schema is 'openscap-arf', expected 'dockaudit-facts'");
	assert_load_error(*state, "{\"host\": {}}",
			  ": no \"schema\" member: not a dockaudit fact document");
}

static void test_load_bad_version(void **state)
{
	assert_load_error(*state, "{\"schema\": \"dockaudit-facts\", \"schema_version\": 2}",
			  ": unsupported schema_version 2 (this build reads version 1)");
	assert_load_error(*state, "{\"schema\": \"dockaudit-facts\", \"schema_version\": \"1\"}",
			  ": \"schema_version\" is missing or not an integer");
}

static void test_load_missing_file(void **state)
{
	char *path = da_xasprintf("%s/absent.json", (char *)*state);
	char *want = da_xasprintf("%s: No such file or directory", path);
	struct da_err err = { "" };
	json_t *doc;

	assert_int_equal(da_facts_load(path, &doc, &err), -1);
	assert_string_equal(err.msg, want);
	free(want);
	free(path);
}

static void test_load_stdin(void **state)
{
	char *path = write_tmp(*state, "in.json", "{\"schema\": \"dockaudit-facts\", \"schema_version\": 7}");
	struct da_err err = { "" };
	int saved = dup(0), fd = open(path, O_RDONLY);
	json_t *doc;

	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, 0), 0);
	assert_int_equal(da_facts_load("-", &doc, &err), -1);
	dup2(saved, 0);
	close(saved);
	close(fd);
	assert_string_equal(err.msg, "<stdin>: unsupported schema_version 7 (this build reads version 1)");
	free(path);
}

static void test_new_header(void **state)
{
	json_t *doc = da_facts_new("/host");
	const char *at = json_string_value(json_object_get(doc, "collected_at"));
	regex_t re;
	struct tm tm = { 0 };
	time_t t;

	assert_string_equal(json_string_value(json_object_get(doc, "schema")), "dockaudit-facts");
	assert_int_equal(json_integer_value(json_object_get(doc, "schema_version")), 1);
	assert_string_equal(json_string_value(da_facts_get(doc, "/tool/name")), "dockaudit");
	assert_string_equal(json_string_value(da_facts_get(doc, "/tool/version")), PACKAGE_VERSION);
	assert_string_equal(json_string_value(json_object_get(doc, "root")), "/host");
	assert_non_null(at);
	assert_int_equal(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
				 REG_EXTENDED | REG_NOSUB),
			 0);
	assert_int_equal(regexec(&re, at, 0, NULL, 0), 0);
	regfree(&re);
	/* It is UTC and it is now. */
	assert_non_null(strptime(at, "%Y-%m-%dT%H:%M:%SZ", &tm));
	t = timegm(&tm);
	assert_true(labs((long)(time(NULL) - t)) < 60);
	json_decref(doc);
}

static void test_set_error(void **state)
{
	json_t *section = json_object();
	char bad[] = { 'p', 'a', 't', 'h', ' ', (char)0xff, 0 };
	char *text;

	da_facts_set_error(section, "GET %s: HTTP %d", "/version", 500);
	da_facts_set_error(section, "a later error");
	assert_string_equal(json_string_value(json_object_get(section, "error")), "GET /version: HTTP 500");
	json_object_del(section, "error");
	/* Bytes that are not UTF-8 must not make the document unwritable. */
	da_facts_set_error(section, "%s: unreadable", bad);
	assert_string_equal(json_string_value(json_object_get(section, "error")), "path ?: unreadable");
	text = json_dumps(section, 0);
	assert_non_null(text);
	free(text);
	da_facts_set_error(NULL, "ignored");
	json_decref(section);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] != '.')
			n++;
	}
	if (d)
		closedir(d);
	return n;
}

static void test_round_trip(void **state)
{
	char *path = da_xasprintf("%s/facts.json", (char *)*state);
	struct da_err err = { "" };
	json_t *doc = da_facts_new("/");
	json_t *section = json_pack("{s:[{s:s, s:b}]}", "items", "name", "web\x1b[31m\n", "running", 1);
	json_t *back = NULL;
	struct stat st;

	json_object_set_new(doc, "containers", section);
	da_facts_set_error(json_object_get(doc, "containers"), "partly unreadable");
	/* Saving over an existing file replaces it. */
	free(write_tmp(*state, "facts.json", "old"));
	assert_int_equal(da_facts_save(doc, path, &err), 0);
	assert_int_equal(count_entries(*state), 1); /* no temp file left behind */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(da_facts_load(path, &back, &err), 0);
	assert_true(json_equal(doc, back));
	assert_string_equal(json_string_value(da_facts_get(back, "/containers/items/0/name")),
			    "web\x1b[31m\n");
	json_decref(back);
	json_decref(doc);
	free(path);
}

static void test_save_error(void **state)
{
	char *path = da_xasprintf("%s/no/such/dir/facts.json", (char *)*state);
	char *want = da_xasprintf("%s: cannot create a temporary file: No such file or directory", path);
	struct da_err err = { "" };
	json_t *doc = da_facts_new("/");

	assert_int_equal(da_facts_save(doc, path, &err), -1);
	assert_string_equal(err.msg, want);
	json_decref(doc);
	free(want);
	free(path);
}

/* Host bytes that are not UTF-8 (a stray 0xff, a surrogate) become \\xNN;
 * valid characters (é) are kept. */
static void test_string_from_host_bytes(void **state)
{
	json_t *j = da_facts_string("ok \xc3\xa9 \xff\xfe end \xed\xa0\x80");

	(void)state;
	assert_string_equal(json_string_value(j), "ok \xc3\xa9 \\xff\\xfe end \\xed\\xa0\\x80");
	json_decref(j);
	j = da_facts_string("plain");
	assert_string_equal(json_string_value(j), "plain");
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pointer),
		cmocka_unit_test_setup_teardown(test_load_not_json, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_load_not_object, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_load_wrong_schema, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_load_bad_version, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_load_missing_file, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_load_stdin, setup_dir, teardown_dir),
		cmocka_unit_test(test_new_header),
		cmocka_unit_test(test_set_error),
		cmocka_unit_test_setup_teardown(test_round_trip, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_save_error, setup_dir, teardown_dir),
		cmocka_unit_test(test_string_from_host_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
