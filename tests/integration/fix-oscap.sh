#!/bin/sh
# The script fixes of the content as OpenSCAP hands them on. A private dockerd
# runs with bad settings in its own config file (icc, live-restore,
# userland-proxy, experimental), log-level=warn as a flag, and that file
# owned by uid 1000 with mode 0666; its containers lack a memory limit, a CPU
# share, a PIDs limit or a bounded restart policy, beside one that has them
# all. From `dockaudit audit --arf`, `oscap xccdf generate fix --result-id`
# writes a bash script and an Ansible playbook: bash -n, shellcheck,
# ansible-playbook --syntax-check and ansible-lint accept them (of the
# latter's findings only the two that OpenSCAP's playbook frame causes, not
# the fixes). Then, for the rules this test controls only (the ARF is
# filtered first, so nothing on the host is touched), the bash script runs
# for real, and on a second daemon with fresh containers the playbook does
# (after a run in check mode that must change nothing):
# each rule whose fix ran passes afterwards (the daemon's after a restart),
# log-level stays failing because dockerd has it as a flag and the fix must
# not also write it into the file, the container that passed keeps its
# settings, and a second run changes nothing. Skips (77) as non-root or when
# dockerd, oscap, xmllint, ansible-playbook, ansible-lint or ShellCheck is
# missing, and fails instead under CI=true.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker
for t in oscap xmllint ansible-playbook ansible-lint shellcheck; do
	command -v "$t" >/dev/null 2>&1 ||
		da_skip "$t is not installed (apt-get install openscap-scanner libxml2-utils ansible-core ansible-lint shellcheck)"
done

# /etc gets an overlay of the test's own: were a fix to reach for the host's
# files, what it wrote would land in $DA_TMP/etc-upper, which is compared
# before and after.
da_overlay_etc
# Ansible, ansible-lint and the docker client keep their state under HOME;
# the fixes call `docker`, which must be the Debian client (TESTBED.md).
export HOME="$DA_TMP/home"
export XDG_CACHE_HOME="$HOME/.cache"
export ANSIBLE_LOCAL_TEMP="$HOME/.ansible/tmp" ANSIBLE_REMOTE_TEMP="$HOME/.ansible/tmp"
export ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0
mkdir -p "$HOME" "$DA_TMP/bin"
ln -s "$DA_DOCKER" "$DA_TMP/bin/docker"
PATH="$DA_TMP/bin:$PATH"

RULE=xccdf_org.dockaudit_rule_
BAD='{"icc": true, "live-restore": false, "userland-proxy": true, "experimental": true}'
# What the filtered ARF may hold: the rules whose fixes reach no further than
# the test daemon (its config file, its containers), given DOCKER_HOST and
# DOCKAUDIT_DOCKERD_PID.
KEEP="daemon_icc daemon_log_level daemon_iptables daemon_live_restore
daemon_userland_proxy_disabled daemon_experimental_off daemon_json_owner daemon_json_mode
container_memory_limit container_cpu_shares container_pids_limit container_restart_policy"

# start_bad_daemon PREFIX: a test daemon with the bad settings, iptables on
# (icc false needs it; the test has a network namespace of its own), its
# config file opened up, and four containers PREFIX-all (fails the four
# container rules), PREFIX-stopped (the same, never started), PREFIX-retry0
# (on-failure without a bound) and PREFIX-ok (passes them all).
start_bad_daemon() {
	DA_DAEMON_JSON_CONTENT=$BAD
	da_dockerd_start --iptables=true --log-level=warn
	CONF=$DA_DOCKERD_DIR/daemon.json
	chown 1000:1000 "$CONF"
	chmod 0666 "$CONF"
	da_image_busybox da-busybox:fix
	da_docker run -d --name "$1-all" --restart always da-busybox:fix sleep 3600
	da_docker create --name "$1-stopped" --restart unless-stopped da-busybox:fix sleep 3600
	da_docker run -d --name "$1-retry0" --restart on-failure --memory 64m --cpu-shares 256 \
		--pids-limit 50 da-busybox:fix sleep 3600
	da_docker run -d --name "$1-ok" --restart on-failure:3 --memory 256m --cpu-shares 256 \
		--pids-limit 50 da-busybox:fix sleep 3600
	export DOCKAUDIT_DOCKERD_PID="$DA_DOCKERD_PID"
	find "$DA_TMP/etc-upper" | sort >"$DA_TMP/etc-before"
}

