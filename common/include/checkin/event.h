/* The event description: what `checkin init` reads from an INI file (event,
 * ticket types, tutorials, sponsors, registration-system mapping) and writes
 * into a new store.  The format is documented in docs/import-formats.md. */
#ifndef CHECKIN_EVENT_H
#define CHECKIN_EVENT_H

#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* Read the event description at `ini_path` and store it in `s`, which must
 * be a freshly created store.  All or nothing: on any error nothing is
 * written and `err` names the file, line and what to fix. */
int event_load(store *s, const char *ini_path,
               struct ck_error *err) CK_MUST_CHECK;

/* The same for a description of `len` bytes in memory; `name` stands for
 * the file in messages. */
int event_load_buffer(store *s, const char *name, const char *data,
                      size_t len, struct ck_error *err) CK_MUST_CHECK;

/* Convert a local time "YYYY-MM-DD HH:MM" (or "YYYY-MM-DDTHH:MM") in IANA
 * zone `tz` to UTC seconds. */
int event_local_to_utc(const char *local, const char *tz,
                       int64_t *out /* out */) CK_MUST_CHECK;

/* Format UTC seconds as local "YYYY-MM-DD HH:MM" in zone `tz`. */
int event_utc_to_local(int64_t t, const char *tz, char *buf, size_t cap);

/* True if `s` is a valid slug: 1-40 of [a-z0-9-], not starting with '-'. */
int event_valid_slug(const char *s);

#endif
