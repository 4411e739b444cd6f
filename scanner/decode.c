/* The QR decoder: zbar in binary mode, QR only, driven by a multi-pass
 * strategy.  zbar's cost grows with the pixels it scans (every row and
 * column) and with the edges it finds in them, so the cheap passes come
 * first and each later pass runs only when the earlier ones read nothing:
 *
 *   track:     video only; full resolution where the last code was
 *              (above VGA its zbar scan after the fast path and the
 *              halved scan, which read a code that moved);
 *   downscale: the frame halved (which also averages noise away) and
 *              flattened (featureless blocks set to their mean, so zbar
 *              finds no noise edges there): a badge at 4-6 px/module
 *              reads here at a fifth of the cost of a full-resolution
 *              scan;
 *   full:      the whole frame at full resolution;
 *   binarize:  local thresholding (off by default: it read nothing the
 *              other passes missed);
 *   upscale:   still only; small images enlarged 2x (tiny modules),
 *              where the fast path made no guess;
 *   pad:       still only; a white quiet zone around codes cropped tight
 *              (enlarged 2x too where upscale runs);
 *   inverted:  light-on-dark codes.
 *
 * Before any of them on frames big enough to halve, the gate: a frame
 * that shows no finder pattern anywhere (an empty desk) is not scanned.
 * After the gate and before any zbar scan of the frame, the fast path
 * (qrgrid.h): our own detector locates the code's module grid and zbar
 * reads only a small clean image of the sampled modules; when that reads
 * the frame's codes, no other pass runs.
 *
 * Video mode runs track, fast and downscale on every frame (no zbar pass
 * at all when the fast path saw nothing that can be a code, and the
 * halved scan only around its guesses; on frames up to VGA nothing but
 * the fast path) and, when they read nothing and the fast path sampled
 * a grid whose timing patterns held, one slice of the slower passes per
 * frame: that grid's box at full resolution, plain
 * or inverted (without the fast path, a quarter of the full-resolution
 * frame, binarised or inverted, so all of it is covered within a few
 * frames).  Still mode runs everything until a pass reads a code, but
 * the halved pass only where the fast path made a guess (up to VGA,
 * only where it read a code and left another guess unread), the
 * whole-frame one only where it made a guess or saw a dark finder
 * (above 720p, only where its coarse threshold gave a dark guess), the
 * padded ones only where it made no guess, the inverted one only where
 * it guessed a light-on-dark code.  Both orders are one table, steps[]
 * below, each step with its condition; docs/decoder.md has the same
 * table with what each step costs and gains, and the figures.
 *
 * Not for: camera handling, repeat suppression or payload parsing. */
#include "checkin/decode.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <zbar.h>

#include "checkin/util.h"
#include "checkin/vec.h"
#include "decode_priv.h"

static zbar_image_scanner_t *new_scanner(void)
{
    zbar_image_scanner_t *s = zbar_image_scanner_create();
    if (!s)
        return NULL;
    zbar_image_scanner_set_config(s, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    /* Raw bytes: zbar's own charset guessing garbles UTF-8 (payload_text.c). */
    zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    zbar_image_scanner_set_config(s, ZBAR_NONE, ZBAR_CFG_X_DENSITY, 1);
    zbar_image_scanner_set_config(s, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, 1);
    /* Inversion is our own pass: zbar's doubles the cost of every miss. */
    zbar_image_scanner_set_config(s, ZBAR_NONE, ZBAR_CFG_TEST_INVERTED, 0);
    return s;
}

void decoder_set_budget(decoder *d, int budget_us)
{
    d->opt.budget_us = budget_us ? budget_us : DECODE_BUDGET_DEFAULT_US;
    d->budget_ns = d->opt.budget_us < 0 ? -1 : (int64_t)d->opt.budget_us * 1000;
}

int decoder_new(const struct decoder_options *opts, decoder **out,
                struct ck_error *err)
{
    *out = NULL;
    decoder *d = calloc(1, sizeof(*d));
    if (!d)
        return ck_fail(err, CK_ENOMEM, "out of memory for a QR decoder.");
    if (opts)
        d->opt = *opts;
    if (!d->opt.passes)
        d->opt.passes = DECODE_PASSES_DEFAULT;
    d->scn = new_scanner();
    if (!d->scn) {
        free(d);
        return ck_fail(err, CK_ENOMEM, "out of memory for a zbar scanner.");
    }
    d->last_age = -1;
    decoder_set_budget(d, d->opt.budget_us);
    /* A first guess before any fallback ran: zbar on a flattened webcam
     * frame (about 7 ns a pixel on this project's machine). */
    d->ns_per_px = COST_FIRST_NS_PER_PX;
    *out = d;
    return 0;
}

int decode_still_small_side(void)
{
    return SMALL_MAX_SIDE;
}

/* Dark finder patterns the fast path may see in a small frame it made
 * no guess in before still mode's passes stop being worth a second
 * decode: three are a code's, and zbar's upscaled and padded scans then
 * find what the fast path found.  On 11,865 synthetic small crops
 * (/scan's tight crops: 120-400 px, 1-6 px a module, centred or cut at
 * the edge, turned 0-30 degrees) in which video mode read nothing,
 * still mode read 124 of those where the fast path made no guess and
 * saw at most two dark finders, 1 of the 299 where it saw three, 0 of
 * 239 with more, and 1 of 1,061 where it guessed; on the 90 photographs,
 * none of the six it was run on (issue 54 item 3). */
#define SMALL_STILL_MAX_FINDERS 2

bool decoder_still_may_read(const decoder *d)
{
    if (!(d->opt.passes & DECODE_PASS_FAST))
        return true;
    return !d->fast_guesses && d->fast_dark_finders <= SMALL_STILL_MAX_FINDERS;
}

void decoder_stats(const decoder *d, struct decode_stats *out)
{
    *out = d->stats;
}

void decoder_free(decoder *d)
{
    if (!d)
        return;
    zbar_image_scanner_destroy(d->scn);
    pp_buf_free(&d->a);
    pp_buf_free(&d->b);
    pp_buf_free(&d->tmp);
    pp_buf_free(&d->roi);
    pp_buf_free(&d->clean);
    pp_buf_free(&d->crop);
    qg_free(&d->qg);
    free(d->marks);
    free(d->held.modules);
    free(d->cand.modules);
    decode_result_free(&d->held.codes);
    free(d);
}

void decoder_reset(decoder *d)
{
    if (d) {
        d->last_age = -1;
        d->held.on = false;
        decode_result_free(&d->held.codes);
    }
}

void decode_result_free(struct decode_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->count; i++) {
        free(r->codes[i].bytes);
        free(r->codes[i].text);
    }
    free(r->codes);
    r->codes = NULL;
    r->count = 0;
}

static bool already_have(const struct decode_result *r, const char *data,
                         size_t len)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->codes[i].len == len && !memcmp(r->codes[i].bytes, data, len))
            return true;
    return false;
}

static int add_code(struct decode_result *r, const zbar_symbol_t *sym,
                    const struct xform *xf, struct ck_error *err)
{
    const char *data = zbar_symbol_get_data(sym);
    size_t len = zbar_symbol_get_data_length(sym);
    if (already_have(r, data, len))
        return 0;
    /* Sized to the codes held, as decode_copy_codes() sizes a copy: a
     * frame holds one or two. */
    size_t cap = r->count, need = r->count + 1;
    if (!CK_VEC_RESERVE(r->codes, need, cap))
        return ck_fail(err, CK_ENOMEM, "out of memory for a decoded code.");
    struct decoded_code *c = &r->codes[r->count];
    memset(c, 0, sizeof(*c));
    c->bytes = malloc(len + 1);
    if (!c->bytes)
        return ck_fail(err, CK_ENOMEM, "out of memory for a decoded code.");
    memcpy(c->bytes, data, len);
    c->bytes[len] = '\0';
    c->len = len;
    int rc =
        decode_text(c->bytes, len, &c->text, &c->text_len, &c->charset, err);
    if (rc) {
        free(c->bytes);
        return rc;
    }
    c->utf8 = c->charset && !strcmp(c->charset, "UTF-8");
    unsigned n = zbar_symbol_get_loc_size(sym);
    for (unsigned i = 0; i < 4 && i < n; i++) {
        double x = zbar_symbol_get_loc_x(sym, i);
        double y = zbar_symbol_get_loc_y(sym, i);
        x = xf->ox + x * xf->s;
        y = xf->oy + y * xf->s;
        if (xf->sym) {
            qg_map(xf->sym, x, y, &x, &y);
            x += xf->sx;
            y += xf->sy;
        }
        c->corners[i].x = (int)lround(x);
        c->corners[i].y = (int)lround(y);
    }
    r->count++;
    return 0;
}

