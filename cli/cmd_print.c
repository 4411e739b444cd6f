/* `checkin printers [--json]` lists the attached USB label printers with
 * their loaded media and state; `checkin print-image ... IMAGE --printer
 * URI` prints any PNG, JPEG or PGM image, so the drivers serve other
 * labels too.  Wiring only: transports, status and printing live in
 * printer/ (transport.h, printer.h), image loading in scanner/ (image.h). */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/image.h"
#include "checkin/printer.h"
#include "cli.h"

/* Short: `checkin printers` must not hang on a silent printer. */
#define LIST_STATUS_MS 1500

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

struct listed {
    struct printer_status st;
    bool asked;
    char message[512];
};

static void ask(const struct usb_printer_info *info, struct listed *out)
{
    memset(out, 0, sizeof(*out));
    struct printer_options opt = {0};
    opt.status_timeout_ms = LIST_STATUS_MS;
    struct ck_error err = {0};
    printer *p;
    if (printer_open(info->uri, &opt, &p, &err)) {
        out->st.state = PRINTER_OTHER_ERROR;
        snprintf(out->message, sizeof(out->message), "%s", err.msg);
        return;
    }
    out->asked = true;
    if (printer_query(p, &out->st, &err))
        snprintf(out->message, sizeof(out->message), "%s", err.msg);
    printer_close(p);
}

static json_t *media_json(const struct printer_status *st)
{
    if (!st->media_known)
        return json_null();
    char name[32];
    printer_media_str(&st->media, name, sizeof(name));
    const char *dk = printer_media_product(&st->media);
    return json_pack("{s:s, s:i, s:i, s:s, s:s?}", "kind",
                     st->media.kind == MEDIA_DIE_CUT ? "die-cut" : "continuous",
                     "width_mm", st->media.width_mm, "length_mm",
                     st->media.length_mm, "name", name, "product", dk);
}

int cmd_printers(int argc, char **argv)
{
    bool json;
    int st = cli_options("printers", PRINTERS_USAGE, argc, argv, NULL, &json);
    if (st >= 0)
        return st;
    if (optind < argc)
        return cli_usage_error("printers", "unexpected argument '%s'",
                               argv[optind]);
    struct usb_printer_info *list;
    size_t n;
    struct ck_error err = {0};
    if (transport_usb_list(&list, &n, &err))
        return cli_fail(&err);
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct usb_printer_info *info = &list[i];
        struct listed l;
        ask(info, &l);
        if (json) {
            json_t *o = json_pack(
                "{s:s, s:s, s:s, s:i, s:i, s:s, s:o, s:s, s:s?}", "uri",
                info->uri, "model", info->model->name, "port", info->port,
                "bus", info->bus, "address", info->address, "serial",
                info->serial, "media", media_json(&l.st), "state",
                printer_state_str(l.st.state), "message",
                l.message[0] ? l.message : NULL);
            json_array_append_new(arr, o);
            continue;
        }
        char media[48] = "media unknown";
        if (l.st.media_known) {
            char size[32];
            printer_media_str(&l.st.media, size, sizeof(size));
            const char *dk = printer_media_product(&l.st.media);
            snprintf(media, sizeof(media), "%s%s%s%s", size,
                     l.st.media.kind == MEDIA_DIE_CUT ? " labels" : " roll",
                     dk ? " " : "", dk ? dk : "");
        }
        printf("%s\t%s on usb %s (bus %03d address %03d)%s%s\t%s\t%s\n",
               info->uri, info->model->name, info->port, info->bus,
               info->address, info->serial[0] ? ", serial " : "", info->serial,
               media, printer_state_str(l.st.state));
        if (l.message[0])
            printf("\t%s\n", l.message);
    }
    if (json) {
        char *text = json_dumps(arr, JSON_COMPACT);
        if (text)
            puts(text);
        free(text);
        json_decref(arr);
    } else if (n == 0) {
        printf("No supported printer is attached.\n");
    }
    free(list);
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

