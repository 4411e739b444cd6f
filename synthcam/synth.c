/* Synthetic camera frames (see synth.h): a phone or a sheet of paper is
 * drawn once per shot into a texture at TEXEL texels per module, then
 * mapped into each frame through a rotation and a perspective tilt
 * (one homography), sampled bilinearly once per pixel, over a fixed
 * picture of the empty desk; then box blur and sensor noise.  Not for
 * real images (image.c) or devices (source_*.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/synth.h"

#define TEXEL 4       /* texels per module in a surface texture */
#define NOISE_N 65536 /* entries of the sensor noise table */
#define DEFAULT_SEED 0x5eedc0deu
#define PI 3.14159265358979323846

/* ---- random numbers (xorshift32: fixed, portable, fast) ---- */

static uint32_t next_rand(uint32_t *s)
{
    uint32_t x = *s ? *s : DEFAULT_SEED;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

/* -n..n, roughly bell-shaped (the sum of two uniforms). */
static int rand_pm(uint32_t *s, int n)
{
    int a = (int)(next_rand(s) % (unsigned)(n + 1));
    int b = (int)(next_rand(s) % (unsigned)(n + 1));
    return a - b;
}

static uint8_t clamp8(double v)
{
    return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)(v + 0.5);
}

/* ---- the surface a code is shown on ---- */

/* Value, coverage, and value times coverage, one byte each per texel. */
struct texture {
    uint8_t *v, *a, *pv;
    int w, h;
};

static void texture_free(struct texture *t)
{
    free(t->v);
    free(t->a);
    free(t->pv);
    memset(t, 0, sizeof(*t));
}

static void fill_rect(struct texture *t, int x0, int y0, int x1, int y1,
                      uint8_t v)
{
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > t->w ? t->w : x1;
    y1 = y1 > t->h ? t->h : y1;
    for (int y = y0; y < y1; y++)
        memset(t->v + (size_t)y * t->w + x0, v,
               (size_t)(x1 > x0 ? x1 - x0 : 0));
}

/* Whether (x, y) is inside the w x h rectangle with corners of radius r. */
static bool in_rounded(int x, int y, int w, int h, int r)
{
    int cx = x < r ? r : x >= w - r ? w - r - 1 : x;
    int cy = y < r ? r : y >= h - r ? h - r - 1 : y;
    long dx = x - cx, dy = y - cy;
    return dx * dx + dy * dy <= (long)r * r;
}

/* Lines of "words": dark dashes of varying length, as text looks out of
 * focus to a camera. */
static void text_lines(struct texture *t, int x0, int x1, int y0, int lines,
                       int line_h, uint8_t ink, uint32_t *rng)
{
    for (int l = 0; l < lines; l++) {
        int y = y0 + l * line_h * 2;
        int end = x1 - (int)(next_rand(rng) % (unsigned)((x1 - x0) / 3 + 1));
        for (int x = x0; x < end;) {
            int word = line_h * (2 + (int)(next_rand(rng) % 5));
            if (x + word > end)
                word = end - x;
            fill_rect(t, x, y, x + word, y + line_h, ink);
            x += word + line_h;
        }
    }
}

/* Copy the code's modules into the texture at (x0, y0), `dark` for dark
 * modules; light modules are left as they are. */
static void put_code(struct texture *t, const struct gray_frame *code, int x0,
                     int y0, uint8_t dark)
{
    for (int my = 0; my < code->height; my++)
        for (int mx = 0; mx < code->width; mx++)
            if (code->pixels[(size_t)my * code->stride + mx] < 128)
                fill_rect(t, x0 + mx * TEXEL, y0 + my * TEXEL,
                          x0 + (mx + 1) * TEXEL, y0 + (my + 1) * TEXEL, dark);
}

static int texture_alloc(struct texture *t, int w, int h)
{
    t->w = w;
    t->h = h;
    t->v = malloc((size_t)w * h);
    t->a = malloc((size_t)w * h);
    t->pv = malloc((size_t)w * h);
    if (!t->v || !t->a || !t->pv) {
        texture_free(t);
        return CK_ENOMEM;
    }
    memset(t->a, 255, (size_t)w * h);
    return CK_OK;
}

