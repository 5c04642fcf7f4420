/*
 * The Engine API client (see client.h): host URI parsing as the docker CLI
 * reads DOCKER_HOST / DOCKER_CERT_PATH / DOCKER_TLS_VERIFY, and GETs with
 * libcurl, one at a time or many at once with the multi interface. Paths
 * are unversioned so any daemon answers; no proxy ever sees the traffic.
 */
#include "docker/client.h"
#include "common/buf.h"
#include "common/xalloc.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

/* Transfers da_docker_get_many runs at once. */
#define MAX_PARALLEL 16

struct da_docker {
	char *host;        /* the URI as given */
	char *socket_path; /* unix:// only */
	char *base_url;    /* "http://localhost" or "http(s)://HOST:PORT" */
	bool tls, verify;
	char *cert_dir;        /* where ca.pem, cert.pem and key.pem were looked for */
	char *ca, *cert, *key; /* TLS files that exist, else NULL */
	char *tls_error;       /* why TLS cannot be set up; no request is made then */
	CURLSH *share;         /* connections and TLS sessions, reused across requests */
	long timeout_ms;
	size_t max_response;
};

/* One request in flight. */
struct xfer {
	const char *path;
	struct da_buf body;
	bool too_big;
	char errbuf[CURL_ERROR_SIZE];
};

static bool curl_ready;

static bool valid_text(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return false;
	}
	return true;
}

static int parse_unix(struct da_docker *d, const char *rest, const char **why)
{
	if (rest[0] != '/') {
		*why = "the socket path must be absolute";
		return -EINVAL;
	}
	if (strlen(rest) >= sizeof(((struct sockaddr_un *)NULL)->sun_path)) {
		*why = "the socket path is too long";
		return -EINVAL;
	}
	d->socket_path = da_xstrdup(rest);
	d->base_url = da_xstrdup("http://localhost");
	return 0;
}

/* Split "HOST[:PORT]" or "[V6][:PORT]" into HOST (without brackets) and the
 * text after it (*TAIL). Returns the host length, or 0 when malformed. */
static size_t split_host(const char *s, const char **host, const char **tail)
{
	const char *ok = s[0] == '[' ? "0123456789abcdefABCDEF:." :
				       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_";
	size_t n;

	*host = s[0] == '[' ? s + 1 : s;
	n = strspn(*host, ok);
	*tail = *host + n;
	if (s[0] == '[') {
		if (**tail != ']')
			return 0;
		(*tail)++;
	}
	return n;
}

static int parse_port(const char *s, long *port)
{
	char *end;

	if (s[0] < '0' || s[0] > '9' || strlen(s) > 5)
		return -EINVAL;
	*port = strtol(s, &end, 10);
	return *end || *port < 1 || *port > 65535 ? -EINVAL : 0;
}

static int parse_tcp(struct da_docker *d, const char *rest, const char **why)
{
	const char *host, *tail;
	char *copy = da_xstrdup(rest);
	size_t n, len = strlen(copy);
	long port = d->tls ? 2376 : 2375;
	int rc = -EINVAL;

	if (len && copy[len - 1] == '/')
		copy[len - 1] = '\0';
	n = split_host(copy, &host, &tail);
	if (n == 0 || strchr(tail, '/')) {
		*why = "expected tcp://HOST:PORT";
		goto out;
	}
	if (*tail && (*tail != ':' || parse_port(tail + 1, &port) < 0)) {
		*why = *tail == ':' ? "the port must be a number from 1 to 65535" :
				      "expected tcp://HOST:PORT";
		goto out;
	}
	d->base_url = da_xasprintf("%s://%s%.*s%s:%ld", d->tls ? "https" : "http",
				   copy[0] == '[' ? "[" : "", (int)n, host,
				   copy[0] == '[' ? "]" : "", port);
	rc = 0;
out:
	free(copy);
	return rc;
}

static const struct {
	const char *prefix;
	int (*parse)(struct da_docker *d, const char *rest, const char **why);
} schemes[] = {
	{ "unix://", parse_unix },
	{ "tcp://", parse_tcp },
};

