/* `checkin decode [--json] [--fast] IMAGE...`: read the QR codes in image
 * files and print them, one line per image.  Wiring only: image loading and
 * decoding live in scanner/ (image.h, decode.h). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "checkin/decode.h"
#include "checkin/image.h"
#include "cli.h"

static const char DECODE_USAGE[] =
    "Usage: checkin decode [--json] [--fast] IMAGE...\n"
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
    "usage errors.\n";

/* Text for a terminal: printable UTF-8 as is, the rest escaped. */
static void print_escaped(const uint8_t *s, size_t len, bool text)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t c = s[i];
        if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\r')
            fputs("\\r", stdout);
        else if (c == '\\')
            fputs("\\\\", stdout);
        else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !text))
            printf("\\x%02x", c);
        else
            putchar(c);
    }
}

/* A JSON string body (RFC 8259 section 7); `s` is valid UTF-8. */
static void print_json_string(const char *s, size_t len)
{
    putchar('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '\r')
            fputs("\\r", stdout);
        else if (c < 0x20 || c == 0x7f)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void print_json(const char *path, const struct decode_result *r,
                       const struct ck_error *err)
{
    fputs("{\"path\":", stdout);
    print_json_string(path, strlen(path));
    if (err) {
        fputs(",\"error\":", stdout);
        print_json_string(err->msg, strlen(err->msg));
        fputs("}\n", stdout);
        return;
    }
    fputs(",\"codes\":[", stdout);
    for (size_t i = 0; r && i < r->count; i++) {
        const struct decoded_code *c = &r->codes[i];
        fputs(i ? ",{" : "{", stdout);
        if (c->text) {
            fputs("\"text\":", stdout);
            print_json_string(c->text, c->text_len);
        } else {
            fputs("\"hex\":\"", stdout);
            for (size_t k = 0; k < c->len; k++)
                printf("%02x", c->bytes[k]);
            putchar('"');
        }
        printf(",\"utf8\":%s,\"charset\":", c->utf8 ? "true" : "false");
        if (c->charset)
            print_json_string(c->charset, strlen(c->charset));
        else
            fputs("null", stdout);
        fputs(",\"points\":[", stdout);
        for (int k = 0; k < 4; k++)
            printf("%s[%d,%d]", k ? "," : "", c->corners[k].x, c->corners[k].y);
        fputs("]}", stdout);
    }
    fputs("]}\n", stdout);
}

static void print_line(const char *path, const struct decode_result *r)
{
    print_escaped((const uint8_t *)path, strlen(path), true);
    for (size_t i = 0; i < r->count; i++) {
        const struct decoded_code *c = &r->codes[i];
        putchar('\t');
        if (c->text)
            print_escaped((const uint8_t *)c->text, c->text_len, true);
        else
            print_escaped(c->bytes, c->len, false);
    }
    putchar('\n');
}

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
            fputs(DECODE_USAGE, stdout);
            return EXIT_OK;
        default:
            cli_bad_option("decode", c);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc)
        return cli_usage_error("decode", "give at least one image file");

    struct ck_error err;
    decoder *d;
    struct decoder_options dopt = {DECODE_STILL, passes};
    if (decoder_new(&dopt, &d, &err))
        return cli_fail(&err);
    int status = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        struct gray_frame frame;
        struct decode_result r = {NULL, 0};
        if (image_load(path, &frame, &err) ||
            decoder_decode(d, &frame, &r, &err)) {
            if (json)
                print_json(path, NULL, &err);
            fprintf(stderr, "checkin: %s\n", err.msg);
            status = EXIT_FAIL;
        } else {
            if (json)
                print_json(path, &r, NULL);
            else
                print_line(path, &r);
            if (!r.count) {
                status = EXIT_FAIL;
                int side =
                    frame.width < frame.height ? frame.width : frame.height;
                if (!(passes & DECODE_PASS_HARDER) &&
                    side >= DECODE_HALVED_MIN_SIDE)
                    fprintf(stderr,
                            "checkin: no QR code read in %s; try again "
                            "without --fast, which also scans it at full "
                            "resolution.\n",
                            path);
            }
        }
        decode_result_free(&r);
        image_free(&frame);
        fflush(stdout);
    }
    decoder_free(d);
    return status;
}
