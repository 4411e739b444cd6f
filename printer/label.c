/* Rendering labels with Pango and cairo (see label.h).
 *
 * One layout pass decides every field: the text size (largest of the
 * field's size range that fits the box in width, height and lines, found by
 * bisection in quarter points), wrapping only at line-break opportunities,
 * then ellipsizing at min-size if even that does not fit.  Fitting is by
 * the ink *and* logical extents, so tall marks (Telugu, Tamil, Arabic) and
 * emoji count.  The same layouts are then drawn either into a 1-bit image
 * for a printer or as vector PDF pages.
 *
 * Pango is used at the printer's resolution with hinting off, so that the
 * same layout is exact on a 300 dpi head and in a PDF.  Font fallback is
 * fontconfig's: the template names a family list, and the text's language
 * (from its script: kana -> ja, Hangul -> ko, other Han -> zh) steers the
 * choice between the CJK fonts. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/atomic_file.h"
#include "checkin/label.h"
#include "checkin/qr.h"

#define QUIET_MODULES 4
#define MIN_MODULE_DOTS 2
#define SIZE_STEP 0.25 /* points */

struct label_pdf {
    cairo_surface_t *surface;
    char *path;
    size_t pages;
    struct atomic_file af; /* written whole, 0600, at path */
};

/* One field, laid out. */
struct placed {
    PangoLayout *layout; /* NULL: nothing to draw as text */
    int tx, ty, tw, th;  /* the text box in dots */
    double ox, oy;       /* where the layout's origin goes, in dots */
    uint32_t text_rgb;   /* in colour */
    uint32_t mono_rgb;   /* on a 1-bit label */
    bool band;
    uint32_t fill_rgb; /* bands: the colour they are filled with */
    bool fill_black;   /* bands: black on a 1-bit label */
    uint8_t *qr;       /* QR: one byte per module incl. quiet, 0 = dark */
    int qr_side;       /* modules incl. quiet zone */
    int qx, qy, module;
};

static int mm_dots(double mm, int dpi)
{
    return (int)lround(mm * dpi / 25.4);
}

static double luminance(uint32_t rgb)
{
    return 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) +
           0.114 * (rgb & 255);
}

static bool parse_rgb(const char *s, uint32_t *out)
{
    if (!s || s[0] != '#' || strlen(s) != 7)
        return false;
    char *end;
    unsigned long v = strtoul(s + 1, &end, 16);
    if (*end)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* A ticket template prints its own "Room" before the room, so a room named
 * "Room 101" would read "Room Room 101": when the template has a "Room"
 * label, the room's own leading "Room" (any case) and the spaces after it
 * are left out.  Only that word: "Rm 101" or "Hall B" print as named. */
static const char *room_text(const struct template *tpl, const char *room)
{
    static const char WORD[] = "Room";
    const size_t n = sizeof(WORD) - 1;
    if (!room || g_ascii_strncasecmp(room, WORD, n) || room[n] != ' ')
        return room;
    const char *rest = room + n;
    while (*rest == ' ')
        rest++;
    if (!*rest)
        return room;
    for (size_t i = 0; i < tpl->nfields; i++) {
        const struct template_field *f = &tpl->fields[i];
        if (f->source != SOURCE_LITERAL || !f->text)
            continue;
        const char *t = f->text;
        while (*t == ' ')
            t++;
        size_t len = strlen(t);
        while (len && t[len - 1] == ' ')
            len--;
        if (len == n && !g_ascii_strncasecmp(t, WORD, n))
            return rest;
    }
    return room;
}

static const char *source_text(const struct template *tpl,
                               const struct label_data *d,
                               const struct template_field *f)
{
    switch (f->source) {
    case SOURCE_NONE:
        return NULL;
    case SOURCE_BADGE_NAME:
        return d->badge_name;
    case SOURCE_PRONOUNS:
        return d->pronouns;
    case SOURCE_COMPANY:
        return d->company;
    case SOURCE_TICKET_TYPE:
        return d->ticket_type;
    case SOURCE_EVENT_NAME:
        return d->event_name;
    case SOURCE_TUTORIAL_TITLE:
        return d->tutorial_title;
    case SOURCE_TUTORIAL_ROOM:
        return room_text(tpl, d->tutorial_room);
    case SOURCE_TUTORIAL_TIME:
        return d->tutorial_time;
    case SOURCE_QR:
        return d->qr_text;
    case SOURCE_LITERAL:
        return f->text;
    case SOURCE_PADDLE:
        return d->paddle;
    }
    return NULL;
}

/* The language that picks the right CJK font for Han characters; NULL when
 * the text has none (fontconfig's default order is then right). */
static PangoLanguage *cjk_language(const char *text)
{
    bool han = false;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        switch (g_unichar_get_script(g_utf8_get_char(p))) {
        case G_UNICODE_SCRIPT_HIRAGANA:
        case G_UNICODE_SCRIPT_KATAKANA:
            return pango_language_from_string("ja");
        case G_UNICODE_SCRIPT_HANGUL:
            return pango_language_from_string("ko");
        case G_UNICODE_SCRIPT_HAN:
            han = true;
            break;
        default:
            break;
        }
    }
    return han ? pango_language_from_string("zh-cn") : NULL;
}

