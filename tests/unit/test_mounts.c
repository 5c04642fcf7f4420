/*
 * Unit tests for src/collect/mounts.c on fixture mount tables: which mounts
 * are listed, octal escapes, the data root on its own filesystem, on a bind
 * mount of /, under a separate /var, with userns-remap, without /info;
 * malformed, overlong and NUL-holding lines; a table of 40,000 container
 * mounts; the fallback to /proc/self and a link out of the tree.
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
#include "facts/facts.h"
#include "testutil.h"

/* The daemon section as the daemon collector leaves it: /info's data root
 * and the userns-remap setting. */
#define DAEMON(root, remap)                                                                      \
	"{\"info\": {\"DockerRootDir\": \"" root "\"}, \"settings\": {\"userns-remap\": "          \
	"{\"value\": \"" remap "\", \"source\": \"default\"}}}"
#define DAEMON_DOWN                                                                              \
	"{\"reachable\": false, \"info\": {\"error\": \"GET /_ping: cannot connect\"}, "           \
	"\"settings\": {\"userns-remap\": {\"value\": \"\", \"source\": \"default\"}}}"

static json_t *collect_dir(const char *dir, const char *daemon)
{
	struct da_root root;
	struct da_err err = { "" };
	struct da_collect_ctx ctx = { .root = &root };
	json_t *section = json_object(), *d = json_loads(daemon, 0, NULL);

	assert_non_null(d);
	if (da_root_open(&root, dir, &err) < 0)
		fail_msg("%s", err.msg);
	ctx.facts = json_pack("{s:o, s:O}", "daemon", d, "mounts", section);
	da_collector_mounts.collect(&ctx, section);
	json_decref(ctx.facts);
	da_root_close(&root);
	return section;
}

static json_t *collect_fixture(const char *name, const char *daemon)
{
	char *dir = da_test_fixture("hosts/%s", name);
	json_t *s = collect_dir(dir, daemon);

	free(dir);
	return s;
}

/* The mount points of the listed mounts, as one JSON array text. */
static void assert_points(const json_t *s, const char *want_text)
{
	json_t *points = json_array(), *m;
	size_t i;

	json_array_foreach(json_object_get(s, "items"), i, m)
		json_array_append(points, json_object_get(m, "mount_point"));
	da_test_assert_json(points, want_text);
	json_decref(points);
}

static const json_t *item_at(const json_t *s, const char *point)
{
	const json_t *m;
	size_t i;

	json_array_foreach(json_object_get(s, "items"), i, m)
		if (!strcmp(json_string_value(json_object_get(m, "mount_point")), point))
			return m;
	fail_msg("no item %s", point);
	return NULL;
}

static void test_table(void **state)
{
	assert_string_equal(da_collector_mounts.name, "mounts");
	assert_non_null(strstr(da_collector_mounts.summary, "data root"));
}

/* The listed mounts are the well-known points and those above, on or one
 * level below the data root, in table order (/sys, /proc, /dev, /mnt/data
 * and the netns mount are not); the overlay and shm of containers deeper
 * below are only counted. The data root has a filesystem of its own. */
