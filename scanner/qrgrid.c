/* Where a QR code's module grid lies in a frame, found without zbar, so
 * that zbar only has to read a small clean image of the sampled grid
 * instead of scanning the frame (its line scanner costs 14-23 ns a pixel
 * on cluttered frames).  Facts used, from ISO/IEC 18004:
 *
 *   - a finder pattern is 7x7 modules: a dark ring, a light ring and a
 *     dark 3x3 core, so any line through its centre crosses runs in the
 *     ratio 1:1:3:1:1 (section 6.3.3);
 *   - the finders sit in three corners, their centres 3.5 modules in from
 *     the symbol's edges; the symbol has 17 + 4 * version modules a side
 *     (6.3.1);
 *   - from version 2 on, an alignment pattern (5x5: dark ring, light
 *     ring, one dark module) is centred 6.5 modules in from the bottom
 *     right corner (6.3.6, annex E).
 *
 * The frame is thresholded locally (8x8 blocks, each against the mean of
 * its 5x5 block neighbourhood; a block with little contrast counts as
 * paper unless its neighbours are lighter than its darkest pixel), finders
 * are found along rows and confirmed down the column and across the
 * diagonal (or, when no three make a code, the third predicted from two
 * and found by its module pattern), triples that can be one code are
 * ranked, and each
 * gives a perspective transform (with the alignment pattern) or an affine
 * one (without).  Not for: decoding the modules; zbar does that, and its
 * Reed-Solomon check keeps a wrong sample from becoming a wrong payload. */
#include "qrgrid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/vec.h"
#include "preprocess.h"

#define QB PP_BLOCK   /* threshold block side, pixels */
#define FLAT_RANGE 24 /* a block with less range than this is flat */
/* The second look: 3x3 blocks, and only very flat ones are paper (dim
 * screens: little contrast, next to a phone's black border). */
#define FINE_FLAT_RANGE 6
#define MAX_CANDS 48          /* finder candidates kept per frame */
#define TOP_CANDS QG_MAX_SEEN /* of which the best make triples */
#define MAX_TRIPLES 6

/* The tuning constants of the finder search and the triples, named once
 * (docs/decoder.md, "The fast path", has the steps they tune).
 *
 * Rows: frames taller than this are scanned every third row, others
 * every second (a finder's core is 3 modules tall, so a finder of 1 px
 * modules is still crossed). */
#define TALL_ROWS 720
/* Modules: sightings of a finder within this of a candidate (its module
 * size) are the same finder, averaged into it... */
#define MERGE_MODULES 1.2
/* ...when their module sizes agree within these factors; confirm()
 * refuses a vertical module size outside them too. */
#define MODULE_RATIO_LO 0.6
#define MODULE_RATIO_HI 1.67
/* Of the row's module size: a core shorter than this down the column
 * ends the vertical check early (before the rings are walked). */
#define CONFIRM_CORE 0.9
/* Modules: a weaker candidate within this of a stronger one is the same
 * finder seen off centre. */
#define PRUNE_MODULES 4
/* Triples: the three finders' module sizes within this factor... */
#define TRIPLE_MODULE_RATIO 1.7
/* ...legs from the top-left finder of LEG_MIN_MODULES to
 * LEG_MAX_MODULES (version 1 has its finders 14 modules apart, version
 * 40 170), within LEG_RATIO of each other (perspective)... */
#define LEG_MIN_MODULES 10
#define LEG_MAX_MODULES 180
#define LEG_RATIO 1.8
/* ...at 63-117 degrees: |cos| of the angle between them at most this
 * (perspective and tilt bend the right angle). */
#define RIGHT_ANGLE_COS 0.45
/* Pairs predicting a third finder: module sizes within this factor, at
 * least LEG_MIN_MODULES and at most LEG_MAX_MODULES times DIAGONAL
 * (just over the square root of 2: the pair may be a diagonal) apart. */
#define PAIR_MODULE_RATIO 1.4
#define DIAGONAL 1.42
/* The alignment search's radius round the affine guess, modules:
 * dim / ALIGN_RAD_DIV, at least ALIGN_RAD_MIN (ALIGN_MAX_STEPS bounds
 * it for the biggest codes). */
#define ALIGN_RAD_DIV 10.0
#define ALIGN_RAD_MIN 4
/* Tenths of the timing modules (row and column 6) that must sample
 * right for a guess to reach zbar: chance is half, and the scenes'
 * codes give at least 70 % under a good guess. */
#define TIMING_OK_TENTHS 7

struct cand {
    double x, y, m; /* centre (pixel indices), module size */
    int n;          /* rows that confirmed it */
};

void qg_free(struct qg *q)
{
    if (!q)
        return;
    free(q->bin);
    free(q->blocks);
    q->bin = NULL;
    q->blocks = NULL;
    q->bin_cap = q->blocks_cap = 0;
}

#define CHUNK PP_CHUNK

/* Sum, darkest and lightest pixel of every QB x QB block into q->sum,
 * q->lo and q->hi.  Columns are reduced over a band of QB rows first, so
 * the loops run along rows. */
static void block_stats(struct qg *q, uint16_t *csum, uint8_t *cmin,
                        uint8_t *cmax)
{
    const struct gray_frame *f = &q->f;
    int w = f->width, bw = q->bw, full = w / CHUNK * CHUNK;
    for (int by = 0; by < q->bh; by++) {
        int y0 = by * QB, y1 = y0 + QB < f->height ? y0 + QB : f->height;
        const uint8_t *p = f->pixels + (size_t)y0 * f->stride;
        pp_widen(p, w, csum);
        memcpy(cmin, p, (size_t)w);
        memcpy(cmax, p, (size_t)w);
        for (int y = y0 + 1; y < y1; y++) {
            p = f->pixels + (size_t)y * f->stride;
            for (int x = 0; x < full; x += CHUNK)
                pp_fold_chunk(p + x, csum + x, cmin + x, cmax + x);
            for (int x = full; x < w; x++) {
                uint8_t v = p[x];
                csum[x] = (uint16_t)(csum[x] + v);
                cmin[x] = v < cmin[x] ? v : cmin[x];
                cmax[x] = v > cmax[x] ? v : cmax[x];
            }
        }
        for (int bx = 0; bx < bw; bx++) {
            int x0 = bx * QB, x1 = x0 + QB < w ? x0 + QB : w;
            unsigned sum, lo, hi;
            pp_reduce_block(csum, cmin, cmax, x0, x1 - x0, &sum, &lo, &hi);
            size_t b = (size_t)by * bw + bx;
            q->sum[b] = (uint16_t)sum;
            q->lo[b] = (uint8_t)lo;
            q->hi[b] = (uint8_t)hi;
        }
    }
}

