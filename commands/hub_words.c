/* The words of `checkin hub` and `checkin join` to people: their usage
 * texts (docs/sync.md, docs/deploy.md). */
#include "checkin/i18n.h"
#include "checkin/join_commands.h"
#include "checkin/station_options.h"

static const char HUB_USAGE[] = N_(
    "Usage: checkin hub init EVENT.db URL\n"
    "       checkin hub add-station EVENT.db NAME --station KIND --out "
    "STATION.db\n"
    "                               [--host HOST]\n"
    "                               [--phones-url URL [--qr DIR]]\n"
    "       checkin hub add-station EVENT.db NAME --station KIND --join\n"
    "                               [--host HOST] [--valid-for SECONDS]\n"
    "       checkin hub serve-joins EVENT.db [--listen ADDR:PORT]\n"
    "       checkin hub add-herald EVENT.db NAME --out FILE [--host HOST]\n"
    "       checkin hub herald FILE --listen IP:PORT\n"
    "       checkin hub retire-herald EVENT.db NAME\n"
    "       checkin hub retire-station EVENT.db NAME [--id ID]\n"
    "       checkin hub release-seats EVENT.db LIST NAME\n"
    "       checkin hub expo-booth EVENT.db NAME SPONSOR [--off]\n"
    "       checkin hub leads EVENT.db SPONSOR --out FILE.csv\n"
    "       checkin hub status EVENT.db\n"
    "Keep stations in step through one PostgreSQL database, the hub.\n\n"
    "  init         make the hub in the empty database URL (a libpq\n"
    "               connection string or postgresql:// URI whose role may\n"
    "               create roles), publish the event and its registrations,\n"
    "               and remember the hub in EVENT.db ('checkin sync EVENT.db'\n"
    "               publishes later changes)\n"
    "  add-station  enroll a station: its own identity and PostgreSQL role,\n"
    "               and a new station file (mode 0600) holding what that\n"
    "               kind may hold and its credentials; then sync it once;\n"
    "               with --join instead of --out: no file here, but a\n"
    "               one-time link (and its QR code, NAME-join.png beside\n"
    "               EVENT.db) that 'checkin join LINK' on the station's\n"
    "               machine fetches the file by, from serve-joins\n");

/* Then serve-joins' lines, with the address it listens on
 * (hub_usage_print), then: */
static const char HUB_USAGE_MORE[] = N_(
    "  retire-station  a station lost, stolen or replaced: it may no longer\n"
    "               connect, and the hub takes nothing from it and gives it\n"
    "               nothing; what it sent stays (--id: the start of its\n"
    "               identity, when NAME was enrolled more than once); a\n"
    "               door gives back its seats but its people's inside\n"
    "  release-seats  give back the seats of LIST (a room) door NAME\n"
    "               holds, but those of its people still inside: a door\n"
    "               retired, or not seen for 10 minutes and switched off\n"
    "  expo-booth   add SPONSOR as a booth of the expo station NAME (every\n"
    "               sponsor is one from add-station), or take it off with\n"
    "               --off: the hub then refuses that sponsor's leads from it\n"
    "  leads        SPONSOR's leads as the hub holds them now, from every\n"
    "               station and phone: the file its booth exports, contact\n"
    "               details only of attendees who agreed; FILE.csv is new\n"
    "               (mode 0600), never replaced\n"
    "  status       stations, last seen, clock skew, rows not yet sent,\n"
    "               conflicts; the seats each door of a room holds and\n"
    "               uses; walk-ins sold a tutorial's seat twice\n\n"
    "Options of add-station:\n");

/* After add-station's --station line, which lists the kinds of station
 * the hub enrolls from the table of kinds (hub_usage_print). */
static const char HUB_USAGE_OPTIONS[] =
    N_("  -o, --out FILE      the station file to make (must not exist)\n"
       "      --host HOST     where the station reaches the hub, when not\n"
       "                      where this computer does (a LAN address)\n"
       "      --phones-url URL  the station's address as phones open it\n"
       "                      (https://HOST:PORT): expo, print each booth's\n"
       "                      link, as 'checkin expo tokens' does; door or\n"
       "                      leads, the /scan link that makes a phone its\n"
       "                      scanner (its token kept in the new file)\n"
       "      --qr DIR        with --phones-url: write them as QR codes\n"
       "                      (DIR/SPONSOR.png, or DIR/NAME.png for a door or\n"
       "                      leads station, and DIR/links.txt) into DIR, a\n"
       "                      new or empty folder\n"
       "      --join          make a join link instead of --out's file\n"
       "      --valid-for SECONDS  how long the link works (7200)\n"
       "  -h, --help          show this help\n");

void hub_usage_print(FILE *out)
{
    char kinds[256];
    fputs(_(HUB_USAGE), out);
    /* TRANSLATORS: %s is the address it listens on, 0.0.0.0:8444. */
    fprintf(out,
            _("  serve-joins  hand out the files of --join links over HTTPS, "
              "each\n"
              "               once, until Ctrl-C (listens on %s)\n"),
            JOIN_DEFAULT_LISTEN);
    fputs(_("  add-herald   enroll a herald: 'checkin hub add-herald "
            "EVENT.db NAME\n"
            "               --out FILE [--host HOST]' makes its own PostgreSQL "
            "role,\n"
            "               which may connect and listen and nothing else, "
            "and FILE\n"
            "               (new, mode 0600) holding only that login\n"
            "  herald       forward the hub's notifications to the desks "
            "started with\n"
            "               --herald from one session, logged in from FILE "
            "alone:\n"
            "               'checkin hub herald FILE --listen IP:PORT', until "
            "Ctrl-C\n"
            "  retire-herald  'checkin hub retire-herald EVENT.db NAME': drop "
            "the\n"
            "               herald's role and end its session\n"),
          out);
    fputs(_(HUB_USAGE_MORE), out);
    fprintf(out, "  -s, --station KIND  %s\n",
            station_kinds_list(kinds, sizeof(kinds), true, ", ", " or "));
    fputs(_(HUB_USAGE_OPTIONS), out);
}

const char JOIN_USAGE[] = N_(
    "Usage: checkin join (LINK | --camera DEV | --image FILE) [--dir DIR]\n"
    "Make this machine a station of the event: fetch the station file the\n"
    "organizer's link is for (from 'checkin hub add-station ... --join',\n"
    "served by 'checkin hub serve-joins' on the organizer's laptop) into\n"
    "DIR/NAME.db (and a desk's signing key NAME.key), mode 0600.  The link\n"
    "names the organizer's certificate: another machine at its address\n"
    "gets nothing.  A link works once, for a limited time.\n\n"
    "Options:\n"
    "  -c, --camera DEV  read the link from its QR code shown to this V4L2\n"
    "                  camera (/dev/video0), for up to a minute\n"
    "  -i, --image FILE  read it from the QR code in FILE (PNG, JPEG, PGM)\n"
    "  -d, --dir DIR   the folder to write the station file into (.; run\n"
    "                  as root: /var/lib/checkin, and /etc/checkin/NAME.conf\n"
    "                  for checkin-station@NAME.service)\n"
    "  -h, --help      show this help\n");
