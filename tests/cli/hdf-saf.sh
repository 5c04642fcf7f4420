#!/bin/sh
# The --hdf output read by the real MITRE SAF CLI (`saf`, a test
# dependency from npm): on frozen facts with different mixes of results
# (failures beside errors, not applicable, manual and informational rules,
# waivers that make a rule pass or leave it in error, an expired waiver, a
# profile that deselects rules, a tailoring), `saf view summary` counts
# exactly what dockaudit's own summary counts; the same holds for HDF
# written again from saved ARF, XCCDF results and JSON; `saf validate
# threshold` passes and fails on thresholds set at and just below the
# audit's counts; `saf convert hdf2xccdf` and `hdf2ckl` accept the file
# and keep the failures. saf takes about 2 s a call (node start-up), so
# this test takes about half a minute.
: "${top_srcdir:?run through make check}"
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v saf >/dev/null 2>&1; then
	[ "${CI:-}" = true ] && { echo "FAIL: saf (the MITRE SAF CLI) is not installed"; exit 1; }
	echo "SKIP: saf (the MITRE SAF CLI) is not installed"
	exit 77
fi
DOCKAUDIT_NOW=2026-11-25
export DOCKAUDIT_NOW
MIXED="$FACTS/mixed-containers.json"
HDIR="$top_srcdir/tests/fixtures/hdf"
TDIR="$top_srcdir/tests/fixtures/content/tailoring"
PY=python3

# same_counts WHAT JSON HDF: saf's summary of HDF has, for each of its
# statuses, the number of rules dockaudit's JSON summary gives the results
# that status stands for (docs/HDF.md), and one control per selected rule.
same_counts() {
	if ! saf view summary -i "$3" -f json >"$DA_TMP/sum.json" 2>"$DA_TMP/sum.err"; then
		da_fail "$1: saf view summary failed: $(head -c 400 "$DA_TMP/sum.err")"
		return
	fi
	$PY - "$1" "$2" "$DA_TMP/sum.json" "$3" <<'PY' || DA_FAILS=$((DA_FAILS + 1))
import json, sys
what, ours, theirs, hdf = sys.argv[1:]
s = json.load(open(ours))["summary"]
want = {
    "passed": s["pass"] + s["fixed"],
    "failed": s["fail"],
    "error": s["error"] + s["unknown"],
    "skipped": s["notchecked"],
    "no_impact": s["notapplicable"] + s["informational"],
}
summary = json.load(open(theirs))
assert len(summary) == 1, summary
got = {k: summary[0][k]["total"] for k in want}
controls = len(json.load(open(hdf))["profiles"][0]["controls"])
ok = got == want and controls == s["total"] - s["notselected"]
print("%s %s: dockaudit %s, saf %s, %d controls" % ("ok" if ok else "FAIL", what, want, got, controls))
sys.exit(0 if ok else 1)
PY
}

# audit NAME ARGS...: eval ARGS writing $DA_TMP/NAME.json and .hdf (exit 0
# or 2), then compare the counts.
audit() {
	name=$1
	shift
	da_run eval --json "$DA_TMP/$name.json" --hdf "$DA_TMP/$name.hdf" "$@"
	if [ "$DA_RC" -ne 0 ] && [ "$DA_RC" -ne 2 ]; then
		da_fail "$name: eval exited $DA_RC"
		return
	fi
	same_counts "$name" "$DA_TMP/$name.json" "$DA_TMP/$name.hdf"
}

# Failures beside errors (5.22), not applicable and manual rules.
audit mixed "$MIXED"
# Informational rules (image checks that only report).
audit images "$FACTS/images/images-mixed.json"
# A daemon that could not be reached: errors everywhere.
audit down "$FACTS/daemon-down.json"
# A swarm manager: more manual rules.
audit swarm "$FACTS/images/swarm-manager-bad.json"
# A profile that leaves rules out (they are not written).
audit baseline --profile baseline "$MIXED"
# A tailoring: refined severity, an unscored rule, a deselected one.
audit tailored --benchmark "$TDIR/bench.xml" --tailoring "$TDIR/site.xml" "$MIXED"
# Waivers: two rules pass through them, one is left in error, one
# waiver expired (tests/fixtures/hdf/README.md).
audit waived --waivers "$HDIR/waivers.json" --arf "$DA_TMP/waived.arf" \
	--results "$DA_TMP/waived.xml" "$MIXED"
