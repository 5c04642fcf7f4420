/*
 * Allocation that aborts on exhaustion. Out of memory is not an error the
 * audit can report usefully, so callers never check these for NULL.
 */
#ifndef DA_XALLOC_H
#define DA_XALLOC_H

#include <stddef.h>

/* Never return NULL; abort with a message when memory is exhausted. */
void *da_xmalloc(size_t n);
void *da_xcalloc(size_t nmemb, size_t size);
void *da_xrealloc(void *p, size_t n);
/* Growable arrays: reallocate P to hold NMEMB elements of SIZE, overflow-checked. */
void *da_xreallocarray(void *p, size_t nmemb, size_t size);
/* NULL in gives NULL out; otherwise a copy the caller frees. */
char *da_xstrdup(const char *s);
char *da_xstrndup(const char *s, size_t n);
/* printf into a new string the caller frees. */
char *da_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
