/*
 * The user a container runs as, names resolved through the container's own
 * passwd file: see container_user.c.
 */
#ifndef DA_CONTAINER_USER_H
#define DA_CONTAINER_USER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/rootfs.h"

/* Read the /etc/passwd of the container whose process is PID, inside its
 * root (ROOT/proc/PID/root; symlinks stay in the container's root), up to
 * 4 MiB. 0 with *TEXT (caller frees) and *LEN, or -errno. */
int da_container_passwd(const struct da_root *root, pid_t pid, char **text, size_t *len);

/* The uid a user spec ("name", "uid", "name:group", "" for root) gives,
 * through PASSWD (LEN bytes; may be NULL): a name in the file first, then
 * a number, then "root". 0, or -ENOENT when a name cannot be resolved. */
int da_user_spec_uid(const char *spec, const char *passwd, size_t len, uint32_t *uid);

/* For a running container (main process PID) whose USER fact already
 * holds uid (inside) and declared: add name (of that uid), declared_uid
 * and passwd ("container", or why it is unreadable). */
void da_container_user_proc(const struct da_root *root, pid_t pid, json_t *user);

/* For a stopped container ITEM: resolve USER's declared spec (numeric, or
 * through the passwd of a running container of the same image among
 * ITEMS, the /containers/items array) into uid and root; uid is null when
 * the name cannot be resolved (root then stays what the spec says). */
void da_container_user_config(const struct da_root *root, const json_t *items, json_t *item,
			      json_t *user);

/* The user of image IMAGE_ID resolved through a running container of it
 * among CONTAINERS (/containers/items): {uid, root, via: container name},
 * uid null when the name is not in its passwd; NULL when no container of
 * the image runs. Caller owns it. */
json_t *da_image_user_resolved(const struct da_root *root, const json_t *containers,
			       const char *image_id, const char *user);

#endif
