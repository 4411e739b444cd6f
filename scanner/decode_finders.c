/* Where codes probably are in the halved frame (finder patterns grouped
 * into rectangles), the gate: whether a frame shows a finder at all, and
 * the thorough pass's crops: where three finders of one code are at full
 * resolution.  Part of the decoder (decode_priv.h). */
#include "checkin/decode.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/util.h"
#include "checkin/vec.h"
#include "decode_priv.h"

/* Where codes probably are: finder patterns (dark-light-dark-light-dark
 * runs in the ratio 1:1:3:1:1 across a row, confirmed down the column
 * through their centre) in the half-scale image, thresholded against the
 * mean of their 8x8 block.  Finders of about the same module size close
 * enough to be one code are grouped, and each group gives a rectangle
 * holding its code and quiet zone.  Returns how many rectangles
 * (half-scale pixels) it put in `out`, or -1 when there are none or too
 * many to be worth it (scan the image whole), -2 when out of memory. */
#define RMAX_FINDERS 64
/* Modules (the finder's): two sightings closer than this are one
 * finder. */
#define RDUP_MODULES 3
/* Finders of one group: within RGROUP_MODULES of a finder of the group
 * (a version-10 code's finders are 50 apart), module sizes within a
 * factor of RGROUP_RATIO. */
#define RGROUP_MODULES 60
#define RGROUP_RATIO 2
/* Modules round a group's finders in its rectangle: the finder's own
 * 3.5, the quiet zone and some slack; a group of one finder may have its
 * code RLONE_MODULES away in any direction, a group of two as far as
 * their distance. */
#define RMARGIN_MODULES 9
#define RLONE_MODULES 40
/* Modules: how far each run of a finder may be from its 1:1:3:1:1
 * share (twice that for the core). */
#define RRUN_TOL 0.7
/* The column's module size within this factor of the row's. */
#define RCOLUMN_RATIO 2

struct finder {
    double x, y, m; /* centre, module size (half-scale pixels) */
    int group;
    int rows; /* votes: scanned rows it was seen on (scan_finders()) */
};

/* The five runs ending at run[4] (lengths) fit 1:1:3:1:1: module size, or
 * 0 (always when pp_core_may_fit(run, CORE_FIT_NUM, CORE_FIT_DEN) is false,
 * which the callers test first). */
static double finder_ratio(const int run[5])
{
    int total = run[0] + run[1] + run[2] + run[3] + run[4];
    if (total < 7)
        return 0;
    /* The test below in integers, for the runs it rejects by more than
     * rounding could change (almost every run of a row ends here). */
    for (int i = 0; i < 5; i++) {
        int dev = i == 2 ? 5 * abs(7 * run[i] - 3 * total)
                         : 10 * abs(7 * run[i] - total);
        if (dev > 7 * total)
            return 0;
    }
    double m = total / 7.0, tol = m * RRUN_TOL;
    for (int i = 0; i < 5; i++) {
        double want = i == 2 ? 3 * m : m;
        if (fabs(run[i] - want) > (i == 2 ? 2 * tol : tol))
            return 0;
    }
    return m;
}

/* Ink at (x, y): darker than its block's threshold, or lighter when
 * looking for light-on-dark codes (`inv`). */
static bool dark_at(const uint8_t *p, const uint8_t *thr, int w, int bw, int x,
                    int y, bool inv)
{
    return (p[(size_t)y * w + x] < thr[(size_t)(y / RB) * bw + x / RB]) != inv;
}

/* The column through (x, y) shows the 1:1:3:1:1 pattern centred near y
 * with about module size m. */
