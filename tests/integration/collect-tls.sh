#!/bin/sh
# dockaudit reaching a real dockerd over TCP with TLS, certificates made
# with openssl here: DOCKER_HOST/DOCKER_TLS_VERIFY/DOCKER_CERT_PATH and
# --docker-host reach it; no client certificate, a wrong CA and plain HTTP
# are clean failures naming TLS; the daemon's TLS settings and TLS files
# are the paths the daemon was told to use (config file and flags).
# shellcheck disable=SC3043 # local: dash, bash and busybox sh all have it
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

# The test has a network namespace of its own: port 2376 is free there.
da_loopback_up
TCP=tcp://127.0.0.1:2376
T=$DA_TMP/tls
da_tls_certs "$T"
mkdir -p "$T/noclient" "$T/wrongca"
cp "$T/ca.pem" "$T/noclient/ca.pem"
cp "$T/other-ca.pem" "$T/wrongca/ca.pem"
cp "$T/client.pem" "$T/wrongca/cert.pem"
cp "$T/client-key.pem" "$T/wrongca/key.pem"
chmod 0644 "$T/ca.pem" "$T/server.pem"
chmod 0400 "$T/server-key.pem"

# TLS half from the config file, half from flags (dockerd refuses a
# setting given both ways), so each setting's source is known. --tlsverify
# must be a flag: dockerd 20.10 drops --tlscert and --tlskey from its
# command line unless --tls or --tlsverify is there too.
DA_DAEMON_JSON_CONTENT="{\"tlscacert\": \"$T/ca.pem\"}"
da_dockerd_start -H "$TCP" --tlsverify --tlscert "$T/server.pem" --tlskey "$T/server-key.pem"
UNIX=$DOCKER_HOST
IMG=da-busybox:tls
da_image_busybox "$IMG"
da_docker run -d --name c-tls "$IMG" sleep 3600
CPID=$(da_container_pid c-tls)
VERSION=$("$DA_DOCKER" version -f '{{.Server.Version}}') || da_fatal "docker version failed"

F=$DA_TMP/facts.json

# collect_env DIR [dockaudit args]: collect with DOCKER_HOST=$TCP,
# DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH=DIR into $F.
collect_env() {
	local dir="$1"
	shift
	DOCKER_HOST=$TCP DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$dir da_dockaudit collect -o "$F" "$@"
	expect_rc 0 "collect with DOCKER_CERT_PATH=$dir $*"
}

# A reachable daemon: what we know of it from the unix socket.
expect_reached() {
	expect --fact "$F" /daemon/reachable true
	expect --fact "$F" /daemon/host "$TCP"
	expect --fact "$F" /daemon/version/Version "$VERSION" --string
	expect --fact "$F" /containers/count 1
	expect --fact "$F" /containers/items/0/name c-tls
	expect --fact "$F" /containers/items/0/proc/pid "$CPID"
}

# (1) The environment alone, as the docker CLI reads it.
collect_env "$T/client"
expect_reached
# The daemon behind 127.0.0.1:2376 is the one we started, found by its
# listening TCP socket, and its TLS settings are the paths it was given.
expect --fact "$F" /daemon/process/pid "$DA_DOCKERD_PID"
expect --fact "$F" /daemon/process/found_by tcp-socket
expect --fact "$F" /daemon/engine/kind docker
expect --fact "$F" /daemon/settings/tlsverify '{"value": true, "source": "flag"}'
expect --fact "$F" /daemon/settings/tls '{"value": true, "source": "implied", "by": "tlsverify"}'
expect --fact "$F" /daemon/settings/hosts/source flag
expect_in "$F" /daemon/settings/hosts/value "$TCP"
expect --fact "$F" /daemon/settings/tlscacert "{\"value\": \"$T/ca.pem\", \"source\": \"config\"}"
expect --fact "$F" /daemon/settings/tlscert "{\"value\": \"$T/server.pem\", \"source\": \"flag\"}"
expect --fact "$F" /daemon/settings/tlskey "{\"value\": \"$T/server-key.pem\", \"source\": \"flag\"}"
# shellcheck disable=SC2086 # four words a pair
for pair in "tls-ca $T/ca.pem 0644 config" "tls-cert $T/server.pem 0644 flag" \
	"tls-key $T/server-key.pem 0400 flag"; do
	set -- $pair
	i=$(da_item_index "$F" /files/items role "$1")
	if [ "$i" = none ]; then
		da_fail "$F: no item with role $1 in /files/items"
		continue
	fi
	expect --fact "$F" "/files/items/$i/path" "$2" --string
	expect --fact "$F" "/files/items/$i/exists" true
	expect --fact "$F" "/files/items/$i/mode" "$3" --string
	expect --fact "$F" "/files/items/$i/source" "$4"
done

# (2) --docker-host wins over DOCKER_HOST (here the unix socket).
DOCKER_HOST=$UNIX DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$T/client \
	da_dockaudit collect --docker-host "$TCP" -o "$F"
expect_rc 0 "collect --docker-host $TCP"
expect_reached

# (3) No client certificate: the daemon (--tlsverify) ends the session.
collect_env "$T/noclient"
expect --fact "$F" /daemon/reachable false
expect --fact "$F" /daemon/error --contains "GET /_ping: TLS with $TCP: "
expect --fact "$F" /daemon/error --contains "(no client certificate: $T/noclient/cert.pem not found)"
expect --fact "$F" /containers/error --contains "TLS with $TCP"
expect --fact "$F" /host/kernel "$(cat /proc/sys/kernel/osrelease)" --string

# (4) A CA that did not sign the daemon's certificate: verification fails.
collect_env "$T/wrongca"
expect --fact "$F" /daemon/reachable false
expect --fact "$F" /daemon/error --contains \
	"GET /_ping: TLS with $TCP: the daemon's certificate does not verify against $T/wrongca/ca.pem: "

# ... and it is verification that refuses it: without DOCKER_TLS_VERIFY the
# same directory gives TLS without verification (as the Docker SDK does).
DOCKER_HOST=$TCP DOCKER_CERT_PATH=$T/wrongca da_dockaudit collect -o "$F"
expect_rc 0 "collect without verification"
expect --fact "$F" /daemon/reachable true

# (5) A certificate directory without ca.pem: refused before connecting.
collect_env "$DA_TMP/nonexistent"
expect --fact "$F" /daemon/reachable false
expect --fact "$F" /daemon/error \
	"GET /_ping: TLS: DOCKER_TLS_VERIFY is set but $DA_TMP/nonexistent/ca.pem cannot be read: No such file or directory" --string

# (6) Plain HTTP to the TLS port: the daemon answers 400, named as TLS.
DOCKER_HOST=$TCP da_dockaudit collect -o "$F"
expect_rc 0 "collect in plain HTTP"
expect --fact "$F" /daemon/reachable false
expect --fact "$F" /daemon/error \
	"GET /_ping: HTTP 400: $TCP expects TLS (set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)" --string

da_done
