/* The `checkin` command: dispatches argv[1] to a subcommand.  This file only
 * knows the command table and the global options; everything else lives in
 * the libraries below cli/ (docs/internals.md). */
#include <getopt.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/auction_commands.h"
#include "checkin/dynlib.h"
#include "checkin/missing_library.h"
#include "checkin/open_space_commands.h"
#include "checkin/sprint_commands.h"
#include "checkin_version.h"
#include "cli.h"

static const struct command commands[] = {
    {"demo", "run the whole station flow on the bundled demo event", cmd_demo},
    {"describe", "write a first event description from a pretix export",
     cmd_describe},
    {"init", "create an event database from an event description", cmd_init},
    {"import", "import registrations (CSV or pretix JSON)", cmd_import},
    {"event", "apply an edited event description (rooms, times, seats)",
     cmd_event},
    {"attendees", "search attendees by name, email, company or order",
     cmd_attendees},
    {"register", "register a walk-in at a desk (a ticket of checkin's own)",
     cmd_register},
    {"edit", "correct a registration's names, pronouns, company or email",
     cmd_edit},
    {"hold", "put a registration on hold (see the help desk), or release it",
     cmd_hold},
    {"undo", "take back a check-in or a redemption (T-shirt, lunch)", cmd_undo},
    {"stats", "counts by ticket type, tutorial fill and check-ins", cmd_stats},
    {"report", "per list: redeemed, by variation, and who more than once",
     cmd_report},
    {"open-spaces", "claim, release and list open spaces' slots",
     open_spaces_command},
    {"sprints", "add sprint projects, print their signs, who came",
     sprints_command},
    {"auction", "record the auction's winning bids, list them",
     auction_command},
    {"issue", "issue a signed badge or tutorial ticket code", cmd_issue},
    {"verify", "check a scanned code: valid or not, and why", cmd_verify},
    {"rotate-key", "retire the badge signing key and make a new one",
     cmd_rotate_key},
    {"decode", "read QR codes from PNG, JPEG or PGM images", cmd_decode},
    {"printers", "list attached label printers, their media and state",
     cmd_printers},
    {"print", "print an attendee's badge and tutorial tickets", cmd_print},
    {"print-image", "print an image on a label printer", cmd_print_image},
    {"print-preview", "show a file printer's labels as images",
     cmd_print_preview},
    {"scan", "run a check-in station: desk, tutorial door or leads", cmd_scan},
    {"export", "export check-ins, scans or a sponsor's leads", cmd_export},
    {"merge", "merge station databases into the event database", cmd_merge},
    {"station-db", "make a sponsor station's database without personal data",
     cmd_station_db},
    {"expo", "print the links that make sponsors' phones their booths",
     cmd_expo},
    {"badge", "render badges and tickets to PNG or PDF", cmd_badge_render},
    {"dashboard", "serve a live dashboard of the event in a browser",
     cmd_dashboard},
    {"hub", "make the event's PostgreSQL hub, enroll stations, status",
     cmd_hub},
    {"sync", "push and pull once with the event's hub", cmd_sync},
    {"join", "make this machine a station by the organizer's join link",
     cmd_join},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "checkin%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, ". Try 'checkin%s%s --help'.\n", cmd ? " " : "",
            cmd ? cmd : "");
    return EXIT_USAGE;
}

int cli_fail(const struct ck_error *err)
{
    char said[sizeof(err->msg) * 2];
    fprintf(stderr, "checkin: %s\n",
            err->msg[0] ? ck_error_text(err, said, sizeof(said))
                        : "failed for an unknown reason.");
    return err->code == CK_OK ? EXIT_OK : EXIT_FAIL;
}

/* The running subcommand's argv, for naming a bad option. */
static char **sub_argv;
static int sub_argc;

int cli_bad_option(const char *cmd, int c)
{
    if (c != '?' && c != ':')
        return 0;
    /* getopt's own message is off (opterr = 0): one line of ours instead,
     * naming the option as typed. */
    const char *bad =
        optind - 1 < sub_argc && optind >= 1 ? sub_argv[optind - 1] : "?";
    if (optopt && bad[0] == '-' && bad[1] != '-' && bad[1] != optopt) {
        static char one[3] = "-?";
        one[1] = (char)optopt;
        bad = one;
    }
    cli_usage_error(cmd, "option '%s' is unknown or needs a value", bad);
    return 1;
}

int cli_options(const char *cmd, const char *usage, int argc, char **argv,
                const char **key_path, bool *json)
{
    struct option opts[4] = {{"help", no_argument, NULL, 'h'}};
    char spec[8];
    snprintf(spec, sizeof(spec), "h%s%s", key_path ? "k:" : "",
             json ? "j" : "");
    size_t n = 1;
    if (key_path) {
        *key_path = NULL;
        opts[n++] = (struct option){"key", required_argument, NULL, 'k'};
    }
    if (json) {
        *json = false;
        opts[n++] = (struct option){"json", no_argument, NULL, 'j'};
    }
    int c;
    while ((c = getopt_long(argc, argv, spec, opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        case 'k':
            *key_path = optarg;
            break;
        case 'j':
            *json = true;
            break;
        default:
            cli_bad_option(cmd, c);
            return EXIT_USAGE;
        }
    }
    return -1;
}

const char *cli_config_dir(void)
{
    const char *env = getenv("CHECKIN_CONFIG_DIR");
    return env && *env ? env : CHECKIN_CONFIG_DIR;
}

static void usage(FILE *f)
{
    fprintf(f, "Usage: checkin COMMAND [OPTIONS] [ARGS]\n"
               "Badge-scanning check-in for community conferences.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nOptions:\n"
               "  -h, --help     show this help\n"
               "  -V, --version  show the version\n"
               "  --lang LANG    speak LANG: es, pt_BR, de, fr, ja, hi\n\n"
               "Run 'checkin COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
    /* SQLite makes and drops a temporary b-tree per row a pull applies
     * (RETURNING, IN (SELECT ...)); glibc would hand the freed heap top
     * back each time (brk), and in a VM the TLB flushes took three
     * quarters of a 100,000-registration first pull: keep 32 MB free. */
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
    mallopt(M_TOP_PAD, 1 << 20);
    dynlib_on_missing(missing_library);
    struct ck_error err = {0};
    if (i18n_start(&argc, argv, &err))
        return cli_fail(&err);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "-h") || !strcmp(name, "--help") ||
        !strcmp(name, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(name, "-V") || !strcmp(name, "--version")) {
        printf("checkin %s\n", CHECKIN_VERSION);
        return EXIT_OK;
    }
    if (name[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s'", name);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!strcmp(name, commands[i].name)) {
            /* Subcommands see argv[0] = their own name, as getopt expects. */
            opterr = 0;
            sub_argc = argc - 1;
            sub_argv = argv + 1;
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    return cli_usage_error(NULL, "unknown command '%s'", name);
}
