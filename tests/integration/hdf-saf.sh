#!/bin/sh
# The --hdf output of a real audit (a private dockerd with one privileged
# container among ordinary ones, one waived container on the host network,
# one with a host bind mount) read by the real MITRE SAF CLI: `saf view
# summary` gives dockaudit's own counts, the privileged container's
# control is failed and its result names it, and XCCDF results converted
# by `saf convert xccdf_results2hdf` are shown to count otherwise (what
# docs/HDF.md warns of). Skips (77) as non-root or without dockerd or saf,
# and fails instead under CI=true.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker
command -v saf >/dev/null 2>&1 || da_skip "saf (the MITRE SAF CLI) is not installed"

da_dockerd_start
IMG=da-busybox:hdf
da_image_busybox "$IMG"
da_privileged_ready "$IMG"
for i in 1 2 3; do
	da_docker run -d --name "c-plain-$i" "$IMG" sleep 3600
done
da_docker run -d --name c-priv --privileged "$IMG" sleep 3600
da_docker run -d --name c-hostnet --net host "$IMG" sleep 3600
mkdir -p "$DA_TMP/data"
da_docker run -d --name c-mount -v "$DA_TMP/data:/data" --read-only --memory 64m \
	--pids-limit 50 "$IMG" sleep 3600

cat >"$DA_TMP/waivers.json" <<EOF
{"waivers": [
  {"rule": "container_host_network", "subject": "c-hostnet",
   "justification": "Metrics exporter needs the host network",
   "approved_by": "Sec Ops", "expires": "2099-12-31"}
]}
EOF
HDF=$DA_TMP/audit.hdf
da_audit_json "$DA_TMP/audit.json" --hdf "$HDF" --results "$DA_TMP/results.xml" \
	--waivers "$DA_TMP/waivers.json"
expect_rc 2 "audit: some rules fail"
[ -s "$HDF" ] || da_fail "the audit wrote no HDF"

saf view summary -i "$HDF" -f json >"$DA_TMP/saf.json" 2>"$DA_TMP/saf.err" ||
	da_fail "saf view summary: $(head -c 400 "$DA_TMP/saf.err")"
saf convert xccdf_results2hdf -i "$DA_TMP/results.xml" -o "$DA_TMP/x2h.json" \
	>"$DA_TMP/x2h.out" 2>&1 || da_fail "saf convert xccdf_results2hdf: $(head -c 400 "$DA_TMP/x2h.out")"
saf view summary -i "$DA_TMP/x2h.json" -f json >"$DA_TMP/x2h-sum.json" 2>"$DA_TMP/saf.err" ||
	da_fail "saf view summary of the converted XCCDF: $(head -c 400 "$DA_TMP/saf.err")"

python3 - "$DA_TMP" <<'PY' || da_fail "the HDF of the real audit"
import json, sys
d = sys.argv[1]
def load(name):
    with open("%s/%s" % (d, name)) as f:
        return json.load(f)
s = load("audit.json")["summary"]
want = {"passed": s["pass"] + s["fixed"], "failed": s["fail"], "error": s["error"] + s["unknown"],
        "skipped": s["notchecked"], "no_impact": s["notapplicable"] + s["informational"]}
got = {k: load("saf.json")[0][k]["total"] for k in want}
print("dockaudit %s\nsaf       %s" % (want, got))
assert got == want, "saf view summary counts differently"
conv = {k: load("x2h-sum.json")[0][k]["total"] for k in want}
print("saf of xccdf_results2hdf %s" % conv)

hdf = load("audit.hdf")
controls = {c["id"]: c for c in hdf["profiles"][0]["controls"]}
c = controls["xccdf_org.dockaudit_rule_container_privileged"]
failed = [x for x in c["results"] if x["status"] == "failed"]
assert len(failed) == 1 and failed[0]["code_desc"].startswith("container c-priv ("), failed
assert len(c["results"]) == 6, [x["code_desc"] for x in c["results"]]
c = controls["xccdf_org.dockaudit_rule_container_host_network"]
assert c["waiver_data"]["justification"] == "Metrics exporter needs the host network", c["waiver_data"]
assert [x["status"] for x in c["results"]].count("failed") == 0, c["results"]
PY
da_done
