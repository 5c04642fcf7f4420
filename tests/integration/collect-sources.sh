#!/bin/sh
# Every source of facts against a real dockerd, each asserted on what the
# test set up: a custom seccomp profile, a process named sshd inside a
# container, published ports (0.0.0.0, [::], 127.0.0.1), /etc bind-mounted
# read-only, the Docker socket mounted, an image with USER and HEALTHCHECK,
# a committed image with a long CreatedBy, a network with icc disabled, the
# data root on a filesystem of its own, the docker group, audit rules on
# disk; a config file named by --config-file and flags that disagree with
# /etc/docker/daemon.json (which dockerd then never reads); and the daemon
# stopped.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

# ---- the host as the test sets it up (in its own mount namespace) -------
da_overlay_etc
mkdir -p /etc/docker /etc/audit/rules.d
# A daemon.json that disagrees with everything the test daemon is told.
cat >/etc/docker/daemon.json <<'EOF'
{"icc": true, "log-level": "debug", "live-restore": true, "userns-remap": "default",
 "no-new-privileges": true, "userland-proxy": false}
EOF
# Audit rules on disk: rules.d is read in name order, after audit.rules.
printf '%s\n' '-D' '-w /usr/bin/dockerd -p rwxa -k docker' >/etc/audit/audit.rules
printf '%s\n' '## Docker' '-w /etc/docker/ -p wa -k docker-etc' \
	'-a always,exit -F arch=b64 -S openat -F path=/usr/bin/containerd -k docker-bin' >/etc/audit/rules.d/50-docker.rules
# docker.service where systemd looks first, and a drop-in that replaces its
# ExecStart (an empty ExecStart= clears the list); a quoted flag.
mkdir -p /etc/systemd/system/docker.service.d /etc/containerd \
	/etc/docker/certs.d/registry.example:5000
printf '%s\n' '[Unit]' 'Description=Docker' '[Service]' \
	'ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock' \
	>/etc/systemd/system/docker.service
printf '%s\n' '[Service]' 'ExecStart=' \
	'ExecStart=/usr/bin/dockerd -H fd:// --icc=false "--log-opt=max-size=10m"' \
	>/etc/systemd/system/docker.service.d/10-override.conf
echo 'version = 2' >/etc/containerd/config.toml
for f in ca.crt client.cert client.key; do
	echo "not really a $f" >"/etc/docker/certs.d/registry.example:5000/$f"
done
chmod 0600 /etc/docker/certs.d/registry.example:5000/client.key
# The docker group: one member by /etc/group, one by its primary group.
grep -q '^docker:' /etc/group || echo 'docker:x:989:' >>/etc/group
DOCKER_GID=$(awk -F: '$1 == "docker" { print $3 }' /etc/group)
sed -i 's/^\(docker:[^:]*:[^:]*:\)\(.*\)$/\1\2,da-member/; s/^\(docker:[^:]*:[^:]*:\),/\1/' /etc/group
echo "da-member:x:4711:4711::/nonexistent:/usr/sbin/nologin" >>/etc/passwd
echo "da-primary:x:4712:$DOCKER_GID::/nonexistent:/usr/sbin/nologin" >>/etc/passwd

# The test daemon: the config file its own (lib.sh passes --config-file),
# icc from that file, the log level from a flag; iptables for icc=false
# (the test's own network namespace: the host's firewall is not touched);
# the data root on a tmpfs of its own.
DA_DAEMON_JSON_CONTENT='{"icc": false}'
DA_DATA_TMPFS=nosuid,nodev,size=512m
da_loopback_up # ports published on 127.0.0.1
da_dockerd_start --iptables=true --log-level=warn
CONF=$DA_DOCKERD_DIR/daemon.json
SOCK=$DA_DOCKERD_DIR/docker.sock
IMG=da-busybox:sources
USERIMG=da-busybox:user
da_image_busybox "$IMG"
da_image_busybox "$USERIMG" -c 'USER app' -c 'HEALTHCHECK --interval=30s CMD ["/bin/true"]' \
	-c 'LABEL org.example.audit=yes' -c 'ENV APP_MODE=test'
# A committed image: its history's CreatedBy is the container's command,
# longer than any display would show.
LONG="echo built >/built; : $(awk 'BEGIN { while (n++ < 150) printf "padding-%03d ", n }')"
da_docker run --name c-build "$IMG" sh -c "$LONG"
da_docker commit c-build da-busybox:committed
da_docker rm c-build