# audit NAME: results in $DA_TMP/NAME.json and the ARF in $DA_TMP/NAME.arf.
audit() {
	da_audit_json "$DA_TMP/$1.json" --arf "$DA_TMP/$1.arf"
}

# keep_ours ARF OUT: ARF without the rule-results of rules outside KEEP, nor
# those of file rules on any file but the test daemon's config file; then
# "rule instance" for each failure left, sorted, in OUT.fails.
keep_ours() {
	python3 - "$1" "$2" "$RULE" "$CONF" "$KEEP" <<'PY' || da_fatal "cannot filter $1"
import sys
from xml.dom import minidom
src, out, prefix, conf = sys.argv[1:5]
keep = {prefix + r for r in sys.argv[5].split()}
NS = "http://checklists.nist.gov/xccdf/1.2"
doc = minidom.parse(src)
def text(el, name):
    found = el.getElementsByTagNameNS(NS, name)
    return "".join(n.data for n in found[0].childNodes if n.nodeType == n.TEXT_NODE) if found else ""
fails = []
for rr in list(doc.getElementsByTagNameNS(NS, "rule-result")):
    rule, inst = rr.getAttribute("idref"), text(rr, "instance")
    if rule not in keep or (rule.endswith("_owner") or rule.endswith("_mode")) and inst != conf:
        rr.parentNode.removeChild(rr)
    elif text(rr, "result") == "fail":
        fails.append("%s %s" % (rule[len(prefix):], inst))
with open(out, "w", encoding="utf-8") as f:
    doc.writexml(f, encoding="UTF-8")
with open(out + ".fails", "w") as f:
    f.write("".join(l + "\n" for l in sorted(fails)))
PY
}

# expect_fails FILE: FILE.fails lists exactly the failures on stdin.
expect_fails() {
	sort >"$1.want"
	diff -u "$1.want" "$1.fails" >"$DA_TMP/diff" ||
		da_fail "$(basename "$1"): other failures than planned: $(cat "$DA_TMP/diff")"
}

# generate ARF TYPE OUT: oscap's fix of TYPE (bash, ansible) for the ARF's
# TestResult.
generate() {
	id=$(xmllint --xpath "string(//*[local-name()='TestResult']/@id)" "$1")
	oscap xccdf generate fix --fix-type "$2" --result-id "$id" --output "$3" "$1" \
		>"$DA_TMP/oscap.log" 2>&1 ||
		da_fail "oscap xccdf generate fix --fix-type $2 on $(basename "$1"): $(head -c 600 "$DA_TMP/oscap.log")"
}

# lint_bash SCRIPT: bash -n and shellcheck (all severities) accept it.
lint_bash() {
	bash -n "$1" 2>"$DA_TMP/lint.log" ||
		da_fail "bash -n refuses $(basename "$1"): $(head -c 600 "$DA_TMP/lint.log")"
	shellcheck "$1" >"$DA_TMP/lint.log" 2>&1 ||
		da_fail "shellcheck on $(basename "$1"): $(head -c 1500 "$DA_TMP/lint.log")"
}

