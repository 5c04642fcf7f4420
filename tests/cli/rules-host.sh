#!/bin/sh
# The shipped host rules (CIS Docker Benchmark section 1, and the rule that a
# mandatory access control module confines containers) on frozen fact
# documents under tests/fixtures/facts/host/: each rule's exact result.
#   host-good.json  data root on its own disk, empty docker group, every path
#                   audited on disk and in the kernel (watches, -F path= and
#                   -F dir= rules, /var/run aliases), AppArmor with
#                   docker-default enforcing
#   host-bad.json   data root on a bind mount of /, two untrusted docker group
#                   members, each audit rule wrong in its own way (wrong
#                   permissions, a directory above, a never rule, the exclude
#                   list, the wrong unit file, on disk but not loaded, loaded
#                   but not on disk), docker-default in complain mode
#   host-na.json    no docker group, no Docker files or binaries, no unit
#                   files (or masked), a kernel without SELinux or AppArmor,
#                   no audit rules, and a kernel whose rules could not be
#                   listed
# Variants made here from them: the kernel's rules unreadable (the rules files
# decide), SELinux hosts, a tailoring that trusts the docker group members.
. "$top_srcdir/tests/cli/lib.sh"

R="$DA_TMP/results.json"
D="$FACTS/host"

# check_matrix RESULTS: reads "rule subject result" lines on stdin.
check_matrix() {
	while read -r rule subject result; do
		[ -n "$rule" ] || continue
		$EXPECT "$1" "$rule" "$subject" "$result" || DA_FAILS=$((DA_FAILS + 1))
	done
}
expect_msg() {
	$EXPECT "$R" "$1" "$2" "$3" --message-contains "$4" || DA_FAILS=$((DA_FAILS + 1))
}

rm -f "$R"; da_run eval --json "$R" "$D/host-good.json"
[ -s "$R" ] || da_fail "host-good.json: no results"
check_matrix "$R" <<'MATRIX'
host_data_root_separate_partition /var/lib/docker pass
host_docker_group_trusted docker pass
audit_dockerd /usr/bin/dockerd pass
audit_run_containerd /run/containerd pass
audit_var_lib_docker /var/lib/docker pass
audit_etc_docker /etc/docker pass
audit_docker_service docker.service pass
audit_containerd_sock /run/containerd/containerd.sock pass
audit_docker_socket docker.socket pass
audit_etc_default_docker /etc/default/docker pass
audit_daemon_json /etc/docker/daemon.json pass
audit_containerd_config /etc/containerd/config.toml pass
audit_etc_sysconfig_docker /etc/sysconfig/docker pass
audit_containerd /usr/bin/containerd pass
audit_containerd_shim /usr/bin/containerd-shim pass
audit_containerd_shim_runc_v1 /usr/bin/containerd-shim-runc-v1 pass
audit_containerd_shim_runc_v2 /usr/bin/containerd-shim-runc-v2 pass
audit_runc /usr/bin/runc pass
host_mac_enforcing lsm pass
host_hardened - notchecked
docker_version_current - notchecked
MATRIX
expect_msg docker_version_current - notchecked /daemon/version/Version

rm -f "$R"; da_run eval --json "$R" "$D/host-bad.json"
[ -s "$R" ] || da_fail "host-bad.json: no results"
check_matrix "$R" <<'MATRIX'
host_data_root_separate_partition /var/lib/docker fail
host_docker_group_trusted docker fail
audit_dockerd /usr/bin/dockerd fail
audit_run_containerd /run/containerd fail
audit_var_lib_docker /var/lib/docker fail
audit_etc_docker /etc/docker fail
audit_docker_service docker.service fail
audit_containerd_sock /run/containerd/containerd.sock fail
audit_docker_socket docker.socket fail
audit_etc_default_docker /etc/default/docker fail
audit_daemon_json /etc/docker/daemon.json fail
audit_containerd_config /etc/containerd/config.toml fail
audit_etc_sysconfig_docker /etc/sysconfig/docker notapplicable
audit_containerd /usr/bin/containerd fail
audit_containerd_shim /usr/bin/containerd-shim fail
audit_containerd_shim_runc_v1 /usr/bin/containerd-shim-runc-v1 fail
audit_containerd_shim_runc_v2 /usr/bin/containerd-shim-runc-v2 fail
audit_runc /usr/bin/runc fail
host_mac_enforcing lsm fail
host_hardened - notchecked
docker_version_current - notchecked
MATRIX
expect_msg host_docker_group_trusted docker fail "alice, ci"
expect_msg host_data_root_separate_partition /var/lib/docker fail "/separate_filesystem is false"
expect_msg audit_dockerd /usr/bin/dockerd fail "/audit/targets/dockerd/on_disk/watched is false"
expect_msg audit_containerd_config /etc/containerd/config.toml fail "/audit/loaded/error is absent"
expect_msg host_mac_enforcing lsm fail "docker_default_mode is complain"

rm -f "$R"; da_run eval --json "$R" "$D/host-na.json"
[ -s "$R" ] || da_fail "host-na.json: no results"
# The binaries are not installed: their audit rules do not apply (a watch
# on a path that does not exist audits nothing).
check_matrix "$R" <<'MATRIX'
host_docker_group_trusted docker notapplicable
audit_dockerd /usr/bin/dockerd notapplicable
audit_run_containerd /run/containerd fail
audit_var_lib_docker /var/lib/docker fail
audit_etc_docker /etc/docker notapplicable
audit_docker_service docker.service notapplicable
audit_containerd_sock /run/containerd/containerd.sock notapplicable
audit_docker_socket docker.socket notapplicable
audit_etc_default_docker /etc/default/docker notapplicable
audit_daemon_json /etc/docker/daemon.json notapplicable
audit_containerd_config /etc/containerd/config.toml notapplicable
audit_etc_sysconfig_docker /etc/sysconfig/docker notapplicable
audit_containerd /usr/bin/containerd notapplicable
audit_runc /usr/bin/runc notapplicable
host_mac_enforcing lsm notapplicable
MATRIX

