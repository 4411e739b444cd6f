/* A printer's bytes read back into the labels they print, one reader per
 * command set (family.h's read_back), written from the same references as
 * the encoders (docs/brother-ql-raster.md, docs/zpl.md,
 * docs/dymo-labelwriter.md).  Each walks every byte, refuses what its
 * command set's streams do not hold with the byte's offset, and keeps the
 * labels that were read whole, so a stream cut short (a desk stopped in
 * the middle of a print) still shows what came before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/buf.h"
#include "checkin/vec.h"
#include "family.h"

/* A label is at most this long on any model (a continuous roll's longest
 * page is far shorter): a stream claiming more is damaged, not a label. */
enum { MAX_LABEL_LINES = 65536 };

void driver_labels_free(struct driver_labels *l)
{
    for (size_t i = 0; i < l->n; i++)
        bitmap1_free(&l->page[i]);
    free(l->page);
    memset(l, 0, sizeof(*l));
}

/* The raster lines of the label being read, `row_bytes` each, MSB first. */
struct lines {
    struct ck_buf b;
    size_t row_bytes, n;
};

static uint8_t *lines_add(struct lines *ls)
{
    uint8_t *at = (uint8_t *)ck_buf_room(&ls->b, ls->row_bytes);
    if (!at)
        return NULL;
    memset(at, 0, ls->row_bytes);
    ls->b.len += ls->row_bytes;
    ls->n++;
    return at;
}

/* The lines held as the next label, `width` dots wide; bit k of a line is
 * dot k, or dot width-1-k where `mirrored` (a QL's first bit on the wire
 * is its right-most pin). */
static int lines_to_label(struct lines *ls, int width, bool mirrored,
                          struct driver_labels *out, struct ck_error *err)
{
    if (!CK_VEC_ROOM(out->page, out->n, 1, out->cap))
        return ck_fail(err, CK_ENOMEM, "Out of memory reading labels back.");
    struct bitmap1 *pg = &out->page[out->n];
    int code = bitmap1_new(width, ls->n ? (int)ls->n : 1, pg, err);
    if (code)
        return code;
    const uint8_t *src = (const uint8_t *)ls->b.p;
    for (size_t y = 0; y < ls->n; y++)
        for (int k = 0; k < width && (size_t)(k >> 3) < ls->row_bytes; k++)
            if ((src[y * ls->row_bytes + (size_t)(k >> 3)] >> (7 - (k & 7))) &
                1)
                bitmap1_set(pg, mirrored ? width - 1 - k : k, (int)y, true);
    out->n++;
    ls->b.len = 0;
    ls->n = 0;
    return CK_OK;
}

/* ---- Brother QL raster --------------------------------------------------- */

/* Undo TIFF PackBits into exactly `want` bytes (Brother's compression);
 * false if the data does not make exactly that many. */
static bool unpack_bits(const uint8_t *in, size_t n, uint8_t *out, size_t want)
{
    size_t i = 0, o = 0;
    while (i < n) {
        int h = in[i] < 0x80 ? in[i] : in[i] - 0x100; /* a signed count */
        i++;
        if (h >= 0) {
            size_t run = (size_t)h + 1;
            if (run > n - i || run > want - o)
                return false;
            memcpy(out + o, in + i, run);
            i += run;
            o += run;
        } else if (h != -128) {
            size_t run = (size_t)(1 - h);
            if (i >= n || run > want - o)
                return false;
            memset(out + o, in[i++], run);
            o += run;
        }
    }
    return o == want;
}

/* The length of the ESC i command with sub-command `s`, 0 if unknown. */
static size_t ql_esc_i_len(uint8_t s)
{
    switch (s) {
    case 'z':
        return 13; /* print information */
    case 'd':
        return 5; /* margin */
    case 'S':
        return 3; /* status request */
    case 'a':     /* mode switch */
    case 'M':     /* various mode */
    case 'A':     /* cut every n */
    case 'K':     /* expanded mode */
    case '!':     /* automatic status */
        return 4;
    default:
        return 0;
    }
}

