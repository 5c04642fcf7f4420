/*
 * Whether a rule's fix script would work where it is going, for dockaudit
 * rules --lint. OpenSCAP hands fix bodies on as they are written (with
 * <sub> and <instance> filled in): an Ansible fix is pasted, each line
 * indented, under a play's tasks:, and a shell fix becomes part of a
 * script. So an Ansible body must be a YAML task list and a shell body
 * must pass the shell's own syntax check.
 */
#ifndef DA_FIXCHECK_H
#define DA_FIXCHECK_H

/* How long a shell may take over -n before it is killed. */
#define DA_FIXCHECK_SHELL_SECONDS 10

/* Check BODY, an Ansible fix: no line indented with a tab (YAML forbids
 * it, ansible-playbook refuses it), valid YAML (libyaml), one implicit
 * document holding a sequence of mappings. 0 when it is all that; else -1
 * and *WHAT (caller frees), the first thing wrong, "line N: what" when it
 * has a line (N counts from the body's first line). */
int da_fixcheck_ansible(const char *body, char **what);

/* Run SHELL (a name looked up in PATH, or a path) as "NAME -n" with BODY
 * on its standard input, in the C locale, and read what it writes to
 * standard error. 0 when it exits 0 and says nothing; 1 and *WHAT (caller
 * frees) when not: the first line it wrote (its own name taken off the
 * front), else how it ended; -1 and *WHAT when it cannot be run. */
int da_fixcheck_shell(const char *shell, const char *body, char **what);

#endif
