#!/bin/sh
# The shipped daemon rules (CIS Docker Benchmark section 2 and the Engine API
# exposure rule) on frozen fact documents under tests/fixtures/facts/daemon/:
# each rule's exact result for the daemon subject.
#   good.json         every setting as the rules want it; rootless (so userns
#                     remapping does not apply); TCP with tlsverify; no drift
#   bad.json          every setting wrong; TCP with TLS but no client verification; aufs;
#                     daemon.json sets live-restore the running daemon does not have
#   unix-only.json    unix socket only (TCP rules not applicable), swarm active
#                     (live restore not applicable), devicemapper, loopback-only
#                     insecure registries, log driver local
#   reached-tcp.json  as unix-only, but dockaudit reached the Engine API over TCP
. "$top_srcdir/tests/cli/lib.sh"

R="$DA_TMP/results.json"
D="$FACTS/daemon"

# check_matrix RESULTS: reads "rule subject result" lines on stdin.
check_matrix() {
	while read -r rule subject result; do
		[ -n "$rule" ] || continue
		$EXPECT "$1" "$rule" "$subject" "$result" || DA_FAILS=$((DA_FAILS + 1))
	done
}
expect_msg() {
	$EXPECT "$R" "$1" dockerd "$2" --message-contains "$3" || DA_FAILS=$((DA_FAILS + 1))
}

da_run eval --json "$R" "$D/good.json"
[ -s "$R" ] || da_fail "good.json: no results"
check_matrix "$R" <<'MATRIX'
daemon_rootless dockerd pass
daemon_icc dockerd pass
daemon_log_level dockerd pass
daemon_iptables dockerd pass
daemon_insecure_registries dockerd pass
daemon_no_aufs dockerd pass
daemon_tls_auth dockerd pass
daemon_tcp_without_tls_verify dockerd pass
daemon_default_ulimit - notchecked
daemon_userns_remap dockerd notapplicable
daemon_cgroup_parent dockerd pass
daemon_base_device_size dockerd pass
daemon_authorization_plugin dockerd pass
daemon_remote_logging dockerd pass
daemon_no_new_privileges dockerd pass
daemon_live_restore dockerd pass
daemon_userland_proxy_disabled dockerd pass
daemon_seccomp_profile dockerd pass
daemon_experimental_off dockerd pass
daemon_no_devicemapper dockerd pass
daemon_config_drift - notapplicable
MATRIX
$EXPECT "$R" daemon_default_ulimit - notchecked --message-contains "nofile and nproc" ||
	DA_FAILS=$((DA_FAILS + 1))
expect_msg daemon_userns_remap notapplicable /engine/rootless

da_run eval --json "$R" "$D/bad.json"
expect_rc 2 "bad.json: rules fail"
check_matrix "$R" <<'MATRIX'
daemon_rootless dockerd fail
daemon_icc dockerd fail
daemon_log_level dockerd fail
daemon_iptables dockerd fail
daemon_insecure_registries dockerd fail
daemon_no_aufs dockerd fail
daemon_tls_auth dockerd fail
daemon_tcp_without_tls_verify dockerd fail
daemon_default_ulimit - notchecked
daemon_userns_remap dockerd fail
daemon_cgroup_parent dockerd fail
daemon_base_device_size dockerd fail
daemon_authorization_plugin dockerd fail
daemon_remote_logging dockerd fail
daemon_no_new_privileges dockerd fail
daemon_live_restore dockerd fail
daemon_userland_proxy_disabled dockerd fail
daemon_seccomp_profile dockerd fail
daemon_experimental_off dockerd fail
daemon_no_devicemapper dockerd pass
daemon_config_drift live-restore fail
MATRIX
$EXPECT "$R" daemon_config_drift live-restore fail --message-contains \
	"daemon.json sets live-restore true; the running daemon has false" || DA_FAILS=$((DA_FAILS + 1))
# 127.0.0.1:5000 is tolerated; the real registry is the finding.
expect_msg daemon_insecure_registries fail registry.example.com:5000
expect_msg daemon_cgroup_parent fail /shared.slice
expect_msg daemon_base_device_size fail 50G
expect_msg daemon_seccomp_profile fail unconfined

