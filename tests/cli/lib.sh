# Shared by the command-line tests: run dockaudit (under valgrind in the
# valgrind build), check exit codes and messages.
set -u
: "${DOCKAUDIT:?run through make check}"
: "${top_srcdir:?run through make check}"
DA_FAILS=0
DA_TMP=$(mktemp -d /tmp/da-cli.XXXXXX)
trap 'rm -rf "$DA_TMP"' EXIT
FACTS="$top_srcdir/tests/fixtures/facts"
EXPECT="python3 $top_srcdir/tests/integration/expect.py"

# da_run: run dockaudit with ARGS, stdout in $DA_TMP/out, stderr in $DA_TMP/err, code in DA_RC.
da_run() {
	# shellcheck disable=SC2086
	${DA_WRAPPER:-} "$DOCKAUDIT" "$@" >"$DA_TMP/out" 2>"$DA_TMP/err"
	DA_RC=$?
}

da_fail() {
	echo "FAIL: $*"
	echo "  stderr: $(head -c 600 "$DA_TMP/err")"
	DA_FAILS=$((DA_FAILS + 1))
}

# expect_rc CODE DESCRIPTION
expect_rc() {
	[ "$DA_RC" -eq "$1" ] || da_fail "$2: exit code $DA_RC, expected $1"
}

# expect_err TEXT DESCRIPTION: stderr contains TEXT (fixed string)
expect_err() {
	grep -qF -- "$1" "$DA_TMP/err" || da_fail "$2: stderr lacks '$1'"
}

expect_out() {
	grep -qF -- "$1" "$DA_TMP/out" || da_fail "$2: stdout lacks '$1'"
}

da_done() {
	if [ "$DA_FAILS" -ne 0 ]; then
		echo "$DA_FAILS check(s) failed"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
