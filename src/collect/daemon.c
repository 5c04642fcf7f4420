/*
 * The daemon collector: what the Engine API says (version, info), which
 * process really serves the socket (never "any process named dockerd"), its
 * command line parsed as dockerd parses it, its config file, and the
 * effective value and source of each setting. See docs/FACTS.md, "daemon".
 */
#include "collect/daemon.h"
#include "collect/collectors.h"
#include "common/buf.h"
#include "common/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* ---- dockerd's flags ------------------------------------------------- */

/* dockerd --help, Docker 20.10 to 27, hidden and deprecated flags included.
 * Only the booleans change how a command line parses; the value flags are
 * listed so that an unknown flag can be told apart. */
static const struct da_dockerd_flag_def dockerd_flags[] = {
	{ "add-runtime", 0, false },
	{ "allow-direct-routing", 0, true },
	{ "allow-nondistributable-artifacts", 0, false },
	{ "api-cors-header", 0, false },
	{ "authorization-plugin", 0, false },
	{ "bip", 0, false },
	{ "bip6", 0, false },
	{ "bridge", 'b', false },
	{ "cdi-spec-dir", 0, false },
	{ "cgroup-parent", 0, false },
	{ "cluster-advertise", 0, false },
	{ "cluster-store", 0, false },
	{ "cluster-store-opt", 0, false },
	{ "config-file", 0, false },
	{ "containerd", 0, false },
	{ "containerd-namespace", 0, false },
	{ "containerd-plugins-namespace", 0, false },
	{ "cpu-rt-period", 0, false },
	{ "cpu-rt-runtime", 0, false },
	{ "cri-containerd", 0, true },
	{ "data-root", 0, false },
	{ "debug", 'D', true },
	{ "default-address-pool", 0, false },
	{ "default-cgroupns-mode", 0, false },
	{ "default-gateway", 0, false },
	{ "default-gateway-v6", 0, false },
	{ "default-ipc-mode", 0, false },
	{ "default-network-opt", 0, false },
	{ "default-runtime", 0, false },
	{ "default-shm-size", 0, false },
	{ "default-ulimit", 0, false },
	{ "dns", 0, false },
	{ "dns-opt", 0, false },
	{ "dns-search", 0, false },
	{ "exec-opt", 0, false },
	{ "exec-root", 0, false },
	{ "experimental", 0, true },
	{ "feature", 0, false },
	{ "fixed-cidr", 0, false },
	{ "fixed-cidr-v6", 0, false },
	{ "graph", 'g', false },
	{ "group", 'G', false },
	{ "help", 'h', true },
	{ "host", 'H', false },
	{ "host-gateway-ip", 0, false },
	{ "http-proxy", 0, false },
	{ "https-proxy", 0, false },
	{ "icc", 0, true },
	{ "init", 0, true },
	{ "init-path", 0, false },
	{ "insecure-registry", 0, false },
	{ "ip", 0, false },
	{ "ip-forward", 0, true },
	{ "ip-forward-no-drop", 0, true },
	{ "ip-masq", 0, true },
	{ "ip6tables", 0, true },
	{ "iptables", 0, true },
	{ "ipv6", 0, true },
	{ "label", 0, false },
	{ "live-restore", 0, true },
	{ "log-driver", 0, false },
	{ "log-format", 0, false },
	{ "log-level", 'l', false },
	{ "log-opt", 0, false },
	{ "max-concurrent-downloads", 0, false },
	{ "max-concurrent-uploads", 0, false },
	{ "max-download-attempts", 0, false },
	{ "metrics-addr", 0, false },
	{ "mtu", 0, false },
	{ "network-control-plane-mtu", 0, false },
	{ "no-new-privileges", 0, true },
	{ "no-proxy", 0, false },
	{ "node-generic-resource", 0, false },
	{ "oom-score-adjust", 0, false },
	{ "pidfile", 'p', false },
	{ "raw-logs", 0, true },
	{ "registry-mirror", 0, false },
	{ "restart", 0, true },
	{ "rootless", 0, true },
	{ "seccomp-profile", 0, false },
	{ "selinux-enabled", 0, true },
	{ "shutdown-timeout", 0, false },
	{ "storage-driver", 's', false },
	{ "storage-opt", 0, false },
	{ "swarm-default-advertise-addr", 0, false },
	{ "tls", 0, true },
	{ "tlscacert", 0, false },
	{ "tlscert", 0, false },
	{ "tlskey", 0, false },
	{ "tlsverify", 0, true },
	{ "userland-proxy", 0, true },
	{ "userland-proxy-path", 0, false },
	{ "userns-remap", 0, false },
	{ "validate", 0, true },
	{ "version", 'v', true },
};

