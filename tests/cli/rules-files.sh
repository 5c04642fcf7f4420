#!/bin/sh
# CIS Docker Benchmark section 3 (files.xml): every rule's exact result per
# subject on frozen fact documents under tests/fixtures/facts/files/.
# good.json: every file and socket correctly owned and moded (drop-ins and
#   registry certificates included, a sloppy containerd.service drop-in that
#   no rule of this section looks at);
# bad.json: every rule fails, with modes that only an octal comparison gets
#   right (setuid/setgid bits, 0440 on a key, 0646);
# none.json: nothing exists (notapplicable) but a root:root 0600 socket;
# edge.json: unlistable registry directories, a socket owned by a user.
. "$top_srcdir/tests/cli/lib.sh"

R="$DA_TMP/results.json"
F="$FACTS/files"

check_matrix() {
	while read -r rule subject result; do
		[ -n "$rule" ] || continue
		$EXPECT "$1" "$rule" "$subject" "$result" || DA_FAILS=$((DA_FAILS + 1))
	done
}

# not_subject RESULTS RULE SUBJECT: the rule has no instance for SUBJECT.
not_subject() {
	python3 - "$@" <<'PY' || DA_FAILS=$((DA_FAILS + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
rules = [r for r in doc["rules"] if r["id"].endswith("_rule_" + sys.argv[2])]
names = [(i.get("subject") or {}).get("name") for r in rules for i in r.get("instances", [])]
if not rules or sys.argv[3] in names:
    print("FAIL: %s: %s should not be a subject (subjects: %s)" % (sys.argv[2], sys.argv[3], names))
    sys.exit(1)
PY
}

da_run eval --json "$R" "$F/good.json"
[ -s "$R" ] || da_fail "good: no results"
check_matrix "$R" <<'MATRIX'
docker_service_owner /usr/lib/systemd/system/docker.service pass
docker_service_owner /etc/systemd/system/docker.service.d/10-opts.conf pass
docker_service_owner - pass
docker_service_mode /usr/lib/systemd/system/docker.service pass
docker_service_mode /etc/systemd/system/docker.service.d/10-opts.conf pass
docker_service_mode - pass
docker_socket_unit_owner /usr/lib/systemd/system/docker.socket pass
docker_socket_unit_owner /etc/systemd/system/docker.socket.d/10-group.conf pass
docker_socket_unit_owner - pass
docker_socket_unit_mode /usr/lib/systemd/system/docker.socket pass
docker_socket_unit_mode /etc/systemd/system/docker.socket.d/10-group.conf pass
docker_socket_unit_mode - pass
etc_docker_owner /etc/docker pass
etc_docker_mode /etc/docker pass
registry_certs_owner /etc/docker/certs.d pass
registry_certs_owner /etc/docker/certs.d/ca.crt pass
registry_certs_owner /etc/docker/certs.d/registry.example:5000/ca.crt pass
registry_certs_owner /etc/docker/certs.d/registry.example:5000/client.key pass
registry_certs_owner - pass
registry_certs_mode /etc/docker/certs.d/ca.crt pass
registry_certs_mode /etc/docker/certs.d/registry.example:5000/ca.crt pass
registry_certs_mode /etc/docker/certs.d/registry.example:5000/client.key pass
registry_certs_mode - pass
tls_ca_owner /etc/docker/tls/ca.pem pass
tls_ca_mode /etc/docker/tls/ca.pem pass
tls_cert_owner /etc/docker/tls/server-cert.pem pass
tls_cert_mode /etc/docker/tls/server-cert.pem pass
tls_key_owner /etc/docker/tls/server-key.pem pass
tls_key_mode /etc/docker/tls/server-key.pem pass
docker_sock_owner /var/run/docker.sock pass
docker_sock_mode /var/run/docker.sock pass
daemon_json_owner /etc/docker/daemon.json pass
daemon_json_mode /etc/docker/daemon.json pass
etc_default_docker_owner /etc/default/docker pass
etc_default_docker_mode /etc/default/docker pass
etc_sysconfig_docker_mode /etc/sysconfig/docker pass
etc_sysconfig_docker_owner /etc/sysconfig/docker pass
containerd_sock_owner /run/containerd/containerd.sock pass
containerd_sock_mode /run/containerd/containerd.sock pass
MATRIX
# Only docker.service's drop-ins count for 3.1/3.2, only docker.socket's for 3.3/3.4.
not_subject "$R" docker_service_owner /etc/systemd/system/containerd.service.d/10-x.conf
not_subject "$R" docker_service_mode /etc/systemd/system/docker.socket.d/10-group.conf
not_subject "$R" docker_socket_unit_mode /etc/systemd/system/docker.service.d/10-opts.conf
not_subject "$R" registry_certs_mode /etc/docker/certs.d
$EXPECT "$R" docker_sock_owner /var/run/docker.sock pass --message-contains "/group is docker" ||
	DA_FAILS=$((DA_FAILS + 1))

da_run eval --json "$R" "$F/bad.json"
expect_rc 2 "bad: rules fail"
check_matrix "$R" <<'MATRIX'
docker_service_owner /etc/systemd/system/docker.service fail
docker_service_owner /etc/systemd/system/docker.service.d/10-opts.conf pass
docker_service_owner /etc/systemd/system/docker.service.d/20-env.conf fail
docker_service_owner - fail
docker_service_mode /etc/systemd/system/docker.service fail
docker_service_mode /etc/systemd/system/docker.service.d/10-opts.conf fail
docker_service_mode /etc/systemd/system/docker.service.d/20-env.conf pass
docker_service_mode - fail
docker_socket_unit_owner /lib/systemd/system/docker.socket fail
docker_socket_unit_mode /lib/systemd/system/docker.socket fail
etc_docker_owner /etc/docker fail
etc_docker_mode /etc/docker fail
registry_certs_owner /etc/docker/certs.d fail
registry_certs_owner /etc/docker/certs.d/registry.example:5000/ca.crt fail
registry_certs_owner /etc/docker/certs.d/registry.example:5000/client.key pass
registry_certs_owner /etc/docker/certs.d/registry.example:5000/client.cert pass
registry_certs_owner - fail
registry_certs_mode /etc/docker/certs.d/registry.example:5000/ca.crt fail
registry_certs_mode /etc/docker/certs.d/registry.example:5000/client.key pass
registry_certs_mode /etc/docker/certs.d/registry.example:5000/client.cert fail
registry_certs_mode - fail
tls_ca_owner /root/.docker/ca.pem fail
tls_ca_mode /root/.docker/ca.pem fail
tls_cert_owner /srv/tls/cert.pem fail
tls_cert_mode /srv/tls/cert.pem fail
tls_key_owner /srv/tls/key.pem fail
tls_key_mode /srv/tls/key.pem fail
docker_sock_owner /var/run/docker.sock fail
docker_sock_mode /var/run/docker.sock fail
daemon_json_owner /etc/docker/daemon.json fail
daemon_json_mode /etc/docker/daemon.json fail
etc_default_docker_owner /etc/default/docker fail
etc_default_docker_mode /etc/default/docker fail
etc_sysconfig_docker_mode /etc/sysconfig/docker fail
etc_sysconfig_docker_owner /etc/sysconfig/docker fail
containerd_sock_owner /run/containerd/containerd.sock fail
containerd_sock_mode /run/containerd/containerd.sock fail
MATRIX
# Special bits count: setgid on /etc/docker, setuid on a certificate and daemon.json.
$EXPECT "$R" etc_docker_mode /etc/docker fail --message-contains 2775 || DA_FAILS=$((DA_FAILS + 1))
$EXPECT "$R" registry_certs_mode /etc/docker/certs.d/registry.example:5000/client.cert fail --message-contains 4444 ||
	DA_FAILS=$((DA_FAILS + 1))
$EXPECT "$R" daemon_json_mode /etc/docker/daemon.json fail --message-contains 4644 || DA_FAILS=$((DA_FAILS + 1))
$EXPECT "$R" docker_sock_owner /var/run/docker.sock fail --message-contains "/group is staff" ||
	DA_FAILS=$((DA_FAILS + 1))
# Group root on the key, readable by the group: owner passes elsewhere, mode 0440 fails.
$EXPECT "$R" tls_key_mode /srv/tls/key.pem fail --message-contains 0440 || DA_FAILS=$((DA_FAILS + 1))

da_run eval --json "$R" "$F/none.json"
check_matrix "$R" <<'MATRIX'
docker_service_owner /usr/lib/systemd/system/docker.service notapplicable
docker_service_owner - notapplicable
docker_service_mode - notapplicable
docker_socket_unit_owner - notapplicable
docker_socket_unit_mode - notapplicable
etc_docker_owner /etc/docker notapplicable
etc_docker_mode - notapplicable
registry_certs_owner /etc/docker/certs.d notapplicable
registry_certs_owner - notapplicable
registry_certs_mode - notapplicable
tls_ca_owner - notapplicable
tls_ca_mode - notapplicable
tls_cert_owner - notapplicable
tls_cert_mode - notapplicable
tls_key_owner - notapplicable
tls_key_mode /etc/docker/tls/server-key.pem notapplicable
docker_sock_owner /run/docker.sock pass
docker_sock_mode /run/docker.sock pass
daemon_json_owner - notapplicable
daemon_json_mode - notapplicable
etc_default_docker_owner - notapplicable
etc_default_docker_mode - notapplicable
etc_sysconfig_docker_mode - notapplicable
etc_sysconfig_docker_owner - notapplicable
containerd_sock_owner - notapplicable
containerd_sock_mode /run/containerd/containerd.sock notapplicable
MATRIX

da_run eval --json "$R" "$F/edge.json"
check_matrix "$R" <<'MATRIX'
registry_certs_owner /etc/docker/certs.d/broken:443 error
registry_certs_owner - error
registry_certs_mode /etc/docker/certs.d/broken:443 error
registry_certs_mode - error
docker_sock_owner /var/run/docker.sock fail
docker_sock_mode /var/run/docker.sock pass
tls_key_owner /etc/docker/tls/server-key.pem pass
tls_key_mode /etc/docker/tls/server-key.pem fail
docker_service_owner - notapplicable
MATRIX
$EXPECT "$R" registry_certs_mode /etc/docker/certs.d/broken:443 error --message-contains "Permission denied" ||
	DA_FAILS=$((DA_FAILS + 1))

da_done
