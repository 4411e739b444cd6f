/* `checkin decode [--json] [--fast] IMAGE...`: read the QR codes in image
 * files and print them, one line per image.  Wiring only: image loading,
 * decoding and the lines printed live in scanner/ (decode_print.h). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "checkin/decode_print.h"
#include "cli.h"

static const char DECODE_USAGE[] =
    N_("Usage: checkin decode [--json] [--fast] IMAGE...\n"
       "Read the QR codes in PNG, JPEG or PGM images.\n\n"
       "Prints one line per image: its path, then a tab and each code "
       "found.\nText is printed as is, with tabs, newlines, backslashes "
       "and\nnon-printable bytes escaped (\\t, \\n, \\\\, \\xNN); a code "
       "that is not\ntext is printed as \\xNN bytes.\n\n"
       "Options:\n"
       "  -j, --json   one JSON object per line: {\"path\", \"codes\": "
       "[{\"text\" or\n"
       "               \"hex\", \"utf8\", \"charset\", \"points\"}]} "
       "(or \"error\")\n"
       "  -f, --fast   the quick look only: no scan at full resolution,\n"
       "               plain and inverted, where it reads nothing (on images\n"
       "               360 px a side and up those scans take up to twice\n"
       "               the time, for the rare code only they read)\n"
       "  -H, --harder the thorough read, which is the default (kept for\n"
       "               scripts written before it was)\n"
       "  -h, --help   show this help\n\n"
       "Exit status: 0 if every image had a code, 1 otherwise, 2 on "
       "usage errors.\n");

int cmd_decode(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"fast", no_argument, NULL, 'f'},
        {"harder", no_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool json = false;
    unsigned passes = DECODE_PASSES_DEFAULT | DECODE_PASS_HARDER;
    int c;
    while ((c = getopt_long(argc, argv, "jfHh", opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = true;
            break;
        case 'f':
            passes &= ~(unsigned)DECODE_PASS_HARDER;
            break;
        case 'H':
            passes |= DECODE_PASS_HARDER;
            break;
        case 'h':
            fputs(_(DECODE_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("decode", c);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc)
        return cli_usage_error("decode", _("give at least one image file"));

    struct ck_error err = {0};
    bool all_read;
    if (decode_print_files(argv + optind, (size_t)(argc - optind), passes, json,
                           stdout, stderr, &all_read, &err))
        return cli_fail(&err);
    return all_read ? EXIT_OK : EXIT_FAIL;
}
