/*
 * Unit tests for src/docker/client.c against tests/unit/fake_engine.c,
 * which replays answers saved from dockerd 20.10 (tests/fixtures/api/):
 * a good GET, the daemon's error messages, bodies that are not JSON or too
 * big, a daemon that never answers, many GETs at once, host URIs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* tcp:// speaks plain HTTP, and HTTPS once DOCKER_TLS_VERIFY is set. */
static void test_tcp_and_tls(void **state)
{
	struct fake_engine *fe = fake_engine_start_tcp(routes, sizeof(routes) / sizeof(routes[0]));
	struct da_docker_opts opts = { .host = fake_engine_host(fe), .tls_verify = -1 };
	struct da_err err = { "" };
	struct da_docker *d;
	json_t *v = NULL;
	char *prefix = da_xasprintf("GET /version: %s: ", opts.host);

	unsetenv("DOCKER_TLS_VERIFY");
	unsetenv("DOCKER_CERT_PATH");
	d = open_or_fail(&opts);
	assert_int_equal(da_docker_get_json(d, "/version", &v, &err), 0);
	assert_string_equal(json_string_value(json_object_get(v, "Version")), "20.10.24+dfsg1");
	json_decref(v);
	da_docker_close(d);

	setenv("DOCKER_TLS_VERIFY", "1", 1);
	setenv("DOCKER_CERT_PATH", "/nonexistent/dockaudit-certs", 1);
	d = open_or_fail(&opts);
	assert_int_equal(da_docker_get_json(d, "/version", &v, &err), -1);
	/* A TLS handshake against a plain HTTP server fails. */
	assert_true(strncmp(err.msg, prefix, strlen(prefix)) == 0);
	assert_true(strstr(err.msg, "SSL") || strstr(err.msg, "TLS"));
	da_docker_close(d);
	unsetenv("DOCKER_TLS_VERIFY");
	unsetenv("DOCKER_CERT_PATH");
	free(prefix);
	fake_engine_stop(fe);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
