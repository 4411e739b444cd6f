/* `checkin hub status`'s data: the organizer's view of the hub, read from
 * it in one go: each station (kind, last seen, clock, backlog, printer),
 * the seats each door of a shared room holds, oversold walk-ins,
 * quarantined rows and what waits for a station's next sync.  It only
 * reads, and returns what it read (struct hub_status_report); what `hub
 * status` says of it is commands/hub_words.c's, and what changes the hub
 * (init, enrolment, retiring, releasing seats) is hub.c's. */
#include <stdlib.h>
#include <string.h>

#include "checkin/hub.h"
#include "checkin/hub_schema.h"
#include "checkin/hub_sql.h"
#include "checkin/i18n.h"
#include "checkin/pg.h"
#include "checkin/text.h"
#include "hub_priv.h"

/* Cell (row, col) as a number; -1 for NULL. */
static long num(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? -1
                                    : strtol(PQgetvalue(r, row, col), NULL, 10);
}

static bool yes(PGresult *r, int row, int col)
{
    return !strcmp(PQgetvalue(r, row, col), "t");
}

/* An array of `n` elements of `size`, zeroed (NULL for none). */
static int rows_alloc(size_t n, size_t size, void **out, struct ck_error *err)
{
    *out = n ? calloc(n, size) : NULL;
    if (n && !*out)
        return ck_fail(err, CK_ENOMEM,
                       "Out of memory while reading the hub's status.");
    return CK_OK;
}

/* Each door's lease of a room with a capacity and more than one door (or
 * lease): list, capacity, name, held, used, took and gave (%s: seconds
 * ago, or NULL before format 16), retired, seconds since seen, people
 * inside by its entries. */
#define SEATS_SQL                                                              \
    "WITH c AS (SELECT d.slug AS list, max((d.data->>'capacity')::int) AS"     \
    " cap FROM checkin.event_description d WHERE d.kind IN ('tutorial',"       \
    " 'list') AND d.data->>'capacity' ~ '^[0-9]{1,9}$' GROUP BY d.slug)"       \
    " SELECT l.list, c.cap, s.name, l.granted - l.released, l.charged, %s,"    \
    " s.retired_ms IS NOT NULL, " HUB_SEEN_AGO_S ", " HUB_INSIDE_L             \
    " FROM checkin.seat_lease l"                                               \
    " JOIN c ON c.list = l.list JOIN checkin.station s ON s.uid ="             \
    " l.station_uid WHERE c.cap > 0 AND ((SELECT count(*) FROM"                \
    " checkin.station d WHERE d.kind = 'door' AND d.target = l.list AND"       \
    " d.retired_ms IS NULL) > 1 OR (SELECT count(*) FROM checkin.seat_lease"   \
    " x WHERE x.list = l.list) > 1) ORDER BY l.list, s.name, s.enrolled_ms"

/* Each room with a capacity and more than one door, the seats each door
 * holds and uses (what it charged at its last sync), when each door last
 * took and gave seats, and whether it is gone. */
static int read_seats(PGconn *pg, struct hub_status_report *out,
                      struct ck_error *err)
{
    char sql[3000];
    snprintf(sql, sizeof(sql), SEATS_SQL,
             out->format >= HUB_FORMAT_LEASE_MOVES
                 ? HUB_AGO_S("l.took") ", " HUB_AGO_S("l.gave")
                 : "NULL, NULL");
    PGresult *r;
    int code =
        pg_query(pg, sql, 0, NULL, &r, N_("reading the doors' seats"), err);
    if (code)
        return code;
    int n = PQntuples(r);
    code =
        rows_alloc((size_t)n, sizeof(*out->seats), (void **)&out->seats, err);
    for (int k = 0; !code && k < n; k++) {
        struct hub_status_seat *s = &out->seats[out->nseats++];
        pg_cell_for_terminal(r, k, 0, s->list, sizeof(s->list));
        s->capacity = num(r, k, 1);
        pg_cell_for_terminal(r, k, 2, s->door, sizeof(s->door));
        s->held = num(r, k, 3);
        s->used = num(r, k, 4);
        s->took_s = num(r, k, 5);
        s->gave_s = num(r, k, 6);
        s->retired = yes(r, k, 7);
        long seen = num(r, k, 8);
        s->gone = s->retired || seen < 0 || seen >= RELEASE_UNSEEN_S;
        s->inside = num(r, k, 9);
    }
    PQclear(r);
    return code;
}

