/* The decoder's fast path: where a QR code's module grid lies in a frame,
 * found without zbar (finder patterns, the bottom-right alignment pattern,
 * a perspective transform), and the grid sampled into a clean image that
 * zbar then reads.  Private to scanner/. */
#ifndef CHECKIN_QRGRID_H
#define CHECKIN_QRGRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/frame.h"

/* The most finder patterns qg_symbols() reports it saw. */
#define QG_MAX_SEEN 14

/* Scratch state, reused across frames (grown, never shrunk).  Zero it
 * before the first qg_load(); free with qg_free(). */
struct qg {
    uint8_t *bin; /* block minima and maxima, one row, scratch */
    size_t bin_cap;
    uint16_t *blocks; /* block sums, means, thresholds, scratch */
    size_t blocks_cap;
    int w, h, bw, bh;                    /* frame, and its QB x QB blocks */
    uint16_t *sum, *mean, *thr, *across; /* per block, in `blocks` */
    uint8_t *lo, *hi;                    /* per block, in `bin` */
    uint8_t *row, *rowthr; /* one row thresholded, its thresholds, in `bin` */
    uint64_t *bits;        /* that row packed (pp_pack_bits()), in `bin` */
    int *ends;             /* where its runs end, 5 zeros first, in `bin` */
    struct gray_frame f;   /* the frame last loaded (not owned) */
    /* The finder patterns the last qg_symbols() saw: centre and module
     * size, in pixels of the frame loaded. */
    struct qg_finder {
        double x, y, m;
    } seen[QG_MAX_SEEN];
    int nseen;
};

/* One guess at a symbol: its dimension (modules a side) and the
 * transform from module coordinates (the symbol's top-left corner at
 * (0, 0), one unit a module) to frame pixels. */
struct qg_symbol {
    int dim;
    double h[9];
    int triple; /* guesses from the same three finders share this */
    int finders[3];
};

/* Take `f` (not copied: it must stay as it is while `q` uses it) and
 * measure its 8x8 blocks (sum, darkest, lightest pixel), once for every
 * threshold qg_threshold() then sets.  0, or -1 when out of memory. */
int qg_load(struct qg *q, const struct gray_frame *f);

/* Threshold the loaded frame locally (8x8 blocks against the mean of
 * their 5x5 block neighbourhood, blocks of little contrast counted as
 * paper), or `fine`: against a 3x3 neighbourhood, only nearly uniform
 * blocks counted as paper (low-contrast codes next to something dark).
 * `light`: paper is dark, for light ink (a flat block lies above the
 * threshold unless it is inside something lighter).  Pixels are compared
 * with it as they are looked at. */
void qg_threshold(struct qg *q, bool fine, bool light);

/* Guesses for the symbols of dark (or, `inv`, light) ink in the frame
 * last thresholded, best first, into out[max]; returns how many, and in
 * *finders how many finder patterns it saw (the best QG_MAX_SEEN of them
 * in q->seen).  A triple of finders may give
 * several guesses (dimension, with or without the alignment pattern).
 * When no three finders can be a code, two that can be two of one code's
 * predict the third, and a finder's 7x7 module pattern found there makes
 * the triple (a crease, glare or blur hid it from the row scan). */
int qg_symbols(struct qg *q, bool inv, struct qg_symbol *out, int max,
               int *finders /* out */);

/* Modules of quiet zone round the clean image's symbol.  The drawn
 * finders bring their light separator, so zbar sees two light modules
 * outside them; on the scenes and photos it read the same with 1 as with
 * 4, on a fifth fewer pixels for a version-7 code. */
#define QG_QUIET 1

/* Side of the clean image qg_render() draws for `dim` modules at `ppm`
 * pixels a module: the symbol plus QG_QUIET modules each side. */
int qg_render_side(int dim, int ppm);

/* Sample the symbol's modules from the thresholded frame and draw them black
 * on white into `out` (qg_render_side() squared bytes).  False, and
 * nothing drawn, when the sampled timing patterns say the guess is
 * wrong. */
bool qg_render(const struct qg *q, const struct qg_symbol *s, bool inv, int ppm,
               uint8_t *out);

/* Frame position of the point (mx, my) in module coordinates. */
void qg_map(const struct qg_symbol *s, double mx, double my,
            double *x /* out */, double *y /* out */);

void qg_free(struct qg *q);

#endif