static PangoContext *new_context(int dpi)
{
    PangoFontMap *fm = pango_cairo_font_map_get_default();
    PangoContext *ctx = pango_font_map_create_context(fm);
    if (!ctx)
        return NULL;
    pango_cairo_context_set_resolution(ctx, dpi);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    return ctx;
}

/* The vertical span of a laid-out text: logical and ink together. */
static void span(PangoLayout *l, PangoRectangle *ink, PangoRectangle *log,
                 int *top, int *bottom)
{
    pango_layout_get_extents(l, ink, log);
    *top = log->y;
    *bottom = log->y + log->height;
    if (ink->width > 0 && ink->height > 0) {
        if (ink->y < *top)
            *top = ink->y;
        if (ink->y + ink->height > *bottom)
            *bottom = ink->y + ink->height;
    }
}

/* True if every line after the first starts at a line-break opportunity:
 * Pango breaks inside a word only when the word alone is too wide. */
static bool breaks_between_words(PangoLayout *l, const char *text)
{
    int nattrs;
    const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly(l, &nattrs);
    GSList *lines = pango_layout_get_lines_readonly(l);
    for (GSList *it = lines ? lines->next : NULL; it; it = it->next) {
        PangoLayoutLine *line = it->data;
        long off = g_utf8_pointer_to_offset(text, text + line->start_index);
        if (off > 0 && off < nattrs && !attrs[off].is_line_break)
            return false;
    }
    return true;
}

/* Does `l` fit a w x h box (dots) in at most `lines` lines? */
static bool fits(PangoLayout *l, const char *text, int w, int h, int lines,
                 bool any_break)
{
    if (pango_layout_get_line_count(l) > lines)
        return false;
    PangoRectangle ink, log;
    int top, bottom;
    span(l, &ink, &log, &top, &bottom);
    int W = w * PANGO_SCALE, H = h * PANGO_SCALE;
    if (log.x < 0 || log.x + log.width > W || bottom - top > H)
        return false;
    if (ink.width > 0 && (ink.x < 0 || ink.x + ink.width > W))
        return false;
    return any_break || breaks_between_words(l, text);
}

static void set_size(PangoLayout *l, PangoFontDescription *fd, double pt)
{
    pango_font_description_set_size(fd, (int)lround(pt * PANGO_SCALE));
    pango_layout_set_font_description(l, fd);
}

/* Lay out `text` in the field's box (tx..th of `pl`), shrinking then
 * ellipsizing, and record what was done in `r`. */
