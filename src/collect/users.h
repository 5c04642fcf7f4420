/*
 * Account lookups in a passwd file's text, for the collectors that resolve
 * a user name the way the container runtime does: the first entry of that
 * name (or uid) wins. The users collector (users.c) uses the same parser.
 */
#ifndef DA_USERS_H
#define DA_USERS_H

#include <stddef.h>
#include <stdint.h>

/* The uid of the first account named NAME in passwd TEXT (LEN bytes, not
 * modified). Returns 0 and sets *UID, or -ENOENT. */
int da_passwd_uid(const char *text, size_t len, const char *name, uint32_t *uid);

/* The name of the first account whose uid is UID in passwd TEXT; NULL when
 * there is none. Caller frees. */
char *da_passwd_name(const char *text, size_t len, uint32_t uid);

#endif