static bool finder_vertical(const uint8_t *p, const uint8_t *thr, int w, int h,
                            int bw, int x, int y, double m, bool inv)
{
    int run[5] = {0};
    int yy = y;
    int lim = (int)(m * 6) + 2;
    while (yy >= 0 && y - yy < lim && dark_at(p, thr, w, bw, x, yy, inv)) {
        run[2]++;
        yy--;
    }
    for (int k = 1; k >= 0; k--) {
        bool want_dark = k == 0;
        while (yy >= 0 && y - yy < lim * 2 &&
               dark_at(p, thr, w, bw, x, yy, inv) == want_dark) {
            run[k]++;
            yy--;
        }
    }
    yy = y + 1;
    while (yy < h && yy - y < lim && dark_at(p, thr, w, bw, x, yy, inv)) {
        run[2]++;
        yy++;
    }
    for (int k = 3; k < 5; k++) {
        bool want_dark = k == 4;
        while (yy < h && yy - y < lim * 2 &&
               dark_at(p, thr, w, bw, x, yy, inv) == want_dark) {
            run[k]++;
            yy++;
        }
    }
    double mv = finder_ratio(run);
    return mv > 0 && mv > m / RCOLUMN_RATIO && mv < m * RCOLUMN_RATIO;
}

/* Room for the block sums of a w x h image in d->marks; 0, or -1 when
 * out of memory. */
int decode_reserve_marks(decoder *d, int w, int h)
{
    size_t nb = (size_t)((w + RB - 1) / RB) * ((h + RB - 1) / RB);
    return CK_VEC_RESERVE(d->marks, nb, d->marks_cap) ? 0 : -1;
}

/* Threshold per RB x RB block of the contiguous w x h image `p`: the
 * mean of it and its 8 neighbours (a code's block may be all dark or all
 * light), in d->tmp.  The blocks' sums are in d->marks already when
 * `summed` (pp_flatten() gave them), else summed there first.  Returns
 * the threshold map, or NULL when out of memory. */
static const uint8_t *block_thresholds(decoder *d, const uint8_t *p, int w,
                                       int h, bool summed)
{
    int bw = (w + RB - 1) / RB, bh = (h + RB - 1) / RB;
    size_t nb = (size_t)bw * bh;
    if (decode_reserve_marks(d, w, h))
        return NULL;
    uint16_t *sum = d->marks;
    uint8_t *thr = (uint8_t *)d->tmp.p;
    if (!summed)
        memset(sum, 0, nb * sizeof(*sum));
    for (int y = 0; y < h && !summed; y++) {
        const uint8_t *row = p + (size_t)y * w;
        uint16_t *srow = sum + (size_t)(y / RB) * bw;
        for (int bx = 0, x = 0; bx < bw; bx++) {
            unsigned acc = 0;
            for (int end = x + RB < w ? x + RB : w; x < end; x++)
                acc += row[x];
            srow[bx] = (uint16_t)(srow[bx] + acc);
        }
    }
    for (int by = 0; by < bh; by++)
        for (int bx = 0; bx < bw; bx++) {
            unsigned acc = 0, n = 0;
            for (int yy = by - 1; yy <= by + 1; yy++)
                for (int xx = bx - 1; xx <= bx + 1; xx++)
                    if (yy >= 0 && xx >= 0 && yy < bh && xx < bw) {
                        acc += sum[(size_t)yy * bw + xx];
                        n++;
                    }
            thr[(size_t)by * bw + bx] = (uint8_t)(acc / (n * RB * RB));
        }
    return thr;
}

/* A row of w pixels as ink (1) or paper (0, or the reverse when `inv`)
 * against the block thresholds `trow`, into `out`.  The thresholds are
 * spread to one a pixel in `tx` first, unless it holds them already
 * (*tby, the block row it holds: the scanned rows of a block row share
 * them), so the comparison is one loop over the row, which vectorises
 * (pp_below()). */
static void ink_row(const uint8_t *row, const uint8_t *trow, int by, int w,
                    bool inv, uint8_t *tx, int *tby, uint8_t *out)
{
    if (*tby != by) {
        int full = w / RB;
        for (int bx = 0; bx < full; bx++)
            memset(tx + bx * RB, trow[bx], RB);
        for (int x = full * RB; x < w; x++)
            tx[x] = trow[x / RB];
        *tby = by;
    }
    pp_below(row, tx, w, inv, out);
}

/* Votes a finder of the loose scan needs in one direction: a sighting
 * confirmed across, or two that are not. */
#define LOOSE_ROWS 2

