/* Pixel operations the decoder runs before zbar: copies, 2x scaling,
 * local binarisation, inversion, padding.  Private to scanner/. */
#ifndef CHECKIN_PREPROCESS_H
#define CHECKIN_PREPROCESS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "checkin/frame.h"

/* A growable scratch buffer. */
struct pp_buf {
    uint8_t *p;
    size_t cap;
};

/* Make room for `n` bytes; 0 on success, -1 when out of memory. */
int pp_buf_reserve(struct pp_buf *b, size_t n);
void pp_buf_free(struct pp_buf *b);

/* Copy the w x h rectangle at (x, y) of `f` into `out` (w bytes a row). */
void pp_crop(const struct gray_frame *f, int x, int y, int w, int h,
             uint8_t *out);

/* Average 2x2 blocks: `out` is (width/2) x (height/2), contiguous. */
void pp_downscale2(const struct gray_frame *f, uint8_t *out);

/* Bilinear 2x enlargement of a contiguous w x h image into 2w x 2h. */
void pp_upscale2(const uint8_t *in, int w, int h, uint8_t *out);

/* Local binarisation of a contiguous w x h image into 0/255: each 8x8
 * block is thresholded at the mean of its 5x5 block neighbourhood, flat
 * blocks follow their neighbours.  Flat areas come out uniform, so zbar
 * finds no edges there.  `tmp` needs pp_binarize_tmp(w, h) bytes. */
size_t pp_binarize_tmp(int w, int h);
void pp_binarize(const uint8_t *in, int w, int h, uint8_t *out, uint8_t *tmp);

/* Noise removal for zbar's edge detector: 8x8 blocks with less range than
 * the binariser's flat limit are set to their mean, the others kept as
 * they are.  `tmp` needs pp_binarize_tmp(w, h) bytes.  `sums`, unless
 * NULL, gets the sum of each 8x8 block of `out` (blocks in rows,
 * (w + 7) / 8 a row). */
void pp_flatten(const uint8_t *in, int w, int h, uint8_t *out, uint8_t *tmp,
                uint16_t *sums);

/* Copy a contiguous w x h image into the middle of a white one with
 * `border` pixels on every side ((w + 2 border) x (h + 2 border)). */
void pp_pad(const uint8_t *in, int w, int h, int border, uint8_t *out);

/* out = 255 - in, n bytes. */
void pp_invert(const uint8_t *in, size_t n, uint8_t *out);

/* The first x > from where row[x] != v (or w): the end of the run of
 * v = row[from] in a row of 0/1 bytes.  The next byte first (runs in
 * cluttered or noisy rows are mostly a pixel or two: 1.9 % fewer
 * instructions for the decode at 640x480 than the word loop alone;
 * checking two bytes first was dearer), then eight bytes at a time. */
static inline int pp_run_end(const uint8_t *row, int from, int w, uint8_t v)
{
    int x = from + 1;
    if (x < w && row[x] != v)
        return x;
    uint64_t pat = v ? 0x0101010101010101ull : 0;
    while (x + 8 <= w) {
        uint64_t b;
        memcpy(&b, row + x, 8);
        b ^= pat;
        if (b)
            return x + __builtin_ctzll(b) / 8;
        x += 8;
    }
    while (x < w && row[x] == v)
        x++;
    return x;
}

/* A row of w 0/1 bytes packed into bits, bit x % 64 of word x / 64 (the
 * bits past w 0): eight bytes a multiply on little-endian machines.
 * bits holds (w + 63) / 64 words. */
static inline void pp_pack_bits(const uint8_t *row, int w, uint64_t *bits)
{
    int nw = (w + 63) / 64;
    for (int i = 0; i < nw; i++) {
        uint64_t word = 0;
        int x0 = i * 64, n = w - x0 < 64 ? w - x0 : 64;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        int k = 0;
        for (; k + 8 <= n; k += 8) {
            uint64_t b;
            memcpy(&b, row + x0 + k, 8);
            /* Byte j (0 or 1) to bit 56 + j: the bytes' bits land in
             * the top byte in order. */
            word |= ((b * 0x0102040810204080ull) >> 56) << k;
        }
        for (; k < n; k++)
            word |= (uint64_t)(row[x0 + k] & 1) << k;
#else
        for (int k = 0; k < n; k++)
            word |= (uint64_t)(row[x0 + k] & 1) << k;
#endif
        bits[i] = word;
    }
}

