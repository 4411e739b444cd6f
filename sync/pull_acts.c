/* Other files' acts kept as they were written there, one table each,
 * keyed like the journal by (station_id, seq) and noted in a sync_ table
 * of the same key, so that every file folds the same rows the same way:
 *
 * - open spaces' claims and releases (hub format 30, docs/open-spaces.md
 *   "Boards through the hub"; event/open_space.c folds them);
 * - the triage's sends (hub format 32, docs/stations.md "The triage"):
 *   the organizer's dashboard counts each desk's line and wait from them
 *   (report/dashboard_lines.c);
 * - the auction's paddles, wins and settlements (hub format 33,
 *   docs/auction.md "Through the hub"): the pay desk at one station sees
 *   the wins recorded at another (event/auction.c). */
#include <sqlite3.h>
#include <string.h>

#include "pull_priv.h"

/* Row `i` of `r` into the table by `insert` (?1 to ?N, N the length of
 * `cols`: a column each, 't' text ("" for NULL), 'n' text or NULL, 'i' an
 * integer), then its key into the sync_ table by `note` (?1, ?2: the
 * first two columns, station_id and seq). */
static int keep_act(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                    const char *insert, const char *note, const char *cols,
                    bool *applied, struct ck_error *err)
{
    int code = sync_pull_prep(c, st, 0, insert, err);
    if (!code)
        code = sync_pull_prep(c, st, 1, note, err);
    if (code)
        return code;
    /* A column a parameter, and each in the hub's answer. */
    int n = (int)strlen(cols);
    if (sqlite3_bind_parameter_count(st[0]) != n || PQnfields(r) < n)
        return ck_fail(err, CK_EINVAL,
                       "An act's columns do not match its statement; this is "
                       "a bug in checkin, please report it.");
    for (int k = 0; k < n; k++) {
        const char *v = sync_val_str(r, i, k);
        for (int s = 0; s < (k < 2 ? 2 : 1); s++) {
            if (cols[k] == 'i')
                sqlite3_bind_int64(st[s], k + 1, sync_val_i64(r, i, k));
            else if (cols[k] == 'n' && !v)
                sqlite3_bind_null(st[s], k + 1);
            else
                sqlite3_bind_text(st[s], k + 1, PQgetvalue(r, i, k), -1,
                                  SQLITE_TRANSIENT);
        }
    }
    code = sync_pull_step(c, st[0], NULL, err);
    *applied = !code && sqlite3_changes(c->l->db) > 0;
    if (!code)
        code = sync_pull_step(c, st[1], NULL, err);
    return code;
}

int sync_pull_open_space(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                         bool *applied, bool *wait, struct ck_error *err)
{
    (void)wait;
    return keep_act(c, st, r, i,
                    "INSERT OR IGNORE INTO open_space_claim (station_id, seq,"
                    " station, at_ms, act, room, slot_ms, host_ticket_id,"
                    " title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    "INSERT OR IGNORE INTO sync_open_space (station_id, seq)"
                    " VALUES (?1, ?2)",
                    "titittint", applied, err);
}

int sync_pull_triage(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                     bool *applied, bool *wait, struct ck_error *err)
{
    (void)wait;
    return keep_act(c, st, r, i,
                    "INSERT OR IGNORE INTO triage_sent (station_id, seq,"
                    " station, at_ms, ticket_id, desk, letters) VALUES (?1,"
                    " ?2, ?3, ?4, ?5, ?6, ?7)",
                    "INSERT OR IGNORE INTO sync_triage (station_id, seq)"
                    " VALUES (?1, ?2)",
                    "titittt", applied, err);
}

int sync_pull_auction(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                      bool *applied, bool *wait, struct ck_error *err)
{
    (void)wait;
    return keep_act(c, st, r, i,
                    "INSERT OR IGNORE INTO auction_act (station_id, seq,"
                    " station, at_ms, act, paddle, ticket_id, lot,"
                    " amount_cents, of_station_id, of_seq, reason) VALUES"
                    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                    "INSERT OR IGNORE INTO sync_auction (station_id, seq)"
                    " VALUES (?1, ?2)",
                    "tititittitit", applied, err);
}
