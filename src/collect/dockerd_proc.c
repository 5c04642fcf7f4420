/*
 * Which process really serves the Engine API: the holder of the listening
 * socket's inode in /proc (a unix socket from /proc/net/unix, a TCP one from
 * /proc/net/tcp and tcp6), never "any process named dockerd" and never
 * systemd holding it for socket activation; else SO_PEERCRED. Then what
 * its defaults depend on: uid and a few environment variables.
 */
#include "collect/daemon.h"
#include "common/buf.h"
#include "facts/facts.h"
#include "common/xalloc.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>


char *da_dockerd_host_socket_path(const struct da_root *root, const char *path)
{
	size_t n = strlen(root->path);

	if (!strncmp(path, "unix://", 7))
		path += 7;
	else if (strstr(path, "://"))
		return NULL;
	while (n > 1 && root->path[n - 1] == '/')
		n--;
	if (n == 1 && root->path[0] == '/')
		return da_xstrdup(path);
	if (n && !strncmp(path, root->path, n) && (path[n] == '/' || !path[n]))
		return da_xstrdup(path[n] ? path + n : "/");
	return da_xstrdup(path);
}

/* A growable list of strings: the socket paths looked for, and the like. */
struct strlist {
	char **v;
	size_t n;
};

static void strlist_add_take(struct strlist *l, char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (!strcmp(l->v[i], s)) {
			free(s);
			return;
		}
	}
	l->v = da_xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

static void strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The real path of descriptor FD, from the kernel's own record of it. */
static char *fd_path(int fd)
{
	char link[64], buf[4096];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return da_xstrdup(buf);
}

static bool root_is_slash(const struct da_root *root)
{
	char *top = fd_path(root->fd);
	bool slash = top && !strcmp(top, "/");

	free(top);
	return slash;
}

/* PATH with every symlink resolved inside the root, as the host sees it;
 * NULL when it cannot be resolved. */
static char *root_realpath(const struct da_root *root, const char *path)
{
	char *top = fd_path(root->fd), *real = NULL, *out = NULL;
	size_t n;
	int fd = da_root_openat(root, path, O_PATH);

	if (fd >= 0) {
		real = fd_path(fd);
		close(fd);
	}
	if (!top || !real)
		goto out;
	n = strcmp(top, "/") ? strlen(top) : 0;
	if (!strncmp(real, top, n) && (real[n] == '/' || !real[n]))
		out = da_xstrdup(real[n] ? real + n : "/");
out:
	free(top);
	free(real);
	return out;
}

/* PATH and its /var/run <-> /run twin: /var/run is a link to /run. */
static void add_with_twin(struct strlist *l, const char *path)
{
	strlist_add_take(l, da_xstrdup(path));
	if (!strncmp(path, "/var/run/", 9))
		strlist_add_take(l, da_xasprintf("%s", path + 4));
	else if (!strncmp(path, "/run/", 5))
		strlist_add_take(l, da_xasprintf("/var%s", path));
}

static void socket_names(const struct da_root *root, const char *host_path, struct strlist *l)
{
	char *real = root_realpath(root, host_path);

	add_with_twin(l, host_path);
	if (real)
		add_with_twin(l, real);
	free(real);
}

/* One line of /proc/net/unix. */
struct unix_line {
	unsigned long flags;
	unsigned long state;
	unsigned long inode;
	const char *path; /* up to the end of the line; "" when unbound */
	size_t path_len;
};

#define SO_ACCEPTCON_FLAG 0x10000ul /* __SO_ACCEPTCON: listening */
#define SS_UNCONNECTED_STATE 1ul

/* "Num RefCount Protocol Flags Type St Inode Path": the fields are split by
 * spaces, the inode is padded, the path is the rest of the line. */
static int parse_unix_line(const char *line, size_t len, struct unix_line *u)
{
	unsigned long v[7];
	const char *p = line, *end = line + len;
	char *q;
	int i;

	for (i = 0; i < 7; i++) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end || !isxdigit((unsigned char)*p))
			return -EINVAL;
		errno = 0;
		v[i] = strtoul(p, &q, i == 6 ? 10 : 16);
		if (errno || q > end || q == p)
			return -EINVAL;
		p = q;
		if (i == 0 && p < end && *p == ':')
			p++;
	}
	u->flags = v[3];
	u->state = v[5];
	u->inode = v[6];
	u->path = p < end && *p == ' ' ? p + 1 : end;
	u->path_len = (size_t)(end - u->path);
	return 0;
}

static bool names_match(const struct strlist *names, const char *path, size_t len)
{
	size_t i;

	for (i = 0; i < names->n; i++)
		if (strlen(names->v[i]) == len && !memcmp(names->v[i], path, len))
			return true;
	return false;
}

struct inodes {
	unsigned long *v;
	size_t n;
};

static bool inodes_has(const struct inodes *in, unsigned long inode)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (in->v[i] == inode)
			return true;
	return false;
}

static void inodes_add(struct inodes *in, unsigned long inode)
{
	in->v = da_xreallocarray(in->v, in->n + 1, sizeof(*in->v));
	in->v[in->n++] = inode;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Whether V occurs more than once in the sorted ALL. */
static bool repeated(const struct inodes *all, unsigned long v)
{
	const unsigned long *p = bsearch(&v, all->v, all->n, sizeof(v), cmp_ulong);

	return p && ((p > all->v && p[-1] == v) || (p + 1 < all->v + all->n && p[1] == v));
}

/* Inodes of the listening sockets bound to one of NAMES in the table PATH
 * (/proc/net/unix), added to OUT. A socket path may hold a newline and so
 * forge a line: every socket has exactly one line, so an inode seen on two
 * lines is not trusted. 0 or -errno. */
static int listening_inodes(const struct da_root *root, const char *path,
			    const struct strlist *names, struct inodes *out)
{
	struct inodes all = { 0 };
	struct unix_line u;
	char *data = NULL, *line, *nl;
	size_t len, i, first = out->n;
	int rc;

	rc = da_root_read_file(root, path, 0, &data, &len);
	if (rc < 0)
		return rc;
	for (line = data; line < data + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(data + len - line));
		if (!nl)
			nl = data + len;
		if (parse_unix_line(line, (size_t)(nl - line), &u) < 0)
			continue;
		inodes_add(&all, u.inode);
		if ((u.flags & SO_ACCEPTCON_FLAG) && u.state == SS_UNCONNECTED_STATE &&
		    names_match(names, u.path, u.path_len) && !inodes_has(out, u.inode))
			inodes_add(out, u.inode);
	}
	if (all.n)
		qsort(all.v, all.n, sizeof(*all.v), cmp_ulong);
	for (i = first; i < out->n;) {
		if (repeated(&all, out->v[i]))
			out->v[i] = out->v[--out->n];
		else
			i++;
	}
	free(all.v);
	free(data);
	return 0;
}

