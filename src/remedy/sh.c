/*
 * The plan as a POSIX shell script: the same steps as the playbook, each
 * rule a function that compares before it changes; a failed fix is
 * reported and the rest carries on; a summary at the end. `--check` (or
 * DOCKAUDIT_CHECK=1) says what would change and changes nothing.
 */
#include "remedy/fix.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "report/util.h"

/* S single-quoted for sh. */
static void sq(FILE *o, const char *s)
{
	fputc('\'', o);
	for (s = s ? s : ""; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", o);
		else
			fputc(*s, o);
	}
	fputc('\'', o);
}

static void comment(FILE *o, const char *s)
{
	char *c = da_report_clean(s, DA_CLEAN_CONTROLS);

	fprintf(o, "# %s\n", c);
	free(c);
}

/* The functions every script carries. */
static const char *const lib[] = {
	"say() { printf '%s\\n' \"$*\"; }",
	"da_ok=0 da_changed=0 da_failed=0 da_now=0 da_reload=0 da_restart=0 da_audit_load=0",
	"changed() { da_now=1; }",
	"",
	"# run_fix TITLE FUNCTION: run one rule's fix, count it, carry on when it fails.",
	"run_fix() {",
	"\tda_now=0",
	"\tsay \"== $1\"",
	"\tif \"$2\"; then",
	"\t\tif [ \"$da_now\" = 1 ]; then",
	"\t\t\tda_changed=$((da_changed + 1)); say \"   changed\"",
	"\t\telse",
	"\t\t\tda_ok=$((da_ok + 1)); say \"   ok\"",
	"\t\tfi",
	"\telse",
	"\t\tda_failed=$((da_failed + 1)); say \"   FAILED; carrying on\"",
	"\tfi",
	"}",
	"",
	"# The running dockerd: its pid, its arguments one a line, its flags and",
	"# configuration file.",
	"dockerd_pid=${DOCKAUDIT_DOCKERD_PID:-}",
	"[ -n \"$dockerd_pid\" ] || dockerd_pid=$(pgrep -o -x dockerd 2>/dev/null) || dockerd_pid=",
	"da_args() { [ -n \"$dockerd_pid\" ] && tr '\\000' '\\n' < \"/proc/$dockerd_pid/cmdline\"; }",
	"da_has_flag() { da_args | grep -q -e \"^$1\\$\" -e \"^$1=\"; }",
	"da_config_file() {",
	"\tif [ -n \"${DOCKAUDIT_DAEMON_JSON:-}\" ]; then say \"$DOCKAUDIT_DAEMON_JSON\"; return 0; fi",
	"\tda_c=$(da_args | awk 'p { print; exit } /^--config-file=/ { print substr($0, 15); exit } $0 == \"--config-file\" { p = 1 }')",
	"\tsay \"${da_c:-/etc/docker/daemon.json}\"",
	"}",
	"",
	"# da_json has|set FILE KEY JSON: whether FILE (a missing or blank file is {})",
	"# has KEY equal to JSON (0 yes, 1 no); or FILE with KEY set, every other key",
	"# kept, on stdout. jq, else python3; 2 when neither is installed.",
	"da_json() {",
	"\tif command -v jq >/dev/null 2>&1; then",
	"\t\tif [ \"$1\" = has ]; then",
	"\t\t\tda_doc \"$2\" | jq -e --arg k \"$3\" --argjson v \"$4\" '.[$k] == $v' >/dev/null",
	"\t\telse",
	"\t\t\tda_doc \"$2\" | jq --arg k \"$3\" --argjson v \"$4\" '.[$k] = $v'",
	"\t\tfi",
	"\telif command -v python3 >/dev/null 2>&1; then",
	"\t\tda_doc \"$2\" | python3 -c 'import json, sys",
	"op, k, v = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])",
	"d = json.loads(sys.stdin.read())",
	"if op == \"has\":",
	"    sys.exit(0 if k in d and json.dumps(d[k], sort_keys=True) == json.dumps(v, sort_keys=True) else 1)",
	"d[k] = v",
	"print(json.dumps(d, indent=2))' \"$1\" \"$3\" \"$4\"",
	"\telse",
	"\t\tsay \"   neither jq nor python3 is installed: $2 cannot be edited as JSON\" >&2",
	"\t\treturn 2",
	"\tfi",
	"}",
	"da_doc() { if grep -q '[^[:space:]]' \"$1\" 2>/dev/null; then cat \"$1\"; else say '{}'; fi; }",
	"",
	"# da_daemon_json KEY JSON FLAG reload|restart",
	"da_daemon_json() {",
	"\tif [ -z \"$dockerd_pid\" ] || [ ! -r \"/proc/$dockerd_pid/cmdline\" ]; then",
	"\t\tsay \"   no running dockerd was found (pgrep -x dockerd): start it or set DOCKAUDIT_DOCKERD_PID\"",
	"\t\treturn 1",
	"\tfi",
	"\tif da_has_flag \"$3\"; then",
	"\t\tsay \"   dockerd is started with $3, so $1 is not set in its configuration file (dockerd\"",
	"\t\tsay \"   refuses a setting given in both places): change the flag where dockerd is started,\"",
	"\t\tsay \"   for example in a drop-in made with systemctl edit docker.service\"",
	"\t\treturn 0",
	"\tfi",
	"\tda_f=$root$(da_config_file)",
	"\tda_json has \"$da_f\" \"$1\" \"$2\"",
	"\tcase $? in 0) return 0 ;; 1) ;; *) return 1 ;; esac",
	"\tda_tmp=$(mktemp) || return 1",
	"\tif ! da_json set \"$da_f\" \"$1\" \"$2\" > \"$da_tmp\" || ! da_validate \"$da_tmp\"; then",
	"\t\tsay \"   $da_f could not be merged into a valid configuration: left as it was\"",
	"\t\trm -f \"$da_tmp\"",
	"\t\treturn 1",
	"\tfi",
	"\tif [ \"$check\" = 1 ]; then",
	"\t\tsay \"   would set $1 to $2 in $da_f\"",
	"\t\trm -f \"$da_tmp\"",
	"\t\tchanged",
	"\t\treturn 0",
	"\tfi",
	"\tif [ -e \"$da_f\" ]; then",
	"\t\tda_bak=\"$da_f.$(date +%Y%m%dT%H%M%S).bak\"",
	"\t\tcp -p \"$da_f\" \"$da_bak\" || { rm -f \"$da_tmp\"; return 1; }",
	"\t\tsay \"   backed up $da_f to $da_bak\"",
	"\tfi",
	"\tif ! { mkdir -p \"$(dirname \"$da_f\")\" && cp \"$da_tmp\" \"$da_f.new\" &&",
	"\t\tchmod 0644 \"$da_f.new\" && mv -f \"$da_f.new\" \"$da_f\"; }; then",
	"\t\trm -f \"$da_tmp\" \"$da_f.new\"",
	"\t\treturn 1",
	"\tfi",
	"\trm -f \"$da_tmp\"",
	"\tsay \"   set $1 to $2 in $da_f\"",
	"\tif [ \"$4\" = reload ]; then da_reload=1; else da_restart=1; fi",
	"\tchanged",
	"}",
	"",
	"# da_file_mode PATH MAXMODE: take away the bits MAXMODE lacks.",
	"da_file_mode() {",
	"\tda_p=$root$1",
	"\tda_cur=$(stat -L -c %a \"$da_p\") || return 1",
	"\tda_want=$(printf '%o' $((0$da_cur & 0$2)))",
	"\t[ \"$da_cur\" = \"$da_want\" ] && return 0",
	"\tif [ \"$check\" = 1 ]; then say \"   would chmod $da_want $da_p (now $da_cur)\"; else",
	"\t\tchmod \"$da_want\" \"$da_p\" || return 1",
	"\t\tsay \"   chmod $da_want $da_p (was $da_cur)\"",
	"\tfi",
	"\tchanged",
	"}",
	"",
	"# da_file_owner PATH USER:GROUP",
	"da_file_owner() {",
	"\tda_p=$root$1",
	"\tda_cur=$(stat -L -c %U:%G \"$da_p\") || return 1",
	"\t[ \"$da_cur\" = \"$2\" ] && return 0",
	"\tif [ \"$check\" = 1 ]; then say \"   would chown $2 $da_p (now $da_cur)\"; else",
	"\t\tchown \"$2\" \"$da_p\" || return 1",
	"\t\tsay \"   chown $2 $da_p (was $da_cur)\"",
	"\tfi",
	"\tchanged",
	"}",
	"",
	"# da_audit_watch PATH PERMS KEY",
	"da_audit_watch() {",
	"\tda_f=$root/etc/audit/rules.d/docker.rules",
	"\tda_line=\"-w $1 -p $2 -k $3\"",
	"\tgrep -qxF -- \"$da_line\" \"$da_f\" 2>/dev/null && return 0",
	"\tif [ \"$check\" = 1 ]; then say \"   would add '$da_line' to $da_f\"; else",
	"\t\tif ! { mkdir -p \"$(dirname \"$da_f\")\" && printf '%s\\n' \"$da_line\" >> \"$da_f\" && chmod 0640 \"$da_f\"; }; then",
	"\t\t\treturn 1",
	"\t\tfi",
	"\t\tsay \"   added '$da_line' to $da_f\"",
	"\t\tda_audit_load=1",
	"\tfi",
	"\tchanged",
	"}",
	"",
	"# da_bytes SIZE: 512m as bytes.",
	"da_bytes() {",
	"\tda_n=${1%[bBkKmMgG]}",
	"\tcase $1 in",
	"\t*[kK]) echo $((da_n * 1024)) ;;",
	"\t*[mM]) echo $((da_n * 1024 * 1024)) ;;",
	"\t*[gG]) echo $((da_n * 1024 * 1024 * 1024)) ;;",
	"\t*) echo \"$da_n\" ;;",
	"\tesac",
	"}",
	"",
	"# da_update ID NAME OPTION VALUE: docker update OPTION VALUE, unless the",
	"# container already has it.",
	"da_update() {",
	"\tcase $3 in",
	"\t--memory) da_fmt='{{.HostConfig.Memory}}' da_want=$(da_bytes \"$4\") ;;",
	"\t--cpu-shares) da_fmt='{{.HostConfig.CpuShares}}' da_want=$4 ;;",
	"\t--pids-limit) da_fmt='{{.HostConfig.PidsLimit}}' da_want=$4 ;;",
	"\t*) da_fmt='{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}'",
	"\t   case $4 in *:*) da_want=$4 ;; *) da_want=$4:0 ;; esac ;;",
	"\tesac",
	"\tda_cur=$(\"$da_docker\" inspect --type container --format \"$da_fmt\" \"$1\") || return 1",
	"\t[ \"$da_cur\" = \"$da_want\" ] && return 0",
	"\tif [ \"$check\" = 1 ]; then say \"   would run: docker update $3 $4 $2 (now $da_cur)\"; else",
	"\t\tif [ \"$3\" = --memory ]; then",
	"\t\t\t# Docker refuses a memory limit above the swap limit: both, swap twice",
	"\t\t\t# the memory as docker run sets it.",
	"\t\t\t\"$da_docker\" update --memory \"$4\" --memory-swap $((da_want * 2)) \"$1\" >/dev/null || return 1",
	"\t\telse",
	"\t\t\t\"$da_docker\" update \"$3\" \"$4\" \"$1\" >/dev/null || return 1",
	"\t\tfi",
	"\t\tsay \"   docker update $3 $4 $2 (was $da_cur)\"",
	"\tfi",
	"\tchanged",
	"}",
	NULL,
};

