#!/bin/sh
# The Debian package, end to end on this machine: a copy of the source tree
# (the files git tracks, or the unpacked distribution) is built with
# dpkg-buildpackage, lintian finds no error and no warning that
# debian/dockaudit.lintian-overrides does not explain, `dpkg -i` installs
# it, the installed /usr/bin/dockaudit audits a test dockerd with the
# content of /usr/share/dockaudit, the installed service's ExecStart
# command writes its history under /var/lib/dockaudit, the package in a
# Debian 12 system booted with systemd (systemd-nspawn) enables its timer
# and its hardened service keeps a history whose second run shows a new
# container's failures as new, and `dpkg -P` leaves nothing behind.
#
# It installs a package on the machine, so it refuses (skips) when a
# dockaudit package, or any of the paths the package owns, is already
# there; a dockaudit installed under /usr/local is left alone (only
# absolute /usr/bin paths are run). The package build skips its own tests
# (nocheck): `make check` runs the same ones on the same sources.
# shellcheck disable=SC3043 # local: dash, bash and busybox sh all have it
: "${top_srcdir:?run through make check}"
# debootstrap reaches apt's mirror through the host's network namespace.
DA_HOST_NETWORK=yes
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker
for t in dpkg-buildpackage dh lintian dpkg-deb debootstrap systemd-nspawn; do
	command -v "$t" >/dev/null || da_skip "$t is missing (apt-get install dpkg-dev debhelper lintian debootstrap systemd-container)"
done
T0=$(date +%s)

# Paths of the package: none may exist before the test (they would be
# replaced, and the purge would remove them).
OWNED="/usr/bin/dockaudit /usr/share/dockaudit /etc/dockaudit /var/lib/dockaudit
	/usr/share/doc/dockaudit /lib/systemd/system/dockaudit.service
	/lib/systemd/system/dockaudit.timer /lib/systemd/system/dockaudit-mail@.service
	/usr/libexec/dockaudit /usr/share/man/man8/dockaudit.8.gz
	/etc/systemd/system/timers.target.wants/dockaudit.timer
	/var/lib/systemd/deb-systemd-helper-enabled/dockaudit.timer.dsh-also
	/var/lib/systemd/deb-systemd-helper-enabled/timers.target.wants/dockaudit.timer
	/var/lib/systemd/deb-systemd-helper-masked/dockaudit.timer"
status=$(dpkg-query -W -f='${db:Status-Abbrev}' dockaudit 2>/dev/null)
case $status in
"" | "un "*) ;;
*) da_skip "a dockaudit package is on this machine (dpkg status '$status'); the test would replace and purge it" ;;
esac
# exists PATH: PATH is there (a dangling symlink too).
exists() {
	[ -e "$1" ] || [ -L "$1" ]
}

for p in $OWNED; do
	! exists "$p" || da_skip "$p exists; the test would replace it and the purge remove it"
done

# dpkg_run ARGS...: dpkg, waiting (up to 5 minutes) while another dpkg or
# apt holds its lock; output in $DA_TMP/dpkg.log.
dpkg_run() {
	local i=0
	while :; do
		dpkg "$@" >"$DA_TMP/dpkg.log" 2>&1 && return 0
		grep -q 'lock' "$DA_TMP/dpkg.log" || return 1
		[ "$i" -lt 300 ] || return 1
		sleep 1
		i=$((i + 1))
	done
}

# If the test ends early, the package goes (the EXIT trap runs this).
PURGED=no
# shellcheck disable=SC2317 # a cleanup hook
deb_cleanup() {
	[ -z "${MOVED:-}" ] || mv "$MOVED" /usr/share/dockaudit
	if [ "$PURGED" = no ] && dpkg-query -W dockaudit >/dev/null 2>&1; then
		dpkg_run -P dockaudit || cat "$DA_TMP/dpkg.log" >&2
	fi
}
DA_CLEANUP_HOOKS="$DA_CLEANUP_HOOKS deb_cleanup"

# ---- build ----------------------------------------------------------------

SRC=$DA_TMP/src/dockaudit
mkdir -p "$SRC"
if [ "$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null)" = "$top_srcdir" ]; then
	(cd "$top_srcdir" && git ls-files -z | tar --null -T - -cf -) | tar -C "$SRC" -xf - ||
		da_fatal "cannot copy the files git tracks"
else
	# an unpacked distribution (distcheck's, read-only, with its build in
	# _build and its installation in _inst)
	tar -C "$top_srcdir" --exclude=./_build --exclude=./_inst -cf - . | tar -C "$SRC" -xf - ||
		da_fatal "cannot copy $top_srcdir"
