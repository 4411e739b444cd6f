/* Lookups of the event, ticket types and tutorials for printing labels
 * (see tutorial.h).  Plain reads with bound parameters; not the place for
 * capacity decisions or check-in rules. */
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/store_sql.h"
#include "checkin/tutorial.h"

/* A copy of column `i` as a new string ("" for NULL); NULL when out of
 * memory. */
static char *column_dup(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return strdup(t ? t : "");
}

void event_info_free(struct event_info *e)
{
    if (!e)
        return;
    free(e->slug);
    free(e->name);
    free(e->timezone);
    free(e->first_day);
    free(e->last_day);
    memset(e, 0, sizeof(*e));
}

int store_event_get(store *s, struct event_info *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT slug, name, timezone, first_day, "
                           "last_day FROM event WHERE id = 1",
                           NULL, &st, N_("reading the event"), err);
    if (rc)
        return rc;
    int code = CK_OK;
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        code = ck_fail(err, CK_ECORRUPT,
                       "%s has no event description; create it with "
                       "'checkin init'.",
                       store_path(s));
        goto out;
    }
    if (rc != SQLITE_ROW) {
        code = store_sqlite_fail(s, rc, N_("reading the event"), err);
        goto out;
    }
    out->slug = column_dup(st, 0);
    out->name = column_dup(st, 1);
    out->timezone = column_dup(st, 2);
    out->first_day = column_dup(st, 3);
    out->last_day = column_dup(st, 4);
    if (!out->slug || !out->name || !out->timezone || !out->first_day ||
        !out->last_day) {
        event_info_free(out);
        code = ck_fail(err, CK_ENOMEM, "Out of memory reading the event.");
    }
out:
    sqlite3_finalize(st);
    return code;
}

void tutorial_info_free(struct tutorial_info *t)
{
    if (!t)
        return;
    free(t->slug);
    free(t->title);
    free(t->room);
    free(t->event_name);
    free(t->timezone);
    memset(t, 0, sizeof(*t));
}

int store_tutorial_get(store *s, int64_t id, struct tutorial_info *out,
                       struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st;
    int rc = store_prepare(
        s,
        "SELECT t.id, t.slug, t.title, t.room, t.starts_at, t.ends_at, "
        "t.capacity, e.name, e.timezone FROM tutorial t "
        "JOIN event e ON e.id = 1 WHERE t.id = ?1",
        NULL, &st, N_("reading a tutorial"), err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int code = CK_OK;
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        code = ck_fail(err, CK_ENOTFOUND,
                       "There is no tutorial number %lld in %s.", (long long)id,
                       store_path(s));
        goto out;
    }
    if (rc != SQLITE_ROW) {
        code = store_sqlite_fail(s, rc, N_("reading a tutorial"), err);
        goto out;
    }
    out->id = sqlite3_column_int64(st, 0);
    out->slug = column_dup(st, 1);
    out->title = column_dup(st, 2);
    out->room = column_dup(st, 3);
    out->starts_at = sqlite3_column_int64(st, 4);
    out->ends_at = sqlite3_column_int64(st, 5);
    out->capacity = (long)sqlite3_column_int64(st, 6);
    out->event_name = column_dup(st, 7);
    out->timezone = column_dup(st, 8);
    if (!out->slug || !out->title || !out->room || !out->event_name ||
        !out->timezone) {
        tutorial_info_free(out);
        code = ck_fail(err, CK_ENOMEM, "Out of memory reading a tutorial.");
    }
out:
    sqlite3_finalize(st);
    return code;
}

void ticket_type_info_free(struct ticket_type_info *t)
{
    if (!t)
        return;
    free(t->slug);
    free(t->label);
    free(t->colour);
    memset(t, 0, sizeof(*t));
}

int store_ticket_type_get(store *s, const char *slug,
                          struct ticket_type_info *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT slug, label, colour FROM ticket_type "
                           "WHERE slug = ?1",
                           NULL, &st, N_("reading a ticket type"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
    int code = CK_OK;
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        code = ck_fail(err, CK_ENOTFOUND, "There is no ticket type '%s' in %s.",
                       slug, store_path(s));
        goto out;
    }
    if (rc != SQLITE_ROW) {
        code = store_sqlite_fail(s, rc, N_("reading a ticket type"), err);
        goto out;
    }
    out->slug = column_dup(st, 0);
    out->label = column_dup(st, 1);
    out->colour = column_dup(st, 2);
    if (!out->slug || !out->label || !out->colour) {
        ticket_type_info_free(out);
        code = ck_fail(err, CK_ENOMEM, "Out of memory reading a ticket type.");
    }
out:
    sqlite3_finalize(st);
    return code;
}
