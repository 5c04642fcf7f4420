/*
 * The host collector: hostname, FQDN, kernel, OS release, boot time and the
 * network interfaces with their addresses. Everything is read through the
 * root prefix (files, ROOT/proc, ROOT/sys), never by a DNS query, ioctl or
 * netlink, which would describe the machine running dockaudit, not ROOT.
 */
#include "collect/collectors.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* These files are a line or a few dozen lines. */
#define HOST_FILE_MAX (64u << 10)
/* /etc/hosts (ad-blocking lists run to megabytes), /proc/stat (a line per
 * CPU), and the routing files of a host with many networks. */
#define HOST_LIST_MAX (16u << 20)
/* A host with thousands of containers has a veth per container. */
#define HOST_IFACES_MAX 16384
#define HOST_FIELDS_MAX 16
/* Names looked at on one line of /etc/hosts. */
#define HOST_ALIASES_MAX 256

/* Append "; " and the formatted clause to ERRORS. */
static void clause(struct da_buf *errors, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void clause(struct da_buf *errors, const char *fmt, ...)
{
	va_list ap;

	if (errors->len)
		da_buf_puts(errors, "; ");
	va_start(ap, fmt);
	da_buf_vprintf(errors, fmt, ap);
	va_end(ap);
}

/* Append ", " and the formatted item to LIST. */
static void item(struct da_buf *list, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void item(struct da_buf *list, const char *fmt, ...)
{
	va_list ap;

	if (list->len)
		da_buf_puts(list, ", ");
	va_start(ap, fmt);
	da_buf_vprintf(list, fmt, ap);
	va_end(ap);
}

static const char *why(int rc)
{
	return rc == -EFBIG ? "file too large" : strerror(-rc);
}

/* Split LINE in place at blanks into at most MAX fields; returns how many. */
static size_t split_fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line)
			break;
		f[n++] = line;
		line += strcspn(line, " \t");
		if (*line)
			*line++ = '\0';
	}
	return n;
}

/* The next line of *CURSOR (NUL-terminated in place), or NULL at the end. */
static char *next_line(char **cursor)
{
	char *line = *cursor, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl)
		*nl++ = '\0';
	*cursor = nl;
	return line;
}

/* Read the first of PATHS that can be read into *DATA (caller frees). When
 * none can, returns -1 and appends "WHAT: PATH: why, PATH: why" to ERRORS. */
static int read_first(const struct da_root *root, const char *const *paths, const char *what,
		      size_t max, char **data, struct da_buf *errors)
{
	struct da_buf tried;
	size_t i;
	int rc = -ENOENT;

	da_buf_init(&tried, 0);
	for (i = 0; paths[i]; i++) {
		rc = da_root_read_file(root, paths[i], max, data, NULL);
		if (rc == 0)
			break;
		da_buf_printf(&tried, "%s%s: %s", i ? ", " : "", paths[i], why(rc));
	}
	if (rc < 0)
		clause(errors, "%s: %s", what, tried.data);
	da_buf_free(&tried);
	return rc < 0 ? -1 : 0;
}

/* The array V (of elements of SIZE, *ALLOC of them allocated) with room
 * for element N, doubled when it is full. */
static void *grow(void *v, size_t n, size_t *alloc, size_t size)
{
	if (n < *alloc)
		return v;
	*alloc = *alloc ? 2 * *alloc : 16;
	return da_xreallocarray(v, *alloc, size);
}

/* S with leading and trailing blanks cut (in place). */
static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

/* NAME is the first line of the first readable of PATHS, blanks trimmed. */
static void set_first_line(struct da_collect_ctx *ctx, json_t *section, const char *name,
			   const char *const *paths, struct da_buf *errors)
{
	char *data = NULL, *start;

	if (read_first(ctx->root, paths, name, HOST_FILE_MAX, &data, errors) < 0)
		return;
	start = data + strspn(data, " \t\r\n");
	start[strcspn(start, "\n")] = '\0';
	json_object_set_new(section, name, da_facts_string(trim(start)));
	free(data);
}

/* ---- os-release ---------------------------------------------------------- */

