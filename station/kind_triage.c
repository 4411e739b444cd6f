/* The triage at the queue's entrance (issue 55.4; docs/stations.md, "The
 * triage"): a phone or a tablet at the end of the line scans a
 * confirmation and sends the person to the desk they queue at, by the
 * event's [desks] (checkin/desks.h): their ticket type's desk, their
 * family name's letter's, the box of their pre-printed badge, or the
 * help desk when their order is not paid.  It writes no journal row
 * (station.c, sorted_sent, for STATION_TRAIT_SORTS): a send admits no one
 * and is no desk's decision; whom it sent to a desk is noted in
 * triage_sent (schema 24) for the dashboard's lines.  Not for the desk's
 * rules (kind_desk.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kind.h"

struct triage {
    struct desk_plan plan;
};

static struct triage *triage_of(const station *st)
{
    return st->state;
}

static int triage_open(station *st, const char *event_name,
                       struct ck_error *err)
{
    bool found = false;
    int code = desks_load(st->s, &triage_of(st)->plan, &found, err);
    if (code)
        return code;
    if (!found)
        return ck_fail(err, CK_ENOTFOUND,
                       "The event has no [desks] section, so the triage "
                       "knows no desk to send people to; add one to the "
                       "event description (docs/import-formats.md, The "
                       "desks) and load it with checkin event.");
    snprintf(st->title, sizeof(st->title), "Triage: %s", event_name);
    return CK_OK;
}

/* [desks] changed by `checkin event` or a sync: what can no longer be
 * read stays as it was. */
static void triage_refresh(station *st, const char *event_name)
{
    (void)event_name;
    struct desk_plan *now = malloc(sizeof(*now));
    struct ck_error ignored = {0};
    bool found = false;
    if (now && !desks_load(st->s, now, &found, &ignored) && found)
        triage_of(st)->plan = *now;
    free(now);
}

/* It keeps no rows: nothing to count. */
static int triage_count(station *st, struct journal_counts *out,
                        struct ck_error *err)
{
    (void)st;
    (void)err;
    *out = (struct journal_counts){0};
    return CK_OK;
}

/* The name the person's badge sorts by at the desks: the family name,
 * or the whole name when only that is known (as a pre-printed run sorts,
 * printer/badge_render.c). */
static int sort_name(station *st, int64_t attendee_id, char *out, size_t cap,
                     char *type, size_t type_cap, struct ck_error *err)
{
    struct attendee_list l = {0};
    int code = store_attendee_get(st->s, attendee_id, &l, err);
    if (!code) {
        const struct attendee *a = &l.items[0];
        snprintf(out, cap, "%s",
                 a->family_name && *a->family_name ? a->family_name
                 : a->badge_name                   ? a->badge_name
                                                   : "");
        snprintf(type, type_cap, "%s", a->ticket_type ? a->ticket_type : "");
    }
    attendee_list_free(&l);
    return code;
}

/* A code the verifier refused: a known person whose order is not paid,
 * cancelled or refunded goes to the help desk; anything else is refused
 * as every station refuses it.  True when decided. */
static bool refused(const struct verdict *vd, struct station_result *r)
{
    if (vd->valid)
        return false;
    if (vd->attendee_id && (vd->reason == BADGE_REASON_UNPAID ||
                            vd->reason == BADGE_REASON_CANCELLED))
        station_verdict(r, DECISION_WARN, STATION_REASON_TO_HELP_DESK);
    else
        station_verdict(r, DECISION_DENY, station_reason_of_badge(vd->reason));
    return true;
}

static int triage_rules(station *st, const struct verdict *vd,
                        const char *override, struct station_result *r,
                        struct ck_error *err)
{
    (void) override; /* only the desk takes overrides */
    if (refused(vd, r) || station_test_order_refused(st, vd, r))
        return CK_OK;
    bool wrong_day = false;
    int code = station_day_refused(st, vd, r, &wrong_day, err);
    if (code || wrong_day)
        return code;
    char name[4 * 200 + 1], type[64];
    code = sort_name(st, vd->attendee_id, name, sizeof(name), type,
                     sizeof(type), err);
    if (code)
        return code;
    const struct desk_plan *plan = &triage_of(st)->plan;
    desks_route(plan, name, type, r->desk, r->desk_letters);
    station_desk_preprint(st, r);
    /* The triage hands nothing over: the desk's confirm does. */
    r->preprint_offer = false;
    if (r->preprint_box[0] && r->preprint_ms) {
        station_verdict(r, DECISION_WARN, STATION_REASON_TO_HELP_DESK);
    } else if (r->preprint_box[0]) {
        if (plan->preprinted[0]) {
            snprintf(r->desk, sizeof(r->desk), "%s", plan->preprinted);
            r->desk_letters[0] = '\0';
        }
        station_verdict(r, DECISION_ADMIT, STATION_REASON_TO_PREPRINTED);
    } else {
        station_verdict(r, DECISION_ADMIT, STATION_REASON_TO_DESK);
    }
    return CK_OK;
}

static void triage_admitted(station *st, struct station_result *r)
{
    (void)st;
    (void)r; /* sent on, not admitted: nothing to count */
}

const struct station_kind station_kind_triage = {
    .name = "triage",
    .target = NULL,
    .hub = true,       /* a role of its own from hub format 34 */
    .mode = SCAN_DESK, /* no journal row: station.c, STATION_TRAIT_SORTS */
    .traits =
        STATION_TRAIT_PERSONAL | STATION_TRAIT_SORTS | STATION_TRAIT_PHONES,
    .history = "triage",
    .state_size = sizeof(struct triage),
    .open = triage_open,
    .refresh = triage_refresh,
    .count = triage_count,
    .rules = triage_rules,
    .admitted = triage_admitted,
};
