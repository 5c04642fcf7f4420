"""junit-totals.py RESULTS.json JUNIT.xml: the JUnit file of a run counts
exactly what the JSON results of the same run hold: one test case per rule
and subject (one for a rule without subjects), each failure, error and skip
counted once, in the totals and in every suite. Exits 1 with the reason."""
import json
import sys
import xml.etree.ElementTree as ET

WORDS = {"fail": "failures", "error": "errors", "unknown": "errors",
         "notapplicable": "skipped", "notchecked": "skipped",
         "notselected": "skipped", "informational": "skipped"}
ELEMENT = {"failures": "failure", "errors": "error", "skipped": "skipped"}


def main(results, junit):
    res = json.load(open(results))
    root = ET.parse(junit).getroot()
    assert root.tag == "testsuites", root.tag
    want = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for rule in res["rules"]:
        for r in [i["result"] for i in rule["instances"]] or [rule["result"]]:
            want["tests"] += 1
            if r in WORDS:
                want[WORDS[r]] += 1
    got = {k: int(root.get(k)) for k in want}
    assert got == want, (got, want)
    assert len(root.findall(".//testcase")) == want["tests"]
    for k, elem in ELEMENT.items():
        assert len(root.findall(".//testcase/" + elem)) == want[k], k
    for k in want:
        assert sum(int(s.get(k)) for s in root.findall("testsuite")) == want[k], k
    for suite in root.findall("testsuite"):
        name = suite.get("name")
        assert int(suite.get("tests")) == len(suite.findall("testcase")), name
        for k, elem in ELEMENT.items():
            assert int(suite.get(k)) == len(suite.findall("testcase/" + elem)), (name, k)
    # the rules with a failing test case are the failing rules
    failing = {c.get("classname") for c in root.iter("testcase") if c.find("failure") is not None}
    assert failing == {r["id"] for r in res["rules"] if r["result"] == "fail"}, failing


if __name__ == "__main__":
    try:
        main(sys.argv[1], sys.argv[2])
    except (AssertionError, KeyError, ValueError, TypeError, ET.ParseError) as e:
        print("junit-totals: %s: %r" % (sys.argv[2], e))
        sys.exit(1)
