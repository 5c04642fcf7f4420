/*
 * The namespaces of each container, joins resolved: see container_ns.c.
 */
#ifndef DA_CONTAINER_NS_H
#define DA_CONTAINER_NS_H

#include <jansson.h>
#include <stddef.h>

#include "common/rootfs.h"

/* "host", "container" (a join), "none" or "private": the kind of a
 * HostConfig namespace MODE ("", "host", "container:X", "shareable"...)
 * of namespace KIND ("net", "pid"...). */
const char *da_container_ns_base(const char *kind, const char *mode);

/* The index in ITEMS (container facts with "id" and "name") of the one REF
 * names: a full id, a name (with or without its leading '/'), or a unique
 * id prefix. -1 when none or several match. */
int da_container_ns_find(const json_t *const *items, size_t n, const char *ref);

/* Set "namespaces" on each of the N container facts in ITEMS that has an
 * inspect document: {net, pid, ipc, uts, user, cgroup}, each {config,
 * mode, joins, host, source, inode...}. FACTS is the document so far (the
 * daemon's pid and info are read from it). */
void da_container_namespaces(const struct da_root *root, const json_t *facts, json_t *const *items,
			     size_t n);

#endif