#define N_DOCKERD_FLAGS (sizeof(dockerd_flags) / sizeof(dockerd_flags[0]))

static const struct da_dockerd_flag_def *flag_def_n(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < N_DOCKERD_FLAGS; i++)
		if (strlen(dockerd_flags[i].name) == len && !memcmp(dockerd_flags[i].name, name, len))
			return &dockerd_flags[i];
	return NULL;
}

const struct da_dockerd_flag_def *da_dockerd_flag_def(const char *name)
{
	return flag_def_n(name, strlen(name));
}

static const struct da_dockerd_flag_def *flag_def_short(char c)
{
	size_t i;

	for (i = 0; i < N_DOCKERD_FLAGS; i++)
		if (dockerd_flags[i].shorthand == c)
			return &dockerd_flags[i];
	return NULL;
}

/* strconv.ParseBool: the spellings Go accepts. NULL when S is none of them. */
static const char *parse_bool(const char *s)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcmp(s, yes[i]))
			return "true";
		if (!strcmp(s, no[i]))
			return "false";
	}
	return NULL;
}

/* ---- dockerd's command line ------------------------------------------ */

struct argv_cursor {
	char *const *argv;
	size_t argc;
	size_t i; /* the next word */
};

static const char *next_word(struct argv_cursor *c)
{
	return c->i < c->argc ? c->argv[c->i++] : NULL;
}

static const char *peek_word(const struct argv_cursor *c)
{
	return c->i < c->argc ? c->argv[c->i] : NULL;
}

static void add_opt(struct da_dockerd_flags *f, const char *name, size_t len, const char *value,
		    bool known)
{
	struct da_dockerd_opt *o;

	f->opts = da_xreallocarray(f->opts, f->n + 1, sizeof(*f->opts));
	o = &f->opts[f->n++];
	o->name = da_xstrndup(name, len);
	o->value = da_xstrdup(value);
	o->known = known;
}

static void add_arg(struct da_dockerd_flags *f, const char *word)
{
	f->args = da_xreallocarray(f->args, f->nargs + 1, sizeof(*f->args));
	f->args[f->nargs++] = da_xstrdup(word);
}

/* Record a known flag, checking a boolean's value as pflag would. */
static int set_known(struct da_dockerd_flags *f, const struct da_dockerd_flag_def *def,
		     const char *value, struct da_err *err)
{
	const char *b = def->is_bool ? parse_bool(value) : value;

	if (!b) {
		if (def->shorthand)
			return da_err_set(err,
					  "invalid argument \"%s\" for \"-%c, --%s\" flag: "
					  "strconv.ParseBool: parsing \"%s\": invalid syntax",
					  value, def->shorthand, def->name, value);
		return da_err_set(err,
				  "invalid argument \"%s\" for \"--%s\" flag: "
				  "strconv.ParseBool: parsing \"%s\": invalid syntax",
				  value, def->name, value);
	}
	add_opt(f, def->name, strlen(def->name), b, true);
	return 0;
}

/* The value of a flag dockaudit does not know: the next word, unless it
 * looks like a flag (dockerd takes no positional arguments, so a word that
 * is not a flag must have been this flag's value). */
static const char *guess_value(struct argv_cursor *c)
{
	const char *w = peek_word(c);

	if (w && w[0] != '-')
		return next_word(c);
	return "true";
}

/* "--name", "--name=value", "--name value" */
static int parse_long(struct da_dockerd_flags *f, const char *word, struct argv_cursor *c,
		      struct da_err *err)
{
	const char *name = word + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct da_dockerd_flag_def *def;
	const char *value;

	if (!*name || *name == '-' || *name == '=')
		return da_err_set(err, "bad flag syntax: %s", word);
	def = flag_def_n(name, len);
	if (!def) {
		add_opt(f, name, len, eq ? eq + 1 : guess_value(c), false);
		return 0;
	}
	if (eq)
		value = eq + 1;
	else if (def->is_bool)
		value = "true";
	else if (!(value = next_word(c)))
		return da_err_set(err, "flag needs an argument: %s", word);
	return set_known(f, def, value, err);
}