/* Run zbar over a contiguous w x h image; add what it reads to `r`.
 * Returns the number of codes it read (>= 0; codes already in `r`, as
 * the fast path leaves them for the other passes, count too, so every
 * pass stops where it would without them) or an error code (< 0). */
static int scan(decoder *d, zbar_image_scanner_t *scn, const uint8_t *px, int w,
                int h, const struct xform *xf, struct decode_result *r,
                struct ck_error *err)
{
    zbar_image_t *img = zbar_image_create();
    if (!img)
        return ck_fail(err, CK_ENOMEM, "out of memory for a zbar image.");
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)w, (unsigned)h);
    zbar_image_set_data(img, px, (unsigned long)w * h, NULL);
    d->stats.scanned_px += (unsigned long long)w * h;
    int rc = 0, got = 0;
    if (zbar_scan_image(scn, img) > 0) {
        for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s;
             s = zbar_symbol_next(s)) {
            if (zbar_symbol_get_type(s) != ZBAR_QRCODE)
                continue;
            rc = add_code(r, s, xf, err);
            if (rc)
                break;
            got++;
        }
    }
    zbar_image_destroy(img);
    return rc ? rc : got;
}

/* One pass: the rectangle `g` of the frame, scaled by `scale` (-2 halves,
 * 1 keeps, 2 doubles), padded with `border` white pixels (in scan pixels)
 * and prepared as `prep`, then scanned.  Returns the number of codes read
 * or an error code (< 0). */
static int pass(decoder *d, const struct gray_frame *f, struct region g,
                int scale, int border, enum prep prep, struct decode_result *r,
                struct ck_error *err)
{
    int w = g.x1 - g.x0, h = g.y1 - g.y0;
    struct gray_frame sub = {f->pixels + (size_t)g.y0 * f->stride + g.x0, w, h,
                             f->stride};
    int sw = scale < 0 ? w / 2 : scale * w, sh = scale < 0 ? h / 2 : scale * h;
    int pw = sw + 2 * border, ph = sh + 2 * border;
    if (sw < MIN_SCAN_SIDE || sh < MIN_SCAN_SIDE)
        return 0;
    size_t need = (size_t)pw * ph;
    if (pp_buf_reserve(&d->a, need) || pp_buf_reserve(&d->b, need) ||
        pp_buf_reserve(&d->tmp, pp_binarize_tmp(pw, ph)))
        return ck_fail(err, CK_ENOMEM, "out of memory for a %dx%d scan.", pw,
                       ph);
    uint8_t *cur = d->a.p, *other = d->b.p;
    if (scale < 0) {
        pp_downscale2(&sub, cur);
    } else if (scale == 2) {
        pp_crop(f, g.x0, g.y0, w, h, other);
        pp_upscale2(other, w, h, cur);
    } else {
        pp_crop(f, g.x0, g.y0, w, h, cur);
    }
    if (border) {
        pp_pad(cur, sw, sh, border, other);
        uint8_t *t = cur;
        cur = other;
        other = t;
    }
    if (prep == PREP_BIN) {
        pp_binarize(cur, pw, ph, other, d->tmp.p);
        cur = other;
    } else if (prep == PREP_FLAT) {
        pp_flatten(cur, pw, ph, other, d->tmp.p, NULL);
        cur = other;
    } else if (prep == PREP_INV) {
        /* Flattened first when that pass is on: noise costs as much
         * inverted as not. */
        if (d->opt.passes & DECODE_PASS_FLATTEN) {
            pp_flatten(cur, pw, ph, other, d->tmp.p, NULL);
            pp_invert(other, need, cur);
        } else {
            pp_invert(cur, need, other);
            cur = other;
        }
    }
    double s = scale < 0 ? 2.0 : 1.0 / scale;
    struct xform xf = {g.x0 - border * s, g.y0 - border * s, s};
    return scan(d, d->scn, cur, pw, ph, &xf, r, err);
}

/* Grow `b` (frame pixels) to hold the symbol `s` and its 4-module quiet
 * zone, clipped to the w x h part of the frame the symbol was found in,
 * whose top-left corner is at (ox, oy). */
static void grow_box(struct region *b, const struct qg_symbol *s, int ox,
                     int oy, int w, int h)
{
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (int k = 0; k < 4; k++) {
        double x, y;
        qg_map(s, k & 1 ? s->dim + QUIET_MODULES : -QUIET_MODULES,
               k & 2 ? s->dim + QUIET_MODULES : -QUIET_MODULES, &x, &y);
        x0 = x < x0 ? x : x0;
        y0 = y < y0 ? y : y0;
        x1 = x > x1 ? x : x1;
        y1 = y > y1 ? y : y1;
    }
    struct region g = {ox + clamp(x0, 0, w), oy + clamp(y0, 0, h),
                       ox + clamp(x1 + 1, 0, w), oy + clamp(y1 + 1, 0, h)};
    if (g.x0 >= g.x1 || g.y0 >= g.y1)
        return;
    if (b->x0 >= b->x1) {
        *b = g;
        return;
    }
    b->x0 = g.x0 < b->x0 ? g.x0 : b->x0;
    b->y0 = g.y0 < b->y0 ? g.y0 : b->y0;
    b->x1 = g.x1 > b->x1 ? g.x1 : b->x1;
    b->y1 = g.y1 > b->y1 ? g.y1 : b->y1;
}

/* Still mode with the harder passes: a box round each finder of ink
 * `inv` the look just made saw (d->qg.seen, in a part of the frame whose
 * top-left corner is at (ox, oy)), for its full-resolution passes
 * (pass_near()); more than MAX_NEAR of an ink are too many to go by. */
static void note_near(decoder *d, int inv, int ox, int oy)
{
    for (int i = 0; i < d->qg.nseen; i++) {
        if (d->nnear[inv] >= MAX_NEAR) {
            d->nnear[inv] = MAX_NEAR + 1;
            return;
        }
        const struct qg_finder *fd = &d->qg.seen[i];
        double reach = NEAR_MODULES * fd->m;
        d->near[inv][d->nnear[inv]++] = (struct region){
            ox + (int)floor(fd->x - reach), oy + (int)floor(fd->y - reach),
            ox + (int)ceil(fd->x + reach) + 1,
            oy + (int)ceil(fd->y + reach) + 1};
    }
}

/* Note the module size (frame pixels, the mean of the grid's top and
 * left sides) of a grid the fast path sampled, keeping the largest. */
static void note_sampled_ppm(decoder *d, const struct qg_symbol *s)
{
    double x0, y0, x1, y1, x2, y2;
    qg_map(s, 0, 0, &x0, &y0);
    qg_map(s, s->dim, 0, &x1, &y1);
    qg_map(s, 0, s->dim, &x2, &y2);
    double m =
        (hypot(x1 - x0, y1 - y0) + hypot(x2 - x0, y2 - y0)) / (2.0 * s->dim);
    if (m > d->fast_sampled_ppm)
        d->fast_sampled_ppm = m;
}

/* The most guesses (zbar reads of a clean image) the fast path makes
 * for one polarity of a frame; FAST_PPM, its clean images' pixels a
 * module, is in decode_priv.h. */
