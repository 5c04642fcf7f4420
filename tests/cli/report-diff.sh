#!/bin/sh
# dockaudit report and diff on results of frozen facts: an evaluation with
# waivers written as ARF and JSON and read back must give the same rules,
# results, subjects, scores and waivers (ARF loses only what it does not
# carry: waivers that waived nothing, the day they were judged on); a
# changed container must show up in diff as a new failure one way and as
# fixed the other; malformed inputs exit 1 naming the file.
. "$top_srcdir/tests/cli/lib.sh"

PY=/usr/bin/python3
W="$top_srcdir/tests/fixtures/waivers"
SLICE="$top_srcdir/tests/fixtures/content/slice/slice-xccdf.xml"
A="$DA_TMP/a.xml"
J="$DA_TMP/j.json"

X="$DA_TMP/x.xml"
DOCKAUDIT_NOW=2026-11-25 da_run eval --benchmark "$W/bench.xml" --waivers "$W/sample.json" \
	--arf "$A" --json "$J" --results "$X" "$W/facts.json"
expect_rc 2 "eval with waivers"

# same_results OLD NEW [arf]: the members both carry are equal; with "arf",
# NEW was read from an ARF (scores have six decimals, waivers that waived
# nothing are not in it, and their day is the evaluation's end).
same_results() {
	$PY - "$@" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
arf = len(sys.argv) > 3
bad = []
for k in ("format", "format_version", "benchmark", "profile", "start_time", "end_time",
          "host", "summary", "rules"):
    if a.get(k) != b.get(k):
        bad.append(k)
for m, s in a["scores"].items():
    t = b["scores"][m]
    if abs(s["score"] - t["score"]) > 1e-5 or abs(s["max"] - t["max"]) > 1e-5:
        bad.append("scores." + m)
wa, wb = a["waivers"], b["waivers"]
keep = ("file", "waived_instances", "waived_rules") if arf else tuple(wa)
if any(wa[k] != wb[k] for k in keep):
    bad.append("waivers")
if not arf:
    for k in ("expired_waivers", "unused_waivers"):
        if a[k] != b[k]:
            bad.append(k)
elif b["expired_waivers"] or b["unused_waivers"] or wb["count"] != 3:
    bad.append("waivers from ARF: only the 3 that waived something")
if bad:
    print("differ:", ", ".join(bad))
    sys.exit(1)
PY
}

da_run report --json "$DA_TMP/j2.json" "$A"
expect_rc 0 "report ARF -> JSON"
same_results "$J" "$DA_TMP/j2.json" arf || da_fail "ARF read back differs from the JSON of the same run"

da_run report --benchmark "$W/bench.xml" --json "$DA_TMP/j3.json" "$J"
expect_rc 0 "report JSON -> JSON"
same_results "$J" "$DA_TMP/j3.json" || da_fail "JSON read back differs"
cmp -s "$J" "$DA_TMP/j3.json" || da_fail "JSON read back and written again is not byte-identical"

# "-" reads the result from stdin.
da_run report --json "$DA_TMP/js.json" - <"$A"
expect_rc 0 "report ARF from stdin -> JSON"
cmp -s "$DA_TMP/j2.json" "$DA_TMP/js.json" || da_fail "ARF read from stdin differs from the file read"

# The XCCDF results file (waivers as messages there) reads back the same.
da_run report --json "$DA_TMP/jx.json" --results "$DA_TMP/x2.xml" "$X"
expect_rc 0 "report XCCDF results -> JSON"
same_results "$J" "$DA_TMP/jx.json" arf || da_fail "XCCDF results read back differ from the JSON"
grep -qF "<benchmark href=\"$W/bench.xml\"" "$DA_TMP/x2.xml" ||
	da_fail "XCCDF results written again do not name the benchmark file"
da_run report --html "$DA_TMP/hx.html" "$X"
grep -qF "Build runners need docker-in-docker; isolated host, CHG-4711" "$DA_TMP/hx.html" ||
	da_fail "HTML of the XCCDF results lacks the waiver's justification"

# ARF -> ARF -> JSON: nothing is lost on the second trip.
da_run report --arf "$DA_TMP/a2.xml" "$A"
expect_rc 0 "report ARF -> ARF"
cmp -s "$A" "$DA_TMP/a2.xml" || da_fail "ARF read back and written again is not byte-identical"
da_run report --json "$DA_TMP/j4.json" "$DA_TMP/a2.xml"
expect_rc 0 "report ARF (rewritten) -> JSON"
same_results "$DA_TMP/j2.json" "$DA_TMP/j4.json" || da_fail "ARF written again differs"

