/* `checkin hub status`: the organizer's view of the hub, read from it in
 * one go: each station (kind, last seen, clock, backlog, printer), the
 * seats each door of a shared room holds, oversold walk-ins, quarantined
 * rows and what waits for a station's next sync.  It only reads; what
 * changes the hub (init, enrolment, retiring, releasing seats) is
 * hub.c's. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/hub.h"
#include "checkin/hub_schema.h"
#include "checkin/pg.h"
#include "checkin/text.h"
#include "hub_priv.h"

/* Each door's lease of a room with a capacity and more than one door (or
 * lease): list, capacity, name, held, used, took and gave (%s: seconds
 * ago, or NULL before format 16), retired, seconds since seen, people
 * inside by its entries. */
#define SEATS_SQL                                                              \
    "WITH c AS (SELECT d.slug AS list, max((d.data->>'capacity')::int) AS"     \
    " cap FROM checkin.event_description d WHERE d.kind IN ('tutorial',"       \
    " 'list') AND d.data->>'capacity' ~ '^[0-9]{1,9}$' GROUP BY d.slug)"       \
    " SELECT l.list, c.cap, s.name, l.granted - l.released, l.charged, %s,"    \
    " s.retired_ms IS NOT NULL, floor(extract(epoch FROM now() -"              \
    " s.last_seen))::bigint, " HUB_INSIDE_L " FROM checkin.seat_lease l"       \
    " JOIN c ON c.list = l.list JOIN checkin.station s ON s.uid ="             \
    " l.station_uid WHERE c.cap > 0 AND ((SELECT count(*) FROM"                \
    " checkin.station d WHERE d.kind = 'door' AND d.target = l.list AND"       \
    " d.retired_ms IS NULL) > 1 OR (SELECT count(*) FROM checkin.seat_lease"   \
    " x WHERE x.list = l.list) > 1) ORDER BY l.list, s.name, s.enrolled_ms"

/* Under the stations: each room with a capacity and more than one door,
 * the seats each door holds and uses (what it charged at its last sync),
 * and the pool; then when each door last took and gave seats, and what
 * to do about a door that holds seats and is gone. */
static int seat_lines(PGconn *pg, long format, const char *event_path, FILE *f,
                      struct ck_error *err)
{
    char sql[3000];
    snprintf(sql, sizeof(sql), SEATS_SQL,
             format >= HUB_FORMAT_LEASE_MOVES
                 ? "floor(extract(epoch FROM now() - l.took))::bigint,"
                   " floor(extract(epoch FROM now() - l.gave))::bigint"
                 : "NULL, NULL");
    PGresult *r;
    int code = pg_query(pg, sql, 0, NULL, &r, "reading the doors' seats", err);
    if (code)
        return code;
    int n = PQntuples(r);
    if (n)
        fprintf(f, "Seats of rooms with more than one door (used: as each "
                   "door said at its last sync):\n");
    for (int i = 0; i < n;) {
        const char *list = PQgetvalue(r, i, 0);
        long cap = strtol(PQgetvalue(r, i, 1), NULL, 10);
        int end = i;
        long held = 0;
        while (end < n && !strcmp(PQgetvalue(r, end, 0), list))
            held += strtol(PQgetvalue(r, end++, 3), NULL, 10);
        char ls[256];
        text_for_terminal(list, strlen(list), ls, sizeof(ls));
        fprintf(f, "  %s: %ld seats", ls, cap);
        for (int k = i; k < end; k++) {
            char nm[256];
            pg_cell_for_terminal(r, k, 2, nm, sizeof(nm));
            long h = strtol(PQgetvalue(r, k, 3), NULL, 10);
            long used = strtol(PQgetvalue(r, k, 4), NULL, 10);
            fprintf(f, "%s %s holds %ld (%ld used%s)", k == i ? ";" : ",", nm,
                    h, used, used >= h ? ", full" : "");
        }
        if (held <= cap)
            fprintf(f, ", %ld free\n", cap - held);
        else
            fprintf(f,
                    "; %ld over the capacity: each door gives back as its "
                    "people leave and admits nobody meanwhile\n",
                    held - cap);
        for (int k = i; k < end; k++) {
            char nm[256], took[32], gave[32];
            pg_cell_for_terminal(r, k, 2, nm, sizeof(nm));
            bool retired = !strcmp(PQgetvalue(r, k, 7), "t");
            long seen = PQgetisnull(r, k, 8)
                            ? -1
                            : strtol(PQgetvalue(r, k, 8), NULL, 10);
            long h = strtol(PQgetvalue(r, k, 3), NULL, 10);
            long inside = strtol(PQgetvalue(r, k, 9), NULL, 10);
            if (!PQgetisnull(r, k, 5) || !PQgetisnull(r, k, 6)) {
                hub_ago(took, sizeof(took),
                        PQgetisnull(r, k, 5) ? NULL : PQgetvalue(r, k, 5));
                hub_ago(gave, sizeof(gave),
                        PQgetisnull(r, k, 6) ? NULL : PQgetvalue(r, k, 6));
                fprintf(f,
                        "    %s last took seats %s, last gave some back %s\n",
                        nm, took, gave);
            }
            bool gone = retired || seen < 0 || seen >= RELEASE_UNSEEN_S;
            if (gone && h > inside)
                fprintf(f,
                        "    %s is %s and holds %ld seats, %ld of them for "
                        "people still inside: 'checkin hub release-seats %s "
                        "%s %s' gives the other %ld back to the room.\n",
                        nm, retired ? "retired" : "not seen for 10 minutes", h,
                        inside, event_path, ls, nm, h - inside);
        }
        i = end;
    }
    PQclear(r);
    return CK_OK;
}

