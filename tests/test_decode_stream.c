/* The station's camera path when frames come faster than they can be
 * decoded: station_run reads a live source up to its newest frame, decodes
 * only that one and counts the frames it dropped; the decoder's video
 * mode leaves its fallback passes for a later frame when they do not fit
 * in its time budget.  No timed assertions: the fast camera is a source
 * that says how many frames are already waiting, and the budgets tested
 * are one no pass can fit in and none at all.  Codes are drawn by
 * libqrencode and decided by the demo event's real station rules. */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/decode.h"
#include "checkin/display.h"
#include "checkin/source.h"
#include "checkin/station.h"
#include "checkin/station_loop.h"
#include "checkin/synth.h"
#include "checkin/synth_draw.h"
#include "testutil.h"

/* Demo attendees' ticket secrets (paid). */
#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h"
#define THORDIS "k9y8gxsnwst272gdbfrs5y7g42kkt7fs"
#define JEANLUC "unurqkyf5f2e8x5pb45jhb7dtf74ppgc"
#define POLARS "hzt6eypf2arkk38nkj4gt6davzt3wgek"

#define FW 320
#define FH 240

/* `text` as a QR code, 3 px a module, in the middle of a light w x h
 * frame; `inverted` draws light modules on dark. */
static void paint(uint8_t *px, int w, int h, const char *text, bool inverted)
{
    memset(px, 190, (size_t)w * h);
    for (int i = 0; i < w * h; i += 7)
        px[i] = 175;
    if (!text)
        return;
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) {
        TU_FAIL_AT("libqrencode refused %s", text);
        return;
    }
    double side = qr->width * 3.0;
    synth_draw_qr(px, w, h, (size_t)w, qr, (w - side) / 2, (h - side) / 2, 3, 0,
                  inverted ? 235 : 20, inverted ? 20 : 235);
    QRcode_free(qr);
}

/* A camera that outruns its reader: every time the station asks for a
 * frame, `burst` new ones have arrived since it last asked (as when
 * decoding one frame takes `burst` frame times).  Frame i shows code
 * codes[i] (NULL: nothing). */
struct fast_camera {
    source base;
    const char *const *codes;
    int n, burst;
    int next, arrived; /* frames handed out, frames arrived */
    uint8_t px[FW * FH];
};

static int fast_next(source *src, int timeout_ms, struct source_item *out,
                     struct ck_error *err)
{
    struct fast_camera *c = (struct fast_camera *)src;
    (void)timeout_ms;
    (void)err;
    if (c->next == c->arrived)
        c->arrived =
            c->arrived + c->burst < c->n ? c->arrived + c->burst : c->n;
    if (c->next >= c->n) {
        out->kind = SOURCE_END;
        return CK_OK;
    }
    paint(c->px, FW, FH, c->codes[c->next], false);
    out->kind = SOURCE_FRAME;
    out->t_ms = (int64_t)c->next * 33;
    out->frame = (struct gray_frame){c->px, FW, FH, FW};
    c->next++;
    return CK_OK;
}

static bool fast_waiting(source *src)
{
    struct fast_camera *c = (struct fast_camera *)src;
    return c->next < c->arrived;
}

static void fast_free(source *src)
{
    (void)src;
}

static const struct source_ops FAST_OPS = {fast_next, fast_free, fast_waiting};

/* A display that writes down whose verdicts it showed. */
struct log_display {
    display base;
    char log[2048];
};

static void log_show(display *d, const struct station_result *r)
{
    struct log_display *l = (struct log_display *)d;
    size_t n = strlen(l->log);
    snprintf(l->log + n, sizeof(l->log) - n, "%s; ", r->badge_name);
}

static void log_printed(display *d, const struct station_result *r)
{
    (void)d;
    (void)r;
}

static void log_status(display *d, const station *st)
{
    (void)d;
    (void)st;
}

static void log_results(display *d, const struct attendee_list *l)
{
    (void)d;
    (void)l;
}

static void log_message(display *d, const char *text)
{
    (void)d;
    (void)text;
}

static int log_poll(display *d, int timeout_ms, struct display_event *ev)
{
    (void)d;
    (void)timeout_ms;
    ev->kind = DISPLAY_NONE;
    return CK_OK;
}

static void log_free(display *d)
{
    (void)d;
}

static const struct display_ops LOG_OPS = {log_show,    log_printed, log_status,
                                           log_results, log_message, log_poll,
                                           log_free,    NULL};

