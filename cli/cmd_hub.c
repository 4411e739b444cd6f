/* `checkin hub`: make the event's hub in PostgreSQL, enroll stations and
 * show how they are doing (sync/). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "checkin/hub.h"
#include "checkin/station_file.h"
#include "checkin/sync.h"
#include "checkin/sync_print.h"
#include "cli.h"

static const char HUB_USAGE[] =
    "Usage: checkin hub init EVENT.db URL\n"
    "       checkin hub add-station EVENT.db NAME --station KIND --out "
    "STATION.db\n"
    "                               [--host HOST]\n"
    "                               [--phones-url URL [--qr DIR]]\n"
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
    "               kind may hold and its credentials; then sync it once\n"
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
    "Options of add-station:\n"
    "  -s, --station KIND  desk, door:TUTORIAL, leads:SPONSOR or expo\n"
    "  -o, --out FILE      the station file to make (must not exist)\n"
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
    "  -h, --help          show this help\n";

static int hub_init_cmd(int argc, char **argv)
{
    if (argc != 4)
        return cli_usage_error("hub", "init expects EVENT.db and URL");
    struct ck_error err = {0};
    return hub_init_print(argv[2], argv[3], stdout, &err) ? cli_fail(&err)
                                                          : EXIT_OK;
}

static int hub_add_station_cmd(int argc, char **argv)
{
    enum { O_HOST = 256, O_PHONES, O_QR };
    static const struct option opts[] = {
        {"station", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},
        {"host", required_argument, NULL, O_HOST},
        {"phones-url", required_argument, NULL, O_PHONES},
        {"qr", required_argument, NULL, O_QR},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct hub_station_options o = {0};
    const char *phones = NULL, *qr = NULL;
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "s:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            o.role = optarg;
            break;
        case 'o':
            o.out_path = optarg;
            break;
        case O_HOST:
            o.host = optarg;
            break;
        case O_PHONES:
            phones = optarg;
            break;
        case O_QR:
            qr = optarg;
            break;
        case 'h':
            fputs(HUB_USAGE, stdout);
            return EXIT_OK;
        default:
            cli_bad_option("hub", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("hub", "add-station expects EVENT.db and NAME");
    if (!o.role)
        return cli_usage_error("hub", "add-station needs --station "
                                      "desk|door:TUTORIAL|leads:SPONSOR|expo");
    if (!o.out_path)
        return cli_usage_error("hub", "add-station needs --out STATION.db");
    char why[200];
    if (!station_file_phones_options(o.role, phones, qr, why, sizeof(why)))
        return cli_usage_error("hub", "%s", why);
    o.name = argv[optind + 1];
    struct ck_error err = {0};
    if (station_file_enroll(argv[optind], &o, phones, qr, stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

static int hub_retire_cmd(int argc, char **argv)
{
    const char *id = NULL;
    if (argc == 6 && !strcmp(argv[4], "--id"))
        id = argv[5];
    else if (argc == 5 && !strncmp(argv[4], "--id=", 5))
        id = argv[4] + 5;
    else if (argc != 4)
        return cli_usage_error("hub", "retire-station expects EVENT.db and "
                                      "NAME, and --id ID when NAME was "
                                      "enrolled more than once");
    struct ck_error err = {0};
    struct hub_retire_report r;
    if (hub_retire_station(argv[2], argv[3], id, &r, &err))
        return cli_fail(&err);
    hub_retire_report_print(stdout, argv[2], argv[3], &r);
    return EXIT_OK;
}

static int hub_release_cmd(int argc, char **argv)
{
    if (argc != 5)
        return cli_usage_error("hub", "release-seats expects EVENT.db, the "
                                      "LIST (or tutorial) and the door's "
                                      "NAME");
    struct ck_error err = {0};
    return hub_release_seats_print(argv[2], argv[3], argv[4], stdout, &err)
               ? cli_fail(&err)
               : EXIT_OK;
}

static int hub_expo_booth_cmd(int argc, char **argv)
{
    bool on = true;
    if (argc == 6 && !strcmp(argv[5], "--off"))
        on = false;
    else if (argc != 5)
        return cli_usage_error("hub", "expo-booth expects EVENT.db, the expo "
                                      "station's NAME and SPONSOR, and "
                                      "--off to take the booth off");
    struct ck_error err = {0};
    return hub_expo_booth_print(argv[2], argv[3], argv[4], on, stdout, &err)
               ? cli_fail(&err)
               : EXIT_OK;
}

static int hub_leads_cmd(int argc, char **argv)
{
    if (argc != 6 || strcmp(argv[4], "--out") != 0)
        return cli_usage_error("hub", "leads expects EVENT.db, SPONSOR and "
                                      "--out FILE.csv (a new file: the "
                                      "leads hold contact details)");
    struct ck_error err = {0};
    if (hub_leads_print(argv[2], argv[3], argv[5], stderr, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

int cmd_hub(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(
            "hub", "expected init, add-station, retire-station, release-seats, "
                   "expo-booth, leads or status");
    const char *sub = argv[1];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        fputs(HUB_USAGE, stdout);
        return EXIT_OK;
    }
    if (!strcmp(sub, "init"))
        return hub_init_cmd(argc, argv);
    if (!strcmp(sub, "add-station"))
        return hub_add_station_cmd(argc, argv);
    if (!strcmp(sub, "retire-station"))
        return hub_retire_cmd(argc, argv);
    if (!strcmp(sub, "release-seats"))
        return hub_release_cmd(argc, argv);
    if (!strcmp(sub, "expo-booth"))
        return hub_expo_booth_cmd(argc, argv);
    if (!strcmp(sub, "leads"))
        return hub_leads_cmd(argc, argv);
    if (!strcmp(sub, "status")) {
        if (argc != 3)
            return cli_usage_error("hub", "status expects EVENT.db");
        struct ck_error err = {0};
        return hub_status(argv[2], stdout, &err) ? cli_fail(&err) : EXIT_OK;
    }
    return cli_usage_error("hub", "unknown subcommand '%s'", sub);
}
