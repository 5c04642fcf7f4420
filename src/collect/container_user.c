/*
 * Which user a container runs as, with names resolved the way the runtime
 * resolves them: through the container's own /etc/passwd, read from
 * ROOT/proc/PID/root (the container's root as its process sees it), never
 * the host's. A stopped container, or an image, is resolved through a
 * running container of the same image when there is one. Layout:
 * dockaudit-facts(5), man/facts/80-containers.roff ("user").
 */
#include "collect/container_user.h"
#include "collect/users.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A container's passwd file is read up to this size. */
#define PASSWD_MAX (4u << 20)

int da_container_passwd(const struct da_root *root, pid_t pid, char **text, size_t *len)
{
	char *dir = da_xasprintf("/proc/%ld", (long)pid);
	struct da_root croot = { NULL, -1 };
	int pfd, rc;

	pfd = da_root_openat(root, dir, O_PATH | O_DIRECTORY);
	if (pfd < 0) {
		free(dir);
		return pfd;
	}
	/* "root" is the kernel's link to the process's root: followed here,
	 * then everything below it resolves inside that root. */
	croot.fd = openat(pfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	rc = croot.fd < 0 ? -errno : 0;
	close(pfd);
	if (rc == 0) {
		croot.path = da_xasprintf("%s/root", dir);
		rc = da_root_read_file(&croot, "/etc/passwd", PASSWD_MAX, text, len);
		close(croot.fd);
		free(croot.path);
	}
	free(dir);
	return rc;
}

/* A decimal uid of at most 10 digits below 2^32 - 1. */
static bool numeric_uid(const char *s, size_t n, uint32_t *uid)
{
	unsigned long long v = 0;
	size_t i;

	if (n == 0 || n > 10)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v >= UINT32_MAX)
		return false;
	*uid = (uint32_t)v;
	return true;
}

int da_user_spec_uid(const char *spec, const char *passwd, size_t len, uint32_t *uid)
{
	size_t n = strcspn(spec, ":");
	char *name;
	int rc;

	if (n == 0) {
		*uid = 0; /* no user: the runtime starts the process as root */
		return 0;
	}
	name = da_xstrndup(spec, n);
	/* A name in the file wins; else a number is the uid itself. */
	rc = passwd ? da_passwd_uid(passwd, len, name, uid) : -ENOENT;
	if (rc < 0 && numeric_uid(name, n, uid))
		rc = 0;
	else if (rc < 0 && !strcmp(name, "root")) {
		*uid = 0;
		rc = 0;
	}
	free(name);
	return rc;
}

/* The pid of a running container's main process, or 0. */
static pid_t item_pid(const json_t *item)
{
	json_int_t pid = json_integer_value(da_facts_get(item, "/proc/pid"));

	if (!json_is_true(json_object_get(item, "running")) || pid <= 0 || pid > 0x7fffffff)
		return 0;
	return (pid_t)pid;
}

/* The passwd of the first running container of IMAGE_ID among ITEMS (into
 * *TEXT), and that container's name; NULL when there is none. */
static const char *passwd_via(const struct da_root *root, const json_t *items,
			      const char *image_id, char **text, size_t *len)
{
	const json_t *item;
	size_t i;

	json_array_foreach (items, i, item) {
		const char *img = json_string_value(json_object_get(item, "image_id"));
		pid_t pid = item_pid(item);

		if (pid && img && !strcmp(img, image_id) &&
		    da_container_passwd(root, pid, text, len) == 0)
			return json_string_value(json_object_get(item, "name"));
	}
	return NULL;
}

void da_container_user_proc(const struct da_root *root, pid_t pid, json_t *user)
{
	const json_t *uid = json_object_get(user, "uid");
	const char *declared = json_string_value(json_object_get(user, "declared"));
	char *text = NULL, *name;
	size_t len = 0;
	uint32_t duid;
	int rc;

	rc = da_container_passwd(root, pid, &text, &len);
	if (rc < 0) {
		json_object_set_new(user, "passwd", json_sprintf("unreadable: %s", strerror(-rc)));
		return;
	}
	json_object_set_new(user, "passwd", json_string("container"));
	if (json_is_integer(uid)) {
		name = da_passwd_name(text, len, (uint32_t)json_integer_value(uid));
		if (name)
			json_object_set_new(user, "name", da_facts_string(name));
		free(name);
	}
	if (declared && da_user_spec_uid(declared, text, len, &duid) == 0)
		json_object_set_new(user, "declared_uid", json_integer(duid));
	free(text);
}

void da_container_user_config(const struct da_root *root, const json_t *items, json_t *item,
			      json_t *user)
{
	const char *declared = json_string_value(json_object_get(user, "declared"));
	const char *image = json_string_value(json_object_get(item, "image_id"));
	const char *via = NULL;
	char *text = NULL;
	size_t len = 0;
	uint32_t uid;

	if (!declared)
		return;
	if (image)
		via = passwd_via(root, items, image, &text, &len);
	if (da_user_spec_uid(declared, text, len, &uid) == 0) {
		json_object_set_new(user, "uid", json_integer(uid));
		json_object_set_new(user, "root", json_boolean(uid == 0));
		if (via)
			json_object_set_new(user, "passwd", json_sprintf("container %s", via));
	} else {
		json_object_set_new(user, "uid", json_null());
	}
	free(text);
}

json_t *da_image_user_resolved(const struct da_root *root, const json_t *containers,
			       const char *image_id, const char *user)
{
	char *text = NULL;
	size_t len = 0;
	const char *via = passwd_via(root, containers, image_id, &text, &len);
	uint32_t uid;
	json_t *o;

	if (!via)
		return NULL;
	if (da_user_spec_uid(user, text, len, &uid) == 0)
		o = json_pack("{s:I, s:b, s:s}", "uid", (json_int_t)uid, "root", uid == 0, "via",
			      via);
	else
		o = json_pack("{s:n, s:s}", "uid", "via", via);
	free(text);
	return o;
}
