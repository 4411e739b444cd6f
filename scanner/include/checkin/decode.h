/* Reading QR codes from gray frames.
 *
 * A decoder wraps zbar with the preprocessing and multi-pass strategy that
 * make it fast enough for a 1080p camera and robust on real photographs
 * (see docs/decoder.md for the passes and what each one costs and gains).
 * It keeps state between frames (where the last code was), so use one
 * decoder per video stream, from one thread at a time; use
 * DECODE_STILL for unrelated images, where it tries harder.
 *
 * Payloads are binary-safe: `bytes`/`len` are the code's exact bytes (zbar
 * in binary mode, never strlen).  Text is decoded here, not by zbar's
 * charset guessing: `text` is UTF-8 and only set when the payload is text
 * we can decode without guessing wrong (UTF-8, or a Shift_JIS/ISO-8859-1
 * payload that fits only that reading; see docs/decoder.md).  Otherwise
 * the code is returned as bytes only, never as garbled text. */
#ifndef CHECKIN_DECODE_H
#define CHECKIN_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/frame.h"

typedef struct decoder decoder;

enum decode_mode {
    /* Camera frames: a budget of about one frame time; relies on the next
     * frame for what this one missed. */
    DECODE_VIDEO = 0,
    /* Unrelated still images: every pass until one reads a code (above
     * 360 px a side, the full-resolution passes after the fast path only
     * with DECODE_PASS_HARDER). */
    DECODE_STILL = 1,
};

/* Passes a decoder may run (docs/decoder.md has what each costs and
 * gains).  0 in decoder_options means DECODE_PASSES_DEFAULT: every pass
 * that measurably pays; benchmarks switch single passes on and off. */
enum decode_pass {
    DECODE_PASS_TRACK = 1 << 0,      /* video: rescan where the last code was */
    DECODE_PASS_DOWNSCALE = 1 << 1,  /* first pass on the frame halved */
    DECODE_PASS_BINARIZE = 1 << 2,   /* extra passes locally thresholded */
    DECODE_PASS_FULL = 1 << 3,       /* full resolution, as captured */
    DECODE_PASS_UPSCALE = 1 << 4,    /* still: small images enlarged 2x */
    DECODE_PASS_PAD = 1 << 5,        /* still: add a missing quiet zone */
    DECODE_PASS_INVERTED = 1 << 6,   /* light-on-dark codes */
    DECODE_PASS_FLATTEN = 1 << 7,    /* flatten noise in featureless blocks */
    DECODE_PASS_REGIONS = 1 << 8,    /* downscale: scan only where codes
                                        probably are (an edge map) */
    DECODE_PASS_GATE = 1 << 9,       /* frames >= 360 px: no pass at all
                                        when no finder pattern shows */
    DECODE_PASS_FAST = 1 << 10,      /* first: the grid located and sampled
                                        by our own detector, zbar reads a
                                        small clean image of it */
    DECODE_PASS_FAST_GATE = 1 << 11, /* video, frames >= 360 px: no zbar
                                        pass when the fast path saw no
                                        three finders that can be a code,
                                        no fallback when no grid it
                                        sampled had timing patterns */
    DECODE_PASS_HARDER = 1 << 12,    /* still, frames DECODE_HALVED_MIN_SIDE
                                        and up: where the
                                        fast path read nothing, the
                                        full-resolution and inverted
                                        passes round the finders it saw
                                        (`checkin decode --harder`) */
    DECODE_PASS_HOLD = 1 << 13,      /* video: a code the fast path read
                                        alone, still where it was, is
                                        recognised by its modules, not
                                        read again */
};
#define DECODE_PASSES_ALL 0x3fffu
/* Frames whose shorter side is below this are not halved (a code small
 * enough to matter would fall below the 2 px/module zbar needs), and their
 * full-resolution passes run without DECODE_PASS_HARDER. */
#define DECODE_HALVED_MIN_SIDE 360
/* Binarisation read no photo or frame that the other passes missed.  The
 * harder passes read 7 codes more in 1,836 scene frames (three sets of
 * 612), for 1.1-3x the time of `checkin decode` (docs/decoder.md). */
#define DECODE_PASSES_DEFAULT                                                  \
    (DECODE_PASSES_ALL & ~DECODE_PASS_BINARIZE & ~DECODE_PASS_HARDER)

/* Video mode: how long one frame's work may take before the fallback
 * passes are left for a later frame, in microseconds. */
#define DECODE_BUDGET_DEFAULT_US 25000
#define DECODE_BUDGET_NONE (-1)

struct decoder_options {
    enum decode_mode mode;
    unsigned passes; /* DECODE_PASS_* bits; 0: DECODE_PASSES_DEFAULT */
    /* Video only: a fallback pass runs only when the time spent on the
     * frame so far plus what the pass is expected to take (learnt from
     * the passes already run) fits in this; 0: DECODE_BUDGET_DEFAULT_US,
     * DECODE_BUDGET_NONE: no limit.  The first passes always run. */
    int budget_us;
};

