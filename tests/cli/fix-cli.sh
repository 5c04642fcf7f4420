#!/bin/sh
# dockaudit fix on results of frozen facts, without a daemon: which rules
# get a block and which subjects their loops hold, what is left to a
# person, --rule, --waivers, --profile and --tailoring, the same
# remediation from JSON, ARF and XCCDF results, exact errors; the playbook
# and the script checked by the tools that run them (ansible-playbook
# --syntax-check, ansible-lint, sh -n, bash -n, shellcheck); hostile names
# and paths in an edited result never reach a template or a shell unquoted;
# a malformed directive in the content stops the load with FILE:LINE.
# (tests/integration/fix.sh runs the remediation on a real daemon.)
. "$top_srcdir/tests/cli/lib.sh"

PY=python3
BENCH="$top_srcdir/benchmarks/dockaudit-docker-xccdf.xml"
R="$DA_TMP/r.json"
ARF="$DA_TMP/r.arf.xml"
XR="$DA_TMP/r.xccdf.xml"
ANSIBLE_HOME=$DA_TMP/ansible-home
ANSIBLE_LOCAL_TEMP=$DA_TMP/ansible-tmp
ANSIBLE_REMOTE_TEMP=$DA_TMP/ansible-tmp
ANSIBLE_NOCOLOR=1
ANSIBLE_RETRY_FILES_ENABLED=false
ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3
export ANSIBLE_HOME ANSIBLE_LOCAL_TEMP ANSIBLE_REMOTE_TEMP ANSIBLE_NOCOLOR \
	ANSIBLE_RETRY_FILES_ENABLED ANSIBLE_PYTHON_INTERPRETER

# have TOOL: whether TOOL (a command, or PyYAML) is installed. Without it the step is skipped
# with a message, except under CI=true, where a missing tool fails.
have() {
	if [ "$1" = PyYAML ]; then
		$PY -c 'import yaml' 2>/dev/null && return 0
	else
		command -v "$1" >/dev/null 2>&1 && return 0
	fi
	if [ "${CI:-}" = true ]; then
		da_fail "$1 is not installed (contrib/install-deps.sh --test)"
	else
		echo "SKIP: $1 is not installed: the checks that need it are skipped"
	fi
	return 1
}

# expect_stderr TEXT DESCRIPTION: stderr is TEXT and nothing else; stdout is empty.
expect_stderr() {
	printf '%s\n' "$1" | cmp -s - "$DA_TMP/err" ||
		da_fail "$2: stderr is '$(cat "$DA_TMP/err")', expected '$1'"
	[ ! -s "$DA_TMP/out" ] || da_fail "$2: something was written to stdout"
}

# syntax_check PLAYBOOK DESCRIPTION
syntax_check() {
	have ansible-playbook || return 0
	ansible-playbook -i localhost, -c local --syntax-check "$1" >"$DA_TMP/syntax" 2>&1 ||
		da_fail "$2: ansible-playbook --syntax-check rejects it: $(tail -5 "$DA_TMP/syntax")"
}

# header FILE: the first comment of the playbook or the script, its lines
# joined (the playbook's are wrapped), up to the benchmark's line.
header() {
	sed -n '2,/^# Benchmark /p' "$1" | sed 's/^#  *//' | tr '\n' ' '
}
# body FILE: the rest.
body() {
	sed -n '/^# Benchmark /,$p' "$1"
}

# sh_check SCRIPT DESCRIPTION [OPTION...]: sh -n, bash -n and ShellCheck
# (as sh, with the OPTIONs) accept it.
sh_check() {
	sh -n "$1" 2>"$DA_TMP/shn" || da_fail "$2: sh -n rejects it: $(head -3 "$DA_TMP/shn")"
	if have bash; then
		bash -n "$1" 2>"$DA_TMP/shn" || da_fail "$2: bash -n rejects it: $(head -3 "$DA_TMP/shn")"
	fi
	if have shellcheck; then
		f=$1 d=$2
		shift 2
		shellcheck -s sh "$@" "$f" >"$DA_TMP/shellcheck" 2>&1 ||
			da_fail "$d: shellcheck finds problems: $(head -20 "$DA_TMP/shellcheck")"
	fi
}

# The playbook as lines to grep (tab-separated), written by pb PLAYBOOK [MARK...]:
#   plays N
#   block RULE TITLE          a task with a block: one rule's fix
#   item RULE NAME [ID]       a loop item of that block marked !unsafe
#   plain-item RULE NAME      a loop item that is not (a template)
#   person LINE               a line of the "Report what needs a person" task
#   templated TEXT            a scalar holding one of the MARKs that is not !unsafe
cat >"$DA_TMP/pb.py" <<'PY'
import sys, yaml