/* Of fd[nf], those a row at `y` or below can still add to, or with
 * LOOSE_ROWS votes: the loose scan's lone sightings of noise are dropped
 * when its list is full.  How many are left. */
static int drop_lone(struct finder *fd, int nf, int y)
{
    int keep = 0;
    for (int i = 0; i < nf; i++)
        if (fd[i].rows >= LOOSE_ROWS ||
            (double)y - fd[i].y < RDUP_MODULES * fd[i].m)
            fd[keep++] = fd[i];
    return keep;
}

/* Finder patterns of dark (or, `inv`, light) ink in `p` against the
 * thresholds `thr`, into fd[max] (`ink`: room for two rows); returns how
 * many, or -1 when there are more.  `any`: stop at the first (the gate
 * needs no more).  Each counts its votes in `rows`: 2 a row where the
 * column through it confirms it; `loose`: 1 a row where it does not
 * (a finder smeared across by motion blur), lone such sightings dropped
 * when fd is full (drop_lone()). */
static int scan_finders(const uint8_t *p, const uint8_t *thr, int w, int h,
                        bool inv, bool any, bool loose, uint8_t *ink,
                        struct finder *fd, int max)
{
    int bw = (w + RB - 1) / RB;
    int nf = 0, tby = -1;
    for (int y = 0; y < h; y += 2) {
        int run[5] = {0, 0, 0, 0, 0};
        bool prev = false;
        int len = 0;
        const uint8_t *row = p + (size_t)y * w;
        ink_row(row, thr + (size_t)(y / RB) * bw, y / RB, w, inv, ink + w, &tby,
                ink);
        for (int x = 0; x <= w; x++) {
            bool dk = x < w && ink[x];
            if (x < w && dk == prev) {
                int e = pp_run_end(ink, x, w, ink[x]);
                len += e - x;
                x = e - 1;
                continue;
            }
            memmove(run, run + 1, 4 * sizeof(*run));
            run[4] = len;
            if (prev) {
                /* dark run just ended: runs 0..4 = D L D L D */
                /* finder_ratio() takes cores of at least 1.6/7 of the
                 * five runs, other runs of at most 1.7/7. */
                double m = pp_core_may_fit(run, CORE_FIT_NUM, CORE_FIT_DEN)
                               ? finder_ratio(run)
                               : 0;
                int cx = x - run[4] - run[3] - run[2] / 2 - 1;
                int votes = 0;
                if (m > 0 && cx >= 0)
                    votes = finder_vertical(p, thr, w, h, bw, cx, y, m, inv)
                                ? 2
                                : loose;
                if (votes) {
                    /* fd[] is in the order of the rows: those within
                     * RDUP_MODULES are at its end; the first of them
                     * near (cx, y) takes the votes. */
                    int at = -1;
                    for (int i = nf - 1;
                         i >= 0 && y - fd[i].y < RDUP_MODULES * m; i--)
                        if (fabs(fd[i].x - cx) < RDUP_MODULES * m)
                            at = i;
                    bool dup = at >= 0;
                    if (dup)
                        fd[at].rows += votes;
                    if (!dup && nf == max && loose)
                        nf = drop_lone(fd, nf, y);
                    if (!dup) {
                        if (nf == max)
                            return -1;
                        fd[nf++] = (struct finder){cx, y, m, -1, votes};
                        if (any)
                            return nf;
                    }
                }
            }
            prev = dk;
            len = 1;
        }
    }
    return nf;
}

