/* The organizer's undo of a redemption or a desk check-in (see
 * redemption.h): it finds the person's live rows, undoes them with
 * journal_undo under the journal's write lock, and gives back what it
 * undid, what is left and whom the file is at a hub
 * (struct redemption_undone); commands/report_redemptions.c says it. */
#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#include "checkin/admission.h"
#include "checkin/credential.h"
#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/redemption.h"
#include "checkin/store.h"
#include "checkin/store_sql.h"

/* The person's live redemptions at list ?1, newest first, with what each
 * holds now. */
static const char LIVE[] =
    "SELECT s.station_id, s.seq, s.station, s.at_ms, "
    "coalesce(" ADMISSION_HANDED_NOW
    ", '') FROM live_scan s WHERE s.mode = 'door' AND"
    " s.target = ?1 AND s.attendee_ticket_id = ?2 AND s.decision = 'admit'"
    " AND s.direction = 'in' ORDER BY s.at_ms DESC, s.station DESC, s.seq"
    " DESC";

struct found {
    struct journal_ref ref;
    char station[JOURNAL_NAME_CAP];
    int64_t at_ms;
    char handed[128];
    long n; /* live redemptions of the person at the list */
};

static int find(store *s, const char *slug, const char *ticket,
                struct found *out, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, LIVE, NULL, &q, N_("reading the journal"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, ticket, -1, SQLITE_TRANSIENT);
    int rc;
    memset(out, 0, sizeof(*out));
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (out->n++)
            continue;
        snprintf(out->ref.station_id, sizeof(out->ref.station_id), "%s",
                 (const char *)sqlite3_column_text(q, 0));
        out->ref.seq = sqlite3_column_int64(q, 1);
        snprintf(out->station, sizeof(out->station), "%s",
                 (const char *)sqlite3_column_text(q, 2));
        out->at_ms = sqlite3_column_int64(q, 3);
        snprintf(out->handed, sizeof(out->handed), "%s",
                 (const char *)sqlite3_column_text(q, 4));
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the journal"), err);
    return CK_OK;
}

