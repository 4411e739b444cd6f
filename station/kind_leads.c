/* A sponsor's lead scanner's rules (see station.h): a conference badge
 * becomes a lead of the sponsor once, with a note and a rating.  The
 * station's file holds no attendees (docs/stations.md, "Privacy at
 * sponsor stations").  Not for what every kind shares (station.c). */
#include <stdio.h>
#include <string.h>

#include "kind.h"

static struct leads_state *leads_of(const station *st)
{
    return st->state;
}

int station_leads_rules(station *st, const struct verdict *vd, const char *why,
                        struct station_result *r, struct ck_error *err)
{
    (void)why; /* only the desk takes overrides */
    /* `kind` is only set once the signature held; a lead station's
     * database has no tutorial tickets, so say what to scan instead. */
    if (vd->is_badge && vd->kind == BADGE_KIND_TUTORIAL) {
        station_verdict(r, DECISION_DENY, STATION_REASON_BADGE_ONLY);
        r->tutorial_ticket = true;
        return CK_OK;
    }
    if (!vd->valid) {
        station_verdict(r, DECISION_DENY, station_reason_of_badge(vd->reason));
        return CK_OK;
    }
    /* On hold or blocked (issue 49): the neutral sentence, no lead. */
    if (vd->held) {
        station_verdict(r, DECISION_DENY, STATION_REASON_SEE_HELP_DESK);
        return CK_OK;
    }
    if (!vd->is_badge || vd->kind != BADGE_KIND_CONFERENCE) {
        station_verdict(r, DECISION_DENY, STATION_REASON_BADGE_ONLY);
        return CK_OK;
    }
    bool found;
    int64_t at = 0;
    int code =
        journal_find_lead(st->j, st->target, vd->badge_id, &found, &at, err);
    if (code)
        return code;
    if (!station_result_text(r, leads_of(st)->sponsor,
                             strlen(leads_of(st)->sponsor), &r->sponsor))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (found) {
        r->first_ms = at;
        station_verdict(r, DECISION_WARN, STATION_REASON_LEAD_AGAIN);
        return CK_OK;
    }
    station_verdict(r, DECISION_ADMIT, STATION_REASON_LEAD);
    return CK_OK;
}

static int leads_open(station *st, const char *event_name, struct ck_error *err)
{
    (void)event_name;
    int code = journal_sponsor(st->j, st->target, leads_of(st)->sponsor,
                               sizeof(leads_of(st)->sponsor), err);
    if (!code)
        snprintf(st->title, sizeof(st->title), "Leads: %s",
                 leads_of(st)->sponsor);
    return code;
}

/* This sponsor's leads. */
static int leads_count(station *st, struct journal_counts *out,
                       struct ck_error *err)
{
    return journal_counts(st->j, NULL, st->target, out, err);
}

/* An admitted badge is a lead of the sponsor, added in the same
 * transaction. */
static void leads_record(station *st, const struct verdict *vd,
                         const struct station_result *r,
                         struct scan_record *rec, char *hashed)
{
    (void)vd;
    (void)hashed;
    if (r->decision == DECISION_ADMIT)
        rec->lead_sponsor = st->target;
}

static void leads_admitted(station *st, struct station_result *r)
{
    (void)r;
    st->c.leads++;
}

const struct station_kind station_kind_leads = {
    .name = "leads",
    .target = "SPONSOR",
    .hub = true,
    .mode = SCAN_LEADS,
    .traits = STATION_TRAIT_LEADS | STATION_TRAIT_PHONES,
    .history = "lead",
    .state_size = sizeof(struct leads_state),
    .open = leads_open,
    .count = leads_count,
    .rules = station_leads_rules,
    .record = leads_record,
    .admitted = leads_admitted,
};

int station_lead_note(station *st, int64_t seq, const char *note, int rating,
                      struct ck_error *err)
{
    if (st->kind != &station_kind_leads)
        return ck_fail(err, CK_EINVAL, "Notes are for lead stations.");
    return journal_lead_note(st->j, seq, note, rating, err);
}
