/* Private to the decoder (decode.c, decode_finders.c, decode_hold.c):
 * its state, the tuning constants its passes share, and what the three
 * files call of each other.  decode.c has the passes and their order;
 * decode_finders.c where codes probably are in the halved frame, the
 * gate and the thorough pass's crops; decode_hold.c the code held in
 * view. */
#ifndef CHECKIN_DECODE_PRIV_H
#define CHECKIN_DECODE_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <zbar.h>

#include "checkin/decode.h"
#include "preprocess.h"
#include "qrgrid.h"

/* The tuning constants of the passes, each named once here or next to
 * the code it tunes (docs/decoder.md, "Why passes", has the table of
 * passes and their conditions, and why each value).
 *
 * Pixels, the larger side: still images at most this big get the
 * upscale and pad passes (phone crops of 240 px with tiny modules, and
 * rendered codes cut at their edge: upscale reads 2 of the 90 photos,
 * pad 3). */
#define SMALL_MAX_SIDE 400
/* Frames: how long a tracked position survives without a read (half a
 * second at 30 fps). */
#define TRACK_FRAMES 15
/* Pixels: the track pass's box is the last code's box grown by half its
 * size on each side plus this (a hand's movement between frames and the
 * quiet zone). */
#define TRACK_MARGIN_PX 8
/* Pixels: video fallback tiles overlap by this much, so a code that
 * needs full resolution (under ~2 px/module halved, so < 250 px) is
 * whole in one. */
#define TILE_OVERLAP 256
/* Tiles a frame above VGA is cut into for the video fallback (quarters:
 * with the binarised and inverted turns, the frame is covered within
 * six frames). */
#define FALLBACK_TILES 4
/* Pixels a side: nothing narrower is scanned; a version-1 symbol is 21
 * modules, and zbar needs at least a pixel a module. */
#define MIN_SCAN_SIDE 21
/* Frame areas, pixels.  Up to VGA the fast path reads codes at full
 * resolution that halving would put under zbar's 2 px a module: video
 * mode runs it alone there, still mode no halved scan after a miss, and
 * the regions pass (finder groups in the halved frame) runs only above
 * it.  Above 720p still mode's whole-frame pass needs a coarse dark
 * guess (docs/decoder.md, "Still mode, in order"). */
#define VGA_AREA (640L * 480)
#define HD_AREA (1280L * 720)
/* Modules: the quiet zone ISO/IEC 18004 asks round a symbol; boxes round
 * a grid (the fallback's, the hold's crop) include it. */
#define QUIET_MODULES 4
/* Video budget: what a fallback scan costs is learnt as a running
 * average, ns a pixel; the first guess, the weight of the newest scan,
 * and the factor the guess shrinks by each time a slice is left for a
 * later frame (so a guess too high, or a moment of load, delays a slice
 * but never starves it). */
#define COST_FIRST_NS_PER_PX 10
#define COST_NEW_WEIGHT 0.3
#define COST_SHRINK 0.8
/* Still mode's pad pass: a white border of the larger side over
 * PAD_SIDE_DIV plus PAD_PX pixels (twice that for the 2x pass), the
 * quiet zone a code cropped at its edge lacks. */
#define PAD_SIDE_DIV 8
#define PAD_PX 8
/* The 1:1:3:1:1 finder test's cheap first check (pp_core_may_fit()):
 * the core run at least 2 px and no other run longer than
 * CORE_FIT_NUM / CORE_FIT_DEN of it, the ratio of finder_ratio()'s own
 * bounds (other runs at most 1.7/7 of the five, cores at least 1.6/7),
 * so that it rejects nothing finder_ratio() would take. */
#define CORE_FIT_NUM 17
#define CORE_FIT_DEN 16

struct region {
    int x0, y0, x1, y1; /* half-open, frame pixels */
};

/* Still mode's full-resolution passes look only where a code with a
 * finder the fast path saw can lie: within NEAR_MODULES modules (that
 * finder's) of its centre, either way, which holds a version-8 code (49
 * modules) and the quiet zone zbar needs at any angle, (49 - 3.5 + 4)
 * * sqrt(2) = 70; at most MAX_NEAR boxes of each ink. */
#define NEAR_MODULES 72
#define MAX_NEAR 32

