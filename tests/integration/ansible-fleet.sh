#!/bin/sh
# The Ansible collection dockaudit.compliance (contrib/ansible/) with the
# real ansible-core: it passes ansible-lint's production profile, builds and
# installs with ansible-galaxy, and its fleet playbook audits an inventory of
# four hosts: three private dockerds with different misconfigurations and
# one whose socket does not answer. The down host fails alone, with its
# socket in the message; the others' reports are fetched and the fleet
# report is built from them; check mode changes nothing; a second run
# changes nothing but the new reports.
#
# The "hosts" are local connections on this machine. Each runs dockaudit
# through a small wrapper in a UTS namespace of its own, so each result
# names its own host (the fleet tells hosts apart by host name), as on a
# real fleet. dockaudit is not run under valgrind here (the playbook runs
# it nine times); the other integration tests cover that.
# shellcheck disable=SC3043 # local: dash, bash and busybox sh all have it
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker
for t in ansible-playbook ansible-galaxy ansible-doc; do
	command -v "$t" >/dev/null || da_skip "$t is missing (apt-get install ansible-core)"
done
command -v unshare >/dev/null || da_skip "unshare is missing"

COLL=$top_srcdir/contrib/ansible/dockaudit/compliance
# Many small checks: the system's python3 starts faster than a shim on PATH.
PY=python3
[ ! -x /usr/bin/python3 ] || PY=/usr/bin/python3
PLAYLOG="$PY $top_srcdir/tests/fixtures/ansible/playlog.py"
DA_EXPECT="$PY $top_srcdir/tests/integration/expect.py"
T0=$(date +%s)

# Ansible keeps all it writes in the test's directory and sees only the
# collections installed here and ansible.builtin.
ANSIBLE_HOME=$DA_TMP/ansible-home
ANSIBLE_CONFIG=$DA_TMP/ansible.cfg
ANSIBLE_COLLECTIONS_PATH=$DA_TMP/collections
ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
ANSIBLE_LOCAL_TEMP=$DA_TMP/ansible-tmp
ANSIBLE_REMOTE_TEMP=$DA_TMP/ansible-tmp
ANSIBLE_NOCOLOR=1
ANSIBLE_RETRY_FILES_ENABLED=false
PYTHONDONTWRITEBYTECODE=1
export ANSIBLE_HOME ANSIBLE_CONFIG ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_SCAN_SYS_PATH \
	ANSIBLE_LOCAL_TEMP ANSIBLE_REMOTE_TEMP ANSIBLE_NOCOLOR ANSIBLE_RETRY_FILES_ENABLED \
	PYTHONDONTWRITEBYTECODE
printf '[defaults]\n' >"$ANSIBLE_CONFIG"

# ---- the collection itself ----------------------------------------------