/* One shorthand at SH inside the word "-SH...": advances *SH past what it
 * consumed (to the end of the word when the rest was its value). */
static int parse_one_short(struct da_dockerd_flags *f, const char *word, const char **sh,
			   struct argv_cursor *c, struct da_err *err)
{
	const char *p = *sh;
	const struct da_dockerd_flag_def *def = flag_def_short(*p);
	const char *value;

	*sh = p + 1;
	if (strlen(p) > 2 && p[1] == '=') {
		value = p + 2;
		*sh = p + strlen(p);
	} else if (def && def->is_bool) {
		value = "true";
	} else if (p[1]) {
		value = p + 1;
		*sh = p + strlen(p);
	} else if (!def) {
		value = guess_value(c);
	} else if (!(value = next_word(c))) {
		return da_err_set(err, "flag needs an argument: '%c' in %s", *p, word);
	}
	if (!def) {
		add_opt(f, p, 1, value, false);
		return 0;
	}
	return set_known(f, def, value, err);
}

int da_dockerd_argv_parse(char *const *argv, size_t argc, struct da_dockerd_flags *out,
			  struct da_err *err)
{
	struct argv_cursor c = { .argv = argv, .argc = argc, .i = 1 };
	const char *word, *sh;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	while (rc == 0 && (word = next_word(&c))) {
		if (word[0] != '-' || !word[1]) {
			add_arg(out, word);
		} else if (!strcmp(word, "--")) {
			while ((word = next_word(&c)))
				add_arg(out, word);
		} else if (word[1] == '-') {
			rc = parse_long(out, word, &c, err);
		} else {
			for (sh = word + 1; rc == 0 && *sh;)
				rc = parse_one_short(out, word, &sh, &c, err);
		}
	}
	if (rc < 0)
		da_dockerd_flags_free(out);
	return rc;
}

const char *da_dockerd_flag(const struct da_dockerd_flags *f, const char *name)
{
	size_t i;

	for (i = f ? f->n : 0; i > 0; i--)
		if (!strcmp(f->opts[i - 1].name, name))
			return f->opts[i - 1].value;
	return NULL;
}

void da_dockerd_flags_free(struct da_dockerd_flags *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->opts[i].name);
		free(f->opts[i].value);
	}
	for (i = 0; i < f->nargs; i++)
		free(f->args[i]);
	free(f->opts);
	free(f->args);
	memset(f, 0, sizeof(*f));
}

/* ---- JSON strings from host bytes ------------------------------------ */

/* Length of the valid UTF-8 sequence at S (as jansson accepts it), else 0. */
static size_t utf8_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07u;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

json_t *da_collect_json_string(const char *s)
{
	struct da_buf b;
	json_t *j = json_string(s);
	size_t n;

	if (j)
		return j;
	da_buf_init(&b, 0);
	while (*s) {
		n = utf8_len((const unsigned char *)s);
		if (n)
			da_buf_append(&b, s, n);
		else
			da_buf_printf(&b, "\\x%02x", (unsigned char)*s);
		s += n ? n : 1;
	}
	j = json_string(b.data ? b.data : "");
	da_buf_free(&b);
	return j;
}

/* The formatted message as a JSON string, made safe for JSON. */
static json_t *vmessage(const char *fmt, va_list ap)
{
	struct da_buf b;
	json_t *msg;

	da_buf_init(&b, 0);
	da_buf_vprintf(&b, fmt, ap);
	msg = da_collect_json_string(b.data ? b.data : "");
	da_buf_free(&b);
	return msg;
}

