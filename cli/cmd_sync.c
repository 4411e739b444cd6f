/* `checkin sync`: push and pull once with the event's hub, and say what
 * moved. */
#include <getopt.h>
#include <stdio.h>

#include "checkin/sync_print.h"
#include "cli.h"

static const char SYNC_USAGE[] =
    N_("Usage: checkin sync FILE.db\n"
       "Push what this station (or the organizer's event database) wrote to\n"
       "the event's hub, pull what every other station wrote and what the\n"
       "organizer published, and say what moved.  FILE.db is a station file\n"
       "made by 'checkin hub add-station' or an event database published by\n"
       "'checkin hub init'.  Safe to run again at any time: nothing is ever\n"
       "sent or taken twice.\n\n"
       "Options:\n"
       "  -h, --help  show this help\n");

int cmd_sync(int argc, char **argv)
{
    int rc = cli_options("sync", SYNC_USAGE, argc, argv, NULL, NULL);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return cli_usage_error("sync", _("expected FILE.db"));
    struct ck_error err = {0};
    return sync_once_print(argv[optind], stdout, &err) ? cli_fail(&err)
                                                       : EXIT_OK;
}