class Unsafe(str):
    pass

class Loader(yaml.SafeLoader):
    pass

Loader.add_constructor("!unsafe", lambda loader, node: Unsafe(loader.construct_scalar(node)))
doc = yaml.load(open(sys.argv[1], encoding="utf-8"), Loader=Loader)
marks = sys.argv[2:]
out = []

def walk(x):
    if isinstance(x, dict):
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
    elif isinstance(x, str) and not isinstance(x, Unsafe) and any(m in x for m in marks):
        out.append("templated\t" + x)

out.append("plays\t%d" % len(doc))
for play in doc:
    walk(play)
    for task in play.get("tasks", []):
        if "block" in task:
            rule = task["name"].split(": ", 1)[0].split(" ")[-1]
            out.append("block\t%s\t%s" % (rule, task["name"]))
            for sub in task["block"]:
                loop = sub.get("loop")
                if not isinstance(loop, list):
                    continue
                for it in loop:
                    vals = [it["name"], it["id"]] if isinstance(it, dict) else [it]
                    kind = "item" if all(isinstance(v, Unsafe) for v in vals) else "plain-item"
                    out.append("\t".join([kind, rule] + vals))
        elif task.get("name") == "Report what needs a person":
            msg = task["ansible.builtin.debug"]["msg"]
            for line in msg if isinstance(msg, list) else [msg]:
                out.append("person\t" + line)
sys.stdout.write("\n".join(out) + "\n")
PY
# pb PLAYBOOK [MARK...]: the listing above on stdout.
pb() {
	$PY "$DA_TMP/pb.py" "$@"
}
# in_listing LISTING LINE DESCRIPTION: LINE is one of LISTING's.
in_listing() {
	grep -qxF -- "$2" "$1" || da_fail "$3: the playbook lacks '$2'"
}
# items LISTING RULE: the names in RULE's loop, one line, in order.
items() {
	awk -F '\t' -v r="$2" '$1 == "item" && $2 == r { printf "%s ", $3 }' "$1"
}

# ---- a result with failing daemon, file and container rules -------------
da_run eval --json "$R" --arf "$ARF" --results "$XR" "$FACTS/daemon-misconfigured.json"
expect_rc 2 "eval of the misconfigured host"

P="$DA_TMP/fix.yml"
da_run fix "$R"
expect_rc 0 "fix (ansible)"
[ ! -s "$DA_TMP/err" ] || da_fail "fix (ansible) writes to stderr: $(cat "$DA_TMP/err")"
cp "$DA_TMP/out" "$P"
header "$P" | grep -qF "Remediation for fixture-host, written by dockaudit " ||
	da_fail "the header does not name the host: $(header "$P")"
header "$P" | grep -qF " from $R (audit ended " || da_fail "the header does not name the result: $(header "$P")"
syntax_check "$P" "the playbook"
if have ansible-lint; then
	(cd "$DA_TMP" && XDG_CACHE_HOME=$DA_TMP/cache ansible-lint --offline --nocolor fix.yml) \
		>"$DA_TMP/lint" 2>&1 || da_fail "ansible-lint finds violations: $(head -30 "$DA_TMP/lint")"
fi

