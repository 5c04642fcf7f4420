/*
 * Fix script checks (fixcheck.h). YAML is read as libyaml's events, which
 * say what each node is and where it starts without building a document.
 * A shell reads the body on a pipe; what it writes to standard error is
 * read at the same time, so neither side waits on a full pipe, and a
 * shell that stops reading early costs a SIGPIPE we keep to ourselves.
 */
#include "content/fixcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "common/xalloc.h"

/* What is kept of a shell's standard error, and of its first line. */
#define STDERR_KEEP 4096
#define LINE_KEEP 300

/* ---- Ansible: a YAML task list ---- */

/* The first line (from 1) of BODY indented with a tab, or 0; *COUNT
 * counts them all. Blank lines do not count: OpenSCAP drops them. */
static size_t tab_indented(const char *body, size_t *count)
{
	const char *p, *nl;
	size_t line = 1, first = 0, k;

	*count = 0;
	for (p = body; p; p = nl ? nl + 1 : NULL, line++) {
		nl = strchr(p, '\n');
		k = strspn(p, " \t");
		if (p[k] == '\n' || p[k] == '\r' || p[k] == '\0' || !memchr(p, '\t', k))
			continue;
		if (!first)
			first = line;
		(*count)++;
	}
	return first;
}

/* BODY as OpenSCAP pastes it, each line without its trailing white space
 * (the indentation it adds changes nothing YAML sees). Caller frees. */
static char *as_pasted(const char *body)
{
	char *out = da_xmalloc(strlen(body) + 1), *w = out, *end = out;

	/* END: just after the current line's last character that is not blank */
	for (; *body; body++) {
		if (*body == '\n')
			w = end;
		*w++ = *body;
		if (!strchr(" \t\r\f\v", *body))
			end = w;
	}
	*end = '\0';
	return out;
}

/* The line (from 1) of byte OFFSET of BODY. */
static size_t line_at(const char *body, size_t offset)
{
	size_t line = 1, i;

	for (i = 0; i < offset && body[i]; i++)
		line += body[i] == '\n';
	return line;
}

static char *yaml_error(const yaml_parser_t *p, const char *body)
{
	const char *problem = p->problem ? p->problem : "cannot be parsed";

	if (p->error == YAML_MEMORY_ERROR)
		return da_xstrdup("YAML: out of memory");
	if (p->error == YAML_READER_ERROR)
		return da_xasprintf("line %zu: YAML: %s", line_at(body, p->problem_offset), problem);
	if (p->context)
		return da_xasprintf("line %zu: YAML: %s (%s at line %zu)", p->problem_mark.line + 1,
				    problem, p->context, p->context_mark.line + 1);
	return da_xasprintf("line %zu: YAML: %s", p->problem_mark.line + 1, problem);
}

/* Where the walk through the events is. */
struct walk {
	int depth;    /* of the node being read: 0 the document's root */
	size_t docs;  /* documents begun */
	size_t tasks; /* items of the root list */
};

static const char *node_kind(yaml_event_type_t t)
{
	switch (t) {
	case YAML_MAPPING_START_EVENT:
		return "mapping";
	case YAML_SEQUENCE_START_EVENT:
		return "list";
	default:
		return "scalar";
	}
}

/* A node begins: the root must be a list, its items mappings (or aliases
 * of one). */
static char *on_node(struct walk *w, const yaml_event_t *ev)
{
	size_t line = ev->start_mark.line + 1;
	bool opens = ev->type == YAML_MAPPING_START_EVENT || ev->type == YAML_SEQUENCE_START_EVENT;
	char *msg = NULL;

	if (w->depth == 0 && ev->type != YAML_SEQUENCE_START_EVENT)
		msg = da_xasprintf("line %zu: a YAML %s, not a list of tasks (OpenSCAP pastes the fix under a play's tasks:)",
				   line, node_kind(ev->type));
	if (w->depth == 1) {
		w->tasks++;
		if (ev->type != YAML_MAPPING_START_EVENT && ev->type != YAML_ALIAS_EVENT)
			msg = da_xasprintf("line %zu: item %zu of the task list is a %s, not a task (a mapping)",
					   line, w->tasks, node_kind(ev->type));
	}
	w->depth += opens;
	return msg;
}

/* One event; a message when it shows the body is not a task list. */
static char *on_event(struct walk *w, const yaml_event_t *ev)
{
	size_t line = ev->start_mark.line + 1;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++w->docs > 1)
			return da_xasprintf("line %zu: a second YAML document; the fix must be one task list", line);
		if (!ev->data.document_start.implicit)
			return da_xasprintf("line %zu: a YAML document start (--- or a directive), which cannot stand under a play's tasks:", line);
		return NULL;
	case YAML_DOCUMENT_END_EVENT:
		if (!ev->data.document_end.implicit)
			return da_xasprintf("line %zu: a YAML document end (...), which cannot stand under a play's tasks:", line);
		if (w->tasks == 0)
			return da_xstrdup("an empty list: no task");
		return NULL;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		w->depth--;
		return NULL;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
	case YAML_SCALAR_EVENT:
	case YAML_ALIAS_EVENT:
		return on_node(w, ev);
	default:
		return NULL;
	}
}

