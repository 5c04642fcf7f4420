#!/bin/sh
# The run history on frozen facts: five evaluations kept with --history
# (a container turns privileged, then loses its memory limit, then both
# are put right), --fail-on-new's exit codes with and without --fail-on,
# latest.* and their metrics, the history subcommand's views (text and
# JSON), report and diff reading compressed runs, retention, a corrupt
# run skipped with a warning naming it, a failed audit's latest.prom, and
# --config.
. "$top_srcdir/tests/cli/lib.sh"

PY=/usr/bin/python3
H="$DA_TMP/h"
BASE="$FACTS/mixed-containers.json"
PRIV="$DA_TMP/priv.json"
NOMEM="$DA_TMP/nomem.json"
RULE_PRIV=xccdf_org.dockaudit_rule_container_privileged
RULE_MEM=xccdf_org.dockaudit_rule_container_memory_limit

$PY - "$BASE" "$PRIV" "$NOMEM" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
good = [c for c in f["containers"]["items"] if c["name"] == "c-good"][0]
good["inspect"]["HostConfig"]["Privileged"] = True
json.dump(f, open(sys.argv[2], "w"))
good["inspect"]["HostConfig"]["Memory"] = 0
json.dump(f, open(sys.argv[3], "w"))
PY

# metric NAME FILE: the value of the unlabelled sample NAME.
metric() {
	sed -n "s/^$1 //p" "$2"
}

# 1: the first run has nothing before it: nothing is new.
da_run eval -q --history "$H" --fail-on-new "$BASE"
expect_rc 0 "first run with --fail-on-new"
[ "$(metric dockaudit_new_failures "$H/latest.prom")" = 0 ] || da_fail "first run: new failures not 0"
[ "$(metric dockaudit_last_run_success "$H/latest.prom")" = 1 ] || da_fail "first run: success not 1"
for f in latest.json latest.html latest.prom; do
	[ -s "$H/$f" ] || da_fail "first run: no $f"
done
[ "$(ls "$H/runs" | wc -l)" = 1 ] || da_fail "first run: not one file in runs/"
ls "$H/runs" | grep -qxE '[0-9]{8}T[0-9]{6}Z\.json\.gz' || da_fail "first run: name $(ls "$H/runs")"
grep -q 'new since the last run' "$H/latest.html" && da_fail "first run: HTML marks something new"
# Without --fail-on-new the same facts fail as always.
cp "$H/latest.json" "$DA_TMP/first.json"

# 2: the same facts again: nothing new (subjects without a name included).
da_run eval -q --history "$H" --fail-on-new "$BASE"
expect_rc 0 "same facts with --fail-on-new"
[ "$(metric dockaudit_new_failures "$H/latest.prom")" = 0 ] || da_fail "same facts: new failures not 0"
da_run eval -q --history "$DA_TMP/h-plain" "$BASE"
expect_rc 2 "--history without --fail-on-new: failures fail"

# 3: c-good turns privileged: two new high failures.
da_run eval -q --history "$H" --fail-on-new "$PRIV"
expect_rc 2 "a container turned privileged, --fail-on-new"
[ "$(metric dockaudit_new_failures "$H/latest.prom")" = 2 ] || da_fail "privileged: new failures not 2"
grep -q '<section class="rule r-fail" id="rule-[0-9]*" data-result="fail" data-severity="high" data-section="containers" data-new="new" data-search="'"$RULE_PRIV" "$H/latest.html" ||
	da_fail "latest.html: the privileged rule is not marked new"
$PY - "$H/latest.html" <<'PY' || da_fail "latest.html: markers"
import re, sys
t = open(sys.argv[1]).read()
assert '<p class="since-last" id="since-last">2 new failures since the last run' in t
rows = re.findall(r'<tr class="i-fail"><td>container</td><td>([^<]*)</td>.*?</tr>', t)
new = re.findall(r'<tr class="i-fail"><td>container</td><td>([^<]*)</td>(?:(?!</tr>).)*new since the last run', t)
assert sorted(new) == ["c-good", "c-good"], new
assert len(re.findall(r'<circle [^>]*><title>', t)) == 3, "three runs in the trend"
assert '<figure class="trend" id="trend">' in t
PY