static int parse_host(struct da_docker *d, const char *uri, struct da_err *err)
{
	const char *why = "unsupported scheme (expected unix:// or tcp://)";
	size_t i;

	if (!*uri)
		return da_err_set(err, "invalid Docker host URI '': empty");
	if (!valid_text(uri))
		return da_err_set(err, "invalid Docker host URI '%s': contains a space or a control character",
				  uri);
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		size_t n = strlen(schemes[i].prefix);

		if (strncmp(uri, schemes[i].prefix, n) != 0)
			continue;
		if (schemes[i].parse(d, uri + n, &why) == 0)
			return 0;
		break;
	}
	return da_err_set(err, "invalid Docker host URI '%s': %s", uri, why);
}

/* DIR/NAME when it is readable, else NULL (and *WHY the errno). Caller
 * frees. */
static char *tls_file(const char *dir, const char *name, int *why)
{
	char *path = da_xasprintf("%s/%s", dir, name);

	if (access(path, R_OK) == 0)
		return path;
	*why = errno;
	free(path);
	return NULL;
}

/* What the docker CLI refuses too: verification without a CA it can read,
 * half a client key pair. NULL when the files are usable. Caller frees. */
static char *tls_files_error(const struct da_docker *d, int ca_errno, int cert_errno,
			     int key_errno)
{
	if (!d->cert_dir)
		return d->verify ? da_xstrdup("TLS: DOCKER_TLS_VERIFY is set but there is no "
					      "certificate directory (DOCKER_CERT_PATH, DOCKER_CONFIG and "
					      "HOME are unset)") :
				   NULL;
	if (d->verify && !d->ca)
		return da_xasprintf("TLS: DOCKER_TLS_VERIFY is set but %s/ca.pem cannot be read: %s",
				    d->cert_dir, strerror(ca_errno));
	if (d->cert && !d->key)
		return da_xasprintf("TLS: %s is there but its key %s/key.pem cannot be read: %s",
				    d->cert, d->cert_dir, strerror(key_errno));
	if (d->key && !d->cert)
		return da_xasprintf("TLS: %s is there but its certificate %s/cert.pem cannot be read: %s",
				    d->key, d->cert_dir, strerror(cert_errno));
	return NULL;
}

static bool env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

/* TLS as the docker tools decide it: DOCKER_TLS_VERIFY (any non-empty
 * value, "0" too) verifies the daemon against ca.pem; DOCKER_TLS or a
 * certificate directory alone (as the Go SDK's FromEnv) mean TLS without
 * verification; cert.pem and key.pem are offered when present. The
 * directory is DOCKER_CERT_PATH, else the docker CLI's configuration
 * directory: DOCKER_CONFIG, else ~/.docker. */
static void setup_tls(struct da_docker *d, const struct da_docker_opts *opts)
{
	const char *dir = opts->cert_path ? opts->cert_path : getenv("DOCKER_CERT_PATH");
	const char *home = getenv("HOME");
	int ca_errno = 0, cert_errno = 0, key_errno = 0;

	d->verify = opts->tls_verify < 0 ? env_set("DOCKER_TLS_VERIFY") : opts->tls_verify > 0;
	if (dir && !*dir)
		dir = NULL;
	d->tls = d->verify || dir || env_set("DOCKER_TLS");
	if (!d->tls)
		return;
	if (dir)
		d->cert_dir = da_xstrdup(dir);
	else if (env_set("DOCKER_CONFIG"))
		d->cert_dir = da_xstrdup(getenv("DOCKER_CONFIG"));
	else if (home && *home)
		d->cert_dir = da_xasprintf("%s/.docker", home);
	if (d->cert_dir) {
		d->ca = tls_file(d->cert_dir, "ca.pem", &ca_errno);
		d->cert = tls_file(d->cert_dir, "cert.pem", &cert_errno);
		d->key = tls_file(d->cert_dir, "key.pem", &key_errno);
	}
	d->tls_error = tls_files_error(d, ca_errno, cert_errno, key_errno);
}

/* One handle shares connections and TLS sessions between all requests of
 * a client, so a TLS handshake is not repeated for each of them. Used from
 * one thread only: no locks. NULL (nothing shared) if libcurl cannot. */