/* What a decoder did since decoder_new(). */
struct decode_stats {
    unsigned long frames;            /* decoder_decode() calls */
    unsigned long fallbacks_run;     /* video fallback slices scanned */
    unsigned long fallbacks_skipped; /* left for a later frame: no time */
    unsigned long frames_blank;      /* no finder pattern: no pass was run */
    unsigned long frames_fast;       /* read by the fast path alone */
    unsigned long frames_fast_only;  /* video: the fast path saw no code,
                                        or read none in a frame up to
                                        VGA; no other pass ran
                                        (FAST_GATE) */
    unsigned long frames_held;       /* video: answered by recognising the
                                        code held in view (DECODE_PASS_HOLD) */
    unsigned long long scanned_px;   /* pixels handed to zbar, all passes */
    int64_t longest_ns;              /* the longest decoder_decode() */
};

struct decode_point {
    int x, y; /* pixels in the frame given to decoder_decode() */
};

struct decoded_code {
    uint8_t *bytes; /* exact payload, plus a NUL not counted in `len` */
    size_t len;
    /* The payload as UTF-8 text (NUL-terminated, `text_len` bytes), or NULL
     * when it is binary or in a character set we cannot tell for sure. */
    char *text;
    size_t text_len;
    /* `bytes` are valid UTF-8 (then `text` holds the same bytes). */
    bool utf8;
    /* What `text` was decoded from: "UTF-8", "Shift_JIS", "ISO-8859-1", or
     * NULL when `text` is NULL.  A code that declares its character set
     * with an ECI header is converted by zbar, and its `bytes` are then
     * already UTF-8. */
    const char *charset;
    /* The symbol's corners: top-left, bottom-left, bottom-right, top-right
     * as seen in the code (not the frame), so the order gives rotation. */
    struct decode_point corners[4];
};

/* Every code found in one frame; owns its codes.  Free with
 * decode_result_free(). */
struct decode_result {
    struct decoded_code *codes;
    size_t count;
};

/* Make a decoder.  `opts` may be NULL for DECODE_VIDEO with the default
 * passes.  The caller owns `*out` and frees it with decoder_free(). */
int decoder_new(const struct decoder_options *opts, decoder **out /* out */,
                struct ck_error *err) CK_MUST_CHECK;

/* Free a decoder; accepts NULL. */
void decoder_free(decoder *d);

/* Find and read the QR codes in `frame` (any size, any stride >= width).
 * `out` is overwritten (not freed first); on success it owns 0 or more
 * codes, and on failure it is empty.  Finding no code is not an error.
 * Errors: CK_EINVAL (bad frame), CK_ENOMEM. */
int decoder_decode(decoder *d, const struct gray_frame *frame,
                   struct decode_result *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* The decoder's counters so far. */
void decoder_stats(const decoder *d, struct decode_stats *out /* out */);

/* Pixels, the longer side: still images up to this size get still
 * mode's upscale and pad passes (DECODE_PASS_UPSCALE, DECODE_PASS_PAD),
 * which read tight crops with tiny modules or no quiet zone; video mode
 * has neither.  For a caller that decodes frames this small as stills
 * (scanner/wasm/scan_decoder.c). */
int decode_still_small_side(void);

/* After a video decode of a frame that small which read nothing: whether
 * a still decode of it may read what this one missed, by what its fast
 * path saw.  Not when it guessed where a code lies (still mode then runs
 * neither the upscale nor the pad pass, and the rest of its passes are
 * video mode's, in turn) nor when it saw three dark finder patterns
 * (zbar's enlarged scans find what it found), so a photograph nothing
 * reads costs one decode, not two; true without DECODE_PASS_FAST. */
bool decoder_still_may_read(const decoder *d);

/* Forget where the last code was (e.g. when the camera changed). */
void decoder_reset(decoder *d);

/* Change the video budget (decoder_options.budget_us: 0 the default,
 * DECODE_BUDGET_NONE no limit), e.g. for a source that is not live. */
void decoder_set_budget(decoder *d, int budget_us);

/* Free the codes `r` owns and empty it; accepts NULL. */
void decode_result_free(struct decode_result *r);

/* Decide how a raw payload reads as text: sets *text (malloc'd UTF-8,
 * NUL-terminated, or NULL for binary), *text_len and *charset following the
 * rules above.  Exposed for tests and tools; decoder_decode() calls it. */
int decode_text(const uint8_t *bytes, size_t len, char **text /* out */,
                size_t *text_len /* out */, const char **charset /* out */,
                struct ck_error *err) CK_MUST_CHECK;

/* Whether `s` is well-formed UTF-8 (no overlongs, surrogates or code
 * points above U+10FFFF): text_is_utf8 (checkin/text.h), kept under the
 * decoder's name. */
bool decode_is_utf8(const uint8_t *s, size_t len);

#endif
