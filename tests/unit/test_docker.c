/*
 * Unit tests for src/docker/client.c against tests/unit/fake_engine.c,
 * which replays answers saved from dockerd 20.10 (tests/fixtures/api/):
 * a good GET, the daemon's error messages, bodies that are not JSON or too
 * big, a daemon that never answers, many GETs at once, host URIs. TLS is
 * tested against `openssl s_server -WWW` with certificates made by openssl
 * in a temporary directory: verified, wrong CA, wrong host name, no client
 * certificate, unverified, unusable certificate files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "docker/client.h"
#include "fake_engine.h"

static const struct fake_route routes[] = {
	{ .path = "/version", .file = "version.json" },
	{ .path = "/_ping", .body = "OK" },
	{ .path = "/containers/nosuch/json", .status = 404, .file = "error-404.json" },
	{ .path = "/boom", .status = 500, .body = "<html>proxy error</html>" },
	{ .path = "/multiline", .status = 409, .body = "{\"message\": \"conflict:\\nsecond line\\u001b[0m\"}" },
	{ .path = "/bad", .body = "this is not json\n" },
	{ .path = "/trunc", .body = "{\"a\": 1,\n \"b\": }" },
	{ .path = "/at-cap", .big = 4096 },
	{ .path = "/big", .big = 100000 },
	{ .path = "/hang", .hang = 1 },
	/* what Go's HTTPS server answers to plain HTTP */
	{ .path = "/https-only", .status = 400,
	  .body = "Client sent an HTTP request to an HTTPS server.\n" },
};

struct fixture {
	struct fake_engine *fe;
	struct da_docker *d;
};

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static struct da_docker *open_or_fail(const struct da_docker_opts *opts)
{
	struct da_err err = { "" };
	struct da_docker *d = NULL;

	if (da_docker_open(opts, &d, &err) < 0)
		fail_msg("da_docker_open: %s", err.msg);
	return d;
}

static int setup(void **state)
{
	struct fixture *f = da_xcalloc(1, sizeof(*f));
	struct da_docker_opts opts = { .max_response = 4096, .timeout_ms = 5000 };

	f->fe = fake_engine_start(routes, sizeof(routes) / sizeof(routes[0]));
	opts.host = fake_engine_host(f->fe);
	f->d = open_or_fail(&opts);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	da_docker_close(f->d);
	fake_engine_stop(f->fe);
	free(f);
	return 0;
}

/* GET PATH and expect exactly the error WANT. */
static void assert_get_error(struct da_docker *d, const char *path, const char *want)
{
	struct da_err err = { "" };
	json_t *out = (json_t *)1;

	assert_int_equal(da_docker_get_json(d, path, &out, &err), -1);
	assert_null(out);
	assert_string_equal(err.msg, want);
}

static void test_get_good(void **state)
{
	struct fixture *f = *state;
	struct da_err err = { "" };
	json_t *v = NULL;

	assert_int_equal(da_docker_get_json(f->d, "/version", &v, &err), 0);
	assert_string_equal(json_string_value(json_object_get(v, "Version")), "20.10.24+dfsg1");
	assert_string_equal(json_string_value(json_object_get(v, "ApiVersion")), "1.41");
	json_decref(v);
	assert_string_equal(da_docker_host(f->d), fake_engine_host(f->fe));
	assert_string_equal(da_docker_socket_path(f->d), fake_engine_host(f->fe) + strlen("unix://"));
}

static void test_ping(void **state)
{
	struct fixture *f = *state;
	struct da_err err = { "" };

	assert_int_equal(da_docker_ping(f->d, &err), 0);
	assert_string_equal(err.msg, "");
}

static void test_http_errors(void **state)
{
	struct fixture *f = *state;

	assert_get_error(f->d, "/containers/nosuch/json",
			 "GET /containers/nosuch/json: HTTP 404: No such container: nosuch");
	/* dockerd's own answer for a path it does not know */
	assert_get_error(f->d, "/v9.99/nothing", "GET /v9.99/nothing: HTTP 404: page not found");
	/* no JSON "message": the status alone */
	assert_get_error(f->d, "/boom", "GET /boom: HTTP 500");
	/* the daemon's text is kept to one line */
	assert_get_error(f->d, "/multiline", "GET /multiline: HTTP 409: conflict: second line [0m");
}

