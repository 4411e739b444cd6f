/* Brother QL raster encoder: 1-bit pages in, the byte stream a QL printer
 * takes over USB or TCP out.  It knows the DK rolls (where each sits on
 * the head, how many dots it prints) and the job framing; the encoder does
 * not know transports or status replies.  Byte by byte in
 * docs/brother-ql-raster.md, after Brother's "Raster Command Reference"
 * for the QL-800/810W/820NWB and the QL-1100/1110NWB/1115NWB (section
 * numbers below refer to those).  At the end, the family's table
 * (family.h): its models and its status conversation (ESC i S and the
 * printer's notifications), which talks to the printer only through the
 * transport printer.c hands it. */
#include <stdlib.h>
#include <string.h>

#include "checkin/driver.h"
#include "checkin/util.h"
#include "family.h"
#include "packbits.h"

/* One DK roll on one head size.  Pins are counted on the wire (the first
 * bit of a raster line is pin 0); the printable area starts `right_pins`
 * in from that end because lines are mirrored (section 3.2.5, "Number of
 * pins for right margin"). */
struct ql_media {
    enum media_kind kind;
    int width_mm, length_mm;           /* how callers name the roll */
    int info_width_mm, info_length_mm; /* ESC i z n3/n4, as the printer
                                          reports the roll (section 4) */
    int wide;                          /* 1 = 1296-pin head, 0 = 720-pin head */
    int dots_wide, dots_long; /* printable area; dots_long 0 = continuous */
    int right_pins;
};

/* Section 3.2.5 tables of each reference ("print area", "right margin").
 * 103x164 (DK-11247, QL-1100/1110NWB only) follows the same 56-pin margin
 * as the other wide rolls; that one is not confirmed on hardware. */
static const struct ql_media QL_MEDIA[] = {
    {MEDIA_CONTINUOUS, 29, 0, 29, 0, 0, 306, 0, 6},
    {MEDIA_CONTINUOUS, 38, 0, 38, 0, 0, 413, 0, 12},
    {MEDIA_CONTINUOUS, 50, 0, 50, 0, 0, 554, 0, 12},
    {MEDIA_CONTINUOUS, 54, 0, 54, 0, 0, 590, 0, 0},
    {MEDIA_CONTINUOUS, 62, 0, 62, 0, 0, 696, 0, 12},
    {MEDIA_DIE_CUT, 29, 90, 29, 90, 0, 306, 991, 6},
    {MEDIA_DIE_CUT, 38, 90, 38, 90, 0, 413, 991, 12},
    {MEDIA_DIE_CUT, 62, 29, 62, 29, 0, 696, 271, 12},
    {MEDIA_DIE_CUT, 62, 100, 62, 100, 0, 696, 1109, 12},
    {MEDIA_CONTINUOUS, 29, 0, 29, 0, 1, 306, 0, 50},
    {MEDIA_CONTINUOUS, 38, 0, 38, 0, 1, 413, 0, 56},
    {MEDIA_CONTINUOUS, 50, 0, 50, 0, 1, 554, 0, 56},
    {MEDIA_CONTINUOUS, 54, 0, 54, 0, 1, 590, 0, 44},
    {MEDIA_CONTINUOUS, 62, 0, 62, 0, 1, 696, 0, 56},
    {MEDIA_CONTINUOUS, 102, 0, 102, 0, 1, 1164, 0, 56},
    {MEDIA_DIE_CUT, 29, 90, 29, 90, 1, 306, 991, 50},
    {MEDIA_DIE_CUT, 38, 90, 38, 90, 1, 413, 991, 56},
    {MEDIA_DIE_CUT, 62, 29, 62, 29, 1, 696, 271, 56},
    {MEDIA_DIE_CUT, 62, 100, 62, 100, 1, 696, 1109, 56},
    {MEDIA_DIE_CUT, 102, 51, 102, 51, 1, 1164, 526, 56},
    {MEDIA_DIE_CUT, 102, 152, 102, 153, 1, 1164, 1660, 56},
    {MEDIA_DIE_CUT, 103, 164, 104, 164, 1, 1200, 1822, 56},
};

/* Continuous pages are at most 1 m on the 720-pin models and 3 m on the
 * wide ones (print information tables, section 4). */
#define MAX_LINES_NARROW 11811
#define MAX_LINES_WIDE 35433
/* ESC i d: the feed before and after a continuous page (3 mm, the
 * references' minimum of 35 dots); die-cut labels take 0. */
#define CONTINUOUS_MARGIN 35
/* More NULs than any QL needs to abandon a half-received job (the
 * references ask for 200, the QL-800 family for 400). */
