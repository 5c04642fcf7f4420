#!/bin/sh
# oscap-accept.sh ARF WORKDIR [RESULTS]: put an ARF file through OpenSCAP's
# whole acceptance chain: rds-validate, the ARF 1.1 schema, rds-split then
# xccdf validate and sds-validate on the parts, info, generate report, and
# generate fix for its TestResult. RESULTS, a standalone XCCDF results
# document, gets xccdf validate with schematron, generate report and
# generate fix. Prints one line per failing step and exits 1 if any failed.
# Without oscap or xmllint it checks nothing and exits 0 with a note, or,
# when CI=true, fails: a caller needs no check of its own.
set -u
arf=$1
dir=$2
results=${3:-}
if ! command -v oscap >/dev/null 2>&1 || ! command -v xmllint >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: oscap and xmllint are required under CI=true"
		exit 1
	fi
	echo "note: oscap or xmllint not installed; $arf was not put through OpenSCAP"
	exit 0
fi
ARF_XSD=/usr/share/openscap/schemas/arf/1.1/asset-reporting-format_1.1.0.xsd
fails=0
mkdir -p "$dir/split"

failed() {
	echo "FAIL: $*"
	head -c 2000 "$dir/step.log"
	echo
	fails=$((fails + 1))
}

step() {
	name=$1
	shift
	"$@" >"$dir/step.log" 2>&1 || failed "$name: $* exited non-zero"
}

# report FILE LABEL: oscap's HTML report of FILE is written and complete.
report() {
	if ! oscap xccdf generate report "$1" >"$dir/oscap-$2.html" 2>"$dir/step.log"; then
		failed "$2: oscap xccdf generate report exited non-zero"
	elif ! grep -q "</html>" "$dir/oscap-$2.html"; then
		failed "$2: oscap's HTML report is incomplete"
	fi
}

xpath() {
	xmllint --xpath "$2" "$1" 2>/dev/null
}

# fix FILE LABEL: the bash remediation oscap generates from FILE's
# TestResult is a bash script that parses and holds the fix of a failing
# rule that has a shell fix (when there is one).
fix() {
	tr="//*[local-name()='TestResult']"
	id=$(xpath "$1" "string($tr/@id)")
	script="$dir/fix-$2.sh"
	if ! oscap xccdf generate fix --fix-type bash --result-id "$id" "$1" >"$script" \
		2>"$dir/step.log"; then
		failed "$2: oscap xccdf generate fix --result-id $id exited non-zero"
		return
	fi
	head -n 1 "$script" | grep -q '^#!.*bash' || failed "$2: generate fix wrote no bash script"
	bash -n "$script" 2>"$dir/step.log" || failed "$2: the generated fix script does not parse"
	rr="$tr/*[local-name()='rule-result'][*[local-name()='result']='fail']"
	text=$(xpath "$1" "string(($rr/*[local-name()='fix'][@system='urn:xccdf:fix:script:sh'])[1])")
	line=$(printf '%s\n' "$text" | sed -n '/[^[:space:]]/{s/^[[:space:]]*//;p;q;}')
	[ -z "$line" ] && return
	rule=$(xpath "$1" "string(($rr/*[local-name()='fix'][@system='urn:xccdf:fix:script:sh'])[1]/../@idref)")
	grep -qF -- "BEGIN fix" "$script" && grep -qF -- "for '$rule'" "$script" &&
		grep -qF -- "$line" "$script" ||
		failed "$2: the generated fix script lacks the fix of $rule ($line)"
}

step rds-validate oscap ds rds-validate "$arf"
step "ARF 1.1 schema" xmllint --noout --schema "$ARF_XSD" "$arf"
step rds-split oscap ds rds-split "$arf" "$dir/split"
step "xccdf validate" oscap xccdf validate --skip-schematron "$dir/split/report.xml"
step sds-validate oscap ds sds-validate "$dir/split/report-request.xml"
step info oscap info "$arf"
report "$arf" arf
fix "$arf" arf
if [ -n "$results" ]; then
	step "results: xccdf validate (schematron)" oscap xccdf validate "$results"
	report "$results" results
	fix "$results" results
fi
[ "$fails" -eq 0 ]
