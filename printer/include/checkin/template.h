/* Label templates: what goes where on a badge or tutorial ticket, for one
 * label size and printer resolution.  A template is an INI file under
 * config/labels/ (format: docs/labels.md); this module parses and checks
 * it strictly, reporting FILE:LINE and what to fix.  Drawing is label.h's
 * job, not this module's. */
#ifndef CHECKIN_TEMPLATE_H
#define CHECKIN_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/driver.h"
#include "checkin/error.h"

/* Limits that keep a hostile or broken file small. */
#define TEMPLATE_MAX_FIELDS 32
#define TEMPLATE_MAX_BYTES 65536

/* A paddle is the auction door's label of a bidder's paddle number
 * (docs/auction.md). */
enum template_kind { TEMPLATE_BADGE, TEMPLATE_TICKET, TEMPLATE_PADDLE };

enum field_kind {
    FIELD_TEXT, /* one string, shrunk to fit, then ellipsized */
    FIELD_BAND, /* a filled box (the ticket type colour) with text on it */
    FIELD_QR,   /* the signed code, whole dots per module, quiet zone 4 */
};

enum field_source {
    SOURCE_NONE, /* a band with no text */
    SOURCE_BADGE_NAME,
    SOURCE_PRONOUNS,
    SOURCE_COMPANY,
    SOURCE_TICKET_TYPE, /* the ticket type's label */
    SOURCE_EVENT_NAME,
    SOURCE_TUTORIAL_TITLE,
    SOURCE_TUTORIAL_ROOM,
    SOURCE_TUTORIAL_TIME,
    SOURCE_QR,      /* the badge's or ticket's signed QR text */
    SOURCE_LITERAL, /* the field's own `text` */
    SOURCE_PADDLE,  /* the bidder's paddle number (paddle labels) */
};

/* Horizontal alignment follows the text's direction: `start` is the left
 * edge for Latin and the right edge for Arabic or Hebrew. */
enum field_align { ALIGN_START, ALIGN_CENTER, ALIGN_END };
enum field_valign { VALIGN_TOP, VALIGN_MIDDLE, VALIGN_BOTTOM };

struct template_field {
    char name[32];
    int line; /* of its [field NAME] header, for messages */
    enum field_kind kind;
    enum field_source source;
    char *text;                    /* SOURCE_LITERAL only, else NULL */
    double x_mm, y_mm, w_mm, h_mm; /* from the printable area's top left */
    char *font; /* Pango family list, "Noto Sans, Noto Sans Arabic" */
    int weight; /* 100-900 (400 regular, 700 bold) */
    double max_pt, min_pt; /* text size range; equal means fixed */
    int max_lines;         /* 1-8; above 1 the text may wrap */
    double padding_mm;     /* bands: inset of the text from the edges */
    enum field_align align;
    enum field_valign valign;
    uint32_t colour;  /* text colour, 0xRRGGBB */
    uint32_t fill;    /* bands: fill colour unless fill_ticket */
    bool fill_ticket; /* bands: fill with the ticket type's colour */
};

struct template
{
    char *name;  /* the file's name without ".ini" */
    char *path;  /* as given to template_load */
    char *title; /* one line for people: "Badge, 62 x 100 mm die-cut" */
    enum template_kind kind;
    struct media media; /* what the driver is told (length 0: continuous) */
    double length_mm;   /* the length rendered (continuous: the cut) */
    int dpi;
    int width_dots, height_dots; /* the printable area: the image drawn */
    struct template_field *fields;
    size_t nfields;
};

/* Parse the template at `path` into `*out` (free with template_free).
 * CK_ENOTFOUND if the file cannot be read; CK_EINVAL with "PATH:LINE:
 * what is wrong" for any mistake: unknown sections or keys, duplicates,
 * numbers out of range, boxes outside the printable area, missing keys. */
int template_load(const char *path, struct template *out /* out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* template_load() of `len` bytes already in memory (need not be
 * NUL-terminated); `name` is used in messages and as the template name. */
int template_parse(const char *name, const char *text, size_t len,
                   struct template *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* Find a template by name in `dir` (DIR/NAME.ini), or load NAME itself if
 * it contains a '/' or ends in ".ini".  CK_ENOTFOUND names the templates
 * that `dir` has. */
int template_find(const char *dir, const char *name,
                  struct template *out /* out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* Free what template_load allocated; accepts NULL and a zeroed struct. */
void template_free(struct template *t);

/* The field reading from `source`, or NULL. */
const struct template_field *template_field_by_source(const struct template *t,
                                                      enum field_source source);

/* Names for messages and docs ("badge_name", "band", "center"). */
const char *field_source_name(enum field_source s);
const char *field_kind_name(enum field_kind k);

#endif
