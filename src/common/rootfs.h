/*
 * Every host file the audit reads goes through a root prefix (--root DIR).
 * Paths are given as the audited host sees them ("/etc/docker/daemon.json");
 * they are resolved inside the prefix, symlinks and ".." included, so a link
 * in a fixture tree or a mounted host can never lead out of it.
 */
#ifndef DA_ROOTFS_H
#define DA_ROOTFS_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "common/err.h"

/* Largest file da_root_read_file reads unless the caller says less. */
#define DA_ROOT_READ_MAX (16u << 20)

struct da_root {
	char *path; /* the prefix as given; "/" for the live host */
	int fd;     /* O_PATH directory descriptor of the prefix */
};

/* Open the prefix DIR. Returns 0, or -1 with ERR naming DIR. */
int da_root_open(struct da_root *root, const char *dir, struct da_err *err);
/* Release the prefix; NULL-safe, idempotent. */
void da_root_close(struct da_root *root);

/* Open PATH inside the root with FLAGS (O_RDONLY, O_DIRECTORY, O_PATH...).
 * Returns a descriptor the caller closes, or -errno. */
int da_root_openat(const struct da_root *root, const char *path, int flags);
/* stat PATH inside the root; FOLLOW decides whether a final symlink is
 * followed (inside the root). Returns 0 or -errno. */
int da_root_stat(const struct da_root *root, const char *path, bool follow, struct stat *st);
/* Read all of PATH into *DATA (NUL-terminated, caller frees) and its length
 * into *LEN (may be NULL). Returns 0, -errno, or -EFBIG if it is over MAX. */
int da_root_read_file(const struct da_root *root, const char *path, size_t max, char **data,
		      size_t *len);
/* Read the target of the symlink PATH (not resolved). Caller frees. 0 or -errno. */
int da_root_readlink(const struct da_root *root, const char *path, char **target);
/* Open directory PATH for readdir. NULL with errno set on failure. */
DIR *da_root_opendir(const struct da_root *root, const char *path);
/* The path as it is reached from here (prefix + PATH), for messages and for
 * libraries that need a real path. Caller frees. */
char *da_root_host_path(const struct da_root *root, const char *path);

#endif