/* The pid a /proc entry is named after, or -1 for the other entries. */
static int pid_of(const char *name)
{
	const char *s;

	if (!*name || strlen(name) > 9)
		return -1;
	for (s = name; *s; s++)
		if (!isdigit((unsigned char)*s))
			return -1;
	return (int)strtol(name, NULL, 10);
}

/* Whether descriptor NAME of the fd directory D is a socket, and its
 * inode in *INODE: one readlinkat relative to the open directory. */
static bool fd_socket_inode(DIR *d, const char *name, unsigned long *inode)
{
	char target[64], *end;
	ssize_t n;

	if (name[0] == '.')
		return false;
	n = readlinkat(dirfd(d), name, target, sizeof(target) - 1);
	if (n <= 8)
		return false;
	target[n] = '\0';
	if (strncmp(target, "socket:[", 8))
		return false;
	*inode = strtoul(target + 8, &end, 10);
	return !strcmp(end, "]");
}

/* Whether process PID holds one of INODES among its descriptors. The fd
 * directory is opened once, inside the root, and each link read relative to
 * it: one syscall a descriptor, which matters on hosts with many processes. */
static bool holds_socket(const struct da_root *root, const char *pid, const struct inodes *in)
{
	char *dir = da_xasprintf("/proc/%s/fd", pid);
	DIR *d = da_root_opendir(root, dir);
	struct dirent *e;
	unsigned long inode;
	bool found = false;

	while (d && !found && (e = readdir(d)))
		found = fd_socket_inode(d, e->d_name, &inode) && inodes_has(in, inode);
	if (d)
		closedir(d);
	free(dir);
	return found;
}

/* The basename of a link target, without the " (deleted)" the kernel adds
 * once the binary was replaced (a package upgrade). */
static bool basename_is(const char *path, const char *want)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 10 && !strcmp(base + n - 10, " (deleted)"))
		n -= 10;
	return n == strlen(want) && !memcmp(base, want, n);
}

/* 2: exe or comm is "dockerd"; 1: another process; 0: pid 1 (systemd
 * holding the socket for activation), never chosen. */
static int rank_process(const struct da_root *root, int pid)
{
	char *path, *s = NULL;
	int rank = pid == 1 ? 0 : 1;

	path = da_xasprintf("/proc/%d/exe", pid);
	if (da_root_readlink(root, path, &s) == 0 && basename_is(s, "dockerd"))
		rank = 2;
	free(path);
	free(s);
	s = NULL;
	path = da_xasprintf("/proc/%d/comm", pid);
	if (rank < 2 && da_root_read_file(root, path, 256, &s, NULL) == 0 &&
	    !strcmp(s, "dockerd\n"))
		rank = 2;
	free(path);
	free(s);
	return rank;
}

/* Whether PID's comm is "dockerd": one small read. */
static bool named_dockerd(const struct da_root *root, const char *pid)
{
	char *path = da_xasprintf("/proc/%s/comm", pid), *s = NULL;
	bool yes = da_root_read_file(root, path, 256, &s, NULL) == 0 && !strcmp(s, "dockerd\n");

	free(path);
	free(s);
	return yes;
}

/* The lowest pid named dockerd that holds one of INODES, or -1: the answer
 * in nearly every case, found without reading every process's descriptors. */
static int find_named_holder(const struct da_root *root, const struct inodes *in)
{
	DIR *d = da_root_opendir(root, "/proc");
	struct dirent *e;
	int pid, best = -1;

	while (d && (e = readdir(d))) {
		pid = pid_of(e->d_name);
		if (pid > 1 && (best < 0 || pid < best) && named_dockerd(root, e->d_name) &&
		    holds_socket(root, e->d_name, in))
			best = pid;
	}
	if (d)
		closedir(d);
	return best;
}

/* The best process holding one of INODES: its pid, or -1 with ERR. */
static int find_holder(const struct da_root *root, const struct inodes *in, const char *name,
		       struct da_err *err)
{
	DIR *d;
	struct dirent *e;
	int pid, rank, best = find_named_holder(root, in), best_rank = 0, holders = 0;

	if (best > 0)
		return best;
	d = da_root_opendir(root, "/proc");
	if (!d)
		return da_err_set(err, "/proc: %s", strerror(errno));
	while ((e = readdir(d))) {
		pid = pid_of(e->d_name);
		if (pid <= 0 || !holds_socket(root, e->d_name, in))
			continue;
		holders++;
		rank = rank_process(root, pid);
		if (rank > best_rank || (rank == best_rank && rank > 0 && pid < best))
			best = pid, best_rank = rank;
	}
	closedir(d);
	if (best > 0)
		return best;
	if (holders)
		return da_err_set(err, "only pid 1 holds the socket %s (socket activation: "
				       "dockerd is not running)", name);
	return da_err_set(err, "no process in /proc holds the listening socket %s (inode %lu)",
			  name, in->v[0]);
}

/* A dockerd in a network namespace of its own (a rootless one, in
 * RootlessKit's) has its socket only in its own table: that of each
 * process named dockerd, ROOT/proc/PID/net/unix, is searched. */
static void own_netns_inodes(const struct da_root *root, const struct strlist *names,
			     struct inodes *out)
{
	DIR *d = da_root_opendir(root, "/proc");
	struct dirent *e;
	char *path;
	int pid;

	while (d && !out->n && (e = readdir(d))) {
		pid = pid_of(e->d_name);
		if (pid <= 0 || rank_process(root, pid) < 2)
			continue;
		path = da_xasprintf("/proc/%d/net/unix", pid);
		listening_inodes(root, path, names, out);
		free(path);
	}
	if (d)
		closedir(d);
}

static int find_by_socket(const struct da_root *root, const char *host_path, struct da_err *err)
{
	struct strlist names = { 0 };
	struct inodes in = { 0 };
	int pid = -1, rc;

	socket_names(root, host_path, &names);
	rc = listening_inodes(root, "/proc/net/unix", &names, &in);
	if (rc == 0 && !in.n)
		own_netns_inodes(root, &names, &in);
	if (rc < 0)
		da_err_set(err, "/proc/net/unix: %s", strerror(-rc));
	else if (!in.n)
		da_err_set(err, "no listening unix socket %s in /proc/net/unix", names.v[0]);
	else
		pid = find_holder(root, &in, host_path, err);
	strlist_free(&names);
	free(in.v);
	return pid;
}

