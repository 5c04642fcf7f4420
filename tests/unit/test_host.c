/*
 * Unit tests for src/collect/host.c on fixture hosts: which file each fact
 * comes from, the fallbacks, os-release quoting, the FQDN from /etc/hosts,
 * boot time, interfaces with their addresses from /proc and /sys, links that
 * point out of the tree, and the section's error for missing, oversized,
 * malformed or non-UTF-8 files.
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

#define NOENT "No such file or directory"
/* The clauses of a root that has none of the files. */
#define NO_BUILD "kernel_build: /proc/sys/kernel/version: " NOENT
#define NO_BOOT "boot_time: /proc/stat: " NOENT
#define NO_NET                                                                                   \
	"interfaces: /sys/class/net: " NOENT ", /proc/net/route: " NOENT                         \
	", /proc/net/fib_trie: " NOENT

static json_t *collect_dir(const char *dir)
{
	return da_test_collect_dir(&da_collector_host, dir);
}

static json_t *collect_fixture(const char *name)
{
	return da_test_collect_fixture(&da_collector_host, name);
}

/* GOT's members named in WANT equal WANT's; a member WANT gives as null
 * must be absent from GOT (the host section never records a null). */
static void assert_members(const json_t *got, const char *want_text)
{
	json_t *want = json_loads(want_text, 0, NULL), *picked = json_object(), *v, *g;
	const char *key;

	assert_non_null(want);
	json_object_foreach(want, key, v) {
		g = json_object_get(got, key);
		if (json_is_null(v))
			json_object_set_new(picked, key, g ? json_string("(present)") : json_null());
		else if (g)
			json_object_set(picked, key, g);
	}
	da_test_assert_json(picked, want_text);
	json_decref(picked);
	json_decref(want);
}

static void assert_error(const json_t *s, const char *want)
{
	assert_string_equal(json_string_value(json_object_get(s, "error")), want);
}

/* /proc/sys/kernel/hostname wins over a stale /etc/hostname; /etc/os-release
 * is a relative link to ../usr/lib/os-release, resolved inside the root.
 * Without /etc/hosts the FQDN is the hostname. */
static void test_debian(void **state)
{
	json_t *s = collect_fixture("debian12");

	assert_string_equal(da_collector_host.name, "host");
	assert_members(s, "{\"hostname\": \"web-01\", \"kernel\": \"6.1.0-18-amd64\", "
			  "\"os\": \"Debian GNU/Linux 12 (bookworm)\", \"fqdn\": \"web-01\", "
			  "\"fqdn_source\": \"hostname\", \"os_release\": {\"id\": \"debian\", "
			  "\"version_id\": \"12\", \"pretty_name\": \"Debian GNU/Linux 12 (bookworm)\"}, "
			  "\"net_source\": \"/proc/net\", \"interfaces\": null}");
	assert_error(s, NO_BUILD "; " NO_BOOT "; " NO_NET);
	json_decref(s);
}

/* No /proc hostname: /etc/hostname, blanks trimmed; a commented-out
 * PRETTY_NAME is not the one; quotes and escapes undone; no ID: "linux",
 * no VERSION_ID: null (os-release(5)). */
static void test_fallbacks_and_quoting(void **state)
{
	json_t *s = collect_fixture("custom-os");

	assert_members(s, "{\"hostname\": \"box-7\", \"kernel\": \"5.15.0-custom\", "
			  "\"os\": \"Custom \\\"Quoted\\\" $OS 1.0\", \"os_release\": {\"id\": "
			  "\"linux\", \"version_id\": null, \"pretty_name\": \"Custom \\\"Quoted\\\" "
			  "$OS 1.0\"}}");
	json_decref(s);
}

/* No PRETTY_NAME: os-release(5) says "Linux". Missing files are one error
 * naming every path tried; the facts that could be read are kept. No
 * hostname: no FQDN either. */
