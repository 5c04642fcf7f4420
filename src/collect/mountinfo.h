/*
 * One line of /proc/PID/mountinfo (proc(5)), parsed in place. The mounts
 * collector reads the host's table with it; the containers collector reads
 * each running container's table and maps its mounts to host paths.
 */
#ifndef DA_MOUNTINFO_H
#define DA_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* Fields of one line: ten, and a few optional (propagation) fields. */
#define DA_MOUNTINFO_FIELDS_MAX 64

/* One parsed line; the strings point into the line (decoded in place). */
struct da_mountinfo {
	long long id, parent;
	unsigned major, minor;
	char *root, *point, *options, *fs_type, *source, *super;
	char **tags; /* the optional (propagation) fields */
	size_t ntags;
};

/* Parse LINE ("ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - TYPE
 * SOURCE SUPER"), modifying it, into M; FIELDS is scratch space of
 * DA_MOUNTINFO_FIELDS_MAX pointers that M->tags points into. Returns NULL,
 * or what is wrong (a static string). */
const char *da_mountinfo_parse(char *line, struct da_mountinfo *m, char **fields);

/* The comma-separated list S as a JSON array of strings (caller owns). */
json_t *da_mountinfo_options_json(const char *s);

/* Whether the comma-separated OPTIONS list holds OPT. */
bool da_mountinfo_has_option(const char *options, const char *opt);

#endif
