/*
 * The configuration file of scheduled audits (--config FILE, and the
 * shipped /etc/dockaudit/dockaudit.conf): "key = value" lines whose keys
 * are audit's long options without the dashes and mean exactly those
 * options. Options given on the command line win over the file.
 */
#ifndef DA_CLI_CONFIG_H
#define DA_CLI_CONFIG_H

#include "cli/cmd.h"
#include "common/err.h"

/* The largest configuration file read. */
#define DA_CONFIG_MAX_BYTES (64u << 10)

struct da_config_entry {
	const struct da_option *opt; /* the option the key names */
	char *value;                 /* checked for options that take a word or number */
	unsigned line;
};

struct da_config {
	char *path;
	struct da_config_entry *entries; /* in file order; keys with an empty value left out */
	size_t n;
};

/* The options a configuration file may set, NULL-terminated. */
extern const struct da_option *const da_config_keys[];

/* Read PATH. A line is blank, a comment (its first non-blank character is
 * '#') or "key = value", white space around both trimmed; an empty value
 * leaves the option unset. 0 and *OUT (free with da_config_free), or -1
 * with ERR: "PATH: why" when it cannot be read, "PATH:LINE: why" for a
 * line without '=', an unknown key, a key set twice, or a value its
 * option refuses. */
int da_config_load(const char *path, struct da_config **out, struct da_err *err);
/* NULL-safe. */
void da_config_free(struct da_config *c);

/* The value C gives OPT, or NULL (borrowed). */
const char *da_config_get(const struct da_config *c, const struct da_option *opt);

/* Whether a yes/no value is yes ("yes" or "no" only: checked on load). */
bool da_config_yes(const char *value);

#endif
