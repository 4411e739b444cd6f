/* Badges and tutorial tickets rendered to files, for a look before an
 * event or for pre-printing (`checkin badge`): one attendee's label as a
 * PNG (exactly the 1-bit image a label printer would print) or a PDF, or
 * every paid or pending attendee's badge, and with `tickets` each one's
 * tutorial tickets after it, as pages of one PDF.  A field that had to be
 * shortened, does not fit, or has characters no font draws is handed to
 * the caller's `fit` (struct badge_render_tell), for a person to look at
 * before printing; commands/ says it.  A file that fails is left as it
 * was. */
#ifndef CHECKIN_BADGE_RENDER_H
#define CHECKIN_BADGE_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "checkin/badge.h"
#include "checkin/error.h"
#include "checkin/label.h"
#include "checkin/store.h"

struct badge_render_options {
    const char *out;             /* the file to write */
    bool pdf;                    /* a PDF; else a PNG */
    const char *templates_dir;   /* where NAME.ini templates live */
    const char *template;        /* a name there or a path to an .ini */
    const char *tutorial;        /* one attendee: this tutorial's ticket */
    bool tickets;                /* all: tutorial tickets too */
    const char *ticket_template; /* all: the tickets' template */
    /* all (issue 55): the badges sorted by family name (then given name)
     * and, with `boxes` > 0, split into that many boxes of consecutive
     * badges, each box's label ("L-M") and each badge's position in it
     * recorded with its issue (preprint.h), replacing an earlier run's,
     * and the box sheet written to `sheet`: one page per box (a form
     * feed between), its label and the positions and names in it. */
    bool sort_family;
    int boxes;
    const char *sheet;
};

/* What rendering tells its caller as it goes; each may be NULL. */
struct badge_render_tell {
    /* `n` fields of `who` (for every attendee: the ticket id) to look at
     * before printing: each ellipsized, clipped or with unknown_glyphs,
     * or (one attendee) every field, the caller reading those flags. */
    void (*fit)(void *ctx, const char *who, const struct label_field_result *r,
                size_t n);
    /* `done` of `total` attendees rendered (every attendee only). */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *ctx;
};

/* What rendering every attendee made. */
struct badge_render_done {
    long pages;     /* pages written */
    long shortened; /* fields shortened with an ellipsis (or clipped) */
    int boxes;      /* boxes recorded (o->boxes, or fewer for few badges) */
};

/* The label of the one attendee `who` (a ticket id, order code, secret or
 * a search matching one person).  A template for tickets goes with
 * `tutorial` and one for badges without it, or CK_EINVAL says which. */
int badge_render_one(store *s, const struct badge_key *key,
                     const struct badge_render_options *o, const char *who,
                     const struct badge_render_tell *tell,
                     struct ck_error *err) CK_MUST_CHECK;

/* Every paid or pending attendee into the PDF `o->out`, their progress
 * told as each is rendered; `done` counts the pages and the fields
 * shortened. */
int badge_render_all(store *s, const struct badge_key *key,
                     const struct badge_render_options *o,
                     const struct badge_render_tell *tell,
                     struct badge_render_done *done /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

#endif