/* Undo os-release quoting: "..." with \" \\ \$ \` escapes, or '...'. */
static void unquote(char *s)
{
	char *out = s, q = *s;

	if (q != '"' && q != '\'')
		return;
	for (s++; *s && *s != q; s++) {
		if (q == '"' && *s == '\\' && s[1] && strchr("\"\\$`", s[1]))
			s++;
		*out++ = *s;
	}
	*out = '\0';
}

enum { OS_ID, OS_VERSION_ID, OS_PRETTY_NAME, OS_NKEYS };

/* The os-release keys we record: fact member, key, os-release(5)'s default. */
static const struct {
	const char *member, *key, *def;
} os_keys[OS_NKEYS] = {
	[OS_ID] = { "id", "ID", "linux" },
	[OS_VERSION_ID] = { "version_id", "VERSION_ID", NULL },
	[OS_PRETTY_NAME] = { "pretty_name", "PRETTY_NAME", "Linux" },
};

/* Fill VALS (pointers into DATA, which is changed) with each key's value;
 * a key given twice has its last value, as systemd reads the file. */
static void os_release_scan(char *data, const char *vals[OS_NKEYS])
{
	char *cursor = data, *line, *eq;
	size_t i;

	while ((line = next_line(&cursor))) {
		line = trim(line);
		eq = strchr(line, '=');
		if (*line == '#' || !eq)
			continue;
		*eq = '\0';
		for (i = 0; i < OS_NKEYS; i++)
			if (!strcmp(line, os_keys[i].key))
				break;
		if (i == OS_NKEYS)
			continue;
		unquote(eq + 1);
		vals[i] = eq + 1;
	}
}

static void set_os(struct da_collect_ctx *ctx, json_t *section, struct da_buf *errors)
{
	static const char *const paths[] = { "/etc/os-release", "/usr/lib/os-release", NULL };
	const char *vals[OS_NKEYS] = { NULL };
	json_t *rel;
	char *data = NULL;
	size_t i;

	if (read_first(ctx->root, paths, "os", HOST_FILE_MAX, &data, errors) < 0)
		return;
	os_release_scan(data, vals);
	rel = json_object();
	for (i = 0; i < OS_NKEYS; i++) {
		const char *v = vals[i] ? vals[i] : os_keys[i].def;

		json_object_set_new(rel, os_keys[i].member, v ? da_facts_string(v) : json_null());
	}
	json_object_set(section, "os", json_object_get(rel, "pretty_name"));
	json_object_set_new(section, "os_release", rel);
	free(data);
}

/* ---- FQDN and boot time -------------------------------------------------- */

/* The canonical name (the first name) of the first line of the hosts file
 * DATA that lists NAME, or NULL. Points into DATA, which is changed. */
static const char *hosts_canonical(char *data, const char *name)
{
	char *cursor = data, *line, *f[HOST_ALIASES_MAX];
	size_t n, i;

	while ((line = next_line(&cursor))) {
		line[strcspn(line, "#")] = '\0';
		n = split_fields(line, f, HOST_ALIASES_MAX);
		for (i = 1; i < n; i++)
			if (!strcasecmp(f[i], name))
				return f[1];
	}
	return NULL;
}

/* The FQDN as `hostname -f` finds it with "files" name resolution: the
 * canonical name of the /etc/hosts line naming the hostname, else the
 * hostname itself. Never a DNS query. */
static void set_fqdn(struct da_collect_ctx *ctx, json_t *section, struct da_buf *errors)
{
	const char *hostname = json_string_value(json_object_get(section, "hostname"));
	const char *canonical = NULL;
	char *data = NULL;
	int rc;

	if (!hostname)
		return;
	rc = da_root_read_file(ctx->root, "/etc/hosts", HOST_LIST_MAX, &data, NULL);
	if (rc == 0)
		canonical = hosts_canonical(data, hostname);
	else if (rc != -ENOENT)
		clause(errors, "fqdn: /etc/hosts: %s", why(rc));
	json_object_set_new(section, "fqdn", da_facts_string(canonical ? canonical : hostname));
	json_object_set_new(section, "fqdn_source", json_string(canonical ? "/etc/hosts" : "hostname"));
	free(data);
}