/* Three frames arrive per frame decoded; in each burst of three the two
 * older frames show someone who has since walked on and the newest the
 * person now in front of the camera.  A station that decoded every frame
 * would admit the people who walked on (and fall further behind); this
 * one decodes the newest of each burst, admits only the people in front
 * of it, and counts the 8 frames it skipped. */
static void station_decodes_newest_frame_and_counts_dropped(void)
{
    static const char *const codes[] = {
        POLARS,  POLARS,  OLIVIA,  /* burst 1 */
        JEANLUC, JEANLUC, THORDIS, /* burst 2 */
        POLARS,  JEANLUC, OLIVIA,  /* burst 3: Olivia is still there */
        NULL,    POLARS,  NULL,    /* burst 4: gone */
    };
    const char *db = tu_copy(tu_demo_event(), "stream.db");
    store *s;
    station *st;
    station_loop *lp;
    struct ck_error err = {0};
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = "desk-fast", .open_before_ms = -1};
    REQUIRE(station_open(s, &cfg, &st, &err) == CK_OK);
    REQUIRE(station_loop_new(st, &lp, &err) == CK_OK);
    struct fast_camera *cam = calloc(1, sizeof(*cam));
    REQUIRE(cam);
    *cam = (struct fast_camera){.base = {&FAST_OPS},
                                .codes = codes,
                                .n = sizeof(codes) / sizeof(codes[0]),
                                .burst = 3};
    struct log_display d = {.base = {&LOG_OPS}};
    EXPECT_INT(station_run(lp, &cam->base, &d.base, false, &err), CK_OK);
    EXPECT_STR(d.log, "Olivia Hartley-Whitmore; Þórdís Guðmundsdóttir; ");
    struct station_frame_stats fs;
    station_loop_frame_stats(lp, &fs);
    EXPECT_INT(fs.decoded, 4);
    EXPECT_INT(fs.dropped, 8);
    EXPECT_TRUE(fs.longest_ns > 0);
    free(cam);
    station_loop_free(lp);
    station_free(st);
    store_close(s);
}

/* The same frames from a file-like source (nothing ever waiting): every
 * frame is decoded, none dropped, and the people who were in view first
 * are admitted too. */
static void replayed_frames_are_all_decoded(void)
{
    static const char *const codes[] = {POLARS, POLARS, OLIVIA};
    const char *db = tu_copy(tu_demo_event(), "replay.db");
    store *s;
    station *st;
    station_loop *lp;
    struct ck_error err = {0};
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = "desk-replay", .open_before_ms = -1};
    REQUIRE(station_open(s, &cfg, &st, &err) == CK_OK);
    REQUIRE(station_loop_new(st, &lp, &err) == CK_OK);
    static const struct source_ops FILE_OPS = {fast_next, fast_free, NULL};
    struct fast_camera *cam = calloc(1, sizeof(*cam));
    REQUIRE(cam);
    *cam = (struct fast_camera){
        .base = {&FILE_OPS}, .codes = codes, .n = 3, .burst = 3};
    struct log_display d = {.base = {&LOG_OPS}};
    EXPECT_INT(station_run(lp, &cam->base, &d.base, false, &err), CK_OK);
    EXPECT_CONTAINS(d.log, "Olivia Hartley-Whitmore; ");
    struct station_frame_stats fs;
    station_loop_frame_stats(lp, &fs);
    EXPECT_INT(fs.decoded, 3);
    EXPECT_INT(fs.dropped, 0);
    free(cam);
    station_loop_free(lp);
    station_free(st);
    store_close(s);
}

/* An inverted code is read only by the inverted fallback pass (once the
 * fast path, which reads it at once, is off).  With no budget, video mode
 * reaches that pass within a few frames; with a budget no pass can fit in
 * (1 us), it runs only the halved frame, never a fallback, reads nothing
 * and counts every fallback it left for later. */
