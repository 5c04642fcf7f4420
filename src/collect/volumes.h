/*
 * The volumes containers use, from GET /volumes/NAME: a local-driver
 * volume created with type=none,o=bind,device=DIR is a bind mount of DIR
 * in disguise, and must be judged as one.
 */
#ifndef DA_VOLUMES_H
#define DA_VOLUMES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "docker/client.h"

/* Whether NAME may go into a request path: what Docker accepts for a
 * volume name ([A-Za-z0-9][A-Za-z0-9_.-]*, at most 255 bytes). */
bool da_volume_name_valid(const char *name);

/* GET /volumes/NAME, concurrently, for every volume named in the Mounts of
 * the N inspect documents INSPECTS (entries may be NULL). Returns an object
 * NAME -> the daemon's answer, or {"error": "..."} when it could not be had
 * or the name is not valid. Never NULL; caller owns it. */
json_t *da_volumes_fetch(struct da_docker *docker, json_t *const *inspects, size_t n);

/* The host directory the volume VOL (a GET /volumes/NAME answer) binds:
 * Options.device of a local-driver volume whose Options.o holds "bind" or
 * "rbind", else NULL. Borrowed from VOL. */
const char *da_volume_bind_device(const json_t *vol);

#endif