/* {"error": the formatted message} */
static json_t *error_object(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *error_object(const char *fmt, ...)
{
	va_list ap;
	json_t *msg;

	va_start(ap, fmt);
	msg = vmessage(fmt, ap);
	va_end(ap);
	return json_pack("{s:o}", "error", msg);
}

/* Set OBJ's "error" member to the formatted message. */
static void set_error(json_t *obj, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_error(json_t *obj, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	json_object_set_new(obj, "error", vmessage(fmt, ap));
	va_end(ap);
}

/* ---- finding the dockerd process ------------------------------------- */

char *da_dockerd_host_socket_path(const struct da_root *root, const char *path)
{
	size_t n = strlen(root->path);

	if (!strncmp(path, "unix://", 7))
		path += 7;
	else if (strstr(path, "://"))
		return NULL;
	while (n > 1 && root->path[n - 1] == '/')
		n--;
	if (n == 1 && root->path[0] == '/')
		return da_xstrdup(path);
	if (n && !strncmp(path, root->path, n) && (path[n] == '/' || !path[n]))
		return da_xstrdup(path[n] ? path + n : "/");
	return da_xstrdup(path);
}

/* A growable list of strings: the socket paths looked for, and the like. */
struct strlist {
	char **v;
	size_t n;
};

static void strlist_add_take(struct strlist *l, char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (!strcmp(l->v[i], s)) {
			free(s);
			return;
		}
	}
	l->v = da_xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

static void strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The real path of descriptor FD, from the kernel's own record of it. */
static char *fd_path(int fd)
{
	char link[64], buf[4096];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return da_xstrdup(buf);
}

/* PATH with every symlink resolved inside the root, as the host sees it;
 * NULL when it cannot be resolved. */
static char *root_realpath(const struct da_root *root, const char *path)
{
	char *top = fd_path(root->fd), *real = NULL, *out = NULL;
	size_t n;
	int fd = da_root_openat(root, path, O_PATH);

	if (fd >= 0) {
		real = fd_path(fd);
		close(fd);
	}
	if (!top || !real)
		goto out;
	n = strcmp(top, "/") ? strlen(top) : 0;
	if (!strncmp(real, top, n) && (real[n] == '/' || !real[n]))
		out = da_xstrdup(real[n] ? real + n : "/");
out:
	free(top);
	free(real);
	return out;
}

/* PATH and its /var/run <-> /run twin: /var/run is a link to /run. */
static void add_with_twin(struct strlist *l, const char *path)
{
	strlist_add_take(l, da_xstrdup(path));
	if (!strncmp(path, "/var/run/", 9))
		strlist_add_take(l, da_xasprintf("%s", path + 4));
	else if (!strncmp(path, "/run/", 5))
		strlist_add_take(l, da_xasprintf("/var%s", path));
}

static void socket_names(const struct da_root *root, const char *host_path, struct strlist *l)
{
	char *real = root_realpath(root, host_path);

	add_with_twin(l, host_path);
	if (real)
		add_with_twin(l, real);
	free(real);
}

/* One line of /proc/net/unix. */
struct unix_line {
	unsigned long flags;
	unsigned long state;
	unsigned long inode;
	const char *path; /* up to the end of the line; "" when unbound */
	size_t path_len;
};

#define SO_ACCEPTCON_FLAG 0x10000ul /* __SO_ACCEPTCON: listening */
#define SS_UNCONNECTED_STATE 1ul

/* "Num RefCount Protocol Flags Type St Inode Path": the fields are split by
 * spaces, the inode is padded, the path is the rest of the line. */
static int parse_unix_line(const char *line, size_t len, struct unix_line *u)
{
	unsigned long v[7];
	const char *p = line, *end = line + len;
	char *q;
	int i;

	for (i = 0; i < 7; i++) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end || !isxdigit((unsigned char)*p))
			return -EINVAL;
		errno = 0;
		v[i] = strtoul(p, &q, i == 6 ? 10 : 16);
		if (errno || q > end || q == p)
			return -EINVAL;
		p = q;
		if (i == 0 && p < end && *p == ':')
			p++;
	}
	u->flags = v[3];
	u->state = v[5];
	u->inode = v[6];
	u->path = p < end && *p == ' ' ? p + 1 : end;
	u->path_len = (size_t)(end - u->path);
	return 0;
}

static bool names_match(const struct strlist *names, const char *path, size_t len)
{
	size_t i;

	for (i = 0; i < names->n; i++)
		if (strlen(names->v[i]) == len && !memcmp(names->v[i], path, len))
			return true;
	return false;
}

struct inodes {
	unsigned long *v;
	size_t n;
};

static bool inodes_has(const struct inodes *in, unsigned long inode)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (in->v[i] == inode)
			return true;
	return false;
}