/* The btime line of /proc/stat DATA, or -1. */
static long long stat_btime(char *data)
{
	char *cursor = data, *line, *end;
	long long t;

	while ((line = next_line(&cursor))) {
		if (strncmp(line, "btime ", 6))
			continue;
		errno = 0;
		t = strtoll(line + 6, &end, 10);
		if (errno || end == line + 6 || t < 0 || *trim(end))
			return -1;
		return t;
	}
	return -1;
}

static void set_boot_time(struct da_collect_ctx *ctx, json_t *section, struct da_buf *errors)
{
	char *data = NULL, stamp[64];
	long long btime;
	struct tm tm;
	time_t t;
	int rc;

	rc = da_root_read_file(ctx->root, "/proc/stat", HOST_LIST_MAX, &data, NULL);
	if (rc < 0) {
		clause(errors, "boot_time: /proc/stat: %s", why(rc));
		return;
	}
	btime = stat_btime(data);
	t = (time_t)btime;
	/* RFC 3339 has four-digit years: up to 9999-12-31T23:59:59Z. */
	if (btime < 0 || btime >= 253402300800LL || !gmtime_r(&t, &tm) ||
	    !strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm))
		clause(errors, "boot_time: /proc/stat: no valid btime line");
	else
		json_object_set_new(section, "boot_time", json_string(stamp));
	free(data);
}

/* ---- network interfaces -------------------------------------------------- */

struct iface {
	char *name;
	json_t *obj;  /* the fact object; owned by the interfaces array */
	bool loopback;
};

struct ifaces {
	struct iface *v;
	size_t n, alloc;
	bool truncated;
	const char *net; /* "/proc/1/net" or "/proc/net" */
};

/* An interface name that can be used as a path component. */
static bool name_ok(const char *name)
{
	return *name && strlen(name) < 256 && !strchr(name, '/') && strcmp(name, ".") &&
	       strcmp(name, "..");
}

/* Add NAME; repeats are dropped by ifaces_sort. */
static void ifaces_add(struct ifaces *ifs, const char *name)
{
	if (!name_ok(name))
		return;
	ifs->v = grow(ifs->v, ifs->n, &ifs->alloc, sizeof(*ifs->v));
	ifs->v[ifs->n++] = (struct iface){ .name = da_xstrdup(name) };
}

static int iface_cmp(const void *a, const void *b)
{
	return strcmp(((const struct iface *)a)->name, ((const struct iface *)b)->name);
}

/* Sort by name, drop repeats, and keep the first HOST_IFACES_MAX. */
static void ifaces_sort(struct ifaces *ifs)
{
	size_t i, k = 0;

	if (!ifs->n)
		return;
	qsort(ifs->v, ifs->n, sizeof(*ifs->v), iface_cmp);
	for (i = 1; i < ifs->n; i++) {
		if (!strcmp(ifs->v[i].name, ifs->v[k].name))
			free(ifs->v[i].name);
		else
			ifs->v[++k] = ifs->v[i];
	}
	ifs->n = k + 1;
	while (ifs->n > HOST_IFACES_MAX) {
		free(ifs->v[--ifs->n].name);
		ifs->truncated = true;
	}
}

static struct iface *ifaces_find(const struct ifaces *ifs, const char *name)
{
	struct iface key = { .name = (char *)name };

	return ifs->n ? bsearch(&key, ifs->v, ifs->n, sizeof(*ifs->v), iface_cmp) : NULL;
}

static void ifaces_free(struct ifaces *ifs)
{
	size_t i;

	for (i = 0; i < ifs->n; i++)
		free(ifs->v[i].name);
	free(ifs->v);
}

/* Read a file of the net directory (ROOT/proc/1/net or ROOT/proc/net).
 * Failure is trouble, except ENOENT when OPTIONAL. */
static int read_net(const struct da_root *root, const struct ifaces *ifs, const char *file,
		    bool optional, char **data, struct da_buf *trouble)
{
	char *path = da_xasprintf("%s/%s", ifs->net, file);
	int rc = da_root_read_file(root, path, HOST_LIST_MAX, data, NULL);

	if (rc < 0 && !(optional && rc == -ENOENT))
		item(trouble, "%s: %s", path, why(rc));
	free(path);
	return rc;
}

