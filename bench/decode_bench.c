/* Benchmark of the QR decoder against plain libzbar (default settings), on
 * the shared real photographs and on synthetic webcam-like frames with a
 * badge-sized code.  Prints tab-separated rows that run-decode-bench.sh
 * turns into a table (ZXing-C++ rows come from zxing_bench, which reads the
 * same photos and the frames this program writes with --write-frames).
 *
 *   decode_bench [-v] [--passes MASK] [--still] PHOTO_DIR [FRAME_DIR]
 *   decode_bench --write-frames FRAME_DIR
 *   decode_bench --write-scenes SCENE_DIR [PER_CONDITION [SEED]]
 *   decode_bench --held
 *   decode_bench [-v] [--only ours|still|video|zbar] --scenes SCENE_DIR
 *
 * Scenes are realistic frames (synthcam/, synth_scene.h): every condition
 * at 640x480, 1280x720 and 1920x1080, PER_CONDITION frames each (default
 * 4), with their payloads in SCENE_DIR/scenes.tsv; SEED (default 0, the
 * set the figures before issue 54 used) chooses another set of frames. --scenes
 * reads them with checkin's decoder as `checkin decode` uses it (still mode),
 * as the station's stream uses it (video mode, one frame each), and with plain
 * libzbar, and prints one row per decoder, condition and size; -v adds a
 * row per frame and decoder (codes read, codes in it, wrong payloads, ms).
 *
 * Runs pinned to CPU 0 so every decoder gets one core.  Timings are the
 * decode call only, images preloaded.  It prints figures; it does not pass
 * or fail. */
#include <dirent.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <qrencode.h>
#include <zbar.h>

#include "checkin/decode.h"
#include "checkin/image.h"
#include "checkin/synth_draw.h"
#include "checkin/synth_scene.h"
#include "checkin/util.h"

#define MAX_IMAGES 512
#define FRAMES_PER_SIZE 20
#define FRAME_REPS 3

/* The badge payload: 76 bytes as base45, 118 alphanumeric characters. */
static const char BADGE[] =
    "HQVG5JL14U07I7J.2+48H9DR4+Q932BKGMK6Q51LKOX/Y-+.G%/3VNDM9-1"
    "FV+RIDQOO9%TZ5ZO3W+1+Y/-XIKJAB0+H3P60+$N+HTSCLHF.-X/EV191*G";
_Static_assert(sizeof(BADGE) - 1 == 118, "badge payload is 118 chars");

static double now_ms(void)
{
    return (double)util_mono_ns() / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double *v, size_t n, double p)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof(*v), cmp_double);
    size_t i = (size_t)ceil(p * (double)n) - 1;
    return v[i >= n ? n - 1 : i];
}

struct photo {
    char name[256];
    struct gray_frame frame;
    char *expect;
    size_t expect_len;
};

static int cmp_photo(const void *a, const void *b)
{
    return strcmp(((const struct photo *)a)->name,
                  ((const struct photo *)b)->name);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static size_t load_photos(const char *dir, struct photo *ph)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        fprintf(stderr, "decode_bench: cannot open %s\n", dir);
        exit(1);
    }
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dp)) && n < MAX_IMAGES) {
        const char *dot = strrchr(de->d_name, '.');
        if (!dot || (strcmp(dot, ".png") && strcmp(dot, ".jpg")))
            continue;
        struct photo *p = &ph[n];
        snprintf(p->name, sizeof(p->name), "%s", de->d_name);
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        struct ck_error err;
        if (image_load(path, &p->frame, &err)) {
            fprintf(stderr, "decode_bench: %s\n", err.msg);
            continue;
        }
        snprintf(path, sizeof(path), "%s/%.*s.txt", dir,
                 (int)(dot - de->d_name), de->d_name);
        p->expect = read_file(path, &p->expect_len);
        if (!p->expect) {
            image_free(&p->frame);
            continue;
        }
        n++;
    }
    closedir(dp);
    qsort(ph, n, sizeof(*ph), cmp_photo);
    return n;
}

