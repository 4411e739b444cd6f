/* Flat drawing primitives for tests and benchmarks that need a code at an
 * exact place in a frame (a given module size and angle, no camera):
 * draw a libqrencode symbol rotated and 2x2 supersampled, paste a rendered
 * bitmap, blur with sensor noise, and the small fixed random generator
 * those frames use.  For camera-like frames use synth.h (a station's
 * stream) or synth_scene.h (realistic stills).
 *
 * Frames are 8-bit gray, `stride` bytes per row (>= width); nothing is
 * written beyond `width` in a row.  Deterministic: the same arguments and
 * generator state give the same pixels. */
#ifndef CHECKIN_SYNTH_DRAW_H
#define CHECKIN_SYNTH_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include <qrencode.h>

/* The next number of a 64-bit linear congruential generator (Knuth's
 * MMIX constants), its top 31 bits. */
unsigned synth_rand(uint64_t *state);

/* Draw `qr` with its top-left module corner at (x, y), `ppm` pixels per
 * module, rotated by `deg` about the code's centre.  `dark`/`light` are the
 * module colours; the 4-module quiet zone is `light`.  Only pixels whose
 * four samples all fall on the code or its quiet zone are written. */
void synth_draw_qr(uint8_t *px, int width, int height, size_t stride,
                   const QRcode *qr, double x, double y, double ppm, double deg,
                   uint8_t dark, uint8_t light);

/* A 3x3 box blur, plus uniform noise of +-`noise` levels drawn from `rng`
 * (0: none).  Returns -1 when out of memory (the frame is unchanged). */
int synth_blur_noise(uint8_t *px, int width, int height, size_t stride,
                     int noise, uint64_t *rng);

/* Paste a bitmap (`bits`, `bw` x `bh`, `bstride` bytes a row; 0 is dark,
 * anything else light) with its top-left corner at (x0, y0), as `dark` and
 * `light`, clipped to the frame. */
void synth_paste(uint8_t *px, int width, int height, size_t stride,
                 const uint8_t *bits, int bw, int bh, size_t bstride, int x0,
                 int y0, uint8_t dark, uint8_t light);

#endif
