/*
 * Mounts and ports of a container, classified (see container_cfg.h). Paths
 * are compared after lexical cleaning, so "/etc/../etc" or "//etc/" cannot
 * hide a sensitive directory; addresses are parsed, so "::" and "0.0.0.0"
 * and "" are all recognised as every interface.
 */
#include "collect/container_cfg.h"
#include "collect/volumes.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const da_container_sensitive_dirs[] = {
	/* the CIS Docker Benchmark's "sensitive host system directories" */
	"/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr",
	/* added: the rest of the system, the daemon's state, sockets of /run */
	"/bin", "/sbin", "/lib32", "/lib64", "/libx32", "/root", "/run", "/var/run",
	"/var/lib/docker", "/var/lib/containerd", NULL,
};

static const char *const socket_paths[] = { "/var/run/docker.sock", "/run/docker.sock", NULL };

struct component {
	const char *p;
	size_t n;
};

static bool is_dotdot(const struct component *c)
{
	return c->n == 2 && c->p[0] == '.' && c->p[1] == '.';
}

char *da_container_clean_path(const char *path)
{
	bool abs = path[0] == '/';
	struct component *stack = da_xcalloc(strlen(path) / 2 + 1, sizeof(*stack));
	size_t depth = 0, i;
	struct da_buf b;
	const char *p = path;

	while (*p) {
		struct component c = { p, strcspn(p, "/") };

		if (c.n == 0 || (c.n == 1 && p[0] == '.'))
			; /* "//" or "/./" */
		else if (is_dotdot(&c) && depth && !is_dotdot(&stack[depth - 1]))
			depth--;
		else if (!is_dotdot(&c) || !abs) /* ".." at the top of "/" is "/" */
			stack[depth++] = c;
		p += c.n;
		while (*p == '/')
			p++;
	}
	da_buf_init(&b, 0);
	if (abs)
		da_buf_puts(&b, "/");
	for (i = 0; i < depth; i++) {
		if (i)
			da_buf_puts(&b, "/");
		da_buf_append(&b, stack[i].p, stack[i].n);
	}
	if (!b.len)
		da_buf_puts(&b, ".");
	free(stack);
	return da_buf_take(&b);
}

/* Whether the clean PATH is DIR or lies below it ("/" is only itself). */
static bool is_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return strcmp(path, "/") == 0;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Whether the clean DIR is PATH or lies below it, "/" holding everything. */
static bool is_within(const char *path, const char *dir)
{
	return strcmp(dir, "/") == 0 || is_under(path, dir);
}

/* What /proc/self/fd/FD names: the path the kernel reached. NULL if unknown. */
static char *fd_path(int fd)
{
	char link[64], buf[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n <= 0 || buf[0] != '/')
		return NULL;
	buf[n] = '\0';
	if (n > 10 && strcmp(buf + n - 10, " (deleted)") == 0)
		return NULL;
	return da_xstrdup(buf);
}

/* CLEAN (absolute, cleaned) resolved inside ROOT, or NULL when it does not
 * exist there or cannot be named. */
static char *resolve_existing(const struct da_root *root, const char *clean)
{
	int fd = da_root_openat(root, clean, O_PATH);
	char *real, *top, *out = NULL;
	size_t n;

	if (fd < 0)
		return NULL;
	real = fd_path(fd);
	close(fd);
	top = fd_path(root->fd);
	if (!real || !top)
		goto out;
	n = strcmp(top, "/") ? strlen(top) : 0;
	if (strncmp(real, top, n) == 0 && (real[n] == '/' || real[n] == '\0'))
		out = da_xstrdup(real[n] ? real + n : "/");
out:
	free(real);
	free(top);
	return out;
}