int decode_find_regions(decoder *d, const uint8_t *p, int w, int h, bool summed,
                        struct region *out, int *nfound /* out */)
{
    const uint8_t *thr = block_thresholds(d, p, w, h, summed);
    if (!thr)
        return -2;
    struct finder fd[RMAX_FINDERS];
    int nf = scan_finders(p, thr, w, h, false, false, false, d->roi.p, fd,
                          RMAX_FINDERS);
    *nfound = nf;
    if (nf < 0)
        return -1;
    if (!nf)
        return -1;
    /* Group: finders within RGROUP_MODULES of each other, module sizes
     * within a factor of RGROUP_RATIO. */
    int ng = 0;
    for (int i = 0; i < nf; i++) {
        if (fd[i].group >= 0)
            continue;
        fd[i].group = ng;
        for (bool grew = true; grew;) {
            grew = false;
            for (int j = 0; j < nf; j++) {
                if (fd[j].group >= 0)
                    continue;
                for (int k = 0; k < nf; k++) {
                    if (fd[k].group != ng)
                        continue;
                    double mm = fd[k].m > fd[j].m ? fd[k].m : fd[j].m;
                    double ratio = fd[k].m / fd[j].m;
                    if (ratio < 1.0 / RGROUP_RATIO || ratio > RGROUP_RATIO ||
                        fabs(fd[k].x - fd[j].x) > RGROUP_MODULES * mm ||
                        fabs(fd[k].y - fd[j].y) > RGROUP_MODULES * mm)
                        continue;
                    fd[j].group = ng;
                    grew = true;
                    break;
                }
            }
        }
        ng++;
    }
    int n = 0;
    long area = 0;
    for (int g = 0; g < ng; g++) {
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9, m = 0;
        int cnt = 0;
        for (int i = 0; i < nf; i++) {
            if (fd[i].group != g)
                continue;
            x0 = fd[i].x < x0 ? fd[i].x : x0;
            y0 = fd[i].y < y0 ? fd[i].y : y0;
            x1 = fd[i].x > x1 ? fd[i].x : x1;
            y1 = fd[i].y > y1 ? fd[i].y : y1;
            m = fd[i].m > m ? fd[i].m : m;
            cnt++;
        }
        /* Three finders bound the code; with fewer, the missing corner
         * may be as far as the code's side (or 40 modules) away. */
        double side = x1 - x0 > y1 - y0 ? x1 - x0 : y1 - y0;
        double grow = cnt >= 3 ? RMARGIN_MODULES * m
                               : (cnt == 2 ? side : RLONE_MODULES * m) +
                                     RMARGIN_MODULES * m;
        struct region r = {(int)(x0 - grow), (int)(y0 - grow),
                           (int)(x1 + grow) + 1, (int)(y1 + grow) + 1};
        r.x0 = r.x0 < 0 ? 0 : r.x0;
        r.y0 = r.y0 < 0 ? 0 : r.y0;
        r.x1 = r.x1 > w ? w : r.x1;
        r.y1 = r.y1 > h ? h : r.y1;
        if (r.x1 - r.x0 < MIN_SCAN_SIDE || r.y1 - r.y0 < MIN_SCAN_SIDE)
            continue;
        if (n == RMAX_REGIONS)
            return -1;
        area += (long)(r.x1 - r.x0) * (r.y1 - r.y0);
        out[n++] = r;
    }
    if (!n || area * 2 > (long)w * h)
        return -1;
    return n;
}

/* Grey levels a pixel must differ from its block's threshold by to count
 * as ink or paper in decode_finders_anywhere()'s full-resolution look; closer
 * ones continue the run they are in, so sensor noise makes no runs. */
#define GATE_HYST 8
/* Rows: finder_in_rows() looks at every GATE_ROW_STEP-th row; a finder
 * of 2 px modules (the smallest zbar reads) is 14 rows tall. */
#define GATE_ROW_STEP 4

/* A finder pattern of either polarity along the rows of the frame at full
 * resolution (every GATE_ROW_STEP-th row), against the thresholds `thr` of the
 * halved frame (`bw` blocks a row; a block there is 2 RB frame pixels wide).
 * Two sightings count. */
