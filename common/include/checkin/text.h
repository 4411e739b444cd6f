/* Text helpers for names in any script: validation and the folded form used
 * for case- and accent-insensitive search. */
#ifndef CHECKIN_TEXT_H
#define CHECKIN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fold `s` (at most `len` bytes, or up to its NUL with SIZE_MAX) for search:
 * compatibility-decompose (NFKD), drop combining accents that belong to no
 * script of their own (so "Zoë" matches "zoe" but Devanagari vowel signs
 * stay), case-fold, and collapse runs of white space to one space.  Returns
 * a new string the caller frees, or NULL if `s` is not valid UTF-8. */
char *text_fold(const char *s, size_t len);

/* True if the `len` bytes at `s` are valid UTF-8 with no NUL. */
bool text_valid_utf8(const char *s, size_t len);

/* Clean one imported name field in place: line breaks and tabs become
 * single spaces, leading and trailing space is trimmed.  Returns false if
 * other control characters (C0, DEL, C1), bidi overrides or isolates, or
 * invalid UTF-8 remain. */
bool text_clean_field(char *s);

/* Number of Unicode characters in valid UTF-8 `s`. */
size_t text_length(const char *s);

#endif
