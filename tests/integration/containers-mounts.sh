#!/bin/sh
# Container mounts and seccomp profiles judged by what the kernel and the
# profile really do, against a real dockerd: a bind source that is a
# symlink to /etc, a local volume bound to /etc (docker volume create and
# --mount volume-opt), a mount of a parent of a sensitive directory or of
# the socket's directory, a seccomp profile that allows by default (given to
# the container, or to the daemon); each beside a twin that passes.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

# As on a systemd host, every mount is shared (in this test's own mount
# namespace): a container's ordinary mounts must still not read as shared.
mount --make-rshared / || da_fatal "cannot make / shared in the test's namespace"
da_dockerd_start
IMG=da-busybox:mounts
da_image_busybox "$IMG"
SOCKDIR=$DA_DOCKERD_DIR
W=$DA_TMP/w
mkdir -p "$W/plain" "$W/okdir" || da_fatal "cannot create $W"
ln -s /etc "$W/link-etc"
ln -s "$W/okdir" "$W/link-ok"

run() {
	c=$1
	shift
	da_docker run -d --name "$c" "$@" "$IMG" sleep 3600 >/dev/null ||
		da_fatal "cannot start container $c"
}

# symlinks: the kernel binds what the link leads to
run m-symetc -v "$W/link-etc:/x:ro"
run m-symok -v "$W/link-ok:/x"
# volumes whose local driver binds a host directory, in both forms
da_docker volume create -d local -o type=none -o o=bind -o device=/etc v-etc >/dev/null ||
	da_fatal "cannot create volume v-etc"
run m-voletc -v v-etc:/x:ro
run m-volopt --mount type=volume,src=v-opt,dst=/x,readonly,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc
da_docker volume create v-plain >/dev/null || da_fatal "cannot create volume v-plain"
run m-volplain -v v-plain:/x
da_docker volume create -d local -o type=none -o o=bind -o device="$W/okdir" v-ok >/dev/null ||
	da_fatal "cannot create volume v-ok"
run m-volok -v v-ok:/x
# parents of sensitive directories, and of the daemon's socket
run m-varlib -v /var/lib:/x:ro
run m-root -v /:/host:ro
run m-plain -v "$W/plain:/x"
mkdir -p "$W/shared"
run m-shared --mount "type=bind,src=$W/shared,dst=/s,bind-propagation=rshared"
da_docker volume create -d local -o type=none -o o=bind -o device="$SOCKDIR" v-sock >/dev/null ||
	da_fatal "cannot create volume v-sock"
run m-volsock -v v-sock:/x:ro
# seccomp: allow by default, and a real deny-by-default profile (every
# syscall of this architecture but the dangerous ones)
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": []}\n' >"$W/allow.json"
python3 - "$W/deny.json" <<'PY' || da_fatal "cannot write the deny-by-default profile"
import json, re, sys
names = set()
for h in ("/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "/usr/include/asm/unistd_64.h",
          "/usr/include/aarch64-linux-gnu/asm/unistd.h", "/usr/include/asm-generic/unistd.h"):
    try:
        names |= set(re.findall(r"#define __NR_(\w+)\s+\d+", open(h).read()))
    except OSError:
        pass
bad = set("""_sysctl acct add_key bpf clock_adjtime clock_settime clone3 create_module
delete_module finit_module fsconfig fsmount fsopen fspick get_kernel_syms init_module ioperm
iopl kcmp kexec_file_load kexec_load keyctl lookup_dcookie mount mount_setattr move_mount
name_to_handle_at nfsservctl open_by_handle_at open_tree perf_event_open personality
pivot_root process_vm_readv process_vm_writev ptrace query_module quotactl reboot request_key
setns settimeofday stime swapoff swapon syslog umount umount2 unshare uselib userfaultfd vm86
vm86old""".split())
if len(names) < 200:
    sys.exit("no syscall table found")
prof = {"defaultAction": "SCMP_ACT_ERRNO",
        "syscalls": [{"names": sorted(names - bad), "action": "SCMP_ACT_ALLOW"}]}
json.dump(prof, open(sys.argv[1], "w"))
PY
run s-allow --security-opt "seccomp=$W/allow.json"
run s-deny --security-opt "seccomp=$W/deny.json"
run s-default