da_run eval --json "$R" "$D/unix-only.json"
expect_rc 2 "unix-only.json: rules fail"
check_matrix "$R" <<'MATRIX'
daemon_rootless dockerd fail
daemon_insecure_registries dockerd pass
daemon_no_aufs dockerd pass
daemon_tls_auth dockerd notapplicable
daemon_tls_auth - notapplicable
daemon_tcp_without_tls_verify dockerd notapplicable
daemon_tcp_without_tls_verify - notapplicable
daemon_cgroup_parent dockerd pass
daemon_remote_logging dockerd fail
daemon_live_restore dockerd notapplicable
daemon_live_restore - notapplicable
daemon_seccomp_profile dockerd pass
daemon_no_devicemapper dockerd fail
MATRIX
expect_msg daemon_remote_logging fail local
expect_msg daemon_no_devicemapper fail devicemapper

da_run eval --json "$R" "$D/reached-tcp.json"
expect_rc 2 "reached-tcp.json: rules fail"
check_matrix "$R" <<'MATRIX'
daemon_tls_auth dockerd notapplicable
daemon_tcp_without_tls_verify dockerd fail
daemon_live_restore dockerd pass
MATRIX

# A seccomp profile that is not unconfined is not enough when /info shows no
# seccomp at all (a kernel without it); a site's confirmed cgroup parent passes
# once a tailoring lists it.
python3 - "$D/good.json" "$DA_TMP/variant.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
f["daemon"]["info"]["SecurityOptions"] = ["name=apparmor"]
f["daemon"]["settings"]["cgroup-parent"] = {"value": "/docker.slice", "source": "config"}
json.dump(f, open(sys.argv[2], "w"))
PY
cat >"$DA_TMP/tailoring.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.dockaudit_tailoring_daemon_test">
	<benchmark href="dockaudit-docker-xccdf.xml" id="xccdf_org.dockaudit_benchmark_docker"/>
	<version time="2026-01-01T00:00:00">1</version>
	<Profile id="xccdf_org.dockaudit_profile_daemon_test">
		<title>Daemon test</title>
		<description>Confirms /docker.slice as the cgroup parent.</description>
		<set-value idref="xccdf_org.dockaudit_value_daemon_cgroup_parents">/docker.slice</set-value>
	</Profile>
</Tailoring>
XML
da_run eval --json "$R" "$DA_TMP/variant.json"
check_matrix "$R" <<'MATRIX'
daemon_seccomp_profile dockerd fail
daemon_cgroup_parent dockerd fail
MATRIX
da_run eval --tailoring "$DA_TMP/tailoring.xml" --profile daemon_test --json "$R" "$DA_TMP/variant.json"
[ -s "$R" ] || da_fail "tailored eval: no results"
check_matrix "$R" <<'MATRIX'
daemon_cgroup_parent dockerd pass
MATRIX

# userns remapping is judged by whether the running daemon does it (/info
# SecurityOptions name=userns), not by the file; a daemon that is not
# rootless must do it.
for on in true false; do
	python3 - "$D/good.json" "$DA_TMP/userns.json" "$on" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
f["daemon"]["engine"]["rootless"] = False
f["daemon"]["settings"]["userns-remap"] = {"value": "default", "source": "config",
                                           "in_effect": sys.argv[3] == "true",
                                           "in_effect_source": "api"}
json.dump(f, open(sys.argv[2], "w"))
PY
	da_run eval --json "$R" "$DA_TMP/userns.json"
	if [ "$on" = true ]; then want=pass; else want=fail; fi
	$EXPECT "$R" daemon_userns_remap dockerd "$want" || DA_FAILS=$((DA_FAILS + 1))
done

# A daemon that could not be reached: settings rules are errors, not passes.
da_run eval --json "$R" "$FACTS/daemon-down.json"
check_matrix "$R" <<'MATRIX'
daemon_iptables dockerd error
daemon_no_aufs dockerd error
daemon_tcp_without_tls_verify dockerd error
MATRIX

da_done