#define INVALIDATE_BYTES 400
/* Written in whole chunks of NULs: 448 in all. */
#define INVALIDATE_CHUNK 64
#define INVALIDATE_WRITTEN                                                     \
    ((INVALIDATE_BYTES + INVALIDATE_CHUNK - 1) / INVALIDATE_CHUNK *            \
     INVALIDATE_CHUNK)

/* Every QL stream opens with the invalidate and ESC @. */
bool ql_stream_head(const uint8_t *head, size_t len)
{
    size_t n = len < INVALIDATE_WRITTEN + 2 ? len : INVALIDATE_WRITTEN + 2;
    for (size_t i = 0; i < n; i++) {
        uint8_t want = i < INVALIDATE_WRITTEN    ? 0x00
                       : i == INVALIDATE_WRITTEN ? 0x1b
                                                 : 0x40;
        if (head[i] != want)
            return false;
    }
    return len > 0;
}

static const struct ql_media *find_media(const struct printer_model *model,
                                         const struct media *media)
{
    int wide = (model->flags & MODEL_WIDE_HEAD) != 0;
    for (size_t i = 0; i < sizeof(QL_MEDIA) / sizeof(QL_MEDIA[0]); i++) {
        const struct ql_media *q = &QL_MEDIA[i];
        if (q->wide == wide && q->kind == media->kind &&
            q->width_mm == media->width_mm &&
            (media->kind == MEDIA_CONTINUOUS ||
             q->length_mm == media->length_mm))
            return q;
    }
    return NULL;
}

static int no_media(const struct printer_model *model,
                    const struct media *media, struct ck_error *err)
{
    if (media->kind == MEDIA_CONTINUOUS)
        return ck_fail(err, CK_EINVAL,
                       "The %s takes no %d mm continuous roll; choose a "
                       "roll it supports (29, 38, 50, 54, 62%s mm).",
                       model->name, media->width_mm,
                       (model->flags & MODEL_WIDE_HEAD) ? " or 102" : "");
    return ck_fail(err, CK_EINVAL,
                   "The %s takes no %dx%d mm die-cut labels; choose a "
                   "DK roll it supports (for badges 62x100%s).",
                   model->name, media->width_mm, media->length_mm,
                   (model->flags & MODEL_WIDE_HEAD) ? " or 102x152" : "");
}

int ql_printable(const struct printer_model *model, const struct media *media,
                 int *width_dots, int *length_dots, struct ck_error *err)
{
    const struct ql_media *q = find_media(model, media);
    if (!q)
        return no_media(model, media, err);
    *width_dots = q->dots_wide;
    *length_dots = q->dots_long;
    return CK_OK;
}

/* Reverses the bit order of a byte. */
static uint8_t reverse_bits(uint8_t b)
{
    b = (uint8_t)((b & 0xF0) >> 4 | (b & 0x0F) << 4);
    b = (uint8_t)((b & 0xCC) >> 2 | (b & 0x33) << 2);
    b = (uint8_t)((b & 0xAA) >> 1 | (b & 0x55) << 1);
    return b;
}

/* One page row into one wire line.  Dot x of the row (0 = left as read)
 * goes to wire pin right_pins + area - 1 - x: the printer prints the first
 * byte of a line at the far end of the head (section 3.2.5), so lines are
 * mirrored.  `line` is zeroed by the caller. */
static void build_line(const uint8_t *row, int width, int area, int right_pins,
                       const uint8_t rev[256], uint8_t *line)
{
    int nbytes = (width + 7) / 8;
    for (int i = 0; i < nbytes; i++) {
        uint8_t b = row[i];
        if (i == nbytes - 1 && (width & 7))
            b &= (uint8_t)(0xFF << (8 - (width & 7)));
        if (!b)
            continue;
        /* Dots 8i+7 .. 8i land on pins base .. base+7, MSB first. */
        int base = right_pins + area - 1 - (8 * i + 7);
        unsigned v = rev[b];
        if (base < 0) {
            /* Only the masked padding dots fall below pin 0. */
            v = (v << -base) & 0xFF;
            base = 0;
        }
        line[base >> 3] |= (uint8_t)(v >> (base & 7));
        if (base & 7)
            line[(base >> 3) + 1] |= (uint8_t)(v << (8 - (base & 7)));
    }
}

/* The sentences name the roll in their own words (tape or labels), so
 * that a catalogue translates them whole (issue 53). */
