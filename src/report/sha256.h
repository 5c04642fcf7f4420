/*
 * SHA-256 (FIPS 180-4) and base64 (RFC 4648), just enough for the HTML
 * report's Content-Security-Policy: a browser runs an inline <style> or
 * <script> only when the policy names the base64 SHA-256 of its exact text.
 * None of the libraries we link exports a digest, and this is small.
 */
#ifndef DA_SHA256_H
#define DA_SHA256_H

#include <stddef.h>

#define DA_SHA256_LEN 32
/* The base64 of a SHA-256 digest: 44 characters and the NUL. */
#define DA_SHA256_B64_LEN 45

/* The SHA-256 digest of the LEN bytes at DATA in OUT. */
void da_sha256(const void *data, size_t len, unsigned char out[DA_SHA256_LEN]);

/* The digest of the LEN bytes at DATA as padded base64, NUL-terminated in
 * OUT: the form CSP's 'sha256-...' source expressions take. */
void da_sha256_base64(const void *data, size_t len, char out[DA_SHA256_B64_LEN]);

#endif
