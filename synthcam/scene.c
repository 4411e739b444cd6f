/* Realistic still frames for the decoder benchmark (see synth_scene.h):
 * a cluttered background, then each code's surface (phone or paper)
 * projected through a homography (or a cylinder for curved paper) and
 * sampled 2x2 per pixel, then the optics and the sensor.  Not for the
 * station's synthetic camera (synth.c) and not a model of a real lens. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "checkin/synth_scene.h"

#define PI 3.14159265358979323846
#define QUIET 4 /* modules of quiet zone */

static const char *const NAMES[SCENE_CONDITIONS] = {
    "plain",        "screen-dim",     "screen-bright", "screen-glare",
    "screen-moire", "screen-cracked", "paper-creased", "paper-curved",
    "tilt-45",      "perspective-30", "small-8pct",    "large-40pct",
    "motion-blur",  "defocus",        "low-light",     "inverted",
    "two-codes",
};

const char *synth_condition_name(enum synth_condition c)
{
    return (unsigned)c < SCENE_CONDITIONS ? NAMES[c] : NULL;
}

size_t synth_condition_codes(enum synth_condition c)
{
    return c == SCENE_TWO_CODES ? 2 : 1;
}

/* ---- random numbers (splitmix32-like: fixed, portable) ---- */

static uint32_t next_rand(uint32_t *s)
{
    uint32_t z = (*s += 0x9e3779b9u);
    z = (z ^ (z >> 16)) * 0x85ebca6bu;
    z = (z ^ (z >> 13)) * 0xc2b2ae35u;
    return z ^ (z >> 16);
}

/* Uniform in [a, b). */
static double uni(uint32_t *s, double a, double b)
{
    return a + (b - a) * (next_rand(s) >> 8) / 16777216.0;
}

/* About normal, mean 0, deviation 1 (sum of four uniforms). */
static double gauss(uint32_t *s)
{
    double v = 0;
    for (int i = 0; i < 4; i++)
        v += (next_rand(s) >> 8) / 16777216.0;
    return (v - 2.0) * 1.7320508;
}

static uint8_t clamp8(double v)
{
    return v <= 0 ? 0 : v >= 255 ? 255 : (uint8_t)(v + 0.5);
}

/* ---- the background ---- */

static void fill_rect(uint8_t *px, int w, int h, int x0, int y0, int x1, int y1,
                      uint8_t v)
{
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > w ? w : x1;
    y1 = y1 > h ? h : y1;
    for (int y = y0; y < y1; y++)
        if (x1 > x0)
            memset(px + (size_t)y * w + x0, v, (size_t)(x1 - x0));
}

/* A desk and a hall behind it: a lighting gradient, then boxes, printed
 * text, lines and checkered objects (keyboards, patterned clothes) that
 * give a finder-pattern search many edges to look at. */
static void draw_clutter(uint8_t *px, int w, int h, uint32_t *rng)
{
    double gx = uni(rng, -60, 60), gy = uni(rng, -50, 50),
           base = uni(rng, 110, 160);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            px[(size_t)y * w + x] = clamp8(base + gx * ((double)x / w - 0.5) +
                                           gy * ((double)y / h - 0.5));
    double sc = h / 720.0;
    int boxes = 18 + (int)(next_rand(rng) % 12);
    for (int i = 0; i < boxes; i++) {
        int bw = (int)(uni(rng, 30, 320) * sc),
            bh = (int)(uni(rng, 20, 260) * sc);
        int x0 = (int)uni(rng, -bw / 2.0, w), y0 = (int)uni(rng, -bh / 2.0, h);
        uint8_t v = (uint8_t)uni(rng, 25, 235);
        fill_rect(px, w, h, x0, y0, x0 + bw, y0 + bh, v);
        switch (next_rand(rng) % 4) {
        case 0: { /* printed text: dark dashes in rows */
            int lh = (int)(uni(rng, 6, 14) * sc) + 2;
            for (int ly = y0 + lh; ly + lh / 2 < y0 + bh; ly += lh)
                for (int lx = x0 + 4; lx < x0 + bw - 4;) {
                    int word = (int)(uni(rng, 3, 12) * sc) + 2;
                    fill_rect(px, w, h, lx, ly, lx + word, ly + lh / 2,
                              (uint8_t)(v > 128 ? v - 110 : v + 100));
                    lx += word + (int)(3 * sc) + 1;
                }
            break;
        }
        case 1: { /* a checkered object */
            int cell = (int)(uni(rng, 4, 16) * sc) + 2;
            for (int cy = 0; cy * cell < bh; cy++)
                for (int cx = 0; cx * cell < bw; cx++)
                    if ((cx + cy) & 1)
                        fill_rect(px, w, h, x0 + cx * cell, y0 + cy * cell,
                                  x0 + (cx + 1) * cell, y0 + (cy + 1) * cell,
                                  (uint8_t)(255 - v));
            break;
        }
        default:
            break;
        }
    }
    int lines = 6 + (int)(next_rand(rng) % 8);
    for (int i = 0; i < lines; i++) {
        double x = uni(rng, 0, w), y = uni(rng, 0, h), a = uni(rng, 0, PI);
        double len = uni(rng, 0.2, 0.8) * w;
        int thick = 1 + (int)(next_rand(rng) % 3);
        uint8_t v = (uint8_t)uni(rng, 10, 245);
        for (double t = 0; t < len; t += 0.7) {
            int xx = (int)(x + t * cos(a)), yy = (int)(y + t * sin(a));
            fill_rect(px, w, h, xx, yy, xx + thick, yy + thick, v);
        }
    }
}