/* A phone: dark bezel with rounded corners, a white screen with an app
 * bar, the code and a few lines of text, and a glare band across it. */
static int make_phone(struct texture *t, const struct gray_frame *code,
                      uint32_t seed)
{
    int qw = code->width * TEXEL, qh = code->height * TEXEL;
    int sw = qw + 4 * TEXEL, sh = sw * 19 / 10;
    int bz = sw / 16 + 2, top = bz * 3;
    if (texture_alloc(t, sw + 2 * bz, sh + top + 2 * bz))
        return CK_ENOMEM;
    uint32_t rng = seed;
    fill_rect(t, 0, 0, t->w, t->h, 22);
    fill_rect(t, bz, top, bz + sw, top + sh, 244);
    fill_rect(t, bz, top, bz + sw, top + sh / 11, 70); /* app bar */
    fill_rect(t, bz + sw / 12, top + sh / 30, bz + sw / 2, top + sh / 17, 200);
    int qx = bz + (sw - qw) / 2, qy = top + sh / 11 + sh / 12;
    put_code(t, code, qx, qy, 18);
    text_lines(t, bz + sw / 10, bz + sw - sw / 10, qy + qh + TEXEL * 2, 3,
               TEXEL + 2, 150, &rng);
    /* Glare: a soft diagonal band plus a gradient, strongest on the dark
     * modules (a reflection adds light to every pixel alike). */
    double band = 0.25 + 0.5 * (next_rand(&rng) % 100) / 100.0;
    for (int y = 0; y < t->h; y++) {
        for (int x = 0; x < t->w; x++) {
            size_t i = (size_t)y * t->w + x;
            double u = (double)x / t->w, v = (double)y / t->h;
            double d = (u * 0.8 + v * 0.6) - band - 0.3;
            double g = 80 * exp(-d * d / 0.012) + 18 * (1 - u - v);
            double val = t->v[i] + g * (1 - t->v[i] / 300.0);
            t->v[i] = clamp8(val);
            if (!in_rounded(x, y, t->w, t->h, bz * 2))
                t->a[i] = 0;
        }
    }
    return CK_OK;
}

/* A printed confirmation: light gray paper with grain, lines of text
 * above and below the code. */
static int make_paper(struct texture *t, const struct gray_frame *code,
                      uint32_t seed)
{
    int qw = code->width * TEXEL, qh = code->height * TEXEL;
    int m = 6 * TEXEL;
    if (texture_alloc(t, qw + 2 * m, qh + 2 * m + 14 * TEXEL))
        return CK_ENOMEM;
    uint32_t rng = seed;
    fill_rect(t, 0, 0, t->w, t->h, 218);
    text_lines(t, m, t->w - m, TEXEL * 2, 3, TEXEL + 1, 95, &rng);
    int qy = 9 * TEXEL;
    put_code(t, code, m, qy, 30);
    text_lines(t, m, t->w - m, qy + qh + TEXEL, 2, TEXEL + 1, 95, &rng);
    for (size_t i = 0; i < (size_t)t->w * t->h; i++)
        t->v[i] = clamp8(t->v[i] + rand_pm(&rng, 6));
    return CK_OK;
}

static int make_texture(struct texture *t, const struct gray_frame *code,
                        enum synth_surface surface, uint32_t seed)
{
    int rc = surface == SYNTH_PHONE ? make_phone(t, code, seed)
                                    : make_paper(t, code, seed);
    if (rc)
        return rc;
    /* A transparent rim: sampling never reads outside the texture, and
     * the edge blends into the desk. */
    for (int y = 0; y < t->h; y++)
        for (int x = 0; x < t->w; x++)
            if (!x || !y || x == t->w - 1 || y == t->h - 1)
                t->a[(size_t)y * t->w + x] = 0;
    for (size_t i = 0; i < (size_t)t->w * t->h; i++)
        t->pv[i] = (uint8_t)((t->v[i] * t->a[i] + 127) / 255);
    return CK_OK;
}

/* ---- geometry ---- */

/* Where the texture goes in a frame: centre, rotation, perspective and
 * scale (frame pixels per texel). */
struct placement {
    double cx, cy, cosa, sina, k, s, tw, th;
};

