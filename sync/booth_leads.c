/* A sponsor's booth exports its sponsor's leads through the hub: the
 * booth's own file holds badge ids, notes and ratings, no attendee data,
 * so the names and contacts of the attendees who agreed to share them
 * come from the hub, which alone decides what the booth may read
 * (checkin.sponsor_leads(), hub_schema.c).  The organizer reads the same
 * file of any sponsor from the hub (sync_hub_leads), by the same SQL
 * (hub_sql.h's LEADS_*) with the sponsor given. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/atomic_file.h"
#include "checkin/export.h"
#include "checkin/hub_schema.h"
#include "checkin/hub_sql.h"
#include "checkin/i18n.h"
#include "checkin/pg.h"
#include "checkin/util.h"
#include "sync_priv.h"

/* The sponsor's name as the booth's file holds it (the slug when it has
 * none), and the event's zone, for the export's times. */
static void sponsor_name(struct local *l, const char *slug, char *out,
                         size_t cap, char *tz, size_t tz_cap)
{
    snprintf(out, cap, "%s", slug);
    tz[0] = '\0';
    sqlite3_stmt *q;
    struct ck_error ignored = {0};
    if (local_prepare(l,
                      "SELECT (SELECT name FROM sponsor WHERE slug = ?1),"
                      " (SELECT timezone FROM event)",
                      &q, N_("reading the sponsor"), &ignored))
        return;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        if (sqlite3_column_text(q, 0))
            snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
        if (sqlite3_column_text(q, 1))
            snprintf(tz, tz_cap, "%s", (const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
}

static const char *text_or_null(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* The hub's rows as export rows, consenting attendees' only. */
static int write_leads(PGresult *rows, PGresult *suspects, FILE *out,
                       enum export_format fmt, const char *slug,
                       const char *name, const char *tz,
                       struct export_lead_counts *counts, struct ck_error *err)
{
    int n = PQntuples(rows);
    struct export_lead_row *list = calloc((size_t)n + 1, sizeof(*list));
    if (!list)
        return ck_fail(err, CK_ENOMEM, "Out of memory while exporting leads.");
    size_t listed = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(PQgetvalue(rows, i, 9), "t") != 0) {
            counts->withheld++;
            continue;
        }
        struct export_lead_row *e = &list[listed++];
        e->at_ms = strtoll(PQgetvalue(rows, i, 0), NULL, 10);
        e->station = text_or_null(rows, i, 1);
        e->note = text_or_null(rows, i, 2);
        e->rating = (int)strtol(PQgetvalue(rows, i, 3), NULL, 10);
        e->given_name = text_or_null(rows, i, 4);
        e->family_name = text_or_null(rows, i, 5);
        e->badge_name = text_or_null(rows, i, 6);
        e->email = text_or_null(rows, i, 7);
        e->company = text_or_null(rows, i, 8);
        e->tags = PQnfields(rows) > 10 ? text_or_null(rows, i, 10) : NULL;
    }
    counts->listed = (long)listed;
    if (PQntuples(suspects) == 1) {
        counts->never_issued = strtol(PQgetvalue(suspects, 0, 0), NULL, 10);
        counts->burst = strtol(PQgetvalue(suspects, 0, 1), NULL, 10);
    }
    int code =
        export_leads_write(out, fmt, slug, name, tz, list, listed, counts, err);
    free(list);
    return code;
}

/* The file at `path` opened on sync's connection, and whom it is at a
 * hub; on failure nothing is left open.  The hub's conninfo may hold a
 * password: close_file wipes it as it closes the file. */
static int open_file(const char *path, struct local *l /* out */,
                     struct local_hub *hub /* out */, struct ck_error *err)
{
    int code = local_open(path, false, l, err);
    if (code)
        return code;
    code = local_hub(l, hub, err);
    if (code) {
        sodium_memzero(hub, sizeof(*hub));
        local_close(l);
    }
    return code;
}

static void close_file(struct local *l, struct local_hub *hub)
{
    sodium_memzero(hub, sizeof(*hub));
    local_close(l);
}

int sync_booth_leads(const char *path, const char *sponsor, FILE *out,
                     enum export_format fmt, struct export_lead_counts *counts,
                     struct ck_error *err)
{
    memset(counts, 0, sizeof(*counts));
    struct local l;
    struct local_hub hub;
    int code = open_file(path, &l, &hub, err);
    if (code)
        return code;
    const char *slug = hub.role + 6;
    if (!hub.enrolled || strncmp(hub.role, "leads:", 6) != 0)
        code = ck_fail(err, CK_EINVAL,
                       "%s is not a sponsor's booth enrolled at a hub; "
                       "export a sponsor's leads from the event database "
                       "('checkin export EVENT.db leads --sponsor SLUG').",
                       path);
    if (!code && sponsor && strcmp(sponsor, slug) != 0)
        code = ck_fail(err, CK_EINVAL,
                       "%s is %s's booth and exports only %s's leads; leave "
                       "out --sponsor, or give --sponsor %s.",
                       path, slug, slug, slug);
    PGconn *pg = NULL;
    if (!code)
        code = pg_connect(hub.conninfo, &pg, err);
    /* Send this booth's latest leads and notes first: the export is the
     * hub's, and should hold what was just typed here. */
    struct sync_report rep = {0};
    if (!code)
        code = sync_with(&l, &hub, pg, true, NULL, NULL, &rep, err);
    sync_report_free(&rep);
    PGresult *fmt_row = NULL, *rows = NULL, *suspects = NULL;
    if (!code)
        code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &fmt_row,
                        N_("reading the hub's format"), err);
    if (!code && (PQntuples(fmt_row) != 1 ||
                  strtol(PQgetvalue(fmt_row, 0, 0), NULL, 10) < 3))
        code = ck_fail(err, CK_EVERSION,
                       "The hub was made by an earlier checkin and cannot "
                       "export a booth's leads yet; ask the organizer to run "
                       "'checkin sync EVENT.db' once (it upgrades the hub), "
                       "then export again.");
    /* Tags from format 12 on. */
    bool tags =
        !code && strtol(PQgetvalue(fmt_row, 0, 0), NULL, 10) >= HUB_FORMAT_EXPO;
    if (!code)
        code = pg_query(pg,
                        tags ? "SELECT at_ms, station, note, coalesce(rating,"
                               " 0), given_name, family_name, badge_name,"
                               " email, company, consent, tags FROM"
                               " checkin.sponsor_leads()"
                             : "SELECT at_ms, station, note, coalesce(rating,"
                               " 0), given_name, family_name, badge_name,"
                               " email, company, consent FROM"
                               " checkin.sponsor_leads()",
                        0, NULL, &rows, N_("reading the booth's leads"), err);
    if (!code)
        code = pg_query(pg, "SELECT * FROM checkin.sponsor_lead_suspects()", 0,
                        NULL, &suspects, N_("reading the booth's leads"), err);
    if (!code) {
        char name[256], tz[64];
        sponsor_name(&l, slug, name, sizeof(name), tz, sizeof(tz));
        code =
            write_leads(rows, suspects, out, fmt, slug, name, tz, counts, err);
    }
    PQclear(fmt_row);
    PQclear(rows);
    PQclear(suspects);
    PQfinish(pg);
    close_file(&l, &hub);
    return code;
}

