#!/bin/sh
# dockaudit fix on a real test daemon started with bad settings and bad
# containers: audit, write the remediation, check it with the tools that
# run it, apply it in check mode (nothing changes), for real (every rule
# whose fix ran now passes), and again (nothing left to change). Once as an
# Ansible playbook (ansible-core, ansible-lint), once as a shell script
# (bash -n, shellcheck); a waived rule and a waived container are left
# alone, a setting dockerd gets as a flag is reported and not written to
# daemon.json, a container that must be recreated is listed and untouched.
# Then the host fixes (file modes, audit watches) on a host tree audited
# with --root.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker
for t in ansible-playbook ansible-lint shellcheck bash; do
	command -v "$t" >/dev/null || da_skip "$t is not installed (contrib/install-deps.sh --test)"
done

ANSIBLE_HOME=$DA_TMP/ansible-home
ANSIBLE_LOCAL_TEMP=$DA_TMP/ansible-tmp
ANSIBLE_REMOTE_TEMP=$DA_TMP/ansible-tmp
ANSIBLE_NOCOLOR=1
ANSIBLE_RETRY_FILES_ENABLED=false
ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3
export ANSIBLE_HOME ANSIBLE_LOCAL_TEMP ANSIBLE_REMOTE_TEMP ANSIBLE_NOCOLOR \
	ANSIBLE_RETRY_FILES_ENABLED ANSIBLE_PYTHON_INTERPRETER

RESTART="sh $top_srcdir/tests/integration/fix-restart.sh"
BAD='{"live-restore": false, "userland-proxy": true, "experimental": true, "log-level": "debug", "labels": ["keep=me"]}'
W=$DA_TMP/waivers.json
cat >"$W" <<'JSON'
{
  "waivers": [
    {"rule": "daemon_icc", "subject": "*", "justification": "icc needs iptables, which this daemon runs without",
     "approved_by": "test", "expires": "2099-12-31"},
    {"rule": "container_memory_limit", "subject": "c-plain", "justification": "sized by its orchestrator",
     "approved_by": "test", "expires": "2099-12-31"}
  ]
}
JSON
# The rules this test's daemon and containers make fail; the host's own
# files and audit rules are left to the --root part below.
RULES="daemon_icc daemon_log_level daemon_iptables daemon_no_new_privileges daemon_live_restore
daemon_userland_proxy_disabled daemon_experimental_off daemon_json_mode container_memory_limit
container_cpu_shares container_restart_policy container_pids_limit container_cap_net_admin"
RULE_ARGS=
for r in $RULES; do
	RULE_ARGS="$RULE_ARGS --rule $r"
done

# bad_host: a new test daemon with BAD settings (and --iptables=false, a
# flag the harness gives), its config file mode 0666, and containers.
bad_host() {
	DA_DAEMON_JSON_CONTENT=$BAD
	da_dockerd_start
	chmod 0666 "$DA_DOCKERD_DIR/daemon.json"
	da_image_busybox bb:1
	da_docker run -d --name c-always --restart always bb:1 sleep 3600
	da_docker run -d --name c-plain bb:1 sleep 3600
	da_docker run -d --name c-ok --memory 256m --cpu-shares 512 --pids-limit 100 \
		--restart on-failure:3 bb:1 sleep 3600
	da_docker run -d --name c-cap --cap-add NET_ADMIN bb:1 sleep 3600
}

# audit OUT [ARGS...]: the test daemon audited (no waivers), results in OUT.
audit() {
	da_audit_json "$@"
}

# inspect NAME FORMAT: docker inspect's FORMAT of NAME.
inspect() {
	"$DA_DOCKER" inspect -f "$2" "$1"
}

# config_has KEY: the test daemon's config file has KEY.
config_has() {
	python3 -c 'import json,sys; sys.exit(0 if sys.argv[2] in json.load(open(sys.argv[1])) else 1)' \
		"$DA_DOCKERD_DIR/daemon.json" "$1"
}

