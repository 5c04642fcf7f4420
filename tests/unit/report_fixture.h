/*
 * Hand-built results for the reporter tests: the benchmark of
 * tests/fixtures/report/bench.xml as a struct da_benchmark (with its parsed
 * document for ARF), a small fact document and results whose subjects have
 * hostile names. Built in C so the reporters are tested without the loader
 * or the engine.
 */
#ifndef DA_REPORT_FIXTURE_H
#define DA_REPORT_FIXTURE_H

#include "engine/waivers.h"
#include "report/report.h"

/* Container names a hostile host could choose. */
#define FX_NAME_SCRIPT "<script>alert(1)</script>"
#define FX_NAME_QUOTES "a\"b&c'd"
#define FX_NAME_ESCAPE "\033[2Jevil"
#define FX_MSG_ESCAPE "line one\nline two \033]0;pwned\007 done"
#define FX_HOSTNAME "docker-01.example.org"
#define FX_START 1795593600 /* 2026-11-25T08:00:00Z */
#define FX_END 1795593607   /* 2026-11-25T08:00:07Z */
#define FX_TEST_RESULT_ID "xccdf_org.dockaudit_testresult_strict"
#define FX_RULE_ICC "xccdf_org.dockaudit.test_rule_daemon_icc"
#define FX_RULE_PRIV "xccdf_org.dockaudit.test_rule_container_privileged"
#define FX_RULE_MEM "xccdf_org.dockaudit.test_rule_container_memory"

/* Results (profile "strict"): icc fail (daemon dockerd); privileged fail
 * (FX_NAME_SCRIPT fail, FX_NAME_QUOTES pass, FX_NAME_ESCAPE error with
 * FX_MSG_ESCAPE); memory error with a rule message and no subjects. The
 * benchmark document is read from $DA_FIXTURES/report/bench.xml. Free with
 * fx_free. */
struct da_results *fx_results(void);
void fx_free(struct da_results *r);

/* A waiver justification and authority a hostile file could hold. */
#define FX_WAIVER_WHY "needs <b>\"it\"</b> & more \033[2J"
#define FX_WAIVER_WHO "Sec & Ops <team>"
#define FX_WAIVER_DAY 20782L /* 2026-11-25 */

/* Waivers parsed as from "w.json" and applied to R (from fx_results) on
 * FX_WAIVER_DAY, which also scores R again: waiver 1 (privileged,
 * "<script>*", FX_WAIVER_WHY, FX_WAIVER_WHO, until 2027-03-31) waives
 * FX_NAME_SCRIPT's failure, so the rule's result is error (the
 * FX_NAME_ESCAPE subject); waiver 2 (icc, "dockerd") expired on 2026-01-31;
 * waiver 3 (memory, "*") is unused. Free with da_waivers_free after
 * fx_free(R). */
struct da_waivers *fx_waive(struct da_results *r);

/* Render R with REP into a string (caller frees); asserts the write
 * succeeded. */
char *fx_render(const struct da_reporter *rep, const struct da_results *r,
		const struct da_report_opts *opts);

/* Occurrences of NEEDLE in HAY. */
size_t fx_count(const char *hay, const char *needle);

#endif
