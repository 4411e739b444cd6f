/* Frame sources from files: raw frame streams (GREY or YUYV, as a camera
 * would deliver them) and still images; plus what every source shares:
 * source_next()/source_free() and the conversion of camera formats to
 * gray through zbar.  Not for live devices (source_camera.c,
 * source_keyboard.c). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#include "checkin/image.h"
#include "checkin/source.h"

int source_next(source *src, int timeout_ms, struct source_item *out,
                struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    return src->ops->next(src, timeout_ms, out, err);
}

void source_free(source *src)
{
    if (src)
        src->ops->free(src);
}

bool source_frame_waiting(source *src)
{
    return src && src->ops->waiting && src->ops->waiting(src);
}

int source_wait_fd(source *src)
{
    return src && src->ops->fd ? src->ops->fd(src) : -1;
}

uint32_t source_fourcc(const char *name)
{
    if (!name || strlen(name) != 4)
        return 0;
    return SOURCE_FOURCC(name[0], name[1], name[2], name[3]);
}

int source_convert(uint32_t fourcc, const uint8_t *data, size_t len, int width,
                   int height, uint8_t **gray, struct ck_error *err)
{
    *gray = NULL;
    if (width <= 0 || height <= 0)
        return ck_fail(err, CK_EINVAL, "A frame needs a size above 0x0.");
    /* Only formats zbar converts: its converter leaks the image it made
     * when asked for one it cannot (zbar 0.23.92), once per frame. */
    static const char *const KNOWN[] = {"GREY", "Y800", "YUYV", "UYVY", "NV12",
                                        "NV21", "I420", "YU12", "YV12", "RGB3",
                                        "BGR3", "RGB4", "BGR4", "MJPG", "JPEG"};
    bool known = false;
    for (size_t i = 0; i < sizeof(KNOWN) / sizeof(KNOWN[0]); i++)
        known |= fourcc == SOURCE_FOURCC(KNOWN[i][0], KNOWN[i][1], KNOWN[i][2],
                                         KNOWN[i][3]);
    if (!known)
        return ck_fail(err, CK_EINVAL,
                       "Frames in format %.4s cannot be converted to gray; "
                       "use GREY, YUYV, UYVY, NV12, I420, RGB or MJPEG.",
                       (const char *)&fourcc);
    zbar_image_t *img = zbar_image_create();
    if (!img)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    zbar_image_set_format(img, fourcc);
    zbar_image_set_size(img, (unsigned)width, (unsigned)height);
    zbar_image_set_data(img, data, len, NULL);
    zbar_image_t *y = zbar_image_convert(img, zbar_fourcc('Y', '8', '0', '0'));
    int code = CK_OK;
    if (!y) {
        code = ck_fail(err, CK_EINVAL,
                       "Frames in format %.4s (%dx%d, %zu bytes) cannot be "
                       "converted to gray; use GREY, YUYV, UYVY, NV12, I420, "
                       "RGB or MJPEG.",
                       (const char *)&fourcc, width, height, len);
        goto out;
    }
    /* zbar may round the size up for formats with subsampling. */
    unsigned yw = zbar_image_get_width(y), yh = zbar_image_get_height(y);
    const uint8_t *p = zbar_image_get_data(y);
    if (!p || yw < (unsigned)width || yh < (unsigned)height ||
        zbar_image_get_data_length(y) < (unsigned long)yw * yh) {
        code = ck_fail(err, CK_ECORRUPT,
                       "A %.4s frame converted to an unexpected size; the "
                       "stream's size or format is wrong.",
                       (const char *)&fourcc);
        goto out;
    }
    *gray = malloc((size_t)width * (size_t)height);
    if (!*gray) {
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
        goto out;
    }
    for (int r = 0; r < height; r++)
        memcpy(*gray + (size_t)r * (size_t)width, p + (size_t)r * yw,
               (size_t)width);
out:
    if (y) /* zbar_image_destroy does not accept NULL */
        zbar_image_destroy(y);
    zbar_image_destroy(img);
    return code;
}

/* ---- raw frame streams ---- */

struct frames {
    source base;
    FILE *f;
    bool own;
    const char *path;
    int width, height;
    uint32_t fourcc;
    int64_t frame_ms;
    long index;
    size_t frame_bytes;
    uint8_t *raw;
    uint8_t *gray;
};

