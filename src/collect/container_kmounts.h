/*
 * What the kernel mounted in a running container: its main process's
 * mountinfo, each mount mapped to the host path it shows through the
 * host's mount table (same device, the host mount whose root holds the
 * container mount's root). Symlinks, volume options and anything the
 * inspect data leaves out cannot hide a host directory from this view.
 */
#ifndef DA_CONTAINER_KMOUNTS_H
#define DA_CONTAINER_KMOUNTS_H

#include <jansson.h>

#include "common/rootfs.h"

/* The host's mount table, read once for all containers. */
struct da_host_mounts;

/* Read the host's table as dockerd sees it: ROOT/proc/DOCKERD/mountinfo
 * (DOCKERD_PID from the daemon facts; <= 0: unknown), else
 * ROOT/proc/1/mountinfo, else ROOT/proc/self/mountinfo. Never NULL: a table
 * that cannot be read is remembered and reported by every mapping. */
struct da_host_mounts *da_host_mounts_read(const struct da_root *root, long long dockerd_pid);
/* The host's table from the mountinfo TEXT (modified in place); lines
 * that do not parse are skipped. Never NULL. */
struct da_host_mounts *da_host_mounts_parse(char *text);
/* NULL-safe. */
void da_host_mounts_free(struct da_host_mounts *h);

/* The "items" object of da_container_kernel_mounts from a container's
 * mountinfo TEXT (modified in place): the mounts on the points WANTED
 * (an object whose keys are clean destinations), mapped through HOST.
 * Caller owns it. */
json_t *da_container_kernel_map(char *text, const json_t *wanted,
				const struct da_host_mounts *host);

/* The kernel's view of the mounts of the running container INSPECT (at
 * State.Pid) whose destinations its Mounts name: {"mountinfo": FILE,
 * "items": {DESTINATION: {device, root, fs_type, options (array),
 * read_only, nosuid, nodev, noexec, propagation (array of the optional
 * fields), host_path (when the host table shows it)}}}, or {"error": ...}
 * when the container's table cannot be read. NULL for a container that
 * is not running. Caller owns it. */
json_t *da_container_kernel_mounts(const struct da_root *root, const json_t *inspect,
				   const struct da_host_mounts *host);

#endif