static bool finder_in_rows(const struct gray_frame *f, const uint8_t *thr,
                           int bw, int bh)
{
    int seen = 0;
    for (int y = 0; y < f->height; y += GATE_ROW_STEP) {
        const uint8_t *row = f->pixels + (size_t)y * f->stride;
        int by = y / (2 * RB) < bh ? y / (2 * RB) : bh - 1;
        const uint8_t *trow = thr + (size_t)by * bw;
        int run[5] = {0, 0, 0, 0, 0}, len = 0;
        bool prev = false;
        for (int x = 0; x <= f->width; x++) {
            bool ink = prev;
            if (x < f->width) {
                int bx = x / (2 * RB) < bw ? x / (2 * RB) : bw - 1;
                int v = row[x], t = trow[bx];
                ink = v < t - GATE_HYST   ? true
                      : v > t + GATE_HYST ? false
                                          : prev;
                if (ink == prev) {
                    len++;
                    continue;
                }
            }
            memmove(run, run + 1, 4 * sizeof(*run));
            run[4] = len;
            /* The run that ended and the four before it: ink-paper-ink-
             * paper-ink for a dark finder, the reverse for a light one. */
            if (pp_core_may_fit(run, CORE_FIT_NUM, CORE_FIT_DEN) &&
                finder_ratio(run) > 0 && ++seen >= 2)
                return true;
            prev = ink;
            len = 1;
        }
    }
    return false;
}

/* A frame with no finder pattern of either polarity in the halved,
 * flattened frame (`half`; nothing dark found there already when
 * `dark_known`) nor along the rows of the full-resolution frame has no QR
 * code zbar could read: every QR code has three, and zbar finds codes by
 * them.  Returns 1 when there is a finder somewhere, 0 when none, or an
 * error code. */
int decode_finders_anywhere(decoder *d, const struct gray_frame *f,
                            const uint8_t *half, bool summed, bool dark_known,
                            struct ck_error *err)
{
    int w = f->width / 2, h = f->height / 2;
    const uint8_t *thr = block_thresholds(d, half, w, h, summed);
    if (!thr)
        return ck_fail(err, CK_ENOMEM, "out of memory for a region map.");
    struct finder fd[RMAX_FINDERS];
    if ((!dark_known && scan_finders(half, thr, w, h, false, true, false,
                                     d->roi.p, fd, RMAX_FINDERS)) ||
        scan_finders(half, thr, w, h, true, true, false, d->roi.p, fd,
                     RMAX_FINDERS))
        return 1;
    return finder_in_rows(f, thr, (w + RB - 1) / RB, (h + RB - 1) / RB);
}

/* ---- still mode's full-resolution pass: where three finders are -------- */

/* A code zbar can read shows it three finder patterns, so the thorough
 * pass's full-resolution scan of a box round the finders the fast path
 * saw (decode.c, pass_near()) keeps to crops round three finders that
 * can be one code's, seen by a scan of the box's rows and columns or by
 * the fast path, at least one of them the fast path's.  The scan is looser than
 * the fast path's (no diagonal confirmation, a sighting smeared across counts;
 * its own threshold): zbar reads codes whose finders the fast path missed.
 *
 * Votes (scan_finders()) a finder of the box's scan needs, rows and
 * columns together: two confirmed sightings (zbar, too, finds a finder by
 * several lines through it), or four smeared ones. */
#define CROP_VOTES 4
/* Sightings kept while scanning one way, and finders with their votes:
 * more, and the box is scanned whole. */
#define CROP_MAX_HITS 512
#define CROP_MAX_FINDERS 64
/* Pixels a module: smaller finders are not a code zbar reads at full
 * resolution (the finders of every code the thorough pass read on six
 * seeds' scenes measured 1.6 and up; sensor noise makes 1.0-1.4). */
#define CROP_MIN_MODULE 1.5
/* Modules: two finders of one code are 14 apart (version 1) and up; at
 * most NEAR_MODULES, the box's reach.  The three finders' module sizes
 * within CROP_MODULE_RATIO, their legs within CROP_LEG_RATIO of each
 * other, the cosine of the angle between them at most CROP_COS (63-117
 * degrees; the fast path's triples in qrgrid.c take the same). */
#define CROP_LEG_MIN 12
#define CROP_MODULE_RATIO 1.5
#define CROP_LEG_RATIO 1.5
#define CROP_COS 0.45
/* Modules round the code's four corners (the three finders' centres and
 * the fourth they imply) in its crop: 3.5 to the finder's edge, the
 * 4-module quiet zone, and room for zbar's binariser, whose window grows
 * with the image: with 12 a glared screen's code was not read. */
