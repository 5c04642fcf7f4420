#!/usr/bin/python3
"""Assertions on dockaudit's HTML report, for report-html-chromium.sh.

    html-dom.py static REPORT            the file as written: balanced tags,
                                          unique ids, one style and one script
                                          whose SHA-256 the CSP names, nothing
                                          that could fetch from the network
    html-dom.py safe DOM TITLE            a DOM dumped by the browser: the
                                          script ran (data-filters="ready"),
                                          the title is TITLE, no injected
                                          element or handler attribute
    html-dom.py filter DOM SPEC           SPEC as in location.hash
                                          ("result=fail&severity=high"): the
                                          rules the script left visible are
                                          exactly those SPEC selects, as
                                          computed here from their data-*
                                          attributes, some but not all
    html-dom.py rule DOM RULE SUBJECT RESULT [TEXT]
                                          rule RULE (id suffix) is visible and
                                          lists SUBJECT with RESULT (and
                                          evidence containing TEXT)
    html-dom.py container DOM NAME RULE   the per-container view lists NAME
                                          failing RULE, linked to that rule
    html-dom.py summary DOM LABEL VALUE   the summary's row LABEL reads VALUE
    html-dom.py clicks DOM                a DOM of click-harness.html: after
                                          each click, choice or keystroke it
                                          recorded, the fragment is the one
                                          expected and the report's visible
                                          rules are exactly those it selects

Exit status 0 when the assertion holds, else 1 with "FAIL: ..." on stdout.
"""
import base64
import hashlib
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def find(self, pred):
        return [n for n in self.walk() if pred(n)]

    def cls(self):
        return self.attrs.get("class", "").split()


class Tree(HTMLParser):
    """A DOM from the page; with strict=True, every problem of structure
    (a close tag that does not match, an element left open) is recorded."""

    def __init__(self, strict):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root
        self.strict = strict
        self.errors = []
        self.raw = {}  # tag -> raw text of <style>/<script>

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.cur.tag != tag:
            self.errors.append("line %d: </%s> closes <%s>" % (self.getpos()[0], tag, self.cur.tag))
            n = self.cur
            while n and n.tag != tag:
                n = n.parent
            if not n:
                return
            self.cur = n
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)
        if self.cur.tag in ("style", "script"):
            self.raw.setdefault(self.cur.tag, []).append(data)


def parse(path, strict=False):
    with open(path, encoding="utf-8") as f:
        src = f.read()
    t = Tree(strict)
    t.feed(src)
    t.close()
    if t.cur is not t.root:
        t.errors.append("<%s> is never closed" % t.cur.tag)
    return t, src


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def rules(root):
    return root.find(lambda n: n.tag == "section" and "rule" in n.cls())


