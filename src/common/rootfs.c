/*
 * Root-prefixed file access. Resolution is done by the kernel with openat2()
 * and RESOLVE_IN_ROOT: absolute symlinks and ".." are clamped to the prefix,
 * which is exactly how the audited host itself would see its files.
 */
#include "common/rootfs.h"
#include "common/buf.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
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

int da_root_openat(const struct da_root *root, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	const char *rel = path;
	long fd;

	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	do {
		fd = syscall(SYS_openat2, root->fd, rel, &how, sizeof(how));
	} while (fd < 0 && (errno == EAGAIN || errno == EINTR));
	return fd < 0 ? -errno : (int)fd;
}

/* Split PATH into its parent directory (opened inside the root) and last name. */
static int open_parent(const struct da_root *root, const char *path, char **name)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (!slash || !slash[1])
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
	char chunk[8192];
	ssize_t n;
	int fd, rc = 0;

	fd = da_root_openat(root, path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	da_buf_init(&b, max ? max : DA_ROOT_READ_MAX);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		if (n == 0)
			break;
		if (da_buf_append(&b, chunk, (size_t)n) < 0) {
			rc = -EFBIG;
			break;
		}
	}
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
		return da_xstrdup(path);
	return da_xasprintf("%.*s%s%s", (int)n, root->path, path[0] == '/' ? "" : "/", path);
}
