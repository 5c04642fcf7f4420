#!/bin/sh
# The ARF that `dockaudit eval` writes for the real benchmark and frozen fact
# documents goes through the OpenSCAP acceptance chain: rds-validate, the
# ARF 1.1 schema, rds-split + xccdf validate + sds-validate, info,
# generate report, generate fix; the standalone XCCDF results of the same
# run get xccdf validate with schematron, generate report and generate fix.
# Skips (77) without oscap or xmllint unless CI=true.
set -u
: "${DOCKAUDIT:?run through make check}"
: "${DOCKAUDIT_DATADIR:?run through make check}"
: "${DA_FIXTURES:?run through make check}"

BENCH="$DOCKAUDIT_DATADIR/benchmarks/dockaudit-docker-xccdf.xml"
FAILS=0
TMP=$(mktemp -d /tmp/da-report-oscap.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

if ! command -v oscap >/dev/null 2>&1 || ! command -v xmllint >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: oscap and xmllint are required under CI=true"
		exit 1
	fi
	echo "SKIP: oscap or xmllint not installed"
	exit 77
fi

fail() {
	echo "FAIL: $*"
	[ -s "$TMP/log" ] && head -c 2000 "$TMP/log" && echo
	FAILS=$((FAILS + 1))
}

# xpath ARF EXPR: the string value of EXPR (XCCDF as x:, ARF as arf:).
xpath() {
	xmllint --xpath "$2" "$1" 2>/dev/null
}

# chain LABEL FACTS [EVAL OPTIONS...]
chain() {
	label=$1
	facts=$2
	shift 2
	dir="$TMP/$label"
	mkdir -p "$dir"
	# shellcheck disable=SC2086
	${DA_WRAPPER:-} "$DOCKAUDIT" eval --benchmark "$BENCH" "$@" --arf "$dir/arf.xml" \
		--results "$dir/results.xml" --json "$dir/results.json" --html "$dir/report.html" "$facts" >"$TMP/log" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
		fail "$label: dockaudit eval exited $rc"
		return
	fi
	sh "$(dirname "$0")/oscap-accept.sh" "$dir/arf.xml" "$dir" "$dir/results.xml" ||
		fail "$label: the ARF or XCCDF results do not pass OpenSCAP's acceptance chain"
	check_content "$label" "$dir"
}

# The ARF and JSON of one run tell the same story.
check_content() {
	n_json=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rules"]))' \
		"$2/results.json") || { fail "$1: results.json is not readable"; return; }
	n_rules=$(xpath "$2/arf.xml" "count(//*[local-name()='Benchmark']//*[local-name()='Rule'])")
	n_results=$(xpath "$2/arf.xml" \
		"count(//*[local-name()='TestResult']/*[local-name()='rule-result'])")
	n_scores=$(xpath "$2/arf.xml" "count(//*[local-name()='TestResult']/*[local-name()='score'])")
	[ "$n_json" = "$n_rules" ] || fail "$1: $n_json rules in JSON, $n_rules in the benchmark"
	[ "$n_results" -ge "$n_rules" ] 2>/dev/null ||
		fail "$1: $n_results rule-results for $n_rules rules"
	[ "$n_scores" = 4 ] || fail "$1: $n_scores score elements, expected 4"
	# the results document: the Benchmark, its TestResult last, the same rule-results
	root=$(xpath "$2/results.xml" "name(/*)")
	last=$(xpath "$2/results.xml" "local-name(/*/*[last()])")
	n_res2=$(xpath "$2/results.xml" \
		"count(/*/*[local-name()='TestResult']/*[local-name()='rule-result'])")
	[ "$root" = Benchmark ] || fail "$1: results.xml's root is '$root', not Benchmark"
	[ "$last" = TestResult ] || fail "$1: results.xml's last child is '$last', not TestResult"
	[ "$n_res2" = "$n_results" ] ||
		fail "$1: $n_res2 rule-results in results.xml, $n_results in the ARF"
	grep -q "Content-Security-Policy" "$2/report.html" || fail "$1: HTML report lacks its CSP"
}

chain mixed "$DA_FIXTURES/facts/mixed-containers.json"
chain baseline "$DA_FIXTURES/facts/mixed-containers.json" --profile baseline
chain daemon-down "$DA_FIXTURES/facts/daemon-down.json"
chain misconfigured "$DA_FIXTURES/facts/daemon-misconfigured.json" --profile all

if [ "$FAILS" -ne 0 ]; then
	echo "$FAILS check(s) failed"
	exit 1
fi
echo "all checks passed"
