/* `checkin undo` (an organizer takes a redemption back, redemption.h) and
 * `checkin report EVENT.db redemptions|lunch` (report_commands.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "checkin/auction_commands.h"
#include "checkin/open_space_commands.h"
#include "checkin/report_commands.h"
#include "checkin/sprint_commands.h"
#include "checkin/store.h"
#include "cli.h"

static const char UNDO_USAGE[] =
    N_("usage: checkin undo EVENT.db TICKET [--list SLUG] --why \"REASON\"\n"
       "\n"
       "Take back a redemption at a check-in list (a T-shirt handed by\n"
       "mistake): the newest one of ticket TICKET at list SLUG gets an undo\n"
       "row in the journal with your reason, and the stock of what was handed\n"
       "counts it again.  Without --list, take back TICKET's check-in at the\n"
       "desks: the person may be checked in again.  A counter undoes its own\n"
       "last one within two minutes by itself, a desk with a supervisor's\n"
       "PIN; this is for the rest.  Made on the organizer's file (or a\n"
       "counter's), it reaches the stations at that file's next sync and\n"
       "theirs; on a file at no hub it stays in that file.\n");

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
            fputs(_(UNDO_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("undo", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("undo", _("expected EVENT.db TICKET"));
    struct ck_error err = {0};
    if (redemption_undo_print(argv[optind], argv[optind + 1], list, why,
                              store_now_ms(), stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {{"csv", no_argument, NULL, 'c'},
                                         {"day", required_argument, NULL, 'd'},
                                         {"at", required_argument, NULL, 'a'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    bool csv = false, json = false;
    const char *day = NULL, *at = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            csv = true;
            break;
        case 'd':
            day = optarg;
            break;
        case 'a':
            at = optarg;
            break;
        case 'j': /* the auction's only */
            json = true;
            break;
        case 'h':
            fputs(_(REPORT_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("report", c);
            return EXIT_USAGE;
        }
    }
    int n = argc - optind;
    if (n < 2 || n > 3)
        return cli_usage_error("report", _("expected EVENT.db REPORT [LIST]"));
    const char *what = argv[optind + 1];
    bool lunch = !strcmp(what, "lunch"), unc = !strcmp(what, "uncollected");
    struct ck_error err = {0};
    if (!strcmp(what, "open-spaces") && n == 2 && !csv && !day && !at)
        return report_open_spaces(argv[optind], stdout, &err) ? cli_fail(&err)
                                                              : EXIT_OK;
    if (!strcmp(what, "auction") && n == 2 && !csv && !day && !at)
        return report_auction(argv[optind], json, stdout, &err) ? cli_fail(&err)
                                                                : EXIT_OK;
    if (json)
        return cli_usage_error("report", _("--json is for the auction"));
    if (!strcmp(what, "sprints") && n == 2 && !csv && !day)
        return report_sprints(argv[optind], stdout, &err) ? cli_fail(&err)
                                                          : EXIT_OK;
    if (!lunch && !unc && strcmp(what, "redemptions"))
        return cli_usage_error("report",
                               _("unknown report '%s'; they are 'redemptions', "
                                 "'lunch', 'uncollected', 'open-spaces', "
                                 "'sprints' and 'auction'"),
                               what);
    if (lunch ? csv : day || at)
        return cli_usage_error("report", _("--csv is for redemptions and "
                                           "uncollected, --day and --at for "
                                           "lunch"));
    const char *list = n == 3 ? argv[optind + 2] : NULL;
    if (lunch ? report_lunch(argv[optind], list, day, at, store_now_ms(),
                             stdout, &err)
        : unc ? report_uncollected(argv[optind], csv, stdout, &err)
              : report_redemptions(argv[optind], list, csv, stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}