# 4: c-good also loses its memory limit: one new medium failure, which
# --fail-on high does not count.
da_run eval -q --history "$H" --fail-on-new --fail-on high "$NOMEM"
expect_rc 0 "--fail-on-new --fail-on high: the new failure is medium"
[ "$(metric dockaudit_new_failures "$H/latest.prom")" = 1 ] || da_fail "no memory limit: new failures not 1"
da_run history --history "$H" failing --json "$DA_TMP/failing4.json"
expect_rc 0 "history failing after run 4"

# 5: both put right.
da_run eval -q --history "$H" --fail-on-new "$BASE"
expect_rc 0 "put right: nothing new"

da_run history --history "$H" list
expect_rc 0 "history list"
expect_out "5 runs in $H" "history list: count"
# The rules that fail are the same in every run (other containers fail them too).
[ "$(grep -cE '^[0-9]{8}T[0-9]{6}Z(-[0-9]+)? +[0-9-]+T[0-9:]+Z +22\.78 +17 +23 +51$' "$DA_TMP/out")" = 5 ] ||
	da_fail "history list: five runs with score and counts"

da_run history --history "$H" trend
expect_rc 0 "history trend"
$PY - "$DA_TMP/out" <<'PY' || da_fail "history trend: NEW and FIXED columns"
import sys
import re
rows = [l.split() for l in open(sys.argv[1]) if re.match(r"\d{8}T", l)]
got = [(r[4], r[5]) for r in rows]
assert got == [("-", "-"), ("0", "0"), ("2", "0"), ("1", "0"), ("0", "3")], got
PY
da_run history --history "$H" trend --json "$DA_TMP/trend.json"
$PY - "$DA_TMP/trend.json" <<'PY' || da_fail "history trend --json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "dockaudit-history-trend" and d["format_version"] == 1
assert [r["new_failures"] for r in d["runs"]] == [None, 0, 2, 1, 0]
assert [r["fixed"] for r in d["runs"]] == [None, 0, 0, 0, 3]
assert d["runs"][0]["score_change"] is None and d["score_model"] == "default"
PY

da_run history --history "$H" changes
expect_rc 0 "history changes: the latest fixed things"
expect_out "Fixed: 3 (in 3 rules)" "history changes: fixed"
expect_out "New failures: 0" "history changes: nothing new"
da_run history --history "$H" changes -2
expect_rc 2 "history changes -2: new failures"
expect_out "New failures: 2 (in 2 rules)" "history changes -2"
expect_out "  $RULE_PRIV  Containers do not run privileged [high]" "history changes -2: the rule"
expect_out "    container c-good: pass -> fail" "history changes -2: the subject"
da_run history --history "$H" changes -2 --json "$DA_TMP/changes.json"
$PY - "$DA_TMP/changes.json" "$RULE_PRIV" <<'PY' || da_fail "history changes --json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "dockaudit-diff"
nf = sorted((x["rule"], x["subject"]["name"]) for x in d["new_failures"])
assert (sys.argv[2], "c-good") in nf and len(nf) == 2, nf
PY
da_run history --history "$H" changes -4
expect_rc 1 "history changes of the oldest run"
expect_err "is the oldest that reads: nothing before it to compare with" "history changes of the oldest run"

# failing: c-priv has failed since the first run; c-good failed from run 3
# to run 4, and no longer does.
da_run history --history "$H" failing --json "$DA_TMP/failing.json"
expect_rc 0 "history failing"
$PY - "$DA_TMP/failing.json" "$DA_TMP/failing4.json" "$RULE_PRIV" "$RULE_MEM" <<'PY' || da_fail "history failing --json"
import json, sys
d, d4 = (json.load(open(p)) for p in sys.argv[1:3])
priv, mem = sys.argv[3:5]
assert d["format"] == "dockaudit-history-failing"
runs = json.load(open(sys.argv[1]))
def rule(doc, rid):
    return [r for r in doc["rules"] if r["rule"] == rid][0]
