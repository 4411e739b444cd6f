/* A door's rules (see station.h): a tutorial's door (who is registered,
 * the door's window around the tutorial's time, the room's seats and
 * people leaving) or a check-in list's (docs/admission.md, section 2:
 * who is on it, its windows, once per person, per day or every scan, and
 * what a counter hands over).  `door:SLUG` finds a tutorial first, then a
 * list, as no list may take a tutorial's slug.  Not for what every kind
 * shares (station.c) nor for reading lists (event/admission.c). */
#include <stdio.h>
#include <string.h>

#include "checkin/credential.h"
#include "checkin/event.h"

#include "kind.h"

/* A door's own state (st->state, its row's state_size): its tutorial or
 * its list, its seat lease, a counter's last redemption. */
struct door {
    struct tutorial_info tut;
    bool is_list; /* a check-in list rather than a tutorial */
    struct list_info list;
    /* its seat lease as the last decision counted it */
    struct journal_seats seats;
    /* a counter: its last redemption, which a swap changes (and what it
     * holds now); last.ref.seq 0: none to swap */
    struct {
        struct journal_ref ref;
        char ticket_id[64];
        int64_t attendee_id;
        char badge_name[4 * 200 + 1];
        char handed[128];
        int64_t at_ms;
    } last;
};

static struct door *door_of(const station *st)
{
    return st->state;
}

bool station_is_counter(const station *st)
{
    return st->kind == &station_kind_door && door_of(st)->is_list;
}

/* Of the attendee's tutorials, the one to send them to: running now, else
 * the next, else the first. */
static bool best_other(station *st, const struct attendee *a, int64_t now_s,
                       struct tutorial_info *out)
{
    bool have = false, have_next = false;
    for (size_t i = 0; i < a->ntutorials; i++) {
        const char *slug = a->tutorials[i];
        struct tutorial_info t;
        struct ck_error ignore;
        if (!strcmp(slug, door_of(st)->tut.slug) ||
            journal_tutorial(st->j, slug, &t, &ignore))
            continue;
        if (now_s >= t.starts_at - st->cfg.open_before_ms / 1000 &&
            now_s <= t.ends_at) {
            *out = t;
            return true;
        }
        if (t.starts_at > now_s &&
            (!have_next || t.starts_at < out->starts_at)) {
            *out = t;
            have = have_next = true;
        } else if (!have) {
            *out = t;
            have = true;
        }
    }
    return have;
}

/* "Not on the T-shirt list: ..." for a person no entry of it admits:
 * the list's title and why, for the displays' sentence. */
static int not_on_list(const station *st, const struct verdict *vd,
                       struct station_result *r, struct ck_error *err)
{
    const struct list_info *l = &door_of(st)->list;
    if (!station_result_text(r, l->title, strlen(l->title), &r->title))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    r->off_list = vd->status != STATUS_PAID ? STATION_OFF_LIST_NOT_PAID
                  : l->items                ? STATION_OFF_LIST_NOT_BOUGHT
                                            : STATION_OFF_LIST_NOT_LISTED;
    station_verdict(r, DECISION_DENY, STATION_REASON_NOT_ON_LIST);
    return CK_OK;
}

/* What is left of `variation` once this one is handed (issue 29.4). */
static int door_stock(station *st, const char *variation,
                      struct station_result *r, struct ck_error *err)
{
    struct list_stock k;
    int code = admission_stock(st->adm, &door_of(st)->list, variation, r->at_ms,
                               1, &k, err);
    if (code || !k.counted)
        return code;
    if (!station_result_text(r, variation, strlen(variation), &r->stock_of))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    r->stock_count = k;
    r->stock_warn = k.warn;
    return CK_OK;
}

/* What every door asks first, a tutorial's or a list's: a valid code, a
 * test order's, and the ticket's day (someone leaving is let out whatever
 * day their ticket is for).  *refused: `r` holds the refusal. */
