/* `checkin scan`, `checkin export`, `checkin merge` and `checkin
 * station-db`: argv wired to the station runtime (checkin/station_runtime.h),
 * the journal exports and merging (report/export.h, import/merge.h) and
 * a station's file (checkin/station_file.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/export_commands.h"
#include "checkin/merge.h"
#include "checkin/report_commands.h"
#include "checkin/sprint_commands.h"
#include "checkin/station_file.h"
#include "checkin/station_options.h"
#include "checkin/sync.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "cli.h"

static const char MERGE_USAGE[] =
    N_("Usage: checkin merge EVENT.db STATION.db...\n"
       "Add every scan and lead of the station files to the event database.\n"
       "Merging the same file twice changes nothing.  Attendees checked in at\n"
       "more than one desk are listed.\n");

static const char STATIONDB_USAGE[] =
    N_("Usage: checkin station-db EVENT.db leads:SPONSOR|expo OUT.db\n"
       "Make the database a sponsor's lead station runs on: keys, badges and\n"
       "the event, but no attendee names, emails or companies.  'expo' makes\n"
       "the expo hall's, whose phones are every sponsor's booths (checkin\n"
       "expo).  Desks and doors use a copy of the event database.\n");

/* ---- scan ---- */

/* The options read in scan_option; those that only name something or
 * switch something on are cmd_scan's tables. */
enum {
    O_PROFILE = 256,
    O_SIZE,
    O_IMAGES,
    O_KEYBOARD,
    O_FRAME_MS,
    O_COOLDOWN,
    O_OPEN,
    O_CLOSE,
    O_CAPACITY,
    O_ROLL,
    O_TEXT = 300,
    O_FLAG = 400
};

static const struct option SCAN_OPTIONS[] = {
    {"profile", required_argument, NULL, O_PROFILE},
    {"size", required_argument, NULL, O_SIZE},
    {"images", no_argument, NULL, O_IMAGES},
    {"keyboard", optional_argument, NULL, O_KEYBOARD},
    {"frame-ms", required_argument, NULL, O_FRAME_MS},
    {"cooldown", required_argument, NULL, O_COOLDOWN},
    {"open-before", required_argument, NULL, O_OPEN},
    {"close-after", required_argument, NULL, O_CLOSE},
    {"capacity", required_argument, NULL, O_CAPACITY},
    {"roll", required_argument, NULL, O_ROLL},
    {"help", no_argument, NULL, 'h'}};
#define NSCAN (sizeof(SCAN_OPTIONS) / sizeof(SCAN_OPTIONS[0]))

/* Take option `c` (getopt_long's) into `a`.  -1 to go on, else the exit
 * status to end with. */
static int scan_option(int c, const char *arg, struct station_options *a)
{
    struct station_runtime_options *o = &a->o;
    struct ck_error err = {0};
    char why[80];
    switch (c) {
    case O_PROFILE:
        if (station_options_profile(a, arg, cli_config_dir(), &err))
            return cli_fail(&err);
        break;
    case O_SIZE:
        if (!station_options_size(arg, &a->w, &a->h))
            return cli_usage_error("scan",
                                   _("--size '%s' is not WxH, e.g. "
                                     "1280x720"),
                                   arg);
        break;
    case O_IMAGES:
        o->nimages = 1;
        break; /* the files: after EVENT.db */
    case O_KEYBOARD:
        o->keyboard = true;
        o->keyboard_dev = arg;
        break;
    case O_FRAME_MS:
    case O_COOLDOWN:
    case O_OPEN:
    case O_CLOSE:
    case O_CAPACITY:
        /* SCAN_OPTIONS is in the order of the enum from O_PROFILE. */
        if (!station_options_number(a, SCAN_OPTIONS[c - O_PROFILE].name, arg,
                                    why, sizeof(why)))
            return cli_usage_error("scan", "%s", why);
        break;
    case O_ROLL:
        if (station_options_roll(a, arg, &err))
            return cli_fail(&err);
        break;
    case 'h':
        scan_usage_print(stdout);
        return EXIT_OK;
    default:
        cli_bad_option("scan", c);
        return EXIT_USAGE;
    }
    return -1;
}