char *da_container_resolve(const struct da_root *root, const char *path)
{
	char *clean = da_container_clean_path(path), *head, *real, *joined;
	size_t len = strlen(clean), cut = len;

	if (!root || clean[0] != '/')
		return clean;
	/* the longest part that exists, resolved; the rest appended as given */
	for (;;) {
		head = da_xstrndup(clean, cut);
		real = resolve_existing(root, head);
		free(head);
		if (real || cut == 1)
			break;
		do
			cut--;
		while (cut > 1 && clean[cut] != '/');
	}
	if (!real)
		return clean;
	if (cut == len) {
		free(clean);
		return real;
	}
	joined = da_xasprintf("%s/%s", real, clean + cut);
	free(real);
	free(clean);
	clean = da_container_clean_path(joined);
	free(joined);
	return clean;
}

const char *da_container_sensitive(const char *path, const struct da_container_paths *paths)
{
	const char *best = NULL;
	size_t i;

	for (i = 0; da_container_sensitive_dirs[i]; i++) {
		const char *d = da_container_sensitive_dirs[i];

		if (is_under(path, d) && (!best || strlen(d) > strlen(best)))
			best = d;
	}
	if (paths->data_root && paths->data_root[0] == '/' && is_under(path, paths->data_root) &&
	    (!best || strlen(paths->data_root) > strlen(best)))
		best = paths->data_root;
	return best;
}

/* Add DIR (and, when it is a symlink inside ROOT, where it leads) to OUT
 * when it lies strictly below PATH. */
static void add_exposed(json_t *out, const char *path, const char *dir,
			const struct da_container_paths *paths)
{
	char *clean = da_container_clean_path(dir);
	char *real = da_container_resolve(paths->root, clean);
	size_t i;
	json_t *v;
	bool have = false;

	if (strcmp(path, clean) != 0 && strcmp(path, real) != 0 &&
	    (is_within(clean, path) || is_within(real, path))) {
		json_array_foreach (out, i, v)
			have = have || strcmp(json_string_value(v), clean) == 0;
		if (!have)
			json_array_append_new(out, json_string(clean));
	}
	free(real);
	free(clean);
}

json_t *da_container_exposed(const char *path, const struct da_container_paths *paths)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; da_container_sensitive_dirs[i]; i++) {
		if (strcmp(da_container_sensitive_dirs[i], "/") != 0)
			add_exposed(out, path, da_container_sensitive_dirs[i], paths);
	}
	if (paths->data_root && paths->data_root[0] == '/')
		add_exposed(out, path, paths->data_root, paths);
	return out;
}

/* Whether the clean PATH is SOCK (as given or resolved) or a directory
 * above it. */
static bool holds(const char *path, const char *sock, const struct da_root *root)
{
	char *clean, *real;
	bool r;

	if (!sock || sock[0] != '/')
		return false;
	clean = da_container_clean_path(sock);
	real = da_container_resolve(root, clean);
	r = is_within(clean, path) || is_within(real, path);
	free(real);
	free(clean);
	return r;
}

bool da_container_is_docker_socket(const char *path, const struct da_container_paths *paths)
{
	size_t i;

	if (holds(path, paths->socket, paths->root))
		return true;
	for (i = 0; socket_paths[i]; i++) {
		if (holds(path, socket_paths[i], paths->root))
			return true;
	}
	return false;
}

static void set_str(json_t *o, const char *key, const json_t *v)
{
	json_object_set_new(o, key, json_is_string(v) ? json_deep_copy(v) : json_string(""));
}

/* The host directory of volume NAME when it binds one (its device,
 * resolved), else NULL; records the device, or the error. Caller frees. */
static char *volume_host_path(json_t *m, const char *name, const struct da_container_paths *paths)
{
	const json_t *vol = json_object_get(paths->volumes, name);
	const json_t *err = json_object_get(vol, "error");
	const char *dev;

	if (!vol)
		return NULL;
	if (err) {
		da_facts_set_error(m, "volume %s: %s", name, json_string_value(err));
		return NULL;
	}
	set_str(m, "driver", json_object_get(vol, "Driver"));
	dev = da_volume_bind_device(vol);
	if (!dev)
		return NULL;
	json_object_set_new(m, "volume_device", da_facts_string(dev));
	return da_container_resolve(paths->root, dev);
}

