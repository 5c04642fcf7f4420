#!/bin/sh
# The terminal summary as a person and a script see it: rules grouped under
# their section, colour only on a terminal (and never with NO_COLOR),
# --quiet one line, --verbose every subject, the two refused together.
. "$top_srcdir/tests/cli/lib.sh"

SLICE="$top_srcdir/tests/fixtures/content/slice/slice-xccdf.xml"
MIXED="$FACTS/mixed-containers.json"
ESC=$(printf '\033')

# Piped: no escape sequence at all, sections as headings.
da_run eval --benchmark "$SLICE" "$MIXED"
expect_rc 2 "summary: some rules fail"
grep -q "$ESC" "$DA_TMP/out" && da_fail "piped summary holds an escape sequence"
grep -qE '^Container runtime: [0-9]+ of [0-9]+ rules need attention$' "$DA_TMP/out" ||
	da_fail "no 'Container runtime' section heading"
[ "$(grep -c '^Container runtime:' "$DA_TMP/out")" = 1 ] ||
	da_fail "the container section heading is not printed exactly once"
# the privileged-container rule is listed under its section, with its subject
awk '/^Container runtime:/ { s = 1 } s && /^\[FAIL\] .*privileged/ { f = 1 } s && f && /container c-priv/ { ok = 1 } END { exit !ok }' \
	"$DA_TMP/out" || da_fail "c-priv's privileged failure is not under Container runtime"
grep -q 'container c-good' "$DA_TMP/out" && da_fail "a passing container is listed without --verbose"

# On a terminal: coloured; NO_COLOR turns it off.
if command -v script >/dev/null 2>&1; then
	script -qec "${DA_WRAPPER:-} '$DOCKAUDIT' eval --benchmark '$SLICE' '$MIXED'" /dev/null \
		>"$DA_TMP/tty" 2>&1
	grep -q "$ESC\[1;31m\[FAIL\]" "$DA_TMP/tty" || da_fail "no red [FAIL] on a terminal"
	NO_COLOR=1 script -qec "${DA_WRAPPER:-} '$DOCKAUDIT' eval --benchmark '$SLICE' '$MIXED'" \
		/dev/null >"$DA_TMP/tty" 2>&1
	grep -q "$ESC" "$DA_TMP/tty" && da_fail "colour on a terminal although NO_COLOR is set"
	grep -q '^\[FAIL\]' "$DA_TMP/tty" || da_fail "NO_COLOR: the summary itself is missing"
elif [ "${CI:-}" = true ]; then
	da_fail "script(1) is needed to test colour on a terminal"
fi

# --quiet: exactly one line, the same counts as the JSON.
da_run eval --benchmark "$SLICE" --quiet "$MIXED"
expect_rc 2 "--quiet keeps the exit code"
[ "$(wc -l <"$DA_TMP/out")" = 1 ] || da_fail "--quiet printed $(wc -l <"$DA_TMP/out") lines"
grep -qE '^fixture-host: score [0-9]+\.[0-9]{2} of [0-9]+\.[0-9]{2}; [0-9]+ pass, [0-9]+ fail(, [0-9]+ [a-z]+)* of [0-9]+ rules$' \
	"$DA_TMP/out" || da_fail "--quiet line has the wrong shape: $(cat "$DA_TMP/out")"
cp "$DA_TMP/out" "$DA_TMP/quiet"
da_run eval --benchmark "$SLICE" --json "$DA_TMP/r.json" "$MIXED"
want=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
print("%d fail" % s["fail"])' "$DA_TMP/r.json")
grep -qF "$want" "$DA_TMP/quiet" || da_fail "--quiet does not say '$want'"
da_run eval --benchmark "$SLICE" -q --score-model flat "$MIXED"
grep -qE '^fixture-host: score [0-9.]+ of [0-9.]+ \(flat\); ' "$DA_TMP/out" ||
	da_fail "--quiet does not name a non-default scoring model"

# Options may follow the operand, GNU style; "--" ends them.
da_run eval "$MIXED" --benchmark "$SLICE" --quiet
expect_rc 2 "options after the facts file"
cmp -s "$DA_TMP/out" "$DA_TMP/quiet" || da_fail "options after the operand give another summary"
da_run eval --benchmark "$SLICE" -- "$MIXED" --quiet
expect_rc 1 "an option after --"
expect_err "dockaudit eval: expected one FACTS file" "an option after -- is an operand"

# --verbose: passing subjects too.
da_run eval --benchmark "$SLICE" --verbose "$MIXED"
grep -q 'container c-good (pass)' "$DA_TMP/out" || da_fail "--verbose does not list c-good's pass"

# Both: refused before anything is evaluated.
da_run eval --benchmark "$SLICE" -q -v "$MIXED"
expect_rc 1 "--quiet with --verbose"
expect_err "dockaudit: --quiet and --verbose cannot be used together" "--quiet with --verbose"
[ -s "$DA_TMP/out" ] && da_fail "--quiet with --verbose printed a summary"

da_done
