/* The caterer's lunch count (checkin/lunch.h): each day's people read
 * once from the live journal with their first sighting, their lunch and
 * their answer, counted per diet before and after the cut-off, and the
 * model of lunch.h applied to the day asked and to each earlier day. */
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/localtime.h"
#include "checkin/lunch.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"

#define DOING "reading the lunch count"

/* One diet's people on one day. */
struct tally {
    char answer[128];
    int64_t seen, by_cut, lunched, lunched_by_cut;
};

struct day {
    char day[11];
    struct tally *t;
    size_t n, cap;
    int64_t cut_ms; /* the cut-off that day */
    int64_t seen, by_cut, lunched;
};

struct ctx {
    store *s;
    struct lunch_report *r;
    char tz[64];
    sqlite3_stmt *people;
    struct day *days; /* the earlier days, then the day asked */
    size_t ndays, cap, people_cap;
};

static const char *col(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t ? (const char *)t : "";
}

/* The lunch list: `slug`, or the only per-day list showing a question. */
static int find_list(struct ctx *c, const char *slug, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        c->s,
        "SELECT l.slug, l.title, l.once, coalesce((SELECT w.question FROM"
        " list_show w WHERE w.list_id = l.id AND w.what = 'question' ORDER"
        " BY w.position LIMIT 1), '') FROM checkin_list l WHERE l.slug <> ''"
        " AND (?1 IS NULL AND l.once = 'per-day' AND EXISTS (SELECT 1 FROM"
        " list_show w WHERE w.list_id = l.id AND w.what = 'question') OR"
        " l.slug = ?1) ORDER BY l.slug",
        NULL, &q, DOING, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    int n = 0, rc;
    char names[512] = "";
    bool per_day = true;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!n++) {
            snprintf(c->r->list, sizeof(c->r->list), "%s", col(q, 0));
            snprintf(c->r->title, sizeof(c->r->title), "%s", col(q, 1));
            per_day = !strcmp(col(q, 2), "per-day");
            snprintf(c->r->question, sizeof(c->r->question), "%s", col(q, 3));
        }
        size_t len = strlen(names);
        snprintf(names + len, sizeof(names) - len, "%s%s", len ? ", " : "",
                 col(q, 0));
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(c->s, rc, DOING, err);
    if (!n && slug)
        return ck_fail(err, CK_EINVAL,
                       "The event has no check-in list '%s'; name its lunch "
                       "list as its [list] section does.",
                       slug);
    if (!n)
        return ck_fail(err, CK_EINVAL,
                       "The event has no lunch list: add a [list] with once "
                       "= per-day and show = question:IDENT naming the "
                       "dietary question (docs/admission.md).");
    if (n > 1)
        return ck_fail(err, CK_EINVAL,
                       "Lists %s could each be lunch; name one: checkin "
                       "report EVENT.db lunch LIST.",
                       names);
    if (!per_day)
        return ck_fail(err, CK_EINVAL,
                       "List %s is not once = per-day, so it is no lunch; "
                       "name the list that hands lunch out each day.",
                       c->r->list);
    if (!c->r->question[0])
        return ck_fail(err, CK_EINVAL,
                       "List %s shows no question, so it has no dietary "
                       "answers; add show = question:IDENT naming the "
                       "dietary question to its [list %s] section.",
                       c->r->list, c->r->list);
    return CK_OK;
}

/* The question's text and the answer counted standard with a blank one:
 * the most common, when more registrations gave it than none. */