# after_fix RESULTS: what every fix that ran must have changed, and what it
# must have left alone.
after_fix() {
	expect_matrix "$1" <<'M'
daemon_live_restore - pass
daemon_userland_proxy_disabled - pass
daemon_experimental_off - pass
daemon_log_level - pass
daemon_no_new_privileges - pass
daemon_json_mode - pass
container_memory_limit c-always pass
container_memory_limit c-plain fail
container_cpu_shares c-always pass
container_cpu_shares c-plain pass
container_pids_limit c-always pass
container_pids_limit c-plain pass
container_restart_policy c-always pass
container_restart_policy c-ok pass
daemon_iptables - fail
daemon_icc - fail
container_cap_net_admin c-cap fail
M
	config_has iptables && da_fail "iptables (a dockerd flag here) was written to daemon.json"
	config_has icc && da_fail "the waived icc was written to daemon.json"
	config_has labels || da_fail "daemon.json lost the key it had (labels)"
	[ "$(inspect c-always '{{.HostConfig.Memory}}')" = 536870912 ] ||
		da_fail "c-always's memory is $(inspect c-always '{{.HostConfig.Memory}}'), not 512m"
	[ "$(inspect c-plain '{{.HostConfig.Memory}}')" = 0 ] || da_fail "the waived c-plain got a memory limit"
	[ "$(inspect c-ok '{{.HostConfig.Memory}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}}')" = "268435456 512 100" ] ||
		da_fail "c-ok, which passed, was changed"
	[ "$(inspect c-always '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}')" = on-failure:5 ] ||
		da_fail "c-always's restart policy is not on-failure:5"
	case $(inspect c-cap '{{.HostConfig.CapAdd}}') in
	*NET_ADMIN*) ;;
	*) da_fail "c-cap, which needs a person, was changed" ;;
	esac
	[ "$(inspect c-cap '{{.State.Running}}')" = true ] || da_fail "c-cap is no longer running"
}

# score RESULTS: "score S of 100, F failing rules" of a JSON result.
score() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print("score %.2f of 100, %d failing rules" % (d["score"], d["summary"].get("fail", 0)))' "$1"
}

# recap FILE: the PLAY RECAP line of an ansible-playbook run.
recap() {
	grep -E '^localhost +:' "$1" | tr -s ' '
}

# ---- the playbook ---------------------------------------------------------
bad_host
R0=$DA_TMP/before.json
audit "$R0"
expect_matrix "$R0" <<'M'
daemon_live_restore - fail
daemon_userland_proxy_disabled - fail
daemon_json_mode - fail
container_memory_limit c-always fail
container_restart_policy c-always fail
container_cap_net_admin c-cap fail
M
echo "before: $(score "$R0")"
P=$DA_TMP/fix.yml
# shellcheck disable=SC2086
da_dockaudit fix "$R0" --waivers "$W" $RULE_ARGS -o "$P"
expect_rc 0 "dockaudit fix --format ansible"
grep -q 'daemon_icc' "$P" && da_fail "the playbook mentions the waived daemon_icc"
grep -q '"c-plain"' "$P" && grep -A3 'container_memory_limit' "$P" | grep -q c-plain &&
	da_fail "the playbook sets a memory limit on the waived c-plain"
grep -q 'recreate c-cap ([0-9a-f]*): .*without --cap-add NET_ADMIN' "$P" ||
	da_fail "the playbook does not list c-cap for a person: $(grep -n c-cap "$P" | head -3)"
if ! ansible-playbook -i localhost, -c local --syntax-check "$P" >"$DA_TMP/syntax" 2>&1; then
	da_fail "ansible-playbook --syntax-check rejects the playbook: $(tail -5 "$DA_TMP/syntax")"
fi
if ! (cd "$DA_TMP" && XDG_CACHE_HOME=$DA_TMP/cache ansible-lint --offline --nocolor fix.yml) >"$DA_TMP/lint" 2>&1; then
	da_fail "ansible-lint finds violations:"
	sed 's/^/  /' "$DA_TMP/lint" | head -30
