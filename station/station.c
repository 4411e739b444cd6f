/* The station rules (see station.h): what the desk, a tutorial door and a
 * sponsor's lead scanner decide about a presented code, and the journal
 * commit before anything is shown.  Not for decoding or drawing
 * (scanner/), printing (printer/) or SQL (common/journal.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkin/debounce.h"
#include "checkin/event.h"
#include "checkin/station.h"
#include "checkin/text.h"
#include "checkin/util.h"

struct station {
    store *s;
    verifier *v;
    journal *j;
    debounce *db;
    struct station_config cfg;
    char name[JOURNAL_NAME_CAP];
    char target[JOURNAL_NAME_CAP];
    char title[400];
    struct tutorial_info tut;
    char sponsor[128];
    char tz[64];
    int64_t clock_base;
    int64_t mono_start;
    enum scan_direction dir;
    struct station_counters c;
    /* asynchronous printing: what is queued, oldest first, to name each
     * outcome when it comes back */
    struct pending_print {
        int64_t attendee_id, seq;
        char ticket_id[64];
        char badge_name[4 * 200 + 1];
    } pending[64];
    size_t npending;
};

/* ---- times in the event's zone ---- */

/* "HH:MM" of UTC ms `t`. */
static void local_hm(const station *st, int64_t t_ms, char out[8])
{
    char buf[32];
    if (event_utc_to_local(t_ms / 1000, st->tz, buf, sizeof(buf)) == 0 &&
        strlen(buf) >= 16)
        snprintf(out, 8, "%s", buf + 11);
    else
        snprintf(out, 8, "??:??");
}

static const char *weekday(const char *ymd)
{
    static const char *const names[] = {"Sun", "Mon", "Tue", "Wed",
                                        "Thu", "Fri", "Sat"};
    return names[util_weekday((int)strtol(ymd, NULL, 10),
                              (int)strtol(ymd + 5, NULL, 10),
                              (int)strtol(ymd + 8, NULL, 10))];
}

/* "Tue 09:00-12:30" for a tutorial. */
static void slot_text(const station *st, const struct tutorial_info *t,
                      char *out, size_t cap)
{
    char a[32], b[32];
    if (event_utc_to_local(t->starts_at, st->tz, a, sizeof(a)) ||
        event_utc_to_local(t->ends_at, st->tz, b, sizeof(b)) ||
        strlen(a) < 16 || strlen(b) < 16) {
        snprintf(out, cap, "(time unknown)");
        return;
    }
    snprintf(out, cap, "%s %s-%s", weekday(a), a + 11, b + 11);
}

/* "09:12" today, "Tue 09:12" on another day than `now_ms`. */
static void when_text(const station *st, int64_t t_ms, int64_t now_ms,
                      char *out, size_t cap)
{
    char a[32], b[32];
    if (event_utc_to_local(t_ms / 1000, st->tz, a, sizeof(a)) ||
        event_utc_to_local(now_ms / 1000, st->tz, b, sizeof(b)) ||
        strlen(a) < 16) {
        snprintf(out, cap, "an earlier time");
        return;
    }
    if (!strncmp(a, b, 10))
        snprintf(out, cap, "%s", a + 11);
    else
        snprintf(out, cap, "%s %s", weekday(a), a + 11);
}

/* ---- opening ---- */

int station_parse_spec(const char *spec, struct station_config *cfg,
                       struct ck_error *err)
{
    if (!spec)
        spec = "";
    if (!strcmp(spec, "desk")) {
        cfg->mode = SCAN_DESK;
        cfg->target = "";
        return CK_OK;
    }
    if (!strncmp(spec, "door:", 5) && spec[5]) {
        cfg->mode = SCAN_DOOR;
        cfg->target = spec + 5;
        return CK_OK;
    }
    if (!strncmp(spec, "leads:", 6) && spec[6]) {
        cfg->mode = SCAN_LEADS;
        cfg->target = spec + 6;
        return CK_OK;
    }
    return ck_fail(err, CK_EINVAL,
                   "'%s' is not a station; use desk, door:TUTORIAL or "
                   "leads:SPONSOR.",
                   spec);
}

void station_free(station *st)
{
    if (!st)
        return;
    debounce_free(st->db);
    journal_free(st->j);
    verifier_free(st->v);
    free(st);
}

static int load_counters(station *st, struct ck_error *err)
{
    struct journal_counts jc;
    int code = journal_counts(
        st->j, st->cfg.mode == SCAN_DOOR ? st->target : NULL,
        st->cfg.mode == SCAN_LEADS ? st->target : NULL, &jc, err);
    if (code)
        return code;
    st->c.checked_in = jc.checked_in;
    st->c.inside = jc.inside;
    st->c.leads = jc.leads;
    st->c.scans = jc.scans;
    return CK_OK;
}

