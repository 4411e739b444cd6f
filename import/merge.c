/* Merging station files into the event database (see merge.h).  The
 * station file is attached to the event's connection (and only read), and the
 * union is a pair of INSERT ... ON CONFLICT statements in one
 * transaction, so a merge that fails half-way leaves nothing behind.  What
 * a file may bring is checked first (its event's identity, its role if a
 * sponsor's) and bounded row by row.  Not for registrations: those come
 * from imports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/auction.h"
#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/merge.h"
#include "checkin/registration.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"

_Static_assert(JOURNAL_OVERRIDE_CAP == 300,
               "SCAN_OK below and the hub's CHECK (hubschema/hub_schema.c) "
               "spell the override's limit as 300");
_Static_assert(JOURNAL_READ_BEFORE_MAX_MS == 86400000,
               "SCAN_OK below spells a read's earliest time as 86400000 ms "
               "before its decision");

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
    out[0] = '\0';
    int code = store_prepare(s, sql, NULL, &q, N_("reading the event"), err);
    if (!code)
        code = store_step_text(s, q, false, out, cap, NULL,
                               N_("reading the event"), err);
    return code;
}

/* What merge accepts from a station file: the limits checkin's own
 * stations keep (journal.c, the verifier), so that a changed file cannot
 * make every later export slow or huge.  A row outside them is refused and
 * counted, never cut. */
#define STATION_OK(x)                                                          \
    " length(" x ".station_id) BETWEEN 1 AND 64 AND length(" x ".station)"     \
    " BETWEEN 1 AND 63 AND " x ".station NOT GLOB '*[^A-Za-z0-9._:-]*'"
#define SCAN_OK                                                                \
    STATION_OK("x")                                                            \
    " AND length(CAST(x.code AS BLOB)) <= 8192 AND"                            \
    " length(CAST(x.target AS BLOB)) <= 63 AND"                                \
    " length(CAST(x.reason AS BLOB)) <= 64 AND"                                \
    " coalesce(length(CAST(x.attendee_ticket_id AS BLOB)), 0) <= 64 AND"       \
    " coalesce(length(x.badge_id), 8) = 8 AND"                                 \
    " coalesce(length(CAST(x.override AS BLOB)), 0) <= 300 AND"                \
    " coalesce(length(CAST(x.ref_station_id AS BLOB)), 0) <= 72 AND"           \
    " coalesce(length(CAST(x.handed AS BLOB)), 0) <= 64 AND"                   \
    " coalesce(length(CAST(x.supervisor AS BLOB)), 0) <= 64 AND"               \
    " (x.read_at_ms IS NULL OR x.read_at_ms BETWEEN x.at_ms - 86400000"        \
    " AND x.at_ms) AND"                                                        \
    " (x.day IS NULL OR x.day GLOB"                                            \
    " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"
#define LEAD_OK                                                                \
    STATION_OK("x")                                                            \
    " AND length(CAST(x.note AS BLOB)) <= 500 AND"                             \
    " length(x.badge_id) = 8 AND x.version >= 0 AND"                           \
    " length(CAST(x.tags AS BLOB)) <= 1064 AND"                                \
    " x.sponsor_slug IN (SELECT slug FROM main.sponsor)"
/* A sponsor's station file (?1 its sponsor) brings that sponsor's leads
 * and nothing else; the expo hall's (?1 '*', no slug) every sponsor's
 * leads and nothing else. */
#define SCAN_ROLE                                                              \
    " (?1 IS NULL OR (x.mode = 'leads' AND (x.target = ?1 OR ?1 = '*')))"
#define LEAD_ROLE " (?1 IS NULL OR ?1 = '*' OR x.sponsor_slug = ?1)"
#define SCAN_TAKEN " WHERE" SCAN_OK " AND" SCAN_ROLE
#define LEAD_TAKEN " WHERE" LEAD_OK " AND" LEAD_ROLE

/* Rows of st.scan whose key is already in main.scan. */
#define SAME_KEY                                                               \
    " FROM st.scan x JOIN main.scan m ON m.station_id = x.station_id AND"      \
    " m.seq = x.seq"
