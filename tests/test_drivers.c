/* Printer language encoders, checked from the outside.
 *
 * The decoders below are written from the manufacturers' command
 * references (docs/brother-ql-raster.md, docs/zpl.md,
 * docs/dymo-labelwriter.md), not from the driver sources: they walk every byte
 * of a job, refuse anything they do not know, and rebuild what the print head
 * would print.  Round trips compare that with the page pixel for pixel and
 * zbar reads a QR back from it.  Built with REFERENCE_FILTERS, the same
 * pages go through the CUPS filters Debian ships (rastertoptch,
 * raster2dymolw, rastertolabel), and their output, decoded by the same
 * decoders, must give the same raster lines as ours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zbar.h>

#include "checkin/credential.h"
#include "checkin/driver.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/label.h"
#include "checkin/qr.h"
#include "checkin/template.h"
#include "testutil.h"

#ifdef REFERENCE_FILTERS
#include <cups/raster.h>
#include <fcntl.h>
#include <sys/stat.h>
#endif

/* ---- pages ------------------------------------------------------------ */

static uint32_t rng_state;

static uint32_t rng(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state >> 8;
}

/* A page that looks like a badge to a compressor: blank bands, "text"
 * (short random runs), solid bars, single dots at the very edges. */
static struct bitmap1 make_page(int w, int h, uint32_t seed)
{
    struct bitmap1 bm;
    struct ck_error err = {0};
    if (bitmap1_new(w, h, &bm, &err) != CK_OK) {
        fprintf(stderr, "bitmap1_new: %s\n", err.msg);
        exit(1);
    }
    rng_state = seed;
    for (int y = 0; y < h; y++) {
        int band = (y / 23) % 4;
        if (band == 0)
            continue;
        for (int x = 0; x < w; x++) {
            int black = 0;
            if (band == 1)
                black = (rng() % 7) < 3;
            else if (band == 2)
                black = (x / 17 + y / 5) % 3 == 0;
            else
                black = (x % 97) < 40 && (rng() & 1);
            if (black)
                bitmap1_set(&bm, x, y, 1);
        }
    }
    /* The four corners, so an off-by-one at any edge shows. */
    bitmap1_set(&bm, 0, 0, 1);
    bitmap1_set(&bm, w - 1, 0, 1);
    bitmap1_set(&bm, 0, h - 1, 1);
    bitmap1_set(&bm, w - 1, h - 1, 1);
    return bm;
}

/* A page with a QR code of `text` drawn by qr_render at `module` dots. */
static struct bitmap1 make_qr_page(int w, int h, const char *text, int module)
{
    struct bitmap1 bm = make_page(w, h, 7);
    struct qr_bitmap qr = {0};
    struct ck_error err = {0};
    if (qr_render(text, strlen(text), module, 4, &qr, &err) != CK_OK) {
        fprintf(stderr, "qr_render: %s\n", err.msg);
        exit(1);
    }
    int ox = (w - qr.width) / 2, oy = h - qr.height - 10;
    if (ox < 0 || oy < 0) {
        fprintf(stderr, "QR of %d dots does not fit %dx%d\n", qr.width, w, h);
        exit(1);
    }
    for (int y = 0; y < qr.height; y++)
        for (int x = 0; x < qr.width; x++)
            bitmap1_set(&bm, ox + x, oy + y,
                        qr.pixels[(size_t)y * qr.stride + (size_t)x] < 128);
    qr_bitmap_free(&qr);
    return bm;
}

/* Decoded output: pages as bitmaps of what the head prints. */
struct job {
    struct bitmap1 page[8];
    int npages;
    /* Brother print information of each page. */
    int info_type[8], info_width[8], info_length[8], info_lines[8];
    int width[8], length[8]; /* ZPL ^PW/^LL, DYMO ESC L */
};

static void job_free(struct job *j)
{
    for (int i = 0; i < j->npages; i++)
        bitmap1_free(&j->page[i]);
    memset(j, 0, sizeof(*j));
}

static int new_page(struct job *j, int w, int h)
{
    struct ck_error err = {0};
    if (j->npages == 8 || bitmap1_new(w, h, &j->page[j->npages], &err))
        return -1;
    return j->npages++;
}

/* Expected failures (a decoder saying no) are counted back out and their
 * messages kept off stderr, so a passing run shows no FAIL lines. */
static int quiet_fd = -1;

static void quiet_begin(void)
{
    fflush(stderr);
    quiet_fd = dup(2);
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        dup2(fileno(null), 2);
        fclose(null);
    }
}

static void quiet_end(void)
{
    fflush(stderr);
    if (quiet_fd >= 0) {
        dup2(quiet_fd, 2);
        close(quiet_fd);
        quiet_fd = -1;
    }
}

/* ---- Brother QL decoder ------------------------------------------------ */

/* rastertoptch writes a header of -128 for a run of 129 bytes (possible
 * only on lines longer than 128 bytes); TIFF PackBits, which Brother
 * specifies, reserves -128 as a no-op.  Set while decoding that filter's
 * wide-head output. */
static int minus128_is_129;

/* Undo PackBits into exactly `want` bytes; -1 if the data is malformed. */
static int unpackbits(const uint8_t *in, size_t n, uint8_t *out, size_t want)
{
    size_t i = 0, o = 0;
    while (i < n) {
        int h = (int8_t)in[i++];
        if (h >= 0) {
            if (i + (size_t)h + 1 > n || o + (size_t)h + 1 > want)
                return -1;
            memcpy(out + o, in + i, (size_t)h + 1);
            i += (size_t)h + 1;
            o += (size_t)h + 1;
        } else if (h == -128 && minus128_is_129) {
            if (i >= n || o + 129 > want)
                return -1;
            memset(out + o, in[i++], 129);
            o += 129;
        } else if (h != -128) {
            if (i >= n || o + (size_t)(1 - h) > want)
                return -1;
            memset(out + o, in[i++], (size_t)(1 - h));
            o += (size_t)(1 - h);
        }
    }
    return o == want ? 0 : -1;
}

/* Walk a QL job.  Pages become bitmaps `line_bytes * 8` dots wide as the
 * label is read: the wire's first bit is the right-most head pin. */
