/*
 * A container's seccomp setting, judged as Docker applies it: unconfined,
 * Docker's default profile, or a custom profile (inlined as JSON in
 * HostConfig.SecurityOpt by the docker CLI), whose syscall names are
 * resolved with libseccomp to tell which dangerous syscalls it lets through.
 */
#ifndef DA_SECCOMP_H
#define DA_SECCOMP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/rootfs.h"

/* Caps on a custom profile: bytes, syscalls[] entries, names in all. */
#define DA_SECCOMP_PROFILE_MAX (10u << 20)
#define DA_SECCOMP_RULES_MAX 100000u
#define DA_SECCOMP_NAMES_MAX 100000u
/* Distinct unknown syscall names recorded (more set "unknown_truncated"). */
#define DA_SECCOMP_UNKNOWN_MAX 100u

/* The syscalls a container should not be allowed, in alphabetical order,
 * NULL-terminated. Those that do not exist on the architecture analysed
 * are never reported. */
extern const char *const da_seccomp_dangerous[];

/* The dangerous syscalls Docker's own default profile lets through for a
 * container with the default capabilities (kernel 4.8 and later): a
 * custom profile allowing these is no weaker than the default. Alphabetical,
 * NULL-terminated. */
extern const char *const da_seccomp_default_allows[];

/* The daemon's own profile (--seccomp-profile, daemon.json
 * "seccomp-profile"), which containers in mode "default" run: path NULL
 * when the daemon uses its built-in profile (or none); else the file as
 * read, or the error reading it. */
struct da_seccomp_daemon {
	char *path;
	char *text;
	size_t len;
	char *error;
};

/* Fill D from the facts gathered so far: /daemon/settings/seccomp-profile
 * (its value), else the profile= of GET /info's seccomp security option;
 * a path is read inside ROOT, capped at DA_SECCOMP_PROFILE_MAX. */
void da_seccomp_daemon_load(struct da_seccomp_daemon *d, const struct da_root *root,
			    const json_t *facts);
/* Release D's members; NULL-safe. */
void da_seccomp_daemon_free(struct da_seccomp_daemon *d);

/* Analyse the custom profile TEXT (LEN bytes, not NUL-terminated) as
 * Docker and runc would load it for a container whose bounding capability
 * set is CAPS (array of "CAP_X" names; NULL: none) on architecture ARCH (a
 * libseccomp token; 0: native). Returns a new object: "default_action",
 * "dangerous_allowed", "dangerous_allowed_with_conditions",
 * "dangerous_beyond_default" (those allowed that da_seccomp_default_allows
 * does not hold), "unknown_syscalls" (arrays of names), "allows_by_default"
 * (the default action is SCMP_ACT_ALLOW or SCMP_ACT_LOG), "rules"
 * (syscalls[] entries that apply); or "error" (one line naming what is wrong, "line L column C: ..."
 * for JSON syntax) and none of those. Never NULL; caller owns it. */
json_t *da_seccomp_profile(const char *text, size_t len, const json_t *caps, uint32_t arch);

/* The "seccomp" fact of a container: HOSTCONFIG is its inspect HostConfig,
 * DAEMON_INFO the daemon's GET /info (NULL when unknown), DAEMON its own
 * profile (NULL or an empty path: built in), CAPS and ARCH as above.
 * {"mode": "default" | "unconfined" | "custom", "reason" (for unconfined:
 * "privileged", "security-opt", "daemon", "daemon-without-seccomp",
 * "empty-profile"), "daemon_profile", "profile_from" ("security-opt" for a
 * custom profile, "daemon" for the daemon's profile file)} plus, for a
 * custom profile or a default mode running the daemon's file, the members
 * of da_seccomp_profile ("daemon_profile_file" names that file). Never NULL;
 * caller owns it. */
json_t *da_seccomp_container(const json_t *hostconfig, const json_t *daemon_info,
			     const struct da_seccomp_daemon *daemon, const json_t *caps,
			     uint32_t arch);

#endif