want=$(sed -n 's/^AC_INIT(\[dockaudit\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
VERSION=$(sed -n 's/^version: *\([^ #]*\).*/\1/p' "$COLL/galaxy.yml")
if [ -z "$want" ] || [ "$VERSION" != "$want" ]; then
	da_fail "galaxy.yml has version '$VERSION', configure.ac '$want'"
fi

# Lint and build a copy: the source tree may be read-only (distcheck).
# The copy sits in an ansible_collections tree, where ansible-lint finds the
# collection's own role and module.
SRC=$DA_TMP/src/ansible_collections/dockaudit/compliance
mkdir -p "$SRC"
cp -R "$COLL/." "$SRC"
if command -v ansible-lint >/dev/null; then
	t=$(date +%s)
	if ! (cd "$SRC" && XDG_CACHE_HOME=$DA_TMP/cache ANSIBLE_COLLECTIONS_PATH=$DA_TMP/src ansible-lint --offline --profile production --nocolor) \
		>"$DA_TMP/lint.log" 2>&1; then
		da_fail "ansible-lint --profile production finds violations:"
		tail -n 40 "$DA_TMP/lint.log"
	fi
	echo "ansible-lint: $(($(date +%s) - t)) s"
elif [ "${CI:-}" = true ]; then
	da_fail "ansible-lint is required under CI=true"
else
	echo "ansible-lint is missing: the collection is not linted"
fi
ansible-galaxy collection build --output-path "$DA_TMP/dist" "$SRC" \
	>"$DA_TMP/build.log" 2>&1 || da_fatal "ansible-galaxy collection build: $(cat "$DA_TMP/build.log")"
TARBALL=$DA_TMP/dist/dockaudit-compliance-$VERSION.tar.gz
[ -f "$TARBALL" ] || da_fatal "the build wrote no $TARBALL: $(cat "$DA_TMP/build.log")"
ansible-galaxy collection install -p "$ANSIBLE_COLLECTIONS_PATH" "$TARBALL" \
	>"$DA_TMP/install.log" 2>&1 || da_fatal "ansible-galaxy collection install: $(cat "$DA_TMP/install.log")"
INSTALLED=$ANSIBLE_COLLECTIONS_PATH/ansible_collections/dockaudit/compliance
for f in plugins/modules/audit.py roles/audit/tasks/main.yml playbooks/fleet.yml meta/runtime.yml README.md; do
	[ -f "$INSTALLED/$f" ] || da_fail "the installed collection lacks $f"
done
if ansible-doc -t module dockaudit.compliance.audit >"$DA_TMP/doc.txt" 2>&1; then
	for w in fail_on output_dir formats docker_host 'RETURN VALUES' failed_rules EXAMPLES; do
		grep -q "$w" "$DA_TMP/doc.txt" || da_fail "ansible-doc dockaudit.compliance.audit does not show $w"
	done
else
	da_fail "ansible-doc cannot render dockaudit.compliance.audit: $(head -c 600 "$DA_TMP/doc.txt")"
fi

echo "collection linted, built, installed and documented: $(($(date +%s) - T0)) s"

# A missing binary fails the module with a message that says so.
ansible localhost -m dockaudit.compliance.audit -a "binary=$DA_TMP/no-such-dockaudit" \
	>"$DA_TMP/adhoc.log" 2>&1 && da_fail "the module succeeded without a binary"
grep -q "dockaudit binary $DA_TMP/no-such-dockaudit does not exist or is not executable" "$DA_TMP/adhoc.log" ||
	da_fail "the module's message for a missing binary: $(head -c 400 "$DA_TMP/adhoc.log")"

# ---- the fleet: three daemons and one that does not answer -------------

IMG=da-busybox:fleet
# start_host NAME: a private dockerd for the host NAME, with the image;
# its socket in $DA_TMP/hosts/NAME.sock (a link).
start_host() {
	# shellcheck disable=SC2119 # no extra dockerd flags
	da_dockerd_start
	da_image_busybox "$IMG"
	ln -s "$DA_DOCKERD_DIR/docker.sock" "$DA_TMP/hosts/$1.sock"
}
run() {
	c=$1
	shift
	da_docker run -d --name "$c" "$@" "$IMG" sleep 3600
}
mkdir -p "$DA_TMP/hosts" "$DA_TMP/ctl"
start_host caps
run c-caps --cap-add SYS_ADMIN
run c-plain
da_dockerd_keep
start_host mounts
run c-etc -v /etc:/host-etc:ro
da_dockerd_keep
start_host clean
run c-good --read-only --memory 64m --cap-drop ALL --cap-add CHOWN \
	--security-opt no-new-privileges --user 1000
da_dockerd_keep
echo "three daemons ready: $(($(date +%s) - T0)) s"
# A daemon that died: its socket is there, nobody listens.
DOWN_SOCK=$DA_TMP/hosts/down/docker.sock
mkdir -p "$DA_TMP/hosts/down"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$DOWN_SOCK" ||
	da_fatal "cannot make a socket nobody listens on"

# Each host runs dockaudit in a UTS namespace named after it.
for h in caps mounts clean down; do
	mkdir -p "$DA_TMP/hosts/$h"
	cat >"$DA_TMP/hosts/$h/dockaudit" <<EOF
#!/bin/sh
exec unshare --uts /bin/sh -c 'hostname "\$0" && exec "\$@"' $h '$DOCKAUDIT' "\$@"
EOF
	chmod 0755 "$DA_TMP/hosts/$h/dockaudit"
done
sock() {
	if [ "$1" = down ]; then echo "$DOWN_SOCK"; else readlink "$DA_TMP/hosts/$1.sock"; fi
}
{
	echo "[docker]"
	for h in caps mounts clean down; do
		printf '%s dockaudit_binary=%s dockaudit_docker_host=unix://%s dockaudit_output_dir=%s' \
			"$h" "$DA_TMP/hosts/$h/dockaudit" "$(sock "$h")" "$DA_TMP/hosts/$h/out"
		# The mounts host audits a fixture tree as its root: its host name
		# comes from there (web-01).
		[ "$h" != mounts ] || printf ' dockaudit_root=%s' "$top_srcdir/tests/fixtures/hosts/debian12"
		# The clean host has the role check the binary before the audit.
		[ "$h" != clean ] || printf ' dockaudit_install=path'
		echo
	done
	echo "[docker:vars]"
	echo "ansible_connection=local"
	echo "ansible_python_interpreter=/usr/bin/python3"
} >"$DA_TMP/ctl/inventory"

python3 - "$DA_TMP/ctl/vars.json" "$DOCKAUDIT_DATADIR" "$DOCKAUDIT" <<'PY'
import json, sys
path, datadir, binary = sys.argv[1:]
json.dump({"dockaudit_environment": {"DOCKAUDIT_DATADIR": datadir},
           "dockaudit_fleet_binary": binary}, open(path, "w"))
PY

# With require_daemon false, an audit without its daemon is returned like
# any other: it does not comply, and the daemon's error is in the result.
ansible localhost -m dockaudit.compliance.audit \
	-a "binary=$DOCKAUDIT docker_host=unix://$DOWN_SOCK require_daemon=false formats=json" \
	-e 'ansible_python_interpreter=/usr/bin/python3' >"$DA_TMP/adhoc.log" 2>&1 ||
	da_fail "the module failed with require_daemon=false: $(head -c 600 "$DA_TMP/adhoc.log")"
if ! grep -q '"compliant": false' "$DA_TMP/adhoc.log" ||
	! grep -q '"error": "GET /_ping: cannot connect' "$DA_TMP/adhoc.log"; then
	da_fail "require_daemon=false: not a noncompliant result with the daemon's error: $(head -c 600 "$DA_TMP/adhoc.log")"
fi

# play NAME [ansible-playbook args...]: run the fleet playbook from the
# installed collection in $DA_TMP/ctl (so the reports go to its reports/);
# output in $DA_TMP/NAME.log, exit code in PLAY_RC.
play() {
	local name="$1" t
	shift
	t=$(date +%s)
	(cd "$DA_TMP/ctl" && ansible-playbook -i inventory -e @vars.json "$@" dockaudit.compliance.fleet) \
		>"$DA_TMP/$name.log" 2>&1
	PLAY_RC=$?
	echo "ansible-playbook ($name): exit code $PLAY_RC, $(($(date +%s) - t)) s"
}
show_log() {
	echo "---- the end of $DA_TMP/$1.log"
	tail -n 60 "$DA_TMP/$1.log"
}
recap() {
	$PLAYLOG "$DA_TMP/$1.log" recap "$2" "$3"
}

# expect_fleet_run NAME [HOST]: what every run shows: the down host (and
# HOST, failed by fail_on) fail, in the last play, the down host with its
# socket in the message; the others do not fail; every audit ran.
expect_fleet_run() {
	local h
	[ "$PLAY_RC" -eq 2 ] || da_fail "$1: ansible-playbook exit code $PLAY_RC, expected 2 (a host failed)"
	for h in caps mounts clean localhost; do
		[ "$h" != "${2:-}" ] || continue
		[ "$(recap "$1" "$h" failed)" = 0 ] || da_fail "$1: $h failed ($(recap "$1" "$h" failed))"
		[ "$(recap "$1" "$h" unreachable)" = 0 ] || da_fail "$1: $h unreachable"
	done
	[ "$(recap "$1" down failed)" = 1 ] || da_fail "$1: down did not fail once ($(recap "$1" down failed))"
	$PLAYLOG "$DA_TMP/$1.log" fatal "Fail a host whose audit failed" down >"$DA_TMP/down-msg"
	grep -q "the Docker daemon at unix://$DOWN_SOCK did not answer" "$DA_TMP/down-msg" ||
		da_fail "$1: the down host's failure does not name its socket: $(head -c 400 "$DA_TMP/down-msg")"
	grep -q "\"down: AUDIT FAILED: cannot audit: the Docker daemon at unix://$DOWN_SOCK" "$DA_TMP/$1.log" ||
		da_fail "$1: the outcome table does not show the down host's failure"
	for h in caps mounts clean; do
		$PLAYLOG "$DA_TMP/$1.log" status "Audit the Docker host" "$h" >"$DA_TMP/st"
		if [ "$h" = "${2:-}" ]; then
			[ "$(cat "$DA_TMP/st")" = fatal ] || da_fail "$1: the audit task of $h: $(cat "$DA_TMP/st"), expected fatal"
		else
			[ "$(cat "$DA_TMP/st")" = ok ] || da_fail "$1: the audit task of $h: $(cat "$DA_TMP/st"), expected ok"
		fi
		grep -q "\"$h: noncompliant, score " "$DA_TMP/$1.log" ||
			da_fail "$1: the outcome table lacks $h"
	done
}

# ---- run 1: audit, fetch, fleet report ----------------------------------

play run1
expect_fleet_run run1
REPORTS=$DA_TMP/ctl/reports
FORMATS="results.json results.hdf.json results.arf.xml results.html"
for h in caps mounts clean; do
	n=$(find "$REPORTS/$h" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)
	[ "$n" -eq 1 ] || da_fail "run1: $REPORTS/$h holds $n run directories, expected 1"
	for f in $FORMATS; do
		# shellcheck disable=SC2086 # the run directory's name is a UTC time
		[ -s "$(echo $REPORTS/$h/*/$f)" ] || da_fail "run1: $h's $f was not fetched"
		[ -s "$DA_TMP/hosts/$h/out/$f" ] || da_fail "run1: $h's $f is not in its output_dir"
	done
	[ -z "$(find "$DA_TMP/hosts/$h/out" -name '.dockaudit-run.*')" ] ||
		da_fail "run1: $h's output_dir keeps a work directory"
done
[ ! -e "$REPORTS/down" ] || da_fail "run1: reports were fetched for the down host"
[ -z "$(find "$DA_TMP/hosts/down/out" -type f 2>/dev/null)" ] || da_fail "run1: the down host kept reports"
TIME1=$(basename "$(echo "$REPORTS"/caps/*)")
case $TIME1 in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z) ;;
*) da_fail "run1: the run directory $TIME1 is not a UTC time" ;;
esac
for h in mounts clean; do
	[ -d "$REPORTS/$h/$TIME1" ] || da_fail "run1: $h's reports are not under the play's time $TIME1"
