/* `checkin printers [--json]` lists the attached USB label printers with
 * their loaded media and state; `checkin print-image ... IMAGE --printer
 * URI` prints any PNG, JPEG or PGM image, so the drivers serve other
 * labels too; `checkin print-preview FILE --out DIR` shows a file
 * printer's labels.  Wiring only: the listing, the words and
 * print-preview live in commands/ (print_commands.h, over printer/'s
 * printer_tools.h), printing an image file too (print_image.h). */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/print_commands.h"
#include "checkin/print_image.h"
#include "checkin/printer_tools.h"
#include "checkin/util.h"
#include "cli.h"

int cmd_printers(int argc, char **argv)
{
    bool json;
    int st = cli_options("printers", PRINTERS_USAGE, argc, argv, NULL, &json);
    if (st >= 0)
        return st;
    if (optind < argc)
        return cli_usage_error("printers", _("unexpected argument '%s'"),
                               argv[optind]);
    size_t n;
    struct ck_error err = {0};
    if (printers_print(stdout, json, &n, &err))
        return cli_fail(&err);
    return n ? EXIT_OK : EXIT_FAIL;
}

int cmd_print_image(int argc, char **argv)
{
    enum { OPT_NO_STATUS = 256 };
    static const struct option opts[] = {
        {"printer", required_argument, NULL, 'p'},
        {"model", required_argument, NULL, 'm'},
        {"media", required_argument, NULL, 'M'},
        {"threshold", required_argument, NULL, 't'},
        {"no-status", no_argument, NULL, OPT_NO_STATUS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *uri = NULL, *media_spec = NULL;
    struct printer_options opt = {0};
    long threshold = 128;
    int c;
    while ((c = getopt_long(argc, argv, "p:m:M:t:h", opts, NULL)) != -1) {
        if (cli_bad_option("print-image", c))
            return EXIT_USAGE;
        switch (c) {
        case 'h':
            fputs(_(PRINT_IMAGE_USAGE), stdout);
            return EXIT_OK;
        case 'p':
            uri = optarg;
            break;
        case 'm':
            opt.model = optarg;
            break;
        case 'M':
            media_spec = optarg;
            break;
        case 't':
            if (!util_parse_long(optarg, 1, 255, &threshold))
                return cli_usage_error("print-image",
                                       _("--threshold takes a number from 1 "
                                         "to 255, not '%s'"),
                                       optarg);
            break;
        case OPT_NO_STATUS:
            opt.no_status = true;
            break;
        default:
            break;
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("print-image", _("give exactly one image file"));
    if (!uri)
        return cli_usage_error("print-image",
                               _("give the printer with --printer URI (for "
                                 "example --printer usb:)"));
    struct ck_error err = {0};
    return print_image_file(argv[optind], uri, &opt, media_spec, (int)threshold,
                            stdout, &err)
               ? cli_fail(&err)
               : EXIT_OK;
}

int cmd_print_preview(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"model", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *dir = NULL, *model = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "o:m:h", opts, NULL)) != -1) {
        if (cli_bad_option("print-preview", c))
            return EXIT_USAGE;
        if (c == 'h')
            return fputs(_(PRINT_PREVIEW_USAGE), stdout), EXIT_OK;
        *(c == 'o' ? &dir : &model) = optarg;
    }
    if (optind + 1 != argc || !dir)
        return cli_usage_error("print-preview",
                               _("give one file and --out DIR"));
    struct ck_error err = {0};
    return print_preview(argv[optind], model, dir, stdout, &err)
               ? cli_fail(&err)
               : EXIT_OK;
}