struct decoder {
    struct decoder_options opt;
    zbar_image_scanner_t *scn;
    /* Scratch buffers reused across frames (grown, never shrunk). */
    struct pp_buf a, b, tmp, roi, clean, crop;
    struct qg qg;    /* the fast path's thresholded frame */
    uint16_t *marks; /* region map: edge counts per block, then labels */
    size_t marks_cap;
    /* Where the last code was, and how many frames ago (< 0: nowhere). */
    struct region last;
    int last_age;
    unsigned turn; /* which video fallback runs next */
    /* Video budget: when this frame started, the limit (< 0: none), and
     * what a fallback scan costs per pixel, learnt as they run. */
    int64_t t0_ns, budget_ns;
    double ns_per_px;
    /* The fast path's guesses on this frame (triples of finders that can
     * be a code, as module grids to sample), and those whose sampled
     * timing patterns held. */
    int fast_guesses, fast_sampled;
    /* Pixels a module of the largest grid it sampled (0: none). */
    double fast_sampled_ppm;
    int fast_light; /* guesses of light-on-dark codes */
    /* Finder patterns of dark ink its looks saw (the most in one look),
     * and the guesses its coarse dark-ink look made. */
    int fast_dark_finders, fast_coarse_dark;
    /* Where they lie in the frame (empty: x0 >= x1): all guesses, and
     * those whose timing patterns held. */
    struct region guessed, sampled;
    /* Still mode: boxes round the finder patterns its looks saw, dark
     * ink [0] and light [1] (more than MAX_NEAR: too many to go by). */
    struct region near[2][MAX_NEAR];
    int nnear[2];
    /* Video: the code held in view (DECODE_PASS_HOLD), and this frame's
     * candidate for it: the one grid the fast path read whole in the
     * whole frame, its ink and its modules (1: dark) as sampled. */
    struct held {
        bool on;
        bool inv;
        struct qg_symbol sym;
        uint8_t *modules; /* dim * dim */
        size_t cap;
        int frames; /* frames answered from it in a row */
        struct decode_result codes;
    } held, cand;
    bool cand_ok;  /* this frame read exactly one code, through `cand` */
    bool answered; /* this frame was answered from `held` */
    struct decode_stats stats;
};

/* How scan coordinates map back to the frame: frame = o + p * s, or,
 * for the fast path's clean images (`sym` set), the symbol's transform
 * of the module point o + p * s. */
struct xform {
    double ox, oy, s;
    const struct qg_symbol *sym;
    int sx, sy; /* with `sym`: where its frame lies in the whole frame */
};

enum prep {
    PREP_GRAY, /* as captured */
    PREP_FLAT, /* featureless blocks flattened: fewer noise edges */
    PREP_BIN,  /* locally thresholded: glare, uneven light */
    PREP_INV,  /* inverted */
};

/* Half-scale pixels: the block side of the regions' threshold; and the
 * most rectangles decode_find_regions() gives (decode_finders.c). */
#define RB 8
#define RMAX_REGIONS 6

static inline int clamp(double v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : (int)v;
}

/* ---- decode_finders.c --------------------------------------------------- */

/* Room for the block sums of a w x h image in d->marks; 0, or -1 when out
 * of memory. */
int decode_reserve_marks(decoder *d, int w, int h);
/* Rectangles (half-scale pixels) round groups of finder patterns in the
 * halved image `p` into out[RMAX_REGIONS]: how many, -1 when none or too
 * many to be worth it, -2 when out of memory; *nfinders: dark finders
 * seen (-1: many, or not looked). */
int decode_find_regions(decoder *d, const uint8_t *p, int w, int h, bool summed,
                        struct region *out, int *nfinders);
/* 1 when the frame shows a finder pattern anywhere, 0 when none, or an
 * error code (the gate). */
int decode_finders_anywhere(decoder *d, const struct gray_frame *f,
                            const uint8_t *half, bool summed, bool dark_known,
                            struct ck_error *err);

/* Still mode's thorough pass: the crops (frame pixels, into out[max]) in
 * `box` of `f` where three finder patterns of ink `inv` can be one code's,
 * found by a row scan of the box at full resolution or among the fast
 * path's (seen[nseen], boxes as note_near() makes them).  How many (0:
 * no code zbar could read), -1 when there are too many finders or crops
 * to go by (scan the box whole), -2 when out of memory. */
int decode_finder_crops(decoder *d, const struct gray_frame *f,
                        struct region box, bool inv, const struct region *seen,
                        int nseen, struct region *out, int max);

/* ---- decode_hold.c ------------------------------------------------------ */

/* Frames in a row a held code answers before one is decoded whole, fast
 * path first, so that a code brought beside it is read (decode_hold.c). */
#define HOLD_FRAMES 8

/* The fast path read `k` codes from grid `s` of ink `inv` drawn in
 * d->clean, in the part of the frame whose corner is at (ox, oy): note
 * this frame's candidate to be held.  -1: out of memory. */
int decode_hold_note(decoder *d, const struct qg_symbol *s, bool inv, int ox,
                     int oy, int k);
/* 1: the held code is still where it was in `f`; 0: not; < 0: error. */
int decode_hold_check(decoder *d, const struct gray_frame *f,
                      struct ck_error *err);
/* A copy of `from`'s codes into `to` (emptied first); -1: out of memory. */
int decode_copy_codes(const struct decode_result *from,
                      struct decode_result *to);
/* After a video frame: hold its one code read by the fast path, or none. */
void decode_hold_after(decoder *d, const struct decode_result *out);

/* ---- decode.c, for the other two ---------------------------------------- */

/* Pixels a module in the fast path's clean images (they are noiseless
 * and square, and zbar reads them at 2 as it does at 3). */
#define FAST_PPM 2

#endif