# The HTML of the ARF shows waived failures with justification and expiry.
da_run report --html "$DA_TMP/h.html" "$A"
expect_rc 0 "report ARF -> HTML"
grep -qF "Build runners need docker-in-docker; isolated host, CHG-4711" "$DA_TMP/h.html" ||
	da_fail "HTML lacks the waiver's justification"
grep -qF "Waived (was fail) until 2027-03-31" "$DA_TMP/h.html" || da_fail "HTML lacks the waiver's expiry"

# Without an output option: the terminal summary, exit 0 although rules fail.
da_run report "$A"
expect_rc 0 "report to the terminal"
expect_out "Host:      waiver-host" "terminal: host"
expect_out "Waived:    4 failures in 3 rules" "terminal: waived"

# JSON needs its benchmark: the installed one is another.
da_run report --json "$DA_TMP/x.json" "$J"
expect_rc 1 "JSON against another benchmark"
expect_err "$J: the results are for benchmark 'xccdf_org.test_benchmark_waivers', but" "JSON against another benchmark"

# Malformed inputs.
printf 'plain text\n' >"$DA_TMP/t.txt"
da_run report "$DA_TMP/t.txt"
expect_rc 1 "not XML or JSON"
expect_err "$DA_TMP/t.txt: neither XML nor JSON: not an ARF, XCCDF or JSON result" "not XML or JSON"

da_run report "$W/bench.xml"
expect_rc 1 "a benchmark without results"
expect_err "$W/bench.xml: the Benchmark holds no TestResult: not a results file" "benchmark"

da_run report "$W/facts.json"
expect_rc 1 "JSON of another format"
expect_err "$W/facts.json: no \"format\" member: not dockaudit JSON results" "facts"

head -c 3000 "$A" >"$DA_TMP/cut.xml"
da_run report "$DA_TMP/cut.xml"
expect_rc 1 "truncated ARF"
expect_err "$DA_TMP/cut.xml:" "truncated ARF"
expect_err "not well-formed XML" "truncated ARF"

head -c 500 "$J" >"$DA_TMP/cut.json"
da_run report --benchmark "$W/bench.xml" "$DA_TMP/cut.json"
expect_rc 1 "truncated JSON"
expect_err "$DA_TMP/cut.json:" "truncated JSON"

sed '0,/"result": "pass"/s//"result": "passed"/' "$J" >"$DA_TMP/word.json"
da_run report --benchmark "$W/bench.xml" "$DA_TMP/word.json"
expect_rc 1 "unknown result word (JSON)"
expect_err "unknown result 'passed'" "unknown result word (JSON)"

sed '0,/<result>pass</s//<result>passed</' "$A" >"$DA_TMP/word.xml"
da_run report "$DA_TMP/word.xml"
expect_rc 1 "unknown result word (ARF)"
expect_err "unknown result 'passed'" "unknown result word (ARF)"

da_run report "$DA_TMP/none.xml"
expect_rc 1 "missing file"
expect_err "$DA_TMP/none.xml: No such file or directory" "missing file"

da_run report
expect_rc 1 "report without a file"
expect_err "expected one RESULT file" "report without a file"

# diff: the same run as ARF and as JSON has no differences.
da_run diff --benchmark "$W/bench.xml" "$A" "$J"
expect_rc 0 "diff ARF JSON of one run"
expect_out "New failures: 0" "diff of one run: no new failures"
expect_out "Fixed: 0" "diff of one run: nothing fixed"
expect_out "Verdict: not worse" "diff of one run"

# Without --benchmark, a JSON result is read against the benchmark the ARF
# beside it carries; two JSON results need the right one.
da_run diff "$J" "$A"
expect_rc 0 "diff JSON ARF without --benchmark"
expect_out "New failures: 0" "diff JSON ARF without --benchmark"
da_run diff "$J" "$J"
expect_rc 1 "diff JSON JSON against the installed benchmark"
expect_err "$J: the results are for benchmark 'xccdf_org.test_benchmark_waivers', but" "diff JSON JSON"

# Two runs of the slice: c-good becomes privileged, c-priv is removed.
$PY - "$FACTS/mixed-containers.json" "$DA_TMP/changed.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
for c in f["containers"]["items"]:
    if c["name"] == "c-good":
        c["inspect"]["HostConfig"]["Privileged"] = True