int qg_load(struct qg *q, const struct gray_frame *f)
{
    int w = f->width, h = f->height;
    int bw = (w + QB - 1) / QB, bh = (h + QB - 1) / QB;
    size_t nb = (size_t)bw * bh;
    /* Block minima and maxima, then one thresholded row and one row of
     * thresholds, then the column sums, minima and maxima of one band of
     * rows. */
    size_t nwords = ((size_t)w + 63) / 64;
    size_t need = 2 * nb + 2 * (size_t)w + 4 * (size_t)w + 16 + 8 * nwords + 8 +
                  sizeof(int) * ((size_t)w + 8);
    if (!CK_VEC_RESERVE(q->bin, need, q->bin_cap))
        return -1;
    /* Block sums, means, thresholds and the thresholds' row sums. */
    size_t nsums = 4 * nb;
    if (!CK_VEC_RESERVE(q->blocks, nsums, q->blocks_cap))
        return -1;
    q->w = w;
    q->h = h;
    q->bw = bw;
    q->bh = bh;
    q->f = *f;
    q->sum = q->blocks;
    q->mean = q->sum + nb;
    q->thr = q->mean + nb;
    q->across = q->thr + nb;
    q->lo = q->bin;
    q->hi = q->lo + nb;
    q->row = q->hi + nb;
    q->rowthr = q->row + w;
    size_t at = 2 * nb + 2 * (size_t)w;
    uint16_t *csum = (uint16_t *)(void *)(q->bin + ((at + 1) & ~(size_t)1));
    uint8_t *cmin = (uint8_t *)(csum + w), *cmax = cmin + w;
    at = (size_t)(cmax + w - q->bin);
    q->bits = (uint64_t *)(void *)(q->bin + ((at + 7) & ~(size_t)7));
    q->ends = (int *)(void *)(q->bits + nwords);
    block_stats(q, csum, cmin, cmax);
    return 0;
}

/* Sum of v[i * step] over the window [i - rad, i + rad] of every i in
 * [0, n), clipped at the ends, into out[i * step]: a running sum (the
 * middle, where the window is whole, without the clipping tests). */
static void window_sums(const uint16_t *v, int n, size_t step, int rad,
                        uint16_t *out)
{
    unsigned sum = 0;
    int i = 0;
    for (int k = 0; k < rad && k < n; k++)
        sum += v[(size_t)k * step];
    for (; i < n && (i - rad - 1 < 0 || i + rad >= n); i++) {
        if (i + rad < n)
            sum += v[(size_t)(i + rad) * step];
        if (i - rad - 1 >= 0)
            sum -= v[(size_t)(i - rad - 1) * step];
        out[(size_t)i * step] = (uint16_t)sum;
    }
    for (; i + rad < n; i++) {
        sum += v[(size_t)(i + rad) * step];
        sum -= v[(size_t)(i - rad - 1) * step];
        out[(size_t)i * step] = (uint16_t)sum;
    }
    for (; i < n; i++) {
        if (i - rad - 1 >= 0)
            sum -= v[(size_t)(i - rad - 1) * step];
        out[(size_t)i * step] = (uint16_t)sum;
    }
}

/* o[from..to) divided by their neighbourhoods' sizes: ny rows, and the
 * columns within rad of each block that lie in the bw of the row. */
static void divide_clipped(uint16_t *o, int from, int to, int bw, int rad,
                           unsigned ny)
{
    for (int bx = from; bx < to; bx++) {
        int xa = bx - rad < 0 ? 0 : bx - rad;
        int xb = bx + rad >= bw ? bw - 1 : bx + rad;
        o[bx] = (uint16_t)(o[bx] / (ny * (unsigned)(xb - xa + 1)));
    }
}

/* out = the mean of each block's (2 rad + 1)^2 neighbourhood in `mean`
 * (clipped at the frame's edges), summed along the rows into `across`
 * first, then down the columns into `out`. */
static void neighbourhood_mean(const uint16_t *mean, int bw, int bh, int rad,
                               uint16_t *across, uint16_t *out)
{
    for (int by = 0; by < bh; by++)
        window_sums(mean + (size_t)by * bw, bw, 1, rad,
                    across + (size_t)by * bw);
    for (int bx = 0; bx < bw; bx++)
        window_sums(across + bx, bh, (size_t)bw, rad, out + bx);
    for (int by = 0; by < bh; by++) {
        int ya = by - rad < 0 ? 0 : by - rad;
        int yb = by + rad >= bh ? bh - 1 : by + rad;
        unsigned ny = (unsigned)(yb - ya + 1);
        uint16_t *o = out + (size_t)by * bw;
        /* Blocks clear of the edges: a division by a constant (a
         * multiplication) for the two neighbourhood sizes in use. */
        if (ny == 5 && rad == 2 && bw > 4) {
            for (int bx = 2; bx < bw - 2; bx++)
                o[bx] = (uint16_t)(o[bx] / 25u);
        } else if (ny == 3 && rad == 1 && bw > 2) {
            for (int bx = 1; bx < bw - 1; bx++)
                o[bx] = (uint16_t)(o[bx] / 9u);
        } else {
            divide_clipped(o, 0, bw, bw, rad, ny);
            continue;
        }
        divide_clipped(o, 0, rad, bw, rad, ny);
        divide_clipped(o, bw - rad, bw, bw, rad, ny);
    }
}

void qg_threshold(struct qg *q, bool fine, bool light)
{
    int bw = q->bw, bh = q->bh, w = q->w, h = q->h;
    unsigned flat = fine ? FINE_FLAT_RANGE : FLAT_RANGE;
    int rad = fine ? 1 : 2;
    uint16_t *mean = q->mean, *thr = q->thr;
    for (int by = 0; by < bh; by++) {
        int rows = by * QB + QB < h ? QB : h - by * QB;
        for (int bx = 0; bx < bw; bx++) {
            size_t b = (size_t)by * bw + bx;
            unsigned lo = q->lo[b], hi = q->hi[b];
            unsigned avg;
            if (hi - lo <= flat) {
                /* Flat: paper, unless it lies inside something darker
                 * (a big module, a finder's core).  For light ink the
                 * paper is dark: mirrored. */
                avg = light ? hi + (256 - hi) / 2 : lo / 2;
                if (by > 0 && bx > 0) {
                    const uint16_t *up = mean + b - bw;
                    unsigned nb = (up[0] + 2u * mean[b - 1] + up[-1]) / 4;
                    if (light ? hi > nb : lo < nb)
                        avg = nb;
                }
            } else if (rows == QB && bx * QB + QB < w) {
                avg = q->sum[b] / (QB * QB);
            } else {
                int cols = bx * QB + QB < w ? QB : w - bx * QB;
                avg = q->sum[b] / (unsigned)(rows * cols);
            }
            mean[b] = (uint16_t)avg;
        }
    }
    neighbourhood_mean(mean, bw, bh, rad, q->across, thr);
}

/* Nearest integer, without a libm call. */
static inline int iround(double v)
{
    return v >= 0 ? (int)(v + 0.5) : -(int)(0.5 - v);
}

static inline bool inside(const struct qg *q, int x, int y)
{
    return x >= 0 && y >= 0 && x < q->w && y < q->h;
}