def cmd_static(path):
    t, src = parse(path, strict=True)
    if t.errors:
        fail("%s is not well formed: %s" % (path, "; ".join(t.errors[:5])))
    ids = [n.attrs["id"] for n in t.root.walk() if "id" in n.attrs]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    if dups:
        fail("duplicate ids: %s" % dups[:5])
    for tag in ("style", "script"):
        if len(t.root.find(lambda n, tag=tag: n.tag == tag)) != 1:
            fail("expected exactly one <%s>" % tag)
    metas = t.root.find(lambda n: n.tag == "meta" and
                        n.attrs.get("http-equiv", "").lower() == "content-security-policy")
    if len(metas) != 1:
        fail("expected one CSP meta element, found %d" % len(metas))
    csp = metas[0].attrs["content"]
    want = {}
    for tag in ("style", "script"):
        body = "".join(t.raw.get(tag, []))
        want[tag] = "'sha256-%s'" % base64.b64encode(
            hashlib.sha256(body.encode("utf-8")).digest()).decode()
    directives = dict((d.split()[0], d.split()[1:]) for d in csp.split(";") if d.strip())
    expect = {"default-src": ["'none'"], "style-src": [want["style"]],
              "script-src": [want["script"]], "base-uri": ["'none'"],
              "form-action": ["'none'"]}
    if directives != expect:
        fail("CSP %r, expected %r" % (directives, expect))
    if src.index("Content-Security-Policy") > src.index("<style>"):
        fail("the CSP comes after the style")
    # nothing that could make a request: no element that loads, no URL in
    # an attribute, the style or the script (host text such as an
    # "http://" in a fix text is only text)
    loaders = t.root.find(lambda n: n.tag in ("link", "iframe", "object", "embed", "img", "audio",
                                              "video", "source", "form", "base", "frame"))
    if loaders:
        fail("the page has a <%s> element" % loaders[0].tag)
    for tag in ("style", "script"):
        body = "".join(t.raw.get(tag, []))
        m = re.search(r"url\(|@import|https?:|//|fetch\(|XMLHttpRequest|\.src\b", body, re.I)
        if m:
            fail("the <%s> holds %r" % (tag, m.group(0)))
    for n in t.root.walk():
        for a, v in n.attrs.items():
            if a.startswith("on") or a in ("style", "src", "srcset", "action", "data", "poster",
                                           "background", "xlink:href"):
                fail("<%s> has a %s attribute" % (n.tag, a))
            if a == "href" and not (v or "").startswith("#"):
                fail("a link out of the page: %r" % v)
            if a != "content" and re.search(r"https?:|//|url\(", v or "", re.I) and \
                    not a.startswith("data-") and a != "title":
                fail("<%s %s=%r> holds a URL" % (n.tag, a, v))
    print("static: %d rules, CSP %s" % (len(rules(t.root)), csp))


def cmd_safe(path, title):
    t, _ = parse(path)
    html = t.root.find(lambda n: n.tag == "html")
    if not html or html[0].attrs.get("data-filters") != "ready":
        fail("the report's script did not run (no data-filters=ready on <html>)")
    titles = t.root.find(lambda n: n.tag == "title")
    if not titles or titles[0].text() != title:
        fail("document.title is %r, expected %r" % (titles[0].text() if titles else None, title))
    for tag in ("script", "img", "iframe", "object", "embed"):
        found = t.root.find(lambda n, tag=tag: n.tag == tag)
        if len(found) != (1 if tag == "script" else 0):
            fail("%d <%s> elements in the DOM" % (len(found), tag))
    for n in t.root.walk():
        for a in n.attrs:
            if a.startswith("on"):
                fail("<%s> has the handler attribute %s" % (n.tag, a))
    print("safe: title %r, the script ran, nothing injected" % title)


def selects(rule, spec):
    a = rule.attrs
    for key, val in spec.items():
        allowed = val.split(",")
        if key == "result":
            ok = a.get("data-result") in allowed or ("waived" in allowed and "data-waived" in a)
        elif key == "q":
            ok = val.lower() in a.get("data-search", "").lower()
        else:
            ok = a.get("data-" + key) in allowed
        if not ok:
            return False
    return True


def cmd_filter(path, spec_text):
    t, _ = parse(path)
    check_filter(t, spec_text)


def check_filter(t, spec_text):
    spec = {}
    for part in spec_text.split("&"):
        k, _, v = part.partition("=")
        spec[k] = v
    rs = rules(t.root)
    shown = [r for r in rs if "hidden" not in r.attrs]
    want = [r for r in rs if selects(r, spec)]
    if not want or len(want) == len(rs):
        fail("filter %s selects %d of %d rules: not a test of the filter" % (spec_text, len(want), len(rs)))
    if [r.attrs["id"] for r in shown] != [r.attrs["id"] for r in want]:
        extra = [r.attrs["id"] for r in shown if r not in want][:5]
        missing = [r.attrs["id"] for r in want if r not in shown][:5]
        fail("filter %s: shown but not selected %s, selected but hidden %s" % (spec_text, extra, missing))
    line = t.root.find(lambda n: n.attrs.get("id") == "shown")
    expect = "%d of %d rules shown" % (len(want), len(rs))
    if not line or line[0].text() != expect:
        fail("filter %s: status line %r, expected %r" % (spec_text, line[0].text() if line else None, expect))
    print("filter %s: %d of %d rules visible, as expected" % (spec_text, len(want), len(rs)))