/* Walk-ins whose tutorial the hub found sold past its seats (format 16,
 * checkin.oversold): nothing is said when there are none. */
static int oversold_lines(PGconn *pg, FILE *f, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(
        pg,
        "SELECT o.tutorial, coalesce(nullif(btrim(g.given_name || ' ' ||"
        " g.family_name), ''), o.ticket_id), o.ticket_id, o.station,"
        " o.taken, o.capacity, o.told IS NOT NULL FROM checkin.oversold o"
        " LEFT JOIN checkin.registration g ON g.ticket_id = o.ticket_id"
        " ORDER BY o.tutorial, o.noted, o.ticket_id",
        0, NULL, &r, "reading the tutorials sold past their seats", err);
    if (code)
        return code;
    int n = PQntuples(r);
    if (n)
        fprintf(f,
                "%d walk-in%s registered at a desk for a tutorial with no seat "
                "left at the hub (two desks sold its last seat); add a seat "
                "with 'checkin event', or move them to another tutorial:\n",
                n, n == 1 ? "" : "s");
    for (int i = 0; i < n; i++) {
        char t[160], who[400], tk[256], st[256];
        pg_cell_for_terminal(r, i, 0, t, sizeof(t));
        pg_cell_for_terminal(r, i, 1, who, sizeof(who));
        pg_cell_for_terminal(r, i, 2, tk, sizeof(tk));
        pg_cell_for_terminal(r, i, 3, st, sizeof(st));
        fprintf(f, "  %s: %s (%s) at %s, %s registered for %s seats%s\n", t,
                who, tk, st, PQgetvalue(r, i, 4), PQgetvalue(r, i, 5),
                strcmp(PQgetvalue(r, i, 6), "t") ? ", the desk not told yet"
                                                 : "");
    }
    PQclear(r);
    return CK_OK;
}

/* Under a station's row: its printer as the desk last said (columns 12
 * to 15: printer, state, sentence, seconds since its print worker
 * vouched for it), the state in capitals (and red on a terminal) when
 * someone must act, and how long it has not been heard of once that is
 * longer than a live station takes to sync.  Nothing for a station that
 * never said. */
