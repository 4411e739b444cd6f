/* A code held in view (DECODE_PASS_HOLD): part of the decoder
 * (decode_priv.h). */
#include "checkin/decode.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/util.h"
#include "checkin/vec.h"
#include "decode_priv.h"

/* ---- a code held in view (DECODE_PASS_HOLD) -----------------------------
 *
 * A badge held to the camera is read in its first frame; the frames after
 * show the same code where it was.  Reading it again costs the fast
 * path's finder search and a zbar scan of its region in every frame.
 * Instead the grid read last is sampled again where it was, in a crop
 * round it, and compared module by module with what was read: the same
 * code that moved less than about a third of a module matches; any other
 * code put there differs in a large share of its modules (a payload that
 * differs in one byte changes every error correction codeword), and an
 * empty spot fails the sampled timing patterns.  A match answers the
 * frame with the codes read before, at no zbar scan.  Every HOLD_FRAMES-th
 * frame is decoded whole anyway, so that a second code brought beside the
 * first is read within that many frames. */
/* HOLD_FRAMES, how many frames in a row a hold answers, is in
 * decode_priv.h (decode.c's steps count them). */
/* Modules outside the finders that may differ (blur, noise), per 100. */
#define HOLD_MISMATCH_PCT 4

static bool in_finder(int dim, int i, int j)
{
    int fi = i < 8 ? i : dim - 1 - i;
    int fj = j < 8 ? j : dim - 1 - j;
    return fi < 8 && fj < 8 && (i < 8 || j < 8);
}

/* The modules qg_render() drew into `clean` for `dim` modules a side, 1
 * dark and 0 light, into out[dim * dim]. */
static void modules_of(const uint8_t *clean, int dim, uint8_t *out)
{
    int side = qg_render_side(dim, FAST_PPM);
    for (int j = 0; j < dim; j++)
        for (int i = 0; i < dim; i++)
            out[j * dim + i] = clean[(size_t)(j + QG_QUIET) * FAST_PPM * side +
                                     (size_t)(i + QG_QUIET) * FAST_PPM] == 0;
}

static int reserve_modules(struct held *h, int dim)
{
    size_t n = (size_t)dim * dim;
    return CK_VEC_RESERVE(h->modules, n, h->cap) ? 0 : -1;
}

/* The fast path read `k` codes from grid `s` of ink `inv`, drawn in
 * d->clean, in the part of the frame whose top-left corner is at (ox, oy).
 * The first such grid of a video frame is its candidate to be held;
 * cand_ok stays only while it is the frame's one read.  -1: out of
 * memory. */
int decode_hold_note(decoder *d, const struct qg_symbol *s, bool inv, int ox,
                     int oy, int k)
{
    if (d->opt.mode != DECODE_VIDEO || !(d->opt.passes & DECODE_PASS_HOLD))
        return 0;
    if (d->cand.on || k != 1) {
        d->cand_ok = false;
        d->cand.on = true; /* a second read: no candidate this frame */
        return 0;
    }
    if (reserve_modules(&d->cand, s->dim))
        return -1;
    modules_of(d->clean.p, s->dim, d->cand.modules);
    /* The grid in the whole frame's pixels. */
    d->cand.sym = *s;
    for (int i = 0; i < 3; i++) {
        d->cand.sym.h[i] += ox * s->h[6 + i];
        d->cand.sym.h[3 + i] += oy * s->h[6 + i];
    }
    d->cand.inv = inv;
    d->cand.on = true;
    d->cand_ok = true;
    return 0;
}