/* ---- a TCP endpoint --------------------------------------------------- */

/* An address as the kernel shows a listener's: IPv4 addresses are kept
 * IPv4-mapped, so that one comparison serves /proc/net/tcp and tcp6. */
struct tcp_addr {
	unsigned char a[16];
};

static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

static void addr_from_v4(struct tcp_addr *t, const void *in4)
{
	memcpy(t->a, v4mapped, sizeof(v4mapped));
	memcpy(t->a + 12, in4, 4);
}

static bool addr_is_v4(const struct tcp_addr *t)
{
	return !memcmp(t->a, v4mapped, sizeof(v4mapped));
}

static bool addr_is_v4_any(const struct tcp_addr *t)
{
	return addr_is_v4(t) && !t->a[12] && !t->a[13] && !t->a[14] && !t->a[15];
}

static bool addr_is_v6_any(const struct tcp_addr *t)
{
	static const unsigned char zero[16];

	return !memcmp(t->a, zero, sizeof(zero));
}

static bool addr_is_loopback(const struct tcp_addr *t)
{
	static const unsigned char one[16] = { [15] = 1 };

	return !memcmp(t->a, one, sizeof(one)) || (addr_is_v4(t) && t->a[12] == 127);
}

static bool addr_eq(const struct tcp_addr *x, const struct tcp_addr *y)
{
	return !memcmp(x->a, y->a, sizeof(x->a));
}

/* A wildcard listener that takes connections to T: 0.0.0.0 for IPv4, and
 * :: for both (a dual-stack socket). */
static bool wildcard_for(const struct tcp_addr *listener, const struct tcp_addr *t)
{
	return addr_is_v6_any(listener) || (addr_is_v4_any(listener) && addr_is_v4(t));
}

/* What the client connects to: its addresses, each with whether it is
 * known to be the audited host's own. */
#define TCP_MAX_TARGETS 16

struct tcp_target {
	char *uri; /* as given, for messages */
	char *name; /* the host part, without brackets */
	unsigned port;
	struct tcp_addr addr[TCP_MAX_TARGETS];
	bool local[TCP_MAX_TARGETS];
	size_t n;
};

/* "tcp://HOST:PORT", "tcp://[V6]:PORT", an optional trailing '/'. */
static int parse_tcp_uri(const char *uri, struct tcp_target *t, struct da_err *err)
{
	const char *rest = uri + 6, *host, *colon, *end;
	char *stop;
	long port;

	if (strncmp(uri, "tcp://", 6))
		return da_err_set(err, "%s: not a tcp:// address", uri);
	end = rest + strlen(rest);
	if (end > rest && end[-1] == '/')
		end--;
	if (*rest == '[') {
		host = rest + 1;
		colon = memchr(host, ']', (size_t)(end - host));
		if (!colon || colon[1] != ':')
			return da_err_set(err, "%s: expected tcp://[ADDRESS]:PORT", uri);
		t->name = da_xstrndup(host, (size_t)(colon - host));
		colon++;
	} else {
		colon = memchr(rest, ':', (size_t)(end - rest));
		if (!colon || colon == rest)
			return da_err_set(err, "%s: expected tcp://HOST:PORT", uri);
		t->name = da_xstrndup(rest, (size_t)(colon - rest));
	}
	errno = 0;
	port = strtol(colon + 1, &stop, 10);
	if (!isdigit((unsigned char)colon[1]) || stop != end || errno || port < 1 || port > 65535)
		return da_err_set(err, "%s: the port must be a number from 1 to 65535", uri);
	t->port = (unsigned)port;
	return 0;
}

static void add_target(struct tcp_target *t, int family, const void *addr)
{
	size_t i;
	struct tcp_addr a;

	if (family == AF_INET)
		addr_from_v4(&a, addr);
	else
		memcpy(a.a, addr, sizeof(a.a));
	for (i = 0; i < t->n; i++)
		if (addr_eq(&t->addr[i], &a))
			return;
	if (t->n < TCP_MAX_TARGETS)
		t->addr[t->n++] = a;
}

/* Every address of a name, as the client would have resolved it. */
static int resolve_name(struct tcp_target *t, struct da_err *err)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res, *ai;
	int rc = getaddrinfo(t->name, NULL, &hints, &res);

	if (rc)
		return da_err_set(err, "%s: %s: %s", t->uri, t->name, gai_strerror(rc));
	for (ai = res; ai; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET)
			add_target(t, AF_INET, &((struct sockaddr_in *)ai->ai_addr)->sin_addr);
		else if (ai->ai_family == AF_INET6)
			add_target(t, AF_INET6, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr);
	}
	freeaddrinfo(res);
	return 0;
}

/* The addresses of NAME: a literal, "localhost", or on the live host any
 * name the resolver knows. */
static int target_addresses(const struct da_root *root, struct tcp_target *t, struct da_err *err)
{
	unsigned char buf[16];
	static const unsigned char lo4[4] = { 127, 0, 0, 1 }, lo6[16] = { [15] = 1 };

	if (inet_pton(AF_INET, t->name, buf) == 1)
		add_target(t, AF_INET, buf);
	else if (inet_pton(AF_INET6, t->name, buf) == 1)
		add_target(t, AF_INET6, buf);
	else if (!strcmp(t->name, "localhost")) {
		add_target(t, AF_INET, lo4);
		add_target(t, AF_INET6, lo6);
	} else if (!root_is_slash(root))
		return da_err_set(err, "%s: %s is a name, not an address: names are resolved only "
				       "when the root is /", t->uri, t->name);
	else if (resolve_name(t, err) < 0)
		return -1;
	if (!t->n)
		return da_err_set(err, "%s: %s has no IPv4 or IPv6 address", t->uri, t->name);
	return 0;
}

