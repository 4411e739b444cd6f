/* The still-needs line of a desk's or a kiosk's verdict (issue 55 item
 * 2; needs.h): the person's items read from the file, with what this
 * very check-in does to them (it is decided before its row is
 * journaled): the badge and the tutorials' tickets printed here now,
 * unless the badge waits in its box, and the acknowledgements answered
 * with it no longer owed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/needs.h"
#include "kind.h"

/* Whether `r` checks the person in now (and owes their labels here). */
static bool checks_in_now(const struct station_result *r)
{
    return r->decision == DECISION_ADMIT &&
           r->reason != STATION_REASON_ALREADY_CHECKED_IN;
}

/* Whether `it`, an acknowledgement still owed in the file, is one the
 * person answered in this very decision (st->given, kept while it is
 * concluded): a check-in that stands accepted it. */
static bool answered_now(const station *st, const struct needs_item *it)
{
    if (it->what != NEEDS_ACKNOWLEDGEMENT)
        return false;
    for (size_t i = 0; st->given && i < st->ngiven; i++)
        if (st->given[i].question && !strcmp(st->given[i].question, it->slug))
            return true;
    return false;
}

int station_desk_needs(station *st, struct station_result *r,
                       struct ck_error *err)
{
    struct needs_list l;
    if (!r->attendee_id || !r->personal)
        return CK_OK;
    /* A failed read inside the decision's transaction is the decision's
     * failure (SQLite may have rolled the transaction back): said as
     * such, never swallowed into a verdict without its line. */
    int code = needs_of_with(st->s, st->adm, r->attendee_id, r->at_ms, &l, err);
    if (code) {
        needs_list_free(&l);
        return code;
    }
    size_t kept = 0;
    for (size_t i = 0; i < l.n; i++)
        if (!checks_in_now(r) || !answered_now(st, &l.items[i]))
            l.items[kept++] = l.items[i];
    l.n = kept;
    for (size_t i = 0; checks_in_now(r) && i < l.n; i++) {
        struct needs_item *it = &l.items[i];
        if ((it->what != NEEDS_BADGE && it->what != NEEDS_TUTORIAL) ||
            it->state == NEEDS_IN_BOX || it->state == NEEDS_DONE)
            continue;
        it->state = NEEDS_DONE;
        snprintf(it->where, sizeof(it->where), "%s", st->name);
        it->at_ms = r->at_ms;
    }
    free(r->priv.needs);
    r->priv.needs = l.items;
    r->priv.nneeds = l.n;
    return CK_OK;
}