/* 1: the held code is still where it was in `f`; 0: not; < 0: error. */
int decode_hold_check(decoder *d, const struct gray_frame *f,
                      struct ck_error *err)
{
    const struct held *h = &d->held;
    int dim = h->sym.dim;
    /* The crop: the grid and 4 modules round it, from whole 8 px blocks. */
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (int c = 0; c < 4; c++) {
        double x, y;
        qg_map(&h->sym, c & 1 ? dim + QUIET_MODULES : -QUIET_MODULES,
               c & 2 ? dim + QUIET_MODULES : -QUIET_MODULES, &x, &y);
        x0 = x < x0 ? x : x0;
        x1 = x > x1 ? x : x1;
        y0 = y < y0 ? y : y0;
        y1 = y > y1 ? y : y1;
    }
    int cx0 = clamp(x0, 0, f->width) & ~(PP_BLOCK - 1),
        cy0 = clamp(y0, 0, f->height) & ~(PP_BLOCK - 1);
    int cx1 = clamp(ceil(x1), 0, f->width), cy1 = clamp(ceil(y1), 0, f->height);
    if (cx1 - cx0 < MIN_SCAN_SIDE || cy1 - cy0 < MIN_SCAN_SIDE)
        return 0;
    struct gray_frame crop = {f->pixels + (size_t)cy0 * f->stride + cx0,
                              cx1 - cx0, cy1 - cy0, f->stride};
    int side = qg_render_side(dim, FAST_PPM);
    if (qg_load(&d->qg, &crop) ||
        pp_buf_reserve(&d->clean, (size_t)side * side))
        return ck_fail(err, CK_ENOMEM, "out of memory for a %dx%d frame.",
                       f->width, f->height);
    qg_threshold(&d->qg, false, h->inv);
    /* The same grid in the crop's pixels. */
    struct qg_symbol s = h->sym;
    for (int k = 0; k < 3; k++) {
        s.h[k] -= cx0 * s.h[6 + k];
        s.h[3 + k] -= cy0 * s.h[6 + k];
    }
    if (!qg_render(&d->qg, &s, h->inv, FAST_PPM, d->clean.p))
        return 0;
    int differ = 0, total = 0;
    for (int j = 0; j < dim; j++)
        for (int i = 0; i < dim; i++) {
            if (in_finder(dim, i, j))
                continue;
            uint8_t m = d->clean.p[(size_t)(j + QG_QUIET) * FAST_PPM * side +
                                   (size_t)(i + QG_QUIET) * FAST_PPM] == 0;
            differ += m != h->modules[j * dim + i];
            total++;
        }
    return differ * 100 <= total * HOLD_MISMATCH_PCT;
}

/* A copy of `from`'s codes into `to` (emptied first); -1: out of memory. */
int decode_copy_codes(const struct decode_result *from,
                      struct decode_result *to)
{
    decode_result_free(to);
    if (!from->count)
        return 0;
    to->codes = calloc(from->count, sizeof(*to->codes));
    if (!to->codes)
        return -1;
    for (size_t i = 0; i < from->count; i++) {
        const struct decoded_code *a = &from->codes[i];
        struct decoded_code *b = &to->codes[i];
        *b = *a;
        b->text = NULL;
        b->bytes = malloc(a->len + 1);
        if (b->bytes)
            memcpy(b->bytes, a->bytes, a->len + 1);
        if (b->bytes && a->text) {
            b->text = malloc(a->text_len + 1);
            if (b->text)
                memcpy(b->text, a->text, a->text_len + 1);
        }
        to->count = i + 1;
        if (!b->bytes || (a->text && !b->text))
            return -1;
    }
    return 0;
}

/* After a video frame: hold its one code read by the fast path in the
 * whole frame, or hold nothing. */
void decode_hold_after(decoder *d, const struct decode_result *out)
{
    if (d->answered)
        return;
    if (out->count != 1 || !d->cand_ok) {
        d->held.on = false;
        return;
    }
    struct held keep = d->held;
    d->held.modules = d->cand.modules;
    d->held.cap = d->cand.cap;
    d->cand.modules = keep.modules;
    d->cand.cap = keep.cap;
    d->held.sym = d->cand.sym;
    d->held.inv = d->cand.inv;
    d->held.frames = 0;
    d->held.on = decode_copy_codes(out, &d->held.codes) == 0;
}