int station_open(store *s, const struct station_config *cfg, station **out,
                 struct ck_error *err)
{
    *out = NULL;
    station *st = calloc(1, sizeof(*st));
    if (!st)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    st->s = s;
    st->cfg = *cfg;
    snprintf(st->target, sizeof(st->target), "%s",
             cfg->target ? cfg->target : "");
    st->cfg.target = st->target;
    if (st->cfg.cooldown_ms <= 0)
        st->cfg.cooldown_ms = STATION_COOLDOWN_MS;
    if (st->cfg.open_before_ms < 0)
        st->cfg.open_before_ms = STATION_OPEN_BEFORE_MS;
    if (cfg->name && *cfg->name)
        snprintf(st->name, sizeof(st->name), "%s", cfg->name);
    else if (cfg->mode == SCAN_DESK)
        snprintf(st->name, sizeof(st->name), "desk");
    else
        snprintf(st->name, sizeof(st->name), "%s-%.50s",
                 scan_mode_str(cfg->mode), st->target);
    st->dir = cfg->mode == SCAN_DOOR ? cfg->direction : DIRECTION_IN;
    st->cfg.name = st->name;
    char event_name[256];
    int code = verifier_new(s, &st->v, err);
    if (!code)
        code = journal_open(s, st->name, &st->j, err);
    if (!code)
        code = journal_event(st->j, event_name, sizeof(event_name), st->tz,
                             sizeof(st->tz), err);
    if (!code)
        code = debounce_new(st->cfg.cooldown_ms, &st->db, err);
    if (!code && cfg->mode == SCAN_DOOR) {
        code = journal_tutorial(st->j, st->target, &st->tut, err);
        if (!code) {
            st->c.capacity =
                cfg->capacity > 0 ? cfg->capacity : st->tut.capacity;
            snprintf(st->title, sizeof(st->title), "Door: %s (%s)",
                     st->tut.title, st->tut.room);
        }
    } else if (!code && cfg->mode == SCAN_LEADS) {
        code = journal_sponsor(st->j, st->target, st->sponsor,
                               sizeof(st->sponsor), err);
        if (!code)
            snprintf(st->title, sizeof(st->title), "Leads: %s", st->sponsor);
    } else if (!code) {
        snprintf(st->title, sizeof(st->title), "Registration desk: %s",
                 event_name);
    }
    if (!code)
        code = load_counters(st, err);
    if (code) {
        station_free(st);
        return code;
    }
    st->clock_base = cfg->clock_ms ? cfg->clock_ms : store_now_ms();
    st->mono_start = util_mono_ms();
    *out = st;
    return CK_OK;
}

const char *station_name(const station *st)
{
    return st->name;
}

const char *station_title(const station *st)
{
    return st->title;
}

enum scan_mode station_mode(const station *st)
{
    return st->cfg.mode;
}

struct station_counters station_counters(const station *st)
{
    return st->c;
}

void station_set_direction(station *st, enum scan_direction d)
{
    if (st->cfg.mode != SCAN_DOOR || st->dir == d)
        return;
    st->dir = d;
    /* The person who just went in may now be scanned going out. */
    debounce_reset(st->db);
}

enum scan_direction station_direction(const station *st)
{
    return st->dir;
}

int64_t station_clock(const station *st, int64_t t_ms)
{
    return st->clock_base + t_ms;
}

/* ---- the rules ---- */

static void decide(struct station_result *r, enum scan_decision d,
                   const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void decide(struct station_result *r, enum scan_decision d,
                   const char *reason, const char *fmt, ...)
{
    va_list ap;
    r->decision = d;
    snprintf(r->reason, sizeof(r->reason), "%s", reason);
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof(r->text), fmt, ap);
    va_end(ap);
}

static const char *desk_sentence(enum badge_reason reason)
{
    switch (reason) {
    case BADGE_REASON_CANCELLED:
        return "This order was cancelled, so this person cannot check in; "
               "ask the organisers to look at the registration.";
    case BADGE_REASON_UNPAID:
        return "This order is not paid yet; settle the payment with the "
               "organisers before checking in.";
    case BADGE_REASON_UNKNOWN_CODE:
    case BADGE_REASON_NOT_A_BADGE:
        return "This code is not a ticket of this event; search for the "
               "attendee by name (press /).";
    case BADGE_REASON_OTHER_EVENT:
        return "This code is for another event; search for the attendee by "
               "name (press /).";
    case BADGE_REASON_REVOKED:
        return "This code was replaced by a newer one; search for the "
               "attendee by name (press /) and check them in from there.";
    default:
        return badge_reason_str(reason);
    }
}

