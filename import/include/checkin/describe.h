/* A first event description (the INI `checkin init` reads) written from a
 * pretix "Order data (JSON)" export: the event, every admission product as
 * a ticket type, every add-on product with a seat quota as a tutorial, and
 * the pronouns, sponsor-consent and badge-name questions.  What pretix does
 * not export (time zone, dates, rooms, tutorial times) is written as a
 * valid placeholder marked "TODO" in a comment above it, so that `init`
 * accepts the file as it is and the organizer can find what to fill in. */
#ifndef CHECKIN_DESCRIBE_H
#define CHECKIN_DESCRIBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checkin/error.h"

struct describe_summary {
    int ticket_types;
    int tutorials;
    int left_out;             /* add-on products without a seat limit */
    bool dates_placeholder;   /* the export has no dates (no subevents) */
    int rooms_placeholder;    /* tutorials whose room and times are TODO */
    int capacity_placeholder; /* tutorials without a quota */
    bool pronouns, consent, badge_name; /* questions found */
    int lists;                          /* [list] sections proposed */
    int shown_questions;        /* questions pretix shows during check-in */
    int list_rooms_placeholder; /* free add-on lists whose room is TODO */
    int donations;              /* free-price products, not proposed */
    int attention;              /* products pretix marks for attention */
    int days_from_validity;     /* ticket types with days from windows */
};

/* Write the description of the pretix export `export_path` to `out_path`,
 * whole or not at all, mode 0600; an existing `out_path` (even a link) is
 * never replaced.  `sum` says what was written and which placeholders
 * are left. */
int describe_pretix(const char *export_path, const char *out_path,
                    struct describe_summary *sum /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

#endif
