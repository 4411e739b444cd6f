/* 1-bit bitmaps and byte buffers shared by rendering and the drivers. */
#include <stdlib.h>
#include <string.h>

#include "checkin/bitmap.h"
#include "checkin/vec.h"

int bitmap1_new(int width, int height, struct bitmap1 *out,
                struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (width < 1 || height < 1 || width > 20000 || height > 100000)
        return ck_fail(err, CK_EINVAL, "A %dx%d-dot label is not possible.",
                       width, height);
    out->stride = ((size_t)width + 7) / 8;
    out->bits = calloc((size_t)height, out->stride);
    if (!out->bits)
        return ck_fail(err, CK_ENOMEM, "Out of memory for a %dx%d label.",
                       width, height);
    out->width = width;
    out->height = height;
    return CK_OK;
}

void bitmap1_free(struct bitmap1 *bm)
{
    if (!bm)
        return;
    free(bm->bits);
    memset(bm, 0, sizeof(*bm));
}

int bitmap1_from_gray(const uint8_t *gray, int width, int height, size_t stride,
                      int level, struct bitmap1 *out, struct ck_error *err)
{
    int code = bitmap1_new(width, height, out, err);
    if (code)
        return code;
    for (int y = 0; y < height; y++) {
        const uint8_t *row = gray + (size_t)y * stride;
        for (int x = 0; x < width; x++)
            if (row[x] < level)
                bitmap1_set(out, x, y, true);
    }
    return CK_OK;
}

int bytebuf_append(struct bytebuf *b, const void *p, size_t n)
{
    if (!CK_VEC_ROOM(b->data, b->len, n, b->cap))
        return CK_ENOMEM;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return CK_OK;
}

void bytebuf_free(struct bytebuf *b)
{
    if (!b)
        return;
    free(b->data);
    memset(b, 0, sizeof(*b));
}