# lint_playbook PLAYBOOK: ansible-playbook --syntax-check accepts it, and
# ansible-lint (default rules, no configuration) finds nothing but what
# OpenSCAP 1.3.7's frame of the playbook causes: its unnamed play
# (name[play] on the "- hosts: all" line) and the blank line it writes after
# the last task (yaml[empty-lines] on the last line). A finding on any other
# line is in a fix.
lint_playbook() {
	ansible-playbook --syntax-check -i localhost, "$1" >"$DA_TMP/lint.log" 2>&1 ||
		da_fail "ansible-playbook --syntax-check refuses $(basename "$1"): $(head -c 1500 "$DA_TMP/lint.log")"
	play=$(grep -n '^- hosts: all$' "$1" | cut -d: -f1)
	last=$(wc -l <"$1")
	f=$(basename "$1")
	(cd "$(dirname "$1")" && ansible-lint --offline --nocolor -p "$f") >"$DA_TMP/lint.log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] ||
		da_fail "ansible-lint failed to run (exit code $rc): $(head -c 1500 "$DA_TMP/lint.log")"
	grep -F "$f:" "$DA_TMP/lint.log" |
		grep -v -x -F -e "$f:$play: name[play]: All plays should be named." \
			-e "$f:$last: yaml[empty-lines]: Too many blank lines (1 > 0)" >"$DA_TMP/lint.found"
	[ ! -s "$DA_TMP/lint.found" ] ||
		da_fail "ansible-lint on $(basename "$1"): $(head -c 1500 "$DA_TMP/lint.found")"
}

# check_generated ARF NAME: the bash and Ansible fixes of the whole ARF (what
# a user of this host would generate) and of the filtered one pass the
# linters; the filtered ones are left in $DA_TMP/NAME.sh and NAME.yml.
check_generated() {
	generate "$1" bash "$DA_TMP/$2-host.sh"
	lint_bash "$DA_TMP/$2-host.sh"
	generate "$1" ansible "$DA_TMP/$2-host.yml"
	lint_playbook "$DA_TMP/$2-host.yml"
	keep_ours "$1" "$DA_TMP/$2-ours.arf"
	generate "$DA_TMP/$2-ours.arf" bash "$DA_TMP/$2.sh"
	lint_bash "$DA_TMP/$2.sh"
	generate "$DA_TMP/$2-ours.arf" ansible "$DA_TMP/$2.yml"
	lint_playbook "$DA_TMP/$2.yml"
	echo "$2: $(grep -c '^# BEGIN fix' "$DA_TMP/$2-host.sh") fix blocks for the whole ARF" \
		"($(grep -c 'IS MISSING' "$DA_TMP/$2-host.sh") without a fix)," \
		"$(grep -c '^# BEGIN fix' "$DA_TMP/$2.sh") for the test's rules"
	! grep -q 'IS MISSING' "$DA_TMP/$2.sh" ||
		da_fail "$2.sh: a rule of the test has no fix: $(grep 'IS MISSING' "$DA_TMP/$2.sh")"
}

# planned_fails PREFIX: the failures start_bad_daemon plants.
planned_fails() {
	cat <<EOF
daemon_icc dockerd
daemon_log_level dockerd
daemon_live_restore dockerd
daemon_userland_proxy_disabled dockerd
daemon_experimental_off dockerd
daemon_json_owner $CONF
daemon_json_mode $CONF
container_memory_limit $1-all
container_memory_limit $1-stopped
container_cpu_shares $1-all
container_cpu_shares $1-stopped
container_pids_limit $1-all
container_pids_limit $1-stopped
container_restart_policy $1-all
container_restart_policy $1-stopped
container_restart_policy $1-retry0
EOF
}

# inspect_is CONTAINER TEMPLATE WANT: docker inspect's TEMPLATE is WANT.
inspect_is() {
	got=$("$DA_DOCKER" inspect -f "$2" "$1" 2>&1)
	[ "$got" = "$3" ] || da_fail "$1: $2 is '$got', expected '$3'"
}

