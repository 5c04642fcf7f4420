/*
 * What the kernel says about a process: its capability sets, no_new_privs
 * and seccomp mode from /proc/PID/status (read through the root prefix),
 * and capability names as libcap spells them ("CAP_CHOWN"). Runtime truth
 * for the containers collector, which trusts it over declared config.
 */
#ifndef DA_PROC_H
#define DA_PROC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/rootfs.h"

/* Which of the optional lines /proc/PID/status had. */
#define DA_PROC_HAVE_AMB 0x1u /* CapAmb (Linux >= 4.3) */
#define DA_PROC_HAVE_NNP 0x2u /* NoNewPrivs (Linux >= 4.10) */

/* The /proc/PID/status members we read. Seccomp is 0 when the kernel has
 * no Seccomp line (a kernel without seccomp: nothing is filtered). */
struct da_proc_status {
	uint64_t cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
	bool no_new_privs;
	int seccomp;   /* 0 disabled, 1 strict, 2 filter */
	unsigned have; /* DA_PROC_HAVE_* */
};

/* Parse the text of a status file. CapInh, CapPrm, CapEff and CapBnd are
 * required; a malformed value of any member we read is an error. Returns 0
 * or -EINVAL, with *WHAT (may be NULL) set to a static description. */
int da_proc_parse_status(const char *text, struct da_proc_status *st, const char **what);

/* Read and parse ROOT/proc/PID/status. 0, or -1 with ERR naming the file
 * (as reached from here) and what is wrong. */
int da_proc_read_status(const struct da_root *root, pid_t pid, struct da_proc_status *st,
			struct da_err *err);

/* The "proc" fact object for ST: pid, cap_eff, cap_prm, cap_bnd, cap_inh,
 * cap_amb, no_new_privs (only when known) and seccomp. Caller owns it. */
json_t *da_proc_status_json(pid_t pid, const struct da_proc_status *st);

/* "disabled", "strict", "filter", or NULL for another value. */
const char *da_proc_seccomp_name(int mode);

/* The name of capability CAP: "CAP_CHOWN"; "CAP_<n>" for a bit libcap does
 * not know. Caller frees. */
char *da_proc_cap_name(int cap);

/* Names of the bits set in MASK, in bit order. Caller owns the array. */
json_t *da_proc_cap_names(uint64_t mask);

/* As Docker normalises HostConfig.CapAdd/CapDrop: "net_admin",
 * "CAP_NET_ADMIN", "Cap_Net_Admin" -> "CAP_NET_ADMIN"; "all" in any case ->
 * "ALL". Caller frees. */
char *da_proc_cap_normalize(const char *name);

/* Every capability libcap knows, in bit order ("every capability" for a
 * privileged container). Caller owns the array. */
json_t *da_proc_all_caps(void);

/* Docker's default capability set for a container, in bit order. Caller
 * owns the array. */
json_t *da_proc_docker_default_caps(void);

#endif
