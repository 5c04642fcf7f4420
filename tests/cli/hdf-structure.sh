#!/bin/sh
# What --hdf writes, control by control, on frozen facts (no SAF CLI
# needed): the document's members, the privileged container's failing
# result naming it, a failing rule's errors written as skipped, a manual
# rule's question, impact 0 for not applicable, deselected rules left out,
# waivers as waiver_data (applied and expired) with the waived subject's
# result, and the profile and benchmark digest at the top.
: "${top_srcdir:?run through make check}"
. "$top_srcdir/tests/cli/lib.sh"

DOCKAUDIT_NOW=2026-11-25
export DOCKAUDIT_NOW
MIXED="$FACTS/mixed-containers.json"

da_run eval --hdf "$DA_TMP/m.hdf" --json "$DA_TMP/m.json" "$MIXED"
expect_rc 2 "mixed containers: some rules fail"
da_run eval --profile baseline --hdf "$DA_TMP/b.hdf" --json "$DA_TMP/b.json" "$MIXED"
expect_rc 2 "baseline: some rules fail"
da_run eval --waivers "$top_srcdir/tests/fixtures/hdf/waivers.json" --hdf "$DA_TMP/w.hdf" "$MIXED"
expect_rc 2 "waived: some rules still fail"
da_run report "$DA_TMP/m.json" --hdf "$DA_TMP/r.hdf"
expect_rc 0 "report --hdf"
da_run eval --hdf - "$MIXED"
expect_rc 2 "--hdf -"
cp "$DA_TMP/out" "$DA_TMP/stdout.hdf"

python3 - "$DA_TMP" <<'PY' || da_fail "the HDF documents"
import json, re, sys
d = sys.argv[1]
def load(name):
    with open("%s/%s" % (d, name)) as f:
        return json.load(f)
m, b, w, r = load("m.hdf"), load("b.hdf"), load("w.hdf"), load("r.hdf")
def outcome(doc):
    return [(c["id"], [(x["status"], x["code_desc"]) for x in c["results"]])
            for c in doc["profiles"][0]["controls"]]
assert outcome(load("stdout.hdf")) == outcome(m), "--hdf - writes what --hdf FILE writes"
RULE = "xccdf_org.dockaudit_rule_"
def controls(doc):
    return {c["id"]: c for c in doc["profiles"][0]["controls"]}
mc, bc, wc = controls(m), controls(b), controls(w)

# The document.
assert sorted(m) == ["platform", "profiles", "statistics", "version"], sorted(m)
assert m["platform"]["target_id"] == "fixture-host", m["platform"]
assert m["platform"]["release"], m["platform"]
p = m["profiles"][0]
assert p["name"] == "xccdf_org.dockaudit_benchmark_docker", p["name"]
assert p["title"] and p["version"], p
assert re.fullmatch(r"[0-9a-f]{64}", p["sha256"]), p["sha256"]
attrs = {a["name"]: a["options"]["value"] for a in p["attributes"]}
assert attrs["profile"] is None and attrs["waivers"] is None, attrs
assert isinstance(m["statistics"]["duration"], float), m["statistics"]
grouped = [c for g in p["groups"] for c in g["controls"]]
assert sorted(grouped) == sorted(mc), "every control in exactly one group"

# The privileged container fails 5.5, and its result names it.
c = mc[RULE + "container_privileged"]
assert c["impact"] == 0.7 and c["tags"]["severity"] == "high", c["tags"]
assert c["tags"]["cis"] == "5.5" and c["tags"]["cis_version"] == "1.6.0", c["tags"]
labels = [x["label"] for x in c["descriptions"]]
assert labels[0] == "default" and "check" in labels and "fix" in labels, labels
check = [x["data"] for x in c["descriptions"] if x["label"] == "check"][0]
assert "/inspect/HostConfig/Privileged" in check, check
assert c["code"].startswith('<Rule id="xccdf_org.dockaudit_rule_container_privileged"'), c["code"][:80]
assert 'path="/inspect/HostConfig/Privileged"' in c["code"], c["code"]
bad = [x for x in c["results"] if x["status"] == "failed"]
assert len(bad) == 1, bad
assert bad[0]["code_desc"].startswith("container c-priv (010101010101): c-priv runs privileged"), bad[0]
assert "Privileged is true" in bad[0]["message"], bad[0]
assert bad[0]["start_time"].endswith("Z") and bad[0]["run_time"] == 0, bad[0]
assert [x["status"] for x in c["results"]].count("passed") == 5, c["results"]

