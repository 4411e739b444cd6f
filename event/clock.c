/* The start-up clock check of a station (see clock.h): the station's time
 * against the event's days and a door's tutorial, in the event's zone.
 * Only a warning for the volunteer; never a reason to refuse a scan. */
#include <stdio.h>
#include <string.h>

#include "checkin/clock.h"
#include "checkin/event.h"
#include "checkin/i18n.h"
#include "checkin/open_space.h"
#include "checkin/store_sql.h"
#include "checkin/text.h"

struct event_days {
    char name[256];
    char first_day[16], last_day[16]; /* local YYYY-MM-DD */
    char tz[64];
};

static void copy_col(sqlite3_stmt *q, int i, char *out, size_t cap)
{
    const char *t = (const char *)sqlite3_column_text(q, i);
    snprintf(out, cap, "%s", t ? t : "");
}

static int read_event(store *s, struct event_days *ev, struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = store_prepare(s,
                           "SELECT name, first_day, last_day, timezone "
                           "FROM event",
                           NULL, &q, N_("reading the event"), err);
    if (rc)
        return rc;
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        copy_col(q, 0, ev->name, sizeof(ev->name));
        copy_col(q, 1, ev->first_day, sizeof(ev->first_day));
        copy_col(q, 2, ev->last_day, sizeof(ev->last_day));
        copy_col(q, 3, ev->tz, sizeof(ev->tz));
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE)
        return ck_fail(err, CK_ENOTFOUND,
                       "%s has no event; run 'checkin init' first.",
                       store_path(s));
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("reading the event"), err);
    return CK_OK;
}

/* "YYYY-MM-DD HH:MM" of UTC seconds `t` in zone `tz`, or "?". */
static void local(int64_t t, const char *tz, char out[32])
{
    if (event_utc_to_local(t, tz, out, 32))
        snprintf(out, 32, "?");
}

/* Order of the dates of two "YYYY-MM-DD HH:MM" texts ("?" sorts last). */
static int day_cmp(const char *a, const char *b)
{
    return strncmp(a, b, 10);
}

/* Whether `slug` is a check-in list's (door:SLUG names a tutorial or a
 * list), in *found. */
