/*
 * Subcommand plumbing shared by every subcommand: --help text and getopt
 * tables are both built from the same struct da_option tables, so the two
 * can never disagree.
 */
#include "cli/cmd.h"
#include "common/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct da_cmd *const da_cmd_table[] = {
	&da_cmd_audit,
	&da_cmd_collect,
	&da_cmd_eval,
	&da_cmd_rules,
	&da_cmd_report,
	&da_cmd_diff,
	&da_cmd_fleet,
	&da_cmd_history,
	&da_cmd_fix,
	NULL,
};

static const struct da_option opt_help = {
	.name = "help", .short_name = 'h', .help = "show this help and exit",
};

static void print_option(const struct da_option *o)
{
	char left[64];

	if (o->short_name)
		snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
	else
		snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
	printf("  %-28s %s\n", left, o->help);
}

void da_cmd_help(const struct da_cmd *cmd)
{
	size_t i;

	printf("Usage: dockaudit %s %s\n%s\n\nOptions:\n", cmd->name, cmd->args, cmd->summary);
	for (i = 0; cmd->options[i]; i++)
		print_option(cmd->options[i]);
	print_option(&opt_help);
	printf("\nExit status: %s\n",
	       cmd->exit_status ? cmd->exit_status
				: "0 all selected rules pass, 2 some rule fails or errors,\n"
				  "1 the tool itself failed. See dockaudit(8).");
}

static size_t count_options(const struct da_cmd *cmd)
{
	size_t n = 0;

	while (cmd->options[n])
		n++;
	return n;
}

/* getopt_long tables: long options return 256 + index; "help" returns 'h'.
 * Options may follow the operands (GNU style: `eval facts.json --json -`);
 * "--" ends them. */
static struct option *build_longopts(const struct da_cmd *cmd, size_t n, char *shortopts)
{
	struct option *lo = da_xcalloc(n + 2, sizeof(*lo));
	size_t i, s = 0;

	shortopts[s++] = ':';
	for (i = 0; i < n; i++) {
		const struct da_option *o = cmd->options[i];

		lo[i].name = o->name;
		lo[i].has_arg = o->arg ? required_argument : no_argument;
		lo[i].val = 256 + (int)i;
		if (o->short_name) {
			shortopts[s++] = (char)o->short_name;
			if (o->arg)
				shortopts[s++] = ':';
		}
	}
	lo[n].name = "help";
	lo[n].val = 'h';
	shortopts[s++] = 'h';
	shortopts[s] = '\0';
	return lo;
}

static const struct da_option *by_short(const struct da_cmd *cmd, int c)
{
	size_t i;

	for (i = 0; cmd->options[i]; i++)
		if (cmd->options[i]->short_name == c)
			return cmd->options[i];
	return NULL;
}

int da_cmd_parse(const struct da_cmd *cmd, int argc, char **argv,
		 int (*on_opt)(const struct da_option *opt, const char *arg, void *ctx), void *ctx,
		 int *optind_out)
{
	size_t n = count_options(cmd);
	char shortopts[128];
	struct option *lo = build_longopts(cmd, n, shortopts);
	const struct da_option *o;
	int c, rc = 0;

	optind = 0; /* 0: glibc starts afresh, permutation state included */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		if (c == 'h') {
			da_cmd_help(cmd);
			rc = 1;
			goto out;
		}
		if (c == '?' || c == ':') {
			fprintf(stderr, "dockaudit %s: %s '%s'\nTry 'dockaudit %s --help'.\n",
				cmd->name, c == ':' ? "missing argument for" : "unknown option",
				argv[optind - 1], cmd->name);
			rc = -1;
			goto out;
		}
		o = c >= 256 ? cmd->options[c - 256] : by_short(cmd, c);
		if (!o || on_opt(o, optarg, ctx) < 0) {
			rc = -1;
			goto out;
		}
	}
	*optind_out = optind;
out:
	free(lo);
	return rc;
}