#define FAST_GUESSES 8
/* The fast path's looks: coarse dark, coarse light, fine dark, and in
 * still mode fine light (pass_fast() says why the stream leaves it out). */
#define STILL_LOOKS 4
#define VIDEO_LOOKS 3

/* The fast path (qrgrid.h): finders, alignment pattern and perspective
 * transform found by our own detector, the module grid sampled into a
 * small clean image for zbar, ink of either polarity; when that reads
 * nothing, dark ink once more on a finer threshold (dim screens), and in
 * still mode light ink on it too where the coarse light look saw a light
 * finder.  Not in video mode: on 1,224 scene frames (two sets of 12 a
 * condition and size) that look read nothing, and it cost 9 % of the
 * stream's time at 640x480 (its 42 runs there were 24.7 ms of 272); on
 * 200 dark-mode screens with a short payload it read 4 more at 640x480,
 * 1 at 1280x720 and none at 1920x1080, codes a later frame reads in a
 * stream but a single image has no later frame for.  *more is set
 * when a triple of finders that shares none with a code read here could
 * not be read: another code may be there for the other passes.  Returns
 * the number of codes read or an error code (< 0).  `f` may be part of
 * the frame, its top-left corner at (ox, oy). */
static int pass_fast(decoder *d, const struct gray_frame *f, int ox, int oy,
                     bool *more, struct decode_result *r, struct ck_error *err)
{
    *more = false;
    if (f->width < MIN_SCAN_SIDE || f->height < MIN_SCAN_SIDE)
        return 0;
    int found = 0, light_finders = 0;
    int nlooks = d->opt.mode == DECODE_STILL ? STILL_LOOKS : VIDEO_LOOKS;
    if (qg_load(&d->qg, f))
        return ck_fail(err, CK_ENOMEM, "out of memory for a %dx%d frame.",
                       f->width, f->height);
    /* Coarse dark, coarse light, fine dark, fine light (still). */
    for (int look = 0; look < nlooks && !found; look++) {
        bool inv = look & 1, fine = look >= 2;
        if (inv && !(d->opt.passes & DECODE_PASS_INVERTED))
            continue;
        /* The fine light look only where the coarse one saw a light
         * finder: elsewhere (most frames) it only guessed from clutter,
         * costing a finder scan, zbar reads and the inverted pass. */
        if (look == 3 && !light_finders)
            break;
        /* Light ink gets its own coarse threshold: flat dark blocks
         * (the dark paper of a screen in dark mode) count as paper; the
         * fine light look keeps the fine dark one's. */
        if (look < 3)
            qg_threshold(&d->qg, fine, inv);
        struct qg_symbol sy[FAST_GUESSES];
        int nfind;
        int n = qg_symbols(&d->qg, inv, sy, FAST_GUESSES, &nfind);
        if (look == 1)
            light_finders = nfind;
        d->fast_guesses += n;
        if (inv)
            d->fast_light += n;
        if (!inv && nfind > d->fast_dark_finders)
            d->fast_dark_finders = nfind;
        if (!fine && !inv)
            d->fast_coarse_dark += n;
        for (int i = 0; i < n; i++)
            grow_box(&d->guessed, &sy[i], ox, oy, f->width, f->height);
        if (d->opt.mode == DECODE_STILL && (d->opt.passes & DECODE_PASS_HARDER))
            note_near(d, inv, ox, oy);
        unsigned long used = 0; /* finders of codes read */
        unsigned read = 0;      /* triples */
        for (int i = 0; i < n; i++) {
            unsigned bit = 1u << sy[i].triple;
            unsigned long fb = (1ul << sy[i].finders[0]) |
                               (1ul << sy[i].finders[1]) |
                               (1ul << sy[i].finders[2]);
            if ((read & bit) || (used & fb))
                continue;
            int side = qg_render_side(sy[i].dim, FAST_PPM);
            if (pp_buf_reserve(&d->clean, (size_t)side * side))
                return ck_fail(err, CK_ENOMEM,
                               "out of memory for a %dx%d scan.", side, side);
            if (!qg_render(&d->qg, &sy[i], inv, FAST_PPM, d->clean.p))
                continue;
            d->fast_sampled++;
            note_sampled_ppm(d, &sy[i]);
            grow_box(&d->sampled, &sy[i], ox, oy, f->width, f->height);
            struct xform xf = {.ox = -QG_QUIET,
                               .oy = -QG_QUIET,
                               .s = 1.0 / FAST_PPM,
                               .sym = &sy[i],
                               .sx = ox,
                               .sy = oy};
            int k = scan(d, d->scn, d->clean.p, side, side, &xf, r, err);
            if (k < 0)
                return k;
            if (k > 0) {
                found += k;
                read |= bit;
                used |= fb;
                if (decode_hold_note(d, &sy[i], inv, ox, oy, k))
                    return ck_fail(err, CK_ENOMEM,
                                   "out of memory for a code's modules.");
            }
        }
        for (int i = 0; i < n && found; i++) {
            unsigned long fb = (1ul << sy[i].finders[0]) |
                               (1ul << sy[i].finders[1]) |
                               (1ul << sy[i].finders[2]);
            if (!(read & (1u << sy[i].triple)) && !(used & fb))
                *more = true;
        }
    }
    if (found)
        d->stats.frames_fast++;
    return found;
}

/* Whether this frame's later passes may keep to where the fast path's
 * guesses lie: video mode behind the fast gate, which already skipped
 * every zbar pass on frames where it made none. */
static bool near_guesses(const decoder *d)
{
    unsigned need = DECODE_PASS_FAST | DECODE_PASS_FAST_GATE;
    return d->opt.mode == DECODE_VIDEO && (d->opt.passes & need) == need;
}

/* Whether, in video mode, the fast path alone reads this frame: frames
 * up to VGA, which it reads whole at full resolution, where halving puts
 * a code's modules under the 2 px zbar needs.  On the realistic scenes
 * (204 frames at 640x480) the halved scan and the fallback slices read
 * nothing the fast path had not, and cost 3-4x a read frame on the
 * frames it could not read (low light, defocus). */
static bool fast_path_alone(const decoder *d, const struct gray_frame *f)
{
    return near_guesses(d) && (long)f->width * f->height <= VGA_AREA;
}

/* The halved scan's box round the fast path's guesses: the guesses' box
 * (frame pixels) halved, grown on each side by its frame-pixel size over
 * GUESS_MARGIN_DIV (an eighth of the halved box) plus GUESS_MARGIN_PX
 * halved pixels. */
#define GUESS_MARGIN_DIV 16
#define GUESS_MARGIN_PX 8

/* The halved, prepared frame (w x h) scanned whole, or, near_guesses(),
 * only the box of the fast path's guesses: on the realistic scenes the
 * rest of the frame read nothing more.  Returns the number of codes
 * read or an error code (< 0). */
static int scan_half(decoder *d, const uint8_t *half, int w, int h,
                     struct decode_result *r, struct ck_error *err)
{
    struct xform xf = {0, 0, 2.0};
    struct region b = d->guessed;
    if (!near_guesses(d) || b.x0 >= b.x1)
        return scan(d, d->scn, half, w, h, &xf, r, err);
    /* A margin: zbar needs light paper around the finders, and a guess
     * may be off by a few modules. */
    int mx = (b.x1 - b.x0) / GUESS_MARGIN_DIV + GUESS_MARGIN_PX,
        my = (b.y1 - b.y0) / GUESS_MARGIN_DIV + GUESS_MARGIN_PX;
    struct region g = {b.x0 / 2 - mx, b.y0 / 2 - my, (b.x1 + 1) / 2 + mx,
                       (b.y1 + 1) / 2 + my};
    g.x0 = g.x0 < 0 ? 0 : g.x0;
    g.y0 = g.y0 < 0 ? 0 : g.y0;
    g.x1 = g.x1 > w ? w : g.x1;
    g.y1 = g.y1 > h ? h : g.y1;
    int gw = g.x1 - g.x0, gh = g.y1 - g.y0;
    if (gw < MIN_SCAN_SIDE || gh < MIN_SCAN_SIDE)
        return 0;
    struct gray_frame all = {half, w, h, (size_t)w};
    pp_crop(&all, g.x0, g.y0, gw, gh, d->roi.p);
    struct xform gx = {2.0 * g.x0, 2.0 * g.y0, 2.0};
    return scan(d, d->scn, d->roi.p, gw, gh, &gx, r, err);
}

