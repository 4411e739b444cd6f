/* An invitation list's people, from a CSV (issue 29, docs/admission.md
 * "A list"; docs/import-formats.md "Invitations"): `checkin import
 * EVENT.db FILE.csv --list SLUG` for a `[list SLUG]` with `invited = yes`.
 * The file's first column holds an email or a ticket id a line (a header
 * `email`, `ticket_id` or `ticket` is skipped); an email invites every
 * registration with it.  The list's invitations become exactly the
 * file's, in one transaction: re-importing replaces them, and the counts
 * say how many came, went and stayed.  A row naming no registration is
 * one sentence, FILE:LINE, and the rest is taken. */
#ifndef CHECKIN_INVITATIONS_H
#define CHECKIN_INVITATIONS_H

#include <stdio.h>

#include "checkin/error.h"

struct invitation_counts {
    long invited;  /* the list's invitations now */
    long added;    /* of them, new with this file */
    long removed;  /* invited before, not in this file */
    long left_out; /* rows naming no registration */
};

/* Why a row of the file was left out. */
enum invitation_left {
    INVITATION_NUL,      /* the line holds a NUL byte */
    INVITATION_LONG,     /* longer than INVITATION_LINE_MAX bytes */
    INVITATION_NO_EMAIL, /* no registration has the email `value` */
    INVITATION_NO_TICKET /* no registration has the ticket id `value` */
};

#define INVITATION_LINE_MAX 1023

/* Told of each of the first IMPORT_MESSAGES_SHOWN rows left out: `line`
 * of the file, `value` the email or ticket id it gave ("" for the first
 * two reasons).  The caller says it; the count of all is in `counts`. */
typedef void (*invitation_left_fn)(void *ctx, long line,
                                   enum invitation_left why, const char *value);

/* Replace list `slug`'s invitations in event file `db` by `path`'s: each
 * of the first left-out rows told to `left`, the counts in `counts`.
 * CK_EINVAL with one sentence and nothing stored for an unknown list, a
 * list without `invited = yes`, or a file with no row naming anyone;
 * CK_EINVAL after storing the rest when rows were left out (so that a
 * script sees it). */
int import_invitations(const char *db, const char *path, const char *slug,
                       invitation_left_fn left, void *ctx,
                       struct invitation_counts *counts /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

#endif
