/* Drawing badges and tutorial tickets from a template (template.h) and an
 * attendee's strings, with Pango over cairo at the printer's resolution:
 * shaping, right-to-left text and font fallback to the Noto fonts, so a
 * name in any script prints.  Long text is shrunk from the field's size
 * down to its min-size, and only then ellipsized; each field reports what
 * was done to it, so nothing is ever cut off silently.  The QR code is
 * drawn with whole dots per module and a 4-module quiet zone.
 *
 * The result for a printer is a 1-bit bitmap (bitmap.h).  Colour glyphs
 * (emoji) are dithered rather than thresholded, so pale ones stay
 * visible.  For pre-printing on office printers the same layout can be
 * written as vector PDF pages, in colour.
 *
 * Not here: choosing who to print, queueing jobs, printer languages. */
#ifndef CHECKIN_LABEL_H
#define CHECKIN_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/badge.h"
#include "checkin/bitmap.h"
#include "checkin/error.h"
#include "checkin/store.h"
#include "checkin/template.h"

/* The strings a label can show; NULL or "" leaves a field empty.  The
 * caller owns them, unless label_data_for() filled the struct (then free
 * it with label_data_free()). */
struct label_data {
    const char *event_name;
    const char *badge_name;
    const char *pronouns;
    const char *company;
    const char *ticket_type;   /* the ticket type's label */
    const char *ticket_colour; /* "#RRGGBB"; NULL or invalid: black */
    const char *tutorial_title;
    const char *tutorial_room; /* with its seat, "101A, seat A-3-7" */
    const char *tutorial_time; /* local, "Wed 12 May 2027, 09:00-12:30" */
    const char *qr_text;
    const char *paddle; /* an auction paddle's number, "17" */
    void *owned;        /* private: strings label_data_for allocated */
};

/* What rendering did to one field.  Boxes and ink are in dots from the
 * top left of the image. */
struct label_field_result {
    const struct template_field *field;
    int box_x, box_y, box_w, box_h;
    int ink_x, ink_y, ink_w, ink_h; /* text or QR ink; 0 x 0 when empty */
    bool empty;                     /* no text (the source is empty) */
    double size_pt;                 /* text size used */
    int lines;                      /* lines of text used */
    bool shrunk;                    /* set smaller than the field's size */
    bool ellipsized;    /* did not fit at min-size: shortened with "..." */
    bool clipped;       /* ink reaches outside the box even ellipsized (it
                           is drawn anyway, never cut): a template mistake */
    bool rtl;           /* the text's base direction is right to left */
    int unknown_glyphs; /* characters no installed font has */
    int module_dots;    /* QR: dots per module side */
    int qr_modules;     /* QR: modules per side, without the quiet zone */
};

/* A rendered label.  Owns everything: label_image_free(). */
struct label_image {
    struct bitmap1 bitmap; /* what the printer prints, 1 = black dot */
    struct label_field_result *fields; /* one per template field, in order */
    size_t nfields;
    int dpi;
};

/* Render `d` on `tpl`: an image of the template's printable area at its
 * dpi.  Fails only for things the template or data cannot do at all (a QR
 * code that does not fit its box with 2 dots per module, out of memory);
 * text that does not fit is reported per field in `out->fields`. */
int label_render(const struct template *tpl, const struct label_data *d,
                 struct label_image *out /* out */,
                 struct ck_error *err) CK_MUST_CHECK;

/* Free the bitmap and results; accepts NULL and a zeroed struct. */
void label_image_free(struct label_image *img);

/* Write the 1-bit image as a PNG (black and white, at the label's size in
 * dots): a preview of exactly what the printer would print. */
int label_image_write_png(const struct label_image *img, const char *path,
                          struct ck_error *err) CK_MUST_CHECK;

/* A PDF with one page per label, each page the size of its template's
 * printable area; text is vector and laid out exactly as label_render
 * lays it out, bands in their ticket type colour. */
typedef struct label_pdf label_pdf;
int label_pdf_open(const char *path, label_pdf **out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;
/* Add one page; `fields` (may be NULL) receives tpl->nfields results. */
int label_pdf_add(label_pdf *pdf, const struct template *tpl,
                  const struct label_data *d,
                  struct label_field_result *fields /* out */,
                  struct ck_error *err) CK_MUST_CHECK;
/* Finish the file, put it in place whole (mode 0600, replacing an
 * earlier file but never through a symbolic link) and free the handle
 * (NULL is fine).  CK_EIO if the file could not be written completely;
 * then the file at the path is as it was. */
int label_pdf_close(label_pdf *pdf, struct ck_error *err) CK_MUST_CHECK;
/* Free the handle without putting anything in place (NULL is fine). */
void label_pdf_discard(label_pdf *pdf);
/* Pages added so far. */
size_t label_pdf_pages(const label_pdf *pdf);

/* Fill `out` for an attendee's badge (tutorial_id 0) or tutorial ticket
 * from the store: names, ticket type label and colour, event name,
 * tutorial title, room and local time, and the signed QR text from
 * credential_current() (which issues the first code if there is none
 * yet, so `s` must be writable).  Free with label_data_free(). */
int label_data_for(store *s, const struct badge_key *key, int64_t attendee_id,
                   int64_t tutorial_id, struct label_data *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;
void label_data_free(struct label_data *d);

/* Fill `out` for an attendee's auction paddle label (docs/auction.md):
 * their paddle number (the first given to them, at any door), the event's
 * name and their badge name; CK_ENOTFOUND when they have no paddle.
 * Free with label_data_free(). */
int label_data_for_paddle(store *s, int64_t attendee_id,
                          struct label_data *out /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* Free the font caches rendering keeps for the life of the process
 * (Pango's default font map and the fontconfig patterns it holds), so that a
 * leak checker at exit reports only real leaks.  Call it last, once no other
 * thread uses Pango, cairo or fontconfig; rendering again afterwards is
 * allowed but reloads every font. */
void label_shutdown(void);

#endif
