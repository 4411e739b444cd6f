/* DYMO LabelWriter 450 family encoder (450, Turbo, Twin Turbo, Duo label
 * side, 4XL): 1-bit pages in, the printer's raster commands out.  Not for
 * the LabelWriter 550/5XL, whose job header and roll authentication differ.
 * Byte by byte in docs/dymo-labelwriter.md, after DYMO's "LabelWriter 450
 * Series Technical Reference Manual" (printer commands chapter).  At the
 * end, the family's table (family.h): its models and its status
 * conversation (ESC A, ESC E), through the transport printer.c hands it. */
#include <stdlib.h>
#include <string.h>

#include "checkin/driver.h"
#include "checkin/util.h"
#include "family.h"

/* Label sizes in points as DYMO's own CUPS driver (printer-driver-dymo,
 * lw450.ppd and lw4xl.ppd) declares them; dots = points * 300 / 72.  The
 * first dot of a line is the left edge of the label as read. */
struct dymo_media {
    enum media_kind kind;
    int width_mm, length_mm;
    int width_pt, length_pt; /* length 0 = continuous */
    const char *product;     /* DYMO's number; NULL for the roll */
};

static const struct dymo_media DYMO_MEDIA[] = {
    {MEDIA_DIE_CUT, 59, 102, 167, 288, "30857"},
    {MEDIA_DIE_CUT, 62, 103, 176, 292, "30856"},
    {MEDIA_DIE_CUT, 54, 101, 154, 286, "99014"},
    {MEDIA_DIE_CUT, 28, 89, 79, 252, "30252"},
    {MEDIA_DIE_CUT, 57, 32, 162, 90, "30334"},
    {MEDIA_DIE_CUT, 25, 54, 72, 154, "30336"},
    {MEDIA_DIE_CUT, 102, 152, 288, 432, "1744907"},
    {MEDIA_CONTINUOUS, 54, 0, 154, 0, NULL},
};

/* Synchronisation: a run of ESC long enough to end any half-sent command
 * (the same count DYMO's driver sends), then ESC @ to reset. */
#define SYNC_ESCS 156
/* ESC L takes a 16-bit length; continuous pages are capped there. */
#define MAX_LENGTH 65535

static int pt_to_dots(int pt)
{
    return (pt * 300 + 36) / 72;
}

static const struct dymo_media *find_media(const struct media *media)
{
    for (size_t i = 0; i < sizeof(DYMO_MEDIA) / sizeof(DYMO_MEDIA[0]); i++) {
        const struct dymo_media *d = &DYMO_MEDIA[i];
        if (d->kind == media->kind && d->width_mm == media->width_mm &&
            (media->kind == MEDIA_CONTINUOUS ||
             d->length_mm == media->length_mm))
            return d;
    }
    return NULL;
}

int dymo_printable(const struct printer_model *model, const struct media *media,
                   int *width_dots, int *length_dots, struct ck_error *err)
{
    const struct dymo_media *d = find_media(media);
    if (!d)
        return ck_fail(err, CK_EINVAL,
                       "checkin knows no %dx%d mm DYMO labels; for badges "
                       "load 30857 (59x102 mm) and choose --media 59x102.",
                       media->width_mm, media->length_mm);
    int w = pt_to_dots(d->width_pt);
    if (w > model->head_dots) {
        /* Wider than the head by more than the label's own edges: the
         * roll does not fit this printer (4x6 in on a 450).  Badge cards
         * a few mm wider than the head do: lw450.ppd lists 30856 (176 pt,
         * 733 dots) with a 161.28 pt (672-dot) imageable width. */
        if (w - model->head_dots > 100)
            return ck_fail(err, CK_EINVAL,
                           "DYMO %s labels (%dx%d mm) do not fit the %s; use "
                           "a LabelWriter 4XL or a narrower roll.",
                           d->product ? d->product : "", d->width_mm,
                           d->length_mm, model->name);
        w = model->head_dots;
    }
    *width_dots = w;
    *length_dots = d->length_pt ? pt_to_dots(d->length_pt) : 0;
    return CK_OK;
}

/* Appends one line as ETB run-length data: each byte is bit 7 = colour
 * (1 black), bits 0-6 = run length - 1.  Returns bytes written. */
static size_t rle_line(const uint8_t *line, int dots, uint8_t *o)
{
    size_t k = 0;
    int x = 0;
    while (x < dots) {
        int c = (line[x >> 3] >> (7 - (x & 7))) & 1;
        uint8_t full = c ? 0xFF : 0x00;
        int n = 1;
        while (x + n < dots && n < 128) {
            int at = x + n;
            /* Whole bytes of the run's colour at once. */
            if (!(at & 7) && n <= 120 && at + 8 <= dots &&
                line[at >> 3] == full) {
                n += 8;
                continue;
            }
            if (((line[at >> 3] >> (7 - (at & 7))) & 1) != c)
                break;
            n++;
        }
        o[k++] = (uint8_t)((c << 7) | (n - 1));
        x += n;
    }
    return k;
}