/* The host path the mount M exposes and where it was learnt (*FROM):
 * the kernel's (K, from the container's mountinfo) when it names one,
 * else the bind source or the bound volume device, resolved. A plain
 * volume (the kernel shows its own directory under the data root) and a
 * tmpfs expose none: NULL. Caller frees. */
static char *host_path(json_t *m, const char *type, const char *source, const char *name,
		       const struct da_container_paths *paths, const json_t *k, const char **from)
{
	const char *kh = json_string_value(json_object_get(k, "host_path"));
	bool bind = strcmp(type, "bind") == 0 && source[0] == '/';
	bool volume = strcmp(type, "volume") == 0;
	char *config = NULL, *own;

	*from = "config";
	if (bind)
		config = da_container_resolve(paths->root, source);
	else if (volume && name)
		config = volume_host_path(m, name, paths);
	if (!kh)
		return config;
	if (volume && !config && (source[0] == '/' || (name && paths->data_root))) {
		/* the volume's own directory: its Source, else where the local
		 * driver keeps it */
		char *dir = source[0] == '/' ? da_xstrdup(source)
					     : da_xasprintf("%s/volumes/%s/_data", paths->data_root, name);

		own = da_container_resolve(paths->root, dir);
		free(dir);
		if (strcmp(own, kh) == 0) { /* the volume's own directory */
			free(own);
			return NULL;
		}
		free(own);
	} else if (!bind && !volume) {
		return config;
	}
	free(config);
	*from = "mountinfo";
	return da_xstrdup(kh);
}

/* host_path, sensitive, sensitive_dir, exposes and docker_socket of the
 * mount M; a mount with no host path is neither sensitive nor the socket. */
static void classify(json_t *m, const char *type, const char *source, const char *name,
		     const struct da_container_paths *paths, const json_t *k)
{
	const char *from;
	char *path = host_path(m, type, source, name, paths, k, &from);
	const char *dir = path ? da_container_sensitive(path, paths) : NULL;
	/* what lies below a path that is sensitive itself adds nothing */
	json_t *exposed = path && !dir ? da_container_exposed(path, paths) : json_array();

	if (path) {
		json_object_set_new(m, "host_path", da_facts_string(path));
		json_object_set_new(m, "host_path_from", json_string(from));
	}
	if (!dir && json_array_size(exposed))
		dir = json_string_value(json_array_get(exposed, 0));
	json_object_set_new(m, "sensitive", json_boolean(dir != NULL));
	if (dir)
		json_object_set_new(m, "sensitive_dir", json_string(dir));
	json_object_set_new(m, "exposes", exposed);
	json_object_set_new(m, "docker_socket",
			    json_boolean(path && da_container_is_docker_socket(path, paths)));
	if (k)
		json_object_set(m, "kernel", (json_t *)k);
	free(path);
}

/* The kernel's view of the mount at DST (KERNEL itself when it holds an
 * error: the container's table could not be read), or NULL. */
static const json_t *kernel_entry(const json_t *kernel, const json_t *dst)
{
	const char *d = json_string_value(dst);
	char *clean;
	const json_t *k;

	if (!d || !kernel)
		return NULL;
	if (json_object_get(kernel, "error"))
		return kernel;
	clean = da_container_clean_path(d);
	k = json_object_get(json_object_get(kernel, "items"), clean);
	free(clean);
	return k;
}

static json_t *mount_entry(const json_t *e, const struct da_container_paths *paths,
			   const json_t *kernel)
{
	const json_t *type = json_object_get(e, "Type"), *src = json_object_get(e, "Source");
	const json_t *dst = json_object_get(e, "Destination"), *rw = json_object_get(e, "RW");
	json_t *m = json_object();

	if (!json_is_string(type) || !json_is_string(src) || !json_is_string(dst) ||
	    !json_is_boolean(rw)) {
		da_facts_set_error(m, "Mounts entry without string Type, Source, Destination "
				      "and boolean RW");
		return m;
	}
	set_str(m, "type", type);
	set_str(m, "source", src);
	set_str(m, "destination", dst);
	json_object_set_new(m, "rw", json_boolean(json_is_true(rw)));
	set_str(m, "mode", json_object_get(e, "Mode"));
	set_str(m, "propagation", json_object_get(e, "Propagation"));
	if (json_is_string(json_object_get(e, "Name")))
		set_str(m, "name", json_object_get(e, "Name"));
	classify(m, json_string_value(type), json_string_value(src),
		 json_string_value(json_object_get(e, "Name")), paths, kernel_entry(kernel, dst));
	json_object_set_new(m, "from", json_string("mounts"));
	return m;
}