# Variants: the kernel's rules cannot be listed (the rules files decide);
# the data root unknown (daemon down); SELinux hosts.
python3 - "$D" "$DA_TMP" <<'PY'
import json, sys, copy
d, tmp = sys.argv[1], sys.argv[2]
good = json.load(open(d + "/host-good.json"))
bad = json.load(open(d + "/host-bad.json"))

v = copy.deepcopy(good)
v["audit"]["loaded"] = {"error": "not read: the root prefix is not this host"}
v["mounts"]["data_root"] = {"error": "the daemon's /info is not available: cannot connect"}
v["lsm"]["apparmor"] = {"state": "absent", "profiles": [], "docker_default_loaded": False, "docker_default_mode": None}
v["lsm"]["selinux"] = {"state": "enforcing", "policy_version": 33, "mls": False, "config_mode": "enforcing", "policy": "targeted"}
v["daemon"]["settings"]["selinux-enabled"] = {"source": "config", "value": True}
json.dump(v, open(tmp + "/offline-selinux.json", "w"))

# Loaded rules readable but auditing switched off; SELinux enforcing but the
# daemon does not label containers.
v = copy.deepcopy(good)
v["audit"]["loaded"]["status"]["enabled"] = 0
v["lsm"]["apparmor"] = {"state": "absent", "profiles": [], "docker_default_loaded": False, "docker_default_mode": None}
v["lsm"]["selinux"] = {"state": "enforcing", "policy_version": 33, "mls": False, "config_mode": "enforcing", "policy": "targeted"}
json.dump(v, open(tmp + "/audit-off.json", "w"))

# Bad host, kernel rules unreadable: the on-disk-only rules now pass, the
# loaded-only ones still fail. SELinux permissive, no AppArmor.
v = copy.deepcopy(bad)
v["audit"]["loaded"] = {"error": "AUDIT_LIST_RULES: Operation not permitted"}
v["lsm"]["apparmor"] = {"state": "absent", "profiles": [], "docker_default_loaded": False, "docker_default_mode": None}
v["lsm"]["selinux"] = {"state": "permissive", "policy_version": 33, "mls": False, "config_mode": "permissive", "policy": "targeted"}
v["daemon"]["settings"]["selinux-enabled"] = {"source": "config", "value": True}
json.dump(v, open(tmp + "/bad-offline.json", "w"))

# AppArmor built in but switched off, no SELinux: applicable, and failed.
v = copy.deepcopy(good)
v["lsm"]["apparmor"] = {"state": "disabled", "profiles": [], "docker_default_loaded": False, "docker_default_mode": None}
json.dump(v, open(tmp + "/apparmor-off.json", "w"))
PY

rm -f "$R"; da_run eval --json "$R" "$DA_TMP/offline-selinux.json"
check_matrix "$R" <<'MATRIX'
host_data_root_separate_partition - error
audit_dockerd /usr/bin/dockerd pass
audit_etc_docker /etc/docker pass
audit_docker_service docker.service pass
audit_runc /usr/bin/runc pass
host_mac_enforcing lsm pass
MATRIX

rm -f "$R"; da_run eval --json "$R" "$DA_TMP/audit-off.json"
check_matrix "$R" <<'MATRIX'
audit_dockerd /usr/bin/dockerd fail
audit_docker_socket docker.socket fail
host_mac_enforcing lsm fail
MATRIX
expect_msg audit_dockerd /usr/bin/dockerd fail "/audit/loaded/status/enabled is 0"
expect_msg host_mac_enforcing lsm fail "selinux-enabled/value is false"

rm -f "$R"; da_run eval --json "$R" "$DA_TMP/bad-offline.json"
check_matrix "$R" <<'MATRIX'
audit_containerd_config /etc/containerd/config.toml pass
audit_containerd /usr/bin/containerd pass
audit_runc /usr/bin/runc fail
audit_containerd_shim /usr/bin/containerd-shim fail
audit_dockerd /usr/bin/dockerd fail
host_mac_enforcing lsm fail
MATRIX

rm -f "$R"; da_run eval --json "$R" "$DA_TMP/apparmor-off.json"
$EXPECT "$R" host_mac_enforcing lsm fail --message-contains "/lsm/apparmor/state is disabled" ||
	DA_FAILS=$((DA_FAILS + 1))

# A tailoring that trusts the two members passes the docker group rule.
cat >"$DA_TMP/trust.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.dockaudit_tailoring_test_trust">
	<benchmark href="dockaudit-docker-xccdf.xml" id="xccdf_org.dockaudit_benchmark_docker"/>
	<version time="2026-11-25T00:00:00">1</version>
	<Profile id="xccdf_org.dockaudit_profile_test_trust">
		<title>Trusted docker group</title>
		<description>alice and ci may use Docker.</description>
		<set-value idref="xccdf_org.dockaudit_value_docker_group_trusted">alice ci bob</set-value>
	</Profile>
</Tailoring>
XML
rm -f "$R"; da_run eval --tailoring "$DA_TMP/trust.xml" --profile test_trust --json "$R" "$D/host-bad.json"
$EXPECT "$R" host_docker_group_trusted docker pass || DA_FAILS=$((DA_FAILS + 1))

da_done
