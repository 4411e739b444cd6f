/* `checkin hold`: put a registration on hold, or release it. */
#include <getopt.h>
#include <stdio.h>

#include "checkin/event_commands.h"
#include "cli.h"

static const char HOLD_USAGE[] =
    N_("usage: checkin hold EVENT.db TICKET --why \"REASON\"\n"
       "       checkin hold EVENT.db TICKET --release\n"
       "\n"
       "Put a registration on hold (a safety team's decision): every station\n"
       "refuses the person, offline, with \"Please see the help desk.\" and\n"
       "nothing more.  The reason stays in this file (the organizer's) and is\n"
       "never published; the hold reaches the stations at their next sync.\n"
       "--release takes the hold off.\n");

int cmd_hold(int argc, char **argv)
{
    static const struct option opts[] = {{"why", required_argument, NULL, 'w'},
                                         {"release", no_argument, NULL, 'r'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *why = NULL;
    bool release = false;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'w':
            why = optarg;
            break;
        case 'r':
            release = true;
            break;
        case 'h':
            fputs(_(HOLD_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("hold", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("hold", _("expected EVENT.db TICKET"));
    if (release == (why != NULL))
        return cli_usage_error("hold", _("give either --why \"REASON\" or "
                                         "--release"));
    struct ck_error err = {0};
    if (hold_print(argv[optind], argv[optind + 1], why, release, stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}
