/* `checkin describe`: a first event description from a pretix export, for
 * the organizer to complete and give to `checkin init`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/describe_commands.h"
#include "cli.h"

static const char DESCRIBE_USAGE[] = N_(
    "Usage: checkin describe EXPORT.json --out EVENT.ini\n"
    "Write a first event description from a pretix \"Order data (JSON)\"\n"
    "export: the event, a ticket type per admission product, a tutorial per\n"
    "add-on product with its quota as seats, and the pronouns, consent and\n"
    "badge-name questions.  What pretix does not export (time zone, dates,\n"
    "rooms, tutorial times) is left as placeholders marked TODO.  EVENT.ini\n"
    "must not exist yet; it is never overwritten.\n\n"
    "Options:\n"
    "  -o, --out=FILE  the event description to write (required)\n"
    "  -h, --help      show this help\n");

int cmd_describe(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *out = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'h':
            fputs(_(DESCRIBE_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("describe", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("describe", _("expected one EXPORT.json"));
    if (!out)
        return cli_usage_error(
            "describe", _("give the file to write with --out EVENT.ini"));
    struct ck_error err = {0};
    if (describe_pretix_print(argv[optind], out, stdout, stderr, &err))
        return cli_fail(&err);
    return EXIT_OK;
}
