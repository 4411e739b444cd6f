/* The organizer dashboard's snapshot (see checkin/dashboard.h): a handful
 * of read-only queries over the event file, each turned into JSON rows. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/dashboard.h"
#include "store_priv.h"

/* Per-desk throughput is measured over this window before the chart's end. */
#define RATE_WINDOW_MS (15 * 60 * 1000)
#define RECENT_CHECKINS 10

/* Run `sql` with `nparams` int64 parameters and append one object per row
 * to `out`, keyed by `keys` in column order: integers, text or null. */
static int rows_json(store *s, const char *sql, const int64_t *params,
                     int nparams, const char *const *keys, json_t *out,
                     struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &q, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, "reading the dashboard's figures", err);
    for (int i = 0; i < nparams; i++)
        sqlite3_bind_int64(q, i + 1, (sqlite3_int64)params[i]);
    int ncol = sqlite3_column_count(q);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        json_t *row = json_object();
        for (int c = 0; c < ncol && row; c++) {
            json_t *v;
            switch (sqlite3_column_type(q, c)) {
            case SQLITE_INTEGER:
                v = json_integer(sqlite3_column_int64(q, c));
                break;
            case SQLITE_NULL:
                v = json_null();
                break;
            default:
                /* Stored text is valid UTF-8 (import checks it); a byte
                 * that is not still must not drop the row. */
                v = json_stringn_nocheck(
                    (const char *)sqlite3_column_text(q, c),
                    (size_t)sqlite3_column_bytes(q, c));
                break;
            }
            json_object_set_new_nocheck(row, keys[c], v);
        }
        if (!row || json_array_append_new(out, row)) {
            sqlite3_finalize(q);
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, "reading the dashboard's figures", err);
    return CK_OK;
}

static int one_int(store *s, const char *sql, int64_t *out,
                   struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &q, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, "reading the dashboard's figures", err);
    rc = sqlite3_step(q);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, "reading the dashboard's figures", err);
    return CK_OK;
}