static void test_not_json(void **state)
{
	struct fixture *f = *state;

	assert_get_error(f->d, "/bad",
			 "GET /bad: invalid JSON at line 1 column 4: '[' or '{' expected near 'this'");
	assert_get_error(f->d, "/trunc",
			 "GET /trunc: invalid JSON at line 2 column 7: unexpected token near '}'");
}

static void test_size_cap(void **state)
{
	struct fixture *f = *state;
	struct da_err err = { "" };
	json_t *v = NULL;

	/* Exactly at the cap is fine ... */
	assert_int_equal(da_docker_get_json(f->d, "/at-cap", &v, &err), 0);
	assert_true(json_is_array(v));
	assert_int_equal(json_array_size(v), 2047);
	json_decref(v);
	/* ... one past it is refused, even though it is valid JSON. */
	assert_get_error(f->d, "/big", "response to GET /big exceeds 4096 bytes");
}

static void test_timeout(void **state)
{
	struct fixture *f = *state;
	struct da_docker_opts opts = { .host = fake_engine_host(f->fe), .timeout_ms = 300 };
	struct da_docker *d = open_or_fail(&opts);
	char *want = da_xasprintf("GET /hang: no answer from %s within 300 ms", opts.host);
	long t0 = now_ms(), spent;

	assert_get_error(d, "/hang", want);
	spent = now_ms() - t0;
	assert_true(spent >= 250);
	assert_true(spent < 3000);
	free(want);
	da_docker_close(d);
}

static void test_unreachable(void **state)
{
	struct da_docker_opts opts = { .host = "unix:///nonexistent/dockaudit-test/docker.sock" };
	struct da_docker *d = open_or_fail(&opts);
	struct da_err err = { "" };

	assert_get_error(d, "/version",
			 "GET /version: cannot connect to unix:///nonexistent/dockaudit-test/docker.sock: "
			 "No such file or directory");
	assert_int_equal(da_docker_ping(d, &err), -1);
	assert_string_equal(err.msg, "GET /_ping: cannot connect to "
				     "unix:///nonexistent/dockaudit-test/docker.sock: No such file or directory");
	da_docker_close(d);
}

/* A proxy in the environment must never see the daemon's traffic (over
 * TCP: libcurl would otherwise send it to the proxy). */