static int too_big(const struct printer_model *model, const struct ql_media *q,
                   const struct bitmap1 *pg, size_t index, struct ck_error *err)
{
    bool tape = q->kind == MEDIA_CONTINUOUS;
    if (pg->width > q->dots_wide && tape)
        return ck_fail(err, CK_EINVAL,
                       "Label %zu is %d dots wide but %d mm tape on a %s "
                       "prints %d; use the %d mm template.",
                       index + 1, pg->width, q->width_mm, model->name,
                       q->dots_wide, q->width_mm);
    if (pg->width > q->dots_wide)
        return ck_fail(err, CK_EINVAL,
                       "Label %zu is %d dots wide but %dx%d mm labels on a "
                       "%s print %d; use the %d mm template.",
                       index + 1, pg->width, q->width_mm, q->length_mm,
                       model->name, q->dots_wide, q->width_mm);
    int max = q->dots_long ? q->dots_long
              : q->wide    ? MAX_LINES_WIDE
                           : MAX_LINES_NARROW;
    if (pg->height > max && tape)
        return ck_fail(err, CK_EINVAL,
                       "Label %zu is %d dots long but %d mm tape on a %s "
                       "prints %d; use a template for this roll.",
                       index + 1, pg->height, q->width_mm, model->name, max);
    if (pg->height > max)
        return ck_fail(err, CK_EINVAL,
                       "Label %zu is %d dots long but %dx%d mm labels on a "
                       "%s print %d; use a template for this roll.",
                       index + 1, pg->height, q->width_mm, q->length_mm,
                       model->name, max);
    return CK_OK;
}

static int put(struct bytebuf *out, const void *p, size_t n, int *code)
{
    if (!*code)
        *code = bytebuf_append(out, p, n);
    return *code;
}

int ql_encode(const struct printer_model *model, const struct media *media,
              const struct bitmap1 *pages, size_t npages,
              const struct print_options *opt, struct bytebuf *out,
              struct ck_error *err)
{
    const struct ql_media *q = find_media(model, media);
    if (!q)
        return no_media(model, media, err);
    int head_pins = model->line_bytes * 8;
    if (q->right_pins + q->dots_wide > head_pins || model->line_bytes > 255)
        return q->kind == MEDIA_CONTINUOUS
                   ? ck_fail(err, CK_EINVAL,
                             "%d mm tape does not fit the head of the %s.",
                             q->width_mm, model->name)
                   : ck_fail(err, CK_EINVAL,
                             "%dx%d mm labels do not fit the head of the %s.",
                             q->width_mm, q->length_mm, model->name);
    for (size_t p = 0; p < npages; p++) {
        int code = too_big(model, q, &pages[p], p, err);
        if (code)
            return code;
    }

    uint8_t rev[256];
    for (int i = 0; i < 256; i++)
        rev[i] = reverse_bits((uint8_t)i);
    size_t lb = (size_t)model->line_bytes;
    uint8_t *line = malloc(lb + PACKBITS_MAX(lb) + 3);
    if (!line)
        return ck_fail(err, CK_ENOMEM, "Out of memory encoding a QL job.");
    uint8_t *cmd = line + lb; /* "g 00 n" + compressed line */
    int code = CK_OK;

    uint8_t zeros[INVALIDATE_CHUNK] = {0};
    for (int n = 0; n < INVALIDATE_WRITTEN; n += (int)sizeof(zeros))
        put(out, zeros, sizeof(zeros), &code); /* invalidate */
    put(out, "\x1b\x40", 2, &code);            /* ESC @: initialise */