# A seccomp profile that allows everything but reboot and ptrace: mount
# (CIS 5.21's worry) is allowed.
cat >"$DA_TMP/seccomp.json" <<'EOF'
{
  "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [
    {"names": ["reboot", "ptrace"], "action": "SCMP_ACT_ERRNO"}
  ]
}
EOF

# A network with inter-container communication disabled.
da_docker network create -o com.docker.network.bridge.enable_icc=false da-noicc

run() {
	c=$1
	shift
	da_docker run -d --name "$c" "$@"
}
run c-seccomp --network none --security-opt "seccomp=$DA_TMP/seccomp.json" "$IMG" sleep 3600
# "sshd", a child of the container's main process: busybox under the name
# /usr/sbin/sshd (its comm and exe), run as sleep (busybox picks the applet
# by argv[0]).
run c-sshd --network none "$IMG" sh -c \
	'mkdir -p /usr/sbin && cp /bin/busybox /usr/sbin/sshd && (exec -a sleep /usr/sbin/sshd 3600) & wait'
run c-ports --network da-noicc -p 0.0.0.0:18080:80 -p '[::]:18081:80' -p 127.0.0.1:18082:80 \
	"$IMG" sleep 3600
run c-etc --network none -v /etc:/host-etc:ro "$IMG" sleep 3600
run c-sock --network none -v "$SOCK:/var/run/docker.sock" "$IMG" sleep 3600
run c-user --network none "$USERIMG" sleep 3600
CSSHD=$(da_container_pid c-sshd)
CUSER=$(da_container_pid c-user)
# sshd must be running before we look for it.
i=0
until SSHD=$(pgrep -P "$CSSHD" -x sshd); do
	[ "$i" -lt 100 ] || da_fatal "no process named sshd in c-sshd"
	sleep 0.1
	i=$((i + 1))
done

F=$DA_TMP/facts.json
da_dockaudit collect --docker-host "$DOCKER_HOST" -o "$F"
expect_rc 0 "collect"

# C NAME: the pointer of container NAME in /containers/items.
C() {
	echo "/containers/items/$(da_item_index "$F" /containers/items name "$1")"
}

# ---- daemon: the config file named by --config-file, and flags ----------
expect --fact "$F" /daemon/engine/kind docker
expect --fact "$F" /daemon/engine/rootless false
expect --fact "$F" /daemon/process/pid "$DA_DOCKERD_PID"
expect --fact "$F" /daemon/config_file/path "$CONF" --string
expect --fact "$F" /daemon/config_file/source flag
expect --fact "$F" /daemon/config_file/content '{"icc": false}'
expect --fact "$F" /daemon/settings/icc '{"value": false, "source": "config"}'
expect --fact "$F" /daemon/settings/log-level '{"value": "warn", "source": "flag"}'
expect --fact "$F" /daemon/settings/iptables '{"value": true, "source": "flag"}'
expect --fact "$F" /daemon/settings/live-restore '{"value": false, "source": "api", "api_member": "LiveRestoreEnabled"}'
expect --fact "$F" /daemon/settings/userns-remap '{"value": "", "source": "default", "in_effect": false, "in_effect_source": "api"}'
expect --fact "$F" /daemon/settings/no-new-privileges '{"value": false, "source": "default"}'
expect --fact "$F" /daemon/settings/userland-proxy '{"value": true, "source": "default"}'
i=/files/items/$(da_item_index "$F" /files/items role daemon-config)
expect --fact "$F" "$i/path" "$CONF" --string
expect --fact "$F" "$i/source" flag
expect --fact "$F" "$i/mode" 0644 --string

# ---- files: the socket, units, registry certificates, containerd --------
i=/files/items/$(da_item_index "$F" /files/items role docker.sock)
expect --fact "$F" "$i/path" "$SOCK" --string
expect --fact "$F" "$i/source" daemon
expect --fact "$F" "$i/type" socket
expect --fact "$F" "$i/mode" 0660 --string
expect --fact "$F" "$i/gid" "$DOCKER_GID"
expect --fact "$F" "$i/group" docker
U=/files/units/docker.service
expect --fact "$F" "$U/path" /etc/systemd/system/docker.service
expect --fact "$F" "$U/dropins" '["/etc/systemd/system/docker.service.d/10-override.conf"]'
expect --fact "$F" "$U/exec_start" \
	'[["/usr/bin/dockerd", "-H", "fd://", "--icc=false", "--log-opt=max-size=10m"]]'
