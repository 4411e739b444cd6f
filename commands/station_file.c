/* See station_file.h.  Moved from `checkin station-db` and `checkin hub
 * add-station` (cli/) so that the commands are argv wiring only; what
 * they print is unchanged. */
#include <stdbool.h>
#include <string.h>

#include "checkin/expo_commands.h"
#include "checkin/expo_links.h"
#include "checkin/export.h"
#include "checkin/station.h"
#include "checkin/station_file.h"
#include "checkin/sync.h"
#include "checkin/sync_print.h"

int station_file_make(const char *db, const char *spec, const char *out_path,
                      FILE *out, struct ck_error *err)
{
    struct station_config cfg;
    int code = station_parse_spec(spec, &cfg, err);
    if (code)
        return code;
    if (cfg.mode != SCAN_LEADS)
        return ck_fail(err, CK_EINVAL,
                       "Desks and doors need attendee names, so they run on "
                       "a copy of the event database; station-db is for "
                       "leads:SPONSOR and expo.");
    bool expo = !strcmp(cfg.kind, "expo");
    return export_station_db_print(db, expo ? NULL : cfg.target, out_path, out,
                                   err);
}

bool station_file_phones_options(const char *role, const char *phones,
                                 const char *qr, char *why, size_t cap)
{
    if (phones && strcmp(role, "expo") && strncmp(role, "door:", 5) &&
        strncmp(role, "leads:", 6)) {
        snprintf(why, cap,
                 "--phones-url is the address phones "
                 "open a station by, for their links; "
                 "give it with --station expo, "
                 "door:TUTORIAL or leads:SPONSOR");
        return false;
    }
    if (qr && !phones) {
        snprintf(why, cap,
                 "--qr writes the phones' links, which "
                 "need --phones-url URL");
        return false;
    }
    return true;
}

int station_file_enroll(const char *db, const struct hub_station_options *o,
                        const char *phones, const char *qr, FILE *out,
                        struct ck_error *err)
{
    /* Refused before anything is enrolled. */
    int code = phones ? expo_links_check(phones, qr, err) : CK_OK;
    if (code)
        return code;
    struct hub_station_report r;
    code = hub_add_station(db, o, &r, err);
    if (code)
        return code;
    hub_station_report_print(out, db, o, &r);
    sync_report_free(&r.first);
    if (phones && !strcmp(o->role, "expo"))
        return expo_links_print(o->out_path, phones, qr, out, err);
    if (phones)
        return phone_link_print(o->out_path, o->name, o->role, phones, qr, out,
                                err);
    return CK_OK;
}
