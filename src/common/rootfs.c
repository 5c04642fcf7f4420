/*
 * Root-prefixed file access. Resolution is done by the kernel with openat2()
 * and RESOLVE_IN_ROOT: absolute symlinks and ".." are clamped to the prefix,
 * which is exactly how the audited host itself would see its files. Where
 * openat2() is missing (ENOSYS) the same walk is done in user space.
 */
#include "common/rootfs.h"
#include "common/buf.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int da_root_open(struct da_root *root, const char *dir, struct da_err *err)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

	root->path = NULL;
	root->fd = -1;
	if (fd < 0)
		return da_err_set(err, "%s: cannot open root directory: %s", dir, strerror(errno));
	root->fd = fd;
	root->path = da_xstrdup(dir);
	return 0;
}

void da_root_close(struct da_root *root)
{
	if (!root)
		return;
	if (root->fd >= 0)
		close(root->fd);
	root->fd = -1;
	free(root->path);
	root->path = NULL;
}

/* Set once openat2() answered ENOSYS: a kernel before 5.6, a seccomp
 * profile that does not know it, or valgrind before 3.20. */
static bool no_openat2;

#define FALLBACK_MAX_LINKS 40

/* The directories walked so far: fds[0] is the root (borrowed), the rest are
 * O_PATH descriptors this walk owns. */
struct walk {
	int *fds;
	size_t n;
};

static void walk_pop(struct walk *w, size_t keep)
{
	while (w->n > keep)
		close(w->fds[--w->n]);
}

/* The next component of *P (advancing it) into NAME (SIZE bytes): 1, or 0
 * at the end, or -ENAMETOOLONG. *LAST: nothing follows, not even a slash. */
static int next_component(const char **p, char *name, size_t size, bool *last)
{
	const char *s = *p, *e;

	while (*s == '/')
		s++;
	if (!*s)
		return 0;
	e = s + strcspn(s, "/");
	if ((size_t)(e - s) >= size)
		return -ENAMETOOLONG;
	memcpy(name, s, (size_t)(e - s));
	name[e - s] = '\0';
	*last = !*e;
	*p = e;
	return 1;
}

/* Replace *REST (the unwalked part, at *P) with TARGET followed by *P. */
static void expand_link(char **rest, const char **p, const char *target)
{
	char *n = da_xasprintf("%s%s", target, *p); /* *P is "" or starts with '/' */

	free(*rest);
	*rest = n;
	*p = n;
}

/* Follow the symlink NAME in the walk's last directory: its target is
 * walked next. */
static int follow_link(struct walk *w, const char *name, char **rest, const char **p, int *links)
{
	char target[PATH_MAX];
	ssize_t len = readlinkat(w->fds[w->n - 1], name, target, sizeof(target) - 1);

	if (len < 0)
		return -errno;
	if (++*links > FALLBACK_MAX_LINKS)
		return -ELOOP;
	target[len] = '\0';
	if (target[0] == '/')
		walk_pop(w, 1);
	expand_link(rest, p, target);
	return 0;
}

/* Open the last component NAME in directory DIR, already opened as FD
 * (O_PATH, not followed), with the caller's FLAGS. Consumes FD. */
