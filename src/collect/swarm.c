/*
 * The swarm collector: what the Engine API does not say of a swarm node,
 * read from the swarm state the daemon keeps under its data root:
 * DATA_ROOT/swarm/docker-state.json (the listen, advertise and data path
 * addresses the node was initialised or joined with, which it uses again
 * at every start) and DATA_ROOT/swarm/certificates/swarm-root-ca.crt (the
 * swarm's root CA, whose notBefore is when it was last rotated). The
 * certificate's DER is read only as far as its validity dates, so no X.509
 * library is needed. Layout: dockaudit-facts(5), man/facts/20-daemon.roff.
 */
#include "collect/swarm.h"
#include "collect/collectors.h"
#include "common/rootfs.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define STATE_FILE "/swarm/docker-state.json"
#define CA_FILE "/swarm/certificates/swarm-root-ca.crt"
#define FILE_MAX (64u << 10)

/* ---- addresses ----------------------------------------------------------- */

char *da_swarm_addr_host(const char *addr)
{
	const char *end, *colon;

	if (addr[0] == '[') {
		end = strchr(addr, ']');
		return end ? da_xstrndup(addr + 1, (size_t)(end - addr - 1)) : da_xstrdup(addr + 1);
	}
	colon = strrchr(addr, ':');
	if (colon && strchr(addr, ':') != colon)
		return da_xstrdup(addr); /* a bare IPv6 address */
	return colon ? da_xstrndup(addr, (size_t)(colon - addr)) : da_xstrdup(addr);
}

bool da_swarm_host_is_any(const char *host)
{
	return !*host || !strcmp(host, "0.0.0.0") || !strcmp(host, "::") || !strcmp(host, "*");
}

/* ---- the certificate's dates ------------------------------------------- */

static int b64_value(int c)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(alphabet, c) : NULL;

	return p ? (int)(p - alphabet) : -1;
}

/* The DER inside the first CERTIFICATE block of PEM; *N its length. */
static unsigned char *pem_der(const char *pem, size_t len, size_t *n)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----", end[] = "-----END ";
	const char *p = memmem(pem, len, begin, sizeof(begin) - 1), *stop;
	unsigned char *out;
	uint32_t acc = 0;
	int bits = 0, v;

	if (!p)
		return NULL;
	p += sizeof(begin) - 1;
	stop = memmem(p, len - (size_t)(p - pem), end, sizeof(end) - 1);
	if (!stop)
		return NULL;
	out = da_xmalloc((size_t)(stop - p) + 1);
	*n = 0;
	for (; p < stop && *p != '='; p++) {
		if ((v = b64_value((unsigned char)*p)) < 0)
			continue; /* line breaks */
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[(*n)++] = (unsigned char)(acc >> bits);
		}
	}
	return out;
}

/* A DER element: its tag, and its contents [*BODY, *BODY + *LEN) inside
 * [*P, END); *P moves past it. */
static int der_next(const unsigned char **p, const unsigned char *end, int *tag,
		    const unsigned char **body, size_t *len)
{
	size_t n, i, k;

	if (end - *p < 2)
		return -EINVAL;
	*tag = (*p)[0];
	n = (*p)[1];
	*p += 2;
	if (n & 0x80) {
		k = n & 0x7f;
		if (!k || k > 4 || (size_t)(end - *p) < k)
			return -EINVAL;
		for (n = 0, i = 0; i < k; i++)
			n = n << 8 | (*p)[i];
		*p += k;
	}
	if ((size_t)(end - *p) < n)
		return -EINVAL;
	*body = *p;
	*len = n;
	*p += n;
	return 0;
}

/* Digits S[0..N) as a number; -1 when one is not a digit. */
static int digits(const unsigned char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* A UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ). */
static int der_time(int tag, const unsigned char *s, size_t n, time_t *out)
{
	size_t yl = tag == 0x17 ? 2 : 4;
	int y, mo, d, h, mi, sec;

	if ((tag != 0x17 && tag != 0x18) || n != yl + 11 || s[n - 1] != 'Z')
		return -EINVAL;
	y = digits(s, yl);
	mo = digits(s + yl, 2);
	d = digits(s + yl + 2, 2);
	h = digits(s + yl + 4, 2);
	mi = digits(s + yl + 6, 2);
	sec = digits(s + yl + 8, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || sec < 0 || sec > 60)
		return -EINVAL;
	if (tag == 0x17)
		y += y < 50 ? 2000 : 1900; /* RFC 5280 4.1.2.5.1 */
	*out = (time_t)days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 +
	       sec;
	return 0;
}

/* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version
 * OPTIONAL, serialNumber, signature, issuer, validity SEQUENCE {
 * notBefore, notAfter }, ... }, ... } */
static int der_dates(const unsigned char *der, size_t n, time_t *nb, time_t *na, const char **what)
{
	const unsigned char *p = der, *end = der + n, *body, *tp, *tend, *vp, *vend;
	size_t len;
	int tag, i;

	*what = "not a DER certificate";
	if (der_next(&p, end, &tag, &body, &len) < 0 || tag != 0x30)
		return -EINVAL;
	p = body;
	if (der_next(&p, body + len, &tag, &tp, &len) < 0 || tag != 0x30)
		return -EINVAL;
	tend = tp + len;
	if (der_next(&tp, tend, &tag, &body, &len) < 0)
		return -EINVAL;
	/* Past the version (when present), serial, signature and issuer. */
	for (i = tag == 0xa0 ? 0 : 1; i < 3; i++) {
		if (der_next(&tp, tend, &tag, &body, &len) < 0)
			return -EINVAL;
	}
	*what = "no validity in the certificate";
	if (der_next(&tp, tend, &tag, &vp, &len) < 0 || tag != 0x30)
		return -EINVAL;
	vend = vp + len;
	*what = "a validity date that is not a UTCTime or GeneralizedTime";
	if (der_next(&vp, vend, &tag, &body, &len) < 0 || der_time(tag, body, len, nb) < 0 ||
	    der_next(&vp, vend, &tag, &body, &len) < 0 || der_time(tag, body, len, na) < 0)
		return -EINVAL;
	return 0;
}

int da_swarm_cert_dates(const char *pem, size_t len, time_t *not_before, time_t *not_after,
			const char **what)
{
	unsigned char *der;
	size_t n = 0;
	int rc;

	der = pem_der(pem, len, &n);
	if (!der) {
		*what = "no PEM CERTIFICATE block";
		return -EINVAL;
	}
	rc = der_dates(der, n, not_before, not_after, what);
	free(der);
	return rc;
}

/* ---- the facts ----------------------------------------------------------- */

static char *iso_date(time_t t)
{
	struct tm tm;
	char buf[32];

	if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return da_xstrdup("");
	return da_xstrdup(buf);
}

/* Read DATA_ROOT + REL; NULL with an error set on O when it cannot be. */
static char *read_swarm_file(const struct da_root *root, const char *data_root, const char *rel,
			     json_t *o, size_t *len)
{
	char *path = da_xasprintf("%s%s", data_root, rel), *text = NULL, *shown;
	int rc;

	json_object_set_new(o, "path", json_string(path));
	rc = da_root_read_file(root, path, FILE_MAX, &text, len);
	if (rc < 0) {
		shown = da_root_host_path(root, path);
		da_facts_set_error(o, "%s: %s", shown, rc == -EFBIG ? "too large" : strerror(-rc));
		free(shown);
		text = NULL;
	}
	free(path);
	return text;
}

/* The listen, advertise and data path addresses of docker-state.json. */
static json_t *state_fact(const struct da_root *root, const char *data_root)
{
	static const char *const keys[][2] = {
		{ "ListenAddr", "listen_addr" },
		{ "AdvertiseAddr", "advertise_addr" },
		{ "DataPathAddr", "data_path_addr" },
	};
	json_t *o = json_object(), *doc;
	json_error_t jerr;
	size_t i, len = 0;
	char *text = read_swarm_file(root, data_root, STATE_FILE, o, &len);

	if (!text)
		return o;
	doc = json_loadb(text, len, 0, &jerr);
	if (!json_is_object(doc)) {
		da_facts_set_error(o, "%s: not a JSON object (%s)",
				   json_string_value(json_object_get(o, "path")),
				   doc ? "another JSON value" : jerr.text);
	} else {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			const json_t *v = json_object_get(doc, keys[i][0]);

			json_object_set_new(o, keys[i][1],
					    json_is_string(v) ? json_deep_copy(v) : json_string(""));
		}
	}
	json_decref(doc);
	free(text);
	return o;
}

