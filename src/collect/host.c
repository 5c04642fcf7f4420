/*
 * The host collector: hostname, kernel release and OS name, read through
 * the root prefix so that an audit of a mounted host or a fixture tree
 * describes that host, not the machine running dockaudit.
 */
#include "collect/collectors.h"
#include "collect/daemon.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* These files are a line or a few dozen lines. */
#define HOST_FILE_MAX (64u << 10)

/* Read the first of PATHS that can be read into *DATA (caller frees). When
 * none can, returns -1 and appends "WHAT: PATH: why, PATH: why" to ERRORS. */
static int read_first(const struct da_root *root, const char *const *paths, const char *what,
		      char **data, struct da_buf *errors)
{
	struct da_buf tried;
	size_t i;
	int rc = -ENOENT;

	da_buf_init(&tried, 0);
	for (i = 0; paths[i]; i++) {
		rc = da_root_read_file(root, paths[i], HOST_FILE_MAX, data, NULL);
		if (rc == 0)
			break;
		da_buf_printf(&tried, "%s%s: %s", i ? ", " : "", paths[i],
			      rc == -EFBIG ? "file too large" : strerror(-rc));
	}
	if (rc < 0)
		da_buf_printf(errors, "%s%s: %s", errors->len ? "; " : "", what, tried.data);
	da_buf_free(&tried);
	return rc < 0 ? -1 : 0;
}

/* NAME is the first line of the first readable of PATHS, blanks trimmed. */
static void set_first_line(struct da_collect_ctx *ctx, json_t *section, const char *name,
			   const char *const *paths, struct da_buf *errors)
{
	char *data = NULL, *start, *end;

	if (read_first(ctx->root, paths, name, &data, errors) < 0)
		return;
	for (start = data; isspace((unsigned char)*start);)
		start++;
	end = start + strcspn(start, "\n");
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	json_object_set_new(section, name, da_facts_string(start));
	free(data);
}

/* Undo os-release quoting: "..." with \" \\ \$ \` escapes, or '...'. */
static void unquote(char *s)
{
	char *out = s, q = *s;

	if (q != '"' && q != '\'')
		return;
	for (s++; *s && *s != q; s++) {
		if (q == '"' && *s == '\\' && s[1] && strchr("\"\\$`", s[1]))
			s++;
		*out++ = *s;
	}
	*out = '\0';
}

/* The value of KEY= in os-release DATA, unquoted (changes DATA), or NULL. */
static const char *os_release_value(char *data, const char *key)
{
	size_t klen = strlen(key);
	char *line, *next, *end;

	for (line = data; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (isspace((unsigned char)*line))
			line++;
		if (strncmp(line, key, klen) || line[klen] != '=')
			continue;
		line += klen + 1;
		end = line + strlen(line);
		while (end > line && isspace((unsigned char)end[-1]))
			*--end = '\0';
		unquote(line);
		return line;
	}
	return NULL;
}

static void set_os(struct da_collect_ctx *ctx, json_t *section, struct da_buf *errors)
{
	static const char *const paths[] = { "/etc/os-release", "/usr/lib/os-release", NULL };
	const char *pretty;
	char *data = NULL;

	if (read_first(ctx->root, paths, "os", &data, errors) < 0)
		return;
	/* os-release(5): PRETTY_NAME defaults to "Linux". */
	pretty = os_release_value(data, "PRETTY_NAME");
	json_object_set_new(section, "os", da_facts_string(pretty ? pretty : "Linux"));
	free(data);
}

static void host_collect(struct da_collect_ctx *ctx, json_t *section)
{
	static const char *const hostname[] = { "/proc/sys/kernel/hostname", "/etc/hostname",
						NULL };
	static const char *const kernel[] = { "/proc/sys/kernel/osrelease", NULL };
	struct da_buf errors;

	da_buf_init(&errors, 0);
	set_first_line(ctx, section, "hostname", hostname, &errors);
	set_first_line(ctx, section, "kernel", kernel, &errors);
	set_os(ctx, section, &errors);
	if (errors.len)
		json_object_set_new(section, "error", da_facts_string(errors.data));
	da_buf_free(&errors);
}

const struct da_collector da_collector_host = {
	.name = "host",
	.summary = "the host: hostname, kernel release, operating system",
	.collect = host_collect,
};
