/* Private: the attendee rows every look-up of the store reads
 * (store.c), for the search (search.c). */
#ifndef CHECKIN_ATTENDEE_ROWS_H
#define CHECKIN_ATTENDEE_ROWS_H

#include <sqlite3.h>

#include "checkin/store.h"

#define ATTENDEE_COLUMNS                                                       \
    "a.id, a.ticket_id, a.order_code, a.status, a.given_name, "                \
    "a.family_name, a.badge_name, a.pronouns, a.company, a.email, t.slug, "    \
    "t.label, a.sponsor_consent, "                                             \
    "(SELECT group_concat(slug, ' ') FROM (SELECT u.slug FROM "                \
    "attendee_tutorial x JOIN tutorial u ON u.id = x.tutorial_id "             \
    "WHERE x.attendee_id = a.id ORDER BY u.starts_at, u.slug)), "              \
    "f.at_ms, f.station, a.testmode, f.read_at_ms "
/* The first desk check-in: earliest by the stations' clocks, ties to the
 * lower station and seq, as the desk's "Already checked in at" says. */
#define SELECT_ATTENDEES                                                       \
    "SELECT " ATTENDEE_COLUMNS " FROM attendee a JOIN ticket_type t ON "       \
    "t.id = a.ticket_type_id LEFT JOIN live_scan f ON (f.station_id, f.seq) "  \
    "= "                                                                       \
    "(SELECT station_id, seq FROM live_scan WHERE attendee_ticket_id = "       \
    "a.ticket_id AND mode = 'desk' AND decision = 'admit' ORDER BY at_ms, "    \
    "station, seq LIMIT 1) "
/* Run an attendee query whose parameters `bind` sets; append rows.
 * `slot`: which of the store's kept statements holds `sql` prepared
 * (fixed SQL only), or -1 to prepare it for this call alone. */
int store_run_attendees(store *s, const char *sql, int slot,
                        void (*bind)(sqlite3_stmt *, const void *),
                        const void *ctx, struct attendee_list *out,
                        struct ck_error *err);

#endif
