#!/bin/sh
# dockaudit rules: --lint on the shipped content (clean), on broken content
# (exact problem lines, exit 1), with a tailoring; --format tsv/markdown;
# docs/RULES.md equal to what the content generates now; the site-rules
# example of contrib/ and of dockaudit-content(5) linted and evaluated on
# frozen facts.
. "$top_srcdir/tests/cli/lib.sh"

SITE="$top_srcdir/contrib/site-rules"
R="$DA_TMP/results.json"

# expect_lines FILE: stdout equals FILE exactly.
expect_lines() {
	if ! diff -u "$1" "$DA_TMP/out" >"$DA_TMP/diff"; then
		da_fail "$2: output differs: $(head -c 1500 "$DA_TMP/diff")"
	fi
}

# ---- the shipped content lints clean ----
da_run rules --lint
expect_rc 0 "lint of the shipped benchmark"
expect_out "$top_srcdir/benchmarks/dockaudit-docker-xccdf.xml: no problems (" "lint: clean"
[ "$(wc -l <"$DA_TMP/out")" -eq 1 ] || da_fail "lint of the shipped benchmark: $(cat "$DA_TMP/out")"

# ---- broken content: one line per problem, then the count; exit 1 ----
mkdir -p "$DA_TMP/c"
B="$DA_TMP/c/b.xml"
cat >"$B" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" xmlns:da="urn:dockaudit:check:1" id="xccdf_org.example_benchmark_cli">
<title>CLI lint fixture</title>
<version>1</version>
<Profile id="xccdf_org.example_profile_p">
<title>P</title>
<description>Only rule a.</description>
<select idref="xccdf_org.example_rule_b" selected="false"/>
</Profile>
<Group id="xccdf_org.example_group_g">
<title>Group</title>
<description>A group.</description>
<Rule id="xccdf_org.example_rule_a" severity="medium">
<title>Rule a</title>
<description>Checks a.</description>
<reference href="https://example.com/policy">Policy 1</reference>
<rationale>Because.</rationale>
<fixtext>Fix it.</fixtext>
<check system="urn:dockaudit:check:1"><check-content><da:check><da:subjects kind="host" path="/host" name="host"/><da:assert><da:test path="/kernel" op="exists"/></da:assert></da:check></check-content></check>
</Rule>
<Rule id="xccdf_org.example_rule_b">
<title>Rule b</title>
<description>Checks b. TODO</description>
<rationale>Because.</rationale>
<check system="urn:dockaudit:check:1"><check-content><da:check><da:subjects kind="host" path="/host" name="host"/><da:manual>Is b so?</da:manual></da:check></check-content></check>
</Rule>
</Group>
</Benchmark>
EOF
cat >"$DA_TMP/want" <<EOF
$B:21: rule xccdf_org.example_rule_b: leftover TODO in the description
$B:21: rule xccdf_org.example_rule_b: no fix text
$B:21: rule xccdf_org.example_rule_b: no severity (info, low, medium or high)
$B:21: rule xccdf_org.example_rule_b: no reference (a CIS number or another <reference>)
$B:21: rule xccdf_org.example_rule_b: selected by no profile
$B:13: rule xccdf_org.example_rule_a: warning: no message template (da:message): its failures show the check's evidence, not a sentence
$B: 5 problems, 1 warning
EOF
da_run rules --lint "$B"
expect_rc 1 "lint of broken content"
expect_lines "$DA_TMP/want" "lint of broken content"
# --benchmark names the content as well as FILE does.
da_run rules --lint --benchmark "$B"
expect_rc 1 "lint --benchmark"
expect_lines "$DA_TMP/want" "lint --benchmark"

# Warnings alone (an automated rule without a message template) keep the
# exit status 0; with the template, the content is clean.
sed -e 's|<da:assert><da:test path="/kernel" op="exists"/></da:assert>|&<da:message>{name} has no kernel</da:message>|' \
	"$B" >"$DA_TMP/c/msg.xml"
grep -q 'da:message' "$DA_TMP/c/msg.xml" || da_fail "could not add a message to the lint fixture"
da_run rules --lint "$DA_TMP/c/msg.xml"
expect_rc 1 "lint: the template takes the warning away, not the problems"
grep -q 'warning' "$DA_TMP/out" && da_fail "lint: a warning about a rule that has a template"
expect_out "$DA_TMP/c/msg.xml: 5 problems" "lint: no warning count"