static CURLSH *new_share(void)
{
	CURLSH *sh = curl_share_init();

	if (sh && (curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK ||
		   curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK)) {
		curl_share_cleanup(sh);
		sh = NULL;
	}
	return sh;
}

int da_docker_open(const struct da_docker_opts *opts, struct da_docker **out, struct da_err *err)
{
	const char *host = opts->host;
	struct da_docker *d;

	*out = NULL;
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return da_err_set(err, "cannot initialise libcurl");
		curl_ready = true;
	}
	if (!host) {
		host = getenv("DOCKER_HOST");
		if (!host || !*host)
			host = DA_DOCKER_DEFAULT_HOST;
	}
	d = da_xcalloc(1, sizeof(*d));
	d->share = new_share();
	d->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : DA_DOCKER_DEFAULT_TIMEOUT_MS;
	d->max_response = opts->max_response ? opts->max_response : DA_DOCKER_MAX_RESPONSE;
	if (strncmp(host, "tcp://", 6) == 0)
		setup_tls(d, opts);
	if (parse_host(d, host, err) < 0) {
		da_docker_close(d);
		return -1;
	}
	d->host = da_xstrdup(host);
	*out = d;
	return 0;
}

const char *da_docker_host(const struct da_docker *d)
{
	return d->host;
}

const char *da_docker_socket_path(const struct da_docker *d)
{
	return d->socket_path;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct xfer *x = ctx;
	size_t n = size * nmemb;

	if (da_buf_append(&x->body, data, n) < 0) {
		x->too_big = true;
		return 0; /* aborts the transfer */
	}
	return n;
}

static void set_tls(CURL *c, const struct da_docker *d)
{
	if (d->cert)
		curl_easy_setopt(c, CURLOPT_SSLCERT, d->cert);
	if (d->key)
		curl_easy_setopt(c, CURLOPT_SSLKEY, d->key);
	if (d->ca)
		curl_easy_setopt(c, CURLOPT_CAINFO, d->ca);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, d->verify ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, d->verify ? 2L : 0L);
}

/* An easy handle for GET X->PATH with every cap and timeout set; NULL if
 * libcurl cannot make one. */
static CURL *new_easy(const struct da_docker *d, struct xfer *x, const char *url)
{
	CURL *c = curl_easy_init();

	if (!c)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	if (d->socket_path)
		curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, d->socket_path);
	if (d->tls)
		set_tls(c, d);
	if (d->share)
		curl_easy_setopt(c, CURLOPT_SHARE, d->share);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, d->timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, d->timeout_ms);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)d->max_response);
	curl_easy_setopt(c, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	return c;
}

static CURL *start(const struct da_docker *d, struct xfer *x, const char *path)
{
	char *url = da_xasprintf("%s%s", d->base_url, path);
	CURL *c;

	x->path = path;
	x->too_big = false;
	x->errbuf[0] = '\0';
	da_buf_init(&x->body, d->max_response);
	c = d->tls_error ? NULL : new_easy(d, x, url);
	free(url);
	return c;
}

/* libcurl's results that mean the TLS layer failed, and what that means. */
static const struct {
	CURLcode code;
	const char *what;
} tls_failures[] = {
	{ CURLE_PEER_FAILED_VERIFICATION, "the daemon's certificate does not verify" },
	{ CURLE_SSL_CONNECT_ERROR, "the TLS handshake failed" },
	{ CURLE_SSL_CERTPROBLEM, "the client certificate cannot be used" },
	{ CURLE_SSL_CACERT_BADFILE, "the CA certificate cannot be used" },
	{ CURLE_SSL_CIPHER, "no cipher in common with the daemon" },
	{ CURLE_USE_SSL_FAILED, "the TLS handshake failed" },
	/* A daemon that requires a client certificate may refuse one only
	 * after the handshake (TLS 1.3): the first read or write fails. */
	{ CURLE_RECV_ERROR, "the daemon ended the TLS session" },
	{ CURLE_SEND_ERROR, "the daemon ended the TLS session" },
};

static const char *tls_failure(CURLcode rc)
{
	size_t i;

	for (i = 0; i < sizeof(tls_failures) / sizeof(tls_failures[0]); i++) {
		if (tls_failures[i].code == rc)
			return tls_failures[i].what;
	}
	return NULL;
}

