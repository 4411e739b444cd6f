/* The organizer dashboard's snapshot (see checkin/dashboard.h): a handful
 * of read-only queries over the event file, each turned into JSON rows. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/admission.h"
#include "checkin/dashboard.h"
#include "checkin/desk_lines.h"
#include "checkin/i18n.h"
#include "checkin/jobs.h"
#include "checkin/journal.h"
#include "checkin/lunch.h"
#include "checkin/open_space.h"
#include "checkin/preprint.h"
#include "checkin/sprint.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"

/* Per-desk throughput is measured over this window before the chart's end. */
#define RATE_WINDOW_MS (15 * 60 * 1000)
#define RECENT_CHECKINS 10
/* A desk's service time is read from the gaps between its decisions over
 * this window; a gap longer than SERVICE_GAP_MAX_MS is the desk standing
 * idle, not serving; fewer than SERVICE_MIN_GAPS gaps make no estimate. */
#define SERVICE_WINDOW_MS (60 * 60 * 1000)
#define SERVICE_GAP_MAX_MS (3 * 60 * 1000)
#define SERVICE_MIN_GAPS 5

/* Run `sql` with `nparams` int64 parameters and append one object per row
 * to `out`, keyed by `keys` in column order: integers, text or null. */
static int rows_json(store *s, const char *sql, const int64_t *params,
                     int nparams, const char *const *keys, json_t *out,
                     struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, sql, NULL, &q,
                             N_("reading the dashboard's figures"), err);
    if (code)
        return code;
    for (int i = 0; i < nparams; i++)
        sqlite3_bind_int64(q, i + 1, (sqlite3_int64)params[i]);
    int ncol = sqlite3_column_count(q);
    int rc;
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
        return store_sqlite_fail(s, rc, N_("reading the dashboard's figures"),
                                 err);
    return CK_OK;
}

