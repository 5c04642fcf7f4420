#!/bin/sh
# The HTML report of a real audit, opened in headless Chromium: the page
# renders offline under its own Content-Security-Policy, the script runs
# (the filters, driven by location.hash or by clicks, a choice and typing
# in the page, hide exactly the rules they should),
# a privileged container's failure shows in its rule and in the
# per-container view (with a waived failure counted apart, and the
# "waived" filter finding its rule), and text an attacker put on the host (a bind-mount
# path and a label holding markup) comes out as text: nothing injected
# runs, nothing is fetched. With DA_KEEP=DIR the report and a screenshot
# are kept in DIR for a person to look at.
# Skips (77) as non-root or without chromium, unless CI=true.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"

CHROMIUM=${DA_CHROMIUM:-/usr/bin/chromium}
PY=/usr/bin/python3
[ -x "$CHROMIUM" ] || da_skip "$CHROMIUM is missing (apt-get install chromium)"
[ -x "$PY" ] || da_skip "$PY is missing"
da_require_root_and_docker

DOM="$PY $top_srcdir/tests/integration/html-dom.py"
# The markup is the attack: if it ever ran, it would set the title.
HOSTILE="<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
KEEP=${DA_KEEP:-$DA_TMP/keep}
mkdir -p "$KEEP" || da_fatal "cannot create $KEEP"

