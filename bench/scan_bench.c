/* The /scan page's decoder, native: scanner/wasm/scan_decoder.c compiled for
 * this machine and run on the frames decode_bench --write-frames writes
 * (a badge-sized code at 4-6 px a module, turned up to 10 degrees, at
 * 640x480, 1280x720 and 1920x1080), as a camera's stream: one decoder per
 * size, video mode, the frames in order REPS times.  bench/scan_bench.mjs
 * runs the WebAssembly build of the same file on the same frames in node
 * (V8, Chromium's engine); bench/run-scan-bench.sh runs both.
 *
 *   scan_bench FRAME_DIR
 *
 * Prints one row per size: frames, frames read, ms per frame and frames
 * per second in the fastest of the REPS passes (the machine may be
 * shared).  Pinned to CPU 0.  It prints figures; it does not pass or fail. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/decode.h"
#include "checkin/image.h"
#include "checkin/util.h"
#include "scan_decoder.h"

#define FRAMES 20
#define REPS 5

static const int SIZES[3][2] = {{640, 480}, {1280, 720}, {1920, 1080}};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: scan_bench FRAME_DIR\n");
        return 2;
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    sched_setaffinity(0, sizeof(one), &one);
    printf("decoder\tsize\tframes\tread\tms/frame\tframes/s\n");
    for (int s = 0; s < 3; s++) {
        int w = SIZES[s][0], h = SIZES[s][1];
        struct gray_frame f[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/frame-%dx%d-%02d.pgm", argv[1], w,
                     h, i);
            struct ck_error err = {0};
            if (image_load(path, &f[i], &err)) {
                fprintf(stderr, "scan_bench: %s\n", err.msg);
                return 1;
            }
        }
        scan_decoder *d = scan_decoder_new(DECODE_BUDGET_NONE);
        int read = 0;
        double ms = 1e9; /* the fastest pass: the machine is shared */
        for (int r = 0; r < REPS; r++) {
            int64_t t0 = util_mono_ns();
            for (int i = 0; i < FRAMES; i++) {
                uint8_t *buf = scan_decoder_buffer(d, (size_t)w * h);
                for (int y = 0; y < h; y++)
                    memcpy(buf + (size_t)y * w, f[i].pixels + y * f[i].stride,
                           (size_t)w);
                read += scan_decoder_gray(d, w, h) > 0;
            }
            double pass = (double)(util_mono_ns() - t0) / 1e6 / FRAMES;
            ms = pass < ms ? pass : ms;
        }
        printf("native\t%dx%d\t%d\t%d\t%.2f\t%.0f\n", w, h, REPS * FRAMES, read,
               ms, 1000 / ms);
        scan_decoder_free(d);
        for (int i = 0; i < FRAMES; i++)
            image_free(&f[i]);
    }
    return 0;
}
