/* Printer encoders: how long checkin takes to turn one badge into printer
 * bytes, per command set, next to the reference CUPS filter rastertoptch
 * encoding the same bitmap in the same run.  Prints a markdown table; it
 * never passes or fails.
 *
 * Our encoders run in-process (median of many runs).  rastertoptch is a
 * separate program, so its figure is the wall time of a whole process
 * reading a CUPS raster file and writing a file; the same process on a
 * one-line page estimates the part that is start-up and job framing, and
 * the table shows the difference as well.  Both are stated; neither is
 * hidden in the other.
 *
 *   encode_bench [runs]            (default 200; filter runs = runs / 10) */
#include <cups/raster.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkin/driver.h"
#include "checkin/qr.h"
#include "checkin/util.h"

extern char **environ;

static const char *RASTERTOPTCH = "/usr/lib/cups/filter/rastertoptch";

static double now_us(void)
{
    return (double)util_mono_ns() / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A 62x100 mm badge at 300 dpi: a name-sized block of glyph-like noise,
 * two lines of smaller "text", a rule, and the QR code. */
static int make_badge(struct bitmap1 *bm)
{
    struct ck_error err = {0};
    if (bitmap1_new(696, 1109, bm, &err))
        return -1;
    uint32_t s = 12345;
    for (int y = 0; y < 1109; y++) {
        int text = (y >= 80 && y < 220) || (y >= 260 && y < 310) ||
                   (y >= 340 && y < 390);
        for (int x = 24; x < 672 && text; x++) {
            s = s * 1664525u + 1013904223u;
            /* Strokes: short runs, gaps between "letters". */
            if ((x / 37) % 5 != 4 && (s >> 24) < 90)
                bitmap1_set(bm, x, y, 1);
        }
        if (y >= 440 && y < 446)
            for (int x = 24; x < 672; x++)
                bitmap1_set(bm, x, y, 1);
    }
    struct qr_bitmap qr = {0};
    const char *code = "CK1:6BFR4-PYCON-2026-XQ7TZ-ABCDEFGHJK";
    if (qr_render(code, strlen(code), 12, 4, &qr, &err))
        return -1;
    int ox = (696 - qr.width) / 2, oy = 1109 - qr.height - 20;
    for (int y = 0; y < qr.height; y++)
        for (int x = 0; x < qr.width; x++)
            if (qr.pixels[(size_t)y * qr.stride + (size_t)x] < 128)
                bitmap1_set(bm, ox + x, oy + y, 1);
    qr_bitmap_free(&qr);
    return 0;
}

struct row {
    const char *what;
    double us;
    size_t bytes;
};

static int bench_driver(const char *model_name, struct media media,
                        const struct bitmap1 *page, int runs, struct row *r)
{
    const struct printer_model *m = printer_model_by_name(model_name);
    struct ck_error err = {0};
    double *t = malloc((size_t)runs * sizeof(double));
    if (!m || !t) {
        free(t);
        return -1;
    }
    struct bytebuf out = {0};
    for (int i = 0; i < runs; i++) {
        out.len = 0; /* keep the buffer: measure encoding, not malloc */
        double t0 = now_us();
        if (driver_encode(m, &media, page, 1, NULL, &out, &err)) {
            fprintf(stderr, "%s: %s\n", model_name, err.msg);
            free(t);
            bytebuf_free(&out);
            return -1;
        }
        t[i] = now_us() - t0;
    }
    r->us = median(t, runs);
    r->bytes = out.len;
    free(t);
    bytebuf_free(&out);
    return 0;
}

static int write_raster(const char *path, const struct bitmap1 *pg, int height)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    cups_raster_t *r = cupsRasterOpen(fd, CUPS_RASTER_WRITE);
    cups_page_header2_t h;
    memset(&h, 0, sizeof(h));
    h.HWResolution[0] = h.HWResolution[1] = 300;
    h.cupsWidth = (unsigned)pg->width;
    h.cupsHeight = (unsigned)height;
    h.cupsBitsPerColor = h.cupsBitsPerPixel = 1;
    h.cupsBytesPerLine = (unsigned)pg->stride;
    h.cupsColorOrder = CUPS_ORDER_CHUNKED;
    h.cupsColorSpace = CUPS_CSPACE_K;
    h.NumCopies = 1;
    h.cupsImagingBBox[2] = (float)pg->width * 72 / 300;
    h.cupsImagingBBox[3] = (float)height * 72 / 300;
    h.cupsPageSize[0] = h.cupsImagingBBox[2] + 12.5f * 72 / 300;
    h.cupsPageSize[1] = h.cupsImagingBBox[3];
    int ok = r && cupsRasterWriteHeader2(r, &h);
    for (int y = 0; y < height && ok; y++)
        ok = cupsRasterWritePixels(r, pg->bits + (size_t)y * pg->stride,
                                   h.cupsBytesPerLine) == h.cupsBytesPerLine;
    if (r)
        cupsRasterClose(r);
    close(fd);
    return ok ? 0 : -1;
}

