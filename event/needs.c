/* A person's still-needs items (see needs.h), read in one pass over the
 * file: the attendee and their desk check-in, the pre-printed badge, the
 * tutorials, each list's first redemption (admission.h), the
 * acknowledgements still asked (ask.h).  Not the sentences: the displays
 * and commands/ write them. */
#include "checkin/needs.h"
#include "checkin/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/admission.h"
#include "checkin/ask.h"
#include "checkin/credential.h"
#include "checkin/localtime.h"
#include "checkin/preprint.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"

/* Whether local day ?1 is one of the event's. */
static const char EVENT_DAY[] =
    "SELECT count(*) FROM event WHERE ?1 BETWEEN first_day AND last_day";

static const char TUTORIALS[] =
    "SELECT u.slug, u.title, u.room FROM attendee_tutorial x JOIN tutorial u"
    " ON u.id = x.tutorial_id WHERE x.attendee_id = ?1 ORDER BY u.starts_at,"
    " u.slug";

/* The stations that redeemed at list ?1, as the journal knows them: the
 * counters a person may go to. */
static const char COUNTERS[] =
    "SELECT coalesce(group_concat(station, ', '), '') FROM (SELECT DISTINCT"
    " station FROM live_scan WHERE mode = 'door' AND target = ?1 AND"
    " decision = 'admit' ORDER BY station LIMIT 3)";