def find_rule(root, rule_id):
    for r in rules(root):
        rid = r.find(lambda n: n.tag == "p" and "rid" in n.cls())
        if rid and rid[0].text().endswith("_rule_" + rule_id):
            return r
    fail("no rule %s in the page" % rule_id)
    return None


def cmd_rule(path, rule_id, subject, result, text=None):
    t, _ = parse(path)
    r = find_rule(t.root, rule_id)
    if "hidden" in r.attrs:
        fail("rule %s is hidden" % rule_id)
    for row in r.find(lambda n: n.tag == "tr" and n.parent.tag == "tbody"):
        cells = [c for c in row.children if isinstance(c, Node) and c.tag == "td"]
        if len(cells) == 5 and cells[1].text() == subject:
            got = cells[3].text()
            if got.split()[0] != result:
                fail("rule %s, %s: result %r, expected %s" % (rule_id, subject, got, result))
            if text is not None and text not in cells[4].text():
                fail("rule %s, %s: evidence %r lacks %r" % (rule_id, subject, cells[4].text(), text))
            print("rule %s: %s %s" % (rule_id, subject, got))
            return
    fail("rule %s lists no subject %r" % (rule_id, subject))


def cmd_container(path, name, rule_id):
    t, _ = parse(path)
    target = find_rule(t.root, rule_id).attrs["id"]
    view = t.root.find(lambda n: n.attrs.get("id") == "containers")
    if not view:
        fail("no per-container view")
    blocks = view[0].find(lambda n: n.tag == "div" and n.attrs.get("data-container") == name)
    if len(blocks) != 1:
        fail("the per-container view has %d blocks for %r" % (len(blocks), name))
    links = [a.attrs["href"] for a in blocks[0].find(lambda n: n.tag == "a")]
    if "#" + target not in links:
        fail("container %s does not link to %s (#%s): %s" % (name, rule_id, target, links))
    n = re.fullmatch(r"(\d+) failing rules?(?:, (\d+) waived)?",
                     blocks[0].find(lambda n: "n" in n.cls())[0].text())
    waived = len(blocks[0].find(lambda n: n.tag == "li" and n.find(lambda b: "b-waived" in b.cls())))
    if not n or int(n.group(1)) + int(n.group(2) or 0) != len(links) or int(n.group(2) or 0) != waived:
        fail("container %s: counts do not match its %d links (%d waived)" % (name, len(links), waived))
    print("container %s: %s failing rules, %s waived, %s among them" % (name, n.group(1), waived, rule_id))


def cmd_summary(path, label, value):
    t, _ = parse(path)
    for row in t.root.find(lambda n: n.tag == "tr"):
        th = [c for c in row.children if isinstance(c, Node) and c.tag == "th"]
        td = [c for c in row.children if isinstance(c, Node) and c.tag == "td"]
        if th and td and th[0].text() == label:
            if td[0].text() != value:
                fail("summary %s: %r, expected %r" % (label, td[0].text(), value))
            print("summary %s: %s" % (label, value))
            return
    fail("no summary row %s" % label)


def cmd_clicks(path):
    t, _ = parse(path)
    steps = t.root.find(lambda n: n.tag == "textarea" and "data-step" in n.attrs)
    done = t.root.find(lambda n: n.attrs.get("id") == "done")
    if not done or done[0].text() != "done":
        fail("the click harness did not finish: %r" % (done[0].text() if done else None))
    if len(steps) < 5:
        fail("the click harness recorded %d steps" % len(steps))
    for step in steps:
        what, expect, got = step.attrs["data-step"], step.attrs["data-expect"], step.attrs["data-hash"]
        if got != "#" + expect:
            fail("after %s the fragment is %r, expected %r" % (what, got, "#" + expect))
        dom = Tree(False)
        dom.feed(step.text())
        dom.close()
        print("after %s:" % what, end=" ")
        check_filter(dom, expect)


COMMANDS = {"clicks": cmd_clicks, "static": cmd_static, "safe": cmd_safe, "filter": cmd_filter, "rule": cmd_rule,
            "container": cmd_container, "summary": cmd_summary}

if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