/* ---- a code's surface and its placement ---- */

enum surface_kind { PHONE, PAPER };

struct surface {
    QRcode *qr;
    enum surface_kind kind;
    double dark, light; /* module levels before lighting */
    double margin;      /* surface beyond the quiet zone, modules */
    double bezel;       /* phone: dark rim beyond the margin, modules */
    /* homography from frame pixels to surface coordinates (modules, the
     * code's centre at 0, 0) */
    double hinv[9];
    double curve_r; /* curved paper: cylinder radius (modules), 0 flat */
    double crease_a, crease_c; /* creased: the fold line's normal, offset */
    bool creased;
    double glare_x, glare_y, glare_r, glare_gain; /* surface coords */
    int cracks;
    double crack[6][3];        /* line normal angle cosine, sine, offset */
    double moire_fx, moire_fy; /* moiré: cycles per frame pixel */
    int x0, y0, x1, y1;        /* bounding box in the frame */
};

static void mat3_inverse(const double m[9], double out[9])
{
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6],
           h = m[7], i = m[8];
    double A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
    double det = a * A + b * B + c * C;
    out[0] = A / det;
    out[1] = -(b * i - c * h) / det;
    out[2] = (b * f - c * e) / det;
    out[3] = B / det;
    out[4] = (a * i - c * g) / det;
    out[5] = -(a * f - c * d) / det;
    out[6] = C / det;
    out[7] = -(a * h - b * g) / det;
    out[8] = (a * e - b * d) / det;
}

/* Place the surface: the code (quiet zone included) `side_px` high,
 * centred at (cx, cy), rolled by `roll` in the image, turned by `yaw` and
 * `pitch` (radians) away from a camera of focal length `f` pixels. */
static void place(struct surface *s, double side_px, double cx, double cy,
                  double roll, double yaw, double pitch, double f, int w, int h)
{
    double m = side_px / (s->qr->width + 2 * QUIET); /* px per module */
    double cr = cos(roll), sr = sin(roll), cyw = cos(yaw), syw = sin(yaw),
           cp = cos(pitch), sp = sin(pitch);
    /* R = Rz(roll) * Ry(yaw) * Rx(pitch); its first two columns. */
    double r1[3] = {cr * cyw, sr * cyw, -syw};
    double r2[3] = {cr * syw * sp - sr * cp, sr * syw * sp + cr * cp, cyw * sp};
    double z0 = f; /* at depth f, one module is m pixels at the centre */
    double H[9] = {
        f * r1[0] * m + cx * r1[2] * m,
        f * r2[0] * m + cx * r2[2] * m,
        cx * z0,
        f * r1[1] * m + cy * r1[2] * m,
        f * r2[1] * m + cy * r2[2] * m,
        cy * z0,
        r1[2] * m,
        r2[2] * m,
        z0,
    };
    mat3_inverse(H, s->hinv);
    double e = s->qr->width / 2.0 + QUIET + s->margin + s->bezel;
    double bx0 = 1e9, by0 = 1e9, bx1 = -1e9, by1 = -1e9;
    for (int k = 0; k < 4; k++) {
        double u = k & 1 ? e : -e, v = k & 2 ? e : -e;
        double X = H[0] * u + H[1] * v + H[2], Y = H[3] * u + H[4] * v + H[5],
               Z = H[6] * u + H[7] * v + H[8];
        X /= Z;
        Y /= Z;
        bx0 = X < bx0 ? X : bx0;
        by0 = Y < by0 ? Y : by0;
        bx1 = X > bx1 ? X : bx1;
        by1 = Y > by1 ? Y : by1;
    }
    s->x0 = bx0 < 0 ? 0 : (int)bx0;
    s->y0 = by0 < 0 ? 0 : (int)by0;
    s->x1 = bx1 > w - 1 ? w : (int)bx1 + 2;
    s->y1 = by1 > h - 1 ? h : (int)by1 + 2;
}

