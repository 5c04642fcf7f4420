#!/bin/sh
# A full disk never destroys the previous latest.*: the history lives on a
# tiny tmpfs (mounted in a mount namespace of this test's own), a first
# run fits, then the disk is filled so that the next run's file, and then
# its latest.json, cannot be written. The run fails (exit 1), the earlier
# latest.json and latest.html are byte for byte what they were, no
# temporary file is left behind, and latest.prom says the run failed.
# Needs root and unshare (util-linux); skips (77) otherwise, fails under CI.
: "${top_srcdir:?run through make check}"
skip() {
	[ "${CI:-}" = true ] && { echo "ERROR: cannot run under CI: $*"; exit 99; }
	echo "SKIP: $*"
	exit 77
}
if [ -z "${DA_IN_MOUNT_NS:-}" ]; then
	[ "$(id -u)" -eq 0 ] || skip "not root"
	unshare --mount true 2>/dev/null || skip "cannot create a mount namespace (unshare)"
	DA_IN_MOUNT_NS=1 exec unshare --mount --propagation private /bin/sh "$0"
fi
. "$top_srcdir/tests/cli/lib.sh"

BASE="$FACTS/mixed-containers.json"
M="$DA_TMP/disk"
H="$M/h"
mkdir "$M"
# 4 MiB: room for one run's latest.* and the next one's beside them, as
# replacing them atomically needs (step 3), and no more.
mount -t tmpfs -o size=4m da-full "$M" || skip "cannot mount a tmpfs"
trap 'umount "$M"; rm -rf "$DA_TMP"' EXIT

da_run eval -q --history "$H" "$BASE"
expect_rc 2 "first run on the small disk"
for f in latest.json latest.html latest.prom; do
	cp "$H/$f" "$DA_TMP/$f"
done

# fill NAME FREE: fill the disk with file NAME until FREE bytes are left.
fill() {
	rm -f "$M/$1"
	avail=$(df -B1 --output=avail "$M" | tail -1)
	[ "$avail" -gt "$2" ] && head -c $((avail - $2)) /dev/zero >"$M/$1"
	sync
}

# 1. Not even the run's compressed file fits.
fill filler 4096
sleep 1
da_run eval -q --history "$H" "$BASE"
expect_rc 1 "run on a full disk"
expect_err "No space left on device" "run on a full disk: why"
cmp -s "$H/latest.json" "$DA_TMP/latest.json" || da_fail "full disk: latest.json changed"
cmp -s "$H/latest.html" "$DA_TMP/latest.html" || da_fail "full disk: latest.html changed"
[ "$(ls "$H/runs" | wc -l)" = 1 ] || da_fail "full disk: runs/ holds $(ls "$H/runs")"
ls -a "$H" "$H/runs" | grep -q '\.tmp\.' && da_fail "full disk: a temporary file is left behind"
# latest.prom is small: on the 4 KiB left it says the run failed.
grep -qx 'dockaudit_last_run_success 0' "$H/latest.prom" || da_fail "full disk: latest.prom does not say the run failed"

# 2. The run's file fits, latest.json (hundreds of kB) does not.
gz=$(stat -c %s "$H/runs/$(ls "$H/runs")")
rm -f "$M/filler"
cp "$DA_TMP/latest.prom" "$H/latest.prom"
fill filler $((gz + 12288))
sleep 1
da_run eval -q --history "$H" "$BASE"
expect_rc 1 "run whose latest.json does not fit"
expect_err "$H/latest.json: No space left on device" "latest.json does not fit: why"
cmp -s "$H/latest.json" "$DA_TMP/latest.json" || da_fail "latest.json does not fit: latest.json changed"
cmp -s "$H/latest.html" "$DA_TMP/latest.html" || da_fail "latest.json does not fit: latest.html changed"
ls -a "$H" "$H/runs" | grep -q '\.tmp\.' && da_fail "latest.json does not fit: a temporary file is left behind"

# 3. Room again: the next run replaces everything.
rm -f "$M/filler"
sleep 1
da_run eval -q --history "$H" "$BASE"
expect_rc 2 "run with room again"
grep -qx 'dockaudit_last_run_success 1' "$H/latest.prom" || da_fail "room again: success not 1"
da_done
