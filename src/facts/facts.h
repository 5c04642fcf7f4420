/*
 * The fact document: everything the collectors saw, as one JSON object with
 * a schema name and version. It is the only thing that passes from the
 * collect stage to the evaluate stage, so it can be saved and evaluated
 * elsewhere (dockaudit collect / dockaudit eval).
 */
#ifndef DA_FACTS_H
#define DA_FACTS_H

#include <jansson.h>
#include <stdarg.h>

#include "common/err.h"

#define DA_FACTS_SCHEMA "dockaudit-facts"
#define DA_FACTS_SCHEMA_VERSION 1
/* Largest fact file `eval` accepts. */
#define DA_FACTS_MAX_BYTES (512u << 20)

/* A new document with schema, schema_version, tool and collected_at set.
 * Caller owns the reference. */
json_t *da_facts_new(const char *root_dir);
/* Load and check a saved document: JSON, an object, our schema name and a
 * version this build understands. "-" reads stdin. On error returns -1 and
 * ERR says "FILE:LINE:COL: what" or "FILE: what". *OUT is caller-owned. */
int da_facts_load(const char *path, json_t **out, struct da_err *err);
/* Write the document, indented, to PATH ("-" is stdout). 0 or -1 with ERR. */
int da_facts_save(const json_t *facts, const char *path, struct da_err *err);
/* Record that collecting SECTION (an object) failed: sets its "error" member
 * to the formatted message, keeping the first error if one is already there. */
void da_facts_set_error(json_t *section, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON string of S, bytes read from the host: bytes that are not valid
 * UTF-8 are written as "\\xNN" instead of making jansson refuse the string.
 * Never NULL; caller owns. */
json_t *da_facts_string(const char *s);
/* Borrowed lookup of an RFC 6901 JSON pointer ("/a/b/0") below NODE.
 * Returns NULL when any step is missing. */
json_t *da_facts_get(const json_t *node, const char *pointer);

#endif