    int compress = (model->flags & MODEL_PACKBITS) != 0;
    for (size_t p = 0; p < npages && !code; p++) {
        const struct bitmap1 *pg = &pages[p];
        int lines = q->dots_long ? q->dots_long : pg->height;
        if (lines < model->min_length_dots)
            lines = model->min_length_dots;

        if (model->flags & MODEL_RASTER_CMD)
            put(out, "\x1b\x69\x61\x01", 4, &code); /* ESC i a 01: raster */

        /* ESC i z: print information.  n1 says which fields the printer
         * must check against the loaded roll: 02 type, 04 width, 08 length
         * (die-cut only), 40 quality first, 80 recover on mismatch. */
        uint8_t info[13] = {0x1b, 0x69, 0x7a};
        info[3] = (uint8_t)(0x80 | 0x02 | 0x04 |
                            (q->kind == MEDIA_DIE_CUT ? 0x08 : 0) |
                            (opt->high_quality ? 0x40 : 0));
        info[4] = q->kind == MEDIA_DIE_CUT ? 0x0B : 0x0A;
        info[5] = (uint8_t)q->info_width_mm;
        info[6] = (uint8_t)q->info_length_mm;
        info[7] = (uint8_t)(lines & 0xFF);
        info[8] = (uint8_t)((lines >> 8) & 0xFF);
        info[9] = (uint8_t)((lines >> 16) & 0xFF);
        info[10] = (uint8_t)((lines >> 24) & 0xFF);
        info[11] = p == 0 ? 0 : 1; /* n9: starting page or not */
        info[12] = 0;
        put(out, info, sizeof(info), &code);

        if (model->flags & MODEL_CUTTER) {
            /* ESC i M: bit 6 auto cut.  Without ESC i K (QL-550) the only
             * way to cut at all is after every label. */
            int each = opt->cut_each || !(model->flags & MODEL_CUT_CMDS);
            uint8_t mode[4] = {0x1b, 0x69, 0x4d, (uint8_t)(each ? 0x40 : 0)};
            put(out, mode, 4, &code);
            if (model->flags & MODEL_CUT_CMDS) {
                if (each)
                    put(out, "\x1b\x69\x41\x01", 4, &code); /* every 1 */
                put(out, "\x1b\x69\x4b\x08", 4, &code);     /* cut at end */
            }
        }
        int margin = q->kind == MEDIA_CONTINUOUS ? CONTINUOUS_MARGIN : 0;
        uint8_t mg[5] = {0x1b, 0x69, 0x64, (uint8_t)(margin & 0xFF),
                         (uint8_t)(margin >> 8)};
        put(out, mg, 5, &code); /* ESC i d: margin (feed) in dots */
        if (compress)
            put(out, "\x4d\x02", 2, &code); /* M 02: TIFF (PackBits) */

        for (int y = 0; y < lines && !code; y++) {
            memset(line, 0, lb);
            int blank = 1;
            if (y < pg->height) {
                build_line(pg->bits + (size_t)y * pg->stride, pg->width,
                           q->dots_wide, q->right_pins, rev, line);
                for (size_t i = 0; i < lb && blank; i++)
                    blank = line[i] == 0;
            }
            if (compress && blank) {
                put(out, "\x5a", 1, &code); /* Z: one blank line */
                continue;
            }
            size_t n = lb;
            const uint8_t *data = line;
            if (compress) {
                n = packbits_encode(line, lb, cmd + 3);
                data = cmd + 3;
            }
            /* g 00 n: one raster line of n bytes (n <= 255 here). */
            uint8_t head[3] = {0x67, 0x00, (uint8_t)n};
            put(out, head, 3, &code);
            put(out, data, n, &code);
        }
        /* FF prints the page; SUB prints the last one and feeds. */
        put(out, p + 1 == npages ? "\x1a" : "\x0c", 1, &code);
    }
    free(line);
    if (code)
        return ck_fail(err, code, "Out of memory encoding a QL job.");
    return CK_OK;
}

/* ---- the family: models and the status conversation --------------------- */

/* USB product ids as docs/brother-ql-raster.md "Models" lists them (from
 * the printers' descriptors); head widths and line bytes from the
 * raster command references for the QL-800/810W/820NWB (90 bytes, 720
 * pins) and QL-1100/1110NWB/1115NWB (162 bytes, 1296 pins); which models
 * take ESC i a, ESC i A/K and compression from the same references and the
 * QL-500/550/560/570/580N/650TD/700/1050/1060N one.  Minimum lengths are
 * the smallest raster line counts of the references' print information
 * tables. */
#define BROTHER 0x04f9
#define QL(name, pid, flags, minlen)                                           \
    {                                                                          \
        name, LANG_BROTHER_QL, BROTHER, pid, 300, 720, 90, flags, minlen       \
    }
#define QLW(name, pid, flags, minlen)                                          \
    {                                                                          \
        name, LANG_BROTHER_QL, BROTHER, pid, 300, 1296, 162,                   \
            (flags) | MODEL_WIDE_HEAD, minlen                                  \
    }

enum {
    CUT = MODEL_CUTTER,
    CUTK = MODEL_CUTTER | MODEL_CUT_CMDS,
    RAS = MODEL_RASTER_CMD,
    PB = MODEL_PACKBITS,
    RED = MODEL_TWO_COLOUR,
};