/* "GET PATH: TLS with HOST: WHAT (which files): libcurl's text". The files
 * named are those that explain the failure. Caller frees. */
static char *tls_error(const struct da_docker *d, const struct xfer *x, const char *what,
		       CURLcode rc)
{
	const char *text = x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc);
	char *files, *out;

	if (rc == CURLE_PEER_FAILED_VERIFICATION)
		files = da_xasprintf(" against %s", d->ca ? d->ca : "the system's CA certificates");
	else if (rc == CURLE_SSL_CACERT_BADFILE)
		files = da_xasprintf(" (%s)", d->ca ? d->ca : "the system's CA certificates");
	else if (!d->cert)
		files = da_xasprintf(" (no client certificate: %s/cert.pem not found)",
				     d->cert_dir ? d->cert_dir : "~/.docker");
	else
		files = da_xasprintf(" (client certificate %s)", d->cert);
	out = da_xasprintf("GET %s: TLS with %s: %s%s: %s", x->path, d->host, what, files, text);
	free(files);
	return out;
}

/* Why the transfer failed at the transport level. Caller frees. */
static char *transport_error(const struct da_docker *d, const struct xfer *x, CURL *c,
			     CURLcode rc)
{
	const char *tls = d->tls ? tls_failure(rc) : NULL;
	long oserr = 0;

	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		return da_xasprintf("response to GET %s exceeds %zu bytes", x->path, d->max_response);
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return da_xasprintf("GET %s: no answer from %s within %ld ms", x->path, d->host,
				    d->timeout_ms);
	curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &oserr);
	if (rc == CURLE_COULDNT_CONNECT && oserr)
		return da_xasprintf("GET %s: cannot connect to %s: %s", x->path, d->host,
				    strerror((int)oserr));
	if (tls)
		return tls_error(d, x, tls, rc);
	return da_xasprintf("GET %s: %s: %s", x->path, d->host,
			    x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
}

/* The daemon's message is outside text: keep an error to one line. */
static void one_line(char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			*s = ' ';
	}
}

/* Go's HTTPS server answers plain HTTP with 400 and this text. */
static bool speaks_tls(const struct xfer *x)
{
	static const char text[] = "Client sent an HTTP request to an HTTPS server";

	return x->body.data && memmem(x->body.data, x->body.len, text, sizeof(text) - 1);
}

/* NULL when the transfer succeeded with a 2xx status, else why not (with
 * the daemon's "message" when its body has one). Caller frees. */
static char *status_error(const struct da_docker *d, const struct xfer *x, CURL *c, CURLcode rc)
{
	const char *msg;
	long status = 0;
	json_t *body;
	char *out;

	if (!c && d->tls_error)
		return da_xasprintf("GET %s: %s", x->path, d->tls_error);
	if (!c)
		return da_xasprintf("GET %s: cannot start a transfer", x->path);
	if (rc != CURLE_OK)
		return transport_error(d, x, c, rc);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 200 && status < 300)
		return NULL;
	if (!d->tls && status == 400 && speaks_tls(x))
		return da_xasprintf("GET %s: HTTP 400: %s expects TLS (set DOCKER_TLS_VERIFY=1 "
				    "and DOCKER_CERT_PATH)", x->path, d->host);
	body = json_loadb(x->body.data ? x->body.data : "", x->body.len, 0, NULL);
	msg = json_string_value(json_object_get(body, "message"));
	if (msg)
		out = da_xasprintf("GET %s: HTTP %ld: %s", x->path, status, msg);
	else
		out = da_xasprintf("GET %s: HTTP %ld", x->path, status);
	json_decref(body);
	one_line(out);
	return out;
}

/* Turn a finished transfer into *OUT or an error message (caller frees). */
static char *finish_json(const struct da_docker *d, struct xfer *x, CURL *c, CURLcode rc,
			 json_t **out)
{
	json_error_t jerr;
	char *msg = status_error(d, x, c, rc);

	*out = NULL;
	if (!msg) {
		*out = json_loadb(x->body.data ? x->body.data : "", x->body.len, 0, &jerr);
		if (!*out)
			msg = da_xasprintf("GET %s: invalid JSON at line %d column %d: %s", x->path,
					   jerr.line, jerr.column, jerr.text);
	}
	da_buf_free(&x->body);
	return msg;
}

