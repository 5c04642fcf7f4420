#!/bin/sh
# --tailoring and --score-model on the frozen facts mixed-containers.json,
# with the small benchmark and tailorings of tests/fixtures/content/tailoring
# (their comments give the expected results and the scores worked out by
# hand): refined severities and weights in JSON and ARF, unscored and
# deselected rules, the scores each model gives, profile choice and
# shadowing, exact errors for bad tailorings, and the ARF of a tailored run
# through OpenSCAP's acceptance chain.
. "$top_srcdir/tests/cli/lib.sh"

T="$top_srcdir/tests/fixtures/content/tailoring"
B="$T/bench.xml"
MIXED="$FACTS/mixed-containers.json"
R="$DA_TMP/results.json"
ARF="$DA_TMP/arf.xml"
NS=xccdf_org.dockaudit.test_

# json POINTER VALUE: the results document has VALUE (JSON) at POINTER.
json() {
	$EXPECT --fact "$R" "$1" "$2" || DA_FAILS=$((DA_FAILS + 1))
}

# arf XPATH VALUE: the string value of XPATH (x: is XCCDF 1.2) in the ARF.
arf() {
	got=$(xmllint --xpath "$1" "$ARF" 2>/dev/null | sed 's/^ *//')
	[ "$got" = "$2" ] || da_fail "ARF $1: '$got', expected '$2'"
}
TR="//*[local-name()='TestResult']"
RR="$TR/*[local-name()='rule-result']"
SV="$TR/*[local-name()='set-value']"
SCORE="$TR/*[local-name()='score']"

# The benchmark's own baseline, untailored: default 50, flat 2 of 5.
da_run eval --benchmark "$B" --profile baseline --json "$R" "$MIXED"
expect_rc 2 "baseline: some rules fail"
json /scores/default/score 50.0
json /scores/flat/max 5.0
json /rules/0/severity '"medium"'

# The site tailoring, its only profile chosen without --profile.
da_run eval --benchmark "$B" --tailoring "$T/site.xml" --json "$R" --arf "$ARF" "$MIXED"
expect_rc 2 "site: capabilities still fail"
json /profile '"xccdf_org.example_profile_site"'
json /rules/0/id "\"${NS}rule_daemon_icc\""
json /rules/0/severity '"high"'
json /rules/0/result '"pass"'
json /rules/2/result '"notselected"'
json /rules/3/result '"fail"'
json /rules/4/result '"notselected"'
json /scores/default/score 25.0
json /scores/flat/score 4.0
json /scores/flat/max 5.0
json /scores/flat-unweighted/score 2.0
json /scores/flat-unweighted/max 3.0
json /scores/absolute/score 0.0
$EXPECT "$R" container_privileged c-priv fail || DA_FAILS=$((DA_FAILS + 1))
$EXPECT "$R" container_added_capabilities c-hostns fail \
	--message-contains "CAP_DAC_OVERRIDE" || DA_FAILS=$((DA_FAILS + 1))
$EXPECT "$R" container_added_capabilities c-good pass || DA_FAILS=$((DA_FAILS + 1))

if command -v xmllint >/dev/null 2>&1; then
	arf "string($TR/*[local-name()='profile']/@idref)" xccdf_org.example_profile_site
	arf "string($RR[@idref='${NS}rule_daemon_icc']/@severity)" high
	arf "string($RR[@idref='${NS}rule_daemon_icc']/@weight)" 3
	arf "string($RR[@idref='${NS}rule_daemon_icc']/@role)" full
	arf "count($RR[@idref='${NS}rule_container_privileged'][@role='unscored'])" 6
	arf "string($RR[@idref='${NS}rule_container_privileged'][1]/@severity)" high
	arf "string($SV[@idref='${NS}value_log_levels'])" "info warn"
	arf "string($SV[@idref='${NS}value_caps_allowed'])" \
		"CAP_CHOWN CAP_SETGID CAP_SETUID CAP_NET_BIND_SERVICE"
	arf "string($SV[@idref='${NS}value_min_memory'])" 0
	arf "string($SCORE[@system='urn:xccdf:scoring:default'])" 25.000000
	arf "string($SCORE[@system='urn:xccdf:scoring:flat'])" 4.000000
	arf "string($SCORE[@system='urn:xccdf:scoring:flat-unweighted']/@maximum)" 3.000000
	arf "string($SCORE[@system='urn:xccdf:scoring:absolute'])" 0.000000
fi
sh "$top_srcdir/tests/integration/oscap-accept.sh" "$ARF" "$DA_TMP/oscap" ||
	da_fail "the ARF of a tailored run does not pass OpenSCAP's acceptance chain"

