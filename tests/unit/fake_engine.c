/*
 * The fake Engine API (see fake_engine.h). Minimal HTTP: one GET per
 * connection, answered with Content-Length and "Connection: close". The stop
 * pipe is polled alongside every socket wait, so stopping never blocks.
 */
#include "fake_engine.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define WAIT_MS 10000

struct fake_engine {
	const struct fake_route *routes;
	size_t n;
	char **bodies;
	size_t *lens;
	char dir[64];
	char sock[100];
	char host[160];
	int lfd;
	int stop[2];
	pthread_t server;
	pthread_mutex_t lock;
	pthread_t *conns;
	size_t nconns;
	int requests, current, max;
};

struct conn {
	struct fake_engine *fe;
	int fd;
};

static void die(const char *what)
{
	fprintf(stderr, "fake_engine: %s: %s\n", what, strerror(errno));
	abort();
}

static char *load_fixture(const char *name, size_t *len)
{
	const char *dir = getenv("DA_FIXTURES");
	char path[1024];
	char *data;
	FILE *f;
	long n;

	if (dir)
		snprintf(path, sizeof(path), "%s/api/%s", dir, name);
	else /* run by hand: the fixtures sit next to this source file */
		snprintf(path, sizeof(path), "%.*s/../fixtures/api/%s",
			 (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__, name);
	f = fopen(path, "rb");
	if (!f)
		die(path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = malloc((size_t)n + 1);
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n)
		die(path);
	fclose(f);
	data[n] = '\0';
	*len = (size_t)n;
	return data;
}

/* "[0,0,...,0]" of exactly N bytes (N >= 3). */
static char *big_body(size_t n, size_t *len)
{
	char *b = malloc(n + 1);
	size_t i;

	if (!b)
		die("malloc");
	b[0] = '[';
	for (i = 1; i + 1 < n; i++)
		b[i] = i % 2 ? '0' : ',';
	if (n % 2 == 0)
		b[n - 2] = ' ';
	b[n - 1] = ']';
	b[n] = '\0';
	*len = n;
	return b;
}

static void load_bodies(struct fake_engine *fe)
{
	size_t i;

	fe->bodies = calloc(fe->n + 1, sizeof(*fe->bodies));
	fe->lens = calloc(fe->n + 1, sizeof(*fe->lens));
	if (!fe->bodies || !fe->lens)
		die("calloc");
	for (i = 0; i < fe->n; i++) {
		const struct fake_route *r = &fe->routes[i];

		if (r->file)
			fe->bodies[i] = load_fixture(r->file, &fe->lens[i]);
		else if (r->big)
			fe->bodies[i] = big_body(r->big, &fe->lens[i]);
		else
			fe->bodies[i] = strdup(r->body ? r->body : "");
		if (!fe->bodies[i])
			die("strdup");
		if (!r->file && !r->big)
			fe->lens[i] = strlen(fe->bodies[i]);
	}
}

/* Wait until FD is readable or the engine stops; 1 readable, 0 otherwise. */
static int wait_readable(struct fake_engine *fe, int fd, int ms)
{
	struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = fe->stop[0], .events = POLLIN } };

	if (poll(p, 2, ms) <= 0 || (p[1].revents & POLLIN))
		return 0;
	return (p[0].revents & (POLLIN | POLLHUP)) != 0;
}

/* Read the request head into BUF; returns its length or -1. */
static int read_request(struct fake_engine *fe, int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < size) {
		if (!wait_readable(fe, fd, WAIT_MS))
			return -1;
		n = read(fd, buf + len, size - 1 - len);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n"))
			return (int)len;
	}
	return -1;
}

static void send_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(fd, data, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		data += n;
		len -= (size_t)n;
	}
}

static const char *reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 404:
		return "Not Found";
	case 500:
		return "Internal Server Error";
	default:
		return "Whatever";
	}
}

static void respond(int fd, int status, const char *body, size_t len)
{
	char head[256];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.1 %d %s\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
			 "Server: Docker/20.10.24+dfsg1 (linux)\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 status, reason(status), len);

	send_all(fd, head, (size_t)n);
	send_all(fd, body, len);
}

static long find_route(const struct fake_engine *fe, const char *req)
{
	const char *target = req + 4;
	size_t i, len;

	if (strncmp(req, "GET ", 4) != 0)
		return -1;
	len = strcspn(target, " ");
	for (i = 0; i < fe->n; i++) {
		if (strlen(fe->routes[i].path) == len && memcmp(fe->routes[i].path, target, len) == 0)
			return (long)i;
	}
	return -1;
}

static void count(struct fake_engine *fe, int delta)
{
	pthread_mutex_lock(&fe->lock);
	fe->current += delta;
	if (fe->current > fe->max)
		fe->max = fe->current;
	/* Counted when the connection opens: once the client has its answer,
	 * the count must already include it. */
	if (delta > 0)
		fe->requests++;
	pthread_mutex_unlock(&fe->lock);
}