static int ql_read_head(const struct printer_model *model, const uint8_t *d,
                        size_t n, struct driver_labels *out,
                        struct ck_error *err)
{
    size_t line_bytes = (size_t)model->line_bytes;
    struct lines ls = {.row_bytes = line_bytes};
    bool inited = false, compress = false;
    size_t i = 0;
    int code = CK_OK;
    /* QL_BAD(ck_fail(...)): the ck_fail written out, so that its format
     * is extracted (po/ERROR-ROOMS). */
#define QL_BAD(failed)                                                         \
    do {                                                                       \
        code = (failed);                                                       \
        goto out;                                                              \
    } while (0)
    while (i < n) {
        uint8_t c = d[i];
        if (c == 0x00 && !inited) { /* the invalidate before a job */
            i++;
        } else if (c == 0x1b && i + 1 < n && d[i + 1] == 0x40) {
            inited = true; /* ESC @: initialise */
            i += 2;
        } else if (c == 0x1b && i + 2 < n && d[i + 1] == 0x69) {
            size_t len = ql_esc_i_len(d[i + 2]);
            if (!len)
                QL_BAD(ck_fail(
                    err, CK_EINVAL,
                    "Byte %zu is ESC i %02x, which no Brother QL raster "
                    "job holds; it is no Brother QL job checkin wrote.",
                    i, d[i + 2]));
            if (len > n - i)
                QL_BAD(
                    ck_failn(err, CK_EINVAL, out->n,
                             "The stream ends inside a command at byte %zu (a "
                             "print cut short): %zu whole label before it.",
                             "The stream ends inside a command at byte %zu (a "
                             "print cut short): %zu whole labels before it.",
                             i, out->n));
            i += len;
        } else if (c == 0x4d && i + 1 < n) { /* M: compression */
            compress = d[i + 1] == 0x02;
            i += 2;
        } else if (c == 0x67 || c == 0x5a) { /* g: a raster line; Z: blank */
            if (!inited)
                QL_BAD(
                    ck_fail(err, CK_EINVAL,
                            "Byte %zu is a raster line before the job's ESC @; "
                            "it is no Brother QL job checkin wrote.",
                            i));
            if (ls.n >= MAX_LABEL_LINES)
                QL_BAD(
                    ck_fail(err, CK_EINVAL,
                            "A label at byte %zu is longer than %d lines; the "
                            "stream is damaged.",
                            i, MAX_LABEL_LINES));
            uint8_t *dst = lines_add(&ls);
            if (!dst) {
                code = ck_fail(err, CK_ENOMEM,
                               "Out of memory reading labels back.");
                goto out;
            }
            if (c == 0x5a) {
                i++;
                continue;
            }
            if (n - i < 3 || d[i + 1] != 0)
                QL_BAD(ck_fail(err, CK_EINVAL,
                               "The raster line at byte %zu is cut short or "
                               "malformed.",
                               i));
            size_t len = d[i + 2];
            if (len > n - i - 3)
                QL_BAD(
                    ck_failn(err, CK_EINVAL, out->n,
                             "The stream ends inside a raster line at byte %zu "
                             "(a print cut short): %zu whole label before it.",
                             "The stream ends inside a raster line at byte %zu "
                             "(a print cut short): %zu whole labels before it.",
                             i, out->n));
            bool ok = compress ? unpack_bits(d + i + 3, len, dst, line_bytes)
                               : len == line_bytes &&
                                     (memcpy(dst, d + i + 3, len), true);
            if (!ok)
                QL_BAD(
                    ck_fail(err, CK_EINVAL,
                            "The raster line at byte %zu does not make the %zu "
                            "bytes a %s's head takes; give the printer's model "
                            "with --model.",
                            i, line_bytes, model->name));
            i += 3 + len;
        } else if (c == 0x0c || c == 0x1a) { /* the end of a label, a job */
            code = lines_to_label(&ls, model->head_dots, true, out, err);
            if (code)
                goto out;
            if (c == 0x1a)
                inited = false; /* a later job opens again */
            i++;
        } else {
            QL_BAD(ck_fail(
                err, CK_EINVAL,
                "Byte %zu is %02x, which no Brother QL raster job holds "
                "there; it is no Brother QL job checkin wrote.",
                i, c));
        }
    }
    if (inited || ls.n)
        QL_BAD(ck_failn(err, CK_EINVAL, out->n,
                        "The stream ends inside a label (a print cut short): "
                        "%zu whole label before it.",
                        "The stream ends inside a label (a print cut short): "
                        "%zu whole labels before it.",
                        out->n));
out:
    ck_buf_free(&ls.b);
    return code;
#undef QL_BAD
}

