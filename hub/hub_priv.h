/* Private to hub/: what hub.c and hub_status.c share. */
#ifndef CHECKIN_HUB_PRIV_H
#define CHECKIN_HUB_PRIV_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "checkin/error.h"
#include "checkin/sync_hub.h"

/* Open the event database `event_path` and the hub it was published to
 * (hub.c); the caller closes both. */
int hub_open_organizer(const char *event_path, struct local *l,
                       struct local_hub *hub, PGconn **pg,
                       struct ck_error *err) CK_MUST_CHECK;

/* Whether `s` may name a station or a herald: 1-63 of [A-Za-z0-9._:-]. */
bool hub_valid_name(const char *s);

/* The connection string of a login of its own (a station's, a herald's):
 * the organizer's host, port and options from `organizer_url` (or
 * `host`, when not NULL), `pg`'s database, `role` and `password`. */
int hub_conninfo_for(PGconn *pg, const char *organizer_url, const char *host,
                     const char *role, const char *password, char *out,
                     size_t cap, struct ck_error *err) CK_MUST_CHECK;

/* The connection string the herald's file at `path` holds (hub_add_herald
 * wrote it) into `out`; a file missing or not a herald's is one sentence
 * saying what to give instead. */
int hub_herald_file_read(const char *path, char *out, size_t cap,
                         struct ck_error *err) CK_MUST_CHECK;

/* The channel retiring a herald NOTIFYs (its role's name the payload)
 * after taking its login, and every herald LISTENs on: a running herald
 * then reads its own role and, finding it may no longer log in, stops
 * (herald.c).  Only a hint: any role may NOTIFY any channel. */
#define HUB_HERALD_CHANNEL "checkin_herald"

/* SQL: the people inside whose open entry the door of lease row `l` made,
 * as the hub's journal says (an entry closed by an exit naming it, or by
 * one from before exits named their entry, later by the clocks): what
 * releasing its seats never takes.  The hub's rows of a door are at
 * least those it charged at its last sync, which pushes before it takes
 * seats (lease.c). */
#define HUB_INSIDE_L                                                           \
    "(SELECT count(DISTINCT e.attendee_ticket_id) FROM checkin.live_scan e"    \
    " WHERE e.station_uid = l.station_uid AND e.mode = 'door' AND"             \
    " e.target = l.list AND e.decision = 'admit' AND e.direction = 'in'"       \
    " AND NOT EXISTS (SELECT 1 FROM checkin.live_scan o WHERE"                 \
    " o.attendee_ticket_id = e.attendee_ticket_id AND o.mode = 'door' AND"     \
    " o.target = e.target AND o.decision = 'admit' AND o.direction = 'out'"    \
    " AND ((o.ref_station_id = e.station_id AND o.ref_seq = e.seq) OR"         \
    " (o.ref_seq IS NULL AND o.day IS NULL AND (o.at_ms, o.station, o.seq) >"  \
    " (e.at_ms, e.station, e.seq)))))"

/* SQL: whole seconds since station row `s` last synced, by the hub's
 * clock; NULL if it never did.  A last_seen ahead of now() is 0 s:
 * heard just now, not "never" (as `hub status` said of a live desk once
 * in CI), and not a door unseen whose seats may be released.  It happens
 * when the hub's clock steps back (an NTP step at a machine's boot) and
 * when a station's sync commits between this statement's start, which
 * is its now(), and its snapshot, which a loaded hub can stretch. */
#define HUB_SEEN_AGO_S HUB_AGO_S("s.last_seen")
/* The same of any timestamptz column the hub wrote with now(). */
#define HUB_AGO_S(col)                                                         \
    "CASE WHEN " col " IS NULL THEN NULL ELSE greatest(0, floor(extract("      \
    "epoch FROM now() - " col ")))::bigint END"

/* A door not seen for this long, and not retired, may have its seats
 * released: a running door syncs at least every 10 s (sync_worker.h), so
 * ten minutes without a word is a laptop shut or gone, not a slow
 * network; one still deciding offline would keep admitting with seats
 * given to others, so a shorter wait would trade the room's capacity
 * for a few seats. */
#define RELEASE_UNSEEN_S 600

#endif
