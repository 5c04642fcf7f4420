/*
 * The containers collector: every container from GET /containers/json?all=1,
 * each inspected (concurrently), with what the rules judge: capabilities,
 * ids, user namespace maps, LSM label and the processes inside from
 * ROOT/proc for a running container (one scan of /proc for all of them),
 * else from its config; seccomp, mounts and ports classified. Layout:
 * dockaudit-facts(5), man/facts/80-containers.roff.
 */
#include "collect/collectors.h"
#include "collect/container_cfg.h"
#include "collect/container_kmounts.h"
#include "collect/container_ns.h"
#include "collect/container_opts.h"
#include "collect/container_user.h"
#include "collect/daemon.h"
#include "collect/execs.h"
#include "collect/proc.h"
#include "collect/seccomp.h"
#include "collect/volumes.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#define LIST_PATH "/containers/json?all=1"
/* Processes listed per container; the rest are only counted. */
#define PROCESSES_MAX 256u

/* What every container's facts share: the daemon's data root and socket,
 * and the /proc index, built when the first running container needs it. */
struct run {
	struct da_collect_ctx *ctx;
	const json_t *info; /* /daemon/info, or NULL */
	struct da_container_paths paths;
	char *socket;
	struct da_proc_index *idx;
	bool idx_tried;
	struct da_err idx_err;
	uint64_t host_ns;
	bool host_ns_known;
	json_t *volumes;		  /* the volumes in use (da_volumes_fetch) */
	struct da_host_mounts *hmounts; /* read when a running container needs it */
	struct da_seccomp_daemon seccomp; /* the daemon's own profile file */
};