static PangoLayout *fit_text(PangoContext *ctx, const struct template_field *f,
                             const char *text, struct placed *pl,
                             struct label_field_result *r)
{
    PangoLayout *l = pango_layout_new(ctx);
    if (!l)
        return NULL;
    pango_layout_set_auto_dir(l, TRUE);
    pango_layout_set_text(l, text, -1);
    pango_layout_set_width(l, pl->tw * PANGO_SCALE);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    /* With auto-dir, Pango mirrors LEFT/RIGHT for right-to-left
     * paragraphs: LEFT is the start of the text. */
    pango_layout_set_alignment(l, f->align == ALIGN_START ? PANGO_ALIGN_LEFT
                                  : f->align == ALIGN_END ? PANGO_ALIGN_RIGHT
                                                          : PANGO_ALIGN_CENTER);
    PangoLanguage *lang = cjk_language(text);
    if (lang) {
        PangoAttrList *al = pango_attr_list_new();
        pango_attr_list_insert(al, pango_attr_language_new(lang));
        pango_layout_set_attributes(l, al);
        pango_attr_list_unref(al);
    }
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, f->font);
    pango_font_description_set_weight(fd, (PangoWeight)f->weight);

    int steps = (int)floor((f->max_pt - f->min_pt) / SIZE_STEP + 1e-9);
    double size = f->max_pt;
    set_size(l, fd, size);
    if (!fits(l, text, pl->tw, pl->th, f->max_lines, false)) {
        /* Bisect for the smallest step down (largest size) that fits;
         * step `steps` is min-size itself. */
        int lo = 1, hi = steps + 1; /* hi: nothing fits */
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            double s = mid == steps ? f->min_pt : f->max_pt - mid * SIZE_STEP;
            set_size(l, fd, s);
            if (fits(l, text, pl->tw, pl->th, f->max_lines, false))
                hi = mid;
            else
                lo = mid + 1;
        }
        if (lo <= steps) {
            size = lo == steps ? f->min_pt : f->max_pt - lo * SIZE_STEP;
        } else {
            /* Nothing fits: ellipsize at min-size, on as many lines as the
             * box holds. */
            size = f->min_pt;
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
            /* A word wider than the box would overflow its line: here it
             * may break anywhere. */
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
            int n = f->max_lines;
            for (; n >= 1; n--) {
                pango_layout_set_height(l, -n);
                set_size(l, fd, size);
                if (fits(l, text, pl->tw, pl->th, n, true))
                    break;
            }
            if (n < 1) {
                pango_layout_set_height(l, -1);
                r->clipped = true;
            }
        }
        set_size(l, fd, size);
        r->shrunk = size < f->max_pt;
    }
    pango_font_description_free(fd);
    r->size_pt = size;
    r->ellipsized = pango_layout_is_ellipsized(l);
    r->lines = pango_layout_get_line_count(l);
    r->unknown_glyphs = pango_layout_get_unknown_glyphs_count(l);

    PangoRectangle ink, log;
    int top, bottom;
    span(l, &ink, &log, &top, &bottom);
    int H = pl->th * PANGO_SCALE, off;
    switch (f->valign) {
    case VALIGN_TOP:
        off = -top;
        break;
    case VALIGN_BOTTOM:
        off = H - bottom;
        break;
    default:
        off = (H - (bottom - top)) / 2 - top;
        break;
    }
    pl->ox = pl->tx;
    pl->oy = pl->ty + (double)off / PANGO_SCALE;
    if (ink.width > 0 && ink.height > 0) {
        double x0 = pl->ox + (double)ink.x / PANGO_SCALE;
        double y0 = pl->oy + (double)ink.y / PANGO_SCALE;
        double x1 = x0 + (double)ink.width / PANGO_SCALE;
        double y1 = y0 + (double)ink.height / PANGO_SCALE;
        r->ink_x = (int)floor(x0);
        r->ink_y = (int)floor(y0);
        r->ink_w = (int)ceil(x1) - r->ink_x;
        r->ink_h = (int)ceil(y1) - r->ink_y;
        if (x0 < pl->tx - 1e-6 || y0 < pl->ty - 1e-6 ||
            x1 > pl->tx + pl->tw + 1e-6 || y1 > pl->ty + pl->th + 1e-6)
            r->clipped = true;
    }
    /* Right to left as laid out: the paragraph's direction (from its first
     * strong character) is RTL and the first character sits right of the
     * last one. */
    PangoLayoutLine *first_line = pango_layout_get_line_readonly(l, 0);
    if (first_line && pango_layout_line_get_resolved_direction(first_line) ==
                          PANGO_DIRECTION_RTL) {
        PangoRectangle first, last;
        pango_layout_index_to_pos(l, 0, &first);
        const char *end = text + strlen(text);
        pango_layout_index_to_pos(
            l, (int)(g_utf8_find_prev_char(text, end) - text), &last);
        r->rtl = r->lines > 1 || first.x > last.x;
    }
    return l;
}