/* The downscale pass: the frame halved and prepared as `prep`, scanned
 * whole, or (`regions`) first in the rectangles decode_find_regions() gives and
 * whole only when they read nothing.  With DECODE_PASS_GATE, a frame that
 * shows no finder pattern at all (decode_finders_anywhere()) is not scanned and
 * *none is set: there is nothing for the later passes either.  With
 * DECODE_PASS_FAST, the fast path runs after the gate and before any zbar
 * scan here; when it reads the frame's codes, nothing else does.  Returns
 * the number of codes read or an error code (< 0). */
static int pass_down(decoder *d, const struct gray_frame *f, enum prep prep,
                     bool regions, bool *none, struct decode_result *r,
                     struct ck_error *err)
{
    bool fast = d->opt.passes & DECODE_PASS_FAST;
    int w = f->width / 2, h = f->height / 2;
    size_t need = (size_t)w * h;
    *none = false;
    if (pp_buf_reserve(&d->a, need) || pp_buf_reserve(&d->b, need) ||
        pp_buf_reserve(&d->roi, need) ||
        pp_buf_reserve(&d->tmp, pp_binarize_tmp(w, h) +
                                    (size_t)(w / RB + 1) * (h / RB + 1)))
        return ck_fail(err, CK_ENOMEM, "out of memory for a %dx%d scan.", w, h);
    if (decode_reserve_marks(d, w, h))
        return ck_fail(err, CK_ENOMEM, "out of memory for a region map.");
    pp_downscale2(f, d->a.p);
    uint8_t *cur = d->a.p;
    /* Flattening sums the blocks of what it makes: the thresholds of the
     * regions and the gate need no pass of their own over it. */
    bool summed = prep == PREP_FLAT;
    if (summed) {
        pp_flatten(d->a.p, w, h, d->b.p, d->tmp.p, d->marks);
        cur = d->b.p;
    }
    struct region g[RMAX_REGIONS];
    int nf = -1, n = -1;
    if (regions) {
        n = decode_find_regions(d, cur, w, h, summed, g, &nf);
        if (n == -2)
            return ck_fail(err, CK_ENOMEM, "out of memory for a region map.");
    }
    /* nf: dark finders in the halved frame (-1: many, or not looked). */
    if ((d->opt.passes & DECODE_PASS_GATE) && (nf == 0 || !regions)) {
        /* cur is d->b or d->a; decode_finders_anywhere() uses roi and tmp. */
        int k = decode_finders_anywhere(d, f, cur, summed, nf == 0, err);
        if (k < 0)
            return k;
        if (!k) {
            *none = true;
            d->stats.frames_blank++;
            return 0;
        }
    }
    if (fast) {
        /* Its buffers are its own: cur and the regions stay as they are.
         * Where the regions are first (a fraction of the pixels to
         * threshold, when they are less than half the frame), then the
         * whole frame. */
        bool more;
        int k = 0;
        long area = (long)f->width * f->height;
        if (n > 0) {
            int x0 = w, y0 = h, x1 = 0, y1 = 0;
            for (int i = 0; i < n; i++) {
                x0 = g[i].x0 < x0 ? g[i].x0 : x0;
                y0 = g[i].y0 < y0 ? g[i].y0 : y0;
                x1 = g[i].x1 > x1 ? g[i].x1 : x1;
                y1 = g[i].y1 > y1 ? g[i].y1 : y1;
            }
            struct gray_frame sub = {f->pixels + (size_t)(2 * y0) * f->stride +
                                         2 * x0,
                                     2 * (x1 - x0), 2 * (y1 - y0), f->stride};
            /* Only where that saves at least half the frame: the box of
             * finders the halved frame shows may miss a code whose
             * finders it does not show, and the whole frame is looked at
             * below only when the box read nothing. */
            if ((long)sub.width * sub.height * 2 <= area) {
                k = pass_fast(d, &sub, 2 * x0, 2 * y0, &more, r, err);
                if (k < 0 || (k && !more))
                    return k;
            }
        }
        if (!k && area) {
            k = pass_fast(d, f, 0, 0, &more, r, err);
            if (k < 0 || (k && !more))
                return k;
        }
        /* Video: no three finders (seen, or two seen and the third
         * found where they put it) that can be a code, so the zbar
         * passes would look for what the detector did not see; on the
         * realistic scenes they read nothing more in such frames.  Nor
         * on frames the fast path reads alone. */
        if (!k && near_guesses(d) &&
            (!d->fast_guesses || fast_path_alone(d, f))) {
            *none = true;
            d->stats.frames_fast_only++;
            return 0;
        }
        /* Still: no guesses either; the halved frame holds codes at 4
         * px/module and more, whose finders the fast path sees at full
         * resolution.  On the scenes and photos the halved scan read
         * nothing in such frames; the full-resolution passes still run. */
        if (!k && d->opt.mode == DECODE_STILL && !d->fast_guesses)
            return 0;
        /* Still, frames up to VGA where the fast path read nothing: on
         * the scenes the halved scan read nothing there (the
         * full-resolution passes follow with DECODE_PASS_HARDER).  Where
         * it read a code and left a guess unread, the halved scan stays:
         * it mostly re-reads that code, which ends the frame before the
         * whole-frame pass. */
        if (!k && d->opt.mode == DECODE_STILL &&
            (long)f->width * f->height <= VGA_AREA)
            return 0;
    }
    if (n < 0)
        return scan_half(d, cur, w, h, r, err);
    int found = 0;
    struct gray_frame half = {cur, w, h, (size_t)w};
    for (int i = 0; i < n; i++) {
        int rw = g[i].x1 - g[i].x0, rh = g[i].y1 - g[i].y0;
        pp_crop(&half, g[i].x0, g[i].y0, rw, rh, d->roi.p);
        struct xform rx = {2.0 * g[i].x0, 2.0 * g[i].y0, 2.0};
        int k = scan(d, d->scn, d->roi.p, rw, rh, &rx, r, err);
        if (k < 0)
            return k;
        found += k;
    }
    /* Nothing where the finders were: the halved frame whole (or where
     * the fast path's guesses lie), so this pass never reads less than
     * scanning it whole does. */
    return found ? found : scan_half(d, cur, w, h, r, err);
}

static void remember(decoder *d, const struct gray_frame *f,
                     const struct decode_result *r)
{
    if (!r->count)
        return;
    const struct decoded_code *c = &r->codes[0];
    int x0 = c->corners[0].x, x1 = x0, y0 = c->corners[0].y, y1 = y0;
    for (int i = 1; i < 4; i++) {
        if (c->corners[i].x < x0)
            x0 = c->corners[i].x;
        if (c->corners[i].x > x1)
            x1 = c->corners[i].x;
        if (c->corners[i].y < y0)
            y0 = c->corners[i].y;
        if (c->corners[i].y > y1)
            y1 = c->corners[i].y;
    }
    /* Half the code's size on every side: room for a hand's movement
     * between frames and for the quiet zone. */
    int mx = (x1 - x0) / 2 + TRACK_MARGIN_PX,
        my = (y1 - y0) / 2 + TRACK_MARGIN_PX;
    d->last.x0 = x0 - mx < 0 ? 0 : x0 - mx;
    d->last.y0 = y0 - my < 0 ? 0 : y0 - my;
    d->last.x1 = x1 + mx > f->width ? f->width : x1 + mx;
    d->last.y1 = y1 + my > f->height ? f->height : y1 + my;
    d->last_age = 0;
}

