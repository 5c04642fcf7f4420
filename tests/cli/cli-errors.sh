#!/bin/sh
# The command line's own failures: every one exits 1 with a message that
# names what is wrong (and the file, where there is one).
. "$top_srcdir/tests/cli/lib.sh"

da_run
expect_rc 1 "no command"
expect_err "Usage: dockaudit COMMAND" "no command"

da_run --version
expect_rc 0 "--version"
expect_out "dockaudit 0.1.0" "--version"

da_run frobnicate
expect_rc 1 "unknown command"
expect_err "unknown command 'frobnicate'" "unknown command"

for cmd in audit collect eval rules; do
	da_run "$cmd" --help
	expect_rc 0 "$cmd --help"
	expect_out "Usage: dockaudit $cmd" "$cmd --help"
	da_run "$cmd" --no-such-option
	expect_rc 1 "$cmd --no-such-option"
	expect_err "unknown option '--no-such-option'" "$cmd --no-such-option"
done

da_run eval
expect_rc 1 "eval without facts"
expect_err "expected one FACTS file" "eval without facts"

da_run eval "$DA_TMP/absent.json"
expect_rc 1 "eval of a missing file"
expect_err "$DA_TMP/absent.json" "eval of a missing file"

printf '{"schema": "dockaudit-facts",\n  "schema_version": 1,\n  oops\n}\n' >"$DA_TMP/broken.json"
da_run eval "$DA_TMP/broken.json"
expect_rc 1 "eval of malformed JSON"
expect_err "$DA_TMP/broken.json:3:" "eval of malformed JSON names file and line"

printf '{"schema": "something-else", "schema_version": 1}\n' >"$DA_TMP/other.json"
da_run eval "$DA_TMP/other.json"
expect_rc 1 "eval of another schema"
expect_err "$DA_TMP/other.json" "eval of another schema"

printf '{"schema": "dockaudit-facts", "schema_version": 999}\n' >"$DA_TMP/future.json"
da_run eval "$DA_TMP/future.json"
expect_rc 1 "eval of an unknown schema version"
expect_err "$DA_TMP/future.json" "eval of an unknown schema version"

da_run eval --profile no-such-profile "$FACTS/mixed-containers.json"
expect_rc 1 "unknown profile"
expect_err "no profile 'no-such-profile'" "unknown profile"

printf '<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="x">\n<title>t</oops>\n' >"$DA_TMP/bad.xml"
da_run eval --benchmark "$DA_TMP/bad.xml" "$FACTS/mixed-containers.json"
expect_rc 1 "malformed benchmark"
expect_err "$DA_TMP/bad.xml:2" "malformed benchmark names file and line"

da_run rules --benchmark "$DA_TMP/absent.xml"
expect_rc 1 "missing benchmark"
expect_err "$DA_TMP/absent.xml" "missing benchmark"

da_run eval --json "$DA_TMP/no/such/dir/out.json" "$FACTS/mixed-containers.json"
expect_rc 1 "unwritable output"
expect_err "$DA_TMP/no/such/dir/out.json" "unwritable output"

da_run collect --root "$DA_TMP/absent-root"
expect_rc 1 "collect with a missing root"
expect_err "$DA_TMP/absent-root" "collect with a missing root"

da_run audit --docker-host "ftp://example"
expect_rc 1 "malformed Docker host"
expect_err "ftp://example" "malformed Docker host"

# Each subcommand's --help states its own exit codes.
da_run diff --help
expect_rc 0 "diff --help"
expect_out "Exit status: 0 nothing got worse, 2 a new failure or error or a lower score," "diff --help"
da_run report --help
expect_out "Exit status: 0 every output was written, 1 the tool itself failed" "report --help"
grep -q "2 some rule fails" "$DA_TMP/out" && da_fail "report --help claims exit 2"
da_run audit --help
expect_out "Exit status: 0 all selected rules pass, 2 some rule fails or errors," "audit --help"

da_done
