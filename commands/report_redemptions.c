/* `checkin report EVENT.db redemptions [LIST]` (report_commands.h): per list,
 * how many were redeemed, by variation against the stock (the count the
 * journal's trigger keeps, store/schema.c 10), and the people redeemed
 * more than once (at two counters cut off from each other, or after an
 * override), each of their redemptions and the swaps naming them with the
 * station and the time.  Reads only.  And `checkin undo` (and the
 * dashboard's undo): what the organizer's undo (event/redemption.c) took
 * back and where the undo goes, said here since issue 51 (moved from
 * event/redemption_say.c, the sentences unchanged). */
#include <stdbool.h>
#include <string.h>

#include "checkin/admission.h"
#include "checkin/export.h"
#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/localtime.h"
#include "checkin/redemption.h"
#include "checkin/report_commands.h"
#include "checkin/store_sql.h"

enum { R_LISTS, R_TOTAL, R_SIZES, R_TWICE, R_N };

static const char *const SQL[R_N] = {
    /* untranslated: SQL, not for people. */
    [R_LISTS] = "SELECT id, slug, title, once FROM checkin_list WHERE slug !="
                " '' AND (?1 IS NULL OR slug = ?1) ORDER BY slug",
    [R_TOTAL] = "SELECT count(*) FROM live_scan WHERE mode = 'door' AND"
                " target = ?1 AND decision = 'admit' AND direction = 'in'",
    /* Every variation handed or stocked: handed, stock (NULL: none). */
    [R_SIZES] =
        "SELECT v.variation, coalesce((SELECT c.handed FROM stock_count c"
        " WHERE c.list_slug = ?1 AND c.variation = v.variation), 0), (SELECT"
        " k.stock FROM list_stock k WHERE k.list_id = ?2 AND k.variation ="
        " v.variation) FROM (SELECT variation FROM stock_count WHERE"
        " list_slug = ?1 AND handed > 0 UNION SELECT variation FROM"
        " list_stock WHERE list_id = ?2) v ORDER BY v.variation",
    /* The people with more than one live redemption (on one day, for a
     * list once a day): their redemptions and the swaps naming them. */
    [R_TWICE] =
        "WITH r AS (SELECT s.*, CASE WHEN ?2 THEN coalesce(s.day, '') ELSE"
        " '' END AS d FROM live_scan s WHERE s.mode = 'door' AND s.target ="
        " ?1 AND s.decision = 'admit' AND s.direction = 'in' AND"
        " s.attendee_ticket_id IS NOT NULL), twice AS (SELECT"
        " attendee_ticket_id AS t, d FROM r GROUP BY 1, 2 HAVING count(*) >"
        " 1), rows AS (SELECT r.attendee_ticket_id AS t, r.at_ms, r.station,"
        " 'redeemed' AS act, coalesce(r.handed, '') AS handed,"
        " coalesce(r.override, '') AS override, coalesce(r.supervisor, '')"
        " AS supervisor FROM r JOIN twice ON twice.t = r.attendee_ticket_id"
        " AND twice.d = r.d UNION ALL SELECT r.attendee_ticket_id, w.at_ms,"
        " w.station, 'swapped', coalesce(w.handed, ''), coalesce(w.override,"
        " ''), coalesce(w.supervisor, '') FROM r JOIN twice ON twice.t ="
        " r.attendee_ticket_id AND twice.d = r.d JOIN " JOURNAL_EVERY_ROW
        " w ON w.act = 'swap' AND w.ref_station_id = r.station_id AND"
        " w.ref_seq = r.seq) SELECT rows.t, coalesce((SELECT"
        " coalesce(nullif(a.badge_name, ''), trim(a.given_name || ' ' ||"
        " a.family_name)) FROM attendee a WHERE a.ticket_id = rows.t), ''),"
        " rows.at_ms, rows.station, rows.act, rows.handed, rows.override,"
        " rows.supervisor FROM rows ORDER BY rows.t, rows.at_ms,"
        " rows.station",
};