static struct placement place(const struct synth_look *lk,
                              const struct texture *t, int fw, int fh,
                              double dx, double dy)
{
    struct placement p;
    double a = lk->angle_deg * PI / 180;
    double tilt = lk->tilt < -0.5 ? -0.5 : lk->tilt > 0.5 ? 0.5 : lk->tilt;
    double mod = lk->module_px < 1    ? 1
                 : lk->module_px > 12 ? 12
                                      : lk->module_px;
    p.s = mod / TEXEL;
    p.tw = t->w;
    p.th = t->h;
    p.cx = fw * (0.5 + lk->x) + dx;
    p.cy = fh * (0.5 + lk->y) + dy;
    p.cosa = cos(a);
    p.sina = sin(a);
    p.k = tilt / (p.s * t->h / 2);
    return p;
}

/* Texel (u, v) to frame (x, y). */
static void forward(const struct placement *p, double u, double v, double *x,
                    double *y)
{
    double X = p->s * (u - p->tw / 2), Y = p->s * (v - p->th / 2);
    double w = 1 + p->k * Y;
    X /= w;
    Y /= w;
    *x = p->cx + p->cosa * X - p->sina * Y;
    *y = p->cy + p->sina * X + p->cosa * Y;
}

/* Frame (x, y) to texel (u, v) as a homography: u = U / W, v = V / W,
 * each of U, V, W affine in x and y (the inverse of forward()). */
static void inverse_h(const struct placement *p, double x, double y, double *U,
                      double *V, double *W)
{
    double dx = x - p->cx, dy = y - p->cy;
    double X = p->cosa * dx + p->sina * dy, Y = -p->sina * dx + p->cosa * dy;
    double w = 1 - p->k * Y;
    *U = X + p->tw / 2 * p->s * w;
    *V = Y + p->th / 2 * p->s * w;
    *W = p->s * w;
}

struct box {
    int x0, y0, x1, y1;
};

/* Composite the texture into the frame, one bilinear sample per pixel
 * (at TEXEL texels a module a pixel spans about one texel, so module
 * edges come out as soft as a lens makes them); returns the pixels
 * touched. */
static struct box composite(const struct texture *t, const struct placement *p,
                            uint8_t *px, int fw, int fh)
{
    double xs[4], ys[4];
    forward(p, 0, 0, &xs[0], &ys[0]);
    forward(p, t->w, 0, &xs[1], &ys[1]);
    forward(p, 0, t->h, &xs[2], &ys[2]);
    forward(p, t->w, t->h, &xs[3], &ys[3]);
    double x0 = xs[0], x1 = xs[0], y0 = ys[0], y1 = ys[0];
    for (int i = 1; i < 4; i++) {
        x0 = fmin(x0, xs[i]);
        x1 = fmax(x1, xs[i]);
        y0 = fmin(y0, ys[i]);
        y1 = fmax(y1, ys[i]);
    }
    struct box b = {(int)fmax(0, floor(x0) - 1), (int)fmax(0, floor(y0) - 1),
                    (int)fmin(fw, ceil(x1) + 1), (int)fmin(fh, ceil(y1) + 1)};
    if (b.x1 < b.x0)
        b.x1 = b.x0;
    if (b.y1 < b.y0)
        b.y1 = b.y0;
    double umax = t->w - 0.5, vmax = t->h - 0.5, wmin = 0.05 * p->s;
    for (int y = b.y0; y < b.y1; y++) {
        double U, V, W, U1, V1, W1;
        inverse_h(p, b.x0 + 0.5, y + 0.5, &U, &V, &W);
        inverse_h(p, b.x0 + 1.5, y + 0.5, &U1, &V1, &W1);
        double dU = U1 - U, dV = V1 - V, dW = W1 - W;
        uint8_t *d = px + (size_t)y * fw + b.x0;
        for (int x = b.x0; x < b.x1; x++, d++, U += dU, V += dV, W += dW) {
            if (W <= wmin)
                continue; /* behind the horizon */
            double u = U / W, v = V / W;
            if (u < 0.5 || v < 0.5 || u >= umax || v >= vmax)
                continue;
            u -= 0.5;
            v -= 0.5;
            int iu = (int)u, iv = (int)v;
            double fx = u - iu, fy = v - iv;
            size_t k = (size_t)iv * t->w + iu;
            size_t k2 = k + (size_t)t->w;
            double w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy),
                   w01 = (1 - fx) * fy, w11 = fx * fy;
            double a = (t->a[k] * w00 + t->a[k + 1] * w10 + t->a[k2] * w01 +
                        t->a[k2 + 1] * w11) /
                       255;
            if (a <= 0)
                continue;
            /* `pv` is premultiplied by coverage. */
            double pv = t->pv[k] * w00 + t->pv[k + 1] * w10 + t->pv[k2] * w01 +
                        t->pv[k2 + 1] * w11;
            *d = clamp8(*d * (1 - a) + pv);
        }
    }
    return b;
}