static void printer_line(FILE *f, PGresult *r, int i)
{
    if (PQgetisnull(r, i, 13))
        return;
    char state[64], said[1024];
    const char *st = PQgetvalue(r, i, 13);
    const char *msg = PQgetisnull(r, i, 14) || !PQgetvalue(r, i, 14)[0]
                          ? PQgetvalue(r, i, 12)
                          : PQgetvalue(r, i, 14);
    text_for_terminal(msg, strlen(msg), said, sizeof(said));
    size_t n = text_for_terminal(st, strlen(st), state, sizeof(state));
    if (strcmp(st, "ready") && strcmp(st, "printing") && strcmp(st, "unknown"))
        for (size_t k = 0; k < n; k++)
            state[k] = (char)toupper((unsigned char)state[k]);
    long age =
        PQgetisnull(r, i, 15) ? -1 : strtol(PQgetvalue(r, i, 15), NULL, 10);
    char stale[64] = "";
    if (age >= 30)
        snprintf(stale, sizeof(stale), ", not heard for %ld s", age);
    /* Red on a terminal (not in a file or a pipe) when someone must act. */
    bool red = (age >= 30 || (strcmp(st, "ready") && strcmp(st, "printing") &&
                              strcmp(st, "unknown"))) &&
               isatty(fileno(f)) == 1 && !getenv("NO_COLOR");
    fprintf(f, "  printer: %s%s%s: %s%s\n", red ? "\033[31m" : "", state, stale,
            said, red ? "\033[0m" : "");
}

/* Journal rows the hub set aside (hub_schema.c, TRUST), by the station
 * that pushed them and why: nothing is said when there are none. */
static int quarantine_lines(PGconn *pg, FILE *f, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(pg,
                        "SELECT coalesce(s.name, q.station_uid), q.fault,"
                        " count(*) FROM checkin.quarantine q LEFT JOIN"
                        " checkin.station s ON s.uid = q.station_uid GROUP BY"
                        " 1, 2 ORDER BY 1, 2",
                        0, NULL, &r, "reading the rows set aside", err);
    if (code)
        return code;
    long total = 0;
    for (int i = 0; i < PQntuples(r); i++)
        total += strtol(PQgetvalue(r, i, 2), NULL, 10);
    if (total)
        fprintf(f,
                "%ld journal %s set aside, not counted and sent to no "
                "station:\n",
                total, total == 1 ? "row" : "rows");
    for (int i = 0; i < PQntuples(r); i++) {
        char nm[256], why[512];
        pg_cell_for_terminal(r, i, 0, nm, sizeof(nm));
        pg_cell_for_terminal(r, i, 1, why, sizeof(why));
        fprintf(f, "  %s: %s from %s\n", PQgetvalue(r, i, 2), why, nm);
    }
    PQclear(r);
    return CK_OK;
}

/* Lines a list of rows set aside or waiting takes in `hub status` at
 * most; the rest are counted in one line.  A desk's credentials could
 * otherwise make the report as long as the rows it sent (issue 50: 1,000
 * edits waiting, 1,017 lines). */
#define STATUS_LIST_MAX 10

/* Walk-ins and edits the hub set aside (hub_schema_steps.c, format 25),
 * counted by station and why, in at most STATUS_LIST_MAX lines: nothing is
 * said when there are none. */
static int change_set_aside_lines(PGconn *pg, FILE *f, struct ck_error *err)
{
    PGresult *r;
    int code =
        pg_query(pg,
                 "SELECT coalesce(s.name, q.station_uid), q.fault,"
                 " count(*) FROM checkin.set_aside_change q LEFT JOIN"
                 " checkin.station s ON s.uid = q.station_uid GROUP BY"
                 " 1, 2 ORDER BY 3 DESC, 1, 2",
                 0, NULL, &r, "reading the walk-ins and edits set aside", err);
    if (code)
        return code;
    long total = 0, shown = 0;
    int n = PQntuples(r);
    for (int i = 0; i < n; i++)
        total += strtol(PQgetvalue(r, i, 2), NULL, 10);
    if (total)
        fprintf(f,
                "%ld %s made at desks set aside, applied at no other "
                "station:\n",
                total, total == 1 ? "walk-in or edit" : "walk-ins and edits");
    for (int i = 0; i < n && i < STATUS_LIST_MAX; i++) {
        char nm[256], why[512];
        pg_cell_for_terminal(r, i, 0, nm, sizeof(nm));
        pg_cell_for_terminal(r, i, 1, why, sizeof(why));
        fprintf(f, "  %s: %s from %s\n", PQgetvalue(r, i, 2), why, nm);
        shown += strtol(PQgetvalue(r, i, 2), NULL, 10);
    }
    if (n > STATUS_LIST_MAX)
        fprintf(f, "  %ld more, for %d other reasons or stations\n",
                total - shown, n - STATUS_LIST_MAX);
    PQclear(r);
    return CK_OK;
}