/* Whether the comma-separated MODE holds OPT. */
static bool mode_has(const char *mode, const char *opt)
{
	size_t n = strlen(opt);

	while (*mode) {
		size_t len = strcspn(mode, ",");

		if (len == n && strncmp(mode, opt, n) == 0)
			return true;
		mode += len;
		if (*mode)
			mode++;
	}
	return false;
}

static const char *bind_propagation(const char *mode)
{
	static const char *const props[] = { "shared", "rshared", "slave", "rslave",
					     "private", "rprivate", NULL };
	size_t i;

	for (i = 0; props[i]; i++) {
		if (mode_has(mode, props[i]))
			return props[i];
	}
	return NULL;
}

/* "SOURCE:DEST[:MODE]" of HostConfig.Binds. */
static json_t *bind_entry(const char *spec, const struct da_container_paths *paths,
			  const json_t *kernel)
{
	const char *c1 = strchr(spec, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	json_t *m = json_object();
	char *src, *dst;
	const char *mode = c2 ? c2 + 1 : "", *prop, *type;

	if (!c1 || c1 == spec || c1[1] == '\0' || c1[1] == ':') {
		json_object_set_new(m, "spec", da_facts_string(spec));
		da_facts_set_error(m, "HostConfig.Binds entry is not SOURCE:DESTINATION[:MODE]");
		return m;
	}
	src = da_xstrndup(spec, (size_t)(c1 - spec));
	dst = c2 ? da_xstrndup(c1 + 1, (size_t)(c2 - c1 - 1)) : da_xstrdup(c1 + 1);
	type = src[0] == '/' ? "bind" : "volume";
	prop = bind_propagation(mode);
	json_object_set_new(m, "type", json_string(type));
	json_object_set_new(m, "source", da_facts_string(src));
	json_object_set_new(m, "destination", da_facts_string(dst));
	json_object_set_new(m, "rw", json_boolean(!mode_has(mode, "ro")));
	json_object_set_new(m, "mode", da_facts_string(mode));
	json_object_set_new(m, "propagation",
			    json_string(prop ? prop : src[0] == '/' ? "rprivate" : ""));
	if (src[0] != '/')
		json_object_set_new(m, "name", da_facts_string(src));
	classify(m, type, src, src[0] != '/' ? src : NULL, paths,
		 kernel_entry(kernel, json_object_get(m, "destination")));
	json_object_set_new(m, "from", json_string("binds"));
	free(src);
	free(dst);
	return m;
}

/* Whether one of the first N entries of MOUNTS (those from Mounts) has the
 * destination of M. */
static bool has_destination(const json_t *mounts, size_t n, const json_t *m)
{
	const json_t *d = json_object_get(m, "destination");
	size_t i;

	for (i = 0; i < n; i++) {
		if (d && json_equal(json_object_get(json_array_get(mounts, i), "destination"), d))
			return true;
	}
	return false;
}

json_t *da_container_mounts(const json_t *inspect, const struct da_container_paths *paths,
			    const json_t *kernel)
{
	const json_t *binds = da_facts_get(inspect, "/HostConfig/Binds");
	json_t *out = json_array(), *v;
	size_t i, n;

	json_array_foreach (json_object_get(inspect, "Mounts"), i, v)
		json_array_append_new(out, mount_entry(v, paths, kernel));
	n = json_array_size(out);
	json_array_foreach (binds, i, v) {
		json_t *m = json_is_string(v) ? bind_entry(json_string_value(v), paths, kernel) : NULL;

		if (!m)
			continue;
		if (json_object_get(m, "error") || !has_destination(out, n, m))
			json_array_append_new(out, m);
		else
			json_decref(m);
	}
	return out;
}

/* Whether HOST_IP means every interface: "" (Docker's own default),
 * or an IPv4 or IPv6 address that is all zeros ("0.0.0.0", "::", "[::]"). */
static bool all_interfaces(const char *ip)
{
	unsigned char a[16] = { 0 }, zero[16] = { 0 };
	size_t n = strlen(ip);
	char *bare;
	bool r = false;

	if (n == 0)
		return true;
	if (ip[0] == '[' && n > 2 && ip[n - 1] == ']')
		bare = da_xstrndup(ip + 1, n - 2);
	else
		bare = da_xstrdup(ip);
	if (inet_pton(AF_INET, bare, a) == 1)
		r = memcmp(a, zero, 4) == 0;
	else if (inet_pton(AF_INET6, bare, a) == 1)
		r = memcmp(a, zero, 16) == 0;
	free(bare);
	return r;
}

/* A decimal port 0..65535 and nothing else: 0, or -EINVAL. */
static int parse_port(const char *s, size_t n, long *out)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 5)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 65535)
		return -EINVAL;
	*out = v;
	return 0;
}