#define SAME_ROW                                                               \
    " m.station = x.station AND"                                               \
    " m.at_ms = x.at_ms AND m.mode = x.mode AND m.target = x.target AND"       \
    " m.code = x.code AND m.attendee_ticket_id IS x.attendee_ticket_id AND"    \
    " m.badge_id IS x.badge_id AND m.decision = x.decision AND"                \
    " m.reason = x.reason AND m.direction = x.direction AND"                   \
    " m.override IS x.override AND m.act = x.act AND"                          \
    " m.ref_station_id IS x.ref_station_id AND m.ref_seq IS x.ref_seq AND"     \
    " m.day IS x.day AND m.handed IS x.handed AND"                             \
    " m.supervisor IS x.supervisor"
/* The newer edit of a lead: more edits, then (for two copies of one file
 * edited apart) the greater note and rating, so any order gives one
 * result. */
#define NEWER(x, m)                                                            \
    " (" x ".version, " x ".note, coalesce(" x ".rating, 0)) > (" m            \
    ".version, " m ".note, coalesce(" m ".rating, 0))"

/* Run `sql` with ?1 bound to `sponsor` (NULL: none); *out is the first
 * column of its one row, or the rows it changed. */
static int run(store *s, const char *sql, const char *sponsor, long *out,
               struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, sql, NULL, &q, N_("merging"), err);
    if (code)
        return code;
    store_bind_text(q, 1, sponsor);
    int64_t v = 0;
    bool row;
    code = store_step_int64(s, q, false, &v, &row, N_("merging"), err);
    if (code)
        return code;
    /* A statement without rows: the rows it changed, which finalizing it
     * leaves for sqlite3_changes. */
    if (!row)
        v = sqlite3_changes(store_db(s));
    if (out)
        *out = (long)v;
    return CK_OK;
}

/* What merge reads of the station file, each as a statement that reads
 * no row: a file lacking one of them (damaged, or changed by hand) is
 * refused naming it, where the statement's own failure would have called
 * the event database damaged and sent its organizer to a backup.  The
 * walk-ins' and edits' table last: a file older than schema 7 has none. */
static const char *const SHAPE[] = {
    "SELECT slug, uid FROM st.event LIMIT 0",
    "SELECT key, value FROM st.setting LIMIT 0",
    "SELECT station_id, station, seq, at_ms, mode, target, code,"
    " attendee_ticket_id, badge_id, decision, reason, direction, override,"
    " act, ref_station_id, ref_seq, day, handed, supervisor, read_at_ms FROM"
    " st.scan LIMIT 0",
    "SELECT station_id, station, seq, sponsor_slug, badge_id, at_ms, note,"
    " rating, version, tags FROM st.lead LIMIT 0",
    "SELECT station_id, seq, station, at_ms, ticket_id, kind, field, value,"
    " base, supervisor FROM st.registration_change LIMIT 0",
};

static int station_shape(store *s, const char *path, struct ck_error *err)
{
    long changes = 0;
    size_t n = sizeof(SHAPE) / sizeof(SHAPE[0]);
    int code = run(s,
                   "SELECT count(*) FROM st.sqlite_schema WHERE type ="
                   " 'table' AND name = 'registration_change'",
                   NULL, &changes, err);
    for (size_t i = 0; !code && i < n - (changes ? 0 : 1); i++) {
        sqlite3_stmt *q;
        if (store_prepare(s, SHAPE[i], NULL, &q, N_("reading the station file"),
                          err))
            return ck_fail(err, CK_ECORRUPT,
                           "%s is not a whole checkin station file (%s); "
                           "nothing was merged: merge the station's own "
                           "file, or its backup.",
                           path, sqlite3_errmsg(store_db(s)));
        sqlite3_finalize(q);
    }
    if (code)
        return ck_fail(err, CK_ECORRUPT,
                       "%s is not a checkin station file SQLite can read "
                       "(%s); nothing was merged: merge the station's own "
                       "file, or its backup.",
                       path, sqlite3_errmsg(store_db(s)));
    return CK_OK;
}

/* Walk-ins and edits (docs/admission.md, section 3): a set union like
 * the journal's, then the attendees they name follow by the rule in
 * effect.  A sponsor's file brings none; a file older than schema 7 has
 * none. */
