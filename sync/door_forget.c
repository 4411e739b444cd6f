/* A door's file holds its room, no more. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "checkin/atomic_file.h"
#include "checkin/badge.h"
#include "checkin/credential.h"
#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/pg.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "checkin/vec.h"
#include "sync_parts.h"
#include "sync_priv.h"

/* ---- a door's file holds its room, no more ----------------------------
 *
 * From hub format 7 a door pulls registrations without contact details,
 * with names only of its own tutorial's people and confirmation secrets
 * hashed, and only its tutorial's doors' journal rows (hub_schema.c,
 * LEAST).  A door file that synced with an older hub holds more: at its
 * first sync with a format 7 hub, after its own rows went up, it forgets
 * the rest in one transaction, with SQLite's secure_delete on, and
 * rewrites the file, so that the old values stay in no page of it. */

/* Hash the first column of `select`'s rows, not yet hashed, with
 * `update` taking (?1 the hash, ?2 and ?3 the row's other two columns,
 * its key).  Read whole first: a table changed while a statement steps
 * through it may be stepped through in any order. */
static int hash_rows(struct local *l, const char *select, const char *update,
                     struct ck_error *err)
{
    sqlite3_stmt *q = NULL, *u = NULL;
    sqlite3_value **v = NULL;
    size_t n = 0, cap = 0;
    int code = local_prepare(l, select, &q, N_("forgetting secrets"), err);
    int rc = SQLITE_ROW;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(v, n, 3, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        for (int k = 0; k < 3; k++)
            v[n++] = sqlite3_value_dup(sqlite3_column_value(q, k));
    }
    if (!code && rc != SQLITE_DONE)
        code = local_fail(l, rc, N_("forgetting secrets"), err);
    sqlite3_finalize(q);
    if (!code)
        code = local_prepare(l, update, &u, N_("forgetting secrets"), err);
    for (size_t i = 0; !code && i < n; i += 3) {
        char hashed[CREDENTIAL_SECRET_HASH_CHARS];
        if (!v[i] || !v[i + 1] || !v[i + 2]) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        credential_secret_hash(sqlite3_value_blob(v[i]),
                               (size_t)sqlite3_value_bytes(v[i]), hashed);
        sqlite3_bind_text(u, 1, hashed, -1, SQLITE_TRANSIENT);
        sqlite3_bind_value(u, 2, v[i + 1]);
        sqlite3_bind_value(u, 3, v[i + 2]);
        code = local_done(l, u, N_("forgetting secrets"), err);
    }
    sqlite3_finalize(u);
    for (size_t i = 0; i < n; i++)
        sqlite3_value_free(v[i]);
    free(v);
    return code;
}

/* door_search_key as an SQL function, for sync_door_forgets. */
static void sql_door_search_key(sqlite3_context *ctx, int argc,
                                sqlite3_value **argv)
{
    const char *v[4];
    for (int i = 0; i < 4 && i < argc; i++) {
        const unsigned char *t = sqlite3_value_text(argv[i]);
        v[i] = t ? (const char *)t : "";
    }
    char *key = argc == 4 ? sync_door_search_key(v[0], v[1], v[2], v[3]) : NULL;
    if (key)
        sqlite3_result_text(ctx, key, -1, free);
    else
        sqlite3_result_error_nomem(ctx);
}

/* Whether the file holds anything a door does not: asked at every sync,
 * so that a file that ever pulled from an older hub forgets again. */
static const char DOOR_HOLDS_MORE[] =
    "SELECT EXISTS (SELECT 1 FROM ticket_secret WHERE secret < 'sha256:' OR"
    " secret >= 'sha256;') OR EXISTS (SELECT 1 FROM attendee WHERE email !="
    " '' OR company != '' OR order_code != '' OR sponsor_consent != 0 OR"
    " length(fingerprint) > 0) OR EXISTS (SELECT 1 FROM " JOURNAL_EVERY_ROW
    " WHERE"
    " (station_id IN (SELECT station_id FROM sync_run WHERE own = 0) AND"
    " (mode != 'door' OR target != ?1 OR code NOT LIKE 'sha256:%')) OR"
    " (badge_id IS NULL AND code NOT LIKE 'sha256:%'))";

