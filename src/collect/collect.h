/*
 * The collect stage. Each collector is a const descriptor in one table and
 * adds one top-level section to the fact document. Collectors never judge:
 * they record what they saw, and what they could not see as an "error"
 * member of their section; the audit goes on either way.
 */
#ifndef DA_COLLECT_H
#define DA_COLLECT_H

#include <jansson.h>
#include <stdbool.h>

#include "common/err.h"
#include "common/rootfs.h"
#include "docker/client.h"

struct da_collect_ctx {
	const struct da_root *root; /* all host file access goes through this */
	struct da_docker *docker;   /* the Engine API client; never NULL */
	json_t *facts;              /* the document being built (borrowed) */
};

struct da_collector {
	/* MUST: the facts section this collector owns, e.g. "daemon". */
	const char *name;
	/* MUST: one line for `dockaudit collect --help` and the docs. */
	const char *summary;
	/* MUST: add facts[name] (an object) to ctx->facts. Never fails: what it
	 * cannot read goes into the section's "error" member or into the
	 * error member of the item concerned. May read sections of collectors
	 * earlier in the table. */
	void (*collect)(struct da_collect_ctx *ctx, json_t *section);
};

/* The collectors, in the order they run, NULL-terminated. */
extern const struct da_collector *const da_collectors[];

struct da_collect_opts {
	const char *root_dir;              /* "/" unless --root */
	struct da_docker_opts docker;      /* how to reach the daemon */
};

/* Run every collector. *FACTS gets a new document (caller owns). Returns -1
 * only when the audit cannot start at all (the root cannot be opened, the
 * Docker host URI is malformed), with ERR saying why. */
int da_collect_all(const struct da_collect_opts *opts, json_t **facts, struct da_err *err);

#endif