static int decode_ql(const uint8_t *d, size_t n, int line_bytes, struct job *j)
{
    memset(j, 0, sizeof(*j));
    size_t i = 0;
    int inited = 0, compress = 0, pins = line_bytes * 8;
    uint8_t *lines = NULL, *line = malloc((size_t)line_bytes);
    size_t nlines = 0, cap = 0;
    int info = -1, ended = 0;
#define QFAIL(...)                                                             \
    do {                                                                       \
        TU_FAIL_AT(__VA_ARGS__);                                               \
        goto fail;                                                             \
    } while (0)
    while (i < n) {
        if (ended)
            QFAIL("QL: %zu bytes after the final 1A", n - i);
        uint8_t c = d[i];
        if (c == 0x00) {
            if (inited)
                QFAIL("QL: NUL at %zu after ESC @", i);
            i++;
        } else if (c == 0x1b && i + 1 < n && d[i + 1] == 0x40) {
            inited = 1;
            i += 2;
        } else if (c == 0x1b && i + 2 < n && d[i + 1] == 0x69) {
            uint8_t s = d[i + 2];
            size_t len = s == 'z' ? 13 : s == 'd' ? 5 : s == 'S' ? 3 : 4;
            if (!strchr("azMAKd!S", s))
                QFAIL("QL: unknown ESC i %02x at %zu", s, i);
            if (i + len > n)
                QFAIL("QL: ESC i %c cut short", s);
            if (s == 'z') {
                info = j->npages;
                if (info >= 8)
                    QFAIL("QL: more than 8 pages");
                j->info_type[info] = d[i + 4];
                j->info_width[info] = d[i + 5];
                j->info_length[info] = d[i + 6];
                j->info_lines[info] =
                    d[i + 7] | d[i + 8] << 8 | d[i + 9] << 16 | d[i + 10] << 24;
            }
            i += len;
        } else if (c == 0x4d && i + 1 < n) {
            compress = d[i + 1] == 0x02;
            i += 2;
        } else if (c == 0x67 || c == 0x5a) {
            if (!inited)
                QFAIL("QL: raster before ESC @");
            if (nlines == cap) {
                cap = cap ? cap * 2 : 1024;
                uint8_t *more = realloc(lines, cap * (size_t)line_bytes);
                if (!more)
                    QFAIL("out of memory");
                lines = more;
            }
            uint8_t *dst = lines + nlines * (size_t)line_bytes;
            if (c == 0x5a) {
                memset(dst, 0, (size_t)line_bytes);
                i++;
            } else {
                if (i + 3 > n || d[i + 1] != 0)
                    QFAIL("QL: bad g command at %zu", i);
                size_t len = d[i + 2];
                if (i + 3 + len > n)
                    QFAIL("QL: raster line cut short at %zu", i);
                if (compress) {
                    if (unpackbits(d + i + 3, len, dst, (size_t)line_bytes))
                        QFAIL("QL: bad PackBits line at %zu", i);
                } else {
                    if (len != (size_t)line_bytes)
                        QFAIL("QL: raw line of %zu bytes, head takes %d", len,
                              line_bytes);
                    memcpy(dst, d + i + 3, len);
                }
                i += 3 + len;
            }
            nlines++;
        } else if (c == 0x0c || c == 0x1a) {
            int p = new_page(j, pins, nlines ? (int)nlines : 1);
            if (p < 0)
                QFAIL("QL: cannot hold page %d", j->npages + 1);
            for (size_t y = 0; y < nlines; y++)
                for (int b = 0; b < pins; b++)
                    if ((lines[y * (size_t)line_bytes + (size_t)(b >> 3)] >>
                         (7 - (b & 7))) &
                        1)
                        bitmap1_set(&j->page[p], pins - 1 - b, (int)y, 1);
            nlines = 0;
            ended = c == 0x1a;
            i++;
        } else {
            QFAIL("QL: unknown byte %02x at %zu", c, i);
        }
    }
    if (!ended)
        QFAIL("QL: the job does not end with 1A");
    free(lines);
    free(line);
    return 0;
fail:
    free(lines);
    free(line);
    job_free(j);
    return -1;
#undef QFAIL
}

/* ---- ZPL decoder -------------------------------------------------------- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Graphic data (plain or compressed hex) of `rows` rows of `bpr` bytes
 * from `s` up to the next '^' or '~'.  Returns the characters used. */
static long zpl_graphic(const char *s, int bpr, int rows, struct bitmap1 *out)
{
    uint8_t *prev = calloc((size_t)bpr, 1), *row = calloc((size_t)bpr, 1);
    long i = 0;
    int y = 0, nib = 0, count = 0;
    while (s[i] && s[i] != '^' && s[i] != '~' && y < rows) {
        char c = s[i++];
        if (c == '\n' || c == '\r')
            continue;
        if (c >= 'G' && c <= 'Y') {
            count += c - 'G' + 1;
            continue;
        }
        if (c >= 'g' && c <= 'z') {
            count += (c - 'g' + 1) * 20;
            continue;
        }
        if (c == ',' || c == '!' || c == ':') {
            if (c == ':')
                memcpy(row, prev, (size_t)bpr);
            else
                for (int k = nib; k < bpr * 2; k++)
                    row[k / 2] |=
                        (uint8_t)((c == '!' ? 0xF : 0) << ((k & 1) ? 0 : 4));
            nib = bpr * 2;
        } else {
            int v = hexval(c);
            if (v < 0) {
                TU_FAIL_AT("ZPL: unexpected '%c' in graphic data", c);
                i = -1;
                break;
            }
            for (int r = count ? count : 1; r > 0; r--) {
                if (nib >= bpr * 2) {
                    TU_FAIL_AT("ZPL: graphic row %d runs over", y);
                    i = -1;
                    goto out;
                }
                row[nib / 2] |= (uint8_t)(v << ((nib & 1) ? 0 : 4));
                nib++;
            }
        }
        count = 0;
        if (nib == bpr * 2) {
            for (int x = 0; x < out->width; x++)
                if ((row[x >> 3] >> (7 - (x & 7))) & 1)
                    bitmap1_set(out, x, y, 1);
            memcpy(prev, row, (size_t)bpr);
            memset(row, 0, (size_t)bpr);
            nib = 0;
            y++;
        }
    }
    if (i >= 0 && y != rows) {
        TU_FAIL_AT("ZPL: graphic has %d rows, header says %d", y, rows);
        i = -1;
    }
out:
    free(prev);
    free(row);
    return i;
}

/* Each ^GFA field or ~DG graphic becomes one page, bpr*8 dots wide. */
static int decode_zpl(const char *s, struct job *j)
{
    memset(j, 0, sizeof(*j));
    int pw = 0, ll = 0;
    for (const char *p = s; *p; p++) {
        /* ^PW/^LL may come before or after the graphic they apply to. */
        if (p[0] == '^' && p[1] == 'P' && p[2] == 'W') {
            pw = (int)strtol(p + 3, NULL, 10);
            if (j->npages && !j->width[j->npages - 1])
                j->width[j->npages - 1] = pw;
        }
        if (p[0] == '^' && p[1] == 'L' && p[2] == 'L') {
            ll = (int)strtol(p + 3, NULL, 10);
            if (j->npages && !j->length[j->npages - 1])
                j->length[j->npages - 1] = ll;
        }
        const char *g = NULL;
        if (strncmp(p, "^GFA,", 5) == 0)
            g = p + 5;
        else if (strncmp(p, "~DG", 3) == 0 && strchr(p, ','))
            g = strchr(p, ',') + 1; /* after the name */
        if (!g)
            continue;
        long total, bpr;
        char *e;
        if (g == p + 5) { /* ^GFA,b,c,d, */
            long binary = strtol(g, &e, 10);
            total = strtol(e + 1, &e, 10);
            if (binary != total)
                TU_FAIL_AT("ZPL: ^GFA byte counts %ld and %ld differ", binary,
                           total);
        } else {
            total = strtol(g, &e, 10);
        }
        bpr = strtol(e + 1, &e, 10);
        if (*e != ',' || bpr <= 0 || total % bpr) {
            TU_FAIL_AT("ZPL: bad graphic header near \"%.20s\"", p);
            job_free(j);
            return -1;
        }
        int rows = (int)(total / bpr);
        int k = new_page(j, (int)bpr * 8, rows);
        if (k < 0) {
            job_free(j);
            return -1;
        }
        long used = zpl_graphic(e + 1, (int)bpr, rows, &j->page[k]);
        if (used < 0) {
            job_free(j);
            return -1;
        }
        j->width[k] = pw;
        j->length[k] = ll;
        p = e + used;
    }
    return 0;
}

/* ---- DYMO LabelWriter decoder ------------------------------------------ */