/* ---- synthetic frames ---------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static unsigned rnd(void)
{
    return synth_rand(&rng_state);
}

/* A webcam-like frame: lit gradient, a badge QR at `ppm` px/module rotated
 * by `deg` (none if `qr` is NULL), a 3x3 blur and sensor noise. */
static uint8_t *render_frame(const QRcode *qr, int w, int h, double ppm,
                             double deg)
{
    uint8_t *img = malloc((size_t)w * h);
    if (!img)
        return NULL;
    int q = qr ? qr->width : 45, quiet = 4;
    double side = (q + 2 * quiet) * ppm;
    double cx =
        side / 2 + rnd() % (unsigned)(w - side * 1.3 > 1 ? w - side * 1.3 : 1);
    double cy =
        side / 2 + rnd() % (unsigned)(h - side * 1.3 > 1 ? h - side * 1.3 : 1);
    cx += side * 0.15;
    cy += side * 0.15;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            img[(size_t)y * w + x] =
                (uint8_t)(90 + 60.0 * x / w + 30.0 * y / h);
    if (qr)
        synth_draw_qr(img, w, h, (size_t)w, qr, cx - q * ppm / 2,
                      cy - q * ppm / 2, ppm, deg, 45, 215);
    if (synth_blur_noise(img, w, h, (size_t)w, 6, &rng_state)) {
        free(img);
        return NULL;
    }
    return img;
}

static const int SIZES[3][2] = {{640, 480}, {1280, 720}, {1920, 1080}};

static int write_frames(const char *dir)
{
    QRcode *qr = QRcode_encodeString(BADGE, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    if (!qr || qr->version != 7) {
        fprintf(stderr, "decode_bench: libqrencode gave version %d, not 7\n",
                qr ? qr->version : -1);
        return 1;
    }
    for (int s = 0; s < 3; s++) {
        int w = SIZES[s][0], h = SIZES[s][1];
        for (int i = 0; i < FRAMES_PER_SIZE; i++) {
            double ppm = 4 + (rnd() % 201) / 100.0; /* 4..6 px/module */
            double deg = (int)(rnd() % 21) - 10;    /* -10..10 degrees */
            uint8_t *img = render_frame(qr, w, h, ppm, deg);
            if (!img)
                return 1;
            char path[4096];
            snprintf(path, sizeof(path), "%s/frame-%dx%d-%02d.pgm", dir, w, h,
                     i);
            FILE *f = fopen(path, "wb");
            if (!f) {
                fprintf(stderr, "decode_bench: cannot write %s\n", path);
                return 1;
            }
            fprintf(f, "P5\n%d %d\n255\n", w, h);
            fwrite(img, 1, (size_t)w * h, f);
            fclose(f);
            free(img);
        }
    }
    QRcode_free(qr);
    return 0;
}

/* ---- realistic scenes (synth_scene.h) ------------------------------------ */

#define MAX_SCENES 1024
#define SCENE_TEXT 160

/* `set` 0 gives the frames every figure before issue 54 was measured on;
 * another set other payloads, backgrounds, placements and noise. */
static int write_scenes(const char *dir, int per, uint32_t set)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/scenes.tsv", dir);
    FILE *list = fopen(path, "w");
    if (!list) {
        fprintf(stderr, "decode_bench: cannot write %s\n", path);
        return 1;
    }
    uint32_t st = 0x5ce7e5u + set * 0x9e3779b9u;
    for (int s = 0; s < 3; s++) {
        int w = SIZES[s][0], h = SIZES[s][1];
        uint8_t *px = malloc((size_t)w * h);
        for (int c = 0; px && c < SCENE_CONDITIONS; c++)
            for (int i = 0; i < per; i++) {
                char t0[SCENE_TEXT], t1[SCENE_TEXT];
                synth_scene_payload(i, &st, t0);
                synth_scene_payload(i + 1, &st, t1);
                const char *texts[2] = {t0, t1};
                struct ck_error err;
                uint32_t seed =
                    (uint32_t)(s * 100000 + c * 1000 + i + 1) + set * 1000003u;
                if (synth_scene_draw((enum synth_condition)c, seed, texts, px,
                                     w, h, &err)) {
                    fprintf(stderr, "decode_bench: %s\n", err.msg);
                    free(px);
                    fclose(list);
                    return 1;
                }
                const char *name =
                    synth_condition_name((enum synth_condition)c);
                snprintf(path, sizeof(path), "%s/scene-%s-%dx%d-%02d.pgm", dir,
                         name, w, h, i);
                FILE *f = fopen(path, "wb");
                if (!f) {
                    fprintf(stderr, "decode_bench: cannot write %s\n", path);
                    free(px);
                    fclose(list);
                    return 1;
                }
                fprintf(f, "P5\n%d %d\n255\n", w, h);
                fwrite(px, 1, (size_t)w * h, f);
                fclose(f);
                fprintf(list, "scene-%s-%dx%d-%02d.pgm\t%s\t%dx%d\t%s", name, w,
                        h, i, name, w, h, t0);
                if (synth_condition_codes((enum synth_condition)c) > 1)
                    fprintf(list, "\t%s", t1);
                fputc('\n', list);
            }
        free(px);
    }
    return fclose(list) ? 1 : 0;
}

