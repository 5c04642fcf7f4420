/*
 * Device cgroup rules and no-new-privileges of a container: see
 * container_opts.c.
 */
#ifndef DA_CONTAINER_OPTS_H
#define DA_CONTAINER_OPTS_H

#include <jansson.h>
#include <stdbool.h>

/* One --device-cgroup-rule: type 'a', 'b' or 'c'; major and minor, -1
 * for "*"; access, one to three of r, w, m. */
struct da_device_rule {
	char type;
	long major, minor;
	char access[4];
};

/* Parse RULE strictly ("c 1:3 rwm", single spaces, nothing else). 0, or
 * -EINVAL. */
int da_device_rule_parse(const char *rule, struct da_device_rule *out);

/* Whether R opens host devices that matter: every rule of type a (all
 * devices) or b (block devices: disks), and char rules for any major or
 * for /dev/mem, /dev/kmem, /dev/port (1:1, 1:2, 1:4, 1:*). */
bool da_device_rule_sensitive(const struct da_device_rule *r);

/* The device_cgroup_rules fact of a container from its HOSTCONFIG: an
 * array of {rule, type, major, minor, access, sensitive}, or an error
 * object naming the first rule that does not parse. Caller owns it. */
json_t *da_device_rules_fact(const json_t *hostconfig);

/* Whether security option OPT sets no-new-privileges: 0 with *VALUE set
 * ("no-new-privileges", "no-new-privileges=BOOL", "no-new-privileges:BOOL",
 * BOOL as Go's strconv.ParseBool reads it: 1, t, TRUE, true, True, 0, f,
 * ...); -ENOENT for another option; -EINVAL for a bad boolean. */
int da_nnp_option(const char *opt, bool *value);

/* The no_new_privileges fact of container ITEM (with its inspect and proc
 * members): {value, source: proc | config | daemon | default, option}.
 * FACTS gives the daemon's default (/daemon/settings/no-new-privileges).
 * Caller owns it. */
json_t *da_nnp_fact(const json_t *item, const json_t *facts);

#endif