/* The interfaces sysfs lists. False when it cannot be read. */
static bool names_from_sysfs(const struct da_root *root, struct ifaces *ifs, struct da_buf *trouble)
{
	DIR *d = da_root_opendir(root, "/sys/class/net");
	struct dirent *e;

	if (!d) {
		item(trouble, "/sys/class/net: %s", strerror(errno));
		return false;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			ifaces_add(ifs, e->d_name);
	closedir(d);
	return true;
}

/* One line of /proc/net/if_inet6, parsed. */
struct inet6 {
	char address[INET6_ADDRSTRLEN];
	unsigned prefix_len, scope;
	const char *name; /* points into the file's data */
};

static bool parse_hex_bytes(const char *hex, unsigned char *out, size_t n)
{
	size_t i;
	unsigned v;

	if (strlen(hex) != 2 * n)
		return false;
	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)hex[2 * i]) || !isxdigit((unsigned char)hex[2 * i + 1]) ||
		    sscanf(hex + 2 * i, "%2x", &v) != 1)
			return false;
		out[i] = (unsigned char)v;
	}
	return true;
}

static bool parse_hex_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!isxdigit((unsigned char)*s))
		return false;
	errno = 0;
	*out = strtoul(s, &end, 16);
	return !errno && !*end && *out <= max;
}

/* "address ifindex prefix_len scope flags name", all hex but the name. */
static bool parse_inet6(char *line, struct inet6 *a)
{
	unsigned char bytes[16];
	unsigned long plen, scope, dummy;
	char *f[HOST_FIELDS_MAX];

	if (split_fields(line, f, HOST_FIELDS_MAX) != 6 || !parse_hex_bytes(f[0], bytes, 16) ||
	    !parse_hex_uint(f[1], UINT32_MAX, &dummy) || !parse_hex_uint(f[2], 128, &plen) ||
	    !parse_hex_uint(f[3], 0xff, &scope) || !parse_hex_uint(f[4], UINT32_MAX, &dummy) ||
	    !inet_ntop(AF_INET6, bytes, a->address, sizeof(a->address)))
		return false;
	a->prefix_len = (unsigned)plen;
	a->scope = (unsigned)scope;
	a->name = f[5];
	return true;
}

/* Scope values of if_inet6 (the kernel's IPV6_ADDR_SCOPE_*, shifted). */
static const struct {
	unsigned scope;
	const char *name;
} inet6_scopes[] = {
	{ 0x00, "global" }, { 0x10, "host" }, { 0x20, "link" }, { 0x40, "site" }, { 0x80, "compat" },
};

static json_t *scope_json(unsigned scope)
{
	char hex[8];
	size_t i;

	for (i = 0; i < sizeof(inet6_scopes) / sizeof(inet6_scopes[0]); i++)
		if (inet6_scopes[i].scope == scope)
			return json_string(inet6_scopes[i].name);
	snprintf(hex, sizeof(hex), "0x%02x", scope & 0xffu);
	return json_string(hex);
}

struct inet6_list {
	struct inet6 *v;
	size_t n, alloc;
	char *data;
};

/* The IPv6 addresses. False when they cannot be known; a kernel without
 * IPv6 has no if_inet6, and no addresses. */
static bool read_inet6(const struct da_root *root, struct ifaces *ifs, struct inet6_list *l,
		       struct da_buf *trouble)
{
	char *cursor, *line;
	struct inet6 a;
	size_t bad = 0;
	int rc = read_net(root, ifs, "if_inet6", true, &l->data, trouble);

	if (rc < 0)
		return rc == -ENOENT;
	cursor = l->data;
	while ((line = next_line(&cursor))) {
		if (!parse_inet6(line, &a)) {
			bad += !!*trim(line);
			continue;
		}
		l->v = grow(l->v, l->n, &l->alloc, sizeof(*l->v));
		l->v[l->n++] = a;
		ifaces_add(ifs, a.name);
	}
	if (bad)
		item(trouble, "%s/if_inet6: %zu malformed line%s", ifs->net, bad,
		       bad == 1 ? "" : "s");
	return true;
}