/* (x, y), inside the frame, is darker than its block's threshold (or
 * lighter, `inv`). */
static inline int ink(const struct qg *q, int x, int y, int inv)
{
    unsigned ux = (unsigned)x, uy = (unsigned)y;
    int v = q->f.pixels[(size_t)uy * q->f.stride + ux];
    return (v < q->thr[(size_t)(uy / QB) * q->bw + ux / QB]) ^ inv;
}

/* Runs r[0..4] fit 1:1:3:1:1: their module size, or 0. */
static inline double finder_runs(const int r[5])
{
    int total = r[0] + r[1] + r[2] + r[3] + r[4];
    if (total < 7)
        return 0;
    /* The test below in integers, for the runs it rejects by more than
     * rounding could change (almost all of them: every dark run along
     * every scanned row ends here); the core first, which rejects most. */
    int t3 = 3 * total;
    if (2 * abs(7 * r[2] - t3) > t3 || 5 * abs(7 * r[0] - total) > t3 ||
        5 * abs(7 * r[1] - total) > t3 || 5 * abs(7 * r[3] - total) > t3 ||
        5 * abs(7 * r[4] - total) > t3)
        return 0;
    double m = total / 7.0, v = m * 0.6;
    if (fabs(r[0] - m) < v && fabs(r[1] - m) < v && fabs(r[3] - m) < v &&
        fabs(r[4] - m) < v && fabs(r[2] - 3 * m) < 2.5 * v)
        return m;
    return 0;
}

/* The line through ink at (x, y) in steps of (dx, dy) crosses a finder
 * pattern centred there: its module size (in steps), or 0; also 0 as
 * soon as the core is no longer than `min_core` steps.  *off is where
 * the core's middle is, in steps from (x, y). */
static double cross(const struct qg *q, int x, int y, int dx, int dy, int inv,
                    double m, double min_core, double *off)
{
    int r[5] = {0, 0, 0, 0, 0};
    int lim = (int)(m * 2.5) + 2, core_lim = (int)(m * 6) + 3;
    /* The walk goes at most this far either way (the core, then two
     * runs of at most lim + 1, each looking one step on): when that
     * stays in the frame, no step needs the bounds check. */
    int reach = core_lim + 2 * lim + 4;
    bool all = inside(q, x - reach * dx, y - reach * dy) &&
               inside(q, x + reach * dx, y + reach * dy);
    /* The core both ways first (its length is capped as a whole), then
     * the rings: most lines through clutter end at the core test. */
    int ux = x, uy = y;
    while ((all || inside(q, ux, uy)) && ink(q, ux, uy, inv) &&
           r[2] < core_lim) {
        r[2]++;
        ux -= dx;
        uy -= dy;
    }
    int back = r[2];
    int xx = x + dx, yy = y + dy;
    while ((all || inside(q, xx, yy)) && ink(q, xx, yy, inv) &&
           r[2] < core_lim) {
        r[2]++;
        xx += dx;
        yy += dy;
    }
    if (r[2] <= min_core)
        return 0;
    for (int k = 1; k >= 0; k--) {
        int want = k == 0;
        while ((all || inside(q, ux, uy)) && ink(q, ux, uy, inv) == want &&
               r[k] <= lim) {
            r[k]++;
            ux -= dx;
            uy -= dy;
        }
        if (!r[k] || r[k] > lim)
            return 0;
    }
    for (int k = 3; k < 5; k++) {
        int want = k == 4;
        while ((all || inside(q, xx, yy)) && ink(q, xx, yy, inv) == want &&
               r[k] <= lim) {
            r[k]++;
            xx += dx;
            yy += dy;
        }
        if (!r[k] || r[k] > lim)
            return 0;
    }
    *off = (r[2] - 2 * back + 1) / 2.0;
    return finder_runs(r);
}

static void add_cand(struct cand *c, int *nc, double x, double y, double m)
{
    for (int i = 0; i < *nc; i++) {
        double r = c[i].m / m;
        if (fabs(c[i].x - x) <= MERGE_MODULES * c[i].m &&
            fabs(c[i].y - y) <= MERGE_MODULES * c[i].m && r > MODULE_RATIO_LO &&
            r < MODULE_RATIO_HI) {
            double n = c[i].n;
            c[i].x = (c[i].x * n + x) / (n + 1);
            c[i].y = (c[i].y * n + y) / (n + 1);
            c[i].m = (c[i].m * n + m) / (n + 1);
            c[i].n++;
            return;
        }
    }
    if (*nc < MAX_CANDS)
        c[(*nc)++] = (struct cand){x, y, m, 1};
}

/* A finder seen along row y, the dark run that ends before x last of the
 * runs r: confirm it down its column, refine its centre along the row,
 * confirm it across the diagonal. */
static void confirm(const struct qg *q, int inv, int y, int x, const int r[5],
                    double m, struct cand *c, int *nc)
{
    int cx = x - r[4] - r[3] - (r[2] + 1) / 2;
    double off;
    /* A module size below 0.6 m is refused below, and finder_runs()
     * wants a core longer than 1.5 of its module size. */
    double mv = cross(q, cx, y, 0, 1, inv, m, CONFIRM_CORE * m, &off);
    if (mv <= 0 || mv < m * MODULE_RATIO_LO || mv > m * MODULE_RATIO_HI)
        return;
    int cy = iround(y + off);
    if (!inside(q, cx, cy) || !ink(q, cx, cy, inv))
        return;
    double mh = cross(q, cx, cy, 1, 0, inv, m, 0, &off);
    if (mh <= 0)
        return;
    double fx = cx + off;
    int ix = iround(fx);
    if (!inside(q, ix, cy) || !ink(q, ix, cy, inv))
        return;
    double mv2 = cross(q, ix, cy, 0, 1, inv, mv, 0, &off);
    double fy = mv2 > 0 ? cy + off : cy;
    if (cross(q, ix, iround(fy), 1, 1, inv, m, 0, &off) <= 0 &&
        cross(q, ix, iround(fy), 1, -1, inv, m, 0, &off) <= 0)
        return;
    add_cand(c, nc, fx, fy, (mh + mv) / 2);
}

/* Row y thresholded into q->row (1: darker than its block's threshold).
 * The thresholds of its row of blocks are spread to one a pixel first
 * (in q->rowthr, kept while *tby says it holds that row: the scanned
 * rows of a block row share it), so the comparison runs the row's
 * length in one loop, which vectorises (pp_below()). */
static const uint8_t *threshold_row(const struct qg *q, int y, int *tby)
{
    const uint8_t *p = q->f.pixels + (size_t)y * q->f.stride;
    uint8_t *o = q->row, *tx = q->rowthr;
    int w = q->w;
    if (*tby != y / QB) {
        const uint16_t *t = q->thr + (size_t)(y / QB) * q->bw;
        int full = w / QB;
        for (int bx = 0; bx < full; bx++)
            memset(tx + bx * QB, t[bx], QB);
        for (int x = full * QB; x < w; x++)
            tx[x] = (uint8_t)t[x / QB];
        *tby = y / QB;
    }
    pp_below(p, tx, w, 0, o);
    return o;
}

