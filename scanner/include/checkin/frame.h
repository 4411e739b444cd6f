/* The one picture format every frame source hands the decoder: 8-bit gray,
 * one byte per pixel, 0 = black, rows `stride` bytes apart.  Cameras, raw
 * frame files and image files all convert to this, so the decoder and its
 * tests never depend on where a picture came from. */
#ifndef CHECKIN_FRAME_H
#define CHECKIN_FRAME_H

#include <stddef.h>
#include <stdint.h>

struct gray_frame {
    const uint8_t *pixels; /* top-left pixel; not owned by the frame */
    int width;             /* pixels per row, >= 1 */
    int height;            /* rows, >= 1 */
    size_t stride;         /* bytes from one row to the next, >= width */
};

#endif