static void inodes_add(struct inodes *in, unsigned long inode)
{
	in->v = da_xreallocarray(in->v, in->n + 1, sizeof(*in->v));
	in->v[in->n++] = inode;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Whether V occurs more than once in the sorted ALL. */
static bool repeated(const struct inodes *all, unsigned long v)
{
	const unsigned long *p = bsearch(&v, all->v, all->n, sizeof(v), cmp_ulong);

	return p && ((p > all->v && p[-1] == v) || (p + 1 < all->v + all->n && p[1] == v));
}

/* Inodes of the listening sockets bound to one of NAMES. A socket path may
 * hold a newline and so forge a line: every socket has exactly one line,
 * so an inode seen on two lines is not trusted. */
static int listening_inodes(const struct da_root *root, const struct strlist *names,
			    struct inodes *out, struct da_err *err)
{
	struct inodes all = { 0 };
	struct unix_line u;
	char *data = NULL, *line, *nl;
	size_t len, i;
	int rc;

	rc = da_root_read_file(root, "/proc/net/unix", 0, &data, &len);
	if (rc < 0)
		return da_err_set(err, "/proc/net/unix: %s", strerror(-rc));
	for (line = data; line < data + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(data + len - line));
		if (!nl)
			nl = data + len;
		if (parse_unix_line(line, (size_t)(nl - line), &u) < 0)
			continue;
		inodes_add(&all, u.inode);
		if ((u.flags & SO_ACCEPTCON_FLAG) && u.state == SS_UNCONNECTED_STATE &&
		    names_match(names, u.path, u.path_len) && !inodes_has(out, u.inode))
			inodes_add(out, u.inode);
	}
	if (all.n)
		qsort(all.v, all.n, sizeof(*all.v), cmp_ulong);
	for (i = 0; i < out->n;) {
		if (repeated(&all, out->v[i]))
			out->v[i] = out->v[--out->n];
		else
			i++;
	}
	free(all.v);
	free(data);
	if (!out->n)
		return da_err_set(err, "no listening unix socket %s in /proc/net/unix", names->v[0]);
	return 0;
}

/* The pid a /proc entry is named after, or -1 for the other entries. */
static int pid_of(const char *name)
{
	const char *s;

	if (!*name || strlen(name) > 9)
		return -1;
	for (s = name; *s; s++)
		if (!isdigit((unsigned char)*s))
			return -1;
	return (int)strtol(name, NULL, 10);
}

/* Whether process PID holds one of INODES among its descriptors. */
static bool holds_socket(const struct da_root *root, const char *pid, const struct inodes *in)
{
	char *dir = da_xasprintf("/proc/%s/fd", pid), *path, *target, *end;
	DIR *d = da_root_opendir(root, dir);
	struct dirent *e;
	unsigned long inode;
	bool found = false;

	while (d && !found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		path = da_xasprintf("%s/%s", dir, e->d_name);
		if (da_root_readlink(root, path, &target) == 0) {
			if (!strncmp(target, "socket:[", 8)) {
				inode = strtoul(target + 8, &end, 10);
				found = !strcmp(end, "]") && inodes_has(in, inode);
			}
			free(target);
		}
		free(path);
	}
	if (d)
		closedir(d);
	free(dir);
	return found;
}

/* The basename of a link target, without the " (deleted)" the kernel adds
 * once the binary was replaced (a package upgrade). */
static bool basename_is(const char *path, const char *want)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 10 && !strcmp(base + n - 10, " (deleted)"))
		n -= 10;
	return n == strlen(want) && !memcmp(base, want, n);
}

/* 2: exe or comm is "dockerd"; 1: another process; 0: pid 1 (systemd
 * holding the socket for activation), never chosen. */
static int rank_process(const struct da_root *root, int pid)
{
	char *path, *s = NULL;
	int rank = pid == 1 ? 0 : 1;

	path = da_xasprintf("/proc/%d/exe", pid);
	if (da_root_readlink(root, path, &s) == 0 && basename_is(s, "dockerd"))
		rank = 2;
	free(path);
	free(s);
	s = NULL;
	path = da_xasprintf("/proc/%d/comm", pid);
	if (rank < 2 && da_root_read_file(root, path, 256, &s, NULL) == 0 &&
	    !strcmp(s, "dockerd\n"))
		rank = 2;
	free(path);
	free(s);
	return rank;
}

/* The best process holding one of INODES: its pid, or -1 with ERR. */
static int find_holder(const struct da_root *root, const struct inodes *in, const char *name,
		       struct da_err *err)
{
	DIR *d = da_root_opendir(root, "/proc");
	struct dirent *e;
	int pid, rank, best = -1, best_rank = 0, holders = 0;

