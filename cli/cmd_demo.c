/* `checkin demo`: argv wired to the demo (demo/, checkin/demo.h). */
#include <getopt.h>
#include <stdio.h>

#include "checkin/auction_commands.h"
#include "checkin/demo.h"
#include "checkin/sync_print.h"
#include "cli.h"

static const char DEMO_USAGE[] = N_(
    "Usage: checkin demo [--out DIR] [--camera DEV] [--printer URI]\n"
    "       checkin demo --stations [--out DIR] [--keep-hub]\n"
    "Create the bundled demo event (about 300 registrations in many scripts)\n"
    "and run the station flow on it: a registration desk, a tutorial door\n"
    "and a sponsor's station, fed a synthetic camera, then the exports.\n"
    "Files go to DIR (default ./checkin-demo), recreated on every run; DIR\n"
    "must be new, empty or an earlier demo's folder.\n"
    "With --stations: three desks, two doors, a sponsor's booth, the\n"
    "PyLadies auction's door and pay desk and a sprint station, each a\n"
    "real station on a file of its own, in step through a hub on a\n"
    "throwaway PostgreSQL 15 server (postgresql-15 must be installed; it is\n"
    "stopped and removed when the demo ends).\n\n"
    "  --stations     the second demo: stations in step through a hub\n"
    "  --keep-hub     with --stations: keep the hub up until Enter, to try\n"
    "                 checkin hub status and checkin dashboard on it\n"
    "  --out DIR      the output folder\n"
    "  --camera DEV   run the desk on a V4L2 camera, e.g. /dev/video0\n"
    "  --printer URI  print the desk's badges there\n");

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"camera", required_argument, NULL, 'c'},
        {"printer", required_argument, NULL, 'p'},
        {"stations", no_argument, NULL, 's'},
        {"keep-hub", no_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct demo_options o = {.config_dir = cli_config_dir(),
                             .hub_status_print = hub_status_print,
                             .auction_win = auction_win_say,
                             .auction_report = report_auction};
    int c;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o.out = optarg;
            break;
        case 'c':
            o.camera = optarg;
            break;
        case 'p':
            o.printer_uri = optarg;
            break;
        case 's':
            o.stations = true;
            break;
        case 'k':
            o.keep_hub = true;
            break;
        case 'h':
            fputs(_(DEMO_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("demo", c);
            return EXIT_USAGE;
        }
    }
    char why[256];
    if (!demo_options_check(&o, why, sizeof(why)))
        return cli_usage_error("demo", "%s", why);
    if (optind != argc)
        return cli_usage_error("demo", _("unexpected argument '%s'"),
                               argv[optind]);
    struct ck_error err = {0};
    if (demo_run(&o, &err))
        return cli_fail(&err);
    return EXIT_OK;
}