/* Edits the hub set aside until their ticket reaches it (hub_schema.c,
 * WAITING), each with its ticket, field and station, the first
 * STATUS_LIST_MAX of them: nothing is said when there are none. */
static int waiting_lines(PGconn *pg, FILE *f, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(pg,
                        "SELECT w.ticket_id, replace(w.field, '_', ' '),"
                        " coalesce(s.name, w.station) || CASE WHEN"
                        " w.station_uid IS NULL THEN ' (organizer)' ELSE ''"
                        " END, floor(extract(epoch FROM now() -"
                        " w.set_aside))::bigint FROM checkin.waiting_change w"
                        " LEFT JOIN checkin.station s ON s.uid ="
                        " w.station_uid ORDER BY w.set_aside, w.station_id,"
                        " w.seq",
                        0, NULL, &r, "reading the edits set aside", err);
    if (code)
        return code;
    int n = PQntuples(r);
    if (n)
        fprintf(f,
                "%d %s for %s the hub does not hold yet, applied nowhere "
                "until the organizer publishes %s or the walk-in's desk "
                "syncs:\n",
                n, n == 1 ? "edit waits" : "edits wait",
                n == 1 ? "a ticket" : "tickets", n == 1 ? "it" : "them");
    for (int i = 0; i < n && i < STATUS_LIST_MAX; i++) {
        char t[256], nm[256];
        pg_cell_for_terminal(r, i, 0, t, sizeof(t));
        pg_cell_for_terminal(r, i, 2, nm, sizeof(nm));
        char ago_s[32];
        hub_ago(ago_s, sizeof(ago_s), PQgetvalue(r, i, 3));
        fprintf(f, "  %s: %s, from %s, set aside %s\n", t, PQgetvalue(r, i, 1),
                nm, ago_s);
    }
    if (n > STATUS_LIST_MAX)
        fprintf(f, "  and %d more edits waiting\n", n - STATUS_LIST_MAX);
    PQclear(r);
    return CK_OK;
}

int hub_status(const char *event_path, FILE *f, struct ck_error *err)
{
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    int code = hub_open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    char where[256];
    pg_where(pg, where, sizeof(where));
    PGresult *r;
    /* A desk's printer is on a hub of format 5 or newer (the organizer's
     * next sync upgrades an older one). */
    code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &r,
                    "reading the hub's format", err);
    if (code)
        goto out;
    long format = PQntuples(r) == 1 ? strtol(PQgetvalue(r, 0, 0), NULL, 10) : 0;
    bool printers = format >= HUB_FORMAT_PRINTER;
    PQclear(r);
    /* Columns 12 to 15: the printer (printer_line). */
    /* From format 25, the conflicts past a station's cap are counted in
     * its row (hub_schema_steps.c, STATUS_CLAMPED). */
#define STATIONS(printer_cols) STATIONS_OVER(printer_cols, "")
#define STATIONS_OVER(printer_cols, over)                                      \
    "SELECT s.name, s.kind || CASE WHEN s.target = '' THEN '' ELSE ':'"        \
    " || s.target END, left(s.uid, 8),"                                        \
    " floor(extract(epoch FROM now() - s.last_seen))::bigint,"                 \
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
#define PRINTERS                                                               \
    "s.printer, s.printer_state, s.printer_message,"                           \
    " floor(extract(epoch FROM now() - s.last_seen)"                           \
    " + (s.last_clock_ms - s.printer_ms) / 1000.0)::bigint"
    /* Column 16: the hub format the station's checkin knows (format 8). */
    code = pg_query(
        pg,
        format >= HUB_FORMAT_VETTED_CHANGES
            ? STATIONS_OVER(PRINTERS ", s.client_format", " + s.conflicts_over")
        : format >= HUB_FORMAT_ACTS ? STATIONS(PRINTERS ", s.client_format")
        : printers                  ? STATIONS(PRINTERS ", NULL")
                                    : STATIONS("NULL, NULL, NULL, NULL, NULL"),
        0, NULL, &r, "reading the stations", err);