#define CROP_MARGIN_MODULES 20
/* Grey levels: a box whose neighbouring pixels differ by this much or
 * more at the median is sensor noise in low light.  zbar's
 * full-resolution scan read no code there on six seeds' scenes (the
 * fast path and the halved scan, which averages the noise away, read
 * them), and such boxes were half of the thorough pass's time. */
#define CROP_NOISY 7

/* The median difference of neighbouring pixels along every fourth row
 * of the contiguous w x h image `p`: about the sensor noise's standard
 * deviation, since most neighbours lie on the same side of an edge. */
static int noise_level(const uint8_t *p, int w, int h)
{
    unsigned hist[256] = {0}, n = 0;
    for (int y = 0; y < h; y += 4) {
        const uint8_t *row = p + (size_t)y * w;
        for (int x = 1; x < w; x++)
            hist[abs(row[x] - row[x - 1])]++;
        n += (unsigned)(w - 1);
    }
    unsigned acc = 0;
    for (int v = 0; v < 256; v++)
        if ((acc += hist[v]) * 2 >= n)
            return v;
    return 0;
}

/* Finders the fast path saw, noted as boxes of NEAR_MODULES of their
 * module size each way (decode.c, note_near()): their centres and sizes
 * again, with the votes they need, in group 1 (crop_finders()). */
static struct finder near_finder(struct region g)
{
    double side = g.x1 - g.x0 - 1;
    return (struct finder){(g.x0 + g.x1 - 1) / 2.0, (g.y0 + g.y1 - 1) / 2.0,
                           side / (2.0 * NEAR_MODULES), 1, CROP_VOTES};
}

/* Finders a, b, c (corner c, module size m) can be one code's: legs long
 * enough, about equal, about square. */
static bool crop_corner(const struct finder *a, const struct finder *b,
                        const struct finder *c, double m)
{
    double ux = a->x - c->x, uy = a->y - c->y;
    double vx = b->x - c->x, vy = b->y - c->y;
    double lu = sqrt(ux * ux + uy * uy), lv = sqrt(vx * vx + vy * vy);
    if (lu < CROP_LEG_MIN * m || lv < CROP_LEG_MIN * m ||
        lu > NEAR_MODULES * m || lv > NEAR_MODULES * m)
        return false;
    if (lu > CROP_LEG_RATIO * lv || lv > CROP_LEG_RATIO * lu)
        return false;
    return fabs(ux * vx + uy * vy) <= CROP_COS * lu * lv;
}

/* The crop (frame pixels, whole 8x8 blocks from the frame's corner, inside
 * `box`) of the code whose finders are t[0..2], or an empty one (x0 >=
 * x1) when they cannot be one code's. */
