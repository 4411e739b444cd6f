/* Pull, the journal's side: another station's journal row and a
 * sponsor's lead, as they come down from the hub, each under a run noted
 * as another station's.  Which rows a file pulls, and from which view,
 * is pull.c's table. */
#include <stdint.h>
#include <string.h>

#include "checkin/badge.h"
#include "checkin/i18n.h"
#include "pull_priv.h"

/* Note a journal run pulled from the hub as another station's. */
static int foreign_run(struct ctx *c, sqlite3_stmt **st, int slot,
                       const char *station_id, struct ck_error *err)
{
    int code =
        sync_pull_prep(c, st, slot,
                       "INSERT OR IGNORE INTO sync_run (station_id, own) "
                       "VALUES (?1, 0)",
                       err);
    if (code)
        return code;
    sqlite3_bind_text(st[slot], 1, station_id, -1, SQLITE_TRANSIENT);
    return sync_pull_step(c, st[slot], NULL, err);
}

/* Whether `ticket` is checked in at a desk in the file (a live desk
 * admission: journal_counts' checked_in counts these people), by the
 * journal's index on tickets, in *yes. */
static int checked_in(struct ctx *c, sqlite3_stmt **st, const char *ticket,
                      bool *yes, struct ck_error *err)
{
    int code = sync_pull_prep(
        c, st, 2,
        "SELECT EXISTS (SELECT 1 FROM live_scan WHERE attendee_ticket_id ="
        " ?1 AND mode = 'desk' AND decision = 'admit')",
        err);
    if (code)
        return code;
    sqlite3_bind_text(st[2], 1, ticket, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st[2]);
    *yes = rc == SQLITE_ROW && sqlite3_column_int(st[2], 0) != 0;
    sqlite3_reset(st[2]);
    return rc == SQLITE_ROW ? CK_OK : local_fail(c->l, rc, N_("counting"), err);
}

/* The person whose desk check-in row `i` may add or take back (`act`):
 * a desk's admission's ticket, or that of the desk admission an undo
 * names; "" for any other row, or an undo naming no live desk admission
 * the file holds (then it moves no one). */
static int desk_ticket(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                       const char *act, char *ticket, size_t cap,
                       struct ck_error *err)
{
    ticket[0] = '\0';
    if (!strcmp(act, "scan")) {
        if (!strcmp(PQgetvalue(r, i, 4), "desk") &&
            !strcmp(PQgetvalue(r, i, 9), "admit") && sync_val_str(r, i, 7))
            snprintf(ticket, cap, "%s", PQgetvalue(r, i, 7));
        return CK_OK;
    }
    if (strcmp(act, "undo") || !sync_val_str(r, i, 14) ||
        !sync_val_str(r, i, 15))
        return CK_OK;
    int code = sync_pull_prep(
        c, st, 3,
        "SELECT attendee_ticket_id FROM live_scan WHERE station_id = ?1 AND"
        " seq = ?2 AND mode = 'desk' AND decision = 'admit' AND"
        " attendee_ticket_id IS NOT NULL",
        err);
    if (code)
        return code;
    sqlite3_bind_text(st[3], 1, PQgetvalue(r, i, 14), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st[3], 2, sync_val_i64(r, i, 15));
    int rc = sqlite3_step(st[3]);
    if (rc == SQLITE_ROW)
        snprintf(ticket, cap, "%s",
                 (const char *)sqlite3_column_text(st[3], 0));
    sqlite3_reset(st[3]);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
               ? CK_OK
               : local_fail(c->l, rc, N_("counting"), err);
}

/* What applied row `i` did to the counters, into the pull's open
 * transaction's (ctx.tx_checked_in ...): `ticket` checked in before it
 * (`was`) and after. */
static int counted(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                   const char *act, const char *ticket, bool was,
                   struct ck_error *err)
{
    const char *name = c->hub ? c->hub->name : "";
    if (!strcmp(PQgetvalue(r, i, 1), name))
        c->tx_recount++; /* this station's own scans: counted again */
    else if (strcmp(PQgetvalue(r, i, 4), "desk") || !strcmp(act, "swap") ||
             (!strcmp(act, "undo") && !ticket[0]))
        c->tx_moved++;
    if (!ticket[0])
        return CK_OK;
    bool is = was;
    int code = checked_in(c, st, ticket, &is, err);
    if (!code)
        c->tx_checked_in += (long)is - (long)was;
    return code;
}

