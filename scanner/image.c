/* Still-image loading: PNG (libpng), JPEG (libjpeg) and PGM (P5, P2) into
 * an 8-bit gray frame.  The whole file is read into memory first so the
 * format can be told from its magic bytes and truncation is noticed in one
 * place.  This module is for badges and photos on disk; camera frames never
 * come through here. */
#include "checkin/image.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>

#include "checkin/buf.h"

/* Files larger than this cannot hold an image we would accept anyway
 * (100 megapixels of 16-bit ASCII PGM stays below it). */
#define MAX_FILE_BYTES (1024L * 1024 * 1024)

static int fail_too_large(const char *path, long long w, long long h,
                          struct ck_error *err)
{
    return ck_fail(err, CK_EINVAL,
                   "%s: the image is %lldx%lld pixels, more than the 100 "
                   "megapixel limit; scale it down first.",
                   path, w, h);
}

static int fail_truncated(const char *path, struct ck_error *err)
{
    return ck_fail(err, CK_ECORRUPT,
                   "%s: the image file is truncated or damaged; copy or "
                   "export it again.",
                   path);
}

static int check_size(const char *path, long long w, long long h,
                      struct ck_error *err)
{
    if (w <= 0 || h <= 0)
        return fail_truncated(path, err);
    if (w * h > IMAGE_MAX_PIXELS || w > INT_MAX || h > INT_MAX)
        return fail_too_large(path, w, h, err);
    return 0;
}

static int read_whole_file(const char *path, unsigned char **data, size_t *len,
                           struct ck_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT || errno == ENOTDIR)
            return ck_fail(err, CK_ENOTFOUND,
                           "%s: no such file; check the path.", path);
        return ck_fail(err, CK_EIO, "%s: cannot open the file: %s.", path,
                       strerror(errno));
    }
    struct ck_buf b = {0};
    int rc = 0;
    for (;;) {
        /* Room to double what was read, 64 KiB at first. */
        char *at = ck_buf_room(&b, b.len ? b.len : 1 << 16);
        if (!at) {
            rc = ck_fail(err, CK_ENOMEM, "%s: out of memory reading the file.",
                         path);
            goto out_free;
        }
        size_t want = b.cap - b.len - 1;
        size_t got = fread(at, 1, want, f);
        b.len += got;
        if (got < want) {
            if (ferror(f)) {
                rc = ck_fail(err, CK_EIO,
                             "%s: cannot read the file (is it a directory "
                             "or a device?).",
                             path);
                goto out_free;
            }
            break;
        }
        if (b.cap >= (size_t)MAX_FILE_BYTES) {
            rc = ck_fail(err, CK_EINVAL,
                         "%s: the file is larger than 1 GiB, too large for "
                         "an image of at most 100 megapixels.",
                         path);
            goto out_free;
        }
    }
    *data = (unsigned char *)b.p;
    *len = b.len;
    goto out_close;
out_free:
    ck_buf_free(&b);
out_close:
    fclose(f);
    return rc;
}

/* ---- PNG ---------------------------------------------------------------- */

struct png_src {
    const unsigned char *data;
    size_t len, pos;
};

static void png_read_mem(png_structp png, png_bytep out, png_size_t n)
{
    struct png_src *src = png_get_io_ptr(png);
    if (n > src->len - src->pos)
        png_error(png, "truncated");
    memcpy(out, src->data + src->pos, n);
    src->pos += n;
}