/* Walk-ins whose tutorial the hub found sold past its seats (format 16,
 * checkin.oversold). */
static int read_oversold(PGconn *pg, struct hub_status_report *out,
                         struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(
        pg,
        "SELECT o.tutorial, coalesce(nullif(btrim(g.given_name || ' ' ||"
        " g.family_name), ''), o.ticket_id), o.ticket_id, o.station,"
        " o.taken, o.capacity, o.told IS NOT NULL FROM checkin.oversold o"
        " LEFT JOIN checkin.registration g ON g.ticket_id = o.ticket_id"
        " ORDER BY o.tutorial, o.noted, o.ticket_id",
        0, NULL, &r, N_("reading the tutorials sold past their seats"), err);
    if (code)
        return code;
    int n = PQntuples(r);
    code = rows_alloc((size_t)n, sizeof(*out->oversold),
                      (void **)&out->oversold, err);
    for (int i = 0; !code && i < n; i++) {
        struct hub_status_oversold *o = &out->oversold[out->noversold++];
        pg_cell_for_terminal(r, i, 0, o->tutorial, sizeof(o->tutorial));
        pg_cell_for_terminal(r, i, 1, o->who, sizeof(o->who));
        pg_cell_for_terminal(r, i, 2, o->ticket, sizeof(o->ticket));
        pg_cell_for_terminal(r, i, 3, o->station, sizeof(o->station));
        o->taken = num(r, i, 4);
        o->capacity = num(r, i, 5);
        o->told = yes(r, i, 6);
    }
    PQclear(r);
    return code;
}

/* Rows counted by station and why (quarantined journal rows, or walk-ins
 * and edits set aside), as `sql` gives them. */
static int read_aside(PGconn *pg, const char *sql, const char *what,
                      struct hub_status_aside **rows, size_t *n,
                      struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(pg, sql, 0, NULL, &r, what, err);
    if (code)
        return code;
    int m = PQntuples(r);
    code = rows_alloc((size_t)m, sizeof(**rows), (void **)rows, err);
    for (int i = 0; !code && i < m; i++) {
        struct hub_status_aside *a = &(*rows)[(*n)++];
        pg_cell_for_terminal(r, i, 0, a->station, sizeof(a->station));
        pg_cell_for_terminal(r, i, 1, a->why, sizeof(a->why));
        a->count = num(r, i, 2);
    }
    PQclear(r);
    return code;
}

/* Edits the hub set aside until their ticket reaches it (hub_schema.c,
 * WAITING), each with its ticket, field and station. */
static int read_waiting(PGconn *pg, struct hub_status_report *out,
                        struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(
        pg,
        "SELECT w.ticket_id, replace(w.field, '_', ' '),"
        " coalesce(s.name, w.station) || CASE WHEN"
        " w.station_uid IS NULL THEN ' (organizer)' ELSE ''"
        " END, " HUB_AGO_S(
            "w.set_aside") " FROM checkin.waiting_change w"
                           " LEFT JOIN checkin.station s ON s.uid ="
                           " w.station_uid ORDER BY w.set_aside, w.station_id,"
                           " w.seq",
        0, NULL, &r, N_("reading the edits set aside"), err);
    if (code)
        return code;
    int n = PQntuples(r);
    code = rows_alloc((size_t)n, sizeof(*out->waiting), (void **)&out->waiting,
                      err);
    for (int i = 0; !code && i < n; i++) {
        struct hub_status_waiting *w = &out->waiting[out->nwaiting++];
        pg_cell_for_terminal(r, i, 0, w->ticket, sizeof(w->ticket));
        snprintf(w->field, sizeof(w->field), "%s", PQgetvalue(r, i, 1));
        pg_cell_for_terminal(r, i, 2, w->from, sizeof(w->from));
        w->ago_s = num(r, i, 3);
    }
    PQclear(r);
    return code;
}