struct scene {
    char file[128], cond[32], size[16];
    char text[2][SCENE_TEXT];
    int ntext;
};

static size_t load_scene_list(const char *dir, struct scene *sc)
{
    char path[4096], line[1024];
    snprintf(path, sizeof(path), "%s/scenes.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "decode_bench: no %s; run --write-scenes first\n",
                path);
        return 0;
    }
    size_t n = 0;
    while (n < MAX_SCENES && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        char *field[5] = {0};
        int k = 0;
        for (char *p = line; k < 5 && p;) {
            field[k++] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        if (k < 4)
            continue;
        struct scene *s = &sc[n++];
        snprintf(s->file, sizeof(s->file), "%s", field[0]);
        snprintf(s->cond, sizeof(s->cond), "%s", field[1]);
        snprintf(s->size, sizeof(s->size), "%s", field[2]);
        s->ntext = k - 3;
        for (int t = 0; t < s->ntext; t++)
            snprintf(s->text[t], sizeof(s->text[t]), "%s", field[3 + t]);
    }
    fclose(f);
    return n;
}

/* One decode of `f` from a fresh start, timed into *ms; nonzero (said on
 * stderr) when the decoder failed. */
static int timed_decode(decoder *d, const struct gray_frame *f,
                        struct decode_result *r, double *ms)
{
    struct ck_error err;
    decoder_reset(d);
    double t0 = now_ms();
    int rc = decoder_decode(d, f, r, &err);
    *ms = now_ms() - t0;
    if (rc)
        fprintf(stderr, "decode_bench: %s\n", err.msg);
    return rc;
}

/* Codes read correctly, wrong payloads; all codes found in one call. */
static void scene_ours(decoder *d, const struct gray_frame *f,
                       const struct scene *s, int *read, int *wrong, double *ms)
{
    struct decode_result r;
    *read = *wrong = 0;
    if (timed_decode(d, f, &r, ms))
        return;
    bool seen[2] = {false, false};
    for (size_t i = 0; i < r.count; i++) {
        const struct decoded_code *c = &r.codes[i];
        int hit = -1;
        for (int t = 0; t < s->ntext; t++)
            if (c->len == strlen(s->text[t]) &&
                !memcmp(c->bytes, s->text[t], c->len))
                hit = t;
        if (hit < 0)
            ++*wrong;
        else if (!seen[hit]) {
            seen[hit] = true;
            ++*read;
        }
    }
    decode_result_free(&r);
}