static void video_fallbacks_wait_for_budget(void)
{
    const int w = 640, h = 480;
    uint8_t *px = malloc((size_t)w * h);
    REQUIRE(px);
    paint(px, w, h, OLIVIA, true);
    struct gray_frame f = {px, w, h, (size_t)w};
    for (int tight = 0; tight < 2; tight++) {
        decoder *dec;
        struct ck_error err;
        struct decoder_options opt = {DECODE_VIDEO,
                                      DECODE_PASSES_DEFAULT & ~DECODE_PASS_FAST,
                                      tight ? 1 : DECODE_BUDGET_NONE};
        REQUIRE(decoder_new(&opt, &dec, &err) == CK_OK);
        int read_at = -1;
        for (int i = 0; i < 8 && read_at < 0; i++) {
            struct decode_result r;
            REQUIRE(decoder_decode(dec, &f, &r, &err) == CK_OK);
            if (r.count) {
                EXPECT_STR((const char *)r.codes[0].bytes, OLIVIA);
                read_at = i;
            }
            decode_result_free(&r);
        }
        struct decode_stats ds;
        decoder_stats(dec, &ds);
        if (tight) {
            EXPECT_INT(read_at, -1);
            EXPECT_INT(ds.fallbacks_run, 0);
            EXPECT_INT(ds.fallbacks_skipped, 8);
            EXPECT_INT(ds.frames, 8);
        } else {
            EXPECT_TRUE(read_at >= 0);
            EXPECT_INT(ds.fallbacks_skipped, 0);
        }
        decoder_free(dec);
    }
    free(px);
}

/* The station's usual frame shows no code at all: an empty desk, lit
 * unevenly, with sensor noise.  Without a finder pattern anywhere, at
 * either scale and polarity, no zbar pass runs (neither in video mode nor
 * in still mode); with the gate (and the fast gate behind it) off every
 * frame costs the halved pass and a fallback.  A code too small for the halved
 * frame still reads (test_ decode's video_mode_tracks_and_covers_whole_frame).
 */
static void frames_without_finder_patterns_are_not_scanned(void)
{
    const int w = 1280, h = 720;
    uint8_t *px = malloc((size_t)w * h);
    REQUIRE(px);
    uint64_t rng = 0x5eed;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            px[(size_t)y * w + x] = (uint8_t)(90 + 60.0 * x / w + 30.0 * y / h);
    REQUIRE(synth_blur_noise(px, w, h, (size_t)w, 6, &rng) == 0);
    struct gray_frame f = {px, w, h, (size_t)w};
    for (int gate = 0; gate < 2; gate++)
        for (int mode = 0; mode < 2; mode++) {
            struct decoder_options opt = {
                mode ? DECODE_STILL : DECODE_VIDEO,
                gate ? DECODE_PASSES_DEFAULT
                     : DECODE_PASSES_DEFAULT &
                           ~(DECODE_PASS_GATE | DECODE_PASS_FAST_GATE),
                DECODE_BUDGET_NONE};
            decoder *dec;
            struct ck_error err;
            REQUIRE(decoder_new(&opt, &dec, &err) == CK_OK);
            for (int i = 0; i < 6; i++) {
                struct decode_result r;
                REQUIRE(decoder_decode(dec, &f, &r, &err) == CK_OK);
                EXPECT_INT(r.count, 0);
                decode_result_free(&r);
            }
            struct decode_stats ds;
            decoder_stats(dec, &ds);
            EXPECT_INT(ds.frames_blank, gate ? 6 : 0);
            if (!mode)
                EXPECT_INT(ds.fallbacks_run, gate ? 0 : 6);
            decoder_free(dec);
        }
    free(px);
}

/* Video mode, after the gate: a frame whose finder patterns make no code
 * for the fast path (one finder alone) runs no zbar pass, and counts as
 * the fast path's alone; three finders alone (no timing patterns between
 * them) get the halved frame's zbar scan but no fallback slice; with
 * DECODE_PASS_FAST_GATE off every such frame runs a fallback.  A code
 * whose finders and timing patterns stand but whose data is noise gives
 * the fast path a grid it cannot read, and the fallbacks still run.  At
 * 800x600: up to VGA the fast path runs alone (the next test). */
