/* Realistic single camera frames for the decoder benchmark: one or two QR
 * codes shown to a webcam the way volunteers at a desk meet them, over a
 * cluttered background, in one named condition each (a dim or bright
 * phone screen, glare, moiré, cracked glass, creased or curved paper, a
 * badge tilted or seen in perspective, small or large in the frame,
 * motion blur, defocus, low light, an inverted code, two codes).
 *
 * Unlike synth.h's source (a person presenting a code over many frames to
 * drive a station), a scene is one still frame, drawn independently of how
 * the decoder works: each pixel is the 2x2-supersampled projection of a
 * surface seen through a pinhole camera (rotation in the image plane and
 * out of it), then optics and sensor (blur, noise, exposure).  Every
 * condition also carries the base variation: size 15-30% of the frame
 * height, a rotation within 12 degrees, a perspective within 8 degrees,
 * a little defocus and sensor noise.
 *
 * Deterministic: the same condition, seed, payloads and size give the same
 * frame, byte for byte, on one machine.  Not a model of any real camera. */
#ifndef CHECKIN_SYNTH_SCENE_H
#define CHECKIN_SYNTH_SCENE_H

#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"

enum synth_condition {
    SCENE_PLAIN,          /* the base variation only */
    SCENE_SCREEN_DIM,     /* phone at low brightness: light gray on gray */
    SCENE_SCREEN_BRIGHT,  /* phone at full brightness: white clipped, bloom */
    SCENE_SCREEN_GLARE,   /* a light's reflection over part of the code */
    SCENE_SCREEN_MOIRE,   /* the screen's pixel grid beating with the sensor */
    SCENE_SCREEN_CRACKED, /* bright cracks across the screen glass */
    SCENE_PAPER_CREASED,  /* a fold across the code: shadow and shift */
    SCENE_PAPER_CURVED,   /* paper bent round a cylinder, shaded */
    SCENE_TILT_45,        /* rotated 30-45 degrees in the image plane */
    SCENE_PERSPECTIVE_30, /* turned 22-30 degrees away from the camera */
    SCENE_SMALL,          /* 8-10% of the frame height */
    SCENE_LARGE,          /* 36-40% of the frame height */
    SCENE_MOTION_BLUR,    /* moved during the exposure */
    SCENE_DEFOCUS,        /* out of focus */
    SCENE_LOW_LIGHT,      /* a dark hall: low exposure, strong noise */
    SCENE_INVERTED,       /* light modules on dark (a dark-mode screen) */
    SCENE_TWO_CODES,      /* two people's codes in one frame */
    SCENE_CONDITIONS      /* how many there are */
};

/* A short name for tables and file names ("screen-dim", ...); NULL for an
 * unknown condition. */
const char *synth_condition_name(enum synth_condition c);

/* How many codes (payloads) a frame of condition `c` shows: 1 or 2. */
size_t synth_condition_codes(enum synth_condition c);

/* Draw one frame of condition `c` into `pixels` (width * height bytes,
 * contiguous), showing `texts[0..synth_condition_codes(c))` as QR codes
 * (libqrencode, byte mode, level M).  `seed` chooses the background, the
 * placement and the noise.  Errors: CK_EINVAL (sizes, condition, a payload
 * too long for a QR code), CK_ENOMEM. */
int synth_scene_draw(enum synth_condition c, uint32_t seed,
                     const char *const *texts, uint8_t *pixels, int width,
                     int height, struct ck_error *err) CK_MUST_CHECK;

/* A payload a scene may show, the `i`th from generator state `*st`
 * (advanced): for even `i` 118 alphanumeric characters (a signed badge's
 * base45), for odd `i` a confirmation link of 46.  `out` holds
 * SYNTH_SCENE_PAYLOAD_CAP bytes.  The benches that score decoders on
 * scenes (decode_bench, wasm_bench) draw their payloads from here, so
 * that the frames of one seed are the same frames in both. */
#define SYNTH_SCENE_PAYLOAD_CAP 120
void synth_scene_payload(int i, uint32_t *st, char *out);

#endif