static const char *const CSV_COLUMNS[] = {
    "list",      "what",       "variation", "count",   "stock",
    "ticket_id", "badge_name", "at",        "station", "act",
    "handed",    "override",   "supervisor"};
#define NCOLS (sizeof(CSV_COLUMNS) / sizeof(CSV_COLUMNS[0]))

struct ctx {
    store *s;
    FILE *out;
    bool csv;
    char tz[128];
    sqlite3_stmt *q[R_N];
};

static const char *col(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t ? (const char *)t : "";
}

static void csv_row(FILE *f, const char *const cells[NCOLS])
{
    for (size_t i = 0; i < NCOLS; i++) {
        if (i)
            fputc(',', f);
        export_csv_cell(f, cells[i] ? cells[i] : "");
    }
    fputs("\r\n", f);
}

static int fail(struct ctx *c, int rc, struct ck_error *err)
{
    /* untranslated: what was being done, inside the store's English
     * sentence. */
    return store_sqlite_fail(c->s, rc, "reading the redemptions", err);
}

static int sizes(struct ctx *c, int64_t id, const char *slug,
                 struct ck_error *err)
{
    sqlite3_stmt *q = c->q[R_SIZES];
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *v = col(q, 0);
        long handed = (long)sqlite3_column_int64(q, 1);
        bool stocked = sqlite3_column_type(q, 2) != SQLITE_NULL;
        long stock = (long)sqlite3_column_int64(q, 2);
        char n[32], k[32];
        snprintf(n, sizeof(n), "%ld", handed);
        snprintf(k, sizeof(k), "%s", stocked ? col(q, 2) : "");
        if (c->csv) {
            const char *cells[NCOLS] = {slug, "variation", v, n, k};
            csv_row(c->out, cells);
        } else if (!stocked) {
            fprintf(c->out, "  %s: %ld\n", v, handed);
        } else if (stock - handed > 0) {
            /* TRANSLATORS: a variation ("XL"), how many were handed out
             * of how many stocked, and how many are left. */
            fprintf(c->out, _("  %s: %ld of %ld, %ld left\n"), v, handed, stock,
                    stock - handed);
        } else {
            fprintf(c->out, _("  %s: %ld of %ld, none left%s\n"), v, handed,
                    stock,
                    handed > stock ? _(" (more handed than stocked)") : "");
        }
    }
    return rc == SQLITE_DONE ? CK_OK : fail(c, rc, err);
}

static int twice(struct ctx *c, const char *slug, bool per_day,
                 struct ck_error *err)
{
    sqlite3_stmt *q = c->q[R_TWICE];
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 2, per_day);
    char last[256] = "";
    long people = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *t = col(q, 0), *name = col(q, 1);
        char at[64];
        /* The CSV's ISO minute; the text's in the language spoken. */
        if (c->csv ? event_utc_to_local(sqlite3_column_int64(q, 2) / 1000,
                                        c->tz, at, sizeof(at))
                   : i18n_local_time(sqlite3_column_int64(q, 2) / 1000, c->tz,
                                     I18N_DAY_MONTH, at, sizeof(at)))
            snprintf(at, sizeof(at), "%s", "?");
        const char *station = col(q, 3), *act = col(q, 4);
        const char *handed = col(q, 5), *override = col(q, 6);
        const char *supervisor = col(q, 7);
        if (c->csv) {
            const char *cells[NCOLS] = {
                slug, "more-than-once", "",  "",     "",       t,         name,
                at,   station,          act, handed, override, supervisor};
            csv_row(c->out, cells);
            continue;
        }
        if (strcmp(last, t)) {
            if (!people++)
                fputs(_("  Redeemed more than once:\n"), c->out);
            snprintf(last, sizeof(last), "%s", t);
            fprintf(c->out, "    %s (%s)\n", name[0] ? name : t, t);
        }
        fprintf(c->out, "      %s  %s  %s%s%s", at, station,
                strcmp(act, "swapped") ? _("redeemed") : _("swapped to"),
                handed[0] ? " " : "", handed);
        if (override[0])
            fprintf(c->out, "  override \"%s\"%s%s%s", override,
                    supervisor[0] ? " (" : "", supervisor,
                    supervisor[0] ? ")" : "");
        fputc('\n', c->out);
    }
    if (rc != SQLITE_DONE)
        return fail(c, rc, err);
    if (!c->csv && !people)
        fputs(_("  Redeemed more than once: nobody\n"), c->out);
    return CK_OK;
}