static void step_fn(FILE *o, const struct da_fix_step *st, const struct da_fix_plan *p)
{
	char cis[32], *title;
	size_t i;

	(void)p;
	fprintf(o, "fix_%zu() {\n", (size_t)(st - p->steps));
	switch (st->rem.kind) {
	case DA_REM_DAEMON_JSON:
		fprintf(o, "\tda_daemon_json ");
		sq(o, st->rem.a);
		fputc(' ', o);
		sq(o, st->rem.b);
		fputc(' ', o);
		sq(o, st->rem.flag);
		fprintf(o, " %s\n", st->rem.reload ? "reload" : "restart");
		break;
	case DA_REM_FILE_MODE:
	case DA_REM_FILE_OWNER:
	case DA_REM_AUDIT_WATCH:
		fprintf(o, "\tda_rc=0\n");
		for (i = 0; i < st->n_subj; i++) {
			if (st->rem.kind == DA_REM_FILE_MODE)
				fprintf(o, "\tda_file_mode ");
			else if (st->rem.kind == DA_REM_FILE_OWNER)
				fprintf(o, "\tda_file_owner ");
			else
				fprintf(o, "\tda_audit_watch ");
			sq(o, st->subj[i].name);
			if (st->rem.kind == DA_REM_FILE_MODE)
				fprintf(o, " %04o", st->rem.mode);
			else if (st->rem.kind == DA_REM_FILE_OWNER)
				fprintf(o, " %s:%s", st->rem.a, st->rem.b);
			else
				fprintf(o, " %s %s", st->rem.a, st->rem.b);
			fprintf(o, " || da_rc=1\n");
		}
		fprintf(o, "\treturn $da_rc\n");
		break;
	case DA_REM_DOCKER_UPDATE:
		fprintf(o, "\tda_rc=0\n");
		for (i = 0; i < st->n_subj; i++) {
			fprintf(o, "\tda_update ");
			sq(o, st->subj[i].id);
			fputc(' ', o);
			sq(o, st->subj[i].name);
			fprintf(o, " %s \"$%s\" || da_rc=1\n", st->rem.a,
				st->var);
		}
		fprintf(o, "\treturn $da_rc\n");
		break;
	case DA_REM_RECREATE:
		break;
	}
	fprintf(o, "}\n");
	title = da_xasprintf("%s%s: %s", da_fix_cis(st, cis, sizeof(cis)), st->slug,
			     st->rr->item->title);
	fprintf(o, "run_fix ");
	{
		char *c = da_report_clean(title, DA_CLEAN_CONTROLS);

		sq(o, c);
		free(c);
	}
	fprintf(o, " fix_%zu\n\n", (size_t)(st - p->steps));
	free(title);
}