f["containers"]["items"] = [c for c in f["containers"]["items"] if c["name"] != "c-priv"]
f["containers"]["count"] = len(f["containers"]["items"])
json.dump(f, open(sys.argv[2], "w"))
PY
da_run eval --benchmark "$SLICE" --arf "$DA_TMP/old.xml" "$FACTS/mixed-containers.json"
da_run eval --benchmark "$SLICE" --json "$DA_TMP/new.json" "$DA_TMP/changed.json"
da_run diff --benchmark "$SLICE" --json "$DA_TMP/d.json" "$DA_TMP/old.xml" "$DA_TMP/new.json"
expect_rc 2 "diff: a container became privileged"
expect_out "New failures: 1 (in 1 rule)" "diff: one new failure"
expect_out "    container c-good: pass -> fail (/inspect/HostConfig/Privileged is true; expected equals false)" "diff: names the container"
expect_out "    container c-priv: fail -> gone" "diff: the removed container's failures are gone"
$PY - "$DA_TMP/d.json" <<'PY' || da_fail "diff JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "dockaudit-diff" and d["format_version"] == 1, d["format"]
assert d["worse"] is True
nf = [(x["rule"], x["subject"]["name"], x["old_result"], x["new_result"]) for x in d["new_failures"]]
assert nf == [("xccdf_org.dockaudit_rule_container_privileged", "c-good", "pass", "fail")], nf
gone = {(x["rule"], x["subject"]["name"]) for x in d["fixed"] if x["new_result"] is None}
assert ("xccdf_org.dockaudit_rule_container_privileged", "c-priv") in gone, gone
assert d["old"]["format"] == "arf" and d["new"]["format"] == "json"
assert set(d["scores"]) == {"default", "flat", "flat-unweighted", "absolute"}
PY
# The diff's JSON is written like every report: the umask's mode, not
# mkstemp's 0600; an unwritable target is an error naming it, exit 1.
[ "$(umask 022 && da_run diff --benchmark "$SLICE" --json "$DA_TMP/m.json" "$DA_TMP/old.xml" "$DA_TMP/old.xml" && stat -c %a "$DA_TMP/m.json")" = 644 ] ||
	da_fail "diff --json: the file does not have the mode of a new file (644 under umask 022)"
da_run diff --benchmark "$SLICE" --json "$DA_TMP/no/such/dir/d.json" "$DA_TMP/old.xml" "$DA_TMP/old.xml"
expect_rc 1 "diff --json into a missing directory"
expect_err "dockaudit: $DA_TMP/no/such/dir/d.json: No such file or directory" "diff --json into a missing directory"
da_run diff --benchmark "$SLICE" "$DA_TMP/new.json" "$DA_TMP/old.xml"
expect_rc 2 "diff the other way: c-priv is a new subject that fails"
expect_out "    container c-priv: absent -> fail" "diff: a new failing subject"
expect_out "    container c-good: fail -> pass" "diff: fixed"

da_run diff --benchmark "$SLICE" -v "$DA_TMP/old.xml" "$DA_TMP/old.xml"
expect_rc 0 "diff X X"
expect_out "New failures: 0" "diff X X"
expect_out "container c-hostns: fail -> fail" "diff -v lists what still fails"

da_run diff --benchmark "$SLICE" "$DA_TMP/old.xml" "$A"
expect_rc 1 "diff of two benchmarks"
expect_err "are results of different benchmarks (xccdf_org.dockaudit_benchmark_docker, xccdf_org.test_benchmark_waivers): nothing to compare" "diff of two benchmarks"

# Every output eval can write, report can write again.
da_run eval --help
outputs=$(sed -n 's/^ *--\([a-z-]*\) FILE .*/\1/p' "$DA_TMP/out" | grep -vx 'benchmark\|tailoring\|waivers')
da_run report --help
for o in $outputs; do
	grep -q -- "--$o FILE" "$DA_TMP/out" || da_fail "report has no --$o, which eval writes"
done
[ -n "$outputs" ] || da_fail "no output options found in eval --help"

for cmd in report diff; do
	da_run "$cmd" --help
	expect_rc 0 "$cmd --help"
	expect_out "Usage: dockaudit $cmd" "$cmd --help"
done
expect_out "Compare two saved results (ARF, XCCDF results or JSON): new failures, fixed rules, changed scores." "diff --help"

da_run diff "$A"
expect_rc 1 "diff with one file"
expect_err "expected two result files, OLD and NEW" "diff with one file"

da_done
