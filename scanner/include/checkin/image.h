/* Loading still images (PNG, JPEG, PGM) as gray frames, for `checkin
 * decode`, tests and benchmarks.  Colour is converted to luma, transparency
 * is composited over white.  Not a general image library: no writing, no
 * metadata, and nothing larger than IMAGE_MAX_PIXELS. */
#ifndef CHECKIN_IMAGE_H
#define CHECKIN_IMAGE_H

#include "checkin/error.h"
#include "checkin/frame.h"

/* 100 megapixels: larger files are refused before any pixel is decoded. */
#define IMAGE_MAX_PIXELS 100000000LL

/* Read the PNG, JPEG or PGM (P5 or P2) file at `path` into `frame`, whose
 * pixels are then owned by the caller and released with image_free().  The
 * format is recognised from the file's first bytes, not its name.  Errors:
 * CK_ENOTFOUND (no such file), CK_EIO (unreadable), CK_EINVAL (not an image
 * of these formats, or too large), CK_ECORRUPT (truncated or damaged). */
int image_load(const char *path, struct gray_frame *frame /* out */,
               struct ck_error *err) CK_MUST_CHECK;

/* Release the pixels image_load() allocated and zero `frame`.  Accepts NULL
 * and a zeroed frame. */
void image_free(struct gray_frame *frame);

#endif