static void test_own_fs(void **state)
{
	json_t *s = collect_fixture("mounts-own-fs", DAEMON("/var/lib/docker", ""));

	da_test_assert_json(json_object_get(s, "mountinfo"), "\"/proc/1/mountinfo\"");
	da_test_assert_json(json_object_get(s, "total"), "15");
	da_test_assert_json(json_object_get(s, "nested_under_data_root"), "2");
	da_test_assert_json(json_object_get(s, "errors"), "[]");
	assert_null(json_object_get(s, "items_truncated"));
	assert_null(json_object_get(s, "error"));
	assert_points(s, "[\"/dev/shm\", \"/run\", \"/\", \"/home\", \"/tmp\", \"/boot\", "
			 "\"/var/lib/docker\", \"/var/lib/docker/volumes\"]");
	da_test_assert_json(item_at(s, "/tmp"),
		    "{\"mount_id\": 31, \"parent_id\": 27, \"device\": \"0:30\", \"mount_point\": "
		    "\"/tmp\", \"root\": \"/\", \"fs_type\": \"tmpfs\", \"source\": \"tmpfs\", "
		    "\"options\": [\"rw\", \"nosuid\", \"nodev\", \"noexec\"], \"super_options\": "
		    "[\"rw\", \"size=2097152k\"], \"propagation\": [\"shared:21\"]}");
	da_test_assert_json(json_object_get(s, "data_root"),
		    "{\"reported\": \"/var/lib/docker\", \"source\": \"/daemon/info/DockerRootDir\", "
		    "\"path\": \"/var/lib/docker\", \"userns_remap\": \"\", \"base\": "
		    "\"/var/lib/docker\", \"remapped_subdir\": null, \"mount_point\": "
		    "\"/var/lib/docker\", \"mount_id\": 33, \"device\": \"8:17\", \"fs_type\": "
		    "\"ext4\", \"mount_source\": \"/dev/sdb1\", \"mount_root\": \"/\", \"options\": "
		    "[\"rw\", \"nosuid\", \"nodev\", \"relatime\"], \"root_device\": \"8:1\", "
		    "\"separate_filesystem\": true, \"reason\": \"on its own filesystem, ext4 "
		    "mounted at /var/lib/docker (device 8:17)\"}");
	json_decref(s);
}

/* The daemon's own mount namespace is the truth (PrivateTmp, ProtectSystem,
 * a namespace of its own): its table is read before init's. */
static void test_daemon_namespace(void **state)
{
	json_t *s = collect_fixture("mounts-daemon-ns",
				    "{\"process\": {\"pid\": 812}, \"info\": {\"DockerRootDir\": "
				    "\"/var/lib/docker\"}, \"settings\": {\"userns-remap\": "
				    "{\"value\": \"\", \"source\": \"default\"}}}");

	(void)state;
	da_test_assert_json(json_object_get(s, "mountinfo"), "\"/proc/812/mountinfo\"");
	da_test_assert_json(da_facts_get(s, "/data_root/separate_filesystem"), "true");
	da_test_assert_json(da_facts_get(s, "/data_root/fs_type"), "\"tmpfs\"");
	json_decref(s);
	/* Without the daemon's pid, init's table: the data root is on /. */
	s = collect_fixture("mounts-daemon-ns", DAEMON("/var/lib/docker", ""));
	da_test_assert_json(json_object_get(s, "mountinfo"), "\"/proc/1/mountinfo\"");
	da_test_assert_json(da_facts_get(s, "/data_root/separate_filesystem"), "false");
	json_decref(s);
}

/* A bind mount of a directory of the root filesystem on the data root is
 * not a filesystem of its own: same device as /. */
static void test_bind_of_root(void **state)
{
	json_t *s = collect_fixture("mounts-bind-root", DAEMON("/var/lib/docker", ""));
	json_t *dr = json_object_get(s, "data_root");

	assert_points(s, "[\"/\", \"/var/lib/docker\"]");
	da_test_assert_json(json_object_get(dr, "separate_filesystem"), "false");
	da_test_assert_json(json_object_get(dr, "mount_root"), "\"/srv/docker\"");
	da_test_assert_json(json_object_get(dr, "reason"),
		    "\"on a bind mount at /var/lib/docker of the root filesystem's device 8:1\"");
	json_decref(s);
}

/* The data root under a separate /var: /var is the covering mount (/var/log
 * is neither listed nor covering). A data root elsewhere on / is not
 * separate. */
static void test_separate_var(void **state)
{
	json_t *s = collect_fixture("mounts-separate-var", DAEMON("/var/lib/docker", ""));
	json_t *dr = json_object_get(s, "data_root");

	assert_points(s, "[\"/\", \"/var\"]");
	da_test_assert_json(json_object_get(dr, "mount_point"), "\"/var\"");
	da_test_assert_json(json_object_get(dr, "separate_filesystem"), "true");
	json_decref(s);
	s = collect_fixture("mounts-separate-var", DAEMON("/srv/docker", ""));
	dr = json_object_get(s, "data_root");
	da_test_assert_json(json_object_get(dr, "mount_point"), "\"/\"");
	da_test_assert_json(json_object_get(dr, "separate_filesystem"), "false");
	da_test_assert_json(json_object_get(dr, "reason"), "\"on the root filesystem, mounted at /\"");
	json_decref(s);
}