# Content that does not load: the load error is the one problem.
sed 's/id="xccdf_org.example_rule_b"/id="xccdf_org.example_rule_a"/' "$B" >"$DA_TMP/c/dup.xml"
da_run rules --lint "$DA_TMP/c/dup.xml"
expect_rc 1 "lint of content that does not load"
printf '%s\n%s\n' \
	"$DA_TMP/c/dup.xml:21: duplicate id 'xccdf_org.example_rule_a' (first at $DA_TMP/c/dup.xml:13)" \
	"$DA_TMP/c/dup.xml: 1 problem" >"$DA_TMP/want"
expect_lines "$DA_TMP/want" "lint of content that does not load"

da_run rules --lint "$DA_TMP/c/absent.xml"
expect_rc 1 "lint of a missing file"
expect_out "$DA_TMP/c/absent.xml: No such file or directory" "lint of a missing file"

# ---- option errors ----
da_run rules "$B"
expect_rc 1 "FILE without --lint"
expect_err "dockaudit rules: unexpected argument (only --lint takes a FILE)" "FILE without --lint"
da_run rules --lint "$B" "$B"
expect_rc 1 "two FILEs"
expect_err "unexpected argument" "two FILEs"
da_run rules --lint --all
expect_rc 1 "--lint --all"
expect_err "dockaudit rules: --lint checks the whole content; it takes no --all, --list-profiles, --format or --profile" "--lint --all"
da_run rules --lint --benchmark "$B" "$B"
expect_rc 1 "--lint with --benchmark and FILE"
expect_err "give the content to lint either as FILE or with --benchmark, not both" "--benchmark and FILE"
da_run rules --format html
expect_rc 1 "unknown format"
expect_err "dockaudit rules: unknown format 'html' (tsv, markdown)" "unknown format"
da_run rules --list-profiles --format markdown
expect_rc 1 "--format with --list-profiles"
expect_err "--format applies to the list of rules, not to --list-profiles" "--format with --list-profiles"

# ---- formats ----
da_run rules
cp "$DA_TMP/out" "$DA_TMP/default"
da_run rules --format tsv
expect_rc 0 "--format tsv"
expect_lines "$DA_TMP/default" "--format tsv is the default listing"
expect_out "$(printf 'xccdf_org.dockaudit_rule_daemon_json_mode\t3.18\tmedium\tDaemon configuration file permissions are 0644 or stricter')" "tsv line"

da_run rules --all --format markdown
expect_rc 0 "--format markdown"
expect_out '| CIS v1.6.0 | CIS v1.8.0 | Rule | Title | Type | Profiles | Severity | How it is checked |' "markdown: table head"
expect_out '| 5.5 | - | `container_privileged` | Containers do not run privileged | automated |' "markdown: a row"
expect_out '`each container: /inspect/HostConfig/Privileged equals false` |' "markdown: how it is checked"
expect_out '`each file where /role equals daemon-config, applicable if /exists equals true: /mode mode-at-most 0644`' "markdown: where and applies"
# Pipes in a regular expression do not split the cell.
expect_out '(^\|/)docker\.sock$\|^(/var)?/run/?$' "markdown: pipes escaped"
rows=$(grep -c '^| [0-9-]' "$DA_TMP/out")
da_run rules --all
[ "$rows" -eq "$(wc -l <"$DA_TMP/out")" ] ||
	da_fail "markdown has $rows rule rows, the tsv listing $(wc -l <"$DA_TMP/out")"

# Content without CIS references has no CIS column; a manual rule shows its
# question, in text rather than code; a rule no profile selects shows "-".
da_run rules --benchmark "$B" --all --format markdown
expect_rc 0 "markdown of the lint fixture"
expect_out '| Rule | Title | Type | Profiles | Severity | How it is checked |' "markdown: no CIS column"
expect_out '| `b` | Rule b | manual | - | unknown | manual: Is b so? |' "markdown: manual row"
expect_out '| `a` | Rule a | automated | p | medium | `the host: /kernel exists` |' "markdown: automated row"
expect_out '2 rules: 1 automated, 1 manual.' "markdown: counts"

# A profile leaves rules out of the table unless --all.
da_run rules --profile baseline --format markdown
expect_rc 0 "markdown, baseline profile"
grep -q 'daemon_userns_remap' "$DA_TMP/out" && da_fail "baseline table lists daemon_userns_remap"
expect_out "Listed: the rules profile xccdf_org.dockaudit_profile_baseline selects." "markdown: what is listed"

