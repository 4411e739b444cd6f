/* `checkin undo` (an organizer takes a redemption back, redemption.h) and
 * `checkin report EVENT.db redemptions` (report_commands.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "checkin/redemption.h"
#include "checkin/report_commands.h"
#include "checkin/store.h"
#include "cli.h"

static const char UNDO_USAGE[] =
    "usage: checkin undo EVENT.db TICKET [--list SLUG] --why \"REASON\"\n"
    "\n"
    "Take back a redemption at a check-in list (a T-shirt handed by\n"
    "mistake): the newest one of ticket TICKET at list SLUG gets an undo\n"
    "row in the journal with your reason, and the stock of what was handed\n"
    "counts it again.  Without --list, take back TICKET's check-in at the\n"
    "desks: the person may be checked in again.  A counter undoes its own\n"
    "last one within two minutes by itself, a desk with a supervisor's\n"
    "PIN; this is for the rest.  Made on the organizer's file (or a\n"
    "counter's), it reaches the stations at that file's next sync and\n"
    "theirs; on a file at no hub it stays in that file.\n";

int cmd_undo(int argc, char **argv)
{
    static const struct option opts[] = {{"list", required_argument, NULL, 'l'},
                                         {"why", required_argument, NULL, 'w'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *list = NULL, *why = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            list = optarg;
            break;
        case 'w':
            why = optarg;
            break;
        case 'h':
            fputs(UNDO_USAGE, stdout);
            return EXIT_OK;
        default:
            cli_bad_option("undo", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("undo", "expected EVENT.db TICKET");
    struct ck_error err = {0};
    if (redemption_undo(argv[optind], argv[optind + 1], list, why,
                        store_now_ms(), stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

static const char REPORT_USAGE[] =
    "usage: checkin report EVENT.db redemptions [LIST] [--csv]\n"
    "       checkin report EVENT.db uncollected [--csv]\n"
    "\n"
    "For each check-in list (or LIST alone): how many were redeemed, by\n"
    "variation against its stock, and the people redeemed more than once\n"
    "(at two counters cut off from each other, or after an override), with\n"
    "each redemption and swap, its station and time.  --csv writes one\n"
    "row per figure and per redemption instead.  uncollected: the\n"
    "pre-printed badges never handed over, by box (issue 55).\n";

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {{"csv", no_argument, NULL, 'c'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    bool csv = false;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            csv = true;
            break;
        case 'h':
            fputs(REPORT_USAGE, stdout);
            return EXIT_OK;
        default:
            cli_bad_option("report", c);
            return EXIT_USAGE;
        }
    }
    int n = argc - optind;
    if (n < 2 || n > 3)
        return cli_usage_error("report",
                               "expected EVENT.db redemptions [LIST]");
    bool unc = !strcmp(argv[optind + 1], "uncollected");
    if (!unc && strcmp(argv[optind + 1], "redemptions"))
        return cli_usage_error("report",
                               "unknown report '%s'; the reports are "
                               "'redemptions' and 'uncollected'",
                               argv[optind + 1]);
    struct ck_error err = {0};
    if (unc ? report_uncollected(argv[optind], csv, stdout, &err)
            : report_redemptions(argv[optind], n == 3 ? argv[optind + 2] : NULL,
                                 csv, stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}