/* Without a model, each head width the family has is tried in turn: a
 * standard QL takes 90 bytes a line, a wide one 162. */
int ql_read_back(const struct printer_model *model, const uint8_t *d, size_t n,
                 struct driver_labels *out, struct ck_error *err)
{
    if (model)
        return ql_read_head(model, d, n, out, err);
    int code = CK_EINVAL, tried = 0;
    for (const struct printer_model *m = ql_family.models; m->name; m++) {
        if (m->line_bytes == tried)
            continue;
        tried = m->line_bytes;
        driver_labels_free(out);
        code = ql_read_head(m, d, n, out, err);
        /* A wrong head fails at the first raster line, before any label:
         * a line decodes to exactly one head's bytes. */
        if (code != CK_EINVAL || out->n) {
            out->model = m;
            return code;
        }
    }
    return code;
}

/* ---- Zebra ZPL II ---------------------------------------------------------
 */

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* One ^GFA field's data from `s` (up to the next '^' or '~', at most `n`
 * bytes, the field's first at byte `at`): `rows` rows of `bpr` bytes in
 * ZPL's compressed hex (repeat counts G-Y and g-z, ',' for the rest of
 * the row white, '!' black, ':' the row before again).  *used: the bytes
 * the data took. */
static int zpl_field(const char *s, size_t n, size_t at, size_t bpr,
                     size_t rows, struct lines *ls, size_t *used,
                     struct ck_error *err)
{
    size_t i = 0, nib = 0, count = 0;
    uint8_t *row = NULL;
    while (i < n && s[i] != '^' && s[i] != '~' && (ls->n < rows || row)) {
        char c = s[i++];
        if (c == '\n' || c == '\r')
            continue;
        if (c >= 'G' && c <= 'Y') {
            count += (size_t)(c - 'G' + 1);
            continue;
        }
        if (c >= 'g' && c <= 'z') {
            count += (size_t)(c - 'g' + 1) * 20;
            continue;
        }
        if (!row) {
            if (!lines_add(ls))
                return ck_fail(err, CK_ENOMEM,
                               "Out of memory reading labels back.");
            row = (uint8_t *)ls->b.p + (ls->n - 1) * bpr;
        }
        if (c == ':' || c == ',' || c == '!') {
            if (c == ':' && ls->n > 1)
                memcpy(row, row - bpr, bpr);
            else if (c == '!')
                for (size_t k = nib; k < bpr * 2; k++)
                    row[k / 2] |= (uint8_t)(0xF << ((k & 1) ? 0 : 4));
            nib = bpr * 2;
        } else {
            int v = hex_nibble(c);
            if (v < 0)
                return ck_fail(err, CK_EINVAL,
                               "Byte %zu is %02x inside a ^GF graphic, which "
                               "ZPL's hexadecimal data never holds; the "
                               "stream is damaged.",
                               at + i - 1, (unsigned)(unsigned char)c);
            for (size_t r = count ? count : 1; r > 0; r--) {
                if (nib >= bpr * 2)
                    return ck_fail(err, CK_EINVAL,
                                   "A row of the ^GF graphic ending at byte "
                                   "%zu is longer than its %zu bytes; the "
                                   "stream is damaged.",
                                   at + i, bpr);
                row[nib / 2] |= (uint8_t)(v << ((nib & 1) ? 0 : 4));
                nib++;
            }
        }
        count = 0;
        if (nib == bpr * 2) {
            row = NULL;
            nib = 0;
        }
    }
    if (ls->n != rows || row)
        return ck_fail(err, CK_EINVAL,
                       "The ^GF graphic at byte %zu has %zu whole rows where "
                       "its header says %zu (a print cut short, or a damaged "
                       "stream).",
                       at, ls->n - (row ? 1 : 0), rows);
    *used = i;
    return CK_OK;
}

