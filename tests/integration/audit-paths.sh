#!/bin/sh
# The section 1 audit rules and the containerd socket rules judge the files
# a real dockerd runs: its executable (/proc/PID/exe: /usr/sbin/dockerd on
# Debian), the config file it reads, the containerd it started (its socket
# under the exec root), runc as its runtimes name it. A watch on the real
# executable passes (on disk and loaded in the kernel); a watch on the other
# distribution's path, which does not exist here, or on a symlink to the
# binary, does not.
# The kernel's audit rules are added and removed here over NETLINK_AUDIT
# (no auditctl needed). Auditing itself stays as the host has it: switching
# it on is a host-wide change, so where it is off the pass twin is also
# judged on the collected facts with only the status's "enabled" set to 1.
# shellcheck disable=SC3043 # local: dash, bash and busybox sh all have it
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker
da_overlay_etc

KRULE=$DA_TMP/krule.py
# krule.py add|del PATH KEY: a watch (-w PATH -p wa -k KEY) added to or
# deleted from the kernel's rules, as auditctl would send it. The key is
# this run's own, so runs side by side never add or delete the same rule.
cat >"$KRULE" <<'PY'
import os, socket, struct, sys
op, path, key = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
AUDIT_ADD_RULE, AUDIT_DEL_RULE = 1011, 1012
AUDIT_FILTER_EXIT, AUDIT_ALWAYS, AUDIT_EQUAL = 4, 2, 0x40000000
AUDIT_WATCH, AUDIT_PERM, AUDIT_FILTERKEY = 105, 106, 210
fields = [(AUDIT_WATCH, len(path)), (AUDIT_PERM, 2 | 8), (AUDIT_FILTERKEY, len(key))]
mask = [0xffffffff] * 63 + [0xffff]
f = [x[0] for x in fields] + [0] * (64 - len(fields))
v = [x[1] for x in fields] + [0] * (64 - len(fields))
ff = [AUDIT_EQUAL] * len(fields) + [0] * (64 - len(fields))
buf = path + key
body = struct.pack("=3I64I64I64I64II", AUDIT_FILTER_EXIT, AUDIT_ALWAYS, len(fields),
                   *(mask + f + v + ff), len(buf)) + buf
typ = AUDIT_ADD_RULE if op == "add" else AUDIT_DEL_RULE
msg = struct.pack("=IHHII", 16 + len(body), typ, 1 | 4, 1, 0) + body
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 9)
s.settimeout(2)
s.sendto(msg, (0, 0))
ans = s.recv(8192)
length, t = struct.unpack("=IH", ans[:6])
if t == 2:
    err = struct.unpack("=i", ans[16:20])[0]
    if err:
        sys.exit("netlink: %s" % os.strerror(-err))
PY

F=$DA_TMP/facts.json
R=$DA_TMP/results.json
RULES=/etc/audit/rules.d/da-audit-paths.rules
LOADED=
KEY=da-audit-paths-$$

# kernel_watch PATH: load the watch; it is removed when the test ends.
kernel_watch() {
	python3 "$KRULE" add "$1" "$KEY" || da_skip "cannot add an audit rule to this kernel"
	LOADED="$LOADED $1"
}

# shellcheck disable=SC2317 # a cleanup hook
kernel_unwatch_all() {
	for p in $LOADED; do
		python3 "$KRULE" del "$p" "$KEY" 2>/dev/null || true
	done
}
DA_CLEANUP_HOOKS="$DA_CLEANUP_HOOKS kernel_unwatch_all"

# on_disk LINE...: the rules file augenrules would load.
on_disk() {
	mkdir -p /etc/audit/rules.d
	printf '%s\n' "$@" >"$RULES"
}

# audit_enabled_json: results for $F as it is, or with auditing marked on
# when it is off on this host (see the top of this file).
audit_enabled_json() {
	python3 - "$F" "$DA_TMP/facts-on.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
st = d["audit"]["loaded"].get("status")
if st is not None and st.get("enabled") == 0:
    st["enabled"] = 1
json.dump(d, open(sys.argv[2], "w"))
PY
	rm -f "$R"
	da_dockaudit eval --json "$R" "$DA_TMP/facts-on.json"
	[ -s "$R" ] || da_fail "eval wrote no results: $(head -c 600 "$DA_TMP/err")"
}

