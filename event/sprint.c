/* Sprints by project (sprint.h): [sprints]' days parsed and read back
 * from their setting, the projects (sprint_project, schema 23) and the
 * sprint stations' check-ins read from the journal (door rows of target
 * "sprint:SLUG").  Not for the station's rules (station/kind_sprints.c)
 * nor for what a person is told (commands/sprint_commands.c). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/event.h"
#include "checkin/event_days.h"
#include "checkin/i18n.h"
#include "checkin/localtime.h"
#include "checkin/sprint.h"
#include "checkin/store_sql.h"
#include "checkin/text.h"
#include "checkin/vec.h"

bool sprint_days_parse(const char *v, struct sprint_days *out,
                       const struct event_line *at)
{
    memset(out, 0, sizeof(*out));
    return event_days_parse(v, out->days, SPRINT_DAYS, &out->ndays,
                            "2027-05-17, 2027-05-18", at);
}

bool sprint_days_check(const char *v, const char *start, const char *end,
                       const char *event_name, const struct event_line *at)
{
    struct sprint_days d;
    if (!sprint_days_parse(v, &d, at))
        return false;
    for (size_t i = 0; i < d.ndays; i++)
        if (strcmp(d.days[i], start) < 0 || strcmp(d.days[i], end) > 0) {
            ck_fail(at->err, CK_EINVAL,
                    "%s:%d: %s is not a day of %s (%s to %s); give days of "
                    "the event; fix it and run %s again.",
                    at->path, at->line, d.days[i], event_name, start, end,
                    at->cmd);
            return false;
        }
    return true;
}

int sprint_days_read(store *s, struct sprint_days *out, bool *any,
                     struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    *any = false;
    char v[1024];
    bool found = false;
    int code = store_setting_get(s, "sprints.days", v, sizeof(v), &found,
                                 N_("reading the sprint days"), err);
    if (code || !found)
        return code;
    const struct event_line at = {store_path(s), 0, "event", NULL};
    if (!sprint_days_parse(v, out, &at))
        return ck_fail(err, CK_ECORRUPT,
                       "%s: the sprint days it keeps are damaged; apply the "
                       "event description again with checkin event.",
                       store_path(s));
    code = store_event_timezone(s, out->tz, sizeof(out->tz), err);
    *any = !code;
    return code;
}

bool sprint_day_bounds(const struct sprint_days *d, size_t i, int64_t *from,
                       int64_t *to)
{
    int64_t a;
    if (event_local_to_utc(d->days[i], d->tz, &a))
        return false;
    GDate *g = g_date_new();
    g_date_set_parse(g, d->days[i]);
    g_date_add_days(g, 1);
    char next[16];
    snprintf(next, sizeof(next), "%04d-%02d-%02d", g_date_get_year(g),
             g_date_get_month(g), g_date_get_day(g));
    g_date_free(g);
    int64_t b;
    if (event_local_to_utc(next, d->tz, &b))
        return false;
    *from = a * 1000;
    *to = b * 1000;
    return true;
}

int sprint_day_at(const struct sprint_days *d, int64_t t_ms, int64_t *from_ms,
                  int64_t *to_ms)
{
    for (size_t i = 0; i < d->ndays; i++) {
        int64_t a, b;
        if (sprint_day_bounds(d, i, &a, &b) && t_ms >= a && t_ms < b) {
            if (from_ms)
                *from_ms = a;
            if (to_ms)
                *to_ms = b;
            return (int)i;
        }
    }
    return -1;
}

int sprint_day_index(const struct sprint_days *d, const char *day)
{
    for (size_t i = 0; day && i < d->ndays; i++)
        if (!strcmp(d->days[i], day))
            return (int)i;
    return -1;
}

void sprint_days_text(const struct sprint_days *d, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < d->ndays && used < cap; i++) {
        int n =
            snprintf(out + used, cap - used, "%s%s", i ? ", " : "", d->days[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* The lead's badge name: *known false when no registration has it. */
static int lead_known(store *s, const char *ticket, char *name, size_t cap,
                      bool *known, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s,
                             "SELECT badge_name FROM attendee WHERE"
                             " ticket_id = ?1",
                             NULL, &q, N_("reading the project's lead"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, ticket ? ticket : "", -1, SQLITE_STATIC);
    return store_step_text(s, q, false, name, cap, known,
                           N_("reading the project's lead"), err);
}

/* Whether `room` names a room as a tutorial's room is named (event.c's
 * set_str): UTF-8 text, no control character, nothing to trim, at most
 * SPRINT_ROOM_CAP characters; "" is no room. */
