/* `checkin attendees EVENT.db --no-badge`: who was checked in at a desk
 * and has no printed badge, one line each (or one JSON object), so that a
 * desk killed between a check-in and its print leaves no one unseen.
 * The rest of `checkin attendees` (search) is in cmd_store.c; the lines
 * are report.h's. */
#include "checkin/report.h"
#include "checkin/store.h"
#include "cli.h"

int attendees_no_badge(const char *db, bool json)
{
    struct ck_error err = {0};
    store *s;
    if (store_open(db, STORE_EXISTING, &s, &err))
        return cli_fail(&err);
    int code = report_no_badge(s, json, stdout, stderr, &err);
    store_close(s);
    return code ? cli_fail(&err) : EXIT_OK;
}