static int merge_registrations(store *s, struct merge_report *out,
                               struct ck_error *err)
{
    long has = 0, added = 0, tickets = 0, left_out = 0;
    struct ck_error why = {0};
    int code = run(s,
                   "SELECT count(*) FROM st.sqlite_schema WHERE type ="
                   " 'table' AND name = 'registration_change'",
                   NULL, &has, err);
    if (code || !has)
        return code;
    code = run(s,
               "INSERT INTO main.registration_change (station_id, seq,"
               " station, at_ms, ticket_id, kind, field, value, base,"
               " supervisor) SELECT station_id, seq, station, at_ms,"
               " ticket_id, kind, field, value, base, supervisor FROM"
               " st.registration_change WHERE length(value) <= 4096 AND"
               " length(ticket_id) <= 200 ON CONFLICT (station_id, seq) DO"
               " NOTHING",
               NULL, &added, err);
    if (!code && added)
        code = registration_apply_all(s, &tickets, &left_out, &why, err);
    out->registrations_added += added;
    out->registrations_left_out += left_out;
    if (left_out && !out->registrations_why[0])
        snprintf(out->registrations_why, sizeof(out->registrations_why), "%s",
                 why.msg);
    return code;
}

/* The auction's acts (docs/auction.md): paddles given at a door, wins
 * recorded, settlements at a pay desk, wins voided (schema 27), a set
 * union on (station_id, seq) like the journal's, within the bounds the
 * auction keeps (its table's own CHECKs refuse the rest of a changed
 * file's rows, so those are counted first and left out).  A file older
 * than schema 25 has none; one older than 27, no void and its columns. */
#define AUCTION_OK                                                             \
    STATION_OK("x")                                                            \
    " AND x.seq >= 1 AND x.act IN ('paddle', 'win', 'settle', 'void') AND"     \
    " x.paddle BETWEEN 1 AND 99999 AND x.amount_cents >= 0 AND"                \
    " length(CAST(x.ticket_id AS BLOB)) <= 64 AND"                             \
    " length(CAST(x.lot AS BLOB)) <= 20"
_Static_assert(AUCTION_PADDLE_MAX == 99999 && AUCTION_LOT_CAP == 21,
               "AUCTION_OK spells the paddle's and the lot's limits");

static int merge_auction(store *s, struct merge_report *out,
                         struct ck_error *err)
{
    long has = 0, all = 0, ok = 0, added = 0;
    int code = run(s,
                   "SELECT count(*) FROM st.sqlite_schema WHERE type ="
                   " 'table' AND name = 'auction_act'",
                   NULL, &has, err);
    if (!code && has)
        code = run(s, "SELECT count(*) FROM st.auction_act", NULL, &all, err);
    if (!code && has)
        code = run(s, "SELECT count(*) FROM st.auction_act x WHERE" AUCTION_OK,
                   NULL, &ok, err);
    long voids = 0;
    if (!code && has)
        code = run(s,
                   "SELECT count(*) FROM pragma_table_info('auction_act',"
                   " 'st') WHERE name = 'reason'",
                   NULL, &voids, err);
    if (!code && has)
        code = run(s,
                   voids ? "INSERT INTO main.auction_act (station_id, seq,"
                           " station, at_ms, act, paddle, ticket_id, lot,"
                           " amount_cents, of_station_id, of_seq, reason)"
                           " SELECT station_id, seq, station, at_ms, act,"
                           " paddle, ticket_id, lot, amount_cents,"
                           " of_station_id, of_seq, reason FROM st.auction_act"
                           " x WHERE" AUCTION_OK
                           " ON CONFLICT (station_id, seq) DO NOTHING"
                         : "INSERT INTO main.auction_act (station_id, seq,"
                           " station, at_ms, act, paddle, ticket_id, lot,"
                           " amount_cents) SELECT station_id, seq, station,"
                           " at_ms, act, paddle, ticket_id, lot, amount_cents"
                           " FROM st.auction_act x WHERE" AUCTION_OK
                           " ON CONFLICT (station_id, seq) DO NOTHING",
                   NULL, &added, err);
    if (code)
        return code;
    out->auction_added += added;
    out->rows_oversized += all - ok;
    return CK_OK;
}