i=/files/items/$(da_item_index "$F" /files/items role unit-dropin)
expect --fact "$F" "$i/path" /etc/systemd/system/docker.service.d/10-override.conf
expect --fact "$F" "$i/unit" docker.service
i=/files/items/$(da_item_index "$F" /files/items path /etc/docker/certs.d/registry.example:5000/client.key)
expect --fact "$F" "$i/role" registry-cert
expect --fact "$F" "$i/registry" registry.example:5000
expect --fact "$F" "$i/mode" 0600 --string
i=/files/items/$(da_item_index "$F" /files/items role containerd-config)
expect --fact "$F" "$i/path" /etc/containerd/config.toml
expect --fact "$F" "$i/exists" true

# ---- daemon: networks -----------------------------------------------------
N=/daemon/networks/items/$(da_item_index "$F" /daemon/networks/items name da-noicc)
expect --fact "$F" "$N/driver" bridge
expect --fact "$F" "$N/icc" false
expect --fact "$F" "$N/options/com.docker.network.bridge.enable_icc" false --string

# ---- containers -----------------------------------------------------------
c=$(C c-seccomp)
expect --fact "$F" "$c/seccomp/mode" custom
expect --fact "$F" "$c/seccomp/default_action" SCMP_ACT_ALLOW
expect_in "$F" "$c/seccomp/dangerous_allowed" mount
expect_not_in "$F" "$c/seccomp/dangerous_allowed" ptrace
expect --fact "$F" "$c/proc/seccomp" filter

c=$(C c-sshd)
p=$c/proc/processes/items/$(da_item_index "$F" "$c/proc/processes/items" comm sshd)
expect --fact "$F" "$p/pid" "$SSHD"
expect --fact "$F" "$p/exe" /usr/sbin/sshd
expect --fact "$F" "$c/proc/processes/count" 2
expect --fact "$F" "$c/proc/processes/shares_host_pid_namespace" false
expect --fact "$F" "$c/seccomp/mode" default

c=$(C c-ports)
# shellcheck disable=SC2086 # three words a port
for port in "18080 0.0.0.0 true" "18081 :: true" "18082 127.0.0.1 false"; do
	set -- $port
	p=$c/ports/$(da_item_index "$F" "$c/ports" host_port "$1")
	expect --fact "$F" "$p/host_ip" "$2" --string
	expect --fact "$F" "$p/all_interfaces" "$3"
	expect --fact "$F" "$p/container_port" 80
	expect --fact "$F" "$p/protocol" tcp
done

c=$(C c-etc)
expect --fact "$F" "$c/mounts/0/host_path" /etc
expect --fact "$F" "$c/mounts/0/destination" /host-etc
expect --fact "$F" "$c/mounts/0/rw" false
expect --fact "$F" "$c/mounts/0/sensitive" true
expect --fact "$F" "$c/mounts/0/docker_socket" false

c=$(C c-sock)
expect --fact "$F" "$c/mounts/0/host_path" "$SOCK" --string
expect --fact "$F" "$c/mounts/0/docker_socket" true
expect --fact "$F" "$c/mounts/0/rw" true

c=$(C c-user)
expect --fact "$F" "$c/proc/pid" "$CUSER"
expect --fact "$F" "$c/user/declared" app
expect --fact "$F" "$c/user/uid" 1000
expect --fact "$F" "$c/user/root" false
expect --fact "$F" "$c/proc/uid/effective" 1000
expect --fact "$F" "$c/proc/uid_map/identity" true
expect --fact "$F" "$c/caps/effective" '[]'

