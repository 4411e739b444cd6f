/* Pre-printed badges through the hub (hub format 27, docs/sync.md
 * "Pre-printed badges"): the organizer's run's places, which a desk keeps
 * in its preprint table, and the hand-overs made at other desks, which
 * the desks and the organizer note on the badge's place, so that a second
 * pick-up is refused with when and where the first one was. */
#include <sqlite3.h>

#include "pull_priv.h"

int sync_pull_preprint(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                       bool *applied, bool *wait, struct ck_error *err)
{
    (void)wait;
    /* A place that changed forgets a hand-over of another issue: the run
     * printed a new badge, which is still in its box. */
    int code = sync_pull_prep(
        c, st, 0,
        "INSERT INTO preprint (ticket_id, issue, box, position, run_at_ms)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (ticket_id) DO UPDATE SET"
        " issue = excluded.issue, box = excluded.box, position ="
        " excluded.position, run_at_ms = excluded.run_at_ms, handed_at_ms ="
        " CASE WHEN issue = excluded.issue THEN handed_at_ms END,"
        " handed_station = CASE WHEN issue = excluded.issue THEN"
        " handed_station END WHERE issue IS NOT excluded.issue OR box IS NOT"
        " excluded.box OR position IS NOT excluded.position OR run_at_ms IS"
        " NOT excluded.run_at_ms",
        err);
    if (!code)
        code = sync_pull_prep(c, st, 1,
                              "DELETE FROM preprint WHERE ticket_id = ?1 AND"
                              " issue = ?2",
                              err);
    if (code)
        return code;
    const char *box = sync_val_str(r, i, 2);
    sqlite3_stmt *q = st[box ? 0 : 1];
    sqlite3_bind_text(q, 1, PQgetvalue(r, i, 0), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, sync_val_i64(r, i, 1));
    if (box) {
        sqlite3_bind_text(q, 3, box, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 4, sync_val_i64(r, i, 3));
        sqlite3_bind_int64(q, 5, sync_val_i64(r, i, 4));
    }
    code = sync_pull_step(c, q, NULL, err);
    *applied = !code && sqlite3_changes(c->l->db) > 0;
    return code;
}

int sync_pull_handover(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                       bool *applied, bool *wait, struct ck_error *err)
{
    (void)wait;
    /* The first hand-over the file learns is kept (its own, or the one
     * the hub kept: the hub keeps the first one sent). */
    int code = sync_pull_prep(
        c, st, 0,
        "UPDATE preprint SET handed_at_ms = ?3, handed_station = ?4 WHERE"
        " ticket_id = ?1 AND issue = ?2 AND handed_at_ms IS NULL",
        err);
    if (!code)
        code = sync_pull_prep(c, st, 1,
                              "INSERT OR IGNORE INTO sync_handover"
                              " (ticket_id, issue) VALUES (?1, ?2)",
                              err);
    if (code)
        return code;
    for (int k = 0; k < 2; k++) {
        sqlite3_bind_text(st[k], 1, PQgetvalue(r, i, 0), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st[k], 2, sync_val_i64(r, i, 1));
    }
    sqlite3_bind_int64(st[0], 3, sync_val_i64(r, i, 3));
    sqlite3_bind_text(st[0], 4, PQgetvalue(r, i, 2), -1, SQLITE_TRANSIENT);
    code = sync_pull_step(c, st[0], NULL, err);
    *applied = !code && sqlite3_changes(c->l->db) > 0;
    if (!code)
        code = sync_pull_step(c, st[1], NULL, err);
    return code;
}