/* The root CA certificate's dates and age in whole days at NOW. */
static json_t *ca_fact(const struct da_root *root, const char *data_root, time_t now)
{
	json_t *o = json_object();
	size_t len = 0;
	char *text = read_swarm_file(root, data_root, CA_FILE, o, &len), *s;
	const char *what;
	time_t nb, na;

	if (!text)
		return o;
	if (da_swarm_cert_dates(text, len, &nb, &na, &what) < 0) {
		da_facts_set_error(o, "%s: %s", json_string_value(json_object_get(o, "path")), what);
	} else {
		json_object_set_new(o, "not_before", json_string(s = iso_date(nb)));
		free(s);
		json_object_set_new(o, "not_after", json_string(s = iso_date(na)));
		free(s);
		json_object_set_new(o, "age_days", json_integer((json_int_t)((now - nb) / 86400)));
	}
	free(text);
	return o;
}

/* listen: where the node listens, and whether that is every interface. */
static json_t *listen_fact(const json_t *state)
{
	const char *addr = json_string_value(json_object_get(state, "listen_addr"));
	json_t *o;
	char *host;

	if (!addr)
		return json_pack("{s:s}", "error", json_string_value(json_object_get(state, "error")) ?
						   json_string_value(json_object_get(state, "error")) :
						   "no listen address");
	host = da_swarm_addr_host(addr);
	o = json_pack("{s:s, s:s, s:b}", "addr", addr, "host", host, "all_interfaces",
		      da_swarm_host_is_any(host));
	free(host);
	return o;
}

/* data_path: the data path address against the management address (the
 * advertise address, else /info's NodeAddr). */
static json_t *data_path_fact(const json_t *state, const json_t *swarm_info)
{
	const char *dp = json_string_value(json_object_get(state, "data_path_addr"));
	const char *adv = json_string_value(json_object_get(state, "advertise_addr"));
	const char *node = json_string_value(json_object_get(swarm_info, "NodeAddr"));
	char *dh, *mh;
	json_t *o;

	if (!dp)
		return json_pack("{s:s}", "error", json_string_value(json_object_get(state, "error")) ?
						   json_string_value(json_object_get(state, "error")) :
						   "no data path address");
	dh = da_swarm_addr_host(dp);
	mh = da_swarm_addr_host(adv && *adv ? adv : node ? node : "");
	o = json_pack("{s:s, s:s, s:b, s:b}", "addr", dh, "management_addr", mh, "set", *dh != 0,
		      "separate", *dh && *mh && strcmp(dh, mh) != 0);
	free(dh);
	free(mh);
	return o;
}

static void collect_swarm(struct da_collect_ctx *ctx, json_t *section)
{
	const json_t *info = da_facts_get(ctx->facts, "/daemon/info");
	const json_t *sw = json_object_get(info, "Swarm");
	const char *state = json_string_value(json_object_get(sw, "LocalNodeState"));
	const char *data_root = json_string_value(json_object_get(info, "DockerRootDir"));
	json_t *files;

	if (!json_is_object(info) || json_object_get(info, "error") || !state) {
		const char *e = json_string_value(json_object_get(info, "error"));

		da_facts_set_error(section, "%s", e ? e : "/info has no Swarm.LocalNodeState");
		return;
	}
	json_object_set_new(section, "state", json_string(state));
	json_object_set_new(section, "manager",
			    json_boolean(json_is_true(json_object_get(sw, "ControlAvailable"))));
	json_object_set_new(section, "node_addr",
			    json_is_string(json_object_get(sw, "NodeAddr"))
				    ? json_deep_copy(json_object_get(sw, "NodeAddr"))
				    : json_string(""));
	if (strcmp(state, "active") != 0 && strcmp(state, "locked") != 0)
		return; /* not in a swarm: no state to read */
	if (!data_root || data_root[0] != '/') {
		da_facts_set_error(section, "/info has no absolute DockerRootDir");
		return;
	}
	files = state_fact(ctx->root, data_root);
	json_object_set_new(section, "listen", listen_fact(files));
	json_object_set_new(section, "data_path", data_path_fact(files, sw));
	json_object_set_new(section, "state_file", files);
	json_object_set_new(section, "root_ca", ca_fact(ctx->root, data_root, time(NULL)));
}

const struct da_collector da_collector_swarm = {
	.name = "swarm",
	.summary = "a swarm node's listen and data path addresses and root CA, from its state files",
	.collect = collect_swarm,
};