# ---- images ---------------------------------------------------------------
m=/images/items/$(da_item_index "$F" /images/items name "$USERIMG")
expect --fact "$F" "$m/user" app
expect --fact "$F" "$m/healthcheck/Test" '["CMD", "/bin/true"]'
expect --fact "$F" "$m/labels" '{"org.example.audit": "yes"}'
expect_in "$F" "$m/env" APP_MODE=test
expect --fact "$F" "$m/in_use_by" '["c-user"]'
expect --fact "$F" "$m/repo_tags" "[\"$USERIMG\"]"
m=/images/items/$(da_item_index "$F" /images/items name da-busybox:committed)
expect --fact "$F" "$m/history/items/0/created_by" "sh -c $LONG" --string
expect --fact "$F" "$m/in_use_by" '[]'

# ---- host, mounts, users, audit, lsm -------------------------------------
expect --fact "$F" /host/kernel "$(cat /proc/sys/kernel/osrelease)" --string
expect --fact "$F" /host/hostname "$(cat /proc/sys/kernel/hostname)" --string
expect --fact "$F" /mounts/data_root/path "$DA_DOCKERD_DIR/data" --string
expect --fact "$F" /mounts/data_root/separate_filesystem true
expect --fact "$F" /mounts/data_root/fs_type tmpfs
expect --fact "$F" /mounts/data_root/mount_point "$DA_DOCKERD_DIR/data" --string
expect_in "$F" /mounts/data_root/options nosuid
expect_in "$F" /mounts/data_root/options nodev
expect --fact "$F" /users/docker_group/exists true
expect --fact "$F" /users/docker_group/gid "$DOCKER_GID"
u=/users/docker_group/members/$(da_item_index "$F" /users/docker_group/members name da-member)
expect --fact "$F" "$u/via" supplementary
u=/users/docker_group/members/$(da_item_index "$F" /users/docker_group/members name da-primary)
expect --fact "$F" "$u/via" primary
expect --fact "$F" "$u/uid" 4712
w=/audit/on_disk/watches/$(da_item_index "$F" /audit/on_disk/watches path /usr/bin/dockerd)
expect --fact "$F" "$w/perms" rwxa
expect --fact "$F" "$w/key" docker
expect --fact "$F" "$w/kind" watch
w=/audit/on_disk/watches/$(da_item_index "$F" /audit/on_disk/watches path /etc/docker)
expect --fact "$F" "$w/perms" wa
expect --fact "$F" "$w/file" /etc/audit/rules.d/50-docker.rules
w=/audit/on_disk/watches/$(da_item_index "$F" /audit/on_disk/watches path /usr/bin/containerd)
expect --fact "$F" "$w/kind" syscall
expect --fact "$F" "$w/syscalls" '["openat"]'
expect --fact "$F" "$w/key" docker-bin
expect --fact "$F" /audit/on_disk/files '["/etc/audit/audit.rules", "/etc/audit/rules.d/50-docker.rules"]'
# LSM: what this kernel has, read here independently.
case $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null || echo none) in
Y) aa=enabled ;;
N) aa=disabled ;;
*) [ -e /sys/module/apparmor ] && aa=unknown || aa=absent ;;
esac
case $(cat /sys/fs/selinux/enforce 2>/dev/null || echo none) in
1) se=enforcing ;;
0) se=permissive ;;
*) [ -d /sys/fs/selinux ] && se=disabled || se=absent ;;
esac
expect --fact "$F" /lsm/apparmor/state "$aa"
expect --fact "$F" /lsm/selinux/state "$se"

# ---- the daemon stopped -------------------------------------------------
# What comes from the host is still collected; what needs the daemon is an
# error naming its socket; collect itself succeeds.
HOST=$DOCKER_HOST
da_dockerd_kill
S=$DA_TMP/stopped.json
da_dockaudit collect --docker-host "$HOST" -o "$S"
expect_rc 0 "collect with the daemon stopped"
expect --fact "$S" /daemon/reachable false
expect --fact "$S" /daemon/error --contains "${HOST#unix://}"
for s in containers images; do
	expect --fact "$S" "/$s/error" --contains "${HOST#unix://}"
done
for s in host users lsm audit mounts files; do
	expect --fact-absent "$S" "/$s/error"
done
expect --fact "$S" /host/kernel "$(cat /proc/sys/kernel/osrelease)" --string
expect --fact "$S" /users/docker_group/gid "$DOCKER_GID"
expect --fact "$S" /audit/on_disk/files '["/etc/audit/audit.rules", "/etc/audit/rules.d/50-docker.rules"]'
expect --fact "$S" /mounts/data_root/error --contains "${HOST#unix://}"

da_done