fi
chmod -R u+w "$SRC"
[ -f "$SRC/debian/control" ] || da_fatal "the source copy has no debian/control"
t=$(date +%s)
(cd "$SRC" && DEB_BUILD_OPTIONS="parallel=2 nocheck" dpkg-buildpackage -us -uc -b) >"$DA_TMP/build.log" 2>&1 || {
	tail -n 40 "$DA_TMP/build.log"
	da_fatal "dpkg-buildpackage failed"
}
echo "dpkg-buildpackage: $(($(date +%s) - t)) s"
VERSION=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version)
want=$(sed -n 's/^AC_INIT(\[dockaudit\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
[ "$VERSION" = "$want" ] || da_fail "debian/changelog has version $VERSION, configure.ac $want"
ARCH=$(dpkg --print-architecture)
DEB=$DA_TMP/src/dockaudit_${VERSION}_$ARCH.deb
CHANGES=$DA_TMP/src/dockaudit_${VERSION}_$ARCH.changes
{ [ -f "$DEB" ] && [ -f "$CHANGES" ]; } || da_fatal "no $DEB or $CHANGES after the build"

# ---- lintian ---------------------------------------------------------------

# Every override carries a comment (the lines just above it) saying why.
OVR=$SRC/debian/dockaudit.lintian-overrides
if [ -f "$OVR" ]; then
	awk '/^#/ { c = 1; next } /^[[:space:]]*$/ { c = 0; next }
		!c { print "FAIL: " FILENAME ":" NR ": an override without a comment above it: " $0; bad = 1 }
		END { exit bad }' "$OVR" || DA_FAILS=$((DA_FAILS + 1))
fi
t=$(date +%s)
lintian --info "$CHANGES" >"$DA_TMP/lintian.log" 2>&1
lrc=$?
echo "lintian: $(($(date +%s) - t)) s"
sed 's/^/  lintian: /' "$DA_TMP/lintian.log"
# Overridden tags are not shown; any E: or W: line is an error or an
# unexplained warning.
grep -q '^[EW]: ' "$DA_TMP/lintian.log" && da_fail "lintian reports errors or warnings without an override"
# 0: clean, 1: tags at or above the fail level; anything else: lintian failed.
[ "$lrc" -le 1 ] || da_fail "lintian failed (exit code $lrc)"

# ---- install -----------------------------------------------------------------

# What the package holds, and which of it the machine already has (the
# shared directories: /usr/bin, the man sections, ...).
dpkg-deb --fsys-tarfile "$DEB" | tar -tf - | sed 's|^\./|/|; s|/$||' | grep -v '^/*$' |
	sort >"$DA_TMP/contents" || da_fatal "cannot list $DEB"
while read -r p; do
	if exists "$p"; then echo "$p"; fi
done <"$DA_TMP/contents" >"$DA_TMP/before"

dpkg_run -i "$DEB" || da_fatal "dpkg -i failed: $(tail -n 20 "$DA_TMP/dpkg.log")"
[ "$(dpkg-query -W -f='${db:Status-Abbrev}' dockaudit)" = "ii " ] ||
	da_fail "dockaudit is not installed after dpkg -i: $(dpkg-query -W -f='${db:Status-Abbrev}' dockaudit)"
for p in /usr/bin/dockaudit /usr/share/dockaudit/benchmarks/dockaudit-docker-xccdf.xml \
	/usr/share/dockaudit/benchmarks/groups/containers.xml /usr/share/dockaudit/profiles/baseline.xml \
	/usr/share/dockaudit/schemas/dockaudit-results-1.schema.json \
	/usr/share/man/man8/dockaudit.8.gz /usr/share/man/man5/dockaudit-facts.5.gz \
	/usr/share/man/man5/dockaudit-content.5.gz /etc/dockaudit/dockaudit.conf \
	/lib/systemd/system/dockaudit.service /lib/systemd/system/dockaudit.timer \
	/lib/systemd/system/dockaudit-mail@.service \
	/usr/share/doc/dockaudit/copyright; do
	[ -f "$p" ] || da_fail "the package did not install $p"
done
# The configuration file is a conffile (dpkg keeps an administrator's
# changes on upgrade and removes it on purge).
dpkg-query -W -f='${Conffiles}\n' dockaudit >"$DA_TMP/conffiles"
grep -q '^ /etc/dockaudit/dockaudit.conf [0-9a-f]\{32\}$' "$DA_TMP/conffiles" ||
	da_fail "/etc/dockaudit/dockaudit.conf is not a conffile: $(cat "$DA_TMP/conffiles")"
# The timer is enabled (as Debian enables packaged timers), the service,
# which has no [Install] section, is only started by it.
[ -L /etc/systemd/system/timers.target.wants/dockaudit.timer ] ||
	da_fail "dockaudit.timer was not enabled on installation"
[ -f /var/lib/systemd/deb-systemd-helper-enabled/dockaudit.timer.dsh-also ] ||
	da_fail "deb-systemd-helper keeps no state of the enabled timer"
grep -q '^\[Install\]' /lib/systemd/system/dockaudit.service &&
	da_fail "dockaudit.service has an [Install] section: installing would enable it"

# ---- audit with the installed program and content -------------------------------

# shellcheck disable=SC2119 # no extra dockerd flags
da_dockerd_start
IMG=da-busybox:deb
da_image_busybox "$IMG"
da_docker run -d --name c-sysadmin --cap-add SYS_ADMIN "$IMG" sleep 3600
da_docker run -d --name c-good --cap-drop ALL "$IMG" sleep 3600
unset DOCKAUDIT_DATADIR
DOCKAUDIT=/usr/bin/dockaudit
J=$DA_TMP/results.json
da_audit_json "$J"
expect_rc 2 "installed dockaudit audit: a rule fails"
expect "$J" container_cap_sys_admin c-sysadmin fail --message-contains CAP_SYS_ADMIN
expect "$J" container_cap_sys_admin c-good pass
# The content is the installed one: without /usr/share/dockaudit the same
# command fails and names the benchmark it looked for there.
MOVED=$DA_TMP/share-dockaudit
mv /usr/share/dockaudit "$MOVED"
da_dockaudit audit --docker-host "$DOCKER_HOST" --json "$DA_TMP/none.json"
mv "$MOVED" /usr/share/dockaudit
MOVED=
expect_rc 1 "installed dockaudit without /usr/share/dockaudit"
grep -q '/usr/share/dockaudit/benchmarks/dockaudit-docker-xccdf.xml' "$DA_TMP/err" ||
	da_fail "without /usr/share/dockaudit the error does not name its benchmark: $(head -c 400 "$DA_TMP/err")"

# The installed service's command line (systemd is not PID 1 here), as the
# timer would run it, against the test daemon (DOCKER_HOST): the history
# lands under /var/lib/dockaudit.
execstart=$(sed -n 's/^ExecStart=[-@+!:]*//p' /lib/systemd/system/dockaudit.service)
case $execstart in
"/usr/bin/dockaudit audit --config /etc/dockaudit/dockaudit.conf "*) ;;
*) da_fail "dockaudit.service does not run the installed program with the installed configuration: '$execstart'" ;;
esac
# The mail unit's program is installed where its ExecStart= says.
mailer=$(sed -n 's/^ExecStart=[-@+!:]*\([^ ]*\).*/\1/p' /lib/systemd/system/dockaudit-mail@.service)
case $mailer in
/usr/*) [ -x "$mailer" ] || da_fail "dockaudit-mail@.service runs $mailer, which is not installed" ;;
*) da_fail "dockaudit-mail@.service runs '$mailer', not an installed program" ;;
esac
sh -c "$execstart" >"$DA_TMP/out" 2>"$DA_TMP/err"
DA_RC=$?
[ "$DA_RC" -eq 0 ] || [ "$DA_RC" -eq 2 ] ||
	da_fail "the service's command failed (exit code $DA_RC): $execstart: $(head -c 600 "$DA_TMP/err")"
for f in latest.json latest.html latest.prom; do
	[ -s "/var/lib/dockaudit/history/$f" ] || da_fail "the service's command wrote no /var/lib/dockaudit/history/$f"
done
expect /var/lib/dockaudit/history/latest.json container_cap_sys_admin c-sysadmin fail
ls /var/lib/dockaudit/history/runs/*.json.gz >/dev/null 2>&1 ||
	da_fail "the service's command kept no run in /var/lib/dockaudit/history/runs"

# ---- under a booted systemd --------------------------------------------------

# The package as an administrator meets it: installed in a Debian 12
# system (debootstrap from apt's own mirror, cached per day under
# DA_DEB_CACHE) that boots systemd as PID 1 in systemd-nspawn, with the
# test daemon's socket as its /var/run/docker.sock. Inside, the timer is
# enabled and waiting, the hardened service is started by hand twice with
# a container started outside between the runs, and `dockaudit history`,
# latest.html and latest.prom show that container's failure as new.
CACHE=${DA_DEB_CACHE:-/var/cache/dockaudit-test}
# shellcheck disable=SC2016 # apt's own format fields, not shell
MIRROR=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
	awk '$2 == "bookworm" { print $1; exit }')
[ -n "$MIRROR" ] || da_fatal "apt has no Debian bookworm mirror in its sources"
# The packages the .deb depends on (first of each alternative), so dpkg -i
# needs no apt inside.
deps=$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep . | sort | paste -sd, -)
key=$(printf '%s %s\n' "$MIRROR" "$deps" | md5sum | cut -c1-12)
ROOT_TAR=$CACHE/bookworm-systemd-$key-$(date -u +%Y%m%d).tar
if [ ! -s "$ROOT_TAR" ]; then
	t=$(date +%s)
	r=$DA_TMP/debootstrap
	debootstrap --variant=minbase --include="systemd,systemd-sysv,dbus,$deps" bookworm "$r" "$MIRROR" \
		>"$DA_TMP/debootstrap.log" 2>&1 || {
		tail -n 20 "$DA_TMP/debootstrap.log"
		da_fatal "debootstrap from $MIRROR failed"
	}
	mkdir -p "$CACHE" || da_fatal "cannot create $CACHE"
	find "$CACHE" -maxdepth 1 -name "bookworm-systemd-$key-*.tar" -delete
	tar --numeric-owner -C "$r" -cf "$ROOT_TAR.part" . && mv "$ROOT_TAR.part" "$ROOT_TAR" ||
		da_fatal "cannot keep the debootstrap tree in $ROOT_TAR"
	rm -rf "$r"
	echo "debootstrap (systemd): $(($(date +%s) - t)) s"
fi
BOOT=$DA_TMP/boot
SHARED=$DA_TMP/shared
mkdir -p "$BOOT" "$SHARED"
tar --numeric-owner -C "$BOOT" -xf "$ROOT_TAR" || da_fatal "cannot unpack $ROOT_TAR"
cp "$DEB" "$BOOT/root/dockaudit.deb" # (the container gets a /tmp of its own)
NSPAWN="systemd-nspawn -q --register=no --keep-unit -D $BOOT"
$NSPAWN dpkg -i /root/dockaudit.deb >"$DA_TMP/nspawn-dpkg.log" 2>&1 ||
	da_fatal "dpkg -i in the booted system's tree failed: $(tail -n 20 "$DA_TMP/nspawn-dpkg.log")"
cat >"$BOOT/root/scenario" <<'SH'
#!/bin/sh
# Runs once at boot: what an administrator does after installing.
S=/shared
exec >$S/scenario.log 2>&1
echo "timer $(systemctl is-enabled dockaudit.timer) $(systemctl is-active dockaudit.timer)" >$S/timer
for run in 1 2; do
	if [ "$run" = 2 ]; then
		touch $S/run1-done
		i=0
		while [ ! -e $S/go ] && [ $i -lt 240 ]; do sleep 0.5; i=$((i + 1)); done
	fi
	systemctl start dockaudit.service
	echo "run$run $(systemctl show -p Result --value dockaudit.service) $(systemctl show -p ExecMainStatus --value dockaudit.service)" >>$S/runs
done
dockaudit history list >$S/list.txt
dockaudit history changes --json $S/changes.json
cp /var/lib/dockaudit/history/latest.prom /var/lib/dockaudit/history/latest.html $S/
stat -c '%a %n' /var/lib/dockaudit /var/lib/dockaudit/history/latest.json >$S/modes
journalctl -u dockaudit.service --no-pager >$S/journal.txt
touch $S/done
systemctl poweroff
SH
chmod 0755 "$BOOT/root/scenario"
cat >"$BOOT/etc/systemd/system/da-scenario.service" <<'UNIT'
[Unit]
Description=dockaudit test scenario
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/root/scenario
[Install]
WantedBy=multi-user.target
UNIT
mkdir -p "$BOOT/etc/systemd/system/multi-user.target.wants"
ln -s /etc/systemd/system/da-scenario.service "$BOOT/etc/systemd/system/multi-user.target.wants/"
# (DOCKER_HOST is the test daemon's unix:// socket.)
setsid $NSPAWN -b --bind="${DOCKER_HOST#unix://}:/var/run/docker.sock" --bind="$SHARED:/shared" \
	>"$DA_TMP/boot.log" 2>&1 </dev/null &
BOOT_PID=$!
wait_for() {
	local i=0
	while [ ! -e "$1" ] && [ $i -lt 360 ] && kill -0 "$BOOT_PID" 2>/dev/null; do
		sleep 0.5
		i=$((i + 1))
	done
	[ -e "$1" ]
}
if wait_for "$SHARED/run1-done"; then
	da_docker run -d --name c-new --cap-add SYS_ADMIN "$IMG" sleep 3600
	touch "$SHARED/go"
	wait_for "$SHARED/done" || da_fail "the booted system did not finish its second run: $(tail -n 20 "$DA_TMP/boot.log")"
else
	da_fail "the booted system did not run the service: $(tail -n 30 "$DA_TMP/boot.log")"
fi
i=0
while kill -0 "$BOOT_PID" 2>/dev/null && [ $i -lt 120 ]; do sleep 0.5; i=$((i + 1)); done
if kill -0 "$BOOT_PID" 2>/dev/null; then
	kill "$BOOT_PID"
	da_fail "the booted system did not power off"
fi
echo "booted system: $(cat "$SHARED/timer" 2>/dev/null); $(tr '\n' ';' <"$SHARED/runs" 2>/dev/null)"
grep -qx 'timer enabled active' "$SHARED/timer" 2>/dev/null ||
	da_fail "in the booted system dockaudit.timer is not enabled and waiting: $(cat "$SHARED/timer" 2>/dev/null)"
for run in 1 2; do
	# exit code 2: rules fail (the daemon's own process is outside the
	# container's view, so its rules cannot pass); 1 would be the tool failing
	grep -qx "run$run exit-code 2" "$SHARED/runs" 2>/dev/null ||
		da_fail "service run $run under systemd: $(grep "^run$run " "$SHARED/runs" 2>/dev/null), expected exit code 2: $(tail -n 15 "$SHARED/journal.txt" 2>/dev/null)"
done
[ "$(grep -c '[0-9]\{8\}T[0-9]\{6\}Z' "$SHARED/list.txt" 2>/dev/null)" -eq 2 ] ||
	da_fail "history list in the booted system does not show two runs: $(cat "$SHARED/list.txt" 2>/dev/null)"
python3 - "$SHARED/changes.json" <<'PY' || da_fail "history changes in the booted system: $(head -c 600 "$SHARED/changes.json" 2>/dev/null)"
import json, sys
d = json.load(open(sys.argv[1]))
new = {(c["rule"].split("_rule_", 1)[-1], (c.get("subject") or {}).get("name")) for c in d["new_failures"]}
bad = []
if ("container_added_capabilities", "c-new") not in new:
    bad.append("c-new failing container_added_capabilities is not a new failure")
if any(name == "c-sysadmin" for _, name in new):
    bad.append("c-sysadmin, there in both runs, has new failures")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
grep -q '^dockaudit_last_run_success 1$' "$SHARED/latest.prom" 2>/dev/null ||
	da_fail "latest.prom in the booted system does not say the last run succeeded"
n=$(sed -n 's/^dockaudit_new_failures \([0-9]*\)$/\1/p' "$SHARED/latest.prom" 2>/dev/null)
[ "${n:-0}" -gt 0 ] || da_fail "latest.prom in the booted system counts no new failures"
grep -q 'c-new' "$SHARED/latest.html" && grep -qi 'new since the last run' "$SHARED/latest.html" ||
	da_fail "latest.html in the booted system does not mark c-new's failures as new"
grep -qx '700 /var/lib/dockaudit' "$SHARED/modes" 2>/dev/null ||
	da_fail "the service's state directory: $(cat "$SHARED/modes" 2>/dev/null), expected mode 700"
da_docker rm -f c-new

# ---- purge -------------------------------------------------------------------

PURGED=yes
dpkg_run -P dockaudit || da_fail "dpkg -P failed: $(tail -n 20 "$DA_TMP/dpkg.log")"
status=$(dpkg-query -W -f='${db:Status-Abbrev}' dockaudit 2>/dev/null)
case $status in
"" | "un "*) ;;
*) da_fail "dpkg still knows dockaudit after the purge: '$status'" ;;
esac
for p in $OWNED; do
	if exists "$p"; then
		da_fail "$p is left after the purge"
		rm -rf "$p" # it was not there before the test
	fi
done
while read -r p; do
	grep -qxF "$p" "$DA_TMP/before" && continue
	if exists "$p"; then
		da_fail "$p (from the package) is left after the purge"
		rm -rf "$p"
	fi
done <"$DA_TMP/contents"
while read -r p; do
	exists "$p" || da_fail "$p was there before the test and is gone after the purge"
done <"$DA_TMP/before"

echo "deb.sh: $(($(date +%s) - T0)) s in all"
da_done
