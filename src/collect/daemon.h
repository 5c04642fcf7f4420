/*
 * The daemon collector's parts that need no Engine API: parsing dockerd's
 * command line as dockerd itself (Go's pflag) parses it, finding the dockerd
 * process that serves the socket, choosing and reading its config file, and
 * working out each effective setting (flag, else config file, else default).
 */
#ifndef DA_COLLECT_DAEMON_H
#define DA_COLLECT_DAEMON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "common/rootfs.h"

/* Largest /proc/PID/cmdline and daemon config file read. */
#define DA_DOCKERD_CMDLINE_MAX (1u << 20)
#define DA_DOCKERD_CONFIG_MAX (1u << 20)
#define DA_DOCKERD_DEFAULT_CONFIG "/etc/docker/daemon.json"

/* One dockerd flag dockaudit knows (dockerd --help of Docker 20.10 to 27). */
struct da_dockerd_flag_def {
	const char *name; /* long name without dashes: "log-level" */
	char shorthand;   /* 'l', or 0 */
	bool is_bool;     /* never consumes the next word */
};

/* The definition of the long flag NAME, or NULL when dockaudit does not know it. */
const struct da_dockerd_flag_def *da_dockerd_flag_def(const char *name);

/* One flag as given on the command line. */
struct da_dockerd_opt {
	char *name;  /* the long name ("log-level" for -l); for an unknown
		      * flag the name as written, without dashes */
	char *value; /* booleans are normalised to "true" / "false" */
	bool known;  /* false: not in dockaudit's table; its value was guessed:
		      * "--x=v" gives v, "--x WORD" takes WORD unless it starts
		      * with '-' (dockerd accepts no positional arguments) */
};

/* A parsed dockerd command line; owns everything it points to. */
struct da_dockerd_flags {
	struct da_dockerd_opt *opts; /* in command-line order, repeats kept */
	size_t n;
	char **args; /* positional words (and everything after "--") */
	size_t nargs;
};

/* Parse ARGV[1..ARGC-1] (ARGV[0], the program, is skipped) as pflag does:
 * "--flag=v", "--flag v", "-f v", "-fv", "-f=v", combined booleans "-Dl v";
 * a boolean flag takes a value only after '=' ("--icc=false"). On success
 * fills *OUT (free with da_dockerd_flags_free) and returns 0; on a command
 * line dockerd would refuse (a missing value, "---x", "--icc=maybe")
 * returns -1 with ERR in pflag's words, and *OUT is empty. */
int da_dockerd_argv_parse(char *const *argv, size_t argc, struct da_dockerd_flags *out,
			  struct da_err *err);
/* "true"/"false" for a pflag boolean word ("1", "t", "TRUE", "false"...),
 * NULL if S is not one. Borrowed (static strings). */
const char *da_dockerd_parse_bool(const char *s);
/* The last value given for the long flag NAME, or NULL. Borrowed. */
const char *da_dockerd_flag(const struct da_dockerd_flags *f, const char *name);
/* NULL-safe; leaves *F empty. */
void da_dockerd_flags_free(struct da_dockerd_flags *f);

/* The variables of the daemon's environment that dockerd's defaults depend
 * on (its config directory, data and exec roots, default socket and TLS
 * files, rootless mode). No other variable is ever kept: environ holds
 * secrets. NULL members were not set. */
struct da_dockerd_env {
	bool known; /* /proc/PID/environ was read */
	char *home;
	char *xdg_config_home;
	char *xdg_data_home;
	char *xdg_runtime_dir;
	char *docker_cert_path;
	char *docker_config;
	char *rootlesskit_state_dir; /* set: dockerd runs under RootlessKit */
};

/* The variable names da_dockerd_env holds, in the order of its members,
 * NULL-terminated. */
extern const char *const da_dockerd_env_names[];
/* The value of variable NAME (one of da_dockerd_env_names) in ENV, or NULL. */
const char *da_dockerd_env_get(const struct da_dockerd_env *env, const char *name);
/* Parse the NUL-separated environ text DATA (LEN bytes) into *ENV (freed
 * with da_dockerd_env_free): only the variables named above are copied. */
void da_dockerd_env_parse(const char *data, size_t len, struct da_dockerd_env *env);
/* NULL-safe; leaves *ENV empty. */
void da_dockerd_env_free(struct da_dockerd_env *env);

