/*
 * Helpers every unit test may use. Tests run through `make check` get
 * DA_FIXTURES; run by hand they find the fixtures next to this file.
 */
#ifndef DA_TESTUTIL_H
#define DA_TESTUTIL_H

/* The path of a fixture: "$DA_FIXTURES/" followed by the formatted
 * relative path ("hosts/%s"). Caller frees. */
char *da_test_fixture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#include <jansson.h>
#include <stddef.h>

struct da_collector;

/* Run collector C with the root prefix DIR and an otherwise empty fact
 * document; its section (caller owns). A root that cannot be opened fails
 * the test. */
json_t *da_test_collect_dir(const struct da_collector *c, const char *dir);
/* The same with a daemon section in the fact document: DAEMON is its JSON
 * text (NULL: none), for collectors that read the daemon's facts. */
json_t *da_test_collect_dir_daemon(const struct da_collector *c, const char *dir,
				   const char *daemon);
/* The JSON fixture tests/fixtures/api/daemon/NAME, a saved Engine API
 * answer (caller owns); a file that does not parse fails the test. */
json_t *da_test_api_fixture(const char *name);
/* The same on the fixture host tree tests/fixtures/hosts/NAME. */
json_t *da_test_collect_fixture(const struct da_collector *c, const char *name);
/* Build and remove fixture trees made at run time (modes, owners, sockets
 * git cannot keep): write LEN bytes of DATA (or TEXT) to DIR/REL; make DIR/REL and its parents;
 * remove DIR and everything below it. Each fails the test on error. */
void da_test_put_file(const char *dir, const char *rel, const void *data, size_t len);
void da_test_puts_file(const char *dir, const char *rel, const char *text);
void da_test_mkdirs(const char *dir, const char *rel);
void da_test_remove_tree(const char *dir);
/* Fail the test unless GOT equals the JSON text WANT (any JSON value). */
void da_test_assert_json(const json_t *got, const char *want_text);

#endif
