/*
 * A container's seccomp setting, judged as Docker applies it: unconfined,
 * Docker's default profile, or a custom profile (inlined as JSON in
 * HostConfig.SecurityOpt by the docker CLI), whose syscall names are
 * resolved with libseccomp to tell which dangerous syscalls it lets through.
 */
#ifndef DA_SECCOMP_H
#define DA_SECCOMP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

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

/* Analyse the custom profile TEXT (LEN bytes, not NUL-terminated) as
 * Docker and runc would load it for a container whose bounding capability
 * set is CAPS (array of "CAP_X" names; NULL: none) on architecture ARCH (a
 * libseccomp token; 0: native). Returns a new object: "default_action",
 * "dangerous_allowed", "dangerous_allowed_with_conditions",
 * "unknown_syscalls" (arrays of names), "rules" (syscalls[] entries that
 * apply); or "error" (one line naming what is wrong, "line L column C: ..."
 * for JSON syntax) and none of those. Never NULL; caller owns it. */
json_t *da_seccomp_profile(const char *text, size_t len, const json_t *caps, uint32_t arch);

/* The "seccomp" fact of a container: HOSTCONFIG is its inspect HostConfig,
 * DAEMON_INFO the daemon's GET /info (NULL when unknown), CAPS and ARCH as
 * above. {"mode": "default" | "unconfined" | "custom", "reason" (for
 * unconfined: "privileged", "security-opt", "daemon", "daemon-without-seccomp",
 * "empty-profile"), "daemon_profile"} plus, for custom, the members of
 * da_seccomp_profile. Never NULL; caller owns it. */
json_t *da_seccomp_container(const json_t *hostconfig, const json_t *daemon_info,
			     const json_t *caps, uint32_t arch);

#endif
