#!/bin/sh
# dockaudit against Podman's Docker-compatible API (podman system service)
# with storage of its own: the engine is identified as Podman, its process
# is podman, and its containers, running and stopped, are collected like
# Docker's.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_podman

PD=$DA_TMP/podman
mkdir -p "$PD/root" "$PD/run" "$PD/tmp"
SOCK=$PD/podman.sock
PODMAN_PID=
PODMAN="$DA_PODMAN --root $PD/root --runroot $PD/run --tmpdir $PD/tmp --storage-driver vfs
	--cgroup-manager cgroupfs --events-backend file"

# podman_stop: remove the containers, stop the service, unmount what podman
# left (a container's /dev/shm) so its directory can go. A cleanup hook.
# shellcheck disable=SC2317 # called from da_cleanup
podman_stop() {
	$PODMAN rm -f -t 0 -a >/dev/null 2>&1
	if [ -n "$PODMAN_PID" ]; then
		kill -TERM "$PODMAN_PID" 2>/dev/null
		da_wait_gone "$PODMAN_PID" 10 || kill -KILL "$PODMAN_PID" 2>/dev/null
		wait "$PODMAN_PID" 2>/dev/null
	fi
	da_unmount_under "$PD"
}
DA_CLEANUP_HOOKS=podman_stop

# shellcheck disable=SC2086 # PODMAN is a command and its options
setsid $PODMAN system service --time=0 "unix://$SOCK" </dev/null >"$PD/service.log" 2>&1 &
PODMAN_PID=$!
i=0
until [ "$(curl -s --max-time 2 --unix-socket "$SOCK" http://podman/_ping 2>/dev/null)" = OK ]; do
	if ! da_pid_alive "$PODMAN_PID" || [ "$i" -ge 300 ]; then
		tail -n 20 "$PD/service.log" >&2
		da_skip "podman system service does not start here"
	fi
	sleep 0.1
	i=$((i + 1))
done
[ "$(cat "/proc/$PODMAN_PID/comm" 2>/dev/null)" = podman ] || da_fatal "pid $PODMAN_PID is not podman"

# Podman (as root) gives containers RLIMIT_NOFILE and RLIMIT_NPROC of
# 1048576, which runc cannot set without CAP_SYS_RESOURCE (sandboxes lack
# it): ask for podman's own limits instead, which need no privilege.
nofile=$(awk '/^Max open files/ { print $5 }' "/proc/$PODMAN_PID/limits")
nproc=$(awk '/^Max processes/ { print $4 }' "/proc/$PODMAN_PID/limits")
LIMITS="--ulimit nofile=$nofile:$nofile --ulimit nproc=$nproc:$nproc"

IMG=localhost/da-busybox:podman
da_busybox_tar "$DA_TMP/busybox.tar"
# shellcheck disable=SC2086
$PODMAN import "$DA_TMP/busybox.tar" "$IMG" >/dev/null 2>"$DA_TMP/import.err" ||
	da_fatal "podman import failed: $(cat "$DA_TMP/import.err")"
# shellcheck disable=SC2086
$PODMAN run -d --name p-run --network none $LIMITS --cap-add SYS_ADMIN "$IMG" sleep 3600 \
	>/dev/null 2>"$DA_TMP/run.err" || da_fatal "podman run failed: $(cat "$DA_TMP/run.err")"
# shellcheck disable=SC2086
$PODMAN create --name p-stopped --network none "$IMG" sleep 3600 >/dev/null ||
	da_fatal "podman create failed"
# shellcheck disable=SC2086
CPID=$($PODMAN inspect -f '{{.State.Pid}}' p-run) || da_fatal "podman inspect failed"

F=$DA_TMP/facts.json
DOCKER_HOST=unix://$SOCK da_dockaudit collect -o "$F"
expect_rc 0 "collect from Podman"
expect --fact "$F" /daemon/reachable true
expect --fact "$F" /daemon/host "unix://$SOCK"
expect --fact "$F" /daemon/engine/kind podman
expect --fact "$F" /daemon/engine/rootless false
# dockerd's configuration means nothing to Podman: no setting is claimed.
expect --fact "$F" /daemon/config_file/error --contains "Podman"
expect --fact "$F" /daemon/settings/icc/error --contains "Podman"
expect --fact-absent "$F" /daemon/settings/icc/value
expect --fact "$F" /daemon/process/pid "$PODMAN_PID"
expect --fact "$F" /daemon/process/exe "$DA_PODMAN" --string
expect --fact "$F" /daemon/version/Components/0/Name "Podman Engine" --string
expect --fact "$F" /containers/count 2
expect --fact "$F" /containers/items/0/name p-run
expect --fact "$F" /containers/items/0/running true
expect --fact "$F" /containers/items/0/proc/pid "$CPID"
expect --fact "$F" /containers/items/1/name p-stopped
expect --fact "$F" /containers/items/1/running false
expect --fact "$F" /containers/items/0/proc/processes/items/0/pid "$CPID"
expect_in "$F" /containers/items/0/caps/effective CAP_SYS_ADMIN
m=/images/items/$(da_item_index "$F" /images/items name "$IMG")
expect --fact "$F" "$m/in_use_by" '["p-run", "p-stopped"]'

R=$DA_TMP/results.json
da_dockaudit eval --json "$R" "$F"
expect_rc 2 "eval of Podman's facts: some rules fail"
expect "$R" container_added_capabilities p-run fail --message-contains CAP_SYS_ADMIN
expect "$R" container_added_capabilities p-stopped pass
expect "$R" container_privileged p-run pass

da_done