/* Whether A is an address of one of this machine's interfaces. */
static bool interface_has(const struct ifaddrs *list, const struct tcp_addr *a)
{
	const struct ifaddrs *i;
	struct tcp_addr x;

	for (i = list; i; i = i->ifa_next) {
		if (!i->ifa_addr)
			continue;
		if (i->ifa_addr->sa_family == AF_INET)
			addr_from_v4(&x, &((const struct sockaddr_in *)i->ifa_addr)->sin_addr);
		else if (i->ifa_addr->sa_family == AF_INET6)
			memcpy(x.a, &((const struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, 16);
		else
			continue;
		if (addr_eq(&x, a))
			return true;
	}
	return false;
}

/* Loopback addresses are local to any host; others only when the root is
 * / and an interface here has them. */
static void mark_local(const struct da_root *root, struct tcp_target *t)
{
	struct ifaddrs *list = NULL;
	size_t i;

	if (root_is_slash(root) && getifaddrs(&list) < 0)
		list = NULL;
	for (i = 0; i < t->n; i++)
		t->local[i] = addr_is_loopback(&t->addr[i]) || interface_has(list, &t->addr[i]);
	if (list)
		freeifaddrs(list);
}

/* One line of /proc/net/tcp or tcp6: "sl local rem st tx:rx tr:tm retr
 * uid timeout inode ...", addresses as the kernel's 32-bit words in hex. */
struct tcp_line {
	struct tcp_addr local;
	unsigned port;
	unsigned state;
	unsigned long inode;
};

#define TCP_LISTEN 0x0Au

/* N hex digits at P into *V; -EINVAL when one is not a hex digit. */
static int hex_n(const char *p, size_t n, unsigned long *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)p[i]))
			return -EINVAL;
		*v = *v * 16 + (unsigned long)(isdigit((unsigned char)p[i]) ?
						       p[i] - '0' :
						       tolower((unsigned char)p[i]) - 'a' + 10);
	}
	return 0;
}

/* "0100007F:0CEA" or 32 hex digits and a port. Each 32-bit word is printed
 * from memory in the byte order of the machine, as it is read back here. */
static int parse_endpoint(const char *p, size_t len, struct tcp_line *t)
{
	unsigned long w, port;
	uint32_t word;
	size_t nwords = len == 13 ? 1 : len == 37 ? 4 : 0, i;
	unsigned char raw[16];

	if (!nwords || p[len - 5] != ':' || hex_n(p + len - 4, 4, &port) < 0)
		return -EINVAL;
	for (i = 0; i < nwords; i++) {
		if (hex_n(p + 8 * i, 8, &w) < 0)
			return -EINVAL;
		word = (uint32_t)w;
		memcpy(raw + 4 * i, &word, 4);
	}
	if (nwords == 1)
		addr_from_v4(&t->local, raw);
	else
		memcpy(t->local.a, raw, 16);
	t->port = (unsigned)port;
	return 0;
}

static int parse_tcp_line(const char *line, size_t len, struct tcp_line *t)
{
	const char *f[10], *p = line, *end = line + len;
	size_t fl[10], i;
	unsigned long v;
	char *stop;

	for (i = 0; i < 10; i++) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			return -EINVAL;
		f[i] = p;
		while (p < end && *p != ' ')
			p++;
		fl[i] = (size_t)(p - f[i]);
	}
	if (parse_endpoint(f[1], fl[1], t) < 0 || fl[3] != 2 || hex_n(f[3], 2, &v) < 0)
		return -EINVAL;
	t->state = (unsigned)v;
	if (!isdigit((unsigned char)f[9][0]))
		return -EINVAL;
	errno = 0;
	t->inode = strtoul(f[9], &stop, 10);
	if (errno || stop != f[9] + fl[9])
		return -EINVAL;
	return 0;
}

/* What the scan of the listeners found. */
struct tcp_scan {
	struct inodes in;
	bool untrusted_wildcard; /* a wildcard listener on the port, for an address
				  * not known to be local */
};

static void scan_tcp_line(const struct tcp_target *t, const struct tcp_line *l,
			  struct tcp_scan *scan)
{
	size_t i;

	if (l->state != TCP_LISTEN || l->port != t->port || inodes_has(&scan->in, l->inode))
		return;
	for (i = 0; i < t->n; i++) {
		if (addr_eq(&l->local, &t->addr[i]) ||
		    (wildcard_for(&l->local, &t->addr[i]) && t->local[i])) {
			inodes_add(&scan->in, l->inode);
			return;
		}
		if (wildcard_for(&l->local, &t->addr[i]))
			scan->untrusted_wildcard = true;
	}
}

/* Scan PATH; a missing tcp6 (IPv6 disabled) is no error. */
static int scan_tcp_file(const struct da_root *root, const char *path, const struct tcp_target *t,
			 struct tcp_scan *scan, struct da_err *err)
{
	struct tcp_line l;
	char *data = NULL, *line, *nl;
	size_t len;
	int rc = da_root_read_file(root, path, 0, &data, &len);

	if (rc == -ENOENT && strcmp(path, "/proc/net/tcp"))
		return 0;
	if (rc < 0)
		return da_err_set(err, "%s: %s", path, strerror(-rc));
	for (line = data; line < data + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(data + len - line));
		if (!nl)
			nl = data + len;
		if (parse_tcp_line(line, (size_t)(nl - line), &l) == 0)
			scan_tcp_line(t, &l, scan);
	}
	free(data);
	return 0;
}

static int tcp_listening_inodes(const struct da_root *root, const struct tcp_target *t,
				struct inodes *out, struct da_err *err)
{
	struct tcp_scan scan = { .untrusted_wildcard = false };

	if (scan_tcp_file(root, "/proc/net/tcp", t, &scan, err) < 0 ||
	    scan_tcp_file(root, "/proc/net/tcp6", t, &scan, err) < 0) {
		free(scan.in.v);
		return -1;
	}
	*out = scan.in;
	if (out->n)
		return 0;
	if (scan.untrusted_wildcard)
		return da_err_set(err, "%s: a socket listens on port %u of every address, but %s is "
				       "not known to be an address of the audited host", t->uri,
				  t->port, t->name);
	return da_err_set(err, "no listening TCP socket for %s in /proc/net/tcp or /proc/net/tcp6",
			  t->uri);
}

static int find_by_tcp(const struct da_root *root, const char *uri, struct da_err *err)
{
	struct tcp_target t = { .uri = da_xstrdup(uri) };
	struct inodes in = { 0 };
	int pid = -1;

	if (parse_tcp_uri(uri, &t, err) < 0 || target_addresses(root, &t, err) < 0)
		goto out;
	mark_local(root, &t);
	if (tcp_listening_inodes(root, &t, &in, err) == 0)
		pid = find_holder(root, &in, uri, err);
out:
	free(t.uri);
	free(t.name);
	free(in.v);
	return pid;
}