static int decode_dymo(const uint8_t *d, size_t n, int head_dots, struct job *j)
{
    memset(j, 0, sizeof(*j));
    int bpl = head_dots / 8, tab = 0, length = 0, y = 0, cur = -1;
    size_t i = 0;
#define DFAIL(...)                                                             \
    do {                                                                       \
        TU_FAIL_AT(__VA_ARGS__);                                               \
        job_free(j);                                                           \
        return -1;                                                             \
    } while (0)
    while (i < n) {
        uint8_t c = d[i];
        if ((c == 0x16 || c == 0x17) && cur < 0) {
            /* First line of a label: its height is ESC L's length, or
             * grows for continuous media. */
            cur = new_page(j, head_dots, length > 0 ? length : 20000);
            if (cur < 0)
                DFAIL("DYMO: cannot hold another page");
            j->length[cur] = length;
            y = 0;
        }
        if (c == 0x16) {
            if (i + 1 + (size_t)bpl > n || tab + bpl > head_dots / 8)
                DFAIL("DYMO: SYN line at %zu runs over", i);
            if (y >= j->page[cur].height)
                DFAIL("DYMO: more lines than ESC L said");
            for (int x = 0; x < bpl * 8; x++)
                if ((d[i + 1 + (size_t)(x >> 3)] >> (7 - (x & 7))) & 1)
                    bitmap1_set(&j->page[cur], tab * 8 + x, y, 1);
            y++;
            i += 1 + (size_t)bpl;
        } else if (c == 0x17) {
            int x = 0;
            i++;
            if (y >= j->page[cur].height)
                DFAIL("DYMO: more lines than ESC L said");
            while (x < bpl * 8) {
                if (i >= n)
                    DFAIL("DYMO: ETB line cut short");
                int black = d[i] >> 7, run = (d[i] & 0x7f) + 1;
                if (x + run > bpl * 8)
                    DFAIL("DYMO: ETB runs past %d dots", bpl * 8);
                for (int k = 0; k < run; k++)
                    if (black)
                        bitmap1_set(&j->page[cur], tab * 8 + x + k, y, 1);
                x += run;
                i++;
            }
            y++;
        } else if (c == 0x1b && i + 1 < n) {
            uint8_t s = d[i + 1];
            switch (s) {
            case 0x1b: /* synchronisation run */
                i++;
                break;
            case 'B':
                tab = d[i + 2];
                i += 3;
                break;
            case 'D':
                bpl = d[i + 2];
                i += 3;
                break;
            case 'L':
                length = d[i + 2] << 8 | d[i + 3];
                i += 4;
                break;
            case 'f': /* ESC f 1 n: skip n lines */
                if (cur < 0) {
                    cur = new_page(j, head_dots, length > 0 ? length : 20000);
                    if (cur < 0)
                        DFAIL("DYMO: cannot hold another page");
                    j->length[cur] = length;
                    y = 0;
                }
                y += d[i + 3];
                i += 4;
                break;
            case 'Q': /* top margin, two bytes */
                i += 4;
                break;
            case 'q': /* roll select */
                i += 3;
                break;
            case '@':
            case 'A':
            case 'h':
            case 'i':
            case 'e':
            case 'g':
            case 'c':
            case 'd':
                i += 2;
                break;
            case 'E':
            case 'G':
                if (cur < 0) { /* feeds with nothing printed since */
                    i += 2;
                    break;
                }
                if (length <= 0) { /* continuous: keep what was sent */
                    struct bitmap1 *pg = &j->page[cur];
                    pg->height = y;
                }
                cur = -1;
                i += 2;
                break;
            default:
                DFAIL("DYMO: unknown ESC %02x at %zu", s, i);
            }
        } else {
            DFAIL("DYMO: unknown byte %02x at %zu", c, i);
        }
    }
    if (cur >= 0)
        DFAIL("DYMO: the last label is not fed out (no ESC E)");
    return 0;
#undef DFAIL
}

/* ---- round trips -------------------------------------------------------- */

static int encode(const char *model_name, struct media media,
                  const struct bitmap1 *pages, int n, struct print_options opt,
                  struct bytebuf *out)
{
    const struct printer_model *m = printer_model_by_name(model_name);
    struct ck_error err = {0};
    if (!m) {
        TU_FAIL_AT("no model %s", model_name);
        return -1;
    }
    memset(out, 0, sizeof(*out));
    int code = driver_encode(m, &media, pages, (size_t)n, &opt, out, &err);
    if (code) {
        TU_FAIL_AT("driver_encode %s: %s", model_name, err.msg);
        return -1;
    }
    return 0;
}

#ifndef REFERENCE_FILTERS
/* Pixels of `got` in the rectangle at (gx, gy) equal `want`, and every
 * other pixel of `got` is white.  Reports the first difference. */
static int same_placed(const struct bitmap1 *got, int gx, int gy,
                       const struct bitmap1 *want, const char *what)
{
    for (int y = 0; y < got->height; y++)
        for (int x = 0; x < got->width; x++) {
            int wx = x - gx, wy = y - gy;
            int expect = wx >= 0 && wy >= 0 && wx < want->width &&
                         wy < want->height && bitmap1_get(want, wx, wy);
            if (bitmap1_get(got, x, y) != expect) {
                TU_FAIL_AT("%s: dot (%d,%d) of the decoded %dx%d page is "
                           "%d, the page has %d",
                           what, x, y, got->width, got->height, !expect,
                           expect);
                return 0;
            }
        }
    return 1;
}

/* Brother's table: the printable area starts `right` pins from the wire's
 * first bit, so as read it starts at pins - right - area. */
static void ql_round_trip(const char *model_name, struct media media,
                          int line_bytes, int area, int right, int *heights,
                          int npages, int expect_lines, int cut_each)
{
    struct bitmap1 pages[4];
    for (int p = 0; p < npages; p++)
        pages[p] = make_page(area - 3 * p, heights[p], 100u + (uint32_t)p);
    struct bytebuf out;
    struct print_options opt = {.cut_each = cut_each != 0};
    if (encode(model_name, media, pages, npages, opt, &out))
        goto done;
    struct job j;
    if (decode_ql(out.data, out.len, line_bytes, &j) == 0) {
        EXPECT_INT(j.npages, npages);
        for (int p = 0; p < j.npages && p < npages; p++) {
            int lines = expect_lines ? expect_lines : heights[p];
            EXPECT_INT(j.page[p].height, lines);
            EXPECT_INT(j.info_lines[p], lines);
            EXPECT_INT(j.info_type[p],
                       media.kind == MEDIA_DIE_CUT ? 0x0B : 0x0A);
            EXPECT_INT(j.info_width[p], media.width_mm);
            same_placed(&j.page[p], line_bytes * 8 - right - area, 0, &pages[p],
                        model_name);
        }
        job_free(&j);
    }
    bytebuf_free(&out);
done:
    for (int p = 0; p < npages; p++)
        bitmap1_free(&pages[p]);
}

static void ql800_die_cut_62x100_round_trips_uncompressed(void)
{
    int h[] = {1109, 1109};
    ql_round_trip("QL-800", (struct media){MEDIA_DIE_CUT, 62, 100}, 90, 696, 12,
                  h, 2, 1109, 0);
}

static void ql810w_continuous_62_round_trips_with_packbits(void)
{
    int h[] = {400, 1300, 150};
    ql_round_trip("QL-810W", (struct media){MEDIA_CONTINUOUS, 62, 0}, 90, 696,
                  12, h, 3, 0, 1);
}

static void ql700_29x90_sits_at_the_far_end_of_the_head(void)
{
    int h[] = {991};
    ql_round_trip("QL-700", (struct media){MEDIA_DIE_CUT, 29, 90}, 90, 306, 6,
                  h, 1, 991, 0);
}

static void ql1100_102x152_round_trips_on_the_wide_head(void)
{
    int h[] = {1660, 1660};
    ql_round_trip("QL-1100", (struct media){MEDIA_DIE_CUT, 102, 152}, 162, 1164,
                  56, h, 2, 1660, 1);
}

static void ql1110nwb_62mm_tape_on_the_wide_head(void)
{
    int h[] = {600};
    ql_round_trip("QL-1110NWB", (struct media){MEDIA_CONTINUOUS, 62, 0}, 162,
                  696, 56, h, 1, 0, 0);
}

static void ql_short_continuous_page_is_fed_to_the_minimum(void)
{
    /* The QL-500 feeds at least 295 lines; a 100-line page is padded. */
    int h[] = {100};
    ql_round_trip("QL-500", (struct media){MEDIA_CONTINUOUS, 62, 0}, 90, 696,
                  12, h, 1, 295, 0);
}

