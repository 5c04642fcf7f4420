#!/bin/sh
# An output path that is not a regular file is written to, never replaced:
# a FIFO stays a FIFO and its reader gets the report; a character device
# (a null device of the test's own, made with mknod as root, never the
# host's /dev/null) stays a device, and no temporary file is left beside
# it. A regular file is still replaced atomically.
: "${top_srcdir:?run through make check}"
. "$top_srcdir/tests/cli/lib.sh"

F="$FACTS/daemon-misconfigured.json"
R="$DA_TMP/r.json"
da_run eval "$F" --json "$R"
[ -s "$R" ] || da_fail "eval wrote no result"

# A FIFO, read by cat while dockaudit writes (a reader left waiting on a
# FIFO that was replaced gives up after 30 s).
mkfifo "$DA_TMP/fifo"
timeout 30 cat "$DA_TMP/fifo" >"$DA_TMP/got" &
reader=$!
da_run eval "$F" --json "$DA_TMP/fifo"
wait "$reader"
expect_rc 2 "eval --json FIFO"
[ -p "$DA_TMP/fifo" ] || da_fail "the FIFO was replaced by a file"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$DA_TMP/got" ||
	da_fail "the FIFO's reader did not get the JSON result"
timeout 30 cat "$DA_TMP/fifo" >"$DA_TMP/got.yml" &
reader=$!
da_run fix "$R" -o "$DA_TMP/fifo"
wait "$reader"
expect_rc 0 "fix -o FIFO"
grep -q '^- name: Fix the findings of dockaudit' "$DA_TMP/got.yml" || da_fail "the FIFO's reader did not get the playbook"

# A character device of our own.
if [ "$(id -u)" -eq 0 ] && mknod -m 0666 "$DA_TMP/null" c 1 3 2>/dev/null; then
	da_run eval "$F" --json "$DA_TMP/null" --html "$DA_TMP/null" --arf "$DA_TMP/null"
	expect_rc 2 "eval into a null device"
	da_run fix "$R" -o "$DA_TMP/null"
	expect_rc 0 "fix -o a null device"
	da_run fix "$R" --format sh -o "$DA_TMP/null"
	expect_rc 0 "fix --format sh -o a null device"
	[ -c "$DA_TMP/null" ] || da_fail "the device was replaced: $(ls -l "$DA_TMP/null")"
	[ "$(stat -c %a "$DA_TMP/null")" = 666 ] || da_fail "the device's mode changed: $(stat -c %a "$DA_TMP/null")"
	ls -a "$DA_TMP" | grep -q 'null\.tmp\.' && da_fail "a temporary file was left beside the device"
elif [ "${CI:-}" = true ]; then
	da_fail "cannot make a device node (not root, or mknod refused) under CI"
else
	echo "not root: the device case is not run"
fi

# A regular file is still replaced, atomically.
printf 'old\n' >"$DA_TMP/file.json"
ln "$DA_TMP/file.json" "$DA_TMP/link.json"
da_run eval "$F" --json "$DA_TMP/file.json"
grep -qx old "$DA_TMP/link.json" || da_fail "the old file was written in place, not replaced"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$DA_TMP/file.json" || da_fail "the new file is not the JSON result"
da_done
