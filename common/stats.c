/* Event-wide counts for `checkin stats`: registrations by status and ticket
 * type, tutorial fill against capacity, and check-ins derived from the scan
 * journal (a check-in is a desk 'admit'; the journal is the only truth). */
#include <stdlib.h>
#include <string.h>

#include "store_priv.h"

void store_stats_free(struct store_stats *st)
{
    if (!st)
        return;
    arena_free(st->arena);
    memset(st, 0, sizeof(*st));
}

long store_stats_over_capacity(const struct store_stats_row *r)
{
    return r->capacity > 0 && r->total > r->capacity ? r->total - r->capacity
                                                     : 0;
}

static int rows(store *s, const char *sql, struct arena *a,
                struct store_stats_row **out, size_t *n, struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &q, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, "counting", err);
    size_t cap = 16;
    *out = arena_alloc(a, cap * sizeof(**out));
    *n = 0;
    while (*out && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            struct store_stats_row *bigger =
                arena_alloc(a, 2 * cap * sizeof(*bigger));
            if (!bigger)
                break;
            memcpy(bigger, *out, cap * sizeof(*bigger));
            *out = bigger;
            cap *= 2;
        }
        struct store_stats_row *r = &(*out)[(*n)++];
        r->slug = arena_strdup(a, (const char *)sqlite3_column_text(q, 0));
        r->label = arena_strdup(a, (const char *)sqlite3_column_text(q, 1));
        r->paid = sqlite3_column_int64(q, 2);
        r->pending = sqlite3_column_int64(q, 3);
        r->cancelled = sqlite3_column_int64(q, 4);
        r->capacity = sqlite3_column_int64(q, 5);
        r->checked_in = sqlite3_column_int64(q, 6);
        r->refunded = sqlite3_column_int64(q, 7); /* 0: tutorials have no 8th */
        r->total = r->paid + r->pending;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return *out ? store_sqlite_fail(s, rc, "counting", err)
                    : ck_fail(err, CK_ENOMEM, "Out of memory.");
    return CK_OK;
}

int store_stats(store *s, struct store_stats *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new();
    if (!out->arena)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    /* One pass over the attendees (the dashboard rebuilds this with
     * 100,000 of them), grouped by ticket type; the event's totals are the
     * types' sums (every attendee has a type: a foreign key). The desks'
     * admissions (far fewer) are looked up by ticket. */
    int code = rows(
        s,
        "SELECT t.slug, t.label, coalesce(a.paid, 0), coalesce(a.pending, 0),"
        " coalesce(a.gone, 0), NULL, coalesce(x.n, 0), coalesce(a.refunded, 0)"
        " FROM ticket_type t LEFT JOIN (SELECT ticket_type_id AS id,"
        "   count(*) FILTER (WHERE status = 'paid') AS paid,"
        "   count(*) FILTER (WHERE status = 'pending') AS pending,"
        "   count(*) FILTER (WHERE status IN ('cancelled','refunded'))"
        "   AS gone, count(*) FILTER (WHERE status = 'refunded') AS refunded"
        "   FROM attendee GROUP BY ticket_type_id) a ON a.id = t.id"
        " LEFT JOIN (SELECT y.ticket_type_id AS id,"
        "   count(DISTINCT x.attendee_ticket_id) AS n FROM scan x JOIN"
        "   attendee y ON y.ticket_id = x.attendee_ticket_id WHERE"
        "   x.mode = 'desk' AND x.decision = 'admit'"
        "   GROUP BY y.ticket_type_id) x ON x.id = t.id"
        " ORDER BY t.id",
        out->arena, &out->types, &out->ntypes, err);
    if (code) {
        store_stats_free(out);
        return code;
    }
    for (size_t i = 0; i < out->ntypes; i++) {
        const struct store_stats_row *r = &out->types[i];
        out->paid += r->paid;
        out->pending += r->pending;
        out->cancelled += r->cancelled - r->refunded;
        out->refunded += r->refunded;
    }
    out->attendees = out->paid + out->pending + out->cancelled + out->refunded;
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(
        store_db(s),
        "SELECT e.name, e.slug,"
        " (SELECT count(DISTINCT attendee_ticket_id) FROM scan"
        "   WHERE mode = 'desk' AND decision = 'admit'),"
        " (SELECT count(*) FROM scan),"
        " (SELECT count(*) FROM scan WHERE mode = 'desk' AND decision ="
        "   'admit' AND override IS NOT NULL)"
        " FROM event e",
        -1, &q, NULL);
    if (rc != SQLITE_OK) {
        store_stats_free(out);
        return store_sqlite_fail(s, rc, "counting", err);
    }
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->event_name =
            arena_strdup(out->arena, (const char *)sqlite3_column_text(q, 0));
        out->event_slug =
            arena_strdup(out->arena, (const char *)sqlite3_column_text(q, 1));
        out->checked_in = sqlite3_column_int64(q, 2);
        out->scans = sqlite3_column_int64(q, 3);
        out->overrides = sqlite3_column_int64(q, 4);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW) {
        store_stats_free(out);
        return rc == SQLITE_DONE
                   ? ck_fail(err, CK_EINVAL,
                             "%s has no event; run 'checkin init' first.",
                             store_path(s))
                   : store_sqlite_fail(s, rc, "counting", err);
    }
    if (!code)
        code = rows(s,
                    "SELECT u.slug, u.title,"
                    " count(a.id) FILTER (WHERE a.status = 'paid'),"
                    " count(a.id) FILTER (WHERE a.status = 'pending'),"
                    " count(a.id) FILTER (WHERE a.status IN "
                    "   ('cancelled','refunded')),"
                    " u.capacity,"
                    " (SELECT count(DISTINCT x.attendee_ticket_id) FROM scan x"
                    "   WHERE x.mode = 'door' AND x.target = u.slug AND"
                    "   x.decision = 'admit')"
                    " FROM tutorial u LEFT JOIN attendee_tutorial m"
                    "   ON m.tutorial_id = u.id"
                    " LEFT JOIN attendee a ON a.id = m.attendee_id"
                    " GROUP BY u.id ORDER BY u.starts_at, u.slug",
                    out->arena, &out->tutorials, &out->ntutorials, err);
    if (code)
        store_stats_free(out);
    return code;
}
