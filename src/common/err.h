/*
 * One error convention for module APIs: they return 0 on success or -1 and
 * fill a caller-owned struct da_err with a one-line message that names the
 * file and position when there is one. Helpers return 0 or -errno instead.
 */
#ifndef DA_ERR_H
#define DA_ERR_H

#include <stddef.h>

#define DA_ERR_MSG_MAX 1024

struct da_err {
	char msg[DA_ERR_MSG_MAX]; /* "" when no error has been set */
};

/* Set the message (truncated to DA_ERR_MSG_MAX). ERR may be NULL. Returns -1. */
int da_err_set(struct da_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefix the existing message with "PREFIX: ". ERR may be NULL. Returns -1. */
int da_err_prefix(struct da_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Clear the message. */
void da_err_clear(struct da_err *err);

#endif