/* Each ^GFA field is one label, as wide as its rows (checkin writes one
 * field a label, at ^FO0,0). */
int zpl_read_back(const struct printer_model *model, const uint8_t *d, size_t n,
                  struct driver_labels *out, struct ck_error *err)
{
    (void)model; /* a field says its own width, the stream no resolution */
    const char *s = (const char *)d;
    struct lines ls = {0};
    int code = CK_OK;
    bool open = false;
    for (size_t i = 0; i < n;) {
        if (n - i >= 3 && !memcmp(s + i, "^XA", 3)) {
            open = true;
            i += 3;
        } else if (n - i >= 3 && !memcmp(s + i, "^XZ", 3)) {
            open = false;
            i += 3;
        } else if (n - i >= 5 && !memcmp(s + i, "^GFA,", 5)) {
            /* ^GFA,binary bytes,total bytes,bytes a row,data */
            unsigned long long v[3];
            size_t used = 0;
            bool ok = true;
            for (int k = 0; k < 3 && ok; k++) {
                const char *p = s + i + 5 + used;
                char *end;
                ok = i + 5 + used < n && *p >= '0' && *p <= '9';
                v[k] = ok ? strtoull(p, &end, 10) : 0;
                ok = ok && (size_t)(end - s) < n && *end == ',';
                used = ok ? (size_t)(end - s) + 1 - i - 5 : used;
            }
            unsigned long long bin = v[0], total = v[1], bpr = v[2];
            if (!ok || !bpr || total % bpr || bin != total ||
                total / bpr > MAX_LABEL_LINES || bpr > 4096) {
                code = ck_fail(err, CK_EINVAL,
                               "The ^GFA header at byte %zu is not one a "
                               "label holds; the stream is damaged.",
                               i);
                goto out;
            }
            size_t at = i + 5 + used;
            ls.row_bytes = (size_t)bpr;
            size_t got = 0;
            code = zpl_field(s + at, n - at, at, (size_t)bpr,
                             (size_t)(total / bpr), &ls, &got, err);
            if (!code)
                code = lines_to_label(&ls, (int)bpr * 8, false, out, err);
            if (code)
                goto out;
            i = at + got;
        } else if (open || s[i] == '\n' || s[i] == '\r') {
            i++; /* other commands (^PW, ^LL, ^FO, ^FS) and their values */
        } else if (s[i] == '^' || s[i] == '~') {
            /* A command outside a format (~JA): up to the next one. */
            for (i++; i < n && s[i] != '^' && s[i] != '~' && s[i] != '\n';)
                i++;
        } else {
            code = ck_fail(err, CK_EINVAL,
                           "Byte %zu is outside any ^XA ... ^XZ format, so "
                           "this is no ZPL job checkin wrote.",
                           i);
            goto out;
        }
    }
    if (open)
        code = ck_failn(err, CK_EINVAL, out->n,
                        "The stream ends inside a format with no ^XZ (a print "
                        "cut short): %zu whole label before it.",
                        "The stream ends inside a format with no ^XZ (a print "
                        "cut short): %zu whole labels before it.",
                        out->n);
out:
    ck_buf_free(&ls.b);
    return code;
}

/* ---- DYMO LabelWriter -----------------------------------------------------
 */

