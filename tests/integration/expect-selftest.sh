#!/bin/sh
# expect.py is what every integration assertion goes through: check that it
# reports a mismatch (exit 1) for each kind of wrong expectation and holds
# (exit 0) for the right one, so a broken helper cannot turn the dockerd
# tests into tests that always pass. Needs neither root nor docker.
set -u
: "${top_srcdir:?run through make check}"
EXPECT="python3 $top_srcdir/tests/integration/expect.py"
T=$(mktemp -d /tmp/da-expect.XXXXXX)
trap 'rm -rf "$T"' EXIT
FAILS=0

# is CODE ARGS...: expect.py ARGS exits with CODE.
is() {
	want=$1
	shift
	$EXPECT "$@" >"$T/out" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: expect.py $*: exit $got, wanted $want: $(cat "$T/out")"
		FAILS=$((FAILS + 1))
	fi
}

# has TEXT: the last expect.py output contains TEXT.
has() {
	grep -qF -- "$1" "$T/out" || {
		echo "FAIL: output lacks '$1': $(cat "$T/out")"
		FAILS=$((FAILS + 1))
	}
}

cat >"$T/r.json" <<'JSON'
{"format": "dockaudit-results", "format_version": 1, "rules": [
 {"id": "xccdf_org.dockaudit_rule_container_privileged", "result": "fail", "message": null,
  "instances": [
   {"subject": {"kind": "container", "name": "c-priv", "id": "aa"}, "result": "fail",
    "message": "/inspect/HostConfig/Privileged is true; expected equals false"},
   {"subject": {"kind": "container", "name": "c-good", "id": "bb"}, "result": "pass",
    "message": null}]},
 {"id": "xccdf_org.dockaudit_rule_daemon_icc", "result": "error",
  "message": "cannot connect to unix:///run/x.sock", "instances": []},
 {"id": "xccdf_org.dockaudit_rule_daemon_json_mode", "result": "fail", "message": null,
  "instances": [
   {"subject": {"kind": "file", "name": "/etc/docker/daemon.json", "id": null},
    "result": "fail", "message": "/mode is \"0666\"; expected mode-at-most 0644"}]}]}
JSON
cat >"$T/f.json" <<'JSON'
{"daemon": {"reachable": true, "process": {"pid": 4242, "found_by": "socket"},
  "settings": {"icc": {"value": false, "source": "config"}, "a/b~c": {"value": 1}}},
 "host": {"kernel": "6.1", "count": 1},
 "items": [{"name": "first"}, {"name": "second"}]}
JSON
R=$T/r.json
F=$T/f.json

# Rules by full id and by short id; instance and rolled-up results.
is 0 "$R" xccdf_org.dockaudit_rule_container_privileged c-priv fail
is 0 "$R" container_privileged c-good pass
is 1 "$R" container_privileged c-good fail
has "container_privileged c-good: expected fail, got pass"
is 1 "$R" container_privileged c-priv pass
has "Privileged is true"
is 0 "$R" container_privileged - fail
is 1 "$R" container_privileged - pass
is 1 "$R" container_privileged c-missing pass
has "0 instances for subject 'c-missing' (subjects: c-priv, c-good)"
is 2 "$R" container_nonexistent c-priv fail
has "no rule 'container_nonexistent'"
is 2 "$R" privileged c-priv fail
# --message-contains: on the instance, or for "-" on the rule.
is 0 "$R" daemon_json_mode /etc/docker/daemon.json fail --message-contains 0666
is 1 "$R" daemon_json_mode /etc/docker/daemon.json fail --message-contains 0777
has "lacks '0777'"
is 0 "$R" daemon_icc - error --message-contains "cannot connect"
is 1 "$R" daemon_icc - error --message-contains "refused"
is 1 "$R" container_privileged c-good pass --message-contains anything

# Facts: typed values, strings, presence, pointer escapes, array indexes.
is 0 --fact "$F" /daemon/process/pid 4242
is 1 --fact "$F" /daemon/process/pid 4243
has "expected 4243, got 4242"
is 1 --fact "$F" /daemon/process/pid '"4242"'
is 0 --fact "$F" /daemon/settings/icc/value false
is 1 --fact "$F" /daemon/settings/icc/value true
is 1 --fact "$F" /daemon/settings/icc/value 0
is 1 --fact "$F" /host/count true
is 0 --fact "$F" /daemon/settings/icc '{"source": "config", "value": false}'
is 1 --fact "$F" /daemon/settings/icc '{"value": false}'
is 0 --fact "$F" /daemon/process/found_by socket
is 0 --fact "$F" /host/kernel 6.1 --string
is 1 --fact "$F" /host/kernel 6.1
is 0 --fact "$F" /daemon/reachable
is 1 --fact "$F" /daemon/error
has "absent"
is 0 --fact "$F" /daemon/process/found_by --contains sock
is 1 --fact "$F" /daemon/process/found_by --contains peer
is 0 --fact "$F" "/daemon/settings/a~1b~0c/value" 1
is 0 --fact "$F" /items/1/name second
is 1 --fact "$F" /items/2/name
is 0 --fact-absent "$F" /daemon/error
is 1 --fact-absent "$F" /daemon/reachable
is 2 --fact "$F" daemon/reachable
is 2 --fact "$T/none.json" /daemon

# Two result documents: the same, and differing in one instance.
is 0 --same-results "$R" "$R"
sed 's/"result": "pass"/"result": "fail"/' "$R" >"$T/r2.json"
is 1 --same-results "$R" "$T/r2.json"
has "container_privileged differs"
printf '{"rules": []}\n' >"$T/empty.json"
is 1 --same-results "$T/empty.json" "$T/empty.json"

if [ "$FAILS" -ne 0 ]; then
	echo "$FAILS check(s) failed"
	exit 1
fi
echo "all checks passed"