void needs_list_free(struct needs_list *l)
{
    if (!l)
        return;
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

bool needs_open(const struct needs_item *it)
{
    return it->state != NEEDS_DONE;
}

const char *needs_what_token(enum needs_what w)
{
    static const char *const T[NEEDS_WHAT_COUNT] = {
        [NEEDS_BADGE] = "badge",
        [NEEDS_TUTORIAL] = "tutorial",
        [NEEDS_LIST] = "list",
        [NEEDS_LIST_TODAY] = "list-today",
        [NEEDS_ACKNOWLEDGEMENT] = "acknowledgement",
        [NEEDS_BALANCE] = "balance",
    };
    return (unsigned)w < NEEDS_WHAT_COUNT ? T[w] : "unknown";
}

const char *needs_state_token(enum needs_state s)
{
    static const char *const T[NEEDS_STATE_COUNT] = {
        [NEEDS_OWED] = "owed",
        [NEEDS_TO_PRINT] = "to-print",
        [NEEDS_IN_BOX] = "in-box",
        [NEEDS_DONE] = "done",
    };
    return (unsigned)s < NEEDS_STATE_COUNT ? T[s] : "unknown";
}

/* A new item at the end of `l`, zeroed; NULL when memory ran out. */
static struct needs_item *add(struct needs_list *l, enum needs_what what,
                              enum needs_state state)
{
    if (!CK_VEC_ROOM(l->items, l->n, 1, l->cap))
        return NULL;
    struct needs_item *it = &l->items[l->n++];
    memset(it, 0, sizeof(*it));
    it->what = what;
    it->state = state;
    return it;
}

static int oom(struct ck_error *err)
{
    return ck_fail(err, CK_ENOMEM,
                   "Out of memory reading what a person still needs.");
}

/* The badge: pre-printed and still the current one (no reprint took its
 * place), else given at the desk check-in, else to print there. */
static int badge(store *s, const struct attendee *a, struct needs_list *l,
                 struct ck_error *err)
{
    struct preprint p;
    bool found = false;
    int newest = 0;
    int code = preprint_get(s, a->ticket_id, &p, &found, err);
    if (!code && found)
        code = credential_newest_issue(s, a->id, 0, &newest, err);
    if (code)
        return code;
    found = found && newest <= p.issue;
    enum needs_state state = found && !p.handed_at_ms ? NEEDS_IN_BOX
                             : found || a->checkin_ms ? NEEDS_DONE
                                                      : NEEDS_TO_PRINT;
    struct needs_item *it = add(l, NEEDS_BADGE, state);
    if (!it)
        return oom(err);
    if (found) {
        snprintf(it->where, sizeof(it->where), "%s",
                 p.handed_at_ms ? p.handed_station : p.box);
        it->position = p.position;
        it->at_ms = p.handed_at_ms;
    } else if (a->checkin_ms) {
        snprintf(it->where, sizeof(it->where), "%s", a->checkin_station);
        it->at_ms = a->checkin_ms;
    }
    return CK_OK;
}

/* A ticket per tutorial, printed with the badge at the desk check-in. */
static int tutorials(store *s, const struct attendee *a, struct needs_list *l,
                     struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, TUTORIALS, NULL, &q,
                             N_("reading a person's tutorials"), err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, a->id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct needs_item *it =
            add(l, NEEDS_TUTORIAL, a->checkin_ms ? NEEDS_DONE : NEEDS_OWED);
        if (!it) {
            sqlite3_finalize(q);
            return oom(err);
        }
        snprintf(it->slug, sizeof(it->slug), "%s",
                 (const char *)sqlite3_column_text(q, 0));
        snprintf(it->title, sizeof(it->title), "%s",
                 (const char *)sqlite3_column_text(q, 1));
        snprintf(it->where, sizeof(it->where), "%s",
                 a->checkin_ms ? a->checkin_station
                               : (const char *)sqlite3_column_text(q, 2));
        it->at_ms = a->checkin_ms;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE
               ? CK_OK
               : store_sqlite_fail(s, rc, N_("reading a person's tutorials"),
                                   err);
}

/* Whether per-day list `li` is open today: now, or at a window later
 * today. */
static int open_today(admission *ad, const struct list_info *li, int64_t now_s,
                      const char *tz, const char *today, bool *yes,
                      struct ck_error *err)
{
    bool open = false;
    int64_t next = 0;
    int code = admission_window(ad, li, now_s, &open, &next, err);
    char day[32] = "";
    if (!code && !open && next && !event_utc_to_local(next, tz, day, 32))
        day[10] = '\0';
    *yes = open || (day[0] && strcmp(day, today) == 0);
    return code;
}

/* Where list `slug` is handed: its room, else its counters. */
static int counters(store *s, const struct list_info *li, char *out, size_t cap,
                    struct ck_error *err)
{
    if (li->room[0]) {
        snprintf(out, cap, "%s", li->room);
        return CK_OK;
    }
    sqlite3_stmt *q;
    int code = store_prepare(s, COUNTERS, NULL, &q,
                             N_("reading a list's counters"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, li->slug, -1, SQLITE_STATIC);
    return store_step_text(s, q, false, out, cap, NULL,
                           N_("reading a list's counters"), err);
}

/* One list's item for `a`, when they are on it and it is theirs today. */
static int one_list(store *s, admission *ad, const char *slug,
                    const struct attendee *a, int64_t now_ms, const char *tz,
                    const char *today, struct needs_list *l,
                    struct ck_error *err)
{
    struct list_info li;
    bool on = false, valid = true, yes = true;
    char variation[128], days[256], label[128];
    int code = admission_list(ad, slug, &li, err);
    if (code == CK_ENOTFOUND)
        return CK_OK;
    if (!code && li.once != LIST_EVERY_SCAN)
        code = admission_on_list(ad, &li, a->id, &on, variation,
                                 sizeof(variation), err);
    if (code || !on || (li.once == LIST_PER_DAY && !today[0]))
        return code;
    if (li.once == LIST_PER_DAY)
        code = admission_ticket_day(ad, a->id, today, &valid, days,
                                    sizeof(days), label, sizeof(label), err);
    if (!code && valid && li.once == LIST_PER_DAY)
        code = open_today(ad, &li, now_ms / 1000, tz, today, &yes, err);
    if (code || !valid || !yes)
        return code;
    struct list_redemption r;
    bool found = false;
    code = admission_redeemed(ad, slug, a->ticket_id,
                              li.once == LIST_PER_DAY ? today : NULL, &found,
                              &r, err);
    if (code)
        return code;
    struct needs_item *it =
        add(l, li.once == LIST_PER_DAY ? NEEDS_LIST_TODAY : NEEDS_LIST,
            found ? NEEDS_DONE : NEEDS_OWED);
    if (!it)
        return oom(err);
    snprintf(it->slug, sizeof(it->slug), "%s", slug);
    snprintf(it->title, sizeof(it->title), "%s", li.title);
    snprintf(it->variation, sizeof(it->variation), "%s",
             found && r.handed[0] ? r.handed : variation);
    if (found) {
        snprintf(it->where, sizeof(it->where), "%s", r.station);
        it->at_ms = r.at_ms;
        return CK_OK;
    }
    return counters(s, &li, it->where, sizeof(it->where), err);
}

/* Every per-person and per-day list `a` is on, by slug; per-day lists
 * only on a day of the event. */
static int lists(store *s, admission *given, const struct attendee *a,
                 int64_t now_ms, struct needs_list *l, struct ck_error *err)
{
    char tz[64], today[32] = "", names[4096];
    admission *ad = given;
    int code = store_event_timezone(s, tz, sizeof(tz), err);
    if (!code && !event_utc_to_local(now_ms / 1000, tz, today, sizeof(today)))
        today[10] = '\0';
    int64_t on_day = 0;
    sqlite3_stmt *q = NULL;
    if (!code)
        code = store_prepare(s, EVENT_DAY, NULL, &q,
                             N_("reading the event's days"), err);
    if (!code) {
        sqlite3_bind_text(q, 1, today, -1, SQLITE_STATIC);
        code = store_step_int64(s, q, false, &on_day, NULL,
                                N_("reading the event's days"), err);
    }
    if (!on_day)
        today[0] = '\0'; /* no day of the event: no lunch today */
    if (!code && !ad)
        code = admission_new(s, &ad, err);
    if (!code)
        code = admission_list_names(ad, names, sizeof(names), err);
    for (char *p = names; !code && *p;) {
        char *end = strstr(p, ", ");
        if (end)
            *end = '\0';
        code = one_list(s, ad, p, a, now_ms, tz, today, l, err);
        p = end ? end + 2 : p + strlen(p);
    }
    if (ad != given)
        admission_free(ad);
    return code;
}

/* The acknowledgements still asked, and an unpaid order: what the person
 * owes the event. */
static int owed_by_them(store *s, admission *ad, const struct attendee *a,
                        struct needs_list *l, struct ck_error *err)
{
    struct ask_question q[ASK_MAX];
    size_t n = 0;
    int code = ask_pending_kept(s, ad ? admission_ask_slot(ad) : NULL, a->id,
                                a->ticket_id, q, ASK_MAX, &n, err);
    for (size_t i = 0; !code && i < n; i++) {
        if (q[i].type != 'A')
            continue;
        struct needs_item *it = add(l, NEEDS_ACKNOWLEDGEMENT, NEEDS_OWED);
        if (!it)
            return oom(err);
        snprintf(it->slug, sizeof(it->slug), "%s", q[i].ident);
        snprintf(it->title, sizeof(it->title), "%s",
                 q[i].title[0] ? q[i].title : q[i].text);
    }
    if (!code && a->status == STATUS_PENDING) {
        struct needs_item *it = add(l, NEEDS_BALANCE, NEEDS_OWED);
        if (!it)
            return oom(err);
        snprintf(it->where, sizeof(it->where), "%s", a->order_code);
    }
    return code;
}

int needs_admission_new(store *s, admission **out, struct ck_error *err)
{
    return admission_new(s, out, err);
}

void needs_admission_free(admission *ad)
{
    admission_free(ad);
}

int needs_of(store *s, int64_t attendee_id, int64_t now_ms,
             struct needs_list *out, struct ck_error *err)
{
    return needs_of_with(s, NULL, attendee_id, now_ms, out, err);
}

int needs_of_with(store *s, admission *ad, int64_t attendee_id, int64_t now_ms,
                  struct needs_list *out, struct ck_error *err)
{
    *out = (struct needs_list){0};
    struct attendee_list al = {0};
    int code = store_attendee_get(s, attendee_id, &al, err);
    if (code == CK_ENOTFOUND || (!code && !al.n)) {
        attendee_list_free(&al);
        return CK_OK;
    }
    const struct attendee *a = code ? NULL : &al.items[0];
    if (!code)
        code = badge(s, a, out, err);
    if (!code)
        code = tutorials(s, a, out, err);
    if (!code)
        code = lists(s, ad, a, now_ms, out, err);
    if (!code)
        code = owed_by_them(s, ad, a, out, err);
    attendee_list_free(&al);
    return code;
}
