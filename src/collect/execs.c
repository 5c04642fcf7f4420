/*
 * Exec sessions (docker exec) of every container, for the rules on
 * privileged and root exec sessions. The daemon keeps a session's record
 * while it runs and for a while after it ends; only those it still lists
 * are seen. The user a session runs as is, in order: what the kernel says
 * of its process (a running one), else the user it was started with,
 * resolved through the container's own /etc/passwd, else, when it was
 * started without one, the container's user. Layout: dockaudit-facts(5),
 * man/facts/80-containers.roff.
 */
#include "collect/execs.h"
#include "collect/proc.h"
#include "common/rootfs.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PASSWD_MAX (1u << 20)

/* One exec session to inspect: the container item it belongs to. */
struct req {
	json_t *container; /* borrowed item of /containers/items */
	char *path;
};

bool da_execs_safe_id(const char *id)
{
	const char *p;

	if (!id || !*id || strlen(id) > 128)
		return false;
	for (p = id; *p; p++) {
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return false;
	}
	return true;
}

/* S (N bytes) as a uid when it is all digits and fits. */
static bool numeric_uid(const char *s, size_t n, long *uid)
{
	long v = 0;
	size_t i;

	if (!n || n > 10)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 0xffffffffL)
		return false;
	*uid = v;
	return true;
}

/* The uid of NAME (N bytes) in the passwd text PW. */
static int passwd_uid(const char *pw, const char *name, size_t n, long *uid)
{
	const char *line, *end, *f;

	for (line = pw; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		if (strncmp(line, name, n) != 0 || line[n] != ':')
			continue;
		f = strchr(line + n + 1, ':'); /* past the password field */
		if (f && numeric_uid(f + 1, strcspn(f + 1, ":\n"), uid))
			return 0;
	}
	return -ENOENT;
}

int da_execs_user_uid(const char *user, const char *passwd, long *uid)
{
	size_t n = strcspn(user, ":");

	if (numeric_uid(user, n, uid))
		return 0;
	if (passwd && passwd_uid(passwd, user, n, uid) == 0)
		return 0;
	if (n == 4 && !strncmp(user, "root", 4)) {
		*uid = 0; /* root is uid 0 wherever a passwd does not say otherwise */
		return 0;
	}
	return -ENOENT;
}

static pid_t pid_of(const json_t *v)
{
	json_int_t pid = json_integer_value(v);

	return json_is_integer(v) && pid > 0 && pid <= 0x7fffffff ? (pid_t)pid : 0;
}

/* The uid inside its container of the running process PID, from its
 * status and uid_map. */
static bool proc_uid(const struct da_root *root, pid_t pid, long *uid)
{
	struct da_proc_status st;
	struct da_proc_idmap *map = da_xmalloc(sizeof(*map));
	struct da_err err = { "" };
	uint32_t in;
	bool ok;

	ok = da_proc_read_status(root, pid, &st, &err) == 0 && (st.have & DA_PROC_HAVE_UID) &&
	     da_proc_read_idmap(root, pid, "uid_map", map, &err) == 0 &&
	     da_proc_idmap_inside(map, st.uid[DA_PROC_ID_EFFECTIVE], &in) == 0;
	if (ok)
		*uid = in;
	free(map);
	return ok;
}

/* The container's /etc/passwd, through its main process's root; NULL
 * when it cannot be read. Caller frees. */
static char *container_passwd(const struct da_root *root, const json_t *container)
{
	pid_t pid = pid_of(da_facts_get(container, "/inspect/State/Pid"));
	char *path, *text = NULL;

	if (!pid)
		return NULL;
	path = da_xasprintf("/proc/%ld/root/etc/passwd", (long)pid);
	if (da_root_read_file(root, path, PASSWD_MAX, &text, NULL) < 0)
		text = NULL;
	free(path);
	return text;
}

/* uid, uid_source and root of exec item E, whose user is USER. */
static void exec_user(const struct da_root *root, json_t *e, const json_t *container,
		      const char *user, pid_t pid)
{
	const json_t *croot = da_facts_get(container, "/user/root");
	char *passwd;
	long uid;

	if (pid && proc_uid(root, pid, &uid)) {
		json_object_set_new(e, "uid_source", json_string("proc"));
	} else if (!*user) {
		/* Without --user a session runs as the container's user. */
		json_object_set_new(e, "uid_source", json_string("container"));
		json_object_set_new(e, "uid", json_null());
		if (json_is_boolean(croot))
			json_object_set(e, "root", (json_t *)croot);
		else
			da_facts_set_error(e, "the container's user is not known");
		return;
	} else {
		passwd = container_passwd(root, container);
		if (da_execs_user_uid(user, passwd, &uid) < 0) {
			da_facts_set_error(e, "user %s: not in the container's /etc/passwd%s", user,
					   passwd ? "" : " (unreadable)");
			free(passwd);
			return;
		}
		free(passwd);
		json_object_set_new(e, "uid_source", json_string("config"));
	}
	json_object_set_new(e, "uid", json_integer(uid));
	json_object_set_new(e, "root", json_boolean(uid == 0));
}