static void scene_zbar(zbar_image_scanner_t *scn, const struct gray_frame *f,
                       const struct scene *s, int *read, int *wrong, double *ms)
{
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)f->width, (unsigned)f->height);
    zbar_image_set_data(img, f->pixels, (unsigned long)f->width * f->height,
                        NULL);
    double t0 = now_ms();
    int n = zbar_scan_image(scn, img);
    *ms = now_ms() - t0;
    *read = *wrong = 0;
    bool seen[2] = {false, false};
    for (const zbar_symbol_t *y = n > 0 ? zbar_image_first_symbol(img) : NULL;
         y; y = zbar_symbol_next(y)) {
        if (zbar_symbol_get_type(y) != ZBAR_QRCODE)
            continue;
        size_t len = zbar_symbol_get_data_length(y);
        int hit = -1;
        for (int t = 0; t < s->ntext; t++)
            if (len == strlen(s->text[t]) &&
                !memcmp(zbar_symbol_get_data(y), s->text[t], len))
                hit = t;
        if (hit < 0)
            ++*wrong;
        else if (!seen[hit]) {
            seen[hit] = true;
            ++*read;
        }
    }
    zbar_image_destroy(img);
}

/* One row per decoder, condition and size:
 * scene DECODER COND SIZE READ CODES WRONG FRAMES MEDIAN_MS MEAN_MS MAX_MS */
static int bench_scenes(const char *dir, decoder *still, decoder *video,
                        zbar_image_scanner_t *zb, const char *only, int verbose)
{
    static struct scene sc[MAX_SCENES];
    size_t n = load_scene_list(dir, sc);
    if (!n)
        return 1;
    const char *names[3] = {"checkin", "checkin-video", "zbar"};
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b < n && !strcmp(sc[b].cond, sc[a].cond) &&
               !strcmp(sc[b].size, sc[a].size))
            b++;
        struct gray_frame fr[64];
        size_t nf = 0;
        for (size_t i = a; i < b && nf < 64; i++) {
            char path[4096];
            struct ck_error err;
            snprintf(path, sizeof(path), "%s/%s", dir, sc[i].file);
            if (image_load(path, &fr[nf], &err)) {
                fprintf(stderr, "decode_bench: %s\n", err.msg);
                return 1;
            }
            nf++;
        }
        for (int k = 0; k < 3; k++) {
            if (only && strcmp(only, k == 2 ? "zbar" : "ours") &&
                strcmp(only, k == 0   ? "still"
                             : k == 1 ? "video"
                                      : "zbar"))
                continue;
            int read = 0, wrong = 0, codes = 0;
            double t[64], sum = 0, max = 0;
            for (size_t i = 0; i < nf; i++) {
                int r, w;
                if (k == 2)
                    scene_zbar(zb, &fr[i], &sc[a + i], &r, &w, &t[i]);
                else
                    scene_ours(k ? video : still, &fr[i], &sc[a + i], &r, &w,
                               &t[i]);
                read += r;
                wrong += w;
                codes += sc[a + i].ntext;
                /* -v: each frame's reads, to compare two builds frame by
                 * frame (every payload kept, not just as many). */
                if (verbose)
                    printf("frame\t%s\t%s\t%d\t%d\t%d\t%.3f\n", names[k],
                           sc[a + i].file, r, sc[a + i].ntext, w, t[i]);
                sum += t[i];
                max = t[i] > max ? t[i] : max;
            }
            printf("scene\t%s\t%s\t%s\t%d\t%d\t%d\t%zu\t%.2f\t%.2f\t%.2f\n",
                   names[k], sc[a].cond, sc[a].size, read, codes, wrong, nf,
                   percentile(t, nf, 0.5), sum / (double)nf, max);
            fflush(stdout);
        }
        for (size_t i = 0; i < nf; i++)
            image_free(&fr[i]);
        a = b;
    }
    return 0;
}

/* ---- decoders under test ------------------------------------------------ */

/* One decode: returns 1 if the expected payload came out, -1 if something
 * else came out, 0 if nothing did.  `*ms` gets the time. */
typedef int (*run_fn)(void *ctx, const struct gray_frame *f, const char *expect,
                      size_t len, double *ms, int verbose);

