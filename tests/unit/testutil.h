/*
 * Helpers every unit test may use. Tests run through `make check` get
 * DA_FIXTURES; run by hand they find the fixtures next to this file.
 */
#ifndef DA_TESTUTIL_H
#define DA_TESTUTIL_H

/* The path of a fixture: "$DA_FIXTURES/" followed by the formatted
 * relative path ("hosts/%s"). Caller frees. */
char *da_test_fixture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