static bool room_ok(const char *room)
{
    char copy[sizeof(((struct sprint_project *)0)->room)];
    if (!room[0])
        return true;
    if (strlen(room) >= sizeof(copy) || !g_utf8_validate(room, -1, NULL) ||
        g_utf8_strlen(room, -1) > SPRINT_ROOM_CAP)
        return false;
    snprintf(copy, sizeof(copy), "%s", room);
    return text_clean_field(copy) && copy[0] && !strcmp(copy, room);
}

int sprint_project_add(store *s, const struct sprint_project *p,
                       enum sprint_outcome *outcome, struct ck_error *err)
{
    struct sprint_days d;
    bool any;
    int code = sprint_days_read(s, &d, &any, err);
    if (code)
        return code;
    size_t tl = g_utf8_validate(p->title, -1, NULL)
                    ? (size_t)g_utf8_strlen(p->title, -1)
                    : 0;
    *outcome = !any ? SPRINT_NO_SPRINTS
               : !event_valid_slug(p->slug) || strlen(p->slug) > 40
                   ? SPRINT_BAD_SLUG
               : !tl || tl > SPRINT_TITLE_CAP ? SPRINT_BAD_TITLE
               : !room_ok(p->room)            ? SPRINT_BAD_ROOM
                                              : SPRINT_DONE;
    if (*outcome)
        return CK_OK;
    char name[256];
    bool known = false;
    code = lead_known(s, p->lead_ticket, name, sizeof(name), &known, err);
    if (code)
        return code;
    if (!known) {
        *outcome = SPRINT_UNKNOWN_LEAD;
        return CK_OK;
    }
    struct sprint_project old;
    bool found = false;
    code = sprint_project_get(s, p->slug, &old, &found, err);
    if (code || found) {
        *outcome = found ? SPRINT_EXISTS : SPRINT_DONE;
        return code;
    }
    sqlite3_stmt *q;
    code = store_prepare(s,
                         "INSERT INTO sprint_project (slug, title,"
                         " lead_ticket_id, room) VALUES (?1, ?2, ?3, ?4)",
                         NULL, &q, N_("adding the project"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, p->slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, p->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, p->lead_ticket, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, p->room, -1, SQLITE_STATIC);
    return store_step_done(s, q, N_("adding the project"), err);
}

int sprint_project_remove(store *s, const char *slug,
                          enum sprint_outcome *outcome, struct ck_error *err)
{
    struct sprint_project old;
    bool found = false;
    int code = sprint_project_get(s, slug, &old, &found, err);
    if (code)
        return code;
    *outcome = found ? SPRINT_DONE : SPRINT_UNKNOWN_PROJECT;
    if (!found)
        return CK_OK;
    sqlite3_stmt *q;
    code = store_prepare(s, "DELETE FROM sprint_project WHERE slug = ?1", NULL,
                         &q, N_("removing the project"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    return store_step_done(s, q, N_("removing the project"), err);
}

#define PROJECT_SQL                                                            \
    "SELECT p.slug, p.title, p.lead_ticket_id, coalesce(a.badge_name, ''),"    \
    " p.room FROM sprint_project p LEFT JOIN attendee a ON a.ticket_id ="      \
    " p.lead_ticket_id"

static void copy_col(sqlite3_stmt *q, int i, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    snprintf(out, cap, "%s", t ? (const char *)t : "");
}

static void project_row(sqlite3_stmt *q, struct sprint_project *p)
{
    copy_col(q, 0, p->slug, sizeof(p->slug));
    copy_col(q, 1, p->title, sizeof(p->title));
    copy_col(q, 2, p->lead_ticket, sizeof(p->lead_ticket));
    copy_col(q, 3, p->lead_name, sizeof(p->lead_name));
    copy_col(q, 4, p->room, sizeof(p->room));
}

int sprint_projects(store *s, struct sprint_project **out, size_t *n,
                    struct ck_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *q;
    int code = store_prepare(s, PROJECT_SQL " ORDER BY p.slug", NULL, &q,
                             N_("reading the projects"), err);
    if (code)
        return code;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(*out, *n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        project_row(q, &(*out)[(*n)++]);
    }
    if (!code && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading the projects"), err);
    sqlite3_finalize(q);
    if (code) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return code;
}

int sprint_project_get(store *s, const char *slug, struct sprint_project *out,
                       bool *found, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    *found = false;
    sqlite3_stmt *q;
    int code = store_prepare(s, PROJECT_SQL " WHERE p.slug = ?1", NULL, &q,
                             N_("reading the project"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug ? slug : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        project_row(q, out);
        *found = true;
    } else if (rc != SQLITE_DONE) {
        code = store_sqlite_fail(s, rc, N_("reading the project"), err);
    }
    sqlite3_finalize(q);
    return code;
}

int sprint_project_names(store *s, char *out, size_t cap, struct ck_error *err)
{
    struct sprint_project *v;
    size_t n;
    out[0] = '\0';
    int code = sprint_projects(s, &v, &n, err);
    size_t used = 0;
    for (size_t i = 0; !code && i < n && used < cap; i++) {
        int k =
            snprintf(out + used, cap - used, "%s%s", i ? ", " : "", v[i].slug);
        if (k < 0)
            break;
        used += (size_t)k;
    }
    free(v);
    return code;
}

int sprint_checked_in(store *s, const char *slug, const char *ticket,
                      int64_t from_ms, int64_t to_ms, bool *found,
                      int64_t *at_ms, struct ck_error *err)
{
    *found = false;
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT min(at_ms) FROM live_scan WHERE mode = 'door' AND target ="
        " '" SPRINT_TARGET_PREFIX "' || ?1 AND attendee_ticket_id = ?2 AND"
        " decision = 'admit' AND at_ms >= ?3 AND at_ms < ?4 HAVING count(*)",
        NULL, &q, N_("reading the sprint's check-ins"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, ticket ? ticket : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, from_ms);
    sqlite3_bind_int64(q, 4, to_ms);
    return store_step_int64(s, q, false, at_ms, found,
                            N_("reading the sprint's check-ins"), err);
}

int sprint_headcount(store *s, const char *slug, int64_t from_ms, int64_t to_ms,
                     long *people, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT count(DISTINCT attendee_ticket_id) FROM live_scan WHERE mode"
        " = 'door' AND target = '" SPRINT_TARGET_PREFIX "' || ?1 AND"
        " decision = 'admit' AND at_ms >= ?2 AND at_ms < ?3",
        NULL, &q, N_("counting the sprint's people"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, from_ms);
    sqlite3_bind_int64(q, 3, to_ms);
    int64_t v = 0;
    code = store_step_int64(s, q, false, &v, NULL,
                            N_("counting the sprint's people"), err);
    *people = (long)v;
    return code;
}

static void person_row(sqlite3_stmt *q, const char *tz, struct sprint_person *p)
{
    memset(p, 0, sizeof(*p));
    copy_col(q, 0, p->project, sizeof(p->project));
    char local[32] = "";
    event_utc_to_local(sqlite3_column_int64(q, 1) / 1000, tz, local,
                       sizeof(local));
    snprintf(p->day, sizeof(p->day), "%.10s", local);
    snprintf(p->time, sizeof(p->time), "%.5s",
             strlen(local) > 11 ? local + 11 : "");
    copy_col(q, 2, p->ticket, sizeof(p->ticket));
    copy_col(q, 3, p->badge_name, sizeof(p->badge_name));
    copy_col(q, 4, p->given, sizeof(p->given));
    copy_col(q, 5, p->family, sizeof(p->family));
    copy_col(q, 6, p->email, sizeof(p->email));
    copy_col(q, 7, p->company, sizeof(p->company));
    p->consent = sqlite3_column_int(q, 8) != 0;
}

int sprint_people(store *s, const char *slug, struct sprint_person **out,
                  size_t *n, struct ck_error *err)
{
    *out = NULL;
    *n = 0;
    char tz[64];
    int code = store_event_timezone(s, tz, sizeof(tz), err);
    sqlite3_stmt *q = NULL;
    if (!code)
        code = store_prepare(
            s,
            "SELECT substr(c.target, 8), c.at_ms, c.attendee_ticket_id,"
            " a.badge_name, a.given_name, a.family_name, a.email, a.company,"
            " a.sponsor_consent FROM live_scan c JOIN attendee a ON"
            " a.ticket_id = c.attendee_ticket_id WHERE c.mode = 'door' AND"
            " c.target LIKE '" SPRINT_TARGET_PREFIX "%' AND c.decision ="
            " 'admit' AND (?1 IS NULL OR c.target = '" SPRINT_TARGET_PREFIX
            "' || ?1) ORDER BY c.target, c.at_ms, c.station, c.seq",
            NULL, &q, N_("reading the sprints' check-ins"), err);
    if (code)
        return code;
    if (slug)
        sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(*out, *n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        person_row(q, tz, &(*out)[(*n)++]);
    }
    if (!code && rc != SQLITE_DONE)
        code =
            store_sqlite_fail(s, rc, N_("reading the sprints' check-ins"), err);
    sqlite3_finalize(q);
    if (code) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return code;
}