/* The model whose head holds lines of `dots`: `model` itself, or without
 * one the family's narrowest that does. */
static const struct printer_model *dymo_head(const struct printer_model *model,
                                             int dots)
{
    if (model)
        return dots <= model->head_dots ? model : NULL;
    const struct printer_model *best = NULL;
    for (const struct printer_model *m = dymo_family.models; m->name; m++)
        if (dots <= m->head_dots && (!best || m->head_dots < best->head_dots))
            best = m;
    return best;
}

/* What a DYMO job's commands have said so far, as it is read back. */
struct dymo_reader {
    const struct printer_model *model; /* the one given, or NULL */
    const struct printer_model *head;  /* the model whose head fits */
    int tab, bpl, length;              /* ESC B, ESC D and ESC L's */
    bool in_label;
    struct lines ls;
    struct driver_labels *out;
};

/* The raster line at d[*at] (SYN: raw dots; ETB: runs), added to the
 * label; the first line of a label finds the head it fits. */
static int dymo_line(struct dymo_reader *r, const uint8_t *d, size_t n,
                     size_t *at, struct ck_error *err)
{
    size_t i = *at;
    uint8_t c = d[i];
    if (!r->bpl)
        return ck_fail(err, CK_EINVAL,
                       "Byte %zu is a raster line before ESC D set its "
                       "length; it is no DYMO LabelWriter job checkin wrote.",
                       i);
    int dots = (r->tab + r->bpl) * 8;
    if (!r->in_label)
        r->head = dymo_head(r->model, dots);
    /* Each line, not only a label's first: an ESC B or ESC D inside the
     * label widens the lines after its head was chosen, and such a line
     * was once written past the end of its row. */
    size_t wide = (size_t)r->tab + (size_t)r->bpl;
    if (!r->head ||
        wide > (r->in_label ? r->ls.row_bytes : (size_t)r->head->head_dots / 8))
        return ck_fail(err, CK_EINVAL,
                       "The lines at byte %zu are %d dots wide, wider "
                       "than a %s's head; give the printer's model "
                       "with --model.",
                       i, dots,
                       r->model  ? r->model->name
                       : r->head ? r->head->name
                                 : "LabelWriter");
    if (!r->in_label) {
        r->ls.row_bytes = (size_t)r->head->head_dots / 8;
        r->in_label = true;
    }
    if (r->ls.n >= MAX_LABEL_LINES ||
        (r->length > 0 && r->ls.n >= (size_t)r->length))
        return ck_fail(err, CK_EINVAL,
                       "The label at byte %zu has more lines than its ESC "
                       "L said; the stream is damaged.",
                       i);
    uint8_t *row = lines_add(&r->ls);
    if (!row)
        return ck_fail(err, CK_ENOMEM, "Out of memory reading labels back.");
    i++;
    int tab = r->tab, bpl = r->bpl;
    if (c == 0x16) {
        if ((size_t)bpl > n - i)
            return ck_failn(err, CK_EINVAL, r->out->n,
                            "The stream ends inside a line at byte %zu (a "
                            "print cut short): %zu whole label before it.",
                            "The stream ends inside a line at byte %zu (a "
                            "print cut short): %zu whole labels before it.",
                            i - 1, r->out->n);
        memcpy(row + tab, d + i, (size_t)bpl);
        *at = i + (size_t)bpl;
        return CK_OK;
    }
    for (int x = 0; x < bpl * 8;) {
        if (i >= n)
            return ck_failn(err, CK_EINVAL, r->out->n,
                            "The stream ends inside a line (a print cut "
                            "short): %zu whole label before it.",
                            "The stream ends inside a line (a print cut "
                            "short): %zu whole labels before it.",
                            r->out->n);
        int black = d[i] >> 7, run = (d[i] & 0x7f) + 1;
        if (x + run > bpl * 8)
            return ck_fail(err, CK_EINVAL,
                           "The run at byte %zu goes past the line's %d "
                           "dots; the stream is damaged.",
                           i, bpl * 8);
        for (int k = 0; black && k < run; k++) {
            int dot = tab * 8 + x + k;
            row[dot >> 3] |= (uint8_t)(0x80 >> (dot & 7));
        }
        x += run;
        i++;
    }
    *at = i;
    return CK_OK;
}

