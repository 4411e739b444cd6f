/* `checkin verify` and `checkin issue`: checking a scanned code against the
 * event, and issuing a signed badge or tutorial ticket code. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/event_commands.h"
#include "checkin/report_commands.h"
#include "checkin/sync_print.h"
#include "cli.h"

static const char VERIFY_USAGE[] = N_(
    "Usage: checkin verify [--json] EVENT.db PAYLOAD\n"
    "Decide whether a scanned code (a checkin badge or tutorial ticket, or a\n"
    "registration system's ticket secret) is valid for this event, and why\n"
    "not.  Changes nothing.  Exit status: 0 valid, 1 not valid, 2 usage.\n");

int cmd_verify(int argc, char **argv)
{
    bool json;
    int st = cli_options("verify", VERIFY_USAGE, argc, argv, NULL, &json);
    if (st >= 0)
        return st;
    if (argc - optind != 2)
        return cli_usage_error("verify", _("expected EVENT.db and PAYLOAD"));
    struct ck_error err = {0};
    bool valid = false;
    if (report_verify(argv[optind], argv[optind + 1], json, stdout, &valid,
                      &err))
        return cli_fail(&err);
    return valid ? EXIT_OK : EXIT_FAIL;
}

static const char ISSUE_USAGE[] = N_(
    "Usage: checkin issue [OPTIONS] EVENT.db WHO\n"
    "Print the signed badge code of an attendee (WHO: ticket id, order\n"
    "code, ticket secret or a unique name): the code they carry, or a first\n"
    "one if none was issued.  With --new, issue a new code that replaces\n"
    "theirs, as a reprint does: the old code stops admitting.\n\n"
    "Options:\n"
    "  -t, --tutorial=SLUG  a tutorial ticket instead of the badge\n"
    "      --new            a new code, replacing the one they carry\n"
    "  -k, --key=FILE       the event's signing key (default: EVENT.key)\n"
    "  -h, --help           show this help\n");

int cmd_issue(int argc, char **argv)
{
    static const struct option opts[] = {
        {"tutorial", required_argument, NULL, 't'},
        {"new", no_argument, NULL, 'N'},
        {"key", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *tutorial = NULL, *key_path = NULL;
    bool renew = false;
    int c;
    while ((c = getopt_long(argc, argv, "t:k:h", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            tutorial = optarg;
            break;
        case 'N':
            renew = true;
            break;
        case 'k':
            key_path = optarg;
            break;
        case 'h':
            fputs(_(ISSUE_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("issue", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("issue", _("expected EVENT.db and WHO"));
    struct ck_error err = {0};
    if (report_issue_file(argv[optind], argv[optind + 1], tutorial, key_path,
                          renew, stdout, stderr, &err))
        return cli_fail(&err);
    sync_publish_organizer_print(argv[optind], SYNC_SAVED_BADGE, stdout,
                                 stderr);
    return EXIT_OK;
}

static const char ROTATE_USAGE[] =
    N_("Usage: checkin rotate-key [--key FILE] EVENT.db\n"
       "Retire the event's signing key and create the next one in FILE\n"
       "(default: EVENT.key, which must be moved away first).  Badges signed\n"
       "with retired keys still verify; new badges use the new key.  After a\n"
       "leak, reprint the badges that matter.\n");

int cmd_rotate_key(int argc, char **argv)
{
    const char *key_path;
    int st =
        cli_options("rotate-key", ROTATE_USAGE, argc, argv, &key_path, NULL);
    if (st >= 0)
        return st;
    if (argc - optind != 1)
        return cli_usage_error("rotate-key", _("expected EVENT.db"));
    struct ck_error err = {0};
    if (credential_rotate_key_file(argv[optind], key_path, stdout, &err))
        return cli_fail(&err);
    sync_publish_organizer_print(argv[optind], SYNC_SAVED_NEW_KEY, stdout,
                                 stderr);
    return EXIT_OK;
}
