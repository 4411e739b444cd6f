/* The sprint projects' table signs (sprint_signs.h): a PDF of A4 pages
 * drawn with cairo, each a project's title, room and QR code (qr.c).
 * The words are the caller's; the code's payload is the station's
 * (SPRINT_SIGN_PREFIX). */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <string.h>

#include "checkin/atomic_file.h"
#include "checkin/qr.h"
#include "checkin/sprint.h"
#include "checkin/sprint_signs.h"

/* A4 in points. */
#define PAGE_W 595.0
#define PAGE_H 842.0

static cairo_status_t to_file(void *ctx, const unsigned char *data,
                              unsigned int len)
{
    return fwrite(data, 1, len, ctx) == len ? CAIRO_STATUS_SUCCESS
                                            : CAIRO_STATUS_WRITE_ERROR;
}

/* `text` centred at height `y`, `size` points. */
static void centred(cairo_t *cr, const char *text, double y, double size)
{
    cairo_set_font_size(cr, size);
    cairo_text_extents_t e;
    cairo_text_extents(cr, text, &e);
    if (e.width > PAGE_W - 60) {
        cairo_set_font_size(cr, size * (PAGE_W - 60) / e.width);
        cairo_text_extents(cr, text, &e);
    }
    cairo_move_to(cr, (PAGE_W - e.width) / 2 - e.x_bearing, y);
    cairo_show_text(cr, text);
}

static int page(cairo_t *cr, const struct sprint_sign *s, struct ck_error *err)
{
    char payload[SPRINT_SLUG_CAP + 32];
    snprintf(payload, sizeof(payload), "%s%s", SPRINT_SIGN_PREFIX, s->slug);
    struct qr_bitmap bm;
    int code = qr_render(payload, strlen(payload), 1, 4, &bm, err);
    if (code)
        return code;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    centred(cr, s->title, 130, 44);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    if (s->room && s->room[0])
        centred(cr, s->room, 180, 24);
    double side = 360, px = side / bm.width;
    double x0 = (PAGE_W - side) / 2, y0 = 230;
    for (int y = 0; y < bm.height; y++)
        for (int x = 0; x < bm.width; x++)
            if (bm.pixels[(size_t)y * bm.stride + (size_t)x] == 0)
                cairo_rectangle(cr, x0 + x * px, y0 + y * px, px, px);
    cairo_fill(cr);
    qr_bitmap_free(&bm);
    centred(cr, payload, y0 + side + 50, 16);
    cairo_show_page(cr);
    return CK_OK;
}

int sprint_signs_write(const char *path, const struct sprint_sign *signs,
                       size_t n, struct ck_error *err)
{
    struct atomic_file af;
    int code = atomic_file_begin(&af, path, ATOMIC_REPLACE, err);
    FILE *f = code ? NULL : atomic_file_stream(&af, err);
    if (!f) {
        atomic_file_abort(&af);
        return code ? code : CK_ENOMEM;
    }
    cairo_surface_t *sf =
        cairo_pdf_surface_create_for_stream(to_file, f, PAGE_W, PAGE_H);
    cairo_t *cr = cairo_create(sf);
    for (size_t i = 0; i < n && !code; i++)
        code = page(cr, &signs[i], err);
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    cairo_status_t st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    if (!code && st != CAIRO_STATUS_SUCCESS)
        code = ck_fail(err, CK_EIO, "Cannot write %s: %s.", path,
                       cairo_status_to_string(st));
    if (code) {
        atomic_file_abort(&af);
        return code;
    }
    return atomic_file_commit(&af, err);
}
