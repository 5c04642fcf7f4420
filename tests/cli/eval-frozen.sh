#!/bin/sh
# Every rule of the benchmark on frozen fact documents: for each rule and
# each subject the exact result, and exit codes. mixed-containers.json holds
# one container per misconfiguration and a well-configured one;
# daemon-misconfigured.json flips every daemon and file rule; daemon-down.json
# is a host whose daemon could not be reached.
. "$top_srcdir/tests/cli/lib.sh"

R="$DA_TMP/results.json"
# The frozen first slice of rules: this script tests the command line, so its
# counts must not move when the shipped content grows (tests/cli/rules-*.sh
# test the shipped rules).
SLICE="$top_srcdir/tests/fixtures/content/slice/slice-xccdf.xml"

# check_matrix RESULTS: reads "rule subject result" lines on stdin.
check_matrix() {
	while read -r rule subject result; do
		[ -n "$rule" ] || continue
		$EXPECT "$1" "$rule" "$subject" "$result" || DA_FAILS=$((DA_FAILS + 1))
	done
}

da_run eval --benchmark "$SLICE" --json "$R" "$FACTS/mixed-containers.json"
expect_rc 2 "mixed containers: some rules fail"
check_matrix "$R" <<'MATRIX'
container_privileged c-priv fail
container_privileged c-caps pass
container_privileged c-hostns pass
container_privileged c-sock pass
container_privileged c-good pass
container_privileged c-stopped pass
container_added_capabilities c-priv fail
container_added_capabilities c-caps fail
container_added_capabilities c-hostns pass
container_added_capabilities c-sock pass
container_added_capabilities c-good pass
container_added_capabilities c-stopped fail
container_host_network c-priv pass
container_host_network c-hostns fail
container_host_network c-good pass
container_host_pid c-hostns fail
container_host_pid c-caps pass
container_host_ipc c-hostns fail
container_host_ipc c-sock pass
container_docker_socket c-sock fail
container_docker_socket c-priv pass
container_docker_socket c-good pass
container_memory_limit c-priv fail
container_memory_limit c-good pass
container_memory_limit c-stopped fail
container_readonly_rootfs c-hostns fail
container_readonly_rootfs c-good pass
daemon_icc dockerd pass
daemon_log_level dockerd pass
daemon_userns_remap dockerd fail
daemon_json_owner /etc/docker/daemon.json pass
daemon_json_mode /etc/docker/daemon.json pass
container_privileged - fail
daemon_icc - pass
MATRIX
$EXPECT "$R" container_added_capabilities c-caps fail \
	--message-contains "/caps/effective has CAP_NET_ADMIN, CAP_SYS_ADMIN, which are not in the list; expected subset-of the value xccdf_org.dockaudit_value_container_caps_allowed" ||
	DA_FAILS=$((DA_FAILS + 1))
$EXPECT "$R" container_docker_socket c-sock fail --message-contains /tmp/x/docker.sock ||
	DA_FAILS=$((DA_FAILS + 1))

da_run eval --benchmark "$SLICE" --json "$R" "$FACTS/daemon-misconfigured.json"
expect_rc 2 "misconfigured daemon"
check_matrix "$R" <<'MATRIX'
daemon_icc dockerd fail
daemon_log_level dockerd fail
daemon_userns_remap dockerd pass
daemon_json_owner /etc/docker/daemon.json fail
daemon_json_mode /etc/docker/daemon.json fail
MATRIX
$EXPECT "$R" daemon_json_mode /etc/docker/daemon.json fail --message-contains 0666 ||
	DA_FAILS=$((DA_FAILS + 1))
$EXPECT "$R" daemon_log_level dockerd fail --message-contains debug ||
	DA_FAILS=$((DA_FAILS + 1))

da_run eval --benchmark "$SLICE" --json "$R" "$FACTS/daemon-down.json"
expect_rc 2 "daemon down"
check_matrix "$R" <<'MATRIX'
daemon_icc dockerd error
daemon_log_level dockerd error
daemon_userns_remap dockerd error
container_privileged - error
container_memory_limit - error
daemon_json_mode /etc/docker/daemon.json pass
MATRIX
$EXPECT "$R" daemon_icc dockerd error --message-contains "/etc/docker/daemon.json:3:5" ||
	DA_FAILS=$((DA_FAILS + 1))