static void test_no_proxy(void **state)
{
	struct fake_engine *fe = fake_engine_start_tcp(routes, sizeof(routes) / sizeof(routes[0]));
	struct da_docker_opts opts = { .host = fake_engine_host(fe) };
	struct da_docker *d = open_or_fail(&opts);
	struct da_err err = { "" };
	json_t *v = NULL;
	int rc;

	setenv("http_proxy", "http://127.0.0.1:1", 1);
	setenv("ALL_PROXY", "http://127.0.0.1:1", 1);
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	rc = da_docker_get_json(d, "/version", &v, &err);
	unsetenv("http_proxy");
	unsetenv("ALL_PROXY");
	if (rc < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(json_string_value(json_object_get(v, "Version")), "20.10.24+dfsg1");
	json_decref(v);
	da_docker_close(d);
	fake_engine_stop(fe);
}

#define MANY 50

static const struct fake_route *many_routes(char names[][32])
{
	static struct fake_route r[MANY];
	static char bodies[MANY][32];
	int i;

	for (i = 0; i < MANY; i++) {
		snprintf(names[i], 32, "/containers/c%02d/json", i);
		snprintf(bodies[i], sizeof(bodies[i]), "{\"n\": %d}", i);
		r[i] = (struct fake_route){ .path = names[i], .body = bodies[i], .delay_ms = 50 };
	}
	return r;
}

static void test_get_many(void **state)
{
	static char names[MANY][32];
	const struct fake_route *r = many_routes(names);
	struct fake_engine *fe = fake_engine_start(r, MANY);
	struct da_docker_opts opts = { .host = fake_engine_host(fe) };
	struct da_docker *d = open_or_fail(&opts);
	const char *paths[MANY + 1];
	json_t *outs[MANY + 1];
	char *errs[MANY + 1];
	int i;

	for (i = 0; i < MANY; i++)
		paths[i] = names[MANY - 1 - i]; /* order must not matter */
	paths[MANY] = "/containers/gone/json";
	da_docker_get_many(d, paths, MANY + 1, outs, errs);
	for (i = 0; i < MANY; i++) {
		if (errs[i])
			fail_msg("%s: %s", paths[i], errs[i]);
		assert_int_equal(json_integer_value(json_object_get(outs[i], "n")), MANY - 1 - i);
		json_decref(outs[i]);
	}
	assert_null(outs[MANY]);
	assert_string_equal(errs[MANY], "GET /containers/gone/json: HTTP 404: page not found");
	free(errs[MANY]);
	assert_int_equal(fake_engine_requests(fe), MANY + 1);
	/* Really concurrent, and never more than 16 at once. */
	assert_true(fake_engine_max_concurrent(fe) >= 2);
	assert_true(fake_engine_max_concurrent(fe) <= 16);
	da_docker_close(d);
	fake_engine_stop(fe);
}

/* The caps and timeouts hold per transfer in get_many too. */
static void test_get_many_caps(void **state)
{
	struct fixture *f = *state;
	struct da_docker_opts opts = { .host = fake_engine_host(f->fe), .timeout_ms = 300,
				       .max_response = 4096 };
	struct da_docker *d = open_or_fail(&opts);
	const char *paths[] = { "/hang", "/big", "/version", "/bad" };
	json_t *outs[4];
	char *errs[4];
	char *want = da_xasprintf("GET /hang: no answer from %s within 300 ms", opts.host);
	long t0 = now_ms();
	int i;

	da_docker_get_many(d, paths, 4, outs, errs);
	assert_true(now_ms() - t0 < 3000);
	assert_string_equal(errs[0], want);
	assert_string_equal(errs[1], "response to GET /big exceeds 4096 bytes");
	assert_null(errs[2]);
	assert_string_equal(json_string_value(json_object_get(outs[2], "Os")), "linux");
	assert_string_equal(errs[3], "GET /bad: invalid JSON at line 1 column 4: '[' or '{' expected near 'this'");
	for (i = 0; i < 4; i++) {
		json_decref(outs[i]);
		free(errs[i]);
	}
	free(want);
	da_docker_close(d);
}

static void assert_bad_host(const char *uri, const char *why)
{
	struct da_docker_opts opts = { .host = uri };
	struct da_err err = { "" };
	struct da_docker *d = (struct da_docker *)1;
	char *want = da_xasprintf("invalid Docker host URI '%s': %s", uri, why);

	assert_int_equal(da_docker_open(&opts, &d, &err), -1);
	assert_null(d);
	assert_string_equal(err.msg, want);
	free(want);
}

static void test_bad_hosts(void **state)
{
	char long_path[200];

	memset(long_path, 'x', sizeof(long_path));
	memcpy(long_path, "unix:///", 8);
	long_path[sizeof(long_path) - 1] = '\0';
	assert_bad_host("", "empty");
	assert_bad_host("unix://", "the socket path must be absolute");
	assert_bad_host("unix://docker.sock", "the socket path must be absolute");
	assert_bad_host(long_path, "the socket path is too long");
	assert_bad_host("unix:///run/docker sock", "contains a space or a control character");
	assert_bad_host("unix:///run/docker\n.sock", "contains a space or a control character");
	assert_bad_host("tcp://", "expected tcp://HOST:PORT");
	assert_bad_host("tcp://:2375", "expected tcp://HOST:PORT");
	assert_bad_host("tcp://host:2375/v1.41", "expected tcp://HOST:PORT");
	assert_bad_host("tcp://user@host:2375", "expected tcp://HOST:PORT");
	assert_bad_host("tcp://[::1:2375", "expected tcp://HOST:PORT");
	assert_bad_host("tcp://host:", "the port must be a number from 1 to 65535");
	assert_bad_host("tcp://host:0", "the port must be a number from 1 to 65535");
	assert_bad_host("tcp://host:65536", "the port must be a number from 1 to 65535");
	assert_bad_host("tcp://host:23x", "the port must be a number from 1 to 65535");
	assert_bad_host("ssh://me@host", "unsupported scheme (expected unix:// or tcp://)");
	assert_bad_host("http://localhost:2375", "unsupported scheme (expected unix:// or tcp://)");
	assert_bad_host("/var/run/docker.sock", "unsupported scheme (expected unix:// or tcp://)");
}

static void test_good_hosts(void **state)
{
	static const char *const good[] = {
		"unix:///var/run/docker.sock", "tcp://127.0.0.1:2375", "tcp://[::1]:2376",
		"tcp://docker-1.example.com", "tcp://docker-1.example.com:2375/",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct da_docker_opts opts = { .host = good[i], .tls_verify = 0 };
		struct da_docker *d = open_or_fail(&opts);

		assert_string_equal(da_docker_host(d), good[i]);
		if (i == 0)
			assert_string_equal(da_docker_socket_path(d), "/var/run/docker.sock");
		else
			assert_null(da_docker_socket_path(d));
		da_docker_close(d);
	}
}

static void test_docker_host_env(void **state)
{
	struct fixture *f = *state;
	struct da_docker_opts opts = { .host = NULL };
	struct da_err err = { "" };
	struct da_docker *d;
	json_t *v = NULL;

	setenv("DOCKER_HOST", fake_engine_host(f->fe), 1);
	d = open_or_fail(&opts);
	assert_string_equal(da_docker_host(d), fake_engine_host(f->fe));
	assert_int_equal(da_docker_get_json(d, "/version", &v, &err), 0);
	assert_string_equal(json_string_value(json_object_get(v, "MinAPIVersion")), "1.12");
	json_decref(v);
	da_docker_close(d);

	/* An explicit host wins over the environment. */
	opts.host = "unix:///elsewhere.sock";
	d = open_or_fail(&opts);
	assert_string_equal(da_docker_host(d), "unix:///elsewhere.sock");
	da_docker_close(d);
	opts.host = NULL;

	/* Empty or unset: the default socket, as the docker CLI does. */
	setenv("DOCKER_HOST", "", 1);
	d = open_or_fail(&opts);
	assert_string_equal(da_docker_host(d), DA_DOCKER_DEFAULT_HOST);
	da_docker_close(d);
	unsetenv("DOCKER_HOST");
	d = open_or_fail(&opts);
	assert_string_equal(da_docker_host(d), "unix:///var/run/docker.sock");
	da_docker_close(d);

	setenv("DOCKER_HOST", "tcp://host:port", 1);
	d = (struct da_docker *)1;
	assert_int_equal(da_docker_open(&opts, &d, &err), -1);
	assert_null(d);
	assert_string_equal(err.msg, "invalid Docker host URI 'tcp://host:port': the port must be a "
				     "number from 1 to 65535");
	unsetenv("DOCKER_HOST");
}

static void unset_tls_env(void)
{
	unsetenv("DOCKER_TLS_VERIFY");
	unsetenv("DOCKER_TLS");
	unsetenv("DOCKER_CERT_PATH");
	unsetenv("DOCKER_CONFIG");
}

/* S starts with PREFIX, and something follows it. */
static void assert_prefix(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)) != 0 || !s[strlen(prefix)])
		fail_msg("'%s' does not start with '%s' followed by libcurl's text", s, prefix);
}