/* Under a station's row: its printer as the desk last said (columns 12
 * to 15: printer, state, sentence, seconds since its print worker
 * vouched for it; 19 from format 39, what the sentence was made of).  Nothing
 * for a station that never said. */
static void read_printer(PGresult *r, int i, struct hub_status_station *s)
{
    if (PQgetisnull(r, i, 13))
        return;
    s->printer = true;
    const char *st = PQgetvalue(r, i, 13);
    const char *msg = PQgetisnull(r, i, 14) || !PQgetvalue(r, i, 14)[0]
                          ? PQgetvalue(r, i, 12)
                          : PQgetvalue(r, i, 14);
    char again[sizeof(s->printer_said)];
    if (PQnfields(r) > 19 && !PQgetisnull(r, i, 19) && !PQgetisnull(r, i, 14)) {
        hub_printer_said(msg, PQgetvalue(r, i, 19), again, sizeof(again));
        msg = again;
    }
    text_for_terminal(msg, strlen(msg), s->printer_said,
                      sizeof(s->printer_said));
    text_for_terminal(st, strlen(st), s->printer_state,
                      sizeof(s->printer_state));
    s->printer_age_s = num(r, i, 15);
}

static int read_stations(PGconn *pg, struct hub_status_report *out,
                         struct ck_error *err)
{
    long format = out->format;
    bool printers = format >= HUB_FORMAT_PRINTER;
    PGresult *r;
    int code;
    /* Columns 12 to 15: the printer (read_printer). */
    /* From format 25, the conflicts past a station's cap are counted in
     * its row (hub_schema_steps.c, STATUS_CLAMPED). */
#define STATIONS(printer_cols) STATIONS_OVER(printer_cols, "")
#define STATIONS_OVER(printer_cols, over)                                      \
    "SELECT s.name, s.kind || CASE WHEN s.target = '' THEN '' ELSE ':'"        \
    " || s.target END, left(s.uid, 8),"                                        \
    " " HUB_SEEN_AGO_S ","                                                     \
    " CASE WHEN s.last_seen IS NULL THEN NULL ELSE round(s.last_clock_ms"      \
    " / 1000.0 - extract(epoch FROM s.last_seen))::bigint END,"                \
    " (SELECT count(*) FROM checkin.scan x WHERE x.station_uid = s.uid),"      \
    " s.last_backlog,"                                                         \
    " (SELECT count(*) FROM checkin.badge b WHERE b.station_uid ="             \
    " s.uid),"                                                                 \
    " (SELECT count(*) FROM checkin.print_job j WHERE j.station_uid ="         \
    " s.uid AND j.state = 'printed'),"                                         \
    " (SELECT count(*) FROM checkin.conflict k WHERE k.station_uid ="          \
    " s.uid)" over ","                                                         \
    " (SELECT count(*) FROM checkin.station o WHERE o.name = s.name),"         \
    " s.retired_ms IS NOT NULL, " printer_cols                                 \
    " FROM checkin.station s ORDER BY s.name, s.enrolled_ms"
/* Column 18 (format 36): the paddles whose label failed at the station
 * and has not printed since ("3, 4"; NULL: none). */
#define PADDLES_FAILED HUB_PADDLES_FAILED("s.uid")
#define PRINTERS                                                               \
    "s.printer, s.printer_state, s.printer_message,"                           \
    " floor(extract(epoch FROM now() - s.last_seen)"                           \
    " + (s.last_clock_ms - s.printer_ms) / 1000.0)::bigint"
    /* Column 16: the hub format the station's checkin knows (format 8);
     * 17: its checkin version (format 29). */
    code = pg_query(
        pg,
        format >= HUB_FORMAT_PRINTER_KEPT
            ? STATIONS_OVER(
                  PRINTERS
                  ", s.client_format, s.client_version, " PADDLES_FAILED
                  ", s.printer_kept",
                  " + s.conflicts_over")
        : format >= HUB_FORMAT_AUCTION_VOID
            ? STATIONS_OVER(
                  PRINTERS
                  ", s.client_format, s.client_version, " PADDLES_FAILED,
                  " + s.conflicts_over")
        : format >= HUB_FORMAT_VERSIONS
            ? STATIONS_OVER(PRINTERS ", s.client_format, s.client_version",
                            " + s.conflicts_over")
        : format >= HUB_FORMAT_VETTED_CHANGES
            ? STATIONS_OVER(PRINTERS ", s.client_format, NULL",
                            " + s.conflicts_over")
        : format >= HUB_FORMAT_ACTS
            ? STATIONS(PRINTERS ", s.client_format, NULL")
        : printers ? STATIONS(PRINTERS ", NULL, NULL")
                   : STATIONS("NULL, NULL, NULL, NULL, NULL, NULL"),
        0, NULL, &r, N_("reading the stations"), err);
#undef PRINTERS
#undef PADDLES_FAILED
#undef STATIONS
#undef STATIONS_OVER
    if (code)
        return code;
    int n = PQntuples(r);
    code = rows_alloc((size_t)n, sizeof(*out->stations),
                      (void **)&out->stations, err);
    for (int i = 0; !code && i < n; i++) {
        struct hub_status_station *s = &out->stations[out->nstations++];
        pg_cell_for_terminal(r, i, 0, s->name, sizeof(s->name));
        pg_cell_for_terminal(r, i, 1, s->role, sizeof(s->role));
        snprintf(s->id, sizeof(s->id), "%s", PQgetvalue(r, i, 2));
        s->seen_s = num(r, i, 3);
        s->skew_known = !PQgetisnull(r, i, 4);
        s->skew_s = num(r, i, 4);
        s->scans = num(r, i, 5);
        s->not_sent = num(r, i, 6);
        s->badges = num(r, i, 7);
        s->printed = num(r, i, 8);
        s->conflicts = num(r, i, 9);
        s->twice = strcmp(PQgetvalue(r, i, 10), "1") != 0;
        s->retired = yes(r, i, 11);
        s->printer_age_s = -1;
        read_printer(r, i, s);
        pg_cell_for_terminal(r, i, 17, s->version, sizeof(s->version));
        if (PQnfields(r) > 18 && !PQgetisnull(r, i, 18))
            pg_cell_for_terminal(r, i, 18, s->paddles_failed,
                                 sizeof(s->paddles_failed));
        /* A live station of an older checkin: what it misses of each
         * later format (before format 8 it says none).  A running
         * station syncs at least every 10 s (sync_worker.h). */
        bool live = s->seen_s >= 0 && s->seen_s < 30;
        if (format >= HUB_FORMAT_ACTS && live && !s->retired)
            hub_older_station_text(s->name, PQgetvalue(r, i, 1),
                                   PQgetisnull(r, i, 16) ? 0 : num(r, i, 16),
                                   format, s->older, sizeof(s->older));
    }
    PQclear(r);
    return code;
}

