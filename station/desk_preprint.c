/* Pre-printed badges at the desk (issue 55; docs/stations.md,
 * "Pre-printed badges"): a person whose badge a sorted run put in a box
 * is sent to the box instead of to the printer, the volunteer's confirm
 * marks it handed over, and a second pick-up is told when and where it
 * was.  A reprint (a lost badge) issues a later number, which supersedes
 * the pre-printed one: from then on the desk prints on demand. */
#include <stdio.h>
#include <string.h>

#include "checkin/credential.h"
#include "checkin/preprint.h"
#include "kind.h"

/* `ticket_id`'s pre-printed badge that still counts: found, and no later
 * issue of the attendee's badge took its place. */
static int current_preprint(station *st, int64_t attendee_id,
                            const char *ticket_id, struct preprint *p,
                            bool *found, struct ck_error *err)
{
    int code = preprint_get(st->s, ticket_id, p, found, err);
    int newest = 0;
    if (!code && *found)
        code = credential_newest_issue(st->s, attendee_id, 0, &newest, err);
    if (!code && *found && newest > p->issue)
        *found = false; /* reprinted: the box's badge no longer admits */
    return code;
}

void station_desk_preprint(station *st, struct station_result *r)
{
    struct ck_error ignored = {0};
    struct preprint p;
    bool found = false;
    if (!r->attendee_id || !r->ticket_id[0] ||
        current_preprint(st, r->attendee_id, r->ticket_id, &p, &found,
                         &ignored) ||
        !found)
        return;
    snprintf(r->preprint_box, sizeof(r->preprint_box), "%s", p.box);
    r->preprint_position = p.position;
    r->preprint_offer = !p.handed_at_ms;
    if (p.handed_at_ms) {
        r->preprint_ms = p.handed_at_ms;
        snprintf(r->preprint_station, sizeof(r->preprint_station), "%s",
                 p.handed_station);
    }
}

int station_preprint_hand(station *st, int64_t attendee_id, int64_t at_ms,
                          bool *offered, struct preprint *out,
                          struct ck_error *err)
{
    *offered = false;
    *out = (struct preprint){0};
    if (st->kind != &station_kind_desk || st->cfg.self_service)
        return CK_OK;
    struct attendee_list l = {0};
    int code = store_attendee_get(st->s, attendee_id, &l, err);
    bool found = false;
    if (!code)
        code = current_preprint(st, attendee_id, l.items[0].ticket_id, out,
                                &found, err);
    bool done = false;
    if (!code && found && !out->handed_at_ms)
        code =
            preprint_hand(st->s, out->ticket_id, at_ms, st->name, &done, err);
    if (!code && found && !done) {
        /* Handed over already, here or at another desk. */
        struct preprint now;
        if (!preprint_get(st->s, out->ticket_id, &now, &found, err) && found)
            *out = now;
        char when[32];
        station_when_text(st, out->handed_at_ms, at_ms, when, sizeof(when));
        code = ck_fail(err, CK_EINVAL,
                       "%s's pre-printed badge (box %s, #%ld) was already "
                       "handed over at %s at %s.",
                       l.items[0].badge_name, out->box, out->position, when,
                       out->handed_station);
    } else if (!code && done) {
        out->handed_at_ms = at_ms;
        snprintf(out->handed_station, sizeof(out->handed_station), "%s",
                 st->name);
    }
    *offered = found;
    attendee_list_free(&l);
    return code;
}