/* Run one GET to completion; returns the error message or NULL. */
static char *get_one(struct da_docker *d, const char *path, json_t **out)
{
	struct xfer x;
	CURL *c = start(d, &x, path);
	CURLcode rc = c ? curl_easy_perform(c) : CURLE_FAILED_INIT;
	char *msg;

	if (out) {
		msg = finish_json(d, &x, c, rc, out);
	} else {
		msg = status_error(d, &x, c, rc);
		da_buf_free(&x.body);
	}
	curl_easy_cleanup(c);
	return msg;
}

int da_docker_ping(struct da_docker *d, struct da_err *err)
{
	char *msg = get_one(d, "/_ping", NULL);
	int rc = 0;

	if (msg)
		rc = da_err_set(err, "%s", msg);
	free(msg);
	return rc;
}

int da_docker_get_json(struct da_docker *d, const char *path, json_t **out, struct da_err *err)
{
	char *msg = get_one(d, path, out);
	int rc = 0;

	if (msg)
		rc = da_err_set(err, "%s", msg);
	free(msg);
	return rc;
}

/* Add transfer I of the batch to M; on failure record it as finished. */
static bool add_transfer(struct da_docker *d, CURLM *m, struct xfer *xs, size_t i,
			 const char *const *paths, json_t **outs, char **errs)
{
	CURL *c = start(d, &xs[i], paths[i]);

	if (c) {
		curl_easy_setopt(c, CURLOPT_PRIVATE, (void *)&xs[i]);
		if (curl_multi_add_handle(m, c) == CURLM_OK)
			return true;
	}
	errs[i] = finish_json(d, &xs[i], NULL, CURLE_FAILED_INIT, &outs[i]);
	curl_easy_cleanup(c);
	return false;
}

/* Collect every finished transfer; returns how many finished. */
static size_t reap(struct da_docker *d, CURLM *m, struct xfer *xs, json_t **outs, char **errs)
{
	CURLMsg *msg;
	size_t done = 0;
	int left;

	while ((msg = curl_multi_info_read(m, &left))) {
		CURL *c = msg->easy_handle;
		CURLcode rc = msg->data.result;
		char *priv = NULL;
		struct xfer *x;
		size_t i;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(c, CURLINFO_PRIVATE, &priv);
		x = (struct xfer *)(void *)priv;
		i = (size_t)(x - xs);
		errs[i] = finish_json(d, x, c, rc, &outs[i]);
		curl_multi_remove_handle(m, c);
		curl_easy_cleanup(c);
		done++;
	}
	return done;
}

void da_docker_get_many(struct da_docker *d, const char *const *paths, size_t n, json_t **outs,
			char **errs)
{
	struct xfer *xs = da_xcalloc(n, sizeof(*xs));
	CURLM *m = curl_multi_init();
	size_t next = 0, active = 0, i;
	int running;

	for (i = 0; i < n; i++) {
		outs[i] = NULL;
		errs[i] = NULL;
	}
	while (m && (next < n || active)) {
		while (active < MAX_PARALLEL && next < n) {
			if (add_transfer(d, m, xs, next, paths, outs, errs))
				active++;
			next++;
		}
		curl_multi_perform(m, &running);
		active -= reap(d, m, xs, outs, errs);
		if (active)
			curl_multi_poll(m, NULL, 0, 1000, NULL);
	}
	for (i = 0; !m && i < n; i++)
		errs[i] = da_xasprintf("GET %s: cannot start libcurl", paths[i]);
	curl_multi_cleanup(m);
	free(xs);
}

void da_docker_close(struct da_docker *d)
{
	if (!d)
		return;
	free(d->host);
	free(d->socket_path);
	free(d->base_url);
	free(d->cert_dir);
	free(d->ca);
	free(d->cert);
	free(d->key);
	free(d->tls_error);
	curl_share_cleanup(d->share);
	free(d);
}
