/* The event description: what `checkin init` reads from an INI file (event,
 * ticket types, tutorials, sponsors, check-in lists, registration-system
 * mapping) and writes
 * into a new store.  The format is documented in docs/import-formats.md. */
#ifndef CHECKIN_EVENT_H
#define CHECKIN_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/localtime.h" /* the event's zone conversions */
#include "checkin/store.h"

/* Read the event description at `ini_path` and store it in `s`, which must
 * be a freshly created store.  All or nothing: on any error nothing is
 * written and `err` names the file, line and what to fix. */
int event_load(store *s, const char *ini_path,
               struct ck_error *err) CK_MUST_CHECK;

/* The same for a description of `len` bytes in memory; `name` stands for
 * the file in messages. */
int event_load_buffer(store *s, const char *name, const char *data, size_t len,
                      struct ck_error *err) CK_MUST_CHECK;

/* What `checkin event` changed, one line each ("tutorial pandas-intro:
 * room A1 -> Hall B; capacity 26 -> 40"); owned by the report. */
struct event_update_report {
    char **lines;
    size_t n;
};

/* Apply the edited event description at `ini_path` to the event database
 * `s`, in one transaction: rows are matched by slug; changed fields are
 * updated, new ticket types, tutorials and sponsors added, unreferenced
 * ones the file no longer lists removed, the registration-system mapping
 * and its settings replaced, and the check-in lists and ticket types'
 * days replaced (a list whose door has scanned may not be removed).  Refused,
 * with nothing stored and `err` naming the slug and what to do: another event
 * (a different slug), a removed ticket type, tutorial or sponsor that
 * registrations, badges, scans or leads refer to, a changed time zone once
 * anything was scanned, a station's file.  The INI file is only read.  *out
 * lists the changes (none: nothing changed); free it with
 * event_update_report_free. */
int event_update(store *s, const char *ini_path,
                 struct event_update_report *out /* out */,
                 struct ck_error *err) CK_MUST_CHECK;

/* Free the lines; accepts NULL and a zeroed report. */
void event_update_report_free(struct event_update_report *r);

/* True if `s` is a valid slug: 1-40 of [a-z0-9-], not starting with '-'. */
int event_valid_slug(const char *s);

#endif