/* \040 \011 \012 \134 are decoded in mount points, roots and sources, so
 * a data root with a space is found; "\999" is no escape and stays. A data
 * root given as "/mnt/" is normalised to /mnt. */
static void test_escapes(void **state)
{
	json_t *s = collect_fixture("mounts-escapes", DAEMON("/srv/docker data", ""));
	const json_t *m;

	assert_points(s, "[\"/\", \"/srv/docker data\", \"/srv/docker data/vol\\numes\"]");
	m = item_at(s, "/srv/docker data");
	da_test_assert_json(json_object_get(m, "source"), "\"/dev/disk/by-label/docker disk\"");
	m = item_at(s, "/srv/docker data/vol\numes");
	da_test_assert_json(json_object_get(m, "root"), "\"/back\\\\slash\"");
	da_test_assert_json(json_object_get(m, "propagation"), "[\"master:41\"]");
	da_test_assert_json(json_object_get(json_object_get(s, "data_root"), "separate_filesystem"), "true");
	json_decref(s);

	s = collect_fixture("mounts-escapes", DAEMON("/mnt/", ""));
	assert_points(s, "[\"/\", \"/mnt/with\\ttab\", \"/mnt/odd\\\\999escape\"]");
	da_test_assert_json(json_object_get(json_object_get(s, "data_root"), "path"), "\"/mnt\"");
	da_test_assert_json(json_object_get(json_object_get(s, "data_root"), "reported"), "\"/mnt/\"");
	json_decref(s);
}

/* Each malformed line is an error with file and line; the good lines
 * around them are kept; a blank line is nothing. */
static void test_malformed(void **state)
{
	json_t *s = collect_fixture("mounts-malformed", DAEMON("/var/lib/docker", ""));

	da_test_assert_json(json_object_get(s, "errors"),
		    "[\"/proc/1/mountinfo:2: too few fields\", "
		    "\"/proc/1/mountinfo:3: no \\\" - \\\" separator\", "
		    "\"/proc/1/mountinfo:4: device is not MAJOR:MINOR\", "
		    "\"/proc/1/mountinfo:5: mount id or parent id is not a number\", "
		    "\"/proc/1/mountinfo:6: mount point is not an absolute path\", "
		    "\"/proc/1/mountinfo:7: not three fields (type, source, super options) after "
		    "\\\" - \\\"\"]");
	da_test_assert_json(json_object_get(s, "total"), "2");
	assert_points(s, "[\"/\", \"/var/lib/docker\"]");
	da_test_assert_json(json_object_get(json_object_get(s, "data_root"), "separate_filesystem"), "true");
	json_decref(s);
}

/* userns-remap: /info's DockerRootDir already ends in UID.GID; the base is
 * its parent. The mounts below the base but not below the remapped root
 * are neither listed nor counted. */
static void test_userns_remap(void **state)
{
	json_t *s = collect_fixture("mounts-own-fs",
				    DAEMON("/var/lib/docker/100000.100000", "default"));
	json_t *dr = json_object_get(s, "data_root");

	da_test_assert_json(json_object_get(dr, "path"), "\"/var/lib/docker/100000.100000\"");
	da_test_assert_json(json_object_get(dr, "userns_remap"), "\"default\"");
	da_test_assert_json(json_object_get(dr, "base"), "\"/var/lib/docker\"");
	da_test_assert_json(json_object_get(dr, "remapped_subdir"), "\"100000.100000\"");
	da_test_assert_json(json_object_get(dr, "mount_point"), "\"/var/lib/docker\"");
	da_test_assert_json(json_object_get(dr, "separate_filesystem"), "true");
	da_test_assert_json(json_object_get(s, "nested_under_data_root"), "0");
	assert_points(s, "[\"/dev/shm\", \"/run\", \"/\", \"/home\", \"/tmp\", \"/boot\", "
			 "\"/var/lib/docker\"]");
	json_decref(s);

	/* The setting unknown (the daemon collector could not tell): no
	 * guess from the name. */
	s = collect_fixture("mounts-own-fs",
			    "{\"info\": {\"DockerRootDir\": \"/var/lib/docker/1.1\"}, \"settings\": "
			    "{\"userns-remap\": {\"error\": \"command line unknown\"}}}");
	dr = json_object_get(s, "data_root");
	da_test_assert_json(json_object_get(dr, "userns_remap"), "null");
	da_test_assert_json(json_object_get(dr, "base"), "\"/var/lib/docker/1.1\"");
	da_test_assert_json(json_object_get(dr, "userns_remap_error"),
		    "\"the daemon's userns-remap setting is not known\"");
	json_decref(s);
}