L="$DA_TMP/fix.txt"
if have PyYAML; then
	pb "$P" >"$L"
	in_listing "$L" "plays	1" "one play"
	for b in \
		"audit_etc_docker	1.1.6 audit_etc_docker: audit watch (-p wa -k docker)" \
		"daemon_icc	2.2 daemon_icc: icc=false in the daemon configuration" \
		"daemon_log_level	2.3 daemon_log_level: log-level=\"info\" in the daemon configuration" \
		"daemon_json_owner	3.17 daemon_json_owner: owned by root:root" \
		"daemon_json_mode	3.18 daemon_json_mode: mode at most 0644 (chmod u-xs,g-wxs,o-wxt)" \
		"container_memory_limit	5.11 container_memory_limit: docker update --memory on 5 containers" \
		"container_pids_limit	5.29 container_pids_limit: docker update --pids-limit on 6 containers"; do
		in_listing "$L" "block	$b" "a block per fixable failing rule"
	done
	# Rules that only recreating the container fixes have no block.
	grep -q '^block	container_privileged	' "$L" && da_fail "container_privileged has a block"
	grep -q '^block	container_cap_net_admin	' "$L" && da_fail "container_cap_net_admin has a block"
	in_listing "$L" "item	audit_etc_docker	/etc/docker" "audit watch subject"
	in_listing "$L" "item	daemon_json_mode	/etc/docker/daemon.json" "file mode subject"
	in_listing "$L" "item	daemon_json_owner	/etc/docker/daemon.json" "file owner subject"
	in_listing "$L" "item	container_memory_limit	c-stopped	0606060606060606060606060606060606060606060606060606060606060606" \
		"memory limit: a container's name and full id"
	# c-good passes the memory rule and fails the process limit rule.
	[ "$(items "$L" container_memory_limit)" = "c-priv c-caps c-hostns c-sock c-stopped " ] ||
		da_fail "memory limit loop: '$(items "$L" container_memory_limit)'"
	[ "$(items "$L" container_pids_limit)" = "c-priv c-caps c-hostns c-sock c-good c-stopped " ] ||
		da_fail "process limit loop: '$(items "$L" container_pids_limit)'"
	grep -q '^plain-item' "$L" && da_fail "a loop item is not !unsafe: $(grep '^plain-item' "$L")"
	# One line a container, with every change it needs.
	grep '^person	recreate c-priv (010101010101): ' "$L" |
		grep -qF 'without --privileged, adding only the capabilities and devices it needs [5.5 container_privileged: runs privileged (HostConfig.Privileged is true)]' ||
		da_fail "c-priv is not listed to recreate without --privileged"
	[ "$(grep -c '^person	recreate c-priv ' "$L")" = 1 ] || da_fail "c-priv is listed to recreate more than once"
	in_listing "$L" "person	recreate c-caps (020202020202): with --cap-drop ALL and --cap-add for only the capabilities it needs [5.4 container_added_capabilities: can gain capabilities beyond the allowed set: CAP_NET_ADMIN, CAP_SYS_ADMIN (bounding set, from its running process)]; with --read-only, and --tmpfs or volumes for the paths it writes [5.13 container_readonly_rootfs: has a writable root filesystem (HostConfig.ReadonlyRootfs false)]; with --security-opt no-new-privileges [5.26 container_no_new_privileges: can gain new privileges through setuid files (no-new-privileges is off, from its running process)]; with --health-cmd, or from an image with a HEALTHCHECK [5.27 container_health_check: has no health check (Config.Healthcheck.Test unset)]; on a user-defined network (--network NAME) instead of the default bridge [5.30 container_not_default_bridge: is on the default bridge network (HostConfig.NetworkMode default)]; without --cap-add SYS_ADMIN (or ALL) [5.4 container_cap_sys_admin: can gain CAP_SYS_ADMIN (bounding set, from its running process)]; without --cap-add NET_ADMIN (or ALL) [5.4 container_cap_net_admin: can gain CAP_NET_ADMIN (bounding set, from its running process)]" \
		"a container to recreate"
	grep -q '^person	recreate c-good ' "$L" && grep '^person	recreate c-good ' "$L" | grep -q 'container_privileged' &&
		da_fail "c-good, which is not privileged, is listed to recreate without --privileged"
fi
grep -q '^# recreate c-priv (010101010101): with --cap-drop ALL' "$P" ||
	da_fail "the playbook's header does not list c-priv to recreate"

# The same as a shell script.
S="$DA_TMP/fix.sh"
da_run fix --format sh "$R"
expect_rc 0 "fix --format sh"
cp "$DA_TMP/out" "$S"
sh_check "$S" "the script"
for l in \
	"	da_file_mode '/etc/docker/daemon.json' 0644 || da_rc=1" \
	"	da_file_owner '/etc/docker/daemon.json' root:root || da_rc=1" \
	"	da_audit_watch '/etc/docker' wa docker || da_rc=1" \
	"	da_daemon_json 'icc' 'false' '--icc' restart" \
	"	da_daemon_json 'log-level' '\"info\"' '--log-level' restart" \
	"	da_update '0101010101010101010101010101010101010101010101010101010101010101' 'c-priv' --memory \"\$container_fix_memory\" || da_rc=1" \
	"container_fix_memory=\${DOCKAUDIT_CONTAINER_FIX_MEMORY:-'512m'}" \
	"say 'recreate c-caps (020202020202): with --cap-drop ALL and --cap-add for only the capabilities it needs [5.4 container_added_capabilities: can gain capabilities beyond the allowed set: CAP_NET_ADMIN, CAP_SYS_ADMIN (bounding set, from its running process)]; with --read-only, and --tmpfs or volumes for the paths it writes [5.13 container_readonly_rootfs: has a writable root filesystem (HostConfig.ReadonlyRootfs false)]; with --security-opt no-new-privileges [5.26 container_no_new_privileges: can gain new privileges through setuid files (no-new-privileges is off, from its running process)]; with --health-cmd, or from an image with a HEALTHCHECK [5.27 container_health_check: has no health check (Config.Healthcheck.Test unset)]; on a user-defined network (--network NAME) instead of the default bridge [5.30 container_not_default_bridge: is on the default bridge network (HostConfig.NetworkMode default)]; without --cap-add SYS_ADMIN (or ALL) [5.4 container_cap_sys_admin: can gain CAP_SYS_ADMIN (bounding set, from its running process)]; without --cap-add NET_ADMIN (or ALL) [5.4 container_cap_net_admin: can gain CAP_NET_ADMIN (bounding set, from its running process)]'"; do
	grep -qxF -- "$l" "$S" || da_fail "the script lacks: $l"
