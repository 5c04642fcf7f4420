#!/bin/sh
# An OCI runtime for the test daemon on hosts whose capability bounding set
# is smaller than the kernel's (sandboxes): for `create` and `run` it drops
# from the bundle's config.json every capability missing from our own
# CapBnd, so --privileged and --cap-add ALL can start, and for `exec` the
# same from its --process file (docker exec --privileged), then execs runc.
# Every other command and argument passes through unchanged.
set -eu

runc=${DA_RUNC:-}
if [ -z "$runc" ]; then
	for r in /usr/sbin/runc /usr/bin/runc /usr/local/sbin/runc /usr/local/bin/runc; do
		if [ -x "$r" ]; then
			runc=$r
			break
		fi
	done
fi
if [ -z "$runc" ]; then
	echo "runtime-wrapper: runc not found" >&2
	exit 1
fi

# Find the command (the first word that is not a global option) and the
# bundle directory given to it.
cmd=
bundle=
process=
expect_value=
expect_bundle=
expect_process=
for arg in "$@"; do
	if [ -n "$expect_value" ]; then
		expect_value=
		continue
	fi
	if [ -n "$expect_bundle" ]; then
		bundle=$arg
		expect_bundle=
		continue
	fi
	if [ -n "$expect_process" ]; then
		process=$arg
		expect_process=
		continue
	fi
	if [ -z "$cmd" ]; then
		case $arg in
		--root | --log | --log-format | --criu | --rootless) expect_value=1 ;;
		-*) ;;
		*) cmd=$arg ;;
		esac
		continue
	fi
	case $arg in
	--bundle | -b) expect_bundle=1 ;;
	--bundle=* | -b=*) bundle=${arg#*=} ;;
	--process | -p) expect_process=1 ;;
	--process=* | -p=*) process=${arg#*=} ;;
	esac
done

spec=
case $cmd in
create | run) spec=${bundle:-.}/config.json ;;
exec) spec=$process ;;
esac
if [ -n "$spec" ]; then
	python3 - "$spec" <<'PY'
import json, os, sys

# Capability numbers as the kernel defines them (linux/capability.h).
NAMES = ["CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL",
         "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE",
         "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
         "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
         "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME",
         "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL",
         "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
         "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE"]
bnd = 0
with open("/proc/self/status") as f:
    for line in f:
        if line.startswith("CapBnd:"):
            bnd = int(line.split()[1], 16)
missing = {"CAP_" + n for i, n in enumerate(NAMES) if not bnd & (1 << i)}
path = sys.argv[1]
with open(path) as f:
    spec = json.load(f)
# config.json holds the process; an exec's --process file is one.
caps = (spec.get("process", spec) or {}).get("capabilities") or {}
changed = False
for key in ("bounding", "effective", "inheritable", "permitted", "ambient"):
    if isinstance(caps.get(key), list):
        kept = [c for c in caps[key] if c not in missing]
        changed |= kept != caps[key]
        caps[key] = kept
if changed:
    tmp = path + ".da-tmp"
    with open(tmp, "w") as f:
        json.dump(spec, f)
    os.chmod(tmp, os.stat(path).st_mode & 0o7777)
    os.rename(tmp, path)
PY
fi
exec "$runc" "$@"
