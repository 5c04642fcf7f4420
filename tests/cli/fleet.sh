#!/bin/sh
# dockaudit fleet on saved results made here from frozen facts: five hosts
# (one with two runs, one ARF, one XCCDF results, one with a hostile host
# name), a truncated file and results of another benchmark id and version.
# Which hosts a rule fails on must follow from which facts hold the
# misconfiguration; a bad result is named and exits 1 while the rest is
# still aggregated; the trend, the JSON per-rule host lists, the 80-column
# table and the HTML page's structure and policy are checked.
: "${top_srcdir:?run through make check}"
. "$top_srcdir/tests/cli/lib.sh"

PY=/usr/bin/python3
MIXED="$FACTS/mixed-containers.json"
SCHEMA="$top_srcdir/docs/dockaudit-fleet-1.schema.json"
R="$DA_TMP/reports"

# facts HOST DROP OUT: the mixed containers' facts as host HOST, without
# the containers named in DROP (comma-separated).
facts() {
	$PY - "$MIXED" "$1" "$2" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["host"]["hostname"] = sys.argv[2]
drop = [x for x in sys.argv[3].split(",") if x]
d["containers"]["items"] = [c for c in d["containers"]["items"] if c["name"] not in drop]
d["containers"]["count"] = len(d["containers"]["items"])
json.dump(d, open(sys.argv[4], "w"))
PY
}

# set_time FILE TIME: the JSON result FILE as if it ran at TIME.
set_time() {
	$PY - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["start_time"] = d["end_time"] = sys.argv[2]
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
}

# evaluate FACTS OUTPUT-OPTIONS...: the results are made without the
# valgrind wrapper (they are inputs here, not what is tested).
evaluate() {
	f=$1
	shift
	"$DOCKAUDIT" eval -q "$@" "$f" >/dev/null 2>"$DA_TMP/err"
	[ $? -eq 2 ] || da_fail "eval $f: exit code, expected 2"
}

# c-priv runs privileged (5.5) and c-sock mounts the Docker socket (5.32).
# web-01 had c-priv on its first run, not on its second.
HOSTILE='evil<img src=x onerror=alert(1)>&"'"'"
mkdir -p "$R/web-01/1" "$R/web-01/2" "$R/web-02" "$R/db-01" "$R/cache-01" "$R/evil"
facts web-01 "" "$DA_TMP/f-web01-1.json"
facts web-01 c-priv "$DA_TMP/f-web01-2.json"
facts web-02 "" "$DA_TMP/f-web02.json"
facts db-01 "" "$DA_TMP/f-db01.json"
facts cache-01 c-priv,c-sock "$DA_TMP/f-cache01.json"
facts "$HOSTILE" c-priv "$DA_TMP/f-evil.json"
evaluate "$DA_TMP/f-web01-1.json" --json "$R/web-01/1/results.json"
evaluate "$DA_TMP/f-web01-2.json" --json "$R/web-01/2/results.json" --html "$R/web-01/2/results.html"
evaluate "$DA_TMP/f-web02.json" --json "$R/web-02/results.json"
evaluate "$DA_TMP/f-db01.json" --arf "$R/db-01/results.arf.xml" --html "$R/db-01/report.html"
evaluate "$DA_TMP/f-cache01.json" --results "$R/cache-01/results.xml"
evaluate "$DA_TMP/f-evil.json" --json "$R/evil/results.json"
set_time "$R/web-01/1/results.json" 2026-11-01T08:00:00Z
set_time "$R/web-01/2/results.json" 2026-11-20T08:00:00Z