static int read_totals(PGconn *pg, struct hub_status_report *out,
                       struct ck_error *err)
{
    long format = out->format;
    PGresult *r;
    int code;
    /* People admitted at two desks: undone admissions do not count (from
     * format 8, checkin.live_scan). */
#define TOTALS(JOURNAL) TOTALS_OVER(JOURNAL, "")
#define TOTALS_OVER(JOURNAL, over)                                             \
    "SELECT (SELECT count(*) FROM checkin.registration),"                      \
    " (SELECT count(*) FROM checkin.scan),"                                    \
    " (SELECT count(*) FROM checkin.badge),"                                   \
    " (SELECT count(*) FROM (SELECT 1 FROM checkin." JOURNAL                   \
    " WHERE mode = 'desk' AND decision = 'admit' GROUP BY"                     \
    " attendee_ticket_id HAVING count(DISTINCT station_id) > 1) d),"           \
    " (SELECT count(*) FROM checkin.conflict)" over
    code = pg_query(pg,
                    format >= HUB_FORMAT_VETTED_CHANGES
                        ? TOTALS_OVER("live_scan",
                                      " + (SELECT coalesce(sum(conflicts_over),"
                                      " 0) FROM checkin.station)")
                    : format >= HUB_FORMAT_ACTS ? TOTALS("live_scan")
                                                : TOTALS("scan"),
                    0, NULL, &r, N_("reading the hub's totals"), err);
#undef TOTALS
#undef TOTALS_OVER
    if (code)
        return code;
    out->registrations = num(r, 0, 0);
    out->journal_rows = num(r, 0, 1);
    out->badges = num(r, 0, 2);
    out->admitted_twice = num(r, 0, 3);
    out->conflicts = num(r, 0, 4);
    PQclear(r);
    return CK_OK;
}

