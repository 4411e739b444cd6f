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

/* A link (or any text) as a QR code for a phone's camera app, at error
 * correction M (a link is long; a screen or paper shows it sharp): */
/* as a PNG at `path`, `module_px` pixels a module with the standard 4
 * modules of quiet zone, written whole and mode 0600 (a station's link
 * carries its token), replacing an earlier file but never through a
 * symbolic link; */
int qr_write_png(const char *text, int module_px, const char *path,
                 struct ck_error *err) CK_MUST_CHECK;
/* and as lines for a terminal in *out (malloc'd, UTF-8): two modules a
 * character cell (upper and lower half blocks), light modules drawn in
 * bright white on black by ANSI colours, so that it reads the same on a
 * light or a dark terminal, with a quiet zone of 2 modules. */
int qr_for_terminal(const char *text, char **out /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

#endif