# Results left out: another benchmark id, another version, a truncated file.
$PY - "$R/web-02/results.json" "$DA_TMP" <<'PY'
import json, sys
src, tmp = sys.argv[1], sys.argv[2]
d = json.load(open(src))
d["benchmark"]["id"] = "xccdf_org.example_benchmark_other"
json.dump(d, open(tmp + "/other-id.json", "w"))
d = json.load(open(src))
d["benchmark"]["version"] = "9.9"
json.dump(d, open(tmp + "/other-version.json", "w"))
s = open(src).read()
open(tmp + "/truncated.json", "w").write(s[: len(s) // 2])
PY
# An ARF whose embedded benchmark is another version of ours.
$PY - "$R/db-01/results.arf.xml" "$DA_TMP/other-version.arf.xml" <<'PY'
import re, sys
s, n = re.subn(r"<version>([^<]*)</version>", r"<version>\1-other</version>", open(sys.argv[1]).read(), count=1)
assert n == 1
open(sys.argv[2], "w").write(s.replace("db-01", "db-99"))
PY

GOOD="$R/web-01/2/results.json $R/web-02/results.json $R/db-01/results.arf.xml $R/cache-01/results.xml $R/evil/results.json $R/web-01/1/results.json"
BAD="$DA_TMP/other-id.json $DA_TMP/truncated.json $DA_TMP/other-version.json $DA_TMP/other-version.arf.xml"
J="$DA_TMP/fleet.json"
H="$DA_TMP/html/fleet.html"
mkdir -p "$DA_TMP/html"

# shellcheck disable=SC2086
da_run fleet --json "$J" --html "$H" $GOOD $BAD
expect_rc 1 "fleet with unreadable results and results of another benchmark"
expect_err "$DA_TMP/truncated.json:" "the truncated result is named"
expect_err "$DA_TMP/other-id.json: the results are for benchmark 'xccdf_org.example_benchmark_other'" \
	"the result of another benchmark id is named"
expect_err "$DA_TMP/other-version.json: a result of xccdf_org.dockaudit_benchmark_docker version 9.9" \
	"the result of another benchmark version is named"
expect_err "$DA_TMP/other-version.arf.xml: a result of xccdf_org.dockaudit_benchmark_docker version" \
	"the ARF of another benchmark version is named"
expect_out "Fleet: 5 hosts from 6 results" "the table counts hosts and results"
expect_out "Left out (4):" "the table lists what was left out"
cp "$DA_TMP/out" "$DA_TMP/table.txt"

# Every line fits in 80 columns, the hostile name included.
$PY - "$DA_TMP/table.txt" <<'PY' || da_fail "the table is wider than 80 columns"
import sys
long = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if len(l) >= 80]
for l in long:
    print("too wide (%d): %s" % (len(l), l))
sys.exit(1 if long else 0)
PY
grep -q "$(printf '\033')" "$DA_TMP/table.txt" && da_fail "the table carries an escape character"

# The JSON document: hosts, the per-rule host lists, the trend, formats,
# links, what was left out; each host's counts are its result's own.
$PY - "$J" "$R" "$DA_TMP" "$HOSTILE" <<'PY' || da_fail "fleet JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
R, T, hostile = sys.argv[2], sys.argv[3], sys.argv[4]
bad = []
def check(cond, what):
    if not cond:
        bad.append(what)
hosts = {h["name"]: h for h in doc["hosts"]}
check(doc["format"] == "dockaudit-fleet" and doc["format_version"] == 1, "format")
check(sorted(hosts) == sorted(["web-01", "web-02", "db-01", "cache-01", hostile]), "host names: %s" % sorted(hosts))
check(doc["summary"]["hosts"] == 5 and doc["summary"]["results_read"] == 6 and doc["summary"]["left_out"] == 4,
      "summary %s" % doc["summary"])
rules = {r["id"]: r for r in doc["rules"]}
priv = rules["xccdf_org.dockaudit_rule_container_privileged"]
check(priv["cis"] == "5.5" and priv["severity"] == "high", "5.5 rule")
# c-priv is on web-02 and db-01 (and was on web-01's older run only).
check(sorted(priv["failing_hosts"]) == ["db-01", "web-02"], "5.5 fails on %s" % priv["failing_hosts"])
check(priv["hosts_failing"] == 2 and priv["hosts_passing"] == 3, "5.5 counts")
sock = rules["xccdf_org.dockaudit_rule_container_docker_socket"]
check(sorted(sock["failing_hosts"]) == sorted(["db-01", "web-01", "web-02", hostile]),
      "5.32 fails on %s" % sock["failing_hosts"])
check(sock["hosts_passing"] == 1, "5.32 passes on cache-01 only")
# Rules fail on the hosts the hosts' own lists say, and most_failing is ordered.
for r in doc["rules"]:
    on = sorted(h for h in hosts if any(f["id"] == r["id"] for f in hosts[h]["failing"]))
    check(on == sorted(r["failing_hosts"]), "rule %s host list" % r["id"])
counts = [rules[i]["hosts_failing"] for i in doc["most_failing"]]
check(counts == sorted(counts, reverse=True) and min(counts) >= 1, "most_failing order")
# The trend: web-01's two runs, oldest first; the latest is counted and scores higher.
w = hosts["web-01"]
check([r["time"] for r in w["runs"]] == ["2026-11-01T08:00:00Z", "2026-11-20T08:00:00Z"], "web-01 runs")
check(w["time"] == "2026-11-20T08:00:00Z" and w["result"].endswith("web-01/2/results.json"), "web-01 latest")
check(w["runs"][0]["score"] < w["runs"][1]["score"] == w["score"], "web-01 trend")
check(not any(f["id"] == priv["id"] for f in w["failing"]), "web-01 latest run still fails 5.5")
check(all(len(hosts[h]["runs"]) == 1 for h in hosts if h != "web-01"), "single runs")
# Formats and the host reports beside the results.
check(hosts["db-01"]["format"] == "arf" and hosts["cache-01"]["format"] == "xccdf", "formats")
check(hosts["db-01"]["report"] == R + "/db-01/report.html", "db-01 report: %s" % hosts["db-01"]["report"])
check(w["report"] == R + "/web-01/2/results.html", "web-01 report")
check(hosts["web-02"]["report"] is None, "web-02 has no report")
# Each host's counts and score are those its own result carries.
for h, p in (("web-02", R + "/web-02/results.json"), ("web-01", R + "/web-01/2/results.json"),
             (hostile, R + "/evil/results.json")):
    own = json.load(open(p))
    check(all(hosts[h]["summary"][k] == own["summary"][k] for k in ("pass", "fail", "error", "notapplicable")),
          "%s counts" % h)
    check(abs(hosts[h]["score"] - own["scores"]["default"]["score"]) < 1e-6, "%s score" % h)
    check(len(hosts[h]["failing"]) == own["summary"]["fail"], "%s failing list" % h)
# The failing subjects of 5.11 (memory limit) on web-02: five containers lack one.
mem = [f for f in hosts["web-02"]["failing"] if f["id"] == "xccdf_org.dockaudit_rule_container_memory_limit"]
check(mem and mem[0]["failing_subjects"] == 5, "web-02 5.11 failing subjects")
left = {l["result"]: l for l in doc["left_out"]}
check(left.get(T + "/truncated.json", {}).get("reason") == "unreadable", "truncated: unreadable")
check(left.get(T + "/other-id.json", {}).get("reason") == "other-benchmark", "other id")
check(left.get(T + "/other-version.json", {}).get("reason") == "other-benchmark", "other version")
check(left.get(T + "/other-version.arf.xml", {}).get("reason") == "other-benchmark", "ARF of another version")
check(all(l["message"].startswith(l["result"] + ":") for l in doc["left_out"]), "messages name the file")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY

# The schema describes the document (and rejects a broken one).
if $PY -c 'import jsonschema' 2>/dev/null; then
	$PY - "$SCHEMA" "$J" <<'PY' || da_fail "the fleet JSON does not validate against its schema"
import copy, json, sys, jsonschema
schema, doc = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
errors = list(v.iter_errors(doc))
for e in errors[:5]:
    print("FAIL: %s at /%s" % (e.message, "/".join(map(str, e.absolute_path))))
broken = copy.deepcopy(doc)
del broken["rules"][0]["failing_hosts"]
if v.is_valid(broken):
    print("FAIL: the schema accepts a rule without failing_hosts")
    errors.append(1)
sys.exit(1 if errors else 0)
PY
elif [ "${CI:-}" = true ]; then
	da_fail "/usr/bin/python3 lacks jsonschema"
fi

# The HTML page: one heat map row per host, the policy, nothing external,
# the hostile name as text, links that resolve, a trend for web-01 only.
$PY - "$H" "$HOSTILE" <<'PY' || da_fail "fleet HTML"
import base64, hashlib, os, re, sys
from html.parser import HTMLParser
path, hostile = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.rows, self.csp, self.style, self.tags = [], [], None, "", []
        self.in_style = self.in_row_th = False
        self.row = None
        self.attrs = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self.stack.append(tag)
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a["content"]
        if tag == "style":
            self.in_style = True
        if tag == "table" and a.get("id") == "heatmap":
            self.heat = True
        if tag == "tr" and "tbody" in self.stack and getattr(self, "heat", False):
            self.row = {"name": "", "cells": 0, "svg": 0, "href": None}
            self.rows.append(self.row)
        if self.row is not None:
            if tag == "th" and a.get("scope") == "row":
                self.in_row_th = True
            if tag == "td" and "c" in (a.get("class") or "").split():
                self.row["cells"] += 1
            if tag == "polyline":
                self.row["svg"] = len(a["points"].split())
            if tag == "a":
                self.row["href"] = a["href"]
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)
    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == "style":
            self.in_style = False
        if tag == "th":
            self.in_row_th = False
        if tag == "table":
            self.heat = False
        if tag == "tr":
            self.row = None
    def handle_data(self, data):
        if self.in_style:
            self.style += data
        if self.in_row_th and self.row is not None:
            self.row["name"] += data