static void small_page_is_placed_top_left_and_padded(void)
{
    struct bitmap1 pg = make_page(500, 700, 3);
    struct bytebuf out;
    struct job j;
    if (encode("QL-820NWB", (struct media){MEDIA_DIE_CUT, 62, 100}, &pg, 1,
               (struct print_options){0}, &out) == 0) {
        if (decode_ql(out.data, out.len, 90, &j) == 0) {
            EXPECT_INT(j.page[0].height, 1109);
            same_placed(&j.page[0], 720 - 12 - 696, 0, &pg, "QL-820NWB");
            job_free(&j);
        }
        bytebuf_free(&out);
    }
    bitmap1_free(&pg);
}

static void too_wide_page_is_refused_naming_both_sizes(void)
{
    struct bitmap1 pg = make_page(700, 300, 1);
    const struct printer_model *m = printer_model_by_name("QL-800");
    struct media md = {MEDIA_CONTINUOUS, 62, 0};
    struct bytebuf out = {0};
    struct ck_error err = {0};
    EXPECT_INT(driver_encode(m, &md, &pg, 1, NULL, &out, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "700 dots wide");
    EXPECT_CONTAINS(err.msg, "QL-800 prints 696");
    EXPECT_INT(out.len, 0);
    bytebuf_free(&out);
    bitmap1_free(&pg);
}

static void too_long_die_cut_page_is_refused(void)
{
    struct bitmap1 pg = make_page(696, 1200, 1);
    const struct printer_model *m = printer_model_by_name("QL-700");
    struct media md = {MEDIA_DIE_CUT, 62, 100};
    struct bytebuf out = {0};
    struct ck_error err = {0};
    EXPECT_INT(driver_encode(m, &md, &pg, 1, NULL, &out, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "1200 dots long");
    EXPECT_CONTAINS(err.msg, "1109");
    bytebuf_free(&out);
    bitmap1_free(&pg);
}

static void wide_roll_on_narrow_head_is_refused(void)
{
    const struct printer_model *m = printer_model_by_name("QL-800");
    struct media md = {MEDIA_DIE_CUT, 102, 152};
    int w = 0, l = 0;
    struct ck_error err = {0};
    EXPECT_INT(driver_printable(m, &md, &w, &l, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "QL-800");
    EXPECT_CONTAINS(err.msg, "102x152");
}

static void printable_areas_follow_the_references(void)
{
    struct {
        const char *model;
        struct media md;
        int w, l;
    } cases[] = {
        {"QL-800", {MEDIA_CONTINUOUS, 62, 0}, 696, 0},
        {"QL-800", {MEDIA_DIE_CUT, 62, 29}, 696, 271},
        {"QL-570", {MEDIA_DIE_CUT, 29, 90}, 306, 991},
        {"QL-810W", {MEDIA_DIE_CUT, 62, 100}, 696, 1109},
        {"QL-1060N", {MEDIA_CONTINUOUS, 102, 0}, 1164, 0},
        {"QL-1115NWB", {MEDIA_DIE_CUT, 102, 152}, 1164, 1660},
        {"QL-1100", {MEDIA_DIE_CUT, 103, 164}, 1200, 1822},
        {"LabelWriter 450", {MEDIA_DIE_CUT, 59, 102}, 672, 1200},
        {"LabelWriter 450", {MEDIA_DIE_CUT, 28, 89}, 329, 1050},
        {"LabelWriter 4XL", {MEDIA_DIE_CUT, 102, 152}, 1200, 1800},
        {"ZD420", {MEDIA_DIE_CUT, 100, 150}, 799, 1199},
        {"ZD420-300", {MEDIA_CONTINUOUS, 100, 0}, 1181, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct printer_model *m = printer_model_by_name(cases[i].model);
        int w = -1, l = -1;
        struct ck_error err = {0};
        REQUIRE(m);
        if (driver_printable(m, &cases[i].md, &w, &l, &err)) {
            TU_FAIL_AT("%s %dx%d: %s", cases[i].model, cases[i].md.width_mm,
                       cases[i].md.length_mm, err.msg);
            continue;
        }
        EXPECT_INT(w, cases[i].w);
        EXPECT_INT(l, cases[i].l);
    }
}

static void models_are_found_by_name_and_usb_id(void)
{
    const struct printer_model *m = printer_model_by_usb(0x04f9, 0x209b);
    REQUIRE(m);
    EXPECT_STR(m->name, "QL-800");
    m = printer_model_by_usb(0x04f9, 0x20a7);
    REQUIRE(m);
    EXPECT_STR(m->name, "QL-1100");
    EXPECT_INT(m->line_bytes, 162);
    m = printer_model_by_usb(0x0922, 0x0020);
    REQUIRE(m);
    EXPECT_STR(m->name, "LabelWriter 450");
    EXPECT_TRUE(printer_model_by_usb(0x0a5f, 0) == NULL);
    EXPECT_TRUE(printer_model_by_usb(0x04f9, 0x2049) == NULL);
    m = printer_model_by_name("ql-820nwb");
    REQUIRE(m);
    EXPECT_INT(m->usb_product, 0x209d);
    EXPECT_TRUE(printer_model_by_name("QL-9999") == NULL);
    int n = 0;
    for (const struct printer_model *p = printer_models; p->name; p++) {
        n++;
        EXPECT_INT(p->line_bytes * 8, p->head_dots);
    }
    EXPECT_TRUE(n >= 15 + 5 + 4);
}

static void zpl_round_trip(const char *model_name, struct media media, int pw,
                           int pl, int *heights, int npages)
{
    struct bitmap1 pages[4];
    for (int p = 0; p < npages; p++)
        pages[p] = make_page(pw - 5 * p, heights[p], 200u + (uint32_t)p);
    struct bytebuf out;
    if (encode(model_name, media, pages, npages, (struct print_options){0},
               &out) == 0) {
        char *text = malloc(out.len + 1);
        memcpy(text, out.data, out.len);
        text[out.len] = 0;
        EXPECT_INT(strlen(text), out.len); /* printable ASCII only */
        struct job j;
        if (decode_zpl(text, &j) == 0) {
            EXPECT_INT(j.npages, npages);
            for (int p = 0; p < j.npages && p < npages; p++) {
                int len = pl ? pl : heights[p];
                EXPECT_INT(j.width[p], pw);
                EXPECT_INT(j.length[p], len);
                EXPECT_INT(j.page[p].height, len);
                same_placed(&j.page[p], 0, 0, &pages[p], model_name);
            }
            job_free(&j);
        }
        free(text);
        bytebuf_free(&out);
    }
    for (int p = 0; p < npages; p++)
        bitmap1_free(&pages[p]);
}

static void zpl_203dpi_die_cut_round_trips(void)
{
    int h[] = {1199, 800};
    zpl_round_trip("GK420d", (struct media){MEDIA_DIE_CUT, 100, 150}, 799, 1199,
                   h, 2);
}

static void zpl_300dpi_continuous_round_trips(void)
{
    int h[] = {500, 1700, 90};
    zpl_round_trip("ZD420-300", (struct media){MEDIA_CONTINUOUS, 62, 0}, 732, 0,
                   h, 3);
}

static void zpl_graphic_of_solid_rows_uses_fills(void)
{
    /* All-black and all-white rows are where ZPL's compression matters;
     * the decoder must still give them back exactly. */
    struct bitmap1 pg;
    struct ck_error err = {0};
    REQUIRE(bitmap1_new(448, 300, &pg, &err) == CK_OK);
    for (int y = 100; y < 200; y++)
        for (int x = 0; x < 448; x++)
            bitmap1_set(&pg, x, y, 1);
    for (int y = 250; y < 260; y++)
        for (int x = 447 - y + 250; x < 448; x++)
            bitmap1_set(&pg, x, y, 1);
    struct bytebuf out;
    if (encode("ZD410", (struct media){MEDIA_DIE_CUT, 56, 38}, &pg, 1,
               (struct print_options){0}, &out) == 0) {
        char *text = malloc(out.len + 1);
        memcpy(text, out.data, out.len);
        text[out.len] = 0;
        EXPECT_TRUE(out.len < 2000); /* 16800 bytes of hex uncompressed */
        struct job j;
        if (decode_zpl(text, &j) == 0) {
            same_placed(&j.page[0], 0, 0, &pg, "ZD410");
            job_free(&j);
        }
        free(text);
        bytebuf_free(&out);
    }
    bitmap1_free(&pg);
}

static void dymo_round_trip(const char *model_name, struct media media, int pw,
                            int pl, int *heights, int npages)
{
    const struct printer_model *m = printer_model_by_name(model_name);
    REQUIRE(m);
    struct bitmap1 pages[4];
    for (int p = 0; p < npages; p++)
        pages[p] = make_page(pw - 9 * p, heights[p], 300u + (uint32_t)p);
    struct bytebuf out;
    if (encode(model_name, media, pages, npages, (struct print_options){0},
               &out) == 0) {
        struct job j;
        if (decode_dymo(out.data, out.len, m->head_dots, &j) == 0) {
            EXPECT_INT(j.npages, npages);
            for (int p = 0; p < j.npages && p < npages; p++) {
                EXPECT_INT(j.page[p].height, pl ? pl : heights[p]);
                same_placed(&j.page[p], 0, 0, &pages[p], model_name);
            }
            job_free(&j);
        }
        bytebuf_free(&out);
    }
    for (int p = 0; p < npages; p++)
        bitmap1_free(&pages[p]);
}

static void dymo_450_badge_labels_round_trip(void)
{
    int h[] = {1200, 1000, 1200};
    dymo_round_trip("LabelWriter 450", (struct media){MEDIA_DIE_CUT, 59, 102},
                    672, 1200, h, 3);
}

static void dymo_4xl_wide_labels_round_trip(void)
{
    int h[] = {1800};
    dymo_round_trip("LabelWriter 4XL", (struct media){MEDIA_DIE_CUT, 102, 152},
                    1200, 1800, h, 1);
}

static void dymo_continuous_roll_round_trips(void)
{
    int h[] = {300, 777};
    dymo_round_trip("LabelWriter 450 Turbo",
                    (struct media){MEDIA_CONTINUOUS, 54, 0}, 642, 0, h, 2);
}

/* zbar reads the QR in a decoded page (1 = black) back as `text`. */
static void expect_zbar_reads(const struct bitmap1 *bm, const char *text,
                              const char *what)
{
    size_t n = (size_t)bm->width * (size_t)bm->height;
    uint8_t *gray = malloc(n);
    for (int y = 0; y < bm->height; y++)
        for (int x = 0; x < bm->width; x++)
            gray[(size_t)y * (size_t)bm->width + (size_t)x] =
                bitmap1_get(bm, x, y) ? 0 : 255;
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)bm->width, (unsigned)bm->height);
    zbar_image_set_data(img, gray, n, NULL);
    int found = zbar_scan_image(sc, img);
    if (found < 1) {
        TU_FAIL_AT("%s: zbar found no QR code in the decoded page", what);
    } else {
        const zbar_symbol_t *sym = zbar_image_first_symbol(img);
        EXPECT_STR(zbar_symbol_get_data(sym), text);
    }
    zbar_image_destroy(img);
    zbar_image_scanner_destroy(sc);
    free(gray);
}

static void badge_qr_reads_back_from_every_driver(void)
{
    const char *code = "CK1:6BFR4-PYCON-2026-XQ7TZ";
    struct job j;
    struct bytebuf out;

    struct bitmap1 ql = make_qr_page(696, 1109, code, 8);
    if (encode("QL-820NWB", (struct media){MEDIA_DIE_CUT, 62, 100}, &ql, 1,
               (struct print_options){0}, &out) == 0) {
        if (decode_ql(out.data, out.len, 90, &j) == 0) {
            expect_zbar_reads(&j.page[0], code, "QL-820NWB");
            job_free(&j);
        }
        bytebuf_free(&out);
    }
    bitmap1_free(&ql);

    struct bitmap1 wide = make_qr_page(1164, 1660, code, 12);
    if (encode("QL-1100", (struct media){MEDIA_DIE_CUT, 102, 152}, &wide, 1,
               (struct print_options){0}, &out) == 0) {
        if (decode_ql(out.data, out.len, 162, &j) == 0) {
            expect_zbar_reads(&j.page[0], code, "QL-1100");
            job_free(&j);
        }
        bytebuf_free(&out);
    }
    bitmap1_free(&wide);

    struct bitmap1 zb = make_qr_page(799, 1199, code, 6);
    if (encode("ZD420", (struct media){MEDIA_DIE_CUT, 100, 150}, &zb, 1,
               (struct print_options){0}, &out) == 0) {
        char *text = malloc(out.len + 1);
        memcpy(text, out.data, out.len);
        text[out.len] = 0;
        if (decode_zpl(text, &j) == 0) {
            expect_zbar_reads(&j.page[0], code, "ZD420");
            job_free(&j);
        }
        free(text);
        bytebuf_free(&out);
    }
    bitmap1_free(&zb);

    struct bitmap1 dy = make_qr_page(672, 1200, code, 8);
    if (encode("LabelWriter 450", (struct media){MEDIA_DIE_CUT, 59, 102}, &dy,
               1, (struct print_options){0}, &out) == 0) {
        if (decode_dymo(out.data, out.len, 672, &j) == 0) {
            expect_zbar_reads(&j.page[0], code, "LabelWriter 450");
            job_free(&j);
        }
        bytebuf_free(&out);
    }
    bitmap1_free(&dy);
}

/* zbar's reading of the first QR code on a decoded page, binary safe. */
static size_t zbar_read(const struct bitmap1 *bm, char *out, size_t cap)
{
    size_t n = (size_t)bm->width * (size_t)bm->height, len = 0;
    uint8_t *gray = malloc(n);
    if (!gray)
        return 0;
    for (int y = 0; y < bm->height; y++)
        for (int x = 0; x < bm->width; x++)
            gray[(size_t)y * (size_t)bm->width + (size_t)x] =
                bitmap1_get(bm, x, y) ? 0 : 255;
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)bm->width, (unsigned)bm->height);
    zbar_image_set_data(img, gray, n, NULL);
    if (zbar_scan_image(sc, img) > 0) {
        const zbar_symbol_t *sym = zbar_image_first_symbol(img);
        len = zbar_symbol_get_data_length(sym);
        if (len >= cap)
            len = cap - 1;
        memcpy(out, zbar_symbol_get_data(sym), len);
    }
    out[len] = '\0';
    zbar_image_destroy(img);
    zbar_image_scanner_destroy(sc);
    free(gray);
    return len;
}

