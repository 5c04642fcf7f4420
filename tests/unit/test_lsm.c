/*
 * Unit tests for src/collect/lsm.c on fixture hosts: a Debian host with
 * AppArmor and docker-default, a RHEL-like host with SELinux enforcing, a
 * kernel with neither, securityfs not mounted, no sysfs at all, links out
 * of the tree, and hostile values (enforce "2", a huge profile list).
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

static json_t *collect_dir(const char *dir)
{
	return da_test_collect_dir(&da_collector_lsm, dir);
}

static json_t *collect_fixture(const char *name)
{
	return da_test_collect_fixture(&da_collector_lsm, name);
}

#define SELINUX_ABSENT "{\"state\": \"absent\", \"config_mode\": null, \"policy\": null}"
#define APPARMOR_ABSENT                                                                          \
	"{\"state\": \"absent\", \"profiles\": [], \"docker_default_loaded\": false, "            \
	"\"docker_default_mode\": null}"

static void test_table(void **state)
{
	assert_string_equal(da_collector_lsm.name, "lsm");
	assert_non_null(strstr(da_collector_lsm.summary, "AppArmor"));
}

/* AppArmor enabled: every profile line "NAME (MODE)" (a name may hold
 * parentheses), docker-default found (not docker-defaultx), one malformed
 * line counted; no /sys/fs/selinux: SELinux absent. */
static void test_debian_apparmor(void **state)
{
	json_t *s = collect_fixture("lsm-apparmor");

	da_test_assert_json(s, "{\"stack\": {\"modules\": [\"lockdown\", \"capability\", \"landlock\", "
		       "\"yama\", \"apparmor\"]}, \"selinux\": " SELINUX_ABSENT ", "
		       "\"apparmor\": {\"state\": \"enabled\", \"profiles\": ["
		       "{\"name\": \"docker-default\", \"mode\": \"enforce\"}, "
		       "{\"name\": \"/usr/sbin/cups-browsed\", \"mode\": \"enforce\"}, "
		       "{\"name\": \"nvidia_modprobe//kmod\", \"mode\": \"complain\"}, "
		       "{\"name\": \"lsb_release\", \"mode\": \"enforce\"}, "
		       "{\"name\": \"/usr/bin/man\", \"mode\": \"enforce\"}, "
		       "{\"name\": \"a profile name (with parentheses)\", \"mode\": \"kill\"}, "
		       "{\"name\": \"docker-defaultx\", \"mode\": \"unconfined\"}], "
		       "\"docker_default_loaded\": true, \"docker_default_mode\": \"enforce\", "
		       "\"error\": \"/sys/kernel/security/apparmor/profiles: 1 malformed line\"}}");
	json_decref(s);
}

/* SELinux enforcing with the targeted policy, version 33, MLS; no AppArmor
 * module: absent. */
static void test_rhel_selinux(void **state)
{
	json_t *s = collect_fixture("lsm-selinux");

	da_test_assert_json(s, "{\"stack\": {\"modules\": [\"lockdown\", \"capability\", \"yama\", "
		       "\"selinux\", \"bpf\"]}, \"selinux\": {\"state\": \"enforcing\", "
		       "\"policy_version\": 33, \"mls\": true, \"config_mode\": \"enforcing\", "
		       "\"policy\": \"targeted\"}, \"apparmor\": " APPARMOR_ABSENT "}");
	json_decref(s);
}

/* Neither module in the kernel: both absent, which is not an error. */
static void test_neither(void **state)
{
	json_t *s = collect_fixture("lsm-none");

	da_test_assert_json(s, "{\"stack\": {\"modules\": [\"capability\", \"yama\"]}, \"selinux\": "
		       SELINUX_ABSENT ", \"apparmor\": " APPARMOR_ABSENT "}");
	json_decref(s);
}

/* AppArmor enabled but securityfs not mounted: the profiles are an error,
 * not an empty list, and docker_default_loaded is not known. */
static void test_no_securityfs(void **state)
{
	json_t *s = collect_fixture("lsm-nosecfs");

	da_test_assert_json(s, "{\"stack\": {\"error\": \"/sys/kernel/security/lsm: No such file or "
		       "directory (is securityfs mounted?)\"}, \"selinux\": " SELINUX_ABSENT ", "
		       "\"apparmor\": {\"state\": \"enabled\", \"error\": "
		       "\"/sys/kernel/security/apparmor/profiles: No such file or directory (is "
		       "securityfs mounted?)\"}}");
	json_decref(s);
}

/* A link that climbs out of the tree comes back to itself (ELOOP) instead
 * of reading this machine's file; an absolute link reads the fixture's own
 * file ("N": disabled). */