# 5.22 fails on c-priv; the others' errors do not turn the control to error.
c = mc[RULE + "container_seccomp_enabled"]
st = {x["code_desc"].split(" ")[1]: x for x in c["results"]}
assert st["c-priv"]["status"] == "failed", st["c-priv"]
assert st["c-caps"]["status"] == "skipped", st["c-caps"]
assert st["c-caps"]["skip_message"].startswith("Could not be evaluated"), st["c-caps"]
assert "error" not in [x["status"] for x in c["results"]]

# A rule in error has an error result; a manual rule the reviewer's question.
c = mc[RULE + "container_user_not_root"]
assert c["tags"]["result"] == "error" and c["results"][0]["status"] == "error", c["results"][0]
c = mc[RULE + "image_user"]
assert [x["status"] for x in c["results"]] == ["error"], c["results"]
assert c["results"][0]["message"] == "fact /images/items was not collected", c["results"]
c = mc[RULE + "host_hardened"]
assert c["impact"] > 0 and len(c["results"]) == 1, c
assert c["results"][0]["status"] == "skipped", c["results"]
assert c["results"][0]["skip_message"].startswith("Manual review: Which hardening baseline"), c["results"]
assert c["results"][0]["code_desc"] == "host fixture-host: " + c["title"], c["results"]

# Not applicable: impact 0, skipped with the reason; severity kept.
na = [c for c in mc.values() if c["tags"]["result"] == "notapplicable"]
assert na and all(c["impact"] == 0 for c in na)
assert all(x["status"] == "skipped" and x["skip_message"].startswith("Not applicable")
           for c in na for x in c["results"]), na[0]
assert all(c["impact"] > 0 for c in mc.values() if c["tags"]["result"] != "notapplicable")

# A profile: deselected rules are not written; the profile is named.
ours = json.load(open("%s/b.json" % d))
left = [x["id"] for x in ours["rules"] if x["result"] == "notselected"]
assert left and not set(left) & set(bc), left
assert len(bc) == len(ours["rules"]) - len(left)
attrs = {a["name"]: a["options"]["value"] for a in b["profiles"][0]["attributes"]}
assert attrs["profile"] == "xccdf_org.dockaudit_profile_baseline", attrs
assert b["profiles"][0]["sha256"] == p["sha256"], "one benchmark, one digest"

# Waivers: visible, the control still run; the waived subject passes.
c = wc[RULE + "container_privileged"]
wd = c["waiver_data"]
assert wd["justification"].startswith("Build runner needs docker-in-docker"), wd
assert wd["expiration_date"] == "2027-03-31" and wd["run"] is True, wd
assert wd["skipped_due_to_waiver"] is False and wd["approved_by"] == "J. Doe, security team", wd
priv = [x for x in c["results"] if " c-priv " in x["code_desc"]][0]
assert priv["status"] == "passed" and priv["message"].startswith("waived (was fail) by waiver 1"), priv
assert "c-priv runs privileged" in priv["code_desc"], priv
assert c["tags"]["result"] == "pass" and c["tags"]["original_result"] == "fail", c["tags"]
c = wc[RULE + "container_memory_limit"]
assert "waiver 4 expired on 2026-01-31" in c["waiver_data"]["message"], c["waiver_data"]
assert "failed" in [x["status"] for x in c["results"]]
c = wc[RULE + "container_seccomp_enabled"]
assert c["tags"]["result"] == "error" and "error" in [x["status"] for x in c["results"]], c
assert "waiver_data" not in wc[RULE + "container_readonly_rootfs"]
attrs = {a["name"]: a["options"]["value"] for a in w["profiles"][0]["attributes"]}
assert attrs["waivers"].endswith("tests/fixtures/hdf/waivers.json"), attrs

# Read back from JSON: the same controls and statuses.
rc = controls(r)
assert sorted(rc) == sorted(mc)
for k in mc:
    assert [x["status"] for x in rc[k]["results"]] == [x["status"] for x in mc[k]["results"]], k
assert r["profiles"][0]["sha256"] == p["sha256"]
print("hdf structure: ok")
PY

da_done