static struct region crop_of(const struct finder *t[3], struct region box)
{
    struct region none = {0, 0, 0, 0};
    double lo = t[0]->m, hi = t[0]->m;
    for (int n = 1; n < 3; n++) {
        lo = t[n]->m < lo ? t[n]->m : lo;
        hi = t[n]->m > hi ? t[n]->m : hi;
    }
    if (hi > CROP_MODULE_RATIO * lo)
        return none;
    double m = (t[0]->m + t[1]->m + t[2]->m) / 3;
    int c = -1;
    for (int n = 0; n < 3 && c < 0; n++)
        if (crop_corner(t[(n + 1) % 3], t[(n + 2) % 3], t[n], m))
            c = n;
    if (c < 0)
        return none;
    const struct finder *a = t[(c + 1) % 3], *b = t[(c + 2) % 3], *o = t[c];
    double xs[4] = {a->x, b->x, o->x, a->x + b->x - o->x};
    double ys[4] = {a->y, b->y, o->y, a->y + b->y - o->y};
    double x0 = xs[0], x1 = xs[0], y0 = ys[0], y1 = ys[0];
    for (int n = 1; n < 4; n++) {
        x0 = fmin(x0, xs[n]);
        x1 = fmax(x1, xs[n]);
        y0 = fmin(y0, ys[n]);
        y1 = fmax(y1, ys[n]);
    }
    double grow = CROP_MARGIN_MODULES * hi;
    struct region r = {clamp(floor(x0 - grow), box.x0, box.x1),
                       clamp(floor(y0 - grow), box.y0, box.y1),
                       clamp(ceil(x1 + grow) + 1, box.x0, box.x1),
                       clamp(ceil(y1 + grow) + 1, box.y0, box.y1)};
    /* Whole blocks (a block-aligned crop flattens as the frame does);
     * the box is block-aligned, or ends at the frame's edge. */
    r.x0 = r.x0 / PP_BLOCK * PP_BLOCK;
    r.y0 = r.y0 / PP_BLOCK * PP_BLOCK;
    r.x1 =
        r.x1 >= box.x1 ? box.x1 : (r.x1 + PP_BLOCK - 1) / PP_BLOCK * PP_BLOCK;
    r.y1 =
        r.y1 >= box.y1 ? box.y1 : (r.y1 + PP_BLOCK - 1) / PP_BLOCK * PP_BLOCK;
    if (r.x1 - r.x0 < MIN_SCAN_SIDE || r.y1 - r.y0 < MIN_SCAN_SIDE)
        return none;
    return r;
}

/* Add `r` to out[*n], merging it with any it overlaps until none do;
 * false when that would make more than `max`. */
static bool add_crop(struct region *out, int *n, int max, struct region r)
{
    for (bool merged = true; merged;) {
        merged = false;
        for (int i = 0; i < *n; i++) {
            struct region o = out[i];
            if (r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1) {
                r.x0 = o.x0 < r.x0 ? o.x0 : r.x0;
                r.y0 = o.y0 < r.y0 ? o.y0 : r.y0;
                r.x1 = o.x1 > r.x1 ? o.x1 : r.x1;
                r.y1 = o.y1 > r.y1 ? o.y1 : r.y1;
                out[i] = out[--*n];
                merged = true;
                break;
            }
        }
    }
    if (*n >= max)
        return false;
    out[(*n)++] = r;
    return true;
}

/* Finders of ink `inv` along the rows of the contiguous w x h image `p`
 * (a box of the frame whose corner is at (ox, oy); `across`: that box
 * transposed, its rows the frame's columns), added to fd[*nf] (room for
 * CROP_MAX_HITS): one within RDUP_MODULES of a finder there adds its
 * votes to it.  False when there are more. */
static bool crop_scan(decoder *d, const uint8_t *p, const uint8_t *thr, int w,
                      int h, bool inv, bool across, int ox, int oy,
                      struct finder *fd, int *nf)
{
    struct finder got[CROP_MAX_HITS];
    int n = scan_finders(p, thr, w, h, inv, false, true, d->roi.p, got,
                         CROP_MAX_HITS);
    if (n < 0)
        return false;
    n = drop_lone(got, n, INT_MAX);
    for (int i = 0; i < n; i++) {
        struct finder g = got[i];
        if (across) {
            double t = g.x;
            g.x = g.y;
            g.y = t;
        }
        g.x += ox;
        g.y += oy;
        bool dup = false;
        for (int k = 0; k < *nf && !dup; k++)
            if (fabs(fd[k].x - g.x) < RDUP_MODULES * g.m &&
                fabs(fd[k].y - g.y) < RDUP_MODULES * g.m) {
                dup = true;
                fd[k].rows += g.rows;
            }
        if (dup)
            continue;
        if (*nf == CROP_MAX_HITS)
            return false;
        fd[(*nf)++] = g;
    }
    return true;
}

/* The box's finders: its rows and columns scanned (the box copied to
 * d->crop and transposed beside it, its block thresholds in d->tmp and
 * transposed beside them: the transposed box's blocks are the box's, so
 * its thresholds are theirs, not summed again), the fast path's added, those
 * with too few votes or too small dropped, into fd[CROP_MAX_HITS + MAX_NEAR];
 * the fast path's in group 1, the scan's at one of them in group 2.
 * How many; -1 when too many to go by. */
