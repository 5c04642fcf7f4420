/*
 * systemd units as systemd itself reads them, for the files collector:
 * where a unit file is found (systemd's precedence), its drop-ins merged,
 * and ExecStart= split into argv with systemd's quoting rules. What a unit
 * declares is not what runs (that is the daemon section's process); both
 * are recorded.
 */
#ifndef DA_COLLECT_UNITS_H
#define DA_COLLECT_UNITS_H

#include <jansson.h>
#include <stddef.h>

#include "common/err.h"
#include "common/rootfs.h"

/* Largest unit file or drop-in read, and most drop-ins per unit. */
#define DA_UNIT_FILE_MAX (1u << 20)
#define DA_UNIT_DROPINS_MAX 256u

/* The directories systemd loads system units from, highest precedence
 * first; NULL-terminated. */
extern const char *const da_unit_dirs[];

/* Split an ExecStart= VALUE (not empty) as systemd does: words separated
 * by white space; '...' and "..." quote (also inside a word); C escapes
 * (\n, \t, \\, \", \', \s, \xHH, \NNN, \uXXXX, \UXXXXXXXX) and "\ " are
 * undone; the prefixes - @ : + ! of the first word are stripped; with @ the
 * first word is the program and the rest its argv, from argv[0]; a ";"
 * word separates commands and "\;" is a literal ";". Appends one argv
 * (array of strings) per command to OUT and returns 0, or returns -1 with
 * ERR ("unbalanced quotes", "unknown escape \q", ...) leaving OUT as it was.
 * Specifiers (%n) and $VARIABLES are left as written. */
int da_unit_split_exec(const char *value, json_t *out, struct da_err *err);

/* Apply the ExecStart= lines of the [Service] section of unit file TEXT
 * (LEN bytes; FILE names it in messages) to EXEC, an array of argv arrays,
 * as systemd does: an empty value clears EXEC, any other appends. Lines
 * end at '\n'; a trailing backslash continues a line; '#' and ';' start
 * comments. A line systemd refuses adds "FILE:LINE: why" to ERRORS and
 * changes nothing. */
void da_unit_apply(const char *file, const char *text, size_t len, json_t *exec,
		   json_t *errors);

/* The fact for UNIT ("docker.service") under ROOT: {"path" (the unit file
 * systemd would load, or null), "masked", "dropins" (the drop-in files in
 * the order applied), "exec_start", "errors"}, and "error" when a file could
 * not be read. Caller owns it. */
json_t *da_unit_fact(const struct da_root *root, const char *unit);

#endif