/* tcp:// speaks plain HTTP; TLS against a plain HTTP server fails as TLS,
 * and a TLS daemon asked in plain HTTP is named as one. */
static void test_tcp_and_tls(void **state)
{
	struct fake_engine *fe = fake_engine_start_tcp(routes, sizeof(routes) / sizeof(routes[0]));
	struct da_docker_opts opts = { .host = fake_engine_host(fe), .tls_verify = -1 };
	struct da_err err = { "" };
	struct da_docker *d;
	json_t *v = NULL;
	char *prefix = da_xasprintf("GET /version: TLS with %s: the TLS handshake failed (no client "
				    "certificate: /nonexistent/dockaudit-home/.docker/cert.pem not found): ",
				    opts.host);
	char *want = da_xasprintf("GET /https-only: HTTP 400: %s expects TLS (set DOCKER_TLS_VERIFY=1 "
				  "and DOCKER_CERT_PATH)", opts.host);
	const char *home = getenv("HOME");
	char *saved_home = home ? da_xstrdup(home) : NULL;

	unset_tls_env();
	d = open_or_fail(&opts);
	assert_int_equal(da_docker_get_json(d, "/version", &v, &err), 0);
	assert_string_equal(json_string_value(json_object_get(v, "Version")), "20.10.24+dfsg1");
	json_decref(v);
	assert_get_error(d, "/https-only", want);
	da_docker_close(d);

	/* DOCKER_TLS: TLS without verification, files from ~/.docker */
	setenv("DOCKER_TLS", "1", 1);
	setenv("HOME", "/nonexistent/dockaudit-home", 1);
	d = open_or_fail(&opts);
	assert_int_equal(da_docker_get_json(d, "/version", &v, &err), -1);
	assert_null(v);
	assert_prefix(err.msg, prefix);
	da_docker_close(d);
	unset_tls_env();
	if (saved_home)
		setenv("HOME", saved_home, 1);
	free(saved_home);
	free(prefix);
	free(want);
	fake_engine_stop(fe);
}

