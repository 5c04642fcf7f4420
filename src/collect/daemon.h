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

/* The dockerd process that serves a unix socket. */
struct da_dockerd_proc {
	int pid;
	char *exe;      /* readlink of /proc/PID/exe, NULL when unreadable */
	char **argv;    /* from /proc/PID/cmdline */
	size_t argc;
	const char *found_by; /* "socket" or "peercred" (static) */
};

/* SOCKET is the daemon's unix socket path as dockaudit reaches it (a path
 * below the root prefix has the prefix stripped). Find the process holding
 * that listening socket in ROOT/proc (net/unix, then PID/fd/ links),
 * preferring one whose exe or comm is "dockerd", never pid 1 (systemd
 * socket activation); when that fails and the root is "/", ask the socket
 * itself (SO_PEERCRED). Returns 0 and fills *OUT (free with
 * da_dockerd_proc_free), or -1 with ERR saying why. */
int da_dockerd_find(const struct da_root *root, const char *socket, struct da_dockerd_proc *out,
		    struct da_err *err);
/* NULL-safe. */
void da_dockerd_proc_free(struct da_dockerd_proc *p);


/* PATH (a unix socket path as dockaudit reaches it, or a "unix://" URI) as
 * the audited host sees it: the root prefix is stripped when PATH lies
 * below it. NULL for any other URI scheme. Caller frees. */
char *da_dockerd_host_socket_path(const struct da_root *root, const char *path);

/* The config_file fact: the file given by --config-file in FLAGS (source
 * "flag"; FLAGS may be NULL: no flags), else /etc/docker/daemon.json
 * (source "default"), read through
 * ROOT: {path, source, exists, content} or, when it cannot be read, is not
 * JSON or not an object, an "error" ("PATH:LINE:COL: message", "PATH: not
 * a JSON object"). An absent default file is exists false, no error. An
 * empty file is an empty object, as dockerd reads it. Caller owns. */
json_t *da_dockerd_config_file(const struct da_root *root, const struct da_dockerd_flags *flags);

/* A new type is a row in daemon.c's setting_types[]. */
enum da_setting_type {
	DA_SETTING_BOOL,
	DA_SETTING_STRING,
};

/* One effective daemon setting (docs/FACTS.md, "settings"). */
struct da_dockerd_setting {
	const char *name;       /* the fact's member name */
	const char *flag;       /* dockerd's long flag (shorthands map to it) */
	const char *config_key; /* the daemon.json member */
	enum da_setting_type type;
	const char *def; /* dockerd's default, written as on the command line */
};

/* The settings table, terminated by an entry with a NULL name. */
extern const struct da_dockerd_setting da_dockerd_settings[];

/* The settings fact: each setting from FLAGS if given there, else from
 * CONFIG_FILE's content (the object da_dockerd_config_file returns), else its
 * default, as {"value", "source"}; {"error"} when it cannot be known (the
 * config file has an error and no flag sets it, a value of the wrong type).
 * FLAGS NULL means the command line is unknown: every setting is then
 * {"error": WHY}. Caller owns. */
json_t *da_dockerd_settings_json(const struct da_dockerd_flags *flags, const json_t *config_file,
				 const char *why);

#endif
