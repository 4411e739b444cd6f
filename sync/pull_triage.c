/* The triage's sends through the hub (hub format 32, docs/stations.md
 * "The triage"): whom a triage station sent to which desk, kept in the
 * organizer's file's triage_sent as the triage wrote it, so that its
 * dashboard counts each desk's line and wait (report/dashboard_lines.c). */
#include <sqlite3.h>

#include "pull_priv.h"

int sync_pull_triage(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                     bool *applied, bool *wait, struct ck_error *err)
{
    (void)wait;
    int code = sync_pull_prep(
        c, st, 0,
        "INSERT OR IGNORE INTO triage_sent (station_id, seq, station, at_ms,"
        " ticket_id, desk, letters) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        err);
    if (!code)
        code = sync_pull_prep(c, st, 1,
                              "INSERT OR IGNORE INTO sync_triage"
                              " (station_id, seq) VALUES (?1, ?2)",
                              err);
    if (code)
        return code;
    for (int k = 0; k < 2; k++) {
        sqlite3_bind_text(st[k], 1, PQgetvalue(r, i, 0), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st[k], 2, sync_val_i64(r, i, 1));
    }
    sqlite3_bind_text(st[0], 3, PQgetvalue(r, i, 2), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st[0], 4, sync_val_i64(r, i, 3));
    for (int k = 4; k <= 6; k++)
        sqlite3_bind_text(st[0], k + 1, PQgetvalue(r, i, k), -1,
                          SQLITE_TRANSIENT);
    code = sync_pull_step(c, st[0], NULL, err);
    *applied = !code && sqlite3_changes(c->l->db) > 0;
    if (!code)
        code = sync_pull_step(c, st[1], NULL, err);
    return code;
}
