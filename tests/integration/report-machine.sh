#!/bin/sh
# The machine outputs of one real audit: a container with CAP_SYS_ADMIN
# added and a well-configured one, audited once with --json, --junit and
# --prom. The JSON validates against the shipped schema and names the real
# daemon, containers and the host's addresses as collected; the JUnit file holds the SYS_ADMIN
# failure with its evidence and totals that agree with the JSON; the
# Prometheus file parses with the reference client and has the failing
# rule's series; and it replaced the previous file by rename, never by
# rewriting it in place.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

PY=/usr/bin/python3
$PY -c 'import jsonschema, prometheus_client' 2>/dev/null ||
	da_skip "/usr/bin/python3 lacks jsonschema or prometheus_client (python3-jsonschema, python3-prometheus-client)"
SCHEMA="$top_srcdir/docs/dockaudit-results-1.schema.json"

da_dockerd_start
IMG=da-busybox:machine
da_image_busybox "$IMG"
da_docker run -d --name c-sysadmin --cap-add SYS_ADMIN "$IMG" sleep 3600
da_docker run -d --name c-good --read-only --memory 64m --cap-drop ALL --cap-add CHOWN \
	--security-opt no-new-privileges --user 1000 "$IMG" sleep 3600

J=$DA_TMP/results.json
X=$DA_TMP/results.xml
P=$DA_TMP/dockaudit.prom
echo "old metrics" >"$P"
old_inode=$(stat -c %i "$P")
da_audit_json "$J" --junit "$X" --prom "$P"
expect_rc 2 "audit: some rules fail"
[ "$(stat -c %i "$P")" != "$old_inode" ] || da_fail "the metrics file was rewritten in place, not replaced"
grep -q '^old metrics' "$P" && da_fail "the metrics file still holds the old content"
for f in "$DA_TMP"/*.tmp.*; do
	[ -e "$f" ] && da_fail "a temporary file was left: $f"
done

# Same cases as the unit tests, on the real thing.
expect "$J" container_cap_sys_admin c-sysadmin fail --message-contains CAP_SYS_ADMIN
expect "$J" container_cap_sys_admin c-good pass

# The facts of the same host, for what the JSON summarises from them.
F=$DA_TMP/facts.json
da_dockaudit collect --docker-host "$DOCKER_HOST" -o "$F"
expect_rc 0 "collect"
DOCKERD_VERSION=$("$DA_DOCKER" version -f '{{.Server.Version}}') || da_fatal "docker version failed"
$PY - "$SCHEMA" "$J" "$DOCKER_HOST" "$DOCKERD_VERSION" "$F" <<'PY' || da_fail "the JSON of the audit"
import json, sys, jsonschema
schema_path, path, docker_host, version, facts_path = sys.argv[1:6]
facts = json.load(open(facts_path))
schema = json.load(open(schema_path))
doc = json.load(open(path))
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
for e in errors[:5]:
    print("FAIL: %s at /%s" % (e.message, "/".join(map(str, e.absolute_path))))
assert not errors
d = doc["daemon"]
assert d["host"] == docker_host, d
assert d["version"] == version, d
assert d["api_version"] and d["error"] is None, d
assert doc["containers"] == 2, doc["containers"]
# the addresses: those of every interface but loopback, each once, in order
want = {"ipv4": [], "ipv6": [], "mac": []}
for iface in facts["host"].get("interfaces", []):
    if iface.get("loopback"):
        continue
    for fam in ("ipv4", "ipv6"):
        for x in iface.get(fam) or []:
            addr = x["address"]
            if not addr.startswith("127.") and addr != "::1" and addr not in want[fam]:
                want[fam].append(addr)
    mac = iface.get("mac")
    if mac and mac != "00:00:00:00:00:00" and mac not in want["mac"]:
        want["mac"].append(mac)
assert doc["host"]["addresses"] == want, (doc["host"]["addresses"], want)
assert want["ipv4"] or want["ipv6"], "the host has no address but loopback: %s" % want
assert doc["host"]["fqdn"] == facts["host"]["fqdn"], doc["host"]
assert doc["host"]["hostname"] == facts["host"]["hostname"], doc["host"]
rule = [r for r in doc["rules"] if r["id"] == "xccdf_org.dockaudit_rule_container_cap_sys_admin"][0]
assert rule["section"]["id"] == "xccdf_org.dockaudit_group_containers", rule["section"]
assert rule["role"] == "full" and rule["weight"] > 0, rule
PY

$PY "$top_srcdir/tests/integration/junit-totals.py" "$J" "$X" ||
	da_fail "the JUnit totals of the audit disagree with its JSON"
$PY - "$J" "$X" <<'PY' || da_fail "the JUnit XML of the audit"
import json, sys, xml.etree.ElementTree as ET
res = json.load(open(sys.argv[1]))
root = ET.parse(sys.argv[2]).getroot()
case = root.find(".//testcase[@classname='xccdf_org.dockaudit_rule_container_cap_sys_admin']"
                 "[@name='CIS 5.4 Containers do not hold CAP_SYS_ADMIN [c-sysadmin]']")
assert case is not None, "no testcase for c-sysadmin"
f = case.find("failure")
assert f is not None, ET.tostring(case)
assert f.get("type") == "high" and "CAP_SYS_ADMIN" in f.get("message"), f.attrib
assert f.text.startswith("container c-sysadmin ("), f.text
assert "CAP_SYS_ADMIN" in f.text, f.text
good = root.find(".//testcase[@classname='xccdf_org.dockaudit_rule_container_cap_sys_admin']"
                 "[@name='CIS 5.4 Containers do not hold CAP_SYS_ADMIN [c-good]']")
assert good is not None and len(good) == 0, ET.tostring(good)
PY

$PY - "$J" "$P" <<'PY' || da_fail "the Prometheus metrics of the audit"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
res = json.load(open(sys.argv[1]))
fams = {f.name: f for f in text_string_to_metric_families(open(sys.argv[2]).read())}
rules = {s.labels["result"]: s.value for s in fams["dockaudit_rules"].samples}
assert rules == {k: v for k, v in res["summary"].items() if k != "total"}, (rules, res["summary"])
failed = {s.labels["rule"]: s for s in fams["dockaudit_rule_failed"].samples}
assert set(failed) == {r["id"] for r in res["rules"] if r["result"] == "fail"}
s = failed["xccdf_org.dockaudit_rule_container_cap_sys_admin"]
assert s.value == 1 and s.labels["cis"] == "5.4" and s.labels["severity"] == "high", s
assert s.labels["title"] == "Containers do not hold CAP_SYS_ADMIN", s
subjects = {s.labels["rule"]: s.value for s in fams["dockaudit_rule_failed_subjects"].samples}
assert subjects["xccdf_org.dockaudit_rule_container_cap_sys_admin"] == 1, subjects
sev = {(s.labels["severity"], s.labels["result"]): s.value
       for s in fams["dockaudit_rules_by_severity"].samples}
for word in rules:
    assert sum(v for (_, r), v in sev.items() if r == word) == rules[word], word
info = fams["dockaudit_info"].samples[0].labels
assert info["host"] == res["host"]["hostname"] and info["benchmark"] == res["benchmark"]["id"], info
score = {s.labels["model"]: s.value for s in fams["dockaudit_score"].samples}
assert abs(score["default"] - res["scores"]["default"]["score"]) < 1e-6, score
ts = fams["dockaudit_last_run_timestamp_seconds"].samples[0].value
import datetime
end = datetime.datetime.strptime(res["end_time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
assert ts == end.timestamp(), (ts, res["end_time"])
PY

da_done
