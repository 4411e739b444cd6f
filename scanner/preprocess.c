/* Pixel operations the decoder runs before zbar.  All work on contiguous
 * 8-bit gray buffers the decoder owns; none allocates.  Plain loops the
 * compiler vectorises at -O2; nothing here needs to be clever. */
#include "preprocess.h"

#include <stdlib.h>
#include <string.h>

#include "checkin/vec.h"

/* Local binarisation (ZXing's hybrid binariser rule): 8x8 blocks, a block
 * with less range than this is flat. */
#define BIN_BLOCK PP_BLOCK
#define BIN_MIN_RANGE 24

int pp_buf_reserve(struct pp_buf *b, size_t n)
{
    return CK_VEC_RESERVE(b->p, n, b->cap) ? 0 : -1;
}

void pp_buf_free(struct pp_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->cap = 0;
}

void pp_crop(const struct gray_frame *f, int x, int y, int w, int h,
             uint8_t *out)
{
    for (int r = 0; r < h; r++)
        memcpy(out + (size_t)r * w, f->pixels + (size_t)(y + r) * f->stride + x,
               (size_t)w);
}

void pp_pad(const uint8_t *in, int w, int h, int border, uint8_t *out)
{
    int ow = w + 2 * border;
    memset(out, 255, (size_t)ow * (h + 2 * border));
    for (int y = 0; y < h; y++)
        memcpy(out + (size_t)(y + border) * ow + border, in + (size_t)y * w,
               (size_t)w);
}

#define CHUNK PP_CHUNK

/* The loops run to a multiple of CHUNK, which GCC vectorises at -O2
 * too (its cost model there takes only loops whose count is a known
 * multiple of the vector's, with no aliasing to check at run time; -O3
 * vectorised the plain loop), then the rest.  Out of line: inlined into
 * the row scans, the restrict pointers no longer told -O2 the rows do
 * not overlap; and a nest of CHUNK-pixel loops, which -O2 vectorised
 * inlined, -O3 vectorised across chunks (1.7x the row scan's
 * instructions). */
void pp_below(const uint8_t *restrict row, const uint8_t *restrict thr, int w,
              uint8_t flip, uint8_t *restrict out)
{
    int full = w & ~(CHUNK - 1);
    for (int x = 0; x < full; x++)
        out[x] = (uint8_t)((row[x] < thr[x]) ^ flip);
    for (int x = full; x < w; x++)
        out[x] = (uint8_t)((row[x] < thr[x]) ^ flip);
}

void pp_widen(const uint8_t *restrict p, int w, uint16_t *restrict sum)
{
    int full = w & ~(CHUNK - 1);
    for (int x = 0; x < full; x++)
        sum[x] = p[x];
    for (int x = full; x < w; x++)
        sum[x] = p[x];
}

/* n pixels of the halved row from the rows r0 and r1. */
static void average_2x2(const uint8_t *restrict r0, const uint8_t *restrict r1,
                        uint8_t *restrict o, int n)
{
    /* CHUNK output pixels a loop of that fixed count, which GCC
     * vectorises at -O2 too (pp_below()): under half the instructions of
     * the word loop below, which takes the rest (8.6 M against 19.2 M on
     * seed 6's 640x480 scenes, RelWithDebInfo). */
    for (; n >= CHUNK; n -= CHUNK, r0 += 2 * CHUNK, r1 += 2 * CHUNK, o += CHUNK)
        for (int k = 0; k < CHUNK; k++)
            o[k] = (uint8_t)((r0[2 * k] + r0[2 * k + 1] + r1[2 * k] +
                              r1[2 * k + 1] + 2) >>
                             2);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* Four output pixels from eight bytes of each row at a time: the
     * 2x2 sums in 16-bit lanes of one word (at most 1022), then their
     * low bytes packed together. */
    const uint64_t lo = 0x00ff00ff00ff00ffull;
    for (; n >= 4; n -= 4, r0 += 8, r1 += 8, o += 4) {
        uint64_t a, b;
        memcpy(&a, r0, 8);
        memcpy(&b, r1, 8);
        uint64_t s = (a & lo) + (a >> 8 & lo) + (b & lo) + (b >> 8 & lo) +
                     0x0002000200020002ull;
        s = s >> 2 & lo;
        s = (s | s >> 8) & 0x0000ffff0000ffffull;
        uint32_t out = (uint32_t)(s | s >> 16);
        memcpy(o, &out, 4);
    }
#endif
    for (int x = 0; x < n; x++)
        o[x] = (uint8_t)((r0[2 * x] + r0[2 * x + 1] + r1[2 * x] +
                          r1[2 * x + 1] + 2) >>
                         2);
}

