/* The /scan page's decoder (scanner/wasm/scan_decoder.c) compiled natively,
 * as bench/ compiles it: small frames (tight crops, no bigger than still
 * mode's small images a side) are read as stills, camera-sized frames
 * as video.  The codes are drawn here with libqrencode, so a clone alone
 * runs every case. */
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
        TU_CASE(shift_jis_text_is_given_as_utf8))
