/*
 * The plan as an Ansible playbook (ansible.builtin modules only, so a bare
 * ansible-core runs it). One block per failing rule, its subjects as loop
 * data (tagged !unsafe: a container name or a path is never templated), a
 * rescue that reports a failed fix and carries on. Every step compares
 * before it changes, so --check shows what would change and a second run
 * changes nothing; a setting dockerd gets as a flag is reported, not
 * written to daemon.json too.
 */
#include "remedy/fix.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "report/util.h"

/* S as a YAML double-quoted scalar (control characters escaped). */
static void yq(FILE *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', o);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(o, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(o, "\\x%02x", *p);
		else
			fputc(*p, o);
	}
	fputc('"', o);
}

/* Lines are kept under yamllint's (ansible-lint's) 160 columns. */
#define WRAP 120

/* The length of the next piece of S to put on a line that has ROOM
 * columns left: up to the last blank that fits, else to the first blank
 * (a word longer than a line is not split). */
static size_t piece(const char *s, size_t room)
{
	size_t n = strlen(s), k;

	if (n <= room)
		return n;
	for (k = room; k > 0 && s[k] != ' '; k--)
		;
	if (k == 0)
		k = strcspn(s, " ");
	return k;
}

/* S as a YAML double-quoted scalar over as many lines as it needs, the
 * continuation lines indented by INDENT: a line break in a double-quoted
 * scalar folds into one blank, so breaking at a blank changes nothing. */
static void yq_wrapped(FILE *o, const char *s, const char *indent)
{
	char *c = da_report_clean(s, DA_CLEAN_CONTROLS), *p = c;
	size_t k;

	fputc('"', o);
	while (*p) {
		k = piece(p, WRAP);
		for (; k; k--, p++) {
			if (*p == '"' || *p == '\\')
				fputc('\\', o);
			fputc(*p, o);
		}
		if (*p == ' ') {
			p += strspn(p, " ");
			if (*p)
				fprintf(o, "\n%s", indent);
			else
				fputs("\\ ", o); /* a trailing blank kept */
		}
	}
	fputc('"', o);
	free(c);
}

/* S as a Jinja single-quoted string literal, into a new string. */
static char *jlit(const char *s)
{
	size_t n = strlen(s), k = 0;
	char *out = da_xcalloc(2 * n + 3, 1);

	out[k++] = '\'';
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			out[k++] = '\\';
		out[k++] = *s;
	}
	out[k++] = '\'';
	return out;
}

/* A comment, wrapped, cleaned of control characters. */
static void comment(FILE *o, const char *indent, const char *s)
{
	char *c = da_report_clean(s, DA_CLEAN_CONTROLS), *p = c;
	size_t k;
	bool first = true;

	while (*p || first) {
		k = piece(p, WRAP);
		fprintf(o, "%s#%s %.*s\n", indent, first ? "" : "  ", (int)k, p);
		p += k;
		p += strspn(p, " ");
		first = false;
	}
	free(c);
}

static void task_name(FILE *o, const char *indent, const struct da_fix_step *st, const char *what)
{
	char cis[32], *t;

	t = da_xasprintf("%s%s: %s", da_fix_cis(st, cis, sizeof(cis)), st->slug, what);
	fprintf(o, "%s- name: ", indent);
	yq(o, t);
	fputc('\n', o);
	free(t);
}

static void rescue(FILE *o, const struct da_fix_step *st)
{
	fprintf(o, "      rescue:\n"
		   "        - name: Report that the fix for %s failed\n"
		   "          ansible.builtin.debug:\n"
		   "            msg: \"The fix for %s failed and the rest carries on: {{ ansible_failed_result.msg | default('see above') }}\"\n",
		st->slug, st->slug);
}

static void loop_paths(FILE *o, const char *indent, const struct da_fix_step *st)
{
	size_t i;

	fprintf(o, "%sloop:\n", indent);
	for (i = 0; i < st->n_subj; i++) {
		fprintf(o, "%s  - !unsafe ", indent);
		yq(o, st->subj[i].name);
		fputc('\n', o);
	}
}