/* A directly connected IPv4 route of /proc/net/route, in host byte order. */
struct route4 {
	const char *name; /* points into the file's data */
	uint32_t dest, mask;
};

struct route4_list {
	struct route4 *v;
	size_t n, alloc;
	char *data;
};

/* The kernel prints each address as the u32 it holds in memory, network
 * byte order, with %08X: reading it back as a u32 gives those same bytes. */
static bool parse_route_addr(const char *s, uint32_t *out)
{
	unsigned long v;

	if (!parse_hex_uint(s, UINT32_MAX, &v) || strlen(s) != 8)
		return false;
	*out = ntohl((uint32_t)v);
	return true;
}

/* "Iface Destination Gateway Flags RefCnt Use Metric Mask ...": only
 * routes that are up and have no gateway (connected networks) are kept. */
static int parse_route(char *line, struct route4 *r)
{
	uint32_t gw;
	unsigned long flags;
	char *f[HOST_FIELDS_MAX];

	if (split_fields(line, f, HOST_FIELDS_MAX) < 8 || !parse_route_addr(f[1], &r->dest) ||
	    !parse_route_addr(f[2], &gw) || !parse_hex_uint(f[3], 0xffff, &flags) ||
	    !parse_route_addr(f[7], &r->mask))
		return -1;
	r->name = f[0];
	return (flags & RTF_UP) && !(flags & RTF_GATEWAY) && !gw ? 1 : 0;
}

/* The connected routes. False when they cannot be read. */
static bool read_routes(const struct da_root *root, struct ifaces *ifs, struct route4_list *l,
			struct da_buf *trouble)
{
	char *cursor, *line;
	struct route4 r;
	size_t bad = 0;
	int rc;

	if (read_net(root, ifs, "route", false, &l->data, trouble) < 0)
		return false;
	cursor = l->data;
	next_line(&cursor); /* the header */
	while ((line = next_line(&cursor))) {
		rc = parse_route(line, &r);
		bad += rc < 0 && *trim(line);
		if (rc <= 0)
			continue;
		l->v = grow(l->v, l->n, &l->alloc, sizeof(*l->v));
		l->v[l->n++] = r;
		ifaces_add(ifs, r.name);
	}
	if (bad)
		item(trouble, "%s/route: %zu malformed line%s", ifs->net, bad,
		       bad == 1 ? "" : "s");
	return true;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The local IPv4 addresses of fib_trie: a leaf "|-- A.B.C.D" followed by
 * "/32 host LOCAL". Sorted, without repeats (Main and Local list them both);
 * host byte order. Returns how many are in *OUT (caller frees), or -1 when
 * the file cannot be read. */
static ssize_t read_local4(const struct da_root *root, const struct ifaces *ifs, uint32_t **out,
			   struct da_buf *trouble)
{
	char *data = NULL, *cursor, *line, *f[HOST_FIELDS_MAX];
	struct in_addr leaf = { 0 };
	bool have_leaf = false;
	size_t n = 0, alloc = 0, k, i;

	*out = NULL;
	if (read_net(root, ifs, "fib_trie", false, &data, trouble) < 0)
		return -1;
	cursor = data;
	while ((line = next_line(&cursor))) {
		k = split_fields(line, f, HOST_FIELDS_MAX);
		if (k == 2 && !strcmp(f[0], "|--")) {
			have_leaf = inet_pton(AF_INET, f[1], &leaf) == 1;
		} else if (have_leaf && k == 3 && !strcmp(f[0], "/32") && !strcmp(f[2], "LOCAL")) {
			*out = grow(*out, n, &alloc, sizeof(**out));
			(*out)[n++] = ntohl(leaf.s_addr);
		}
	}
	free(data);
	if (n)
		qsort(*out, n, sizeof(**out), u32_cmp);
	for (i = k = 0; i < n; i++)
		if (!k || (*out)[k - 1] != (*out)[i])
			(*out)[k++] = (*out)[i];
	return (ssize_t)k;
}

static unsigned prefix_len(uint32_t mask)
{
	unsigned n = 0;

	while (n < 32 && (mask & (UINT32_C(0x80000000) >> n)))
		n++;
	return n;
}

/* The connected route with the longest prefix that holds ADDR, or NULL. */
static const struct route4 *route_for(const struct route4_list *routes, uint32_t addr)
{
	const struct route4 *best = NULL;
	size_t i;

	for (i = 0; i < routes->n; i++) {
		const struct route4 *r = &routes->v[i];

		if ((addr & r->mask) == r->dest && (!best || prefix_len(r->mask) > prefix_len(best->mask)))
			best = r;
	}
	return best;
}

static struct iface *loopback_iface(const struct ifaces *ifs)
{
	size_t i;

