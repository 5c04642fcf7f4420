#!/bin/sh
# dockaudit against a real dockerd for the rules about what happens to
# containers after they start: live exec sessions (5.23 privileged, 5.24
# as root), a container left on an image its tag no longer names (5.28),
# the image and container counts reported as information (6.1, 6.2), and
# a swarm node's listen address, root CA age and data path (7.2, 7.8,
# 7.9), each with a failing and a passing twin.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

da_dockerd_start
IMG=da-ops:1
da_image_busybox "$IMG"
da_privileged_ready "$IMG"
D=$DA_DOCKER

run() {
	c=$1
	shift
	da_docker run -d --name "$c" "$@" "$IMG" sleep 3600
}

# ---- exec sessions -------------------------------------------------------
# A session that keeps running, so the daemon lists it while we audit.
run x-priv --user 1000
da_docker exec -d --privileged -u 1000 x-priv sleep 600
run x-root --user 1000
da_docker exec -d x-root sleep 600 # as the container's user: uid 1000
da_docker exec -d -u 0 x-root sleep 600
run x-rootname --user 1000
da_docker exec -d -u root:root x-rootname sleep 600
run x-inherit # the container runs as root: a session without -u too
da_docker exec -d x-inherit sleep 600
run x-user --user 1000
da_docker exec -d -u 1000 x-user sleep 600
da_docker exec -d -u app x-user sleep 600
run x-none --user 1000
# A session that ended: the daemon drops it from the container's ExecIDs
# when its process exits, so nothing is left to judge.
run x-ended --user 1000
da_docker exec -u 0 x-ended true

# ---- stale images ---------------------------------------------------------
# i-old runs da-ops:stale as it was; the tag then moves to a new image.
da_image_busybox da-ops:stale
run i-old --user 1000
"$D" rm -f i-old >/dev/null
da_docker run -d --name i-old --user 1000 da-ops:stale sleep 3600
da_image_busybox da-ops:stale -c 'LABEL rebuilt=yes'
da_docker run -d --name i-new --user 1000 da-ops:stale sleep 3600
id=$("$D" inspect -f '{{.Image}}' i-new)
da_docker run -d --name i-byid --user 1000 "$id" sleep 3600
# A tag that no longer names anything.
da_image_busybox da-ops:gone
da_docker run -d --name i-gone --user 1000 da-ops:gone sleep 3600
da_docker tag da-ops:gone da-ops:other # a second tag: rmi only untags
"$D" rmi da-ops:gone >/dev/null 2>&1 || da_fatal "docker rmi da-ops:gone failed"
da_docker create --name s-stopped --user 1000 "$IMG" true

R=$DA_TMP/ops.json
F=$DA_TMP/ops-facts.json
da_dockaudit collect --docker-host "$DOCKER_HOST" -o "$F"
expect_rc 0 "collect"
da_audit_json "$R"
expect_rc 2 "audit: the exec and image rules fail"

expect_matrix "$R" <<MATRIX
container_exec_privileged x-priv fail
container_exec_privileged x-root pass
container_exec_privileged x-user pass
container_exec_privileged x-none pass
container_exec_privileged x-ended pass
container_exec_privileged s-stopped pass

container_exec_root x-priv pass
container_exec_root x-root fail
container_exec_root x-rootname fail
container_exec_root x-inherit fail
container_exec_root x-user pass
container_exec_root x-none pass
container_exec_root x-ended pass
container_exec_root s-stopped pass

container_image_current i-old fail
container_image_current i-new pass
container_image_current i-byid pass
container_image_current i-gone fail
container_image_current x-none pass

image_sprawl - informational
container_sprawl - informational
MATRIX
expect "$R" container_exec_privileged x-priv fail --message-contains "privileged"
expect "$R" container_image_current i-gone fail --message-contains "resolves"

# The facts behind them: the root session found by its process.
n=$(da_item_index "$F" /containers/items name x-root)
expect --fact "$F" "/containers/items/$n/execs/count" 2
n=$(da_item_index "$F" /containers/items name x-user)
expect --fact "$F" "/containers/items/$n/execs/items/0/uid_source" proc
expect --fact "$F" "/containers/items/$n/execs/items/0/uid" 1000
n=$(da_item_index "$F" /images/references container i-byid)
expect --fact "$F" "/images/references/$n/by" id