static void test_missing_files(void **state)
{
	json_t *s = collect_fixture("no-pretty-name");

	da_test_assert_json(s, "{\"os\": \"Linux\", \"os_release\": {\"id\": \"alpine\", \"version_id\": "
		       "null, \"pretty_name\": \"Linux\"}, \"net_source\": \"/proc/net\", "
		       "\"error\": \"hostname: /proc/sys/kernel/hostname: No such file or directory, "
		       "/etc/hostname: No such file or directory; kernel: /proc/sys/kernel/osrelease: "
		       "No such file or directory; " NO_BUILD "; " NO_BOOT "; " NO_NET "\"}");
	json_decref(s);
}

/* A whole host: the FQDN is the canonical name of the first /etc/hosts line
 * naming the hostname (a later line with other case does not count);
 * VERSION_ID given twice has its last value; btime as RFC 3339 UTC; every
 * interface of /sys/class/net (links into /sys/devices, resolved in the
 * root) with its MAC and flags; IPv4 addresses from fib_trie's LOCAL
 * entries placed by the connected route that holds them, 127.0.0.1 on the
 * loopback interface, one without a route unattributed; IPv6 from
 * if_inet6 with scope names; all from /proc/1/net. */
static void test_host_net(void **state)
{
	json_t *s = collect_fixture("host-net");

	da_test_assert_json(s, "{\"hostname\": \"web-01\", \"fqdn\": \"web-01.example.org\", "
		       "\"fqdn_source\": \"/etc/hosts\", \"kernel\": \"6.1.0-18-amd64\", "
		       "\"kernel_build\": \"#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\", "
		       "\"os\": \"Debian GNU/Linux 12 (bookworm)\", \"os_release\": {\"id\": "
		       "\"debian\", \"version_id\": \"12\", \"pretty_name\": \"Debian GNU/Linux 12 "
		       "(bookworm)\"}, \"boot_time\": \"2023-11-14T22:13:20Z\", "
		       "\"net_source\": \"/proc/1/net\", "
		       "\"ipv4_unattributed\": [{\"address\": \"198.51.100.7\", \"prefix_len\": 32}], "
		       "\"interfaces\": ["
		       "{\"name\": \"docker0\", \"mac\": \"02:42:42:5a:6b:7c\", \"up\": false, "
		       "\"loopback\": false, \"ipv4\": [{\"address\": \"172.17.0.1\", \"prefix_len\": "
		       "16}], \"ipv6\": [{\"address\": \"fe80::42:42ff:fe5a:6b7c\", \"prefix_len\": "
		       "64, \"scope\": \"link\"}]}, "
		       "{\"name\": \"eth0\", \"mac\": \"52:54:00:12:34:56\", \"up\": true, "
		       "\"loopback\": false, \"ipv4\": [{\"address\": \"10.0.0.5\", \"prefix_len\": "
		       "24}], \"ipv6\": [{\"address\": \"fe80::5054:ff:fe12:3456\", \"prefix_len\": "
		       "64, \"scope\": \"link\"}, {\"address\": \"2001:db8::10\", \"prefix_len\": 64, "
		       "\"scope\": \"global\"}]}, "
		       "{\"name\": \"lo\", \"mac\": \"00:00:00:00:00:00\", \"up\": true, "
		       "\"loopback\": true, \"ipv4\": [{\"address\": \"127.0.0.1\", \"prefix_len\": "
		       "8}], \"ipv6\": [{\"address\": \"::1\", \"prefix_len\": 128, \"scope\": "
		       "\"host\"}]}, "
		       "{\"name\": \"veth1a2b3c\", \"mac\": \"1e:2d:3e:4f:5a:6b\", \"up\": true, "
		       "\"loopback\": false, \"ipv4\": [], \"ipv6\": [{\"address\": "
		       "\"fe80::1c2d:3eff:fe4f:5a6b\", \"prefix_len\": 64, \"scope\": \"link\"}]}]}");
	json_decref(s);
}

/* Links that would lead out of the tree are resolved inside it: an absolute
 * /etc/os-release link reads the fixture's /usr/lib/os-release; /etc/hosts
 * -> ../../../../etc/hosts and /proc/stat -> /proc/stat come back to
 * themselves (ELOOP), so neither the real /etc/hosts nor the real
 * /proc/stat is read: the FQDN is the hostname and boot_time is an error. */