static int run_ours(void *ctx, const struct gray_frame *f, const char *expect,
                    size_t len, double *ms, int verbose)
{
    decoder *d = ctx;
    struct decode_result r;
    if (timed_decode(d, f, &r, ms))
        return 0;
    int res = 0;
    for (size_t i = 0; i < r.count; i++) {
        const struct decoded_code *c = &r.codes[i];
        /* Text when the decoder gives text; a bytes-only result counts as
         * correct only if its bytes are the expected ones. */
        const char *got = c->text ? c->text : (const char *)c->bytes;
        size_t glen = c->text ? c->text_len : c->len;
        if (glen == len && !memcmp(got, expect, len)) {
            res = 1;
            break;
        }
        res = -1;
        if (verbose)
            fprintf(stderr, "    got (%s, %zu bytes): %.*s\n",
                    c->charset ? c->charset : "bytes", glen, (int)glen, got);
    }
    decode_result_free(&r);
    return res;
}

static int run_zbar(void *ctx, const struct gray_frame *f, const char *expect,
                    size_t len, double *ms, int verbose)
{
    zbar_image_scanner_t *scn = ctx;
    (void)verbose;
    /* zbar wants contiguous Y800; the photos are, the copy is not timed. */
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)f->width, (unsigned)f->height);
    zbar_image_set_data(img, f->pixels, (unsigned long)f->width * f->height,
                        NULL);
    double t0 = now_ms();
    int n = zbar_scan_image(scn, img);
    *ms = now_ms() - t0;
    int res = 0;
    for (const zbar_symbol_t *s = n > 0 ? zbar_image_first_symbol(img) : NULL;
         s; s = zbar_symbol_next(s)) {
        if (zbar_symbol_get_type(s) != ZBAR_QRCODE)
            continue;
        size_t glen = zbar_symbol_get_data_length(s);
        if (glen == len && !memcmp(zbar_symbol_get_data(s), expect, len)) {
            res = 1;
            break;
        }
        res = -1;
    }
    zbar_image_destroy(img);
    return res;
}

static void bench_photos(const char *label, run_fn run, void *ctx,
                         struct photo *ph, size_t n, int verbose)
{
    double *t = malloc(n * sizeof(*t));
    int correct = 0, wrong = 0, missed = 0;
    for (size_t i = 0; i < n; i++) {
        int r = run(ctx, &ph[i].frame, ph[i].expect, ph[i].expect_len, &t[i],
                    verbose);
        correct += r == 1;
        wrong += r == -1;
        missed += r == 0;
        if (verbose && r != 1)
            fprintf(stderr, "  %s %s: %s (%.1f ms)\n", label, ph[i].name,
                    r ? "WRONG" : "missed", t[i]);
    }
    double med = percentile(t, n, 0.5), p95 = percentile(t, n, 0.95);
    printf("photos\t%s\t%d\t%d\t%d\t%zu\t%.2f\t%.2f\n", label, correct, wrong,
           missed, n, med, p95);
    fflush(stdout);
    free(t);
}

static void bench_frames(const char *label, run_fn run, void *ctx,
                         const char *dir)
{
    for (int s = 0; s < 3; s++) {
        int w = SIZES[s][0], h = SIZES[s][1], ok = 0, n = 0;
        double t[FRAMES_PER_SIZE * FRAME_REPS];
        for (int i = 0; i < FRAMES_PER_SIZE; i++) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/frame-%dx%d-%02d.pgm", dir, w, h,
                     i);
            struct gray_frame f;
            struct ck_error err;
            if (image_load(path, &f, &err)) {
                fprintf(stderr, "decode_bench: %s\n", err.msg);
                continue;
            }
            for (int k = 0; k < FRAME_REPS; k++) {
                int r = run(ctx, &f, BADGE, sizeof(BADGE) - 1, &t[n], 0);
                ok += k == 0 && r == 1;
                n++;
            }
            image_free(&f);
        }
        printf("frames\t%s\t%dx%d\t%d\t%d\t%.2f\n", label, w, h, ok,
               FRAMES_PER_SIZE, percentile(t, (size_t)n, 0.5));
        fflush(stdout);
    }
}

