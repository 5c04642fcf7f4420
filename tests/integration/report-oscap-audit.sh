#!/bin/sh
# The ARF and the XCCDF results of a real audit go through OpenSCAP's
# whole chain (oscap-accept.sh), and say what the audited host is: its
# addresses (as `ip` lists them before the test enters its own network
# namespace) in target-address, its MACs in the asset, the privileged
# container failing container_privileged, the waived host-network
# container as an override with the waiver's justification (a message in
# the results document), a mount whose paths hold <&"' escaped, and four
# scores. Skips (77) as non-root or without dockerd, oscap or xmllint,
# and fails instead under CI=true.
: "${top_srcdir:?run through make check}"

# The host's addresses, read here in the host's network namespace (the
# harness runs the test again in one of its own): "ADDRESS MAC" lines, as
# inet_ntop writes the address, for each global-scope address.
if [ -z "${DA_IN_NAMESPACES:-}" ]; then
	DA_HOST_ADDRS=$(ip -o addr show scope global 2>/dev/null | while read -r _ ifname _ addr _; do
		mac=$(cat "/sys/class/net/$ifname/address" 2>/dev/null)
		echo "${addr%/*} ${mac:-none}"
	done)
	export DA_HOST_ADDRS
fi

# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker
if ! command -v oscap >/dev/null 2>&1 || ! command -v xmllint >/dev/null 2>&1; then
	da_skip "oscap or xmllint is not installed (apt-get install openscap-scanner libxml2-utils)"
fi

da_dockerd_start
IMG=da-busybox:oscap
da_image_busybox "$IMG"
da_privileged_ready "$IMG"

# A directory name no XML document may hold as it is.
ODD="odd<&\"'x"
mkdir -p "$DA_TMP/$ODD"
run() {
	c=$1
	shift
	da_docker run -d --name "$c" "$@" "$IMG" sleep 3600
}
run c-priv --privileged
run c-hostnet --net host
run c-odd --label "note=<script>&\"'" -v "$DA_TMP/$ODD:/data/$ODD:ro"

JUSTIFICATION="Metrics exporter needs the host network; CHG-<&>-17"
cat >"$DA_TMP/waivers.json" <<EOF
{"waivers": [
  {"rule": "container_host_network", "subject": "c-hostnet",
   "justification": "$JUSTIFICATION",
   "approved_by": "Sec & Ops", "expires": "2099-12-31"}
]}
EOF

ARF=$DA_TMP/arf.xml
RES=$DA_TMP/results.xml
da_audit_json "$DA_TMP/audit.json" --arf "$ARF" --results "$RES" --waivers "$DA_TMP/waivers.json"
expect_rc 2 "audit: some rules fail"

sh "$top_srcdir/tests/integration/oscap-accept.sh" "$ARF" "$DA_TMP/oscap" "$RES" ||
	da_fail "the ARF or XCCDF results of the audit do not pass OpenSCAP's acceptance chain"

# xp FILE EXPR: EXPR's string value (elements matched by local-name()).
xp() {
	xmllint --xpath "$2" "$1" 2>/dev/null
}
TR="//*[local-name()='TestResult']"
RULE="xccdf_org.dockaudit_rule_"
# rr RULE INSTANCE: the rule-results of RULE for INSTANCE.
rr() {
	echo "$TR/*[local-name()='rule-result'][@idref='$RULE$1'][*[local-name()='instance']='$2']"
}
# expect_xp FILE EXPR WANT DESCRIPTION
expect_xp() {
	got=$(xp "$1" "$2")
	[ "$got" = "$3" ] || da_fail "$(basename "$1"): $4: got '$got', expected '$3'"
}

# The host's addresses and MACs.
[ -n "$DA_HOST_ADDRS" ] || da_fail "ip lists no global address on this host: nothing to check"
echo "$DA_HOST_ADDRS" | while read -r addr mac; do
	[ -n "$addr" ] || continue
	for f in "$ARF" "$RES"; do
		n=$(xp "$f" "count($TR/*[local-name()='target-address'][.='$addr'])")
		[ "$n" = 1 ] || echo "FAIL: $(basename "$f"): target-address $addr appears $n times"
	done
	[ "$mac" = none ] || [ "$mac" = 00:00:00:00:00:00 ] && continue
	n=$(xp "$ARF" "count(//*[local-name()='connection'][*[local-name()='mac-address']='$mac'])")
	[ "$n" -ge 1 ] 2>/dev/null || echo "FAIL: arf.xml: no ai:connection with mac-address $mac"
done >"$DA_TMP/addr-fails"
if [ -s "$DA_TMP/addr-fails" ]; then
	cat "$DA_TMP/addr-fails"
	da_fail "the host's addresses are not all in the reports"
fi
n_want=$(echo "$DA_HOST_ADDRS" | grep -c .)
expect_xp "$ARF" "count($TR/*[local-name()='target-address'])" "$n_want" "target-address count"
expect_xp "$ARF" "count($TR/*[local-name()='target-address'][.='127.0.0.1' or .='::1'])" 0 \
	"loopback addresses"
n=$(xp "$ARF" "count(//*[local-name()='computing-device']//*[local-name()='mac-address'])")
[ "$n" -ge 1 ] 2>/dev/null || da_fail "arf.xml: the asset has no mac-address"

for f in "$ARF" "$RES"; do
	# the privileged container fails, by name
	expect_xp "$f" "string($(rr container_privileged c-priv)/*[local-name()='result'])" fail \
		"container_privileged for c-priv"
	expect_xp "$f" "string($(rr container_privileged c-priv)/*[local-name()='instance']/@context)" \
		container "the instance's context"
	expect_xp "$f" "count($TR/*[local-name()='score'])" 4 "score elements"
	# the odd mount's paths, escaped by the writer and read back intact
	n=$(xp "$f" "count($TR/*[local-name()='rule-result'][*[local-name()='instance']='c-odd']/*[local-name()='message'][contains(., concat('/data/odd<&\"', \"'\", 'x'))])")
	[ "$n" -ge 1 ] 2>/dev/null || da_fail "$(basename "$f"): no message of c-odd names /data/$ODD"
done

# The waiver: an override in the ARF, a message in the results document.
WAIVED=$(rr container_host_network c-hostnet)
expect_xp "$ARF" "string($WAIVED/*[local-name()='result'])" pass "waived c-hostnet's result"
expect_xp "$ARF" "string($WAIVED/*[local-name()='override']/*[local-name()='old-result'])" fail \
	"the override's old-result"
expect_xp "$ARF" "string($WAIVED/*[local-name()='override']/@authority)" "Sec & Ops" \
	"the override's authority"
n=$(xp "$ARF" "count($WAIVED/*[local-name()='override'][starts-with(*[local-name()='remark'], '$JUSTIFICATION (waiver 1 of ')])")
[ "$n" = 1 ] || da_fail "arf.xml: no override whose remark is the waiver's justification"
expect_xp "$ARF" "count($TR//*[local-name()='override'])" 1 "overrides"
expect_xp "$RES" "count($TR//*[local-name()='override'])" 0 "overrides in the results document"
n=$(xp "$RES" "count($WAIVED/*[local-name()='message'][starts-with(., 'waived (was fail): $JUSTIFICATION')])")
[ "$n" = 1 ] || da_fail "results.xml: no message with the waiver's justification"

# The results document: the Benchmark, the TestResult its last child.
expect_xp "$RES" "name(/*)" Benchmark "the root element"
expect_xp "$RES" "local-name(/*/*[last()])" TestResult "the last child"

da_done