/* The surface's brightness at surface point (u, v) seen at frame pixel
 * (x, y), or -1 where the surface is not. */
static double surface_at(const struct surface *s, double u, double v, double x,
                         double y)
{
    double half = s->qr->width / 2.0;
    double shade = 1;
    if (s->curve_r > 0) {
        double t = u / s->curve_r;
        if (t <= -1 || t >= 1)
            return -1;
        u = s->curve_r * asin(t);
        shade = 1 - 0.45 * t * t;
    }
    if (s->creased) {
        double d = s->crease_a * u + sqrt(1 - s->crease_a * s->crease_a) * v -
                   s->crease_c;
        if (d > 0) {
            u += 0.35 * s->crease_a; /* the fold shifts the far side */
            shade *= 0.72 + 0.2 * (1 - exp(-d / 3));
        } else {
            shade *= 1 + 0.12 * exp(d / 0.8);
        }
    }
    double e = half + QUIET + s->margin;
    double ab = fabs(u) > fabs(v) ? fabs(u) : fabs(v);
    if (ab >= e + s->bezel)
        return -1;
    if (ab >= e)
        return 18; /* phone bezel */
    double val = s->light;
    int mu = (int)floor(u + half), mv = (int)floor(v + half);
    if (mu >= 0 && mv >= 0 && mu < s->qr->width && mv < s->qr->width &&
        (s->qr->data[mv * s->qr->width + mu] & 1))
        val = s->dark;
    val *= shade;
    if (s->moire_fx != 0)
        val *= 1 + 0.16 * sin(2 * PI * (s->moire_fx * x + s->moire_fy * y)) *
                       sin(2 * PI * 0.49 * (x + y));
    for (int k = 0; k < s->cracks; k++) {
        double d = s->crack[k][0] * u + s->crack[k][1] * v - s->crack[k][2];
        if (fabs(d) < 0.12)
            val = 235;
    }
    if (s->glare_gain > 0) {
        double dx = u - s->glare_x, dy = v - s->glare_y;
        val += s->glare_gain *
               exp(-(dx * dx + dy * dy) / (2 * s->glare_r * s->glare_r));
    }
    return val;
}

static void render_surface(const struct surface *s, uint8_t *px, int w)
{
    const double *hi = s->hinv;
    for (int y = s->y0; y < s->y1; y++)
        for (int x = s->x0; x < s->x1; x++) {
            double acc = 0;
            int inside = 0;
            for (int k = 0; k < 4; k++) {
                double fx = x + 0.25 + 0.5 * (k & 1),
                       fy = y + 0.25 + 0.5 * (k >> 1);
                double Z = hi[6] * fx + hi[7] * fy + hi[8];
                double u = (hi[0] * fx + hi[1] * fy + hi[2]) / Z,
                       v = (hi[3] * fx + hi[4] * fy + hi[5]) / Z;
                double val = surface_at(s, u, v, fx, fy);
                if (val >= 0) {
                    acc += val;
                    inside++;
                }
            }
            if (!inside)
                continue;
            uint8_t *p = px + (size_t)y * w + x;
            *p = clamp8((acc + (4 - inside) * *p) / 4);
        }
}

/* ---- optics and sensor ---- */

/* Box blur of radius r along rows, then columns. */
static int box_blur(uint8_t *px, int w, int h, int r)
{
    if (r <= 0)
        return 0;
    int n = w > h ? w : h;
    uint32_t *line = malloc(((size_t)n + 1) * sizeof(*line));
    if (!line)
        return -1;
    for (int pass = 0; pass < 2; pass++) {
        int len = pass ? h : w, lines = pass ? w : h;
        size_t step = pass ? (size_t)w : 1, lstep = pass ? 1 : (size_t)w;
        for (int l = 0; l < lines; l++) {
            uint8_t *p = px + l * lstep;
            line[0] = 0;
            for (int i = 0; i < len; i++)
                line[i + 1] = line[i] + p[i * step];
            for (int i = 0; i < len; i++) {
                int a = i - r < 0 ? 0 : i - r,
                    b = i + r + 1 > len ? len : i + r + 1;
                p[i * step] =
                    (uint8_t)((line[b] - line[a]) / (uint32_t)(b - a));
            }
        }
    }
    free(line);
    return 0;
}