static int find_standard(struct ctx *c, struct ck_error *err)
{
    struct lunch_report *r = c->r;
    snprintf(r->label, sizeof(r->label), "%s", r->question);
    if (!r->question[0])
        return CK_OK;
    sqlite3_stmt *q;
    int code = store_prepare(
        c->s,
        "SELECT coalesce((SELECT label FROM question WHERE identifier = ?1),"
        " ?1), (SELECT count(*) FROM attendee) - (SELECT count(*) FROM"
        " attendee_answer WHERE question = ?1 AND answer <> ''), (SELECT"
        " answer FROM attendee_answer WHERE question = ?1 AND answer <> ''"
        " GROUP BY answer ORDER BY count(*) DESC, answer LIMIT 1), (SELECT"
        " count(*) FROM attendee_answer WHERE question = ?1 GROUP BY answer"
        " HAVING answer <> '' ORDER BY count(*) DESC, answer LIMIT 1)",
        NULL, &q, DOING, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, r->question, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        snprintf(r->label, sizeof(r->label), "%s", col(q, 0));
        if (sqlite3_column_int64(q, 3) > sqlite3_column_int64(q, 1))
            snprintf(r->standard, sizeof(r->standard), "%s", col(q, 2));
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? CK_OK : store_sqlite_fail(c->s, rc, DOING, err);
}

/* The diet a person's answer counts under: "" for the standard meal. */
static const char *diet_of(const struct lunch_report *r, const char *answer)
{
    return r->standard[0] && !strcmp(answer, r->standard) ? "" : answer;
}

static struct tally *tally_of(struct day *d, const char *answer)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->t[i].answer, answer))
            return &d->t[i];
    if (!CK_VEC_ROOM(d->t, d->n, 1, d->cap))
        return NULL;
    struct tally *t = &d->t[d->n++];
    memset(t, 0, sizeof(*t));
    snprintf(t->answer, sizeof(t->answer), "%s", answer);
    return t;
}

/* Name a special meal seen on the day asked. */
static int add_person(struct ctx *c, sqlite3_stmt *q, const char *diet,
                      struct ck_error *err)
{
    struct lunch_report *r = c->r;
    if (!CK_VEC_ROOM(r->people, r->npeople, 1, c->people_cap))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    struct lunch_person *p = &r->people[r->npeople++];
    snprintf(p->ticket_id, sizeof(p->ticket_id), "%s", col(q, 1));
    snprintf(p->name, sizeof(p->name), "%s", col(q, 5));
    snprintf(p->answer, sizeof(p->answer), "%s", diet);
    p->lunch_ms = sqlite3_column_type(q, 3) == SQLITE_NULL
                      ? 0
                      : sqlite3_column_int64(q, 3);
    if (p->lunch_ms >= r->cut_ms)
        p->lunch_ms = 0;
    return CK_OK;
}

/* Begin day `day` of those read, cut at r->at that day; `asked`: the day
 * asked, whose special meals are named.  NULL when out of memory. */
static struct day *day_begin(struct ctx *c, const char *day, bool asked)
{
    struct lunch_report *r = c->r;
    char local[32];
    int64_t cut_s;
    snprintf(local, sizeof(local), "%s %s", day, r->at);
    /* A cut-off in the hour the clocks skip is the hour after. */
    if (event_local_to_utc(local, c->tz, &cut_s)) {
        int hour = (r->at[0] - '0') * 10 + (r->at[1] - '0');
        snprintf(local, sizeof(local), "%s %02d:%s", day, hour + 1, r->at + 3);
        if (event_local_to_utc(local, c->tz, &cut_s))
            cut_s = 0;
    }
    if (asked)
        r->cut_ms = cut_s * 1000;
    if (!CK_VEC_ROOM(c->days, c->ndays, 1, c->cap))
        return NULL;
    struct day *d = &c->days[c->ndays++];
    memset(d, 0, sizeof(*d));
    snprintf(d->day, sizeof(d->day), "%s", day);
    d->cut_ms = cut_s * 1000;
    return d;
}

/* Count one person of day `d` (a row of c->people) under their diet,
 * before and after the day's cut-off. */
static int day_person(struct ctx *c, struct day *d, bool asked,
                      struct ck_error *err)
{
    sqlite3_stmt *q = c->people;
    const char *diet = diet_of(c->r, col(q, 4));
    struct tally *t = tally_of(d, diet);
    if (!t)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    bool by_cut = sqlite3_column_int64(q, 2) < d->cut_ms;
    bool lunch = sqlite3_column_type(q, 3) != SQLITE_NULL;
    bool lunch_by_cut = lunch && sqlite3_column_int64(q, 3) < d->cut_ms;
    t->seen++, d->seen++;
    t->by_cut += by_cut, d->by_cut += by_cut;
    t->lunched += lunch, d->lunched += lunch;
    t->lunched_by_cut += lunch_by_cut;
    return asked && by_cut && diet[0] ? add_person(c, q, diet, err) : CK_OK;
}

