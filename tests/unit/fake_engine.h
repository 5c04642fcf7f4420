/*
 * A fake Docker Engine API for unit tests: a thread serving HTTP/1.1 on a
 * unix socket in a fresh temporary directory, replaying canned answers
 * (usually saved from a real dockerd, under $DA_FIXTURES/api/). Each
 * connection gets its own thread, so concurrent clients are really served
 * concurrently; every wait is bounded, so a broken test cannot hang.
 */
#ifndef DA_FAKE_ENGINE_H
#define DA_FAKE_ENGINE_H

#include <stddef.h>

struct fake_route {
	const char *path;  /* the request target, e.g. "/containers/json?all=1" */
	int status;        /* 0: 200 */
	const char *file;  /* body: the file $DA_FIXTURES/api/FILE, or */
	const char *body;  /* body: this text, or */
	size_t big;        /* body: a JSON array of this many bytes */
	int delay_ms;      /* wait this long before answering */
	int hang;          /* read the request, never answer */
};

struct fake_engine;

/* Serve ROUTES (borrowed until fake_engine_stop). Any other path gets 404
 * {"message":"page not found"}, as dockerd answers. Aborts the test
 * program if it cannot start. */
struct fake_engine *fake_engine_start(const struct fake_route *routes, size_t n);
/* The same on plain TCP at 127.0.0.1 (a port the kernel picks). */
struct fake_engine *fake_engine_start_tcp(const struct fake_route *routes, size_t n);
/* "unix:///tmp/.../docker.sock" or "tcp://127.0.0.1:PORT". Borrowed. */
const char *fake_engine_host(const struct fake_engine *fe);
/* Connections handled to the end so far, and the most handled at once. */
int fake_engine_requests(struct fake_engine *fe);
int fake_engine_max_concurrent(struct fake_engine *fe);
/* Stop serving, join every thread, remove the socket. NULL-safe. */
void fake_engine_stop(struct fake_engine *fe);

#endif