done
grep -q "da_update '05.*' 'c-good' --memory" "$S" && da_fail "the script sets a memory limit on c-good, which has one"

# -o writes the same, and says how much is left to a person.
da_run fix --format sh -o "$DA_TMP/o.sh" "$R"
expect_rc 0 "fix -o"
cmp -s "$DA_TMP/o.sh" "$S" || da_fail "fix -o wrote something else than stdout"
[ ! -s "$DA_TMP/out" ] || da_fail "fix -o also wrote to stdout"
grep -qxE "dockaudit fix: [0-9]+ rules fixed in $DA_TMP/o.sh; [0-9]+ things left to a person \(listed in it\)" "$DA_TMP/err" ||
	da_fail "fix -o: stderr is '$(cat "$DA_TMP/err")'"

# ---- ARF and XCCDF results give the same remediation ---------------------
for f in "$ARF" "$XR"; do
	for fmt in ansible sh; do
		da_run fix --format "$fmt" "$f"
		expect_rc 0 "fix --format $fmt $f"
		[ "$fmt" = ansible ] && want=$P || want=$S
		body "$want" >"$DA_TMP/want"
		body "$DA_TMP/out" >"$DA_TMP/got"
		diff -u "$DA_TMP/want" "$DA_TMP/got" >"$DA_TMP/diff" ||
			da_fail "$fmt from $f differs from the JSON's: $(head -c 1500 "$DA_TMP/diff")"
		header "$DA_TMP/out" | grep -qF " from $f (audit ended " ||
			da_fail "$fmt from $f: the header does not name it: $(header "$DA_TMP/out")"
	done
done

# ---- --rule ---------------------------------------------------------------
da_run fix --rule daemon_json_mode "$R"
expect_rc 0 "fix --rule"
cp "$DA_TMP/out" "$DA_TMP/rule.yml"
da_run fix --rule xccdf_org.dockaudit_rule_daemon_json_mode "$R"
cmp -s "$DA_TMP/out" "$DA_TMP/rule.yml" || da_fail "--rule with the full id gives another playbook"
syntax_check "$DA_TMP/rule.yml" "--rule daemon_json_mode"
if have PyYAML; then
	pb "$DA_TMP/rule.yml" >"$DA_TMP/rule.txt"
	[ "$(grep -c '^block' "$DA_TMP/rule.txt")" = 1 ] || da_fail "--rule: blocks: $(grep '^block' "$DA_TMP/rule.txt")"
	in_listing "$DA_TMP/rule.txt" "block	daemon_json_mode	3.18 daemon_json_mode: mode at most 0644 (chmod u-xs,g-wxs,o-wxt)" "--rule"
	in_listing "$DA_TMP/rule.txt" "person	Nothing, every failing rule had an automated fix." "--rule"
fi
grep -qF 'Failing rules: 1; fixed here: 1 (1 subjects); left to a person: 0.' "$DA_TMP/rule.yml" ||
	da_fail "--rule: the header counts more than the rule"
da_run fix --format sh --rule container_privileged --rule daemon_icc "$R"
expect_rc 0 "fix --rule twice"
grep -c '^run_fix ' "$DA_TMP/out" | grep -qx 1 || da_fail "--rule twice: run_fix lines: $(grep '^run_fix' "$DA_TMP/out")"
grep -q "^run_fix '2.2 daemon_icc: " "$DA_TMP/out" || da_fail "--rule twice: no fix for daemon_icc"
grep -q "^say 'recreate c-priv (010101010101): without --privileged" "$DA_TMP/out" ||
	da_fail "--rule twice: c-priv is not listed to recreate"
grep -q "container_memory_limit\|c-caps" "$DA_TMP/out" && da_fail "--rule twice: other rules are in the script"