/* The first line indented with a tab, or NULL. Caller frees. */
static char *tab_problem(const char *body)
{
	size_t tabs, tab = tab_indented(body, &tabs);

	if (!tab)
		return NULL;
	if (tabs == 1)
		return da_xasprintf("line %zu is indented with a tab, which YAML forbids and ansible-playbook refuses",
				    tab);
	return da_xasprintf("line %zu is indented with a tab, which YAML forbids and ansible-playbook refuses (%zu lines in all)",
			    tab, tabs);
}

/* What keeps TEXT from being one YAML task list, or NULL. Caller frees. */
static char *task_list_problem(const char *text)
{
	struct walk w = { 0 };
	yaml_parser_t p;
	yaml_event_t ev;
	bool end = false;
	char *msg = NULL;

	if (!yaml_parser_initialize(&p))
		return da_xstrdup("YAML: out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
	while (!msg && !end) {
		if (!yaml_parser_parse(&p, &ev)) {
			msg = yaml_error(&p, text);
			break;
		}
		msg = on_event(&w, &ev);
		end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (!msg && w.docs == 0)
		msg = da_xstrdup("no YAML document (comments only): no task");
	return msg;
}

int da_fixcheck_ansible(const char *body, char **what)
{
	char *pasted;

	*what = tab_problem(body);
	if (!*what) {
		pasted = as_pasted(body);
		*what = task_list_problem(pasted);
		free(pasted);
	}
	return *what ? -1 : 0;
}

/* ---- shells: NAME -n ---- */

/* The file SHELL names: itself when it holds a slash, else the first
 * executable SHELL in a directory of PATH (only absolute ones: a linter
 * does not run a "bash" it finds in the current directory). NULL with
 * errno set when there is none. Found
 * before spawning, not by posix_spawnp: where the spawn cannot report a
 * failed exec (under valgrind), a missing shell would look like one that
 * exits 127. Caller frees. */
static char *find_shell(const char *shell)
{
	const char *dirs = getenv("PATH"), *p;
	char *path;
	size_t n;

	if (strchr(shell, '/'))
		return access(shell, X_OK) == 0 ? da_xstrdup(shell) : NULL;
	for (p = dirs ? dirs : "/usr/bin:/bin"; *p; p += n + (p[n] == ':')) {
		n = strcspn(p, ":");
		if (*p != '/')
			continue;
		path = da_xasprintf("%.*s/%s", (int)n, p, shell);
		if (access(path, X_OK) == 0)
			return path;
		free(path);
	}
	errno = ENOENT;
	return NULL;
}

/* Start PATH -n with IN as its standard input and ERR as its standard
 * error, SIGPIPE at its default and MASK as its signal mask. 0 or an
 * errno value, as posix_spawn returns. */
static int spawn_shell(const char *path, int in, int err, const sigset_t *mask, pid_t *pid)
{
	static char opt_n[] = "-n", lc_all[] = "LC_ALL=C";
	char *const envp[] = { lc_all, NULL };
	char *name = da_xstrdup(strrchr(path, '/') + 1);
	char *const argv[] = { name, opt_n, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t dfl;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, err, STDERR_FILENO);
	posix_spawnattr_init(&at);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setsigmask(&at, mask);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	rc = posix_spawn(pid, path, &fa, &at, argv, envp);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	free(name);
	return rc;
}

/* The two ends the parent keeps, and how far the body has gone. */
struct talk {
	int in;  /* the shell's standard input; -1 once closed */
	int err; /* its standard error */
	const char *body;
	size_t len, off;
	struct da_buf said; /* the first STDERR_KEEP bytes of its standard error */
};

static void close_in(struct talk *t)
{
	if (t->in >= 0)
		close(t->in);
	t->in = -1;
}

/* Milliseconds left until END (0 when past). */
static int ms_left(const struct timespec *end)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (end->tv_sec - now.tv_sec) * 1000LL + (end->tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : (int)ms;
}

static void feed(struct talk *t)
{
	ssize_t n = write(t->in, t->body + t->off, t->len - t->off);

	if (n > 0)
		t->off += (size_t)n;
	else if (n < 0 && errno != EAGAIN && errno != EINTR)
		close_in(t); /* EPIPE: it stopped reading, which is its business */
	if (t->off == t->len)
		close_in(t);
}

/* Read what is there; false at the end of its standard error. */
static bool drain(struct talk *t)
{
	char chunk[4096];
	ssize_t n = read(t->err, chunk, sizeof(chunk));
	size_t room = STDERR_KEEP - t->said.len;

	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0)
		return false;
	da_buf_append(&t->said, chunk, (size_t)n < room ? (size_t)n : room);
	return true;
}

/* Feed the body and read standard error until it ends. 0, or -ETIMEDOUT
 * when that takes DA_FIXCHECK_SHELL_SECONDS. */
static int converse(struct talk *t)
{
	struct timespec end;
	struct pollfd pf[2];
	int ms, n;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += DA_FIXCHECK_SHELL_SECONDS;
	fcntl(t->in, F_SETFL, O_NONBLOCK);
	if (t->len == 0)
		close_in(t);
	for (;;) {
		ms = ms_left(&end);
		if (ms == 0)
			return -ETIMEDOUT;
		pf[0] = (struct pollfd){ .fd = t->in, .events = POLLOUT };
		pf[1] = (struct pollfd){ .fd = t->err, .events = POLLIN };
		n = poll(pf, 2, ms);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n <= 0)
			continue;
		if (pf[0].revents)
			feed(t);
		if (pf[1].revents && !drain(t))
			return 0;
	}
}