/* Every LabelWriter stream opens with the ESC run, ESC @ and ESC h. */
bool dymo_stream_head(const uint8_t *head, size_t len)
{
    static const uint8_t after[] = {0x1b, 0x40, 0x1b, 0x68};
    size_t n =
        len < SYNC_ESCS + sizeof(after) ? len : SYNC_ESCS + sizeof(after);
    for (size_t i = 0; i < n; i++)
        if (head[i] != (i < SYNC_ESCS ? 0x1b : after[i - SYNC_ESCS]))
            return false;
    return len > 0;
}

/* A page wider than `pw` or longer than `max` dots: the sentences name
 * the labels in their own words, so that a catalogue translates them
 * whole (issue 53). */
static int too_big(const struct printer_model *model,
                   const struct dymo_media *d, const struct bitmap1 *pg,
                   size_t index, int pw, int max, struct ck_error *err)
{
    const char *product = d->product ? d->product : "";
    bool roll = d->kind == MEDIA_CONTINUOUS;
    if (pg->width > pw && roll)
        return ck_fail(err, CK_EINVAL,
                       "Label %zu is %d dots wide but a %d mm continuous roll "
                       "on a %s prints %d; use the %d mm template.",
                       index + 1, pg->width, d->width_mm, model->name, pw,
                       d->width_mm);
    if (pg->width > pw)
        return ck_fail(err, CK_EINVAL,
                       "Label %zu is %d dots wide but DYMO %s labels (%dx%d "
                       "mm) on a %s print %d; use the %d mm template.",
                       index + 1, pg->width, product, d->width_mm, d->length_mm,
                       model->name, pw, d->width_mm);
    if (pg->height > max && roll)
        return ck_fail(err, CK_EINVAL,
                       "Label %zu is %d dots long but a %d mm continuous roll "
                       "on a %s prints %d; use a template for it.",
                       index + 1, pg->height, d->width_mm, model->name, max);
    if (pg->height > max)
        return ck_fail(err, CK_EINVAL,
                       "Label %zu is %d dots long but DYMO %s labels (%dx%d "
                       "mm) on a %s print %d; use a template for them.",
                       index + 1, pg->height, product, d->width_mm,
                       d->length_mm, model->name, max);
    return CK_OK;
}

int dymo_encode(const struct printer_model *model, const struct media *media,
                const struct bitmap1 *pages, size_t npages,
                const struct print_options *opt, struct bytebuf *out,
                struct ck_error *err)
{
    (void)opt; /* ESC i (300x600 graphics mode) is not used: see docs. */
    int pw, pl;
    int code = dymo_printable(model, media, &pw, &pl, err);
    if (code)
        return code;
    const struct dymo_media *d = find_media(media);
    for (size_t p = 0; p < npages; p++) {
        code = too_big(model, d, &pages[p], p, pw, pl ? pl : MAX_LENGTH, err);
        if (code)
            return code;
    }

    size_t bpl = ((size_t)pw + 7) / 8;
    uint8_t *line = malloc(bpl + bpl * 8 + 2);
    if (!line)
        return ck_fail(err, CK_ENOMEM, "Out of memory encoding a DYMO job.");
    uint8_t *rle = line + bpl;

    uint8_t esc[SYNC_ESCS];
    memset(esc, 0x1b, sizeof(esc));
    code = bytebuf_append(out, esc, sizeof(esc));
    if (!code) /* ESC @ reset; ESC h text (300x300) mode; ESC B 0: no dot
                  tab; ESC D n: bytes per line */
        code = bytebuf_append(out, "\x1b\x40\x1b\x68\x1b\x42\x00", 7);
    if (!code) {
        uint8_t bd[3] = {0x1b, 0x44, (uint8_t)bpl};
        code = bytebuf_append(out, bd, 3);
    }
    for (size_t p = 0; p < npages && !code; p++) {
        const struct bitmap1 *pg = &pages[p];
        int length = pl ? pl : pg->height;
        /* ESC L n1 n2: label length in dot lines, most significant first;
         * the printer uses it to find the next top of form. */
        uint8_t el[4] = {0x1b, 0x4c, (uint8_t)(length >> 8),
                         (uint8_t)(length & 0xFF)};
        code = bytebuf_append(out, el, 4);
        for (int y = 0; y < length && !code; y++) {
            memset(line, 0, bpl);
            if (y < pg->height) {
                size_t nb = ((size_t)pg->width + 7) / 8;
                memcpy(line, pg->bits + (size_t)y * pg->stride, nb);
                if (pg->width & 7)
                    line[nb - 1] &= (uint8_t)(0xFF << (8 - (pg->width & 7)));
            }
            /* SYN + raw bytes, or ETB + runs when that is shorter. */
            size_t n = rle_line(line, (int)(bpl * 8), rle + 1);
            if (n < bpl) {
                rle[0] = 0x17;
                code = bytebuf_append(out, rle, n + 1);
            } else {
                uint8_t syn = 0x16;
                code = bytebuf_append(out, &syn, 1);
                if (!code)
                    code = bytebuf_append(out, line, bpl);
            }
        }
        /* ESC G: short form feed to the next label's top of form; ESC E
         * after the last one feeds it out past the tear bar. */
        if (!code)
            code = bytebuf_append(out,
                                  p + 1 == npages ? "\x1b\x45" : "\x1b\x47", 2);
    }
    free(line);
    if (code)
        return ck_fail(err, code, "Out of memory encoding a DYMO job.");
    return CK_OK;
}

