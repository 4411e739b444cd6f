/* Check-in lists read for a station (see admission.h).  The statements
 * are prepared once per handle: a list station decides with a handful of
 * index lookups, as the desk does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/admission.h"
#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/store_sql.h"
#include "checkin/util.h"

enum {
    Q_LIST,
    Q_NAMES,
    Q_ITEM,
    Q_OTHER,
    Q_DAYS,
    Q_WINDOW,
    Q_REDEEMED,
    Q_ANSWERS,
    Q_STOCK,
    Q_VARIATION,
    Q_HOLD,
    Q_DOOR,
    Q_HANDED,
    Q_N
};

static const char *const SQL[Q_N] = {
    [Q_LIST] = "SELECT l.id, l.title, l.once, l.exits, l.room, "
               "coalesce(l.capacity, 0), EXISTS (SELECT 1 FROM list_who w "
               "WHERE w.list_id = l.id AND w.what = 'item') FROM "
               "checkin_list l WHERE l.slug = ?1",
    [Q_NAMES] = "SELECT slug FROM checkin_list WHERE slug != '' ORDER BY slug",
    /* An item or variation the list names, among the person's positions;
     * the variation bought first. */
    [Q_ITEM] = "SELECT i.variation_name FROM list_who w JOIN attendee_item i "
               "ON i.attendee_id = ?2 AND (i.item = w.value OR i.item || ':' "
               "|| i.variation = w.value) WHERE w.list_id = ?1 AND w.what = "
               "'item' ORDER BY i.variation_name = '', i.position LIMIT 1",
    [Q_OTHER] =
        "SELECT 1 FROM list_who w, attendee a WHERE w.list_id = ?1 AND a.id = "
        "?2 AND (w.what = 'all' OR (w.what = 'ticket-type' AND w.value = "
        "(SELECT t.slug FROM ticket_type t WHERE t.id = a.ticket_type_id)) "
        "OR (w.what = 'tutorial' AND EXISTS (SELECT 1 FROM attendee_tutorial "
        "x JOIN tutorial u ON u.id = x.tutorial_id WHERE x.attendee_id = a.id "
        "AND u.slug = w.value)) OR (w.what = 'invited' AND EXISTS (SELECT 1 "
        "FROM list_invitee v WHERE v.list_id = w.list_id AND v.ticket_id = "
        "a.ticket_id))) LIMIT 1",
    [Q_DAYS] = "SELECT d.day, t.label FROM attendee a JOIN ticket_type t ON "
               "t.id = a.ticket_type_id JOIN ticket_type_day d ON "
               "d.ticket_type_id = t.id WHERE a.id = ?1 ORDER BY d.day",
    [Q_WINDOW] = "SELECT count(*), coalesce(sum(?2 >= starts_at AND ?2 < "
                 "ends_at), 0), coalesce(min(CASE WHEN starts_at > ?2 THEN "
                 "starts_at END), 0) FROM list_window WHERE list_id = ?1",
    [Q_REDEEMED] =
        "SELECT at_ms, station, coalesce(" ADMISSION_HANDED_NOW ", '') FROM "
        "live_scan s WHERE mode = 'door' AND target = ?1 AND "
        "attendee_ticket_id = ?2 AND decision = 'admit' AND "
        "direction = 'in' AND (?3 IS NULL OR day = ?3) ORDER BY "
        "at_ms, station, seq LIMIT 1",
    [Q_ANSWERS] = "SELECT q.label, a.answer FROM checkin_list l JOIN "
                  "list_show s ON s.list_id = l.id AND s.what = 'question' "
                  "JOIN question q ON q.identifier = s.question JOIN "
                  "attendee_answer a ON a.question = s.question AND "
                  "a.attendee_id = ?2 WHERE l.slug = ?1 ORDER BY s.position",
    [Q_STOCK] = "SELECT stock FROM list_stock WHERE list_id = ?1 AND "
                "variation = ?2",
    /* A variation a counter of list ?1 may hand: one it has stock of, or
     * one bought of an item it names. */
    [Q_VARIATION] =
        "SELECT 1 FROM list_stock WHERE list_id = ?1 AND variation = ?2 "
        "UNION ALL SELECT 1 FROM list_who w JOIN attendee_item i ON (i.item "
        "= w.value OR i.item || ':' || i.variation = w.value) WHERE "
        "w.list_id = ?1 AND w.what = 'item' AND i.variation_name = ?2 LIMIT 1",
    /* The organizer's hold or pretix's block (issue 49). */
    [Q_HOLD] = "SELECT hold OR blocked FROM attendee WHERE id = ?1",
    [Q_DOOR] = "SELECT hold, blocked, valid_from_ms, valid_until_ms,"
               " coalesce(attention, ''), coalesce(seat, ''),"
               " coalesce(locale, '') FROM attendee WHERE id = ?1",
    /* How many live redemptions of list ?1 hold variation ?2 now, and of
     * them how many were made at ?3 or later: kept by the journal's
     * trigger (store/schema.c, 10), so one key, the whole minutes after
     * ?3 (at most 30 rows) and the index's rows of ?3's own minute from
     * ?3 on, whatever wrote the file and however many it holds. */
    [Q_HANDED] =
        "SELECT coalesce((SELECT handed FROM stock_count WHERE list_slug = "
        "?1 AND variation = ?2), 0), coalesce((SELECT sum(handed) FROM "
        "stock_minute WHERE list_slug = ?1 AND variation = ?2 AND minute > "
        "?3 / 60000), 0) + (SELECT count(*) FROM stock_held WHERE list_slug "
        "= ?1 AND variation = ?2 AND at_ms >= ?3 AND at_ms < (?3 / 60000 + "
        "1) * 60000)",
};

