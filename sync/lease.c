/* Seat leases (issue 29.3; docs/admission.md, "Capacity across doors:
 * seat leases"): at each sync a door of a tutorial or list with a
 * capacity asks the hub for seats while it holds fewer than its share,
 * and gives back down to its share when it holds more, never below the
 * people inside it let in.  A seat given back is given back in the file
 * first (under the journal's lock, so that no decision counts it
 * meanwhile) and then at the hub: a kill between the two leaves the hub
 * counting it held a while longer, never a seat counted twice.  The
 * door's rules read the file's row (station/kind_door.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/atomic_file.h"
#include "checkin/hub_schema.h"
#include "checkin/journal.h"
#include "checkin/pg.h"
#include "sync_parts.h"
#include "sync_priv.h"

static const char WHAT[] = "settling the door's seats";

/* The file's `released` for the door's list up at the hub (it only
 * grows there: GREATEST keeps a later push from lowering it). */
static int push_released(struct ctx *c, long released, struct ck_error *err)
{
    char n[24];
    snprintf(n, sizeof(n), "%ld", released);
    const char *params[2] = {c->target, n};
    PGresult *r;
    int code = pg_query(c->pg,
                        "UPDATE checkin.seat_lease SET released ="
                        " greatest(released, $2::int) WHERE list = $1 AND"
                        " station_uid = (SELECT checkin.me_uid()) AND"
                        " released < $2::int",
                        2, params, &r, WHAT, err);
    PQclear(r);
    return code;
}

/* The file's lease for the door's list: *found, granted and released. */
static int read_lease(struct ctx *c, bool *found, long *granted, long *released,
                      struct ck_error *err)
{
    *found = false;
    *granted = *released = 0;
    sqlite3_stmt *q;
    int code = local_prepare(c->l,
                             "SELECT granted, released FROM list_lease"
                             " WHERE list_slug = ?1",
                             &q, WHAT, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, c->target, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = true;
        *granted = (long)sqlite3_column_int64(q, 0);
        *released = (long)sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return local_fail(c->l, rc, WHAT, err);
    return CK_OK;
}

/* The people inside whose open entry this file made (what it charges),
 * from room_open as the door's verdict counts them (journal_seats). */
static int read_charged(struct ctx *c, long *charged, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(
        c->l,
        "SELECT count(DISTINCT e.attendee_ticket_id) FROM"
        " room_open e WHERE e.target = ?1 AND " JOURNAL_OWN_ROW("e"),
        &q, WHAT, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, c->target, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *charged = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return local_fail(c->l, rc, WHAT, err);
    return CK_OK;
}

/* What the hub granted, noted in the file, and seats given back down to
 * the share (never below what the door charges); *released: the file's
 * released after. */
static int settle(struct ctx *c, long granted, long hub_released, long share,
                  const char *others, long *released, struct ck_error *err)
{
    int code = local_begin(c->l, err);
    bool found;
    long had_granted, had_released, charged = 0;
    if (!code)
        code = read_lease(c, &found, &had_granted, &had_released, err);
    if (!code)
        code = read_charged(c, &charged, err);
    if (code) {
        local_rollback(c->l);
        return code;
    }
    /* The file holds what the hub granted (it only grows there), never
     * more; its released is the larger of the two. */
    (void)had_granted;
    long g = granted;
    long rel = had_released > hub_released ? had_released : hub_released;
    if (rel > g)
        rel = g;
    long keep = share > charged ? share : charged;
    if (g - rel > keep)
        rel = g - keep;
    sqlite3_stmt *q;
    code =
        local_prepare(c->l,
                      "INSERT INTO list_lease (list_slug, granted, released,"
                      " share, others, synced_ms) VALUES (?1, ?2, ?3, ?4,"
                      " ?5, ?6) ON CONFLICT (list_slug) DO UPDATE SET granted ="
                      " excluded.granted, released = excluded.released,"
                      " share = excluded.share, others = excluded.others,"
                      " synced_ms = excluded.synced_ms",
                      &q, WHAT, err);
    if (!code) {
        sqlite3_bind_text(q, 1, c->target, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, g);
        sqlite3_bind_int64(q, 3, rel);
        sqlite3_bind_int64(q, 4, share);
        sqlite3_bind_text(q, 5, others, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, store_now_ms());
        code = local_done(c->l, q, WHAT, err);
        sqlite3_finalize(q);
    }
    if (!code)
        code = local_commit(c->l, err);
    else
        local_rollback(c->l);
    *released = rel;
    return code;
}

int sync_seat_lease(struct ctx *c, struct ck_error *err)
{
    bool found;
    long granted, released;
    int code = read_lease(c, &found, &granted, &released, err);
    /* What a sync cut short gave back in the file, first. */
    if (!code && found && released > 0)
        code = push_released(c, released, err);
    /* What the door's seats hold now, for its share. */
    long charged = 0;
    if (!code)
        code = read_charged(c, &charged, err);
    char n[24];
    snprintf(n, sizeof(n), "%ld", charged);
    PGresult *r = NULL;
    const char *params[2] = {c->target, n};
    if (!code)
        code = pg_query(c->pg, "SELECT * FROM checkin.take_seats($1, $2::int)",
                        2, params, &r, WHAT, err);
    if (code)
        return code;
    if (PQntuples(r) != 1) {
        /* No capacity (any more): the door counts the file, as before. */
        PQclear(r);
        if (!found)
            return CK_OK;
        sqlite3_stmt *q;
        code = local_prepare(
            c->l, "DELETE FROM list_lease WHERE list_slug = ?1", &q, WHAT, err);
        if (!code) {
            sqlite3_bind_text(q, 1, c->target, -1, SQLITE_STATIC);
            code = local_done(c->l, q, WHAT, err);
            sqlite3_finalize(q);
        }
        return code;
    }
    long hub_granted = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    long hub_released = strtol(PQgetvalue(r, 0, 1), NULL, 10);
    long share = strtol(PQgetvalue(r, 0, 2), NULL, 10);
    char others[256];
    snprintf(others, sizeof(others), "%s", PQgetvalue(r, 0, 3));
    PQclear(r);
    code = settle(c, hub_granted, hub_released, share, others, &released, err);
    /* Tests kill the door here: the file has given seats back, the hub
     * does not know yet. */
    if (!code)
        atomic_file_kill_point("lease-released", c->l->path);
    if (!code && released > hub_released)
        code = push_released(c, released, err);
    if (!code) {
        c->rep->seats_here = hub_granted - released;
        c->rep->seats_share = share;
        c->rep->leased = true;
    }
    return code;
}