/* The pid of the process listening on SOCKET, asked of the socket itself. */
static int find_by_peercred(const char *socket_path, struct da_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ucred cred = { 0 };
	socklen_t len = sizeof(cred);
	int fd, rc = -1;

	if (strlen(socket_path) >= sizeof(sa.sun_path))
		return da_err_set(err, "SO_PEERCRED: %s: path too long", socket_path);
	memcpy(sa.sun_path, socket_path, strlen(socket_path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return da_err_set(err, "SO_PEERCRED: socket: %s", strerror(errno));
	if (connect(fd, (const struct sockaddr *)&sa, sizeof(sa)) < 0)
		da_err_set(err, "SO_PEERCRED: connect %s: %s", socket_path, strerror(errno));
	else if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		da_err_set(err, "SO_PEERCRED: %s: %s", socket_path, strerror(errno));
	else if (cred.pid <= 0)
		da_err_set(err, "SO_PEERCRED: %s: the peer is in another pid namespace",
			   socket_path);
	else
		rc = cred.pid;
	close(fd);
	return rc;
}

/* Split a NUL-separated /proc/PID/cmdline into OUT's argv. */
static void split_cmdline(const char *data, size_t len, struct da_dockerd_proc *out)
{
	size_t i = 0, n;

	while (i < len) {
		n = strnlen(data + i, len - i);
		out->argv = da_xreallocarray(out->argv, out->argc + 1, sizeof(*out->argv));
		out->argv[out->argc++] = da_xstrndup(data + i, n);
		i += n + 1;
	}
}

/* ---- what the process's defaults depend on ---------------------------- */

/* The variables kept, and where; everything else in environ is dropped. */
static const struct {
	const char *name;
	size_t offset;
} env_vars[] = {
	{ "HOME", offsetof(struct da_dockerd_env, home) },
	{ "XDG_CONFIG_HOME", offsetof(struct da_dockerd_env, xdg_config_home) },
	{ "XDG_DATA_HOME", offsetof(struct da_dockerd_env, xdg_data_home) },
	{ "XDG_RUNTIME_DIR", offsetof(struct da_dockerd_env, xdg_runtime_dir) },
	{ "DOCKER_CERT_PATH", offsetof(struct da_dockerd_env, docker_cert_path) },
	{ "DOCKER_CONFIG", offsetof(struct da_dockerd_env, docker_config) },
	{ "ROOTLESSKIT_STATE_DIR", offsetof(struct da_dockerd_env, rootlesskit_state_dir) },
};

#define N_ENV_VARS (sizeof(env_vars) / sizeof(env_vars[0]))

const char *const da_dockerd_env_names[] = {
	"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR",
	"DOCKER_CERT_PATH", "DOCKER_CONFIG", "ROOTLESSKIT_STATE_DIR", NULL,
};

static char **env_slot(struct da_dockerd_env *env, size_t i)
{
	return (char **)((char *)env + env_vars[i].offset);
}

const char *da_dockerd_env_get(const struct da_dockerd_env *env, const char *name)
{
	size_t i;

	for (i = 0; env && i < N_ENV_VARS; i++)
		if (!strcmp(env_vars[i].name, name))
			return *env_slot((struct da_dockerd_env *)env, i);
	return NULL;
}

/* One "NAME=value" entry: kept when NAME is one of ours, set and not yet
 * seen (Go's os.Getenv takes the first). An empty value counts as unset,
 * as dockerd tests these for "". */
static void env_entry(const char *e, size_t len, struct da_dockerd_env *env)
{
	const char *eq = memchr(e, '=', len);
	size_t i, n;
	char **slot;

	if (!eq || eq + 1 == e + len)
		return;
	n = (size_t)(eq - e);
	for (i = 0; i < N_ENV_VARS; i++) {
		slot = env_slot(env, i);
		if (strlen(env_vars[i].name) == n && !memcmp(env_vars[i].name, e, n) && !*slot)
			*slot = da_xstrndup(eq + 1, (size_t)(e + len - eq - 1));
	}
}

void da_dockerd_env_parse(const char *data, size_t len, struct da_dockerd_env *env)
{
	size_t i = 0, n;

	memset(env, 0, sizeof(*env));
	env->known = true;
	while (i < len) {
		n = strnlen(data + i, len - i);
		env_entry(data + i, n, env);
		i += n + 1;
	}
}

void da_dockerd_env_free(struct da_dockerd_env *env)
{
	size_t i;

	if (!env)
		return;
	for (i = 0; i < N_ENV_VARS; i++)
		free(*env_slot(env, i));
	memset(env, 0, sizeof(*env));
}

/* ROOT/proc/PID/environ; the buffer is wiped before it is freed. */
static void read_env(const struct da_root *root, struct da_dockerd_proc *out)
{
	char *path = da_xasprintf("/proc/%d/environ", out->pid), *data = NULL;
	size_t len = 0;
	int rc = da_root_read_file(root, path, DA_DOCKERD_CMDLINE_MAX, &data, &len);

	if (rc == 0)
		da_dockerd_env_parse(data, len, &out->env);
	else if (rc == -EFBIG)
		out->env_error = da_xasprintf("%s: larger than %u bytes", path, DA_DOCKERD_CMDLINE_MAX);
	else
		out->env_error = da_xasprintf("%s: %s", path, strerror(-rc));
	if (data)
		explicit_bzero(data, len);
	free(data);
	free(path);
}

/* The real uid: the first number of the "Uid:" line of /proc/PID/status. */
static long read_uid(const struct da_root *root, int pid)
{
	char *path = da_xasprintf("/proc/%d/status", pid), *data = NULL, *line, *end;
	long uid = -1, v;

	if (da_root_read_file(root, path, 64u << 10, &data, NULL) == 0) {
		line = !strncmp(data, "Uid:", 4) ? data : strstr(data, "\nUid:");
		if (line) {
			line += line == data ? 4 : 5;
			errno = 0;
			v = strtol(line, &end, 10);
			if (!errno && end != line && v >= 0 && (*end == '\t' || *end == ' ' ||
								 *end == '\n'))
				uid = v;
		}
	}
	free(data);
	free(path);
	return uid;
}

static int read_process(const struct da_root *root, int pid, struct da_dockerd_proc *out,
			struct da_err *err)
{
	char *path = da_xasprintf("/proc/%d/exe", pid), *data = NULL;
	size_t len = 0;
	int rc;

	out->pid = pid;
	if (da_root_readlink(root, path, &out->exe) < 0)
		out->exe = NULL;
	free(path);
	path = da_xasprintf("/proc/%d/cmdline", pid);
	rc = da_root_read_file(root, path, DA_DOCKERD_CMDLINE_MAX, &data, &len);
	if (rc == -EFBIG)
		da_err_set(err, "%s: larger than %u bytes", path, DA_DOCKERD_CMDLINE_MAX);
	else if (rc < 0)
		da_err_set(err, "%s: %s", path, strerror(-rc));
	else if (!len)
		rc = da_err_set(err, "%s: empty (the process is exiting)", path);
	else
		split_cmdline(data, len, out);
	free(data);
	free(path);
	if (rc < 0)
		return -1;
	out->uid = read_uid(root, pid);
	read_env(root, out);
	return 0;
}

/* Fill *OUT for PID, found as FOUND_BY; -1 (and *OUT freed) when its
 * command line cannot be read. */
static int found(const struct da_root *root, int pid, const char *found_by,
		 struct da_dockerd_proc *out, struct da_err *err)
{
	out->found_by = found_by;
	if (read_process(root, pid, out, err) < 0) {
		da_dockerd_proc_free(out);
		return -1;
	}
	return 0;
}

int da_dockerd_find(const struct da_root *root, const char *socket, struct da_dockerd_proc *out,
		    struct da_err *err)
{
	char *host_path = da_dockerd_host_socket_path(root, socket);
	struct da_err sock_err = { "" }, cred_err = { "" };
	const char *found_by = "socket";
	int pid;

	memset(out, 0, sizeof(*out));
	out->uid = -1;
	if (!host_path)
		return da_err_set(err, "%s: not a unix socket", socket);
	pid = find_by_socket(root, host_path, &sock_err);
	if (pid < 0 && root_is_slash(root)) {
		pid = find_by_peercred(socket, &cred_err);
		found_by = "peercred";
		if (pid < 0)
			da_err_set(err, "%.500s; %.500s", sock_err.msg, cred_err.msg);
	} else if (pid < 0) {
		da_err_set(err, "%s", sock_err.msg);
	}
	free(host_path);
	if (pid < 0)
		return -1;
	return found(root, pid, found_by, out, err);
}

int da_dockerd_find_tcp(const struct da_root *root, const char *host, struct da_dockerd_proc *out,
			struct da_err *err)
{
	int pid;

	memset(out, 0, sizeof(*out));
	out->uid = -1;
	pid = find_by_tcp(root, host, err);
	if (pid < 0)
		return -1;
	return found(root, pid, "tcp-socket", out, err);
}

void da_dockerd_proc_free(struct da_dockerd_proc *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->argc; i++)
		free(p->argv[i]);
	free(p->argv);
	free(p->exe);
	da_dockerd_env_free(&p->env);
	free(p->env_error);
	memset(p, 0, sizeof(*p));
	p->uid = -1;
}

/* ---- the TCP listeners the process holds ------------------------------- */

/* The socket inodes among PID's descriptors, added to OUT. */
static void held_sockets(const struct da_root *root, int pid, struct inodes *out)
{
	char *dir = da_xasprintf("/proc/%d/fd", pid);
	DIR *d = da_root_opendir(root, dir);
	struct dirent *e;
	unsigned long inode;

	while (d && (e = readdir(d))) {
		if (fd_socket_inode(d, e->d_name, &inode) && !inodes_has(out, inode))
			inodes_add(out, inode);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* The text of an address as the kernel shows a listener's. */
static void addr_text(const struct tcp_addr *a, char *buf, size_t size)
{
	if (addr_is_v4(a))
		inet_ntop(AF_INET, a->a + 12, buf, (socklen_t)size);
	else
		inet_ntop(AF_INET6, a->a, buf, (socklen_t)size);
}

/* What the listeners are judged with. */
struct listen_ctx {
	const struct da_root *root;
	struct inodes held; /* the process's socket inodes */
	struct inodes seen; /* listeners already listed */
	json_t *items;
};

/* The listeners of table PATH (FAMILY "ipv4" or "ipv6") whose inode the
 * process holds. A missing table is no error (IPv6 disabled, another
 * kernel). */
static void listeners_in(struct listen_ctx *c, const char *path, const char *family)
{
	struct tcp_line l;
	char *data = NULL, *line, *nl, text[INET6_ADDRSTRLEN];
	size_t len;

	if (da_root_read_file(c->root, path, 0, &data, &len) < 0)
		return;
	for (line = data; line < data + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(data + len - line));
		if (!nl)
			nl = data + len;
		if (parse_tcp_line(line, (size_t)(nl - line), &l) < 0 || l.state != TCP_LISTEN ||
		    !inodes_has(&c->held, l.inode) || inodes_has(&c->seen, l.inode))
			continue;
		inodes_add(&c->seen, l.inode);
		addr_text(&l.local, text, sizeof(text));
		json_array_append_new(c->items,
				      json_pack("{s:s, s:i, s:s, s:I, s:s}", "address", text, "port",
						(int)l.port, "family", family, "inode",
						(json_int_t)l.inode, "table", path));
	}
	free(data);
}

/* Whether PID shares this process's network namespace (then its loopback
 * is ours). Only meaningful when the root is /. */
static bool same_netns(const struct da_root *root, int pid)
{
	char *path = da_xasprintf("/proc/%d/ns/net", pid), *theirs = NULL, *ours = NULL;
	bool same = false;

	if (da_root_readlink(root, path, &theirs) == 0 &&
	    da_root_readlink(root, "/proc/self/ns/net", &ours) == 0)
		same = !strcmp(theirs, ours);
	free(path);
	free(theirs);
	free(ours);
	return same;
}

#define PROBE_TIMEOUT_MS 2000

/* Wait for FD to be ready for EVENTS; 0 or -ETIMEDOUT / -errno. */
static int wait_fd(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n = poll(&p, 1, PROBE_TIMEOUT_MS);

	if (n < 0)
		return -errno;
	return n ? 0 : -ETIMEDOUT;
}

/* Connect to ADDRESS (text, IPv4 or IPv6) on PORT; a descriptor or -errno. */
static int probe_connect(const char *address, unsigned port)
{
	struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port) };
	bool v6 = strchr(address, ':') != NULL;
	int fd, rc = 0, soerr = 0;
	socklen_t sl = sizeof(soerr);

	if (inet_pton(v6 ? AF_INET6 : AF_INET, address, v6 ? (void *)&in6.sin6_addr
							  : (void *)&in4.sin_addr) != 1)
		return -EINVAL;
	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, v6 ? (struct sockaddr *)&in6 : (struct sockaddr *)&in4,
		    v6 ? sizeof(in6) : sizeof(in4)) < 0) {
		rc = errno == EINPROGRESS ? wait_fd(fd, POLLOUT) : -errno;
		if (rc == 0 && (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0 || soerr))
			rc = -(soerr ? soerr : errno);
	}
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* Read what the server answers to REQ, up to SIZE - 1 bytes; the length. */
static ssize_t probe_exchange(int fd, const char *req, char *buf, size_t size)
{
	size_t got = 0, len = strlen(req);
	ssize_t n;

	if (send(fd, req, len, MSG_NOSIGNAL) != (ssize_t)len)
		return -1;
	while (got < size - 1 && wait_fd(fd, POLLIN) == 0) {
		n = recv(fd, buf + got, size - 1 - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
		if (memmem(buf, got, "\r\n\r\n", 4) && got > 40)
			break;
	}
	buf[got] = '\0';
	return (ssize_t)got;
}

/* The answer to a plain "GET /_ping" tells TLS from plain HTTP: a TLS
 * server answers with a TLS record (an alert) or, Go's, with "400 Client
 * sent an HTTP request to an HTTPS server"; a plain one with any other HTTP
 * status line. 1: TLS, 0: plain, -1: unknown. */
static int probe_tls(const char *address, unsigned port)
{
	static const char req[] = "GET /_ping HTTP/1.0\r\nHost: localhost\r\n\r\n";
	char buf[512];
	ssize_t n;
	int fd = probe_connect(address, port), tls = -1;

	if (fd < 0)
		return -1;
	n = probe_exchange(fd, req, buf, sizeof(buf));
	if (n > 0 && (buf[0] == 0x15 || buf[0] == 0x16))
		tls = 1;
	else if (n >= 5 && !memcmp(buf, "HTTP/", 5))
		tls = memmem(buf, (size_t)n, "HTTP request to an HTTPS server", 31) ? 1 : 0;
	close(fd);
	return tls;
}

/* Where a listener on ADDRESS is reached over loopback: itself when it is
 * a loopback address (IPv4-mapped ones as IPv4, as the kernel's text
 * shows them), the loopback address of the wildcard's family; NULL for
 * any other address, which is not probed. */
static const char *probe_address(const char *address)
{
	if (!strcmp(address, "0.0.0.0"))
		return "127.0.0.1";
	if (!strcmp(address, "::"))
		return "::1";
	if (!strncmp(address, "127.", 4) || !strcmp(address, "::1"))
		return address;
	return NULL;
}

/* tls and tls_source of ITEM: the probe when it could be made and gave an
 * answer, else the daemon's tls setting (dockerd serves TLS on every TCP
 * host, socket-activated ones included, when tls or tlsverify is on). */
static void judge_tls(json_t *item, bool can_probe, const json_t *settings)
{
	const char *address = json_string_value(json_object_get(item, "address"));
	const char *to = address ? probe_address(address) : NULL;
	unsigned port = (unsigned)json_integer_value(json_object_get(item, "port"));
	const json_t *tls = json_object_get(json_object_get(settings, "tls"), "value");
	int probed = can_probe && to ? probe_tls(to, port) : -1;

	if (probed >= 0) {
		json_object_set_new(item, "tls", json_boolean(probed));
		json_object_set_new(item, "tls_source", json_string("probe"));
	} else if (json_is_boolean(tls)) {
		json_object_set(item, "tls", (json_t *)tls);
		json_object_set_new(item, "tls_source", json_string("settings"));
	} else {
		json_object_set_new(item, "tls", json_null());
		json_object_set_new(item, "tls_source", json_null());
	}
}

json_t *da_dockerd_listeners_json(const struct da_root *root, const struct da_dockerd_proc *p,
				  const json_t *settings, const char *why)
{
	struct listen_ctx c = { .root = root, .items = json_array() };
	char *path;
	bool can_probe;
	size_t i;

	if (!p) {
		json_decref(c.items);
		return json_pack("{s:s}", "error", why ? why : "the daemon's process is unknown");
	}
	held_sockets(root, p->pid, &c.held);
	listeners_in(&c, "/proc/net/tcp", "ipv4");
	listeners_in(&c, "/proc/net/tcp6", "ipv6");
	path = da_xasprintf("/proc/%d/net/tcp", p->pid);
	listeners_in(&c, path, "ipv4");
	free(path);
	path = da_xasprintf("/proc/%d/net/tcp6", p->pid);
	listeners_in(&c, path, "ipv6");
	free(path);
	can_probe = root_is_slash(root) && same_netns(root, p->pid);
	for (i = 0; i < json_array_size(c.items); i++)
		judge_tls(json_array_get(c.items, i), can_probe, settings);
	free(c.held.v);
	free(c.seen.v);
	return json_pack("{s:s, s:i, s:b, s:o}", "source", "proc", "pid", p->pid, "probe_allowed",
			 can_probe, "items", c.items);
}

/* ---- the containerd the daemon uses ------------------------------------ */

char *da_dockerd_realpath(const struct da_root *root, const char *path)
{
	return root_realpath(root, path);
}

/* PID's parent, from the "PPid:" line of its status; -1 when unknown. */
static int parent_of(const struct da_root *root, int pid)
{
	char *path = da_xasprintf("/proc/%d/status", pid), *data = NULL, *line;
	int ppid = -1;

	if (da_root_read_file(root, path, 64u << 10, &data, NULL) == 0 &&
	    (line = strstr(data, "\nPPid:")))
		ppid = (int)strtol(line + 6, NULL, 10);
	free(data);
	free(path);
	return ppid;
}

static bool exe_named(const struct da_root *root, int pid, const char *name)
{
	char *path = da_xasprintf("/proc/%d/exe", pid), *exe = NULL;
	bool yes = da_root_readlink(root, path, &exe) == 0 && basename_is(exe, name);

	free(path);
	free(exe);
	return yes;
}

/* The containerd the daemon started itself (a child named containerd), or -1. */
static int managed_child(const struct da_root *root, int dockerd)
{
	DIR *d = da_root_opendir(root, "/proc");
	struct dirent *e;
	int pid, found = -1;

	while (d && found < 0 && (e = readdir(d))) {
		pid = pid_of(e->d_name);
		if (pid > 1 && exe_named(root, pid, "containerd") && parent_of(root, pid) == dockerd)
			found = pid;
	}
	if (d)
		closedir(d);
	return found;
}

/* The argv of PID (free with da_dockerd_proc_free), read as the daemon's is. */
static int read_argv(const struct da_root *root, int pid, struct da_dockerd_proc *out)
{
	char *path = da_xasprintf("/proc/%d/cmdline", pid), *data = NULL;
	size_t len = 0;
	int rc = da_root_read_file(root, path, DA_DOCKERD_CMDLINE_MAX, &data, &len);

	memset(out, 0, sizeof(*out));
	out->pid = pid;
	out->uid = -1;
	if (rc == 0)
		split_cmdline(data, len, out);
	free(data);
	free(path);
	path = da_xasprintf("/proc/%d/exe", pid);
	if (da_root_readlink(root, path, &out->exe) < 0)
		out->exe = NULL;
	free(path);
	return rc;
}

/* The value of option LONG (or SHORT) in ARGV: "--x v", "--x=v", "-x v". */
static const char *argv_option(const struct da_dockerd_proc *p, const char *lng, const char *shrt)
{
	size_t i, n = strlen(lng);
	const char *a;

	for (i = 1; i < p->argc; i++) {
		a = p->argv[i];
		if (!strncmp(a, lng, n) && a[n] == '=')
			return a + n + 1;
		if ((!strcmp(a, lng) || (shrt && !strcmp(a, shrt))) && i + 1 < p->argc)
			return p->argv[i + 1];
	}
	return NULL;
}

/* The "address" of the [grpc] table of containerd's TOML config FILE: the
 * few lines containerd's own config writer produces, not all of TOML. */
static char *toml_grpc_address(const struct da_root *root, const char *file)
{
	char *data = NULL, *line, *nl, *q, *out = NULL;
	bool grpc = false;
	size_t len;

	if (da_root_read_file(root, file, 1u << 20, &data, &len) < 0)
		return NULL;
	for (line = data; !out && line < data + len; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = data + len;
		*nl = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '[')
			grpc = !strncmp(line, "[grpc]", 6);
		else if (grpc && !strncmp(line, "address", 7) && (q = strchr(line, '"')) &&
			 strchr(q + 1, '"'))
			out = da_xstrndup(q + 1, (size_t)(strchr(q + 1, '"') - q - 1));
	}
	free(data);
	return out;
}

