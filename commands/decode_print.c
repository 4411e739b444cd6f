/* See decode_print.h.  Moved from `checkin decode` (cli/cmd_decode.c) so
 * that the command is argv wiring only; the bytes printed are unchanged. */
#include "checkin/decode_print.h"
#include "checkin/i18n.h"

#include "checkin/image.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Text for a terminal: printable UTF-8 as is, the rest escaped. */
static void print_escaped(FILE *out, const uint8_t *s, size_t len, bool text)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t c = s[i];
        if (c == '\t')
            fputs("\\t", out);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c == '\\')
            fputs("\\\\", out);
        else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !text))
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
}

/* A JSON string body (RFC 8259 section 7); `s` is valid UTF-8. */
static void print_json_string(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void decode_print_json(FILE *out, const char *path,
                       const struct decode_result *r,
                       const struct ck_error *err)
{
    fputs("{\"path\":", out);
    print_json_string(out, path, strlen(path));
    if (err) {
        fputs(",\"error\":", out);
        print_json_string(out, err->msg, strlen(err->msg));
        fputs("}\n", out);
        return;
    }
    fputs(",\"codes\":[", out);
    for (size_t i = 0; r && i < r->count; i++) {
        const struct decoded_code *c = &r->codes[i];
        fputs(i ? ",{" : "{", out);
        if (c->text) {
            fputs("\"text\":", out);
            print_json_string(out, c->text, c->text_len);
        } else {
            fputs("\"hex\":\"", out);
            for (size_t k = 0; k < c->len; k++)
                fprintf(out, "%02x", c->bytes[k]);
            fputc('"', out);
        }
        fprintf(out, ",\"utf8\":%s,\"charset\":", c->utf8 ? "true" : "false");
        if (c->charset)
            print_json_string(out, c->charset, strlen(c->charset));
        else
            fputs("null", out);
        fputs(",\"points\":[", out);
        for (int k = 0; k < 4; k++)
            fprintf(out, "%s[%d,%d]", k ? "," : "", c->corners[k].x,
                    c->corners[k].y);
        fputs("]}", out);
    }
    fputs("]}\n", out);
}

void decode_print_line(FILE *out, const char *path,
                       const struct decode_result *r)
{
    print_escaped(out, (const uint8_t *)path, strlen(path), true);
    for (size_t i = 0; i < r->count; i++) {
        const struct decoded_code *c = &r->codes[i];
        fputc('\t', out);
        if (c->text)
            print_escaped(out, (const uint8_t *)c->text, c->text_len, true);
        else
            print_escaped(out, c->bytes, c->len, false);
    }
    fputc('\n', out);
}

int decode_print_files(char *const *paths, size_t n, unsigned passes, bool json,
                       FILE *out, FILE *msgs, bool *all_read,
                       struct ck_error *err)
{
    decoder *d;
    struct decoder_options dopt = {DECODE_STILL, passes};
    *all_read = true;
    int code = decoder_new(&dopt, &d, err);
    if (code)
        return code;
    for (size_t i = 0; i < n; i++) {
        const char *path = paths[i];
        struct gray_frame frame;
        struct decode_result r = {NULL, 0};
        if (image_load(path, &frame, err) ||
            decoder_decode(d, &frame, &r, err)) {
            if (json)
                decode_print_json(out, path, NULL, err);
            char said[2 * sizeof(err->msg)];
            fprintf(msgs, "checkin: %s\n",
                    ck_error_text(err, said, sizeof(said)));
            *all_read = false;
        } else {
            if (json)
                decode_print_json(out, path, &r, NULL);
            else
                decode_print_line(out, path, &r);
            if (!r.count) {
                *all_read = false;
                int side =
                    frame.width < frame.height ? frame.width : frame.height;
                if (!(passes & DECODE_PASS_HARDER) &&
                    side >= DECODE_HALVED_MIN_SIDE)
                    fprintf(msgs,
                            _("checkin: no QR code read in %s; try again "
                              "without --fast, which also scans it at full "
                              "resolution.\n"),
                            path);
            }
        }
        decode_result_free(&r);
        image_free(&frame);
        fflush(out);
    }
    decoder_free(d);
    return CK_OK;
}
