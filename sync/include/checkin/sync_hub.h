/* What sync/ lends the organizer's hub administration above it (hub/):
 * one sync round over a connection hub/ opened, a new station's first
 * sync, and random identities.  Nothing else above sync/ needs these;
 * stations and commands use checkin/sync.h. */
#ifndef CHECKIN_SYNC_HUB_H
#define CHECKIN_SYNC_HUB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/sync.h"
#include "checkin/sync_local.h"
#include "checkin/sync_worker.h"

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
    /* A desk's revocations (push.c, push_revoked) were read and sent by
     * this connection while the file's data_version (other connections'
     * commits) was `revoked_version`, and no pull since brought a row
     * that can move them (a registration, badge, edit...): until one of
     * the two moves, there is nothing new to read. */
    bool revoked_read;
    int64_t revoked_version;
    /* A desk's push (push.c, sync_push_station) found nothing to send at
     * a sync begun while the file's data_version was `push_version`,
     * the hub's format `push_format`: until another connection commits
     * (the station's decision, its print worker, a command), each kind's
     * unpushed rows are not read again (issue 54: a pulling desk read
     * every kind at every pull).  A pull writes no row a desk pushes. */
    bool push_idle;
    int64_t push_version;
    int push_format;
    /* The hub's answer to the identity check at the last sync that
     * ended well over connection `checked_pg` (NULL: none; its session
     * `checked_pid`): a desk's next sync on it assumes them and has the
     * check made with its first statement to the hub (sync.c). */
    const void *checked_pg;
    int checked_pid;
    int format;
    char kind[16];
    char target[64];
    /* The journal run (station_id) this station's push claimed at the
     * hub on connection `claimed_pg` (its session `claimed_pid`), ""
     * none: a claim is never undone (checkin.run), so a later push of
     * that run's rows on the same session sends no claim (push.c,
     * claim_runs; the journal's foreign key on checkin.run still refuses
     * a row of a run not this station's). */
    const void *claimed_pg;
    int claimed_pid;
    char claimed_run[80];
    /* In: the sync is asked for by the station's own write alone (not
     * the first on a connection, nor the first after one that failed), and
     * every other station's commit reaches it as a notification (its
     * herald's or its connection's LISTEN), each one a pull or a carried
     * check-in of its own.  Then a desk whose push took its rows, all
     * of them check-ins, badges or print jobs, nothing refused or set
     * aside, does not pull after it: a pull leaves out its own rows,
     * so it would bring nothing the notifications did not (docs/sync.md,
     * "No pull after a desk's own push").  Out: `pull_skipped`, it did
     * not pull (its cursors where they were: the next pull reads from
     * there). */
    bool push_only;
    bool pull_skipped;
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

/* `n` random bytes as 2n lower-case hex digits into `out` (2n+1 bytes). */
void sync_random_hex(char *out, size_t n);

#endif
