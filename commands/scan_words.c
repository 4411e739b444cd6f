/* `checkin scan`'s usage text, the kinds of station in it listed from
 * the table of kinds (station_kind_at), so that a new row shows in it,
 * and that list for the other usage texts and sentences that name the
 * kinds (checkin hub's). */
#include <stdio.h>

#include "checkin/i18n.h"
#include "checkin/station_options.h"

const char *station_kinds_list(char *out, size_t cap, bool hub, const char *sep,
                               const char *last)
{
    struct station_kind_name k;
    size_t n = 0, used = 0;
    for (size_t i = 0; station_kind_at(i, &k); i++)
        n += !hub || k.hub;
    if (cap)
        out[0] = '\0';
    size_t at = 0;
    for (size_t i = 0; station_kind_at(i, &k) && used < cap; i++) {
        if (hub && !k.hub)
            continue;
        int w = snprintf(out + used, cap - used, "%s%s%s%s",
                         at == 0       ? ""
                         : at + 1 == n ? last
                                       : sep,
                         k.name, k.target ? ":" : "", k.target ? k.target : "");
        if (w < 0)
            break;
        used += (size_t)w;
        at++;
    }
    return out;
}

/* untranslated: the synopsis, as it is typed (other usage texts keep
 * theirs in their msgid, unchanged in each catalogue). */
static const char USAGE_HEAD[] =
    "Usage: checkin scan EVENT.db (--station STATION | --profile PROFILE)\n"
    "         [--camera DEV | --frames FILE|- --size WxH --format GREY|YUYV\n"
    "          | --images FILE... | --keyboard[=DEVICE]] [OPTIONS]\n";

static const char USAGE_OPTIONS[] = N_(
    "  --profile NAME      a station profile: config/stations/NAME.ini or a "
    "path\n"
    "  --name NAME         station id in the journal (default: the name a "
    "hub\n"
    "                      enrolled the file under, else from mode and "
    "host)\n"
    "  --camera DEV        V4L2 camera, e.g. /dev/video0\n"
    "  --size WxH          camera request (default 1280x720) or frame size\n"
    "  --frames FILE       raw frames (- for standard input), with --size, "
    "--format\n"
    "  --format FMT        GREY or YUYV\n"
    "  --images            the remaining arguments are still images, in "
    "order\n"
    "  --keyboard[=DEV]    a USB barcode scanner: standard input, or an evdev "
    "device\n"
    "  --frame-ms N        source time between frames (33) or images (1000)\n"
    "  --cooldown SECONDS  the same code again after this is a new scan (3)\n"
    "  --open-before MIN   door opens this long before the start (15)\n"
    "  --close-after MIN   door closes this long after the end (0)\n"
    "  --capacity N        door capacity (default: the tutorial's)\n"
    "  --exit              door: scan people leaving (Tab toggles on screen)\n"
    "  --rehearsal         admit pretix test-mode orders (imported with\n"
    "                      'checkin import --include-testmode'); without it\n"
    "                      they are refused\n"
    "  --clock TIME        station clock start, 'YYYY-MM-DD HH:MM' event "
    "time\n"
    "  --printer URI       desk: print badges and tickets; auction: paddle\n"
    "                      labels (usb:, usb:VID:PID, file:PATH,\n"
    "                      tcp:HOST[:PORT])\n"
    "  --model NAME        printer model where it cannot be asked (QL-800)\n"
    "  --media SPEC        labels loaded where they cannot be asked (62x100)\n"
    "  --roll LABELS       desk: labels on the roll loaded, for the forecast\n"
    "  --template NAME     desk: badge label template (badge-62x100)\n"
    "  --ticket-template NAME  desk: ticket label template (ticket-62x100)\n"
    "  --json              one JSON object per decision instead of the "
    "screen\n"
    "  --offline           do not sync with the hub this file was enrolled "
    "at\n"
    "                      (by default a station syncs live while it runs)\n"
    "  --web ADDR:PORT     also serve the station's screen as a web page,\n"
    "                      and /scan for phones; alone, with no other\n"
    "                      input, phones are the station's scanners (it\n"
    "                      runs until Ctrl-C or SIGTERM)\n"
    "  --kiosk             desk: the web page is the attendees' self "
    "check-in\n"
    "                      (127.0.0.1:8081; the link is printed with its "
    "token)\n"
    "  --new-token         replace the web token this file keeps for its\n"
    "                      links and phones (those set up before are refused)\n"
    "  --tls-cert FILE     serve --web over HTTPS with this certificate (PEM,\n"
    "                      the chain too), as phones' cameras need on a LAN\n"
    "  --tls-key FILE      its private key (PEM, no passphrase, mode 600);\n"
    "                      on SIGHUP the station reads both files again\n"
    "                      and serves a renewed certificate to new\n"
    "                      connections without stopping (a bad pair is\n"
    "                      said, and the old one kept)\n"
    "  --qr FILE.png       write the phones' /scan link, with its token, as a\n"
    "                      QR code to print (mode 0600; valid while this\n"
    "                      station runs, as the token is)\n");

void scan_usage_print(FILE *out)
{
    char kinds[256];
    station_kinds_list(kinds, sizeof(kinds), false, ", ", " or ");
    fputs(USAGE_HEAD, out);
    /* TRANSLATORS: %s lists the kinds of station as typed ("desk,
     * door:LIST or ..."); keep the option's column. */
    fprintf(out,
            _("Run a check-in station of one of the kinds --station lists\n"
              "(door:LIST for a check-in list; expo is every sponsor's booth "
              "on its own\nphone).\n\n"
              "  --station STATION   %s\n"),
            kinds);
    fputs(_(USAGE_OPTIONS), out);
    fputs(_("  --herald IP:PORT    take the hub's word from 'checkin hub "
            "herald' there\n"
            "                      (the hub then wakes one session, not one "
            "a desk)\n"),
          out);
}
