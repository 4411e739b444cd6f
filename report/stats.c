/* Event-wide counts for `checkin stats`: registrations by status and ticket
 * type, tutorial fill against capacity, and check-ins derived from the scan
 * journal (a check-in is a desk 'admit'; the journal is the only truth). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/store_sql.h"

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
    int code = store_prepare(s, sql, NULL, &q, N_("counting"), err);
    if (code)
        return code;
    int rc = SQLITE_OK;
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
        return *out ? store_sqlite_fail(s, rc, N_("counting"), err)
                    : ck_fail(err, CK_ENOMEM, "Out of memory.");
    return CK_OK;
}

/* Where `id` is in the sorted `ids`, into *at; false if it is not. */
static bool find_id(const int64_t *ids, size_t n, int64_t id, size_t *at)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == n || ids[lo] != id)
        return false;
    *at = lo;
    return true;
}

static void count_status(struct store_stats_row *r, const char *status)
{
    if (!status)
        return;
    if (strcmp(status, "paid") == 0)
        r->paid++;
    else if (strcmp(status, "pending") == 0)
        r->pending++;
    else
        r->cancelled++; /* cancelled or refunded */
    if (strcmp(status, "refunded") == 0)
        r->refunded++;
}

/* Each ticket type's registrations by status, into out->types (in ticket
 * type id order).  The dashboard rebuilds this with 100,000 attendees:
 * counting the rows here costs a third of SQLite's GROUP BY, which sorts
 * them first. */
static int count_registrations(store *s, struct store_stats *out,
                               struct ck_error *err)
{
    int64_t *ids = arena_alloc(out->arena, (out->ntypes + 1) * sizeof(*ids));
    if (!ids)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    sqlite3_stmt *q = NULL;
    size_t n = 0;
    int code = store_prepare(s, "SELECT id FROM ticket_type ORDER BY id", NULL,
                             &q, N_("counting"), err);
    if (code)
        return code;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (n < out->ntypes)
            ids[n++] = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("counting"), err);
    code = store_prepare(s, "SELECT ticket_type_id, status FROM attendee", NULL,
                         &q, N_("counting"), err);
    if (code)
        return code;
    size_t at = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(q, 0);
        if ((at >= n || ids[at] != id) && !find_id(ids, n, id, &at))
            continue; /* a foreign key makes this impossible */
        count_status(&out->types[at], (const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("counting"), err);
    for (size_t i = 0; i < n; i++)
        out->types[i].total = out->types[i].paid + out->types[i].pending;
    return CK_OK;
}

/* The pairs of tutorials whose times overlap, booked by one registration
 * that counts (paid or pending).  From the few pairs of tutorials that
 * overlap to their people (CROSS JOIN keeps that order): an event
 * whose tutorials never overlap costs nothing, and one that has some
 * costs their people, not the event's. */
#define CLASH_PAIRS                                                            \
    " FROM tutorial u CROSS JOIN tutorial v CROSS JOIN attendee_tutorial x"    \
    " CROSS JOIN attendee_tutorial y CROSS JOIN attendee a"                    \
    " WHERE u.starts_at < v.ends_at AND v.starts_at < u.ends_at"               \
    "   AND (u.starts_at, u.slug) < (v.starts_at, v.slug)"                     \
    "   AND x.tutorial_id = u.id AND y.attendee_id = x.attendee_id"            \
    "   AND y.tutorial_id = v.id AND a.id = x.attendee_id"                     \
    "   AND a.status IN ('paid', 'pending')"

static int clashes(store *s, struct store_stats *out, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT a.ticket_id, a.badge_name, u.slug, v.slug, v.starts_at,"
        " (SELECT count(DISTINCT x.attendee_id)" CLASH_PAIRS ")" CLASH_PAIRS
        " ORDER BY v.starts_at, a.badge_name, a.ticket_id, u.slug, v.slug"
        " LIMIT ?",
        NULL, &q, N_("finding tutorials booked at one time"), err);
    if (code)
        return code;
    sqlite3_bind_int(q, 1, STORE_STATS_CLASHES_SHOWN);
    out->clashes = arena_alloc(out->arena, STORE_STATS_CLASHES_SHOWN *
                                               sizeof(*out->clashes));
    int rc = SQLITE_OK;
    while (out->clashes && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_stats_clash *c = &out->clashes[out->nclashes];
        const char *t[4];
        for (int i = 0; i < 4; i++)
            t[i] = arena_strdup(out->arena,
                                (const char *)sqlite3_column_text(q, i));
        if (!t[0] || !t[1] || !t[2] || !t[3])
            break;
        c->ticket_id = t[0];
        c->name = t[1];
        c->first = t[2];
        c->second = t[3];
        c->starts_at = sqlite3_column_int64(q, 4);
        out->clash_people = (long)sqlite3_column_int64(q, 5);
        out->nclashes++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_ROW || !out->clashes
                   ? ck_fail(err, CK_ENOMEM, "Out of memory.")
                   : store_sqlite_fail(s, rc,
                                       N_("finding tutorials booked at "
                                          "one time"),
                                       err);
    return CK_OK;
}