/* KEY: VALUE with VALUE a YAML double-quoted scalar of TEXT. */
static void kv(FILE *o, const char *indent, const char *key, const char *text)
{
	fprintf(o, "%s%s: ", indent, key);
	yq(o, text);
	fputc('\n', o);
}

static void daemon_json(FILE *o, const struct da_fix_step *st)
{
	char *key = jlit(st->rem.a), *val = jlit(st->rem.b), *flag = jlit(st->rem.flag), *t;
	char *flagged = da_xasprintf("dockaudit_args | select('match', %s ~ '(=|$)') | list | length > 0", flag);
	char *unflagged = da_xasprintf("dockaudit_args | select('match', %s ~ '(=|$)') | list | length == 0", flag);
	char *want = da_xasprintf("{{ {%s: (%s | from_json)} }}", key, val);

	t = da_xasprintf("%s=%s in the daemon configuration", st->rem.a, st->rem.b);
	task_name(o, "    ", st, t);
	free(t);
	fprintf(o, "      block:\n");
	fprintf(o, "        - name: Stop this fix when dockerd cannot be found\n"
		   "          ansible.builtin.fail:\n"
		   "            msg: >-\n"
		   "              No running dockerd was found (pgrep -x dockerd): start it, or set\n"
		   "              dockaudit_dockerd_pid, so its flags and configuration file are known.\n"
		   "          when: dockaudit_cmdline.content is not defined\n");
	fprintf(o, "        - name: Report that dockerd gets %s as a flag\n", st->rem.flag);
	fprintf(o, "          ansible.builtin.debug:\n");
	fprintf(o, "            msg: >-\n"
		   "              dockerd is started with %s, so %s is not set in\n"
		   "              {{ dockaudit_config }} (dockerd refuses a setting given in both places):\n"
		   "              change the flag where dockerd is started, for example in a drop-in\n"
		   "              made with systemctl edit docker.service.\n",
		st->rem.flag, st->rem.a);
	kv(o, "          ", "when", flagged);
	fprintf(o, "        - name: Read the daemon configuration for %s\n", st->rem.a);
	fprintf(o, "          ansible.builtin.slurp:\n"
		   "            src: \"{{ dockaudit_root }}{{ dockaudit_config }}\"\n"
		   "          register: dockaudit_cfg\n"
		   "          failed_when: false\n");
	kv(o, "          ", "when", unflagged);
	fprintf(o, "        - name: Set %s in the daemon configuration, keeping every other key\n", st->rem.a);
	fprintf(o, "          ansible.builtin.copy:\n"
		   "            dest: \"{{ dockaudit_root }}{{ dockaudit_config }}\"\n"
		   "            content: \"{{ dockaudit_now | combine(dockaudit_want) | to_nice_json(indent=2) }}\\n\"\n"
		   "            owner: root\n"
		   "            group: root\n"
		   "            mode: \"0644\"\n"
		   "            backup: true\n"
		   "            validate: \"{{ dockaudit_validate_command }}\"\n");
	fprintf(o, "          vars:\n"
		   "            dockaudit_now: \"{{ ((dockaudit_cfg.content | default('') | b64decode | trim) or '{}') | from_json }}\"\n");
	kv(o, "            ", "dockaudit_want", want);
	fprintf(o, "          when:\n            - ");
	yq(o, unflagged);
	fprintf(o, "\n            - dockaudit_now | combine(dockaudit_want) != dockaudit_now\n");
	fprintf(o, "          notify: %s\n", st->rem.reload ? "Reload dockerd" : "Restart dockerd");
	rescue(o, st);
	free(key);
	free(val);
	free(flag);
	free(flagged);
	free(unflagged);
	free(want);
}