static int entry_refused(station *st, const struct verdict *vd,
                         struct station_result *r, bool *refused,
                         struct ck_error *err)
{
    *refused = true;
    if (!vd->valid) {
        station_verdict(r, DECISION_DENY, station_reason_of_badge(vd->reason));
        return CK_OK;
    }
    if (station_test_order_refused(st, vd, r))
        return CK_OK;
    *refused = false;
    return st->dir == DIRECTION_IN
               ? station_day_refused(st, vd, r, refused, err)
               : CK_OK;
}

/* The door's own seats are taken (docs/admission.md, "Capacity across
 * doors: seat leases"): a door whose room's seats are leased through the
 * hub lets in no more people than the seats it holds, even when the room
 * has room, since the other doors may have let in theirs meanwhile.  The
 * sentence is the displays' (station_result_sentence), from the counters
 * and the other doors named here. */
static int full_here(station *st, struct station_result *r, bool *full,
                     struct ck_error *err)
{
    const struct journal_seats *k = &door_of(st)->seats;
    /* The hub gives a share below what the door holds only while the
     * doors together hold more than the room (its capacity lowered): the
     * door keeps its own people's seats and lets nobody in, even as they
     * leave, until a sync finds the room within its capacity. */
    bool lowered = k->leased && k->share < k->held;
    *full = lowered || (k->leased && k->charged >= k->held);
    if (!*full)
        return CK_OK;
    r->seats_lowered = lowered;
    if (!station_result_text(r, k->others,
                             strnlen(k->others, sizeof(k->others)),
                             &r->seats_others))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    station_verdict(r, DECISION_DENY, STATION_REASON_FULL_HERE);
    return CK_OK;
}

/* What a counter hands over: the list's title, and the variation after
 * it when the person bought one ("T-shirt: M"). */
static int hand_text(const struct list_info *l, const char *variation,
                     struct station_result *r, struct ck_error *err)
{
    if (!station_result_text(r, l->title, strlen(l->title), &r->hand_title) ||
        (variation[0] && !station_result_text(r, variation, strlen(variation),
                                              &r->hand_variation)))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    r->hand = variation[0] ? STATION_HAND_VARIATION : STATION_HAND_TITLE;
    return CK_OK;
}

/* A list once per person or per day: the first live redemption of
 * `ticket_id` (that day's, by r->at_ms), *found, with when, where and
 * what was handed in `r` for the already-redeemed sentence. */
static int redeemed_before(station *st, const char *ticket_id, bool admits,
                           struct station_result *r, bool *found,
                           struct ck_error *err)
{
    const struct list_info *l = &door_of(st)->list;
    char today[32] = "";
    if (l->once == LIST_PER_DAY &&
        !event_utc_to_local(r->at_ms / 1000, st->tz, today, sizeof(today)))
        today[10] = '\0';
    struct list_redemption first;
    int code = admission_redeemed(st->adm, l->slug, ticket_id,
                                  l->once == LIST_PER_DAY ? today : NULL, found,
                                  &first, err);
    if (code || !*found)
        return code;
    r->first_ms = first.at_ms;
    snprintf(r->first_station, sizeof(r->first_station), "%s", first.station);
    r->list_admits = admits;
    r->list_per_day = l->once == LIST_PER_DAY;
    if (!station_result_text(r, l->title, strlen(l->title), &r->title) ||
        !station_result_text(r, first.handed, strlen(first.handed), &r->handed))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    return CK_OK;
}

/* A list's rules, in the order a volunteer would ask: a valid code, the
 * ticket's day, on the list, the list open, not redeemed before (once per
 * person or per day), the room's seats (every scan). */