fi
cp "$DA_DOCKERD_DIR/daemon.json" "$DA_TMP/daemon.before"
# pb ARGS...: the playbook against this host and the test daemon.
pb() {
	ansible-playbook -i localhost, -c local "$P" -e "dockaudit_dockerd_pid=$DA_DOCKERD_PID" "$@"
}
# --check: changes shown, none made.
pb --check >"$DA_TMP/check.log" 2>&1 || da_fail "the --check run failed: $(tail -5 "$DA_TMP/check.log")"
echo "check:  $(recap "$DA_TMP/check.log")"
recap "$DA_TMP/check.log" | grep -q 'changed=0 ' && da_fail "--check reports no changes"
grep -q 'would run: docker update --memory 512m c-always' "$DA_TMP/check.log" ||
	da_fail "--check does not say which container update would run"
cmp -s "$DA_DOCKERD_DIR/daemon.json" "$DA_TMP/daemon.before" || da_fail "--check changed daemon.json"
R1=$DA_TMP/after-check.json
audit "$R1"
expect --same-results "$R0" "$R1"
# For real, restarting dockerd through the playbook's own variables.
pb -e dockaudit_restart_docker=true -e "dockaudit_restart_command='$RESTART $DA_DOCKERD_DIR'" \
	>"$DA_TMP/run.log" 2>&1 || da_fail "the playbook failed: $(tail -20 "$DA_TMP/run.log")"
DA_DOCKERD_PID=$(cat "$DA_DOCKERD_DIR/dockerd.pid")
echo "run:    $(recap "$DA_TMP/run.log")"
recap "$DA_TMP/run.log" | grep -q ' failed=0 .*rescued=0 ' || da_fail "a fix failed: $(grep -A3 'Report that the fix' "$DA_TMP/run.log" | head -8)"
grep -q 'dockerd is started with --iptables' "$DA_TMP/run.log" || da_fail "the playbook does not say iptables is a flag"
ls "$DA_DOCKERD_DIR"/daemon.json.*~ >/dev/null 2>&1 || da_fail "daemon.json was not backed up"
R2=$DA_TMP/after.json
audit "$R2"
echo "after:  $(score "$R2")"
after_fix "$R2"
# Again: nothing left to change.
pb >"$DA_TMP/run2.log" 2>&1 || da_fail "the second run failed: $(tail -5 "$DA_TMP/run2.log")"
echo "again:  $(recap "$DA_TMP/run2.log")"
recap "$DA_TMP/run2.log" | grep -q ' changed=0 ' || da_fail "the second run changed something: $(grep -B2 '^changed' "$DA_TMP/run2.log" | head -20)"

# ---- the shell script ---------------------------------------------------
bad_host
audit "$R0"
echo "before: $(score "$R0")"
S=$DA_TMP/fix.sh
# shellcheck disable=SC2086
da_dockaudit fix "$R0" --format sh --waivers "$W" $RULE_ARGS -o "$S"
expect_rc 0 "dockaudit fix --format sh"
bash -n "$S" || da_fail "bash -n rejects the script"
sh -n "$S" || da_fail "sh -n rejects the script"
shellcheck -s sh "$S" >"$DA_TMP/shellcheck" 2>&1 || {
	da_fail "shellcheck finds problems:"
	head -30 "$DA_TMP/shellcheck"
}
cp "$DA_DOCKERD_DIR/daemon.json" "$DA_TMP/daemon.before"
DOCKAUDIT_DOCKERD_PID=$DA_DOCKERD_PID sh "$S" --check >"$DA_TMP/check.log" 2>&1
grep -q 'would set live-restore to true' "$DA_TMP/check.log" || da_fail "--check does not say what it would set"
echo "check:  $(tail -n 1 "$DA_TMP/check.log")"
cmp -s "$DA_DOCKERD_DIR/daemon.json" "$DA_TMP/daemon.before" || da_fail "sh --check changed daemon.json"
audit "$R1"
expect --same-results "$R0" "$R1"
DOCKAUDIT_DOCKERD_PID=$DA_DOCKERD_PID DOCKAUDIT_RESTART_DOCKER=1 \
	DOCKAUDIT_RESTART_COMMAND="$RESTART $DA_DOCKERD_DIR" sh "$S" >"$DA_TMP/run.log" 2>&1 ||
	da_fail "the script reports failures: $(grep -B3 FAILED "$DA_TMP/run.log" | head -12)"
