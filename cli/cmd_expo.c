/* `checkin expo tokens|revoke`: the links that enroll sponsors' phones
 * as their booths at the expo station (issue 31, docs/phones.md
 * "Sponsors on their own phones"), argv to commands/expo_commands.c. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "checkin/expo_commands.h"
#include "cli.h"

static const char EXPO_USAGE[] =
    N_("Usage: checkin expo tokens EXPO.db --url URL [--qr DIR]\n"
       "       checkin expo revoke EXPO.db SPONSOR\n"
       "The links that make a sponsor's own phone its booth at the expo\n"
       "station (checkin scan EXPO.db --station expo --web ...).  'tokens'\n"
       "prints each sponsor's link, URL/booth/?token=...; with --qr DIR it\n"
       "writes one QR code a sponsor (DIR/SPONSOR.png) and the list\n"
       "(DIR/links.txt) instead, all mode 0600; a booth the organizer closed\n"
       "at the hub is left out, and named.  A link stays good across\n"
       "restarts; 'revoke' makes a sponsor's earlier links worthless from the\n"
       "station's next start on (a lost phone): print its new one.\n");

static int tokens(const char *db, const char *url, const char *dir)
{
    if (strncmp(url, "https://", 8) && strncmp(url, "http://", 7))
        return cli_usage_error("expo", _("--url is the station's address as "
                                         "phones open it, such as "
                                         "https://expo.example:8443"));
    struct ck_error err = {0};
    return expo_links_print(db, url, dir, stdout, &err) ? cli_fail(&err)
                                                        : EXIT_OK;
}

int cmd_expo(int argc, char **argv)
{
    static const struct option opts[] = {{"url", required_argument, 0, 'u'},
                                         {"qr", required_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *url = NULL, *dir = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (cli_bad_option("expo", c))
            return EXIT_USAGE;
        if (c == 'h') {
            fputs(_(EXPO_USAGE), stdout);
            return EXIT_OK;
        }
        if (c == 'u')
            url = optarg;
        else if (c == 'q')
            dir = optarg;
    }
    int rest = argc - optind;
    const char *what = rest > 0 ? argv[optind] : "";
    if (!strcmp(what, "tokens")) {
        if (rest != 2)
            return cli_usage_error("expo", _("give tokens EXPO.db --url URL"));
        if (!url)
            return cli_usage_error("expo", _("tokens need --url URL, the "
                                             "station's address as phones "
                                             "open it"));
        return tokens(argv[optind + 1], url, dir);
    }
    if (!strcmp(what, "revoke")) {
        if (rest != 3 || url || dir)
            return cli_usage_error("expo", _("give revoke EXPO.db SPONSOR"));
        struct ck_error err = {0};
        return expo_revoke_print(argv[optind + 1], argv[optind + 2], stdout,
                                 &err)
                   ? cli_fail(&err)
                   : EXIT_OK;
    }
    return cli_usage_error("expo", _("'%s' is not tokens or revoke"), what);
}