# --score-model chooses the score of the terminal summary.
da_run eval --benchmark "$B" --tailoring "$T/site.xml" "$MIXED"
expect_out "Score:     25.00 of 100.00" "summary: default model"
expect_out "Profile:   Example site" "summary: the tailoring's profile"
da_run eval --benchmark "$B" --tailoring "$T/site.xml" --score-model flat "$MIXED"
expect_rc 2 "--score-model flat"
expect_out "Score:     4.00 of 5.00 (flat)" "summary: flat model"
da_run eval --benchmark "$B" --tailoring "$T/site.xml" --score-model absolute "$MIXED"
expect_out "Score:     0.00 of 1.00 (absolute)" "summary: absolute model"
da_run eval --benchmark "$B" --score-model best "$MIXED"
expect_rc 1 "--score-model best"
expect_err "dockaudit: --score-model 'best' is not default, flat, flat-unweighted or absolute" \
	"--score-model best: message"

# Choosing among the tailoring's profiles and the benchmark's. The
# tailoring's baseline shadows the benchmark's and leaves the containers
# out, so everything left passes.
da_run eval --benchmark "$B" --tailoring "$T/shadow.xml" "$MIXED"
expect_rc 1 "two profiles, no --profile"
expect_err "dockaudit: $T/shadow.xml: the tailoring has 2 profiles; choose one with --profile" \
	"two profiles: message"
da_run eval --benchmark "$B" --tailoring "$T/shadow.xml" --profile baseline --json "$R" "$MIXED"
expect_rc 0 "shadowing baseline: everything selected passes"
json /profile "\"${NS}profile_baseline\""
json /rules/3/result '"notselected"'
json /scores/default/score 100.0
da_run eval --benchmark "$B" --tailoring "$T/shadow.xml" --profile stricter --json "$R" "$MIXED"
expect_rc 2 "stricter"
json /rules/0/result '"notchecked"'
json /rules/0/message '"not checked: the rule'"'"'s role is unchecked"'
json /rules/1/severity '"high"'
json /scores/flat/score 0.5
json /scores/flat/max 3.5
da_run eval --benchmark "$B" --tailoring "$T/shadow.xml" --profile nope "$MIXED"
expect_rc 1 "unknown profile"
expect_err "dockaudit: $T/shadow.xml: no profile 'nope' here or in $B (see dockaudit rules --list-profiles)" \
	"unknown profile: message"

# Bad tailorings: exit 1, one line naming the file and line.
bad() {
	da_run eval --benchmark "$B" --tailoring "$T/$1" "$MIXED"
	expect_rc 1 "$1"
	expect_err "dockaudit: $T/$1:$2" "$1: message"
	[ "$(wc -l <"$DA_TMP/err")" -eq 1 ] || da_fail "$1: more than one line on stderr"
}
bad unknown-idref.xml "8: select of unknown id '${NS}rule_container_privileges'"
bad wrong-benchmark.xml "4: the tailoring is for benchmark 'xccdf_org.ssgproject.content_benchmark_RHEL-9', not '${NS}benchmark_tailoring' ($B)"
bad bad-severity.xml "9: unknown severity 'critical' (unknown, info, low, medium, high)"
bad malformed.xml "9:12: Opening and ending tag mismatch: refine-rule line 8 and Profile"
bad nope.xml " No such file or directory"
# A tailoring for the shipped benchmark's id cannot tailor another one.
da_run eval --tailoring "$T/site.xml" "$MIXED"
expect_rc 1 "site.xml against the shipped benchmark"
expect_err "the tailoring is for benchmark '${NS}benchmark_tailoring', not 'xccdf_org.dockaudit_benchmark_docker'" \
	"site.xml against the shipped benchmark: message"

# rules: the tailoring's selection and refined severities; its profiles.
da_run rules --benchmark "$B" --tailoring "$T/site.xml"
expect_rc 0 "rules --tailoring"
[ "$(wc -l <"$DA_TMP/out")" -eq 4 ] || da_fail "rules --tailoring: $(wc -l <"$DA_TMP/out") lines, expected 4"
expect_out "$(printf '%s\t2.2\thigh\t' "${NS}rule_daemon_icc")" "rules: refined severity"
da_run rules --benchmark "$B" --tailoring "$T/site.xml" --list-profiles
expect_rc 0 "rules --list-profiles with a tailoring"
expect_out "xccdf_org.example_profile_site" "list profiles: the tailoring's"

da_done