/* KEY "80/tcp" (a bare "80" is tcp) into the container port and protocol. */
static int port_key(json_t *p, const char *key)
{
	size_t n = strcspn(key, "/");
	long port;

	if (parse_port(key, n, &port) < 0 || (key[n] && !key[n + 1]))
		return -1;
	json_object_set_new(p, "container_port", json_integer(port));
	json_object_set_new(p, "protocol", da_facts_string(key[n] ? key + n + 1 : "tcp"));
	return 0;
}

static json_t *port_entry(const char *key, const json_t *b, const char *source)
{
	const json_t *ip = json_object_get(b, "HostIp"), *hp = json_object_get(b, "HostPort");
	json_t *p = json_object();
	long port;

	if (port_key(p, key) < 0) {
		json_object_set_new(p, "key", da_facts_string(key));
		da_facts_set_error(p, "%s key is not PORT/PROTOCOL", source);
	} else if (!json_is_object(b) || (ip && !json_is_string(ip)) || (hp && !json_is_string(hp))) {
		da_facts_set_error(p, "%s binding is not {HostIp, HostPort} strings", source);
	} else {
		const char *ips = json_is_string(ip) ? json_string_value(ip) : "";
		const char *hps = json_is_string(hp) ? json_string_value(hp) : "";

		json_object_set_new(p, "host_ip", json_string(ips));
		if (!*hps)
			json_object_set_new(p, "host_port", json_null());
		else if (parse_port(hps, strlen(hps), &port) == 0)
			json_object_set_new(p, "host_port", json_integer(port));
		else
			da_facts_set_error(p, "%s HostPort \"%s\" is not a port number", source, hps);
		json_object_set_new(p, "all_interfaces", json_boolean(all_interfaces(ips)));
	}
	json_object_set_new(p, "source", json_string(source));
	return p;
}

json_t *da_container_ports(const json_t *inspect)
{
	bool running = json_is_true(da_facts_get(inspect, "/State/Running"));
	const char *source = running ? "network_settings" : "port_bindings";
	const json_t *map = da_facts_get(inspect, running ? "/NetworkSettings/Ports"
							  : "/HostConfig/PortBindings");
	json_t *out = json_array(), *bindings;
	const char *key;
	size_t i;
	json_t *b;

	json_object_foreach ((json_t *)map, key, bindings) {
		if (json_is_null(bindings)) /* exposed, not published */
			continue;
		if (!json_is_array(bindings)) {
			json_array_append_new(out, port_entry(key, NULL, source));
			continue;
		}
		json_array_foreach (bindings, i, b)
			json_array_append_new(out, port_entry(key, b, source));
	}
	return out;
}