static int merge_attached(store *s, const char *sponsor,
                          struct merge_report *out, struct ck_error *err)
{
    struct step {
        const char *sql;
        long *into;
    };
    long known = 0, conflicting = 0, added = 0, leads_new = 0,
         leads_changed = 0, scans_all = 0, scans_taken = 0, scans_ok = 0,
         leads_all = 0, leads_taken = 0, leads_ok = 0;
    const struct step steps[] = {
        {"SELECT count(*) FROM st.scan", &scans_all},
        {"SELECT count(*) FROM st.scan x WHERE" SCAN_OK, &scans_ok},
        {"SELECT count(*) FROM st.scan x" SCAN_TAKEN, &scans_taken},
        {"SELECT count(*) FROM st.lead", &leads_all},
        {"SELECT count(*) FROM st.lead x WHERE" LEAD_OK, &leads_ok},
        {"SELECT count(*) FROM st.lead x" LEAD_TAKEN, &leads_taken},
        {"SELECT count(*)" SAME_KEY " WHERE" SAME_ROW " AND" SCAN_OK
         " AND" SCAN_ROLE,
         &known},
        {"SELECT count(*)" SAME_KEY " WHERE NOT (" SAME_ROW ") AND" SCAN_OK
         " AND" SCAN_ROLE,
         &conflicting},
        {"SELECT count(*) FROM st.lead x" LEAD_TAKEN " AND NOT EXISTS"
         " (SELECT 1 FROM main.lead m WHERE m.station_id = x.station_id AND"
         " m.seq = x.seq)",
         &leads_new},
        {"SELECT count(*) FROM st.lead x JOIN main.lead m ON m.station_id ="
         " x.station_id AND m.seq = x.seq" LEAD_TAKEN " AND" NEWER("x", "m"),
         &leads_changed},
        {"INSERT INTO main.scan (station_id, station, seq, at_ms, mode,"
         " target, code, attendee_ticket_id, badge_id, decision, reason,"
         " direction, override, act, ref_station_id, ref_seq, day, handed,"
         " supervisor, read_at_ms, answers) SELECT station_id, station,"
         " seq, at_ms, mode, target, code, attendee_ticket_id, badge_id,"
         " decision, reason, direction, override, act, ref_station_id,"
         " ref_seq, day, handed, supervisor, read_at_ms, answers FROM"
         " st.scan x" SCAN_TAKEN " ON CONFLICT (station_id, seq) DO NOTHING",
         &added},
        {"INSERT INTO main.lead (station_id, station, seq, sponsor_slug,"
         " badge_id, at_ms, note, rating, version, tags) SELECT station_id,"
         " station, seq, sponsor_slug, badge_id, at_ms, note, rating,"
         " version, tags FROM st.lead x" LEAD_TAKEN
         " ON CONFLICT (station_id, seq) DO UPDATE SET note = excluded.note,"
         " rating = excluded.rating, version = excluded.version,"
         " tags = excluded.tags WHERE" NEWER("excluded", "lead"),
         NULL},
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        int code = run(s, steps[i].sql, sponsor, steps[i].into, err);
        if (code)
            return code;
    }
    if (!sponsor) {
        int code = merge_registrations(s, out, err);
        if (!code)
            code = merge_auction(s, out, err);
        if (code)
            return code;
    }
    out->scans_added += added;
    out->scans_known += known;
    out->scans_conflicting += conflicting;
    out->leads_added += leads_new;
    out->leads_updated += leads_changed;
    out->rows_oversized += (scans_all - scans_ok) + (leads_all - leads_ok);
    out->rows_other_role += (scans_ok - scans_taken) + (leads_ok - leads_taken);
    return CK_OK;
}

/* One text of the attached or main database: the first column of `sql`'s
 * row, "" if it has none. */
static int text_of(store *s, const char *sql, char *out, size_t cap,
                   struct ck_error *err)
{
    sqlite3_stmt *q;
    out[0] = '\0';
    int code =
        store_prepare(s, sql, NULL, &q, N_("reading the station file"), err);
    if (!code)
        code = store_step_text(s, q, false, out, cap, NULL,
                               N_("reading the station file"), err);
    return code;
}

/* Which event the attached file belongs to, and what it may bring: a
 * sponsor's station file (made by export_station_db, registered in the
 * event database) brings only that sponsor's leads, whatever the file
 * itself says; *sponsor is "" for a copy of the event database. */