/* Motion blur: the mean of `len` pixels along (dx, dy). */
static int motion_blur(uint8_t *px, int w, int h, int len, int dx, int dy)
{
    uint8_t *src = malloc((size_t)w * h);
    if (!src)
        return -1;
    memcpy(src, px, (size_t)w * h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int sum = 0, n = 0;
            for (int k = -len / 2; k < len - len / 2; k++) {
                int xx = x + k * dx, yy = y + k * dy;
                if (xx < 0 || yy < 0 || xx >= w || yy >= h)
                    continue;
                sum += src[(size_t)yy * w + xx];
                n++;
            }
            px[(size_t)y * w + x] = (uint8_t)(sum / n);
        }
    free(src);
    return 0;
}

/* Exposure, vignetting and sensor noise (deviation `sigma` levels). */
static void expose(uint8_t *px, int w, int h, double gain, double offset,
                   double sigma, uint32_t *rng)
{
    double cx = w / 2.0, cy = h / 2.0, r2 = cx * cx + cy * cy;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double d = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / r2;
            uint8_t *p = px + (size_t)y * w + x;
            *p = clamp8(*p * gain * (1 - 0.25 * d) + offset +
                        sigma * gauss(rng));
        }
}

/* ---- one frame ---- */

static int setup_surface(struct surface *s, enum synth_condition c,
                         const char *text, double cx, double cy, double frac,
                         int w, int h, uint32_t *rng)
{
    memset(s, 0, sizeof(*s));
    s->qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!s->qr)
        return -1;
    bool phone = c >= SCENE_SCREEN_DIM && c <= SCENE_SCREEN_CRACKED;
    if (c == SCENE_PAPER_CREASED || c == SCENE_PAPER_CURVED)
        phone = false;
    else if (!phone)
        phone = next_rand(rng) & 1;
    s->kind = phone ? PHONE : PAPER;
    if (phone) {
        s->dark = uni(rng, 20, 45);
        s->light = uni(rng, 205, 240);
        s->margin = uni(rng, 1, 4);
        s->bezel = uni(rng, 2, 5);
    } else {
        s->dark = uni(rng, 30, 60);
        s->light = uni(rng, 195, 225);
        s->margin = uni(rng, 2, 10);
    }
    double roll = uni(rng, -12, 12) * PI / 180,
           yaw = uni(rng, -8, 8) * PI / 180, pitch = uni(rng, -8, 8) * PI / 180;
    switch (c) {
    case SCENE_SCREEN_DIM:
        s->dark = uni(rng, 95, 115);
        s->light = s->dark + uni(rng, 35, 55);
        break;
    case SCENE_SCREEN_BRIGHT:
        s->dark = uni(rng, 60, 90);
        s->light = 300; /* clipped */
        break;
    case SCENE_SCREEN_GLARE:
        s->glare_x = uni(rng, -0.3, 0.3) * s->qr->width;
        s->glare_y = uni(rng, -0.3, 0.3) * s->qr->width;
        s->glare_r = uni(rng, 0.1, 0.2) * s->qr->width;
        s->glare_gain = uni(rng, 120, 200);
        break;
    case SCENE_SCREEN_MOIRE: {
        double a = uni(rng, 0, PI), fq = uni(rng, 0.02, 0.05);
        s->moire_fx = fq * cos(a);
        s->moire_fy = fq * sin(a);
        break;
    }
    case SCENE_SCREEN_CRACKED:
        s->cracks = 3 + (int)(next_rand(rng) % 4);
        for (int k = 0; k < s->cracks; k++) {
            double a = uni(rng, 0, PI);
            s->crack[k][0] = cos(a);
            s->crack[k][1] = sin(a);
            s->crack[k][2] = uni(rng, -0.4, 0.4) * s->qr->width;
        }
        break;
    case SCENE_PAPER_CREASED:
        s->creased = true;
        s->crease_a = uni(rng, -0.9, 0.9);
        s->crease_c = uni(rng, -0.25, 0.25) * s->qr->width;
        break;
    case SCENE_PAPER_CURVED:
        s->curve_r =
            (s->qr->width / 2.0 + QUIET + s->margin) * uni(rng, 1.05, 1.4);
        break;
    case SCENE_TILT_45:
        roll = uni(rng, 30, 45) * PI / 180 * (next_rand(rng) & 1 ? 1 : -1);
        break;
    case SCENE_PERSPECTIVE_30: {
        double t = uni(rng, 22, 30) * PI / 180 * (next_rand(rng) & 1 ? 1 : -1);
        if (next_rand(rng) & 1)
            yaw = t;
        else
            pitch = t;
        break;
    }
    case SCENE_INVERTED: {
        double d = s->dark;
        s->dark = s->light;
        s->light = d;
        break;
    }
    default:
        break;
    }
    double focal = w * 1.1;
    place(s, frac * h, cx, cy, roll, yaw, pitch, focal, w, h);
    return 0;
}

