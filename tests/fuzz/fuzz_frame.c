/* Fuzz target: the decoder (scanner/decode.c and the grid sampler of
 * scanner/qrgrid.c) on any picture.  A camera or a photo can put any
 * pixels in front of it, and the fast path's finder search, perspective
 * transform and sampling run on every frame before zbar does.
 *
 * Input: 2 bytes little-endian, the width less one (1 to 512 wide, taken
 * modulo 512); 1 byte choosing passes (0: the defaults; otherwise the
 * byte's bits spread over DECODE_PASS_*); 1 byte, even: a still image,
 * odd: a video frame; then the pixels, row after row (a last partial row
 * is left out).  Besides never crashing or reading outside the frame, it
 * checks what decoder_decode() promises: every code's bytes and text are
 * NUL-terminated at their lengths, text is there when the bytes are UTF-8,
 * and a corner lies within a frame's width of the frame (a symbol read
 * where it is not would put its corners anywhere). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct decode_result *r, int w, int h)
{
    for (size_t i = 0; i < r->count; i++) {
        const struct decoded_code *c = &r->codes[i];
        if (!c->bytes || c->bytes[c->len] != '\0')
            abort();
        if (c->utf8 && (!c->text || c->text_len != c->len ||
                        memcmp(c->text, c->bytes, c->len)))
            abort();
        if (c->text && c->text[c->text_len] != '\0')
            abort();
        for (int k = 0; k < 4; k++)
            if (c->corners[k].x < -w || c->corners[k].x > 2 * w ||
                c->corners[k].y < -h || c->corners[k].y > 2 * h)
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5)
        return 0;
    int w = 1 + (int)((data[0] | (unsigned)data[1] << 8) % 512);
    unsigned pick = data[2];
    bool video = data[3] & 1;
    const uint8_t *px = data + 4;
    size_t n = size - 4;
    int h = (int)(n / (size_t)w);
    if (h < 1)
        return 0;
    /* Each bit of the byte switches on three neighbouring passes, so that
     * every pass (bits 0 to 13) is reachable from one byte. */
    unsigned passes = 0;
    for (int b = 0; b < 8; b++)
        if (pick & (1u << b))
            passes |= 7u << (b * 11 / 7);
    struct decoder_options o = {
        .mode = video ? DECODE_VIDEO : DECODE_STILL,
        .passes = passes,
        .budget_us = DECODE_BUDGET_NONE,
    };
    decoder *d = NULL;
    struct ck_error err;
    if (decoder_new(&o, &d, &err))
        return 0;
    struct gray_frame f = {px, w, h, (size_t)w};
    struct decode_result r = {0};
    /* Twice for video: the second frame checks a code the first held, or
     * runs the tracking pass where the first found something. */
    for (int round = 0; round < (video ? 2 : 1); round++) {
        if (decoder_decode(d, &f, &r, &err) == CK_OK)
            check(&r, w, h);
        decode_result_free(&r);
    }
    decoder_free(d);
    return 0;
}
