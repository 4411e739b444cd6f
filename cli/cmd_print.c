/* `checkin printers [--json]` lists the attached USB label printers with
 * their loaded media and state; `checkin print-image ... IMAGE --printer
 * URI` prints any PNG, JPEG or PGM image, so the drivers serve other
 * labels too.  Wiring only: listing lives in printer/ (printer_tools.h),
 * printing an image file in runtime/ (print_image.h). */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/print_image.h"
#include "checkin/printer_tools.h"
#include "checkin/util.h"
#include "cli.h"

static const char PRINTERS_USAGE[] =
    "Usage: checkin printers [--json]\n"
    "List the attached USB label printers of the supported models:\n"
    "the URI to print to, model, USB port, bus and address, serial\n"
    "number, loaded media and state.\n\n"
    "Options:\n"
    "  -j, --json   one JSON array of {\"uri\", \"model\", \"port\", "
    "\"bus\",\n"
    "               \"address\", \"serial\", \"media\", \"state\", "
    "\"message\"}\n"
    "  -h, --help   show this help\n\n"
    "Network (tcp:) and file: printers cannot be listed; see\n"
    "docs/transports.md.  Exit status: 0 if a printer is attached, 1 "
    "if\nnone is (or USB cannot be read), 2 on usage errors.\n";

int cmd_printers(int argc, char **argv)
{
    bool json;
    int st = cli_options("printers", PRINTERS_USAGE, argc, argv, NULL, &json);
    if (st >= 0)
        return st;
    if (optind < argc)
        return cli_usage_error("printers", "unexpected argument '%s'",
                               argv[optind]);
    size_t n;
    struct ck_error err = {0};
    if (printer_list_usb(stdout, json, &n, &err))
        return cli_fail(&err);
    return n ? EXIT_OK : EXIT_FAIL;
}

static void print_image_usage(FILE *f)
{
    fprintf(f,
            "Usage: checkin print-image [OPTIONS] IMAGE --printer URI\n"
            "Print a PNG, JPEG or PGM image on a label printer.\n\n"
            "The image is scaled down to the media's printable width (and\n"
            "length, for die-cut labels) if it is larger, and turned into\n"
            "black and white at the threshold.  Before printing, the "
            "printer is\nasked which media is loaded; a mismatch with "
            "--media is refused.\n\n"
            "Printer URIs:\n"
            "  usb:                      the first supported USB printer\n"
            "  usb:VID:PID[:SERIAL]      that one (see 'checkin printers')\n"
            "  file:PATH                 write the printer's bytes to a file "
            "or device\n"
            "  tcp:HOST[:PORT]           raw TCP, port 9100 by default\n\n"
            "Options:\n"
            "  -p, --printer URI     where to print (required)\n"
            "  -m, --model NAME      the printer model (file: and tcp: need "
            "it)\n"
            "  -M, --media SPEC      the labels: 62 (continuous, mm), 62x100 "
            "(die-cut),\n"
            "                        or a Brother roll such as DK-11202; "
            "needed when\n"
            "                        the printer cannot be asked\n"
            "  -t, --threshold N     gray level below which a dot is black "
            "(1-255,\n"
            "                        default 128)\n"
            "      --no-status       do not ask the printer anything\n"
            "  -h, --help            show this help\n\n"
            "Exit status: 0 when printed (or sent, where the printer cannot "
            "tell),\n1 on errors, 2 on usage errors.\n");
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
            print_image_usage(stdout);
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
                                       "--threshold takes a number from 1 "
                                       "to 255, not '%s'",
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
        return cli_usage_error("print-image", "give exactly one image file");
    if (!uri)
        return cli_usage_error("print-image",
                               "give the printer with --printer URI (for "
                               "example --printer usb:)");
    struct ck_error err = {0};
    return print_image_file(argv[optind], uri, &opt, media_spec, (int)threshold,
                            stdout, &err)
               ? cli_fail(&err)
               : EXIT_OK;
}
