/* pango, cairo and gobject's g_object_unref, loaded with libpangocairo
 * (which needs the other two) at the first call of one of them
 * (checkin/dynlib.h): only label.c and sprint_signs.c draw, and most runs of
 * `checkin` draw nothing.  The functions label.c calls, each a forwarder to the
 * library's own; a call of a function not listed here does not link: add
 * its line as the library's header declares it (the compiler checks the
 * two agree). */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "checkin/dynlib.h"

/* The functions, as checkin/dynlib.h lists them. */
#define PANGOCAIRO_FUNCTIONS(F, V, X)                                          \
    F(cairo_t *, cairo_create, (cairo_surface_t * target), (target))           \
    V(cairo_destroy, (cairo_t * cr), (cr))                                     \
    V(cairo_fill, (cairo_t * cr), (cr))                                        \
    F(cairo_font_options_t *, cairo_font_options_create, (void), ())           \
    V(cairo_font_options_destroy, (cairo_font_options_t * options), (options)) \
    V(cairo_font_options_set_antialias,                                        \
      (cairo_font_options_t * options, cairo_antialias_t antialias),           \
      (options, antialias))                                                    \
    V(cairo_font_options_set_hint_metrics,                                     \
      (cairo_font_options_t * options, cairo_hint_metrics_t hint_metrics),     \
      (options, hint_metrics))                                                 \
    V(cairo_font_options_set_hint_style,                                       \
      (cairo_font_options_t * options, cairo_hint_style_t hint_style),         \
      (options, hint_style))                                                   \
    F(cairo_surface_t *, cairo_image_surface_create,                           \
      (cairo_format_t format, int width, int height), (format, width, height)) \
    F(unsigned char *, cairo_image_surface_get_data,                           \
      (cairo_surface_t * surface), (surface))                                  \
    F(int, cairo_image_surface_get_stride, (cairo_surface_t * surface),        \
      (surface))                                                               \
    V(cairo_move_to, (cairo_t * cr, double x, double y), (cr, x, y))           \
    F(cairo_surface_t *, cairo_pdf_surface_create_for_stream,                  \
      (cairo_write_func_t write_func, void *closure, double width_in_points,   \
       double height_in_points),                                               \
      (write_func, closure, width_in_points, height_in_points))                \
    V(cairo_pdf_surface_set_metadata,                                          \
      (cairo_surface_t * surface, cairo_pdf_metadata_t metadata,               \
       const char *utf8),                                                      \
      (surface, metadata, utf8))                                               \
    V(cairo_pdf_surface_set_size,                                              \
      (cairo_surface_t * surface, double width_in_points,                      \
       double height_in_points),                                               \
      (surface, width_in_points, height_in_points))                            \
    V(cairo_rectangle,                                                         \
      (cairo_t * cr, double x, double y, double width, double height),         \
      (cr, x, y, width, height))                                               \
    V(cairo_scale, (cairo_t * cr, double sx, double sy), (cr, sx, sy))         \
    V(cairo_select_font_face,                                                  \
      (cairo_t * cr, const char *family, cairo_font_slant_t slant,             \
       cairo_font_weight_t weight),                                            \
      (cr, family, slant, weight))                                             \
    V(cairo_set_font_size, (cairo_t * cr, double size), (cr, size))            \
    V(cairo_set_source_rgb,                                                    \
      (cairo_t * cr, double red, double green, double blue),                   \
      (cr, red, green, blue))                                                  \
    V(cairo_show_page, (cairo_t * cr), (cr))                                   \
    V(cairo_show_text, (cairo_t * cr, const char *utf8), (cr, utf8))           \
    F(cairo_status_t, cairo_status, (cairo_t * cr), (cr))                      \
    F(const char *, cairo_status_to_string, (cairo_status_t status), (status)) \
    V(cairo_surface_destroy, (cairo_surface_t * surface), (surface))           \
    V(cairo_surface_finish, (cairo_surface_t * surface), (surface))            \
    V(cairo_surface_flush, (cairo_surface_t * surface), (surface))             \
    V(cairo_surface_mark_dirty, (cairo_surface_t * surface), (surface))        \
    F(cairo_status_t, cairo_surface_status, (cairo_surface_t * surface),       \
      (surface))                                                               \
    F(cairo_status_t, cairo_surface_write_to_png_stream,                       \
      (cairo_surface_t * surface, cairo_write_func_t write_func,               \
       void *closure),                                                         \
      (surface, write_func, closure))                                          \
    V(cairo_text_extents,                                                      \
      (cairo_t * cr, const char *utf8, cairo_text_extents_t *extents),         \
      (cr, utf8, extents))                                                     \
    V(g_object_unref, (gpointer object), (object))                             \
    F(PangoAttribute *, pango_attr_language_new, (PangoLanguage * language),   \
      (language))                                                              \
    V(pango_attr_list_insert, (PangoAttrList * list, PangoAttribute * attr),   \
      (list, attr))                                                            \
    F(PangoAttrList *, pango_attr_list_new, (void), ())                        \
    V(pango_attr_list_unref, (PangoAttrList * list), (list))                   \
    V(pango_cairo_context_set_font_options,                                    \
      (PangoContext * context, const cairo_font_options_t *options),           \
      (context, options))                                                      \
    V(pango_cairo_context_set_resolution,                                      \
      (PangoContext * context, double dpi), (context, dpi))                    \
    F(PangoFontMap *, pango_cairo_font_map_get_default, (void), ())            \
    V(pango_cairo_font_map_set_default, (PangoCairoFontMap * fontmap),         \
      (fontmap))                                                               \
    V(pango_cairo_show_layout, (cairo_t * cr, PangoLayout * layout),           \
      (cr, layout))                                                            \
    V(pango_context_set_round_glyph_positions,                                 \
      (PangoContext * context, gboolean round_positions),                      \
      (context, round_positions))                                              \
    V(pango_font_description_free, (PangoFontDescription * desc), (desc))      \
    F(PangoFontDescription *, pango_font_description_new, (void), ())          \
    V(pango_font_description_set_family,                                       \
      (PangoFontDescription * desc, const char *family), (desc, family))       \
    V(pango_font_description_set_size,                                         \
      (PangoFontDescription * desc, gint size), (desc, size))                  \
    V(pango_font_description_set_weight,                                       \
      (PangoFontDescription * desc, PangoWeight weight), (desc, weight))       \
    F(PangoContext *, pango_font_map_create_context, (PangoFontMap * fontmap), \
      (fontmap))                                                               \
    F(PangoLanguage *, pango_language_from_string, (const char *language),     \
      (language))                                                              \
    V(pango_layout_get_extents,                                                \
      (PangoLayout * layout, PangoRectangle * ink_rect,                        \
       PangoRectangle * logical_rect),                                         \
      (layout, ink_rect, logical_rect))                                        \
    F(int, pango_layout_get_line_count, (PangoLayout * layout), (layout))      \
    F(PangoLayoutLine *, pango_layout_get_line_readonly,                       \
      (PangoLayout * layout, int line), (layout, line))                        \
    F(GSList *, pango_layout_get_lines_readonly, (PangoLayout * layout),       \
      (layout))                                                                \
    F(const PangoLogAttr *, pango_layout_get_log_attrs_readonly,               \
      (PangoLayout * layout, gint * n_attrs), (layout, n_attrs))               \
    F(int, pango_layout_get_unknown_glyphs_count, (PangoLayout * layout),      \
      (layout))                                                                \
    V(pango_layout_index_to_pos,                                               \
      (PangoLayout * layout, int index_, PangoRectangle *pos),                 \
      (layout, index_, pos))                                                   \
    F(gboolean, pango_layout_is_ellipsized, (PangoLayout * layout), (layout))  \
    F(PangoDirection, pango_layout_line_get_resolved_direction,                \
      (PangoLayoutLine * line), (line))                                        \
    F(PangoLayout *, pango_layout_new, (PangoContext * context), (context))    \
    V(pango_layout_set_alignment,                                              \
      (PangoLayout * layout, PangoAlignment alignment), (layout, alignment))   \
    V(pango_layout_set_attributes,                                             \
      (PangoLayout * layout, PangoAttrList * attrs), (layout, attrs))          \
    V(pango_layout_set_auto_dir, (PangoLayout * layout, gboolean auto_dir),    \
      (layout, auto_dir))                                                      \
    V(pango_layout_set_ellipsize,                                              \
      (PangoLayout * layout, PangoEllipsizeMode ellipsize),                    \
      (layout, ellipsize))                                                     \
    V(pango_layout_set_font_description,                                       \
      (PangoLayout * layout, const PangoFontDescription *desc),                \
      (layout, desc))                                                          \
    V(pango_layout_set_height, (PangoLayout * layout, int height),             \
      (layout, height))                                                        \
    V(pango_layout_set_text,                                                   \
      (PangoLayout * layout, const char *text, int length),                    \
      (layout, text, length))                                                  \
    V(pango_layout_set_width, (PangoLayout * layout, int width),               \
      (layout, width))                                                         \
    V(pango_layout_set_wrap, (PangoLayout * layout, PangoWrapMode wrap),       \
      (layout, wrap))

DYNLIB_TABLE(PANGOCAIRO_FUNCTIONS, CHECKIN_PANGOCAIRO_SONAME,
             "libpangocairo-1.0-0")
PANGOCAIRO_FUNCTIONS(DYNLIB_FORWARD_F, DYNLIB_FORWARD_V, DYNLIB_FORWARD_X)
