/* What `checkin decode` prints of an image's codes (decode.h), for people
 * and for programs.  A line: the path, then a tab and each code, text as
 * it is but with tabs, newlines, backslashes and bytes that do not print
 * escaped (\t, \n, \\, \xNN), a code that is not text as \xNN bytes.
 * JSON: one object a line, {"path", "codes": [{"text" or "hex", "utf8",
 * "charset", "points"}]}, or {"path", "error"} for an image not read.
 * Fails only when no decoder can be made. */
#ifndef CHECKIN_DECODE_PRINT_H
#define CHECKIN_DECODE_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checkin/decode.h"
#include "checkin/error.h"

void decode_print_line(FILE *out, const char *path,
                       const struct decode_result *r);

/* `err` set: the image's error instead of its codes. */
void decode_print_json(FILE *out, const char *path,
                       const struct decode_result *r,
                       const struct ck_error *err);

/* `checkin decode`: read the codes of `n` image files with `passes`
 * (decode.h) and print each as a line or, with `json`, a JSON object on
 * `out`; an image not read is said on `msgs`, and so is one with no
 * code a full-resolution scan (left out of `passes`) might read.
 * *all_read: every image had a code. */
int decode_print_files(char *const *paths, size_t n, unsigned passes, bool json,
                       FILE *out, FILE *msgs, bool *all_read /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

#endif