R=$DA_TMP/audit.json
F=$DA_TMP/facts.json
da_audit_json "$R"
expect_rc 2 "audit: some rules fail"
da_dockaudit collect --docker-host "$DOCKER_HOST" -o "$F"
expect_rc 0 "collect"

expect_matrix "$R" <<MATRIX
container_sensitive_host_dirs m-symetc fail
container_sensitive_host_dirs m-symok pass
container_sensitive_host_dirs m-voletc fail
container_sensitive_host_dirs m-volopt fail
container_sensitive_host_dirs m-volplain pass
container_sensitive_host_dirs m-volok pass
container_sensitive_host_dirs m-varlib fail
container_sensitive_host_dirs m-root fail
container_sensitive_host_dirs m-plain pass
container_sensitive_host_dirs s-deny pass

container_docker_socket m-root fail
container_docker_socket m-volsock fail
container_docker_socket m-varlib pass
container_docker_socket m-plain pass
container_docker_socket m-volplain pass
container_docker_socket m-symetc pass

container_mount_propagation m-plain pass
container_mount_propagation m-volplain pass
container_mount_propagation m-symetc pass
container_mount_propagation m-shared fail

container_seccomp_enabled s-allow fail
container_seccomp_enabled s-deny pass
container_seccomp_enabled s-default pass
container_seccomp_enabled m-plain pass
MATRIX
expect "$R" container_sensitive_host_dirs m-varlib fail --message-contains /var/lib/docker
expect "$R" container_sensitive_host_dirs m-symetc fail --message-contains '/sensitive_dir is /etc;'
expect "$R" container_seccomp_enabled s-allow fail --message-contains SCMP_ACT_ALLOW

# the facts behind them: the kernel's host paths and mount options
python3 - "$F" "$W" <<'PY' || da_fail "container mount facts"
import json, sys
facts, w = json.load(open(sys.argv[1])), sys.argv[2]
items = {c["name"]: c for c in facts["containers"]["items"]}
bad = []
def mount(c, dst="/x"):
    return next(m for m in items[c]["mounts"] if m["destination"] == dst)
def want(c, key, value, dst="/x"):
    got = mount(c, dst).get(key)
    if got != value:
        bad.append("%s %s: %s is %r, expected %r" % (c, dst, key, got, value))
want("m-symetc", "host_path", "/etc")
want("m-symetc", "host_path_from", "mountinfo")
want("m-symetc", "source", w + "/link-etc")
want("m-symok", "host_path", w + "/okdir")
want("m-voletc", "volume_device", "/etc")
want("m-voletc", "host_path", "/etc")
want("m-volplain", "sensitive", False)
want("m-varlib", "sensitive_dir", "/var/lib/docker")
want("m-root", "docker_socket", True, "/host")
want("m-volsock", "docker_socket", True)
k = mount("m-symetc").get("kernel", {})
if k.get("read_only") is not True or "ro" not in k.get("options", []):
    bad.append("m-symetc: kernel options %r" % k)
if not any(t.startswith("shared:") for t in mount("m-shared", "/s").get("kernel", {}).get("propagation", [])):
    bad.append("m-shared: kernel propagation %r" % mount("m-shared", "/s").get("kernel"))
if mount("m-plain").get("kernel", {}).get("read_only") is not False:
    bad.append("m-plain: kernel read_only %r" % mount("m-plain").get("kernel"))
s = items["s-allow"]["seccomp"]
if s.get("default_action") != "SCMP_ACT_ALLOW" or s.get("allows_by_default") is not True:
    bad.append("s-allow seccomp %r" % s)
for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY

# The daemon's own profile: containers in the default mode run it.
DA_DAEMON_JSON_CONTENT="{\"seccomp-profile\": \"$W/allow.json\"}"
da_dockerd_restart
run d-default
run d-deny --security-opt "seccomp=$W/deny.json"
da_audit_json "$R"
expect_matrix "$R" <<MATRIX
container_seccomp_enabled d-default fail
container_seccomp_enabled d-deny pass
MATRIX
expect "$R" container_seccomp_enabled d-default fail --message-contains SCMP_ACT_ALLOW

da_done