/* Box-filter `in` down by `scale` (< 1) into a new gray buffer. */
static uint8_t *shrink(const struct gray_frame *in, int w, int h)
{
    uint8_t *out = malloc((size_t)w * (size_t)h);
    if (!out)
        return NULL;
    for (int y = 0; y < h; y++) {
        int y0 = (int)((long long)y * in->height / h);
        int y1 = (int)((long long)(y + 1) * in->height / h);
        if (y1 <= y0)
            y1 = y0 + 1;
        for (int x = 0; x < w; x++) {
            int x0 = (int)((long long)x * in->width / w);
            int x1 = (int)((long long)(x + 1) * in->width / w);
            if (x1 <= x0)
                x1 = x0 + 1;
            unsigned long sum = 0, cnt = 0;
            for (int yy = y0; yy < y1; yy++)
                for (int xx = x0; xx < x1; xx++) {
                    sum += in->pixels[(size_t)yy * in->stride + (size_t)xx];
                    cnt++;
                }
            out[(size_t)y * (size_t)w + (size_t)x] =
                (uint8_t)(cnt ? sum / cnt : 255);
        }
    }
    return out;
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
        case 't': {
            char *end;
            errno = 0;
            threshold = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || threshold < 1 ||
                threshold > 255)
                return cli_usage_error("print-image",
                                       "--threshold takes a number from 1 "
                                       "to 255, not '%s'",
                                       optarg);
            break;
        }
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
    const char *path = argv[optind];

    struct ck_error err = {0};
    struct media wanted;
    bool have_wanted = false;
    if (media_spec) {
        if (printer_media_parse(media_spec, &wanted, &err))
            return cli_fail(&err);
        have_wanted = true;
        opt.media = media_spec; /* also what is loaded, where not asked */
    }
    struct gray_frame frame = {0};
    if (image_load(path, &frame, &err))
        return cli_fail(&err);
    int status = EXIT_FAIL;
    uint8_t *small = NULL;
    struct bitmap1 bm = {0};
    printer *p = NULL;
    if (printer_open(uri, &opt, &p, &err))
        goto out;
    if (!have_wanted) {
        struct printer_status st;
        if (printer_query(p, &st, &err))
            goto out;
        if (!st.media_known) {
            ck_fail(&err, CK_EINVAL,
                    "%s cannot say which labels are loaded; give them with "
                    "--media (for example --media 62 or --media 62x100).",
                    printer_describe(p));
            goto out;
        }
        wanted = st.media;
    }
    int w, h;
    if (driver_printable(printer_get_model(p), &wanted, &w, &h, &err))
        goto out;
    /* Fit the printable area, keeping the aspect ratio; never enlarge. */
    double scale = 1.0;
    if (frame.width > w)
        scale = (double)w / frame.width;
    if (h > 0 && frame.height * scale > h)
        scale = (double)h / frame.height;
    int sw = frame.width, sh = frame.height;
    const uint8_t *gray = frame.pixels;
    size_t stride = frame.stride;
    if (scale < 1.0) {
        sw = (int)(frame.width * scale);
        sh = (int)(frame.height * scale);
        if (sw < 1)
            sw = 1;
        if (sh < 1)
            sh = 1;
        small = shrink(&frame, sw, sh);
        if (!small) {
            ck_fail(&err, CK_ENOMEM, "Out of memory.");
            goto out;
        }
        gray = small;
        stride = (size_t)sw;
    }
    if (bitmap1_from_gray(gray, sw, sh, stride, (int)threshold, &bm, &err))
        goto out;
    struct print_request req = {"the image", &wanted, &bm, 1, NULL, NULL};
    struct printer_status st;
    bool sent;
    if (printer_print(p, &req, &st, &sent, &err))
        goto out;
    if (st.state == PRINTER_PRINTED)
        printf("Printed %s on %s.\n", path, printer_describe(p));
    else
        printf("Sent %s to %s (it cannot report whether it printed).\n", path,
               printer_describe(p));
    status = EXIT_OK;
out:
    if (status != EXIT_OK)
        status = cli_fail(&err);
    printer_close(p);
    bitmap1_free(&bm);
    free(small);
    image_free(&frame);
    return status;
}
