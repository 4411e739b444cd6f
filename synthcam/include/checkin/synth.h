/* Synthetic camera frames: a code shown to a station's camera on a phone
 * screen or on paper, drawn into 8-bit gray frames (frame.h) the way a
 * 1280x720 camera above a desk would see it: the code comes into view,
 * is held with a little hand shake, and leaves; the empty desk shows
 * between people.  Phones have a dark bezel, a white screen and a glare
 * across it; paper is light gray with printed lines and a grain; either
 * may be rotated, tilted in perspective (sampled bilinearly) or out of
 * focus (box blur), and every frame carries a little sensor noise.
 *
 * For the demo, tests and benchmarks where there is no camera: the frames
 * go through the same decoder and station path as a camera's (a synth
 * source is an ordinary source.h source).  Not a model of any real camera
 * or lens.  Deterministic: the same shots, options and seed give the same
 * frames, byte for byte, on one machine.
 *
 * Codes are given as gray images with one pixel per module and the quiet
 * zone included (e.g. printer/qr.h's qr_render with module_px 1), so that
 * scanner/ needs no QR encoder. */
#ifndef CHECKIN_SYNTH_H
#define CHECKIN_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/frame.h"
#include "checkin/source.h"

enum synth_surface { SYNTH_PHONE, SYNTH_PAPER };

/* How one code is presented. */
struct synth_look {
    enum synth_surface surface;
    double module_px; /* frame pixels per module at the code's centre,
                         1-12; phones about 3-4, paper 4-6 */
    double angle_deg; /* rotation in the image plane */
    double tilt;      /* perspective, -0.5 to 0.5: the bottom edge is
                         (1 - tilt) / (1 + tilt) times the top edge */
    int blur;         /* out of focus: box blur radius in pixels, 0-4 */
    double x, y;      /* where the code's centre rests, as fractions of
                         the frame's width and height (0, 0: the middle) */
};

/* Frames of one presentation, besides the `hold` frames. */
#define SYNTH_EMPTY 1 /* the empty desk before the person comes up */
#define SYNTH_ENTER 2 /* coming into view, blurred by the movement */
#define SYNTH_LEAVE 1 /* going out of view */
#define SYNTH_HOLD 4  /* default `hold` */

/* One person showing one code, or (code NULL) nobody for `hold` frames. */
struct synth_shot {
    const struct gray_frame *code; /* one pixel per module, quiet zone
                                      included; copied by the source */
    struct synth_look look;
    int hold;       /* frames held still in view (0: SYNTH_HOLD) */
    int64_t gap_ms; /* source time between the previous frame and the
                       shot's first frame (0: one frame time) */
};

struct synth_options {
    int width, height; /* 0: 1280x720 */
    int64_t frame_ms;  /* source time between frames (0: 100, a camera
                          station decoding 10 frames a second) */
    int64_t start_ms;  /* source time of the first frame */
    uint32_t seed;     /* 0: a fixed default */
};

/* Draw one frame into `pixels` (width * height bytes, contiguous): the
 * empty desk and, unless `code` is NULL, `code` presented as `look`,
 * moved by (dx, dy) pixels from its resting place.  `seed` picks the
 * sensor noise.  Errors: CK_EINVAL (sizes), CK_ENOMEM. */
int synth_draw(const struct gray_frame *code, const struct synth_look *look,
               double dx, double dy, uint32_t seed, uint8_t *pixels, int width,
               int height, struct ck_error *err) CK_MUST_CHECK;

/* A frame source playing `n` shots in order; each is SYNTH_EMPTY frames
 * of the empty desk, SYNTH_ENTER frames coming in, `hold` frames held and
 * SYNTH_LEAVE frames going out.  The shots and their codes are copied;
 * `opt` may be NULL for the defaults.  Free with source_free(). */
int synth_source_open(const struct synth_shot *shots, size_t n,
                      const struct synth_options *opt, source **out /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* The source time a synth source has reached: that of its last frame, or
 * the start before the first; where a following source should start.  0
 * for sources that are not synth sources. */
int64_t synth_source_time(const source *src);

#endif