/* Finder patterns seen along every step-th row from the first, added to
 * c[*nc]; `any`: stop at the first.  Returns whether it saw one.  Each
 * row is thresholded, packed into bits and turned into the list of its
 * run ends (about 40 a row at 640x480 on the scenes, a few pixels
 * apart), and only the ends of ink runs are looked at: the runs round
 * one are differences of the ends before it. */
static bool scan_rows(const struct qg *q, int inv, int first, int step,
                      bool any, struct cand *c, int *nc)
{
    int w = q->w, tby = -1, had = *nc;
    /* Five zeros first: the runs before the row's first are empty. */
    int *e = q->ends + 5;
    memset(q->ends, 0, 5 * sizeof(*q->ends));
    for (int y = first; y < q->h; y += step) {
        pp_pack_bits(threshold_row(q, y, &tby), w, q->bits);
        int n = pp_run_ends(q->bits, w, e);
        /* e[k] ends an ink run where k has the parity of the first ink
         * run: the row's first run (k = 0) when its first pixel is ink. */
        int k = ((int)(q->bits[0] & 1) ^ inv) ? 0 : 1;
        for (; k < n; k += 2) {
            int r[5] = {e[k - 4] - e[k - 5], e[k - 3] - e[k - 4],
                        e[k - 2] - e[k - 3], e[k - 1] - e[k - 2],
                        e[k] - e[k - 1]};
            /* finder_runs() takes cores of at least 1.5/7 of the
             * five runs, other runs of at most 1.6/7. */
            if (!pp_core_may_fit(r, 16, 15))
                continue;
            double m = finder_runs(r);
            if (m > 0) {
                confirm(q, inv, y, e[k], r, m, c, nc);
                if (any && *nc > had)
                    return true;
            }
        }
    }
    return *nc > had;
}

static int find_cands(const struct qg *q, int inv, struct cand *c)
{
    int nc = 0;
    int step = q->h > TALL_ROWS ? 3 : 2;
    /* Light ink: most frames show no light finder at all (67 of the
     * 115 light looks at 640x480 on the scenes), so every other of the
     * rows scanned below is looked at first, up to the first finder;
     * none there, none below but one with modules under 2 step / 3 px
     * seen on a single row, which the filter below keeps and no scene
     * frame's read needed.  (Dark ink: most frames show a finder, and
     * the first look cost more than it saved.) */
    if (inv && !scan_rows(q, inv, step / 2, 2 * step, true, c, &nc))
        return 0;
    nc = 0;
    scan_rows(q, inv, step / 2, step, false, c, &nc);
    /* A finder with modules of m px is 3 m rows tall in its core: seen on
     * at least two scanned rows unless its modules are tiny. */
    int k = 0;
    for (int i = 0; i < nc; i++)
        if (c[i].n >= 2 || c[i].m * 3 < 2 * step)
            c[k++] = c[i];
    nc = k;
    /* Most confirmed first; a weaker one within a finder's size of a
     * stronger one is the same finder seen off centre. */
    for (int i = 1; i < nc; i++)
        for (int j = i; j > 0 && c[j].n > c[j - 1].n; j--) {
            struct cand t = c[j];
            c[j] = c[j - 1];
            c[j - 1] = t;
        }
    k = 0;
    for (int i = 0; i < nc; i++) {
        bool dup = false;
        for (int j = 0; j < k && !dup; j++)
            dup = fabs(c[j].x - c[i].x) < PRUNE_MODULES * c[j].m &&
                  fabs(c[j].y - c[i].y) < PRUNE_MODULES * c[j].m;
        if (!dup)
            c[k++] = c[i];
    }
    nc = k;
    return nc < TOP_CANDS ? nc : TOP_CANDS;
}

/* How far from the finder centre (x, y) along (ux, uy) its outer dark
 * ring ends, in pixels, or -1. */
static double extent(const struct qg *q, double x, double y, double ux,
                     double uy, int inv, double lim)
{
    int state = 0;
    /* Half-pixel steps, counted in whole ones (cert-flp30-c). */
    for (int step = 0; step * 0.5 < lim; step++) {
        double t = step * 0.5;
        int px = iround(x + t * ux), py = iround(y + t * uy);
        if (!inside(q, px, py))
            return -1;
        int k = ink(q, px, py, inv);
        if (state == 0 && !k)
            state = 1;
        else if (state == 1 && k)
            state = 2;
        else if (state == 2 && !k)
            return t;
    }
    return -1;
}

/* Module size along the line between finders a and b, measured on both. */
static double leg_module(const struct qg *q, const struct cand *a,
                         const struct cand *b, int inv)
{
    double dx = b->x - a->x, dy = b->y - a->y, d = hypot(dx, dy);
    double ux = dx / d, uy = dy / d, lim = 8 * (a->m + b->m);
    double e1 = extent(q, a->x, a->y, ux, uy, inv, lim);
    double e2 = extent(q, a->x, a->y, -ux, -uy, inv, lim);
    double e3 = extent(q, b->x, b->y, ux, uy, inv, lim);
    double e4 = extent(q, b->x, b->y, -ux, -uy, inv, lim);
    double sum = 0;
    int n = 0;
    if (e1 > 0 && e2 > 0) {
        sum += e1 + e2;
        n++;
    }
    if (e3 > 0 && e4 > 0) {
        sum += e3 + e4;
        n++;
    }
    return n ? sum / (7.0 * n) : (a->m + b->m) / 2;
}

/* Solve the 8x8 system a x = b (a row-major, b in column 8) in place;
 * false when singular. */
static bool solve8(double a[8][9], double x[8])
{
    for (int c = 0; c < 8; c++) {
        int p = c;
        for (int r = c + 1; r < 8; r++)
            if (fabs(a[r][c]) > fabs(a[p][c]))
                p = r;
        if (fabs(a[p][c]) < 1e-12)
            return false;
        for (int k = 0; k < 9; k++) {
            double t = a[c][k];
            a[c][k] = a[p][k];
            a[p][k] = t;
        }
        for (int r = 0; r < 8; r++) {
            if (r == c)
                continue;
            double f = a[r][c] / a[c][c];
            for (int k = c; k < 9; k++)
                a[r][k] -= f * a[c][k];
        }
    }
    for (int c = 0; c < 8; c++)
        x[c] = a[c][8] / a[c][c];
    return true;
}

/* The perspective transform taking module points m[i] to frame points
 * f[i] (four of each, x then y). */
static bool homography(const double m[8], const double f[8], double h[9])
{
    double a[8][9];
    for (int i = 0; i < 4; i++) {
        double u = m[2 * i], v = m[2 * i + 1];
        double x = f[2 * i], y = f[2 * i + 1];
        double r0[9] = {u, v, 1, 0, 0, 0, -u * x, -v * x, x};
        double r1[9] = {0, 0, 0, u, v, 1, -u * y, -v * y, y};
        memcpy(a[2 * i], r0, sizeof(r0));
        memcpy(a[2 * i + 1], r1, sizeof(r1));
    }
    if (!solve8(a, h))
        return false;
    h[8] = 1;
    return true;
}

