/* Photo-like images of badges this project renders, for tests of the
 * decoder and the image loader that need pictures a phone or webcam
 * might take, with ground truth and nothing from elsewhere.
 *
 * A badge or ticket is rendered by printer/label.h from one of the bundled
 * templates (config/labels) with a payload the caller chooses, then seen
 * through a pinhole camera: printed on paper in a plane turned out of the
 * camera's axis (perspective) and rotated in it, over a cluttered desk,
 * under uneven light, out of focus, with sensor noise, and written as PNG
 * or as JPEG at a chosen quality.  Each pixel averages 4x4 samples of the
 * 1-bit label.  Not a model of any real camera or paper.
 *
 * Deterministic: the same look, seed and label give the same file, byte
 * for byte, on one machine (libjpeg's encoder included). */
#ifndef CHECKIN_TESTS_PHOTO_LIKE_H
#define CHECKIN_TESTS_PHOTO_LIKE_H

#include <stdint.h>

#include "checkin/error.h"
#include "checkin/label.h"

/* How the camera sees the label. */
struct photo_look {
    const char *name;  /* for messages */
    int width, height; /* the picture, in pixels */
    double size;       /* the label's long side as a fraction of the
                          picture's height, seen face on */
    double roll;       /* rotation in the image plane, degrees */
    double yaw, pitch; /* turned away from the camera, degrees */
    double cx, cy;     /* the label's centre, as fractions of the half
                          width and half height (0, 0: the middle) */
    double exposure;   /* 1: white paper just below clipping */
    double shade;      /* uneven light, 0-1: a soft shadow across the
                          picture and darker corners */
    int blur;          /* out of focus: box blur radius in pixels, 0-4 */
    int noise;         /* sensor noise, +- levels */
    int jpeg_quality;  /* 1-100: a JPEG file; 0: a PNG file */
};

/* Draw `label` as `look` sees it, with `seed` choosing the desk, small
 * changes to the look and the noise, and write it to `path` (PNG or JPEG
 * as the look says).  Errors: CK_ENOMEM, CK_EIO (writing). */
int photo_like_write(const struct label_image *label,
                     const struct photo_look *look, uint32_t seed,
                     const char *path, struct ck_error *err) CK_MUST_CHECK;

#endif