done

R=$REPORTS/caps/$TIME1/results.json
expect "$R" container_added_capabilities c-caps fail --message-contains SYS_ADMIN
expect "$R" container_added_capabilities c-plain pass
expect --fact "$R" /host/hostname caps
R=$REPORTS/mounts/$TIME1/results.json
expect "$R" container_sensitive_host_dirs c-etc fail
expect --fact "$R" /host/hostname web-01
R=$REPORTS/clean/$TIME1/results.json
expect "$R" container_added_capabilities c-good pass
expect "$R" container_sensitive_host_dirs c-good pass
expect "$R" container_added_capabilities - pass
expect --fact "$R" /host/hostname clean

# The fleet report, built from the three results fetched (the down host
# has none); each host links its own HTML report, relative to the page.
FJ=$REPORTS/fleet-$TIME1.json
FH=$REPORTS/fleet-$TIME1.html
if [ -s "$FJ" ] && [ -s "$FH" ]; then
	$PY "$top_srcdir/tests/fixtures/ansible/fleet-check.py" "$FJ" 1 caps,web-01,clean \
		container_added_capabilities=caps container_sensitive_host_dirs=web-01 ||
		da_fail "run1: the fleet report is not the three hosts' (above)"
	for h in caps mounts clean; do
		grep -q "href=\"$h/$TIME1/results.html\"" "$FH" ||
			da_fail "run1: the fleet page does not link $h/$TIME1/results.html"
	done
