#!/bin/sh
# The fleet page opened in headless Chromium: it renders offline under its
# own Content-Security-Policy with nothing blocked and nothing fetched, the
# heat map has a row per host, and a host name made of markup stays text
# (had it run, it would have set the title). With DA_KEEP=DIR the page and
# a screenshot are kept in DIR for a person to look at. Skips (77) without
# chromium, unless CI=true. About 10 s (three Chromium starts).
: "${top_srcdir:?run through make check}"
. "$top_srcdir/tests/cli/lib.sh"

CHROMIUM=${DA_CHROMIUM:-/usr/bin/chromium}
PY=/usr/bin/python3
if [ ! -x "$CHROMIUM" ]; then
	[ "${CI:-}" = true ] && { echo "FAIL: $CHROMIUM is missing"; exit 1; }
	echo "SKIP: $CHROMIUM is missing (apt-get install chromium)"
	exit 77
fi
HOSTILE="<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
KEEP=${DA_KEEP:-$DA_TMP/keep}
mkdir -p "$KEEP" "$DA_TMP/r" || exit 1

# chromium LOG ARGS...: headless Chromium with a profile of its own, its
# console messages (CSP violations among them) appended to LOG.
chromium() {
	log=$1
	shift
	profile=$(mktemp -d "$DA_TMP/chromium.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--enable-logging=stderr --v=0 --user-data-dir="$profile" "$@" 2>>"$log"
}

# The console log does show a blocked script: a page with a policy and an
# inline script and image it does not allow.
printf '%s\n' "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" \
content=\"default-src 'none'\"><title>canary</title></head><body>$HOSTILE</body></html>" >"$DA_TMP/canary.html"
chromium "$DA_TMP/canary.log" --dump-dom "file://$DA_TMP/canary.html" >/dev/null
grep -q "Content Security Policy" "$DA_TMP/canary.log" || {
	echo "FAIL: chromium logs no CSP violation for a page full of them: the log check would prove nothing"
	exit 1
}

# Three hosts, one named with markup; one with two runs (a trend) and its
# own report beside its result (a link).
n=0
for h in web-01 web-01 "$HOSTILE"; do
	n=$((n + 1))
	$PY - "$FACTS/mixed-containers.json" "$h" "$DA_TMP/f$n.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["host"]["hostname"] = sys.argv[2]
json.dump(d, open(sys.argv[3], "w"))
PY
	mkdir -p "$DA_TMP/r/$n"
	"$DOCKAUDIT" eval -q --json "$DA_TMP/r/$n/results.json" --html "$DA_TMP/r/$n/results.html" \
		"$DA_TMP/f$n.json" >/dev/null 2>&1
done
"$DOCKAUDIT" eval -q --arf "$DA_TMP/r/db.xml" "$FACTS/daemon-misconfigured.json" >/dev/null 2>&1
$PY - "$DA_TMP/r/1/results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["start_time"] = d["end_time"] = "2026-11-01T08:00:00Z"
json.dump(d, open(sys.argv[1], "w"))
PY

H="$KEEP/fleet.html"
da_run fleet --html "$H" "$DA_TMP/r"
expect_rc 0 "fleet of the three hosts"

chromium "$DA_TMP/chromium.log" --dump-dom "file://$H" >"$DA_TMP/dom.html" ||
	da_fail "chromium --dump-dom failed: $(tail -n 5 "$DA_TMP/chromium.log")"
$PY - "$DA_TMP/dom.html" "$HOSTILE" <<'PY' || da_fail "the fleet page as Chromium built it"
import sys
from html.parser import HTMLParser
dom, hostile = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.title, self.rows, self.where = [], "", [], []
        self.row_th = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag not in ("meta", "link", "br", "img", "input", "hr", "wbr", "col"):
            self.where.append(tag)
        if tag == "tr" and "tbody" in self.where and self.heat:
            self.rows.append("")
        if tag == "table":
            self.heat = a.get("id") == "heatmap"
        if tag == "th" and a.get("scope") == "row" and self.heat:
            self.row_th = True
        for k, _ in attrs:
            if k.startswith("on"):
                print("FAIL: handler attribute %s on <%s>" % (k, tag))
                self.bad = True
    heat = bad = False
    def handle_endtag(self, tag):
        while self.where and self.where.pop() != tag:
            pass
        if tag == "th":
            self.row_th = False
        if tag == "table":
            self.heat = False
    def handle_data(self, d):
        if self.where[-2:] == ["head", "title"]:
            self.title += d
        if self.row_th:
            self.rows[-1] += d
p = P()
p.feed(dom)
bad = p.bad
if p.title != "dockaudit fleet: 3 hosts":
    print("FAIL: the title is %r: something ran" % p.title); bad = True
if "script" in p.tags or "img" in p.tags:
    print("FAIL: an injected <script> or <img> is in the DOM"); bad = True
if sorted(p.rows) != sorted(["web-01", hostile, "fixture-host"]):
    print("FAIL: heat map rows %r" % p.rows); bad = True
if "<polyline" not in dom or 'r/1/results.html"' in dom or 'href="../r/2/results.html"' not in dom:
    print("FAIL: web-01's trend or the link to its latest report"); bad = True
sys.exit(1 if bad else 0)
PY
if grep -E "Content Security Policy|Refused to|net::ERR|Uncaught" "$DA_TMP/chromium.log"; then
	da_fail "chromium logged a blocked load, a network error or a script error"
fi
chromium "$DA_TMP/chromium.log" --screenshot="$KEEP/fleet.png" --window-size=1400,900 "file://$H" \
	>/dev/null || da_fail "chromium --screenshot failed"
[ -s "$KEEP/fleet.png" ] || da_fail "no screenshot"

da_done