int synth_scene_draw(enum synth_condition c, uint32_t seed,
                     const char *const *texts, uint8_t *px, int w, int h,
                     struct ck_error *err)
{
    if ((unsigned)c >= SCENE_CONDITIONS)
        return ck_fail(err, CK_EINVAL, "Unknown synthetic scene condition %d.",
                       (int)c);
    if (w < 64 || h < 64 || w > 8192 || h > 8192)
        return ck_fail(err, CK_EINVAL,
                       "A synthetic scene needs a size of 64x64 to "
                       "8192x8192, not %dx%d.",
                       w, h);
    uint32_t rng = seed * 2654435761u + (uint32_t)c * 40503u + 1;
    draw_clutter(px, w, h, &rng);
    size_t n = synth_condition_codes(c);
    struct surface s[2];
    memset(s, 0, sizeof(s));
    int rc = CK_OK;
    for (size_t i = 0; i < n; i++) {
        double frac = c == SCENE_SMALL   ? uni(&rng, 0.08, 0.10)
                      : c == SCENE_LARGE ? uni(&rng, 0.36, 0.40)
                                         : uni(&rng, 0.15, 0.30);
        if (n == 2)
            frac = uni(&rng, 0.15, 0.24);
        double side = frac * h;
        /* Keep the code in view; two codes take one half each. */
        double lo = side * 0.8, hi = (n == 2 ? w / 2.0 : w) - side * 0.8;
        double cx = (hi > lo ? uni(&rng, lo, hi) : w / 2.0) + (i ? w / 2.0 : 0);
        double cy = h - side * 0.8 > side * 0.8
                        ? uni(&rng, side * 0.8, h - side * 0.8)
                        : h / 2.0;
        if (setup_surface(&s[i], c, texts[i], cx, cy, frac, w, h, &rng)) {
            rc = ck_fail(err, CK_EINVAL,
                         "Payload %zu does not fit a QR code; give a "
                         "shorter one.",
                         i + 1);
            goto out;
        }
        render_surface(&s[i], px, w);
    }
    double sc = h / 720.0;
    int r = (int)(uni(&rng, 0, 1.2) * sc + 0.5);
    if (c == SCENE_DEFOCUS)
        r = (int)(uni(&rng, 1.2, 2.2) * sc + 0.5);
    if (c == SCENE_SCREEN_BRIGHT && r < 1)
        r = 1; /* bloom */
    if (box_blur(px, w, h, r) || (c == SCENE_DEFOCUS && box_blur(px, w, h, r)))
        goto nomem;
    if (c == SCENE_MOTION_BLUR) {
        static const int DIR[4][2] = {{1, 0}, {0, 1}, {1, 1}, {1, -1}};
        int d = (int)(next_rand(&rng) % 4);
        int len = (int)(uni(&rng, 3, 6) * sc + 0.5) + 1;
        if (motion_blur(px, w, h, len, DIR[d][0], DIR[d][1]))
            goto nomem;
    }
    if (c == SCENE_LOW_LIGHT)
        expose(px, w, h, uni(&rng, 0.18, 0.28), 6, uni(&rng, 6, 9), &rng);
    else
        expose(px, w, h, 1, 0, uni(&rng, 1.5, 3.5), &rng);
    goto out;
nomem:
    rc = ck_fail(err, CK_ENOMEM, "Out of memory for a synthetic scene.");
out:
    for (size_t i = 0; i < n; i++)
        QRcode_free(s[i].qr);
    return rc;
}

void synth_scene_payload(int i, uint32_t *st, char *out)
{
    static const char AN[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    static const char LINK[] = "abcdefghijkmnopqrstuvwxyz23456789";
    size_t n = 0;
    if (i % 2 == 0) {
        for (; n < 118; n++) {
            *st = *st * 1664525u + 1013904223u;
            out[n] = AN[(*st >> 8) % (sizeof(AN) - 1)];
        }
    } else {
        const char *pre = "https://tix.example.org/c/";
        n = strlen(pre);
        memcpy(out, pre, n);
        for (int k = 0; k < 20; k++, n++) {
            *st = *st * 1664525u + 1013904223u;
            out[n] = LINK[(*st >> 8) % (sizeof(LINK) - 1)];
        }
    }
    out[n] = '\0';
}