p = P()
p.feed(text)
bad = []
def check(cond, what):
    if not cond:
        bad.append(what)
names = [r["name"] for r in p.rows]
check(sorted(names) == sorted(["web-01", "web-02", "db-01", "cache-01", hostile]), "heat map rows: %s" % names)
check(all(r["cells"] == 7 for r in p.rows), "a cell per CIS section (7) in every row")
h = "sha256-" + base64.b64encode(hashlib.sha256(p.style.encode()).digest()).decode()
check(p.csp and "default-src 'none'" in p.csp and "script-src 'none'" in p.csp and h in p.csp,
      "CSP: %s" % p.csp)
check("script" not in p.tags and "img" not in p.tags and "iframe" not in p.tags, "no script, img or iframe")
for k, v in p.attrs:
    check(not k.startswith("on"), "event handler attribute %s" % k)
    if k in ("href", "src", "xlink:href", "action"):
        check(not re.match(r"^[a-z][a-z0-9+.-]*:|^//", v or "", re.I), "external URL %s" % v)
check(not re.search(r"https?://", re.sub(r'<meta name="generator"[^>]*>', "", text)), "an http(s) URL in the page")
check("evil&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;" in text, "the hostile name is escaped")
rows = {r["name"]: r for r in p.rows}
check(rows["web-01"]["svg"] == 2 and sum(1 for r in p.rows if r["svg"]) == 1, "trend for web-01 only")
base = os.path.dirname(os.path.abspath(path))
for n, want in (("web-01", "results.html"), ("db-01", "report.html")):
    href = rows[n]["href"]
    check(href and not href.startswith("/") and os.path.isfile(os.path.join(base, href))
          and href.endswith(want), "%s link %s" % (n, href))