static int is_list(store *s, const char *slug, bool *found /* out */,
                   struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, "SELECT 1 FROM checkin_list WHERE slug = ?1",
                             NULL, &q, N_("reading the check-in lists"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    int64_t one = 0;
    return store_step_int64(s, q, false, &one, found,
                            N_("reading the check-in lists"), err);
}

int clock_check(store *s, int64_t now_ms, const char *tutorial,
                struct clock_finding *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    struct event_days ev;
    int code = read_event(s, &ev, err);
    if (code)
        return code;
    /* Floor division: a clock before 1970 is still a clock to report. */
    int64_t now_s = now_ms / 1000 - (now_ms % 1000 < 0);
    /* Times as everywhere on a station's screen: the event's zone. */
    local(now_s, ev.tz, out->now);
    /* Dates compare as text: "YYYY-MM-DD" in one zone. */
    if (day_cmp(out->now, ev.first_day) < 0 ||
        day_cmp(out->now, ev.last_day) > 0) {
        out->off = CLOCK_OFF_EVENT;
        snprintf(out->name, sizeof(out->name), "%s", ev.name);
        snprintf(out->from, sizeof(out->from), "%s", ev.first_day);
        snprintf(out->to, sizeof(out->to), "%s", ev.last_day);
        return CK_OK;
    }
    if (!tutorial)
        return CK_OK;
    sqlite3_stmt *q;
    int rc = store_prepare(s,
                           "SELECT title, starts_at, ends_at FROM "
                           "tutorial WHERE slug = ?1",
                           NULL, &q, N_("reading tutorials"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, tutorial, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    char title[256] = "", from[32] = "?", to[32] = "?";
    if (rc == SQLITE_ROW) {
        copy_col(q, 0, title, sizeof(title));
        local(sqlite3_column_int64(q, 1), ev.tz, from);
        local(sqlite3_column_int64(q, 2), ev.tz, to);
    }
    sqlite3_finalize(q);
    bool list = false;
    if (rc == SQLITE_DONE && (code = is_list(s, tutorial, &list, err)))
        return code;
    if (list)
        return CK_OK; /* a check-in list's days are its own (admission.c) */
    struct open_spaces os;
    bool any = false;
    if (rc == SQLITE_DONE && (code = open_spaces_read(s, &os, &any, err)))
        return code;
    if (any && open_spaces_room(&os, tutorial))
        return CK_OK; /* an open space's hours are its own (open_space.c) */
    if (rc == SQLITE_DONE)
        return ck_fail(err, CK_ENOTFOUND, "There is no tutorial '%s' in %s.",
                       tutorial, store_path(s));
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("reading tutorials"), err);
    /* "2027-05-12 09:00 to 12:30" when it ends the day it starts. */
    const char *until =
        strlen(to) >= 16 && day_cmp(from, to) == 0 ? to + 11 : to;
    if (day_cmp(out->now, from) < 0 || day_cmp(out->now, to) > 0) {
        out->off = CLOCK_OFF_TUTORIAL;
        snprintf(out->name, sizeof(out->name), "%s", title);
        snprintf(out->from, sizeof(out->from), "%s", from);
        snprintf(out->to, sizeof(out->to), "%s", until);
    }
    return CK_OK;
}

/* `local` in zone `tz`, or a refusal saying why the clock was not set. */
static int clock_time_said(const char *local, const char *tz, int64_t *out,
                           struct ck_error *err)
{
    struct local_refusal r;
    switch (event_local_refused(local, tz, out, &r)) {
    case 0:
        return CK_OK;
    case LOCAL_MALFORMED:
        return ck_fail(
            err, CK_EINVAL,
            "Cannot set the clock: '%s' is not a time; write YYYY-MM-DD "
            "HH:MM in %s, like 2027-05-12 09:00.",
            local, tz);
    case LOCAL_UNKNOWN_ZONE:
        return ck_fail(
            err, CK_EINVAL,
            "Cannot set the clock: unknown time zone '%s'; use an IANA name "
            "such as America/Chicago.",
            tz);
    case LOCAL_WRONG_OFFSET:
        return ck_fail(
            err, CK_EINVAL,
            "Cannot set the clock: %s %s is not a time %s shows (its offset "
            "then is %s); write %s %s or leave the offset out.",
            r.when, r.a, tz, r.b, r.when, r.b);
    case LOCAL_NEVER:
        return ck_fail(
            err, CK_EINVAL,
            "Cannot set the clock: %s does not exist in %s; give another "
            "time.",
            r.when, tz);
    case LOCAL_SKIPPED:
        return ck_fail(
            err, CK_EINVAL,
            "Cannot set the clock: %s does not exist in %s (clocks go "
            "forward from %s to %s); give %s or later.",
            r.when, tz, r.from, r.to, r.to);
    default:
        return ck_fail(
            err, CK_EINVAL,
            "Cannot set the clock: %s happens twice in %s (clocks go back "
            "from %s to %s); write %s %s for the first or %s %s for the "
            "second.",
            r.when, tz, r.from, r.to, r.when, r.a, r.when, r.b);
    }
}

int clock_event_ms(store *s, const char *local, int64_t *ms,
                   struct ck_error *err)
{
    struct event_days ev;
    int code = read_event(s, &ev, err);
    if (code)
        return code;
    /* The zone is the file's, checked when it was made: one this
     * computer does not know is the file's fault (damage, or an older
     * tzdata here), not the --clock given. */
    if (!event_valid_zone(ev.tz)) {
        char tz[sizeof(ev.tz) * 3];
        text_for_terminal(ev.tz, strlen(ev.tz), tz, sizeof(tz));
        return ck_fail(err, CK_ECORRUPT,
                       "%s names a time zone this computer does not know "
                       "('%s'); restore it from a backup or re-create it "
                       "with 'checkin init'.",
                       store_path(s), tz);
    }
    int64_t t;
    /* The same rules as the event's own times: a skipped or doubled hour
     * is refused, never guessed (a station's records would be an hour
     * off). */
    code = clock_time_said(local, ev.tz, &t, err);
    if (code)
        return code;
    *ms = t * 1000;
    return CK_OK;
}

int clock_event_end_ms(store *s, int64_t *ms, struct ck_error *err)
{
    struct event_days ev;
    int code = read_event(s, &ev, err);
    if (code)
        return code;
    int64_t t;
    if (event_local_to_utc(ev.last_day, ev.tz, &t))
        return ck_fail(err, CK_ECORRUPT,
                       "%s holds an event whose last day or time zone "
                       "cannot be read; restore it from a backup or "
                       "re-create it with 'checkin init'.",
                       store_path(s));
    *ms = (t + 24 * 3600) * 1000;
    return CK_OK;
}