/* Box blur of radius rx horizontally and ry vertically inside `b`. */
static int blur_box(uint8_t *px, int fw, struct box b, int rx, int ry)
{
    int w = b.x1 - b.x0, h = b.y1 - b.y0;
    if (w <= 0 || h <= 0 || (rx <= 0 && ry <= 0))
        return CK_OK;
    int n = w > h ? w : h;
    uint8_t *line = malloc((size_t)n);
    if (!line)
        return CK_ENOMEM;
    for (int y = b.y0; rx > 0 && y < b.y1; y++) {
        uint8_t *row = px + (size_t)y * fw + b.x0;
        memcpy(line, row, (size_t)w);
        for (int x = 0; x < w; x++) {
            int sum = 0, cnt = 0;
            for (int k = -rx; k <= rx; k++)
                if (x + k >= 0 && x + k < w) {
                    sum += line[x + k];
                    cnt++;
                }
            row[x] = (uint8_t)(sum / cnt);
        }
    }
    for (int x = b.x0; ry > 0 && x < b.x1; x++) {
        for (int y = 0; y < h; y++)
            line[y] = px[(size_t)(b.y0 + y) * fw + x];
        for (int y = 0; y < h; y++) {
            int sum = 0, cnt = 0;
            for (int k = -ry; k <= ry; k++)
                if (y + k >= 0 && y + k < h) {
                    sum += line[y + k];
                    cnt++;
                }
            px[(size_t)(b.y0 + y) * fw + x] = (uint8_t)(sum / cnt);
        }
    }
    free(line);
    return CK_OK;
}

/* ---- the scene ---- */

/* The empty desk: a table lit from the top, a laptop's dark corner, the
 * table's front edge. */
static void draw_desk(uint8_t *px, int fw, int fh)
{
    for (int y = 0; y < fh; y++) {
        double v = 96 + 34.0 * y / fh;
        for (int x = 0; x < fw; x++) {
            double val = v + 10.0 * x / fw;
            if (x > fw * 4 / 5 && y > fh * 3 / 5)
                val = 44 + 14.0 * (y - fh * 3 / 5) / fh; /* laptop */
            if (y > fh * 9 / 10)
                val = 150; /* front edge */
            px[(size_t)y * fw + x] = clamp8(val);
        }
    }
}

static void make_noise(int8_t *noise, uint32_t seed)
{
    uint32_t rng = seed ^ 0x9e3779b9u;
    for (int i = 0; i < NOISE_N; i++)
        noise[i] = (int8_t)rand_pm(&rng, 3);
}