int sync_pull_scan(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                   bool *applied, bool *wait, struct ck_error *err)
{
    int code = sync_pull_prep(
        c, st, 0,
        "INSERT OR IGNORE INTO scan (station_id, station, seq, at_ms, mode,"
        " target, code, attendee_ticket_id, badge_id, decision, reason,"
        " direction, override, act, ref_station_id, ref_seq, day, handed,"
        " supervisor, read_at_ms, answers) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
        " ?7, ?8, ?9, ?10, ?11, ?12, ?13, coalesce(?14, 'scan'), ?15, ?16,"
        " ?17, ?18, ?19, ?20, ?21)",
        err);
    if (code)
        return code;
    code = foreign_run(c, st, 1, PQgetvalue(r, i, 0), err);
    if (code)
        return code;
    static uint8_t buf[8192];
    long clen = sync_unhex(PQgetvalue(r, i, 6), buf, sizeof(buf));
    uint8_t badge[BADGE_ID_BYTES];
    const char *bhex = sync_val_str(r, i, 8);
    long blen = bhex ? sync_unhex(bhex, badge, sizeof(badge)) : 0;
    if (clen < 0 || blen < 0) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_stmt *q = st[0];
    sqlite3_bind_text(q, 1, PQgetvalue(r, i, 0), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, PQgetvalue(r, i, 1), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 3, sync_val_i64(r, i, 2));
    sqlite3_bind_int64(q, 4, sync_val_i64(r, i, 3));
    sqlite3_bind_text(q, 5, PQgetvalue(r, i, 4), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 6, PQgetvalue(r, i, 5), -1, SQLITE_TRANSIENT);
    /* As the journal stores it: text of the exact bytes scanned. */
    sqlite3_bind_text(q, 7, (const char *)buf, (int)clen, SQLITE_TRANSIENT);
    if (sync_val_str(r, i, 7))
        sqlite3_bind_text(q, 8, PQgetvalue(r, i, 7), -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, 8);
    if (bhex)
        sqlite3_bind_blob(q, 9, badge, (int)blen, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, 9);
    sqlite3_bind_text(q, 10, PQgetvalue(r, i, 9), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 11, PQgetvalue(r, i, 10), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 12, PQgetvalue(r, i, 11), -1, SQLITE_TRANSIENT);
    /* override, and from format 8 act, ref_station_id, ref_seq, day,
     * handed and supervisor, from format 17 read_at_ms, from 26 answers
     * (NULL: as a row from before them). */
    for (int k = 12; k < 21; k++) {
        const char *v = k < PQnfields(r) ? sync_val_str(r, i, k) : NULL;
        if (!v)
            sqlite3_bind_null(q, k + 1);
        else if (k == 15 || k == 19)
            sqlite3_bind_int64(q, k + 1, sync_val_i64(r, i, k));
        else
            sqlite3_bind_text(q, k + 1, v, -1, SQLITE_TRANSIENT);
    }
    /* The person it may check in or take back, and whether they were
     * checked in before it; not at a file's first pull, which no
     * station runs on yet (it counts the file when it opens). */
    const char *act = PQnfields(r) > 13 && sync_val_str(r, i, 13)
                          ? PQgetvalue(r, i, 13)
                          : "scan";
    char ticket[128] = "";
    bool was = false;
    if (!c->first)
        code = desk_ticket(c, st, r, i, act, ticket, sizeof(ticket), err);
    if (!code && ticket[0])
        code = checked_in(c, st, ticket, &was, err);
    if (code)
        return code;
    int rc;
    code = sync_pull_step(c, q, &rc, err);
    *applied = !code && rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    *wait = !code && rc != SQLITE_DONE;
    if (*applied && !c->first)
        code = counted(c, st, r, i, act, ticket, was, err);
    return code;
}

int sync_pull_lead(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                   bool *applied, bool *wait, struct ck_error *err)
{
    int code = sync_pull_prep(
        c, st, 0,
        "INSERT INTO lead AS l (station_id, station, seq, sponsor_slug,"
        " badge_id, at_ms, note, rating, version, tags) VALUES (?1, ?2,"
        " ?3, ?4, ?5, ?6, ?7, ?8, ?9, coalesce(?10, '')) ON CONFLICT"
        " (station_id, seq) DO UPDATE SET note = excluded.note, rating ="
        " excluded.rating, version = excluded.version, tags ="
        " coalesce(?10, l.tags) WHERE excluded.version > l.version",
        err);
    if (code)
        return code;
    code = foreign_run(c, st, 1, PQgetvalue(r, i, 0), err);
    if (code)
        return code;
    uint8_t badge[BADGE_ID_BYTES];
    if (sync_unhex(PQgetvalue(r, i, 4), badge, sizeof(badge)) !=
        BADGE_ID_BYTES) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_stmt *q = st[0];
    sqlite3_bind_text(q, 1, PQgetvalue(r, i, 0), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, PQgetvalue(r, i, 1), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 3, sync_val_i64(r, i, 2));
    sqlite3_bind_text(q, 4, PQgetvalue(r, i, 3), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(q, 5, badge, sizeof(badge), SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 6, sync_val_i64(r, i, 5));
    sqlite3_bind_text(q, 7, PQgetvalue(r, i, 6), -1, SQLITE_TRANSIENT);
    if (sync_val_str(r, i, 7))
        sqlite3_bind_int64(q, 8, sync_val_i64(r, i, 7));
    else
        sqlite3_bind_null(q, 8);
    sqlite3_bind_int64(q, 9, sync_val_i64(r, i, 8));
    /* A hub of format 11 or older has no tags (NULL): those held stay. */
    if (sync_val_str(r, i, 9))
        sqlite3_bind_text(q, 10, PQgetvalue(r, i, 9), -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, 10);
    int rc;
    code = sync_pull_step(c, q, &rc, err);
    *applied = !code && rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    *wait = !code && rc != SQLITE_DONE;
    c->tx_moved += *applied; /* a sponsor's leads */
    return code;
}