struct admission {
    store *s;
    sqlite3_stmt *q[Q_N];
    sqlite3_stmt *ask; /* admission_ask_slot */
};

sqlite3_stmt **admission_ask_slot(admission *a)
{
    return &a->ask;
}

void admission_free(admission *a)
{
    if (!a)
        return;
    for (int i = 0; i < Q_N; i++)
        sqlite3_finalize(a->q[i]);
    sqlite3_finalize(a->ask);
    free(a);
}

int admission_new(store *s, admission **out, struct ck_error *err)
{
    *out = NULL;
    admission *a = calloc(1, sizeof(*a));
    if (!a)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    a->s = s;
    for (int i = 0; i < Q_N; i++) {
        sqlite3_stmt *q;
        int code = store_prepare(s, SQL[i], &a->q[i], &q,
                                 N_("reading the lists"), err);
        if (code) {
            admission_free(a);
            return code;
        }
    }
    *out = a;
    return CK_OK;
}

static const char *text(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t ? (const char *)t : "";
}

/* Reset `q` and turn a step's end `rc` into CK_OK or a sentence. */
static int done(admission *a, sqlite3_stmt *q, int rc, struct ck_error *err)
{
    sqlite3_reset(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return store_sqlite_fail(a->s, rc, N_("reading the lists"), err);
    return CK_OK;
}

int admission_list(admission *a, const char *slug, struct list_info *out,
                   struct ck_error *err)
{
    sqlite3_stmt *q = a->q[Q_LIST];
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof(*out));
        out->id = sqlite3_column_int64(q, 0);
        snprintf(out->slug, sizeof(out->slug), "%s", slug);
        snprintf(out->title, sizeof(out->title), "%s", text(q, 1));
        const char *once = text(q, 2);
        out->once = !strcmp(once, "per-person") ? LIST_PER_PERSON
                    : !strcmp(once, "per-day")  ? LIST_PER_DAY
                                                : LIST_EVERY_SCAN;
        out->exits = sqlite3_column_int(q, 3) != 0;
        snprintf(out->room, sizeof(out->room), "%s", text(q, 4));
        out->capacity = (long)sqlite3_column_int64(q, 5);
        out->items = sqlite3_column_int(q, 6) != 0;
    }
    int code = done(a, q, rc, err);
    if (!code && rc != SQLITE_ROW)
        code = CK_ENOTFOUND;
    return code;
}

int admission_list_names(admission *a, char *out, size_t cap,
                         struct ck_error *err)
{
    sqlite3_stmt *q = a->q[Q_NAMES];
    size_t used = 0;
    out[0] = '\0';
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && used < cap) {
        int n = snprintf(out + used, cap - used, "%s%s", used ? ", " : "",
                         text(q, 0));
        used += n > 0 ? (size_t)n : 0;
    }
    return done(a, q, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

int admission_on_list(admission *a, const struct list_info *l,
                      int64_t attendee_id, bool *on, char *variation,
                      size_t cap, struct ck_error *err)
{
    *on = false;
    variation[0] = '\0';
    sqlite3_stmt *q = a->q[Q_ITEM];
    int rc = SQLITE_DONE;
    if (l->items) {
        sqlite3_bind_int64(q, 1, l->id);
        sqlite3_bind_int64(q, 2, attendee_id);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            *on = true;
            snprintf(variation, cap, "%s", text(q, 0));
        }
        int code = done(a, q, rc, err);
        if (code || *on)
            return code;
    }
    q = a->q[Q_OTHER];
    sqlite3_bind_int64(q, 1, l->id);
    sqlite3_bind_int64(q, 2, attendee_id);
    rc = sqlite3_step(q);
    *on = rc == SQLITE_ROW;
    return done(a, q, rc, err);
}