/* Fill the attendee's details for the desk and doors. */
static int attendee_details(station *st, int64_t id, struct station_result *r,
                            struct attendee_list *l, struct ck_error *err)
{
    int code = store_attendee_get(st->s, id, l, err);
    if (code)
        return code;
    const struct attendee *a = &l->items[0];
    snprintf(r->given_name, sizeof(r->given_name), "%s", a->given_name);
    snprintf(r->pronouns, sizeof(r->pronouns), "%s", a->pronouns);
    snprintf(r->ticket_type, sizeof(r->ticket_type), "%s",
             a->ticket_type_label);
    snprintf(r->order_code, sizeof(r->order_code), "%s", a->order_code);
    snprintf(r->order_status, sizeof(r->order_status), "%s",
             order_status_str(a->status));
    /* Tutorial titles rather than slugs, for people to read. */
    r->ntutorials = 0;
    for (size_t i = 0; i < a->ntutorials; i++) {
        struct tutorial_info t;
        code = journal_tutorial(st->j, a->tutorials[i], &t, err);
        if (code == CK_ENOTFOUND)
            continue; /* a tutorial since removed from the event */
        if (code)
            return code; /* not a shorter list passed off as the whole */
        if (r->ntutorials == ATTENDEE_MAX_TUTORIALS)
            break; /* the store holds no more than this (import) */
        struct station_tutorial *o = &r->tutorials[r->ntutorials++];
        snprintf(o->title, sizeof(o->title), "%s", t.title);
        snprintf(o->room, sizeof(o->room), "%s", t.room);
        slot_text(st, &t, o->slot, sizeof(o->slot));
    }
    return CK_OK;
}

static int history_text(station *st, struct station_result *r,
                        struct ck_error *err)
{
    struct scan_fact f[4];
    size_t n;
    int code = journal_history(st->j, r->ticket_id, f, 4, &n, err);
    if (code)
        return code;
    size_t used = 0;
    r->history[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char when[32];
        when_text(st, f[i].at_ms, r->at_ms, when, sizeof(when));
        int w = snprintf(
            r->history + used, sizeof(r->history) - used, "%s%s %s%s%s at %s",
            used ? "; " : "", f[i].mode == SCAN_DESK ? "checked in" : "door",
            f[i].target, f[i].target[0] ? " " : "", when, f[i].station);
        if (w < 0 || (size_t)w >= sizeof(r->history) - used)
            break;
        used += (size_t)w;
    }
    return CK_OK;
}

/* A pretix test-mode order admits only at a rehearsal's stations: true
 * (with the decision made) when `vd` is one and this is not. */
static bool test_order_refused(const station *st, const struct verdict *vd,
                               struct station_result *r)
{
    if (!vd->testmode || st->cfg.rehearsal)
        return false;
    decide(r, DECISION_DENY, "test-order",
           "This is a pretix test-mode order, for rehearsals only; it admits "
           "no one to the event. Send the person to the registration help "
           "desk.");
    return true;
}

/* What a supervisor may overrule at the desk: the registration's payment
 * or cancellation, never the code itself (unknown, forged, superseded) and
 * never a rehearsal's order at a live station. */
static bool may_override(const station *st, const struct verdict *vd)
{
    return st->cfg.mode == SCAN_DESK && !st->cfg.self_service &&
           vd->attendee_id &&
           (vd->reason == BADGE_REASON_UNPAID ||
            vd->reason == BADGE_REASON_CANCELLED) &&
           !vd->superseded && (!vd->testmode || st->cfg.rehearsal);
}