static int lists(struct ctx *c, const char *db, const char *slug,
                 struct ck_error *err)
{
    sqlite3_stmt *q = c->q[R_LISTS];
    if (slug)
        sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    if (c->csv) {
        csv_row(c->out, CSV_COLUMNS);
    }
    long n = 0;
    int rc, code = CK_OK;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        n++;
        int64_t id = sqlite3_column_int64(q, 0);
        char s[64], title[256], once[16];
        snprintf(s, sizeof(s), "%s", col(q, 1));
        snprintf(title, sizeof(title), "%s", col(q, 2));
        snprintf(once, sizeof(once), "%s", col(q, 3));
        sqlite3_stmt *t = c->q[R_TOTAL];
        sqlite3_reset(t);
        sqlite3_bind_text(t, 1, s, -1, SQLITE_TRANSIENT);
        int trc = sqlite3_step(t);
        if (trc != SQLITE_ROW)
            return fail(c, trc, err);
        long total = (long)sqlite3_column_int64(t, 0);
        if (c->csv) {
            char num[32];
            snprintf(num, sizeof(num), "%ld", total);
            const char *cells[NCOLS] = {s, "redeemed", "", num};
            csv_row(c->out, cells);
        } else {
            /* TRANSLATORS: the list's title, its name and how often it
             * admits one person (as typed: once, per-day, every-scan). */
            fprintf(c->out, _("%s (%s, %s): %ld redeemed\n"), title, s, once,
                    total);
        }
        code = sizes(c, id, s, err);
        if (!code && strcmp(once, "every-scan"))
            code = twice(c, s, !strcmp(once, "per-day"), err);
    }
    if (code)
        return code;
    if (rc != SQLITE_DONE)
        return fail(c, rc, err);
    if (slug && !n) {
        admission *a = NULL;
        char names[1024] = "";
        code = admission_new(c->s, &a, err);
        if (!code)
            code = admission_list_names(a, names, sizeof(names), err);
        admission_free(a);
        if (!code)
            code = names[0] ? ck_said(err, CK_ENOTFOUND,
                                      _("There is no check-in list '%s' in "
                                        "%s; its lists are: %s."),
                                      slug, db, names)
                            : ck_said(err, CK_ENOTFOUND,
                                      _("There is no check-in list '%s' in "
                                        "%s; it has none."),
                                      slug, db);
    } else if (!n && !c->csv) {
        fprintf(c->out, _("%s has no check-in lists.\n"), db);
    }
    return code;
}

int report_redemptions(const char *db, const char *slug, bool csv, FILE *out,
                       struct ck_error *err)
{
    struct ctx c = {.out = out, .csv = csv};
    int code = store_open(db, STORE_EXISTING | STORE_READONLY, &c.s, err);
    if (code)
        return code;
    for (int i = 0; i < R_N && !code; i++)
        code = store_prepare(c.s, SQL[i], NULL, &c.q[i],
                             /* untranslated: as in fail(). */
                             "reading the redemptions", err);
    sqlite3_stmt *z = NULL;
    if (!code)
        code = store_prepare(c.s, "SELECT timezone FROM event", NULL, &z,
                             /* untranslated: as in fail(). */
                             "reading the redemptions", err);
    if (!code)
        code = store_step_text(c.s, z, false, c.tz, sizeof(c.tz), NULL,
                               /* untranslated: as in fail(). */
                               "reading the redemptions", err);
    if (!c.tz[0])
        snprintf(c.tz, sizeof(c.tz), "%s", "UTC");
    if (!code)
        code = lists(&c, db, slug, err);
    for (int i = 0; i < R_N; i++)
        sqlite3_finalize(c.q[i]);
    store_close(c.s);
    return code;
}

