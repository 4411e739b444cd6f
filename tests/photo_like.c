/* Photo-like images of rendered labels (photo_like.h): a desk, the label
 * seen through a pinhole camera, then light, optics, sensor and the file
 * format, in that order. */
#include "photo_like.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#define PI 3.14159265358979323846
#define SUB 4 /* samples per pixel side */

/* Reflectances of the printed label. */
#define PAPER 0.88
#define INK 0.07

/* xorshift32, never 0. */
static uint32_t next(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* Uniform in [a, b). */
static double uni(uint32_t *s, double a, double b)
{
    return a + (b - a) * (next(s) >> 8) / 16777216.0;
}

static uint8_t clamp8(double v)
{
    return v <= 0 ? 0 : v >= 255 ? 255 : (uint8_t)(v + 0.5);
}

/* ---- the desk: reflectances, one a pixel ---- */

static void rect(float *r, int w, int h, int x0, int y0, int x1, int y1,
                 float v)
{
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > w ? w : x1;
    y1 = y1 > h ? h : y1;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            r[(size_t)y * w + x] = v;
}

/* Wood or cloth with a slow gradient, then papers with lines of print,
 * dark objects (a phone, a laptop) and a checked pattern or two: edges
 * and squares for a finder-pattern search to look at. */
static void desk(float *r, int w, int h, uint32_t *s)
{
    double base = uni(s, 0.25, 0.55), gx = uni(s, -0.15, 0.15),
           gy = uni(s, -0.15, 0.15);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            r[(size_t)y * w + x] = (float)(base + gx * ((double)x / w - 0.5) +
                                           gy * ((double)y / h - 0.5));
    double k = h / 720.0;
    int things = 8 + (int)(next(s) % 8);
    for (int i = 0; i < things; i++) {
        int tw = (int)(uni(s, 60, 380) * k), th = (int)(uni(s, 40, 300) * k);
        int x0 = (int)uni(s, -tw / 2.0, w), y0 = (int)uni(s, -th / 2.0, h);
        unsigned kind = next(s) % 4;
        float v =
            kind == 1 ? (float)uni(s, 0.03, 0.15) : (float)uni(s, 0.2, 0.85);
        rect(r, w, h, x0, y0, x0 + tw, y0 + th, v);
        if (kind == 0) { /* print */
            int lh = (int)(uni(s, 5, 12) * k) + 2;
            for (int ly = y0 + lh; ly + lh / 2 < y0 + th; ly += lh)
                for (int lx = x0 + 3; lx < x0 + tw - 3;) {
                    int word = (int)(uni(s, 4, 14) * k) + 2;
                    rect(r, w, h, lx, ly, lx + word, ly + lh / 2, v * 0.2f);
                    lx += word + (int)(4 * k) + 1;
                }
        } else if (kind == 2) { /* checks */
            int cell = (int)(uni(s, 4, 14) * k) + 2;
            for (int cy = 0; cy * cell < th; cy++)
                for (int cx = 0; cx * cell < tw; cx++)
                    if ((cx + cy) & 1)
                        rect(r, w, h, x0 + cx * cell, y0 + cy * cell,
                             x0 + (cx + 1) * cell, y0 + (cy + 1) * cell,
                             1.0f - v);
        }
    }
}

/* ---- the label through the camera ---- */

struct camera {
    double f, cx, cy; /* focal length and principal point, pixels */
    double r[3][3];   /* label plane to camera */
    double t[3];      /* the label's centre in camera space, mm */
    double n_t;       /* the plane's normal dotted with t */
    double dots_mm;   /* label dots per mm */
    int bw, bh;       /* label size in dots */
};

static void rotation(double roll, double yaw, double pitch, double r[3][3])
{
    double a = roll * PI / 180, b = pitch * PI / 180, c = yaw * PI / 180;
    double rz[3][3] = {{cos(a), -sin(a), 0}, {sin(a), cos(a), 0}, {0, 0, 1}};
    double rx[3][3] = {{1, 0, 0}, {0, cos(b), -sin(b)}, {0, sin(b), cos(b)}};
    double ry[3][3] = {{cos(c), 0, sin(c)}, {0, 1, 0}, {-sin(c), 0, cos(c)}};
    double m[3][3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            m[i][j] = 0;
            for (int k = 0; k < 3; k++)
                m[i][j] += rx[i][k] * ry[k][j];
        }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            r[i][j] = 0;
            for (int k = 0; k < 3; k++)
                r[i][j] += rz[i][k] * m[k][j];
        }
}

/* Where the ray through image point (x, y) meets the label, in dots;
 * false if it meets the plane behind the camera or not at all. */