void admission_day_text(const char *ymd, char *out, size_t cap)
{
    long y, m, d;
    char ys[5], ms[3], ds[3];
    if (strlen(ymd) < 10) {
        snprintf(out, cap, "%s", ymd);
        return;
    }
    snprintf(ys, sizeof(ys), "%.4s", ymd);
    snprintf(ms, sizeof(ms), "%.2s", ymd + 5);
    snprintf(ds, sizeof(ds), "%.2s", ymd + 8);
    if (!util_parse_long(ys, 1, 9999, &y) || !util_parse_long(ms, 1, 12, &m) ||
        !util_parse_long(ds, 1, 31, &d)) {
        snprintf(out, cap, "%s", ymd);
        return;
    }
    /* "Fri 17 May", "Fr 17 Mai": the station language's names. */
    struct tm tm = {.tm_year = (int)y - 1900,
                    .tm_mon = (int)m - 1,
                    .tm_mday = (int)d,
                    .tm_wday = util_weekday((int)y, (int)m, (int)d)};
    if (!i18n_date(out, cap, I18N_DAY_MONTH, &tm))
        snprintf(out, cap, "%s", ymd);
}

int admission_ticket_day(admission *a, int64_t attendee_id, const char *today,
                         bool *valid, char *days, size_t days_cap, char *label,
                         size_t label_cap, struct ck_error *err)
{
    sqlite3_stmt *q = a->q[Q_DAYS];
    sqlite3_bind_int64(q, 1, attendee_id);
    *valid = true;
    days[0] = '\0';
    label[0] = '\0';
    size_t used = 0;
    bool any = false, match = false;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *day = text(q, 0);
        any = true;
        match = match || !strcmp(day, today);
        snprintf(label, label_cap, "%s", text(q, 1));
        char d[32];
        admission_day_text(day, d, sizeof(d));
        if (used < days_cap) {
            int n = snprintf(days + used, days_cap - used, "%s%s",
                             used ? ", " : "", d);
            used += n > 0 ? (size_t)n : 0;
        }
    }
    *valid = !any || match;
    return done(a, q, rc, err);
}

int admission_window(admission *a, const struct list_info *l, int64_t now_s,
                     bool *open, int64_t *next, struct ck_error *err)
{
    sqlite3_stmt *q = a->q[Q_WINDOW];
    sqlite3_bind_int64(q, 1, l->id);
    sqlite3_bind_int64(q, 2, now_s);
    int rc = sqlite3_step(q);
    *open = true;
    *next = 0;
    if (rc == SQLITE_ROW) {
        *open =
            sqlite3_column_int64(q, 0) == 0 || sqlite3_column_int64(q, 1) > 0;
        *next = sqlite3_column_int64(q, 2);
    }
    return done(a, q, rc, err);
}

int admission_redeemed(admission *a, const char *slug, const char *ticket_id,
                       const char *day, bool *found,
                       struct list_redemption *out, struct ck_error *err)
{
    sqlite3_stmt *q = a->q[Q_REDEEMED];
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, ticket_id, -1, SQLITE_TRANSIENT);
    if (day)
        sqlite3_bind_text(q, 3, day, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, 3);
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (*found) {
        out->at_ms = sqlite3_column_int64(q, 0);
        snprintf(out->station, sizeof(out->station), "%s", text(q, 1));
        snprintf(out->handed, sizeof(out->handed), "%s", text(q, 2));
    }
    return done(a, q, rc, err);
}

int admission_answers(admission *a, const char *slug, int64_t attendee_id,
                      struct list_answer *out, size_t cap, size_t *n,
                      struct ck_error *err)
{
    sqlite3_stmt *q = a->q[Q_ANSWERS];
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, attendee_id);
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap)
            continue;
        snprintf(out[*n].question, sizeof(out[*n].question), "%s", text(q, 0));
        snprintf(out[*n].answer, sizeof(out[*n].answer), "%s", text(q, 1));
        (*n)++;
    }
    return done(a, q, rc, err);
}

