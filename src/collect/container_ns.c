/*
 * Which namespaces of the host a container shares. A container may use the
 * host's namespace directly (--network host) or by joining another
 * container (--network container:X) that does: joins are followed to the
 * container that owns the namespace. For a running container the kernel
 * decides: its namespace inode against the host's. Layout:
 * dockaudit-facts(5), man/facts/80-containers.roff ("namespaces").
 */
#include "collect/container_ns.h"
#include "collect/proc.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The namespaces recorded, and the HostConfig field that chooses each. */
static const struct ns_kind {
	const char *name;
	const char *field;
} kinds[] = {
	{ "net", "NetworkMode" }, { "pid", "PidMode" },   { "ipc", "IpcMode" },
	{ "uts", "UTSMode" },     { "user", "UsernsMode" }, { "cgroup", "CgroupnsMode" },
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* The host's namespace of each kind: that of pid 1, and that of the
 * dockerd serving the containers ("host" mode gives its namespace, which
 * is pid 1's except when the daemon runs in namespaces of its own). */
struct host_ns {
	uint64_t ino[2];
	bool known[2];
};

/* Per container and kind, while resolving. */
struct ns_state {
	int state; /* 0 not yet, 1 in progress, 2 done */
	bool host;
	bool from_proc;
	bool error;
};

const char *da_container_ns_base(const char *kind, const char *mode)
{
	if (!mode || !*mode)
		return "private";
	if (!strcmp(mode, "host"))
		return "host";
	if (!strncmp(mode, "container:", 10))
		return "container";
	if (!strcmp(mode, "none"))
		return "none";
	(void)kind;
	return "private";
}

int da_container_ns_find(const json_t *const *items, size_t n, const char *ref)
{
	size_t i, rlen = strlen(ref);
	int found = -1;

	if (!rlen)
		return -1;
	for (i = 0; i < n; i++) {
		const char *id = json_string_value(json_object_get(items[i], "id"));
		const char *name = json_string_value(json_object_get(items[i], "name"));

		if ((id && !strcmp(id, ref)) || (name && !strcmp(name, ref + (ref[0] == '/'))))
			return (int)i;
	}
	/* A unique id prefix, as the daemon accepts one. */
	for (i = 0; i < n; i++) {
		const char *id = json_string_value(json_object_get(items[i], "id"));

		if (id && !strncmp(id, ref, rlen)) {
			if (found >= 0)
				return -1;
			found = (int)i;
		}
	}
	return found;
}

static const char *mode_of(const json_t *item, const struct ns_kind *k)
{
	const json_t *hc = da_facts_get(item, "/inspect/HostConfig");
	const char *m = json_string_value(json_object_get(hc, k->field));

	return m ? m : "";
}

static pid_t pid_of(const json_t *item)
{
	json_int_t pid = json_integer_value(da_facts_get(item, "/proc/pid"));

	if (!json_is_true(json_object_get(item, "running")) || pid <= 0 || pid > 0x7fffffff)
		return 0;
	return (pid_t)pid;
}

/* The kernel's answer for ITEM: 1 shares the host's, 0 does not, -1 unknown. */
static int kernel_says(const struct da_root *root, const json_t *item, size_t k,
		       const struct host_ns *h, uint64_t *ino)
{
	pid_t pid = pid_of(item);

	if (!pid || (!h[k].known[0] && !h[k].known[1]) ||
	    da_proc_read_ns(root, pid, kinds[k].name, ino) < 0)
		return -1;
	return (h[k].known[0] && *ino == h[k].ino[0]) || (h[k].known[1] && *ino == h[k].ino[1]);
}

struct resolver {
	const struct da_root *root;
	json_t *const *items;
	size_t n;
	const struct host_ns *host;
	struct ns_state *st; /* n * NKINDS */
};

/* Whether container I shares the host's namespace of kind K: the kernel
 * for a running one, else its mode, a join taking the joined one's answer. */
static void resolve(struct resolver *r, size_t i, size_t k)
{
	struct ns_state *s = &r->st[i * NKINDS + k];
	const char *mode = mode_of(r->items[i], &kinds[k]);
	uint64_t ino;
	int t, kern;

	if (s->state == 2)
		return;
	if (s->state == 1) { /* a cycle of joins: no container owns it */
		s->error = true;
		return;
	}
	s->state = 1;
	kern = kernel_says(r->root, r->items[i], k, r->host, &ino);
	if (kern >= 0) {
		s->host = kern;
		s->from_proc = true;
	} else if (!strcmp(da_container_ns_base(kinds[k].name, mode), "container")) {
		t = da_container_ns_find((const json_t *const *)r->items, r->n, mode + 10);
		if (t >= 0 && (size_t)t != i) {
			resolve(r, (size_t)t, k);
			s->host = r->st[t * NKINDS + k].host;
			s->error = r->st[t * NKINDS + k].error;
		} else {
			s->error = t >= 0;
		}
	} else {
		s->host = !strcmp(mode, "host");
	}
	s->state = 2;
}

/* The ids of the containers a chain of joins from I goes through, in order;
 * *CYCLE when it comes back on itself. */
static json_t *joins_of(const struct resolver *r, size_t i, size_t k, bool *cycle,
			bool *dangling)
{
	json_t *out = json_array();
	bool *seen = da_xcalloc(r->n, sizeof(*seen));
	size_t cur = i;
	const char *mode;
	int t;

	*cycle = *dangling = false;
	seen[cur] = true;
	for (;;) {
		mode = mode_of(r->items[cur], &kinds[k]);
		if (strcmp(da_container_ns_base(kinds[k].name, mode), "container"))
			break;
		t = da_container_ns_find((const json_t *const *)r->items, r->n, mode + 10);
		if (t < 0) {
			*dangling = true;
			break;
		}
		json_array_append_new(out, json_string(json_string_value(
						   json_object_get(r->items[t], "id"))));
		if (seen[t]) {
			*cycle = true;
			break;
		}
		seen[t] = true;
		cur = (size_t)t;
	}
	free(seen);
	return out;
}

static json_t *ns_fact(struct resolver *r, size_t i, size_t k, bool daemon_remaps)
{
	const char *mode = mode_of(r->items[i], &kinds[k]);
	const char *base = da_container_ns_base(kinds[k].name, mode);
	struct ns_state *s = &r->st[i * NKINDS + k];
	bool cycle, dangling;
	json_t *o = json_object(), *joins = joins_of(r, i, k, &cycle, &dangling);
	uint64_t ino;

	json_object_set_new(o, "config", json_string(mode));
	if (!strcmp(base, "container") && json_array_size(joins))
		json_object_set_new(o, "mode",
				    json_sprintf("container:%s",
						 json_string_value(json_array_get(joins, 0))));
	else
		json_object_set_new(o, "mode", json_string(base));
	json_object_set_new(o, "joins", joins);
	if (dangling)
		json_object_set_new(o, "dangling", json_true());
	if (pid_of(r->items[i]) && da_proc_read_ns(r->root, pid_of(r->items[i]), kinds[k].name,
						   &ino) == 0)
		json_object_set_new(o, "inode", json_integer((json_int_t)ino));
	if (!strcmp(kinds[k].name, "user"))
		json_object_set_new(o, "daemon_remaps", json_boolean(daemon_remaps));
	if (cycle && !s->from_proc) {
		da_facts_set_error(o, "%s mode %s: the joins form a cycle", kinds[k].name, mode);
		return o;
	}
	json_object_set_new(o, "host", json_boolean(s->host));
	json_object_set_new(o, "source", json_string(s->from_proc ? "proc" : "config"));
	return o;
}

/* Whether the daemon remaps users (userns-remap): /daemon/info lists
 * "name=userns" among its SecurityOptions. */
static bool daemon_remaps_users(const json_t *facts)
{
	const json_t *opts = da_facts_get(facts, "/daemon/info/SecurityOptions");
	const json_t *v;
	size_t i;

	json_array_foreach (opts, i, v) {
		const char *s = json_string_value(v);

		if (s && !strncmp(s, "name=userns", 11) && (!s[11] || s[11] == ','))
			return true;
	}
	return false;
}

static void host_namespaces(const struct da_root *root, const json_t *facts, struct host_ns *h)
{
	json_int_t dpid = json_integer_value(da_facts_get(facts, "/daemon/process/pid"));
	size_t k;

	for (k = 0; k < NKINDS; k++) {
		h[k].known[0] = da_proc_read_ns(root, 1, kinds[k].name, &h[k].ino[0]) == 0;
		h[k].known[1] = dpid > 1 && dpid <= 0x7fffffff &&
				da_proc_read_ns(root, (pid_t)dpid, kinds[k].name, &h[k].ino[1]) == 0;
	}
}

void da_container_namespaces(const struct da_root *root, const json_t *facts, json_t *const *items,
			     size_t n)
{
	struct host_ns h[NKINDS];
	struct resolver r = { root, items, n, h, NULL };
	bool remaps = daemon_remaps_users(facts);
	size_t i, k;

	host_namespaces(root, facts, h);
	r.st = da_xcalloc(n ? n * NKINDS : 1, sizeof(*r.st));
	for (i = 0; i < n; i++) {
		json_t *o;

		if (!json_is_object(json_object_get(items[i], "inspect")))
			continue;
		o = json_object();
		for (k = 0; k < NKINDS; k++) {
			resolve(&r, i, k);
			json_object_set_new(o, kinds[k].name, ns_fact(&r, i, k, remaps));
		}
		json_object_set_new(items[i], "namespaces", o);
	}
	free(r.st);
}
