#!/bin/sh
# The scheduled audit as `make install` installs it: systemd-analyze verify
# accepts the installed units (and the drop-ins docs/SCHEDULING.md gives),
# then the service's own ExecStart= command line runs, as the unit runs it
# (no new privileges, the unit's capability bounding set and umask), twice
# against a test dockerd with a container started in between: the history
# holds both runs, latest.json/.html/.prom are written, `dockaudit history`
# and the HTML show the new container's failure as new, the metrics count
# it, a third run with fail-on-new finds nothing new, and the mail script
# sends a message with the report. Last, the audit under the unit's bounding
# set gives exactly the results of one with every capability, and without
# each of the set's capabilities it changes the rules docs/SCHEDULING.md
# says it does.
# shellcheck disable=SC3043 # local: dash, bash and busybox sh all have it
: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker
command -v systemd-analyze >/dev/null || da_skip "systemd-analyze is missing (apt-get install systemd)"
command -v setpriv >/dev/null || da_skip "setpriv is missing (apt-get install util-linux)"

# ---- make install into a directory of the test's own ----------------------

D=$DA_TMP/root
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$top_builddir" install DESTDIR="$D" \
	>"$DA_TMP/install.log" 2>&1 || da_fatal "make install failed: $(tail -n 20 "$DA_TMP/install.log")"
SERVICE=$(find "$D" -name dockaudit.service -type f | head -n 1)
[ -n "$SERVICE" ] || da_skip "make install installed no systemd units (configured --with-systemdsystemunitdir=no?)"
U=$(dirname "$SERVICE")
for f in dockaudit.timer dockaudit-mail@.service; do
	[ -f "$U/$f" ] || da_fail "make install did not install $f beside dockaudit.service"
done
# distcheck installs under a prefix that systemd does not search: verify
# the units from the administrators' directory instead.
case ${U#"$D"} in
/lib/systemd/system | /usr/lib/systemd/system | /usr/local/lib/systemd/system | /etc/systemd/system) ;;
*)
	mkdir -p "$D/etc/systemd/system"
	cp "$U/dockaudit.service" "$U/dockaudit.timer" "$U/dockaudit-mail@.service" "$D/etc/systemd/system/" ||
		da_fatal "cannot copy the units to $D/etc/systemd/system"
	U=$D/etc/systemd/system
	SERVICE=$U/dockaudit.service
	;;
esac
CONTENT=$(find "$D" -name dockaudit-docker-xccdf.xml -path '*/benchmarks/*' | head -n 1)
[ -n "$CONTENT" ] || da_fatal "make install installed no benchmark"
# The installed binary reads the installed content.
DOCKAUDIT_DATADIR=$(dirname "$(dirname "$CONTENT")")
export DOCKAUDIT_DATADIR

# The ExecStart= line: BIN audit --config CONF --quiet, with absolute paths.
exec_line=$(sed -n 's/^ExecStart=//p' "$SERVICE")
# shellcheck disable=SC2086 # ExecStart= words, as systemd splits them (no quotes here)
set -- $exec_line
BIN=$1
CONF=
prev=
for w in "$@"; do
	[ "$prev" = --config ] && CONF=$w
	prev=$w
done
case $BIN:$CONF in
/*/dockaudit:/*/dockaudit/dockaudit.conf) ;;
*) da_fatal "unexpected ExecStart= in $SERVICE: $exec_line" ;;
esac
[ "$2" = audit ] || da_fail "ExecStart= does not run dockaudit audit: $exec_line"
[ -x "$D$BIN" ] || da_fail "ExecStart= names $BIN, which make install did not install"
[ -f "$D$CONF" ] || da_fail "ExecStart= reads $CONF, which make install did not install"
grep -q '^history = /var/lib/dockaudit/history$' "$D$CONF" ||
	da_fail "the installed configuration file does not keep the history in /var/lib/dockaudit/history"
grep -q '^keep-runs = 90$' "$D$CONF" || da_fail "the installed configuration file does not keep 90 runs"

# ---- systemd-analyze verify ----------------------------------------------