/* Without /info the data root is an error, but the mounts are listed (and
 * /var/lib/docker stands in for the selection); a relative or ".." data
 * root is an error too. */
static void test_no_info(void **state)
{
	json_t *s = collect_fixture("mounts-own-fs", DAEMON_DOWN);

	da_test_assert_json(json_object_get(s, "data_root"),
		    "{\"error\": \"the daemon's /info is not available: GET /_ping: cannot "
		    "connect\"}");
	da_test_assert_json(json_object_get(s, "nested_under_data_root"), "2");
	da_test_assert_json(json_object_get(s, "total"), "15");
	json_decref(s);
	s = collect_fixture("mounts-own-fs", "{\"info\": {\"ID\": \"x\"}}");
	da_test_assert_json(json_object_get(s, "data_root"),
		    "{\"error\": \"the daemon's /info has no DockerRootDir string\"}");
	json_decref(s);
	s = collect_fixture("mounts-own-fs", "{}");
	da_test_assert_json(json_object_get(s, "data_root"),
		    "{\"error\": \"the daemon's /info is not available\"}");
	json_decref(s);
	s = collect_fixture("mounts-own-fs", DAEMON("/var/lib/../../etc", ""));
	da_test_assert_json(json_object_get(s, "data_root"),
		    "{\"reported\": \"/var/lib/../../etc\", \"error\": \"DockerRootDir is not an "
		    "absolute path without \\\"..\\\"\"}");
	json_decref(s);
}

/* No /proc/1/mountinfo: /proc/self's, and the facts say so. */
static void test_self_fallback(void **state)
{
	json_t *s = collect_fixture("mounts-self", DAEMON("/var/lib/docker", ""));

	da_test_assert_json(json_object_get(s, "mountinfo"), "\"/proc/self/mountinfo\"");
	assert_points(s, "[\"/\"]");
	da_test_assert_json(json_object_get(json_object_get(s, "data_root"), "reason"),
		    "\"on the root filesystem, mounted at /\"");
	json_decref(s);
}

/* /proc/1/mountinfo -> /proc/self/mountinfo (absolute) is resolved in the
 * tree: the fixture's one-line table, not this machine's. */
static void test_symlink_stays_inside(void **state)
{
	json_t *s = collect_fixture("mounts-symlink", DAEMON("/var/lib/docker", ""));

	da_test_assert_json(json_object_get(s, "mountinfo"), "\"/proc/1/mountinfo\"");
	da_test_assert_json(json_object_get(s, "total"), "1");
	da_test_assert_json(json_object_get(item_at(s, "/"), "source"), "\"/dev/fixture-root\"");
	json_decref(s);
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path) < 0 ? -1 : 0;
}

/* A table on disk in a fresh root: TMPL gets the directory. */
static FILE *new_table(char *tmpl)
{
	char *p;
	FILE *f;

	assert_non_null(mkdtemp(tmpl));
	p = da_xasprintf("%s/proc", tmpl);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = da_xasprintf("%s/proc/1", tmpl);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = da_xasprintf("%s/proc/1/mountinfo", tmpl);
	f = fopen(p, "w");
	assert_non_null(f);
	free(p);
	return f;
}

/* A host with 20,000 containers: 40,000 mounts below the data root are
 * counted, not listed. Then hostile lines: one of 70,000 bytes, one with a
 * NUL byte, 150 too short (only the first 100 errors are listed); the
 * last line has no newline and counts. */