/* The whole chain a desk runs: a real badge for a demo attendee rendered
 * from each bundled template, encoded for its printer, parsed back from
 * the printer's bytes, read by zbar, and accepted by the verifier. */
static void rendered_badges_print_scan_and_verify_on_every_driver(void)
{
    struct ck_error err = {0};
    store *s;
    struct import_counts n;
    const char *db = tu_path("drivers-event.db");
    REQUIRE(store_open(db, STORE_CREATE, &s, &err) == CK_OK);
    REQUIRE(event_load(s, tu_demo_event_ini(), &err) == CK_OK);
    REQUIRE(credential_create_key(s, tu_path("drivers-event.key"), &err) ==
            CK_OK);
    REQUIRE(import_file(s, CONFIG_DIR "/demo/registrations.csv", NULL, &n,
                        &err) == CK_OK);
    struct badge_key key;
    REQUIRE(credential_load_key(s, tu_path("drivers-event.key"), &key, &err) ==
            CK_OK);
    struct attendee_list who;
    REQUIRE(store_attendee_find_one(s, "50660", &who, &err) == CK_OK);
    verifier *v;
    REQUIRE(verifier_new(s, &v, &err) == CK_OK);
    static const struct {
        const char *tpl, *model;
        enum printer_lang lang;
        int line_bytes; /* QL bytes per line; DYMO head dots */
    } cases[] = {
        {"badge-62x100", "QL-800", LANG_BROTHER_QL, 90},
        {"badge-62-continuous", "QL-810W", LANG_BROTHER_QL, 90},
        {"badge-102x152", "QL-1100", LANG_BROTHER_QL, 162},
        {"badge-62x100", "ZD420-300", LANG_ZPL, 0},
        {"badge-dymo-30856", "LabelWriter 450", LANG_DYMO_LW, 672},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct template tpl;
        struct label_data d;
        struct label_image img;
        REQUIRE(template_find(CONFIG_DIR "/labels", cases[i].tpl, &tpl, &err) ==
                CK_OK);
        REQUIRE(label_data_for(s, &key, who.items[0].id, 0, &d, &err) == CK_OK);
        REQUIRE(label_render(&tpl, &d, &img, &err) == CK_OK);
        struct bytebuf out;
        struct job j = {0};
        int decoded = -1;
        if (encode(cases[i].model, tpl.media, &img.bitmap, 1,
                   (struct print_options){0}, &out) == 0) {
            if (cases[i].lang == LANG_BROTHER_QL) {
                decoded = decode_ql(out.data, out.len, cases[i].line_bytes, &j);
            } else if (cases[i].lang == LANG_DYMO_LW) {
                decoded =
                    decode_dymo(out.data, out.len, cases[i].line_bytes, &j);
            } else {
                char *text = malloc(out.len + 1);
                memcpy(text, out.data, out.len);
                text[out.len] = 0;
                decoded = decode_zpl(text, &j);
                free(text);
            }
            bytebuf_free(&out);
        }
        char read[256];
        struct verdict vd = {0};
        if (decoded != 0) {
            TU_FAIL_AT("%s on %s: the job did not decode", cases[i].tpl,
                       cases[i].model);
        } else if (zbar_read(&j.page[0], read, sizeof(read)) == 0) {
            TU_FAIL_AT("%s on %s: zbar read no code", cases[i].tpl,
                       cases[i].model);
        } else {
            EXPECT_STR(read, d.qr_text);
            REQUIRE(verifier_check(v, (const uint8_t *)read, strlen(read), &vd,
                                   &err) == CK_OK);
            EXPECT_TRUE(vd.valid);
            EXPECT_STR(vd.badge_name, "अनुराधा देशपांडे");
        }
        job_free(&j);
        label_image_free(&img);
        label_data_free(&d);
        template_free(&tpl);
    }
    verifier_free(v);
    attendee_list_free(&who);
    badge_key_wipe(&key);
    store_close(s);
    label_shutdown();
}