else
	da_fail "run1: no fleet report $FJ and page $FH"
fi
for w in 'Fleet: 3 hosts from 3 results' 'caps  ' 'web-01  ' 'clean  '; do
	grep -q "$w" "$DA_TMP/run1.log" || da_fail "run1: the fleet table shown lacks '$w'"
done
[ "$DA_FAILS" -eq 0 ] || show_log run1

# ---- check mode: the audit runs, nothing changes ------------------------

snapshot() {
	find "$DA_TMP/ctl" "$DA_TMP/hosts" -path "$DA_TMP/ctl/check*" -prune -o -printf '%p %s %T@\n' | sort
}
snapshot >"$DA_TMP/before"
sleep 1
play check --check
snapshot >"$DA_TMP/after"
cmp -s "$DA_TMP/before" "$DA_TMP/after" || {
	da_fail "check mode changed files:"
	diff "$DA_TMP/before" "$DA_TMP/after" | head -20
}
expect_fleet_run check
for h in caps mounts clean down localhost; do
	[ "$(recap check "$h" changed)" = 0 ] || da_fail "check mode: $h reports changes"
done
[ -z "$($PLAYLOG "$DA_TMP/check.log" changed)" ] || da_fail "check mode: changed tasks: $($PLAYLOG "$DA_TMP/check.log" changed)"
[ "$DA_FAILS" -eq 0 ] || show_log check