	if (!d)
		return da_err_set(err, "/proc: %s", strerror(errno));
	while ((e = readdir(d))) {
		pid = pid_of(e->d_name);
		if (pid <= 0 || !holds_socket(root, e->d_name, in))
			continue;
		holders++;
		rank = rank_process(root, pid);
		if (rank > best_rank || (rank == best_rank && rank > 0 && pid < best))
			best = pid, best_rank = rank;
	}
	closedir(d);
	if (best > 0)
		return best;
	if (holders)
		return da_err_set(err, "only pid 1 holds the socket %s (socket activation: "
				       "dockerd is not running)", name);
	return da_err_set(err, "no process in /proc holds the listening socket %s (inode %lu)",
			  name, in->v[0]);
}

static int find_by_socket(const struct da_root *root, const char *host_path, struct da_err *err)
{
	struct strlist names = { 0 };
	struct inodes in = { 0 };
	int pid = -1;

	socket_names(root, host_path, &names);
	if (listening_inodes(root, &names, &in, err) == 0)
		pid = find_holder(root, &in, host_path, err);
	strlist_free(&names);
	free(in.v);
	return pid;
}

/* The pid of the process listening on SOCKET, asked of the socket itself. */
static int find_by_peercred(const char *socket_path, struct da_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ucred cred = { 0 };
	socklen_t len = sizeof(cred);
	int fd, rc = -1;

	if (strlen(socket_path) >= sizeof(sa.sun_path))
		return da_err_set(err, "SO_PEERCRED: %s: path too long", socket_path);
	memcpy(sa.sun_path, socket_path, strlen(socket_path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return da_err_set(err, "SO_PEERCRED: socket: %s", strerror(errno));
	if (connect(fd, (const struct sockaddr *)&sa, sizeof(sa)) < 0)
		da_err_set(err, "SO_PEERCRED: connect %s: %s", socket_path, strerror(errno));
	else if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		da_err_set(err, "SO_PEERCRED: %s: %s", socket_path, strerror(errno));
	else if (cred.pid <= 0)
		da_err_set(err, "SO_PEERCRED: %s: the peer is in another pid namespace",
			   socket_path);
	else
		rc = cred.pid;
	close(fd);
	return rc;
}

static bool root_is_slash(const struct da_root *root)
{
	char *top = fd_path(root->fd);
	bool slash = top && !strcmp(top, "/");

	free(top);
	return slash;
}

/* Split a NUL-separated /proc/PID/cmdline into OUT's argv. */
static void split_cmdline(const char *data, size_t len, struct da_dockerd_proc *out)
{
	size_t i = 0, n;

	while (i < len) {
		n = strnlen(data + i, len - i);
		out->argv = da_xreallocarray(out->argv, out->argc + 1, sizeof(*out->argv));
		out->argv[out->argc++] = da_xstrndup(data + i, n);
		i += n + 1;
	}
}

static int read_process(const struct da_root *root, int pid, struct da_dockerd_proc *out,
			struct da_err *err)
{
	char *path = da_xasprintf("/proc/%d/exe", pid), *data = NULL;
	size_t len = 0;
	int rc;

	out->pid = pid;
	if (da_root_readlink(root, path, &out->exe) < 0)
		out->exe = NULL;
	free(path);
	path = da_xasprintf("/proc/%d/cmdline", pid);
	rc = da_root_read_file(root, path, DA_DOCKERD_CMDLINE_MAX, &data, &len);
	if (rc == -EFBIG)
		da_err_set(err, "%s: larger than %u bytes", path, DA_DOCKERD_CMDLINE_MAX);
	else if (rc < 0)
		da_err_set(err, "%s: %s", path, strerror(-rc));
	else if (!len)
		rc = da_err_set(err, "%s: empty (the process is exiting)", path);
	else
		split_cmdline(data, len, out);
	free(data);
	free(path);
	return rc < 0 ? -1 : 0;
}

int da_dockerd_find(const struct da_root *root, const char *socket, struct da_dockerd_proc *out,
		    struct da_err *err)
{
	char *host_path = da_dockerd_host_socket_path(root, socket);
	struct da_err sock_err = { "" }, cred_err = { "" };
	int pid;

	memset(out, 0, sizeof(*out));
	if (!host_path)
		return da_err_set(err, "%s: not a unix socket", socket);
	pid = find_by_socket(root, host_path, &sock_err);
	out->found_by = "socket";
	if (pid < 0 && root_is_slash(root)) {
		pid = find_by_peercred(socket, &cred_err);
		out->found_by = "peercred";
		if (pid < 0)
			da_err_set(err, "%.500s; %.500s", sock_err.msg, cred_err.msg);
	} else if (pid < 0) {
		da_err_set(err, "%s", sock_err.msg);
	}
	free(host_path);
	if (pid < 0)
		return -1;
	if (read_process(root, pid, out, err) < 0) {
		da_dockerd_proc_free(out);
		return -1;
	}
	return 0;
}

void da_dockerd_proc_free(struct da_dockerd_proc *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->argc; i++)
		free(p->argv[i]);
	free(p->argv);
	free(p->exe);
	memset(p, 0, sizeof(*p));
}

/* ---- the config file ------------------------------------------------- */

static bool all_space(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/* Parse DATA as dockerd does (a UTF-8 byte order mark skipped, blank is
 * an empty object) into CONFIG's content, or its error. */
static void parse_config(json_t *config, const char *path, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *content;

	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		data += 3, len -= 3;
	if (all_space(data, len)) {
		json_object_set_new(config, "content", json_object());
		return;
	}
	content = json_loadb(data, len, JSON_DECODE_ANY, &jerr);
	if (!content) {
		set_error(config, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
	} else if (!json_is_object(content)) {
		set_error(config, "%s: not a JSON object", path);
		json_decref(content);
	} else {
		json_object_set_new(config, "content", content);
	}
}

json_t *da_dockerd_config_file(const struct da_root *root, const struct da_dockerd_flags *flags)
{
	const char *given = da_dockerd_flag(flags, "config-file");
	const char *path = given ? given : DA_DOCKERD_DEFAULT_CONFIG;
	json_t *config = json_object();
	char *data = NULL;
	size_t len = 0;
	int rc;

	json_object_set_new(config, "path", da_collect_json_string(path));
	json_object_set_new(config, "source", json_string(given ? "flag" : "default"));
	rc = da_root_read_file(root, path, DA_DOCKERD_CONFIG_MAX, &data, &len);
	json_object_set_new(config, "exists", json_boolean(rc != -ENOENT && rc != -ENOTDIR));
	if (rc == 0)
		parse_config(config, path, data, len);
	else if (rc == -EFBIG)
		set_error(config, "%s: larger than %u bytes", path, DA_DOCKERD_CONFIG_MAX);
	else if (rc != -ENOENT || given)
		set_error(config, "%s: %s", path, strerror(-rc));
	free(data);
	return config;
}

/* ---- effective settings ---------------------------------------------- */

const struct da_dockerd_setting da_dockerd_settings[] = {
	{ .name = "icc", .flag = "icc", .config_key = "icc", .type = DA_SETTING_BOOL,
	  .def = "true" },
	{ .name = "log-level", .flag = "log-level", .config_key = "log-level",
	  .type = DA_SETTING_STRING, .def = "info" },
	{ .name = "userns-remap", .flag = "userns-remap", .config_key = "userns-remap",
	  .type = DA_SETTING_STRING, .def = "" },
	{ .name = NULL },
};

static json_t *bool_from_text(const char *s)
{
	const char *b = parse_bool(s);

	return b ? json_boolean(!strcmp(b, "true")) : NULL;
}

static bool is_bool(const json_t *v)
{
	return json_is_boolean(v);
}

static bool is_string(const json_t *v)
{
	return json_is_string(v);
}

/* How each value type is read from the command line and checked in daemon.json. */
static const struct setting_type {
	const char *what;                 /* for messages: "a boolean" */
	json_t *(*from_text)(const char *s); /* NULL when S is not valid */
	bool (*config_ok)(const json_t *v);
} setting_types[] = {
	[DA_SETTING_BOOL] = { "a boolean", bool_from_text, is_bool },
	[DA_SETTING_STRING] = { "a string", da_collect_json_string, is_string },
};

static json_t *setting_value(json_t *value, const char *source)
{
	return json_pack("{s:o, s:s}", "value", value, "source", source);
}

static json_t *one_setting(const struct da_dockerd_setting *s, const struct da_dockerd_flags *flags,
			   const json_t *config_file)
{
	const struct setting_type *t = &setting_types[s->type];
	const char *text = da_dockerd_flag(flags, s->flag);
	const json_t *content, *v;
	json_t *value;

	if (text) {
		value = t->from_text(text);
		if (!value)
			return error_object("--%s=%s: not %s", s->flag, text, t->what);
		return setting_value(value, "flag");
	}
	if ((v = json_object_get(config_file, "error")))
		return json_pack("{s:O}", "error", (json_t *)v);
	content = json_object_get(config_file, "content");
	if ((v = json_object_get(content, s->config_key))) {
		if (!t->config_ok(v))
			return error_object("%s: \"%s\" must be %s",
					    json_string_value(json_object_get(config_file, "path")),
					    s->config_key, t->what);
		return setting_value(json_deep_copy(v), "config");
	}
	return setting_value(t->from_text(s->def), "default");
}

json_t *da_dockerd_settings_json(const struct da_dockerd_flags *flags, const json_t *config_file,
				 const char *why)
{
	json_t *settings = json_object();
	const struct da_dockerd_setting *s;

	for (s = da_dockerd_settings; s->name; s++) {
		if (flags)
			json_object_set_new(settings, s->name, one_setting(s, flags, config_file));
		else
			json_object_set_new(settings, s->name, error_object("%s", why));
	}
	return settings;
}

/* ---- the collector --------------------------------------------------- */

/* reachable, error (GET /_ping), then version and info. */
static void collect_api(struct da_docker *docker, json_t *section)
{
	struct da_err err = { "" };
	json_t *version = NULL, *info = NULL;

	if (da_docker_ping(docker, &err) < 0) {
		json_object_set_new(section, "reachable", json_false());
		json_object_set_new(section, "error", da_collect_json_string(err.msg));
		json_object_set_new(section, "version", error_object("%s", err.msg));
		json_object_set_new(section, "info", error_object("%s", err.msg));
		return;
	}
	json_object_set_new(section, "reachable", json_true());
	if (da_docker_get_json(docker, "/version", &version, &err) < 0)
		version = error_object("%s", err.msg);
	json_object_set_new(section, "version", version);
	if (da_docker_get_json(docker, "/info", &info, &err) < 0)
		info = error_object("%s", err.msg);
	json_object_set_new(section, "info", info);
}

static json_t *process_json(const struct da_dockerd_proc *p)
{
	json_t *argv = json_array();
	size_t i;

	for (i = 0; i < p->argc; i++)
		json_array_append_new(argv, da_collect_json_string(p->argv[i]));
	return json_pack("{s:i, s:o, s:o, s:s}", "pid", p->pid, "exe",
			 p->exe ? da_collect_json_string(p->exe) : json_null(), "argv", argv,
			 "found_by", p->found_by);
}

/* The process; *WHY says why its command line is unknown, else NULL. */
static json_t *find_process(struct da_collect_ctx *ctx, struct da_dockerd_proc *proc, char **why)
{
	const char *socket = da_docker_socket_path(ctx->docker);
	struct da_err err = { "" };

	*why = NULL;
	if (!socket)
		da_err_set(&err, "%s is not a unix socket: its process is not looked for",
			   da_docker_host(ctx->docker));
	else if (da_dockerd_find(ctx->root, socket, proc, &err) == 0)
		return process_json(proc);
	*why = da_xasprintf("the daemon's command line could not be read: %s", err.msg);
	return error_object("%s", err.msg);
}

/* process, and from its command line config_file and settings. */
static void collect_local(struct da_collect_ctx *ctx, json_t *section)
{
	struct da_dockerd_proc proc = { 0 };
	struct da_dockerd_flags flags = { 0 };
	struct da_err err = { "" };
	json_t *config;
	char *why;

	json_object_set_new(section, "process", find_process(ctx, &proc, &why));
	if (!why && da_dockerd_argv_parse(proc.argv, proc.argc, &flags, &err) < 0)
		why = da_xasprintf("the daemon's command line could not be parsed: %s", err.msg);
	if (why) {
		config = error_object("%s", why);
		json_object_set_new(config, "path", json_string(DA_DOCKERD_DEFAULT_CONFIG));
		json_object_set_new(config, "source", json_string("default"));
	} else {
		config = da_dockerd_config_file(ctx->root, &flags);
	}
	json_object_set_new(section, "config_file", config);
	json_object_set_new(section, "settings",
			    da_dockerd_settings_json(why ? NULL : &flags, config, why));
	da_dockerd_flags_free(&flags);
	da_dockerd_proc_free(&proc);
	free(why);
}

static void daemon_collect(struct da_collect_ctx *ctx, json_t *section)
{
	json_object_set_new(section, "host", da_collect_json_string(da_docker_host(ctx->docker)));
	collect_api(ctx->docker, section);
	collect_local(ctx, section);
}

const struct da_collector da_collector_daemon = {
	.name = "daemon",
	.summary = "the Docker daemon: Engine API, process, command line, config file, settings",
	.collect = daemon_collect,
};