/* Lay out every field of `tpl`. */
static int layout_all(PangoContext *ctx, const struct template *tpl,
                      const struct label_data *d, struct placed *pls,
                      struct label_field_result *res, struct ck_error *err)
{
    for (size_t i = 0; i < tpl->nfields; i++) {
        const struct template_field *f = &tpl->fields[i];
        struct placed *pl = &pls[i];
        struct label_field_result *r = &res[i];
        memset(r, 0, sizeof(*r));
        r->field = f;
        r->box_x = mm_dots(f->x_mm, tpl->dpi);
        r->box_y = mm_dots(f->y_mm, tpl->dpi);
        r->box_w = mm_dots(f->x_mm + f->w_mm, tpl->dpi) - r->box_x;
        r->box_h = mm_dots(f->y_mm + f->h_mm, tpl->dpi) - r->box_y;
        if (r->box_x + r->box_w > tpl->width_dots)
            r->box_w = tpl->width_dots - r->box_x;
        if (r->box_y + r->box_h > tpl->height_dots)
            r->box_h = tpl->height_dots - r->box_y;
        pl->tx = r->box_x;
        pl->ty = r->box_y;
        pl->tw = r->box_w;
        pl->th = r->box_h;
        pl->text_rgb = pl->mono_rgb = f->colour;
        if (f->kind == FIELD_BAND) {
            int pad = mm_dots(f->padding_mm, tpl->dpi);
            pl->band = true;
            pl->tx += pad;
            pl->ty += pad;
            pl->tw -= 2 * pad;
            pl->th -= 2 * pad;
            uint32_t rgb = 0;
            if (f->fill_ticket) {
                /* A ticket colour prints as a black band with white text
                 * on a 1-bit printer, and in colour on paper. */
                if (!parse_rgb(d->ticket_colour, &rgb))
                    rgb = 0;
                pl->fill_black = true;
                pl->mono_rgb = 0xFFFFFF;
                /* White text, unless the colour is too pale to read it. */
                pl->text_rgb = luminance(rgb) > 160 ? 0x000000 : 0xFFFFFF;
            } else {
                rgb = f->fill;
                pl->fill_black = luminance(rgb) < 128;
            }
            pl->fill_rgb = rgb;
        }
        const char *text = source_text(tpl, d, f);
        if (!text || !*text) {
            r->empty = true;
            continue;
        }
        if (f->kind == FIELD_QR) {
            struct qr_bitmap qr;
            int code =
                qr_render(text, strlen(text), 1, QUIET_MODULES, &qr, err);
            if (code)
                return code;
            int side = qr.width;
            int module = (pl->tw < pl->th ? pl->tw : pl->th) / side;
            if (module < MIN_MODULE_DOTS) {
                qr_bitmap_free(&qr);
                return ck_fail(err, CK_EINVAL,
                               "%s: the QR code needs %d x %d dots in "
                               "[field %s] (%d dots per module), but the box "
                               "is %d x %d dots; make the box larger.",
                               tpl->path, side * MIN_MODULE_DOTS,
                               side * MIN_MODULE_DOTS, f->name, MIN_MODULE_DOTS,
                               pl->tw, pl->th);
            }
            pl->qr = qr.pixels; /* 1 pixel per module */
            pl->qr_side = side;
            pl->module = module;
            int px = side * module;
            int sx = f->align == ALIGN_START ? 0
                     : f->align == ALIGN_END ? pl->tw - px
                                             : (pl->tw - px) / 2;
            int sy = f->valign == VALIGN_TOP      ? 0
                     : f->valign == VALIGN_BOTTOM ? pl->th - px
                                                  : (pl->th - px) / 2;
            pl->qx = pl->tx + sx;
            pl->qy = pl->ty + sy;
            r->module_dots = module;
            r->qr_modules = qr.modules;
            r->ink_x = pl->qx;
            r->ink_y = pl->qy;
            r->ink_w = r->ink_h = px;
            continue;
        }
        pl->layout = fit_text(ctx, f, text, pl, r);
        if (!pl->layout)
            return ck_fail(err, CK_ENOMEM, "Out of memory laying out a label.");
    }
    return CK_OK;
}