# expect_fixed PREFIX RESULTS: the container fixes took (with the Values'
# defaults), the file is root's with mode 0644, and the settings are in it
# but not log-level, which dockerd has as a flag.
expect_fixed() {
	for c in "$1-all" "$1-stopped"; do
		inspect_is "$c" '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}' "536870912 1073741824"
		inspect_is "$c" '{{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}}' "512 200"
		inspect_is "$c" '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}' on-failure:5
	done
	inspect_is "$1-retry0" '{{.HostConfig.Memory}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}}' \
		"67108864 256 50"
	inspect_is "$1-retry0" '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}' on-failure:5
	inspect_is "$1-ok" '{{.HostConfig.Memory}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}}' \
		"268435456 256 50"
	inspect_is "$1-ok" '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}' on-failure:3
	[ "$(stat -c '%u:%g %a' "$CONF")" = "0:0 644" ] ||
		da_fail "$CONF is $(stat -c '%u:%g %a' "$CONF"), expected 0:0 644"
	python3 - "$CONF" <<'PY' || da_fail "$CONF does not hold what the fixes should have written"
import json, sys
with open(sys.argv[1]) as f:
    conf = json.load(f)
want = {"icc": False, "live-restore": True, "userland-proxy": False, "experimental": False}
bad = {k: conf.get(k) for k, v in want.items() if conf.get(k) != v}
if bad or "log-level" in conf or "iptables" in conf:
    print("%s: %s" % (sys.argv[1], json.dumps(conf)))
    sys.exit(1)
PY
	for r in container_memory_limit container_cpu_shares container_pids_limit container_restart_policy; do
		for c in "$1-all" "$1-stopped" "$1-retry0" "$1-ok"; do
			expect "$2" "$r" "$c" pass
		done
	done
	expect "$2" daemon_json_owner "$CONF" pass
	expect "$2" daemon_json_mode "$CONF" pass
}

# expect_daemon_fixed RESULTS: after the restart the daemon runs with the
# file's settings; log-level is the flag's, still failing.
expect_daemon_fixed() {
	for r in daemon_icc daemon_live_restore daemon_userland_proxy_disabled daemon_experimental_off \
		daemon_iptables; do
		expect "$1" "$r" dockerd pass
	done
	expect "$1" daemon_log_level dockerd fail --message-contains warn
}

# expect_etc_untouched: nothing was written to /etc since the daemon started.
expect_etc_untouched() {
	find "$DA_TMP/etc-upper" | sort | diff -u "$DA_TMP/etc-before" - >"$DA_TMP/diff" ||
		da_fail "something wrote to /etc: $(cat "$DA_TMP/diff")"
}

# ---- the bash script --------------------------------------------------------
start_bad_daemon b
audit b-before
expect_rc 2 "audit of the bad daemon"
check_generated "$DA_TMP/b-before.arf" b
planned_fails b | expect_fails "$DA_TMP/b-ours.arf"

bash "$DA_TMP/b.sh" >"$DA_TMP/b-run.log" 2>&1
n=$(grep -c '^# BEGIN fix' "$DA_TMP/b.sh")
grep -q "Remediating rule $n/$n" "$DA_TMP/b-run.log" ||
	da_fail "the bash fixes did not all run: $(tail -c 1500 "$DA_TMP/b-run.log")"
grep -q "dockerd (pid $DA_DOCKERD_PID) gets log-level as a command-line flag" "$DA_TMP/b-run.log" ||
	da_fail "the log-level fix did not say why it left the file alone: $(cat "$DA_TMP/b-run.log")"