/* Whether a fallback scan of `px` pixels fits in what is left of this
 * frame's budget. */
static bool fits_budget(decoder *d, long px)
{
    if (d->budget_ns < 0)
        return true;
    int64_t spent = util_mono_ns() - d->t0_ns;
    return spent + (int64_t)((double)px * d->ns_per_px) <= d->budget_ns;
}

/* One fallback scan, timed to learn what the next one will cost. */
static int fallback_pass(decoder *d, const struct gray_frame *f,
                         struct region g, int scale, enum prep prep,
                         struct decode_result *r, struct ck_error *err)
{
    long px = (long)(g.x1 - g.x0) * (g.y1 - g.y0);
    if (scale < 0)
        px /= 4;
    int64_t t = util_mono_ns();
    int n = pass(d, f, g, scale, 0, prep, r, err);
    double per = (double)(util_mono_ns() - t) / (double)(px ? px : 1);
    d->ns_per_px = (1 - COST_NEW_WEIGHT) * d->ns_per_px + COST_NEW_WEIGHT * per;
    d->stats.fallbacks_run++;
    return n;
}

/* The video fallback for this frame, one per frame in turn: a quarter of
 * the frame at full resolution (big frames) or all of it, the binarised
 * pass (glare), the inverted pass.  When the slice due does not fit in
 * the frame's budget it waits for a later frame (the turn does not
 * move on), unless it is the frame's `only` pass. */
static int video_fallback(decoder *d, const struct gray_frame *f, bool big,
                          bool only, struct decode_result *r,
                          struct ck_error *err)
{
    unsigned passes = d->opt.passes, ntiles = big ? FALLBACK_TILES : 1;
    unsigned nturns = ntiles + 2;
    enum prep prep = passes & DECODE_PASS_FLATTEN ? PREP_FLAT : PREP_GRAY;
    struct region all = {0, 0, f->width, f->height};
    int scale = big ? -2 : 1;
    for (unsigned tries = 0; tries < nturns; tries++) {
        unsigned t = d->turn % nturns;
        struct region g = all;
        int sc = scale;
        enum prep pp = prep;
        if (t == ntiles) {
            pp = PREP_BIN;
        } else if (t == ntiles + 1) {
            pp = PREP_INV;
        } else {
            sc = 1;
            if (big) {
                int tw = f->width / 2 + TILE_OVERLAP / 2;
                int th = f->height / 2 + TILE_OVERLAP / 2;
                g.x0 = t & 1 ? f->width - tw : 0;
                g.y0 = t & 2 ? f->height - th : 0;
                g.x1 = g.x0 + tw;
                g.y1 = g.y0 + th;
            }
        }
        unsigned need = pp == PREP_BIN   ? DECODE_PASS_BINARIZE
                        : pp == PREP_INV ? DECODE_PASS_INVERTED
                                         : DECODE_PASS_FULL;
        if (!(passes & need)) {
            d->turn++;
            continue;
        }
        long px = (long)(g.x1 - g.x0) * (g.y1 - g.y0) / (sc < 0 ? 4 : 1);
        /* The frame's only pass (small frames) always runs. */
        if (!only && !fits_budget(d, px)) {
            /* The guess shrinks with every slice left for later, so a
             * guess too high (or a moment of load) delays the slice but
             * never starves it. */
            d->ns_per_px *= COST_SHRINK;
            d->stats.fallbacks_skipped++;
            return 0;
        }
        d->turn++;
        return fallback_pass(d, f, g, sc, pp, r, err);
    }
    return 0;
}

/* The video fallback where the fast path sampled a grid it could not
 * read: the box of those grids at full resolution, flattened or (every
 * other turn) inverted, when it fits in the frame's budget. */
static int box_fallback(decoder *d, const struct gray_frame *f,
                        struct decode_result *r, struct ck_error *err)
{
    struct region g = d->sampled;
    unsigned passes = d->opt.passes;
    enum prep prep = passes & DECODE_PASS_FLATTEN ? PREP_FLAT : PREP_GRAY;
    if ((d->turn & 1) && (passes & DECODE_PASS_INVERTED))
        prep = PREP_INV;
    else if (!(passes & DECODE_PASS_FULL))
        return 0;
    if (!fits_budget(d, (long)(g.x1 - g.x0) * (g.y1 - g.y0))) {
        d->ns_per_px *= COST_SHRINK;
        d->stats.fallbacks_skipped++;
        return 0;
    }
    d->turn++;
    return fallback_pass(d, f, g, 1, prep, r, err);
}

/* What both modes run first: the fast path on frames too small to halve
 * (it runs inside the halved pass otherwise, after the gate), then the
 * halved pass.  *done: the frame needs nothing more (a code read, an
 * error, or the gate found nothing to read). */
static int first_passes(decoder *d, const struct gray_frame *f, bool down,
                        enum prep prep, bool *done, struct decode_result *r,
                        struct ck_error *err)
{
    unsigned passes = d->opt.passes;
    int n = 0;
    *done = false;
    if ((passes & DECODE_PASS_FAST) && !down) {
        bool more;
        n = pass_fast(d, f, 0, 0, &more, r, err);
        if (n < 0 || (n && !more)) {
            *done = true;
            return n;
        }
    }
    if (down) {
        bool none;
        n = pass_down(d, f, prep,
                      (passes & DECODE_PASS_REGIONS) &&
                          (long)f->width * f->height > VGA_AREA,
                      &none, r, err);
        *done = n || none;
    }
    return n;
}

/* The boxes round the finders of ink `inv` the fast path saw (frame
 * pixels) into b[MAX_NEAR], widened to whole 8x8 blocks (a block-aligned
 * crop flattens as the frame does) and clipped to w x h, any two that
 * overlap merged until none do (so they never hold more pixels than the
 * frame); returns how many, or -1 when there are none or too many to go
 * by (scan the frame whole). */
static int near_boxes(const decoder *d, int inv, int w, int h, struct region *b)
{
    int n = d->nnear[inv];
    if (n > MAX_NEAR)
        return -1;
    for (int i = 0; i < n; i++) {
        struct region g = d->near[inv][i];
        g.x0 = g.x0 < 0 ? 0 : g.x0 / PP_BLOCK * PP_BLOCK;
        g.y0 = g.y0 < 0 ? 0 : g.y0 / PP_BLOCK * PP_BLOCK;
        g.x1 = g.x1 >= w ? w : (g.x1 + PP_BLOCK - 1) / PP_BLOCK * PP_BLOCK;
        g.y1 = g.y1 >= h ? h : (g.y1 + PP_BLOCK - 1) / PP_BLOCK * PP_BLOCK;
        b[i] = g;
    }
    for (bool merged = true; merged;) {
        merged = false;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n;) {
                if (b[i].x0 < b[j].x1 && b[j].x0 < b[i].x1 &&
                    b[i].y0 < b[j].y1 && b[j].y0 < b[i].y1) {
                    b[i].x0 = b[j].x0 < b[i].x0 ? b[j].x0 : b[i].x0;
                    b[i].y0 = b[j].y0 < b[i].y0 ? b[j].y0 : b[i].y0;
                    b[i].x1 = b[j].x1 > b[i].x1 ? b[j].x1 : b[i].x1;
                    b[i].y1 = b[j].y1 > b[i].y1 ? b[j].y1 : b[i].y1;
                    b[j] = b[--n];
                    merged = true;
                } else {
                    j++;
                }
            }
    }
    return n ? n : -1;
}

/* Pixels a module: a grid the fast path sampled (its timing patterns
 * held) and could not read is left to the thorough pass's crops only
 * when its modules are at least this big (crops_can_pay()). */
#define CROP_SAMPLED_PPM 3.0