/* One sponsor's leads and their suspects, as the booth's functions give
 * them but for the sponsor $1 (the organizer reads every lead). */
#define NEAR_COLS                                                              \
    "station_id, seq, station, badge_id, at_ms, note, rating, near"
#define ORGANIZER_NEAR(NEAR_SEL, MORE_COLS)                                    \
    "WITH n (" NEAR_COLS MORE_COLS ") AS (" LEADS_NEAR(NEAR_SEL, "$1") ")"

int sync_hub_leads(const char *event_path, const char *sponsor,
                   const char *out_path, struct export_lead_counts *counts,
                   struct ck_error *err)
{
    memset(counts, 0, sizeof(*counts));
    struct local l;
    struct local_hub hub;
    int code = open_file(event_path, &l, &hub, err);
    if (code)
        return code;
    if (!hub.enrolled)
        code = ck_fail(err, CK_EINVAL,
                       "%s is not published to a hub; export its leads "
                       "with 'checkin export %s leads --sponsor %s'.",
                       event_path, event_path, sponsor);
    if (!code && strcmp(hub.role, "organizer") != 0)
        code = ck_fail(err, CK_EINVAL,
                       "%s is a station's file (%s), not the event "
                       "database; run this on the organizer's event "
                       "database.",
                       event_path, hub.name);
    char name[256] = "", tz[64] = "";
    if (!code) {
        sponsor_name(&l, sponsor, name, sizeof(name), tz, sizeof(tz));
        bool found = false;
        sqlite3_stmt *q;
        code = local_prepare(&l, "SELECT 1 FROM sponsor WHERE slug = ?1", &q,
                             N_("reading the sponsors"), err);
        if (!code) {
            sqlite3_bind_text(q, 1, sponsor, -1, SQLITE_STATIC);
            found = sqlite3_step(q) == SQLITE_ROW;
            sqlite3_finalize(q);
            char there[600];
            if (!found)
                local_slugs_text(&l, "SELECT slug FROM sponsor ORDER BY slug",
                                 there, sizeof(there));
            if (!found && there[0])
                code = ck_fail(err, CK_ENOTFOUND,
                               "There is no sponsor '%s' in %s; its sponsors "
                               "are: %s.",
                               sponsor, event_path, there);
            else if (!found)
                code = ck_fail(err, CK_ENOTFOUND,
                               "There is no sponsor '%s' in %s; it has none.",
                               sponsor, event_path);
        }
    }
    /* The file first: an existing one is refused before the hub is
     * asked anything. */
    struct atomic_file af;
    bool begun = false;
    if (!code) {
        code = atomic_file_begin(&af, out_path, ATOMIC_NEW, err);
        begun = !code;
    }
    FILE *f = NULL;
    if (!code && !(f = atomic_file_stream(&af, err)))
        code = err->code;
    PGconn *pg = NULL;
    if (!code)
        code = pg_connect(hub.conninfo, &pg, err);
    PGresult *fmt_row = NULL, *rows = NULL, *suspects = NULL;
    /* The leads and their suspects from one snapshot. */
    if (!code)
        code = pg_exec(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                       N_("reading the sponsor's leads"), err);
    if (!code)
        code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &fmt_row,
                        N_("reading the hub's format"), err);
    /* Tags from format 12 on; the organizer's next sync upgrades an older
     * hub, this only reads it. */
    bool tags = !code && PQntuples(fmt_row) == 1 &&
                strtol(PQgetvalue(fmt_row, 0, 0), NULL, 10) >= HUB_FORMAT_EXPO;
    const char *params[1] = {sponsor};
    if (!code)
        code =
            pg_query(pg,
                     tags ? ORGANIZER_NEAR(LEADS_TAGS_NEAR, ", tags")
                                LEADS_OUT(LEADS_TAGS_OUT, "n")
                          : ORGANIZER_NEAR("", "") LEADS_OUT("", "n"),
                     1, params, &rows, N_("reading the sponsor's leads"), err);
    if (!code)
        code =
            pg_query(pg, ORGANIZER_NEAR("", "") LEADS_SUSPECTS("n"), 1, params,
                     &suspects, N_("reading the sponsor's leads"), err);
    if (!code)
        code = write_leads(rows, suspects, f, EXPORT_CSV, sponsor, name, tz,
                           counts, err);
    if (!code)
        code = atomic_file_commit(&af, err);
    else if (begun)
        atomic_file_abort(&af);
    PQclear(fmt_row);
    PQclear(rows);
    PQclear(suspects);
    PQfinish(pg);
    close_file(&l, &hub);
    return code;
}