static bool to_label(const struct camera *c, double x, double y, double *u,
                     double *v)
{
    double d[3] = {(x - c->cx) / c->f, (y - c->cy) / c->f, 1};
    double nd = c->r[0][2] * d[0] + c->r[1][2] * d[1] + c->r[2][2] * d[2];
    if (fabs(nd) < 1e-9)
        return false;
    double k = c->n_t / nd;
    if (k <= 0)
        return false;
    double q[3] = {k * d[0] - c->t[0], k * d[1] - c->t[1], k * d[2] - c->t[2]};
    double pu = c->r[0][0] * q[0] + c->r[1][0] * q[1] + c->r[2][0] * q[2];
    double pv = c->r[0][1] * q[0] + c->r[1][1] * q[1] + c->r[2][1] * q[2];
    *u = pu * c->dots_mm + c->bw / 2.0;
    *v = pv * c->dots_mm + c->bh / 2.0;
    return true;
}

/* The image point of label point (u, v) in dots. */
static void to_image(const struct camera *c, double u, double v, double *x,
                     double *y)
{
    double pu = (u - c->bw / 2.0) / c->dots_mm,
           pv = (v - c->bh / 2.0) / c->dots_mm;
    double p[3];
    for (int i = 0; i < 3; i++)
        p[i] = c->r[i][0] * pu + c->r[i][1] * pv + c->t[i];
    *x = c->cx + c->f * p[0] / p[2];
    *y = c->cy + c->f * p[1] / p[2];
}

/* Replace the desk's reflectances by the label's where it covers them,
 * averaging SUB x SUB samples a pixel. */
static void project(float *r, int w, int h, const struct label_image *label,
                    const struct camera *c)
{
    const struct bitmap1 *bm = &label->bitmap;
    double x0 = w, y0 = h, x1 = 0, y1 = 0;
    for (int k = 0; k < 4; k++) {
        double x, y;
        to_image(c, k & 1 ? bm->width : 0, k & 2 ? bm->height : 0, &x, &y);
        x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
    }
    int px0 = x0 < 1 ? 0 : (int)x0 - 1, py0 = y0 < 1 ? 0 : (int)y0 - 1;
    int px1 = x1 + 2 > w ? w : (int)x1 + 2, py1 = y1 + 2 > h ? h : (int)y1 + 2;
    for (int py = py0; py < py1; py++)
        for (int px = px0; px < px1; px++) {
            int on = 0, ink = 0;
            for (int sy = 0; sy < SUB; sy++)
                for (int sx = 0; sx < SUB; sx++) {
                    double u, v;
                    if (!to_label(c, px + (sx + 0.5) / SUB,
                                  py + (sy + 0.5) / SUB, &u, &v) ||
                        u < 0 || v < 0 || u >= bm->width || v >= bm->height)
                        continue;
                    on++;
                    ink += bitmap1_get(bm, (int)u, (int)v);
                }
            if (!on)
                continue;
            float *p = &r[(size_t)py * w + px];
            *p = (float)((*p * (float)(SUB * SUB - on) + PAPER * (on - ink) +
                          INK * ink) /
                         (SUB * SUB));
        }
}

/* ---- light, optics, sensor ---- */

static double smooth(double e0, double e1, double x)
{
    double t = (x - e0) / (e1 - e0);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return t * t * (3 - 2 * t);
}

/* Light falling on the scene: `exposure`, a soft-edged shadow across the
 * picture on a line the seed chooses, and darker corners. */
static void light(float *r, int w, int h, double exposure, double shade,
                  uint32_t *s)
{
    double a = uni(s, 0, 2 * PI), nx = cos(a), ny = sin(a);
    double off = uni(s, -0.3, 0.3) * w, soft = 0.12 * w;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double dx = x - w / 2.0, dy = y - h / 2.0;
            double in_shadow = smooth(-soft, soft, dx * nx + dy * ny - off);
            double corner = (dx * dx + dy * dy) / (w * w / 4.0 + h * h / 4.0);
            double l = exposure * (1 - 0.6 * shade * in_shadow) *
                       (1 - 0.4 * shade * corner);
            r[(size_t)y * w + x] *= (float)l;
        }
}

/* A box blur of radius `rad`, rows then columns. */
static int box_blur(float *r, int w, int h, int rad)
{
    if (rad <= 0)
        return 0;
    int n = w > h ? w : h;
    float *line = malloc(sizeof(float) * (size_t)n);
    if (!line)
        return -1;
    for (int pass = 0; pass < 2; pass++) {
        int len = pass ? h : w, lines = pass ? w : h;
        size_t step = pass ? (size_t)w : 1, across = pass ? 1 : (size_t)w;
        for (int l = 0; l < lines; l++) {
            float *p = r + (size_t)l * across;
            for (int i = 0; i < len; i++)
                line[i] = p[(size_t)i * step];
            for (int i = 0; i < len; i++) {
                double sum = 0;
                for (int k = -rad; k <= rad; k++) {
                    int j = i + k < 0 ? 0 : i + k >= len ? len - 1 : i + k;
                    sum += line[j];
                }
                p[(size_t)i * step] = (float)(sum / (2 * rad + 1));
            }
        }
    }
    free(line);
    return 0;
}

