/*
 * Exec sessions of containers: each container's inspect lists the ids of
 * the exec sessions the daemon still keeps (ExecIDs); GET /exec/ID/json
 * tells whether each runs, privileged, and as which user. Called by the
 * containers collector once its items are built.
 */
#ifndef DA_EXECS_H
#define DA_EXECS_H

#include "collect/collect.h"

#include <jansson.h>

/* Exec sessions listed per container; the rest are only counted. */
#define DA_EXECS_MAX 64u

/* Add an "execs" member to every container item of ITEMS (the array of
 * /containers/items, each with its "inspect" and "user"): {"count",
 * "truncated", "items": [...]} or {"error"}. All the inspections of all
 * containers run concurrently. Layout: dockaudit-facts(5). */
void da_execs_collect(struct da_collect_ctx *ctx, json_t *items);

/* Whether ID may go into a request path: 1 to 128 letters and digits. */
bool da_execs_safe_id(const char *id);

/* The uid USER ("NAME|UID[:GROUP]", not empty) names, looked up in
 * PASSWD (the text of an /etc/passwd, may be NULL) when it is a name.
 * 0, or -ENOENT when the name is not there (or PASSWD is NULL). */
int da_execs_user_uid(const char *user, const char *passwd, long *uid);

#endif