/* How the shell ended, when it said nothing. Caller frees. */
static char *ending(int status)
{
	if (WIFSIGNALED(status))
		return da_xasprintf("was killed by signal %d", WTERMSIG(status));
	return da_xasprintf("exited with status %d", WEXITSTATUS(status));
}

/* The first line of what shell NAME said, without "NAME: " in front, no
 * longer than LINE_KEEP bytes, control characters as spaces. Caller frees. */
static char *first_line(const char *said, const char *name)
{
	size_t k = strlen(name), n, i;
	char *line, *out;

	if (strncmp(said, name, k) == 0 && said[k] == ':' && said[k + 1] == ' ')
		said += k + 2;
	n = strcspn(said, "\n");
	line = da_xasprintf("%.*s", (int)(n < LINE_KEEP ? n : LINE_KEEP), said);
	for (i = 0; line[i]; i++) {
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = ' ';
	}
	out = da_utf8_escape(line);
	free(line);
	return out;
}

/* The verdict on a shell that ran: 0, or 1 with *WHAT. */
static int verdict(const char *shell, struct talk *t, int status, int rc, char **what)
{
	const char *slash = strrchr(shell, '/');

	if (rc == -ETIMEDOUT)
		*what = da_xasprintf("did not finish within %d seconds", DA_FIXCHECK_SHELL_SECONDS);
	else if (rc < 0)
		*what = da_xasprintf("cannot read its output: %s", strerror(-rc));
	else if (t->said.len && t->said.data[strspn(t->said.data, " \t\r\n")])
		*what = first_line(t->said.data + strspn(t->said.data, " \t\r\n"),
				   slash ? slash + 1 : shell);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		*what = ending(status);
	else
		return 0;
	return 1;
}

/* Run SHELL over T with SIGPIPE blocked (MASK: the mask before). */
static int run(const char *shell, struct talk *t, int child_in, int child_err,
	       const sigset_t *mask, char **what)
{
	char *path = find_shell(shell);
	pid_t pid;
	int rc = path ? spawn_shell(path, child_in, child_err, mask, &pid) : errno, status = 0;

	free(path);
	close(child_in);
	close(child_err);
	if (rc == ENOENT)
		*what = da_xasprintf("%s is not found%s", shell, strchr(shell, '/') ? "" : " in PATH");
	else if (rc)
		*what = da_xasprintf("cannot run %s: %s", shell, strerror(rc));
	if (rc)
		return -1;
	rc = converse(t);
	close_in(t);
	if (rc < 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return verdict(shell, t, status, rc, what);
}

/* Two pipes that close on exec. 0 or -errno. */
static int open_pipes(int in[2], int err[2])
{
	int e;

	if (pipe2(in, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(err, O_CLOEXEC) == 0)
		return 0;
	e = errno;
	close(in[0]);
	close(in[1]);
	return -e;
}

int da_fixcheck_shell(const char *shell, const char *body, char **what)
{
	struct talk t = { .in = -1, .err = -1, .body = body, .len = strlen(body) };
	int in[2], err[2], rc = open_pipes(in, err);
	sigset_t pipe_set, old, pending;
	struct timespec zero = { 0 };
	bool was_pending;

	*what = NULL;
	if (rc < 0) {
		*what = da_xasprintf("cannot run %s: pipe: %s", shell, strerror(-rc));
		return -1;
	}
	t.in = in[1];
	t.err = err[0];
	da_buf_init(&t.said, STDERR_KEEP);
	/* Single-threaded here: the process mask is the thread's. */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	rc = run(shell, &t, in[0], err[1], &old, what);
	sigpending(&pending);
	if (!was_pending && sigismember(&pending, SIGPIPE))
		sigtimedwait(&pipe_set, NULL, &zero);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close_in(&t);
	close(t.err);
	da_buf_free(&t.said);
	return rc;
}
