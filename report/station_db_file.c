/* `checkin station-db`'s file and sentence (export.h's
 * export_station_db_print).  It stays in report/ and not in commands/
 * while runtime/station_file.c, which says it too and cannot reach
 * commands/, calls it; split from export_run.c so that it is the only
 * sentence of the exports' room. */
#include "checkin/export.h"

int export_station_db_print(const char *db, const char *sponsor,
                            const char *out_path, FILE *out,
                            struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = export_station_db(s, sponsor, out_path, err);
    store_close(s);
    if (code)
        return code;
    if (!sponsor)
        fprintf(out,
                "%s: expo station database for every sponsor's booth "
                "(public keys and revoked badges; no badge ids, no personal "
                "data).  Print the booths' links with 'checkin expo tokens "
                "%s --url URL --qr DIR'.\n",
                out_path, out_path);
    else
        fprintf(out,
                "%s: lead station database for %s (public keys and revoked "
                "badges; no badge ids, no personal data).\n",
                out_path, sponsor);
    return CK_OK;
}