/* The process that serves the Engine API. */
struct da_dockerd_proc {
	int pid;
	char *exe;      /* readlink of /proc/PID/exe, NULL when unreadable */
	char **argv;    /* from /proc/PID/cmdline */
	size_t argc;
	const char *found_by; /* "socket", "peercred" or "tcp-socket" (static) */
	long uid;       /* the real uid from /proc/PID/status; -1: unknown */
	struct da_dockerd_env env; /* from /proc/PID/environ (known false when unreadable) */
	char *env_error;           /* why environ could not be read, else NULL */
};

/* SOCKET is the daemon's unix socket path as dockaudit reaches it (a path
 * below the root prefix has the prefix stripped). Find the process holding
 * that listening socket in ROOT/proc (net/unix, then PID/fd/ links),
 * preferring one whose exe or comm is "dockerd", never pid 1 (systemd
 * socket activation); a socket in no line of net/unix is looked for in
 * PID/net/unix of each process named dockerd (one in a network namespace
 * of its own: rootless); when that fails and the root is "/", ask the
 * socket itself (SO_PEERCRED). uid and env are filled as far as they can
 * be read. Returns 0 and fills *OUT (free with
 * da_dockerd_proc_free), or -1 with ERR saying why. */
int da_dockerd_find(const struct da_root *root, const char *socket, struct da_dockerd_proc *out,
		    struct da_err *err);
/* HOST is "tcp://ADDR:PORT" (ADDR an IPv4 address, a bracketed IPv6 one, or
 * "localhost"; on the live host any name, resolved). Find the process
 * holding the listening TCP socket for it in ROOT/proc/net/tcp and tcp6
 * (state LISTEN, the port, and the address itself or the wildcard) by its
 * inode, as for a unix socket; found_by "tcp-socket". A wildcard listener
 * counts only when ADDR is local: a loopback address, or on the live host
 * (root "/") an address of one of its interfaces; a listener bound to ADDR
 * itself proves that. Returns 0 and fills *OUT, or -1 with ERR. */
int da_dockerd_find_tcp(const struct da_root *root, const char *host, struct da_dockerd_proc *out,
			struct da_err *err);
/* NULL-safe. */
void da_dockerd_proc_free(struct da_dockerd_proc *p);

/* PATH (a unix socket path as dockaudit reaches it, or a "unix://" URI) as
 * the audited host sees it: the root prefix is stripped when PATH lies
 * below it. NULL for any other URI scheme. Caller frees. */
char *da_dockerd_host_socket_path(const struct da_root *root, const char *path);

/* The config_file fact: the file given by --config-file in FLAGS (source
 * "flag"; FLAGS may be NULL: no flags), else DEFAULT_PATH (source
 * "default"), read through ROOT: {path, source, exists, content} or, when it
 * cannot be read, is not JSON or not an object, an "error"
 * ("PATH:LINE:COL: message", "PATH: not a JSON object"). An absent default
 * file is exists false, no error. An empty file is an empty object, as
 * dockerd reads it. Caller owns. */
json_t *da_dockerd_config_file_at(const struct da_root *root, const struct da_dockerd_flags *flags,
				  const char *default_path);
/* da_dockerd_config_file_at with /etc/docker/daemon.json, a root daemon's default. */
json_t *da_dockerd_config_file(const struct da_root *root, const struct da_dockerd_flags *flags);
/* The config file a dockerd with environment ENV reads when no
 * --config-file is given: under RootlessKit $XDG_CONFIG_HOME/docker/daemon.json
 * (else $HOME/.config/docker/daemon.json), otherwise
 * /etc/docker/daemon.json. ENV NULL: unknown, the latter. NULL when
 * RootlessKit's dockerd has neither variable. Caller frees. */
char *da_dockerd_default_config_path(const struct da_dockerd_env *env);

/* A new type is a row in daemon.c's setting_types[]. */
enum da_setting_type {
	DA_SETTING_BOOL,
	DA_SETTING_STRING,
	DA_SETTING_LIST,    /* repeated flag; a JSON array of strings */
	DA_SETTING_MAP,     /* repeated KEY=VALUE flag; a JSON object of strings */
	DA_SETTING_KV_LIST, /* repeated KEY=VALUE flag; an array of "KEY=VALUE": an object */
	DA_SETTING_ULIMITS, /* repeated NAME=SOFT[:HARD]; {NAME: {Name, Soft, Hard}} */
	DA_SETTING_POOLS,   /* repeated base=CIDR,size=N; [{base, size}] */
};

/* What a setting's default depends on besides dockaudit's table. */
struct da_dockerd_context {
	const char *version;     /* the daemon's version ("24.0.7"); NULL: unknown */
	const char *version_why; /* why it is unknown (for messages); may be NULL */
	const struct da_dockerd_env *env; /* NULL: unknown (a root dockerd's
					   * defaults are assumed) */
	long uid;                /* the daemon's uid; -1: unknown */
};