/* The earlier days' pooled share seen by the cut-off and take-up of diet
 * `answer` (NULL: everyone) over days [0, upto). */
static void rates(const struct ctx *c, size_t upto, const char *answer,
                  double *share, double *take_up)
{
    int64_t seen = 0, by_cut = 0, lunched = 0;
    for (size_t i = 0; i < upto; i++) {
        const struct day *d = &c->days[i];
        by_cut += d->by_cut;
        if (!answer) {
            seen += d->seen, lunched += d->lunched;
            continue;
        }
        for (size_t k = 0; k < d->n; k++)
            if (!strcmp(d->t[k].answer, answer))
                seen += d->t[k].seen, lunched += d->t[k].lunched;
    }
    if (share) {
        int64_t all = 0;
        for (size_t i = 0; i < upto; i++)
            all += c->days[i].seen;
        *share = all ? (double)by_cut / (double)all : 0;
    }
    *take_up = seen ? (double)lunched / (double)seen : -1;
}

/* Day `at` projected from the days before it; the diets' lines filled
 * when `diets` (room for the day's n).  -1 when it cannot be. */
static double project(const struct ctx *c, size_t at, struct lunch_diet *diets)
{
    double share, all;
    rates(c, at, NULL, &share, &all);
    if (!at || share <= 0 || all < 0)
        return -1;
    const struct day *d = &c->days[at];
    double sum = 0;
    for (size_t k = 0; k < d->n; k++) {
        double take_up;
        rates(c, at, d->t[k].answer, NULL, &take_up);
        if (take_up < 0)
            take_up = all;
        double p = (double)d->t[k].by_cut / share * take_up;
        sum += p;
        if (diets) {
            diets[k].take_up = take_up;
            diets[k].projected = p;
        }
    }
    return sum;
}

static int cmp_diet(const void *a, const void *b)
{
    return strcmp(((const struct lunch_diet *)a)->answer,
                  ((const struct lunch_diet *)b)->answer);
}

static int cmp_person(const void *a, const void *b)
{
    const struct lunch_person *x = a, *y = b;
    int o = strcmp(x->name, y->name);
    return o ? o : strcmp(x->ticket_id, y->ticket_id);
}

/* The report's figures from the days read: the day asked is the last. */
static int fill(struct ctx *c, struct ck_error *err)
{
    struct lunch_report *r = c->r;
    size_t at = c->ndays - 1;
    const struct day *d = &c->days[at];
    r->ndays = at;
    r->seen = d->by_cut;
    r->diets = calloc(d->n ? d->n : 1, sizeof(*r->diets));
    r->checks = calloc(at ? at : 1, sizeof(*r->checks));
    if (!r->diets || !r->checks)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    r->ndiets = d->n;
    for (size_t k = 0; k < d->n; k++) {
        snprintf(r->diets[k].answer, sizeof(r->diets[k].answer), "%s",
                 d->t[k].answer);
        r->diets[k].seen = d->t[k].by_cut;
        r->diets[k].lunched = d->t[k].lunched_by_cut;
        r->lunched += d->t[k].lunched_by_cut;
    }
    rates(c, at, NULL, &r->share, &r->take_up);
    r->projected = project(c, at, r->diets);
    r->why = r->projected >= 0 ? LUNCH_PROJECTED
             : at              ? LUNCH_NONE_BY_THEN
                               : LUNCH_FIRST_DAY;
    if (r->projected < 0)
        r->projected = 0;
    /* qsort's base may not be NULL, even for no element (UBSan). */
    if (r->ndiets)
        qsort(r->diets, r->ndiets, sizeof(*r->diets), cmp_diet);
    if (r->npeople)
        qsort(r->people, r->npeople, sizeof(*r->people), cmp_person);
    for (size_t i = 1; i < at; i++) {
        double p = project(c, i, NULL);
        if (p < 0)
            continue;
        struct lunch_check *k = &r->checks[r->nchecks++];
        snprintf(k->day, sizeof(k->day), "%s", c->days[i].day);
        k->projected = p;
        k->actual = c->days[i].lunched;
    }
    return CK_OK;
}