# The counts: every image the daemon lists, every container.
imgs=$("$D" images -aq --no-trunc | sort -u | wc -l)
unused=$("$D" images -aq --no-trunc | sort -u | while read -r i; do
	[ -n "$("$D" ps -aq --filter "ancestor=$i")" ] || echo "$i"
done | wc -l)
dangling=$("$D" images -q --no-trunc --filter dangling=true | sort -u | wc -l)
total=$("$D" ps -aq | wc -l)
running=$("$D" ps -q | wc -l)
expect --fact "$F" /inventory/images/total "$imgs"
expect --fact "$F" /inventory/images/dangling "$dangling"
expect --fact "$F" /inventory/containers/total "$total"
expect --fact "$F" /inventory/containers/running "$running"
expect "$R" image_sprawl images informational --message-contains "$imgs images ($unused unused, $dangling dangling)"
expect "$R" container_sprawl containers informational \
	--message-contains "$total containers ($running running, $((total - running)) stopped)"

# Outside a swarm the swarm rules do not apply.
expect_matrix "$R" <<MATRIX
swarm_listen_interface - notapplicable
swarm_ca_rotated - notapplicable
swarm_plane_separation - notapplicable
MATRIX

# ---- swarm ------------------------------------------------------------------
# swarm_init ARGS...: leave any swarm, then init one with ARGS.
swarm_init() {
	"$D" swarm leave --force >/dev/null 2>&1 || true
	out=$("$D" swarm init "$@" 2>&1) || da_fatal "docker swarm init $*: $out"
}
da_loopback_up
ip addr add 127.0.0.2/8 dev lo 2>/dev/null || true

swarm_init --listen-addr 0.0.0.0:2377 --advertise-addr 127.0.0.1
da_audit_json "$R"
expect_rc 2 "audit of a swarm listening everywhere"
expect_matrix "$R" <<MATRIX
swarm_listen_interface dockerd fail
swarm_ca_rotated dockerd pass
swarm_plane_separation dockerd fail
MATRIX
expect "$R" swarm_listen_interface dockerd fail --message-contains "0.0.0.0"

swarm_init --listen-addr 127.0.0.1:2377 --advertise-addr 127.0.0.1 --data-path-addr 127.0.0.2
da_dockaudit collect --docker-host "$DOCKER_HOST" -o "$F"
expect_rc 0 "collect in a swarm"
da_audit_json "$R"
expect_rc 2 "audit of a well-set swarm (the containers still fail)"
expect_matrix "$R" <<MATRIX
swarm_listen_interface dockerd pass
swarm_ca_rotated dockerd pass
swarm_plane_separation dockerd pass
MATRIX
expect --fact "$F" /swarm/listen/host 127.0.0.1
expect --fact "$F" /swarm/data_path/addr 127.0.0.2
expect --fact "$F" /swarm/root_ca/age_days 0
# A root CA issued long ago fails 7.8: rotate the swarm to an external
# root made with a notBefore of 2024-01-01 (openssl ca -startdate).
ca=$DA_TMP/oldca
mkdir -p "$ca"
: >"$ca/index.txt"
echo 01 >"$ca/serial"
cat >"$ca/ca.cnf" <<CNF
[ca]
default_ca = da
[da]
database = $ca/index.txt
new_certs_dir = $ca
serial = $ca/serial
default_md = sha256
policy = pol
x509_extensions = ext
[pol]
commonName = supplied
[ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
CNF
if ! { openssl ecparam -genkey -name prime256v1 -noout -out "$ca/key.pem" &&
	openssl req -new -key "$ca/key.pem" -subj /CN=swarm-ca -out "$ca/csr.pem" &&
	openssl ca -batch -notext -config "$ca/ca.cnf" -selfsign -keyfile "$ca/key.pem" \
		-in "$ca/csr.pem" -startdate 20240101000000Z -enddate 20400101000000Z \
		-out "$ca/ca.pem"; } >/dev/null 2>&1; then
	da_fatal "cannot make a backdated CA with openssl ca"
fi
out=$("$D" swarm ca --rotate --ca-cert "$ca/ca.pem" --ca-key "$ca/key.pem" 2>&1) ||
	da_fatal "docker swarm ca --rotate: $out"
da_dockaudit collect --docker-host "$DOCKER_HOST" -o "$F"
expect_rc 0 "collect after the CA rotation"
expect --fact "$F" /swarm/root_ca/not_before 2024-01-01T00:00:00Z
da_dockaudit eval --json "$R" "$F"
expect_rc 2 "eval with an old CA"
expect "$R" swarm_ca_rotated dockerd fail --message-contains "/root_ca/age_days is"
expect "$R" swarm_listen_interface dockerd pass
"$D" swarm leave --force >/dev/null 2>&1 || true

da_done