/* ---- TLS against openssl s_server --------------------------------------- */

struct tls_env {
	char dir[64];   /* certificates, and the pages s_server serves */
	pid_t server;   /* openssl s_server */
	char host[64];  /* tcp://127.0.0.1:PORT */
	char *saved_home;
};

/* Run ARGV in DIR with output discarded; its exit status, or -1. */
static int run_in(const char *dir, char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null < 0 || chdir(dir) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* An EC P-256 key KEY and certificate CERT for CN, signed by ca.pem (or
 * self-signed when CA is NULL) with the extensions EXT1 and EXT2. */
static int make_cert(const char *dir, const char *cert, const char *key, const char *cn,
		     const char *ca, const char *ext1, const char *ext2)
{
	char subj[64];
	char *argv[32];
	int n = 0;

	snprintf(subj, sizeof(subj), "/CN=%s", cn);
	argv[n++] = "openssl";
	argv[n++] = "req";
	argv[n++] = "-x509";
	argv[n++] = "-newkey";
	argv[n++] = "ec";
	argv[n++] = "-pkeyopt";
	argv[n++] = "ec_paramgen_curve:P-256";
	argv[n++] = "-nodes";
	argv[n++] = "-days";
	argv[n++] = "2";
	argv[n++] = "-subj";
	argv[n++] = subj;
	argv[n++] = "-keyout";
	argv[n++] = (char *)key;
	argv[n++] = "-out";
	argv[n++] = (char *)cert;
	if (ca) {
		argv[n++] = "-CA";
		argv[n++] = (char *)ca;
		argv[n++] = "-CAkey";
		argv[n++] = "ca-key.pem";
	}
	argv[n++] = "-addext";
	argv[n++] = (char *)ext1;
	argv[n++] = "-addext";
	argv[n++] = (char *)ext2;
	argv[n] = NULL;
	return run_in(dir, argv);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) == EOF || fclose(f) != 0)
		fail_msg("cannot write %s: %s", path, strerror(errno));
}

static void make_dir(const char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (mkdir(path, 0700) < 0)
		fail_msg("mkdir %s: %s", path, strerror(errno));
}

static void link_file(const char *dir, const char *target, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (symlink(target, path) < 0)
		fail_msg("symlink %s: %s", path, strerror(errno));
}

/* The certificate directories a client may be given (see setup_tls_env):
 * good/ (the CA, a client key pair), wrongca/ (another CA, the same client
 * pair), noclient/ (the CA only), half/ (the CA and cert.pem only), and
 * home/.docker -> good. The server: server-cert.pem for IP:127.0.0.1. */
static int make_certs(const char *t)
{
	static const char *const dirs[] = { "good", "wrongca", "noclient", "half", "home", "www" };
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		make_dir(t, dirs[i]);
	if (make_cert(t, "good/ca.pem", "ca-key.pem", "da-test-ca", NULL, "basicConstraints=critical,CA:TRUE",
		      "keyUsage=critical,keyCertSign,cRLSign") != 0)
		return -1;
	if (make_cert(t, "server-cert.pem", "server-key.pem", "127.0.0.1", "good/ca.pem",
		      "subjectAltName=IP:127.0.0.1", "extendedKeyUsage=serverAuth") != 0 ||
	    make_cert(t, "good/cert.pem", "good/key.pem", "da-client", "good/ca.pem",
		      "subjectAltName=DNS:da-client", "extendedKeyUsage=clientAuth") != 0 ||
	    make_cert(t, "wrongca/ca.pem", "wrongca-key.pem", "da-other-ca", NULL,
		      "basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign") != 0)
		return -1;
	link_file(t, "../good/cert.pem", "wrongca/cert.pem");
	link_file(t, "../good/key.pem", "wrongca/key.pem");
	link_file(t, "../good/ca.pem", "noclient/ca.pem");
	link_file(t, "../good/ca.pem", "half/ca.pem");
	link_file(t, "../good/cert.pem", "half/cert.pem");
	link_file(t, "../good", "home/.docker");
	write_file(t, "www/_ping", "OK");
	write_file(t, "www/version", "{\"Version\": \"tls-test\", \"ApiVersion\": \"1.41\"}\n");
	return 0;
}

