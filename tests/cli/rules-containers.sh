#!/bin/sh
# The container runtime rules (CIS Docker Benchmark v1.6.0 section 5) on
# frozen fact documents under tests/fixtures/facts/containers/:
#   containers.json     c-bad breaks nearly every rule (privileged, host
#                       namespaces, docker.sock and a read-only /etc mount,
#                       ports on 0.0.0.0 and ::, restart always, root without
#                       a user namespace); c-good passes every rule; c-ssh
#                       runs sshd, adds six dangerous capabilities, has a
#                       custom seccomp profile allowing mount and unshare and
#                       runs as root remapped by a user namespace; c-stopped
#                       is not running (facts from its configuration only).
#                       c-bad has a privileged exec session as root and
#                       runs an image its tag no longer names, c-ssh an
#                       exec session whose user is unknown and a tag that
#                       is gone; c-stopped was started by image id.
#   apparmor-good.json  AppArmor enabled, every container confined.
#   no-lsm-swarm.json   no AppArmor, no SELinux, swarm mode active.
#   selinux-good.json   SELinux enforcing, every container labelled.
#   selinux-bad.json    SELinux permissive, one container with label=disable.
#   mounts-seccomp.json mounts judged by their real host path (a symlink to
#                       /etc, a volume bound to /etc or to the socket's
#                       directory, /var/lib holding /var/lib/docker, a
#                       shared peer group in the kernel's table) and seccomp
#                       profiles that allow by default (the container's own,
#                       the daemon's file), each beside a case that passes.
. "$top_srcdir/tests/cli/lib.sh"

R="$DA_TMP/results.json"
CF="$FACTS/containers"

check_matrix() {
	while read -r rule subject result; do
		[ -n "$rule" ] || continue
		$EXPECT "$1" "$rule" "$subject" "$result" || DA_FAILS=$((DA_FAILS + 1))
	done
}

# expect_msg RULE SUBJECT RESULT TEXT
expect_msg() {
	$EXPECT "$R" "$1" "$2" "$3" --message-contains "$4" || DA_FAILS=$((DA_FAILS + 1))
}

da_run eval --json "$R" "$CF/containers.json"
expect_rc 2 "containers.json: rules fail"
check_matrix "$R" <<'MATRIX'
swarm_mode_not_enabled dockerd pass
container_apparmor_profile c-bad fail
container_apparmor_profile c-good pass
container_apparmor_profile c-stopped pass
container_apparmor_profile - fail
container_selinux_options c-bad notapplicable
container_selinux_options - notapplicable
container_added_capabilities c-bad fail
container_added_capabilities c-good pass
container_added_capabilities c-ssh fail
container_added_capabilities c-stopped pass
container_privileged c-bad fail
container_privileged c-good pass
container_privileged c-ssh pass
container_sensitive_host_dirs c-bad fail
container_sensitive_host_dirs c-good pass
container_sensitive_host_dirs c-ssh pass
container_sensitive_host_dirs c-stopped pass
container_no_sshd c-bad notapplicable
container_no_sshd c-good pass
container_no_sshd c-ssh fail
container_no_sshd c-stopped notapplicable
container_privileged_ports c-bad fail
container_privileged_ports c-good pass
container_privileged_ports c-ssh pass
container_privileged_ports c-stopped pass
container_needed_ports - notchecked
container_host_network c-bad fail
container_host_network c-good pass
container_memory_limit c-bad fail
container_memory_limit c-good pass
container_cpu_shares c-bad fail
container_cpu_shares c-good pass
container_cpu_shares c-ssh fail
container_readonly_rootfs c-bad fail
container_readonly_rootfs c-good pass
container_ports_specific_interface c-bad fail
container_ports_specific_interface c-good pass
container_ports_specific_interface c-ssh pass
container_ports_specific_interface c-stopped fail
container_restart_policy c-bad fail
container_restart_policy c-good pass
container_restart_policy c-ssh fail
container_restart_policy c-stopped pass
container_host_pid c-bad fail
container_host_pid c-good pass
container_host_ipc c-bad fail
container_host_ipc c-good pass
container_host_devices c-bad fail
container_host_devices c-good pass
container_host_devices c-ssh pass
container_ulimit_default c-bad fail
container_ulimit_default c-good pass
container_mount_propagation c-bad fail
container_mount_propagation c-good pass
container_host_uts c-bad fail
container_host_uts c-good pass
container_seccomp_enabled c-bad fail
container_seccomp_enabled c-good pass
container_seccomp_enabled c-ssh fail
container_exec_privileged c-bad fail
container_exec_privileged c-good pass
container_exec_privileged c-ssh pass
container_exec_privileged c-stopped pass
container_exec_root c-bad fail
container_exec_root c-good pass
container_exec_root c-ssh error
container_exec_root c-stopped pass
container_cgroup_parent c-bad fail
container_cgroup_parent c-good pass
container_no_new_privileges c-bad fail
container_no_new_privileges c-good pass
container_no_new_privileges c-ssh fail
container_no_new_privileges c-stopped pass
container_health_check c-bad fail
container_health_check c-good pass
container_health_check c-ssh fail
container_health_check c-stopped pass
container_image_current c-bad fail
container_image_current c-good pass
container_image_current c-ssh fail
container_image_current c-stopped pass
container_pids_limit c-bad fail
container_pids_limit c-good pass
container_not_default_bridge c-bad pass
container_not_default_bridge c-good pass
container_not_default_bridge c-ssh fail
container_not_default_bridge c-stopped fail
container_host_userns c-bad fail
container_host_userns c-good pass
container_docker_socket c-bad fail
container_docker_socket c-good pass
container_docker_socket c-ssh pass
container_cap_sys_admin c-bad fail
container_cap_sys_admin c-ssh fail
container_cap_sys_admin c-good pass
container_cap_sys_admin c-stopped pass
container_cap_sys_module c-ssh fail
container_cap_sys_module c-good pass
container_cap_sys_ptrace c-ssh fail
container_cap_sys_ptrace c-good pass
container_cap_dac_read_search c-ssh fail
container_cap_dac_read_search c-good pass
container_cap_net_admin c-ssh fail
container_cap_net_admin c-good pass
container_cap_sys_rawio c-ssh fail
container_cap_sys_rawio c-good pass
container_seccomp_dangerous_syscalls c-bad notapplicable
container_seccomp_dangerous_syscalls c-good notapplicable
container_seccomp_dangerous_syscalls c-ssh fail
container_seccomp_dangerous_syscalls c-stopped pass
container_root_without_userns c-bad fail
container_root_without_userns c-good pass
container_root_without_userns c-ssh pass
container_root_without_userns c-stopped notapplicable
MATRIX
expect_msg container_apparmor_profile c-bad fail "unconfined"
expect_msg container_sensitive_host_dirs c-bad fail "/etc"
expect_msg container_docker_socket c-bad fail "/var/run/docker.sock"
expect_msg container_seccomp_dangerous_syscalls c-ssh fail "mount"
expect_msg container_privileged_ports c-bad fail "22"
expect_msg container_ports_specific_interface c-stopped fail "/all_interfaces is true"
expect_msg container_restart_policy c-bad fail "always"
expect_msg container_no_sshd c-ssh fail "sshd"
expect_msg container_seccomp_enabled c-ssh fail "unshare"