void pp_downscale2(const struct gray_frame *f, uint8_t *out)
{
    int hw = f->width / 2, hh = f->height / 2;
    for (int y = 0; y < hh; y++) {
        const uint8_t *r0 = f->pixels + (size_t)(2 * y) * f->stride;
        const uint8_t *r1 = r0 + f->stride;
        uint8_t *o = out + (size_t)y * hw;
        average_2x2(r0, r1, o, hw);
    }
}

void pp_upscale2(const uint8_t *in, int w, int h, uint8_t *out)
{
    int ow = 2 * w;
    for (int y = 0; y < h; y++) {
        const uint8_t *r0 = in + (size_t)y * w;
        const uint8_t *r1 = y + 1 < h ? r0 + w : r0;
        uint8_t *o0 = out + (size_t)(2 * y) * ow, *o1 = o0 + ow;
        for (int x = 0; x < w; x++) {
            int x1 = x + 1 < w ? x + 1 : x;
            unsigned a = r0[x], b = r0[x1], c = r1[x], e = r1[x1];
            o0[2 * x] = (uint8_t)a;
            o0[2 * x + 1] = (uint8_t)((a + b + 1) >> 1);
            o1[2 * x] = (uint8_t)((a + c + 1) >> 1);
            o1[2 * x + 1] = (uint8_t)((a + b + c + e + 2) >> 2);
        }
    }
}

void pp_invert(const uint8_t *in, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)(255 - in[i]);
}

size_t pp_binarize_tmp(int w, int h)
{
    size_t bw = (size_t)(w + BIN_BLOCK - 1) / BIN_BLOCK;
    size_t bh = (size_t)(h + BIN_BLOCK - 1) / BIN_BLOCK;
    /* Two bytes a block, then the column sums, minima and maxima of one
     * band of rows. */
    return 2 * bw * bh + 4 * (size_t)w + 16;
}

/* Sum, count, darkest and lightest pixel of one BIN_BLOCK square block
 * (cut at the frame's right and bottom edges). */
struct block_stats {
    unsigned sum, cnt, lo, hi;
};

/* Column sums, minima and maxima of rows y0..y1-1 of the contiguous
 * w-wide image `in` (one band of blocks), into col: sums (w uint16_t,
 * 2-byte aligned), then minima, then maxima (w bytes each). */
struct band {
    uint16_t *sum;
    uint8_t *lo, *hi;
};

static struct band band_columns(const uint8_t *in, int w, int y0, int y1,
                                uint8_t *col)
{
    struct band b;
    b.sum = (uint16_t *)(void *)(col + ((uintptr_t)col & 1));
    b.lo = (uint8_t *)(b.sum + w);
    b.hi = b.lo + w;
    const uint8_t *p = in + (size_t)y0 * w;
    pp_widen(p, w, b.sum);
    memcpy(b.lo, p, (size_t)w);
    memcpy(b.hi, p, (size_t)w);
    int full = w / CHUNK * CHUNK;
    for (int y = y0 + 1; y < y1; y++) {
        p = in + (size_t)y * w;
        for (int x = 0; x < full; x += CHUNK)
            pp_fold_chunk(p + x, b.sum + x, b.lo + x, b.hi + x);
        for (int x = full; x < w; x++) {
            uint8_t v = p[x];
            b.sum[x] = (uint16_t)(b.sum[x] + v);
            b.lo[x] = v < b.lo[x] ? v : b.lo[x];
            b.hi[x] = v > b.hi[x] ? v : b.hi[x];
        }
    }
    return b;
}

/* Block bx of a band of `rows` rows whose columns are in `b`. */
static inline struct block_stats block_stats(const struct band *b, int w,
                                             int rows, int bx)
{
    int x0 = bx * BIN_BLOCK;
    int x1 = x0 + BIN_BLOCK > w ? w : x0 + BIN_BLOCK;
    struct block_stats s = {0, (unsigned)((x1 - x0) * rows), 255, 0};
    pp_reduce_block(b->sum, b->lo, b->hi, x0, x1 - x0, &s.sum, &s.lo, &s.hi);
    return s;
}