static void decoders_reject_corrupt_jobs(void)
{
    /* The decoders are the oracle: make sure they can say no. */
    struct bitmap1 pg = make_page(696, 271, 9);
    struct bytebuf out;
    struct job j;
    int before = tu_failures;
    if (encode("QL-810W", (struct media){MEDIA_DIE_CUT, 62, 29}, &pg, 1,
               (struct print_options){0}, &out) == 0) {
        quiet_begin();
        out.data[out.len - 1] = 0x0c; /* no final 1A */
        int r = decode_ql(out.data, out.len, 90, &j);
        out.data[out.len - 1] = 0x1a;
        out.data[out.len - 40] ^= 0x10; /* one dot changed */
        int r2 = decode_ql(out.data, out.len, 90, &j);
        int differs = -1;
        if (r2 == 0) {
            differs = !same_placed(&j.page[0], 12, 0, &pg, "corrupt");
            job_free(&j);
        }
        quiet_end();
        tu_failures = before; /* the failures above were expected */
        EXPECT_INT(r, -1);
        EXPECT_TRUE(r2 == -1 || differs == 1);
        bytebuf_free(&out);
    }
    bitmap1_free(&pg);
}

/* `body` after the run of 156 ESC every LabelWriter job opens with, into
 * `out` (its size returned). */
static size_t dymo_job(const uint8_t *body, size_t n, uint8_t *out)
{
    memset(out, 0x1b, 156);
    memcpy(out + 156, body, n);
    return 156 + n;
}

/* A DYMO job read back (print-preview) whose ESC B moves the lines past
 * the head inside a label: fuzz_readback found the line written past its
 * row (regress-dymo-tab-inside-label.bin).  The job without the ESC B
 * reads back as one label. */
static void dymo_read_back_refuses_lines_widened_inside_a_label(void)
{
    const struct printer_model *m = printer_model_by_name("LabelWriter 450");
    static const uint8_t widened[] = {0x1b, '@',  0x1b, 'h',  0x1b,
                                      'D',  2,          /* 16 dots a line */
                                      0x16, 0xff, 0x81, /* a line */
                                      0x1b, 'B',  250,  /* a tab of 250 bytes */
                                      0x16, 0xff, 0x81, 0x1b, 'E'};
    static const uint8_t plain[] = {0x1b, '@',  0x1b, 'h',  0x1b,
                                    'D',  2,    0x16, 0xff, 0x81,
                                    0x16, 0xff, 0x81, 0x1b, 'E'};
    uint8_t job[256];
    struct driver_labels l = {0};
    struct ck_error err = {0};
    EXPECT_TRUE(m != NULL);
    if (!m)
        return;
    size_t n = dymo_job(widened, sizeof(widened), job);
    EXPECT_INT(driver_read_back(m, job, n, &l, &err), CK_EINVAL);
    EXPECT_STR(err.msg, "The lines at byte 169 are 2016 dots wide, wider "
                        "than a LabelWriter 450's head; give the printer's "
                        "model with --model.");
    EXPECT_INT((int)l.n, 0);
    driver_labels_free(&l);
    n = dymo_job(plain, sizeof(plain), job);
    EXPECT_INT(driver_read_back(m, job, n, &l, &err), CK_OK);
    EXPECT_INT((int)l.n, 1);
    driver_labels_free(&l);
}

TU_MAIN(TU_CASE(ql800_die_cut_62x100_round_trips_uncompressed),
        TU_CASE(ql810w_continuous_62_round_trips_with_packbits),
        TU_CASE(ql700_29x90_sits_at_the_far_end_of_the_head),
        TU_CASE(ql1100_102x152_round_trips_on_the_wide_head),
        TU_CASE(ql1110nwb_62mm_tape_on_the_wide_head),
        TU_CASE(ql_short_continuous_page_is_fed_to_the_minimum),
        TU_CASE(small_page_is_placed_top_left_and_padded),
        TU_CASE(too_wide_page_is_refused_naming_both_sizes),
        TU_CASE(too_long_die_cut_page_is_refused),
        TU_CASE(wide_roll_on_narrow_head_is_refused),
        TU_CASE(printable_areas_follow_the_references),
        TU_CASE(models_are_found_by_name_and_usb_id),
        TU_CASE(zpl_203dpi_die_cut_round_trips),
        TU_CASE(zpl_300dpi_continuous_round_trips),
        TU_CASE(zpl_graphic_of_solid_rows_uses_fills),
        TU_CASE(dymo_450_badge_labels_round_trip),
        TU_CASE(dymo_4xl_wide_labels_round_trip),
        TU_CASE(dymo_continuous_roll_round_trips),
        TU_CASE(badge_qr_reads_back_from_every_driver),
        TU_CASE(rendered_badges_print_scan_and_verify_on_every_driver),
        TU_CASE(decoders_reject_corrupt_jobs),
        TU_CASE(dymo_read_back_refuses_lines_widened_inside_a_label))