# chromium LOG ARGS...: headless Chromium with a profile of its own, its
# console messages (CSP violations among them) appended to LOG.
# shellcheck disable=SC3043 # local: dash, bash and busybox sh all have it
chromium() {
	local log="$1" profile
	shift
	profile=$(mktemp -d "$DA_TMP/chromium.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--enable-logging=stderr --v=0 --user-data-dir="$profile" "$@" 2>>"$log"
}

# dump FRAGMENT OUT: the DOM of the report opened at #FRAGMENT, after its
# script ran.
dump() {
	chromium "$DA_TMP/chromium.log" --dump-dom "file://$H#$1" >"$2" ||
		da_fatal "chromium --dump-dom failed: $(tail -n 5 "$DA_TMP/chromium.log")"
}

# check ARGS...: one html-dom.py assertion, counted.
check() {
	$DOM "$@" || DA_FAILS=$((DA_FAILS + 1))
}

# The console log does show a blocked script: a page with a policy and an
# inline script and image it does not allow.
printf '%s\n' "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" \
content=\"default-src 'none'\"><title>canary</title></head><body>$HOSTILE</body></html>" >"$DA_TMP/canary.html"
chromium "$DA_TMP/canary.log" --dump-dom "file://$DA_TMP/canary.html" >/dev/null
grep -q "Content Security Policy" "$DA_TMP/canary.log" ||
	da_fatal "chromium logs no CSP violation for a page full of them: the log check below would prove nothing"

da_dockerd_start
IMG=da-busybox:html
da_image_busybox "$IMG"
da_privileged_ready "$IMG"

# Container names are restricted to [a-zA-Z0-9_.-]; a bind mount's source
# path is not, and the docker-socket rule quotes it in its evidence. The
# label carries the same markup; no rule shows labels today.
SRC="$DA_TMP/$HOSTILE"
mkdir -p "$SRC" || da_fatal "cannot make the hostile directory"
: >"$SRC/docker.sock"
da_docker run -d --name c-priv --privileged "$IMG" sleep 3600
da_docker run -d --name c-caps --cap-add SYS_ADMIN "$IMG" sleep 3600
da_docker run -d --name c-good --read-only --memory 64m --pids-limit 64 --cap-drop ALL \
	--security-opt no-new-privileges --user 1000 "$IMG" sleep 3600
da_docker run -d --name c-hostile --label "note=label-$HOSTILE" -v "$SRC/docker.sock:/tmp/app.sock:ro" \
	"$IMG" sleep 3600

# One subject of a rule that still fails for others is waived: the
# "waived" filter must select that rule alone.
cat >"$DA_TMP/waivers.json" <<EOF
{"waivers": [
  {"rule": "container_memory_limit", "subject": "c-caps",
   "justification": "batch job, limited by its cgroup parent", "approved_by": "Ops",
   "expires": "2099-12-31"}
]}
EOF
H=$DA_TMP/report.html
R=$DA_TMP/results.json
da_audit_json "$R" --html "$H" --waivers "$DA_TMP/waivers.json"
expect_rc 2 "audit: some rules fail"
[ -s "$H" ] || { da_fail "no HTML report written"; da_done; }
cp "$H" "$KEEP/report.html"
expect "$R" container_docker_socket c-hostile fail --message-contains "$HOSTILE"
expect "$R" container_privileged c-priv fail

# The file as written: well formed, the policy's digests are those of its
# style and script, nothing that loads anything.
check static "$H"
if grep -q 'label-&lt;script' "$H"; then
	echo "the hostile label reaches the report (escaped)"
else
	echo "the hostile label does not reach the report (no rule shows labels)"
fi
grep -q "$HOSTILE" "$H" && da_fail "the hostile markup is in the report unescaped"

# Rendered: the script ran under the policy, the markup is text.
HOST=$(uname -n)
dump "" "$DA_TMP/all.html"
check safe "$DA_TMP/all.html" "dockaudit: $HOST"
check summary "$DA_TMP/all.html" Host "$HOST"
check summary "$DA_TMP/all.html" "Docker version" "$("$DA_DOCKER" version -f '{{.Server.Version}}')"
check summary "$DA_TMP/all.html" Benchmark "dockaudit: Docker host hardening"
check rule "$DA_TMP/all.html" container_privileged c-priv fail "Privileged is true"
check rule "$DA_TMP/all.html" container_privileged c-good pass
check rule "$DA_TMP/all.html" container_cap_sys_admin c-caps fail
check rule "$DA_TMP/all.html" container_docker_socket c-hostile fail "$HOSTILE"
check container "$DA_TMP/all.html" c-priv container_privileged
check container "$DA_TMP/all.html" c-hostile container_docker_socket
check container "$DA_TMP/all.html" c-caps container_cap_sys_admin
check container "$DA_TMP/all.html" c-caps container_memory_limit
grep -q 'class="clean"' "$DA_TMP/all.html" && ! grep -q 'data-container="c-good">' "$DA_TMP/all.html" &&
	da_fail "c-good is neither listed with failures nor among the clean containers"

# The filters, each from the fragment the page was opened with.
for spec in result=fail severity=high "result=fail&severity=high" section=containers \
	q=c-hostile q=privileged "result=pass&section=daemon" result=waived; do
	dump "$spec" "$DA_TMP/filtered.html"
	check safe "$DA_TMP/filtered.html" "dockaudit: $HOST"
	check filter "$DA_TMP/filtered.html" "$spec"
done
# The same filters driven by hand: clicks, a choice and typing in the page.
cp "$top_srcdir/tests/integration/click-harness.html" "$(dirname "$H")/click-harness.html"
chromium "$DA_TMP/chromium.log" --allow-file-access-from-files --virtual-time-budget=5000 \
	--dump-dom "file://$(dirname "$H")/click-harness.html" >"$DA_TMP/clicks.html" ||
	da_fatal "chromium --dump-dom of the click harness failed"
check clicks "$DA_TMP/clicks.html"
# Printed (even from a filtered view): no filter bar, every rule.
if command -v pdftotext >/dev/null 2>&1; then
	chromium "$DA_TMP/chromium.log" --no-pdf-header-footer --print-to-pdf="$DA_TMP/report.pdf" \
		"file://$H#result=fail" >/dev/null 2>&1
	pdftotext -layout "$DA_TMP/report.pdf" "$DA_TMP/report.txt" || da_fail "no PDF printed"
	grep -qE 'Search rules and subjects|any severity' "$DA_TMP/report.txt" &&
		da_fail "the filter bar is printed"
	n_html=$(grep -o 'id="rule-[0-9]*"' "$H" | sort -u | wc -l)
	n_pdf=$(grep -oE 'xccdf_org\.dockaudit_rule_[a-z0-9_]+' "$DA_TMP/report.txt" | sort -u | wc -l)
	[ "$n_pdf" -eq "$n_html" ] || da_fail "the printed report holds $n_pdf of the $n_html rules"
	grep -q 'xccdf_org.dockaudit_rule_daemon_iptables' "$DA_TMP/report.txt" ||
		da_fail "a passing rule hidden by #result=fail is not printed"
	grep -q 'c-hostile' "$DA_TMP/report.txt" || da_fail "the printed report lacks the containers"
	[ -n "${DA_KEEP:-}" ] && cp "$DA_TMP/report.pdf" "$KEEP/report.pdf"
elif [ "${CI:-}" = true ]; then
	da_fail "pdftotext (poppler-utils) is needed to test the printed report"
fi
# With result=fail the privileged rule stays, a passing one goes.
dump result=fail "$DA_TMP/fail.html"
check rule "$DA_TMP/fail.html" container_privileged c-priv fail
$DOM rule "$DA_TMP/fail.html" daemon_iptables dockerd pass >/dev/null &&
	da_fail "result=fail leaves a passing rule visible"

# Nothing was blocked, fetched or thrown: the console is clean.
if grep -E "Content Security Policy|Refused to|net::ERR|Uncaught" "$DA_TMP/chromium.log"; then
	da_fail "chromium logged a blocked load, a network error or a script error"
fi

chromium "$DA_TMP/chromium.log" --screenshot="$KEEP/report.png" --window-size=1280,2000 \
	"file://$H" >/dev/null
[ -s "$KEEP/report.png" ] || da_fail "no screenshot"
[ -n "${DA_KEEP:-}" ] && echo "screenshot: $KEEP/report.png (report: $KEEP/report.html)"
da_done
