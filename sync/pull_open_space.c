/* Open spaces through the hub (hub format 30, docs/open-spaces.md "Boards
 * through the hub"): another station's claim or release of a room's slot,
 * kept in the file's open_space_claim as it was written there, so that
 * every board folds the same rows the same way (event/open_space.c). */
#include <sqlite3.h>

#include "pull_priv.h"

int sync_pull_open_space(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                         bool *applied, bool *wait, struct ck_error *err)
{
    (void)wait;
    int code = sync_pull_prep(
        c, st, 0,
        "INSERT OR IGNORE INTO open_space_claim (station_id, seq, station,"
        " at_ms, act, room, slot_ms, host_ticket_id, title) VALUES (?1, ?2,"
        " ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        err);
    if (!code)
        code = sync_pull_prep(c, st, 1,
                              "INSERT OR IGNORE INTO sync_open_space"
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
    for (int k = 4; k <= 5; k++)
        sqlite3_bind_text(st[0], k + 1, PQgetvalue(r, i, k), -1,
                          SQLITE_TRANSIENT);
    sqlite3_bind_int64(st[0], 7, sync_val_i64(r, i, 6));
    const char *host = sync_val_str(r, i, 7);
    if (host)
        sqlite3_bind_text(st[0], 8, host, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st[0], 8);
    sqlite3_bind_text(st[0], 9, PQgetvalue(r, i, 8), -1, SQLITE_TRANSIENT);
    code = sync_pull_step(c, st[0], NULL, err);
    *applied = !code && sqlite3_changes(c->l->db) > 0;
    if (!code)
        code = sync_pull_step(c, st[1], NULL, err);
    return code;
}