static int one_int(store *s, const char *sql, int64_t *out,
                   struct ck_error *err)
{
    sqlite3_stmt *q;
    *out = 0;
    int code = store_prepare(s, sql, NULL, &q,
                             N_("reading the dashboard's figures"), err);
    if (code)
        return code;
    return store_step_int64(s, q, false, out, NULL,
                            N_("reading the dashboard's figures"), err);
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

/* anomalies.clashes: {"count", "people": [{ticket_id, name, first,
 * second, starts_at}]}: registrations booked into two tutorials at one
 * time (store_stats' clashes, the first STORE_STATS_CLASHES_SHOWN), each
 * pair by the tutorials' slugs and the later one's start, UTC seconds. */
static json_t *clashes_json(const struct store_stats *st)
{
    json_t *people = json_array();
    for (size_t i = 0; people && i < st->nclashes; i++) {
        const struct store_stats_clash *c = &st->clashes[i];
        if (json_array_append_new(
                people, json_pack("{s:s, s:s, s:s, s:s, s:I}", "ticket_id",
                                  c->ticket_id, "name", c->name, "first",
                                  c->first, "second", c->second, "starts_at",
                                  (json_int_t)c->starts_at))) {
            json_decref(people);
            people = NULL;
        }
    }
    return people ? json_pack("{s:I, s:o}", "count",
                              (json_int_t)st->clash_people, "people", people)
                  : NULL;
}

/* Fill each room's "inside": people with an entry still open at that
 * room's doors, from room_open as a door's verdict counts them
 * (journal_inside_count). */
static int rooms_inside(store *s, json_t *rooms, struct ck_error *err)
{
    static const char *const keys[] = {"slug", "inside"};
    json_t *rows = json_array();
    if (!rows)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    int code =
        rows_json(s,
                  "SELECT target, count(DISTINCT attendee_ticket_id) FROM"
                  " room_open GROUP BY target",
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

/* The dashboard lists at most this many people checked in without a
 * printed badge, and says how many there are in all. */
#define NO_BADGE_SHOWN 20

/* preprinted: {"all", "uncollected"}: the badges pre-printed into boxes
 * and those of them no desk handed over yet (issue 55). */
static int preprinted(store *s, json_t *root, struct ck_error *err)
{
    long left = 0, all = 0;
    int code = preprint_counts(s, &left, &all, err);
    if (!code &&
        json_object_set_new(root, "preprinted",
                            json_pack("{s:I, s:I}", "all", (json_int_t)all,
                                      "uncollected", (json_int_t)left)))
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    return code;
}

/* anomalies.no_badge: {"count", "people": [{ticket_id, name, station,
 * at_ms, job}], "sent"}, the first NO_BADGE_SHOWN in check-in order; job
 * is the newest badge job's state, null for none
 * (jobs_without_printed_badge).  A badge sent to a printer that cannot
 * confirm printing (a file, a network QL) is no anomaly, only not known to
 * have come out: those are counted in "sent" and not listed, or at an
 * event whose printers cannot confirm every check-in would be one. */
static int no_badge(store *s, json_t *anomalies, struct ck_error *err)
{
    struct no_badge_list l;
    int code = jobs_without_printed_badge(s, &l, err);
    if (code)
        return code;
    json_t *people = json_array();
    json_int_t count = 0, sent = 0;
    for (size_t i = 0; people && i < l.n; i++) {
        const struct no_badge *nb = &l.items[i];
        if (nb->has_job && nb->state == JOB_SENT) {
            sent++;
            continue;
        }
        if (count++ >= NO_BADGE_SHOWN)
            continue;
        json_array_append_new(
            people,
            json_pack("{s:s, s:s, s:s, s:I, s:s?}", "ticket_id", nb->ticket_id,
                      "name", nb->badge_name, "station", nb->station, "at_ms",
                      (json_int_t)nb->at_ms, "job",
                      nb->has_job ? job_state_str(nb->state) : NULL));
    }
    json_t *o = people ? json_pack("{s:I, s:o, s:I}", "count", count, "people",
                                   people, "sent", sent)
                       : NULL;
    no_badge_list_free(&l);
    if (!o || json_object_set_new(anomalies, "no_badge", o))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    return CK_OK;
}

/* What the snapshot says of badges: anomalies.no_badge and preprinted. */
static int badges(store *s, json_t *root, struct ck_error *err)
{
    int code = no_badge(s, json_object_get(root, "anomalies"), err);
    return code ? code : preprinted(s, root, err);
}

/* lines: {"desks": [{"desk", "letters", "sent", "line", "waited",
 * "wait_s"}], "proposal": {"from", "to", "move", "ratio", "split",
 * "keep"} or null}, the
 * registration desks' lines from the triage's sends (issue 55.4); absent
 * when the event has no [desks] or the triage sent no one. */
static int lines_json(store *s, json_t *root, struct ck_error *err)
{
    struct desk_lines *l = malloc(sizeof(*l));
    bool found = false;
    int code = l ? desk_lines_read(s, l, &found, err)
                 : ck_fail(err, CK_ENOMEM, "Out of memory.");
    long sent = 0;
    for (int d = 0; !code && found && d < l->n; d++)
        sent += l->desks[d].sent;
    json_t *desks = !code && sent ? json_array() : NULL;
    for (int d = 0; desks && d < l->n; d++) {
        const struct desk_line *dl = &l->desks[d];
        json_array_append_new(
            desks, json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}", "desk", dl->desk,
                             "letters", dl->letters, "sent",
                             (json_int_t)dl->sent, "line", (json_int_t)dl->line,
                             "waited", (json_int_t)dl->waited, "wait_s",
                             dl->waited ? json_real((double)dl->wait_ms / 1000)
                                        : json_null()));
    }
    json_t *o = NULL;
    if (desks)
        o = json_pack("{s:o, s:o}", "desks", desks, "proposal",
                      l->from < 0
                          ? json_null()
                          : json_pack("{s:s, s:s, s:s, s:f, s:b, s:s}", "from",
                                      l->desks[l->from].desk, "to",
                                      l->desks[l->to].desk, "move", l->move,
                                      "ratio", l->ratio, "split", l->split,
                                      "keep", l->keep));
    if (desks && (!o || json_object_set_new(root, "lines", o)))
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    free(l);
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
        " attendee_ticket_id) FROM live_scan WHERE mode = 'desk' AND decision ="
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

double dashboard_wait_s(double arrivals_per_hour, double per_hour_each,
                        int desks)
{
    if (desks < 1 || per_hour_each <= 0 || arrivals_per_hour < 0)
        return -1;
    double a = arrivals_per_hour / per_hour_each; /* offered load, Erlangs */
    double rho = a / desks;
    if (rho >= 1)
        return -1;
    /* Erlang C: the chance an arrival waits, from the terms a^k / k! summed
     * term by term (no factorials to overflow). */
    double term = 1, sum = 0;
    for (int k = 0; k < desks; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    double last = term / (1 - rho); /* a^c / c! / (1 - rho) */
    double p_wait = last / (sum + last);
    return p_wait / (desks * per_hour_each - arrivals_per_hour) * 3600.0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* One desk's service time in seconds, from the gaps between its
 * consecutive decisions (`at`, in time order): a desk with people waiting
 * decides back to back, so its short gaps are its service times and the
 * lower quartile of the gaps under SERVICE_GAP_MAX_MS is taken; 0 when
 * there are too few. */
static double service_s(const int64_t *at, size_t n)
{
    int64_t *gap = n > 1 ? malloc((n - 1) * sizeof(*gap)) : NULL;
    size_t ngap = 0;
    for (size_t i = 1; gap && i < n; i++)
        if (at[i] - at[i - 1] > 0 && at[i] - at[i - 1] <= SERVICE_GAP_MAX_MS)
            gap[ngap++] = at[i] - at[i - 1];
    double s = 0;
    if (ngap >= SERVICE_MIN_GAPS) {
        qsort(gap, ngap, sizeof(*gap), cmp_i64);
        s = (double)gap[ngap / 4] / 1000.0;
    }
    free(gap);
    return s;
}

/* The registration desks as a queue: each open desk's service time and
 * rate, people arriving per hour (decisions at the desks over the last
 * RATE_WINDOW_MS), and the wait an arrival can expect now (M/M/c,
 * dashboard_wait_s) or that the desks are not keeping up. */
static int desk_queue(store *s, int64_t end, int64_t still_expected,
                      json_t *out, struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc =
        store_prepare(s,
                      "SELECT station, at_ms FROM live_scan WHERE "
                      "mode = 'desk' AND at_ms > ?1"
                      " AND at_ms <= ?2 ORDER BY station, at_ms",
                      NULL, &q, N_("reading the dashboard's figures"), err);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, end - SERVICE_WINDOW_MS);
    sqlite3_bind_int64(q, 2, end);
    json_t *desks = json_array();
    int64_t *at = NULL;
    size_t n = 0, cap = 0;
    char station[JOURNAL_NAME_CAP] = "";
    long arrivals = 0, open = 0;
    double service_sum = 0;
    long with_service = 0;
    int code = desks ? CK_OK : ck_fail(err, CK_ENOMEM, "Out of memory.");
    for (bool more = true; !code && more;) {
        rc = sqlite3_step(q);
        more = rc == SQLITE_ROW;
        const char *name = more ? (const char *)sqlite3_column_text(q, 0) : "";
        if (!name)
            name = "";
        if (n && (!more || strcmp(name, station))) {
            /* One desk's decisions are all read: is it open, how fast. */
            long recent = 0;
            for (size_t i = 0; i < n; i++)
                recent += at[i] > end - RATE_WINDOW_MS;
            if (recent) {
                double sv = service_s(at, n);
                open++;
                arrivals += recent;
                if (sv > 0) {
                    service_sum += sv;
                    with_service++;
                }
                json_t *d = json_pack("{s:s, s:I, s:o}", "station", station,
                                      "decisions_15min", (json_int_t)recent,
                                      "service_s",
                                      sv > 0 ? json_real(sv) : json_null());
                if (!d || json_array_append_new(desks, d))
                    code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            }
            n = 0;
        }
        if (!more || code)
            break;
        snprintf(station, sizeof(station), "%s", name);
        if (!CK_VEC_ROOM(at, n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        at[n++] = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    free(at);
    if (!code && rc != SQLITE_DONE && rc != SQLITE_ROW)
        code = store_sqlite_fail(s, rc, N_("reading the dashboard's figures"),
                                 err);
    if (code) {
        json_decref(desks);
        return code;
    }
    double lambda = (double)arrivals * (3600000.0 / RATE_WINDOW_MS);
    /* Desks with too few gaps of their own are taken to be as fast as the
     * others on average. */
    double mu =
        with_service ? 3600.0 / (service_sum / (double)with_service) : 0;
    double wait = mu > 0 ? dashboard_wait_s(lambda, mu, (int)open) : -1;
    json_object_set_new(out, "desks", desks);
    json_object_set_new(out, "open", json_integer(open));
    json_object_set_new(out, "arrivals_per_hour", json_real(lambda));
    json_object_set_new(out, "capacity_per_hour",
                        mu > 0 ? json_real(mu * (double)open) : json_null());
    json_object_set_new(out, "utilization",
                        mu > 0 && open ? json_real(lambda / (mu * (double)open))
                                       : json_null());
    json_object_set_new(out, "wait_s",
                        wait >= 0 ? json_real(wait) : json_null());
    json_object_set_new(out, "keeping_up", json_boolean(!(mu > 0 && wait < 0)));
    json_object_set_new(out, "still_expected", json_integer(still_expected));
    return CK_OK;
}

/* Each check-in list: its live admissions (a counter's redemptions) and,
 * for a list with stock, what is left of each variation at `now`, by the
 * one function that counts stock (admission_stock); and lunch at `now_ms`. */
static int lists_json(store *s, int64_t now, int64_t now_ms, json_t *out,
                      struct ck_error *err)
{
    static const char *const keys[] = {"slug", "title", "once", "admitted"};
    json_t *rows = json_array();
    if (!rows)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    int code = rows_json(
        s,
        "SELECT l.slug, l.title, l.once, (SELECT count(*) FROM live_scan s"
        " WHERE s.mode = 'door' AND s.target = l.slug AND s.decision ="
        " 'admit' AND s.direction = 'in') FROM checkin_list l WHERE l.slug !="
        " '' ORDER BY l.slug",
        NULL, 0, keys, rows, err);
    admission *a = NULL;
    if (!code && json_array_size(rows))
        code = admission_new(s, &a, err);
    sqlite3_stmt *q = NULL;
    if (a && !code) {
        code = store_prepare(s,
                             "SELECT k.variation FROM list_stock k JOIN"
                             " checkin_list l ON l.id = k.list_id WHERE"
                             " l.slug = ?1 ORDER BY k.variation",
                             NULL, &q, N_("reading the lists' stock"), err);
    }
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        if (code)
            break;
        const char *slug = json_string_value(json_object_get(row, "slug"));
        struct list_info l;
        json_t *stock = json_array();
        json_object_set_new(row, "stock", stock);
        if (admission_list(a, slug, &l, err))
            continue;
        sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
        int rc;
        while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
            char v[128], text[160];
            snprintf(v, sizeof(v), "%s",
                     (const char *)sqlite3_column_text(q, 0));
            struct list_stock k;
            code = admission_stock(a, &l, v, now, 0, &k, err);
            if (code)
                break;
            admission_stock_text(&k, v, text, sizeof(text));
            json_array_append_new(
                stock,
                json_pack("{s:s,s:I,s:I,s:I,s:I,s:b,s:s}", "variation", v,
                          "stock", (json_int_t)k.stock, "handed",
                          (json_int_t)k.handed, "left", (json_int_t)k.left,
                          "minutes", (json_int_t)k.minutes, "warn", k.warn,
                          "text", text));
        }
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    admission_free(a);
    if (code) {
        json_decref(rows);
        return code;
    }
    json_object_set_new(out, "lists", rows);
    /* The caterer's count (lunch.h) when the event has lunch, today: at
     * the wall clock, not the chart's end. */
    char *lunch = NULL;
    code = lunch_json(s, now_ms, &lunch, err);
    if (lunch)
        json_object_set_new(out, "lunch", json_loads(lunch, 0, NULL));
    free(lunch);
    return code;
}

/* The chart ends now, unless the desks' latest scan is later (a clock
 * ahead of ours) or older than the chart's window (a replay). */
static int chart_end(store *s, int64_t now_ms, int64_t *end,
                     struct ck_error *err)
{
    int64_t last_desk = 0;
    int code = one_int(s,
                       "SELECT coalesce(max(at_ms), 0) FROM live_scan WHERE "
                       "mode = 'desk'",
                       &last_desk, err);
    *end = now_ms;
    if (last_desk > *end ||
        (last_desk &&
         last_desk < now_ms - (int64_t)DASHBOARD_BUCKETS * DASHBOARD_BUCKET_MS))
        *end = last_desk;
    return code;
}

/* The snapshot's sections, each a reference held until snapshot_close
 * drops them all (the root holds its own). */
struct snapshot {
    json_t *root, *types, *rooms, *clashes, *chart, *stations, *printers,
        *twice, *unpaid, *overrides, *leads, *recent, *queue;
};

/* The root with the event and its registrations from `st`, and every
 * section, empty, in the root in the order the page reads them. */
static int snapshot_open(struct snapshot *sn, const struct store_stats *st,
                         const char *tz, int64_t now_ms, int64_t end,
                         struct ck_error *err)
{
    sn->root = json_pack(
        "{s:{s:s, s:s, s:s}, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I}, s:I,"
        " s:I}",
        "event", "name", st->event_name, "slug", st->event_slug, "timezone", tz,
        "now_ms", (json_int_t)now_ms, "end_ms", (json_int_t)end,
        "registrations", "all", (json_int_t)st->attendees, "paid",
        (json_int_t)st->paid, "pending", (json_int_t)st->pending, "cancelled",
        (json_int_t)st->cancelled, "refunded", (json_int_t)st->refunded,
        "checked_in", (json_int_t)st->checked_in, "scans",
        (json_int_t)st->scans);
    sn->types = stats_rows(st->types, st->ntypes, false);
    sn->rooms = stats_rows(st->tutorials, st->ntutorials, true);
    sn->clashes = clashes_json(st);
    sn->chart = json_object();
    sn->stations = json_array();
    sn->printers = json_array();
    sn->twice = json_array();
    sn->unpaid = json_array();
    sn->overrides = json_array();
    sn->leads = json_array();
    sn->recent = json_array();
    sn->queue = json_object();
    if (!sn->root || !sn->types || !sn->rooms || !sn->chart || !sn->stations ||
        !sn->printers || !sn->twice || !sn->unpaid || !sn->overrides ||
        !sn->leads || !sn->recent || !sn->queue || !sn->clashes)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    json_object_set(sn->root, "types", sn->types);
    json_object_set(sn->root, "rooms", sn->rooms);
    json_object_set(sn->root, "arrivals", sn->chart);
    json_object_set(sn->root, "stations", sn->stations);
    json_object_set(sn->root, "printers", sn->printers);
    json_object_set_new(sn->root, "anomalies",
                        json_pack("{s:O, s:O, s:O, s:O}", "two_desks",
                                  sn->twice, "not_paid", sn->unpaid,
                                  "overrides", sn->overrides, "clashes",
                                  sn->clashes));
    return CK_OK;
}

static void snapshot_close(struct snapshot *sn)
{
    json_decref(sn->types);
    json_decref(sn->rooms);
    json_decref(sn->chart);
    json_decref(sn->stations);
    json_decref(sn->printers);
    json_decref(sn->twice);
    json_decref(sn->unpaid);
    json_decref(sn->overrides);
    json_decref(sn->clashes);
    json_decref(sn->leads);
    json_decref(sn->recent);
    json_decref(sn->queue);
    json_decref(sn->root);
}

/* Each station's scans, and its admissions in the rate's window. */
static int stations_json(store *s, int64_t end, json_t *out,
                         struct ck_error *err)
{
    static const char *const keys[] = {"station", "mode",  "target",
                                       "last_ms", "scans", "admitted_15min"};
    int64_t p[] = {end - RATE_WINDOW_MS, end};
    return rows_json(
        s,
        "SELECT station, mode, target, max(at_ms), count(*), count(*)"
        " FILTER (WHERE decision = 'admit' AND at_ms > ?1 AND at_ms <="
        " ?2) FROM live_scan GROUP BY station, mode, target ORDER BY"
        " station, mode, target",
        p, 2, keys, out, err);
}

/* Each printer's jobs, and its last failure. */
static int printers_json(store *s, json_t *out, struct ck_error *err)
{
    static const char *const keys[] = {"printer", "queued", "failed", "done",
                                       "last_error"};
    return rows_json(
        s,
        "SELECT p.printer, count(*) FILTER (WHERE p.state = 'queued'),"
        " count(*) FILTER (WHERE p.state = 'failed'), count(*) FILTER"
        " (WHERE p.state IN ('sent', 'printed')), (SELECT f.error FROM"
        " print_job f WHERE f.printer = p.printer AND f.state ="
        " 'failed' ORDER BY f.updated_ms DESC LIMIT 1) FROM print_job p"
        " GROUP BY p.printer ORDER BY p.printer",
        NULL, 0, keys, out, err);
}

/* What the organizer should look at: people admitted at two desks, the
 * unpaid admitted, and the supervisors' overrides. */
static int anomalies_json(store *s, struct snapshot *sn, struct ck_error *err)
{
    static const char *const twice_keys[] = {"ticket_id", "order_code", "name",
                                             "stations", "admits"};
    int code = rows_json(
        s,
        /* The desks in the order they admitted the person.  The
         * admissions are grouped by ticket first (in the journal's own
         * index), so only the few people found twice are looked up. */
        "SELECT a.ticket_id, a.order_code, a.badge_name, (SELECT"
        " group_concat(station) FROM (SELECT y.station FROM live_scan y "
        "WHERE"
        " y.attendee_ticket_id = a.ticket_id AND y.mode = 'desk' AND"
        " y.decision = 'admit' GROUP BY y.station ORDER BY min(y.at_ms),"
        " y.station)), d.n FROM (SELECT attendee_ticket_id AS ticket,"
        " count(*) AS n, min(at_ms) AS first FROM live_scan WHERE mode ="
        " 'desk' AND decision = 'admit' GROUP BY attendee_ticket_id"
        " HAVING count(DISTINCT station_id) > 1) d JOIN attendee a ON"
        " a.ticket_id = d.ticket ORDER BY d.first, a.ticket_id",
        NULL, 0, twice_keys, sn->twice, err);
    static const char *const unpaid_keys[] = {"ticket_id", "order_code", "name",
                                              "status"};
    if (!code)
        code = rows_json(
            s,
            /* From the desks' admissions (thousands) to the attendees
             * (100,000 at a large event), not the other way round. A
             * supervisor's override is listed as one, with its reason. */
            "SELECT a.ticket_id, a.order_code, a.badge_name, a.status FROM"
            " attendee a WHERE a.ticket_id IN (SELECT attendee_ticket_id"
            " FROM live_scan WHERE mode = 'desk' AND decision = 'admit' GROUP "
            "BY"
            " attendee_ticket_id HAVING count(override) = 0) AND a.status"
            " <> 'paid' ORDER BY a.ticket_id",
            NULL, 0, unpaid_keys, sn->unpaid, err);
    static const char *const override_keys[] = {
        "at_ms", "station", "ticket_id", "order_code",
        "name",  "reason",  "override",  "status"};
    if (!code)
        code = rows_json(
            s,
            "SELECT x.at_ms, x.station, x.attendee_ticket_id,"
            " coalesce(a.order_code, ''), coalesce(a.badge_name, ''),"
            " x.reason, x.override, coalesce(a.status, '') FROM live_scan x "
            "LEFT"
            " JOIN attendee a ON a.ticket_id = x.attendee_ticket_id WHERE"
            " x.mode = 'desk' AND x.decision = 'admit' AND x.override IS NOT"
            " NULL ORDER BY x.at_ms, x.station, x.seq",
            NULL, 0, override_keys, sn->overrides, err);
    return code;
}

/* Each sponsor's leads, and the latest admissions of known people. */
static int leads_recent_json(store *s, struct snapshot *sn,
                             struct ck_error *err)
{
    static const char *const lead_keys[] = {"sponsor", "name", "leads"};
    int code = rows_json(
        s,
        "SELECT s.slug, s.name, count(DISTINCT l.badge_id) FROM sponsor s"
        " LEFT JOIN lead l ON l.sponsor_slug = s.slug GROUP BY s.id"
        " ORDER BY s.slug",
        NULL, 0, lead_keys, sn->leads, err);
    static const char *const recent_keys[] = {"at_ms", "station", "name",
                                              "ticket_type"};
    int64_t p[] = {RECENT_CHECKINS};
    if (!code)
        code = rows_json(
            s,
            /* The latest admissions of known people first, then their
             * names: a name is read for ?1 of them, not every one. */
            "SELECT x.at_ms, x.station, a.badge_name, t.label FROM (SELECT"
            " y.at_ms, y.station, y.seq, y.attendee_ticket_id FROM live_scan y"
            " WHERE y.mode = 'desk' AND y.decision = 'admit' AND EXISTS"
            " (SELECT 1 FROM attendee k WHERE k.ticket_id ="
            " y.attendee_ticket_id) ORDER BY y.at_ms DESC, y.station DESC,"
            " y.seq DESC LIMIT ?1) x JOIN attendee a ON a.ticket_id ="
            " x.attendee_ticket_id JOIN ticket_type t ON t.id ="
            " a.ticket_type_id ORDER BY x.at_ms DESC, x.station DESC, x.seq"
            " DESC",
            p, 1, recent_keys, sn->recent, err);
    return code;
}

/* The people each sprint project had on each sprint day (issue 56 item
 * 2, docs/sprints.md), the days it had anyone: "sprints", empty when the
 * event has no sprints. */
static int sprints_json(store *s, json_t *root, struct ck_error *err)
{
    struct sprint_days d;
    bool any = false;
    struct sprint_project *v = NULL;
    size_t n = 0;
    json_t *a = json_array();
    int code = a ? sprint_days_read(s, &d, &any, err)
                 : ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (!code && any)
        code = sprint_projects(s, &v, &n, err);
    for (size_t i = 0; !code && i < n; i++)
        for (size_t k = 0; !code && k < d.ndays; k++) {
            int64_t from, to;
            long people = 0;
            if (!sprint_day_bounds(&d, k, &from, &to))
                continue;
            code = sprint_headcount(s, v[i].slug, from, to, &people, err);
            if (!code && people &&
                json_array_append_new(
                    a, json_pack("{s:s, s:s, s:s, s:I}", "project", v[i].slug,
                                 "title", v[i].title, "day", d.days[k],
                                 "people", (json_int_t)people)))
                code = ck_fail(err, CK_ENOMEM, "Out of memory.");
        }
    free(v);
    if (a)
        json_object_set_new(root, "sprints", a);
    return code;
}

/* Each open-space session claimed (issue 56, docs/open-spaces.md) with
 * the people its room's doors let in during its slot, every door's rows
 * the organizer's file holds: "open_spaces", empty when the event has no
 * open spaces. */
static int open_spaces_json(store *s, int64_t now_ms, json_t *root,
                            struct ck_error *err)
{
    struct open_spaces os;
    bool any = false;
    struct open_space_session *v = NULL;
    size_t n = 0;
    json_t *a = json_array();
    int code = a ? open_spaces_read(s, &os, &any, err)
                 : ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (!code && any)
        code = open_space_board(s, now_ms, &v, &n, NULL, NULL, err);
    for (size_t i = 0; !code && i < n; i++) {
        const struct open_space_room *r = open_spaces_room(&os, v[i].room);
        if (json_array_append_new(
                a, json_pack("{s:s, s:s, s:s, s:I, s:I}", "room", v[i].room,
                             "slot", v[i].when, "title", v[i].title,
                             "attendance", (json_int_t)v[i].attendance, "seats",
                             (json_int_t)(r ? r->capacity : 0))))
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    free(v);
    if (a)
        json_object_set_new(root, "open_spaces", a);
    return code;
}

static int snapshot_of(store *s, int64_t now_ms, char **json,
                       struct ck_error *err)
{
    *json = NULL;
    struct store_stats st;
    int code = store_stats(s, &st, err);
    if (code)
        return code;
    char tz[64];
    int64_t end = now_ms;
    code = store_event_timezone(s, tz, sizeof(tz), err);
    if (!code)
        code = chart_end(s, now_ms, &end, err);
    if (code) {
        store_stats_free(&st);
        return code;
    }
    int64_t still_expected = st.paid - st.checked_in;
    struct snapshot sn = {0};
    code = snapshot_open(&sn, &st, tz, now_ms, end, err);
    store_stats_free(&st);
    if (!code)
        code = badges(s, sn.root, err);
    if (!code) {
        json_object_set(sn.root, "leads", sn.leads);
        json_object_set(sn.root, "recent", sn.recent);
        json_object_set(sn.root, "queue", sn.queue);
    }
    if (!code)
        code = rooms_inside(s, sn.rooms, err);
    if (!code)
        code = lists_json(s, end, now_ms, sn.root, err);
    if (!code)
        code = arrivals(s, end, sn.chart, err);
    if (!code)
        code = stations_json(s, end, sn.stations, err);
    if (!code)
        code = printers_json(s, sn.printers, err);
    if (!code)
        code = anomalies_json(s, &sn, err);
    if (!code)
        code = leads_recent_json(s, &sn, err);
    if (!code)
        code = desk_queue(s, end, still_expected, sn.queue, err);
    if (!code)
        code = sprints_json(s, sn.root, err);
    if (!code)
        code = open_spaces_json(s, now_ms, sn.root, err);
    if (!code)
        code = lines_json(s, sn.root, err);
    if (!code) {
        *json = json_dumps(sn.root, JSON_COMPACT);
        if (!*json)
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    snapshot_close(&sn);
    return code;
}

int dashboard_snapshot(store *s, int64_t now_ms, char **json,
                       struct ck_error *err)
{
    /* One read transaction: every figure is from the same moment, however
     * many desks write meanwhile.  The cache (64 MiB; the benchmark's event
     * of 100,000 registrations is a 35 MB file) keeps the pages the
     * attendee pass reads for the queries after it. */
    sqlite3 *db = store_db(s);
    bool own = sqlite3_get_autocommit(db);
    int rc = sqlite3_exec(db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
    if (rc == SQLITE_OK && own)
        rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, N_("reading the dashboard's figures"),
                                 err);
    int code = snapshot_of(s, now_ms, json, err);
    /* A read transaction left open would show this moment's figures
     * forever. */
    if (own && sqlite3_exec(db, code ? "ROLLBACK" : "COMMIT", NULL, NULL,
                            NULL) != SQLITE_OK)
        (void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return code;
}

int dashboard_data_version(store *s, int64_t *version, struct ck_error *err)
{
    return one_int(s, "PRAGMA data_version", version, err);
}
