/* What the organizer's commands tell of an import and of a change to the
 * registrations (moved whole from report/, issue 51: only commands/
 * calls it): an import as `checkin import` tells it (a progress bar, one
 * line per rejected row or warning, a tutorial newly sold beyond its
 * seats, the counts) and the warnings after any change to the
 * registrations.  The other commands' reports are
 * commands/report_commands.h's.  Nothing here changes the file but the
 * import itself (import.h). */
#ifndef CHECKIN_IMPORT_REPORT_H
#define CHECKIN_IMPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checkin/error.h"
#include "checkin/export.h"
#include "checkin/import.h"
#include "checkin/store.h"

/* import_file with `opt`'s format and switches (its callbacks are this
 * module's): a progress bar, rejected rows and warnings on `msgs`; once
 * stored, one warning on `msgs` for each tutorial the import left sold
 * further beyond its seats; the counts as one line on `out`.  Returns
 * import_file's code. */
int report_import(store *s, const char *file, struct import_options *opt,
                  FILE *out, FILE *msgs, struct ck_error *err) CK_MUST_CHECK;
/* The same for the event file `db`, opened and closed here. */
int report_import_file(const char *db, const char *file,
                       struct import_options *opt, FILE *out, FILE *msgs,
                       struct ck_error *err) CK_MUST_CHECK;

/* A row's refusal or warning (`why`, import.h) as one sentence in the
 * language spoken, its pretix position named when it has one, without
 * the file, line or final stop: into `out` (cut to `cap`), returned. */
const char *import_note_text(const struct import_note *why, char *out,
                             size_t cap);

/* Who is booked into two tutorials at one time and how far each tutorial
 * is sold beyond its seats, taken before a change (report_overbooked_take;
 * `have` false when it could not be read), so that
 * report_warn_after_change says only what the change made new. */
struct report_overbooked {
    struct store_stats t;
    bool have;
};
void report_overbooked_take(store *s, struct report_overbooked *o);
/* On `msgs`, one warning per registration the change newly booked into
 * two tutorials at one time and one per tutorial it left sold further
 * beyond its seats than `before`. */
void report_warn_after_change(store *s, struct report_overbooked *before,
                              FILE *msgs);
/* "Ada Lovelace (90003): pandas-intro and asyncio-practice, both at
 * 2027-05-12 09:00": clash `c` in zone `tz`. */
void report_clash_text(const struct store_stats_clash *c, const char *tz,
                       char *out, size_t cap);
/* The event's zone into `tz`, "UTC" if the file does not say. */
void report_event_zone(store *s, char *tz, size_t cap);

#endif