/* Whether the thorough pass's crops (of ink `inv`) can read what the
 * fast path missed, by what the fast path saw in this frame, at every
 * size (issue 54; until then a rule for frames up to VGA only, and
 * every crop above): not for light ink (the fast path's light looks
 * threshold light codes on their own rule at full resolution), and not
 * where it sampled a grid whose timing patterns held and still read
 * nothing, unless that grid's modules are CROP_SAMPLED_PPM pixels or
 * more: at fewer, the fast path's one sample a module saw what zbar
 * would at full resolution (a real code with too many errors); at more,
 * zbar's runs across each module read through a crack or a glint that
 * a sample can land on.  On seventeen seeds' scene sets (seed 0's 12 a
 * condition, seeds 1-16's 2; 2,244 frames at three sizes) every code a
 * crop read was dark, from a box where the crop finder was not
 * overwhelmed, in a frame without a sampled grid or (seed 13's cracked
 * screen at 1920x1080) one of 5.0 px a module; sampled grids at 640x480
 * were 1.4-2.6 px a module. */
static bool crops_can_pay(const decoder *d, int inv)
{
    return !inv &&
           (!d->fast_sampled || d->fast_sampled_ppm >= CROP_SAMPLED_PPM);
}

/* What of the frame the thorough pass's crops may cover (issue 54): a
 * box round the fast path's finders of more than CROP_BOX_MAX_NUM /
 * CROP_BOX_MAX_DEN of the frame gets no crop finder, and a crop of more
 * than 1 / CROP_MAX_DIV of it is not scanned.  Such a box holds finders
 * the fast path saw all over the frame, and such a crop is the triples
 * of clutter's (blur's, noise's) finder-like marks overlapping into
 * one, not one code and its margin.  On seventeen seeds' scene sets
 * (2,244 frames at three sizes) every crop that read a code was at most
 * 32 % of its frame, in a box of at most 51 %; the 28 boxes and crops
 * past these bounds (all at 640x480) read nothing, and on seed 3 cost
 * 47 % of its thorough read's instructions at that size. */
#define CROP_BOX_MAX_NUM 3
#define CROP_BOX_MAX_DEN 5
#define CROP_MAX_DIV 2

/* Whether `g` (a box, or, `crop`, a crop in one) is small enough in the
 * w x h frame for the crops' scan (CROP_BOX_MAX_NUM, CROP_MAX_DIV). */
static bool crop_fits(struct region g, bool crop, int w, int h)
{
    long area = (long)(g.x1 - g.x0) * (g.y1 - g.y0), frame = (long)w * h;
    return crop ? area * CROP_MAX_DIV <= frame
                : area * CROP_BOX_MAX_DEN <= frame * CROP_BOX_MAX_NUM;
}

/* The box `g` at full resolution (prepared as `prep`), or, `crops`, only
 * the crops in it round three finders of ink `inv` that can be one
 * code's (decode_finder_crops(); none: nothing to scan), and those only
 * where crops_can_pay() and within crop_fits()'s share of the
 * frame; where the crop finder saw too many finders to go by (clutter,
 * sensor noise), nothing rather than the whole box. */
static int pass_crops(decoder *d, const struct gray_frame *f, struct region g,
                      int inv, enum prep prep, bool crops,
                      struct decode_result *r, struct ck_error *err)
{
    struct region c[MAX_NEAR];
    int nseen = d->nnear[inv] > MAX_NEAR ? 0 : d->nnear[inv];
    if (crops &&
        (!crops_can_pay(d, inv) || !crop_fits(g, false, f->width, f->height)))
        return 0;
    int nc = crops ? decode_finder_crops(d, f, g, inv, d->near[inv], nseen, c,
                                         MAX_NEAR)
                   : -1;
    if (nc == -2)
        return ck_fail(err, CK_ENOMEM, "out of memory for a %dx%d scan.",
                       g.x1 - g.x0, g.y1 - g.y0);
    if (crops && nc < 0)
        return 0;
    if (nc < 0) {
        c[0] = g;
        nc = 1;
    }
    int found = 0;
    for (int i = 0; i < nc; i++) {
        if (crops && !crop_fits(c[i], true, f->width, f->height))
            continue;
        int k = pass(d, f, c[i], 1, 0, prep, r, err);
        if (k < 0)
            return k;
        found += k;
    }
    return found;
}

/* Still mode's full-resolution pass (prepared as `prep`) for codes of
 * ink `inv`: with the harder passes, where the fast path ran, only in
 * the boxes round the finders of that ink it saw (near_boxes(); noted
 * by note_near() only then): zbar finds a code by its finders,
 * and on 1,224 scene frames (two sets of 612) and the photos every code
 * the whole frame gave had one the fast path saw within reach, so the
 * boxes read exactly what the whole frame did, from 30-37 % fewer
 * instructions.  The whole frame otherwise (images under 360 px a side
 * without --harder, no fast path), or where the boxes are none or too
 * many.  `crops` (still, frames of 360 px and up, harder passes after
 * the fast path; issue 54): in each box, or the whole frame, only the
 * crops round three finders that can be one code's
 * (decode_finder_crops()).  Returns the number of codes read or an error
 * code (< 0). */
static int pass_near(decoder *d, const struct gray_frame *f, int inv,
                     enum prep prep, bool crops, struct decode_result *r,
                     struct ck_error *err)
{
    struct region b[MAX_NEAR];
    int nb = d->opt.passes & DECODE_PASS_FAST
                 ? near_boxes(d, inv, f->width, f->height, b)
                 : -1;
    if (nb < 0) {
        b[0] = (struct region){0, 0, f->width, f->height};
        nb = 1;
    }
    int found = 0;
    for (int i = 0; i < nb; i++) {
        int k = pass_crops(d, f, b[i], inv, prep, crops, r, err);
        if (k < 0)
            return k;
        found += k;
    }
    return found;
}

/* Whether still mode's inverted pass may find a code: only when the
 * fast path, which looks for light-on-dark finders too, saw three light
 * ones that can be a code (and, as it guesses light ink on its fine
 * threshold only where its coarse one saw a light finder, such a
 * finder).  On 612 scene frames (12 per condition and size) that pass
 * read one code, in a frame with such a guess; in every other frame the
 * fast path could not read it only cost a full-resolution scan. */
static bool inverted_worth_it(const decoder *d)
{
    return !(d->opt.passes & DECODE_PASS_FAST) || d->fast_light > 0;
}

/* Whether the 2x passes (plain and padded) may find a code: not when the
 * fast path made a guess, since it then sampled that code's modules into
 * a clean image at 2 px a module, an enlargement without the blur.  On
 * the photos they read nothing, and scan four and seven times the
 * image's pixels. */
static bool upscale_worth_it(const decoder *d)
{
    return !(d->opt.passes & DECODE_PASS_FAST) || !d->fast_guesses;
}

/* Whether still mode's whole-frame pass may find a code: not when the
 * fast path made no guess and its dark-ink looks (full resolution, every
 * second row, coarse and fine threshold) saw no finder pattern at all;
 * zbar finds codes by their finders.  On the 612 scene frames the pass
 * ran on 64 frames without a guess and read 2 codes, both where the
 * coarse look saw a finder; the 42 where it saw none read nothing (the
 * fine look counts too since the fast path makes no light guess on its
 * fine threshold without a coarse light finder: paper-creased 1280x720
 * #11 then has no guess, and two fine dark finders).  Above 1280x720,
 * only where the coarse look made a guess of dark ink: the guesses of
 * the fine threshold alone (noise, at this size) led to no read in 25
 * runs on 1224 scene frames (two sets of 612), those of the coarse one
 * to the one code only this pass read at 1080p. */
static bool full_worth_it(const decoder *d, const struct gray_frame *f)
{
    if (!(d->opt.passes & DECODE_PASS_FAST))
        return true;
    if ((long)f->width * f->height > HD_AREA)
        return d->fast_coarse_dark > 0;
    return d->fast_guesses > 0 || d->fast_dark_finders > 0;
}

/* Whether the padded passes may find a code: as the 2x ones, not when
 * the fast path made a guess (its clean image of the guess has a quiet
 * zone drawn round it).  On the photos the padded pass read nothing
 * where the fast path had guessed (6 photos), and scans 1.6 times the
 * image's pixels. */