# ---- docs/RULES.md is what the content generates now ----
sh "$top_srcdir/contrib/gen-rules-doc.sh" "$DOCKAUDIT" "$top_srcdir" "$DA_TMP/RULES.md" ||
	da_fail "gen-rules-doc.sh failed"
if ! diff -u "$top_srcdir/docs/RULES.md" "$DA_TMP/RULES.md" >"$DA_TMP/diff"; then
	da_fail "docs/RULES.md is out of date; run 'make rules-doc': $(head -c 1500 "$DA_TMP/diff")"
fi

# ---- the site rules of contrib/ ----
da_run rules --lint "$SITE/site-xccdf.xml"
expect_rc 0 "lint of the site rules"
expect_out "$SITE/site-xccdf.xml: no problems (2 rules, 1 group, 1 value, 2 profiles)" "site rules: clean"
# Without their message templates: two warnings, still exit 0.
grep -v '<da:message' "$SITE/site-xccdf.xml" >"$DA_TMP/site-nomsg.xml"
da_run rules --lint "$DA_TMP/site-nomsg.xml"
expect_rc 0 "lint: warnings alone keep exit 0"
expect_out "$DA_TMP/site-nomsg.xml: no problems, 2 warnings (2 rules, 1 group, 1 value, 2 profiles)" "lint: warning count"
expect_out "rule xccdf_com.example_rule_container_owner_label: warning: no message template (da:message)" "lint: the warning line"
da_run rules --lint --tailoring "$SITE/site-tailoring.xml" "$SITE/site-xccdf.xml"
expect_rc 0 "lint of the site rules with their tailoring"
expect_out "no problems (2 rules, 1 group, 1 value, 3 profiles)" "site tailoring: clean"
if command -v oscap >/dev/null 2>&1; then
	for f in site-xccdf.xml site-tailoring.xml; do
		oscap xccdf validate --skip-schematron "$SITE/$f" >"$DA_TMP/oscap" 2>&1 ||
			da_fail "oscap: $f is not valid XCCDF 1.2: $(head -c 600 "$DA_TMP/oscap")"
	done
fi

# rules with a tailoring: its one profile applies, with its refinements.
da_run rules --benchmark "$SITE/site-xccdf.xml" --tailoring "$SITE/site-tailoring.xml"
expect_rc 0 "rules with a tailoring"
expect_out "$(printf 'xccdf_com.example_rule_container_image_pinned\t-\thigh\t')" "tailoring: refined severity"
da_run rules --benchmark "$SITE/site-xccdf.xml" --tailoring "$SITE/site-tailoring.xml" --list-profiles
expect_out "$(printf 'xccdf_com.example_profile_payments\tPayments hosts\t(tailoring)')" "tailoring: its profile listed"
da_run rules --benchmark "$SITE/site-xccdf.xml" --tailoring "$SITE/site-tailoring.xml" --all --format markdown
expect_out '| `container_image_pinned` | Containers do not run the latest tag of an image | automated | site, site\_email, payments | high |' "tailoring: markdown row"

# Frozen facts, with labels and images set for the site rules.
python3 - "$FACTS/mixed-containers.json" "$DA_TMP/site.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
setup = {
    "c-good": ({"owner": "payments"}, "registry.example.com:5000/app:1.4"),
    "c-priv": ({"owner": "Bad Owner"}, "busybox"),
    "c-caps": ({"owner": "ops@example.com"}, "busybox:latest"),
    "c-hostns": ({"team": "x"}, "busybox@sha256:" + "ab" * 32),
    "c-sock": ({}, "registry.example.com:5000/app"),
    "c-stopped": ({"owner": "payments-batch"}, "da-busybox:1"),
}
for c in f["containers"]["items"]:
    c["inspect"]["Config"]["Labels"], c["inspect"]["Config"]["Image"] = setup[c["name"]]
json.dump(f, open(sys.argv[2], "w"))
PY

check_matrix() {
	while read -r rule subject result; do
		[ -n "$rule" ] || continue
		$EXPECT "$1" "$rule" "$subject" "$result" || DA_FAILS=$((DA_FAILS + 1))
	done
}

