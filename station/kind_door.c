/* A tutorial door's rules (see station.h): who is registered, the door's
 * window around the tutorial's time, the room's seats and people leaving.
 * Not for what every kind shares (station.c). */
#include <stdio.h>
#include <string.h>

#include "kind.h"

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

int door_rules(station *st, const struct verdict *vd, struct station_result *r,
               struct ck_error *err)
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
