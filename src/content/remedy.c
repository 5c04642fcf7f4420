/* Remediation directives (remedy.h): a line of words, checked strictly. */
#include "content/remedy.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#define MAX_WORDS 5

static int fail(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static bool only(const char *s, const char *set)
{
	return *s && s[strspn(s, set)] == '\0';
}

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

/* A user or group name as useradd takes it. */
static bool name_ok(const char *s)
{
	return only(s, LOWER "ABCDEFGHIJKLMNOPQRSTUVWXYZ" DIGITS "_-.") && s[0] != '-' &&
	       strlen(s) <= 32;
}

/* Split S at blanks into at most MAX words in W (pointers into S, which is
 * changed), the last taking the rest of the line when REST. The count. */
static size_t split(char *s, char **w, size_t max, bool rest)
{
	size_t n = 0;

	while (*s && n < max) {
		s += strspn(s, " \t");
		if (!*s)
			break;
		w[n++] = s;
		if (rest && n == max)
			break;
		s += strcspn(s, " \t");
		if (*s)
			*s++ = '\0';
	}
	if (n == max && !rest && s[strspn(s, " \t")])
		return max + 1; /* more words than MAX */
	return n;
}

static int parse_daemon_json(char **w, size_t n, struct da_remedy *r, char *err, size_t len)
{
	json_t *v;
	json_error_t je;

	if (n < 4 || n > 5)
		return fail(err, len, "daemon-json takes KEY JSON reload|restart [--FLAG]");
	if (!only(w[1], LOWER DIGITS "-") || w[1][0] == '-')
		return fail(err, len, "daemon-json: '%s' is not a daemon setting name", w[1]);
	v = json_loads(w[2], JSON_DECODE_ANY, &je);
	if (!v)
		return fail(err, len, "daemon-json %s: '%s' is not a JSON value (%s)", w[1], w[2], je.text);
	json_decref(v);
	/* The value is written into a playbook, where Ansible templates what
	 * reads as Jinja and quoting meets its own escaping: keep it plain. */
	if (strpbrk(w[2], "'\\") || strstr(w[2], "{{") || strstr(w[2], "}}") ||
	    strstr(w[2], "{%") || strstr(w[2], "%}") || strstr(w[2], "{#") || strstr(w[2], "#}"))
		return fail(err, len,
			    "daemon-json %s: '%s' holds a quote, a backslash or a template delimiter ({{ }} {%% %%} {# #}), which a playbook cannot carry as it is",
			    w[1], w[2]);
	if (strcmp(w[3], "reload") != 0 && strcmp(w[3], "restart") != 0)
		return fail(err, len, "daemon-json %s: '%s' is neither reload nor restart", w[1], w[3]);
	if (n == 5 && (strncmp(w[4], "--", 2) != 0 || !only(w[4] + 2, LOWER DIGITS "-") || w[4][2] == '-'))
		return fail(err, len, "daemon-json %s: '%s' is not a long dockerd flag", w[1], w[4]);
	r->a = da_xstrdup(w[1]);
	r->b = da_xstrdup(w[2]);
	r->flag = n == 5 ? da_xstrdup(w[4]) : da_xasprintf("--%s", w[1]);
	r->reload = strcmp(w[3], "reload") == 0;
	return 0;
}

static int parse_file_owner(char **w, size_t n, struct da_remedy *r, char *err, size_t len)
{
	char *colon;

	if (n != 2 || !(colon = strchr(w[1], ':')))
		return fail(err, len, "file-owner takes USER:GROUP");
	*colon = '\0';
	if (!name_ok(w[1]) || !name_ok(colon + 1))
		return fail(err, len, "file-owner: '%s:%s' is not USER:GROUP", w[1], colon + 1);
	r->a = da_xstrdup(w[1]);
	r->b = da_xstrdup(colon + 1);
	return 0;
}

static int parse_file_mode(char **w, size_t n, struct da_remedy *r, char *err, size_t len)
{
	char *end;
	unsigned long m;

	if (n != 2)
		return fail(err, len, "file-mode takes MODE");
	m = strtoul(w[1], &end, 8);
	if (!only(w[1], "01234567") || strlen(w[1]) < 3 || strlen(w[1]) > 4 || *end || m > 07777)
		return fail(err, len, "file-mode: '%s' is not an octal mode such as 0644", w[1]);
	r->mode = (unsigned)m;
	return 0;
}

static int parse_audit_watch(char **w, size_t n, struct da_remedy *r, char *err, size_t len)
{
	if (n != 3)
		return fail(err, len, "audit-watch takes PERMS KEY");
	if (!only(w[1], "rwxa") || strlen(w[1]) > 4)
		return fail(err, len, "audit-watch: '%s' is not audit permissions (r, w, x, a)", w[1]);
	if (!only(w[2], LOWER "ABCDEFGHIJKLMNOPQRSTUVWXYZ" DIGITS "_-") || strlen(w[2]) > 31)
		return fail(err, len, "audit-watch: '%s' is not an audit key", w[2]);
	r->a = da_xstrdup(w[1]);
	r->b = da_xstrdup(w[2]);
	return 0;
}

static int parse_docker_update(char **w, size_t n, struct da_remedy *r, char *err, size_t len)
{
	static const char *const opts[] = { "--memory", "--cpu-shares", "--pids-limit", "--restart" };
	const char *name;
	size_t i;

	if (n != 3)
		return fail(err, len, "docker-update takes OPTION VALUE-ID");
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(w[1], opts[i]) == 0)
			break;
	if (i == sizeof(opts) / sizeof(opts[0]))
		return fail(err, len,
			    "docker-update: '%s' is not one of --memory, --cpu-shares, --pids-limit, --restart",
			    w[1]);
	/* The name after "_value_" becomes a variable of the playbook and the
	 * script: it must be one in both. */
	name = strstr(w[2], "_value_");
	if (strncmp(w[2], "xccdf_", 6) != 0 || !name || !only(name + 7, LOWER DIGITS "_") ||
	    !strchr(LOWER, name[7]))
		return fail(err, len,
			    "docker-update %s: '%s' is not a Value id ending in _value_ and a name of a-z, 0-9 and _",
			    w[1], w[2]);
	r->a = da_xstrdup(w[1]);
	r->b = da_xstrdup(w[2]);
	return 0;
}