static void video_runs_no_zbar_pass_where_fast_path_sees_no_code(void)
{
    const int w = 800, h = 600, ppm = 3;
    uint8_t *px = malloc((size_t)w * h);
    REQUIRE(px);
    QRcode *qr = QRcode_encodeString(OLIVIA, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    REQUIRE(qr);
    int side = qr->width * ppm, x0 = (w - side) / 2, y0 = (h - side) / 2;
    uint64_t rng = 0x5eed;
    for (int scene = 0; scene < 3; scene++)
        for (int gate = 0; gate < 2; gate++) {
            paint(px, w, h, OLIVIA, false);
            for (int y = y0 - ppm; y < y0 + side + ppm; y++)
                for (int x = x0 - ppm; x < x0 + side + ppm; x++) {
                    int i = (x - x0) / ppm, j = (y - y0) / ppm;
                    if (scene == 0 && (x >= x0 + 8 * ppm || y >= y0 + 8 * ppm))
                        px[(size_t)y * w + x] = 190; /* all but a finder */
                    else if (scene == 1 && i >= 8 && j >= 8 && i < qr->width &&
                             j < qr->width && (i < 15 || j < 15) &&
                             (x - x0) % ppm == 0 && (y - y0) % ppm == 0) {
                        uint8_t v = synth_rand(&rng) & 1 ? 20 : 235;
                        for (int k = 0; k < ppm; k++)
                            memset(px + (size_t)(y + k) * w + x, v,
                                   (size_t)ppm);
                    } else if (scene == 2 && x >= x0 && y >= y0 &&
                               i < qr->width && j < qr->width &&
                               (i >= 8 || j >= 8) &&
                               (i < qr->width - 8 || j >= 8) &&
                               (j < qr->width - 8 || i >= 8)) {
                        px[(size_t)y * w + x] = 190; /* three finders */
                    }
                }
            struct decoder_options opt = {DECODE_VIDEO,
                                          gate ? DECODE_PASSES_DEFAULT
                                               : DECODE_PASSES_DEFAULT &
                                                     ~DECODE_PASS_FAST_GATE,
                                          DECODE_BUDGET_NONE};
            decoder *dec;
            struct ck_error err;
            REQUIRE(decoder_new(&opt, &dec, &err) == CK_OK);
            struct gray_frame f = {px, w, h, (size_t)w};
            for (int i = 0; i < 6; i++) {
                struct decode_result r;
                REQUIRE(decoder_decode(dec, &f, &r, &err) == CK_OK);
                EXPECT_INT(r.count, 0);
                decode_result_free(&r);
            }
            struct decode_stats ds;
            decoder_stats(dec, &ds);
            bool skipped = gate && scene == 0;
            EXPECT_INT(ds.frames_blank, 0);
            EXPECT_INT(ds.frames_fast_only, skipped ? 6 : 0);
            EXPECT_INT(ds.fallbacks_run, gate && scene != 1 ? 0 : 6);
            decoder_free(dec);
        }
    QRcode_free(qr);
    free(px);
}

/* Decoder statistics, into *ds, after `frames` decodes in `mode` (no
 * budget) of the w x h frame `px` with one decoder, each reading `codes`
 * codes. */
static void decode_frames(enum decode_mode mode, const uint8_t *px, int w,
                          int h, int frames, size_t codes,
                          struct decode_stats *ds)
{
    memset(ds, 0, sizeof(*ds));
    struct decoder_options opt = {mode, 0, DECODE_BUDGET_NONE};
    decoder *dec;
    struct ck_error err;
    REQUIRE(decoder_new(&opt, &dec, &err) == CK_OK);
    struct gray_frame f = {px, w, h, (size_t)w};
    for (int i = 0; i < frames; i++) {
        struct decode_result r;
        REQUIRE(decoder_decode(dec, &f, &r, &err) == CK_OK);
        EXPECT_INT(r.count, codes);
        decode_result_free(&r);
    }
    decoder_stats(dec, ds);
    decoder_free(dec);
}

/* Decoder statistics, into *ds, after one still-mode decode (no budget)
 * of a 640x480 frame showing one finder pattern alone, 3 px a module:
 * dark on light, or (`light`) light on a dark-mode screen.  Nothing is
 * read. */
static void decode_lone_finder(bool light, struct decode_stats *ds)
{
    const int w = 640, h = 480, ppm = 3;
    uint8_t *px = malloc((size_t)w * h);
    REQUIRE(px);
    QRcode *qr = QRcode_encodeString(OLIVIA, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    REQUIRE(qr);
    int side = qr->width * ppm, x0 = (w - side) / 2, y0 = (h - side) / 2;
    paint(px, w, h, OLIVIA, light);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (x < x0 - ppm || y < y0 - ppm || x >= x0 + 8 * ppm ||
                y >= y0 + 8 * ppm)
                px[(size_t)y * w + x] = light ? 20 : 190; /* all but a finder */
    decode_frames(DECODE_STILL, px, w, h, 1, 0, ds);
    QRcode_free(qr);
    free(px);
}

/* Still mode on one dark finder pattern alone (past the gate, but no
 * code for the fast path, dark or light): the plain full-resolution pass
 * runs, the halved and inverted passes do not, so zbar sees one frame's
 * pixels rather than 2.25. */
static void still_runs_full_pass_alone_where_fast_path_sees_no_code(void)
{
    struct decode_stats ds;
    decode_lone_finder(false, &ds);
    EXPECT_INT(ds.frames_blank, 0);
    if (ds.scanned_px > 640ull * 480)
        TU_FAIL_AT("zbar was handed %llu pixels, more than %d", ds.scanned_px,
                   640 * 480);
}

/* Still mode on a dark-mode screen showing one light finder pattern
 * alone (past the gate, which looks for either polarity): the fast path
 * saw no dark finder and made no guess, so no zbar pass runs (the plain
 * whole-frame pass would look for dark finders; on the scenes it read
 * nothing in such frames). */
static void still_skips_full_pass_without_dark_finders(void)
{
    struct decode_stats ds;
    decode_lone_finder(true, &ds);
    EXPECT_INT(ds.frames_blank, 0);
    if (ds.scanned_px * 2 > 640ull * 480)
        TU_FAIL_AT("zbar was handed %llu pixels, more than %d", ds.scanned_px,
                   640 * 480 / 2);
}

/* A code whose finders and timing patterns stand but whose data is noise,
 * in the middle of a w x h frame at ppm px/module: the fast path samples
 * its grid (the timing patterns hold) and cannot read it. */
static void paint_unreadable_grid(uint8_t *px, int w, int h, int ppm)
{
    QRcode *qr = QRcode_encodeString(OLIVIA, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    REQUIRE(qr);
    int side = qr->width * ppm, x0 = (w - side) / 2, y0 = (h - side) / 2;
    uint64_t rng = 0x5eed;
    paint(px, w, h, OLIVIA, false);
    for (int j = 8; j < qr->width; j++)
        for (int i = 8; i < qr->width; i++) {
            if (i >= 15 && j >= 15)
                continue;
            uint8_t v = synth_rand(&rng) & 1 ? 20 : 235;
            for (int k = 0; k < ppm; k++)
                memset(px + (size_t)(y0 + j * ppm + k) * w + x0 + i * ppm, v,
                       (size_t)ppm);
        }
    QRcode_free(qr);
}

/* Decoder statistics, into *ds, after `frames` decodes in `mode` (no
 * budget) of a w x h frame holding paint_unreadable_grid()'s code, none
 * of them read. */
static void decode_unreadable_grid(enum decode_mode mode, int w, int h,
                                   int frames, struct decode_stats *ds)
{
    memset(ds, 0, sizeof(*ds));
    uint8_t *px = malloc((size_t)w * h);
    REQUIRE(px);
    paint_unreadable_grid(px, w, h, 3);
    decode_frames(mode, px, w, h, frames, 0, ds);
    free(px);
}

/* Still mode, one decode of a w x h frame holding
 * paint_unreadable_grid()'s code: zbar must be handed at most num / den
 * frames' pixels. */
static void still_grid_scans_at_most(int w, int h, int num, int den)
{
    struct decode_stats ds;
    decode_unreadable_grid(DECODE_STILL, w, h, 1, &ds);
    if (ds.scanned_px * den > (unsigned long long)w * h * num)
        TU_FAIL_AT("zbar was handed %llu pixels, more than %d", ds.scanned_px,
                   w * h * num / den);
}

/* Still mode where the fast path sampled a dark code's grid it could not
 * read and saw no light-on-dark code: the halved and full-resolution
 * passes run, the inverted one does not (about 1.3 frames' pixels to
 * zbar with the clean images, not 2.3). */
static void still_skips_inverted_pass_without_light_guesses(void)
{
    still_grid_scans_at_most(640, 480, 3, 2);
}

/* Still mode on a 640x480 frame where the fast path sampled a code's
 * grid it could not read: the whole frame at full resolution, but not
 * the halved frame before it (on the scenes it read nothing up to VGA),
 * so zbar gets the clean images and one frame's pixels (about 1.07
 * frames), not 1.32. */
static void still_skips_halved_scan_up_to_vga(void)
{
    still_grid_scans_at_most(640, 480, 6, 5);
}

/* Still mode on a small image (240x240, a phone crop) where the fast path
 * sampled a code's grid it could not read: no 2x pass over the image,
 * plain or padded (the clean image of the grid was that code enlarged),
 * so zbar gets the image, the padded one and the clean images (about 3
 * images' pixels) but not the 2x images' (4 and 7 more). */
static void still_skips_upscale_where_fast_path_sampled_a_grid(void)
{
    still_grid_scans_at_most(240, 240, 4, 1);
}

/* The same small image: no padded pass either (the fast path's clean
 * image of its guess has a quiet zone drawn round it), so zbar gets the
 * image and the clean images (about 1.4 images' pixels), not the padded
 * image too (1.7 more). */
static void still_skips_pad_where_fast_path_made_a_guess(void)
{
    still_grid_scans_at_most(240, 240, 2, 1);
}

/* Video mode on frames up to VGA, where the fast path reads the whole
 * frame at full resolution: a grid it sampled but could not read gets no
 * other pass (on the scenes the halved scan and the fallbacks read
 * nothing more there), so zbar sees only the clean images of its
 * guesses, not the halved frame or a fallback slice. */
static void video_up_to_vga_runs_the_fast_path_alone(void)
{
    const int w = 640, h = 480;
    struct decode_stats ds;
    decode_unreadable_grid(DECODE_VIDEO, w, h, 6, &ds);
    EXPECT_INT(ds.fallbacks_run, 0);
    EXPECT_INT(ds.frames_fast_only, 6);
    /* The clean images of its guesses are about 22,000 px a frame; the
     * halved box and the fallback's box at full resolution add as many,
     * the halved frame whole 76,800. */
    unsigned long long per_frame = ds.scanned_px / 6;
    if (per_frame * 8 > (unsigned long long)w * h)
        TU_FAIL_AT("zbar was handed %llu pixels a frame, more than %d",
                   per_frame, w * h / 8);
}

/* Video mode, where the fast path sampled a grid whose timing patterns
 * held but which it could not read (in the middle of a 1280x720 frame):
 * the halved scan and the fallback slice keep to the box around that
 * grid, a fraction of what the halved frame whole and a quarter of the
 * frame at full resolution would hand zbar. */
static void video_passes_keep_to_the_grid_fast_path_could_not_read(void)
{
    const int w = 1280, h = 720;
    struct decode_stats ds;
    decode_unreadable_grid(DECODE_VIDEO, w, h, 6, &ds);
    EXPECT_INT(ds.fallbacks_run, 6);
    /* The halved frame whole alone is w * h / 4 a frame, a quarter at
     * full resolution more (about 630,000 in all); the clean images of
     * the fast path's guesses, the halved box and the box at full
     * resolution are about 125,000. */
    unsigned long long per_frame = ds.scanned_px / 6;
    if (per_frame * 4 > (unsigned long long)w * h)
        TU_FAIL_AT("zbar was handed %llu pixels a frame, more than %d",
                   per_frame, w * h / 4);
}

/* A code the fast path reads: zbar is handed only the clean image of its
 * grid, 2 px a module with one module of quiet zone round the symbol
 * (the finders it draws bring their own light separators); four modules
 * of quiet zone read the same scenes and photos on a fifth more pixels. */
static void fast_path_hands_zbar_the_symbol_and_one_quiet_module(void)
{
    uint8_t *px = malloc((size_t)FW * FH);
    REQUIRE(px);
    paint(px, FW, FH, OLIVIA, false);
    QRcode *qr = QRcode_encodeString(OLIVIA, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr) {
        unsigned long long side = (unsigned long long)(qr->width + 2) * 2;
        struct decode_stats ds;
        decode_frames(DECODE_VIDEO, px, FW, FH, 1, 1, &ds);
        EXPECT_INT(ds.frames_fast, 1);
        EXPECT_INT(ds.scanned_px, side * side);
        QRcode_free(qr);
    } else {
        TU_FAIL_AT("libqrencode refused %s", OLIVIA);
    }
    free(px);
}

/* A signed tutorial ticket's payload shape: "CK2:" and 129 characters of
 * QR's alphanumeric set (the base45 of 86 bytes), a version-8 code at
 * error correction Q; payload k of a fixed sequence. */
#define TICKET_LEN 133
static void ticket_text(unsigned k, char out[TICKET_LEN + 1])
{
    static const char AN[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    uint64_t st = 0x9e3779b97f4a7c15ULL * (k + 1);
    memcpy(out, "CK2:", 4);
    for (int i = 4; i < TICKET_LEN; i++)
        out[i] = AN[synth_rand(&st) % 45];
    out[TICKET_LEN] = '\0';
}

/* Tutorial tickets on paper tilted away from the camera (0.15-0.2, the
 * demo door's look before it was made easier), one 1280x720 frame each
 * from the synthetic camera, read in video mode: the fast path finds the
 * alignment pattern where the finders' module sizes put it, not where
 * the parallelogram of the finders does (5 modules off at 0.15 tilt;
 * main's build read 1 of these 12 frames). */
static void tilted_tickets_on_paper_are_read(void)
{
    static const struct synth_look looks[] = {
        {SYNTH_PAPER, 5, 8, 0.15, 1, -0.1, 0.05},
        {SYNTH_PAPER, 4.5, 8, 0.2, 0, -0.1, 0.05},
        {SYNTH_PAPER, 5.5, -8, 0.2, 1, -0.1, 0.05},
    };
    const int w = 1280, h = 720;
    uint8_t *px = malloc((size_t)w * h);
    REQUIRE(px);
    struct decoder_options opt = {DECODE_VIDEO, 0, DECODE_BUDGET_NONE};
    decoder *dec;
    struct ck_error err;
    REQUIRE(decoder_new(&opt, &dec, &err) == CK_OK);
    for (size_t l = 0; l < sizeof(looks) / sizeof(looks[0]); l++)
        for (unsigned k = 0; k < 4; k++) {
            char text[TICKET_LEN + 1];
            ticket_text(k, text);
            QRinput *in = QRinput_new2(0, QR_ECLEVEL_Q);
            REQUIRE(in);
            QRcode *qr = NULL;
            if (!QRinput_append(in, QR_MODE_AN, TICKET_LEN,
                                (const unsigned char *)text))
                qr = QRcode_encodeInput(in);
            QRinput_free(in);
            REQUIRE(qr);
            EXPECT_INT(qr->version, 8);
            /* One pixel a module, a 4-module quiet zone (synth.h). */
            int side = qr->width + 8;
            uint8_t *mod = malloc((size_t)side * side);
            REQUIRE(mod);
            memset(mod, 255, (size_t)side * side);
            for (int y = 0; y < qr->width; y++)
                for (int x = 0; x < qr->width; x++)
                    if (qr->data[y * qr->width + x] & 1)
                        mod[(size_t)(y + 4) * side + x + 4] = 0;
            struct gray_frame code = {mod, side, side, (size_t)side};
            REQUIRE(synth_draw(&code, &looks[l], 0, 0, 2027, px, w, h, &err) ==
                    CK_OK);
            struct gray_frame f = {px, w, h, (size_t)w};
            struct decode_result r;
            decoder_reset(dec);
            REQUIRE(decoder_decode(dec, &f, &r, &err) == CK_OK);
            if (r.count != 1 || r.codes[0].len != TICKET_LEN ||
                memcmp(r.codes[0].bytes, text, TICKET_LEN))
                TU_FAIL_AT("look %zu (%.1f px a module, %.2f tilt), ticket "
                           "%u: %zu codes, not the payload",
                           l, looks[l].module_px, looks[l].tilt, k, r.count);
            decode_result_free(&r);
            free(mod);
            QRcode_free(qr);
        }
    decoder_free(dec);
    free(px);
}

TU_MAIN(TU_CASE(station_decodes_newest_frame_and_counts_dropped),
        TU_CASE(replayed_frames_are_all_decoded),
        TU_CASE(video_fallbacks_wait_for_budget),
        TU_CASE(video_passes_keep_to_the_grid_fast_path_could_not_read),
        TU_CASE(video_up_to_vga_runs_the_fast_path_alone),
        TU_CASE(still_skips_inverted_pass_without_light_guesses),
        TU_CASE(still_skips_halved_scan_up_to_vga),
        TU_CASE(still_skips_full_pass_without_dark_finders),
        TU_CASE(still_skips_upscale_where_fast_path_sampled_a_grid),
        TU_CASE(still_skips_pad_where_fast_path_made_a_guess),
        TU_CASE(still_runs_full_pass_alone_where_fast_path_sees_no_code),
        TU_CASE(frames_without_finder_patterns_are_not_scanned),
        TU_CASE(video_runs_no_zbar_pass_where_fast_path_sees_no_code),
        TU_CASE(fast_path_hands_zbar_the_symbol_and_one_quiet_module),
        TU_CASE(tilted_tickets_on_paper_are_read))
