/* QR code generation on libqrencode (see qr.h).  Not the label layout:
 * that places this bitmap on a label at the printer's resolution. */
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/bitmap.h"
#include "checkin/label.h"
#include "checkin/qr.h"

/* Quiet zones: the standard's 4 modules on paper; 2 on a terminal, whose
 * black surround is quiet already and whose lines are few. */
#define PNG_QUIET 4
#define TERMINAL_QUIET 2

static int alphanumeric(const char *s, size_t n)
{
    static const char AN[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0' || !strchr(AN, s[i]))
            return 0;
    return 1;
}

int qr_render(const char *data, size_t len, int module_px, int quiet,
              struct qr_bitmap *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (module_px < 1 || module_px > 64 || quiet < 0 || quiet > 16 ||
        len == 0 || len > 2000)
        return ck_fail(err, CK_EINVAL,
                       "Cannot draw a QR code of %zu bytes with %d-pixel "
                       "modules.",
                       len, module_px);
    QRinput *in = QRinput_new2(0, QR_ECLEVEL_Q);
    if (!in)
        return ck_fail(err, CK_ENOMEM, "Out of memory drawing a QR code.");
    QRencodeMode mode = alphanumeric(data, len) ? QR_MODE_AN : QR_MODE_8;
    QRcode *qr = NULL;
    if (QRinput_append(in, mode, (int)len, (const unsigned char *)data) == 0)
        qr = QRcode_encodeInput(in);
    QRinput_free(in);
    if (!qr)
        return ck_fail(err, CK_EINVAL,
                       "%zu bytes do not fit in a QR code at error "
                       "correction Q.",
                       len);
    int side = (qr->width + 2 * quiet) * module_px;
    uint8_t *px = malloc((size_t)side * (size_t)side);
    if (!px) {
        QRcode_free(qr);
        return ck_fail(err, CK_ENOMEM, "Out of memory drawing a QR code.");
    }
    memset(px, 255, (size_t)side * (size_t)side);
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++) {
            if (!(qr->data[y * qr->width + x] & 1)) /* bit 0: dark module */
                continue;
            for (int dy = 0; dy < module_px; dy++)
                memset(px + (size_t)((y + quiet) * module_px + dy) * side +
                           (size_t)(x + quiet) * module_px,
                       0, (size_t)module_px);
        }
    out->pixels = px;
    out->width = out->height = side;
    out->stride = (size_t)side;
    out->version = qr->version;
    out->modules = qr->width;
    QRcode_free(qr);
    return CK_OK;
}

void qr_bitmap_free(struct qr_bitmap *bm)
{
    if (!bm)
        return;
    free(bm->pixels);
    bm->pixels = NULL;
}

/* A link at error correction M (libqrencode's own choice of modes). */
static int encode_link(const char *text, QRcode **out, struct ck_error *err)
{
    size_t len = strlen(text);
    *out = NULL;
    if (!len || len > 1000)
        return ck_fail(err, CK_EINVAL,
                       "Cannot draw a QR code of %zu bytes; give a link.", len);
    *out = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!*out)
        return ck_fail(err, CK_ENOMEM, "Out of memory drawing a QR code.");
    return CK_OK;
}

int qr_write_png(const char *text, int module_px, const char *path,
                 struct ck_error *err)
{
    QRcode *qr = NULL;
    int code = encode_link(text, &qr, err);
    if (code)
        return code;
    if (module_px < 1 || module_px > 64)
        module_px = 8;
    int side = (qr->width + 2 * PNG_QUIET) * module_px;
    /* Drawn as a label's bitmap, and written as labels are: whole, 0600,
     * never through a link (label_image_write_png). */
    struct label_image img = {.dpi = 0};
    code = bitmap1_new(side, side, &img.bitmap, err);
    for (int y = 0; !code && y < side; y++) {
        int my = y / module_px - PNG_QUIET;
        for (int x = 0; x < side; x++) {
            int mx = x / module_px - PNG_QUIET;
            bool dark = mx >= 0 && my >= 0 && mx < qr->width &&
                        my < qr->width && (qr->data[my * qr->width + mx] & 1);
            bitmap1_set(&img.bitmap, x, y, dark);
        }
    }
    QRcode_free(qr);
    if (!code)
        code = label_image_write_png(&img, path, err);
    bitmap1_free(&img.bitmap);
    return code;
}

int qr_for_terminal(const char *text, char **out, struct ck_error *err)
{
    *out = NULL;
    QRcode *qr = NULL;
    int code = encode_link(text, &qr, err);
    if (code)
        return code;
    int side = qr->width + 2 * TERMINAL_QUIET;
    /* A line: colours, side cells of up to 3 bytes, reset, newline. */
    size_t cap = (size_t)((side + 1) / 2) * ((size_t)side * 3 + 32) + 1;
    char *buf = malloc(cap);
    if (!buf) {
        QRcode_free(qr);
        return ck_fail(err, CK_ENOMEM, "Out of memory drawing a QR code.");
    }
    size_t n = 0;
    for (int y = 0; y < side; y += 2) {
        n += (size_t)snprintf(buf + n, cap - n, "\033[40;97m");
        for (int x = 0; x < side; x++) {
            bool light[2];
            for (int h = 0; h < 2; h++) {
                int my = y + h - TERMINAL_QUIET, mx = x - TERMINAL_QUIET;
                light[h] =
                    !(mx >= 0 && my >= 0 && mx < qr->width && my < qr->width &&
                      (qr->data[my * qr->width + mx] & 1));
                if (y + h >= side)
                    light[h] = false; /* below the code: the terminal's */
            }
            const char *cell = light[0] && light[1] ? "\u2588"
                               : light[0]           ? "\u2580"
                               : light[1]           ? "\u2584"
                                                    : " ";
            size_t l = strlen(cell);
            memcpy(buf + n, cell, l);
            n += l;
        }
        n += (size_t)snprintf(buf + n, cap - n, "\033[0m\n");
    }
    buf[n] = '\0';
    QRcode_free(qr);
    *out = buf;
    return CK_OK;
}