int admission_stock(admission *a, const struct list_info *l,
                    const char *variation, int64_t now_ms, int taking,
                    struct list_stock *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    out->minutes = -1;
    sqlite3_stmt *q = a->q[Q_STOCK];
    sqlite3_bind_int64(q, 1, l->id);
    sqlite3_bind_text(q, 2, variation, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    out->counted = rc == SQLITE_ROW;
    if (out->counted)
        out->stock = (long)sqlite3_column_int64(q, 0);
    int code = done(a, q, rc, err);
    if (code || !out->counted)
        return code;
    q = a->q[Q_HANDED];
    sqlite3_bind_text(q, 1, l->slug, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, variation, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 3, now_ms - ADMISSION_RATE_MS);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->handed = (long)sqlite3_column_int64(q, 0);
        out->recent = (long)sqlite3_column_int64(q, 1);
    }
    code = done(a, q, rc, err);
    if (code)
        return code;
    out->none = out->stock - out->handed <= 0;
    out->handed += taking;
    out->recent += taking;
    out->left = out->stock - out->handed;
    if (out->recent > 0 && out->left > 0)
        out->minutes =
            (long)((out->left * (ADMISSION_RATE_MS / 60000)) / out->recent);
    out->warn = out->none || out->left <= out->stock / 10 ||
                (out->minutes >= 0 && out->minutes <= 30);
    return CK_OK;
}

void admission_stock_text(const struct list_stock *st, const char *variation,
                          char *out, size_t cap)
{
    char left[256];
    snprintf(left, sizeof(left),
             /* TRANSLATORS: a variation handed at a counter ("XL") and
              * how many of it are left ("XL: 3 left"). */
             ngettext("%s: %ld left", "%s: %ld left", (unsigned long)st->left),
             variation, st->left);
    if (!st->counted)
        snprintf(out, cap, "%s", "");
    else if (st->none)
        /* TRANSLATORS: a variation handed at a counter ("XL"); S is the
         * key that swaps it for another. */
        snprintf(out, cap, _("%s: none left; swap (S) or note it"), variation);
    else if (st->warn && st->minutes >= 0)
        snprintf(out, cap,
                 /* TRANSLATORS: "XL: 3 left" (as above), then how long
                  * those last at the rate they are handed now. */
                 ngettext("%s, about %ld minute at this rate",
                          "%s, about %ld minutes at this rate",
                          (unsigned long)st->minutes),
                 left, st->minutes);
    else
        snprintf(out, cap, "%s", left);
}

int admission_variation(admission *a, const struct list_info *l,
                        const char *variation, bool *known,
                        struct ck_error *err)
{
    sqlite3_stmt *q = a->q[Q_VARIATION];
    sqlite3_bind_int64(q, 1, l->id);
    sqlite3_bind_text(q, 2, variation, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    *known = rc == SQLITE_ROW;
    return done(a, q, rc, err);
}

int admission_held(admission *a, int64_t attendee_id, bool *held,
                   struct ck_error *err)
{
    sqlite3_stmt *q = a->q[Q_HOLD];
    sqlite3_bind_int64(q, 1, attendee_id);
    int rc = sqlite3_step(q);
    *held = rc == SQLITE_ROW && sqlite3_column_int(q, 0) != 0;
    return done(a, q, rc, err);
}

int admission_door(admission *a, int64_t attendee_id,
                   struct admission_door *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *q = a->q[Q_DOOR];
    sqlite3_bind_int64(q, 1, attendee_id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->hold = sqlite3_column_int(q, 0) != 0;
        out->blocked = sqlite3_column_int(q, 1) != 0;
        out->has_from = sqlite3_column_type(q, 2) != SQLITE_NULL;
        out->from_ms = sqlite3_column_int64(q, 2);
        out->has_until = sqlite3_column_type(q, 3) != SQLITE_NULL;
        out->until_ms = sqlite3_column_int64(q, 3);
        snprintf(out->attention, sizeof(out->attention), "%s",
                 (const char *)sqlite3_column_text(q, 4));
        snprintf(out->seat, sizeof(out->seat), "%s",
                 (const char *)sqlite3_column_text(q, 5));
        snprintf(out->locale, sizeof(out->locale), "%s",
                 (const char *)sqlite3_column_text(q, 6));
    }
    return done(a, q, rc, err);
}