check(rows["web-02"]["href"] is None, "web-02 has no report link")
check('id="left-out"' in text and "truncated.json" in text, "left out listed")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY

# Every result read: exit 0, whatever fails on the hosts (never 2); a
# directory stands for the results under it; the outputs are not read back.
# shellcheck disable=SC2086
da_run fleet $GOOD
expect_rc 0 "fleet of readable results of the benchmark"
da_run fleet --json "$R/fleet.json" "$R"
expect_rc 0 "fleet of a directory"
$PY - "$R/fleet.json" <<'PY' || da_fail "fleet of a directory"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
# db-01's report.html and web-01's results.html are not results; each file is read once.
ok = s["hosts"] == 5 and s["results_read"] == 6 and s["left_out"] == 0
print("" if ok else "FAIL: %s" % s)
sys.exit(0 if ok else 1)
PY
da_run fleet --json "$R/fleet.json" "$R"
expect_rc 0 "fleet of a directory holding its own earlier output"

# The page beside the hosts' directories, as the Ansible fleet play writes
# it: each link is the path below the page's directory, nothing above it.
# (The page's directory is then a prefix of every report's path; under
# ASan and valgrind this also checks that no byte past it is read.)
(cd "$R" && "$DOCKAUDIT" fleet -q --html fleet.html web-01/2/results.json db-01/results.arf.xml) >/dev/null 2>"$DA_TMP/err" ||
	da_fail "fleet with its page beside the hosts' directories: $(head -c 600 "$DA_TMP/err")"
for link in web-01/2/results.html db-01/report.html; do
	grep -q "href=\"$link\"" "$R/fleet.html" || da_fail "the page in $R does not link $link: $(grep -o 'href="[^"]*"' "$R/fleet.html" | tr '\n' ' ')"
done
rm -f "$R/fleet.html"

# The same result twice is one run; -q is one line.
da_run fleet -q "$R/web-02/results.json" "$R/web-02/results.json" "$R/db-01/results.arf.xml"
expect_rc 0 "fleet -q"
[ "$(wc -l <"$DA_TMP/out")" -eq 1 ] || da_fail "fleet -q prints more than one line"
expect_out "fleet: 2 hosts, 2 results, mean score" "fleet -q counts a duplicate once"
expect_out "(most: " "fleet -q names the rule failing on the most hosts"

# Nothing readable: still a report, exit 1.
da_run fleet "$DA_TMP/truncated.json"
expect_rc 1 "fleet of an unreadable result only"
expect_out "No result could be read." "fleet of nothing readable"

# A directory with no result in it is named, and left out.
mkdir -p "$DA_TMP/empty"
da_run fleet "$DA_TMP/empty" "$R/web-02/results.json"
expect_rc 1 "fleet of an empty directory and a result"
expect_err "$DA_TMP/empty: a directory with no *.json or *.xml result in it" "the empty directory is named"
expect_out "Fleet: 1 host from 1 result" "the result beside the empty directory is still read"

# Usage errors.
da_run fleet
expect_rc 1 "fleet without a result"
expect_err "expected one RESULT file or more" "fleet without a result"
da_run fleet --benchmark "$DA_TMP/missing.xml" "$R/web-02/results.json"
expect_rc 1 "fleet with a missing benchmark"

da_done
