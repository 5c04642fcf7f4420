#!/bin/sh
# The TCP listeners a real dockerd holds, found in /proc by its socket
# inodes whatever its command line says: a daemon started by socket
# activation (-H fd://, a listening TCP socket handed over as systemd does:
# fd 3, LISTEN_FDS=1, LISTEN_PID=its own pid) answers plain HTTP on
# 127.0.0.1 and fails the TLS rules (2.7 and the TCP-without-TLS rule); the
# same with --tlsverify serves TLS on that socket and passes; a daemon
# without a TCP socket is not applicable.
# shellcheck disable=SC3043 # local: dash, bash and busybox sh all have it
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

# The test has a network namespace of its own: any port is free there.
da_loopback_up
PORT=23750
REAL_DOCKERD=$DA_DOCKERD
ACT=$DA_TMP/activate
# What systemd does for a socket unit with ListenStream=127.0.0.1:PORT:
# bind and listen, the socket as fd 3, LISTEN_FDS and LISTEN_PID set, then
# exec dockerd in the same process (dockerd checks LISTEN_PID == getpid()).
cat >"$ACT" <<PY
#!/usr/bin/env python3
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", $PORT))
s.listen(128)
fd = s.detach()
if fd != 3:
    os.dup2(fd, 3)
    os.close(fd)
os.set_inheritable(3, True)
os.environ["LISTEN_FDS"] = "1"
os.environ["LISTEN_PID"] = str(os.getpid())
os.environ.pop("LISTEN_FDNAMES", None)
os.execv("$REAL_DOCKERD", ["$REAL_DOCKERD"] + sys.argv[1:])
PY
chmod 0755 "$ACT"

F=$DA_TMP/facts.json
R=$DA_TMP/results.json

# listener_index: the index of the 127.0.0.1:PORT listener in $F.
listener_index() {
	da_item_index "$F" /daemon/listeners/items port "$PORT"
}

# (1) Socket activation, plain HTTP: nothing on the command line says TCP.
DA_DOCKERD=$ACT
da_dockerd_start -H fd://
DA_DOCKERD=$REAL_DOCKERD
[ "$(curl -s --max-time 5 "http://127.0.0.1:$PORT/_ping")" = OK ] ||
	da_fatal "the socket-activated dockerd does not answer plain HTTP on 127.0.0.1:$PORT"
da_dockaudit collect -o "$F"
expect_rc 0 "collect (fd://, plain)"
expect --fact "$F" /daemon/process/pid "$DA_DOCKERD_PID"
expect_not_in "$F" /daemon/settings/hosts/value "tcp://127.0.0.1:$PORT"
expect --fact "$F" /daemon/listeners/source proc
expect --fact "$F" /daemon/listeners/probe_allowed true
i=$(listener_index)
expect --fact "$F" "/daemon/listeners/items/$i/address" 127.0.0.1
expect --fact "$F" "/daemon/listeners/items/$i/family" ipv4
expect --fact "$F" "/daemon/listeners/items/$i/tls" false
expect --fact "$F" "/daemon/listeners/items/$i/tls_source" probe
da_audit_json "$R"
expect "$R" daemon_tls_auth dockerd fail
expect "$R" daemon_tcp_without_tls_verify dockerd fail

# (1b) daemon.json rewritten to turn tlsverify on, no restart: the file
# says TLS (a file edited after the start no longer tells the setting: an
# error that keeps the file's value), the listener still answers plain
# HTTP, and the listener wins.
T=$DA_TMP/tls
da_tls_certs "$T"
printf '{"tlsverify": true, "tlscacert": "%s", "tlscert": "%s", "tlskey": "%s"}\n' \
	"$T/ca.pem" "$T/server.pem" "$T/server-key.pem" >"$DA_DOCKERD_DIR/daemon.json"
da_dockaudit collect -o "$F"
expect_rc 0 "collect (fd://, plain, config says TLS)"
expect --fact "$F" /daemon/settings/tlsverify/file_value true
i=$(listener_index)
expect --fact "$F" "/daemon/listeners/items/$i/tls" false
da_audit_json "$R"
expect "$R" daemon_tls_auth dockerd fail --message-contains 127.0.0.1
expect "$R" daemon_tcp_without_tls_verify dockerd fail --message-contains 127.0.0.1

# (2) The same socket, with --tlsverify: dockerd wraps it in TLS.
DA_DOCKERD=$ACT
da_dockerd_start -H fd:// --tlsverify --tlscacert "$T/ca.pem" --tlscert "$T/server.pem" \
	--tlskey "$T/server-key.pem"
DA_DOCKERD=$REAL_DOCKERD
[ "$(curl -s --max-time 5 --cacert "$T/ca.pem" --cert "$T/client.pem" --key "$T/client-key.pem" \
	"https://127.0.0.1:$PORT/_ping")" = OK ] ||
	da_fatal "the socket-activated dockerd does not answer TLS on 127.0.0.1:$PORT"
da_dockaudit collect -o "$F"
expect_rc 0 "collect (fd://, TLS)"
i=$(listener_index)
expect --fact "$F" "/daemon/listeners/items/$i/tls" true
expect --fact "$F" "/daemon/listeners/items/$i/tls_source" probe
da_audit_json "$R"
expect "$R" daemon_tls_auth dockerd pass
expect "$R" daemon_tcp_without_tls_verify dockerd pass

# (3) No TCP socket at all: not applicable, and no listener listed.
da_dockerd_start
da_dockaudit collect -o "$F"
expect_rc 0 "collect (unix only)"
expect --fact "$F" /daemon/listeners/items '[]'
da_audit_json "$R"
expect "$R" daemon_tls_auth dockerd notapplicable
expect "$R" daemon_tcp_without_tls_verify dockerd notapplicable

da_done