/* ---- the family: models and the status conversation --------------------- */

/* 0x0922:0x0020 (450) from the organizers' label-printer notes
 * (docs/dymo-labelwriter.md "Models" says where each id comes from);
 * 0x0021 (450 Turbo) from GoogleChrome/chrome-extensions-samples
 * usb-label-printer/README.md; 0x0022 (Twin Turbo), 0x0023 (Duo) and
 * 0x0025 (4XL) from the thermal-label/labelwriter hardware table, not
 * confirmed on hardware.  Head widths from the technical reference (ESC D
 * at most 84 bytes; the 4XL 156). */
#define DYMO 0x0922
#define LW(name, pid, dots)                                                    \
    {                                                                          \
        name, LANG_DYMO_LW, DYMO, pid, 300, dots, (dots) / 8, 0, 0             \
    }

static const struct printer_model DYMO_MODELS[] = {
    /* untranslated: the models' names, as DYMO prints them on the
     * printers. */
    LW("LabelWriter 450", 0x0020, 672),
    LW("LabelWriter 450 Turbo", 0x0021, 672),
    LW("LabelWriter 450 Twin Turbo", 0x0022, 672),
    LW("LabelWriter 450 Duo", 0x0023, 672),
    LW("LabelWriter 4XL", 0x0025, 1248),
    {0},
};

/* The ESC run DYMO's own driver sends before a job. */
#define DYMO_SYNC_ESCS 156
/* *l->flags: a job was cut short mid-label; feed that label out (ESC E)
 * before the next status request, back to the top of a form. */
#define DYMO_EJECT 1u

static int dymo_query(struct printer_link *l, struct printer_status *st,
                      struct ck_error *err)
{
    /* ESC A: one status byte (LabelWriter 450 technical reference).  The
     * run of ESC before it completes whatever command a job cut short left
     * half received (a line's data would swallow ESC A), as DYMO's driver
     * does before every job; on an idle printer it does nothing.  After a
     * job cut short mid-label, ESC E feeds that label out first, as CUPS's
     * rastertodymo does when a job is cancelled, and the answer waits for
     * the feed to end (the printer is not at a top of form until then). */
    uint8_t cmd[DYMO_SYNC_ESCS + 4];
    size_t len = DYMO_SYNC_ESCS;
    memset(cmd, 0x1b, DYMO_SYNC_ESCS);
    bool ejecting = (*l->flags & DYMO_EJECT) != 0;
    if (ejecting) {
        cmd[len++] = 0x1b; /* ESC E: form feed */
        cmd[len++] = 0x45;
    }
    cmd[len++] = 0x1b; /* ESC A: status */
    cmd[len++] = 0x41;
    int64_t deadline = util_mono_ms() + l->opt->status_timeout_ms;
    int code = transport_write(l->t, cmd, len, l->opt->status_timeout_ms, err);
    if (code)
        return code;
    *l->flags &= ~DYMO_EJECT;
    for (;;) {
        uint8_t b;
        size_t got;
        code = printer_read_until(l, &b, 1, deadline, &got, err);
        if (code)
            return code;
        if (!got) {
            l->t->fault = TRANSPORT_FAULT_TIMEOUT;
            return CK_EDEVICE;
        }
        if (printer_status_parse_dymo(&b, 1, st, NULL))
            printer_status_unreadable(st);
        if (!ejecting || st->state != PRINTER_PRINTING ||
            util_mono_ms() + l->opt->poll_ms >= deadline)
            return CK_OK;
        printer_sleep_ms(l->opt->poll_ms);
        code = transport_write(l->t, "\x1b\x41", 2,
                               (int)(deadline - util_mono_ms()), err);
        if (code)
            return code;
    }
}

/* Cut short mid-label: the next status request feeds it out.  A job that
 * went out whole is left as it is. */
static void dymo_interrupted(struct printer_link *l, bool whole)
{
    if (!whole)
        *l->flags |= DYMO_EJECT;
}

/* The status byte cannot tell a label spoiled half way from one printed
 * whole whose feed stopped, so a fault never says the job was dropped
 * (no fault_dropped_job).  Network models do not answer status requests
 * on port 9100 reliably. */
const struct printer_family dymo_family = {
    .name = "DYMO LabelWriter",
    .lang = LANG_DYMO_LW,
    .models = DYMO_MODELS,
    .printable = dymo_printable,
    .encode = dymo_encode,
    .stream_head = dymo_stream_head,
    .answers_over_tcp = false,
    .query = dymo_query,
    .wait = printer_poll_wait,
    .fault_dropped_job = NULL,
    .interrupted = dymo_interrupted,
    .media_product = NULL,
    .read_back = dymo_read_back,
};