static int frames_next(source *src, int timeout_ms, struct source_item *out,
                       struct ck_error *err)
{
    (void)timeout_ms;
    struct frames *fr = (struct frames *)src;
    size_t got = fread(fr->raw, 1, fr->frame_bytes, fr->f);
    if (got == 0 && feof(fr->f)) {
        out->kind = SOURCE_END;
        return CK_OK;
    }
    if (got != fr->frame_bytes) {
        if (ferror(fr->f))
            return ck_fail(err, CK_EIO, "Reading frames from %s failed: %s.",
                           fr->path, strerror(errno));
        return ck_fail(err, CK_ECORRUPT,
                       "%s ends in the middle of frame %ld (%zu of %zu "
                       "bytes); check --size and --format.",
                       fr->path, fr->index + 1, got, fr->frame_bytes);
    }
    const uint8_t *pixels = fr->raw;
    if (fr->fourcc != SOURCE_GREY) {
        free(fr->gray);
        int code = source_convert(fr->fourcc, fr->raw, fr->frame_bytes,
                                  fr->width, fr->height, &fr->gray, err);
        if (code)
            return code;
        pixels = fr->gray;
    }
    out->kind = SOURCE_FRAME;
    out->t_ms = fr->index * fr->frame_ms;
    out->frame =
        (struct gray_frame){pixels, fr->width, fr->height, (size_t)fr->width};
    fr->index++;
    return CK_OK;
}

static void frames_free(source *src)
{
    struct frames *fr = (struct frames *)src;
    if (fr->own && fr->f)
        fclose(fr->f);
    free(fr->raw);
    free(fr->gray);
    free(fr);
}

static const struct source_ops FRAMES_OPS = {frames_next, frames_free};

int source_open_frames(const char *path, const struct source_options *opt,
                       source **out, struct ck_error *err)
{
    *out = NULL;
    if (opt->width <= 0 || opt->height <= 0 || opt->width > 8192 ||
        opt->height > 8192)
        return ck_fail(err, CK_EINVAL,
                       "A frame stream needs its size, e.g. --size "
                       "1280x720 (at most 8192x8192).");
    size_t per_px;
    if (opt->fourcc == SOURCE_GREY)
        per_px = 1;
    else if (opt->fourcc == SOURCE_YUYV)
        per_px = 2;
    else
        return ck_fail(err, CK_EINVAL,
                       "Frame streams are GREY or YUYV; give --format GREY "
                       "or --format YUYV.");
    if (opt->fourcc == SOURCE_YUYV && opt->width % 2)
        return ck_fail(err, CK_EINVAL,
                       "YUYV frames have an even width; %d is odd.",
                       opt->width);
    struct frames *fr = calloc(1, sizeof(*fr));
    if (!fr)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    fr->base.ops = &FRAMES_OPS;
    fr->width = opt->width;
    fr->height = opt->height;
    fr->fourcc = opt->fourcc;
    fr->frame_ms = opt->frame_ms > 0 ? opt->frame_ms : 33;
    fr->frame_bytes = (size_t)opt->width * (size_t)opt->height * per_px;
    fr->path = strcmp(path, "-") ? path : "standard input";
    fr->raw = malloc(fr->frame_bytes);
    if (!fr->raw) {
        frames_free(&fr->base);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    if (!strcmp(path, "-")) {
        fr->f = stdin;
    } else {
        fr->f = fopen(path, "rb");
        fr->own = true;
        if (!fr->f) {
            int e = errno;
            frames_free(&fr->base);
            return ck_fail(err, e == ENOENT ? CK_ENOTFOUND : CK_EIO,
                           "Cannot open the frame file %s: %s.", path,
                           strerror(e));
        }
    }
    *out = &fr->base;
    return CK_OK;
}

/* ---- still images ---- */

struct images {
    source base;
    char *const *paths;
    size_t n, next;
    int64_t frame_ms;
    struct gray_frame frame;
};

static int images_next(source *src, int timeout_ms, struct source_item *out,
                       struct ck_error *err)
{
    (void)timeout_ms;
    struct images *im = (struct images *)src;
    image_free(&im->frame);
    if (im->next >= im->n) {
        out->kind = SOURCE_END;
        return CK_OK;
    }
    int code = image_load(im->paths[im->next], &im->frame, err);
    if (code)
        return code;
    out->kind = SOURCE_FRAME;
    out->t_ms = (int64_t)im->next * im->frame_ms;
    out->frame = im->frame;
    im->next++;
    return CK_OK;
}

static void images_free(source *src)
{
    struct images *im = (struct images *)src;
    image_free(&im->frame);
    free(im);
}

static const struct source_ops IMAGES_OPS = {images_next, images_free};

int source_open_images(char *const *paths, size_t n,
                       const struct source_options *opt, source **out,
                       struct ck_error *err)
{
    *out = NULL;
    if (n == 0)
        return ck_fail(err, CK_EINVAL, "--images needs at least one file.");
    struct images *im = calloc(1, sizeof(*im));
    if (!im)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    im->base.ops = &IMAGES_OPS;
    im->paths = paths;
    im->n = n;
    im->frame_ms = opt && opt->frame_ms > 0 ? opt->frame_ms : 1000;
    *out = &im->base;
    return CK_OK;
}
