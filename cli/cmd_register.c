/* `checkin register` (a walk-in) and `checkin edit` (a correction made at
 * a desk): argv to event/registration.c.  A supervisor's PIN is read from
 * the terminal without echo or as one line of standard input
 * (supervisor_read_pin), when commands/registration_desk.c asks for one. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "checkin/registration_desk.h"
#include "checkin/supervisor_pin.h"
#include "checkin/sync_print.h"
#include "cli.h"

/* The default station is written out (SYNC_DEFAULT_STATION): xgettext
 * reads a message as one literal. */
static const char REGISTER_USAGE[] = N_(
    "Usage: checkin register EVENT.db --ticket-type TYPE --given-name G\n"
    "         --family-name F [--email E] [--company C] [--tutorial SLUG]...\n"
    "         [--paid | --comp REASON | --pending] [--station NAME]\n"
    "Register a walk-in: a person missing from the registration system's\n"
    "export, added at a desk.  Prints the new ticket id (ck:...), which no\n"
    "import can take; print the badge with 'checkin print'.\n\n"
    "Options:\n"
    "      --ticket-type=TYPE  a ticket type slug of the event\n"
    "      --given-name=G, --family-name=F  the names (one may be empty)\n"
    "      --email=E, --company=C  optional\n"
    "      --tutorial=SLUG     a tutorial they attend (repeat for more)\n"
    "      --paid              paid at the desk (the default)\n"
    "      --pending           to pay later\n"
    "      --comp=REASON       free, for this reason; needs a supervisor's\n"
    "                          PIN when the event has supervisors\n"
    "      --station=NAME      the desk it was made at (default: the\n"
    "                          station the file was enrolled as, "
    "else organizer)\n"
    "  -h, --help              show this help\n");

static const char EDIT_USAGE[] = N_(
    "Usage: checkin edit EVENT.db WHO [--badge-name N] [--given-name G]\n"
    "         [--family-name F] [--name WHOLE] [--pronouns P] [--company C]\n"
    "         [--email E] [--station NAME]\n"
    "Correct a registration at a desk.  WHO is a ticket id, or a search\n"
    "that matches one person.  --name is the whole name as one field (as\n"
    "pretix exports it).  The edit holds through re-imports of the\n"
    "same export, and yields when the export's value of that field\n"
    "changes.  Needs a supervisor's PIN when the event has supervisors.\n");

static const struct option REGISTER_OPTIONS[] = {
    {"ticket-type", required_argument, NULL, 't'},
    {"given-name", required_argument, NULL, 'g'},
    {"family-name", required_argument, NULL, 'f'},
    {"email", required_argument, NULL, 'e'},
    {"company", required_argument, NULL, 'c'},
    {"tutorial", required_argument, NULL, 'T'},
    {"paid", no_argument, NULL, 'P'},
    {"pending", no_argument, NULL, 'p'},
    {"comp", required_argument, NULL, 'C'},
    {"station", required_argument, NULL, 's'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

int cmd_register(int argc, char **argv)
{
    const char *tutorials[ATTENDEE_MAX_TUTORIALS];
    struct registration_walkin w = {.tutorials = tutorials};
    const char *station = NULL;
    char enrolled[64];
    int statuses = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", REGISTER_OPTIONS, NULL)) != -1) {
        switch (c) {
        case 't':
            w.ticket_type = optarg;
            break;
        case 'g':
            w.given_name = optarg;
            break;
        case 'f':
            w.family_name = optarg;
            break;
        case 'e':
            w.email = optarg;
            break;
        case 'c':
            w.company = optarg;
            break;
        case 'T':
            if (w.ntutorials == ATTENDEE_MAX_TUTORIALS)
                return cli_usage_error("register", _("at most %d tutorials"),
                                       ATTENDEE_MAX_TUTORIALS);
            tutorials[w.ntutorials++] = optarg;
            break;
        case 'P':
            statuses++;
            break;
        case 'p':
            w.pending = true;
            statuses++;
            break;
        case 'C':
            w.comp_reason = optarg;
            statuses++;
            break;
        case 's':
            station = optarg;
            break;
        case 'h':
            fputs(_(REGISTER_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("register", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("register", _("expected EVENT.db"));
    if (!w.ticket_type || !w.given_name || !w.family_name)
        return cli_usage_error("register", _("give --ticket-type, --given-name "
                                             "and --family-name"));
    if (statuses > 1)
        return cli_usage_error("register",
                               _("give one of --paid, --comp REASON and "
                                 "--pending"));
    struct ck_error err = {0};
    station =
        sync_station_name(argv[optind], station, enrolled, sizeof(enrolled));
    if (registration_desk_register(argv[optind], station, &w,
                                   supervisor_read_pin, stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

int cmd_edit(int argc, char **argv)
{
    static const struct option opts[] = {
        {"given-name", required_argument, NULL, 'g'},
        {"family-name", required_argument, NULL, 'f'},
        {"badge-name", required_argument, NULL, 'b'},
        {"pronouns", required_argument, NULL, 'p'},
        {"company", required_argument, NULL, 'c'},
        {"email", required_argument, NULL, 'e'},
        {"name", required_argument, NULL, 'n'},
        {"station", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    /* The field each option sets, by its getopt_long value. */
    static const char *const FIELDS[128] = {['g'] = "given_name",
                                            ['f'] = "family_name",
                                            ['b'] = "badge_name",
                                            ['p'] = "pronouns",
                                            ['c'] = "company",
                                            ['e'] = "email",
                                            ['n'] = REGISTRATION_WHOLE_NAME};
    struct registration_edit edits[FIELD_COUNT];
    size_t n = 0;
    const char *station = NULL;
    char enrolled[64];
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        const char *field = c > 0 && c < 128 ? FIELDS[c] : NULL;
        for (size_t i = 0; field && i < n; i++)
            if (!strcmp(edits[i].field, field))
                return cli_usage_error("edit", _("each field may be given "
                                                 "once"));
        if (field) {
            edits[n++] = (struct registration_edit){field, optarg};
            continue;
        }
        switch (c) {
        case 's':
            station = optarg;
            break;
        case 'h':
            fputs(_(EDIT_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("edit", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("edit", _("expected EVENT.db WHO"));
    if (n == 0)
        return cli_usage_error("edit", _("give at least one field to change, "
                                         "e.g. --given-name Priya"));
    struct ck_error err = {0};
    station =
        sync_station_name(argv[optind], station, enrolled, sizeof(enrolled));
    if (registration_desk_edit(argv[optind], station, argv[optind + 1], edits,
                               n, supervisor_read_pin, stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}