/* The symbolic mode that takes away every bit MAX lacks: "u-x,g-wx,o-wx". */
static void mode_removal(unsigned max, char *buf, size_t len)
{
	static const char cls[3] = { 'u', 'g', 'o' };
	size_t k = 0;
	int c;

	buf[0] = '\0';
	for (c = 0; c < 3; c++) {
		unsigned bits = (max >> (6 - 3 * c)) & 7;
		char rm[8];
		size_t n = 0;

		if (!(bits & 4))
			rm[n++] = 'r';
		if (!(bits & 2))
			rm[n++] = 'w';
		if (!(bits & 1))
			rm[n++] = 'x';
		if (c < 2 && !(max & (c == 0 ? 04000 : 02000)))
			rm[n++] = 's';
		if (c == 2 && !(max & 01000))
			rm[n++] = 't';
		rm[n] = '\0';
		if (n)
			k += (size_t)snprintf(buf + k, len - k, "%s%c-%s", k ? "," : "", cls[c], rm);
	}
}

static void file_step(FILE *o, const struct da_fix_step *st)
{
	char mode[64], *t;

	if (st->rem.kind == DA_REM_FILE_MODE) {
		mode_removal(st->rem.mode, mode, sizeof(mode));
		t = da_xasprintf("mode at most %04o (chmod %s)", st->rem.mode, mode);
	} else {
		t = da_xasprintf("owned by %s:%s", st->rem.a, st->rem.b);
	}
	task_name(o, "    ", st, t);
	free(t);
	fprintf(o, "      block:\n        - name: ");
	t = da_xasprintf("Make %zu path%s %s", st->n_subj, st->n_subj == 1 ? "" : "s",
			 st->rem.kind == DA_REM_FILE_MODE ? "no more open than allowed" : "owned as required");
	yq(o, t);
	free(t);
	fprintf(o, "\n          ansible.builtin.file:\n"
		   "            path: \"{{ dockaudit_root }}{{ item }}\"\n");
	if (st->rem.kind == DA_REM_FILE_MODE)
		fprintf(o, "            mode: \"%s\"\n", mode);
	else
		fprintf(o, "            owner: \"%s\"\n            group: \"%s\"\n", st->rem.a, st->rem.b);
	loop_paths(o, "          ", st);
	rescue(o, st);
}

static void audit_step(FILE *o, const struct da_fix_step *st)
{
	char *t = da_xasprintf("audit watch (-p %s -k %s)", st->rem.a, st->rem.b);

	task_name(o, "    ", st, t);
	free(t);
	fprintf(o, "      block:\n"
		   "        - name: Add the audit watch to the rules auditd loads at boot\n"
		   "          ansible.builtin.lineinfile:\n"
		   "            path: \"{{ dockaudit_root }}/etc/audit/rules.d/docker.rules\"\n"
		   "            line: \"-w {{ item }} -p %s -k %s\"\n"
		   "            create: true\n"
		   "            owner: root\n"
		   "            group: root\n"
		   "            mode: \"0640\"\n",
		st->rem.a, st->rem.b);
	loop_paths(o, "          ", st);
	fprintf(o, "          notify: Load the audit rules\n");
	rescue(o, st);
}

/* What docker inspect says now (over `hc`, its HostConfig) and what the
 * fix sets, both as text: the update runs where they differ. */
static void now_want(FILE *o, const char *indent, const char *opt)
{
	const char *now, *want;

	if (!strcmp(opt, "--memory")) {
		now = "{{ hc.Memory | default(0, true) | int }}";
		want = "{{ dockaudit_value | human_to_bytes }}";
	} else if (!strcmp(opt, "--cpu-shares")) {
		now = "{{ hc.CpuShares | default(0, true) | int }}";
		want = "{{ dockaudit_value | int }}";
	} else if (!strcmp(opt, "--pids-limit")) {
		now = "{{ hc.PidsLimit | default(0, true) | int }}";
		want = "{{ dockaudit_value | int }}";
	} else {
		now = "{{ hc.RestartPolicy.Name }}:{{ hc.RestartPolicy.MaximumRetryCount }}";
		want = "{{ dockaudit_value if ':' in dockaudit_value else dockaudit_value ~ ':0' }}";
	}
	fprintf(o, "%svars:\n"
		   "%s  hc: \"{{ item.stdout | from_json }}\"\n"
		   "%s  dockaudit_now: \"%s\"\n"
		   "%s  dockaudit_want: \"%s\"\n",
		indent, indent, indent, now, indent, want);
	if (!strcmp(opt, "--memory"))
		fprintf(o, "%s  dockaudit_swap: \"{{ ((dockaudit_value | human_to_bytes) * 2) | string }}\"\n", indent);
}

