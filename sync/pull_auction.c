/* The auction through the hub (hub format 33, docs/auction.md "Through
 * the hub"): another file's paddle, win or settlement, kept in this
 * file's auction_act as it was written there, so that every station
 * works out what each winner owes from the same rows (event/auction.c):
 * the pay desk at one station sees the wins recorded at another. */
#include <sqlite3.h>

#include "pull_priv.h"

int sync_pull_auction(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                      bool *applied, bool *wait, struct ck_error *err)
{
    (void)wait;
    int code = sync_pull_prep(
        c, st, 0,
        "INSERT OR IGNORE INTO auction_act (station_id, seq, station, at_ms,"
        " act, paddle, ticket_id, lot, amount_cents) VALUES (?1, ?2, ?3, ?4,"
        " ?5, ?6, ?7, ?8, ?9)",
        err);
    if (!code)
        code = sync_pull_prep(c, st, 1,
                              "INSERT OR IGNORE INTO sync_auction"
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
    sqlite3_bind_text(st[0], 5, PQgetvalue(r, i, 4), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st[0], 6, sync_val_i64(r, i, 5));
    for (int k = 6; k <= 7; k++)
        sqlite3_bind_text(st[0], k + 1, PQgetvalue(r, i, k), -1,
                          SQLITE_TRANSIENT);
    sqlite3_bind_int64(st[0], 9, sync_val_i64(r, i, 8));
    code = sync_pull_step(c, st[0], NULL, err);
    *applied = !code && sqlite3_changes(c->l->db) > 0;
    if (!code)
        code = sync_pull_step(c, st[1], NULL, err);
    return code;
}