static void free_placed(struct placed *pls, size_t n)
{
    for (size_t i = 0; pls && i < n; i++) {
        if (pls[i].layout)
            g_object_unref(pls[i].layout);
        free(pls[i].qr);
    }
    free(pls);
}

/* 4x4 ordered dither thresholds, 0-15. */
static const uint8_t BAYER[4][4] = {
    {0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};

/* Draw one text layout into the 1-bit image.  Coverage decides where ink
 * is (half a dot or more); the ink's own colour, un-premultiplied, decides
 * black or white there, dithered, so black text stays solid, white text
 * on a band stays white, and a pale emoji still shows as a grey pattern.
 * The layer reaches OVERHANG dots past the box: text that overflows its
 * box (reported as clipped) shows as such rather than being cut off. */
#define OVERHANG 64
static int draw_text_mono(const struct placed *pl, struct bitmap1 *bm)
{
    int x0 = pl->tx - OVERHANG, y0 = pl->ty - OVERHANG;
    int x1 = pl->tx + pl->tw + OVERHANG, y1 = pl->ty + pl->th + OVERHANG;
    if (x0 < 0)
        x0 = 0;
    if (y0 < 0)
        y0 = 0;
    if (x1 > bm->width)
        x1 = bm->width;
    if (y1 > bm->height)
        y1 = bm->height;
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, x1 - x0, y1 - y0);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return CK_ENOMEM;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, (pl->mono_rgb >> 16 & 255) / 255.0,
                         (pl->mono_rgb >> 8 & 255) / 255.0,
                         (pl->mono_rgb & 255) / 255.0);
    cairo_move_to(cr, pl->ox - x0, pl->oy - y0);
    pango_cairo_show_layout(cr, pl->layout);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const uint8_t *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int by = y0; by < y1; by++) {
        const uint32_t *row =
            (const uint32_t *)(data + (size_t)(by - y0) * stride);
        for (int bx = x0; bx < x1; bx++) {
            uint32_t p = row[bx - x0];
            unsigned a = p >> 24;
            if (a < 128)
                continue;
            unsigned r = (p >> 16 & 255) * 255 / a;
            unsigned g = (p >> 8 & 255) * 255 / a;
            unsigned b = (p & 255) * 255 / a;
            unsigned lum = (299 * r + 587 * g + 114 * b) / 1000;
            bitmap1_set(bm, bx, by, lum < 64u + 12u * BAYER[by & 3][bx & 3]);
        }
    }
    cairo_surface_destroy(s);
    return CK_OK;
}

static void fill_rect(struct bitmap1 *bm, int x, int y, int w, int h,
                      bool black)
{
    for (int j = y; j < y + h; j++)
        for (int i = x; i < x + w; i++)
            bitmap1_set(bm, i, j, black);
}

static int draw_mono(const struct template *tpl, const struct placed *pls,
                     const struct label_field_result *res, struct bitmap1 *bm)
{
    for (size_t i = 0; i < tpl->nfields; i++) {
        const struct placed *pl = &pls[i];
        const struct label_field_result *r = &res[i];
        if (pl->band && pl->fill_black)
            fill_rect(bm, r->box_x, r->box_y, r->box_w, r->box_h, true);
        if (pl->qr) {
            int m = pl->module;
            for (int y = 0; y < pl->qr_side; y++)
                for (int x = 0; x < pl->qr_side; x++)
                    fill_rect(bm, pl->qx + x * m, pl->qy + y * m, m, m,
                              pl->qr[(size_t)y * pl->qr_side + x] == 0);
        }
        if (pl->layout && draw_text_mono(pl, bm))
            return CK_ENOMEM;
    }
    return CK_OK;
}

static void set_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, (rgb >> 16 & 255) / 255.0,
                         (rgb >> 8 & 255) / 255.0, (rgb & 255) / 255.0);
}

