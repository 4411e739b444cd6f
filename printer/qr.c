/* QR code generation on libqrencode (see qr.h).  Not the label layout:
 * that places this bitmap on a label at the printer's resolution. */
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/qr.h"

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