static int desk_rules(station *st, const struct verdict *vd,
                      struct station_result *r, struct ck_error *err)
{
    if (!vd->valid) {
        decide(r, DECISION_DENY, badge_reason_name(vd->reason), "%s",
               desk_sentence(vd->reason));
        if (may_override(st, vd)) {
            bool found;
            struct scan_fact first;
            int code = journal_first_checkin(st->j, vd->ticket_id, &found,
                                             &first, err);
            if (code)
                return code;
            r->overridable = !found;
        }
        return CK_OK;
    }
    if (test_order_refused(st, vd, r))
        return CK_OK;
    bool found;
    struct scan_fact first;
    int code = journal_first_checkin(st->j, vd->ticket_id, &found, &first, err);
    if (code)
        return code;
    if (found) {
        char when[32];
        when_text(st, first.at_ms, r->at_ms, when, sizeof(when));
        decide(r, DECISION_WARN, "already-checked-in",
               "Already checked in at %s at %s.", when, first.station);
    } else {
        decide(r, DECISION_ADMIT, "checked-in", "Checked in. Welcome!");
    }
    return CK_OK;
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
        if (!strcmp(slug, st->tut.slug) ||
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

static int door_rules(station *st, const struct verdict *vd,
                      struct station_result *r, struct ck_error *err)
{
    const struct tutorial_info *t = &st->tut;
    snprintf(r->tutorial, sizeof(r->tutorial), "%s", t->slug);
    if (!vd->valid) {
        decide(r, DECISION_DENY, badge_reason_name(vd->reason), "%s",
               badge_reason_str(vd->reason));
        return CK_OK;
    }
    if (test_order_refused(st, vd, r))
        return CK_OK;
    bool inside;
    int code = journal_is_inside(st->j, t->slug, vd->ticket_id, &inside, err);
    if (code)
        return code;
    if (st->dir == DIRECTION_OUT) {
        if (inside)
            decide(r, DECISION_ADMIT, "left",
                   "Left the room; %ld inside "
                   "now.",
                   st->c.inside - 1);
        else
            decide(r, DECISION_WARN, "not-inside",
                   "Was not counted inside this room; nothing to change.");
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
    slot_text(st, t, slot, sizeof(slot));
    if (!registered) {
        struct tutorial_info other;
        bool have = ticket ? !journal_tutorial(st->j, vd->tutorial, &other, err)
                           : best_other(st, &l.items[0], now_s, &other);
        attendee_list_free(&l);
        if (have) {
            char oslot[64];
            slot_text(st, &other, oslot, sizeof(oslot));
            decide(r, DECISION_DENY, "wrong-room",
                   "This is %s (%s). Your tutorial %s is in %s, %s.", t->title,
                   t->room, other.title, other.room, oslot);
        } else {
            decide(r, DECISION_DENY, "not-registered",
                   "Not registered for %s; send them to the registration "
                   "desk if they think they are.",
                   t->title);
        }
        return CK_OK;
    }
    attendee_list_free(&l);
    if (now_s < t->starts_at - st->cfg.open_before_ms / 1000) {
        char opens[8];
        local_hm(st, (t->starts_at * 1000 - st->cfg.open_before_ms), opens);
        decide(r, DECISION_DENY, "too-early",
               "Too early: %s is %s; the door opens at %s.", t->title, slot,
               opens);
        return CK_OK;
    }
    if (now_s > t->ends_at + st->cfg.close_after_ms / 1000) {
        decide(r, DECISION_DENY, "ended", "%s has ended (%s).", t->title, slot);
        return CK_OK;
    }
    if (inside) {
        decide(r, DECISION_WARN, "already-inside",
               "Already inside; not counted again (%ld of %ld).", st->c.inside,
               st->c.capacity);
        return CK_OK;
    }
    if (st->c.inside >= st->c.capacity) {
        decide(r, DECISION_DENY, "full",
               "The room is full (%ld of %ld); ask them to wait until "
               "someone leaves.",
               st->c.inside, st->c.capacity);
        return CK_OK;
    }
    decide(r, DECISION_ADMIT, "entered", "Welcome to %s.", t->title);
    return CK_OK;
}

static int leads_rules(station *st, const struct verdict *vd,
                       struct station_result *r, struct ck_error *err)
{
    /* `kind` is only set once the signature held; a lead station's
     * database has no tutorial tickets, so say what to scan instead. */
    if (vd->is_badge && vd->kind == BADGE_KIND_TUTORIAL) {
        decide(r, DECISION_DENY, "badge-only",
               "This is a tutorial ticket; scan the attendee's conference "
               "badge.");
        return CK_OK;
    }
    if (!vd->valid) {
        decide(r, DECISION_DENY, badge_reason_name(vd->reason),
               "No lead recorded: %s", badge_reason_str(vd->reason));
        return CK_OK;
    }
    if (!vd->is_badge || vd->kind != BADGE_KIND_CONFERENCE) {
        decide(r, DECISION_DENY, "badge-only",
               "Scan the attendee's conference badge; confirmation codes "
               "and tutorial tickets are not used for leads.");
        return CK_OK;
    }
    bool found;
    int64_t at = 0;
    int code =
        journal_find_lead(st->j, st->target, vd->badge_id, &found, &at, err);
    if (code)
        return code;
    if (found) {
        char when[32];
        when_text(st, at, r->at_ms, when, sizeof(when));
        decide(r, DECISION_WARN, "lead-again",
               "Already a lead of %s since %s; nothing new recorded.",
               st->sponsor, when);
        return CK_OK;
    }
    decide(r, DECISION_ADMIT, "lead",
           "Lead recorded for %s. Add a note and a rating 1-5, or press "
           "Enter.",
           st->sponsor);
    return CK_OK;
}

/* The reason token of an override: what it overruled. */
static const char *override_token(const struct verdict *vd)
{
    if (vd->reason == BADGE_REASON_UNPAID)
        return "override-unpaid";
    return vd->status == STATUS_REFUNDED ? "override-refunded"
                                         : "override-cancelled";
}

/* A supervisor's override of `vd` (station_override checked it may be). */
static void override_rules(const struct verdict *vd, const char *why,
                           struct station_result *r)
{
    decide(r, DECISION_ADMIT, override_token(vd),
           "Checked in on a supervisor's override (the order is %s): %s",
           vd->reason == BADGE_REASON_UNPAID ? "not paid"
           : vd->status == STATUS_REFUNDED   ? "refunded"
                                             : "cancelled",
           why);
    snprintf(r->override, sizeof(r->override), "%s", why);
}

/* The event description can change under a running station (`checkin
 * event` on the organizer's laptop, pulled from the hub): the zone, the
 * door's room, times and seats are read again at each decision, inside
 * its transaction.  A door whose tutorial was removed keeps the one it
 * knew. */
static int refresh(station *st, struct ck_error *err)
{
    char event_name[256];
    int code = journal_event(st->j, event_name, sizeof(event_name), st->tz,
                             sizeof(st->tz), err);
    if (code)
        return code;
    struct tutorial_info t;
    struct ck_error gone;
    if (st->cfg.mode == SCAN_DOOR &&
        journal_tutorial(st->j, st->target, &t, &gone) == CK_OK) {
        st->tut = t;
        st->c.capacity =
            st->cfg.capacity > 0 ? st->cfg.capacity : st->tut.capacity;
        snprintf(st->title, sizeof(st->title), "Door: %s (%s)", st->tut.title,
                 st->tut.room);
    } else if (st->cfg.mode == SCAN_DESK) {
        snprintf(st->title, sizeof(st->title), "Registration desk: %s",
                 event_name);
    }
    return CK_OK;
}

static void begin_result(station *st, int64_t at_ms, struct station_result *r)
{
    memset(r, 0, sizeof(*r));
    r->at_ms = at_ms;
    local_hm(st, at_ms, r->time_local);
    r->station = st->name;
    r->mode = st->cfg.mode;
    r->target = st->target;
    r->direction = st->dir;
    r->personal = st->cfg.mode != SCAN_LEADS;
}

/* Apply the rules for `vd`, journal, update counters; printing is left
 * to station_print, after the verdict is shown.  Called inside
 * journal_begin() when `locked`, so that the rows the rules read (already
 * checked in, inside, a lead already taken) and the row this decision adds
 * are one transaction, whatever other stations share the file; the commit
 * ends it.  Without the lock (`lock_err` says why) the decision is made
 * from what the file holds and shown NOT RECORDED. */
static int conclude(station *st, const struct verdict *vd, const uint8_t *code,
                    size_t len, bool locked, const struct ck_error *lock_err,
                    const char *override, struct station_result *r,
                    struct ck_error *err)
{
    if (r->personal && vd->attendee_id) {
        r->attendee_id = vd->attendee_id;
        snprintf(r->ticket_id, sizeof(r->ticket_id), "%s", vd->ticket_id);
        snprintf(r->badge_name, sizeof(r->badge_name), "%s", vd->badge_name);
        snprintf(r->order_status, sizeof(r->order_status), "%s",
                 order_status_str(vd->status));
    }
    if (vd->tutorial[0])
        snprintf(r->tutorial, sizeof(r->tutorial), "%s", vd->tutorial);
    int rc = refresh(st, err);
    if (rc)
        return rc;
    local_hm(st, r->at_ms, r->time_local);
    switch (st->cfg.mode) {
    case SCAN_DOOR:
        /* Every door and exit scanner of the room counts, not only this
         * station's own scans since it started. */
        rc = journal_inside_count(st->j, st->target, &st->c.inside, err);
        if (!rc)
            rc = door_rules(st, vd, r, err);
        break;
    case SCAN_LEADS:
        rc = leads_rules(st, vd, r, err);
        break;
    default:
        if (override)
            override_rules(vd, override, r);
        else
            rc = desk_rules(st, vd, r, err);
        break;
    }
    if (rc)
        return rc;
    if (st->cfg.mode == SCAN_DESK && r->attendee_id) {
        struct attendee_list l = {0};
        rc = attendee_details(st, r->attendee_id, r, &l, err);
        attendee_list_free(&l);
        if (!rc)
            rc = history_text(st, r, err);
        if (rc)
            return rc;
    }

    /* A door's journal holds no confirmation secret in the clear: a code
     * that is not a checkin badge is kept as the door's file keeps
     * secrets (docs/sync.md, "What each role holds"). */
    char hashed[CREDENTIAL_SECRET_HASH_CHARS];
    if (st->cfg.mode == SCAN_DOOR && !vd->is_badge) {
        credential_secret_hash(code, len, hashed);
        code = (const uint8_t *)hashed;
        len = strlen(hashed);
    }
    struct scan_record rec = {
        .at_ms = r->at_ms,
        .mode = st->cfg.mode,
        .target = st->target,
        .code = code,
        .code_len = len,
        .ticket_id = r->personal && vd->attendee_id ? vd->ticket_id : NULL,
        /* A sponsor's station knows no attendees: a valid signature is
         * the badge. */
        .badge_id = vd->is_badge && (vd->attendee_id || vd->valid)
                        ? vd->badge_id
                        : NULL,
        .decision = r->decision,
        .reason = r->reason,
        .direction = st->dir,
        .lead_sponsor =
            st->cfg.mode == SCAN_LEADS && r->decision == DECISION_ADMIT
                ? st->target
                : NULL,
        .override = override,
    };
    struct ck_error jerr = {0};
    if (!locked)
        jerr = *lock_err;
    else if (journal_append(st->j, &rec, &jerr) == CK_OK &&
             journal_commit(st->j, &jerr) == CK_OK)
        r->recorded = true;
    if (!r->recorded && override) {
        /* A supervisor's override is its record: never shown without it. */
        journal_rollback(st->j);
        return ck_fail(err, jerr.code ? jerr.code : CK_EIO,
                       "%s Nothing was overridden; try again.", jerr.msg);
    }
    if (r->recorded) {
        r->seq = rec.seq;
        if (rec.lead_sponsor)
            r->lead_seq = rec.seq;
    } else {
        journal_rollback(st->j);
        st->c.not_recorded++;
        snprintf(r->record_error, sizeof(r->record_error), "%s", jerr.msg);
    }
    /* Counters follow what happened at the station, recorded or not. */
    st->c.scans++;
    if (r->decision == DECISION_ADMIT) {
        if (st->cfg.mode == SCAN_DESK)
            st->c.checked_in++;
        else if (st->cfg.mode == SCAN_DOOR)
            st->c.inside += st->dir == DIRECTION_IN ? 1 : -1;
        else
            st->c.leads++;
    }
    r->print_due = st->cfg.mode == SCAN_DESK && r->decision == DECISION_ADMIT &&
                   st->cfg.print;
    r->counters = st->c;
    return CK_OK;
}

/* Remember a print an asynchronous hook queued. */
static void add_pending(station *st, int64_t attendee_id, int64_t seq,
                        const char *ticket_id, const char *badge_name)
{
    if (st->npending == sizeof(st->pending) / sizeof(st->pending[0])) {
        memmove(st->pending, st->pending + 1,
                (st->npending - 1) * sizeof(st->pending[0]));
        st->npending--; /* its outcome will come back unnamed */
    }
    struct pending_print *pp = &st->pending[st->npending++];
    pp->attendee_id = attendee_id;
    pp->seq = seq;
    snprintf(pp->ticket_id, sizeof(pp->ticket_id), "%s", ticket_id);
    snprintf(pp->badge_name, sizeof(pp->badge_name), "%s", badge_name);
}

bool station_print(station *st, struct station_result *r)
{
    if (!r->print_due)
        return false;
    r->print_due = false;
    struct ck_error perr = {0};
    bool confirmed = false;
    if (st->cfg.print(st->cfg.print_ctx, r->attendee_id, NULL, &confirmed,
                      &perr) != CK_OK) {
        snprintf(r->print_error, sizeof(r->print_error), "%s", perr.msg);
    } else if (st->cfg.print_poll) {
        r->printing = true;
        add_pending(st, r->attendee_id, r->recorded ? r->seq : 0, r->ticket_id,
                    r->badge_name);
    } else {
        r->printed = confirmed;
        r->print_sent = !confirmed;
    }
    return true;
}

bool station_print_outcome(station *st, int wait_ms, struct station_result *r)
{
    struct station_print_done done;
    if (!st->cfg.print_poll ||
        !st->cfg.print_poll(st->cfg.print_ctx, wait_ms, &done))
        return false;
    begin_result(st, station_clock(st, station_source_now(st)), r);
    r->decision = DECISION_ADMIT;
    r->attendee_id = done.attendee_id;
    r->printed = done.printed;
    r->print_sent = done.sent;
    snprintf(r->print_error, sizeof(r->print_error), "%s", done.error);
    snprintf(r->ticket_id, sizeof(r->ticket_id), "%s", done.ticket_id);
    snprintf(r->badge_name, sizeof(r->badge_name), "%s", done.badge_name);
    for (size_t i = 0; i < st->npending; i++) {
        struct pending_print *pp = &st->pending[i];
        if (pp->attendee_id != done.attendee_id)
            continue;
        r->seq = pp->seq;
        r->recorded = pp->seq != 0;
        snprintf(r->ticket_id, sizeof(r->ticket_id), "%s", pp->ticket_id);
        snprintf(r->badge_name, sizeof(r->badge_name), "%s", pp->badge_name);
        memmove(pp, pp + 1, (st->npending - i - 1) * sizeof(*pp));
        st->npending--;
        break;
    }
    r->counters = st->c;
    return true;
}

int station_scan(station *st, const uint8_t *code, size_t len, int64_t at_ms,
                 struct station_result *out, struct ck_error *err)
{
    begin_result(st, at_ms, out);
    struct ck_error lock_err = {0};
    bool locked = journal_begin(st->j, &lock_err) == CK_OK;
    struct verdict vd;
    int rc = verifier_check(st->v, code, len, &vd, err);
    /* The journal keeps exactly what was scanned: a QR code's own CR/LF
     * is part of it (a wedge's line end was cut by station_feed_code). */
    if (!rc)
        rc = conclude(st, &vd, code, len, locked, &lock_err, NULL, out, err);
    if (rc)
        journal_rollback(st->j);
    return rc;
}

int station_search(station *st, const char *query, struct attendee_list *out,
                   struct ck_error *err)
{
    if (st->cfg.mode != SCAN_DESK)
        return ck_fail(err, CK_EINVAL,
                       "Searching by name is for the registration desk; "
                       "send the attendee there.");
    return store_attendee_search(st->s, query, 9, out, err);
}

/* The verdict about attendee `id` as a volunteer chose them (no code):
 * their order decides; `code` gets "manual:TICKET" (128 bytes) and *len
 * its length. */
static int attendee_verdict(station *st, int64_t id, struct verdict *vd,
                            char code[128], size_t *len, struct ck_error *err)
{
    struct attendee_list l;
    int rc = store_attendee_get(st->s, id, &l, err);
    if (rc)
        return rc;
    const struct attendee *a = &l.items[0];
    memset(vd, 0, sizeof(*vd));
    vd->attendee_id = a->id;
    vd->status = a->status;
    vd->testmode = a->testmode;
    vd->reason = a->status == STATUS_PAID      ? BADGE_REASON_VALID
                 : a->status == STATUS_PENDING ? BADGE_REASON_UNPAID
                                               : BADGE_REASON_CANCELLED;
    vd->valid = vd->reason == BADGE_REASON_VALID;
    snprintf(vd->ticket_id, sizeof(vd->ticket_id), "%s", a->ticket_id);
    snprintf(vd->badge_name, sizeof(vd->badge_name), "%s", a->badge_name);
    snprintf(vd->ticket_type, sizeof(vd->ticket_type), "%s", a->ticket_type);
    attendee_list_free(&l);
    int n = snprintf(code, 128, "manual:%s", vd->ticket_id);
    *len = n > 0 && n < 128 ? (size_t)n : strlen(code);
    return CK_OK;
}

int station_checkin_manual(station *st, int64_t attendee_id, int64_t at_ms,
                           struct station_result *out, struct ck_error *err)
{
    if (st->cfg.mode != SCAN_DESK)
        return ck_fail(err, CK_EINVAL,
                       "Manual check-in is for the registration desk.");
    begin_result(st, at_ms, out);
    struct ck_error lock_err = {0};
    bool locked = journal_begin(st->j, &lock_err) == CK_OK;
    struct verdict vd;
    char code[128];
    size_t len;
    int rc = attendee_verdict(st, attendee_id, &vd, code, &len, err);
    if (!rc)
        rc = conclude(st, &vd, (const uint8_t *)code, len, locked, &lock_err,
                      NULL, out, err);
    if (rc)
        journal_rollback(st->j);
    return rc;
}

/* The reason a supervisor gave, as journaled: one line, trimmed, at least
 * STATION_OVERRIDE_MIN characters. */
static int override_reason(const char *reason, char *out, size_t cap,
                           struct ck_error *err)
{
    size_t n = reason ? strlen(reason) : 0;
    if (n >= cap)
        return ck_fail(err, CK_EINVAL,
                       "The override's reason is %zu bytes long; say it in "
                       "under %zu.",
                       n, cap - 1);
    snprintf(out, cap, "%s", reason ? reason : "");
    if (!text_clean_field(out))
        return ck_fail(err, CK_EINVAL,
                       "The override's reason has characters that are not "
                       "text; type it again.");
    if (text_length(out) < STATION_OVERRIDE_MIN)
        return ck_fail(err, CK_EINVAL,
                       "An override needs the supervisor's reason in a few "
                       "words (such as 'paid in cash at the desk'); type it "
                       "and confirm again.");
    return CK_OK;
}

/* Whether the supervisor may overrule the desk for `vd`: CK_OK, or the
 * sentence why not.  Under the journal's lock, so that "checked in
 * already" is every station's. */
static int override_allowed(station *st, const struct verdict *vd,
                            int64_t at_ms, struct ck_error *err)
{
    if (vd->valid)
        return ck_fail(err, CK_EINVAL,
                       "This registration is paid and admits without an "
                       "override; scan it again.");
    if (!vd->attendee_id || (vd->reason != BADGE_REASON_UNPAID &&
                             vd->reason != BADGE_REASON_CANCELLED))
        return ck_fail(err, CK_EINVAL,
                       "Only an unpaid, cancelled or refunded registration "
                       "can be overridden, and this code is not one (%s); "
                       "search for the attendee by name.",
                       badge_reason_name(vd->reason));
    if (vd->superseded)
        return ck_fail(err, CK_EINVAL,
                       "This code was replaced by a newer one and cannot be "
                       "overridden; search for the attendee by name and "
                       "override from there.");
    if (vd->testmode && !st->cfg.rehearsal)
        return ck_fail(err, CK_EINVAL,
                       "This is a pretix test-mode order, for rehearsals "
                       "only; no override admits it to the event.");
    bool found;
    struct scan_fact first;
    int code = journal_first_checkin(st->j, vd->ticket_id, &found, &first, err);
    if (code || !found)
        return code;
    char when[32];
    when_text(st, first.at_ms, at_ms, when, sizeof(when));
    return ck_fail(err, CK_EINVAL,
                   "Already checked in at %s at %s; there is nothing to "
                   "override.",
                   when, first.station);
}

int station_override(station *st, const uint8_t *code, size_t len,
                     int64_t attendee_id, const char *reason, int64_t at_ms,
                     struct station_result *out, struct ck_error *err)
{
    if (st->cfg.mode != SCAN_DESK)
        return ck_fail(err, CK_EINVAL,
                       "Overrides are made at the registration desk; send "
                       "the person there.");
    if (st->cfg.self_service)
        return ck_fail(err, CK_EINVAL,
                       "This desk is a self check-in kiosk and takes no "
                       "overrides; send the person to a staffed desk.");
    if (!code && !attendee_id)
        return ck_fail(err, CK_EINVAL,
                       "Scan the person's code or find them by name first, "
                       "then override.");
    char why[JOURNAL_OVERRIDE_CAP + 1];
    int rc = override_reason(reason, why, sizeof(why), err);
    if (rc)
        return rc;
    begin_result(st, at_ms, out);
    struct ck_error lock_err = {0};
    if (journal_begin(st->j, &lock_err))
        return ck_fail(err, lock_err.code,
                       "%s Nothing was overridden; try "
                       "again.",
                       lock_err.msg);
    struct verdict vd;
    char manual[128];
    if (code) {
        rc = verifier_check(st->v, code, len, &vd, err);
        if (!rc && attendee_id && vd.attendee_id != attendee_id)
            rc = ck_fail(err, CK_EINVAL,
                         "This code is not the person on the screen; scan "
                         "their code again.");
    } else {
        rc = attendee_verdict(st, attendee_id, &vd, manual, &len, err);
        code = (const uint8_t *)manual;
    }
    if (!rc)
        rc = override_allowed(st, &vd, at_ms, err);
    if (!rc)
        rc = conclude(st, &vd, code, len, true, &lock_err, why, out, err);
    if (rc) {
        journal_rollback(st->j);
        memset(out, 0, sizeof(*out));
    }
    return rc;
}

int station_reprint(station *st, int64_t attendee_id, const char *reason,
                    struct ck_error *err)
{
    if (st->cfg.mode != SCAN_DESK)
        return ck_fail(err, CK_EINVAL, "Reprints are made at the desk.");
    if (!reason || !*reason)
        return ck_fail(err, CK_EINVAL,
                       "A reprint needs a reason (lost, damaged, name "
                       "changed ...).");
    if (!st->cfg.print)
        return ck_fail(err, CK_EDEVICE,
                       "This desk has no printer; start it with --printer.");
    bool confirmed;
    int rc =
        st->cfg.print(st->cfg.print_ctx, attendee_id, reason, &confirmed, err);
    if (!rc && st->cfg.print_poll)
        add_pending(st, attendee_id, 0, "", "");
    return rc;
}

int station_lead_note(station *st, int64_t seq, const char *note, int rating,
                      struct ck_error *err)
{
    if (st->cfg.mode != SCAN_LEADS)
        return ck_fail(err, CK_EINVAL, "Notes are for lead stations.");
    return journal_lead_note(st->j, seq, note, rating, err);
}

/* ---- presenting ---- */

int station_present(station *st, const uint8_t *code, size_t len, int64_t t_ms,
                    bool *fresh, struct station_result *out,
                    struct ck_error *err)
{
    *fresh = debounce_seen(st->db, code, len, t_ms);
    if (!*fresh)
        return CK_OK;
    return station_scan(st, code, len, station_clock(st, t_ms), out, err);
}

size_t station_prints_pending(const station *st)
{
    return st->npending;
}

int64_t station_source_now(const station *st)
{
    return util_mono_ms() - st->mono_start;
}