# ---- run 2: only the new reports are changes; fail_on ------------------

# The caps host now gates on high-severity failures: its audit fails, its
# reports are still fetched and counted in the fleet report, and it fails
# at the end with the rules that met fail_on. The fleet report takes the
# two latest results of each host (a trend).
sed 's/^caps /caps dockaudit_fail_on=high /' "$DA_TMP/ctl/inventory" >"$DA_TMP/ctl/inventory.new" &&
	mv "$DA_TMP/ctl/inventory.new" "$DA_TMP/ctl/inventory"
play run2 -e dockaudit_fleet_runs=2
expect_fleet_run run2 caps
[ "$(recap run2 caps failed)" = 1 ] || da_fail "run2: caps did not fail by fail_on"
$PLAYLOG "$DA_TMP/run2.log" fatal "Fail a host whose audit failed" caps >"$DA_TMP/caps-msg"
grep -q 'severity high or above fail.*container_added_capabilities (CIS 5.4, high)' "$DA_TMP/caps-msg" ||
	da_fail "run2: caps's failure does not name the high rule that failed: $(head -c 400 "$DA_TMP/caps-msg")"
$PLAYLOG "$DA_TMP/run2.log" changed | grep -v -e '^dockaudit.compliance.audit : Fetch the reports: ' \
	-e '^Build the fleet report: localhost$' >"$DA_TMP/changed" && {
	da_fail "run2: changes other than the new reports:"
	cat "$DA_TMP/changed"
}
for h in caps mounts clean; do
	n=$(find "$REPORTS/$h" -mindepth 1 -maxdepth 1 -type d | wc -l)
	[ "$n" -eq 2 ] || da_fail "run2: $REPORTS/$h holds $n run directories, expected 2"
done
# shellcheck disable=SC2012 # names are UTC times
FJ=$(ls "$REPORTS"/fleet-*.json | tail -n 1)
[ "$FJ" != "$REPORTS/fleet-$TIME1.json" ] || da_fail "run2: no new fleet report"
$PY "$top_srcdir/tests/fixtures/ansible/fleet-check.py" "$FJ" 2 caps,web-01,clean \
	container_added_capabilities=caps container_sensitive_host_dirs=web-01 ||
	da_fail "run2: the fleet report is not the three hosts' two latest results (above)"
[ "$DA_FAILS" -eq 0 ] || show_log run2

echo "ansible-fleet: $(($(date +%s) - T0)) s in all"
da_done