/* "/containers/ID/json" with ID percent-encoded: it comes from the daemon. */
static char *inspect_path(const char *id)
{
	static const char keep[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	struct da_buf b;

	da_buf_init(&b, 0);
	da_buf_puts(&b, "/containers/");
	for (; *id; id++) {
		if (strchr(keep, *id))
			da_buf_append(&b, id, 1);
		else
			da_buf_printf(&b, "%%%02X", (unsigned char)*id);
	}
	da_buf_puts(&b, "/json");
	return da_buf_take(&b);
}

static const char *strip_slash(const char *name)
{
	return name && name[0] == '/' ? name + 1 : name;
}

static bool set_has(const json_t *set, const char *name)
{
	size_t i;
	json_t *v;

	json_array_foreach (set, i, v) {
		if (strcmp(json_string_value(v), name) == 0)
			return true;
	}
	return false;
}

static void set_add(json_t *set, const char *name)
{
	if (!set_has(set, name))
		json_array_append_new(set, json_string(name));
}

static void set_remove(json_t *set, const char *name)
{
	size_t i;

	for (i = 0; i < json_array_size(set); i++) {
		if (strcmp(json_string_value(json_array_get(set, i)), name) == 0)
			json_array_remove(set, i--);
	}
}

/* CapAdd or CapDrop normalised ("CAP_X"); *ALL says whether "ALL" is there. */
static json_t *normalized_caps(const json_t *list, bool *all)
{
	json_t *out = json_array();
	size_t i;
	json_t *v;

	*all = false;
	json_array_foreach (list, i, v) {
		char *name;

		if (!json_is_string(v))
			continue;
		name = da_proc_cap_normalize(json_string_value(v));
		if (strcmp(name, "ALL") == 0)
			*all = true;
		else
			set_add(out, name);
		free(name);
	}
	return out;
}

/* Bit number of a capability name; names libcap does not know sort last. */
static int cap_rank(const char *name)
{
	cap_value_t v;

	return cap_from_name(name, &v) == 0 ? (int)v : 1000;
}

static int cmp_caps(const void *a, const void *b)
{
	const char *x = json_string_value(*(json_t *const *)a);
	const char *y = json_string_value(*(json_t *const *)b);
	int rx = cap_rank(x), ry = cap_rank(y);

	return rx != ry ? (rx < ry ? -1 : 1) : strcmp(x, y);
}

/* SET sorted in bit order, as every capability list in the facts is. */
static json_t *sorted_caps(json_t *set)
{
	size_t i, n = json_array_size(set);
	json_t **v = da_xcalloc(n, sizeof(*v));
	json_t *out = json_array();

	for (i = 0; i < n; i++)
		v[i] = json_array_get(set, i);
	qsort(v, n, sizeof(*v), cmp_caps);
	for (i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(set);
	return out;
}

/* The effective set Docker gives a container with this HostConfig (moby
 * oci/caps TweakCapabilities): privileged gets everything; "ALL" in CapAdd
 * is everything but CapDrop; "ALL" in CapDrop leaves only CapAdd; else the
 * default set less CapDrop plus CapAdd. */
static json_t *config_caps(const json_t *hc)
{
	bool add_all, drop_all;
	json_t *adds = normalized_caps(json_object_get(hc, "CapAdd"), &add_all);
	json_t *drops = normalized_caps(json_object_get(hc, "CapDrop"), &drop_all);
	json_t *set, *v;
	size_t i;

	if (json_is_true(json_object_get(hc, "Privileged")) || add_all) {
		set = da_proc_all_caps();
		if (!json_is_true(json_object_get(hc, "Privileged"))) {
			json_array_foreach (drops, i, v)
				set_remove(set, json_string_value(v));
		}
	} else {
		set = drop_all ? json_array() : da_proc_docker_default_caps();
		json_array_foreach (drops, i, v)
			set_remove(set, json_string_value(v));
		json_array_foreach (adds, i, v)
			set_add(set, json_string_value(v));
	}
	json_decref(adds);
	json_decref(drops);
	return sorted_caps(set);
}

/* uid_map or gid_map of PID; *MAP is filled when it could be read. */
static json_t *idmap_fact(const struct da_root *root, pid_t pid, const char *which,
			  struct da_proc_idmap *map, bool *ok)
{
	struct da_err err = { "" };
	json_t *o;

	*ok = da_proc_read_idmap(root, pid, which, map, &err) == 0;
	if (*ok)
		return da_proc_idmap_json(map);
	o = json_object();
	da_facts_set_error(o, "%s", err.msg);
	return o;
}

static json_t *label_fact(const struct da_root *root, pid_t pid)
{
	struct da_err err = { "" };
	char *label = NULL, *file = NULL;
	json_t *o;

	if (da_proc_read_label(root, pid, &label, &file, &err) < 0) {
		o = json_object();
		da_facts_set_error(o, "%s", err.msg);
		return o;
	}
	o = json_pack("{s:o, s:s}", "value", da_facts_string(label), "file", file);
	free(label);
	free(file);
	return o;
}

/* The pid namespace of the host: that of pid 1, else that of the dockerd
 * the daemon collector found (pid 1's may be unreadable in a sandbox). */
static void find_host_ns(struct run *r)
{
	json_int_t dpid = json_integer_value(da_facts_get(r->ctx->facts, "/daemon/process/pid"));

	r->host_ns_known = da_proc_read_ns(r->ctx->root, 1, "pid", &r->host_ns) == 0;
	if (!r->host_ns_known && dpid > 1 && dpid <= 0x7fffffff)
		r->host_ns_known = da_proc_read_ns(r->ctx->root, (pid_t)dpid, "pid", &r->host_ns) == 0;
}

/* The /proc index, built once for the whole audit; NULL if it cannot be. */
static struct da_proc_index *proc_index(struct run *r)
{
	if (!r->idx_tried) {
		r->idx_tried = true;
		if (da_proc_index_build(r->ctx->root, &r->idx, &r->idx_err) < 0)
			r->idx = NULL;
		find_host_ns(r);
	}
	return r->idx;
}

/* Whether namespace NS is the host's; when the host's cannot be read,
 * whether the container was created with --pid host. */
static bool in_host_ns(const struct run *r, uint64_t ns, const json_t *inspect)
{
	const char *mode = json_string_value(da_facts_get(inspect, "/HostConfig/PidMode"));

	if (r->host_ns_known)
		return ns == r->host_ns;
	return mode && strcmp(mode, "host") == 0;
}

/* The processes sharing the pid namespace of PID, the main process. */
static json_t *processes_fact(struct run *r, pid_t pid, const json_t *inspect)
{
	json_t *o = json_object(), *items;
	const struct da_proc_index *idx = proc_index(r);
	const pid_t *pids;
	uint64_t ns;
	size_t i, n;
	int rc;

	if (!idx) {
		da_facts_set_error(o, "%s", r->idx_err.msg);
		return o;
	}
	rc = da_proc_read_ns(r->ctx->root, pid, "pid", &ns);
	if (rc < 0) {
		char *path = da_xasprintf("/proc/%ld/ns/pid", (long)pid);
		char *shown = da_root_host_path(r->ctx->root, path);

		da_facts_set_error(o, "%s: %s", shown,
				   rc == -EINVAL ? "not a pid namespace link" : strerror(-rc));
		free(shown);
		free(path);
		return o;
	}
	json_object_set_new(o, "namespace", json_integer((json_int_t)ns));
	if (in_host_ns(r, ns, inspect)) {
		json_object_set_new(o, "shares_host_pid_namespace", json_true());
		return o;
	}
	json_object_set_new(o, "shares_host_pid_namespace", json_false());
	pids = da_proc_index_members(idx, ns, &n);
	items = json_array();
	for (i = 0; i < n && i < PROCESSES_MAX; i++)
		json_array_append_new(items, da_proc_process_json(r->ctx->root, pids[i]));
	json_object_set_new(o, "count", json_integer((json_int_t)n));
	json_object_set_new(o, "truncated", json_boolean(n > PROCESSES_MAX));
	json_object_set_new(o, "items", items);
	return o;
}

/* ID (as the host sees it) as MAP maps it into the namespace: an integer,
 * or null when the map is unknown or does not hold it. */
static json_t *inside_id(const struct da_proc_idmap *map, bool ok, uint32_t id)
{
	uint32_t in;

	if (ok && da_proc_idmap_inside(map, id, &in) == 0)
		return json_integer(in);
	return json_null();
}

/* The user of a running container: the real ids of its main process (who
 * it runs as) as the host sees them, and as its user namespace does
 * (through the maps); root when the real or the effective uid is 0 there. */
static void runtime_user(json_t *user, const struct da_proc_status *st,
			 const struct da_proc_idmap *umap, bool umap_ok,
			 const struct da_proc_idmap *gmap, bool gmap_ok)
{
	uint32_t uid = st->uid[DA_PROC_ID_REAL], gid = st->gid[DA_PROC_ID_REAL];
	uint32_t euid = st->uid[DA_PROC_ID_EFFECTIVE];
	json_t *in, *ein;
	bool root;

	json_object_set_new(user, "source", json_string("proc"));
	if (!(st->have & DA_PROC_HAVE_UID) || !(st->have & DA_PROC_HAVE_GID)) {
		da_facts_set_error(user, "the status file has no Uid and Gid lines");
		return;
	}
	json_object_set_new(user, "host_uid", json_integer(uid));
	json_object_set_new(user, "host_gid", json_integer(gid));
	in = inside_id(umap, umap_ok, uid);
	ein = inside_id(umap, umap_ok, euid);
	root = (json_is_integer(in) && !json_integer_value(in)) ||
	       (json_is_integer(ein) && !json_integer_value(ein));
	json_object_set_new(user, "root", json_boolean(root));
	json_object_set_new(user, "uid", in);
	json_object_set_new(user, "gid", inside_id(gmap, gmap_ok, gid));
	if (euid != uid)
		json_object_set_new(user, "effective_uid", ein);
	else
		json_decref(ein);
}

/* Whether Config.User names root: "", "root" or "0", with or without a
 * ":GROUP" part. */
static bool declared_root(const char *u)
{
	size_t n = strcspn(u, ":");

	return n == 0 || (n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0');
}

static json_t *user_fact(const json_t *inspect)
{
	const json_t *u = da_facts_get(inspect, "/Config/User");
	const char *s = json_is_string(u) ? json_string_value(u) : "";

	return json_pack("{s:s, s:s, s:b}", "declared", s, "source", "config", "root",
			 declared_root(s));
}

/* The proc member of a running container; fills USER from it too, and
 * returns the bounding set (the caps seccomp includes/excludes see) and
 * the effective set, when the status file could be read. */
static void add_proc(struct run *r, json_t *item, const json_t *inspect, json_t *user,
		     json_t **eff, json_t **bnd)
{
	const struct da_root *root = r->ctx->root;
	json_t *pidv = da_facts_get(inspect, "/State/Pid");
	struct da_proc_idmap *umap = da_xmalloc(sizeof(*umap)), *gmap = da_xmalloc(sizeof(*gmap));
	struct da_proc_status st;
	struct da_err err = { "" };
	json_int_t pid = json_integer_value(pidv);
	bool uok, gok;
	json_t *proc;

	if (!json_is_integer(pidv) || pid <= 0 || pid > 0x7fffffff) {
		proc = json_object();
		da_facts_set_error(proc, "State.Pid is not a process id");
		goto out;
	}
	if (da_proc_read_status(root, (pid_t)pid, &st, &err) < 0) {
		proc = json_pack("{s:I}", "pid", pid);
		da_facts_set_error(proc, "%s", err.msg);
		goto out;
	}
	proc = da_proc_status_json((pid_t)pid, &st);
	json_object_set_new(proc, "uid_map", idmap_fact(root, (pid_t)pid, "uid_map", umap, &uok));
	json_object_set_new(proc, "gid_map", idmap_fact(root, (pid_t)pid, "gid_map", gmap, &gok));
	json_object_set_new(proc, "lsm_label", label_fact(root, (pid_t)pid));
	json_object_set_new(proc, "processes", processes_fact(r, (pid_t)pid, inspect));
	json_object_del(user, "root");
	runtime_user(user, &st, umap, uok, gmap, gok);
	*eff = json_deep_copy(json_object_get(proc, "cap_eff"));
	*bnd = json_deep_copy(json_object_get(proc, "cap_bnd"));
out:
	json_object_set_new(item, "proc", proc);
	free(umap);
	free(gmap);
}

/* The caps member: what the container can gain (bounding, the set any
 * process in it may hold, e.g. one started by docker exec -u 0) and what
 * its main process holds now (effective). From the kernel for a running
 * container, else derived from HostConfig, so the verdict does not change
 * when it stops. Returns the bounding set (caller owns), or NULL. */
static json_t *add_caps(json_t *item, const json_t *inspect, json_t *proc_eff, json_t *proc_bnd)
{
	const json_t *hc = json_object_get(inspect, "HostConfig");
	json_t *caps;

	if (proc_eff && proc_bnd) {
		caps = json_pack("{s:s, s:O, s:o}", "source", "proc", "bounding", proc_bnd,
				 "effective", proc_eff);
	} else if (json_is_object(hc)) {
		json_decref(proc_eff);
		json_decref(proc_bnd);
		caps = json_pack("{s:s, s:o}", "source", "config", "bounding", config_caps(hc));
		json_object_set_new(caps, "effective",
				    json_deep_copy(json_object_get(caps, "bounding")));
		proc_bnd = json_deep_copy(json_object_get(caps, "bounding"));
	} else {
		json_decref(proc_eff);
		json_decref(proc_bnd);
		proc_bnd = NULL;
		caps = json_object();
		da_facts_set_error(caps, "the inspect document has no HostConfig");
	}
	json_object_set_new(item, "caps", caps);
	return proc_bnd;
}

/* User, device rules and no-new-privileges, after the proc member. */
static void add_privilege_facts(struct run *r, json_t *item, const json_t *inspect,
				json_t *user)
{
	json_int_t pid = json_integer_value(da_facts_get(item, "/proc/pid"));

	if (pid > 0 && pid <= 0x7fffffff && json_is_integer(json_object_get(user, "uid")))
		da_container_user_proc(r->ctx->root, (pid_t)pid, user);
	json_object_set_new(item, "device_cgroup_rules",
			    da_device_rules_fact(json_object_get(inspect, "HostConfig")));
	json_object_set_new(item, "no_new_privileges", da_nnp_fact(item, r->ctx->facts));
}

/* What needs every container inspected first: namespace joins, and the
 * users of stopped containers resolved through a running one's passwd. */
static void add_cross_facts(struct run *r, json_t *items)
{
	size_t i, n = json_array_size(items);
	json_t **v = da_xcalloc(n ? n : 1, sizeof(*v));
	json_t *item;

	json_array_foreach (items, i, item)
		v[i] = item;
	da_container_namespaces(r->ctx->root, r->ctx->facts, v, n);
	for (i = 0; i < n; i++) {
		json_t *user = json_object_get(v[i], "user");

		if (user && !json_is_true(json_object_get(v[i], "running")))
			da_container_user_config(r->ctx->root, items, v[i], user);
	}
	free(v);
}

static void set_string(json_t *item, const char *key, const json_t *v)
{
	if (json_is_string(v))
		json_object_set_new(item, key, json_string(strip_slash(json_string_value(v))));
}

/* An item from the list entry alone: what is known when inspect fails. */
static json_t *item_from_summary(const json_t *summary)
{
	json_t *item = json_object();
	const json_t *state = json_object_get(summary, "State");

	set_string(item, "id", json_object_get(summary, "Id"));
	set_string(item, "name", json_array_get(json_object_get(summary, "Names"), 0));
	set_string(item, "image", json_object_get(summary, "Image"));
	set_string(item, "image_id", json_object_get(summary, "ImageID"));
	if (json_is_string(state))
		json_object_set_new(item, "running",
				    json_boolean(strcmp(json_string_value(state), "running") == 0));
	return item;
}

/* The mounts, judged by what the kernel mounted when the container runs. */
static json_t *container_mounts(struct run *r, const json_t *inspect)
{
	json_t *kernel = NULL, *out;

	if (json_is_true(da_facts_get(inspect, "/State/Running"))) {
		if (!r->hmounts)
			r->hmounts = da_host_mounts_read(
				r->ctx->root,
				json_integer_value(da_facts_get(r->ctx->facts, "/daemon/process/pid")));
		kernel = da_container_kernel_mounts(r->ctx->root, inspect, r->hmounts);
	}
	out = da_container_mounts(inspect, &r->paths, kernel);
	json_decref(kernel);
	return out;
}

/* seccomp, mounts and ports: what the config says, classified. */
static void add_config_facts(struct run *r, json_t *item, const json_t *inspect,
			     const json_t *bnd)
{
	json_object_set_new(item, "seccomp",
			    da_seccomp_container(json_object_get(inspect, "HostConfig"), r->info,
						 &r->seccomp, bnd, 0));
	json_object_set_new(item, "mounts", container_mounts(r, inspect));
	json_object_set_new(item, "ports", da_container_ports(inspect));
}

/* Fill ITEM from a successful inspect (adopts INSPECT). */
static void item_from_inspect(struct run *r, json_t *item, json_t *inspect)
{
	bool running = json_is_true(da_facts_get(inspect, "/State/Running"));
	json_t *eff = NULL, *bnd = NULL, *user = user_fact(inspect);

	set_string(item, "id", json_object_get(inspect, "Id"));
	set_string(item, "name", json_object_get(inspect, "Name"));
	set_string(item, "image", da_facts_get(inspect, "/Config/Image"));
	set_string(item, "image_id", json_object_get(inspect, "Image"));
	json_object_set_new(item, "running", json_boolean(running));
	json_object_set_new(item, "inspect", inspect);
	if (running)
		add_proc(r, item, inspect, user, &eff, &bnd);
	json_object_set_new(item, "user", user);
	add_privilege_facts(r, item, inspect, user);
	bnd = add_caps(item, inspect, eff, bnd);
	add_config_facts(r, item, inspect, bnd);
	json_decref(bnd);
}

static const char *item_key(const json_t *item, const char *key)
{
	const char *s = json_string_value(json_object_get(item, key));

	return s ? s : "";
}

static int cmp_items(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(item_key(x, "name"), item_key(y, "name"));

	return c ? c : strcmp(item_key(x, "id"), item_key(y, "id"));
}

/* Inspect every container of LIST concurrently; returns the items, unsorted. */
static json_t **inspect_all(struct run *r, const json_t *list, size_t n)
{
	char **paths = da_xcalloc(n, sizeof(*paths));
	json_t **outs = da_xcalloc(n, sizeof(*outs));
	char **errs = da_xcalloc(n, sizeof(*errs));
	json_t **items = da_xcalloc(n, sizeof(*items));
	size_t i;

	for (i = 0; i < n; i++) {
		const char *id = json_string_value(json_object_get(json_array_get(list, i), "Id"));

		paths[i] = inspect_path(id ? id : "");
	}
	da_docker_get_many(r->ctx->docker, (const char *const *)paths, n, outs, errs);
	r->volumes = da_volumes_fetch(r->ctx->docker, outs, n);
	r->paths.volumes = r->volumes;
	for (i = 0; i < n; i++) {
		items[i] = item_from_summary(json_array_get(list, i));
		if (!errs[i] && !json_is_object(outs[i]))
			errs[i] = da_xasprintf("GET %s: not a JSON object", paths[i]);
		if (errs[i]) {
			json_decref(outs[i]);
			da_facts_set_error(items[i], "%s", errs[i]);
		} else {
			item_from_inspect(r, items[i], outs[i]);
		}
		free(errs[i]);
		free(paths[i]);
	}
	free(paths);
	free(outs);
	free(errs);
	return items;
}

/* The daemon facts the classification needs (read from the daemon section,
 * which the daemon collector filled before us). */
static void run_init(struct run *r, struct da_collect_ctx *ctx)
{
	const json_t *info = da_facts_get(ctx->facts, "/daemon/info");
	const char *host = json_string_value(da_facts_get(ctx->facts, "/daemon/host"));

	memset(r, 0, sizeof(*r));
	r->ctx = ctx;
	r->info = json_is_object(info) && !json_object_get(info, "error") ? info : NULL;
	r->paths.data_root = json_string_value(json_object_get(r->info, "DockerRootDir"));
	r->socket = da_dockerd_host_socket_path(ctx->root, host ? host : da_docker_host(ctx->docker));
	r->paths.socket = r->socket;
	r->paths.root = ctx->root;
	da_seccomp_daemon_load(&r->seccomp, ctx->root, ctx->facts);
}

static void run_free(struct run *r)
{
	da_proc_index_free(r->idx);
	free(r->socket);
	json_decref(r->volumes);
	da_host_mounts_free(r->hmounts);
	da_seccomp_daemon_free(&r->seccomp);
}

static void collect_containers(struct da_collect_ctx *ctx, json_t *section)
{
	struct da_err err = { "" };
	json_t *list = NULL, *items;
	struct run r;
	json_t **v;
	size_t i, n;

	if (da_docker_get_json(ctx->docker, LIST_PATH, &list, &err) < 0) {
		da_facts_set_error(section, "%s", err.msg);
		return;
	}
	if (!json_is_array(list)) {
		da_facts_set_error(section, "GET %s: not a JSON array", LIST_PATH);
		json_decref(list);
		return;
	}
	run_init(&r, ctx);
	n = json_array_size(list);
	v = inspect_all(&r, list, n);
	qsort(v, n, sizeof(*v), cmp_items);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, v[i]);
	add_cross_facts(&r, items);
	da_execs_collect(ctx, items);
	json_object_set_new(section, "count", json_integer((json_int_t)n));
	json_object_set_new(section, "items", items);
	free(v);
	json_decref(list);
	run_free(&r);
}

const struct da_collector da_collector_containers = {
	.name = "containers",
	.summary = "every container: inspect data, runtime capabilities, ids, processes, seccomp, "
		   "mounts, ports",
	.collect = collect_containers,
};
