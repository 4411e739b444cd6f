/* `checkin badge`: render an attendee's badge or tutorial ticket to a PNG
 * preview (exactly the 1-bit image a label printer would print) or a PDF,
 * or every badge of the event into one PDF for pre-printing.  Wiring only:
 * the body is commands/' badge_commands.h, the rendering printer/'s. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/badge_commands.h"
#include "checkin/label.h"
#include "checkin/sync_print.h"
#include "cli.h"

int cmd_badge_render(int argc, char **argv)
{
    enum { OPT_TUTORIAL = 256, OPT_TICKETS, OPT_TICKET_TEMPLATE, OPT_SORT };
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"template", required_argument, NULL, 't'},
        {"tutorial", required_argument, NULL, OPT_TUTORIAL},
        {"all", no_argument, NULL, 'a'},
        {"tickets", no_argument, NULL, OPT_TICKETS},
        {"ticket-template", required_argument, NULL, OPT_TICKET_TEMPLATE},
        {"key", required_argument, NULL, 'k'},
        {"sort", required_argument, NULL, OPT_SORT},
        {"boxes", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct badge_render_options o = {.ticket_template = "ticket-62x100"};
    const char *key_path = NULL;
    struct badge_run_args run = {0};
    bool all = false;
    int c;
    while ((c = getopt_long(argc, argv, ":o:t:ak:b:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o.out = optarg;
            break;
        case 't':
            o.template = optarg;
            break;
        case OPT_TUTORIAL:
            o.tutorial = optarg;
            break;
        case 'a':
            all = true;
            break;
        case OPT_TICKETS:
            o.tickets = true;
            break;
        case OPT_TICKET_TEMPLATE:
            o.ticket_template = optarg;
            break;
        case 'k':
            key_path = optarg;
            break;
        case OPT_SORT:
            run.sort = optarg;
            break;
        case 'b':
            run.boxes = optarg;
            break;
        case 'h':
            fputs(_(BADGE_USAGE), stdout);
            return EXIT_OK;
        case ':':
            return cli_usage_error("badge", _("option '%s' needs a value"),
                                   argv[optind - 1]);
        default:
            cli_bad_option("badge", c);
            return EXIT_USAGE;
        }
    }
    int nargs = argc - optind;
    if (all ? nargs != 1 : nargs != 2)
        return cli_usage_error("badge", all ? _("expected EVENT.db")
                                            : _("expected EVENT.db and WHO"));
    char why[80];
    if (!badge_render_options_check(&o, all, &run, why, sizeof(why)))
        return cli_usage_error("badge", "%s", why);
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s/labels", cli_config_dir());
    o.templates_dir = dir;
    struct ck_error err = {0};
    int code =
        badge_render_file(argv[optind], key_path, &o,
                          all ? NULL : argv[optind + 1], stdout, stderr, &err);
    label_shutdown();
    if (code)
        return cli_fail(&err);
    sync_publish_organizer_print(argv[optind], SYNC_SAVED_BADGES, stdout,
                                 stderr);
    return EXIT_OK;
}
