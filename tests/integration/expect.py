#!/usr/bin/env python3
"""Assertions on dockaudit's outputs for the shell tests.

  expect.py RESULTS.json RULE SUBJECT RESULT [--message-contains TEXT] [--message-is TEXT]
      RULE is a rule's full XCCDF id or the part after "_rule_"; SUBJECT is
      an instance's subject name, or "-" for the rule's rolled-up result.
      --message-contains: TEXT is in the message or the raw evidence;
      --message-is: the (instance's) message is exactly TEXT.
  expect.py --fact FACTS.json POINTER [VALUE] [--string] [--contains TEXT]
      the RFC 6901 POINTER exists in the fact document; VALUE (read as JSON
      when it parses, else as a string; always a string with --string) is
      its exact value; TEXT a substring of its (string) value.
  expect.py --fact-absent FACTS.json POINTER
  expect.py --same-results A.json B.json
      both result documents hold the same rules, results and instances.

Exit code: 0 when the assertion holds, 1 (with one line saying what was
expected and what was found) when it does not, 2 for a usage or input error.
"""
import json
import sys

MISSING = object()


class UsageError(Exception):
    pass


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise UsageError("%s: %s" % (path, e.strerror))
    except ValueError as e:
        raise UsageError("%s: not JSON: %s" % (path, e))


def pointer_get(doc, pointer):
    """The value at an RFC 6901 pointer, or MISSING."""
    if pointer == "":
        return doc
    if not pointer.startswith("/"):
        raise UsageError("JSON pointer '%s' does not start with /" % pointer)
    cur = doc
    for tok in pointer[1:].split("/"):
        tok = tok.replace("~1", "/").replace("~0", "~")
        if isinstance(cur, dict):
            if tok not in cur:
                return MISSING
            cur = cur[tok]
        elif isinstance(cur, list):
            if not tok.isdigit() or int(tok) >= len(cur):
                return MISSING
            cur = cur[int(tok)]
        else:
            return MISSING
    return cur


def same_json(a, b):
    """Equality that tells true from 1 and 1.0 from 1."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return a == b


def show(v):
    return "(absent)" if v is MISSING else json.dumps(v)


def find_rule(results, want):
    rules = results.get("rules") if isinstance(results, dict) else None
    if not isinstance(rules, list):
        raise UsageError("no rules[] array in the results")
    for r in rules:
        rid = r.get("id") or ""
        if rid == want or rid.partition("_rule_")[2] == want:
            return r
    raise UsageError("no rule '%s' in the results (rules: %s)"
                     % (want, " ".join(r.get("id", "?") for r in rules)))


def check_rule(path, rule_id, subject, expected, contains, exact=None):
    rule = find_rule(load(path), rule_id)
    where = "%s %s" % (rule_id, subject)
    if subject == "-":
        got, message = rule.get("result"), rule.get("message")
        texts = [message] + [t for i in rule.get("instances", [])
                             for t in (i.get("message"), i.get("evidence"))]
    else:
        found = [i for i in rule.get("instances", [])
                 if (i.get("subject") or {}).get("name") == subject]
        if len(found) != 1:
            names = [(i.get("subject") or {}).get("name") for i in rule.get("instances", [])]
            print("FAIL: %s: %d instances for subject '%s' (subjects: %s)"
                  % (where, len(found), subject, ", ".join(map(str, names))))
            return 1
        got, message = found[0].get("result"), found[0].get("message")
        texts = [message, found[0].get("evidence")]
    if got != expected:
        print("FAIL: %s: expected %s, got %s (message: %s)" % (where, expected, got, message))
        return 1
    if contains is not None and not any(t and contains in t for t in texts):
        print("FAIL: %s: %s as expected, but the message lacks '%s' (message: %s)"
              % (where, got, contains, message))
        return 1
    if exact is not None and message != exact:
        print("FAIL: %s: %s as expected, but the message is not '%s' (message: %s)"
              % (where, got, exact, message))
        return 1
    return 0


def parse_value(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def check_fact(path, pointer, value, contains):
    got = pointer_get(load(path), pointer)
    where = "%s %s" % (path, pointer)
    if got is MISSING:
        print("FAIL: %s: absent, expected %s" % (where, "a value" if value is None else show(value)))
        return 1
    if value is not None and not same_json(got, value):
        print("FAIL: %s: expected %s, got %s" % (where, show(value), show(got)))
        return 1
    if contains is not None and not (isinstance(got, str) and contains in got):
        print("FAIL: %s: expected a string containing '%s', got %s" % (where, contains, show(got)))
        return 1
    return 0


def check_fact_absent(path, pointer):
    got = pointer_get(load(path), pointer)
    if got is not MISSING:
        print("FAIL: %s %s: expected absent, got %s" % (path, pointer, show(got)))
        return 1
    return 0


def summary(results):
    out = {}
    for r in results.get("rules", []):
        inst = sorted((json.dumps(i.get("subject"), sort_keys=True), i.get("result"),
                       i.get("message")) for i in r.get("instances", []))
        out[r.get("id")] = (r.get("result"), r.get("message"), inst)
    return out


def check_same(path_a, path_b):
    a, b = summary(load(path_a)), summary(load(path_b))
    bad = 0
    for rid in sorted(set(a) | set(b)):
        ra, rb = a.get(rid), b.get(rid)
        if ra != rb:
            print("FAIL: rule %s differs:\n  %s: %s\n  %s: %s" % (rid, path_a, ra, path_b, rb))
            bad = 1
    if not a:
        print("FAIL: %s holds no rules" % path_a)
        bad = 1
    return bad


def take_option(args, name):
    """Remove `name VALUE` from args; the VALUE or None."""
    if name not in args:
        return None
    i = args.index(name)
    if i + 1 >= len(args):
        raise UsageError("%s needs a value" % name)
    value = args[i + 1]
    del args[i:i + 2]
    return value


def main(argv):
    args = list(argv)
    if args and args[0] == "--fact":
        contains = take_option(args, "--contains")
        literal = "--string" in args
        if literal:
            args.remove("--string")
        if len(args) not in (3, 4):
            raise UsageError("usage: expect.py --fact FACTS POINTER [VALUE] [--string] [--contains TEXT]")
        value = None
        if len(args) == 4:
            value = args[3] if literal else parse_value(args[3])
        return check_fact(args[1], args[2], value, contains)
    if args and args[0] == "--fact-absent":
        if len(args) != 3:
            raise UsageError("usage: expect.py --fact-absent FACTS POINTER")
        return check_fact_absent(args[1], args[2])
    if args and args[0] == "--same-results":
        if len(args) != 3:
            raise UsageError("usage: expect.py --same-results A.json B.json")
        return check_same(args[1], args[2])
    contains = take_option(args, "--message-contains")
    exact = take_option(args, "--message-is")
    if len(args) != 4:
        raise UsageError("usage: expect.py RESULTS RULE SUBJECT RESULT [--message-contains TEXT] [--message-is TEXT]")
    return check_rule(args[0], args[1], args[2], args[3], contains, exact)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except UsageError as e:
        print("expect.py: %s" % e)
        sys.exit(2)
