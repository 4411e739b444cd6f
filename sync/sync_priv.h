/* Private to sync/: what hub.c and sync.c share. */
#ifndef CHECKIN_SYNC_PRIV_H
#define CHECKIN_SYNC_PRIV_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "checkin/sync.h"
#include "checkin/sync_worker.h"
#include "local.h"

/* What a station last said of itself in its row at the hub (last seen,
 * its clock, backlog, printer) over one connection.  A live worker's
 * sync that pushed nothing and has nothing new to say leaves the row as
 * it is when it was written less than SYNC_SAY_MS ago: a pull another
 * desk's check-in caused then only reads, where rewriting the row cost
 * the hub a write transaction per desk per check-in (docs/sync.md,
 * "Where a check-in's time goes").  Zeroed for a new connection. */
struct sync_said {
    int64_t at_ms; /* util_mono_ms() of the last row written; 0: none */
    long backlog;
    bool with_printer;
    struct sync_printer printer;
    /* This connection has read the desk's oversold notes (oversold.c)
     * since its last sync that pushed a walk-in or failed: the hub notes
     * them only as it takes a walk-in, so until the next such push there
     * is nothing new to read. */
    bool oversold_read;
};

/* "Last seen" is at most this stale for a station in touch: hub status
 * calls a station live for 30 s after it. */
enum { SYNC_SAY_MS = 1000 };

/* Push, then pull, over an open connection to the hub, for the file `l`
 * enrolled as `hub` (its event checked against the hub's first).  For
 * the organizer's event database, `publish` false skips reading and
 * hashing every registration to find changes (the live worker knows the
 * file has not changed since its last publication).  A station's
 * `printer` (NULL: leave what the hub holds) goes with its row update,
 * on a hub of format 4 or newer.  `said` (NULL: none, the row is
 * written) is what the last sync over `pg` wrote in the station's row. */
int sync_with(struct local *l, const struct local_hub *hub, PGconn *pg,
              bool publish, const struct sync_printer *printer,
              struct sync_said *said /* in, out */,
              struct sync_report *out /* in, out */,
              struct ck_error *err) CK_MUST_CHECK;

/* sync_once for the station file `hub add-station` is making at the
 * temporary name `tmp`, to be published at `path` (what its sentences
 * name): no one else has it, so its first pull takes each table in one
 * local transaction without flushing it (pull.c); the publishing syncs
 * the file. */
int sync_new_station(const char *tmp, const char *path,
                     struct sync_report *out /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* Open the event database `event_path` and the hub it was published to
 * (hub.c); the caller closes both. */
int hub_open_organizer(const char *event_path, struct local *l,
                       struct local_hub *hub, PGconn **pg,
                       struct ck_error *err) CK_MUST_CHECK;

/* `seconds` (text, NULL: never) as "42 s ago", "5 min ago", "3 h ago". */
void hub_ago(char *out, size_t cap, const char *seconds);

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

/* A door not seen for this long, and not retired, may have its seats
 * released: a running door syncs at least every 10 s (sync_worker.h), so
 * ten minutes without a word is a laptop shut or gone, not a slow
 * network; one still deciding offline would keep admitting with seats
 * given to others, so a shorter wait would trade the room's capacity
 * for a few seats. */
#define RELEASE_UNSEEN_S 600

/* Journal rows written in the file `l` that the hub does not hold yet. */
long sync_backlog(struct local *l);

/* `n` random bytes as 2n lower-case hex digits into `out` (2n+1 bytes). */
void sync_random_hex(char *out, size_t n);

#endif