static void test_symlinks_stay_inside(void **state)
{
	json_t *s = collect_fixture("host-symlinks");

	assert_members(s, "{\"hostname\": \"linkhost\", \"fqdn\": \"linkhost\", \"fqdn_source\": "
			  "\"hostname\", \"os\": \"Fixture OS inside the root\", \"boot_time\": "
			  "null}");
	assert_error(s, "fqdn: /etc/hosts: Too many levels of symbolic links; kernel: "
			"/proc/sys/kernel/osrelease: " NOENT "; " NO_BUILD "; boot_time: /proc/stat: "
			"Too many levels of symbolic links; " NO_NET);
	json_decref(s);
}

/* An empty root; a hostname that is not UTF-8; an os-release over the cap. */
static void test_bad_files(void **state)
{
	char tmpl[] = "/tmp/da-host-XXXXXX";
	char *big;
	json_t *s;

	assert_non_null(mkdtemp(tmpl));
	s = collect_dir(tmpl);
	da_test_assert_json(s, "{\"net_source\": \"/proc/net\", \"error\": \"hostname: "
		       "/proc/sys/kernel/hostname: No such file or directory, /etc/hostname: No "
		       "such file or directory; kernel: /proc/sys/kernel/osrelease: No such file or "
		       "directory; " NO_BUILD "; os: /etc/os-release: No such file or directory, "
		       "/usr/lib/os-release: No such file or directory; " NO_BOOT "; " NO_NET "\"}");
	json_decref(s);
	da_test_mkdirs(tmpl, "etc");
	da_test_put_file(tmpl, "etc/hostname", "h\xffst\n", 5);
	big = da_xmalloc(65537);
	memset(big, '#', 65537);
	da_test_put_file(tmpl, "etc/os-release", big, 65537);
	free(big);
	s = collect_dir(tmpl);
	assert_string_equal(json_string_value(json_object_get(s, "hostname")), "h\\xffst");
	assert_string_equal(json_string_value(json_object_get(s, "fqdn")), "h\\xffst");
	assert_error(s, "kernel: /proc/sys/kernel/osrelease: No such file or directory; " NO_BUILD
			"; os: /etc/os-release: file too large, /usr/lib/os-release: No such file or "
			"directory; " NO_BOOT "; " NO_NET);
	json_decref(s);
	da_test_remove_tree(tmpl);
}

/* Hostile /proc and /sys files: malformed if_inet6 lines (short address,
 * not hex, prefix over 128, a name with a slash that is never used as a
 * path), a malformed route line, a gateway route that places nothing, an
 * empty MAC (null) and flags that are not a number (up/loopback absent), a
 * btime that is not a number, a hosts file over 16 MiB. Without /proc/1/net
 * the files come from /proc/net. */