/* The same layout as vectors, in colour; `cr` is in dots. */
static void draw_colour(const struct template *tpl, const struct placed *pls,
                        const struct label_field_result *res, cairo_t *cr)
{
    for (size_t i = 0; i < tpl->nfields; i++) {
        const struct placed *pl = &pls[i];
        const struct label_field_result *r = &res[i];
        if (pl->band) {
            set_rgb(cr, pl->fill_rgb);
            cairo_rectangle(cr, r->box_x, r->box_y, r->box_w, r->box_h);
            cairo_fill(cr);
        }
        if (pl->qr) {
            set_rgb(cr, 0);
            int m = pl->module;
            for (int y = 0; y < pl->qr_side; y++)
                for (int x = 0; x < pl->qr_side; x++)
                    if (pl->qr[(size_t)y * pl->qr_side + x] == 0)
                        cairo_rectangle(cr, pl->qx + x * m, pl->qy + y * m, m,
                                        m);
            cairo_fill(cr);
        }
        if (pl->layout) {
            set_rgb(cr, pl->text_rgb);
            cairo_move_to(cr, pl->ox, pl->oy);
            pango_cairo_show_layout(cr, pl->layout);
        }
    }
}

/* Lay out `tpl` with `d`: the caller frees *pls with free_placed and
 * *ctx with g_object_unref. */
static int prepare(const struct template *tpl, const struct label_data *d,
                   PangoContext **ctx, struct placed **pls,
                   struct label_field_result *res, struct ck_error *err)
{
    *pls = calloc(tpl->nfields ? tpl->nfields : 1, sizeof(**pls));
    *ctx = new_context(tpl->dpi);
    if (!*pls || !*ctx)
        return ck_fail(err, CK_ENOMEM, "Out of memory laying out a label.");
    return layout_all(*ctx, tpl, d, *pls, res, err);
}

int label_render(const struct template *tpl, const struct label_data *d,
                 struct label_image *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    out->dpi = tpl->dpi;
    out->nfields = tpl->nfields;
    out->fields = calloc(tpl->nfields ? tpl->nfields : 1, sizeof(*out->fields));
    if (!out->fields)
        return ck_fail(err, CK_ENOMEM, "Out of memory rendering a label.");
    PangoContext *ctx = NULL;
    struct placed *pls = NULL;
    int code = prepare(tpl, d, &ctx, &pls, out->fields, err);
    if (code)
        goto out;
    code = bitmap1_new(tpl->width_dots, tpl->height_dots, &out->bitmap, err);
    if (code)
        goto out;
    if (draw_mono(tpl, pls, out->fields, &out->bitmap))
        code = ck_fail(err, CK_ENOMEM, "Out of memory rendering a label.");
out:
    free_placed(pls, tpl->nfields);
    if (ctx)
        g_object_unref(ctx);
    if (code)
        label_image_free(out);
    return code;
}

void label_image_free(struct label_image *img)
{
    if (!img)
        return;
    bitmap1_free(&img->bitmap);
    free(img->fields);
    img->fields = NULL;
    img->nfields = 0;
}

/* cairo's write callback to a stdio stream (PNG and PDF). */
static cairo_status_t png_write(void *ctx, const unsigned char *data,
                                unsigned int len)
{
    return fwrite(data, 1, len, ctx) == len ? CAIRO_STATUS_SUCCESS
                                            : CAIRO_STATUS_WRITE_ERROR;
}

int label_image_write_png(const struct label_image *img, const char *path,
                          struct ck_error *err)
{
    const struct bitmap1 *bm = &img->bitmap;
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, bm->width, bm->height);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return ck_fail(err, CK_ENOMEM, "Out of memory writing %s.", path);
    }
    uint8_t *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < bm->height; y++) {
        uint32_t *row = (uint32_t *)(data + (size_t)y * stride);
        for (int x = 0; x < bm->width; x++)
            row[x] = bitmap1_get(bm, x, y) ? 0x000000 : 0xFFFFFF;
    }
    cairo_surface_mark_dirty(s);
    /* Labels carry names: written whole, 0600, never through a link. */
    struct atomic_file af;
    int code = atomic_file_begin(&af, path, ATOMIC_REPLACE, err);
    FILE *f = code ? NULL : atomic_file_stream(&af, err);
    if (!f) {
        cairo_surface_destroy(s);
        atomic_file_abort(&af);
        return code ? code : CK_ENOMEM;
    }
    cairo_status_t st = cairo_surface_write_to_png_stream(s, png_write, f);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        atomic_file_abort(&af);
        return ck_fail(err, CK_EIO, "Cannot write %s: %s.", path,
                       cairo_status_to_string(st));
    }
    return atomic_file_commit(&af, err);
}