# verify --root resolves every unit and ExecStart= binary inside the root;
# the units ours refer to (sysinit.target, timers.target, ...) come from
# this host. A dockaudit unit installed on this host must not shadow ours.
host_units=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null) || host_units=
[ -d "$host_units" ] || host_units=/lib/systemd/system
mkdir -p "$DA_TMP/host-units" "$D/usr/lib/systemd/system"
cp -r "$host_units/." "$DA_TMP/host-units/"
rm -f "$DA_TMP/host-units"/dockaudit*
cp -rn "$DA_TMP/host-units/." "$D/usr/lib/systemd/system/"
MANPAGE=$(find "$D" -name dockaudit.8 | head -n 1)
[ -n "$MANPAGE" ] || da_fatal "make install installed no dockaudit(8)"
MANPATH=$(dirname "$(dirname "$MANPAGE")")
export MANPATH
man_opt=
command -v man >/dev/null || man_opt=--man=no

# verify_units DESCRIPTION UNIT...: systemd-analyze verify passes and says
# nothing at all about them.
verify_units() {
	local what="$1" out rc
	shift
	# shellcheck disable=SC2086
	out=$(systemd-analyze verify $man_opt --root="$D" "$@" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] || [ -n "$out" ]; then
		da_fail "systemd-analyze verify of $what: exit $rc: $out"
	fi
}
verify_units "the installed units" "$U/dockaudit.service" "$U/dockaudit.timer" "$U/dockaudit-mail@.service"

# The drop-ins docs/SCHEDULING.md gives, verbatim.
dropin=$D/etc/systemd/system/dockaudit.service.d
mkdir -p "$dropin"
python3 - "$top_srcdir/docs/SCHEDULING.md" "$dropin" <<'PY' || da_fail "docs/SCHEDULING.md lacks its drop-ins"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
found = 0
for name, body in re.findall(r"```ini\n# /etc/systemd/system/dockaudit\.service\.d/([a-z-]+\.conf)\n(.*?)```", text, re.S):
    open("%s/%s" % (sys.argv[2], name), "w").write(body)
    found += 1
sys.exit(0 if found >= 2 else 1)
PY
verify_units "dockaudit.service with the documented drop-ins" "$U/dockaudit.service"
rm -rf "$dropin"

# The check itself: a unit with a misspelt setting does not pass.
sed 's/^ProtectSystem=strict$/ProtectSystem=strictt/' "$SERVICE" >"$U/dockaudit-misspelt.service"
# shellcheck disable=SC2086
out=$(systemd-analyze verify $man_opt --root="$D" "$U/dockaudit-misspelt.service" 2>&1)
case $out in
*strictt*) ;;
*) da_fail "systemd-analyze verify did not notice ProtectSystem=strictt: $out" ;;
esac
rm -f "$U/dockaudit-misspelt.service"

# ---- the host the scheduled runs audit -------------------------------------

# Audit rules on disk, in an overlay over /etc (the host's /etc is never
# touched): whether the kernel's loaded rules can be listed changes results.
da_overlay_etc
mkdir -p /etc/audit/rules.d
printf '%s\n' '-w /usr/bin/dockerd -p wa -k docker' '-w /usr/sbin/dockerd -p wa -k docker' \
	'-w /var/lib/docker -p wa -k docker' '-w /etc/docker -p wa -k docker' \
	'-w /run/containerd -p wa -k docker' >/etc/audit/rules.d/dockaudit-test.rules
da_dockerd_start --iptables=false
IMG=da-busybox:systemd
da_image_busybox "$IMG"
da_docker run -d --name c-base --cap-drop ALL "$IMG" sleep 3600
da_docker run -d --name c-user --user 1000 "$IMG" sleep 3600
# A daemon configuration file only its (non-root) owner may read.
chown 1000:1000 "$DA_DOCKERD_DIR/daemon.json"
chmod 0600 "$DA_DOCKERD_DIR/daemon.json"