static int open_final(int dir, int fd, const char *name, const struct stat *st, int flags)
{
	if (flags & O_PATH) {
		if ((flags & O_DIRECTORY) && !S_ISDIR(st->st_mode)) {
			close(fd);
			return -ENOTDIR;
		}
		return fd;
	}
	close(fd);
	fd = openat(dir, name, flags | O_NOFOLLOW | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Open NAME in DIR without following it, and stat it. The descriptor or -errno. */
static int open_component(int dir, const char *name, struct stat *st)
{
	int fd = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC), rc;

	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

/* RESOLVE_IN_ROOT done in user space: one component at a time, O_NOFOLLOW,
 * symlinks expanded here with ".." and absolute targets clamped to the
 * root. Same results as openat2() for the flags this module uses. */
static int openat_fallback(const struct da_root *root, const char *path, int flags)
{
	struct walk w = { .fds = da_xmalloc(sizeof(int)), .n = 1 };
	char *rest = da_xstrdup(path), name[NAME_MAX + 1];
	const char *p = rest;
	struct stat st;
	int fd, rc, links = 0;
	bool last = false;

	w.fds[0] = root->fd;
	while ((rc = next_component(&p, name, sizeof(name), &last)) > 0) {
		if (!strcmp(name, "."))
			continue;
		if (!strcmp(name, "..")) {
			walk_pop(&w, w.n > 1 ? w.n - 1 : 1);
			continue;
		}
		fd = open_component(w.fds[w.n - 1], name, &st);
		if (fd < 0) {
			rc = fd;
			goto out;
		}
		if (S_ISLNK(st.st_mode) && !(last && (flags & O_NOFOLLOW))) {
			close(fd);
			rc = follow_link(&w, name, &rest, &p, &links);
			if (rc < 0)
				goto out;
			continue;
		}
		if (last) {
			rc = open_final(w.fds[w.n - 1], fd, name, &st, flags);
			goto out;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(fd);
			rc = -ENOTDIR;
			goto out;
		}
		w.fds = da_xreallocarray(w.fds, w.n + 1, sizeof(int));
		w.fds[w.n++] = fd;
	}
	/* the path ended on a directory: "/", "a/..", "a/" */
	if (rc == 0) {
		rc = openat(w.fds[w.n - 1], ".", flags | O_CLOEXEC);
		if (rc < 0)
			rc = -errno;
	}
out:
	walk_pop(&w, 1);
	free(w.fds);
	free(rest);
	return rc;
}

int da_root_openat(const struct da_root *root, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	const char *rel = path;
	int tries = 0;
	long fd;

	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	if (no_openat2)
		return openat_fallback(root, rel, flags);
	do {
		fd = syscall(SYS_openat2, root->fd, rel, &how, sizeof(how));
	} while (fd < 0 && (errno == EAGAIN || errno == EINTR) && ++tries < 64);
	if (fd < 0 && errno == ENOSYS) {
		no_openat2 = true;
		return openat_fallback(root, rel, flags);
	}
	return fd < 0 ? -errno : (int)fd;
}

/* Split PATH into its parent directory (opened inside the root) and last name.
 * A last name of "." or ".." is refused (-EINVAL): looked up from the parent
 * descriptor with a plain *at() call, ".." at the top would leave the root. */
static int open_parent(const struct da_root *root, const char *path, char **name)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (!slash || !slash[1] || !strcmp(slash + 1, ".") || !strcmp(slash + 1, ".."))
		return -EINVAL;
	dir = da_xstrndup(path, (size_t)(slash - path));
	fd = da_root_openat(root, *dir ? dir : "/", O_PATH | O_DIRECTORY);
	free(dir);
	if (fd >= 0)
		*name = da_xstrdup(slash + 1);
	return fd;
}

int da_root_stat(const struct da_root *root, const char *path, bool follow, struct stat *st)
{
	char *name = NULL;
	int fd, rc = 0;

	if (follow) {
		fd = da_root_openat(root, path, O_PATH);
		if (fd < 0)
			return fd;
		if (fstat(fd, st) < 0)
			rc = -errno;
		close(fd);
		return rc;
	}
	fd = open_parent(root, path, &name);
	if (fd < 0)
		return fd == -EINVAL ? da_root_stat(root, path, true, st) : fd;
	if (fstatat(fd, name, st, AT_SYMLINK_NOFOLLOW) < 0)
		rc = -errno;
	close(fd);
	free(name);
	return rc;
}

int da_root_read_file(const struct da_root *root, const char *path, size_t max, char **data,
		      size_t *len)
{
	struct da_buf b;
	int fd, rc;

	fd = da_root_openat(root, path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	da_buf_init(&b, max ? max : DA_ROOT_READ_MAX);
	rc = da_buf_read_fd(&b, fd);
	close(fd);
	if (rc < 0) {
		da_buf_free(&b);
		return rc;
	}
	if (len)
		*len = b.len;
	*data = da_buf_take(&b);
	return 0;
}

int da_root_readlink(const struct da_root *root, const char *path, char **target)
{
	char buf[4096];
	char *name = NULL;
	ssize_t n;
	int fd;

	fd = open_parent(root, path, &name);
	if (fd < 0)
		return fd;
	n = readlinkat(fd, name, buf, sizeof(buf) - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	free(name);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	*target = da_xstrdup(buf);
	return 0;
}

DIR *da_root_opendir(const struct da_root *root, const char *path)
{
	int fd = da_root_openat(root, path, O_RDONLY | O_DIRECTORY);
	DIR *d;

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	d = fdopendir(fd);
	if (!d) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return d;
}

char *da_root_host_path(const struct da_root *root, const char *path)
{
	size_t n = strlen(root->path);

	while (n > 1 && root->path[n - 1] == '/')
		n--;
	if (n == 1 && root->path[0] == '/')
		return path[0] == '/' ? da_xstrdup(path) : da_xasprintf("/%s", path);
	return da_xasprintf("%.*s%s%s", (int)n, root->path, path[0] == '/' ? "" : "/", path);
}
