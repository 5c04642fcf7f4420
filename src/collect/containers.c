/*
 * The containers collector: every container from GET /containers/json?all=1,
 * each inspected (concurrently), with the capability set the rules judge:
 * the kernel's CapEff from ROOT/proc/PID/status for a running container,
 * else the set Docker derives from its config. Layout: docs/FACTS.md.
 */
#include "collect/collectors.h"
#include "collect/proc.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#define LIST_PATH "/containers/json?all=1"

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

/* The proc member of a running container, and the caps from it when the
 * status file could be read (else NULL). */
static json_t *add_proc(struct da_collect_ctx *ctx, json_t *item, const json_t *inspect)
{
	json_t *pidv = da_facts_get(inspect, "/State/Pid");
	struct da_proc_status st;
	struct da_err err = { "" };
	json_int_t pid = json_integer_value(pidv);
	json_t *proc;

	if (!json_is_integer(pidv) || pid <= 0 || pid > 0x7fffffff) {
		proc = json_object();
		da_facts_set_error(proc, "State.Pid is not a process id");
		json_object_set_new(item, "proc", proc);
		return NULL;
	}
	if (da_proc_read_status(ctx->root, (pid_t)pid, &st, &err) < 0) {
		proc = json_pack("{s:I}", "pid", pid);
		da_facts_set_error(proc, "%s", err.msg);
		json_object_set_new(item, "proc", proc);
		return NULL;
	}
	proc = da_proc_status_json((pid_t)pid, &st);
	json_object_set_new(item, "proc", proc);
	return json_deep_copy(json_object_get(proc, "cap_eff"));
}

static void add_caps(json_t *item, const json_t *inspect, json_t *proc_eff)
{
	const json_t *hc = json_object_get(inspect, "HostConfig");
	json_t *caps;

	if (proc_eff) {
		caps = json_pack("{s:s, s:o}", "source", "proc", "effective", proc_eff);
	} else if (json_is_object(hc)) {
		caps = json_pack("{s:s, s:o}", "source", "config", "effective", config_caps(hc));
	} else {
		caps = json_object();
		da_facts_set_error(caps, "the inspect document has no HostConfig");
	}
	json_object_set_new(item, "caps", caps);
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
	if (json_is_string(state))
		json_object_set_new(item, "running",
				    json_boolean(strcmp(json_string_value(state), "running") == 0));
	return item;
}

/* Fill ITEM from a successful inspect (adopts INSPECT). */
static void item_from_inspect(struct da_collect_ctx *ctx, json_t *item, json_t *inspect)
{
	bool running = json_is_true(da_facts_get(inspect, "/State/Running"));
	json_t *proc_eff = NULL;

	set_string(item, "id", json_object_get(inspect, "Id"));
	set_string(item, "name", json_object_get(inspect, "Name"));
	set_string(item, "image", da_facts_get(inspect, "/Config/Image"));
	json_object_set_new(item, "running", json_boolean(running));
	json_object_set_new(item, "inspect", inspect);
	if (running)
		proc_eff = add_proc(ctx, item, inspect);
	add_caps(item, inspect, proc_eff);
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
static json_t **inspect_all(struct da_collect_ctx *ctx, const json_t *list, size_t n)
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
	da_docker_get_many(ctx->docker, (const char *const *)paths, n, outs, errs);
	for (i = 0; i < n; i++) {
		items[i] = item_from_summary(json_array_get(list, i));
		if (!errs[i] && !json_is_object(outs[i]))
			errs[i] = da_xasprintf("GET %s: not a JSON object", paths[i]);
		if (errs[i]) {
			json_decref(outs[i]);
			da_facts_set_error(items[i], "%s", errs[i]);
		} else {
			item_from_inspect(ctx, items[i], outs[i]);
		}
		free(errs[i]);
		free(paths[i]);
	}
	free(paths);
	free(outs);
	free(errs);
	return items;
}

static void collect_containers(struct da_collect_ctx *ctx, json_t *section)
{
	struct da_err err = { "" };
	json_t *list = NULL, *items;
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
	n = json_array_size(list);
	v = inspect_all(ctx, list, n);
	qsort(v, n, sizeof(*v), cmp_items);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, v[i]);
	json_object_set_new(section, "count", json_integer((json_int_t)n));
	json_object_set_new(section, "items", items);
	free(v);
	json_decref(list);
}

const struct da_collector da_collector_containers = {
	.name = "containers",
	.summary = "every container: inspect data, runtime capabilities, seccomp, no_new_privs",
	.collect = collect_containers,
};