# ---- --waivers ------------------------------------------------------------
W="$DA_TMP/waivers.json"
cat >"$W" <<'JSON'
{
  "waivers": [
    {"rule": "container_memory_limit", "subject": "c-ca*", "justification": "sized by its orchestrator",
     "approved_by": "platform team", "expires": "2099-12-31"},
    {"rule": "daemon_icc", "subject": "*", "justification": "icc is needed by the legacy links",
     "approved_by": "platform team", "expires": "2099-12-31"}
  ]
}
JSON
da_run fix --waivers "$W" "$R"
expect_rc 0 "fix --waivers"
cp "$DA_TMP/out" "$DA_TMP/waived.yml"
if have PyYAML; then
	pb "$DA_TMP/waived.yml" >"$DA_TMP/waived.txt"
	[ "$(items "$DA_TMP/waived.txt" container_memory_limit)" = "c-priv c-hostns c-sock c-stopped " ] ||
		da_fail "--waivers: memory limit loop: '$(items "$DA_TMP/waived.txt" container_memory_limit)'"
	grep -q '^block	daemon_icc	' "$DA_TMP/waived.txt" && da_fail "--waivers: the waived daemon_icc has a block"
	# The waiver is for one rule: c-caps is still in the other loops.
	case $(items "$DA_TMP/waived.txt" container_pids_limit) in
	*c-caps*) ;;
	*) da_fail "--waivers: c-caps left the process limit loop too" ;;
	esac
fi
grep -q "icc" "$DA_TMP/waived.yml" && da_fail "--waivers: the playbook still sets icc"

# ---- --profile and --tailoring --------------------------------------------
da_run fix --profile baseline "$R"
expect_rc 0 "fix --profile baseline"
grep -q 'container_cap_net_admin' "$DA_TMP/out" &&
	da_fail "--profile baseline: container_cap_net_admin, which it does not select, is in the playbook"
grep -q 'container_privileged' "$DA_TMP/out" || da_fail "--profile baseline: container_privileged is missing"
grep -q 'container_cap_net_admin' "$P" || da_fail "without --profile, container_cap_net_admin is missing"

T="$DA_TMP/tailoring.xml"
# tailoring VALUE-ID VALUE: a profile of CIS Level 2 without daemon_icc and with VALUE-ID set.
tailoring() {
	cat >"$T" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.example_tailoring_fix">
	<benchmark href="$BENCH" id="xccdf_org.dockaudit_benchmark_docker"/>
	<version time="2026-11-25T10:00:00Z">1</version>
	<Profile id="xccdf_org.example_profile_fix" extends="xccdf_org.dockaudit_profile_cis_level2">
		<title>Fix test</title>
		<select idref="xccdf_org.dockaudit_rule_daemon_icc" selected="false"/>
		<set-value idref="xccdf_org.dockaudit_value_$1">$2</set-value>
	</Profile>
</Tailoring>
EOF
}
tailoring container_fix_memory 1g
da_run fix --tailoring "$T" --profile xccdf_org.example_profile_fix "$R"
expect_rc 0 "fix --tailoring"
grep -q 'daemon_icc' "$DA_TMP/out" && da_fail "--tailoring: daemon_icc, which it deselects, is in the playbook"
grep -qxF '    dockaudit_container_fix_memory: "1g"' "$DA_TMP/out" ||
	da_fail "--tailoring: the memory limit is not the tailored 1g: $(grep fix_memory: "$DA_TMP/out")"
grep -q 'daemon_log_level' "$DA_TMP/out" || da_fail "--tailoring: daemon_log_level is missing"
da_run fix --format sh --tailoring "$T" --profile xccdf_org.example_profile_fix "$R"
grep -qxF "container_fix_memory=\${DOCKAUDIT_CONTAINER_FIX_MEMORY:-'1g'}" "$DA_TMP/out" ||
	da_fail "--tailoring: the script's memory limit is not 1g"

# A Value docker update does not take is refused: the playbook would
# template it. A result where the restart policy rule fails on c-priv:
$PY - "$R" "$DA_TMP/restart.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["rules"]:
    if r["id"].endswith("_rule_container_restart_policy"):
        r["result"] = "fail"
        r["instances"][0]["result"] = "fail"
json.dump(d, open(sys.argv[2], "w"))
PY
tailoring container_fix_restart_policy 'on-failure:3'
da_run fix --tailoring "$T" --profile xccdf_org.example_profile_fix "$DA_TMP/restart.json"
expect_rc 0 "fix with a restart policy of on-failure:3"
grep -qxF '    dockaudit_container_fix_restart_policy: "on-failure:3"' "$DA_TMP/out" ||
	da_fail "the restart policy is not the tailored one: $(grep restart_policy: "$DA_TMP/out")"