/* The directives of one line of words; recreate, whose words are prose,
 * is read apart. */
static const struct {
	const char *name;
	enum da_remedy_kind kind;
	int (*parse)(char **w, size_t n, struct da_remedy *r, char *err, size_t len);
} directives[] = {
	{ "daemon-json", DA_REM_DAEMON_JSON, parse_daemon_json },
	{ "file-owner", DA_REM_FILE_OWNER, parse_file_owner },
	{ "file-mode", DA_REM_FILE_MODE, parse_file_mode },
	{ "audit-watch", DA_REM_AUDIT_WATCH, parse_audit_watch },
	{ "docker-update", DA_REM_DOCKER_UPDATE, parse_docker_update },
};

int da_remedy_parse(const char *text, struct da_remedy *out, char *err, size_t len)
{
	char *s = da_xstrdup(text ? text : ""), *w[MAX_WORDS + 2], *nl;
	size_t n, i;
	int rc;

	memset(out, 0, sizeof(*out));
	for (nl = s; (nl = strpbrk(nl, "\r\n"));) {
		nl += strspn(nl, " \t\r\n");
		if (*nl) {
			free(s);
			return fail(err, len, "a dockaudit fix is one directive on one line");
		}
	}
	s[strcspn(s, "\r\n")] = '\0';
	n = split(s, w, 2, true);
	if (n == 0) {
		free(s);
		return fail(err, len, "empty dockaudit fix");
	}
	if (strcmp(w[0], "recreate") == 0) {
		size_t k;

		if (n < 2) {
			free(s);
			return fail(err, len, "recreate takes the change in words");
		}
		for (k = strlen(w[1]); k && strchr(" \t", w[1][k - 1]); k--)
			w[1][k - 1] = '\0';
		out->kind = DA_REM_RECREATE;
		out->a = da_xstrdup(w[1]);
		free(s);
		return 0;
	}
	if (n == 2)
		n = 1 + split(w[1], w + 1, MAX_WORDS, false);
	if (n > MAX_WORDS) {
		rc = fail(err, len, "%s: too many words", w[0]); /* w[0] points into s */
		free(s);
		return rc;
	}
	for (i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		if (strcmp(w[0], directives[i].name) == 0)
			break;
	if (i < sizeof(directives) / sizeof(directives[0])) {
		out->kind = directives[i].kind;
		rc = directives[i].parse(w, n, out, err, len);
	} else {
		rc = fail(err, len,
			  "unknown directive '%s' (daemon-json, file-owner, file-mode, audit-watch, docker-update, recreate)",
			  w[0]);
	}
	free(s);
	if (rc < 0)
		da_remedy_clear(out);
	return rc;
}

void da_remedy_clear(struct da_remedy *r)
{
	if (!r)
		return;
	free(r->a);
	free(r->b);
	free(r->flag);
	memset(r, 0, sizeof(*r));
}