static bool pad_worth_it(const decoder *d)
{
    return upscale_worth_it(d);
}

/* Whether still mode's full-resolution passes (plain and inverted) may
 * follow a fast path that read nothing: on frames too small to halve
 * (under 360 px a side, as most photos are), where such a pass costs
 * about what the fast path does and read one photo (3-23) it had not;
 * on larger frames (`down`) only with DECODE_PASS_HARDER.  There, on
 * 1,224 scene frames (two sets of 12 a condition and size), they read 5
 * codes the fast path and the halved scan had not, and took 60 % of
 * still mode's time at 640x480 and 44-52 % at 1280x720.  Without them
 * `checkin decode` still reads more codes than ZXing-C++ in less than
 * its time; `checkin decode --harder` is there for the image that has
 * to be read. */
static bool full_passes_allowed(const decoder *d, bool down)
{
    unsigned passes = d->opt.passes;
    return !(passes & DECODE_PASS_FAST) || !down ||
           (passes & DECODE_PASS_HARDER);
}

/* ---- the passes of each mode, in order ------------------------------------
 *
 * A frame runs down the table below: each step of its mode whose
 * condition holds runs, and the frame is done when a step reads a code,
 * fails, or says there is nothing more to do (`done`).  docs/decoder.md,
 * "The passes, in the order they run", has the same table with what
 * each step costs and gains. */

/* One frame's decode as the steps see it. */
struct frame_run {
    const struct gray_frame *f;
    struct decode_result *r;
    struct ck_error *err;
    unsigned passes;
    enum prep prep; /* the halved and full-resolution passes' preparation */
    bool down;      /* big enough to halve (DECODE_HALVED_MIN_SIDE) */
    bool small;     /* still: upscale and pad size (SMALL_MAX_SIDE) */
    bool full;      /* still: full-resolution passes allowed */
    bool refresh;   /* video: a held code's frame decoded whole */
    bool fast_done; /* video: the track step's fast path was the frame's */
    /* Video, frames that halve: the track step's zbar scan of its box,
     * left for after the fast path and the halved scan (first_run()). */
    bool track_wait;
    struct region track_box;
    bool done; /* the frame needs nothing more */
};

struct step {
    const char *name;
    enum decode_mode mode;
    bool (*when)(const decoder *d, const struct frame_run *fr);
    /* Codes read, 0 to go on (unless it set fr->done), or an error. */
    int (*run)(decoder *d, struct frame_run *fr);
};

static bool always(const decoder *d, const struct frame_run *fr)
{
    (void)d;
    (void)fr;
    return true;
}

/* Video: the code held in view (DECODE_PASS_HOLD).  Every HOLD_FRAMES-th
 * frame of a hold is decoded whole, from the fast path on, so that a code
 * brought beside the held one is read. */
static bool hold_when(const decoder *d, const struct frame_run *fr)
{
    return (fr->passes & DECODE_PASS_HOLD) && d->held.on;
}

static int hold_run(decoder *d, struct frame_run *fr)
{
    fr->refresh = d->held.frames >= HOLD_FRAMES;
    int n = fr->refresh ? 0 : decode_hold_check(d, fr->f, fr->err);
    if (n < 0)
        return n;
    if (n) {
        if (decode_copy_codes(&d->held.codes, fr->r))
            return ck_fail(fr->err, CK_ENOMEM,
                           "out of memory for a decoded code.");
        d->held.frames++;
        d->stats.frames_held++;
        d->answered = true;
        fr->done = true;
        return (int)fr->r->count;
    }
    d->held.on = false;
    return 0;
}

/* Video: where the last code was (DECODE_PASS_TRACK). */
static bool track_when(const decoder *d, const struct frame_run *fr)
{
    return (fr->passes & DECODE_PASS_TRACK) && d->last_age >= 0 && !fr->refresh;
}

static int track_run(decoder *d, struct frame_run *fr)
{
    const struct gray_frame *f = fr->f;
    struct region g = d->last;
    int n;
    g.x1 = g.x1 > f->width ? f->width : g.x1;
    g.y1 = g.y1 > f->height ? f->height : g.y1;
    if (g.x0 >= g.x1 || g.y0 >= g.y1)
        return 0;
    /* Holding: the fast path where the code was, whose grid can then be
     * held, before zbar scans the region. */
    if (fr->passes & DECODE_PASS_HOLD) {
        struct gray_frame sub = {f->pixels + (size_t)g.y0 * f->stride + g.x0,
                                 g.x1 - g.x0, g.y1 - g.y0, f->stride};
        bool more;
        n = pass_fast(d, &sub, g.x0, g.y0, &more, fr->r, fr->err);
        if (n)
            return n;
        /* A region that is the whole of a frame too small to halve: that
         * was the fast path the next step runs, on the same pixels, so
         * its look is the frame's and it does not run again (on the
         * photographs a small frame nothing reads followed one read, its
         * box the whole frame; the repeat was 0.9-1.3 ms of its 4-5.5 ms
         * natively). */
        fr->fast_done = !fr->down && g.x0 == 0 && g.y0 == 0 &&
                        g.x1 == f->width && g.y1 == f->height;
        if (fr->fast_done)
            return pass(d, f, g, 1, 0, PREP_GRAY, fr->r, fr->err);
        /* What it guessed there is not this frame's whole look. */
        d->fast_guesses = d->fast_sampled = d->fast_light = 0;
        d->fast_sampled_ppm = 0;
        d->fast_dark_finders = d->fast_coarse_dark = 0;
        d->guessed = d->sampled = (struct region){0, 0, 0, 0};
        d->cand.on = d->cand_ok = false;
        /* Nor zbar there on a frame the fast path reads alone (up to
         * VGA, fast_path_alone()): on bench/wasm_bench's 640x480 scenes
         * (8 seeds) and the photographs it read nothing the fast path
         * had not, and was most of the time of the frames nothing
         * read. */
        if (fr->down && fast_path_alone(d, f))
            return 0;
        /* On a frame that halves, zbar's scan of the box waits for the
         * fast path on the whole frame and the halved scan
         * (first_run()): where the code moved they read it, and
         * the box's full-resolution scan, most of the track step's
         * time, is not needed. */
        if (fr->down) {
            fr->track_box = g;
            fr->track_wait = true;
            return 0;
        }
    }
    /* Flattened on frames big enough to halve, as the fallback slices
     * are: in a dim or noisy frame the box's noise edges were most of
     * zbar's work, and the flattened scan read the same codes on
     * bench/wasm_bench's frames (docs/decoder.md). */
    return pass(d, f, g, 1, 0, fr->down ? fr->prep : PREP_GRAY, fr->r, fr->err);
}

/* Both modes: the fast path and the halved passes (first_passes()). */
static int first_run(decoder *d, struct frame_run *fr)
{
    if (fr->fast_done)
        return 0;
    int n =
        first_passes(d, fr->f, fr->down, fr->prep, &fr->done, fr->r, fr->err);
    if (fr->done && n)
        return n;
    /* The track step's zbar scan of the last code's box, kept waiting
     * by track_run(): it runs unless the passes above read the frame's
     * codes, where the fast gate stops a frame too (it ran before them
     * all); a code there ends the frame. */
    if (n >= 0 && fr->track_wait) {
        fr->track_wait = false;
        int k = pass(d, fr->f, fr->track_box, 1, 0, fr->prep, fr->r, fr->err);
        if (k) {
            fr->done = true;
            return k;
        }
    }
    /* A read that left another guess unread goes on to the next steps. */
    return fr->done ? n : 0;
}

/* Video: the fast path's guesses all failed their timing patterns; the
 * halved frame was scanned, but on the scenes a fallback slice read
 * nothing more in such frames. */