/* ---- `checkin undo`: what the organizer's undo did ---- */

/* Where an undo journaled under REDEMPTION_UNDO_STATION goes: from the
 * organizer's file to the hub at its next sync (sync/push.c,
 * PUBLISH_UNDOS), from a file at no hub nowhere. */
static void say_where(FILE *out, const char *role, const char *db)
{
    if (!strcmp(role, "organizer"))
        fprintf(out,
                _("The stations see this undo after the next 'checkin sync "
                  "%s' and their own next sync.\n"),
                db);
    else if (!role[0])
        fprintf(out, _("%s is at no hub: this undo stays in this file.\n"), db);
}

/* "Thu 16 May 10:12" of UTC ms `ms` in zone `tz`, in the language
 * spoken. */
static void local_minute(int64_t ms, const char *tz, char *out, size_t cap)
{
    if (i18n_local_time(ms / 1000, tz, I18N_DAY_MONTH, out, cap))
        snprintf(out, cap, "%lld ms", (long long)ms);
}

static void say_redemption(FILE *out, const char *db, const char *ticket,
                           const struct redemption_undone *u)
{
    const char *name = u->name;
    char at[64];
    local_minute(u->at_ms, u->tz, at, sizeof(at));
    /* TRANSLATORS: the list's title ("T-shirt"), a space and the
     * variation handed ("XL") or nothing, the person's name, their
     * ticket, the station and the time. */
    fprintf(out, _("Undone: the %s%s%s of %s (%s), handed at %s on %s.\n"),
            u->title, u->handed[0] ? " " : "", u->handed,
            name[0] ? name : ticket, ticket, u->station, at);
    if (u->stocked) {
        char text[256];
        admission_stock_text(&u->stock, u->handed, text, sizeof(text));
        if (text[0])
            fprintf(out, "%s.\n", text);
    }
    say_where(out, u->role, db);
    if (u->still > 0)
        /* TRANSLATORS: the person, how many redemptions, the list's
         * title. */
        fprintf(out,
                ngettext("%s still has %ld redemption at the %s list; run "
                         "this again to undo the next.\n",
                         "%s still has %ld redemptions at the %s list; run "
                         "this again to undo the next.\n",
                         (unsigned long)u->still),
                name[0] ? name : ticket, u->still, u->title);
}

static void say_checkins(FILE *out, const char *db, const char *ticket,
                         const struct redemption_undone *u)
{
    const char *name = u->name;
    if (u->checkins > 1)
        fprintf(out,
                ngettext("Undone: %zu check-in of %s (%s).\n",
                         "Undone: %zu check-ins of %s (%s).\n", u->checkins),
                u->checkins, name[0] ? name : ticket, ticket);
    else
        fprintf(out, _("Undone: the check-in of %s (%s).\n"),
                name[0] ? name : ticket, ticket);
    if (u->keyed && u->printed)
        fputs(_("The badge printed for them no longer admits.\n"), out);
    else if (u->keyed)
        fputs(_("A badge or ticket a desk printed for them stops "
                "admitting at each station once it syncs.\n"),
              out);
    else if (u->printed)
        /* TRANSLATORS: %s says why the badge still admits. */
        fprintf(out, _("Their badge still admits (%s); take the badge back.\n"),
                u->kept_why);
    say_where(out, u->role, db);
}

static void undone_say(FILE *out, const char *db, const char *ticket,
                       bool redemption, const struct redemption_undone *u)
{
    if (redemption)
        say_redemption(out, db, ticket, u);
    else
        say_checkins(out, db, ticket, u);
}

int redemption_undo_print(const char *db, const char *ticket, const char *slug,
                          const char *why, int64_t now_ms, FILE *out,
                          struct ck_error *err)
{
    struct redemption_undone u;
    int code = redemption_undo_run(db, ticket, slug, why, now_ms, &u, err);
    if (!code)
        undone_say(out, db, ticket, slug != NULL, &u);
    return code;
}