/* The lowest pid (not 1) holding the listening unix socket PATH, one
 * whose exe is containerd first; -1 when none. */
static int socket_holder(const struct da_root *root, const char *path, int hint)
{
	struct strlist names = { 0 };
	struct inodes in = { 0 };
	DIR *d;
	struct dirent *e;
	int pid, best = -1;
	bool best_named = false, named;
	char *table = hint > 0 ? da_xasprintf("/proc/%d/net/unix", hint) : NULL;

	socket_names(root, path, &names);
	listening_inodes(root, "/proc/net/unix", &names, &in);
	if (!in.n && table)
		listening_inodes(root, table, &names, &in);
	d = in.n ? da_root_opendir(root, "/proc") : NULL;
	while (d && (e = readdir(d))) {
		pid = pid_of(e->d_name);
		if (pid <= 1 || !holds_socket(root, e->d_name, &in))
			continue;
		named = exe_named(root, pid, "containerd");
		if (best < 0 || (named && !best_named) || (named == best_named && pid < best))
			best = pid, best_named = named;
	}
	if (d)
		closedir(d);
	strlist_free(&names);
	free(in.v);
	free(table);
	return best;
}

/* The daemon's setting NAME when set (not to ""), else NULL; its source in *SRC. */
static const char *setting_text(const json_t *settings, const char *name, const char **src)
{
	const json_t *s = json_object_get(settings, name);
	const char *v = json_string_value(json_object_get(s, "value"));

	*src = json_string_value(json_object_get(s, "source"));
	return v && *v ? v : NULL;
}

