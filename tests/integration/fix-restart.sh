#!/bin/sh
# Restart a test dockerd the way an administrator would, for the fix tests:
# the same command line, TERM and wait, start again detached, wait for its
# socket. Its argument is the daemon's directory (dockerd.pid, docker.sock,
# dockerd.log); the harness finds the new daemon by its directory.
set -u
d=$1
pid=$(cat "$d/dockerd.pid") || exit 1
args=$(tr '\000' '\n' <"/proc/$pid/cmdline") || exit 1
kill -TERM "$pid" || exit 1
i=0
while kill -0 "$pid" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 300 ] || exit 1
	sleep 0.1
done
IFS='
'
# shellcheck disable=SC2086 # one argument a line
setsid $args </dev/null >>"$d/dockerd.log" 2>&1 &
i=0
until [ "$(curl -s --max-time 2 --unix-socket "$d/docker.sock" http://docker/_ping 2>/dev/null)" = OK ]; do
	i=$((i + 1))
	[ "$i" -lt 600 ] || exit 1
	sleep 0.1
done
