#!/usr/bin/python3
# -*- coding: utf-8 -*-
# dockaudit.compliance.audit: run dockaudit on the managed host and return
# what it found. The audit only reads the host, so the module never reports
# a change and runs in check mode too; the findings come from the JSON
# results dockaudit writes (docs/JSON.md), not from its terminal output.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: audit
short_description: Audit a Docker host with dockaudit
description:
  - Runs C(dockaudit audit) on the managed host against its Docker daemon
    (and, with I(root), a host tree mounted elsewhere), and returns the
    score, the summary counts, every failing rule with its failing subjects,
    and the paths of the report files it wrote.
  - The audit only reads the host and the Engine API. The module never
    reports C(changed), and it runs in check mode too (see I(output_dir) for
    what check mode writes).
  - How a failing audit fails the task is chosen with I(fail_on).
  - A host whose Docker daemon does not answer fails the task with the
    endpoint and dockaudit's reason in C(msg), unless I(require_daemon) is
    false.
version_added: "0.1.0"
author:
  - dockaudit authors
requirements:
  - dockaudit on the managed host (the version of this collection or later)
options:
  binary:
    description:
      - The dockaudit program on the managed host, a name looked up in
        C(PATH) (and the sbin directories) or a path.
    type: str
    default: dockaudit
  profile:
    description:
      - The XCCDF profile to evaluate, its id or short name (C(baseline)).
        The benchmark's default selection when omitted.
    type: str
  tailoring:
    description:
      - An XCCDF 1.2 Tailoring file on the managed host whose profiles refine
        the benchmark's (dockaudit C(--tailoring)).
    type: path
  waivers:
    description:
      - A waiver file (JSON) on the managed host; waived failures do not count
        as failures (dockaudit C(--waivers)).
    type: path
  benchmark:
    description:
      - An XCCDF benchmark file on the managed host to evaluate instead of the
        installed content (dockaudit C(--benchmark)).
    type: path
  fail_on:
    description:
      - When the audit's findings fail the task.
      - C(never) never fails because of findings; the result then tells with
        C(compliant) whether any rule failed.
      - C(any) fails when any selected rule fails or cannot be evaluated
        (dockaudit exits 2).
      - C(low), C(medium), C(high) pass C(--fail-on) to dockaudit and fail
        when a rule of that severity or above fails or cannot be evaluated
        (dockaudit exits 2); a rule of unknown severity always counts.
      - Waived failures never count.
      - A task failed this way still returns the values listed under
        RETURN, and its report files are kept in I(output_dir).
    type: str
    choices: [never, any, low, medium, high]
    default: never
  docker_host:
    description:
      - The Engine API endpoint to audit (C(unix:///var/run/docker.sock),
        C(tcp://host:2376)). dockaudit uses C(DOCKER_HOST), else the default
        socket, when omitted.
    type: str
  root:
    description:
      - Read every host file under this directory instead of C(/)
        (dockaudit C(--root)), to audit a host mounted into a container or a
        snapshot tree.
    type: path
  require_daemon:
    description:
      - Fail when the Docker daemon could not be reached or did not answer
        C(GET /version), naming the endpoint and the reason. Without a
        daemon dockaudit still evaluates the host's files, and every rule
        that needs the daemon is an error.
      - When false, such an audit is returned like any other (and counts
        for I(fail_on)).
    type: bool
    default: true
  output_dir:
    description:
      - The directory on the managed host where the reports are written, as
        C(results.json), C(results.hdf.json), C(results.arf.xml) and
        C(results.html). It is created (mode 0700) when missing. Each run
        replaces the files of the previous one only once dockaudit has
        written all of them; a run that fails before that (dockaudit exits
        1, the daemon did not answer) leaves the previous reports in place.
      - When omitted, and always in check mode, the reports are written to a
        private temporary directory that is removed before the module
        returns; C(files) is then empty and nothing on the host changes.
    type: path
  formats:
    description:
      - The reports to write. The JSON results are always written (they are
        what the module reads), whether or not C(json) is listed.
      - C(hdf) needs a dockaudit with C(--hdf) (Heimdall Data Format, the
        JSON that C(inspec exec --reporter json) writes).
    type: list
    elements: str
    choices: [json, hdf, arf, html]
    default: [json, hdf, arf, html]
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The audit runs in check mode as well; its reports then go to a
      temporary directory that is removed.
  diff_mode:
    support: none
  platform:
    platforms: posix
notes:
  - The audit completed when dockaudit exited 0 or 2, its JSON results
    were read and, with I(require_daemon), the Docker daemon answered. A
    task that fails before that returns C(msg) and, once dockaudit ran,
    C(cmd), C(dockaudit_rc), C(stdout), C(stderr), C(files) (empty) and,
    when its results could be read, C(daemon), C(hostname), C(start_time)
    and C(end_time).
  - dockaudit exits 0 when every selected rule passes, 2 when some rule
    fails or cannot be evaluated, 1 when the tool itself failed. An exit
    code of 1 always fails the task, with dockaudit's messages in C(msg).
  - dockaudit needs root to read the host's files and the Docker socket;
    use C(become) on hosts where the connection user is not root.
  - The manual page dockaudit(8), installed with dockaudit, describes the
    audit, its options and its exit codes.
"""

EXAMPLES = r"""
- name: Audit the local Docker daemon with the baseline profile
  dockaudit.compliance.audit:
    profile: baseline
    output_dir: /var/lib/dockaudit/reports
  register: audit

- name: Show the score
  ansible.builtin.debug:
    msg: "{{ inventory_hostname }} scores {{ audit.score }}; {{ audit.summary.fail }} rules fail"

- name: Fail the play when a high-severity rule fails, keeping the reports
  dockaudit.compliance.audit:
    fail_on: high
    waivers: /etc/dockaudit/waivers.json
    output_dir: /var/lib/dockaudit/reports
    formats: [json, html]

- name: Audit a daemon on TCP and a host tree mounted at /host
  dockaudit.compliance.audit:
    docker_host: tcp://10.0.0.5:2376
    root: /host
    formats: [json]
  environment:
    DOCKER_CERT_PATH: /etc/dockaudit/tls
    DOCKER_TLS_VERIFY: "1"

- name: Just look (nothing is written; works in check mode as well)
  dockaudit.compliance.audit:
  check_mode: true
  register: look
"""

RETURN = r"""
compliant:
  description: Whether every selected rule passed (dockaudit exited 0),
    under I(fail_on)'s severity when one is given.
  returned: when the audit completed (see the notes)
  type: bool
  sample: false
score:
  description: The score under the XCCDF default model, 0 to 100.
  returned: when the audit completed (see the notes)
  type: float
  sample: 72.5
scores:
  description: One entry per XCCDF scoring model, each with C(score) and
    C(max).
  returned: when the audit completed (see the notes)
  type: dict
  sample: {"default": {"score": 72.5, "max": 100}, "flat": {"score": 29, "max": 40}}
summary:
  description: How many rules had each result (XCCDF result words), after
    waivers, and C(total).
  returned: when the audit completed (see the notes)
  type: dict
  sample: {"pass": 29, "fail": 9, "error": 1, "unknown": 0, "notapplicable": 2,
           "notchecked": 1, "notselected": 3, "informational": 0, "fixed": 0,
           "total": 45}
failed_rules:
  description: Every rule whose result is C(fail), in benchmark order.
  returned: when the audit completed (see the notes)
  type: list
  elements: dict
  contains:
    id:
      description: The XCCDF rule id.
      type: str
      sample: xccdf_org.dockaudit_rule_container_added_capabilities
    cis:
      description: The CIS Docker Benchmark recommendation number, or null.
      type: str
      sample: "5.4"
    title:
      description: The rule's title.
      type: str
    severity:
      description: C(unknown), C(info), C(low), C(medium) or C(high).
      type: str
      sample: high
    message:
      description: A message about the rule as a whole, or null.
      type: str
    subjects:
      description: The subjects that fail the rule.
      type: list
      elements: dict
      contains:
        kind:
          description: C(container), C(image), C(file), C(daemon) or C(host).
          type: str
        name:
          description: The container's name, the file's path, C(dockerd)...
          type: str
        id:
          description: The container or image id, or null.
          type: str
        message:
          description: What is wrong, in words.
          type: str
          sample: "c-caps adds CAP_SYS_ADMIN"
error_rules:
  description: Every rule whose result is C(error) or C(unknown) (it could
    not be evaluated), with the same members as C(failed_rules); its
    subjects are those in error.
  returned: when the audit completed (see the notes)
  type: list
  elements: dict
fail_on_met:
  description: Whether the findings met I(fail_on), which then failed the
    task (always false with C(never)). A task that failed for another
    reason (dockaudit missing or failing, the daemon down) does not return
    it.
  returned: when the audit completed (see the notes)
  type: bool
  sample: false
files:
  description: The report files written in I(output_dir), by format
    (C(json), C(hdf), C(arf), C(html)). Empty without I(output_dir), in
    check mode, and when the audit failed before its reports were kept.
  returned: always
  type: dict
  sample: {"json": "/var/lib/dockaudit/reports/results.json",
           "hdf": "/var/lib/dockaudit/reports/results.hdf.json",
           "arf": "/var/lib/dockaudit/reports/results.arf.xml",
           "html": "/var/lib/dockaudit/reports/results.html"}
dockaudit_rc:
  description: dockaudit's exit code, 0 when every rule passed, 2 when some
    rule failed or could not be evaluated, 1 when dockaudit itself failed.
  returned: when dockaudit ran
  type: int
  sample: 2
cmd:
  description: The command that was run, one argument per item.
  returned: when dockaudit ran
  type: list
  elements: str
stdout:
  description: dockaudit's one-line summary (host, score, counts).
  returned: when dockaudit ran
  type: str
stderr:
  description: dockaudit's messages and warnings.
  returned: when dockaudit ran
  type: str
hostname:
  description: The audited host's name as dockaudit collected it.
  returned: when dockaudit ran and its results were read
  type: str
daemon:
  description: The Engine API audited, C(host), C(version), C(api_version)
    and C(error) (why it could not be reached, or null).
  returned: when dockaudit ran and its results were read
  type: dict
profile:
  description: The XCCDF id of the profile evaluated, or null.
  returned: when the audit completed (see the notes)
  type: str
benchmark:
  description: The benchmark evaluated, C(id), C(title) and C(version).
  returned: when the audit completed (see the notes)
  type: dict
start_time:
  description: When the evaluation started, RFC 3339 in UTC.
  returned: when dockaudit ran and its results were read
  type: str
  sample: "2026-11-25T08:00:00Z"
end_time:
  description: When the evaluation ended, RFC 3339 in UTC.
  returned: when dockaudit ran and its results were read
  type: str
waivers:
  description: The waiver file's use (C(file), C(count), C(waived_instances),
    C(waived_rules)), with the number of expired and unused waivers, or null
    without I(waivers).
  returned: when the audit completed (see the notes)
  type: dict
"""

import json
import os
import shutil
import tempfile

from ansible.module_utils.basic import AnsibleModule

# format -> (dockaudit option, file name in output_dir)
FORMATS = {
    "json": ("--json", "results.json"),
    "hdf": ("--hdf", "results.hdf.json"),
    "arf": ("--arf", "results.arf.xml"),
    "html": ("--html", "results.html"),
}
FORMAT_ORDER = ("json", "hdf", "arf", "html")
SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3}
FAILING = ("fail", "error", "unknown")


def find_binary(module, binary):
    """The absolute path of the dockaudit program, or fail_json."""
    if "/" in binary:
        if os.path.isfile(binary) and os.access(binary, os.X_OK):
            return binary
        module.fail_json(msg="dockaudit binary %s does not exist or is not executable; "
                             "install dockaudit or set binary" % binary, files={})
    path = module.get_bin_path(binary, opt_dirs=["/usr/local/sbin", "/usr/sbin", "/sbin"])
    if path is None:
        module.fail_json(msg="dockaudit binary '%s' was not found in PATH (%s); install dockaudit "
                             "or set binary to its path" % (binary, os.environ.get("PATH", "")),
                         files={})
    return path


def build_command(params, binary, workdir, formats):
    cmd = [binary, "audit"]
    for fmt in formats:
        cmd += [FORMATS[fmt][0], os.path.join(workdir, FORMATS[fmt][1])]
    for opt, key in (("--profile", "profile"), ("--tailoring", "tailoring"),
                     ("--waivers", "waivers"), ("--benchmark", "benchmark"),
                     ("--docker-host", "docker_host"), ("--root", "root")):
        if params[key] is not None:
            cmd += [opt, params[key]]
    if params["fail_on"] in SEVERITY_RANK:
        cmd += ["--fail-on", params["fail_on"]]
    cmd.append("-q")
    return cmd


def subject_list(instances, results):
    out = []
    for inst in instances or []:
        if inst.get("result") not in results:
            continue
        subj = inst.get("subject") or {}
        out.append({"kind": subj.get("kind"), "name": subj.get("name"), "id": subj.get("id"),
                    "result": inst.get("result"),
                    "message": inst.get("message") or inst.get("evidence")})
    return out


def rule_list(rules, results):
    out = []
    for rule in rules:
        if rule.get("result") not in results:
            continue
        out.append({"id": rule.get("id"), "cis": rule.get("cis"), "title": rule.get("title"),
                    "severity": rule.get("severity"), "result": rule.get("result"),
                    "message": rule.get("message"),
                    "subjects": subject_list(rule.get("instances"), results)})
    return out


def read_results(path):
    """The JSON results document at path, or (None, reason)."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        return None, "cannot read dockaudit's results %s: %s" % (path, e)
    if not isinstance(doc, dict) or doc.get("format") != "dockaudit-results":
        return None, "%s is not a dockaudit results document" % path
    if doc.get("format_version") != 1:
        return None, "%s has format_version %r; this module reads version 1" % (
            path, doc.get("format_version"))
    if not isinstance(doc.get("rules"), list) or not isinstance(doc.get("summary"), dict):
        return None, "%s lacks rules or summary" % path
    return doc, None


def results_values(doc):
    waivers = doc.get("waivers")
    if isinstance(waivers, dict):
        waivers = dict(waivers)
        waivers["expired"] = len(doc.get("expired_waivers") or [])
        waivers["unused"] = len(doc.get("unused_waivers") or [])
    return {
        "score": doc.get("score"),
        "scores": doc.get("scores"),
        "summary": doc.get("summary"),
        "failed_rules": rule_list(doc["rules"], ("fail",)),
        "error_rules": rule_list(doc["rules"], ("error", "unknown")),
        "hostname": (doc.get("host") or {}).get("hostname"),
        "daemon": doc.get("daemon"),
        "profile": doc.get("profile"),
        "benchmark": doc.get("benchmark"),
        "start_time": doc.get("start_time"),
        "end_time": doc.get("end_time"),
        "waivers": waivers,
    }


def counts_for(fail_on, rule):
    """Whether a failing or errored rule counts for fail_on (as dockaudit
    counts it: a rule of unknown severity always does)."""
    if fail_on == "any":
        return True
    rank = SEVERITY_RANK.get(rule.get("severity"))
    return rank is None or rank >= SEVERITY_RANK[fail_on]


def fail_on_message(fail_on, values):
    rules = [r for r in values["failed_rules"] + values["error_rules"] if counts_for(fail_on, r)]
    named = ", ".join("%s (%s%s)" % (r["id"].replace("xccdf_org.dockaudit_rule_", ""),
                                     "CIS %s, " % r["cis"] if r.get("cis") else "",
                                     r.get("severity"))
                      for r in rules[:10])
    more = " and %d more" % (len(rules) - 10) if len(rules) > 10 else ""
    what = "any severity" if fail_on == "any" else "severity %s or above" % fail_on
    return "dockaudit: %d rule(s) of %s fail or could not be evaluated (score %s): %s%s" % (
        len(rules), what, round(values["score"] or 0, 2), named, more)


def keep_reports(module, workdir, output_dir, formats):
    """Move the reports from workdir into output_dir (each with one rename,
    so a reader never sees half a file) and return their paths."""
    files = {}
    for fmt in formats:
        name = FORMATS[fmt][1]
        src = os.path.join(workdir, name)
        if not os.path.exists(src):
            continue
        dst = os.path.join(output_dir, name)
        try:
            os.replace(src, dst)
        except OSError as e:
            module.fail_json(msg="cannot keep the report %s in %s: %s" % (name, output_dir, e),
                             files=files)
        files[fmt] = dst
    return files


def make_workdir(module, output_dir):
    """A private directory for this run: inside output_dir (so the final
    renames stay on one file system) or, without one, a temporary one."""
    parent = None
    if output_dir is not None:
        try:
            os.makedirs(output_dir, mode=0o700, exist_ok=True)
        except OSError as e:
            module.fail_json(msg="cannot create output_dir %s: %s" % (output_dir, e), files={})
        parent = output_dir
    try:
        return tempfile.mkdtemp(prefix=".dockaudit-run.", dir=parent)
    except OSError as e:
        module.fail_json(msg="cannot create a directory for the reports in %s: %s"
                             % (parent or tempfile.gettempdir(), e), files={})
    return None


def run_audit(module, binary, workdir, formats):
    p = module.params
    cmd = build_command(p, binary, workdir, formats)
    rc, out, err = module.run_command(cmd, check_rc=False)
    ret = {"changed": False, "cmd": cmd, "dockaudit_rc": rc, "stdout": out.strip(),
           "stderr": err.strip(), "files": {}}
    if rc not in (0, 2):
        msg = "dockaudit failed (exit code %d): %s" % (rc, err.strip() or out.strip())
        if "hdf" in formats and "--hdf" in err:
            msg += " (this dockaudit does not write HDF: remove hdf from formats, or upgrade it)"
        return ret, msg
    doc, why = read_results(os.path.join(workdir, FORMATS["json"][1]))
    if doc is None:
        return ret, "dockaudit exited %d but its results cannot be read: %s" % (rc, why)
    values = results_values(doc)
    daemon = values["daemon"] or {}
    if p["require_daemon"] and daemon.get("error"):
        # Every rule that needs the daemon is an error: only say why.
        for key in ("daemon", "hostname", "start_time", "end_time"):
            ret[key] = values[key]
        return ret, "cannot audit: the Docker daemon at %s did not answer: %s" % (
            daemon.get("host") or p["docker_host"] or "the default endpoint", daemon["error"])
    ret.update(values)
    ret["compliant"] = rc == 0
    return ret, None


def main():
    module = AnsibleModule(
        argument_spec={
            "binary": {"type": "str", "default": "dockaudit"},
            "profile": {"type": "str"},
            "tailoring": {"type": "path"},
            "waivers": {"type": "path"},
            "benchmark": {"type": "path"},
            "fail_on": {"type": "str", "default": "never",
                        "choices": ["never", "any", "low", "medium", "high"]},
            "docker_host": {"type": "str"},
            "root": {"type": "path"},
            "require_daemon": {"type": "bool", "default": True},
            "output_dir": {"type": "path"},
            "formats": {"type": "list", "elements": "str",
                        "default": ["json", "hdf", "arf", "html"],
                        "choices": ["json", "hdf", "arf", "html"]},
        },
        supports_check_mode=True,
    )
    p = module.params
    binary = find_binary(module, p["binary"])
    formats = [f for f in FORMAT_ORDER if f == "json" or f in p["formats"]]
    output_dir = None if module.check_mode else p["output_dir"]
    workdir = make_workdir(module, output_dir)
    try:
        ret, msg = run_audit(module, binary, workdir, formats)
        if msg is None and output_dir is not None:
            ret["files"] = keep_reports(module, workdir, output_dir, formats)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if msg is None and "compliant" in ret:
        ret["fail_on_met"] = p["fail_on"] != "never" and not ret["compliant"]
        if ret["fail_on_met"]:
            msg = fail_on_message(p["fail_on"], ret)
    if msg is not None:
        module.fail_json(msg=msg, **ret)
    module.exit_json(**ret)


if __name__ == "__main__":
    main()
