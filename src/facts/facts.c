/*
 * The fact document: creation with its header members, strict loading (size
 * cap, JSON position in errors, schema name and version), atomic saving
 * (temp file + rename, so a reader never sees half a document), error
 * recording and RFC 6901 pointer lookup.
 */
#include "facts/facts.h"
#include "common/utf8.h"
#include "common/buf.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

json_t *da_facts_new(const char *root_dir)
{
	char stamp[32] = "1970-01-01T00:00:00Z";
	time_t now = time(NULL);
	struct tm tm;
	json_t *facts;

	if (gmtime_r(&now, &tm))
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	facts = json_object();
	json_object_set_new(facts, "schema", json_string(DA_FACTS_SCHEMA));
	json_object_set_new(facts, "schema_version", json_integer(DA_FACTS_SCHEMA_VERSION));
	json_object_set_new(facts, "tool",
			    json_pack("{s:s, s:s}", "name", PACKAGE_NAME, "version", PACKAGE_VERSION));
	json_object_set_new(facts, "collected_at", json_string(stamp));
	json_object_set_new(facts, "root", json_string(root_dir ? root_dir : "/"));
	return facts;
}

/* Is DOC ours, in a version this build reads? */
static int check_header(const json_t *doc, const char *name, struct da_err *err)
{
	const json_t *schema = json_object_get(doc, "schema");
	const json_t *version = json_object_get(doc, "schema_version");

	if (!json_is_object(doc))
		return da_err_set(err, "%s: not a JSON object", name);
	if (!json_is_string(schema))
		return da_err_set(err, "%s: no \"schema\" member: not a dockaudit fact document", name);
	if (strcmp(json_string_value(schema), DA_FACTS_SCHEMA) != 0)
		return da_err_set(err, "%s: schema is '%s', expected '%s'", name,
				  json_string_value(schema), DA_FACTS_SCHEMA);
	if (!json_is_integer(version))
		return da_err_set(err, "%s: \"schema_version\" is missing or not an integer", name);
	if (json_integer_value(version) != DA_FACTS_SCHEMA_VERSION)
		return da_err_set(err, "%s: unsupported schema_version %" JSON_INTEGER_FORMAT
				  " (this build reads version %d)",
				  name, json_integer_value(version), DA_FACTS_SCHEMA_VERSION);
	return 0;
}

int da_facts_load(const char *path, json_t **out, struct da_err *err)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	json_error_t jerr;
	struct da_buf b;
	json_t *doc = NULL;
	int rc = -1;

	*out = NULL;
	da_buf_init(&b, DA_FACTS_MAX_BYTES);
	if (da_buf_read_path(&b, path, name, err) < 0)
		goto out;
	doc = json_loadb(b.data ? b.data : "", b.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		da_err_set(err, "%s:%d:%d: %s", name, jerr.line, jerr.column, jerr.text);
		goto out;
	}
	if (check_header(doc, name, err) < 0)
		goto out;
	*out = doc;
	doc = NULL;
	rc = 0;
out:
	json_decref(doc);
	da_buf_free(&b);
	return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write TEXT to a temp file beside PATH, then rename it over PATH. The file
 * is created 0600: facts hold container environments, which may be secret. */
static int save_file(const char *text, const char *path, struct da_err *err)
{
	char *tmp = da_xasprintf("%s.XXXXXX", path);
	int fd, rc;

	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = da_err_set(err, "%s: cannot create a temporary file: %s", path, strerror(errno));
		goto out;
	}
	rc = write_all(fd, text, strlen(text));
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -errno;
	if (rc < 0) {
		unlink(tmp);
		rc = da_err_set(err, "%s: %s", path, strerror(-rc));
	}
out:
	free(tmp);
	return rc;
}

int da_facts_save(const json_t *facts, const char *path, struct da_err *err)
{
	char *text = json_dumps(facts, JSON_INDENT(2) | JSON_SORT_KEYS);
	char *line;
	int rc;

	if (!text)
		return da_err_set(err, "%s: the fact document cannot be serialised", path);
	line = da_xasprintf("%s\n", text);
	free(text);
	if (strcmp(path, "-") != 0) {
		rc = save_file(line, path, err);
	} else {
		rc = write_all(STDOUT_FILENO, line, strlen(line));
		if (rc < 0)
			rc = da_err_set(err, "<stdout>: %s", strerror(-rc));
	}
	free(line);
	return rc;
}

/* A JSON string of MSG; bytes that are not valid UTF-8 (a path, a daemon
 * message) would make the whole document unserialisable, so they become '?'. */
static json_t *safe_string(char *msg)
{
	json_t *s = json_string(msg);
	char *p;

	if (s)
		return s;
	for (p = msg; *p; p++) {
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	}
	return json_string(msg);
}

void da_facts_set_error(json_t *section, const char *fmt, ...)
{
	struct da_buf b;
	va_list ap;

	if (!json_is_object(section) || json_object_get(section, "error"))
		return;
	da_buf_init(&b, 0);
	va_start(ap, fmt);
	da_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!b.data)
		da_buf_puts(&b, "");
	json_object_set_new(section, "error", safe_string(b.data));
	da_buf_free(&b);
}

/* Decode one reference token (up to the next '/' or the end) into a new
 * string: "~1" is "/", "~0" is "~", any other "~" is malformed (NULL). */
static char *decode_token(const char *s, size_t n)
{
	char *tok = da_xmalloc(n + 1);
	size_t i, j = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '~') {
			tok[j++] = s[i];
			continue;
		}
		if (i + 1 >= n || (s[i + 1] != '0' && s[i + 1] != '1')) {
			free(tok);
			return NULL;
		}
		tok[j++] = s[++i] == '0' ? '~' : '/';
	}
	tok[j] = '\0';
	return tok;
}

/* An array index per RFC 6901: "0" or digits without a leading zero. */
static json_t *array_step(const json_t *arr, const char *tok)
{
	size_t idx = 0;
	const char *p;

	if (!*tok || (tok[0] == '0' && tok[1]))
		return NULL;
	for (p = tok; *p; p++) {
		if (*p < '0' || *p > '9' || idx > (SIZE_MAX - 9) / 10)
			return NULL;
		idx = idx * 10 + (size_t)(*p - '0');
	}
	return json_array_get(arr, idx);
}

json_t *da_facts_get(const json_t *node, const char *pointer)
{
	json_t *cur = (json_t *)node;
	const char *p = pointer;

	if (!node || !pointer || (*p && *p != '/'))
		return NULL;
	while (cur && *p == '/') {
		size_t n = strcspn(p + 1, "/");
		char *tok = decode_token(p + 1, n);

		if (!tok)
			return NULL;
		if (json_is_object(cur))
			cur = json_object_get(cur, tok);
		else if (json_is_array(cur))
			cur = array_step(cur, tok);
		else
			cur = NULL;
		free(tok);
		p += n + 1;
	}
	return cur;
}

json_t *da_facts_string(const char *s)
{
	json_t *j = json_string(s);
	char *esc;

	if (j)
		return j;
	esc = da_utf8_escape(s);
	j = json_string(esc);
	free(esc);
	return j;
}
