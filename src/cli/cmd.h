/*
 * Subcommands: one file each, one const descriptor each, listed in
 * cmd_table[] (main.c). Options live in tables too, so --help, the man page
 * test and getopt all read the same source.
 */
#ifndef DA_CMD_H
#define DA_CMD_H

#include <stdbool.h>

/* Exit codes, as oscap uses them. */
enum { DA_EXIT_OK = 0, DA_EXIT_ERROR = 1, DA_EXIT_FAIL = 2 };

struct da_option {
	const char *name;  /* MUST: long name without "--"; NULL ends a table */
	int short_name;    /* MAY: 0 if none */
	const char *arg;   /* MAY: argument placeholder ("FILE"); NULL for a flag */
	const char *help;  /* MUST: one line */
};

struct da_cmd {
	/* MUST: the word after "dockaudit". */
	const char *name;
	/* MUST: arguments after the name, for the usage line ("[OPTION]... FACTS"). */
	const char *args;
	/* MUST: one line for `dockaudit --help`. */
	const char *summary;
	/* MUST: the options it accepts, NULL-terminated (entries may be shared
	 * between subcommands). --help is implied. */
	const struct da_option *const *options;
	/* MUST: run with argv[0] being the subcommand name; returns an exit code. */
	int (*run)(int argc, char **argv);
	/* MAY: the "Exit status:" paragraph of --help, when it is not the
	 * audit one (0 pass, 2 some rule fails, 1 the tool failed). */
	const char *exit_status;
};

extern const struct da_cmd da_cmd_audit;
extern const struct da_cmd da_cmd_collect;
extern const struct da_cmd da_cmd_eval;
extern const struct da_cmd da_cmd_rules;
extern const struct da_cmd da_cmd_report;
extern const struct da_cmd da_cmd_diff;
extern const struct da_cmd da_cmd_fleet;
extern const struct da_cmd da_cmd_history;
extern const struct da_cmd da_cmd_fix;

/* NULL-terminated. */
extern const struct da_cmd *const da_cmd_table[];

/* Print the subcommand's --help to stdout. */
void da_cmd_help(const struct da_cmd *cmd);

/* Parse ARGC/ARGV for CMD. For each option seen, calls ON_OPT(opt, arg, ctx)
 * which returns 0 or -1 (it has printed why). Positional arguments are
 * left in argv[*OPTIND..]. Handles --help itself (returns 1). Returns 0,
 * 1 for --help, or -1 on a bad option (message printed). */
int da_cmd_parse(const struct da_cmd *cmd, int argc, char **argv,
		 int (*on_opt)(const struct da_option *opt, const char *arg, void *ctx), void *ctx,
		 int *optind_out);

#endif