# The installed configuration file, pointed at the test daemon and a history
# of the test's own.
H=$DA_TMP/history
sed -i "s|^history = .*|history = $H|" "$D$CONF"
printf 'docker-host = %s\n' "$DOCKER_HOST" >>"$D$CONF"

# The capability bounding set of the unit, as setpriv takes it.
caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$SERVICE" | tr '[:upper:]' '[:lower:]' | sed 's/cap_/+/g; s/ /,/g')
case $caps in
+*) ;;
*) da_fatal "no CapabilityBoundingSet= in $SERVICE" ;;
esac
umask_unit=$(sed -n 's/^UMask=//p' "$SERVICE")

# run_unit: the ExecStart= command line, with the binary and configuration
# file of the test's install, confined as the unit confines it.
run_unit() {
	# shellcheck disable=SC2046,SC2086 # the ExecStart= words after the binary
	(umask "${umask_unit:-0022}" &&
		setpriv --no-new-privs --bounding-set "-all,$caps" -- \
			${DA_WRAPPER:-} "$D$BIN" $(printf '%s\n' "$exec_line" | cut -d' ' -f2- |
				sed "s| $CONF | $D$CONF |; s| $CONF\$| $D$CONF|")) \
		>"$DA_TMP/out" 2>"$DA_TMP/err"
	DA_RC=$?
}

# ---- two scheduled runs, a new container in between ------------------------

run_unit
expect_rc 2 "the first scheduled run: rules fail"
[ "$(wc -l <"$DA_TMP/out")" -eq 1 ] || da_fail "--quiet: not one line on stdout: $(head -c 300 "$DA_TMP/out")"
sleep 1
da_docker run -d --name c-new --cap-add SYS_ADMIN "$IMG" sleep 3600
t_before=$(date +%s)
run_unit
expect_rc 2 "the second scheduled run: rules fail"
t_after=$(date +%s)

