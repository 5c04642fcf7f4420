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

/* What the classification needs to know about the daemon. */
struct da_container_paths {
	const char *data_root; /* GET /info DockerRootDir; NULL when unknown */
	const char *socket;    /* the unix socket the API was reached on; may be NULL */
};

/* The host directories a bind mount must not expose: the CIS list, and
 * what a careful auditor adds. NULL-terminated; "/" matches only itself,
 * the others match themselves and everything below them. */
extern const char *const da_container_sensitive_dirs[];

/* PATH cleaned lexically as Go's filepath.Clean does ("//a/./b/../c/" ->
 * "/a/c"); a relative path stays relative. Caller frees. */
char *da_container_clean_path(const char *path);

/* The sensitive directory (an entry of da_container_sensitive_dirs, or
 * the data root) that the clean absolute PATH is or lies under, else NULL.
 * Borrowed. */
const char *da_container_sensitive(const char *path, const struct da_container_paths *paths);

/* Whether the clean absolute PATH is the Docker socket (PATHS->socket,
 * /var/run/docker.sock or /run/docker.sock) or a directory holding it. */
bool da_container_is_docker_socket(const char *path, const struct da_container_paths *paths);

/* The "mounts" fact: an array, one object per inspect Mounts entry plus
 * each HostConfig.Binds entry no Mounts entry has the destination of.
 * Members: type, source, destination, rw, mode, propagation, name (volumes),
 * host_path (bind mounts), sensitive, sensitive_dir (when sensitive),
 * docker_socket, from ("mounts" or "binds"); "error" for an entry that is
 * not what the API documents. Caller owns it. */
json_t *da_container_mounts(const json_t *inspect, const struct da_container_paths *paths);

/* The "ports" fact: an array, one object per host binding, from
 * NetworkSettings.Ports for a running container, else from
 * HostConfig.PortBindings. Members: container_port (integer), protocol,
 * host_ip, host_port (integer, or null when the daemon picks it),
 * all_interfaces, source ("network_settings" or "port_bindings"); "error"
 * for an entry that cannot be read. Caller owns it. */
json_t *da_container_ports(const json_t *inspect);

#endif