/* Open a local transaction in which pulled journal rows may be changed:
 * the journal's append-only triggers dropped, their text (as the file
 * has them) in *triggers for journal_relock. */
static int journal_unlock(struct local *l, char **triggers,
                          struct ck_error *err)
{
    *triggers = NULL;
    sqlite3_stmt *q;
    int code = local_prepare(l,
                             "SELECT group_concat(sql || ';', '') FROM"
                             " sqlite_master WHERE type = 'trigger' AND"
                             " tbl_name = 'scan' AND name IN"
                             " ('scan_no_update', 'scan_no_delete')",
                             &q, N_("reading the journal"), err);
    if (code)
        return code;
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        *triggers = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    code = local_begin(l, err);
    if (!code)
        code = local_exec(l,
                          "DROP TRIGGER IF EXISTS scan_no_update;"
                          "DROP TRIGGER IF EXISTS scan_no_delete;",
                          N_("opening the journal"), err);
    if (code) {
        local_rollback(l);
        free(*triggers);
        *triggers = NULL;
    }
    return code;
}

/* The triggers back, then commit (`code` CK_OK) or roll back. */
static int journal_relock(struct local *l, char *triggers, int code,
                          struct ck_error *err)
{
    if (!code && triggers)
        code = local_exec(l, triggers, N_("closing the journal"), err);
    free(triggers);
    if (!code)
        code = local_commit(l, err);
    else
        local_rollback(l);
    return code;
}

/* Rows the hub set aside that this file pulled before (a hub of format
 * 5 or older took them unvetted; its upgrade set them aside, see
 * hub_schema.c TRUST_SWEEP): out of the file, so that it neither counts
 * them nor says "already checked in" from them.  Only other stations'
 * rows: a station's own verdicts stay its record.  The keys come from
 * checkin.set_aside (the organizer reads checkin.quarantine itself).
 * Once per file: a format 6 hub sets aside only rows it never stored, so
 * nothing pulled after that upgrade is ever set aside; the cursor row
 * "set_aside" notes that it was done. */