static void png_quiet(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* libpng's default prints to stderr; our message says it better. */
static void png_fail(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static int load_png(const char *path, const unsigned char *data, size_t len,
                    struct gray_frame *frame, struct ck_error *err)
{
    struct png_src src = {data, len, 0};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL,
                                             png_fail, png_quiet);
    if (!png)
        return ck_fail(err, CK_ENOMEM, "%s: out of memory.", path);
    png_infop info = png_create_info_struct(png);
    /* Written before setjmp and read after a longjmp: volatile. */
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    volatile int rc = 0;
    if (!info) {
        rc = ck_fail(err, CK_ENOMEM, "%s: out of memory.", path);
        goto out;
    }
    if (setjmp(png_jmpbuf(png))) {
        if (!rc)
            rc = fail_truncated(path, err);
        goto out;
    }
    png_set_read_fn(png, &src, png_read_mem);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info);
    png_uint_32 h = png_get_image_height(png, info);
    rc = check_size(path, w, h, err);
    if (rc)
        goto out;
    int color = png_get_color_type(png, info);
    png_set_expand(png); /* palette -> RGB, 1/2/4-bit gray -> 8, tRNS -> A */
    png_set_strip_16(png);
    if (color & PNG_COLOR_MASK_COLOR || color == PNG_COLOR_TYPE_PALETTE)
        png_set_rgb_to_gray_fixed(png, 1, -1, -1); /* default Rec. 709 */
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t channels = png_get_channels(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    if ((channels != 1 && channels != 2) || rowbytes < w * channels) {
        rc = ck_fail(err, CK_EINVAL, "%s: unsupported PNG pixel layout.", path);
        goto out;
    }
    pixels = malloc((size_t)h * rowbytes);
    rows = malloc(h * sizeof(*rows));
    if (!pixels || !rows) {
        rc = ck_fail(err, CK_ENOMEM, "%s: out of memory for %ux%u pixels.",
                     path, (unsigned)w, (unsigned)h);
        goto out;
    }
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = pixels + (size_t)y * rowbytes;
    png_read_image(png, rows);
    if (channels == 2) {
        /* Gray + alpha: composite over white, where a badge would lie. */
        unsigned char *p = pixels;
        for (size_t i = 0; i < (size_t)w * h; i++) {
            unsigned g = pixels[2 * i], a = pixels[2 * i + 1];
            p[i] = (unsigned char)((g * a + 255 * (255 - a) + 127) / 255);
        }
    } else if (rowbytes != w) {
        for (png_uint_32 y = 1; y < h; y++)
            memmove(pixels + (size_t)y * w, pixels + (size_t)y * rowbytes, w);
    }
    frame->pixels = pixels;
    frame->width = (int)w;
    frame->height = (int)h;
    frame->stride = w;
    pixels = NULL;
out:
    free(rows);
    free(pixels);
    png_destroy_read_struct(&png, info ? &info : NULL, NULL);
    return rc;
}

/* ---- JPEG --------------------------------------------------------------- */

struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf jmp;
    int truncated;
};

static void jpeg_exit(j_common_ptr cinfo)
{
    struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;
    longjmp(f->jmp, 1);
}

static void jpeg_message(j_common_ptr cinfo, int level)
{
    struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;
    /* libjpeg pads a truncated stream with gray and only warns; we want to
     * say the file is damaged rather than decode half a picture. */
    if (level < 0 && f->mgr.msg_code == JWRN_JPEG_EOF)
        f->truncated = 1;
}

static int load_jpeg(const char *path, const unsigned char *data, size_t len,
                     struct gray_frame *frame, struct ck_error *err)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_fail jerr;
    unsigned char *volatile pixels = NULL;
    volatile int rc = 0;
    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = jpeg_std_error(&jerr.mgr);
    jerr.mgr.error_exit = jpeg_exit;
    jerr.mgr.emit_message = jpeg_message;
    jerr.truncated = 0;
    if (setjmp(jerr.jmp)) {
        if (!rc)
            rc = fail_truncated(path, err);
        goto out;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    rc = check_size(path, cinfo.image_width, cinfo.image_height, err);
    if (rc)
        goto out;
    if (cinfo.jpeg_color_space == JCS_CMYK ||
        cinfo.jpeg_color_space == JCS_YCCK) {
        rc = ck_fail(err, CK_EINVAL,
                     "%s: CMYK JPEG images are not supported; save it as "
                     "RGB or grayscale.",
                     path);
        goto out;
    }
    cinfo.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&cinfo);
    size_t w = cinfo.output_width, h = cinfo.output_height;
    pixels = malloc(w * h);
    if (!pixels) {
        rc = ck_fail(err, CK_ENOMEM, "%s: out of memory for %zux%zu pixels.",
                     path, w, h);
        goto out;
    }
    while (cinfo.output_scanline < h) {
        JSAMPROW row = pixels + (size_t)cinfo.output_scanline * w;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    if (jerr.truncated) {
        rc = fail_truncated(path, err);
        goto out;
    }
    frame->pixels = pixels;
    frame->width = (int)w;
    frame->height = (int)h;
    frame->stride = w;
    pixels = NULL;
out:
    jpeg_destroy_decompress(&cinfo);
    free(pixels);
    return rc;
}

/* ---- PGM (netpbm P5 binary, P2 ASCII) ----------------------------------- */

