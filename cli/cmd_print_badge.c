/* `checkin print`: an attendee's badge and tutorial tickets on a label
 * printer, through the job queue (printer/badge_print.c). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/badge_print.h"
#include "checkin/label.h"
#include "checkin/print_commands.h"
#include "checkin/sync_print.h"
#include "cli.h"

static const char PRINT_USAGE[] = N_(
    "Usage: checkin print [OPTIONS] EVENT.db WHO --printer URI\n"
    "Print an attendee's badge and one ticket per tutorial (WHO: ticket id,\n"
    "order code, ticket secret or a unique name).  Every label is a job in\n"
    "the event database; a label that failed earlier is printed now, with\n"
    "the badge number it had.  A label already sent needs --reprint.\n\n"
    "Options:\n"
    "  -p, --printer=URI        usb:, usb:VID:PID[:SERIAL], file:PATH,\n"
    "                           tcp:HOST[:PORT]\n"
    "  -m, --model=NAME         printer model where it cannot be asked\n"
    "                           (file:, tcp:), e.g. QL-800\n"
    "  -M, --media=SPEC         labels loaded where they cannot be asked,\n"
    "                           e.g. 62x100 or 62\n"
    "  -t, --template=NAME      badge template (default badge-62x100)\n"
    "  -T, --ticket-template=NAME  ticket template (default ticket-62x100)\n"
    "  -r, --reprint=REASON     print the badge again under a new number;\n"
    "                           the old badge stops working\n"
    "  -k, --key=FILE           the event's signing key (default EVENT.key)\n"
    "      --preview=DIR        also write a PNG of every label to DIR\n"
    "  -h, --help               show this help\n");

int cmd_print(int argc, char **argv)
{
    enum { OPT_PREVIEW = 1000 };
    static const struct option opts[] = {
        {"printer", required_argument, NULL, 'p'},
        {"model", required_argument, NULL, 'm'},
        {"media", required_argument, NULL, 'M'},
        {"template", required_argument, NULL, 't'},
        {"ticket-template", required_argument, NULL, 'T'},
        {"reprint", required_argument, NULL, 'r'},
        {"key", required_argument, NULL, 'k'},
        {"preview", required_argument, NULL, OPT_PREVIEW},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *uri = NULL, *reason = NULL, *key_path = NULL;
    struct printer_options popt = {0};
    char templates[4200];
    snprintf(templates, sizeof(templates), "%s/labels", cli_config_dir());
    struct badge_printer_options bopt = {.templates_dir = templates};
    int c;
    while ((c = getopt_long(argc, argv, "p:m:M:t:T:r:k:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            uri = optarg;
            break;
        case 'm':
            popt.model = optarg;
            break;
        case 'M':
            popt.media = optarg;
            break;
        case 't':
            bopt.badge_template = optarg;
            break;
        case 'T':
            bopt.ticket_template = optarg;
            break;
        case 'r':
            reason = optarg;
            if (!*reason)
                return cli_usage_error("print", _("--reprint needs a reason"));
            break;
        case 'k':
            key_path = optarg;
            break;
        case OPT_PREVIEW:
            bopt.preview_dir = optarg;
            break;
        case 'h':
            fputs(_(PRINT_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("print", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("print", _("expected EVENT.db and WHO"));
    if (!uri)
        return cli_usage_error("print", _("give the printer with --printer URI "
                                          "(for example --printer usb:)"));
    struct ck_error err = {0};
    int code = print_badges_for(argv[optind], argv[optind + 1], key_path, uri,
                                &popt, &bopt, reason, stdout, &err);
    label_shutdown();
    if (code)
        return cli_fail(&err);
    sync_publish_organizer_print(argv[optind], SYNC_SAVED_LABELS, stdout,
                                 stderr);
    return EXIT_OK;
}
