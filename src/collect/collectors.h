/*
 * The collector descriptors, one per file in src/collect/. Listed in the
 * table in collect.c; declared here so the table and the tests see them.
 */
#ifndef DA_COLLECTORS_H
#define DA_COLLECTORS_H

#include "collect/collect.h"

extern const struct da_collector da_collector_host;       /* host.c */
extern const struct da_collector da_collector_daemon;     /* daemon.c */
extern const struct da_collector da_collector_files;      /* files.c */
extern const struct da_collector da_collector_containers; /* containers.c */
extern const struct da_collector da_collector_users;      /* users.c */
extern const struct da_collector da_collector_lsm;        /* lsm.c */
extern const struct da_collector da_collector_audit;      /* audit.c */
extern const struct da_collector da_collector_mounts;     /* mounts.c */
extern const struct da_collector da_collector_images;     /* images.c */
extern const struct da_collector da_collector_inventory;  /* inventory.c */
extern const struct da_collector da_collector_swarm;      /* swarm.c */

#endif
