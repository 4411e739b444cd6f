/* What `checkin expo` and `hub add-station --phones-url` tell the
 * organizer of the links printer/ writes (expo_commands.h): where the
 * booths' and phones' QR codes went, the booths left out, a booth's
 * links revoked. */
#include <string.h>

#include "checkin/expo.h"
#include "checkin/expo_commands.h"
#include "checkin/expo_links.h"
#include "checkin/i18n.h"
#include "checkin/station.h"
#include "checkin/store.h"

int expo_links_print(const char *db, const char *url, const char *dir,
                     FILE *out, struct ck_error *err)
{
    struct expo_links_written w;
    int code = expo_links_write(db, url, dir, out, &w, err);
    if (!code && dir)
        fprintf(out,
                ngettext("%zu booth's QR code in %s (SPONSOR.png) and its "
                         "link in %s/links.txt.\n",
                         "%zu booths' QR codes in %s (SPONSOR.png) and their "
                         "links in %s/links.txt.\n",
                         w.open),
                w.open, dir, dir);
    if (!code && w.closed[0])
        fprintf(dir ? out : stderr,
                _("Left out, closed by the organizer at the hub as this "
                  "file last learned (the station refuses their links): %s.  "
                  "'checkin hub expo-booth EVENT.db STATION SPONSOR' opens "
                  "one again; after the station's next sync, run this again "
                  "for its link.\n"),
                w.closed);
    return code;
}

int phone_link_print(const char *db, const char *name, const char *role,
                     const char *url, const char *dir, FILE *out,
                     struct ck_error *err)
{
    struct station_config cfg = {0};
    struct ck_error ignored = {0};
    bool leads = station_parse_spec(role, &cfg, &ignored) == CK_OK &&
                 station_config_has(&cfg, STATION_TRAIT_LEADS);
    int code = phone_link_write(db, name, role, url, dir, out, err);
    if (!code && dir)
        fprintf(out,
                leads ? _("The phones' QR code of %s in %s/%s.png and its link "
                          "in %s/links.txt; print it for the sponsor's "
                          "phone.\n")
                      : _("The phones' QR code of %s in %s/%s.png and its link "
                          "in %s/links.txt; print it for the door.\n"),
                name, dir, name, dir);
    return code;
}

int expo_revoke_print(const char *db, const char *slug, FILE *out,
                      struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    int64_t gen = 0;
    code = expo_revoke(s, slug, &gen, err);
    store_close(s);
    if (code)
        return code;
    fprintf(out,
            _("The links of %s printed before are refused from the expo "
              "station's next start on (generation %lld); print its new one "
              "with 'checkin expo tokens'.\n"),
            slug, (long long)gen);
    return CK_OK;
}
