/* Badges and tutorial tickets rendered to files, for a look before an
 * event or for pre-printing (`checkin badge`): one attendee's label as a
 * PNG (exactly the 1-bit image a label printer would print) or a PDF, or
 * every paid or pending attendee's badge, and with `tickets` each one's
 * tutorial tickets after it, as pages of one PDF.  A field that had to be
 * shortened, does not fit, or has characters no font draws is said on
 * `msgs`, one line each, for a person to look at before printing.  A
 * file that fails is left as it was. */
#ifndef CHECKIN_BADGE_RENDER_H
#define CHECKIN_BADGE_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "checkin/badge.h"
#include "checkin/error.h"
#include "checkin/store.h"

struct badge_render_options {
    const char *out;             /* the file to write */
    bool pdf;                    /* a PDF; else a PNG */
    const char *templates_dir;   /* where NAME.ini templates live */
    const char *template;        /* a name there or a path to an .ini */
    const char *tutorial;        /* one attendee: this tutorial's ticket */
    bool tickets;                /* all: tutorial tickets too */
    const char *ticket_template; /* all: the tickets' template */
};

/* `o` as `checkin badge` was given it, for one attendee or, with `all`,
 * every one: `o->pdf` set from the name `o->out` ends in (.png or .pdf,
 * in any case) and the template left out chosen (ticket-62x100 with a
 * tutorial, else badge-62x100).  False when the options cannot go
 * together, with the usage sentence ("--tickets goes with --all", no full
 * stop) in `why`. */
bool badge_render_options_check(struct badge_render_options *o, bool all,
                                char *why, size_t cap);

/* The label of the one attendee `who` (a ticket id, order code, secret or
 * a search matching one person).  A template for tickets goes with
 * `tutorial` and one for badges without it, or CK_EINVAL says which. */
int badge_render_one(store *s, const struct badge_key *key,
                     const struct badge_render_options *o, const char *who,
                     FILE *msgs, struct ck_error *err) CK_MUST_CHECK;

/* Every paid or pending attendee into the PDF `o->out`, a progress bar on
 * `msgs`, then "Wrote N pages to FILE (M fields shortened with an
 * ellipsis)." on `out`. */
int badge_render_all(store *s, const struct badge_key *key,
                     const struct badge_render_options *o, FILE *out,
                     FILE *msgs, struct ck_error *err) CK_MUST_CHECK;

/* `checkin badge`: the event file `db` and its signing key (`key_path`,
 * NULL: EVENT.key beside it), then badge_render_all when `who` is NULL,
 * else badge_render_one. */
int badge_render_file(const char *db, const char *key_path,
                      const struct badge_render_options *o, const char *who,
                      FILE *out, FILE *msgs,
                      struct ck_error *err) CK_MUST_CHECK;

#endif
