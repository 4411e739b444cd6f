/* Zebra ZPL II encoder: each page becomes one label format holding one
 * ^GF graphic field, its hex data in ZPL's own run-length scheme.  No
 * printer fonts, no native barcodes: the page is already rendered, which
 * keeps every script and the QR exactly as the renderer drew them.  Byte
 * by byte in docs/zpl.md, after Zebra's "ZPL II Programming Guide"
 * (^GF, ^PW, ^LL, ^LH, ^MN, ^FO and "Alternative Data Compression
 * Scheme for ~DG and ~DB Commands", which ^GF's ASCII form also takes).
 * At the end, the family's table (family.h): its models and its status
 * conversation (~HS, ~HQES, ~JA), through the transport printer.c hands
 * it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/driver.h"
#include "checkin/util.h"
#include "family.h"

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

/* ---- the family: models and the status conversation --------------------- */

/* Zebra's vendor id is 0x0a5f, but no product id is confirmed from a
 * primary source, so these models are chosen with --model (a usb: URI
 * with the ids finds the printer). */
#define ZEBRA 0x0a5f
#define ZPL(name, dpi, dots)                                                   \
    {                                                                          \
        name, LANG_ZPL, ZEBRA, 0, dpi, dots, (dots) / 8, 0, 0                  \
    }

static const struct printer_model ZPL_MODELS[] = {
    ZPL("ZD410", 203, 448),   ZPL("ZD410-300", 300, 640),
    ZPL("ZD420", 203, 832),   ZPL("ZD420-300", 300, 1280),
    ZPL("GK420d", 203, 832),  ZPL("GX420d", 203, 832),
    ZPL("GX430t", 300, 1280), {0},
};

/* *l->flags: a job of ours may be left in the printer (cut short, or not
 * confirmed): ~JA before the next status request, so that it cannot print
 * later beside the job sent again.  Only where the buffer is ours alone. */
#define ZPL_CANCEL 1u

/* Where `mark` (`mlen` bytes) first occurs in buf[0..len), or len. */
static size_t find_mark(const uint8_t *buf, size_t len, const char *mark,
                        size_t mlen)
{
    for (size_t i = 0; i + mlen <= len; i++)
        if (!memcmp(buf + i, mark, mlen))
            return i;
    return len;
}

/* Send `cmd` and read its reply into buf until `etx_count` ETX (and CR LF)
 * have come after its start, or `deadline`.  The reply starts at `mark`
 * (NULL: at the first byte); bytes before it are the late answer to an
 * earlier request, and *at is where the reply starts (*len when it has
 * not come). */
static int zpl_reply(struct printer_link *l, const char *cmd, int etx_count,
                     const char *mark, int64_t deadline, uint8_t *buf,
                     size_t cap, size_t *len, size_t *at, struct ck_error *err)
{
    *len = *at = 0;
    int code =
        transport_write(l->t, cmd, strlen(cmd), l->opt->status_timeout_ms, err);
    if (code)
        return code;
    size_t mlen = mark ? strlen(mark) : 0;
    while (*len < cap) {
        int64_t left = deadline - util_mono_ms();
        if (left <= 0)
            break;
        size_t n;
        code = transport_read(l->t, buf + *len, cap - *len, &n, (int)left, err);
        if (code)
            return code;
        *len += n;
        *at = mark ? find_mark(buf, *len, mark, mlen) : 0;
        int etx = 0;
        for (size_t i = *at; i < *len; i++)
            etx += buf[i] == 0x03;
        if (etx >= etx_count && *len - *at >= 2 && buf[*len - 1] == '\n')
            return CK_OK;
    }
    if (mark)
        *at = find_mark(buf, *len, mark, mlen);
    return CK_OK;
}

static int zpl_query(struct printer_link *l, struct printer_status *st,
                     struct ck_error *err)
{
    uint8_t buf[1024];
    size_t len;
    int half = l->opt->status_timeout_ms / 2;
    int code;
    if (*l->flags & ZPL_CANCEL) {
        /* ~JA: cancel all formats, a half-received one included (ZPL II
         * guide); a tilde command, so it acts at once. */
        code = transport_write(l->t, "~JA", 3, l->opt->status_timeout_ms, err);
        if (code)
            return code;
        *l->flags &= ~ZPL_CANCEL;
    }
    size_t at;
    code = zpl_reply(l, "~HS", 3, NULL, util_mono_ms() + half, buf, sizeof(buf),
                     &len, &at, err);
    if (code)
        return code;
    if (len && !printer_status_parse_zpl_hs(buf, len, st, NULL))
        return CK_OK;
    /* Some firmware does not answer ~HS with the head open or media out;
     * ~HQES still answers.  Its reply starts with STX CR LF, which no ~HS
     * line does: an ~HS answer that comes late (a loaded machine, a busy
     * printer) is read first and passed over. */
    code = zpl_reply(l, "~HQES", 1, "\x02\r\n", util_mono_ms() + half, buf,
                     sizeof(buf), &len, &at, err);
    if (code)
        return code;
    if (len > at &&
        !printer_status_parse_zpl_hqes(buf + at, len - at, st, NULL))
        return CK_OK;
    /* No ~HQES reply, but the late ~HS one whole: that is a status. */
    if (at && !printer_status_parse_zpl_hs(buf, at, st, NULL))
        return CK_OK;
    if (!len) {
        l->t->fault = TRANSPORT_FAULT_TIMEOUT;
        return CK_EDEVICE;
    }
    printer_status_unreadable(st);
    return CK_OK;
}

/* Formats stay in the receive buffer through a fault and print when it is
 * cleared, so the job is cancelled here (~JA) in any case, where the
 * buffer is ours alone.  It is known not to print only if ~HS still
 * counted every format of the job as waiting and none as printing: ~JA
 * "stops after the current label is finished printing" (ZPL II guide), so
 * a label already started may still come out; ~HQES gives no counts. */
static bool zpl_fault_dropped_job(struct printer_link *l, size_t npages,
                                  const struct printer_status *st,
                                  size_t completed)
{
    (void)completed;
    bool waiting = st->zpl_formats >= (long)npages && st->zpl_labels_left == 0;
    if (!l->ours_alone)
        return false;
    if (transport_write(l->t, "~JA", 3, l->opt->status_timeout_ms, NULL)) {
        *l->flags |= ZPL_CANCEL;
        l->drop = true;
        return false;
    }
    return waiting;
}

/* Whatever of the job the printer holds is cancelled before the next
 * status request (a TCP connection is reset on close, so a cut-short job
 * never completes there; a network printer's buffer may hold other
 * stations' formats, which ~JA would cancel too). */
static void zpl_interrupted(struct printer_link *l, bool whole)
{
    (void)whole;
    if (l->ours_alone)
        *l->flags |= ZPL_CANCEL;
}

const struct printer_family zpl_family = {
    .name = "Zebra ZPL",
    .lang = LANG_ZPL,
    .models = ZPL_MODELS,
    .printable = zpl_printable,
    .encode = zpl_encode,
    .stream_head = zpl_stream_head,
    .answers_over_tcp = true,
    .query = zpl_query,
    .wait = printer_poll_wait,
    .fault_dropped_job = zpl_fault_dropped_job,
    .interrupted = zpl_interrupted,
    .media_product = NULL,
    .read_back = zpl_read_back,
};
