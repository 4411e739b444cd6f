/* The one image format between label rendering and printer drivers: a
 * 1-bit bitmap at the printer's resolution, rows packed MSB first, 1 =
 * black dot.  Row 0 is the top of the label as a person reads it (the
 * leading edge out of the printer); drivers handle any mirroring their
 * command set needs. */
#ifndef CHECKIN_BITMAP_H
#define CHECKIN_BITMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"

struct bitmap1 {
    uint8_t *bits;
    int width, height; /* dots */
    size_t stride;     /* bytes per row, >= (width + 7) / 8 */
};

/* A white bitmap of width x height dots; free with bitmap1_free. */
int bitmap1_new(int width, int height, struct bitmap1 *out /* out */,
                struct ck_error *err) CK_MUST_CHECK;
void bitmap1_free(struct bitmap1 *bm);

static inline bool bitmap1_get(const struct bitmap1 *bm, int x, int y)
{
    return (bm->bits[(size_t)y * bm->stride + (size_t)(x >> 3)] >>
            (7 - (x & 7))) &
           1;
}

static inline void bitmap1_set(struct bitmap1 *bm, int x, int y, bool black)
{
    uint8_t *p = &bm->bits[(size_t)y * bm->stride + (size_t)(x >> 3)];
    uint8_t bit = (uint8_t)(0x80 >> (x & 7));
    *p = black ? (uint8_t)(*p | bit) : (uint8_t)(*p & ~bit);
}

/* Threshold 8-bit gray (0 = black) at `level`: gray < level is black. */
int bitmap1_from_gray(const uint8_t *gray, int width, int height, size_t stride,
                      int level, struct bitmap1 *out /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* A growable byte buffer for encoded printer jobs. */
struct bytebuf {
    uint8_t *data;
    size_t len, cap;
};
int bytebuf_append(struct bytebuf *b, const void *p, size_t n) CK_MUST_CHECK;
void bytebuf_free(struct bytebuf *b);

#endif
