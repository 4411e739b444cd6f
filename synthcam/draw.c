/* Flat drawing for tests and benchmarks (synth_draw.h): codes placed
 * exactly, without a camera model.  Not for camera-like frames (synth.c,
 * scene.c). */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/synth_draw.h"

#define PI 3.14159265358979323846
#define QUIET 4

unsigned synth_rand(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(*state >> 33);
}

void synth_draw_qr(uint8_t *px, int width, int height, size_t stride,
                   const QRcode *qr, double x, double y, double ppm, double deg,
                   uint8_t dark, uint8_t light)
{
    int q = qr->width;
    double side = q * ppm, cx = x + side / 2, cy = y + side / 2;
    double co = cos(deg * PI / 180), si = sin(deg * PI / 180);
    double reach = (side / 2 + QUIET * ppm) * 1.5;
    for (int py = (int)(cy - reach); py <= (int)(cy + reach); py++) {
        if (py < 0 || py >= height)
            continue;
        for (int pxx = (int)(cx - reach); pxx <= (int)(cx + reach); pxx++) {
            if (pxx < 0 || pxx >= width)
                continue;
            int acc = 0, inside = 0;
            for (int s = 0; s < 4; s++) {
                double dx = pxx + 0.25 + 0.5 * (s & 1) - cx;
                double dy = py + 0.25 + 0.5 * (s >> 1) - cy;
                double u = (co * dx + si * dy) / ppm + q / 2.0;
                double v = (-si * dx + co * dy) / ppm + q / 2.0;
                if (u < -QUIET || v < -QUIET || u >= q + QUIET ||
                    v >= q + QUIET)
                    continue;
                inside++;
                int mu = (int)floor(u), mv = (int)floor(v);
                bool on = mu >= 0 && mv >= 0 && mu < q && mv < q &&
                          (qr->data[mv * q + mu] & 1);
                acc += on ? dark : light;
            }
            if (inside == 4)
                px[(size_t)py * stride + pxx] = (uint8_t)(acc / 4);
        }
    }
}

int synth_blur_noise(uint8_t *px, int width, int height, size_t stride,
                     int noise, uint64_t *rng)
{
    uint8_t *tmp = malloc((size_t)width * height);
    if (!tmp)
        return -1;
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++) {
            int sum = 0, n = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int yy = y + dy, xx = x + dx;
                    if (yy < 0 || xx < 0 || yy >= height || xx >= width)
                        continue;
                    sum += px[(size_t)yy * stride + xx];
                    n++;
                }
            int v = sum / n;
            if (noise)
                v += (int)(synth_rand(rng) % (unsigned)(2 * noise + 1)) - noise;
            tmp[(size_t)y * width + x] = (uint8_t)(v < 0     ? 0
                                                   : v > 255 ? 255
                                                             : v);
        }
    for (int y = 0; y < height; y++)
        memcpy(px + (size_t)y * stride, tmp + (size_t)y * width, (size_t)width);
    free(tmp);
    return 0;
}

void synth_paste(uint8_t *px, int width, int height, size_t stride,
                 const uint8_t *bits, int bw, int bh, size_t bstride, int x0,
                 int y0, uint8_t dark, uint8_t light)
{
    for (int y = 0; y < bh; y++)
        for (int x = 0; x < bw; x++)
            if (x0 + x >= 0 && x0 + x < width && y0 + y >= 0 && y0 + y < height)
                px[(size_t)(y0 + y) * stride + x0 + x] =
                    bits[(size_t)y * bstride + x] ? light : dark;
}
