/* The registration desks' lines (issue 55.4): from whom the triage sent
 * to which desk of [desks] (triage_sent, schema 24) and the desks'
 * check-ins, each desk's line (people sent there and not checked in at a
 * desk since) and wait (the median time from the triage to the check-in
 * over the desk's last DESK_LINES_WAITED), and, when one letter desk's
 * line is twice another's, which letters to move between them so that
 * the lines even out.  The dashboard shows them (docs/dashboard.md);
 * data only, the sentence is the page's. */
#ifndef CHECKIN_DESK_LINES_H
#define CHECKIN_DESK_LINES_H

#include <stdbool.h>
#include <stdint.h>

#include "checkin/desks.h"
#include "checkin/error.h"
#include "checkin/store.h"

/* The wait is the median over this many of a desk's latest check-ins
 * after a send. */
#define DESK_LINES_WAITED 20
/* A person sent this long before the triage's latest send is in no line
 * any more (they went elsewhere, or their check-in is on a file the hub
 * has not brought yet). */
#define DESK_LINES_WINDOW_MS (60 * 60 * 1000)
/* No split is proposed for a longest line shorter than this. */
#define DESK_LINES_PROPOSE_MIN 4

struct desk_line {
    char desk[DESK_NAME_CAP];
    char letters[80]; /* its letters, "" for a ticket types' desk */
    long sent;        /* sent there within the window */
    long line;        /* of them, not checked in at a desk since */
    long waited;      /* check-ins the wait is the median of (0: no wait) */
    int64_t wait_ms;  /* that median */
};

struct desk_lines {
    struct desk_line desks[DESKS_MAX];
    int n;
    /* A better split: move the letters `move` ("M-N") from desk `from`
     * to desk `to` (indexes into desks), whose lines are `ratio` apart
     * (0 when `to`'s is empty).  `from` is -1 for none.
     *
     * `split`: `from` is a ticket types' desk (whose people no letter
     * desk serves), its line twice `to`'s, the shortest of the others:
     * open a second desk for its ticket types, `from` keeping the
     * letters `keep` ("A-K") and the new desk taking `move` ("L-Z"),
     * about half of its line each.  Proposed only when no letter desk's
     * move is. */
    int from, to;
    char move[80];
    double ratio;
    bool split;
    char keep[80];
};

/* The lines of the event in `s`; *found false (and `out` empty) when the
 * event has no [desks]. */
int desk_lines_read(store *s, struct desk_lines *out /* out */, bool *found,
                    struct ck_error *err) CK_MUST_CHECK;

#endif