static void test_large_and_hostile(void **state)
{
	char tmpl[] = "/tmp/da-mounts-XXXXXX";
	FILE *f = new_table(tmpl);
	json_t *s, *errors;
	char *line;
	int i;

	fprintf(f, "27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
	for (i = 0; i < 20000; i++) {
		fprintf(f, "%d 27 0:%d / /var/lib/docker/overlay2/%064x/merged rw,relatime - overlay "
			   "overlay rw,lowerdir=/var/lib/docker/overlay2/l/X,upperdir=/u,workdir=/w\n",
			100 + 2 * i, 100 + i, i);
		fprintf(f, "%d 27 0:%d / /var/lib/docker/containers/%064x/mounts/shm rw,nosuid - "
			   "tmpfs shm rw,size=65536k\n", 101 + 2 * i, 30000 + i, i);
	}
	line = da_xmalloc(70001);
	memset(line, 'x', 70000);
	line[70000] = '\0';
	fprintf(f, "%s\n", line);
	free(line);
	fwrite("28 27 8:2 / /tmp rw - tmpfs\0x tmpfs rw\n", 1, 39, f);
	for (i = 0; i < 150; i++)
		fprintf(f, "short line %d\n", i);
	fprintf(f, "29 27 8:17 / /var/lib/docker rw,nodev - ext4 /dev/sdb1 rw");
	fclose(f);

	s = collect_dir(tmpl, DAEMON("/var/lib/docker", ""));
	da_test_assert_json(json_object_get(s, "total"), "40002");
	da_test_assert_json(json_object_get(s, "nested_under_data_root"), "40000");
	assert_points(s, "[\"/\", \"/var/lib/docker\"]");
	errors = json_object_get(s, "errors");
	assert_int_equal(json_array_size(errors), 101);
	da_test_assert_json(json_array_get(errors, 0),
		    "\"/proc/1/mountinfo:40002: longer than 65536 bytes\"");
	da_test_assert_json(json_array_get(errors, 1), "\"/proc/1/mountinfo:40003: a NUL byte\"");
	da_test_assert_json(json_array_get(errors, 2), "\"/proc/1/mountinfo:40004: too few fields\"");
	da_test_assert_json(json_array_get(errors, 100), "\"52 more errors not listed\"");
	da_test_assert_json(json_object_get(json_object_get(s, "data_root"), "separate_filesystem"), "true");
	json_decref(s);
	assert_int_equal(nftw(tmpl, remove_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

/* No table at all: the section's error names both files; the data root
 * is described but has an error too. */
static void test_no_table(void **state)
{
	char tmpl[] = "/tmp/da-mounts-XXXXXX";
	json_t *s;

	assert_non_null(mkdtemp(tmpl));
	s = collect_dir(tmpl, DAEMON("/var/lib/docker", ""));
	da_test_assert_json(s, "{\"error\": \"/proc/1/mountinfo: No such file or directory, "
		       "/proc/self/mountinfo: No such file or directory\", \"data_root\": "
		       "{\"reported\": \"/var/lib/docker\", \"source\": "
		       "\"/daemon/info/DockerRootDir\", \"path\": \"/var/lib/docker\", "
		       "\"userns_remap\": \"\", \"base\": \"/var/lib/docker\", \"remapped_subdir\": "
		       "null, \"error\": \"the mount table could not be read\"}}");
	json_decref(s);
	assert_int_equal(rmdir(tmpl), 0);
}

/* The live table, through "/": "/" is listed and covers any data root. */
static void test_live(void **state)
{
	json_t *s = collect_dir("/", DAEMON("/var/lib/docker", ""));

	assert_non_null(item_at(s, "/"));
	assert_true(json_is_boolean(
		json_object_get(json_object_get(s, "data_root"), "separate_filesystem")));
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_own_fs),
		cmocka_unit_test(test_bind_of_root),
		cmocka_unit_test(test_daemon_namespace),
		cmocka_unit_test(test_separate_var),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_userns_remap),
		cmocka_unit_test(test_no_info),
		cmocka_unit_test(test_self_fallback),
		cmocka_unit_test(test_symlink_stays_inside),
		cmocka_unit_test(test_large_and_hostile),
		cmocka_unit_test(test_no_table),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