/* Each tutorial's registrations against its seats, and the pairs of
 * tutorials booked at one time.  The registrations are counted in one
 * pass over attendee_tutorial in attendee order (its primary key, which
 * the range on attendee_id and the unindexable GROUP BY make SQLite
 * choose), each attendee page read once: tutorial by tutorial through
 * its index, the pages were read once a tutorial, four times over at
 * 1,000,000 attendees (0.55 s of CPU against 0.37 s, sqlite3 shell). */
static int tutorials_and_clashes(store *s, struct store_stats *out,
                                 struct ck_error *err)
{
    int code = rows(
        s,
        "SELECT u.slug, u.title, coalesce(c.paid, 0), coalesce(c.pending, 0),"
        " coalesce(c.gone, 0), u.capacity,"
        " (SELECT count(DISTINCT x.attendee_ticket_id) FROM live_scan x"
        "   WHERE x.mode = 'door' AND x.target = u.slug AND"
        "   x.decision = 'admit')"
        " FROM tutorial u LEFT JOIN (SELECT m.tutorial_id AS id,"
        "   count(*) FILTER (WHERE a.status = 'paid') AS paid,"
        "   count(*) FILTER (WHERE a.status = 'pending') AS pending,"
        "   count(*) FILTER (WHERE a.status IN ('cancelled','refunded'))"
        "     AS gone"
        "   FROM attendee_tutorial m CROSS JOIN attendee a"
        "   WHERE m.attendee_id > 0 AND a.id = m.attendee_id"
        "   GROUP BY +m.tutorial_id) c"
        "   ON c.id = u.id"
        " ORDER BY u.starts_at, u.slug",
        out->arena, &out->tutorials, &out->ntutorials, err);
    if (!code)
        code = clashes(s, out, err);
    return code;
}

int store_stats(store *s, struct store_stats *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new();
    if (!out->arena)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    /* The desks' admissions (far fewer than registrations) are looked up
     * by ticket; the registrations are counted in one pass below. */
    int code = rows(
        s,
        "SELECT t.slug, t.label, 0, 0, 0, NULL, coalesce(x.n, 0), 0"
        " FROM ticket_type t"
        " LEFT JOIN (SELECT y.ticket_type_id AS id,"
        "   count(DISTINCT x.attendee_ticket_id) AS n FROM live_scan x JOIN"
        "   attendee y ON y.ticket_id = x.attendee_ticket_id WHERE"
        "   x.mode = 'desk' AND x.decision = 'admit'"
        "   GROUP BY y.ticket_type_id) x ON x.id = t.id"
        " ORDER BY t.id",
        out->arena, &out->types, &out->ntypes, err);
    if (!code)
        code = count_registrations(s, out, err);
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
    code = store_prepare(
        s,
        "SELECT e.name, e.slug,"
        " (SELECT count(DISTINCT attendee_ticket_id) FROM live_scan"
        "   WHERE mode = 'desk' AND decision = 'admit'),"
        " (SELECT count(*) FROM " JOURNAL_EVERY_ROW " WHERE act = 'scan'),"
        " (SELECT count(*) FROM live_scan WHERE mode = 'desk' AND decision ="
        "   'admit' AND override IS NOT NULL)"
        " FROM event e",
        NULL, &q, N_("counting"), err);
    if (code) {
        store_stats_free(out);
        return code;
    }
    int rc = sqlite3_step(q);
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
                   : store_sqlite_fail(s, rc, N_("counting"), err);
    }
    code = tutorials_and_clashes(s, out, err);
    if (code)
        store_stats_free(out);
    return code;
}

int store_stats_tutorials(store *s, struct store_stats *out,
                          struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new();
    if (!out->arena)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    int code = tutorials_and_clashes(s, out, err);
    if (code)
        store_stats_free(out);
    return code;
}