static void test_hostile_net(void **state)
{
	char tmpl[] = "/tmp/da-host-XXXXXX";
	char *big;
	json_t *s, *ifs;

	assert_non_null(mkdtemp(tmpl));
	da_test_mkdirs(tmpl, "proc/net");
	da_test_mkdirs(tmpl, "proc/sys/kernel");
	da_test_mkdirs(tmpl, "sys/class/net/eth0");
	da_test_mkdirs(tmpl, "etc");
	da_test_puts_file(tmpl, "proc/sys/kernel/hostname", "h1\n");
	da_test_puts_file(tmpl, "proc/stat", "cpu 1 2 3\nbtime soon\n");
	da_test_puts_file(tmpl, "proc/net/if_inet6",
		  "fe80 02 40 20 80 eth0\n"
		  "zz800000000000000000000000000001 02 40 20 80 eth0\n"
		  "20010db8000000000000000000000001 02 81 00 80 eth0\n"
		  "20010db8000000000000000000000002 02 40 00 80 ../../etc\n"
		  "\n"
		  "20010db8000000000000000000000003 02 40 00 80 eth0\n");
	da_test_puts_file(tmpl, "proc/net/route",
		  "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
		  "eth0\t0000000A\n"
		  "eth0\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\n"
		  "eth0\t0000000A\t00000000\t0001\t0\t0\t0\t0000FFFF\n");
	da_test_puts_file(tmpl, "proc/net/fib_trie",
		  "Main:\n  |-- 10.0.3.4\n     /32 host LOCAL\n  |-- not-an-address\n"
		  "     /32 host LOCAL\n  |-- 192.0.2.9\n     /24 link UNICAST\n");
	da_test_puts_file(tmpl, "sys/class/net/eth0/address", "\n");
	da_test_puts_file(tmpl, "sys/class/net/eth0/flags", "up\n");
	big = da_xmalloc((16u << 20) + 1);
	memset(big, '#', (16u << 20) + 1);
	da_test_put_file(tmpl, "etc/hosts", big, (16u << 20) + 1);
	free(big);
	s = collect_dir(tmpl);
	assert_members(s, "{\"hostname\": \"h1\", \"fqdn\": \"h1\", \"fqdn_source\": \"hostname\", "
			  "\"net_source\": \"/proc/net\", \"boot_time\": null, "
			  "\"ipv4_unattributed\": null, "
			  "\"interfaces\": [{\"name\": \"eth0\", \"mac\": null, \"error\": "
			  "\"/sys/class/net/eth0/flags: not a number\", \"ipv4\": "
			  "[{\"address\": \"10.0.3.4\", \"prefix_len\": 16}], \"ipv6\": "
			  "[{\"address\": \"2001:db8::3\", \"prefix_len\": 64, \"scope\": "
			  "\"global\"}]}]}");
	assert_error(s, "fqdn: /etc/hosts: file too large; kernel: /proc/sys/kernel/osrelease: " NOENT
			"; " NO_BUILD "; os: /etc/os-release: " NOENT ", /usr/lib/os-release: " NOENT
			"; boot_time: /proc/stat: no valid btime line; interfaces: /proc/net/if_inet6: "
			"3 malformed lines, /proc/net/route: 1 malformed line");
	json_decref(s);

	/* No if_inet6: a kernel without IPv6, not an error; the IPv6 lists
	 * are empty. No fib_trie: the IPv4 lists are absent, as the error
	 * says why. */
	big = da_xasprintf("%s/proc/net/if_inet6", tmpl);
	assert_int_equal(unlink(big), 0);
	free(big);
	big = da_xasprintf("%s/proc/net/fib_trie", tmpl);
	assert_int_equal(unlink(big), 0);
	free(big);
	s = collect_dir(tmpl);
	ifs = json_object_get(s, "interfaces");
	da_test_assert_json(json_array_get(ifs, 0), "{\"name\": \"eth0\", \"mac\": null, \"ipv6\": [], "
					    "\"error\": \"/sys/class/net/eth0/flags: not a number\"}");
	assert_non_null(strstr(json_string_value(json_object_get(s, "error")),
			       "; interfaces: /proc/net/route: 1 malformed line, /proc/net/fib_trie: "
			       "No such file or directory"));
	json_decref(s);
	da_test_remove_tree(tmpl);
}

/* The live host, through "/": whatever it is, the members are there and
 * the interfaces include a loopback one. */
static void test_live(void **state)
{
	json_t *s = collect_dir("/"), *ifs, *i;
	size_t k;
	bool lo = false;

	assert_true(json_is_string(json_object_get(s, "hostname")));
	assert_true(json_is_string(json_object_get(s, "boot_time")));
	ifs = json_object_get(s, "interfaces");
	json_array_foreach(ifs, k, i)
		lo = lo || json_is_true(json_object_get(i, "loopback"));
	assert_true(lo);
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_fallbacks_and_quoting),
		cmocka_unit_test(test_missing_files),
		cmocka_unit_test(test_host_net),
		cmocka_unit_test(test_symlinks_stay_inside),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_hostile_net),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
