#!/bin/sh
# The machine outputs on frozen facts: the JSON validates against the
# shipped schema (and the schema rejects a wrong result word, a missing
# member and an unknown one, so the check can fail), the JUnit and
# Prometheus files parse and agree with the JSON of the same run, and an
# output that cannot be written leaves the previous file as it was.
: "${top_srcdir:?run through make check}"
. "$top_srcdir/tests/cli/lib.sh"

SCHEMA="$top_srcdir/docs/dockaudit-results-1.schema.json"
PY=/usr/bin/python3
if ! $PY -c 'import jsonschema, prometheus_client' 2>/dev/null; then
	[ "${CI:-}" = true ] && { echo "FAIL: /usr/bin/python3 lacks jsonschema or prometheus_client"; exit 1; }
	echo "SKIP: /usr/bin/python3 lacks jsonschema or prometheus_client"
	exit 77
fi

# validate FILE: FILE is valid against the schema (prints why not).
validate() {
	$PY - "$SCHEMA" "$1" <<'PY'
import json, sys, jsonschema
with open(sys.argv[1]) as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
with open(sys.argv[2]) as f:
    doc = json.load(f)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
for e in errors[:5]:
    print("FAIL: %s: %s at /%s" % (sys.argv[2], e.message, "/".join(map(str, e.absolute_path))))
sys.exit(1 if errors else 0)
PY
}

J="$DA_TMP/r.json"
X="$DA_TMP/r.xml"
P="$DA_TMP/r.prom"
SLICE="$top_srcdir/tests/fixtures/content/slice/slice-xccdf.xml"

# The three outputs of one run of the sliced content, and of the full
# content on a host whose daemon was down.
da_run eval --benchmark "$SLICE" --json "$J" --junit "$X" --prom "$P" "$FACTS/mixed-containers.json"
expect_rc 2 "mixed containers: some rules fail"
validate "$J" || da_fail "mixed-containers results do not match the schema"
da_run eval --json "$DA_TMP/down.json" "$FACTS/daemon-down.json"
expect_rc 2 "daemon down: rules error"
validate "$DA_TMP/down.json" || da_fail "daemon-down results do not match the schema"
$PY - "$DA_TMP/down.json" <<'PY' || da_fail "daemon-down: the daemon member"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["daemon"]["error"].startswith("cannot connect to unix:///var/run/docker.sock"), d["daemon"]
assert d["daemon"]["version"] is None, d["daemon"]
PY

# With waivers: the waiver members validate too.
WDIR="$top_srcdir/tests/fixtures/waivers"
DOCKAUDIT_NOW=2026-11-25 da_run eval --benchmark "$WDIR/bench.xml" --waivers "$WDIR/sample.json" \
	--json "$DA_TMP/w.json" --junit "$DA_TMP/w.xml" --prom "$DA_TMP/w.prom" "$WDIR/facts.json"
[ -s "$DA_TMP/w.json" ] || da_fail "waivers: no JSON written (exit $DA_RC)"
validate "$DA_TMP/w.json" || da_fail "results with waivers do not match the schema"

# The schema can fail: a wrong result word, a missing member, an unknown one.
$PY - "$SCHEMA" "$J" <<'PY' || da_fail "the schema accepts a broken document"
import copy, json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
good = json.load(open(sys.argv[2]))
v = jsonschema.Draft202012Validator(schema)
assert v.is_valid(good)
def broken(change):
    d = copy.deepcopy(good)
    change(d)
    return d
cases = {
    "result word": broken(lambda d: d["rules"][0]["instances"][0].update(result="passed")),
    "summary word": broken(lambda d: d["summary"].update(skipped=0)),
    "missing member": broken(lambda d: d["rules"][1].pop("severity")),
    "missing daemon": broken(lambda d: d.pop("daemon")),
    "unknown member": broken(lambda d: d["host"].update(extra="x")),
    "severity": broken(lambda d: d["rules"][0].update(severity="critical")),
    "format version": broken(lambda d: d.update(format_version=2)),
}
bad = [name for name, doc in cases.items() if v.is_valid(doc)]
if bad:
    print("FAIL: the schema accepts: " + ", ".join(bad))
    sys.exit(1)
PY

# JUnit and Prometheus agree with the JSON of the same run.
$PY "$top_srcdir/tests/integration/junit-totals.py" "$J" "$X" ||
	da_fail "the JUnit totals disagree with the JSON"
$PY - "$J" "$X" "$P" <<'PY' || da_fail "JUnit or Prometheus output disagrees with the JSON"
import json, sys, xml.etree.ElementTree as ET
from prometheus_client.parser import text_string_to_metric_families
res = json.load(open(sys.argv[1]))
root = ET.parse(sys.argv[2]).getroot()
assert root.tag == "testsuites", root.tag
case = root.find(".//testcase[@classname='xccdf_org.dockaudit_rule_container_privileged']"
                 "[@name='CIS 5.5 Containers do not run privileged [c-priv]']")