p = rule(d, priv)
subj = {s["subject"]["name"]: s for s in p["subjects"]}
assert set(subj) == {"c-priv"}, subj
assert subj["c-priv"]["runs"] == 5 and p["runs"] == 5
p4 = rule(d4, priv)
subj4 = {s["subject"]["name"]: s for s in p4["subjects"]}
assert subj4["c-good"]["runs"] == 2 and subj4["c-priv"]["runs"] == 4, subj4
assert subj4["c-good"]["first_seen"] > subj4["c-priv"]["first_seen"] or \
    subj4["c-good"]["first_seen_run"] > subj4["c-priv"]["first_seen_run"]
m4 = {s["subject"]["name"]: s for s in rule(d4, mem)["subjects"]}
assert m4["c-good"]["runs"] == 1, m4
PY
da_run history --history "$H" failing
expect_out "  fail since " "history failing: text"

# show: a run's report, by any of its names.
first=$(ls "$H/runs" | sort | head -1)
da_run history --history "$H" show -4 --json "$DA_TMP/show.json"
expect_rc 0 "history show -4"
cmp -s "$DA_TMP/show.json" "$DA_TMP/first.json" || da_fail "history show -4 --json differs from that run's latest.json"
da_run history --history "$H" show "${first%.json.gz}" -q
expect_out "fixture-host: score 22.78 of 100.00" "history show NAME -q"
da_run history --history "$H" show -2 --html "$DA_TMP/show.html" -q
grep -q 'data-new="new"' "$DA_TMP/show.html" || da_fail "history show -2 --html: no new markers"
[ "$(grep -c '<circle ' "$DA_TMP/show.html")" = 3 ] || da_fail "history show -2 --html: the trend of the 3 runs up to it"
da_run history --history "$H" show 2099
expect_rc 1 "history show of no run"
expect_err "$H: no run '2099' (see dockaudit history list)" "history show of no run"
da_run history --history "$H" list --html "$DA_TMP/x.html"
expect_rc 1 "history list --html"
expect_err "--html is for 'history show'" "history list --html"
da_run history --history "$H" frobnicate
expect_rc 1 "unknown action"
expect_err "expected list, show RUN, trend, changes [RUN] or failing (not 'frobnicate')" "unknown action"
da_run history --history "$DA_TMP/none" list
expect_rc 1 "no history"
expect_err "$DA_TMP/none: no history here" "no history"

# list --json
da_run history --history "$H" list --json -
$PY - "$DA_TMP/out" <<'PY' || da_fail "history list --json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "dockaudit-history-list" and len(d["runs"]) == 5
r = d["runs"][0]
assert set(r) == {"run", "file", "end_time", "score", "max", "summary"}, r
assert r["summary"]["fail"] == 23 and r["max"] == 100
PY

# report and diff read compressed runs.
da_run report --json "$DA_TMP/r.json" "$H/runs/$first"
expect_rc 0 "report of a .json.gz"
cmp -s "$DA_TMP/r.json" "$DA_TMP/first.json" || da_fail "report of a .json.gz differs from the run's JSON"
da_run diff "$H/runs/$first" "$H/latest.json"
expect_rc 0 "diff of a .json.gz and latest.json"
expect_out "New failures: 0" "diff of the first and last runs"

# A corrupt run: skipped with a warning naming it, never fatal.
mid=$(ls "$H/runs" | sort | sed -n 3p)
head -c 2000 "$H/runs/$mid" >"$DA_TMP/cut" && cp "$DA_TMP/cut" "$H/runs/$mid"
da_run history --history "$H" list
expect_rc 0 "list with a truncated run"
expect_err "dockaudit: warning: $H/runs/$mid: truncated gzip data; skipped" "list names the truncated run"
expect_out "4 runs in $H" "list leaves the truncated run out"
da_run history --history "$H" trend
expect_rc 0 "trend with a truncated run"
expect_err "$H/runs/$mid" "trend names the truncated run"
last=$(ls "$H/runs" | sort | tail -1)
printf 'not gzip' >"$H/runs/$last"
da_run eval -q --history "$H" --fail-on-new "$BASE"
expect_rc 0 "eval with the newest run corrupt: compared with the one before"
expect_err "dockaudit: warning: $H/runs/$last" "eval names the corrupt newest run"