#else
/* ---- reference filters -------------------------------------------------- */

/* Write `pages` as a 1-bit CUPS raster (1 = black, as cupsColorSpace K).
 * `right_pad` > 0 leaves that many dots between the imageable box and the
 * right edge of the page, which is how rastertoptch learns the margin. */
static int write_raster(const char *path, const struct bitmap1 *pages, int n,
                        int dpi, int right_pad)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    cups_raster_t *r = cupsRasterOpen(fd, CUPS_RASTER_WRITE);
    int ok = r != NULL;
    for (int p = 0; p < n && ok; p++) {
        const struct bitmap1 *pg = &pages[p];
        cups_page_header2_t h;
        memset(&h, 0, sizeof(h));
        float pt = 72.0f / (float)dpi;
        h.HWResolution[0] = h.HWResolution[1] = (unsigned)dpi;
        h.cupsWidth = (unsigned)pg->width;
        h.cupsHeight = (unsigned)pg->height;
        h.cupsBitsPerColor = h.cupsBitsPerPixel = 1;
        h.cupsBytesPerLine = (unsigned)((pg->width + 7) / 8);
        h.cupsColorOrder = CUPS_ORDER_CHUNKED;
        h.cupsColorSpace = CUPS_CSPACE_K;
        h.NumCopies = 1;
        h.cupsImagingBBox[2] = (float)pg->width * pt;
        h.cupsImagingBBox[3] = (float)pg->height * pt;
        /* +0.5 dot so the filter's truncation lands on right_pad. */
        h.cupsPageSize[0] = h.cupsImagingBBox[2] +
                            (right_pad ? ((float)right_pad + 0.5f) * pt : 0);
        h.cupsPageSize[1] = h.cupsImagingBBox[3];
        h.PageSize[0] = (unsigned)(h.cupsPageSize[0] + 0.5f);
        h.PageSize[1] = (unsigned)(h.cupsPageSize[1] + 0.5f);
        ok = cupsRasterWriteHeader2(r, &h) != 0;
        for (int y = 0; y < pg->height && ok; y++)
            ok =
                cupsRasterWritePixels(r, pg->bits + (size_t)y * pg->stride,
                                      h.cupsBytesPerLine) == h.cupsBytesPerLine;
    }
    if (r)
        cupsRasterClose(r);
    close(fd);
    return ok ? 0 : -1;
}

static int run(const char *cmd)
{
    int st = system(cmd);
    if (st != 0)
        TU_FAIL_AT("command failed (%d): %s", st, cmd);
    return st;
}

/* Compare decoded jobs line by line; pages shorter than the other are
 * compared as if padded with blank lines, which is reported. */
static void same_lines(const struct job *ours, const struct job *theirs,
                       const char *what)
{
    EXPECT_INT(ours->npages, theirs->npages);
    for (int p = 0; p < ours->npages && p < theirs->npages; p++) {
        const struct bitmap1 *a = &ours->page[p], *b = &theirs->page[p];
        if (a->width != b->width) {
            TU_FAIL_AT("%s page %d: %d dots wide, filter %d", what, p + 1,
                       a->width, b->width);
            continue;
        }
        if (a->height != b->height)
            printf("# %s page %d: %d lines, filter %d (rest compared as "
                   "blank)\n",
                   what, p + 1, a->height, b->height);
        int h = a->height > b->height ? a->height : b->height;
        int diff = 0;
        for (int y = 0; y < h && !diff; y++)
            for (int x = 0; x < a->width; x++) {
                int va = y < a->height && bitmap1_get(a, x, y);
                int vb = y < b->height && bitmap1_get(b, x, y);
                if (va != vb) {
                    TU_FAIL_AT("%s page %d line %d dot %d: ours %d, filter "
                               "%d",
                               what, p + 1, y, x, va, vb);
                    diff = 1;
                    break;
                }
            }
        if (!diff)
            printf("# %s page %d: %d lines identical\n", what, p + 1, h);
    }
}

static uint8_t *slurp(const char *path, size_t *len)
{
    return (uint8_t *)tu_read_file(path, len);
}

static const char *RASTERTOPTCH = "/usr/lib/cups/filter/rastertoptch";
static const char *RASTER2DYMOLW = "/usr/lib/cups/filter/raster2dymolw";
static char rastertolabel[4096];

static void rastertoptch_compare(const char *model_name, struct media media,
                                 int area, int right, int *heights, int n,
                                 int rle)
{
    const struct printer_model *m = printer_model_by_name(model_name);
    REQUIRE(m);
    struct bitmap1 pages[4];
    for (int p = 0; p < n; p++)
        pages[p] = make_qr_page(area, heights[p], "CK1:REFERENCE-QL", 6);
    struct bytebuf out;
    if (encode(model_name, media, pages, n, (struct print_options){0}, &out) ==
        0) {
        const char *ras = tu_path("ql.ras"), *bin = tu_path("ql.bin");
        char cmd[8192];
        /* Options as the QL PPDs pass them, with MinMargin=0: our pages are
         * the printable area already, so nothing may be cut off. */
        snprintf(cmd, sizeof(cmd),
                 "%s -i '%s' -o '%s' 'PrintQuality=High PrintDensity=0 "
                 "AutoCut noChainPrinting CutLabel=0 Margin=0 MinMargin=0 "
                 "MediaType=Labels Align=Right BytesPerLine=%d PixelXfer=%s "
                 "QL TransferMode=1 LabelPreamble' 2>/dev/null",
                 RASTERTOPTCH, ras, bin, m->line_bytes, rle ? "RLE" : "ULP");
        size_t len = 0;
        uint8_t *ref = NULL;
        struct job a, b;
        int ok = write_raster(ras, pages, n, 300, right) == 0 &&
                 run(cmd) == 0 && (ref = slurp(bin, &len)) != NULL;
        int before = tu_failures;
        if (m->line_bytes > 128)
            quiet_begin();
        int decoded = ok && decode_ql(ref, len, m->line_bytes, &b) == 0;
        if (m->line_bytes > 128)
            quiet_end();
        if (ok && !decoded && m->line_bytes > 128) {
            tu_failures = before; /* strict TIFF decoding failed: see below */
            minus128_is_129 = 1;
            decoded = decode_ql(ref, len, m->line_bytes, &b) == 0;
            minus128_is_129 = 0;
            if (decoded)
                printf("# %s: rastertoptch uses PackBits header -128 for "
                       "129 repeats (TIFF: no-op); decoded its way\n",
                       model_name);
        }
        if (decoded) {
            if (decode_ql(out.data, out.len, m->line_bytes, &a) == 0) {
                same_lines(&a, &b, model_name);
                job_free(&a);
            }
            job_free(&b);
        } else {
            TU_FAIL_AT("%s: rastertoptch gave no decodable job", model_name);
        }
        free(ref);
        bytebuf_free(&out);
    }
    for (int p = 0; p < n; p++)
        bitmap1_free(&pages[p]);
}

static void rastertoptch_ql800_die_cut_lines_match(void)
{
    int h[] = {1109, 1109};
    rastertoptch_compare("QL-800", (struct media){MEDIA_DIE_CUT, 62, 100}, 696,
                         12, h, 2, 0);
}

static void rastertoptch_ql800_29mm_tape_lines_match(void)
{
    int h[] = {700};
    rastertoptch_compare("QL-800", (struct media){MEDIA_CONTINUOUS, 29, 0}, 306,
                         6, h, 1, 0);
}

static void rastertoptch_ql810w_packbits_lines_match(void)
{
    int h[] = {600, 900};
    rastertoptch_compare("QL-810W", (struct media){MEDIA_CONTINUOUS, 62, 0},
                         696, 12, h, 2, 1);
}

