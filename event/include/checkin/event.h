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

/* What a line of `checkin event`'s report is about: a row changed, added
 * or removed (its slug in `slug`), the registration system's mapping of
 * one item, a setting (its whole key in `slug`, "csv.status.paid"), a
 * check-in list ("" the admission list) or an acknowledgement. */
enum event_line_of {
    EVENT_LINE_EVENT,
    EVENT_LINE_TICKET_TYPE,
    EVENT_LINE_NEW_TICKET_TYPE,
    EVENT_LINE_REMOVED_TICKET_TYPE,
    EVENT_LINE_TUTORIAL,
    EVENT_LINE_NEW_TUTORIAL,
    EVENT_LINE_REMOVED_TUTORIAL,
    EVENT_LINE_SPONSOR,
    EVENT_LINE_NEW_SPONSOR,
    EVENT_LINE_REMOVED_SPONSOR,
    EVENT_LINE_PRETIX_ITEM,
    EVENT_LINE_SETTING,
    EVENT_LINE_LIST,
    EVENT_LINE_ACK,
};

/* One change on a line, its values as the description writes them (a
 * time "YYYY-MM-DD HH:MM" in the event's zone); NULL is none. */
enum event_change_what {
    /* v[0] the old value, v[1] the new; NULL: none (a setting, a list's
     * field), or every day (DAYS). */
    EVENT_CHANGE_NAME,
    EVENT_CHANGE_START,
    EVENT_CHANGE_END,
    EVENT_CHANGE_TIME_ZONE,
    EVENT_CHANGE_LABEL,
    EVENT_CHANGE_COLOUR,
    EVENT_CHANGE_TITLE,
    EVENT_CHANGE_ROOM,
    EVENT_CHANGE_CAPACITY,
    EVENT_CHANGE_DAYS,
    EVENT_CHANGE_VALUE, /* a setting's */
    EVENT_CHANGE_ONCE,  /* a list's keys, from here to STOCK */
    EVENT_CHANGE_EXITS,
    EVENT_CHANGE_WHO,
    EVENT_CHANGE_HOURS,
    EVENT_CHANGE_SHOW,
    EVENT_CHANGE_STOCK,
    /* No values: a list or acknowledgement added or removed, an
     * acknowledgement's text or languages changed. */
    EVENT_CHANGE_ADDED,
    EVENT_CHANGE_REMOVED,
    EVENT_CHANGE_TEXT,
    EVENT_CHANGE_LANGUAGES,
    /* A new row: a ticket type's label and colour; a sponsor's name; a
     * tutorial's title, room, start and end (its "HH:MM" alone when it
     * ends the day it starts), `n` its seats. */
    EVENT_CHANGE_NEW_TICKET_TYPE,
    EVENT_CHANGE_NEW_SPONSOR,
    EVENT_CHANGE_NEW_TUTORIAL,
    /* An item's mapping: v[0] the slug it was mapped to, v[1] the slug it
     * is; `n` bit 0 set when v[0] is a tutorial's (else a ticket type's),
     * bit 1 when v[1] is. */
    EVENT_CHANGE_MAPPED,   /* newly, to v[1] */
    EVENT_CHANGE_UNMAPPED, /* no longer (was v[0]) */
    EVENT_CHANGE_REMAPPED, /* v[0] -> v[1] */
};

struct event_change {
    enum event_change_what what;
    char *v[4];
    long long n;
};

/* One line of what `checkin event` changed: about what, and its changes
 * in the order said (none for a removed row). */
struct event_update_line {
    enum event_line_of of;
    char *slug;
    struct event_change *changes;
    size_t n;
};

/* What `checkin event` changed, one line each; owned by the report and
 * said by commands/ in the organizer's language ("tutorial pandas-intro:
 * room A1 -> Hall B; capacity 26 -> 40"). */
struct event_update_report {
    struct event_update_line *lines;
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
