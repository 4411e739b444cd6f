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
        0, NULL, &r, "reading the tutorials sold past their seats", err);
    if (code)
        return code;
    struct sync_report *rep = c->rep;
    size_t n = strlen(rep->oversold_text);
    for (int i = 0; i < PQntuples(r); i++) {
        char tut[160], who[400];
        pg_cell_for_terminal(r, i, 0, tut, sizeof(tut));
        pg_cell_for_terminal(r, i, 1, who, sizeof(who));
        rep->oversold++;
        if (n < sizeof(rep->oversold_text))
            n += (size_t)snprintf(
                rep->oversold_text + n, sizeof(rep->oversold_text) - n,
                "%sThe tutorial %s had no seat left at the hub for %s's "
                "walk-in (%s registered for %s seats): another desk sold "
                "its last seat first.  Tell %s, and ask the organizer to "
                "add a seat or to move them to another tutorial.",
                n ? "\n" : "", tut, who, PQgetvalue(r, i, 2),
                PQgetvalue(r, i, 3), who);
    }
    PQclear(r);
    return CK_OK;
}
