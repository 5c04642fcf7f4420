#!/bin/sh
# The run history against a real dockerd: two `audit --history` runs with
# a container started again with CAP_SYS_ADMIN between them. The second
# run's new failures are exactly the two capability rules for that
# container: in `history changes`, in latest.html's "new since the last
# run" markers and in latest.prom's dockaudit_new_failures; --fail-on-new
# makes the second run exit 2 and the first 0.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

da_dockerd_start
IMG=da-history:1
da_image_busybox "$IMG"
H="$DA_TMP/history"
SYS_ADMIN=xccdf_org.dockaudit_rule_container_cap_sys_admin
ADDED=xccdf_org.dockaudit_rule_container_added_capabilities

da_docker run -d --name web --network none "$IMG" sleep 3600
da_dockaudit audit --docker-host "$DOCKER_HOST" --history "$H" --fail-on-new -q
expect_rc 0 "first run: nothing before it, nothing new"
grep -qx 'dockaudit_new_failures 0' "$H/latest.prom" || da_fail "first run: new failures not 0"

da_docker rm -f web
da_docker run -d --name web --network none --cap-add SYS_ADMIN "$IMG" sleep 3600
sleep 1 # a run name of its own (they are named by the second)
da_dockaudit audit --docker-host "$DOCKER_HOST" --history "$H" --fail-on-new -q
expect_rc 2 "second run: CAP_SYS_ADMIN is new"
grep -qx 'dockaudit_new_failures 2' "$H/latest.prom" || da_fail "latest.prom: $(grep new_failures "$H/latest.prom")"
grep -qx 'dockaudit_last_run_success 1' "$H/latest.prom" || da_fail "latest.prom: success not 1"
grep -q "^dockaudit_rule_failed{rule=\"$SYS_ADMIN\"" "$H/latest.prom" || da_fail "latest.prom: $SYS_ADMIN not failing"

da_dockaudit history --history "$H" changes --json "$DA_TMP/changes.json"
expect_rc 2 "history changes: new failures"
grep -qF "    container web: pass -> fail" "$DA_TMP/out" || da_fail "history changes: web is not listed"
python3 - "$DA_TMP/changes.json" "$SYS_ADMIN" "$ADDED" <<'PY' || da_fail "history changes --json: the new failures"
import json, sys
d = json.load(open(sys.argv[1]))
nf = sorted((x["rule"], x["subject"]["kind"], x["subject"]["name"]) for x in d["new_failures"])
assert nf == sorted([(sys.argv[2], "container", "web"), (sys.argv[3], "container", "web")]), nf
assert d["fixed"] == [], d["fixed"]
PY
python3 - "$H/latest.html" "$SYS_ADMIN" "$ADDED" <<'PY' || da_fail "latest.html: the markers"
import re, sys
t = open(sys.argv[1]).read()
marked = re.findall(r'<section class="rule[^"]*" id="rule-\d+"[^>]* data-new="new" data-search="([^ "]+)', t)
assert sorted(marked) == sorted(sys.argv[2:4]), marked
assert '2 new failures since the last run' in t
assert len(re.findall(r'<circle [^>]*><title>', t)) == 2
PY
da_dockaudit history --history "$H" trend
expect_rc 0 "history trend"
grep -qE '^[0-9]{8}T[0-9]{6}Z +[-0-9T:Z]+ +[0-9.]+ +[-+0-9.]+ +2 +0 ' "$DA_TMP/out" ||
	da_fail "history trend: the second run has 2 new, 0 fixed: $(cat "$DA_TMP/out")"
da_done