runs=$(find "$H/runs" -name '*.json.gz' 2>/dev/null | wc -l)
[ "$runs" -eq 2 ] || da_fail "the history holds $runs runs, expected 2: $(ls -l "$H" "$H/runs" 2>&1)"
bad=$(find "$H/runs" -name '*.json.gz' | sed 's|.*/||' | grep -v '^[0-9]\{8\}T[0-9]\{6\}Z\(-[0-9]\{1,\}\)\{0,1\}\.json\.gz$')
[ -z "$bad" ] || da_fail "history runs not named by their UTC time: $bad"
for f in "$H"/runs/*.json.gz; do
	[ -f "$f" ] || continue
	gzip -dc "$f" | python3 -c 'import json, sys; json.load(sys.stdin)' 2>/dev/null ||
		da_fail "$f is not gzip-compressed JSON"
done
for f in latest.json latest.html latest.prom; do
	[ -s "$H/$f" ] || da_fail "the history has no $f"
done
# The history's files follow the unit's umask: the report is not for everyone.
if [ -f "$H/latest.json" ] && [ -n "$umask_unit" ]; then
	perm=$(stat -c %a "$H/latest.json")
	[ $((0$perm & ~0$umask_unit & 0777)) -eq $((0$perm)) ] ||
		da_fail "latest.json has mode $perm under UMask=$umask_unit"
fi

if [ -s "$H/latest.json" ]; then
	expect "$H/latest.json" container_added_capabilities c-new fail
	expect "$H/latest.json" container_added_capabilities c-base pass
fi

# `dockaudit history changes`: the new container's failure, as new; the
# history directory found through the configuration file too.
da_dockaudit history --history "$H" changes --json -
expect_rc 2 "dockaudit history changes (new failures: exit code 2, as diff)"
cp "$DA_TMP/out" "$DA_TMP/changes.json"
python3 - "$DA_TMP/changes.json" <<'PY' || da_fail "history changes: $(head -c 600 "$DA_TMP/changes.json")"
import json, sys
d = json.load(open(sys.argv[1]))
new = {(c["rule"].split("_rule_", 1)[-1], (c.get("subject") or {}).get("name")) for c in d["new_failures"]}
bad = []
if ("container_added_capabilities", "c-new") not in new:
    bad.append("c-new failing container_added_capabilities is not new")
if ("container_added_capabilities", "c-base") in new:
    bad.append("c-base, which did not change, is new")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
da_dockaudit history --config "$D$CONF" changes --json -
expect_rc 2 "dockaudit history --config changes"
cmp -s "$DA_TMP/out" "$DA_TMP/changes.json" ||
	da_fail "history --config CONF and --history DIR disagree: $(diff "$DA_TMP/changes.json" "$DA_TMP/out" | head -n 10)"
da_dockaudit history --history "$H" list
expect_rc 0 "dockaudit history list"
[ "$(grep -c '[0-9]\{8\}T[0-9]\{6\}Z' "$DA_TMP/out")" -eq 2 ] ||
	da_fail "history list does not show two runs: $(head -c 600 "$DA_TMP/out")"

# The HTML report marks the new container's failure as new.
grep -qi 'new since' "$H/latest.html" 2>/dev/null ||
	da_fail "latest.html has no \"new since the last run\" marker"
grep -q 'c-new' "$H/latest.html" 2>/dev/null || da_fail "latest.html does not list c-new"

# The metrics: this run's time and success, and its new failures.
prom_value() {
	sed -n "s/^$1 \([0-9.e+]*\)\$/\1/p" "$H/latest.prom" 2>/dev/null | head -n 1
}
v=$(prom_value dockaudit_new_failures)
[ "${v%%.*}" -gt 0 ] 2>/dev/null ||
	da_fail "latest.prom: dockaudit_new_failures is '$v', expected > 0"
v=$(prom_value dockaudit_last_run_success)
[ "$v" = 1 ] || da_fail "latest.prom: dockaudit_last_run_success is '$v', expected 1"
v=$(prom_value dockaudit_last_run_timestamp_seconds)
v=${v%%.*}
[ "${v:-0}" -ge "$t_before" ] 2>/dev/null && [ "$v" -le "$t_after" ] ||
	da_fail "latest.prom: dockaudit_last_run_timestamp_seconds is '$v', expected $t_before..$t_after"

# ---- the mail after a failed run -------------------------------------------

MAILER=$(find "$D" -name dockaudit-mail -type f | head -n 1)
grep -q "^ExecStart=.*/dockaudit-mail $CONF %i\$" "$U/dockaudit-mail@.service" ||
	da_fail "dockaudit-mail@.service does not run the mail script on $CONF"
if [ -x "$MAILER" ]; then
	MONITOR_EXIT_STATUS=2 MONITOR_UNIT=dockaudit.service MAILTO=audit@example.org \
		DOCKAUDIT="$D$BIN" SENDMAIL="tee $DA_TMP/mail.eml" \
		"$MAILER" "$D$CONF" dockaudit.service >/dev/null 2>"$DA_TMP/mail.err" ||
		da_fail "dockaudit-mail failed: $(cat "$DA_TMP/mail.err")"
	python3 - "$DA_TMP/mail.eml" "$H/latest.html" <<'PY' || da_fail "the mail is not what was expected"
import email, email.policy, sys
msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
bad = []
if msg["To"] != "audit@example.org":
    bad.append("To: %s" % msg["To"])
if "dockaudit.service failed" not in (msg["Subject"] or ""):
    bad.append("Subject: %s" % msg["Subject"])
body = msg.get_body(("plain",))
text = body.get_content() if body else ""
if "c-new" not in text or "some rules fail" not in text:
    bad.append("text without c-new or the reason: %r" % text[:400])
atts = [p for p in msg.iter_attachments() if p.get_content_type() == "text/html"]
if len(atts) != 1 or atts[0].get_payload(decode=True) != open(sys.argv[2], "rb").read():
    bad.append("no attachment equal to latest.html")
for b in bad:
    print("FAIL: mail: " + b)
sys.exit(1 if bad else 0)
PY
else
	da_fail "make install did not install the dockaudit-mail script"
fi

# ---- fail-on-new: a third run that finds nothing new ----------------------