DA_DOCKERD_PID=$(cat "$DA_DOCKERD_DIR/dockerd.pid")
echo "run:    $(tail -n 1 "$DA_TMP/run.log")"
grep -q 'dockerd is started with --iptables' "$DA_TMP/run.log" || da_fail "the script does not say iptables is a flag"
audit "$R2"
echo "after:  $(score "$R2")"
after_fix "$R2"
DOCKAUDIT_DOCKERD_PID=$DA_DOCKERD_PID sh "$S" >"$DA_TMP/run2.log" 2>&1 || da_fail "the second run failed"
echo "again:  $(tail -n 1 "$DA_TMP/run2.log")"
tail -n 1 "$DA_TMP/run2.log" | grep -q ' changed=0 failed=0 ' || da_fail "the second run changed something: $(grep -B2 changed "$DA_TMP/run2.log" | head)"

# ---- host files and audit watches, on a host tree (--root) ---------------
H=$DA_TMP/host
# The paths the running test daemon has (its binary, where its unit would be).
mkdir -p "$H/etc/docker" "$H/usr/lib/systemd/system" "$H/usr/bin" "$H/usr/sbin"
cp "$DA_DOCKERD" "$H$DA_DOCKERD"
chmod 0777 "$H/etc/docker"
printf '[Service]\nExecStart=/usr/bin/dockerd\n' >"$H/usr/lib/systemd/system/docker.service"
chmod 0666 "$H/usr/lib/systemd/system/docker.service"
HR="--rule etc_docker_mode --rule docker_service_mode --rule audit_dockerd --rule audit_etc_docker"
for fmt in ansible sh; do
	chmod 0777 "$H/etc/docker"
	chmod 0666 "$H/usr/lib/systemd/system/docker.service"
	rm -rf "$H/etc/audit"
	audit "$R0" --root "$H"
	expect_matrix "$R0" <<M
etc_docker_mode /etc/docker fail
docker_service_mode /usr/lib/systemd/system/docker.service fail
audit_dockerd $DA_DOCKERD fail
audit_etc_docker /etc/docker fail
M
	# shellcheck disable=SC2086
	da_dockaudit fix "$R0" --format "$fmt" $HR -o "$DA_TMP/host.$fmt"
	expect_rc 0 "dockaudit fix --format $fmt (host tree)"
	if [ "$fmt" = ansible ]; then
		ansible-playbook -i localhost, -c local "$DA_TMP/host.$fmt" -e "dockaudit_root=$H" \
			>"$DA_TMP/host.log" 2>&1 || da_fail "the host playbook failed: $(tail -5 "$DA_TMP/host.log")"
		echo "host ansible: $(recap "$DA_TMP/host.log")"
	else
		DOCKAUDIT_ROOT=$H sh "$DA_TMP/host.$fmt" >"$DA_TMP/host.log" 2>&1 ||
			da_fail "the host script failed: $(tail -5 "$DA_TMP/host.log")"
		echo "host sh: $(tail -n 1 "$DA_TMP/host.log")"
	fi
	grep -q 'augenrules' "$DA_TMP/host.log" && [ "$fmt" = sh ] && da_fail "augenrules ran for a host tree"
	audit "$R2" --root "$H"
	expect_matrix "$R2" <<M
etc_docker_mode /etc/docker pass
docker_service_mode /usr/lib/systemd/system/docker.service pass
audit_dockerd $DA_DOCKERD pass
audit_etc_docker /etc/docker pass
M
	[ "$(stat -c %a "$H/etc/docker")" = 755 ] || da_fail "$fmt: /etc/docker is $(stat -c %a "$H/etc/docker"), not 755"
	[ "$(stat -c %a "$H/usr/lib/systemd/system/docker.service")" = 644 ] || da_fail "$fmt: docker.service is not 644"
	grep -qxF -- "-w $DA_DOCKERD -p wa -k docker" "$H/etc/audit/rules.d/docker.rules" ||
		da_fail "$fmt: no audit watch on $DA_DOCKERD"
done
da_done