da_dockerd_start
EXE=$(readlink -f "/proc/$DA_DOCKERD_PID/exe") || da_fatal "cannot read dockerd's exe"
case $EXE in
/usr/sbin/dockerd) OTHER=/usr/bin/dockerd ;;
*) OTHER=/usr/sbin/dockerd ;;
esac
[ ! -e "$OTHER" ] || da_skip "both /usr/bin/dockerd and /usr/sbin/dockerd exist here"
CONF=$DA_DOCKERD_DIR/daemon.json
SOCK=$DA_DOCKERD_DIR/exec/containerd/containerd.sock
[ -S "$SOCK" ] || da_fatal "the test dockerd has no managed containerd at $SOCK"
CTRD=$(readlink -f "$(command -v containerd)")
RUNC=$(readlink -f "$(command -v runc)")

# (1) Where the files are: the facts name the real ones and their sources.
on_disk "-w $OTHER -p wa -k docker"
da_dockaudit collect -o "$F"
expect_rc 0 "collect"
expect --fact "$F" /audit/targets/dockerd/path "$EXE"
expect --fact "$F" /audit/targets/dockerd/source proc-exe
expect --fact "$F" /audit/targets/dockerd/exists true
expect --fact "$F" /audit/targets/daemon-config/path "$CONF"
expect --fact "$F" /audit/targets/daemon-config/source config
expect --fact "$F" /daemon/containerd/address "$SOCK"
expect --fact "$F" /daemon/containerd/source managed
expect --fact "$F" /daemon/containerd/listening true
expect --fact "$F" /daemon/containerd/exe "$CTRD"
expect --fact "$F" /audit/targets/containerd/path "$CTRD"
expect --fact "$F" /audit/targets/containerd/source proc-exe
expect --fact "$F" /audit/targets/containerd-sock/path "$SOCK"
expect --fact "$F" /audit/targets/containerd-sock/source managed
expect --fact "$F" /audit/targets/runc/real_path "$RUNC"
expect --fact "$F" /audit/targets/runc/source info-runtimes
i=$(da_item_index "$F" /files/items role containerd.sock)
expect --fact "$F" "/files/items/$i/path" "$SOCK"
expect --fact "$F" "/files/items/$i/source" managed
expect --fact "$F" "/files/items/$i/type" socket

# (2) Fail twin: the watch is on the path CIS names for another
# distribution; it does not exist here and audits nothing.
expect --fact "$F" /audit/targets/dockerd/on_disk/watched false
da_audit_json "$R"
expect "$R" audit_dockerd "$EXE" fail --message-contains on_disk/watched
expect "$R" containerd_sock_owner "$SOCK" pass
expect "$R" containerd_sock_mode "$SOCK" pass
expect "$R" audit_containerd_sock "$SOCK" fail

# (3) Pass twin: the real executable, the config file, the managed socket
# and runc watched on disk and in the kernel.
on_disk "-w $EXE -p wa -k docker" "-w $CONF -p wa -k docker" "-w $SOCK -p wa -k docker" \
	"-w $RUNC -p wa -k docker"
for p in "$EXE" "$CONF" "$SOCK" "$RUNC"; do
	kernel_watch "$p"
done
da_dockaudit collect -o "$F"
expect_rc 0 "collect (watched)"
for t in dockerd daemon-config containerd-sock runc; do
	expect --fact "$F" "/audit/targets/$t/on_disk/watched" true
	expect --fact "$F" "/audit/targets/$t/loaded/watched" true
done
audit_enabled_json
expect "$R" audit_dockerd "$EXE" pass
expect "$R" audit_daemon_json "$CONF" pass
expect "$R" audit_containerd_sock "$SOCK" pass
expect "$R" audit_runc "$RUNC" pass

# (4) A watch on a symlink to the binary watches the link, not the binary
# (Debian: /usr/bin/runc -> ../sbin/runc), while a watch whose directory is
# a symlink (/sbin -> usr/sbin) reaches it. On disk only.
RUNC_LINK=
for d in /usr/bin /usr/sbin /bin /sbin /usr/local/bin; do
	if [ -L "$d/runc" ] && [ "$(readlink -f "$d/runc")" = "$RUNC" ]; then
		RUNC_LINK=$d/runc
		break
	fi
done
if [ -n "$RUNC_LINK" ]; then
	on_disk "-w $RUNC_LINK -p wa -k docker"
	da_dockaudit collect -o "$F"
	expect --fact "$F" /audit/targets/runc/on_disk/watched false
	audit_enabled_json
	expect "$R" audit_runc "$RUNC" fail
else
	echo "no symlink to $RUNC here: the symlink case is not run"
fi
if [ "$RUNC" = /usr/sbin/runc ] && [ "$(readlink -f /sbin)" = /usr/sbin ]; then
	on_disk "-w /sbin/runc -p wa -k docker"
	da_dockaudit collect -o "$F"
	expect --fact "$F" /audit/targets/runc/on_disk/watched true
	expect --fact "$F" /audit/targets/runc/on_disk/watches '["/sbin/runc"]'
fi

da_done