void qg_map(const struct qg_symbol *s, double mx, double my, double *x,
            double *y)
{
    const double *h = s->h;
    double w = h[6] * mx + h[7] * my + h[8];
    if (fabs(w) < 1e-9)
        w = 1e-9;
    *x = (h[0] * mx + h[1] * my + h[2]) / w;
    *y = (h[3] * mx + h[4] * my + h[5]) / w;
}

/* Where a pattern matches best, over a grid of trial centres: the mean
 * of the centres that share the best score. */
struct spot {
    int best, n;
    double sx, sy;
};

static void spot_add(struct spot *sp, int score, double cx, double cy)
{
    if (score > sp->best)
        *sp = (struct spot){score, 0, 0, 0};
    if (score == sp->best) {
        sp->n++;
        sp->sx += cx;
        sp->sy += cy;
    }
}

/* The best centre in *x, *y when it scored at least `min`. */
static bool spot_centre(const struct spot *sp, int min, double *x, double *y)
{
    if (sp->best < min || !sp->n)
        return false;
    *x = sp->sx / sp->n;
    *y = sp->sy / sp->n;
    return true;
}

/* How many of the (2 r + 1)^2 module samples of a square pattern centred
 * at (cx, cy), module steps u and v, are right: ink, but paper on ring
 * r - 1 (a finder for r = 3; find_alignment() scores the alignment
 * pattern, r = 2, by the same rule from a table of its lattice); a
 * sample outside the frame reads as paper.  -1 as soon as more than
 * `allow` are wrong: the caller has no use for a lower score. */
static int pattern_score(const struct qg *q, int inv, double cx, double cy,
                         const double u[2], const double v[2], int r, int allow)
{
    int score = 0, wrong = 0;
    for (int b = -r; b <= r; b++)
        for (int a = -r; a <= r; a++) {
            int x = iround(cx + a * u[0] + b * v[0]);
            int y = iround(cy + a * u[1] + b * v[1]);
            int ring = abs(a) > abs(b) ? abs(a) : abs(b);
            int got = inside(q, x, y) ? ink(q, x, y, inv) : 0;
            if (got == (ring != r - 1))
                score++;
            else if (++wrong > allow)
                return -1;
        }
    return score;
}

/* The most samples a trial centre may get wrong and still matter: it
 * must reach `min` and the best score so far (ties move the centre). */
static int spot_allow(const struct spot *sp, int samples, int min)
{
    return samples - (sp->best > min ? sp->best : min);
}

/* The bottom-right alignment pattern of a dim-module symbol near the
 * frame point p, module steps u and v there: its centre in *ax, *ay, or
 * false.  Trial centres a quarter module apart, within rad modules of p
 * either way, each scored as pattern_score() does for r = 2.  The 25
 * samples of every trial lie on the same lattice of quarter-module steps
 * (a trial's, shifted by whole modules), so each lattice point is read
 * once, into lat, and a trial's score is up to 25 lookups (on the 24
 * low-light 640x480 frames of the 24-a-condition set, 69 -> 18 M
 * instructions; 13 % of the stream's there before). */
#define ALIGN_FIT 21
#define ALIGN_MAX_STEPS 72 /* rad up to 18 modules: dim 177 / 10 */
static bool find_alignment(const struct qg *q, int inv, const double p[2],
                           const double u[2], const double v[2], double rad,
                           double *ax, double *ay)
{
    int steps = (int)(rad * 4);
    steps = steps > ALIGN_MAX_STEPS ? ALIGN_MAX_STEPS : steps;
    /* Lattice points from -half to half either way: the trials' and
     * their samples two modules (8 steps) out. */
    int half = steps + 8, side = 2 * half + 1;
    uint8_t
        lat[(2 * (ALIGN_MAX_STEPS + 8) + 1) * (2 * (ALIGN_MAX_STEPS + 8) + 1)];
    for (int j = -half; j <= half; j++)
        for (int i = -half; i <= half; i++) {
            int x = iround(p[0] + (i * u[0] + j * v[0]) / 4);
            int y = iround(p[1] + (i * u[1] + j * v[1]) / 4);
            lat[(j + half) * side + i + half] =
                (uint8_t)(inside(q, x, y) ? ink(q, x, y, inv) : 0);
        }
    struct spot spot = {0};
    for (int j = -steps; j <= steps; j++)
        for (int i = -steps; i <= steps; i++) {
            int allow = spot_allow(&spot, 25, ALIGN_FIT);
            const uint8_t *c = lat + (j + half) * side + i + half;
            int score = 0, wrong = 0;
            for (int b = -2; b <= 2 && wrong <= allow; b++)
                for (int a = -2; a <= 2; a++) {
                    int ring = abs(a) > abs(b) ? abs(a) : abs(b);
                    if (c[4 * b * side + 4 * a] == (ring != 1))
                        score++;
                    else if (++wrong > allow)
                        break;
                }
            if (wrong <= allow)
                spot_add(&spot, score, p[0] + (i * u[0] + j * v[0]) / 4,
                         p[1] + (i * u[1] + j * v[1]) / 4);
        }
    return spot_centre(&spot, ALIGN_FIT, ax, ay);
}

/* The transform of the symbol s (its dimension given) from the centres
 * of its finders tl, tr, bl, weighted by wt, wr, wb (the perspective
 * transform's denominators there; all 1: the affine guess), and the
 * fourth corner their weighted sum gives, into s->h. */
static bool corner_transform(const struct cand *tl, const struct cand *tr,
                             const struct cand *bl, double wt, double wr,
                             double wb, struct qg_symbol *s)
{
    int dim = s->dim;
    double w4 = wr + wb - wt;
    if (w4 <= 0.25 * wt)
        return false;
    double mpts[8] = {3.5, 3.5,       dim - 3.5, 3.5,
                      3.5, dim - 3.5, dim - 3.5, dim - 3.5};
    double fpts[8] = {tl->x,
                      tl->y,
                      tr->x,
                      tr->y,
                      bl->x,
                      bl->y,
                      (wr * tr->x + wb * bl->x - wt * tl->x) / w4,
                      (wr * tr->y + wb * bl->y - wt * tl->y) / w4};
    return homography(mpts, fpts, s->h);
}

/* Where perspective puts the bottom-right alignment pattern of a
 * dim-module symbol with finders tl, tr, bl: a tilted code's modules
 * shrink towards its far edge, so the affine guess of the three finders
 * (a parallelogram) overshoots the pattern, by more than the search
 * covers in a version-8 code at 5 px a module and 0.15 tilt (5 modules),
 * and a data module pattern near it may match instead.  The finders'
 * module sizes tell the depth: under a perspective transform the area a
 * module covers goes as 1 / w^3 (w the transform's denominator), so w
 * goes as m^(-2/3), and the finders' centres weighted by their w give
 * the fourth corner.  That transform in ds->h (ds->dim given), the point
 * in c, its module steps there in u and v; false when the point lies
 * within a module of the affine guess's point p (module step pu along the
 * top edge): that search covers it. */