int cmd_scan(int argc, char **argv)
{
    struct station_options a = STATION_OPTIONS_INIT(cli_config_dir());
    struct station_runtime_options *o = &a.o;
    /* The options that only name something or switch something on
     * (station_options.h); getopt_long gives them O_TEXT + i and
     * O_FLAG + i. */
    enum { NTEXT = STATION_OPTIONS_NTEXT, NFLAG = STATION_OPTIONS_NFLAG };
    struct option opts[NTEXT + NFLAG + NSCAN + 1] = {{0}};
    for (int i = 0; i < NTEXT; i++)
        opts[i] = (struct option){station_options_texts[i], required_argument,
                                  NULL, O_TEXT + i};
    for (int i = 0; i < NFLAG; i++)
        opts[NTEXT + i] = (struct option){station_options_flags[i], no_argument,
                                          NULL, O_FLAG + i};
    memcpy(opts + NTEXT + NFLAG, SCAN_OPTIONS, sizeof(SCAN_OPTIONS));
    int c, status;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
        if (c >= O_TEXT && c < O_TEXT + NTEXT)
            *station_options_text(&a, (size_t)(c - O_TEXT)) = optarg;
        else if (c >= O_FLAG && c < O_FLAG + NFLAG)
            *station_options_flag(&a, (size_t)(c - O_FLAG)) = true;
        else if ((status = scan_option(c, optarg, &a)) >= 0)
            return status;
    if (optind >= argc)
        return cli_usage_error("scan", _("give the event database"));
    o->db = argv[optind++];
    bool images = o->nimages > 0;
    if (!images && optind != argc)
        return cli_usage_error("scan", _("unexpected argument '%s'"),
                               argv[optind]);
    o->images = images ? argv + optind : NULL;
    o->nimages = images ? (size_t)(argc - optind) : 0;
    char why[200], name[JOURNAL_NAME_CAP];
    if (!station_options_complete(&a, why, sizeof(why)))
        return cli_usage_error("scan", "%s", why);
    struct ck_error err = {0};
    if (station_options_build(&a, name, &err) || station_runtime_run(o, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

/* ---- export ---- */

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"sponsor", required_argument, NULL, 's'},
        {"format", required_argument, NULL, 'f'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *sponsor = NULL, *out = NULL;
    enum export_format fmt = EXPORT_CSV;
    int c;
    while ((c = getopt_long(argc, argv, "s:f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            sponsor = optarg;
            break;
        case 'f':
            if (export_format_parse(optarg, &fmt))
                return cli_usage_error("export", _("--format is csv or json"));
            break;
        case 'o':
            out = optarg;
            break;
        case 'h':
            fputs(_(export_usage), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("export", c);
            return EXIT_USAGE;
        }
    }
    bool list = argc - optind >= 2 && !strcmp(argv[optind + 1], "list");
    if (list && argc - optind != 3)
        return cli_usage_error("export", _("give the list: export EVENT.db "
                                           "list SLUG"));
    if (!list && argc - optind == 2 && !strcmp(argv[optind + 1], "sprints")) {
        struct ck_error err = {0};
        return export_sprints(argv[optind], out, &err) ? cli_fail(&err)
                                                       : EXIT_OK;
    }
    if (!list && argc - optind != 2)
        return cli_usage_error("export", _("give the event database and what "
                                           "to export (checkins, no-shows, "
                                           "scans, leads, acknowledgements, "
                                           "list SLUG)"));
    struct export_request r = {argv[optind],
                               argv[optind + 1],
                               sponsor,
                               fmt,
                               out,
                               sync_booth_leads,
                               list ? argv[optind + 2] : NULL};
    if (!export_what_known(r.what))
        return cli_usage_error("export",
                               _("'%s' is not checkins, no-shows, scans, "
                                 "leads, acknowledgements or list"),
                               r.what);
    struct ck_error err = {0};
    bool no_sponsor;
    if (export_run_print(&r, stderr, &no_sponsor, &err))
        return no_sponsor ? cli_usage_error("export", _("leads need --sponsor "
                                                        "SLUG"))
                          : cli_fail(&err);
    return EXIT_OK;
}

/* ---- merge ---- */

int cmd_merge(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        fputs(_(MERGE_USAGE), stdout);
        return EXIT_OK;
    }
    if (argc < 3)
        return cli_usage_error("merge", _("give the event database and at "
                                          "least one station database"));
    struct ck_error err = {0};
    if (report_merge_file(argv[1], (const char *const *)argv + 2,
                          (size_t)argc - 2, stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}

/* ---- station-db ---- */

int cmd_station_db(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        fputs(_(STATIONDB_USAGE), stdout);
        return EXIT_OK;
    }
    if (argc != 4)
        return cli_usage_error("station-db", _("give EVENT.db "
                                               "leads:SPONSOR|expo OUT.db"));
    struct ck_error err = {0};
    if (station_file_make(argv[1], argv[2], argv[3], stdout, &err))
        return cli_fail(&err);
    return EXIT_OK;
}