static void update_step(FILE *o, const struct da_fix_step *st, size_t idx)
{
	char *t = da_xasprintf("docker update %s on %zu container%s", st->rem.a, st->n_subj,
			       st->n_subj == 1 ? "" : "s");
	const char *var = st->var;
	size_t i;

	task_name(o, "    ", st, t);
	free(t);
	fprintf(o, "      vars:\n        dockaudit_value: \"{{ dockaudit_%s }}\"\n", var);
	fprintf(o, "      block:\n"
		   "        - name: Read the containers' settings (%s)\n"
		   "          ansible.builtin.command:\n"
		   "            argv: [\"{{ dockaudit_docker }}\", inspect, --type, container, --format, \"{%% raw %%}{{json .HostConfig}}{%% endraw %%}\", \"{{ item.id }}\"]\n"
		   "          environment:\n"
		   "            DOCKER_HOST: \"{{ dockaudit_docker_host }}\"\n"
		   "          register: dockaudit_inspect_%zu\n"
		   "          changed_when: false\n"
		   "          check_mode: false\n"
		   "          loop:\n",
		st->slug, idx);
	for (i = 0; i < st->n_subj; i++) {
		fprintf(o, "            - name: !unsafe ");
		yq(o, st->subj[i].name);
		fprintf(o, "\n              id: !unsafe ");
		yq(o, st->subj[i].id);
		fputc('\n', o);
	}
	fprintf(o, "          loop_control:\n"
		   "            label: \"{{ item.name }}\"\n");
	fprintf(o, "        - name: Report what docker update %s would change\n"
		   "          ansible.builtin.debug:\n"
		   "            msg: \"would run: docker update %s {{ dockaudit_value }} {{ item.item.name }}\"\n"
		   "          changed_when: true\n"
		   "          when: ansible_check_mode and dockaudit_now != dockaudit_want\n"
		   "          loop: \"{{ dockaudit_inspect_%zu.results }}\"\n"
		   "          loop_control:\n"
		   "            label: \"{{ item.item.name }}\"\n",
		st->rem.a, st->rem.a, idx);
	now_want(o, "          ", st->rem.a);
	fprintf(o, "        - name: Run docker update %s\n"
		   "          ansible.builtin.command:\n"
		   "            argv: \"{{ [dockaudit_docker, 'update', '%s', dockaudit_value] + %s + [item.item.id] }}\"\n"
		   "          environment:\n"
		   "            DOCKER_HOST: \"{{ dockaudit_docker_host }}\"\n"
		   "          changed_when: true\n"
		   "          when: not ansible_check_mode and dockaudit_now != dockaudit_want\n"
		   "          loop: \"{{ dockaudit_inspect_%zu.results }}\"\n"
		   "          loop_control:\n"
		   "            label: \"{{ item.item.name }}\"\n",
		st->rem.a, st->rem.a,
		/* Docker refuses a memory limit above the swap limit it has:
		 * memory and swap together, swap twice the memory as docker run
		 * sets it. */
		!strcmp(st->rem.a, "--memory") ? "['--memory-swap', dockaudit_swap]" : "[]",
		idx);
	now_want(o, "          ", st->rem.a);
	rescue(o, st);
}