static bool alignment_in_depth(const struct cand *tl, const struct cand *tr,
                               const struct cand *bl, struct qg_symbol *ds,
                               const double p[2], const double pu[2],
                               double c[2], double u[2], double v[2])
{
    double wt = pow(tl->m, -2.0 / 3), wr = pow(tr->m, -2.0 / 3);
    double wb = pow(bl->m, -2.0 / 3);
    if (!corner_transform(tl, tr, bl, wt, wr, wb, ds))
        return false;
    double am = ds->dim - 6.5, e[4][2];
    qg_map(ds, am, am, &c[0], &c[1]);
    if (hypot(c[0] - p[0], c[1] - p[1]) < hypot(pu[0], pu[1]))
        return false;
    qg_map(ds, am - 0.5, am, &e[0][0], &e[0][1]);
    qg_map(ds, am + 0.5, am, &e[1][0], &e[1][1]);
    qg_map(ds, am, am - 0.5, &e[2][0], &e[2][1]);
    qg_map(ds, am, am + 0.5, &e[3][0], &e[3][1]);
    u[0] = e[1][0] - e[0][0];
    u[1] = e[1][1] - e[0][1];
    v[0] = e[3][0] - e[2][0];
    v[1] = e[3][1] - e[2][1];
    return true;
}

struct triple {
    int i, j, k; /* top-left, top-right, bottom-left */
    double score;
    bool wide; /* a finder was predicted: try both neighbouring versions */
};

/* Guesses for the triple t (finders c), appended to out[max] from *n. */
static int timing_right(const struct qg *q, const struct qg_symbol *s, int inv,
                        int *n);

/* At most this many percent of the timing modules right under a guess
 * made to decide whether to search for the alignment pattern: chance is
 * 50, and the scenes' codes, perspective included, give at least 70
 * under the affine guess (and the same reads with 70 here). */
#define AFFINE_HOPELESS 55

/* Whether the finders tl, tr, bl make an affine guess for a symbol of
 * dim modules (the fourth corner completing their parallelogram); then
 * *right of its *n timing modules sample right. */
static bool affine_timing(const struct qg *q, int inv, const struct cand *tl,
                          const struct cand *tr, const struct cand *bl, int dim,
                          int *right, int *n)
{
    struct qg_symbol a = {.dim = dim};
    if (!corner_transform(tl, tr, bl, 1, 1, 1, &a))
        return false;
    *right = timing_right(q, &a, inv, n);
    return true;
}

/* The affine guess of the finders tl, tr, bl for s->dim modules samples
 * the timing patterns no better than chance: the triple is not a code of
 * that size and shape, and the alignment search for it would be
 * wasted. */
static bool affine_hopeless(const struct qg *q, int inv, const struct cand *tl,
                            const struct cand *tr, const struct cand *bl,
                            const struct qg_symbol *s)
{
    int right, n;
    return affine_timing(q, inv, tl, tr, bl, s->dim, &right, &n) &&
           right * 100 <= n * AFFINE_HOPELESS;
}

/* The bottom-right alignment pattern of the symbol s (its dimension)
 * with finders tl, tr, bl, whose affine guess puts it at p with module
 * steps u and v: searched first where perspective puts it, when that is
 * elsewhere (alignment_in_depth(); within DEPTH_RAD modules: on tilted
 * tickets it lay within one) and that transform samples at least
 * DEPTH_TIMING % of the timing modules right (at 0.2 tilt the affine
 * guess's are hopeless; qg_render()'s bar, so that clutter's triples,
 * whose module sizes differ, seldom search there), then at p unless the
 * affine guess is hopeless.  Not inlined: inside qg_symbols() it made
 * GCC compile the row thresholding of find_cands() into 2.8 times its
 * instructions (7 % more for the whole decode in video mode). */
#define DEPTH_RAD 2.5
#define DEPTH_TIMING 70

/* The affine guess of the finders tl, tr, bl for version ver samples at
 * least DEPTH_TIMING % of the timing modules right. */
static bool affine_holds(const struct qg *q, int inv, const struct cand *tl,
                         const struct cand *tr, const struct cand *bl, int ver)
{
    int right, n;
    return affine_timing(q, inv, tl, tr, bl, 17 + 4 * ver, &right, &n) &&
           right * 100 >= n * DEPTH_TIMING;
}
__attribute__((noinline)) static bool find_alignment_near(
    const struct qg *q, int inv, const struct cand *tl, const struct cand *tr,
    const struct cand *bl, const struct qg_symbol *s, const double p[2],
    const double u[2], const double v[2], double *ax, double *ay)
{
    struct qg_symbol ds = *s;
    double c[2], du[2], dv[2];
    int n;
    if (alignment_in_depth(tl, tr, bl, &ds, p, u, c, du, dv) &&
        timing_right(q, &ds, inv, &n) * 100 >= n * DEPTH_TIMING &&
        find_alignment(q, inv, c, du, dv, DEPTH_RAD, ax, ay))
        return true;
    double rad = s->dim / ALIGN_RAD_DIV < ALIGN_RAD_MIN
                     ? ALIGN_RAD_MIN
                     : s->dim / ALIGN_RAD_DIV;
    return !affine_hopeless(q, inv, tl, tr, bl, s) &&
           find_alignment(q, inv, p, u, v, rad, ax, ay);
}