static int crop_finders(decoder *d, struct region box, bool inv,
                        const struct region *seen, int nseen, struct finder *fd)
{
    int w = box.x1 - box.x0, h = box.y1 - box.y0;
    size_t area = (size_t)w * h;
    uint8_t *p = d->crop.p, *t = d->crop.p + area;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            t[(size_t)x * h + y] = p[(size_t)y * w + x];
    const uint8_t *thr = block_thresholds(d, p, w, h, false);
    if (!thr)
        return -1;
    int bw = (w + RB - 1) / RB, bh = (h + RB - 1) / RB;
    uint8_t *tt = d->tmp.p + (size_t)bw * bh;
    for (int by = 0; by < bh; by++)
        for (int bx = 0; bx < bw; bx++)
            tt[(size_t)bx * bh + by] = thr[(size_t)by * bw + bx];
    int nf = 0;
    if (!crop_scan(d, p, thr, w, h, inv, false, box.x0, box.y0, fd, &nf) ||
        !crop_scan(d, t, tt, h, w, inv, true, box.x0, box.y0, fd, &nf))
        return -1;
    for (int i = 0; i < nseen; i++) {
        struct finder s = near_finder(seen[i]);
        if (s.x >= box.x0 && s.x < box.x1 && s.y >= box.y0 && s.y < box.y1)
            fd[nf++] = s;
    }
    /* The fast path's finders (group 1) and those of the scan at one of
     * them (group 2) anchor a triple. */
    for (int i = 0; i < nf; i++)
        for (int k = 0; k < nf && fd[i].group < 1; k++)
            if (fd[k].group == 1 &&
                fabs(fd[k].x - fd[i].x) < RDUP_MODULES * fd[i].m &&
                fabs(fd[k].y - fd[i].y) < RDUP_MODULES * fd[i].m)
                fd[i].group = 2;
    int keep = 0;
    for (int i = 0; i < nf; i++)
        if (fd[i].rows >= CROP_VOTES && fd[i].m >= CROP_MIN_MODULE)
            fd[keep++] = fd[i];
    return keep > CROP_MAX_FINDERS ? -1 : keep;
}

int decode_finder_crops(decoder *d, const struct gray_frame *f,
                        struct region box, bool inv, const struct region *seen,
                        int nseen, struct region *out, int max)
{
    int w = box.x1 - box.x0, h = box.y1 - box.y0;
    if (w < MIN_SCAN_SIDE || h < MIN_SCAN_SIDE)
        return 0;
    size_t area = (size_t)w * h;
    size_t nb = (size_t)((w + RB - 1) / RB) * ((h + RB - 1) / RB);
    if (pp_buf_reserve(&d->crop, 2 * area) ||
        pp_buf_reserve(&d->roi, 2 * (size_t)(w > h ? w : h)) ||
        pp_buf_reserve(&d->tmp, 2 * nb) || decode_reserve_marks(d, w, h) ||
        decode_reserve_marks(d, h, w))
        return -2;
    pp_crop(f, box.x0, box.y0, w, h, d->crop.p);
    if (noise_level(d->crop.p, w, h) >= CROP_NOISY)
        return 0;
    struct finder fd[CROP_MAX_HITS + MAX_NEAR];
    int nf = crop_finders(d, box, inv, seen, nseen, fd);
    if (nf < 0)
        return nf;
    int n = 0;
    for (int i = 0; i < nf; i++)
        for (int j = i + 1; j < nf; j++)
            for (int k = j + 1; k < nf; k++) {
                /* A triple holds a finder the fast path saw: on seven
                 * seeds' scenes (1,224 frames) every code the pass read
                 * did, and the clutter's triples mostly do not. */
                const struct finder *t[3] = {&fd[i], &fd[j], &fd[k]};
                if (fd[i].group < 1 && fd[j].group < 1 && fd[k].group < 1)
                    continue;
                struct region r = crop_of(t, box);
                if (r.x0 < r.x1 && !add_crop(out, &n, max, r))
                    return -1;
            }
    return n;
}