int sync_drop_set_aside(struct ctx *c, struct ck_error *err)
{
    char done[32];
    int code = sync_cursor_get(c, "set_aside", done, sizeof(done), err);
    if (code || strcmp(done, "0") != 0)
        return code;
    code = sync_identity(c, NULL, err);
    if (code)
        return code;
    PGresult *r;
    code = pg_query(c->pg,
                    c->organizer ? "SELECT station_id, seq FROM"
                                   " checkin.quarantine"
                                 : "SELECT station_id, seq FROM"
                                   " checkin.set_aside",
                    0, NULL, &r, N_("reading what the hub set aside"), err);
    if (code)
        return code;
    static const char HELD[] =
        "SELECT count(*) FROM " JOURNAL_EVERY_ROW
        " WHERE station_id = ?1 AND seq = ?2 AND"
        " station_id IN (SELECT station_id FROM sync_run WHERE own = 0)";
    sqlite3_stmt *q = NULL;
    int n = PQntuples(r), held = 0;
    code = local_prepare(c->l, HELD, &q, N_("reading the journal"), err);
    for (int i = 0; !code && i < n; i++) {
        sqlite3_bind_text(q, 1, PQgetvalue(r, i, 0), -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, sync_val_i64(r, i, 1));
        if (sqlite3_step(q) == SQLITE_ROW)
            held += sqlite3_column_int(q, 0);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    char *triggers = NULL;
    if (!code && held)
        code = journal_unlock(c->l, &triggers, err);
    if (!code && held) {
        code = local_prepare(c->l,
                             "DELETE FROM " JOURNAL_EVERY_ROW
                             " WHERE station_id = ?1 AND seq"
                             " = ?2 AND station_id IN (SELECT station_id FROM"
                             " sync_run WHERE own = 0)",
                             &q, N_("dropping rows the hub set aside"), err);
        for (int i = 0; !code && i < n; i++) {
            sqlite3_bind_text(q, 1, PQgetvalue(r, i, 0), -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 2, sync_val_i64(r, i, 1));
            code =
                local_done(c->l, q, N_("dropping rows the hub set aside"), err);
            c->rep->dropped += sqlite3_changes(c->l->db);
        }
        sqlite3_finalize(q);
        code = journal_relock(c->l, triggers, code, err);
    }
    PQclear(r);
    if (!code)
        code = sync_cursor_set(c, "set_aside", "1", err);
    return code;
}

/* Run `sql` once with ?1 the door's tutorial. */
static int exec_for_room(struct local *l, const char *sql, const char *room,
                         const char *what, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(l, sql, &q, what, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, room, -1, SQLITE_STATIC);
    code = local_done(l, q, what, err);
    sqlite3_finalize(q);
    return code;
}

int sync_door_forgets(struct ctx *c, struct ck_error *err)
{
    struct local *l = c->l;
    sqlite3_stmt *q;
    int code = local_prepare(l, DOOR_HOLDS_MORE, &q,
                             N_("reading the door's file"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, c->target, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    bool more = rc == SQLITE_ROW && sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return local_fail(l, rc, N_("reading the door's file"), err);
    if (!more)
        return CK_OK;
    rc = sqlite3_create_function_v2(l->db, "door_search_key", 4,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                    sql_door_search_key, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return local_fail(l, rc, N_("forgetting"), err);
    char *triggers = NULL;
    code = local_exec(l, "PRAGMA secure_delete = ON", N_("forgetting"), err);
    if (!code)
        code = journal_unlock(l, &triggers, err);
    if (code)
        return code;
    /* Other rooms' rows and every desk's. */
    if (!code)
        code = exec_for_room(
            l,
            "DELETE FROM " JOURNAL_EVERY_ROW
            " WHERE station_id IN (SELECT station_id FROM"
            " sync_run WHERE own = 0) AND NOT (mode = 'door' AND target = ?1)",
            c->target, N_("forgetting other rooms' rows"), err);
    /* Codes in the clear: every one another door scanned, and its own
     * that were not checkin badges (its later scans keep those hashed:
     * station.c, conclude). */
    if (!code)
        code = hash_rows(
            l,
            "SELECT code, station_id, seq FROM " JOURNAL_EVERY_ROW
            " WHERE code NOT LIKE"
            " 'sha256:%' AND (badge_id IS NULL OR station_id IN (SELECT"
            " station_id FROM sync_run WHERE own = 0))",
            "UPDATE scan SET code = ?1 WHERE station_id = ?2 AND seq = ?3",
            err);
    if (!code)
        code = hash_rows(l,
                         "SELECT secret, secret, 0 FROM ticket_secret WHERE"
                         " secret NOT LIKE 'sha256:%'",
                         /* A hash held already (a file that pulled from
                          * a newer hub, then an older one) gives way. */
                         "UPDATE OR REPLACE ticket_secret SET secret = ?1"
                         " WHERE secret = ?2 AND ?3 = 0",
                         err);
    if (!code)
        code = exec_for_room(
            l,
            "UPDATE attendee SET order_code = '', company = '', email = '',"
            " sponsor_consent = 0, fingerprint = x'', given_name = CASE WHEN"
            " mine THEN given_name ELSE '' END, family_name = CASE WHEN mine"
            " THEN family_name ELSE '' END, badge_name = CASE WHEN mine THEN"
            " badge_name ELSE '' END, pronouns = CASE WHEN mine THEN"
            " pronouns ELSE '' END, search_key = CASE WHEN mine THEN"
            " door_search_key(badge_name, given_name, family_name,"
            " ticket_id) ELSE '' END FROM (SELECT a.id AS aid, EXISTS (SELECT"
            " 1 FROM attendee_tutorial x JOIN tutorial t ON t.id ="
            " x.tutorial_id WHERE x.attendee_id = a.id AND t.slug = ?1) AS"
            " mine FROM attendee a) WHERE id = aid",
            c->target, N_("forgetting contact details"), err);
    code = journal_relock(l, triggers, code, err);
    /* secure_delete zeroes the cells and pages freed, but a b-tree's
     * inner pages keep copies of keys (a secret, an order code) as long
     * as the pages stand: VACUUM writes every page anew.  Then the old
     * values out of the write-ahead log, as far as no reader holds it. */
    if (!code)
        code = local_exec(l, "VACUUM", N_("forgetting"), err);
    if (!code)
        sqlite3_exec(l->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
                     NULL);
    return code;
}
