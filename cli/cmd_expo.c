/* `checkin expo tokens|revoke`: the links that enroll sponsors' phones
 * as their booths at the expo station (issue 31, docs/phones.md
 * "Sponsors on their own phones"), argv to event/expo.c and the QR
 * code's PNG (printer/qr.c). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkin/atomic_file.h"
#include "checkin/expo.h"
#include "checkin/qr.h"
#include "checkin/store.h"
#include "cli.h"

static const char EXPO_USAGE[] =
    "Usage: checkin expo tokens EXPO.db --url URL [--qr DIR]\n"
    "       checkin expo revoke EXPO.db SPONSOR\n"
    "The links that make a sponsor's own phone its booth at the expo\n"
    "station (checkin scan EXPO.db --station expo --web ...).  'tokens'\n"
    "prints each sponsor's link, URL/booth/?token=...; with --qr DIR it\n"
    "writes one QR code a sponsor (DIR/SPONSOR.png) and the list\n"
    "(DIR/links.txt) instead, all mode 0600.  A link stays good across\n"
    "restarts; 'revoke' makes a sponsor's earlier links worthless from the\n"
    "station's next start on (a lost phone): print its new one.\n";

/* `url` without trailing slashes, then the booth's path and token. */
static void booth_link(const char *url, const struct expo_booth *b, char *out,
                       size_t cap)
{
    size_t n = strlen(url);
    while (n && url[n - 1] == '/')
        n--;
    snprintf(out, cap, "%.*s/booth/?token=%s", (int)n, url, b->token);
}

static int tokens(const char *db, const char *url, const char *dir)
{
    if (strncmp(url, "https://", 8) && strncmp(url, "http://", 7))
        return cli_usage_error("expo", "--url is the station's address as "
                                       "phones open it, such as "
                                       "https://expo.example:8443");
    struct ck_error err = {0};
    if (dir && mkdir(dir, 0700) && errno != EEXIST) {
        ck_fail(&err, CK_EIO,
                "Cannot make the folder %s (%s); give --qr a "
                "folder this user may write.",
                dir, strerror(errno));
        return cli_fail(&err);
    }
    store *s;
    if (store_open(db, STORE_EXISTING | STORE_READONLY, &s, &err))
        return cli_fail(&err);
    struct expo_booth *b = NULL;
    size_t n = 0;
    int code = expo_booths(s, &b, &n, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    struct atomic_file af;
    FILE *list = stdout;
    char path[4096];
    if (dir) {
        snprintf(path, sizeof(path), "%s/links.txt", dir);
        if (atomic_file_begin(&af, path, ATOMIC_REPLACE, &err) ||
            !(list = atomic_file_stream(&af, &err))) {
            atomic_file_abort(&af);
            free(b);
            return cli_fail(&err);
        }
    }
    for (size_t i = 0; !code && i < n; i++) {
        char link[1200];
        booth_link(url, &b[i], link, sizeof(link));
        fprintf(list, "%s\t%s\t%s\n", b[i].slug, b[i].name, link);
        if (dir) {
            snprintf(path, sizeof(path), "%s/%s.png", dir, b[i].slug);
            code = qr_write_png(link, 8, path, &err);
        }
    }
    if (dir) {
        if (code)
            atomic_file_abort(&af);
        else
            code = atomic_file_commit(&af, &err);
        if (!code)
            printf("%zu booths' QR codes in %s (SPONSOR.png) and their links "
                   "in %s/links.txt.\n",
                   n, dir, dir);
    }
    free(b);
    return code ? cli_fail(&err) : EXIT_OK;
}

static int revoke(const char *db, const char *slug)
{
    struct ck_error err = {0};
    store *s;
    if (store_open(db, STORE_EXISTING, &s, &err))
        return cli_fail(&err);
    int64_t gen = 0;
    int code = expo_revoke(s, slug, &gen, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    printf("The links of %s printed before are refused from the expo "
           "station's next start on (generation %lld); print its new one "
           "with 'checkin expo tokens'.\n",
           slug, (long long)gen);
    return EXIT_OK;
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
            fputs(EXPO_USAGE, stdout);
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
            return cli_usage_error("expo", "give tokens EXPO.db --url URL");
        if (!url)
            return cli_usage_error("expo", "tokens need --url URL, the "
                                           "station's address as phones "
                                           "open it");
        return tokens(argv[optind + 1], url, dir);
    }
    if (!strcmp(what, "revoke")) {
        if (rest != 3 || url || dir)
            return cli_usage_error("expo", "give revoke EXPO.db SPONSOR");
        return revoke(argv[optind + 1], argv[optind + 2]);
    }
    return cli_usage_error("expo", "'%s' is not tokens or revoke", what);
}
