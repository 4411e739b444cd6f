/* Merging station files into the event database (see merge.h).  The
 * station file is attached to the event's connection (and only read), and the
 * union is a pair of INSERT ... ON CONFLICT statements in one
 * transaction, so a merge that fails half-way leaves nothing behind.  Not
 * for registrations: those come from imports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/merge.h"
#include "store_priv.h"

void merge_report_free(struct merge_report *r)
{
    if (!r)
        return;
    free(r->dups);
    arena_free(r->arena);
    memset(r, 0, sizeof(*r));
}

static int event_slug(store *s, const char *schema, char *out, size_t cap,
                      struct ck_error *err)
{
    char sql[96];
    snprintf(sql, sizeof(sql), "SELECT slug FROM %s.event", schema);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &q, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, "reading the event", err);
    rc = sqlite3_step(q);
    out[0] = '\0';
    if (rc == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, "reading the event", err);
    return CK_OK;
}

static int count(store *s, const char *sql, long *out, struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &q, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, "merging", err);
    rc = sqlite3_step(q);
    *out = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, "merging", err);
    return CK_OK;
}

static int exec_changes(store *s, const char *sql, long *changes,
                        struct ck_error *err)
{
    int rc = sqlite3_exec(store_db(s), sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, "merging", err);
    if (changes)
        *changes = sqlite3_changes(store_db(s));
    return CK_OK;
}

/* Rows of st.scan whose key is already in main.scan. */
#define SAME_KEY                                                              \
    " FROM st.scan x JOIN main.scan m ON m.station = x.station AND"           \
    " m.seq = x.seq"
#define SAME_ROW                                                              \
    " m.at_ms = x.at_ms AND m.mode = x.mode AND m.target = x.target AND"      \
    " m.code = x.code AND m.attendee_ticket_id IS x.attendee_ticket_id AND"   \
    " m.badge_id IS x.badge_id AND m.decision = x.decision AND"               \
    " m.reason = x.reason AND m.direction = x.direction"

static int merge_attached(store *s, struct merge_report *out,
                          struct ck_error *err)
{
    long known = 0, conflicting = 0, added = 0, leads_new = 0,
         leads_changed = 0;
    int code = count(s, "SELECT count(*)" SAME_KEY " WHERE" SAME_ROW, &known,
                     err);
    if (!code)
        code = count(s, "SELECT count(*)" SAME_KEY " WHERE NOT (" SAME_ROW
                        ")", &conflicting, err);
    if (!code)
        code = count(s,
                     "SELECT count(*) FROM st.lead x WHERE NOT EXISTS"
                     " (SELECT 1 FROM main.lead m WHERE m.station ="
                     " x.station AND m.seq = x.seq)",
                     &leads_new, err);
    if (!code)
        code = count(s,
                     "SELECT count(*) FROM st.lead x JOIN main.lead m ON"
                     " m.station = x.station AND m.seq = x.seq WHERE"
                     " m.note IS NOT x.note OR m.rating IS NOT x.rating",
                     &leads_changed, err);
    if (!code)
        code = exec_changes(
            s,
            "INSERT INTO main.scan (station, seq, at_ms, mode, target, code,"
            " attendee_ticket_id, badge_id, decision, reason, direction)"
            " SELECT station, seq, at_ms, mode, target, code,"
            " attendee_ticket_id, badge_id, decision, reason, direction"
            " FROM st.scan WHERE true ON CONFLICT (station, seq) DO NOTHING",
            &added, err);
    if (!code)
        code = exec_changes(
            s,
            "INSERT INTO main.lead (station, seq, sponsor_slug, badge_id,"
            " at_ms, note, rating) SELECT station, seq, sponsor_slug,"
            " badge_id, at_ms, note, rating FROM st.lead WHERE true"
            " ON CONFLICT (station, seq) DO UPDATE SET note = excluded.note,"
            " rating = excluded.rating WHERE note IS NOT excluded.note OR"
            " rating IS NOT excluded.rating",
            NULL, err);
    if (code)
        return code;
    out->scans_added += added;
    out->scans_known += known;
    out->scans_conflicting += conflicting;
    out->leads_added += leads_new;
    out->leads_updated += leads_changed;
    return CK_OK;
}

int merge_station(store *event, const char *path, struct merge_report *out,
                  struct ck_error *err)
{
    /* Opening it first checks that it is a checkin file of a schema we
     * read, with the usual sentences if not. */
    store *st;
    int code = store_open(path, STORE_EXISTING | STORE_READONLY, &st, err);
    if (code)
        return code;
    store_close(st);
    sqlite3 *db = store_db(event);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS st", -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
        sqlite3_finalize(q);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        return store_sqlite_fail(event, rc, "opening the station file",
                                 err);
    char a[128], b[128];
    code = event_slug(event, "main", a, sizeof(a), err);
    if (!code)
        code = event_slug(event, "st", b, sizeof(b), err);
    if (!code && strcmp(a, b))
        code = ck_fail(err, CK_EINVAL,
                       "%s belongs to event '%s', not '%s'; merge it into "
                       "that event's database.", path, b, a);
    if (!code)
        code = store_begin(event, err);
    if (!code) {
        code = merge_attached(event, out, err);
        if (!code)
            code = store_commit(event, err);
        else
            store_rollback(event);
    }
    sqlite3_exec(db, "DETACH DATABASE st", NULL, NULL, NULL);
    if (!code)
        code = merge_duplicates(event, out, err);
    return code;
}

int merge_duplicates(store *event, struct merge_report *out,
                     struct ck_error *err)
{
    free(out->dups);
    out->dups = NULL;
    out->ndups = 0;
    if (!out->arena && !(out->arena = arena_new()))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(
        store_db(event),
        "SELECT s.attendee_ticket_id, coalesce(max(a.badge_name), ''),"
        " group_concat(DISTINCT s.station), min(s.at_ms), max(s.at_ms),"
        " count(*)"
        " FROM scan s LEFT JOIN attendee a ON a.ticket_id ="
        " s.attendee_ticket_id"
        " WHERE s.mode = 'desk' AND s.decision = 'admit' AND"
        " s.attendee_ticket_id IS NOT NULL"
        " GROUP BY s.attendee_ticket_id HAVING count(DISTINCT s.station) > 1"
        " ORDER BY min(s.at_ms)",
        -1, &q, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(event, rc, "finding duplicate check-ins",
                                 err);
    size_t cap = 0;
    int code = CK_OK;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (out->ndups == cap) {
            cap = cap ? cap * 2 : 16;
            struct merge_duplicate *d =
                realloc(out->dups, cap * sizeof(*d));
            if (!d) {
                code = ck_fail(err, CK_ENOMEM, "Out of memory.");
                break;
            }
            out->dups = d;
        }
        struct merge_duplicate *d = &out->dups[out->ndups++];
        d->ticket_id = arena_strdup(out->arena,
                                    (const char *)sqlite3_column_text(q, 0));
        d->badge_name = arena_strdup(out->arena,
                                     (const char *)sqlite3_column_text(q, 1));
        d->stations = arena_strdup(out->arena,
                                   (const char *)sqlite3_column_text(q, 2));
        d->first_ms = sqlite3_column_int64(q, 3);
        d->last_ms = sqlite3_column_int64(q, 4);
        d->admits = (long)sqlite3_column_int64(q, 5);
        if (!d->ticket_id || !d->badge_name || !d->stations) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
    }
    sqlite3_finalize(q);
    if (!code && rc != SQLITE_DONE && rc != SQLITE_ROW)
        code = store_sqlite_fail(event, rc, "finding duplicate check-ins",
                                 err);
    return code;
}
