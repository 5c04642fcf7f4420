/*
 * The Docker Engine API client. Speaks HTTP with libcurl over the unix
 * socket or TCP (with TLS); every request has a timeout and a size cap, so
 * a hung or hostile daemon can never hang the audit or exhaust memory.
 */
#ifndef DA_DOCKER_CLIENT_H
#define DA_DOCKER_CLIENT_H

#include <jansson.h>
#include <stddef.h>

#include "common/err.h"

#define DA_DOCKER_DEFAULT_HOST "unix:///var/run/docker.sock"
#define DA_DOCKER_DEFAULT_TIMEOUT_MS 30000L
/* Largest single API response accepted. */
#define DA_DOCKER_MAX_RESPONSE (64u << 20)

struct da_docker; /* opaque */

struct da_docker_opts {
	const char *host;      /* "unix:///path" or "tcp://host:port"; NULL: DOCKER_HOST, else default */
	const char *cert_path; /* NULL: DOCKER_CERT_PATH (see da_docker_open) */
	int tls_verify;        /* -1: from DOCKER_TLS_VERIFY; 0: no; 1: yes */
	long timeout_ms;       /* 0: DA_DOCKER_DEFAULT_TIMEOUT_MS */
	size_t max_response;   /* 0: DA_DOCKER_MAX_RESPONSE (tests set less) */
};

/* Prepare a client. Does not connect yet. 0, or -1 with ERR for a malformed
 * host URI. *OUT is freed with da_docker_close.
 * For tcp:// only, TLS is decided as the docker tools do: TLS_VERIFY (or
 * DOCKER_TLS_VERIFY, any non-empty value) verifies the daemon's certificate
 * and host name against CERT_PATH/ca.pem; DOCKER_TLS or a certificate
 * directory alone give TLS without verification. CERT_PATH defaults to
 * DOCKER_CERT_PATH, else DOCKER_CONFIG, else ~/.docker; cert.pem and key.pem
 * there are offered as the client certificate. Unusable TLS files (verification without a
 * readable ca.pem, cert.pem without key.pem or the reverse) are not an
 * error here: every request then fails with "GET PATH: TLS: ..." saying
 * which file, and connects to nothing. A failed TLS session reads
 * "GET PATH: TLS with HOST: what failed (which file): libcurl's text". */
int da_docker_open(const struct da_docker_opts *opts, struct da_docker **out, struct da_err *err);
/* The host URI in use ("unix:///var/run/docker.sock"). Borrowed. */
const char *da_docker_host(const struct da_docker *d);
/* For a unix socket, its filesystem path; NULL for TCP. Borrowed. */
const char *da_docker_socket_path(const struct da_docker *d);
/* GET /_ping (whose body is "OK", not JSON). 0 when the daemon answers
 * with a 2xx status, else -1 with ERR saying why it cannot be reached. */
int da_docker_ping(struct da_docker *d, struct da_err *err);
/* GET PATH (e.g. "/version") and parse the JSON body into *OUT (caller owns).
 * A non-2xx status, a timeout, an oversize or unparsable body is an error:
 * returns -1 and ERR says what, naming the path. */
int da_docker_get_json(struct da_docker *d, const char *path, json_t **out, struct da_err *err);
/* GET N paths concurrently (libcurl multi). OUTS[i] gets the parsed body or
 * NULL; ERRS[i] then gets a message the caller frees (else NULL). */
void da_docker_get_many(struct da_docker *d, const char *const *paths, size_t n, json_t **outs,
			char **errs);
/* NULL-safe. */
void da_docker_close(struct da_docker *d);

#endif