$EXPECT "$R" container_privileged - error --message-contains "cannot connect" ||
	DA_FAILS=$((DA_FAILS + 1))

# The baseline profile leaves user namespace remapping out.
da_run eval --benchmark "$SLICE" --profile baseline --json "$R" "$FACTS/mixed-containers.json"
expect_rc 2 "baseline profile"
$EXPECT "$R" daemon_userns_remap - notselected || DA_FAILS=$((DA_FAILS + 1))

# A profile where everything passes exits 0: evaluate only the good container
# by filtering the fact document down to it.
python3 - "$FACTS/mixed-containers.json" "$DA_TMP/good.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
f["containers"]["items"] = [c for c in f["containers"]["items"] if c["name"] == "c-good"]
f["containers"]["count"] = 1
f["daemon"]["settings"]["userns-remap"] = {"value": "default", "source": "config",
                                           "in_effect": True, "in_effect_source": "config"}
json.dump(f, open(sys.argv[2], "w"))
PY
da_run eval --benchmark "$SLICE" "$DA_TMP/good.json"
expect_rc 0 "everything passes"
expect_out "Daemon:    unix:///var/run/docker.sock, Docker 20.10.24, dockerd pid 321" "terminal: the daemon audited"
expect_out "Results:   13 pass (13 rules)" "terminal: counts"

# --fail-on: one low-severity failure (log level debug, CIS 2.3) makes the
# exit code 2 unless the gate is set above low; it is reported either way.
python3 - "$DA_TMP/good.json" "$DA_TMP/low.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
f["daemon"]["settings"]["log-level"] = {"value": "debug", "source": "flag"}
json.dump(f, open(sys.argv[2], "w"))
PY
da_run eval --benchmark "$SLICE" "$DA_TMP/low.json"
expect_rc 2 "a low failure, no gate"
da_run eval --benchmark "$SLICE" --fail-on low "$DA_TMP/low.json"
expect_rc 2 "--fail-on low"
da_run eval --benchmark "$SLICE" --fail-on medium --json "$R" "$DA_TMP/low.json"
expect_rc 0 "--fail-on medium"
$EXPECT "$R" daemon_log_level dockerd fail || DA_FAILS=$((DA_FAILS + 1))
da_run eval --benchmark "$SLICE" --fail-on high "$FACTS/mixed-containers.json"
expect_rc 2 "--fail-on high with a privileged container"
da_run eval --benchmark "$SLICE" --fail-on critical "$DA_TMP/low.json"
expect_rc 1 "--fail-on with a bad severity"
expect_err "--fail-on 'critical' is not low, medium or high" "--fail-on with a bad severity"

# The terminal summary says first why daemon rules could not be evaluated.
da_run eval --benchmark "$SLICE" "$FACTS/daemon-down.json"
expect_out "Daemon:    unix:///var/run/docker.sock: not reachable: cannot connect to unix:///var/run/docker.sock" "terminal: daemon not reachable"

# rules: the default selection and the baseline profile.
da_run rules --benchmark "$SLICE"
expect_rc 0 "rules"
[ "$(wc -l <"$DA_TMP/out")" -eq 13 ] || da_fail "rules: $(wc -l <"$DA_TMP/out") lines, expected 13"
expect_out "$(printf 'xccdf_org.dockaudit_rule_container_privileged\t5.5\thigh\t')" "rules line"
da_run rules --benchmark "$SLICE" --profile baseline
[ "$(wc -l <"$DA_TMP/out")" -eq 12 ] || da_fail "rules --profile baseline: expected 12 lines"
da_run rules --benchmark "$SLICE" --list-profiles
expect_out "xccdf_org.dockaudit_profile_baseline" "list profiles"

# Outputs to stdout leave the terminal summary out; JSON on stdout parses.
da_run eval --benchmark "$SLICE" --json - "$FACTS/mixed-containers.json"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$DA_TMP/out" ||
	da_fail "--json - is not clean JSON on stdout"

da_done