assert case is not None
f = case.find("failure")
assert f is not None and f.get("type") == "high", ET.tostring(case)
assert "/inspect/HostConfig/Privileged is true; expected equals false" in f.text, f.text

fams = {f.name: f for f in text_string_to_metric_families(open(sys.argv[3]).read())}
rules = {s.labels["result"]: s.value for s in fams["dockaudit_rules"].samples}
for word, n in res["summary"].items():
    if word != "total":
        assert rules[word] == n, (word, rules[word], n)
failed = {s.labels["rule"]: s for s in fams["dockaudit_rule_failed"].samples}
assert set(failed) == {r["id"] for r in res["rules"] if r["result"] == "fail"}
s = failed["xccdf_org.dockaudit_rule_container_privileged"]
assert s.labels["cis"] == "5.5" and s.labels["severity"] == "high" and s.value == 1, s
subjects = {s.labels["rule"]: s.value for s in fams["dockaudit_rule_failed_subjects"].samples}
assert subjects["xccdf_org.dockaudit_rule_container_memory_limit"] == 5, subjects
score = {s.labels["model"]: s.value for s in fams["dockaudit_score"].samples}
assert abs(score["default"] - res["scores"]["default"]["score"]) < 1e-6
PY

# Waived failures in JUnit and Prometheus.
$PY - "$DA_TMP/w.json" "$DA_TMP/w.xml" "$DA_TMP/w.prom" <<'PY' || da_fail "waivers in JUnit or Prometheus"
import json, sys, xml.etree.ElementTree as ET
from prometheus_client.parser import text_string_to_metric_families
res = json.load(open(sys.argv[1]))
root = ET.parse(sys.argv[2]).getroot()
outs = [c for c in root.iter("testcase") if c.find("system-out") is not None]
assert len(outs) == res["waivers"]["waived_instances"] >= 1, (len(outs), res["waivers"])
assert all(c.find("failure") is None for c in outs)
assert "approved by J. Doe, security team until 2027-03-31" in outs[0].find("system-out").text
fams = {f.name: f for f in text_string_to_metric_families(open(sys.argv[3]).read())}
assert fams["dockaudit_waived"].samples[0].value == res["waivers"]["waived_instances"]
assert fams["dockaudit_waivers_expired"].samples[0].value == len(res["expired_waivers"])
PY

# To stdout, each format alone.
da_run eval --benchmark "$SLICE" --prom - "$FACTS/mixed-containers.json"
expect_rc 2 "--prom -"
expect_out 'dockaudit_rules{result="fail"} 9' "--prom - prints the metrics"
da_run eval --benchmark "$SLICE" --junit - "$FACTS/mixed-containers.json"
expect_rc 2 "--junit -"
expect_out '<testsuites name=' "--junit - prints the XML"

# An output that cannot be written: exit 1, the path and the reason named,
# the previous file untouched and no temporary file left behind.
if [ "$(id -u)" != 0 ]; then
	mkdir "$DA_TMP/ro"
	echo "old metrics" >"$DA_TMP/ro/dockaudit.prom"
	chmod 0555 "$DA_TMP/ro"
	da_run eval --benchmark "$SLICE" --prom "$DA_TMP/ro/dockaudit.prom" "$FACTS/mixed-containers.json"
	expect_rc 1 "--prom into a read-only directory"
	expect_err "dockaudit: $DA_TMP/ro/dockaudit.prom: Permission denied" "read-only directory"
	[ "$(cat "$DA_TMP/ro/dockaudit.prom")" = "old metrics" ] || da_fail "the old metrics file was changed"
	[ "$(ls "$DA_TMP/ro")" = dockaudit.prom ] || da_fail "a temporary file was left: $(ls "$DA_TMP/ro")"
	chmod 0755 "$DA_TMP/ro"
fi
# A write that fails half-way (the file size limit, which binds root too):
# the error names the file, the old metrics stay whole.
mkdir "$DA_TMP/tf"
echo "old metrics" >"$DA_TMP/tf/dockaudit.prom"
(
	trap '' XFSZ
	ulimit -f 2
	da_run eval --benchmark "$SLICE" --prom "$DA_TMP/tf/dockaudit.prom" "$FACTS/mixed-containers.json"
	exit "$DA_RC"
)
DA_RC=$?
expect_rc 1 "--prom beyond the file size limit"
expect_err "dockaudit: $DA_TMP/tf/dockaudit.prom: File too large" "a failed write names the file"
[ "$(cat "$DA_TMP/tf/dockaudit.prom")" = "old metrics" ] || da_fail "a failed write changed the old metrics"
[ "$(ls "$DA_TMP/tf")" = dockaudit.prom ] || da_fail "a temporary file was left: $(ls "$DA_TMP/tf")"
da_run eval --benchmark "$SLICE" --prom "$DA_TMP/nodir/dockaudit.prom" "$FACTS/mixed-containers.json"
expect_rc 1 "--prom into a missing directory"
expect_err "dockaudit: $DA_TMP/nodir/dockaudit.prom: No such file or directory" "missing directory"

da_done