$EXPECT --fact "$DA_TMP/waived.json" /waivers/waived_rules 3 || DA_FAILS=$((DA_FAILS + 1))

# Saved results written again as HDF count the same.
for saved in waived.arf waived.xml waived.json; do
	da_run report "$DA_TMP/$saved" --hdf "$DA_TMP/$saved.hdf"
	expect_rc 0 "report $saved --hdf"
	same_counts "report $saved" "$DA_TMP/waived.json" "$DA_TMP/$saved.hdf"
done

# Thresholds at the audit's own counts pass; one failure fewer allowed fails.
$PY - "$DA_TMP/mixed.json" "$DA_TMP" <<'PY' || da_fail "writing the thresholds"
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
assert s["fail"] > 0
def write(name, failed_max):
    with open("%s/%s" % (sys.argv[2], name), "w") as f:
        f.write("passed:\n  total:\n    min: %d\n" % s["pass"])
        f.write("failed:\n  total:\n    max: %d\n" % failed_max)
        f.write("error:\n  total:\n    max: %d\n" % s["error"])
write("pass.yml", s["fail"])
write("fail.yml", s["fail"] - 1)
PY
if ! saf validate threshold -i "$DA_TMP/mixed.hdf" -T "$DA_TMP/pass.yml" >"$DA_TMP/th.out" 2>&1; then
	da_fail "saf validate threshold fails at the audit's own counts: $(head -c 400 "$DA_TMP/th.out")"
fi
if saf validate threshold -i "$DA_TMP/mixed.hdf" -T "$DA_TMP/fail.yml" >"$DA_TMP/th.out" 2>&1; then
	da_fail "saf validate threshold passes with one failure fewer allowed"
fi

# The converters accept the file (saf exits 0 even when hdf2ckl fails, so
# the output is what tells) and keep the failures: one failing rule-result
# or Open finding per failing rule.
fails=$($PY -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"]["fail"])' \
	"$DA_TMP/waived.json")
saf convert hdf2xccdf -i "$DA_TMP/waived.hdf" -o "$DA_TMP/waived.xccdf.xml" >"$DA_TMP/cv.out" 2>&1 ||
	da_fail "saf convert hdf2xccdf: $(head -c 400 "$DA_TMP/cv.out")"
if [ -s "$DA_TMP/waived.xccdf.xml" ] && xmllint --noout "$DA_TMP/waived.xccdf.xml"; then
	n=$(grep -c '<result>fail</result>' "$DA_TMP/waived.xccdf.xml")
	[ "$n" -eq "$fails" ] || da_fail "hdf2xccdf: $n failing rule-results, dockaudit $fails failing rules"
else
	da_fail "hdf2xccdf wrote no well-formed XML"
fi
saf convert hdf2ckl -i "$DA_TMP/waived.hdf" -o "$DA_TMP/waived.ckl" >"$DA_TMP/cv.out" 2>&1 ||
	da_fail "saf convert hdf2ckl: $(head -c 400 "$DA_TMP/cv.out")"
if [ -s "$DA_TMP/waived.ckl" ] && xmllint --noout "$DA_TMP/waived.ckl"; then
	n=$(grep -c '<STATUS>Open</STATUS>' "$DA_TMP/waived.ckl")
	[ "$n" -eq "$fails" ] || da_fail "hdf2ckl: $n Open findings, dockaudit $fails failing rules"
else
	da_fail "hdf2ckl wrote no well-formed checklist: $(head -c 400 "$DA_TMP/cv.out")"
fi

da_done
