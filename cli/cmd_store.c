/* `checkin init`, `import`, `attendees` and `stats`: the organizer's
 * commands over the event store. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/event_commands.h"
#include "checkin/import.h"
#include "checkin/report_commands.h"
#include "checkin/supervisor_pin.h"
#include "checkin/sync_print.h"
#include "checkin/util.h"
#include "cli.h"

static const char INIT_USAGE[] = N_(
    "Usage: checkin init [--key FILE] [--supervisor NAME]... EVENT.db "
    "EVENT.ini\n"
    "Create a new event database from an event description (event, ticket\n"
    "types, tutorials, sponsors; see docs/import-formats.md) and the event's\n"
    "badge signing key.\n\n"
    "Options:\n"
    "  -k, --key=FILE  where to write the secret signing key (default:\n"
    "                  EVENT.key beside EVENT.db); keep it off station\n"
    "                  laptops that only scan\n"
    "      --supervisor=NAME  add a supervisor, whose PIN is asked twice\n"
    "                  (or read as one line of standard input); overrides,\n"
    "                  reprints and undo at the desks then need a PIN\n"
    "  -h, --help      show this help\n");

/* The options of init and event: --key (init), --supervisor NAME and
 * --remove-supervisor NAME (event), each name at most SUPERVISOR_MAX
 * times.  Returns -1 to go on, or the exit status. */
static int supervisor_options(const char *cmd, const char *usage, int argc,
                              char **argv, const char **key_path,
                              struct supervisor_args *sa)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},
        {"supervisor", required_argument, NULL, 'S'},
        {"remove-supervisor", required_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    memset(sa, 0, sizeof(*sa));
    if (key_path)
        *key_path = NULL;
    int c;
    while ((c = getopt_long(argc, argv, key_path ? "hk:" : "h", opts, NULL)) !=
           -1) {
        switch (c) {
        case 'h':
            fputs(_(usage), stdout);
            return EXIT_OK;
        case 'k':
            if (!key_path)
                return cli_usage_error(cmd, _("--key is for 'checkin init'"));
            *key_path = optarg;
            break;
        case 'S':
        case 'R':
            if (c == 'R' && key_path)
                return cli_usage_error(cmd, _("a new event has no supervisor "
                                              "to remove"));
            if ((c == 'S' ? sa->nadd : sa->nremove) == SUPERVISOR_MAX)
                return cli_usage_error(cmd, _("at most %d supervisors"),
                                       SUPERVISOR_MAX);
            if (c == 'S')
                sa->add[sa->nadd++] = optarg;
            else
                sa->remove[sa->nremove++] = optarg;
            break;
        default:
            cli_bad_option(cmd, c);
            return EXIT_USAGE;
        }
    }
    return -1;
}