static bool fast_gate_when(const decoder *d, const struct frame_run *fr)
{
    unsigned need = DECODE_PASS_FAST | DECODE_PASS_FAST_GATE;
    return fr->down && (fr->passes & need) == need && !d->fast_sampled;
}

static int stop_run(decoder *d, struct frame_run *fr)
{
    (void)d;
    fr->done = true;
    return 0;
}

/* Video: the fast path sampled a grid it could not read; the box around
 * it at full resolution, plain and inverted in turn, rather than a
 * quarter of the frame. */
static bool box_when(const decoder *d, const struct frame_run *fr)
{
    return fr->down && near_guesses(d) && d->sampled.x0 < d->sampled.x1;
}

static int box_run(decoder *d, struct frame_run *fr)
{
    fr->done = true;
    return box_fallback(d, fr->f, fr->r, fr->err);
}

/* Video: frames above VGA get a quarter per frame; smaller ones all of
 * it. */
static int slice_run(decoder *d, struct frame_run *fr)
{
    fr->done = true;
    return video_fallback(
        d, fr->f, fr->down && (long)fr->f->width * fr->f->height > VGA_AREA,
        !fr->down, fr->r, fr->err);
}

/* Still, frames big enough to halve, with the harder passes after the
 * fast path: the full-resolution passes keep to where three finders can
 * be one code's (decode_finder_crops()). */
static bool crops_on(const decoder *d, const struct frame_run *fr)
{
    unsigned need = DECODE_PASS_FAST | DECODE_PASS_HARDER;
    return fr->down && (d->opt.passes & need) == need;
}

/* Still: the full-resolution pass, flattened as the video fallback is
 * (on the scenes it read what the plain frame did and one dim screen
 * more, for less: fewer noise edges for zbar to follow), in the boxes
 * round the dark finders the fast path saw; binarised too with that
 * pass on. */
static bool full_when(const decoder *d, const struct frame_run *fr)
{
    return (fr->passes & DECODE_PASS_FULL) && fr->full &&
           full_worth_it(d, fr->f);
}

static int full_run(decoder *d, struct frame_run *fr)
{
    struct region all = {0, 0, fr->f->width, fr->f->height};
    int n = pass_near(d, fr->f, 0, fr->prep, crops_on(d, fr), fr->r, fr->err);
    if (!n && (fr->passes & DECODE_PASS_BINARIZE))
        n = pass(d, fr->f, all, 1, 0, PREP_BIN, fr->r, fr->err);
    return n;
}

/* Still, small images: enlarged 2x (tiny modules). */
static bool upscale_when(const decoder *d, const struct frame_run *fr)
{
    return (fr->passes & DECODE_PASS_UPSCALE) && fr->small &&
           upscale_worth_it(d);
}

static int upscale_run(decoder *d, struct frame_run *fr)
{
    struct region all = {0, 0, fr->f->width, fr->f->height};
    int n = pass(d, fr->f, all, 2, 0, PREP_GRAY, fr->r, fr->err);
    if (!n && (fr->passes & DECODE_PASS_BINARIZE))
        n = pass(d, fr->f, all, 2, 0, PREP_BIN, fr->r, fr->err);
    return n;
}

/* Still, small images: a code cropped at its edge has no quiet zone;
 * zbar's finder needs one.  Twice the pad for the 2x pass. */
static bool pad_when(const decoder *d, const struct frame_run *fr)
{
    return (fr->passes & DECODE_PASS_PAD) && fr->small && pad_worth_it(d);
}

static int pad_run(decoder *d, struct frame_run *fr)
{
    const struct gray_frame *f = fr->f;
    struct region all = {0, 0, f->width, f->height};
    int big_side = f->width > f->height ? f->width : f->height;
    int border = big_side / PAD_SIDE_DIV + PAD_PX;
    int n = pass(d, f, all, 1, border, PREP_GRAY, fr->r, fr->err);
    if (!n && (fr->passes & DECODE_PASS_UPSCALE))
        n = pass(d, f, all, 2, 2 * border, PREP_GRAY, fr->r, fr->err);
    return n;
}

/* Still, last: light-on-dark codes, in the boxes round the light finders
 * the fast path saw. */
static bool inverted_when(const decoder *d, const struct frame_run *fr)
{
    return (fr->passes & DECODE_PASS_INVERTED) && fr->full &&
           inverted_worth_it(d);
}

static int inverted_run(decoder *d, struct frame_run *fr)
{
    return pass_near(d, fr->f, 1, PREP_INV, crops_on(d, fr), fr->r, fr->err);
}

/* The passes of both modes, in the order they run (see "the passes of
 * each mode" above). */
static const struct step steps[] = {
    {"hold", DECODE_VIDEO, hold_when, hold_run},
    {"track", DECODE_VIDEO, track_when, track_run},
    {"fast and halved", DECODE_VIDEO, always, first_run},
    {"fast gate", DECODE_VIDEO, fast_gate_when, stop_run},
    {"box of the sampled grids", DECODE_VIDEO, box_when, box_run},
    {"fallback slice", DECODE_VIDEO, always, slice_run},
    {"fast and halved", DECODE_STILL, always, first_run},
    {"full resolution", DECODE_STILL, full_when, full_run},
    {"upscale", DECODE_STILL, upscale_when, upscale_run},
    {"pad", DECODE_STILL, pad_when, pad_run},
    {"inverted", DECODE_STILL, inverted_when, inverted_run},
};

/* The frame `f` down the steps of the decoder's mode.  Returns the
 * number of codes read (0 too when an earlier step read some) or an
 * error code (< 0). */
static int run_steps(decoder *d, const struct gray_frame *f,
                     struct decode_result *r, struct ck_error *err)
{
    unsigned passes = d->opt.passes;
    int w = f->width, h = f->height;
    bool down = (passes & DECODE_PASS_DOWNSCALE) &&
                (w < h ? w : h) >= DECODE_HALVED_MIN_SIDE;
    struct frame_run fr = {
        .f = f,
        .r = r,
        .err = err,
        .passes = passes,
        .prep = passes & DECODE_PASS_FLATTEN ? PREP_FLAT : PREP_GRAY,
        .down = down,
        .small = (w > h ? w : h) <= SMALL_MAX_SIDE,
        .full = full_passes_allowed(d, down),
    };
    for (size_t i = 0; i < UTIL_ARRAY_LEN(steps); i++) {
        const struct step *s = &steps[i];
        if (s->mode != d->opt.mode || !s->when(d, &fr))
            continue;
        int n = s->run(d, &fr);
        if (n || fr.done)
            return n;
    }
    return 0;
}

int decoder_decode(decoder *d, const struct gray_frame *f,
                   struct decode_result *out, struct ck_error *err)
{
    out->codes = NULL;
    out->count = 0;
    if (!f || !f->pixels || f->width < 1 || f->height < 1 ||
        f->stride < (size_t)f->width)
        return ck_fail(err, CK_EINVAL,
                       "the frame to decode is empty or its stride is "
                       "smaller than its width.");
    d->t0_ns = util_mono_ns();
    d->fast_guesses = d->fast_sampled = d->fast_light = 0;
    d->fast_sampled_ppm = 0;
    d->fast_dark_finders = d->fast_coarse_dark = 0;
    d->guessed = d->sampled = (struct region){0, 0, 0, 0};
    d->nnear[0] = d->nnear[1] = 0;
    d->cand.on = d->cand_ok = d->answered = false;
    int n = run_steps(d, f, out, err);
    int64_t took = util_mono_ns() - d->t0_ns;
    d->stats.frames++;
    if (took > d->stats.longest_ns)
        d->stats.longest_ns = took;
    if (n < 0) {
        decode_result_free(out);
        return n;
    }
    if (d->opt.mode == DECODE_VIDEO && (d->opt.passes & DECODE_PASS_HOLD))
        decode_hold_after(d, out);
    if (out->count)
        remember(d, f, out);
    else if (d->last_age >= 0 && ++d->last_age >= TRACK_FRAMES)
        d->last_age = -1;
    return 0;
}
