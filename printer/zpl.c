/* Zebra ZPL II encoder: each page becomes one label format holding one
 * ^GF graphic field, its hex data in ZPL's own run-length scheme.  No
 * printer fonts, no native barcodes: the page is already rendered, which
 * keeps every script and the QR exactly as the renderer drew them.  Byte
 * by byte in docs/zpl.md, after Zebra's "ZPL II Programming Guide"
 * (^GF, ^PW, ^LL, ^LH, ^MN, ^FO and "Alternative Data Compression
 * Scheme for ~DG and ~DB Commands", which ^GF's ASCII form also takes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/driver.h"

/* ^LL accepts at most 32000 dots. */
#define MAX_LENGTH 32000

static int mm_to_dots(int mm, int dpi)
{
    return (int)(((long)mm * dpi * 10 + 127) / 254);
}

int zpl_printable(const struct printer_model *model, const struct media *media,
                  int *width_dots, int *length_dots, struct ck_error *err)
{
    int w = mm_to_dots(media->width_mm, model->dpi);
    if (media->width_mm <= 0 || w > model->head_dots)
        return ck_fail(err, CK_EINVAL,
                       "%d mm media is wider than the %s prints (%d dots, "
                       "%d mm); load narrower media.",
                       media->width_mm, model->name, model->head_dots,
                       model->head_dots * 254 / (model->dpi * 10));
    int l = 0;
    if (media->kind == MEDIA_DIE_CUT) {
        l = mm_to_dots(media->length_mm, model->dpi);
        if (media->length_mm <= 0 || l > MAX_LENGTH)
            return ck_fail(err, CK_EINVAL,
                           "Labels %d mm long cannot be printed with ZPL; "
                           "the most is %d dots.",
                           media->length_mm, MAX_LENGTH);
    }
    *width_dots = w;
    *length_dots = l;
    return CK_OK;
}

static const char HEX[] = "0123456789ABCDEF";

/* Appends a run of `n` copies of hex digit `c`: repeat counts G..Y add
 * 1..19 and g..z add 20..400, followed by the digit (ZPL guide, "Alternative
 * Data Compression Scheme"). */
static size_t put_run(char *o, char c, int n)
{
    size_t k = 0;
    while (n > 0) {
        int chunk = n > 419 ? 419 : n;
        n -= chunk;
        if (chunk > 1) {
            if (chunk / 20)
                o[k++] = (char)('g' + chunk / 20 - 1);
            if (chunk % 20)
                o[k++] = (char)('G' + chunk % 20 - 1);
        }
        o[k++] = c;
    }
    return k;
}

/* One row of `bpr` bytes as compressed hex into `o`; returns its length.
 * A row of zeros from some point on ends with ',', of ones with '!'. */
static size_t put_row(const uint8_t *row, size_t bpr, char *o)
{
    size_t nd = bpr * 2, k = 0;
    size_t end = nd;
    char fill = 0;
    /* Trailing zero or F digits collapse into one ',' or '!'. */
    if (row[bpr - 1] == 0x00 || row[bpr - 1] == 0xFF) {
        uint8_t t = row[bpr - 1];
        while (end >= 2 && row[end / 2 - 1] == t)
            end -= 2;
        fill = t ? '!' : ',';
    }
    for (size_t i = 0; i < end;) {
        unsigned v = (i & 1) ? row[i / 2] & 0xF : row[i / 2] >> 4;
        size_t j = i + 1;
        while (j < end && ((j & 1) ? row[j / 2] & 0xF : row[j / 2] >> 4) == v)
            j++;
        k += put_run(o + k, HEX[v], (int)(j - i));
        i = j;
    }
    if (fill)
        o[k++] = fill;
    return k;
}

/* Every ZPL stream opens with the first format's ^XA, ^MN and ^PW. */
bool zpl_stream_head(const uint8_t *head, size_t len)
{
    static const char open[] = "^XA\n^MN?\n^PW";
    size_t n = len < sizeof(open) - 1 ? len : sizeof(open) - 1;
    for (size_t i = 0; i < n; i++) {
        bool ok = open[i] == '?' ? head[i] == 'Y' || head[i] == 'N'
                                 : head[i] == (uint8_t)open[i];
        if (!ok)
            return false;
    }
    return len > 0;
}

int zpl_encode(const struct printer_model *model, const struct media *media,
               const struct bitmap1 *pages, size_t npages,
               const struct print_options *opt, struct bytebuf *out,
               struct ck_error *err)
{
    (void)opt;
    int pw, pl;
    int code = zpl_printable(model, media, &pw, &pl, err);
    if (code)
        return code;
    for (size_t p = 0; p < npages; p++) {
        if (pages[p].width > pw)
            return ck_fail(err, CK_EINVAL,
                           "Label %zu is %d dots wide but %d mm media on a "
                           "%s prints %d; use the %d mm template.",
                           p + 1, pages[p].width, media->width_mm, model->name,
                           pw, media->width_mm);
        int max = pl ? pl : MAX_LENGTH;
        if (pages[p].height > max)
            return ck_fail(err, CK_EINVAL,
                           "Label %zu is %d dots long but %dx%d mm labels "
                           "on a %s print %d; use a template for them.",
                           p + 1, pages[p].height, media->width_mm,
                           media->length_mm, model->name, max);
    }

    size_t bpr = ((size_t)pw + 7) / 8;
    uint8_t *row = malloc(bpr * 2);
    /* Worst case per row: a count and a digit for every digit, plus fill. */
    char *txt = malloc(bpr * 4 + 2);
    if (!row || !txt) {
        free(row);
        free(txt);
        return ck_fail(err, CK_ENOMEM, "Out of memory encoding a ZPL job.");
    }
    uint8_t *prev = row + bpr;
    char buf[160];
    for (size_t p = 0; p < npages && !code; p++) {
        const struct bitmap1 *pg = &pages[p];
        int length = pl ? pl : pg->height;
        size_t total = bpr * (size_t)length;
        /* ^MN: Y = gap/notch sensing for die-cut labels, N = continuous.
         * ^LH0,0 puts ^FO0,0 at the top-left corner of the label. */
        int n = snprintf(buf, sizeof(buf),
                         "^XA\n^MN%c\n^PW%d\n^LL%d\n^LH0,0\n"
                         "^FO0,0^GFA,%zu,%zu,%zu,",
                         pl ? 'Y' : 'N', pw, length, total, total, bpr);
        code = bytebuf_append(out, buf, (size_t)n);
        for (int y = 0; y < length && !code; y++) {
            memset(row, 0, bpr);
            if (y < pg->height) {
                size_t nb = ((size_t)pg->width + 7) / 8;
                memcpy(row, pg->bits + (size_t)y * pg->stride, nb);
                if (pg->width & 7)
                    row[nb - 1] &= (uint8_t)(0xFF << (8 - (pg->width & 7)));
            }
            size_t k;
            if (y > 0 && memcmp(row, prev, bpr) == 0) {
                txt[0] = ':'; /* the same row again */
                k = 1;
            } else {
                k = put_row(row, bpr, txt);
            }
            code = bytebuf_append(out, txt, k);
            memcpy(prev, row, bpr);
        }
        if (!code)
            code = bytebuf_append(out, "^FS\n^XZ\n", 8);
    }
    free(row);
    free(txt);
    if (code)
        return ck_fail(err, code, "Out of memory encoding a ZPL job.");
    return CK_OK;
}