/* The port in s_server's "ACCEPT 127.0.0.1:PORT" line in FILE, or 0. */
static int accept_port(const char *file)
{
	char line[256];
	int port = 0;
	FILE *f = fopen(file, "r");

	while (f && !port && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "ACCEPT 127.0.0.1:", 17) == 0)
			port = atoi(line + 17);
	}
	if (f)
		fclose(f);
	return port;
}

/* Start s_server on a port the kernel picks, requiring a client
 * certificate signed by the CA; its output goes to server.out, where the
 * "ACCEPT" line names the port. */
static int start_server(struct tls_env *e)
{
	char out[128];
	long t0 = now_ms();
	int port = 0;

	snprintf(out, sizeof(out), "%s/server.out", e->dir);
	e->server = fork();
	if (e->server == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd < 0 || chdir(e->dir) < 0 || chdir("www") < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		execlp("openssl", "openssl", "s_server", "-accept", "127.0.0.1:0", "-cert",
		       "../server-cert.pem", "-key", "../server-key.pem", "-CAfile", "../good/ca.pem",
		       "-Verify", "1", "-WWW", (char *)NULL);
		_exit(127);
	}
	while (e->server > 0 && !(port = accept_port(out)) && now_ms() - t0 < 10000) {
		if (waitpid(e->server, NULL, WNOHANG) != 0) {
			e->server = 0;
			break;
		}
		usleep(20000);
	}
	if (!port)
		return -1;
	snprintf(e->host, sizeof(e->host), "tcp://127.0.0.1:%d", port);
	return 0;
}

static void remove_tree(const char *dir)
{
	char *argv[] = { "rm", "-rf", (char *)dir, NULL };

	run_in("/", argv);
}

/* Certificates and a server for the TLS tests; skipped when openssl is not
 * there (CI has it: a skip is then a failure). */
static int setup_tls_env(void **state)
{
	struct tls_env *e = da_xcalloc(1, sizeof(*e));
	const char *home = getenv("HOME");

	*state = e;
	snprintf(e->dir, sizeof(e->dir), "/tmp/da-test-tls.XXXXXX");
	if (!mkdtemp(e->dir))
		return -1;
	e->saved_home = home ? da_xstrdup(home) : NULL;
	if (make_certs(e->dir) < 0 || start_server(e) < 0) {
		const char *ci = getenv("CI");

		fprintf(stderr, "openssl cannot make certificates or run s_server in %s\n", e->dir);
		return ci && strcmp(ci, "true") == 0 ? -1 : 0;
	}
	return 0;
}

static int teardown_tls_env(void **state)
{
	struct tls_env *e = *state;

	if (e->server > 0) {
		kill(e->server, SIGTERM);
		waitpid(e->server, NULL, 0);
	}
	remove_tree(e->dir);
	unset_tls_env();
	if (e->saved_home)
		setenv("HOME", e->saved_home, 1);
	free(e->saved_home);
	free(e);
	return 0;
}

/* The state of the TLS group; skips the test without a server. */
static struct tls_env *tls_env(void **state)
{
	struct tls_env *e = *state;

	unset_tls_env();
	if (!e->host[0])
		skip();
	return e;
}

static struct da_docker *tls_client(const struct tls_env *e, const char *host, const char *sub,
				    int verify)
{
	char dir[128];
	struct da_docker_opts opts = { .host = host ? host : e->host, .tls_verify = verify,
				       .timeout_ms = 5000 };

	snprintf(dir, sizeof(dir), "%s/%s", e->dir, sub);
	opts.cert_path = dir;
	return open_or_fail(&opts);
}