static int list_rules(station *st, const struct verdict *vd,
                      struct station_result *r, struct ck_error *err)
{
    const struct list_info *l = &door_of(st)->list;
    snprintf(r->list, sizeof(r->list), "%s", l->slug);
    bool refused = false;
    int code = entry_refused(st, vd, r, &refused, err);
    if (code || refused)
        return code;
    bool inside = false;
    if (l->exits) {
        code = journal_is_inside(st->j, l->slug, vd->ticket_id, &inside, err);
        if (code)
            return code;
    }
    if (st->dir == DIRECTION_OUT) {
        if (inside)
            station_verdict(r, DECISION_ADMIT, STATION_REASON_LEFT);
        else
            station_verdict(r, DECISION_WARN, STATION_REASON_NOT_INSIDE);
        return CK_OK;
    }
    bool on = false;
    char variation[128];
    if (vd->status == STATUS_PAID) {
        code = admission_on_list(st->adm, l, vd->attendee_id, &on, variation,
                                 sizeof(variation), err);
        if (code)
            return code;
    }
    if (!on)
        return not_on_list(st, vd, r, err);
    bool open;
    int64_t next;
    code = admission_window(st->adm, l, r->at_ms / 1000, &open, &next, err);
    if (code)
        return code;
    if (!open) {
        if (!station_result_text(r, l->title, strlen(l->title), &r->title))
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        if (next) {
            r->opens_ms = next * 1000;
            station_verdict(r, DECISION_DENY, STATION_REASON_TOO_EARLY);
        } else {
            station_verdict(r, DECISION_DENY, STATION_REASON_ENDED);
        }
        return CK_OK;
    }
    /* A list once per person or per day that names a room admits people
     * into it (an auction, a summit): nothing is handed over. */
    bool admits = l->once != LIST_EVERY_SCAN && l->room[0];
    if (!admits) {
        code = hand_text(l, variation, r, err);
        if (code)
            return code;
    }
    code = station_show_answers(st, l->slug, r, err);
    if (code)
        return code;
    if (l->once != LIST_EVERY_SCAN) {
        bool found;
        code = redeemed_before(st, vd->ticket_id, admits, r, &found, err);
        if (code)
            return code;
        if (found) {
            station_verdict(r, DECISION_DENY, STATION_REASON_ALREADY_REDEEMED);
            r->hand = STATION_HAND_NONE;
            return CK_OK;
        }
        snprintf(st->handed, sizeof(st->handed), "%s", variation);
        if (!admits) {
            station_verdict(r, DECISION_ADMIT, STATION_REASON_REDEEMED);
            return variation[0] ? door_stock(st, variation, r, err) : CK_OK;
        }
        /* Into its room, as every scan's: its seats hold. */
    }
    r->hand = STATION_HAND_NONE;
    if (inside) {
        station_verdict(r, DECISION_WARN, STATION_REASON_ALREADY_INSIDE);
        return CK_OK;
    }
    if (l->capacity && st->c.inside >= l->capacity) {
        /* The sentence's counts are the counters' (the list's capacity
         * is the station's). */
        if (!station_result_text(r, l->title, strlen(l->title), &r->title))
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        station_verdict(r, DECISION_DENY, STATION_REASON_FULL);
        return CK_OK;
    }
    bool full = false;
    code = l->capacity ? full_here(st, r, &full, err) : CK_OK;
    if (code || full)
        return code;
    if (!station_result_text(r, l->title, strlen(l->title), &r->title))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    station_verdict(r, DECISION_ADMIT, STATION_REASON_ENTERED);
    return CK_OK;
}