/* One daemon setting (dockaudit-facts(5), "settings"). */
struct da_dockerd_setting {
	const char *name;         /* MUST: the fact's member name */
	const char *flag;         /* MUST: dockerd's long flag (shorthands map to it) */
	const char *flag_alias;   /* MAY: another long flag for the same value (--graph) */
	const char *config_key;   /* MUST: the daemon.json member */
	const char *config_alias; /* MAY: another daemon.json member for it ("graph") */
	enum da_setting_type type;
	const char *def; /* MAY: dockerd's default, written as on the command
			  * line; NULL: false, "", or an empty list or map */
	const char *since;     /* MAY: the Docker version ("23.0") from which ... */
	const char *def_since; /* ... the default is this instead */
	/* MAY: the default, when it depends on the daemon's environment:
	 * returns the text (caller frees) or NULL with *WHY (static). */
	char *(*def_fn)(const struct da_dockerd_context *c, const char **why);
};

/* The settings table, terminated by an entry with a NULL name. */
extern const struct da_dockerd_setting da_dockerd_settings[];

/* The settings fact: each setting from FLAGS if given there, else from
 * CONFIG_FILE's content (the object da_dockerd_config_file returns), else its
 * default (for the version and environment in CTX; CTX may be NULL), as
 * {"value", "source"} ("flag", "config", "default", or "implied": tls by
 * tlsverify, tlsverify by tls) plus "conflict": true when both the command
 * line and the config file set it (dockerd then refuses to start);
 * {"error"} when it cannot be known (the config file has an error and no
 * flag sets it, a value of the wrong type, a default that depends on an
 * unknown version). FLAGS NULL means the command line is unknown: every
 * setting is then {"error": WHY}. Caller owns. */
json_t *da_dockerd_settings_eval(const struct da_dockerd_flags *flags, const json_t *config_file,
				 const struct da_dockerd_context *ctx, const char *why);
/* da_dockerd_settings_eval with CTX NULL. */
json_t *da_dockerd_settings_json(const struct da_dockerd_flags *flags, const json_t *config_file,
				 const char *why);

/* "major.minor" of a Docker version ("20.10.24+dfsg1") as MAJOR * 1000 +
 * MINOR, or -1 when VERSION does not start that way. */
long da_dockerd_version_num(const char *version);

/* The engine fact: {"kind": "docker"|"podman"|"unknown", "rootless": bool,
 * "evidence": [strings]} from GET /version and /info (SECTION's "version"
 * and "info"), the socket path the API was reached at (SOCKET, as the host
 * sees it; may be NULL) and the serving process (PROC; may be NULL).
 * Caller owns. */
json_t *da_dockerd_engine_json(const json_t *section, const char *socket,
			       const struct da_dockerd_proc *proc);

/* The TCP sockets in state LISTEN that process P holds: its ROOT/proc/PID/fd
 * socket inodes matched against ROOT/proc/net/tcp and tcp6 and its own
 * namespace's ROOT/proc/PID/net/tcp and tcp6, whatever its command line
 * says (socket activation hands them over as fd://). {"source": "proc",
 * "pid", "probe_allowed", "items": [{address, port, family, inode, table,
 * tls, tls_source}]}: tls from a plain "GET /_ping" over loopback when the
 * root is / and the process shares our network namespace ("probe"), else
 * the daemon's tls setting in SETTINGS ("settings"), else null. P NULL:
 * {"error": WHY}. Caller owns. */
json_t *da_dockerd_listeners_json(const struct da_root *root, const struct da_dockerd_proc *p,
				  const json_t *settings, const char *why);
/* The containerd daemon P uses: the address from the containerd setting
 * in SETTINGS (source "flag" or "config"), else the socket of the
 * containerd P started itself (its child named containerd: --address, else
 * its --config's [grpc] address, else EXEC-ROOT/containerd/containerd.sock;
 * "managed"), else /run/containerd/containerd.sock ("default"); and the
 * process listening there: {address, source, pid, exe, listening}. P may be
 * NULL (unknown: the default). Caller owns. */
json_t *da_dockerd_containerd_json(const struct da_root *root, const struct da_dockerd_proc *p,
				   const json_t *settings);
/* PATH with every symlink resolved inside ROOT, as the host sees it; NULL
 * when it does not exist or leads out. Caller frees. */
char *da_dockerd_realpath(const struct da_root *root, const char *path);
/* The PATH variable of process PID's environment, or NULL. Caller frees. */
char *da_dockerd_env_path(const struct da_root *root, int pid);

#endif