/* Sensor noise over the whole frame: the table, from a random place. */
static void add_noise(uint8_t *px, size_t n, const int8_t *noise, uint32_t *rng)
{
    size_t at = next_rand(rng) % NOISE_N;
    for (size_t i = 0; i < n; i++) {
        int v = px[i] + noise[(at + i * 7) % NOISE_N];
        px[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

/* One frame: desk, surface at its place moved by (dx, dy) with `extra`
 * blur for movement, noise. */
static int render(const uint8_t *desk, const struct texture *t,
                  const struct synth_look *lk, double dx, double dy,
                  double dangle, int extra, const int8_t *noise, uint32_t *rng,
                  uint8_t *px, int fw, int fh)
{
    memcpy(px, desk, (size_t)fw * fh);
    if (t && t->v) {
        struct synth_look l = *lk;
        l.angle_deg += dangle;
        struct placement p = place(&l, t, fw, fh, dx, dy);
        struct box b = composite(t, &p, px, fw, fh);
        int r = lk->blur < 0 ? 0 : lk->blur > 4 ? 4 : lk->blur;
        if (blur_box(px, fw, b, r + extra, r))
            return CK_ENOMEM;
    }
    add_noise(px, (size_t)fw * fh, noise, rng);
    return CK_OK;
}

static bool valid_code(const struct gray_frame *c)
{
    return c && c->pixels && c->width > 0 && c->height > 0 && c->width <= 200 &&
           c->height <= 200 && c->stride >= (size_t)c->width;
}

int synth_draw(const struct gray_frame *code, const struct synth_look *look,
               double dx, double dy, uint32_t seed, uint8_t *pixels, int width,
               int height, struct ck_error *err)
{
    if (width < 16 || height < 16 || width > 8192 || height > 8192 ||
        (code && !valid_code(code)) || (code && !look))
        return ck_fail(err, CK_EINVAL,
                       "A synthetic frame needs a size of 16x16 to "
                       "8192x8192 and a code of at most 200 modules.");
    uint8_t *desk = malloc((size_t)width * height);
    int8_t *noise = malloc(NOISE_N);
    struct texture t = {0};
    int rc = CK_OK;
    if (!desk || !noise ||
        (code && make_texture(&t, code, look->surface, seed))) {
        rc = ck_fail(err, CK_ENOMEM, "Out of memory for a synthetic frame.");
        goto out;
    }
    draw_desk(desk, width, height);
    make_noise(noise, seed);
    uint32_t rng = seed ? seed : DEFAULT_SEED;
    if (render(desk, code ? &t : NULL, look, dx, dy, 0, 0, noise, &rng, pixels,
               width, height))
        rc = ck_fail(err, CK_ENOMEM, "Out of memory for a synthetic frame.");
out:
    texture_free(&t);
    free(noise);
    free(desk);
    return rc;
}

/* ---- the source ---- */

struct synth_src {
    source base;
    struct synth_options opt;
    struct synth_shot *shots;
    struct gray_frame *codes;
    size_t n;
    uint8_t *desk, *frame;
    int8_t noise[NOISE_N];
    struct texture tex;
    size_t tex_shot; /* shot the texture was made for, +1 (0: none) */
    size_t shot;
    int step;
    int64_t t;
    bool started;
    uint32_t rng;
};

static const struct source_ops SYNTH_OPS;

static int shot_frames(const struct synth_shot *s)
{
    int hold = s->hold > 0 ? s->hold : SYNTH_HOLD;
    return s->code ? SYNTH_EMPTY + SYNTH_ENTER + hold + SYNTH_LEAVE : hold;
}

static int synth_next(source *src, int timeout_ms, struct source_item *out,
                      struct ck_error *err)
{
    struct synth_src *s = (struct synth_src *)src;
    (void)timeout_ms;
    while (s->shot < s->n && s->step >= shot_frames(&s->shots[s->shot])) {
        s->shot++;
        s->step = 0;
    }
    if (s->shot >= s->n) {
        out->kind = SOURCE_END;
        out->t_ms = s->t;
        return CK_OK;
    }
    const struct synth_shot *sh = &s->shots[s->shot];
    int fw = s->opt.width, fh = s->opt.height, k = s->step++;
    /* Time: one frame time, or the shot's gap before its first frame. */
    if (s->started)
        s->t += k == 0 && sh->gap_ms > 0 ? sh->gap_ms : s->opt.frame_ms;
    s->started = true;
    out->kind = SOURCE_FRAME;
    out->t_ms = s->t;
    out->frame = (struct gray_frame){s->frame, fw, fh, (size_t)fw};
    if (sh->code && s->tex_shot != s->shot + 1) {
        texture_free(&s->tex);
        if (make_texture(&s->tex, sh->code, sh->look.surface,
                         s->opt.seed + (uint32_t)s->shot * 7919u))
            return ck_fail(err, CK_ENOMEM,
                           "Out of memory for a synthetic frame.");
        s->tex_shot = s->shot + 1;
    }
    const struct texture *t = NULL;
    double dx = 0, dy = 0, da = 0;
    int extra = 0;
    int hold = sh->hold > 0 ? sh->hold : SYNTH_HOLD;
    if (sh->code && k >= SYNTH_EMPTY) {
        int e = k - SYNTH_EMPTY, h = e - SYNTH_ENTER, l = h - hold;
        t = &s->tex;
        if (e < SYNTH_ENTER) {
            /* Up from below the frame, fast, then slowing down. */
            double f = (double)(SYNTH_ENTER - e) / (SYNTH_ENTER + 1);
            dy = fh * 0.9 * f * f;
            dx = -fw * 0.1 * f;
            extra = 2;
        } else if (h < hold) {
            /* A hand is never still. */
            dx = 2.5 * sin(h * 0.9 + (double)s->shot);
            dy = 2.0 * cos(h * 1.3 + (double)s->shot);
            da = 0.6 * sin(h * 0.7);
        } else {
            dx = fw * 0.3 * (l + 1);
            dy = fh * 0.05 * (l + 1);
            extra = 3;
        }
    }
    if (render(s->desk, t, &sh->look, dx, dy, da, extra, s->noise, &s->rng,
               s->frame, fw, fh))
        return ck_fail(err, CK_ENOMEM, "Out of memory for a synthetic frame.");
    return CK_OK;
}

static void synth_free(source *src)
{
    struct synth_src *s = (struct synth_src *)src;
    for (size_t i = 0; s->codes && i < s->n; i++)
        free((void *)s->codes[i].pixels);
    free(s->codes);
    free(s->shots);
    free(s->desk);
    free(s->frame);
    texture_free(&s->tex);
    free(s);
}

static const struct source_ops SYNTH_OPS = {synth_next, synth_free};

int synth_source_open(const struct synth_shot *shots, size_t n,
                      const struct synth_options *opt, source **out,
                      struct ck_error *err)
{
    *out = NULL;
    struct synth_options o = opt ? *opt : (struct synth_options){0};
    if (!o.width || !o.height) {
        o.width = 1280;
        o.height = 720;
    }
    if (o.frame_ms <= 0)
        o.frame_ms = 100;
    if (!o.seed)
        o.seed = DEFAULT_SEED;
    if (o.width < 16 || o.height < 16 || o.width > 8192 || o.height > 8192)
        return ck_fail(err, CK_EINVAL,
                       "A synthetic frame needs a size of 16x16 to "
                       "8192x8192, not %dx%d.",
                       o.width, o.height);
    for (size_t i = 0; i < n; i++)
        if (shots[i].code && !valid_code(shots[i].code))
            return ck_fail(err, CK_EINVAL,
                           "Shot %zu: a synthetic code needs 1 to 200 "
                           "modules a side, one pixel each.",
                           i + 1);
    struct synth_src *s = calloc(1, sizeof(*s));
    if (!s)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    s->base.ops = &SYNTH_OPS;
    s->opt = o;
    s->n = n;
    s->t = o.start_ms;
    s->rng = o.seed;
    s->shots = calloc(n ? n : 1, sizeof(*s->shots));
    s->codes = calloc(n ? n : 1, sizeof(*s->codes));
    s->desk = malloc((size_t)o.width * o.height);
    s->frame = malloc((size_t)o.width * o.height);
    if (!s->shots || !s->codes || !s->desk || !s->frame)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        s->shots[i] = shots[i];
        const struct gray_frame *c = shots[i].code;
        if (!c)
            continue;
        uint8_t *p = malloc((size_t)c->width * c->height);
        if (!p)
            goto nomem;
        for (int y = 0; y < c->height; y++)
            memcpy(p + (size_t)y * c->width, c->pixels + (size_t)y * c->stride,
                   (size_t)c->width);
        s->codes[i] =
            (struct gray_frame){p, c->width, c->height, (size_t)c->width};
        s->shots[i].code = &s->codes[i];
    }
    draw_desk(s->desk, o.width, o.height);
    make_noise(s->noise, o.seed);
    *out = &s->base;
    return CK_OK;
nomem:
    synth_free(&s->base);
    return ck_fail(err, CK_ENOMEM, "Out of memory for the synthetic frames.");
}

int64_t synth_source_time(const source *src)
{
    if (!src || src->ops != &SYNTH_OPS)
        return 0;
    return ((const struct synth_src *)src)->t;
}