/* ---- files ---- */

static int write_png(const char *path, const uint8_t *px, int w, int h,
                     struct ck_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return ck_fail(err, CK_EIO, "Cannot write %s.", path);
    png_structp png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int rc = CK_OK;
    if (!info || setjmp(png_jmpbuf(png))) {
        rc = ck_fail(err, CK_EIO, "Cannot write the PNG %s.", path);
        goto out;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
                 PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < h; y++)
        png_write_row(png, px + (size_t)y * w);
    png_write_end(png, NULL);
out:
    png_destroy_write_struct(&png, &info);
    if (fclose(f) && rc == CK_OK)
        rc = ck_fail(err, CK_EIO, "Cannot write %s.", path);
    return rc;
}

struct jpeg_failure {
    struct jpeg_error_mgr mgr;
    jmp_buf back;
};

static void jpeg_failed(j_common_ptr cinfo)
{
    longjmp(((struct jpeg_failure *)cinfo->err)->back, 1);
}

static int write_jpeg(const char *path, const uint8_t *px, int w, int h,
                      int quality, struct ck_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return ck_fail(err, CK_EIO, "Cannot write %s.", path);
    struct jpeg_compress_struct c;
    struct jpeg_failure fail;
    c.err = jpeg_std_error(&fail.mgr);
    fail.mgr.error_exit = jpeg_failed;
    int rc = CK_OK;
    if (setjmp(fail.back)) {
        rc = ck_fail(err, CK_EIO, "Cannot write the JPEG %s.", path);
        goto out;
    }
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, f);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 1;
    c.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = (JSAMPROW)(px + (size_t)c.next_scanline * w);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
out:
    jpeg_destroy_compress(&c);
    if (fclose(f) && rc == CK_OK)
        rc = ck_fail(err, CK_EIO, "Cannot write %s.", path);
    return rc;
}

int photo_like_write(const struct label_image *label,
                     const struct photo_look *look, uint32_t seed,
                     const char *path, struct ck_error *err)
{
    int w = look->width, h = look->height;
    uint32_t s = seed * 2654435761u | 1;
    float *r = malloc(sizeof(float) * (size_t)w * (size_t)h);
    uint8_t *px = malloc((size_t)w * (size_t)h);
    int rc = CK_OK;
    if (!r || !px) {
        rc =
            ck_fail(err, CK_ENOMEM, "Out of memory for a %dx%d picture.", w, h);
        goto out;
    }
    desk(r, w, h, &s);

    /* The look, moved a little by the seed. */
    double size = look->size * uni(&s, 0.95, 1.05);
    double roll = look->roll + uni(&s, -4, 4);
    double yaw = look->yaw + uni(&s, -4, 4),
           pitch = look->pitch + uni(&s, -4, 4);
    double cx = look->cx + uni(&s, -0.05, 0.05),
           cy = look->cy + uni(&s, -0.05, 0.05);

    struct camera c;
    c.f = h;
    c.cx = w / 2.0;
    c.cy = h / 2.0;
    c.bw = label->bitmap.width;
    c.bh = label->bitmap.height;
    c.dots_mm = label->dpi / 25.4;
    double long_mm = (c.bw > c.bh ? c.bw : c.bh) / c.dots_mm;
    double z = long_mm / size; /* c.f * long_mm / z == size * h */
    c.t[0] = cx * (w / 2.0) * z / c.f;
    c.t[1] = cy * (h / 2.0) * z / c.f;
    c.t[2] = z;
    rotation(roll, yaw, pitch, c.r);
    c.n_t = c.r[0][2] * c.t[0] + c.r[1][2] * c.t[1] + c.r[2][2] * c.t[2];
    project(r, w, h, label, &c);

    light(r, w, h, look->exposure, look->shade, &s);
    if (box_blur(r, w, h, look->blur)) {
        rc = ck_fail(err, CK_ENOMEM, "Out of memory blurring a picture.");
        goto out;
    }
    for (size_t i = 0; i < (size_t)w * h; i++) {
        double noise =
            look->noise ? uni(&s, -look->noise, look->noise + 1.0) : 0;
        px[i] = clamp8(r[i] * 280.0 + noise);
    }
    rc = look->jpeg_quality > 0
             ? write_jpeg(path, px, w, h, look->jpeg_quality, err)
             : write_png(path, px, w, h, err);
out:
    free(r);
    free(px);
    return rc;
}