#undef PRINTERS
#undef STATIONS
#undef STATIONS_OVER
    if (code)
        goto out;
    fprintf(f, "Hub: %s\n", where);
    /* A running station syncs at least every 10 s (sync_worker.h). */
    fprintf(f, "%-16s %-22s %-9s %-8s %-12s %6s %6s %8s %6s %7s %9s\n",
            "STATION", "KIND", "ID", "STATE", "LAST SEEN", "SKEW", "SCANS",
            "NOT SENT", "BADGES", "PRINTED", "CONFLICTS");
    for (int i = 0; i < PQntuples(r); i++) {
        char seen[32], skew[32], nm[256], role[256];
        pg_cell_for_terminal(r, i, 0, nm, sizeof(nm));
        pg_cell_for_terminal(r, i, 1, role, sizeof(role));
        hub_ago(seen, sizeof(seen),
                PQgetisnull(r, i, 3) ? NULL : PQgetvalue(r, i, 3));
        if (PQgetisnull(r, i, 4))
            snprintf(skew, sizeof(skew), "-");
        else
            snprintf(skew, sizeof(skew), "%+lds",
                     strtol(PQgetvalue(r, i, 4), NULL, 10));
        bool live =
            !PQgetisnull(r, i, 3) && strtol(PQgetvalue(r, i, 3), NULL, 10) < 30;
        bool retired = !strcmp(PQgetvalue(r, i, 11), "t");
        fprintf(f, "%-16s %-22s %-9s %-8s %-12s %6s %6s %8s %6s %7s %9s%s\n",
                nm, role, PQgetvalue(r, i, 2),
                retired ? "retired"
                : live  ? "live"
                        : "offline",
                seen, skew, PQgetvalue(r, i, 5), PQgetvalue(r, i, 6),
                PQgetvalue(r, i, 7), PQgetvalue(r, i, 8), PQgetvalue(r, i, 9),
                strcmp(PQgetvalue(r, i, 10), "1") ? "  (name enrolled twice)"
                                                  : "");
        printer_line(f, r, i);
        /* A live station of an older checkin: what it misses of each
         * later format (before format 8 it says none). */
        if (format >= HUB_FORMAT_ACTS && live && !retired) {
            char older[1200];
            hub_older_station_text(nm, PQgetvalue(r, i, 1),
                                   PQgetisnull(r, i, 16)
                                       ? 0
                                       : strtol(PQgetvalue(r, i, 16), NULL, 10),
                                   format, older, sizeof(older));
            if (older[0])
                fprintf(f, "  %s\n", older);
        }
    }
    PQclear(r);
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
                    0, NULL, &r, "reading the hub's totals", err);
#undef TOTALS
#undef TOTALS_OVER
    if (code)
        goto out;
    fprintf(f,
            "%s registrations, %s journal rows, %s badges on the hub; %s "
            "people admitted at more than one desk; %s conflicting rows.\n",
            PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2),
            PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4));
    PQclear(r);
    if (format >= HUB_FORMAT_TRUST)
        code = quarantine_lines(pg, f, err);
    if (!code && format >= HUB_FORMAT_VETTED_CHANGES)
        code = change_set_aside_lines(pg, f, err);
    if (!code && format >= HUB_FORMAT_WAITING)
        code = waiting_lines(pg, f, err);
    if (!code && format >= HUB_FORMAT_LEASES)
        code = seat_lines(pg, format, event_path, f, err);
    if (!code && format >= HUB_FORMAT_LEASE_MOVES)
        code = oversold_lines(pg, f, err);
out:
    PQfinish(pg);
    local_close(&l);
    return code;
}
