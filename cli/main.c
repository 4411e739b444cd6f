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

/* The summaries are translated where `checkin --help` prints them. */
static const struct command commands[] = {
    {"demo", N_("run the whole station flow on the bundled demo event"),
     cmd_demo},
    {"describe", N_("write a first event description from a pretix export"),
     cmd_describe},
    {"init", N_("create an event database from an event description"),
     cmd_init},
    {"import", N_("import registrations (CSV or pretix JSON)"), cmd_import},
    {"event", N_("apply an edited event description (rooms, times, seats)"),
     cmd_event},
    {"attendees", N_("search attendees by name, email, company or order"),
     cmd_attendees},
    {"register", N_("register a walk-in at a desk (a ticket of checkin's own)"),
     cmd_register},
    {"edit", N_("correct a registration's names, pronouns, company or email"),
     cmd_edit},
    {"hold",
     N_("put a registration on hold (see the help desk), or release it"),
     cmd_hold},
    {"undo", N_("take back a check-in or a redemption (T-shirt, lunch)"),
     cmd_undo},
    {"stats", N_("counts by ticket type, tutorial fill and check-ins"),
     cmd_stats},
    {"report", N_("per list: redeemed, by variation, and who more than once"),
     cmd_report},
    {"open-spaces", N_("claim, release and list open spaces' slots"),
     open_spaces_command},
    {"sprints", N_("add sprint projects, print their signs, who came"),
     sprints_command},
    {"auction", N_("record the auction's winning bids, list them"),
     auction_command},
    {"issue", N_("issue a signed badge or tutorial ticket code"), cmd_issue},
    {"verify", N_("check a scanned code: valid or not, and why"), cmd_verify},
    {"rotate-key", N_("retire the badge signing key and make a new one"),
     cmd_rotate_key},
    {"decode", N_("read QR codes from PNG, JPEG or PGM images"), cmd_decode},
    {"printers", N_("list attached label printers, their media and state"),
     cmd_printers},
    {"print", N_("print an attendee's badge and tutorial tickets"), cmd_print},
    {"print-image", N_("print an image on a label printer"), cmd_print_image},
    {"print-preview", N_("show a file printer's labels as images"),
     cmd_print_preview},
    {"scan", N_("run a check-in station: desk, tutorial door or leads"),
     cmd_scan},
    {"export", N_("export check-ins, scans or a sponsor's leads"), cmd_export},
    {"merge", N_("merge station databases into the event database"), cmd_merge},
    {"station-db",
     N_("make a sponsor station's database without personal data"),
     cmd_station_db},
    {"expo", N_("print the links that make sponsors' phones their booths"),
     cmd_expo},
    {"badge", N_("render badges and tickets to PNG or PDF"), cmd_badge_render},
    {"dashboard", N_("serve a live dashboard of the event in a browser"),
     cmd_dashboard},
    {"hub", N_("make the event's PostgreSQL hub, enroll stations, status"),
     cmd_hub},
    {"sync", N_("push and pull once with the event's hub"), cmd_sync},
    {"join", N_("make this machine a station by the organizer's join link"),
     cmd_join},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    char said[512], prog[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(said, sizeof(said), fmt, ap);
    va_end(ap);
    /* untranslated: the command's name, as typed */
    snprintf(prog, sizeof(prog), "checkin%s%s", cmd ? " " : "", cmd ? cmd : "");
    /* TRANSLATORS: a usage error: the command as typed ("checkin scan"),
     * what is wrong with what was typed, and the command again. */
    fprintf(stderr, _("%1$s: %2$s. Try '%1$s --help'.\n"), prog, said);
    return EXIT_USAGE;
}

int cli_fail(const struct ck_error *err)
{
    char said[sizeof(err->msg) * 2];
    fprintf(stderr, "checkin: %s\n",
            err->msg[0] ? ck_error_text(err, said, sizeof(said))
                        : _("failed for an unknown reason."));
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
    cli_usage_error(cmd, _("option '%s' is unknown or needs a value"), bad);
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
            fputs(_(usage), stdout);
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
    fputs(_("Usage: checkin COMMAND [OPTIONS] [ARGS]\n"
            "Badge-scanning check-in for community conferences.\n\n"
            "Commands:\n"),
          f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-11s %s\n", commands[i].name, _(commands[i].summary));
    fputs(_("\nOptions:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version\n"
            "  --lang LANG    speak LANG: es, pt_BR, de, fr, ja, hi\n\n"
            "Run 'checkin COMMAND --help' for a command's options.\n"),
          f);
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
        return cli_usage_error(NULL, _("unknown option '%s'"), name);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!strcmp(name, commands[i].name)) {
            /* Subcommands see argv[0] = their own name, as getopt expects. */
            opterr = 0;
            sub_argc = argc - 1;
            sub_argv = argv + 1;
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    return cli_usage_error(NULL, _("unknown command '%s'"), name);
}