for v in "{{lookup('pipe','id')}}" sometimes 'on-failure:x' 'always:3'; do
	tailoring container_fix_restart_policy "$v"
	da_run fix --tailoring "$T" --profile xccdf_org.example_profile_fix "$DA_TMP/restart.json"
	expect_rc 1 "a restart policy of $v"
	expect_stderr "dockaudit: rule xccdf_org.dockaudit_rule_container_restart_policy: Value xccdf_org.dockaudit_value_container_fix_restart_policy is '$v', not a value for docker update --restart" \
		"a restart policy of $v"
done

# ---- errors: exit 1, one exact message, nothing on stdout ------------------
da_run fix --rule nosuch "$R"
expect_rc 1 "unknown --rule"
expect_stderr "dockaudit: --rule nosuch: the benchmark has no such rule" "unknown --rule"
da_run fix --format yaml "$R"
expect_rc 1 "bad --format"
expect_stderr "dockaudit fix: --format must be ansible or sh, not 'yaml'" "bad --format"
da_run fix "$DA_TMP/none.json"
expect_rc 1 "missing result"
expect_stderr "dockaudit: $DA_TMP/none.json: No such file or directory" "missing result"
printf '{"format": "dockaudit-results",' >"$DA_TMP/cut.json"
da_run fix "$DA_TMP/cut.json"
expect_rc 1 "malformed JSON result"
expect_stderr "dockaudit: $DA_TMP/cut.json:1:31: string or '}' expected near end of file" "malformed JSON result"
da_run fix
expect_rc 1 "no RESULT"
expect_stderr "dockaudit fix: expected one RESULT file
Try 'dockaudit fix --help'." "no RESULT"
da_run fix "$R" "$R"
expect_rc 1 "two RESULTs"
expect_stderr "dockaudit fix: expected one RESULT file
Try 'dockaudit fix --help'." "two RESULTs"
# A tailoring of one profile needs no --profile, as for eval: the same playbook.
da_run fix --tailoring "$T" --profile xccdf_org.example_profile_fix "$R"
cp "$DA_TMP/out" "$DA_TMP/tailored.yml"
da_run fix --tailoring "$T" "$R"
expect_rc 0 "--tailoring without --profile"
cmp -s "$DA_TMP/out" "$DA_TMP/tailored.yml" || da_fail "--tailoring alone does not use its only profile"
da_run fix --profile nosuch "$R"
expect_rc 1 "unknown --profile"
expect_stderr "dockaudit: $BENCH: no profile 'nosuch' (see dockaudit rules --list-profiles)" "unknown --profile"
: >"$DA_TMP/after"
ls -A "$DA_TMP" >"$DA_TMP/before"
da_run fix -o "$DA_TMP/nodir/fix.yml" "$R"
expect_rc 1 "-o into a missing directory"
expect_stderr "dockaudit: $DA_TMP/nodir/fix.yml: No such file or directory" "-o into a missing directory"
ls -A "$DA_TMP" >"$DA_TMP/after"
diff "$DA_TMP/before" "$DA_TMP/after" >/dev/null || da_fail "-o into a missing directory left: $(diff "$DA_TMP/before" "$DA_TMP/after")"

# ---- hostile names in an edited result ------------------------------------
# Subjects whose names hold quotes, Jinja and command substitutions; one
# with a line break and one with U+2028 (a line break to YAML), which are
# left alone; a daemon address that is a template and a daemon version
# with a line break in it.
H="$DA_TMP/hostile.json"
$PY - "$R" "$H" "$DA_TMP" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = {
    ("container_memory_limit", "c-caps"): "c'q\"{{ lookup('pipe','id') }}$(touch pwned)`id`",
    ("container_memory_limit", "c-hostns"): "c-nl\nrm -rf /",
    ("container_privileged", "c-priv"): "c-priv\u2028- hosts: all\u2028  tasks: []\u2028#",
    ("daemon_json_mode", "/etc/docker/daemon.json"): "/etc/docker/it's \"{{ x }}\" $(touch pwned).json",
    ("daemon_json_owner", "/etc/docker/daemon.json"): "/etc/docker/a\u2028 b.json",
}
for r in d["rules"]:
    rule = r["id"].split("_rule_")[1]
    for i in r["instances"]:
        new = names.get((rule, i["subject"]["name"]))
        if new is not None:
            i["subject"]["name"] = new
d["daemon"]["host"] = "{{lookup('pipe','touch pwned')}}"
d["daemon"]["version"] = "20.10\nDA_INJECTED=1 #"
json.dump(d, open(sys.argv[2], "w"))
for f, n in (("name.q", names[("container_memory_limit", "c-caps")]),
             ("name.path", names[("daemon_json_mode", "/etc/docker/daemon.json")])):
    open(sys.argv[3] + "/" + f, "w", encoding="utf-8").write(n)
