/* See station_file.h.  Moved from `checkin station-db` and `checkin hub
 * add-station` (cli/) so that the commands are argv wiring only; what
 * they print is unchanged. */
#include <stdbool.h>
#include <string.h>

#include "checkin/expo_commands.h"
#include "checkin/expo_links.h"
#include "checkin/export.h"
#include "checkin/i18n.h"
#include "checkin/station.h"
#include "checkin/station_file.h"
#include "checkin/store.h"
#include "checkin/sync.h"
#include "checkin/sync_print.h"

/* `checkin station-db`: export_station_db from the event file `db`
 * (opened for writing: it registers the file it made), then on `out`
 * what the file holds and, for the expo hall's (`sponsor` NULL), how to
 * print the booths' links. */
static int station_db_print(const char *db, const char *sponsor,
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
                _("%s: expo station database for every sponsor's booth "
                  "(public keys and revoked badges; no badge ids, no "
                  "personal data).  Print the booths' links with 'checkin "
                  "expo tokens %s --url URL --qr DIR'.\n"),
                out_path, out_path);
    else
        fprintf(out,
                _("%s: lead station database for %s (public keys and "
                  "revoked badges; no badge ids, no personal data).\n"),
                out_path, sponsor);
    return CK_OK;
}

int station_file_make(const char *db, const char *spec, const char *out_path,
                      FILE *out, struct ck_error *err)
{
    struct station_config cfg;
    int code = station_parse_spec(spec, &cfg, err);
    if (code)
        return code;
    if (station_config_has(&cfg, STATION_TRAIT_PERSONAL))
        return ck_fail(err, CK_EINVAL, "%s",
                       _("Desks and doors need attendee names, so they run "
                         "on a copy of the event database; station-db is for "
                         "leads:SPONSOR and expo."));
    bool booths = station_config_has(&cfg, STATION_TRAIT_BOOTHS);
    return station_db_print(db, booths ? NULL : cfg.target, out_path, out, err);
}

/* Whether the kind of a hub's role ("door:SLUG", "expo") has trait `t`. */
static bool role_has(const char *role, enum station_trait t)
{
    struct station_config cfg = {0};
    struct ck_error ignored = {0};
    return station_parse_spec(role, &cfg, &ignored) == CK_OK &&
           station_config_has(&cfg, t);
}

bool station_file_phones_options(const char *role, const char *phones,
                                 const char *qr, char *why, size_t cap)
{
    if (phones && !role_has(role, STATION_TRAIT_PHONES)) {
        snprintf(why, cap, "%s",
                 _("--phones-url is the address phones open a station by, "
                   "for their links; give it with --station expo, "
                   "door:TUTORIAL or leads:SPONSOR"));
        return false;
    }
    if (qr && !phones) {
        snprintf(why, cap, "%s",
                 _("--qr writes the phones' links, which need --phones-url "
                   "URL"));
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
    if (phones && role_has(o->role, STATION_TRAIT_BOOTHS))
        return expo_links_print(o->out_path, phones, qr, out, err);
    if (phones)
        return phone_link_print(o->out_path, o->name, o->role, phones, qr, out,
                                err);
    return CK_OK;
}
