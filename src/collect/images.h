/*
 * The images collector's helpers that its unit test reaches: how a
 * container's image reference is told apart and checked before it goes
 * into a request path.
 */
#ifndef DA_IMAGES_H
#define DA_IMAGES_H

#include <stdbool.h>

/* Whether REF (a container's Config.Image) may go into a request path as
 * it is: only the characters of image references, no "..", "//", leading
 * or trailing "/", at most 512 bytes. */
bool da_images_ref_ok(const char *ref);

/* How REF names an image: "digest" (it holds "@"), "id" (IMAGE_ID, with
 * or without "sha256:", or a hex prefix of it of 12 digits or more), else
 * "tag". A static string. */
const char *da_images_ref_kind(const char *ref, const char *image_id);

#endif