static int station_role(store *event, const char *path, char *sponsor,
                        size_t cap, struct ck_error *err)
{
    char a[128], b[128], ua[80], ub[80], file[80], role[128], claim[128];
    sponsor[0] = '\0';
    int code = event_slug(event, "main", a, sizeof(a), err);
    if (!code)
        code = event_slug(event, "st", b, sizeof(b), err);
    if (!code && strcmp(a, b))
        return ck_fail(err, CK_EINVAL,
                       "%s belongs to event '%s', not '%s'; merge it into "
                       "that event's database.",
                       path, b, a);
    if (!code)
        code =
            text_of(event, "SELECT uid FROM main.event", ua, sizeof(ua), err);
    if (!code)
        code = text_of(event, "SELECT uid FROM st.event", ub, sizeof(ub), err);
    if (!code && strcmp(ua, ub))
        return ck_fail(err, CK_EINVAL,
                       "%s was made by a separate 'checkin init' of '%s' (a "
                       "rehearsal or another organiser's copy), not from %s; "
                       "merge only station files copied or made from this "
                       "event database.",
                       path, a, store_path(event));
    if (!code)
        code = text_of(event,
                       "SELECT value FROM st.setting WHERE key = "
                       "'station_file'",
                       file, sizeof(file), err);
    if (!code)
        code = text_of(event,
                       "SELECT value FROM st.setting WHERE key = "
                       "'station_role'",
                       claim, sizeof(claim), err);
    if (code || !file[0]) {
        if (!code && !strncmp(claim, "leads:", 6))
            snprintf(sponsor, cap, "%s", claim + 6);
        else if (!code && !strcmp(claim, "expo"))
            snprintf(sponsor, cap, "*");
        return code;
    }
    sqlite3_stmt *q;
    code = store_prepare(event,
                         "SELECT role FROM main.station_file WHERE uid = ?1",
                         NULL, &q, N_("reading the station file"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, file, -1, SQLITE_STATIC);
    bool found;
    code = store_step_text(event, q, false, role, sizeof(role), &found,
                           N_("reading the station file"), err);
    if (code)
        return code;
    if (!found)
        return ck_fail(err, CK_EINVAL,
                       "%s is a sponsor station file that %s did not make; "
                       "merge it into the event database it was made from.",
                       path, store_path(event));
    if (!strncmp(role, "leads:", 6))
        snprintf(sponsor, cap, "%s", role + 6);
    else if (!strcmp(role, "expo"))
        snprintf(sponsor, cap, "*");
    return CK_OK;
}

int merge_station(store *event, const char *path, struct merge_report *out,
                  struct ck_error *err)
{
    /* Before opening it: a second descriptor of the event file (or its
     * -wal or -shm), closed again, would drop this process's locks. */
    if (store_is_own_file(event, path))
        return ck_fail(err, CK_EINVAL,
                       "%s is the event database itself; give the station "
                       "files to merge into it.",
                       path);
    /* Opening it first checks that it is a checkin file of a schema we
     * read, with the usual sentences if not. */
    store *st;
    int code = store_open(path, STORE_EXISTING | STORE_READONLY, &st, err);
    if (code)
        return code;
    store_close(st);
    sqlite3 *db = store_db(event);
    sqlite3_stmt *q;
    code = store_prepare(event, "ATTACH DATABASE ?1 AS st", NULL, &q,
                         N_("opening the station file"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
    code = store_step_done(event, q, N_("opening the station file"), err);
    if (code)
        return code;
    char sponsor[128];
    code = station_shape(event, path, err);
    if (!code)
        code = station_role(event, path, sponsor, sizeof(sponsor), err);
    if (!code)
        code = store_begin(event, err);
    if (!code) {
        code = merge_attached(event, sponsor[0] ? sponsor : NULL, out, err);
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
    int code = store_prepare(
        event,
        "SELECT s.attendee_ticket_id, coalesce(max(a.badge_name), ''),"
        " (SELECT group_concat(station) FROM (SELECT DISTINCT x.station FROM"
        " live_scan x WHERE x.attendee_ticket_id = s.attendee_ticket_id AND"
        " x.mode = 'desk' AND x.decision = 'admit' ORDER BY x.station)),"
        " min(s.at_ms), max(s.at_ms), count(*)"
        " FROM live_scan s LEFT JOIN attendee a ON a.ticket_id ="
        " s.attendee_ticket_id"
        " WHERE s.mode = 'desk' AND s.decision = 'admit' AND"
        " s.attendee_ticket_id IS NOT NULL"
        /* A desk never admits anyone twice from one file, so two admits
         * came from two stations, even two given the same name. */
        " GROUP BY s.attendee_ticket_id HAVING count(*) > 1"
        " ORDER BY min(s.at_ms)",
        NULL, &q, N_("finding duplicate check-ins"), err);
    if (code)
        return code;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(out->dups, out->ndups, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        struct merge_duplicate *d = &out->dups[out->ndups++];
        d->ticket_id =
            arena_strdup(out->arena, (const char *)sqlite3_column_text(q, 0));
        d->badge_name =
            arena_strdup(out->arena, (const char *)sqlite3_column_text(q, 1));
        d->stations =
            arena_strdup(out->arena, (const char *)sqlite3_column_text(q, 2));
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
        code = store_sqlite_fail(event, rc, N_("finding duplicate check-ins"),
                                 err);
    return code;
}