/* Video mode on frames without a code, the station's usual case: one
 * decoder, 30 frames in a row, so the fallback passes take their turns. */
static void bench_empty(decoder *d)
{
    for (int s = 0; s < 3; s++) {
        int w = SIZES[s][0], h = SIZES[s][1];
        uint8_t *img = render_frame(NULL, w, h, 5, 0);
        if (!img)
            return;
        struct gray_frame f = {img, w, h, (size_t)w};
        double t[30];
        decoder_reset(d);
        for (int i = 0; i < 30; i++) {
            struct decode_result r;
            struct ck_error err;
            double t0 = now_ms();
            if (decoder_decode(d, &f, &r, &err))
                fprintf(stderr, "decode_bench: %s\n", err.msg);
            t[i] = now_ms() - t0;
            decode_result_free(&r);
        }
        double med = percentile(t, 30, 0.5), max = percentile(t, 30, 1.0);
        printf("empty\tcheckin\t%dx%d\t%.2f\t%.2f\n", w, h, med, max);
        fflush(stdout);
        free(img);
    }
}

/* A badge held in front of the camera: HELD_FRAMES frames of the same
 * code where it was, moved by a pixel now and then, each with its own
 * sensor noise, read in video mode with and without DECODE_PASS_HOLD, one
 * decoder after the other on the same frames.  A row per size and
 * decoder: median and p95 ms per frame, frames read, frames held. */
