/* What the registration system says of a registration at the door (issue
 * 49; hub format 24, checkin.registration.door), taken into a station's
 * attendee row at a pull: pretix's block, the validity window, the
 * attention cue, the seats and the locale (store/schema.c 18).  The
 * block's reasons never travel: a station's blocked_why stays NULL.  Not
 * for the rest of a registration (pull.c). */
#include "pull_priv.h"

int sync_pull_door(struct ctx *c, sqlite3_stmt **st, int n, int64_t id,
                   bool fresh, PGresult *r, int i, int col,
                   struct ck_error *err)
{
    bool none = PQgetisnull(r, i, col);
    if (none && fresh)
        return CK_OK; /* a new row says nothing already */
    int code = sync_pull_prep(
        c, st, n,
        "UPDATE attendee SET blocked = coalesce(json_extract(?2,"
        " '$.blocked'), 0) != 0, valid_from_ms = json_extract(?2,"
        " '$.valid_from_ms'), valid_until_ms = json_extract(?2,"
        " '$.valid_until_ms'), attention = json_extract(?2, '$.attention'),"
        " seat = json_extract(?2, '$.seat'), locale = json_extract(?2,"
        " '$.locale') WHERE id = ?1",
        err);
    if (code)
        return code;
    sqlite3_bind_int64(st[n], 1, id);
    if (none)
        sqlite3_bind_null(st[n], 2);
    else
        sqlite3_bind_text(st[n], 2, PQgetvalue(r, i, col), -1,
                          SQLITE_TRANSIENT);
    return sync_pull_step(c, st[n], NULL, err);
}