static void test_symlinks_stay_inside(void **state)
{
	json_t *s = collect_fixture("lsm-symlink");

	da_test_assert_json(json_object_get(s, "stack"),
		    "{\"error\": \"/sys/kernel/security/lsm: Too many levels of symbolic links\"}");
	da_test_assert_json(json_object_get(s, "apparmor"),
		    "{\"state\": \"disabled\", \"profiles\": [], \"docker_default_loaded\": false, "
		    "\"docker_default_mode\": null}");
	json_decref(s);
}

/* No sysfs under the root (a disk image): nothing is "absent", both are
 * errors; the SELinux config file is still read. */
static void test_no_sysfs(void **state)
{
	char tmpl[] = "/tmp/da-lsm-XXXXXX";
	json_t *s;

	assert_non_null(mkdtemp(tmpl));
	da_test_mkdirs(tmpl, "etc/selinux");
	da_test_puts_file(tmpl, "etc/selinux/config", "SELINUX=permissive\nSELINUXTYPE=mls\n");
	s = collect_dir(tmpl);
	da_test_assert_json(json_object_get(s, "stack"),
		    "{\"error\": \"/sys/kernel: No such file or directory (is sysfs mounted under "
		    "the root?)\"}");
	da_test_assert_json(json_object_get(s, "selinux"),
		    "{\"config_mode\": \"permissive\", \"policy\": \"mls\", \"error\": "
		    "\"/sys/kernel: No such file or directory (is sysfs mounted under the "
		    "root?)\"}");
	da_test_assert_json(json_object_get(s, "apparmor"),
		    "{\"error\": \"/sys/kernel: No such file or directory (is sysfs mounted under "
		    "the root?)\"}");
	json_decref(s);
	da_test_remove_tree(tmpl);
}

/* The states in between and hostile values: selinuxfs's mount point
 * without selinuxfs (disabled); enforce "0" (permissive) with a policyvers
 * that is no number and no mls file; enforce "2"; AppArmor's parameter
 * "maybe"; a profile list over 4 MiB. */
static void test_states_and_hostile_values(void **state)
{
	char tmpl[] = "/tmp/da-lsm-XXXXXX";
	char *big;
	json_t *s;

	assert_non_null(mkdtemp(tmpl));
	da_test_mkdirs(tmpl, "sys/fs/selinux");
	da_test_mkdirs(tmpl, "sys/kernel/security/apparmor");
	da_test_mkdirs(tmpl, "sys/module/apparmor/parameters");
	da_test_puts_file(tmpl, "sys/module/apparmor/parameters/enabled", "maybe\n");
	s = collect_dir(tmpl);
	da_test_assert_json(json_object_get(s, "selinux"),
		    "{\"state\": \"disabled\", \"config_mode\": null, \"policy\": null}");
	da_test_assert_json(json_object_get(s, "apparmor"),
		    "{\"error\": \"/sys/module/apparmor/parameters/enabled: neither Y nor N\"}");
	json_decref(s);

	da_test_puts_file(tmpl, "sys/fs/selinux/enforce", "0");
	da_test_puts_file(tmpl, "sys/fs/selinux/policyvers", "33x");
	da_test_puts_file(tmpl, "sys/module/apparmor/parameters/enabled", "Y");
	big = da_xmalloc((4u << 20) + 1);
	memset(big, 'p', (4u << 20) + 1);
	da_test_put_file(tmpl, "sys/kernel/security/apparmor/profiles", big, (4u << 20) + 1);
	free(big);
	s = collect_dir(tmpl);
	da_test_assert_json(json_object_get(s, "selinux"),
		    "{\"state\": \"permissive\", \"config_mode\": null, \"policy\": null, \"error\": "
		    "\"/sys/fs/selinux/policyvers: not a number; /sys/fs/selinux/mls: No such file "
		    "or directory\"}");
	da_test_assert_json(json_object_get(s, "apparmor"),
		    "{\"state\": \"enabled\", \"error\": \"/sys/kernel/security/apparmor/profiles: "
		    "file too large\"}");
	json_decref(s);

	da_test_puts_file(tmpl, "sys/fs/selinux/enforce", "2\n");
	s = collect_dir(tmpl);
	da_test_assert_json(json_object_get(s, "selinux"),
		    "{\"config_mode\": null, \"policy\": null, \"error\": "
		    "\"/sys/fs/selinux/enforce: neither 0 nor 1\"}");
	json_decref(s);
	da_test_remove_tree(tmpl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_debian_apparmor),
		cmocka_unit_test(test_rhel_selinux),
		cmocka_unit_test(test_neither),
		cmocka_unit_test(test_no_securityfs),
		cmocka_unit_test(test_symlinks_stay_inside),
		cmocka_unit_test(test_no_sysfs),
		cmocka_unit_test(test_states_and_hostile_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