da_run eval --json "$R" "$CF/mounts-seccomp.json"
expect_rc 2 "mounts-seccomp.json: rules fail"
check_matrix "$R" <<'MATRIX'
container_sensitive_host_dirs f-symlink-etc fail
container_sensitive_host_dirs f-symlink-ok pass
container_sensitive_host_dirs f-volume-etc fail
container_sensitive_host_dirs f-varlib fail
container_sensitive_host_dirs f-sockdir-volume fail
container_sensitive_host_dirs f-seccomp-allow pass
container_docker_socket f-sockdir-volume fail
container_docker_socket f-varlib pass
container_docker_socket f-symlink-etc pass
container_mount_propagation f-shared-kernel fail
container_mount_propagation f-symlink-ok pass
container_seccomp_enabled f-seccomp-allow fail
container_seccomp_enabled f-seccomp-daemon-log fail
container_seccomp_enabled f-seccomp-deny pass
container_seccomp_enabled f-varlib pass
MATRIX
expect_msg container_sensitive_host_dirs f-varlib fail "/var/lib/docker"
expect_msg container_sensitive_host_dirs f-symlink-etc fail "/sensitive_dir is /etc"
expect_msg container_seccomp_enabled f-seccomp-allow fail "SCMP_ACT_ALLOW"
expect_msg container_seccomp_enabled f-seccomp-daemon-log fail "SCMP_ACT_LOG"

# AppArmor enabled and every container confined.
da_run eval --json "$R" "$CF/apparmor-good.json"
check_matrix "$R" <<'MATRIX'
container_apparmor_profile c-good pass
container_apparmor_profile - pass
container_selinux_options c-good notapplicable
MATRIX

# Neither AppArmor nor SELinux: both rules are not applicable; swarm active.
da_run eval --json "$R" "$CF/no-lsm-swarm.json"
check_matrix "$R" <<'MATRIX'
swarm_mode_not_enabled dockerd fail
container_apparmor_profile c-good notapplicable
container_apparmor_profile - notapplicable
container_selinux_options c-good notapplicable
container_seccomp_dangerous_syscalls - notapplicable
MATRIX
expect_msg swarm_mode_not_enabled dockerd fail "active"

# SELinux enforcing: label=type: and the older label:level: form pass.
da_run eval --json "$R" "$CF/selinux-good.json"
check_matrix "$R" <<'MATRIX'
container_selinux_options c-label pass
container_selinux_options c-level pass
container_apparmor_profile c-label notapplicable
container_no_new_privileges c-level fail
MATRIX

# SELinux permissive: label=disable is not a label option.
da_run eval --json "$R" "$CF/selinux-bad.json"
check_matrix "$R" <<'MATRIX'
container_selinux_options c-label pass
container_selinux_options c-nolabel fail
container_apparmor_profile c-nolabel notapplicable
MATRIX
expect_msg container_selinux_options c-nolabel fail "label=disable"

# Docker reports an unset PidsLimit as null and a port published without a
# host port with a null host port: the first fails 5.29, the second is no
# privileged port (neither is an error).
python3 - "$CF/containers.json" "$DA_TMP/nulls.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = d["containers"]["items"][0]
c["name"] = "c-nulls"
c["inspect"]["HostConfig"]["PidsLimit"] = None
c["ports"] = [{"all_interfaces": False, "container_port": 80, "host_ip": None,
               "host_port": None, "protocol": "tcp", "source": "network_settings"}]
d["containers"]["items"] = [c]
json.dump(d, open(sys.argv[2], "w"))
PY
da_run eval --json "$R" "$DA_TMP/nulls.json"
check_matrix "$R" <<'MATRIX'
container_pids_limit c-nulls fail
container_privileged_ports c-nulls pass
MATRIX

da_done
