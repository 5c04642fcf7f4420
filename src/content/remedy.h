/*
 * Remediation directives: the body of a rule's <fix system="urn:dockaudit:fix:1">
 * (DA_FIX_SYSTEM) says what to change in one line of words, so that
 * `dockaudit fix` can write a playbook or a script for the subjects a
 * result found failing without reading shell. The directives:
 *
 *   daemon-json KEY JSON reload|restart [--FLAG]
 *       set KEY to the JSON value (written without blanks, quotes,
 *       backslashes or template delimiters such as {{) in the
 *       daemon's configuration file;
 *       "reload": a SIGHUP applies it, "restart": only a restart does.
 *       FLAG is dockerd's flag for the same setting (default --KEY): when
 *       dockerd gets the flag, the file must not set it too.
 *   file-owner USER:GROUP     the failing files' owner and group
 *   file-mode MODE            take from the failing files' modes every bit
 *                             MODE (octal, the most allowed) lacks
 *   audit-watch PERMS KEY     an audit watch "-w PATH -p PERMS -k KEY" on
 *                             each failing subject's path
 *   docker-update OPTION VALUE-ID
 *       `docker update OPTION V` on each failing container, V being the
 *       XCCDF Value VALUE-ID under the profile; OPTION is one of --memory,
 *       --cpu-shares, --pids-limit, --restart. The name after "_value_"
 *       (a-z first, then a-z, 0-9, _) names the variable that carries V in
 *       the playbook and the script.
 *   recreate TEXT             cannot be changed in place: the container must
 *                             be recreated TEXT ("without --privileged")
 */
#ifndef DA_REMEDY_H
#define DA_REMEDY_H

#include <stdbool.h>
#include <stddef.h>

enum da_remedy_kind {
	DA_REM_DAEMON_JSON,
	DA_REM_FILE_OWNER,
	DA_REM_FILE_MODE,
	DA_REM_AUDIT_WATCH,
	DA_REM_DOCKER_UPDATE,
	DA_REM_RECREATE,
};

struct da_remedy {
	enum da_remedy_kind kind;
	/* daemon-json: the key; file-owner: the user; audit-watch: the
	 * permissions; docker-update: the option ("--memory"); recreate: the
	 * text. */
	char *a;
	/* daemon-json: the value as JSON text; file-owner: the group;
	 * audit-watch: the key; docker-update: the Value id. NULL otherwise. */
	char *b;
	/* daemon-json: the dockerd flag ("--icc"). NULL otherwise. */
	char *flag;
	bool reload;   /* daemon-json: a SIGHUP applies it */
	unsigned mode; /* file-mode: the most allowed mode */
};

/* Parse TEXT, one directive (leading and trailing blanks ignored), into
 * OUT. 0, or -1 with a message of what is wrong in ERR (LEN bytes). */
int da_remedy_parse(const char *text, struct da_remedy *out, char *err, size_t len);
/* Free what R holds. NULL-safe. */
void da_remedy_clear(struct da_remedy *r);

#endif