/* Where the runs of a row packed by pp_pack_bits() (w pixels) end: every
 * x > 0 whose pixel differs from the one before, then w, into
 * ends[0..n) (room for w + 1); returns n. */
static inline int pp_run_ends(const uint64_t *bits, int w, int *ends)
{
    int n = 0, nw = (w + 63) / 64;
    uint64_t carry = bits[0] & 1;
    for (int i = 0; i < nw; i++) {
        uint64_t b = bits[i], t = b ^ ((b << 1) | carry);
        carry = b >> 63;
        if (i == nw - 1 && (w & 63))
            t &= (1ull << (w & 63)) - 1;
        while (t) {
            ends[n++] = i * 64 + __builtin_ctzll(t);
            t &= t - 1;
        }
    }
    ends[n++] = w;
    return n;
}

/* Pixels at a time in the loops meant to vectorise: a fixed count. */
#define PP_CHUNK 16

/* out[x] = (row[x] < thr[x]) ^ flip (0 or 1) for x < w: the ink of a
 * row against its per-pixel thresholds. */
void pp_below(const uint8_t *restrict row, const uint8_t *restrict thr, int w,
              uint8_t flip, uint8_t *restrict out);

/* sum[x] = p[x] for x < w: the first row of a band's column sums. */
void pp_widen(const uint8_t *restrict p, int w, uint16_t *restrict sum);

/* Add PP_CHUNK pixels of one row to their column sums, minima and
 * maxima. */
static inline void pp_fold_chunk(const uint8_t *restrict p,
                                 uint16_t *restrict sum, uint8_t *restrict lo,
                                 uint8_t *restrict hi)
{
    for (int k = 0; k < PP_CHUNK; k++) {
        uint8_t v = p[k];
        sum[k] = (uint16_t)(sum[k] + v);
        lo[k] = v < lo[k] ? v : lo[k];
        hi[k] = v > hi[k] ? v : hi[k];
    }
}

/* Whether five runs r[0..4] (the core r[2]) may fit 1:1:3:1:1 under a
 * test that takes cores of at least a fraction c of the five runs and
 * other runs of at most a fraction o, where o / c = num / den: the core
 * at least 2 pixels (the tests need 7 in all, c above 1/7) and no other
 * run longer than num / den of it.  Tested first on every run end of a
 * scanned row: in clutter and noise most end here. */
static inline int pp_core_may_fit(const int r[5], int num, int den)
{
    int a = r[0] > r[1] ? r[0] : r[1], b = r[3] > r[4] ? r[3] : r[4];
    return r[2] > 1 && den * (a > b ? a : b) <= num * r[2];
}

/* One block's column sums, minima and maxima (n columns from x0)
 * reduced to its sum, minimum and maximum.  Blocks of PP_BLOCK columns
 * (all but the last of a row) take a loop of a fixed count, which
 * vectorises. */
#define PP_BLOCK 8
static inline void pp_reduce_block(const uint16_t *sum, const uint8_t *lo,
                                   const uint8_t *hi, int x0, int n,
                                   unsigned *s /* out */, unsigned *l /* out */,
                                   unsigned *h /* out */)
{
    unsigned a = 0, b = 255, c = 0;
    if (n == PP_BLOCK) {
        /* In the lanes' own widths (a block of at most PP_BLOCK rows sums
         * to at most 16,320): GCC's -O2 vectorises no reduction into a
         * wider type (15 M instructions against 18 M on seed 6's
         * 640x480 scenes, RelWithDebInfo). */
        uint16_t a16 = 0;
        uint8_t b8 = 255, c8 = 0;
        for (int k = x0; k < x0 + PP_BLOCK; k++) {
            a16 = (uint16_t)(a16 + sum[k]);
            b8 = lo[k] < b8 ? lo[k] : b8;
            c8 = hi[k] > c8 ? hi[k] : c8;
        }
        a = a16;
        b = b8;
        c = c8;
    } else {
        for (int k = x0; k < x0 + n; k++) {
            a += sum[k];
            b = lo[k] < b ? lo[k] : b;
            c = hi[k] > c ? hi[k] : c;
        }
    }
    *s = a;
    *l = b;
    *h = c;
}

#endif