static json_t *stats_rows(const struct store_stats_row *r, size_t n, bool rooms)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *o = json_pack(
            "{s:s, s:s, s:I, s:I, s:I, s:I}", "slug", r[i].slug, "label",
            r[i].label, "paid", (json_int_t)r[i].paid, "pending",
            (json_int_t)r[i].pending, "cancelled", (json_int_t)r[i].cancelled,
            "checked_in", (json_int_t)r[i].checked_in);
        if (o && rooms) {
            json_object_set_new(o, "capacity", json_integer(r[i].capacity));
            json_object_set_new(o, "over_capacity",
                                json_integer(store_stats_over_capacity(&r[i])));
            json_object_set_new(o, "inside", json_integer(0));
        }
        if (!o || json_array_append_new(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* Fill each room's "inside" from the journal: people whose latest admitted
 * scan at that room's doors went in (journal_inside_count's rule). */
static int rooms_inside(store *s, json_t *rooms, struct ck_error *err)
{
    static const char *const keys[] = {"slug", "inside"};
    json_t *rows = json_array();
    if (!rows)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    int code =
        rows_json(s,
                  "SELECT target, count(*) FROM (SELECT target, direction,"
                  " row_number() OVER (PARTITION BY target, attendee_ticket_id"
                  " ORDER BY at_ms DESC, station DESC, seq DESC) AS n FROM scan"
                  " WHERE mode = 'door' AND decision = 'admit') WHERE n = 1 AND"
                  " direction = 'in' GROUP BY target",
                  NULL, 0, keys, rows, err);
    size_t i, k;
    json_t *row, *room;
    json_array_foreach(rows, i, row)
    {
        const char *slug = json_string_value(json_object_get(row, "slug"));
        json_array_foreach(rooms, k, room)
        {
            if (slug &&
                !strcmp(slug, json_string_value(json_object_get(room, "slug"))))
                json_object_set(room, "inside", json_object_get(row, "inside"));
        }
    }
    json_decref(rows);
    return code;
}

/* Per 10-minute bucket ending at `end`, distinct people admitted at each
 * desk: {"start_ms", "bucket_ms", "desks": [{"station", "counts": [...]}]}. */
static int arrivals(store *s, int64_t end, json_t *out, struct ck_error *err)
{
    static const char *const keys[] = {"station", "bucket", "n"};
    int64_t start = (end / DASHBOARD_BUCKET_MS + 1) * DASHBOARD_BUCKET_MS -
                    (int64_t)DASHBOARD_BUCKETS * DASHBOARD_BUCKET_MS;
    int64_t params[] = {start, DASHBOARD_BUCKET_MS,
                        start +
                            (int64_t)DASHBOARD_BUCKETS * DASHBOARD_BUCKET_MS};
    json_t *rows = json_array(), *desks = json_array();
    if (!rows || !desks) {
        json_decref(rows);
        json_decref(desks);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    int code = rows_json(
        s,
        "SELECT station, (at_ms - ?1) / ?2, count(DISTINCT"
        " attendee_ticket_id) FROM scan WHERE mode = 'desk' AND decision ="
        " 'admit' AND at_ms >= ?1 AND at_ms < ?3 GROUP BY 1, 2 ORDER BY 1, 2",
        params, 3, keys, rows, err);
    size_t i;
    json_t *row, *counts = NULL;
    const char *last = NULL;
    json_array_foreach(rows, i, row)
    {
        const char *station =
            json_string_value(json_object_get(row, "station"));
        if (!last || strcmp(last, station)) {
            counts = json_array();
            for (int b = 0; counts && b < DASHBOARD_BUCKETS; b++)
                json_array_append_new(counts, json_integer(0));
            json_array_append_new(desks, json_pack("{s:s, s:o}", "station",
                                                   station, "counts", counts));
            last = station;
        }
        json_int_t b = json_integer_value(json_object_get(row, "bucket"));
        json_array_set(counts, (size_t)b, json_object_get(row, "n"));
    }
    json_object_set_new(out, "start_ms", json_integer(start));
    json_object_set_new(out, "bucket_ms", json_integer(DASHBOARD_BUCKET_MS));
    json_object_set_new(out, "desks", desks);
    json_decref(rows);
    return code;
}

int dashboard_snapshot(store *s, int64_t now_ms, char **json,
                       struct ck_error *err)
{
    *json = NULL;
    struct store_stats st;
    int code = store_stats(s, &st, err);
    if (code)
        return code;
    char tz[64];
    int64_t last_desk = 0;
    code = store_event_timezone(s, tz, sizeof(tz), err);
    if (!code)
        code = one_int(s,
                       "SELECT coalesce(max(at_ms), 0) FROM scan WHERE mode"
                       " = 'desk'",
                       &last_desk, err);
    if (code) {
        store_stats_free(&st);
        return code;
    }
    /* The chart ends now, unless the desks' latest scan is later (a clock
     * ahead of ours) or older than the chart's window (a replay). */
    int64_t end = now_ms;
    if (last_desk > end ||
        (last_desk &&
         last_desk < now_ms - (int64_t)DASHBOARD_BUCKETS * DASHBOARD_BUCKET_MS))
        end = last_desk;

    json_t *root = json_pack(
        "{s:{s:s, s:s, s:s}, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I}, s:I,"
        " s:I}",
        "event", "name", st.event_name, "slug", st.event_slug, "timezone", tz,
        "now_ms", (json_int_t)now_ms, "end_ms", (json_int_t)end,
        "registrations", "all", (json_int_t)st.attendees, "paid",
        (json_int_t)st.paid, "pending", (json_int_t)st.pending, "cancelled",
        (json_int_t)st.cancelled, "refunded", (json_int_t)st.refunded,
        "checked_in", (json_int_t)st.checked_in, "scans", (json_int_t)st.scans);
    json_t *types = stats_rows(st.types, st.ntypes, false);
    json_t *rooms = stats_rows(st.tutorials, st.ntutorials, true);
    store_stats_free(&st);
    json_t *chart = json_object(), *stations = json_array(),
           *printers = json_array(), *twice = json_array(),
           *unpaid = json_array(), *overrides = json_array(),
           *leads = json_array(), *recent = json_array();
    if (!root || !types || !rooms || !chart || !stations || !printers ||
        !twice || !unpaid || !overrides || !leads || !recent) {
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
        goto out;
    }
    json_object_set(root, "types", types);
    json_object_set(root, "rooms", rooms);
    json_object_set(root, "arrivals", chart);
    json_object_set(root, "stations", stations);
    json_object_set(root, "printers", printers);
    json_object_set_new(root, "anomalies",
                        json_pack("{s:O, s:O, s:O}", "two_desks", twice,
                                  "not_paid", unpaid, "overrides", overrides));
    json_object_set(root, "leads", leads);
    json_object_set(root, "recent", recent);

    code = rooms_inside(s, rooms, err);
    if (!code)
        code = arrivals(s, end, chart, err);
    if (!code) {
        static const char *const keys[] = {
            "station", "mode", "target", "last_ms", "scans", "admitted_15min"};
        int64_t p[] = {end - RATE_WINDOW_MS, end};
        code = rows_json(
            s,
            "SELECT station, mode, target, max(at_ms), count(*), count(*)"
            " FILTER (WHERE decision = 'admit' AND at_ms > ?1 AND at_ms <="
            " ?2) FROM scan GROUP BY station, mode, target ORDER BY"
            " station, mode, target",
            p, 2, keys, stations, err);
    }
    if (!code) {
        static const char *const keys[] = {"printer", "queued", "failed",
                                           "done", "last_error"};
        code = rows_json(
            s,
            "SELECT p.printer, count(*) FILTER (WHERE p.state = 'queued'),"
            " count(*) FILTER (WHERE p.state = 'failed'), count(*) FILTER"
            " (WHERE p.state IN ('sent', 'printed')), (SELECT f.error FROM"
            " print_job f WHERE f.printer = p.printer AND f.state ="
            " 'failed' ORDER BY f.updated_ms DESC LIMIT 1) FROM print_job p"
            " GROUP BY p.printer ORDER BY p.printer",
            NULL, 0, keys, printers, err);
    }
    if (!code) {
        static const char *const keys[] = {"ticket_id", "order_code", "name",
                                           "stations", "admits"};
        code = rows_json(
            s,
            "SELECT a.ticket_id, a.order_code, a.badge_name,"
            " group_concat(DISTINCT x.station), count(*) FROM scan x JOIN"
            " attendee a ON a.ticket_id = x.attendee_ticket_id WHERE x.mode"
            " = 'desk' AND x.decision = 'admit' GROUP BY a.id HAVING"
            " count(DISTINCT x.station_id) > 1 ORDER BY min(x.at_ms)",
            NULL, 0, keys, twice, err);
    }
    if (!code) {
        static const char *const keys[] = {"ticket_id", "order_code", "name",
                                           "status"};
        code = rows_json(
            s,
            "SELECT a.ticket_id, a.order_code, a.badge_name, a.status FROM"
            " attendee a WHERE a.status <> 'paid' AND EXISTS (SELECT 1 FROM"
            " scan x WHERE x.attendee_ticket_id = a.ticket_id AND x.mode ="
            " 'desk' AND x.decision = 'admit')"
            /* A supervisor's override is listed as one, with its reason. */
            " AND NOT EXISTS (SELECT 1 FROM scan x WHERE"
            " x.attendee_ticket_id = a.ticket_id AND x.mode = 'desk' AND"
            " x.decision = 'admit' AND x.override IS NOT NULL)"
            " ORDER BY a.ticket_id",
            NULL, 0, keys, unpaid, err);
    }
    if (!code) {
        static const char *const keys[] = {"at_ms",      "station", "ticket_id",
                                           "order_code", "name",    "reason",
                                           "override",   "status"};
        code = rows_json(
            s,
            "SELECT x.at_ms, x.station, x.attendee_ticket_id,"
            " coalesce(a.order_code, ''), coalesce(a.badge_name, ''),"
            " x.reason, x.override, coalesce(a.status, '') FROM scan x LEFT"
            " JOIN attendee a ON a.ticket_id = x.attendee_ticket_id WHERE"
            " x.mode = 'desk' AND x.decision = 'admit' AND x.override IS NOT"
            " NULL ORDER BY x.at_ms, x.station, x.seq",
            NULL, 0, keys, overrides, err);
    }
    if (!code) {
        static const char *const keys[] = {"sponsor", "name", "leads"};
        code = rows_json(
            s,
            "SELECT s.slug, s.name, count(DISTINCT l.badge_id) FROM sponsor s"
            " LEFT JOIN lead l ON l.sponsor_slug = s.slug GROUP BY s.id"
            " ORDER BY s.slug",
            NULL, 0, keys, leads, err);
    }
    if (!code) {
        static const char *const keys[] = {"at_ms", "station", "name",
                                           "ticket_type"};
        int64_t p[] = {RECENT_CHECKINS};
        code = rows_json(
            s,
            "SELECT x.at_ms, x.station, a.badge_name, t.label FROM scan x"
            " JOIN attendee a ON a.ticket_id = x.attendee_ticket_id JOIN"
            " ticket_type t ON t.id = a.ticket_type_id WHERE x.mode ="
            " 'desk' AND x.decision = 'admit' ORDER BY x.at_ms DESC,"
            " x.station DESC, x.seq DESC LIMIT ?1",
            p, 1, keys, recent, err);
    }
    if (!code) {
        *json = json_dumps(root, JSON_COMPACT);
        if (!*json)
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
out:
    json_decref(types);
    json_decref(rooms);
    json_decref(chart);
    json_decref(stations);
    json_decref(printers);
    json_decref(twice);
    json_decref(unpaid);
    json_decref(overrides);
    json_decref(leads);
    json_decref(recent);
    json_decref(root);
    return code;
}

int dashboard_data_version(store *s, int64_t *version, struct ck_error *err)
{
    return one_int(s, "PRAGMA data_version", version, err);
}
