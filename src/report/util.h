/*
 * What every reporter needs: host text made safe for its output (valid
 * UTF-8, and for terminals, XML and HTML no control or bidi characters),
 * RFC 3339 times, facts lookups and a final write-error check. Text from
 * the audited host is hostile until it has been through da_report_clean.
 */
#ifndef DA_REPORT_UTIL_H
#define DA_REPORT_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "common/err.h"

/* The terminal colours the text outputs share (only written when the
 * caller asked for colour). */
#define DA_ANSI_RESET "\033[0m"
#define DA_ANSI_BOLD "\033[1m"
#define DA_ANSI_RED "\033[31m"
#define DA_ANSI_GREEN "\033[32m"

/* Whether text for stdout gets colour: stdout is a terminal and NO_COLOR
 * is unset. */
bool da_report_stdout_color(void);

/* Flags for da_report_clean. With none, only invalid UTF-8 is repaired. */
#define DA_CLEAN_CONTROLS 1u   /* escape C0/C1 controls, DEL, bidi overrides, U+FFFE/U+FFFF */
#define DA_CLEAN_KEEP_LINES 2u /* with DA_CLEAN_CONTROLS: leave "\n" and "\t" alone */

/* A copy of S that is valid UTF-8: each byte of an invalid sequence becomes
 * the text "\xNN"; with DA_CLEAN_CONTROLS a control character becomes
 * "\xNN" (below U+0080) or "\uNNNN". NULL gives NULL; caller frees. */
char *da_report_clean(const char *s, unsigned flags);

/* S as a JSON string, cleaned of invalid UTF-8 (flags 0): the host's text
 * kept verbatim, for jansson to escape. NULL gives JSON null. */
json_t *da_report_json_str(const char *s);

/* "2026-11-25T08:00:00Z" (21 bytes with the NUL). */
#define DA_REPORT_TIME_LEN 21
void da_report_time(time_t t, char buf[DA_REPORT_TIME_LEN]);

/* The string member NAME of the facts' /host section, or NULL (borrowed). */
const char *da_report_host(const json_t *facts, const char *name);

/* The score as a finite number (0 for NaN or infinity, which no model should
 * produce but which JSON and XML cannot carry). */
double da_report_finite(double x);

/* Flush OUT: 0 if nothing written to it failed, else -1 with strerror in
 * ERR. Every reporter's write ends with this. */
int da_report_check_stream(FILE *out, struct da_err *err);

#endif
