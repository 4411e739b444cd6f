/* Organiser exports (see export.h): check-ins, the scan journal and a
 * sponsor's leads as CSV or JSON, and the reduced database a sponsor's
 * station runs on.  Contact details leave only through export_leads, and
 * only for consenting attendees.  Not for registrations (import.c). */
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkin/admission.h"
#include "checkin/atomic_file.h"
#include "checkin/badge.h"
#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/export.h"
#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/sprint.h"
#include "checkin/store_sql.h"
#include "checkin/text.h"

int export_format_parse(const char *s, enum export_format *out)
{
    if (s && !strcmp(s, "csv"))
        *out = EXPORT_CSV;
    else if (s && !strcmp(s, "json"))
        *out = EXPORT_JSON;
    else
        return CK_EINVAL;
    return CK_OK;
}

/* One CSV cell: quoted when needed; a leading = + - @ (a formula to a
 * spreadsheet) is defused with a ' (OWASP CSV injection). */
static void csv_cell(FILE *f, const char *v)
{
    if (!v)
        v = "";
    bool formula = (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' ||
                    v[0] == '\t' || v[0] == '\r');
    bool quote = formula || strpbrk(v, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(v, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

/* Whether cell `i` can be written as text.  Scanned codes are whatever a
 * QR code held: bytes that are not UTF-8, NUL (which would cut a CSV cell
 * short), escape sequences, bidi overrides.  Such a cell is written empty
 * (CSV) or null (JSON), never half; the scans export has every code's
 * exact bytes in code_hex. */
static bool plain(sqlite3_stmt *q, int i)
{
    const char *t = (const char *)sqlite3_column_text(q, i);
    return t && text_is_plain(t, (size_t)sqlite3_column_bytes(q, i));
}

/* Decides per row: 1 list it, 0 skip it (and count it). */
typedef int (*row_filter)(sqlite3_stmt *q, void *ctx);

/* Write every row of `q` (all columns but the last `hidden`). */
static int write_rows(store *s, sqlite3_stmt *q, FILE *f,
                      enum export_format fmt, int hidden, row_filter keep,
                      void *ctx, json_t *json_rows, long *rows,
                      struct ck_error *err)
{
    int ncol = sqlite3_column_count(q) - hidden;
    long n = 0;
    if (fmt == EXPORT_CSV) {
        for (int i = 0; i < ncol; i++) {
            if (i)
                fputc(',', f);
            csv_cell(f, sqlite3_column_name(q, i));
        }
        fputs("\r\n", f);
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (keep && !keep(q, ctx))
            continue;
        n++;
        if (fmt == EXPORT_CSV) {
            for (int i = 0; i < ncol; i++) {
                if (i)
                    fputc(',', f);
                csv_cell(f, plain(q, i)
                                ? (const char *)sqlite3_column_text(q, i)
                                : NULL);
            }
            fputs("\r\n", f);
            continue;
        }
        json_t *o = json_object();
        for (int i = 0; i < ncol; i++) {
            json_t *v;
            switch (sqlite3_column_type(q, i)) {
            case SQLITE_NULL:
                v = json_null();
                break;
            case SQLITE_INTEGER:
                v = json_integer(sqlite3_column_int64(q, i));
                break;
            default:
                v = plain(q, i)
                        ? json_stringn((const char *)sqlite3_column_text(q, i),
                                       (size_t)sqlite3_column_bytes(q, i))
                        : json_null();
            }
            json_object_set_new(o, sqlite3_column_name(q, i), v);
        }
        json_array_append_new(json_rows, o);
    }
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("exporting"), err);
    if (rows)
        *rows = n;
    if (ferror(f))
        return ck_fail(err, CK_EIO,
                       "Writing the export failed; check the "
                       "disk or the pipe it goes to.");
    return CK_OK;
}

static int dump_json(FILE *f, json_t *root, struct ck_error *err)
{
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    if (rc || ferror(f))
        return ck_fail(err, CK_EIO,
                       "Writing the export failed; check the "
                       "disk or the pipe it goes to.");
    return CK_OK;
}

/* A time column (UTC milliseconds) as ISO 8601 in the event's zone with
 * its offset then ("2027-05-12T09:05:00.250-07:00"): SQLite knows no zones,
 * so the SQL calls local_time(), registered by use_event_zone. */
#define ISO(col) "local_time(" col ")"

static void local_time(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    char buf[48];
    if (event_iso_local_ms(sqlite3_value_int64(argv[0]), sqlite3_user_data(ctx),
                           buf, sizeof(buf))) {
        sqlite3_result_error(ctx, "the event's time zone cannot be read", -1);
        return;
    }
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* Give the connection local_time() in the event's time zone. */
static int use_event_zone(store *s, struct ck_error *err)
{
    sqlite3 *db = store_db(s);
    sqlite3_stmt *q;
    /* Room for any name the zone column may hold (event.c refuses one
     * longer than tzdata's), and for a garbled one to be shown. */
    char zone[256];
    bool found;
    int code = store_prepare(s, "SELECT timezone FROM event", NULL, &q,
                             N_("exporting"), err);
    if (!code)
        code = store_step_text(s, q, false, zone, sizeof(zone), &found,
                               N_("exporting"), err);
    if (code)
        return code;
    if (!found)
        return ck_fail(err, CK_EINVAL,
                       "%s has no event yet; create it with 'checkin "
                       "init EVENT.db EVENT.ini'.",
                       store_path(s));
    if (!zone[0] || !event_valid_zone(zone))
        return ck_fail(err, CK_ENOTFOUND,
                       "The time zone %s of the event in %s is not in this "
                       "computer's tzdata; install or update the tzdata "
                       "package and export again, or, if the name is garbled, "
                       "restore it from a backup.",
                       zone[0] ? zone : "(none)", store_path(s));
    /* SQLite frees the zone name when the function is replaced or the
     * connection closes. */
    char *tz = g_strdup(zone);
    int rc = sqlite3_create_function_v2(db, "local_time", 1,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC, tz,
                                        local_time, NULL, NULL, g_free);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, N_("exporting"), err);
    return CK_OK;
}

static int simple_export(store *s, const char *sql, const char *key, FILE *f,
                         enum export_format fmt, long *rows,
                         struct ck_error *err)
{
    int code = use_event_zone(s, err);
    if (code)
        return code;
    sqlite3_stmt *q;
    code = store_prepare(s, sql, NULL, &q, N_("exporting"), err);
    if (code)
        return code;
    json_t *arr = fmt == EXPORT_JSON ? json_array() : NULL;
    code = write_rows(s, q, f, fmt, 0, NULL, NULL, arr, rows, err);
    sqlite3_finalize(q);
    if (!code && arr) {
        json_t *root = json_object();
        json_object_set_new(root, key, arr);
        arr = NULL;
        code = dump_json(f, root, err);
        json_decref(root);
    }
    json_decref(arr);
    return code;
}

int export_checkins(store *s, FILE *out, enum export_format fmt, long *rows,
                    struct ck_error *err)
{
    /* "First" is the earliest by the stations' own clocks, ties to the
     * lower (station, seq): the rule a desk uses for "Already checked in
     * at 09:12 at desk-2" (journal.c), so the export names the same desk.
     * Clocks of different stations may disagree by hours (docs/stations.md,
     * "Clocks"); desk_admits and stations do not depend on them. */
    return simple_export(
        s,
        "SELECT a.ticket_id, a.order_code, a.badge_name, t.slug AS"
        " ticket_type, " ISO(
            "min(x.at_ms)") " AS first_checkin,"
                            " (SELECT f.station FROM live_scan f WHERE "
                            "f.attendee_ticket_id ="
                            " a.ticket_id AND f.mode = 'desk' AND f.decision = "
                            "'admit'"
                            " ORDER BY f.at_ms, f.station, f.seq LIMIT 1) AS "
                            "first_station,"
                            " count(*) AS desk_admits, count(DISTINCT "
                            "x.station) AS stations,"
                            /* A supervisor's override: its reason. */
                            " (SELECT o.override FROM live_scan o WHERE"
                            " o.attendee_ticket_id = a.ticket_id AND o.mode"
                            " = 'desk' AND o.decision = 'admit' AND"
                            " o.override IS NOT NULL ORDER BY o.at_ms,"
                            " o.station, o.seq LIMIT 1) AS override,"
                            /* The answers to pretix's questions the desk
                             * or a door took before admitting (issue 49):
                             * the first, wherever they were asked. */
                            " (SELECT o.answers FROM live_scan o WHERE"
                            " o.attendee_ticket_id = a.ticket_id AND"
                            " o.decision = 'admit' AND"
                            " o.answers IS NOT NULL ORDER BY o.at_ms,"
                            " o.station, o.seq LIMIT 1) AS answers"
                            " FROM live_scan x JOIN attendee a ON a.ticket_id "
                            "= "
                            "x.attendee_ticket_id"
                            " JOIN ticket_type t ON t.id = a.ticket_type_id"
                            " WHERE x.mode = 'desk' AND x.decision = 'admit'"
                            " GROUP BY a.id ORDER BY min(x.at_ms), a.ticket_id",
        "checkins", out, fmt, rows, err);
}

int export_acknowledgements(store *s, FILE *out, enum export_format fmt,
                            long *rows, struct ck_error *err)
{
    return simple_export(
        s,
        "SELECT substr(k.key, 5) AS acknowledgement, q.label AS title,"
        " CASE k.value WHEN 'True' THEN 'yes' WHEN 'False' THEN 'declined'"
        " ELSE k.value END AS answer,"
        " a.ticket_id, a.order_code, a.given_name, a.family_name, "
        "a.email, " ISO(
            "x.at_ms") " AS at, x.station"
                       " FROM live_scan x JOIN json_each(CASE WHEN "
                       "json_valid(x.answers) THEN"
                       " x.answers ELSE '{}' END) k JOIN question q ON"
                       " q.identifier = k.key JOIN attendee a ON a.ticket_id ="
                       " x.attendee_ticket_id WHERE x.mode = 'desk' AND"
                       " (x.decision = 'admit' OR x.reason = 'declined') AND"
                       " k.key LIKE 'ack:%'"
                       " ORDER BY x.at_ms, x.station, x.seq, k.key",
        "acknowledgements", out, fmt, rows, err);
}

int export_no_shows(store *s, FILE *out, enum export_format fmt, long *rows,
                    struct ck_error *err)
{
    return simple_export(
        s,
        "SELECT a.ticket_id, a.order_code, a.badge_name, a.given_name,"
        " a.family_name, a.email, t.slug AS ticket_type,"
        " coalesce((SELECT group_concat(slug, ' ') FROM (SELECT u.slug FROM"
        " attendee_tutorial x JOIN tutorial u ON u.id = x.tutorial_id WHERE"
        " x.attendee_id = a.id ORDER BY u.starts_at, u.slug)), '') AS"
        " tutorials"
        " FROM attendee a JOIN ticket_type t ON t.id = a.ticket_type_id"
        " WHERE a.status = 'paid' AND NOT EXISTS (SELECT 1 FROM live_scan x "
        "WHERE"
        " x.attendee_ticket_id = a.ticket_id AND x.mode = 'desk' AND"
        " x.decision = 'admit')"
        " ORDER BY a.family_name, a.given_name, a.ticket_id",
        "no_shows", out, fmt, rows, err);
}

int export_scans(store *s, FILE *out, enum export_format fmt, long *rows,
                 struct ck_error *err)
{
    return simple_export(
        s,
        "SELECT station, seq, " ISO(
            "at_ms") " AS at, mode, target, code,"
                     " lower(hex(code)) AS code_hex, attendee_ticket_id,"
                     " lower(hex(badge_id)) AS badge_id, decision, reason, "
                     "direction, override, act, ref_station_id, ref_seq, "
                     "day, handed, supervisor, " ISO(
                         "read_at_ms") " AS read_at, answers"
                                       " FROM " JOURNAL_EVERY_ROW
                                       " ORDER BY at_ms, station, seq",
        "scans", out, fmt, rows, err);
}

int export_list(store *s, const char *slug, FILE *out, enum export_format fmt,
                long *rows, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT EXISTS (SELECT 1 FROM checkin_list WHERE slug = ?1 AND slug"
        " != '') OR EXISTS (SELECT 1 FROM tutorial WHERE slug = ?1),"
        " (SELECT group_concat(slug, ', ') FROM (SELECT slug FROM"
        " checkin_list WHERE slug != '' UNION SELECT slug FROM tutorial"
        " ORDER BY 1))",
        NULL, &q, N_("exporting"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    /* Two columns, a number and a text: no helper of store_sql.h's. */
    int rc = sqlite3_step(q);
    bool known = rc == SQLITE_ROW && sqlite3_column_int(q, 0);
    char names[1024];
    const unsigned char *n = sqlite3_column_text(q, 1);
    snprintf(names, sizeof(names), "%s",
             rc == SQLITE_ROW && n ? (const char *)n : "");
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("exporting"), err);
    if (!known && !names[0])
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no check-in list or tutorial '%s' in %s; it "
                       "has none.",
                       slug, store_path(s));
    if (!known)
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no check-in list or tutorial '%s' in %s; the "
                       "lists and tutorials are: %s.",
                       slug, store_path(s), names);
    code = use_event_zone(s, err);
    if (code)
        return code;
    code = store_prepare(
        s,
        "SELECT s.attendee_ticket_id AS ticket_id, a.badge_name, " ISO(
            "s.at_ms") " AS at, s.station, s.day, "
                       "coalesce(" ADMISSION_HANDED_NOW
                       ", '') AS handed, s.reason FROM live_scan s LEFT JOIN"
                       " attendee a ON a.ticket_id = s.attendee_ticket_id"
                       " WHERE s.mode = 'door' AND s.target = ?1 AND"
                       " s.decision = 'admit' AND s.direction = 'in' ORDER BY"
                       " s.at_ms, s.station, s.seq",
        NULL, &q, N_("exporting"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    json_t *arr = fmt == EXPORT_JSON ? json_array() : NULL;
    code = write_rows(s, q, out, fmt, 0, NULL, NULL, arr, rows, err);
    sqlite3_finalize(q);
    if (!code && arr) {
        json_t *root = json_object();
        json_object_set_new(root, "list", json_string(slug));
        json_object_set_new(root, "rows", arr);
        arr = NULL;
        code = dump_json(out, root, err);
        json_decref(root);
    }
    json_decref(arr);
    return code;
}

static int consenting(sqlite3_stmt *q, void *ctx)
{
    struct export_lead_counts *c = ctx;
    int last = sqlite3_column_count(q) - 1;
    if (sqlite3_column_int(q, last) == 1) {
        c->listed++;
        return 1;
    }
    c->withheld++;
    return 0;
}

/* The leads of sponsor ?1 a person with a scanner could have made: of a
 * badge this event issued, and not one of more than EXPORT_LEAD_BURST
 * within EXPORT_LEAD_BURST_MS either side at one station run.  A station
 * file changed by hand (a sponsor adding a lead for every badge id it could
 * find) brings the others. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define LEADS_NEAR                                                             \
    "leads AS (SELECT l.*, count(*) OVER (PARTITION BY l.station_id ORDER"     \
    " BY l.at_ms RANGE BETWEEN " STR(                                          \
        EXPORT_LEAD_BURST_MS) " PRECEDING AND " STR(EXPORT_LEAD_BURST_MS) " F" \
                                                                          "OL" \
                                                                          "LO" \
                                                                          "WI" \
                                                                          "NG" \
                                                                          ") " \
                                                                          "AS" \
                                                                          " n" \
                                                                          "ea" \
                                                                          "r " \
                                                                          "FR" \
                                                                          "OM" \
                                                                          " l" \
                                                                          "ea" \
                                                                          "d " \
                                                                          "l " \
                                                                          "WH" \
                                                                          "ER" \
                                                                          "E"  \
                                                                          " l" \
                                                                          ".s" \
                                                                          "po" \
                                                                          "ns" \
                                                                          "or" \
                                                                          "_s" \
                                                                          "lu" \
                                                                          "g " \
                                                                          "= " \
                                                                          "?1" \
                                                                          ")"
#define PLAUSIBLE_LEADS                                                        \
    LEADS_NEAR ", plausible AS (SELECT * FROM leads WHERE near <= " STR(       \
        EXPORT_LEAD_BURST) " AND badge_id IN (SELECT badge_id FROM badge))"

static int count_suspects(store *s, const char *slug,
                          struct export_lead_counts *counts,
                          struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "WITH " LEADS_NEAR " SELECT"
        " coalesce(sum(badge_id NOT IN (SELECT badge_id FROM badge)), 0),"
        " coalesce(sum(badge_id IN (SELECT badge_id FROM badge) AND near "
        "> " STR(EXPORT_LEAD_BURST) "), 0) FROM leads",
        NULL, &q, N_("exporting leads"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    /* Two numbers: no helper of store_sql.h's. */
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        counts->never_issued = (long)sqlite3_column_int64(q, 0);
        counts->burst = (long)sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("exporting leads"), err);
    return CK_OK;
}

/* The leads export's JSON: the rows `arr` (a new reference is taken)
 * and what was withheld or left out. */
static int leads_json(FILE *out, const char *slug, const char *name,
                      json_t *arr, const struct export_lead_counts *counts,
                      struct ck_error *err)
{
    json_t *root = json_object();
    json_object_set_new(root, "sponsor", json_string(slug));
    json_object_set_new(root, "sponsor_name", json_string(name));
    json_object_set(root, "leads", arr);
    json_object_set_new(root, "not_consented", json_integer(counts->withheld));
    json_object_set_new(root, "left_out_never_issued",
                        json_integer(counts->never_issued));
    json_object_set_new(root, "left_out_burst", json_integer(counts->burst));
    int code = dump_json(out, root, err);
    json_decref(root);
    return code;
}

/* The tags of all an attendee's leads (COL: each lead's, one a line,
 * joined by line breaks), each once, in byte order, joined by "; ": as
 * the hub's sponsor_leads() gives them (hubschema/hub_schema.c, EXPO). */
#define TAGS_OF(COL)                                                           \
    "(WITH RECURSIVE sp(t, rest) AS (SELECT '', coalesce(" COL ", '') ||"      \
    " char(10) UNION ALL SELECT substr(rest, 1, instr(rest, char(10)) - 1),"   \
    " substr(rest, instr(rest, char(10)) + 1) FROM sp WHERE rest <> '')"       \
    " SELECT coalesce(group_concat(t, '; '), '') FROM (SELECT DISTINCT t"      \
    " FROM sp WHERE t <> '' ORDER BY t))"

/* One row per attendee (export_leads). */
/* clang-format off */
static const char LEADS_SQL[] =
    "WITH " PLAUSIBLE_LEADS " SELECT " ISO("at_ms") " AS at, station,"
    " coalesce(notes, '') AS note, best AS rating, given_name, family_name,"
    " badge_name, email, company, " TAGS_OF("alltags") " AS tags, consent"
    " FROM (SELECT l.at_ms, l.station, a.given_name, a.family_name,"
    " a.badge_name, a.email, a.company,"
    " coalesce(a.sponsor_consent, 0) AS consent,"
    " coalesce(a.id, -1) AS who,"
    " CASE WHEN a.id IS NULL THEN l.badge_id END AS stray,"
    " row_number() OVER (w ORDER BY l.at_ms, l.station, l.seq) AS n,"
    " group_concat(nullif(l.note, ''), '; ') OVER (w ORDER BY"
    " l.station, l.seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED"
    " FOLLOWING) AS notes,"
    " max(l.rating) OVER w AS best,"
    " group_concat(nullif(l.tags, ''), char(10)) OVER w AS alltags"
    " FROM plausible l JOIN badge b ON b.badge_id = l.badge_id"
    " LEFT JOIN attendee a ON a.id = b.attendee_id"
    " WINDOW w AS (PARTITION BY coalesce(a.id, -1), CASE WHEN a.id IS"
    " NULL THEN l.badge_id END))"
    " WHERE n = 1 ORDER BY at_ms, who, stray";
/* clang-format on */

int export_leads(store *s, const char *slug, FILE *out, enum export_format fmt,
                 struct export_lead_counts *counts, struct ck_error *err)
{
    memset(counts, 0, sizeof(*counts));
    sqlite3_stmt *q;
    int code = store_prepare(s, "SELECT name FROM sponsor WHERE slug = ?1",
                             NULL, &q, N_("exporting leads"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    char name[256];
    bool found;
    code = store_step_text(s, q, false, name, sizeof(name), &found,
                           N_("exporting leads"), err);
    if (code)
        return code;
    if (!found) {
        /* The sponsors there are, so that no other command is needed. */
        char there[600] = "";
        size_t used = 0;
        code = store_prepare(s, "SELECT slug FROM sponsor ORDER BY slug", NULL,
                             &q, N_("exporting leads"), err);
        if (code)
            return code;
        while (used + 1 < sizeof(there) && sqlite3_step(q) == SQLITE_ROW) {
            int w = snprintf(there + used, sizeof(there) - used, "%s%s",
                             used ? ", " : "",
                             (const char *)sqlite3_column_text(q, 0));
            if (w < 0)
                break;
            used += (size_t)w;
        }
        sqlite3_finalize(q);
        if (!there[0])
            return ck_fail(err, CK_ENOTFOUND,
                           "There is no sponsor '%s' in %s; it has none.", slug,
                           store_path(s));
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no sponsor '%s' in %s; its sponsors are: %s.",
                       slug, store_path(s), there);
    }
    /* One row per attendee: the time and station of their first lead with
     * this sponsor (by the stations' clocks, ties to the lower station and
     * seq), the notes of all of them in (station, seq) order and the best
     * rating.  Two scanners of one booth both take a lead offline, and
     * which is "first" follows their clocks; the note a volunteer typed
     * must not depend on that.  The last column, consent, is read by the
     * filter and never written.  Leads no scanner could have made are
     * counted and left out first (lead_suspects). */
    code = count_suspects(s, slug, counts, err);
    if (!code)
        code = use_event_zone(s, err);
    if (!code)
        code =
            store_prepare(s, LEADS_SQL, NULL, &q, N_("exporting leads"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    json_t *arr = fmt == EXPORT_JSON ? json_array() : NULL;
    code = write_rows(s, q, out, fmt, 1, consenting, counts, arr, NULL, err);
    sqlite3_finalize(q);
    if (!code && arr)
        code = leads_json(out, slug, name, arr, counts, err);
    json_decref(arr);
    return code;
}

void export_csv_cell(FILE *f, const char *v)
{
    csv_cell(f, v);
}

/* One CSV record of `n` cells. */
static void csv_row(FILE *f, const char *const *cells, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        csv_cell(f, cells[i]);
    }
    fputs("\r\n", f);
}

static const char *const LEAD_COLUMNS[] = {
    "at",          "station",    "note",  "rating",  "given_name",
    "family_name", "badge_name", "email", "company", "tags"};

int export_leads_write(FILE *out, enum export_format fmt, const char *slug,
                       const char *name, const char *tz,
                       const struct export_lead_row *rows, size_t n,
                       const struct export_lead_counts *counts,
                       struct ck_error *err)
{
    enum { NCOL = sizeof(LEAD_COLUMNS) / sizeof(LEAD_COLUMNS[0]) };
    json_t *arr = fmt == EXPORT_JSON ? json_array() : NULL;
    if (fmt == EXPORT_CSV) {
        csv_row(out, LEAD_COLUMNS, NCOL);
    }
    for (size_t k = 0; k < n; k++) {
        const struct export_lead_row *r = &rows[k];
        /* The time as export_leads writes it: the event's local time
         * with its offset, milliseconds included. */
        char at[48], rating[16] = "";
        if (event_iso_local_ms(r->at_ms, tz ? tz : "", at, sizeof(at))) {
            json_decref(arr);
            return ck_fail(err, CK_ENOTFOUND,
                           "The event's time zone '%s' is not one this "
                           "machine's tzdata lists; install or upgrade the "
                           "tzdata package, then export again.",
                           tz ? tz : "");
        }
        if (r->rating)
            snprintf(rating, sizeof(rating), "%d", r->rating);
        const char *cell[NCOL] = {at,
                                  r->station,
                                  r->note,
                                  rating,
                                  r->given_name,
                                  r->family_name,
                                  r->badge_name,
                                  r->email,
                                  r->company,
                                  r->tags ? r->tags : ""};
        for (int i = 0; i < NCOL; i++)
            if (cell[i] && !text_is_plain(cell[i], strlen(cell[i])))
                cell[i] = NULL;
        if (fmt == EXPORT_CSV) {
            csv_row(out, cell, NCOL);
            continue;
        }
        json_t *o = json_object();
        for (int i = 0; i < NCOL; i++)
            json_object_set_new(
                o, LEAD_COLUMNS[i],
                i == 3    ? (r->rating ? json_integer(r->rating) : json_null())
                : cell[i] ? json_string(cell[i])
                          : json_null());
        json_array_append_new(arr, o);
    }
    int code = CK_OK;
    if (ferror(out))
        code = ck_fail(err, CK_EIO,
                       "Writing the export failed; check the "
                       "disk or the pipe it goes to.");
    if (!code && arr)
        code = leads_json(out, slug, name, arr, counts, err);
    json_decref(arr);
    return code;
}

/* The conference badges of the attached event `ev` that no longer admit
 * (superseded by a reprint, or their order is not paid), as hashes into
 * main.revoked_badge. */
static int copy_revoked(store *out, struct ck_error *err)
{
    struct revoked_hash *v;
    size_t n;
    int code = credential_revoked_hashes(out, "ev", NULL, &v, &n, err);
    if (code)
        return code;
    sqlite3_stmt *ins;
    code = store_prepare(out,
                         "INSERT OR IGNORE INTO main.revoked_badge (hash) "
                         "VALUES (?1)",
                         NULL, &ins, N_("listing revoked badges"), err);
    for (size_t i = 0; !code && i < n; i++) {
        sqlite3_bind_blob(ins, 1, v[i].h, sizeof(v[i].h), SQLITE_STATIC);
        int rc = sqlite3_step(ins);
        sqlite3_reset(ins);
        if (rc != SQLITE_DONE)
            code =
                store_sqlite_fail(out, rc, N_("listing revoked badges"), err);
    }
    sqlite3_finalize(ins);
    free(v);
    return code;
}

/* Remember in the event database the station file just made and what it
 * may bring back: merge trusts this, not the file. */
static int register_station_file(store *s, store *out, const char *sponsor,
                                 struct ck_error *err)
{
    /* The file's uid: 32 hex digits (export_station_db's COPY). */
    char uid[64];
    bool found;
    sqlite3_stmt *u;
    int code = store_prepare(
        out, "SELECT value FROM main.setting WHERE key = 'station_file'", NULL,
        &u, N_("registering the station file"), err);
    if (!code)
        code = store_step_text(out, u, false, uid, sizeof(uid), &found,
                               N_("registering the station file"), err);
    if (code || !found)
        return code;
    sqlite3_stmt *q;
    code = store_prepare(
        s,
        "INSERT INTO station_file (uid, role, created_ms) VALUES (?1,"
        " coalesce('leads:' || ?2, 'expo'), ?3)",
        NULL, &q, N_("registering the station file"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, uid, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, sponsor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, store_now_ms());
    return store_step_done(s, q, N_("registering the station file"), err);
}

int export_station_db(store *s, const char *sponsor, const char *out_path,
                      struct ck_error *err)
{
    sqlite3_stmt *q;
    int code =
        store_prepare(s, "SELECT 1 FROM sponsor WHERE slug = ?1 OR ?1 IS NULL",
                      NULL, &q, N_("reading sponsors"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, sponsor, -1, SQLITE_STATIC);
    int64_t one = 0;
    bool found;
    code = store_step_int64(s, q, false, &one, &found, N_("reading sponsors"),
                            err);
    if (code)
        return code;
    if (!found && sponsor)
        return ck_fail(err, CK_ENOTFOUND, "There is no sponsor '%s' in %s.",
                       sponsor, store_path(s));
    if (!found)
        return ck_fail(err, CK_ENOTFOUND,
                       "%s has no sponsor, so an expo station would have "
                       "no booth; add the sponsors to the event description "
                       "and run 'checkin event' first.",
                       store_path(s));
    /* Made at a temporary name, mode 0600, and put in place whole. */
    struct atomic_file af;
    code = atomic_file_begin_name(&af, out_path, ATOMIC_NEW, err);
    if (code)
        return code;
    store *out;
    code = store_open(af.tmp, STORE_CREATE, &out, err);
    if (code) {
        atomic_file_abort(&af);
        return code;
    }
    sqlite3 *db = store_db(out);
    code = atomic_file_restrict(&af, err);
    if (code)
        goto out;
    code = store_prepare(out, "ATTACH DATABASE ?1 AS ev", NULL, &q,
                         N_("reading the event"), err);
    if (code)
        goto out;
    sqlite3_bind_text(q, 1, store_path(s), -1, SQLITE_STATIC);
    code = store_step_done(out, q, N_("reading the event"), err);
    if (code)
        goto out;
    code = store_begin(out, err);
    if (code)
        goto out;
    /* What a sponsor's station needs to decide: the event, its public
     * keys, and which badges no longer admit, as one-way hashes.  No
     * attendee, no badge id: a signature that holds decides, so the file
     * gives a sponsor nothing to forge leads with (docs/stations.md). */
    static const char COPY[] =
        "INSERT INTO main.event SELECT * FROM ev.event;"
        "INSERT INTO main.ticket_type SELECT * FROM ev.ticket_type;"
        "INSERT INTO main.tutorial SELECT * FROM ev.tutorial;"
        "INSERT INTO main.sponsor SELECT * FROM ev.sponsor;"
        "INSERT INTO main.signing_key SELECT * FROM ev.signing_key;"
        "INSERT INTO main.setting (key, value) VALUES ('station_file',"
        " lower(hex(randomblob(16))));";
    static const char *const MAKING = "making the station database";
    int rc = sqlite3_exec(db, COPY, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        code = store_sqlite_fail(out, rc, MAKING, err);
    if (!code)
        code = store_prepare(out,
                             "INSERT INTO main.setting (key, value) VALUES"
                             " ('station_role', coalesce('leads:' || ?1,"
                             " 'expo'))",
                             NULL, &q, MAKING, err);
    if (!code) {
        sqlite3_bind_text(q, 1, sponsor, -1, SQLITE_STATIC);
        code = store_step_done(out, q, MAKING, err);
    }
    /* The expo hall's key for its booths' tokens (event/expo.c): made
     * here, kept in this 0600 file only. */
    if (!code && !sponsor &&
        (rc = sqlite3_exec(db,
                           "INSERT INTO main.setting (key, value) VALUES"
                           " ('expo_key', lower(hex(randomblob(32))))",
                           NULL, NULL, NULL)) != SQLITE_OK)
        code = store_sqlite_fail(out, rc, MAKING, err);
    if (code) {
        store_rollback(out);
        goto out;
    }
    code = copy_revoked(out, err);
    if (code) {
        store_rollback(out);
        goto out;
    }
    code = store_commit(out, err);
    if (!code)
        code = register_station_file(s, out, sponsor, err);
out:
    sqlite3_exec(db, "DETACH DATABASE ev", NULL, NULL, NULL);
    store_close(out);
    if (code)
        atomic_file_abort(&af);
    else
        code = atomic_file_commit(&af, err);
    return code;
}

/* One CSV line of cells. */
static void csv_line(FILE *f, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        export_csv_cell(f, cells[i]);
    }
    fputc('\n', f);
}

void export_sprint_people(FILE *f, const struct sprint_person *p, size_t n,
                          bool lead)
{
    static const char *const head[] = {
        "project",    "day",         "time",  "ticket_id", "badge_name",
        "given_name", "family_name", "email", "company"};
    static const char *const lead_head[] = {"day", "time", "name", "email",
                                            "company"};
    if (lead)
        csv_line(f, lead_head, 5);
    else
        csv_line(f, head, 9);
    for (size_t i = 0; i < n; i++) {
        /* A lead sees contact details only of those who consented. */
        const char *email = !lead || p[i].consent ? p[i].email : "";
        const char *company = !lead || p[i].consent ? p[i].company : "";
        const char *full[] = {p[i].project, p[i].day,        p[i].time,
                              p[i].ticket,  p[i].badge_name, p[i].given,
                              p[i].family,  email,           company};
        const char *mine[] = {p[i].day, p[i].time, p[i].badge_name, email,
                              company};
        if (lead)
            csv_line(f, mine, 5);
        else
            csv_line(f, full, 9);
    }
}
