#!/bin/sh
# dockaudit diff and report on two real audits of the test dockerd: between
# them c-a is recreated with CAP_SYS_ADMIN added. diff OLD NEW must exit 2
# and name that rule and container as a new failure; diff NEW OLD exits 0
# and lists it as fixed; a result compared with itself, or the ARF of a run
# with its JSON, shows no difference; the ARF read back by report gives
# the rules and results of the run's JSON, and written again as ARF is the
# same document, accepted by oscap.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

PY=/usr/bin/python3
da_dockerd_start
IMG=da-busybox:reload
da_image_busybox "$IMG"

# good NAME [EXTRA...]: a well-configured container (root inside, so an
# added capability is in its effective set); EXTRA goes before the image.
good() {
	name=$1
	shift
	da_docker run -d --name "$name" --read-only --memory 64m --cap-drop ALL --cap-add CHOWN \
		--security-opt no-new-privileges "$@" "$IMG" sleep 3600 >/dev/null ||
		da_fatal "cannot start $name"
}
good c-a
good c-b

audit() {
	da_audit_json "$DA_TMP/$1.json" --arf "$DA_TMP/$1.xml"
	[ "$DA_RC" -ne 1 ] || da_fail "audit $1: exit code 1: $(head -c 600 "$DA_TMP/err")"
}
audit one
$DA_EXPECT "$DA_TMP/one.json" container_added_capabilities c-a pass ||
	da_fail "c-a must pass container_added_capabilities before the change"

da_docker rm -f c-a >/dev/null
good c-a --cap-add SYS_ADMIN
audit two
$DA_EXPECT "$DA_TMP/two.json" container_added_capabilities c-a fail ||
	da_fail "c-a must fail container_added_capabilities after the change"

# Worse: the new failure is named, rule and container.
da_dockaudit diff --json "$DA_TMP/d.json" "$DA_TMP/one.xml" "$DA_TMP/two.xml"
expect_rc 2 "diff one two"
sed 's/^/  | /' "$DA_TMP/out"
grep -qF "  xccdf_org.dockaudit_rule_container_added_capabilities  " "$DA_TMP/out" ||
	da_fail "diff one two: the text does not name the rule"
grep -qF "    container c-a: pass -> fail" "$DA_TMP/out" ||
	da_fail "diff one two: the text does not name the container"
$PY - "$DA_TMP/d.json" <<'PY' || da_fail "diff one two: JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["worse"] is True
nf = {(x["rule"], x["subject"]["name"]) for x in d["new_failures"]}
assert ("xccdf_org.dockaudit_rule_container_added_capabilities", "c-a") in nf, nf
# Nothing else was changed: every new failure is c-a's.
assert {n for _, n in nf} == {"c-a"}, nf
assert d["fixed"] == [], d["fixed"]
PY

# The other way round: fixed, not worse.
da_dockaudit diff --json "$DA_TMP/r.json" "$DA_TMP/two.json" "$DA_TMP/one.xml"
expect_rc 0 "diff two one"
grep -qF "    container c-a: fail -> pass" "$DA_TMP/out" || da_fail "diff two one: c-a not listed as fixed"
$PY - "$DA_TMP/r.json" <<'PY' || da_fail "diff two one: JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["worse"] is False and d["new_failures"] == [], d["new_failures"]
fx = {(x["rule"], x["subject"]["name"]) for x in d["fixed"]}
assert ("xccdf_org.dockaudit_rule_container_added_capabilities", "c-a") in fx, fx
PY

# A result with itself, and the ARF of a run with its JSON: no difference.
for pair in "one.xml one.xml" "one.xml one.json" "two.json two.xml"; do
	# shellcheck disable=SC2086
	set -- $pair
	da_dockaudit diff --json "$DA_TMP/s.json" "$DA_TMP/$1" "$DA_TMP/$2"
	expect_rc 0 "diff $1 $2"
	$PY - "$DA_TMP/s.json" <<'PY' || da_fail "diff $1 $2: differences"
import json, sys
d = json.load(open(sys.argv[1]))
assert not d["new_failures"] and not d["fixed"], (d["new_failures"], d["fixed"])
assert not d["rules_added"] and not d["rules_removed"]
assert all(abs(s["delta"]) < 1e-9 for s in d["scores"].values()), d["scores"]
PY
done

# report: the ARF of the real audit read back gives the JSON's rules.
da_dockaudit report --json "$DA_TMP/back.json" "$DA_TMP/two.xml"
expect_rc 0 "report two.xml"
$PY - "$DA_TMP/two.json" "$DA_TMP/back.json" <<'PY' || da_fail "report: the ARF read back differs from the JSON"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("benchmark", "profile", "start_time", "end_time", "summary", "rules", "containers"):
    assert a[k] == b[k], k
# Of the daemon, ARF carries the version only.
assert a["daemon"]["version"] == b["daemon"]["version"] and b["daemon"]["version"], b["daemon"]
# ARF identifies the host by its routable addresses and their MACs only.
ha, hb = a["host"], b["host"]
for k in ("hostname", "kernel", "os"):
    assert ha[k] == hb[k], (k, ha[k], hb[k])
# ... and by its FQDN only when that is a dotted name.
assert hb["fqdn"] == (ha["fqdn"] if "." in (ha["fqdn"] or "") else None), (ha["fqdn"], hb["fqdn"])
for k in ("ipv4", "ipv6", "mac"):
    assert set(hb["addresses"][k]) <= set(ha["addresses"][k]), (k, ha, hb)
assert hb["addresses"]["ipv4"] == [x for x in ha["addresses"]["ipv4"] if not x.startswith("169.254.")]
for m, s in a["scores"].items():
    assert abs(s["score"] - b["scores"][m]["score"]) < 1e-5, m
PY

# The ARF written again from a saved one is the same document, which
# OpenSCAP's own tools accept.
da_dockaudit report --arf "$DA_TMP/again.xml" "$DA_TMP/two.xml"
expect_rc 0 "report --arf two.xml"
cmp -s "$DA_TMP/two.xml" "$DA_TMP/again.xml" || da_fail "report --arf: not the ARF it read"
sh "$top_srcdir/tests/integration/oscap-accept.sh" "$DA_TMP/again.xml" "$DA_TMP/oscap" ||
	da_fail "the ARF written by report does not pass OpenSCAP's acceptance chain"

da_done