/* The registration's name ("" when none) and the event's zone. */
static int person(store *s, const char *ticket, char *name, size_t cap,
                  char *tz, size_t tz_cap, bool *known, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT coalesce((SELECT coalesce(nullif(badge_name, ''),"
        " trim(given_name || ' ' || family_name)) FROM attendee WHERE"
        " ticket_id = ?1), ''), EXISTS (SELECT 1 FROM attendee WHERE"
        " ticket_id = ?1), (SELECT timezone FROM event)",
        NULL, &q, N_("reading the registration"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, ticket, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const unsigned char *n = sqlite3_column_text(q, 0);
        const unsigned char *z = sqlite3_column_text(q, 2);
        snprintf(name, cap, "%s", n ? (const char *)n : "");
        snprintf(tz, tz_cap, "%s", z ? (const char *)z : "UTC");
        *known = sqlite3_column_int(q, 1) != 0;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("reading the registration"), err);
    return CK_OK;
}

/* Whom the file is at a hub (sync/local.c's sync_hub): `role` "" when
 * not enrolled, "organizer", "desk", "door:SLUG" ...; `name` the
 * station's. */
static void enrolled(store *s, char *role, size_t role_cap, char *name,
                     size_t name_cap)
{
    sqlite3_stmt *q = NULL;
    role[0] = name[0] = '\0';
    /* raw: a file at no hub has no sync_hub table: not enrolled, no error */
    if (sqlite3_prepare_v2(store_db(s), "SELECT role, name FROM sync_hub", -1,
                           &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        const unsigned char *r = sqlite3_column_text(q, 0);
        const unsigned char *n = sqlite3_column_text(q, 1);
        snprintf(role, role_cap, "%s", r ? (const char *)r : "");
        snprintf(name, name_cap, "%s", n ? (const char *)n : "");
    }
    sqlite3_finalize(q);
}

static int undo(store *s, const char *db, const char *ticket, const char *slug,
                const char *why, int64_t now_ms, struct redemption_undone *u,
                struct ck_error *err)
{
    admission *a = NULL;
    journal *j = NULL;
    int code = admission_new(s, &a, err);
    if (code)
        return code;
    struct list_info l;
    code = admission_list(a, slug, &l, err);
    if (code == CK_ENOTFOUND || (!code && !slug[0])) {
        char names[1024];
        code = admission_list_names(a, names, sizeof(names), err);
        if (!code && names[0])
            code = ck_fail(err, CK_ENOTFOUND,
                           "There is no check-in list '%s' in %s; its lists "
                           "are: %s.",
                           slug, db, names);
        else if (!code)
            code = ck_fail(err, CK_ENOTFOUND,
                           "There is no check-in list '%s' in %s; it has "
                           "none.",
                           slug, db);
        goto out_free;
    }
    if (code)
        goto out_free;
    char *name = u->name;
    bool known = false;
    code = person(s, ticket, u->name, sizeof(u->name), u->tz, sizeof(u->tz),
                  &known, err);
    if (code)
        goto out_free;
    if (!known) {
        code = ck_fail(err, CK_ENOTFOUND,
                       "No registration in %s has ticket '%s'; find the "
                       "ticket id with 'checkin attendees %s NAME'.",
                       db, ticket, db);
        goto out_free;
    }
    /* A counter's file at a hub pushes its rows under its own name, which
     * the hub checks (vet_scan): the undo is written as that station's,
     * and reaches the others at its next sync.  The organizer's sync
     * pushes its own undos as rows of no station (hub format 18). */
    char *role = u->role, station[JOURNAL_NAME_CAP];
    enrolled(s, u->role, sizeof(u->role), station, sizeof(station));
    bool counter = !strncmp(role, "door:", 5) && !strcmp(role + 5, slug);
    if (role[0] && strcmp(role, "organizer") && !counter) {
        code = ck_fail(err, CK_EINVAL,
                       "%s is the file of station %s (%s) at the hub, which "
                       "may not write rows of the %s list; undo on the file "
                       "of a %s counter (door:%s), or on the organizer's.",
                       db, station, role, l.title, l.title, slug);
        goto out_free;
    }
    code =
        journal_open(s, counter ? station : REDEMPTION_UNDO_STATION, &j, err);
    if (code)
        goto out_free;
    code = journal_begin(j, err);
    if (code)
        goto out_journal;
    struct found f;
    code = find(s, slug, ticket, &f, err);
    if (!code && !f.n)
        code = ck_fail(err, CK_ENOTFOUND,
                       "%s (%s) has no redemption at the %s list to undo; "
                       "'checkin report %s redemptions %s' lists who has "
                       "one.",
                       name[0] ? name : ticket, ticket, l.title, db, slug);
    if (!code)
        code = journal_undo(j, &f.ref, now_ms, NULL, why, NULL, err);
    if (!code)
        code = journal_commit(j, err);
    if (code) {
        journal_rollback(j);
        goto out_journal;
    }
    snprintf(u->title, sizeof(u->title), "%s", l.title);
    snprintf(u->handed, sizeof(u->handed), "%s", f.handed);
    snprintf(u->station, sizeof(u->station), "%s", f.station);
    u->at_ms = f.at_ms;
    u->still = f.n - 1;
    if (f.handed[0]) {
        code = admission_stock(a, &l, f.handed, now_ms, 0, &u->stock, err);
        if (code)
            goto out_journal;
        u->stocked = true;
    }
out_journal:
    journal_free(j);
out_free:
    admission_free(a);
    return code;
}

/* The attendee behind `ticket`: `id`, whether a badge of theirs may
 * admit (`valid`: their order is neither cancelled nor refunded), and
 * whether the file holds one (`printed`: a badge or ticket was issued). */
static int badge_holder(store *s, const char *ticket, int64_t *id, bool *valid,
                        bool *printed, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT a.id, a.status NOT IN ('cancelled', 'refunded'), EXISTS"
        " (SELECT 1 FROM badge b WHERE b.attendee_id = a.id)"
        " FROM attendee a WHERE a.ticket_id = ?1",
        NULL, &q, N_("reading the badges"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, ticket, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    *valid = rc == SQLITE_ROW && sqlite3_column_int(q, 1) != 0;
    *printed = *valid && sqlite3_column_int(q, 2) != 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the badges"), err);
    return CK_OK;
}

/* Every live desk check-in of `ticket` (two desks cut off from each
 * other may both have checked someone in), as a desk's undo does: the
 * badge and tutorial tickets printed for it are superseded in the same
 * transaction (credential_supersede: the next issues, never printed, as a
 * desk's undo and a reprint do), so that they stop admitting wherever the
 * undo and the new badges reach (the organizer's sync pushes both, the
 * badges as ones of no station).  A label this file had not pulled yet
 * takes the same number as the new one, and neither admits.  Without
 * the event's signing key beside the file the undo stands and says that
 * the badge still admits. */
static int undo_checkin(store *s, const char *db, const char *ticket,
                        const char *why, int64_t now_ms,
                        struct redemption_undone *u, struct ck_error *err)
{
    char *name = u->name;
    bool known = false;
    int code = person(s, ticket, u->name, sizeof(u->name), u->tz, sizeof(u->tz),
                      &known, err);
    if (code)
        return code;
    if (!known)
        return ck_fail(err, CK_ENOTFOUND,
                       "No registration in %s has ticket '%s'; find the "
                       "ticket id with 'checkin attendees %s NAME'.",
                       db, ticket, db);
    char *role = u->role, station[JOURNAL_NAME_CAP];
    enrolled(s, u->role, sizeof(u->role), station, sizeof(station));
    if (role[0] && strcmp(role, "organizer"))
        return ck_fail(err, CK_EINVAL,
                       "%s is the file of station %s (%s) at the hub; undo "
                       "the check-in at a desk (Ctrl-U, with a supervisor's "
                       "PIN) or on the organizer's file.",
                       db, station, role);
    int64_t id = 0;
    bool valid = false, printed = false;
    struct badge_key key;
    bool keyed = false;
    struct ck_error kerr = {0};
    journal *j = NULL;
    code = journal_open(s, REDEMPTION_UNDO_STATION, &j, err);
    if (code)
        return code;
    code = journal_begin(j, err);
    if (code)
        goto out_journal;
    code = badge_holder(s, ticket, &id, &valid, &printed, err);
    if (!code && valid)
        keyed = !credential_load_desk_key(s, db, NULL, &key, &kerr);
    struct journal_ref refs[16];
    size_t n = 0;
    if (!code)
        code = journal_checkin_refs(j, ticket, refs,
                                    sizeof(refs) / sizeof(refs[0]), &n, err);
    if (!code && !n)
        code = ck_fail(err, CK_ENOTFOUND,
                       "%s (%s) is not checked in (or the check-in was "
                       "undone already); there is nothing to undo.",
                       name[0] ? name : ticket, ticket);
    for (size_t i = 0; !code && i < n; i++)
        code = journal_undo(j, &refs[i], now_ms, NULL, why, NULL, err);
    if (!code && keyed)
        code = credential_supersede(s, &key, id, err);
    if (!code)
        code = journal_commit(j, err);
    if (code) {
        journal_rollback(j);
        goto out_journal;
    }
    u->checkins = n;
    u->keyed = keyed;
    u->printed = printed;
    snprintf(u->kept_why, sizeof(u->kept_why), "%s", kerr.msg);
out_journal:
    if (keyed)
        badge_key_wipe(&key);
    journal_free(j);
    return code;
}

int redemption_undo_run(const char *db, const char *ticket, const char *slug,
                        const char *why, int64_t now_ms,
                        struct redemption_undone *u, struct ck_error *err)
{
    memset(u, 0, sizeof(*u));
    size_t len = why ? strlen(why) : 0;
    if ((!len || strspn(why, " \t") == len) && slug)
        return ck_fail(err, CK_EINVAL,
                       "Say why the redemption is undone with --why "
                       "\"REASON\"; the reason is journaled with the undo.");
    if (!len || strspn(why, " \t") == len)
        return ck_fail(err, CK_EINVAL,
                       "Say why the check-in is undone with --why \"REASON\"; "
                       "the reason is journaled with the undo.");
    if (strpbrk(why, "\r\n"))
        return ck_fail(err, CK_EINVAL,
                       "The reason is %zu bytes over several lines; give one "
                       "line of at most %d bytes with --why.",
                       len, JOURNAL_OVERRIDE_CAP);
    if (len > JOURNAL_OVERRIDE_CAP)
        return ck_fail(err, CK_EINVAL,
                       "The reason is %zu bytes; give one line of at most %d "
                       "bytes with --why.",
                       len, JOURNAL_OVERRIDE_CAP);
    store *s = NULL;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = slug ? undo(s, db, ticket, slug, why, now_ms, u, err)
                : undo_checkin(s, db, ticket, why, now_ms, u, err);
    store_close(s);
    return code;
}