ls "$CONF".before-icc.* >/dev/null 2>&1 || da_fail "no copy of $CONF as it was before the icc fix"
audit b-after
expect_fixed b "$DA_TMP/b-after.json"
da_dockerd_restart_as_is
export DOCKAUDIT_DOCKERD_PID="$DA_DOCKERD_PID"
audit b-restarted
expect_daemon_fixed "$DA_TMP/b-restarted.json"
expect_fixed b "$DA_TMP/b-restarted.json"
# Once more: nothing left to change, no new copy of the file.
# copies LIST: the copies of the config file that fixes left beside it.
copies() {
	for f in "$CONF".before-*; do
		echo "$f"
	done >"$1"
}
cp "$CONF" "$DA_TMP/b-conf"
copies "$DA_TMP/b-copies"
bash "$DA_TMP/b.sh" >"$DA_TMP/b-rerun.log" 2>&1
cmp -s "$CONF" "$DA_TMP/b-conf" || da_fail "the second run of the bash fixes changed $CONF"
copies "$DA_TMP/b-copies2"
cmp -s "$DA_TMP/b-copies" "$DA_TMP/b-copies2" || da_fail "the second run copied $CONF again"
! grep -q '^Gave container' "$DA_TMP/b-rerun.log" ||
	da_fail "the second run changed containers: $(grep '^Gave container' "$DA_TMP/b-rerun.log")"
expect_etc_untouched

# ---- the Ansible playbook -------------------------------------------------
start_bad_daemon a
audit a-before
expect_rc 2 "audit of the second bad daemon"
check_generated "$DA_TMP/a-before.arf" a
planned_fails a | expect_fails "$DA_TMP/a-ours.arf"

# ansible_run LOG ARGS...: ansible-playbook ARGS on this host, as oscap's
# header says to, pointed at the test daemon by the playbook variable
# dockaudit_dockerd_pid (DOCKAUDIT_DOCKERD_PID, which the bash run used, is
# taken out of its environment); its output in LOG, the recap line in
# LOG.recap.
ansible_run() {
	log=$1
	shift
	env -u DOCKAUDIT_DOCKERD_PID ansible-playbook -i localhost, -c local \
		-e "dockaudit_dockerd_pid=$DA_DOCKERD_PID" "$@" >"$log" 2>&1 ||
		da_fail "ansible-playbook $* failed: $(tail -c 2000 "$log")"
	grep -E '^localhost +: ' "$log" | tr -s ' ' >"$log.recap"
	echo "recap ($*): $(cat "$log.recap")"
}
# Check mode first: it reports and changes nothing.
cp "$CONF" "$DA_TMP/a-conf"
ansible_run "$DA_TMP/a-check.log" --check "$DA_TMP/a.yml"
cmp -s "$CONF" "$DA_TMP/a-conf" || da_fail "ansible-playbook --check changed $CONF"
[ "$(stat -c '%u:%g %a' "$CONF")" = "1000:1000 666" ] || da_fail "ansible-playbook --check changed the owner or mode of $CONF"
inspect_is a-all '{{.HostConfig.Memory}} {{.HostConfig.CpuShares}} {{.HostConfig.RestartPolicy.Name}}' "0 0 always"
grep -q 'docker update would give /a-all a memory limit of 512m' "$DA_TMP/a-check.log" ||
	da_fail "ansible-playbook --check did not say which containers it would change"
ansible_run "$DA_TMP/a-run.log" "$DA_TMP/a.yml"
grep -q ' unreachable=0 failed=0 .* ignored=0' "$DA_TMP/a-run.log.recap" ||
	da_fail "the playbook's run: $(cat "$DA_TMP/a-run.log.recap")"
grep -q 'dockerd gets log-level as a command-line flag' "$DA_TMP/a-run.log" ||
	da_fail "the playbook did not say why it left log-level alone"
audit a-after
expect_fixed a "$DA_TMP/a-after.json"
da_dockerd_restart_as_is
audit a-restarted
expect_daemon_fixed "$DA_TMP/a-restarted.json"
expect_fixed a "$DA_TMP/a-restarted.json"
ansible_run "$DA_TMP/a-rerun.log" "$DA_TMP/a.yml"
grep -q ' changed=0 unreachable=0 failed=0 ' "$DA_TMP/a-rerun.log.recap" ||
	da_fail "the playbook's second run changed something: $(cat "$DA_TMP/a-rerun.log.recap")"
expect_etc_untouched

da_done
