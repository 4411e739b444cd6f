/* The project's QR decoder (scanner/decode.c: zbar plus the grid sampler)
 * behind a handful of plain functions, for the /scan page's Web Worker,
 * which compiles this file with zbar to WebAssembly (scanner/wasm/
 * decoder.cmake).  The page hands it RGBA camera frames (ImageData); it
 * turns them gray as every frame source does and decodes them as video;
 * a frame no larger than still mode's small images
 * (decode_still_small_side(), 400 px the longer side) in which video
 * mode read nothing, nor located a code, nor saw three finder patterns
 * (decoder_still_may_read()) is decoded again as a still: a tight crop
 * handed in whole, never a camera frame (phone streams are 640x480 and
 * up, and take the video path alone, as before).
 * Nothing here is browser-specific: bench/ compiles the same file natively
 * to compare the two on the same frames.
 *
 * Not for: what a code means (the station decides), repeat suppression
 * (the station's debounce), or the camera. */
#include "scan_decoder.h"

#include <stdlib.h>
#include <string.h>

#include "checkin/decode.h"
#include "checkin/vec.h"

struct scan_decoder {
    decoder *dec;   /* video, tracked: every frame */
    decoder *still; /* small frames video read nothing in; made lazily */
    uint8_t *buf;   /* what the caller fills: RGBA or gray */
    size_t cap;
    uint8_t *gray;
    size_t gray_cap;
    struct decode_result res;
};

scan_decoder *scan_decoder_new(int budget_us)
{
    scan_decoder *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    struct decoder_options o = {DECODE_VIDEO, 0, budget_us};
    struct ck_error err = {0};
    if (decoder_new(&o, &s->dec, &err)) {
        free(s);
        return NULL;
    }
    return s;
}

void scan_decoder_free(scan_decoder *s)
{
    if (!s)
        return;
    decode_result_free(&s->res);
    decoder_free(s->dec);
    decoder_free(s->still);
    free(s->buf);
    free(s->gray);
    free(s);
}

uint8_t *scan_decoder_buffer(scan_decoder *s, size_t bytes)
{
    return CK_VEC_RESERVE(s->buf, bytes, s->cap) ? s->buf : NULL;
}

/* Every frame goes to the video decoder first.  A frame up to still
 * mode's small size that it read nothing in is read again as a still,
 * with the upscale and pad passes video mode never runs (tight crops
 * with tiny modules or no quiet zone), by a still decoder of its own
 * made on the first such frame, unless what video mode saw says those
 * passes would not run or read nothing (decoder_still_may_read()): on
 * bench/wasm_bench's photographs the second decode read none of the six
 * it was run on and was 46 % of the page's time on all 90.  Video first,
 * because on some small photographs video mode reads what still mode
 * misses (qrcode-4-41, 240x240). */
static int decode_frame(scan_decoder *s, const uint8_t *px, int width,
                        int height)
{
    struct gray_frame f = {px, width, height, (size_t)width};
    struct ck_error err = {0};
    if (decoder_decode(s->dec, &f, &s->res, &err))
        return -1;
    if (s->res.count ||
        (width > height ? width : height) > decode_still_small_side() ||
        !decoder_still_may_read(s->dec))
        return (int)s->res.count;
    if (!s->still) {
        struct decoder_options o = {DECODE_STILL, 0, 0};
        if (decoder_new(&o, &s->still, &err))
            return -1;
    }
    decode_result_free(&s->res);
    if (decoder_decode(s->still, &f, &s->res, &err))
        return -1;
    return (int)s->res.count;
}

unsigned long scan_decoder_stills(const scan_decoder *s)
{
    struct decode_stats st = {0};
    if (s->still)
        decoder_stats(s->still, &st);
    return st.frames;
}

int scan_decoder_gray(scan_decoder *s, int width, int height)
{
    decode_result_free(&s->res);
    if (width < 1 || height < 1 || (size_t)width * (size_t)height > s->cap)
        return -1;
    return decode_frame(s, s->buf, width, height);
}

int scan_decoder_rgba(scan_decoder *s, int width, int height)
{
    decode_result_free(&s->res);
    size_t n = (size_t)width * (size_t)height;
    if (width < 1 || height < 1 || n * 4 > s->cap ||
        !CK_VEC_RESERVE(s->gray, n, s->gray_cap))
        return -1;
    /* ITU-R BT.601 luma in 8-bit fixed point, as a camera's Y plane. */
    const uint8_t *p = s->buf;
    for (size_t i = 0; i < n; i++, p += 4)
        s->gray[i] = (uint8_t)((77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8);
    return decode_frame(s, s->gray, width, height);
}

/* A code as UTF-8 where its bytes are text in some charset (the worker
 * reads it with TextDecoder("utf-8")): Shift_JIS or ISO-8859-1 bytes
 * given as they are would reach the page as replacement characters.
 * UTF-8 and ASCII payloads (every badge) are the same either way;
 * binary ones stay bytes. */
const uint8_t *scan_decoder_code(const scan_decoder *s, int i)
{
    if (i < 0 || (size_t)i >= s->res.count)
        return NULL;
    const struct decoded_code *c = &s->res.codes[i];
    return c->text ? (const uint8_t *)c->text : c->bytes;
}

int scan_decoder_code_len(const scan_decoder *s, int i)
{
    if (i < 0 || (size_t)i >= s->res.count)
        return 0;
    const struct decoded_code *c = &s->res.codes[i];
    return (int)(c->text ? c->text_len : c->len);
}
