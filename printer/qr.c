/* QR code generation on libqrencode (see qr.h).  Not the label layout:
 * that places this bitmap on a label at the printer's resolution. */
#include <cairo.h>
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/atomic_file.h"
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

static cairo_status_t png_out(void *ctx, const unsigned char *data,
                              unsigned int len)
{
    return fwrite(data, 1, len, ctx) == len ? CAIRO_STATUS_SUCCESS
                                            : CAIRO_STATUS_WRITE_ERROR;
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
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        QRcode_free(qr);
        return ck_fail(err, CK_ENOMEM, "Out of memory writing %s.", path);
    }
    uint8_t *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < side; y++) {
        uint32_t *row = (uint32_t *)(data + (size_t)y * stride);
        int my = y / module_px - PNG_QUIET;
        for (int x = 0; x < side; x++) {
            int mx = x / module_px - PNG_QUIET;
            bool dark = mx >= 0 && my >= 0 && mx < qr->width &&
                        my < qr->width && (qr->data[my * qr->width + mx] & 1);
            row[x] = dark ? 0x000000 : 0xFFFFFF;
        }
    }
    QRcode_free(qr);
    cairo_surface_mark_dirty(s);
    struct atomic_file af;
    code = atomic_file_begin(&af, path, ATOMIC_REPLACE, err);
    FILE *f = code ? NULL : atomic_file_stream(&af, err);
    if (!f) {
        cairo_surface_destroy(s);
        if (!code)
            atomic_file_abort(&af);
        return code ? code : CK_ENOMEM;
    }
    cairo_status_t st = cairo_surface_write_to_png_stream(s, png_out, f);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        atomic_file_abort(&af);
        return ck_fail(err, CK_EIO, "Cannot write %s: %s.", path,
                       cairo_status_to_string(st));
    }
    return atomic_file_commit(&af, err);
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