/* The heralds enrolled (their roles, herald_login.c) and the sessions
 * each holds now. */
static int read_heralds(PGconn *pg, struct hub_status_report *out,
                        struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(
        pg,
        "SELECT substr(r.rolname, length(h.role_prefix) + 9), (SELECT"
        " count(*) FROM pg_catalog.pg_stat_activity a WHERE a.usename ="
        " r.rolname) FROM pg_catalog.pg_roles r, checkin.hub h WHERE"
        " left(r.rolname, length(h.role_prefix) + 8) = h.role_prefix ||"
        " '_herald_' AND r.rolcanlogin ORDER BY 1",
        0, NULL, &r, N_("reading the heralds"), err);
    if (code)
        return code;
    size_t n = (size_t)PQntuples(r);
    code = rows_alloc(n, sizeof(*out->heralds), (void **)&out->heralds, err);
    for (size_t i = 0; !code && i < n; i++) {
        struct hub_status_herald *h = &out->heralds[i];
        pg_cell_for_terminal(r, (int)i, 0, h->name, sizeof(h->name));
        h->sessions = num(r, (int)i, 1);
    }
    if (!code)
        out->nheralds = n;
    PQclear(r);
    return code;
}

int hub_status(const char *event_path, struct hub_status_report *out,
               struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    int code = hub_open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    pg_where(pg, out->where, sizeof(out->where));
    PGresult *r;
    /* A desk's printer is on a hub of format 5 or newer (the organizer's
     * next sync upgrades an older one). */
    code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &r,
                    N_("reading the hub's format"), err);
    if (code)
        goto out;
    out->format = PQntuples(r) == 1 ? strtol(PQgetvalue(r, 0, 0), NULL, 10) : 0;
    PQclear(r);
    long format = out->format;
    code = read_stations(pg, out, err);
    if (!code)
        code = read_heralds(pg, out, err);
    if (!code)
        code = read_totals(pg, out, err);
    if (!code && format >= HUB_FORMAT_TRUST)
        code = read_aside(pg,
                          "SELECT coalesce(s.name, q.station_uid), q.fault,"
                          " count(*) FROM checkin.quarantine q LEFT JOIN"
                          " checkin.station s ON s.uid = q.station_uid GROUP"
                          " BY 1, 2 ORDER BY 1, 2",
                          "reading the rows set aside", &out->quarantined,
                          &out->nquarantined, err);
    if (!code && format >= HUB_FORMAT_VETTED_CHANGES)
        code = read_aside(pg,
                          "SELECT coalesce(s.name, q.station_uid), q.fault,"
                          " count(*) FROM checkin.set_aside_change q LEFT"
                          " JOIN checkin.station s ON s.uid = q.station_uid"
                          " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
                          "reading the walk-ins and edits set aside",
                          &out->set_aside, &out->nset_aside, err);
    if (!code && format >= HUB_FORMAT_WAITING)
        code = read_waiting(pg, out, err);
    if (!code && format >= HUB_FORMAT_LEASES)
        code = read_seats(pg, out, err);
    if (!code && format >= HUB_FORMAT_LEASE_MOVES)
        code = read_oversold(pg, out, err);
out:
    PQfinish(pg);
    local_close(&l);
    return code;
}

void hub_status_free(struct hub_status_report *r)
{
    if (!r)
        return;
    free(r->stations);
    free(r->heralds);
    free(r->quarantined);
    free(r->set_aside);
    free(r->waiting);
    free(r->seats);
    free(r->oversold);
    memset(r, 0, sizeof(*r));
}