static const struct printer_model QL_MODELS[] = {
    QL("QL-500", 0x2015, 0, 295),
    QL("QL-550", 0x2016, CUT, 295),
    QL("QL-570", 0x2028, CUTK, 150),
    /* The 650TD compresses only over its serial port: send it raw. */
    QL("QL-650TD", 0x201b, CUTK | RAS, 295),
    QL("QL-700", 0x2042, CUTK, 150),
    QL("QL-710W", 0x2043, CUTK | RAS | PB, 150),
    QL("QL-720NW", 0x2044, CUTK | RAS | PB, 150),
    QL("QL-800", 0x209b, CUTK | RAS | RED, 150),
    QL("QL-810W", 0x209c, CUTK | RAS | PB | RED, 150),
    QL("QL-820NWB", 0x209d, CUTK | RAS | PB | RED, 150),
    QLW("QL-1050", 0x2020, CUTK | RAS | PB, 295),
    QLW("QL-1060N", 0x202a, CUTK | RAS | PB, 295),
    QLW("QL-1100", 0x20a7, CUTK | RAS | PB, 301),
    QLW("QL-1110NWB", 0x20a8, CUTK | RAS | PB, 301),
    QLW("QL-1115NWB", 0x20ab, CUTK | RAS | PB, 301),
    {0},
};

/* The next 32-byte status before `deadline`.  CK_OK with *answered false
 * when nothing (complete) came. */
static int next_status(struct printer_link *l, int64_t deadline,
                       struct printer_status *st, bool *answered,
                       struct ck_error *err)
{
    uint8_t b[BRO_STATUS_LEN];
    size_t got;
    *answered = false;
    int code = printer_read_until(l, b, sizeof(b), deadline, &got, err);
    if (code)
        return code;
    if (got < sizeof(b))
        return CK_OK;
    struct ck_error perr;
    if (printer_status_parse_brother(b, got, st, &perr))
        printer_status_unreadable(st);
    *answered = true;
    return CK_OK;
}

static int ql_query(struct printer_link *l, struct printer_status *st,
                    struct ck_error *err)
{
    /* Invalidate (a half-received job is discarded), initialise, status
     * request (Brother raster command reference, "ESC i S"). */
    uint8_t cmd[400 + 5];
    size_t zeros = l->model->flags & MODEL_WIDE_HEAD ? 400 : 200;
    memset(cmd, 0, zeros);
    memcpy(cmd + zeros, "\x1b\x40\x1b\x69\x53", 5);
    int64_t deadline = util_mono_ms() + l->opt->status_timeout_ms;
    int code =
        transport_write(l->t, cmd, zeros + 5, l->opt->status_timeout_ms, err);
    if (code)
        return code;
    for (;;) {
        bool answered;
        code = next_status(l, deadline, st, &answered, err);
        if (code)
            return code;
        if (!answered) {
            l->t->fault = TRANSPORT_FAULT_TIMEOUT;
            return CK_EDEVICE;
        }
        /* Notifications left over from an earlier job come first; the
         * reply to this request is the one with status type 00. */
        if (st->bro_type == BRO_TYPE_REPLY || st->state == PRINTER_OTHER_ERROR)
            return CK_OK;
    }
}

/* Read notifications until the pages are reported printed. */
static int ql_wait(struct printer_link *l, size_t npages, int64_t deadline,
                   struct printer_status *st, size_t *completed,
                   struct ck_error *err)
{
    *completed = 0;
    for (;;) {
        bool answered;
        int code = next_status(l, deadline, st, &answered, err);
        if (code)
            return code;
        if (!answered) {
            l->t->fault = TRANSPORT_FAULT_TIMEOUT;
            return CK_EDEVICE;
        }
        if (printer_state_is_fault(st->state))
            return CK_OK;
        if (st->bro_type == BRO_TYPE_PRINTED && ++*completed >= npages)
            break;
        /* Back to receiving after at least one page: the job is done even
         * if the printer reports pages in fewer notifications. */
        if (*completed && st->bro_type == BRO_TYPE_PHASE &&
            st->bro_phase == BRO_PHASE_RECEIVING)
            break;
    }
    st->state = PRINTER_PRINTED;
    return CK_OK;
}

/* An error status before any "printing completed" means the page was not
 * finished; the printer then ignores the rest of the job until it is
 * invalidated (raster command reference, "Status information"), which
 * every status request does. */
static bool ql_fault_dropped_job(struct printer_link *l, size_t npages,
                                 const struct printer_status *st,
                                 size_t completed)
{
    (void)l;
    (void)npages;
    (void)st;
    return completed == 0;
}

/* Brother and DYMO network models do not answer status requests on port
 * 9100 reliably.  What a cut-short job left is discarded by the
 * invalidate every status request starts with. */
const struct printer_family ql_family = {
    .name = "Brother QL",
    .lang = LANG_BROTHER_QL,
    .models = QL_MODELS,
    .printable = ql_printable,
    .encode = ql_encode,
    .stream_head = ql_stream_head,
    .answers_over_tcp = false,
    .query = ql_query,
    .wait = ql_wait,
    .fault_dropped_job = ql_fault_dropped_job,
    .interrupted = NULL,
    .media_product = printer_media_product,
    .read_back = ql_read_back,
};