int cmd_init(int argc, char **argv)
{
    const char *key_path;
    struct supervisor_args sa;
    int st = supervisor_options("init", INIT_USAGE, argc, argv, &key_path, &sa);
    if (st >= 0)
        return st;
    if (argc - optind != 2)
        return cli_usage_error("init", _("expected EVENT.db and EVENT.ini"));
    struct ck_error err = {0};
    if (event_create_print(argv[optind], argv[optind + 1], key_path, sa.add,
                           sa.nadd, stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

static const char IMPORT_USAGE[] = N_(
    "Usage: checkin import [OPTIONS] EVENT.db FILE\n"
    "       checkin import EVENT.db INVITATIONS.csv --list SLUG\n"
    "Import registrations from a generic CSV file or a pretix \"Order data\n"
    "(JSON)\" export.  One transaction per file: every row or none.\n\n"
    "Options:\n"
    "  -f, --format=csv|pretix  file format (default: detected)\n"
    "      --skip-bad           import the good rows of a file with bad rows\n"
    "                           (the exit status is still 1)\n"
    "      --include-testmode   also import pretix test-mode orders, for a\n"
    "                           rehearsal: only 'checkin scan --rehearsal'\n"
    "                           admits them (left out by default)\n"
    "      --force              import a pretix export older than the last\n"
    "      --list=SLUG          FILE is an invitation list for [list SLUG]\n"
    "                           (invited = yes): an email or ticket id a\n"
    "                           line; it replaces the list's invitations\n"
    "  -h, --help               show this help\n");

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"skip-bad", no_argument, NULL, 's'},
        {"include-testmode", no_argument, NULL, 't'},
        {"force", no_argument, NULL, 'F'},
        {"list", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct import_options opt = {.format = IMPORT_AUTO};
    const char *list = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "csv"))
                opt.format = IMPORT_CSV;
            else if (!strcmp(optarg, "pretix"))
                opt.format = IMPORT_PRETIX;
            else
                return cli_usage_error("import",
                                       _("--format must be csv or pretix"));
            break;
        case 's':
            opt.skip_bad = true;
            break;
        case 't':
            opt.include_testmode = true;
            break;
        case 'F':
            opt.force = true;
            break;
        case 'l':
            list = optarg;
            break;
        case 'h':
            fputs(_(IMPORT_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("import", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("import", _("expected EVENT.db and FILE"));
    const char *db = argv[optind], *file = argv[optind + 1];
    struct ck_error err = {0};
    if (sync_import_print(db, file, list, &opt, stdout, stderr, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

static const char EVENT_USAGE[] = N_(
    "Usage: checkin event EVENT.db EVENT.ini\n"
    "       checkin event EVENT.db [--supervisor NAME]... "
    "[--remove-supervisor NAME]...\n"
    "Apply an edited event description to an existing event database, all\n"
    "or nothing: tutorials moved or resized, ticket types, tutorials and\n"
    "sponsors added, names, labels and colours changed, the pretix mapping\n"
    "replaced.  Rows are matched by slug; one line per change is printed.\n"
    "An event database published to a hub publishes the change, and every\n"
    "station takes it within seconds (docs/import-formats.md).\n\n"
    "Options:\n"
    "      --supervisor=NAME         add a supervisor, or change their PIN;\n"
    "                                the PIN is asked twice without echo\n"
    "                                (or read as one line of standard\n"
    "                                input), never given on the command\n"
    "                                line; at least 6 characters\n"
    "      --remove-supervisor=NAME  remove a supervisor\n"
    "  -h, --help  show this help\n");

int cmd_event(int argc, char **argv)
{
    struct supervisor_args sa;
    int st = supervisor_options("event", EVENT_USAGE, argc, argv, NULL, &sa);
    if (st >= 0)
        return st;
    /* Supervisors alone need no description. */
    bool alone = argc - optind == 1 && (sa.nadd || sa.nremove);
    if (!alone && argc - optind != 2)
        return cli_usage_error("event", _("expected EVENT.db and EVENT.ini"));
    const char *db = argv[optind], *ini = alone ? NULL : argv[optind + 1];
    struct ck_error err = {0};
    size_t changes = 0;
    if (report_event_file(db, ini, sa.add, sa.nadd, sa.remove, sa.nremove,
                          supervisor_read_new_pin, stdout, stderr, &changes,
                          &err))
        return cli_fail(&err);
    if (alone || changes > 0)
        sync_publish_print(db, SYNC_SAVED_CHANGE, stdout, stderr);
    return EXIT_OK;
}

static const char ATTENDEES_USAGE[] =
    N_("Usage: checkin attendees [OPTIONS] EVENT.db [QUERY]\n"
       "Find attendees by name, email, company or order code, ignoring case\n"
       "and accents, in any script.  Without QUERY, list everyone.\n\n"
       "Options:\n"
       "  -n, --limit=N  show at most N (default 50, 0 = all)\n"
       "      --no-badge list who was checked in at a desk and has no printed\n"
       "                 badge, with what became of the badge's print job\n"
       "      --json     one JSON object per attendee\n"
       "  -h, --help     show this help\n");

int cmd_attendees(int argc, char **argv)
{
    static const struct option opts[] = {
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {"no-badge", no_argument, NULL, 'B'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    long limit = 50;
    bool json = false, no_badge = false;
    int c;
    while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (!util_parse_long(optarg, 0, LONG_MAX, &limit))
                return cli_usage_error("attendees",
                                       _("--limit must be a number >= 0"));
            break;
        case 'j':
            json = true;
            break;
        case 'B':
            no_badge = true;
            break;
        case 'h':
            fputs(_(ATTENDEES_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("attendees", c);
            return EXIT_USAGE;
        }
    }
    if (no_badge && argc - optind != 1)
        return cli_usage_error(
            "attendees", _("--no-badge lists everyone without a printed "
                           "badge and takes no QUERY; give EVENT.db only"));
    if (argc - optind < 1 || argc - optind > 2)
        return cli_usage_error("attendees", _("expected EVENT.db [QUERY]"));
    const char *db = argv[optind];
    struct ck_error err = {0};
    int code = no_badge ? report_no_badge_file(db, json, stdout, stderr, &err)
                        : report_attendees_file(
                              db, argc - optind == 2 ? argv[optind + 1] : "",
                              (size_t)limit, json, stdout, &err);
    return code ? cli_fail(&err) : EXIT_OK;
}

static const char STATS_USAGE[] = N_(
    "Usage: checkin stats EVENT.db\n"
    "Registrations by status and ticket type, tutorial fill and check-ins.\n");

int cmd_stats(int argc, char **argv)
{
    int st = cli_options("stats", STATS_USAGE, argc, argv, NULL, NULL);
    if (st >= 0)
        return st;
    if (argc - optind != 1)
        return cli_usage_error("stats", _("expected EVENT.db"));
    struct ck_error err = {0};
    return report_stats_file(argv[optind], stdout, &err) ? cli_fail(&err)
                                                         : EXIT_OK;
}