static json_t *string_or_empty(const json_t *v)
{
	return json_is_string(v) ? json_deep_copy(v) : json_string("");
}

/* The exec item from GET /exec/ID/json (IN, borrowed). */
static json_t *exec_item(const struct da_root *root, const json_t *container, const json_t *in)
{
	const json_t *pc = json_object_get(in, "ProcessConfig");
	const json_t *user = json_object_get(pc, "user"), *args = json_object_get(pc, "arguments");
	const json_t *code = json_object_get(in, "ExitCode");
	bool running = json_is_true(json_object_get(in, "Running"));
	pid_t pid = running ? pid_of(json_object_get(in, "Pid")) : 0;
	json_t *e;

	e = json_pack("{s:o, s:b, s:b, s:o, s:o, s:o, s:o}", "id",
		      string_or_empty(json_object_get(in, "ID")), "running", running, "privileged",
		      json_is_true(json_object_get(pc, "privileged")), "user", string_or_empty(user),
		      "entrypoint", string_or_empty(json_object_get(pc, "entrypoint")), "arguments",
		      json_is_array(args) ? json_deep_copy(args) : json_array(), "exit_code",
		      json_is_integer(code) ? json_deep_copy(code) : json_null());
	json_object_set_new(e, "pid", pid ? json_integer(pid) : json_null());
	if (!json_is_object(pc)) {
		da_facts_set_error(e, "the exec session has no ProcessConfig");
		return e;
	}
	exec_user(root, e, container, json_string_value(json_object_get(e, "user")), pid);
	return e;
}

/* Whether ERR is the daemon saying the session is gone (ended and
 * cleaned up since the container was inspected). */
static bool gone(const char *err)
{
	return err && strstr(err, ": HTTP 404");
}

/* The execs member of CONTAINER, with the ids to inspect added to REQS. */
static json_t *start(json_t *container, struct req **reqs, size_t *n)
{
	const json_t *ids = da_facts_get(container, "/inspect/ExecIDs");
	json_t *o = json_object(), *v;
	size_t i, count = 0;

	if (!json_object_get(container, "inspect")) {
		da_facts_set_error(o, "the container was not inspected");
		return o;
	}
	json_object_set_new(o, "items", json_array());
	json_array_foreach (ids, i, v) {
		const char *id = json_string_value(v);

		if (count++ >= DA_EXECS_MAX)
			continue;
		if (!da_execs_safe_id(id)) {
			json_t *bad = json_pack("{s:s}", "id", id ? id : "");

			da_facts_set_error(bad, "exec id is not a plain id: not inspected");
			json_array_append_new(json_object_get(o, "items"), bad);
			continue;
		}
		*reqs = da_xreallocarray(*reqs, *n + 1, sizeof(**reqs));
		(*reqs)[*n].container = container;
		(*reqs)[(*n)++].path = da_xasprintf("/exec/%s/json", id);
	}
	json_object_set_new(o, "truncated", json_boolean(count > DA_EXECS_MAX));
	return o;
}

/* GET the N requests of REQS at once into OUTS and ERRS. */
static void get_all(struct da_collect_ctx *ctx, const struct req *reqs, size_t n, json_t **outs,
		    char **errs)
{
	const char **paths = da_xcalloc(n + 1, sizeof(*paths));
	size_t i;

	for (i = 0; i < n; i++)
		paths[i] = reqs[i].path;
	da_docker_get_many(ctx->docker, paths, n, outs, errs);
	free(paths);
}

void da_execs_collect(struct da_collect_ctx *ctx, json_t *items)
{
	struct req *reqs = NULL;
	json_t **outs, *c, *execs, *list;
	char **errs;
	size_t i, n = 0;

	json_array_foreach (items, i, c)
		json_object_set_new(c, "execs", start(c, &reqs, &n));
	outs = da_xcalloc(n + 1, sizeof(*outs));
	errs = da_xcalloc(n + 1, sizeof(*errs));
	get_all(ctx, reqs, n, outs, errs);
	for (i = 0; i < n; i++) {
		list = json_object_get(json_object_get(reqs[i].container, "execs"), "items");
		if (!errs[i] && !json_is_object(outs[i]))
			errs[i] = da_xasprintf("GET %s: not a JSON object", reqs[i].path);
		if (errs[i] && !gone(errs[i])) {
			execs = json_object();
			da_facts_set_error(execs, "%s", errs[i]);
			json_array_append_new(list, execs);
		} else if (!errs[i]) {
			json_array_append_new(list, exec_item(ctx->root, reqs[i].container, outs[i]));
		}
		json_decref(outs[i]);
		free(errs[i]);
		free(reqs[i].path);
	}
	json_array_foreach (items, i, c) {
		execs = json_object_get(c, "execs");
		list = json_object_get(execs, "items");
		if (list)
			json_object_set_new(execs, "count", json_integer((json_int_t)json_array_size(list)));
	}
	free(reqs);
	free(outs);
	free(errs);
}