# Retention: runs beyond --keep-runs and older than --keep-days go; the
# run just written stays.
R="$DA_TMP/r"
da_run eval -q --history "$R" "$BASE"
one=$(ls "$R/runs")
cp "$R/runs/$one" "$R/runs/20200101T000000Z.json.gz"
cp "$R/runs/$one" "$R/runs/20200102T000000Z.json.gz"
cp "$R/runs/$one" "$R/runs/20990101T000000Z.json.gz"
touch "$R/runs/notes.txt"
da_run eval -q --history "$R" --keep-days 30 "$BASE"
[ ! -e "$R/runs/20200101T000000Z.json.gz" ] && [ ! -e "$R/runs/20200102T000000Z.json.gz" ] ||
	da_fail "--keep-days 30: old runs stay"
[ "$(ls "$R/runs" | grep -c json.gz)" = 3 ] || da_fail "--keep-days 30: $(ls "$R/runs")"
[ -e "$R/runs/notes.txt" ] || da_fail "retention deleted a file that is not a run"
da_run eval -q --history "$R" --keep-runs 1 "$BASE"
# The newest by name is the fabricated 2099 run; the one just written stays too.
[ "$(ls "$R/runs" | grep -c json.gz)" = 2 ] || da_fail "--keep-runs 1: $(ls "$R/runs")"
da_run eval -q --history "$R" --keep-runs x "$BASE"
expect_rc 1 "--keep-runs x"
expect_err "dockaudit: --keep-runs 'x' is not a whole number (0 or more)" "--keep-runs x"
da_run eval -q --keep-runs 3 "$BASE"
expect_rc 1 "--keep-runs without --history"
expect_err "--keep-runs needs --history DIR" "--keep-runs without --history"

# A failed audit: latest.prom says so, latest.json and latest.html stay.
cp "$H/latest.json" "$DA_TMP/keep.json"
cp "$H/latest.html" "$DA_TMP/keep.html"
da_run eval -q --history "$H" --waivers "$DA_TMP/no-waivers.json" "$BASE"
expect_rc 1 "eval with a missing waiver file"
[ "$(metric dockaudit_last_run_success "$H/latest.prom")" = 0 ] || da_fail "failed run: success not 0"
[ -n "$(metric dockaudit_last_run_timestamp_seconds "$H/latest.prom")" ] || da_fail "failed run: no timestamp"
cmp -s "$H/latest.json" "$DA_TMP/keep.json" || da_fail "failed run: latest.json changed"
cmp -s "$H/latest.html" "$DA_TMP/keep.html" || da_fail "failed run: latest.html changed"

# --config: keys as audit's options, the command line winning.
C="$DA_TMP/dockaudit.conf"
cat >"$C" <<EOF
# test configuration
history = $DA_TMP/hc
keep-runs = 2
prom = $DA_TMP/c.prom
fail-on-new = yes
EOF
da_run audit -q --config "$C" --docker-host unix://"$DA_TMP"/no.sock --root "$top_srcdir/tests/fixtures/hosts/custom-os"
expect_rc 0 "audit --config: first run, fail-on-new"
[ -s "$DA_TMP/hc/latest.json" ] && [ -s "$DA_TMP/c.prom" ] || da_fail "audit --config: history or prom not written"
da_run audit -q --config "$C" --history "$DA_TMP/hc2" --docker-host unix://"$DA_TMP"/no.sock --root "$top_srcdir/tests/fixtures/hosts/custom-os"
[ -s "$DA_TMP/hc2/latest.json" ] || da_fail "audit --config --history: the command line does not win"
da_run history --config "$C" list
expect_out "1 run in $DA_TMP/hc" "history --config: the file's history"
printf 'history = /x\nfail_on = high\n' >"$C"
da_run audit --config "$C"
expect_rc 1 "audit --config with an unknown key"
expect_err "dockaudit: $C:2: unknown key 'fail_on'" "audit --config with an unknown key"
da_run audit --config "$DA_TMP/none.conf"
expect_rc 1 "audit --config of a missing file"
expect_err "dockaudit: $DA_TMP/none.conf: No such file or directory" "audit --config of a missing file"

da_done
