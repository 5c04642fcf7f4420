/*
 * What the kernel says about a process, read through the root prefix: its
 * capability sets, ids, no_new_privs and seccomp mode (/proc/PID/status),
 * user namespace maps, LSM label, pid namespace, and which processes share
 * a pid namespace (one scan of ROOT/proc, indexed). Runtime truth for the
 * containers collector, which trusts it over declared config.
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
#define DA_PROC_HAVE_UID 0x4u /* Uid */
#define DA_PROC_HAVE_GID 0x8u /* Gid */

/* The four ids of a Uid or Gid line, in the order the kernel writes them. */
enum da_proc_id { DA_PROC_ID_REAL, DA_PROC_ID_EFFECTIVE, DA_PROC_ID_SAVED, DA_PROC_ID_FS };

/* The /proc/PID/status members we read. Seccomp is 0 when the kernel has
 * no Seccomp line (a kernel without seccomp: nothing is filtered). */
struct da_proc_status {
	uint64_t cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
	bool no_new_privs;
	int seccomp;   /* 0 disabled, 1 strict, 2 filter */
	uint32_t uid[4], gid[4]; /* indexed by enum da_proc_id, as seen from ROOT */
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
 * cap_amb, no_new_privs (only when known), seccomp, and uid and gid
 * ({"real", "effective", "saved", "fs"}, only when known). Caller owns it. */
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

/* A user namespace map (ROOT/proc/PID/uid_map or gid_map): at most
 * DA_PROC_IDMAP_MAX lines of "inside outside count", as the kernel allows. */
#define DA_PROC_IDMAP_MAX 340
struct da_proc_idmap_range {
	uint32_t inside, outside, count;
};
struct da_proc_idmap {
	size_t n;
	struct da_proc_idmap_range r[DA_PROC_IDMAP_MAX];
};

/* Parse the text of a map. Returns 0 or -EINVAL with *WHAT (may be NULL)
 * set to a static description ("line 2: ..."). An empty map (a namespace
 * whose map was never written) is valid. */
int da_proc_parse_idmap(const char *text, struct da_proc_idmap *map, const char **what);

/* Read and parse ROOT/proc/PID/WHICH ("uid_map" or "gid_map"). 0, or -1
 * with ERR naming the file. */
int da_proc_read_idmap(const struct da_root *root, pid_t pid, const char *which,
		       struct da_proc_idmap *map, struct da_err *err);

/* Whether MAP is the initial namespace's: the single range 0 0 4294967295
 * (the process is in no user namespace of its own). */
bool da_proc_idmap_is_identity(const struct da_proc_idmap *map);

/* The id inside the namespace that OUTSIDE (an id as ROOT sees it) maps
 * to. 0, or -ENOENT when no range holds it. */
int da_proc_idmap_inside(const struct da_proc_idmap *map, uint32_t outside, uint32_t *inside);

/* {"ranges": [{"inside", "outside", "count"}...], "identity": bool}. Caller
 * owns it. */
json_t *da_proc_idmap_json(const struct da_proc_idmap *map);

/* The LSM label of PID: ROOT/proc/PID/attr/apparmor/current (Linux >= 5.1,
 * when AppArmor is on), else ROOT/proc/PID/attr/current, read up to 4 KiB,
 * without the trailing newline or NULs. *LABEL (caller frees) and *FILE
 * (the path read, caller frees) are set on success; -1 with ERR naming
 * attr/current (and why) when neither gives a label. */
int da_proc_read_label(const struct da_root *root, pid_t pid, char **label, char **file,
		       struct da_err *err);

/* The inode number of PID's namespace of TYPE ("pid", "user"...), read
 * from the symlink ROOT/proc/PID/ns/TYPE ("pid:[4026531836]"). 0, or
 * -errno (-EINVAL when the link text is not of that form). */
int da_proc_read_ns(const struct da_root *root, pid_t pid, const char *type, uint64_t *ino);

/* Every process in ROOT/proc, indexed by pid namespace: built with one
 * scan, so grouping the processes of any number of containers costs one
 * pass over /proc, not one per container. Opaque; da_proc_index_free. */
struct da_proc_index;

/* Scan ROOT/proc once. A process that vanishes during the scan, or whose
 * ns/pid cannot be read, is left out. 0, or -1 with ERR when ROOT/proc
 * cannot be listed. *OUT is the caller's. */
int da_proc_index_build(const struct da_root *root, struct da_proc_index **out,
			struct da_err *err);
/* The pids in pid namespace INO, ascending, and their number in *N.
 * Borrowed from IDX; NULL with *N = 0 when there are none. */
const pid_t *da_proc_index_members(const struct da_proc_index *idx, uint64_t ino, size_t *n);
/* How many processes the scan indexed. */
size_t da_proc_index_size(const struct da_proc_index *idx);
/* NULL-safe. */
void da_proc_index_free(struct da_proc_index *idx);

/* Bytes of /proc/PID/cmdline kept; the rest is cut ("cmdline_truncated"). */
#define DA_PROC_CMDLINE_MAX 4096

/* One process as a fact: {"pid", "comm", "cmdline": [args],
 * "cmdline_truncated" (only when true), "exe"}. comm, cmdline and exe are
 * null when they cannot be read (a kernel thread has no exe, a process may
 * exit meanwhile); exe is the link text of ROOT/proc/PID/exe, never
 * followed. Caller owns it. */
json_t *da_proc_process_json(const struct da_root *root, pid_t pid);

#endif
