/* `checkin sync`: push and pull once with the event's hub, and say what
 * moved. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "checkin/sync.h"
#include "cli.h"
#include "sync_print.h"

static const char SYNC_USAGE[] =
    "Usage: checkin sync FILE.db\n"
    "Push what this station (or the organizer's event database) wrote to\n"
    "the event's hub, pull what every other station wrote and what the\n"
    "organizer published, and say what moved.  FILE.db is a station file\n"
    "made by 'checkin hub add-station' or an event database published by\n"
    "'checkin hub init'.  Safe to run again at any time: nothing is ever\n"
    "sent or taken twice.\n\n"
    "Options:\n"
    "  -h, --help  show this help\n";

int cmd_sync(int argc, char **argv)
{
    int rc = cli_options("sync", SYNC_USAGE, argc, argv, NULL, NULL);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return cli_usage_error("sync", "expected FILE.db");
    struct ck_error err = {0};
    struct sync_report r;
    int code = sync_once(argv[optind], &r, &err);
    /* After a failure, what moved before it (it stays moved). */
    struct sync_counts none = {0};
    if (!code || memcmp(&r.pushed, &none, sizeof(none)) ||
        memcmp(&r.pulled, &none, sizeof(none)))
        sync_print_report(&r);
    sync_report_free(&r);
    return code ? cli_fail(&err) : EXIT_OK;
}