static void serve(struct fake_engine *fe, int fd)
{
	static const char not_found[] = "{\"message\":\"page not found\"}";
	const struct fake_route *r;
	char req[8192];
	long i;

	if (read_request(fe, fd, req, sizeof(req)) < 0)
		return;
	i = find_route(fe, req);
	if (i < 0) {
		respond(fd, 404, not_found, sizeof(not_found) - 1);
		return;
	}
	r = &fe->routes[i];
	if (r->hang) {
		wait_readable(fe, fd, WAIT_MS); /* until the client gives up */
		return;
	}
	if (r->delay_ms)
		wait_readable(fe, fe->stop[0], r->delay_ms);
	respond(fd, r->status ? r->status : 200, fe->bodies[i], fe->lens[i]);
}

static void *conn_main(void *arg)
{
	struct conn *c = arg;

	count(c->fe, 1);
	serve(c->fe, c->fd);
	count(c->fe, -1);
	close(c->fd);
	free(c);
	return NULL;
}

static void spawn(struct fake_engine *fe, int fd)
{
	struct conn *c = malloc(sizeof(*c));
	pthread_t *grown;

	if (!c)
		die("malloc");
	c->fe = fe;
	c->fd = fd;
	grown = realloc(fe->conns, (fe->nconns + 1) * sizeof(*fe->conns));
	if (!grown)
		die("realloc");
	fe->conns = grown;
	if (pthread_create(&fe->conns[fe->nconns], NULL, conn_main, c) != 0)
		die("pthread_create");
	fe->nconns++;
}

static void *server_main(void *arg)
{
	struct fake_engine *fe = arg;

	for (;;) {
		struct pollfd p[2] = { { .fd = fe->lfd, .events = POLLIN },
				       { .fd = fe->stop[0], .events = POLLIN } };
		int fd;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			die("poll");
		if (p[1].revents)
			return NULL;
		if (!(p[0].revents & POLLIN))
			continue;
		fd = accept(fe->lfd, NULL, NULL);
		if (fd >= 0)
			spawn(fe, fd);
	}
}

static void listen_unix(struct fake_engine *fe)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	snprintf(fe->dir, sizeof(fe->dir), "/tmp/da-fake-engine-XXXXXX");
	if (!mkdtemp(fe->dir))
		die("mkdtemp");
	snprintf(fe->sock, sizeof(fe->sock), "%s/docker.sock", fe->dir);
	snprintf(fe->host, sizeof(fe->host), "unix://%s", fe->sock);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", fe->sock);
	fe->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fe->lfd < 0)
		die("socket");
	if (bind(fe->lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fe->lfd, 128) < 0)
		die(fe->sock);
}

/* Plain HTTP on 127.0.0.1 with a port the kernel picks. */
static void listen_tcp(struct fake_engine *fe)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);

	fe->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fe->lfd < 0)
		die("socket");
	if (bind(fe->lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fe->lfd, 128) < 0 ||
	    getsockname(fe->lfd, (struct sockaddr *)&sa, &len) < 0)
		die("127.0.0.1");
	snprintf(fe->host, sizeof(fe->host), "tcp://127.0.0.1:%u", (unsigned)ntohs(sa.sin_port));
}

static struct fake_engine *start(const struct fake_route *routes, size_t n, int tcp)
{
	struct fake_engine *fe = calloc(1, sizeof(*fe));

	if (!fe)
		die("calloc");
	fe->routes = routes;
	fe->n = n;
	load_bodies(fe);
	pthread_mutex_init(&fe->lock, NULL);
	if (pipe(fe->stop) < 0)
		die("pipe");
	if (tcp)
		listen_tcp(fe);
	else
		listen_unix(fe);
	if (pthread_create(&fe->server, NULL, server_main, fe) != 0)
		die("pthread_create");
	return fe;
}

struct fake_engine *fake_engine_start(const struct fake_route *routes, size_t n)
{
	return start(routes, n, 0);
}

struct fake_engine *fake_engine_start_tcp(const struct fake_route *routes, size_t n)
{
	return start(routes, n, 1);
}

const char *fake_engine_host(const struct fake_engine *fe)
{
	return fe->host;
}

int fake_engine_requests(struct fake_engine *fe)
{
	int n;

	pthread_mutex_lock(&fe->lock);
	n = fe->requests;
	pthread_mutex_unlock(&fe->lock);
	return n;
}

int fake_engine_max_concurrent(struct fake_engine *fe)
{
	int n;

	pthread_mutex_lock(&fe->lock);
	n = fe->max;
	pthread_mutex_unlock(&fe->lock);
	return n;
}

void fake_engine_stop(struct fake_engine *fe)
{
	size_t i;

	if (!fe)
		return;
	if (write(fe->stop[1], "x", 1) != 1)
		die("write");
	pthread_join(fe->server, NULL);
	for (i = 0; i < fe->nconns; i++)
		pthread_join(fe->conns[i], NULL);
	close(fe->lfd);
	close(fe->stop[0]);
	close(fe->stop[1]);
	if (fe->sock[0]) {
		unlink(fe->sock);
		rmdir(fe->dir);
	}
	for (i = 0; i < fe->n; i++)
		free(fe->bodies[i]);
	free(fe->bodies);
	free(fe->lens);
	free(fe->conns);
	pthread_mutex_destroy(&fe->lock);
	free(fe);
}