/* Skip whitespace and '#' comments, then read one decimal number. */
static int pgm_number(const unsigned char *data, size_t len, size_t *pos,
                      long long *out)
{
    size_t p = *pos;
    for (;;) {
        while (p < len &&
               (data[p] == ' ' || data[p] == '\t' || data[p] == '\n' ||
                data[p] == '\r' || data[p] == '\v' || data[p] == '\f'))
            p++;
        if (p < len && data[p] == '#') {
            while (p < len && data[p] != '\n')
                p++;
            continue;
        }
        break;
    }
    if (p >= len || data[p] < '0' || data[p] > '9')
        return -1;
    long long v = 0;
    while (p < len && data[p] >= '0' && data[p] <= '9') {
        v = v * 10 + (data[p] - '0');
        if (v > INT_MAX)
            return -1;
        p++;
    }
    *pos = p;
    *out = v;
    return 0;
}

static int load_pgm(const char *path, const unsigned char *data, size_t len,
                    struct gray_frame *frame, struct ck_error *err)
{
    int ascii = data[1] == '2';
    size_t pos = 2;
    long long w, h, maxval;
    if (pgm_number(data, len, &pos, &w) || pgm_number(data, len, &pos, &h) ||
        pgm_number(data, len, &pos, &maxval) || maxval < 1 || maxval > 65535)
        return ck_fail(err, CK_ECORRUPT,
                       "%s: the PGM header is damaged; export the image "
                       "again.",
                       path);
    int rc = check_size(path, w, h, err);
    if (rc)
        return rc;
    size_t npix = (size_t)w * (size_t)h;
    size_t bps = maxval > 255 ? 2 : 1;
    if (!ascii) {
        /* Exactly one whitespace byte separates the header from pixels. */
        pos++;
        if (pos > len || (len - pos) / bps < npix)
            return fail_truncated(path, err);
    }
    unsigned char *pixels = malloc(npix);
    if (!pixels)
        return ck_fail(err, CK_ENOMEM,
                       "%s: out of memory for %lldx%lld "
                       "pixels.",
                       path, w, h);
    if (!ascii && bps == 1) {
        /* Binary 8-bit (the common case): a table of the 256 values
         * scaled as below, or the bytes as they are when maxval is 255;
         * a division a pixel made loading a 1080p frame dearer than
         * decoding it. */
        if (maxval == 255) {
            memcpy(pixels, data + pos, npix);
        } else {
            unsigned char lut[256];
            for (long long v = 0; v < 256; v++) {
                long long c = v > maxval ? maxval : v;
                lut[v] = (unsigned char)((c * 255 + maxval / 2) / maxval);
            }
            for (size_t i = 0; i < npix; i++)
                pixels[i] = lut[data[pos + i]];
        }
        frame->pixels = pixels;
        frame->width = (int)w;
        frame->height = (int)h;
        frame->stride = (size_t)w;
        return 0;
    }
    for (size_t i = 0; i < npix; i++) {
        long long v;
        if (ascii) {
            if (pgm_number(data, len, &pos, &v) || v > maxval) {
                free(pixels);
                return fail_truncated(path, err);
            }
        } else if (bps == 2) {
            v = (long long)data[pos + 2 * i] << 8 | data[pos + 2 * i + 1];
            if (v > maxval)
                v = maxval;
        } else {
            v = data[pos + i];
            if (v > maxval)
                v = maxval;
        }
        pixels[i] = (unsigned char)((v * 255 + maxval / 2) / maxval);
    }
    frame->pixels = pixels;
    frame->width = (int)w;
    frame->height = (int)h;
    frame->stride = (size_t)w;
    return 0;
}

int image_load(const char *path, struct gray_frame *frame, struct ck_error *err)
{
    memset(frame, 0, sizeof(*frame));
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = read_whole_file(path, &data, &len, err);
    if (rc)
        return rc;
    static const unsigned char png_magic[8] = {0x89, 'P',  'N',  'G',
                                               '\r', '\n', 0x1a, '\n'};
    if (len >= 8 && !memcmp(data, png_magic, 8))
        rc = load_png(path, data, len, frame, err);
    else if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
        rc = load_jpeg(path, data, len, frame, err);
    else if (len >= 3 && data[0] == 'P' && (data[1] == '5' || data[1] == '2'))
        rc = load_pgm(path, data, len, frame, err);
    else if (len == 0)
        rc = ck_fail(err, CK_EINVAL, "%s: the file is empty, not an image.",
                     path);
    else
        rc = ck_fail(err, CK_EINVAL,
                     "%s: not a PNG, JPEG or PGM image; convert it to one of "
                     "those.",
                     path);
    free(data);
    return rc;
}

void image_free(struct gray_frame *frame)
{
    if (!frame)
        return;
    free((void *)frame->pixels);
    memset(frame, 0, sizeof(*frame));
}
