/*
 * dockerd's command line, parsed as dockerd itself (Go's pflag) parses it:
 * --flag=value, --flag value, short flags, repeated flags, and boolean
 * flags that never take the next word. The flag table says which is which.
 */
#include "collect/daemon.h"
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
const char *da_dockerd_parse_bool(const char *s)
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
	const char *b = def->is_bool ? da_dockerd_parse_bool(value) : value;

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