#define HELD_FRAMES 60
static void bench_held(void)
{
    QRcode *qr = QRcode_encodeString(BADGE, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    if (!qr)
        return;
    for (int s = 0; s < 3; s++) {
        int w = SIZES[s][0], h = SIZES[s][1];
        uint8_t *img[HELD_FRAMES];
        for (int i = 0; i < HELD_FRAMES; i++) {
            img[i] = malloc((size_t)w * h);
            if (!img[i])
                return;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    img[i][(size_t)y * w + x] =
                        (uint8_t)(90 + 60.0 * x / w + 30.0 * y / h);
            synth_draw_qr(img[i], w, h, (size_t)w, qr, w / 3.0 + i % 2,
                          h / 4.0 + (i % 3 == 0), 5, 4, 45, 215);
            if (synth_blur_noise(img[i], w, h, (size_t)w, 6, &rng_state))
                return;
        }
        for (int hold = 1; hold >= 0; hold--) {
            unsigned passes = DECODE_PASSES_DEFAULT;
            if (!hold)
                passes &= ~(unsigned)DECODE_PASS_HOLD;
            struct decoder_options o = {DECODE_VIDEO, passes,
                                        DECODE_BUDGET_NONE};
            decoder *d;
            struct ck_error err;
            if (decoder_new(&o, &d, &err))
                return;
            double t[HELD_FRAMES];
            int read = 0;
            for (int i = 0; i < HELD_FRAMES; i++) {
                struct gray_frame f = {img[i], w, h, (size_t)w};
                struct decode_result r;
                double t0 = now_ms();
                if (decoder_decode(d, &f, &r, &err))
                    fprintf(stderr, "decode_bench: %s\n", err.msg);
                t[i] = now_ms() - t0;
                read += r.count == 1 && r.codes[0].text &&
                        !strcmp(r.codes[0].text, BADGE);
                decode_result_free(&r);
            }
            struct decode_stats st;
            decoder_stats(d, &st);
            printf("held\t%s\t%dx%d\t%.2f\t%.2f\t%d/%d\t%lu\n",
                   hold ? "hold" : "no-hold", w, h,
                   percentile(t, HELD_FRAMES, 0.5),
                   percentile(t, HELD_FRAMES, 0.95), read, HELD_FRAMES,
                   st.frames_held);
            fflush(stdout);
            decoder_free(d);
        }
        for (int i = 0; i < HELD_FRAMES; i++)
            free(img[i]);
    }
    QRcode_free(qr);
}

int main(int argc, char **argv)
{
    int verbose = 0, a = 1;
    struct decoder_options opt = {DECODE_STILL, 0};
    const char *only = NULL, *scenes = NULL;
    int held = 0;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (!strcmp(argv[a], "-v")) {
            verbose = 1;
        } else if (!strcmp(argv[a], "--passes") && a + 1 < argc) {
            opt.passes = (unsigned)strtoul(argv[++a], NULL, 0);
        } else if (!strcmp(argv[a], "--only") && a + 1 < argc) {
            only = argv[++a];
        } else if (!strcmp(argv[a], "--write-frames") && a + 1 < argc) {
            return write_frames(argv[a + 1]);
        } else if (!strcmp(argv[a], "--write-scenes") && a + 1 < argc) {
            int per = a + 2 < argc ? (int)strtol(argv[a + 2], NULL, 10) : 4;
            uint32_t set =
                a + 3 < argc ? (uint32_t)strtoul(argv[a + 3], NULL, 10) : 0;
            return write_scenes(argv[a + 1],
                                per < 1    ? 1
                                : per > 64 ? 64
                                           : per,
                                set);
        } else if (!strcmp(argv[a], "--held")) {
            held = 1;
        } else if (!strcmp(argv[a], "--scenes") && a + 1 < argc) {
            scenes = argv[++a];
        } else {
            fprintf(stderr, "decode_bench: unknown option %s\n", argv[a]);
            return 2;
        }
    }
    if (a >= argc && !scenes && !held) {
        fprintf(stderr,
                "usage: decode_bench [-v] [--passes MASK] [--only "
                "ours|zbar] PHOTO_DIR [FRAME_DIR]\n"
                "       decode_bench --write-frames FRAME_DIR\n"
                "       decode_bench --write-scenes DIR [PER_CONDITION "
                "[SEED]]\n"
                "       decode_bench [-v] [--only ours|still|video|zbar] "
                "--scenes DIR\n"
                "       decode_bench --held\n");
        return 2;
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    /* CPU 0 unless $CHECKIN_BENCH_CPU names another (a busy shared box). */
    const char *cpu = getenv("CHECKIN_BENCH_CPU");
    CPU_SET(cpu ? (int)strtol(cpu, NULL, 10) : 0, &one);
    if (sched_setaffinity(0, sizeof(one), &one))
        perror("decode_bench: sched_setaffinity (timings use any core)");

    if (held) {
        bench_held();
        return 0;
    }
    static struct photo ph[MAX_IMAGES];
    size_t n = a < argc ? load_photos(argv[a], ph) : 0;
    const char *frames = a + 1 < argc ? argv[a + 1] : NULL;

    decoder *still, *video;
    struct ck_error err;
    struct decoder_options vopt = opt;
    vopt.mode = DECODE_VIDEO;
    if (decoder_new(&opt, &still, &err) || decoder_new(&vopt, &video, &err)) {
        fprintf(stderr, "decode_bench: %s\n", err.msg);
        return 1;
    }
    zbar_image_scanner_t *zb = zbar_image_scanner_create();
    zbar_image_scanner_set_config(zb, ZBAR_NONE, ZBAR_CFG_ENABLE, 1);

    if (scenes) {
        int rc = bench_scenes(scenes, still, video, zb, only, verbose);
        decoder_free(still);
        decoder_free(video);
        zbar_image_scanner_destroy(zb);
        return rc;
    }
    if (!only || !strcmp(only, "ours"))
        bench_photos("checkin", run_ours, still, ph, n, verbose);
    if (!only || !strcmp(only, "zbar"))
        bench_photos("zbar", run_zbar, zb, ph, n, verbose);
    if (frames) {
        if (!only || !strcmp(only, "ours")) {
            bench_frames("checkin", run_ours, video, frames);
            bench_empty(video);
        }
        if (!only || !strcmp(only, "zbar"))
            bench_frames("zbar", run_zbar, zb, frames);
    }
    decoder_free(still);
    decoder_free(video);
    zbar_image_scanner_destroy(zb);
    for (size_t i = 0; i < n; i++) {
        image_free(&ph[i].frame);
        free(ph[i].expect);
    }
    return 0;
}
