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
 * stay), drop default-ignorable code points (text_is_ignorable), case-fold, and
 * collapse runs of white space to one space.  Returns a new string the caller
 * frees, or NULL if `s` is not valid UTF-8. */
char *text_fold(const char *s, size_t len);

/* Whether code point `c` is one of Unicode's default-ignorable code
 * points (zero-width space, joiners, soft hyphen, byte order mark,
 * variation selectors, ...), which are drawn as nothing: text_fold leaves
 * them out, so a name holding one is found by the letters a volunteer
 * sees. */
bool text_is_ignorable(uint32_t c);

/* Whether valid UTF-8 `s` holds a default-ignorable code point. */
bool text_has_ignorable(const char *s);

/* text_fold without its fast paths (ASCII, and characters folded one at
 * a time from a table): NFKD and case folding of the whole text through
 * GLib.  The reference the fast paths are tested against. */
char *text_fold_unicode(const char *s, size_t len);

/* A registration's search key: each of the `n` fields (NULL or empty
 * ones left out) folded on its own, joined by single spaces, so that the
 * ASCII ones take text_fold's fast path.  A new string the caller frees;
 * NULL when a field is not valid UTF-8 or memory runs out. */
char *text_search_key(const char *const *parts, size_t n);

/* text_search_key of `parts` whose first is the badge name, made of the
 * second and third (the given and family names) joined by one space, or
 * of whichever of them is not empty (the caller has checked): each name
 * is folded once, its fold written twice.  A space is a starter that no
 * decomposition, reordering or case mapping crosses, and folding
 * collapses the white space around it, so the badge name folds to the
 * names' folds joined by a space. */
char *text_search_key_composed(const char *const *parts, size_t n);

/* True if the `len` bytes at `s` are well-formed UTF-8 (RFC 3629: no
 * overlongs, surrogates or code points above U+10FFFF); NUL bytes are
 * allowed (they are U+0000).  For bytes from outside, such as a QR
 * payload. */
bool text_is_utf8(const uint8_t *s, size_t len);

/* True if the `len` bytes at `s` are valid UTF-8 with no NUL. */
bool text_valid_utf8(const char *s, size_t len);

/* How many of the `len` bytes at `s` lead as ASCII: the place of the
 * first byte beyond it (>= 0x80) or, when `nul_stops`, of the first
 * byte that is either that or NUL; `len` when none is.  Eight bytes at
 * a time, the fast path of the checks of text that is mostly ASCII. */
size_t text_ascii_run(const char *s, size_t len, bool nul_stops);

/* After `n = snprintf(out, cap, ...)` of a text cut to its room on
 * purpose (a screen's line, a message quoting a log): false when it
 * fitted; true when it was cut, and then `out` ends "..." at a UTF-8
 * character's start (empty when snprintf failed). */
bool text_cut_mark(char *out, size_t cap, int n);

/* Clean one imported name field in place: line breaks and tabs become
 * single spaces, leading and trailing space is trimmed.  Returns false if
 * other control characters (C0, DEL, C1), bidi overrides or isolates, or
 * invalid UTF-8 remain. */
bool text_clean_field(char *s);

/* Whether the `len` bytes at `s` are printable ASCII with no space at
 * either end and none doubled: a field every check of an imported value
 * passes and text_clean_field leaves as it is. */
bool text_is_clean_ascii(const char *s, size_t len);

/* Remove from the `len` bytes at `s`, in place, what must never be in a
 * stored name: bytes that are not UTF-8, NUL and the other control
 * characters (C0, DEL, C1; TAB, CR and LF stay, for text_clean_field to
 * make spaces) and bidi overrides, embeddings and isolates.  Everything
 * else stays, joiners and marks of every script included.  NUL-terminates
 * the result; returns how many characters or bytes were removed. */
size_t text_strip_unsafe(char *s, size_t len);
/* Remove from the `len` bytes at `s`, in place, each whole terminal
 * escape sequence (ECMA-48: a control sequence such as CSI "ESC [31m", a
 * control string such as OSC "ESC ]0;title BEL", or a two-byte escape
 * such as "ESC c"; introduced by ESC or by its C1 control in UTF-8), so
 * that no "[31m" is left behind when text_strip_unsafe removes the ESC.
 * A sequence never ended stays, for text_strip_unsafe.  NUL-terminates
 * the result; returns how many sequences were removed. */
size_t text_strip_escapes(char *s, size_t len);

/* True if the `len` bytes at `s` are plain text: valid UTF-8 (no
 * overlongs or surrogates) with no control character (C0 including NUL,
 * TAB, CR and LF; DEL; C1) and no bidi override, embedding or isolate.
 * What exports write as text; anything else only as bytes. */
bool text_is_plain(const char *s, size_t len);

/* Make untrusted bytes (a scanned code, a name from a file, a device's
 * message) safe to draw on a terminal: `out` (`cap` bytes, always
 * NUL-terminated) gets the UTF-8 of `s` with TAB, CR and LF as spaces, and
 * every other control character, bidi override, embedding or isolate and
 * every byte that is not valid UTF-8 as U+FFFD, so that nothing in it can
 * move the cursor, start an escape sequence or reorder the screen.  Cut on
 * a character boundary when `cap` is short.  Returns the bytes written. */
size_t text_for_terminal(const char *s, size_t len, char *out, size_t cap);

/* Number of Unicode characters in valid UTF-8 `s`. */
size_t text_length(const char *s);

/* The terminal columns valid UTF-8 `s` takes, by GLib's Unicode tables:
 * two for a character of East Asian width W or F (Japanese, Chinese,
 * Korean), none for a combining mark or a format character (a bidi
 * isolate round a name), one for every other; so that a table whose
 * headings are translated lines up in Japanese and Hindi as in English. */
size_t text_columns(const char *s);

/* The spaces that pad valid UTF-8 `s` to `width` terminal columns
 * (text_columns), 0 when it takes as many or more: a label in a column
 * is printed "%s%*s" with them, never with printf's "%-12s", which pads
 * by bytes and leaves a Japanese, Hindi or accented label out of line.
 * The demo's, the commands' tables' and the station screens' columns. */
int text_pad(const char *s, int width);

#endif
