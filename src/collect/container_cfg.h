/*
 * A container's mounts and published ports, from its inspect document,
 * classified so rules can ask plain questions: is a sensitive host
 * directory or the Docker socket mounted, and writable; is a port
 * published on every interface.
 */
#ifndef DA_CONTAINER_CFG_H
#define DA_CONTAINER_CFG_H

#include <jansson.h>
#include <stdbool.h>

#include "common/rootfs.h"

/* What the classification needs to know about the host and the daemon.
 * data_root, socket, root and volumes MAY be NULL. */
struct da_container_paths {
	const char *data_root;	    /* GET /info DockerRootDir; NULL when unknown */
	const char *socket;	    /* the unix socket the API was reached on */
	const struct da_root *root; /* host paths are resolved inside it; NULL: lexically */
	const json_t *volumes;	    /* volume name -> GET /volumes/NAME (da_volumes_fetch) */
};

/* The host directories a bind mount must not expose: the CIS list, and
 * what a careful auditor adds. NULL-terminated; "/" matches only itself,
 * the others match themselves and everything below them. */
extern const char *const da_container_sensitive_dirs[];

/* PATH cleaned lexically as Go's filepath.Clean does ("//a/./b/../c/" ->
 * "/a/c"); a relative path stays relative. Caller frees. */
char *da_container_clean_path(const char *path);

/* The absolute PATH as the host really has it: cleaned, and every symlink
 * resolved inside ROOT (as the kernel resolves a bind source), with the
 * part that does not exist kept as given. Lexical only when ROOT is NULL
 * or /proc/self/fd cannot name what was opened. Caller frees. */
char *da_container_resolve(const struct da_root *root, const char *path);

/* The sensitive directory (an entry of da_container_sensitive_dirs, or
 * the data root) that the clean absolute PATH is or lies under, else NULL.
 * Borrowed. */
const char *da_container_sensitive(const char *path, const struct da_container_paths *paths);

/* The sensitive directories (as above, "/" left out) strictly below the
 * clean absolute PATH: what mounting PATH exposes. An array of strings,
 * empty when none; caller owns it. */
json_t *da_container_exposed(const char *path, const struct da_container_paths *paths);

/* Whether the clean absolute PATH is the Docker socket (PATHS->socket,
 * /var/run/docker.sock or /run/docker.sock, each also as resolved inside
 * PATHS->root) or a directory holding it. */
bool da_container_is_docker_socket(const char *path, const struct da_container_paths *paths);

/* The "mounts" fact: an array, one object per inspect Mounts entry plus
 * each HostConfig.Binds entry no Mounts entry has the destination of.
 * KERNEL (MAY be NULL) is da_container_kernel_mounts of the running
 * container: a mount whose destination it holds gets its "kernel" member,
 * and the kernel's host path is the one judged. Members: type, source,
 * destination, rw, mode, propagation, name (volumes), volume_device (a
 * local volume binding a host directory), host_path (bind mounts and such
 * volumes: the real path, symlinks resolved), host_path_from ("mountinfo"
 * or "config"), sensitive, sensitive_dir (when sensitive), exposes (the
 * sensitive directories below host_path), docker_socket, kernel, from
 * ("mounts" or "binds"); "error" for an entry that is not what the API
 * documents, or a volume that could not be inspected. Caller owns it. */
json_t *da_container_mounts(const json_t *inspect, const struct da_container_paths *paths,
			    const json_t *kernel);

/* The "ports" fact: an array, one object per host binding, from
 * NetworkSettings.Ports for a running container, else from
 * HostConfig.PortBindings. Members: container_port (integer), protocol,
 * host_ip, host_port (integer, or null when the daemon picks it),
 * all_interfaces, source ("network_settings" or "port_bindings"); "error"
 * for an entry that cannot be read. Caller owns it. */
json_t *da_container_ports(const json_t *inspect);

#endif