int da_fix_write_sh(const struct da_fix_plan *p, FILE *o)
{
	const json_t *f = p->saved->results->facts;
	const char *dh = json_string_value(json_object_get(json_object_get(f, "daemon"), "host"));
	const char *ver = json_string_value(json_object_get(
		json_object_get(json_object_get(f, "daemon"), "version"), "Version"));
	size_t n, i, j;
	char **h = da_fix_header(p, &n);

	/* The version goes into a comment: a line break in it would end it. */
	if (ver && !da_fix_plain(ver))
		ver = NULL;

	fprintf(o, "#!/bin/sh\n");
	for (i = 0; i < n; i++) {
		comment(o, h[i]);
		free(h[i]);
	}
	free(h);
	fprintf(o, "#\n# Try it first: sh fix.sh --check (says what would change, changes nothing).\n"
		   "# It changes only what the result found failing; containers are never stopped\n"
		   "# or recreated. Environment: DOCKAUDIT_ROOT (a prefix to every host path),\n"
		   "# DOCKAUDIT_DOCKERD_PID, DOCKAUDIT_DAEMON_JSON, DOCKAUDIT_RESTART_DOCKER=1 and\n"
		   "# DOCKAUDIT_RESTART_COMMAND, DOCKAUDIT_DOCKER, DOCKER_HOST, and the values below.\n");
	if (p->n_manual) {
		fprintf(o, "#\n# Left to a person (this script does not do these):\n");
		for (i = 0; i < p->n_manual; i++)
			comment(o, p->manual[i]);
	}
	fprintf(o, "set -u\n\n"
		   "check=${DOCKAUDIT_CHECK:-0}\n"
		   "case ${1:-} in\n"
		   "--check) check=1 ;;\n"
		   "'') ;;\n"
		   "*) echo \"usage: $0 [--check]\" >&2; exit 1 ;;\n"
		   "esac\n"
		   "root=${DOCKAUDIT_ROOT:-}\n"
		   "da_docker=${DOCKAUDIT_DOCKER:-docker}\n");
	fprintf(o, "DOCKER_HOST=${DOCKER_HOST:-");
	sq(o, dh && da_fix_plain(dh) ? dh : "unix:///var/run/docker.sock");
	fprintf(o, "}\nexport DOCKER_HOST\n");
	for (i = 0; i < p->n_values; i++) {
		const char *var = p->values[i].var;
		char up[128];

		for (j = 0; var[j] && j < sizeof(up) - 1; j++)
			up[j] = (char)(var[j] >= 'a' && var[j] <= 'z' ? var[j] - 'a' + 'A' : var[j]);
		up[j] = '\0';
		fprintf(o, "%s=${DOCKAUDIT_%s:-", var, up);
		sq(o, p->values[i].value);
		fprintf(o, "}\n");
	}
	fputc('\n', o);
	for (i = 0; lib[i]; i++)
		fprintf(o, "%s\n", lib[i]);
	if (ver && atoi(ver) >= 23)
		fprintf(o, "da_validate() { dockerd --validate --config-file \"$1\" >/dev/null; }\n\n");
	else
		fprintf(o, "# dockerd %s has no --validate: the new file is checked to be JSON.\n"
			   "da_validate() {\n"
			   "\tif command -v jq >/dev/null 2>&1; then jq empty \"$1\" >/dev/null 2>&1\n"
			   "\telse python3 -m json.tool \"$1\" >/dev/null 2>&1; fi\n"
			   "}\n\n",
			ver ? ver : "(version unknown)");
	for (i = 0; i < p->n_steps; i++)
		step_fn(o, &p->steps[i], p);
	fprintf(o, "if [ \"$da_reload\" = 1 ]; then\n"
		   "\tif kill -s HUP \"$dockerd_pid\"; then say \"Reloaded dockerd (SIGHUP to $dockerd_pid).\"; else da_failed=$((da_failed + 1)); fi\n"
		   "fi\n"
		   "if [ \"$da_restart\" = 1 ]; then\n"
		   "\tif [ \"${DOCKAUDIT_RESTART_DOCKER:-0}\" = 1 ]; then\n"
		   "\t\t${DOCKAUDIT_RESTART_COMMAND:-systemctl restart docker.service} || da_failed=$((da_failed + 1))\n"
		   "\telse\n"
		   "\t\tsay ");
	{
		char *t = da_xasprintf("dockerd was not restarted (DOCKAUDIT_RESTART_DOCKER is not 1): %s take effect at its next restart.",
				       p->restart_keys ? p->restart_keys : "the settings written");

		sq(o, t);
		free(t);
	}
	fprintf(o, "\n\tfi\nfi\n"
		   "if [ \"$da_audit_load\" = 1 ] && [ -z \"$root\" ]; then\n"
		   "\tif command -v augenrules >/dev/null 2>&1; then augenrules --load || da_failed=$((da_failed + 1))\n"
		   "\telse say 'augenrules was not found: install auditd (apt-get install auditd) and run augenrules --load.'; fi\n"
		   "fi\n");
	if (p->n_manual) {
		fprintf(o, "say 'Left to a person (not done by this script):'\n");
		for (i = 0; i < p->n_manual; i++) {
			char *c = da_report_clean(p->manual[i], DA_CLEAN_CONTROLS);

			fprintf(o, "say ");
			sq(o, c);
			fputc('\n', o);
			free(c);
		}
	}
	fprintf(o, "say \"dockaudit fix: ok=$da_ok changed=$da_changed failed=$da_failed needs-a-person=%zu\"\n"
		   "[ \"$da_failed\" = 0 ]\n",
		p->n_manual);
	return 0;
}