static int door_rules(station *st, const struct verdict *vd,
                      struct station_result *r, struct ck_error *err)
{
    const struct tutorial_info *t = &door_of(st)->tut;
    snprintf(r->tutorial, sizeof(r->tutorial), "%s", t->slug);
    bool inside = false;
    int code = entry_refused(st, vd, r, &inside, err);
    if (code || inside)
        return code;
    code = journal_is_inside(st->j, t->slug, vd->ticket_id, &inside, err);
    if (code)
        return code;
    if (st->dir == DIRECTION_OUT) {
        if (inside)
            station_verdict(r, DECISION_ADMIT, STATION_REASON_LEFT);
        else
            station_verdict(r, DECISION_WARN, STATION_REASON_NOT_INSIDE);
        return CK_OK;
    }
    bool ticket = vd->is_badge && vd->kind == BADGE_KIND_TUTORIAL;
    struct attendee_list l = {0};
    bool registered;
    if (ticket) {
        registered = !strcmp(vd->tutorial, t->slug);
    } else {
        code = store_attendee_get(st->s, vd->attendee_id, &l, err);
        if (code)
            return code;
        registered = false;
        for (size_t i = 0; i < l.items[0].ntutorials && !registered; i++)
            registered = !strcmp(l.items[0].tutorials[i], t->slug);
    }
    int64_t now_s = r->at_ms / 1000;
    char slot[64];
    station_slot_text(st, t, slot, sizeof(slot));
    if (!station_result_text(r, t->title, strlen(t->title), &r->title) ||
        !station_result_text(r, slot, strlen(slot), &r->slot)) {
        attendee_list_free(&l);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    if (!registered) {
        struct tutorial_info other;
        bool have = ticket ? !journal_tutorial(st->j, vd->tutorial, &other, err)
                           : best_other(st, &l.items[0], now_s, &other);
        attendee_list_free(&l);
        if (have) {
            char oslot[64];
            station_slot_text(st, &other, oslot, sizeof(oslot));
            if (!station_result_text(r, t->room, strlen(t->room), &r->room) ||
                !station_result_text(r, other.title, strlen(other.title),
                                     &r->other.title) ||
                !station_result_text(r, other.room, strlen(other.room),
                                     &r->other.room) ||
                !station_result_text(r, oslot, strlen(oslot), &r->other.slot))
                return ck_fail(err, CK_ENOMEM, "Out of memory.");
            station_verdict(r, DECISION_DENY, STATION_REASON_WRONG_ROOM);
        } else {
            station_verdict(r, DECISION_DENY, STATION_REASON_NOT_REGISTERED);
        }
        return CK_OK;
    }
    attendee_list_free(&l);
    if (now_s < t->starts_at - st->cfg.open_before_ms / 1000) {
        r->opens_ms = t->starts_at * 1000 - st->cfg.open_before_ms;
        station_verdict(r, DECISION_DENY, STATION_REASON_TOO_EARLY);
        return CK_OK;
    }
    if (now_s > t->ends_at + st->cfg.close_after_ms / 1000) {
        station_verdict(r, DECISION_DENY, STATION_REASON_ENDED);
        return CK_OK;
    }
    if (inside) {
        station_verdict(r, DECISION_WARN, STATION_REASON_ALREADY_INSIDE);
        return CK_OK;
    }
    if (st->c.inside >= st->c.capacity) {
        station_verdict(r, DECISION_DENY, STATION_REASON_FULL);
        return CK_OK;
    }
    bool full = false;
    code = full_here(st, r, &full, err);
    if (code || full)
        return code;
    station_verdict(r, DECISION_ADMIT, STATION_REASON_ENTERED);
    return CK_OK;
}

/* The door's tutorial, its seats and the station's title. */
static void use_tutorial(station *st, const struct tutorial_info *t)
{
    struct door *own = door_of(st);
    own->tut = *t;
    st->c.capacity =
        st->cfg.capacity > 0 ? st->cfg.capacity : own->tut.capacity;
    snprintf(st->title, sizeof(st->title), "Door: %s (%s)", own->tut.title,
             own->tut.room);
}

/* The door's list, its seats and the station's title. */
static void use_list(station *st, const struct list_info *l)
{
    struct door *own = door_of(st);
    own->is_list = true;
    own->list = *l;
    st->c.capacity = st->cfg.capacity > 0 ? st->cfg.capacity : l->capacity;
    own->list.capacity = st->c.capacity;
    snprintf(st->title, sizeof(st->title), "%s%s%s%s", l->title,
             l->room[0] ? " (" : "", l->room, l->room[0] ? ")" : "");
}

static int door_open(station *st, const char *event_name, struct ck_error *err)
{
    (void)event_name;
    struct tutorial_info t;
    struct ck_error why = {0};
    int code = journal_tutorial(st->j, st->target, &t, &why);
    if (!code) {
        use_tutorial(st, &t);
        return CK_OK;
    }
    if (code != CK_ENOTFOUND) {
        *err = why;
        return code;
    }
    struct list_info l;
    code = admission_list(st->adm, st->target, &l, err);
    if (!code && st->target[0]) {
        use_list(st, &l);
        return CK_OK;
    }
    if (code != CK_ENOTFOUND && code)
        return code;
    char names[512];
    code = admission_list_names(st->adm, names, sizeof(names), err);
    if (code)
        return code;
    if (!names[0]) {
        *err = why;
        return CK_ENOTFOUND;
    }
    return ck_fail(err, CK_ENOTFOUND,
                   "There is no tutorial or check-in list '%s' in %s; the "
                   "check-in lists are: %s.",
                   st->target, store_path(st->s), names);
}

/* The room, times and seats may have changed; a door whose tutorial was
 * removed keeps the one it knew. */
static void door_refresh(station *st, const char *event_name)
{
    (void)event_name;
    struct ck_error gone;
    if (door_of(st)->is_list) {
        struct list_info l;
        if (admission_list(st->adm, st->target, &l, &gone) == CK_OK)
            use_list(st, &l);
        return;
    }
    struct tutorial_info t;
    if (journal_tutorial(st->j, st->target, &t, &gone) == CK_OK)
        use_tutorial(st, &t);
}

/* The door's lease, as counted, in its counters (the header's "Seats
 * here: 12, taken: 9"). */
static void show_seats(station *st)
{
    struct door *own = door_of(st);
    st->c.leased = own->seats.leased;
    st->c.seats_here = own->seats.held;
    st->c.seats_taken = own->seats.charged;
}

/* Who is inside the room, by every door and exit scanner in the file, and
 * the door's seats. */
static int door_count(station *st, struct journal_counts *out,
                      struct ck_error *err)
{
    int code = journal_counts(st->j, st->target, NULL, out, err);
    long inside;
    if (!code)
        code =
            journal_seats(st->j, st->target, &inside, &door_of(st)->seats, err);
    if (!code)
        show_seats(st);
    return code;
}

static int door_decide(station *st, const struct verdict *vd, const char *why,
                       struct station_result *r, struct ck_error *err)
{
    (void)why; /* only the desk takes overrides */
    /* Every door and exit scanner of the room counts, not only this
     * station's own scans since it started.  A list that counts neither
     * exits nor seats needs no count to decide (a counter's redemptions
     * are counted once, at open, and then by this station): counting
     * every redemption at each scan cost 10x the desk's verdict at
     * 2,000 redemptions (bench/station_bench.c). */
    struct door *own = door_of(st);
    int rc = CK_OK;
    if (!own->is_list || own->list.exits || own->list.capacity) {
        /* And the door's seats, when they are leased (the same pass). */
        rc = journal_seats(st->j, st->target, &st->c.inside, &own->seats, err);
        if (!rc)
            show_seats(st);
    }
    if (!rc)
        rc = own->is_list ? list_rules(st, vd, r, err)
                          : door_rules(st, vd, r, err);
    if (rc || r->decision != DECISION_ADMIT || st->dir != DIRECTION_IN)
        return rc;
    /* Someone let in is first asked pretix's questions still unanswered,
     * as pretix's scanner asks them at any list (issue 49): not let in,
     * and nothing handed, until they are. */
    bool asking = false;
    rc = station_ask(st, vd, r, &asking, err);
    if (!rc && asking) {
        st->handed[0] = '\0';
        r->hand = STATION_HAND_NONE;
        r->stock_warn = false;
        memset(&r->stock_count, 0, sizeof(r->stock_count));
    }
    return rc;
}

/* A door's journal holds no confirmation secret in the clear: a code that
 * is not a checkin badge is kept as the door's file keeps secrets
 * (docs/sync.md, "What each role holds"). */
void station_record_hashed(station *st, const struct verdict *vd,
                           const struct station_result *r,
                           struct scan_record *rec, char *hashed)
{
    (void)st;
    (void)r;
    if (vd->is_badge)
        return;
    credential_secret_hash(rec->code, rec->code_len, hashed);
    rec->code = (const uint8_t *)hashed;
    rec->code_len = strlen(hashed);
}

/* In or out of the room, as the door faces. */
static void door_admitted(station *st, struct station_result *r)
{
    struct door *own = door_of(st);
    st->c.inside += st->dir == DIRECTION_IN ? 1 : -1;
    if (st->c.leased && r->reason == STATION_REASON_ENTERED)
        st->c.seats_taken++;
    if (!own->is_list || r->reason != STATION_REASON_REDEEMED ||
        !station_result_recorded(r) || !st->handed[0])
        return;
    /* The redemption a swap (S) would change. */
    snprintf(own->last.ref.station_id, sizeof(own->last.ref.station_id), "%s",
             journal_station_id(st->j));
    own->last.ref.seq = r->seq;
    own->last.attendee_id = r->attendee_id;
    own->last.at_ms = r->at_ms;
    snprintf(own->last.ticket_id, sizeof(own->last.ticket_id), "%s",
             r->ticket_id);
    snprintf(own->last.badge_name, sizeof(own->last.badge_name), "%s",
             r->badge_name);
    snprintf(own->last.handed, sizeof(own->last.handed), "%s", st->handed);
    r->swappable = true;
    r->undoable = true;
}

int station_counter_undo(station *st, int64_t attendee_id, const char *words,
                         int64_t at_ms, struct station_result *out,
                         struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    struct door *own = door_of(st);
    const struct list_info *l = &own->list;
    if (!own->last.ref.seq || own->last.attendee_id != attendee_id ||
        at_ms - own->last.at_ms > STATION_COUNTER_UNDO_MS)
        return ck_fail(err, CK_EINVAL,
                       "A counter undoes only its own last redemption, within "
                       "two minutes of it; for anything else ask the "
                       "organizers.");
    /* The sentence's texts first: nothing can fail once it is undone. */
    station_begin_result(st, at_ms, out);
    if (!station_result_text(out, l->title, strlen(l->title), &out->title) ||
        !station_result_text(out, own->last.handed, strlen(own->last.handed),
                             &out->handed)) {
        station_result_free(out);
        return ck_fail(err, CK_ENOMEM, "Out of memory; nothing was undone.");
    }
    int code = journal_begin(st->j, err);
    if (!code)
        code = journal_undo(st->j, &own->last.ref, at_ms, NULL,
                            words && words[0] ? words : NULL, &out->seq, err);
    if (!code)
        code = journal_commit(st->j, err);
    if (code) {
        journal_rollback(st->j);
        station_result_free(out);
        return code;
    }
    snprintf(out->list, sizeof(out->list), "%s", l->slug);
    out->attendee_id = own->last.attendee_id;
    snprintf(out->ticket_id, sizeof(out->ticket_id), "%s", own->last.ticket_id);
    snprintf(out->badge_name, sizeof(out->badge_name), "%s",
             own->last.badge_name);
    station_verdict(out, DECISION_WARN, STATION_REASON_UNDONE);
    out->undone = 1;
    if (own->last.handed[0]) {
        struct list_stock k;
        code = admission_stock(st->adm, l, own->last.handed, at_ms, 0, &k, err);
        if (!code && k.counted) {
            out->stock_count = k;
            out->stock_of = out->handed;
            out->stock_warn = k.warn;
        }
    }
    memset(&own->last, 0, sizeof(own->last));
    out->counters = st->c;
    return code;
}

int station_swap(station *st, const char *variation, int64_t at_ms,
                 struct station_result *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    if (!station_is_counter(st) || door_of(st)->list.once == LIST_EVERY_SCAN)
        return ck_fail(err, CK_EINVAL,
                       "A swap is made at a counter that hands things over "
                       "(a list with once = per-person or per-day).");
    struct door *own = door_of(st);
    const struct list_info *l = &own->list;
    if (!own->last.ref.seq)
        return ck_fail(err, CK_EINVAL,
                       "Nothing to swap: this counter has handed nothing over "
                       "since it started.");
    bool known = false;
    int code = admission_variation(st->adm, l, variation, &known, err);
    if (code)
        return code;
    if (!variation[0] || !known)
        return ck_fail(err, CK_EINVAL,
                       "'%s' is not a variation the %s counter hands (none in "
                       "its stock, none bought); check the size and try "
                       "again.",
                       variation, l->title);
    if (!strcmp(variation, own->last.handed))
        return ck_fail(err, CK_EINVAL,
                       "%s was handed %s already; nothing to swap.",
                       own->last.badge_name, variation);
    /* The sentence's texts first: nothing can fail once it is swapped. */
    station_begin_result(st, at_ms, out);
    if (!station_result_text(out, variation, strlen(variation),
                             &out->variation) ||
        !station_result_text(out, own->last.handed, strlen(own->last.handed),
                             &out->handed) ||
        !station_result_text(out, l->title, strlen(l->title),
                             &out->hand_title)) {
        station_result_free(out);
        return ck_fail(err, CK_ENOMEM, "Out of memory; nothing was swapped.");
    }
    out->hand_variation = out->variation;
    code = journal_begin(st->j, err);
    if (code) {
        station_result_free(out);
        return code;
    }
    char manual[128];
    snprintf(manual, sizeof(manual), "manual:%s", own->last.ticket_id);
    struct scan_record rec = {
        .at_ms = at_ms,
        .mode = SCAN_DOOR,
        .target = st->target,
        .code = (const uint8_t *)manual,
        .code_len = strlen(manual),
        .ticket_id = own->last.ticket_id,
        .decision = DECISION_ADMIT,
        .reason = station_reason_token(STATION_REASON_SWAPPED),
        .direction = DIRECTION_IN,
        .act = ACT_SWAP,
        .ref_station_id = own->last.ref.station_id,
        .ref_seq = own->last.ref.seq,
        .handed = variation,
    };
    code = journal_append(st->j, &rec, err);
    if (!code)
        code = journal_commit(st->j, err);
    if (code) {
        journal_rollback(st->j);
        station_result_free(out);
        return code;
    }
    snprintf(out->list, sizeof(out->list), "%s", l->slug);
    out->attendee_id = own->last.attendee_id;
    snprintf(out->ticket_id, sizeof(out->ticket_id), "%s", own->last.ticket_id);
    snprintf(out->badge_name, sizeof(out->badge_name), "%s",
             own->last.badge_name);
    out->hand = STATION_HAND_VARIATION;
    station_verdict(out, DECISION_ADMIT, STATION_REASON_SWAPPED);
    out->seq = rec.seq;
    char back[sizeof(own->last.handed)];
    snprintf(back, sizeof(back), "%s", own->last.handed);
    snprintf(own->last.handed, sizeof(own->last.handed), "%s", variation);
    /* Both sizes moved: what is left of the one handed now, then of the
     * one taken back ("L: 9 left; M: 10 left"), whose count is all it
     * needs. */
    struct list_stock k;
    code = admission_stock(st->adm, l, variation, at_ms, 0, &k, err);
    if (!code && k.counted) {
        out->stock_count = k;
        out->stock_of = out->variation;
        out->stock_warn = k.warn;
    }
    if (!code && back[0])
        code = admission_stock(st->adm, l, back, at_ms, 0, &k, err);
    if (!code && back[0] && k.counted) {
        /* The plain count: the size taken back needs no advice. */
        out->back_counted = true;
        out->back_left = k.left;
    }
    /* The redemption swapped is still this counter's last: it may be
     * swapped again, or undone within its two minutes. */
    out->swappable = true;
    out->undoable = true;
    out->counters = st->c;
    return code;
}

/* A read sent again at a list's door: what list_rules worked out for its
 * reason, from the person's row and the file as they are, by the rules'
 * own functions at the read's time (r->at_ms): the list, its title, what
 * the counter handed (its variation, which the person's order still
 * names), the answers, when it opens, the first redemption of an
 * already-redeemed.  Not the stock left, which the file counts as of now
 * (docs/phones.md).  A step that fails leaves its part out; the verdict
 * stands. */
static void list_again(station *st, struct station_result *r)
{
    const struct list_info *l = &door_of(st)->list;
    struct ck_error ignored = {0};
    snprintf(r->list, sizeof(r->list), "%s", l->slug);
    if (!station_result_text(r, l->title, strlen(l->title), &r->title))
        return;
    bool admits = l->once != LIST_EVERY_SCAN && l->room[0];
    bool found = false, open = false;
    int64_t next = 0;
    switch (r->reason) {
    case STATION_REASON_REDEEMED: {
        char variation[128] = "";
        if (!r->attendee_id ||
            admission_on_list(st->adm, l, r->attendee_id, &found, variation,
                              sizeof(variation), &ignored) ||
            !found || hand_text(l, variation, r, &ignored))
            r->hand = STATION_HAND_NONE;
        break;
    }
    case STATION_REASON_ALREADY_REDEEMED:
        (void)redeemed_before(st, r->ticket_id, admits, r, &found, &ignored);
        break;
    case STATION_REASON_NOT_ON_LIST:
        r->off_list = strcmp(r->order_status, order_status_str(STATUS_PAID))
                          ? STATION_OFF_LIST_NOT_PAID
                      : l->items ? STATION_OFF_LIST_NOT_BOUGHT
                                 : STATION_OFF_LIST_NOT_LISTED;
        return;
    case STATION_REASON_TOO_EARLY:
        if (!admission_window(st->adm, l, r->at_ms / 1000, &open, &next,
                              &ignored) &&
            next)
            r->opens_ms = next * 1000;
        return;
    case STATION_REASON_ENTERED:
    case STATION_REASON_ALREADY_INSIDE:
    case STATION_REASON_FULL:
    case STATION_REASON_FULL_HERE:
        break;
    default:
        return; /* decided before the list's answers are shown */
    }
    if (station_show_answers(st, l->slug, r, &ignored))
        r->priv.nanswers = 0; /* none shown rather than some */
}

/* A read sent again: the tutorial's room as door_rules shows it whatever
 * the verdict; a list's door, what its rules showed (list_again). */
static void door_again(station *st, struct station_result *r)
{
    const struct tutorial_info *t = &door_of(st)->tut;
    if (door_of(st)->is_list) {
        list_again(st, r);
        return;
    }
    if (!t->slug[0])
        return;
    snprintf(r->tutorial, sizeof(r->tutorial), "%s", t->slug);
    char slot[64];
    station_slot_text(st, t, slot, sizeof(slot));
    /* Out of memory: the sentence names no room, the verdict stands. */
    if (station_result_text(r, t->title, strlen(t->title), &r->title))
        (void)station_result_text(r, slot, strlen(slot), &r->slot);
}

const struct station_kind station_kind_door = {
    .name = "door",
    .target = "TUTORIAL",
    .hub = true,
    .mode = SCAN_DOOR,
    .traits = STATION_TRAIT_PERSONAL | STATION_TRAIT_ROOM |
              STATION_TRAIT_EXITS | STATION_TRAIT_SWAPS | STATION_TRAIT_PHONES |
              STATION_TRAIT_ASKS,
    .history = "door",
    .state_size = sizeof(struct door),
    .open = door_open,
    .refresh = door_refresh,
    .count = door_count,
    .rules = door_decide,
    .record = station_record_hashed,
    .admitted = door_admitted,
    .again = door_again,
};
