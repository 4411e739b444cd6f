/* `checkin hub`: make the event's hub in PostgreSQL, enroll stations and
 * show how they are doing (sync/). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/hub.h"
#include "checkin/join_commands.h"
#include "checkin/station_file.h"
#include "checkin/station_options.h"
#include "checkin/sync.h"
#include "checkin/sync_print.h"
#include "cli.h"

static int hub_init_cmd(int argc, char **argv)
{
    if (argc != 4)
        return cli_usage_error("hub", _("init expects EVENT.db and URL"));
    struct ck_error err = {0};
    return hub_init_print(argv[2], argv[3], stdout, &err) ? cli_fail(&err)
                                                          : EXIT_OK;
}

static int hub_add_station_cmd(int argc, char **argv)
{
    enum { O_HOST = 256, O_PHONES, O_QR, O_JOIN, O_VALID };
    static const struct option opts[] = {
        {"station", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},
        {"host", required_argument, NULL, O_HOST},
        {"phones-url", required_argument, NULL, O_PHONES},
        {"qr", required_argument, NULL, O_QR},
        {"join", no_argument, NULL, O_JOIN},
        {"valid-for", required_argument, NULL, O_VALID},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct hub_station_options o = {0};
    const char *phones = NULL, *qr = NULL;
    bool join = false;
    long valid = JOIN_DEFAULT_VALID_S;
    char *end = "";
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
        case O_JOIN:
            join = true;
            break;
        case O_VALID:
            valid = strtol(optarg, &end, 10);
            break;
        case 'h':
            hub_usage_print(stdout);
            return EXIT_OK;
        default:
            cli_bad_option("hub", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("hub",
                               _("add-station expects EVENT.db and NAME"));
    char kinds[256];
    if (!o.role)
        return cli_usage_error(
            "hub", _("add-station needs --station %s"),
            station_kinds_list(kinds, sizeof(kinds), true, "|", "|"));
    if (!o.out_path == !join || *end || valid < 1 || valid > JOIN_MAX_VALID_S)
        return cli_usage_error("hub", _("add-station needs --out STATION.db or "
                                        "--join (--valid-for 1 to 604800 s)"));
    char why[200];
    if (!station_file_phones_options(o.role, phones, qr, why, sizeof(why)))
        return cli_usage_error("hub", "%s", why);
    o.name = argv[optind + 1];
    struct ck_error err = {0};
    if (join ? join_enroll_print(argv[optind], &o, valid, stdout, &err)
             : station_file_enroll(argv[optind], &o, phones, qr, stdout, &err))
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
        return cli_usage_error("hub", _("retire-station expects EVENT.db and "
                                        "NAME, and --id ID when NAME was "
                                        "enrolled more than once"));
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
        return cli_usage_error("hub", _("release-seats expects EVENT.db, the "
                                        "LIST (or tutorial) and the door's "
                                        "NAME"));
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
        return cli_usage_error("hub", _("expo-booth expects EVENT.db, the expo "
                                        "station's NAME and SPONSOR, and "
                                        "--off to take the booth off"));
    struct ck_error err = {0};
    return hub_expo_booth_print(argv[2], argv[3], argv[4], on, stdout, &err)
               ? cli_fail(&err)
               : EXIT_OK;
}

static int hub_leads_cmd(int argc, char **argv)
{
    if (argc != 6 || strcmp(argv[4], "--out") != 0)
        return cli_usage_error("hub", _("leads expects EVENT.db, SPONSOR and "
                                        "--out FILE.csv (a new file: the "
                                        "leads hold contact details)"));
    struct ck_error err = {0};
    if (hub_leads_print(argv[2], argv[3], argv[5], stderr, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

int cmd_hub(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(
            "hub",
            _("expected init, add-station, retire-station, release-seats, "
              "expo-booth, leads or status"));
    const char *sub = argv[1];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        hub_usage_print(stdout);
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
    if (!strcmp(sub, "serve-joins")) {
        if (argc != 3 && !(argc == 5 && !strcmp(argv[3], "--listen")))
            return cli_usage_error("hub", _("serve-joins expects EVENT.db"));
        struct ck_error err = {0};
        return join_serve_print(argv[2],
                                argc == 5 ? argv[4] : JOIN_DEFAULT_LISTEN,
                                stdout, &err)
                   ? cli_fail(&err)
                   : EXIT_OK;
    }
    if (!strcmp(sub, "herald") || !strcmp(sub, "add-herald") ||
        !strcmp(sub, "retire-herald"))
        return hub_herald_command(argc, argv);
    if (!strcmp(sub, "status")) {
        if (argc != 3)
            return cli_usage_error("hub", _("status expects EVENT.db"));
        struct ck_error err = {0};
        return hub_status_print(argv[2], stdout, &err) ? cli_fail(&err)
                                                       : EXIT_OK;
    }
    return cli_usage_error("hub", _("unknown subcommand '%s'"), sub);
}

int cmd_join(int argc, char **argv)
{
    static const struct option opts[] = {
        {"dir", required_argument, NULL, 'd'},
        {"camera", required_argument, NULL, 'c'},
        {"image", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *o[128] = {0}; /* each option's value, by its letter */
    int c;
    while ((c = getopt_long(argc, argv, "d:c:i:h", opts, NULL)) != -1) {
        if (c == 'h')
            return fputs(_(JOIN_USAGE), stdout), EXIT_OK;
        if (cli_bad_option("join", c))
            return EXIT_USAGE;
        o[c] = optarg;
    }
    if (argc - optind != !(o['c'] || o['i']) || (o['c'] && o['i']))
        return cli_usage_error("join", _("give the LINK in quotes, or --camera "
                                         "DEV or --image FILE"));
    struct ck_error err = {0};
    return join_fetch_print(optind < argc ? argv[optind] : NULL, o['c'], o['i'],
                            o['d'], stdout, &err)
               ? cli_fail(&err)
               : EXIT_OK;
}