json_t *da_dockerd_containerd_json(const struct da_root *root, const struct da_dockerd_proc *p,
				   const json_t *settings)
{
	struct da_dockerd_proc child = { .uid = -1 };
	const char *src = NULL, *v = p ? setting_text(settings, "containerd", &src) : NULL;
	const char *exec_root;
	char *address = NULL, *host;
	const char *source;
	int pid = -1, holder;
	json_t *out;

	if (v) {
		address = da_xstrdup(v);
		source = src && !strcmp(src, "config") ? "config" : "flag";
	} else if (p && (pid = managed_child(root, p->pid)) > 0) {
		read_argv(root, pid, &child);
		source = "managed";
		if ((v = argv_option(&child, "--address", "-a")))
			address = da_xstrdup(v);
		else if ((v = argv_option(&child, "--config", "-c")))
			address = toml_grpc_address(root, v);
		exec_root = setting_text(settings, "exec-root", &src);
		if (!address)
			address = da_xasprintf("%s/containerd/containerd.sock",
					       exec_root ? exec_root : "/var/run/docker");
	} else {
		address = da_xstrdup("/run/containerd/containerd.sock");
		source = "default";
	}
	host = da_dockerd_host_socket_path(root, address);
	holder = host ? socket_holder(root, host, pid) : -1;
	if (holder > 0 && holder != pid) {
		da_dockerd_proc_free(&child);
		read_argv(root, holder, &child);
	}
	out = json_pack("{s:o, s:s}", "address", da_facts_string(host ? host : address), "source",
			source);
	if (holder > 0 || pid > 0) {
		json_object_set_new(out, "pid", json_integer(child.pid));
		json_object_set_new(out, "exe", child.exe ? da_facts_string(child.exe) : json_null());
	} else {
		json_object_set_new(out, "pid", json_null());
		json_object_set_new(out, "exe", json_null());
	}
	json_object_set_new(out, "listening", json_boolean(holder > 0));
	da_dockerd_proc_free(&child);
	free(address);
	free(host);
	return out;
}

char *da_dockerd_env_path(const struct da_root *root, int pid)
{
	char *path = da_xasprintf("/proc/%d/environ", pid), *data = NULL, *out = NULL;
	size_t len = 0, i = 0, n;

	if (da_root_read_file(root, path, DA_DOCKERD_CMDLINE_MAX, &data, &len) == 0) {
		while (!out && i < len) {
			n = strnlen(data + i, len - i);
			if (n >= 5 && !memcmp(data + i, "PATH=", 5))
				out = da_xstrndup(data + i + 5, n - 5);
			i += n + 1;
		}
	}
	if (data)
		explicit_bzero(data, len);
	free(data);
	free(path);
	return out;
}