/* `count` white lines added to the label (ESC f's skipped lines, or the
 * rest of its length at a feed). */
static int dymo_white(struct dymo_reader *r, size_t count, struct ck_error *err)
{
    for (size_t k = 0; k < count; k++)
        if (!lines_add(&r->ls))
            return ck_fail(err, CK_ENOMEM,
                           "Out of memory reading labels back.");
    return CK_OK;
}

/* The ESC command at d[*at]: the line's tab and length, the label's
 * length, skipped lines, and a feed that ends the label. */
static int dymo_command(struct dymo_reader *r, const uint8_t *d, size_t n,
                        size_t *at, struct ck_error *err)
{
    size_t i = *at;
    uint8_t s = d[i + 1];
    size_t len = s == 0x1b                           ? 1
                 : s == 'B' || s == 'D' || s == 'q'  ? 3
                 : s == 'L' || s == 'f' || s == 'Q'  ? 4
                 : strchr("@AhiegcdEG", s) && s != 0 ? 2
                                                     : 0;
    if (!len)
        return ck_fail(err, CK_EINVAL,
                       "Byte %zu is ESC %02x, which no LabelWriter job "
                       "holds; it is no DYMO LabelWriter job checkin wrote.",
                       i, s);
    if (len > n - i)
        return ck_failn(err, CK_EINVAL, r->out->n,
                        "The stream ends inside a command at byte %zu (a print "
                        "cut short): %zu whole label before it.",
                        "The stream ends inside a command at byte %zu (a print "
                        "cut short): %zu whole labels before it.",
                        i, r->out->n);
    int code = CK_OK;
    if (s == 'B')
        r->tab = d[i + 2];
    else if (s == 'D')
        r->bpl = d[i + 2];
    else if (s == 'L')
        r->length = d[i + 2] << 8 | d[i + 3];
    else if (s == 'f' && r->in_label) /* skip lines: white */
        code = dymo_white(r, d[i + 3], err);
    if (!code && (s == 'E' || s == 'G') && r->in_label) { /* feeds: done */
        if (r->length > 0 && r->ls.n < (size_t)r->length)
            code = dymo_white(r, (size_t)r->length - r->ls.n, err);
        if (!code)
            code =
                lines_to_label(&r->ls, r->head->head_dots, false, r->out, err);
        r->in_label = false;
    }
    *at = i + len;
    return code;
}

int dymo_read_back(const struct printer_model *model, const uint8_t *d,
                   size_t n, struct driver_labels *out, struct ck_error *err)
{
    struct dymo_reader r = {.model = model, .out = out};
    int code = CK_OK;
    for (size_t i = 0; i < n && !code;) {
        uint8_t c = d[i];
        if (c == 0x16 || c == 0x17) /* SYN: raw dots; ETB: runs */
            code = dymo_line(&r, d, n, &i, err);
        else if (c == 0x1b && i + 1 < n)
            code = dymo_command(&r, d, n, &i, err);
        else
            code = ck_fail(err, CK_EINVAL,
                           "Byte %zu is %02x, which no LabelWriter job holds "
                           "there; it is no DYMO LabelWriter job checkin "
                           "wrote.",
                           i, c);
    }
    if (!code && r.in_label)
        code = ck_failn(err, CK_EINVAL, out->n,
                        "The stream ends inside a label with no form feed (a "
                        "print cut short): %zu whole label before it.",
                        "The stream ends inside a label with no form feed (a "
                        "print cut short): %zu whole labels before it.",
                        out->n);
    if (!code && r.head)
        out->model = r.head;
    ck_buf_free(&r.ls.b);
    return code;
}
