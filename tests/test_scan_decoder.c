/* The /scan page's decoder (scanner/wasm/scan_decoder.c) compiled natively,
 * as bench/ compiles it: small frames (tight crops, no bigger than still
 * mode's small images a side) are read as stills where video mode read
 * nothing and still mode may read more, camera-sized frames as video.
 * The codes are drawn here with libqrencode, so a clone alone runs every
 * case. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "checkin/decode.h"
#include "checkin/synth_draw.h"
#include "scan_decoder.h"
#include "testutil.h"

#define BADGE "CK1.tight-crop.0123456789"
#define URL "https://tix.example.org/c/eb54jqnq3ehoai27ba7n"

/* A code drawn on a light frame: `ppm` pixels a module, its top-left
 * module at (x, y) (x negative: centred), rotated `deg`; blurred with sensor
 * noise of
 * +-`noise` unless `noise` is negative. */
struct shot {
    const char *text;
    int w, h;
    double x, y, ppm, deg;
    int noise;
};

/* Small frames of the kind only still mode's passes read (probed on the
 * decoder as of this test: video mode reads neither): a 200x200 crop
 * with modules of 1.75 px (the upscale pass), and one with a tilted
 * code of 4 px modules cut at its edge, a module of quiet zone (the pad
 * pass). */
static const struct shot TINY = {BADGE, 200, 200, -1, 0, 1.75, 0, -1};
static const struct shot CUT = {URL, 200, 200, 4, 4, 4, 8, 4};

/* `sh` drawn into the decoder's buffer, as gray (rgba false) or as RGBA
 * (the page's ImageData); the number of codes read. */
