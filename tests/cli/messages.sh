#!/bin/sh
# Findings in plain words on frozen facts: the exact sentence of a few
# rules (a container without a PIDs limit, a debug-level daemon, sensitive
# mounts, added capabilities), the raw evidence and fix text beside it in
# JSON and with -v/-vv, both read back from JSON and ARF; and a rule's CIS
# number is its v1.6.0 one.
. "$top_srcdir/tests/cli/lib.sh"

C="$FACTS/containers/containers.json"
D="$FACTS/daemon-misconfigured.json"
R="$DA_TMP/r.json"

# expect_text RULE SUBJECT RESULT SENTENCE: the instance's message is SENTENCE.
expect_text() {
	$EXPECT "$R" "$1" "$2" "$3" --message-is "$4" || da_fail "$1 $2: wrong sentence"
}

da_run eval --profile all --json "$R" "$C"
expect_rc 2 "containers: some rules fail"
expect_text container_pids_limit c-bad fail "c-bad has no PIDs limit (HostConfig.PidsLimit 0)"
expect_text container_sensitive_host_dirs c-bad fail \
	"c-bad mounts host /etc at /host/etc (read-only; sensitive directory /etc; given as /etc); c-bad mounts host /var/run/docker.sock at /var/run/docker.sock (read-write; sensitive directory /var/run; given as /var/run/docker.sock)"
expect_text container_added_capabilities c-ssh fail \
	"c-ssh can gain capabilities beyond the allowed set: CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH, CAP_NET_ADMIN, CAP_SYS_RAWIO (bounding set, from its running process)"
expect_text container_cap_sys_admin c-ssh fail "c-ssh can gain CAP_SYS_ADMIN (bounding set, from its running process)"
expect_text container_privileged_ports c-bad fail \
	"c-bad publishes host port 22, below 1024, for container port 22/tcp; c-bad publishes host port 443, below 1024, for container port 443/tcp"
# A passing subject keeps its evidence as its message.
expect_text container_pids_limit c-good pass \
	"/inspect/HostConfig/PidsLimit is 200 and /inspect/HostConfig/PidsLimit is 200"
python3 - "$R" <<'PY' || da_fail "JSON: evidence or fix text missing"
import json, sys
d = json.load(open(sys.argv[1]))
rule = next(r for r in d["rules"] if r["id"].endswith("_rule_container_pids_limit"))
assert rule["fix"].startswith("Start the container with --pids-limit"), rule["fix"]
inst = next(i for i in rule["instances"] if i["subject"]["name"] == "c-bad")
assert inst["evidence"] == "/inspect/HostConfig/PidsLimit is 0; expected greater-than 0", inst
for r in d["rules"]:
    for i in r["instances"]:
        assert "evidence" in i, (r["id"], i)
PY

# JSON and ARF read back carry the sentence and the evidence unchanged.
da_run eval --profile all --json "$DA_TMP/a.json" --arf "$DA_TMP/a.xml" "$C"
da_run report --json "$DA_TMP/j2.json" "$DA_TMP/a.json"
expect_rc 0 "report JSON -> JSON"
cmp -s "$DA_TMP/a.json" "$DA_TMP/j2.json" || da_fail "JSON read back is not byte-identical"
da_run report --json "$DA_TMP/j3.json" "$DA_TMP/a.xml"
expect_rc 0 "report ARF -> JSON"
python3 - "$DA_TMP/a.json" "$DA_TMP/j3.json" <<'PY' || da_fail "ARF read back lost a message or evidence"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def msgs(d):
    return sorted((r["id"], i["subject"]["name"], i["message"], i["evidence"])
                  for r in d["rules"] for i in r["instances"])
assert msgs(a) == msgs(b), [x for x in zip(msgs(a), msgs(b)) if x[0] != x[1]][:3]
PY

# The daemon: where the value came from.
da_run eval --profile all --json "$R" "$D"
expect_text daemon_log_level dockerd fail "dockerd logs at debug level (command line: log-level=debug)"
expect_text daemon_icc dockerd fail "dockerd lets containers on the default bridge reach each other (default: icc=true)"

# Terminal: the sentence; -v adds the fix text, -vv the evidence too.
da_run eval --profile all "$C"
expect_out "container c-bad: c-bad has no PIDs limit (HostConfig.PidsLimit 0)" "terminal sentence"
grep -q '^ *fix: ' "$DA_TMP/out" && da_fail "fix text without -v"
grep -q '^ *evidence: ' "$DA_TMP/out" && da_fail "evidence without -vv"
da_run eval --profile all -v "$C"
expect_out "fix: Start the container with --pids-limit" "-v: fix text"
grep -q '^ *evidence: ' "$DA_TMP/out" && da_fail "evidence with a single -v"
da_run eval --profile all -vv "$C"
expect_out "evidence: /inspect/HostConfig/PidsLimit is 0; expected greater-than 0" "-vv: evidence"
da_run eval --profile all -v -v "$C"
expect_out "evidence: /inspect/HostConfig/PidsLimit is 0; expected greater-than 0" "-v -v: evidence"

# CIS numbers are v1.6.0's, whatever the order of the references.
da_run rules
expect_out "$(printf 'xccdf_org.dockaudit_rule_daemon_tls_auth\t2.7\t')" "rules: 2.7 is TLS authentication"
expect_out "$(printf 'xccdf_org.dockaudit_rule_daemon_no_devicemapper\t-\t')" \
	"rules: devicemapper has no v1.6.0 number"
sed 's|<reference href="https://www.cisecurity.org/benchmark/docker">CIS Docker Benchmark v1.6.0: 2.7</reference>|<reference href="https://www.cisecurity.org/benchmark/docker">CIS Docker Benchmark v1.8.0: 2.8</reference>&|' \
	"$top_srcdir/benchmarks/groups/daemon.xml" >"$DA_TMP/daemon.xml"
grep -q 'v1.8.0: 2.8</reference><reference' "$DA_TMP/daemon.xml" || da_fail "could not reorder the references"
mkdir -p "$DA_TMP/b/benchmarks/groups" "$DA_TMP/b/profiles"
cp "$top_srcdir"/benchmarks/*.xml "$top_srcdir"/benchmarks/*.xsd "$DA_TMP/b/benchmarks/"
cp "$top_srcdir"/benchmarks/groups/*.xml "$DA_TMP/b/benchmarks/groups/"
cp "$top_srcdir"/profiles/*.xml "$DA_TMP/b/profiles/"
cp "$DA_TMP/daemon.xml" "$DA_TMP/b/benchmarks/groups/daemon.xml"
da_run rules --benchmark "$DA_TMP/b/benchmarks/dockaudit-docker-xccdf.xml"
expect_rc 0 "rules of the reordered content"
expect_out "$(printf 'xccdf_org.dockaudit_rule_daemon_tls_auth\t2.7\t')" "a v1.8.0 reference first changes nothing"
da_run eval --benchmark "$DA_TMP/b/benchmarks/dockaudit-docker-xccdf.xml" --profile all --json "$R" "$D"
python3 - "$R" <<'PY' || da_fail "JSON cis numbers are not v1.6.0's"
import json, sys
d = json.load(open(sys.argv[1]))
cis = {r["id"].split("_rule_")[1]: r["cis"] for r in d["rules"]}
assert cis["daemon_tls_auth"] == "2.7", cis["daemon_tls_auth"]
assert cis["daemon_no_devicemapper"] is None, cis["daemon_no_devicemapper"]
PY

da_done