/* DOCKER_TLS_VERIFY with the right CA and a client pair reaches the daemon;
 * so do the same given as options, and ~/.docker when DOCKER_CERT_PATH is
 * not set. */
static void test_tls_verified(void **state)
{
	struct tls_env *e = tls_env(state);
	struct da_docker_opts opts = { .host = e->host, .tls_verify = -1 };
	char dir[128], home[128];
	struct da_err err = { "" };
	struct da_docker *d;
	json_t *v = NULL;

	snprintf(dir, sizeof(dir), "%s/good", e->dir);
	setenv("DOCKER_TLS_VERIFY", "1", 1);
	setenv("DOCKER_CERT_PATH", dir, 1);
	d = open_or_fail(&opts);
	if (da_docker_ping(d, &err) < 0)
		fail_msg("%s", err.msg);
	if (da_docker_get_json(d, "/version", &v, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(json_string_value(json_object_get(v, "Version")), "tls-test");
	json_decref(v);
	da_docker_close(d);

	unset_tls_env();
	d = tls_client(e, NULL, "good", 1);
	if (da_docker_ping(d, &err) < 0)
		fail_msg("%s", err.msg);
	da_docker_close(d);

	/* DOCKER_TLS_VERIFY=0 verifies too: the docker CLI only asks for a
	 * non-empty value. */
	snprintf(home, sizeof(home), "%s/home", e->dir);
	setenv("HOME", home, 1);
	setenv("DOCKER_TLS_VERIFY", "0", 1);
	d = open_or_fail(&opts);
	if (da_docker_ping(d, &err) < 0)
		fail_msg("%s", err.msg);
	da_docker_close(d);
}

/* A daemon certificate from another CA is refused (verification is on),
 * naming the CA file; without verification the same files work. */
static void test_tls_wrong_ca(void **state)
{
	struct tls_env *e = tls_env(state);
	struct da_docker *d = tls_client(e, NULL, "wrongca", 1);
	struct da_err err = { "" };
	char *prefix = da_xasprintf("GET /_ping: TLS with %s: the daemon's certificate does not verify "
				    "against %s/wrongca/ca.pem: ", e->host, e->dir);

	assert_int_equal(da_docker_ping(d, &err), -1);
	assert_prefix(err.msg, prefix);
	da_docker_close(d);
	free(prefix);

	d = tls_client(e, NULL, "wrongca", 0);
	if (da_docker_ping(d, &err) < 0)
		fail_msg("%s", err.msg);
	da_docker_close(d);
}

/* The host name is verified too: the certificate is for IP 127.0.0.1,
 * not "localhost". */
static void test_tls_wrong_name(void **state)
{
	struct tls_env *e = tls_env(state);
	char *host = da_xasprintf("tcp://localhost:%s", strrchr(e->host, ':') + 1);
	struct da_docker *d = tls_client(e, host, "good", 1);
	struct da_err err = { "" };
	char *prefix = da_xasprintf("GET /_ping: TLS with %s: the daemon's certificate does not verify "
				    "against %s/good/ca.pem: ", host, e->dir);

	assert_int_equal(da_docker_ping(d, &err), -1);
	assert_prefix(err.msg, prefix);
	assert_non_null(strstr(err.msg, "localhost"));
	da_docker_close(d);
	free(prefix);
	free(host);
}

/* The daemon requires a client certificate; none is offered. */
static void test_tls_no_client_cert(void **state)
{
	struct tls_env *e = tls_env(state);
	struct da_docker *d = tls_client(e, NULL, "noclient", 1);
	struct da_err err = { "" };
	char *prefix = da_xasprintf("GET /_ping: TLS with %s: ", e->host);
	char *hint = da_xasprintf(" (no client certificate: %s/noclient/cert.pem not found): ", e->dir);

	assert_int_equal(da_docker_ping(d, &err), -1);
	assert_prefix(err.msg, prefix);
	if (!strstr(err.msg, hint))
		fail_msg("'%s' lacks '%s'", err.msg, hint);
	da_docker_close(d);
	free(prefix);
	free(hint);
}
/* Files the docker CLI would refuse: every request fails naming the file,
 * and nothing is connected to (the host does not exist). */
static void test_tls_unusable_files(void **state)
{
	char t[] = "/tmp/da-test-tls-files.XXXXXX";
	struct da_docker_opts opts = { .host = "tcp://192.0.2.1:2376", .tls_verify = 1 };
	const char *paths[] = { "/a", "/b" };
	struct da_err err = { "" };
	struct da_docker *d;
	json_t *outs[2];
	char *errs[2], *want;
	const char *home = getenv("HOME");
	char *saved_home = home ? da_xstrdup(home) : NULL;

	unset_tls_env();
	assert_non_null(mkdtemp(t));
	opts.cert_path = "/nonexistent/dockaudit-certs";
	d = open_or_fail(&opts);
	assert_int_equal(da_docker_ping(d, &err), -1);
	assert_string_equal(err.msg, "GET /_ping: TLS: DOCKER_TLS_VERIFY is set but "
				     "/nonexistent/dockaudit-certs/ca.pem cannot be read: No such file or directory");
	da_docker_get_many(d, paths, 2, outs, errs);
	assert_null(outs[1]);
	assert_string_equal(errs[1], "GET /b: TLS: DOCKER_TLS_VERIFY is set but "
				     "/nonexistent/dockaudit-certs/ca.pem cannot be read: No such file or directory");
	free(errs[0]);
	free(errs[1]);
	da_docker_close(d);

	/* cert.pem without key.pem (verification off: no CA needed) */
	write_file(t, "cert.pem", "x");
	opts.cert_path = t;
	opts.tls_verify = 0;
	d = open_or_fail(&opts);
	want = da_xasprintf("GET /version: TLS: %s/cert.pem is there but its key %s/key.pem cannot be "
			    "read: No such file or directory", t, t);
	assert_get_error(d, "/version", want);
	free(want);
	da_docker_close(d);

	/* DOCKER_TLS_VERIFY with neither DOCKER_CERT_PATH nor HOME */
	setenv("DOCKER_TLS_VERIFY", "yes", 1);
	unsetenv("HOME");
	opts.cert_path = NULL;
	opts.tls_verify = -1;
	d = open_or_fail(&opts);
	assert_get_error(d, "/version", "GET /version: TLS: DOCKER_TLS_VERIFY is set but there is no "
					"certificate directory (DOCKER_CERT_PATH, DOCKER_CONFIG and HOME are unset)");
	da_docker_close(d);

	/* DOCKER_CONFIG comes before ~/.docker */
	setenv("HOME", "/nonexistent/dockaudit-home", 1);
	setenv("DOCKER_CONFIG", "/nonexistent/dockaudit-config", 1);
	d = open_or_fail(&opts);
	assert_get_error(d, "/version", "GET /version: TLS: DOCKER_TLS_VERIFY is set but "
					"/nonexistent/dockaudit-config/ca.pem cannot be read: No such file or directory");
	da_docker_close(d);

	/* DOCKER_TLS_VERIFY means nothing to a unix socket. */
	opts.host = "unix:///nonexistent/dockaudit-test/docker.sock";
	d = open_or_fail(&opts);
	assert_get_error(d, "/version", "GET /version: cannot connect to "
					"unix:///nonexistent/dockaudit-test/docker.sock: No such file or directory");
	da_docker_close(d);

	unset_tls_env();
	if (saved_home)
		setenv("HOME", saved_home, 1);
	free(saved_home);
	remove_tree(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_no_proxy),
		cmocka_unit_test(test_get_many),
		cmocka_unit_test_setup_teardown(test_get_many_caps, setup, teardown),
		cmocka_unit_test(test_bad_hosts),
		cmocka_unit_test(test_good_hosts),
		cmocka_unit_test_setup_teardown(test_docker_host_env, setup, teardown),
		cmocka_unit_test(test_tcp_and_tls),
		cmocka_unit_test(test_tls_unusable_files),
	};
	const struct CMUnitTest tls_tests[] = {
		cmocka_unit_test(test_tls_verified),
		cmocka_unit_test(test_tls_wrong_ca),
		cmocka_unit_test(test_tls_wrong_name),
		cmocka_unit_test(test_tls_no_client_cert),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	return failed + cmocka_run_group_tests_name("tls", tls_tests, setup_tls_env, teardown_tls_env);
}
