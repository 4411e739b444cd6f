/* `checkin badge`'s words to people: which of its options go together,
 * and the command's body: printer/'s badge_render_one or
 * badge_render_all (badge_render.h) with the fields to look at before
 * printing said on `msgs`, one line each, a progress bar there for every
 * attendee, and the pages written on `out`. */
#ifndef CHECKIN_BADGE_COMMANDS_H
#define CHECKIN_BADGE_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checkin/badge_render.h"
#include "checkin/error.h"

/* `checkin badge`'s usage text. */
extern const char BADGE_USAGE[];

/* --sort and --boxes as given (NULL: not), and the box sheet's name
 * made from --out (FILE.pdf: FILE-boxes.txt). */
struct badge_run_args {
    const char *sort, *boxes;
    char sheet[4200];
};

/* `o` as `checkin badge` was given it, for one attendee or, with `all`,
 * every one: `o->pdf` set from the name `o->out` ends in (.png or .pdf,
 * in any case) and the template left out chosen (ticket-62x100 with a
 * tutorial, else badge-62x100), with `run`'s --sort and --boxes
 * (issue 55: sorted into boxes, the sheet beside o->out).  False when the
 * options cannot go together, with the usage sentence ("--tickets goes with
 * --all", no full stop) in `why`. */
bool badge_render_options_check(struct badge_render_options *o, bool all,
                                struct badge_run_args *run, char *why,
                                size_t cap);

/* `checkin badge`: the event file `db` and its signing key (`key_path`,
 * NULL: EVENT.key beside it), then every paid or pending attendee's badge
 * into the PDF `o->out` when `who` is NULL ("Wrote N pages to FILE (M
 * fields shortened with an ellipsis)." on `out`), else `who`'s label.
 * A field shortened, not fitting, or with characters no font draws is
 * said on `msgs`. */
int badge_render_file(const char *db, const char *key_path,
                      const struct badge_render_options *o, const char *who,
                      FILE *out, FILE *msgs,
                      struct ck_error *err) CK_MUST_CHECK;

#endif
