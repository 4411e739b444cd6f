/* A discreet hold (see hold.h): the organizer's change, one transaction
 * on the organizer's file; commands/event_commands.c says it.  The stations
 * read the flag (admission.c). */
#include <stdio.h>
#include <string.h>

#include "checkin/hold.h"
#include "checkin/i18n.h"
#include "checkin/store.h"
#include "checkin/store_sql.h"

/* A station's file: a booth's carries its role in `setting`; a desk's
 * or door's is enrolled at a hub with a role other than organizer (as
 * `checkin event` decides, event_update.c). */
static bool station_file(store *s)
{
    return store_row_exists(s, "SELECT 1 FROM setting WHERE key ="
                               " 'station_role'") ||
           store_row_exists(s, "SELECT 1 FROM sync_hub WHERE role <>"
                               " 'organizer'");
}

static int apply(store *s, const char *db, const char *ticket, const char *why,
                 bool release, char name[HOLD_NAME_CAP], struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s,
                             "SELECT id, hold, coalesce(nullif(badge_name, "
                             "''), trim(coalesce(given_name, '') || ' ' || "
                             "coalesce(family_name, ''))) FROM attendee "
                             "WHERE ticket_id = ?1",
                             NULL, &q, N_("reading the registration"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, ticket, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE)
            return store_sqlite_fail(s, rc, N_("reading the registration"),
                                     err);
        return ck_fail(err, CK_ENOTFOUND,
                       "No registration in %s has ticket '%s'; find the "
                       "ticket id with 'checkin attendees %s NAME'.",
                       db, ticket, db);
    }
    int64_t id = sqlite3_column_int64(q, 0);
    bool held = sqlite3_column_int(q, 1) != 0;
    const unsigned char *n = sqlite3_column_text(q, 2);
    snprintf(name, HOLD_NAME_CAP, "%s", n && *n ? (const char *)n : ticket);
    sqlite3_finalize(q);
    if (release && !held)
        return ck_fail(err, CK_EINVAL,
                       "%s (%s) is not on hold; nothing changed.", name,
                       ticket);
    code = store_prepare(s,
                         release ? "UPDATE attendee SET hold = 0 WHERE id = ?1"
                                 : "UPDATE attendee SET hold = 1 WHERE id = ?1",
                         NULL, &q, N_("setting the hold"), err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, id);
    code = store_step_done(s, q, N_("setting the hold"), err);
    if (code)
        return code;
    code = store_prepare(
        s,
        release ? "DELETE FROM attendee_hold WHERE attendee_id = ?1"
                : "INSERT OR REPLACE INTO attendee_hold (attendee_id, note, "
                  "set_ms) VALUES (?1, ?2, ?3)",
        NULL, &q, N_("setting the hold"), err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, id);
    if (!release) {
        sqlite3_bind_text(q, 2, why, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 3, store_now_ms());
    }
    code = store_step_done(s, q, N_("setting the hold"), err);
    if (code)
        return code;
    return CK_OK;
}

int hold_set(const char *db, const char *ticket, const char *why, bool release,
             char name[HOLD_NAME_CAP], struct ck_error *err)
{
    name[0] = '\0';
    if (!release) {
        size_t n = why ? strlen(why) : 0;
        while (n && (why[n - 1] == ' ' || why[n - 1] == '\t'))
            n--;
        if (!why || !n || strspn(why, " \t") == strlen(why))
            return ck_fail(err, CK_EINVAL,
                           "Give the reason with --why \"...\"; it stays in "
                           "the organizer's file only.");
        if (strlen(why) > HOLD_WHY_CAP || strpbrk(why, "\r\n"))
            return ck_fail(err, CK_EINVAL,
                           "The reason must be one line of at most %d bytes; "
                           "shorten it.",
                           HOLD_WHY_CAP);
    }
    store *s = NULL;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    if (station_file(s)) {
        store_close(s);
        return ck_fail(err, CK_EINVAL,
                       "%s is a station's file; put the hold on the "
                       "organizer's event database, and the stations take it "
                       "from the hub.",
                       db);
    }
    code = store_begin(s, err);
    if (!code)
        code = apply(s, db, ticket, why, release, name, err);
    if (!code)
        code = store_commit(s, err);
    if (code)
        store_rollback(s);
    store_close(s);
    return code;
}