printf 'fail-on-new = yes\n' >>"$D$CONF"
run_unit
expect_rc 0 "a run with fail-on-new and no new failure"
v=$(prom_value dockaudit_new_failures)
[ "$v" = 0 ] || da_fail "latest.prom after a run with nothing new: dockaudit_new_failures is '$v'"
runs=$(find "$H/runs" -name '*.json.gz' 2>/dev/null | wc -l)
[ "$runs" -eq 3 ] || da_fail "the history holds $runs runs after the third, expected 3"

# ---- the unit's capability bounding set --------------------------------------

# capped NAME SET: an audit of the test daemon as JSON in DA_TMP/NAME.json,
# with the bounding set SET (setpriv syntax; "" for every capability).
capped() {
	local o="$DA_TMP/$1.json"
	rm -f "$o"
	# shellcheck disable=SC2086 # DA_WRAPPER is a command line
	if [ -n "$2" ]; then
		setpriv --no-new-privs --bounding-set "-all,$2" -- ${DA_WRAPPER:-} "$D$BIN" audit \
			--docker-host "$DOCKER_HOST" --json "$o" -q >/dev/null 2>"$DA_TMP/err"
	else
		${DA_WRAPPER:-} "$D$BIN" audit --docker-host "$DOCKER_HOST" --json "$o" -q >/dev/null 2>"$DA_TMP/err"
	fi
	[ -s "$o" ] || da_fail "the audit with bounding set '$2' wrote no results: $(head -c 300 "$DA_TMP/err")"
}

# changed_rules A B: the rules whose result, or a subject's, differs.
changed_rules() {
	python3 - "$1" "$2" <<'PY'
import json, sys
def rows(p):
    out = {}
    for r in json.load(open(p)).get("rules", []):
        rid = r["id"].partition("_rule_")[2] or r["id"]
        out[(rid, "-")] = r.get("result")
        for i in r.get("instances", []):
            out[(rid, (i.get("subject") or {}).get("name"))] = i.get("result")
    return out
a, b = rows(sys.argv[1]), rows(sys.argv[2])
print(" ".join(sorted({k[0] for k in set(a) | set(b) if a.get(k) != b.get(k)})))
PY
}

capped full ""
capped unit "$caps"
if [ -s "$DA_TMP/full.json" ] && [ -s "$DA_TMP/unit.json" ]; then
	d=$(changed_rules "$DA_TMP/full.json" "$DA_TMP/unit.json")
	[ -z "$d" ] || da_fail "the unit's bounding set ($caps) changes the results of: $d"
fi

# Each capability of the set is needed: without it, these rules change (and
# only rules of the documented list do).
for c in \
	"sys_ptrace:container_no_sshd:container_no_sshd containerd_sock_mode containerd_sock_owner audit_containerd_sock" \
	"dac_read_search:daemon_icc:daemon_icc daemon_log_level daemon_cgroup_parent daemon_no_new_privileges daemon_userland_proxy_disabled" \
	"audit_control:audit_dockerd:audit_dockerd audit_etc_docker audit_run_containerd audit_var_lib_docker audit_containerd_sock"; do
	cap=${c%%:*}
	rest=${c#*:}
	must=${rest%%:*}
	allowed=" ${rest#*:} "
	set_minus=$(printf '%s\n' "$caps" | tr , '\n' | grep -v "^+$cap\$" | paste -sd, -)
	[ "$set_minus" != "$caps" ] || da_fail "the unit's bounding set lacks $cap"
	capped "minus-$cap" "$set_minus"
	[ -s "$DA_TMP/minus-$cap.json" ] || continue
	d=$(changed_rules "$DA_TMP/full.json" "$DA_TMP/minus-$cap.json")
	case " $d " in
	*" $must "*) ;;
	*) da_fail "without $cap, $must does not change (changed: ${d:-nothing})" ;;
	esac
	for r in $d; do
		case $allowed in
		*" $r "*) ;;
		*) da_fail "without $cap, $r changes, which docs/SCHEDULING.md does not say" ;;
		esac
	done
done

da_done
