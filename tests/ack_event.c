/* The event both acknowledgement tests run (ack_event.h). */
#include "ack_event.h"

#include <stdio.h>
#include <unistd.h>

#include "pretix_export.h"
#include "testutil.h"

const char ack_ini[] = "[event]\n"
                       "slug = pycon-ack-2028\n"
                       "name = PyCon Ack 2028\n"
                       "start = 2028-05-15\n"
                       "end = 2028-05-17\n"
                       "timezone = America/New_York\n"
                       "\n"
                       "[ticket-type full]\n"
                       "label = Full conference\n"
                       "colour = #1565C0\n"
                       "pretix-items = 101\n";

const char ack_coc[] = "\n[admission]\n"
                       "acknowledge = coc\n"
                       "\n"
                       "[acknowledge coc]\n"
                       "title = Code of Conduct\n"
                       "text = " COC_TEXT "\n";

/* The export: Ada (QA001, ticket 5001) and Grace (QA002, 5002). */
static const char *write_export(const char *name)
{
    struct px_event *e = px_event_new("PyCon Ack 2028", "pycon-ack-2028");
    if (!e)
        return NULL;
    px_item(e, 101, "Conference", true, "100.00");
    struct px_order *o = px_order(e, "QA001", 'p', "ada@example.com");
    px_position(o, 5001, 101, 0, "Ada Lovelace", 0);
    o = px_order(e, "QA002", 'p', "grace@example.com");
    if (o)
        o->locale = "de"; /* the kiosk asks her in German */
    px_position(o, 5002, 101, 0, "Grace Hopper", 0);
    const char *exp = tu_path(tu_format("%s.json", name));
    int bad = px_write(e, exp);
    px_free(e);
    return bad ? NULL : exp;
}

/* The event file: INI (with the acknowledgement when `ack`), the export
 * imported. */
const char *ack_event(const char *name, bool ack)
{
    const char *exp = write_export(name);
    const char *ini = tu_path(tu_format("%s.ini", name));
    const char *db = tu_path(tu_format("%s.db", name));
    FILE *f = fopen(ini, "w");
    if (!exp || !f)
        return NULL;
    fputs(ack_ini, f);
    if (ack)
        fputs(ack_coc, f);
    fclose(f);
    unlink(db);
    tu_checkin_want(0, "init '%s' '%s'", db, ini);
    tu_checkin_want(0, "import '%s' '%s'", db, exp);
    return db;
}

const char *secret_of(const char *db, const char *ticket)
{
    return tu_sql_text(db, tu_format("SELECT s.secret FROM ticket_secret s"
                                     " JOIN attendee a ON a.id ="
                                     " s.attendee_id WHERE a.ticket_id ="
                                     " '%s' LIMIT 1",
                                     ticket));
}
