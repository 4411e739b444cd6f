/* See preprint.h: the table `preprint` of schema 20.  A badge's place is
 * kept by ticket id, as every file of the event names the person the same
 * way; whether a reprint superseded it is read from the badges issued
 * since (table `badge`), never stored twice. */
#include "checkin/preprint.h"
#include "checkin/i18n.h"

#include <stdio.h>
#include <string.h>

#include "checkin/store_sql.h"

int preprint_clear(store *s, struct ck_error *err)
{
    return store_exec(s, "DELETE FROM preprint", err);
}

int preprint_put(store *s, const struct preprint *p, struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = store_prepare(s,
                           "INSERT OR REPLACE INTO preprint (ticket_id, issue,"
                           " box, position, run_at_ms) VALUES (?1, ?2, ?3,"
                           " ?4, ?5)",
                           NULL, &q, N_("recording a pre-printed badge"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, p->ticket_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 2, p->issue);
    sqlite3_bind_text(q, 3, p->box, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, p->position);
    sqlite3_bind_int64(q, 5, p->run_at_ms);
    return store_step_done(s, q, N_("recording a pre-printed badge"), err);
}

static void text_col(sqlite3_stmt *q, int col, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(out, cap, "%s", t ? (const char *)t : "");
}

static void row_of(sqlite3_stmt *q, struct preprint *p)
{
    *p = (struct preprint){0};
    text_col(q, 0, p->ticket_id, sizeof(p->ticket_id));
    p->issue = sqlite3_column_int(q, 1);
    text_col(q, 2, p->box, sizeof(p->box));
    p->position = (long)sqlite3_column_int64(q, 3);
    p->run_at_ms = sqlite3_column_int64(q, 4);
    p->handed_at_ms = sqlite3_column_int64(q, 5);
    text_col(q, 6, p->handed_station, sizeof(p->handed_station));
}

#define COLUMNS                                                                \
    "p.ticket_id, p.issue, p.box, p.position, p.run_at_ms,"                    \
    " coalesce(p.handed_at_ms, 0), p.handed_station"

int preprint_get(store *s, const char *ticket_id, struct preprint *out,
                 bool *found, struct ck_error *err)
{
    *found = false;
    *out = (struct preprint){0};
    sqlite3_stmt *q;
    int rc = store_prepare(s,
                           "SELECT " COLUMNS " FROM preprint p"
                           " WHERE p.ticket_id = ?1",
                           NULL, &q, N_("reading a pre-printed badge"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        row_of(q, out);
        *found = true;
        rc = SQLITE_DONE;
    }
    int code =
        rc == SQLITE_DONE
            ? CK_OK
            : store_sqlite_fail(s, rc, N_("reading a pre-printed badge"), err);
    sqlite3_finalize(q);
    return code;
}

int preprint_hand(store *s, const char *ticket_id, int64_t at_ms,
                  const char *station, bool *done, struct ck_error *err)
{
    *done = false;
    sqlite3_stmt *q;
    int rc =
        store_prepare(s,
                      "UPDATE preprint SET handed_at_ms = ?2,"
                      " handed_station = ?3 WHERE ticket_id = ?1 AND"
                      " handed_at_ms IS NULL",
                      NULL, &q, N_("handing over a pre-printed badge"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, at_ms);
    sqlite3_bind_text(q, 3, station, -1, SQLITE_STATIC);
    rc = store_step_done(s, q, N_("handing over a pre-printed badge"), err);
    if (!rc)
        *done = sqlite3_changes(store_db(s)) > 0;
    return rc;
}

/* Not handed over, and still the attendee's newest badge. */
#define UNCOLLECTED                                                            \
    " FROM preprint p JOIN attendee a ON a.ticket_id = p.ticket_id"            \
    " WHERE p.handed_at_ms IS NULL AND p.issue >= (SELECT"                     \
    " coalesce(max(b.issue), 0) FROM badge b WHERE b.attendee_id = a.id"       \
    " AND b.tutorial_id IS NULL)"

int preprint_uncollected(store *s,
                         int (*fn)(void *ctx, const struct preprint *p,
                                   const char *badge_name),
                         void *ctx, struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = store_prepare(s,
                           "SELECT " COLUMNS ", a.badge_name" UNCOLLECTED
                           " ORDER BY p.box, p.position",
                           NULL, &q, N_("reading the pre-printed badges"), err);
    if (rc)
        return rc;
    int code = CK_OK;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct preprint p;
        row_of(q, &p);
        const unsigned char *name = sqlite3_column_text(q, 7);
        code = fn(ctx, &p, name ? (const char *)name : "");
    }
    if (!code && rc != SQLITE_DONE)
        code =
            store_sqlite_fail(s, rc, N_("reading the pre-printed badges"), err);
    sqlite3_finalize(q);
    return code;
}

int preprint_counts(store *s, long *uncollected, long *all,
                    struct ck_error *err)
{
    *uncollected = *all = 0;
    sqlite3_stmt *q;
    int64_t n = 0;
    int rc = store_prepare(s, "SELECT count(*)" UNCOLLECTED, NULL, &q,
                           N_("counting the pre-printed badges"), err);
    if (!rc)
        rc = store_step_int64(s, q, false, &n, NULL,
                              N_("counting the pre-printed badges"), err);
    *uncollected = (long)n;
    n = 0;
    if (!rc)
        rc = store_prepare(s, "SELECT count(*) FROM preprint", NULL, &q,
                           N_("counting the pre-printed badges"), err);
    if (!rc)
        rc = store_step_int64(s, q, false, &n, NULL,
                              N_("counting the pre-printed badges"), err);
    *all = (long)n;
    return rc;
}