static int decode_shot(scan_decoder *s, const struct shot *sh, bool rgba)
{
    QRcode *qr = QRcode_encodeString(sh->text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    size_t n = (size_t)sh->w * (size_t)sh->h;
    uint8_t *g = malloc(n);
    uint8_t *buf = scan_decoder_buffer(s, rgba ? n * 4 : n);
    int read = -1;
    if (qr && g && buf) {
        memset(g, 235, n);
        double x = sh->x, y = sh->y;
        if (x < 0) {
            x = (sh->w - qr->width * sh->ppm) / 2;
            y = (sh->h - qr->width * sh->ppm) / 2;
        }
        synth_draw_qr(g, sh->w, sh->h, (size_t)sh->w, qr, x, y, sh->ppm,
                      sh->deg, 20, 235);
        uint64_t rng = 12345;
        if (sh->noise >= 0)
            (void)synth_blur_noise(g, sh->w, sh->h, (size_t)sh->w, sh->noise,
                                   &rng);
        for (size_t i = 0; i < n; i++) {
            if (!rgba) {
                buf[i] = g[i];
                continue;
            }
            buf[4 * i] = buf[4 * i + 1] = buf[4 * i + 2] = g[i];
            buf[4 * i + 3] = 255;
        }
        read = rgba ? scan_decoder_rgba(s, sh->w, sh->h)
                    : scan_decoder_gray(s, sh->w, sh->h);
    }
    free(g);
    QRcode_free(qr);
    return read;
}

static void expect_read(const scan_decoder *s, int read, const char *text)
{
    EXPECT_INT(read, 1);
    if (read == 1) {
        EXPECT_INT(scan_decoder_code_len(s, 0), (int)strlen(text));
        EXPECT_TRUE(memcmp(scan_decoder_code(s, 0), text, strlen(text)) == 0);
    }
}

/* Tiny modules and a code cut at its edge, as gray and as RGBA, twice
 * each: one decoder, as the page keeps one. */
static void small_crops_read_as_stills(void)
{
    scan_decoder *s = scan_decoder_new(0);
    REQUIRE(s != NULL);
    for (int i = 0; i < 2; i++) {
        expect_read(s, decode_shot(s, &TINY, false), BADGE);
        expect_read(s, decode_shot(s, &CUT, false), URL);
        expect_read(s, decode_shot(s, &TINY, true), BADGE);
        expect_read(s, decode_shot(s, &CUT, true), URL);
    }
    scan_decoder_free(s);
}

/* Between camera frames: a 640x480 frame with a code and its quiet zone
 * is read before and after a small crop, by the video decoder as
 * before; the crop by the still decoder. */
static void small_crops_between_camera_frames_read(void)
{
    const struct shot camera = {BADGE, 640, 480, 200, 120, 6, 0, 4};
    scan_decoder *s = scan_decoder_new(0);
    REQUIRE(s != NULL);
    expect_read(s, decode_shot(s, &camera, false), BADGE);
    expect_read(s, decode_shot(s, &TINY, true), BADGE);
    expect_read(s, decode_shot(s, &camera, true), BADGE);
    scan_decoder_free(s);
}

/* Finder pattern (7 x 7 modules of `ppm` px, ISO/IEC 18004 6.3.3) with
 * its top-left corner at (x, y) in the decoder's gray buffer. */
static void draw_finder(uint8_t *g, int w, int x, int y, int ppm)
{
    for (int j = 0; j < 7 * ppm; j++)
        for (int i = 0; i < 7 * ppm; i++) {
            int mi = i / ppm, mj = j / ppm;
            bool ring = mi == 0 || mi == 6 || mj == 0 || mj == 6;
            bool core = mi >= 2 && mi <= 4 && mj >= 2 && mj <= 4;
            g[(size_t)(y + j) * w + x + i] = ring || core ? 20 : 235;
        }
}

/* Small frames in which the video decode read nothing but saw where a
 * code is (its modules checkered over past what error correction
 * mends) or three finder patterns (in a row: no code's) are not decoded
 * a second time as stills: still mode reads neither, and on the
 * photographs such second decodes were 46 % of the page's time (issue
 * 54 item 3).  A tiny-module crop after them still is, and is read. */
static void unreadable_small_frames_are_decoded_once(void)
{
    enum { W = 240, PPM = 5 };
    scan_decoder *s = scan_decoder_new(0);
    QRcode *qr = QRcode_encodeString(URL, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    REQUIRE(s != NULL && qr != NULL);
    uint8_t *g = scan_decoder_buffer(s, (size_t)W * W);
    REQUIRE(g != NULL);
    memset(g, 235, (size_t)W * W);
    int at = (W - qr->width * PPM) / 2;
    synth_draw_qr(g, W, W, W, qr, at, at, PPM, 0, 20, 235);
    /* Modules 9 to 20 a side: clear of the finders and timing patterns. */
    for (int y = at + 9 * PPM; y < at + 21 * PPM; y++)
        for (int x = at + 9 * PPM; x < at + 21 * PPM; x++)
            g[y * W + x] = (x / PPM + y / PPM) % 2 ? 20 : 235;
    EXPECT_INT(scan_decoder_gray(s, W, W), 0);
    g = scan_decoder_buffer(s, (size_t)W * W);
    REQUIRE(g != NULL);
    memset(g, 235, (size_t)W * W);
    for (int i = 0; i < 3; i++)
        draw_finder(g, W, 20 + 70 * i, 100, PPM);
    EXPECT_INT(scan_decoder_gray(s, W, W), 0);
    EXPECT_INT((int)scan_decoder_stills(s), 0);
    expect_read(s, decode_shot(s, &TINY, true), BADGE);
    EXPECT_INT((int)scan_decoder_stills(s), 1);
    QRcode_free(qr);
    scan_decoder_free(s);
}

/* A code whose bytes are Shift_JIS text (as six of the 90 photographs
 * are) reaches the page as its UTF-8 text: the worker reads what it gets
 * with TextDecoder("utf-8"), which turned these bytes into replacement
 * characters, and the WebAssembly build's C library has no CP932, which
 * lost the whole frame (issue 54). */
static void shift_jis_text_is_given_as_utf8(void)
{
    const struct shot sjis = {
        "Google \x83\x82\x83\x6f\x83\x43\x83\x8b", 640, 480, 200, 120, 6, 0, 4};
    scan_decoder *s = scan_decoder_new(0);
    REQUIRE(s != NULL);
    expect_read(s, decode_shot(s, &sjis, true),
                "Google \xe3\x83\xa2\xe3\x83\x90\xe3\x82\xa4\xe3\x83\xab");
    expect_read(s, decode_shot(s, &TINY, true), BADGE);
    scan_decoder_free(s);
}

TU_MAIN(TU_CASE(small_crops_read_as_stills),
        TU_CASE(small_crops_between_camera_frames_read),
        TU_CASE(unreadable_small_frames_are_decoded_once),
        TU_CASE(shift_jis_text_is_given_as_utf8))