/* The event's days and zone; `day` checked against them and today. */
static int check_day(struct ctx *c, const char *day, const char *at,
                     int64_t now_ms, struct ck_error *err)
{
    struct lunch_report *r = c->r;
    char now[32], first[16] = "", last[16] = "";
    int code = store_event_timezone(c->s, c->tz, sizeof(c->tz), err);
    if (code)
        return code;
    if (event_utc_to_local(now_ms / 1000, c->tz, now, sizeof(now)))
        return ck_fail(err, CK_EINVAL,
                       "The event's time zone %s is not one this machine "
                       "knows; install its tzdata.",
                       c->tz);
    snprintf(r->now, sizeof(r->now), "%.5s", now + 11);
    snprintf(r->at, sizeof(r->at), "%.5s", at ? at : r->now);
    sqlite3_stmt *q;
    code = store_prepare(c->s, "SELECT first_day, last_day FROM event", NULL,
                         &q, DOING, err);
    if (code)
        return code;
    if (sqlite3_step(q) == SQLITE_ROW) {
        snprintf(first, sizeof(first), "%s", col(q, 0));
        snprintf(last, sizeof(last), "%s", col(q, 1));
    }
    sqlite3_finalize(q);
    snprintf(r->day, sizeof(r->day), "%.10s", day ? day : now);
    int64_t t;
    if (day && (strlen(day) != 10 || event_local_to_utc(day, c->tz, &t)))
        return ck_fail(err, CK_EINVAL,
                       "%s is not a day; write it as YYYY-MM-DD, a day "
                       "from %s to %s.",
                       day, first, last);
    if (strcmp(r->day, first) < 0 || strcmp(r->day, last) > 0)
        return ck_fail(err, CK_EINVAL,
                       "%s is not a day of the event (%s to %s); give "
                       "--day one of its days.",
                       r->day, first, last);
    if (strncmp(r->day, now, 10) > 0)
        return ck_fail(err, CK_EINVAL,
                       "%s has not begun (it is %.10s at the event): its "
                       "lunches can be projected from that morning on.",
                       r->day, now);
    /* A time of today still to come: its counts are not known yet. */
    if (!strncmp(r->day, now, 10) && strcmp(r->at, r->now) > 0)
        r->why = LUNCH_NOT_YET;
    return CK_OK;
}

/* Read the earlier days with anyone seen, then the day asked, in one pass
 * over the journal (a pass a day was 1.2 s of CPU a day at 100,000
 * registrations): each person's first arrival of a day, their first
 * admission at the lunch list's door that day, their diet, and, on the
 * day asked, their name. */
static int read_days(struct ctx *c, struct ck_error *err)
{
    int code = store_prepare(
        c->s,
        "SELECT s.day, s.attendee_ticket_id, min(s.at_ms), (SELECT"
        " min(l.at_ms) FROM live_scan l WHERE l.mode = 'door' AND l.target ="
        " ?2 AND l.day = s.day AND l.decision = 'admit' AND l.direction ="
        " 'in' AND l.attendee_ticket_id = s.attendee_ticket_id),"
        " coalesce((SELECT w.answer FROM attendee_answer w JOIN attendee a ON"
        " a.id = w.attendee_id WHERE a.ticket_id = s.attendee_ticket_id AND"
        " w.question = ?3), ''), CASE WHEN s.day = ?1 THEN coalesce((SELECT"
        " coalesce(nullif(a.badge_name, ''), trim(a.given_name || ' ' ||"
        " a.family_name)) FROM attendee a WHERE a.ticket_id ="
        " s.attendee_ticket_id), '') END FROM live_scan s WHERE s.day <= ?1"
        " AND s.mode IN ('desk', 'door') AND s.direction = 'in' AND"
        " s.attendee_ticket_id IS NOT NULL AND (s.decision = 'admit' OR"
        " s.decision = 'warn' AND s.mode = 'desk') GROUP BY s.day,"
        " s.attendee_ticket_id ORDER BY s.day",
        NULL, &c->people, DOING, err);
    if (code)
        return code;
    sqlite3_stmt *q = c->people;
    sqlite3_bind_text(q, 1, c->r->day, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, c->r->list, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, c->r->question, -1, SQLITE_STATIC);
    struct day *d = NULL;
    int rc;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *day = col(q, 0);
        bool asked = !strcmp(day, c->r->day);
        if (!d || strcmp(d->day, day))
            d = day_begin(c, day, asked);
        code = d ? day_person(c, d, asked, err)
                 : ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    if (!code && rc != SQLITE_DONE)
        code = store_sqlite_fail(c->s, rc, DOING, err);
    /* The day asked, with no one seen yet. */
    if (!code && (!d || strcmp(d->day, c->r->day)) &&
        !day_begin(c, c->r->day, true))
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    return code;
}