static void guesses(const struct qg *q, int inv, const struct cand *c,
                    const struct triple *t, int id, struct qg_symbol *out,
                    int max, int *n)
{
    const struct cand *tl = &c[t->i], *tr = &c[t->j], *bl = &c[t->k];
    double mr = leg_module(q, tl, tr, inv), mb = leg_module(q, tl, bl, inv);
    double est = (hypot(tr->x - tl->x, tr->y - tl->y) / mr +
                  hypot(bl->x - tl->x, bl->y - tl->y) / mb) /
                     2 +
                 7;
    int ver = iround((est - 17) / 4);
    ver = ver < 1 ? 1 : ver > 40 ? 40 : ver;
    int vers[3] = {ver, 0, 0}, nv = 1;
    double frac = est - (17 + 4 * ver);
    if ((frac > 1 || t->wide) && ver < 40)
        vers[nv++] = ver + 1;
    if ((frac < -1 || t->wide) && ver > 1)
        vers[nv++] = ver - 1;
    /* Blur swells the finders of small codes, so their module size is
     * measured long and the estimate comes out short: 41.5-41.9 modules
     * for version 7's 45 at 2.1-2.6 px a module, where version 6's affine
     * guess samples the timing patterns at chance (18 of 50) and version
     * 7's right (58 of 58).  The timing patterns then tell the version:
     * a neighbouring one is tried too when its affine guess samples at
     * least DEPTH_TIMING % of them right and the estimated one's does
     * not. */
    if (nv == 1 && !affine_holds(q, inv, tl, tr, bl, ver)) {
        if (ver < 40 && affine_holds(q, inv, tl, tr, bl, ver + 1))
            vers[nv++] = ver + 1;
        else if (ver > 1 && affine_holds(q, inv, tl, tr, bl, ver - 1))
            vers[nv++] = ver - 1;
    }
    for (int k = 0; k < nv; k++) {
        int dim = 17 + 4 * vers[k];
        double span = dim - 7;
        double u[2] = {(tr->x - tl->x) / span, (tr->y - tl->y) / span};
        double v[2] = {(bl->x - tl->x) / span, (bl->y - tl->y) / span};
        double ap[2] = {tl->x + (dim - 10) * (u[0] + v[0]),
                        tl->y + (dim - 10) * (u[1] + v[1])};
        double ax, ay;
        struct qg_symbol s = {dim, {0}, id, {t->i, t->j, t->k}};
        if (dim >= 25 && *n < max &&
            find_alignment_near(q, inv, tl, tr, bl, &s, ap, u, v, &ax, &ay)) {
            double mpts[8] = {3.5, 3.5,       dim - 3.5, 3.5,
                              3.5, dim - 3.5, dim - 6.5, dim - 6.5};
            double fpts[8] = {tl->x, tl->y, tr->x, tr->y, bl->x, bl->y, ax, ay};
            if (homography(mpts, fpts, s.h))
                out[(*n)++] = s;
        }
        /* The affine guess: the fourth corner completes the
         * parallelogram of the finders. */
        if (*n < max && corner_transform(tl, tr, bl, 1, 1, 1, &s))
            out[(*n)++] = s;
    }
}

/* Rank the triple of finders a, b, e into tr[MAX_TRIPLES] (*nt used),
 * best first, when they can be one code's. */
static void rank_triple(const struct cand *c, int a, int b, int e,
                        struct triple *tr, int *nt)
{
    int id[3] = {a, b, e};
    double lo = c[a].m, hi = c[a].m;
    for (int k = 1; k < 3; k++) {
        lo = c[id[k]].m < lo ? c[id[k]].m : lo;
        hi = c[id[k]].m > hi ? c[id[k]].m : hi;
    }
    if (hi > TRIPLE_MODULE_RATIO * lo)
        return;
    /* The top-left finder is opposite the longest side. */
    double d[3];
    for (int k = 0; k < 3; k++) {
        const struct cand *p = &c[id[(k + 1) % 3]];
        const struct cand *r = &c[id[(k + 2) % 3]];
        d[k] = hypot(p->x - r->x, p->y - r->y);
    }
    int top = d[0] >= d[1] && d[0] >= d[2] ? 0 : d[1] >= d[2] ? 1 : 2;
    const struct cand *o = &c[id[top]];
    int pi = id[(top + 1) % 3], qi = id[(top + 2) % 3];
    double px = c[pi].x - o->x, py = c[pi].y - o->y;
    double qx = c[qi].x - o->x, qy = c[qi].y - o->y;
    double lp = hypot(px, py), lq = hypot(qx, qy);
    double mm = (lo + hi) / 2;
    if (lp < LEG_MIN_MODULES * mm || lq < LEG_MIN_MODULES * mm ||
        lp > LEG_MAX_MODULES * mm || lq > LEG_MAX_MODULES * mm ||
        lp > LEG_RATIO * lq || lq > LEG_RATIO * lp)
        return;
    double cosa = (px * qx + py * qy) / (lp * lq);
    if (fabs(cosa) > RIGHT_ANGLE_COS)
        return;
    struct triple t = {id[top], pi, qi,
                       fabs(cosa) + fabs(log(lp / lq)) + fabs(log(hi / lo)),
                       false};
    /* Clockwise top-left, top-right, bottom-left in image coordinates (y
     * down): the cross product is positive. */
    if (px * qy - py * qx < 0) {
        t.j = qi;
        t.k = pi;
    }
    int at = *nt;
    if (*nt < MAX_TRIPLES)
        (*nt)++;
    else if (t.score < tr[MAX_TRIPLES - 1].score)
        at = MAX_TRIPLES - 1;
    else
        return;
    tr[at] = t;
    for (int k = at; k > 0 && tr[k].score < tr[k - 1].score; k--) {
        struct triple sw = tr[k];
        tr[k] = tr[k - 1];
        tr[k - 1] = sw;
    }
}

/* A finder pattern centred near (x, y), module steps u and v (either
 * orientation: the pattern is the same turned by 90 degrees): the 7x7
 * modules sampled from the threshold, dark ring, light ring, dark core,
 * at least FINDER_FIT of 49 right, searched within 1.5 modules in half
 * module steps.  Its centre in *fx, *fy, or false. */
#define FINDER_FIT 40
static bool finder_at(const struct qg *q, int inv, double x, double y,
                      const double u[2], const double v[2], double *fx,
                      double *fy)
{
    /* Every sample must lie in the frame: the extremes are the corners
     * of the search's corner patterns. */
    for (int k = 0; k < 16; k++) {
        int i = k & 1 ? 3 : -3, j = k & 2 ? 3 : -3;
        int a = k & 4 ? 3 : -3, b = k & 8 ? 3 : -3;
        double cx = x + (i * u[0] + j * v[0]) / 2;
        double cy = y + (i * u[1] + j * v[1]) / 2;
        if (!inside(q, iround(cx + a * u[0] + b * v[0]),
                    iround(cy + a * u[1] + b * v[1])))
            return false;
    }
    struct spot spot = {0};
    for (int j = -3; j <= 3; j++)
        for (int i = -3; i <= 3; i++) {
            double cx = x + (i * u[0] + j * v[0]) / 2;
            double cy = y + (i * u[1] + j * v[1]) / 2;
            int score = pattern_score(q, inv, cx, cy, u, v, 3,
                                      spot_allow(&spot, 49, FINDER_FIT));
            if (score >= 0)
                spot_add(&spot, score, cx, cy);
        }
    return spot_centre(&spot, FINDER_FIT, fx, fy);
}

/* Finders a crease, glare or blur hid: no three finders made a code, so
 * every pair of the best PAIR_CANDS that can be two of one code's
 * finders predicts the third (a leg: square off either end, either side;
 * a diagonal: the corner of the right angle, either side), and a finder
 * found there by its 7x7 module pattern joins the candidates.  Triples
 * ranked into tr, *nc grown; returns how many triples. */
