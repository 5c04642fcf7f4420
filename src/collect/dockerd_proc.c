/*
 * Which process really serves the Docker socket: the holder of the
 * listening socket's inode in /proc (never "any process named dockerd", and
 * never systemd holding it for socket activation), else SO_PEERCRED.
 */
#include "collect/daemon.h"
#include "common/buf.h"
#include "common/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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

/* Inodes of the listening sockets bound to one of NAMES. A socket path may
 * hold a newline and so forge a line: every socket has exactly one line,
 * so an inode seen on two lines is not trusted. */
static int listening_inodes(const struct da_root *root, const struct strlist *names,
			    struct inodes *out, struct da_err *err)
{
	struct inodes all = { 0 };
	struct unix_line u;
	char *data = NULL, *line, *nl;
	size_t len, i;
	int rc;

	rc = da_root_read_file(root, "/proc/net/unix", 0, &data, &len);
	if (rc < 0)
		return da_err_set(err, "/proc/net/unix: %s", strerror(-rc));
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
	for (i = 0; i < out->n;) {
		if (repeated(&all, out->v[i]))
			out->v[i] = out->v[--out->n];
		else
			i++;
	}
	free(all.v);
	free(data);
	if (!out->n)
		return da_err_set(err, "no listening unix socket %s in /proc/net/unix", names->v[0]);
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

/* Whether process PID holds one of INODES among its descriptors. */
static bool holds_socket(const struct da_root *root, const char *pid, const struct inodes *in)
{
	char *dir = da_xasprintf("/proc/%s/fd", pid), *path, *target, *end;
	DIR *d = da_root_opendir(root, dir);
	struct dirent *e;
	unsigned long inode;
	bool found = false;

	while (d && !found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		path = da_xasprintf("%s/%s", dir, e->d_name);
		if (da_root_readlink(root, path, &target) == 0) {
			if (!strncmp(target, "socket:[", 8)) {
				inode = strtoul(target + 8, &end, 10);
				found = !strcmp(end, "]") && inodes_has(in, inode);
			}
			free(target);
		}
		free(path);
	}
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

/* The best process holding one of INODES: its pid, or -1 with ERR. */
static int find_holder(const struct da_root *root, const struct inodes *in, const char *name,
		       struct da_err *err)
{
	DIR *d = da_root_opendir(root, "/proc");
	struct dirent *e;
	int pid, rank, best = -1, best_rank = 0, holders = 0;

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

static int find_by_socket(const struct da_root *root, const char *host_path, struct da_err *err)
{
	struct strlist names = { 0 };
	struct inodes in = { 0 };
	int pid = -1;

	socket_names(root, host_path, &names);
	if (listening_inodes(root, &names, &in, err) == 0)
		pid = find_holder(root, &in, host_path, err);
	strlist_free(&names);
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

static bool root_is_slash(const struct da_root *root)
{
	char *top = fd_path(root->fd);
	bool slash = top && !strcmp(top, "/");

	free(top);
	return slash;
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
	return rc < 0 ? -1 : 0;
}

int da_dockerd_find(const struct da_root *root, const char *socket, struct da_dockerd_proc *out,
		    struct da_err *err)
{
	char *host_path = da_dockerd_host_socket_path(root, socket);
	struct da_err sock_err = { "" }, cred_err = { "" };
	int pid;

	memset(out, 0, sizeof(*out));
	if (!host_path)
		return da_err_set(err, "%s: not a unix socket", socket);
	pid = find_by_socket(root, host_path, &sock_err);
	out->found_by = "socket";
	if (pid < 0 && root_is_slash(root)) {
		pid = find_by_peercred(socket, &cred_err);
		out->found_by = "peercred";
		if (pid < 0)
			da_err_set(err, "%.500s; %.500s", sock_err.msg, cred_err.msg);
	} else if (pid < 0) {
		da_err_set(err, "%s", sock_err.msg);
	}
	free(host_path);
	if (pid < 0)
		return -1;
	if (read_process(root, pid, out, err) < 0) {
		da_dockerd_proc_free(out);
		return -1;
	}
	return 0;
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
	memset(p, 0, sizeof(*p));
}