int label_pdf_open(const char *path, label_pdf **out, struct ck_error *err)
{
    *out = NULL;
    label_pdf *pdf = calloc(1, sizeof(*pdf));
    if (!pdf || !(pdf->path = strdup(path))) {
        free(pdf);
        return ck_fail(err, CK_ENOMEM, "Out of memory opening %s.", path);
    }
    /* Badges carry names: written whole, 0600, never through a link. */
    int code = atomic_file_begin(&pdf->af, path, ATOMIC_REPLACE, err);
    FILE *f = code ? NULL : atomic_file_stream(&pdf->af, err);
    if (!f) {
        atomic_file_abort(&pdf->af);
        free(pdf->path);
        free(pdf);
        return code ? code : CK_ENOMEM;
    }
    pdf->surface = cairo_pdf_surface_create_for_stream(png_write, f, 100, 100);
    cairo_status_t st = cairo_surface_status(pdf->surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(pdf->surface);
        atomic_file_abort(&pdf->af);
        free(pdf->path);
        free(pdf);
        return ck_fail(err, CK_EIO, "Cannot write %s: %s.", path,
                       cairo_status_to_string(st));
    }
    cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_CREATOR,
                                   "checkin");
    *out = pdf;
    return CK_OK;
}

int label_pdf_add(label_pdf *pdf, const struct template *tpl,
                  const struct label_data *d, struct label_field_result *fields,
                  struct ck_error *err)
{
    struct label_field_result *res =
        calloc(tpl->nfields ? tpl->nfields : 1, sizeof(*res));
    if (!res)
        return ck_fail(err, CK_ENOMEM, "Out of memory rendering a label.");
    PangoContext *ctx = NULL;
    struct placed *pls = NULL;
    int code = prepare(tpl, d, &ctx, &pls, res, err);
    if (code)
        goto out;
    double scale = 72.0 / tpl->dpi;
    cairo_pdf_surface_set_size(pdf->surface, tpl->width_dots * scale,
                               tpl->height_dots * scale);
    cairo_t *cr = cairo_create(pdf->surface);
    cairo_scale(cr, scale, scale);
    draw_colour(tpl, pls, res, cr);
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        code = ck_fail(err, CK_EIO, "Cannot write %s: %s.", pdf->path,
                       cairo_status_to_string(st));
        goto out;
    }
    pdf->pages++;
    if (fields)
        memcpy(fields, res, tpl->nfields * sizeof(*res));
out:
    free_placed(pls, tpl->nfields);
    if (ctx)
        g_object_unref(ctx);
    free(res);
    return code;
}

size_t label_pdf_pages(const label_pdf *pdf)
{
    return pdf ? pdf->pages : 0;
}

int label_pdf_close(label_pdf *pdf, struct ck_error *err)
{
    if (!pdf)
        return CK_OK;
    cairo_surface_finish(pdf->surface);
    cairo_status_t st = cairo_surface_status(pdf->surface);
    cairo_surface_destroy(pdf->surface);
    int code = CK_OK;
    if (st != CAIRO_STATUS_SUCCESS) {
        code = ck_fail(err, CK_EIO, "Cannot write %s: %s.", pdf->path,
                       cairo_status_to_string(st));
        atomic_file_abort(&pdf->af);
    } else {
        code = atomic_file_commit(&pdf->af, err);
    }
    free(pdf->path);
    free(pdf);
    return code;
}

void label_pdf_discard(label_pdf *pdf)
{
    if (!pdf)
        return;
    cairo_surface_finish(pdf->surface);
    cairo_surface_destroy(pdf->surface);
    atomic_file_abort(&pdf->af);
    free(pdf->path);
    free(pdf);
}

void label_shutdown(void)
{
    pango_cairo_font_map_set_default(NULL);
}