PY
NQ=$(cat "$DA_TMP/name.q")
NP=$(cat "$DA_TMP/name.path")
HP="$DA_TMP/hostile.yml"
da_run fix "$H"
expect_rc 0 "fix of the hostile result"
cp "$DA_TMP/out" "$HP"
syntax_check "$HP" "the playbook of the hostile result"
grep -q '^DA_INJECTED\|^ *DA_INJECTED' "$HP" && da_fail "the daemon version added a line to the playbook"
grep -qxF '    # dockerd (version unknown) has no --validate: the file is checked to be JSON.' "$HP" ||
	da_fail "the playbook does not call the daemon version unknown"
if have PyYAML; then
	pb "$HP" "lookup(" '$(' "it's" "c-nl" "hosts: all" >"$DA_TMP/hostile.txt"
	in_listing "$DA_TMP/hostile.txt" "plays	1" "hostile result: one play"
	grep '^templated' "$DA_TMP/hostile.txt" >"$DA_TMP/templated" &&
		da_fail "hostile text that Ansible would template: $(cat "$DA_TMP/templated")"
	in_listing "$DA_TMP/hostile.txt" "item	container_memory_limit	$NQ	0202020202020202020202020202020202020202020202020202020202020202" \
		"a hostile container name, as an !unsafe loop item"
	in_listing "$DA_TMP/hostile.txt" "item	daemon_json_mode	$NP" "a hostile path, as an !unsafe loop item"
	[ "$(items "$DA_TMP/hostile.txt" container_memory_limit)" = "c-priv $NQ c-sock c-stopped " ] ||
		da_fail "hostile result: memory limit loop: '$(items "$DA_TMP/hostile.txt" container_memory_limit)'"
	in_listing "$DA_TMP/hostile.txt" "person	left alone: c-nl\\x0arm -rf /, a subject of container_memory_limit whose name cannot be handed to a tool as it is" \
		"a name with a line break"
	in_listing "$DA_TMP/hostile.txt" "person	left alone: /etc/docker/a\\u2028 b.json, a subject of daemon_json_owner whose name cannot be handed to a tool as it is" \
		"a path with U+2028"
	grep -q '^block	daemon_json_owner	' "$DA_TMP/hostile.txt" &&
		da_fail "daemon_json_owner, whose only subject was left alone, has a block"
	# Containers are listed by id, under the name their first change found:
	# the renamed instance joins c-priv's line, and the raw U+2028 is nowhere.
	grep '^person	recreate c-priv (010101010101): ' "$DA_TMP/hostile.txt" | grep -qF 'without --privileged' ||
		da_fail "the container renamed with U+2028 is not on c-priv's line to recreate: $(grep 'recreate c-priv' "$DA_TMP/hostile.txt" | cut -c1-160)"
	LS=$(printf '\342\200\250')
	grep -q "$LS" "$HP" && da_fail "the playbook holds a raw U+2028"
fi

HS="$DA_TMP/hostile.sh"
da_run fix --format sh "$H"
expect_rc 0 "fix --format sh of the hostile result"
cp "$DA_TMP/out" "$HS"
# SC2016 says that $(...) in single quotes does not expand: that is the point.
sh_check "$HS" "the script of the hostile result" -e SC2016
grep -q '^DA_INJECTED' "$HS" && da_fail "the daemon version added a command to the script"
grep -qxF '# left alone: c-nl\x0arm -rf /, a subject of container_memory_limit whose name cannot be handed to a tool as it is' "$HS" ||
	da_fail "the script does not list the name with a line break as left alone"
grep 'c-nl' "$HS" | grep -v -e '^# left alone: ' -e "^say 'left alone: " >/dev/null &&
	da_fail "the name with a line break is used: $(grep 'c-nl' "$HS")"