void pp_binarize(const uint8_t *in, int w, int h, uint8_t *out, uint8_t *tmp)
{
    int bw = (w + BIN_BLOCK - 1) / BIN_BLOCK;
    int bh = (h + BIN_BLOCK - 1) / BIN_BLOCK;
    size_t nb = (size_t)bw * bh;
    uint8_t *avg = tmp, *thr = tmp + nb;
    for (int by = 0; by < bh; by++) {
        int y0 = by * BIN_BLOCK;
        int y1 = y0 + BIN_BLOCK > h ? h : y0 + BIN_BLOCK;
        struct band band = band_columns(in, w, y0, y1, tmp + 2 * nb);
        for (int bx = 0; bx < bw; bx++) {
            struct block_stats b = block_stats(&band, w, y1 - y0, bx);
            /* A flat block counts at half its minimum, so it pulls the
             * threshold of its neighbourhood down and comes out white
             * (paper, background); a flat block inside a large dark
             * module still sits below its contrasty neighbours. */
            unsigned a = b.hi - b.lo > BIN_MIN_RANGE ? b.sum / b.cnt : b.lo / 2;
            avg[(size_t)by * bw + bx] = (uint8_t)a;
        }
    }
    /* Threshold: mean of the 5x5 block neighbourhood. */
    for (int by = 0; by < bh; by++) {
        for (int bx = 0; bx < bw; bx++) {
            unsigned sum = 0, cnt = 0;
            for (int dy = -2; dy <= 2; dy++) {
                int yy = by + dy;
                if (yy < 0 || yy >= bh)
                    continue;
                for (int dx = -2; dx <= 2; dx++) {
                    int xx = bx + dx;
                    if (xx < 0 || xx >= bw)
                        continue;
                    sum += avg[(size_t)yy * bw + xx];
                    cnt++;
                }
            }
            thr[(size_t)by * bw + bx] = (uint8_t)(sum / cnt);
        }
    }
    for (int y = 0; y < h; y++) {
        const uint8_t *row = in + (size_t)y * w;
        uint8_t *o = out + (size_t)y * w;
        const uint8_t *t = thr + (size_t)(y / BIN_BLOCK) * bw;
        for (int x = 0; x < w; x++)
            o[x] = row[x] > t[x / BIN_BLOCK] ? 255 : 0;
    }
}

void pp_flatten(const uint8_t *in, int w, int h, uint8_t *out, uint8_t *tmp,
                uint16_t *sums)
{
    int bw = (w + BIN_BLOCK - 1) / BIN_BLOCK;
    int bh = (h + BIN_BLOCK - 1) / BIN_BLOCK;
    size_t nb = (size_t)bw * bh;
    uint8_t *flat = tmp, *mean = tmp + nb;
    for (int by = 0; by < bh; by++) {
        int y0 = by * BIN_BLOCK;
        int y1 = y0 + BIN_BLOCK > h ? h : y0 + BIN_BLOCK;
        struct band band = band_columns(in, w, y0, y1, tmp + 2 * nb);
        for (int bx = 0; bx < bw; bx++) {
            struct block_stats b = block_stats(&band, w, y1 - y0, bx);
            size_t k = (size_t)by * bw + bx;
            flat[k] = b.hi - b.lo <= BIN_MIN_RANGE;
            /* Whole blocks: a shift, not a division. */
            mean[k] = (uint8_t)(b.cnt == BIN_BLOCK * BIN_BLOCK
                                    ? b.sum / (BIN_BLOCK * BIN_BLOCK)
                                    : b.sum / b.cnt);
            if (sums)
                sums[k] = (uint16_t)(flat[k] ? mean[k] * b.cnt : b.sum);
        }
        for (int y = y0; y < y1; y++) {
            const uint8_t *row = in + (size_t)y * w;
            uint8_t *o = out + (size_t)y * w;
            size_t b0 = (size_t)by * bw;
            int full = w / BIN_BLOCK;
            /* Whole blocks with fixed sizes (single stores, no calls). */
            for (int bx = 0; bx < full; bx++) {
                int x0 = bx * BIN_BLOCK;
                if (flat[b0 + bx])
                    memset(o + x0, mean[b0 + bx], BIN_BLOCK);
                else
                    memcpy(o + x0, row + x0, BIN_BLOCK);
            }
            if (full < bw) {
                int x0 = full * BIN_BLOCK;
                if (flat[b0 + full])
                    memset(o + x0, mean[b0 + full], (size_t)(w - x0));
                else
                    memcpy(o + x0, row + x0, (size_t)(w - x0));
            }
        }
    }
}
