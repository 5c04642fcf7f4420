#!/bin/sh
# oscap-accept.sh ARF WORKDIR: put an ARF file through OpenSCAP's whole
# acceptance chain: rds-validate, the ARF 1.1 schema, rds-split then xccdf
# validate and sds-validate on the parts, info, and generate report. Prints
# one line per failing step and exits 1 if any failed.
set -u
arf=$1
dir=$2
ARF_XSD=/usr/share/openscap/schemas/arf/1.1/asset-reporting-format_1.1.0.xsd
fails=0
mkdir -p "$dir/split"

step() {
	name=$1
	shift
	if ! "$@" >"$dir/step.log" 2>&1; then
		echo "FAIL: $name: $* exited non-zero"
		head -c 2000 "$dir/step.log"
		echo
		fails=$((fails + 1))
	fi
}

step rds-validate oscap ds rds-validate "$arf"
step "ARF 1.1 schema" xmllint --noout --schema "$ARF_XSD" "$arf"
step rds-split oscap ds rds-split "$arf" "$dir/split"
step "xccdf validate" oscap xccdf validate --skip-schematron "$dir/split/report.xml"
step sds-validate oscap ds sds-validate "$dir/split/report-request.xml"
step info oscap info "$arf"
if ! oscap xccdf generate report "$arf" >"$dir/oscap.html" 2>"$dir/step.log"; then
	echo "FAIL: oscap xccdf generate report exited non-zero"
	head -c 2000 "$dir/step.log"
	fails=$((fails + 1))
elif ! grep -q "</html>" "$dir/oscap.html"; then
	echo "FAIL: oscap's HTML report is incomplete"
	fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