static void vars(FILE *o, const struct da_fix_plan *p)
{
	const json_t *f = p->saved->results->facts;
	const char *dh = json_string_value(json_object_get(json_object_get(f, "daemon"), "host"));
	const char *ver = json_string_value(json_object_get(
		json_object_get(json_object_get(f, "daemon"), "version"), "Version"));
	size_t i;

	/* The version goes into a comment: a line break in it would end it. */
	if (ver && !da_fix_plain(ver))
		ver = NULL;

	fprintf(o, "  vars:\n"
		   "    # A prefix to every host path: the --root the audit ran with, if any.\n"
		   "    dockaudit_root: \"\"\n");
	if (p->daemon_json) {
		fprintf(o, "    # Restart dockerd when a setting only a restart applies was written.\n"
			   "    dockaudit_restart_docker: false\n"
			   "    dockaudit_restart_command: systemctl restart docker.service\n"
			   "    # The dockerd to read and reload; empty: the oldest process named dockerd.\n"
			   "    dockaudit_dockerd_pid: \"\"\n"
			   "    # Its configuration file; empty: its --config-file, else /etc/docker/daemon.json.\n"
			   "    dockaudit_daemon_json: \"\"\n"
			   "    # Checks a new daemon.json before it replaces the old one (%%s is the new file).\n");
		if (ver && atoi(ver) >= 23)
			fprintf(o, "    dockaudit_validate_command: dockerd --validate --config-file %%s\n");
		else
			fprintf(o, "    # dockerd %s has no --validate: the file is checked to be JSON.\n"
				   "    dockaudit_validate_command: python3 -m json.tool %%s\n",
				ver ? ver : "(version unknown)");
	}
	if (p->containers) {
		fprintf(o, "    # How docker reaches the daemon the audit ran against.\n"
			   "    dockaudit_docker: docker\n"
			   "    dockaudit_docker_host: !unsafe ");
		yq(o, dh && da_fix_plain(dh) ? dh : "unix:///var/run/docker.sock");
		fprintf(o, "\n    # What docker update sets (the benchmark's Values under the profile).\n");
		for (i = 0; i < p->n_values; i++) {
			fprintf(o, "    dockaudit_%s: ", p->values[i].var);
			yq(o, p->values[i].value);
			fputc('\n', o);
		}
	}
}

static void handlers(FILE *o, const struct da_fix_plan *p)
{
	if (!p->daemon_json && !p->audit)
		return;
	fprintf(o, "  handlers:\n");
	if (p->daemon_json) {
		fprintf(o, "    - name: Reload dockerd\n"
			   "      ansible.builtin.command:\n"
			   "        argv: [kill, -s, HUP, \"{{ dockaudit_pid }}\"]\n"
			   "      changed_when: true\n"
			   "    - name: Restart dockerd\n"
			   "      ansible.builtin.command: \"{{ dockaudit_restart_command }}\"\n"
			   "      changed_when: true\n"
			   "      when: dockaudit_restart_docker | bool\n"
			   "    - name: Report the settings that wait for a restart of dockerd\n"
			   "      ansible.builtin.debug:\n"
			   "        msg: >-\n"
			   "          dockerd was not restarted (dockaudit_restart_docker is false):\n"
			   "          %s take effect at its next restart.\n"
			   "      listen: Restart dockerd\n"
			   "      when: not (dockaudit_restart_docker | bool)\n",
			p->restart_keys ? p->restart_keys : "the settings written");
	}
	if (p->audit)
		fprintf(o, "    - name: Load the audit rules\n"
			   "      ansible.builtin.command: augenrules --load\n"
			   "      changed_when: true\n"
			   "      when:\n"
			   "        - dockaudit_augenrules.stat.exists | default(false)\n"
			   "        - dockaudit_root in ['', '/']\n"
			   "    - name: Report that auditd is missing\n"
			   "      ansible.builtin.debug:\n"
			   "        msg: >-\n"
			   "          augenrules was not found: install auditd (apt-get install auditd,\n"
			   "          dnf install audit) and run augenrules --load to apply the watches.\n"
			   "      listen: Load the audit rules\n"
			   "      when: not (dockaudit_augenrules.stat.exists | default(false))\n");
}