int sync_expo_hub(const char *path, struct sync_expo_hub *out,
                  struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    struct local l;
    struct local_hub hub;
    int code = open_file(path, &l, &hub, err);
    if (code)
        return code;
    if (hub.enrolled && !strcmp(hub.role, "expo")) {
        char name[256];
        out->enrolled = true;
        snprintf(out->conninfo, sizeof(out->conninfo), "%s", hub.conninfo);
        sponsor_name(&l, "", name, sizeof(name), out->tz, sizeof(out->tz));
    }
    close_file(&l, &hub);
    return code;
}

int sync_expo_leads(const struct sync_expo_hub *hub, const char *sponsor,
                    int timeout_ms, FILE *out,
                    struct export_lead_counts *counts, struct ck_error *err)
{
    memset(counts, 0, sizeof(*counts));
    int code = CK_OK;
    if (!hub->enrolled)
        code = ck_fail(err, CK_EINVAL,
                       "This station is not an expo station enrolled at a "
                       "hub; ask the organizer for the leads ('checkin hub "
                       "leads').");
    /* The whole exchange within timeout_ms: the phone waits for it. */
    _Atomic int64_t stop_by = util_mono_ms() + timeout_ms;
    const struct pg_limits lim = {
        .wake_fd = -1, .silence_ms = timeout_ms, .stop_by = &stop_by};
    pg_limit_thread(&lim);
    PGconn *pg = NULL;
    if (!code)
        code =
            pg_connect_until(hub->conninfo, timeout_ms, timeout_ms, &pg, err);
    PGresult *fmt_row = NULL, *rows = NULL, *suspects = NULL;
    if (!code)
        code = pg_exec(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                       N_("reading the sponsor's leads"), err);
    if (!code)
        code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &fmt_row,
                        N_("reading the hub's format"), err);
    if (!code &&
        (PQntuples(fmt_row) != 1 ||
         strtol(PQgetvalue(fmt_row, 0, 0), NULL, 10) < HUB_FORMAT_EXPO_LEADS))
        code = ck_fail(err, CK_EVERSION,
                       "The hub was made by an earlier checkin and does not "
                       "give a booth's leads to the expo station; ask the "
                       "organizer to run 'checkin sync EVENT.db' once (it "
                       "upgrades the hub).");
    const char *params[1] = {sponsor};
    if (!code)
        code =
            pg_query(pg,
                     "SELECT at_ms, station, note, coalesce(rating, 0),"
                     " given_name, family_name, badge_name, email,"
                     " company, consent, tags FROM"
                     " checkin.expo_sponsor_leads($1)",
                     1, params, &rows, N_("reading the sponsor's leads"), err);
    if (!code)
        code = pg_query(
            pg, "SELECT * FROM checkin.expo_sponsor_lead_suspects($1)", 1,
            params, &suspects, N_("reading the sponsor's leads"), err);
    /* A CSV names no sponsor (export_leads_write): the slug will do. */
    if (!code)
        code = write_leads(rows, suspects, out, EXPORT_CSV, sponsor, sponsor,
                           hub->tz, counts, err);
    PQclear(fmt_row);
    PQclear(rows);
    PQclear(suspects);
    PQfinish(pg);
    pg_limit_thread(NULL);
    return code;
}