#define PAIR_CANDS 6
static int pair_triples(const struct qg *q, int inv, struct cand *c, int *nc,
                        struct triple *tr)
{
    int nt = 0, np = *nc < PAIR_CANDS ? *nc : PAIR_CANDS;
    for (int a = 0; a < np; a++)
        for (int b = a + 1; b < np; b++) {
            double r = c[a].m / c[b].m, mm = (c[a].m + c[b].m) / 2;
            double dx = c[b].x - c[a].x, dy = c[b].y - c[a].y;
            double d = hypot(dx, dy);
            if (r > PAIR_MODULE_RATIO || r < 1 / PAIR_MODULE_RATIO ||
                d < LEG_MIN_MODULES * mm || d > LEG_MAX_MODULES * mm * DIAGONAL)
                continue;
            double ex = dx / d, ey = dy / d;
            /* Predicted third finders: 4 legs, then 2 diagonals. */
            double pt[6][2] = {
                {c[a].x - dy, c[a].y + dx},
                {c[a].x + dy, c[a].y - dx},
                {c[b].x - dy, c[b].y + dx},
                {c[b].x + dy, c[b].y - dx},
                {(c[a].x + c[b].x - dy) / 2, (c[a].y + c[b].y + dx) / 2},
                {(c[a].x + c[b].x + dy) / 2, (c[a].y + c[b].y - dx) / 2}};
            for (int h = 0; h < 6 && *nc < MAX_CANDS; h++) {
                double u[2], v[2];
                if (h < 4) {
                    u[0] = ex * mm;
                    u[1] = ey * mm;
                } else {
                    /* Symbol axes at 45 degrees to the diagonal. */
                    u[0] = (ex - ey) * mm / sqrt(2);
                    u[1] = (ey + ex) * mm / sqrt(2);
                }
                v[0] = -u[1];
                v[1] = u[0];
                double fx, fy;
                if (!finder_at(q, inv, pt[h][0], pt[h][1], u, v, &fx, &fy))
                    continue;
                c[*nc] = (struct cand){fx, fy, mm, 1};
                rank_triple(c, a, b, *nc, tr, &nt);
                for (int k = 0; k < nt; k++)
                    tr[k].wide = true;
                ++*nc;
            }
        }
    return nt;
}

int qg_symbols(struct qg *q, bool inv, struct qg_symbol *out, int max,
               int *finders)
{
    struct cand c[MAX_CANDS];
    int nc = find_cands(q, inv ? 1 : 0, c);
    *finders = nc;
    q->nseen = 0;
    for (int i = 0; i < nc && i < QG_MAX_SEEN; i++)
        q->seen[q->nseen++] = (struct qg_finder){c[i].x, c[i].y, c[i].m};
    struct triple tr[MAX_TRIPLES];
    int nt = 0;
    for (int a = 0; a < nc; a++)
        for (int b = a + 1; b < nc; b++)
            for (int e = b + 1; e < nc; e++)
                rank_triple(c, a, b, e, tr, &nt);
    if (!nt && nc >= 2)
        nt = pair_triples(q, inv ? 1 : 0, c, &nc, tr);
    int n = 0;
    for (int k = 0; k < nt && n < max; k++)
        guesses(q, inv ? 1 : 0, c, &tr[k], k, out, max, &n);
    return n;
}

int qg_render_side(int dim, int ppm)
{
    return (dim + 2 * QG_QUIET) * ppm;
}

/* Module (i, j) is ink: the frame's grey level at its centre, bilinear
 * between the four nearest pixels (modules of 2 px fall between them),
 * against the local threshold there. */
static inline int sample(const struct qg *q, const struct qg_symbol *s, int i,
                         int j, int inv)
{
    double x, y;
    qg_map(s, i + 0.5, j + 0.5, &x, &y);
    if (x < 0 || y < 0 || x > q->w - 1 || y > q->h - 1)
        return 0;
    int x0 = (int)x, y0 = (int)y;
    int x1 = x0 + 1 < q->w ? x0 + 1 : x0, y1 = y0 + 1 < q->h ? y0 + 1 : y0;
    double fx = x - x0, fy = y - y0;
    const uint8_t *r0 = q->f.pixels + (size_t)y0 * q->f.stride;
    const uint8_t *r1 = q->f.pixels + (size_t)y1 * q->f.stride;
    double v = (r0[x0] * (1 - fx) + r0[x1] * fx) * (1 - fy) +
               (r1[x0] * (1 - fx) + r1[x1] * fx) * fy;
    int px = iround(x), py = iround(y);
    px = px >= q->w ? q->w - 1 : px;
    py = py >= q->h ? q->h - 1 : py;
    return (v < q->thr[(size_t)(py / QB) * q->bw + px / QB]) != inv;
}

/* The timing patterns (row and column 6 between the finders alternate,
 * dark on even modules; 6.3.5) mostly come out right: else the guess is
 * not worth zbar's time. */
static int timing_right(const struct qg *q, const struct qg_symbol *s, int inv,
                        int *n)
{
    int good = 0;
    *n = 0;
    for (int i = 8; i < s->dim - 8; i++) {
        good += sample(q, s, i, 6, inv) == !(i & 1);
        good += sample(q, s, 6, i, inv) == !(i & 1);
        *n += 2;
    }
    return good;
}

static bool timing_ok(const struct qg *q, const struct qg_symbol *s, int inv)
{
    int n, good = timing_right(q, s, inv, &n);
    return good * 10 >= n * TIMING_OK_TENTHS;
}

bool qg_render(const struct qg *q, const struct qg_symbol *s, bool inv, int ppm,
               uint8_t *out)
{
    if (!timing_ok(q, s, inv ? 1 : 0))
        return false;
    int side = qg_render_side(s->dim, ppm);
    memset(out, 255, (size_t)side * side);
    for (int j = 0; j < s->dim; j++)
        for (int i = 0; i < s->dim; i++) {
            /* The finders (and their light separators) are drawn as the
             * standard has them, not sampled: zbar finds the symbol by
             * them, and one predicted from the other two may be creased
             * or under glare in the frame. */
            int fi = i < 8 ? i : s->dim - 1 - i;
            int fj = j < 8 ? j : s->dim - 1 - j;
            bool in_finder = fi < 8 && fj < 8 && (i < 8 || j < 8);
            /* So is the alignment pattern nearest the bottom-right corner
             * (versions 2 and up, ISO/IEC 18004 6.3.6, its centre 7
             * modules in from that corner): zbar looks for it before it
             * samples the grid, and where the frame's was not sampled
             * clean it searches four modules round it, most of what a
             * grid that does not read cost it (bench/wasm_bench's
             * photographs). */
            int ai = abs(i - (s->dim - 7)), aj = abs(j - (s->dim - 7));
            bool in_align = s->dim >= 25 && ai <= 2 && aj <= 2;
            if (in_finder) {
                int ri = abs(fi - 3), rj = abs(fj - 3);
                int ring = ri > rj ? ri : rj;
                if (ring == 2 || ring == 4)
                    continue;
            } else if (in_align) {
                if ((ai > aj ? ai : aj) == 1)
                    continue;
            } else if (!sample(q, s, i, j, inv ? 1 : 0)) {
                continue;
            }
            uint8_t *o = out + (size_t)(j + QG_QUIET) * ppm * side +
                         (i + QG_QUIET) * ppm;
            for (int r = 0; r < ppm; r++)
                memset(o + (size_t)r * side, 0, (size_t)ppm);
        }
    return true;
}
