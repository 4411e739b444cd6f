/* A walk-in's tutorial sold past its seats (issue 30; docs/admission.md,
 * "A walk-in's tutorial at two desks"): the hub notes, as it takes a
 * desk's walk-in, each tutorial that walk-in took past its capacity
 * (checkin.oversold, hub format 16).  At each sync after its push a desk
 * reads its own notes not yet told, marks them told in the same
 * statement, and its report says what to do about each: the volunteer
 * hears it once, at the sync that pushed the walk-in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/pg.h"
#include "checkin/text.h"
#include "sync_parts.h"
#include "sync_priv.h"

int sync_oversold(struct ctx *c, struct ck_error *err)
{
    PGresult *r;
    int code = sync_identity(c, NULL, err);
    if (code)
        return code;
    code = pg_query(
        c->pg,
        "WITH u AS (UPDATE checkin.oversold o SET told = now() WHERE"
        " o.station_uid = (SELECT checkin.me_uid()) AND o.told IS NULL"
        " RETURNING o.ticket_id, o.tutorial, o.taken, o.capacity, o.noted)"
        " SELECT u.tutorial, coalesce(nullif(btrim(r.given_name || ' ' ||"
        " r.family_name), ''), u.ticket_id), u.taken, u.capacity FROM u"
        " LEFT JOIN checkin.registration r ON r.ticket_id = u.ticket_id"
        " ORDER BY u.noted, u.ticket_id, u.tutorial",
        0, NULL, &r, N_("reading the tutorials sold past their seats"), err);
    if (code)
        return code;
    struct sync_report *rep = c->rep;
    for (int i = 0; i < PQntuples(r); i++) {
        /* The first ones kept; the count says how many (the screens and
         * `checkin sync` say them: runtime/sync_sentence.c). */
        if (rep->oversold < SYNC_OVERSOLD_CAP) {
            struct sync_oversold *o = &rep->oversold_seats[rep->oversold];
            pg_cell_for_terminal(r, i, 0, o->tutorial, sizeof(o->tutorial));
            pg_cell_for_terminal(r, i, 1, o->who, sizeof(o->who));
            o->taken = strtol(PQgetvalue(r, i, 2), NULL, 10);
            o->capacity = strtol(PQgetvalue(r, i, 3), NULL, 10);
        }
        rep->oversold++;
    }
    PQclear(r);
    return CK_OK;
}
