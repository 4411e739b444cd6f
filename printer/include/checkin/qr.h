/* QR codes as bitmaps, with libqrencode: the code a badge or ticket
 * carries, drawn with every module on whole pixels (printer dots) and a
 * quiet zone, so that printing never blurs a module edge. */
#ifndef CHECKIN_QR_H
#define CHECKIN_QR_H

#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"

/* 8-bit gray, 0 = black module, 255 = white.  Owns `pixels`. */
struct qr_bitmap {
    uint8_t *pixels;
    int width, height; /* pixels, quiet zone included */
    size_t stride;     /* bytes per row (= width) */
    int version;       /* QR version 1-40 */
    int modules;       /* modules per side, without the quiet zone */
};

/* Encode `len` bytes at error correction Q: alphanumeric mode when every
 * byte is in QR's alphanumeric set (badge codes are), 8-bit otherwise.
 * Each module is `module_px` pixels square, with `quiet` modules of white
 * around (the standard asks for 4). */
int qr_render(const char *data, size_t len, int module_px, int quiet,
              struct qr_bitmap *out /* out */,
              struct ck_error *err) CK_MUST_CHECK;

/* Free the pixels; accepts NULL and a zeroed bitmap. */
void qr_bitmap_free(struct qr_bitmap *bm);

#endif