static void prelude(FILE *o, const struct da_fix_plan *p)
{
	if (p->daemon_json)
		fprintf(o, "    - name: Find the running dockerd\n"
			   "      ansible.builtin.command: pgrep -o -x dockerd\n"
			   "      register: dockaudit_pgrep\n"
			   "      changed_when: false\n"
			   "      failed_when: false\n"
			   "      check_mode: false\n"
			   "      when: not dockaudit_dockerd_pid\n"
			   "    - name: Read the command line of dockerd\n"
			   "      ansible.builtin.slurp:\n"
			   "        src: \"/proc/{{ dockaudit_dockerd_pid or dockaudit_pgrep.stdout | default('') }}/cmdline\"\n"
			   "      register: dockaudit_cmdline\n"
			   "      failed_when: false\n"
			   "    - name: Work out the flags and the configuration file of dockerd\n"
			   "      ansible.builtin.set_fact:\n"
			   "        dockaudit_pid: \"{{ dockaudit_dockerd_pid or dockaudit_pgrep.stdout | default('') }}\"\n"
			   "        dockaudit_args: >-\n"
			   "          {%%- set a = (dockaudit_cmdline.content | default('') | b64decode).split('\\x00') -%%}{{ a | select | list }}\n"
			   "        dockaudit_config: >-\n"
			   "          {%%- set ns = namespace(path=dockaudit_daemon_json or '/etc/docker/daemon.json') -%%}\n"
			   "          {%%- set a = (dockaudit_cmdline.content | default('') | b64decode).split('\\x00') -%%}\n"
			   "          {%%- for x in a if not dockaudit_daemon_json -%%}\n"
			   "          {%%- if x.startswith('--config-file=') -%%}{%%- set ns.path = x[14:] -%%}\n"
			   "          {%%- elif x == '--config-file' and not loop.last -%%}{%%- set ns.path = a[loop.index] -%%}{%%- endif -%%}\n"
			   "          {%%- endfor -%%}{{ ns.path }}\n");

	if (p->audit)
		fprintf(o, "    - name: Find augenrules\n"
			   "      ansible.builtin.stat:\n"
			   "        path: /sbin/augenrules\n"
			   "      register: dockaudit_augenrules\n");
}

int da_fix_write_ansible(const struct da_fix_plan *p, FILE *o)
{
	size_t n, i;
	char **h = da_fix_header(p, &n);

	fprintf(o, "---\n");
	for (i = 0; i < n; i++) {
		comment(o, "", h[i]);
		free(h[i]);
	}
	free(h);
	fprintf(o, "#\n# Try it first: ansible-playbook -i HOST, fix.yml --check --diff\n"
		   "# It changes only what the result found failing; containers are never stopped\n"
		   "# or recreated. Variables below can be set with -e.\n");
	if (p->n_manual) {
		fprintf(o, "#\n# Left to a person (this playbook does not do these):\n");
		for (i = 0; i < p->n_manual; i++)
			comment(o, "", p->manual[i]);
	}
	fprintf(o, "- name: Fix the findings of dockaudit\n"
		   "  hosts: all\n"
		   "  become: true\n"
		   "  gather_facts: false\n");
	vars(o, p);
	handlers(o, p);
	fprintf(o, "  tasks:\n");
	prelude(o, p);
	for (i = 0; i < p->n_steps; i++) {
		const struct da_fix_step *st = &p->steps[i];

		switch (st->rem.kind) {
		case DA_REM_DAEMON_JSON:
			daemon_json(o, st);
			break;
		case DA_REM_FILE_OWNER:
		case DA_REM_FILE_MODE:
			file_step(o, st);
			break;
		case DA_REM_AUDIT_WATCH:
			audit_step(o, st);
			break;
		case DA_REM_DOCKER_UPDATE:
			update_step(o, st, i);
			break;
		case DA_REM_RECREATE:
			break;
		}
	}
	fprintf(o, "    - name: Report what needs a person\n"
		   "      ansible.builtin.debug:\n");
	if (!p->n_manual) {
		fprintf(o, "        msg: Nothing, every failing rule had an automated fix.\n");
	} else {
		fprintf(o, "        msg:\n");
		for (i = 0; i < p->n_manual; i++) {
			char *c = da_report_clean(p->manual[i], DA_CLEAN_CONTROLS);

			fprintf(o, "          - !unsafe ");
			yq_wrapped(o, c, "            ");
			fputc('\n', o);
			free(c);
		}
	}
	return 0;
}