# Each quoted word, read back by sh, is the name itself: nothing expands.
mkdir -p "$DA_TMP/run"
# read_back PATTERN FIELD: the line of the script matching PATTERN run with
# its function replaced by one that prints argument FIELD.
read_back() {
	grep -e "$1" "$HS" >"$DA_TMP/run/line" || return 1
	[ "$(wc -l <"$DA_TMP/run/line")" = 1 ] || return 1
	(cd "$DA_TMP/run" && sh -c "da_update() { printf '%s' \"\$$2\"; }; da_file_mode() { printf '%s' \"\$$2\"; }
		container_fix_memory=1; da_rc=0; . ./line")
}
[ "$(read_back "^	da_update '0202.* --memory " 2)" = "$NQ" ] ||
	da_fail "the script's hostile container name reads back as '$(read_back "^	da_update '0202.* --memory " 2)'"
[ "$(read_back "^	da_file_mode " 1)" = "$NP" ] || da_fail "the script's hostile path reads back as '$(read_back "^	da_file_mode " 1)'"
grep -e '^DOCKER_HOST=' "$HS" >"$DA_TMP/run/line"
[ "$(cd "$DA_TMP/run" && env -u DOCKER_HOST sh -c '. ./line; printf %s "$DOCKER_HOST"')" = "{{lookup('pipe','touch pwned')}}" ] ||
	da_fail "the script's daemon address reads back otherwise: $(cat "$DA_TMP/run/line")"
[ ! -e "$DA_TMP/run/pwned" ] || da_fail "reading the script's words back ran a command"

# Both fix the hostile path for real on a host tree, without templating it
# or running what it holds.
HT="$DA_TMP/host"
mkdir -p "$HT/etc/docker"
: >"$HT$NP"
chmod 0666 "$HT$NP"
da_run fix --format sh --rule daemon_json_mode -o "$DA_TMP/mode.sh" "$H"
expect_rc 0 "fix --format sh --rule daemon_json_mode of the hostile result"
(cd "$DA_TMP/run" && DOCKAUDIT_ROOT=$HT sh "$DA_TMP/mode.sh" >"$DA_TMP/mode.log" 2>&1) ||
	da_fail "the script failed on the hostile path: $(tail -5 "$DA_TMP/mode.log")"
[ "$(stat -c %a "$HT$NP")" = 644 ] || da_fail "the script left the hostile path at $(stat -c %a "$HT$NP")"
[ ! -e "$DA_TMP/run/pwned" ] || da_fail "the script ran the command in a path"
if have ansible-playbook; then
	chmod 0666 "$HT$NP"
	da_run fix --rule daemon_json_mode -o "$DA_TMP/mode.yml" "$H"
	expect_rc 0 "fix --rule daemon_json_mode of the hostile result"
	(cd "$DA_TMP/run" && ansible-playbook -i localhost, -c local "$DA_TMP/mode.yml" \
		-e "dockaudit_root=$HT" -e ansible_become=false) >"$DA_TMP/mode.log" 2>&1 ||
		da_fail "the playbook failed on the hostile path: $(tail -5 "$DA_TMP/mode.log")"
	grep -qE '^localhost +: ok=[0-9]+ +changed=1 .* failed=0 .* rescued=0 ' "$DA_TMP/mode.log" ||
		da_fail "the playbook did not change the hostile path alone: $(grep -A2 'fatal\|RECAP' "$DA_TMP/mode.log" | head)"
	[ "$(stat -c %a "$HT$NP")" = 644 ] || da_fail "the playbook left the hostile path at $(stat -c %a "$HT$NP")"
	[ ! -e "$DA_TMP/run/pwned" ] || da_fail "the playbook ran the command in a path"
fi

# ---- a malformed directive stops the content from loading -----------------
C="$DA_TMP/content"
mkdir -p "$C"
cp -R "$top_srcdir/benchmarks" "$top_srcdir/profiles" "$C/"
G="$C/benchmarks/groups/daemon.xml"
CB="$C/benchmarks/dockaudit-docker-xccdf.xml"
# break FROM TO: the directive FROM of the copy becomes TO; sets LINE.
break_fix() {
	cp "$top_srcdir/benchmarks/groups/daemon.xml" "$G"
	LINE=$(grep -n ">$1</fix>" "$G" | cut -d: -f1)
	[ -n "$LINE" ] || da_fail "the content has no directive '$1'"
	sed -i "s|>$1</fix>|>$2</fix>|" "$G"
}
break_fix "daemon-json icc false restart" "daemon-json icc false rstart"
WHY="$G:$LINE: fix xccdf_org.dockaudit_fix_daemon_icc_dockaudit: daemon-json icc: 'rstart' is neither reload nor restart"
da_run rules --lint -b "$CB"
expect_rc 1 "lint of a malformed directive"
expect_out "$WHY" "lint of a malformed directive"
da_run eval -b "$CB" --json "$DA_TMP/x.json" "$FACTS/daemon-misconfigured.json"
expect_rc 1 "eval with a malformed directive"
expect_stderr "dockaudit: $WHY" "eval with a malformed directive"
break_fix "daemon-json icc false restart" "daemon-json icc false restart --icc --icc"
da_run eval -b "$CB" --json "$DA_TMP/x.json" "$FACTS/daemon-misconfigured.json"
expect_rc 1 "eval with a directive of too many words"
expect_stderr "dockaudit: $G:$LINE: fix xccdf_org.dockaudit_fix_daemon_icc_dockaudit: daemon-json: too many words" \
	"eval with a directive of too many words"

da_done
