/* An acknowledgement's words in other languages (issue 55; ack_words.c,
 * docs/import-formats.md "Acknowledgements"): an [acknowledge SLUG]
 * section's "title[de]" and "text[de]", kept as the setting
 * "ack.SLUG.TAG" ({"title", "text"}). */
#ifndef CHECKIN_ACK_H
#define CHECKIN_ACK_H

#include <stdbool.h>
#include <stddef.h>

#include "checkin/error.h"
#include "checkin/event_line.h"
#include "checkin/store.h"

/* A language tag's room ("pt-br", "de-informal"). */
#define ACK_TAG_CAP 24

/* Whether an [acknowledge SLUG] key gives words in a language
 * ("title[de]"). */
bool ack_words_key(const char *key);

/* `key` = `value` added to `*words` (the section's languages so far, as
 * a JSON object's text, NULL for none; replaced).  CK_EINVAL with a
 * sentence at `at` (the line's file and line) for a key of no language
 * tag, a title or text too long, or one given twice; CK_ENOMEM (no
 * sentence) too. */
int ack_words_add(char **words, const char *key, const char *value,
                  size_t title_max, size_t text_max,
                  const struct event_line *at) CK_MUST_CHECK;

/* Acknowledgement `slug`'s `words` (ack_words_add's) into the event
 * file's settings, in the caller's transaction; CK_EINVAL with one
 * sentence naming `path` when a language has a title without a text or
 * the other way round. */
int ack_words_write(store *s, const char *slug, const char *words,
                    const char *path, struct ck_error *err) CK_MUST_CHECK;

/* The title and text of `words` (the setting "ack.SLUG.*" rows as one
 * JSON object, {"de": {"title", "text"}}) for `locale` ("de",
 * "pt_BR.UTF-8", "pt-BR"): its own, else one of the same language; false
 * (nothing written) when there is none. */
bool ack_words_for(const char *words, const char *locale, char *title,
                   size_t title_cap, char *text, size_t text_cap);

#endif
