/*
 * The swarm collector's parsers, reachable by its unit test: the listen
 * address of a swarm node and the validity dates of its root CA
 * certificate (PEM, X.509 DER read just far enough for the dates).
 */
#ifndef DA_SWARM_H
#define DA_SWARM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The host part of ADDR ("HOST:PORT", "[V6]:PORT", "HOST" or an interface
 * name), without brackets. Caller frees. */
char *da_swarm_addr_host(const char *addr);

/* Whether HOST (as da_swarm_addr_host gives it) means every interface:
 * "", "0.0.0.0", "::", "*". */
bool da_swarm_host_is_any(const char *host);

/* The notBefore and notAfter of the first certificate of the PEM text
 * (LEN bytes), as seconds since the epoch. 0, or -EINVAL with *WHAT a
 * static description of what is wrong. */
int da_swarm_cert_dates(const char *pem, size_t len, time_t *not_before, time_t *not_after,
			const char **what);

#endif