int lunch_count(store *s, const char *list, const char *day, const char *at,
                int64_t now_ms, struct lunch_report *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    struct ctx c = {.s = s, .r = out};
    int code = check_day(&c, day, at, now_ms, err);
    if (!code)
        code = find_list(&c, list, err);
    if (!code)
        code = find_standard(&c, err);
    bool later = out->why == LUNCH_NOT_YET;
    if (!code && !later)
        code = read_days(&c, err);
    if (!code && !later)
        code = fill(&c, err);
    sqlite3_finalize(c.people);
    for (size_t i = 0; i < c.ndays; i++)
        free(c.days[i].t);
    free(c.days);
    return code;
}

void lunch_report_free(struct lunch_report *r)
{
    if (!r)
        return;
    free(r->diets);
    free(r->people);
    free(r->checks);
    memset(r, 0, sizeof(*r));
}

static const char *const WHY[] = {
    [LUNCH_PROJECTED] = NULL,
    [LUNCH_FIRST_DAY] = "first-day",
    [LUNCH_NONE_BY_THEN] = "none-by-then",
    [LUNCH_NOT_YET] = "not-yet",
};

static json_t *report_json(const struct lunch_report *r)
{
    json_t *diets = json_array(), *people = json_array(),
           *checks = json_array();
    for (size_t i = 0; diets && i < r->ndiets; i++)
        json_array_append_new(
            diets,
            json_pack("{s:s, s:I, s:I, s:f, s:I}", "answer", r->diets[i].answer,
                      "seen", (json_int_t)r->diets[i].seen, "lunched",
                      (json_int_t)r->diets[i].lunched, "projected",
                      r->diets[i].projected, "count",
                      (json_int_t)(r->diets[i].projected + 0.5)));
    for (size_t i = 0; people && i < r->npeople; i++)
        json_array_append_new(
            people, json_pack("{s:s, s:s, s:s, s:I}", "ticket_id",
                              r->people[i].ticket_id, "name", r->people[i].name,
                              "answer", r->people[i].answer, "lunch_ms",
                              (json_int_t)r->people[i].lunch_ms));
    for (size_t i = 0; checks && i < r->nchecks; i++)
        json_array_append_new(
            checks, json_pack("{s:s, s:f, s:I, s:I}", "day", r->checks[i].day,
                              "projected", r->checks[i].projected, "count",
                              (json_int_t)(r->checks[i].projected + 0.5),
                              "actual", (json_int_t)r->checks[i].actual));
    const char *why = WHY[r->why];
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:f,"
                     " s:I, s:o?, s:o?, s:o?}",
                     "list", r->list, "title", r->title, "question", r->label,
                     "standard", r->standard, "day", r->day, "at", r->at, "why",
                     why ? json_string(why) : json_null(), "seen",
                     (json_int_t)r->seen, "lunched", (json_int_t)r->lunched,
                     "projected", r->projected, "count",
                     (json_int_t)(r->projected + 0.5), "diets", diets,
                     "special", people, "checks", checks);
}

int lunch_json(store *s, int64_t now_ms, char **json, struct ck_error *err)
{
    *json = NULL;
    struct lunch_report r;
    struct ck_error quiet = {0};
    /* No lunch list, or a day outside the event's: no section. */
    if (lunch_count(s, NULL, NULL, NULL, now_ms, &r, &quiet)) {
        lunch_report_free(&r);
        if (quiet.code == CK_EINVAL)
            return CK_OK;
        *err = quiet;
        return quiet.code;
    }
    json_t *o = report_json(&r);
    lunch_report_free(&r);
    *json = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return *json ? CK_OK : ck_fail(err, CK_ENOMEM, "Out of memory.");
}
