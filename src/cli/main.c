/*
 * dockaudit: audit how well a Docker host is hardened. main() only finds the
 * subcommand in the table and hands over; each subcommand lives in its own
 * cmd_*.c file.
 */
#include "cli/cmd.h"

#include <curl/curl.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "Usage: dockaudit COMMAND [OPTION]...\n"
		     "Audit how well a Docker host is hardened, against XCCDF rule content.\n\n"
		     "Commands:\n");
	for (i = 0; da_cmd_table[i]; i++)
		fprintf(out, "  %-10s %s\n", da_cmd_table[i]->name, da_cmd_table[i]->summary);
	fprintf(out, "\nOptions:\n  -h, --help     show this help\n"
		     "  -V, --version  show the version\n\n"
		     "'dockaudit COMMAND --help' describes each command. See dockaudit(8).\n");
}

static const struct da_cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; da_cmd_table[i]; i++)
		if (strcmp(da_cmd_table[i]->name, name) == 0)
			return da_cmd_table[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct da_cmd *cmd;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return DA_EXIT_ERROR;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return DA_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("dockaudit %s\n", PACKAGE_VERSION);
		return DA_EXIT_OK;
	}
	cmd = find_cmd(argv[1]);
	if (!cmd) {
		fprintf(stderr, "dockaudit: unknown command '%s'\nTry 'dockaudit --help'.\n", argv[1]);
		return DA_EXIT_ERROR;
	}
	xmlInitParser();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmd->run(argc - 1, argv + 1);
	curl_global_cleanup();
	xmlCleanupParser();
	return rc;
}
