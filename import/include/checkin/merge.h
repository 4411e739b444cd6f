/* Merging station databases into the event database: every scan and lead
 * of each station file is added by set union on (station_id, seq), so
 * merging is idempotent and order-free; nothing is ever overwritten except
 * a lead's note and rating, where the newest edit wins in any order.  A
 * file of another event, or of a separate init of this one, is refused; a
 * sponsor's station file brings only its sponsor's leads; rows over the
 * limits checkin's stations keep (a note of 500 bytes, a code of 8 KiB)
 * are refused and counted.
 * A station file also brings its walk-ins and edits and the auction's
 * acts (paddles, wins, settlements), a sponsor's neither.
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
    long scans_conflicting; /* same (station_id, seq), different content:
                               the event file's row is kept */
    long leads_added;
    long leads_updated;       /* a newer edit of note or rating */
    long rows_oversized;      /* refused: a field over checkin's own limits */
    long rows_other_role;     /* refused: not a lead of the file's sponsor */
    long registrations_added; /* walk-ins and edits made at desks */
    /* walk-ins the event cannot hold (a ticket type it lacks): kept as
     * rows, not made attendees; the first one's sentence */
    long registrations_left_out;
    char registrations_why[512];
    long auction_added; /* the auction's paddles, wins and settlements */
    struct merge_duplicate *dups; /* after merging, over the whole file */
    size_t ndups;
    void *arena; /* private */
};

/* Merge the station file at `path` into `event` (same event: slug and
 * identity, refused in a sentence otherwise) in one transaction, then
 * list duplicate check-ins.  Accumulates into `out`, which must be
 * zeroed before the first call; free it with merge_report_free(). */
int merge_station(store *event, const char *path,
                  struct merge_report *out /* in, out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* Recompute out->dups: attendees admitted at the desk by more than one
 * station. */
int merge_duplicates(store *event, struct merge_report *out /* in, out */,
                     struct ck_error *err) CK_MUST_CHECK;

void merge_report_free(struct merge_report *r);

#endif