da_run eval --benchmark "$SITE/site-xccdf.xml" --json "$R" "$DA_TMP/site.json"
expect_rc 2 "site rules: some containers fail"
check_matrix "$R" <<'MATRIX'
container_owner_label c-good pass
container_owner_label c-stopped pass
container_owner_label c-priv fail
container_owner_label c-caps fail
container_owner_label c-hostns fail
container_owner_label c-sock fail
container_image_pinned c-good pass
container_image_pinned c-hostns pass
container_image_pinned c-stopped pass
container_image_pinned c-priv fail
container_image_pinned c-caps fail
container_image_pinned c-sock fail
MATRIX
$EXPECT "$R" container_owner_label c-hostns fail \
	--message-contains "/inspect/Config/Labels/owner is absent" || DA_FAILS=$((DA_FAILS + 1))

# The email selector, through the benchmark's second profile.
da_run eval --benchmark "$SITE/site-xccdf.xml" --profile site_email --json "$R" "$DA_TMP/site.json"
check_matrix "$R" <<'MATRIX'
container_owner_label c-caps pass
container_owner_label c-good fail
MATRIX

# The tailoring: payments owners only, unpinned images high severity.
da_run eval --benchmark "$SITE/site-xccdf.xml" --tailoring "$SITE/site-tailoring.xml" \
	--json "$R" "$DA_TMP/site.json"
expect_rc 2 "site rules with the tailoring"
check_matrix "$R" <<'MATRIX'
container_owner_label c-good pass
container_owner_label c-stopped pass
container_owner_label c-caps fail
MATRIX
python3 - "$R" <<'PY' || da_fail "tailoring: container_image_pinned is not high severity"
import json, sys
r = json.load(open(sys.argv[1]))
rules = {x["id"].split("_rule_")[-1]: x for x in r["rules"]}
sys.exit(0 if rules["container_image_pinned"]["severity"] == "high" else 1)
PY

# Every container labelled and pinned: exit 0.
python3 - "$DA_TMP/site.json" "$DA_TMP/site-good.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
for c in f["containers"]["items"]:
    c["inspect"]["Config"]["Labels"] = {"owner": "web"}
    c["inspect"]["Config"]["Image"] = "busybox:1.36"
json.dump(f, open(sys.argv[2], "w"))
PY
da_run eval --benchmark "$SITE/site-xccdf.xml" "$DA_TMP/site-good.json"
expect_rc 0 "site rules: every container passes"

# ---- dockaudit-content(5) documents every operator of the check schema ----
python3 - "$top_srcdir/benchmarks/dockaudit-check-1.xsd" "$top_srcdir/man/dockaudit-content.5" <<'PY' ||
import re, sys
xsd = open(sys.argv[1]).read()
ops = re.findall(r'value="([^"]+)"', re.search(r'<xs:simpleType name="op">(.*?)</xs:simpleType>', xsd, re.S).group(1))
man = open(sys.argv[2]).read().replace('\\-', '-')
section = man.split('.SS Operators', 1)[1].split('\n.SS ', 1)[0]
heads = "\n".join(l for l in section.splitlines() if l.startswith(('.B ', '.BR ')))
missing = [op for op in ops if not re.search(r'(^|[ "])' + re.escape(op) + r'($|[ "])', heads, re.M)]
if missing or len(ops) < 10:
    print("dockaudit-content(5) does not document: " + ", ".join(missing))
    sys.exit(1)
PY
	da_fail "dockaudit-content(5) lacks operators"

# ---- the example of dockaudit-content(5) is real content ----
python3 - "$top_srcdir/man/dockaudit-content.5" "$DA_TMP/man-example.xml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
example = text.split('.SH EXAMPLE', 1)[1]
block = re.search(r'\.RS\n(<Benchmark.*?</Benchmark>)\n\.RE', example, re.S).group(1)
block = block.replace('\\-', '-').replace('\\e', '\\')
open(sys.argv[2], 'w').write('<?xml version="1.0" encoding="UTF-8"?>\n' + block + '\n')
PY
da_run rules --lint "$DA_TMP/man-example.xml"
expect_rc 0 "the man page's example lints clean"
expect_out "no problems (1 rule, 1 group, 1 value, 1 profile)" "man example: the count the man page shows"
grep -qF 'site\-xccdf.xml: no problems (1 rule, 1 group, 1 value, 1 profile)' \
	"$top_srcdir/man/dockaudit-content.5" || da_fail "the man page shows another lint count"
da_run eval --benchmark "$DA_TMP/man-example.xml" --json "$R" "$DA_TMP/site.json"
check_matrix "$R" <<'MATRIX'
container_owner_label c-good pass
container_owner_label c-hostns fail
MATRIX

da_done