static void rastertoptch_wide_head_lines_match(void)
{
    /* rastertoptch has no QL-1100 PPD; BytesPerLine=162 is the same line
     * format its QL code emits for any head. */
    int h[] = {1660};
    rastertoptch_compare("QL-1100", (struct media){MEDIA_DIE_CUT, 102, 152},
                         1164, 56, h, 1, 1);
}

static void raster2dymolw_badge_lines_match(void)
{
    const char *ppd = tu_path("lw450.ppd"), *ok = tu_path("ok.bin");
    char cmd[8192];
    snprintf(cmd, sizeof(cmd),
             "/usr/lib/cups/driver/dymo cat dymo:0/cups/model/lw450.ppd "
             "> '%s'",
             ppd);
    if (run(cmd))
        return;
    /* raster2dymolw asks the printer for status on fd 3 and waits until it
     * answers; 0x02 is "ready, top of form" (ESC A in DYMO's manual). */
    uint8_t status[4096];
    memset(status, 0x02, sizeof(status));
    REQUIRE(tu_write_file(ok, status, sizeof(status)) == 0);

    struct bitmap1 pages[2] = {make_qr_page(672, 1200, "CK1:REFERENCE-LW", 8),
                               make_page(672, 1200, 77)};
    struct bytebuf out;
    if (encode("LabelWriter 450", (struct media){MEDIA_DIE_CUT, 59, 102}, pages,
               2, (struct print_options){0}, &out) == 0) {
        const char *ras = tu_path("lw.ras"), *bin = tu_path("lw.bin");
        snprintf(cmd, sizeof(cmd),
                 "PPD='%s' %s 1 user title 1 'PageSize=w167h288' '%s' "
                 "> '%s' 3< '%s' 2>/dev/null",
                 ppd, RASTER2DYMOLW, ras, bin, ok);
        size_t len = 0;
        uint8_t *ref = NULL;
        struct job a, b;
        if (write_raster(ras, pages, 2, 300, 0) == 0 && run(cmd) == 0 &&
            (ref = slurp(bin, &len)) != NULL &&
            decode_dymo(ref, len, 672, &b) == 0) {
            if (decode_dymo(out.data, out.len, 672, &a) == 0) {
                same_lines(&a, &b, "LabelWriter 450");
                job_free(&a);
            }
            job_free(&b);
        } else {
            TU_FAIL_AT("raster2dymolw gave no decodable job");
        }
        free(ref);
        bytebuf_free(&out);
    }
    bitmap1_free(&pages[0]);
    bitmap1_free(&pages[1]);
}

static void rastertolabel_compare(const char *model_name, struct media media,
                                  int pw, int pl, const char *ppd_name)
{
    const struct printer_model *m = printer_model_by_name(model_name);
    REQUIRE(m);
    char cmd[8192];
    const char *dir = tu_path("ppd");
    snprintf(cmd, sizeof(cmd), "ppdc -d '%s' '%s/drivers/zpl.drv' 2>&1", dir,
             TEST_DATA_DIR);
    if (run(cmd))
        return;
    struct bitmap1 pg = make_qr_page(pw, pl, "CK1:REFERENCE-ZPL", 6);
    struct bytebuf out;
    if (encode(model_name, media, &pg, 1, (struct print_options){0}, &out) ==
        0) {
        const char *ras = tu_path("z.ras"), *txt = tu_path("z.zpl");
        snprintf(cmd, sizeof(cmd),
                 "PPD='%s/%s' '%s' 1 user title 1 '' '%s' > '%s' "
                 "2>/dev/null",
                 dir, ppd_name, rastertolabel, ras, txt);
        size_t len = 0;
        char *ref = NULL;
        struct job a, b;
        char *ours = malloc(out.len + 1);
        memcpy(ours, out.data, out.len);
        ours[out.len] = 0;
        if (write_raster(ras, &pg, 1, m->dpi, 0) == 0 && run(cmd) == 0 &&
            (ref = tu_read_file(txt, &len)) != NULL &&
            decode_zpl(ref, &b) == 0) {
            if (decode_zpl(ours, &a) == 0) {
                EXPECT_INT(a.width[0], b.width[0]);
                same_lines(&a, &b, model_name);
                job_free(&a);
            }
            job_free(&b);
        } else {
            TU_FAIL_AT("rastertolabel gave no decodable job");
        }
        free(ours);
        free(ref);
        bytebuf_free(&out);
    }
    bitmap1_free(&pg);
}

static void rastertolabel_zpl_203dpi_lines_match(void)
{
    rastertolabel_compare("GK420d", (struct media){MEDIA_DIE_CUT, 100, 150},
                          799, 1199, "ckzpl203.ppd");
}

static void rastertolabel_zpl_300dpi_lines_match(void)
{
    rastertolabel_compare("ZD420-300", (struct media){MEDIA_DIE_CUT, 62, 100},
                          732, 1181, "ckzpl300.ppd");
}

static int executable(const char *path)
{
    return access(path, X_OK) == 0;
}

/* argv[1] names the filter to compare with; its cases run, or the test
 * exits 77 when the filter (or what it needs) is not installed. */
int main(int argc, char **argv)
{
    static const struct tu_case ptch[] = {
        TU_CASE(rastertoptch_ql800_die_cut_lines_match),
        TU_CASE(rastertoptch_ql800_29mm_tape_lines_match),
        TU_CASE(rastertoptch_ql810w_packbits_lines_match),
        TU_CASE(rastertoptch_wide_head_lines_match),
    };
    static const struct tu_case dymo[] = {
        TU_CASE(raster2dymolw_badge_lines_match),
    };
    static const struct tu_case label[] = {
        TU_CASE(rastertolabel_zpl_203dpi_lines_match),
        TU_CASE(rastertolabel_zpl_300dpi_lines_match),
    };
    const char *which = argc > 1 ? argv[1] : "";
    if (strcmp(which, "rastertoptch") == 0) {
        if (!executable(RASTERTOPTCH))
            return tu_skip_all("CUPS' rastertoptch is not installed "
                               "(printer-driver-ptouch)");
        return tu_run(ptch, sizeof(ptch) / sizeof(ptch[0]), 1, argv);
    }
    if (strcmp(which, "raster2dymolw") == 0) {
        if (!executable(RASTER2DYMOLW) ||
            !executable("/usr/lib/cups/driver/dymo"))
            return tu_skip_all("CUPS' raster2dymolw is not installed "
                               "(printer-driver-dymo)");
        return tu_run(dymo, sizeof(dymo) / sizeof(dymo[0]), 1, argv);
    }
    if (strcmp(which, "rastertolabel") == 0) {
        const char *env = getenv("CHECKIN_RASTERTOLABEL");
        const char *cands[] = {env ? env : "",
                               "/usr/lib/cups/filter/rastertolabel",
                               CUPS_ROOT "/usr/lib/cups/filter/rastertolabel"};
        for (size_t i = 0; i < 3 && !rastertolabel[0]; i++)
            if (cands[i][0] && executable(cands[i]))
                snprintf(rastertolabel, sizeof(rastertolabel), "%s", cands[i]);
        if (!rastertolabel[0])
            return tu_skip_all("CUPS rastertolabel is not installed (package "
                               "cups, or unpack it into " CUPS_ROOT ")");
        if (system("ppdc --help >/dev/null 2>&1 || command -v ppdc "
                   ">/dev/null") != 0)
            return tu_skip_all("ppdc is not installed (cups-ppdc)");
        return tu_run(label, sizeof(label) / sizeof(label[0]), 1, argv);
    }
    fprintf(stderr, "usage: %s rastertoptch|raster2dymolw|rastertolabel\n",
            argv[0]);
    return 2;
}
#endif