	for (i = 0; i < ifs->n; i++)
		if (ifs->v[i].loopback)
			return &ifs->v[i];
	return NULL;
}

static json_t *addr4_json(uint32_t addr, unsigned plen)
{
	struct in_addr a = { .s_addr = htonl(addr) };
	char text[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, text, sizeof(text));
	return json_pack("{s:s, s:i}", "address", text, "prefix_len", (json_int_t)plen);
}

/* Each local IPv4 address goes to the interface of the connected route
 * that holds it (127/8 to the loopback interface); the rest are listed in
 * ipv4_unattributed. */
static void assign_ipv4(json_t *section, const struct ifaces *ifs, const uint32_t *local,
			size_t nlocal, const struct route4_list *routes)
{
	json_t *unattributed = json_array();
	const struct route4 *r;
	struct iface *i;
	size_t k;

	for (k = 0; k < nlocal; k++) {
		r = route_for(routes, local[k]);
		i = r ? ifaces_find(ifs, r->name) : NULL;
		if (!r && (local[k] >> 24) == 127)
			i = loopback_iface(ifs);
		if (i)
			json_array_append_new(json_object_get(i->obj, "ipv4"),
					      addr4_json(local[k], r ? prefix_len(r->mask) : 8));
		else
			json_array_append_new(unattributed, addr4_json(local[k], 32));
	}
	if (json_array_size(unattributed))
		json_object_set(section, "ipv4_unattributed", unattributed);
	json_decref(unattributed);
}

static void assign_ipv6(const struct ifaces *ifs, const struct inet6_list *l)
{
	struct iface *i;
	size_t k;

	for (k = 0; k < l->n; k++) {
		i = ifaces_find(ifs, l->v[k].name);
		if (!i)
			continue;
		json_array_append_new(json_object_get(i->obj, "ipv6"),
				      json_pack("{s:s, s:i, s:o}", "address", l->v[k].address,
						"prefix_len", (json_int_t)l->v[k].prefix_len,
						"scope", scope_json(l->v[k].scope)));
	}
}

/* Read ROOT/sys/class/net/NAME/FILE (its first line, trimmed). */
static int read_sys_net(const struct da_root *root, const char *name, const char *file, char **out)
{
	char *path = da_xasprintf("/sys/class/net/%s/%s", name, file), *data = NULL;
	int rc = da_root_read_file(root, path, 4096, &data, NULL);

	free(path);
	if (rc < 0)
		return rc;
	data[strcspn(data, "\n")] = '\0';
	*out = data;
	return 0;
}

/* The interface's object: name, mac, up, loopback (from sysfs), and empty
 * address lists for the families whose addresses are known. What sysfs
 * cannot say is the object's error. */
static void iface_fill(const struct da_root *root, struct iface *i, bool v4, bool v6)
{
	char *mac = NULL, *flags = NULL, *end;
	unsigned long fl;
	int rc;

	i->obj = json_pack("{s:o}", "name", da_facts_string(i->name));
	if (v4)
		json_object_set_new(i->obj, "ipv4", json_array());
	if (v6)
		json_object_set_new(i->obj, "ipv6", json_array());
	rc = read_sys_net(root, i->name, "address", &mac);
	json_object_set_new(i->obj, "mac",
			    rc == 0 && *trim(mac) ? da_facts_string(trim(mac)) : json_null());
	if (rc < 0 && rc != -ENOENT)
		da_facts_set_error(i->obj, "/sys/class/net/%s/address: %s", i->name, why(rc));
	rc = read_sys_net(root, i->name, "flags", &flags);
	if (rc == 0) {
		errno = 0;
		fl = strtoul(trim(flags), &end, 0);
		if (!errno && end != flags && !*end) {
			i->loopback = fl & IFF_LOOPBACK;
			json_object_set_new(i->obj, "up", json_boolean(fl & IFF_UP));
			json_object_set_new(i->obj, "loopback", json_boolean(i->loopback));
		} else {
			da_facts_set_error(i->obj, "/sys/class/net/%s/flags: not a number", i->name);
		}
	} else if (rc != -ENOENT) {
		da_facts_set_error(i->obj, "/sys/class/net/%s/flags: %s", i->name, why(rc));
	}
	free(mac);
	free(flags);
}

/* ROOT/proc/1/net (init's network namespace: the host's when ROOT/proc is
 * the host's procfs), else ROOT/proc/net. */
static const char *net_dir(const struct da_root *root)
{
	int fd = da_root_openat(root, "/proc/1/net", O_PATH | O_DIRECTORY);

	if (fd < 0)
		return "/proc/net";
	close(fd);
	return "/proc/1/net";
}

/* interfaces (omitted when sysfs cannot list them), their addresses
 * (each family's lists omitted when its files cannot be read), net_source. */
static void set_interfaces(struct da_collect_ctx *ctx, json_t *section, struct da_buf *errors)
{
	struct ifaces ifs = { .net = net_dir(ctx->root) };
	struct inet6_list v6 = { 0 };
	struct route4_list routes = { 0 };
	uint32_t *local = NULL;
	ssize_t nlocal;
	size_t i;
	bool listed, have_v4, have_v6;
	json_t *list;
	struct da_buf trouble;

	da_buf_init(&trouble, 0);
	listed = names_from_sysfs(ctx->root, &ifs, &trouble);
	have_v6 = read_inet6(ctx->root, &ifs, &v6, &trouble);
	have_v4 = read_routes(ctx->root, &ifs, &routes, &trouble);
	nlocal = read_local4(ctx->root, &ifs, &local, &trouble);
	have_v4 = have_v4 && nlocal >= 0;
	if (trouble.len)
		clause(errors, "interfaces: %s", trouble.data);
	da_buf_free(&trouble);
	json_object_set_new(section, "net_source", json_string(ifs.net));
	if (!listed)
		goto out;
	ifaces_sort(&ifs);
	list = json_array();
	for (i = 0; i < ifs.n; i++) {
		iface_fill(ctx->root, &ifs.v[i], have_v4, have_v6);
		json_array_append_new(list, ifs.v[i].obj);
	}
	if (have_v4)
		assign_ipv4(section, &ifs, local, (size_t)nlocal, &routes);
	if (have_v6)
		assign_ipv6(&ifs, &v6);
	json_object_set_new(section, "interfaces", list);
	if (ifs.truncated)
		json_object_set_new(section, "interfaces_truncated", json_true());
out:
	free(local);
	free(v6.v);
	free(v6.data);
	free(routes.v);
	free(routes.data);
	ifaces_free(&ifs);
}

static void host_collect(struct da_collect_ctx *ctx, json_t *section)
{
	static const char *const hostname[] = { "/proc/sys/kernel/hostname", "/etc/hostname",
						NULL };
	static const char *const kernel[] = { "/proc/sys/kernel/osrelease", NULL };
	static const char *const build[] = { "/proc/sys/kernel/version", NULL };
	struct da_buf errors;

	da_buf_init(&errors, 0);
	set_first_line(ctx, section, "hostname", hostname, &errors);
	set_fqdn(ctx, section, &errors);
	set_first_line(ctx, section, "kernel", kernel, &errors);
	set_first_line(ctx, section, "kernel_build", build, &errors);
	set_os(ctx, section, &errors);
	set_boot_time(ctx, section, &errors);
	set_interfaces(ctx, section, &errors);
	if (errors.len)
		json_object_set_new(section, "error", da_facts_string(errors.data));
	da_buf_free(&errors);
}

const struct da_collector da_collector_host = {
	.name = "host",
	.summary = "the host: hostname, FQDN, kernel, OS release, boot time, interfaces",
	.collect = host_collect,
};
