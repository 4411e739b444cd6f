/* Merging station databases into the event database: every scan and lead
 * of each station file is added by set union on (station, seq), so merging
 * is idempotent and order-free; nothing is ever overwritten except a
 * lead's note and rating, which the station that owns the lead may edit.
 * The same attendee checked in at two desks (disconnected stations admit
 * both) is kept twice and reported, never dropped. */
#ifndef CHECKIN_MERGE_H
#define CHECKIN_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

struct merge_duplicate {
    const char *ticket_id;
    const char *badge_name;
    const char *stations; /* "desk-1, desk-2" */
    int64_t first_ms, last_ms;
    long admits;
};

struct merge_report {
    long scans_added;       /* new rows */
    long scans_known;       /* already present, identical */
    long scans_conflicting; /* same (station, seq), different content: the
                               event file's row is kept */
    long leads_added;
    long leads_updated; /* note or rating changed at the station */
    struct merge_duplicate *dups; /* after merging, over the whole file */
    size_t ndups;
    void *arena; /* private */
};

/* Merge the station file at `path` into `event` (same event, checked by
 * slug) in one transaction, then list duplicate check-ins.  Accumulates
 * into `out`, which must be zeroed before the first call; free it with
 * merge_report_free(). */
int merge_station(store *event, const char *path,
                  struct merge_report *out /* in, out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* Recompute out->dups: attendees admitted at the desk by more than one
 * station. */
int merge_duplicates(store *event, struct merge_report *out /* in, out */,
                     struct ck_error *err) CK_MUST_CHECK;

void merge_report_free(struct merge_report *r);

#endif