/* Median wall time of `runs` rastertoptch processes on `ras`. */
static double time_filter(const char *ras, const char *bin, int bytes_per_line,
                          int runs)
{
    char opts[512];
    snprintf(opts, sizeof(opts),
             "PrintQuality=High PrintDensity=0 AutoCut noChainPrinting "
             "CutLabel=0 Margin=0 MinMargin=0 MediaType=Labels Align=Right "
             "BytesPerLine=%d PixelXfer=ULP QL TransferMode=1 LabelPreamble",
             bytes_per_line);
    char *argv[] = {(char *)"rastertoptch",
                    (char *)"-i",
                    (char *)ras,
                    (char *)"-o",
                    (char *)bin,
                    opts,
                    NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    double *t = malloc((size_t)runs * sizeof(double));
    double result = -1;
    int i;
    for (i = 0; t && i < runs; i++) {
        pid_t pid;
        int st;
        double t0 = now_us();
        if (posix_spawn(&pid, RASTERTOPTCH, &fa, NULL, argv, environ) != 0)
            break;
        if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            break;
        t[i] = now_us() - t0;
    }
    if (t && i == runs)
        result = median(t, runs);
    free(t);
    posix_spawn_file_actions_destroy(&fa);
    return result;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 200;
    if (runs < 10)
        runs = 10;
    struct bitmap1 badge, dymo;
    struct ck_error err = {0};
    if (make_badge(&badge))
        return 1;
    /* The LabelWriter 450 head is 672 dots: the same badge, cropped. */
    if (bitmap1_new(672, 1109, &dymo, &err))
        return 1;
    for (int y = 0; y < 1109; y++)
        memcpy(dymo.bits + (size_t)y * dymo.stride,
               badge.bits + (size_t)y * badge.stride, dymo.stride);

    struct row rows[8];
    int n = 0;
    struct media m62 = {MEDIA_DIE_CUT, 62, 100};
    struct {
        const char *what, *model;
        struct media md;
        const struct bitmap1 *bm;
    } jobs[] = {
        {"checkin QL-800 (raw lines)", "QL-800", m62, &badge},
        {"checkin QL-810W (PackBits)", "QL-810W", m62, &badge},
        {"checkin QL-1100 (PackBits, 162-byte lines)", "QL-1100", m62, &badge},
        {"checkin ZPL ^GFA (ZD420-300, 62x100)", "ZD420-300", m62, &badge},
        {"checkin DYMO LW 450 (672x1109 crop)",
         "LabelWriter 450",
         {MEDIA_DIE_CUT, 59, 102},
         &dymo},
    };
    for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
        rows[n].what = jobs[i].what;
        if (bench_driver(jobs[i].model, jobs[i].md, jobs[i].bm, runs,
                         &rows[n]) == 0)
            n++;
    }

    double full = -1, empty = -1;
    size_t ref_bytes = 0;
    if (access(RASTERTOPTCH, X_OK) == 0) {
        char dir[] = "/tmp/encode-bench-XXXXXX";
        if (mkdtemp(dir)) {
            char ras[64], one[64], bin[64];
            snprintf(ras, sizeof(ras), "%s/badge.ras", dir);
            snprintf(one, sizeof(one), "%s/one.ras", dir);
            snprintf(bin, sizeof(bin), "%s/out.bin", dir);
            int fr = runs / 10 < 10 ? 10 : runs / 10;
            if (write_raster(ras, &badge, 1109) == 0 &&
                write_raster(one, &badge, 1) == 0) {
                full = time_filter(ras, bin, 90, fr);
                FILE *f = fopen(bin, "rb");
                if (f) {
                    fseek(f, 0, SEEK_END);
                    ref_bytes = (size_t)ftell(f);
                    fclose(f);
                }
                empty = time_filter(one, bin, 90, fr);
            }
            unlink(ras);
            unlink(one);
            unlink(bin);
            rmdir(dir);
        }
    }

    printf("One 62x100 mm badge (696x1109 dots, text-like noise and a "
           "QR code), %d runs each.\n\n",
           runs);
    printf("| encoder | median µs per label | bytes | × QL-800 |\n");
    printf("|---|---:|---:|---:|\n");
    double base = n ? rows[0].us : 0;
    for (int i = 0; i < n; i++)
        printf("| %s | %.0f | %zu | %.2f |\n", rows[i].what, rows[i].us,
               rows[i].bytes, base > 0 ? rows[i].us / base : 0);
    if (full > 0) {
        printf("| rastertoptch QL-800, whole process (wall) | %.0f | %zu | "
               "%.1f |\n",
               full, ref_bytes, base > 0 ? full / base : 0);
        printf("| rastertoptch on a 1-line page (start-up, framing) | %.0f "
               "| | |\n",
               empty);
        printf("| rastertoptch minus that start-up | %.0f | | %.1f |\n",
               full - empty, base > 0 ? (full - empty) / base : 0);
    } else {
        printf("\n(%s not installed or failed: printer-driver-ptouch)\n",
               RASTERTOPTCH);
    }
    bitmap1_free(&badge);
    bitmap1_free(&dymo);
    return 0;
}
