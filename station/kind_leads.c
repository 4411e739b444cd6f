/* A sponsor's lead scanner's rules (see station.h): a conference badge
 * becomes a lead of the sponsor once, with a note and a rating.  The
 * station's file holds no attendees (docs/stations.md, "Privacy at
 * sponsor stations").  Not for what every kind shares (station.c). */
#include <stdio.h>

#include "kind.h"

int leads_rules(station *st, const struct verdict *vd, struct station_result *r,
                struct ck_error *err)
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

int station_lead_note(station *st, int64_t seq, const char *note, int rating,
                      struct ck_error *err)
{
    if (st->cfg.mode != SCAN_LEADS)
        return ck_fail(err, CK_EINVAL, "Notes are for lead stations.");
    return journal_lead_note(st->j, seq, note, rating, err);
}
