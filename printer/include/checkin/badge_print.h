/* Printing an attendee's badge and tutorial tickets: the glue between the
 * job queue (jobs.h), label rendering (label.h) and a printer (printer.h).
 * The desk station, `checkin print` and the demo all print through here,
 * so they queue, render, record and retry the same way. */
#ifndef CHECKIN_BADGE_PRINT_H
#define CHECKIN_BADGE_PRINT_H

#include "checkin/badge.h"
#include "checkin/error.h"
#include "checkin/printer.h"
#include "checkin/store.h"
#include "checkin/template.h"

typedef struct badge_printer badge_printer;

struct badge_printer_options {
    const char *templates_dir;   /* where NAME.ini templates live */
    const char *badge_template;  /* NULL: badge-62x100 */
    const char *ticket_template; /* NULL: ticket-62x100 */
    const char *preview_dir;     /* if set, a PNG of every label goes here */
    /* An auction door's printer (docs/auction.md): it prints paddle
     * labels only, on `paddle_template` (NULL: the paddle label of the
     * badge template's size, "paddle-62x100" for "badge-62x100"). */
    bool paddles;
    const char *paddle_template;
};

/* Load the templates once; `s`, `key` and `p` must outlive the result.
 * `printer_name` is what jobs record (the URI).  `p` may be NULL (the
 * printer is not there yet): jobs are then only queued, until
 * badge_printer_set_printer. */
int badge_printer_new(store *s, const struct badge_key *key, printer *p,
                      const char *printer_name,
                      const struct badge_printer_options *opt,
                      badge_printer **out /* out */,
                      struct ck_error *err) CK_MUST_CHECK;
void badge_printer_free(badge_printer *bp);

/* Print on `p` from now on (the caller keeps ownership). */
void badge_printer_set_printer(badge_printer *bp, printer *p);

/* The template name jobs of `kind` record (owned by `bp`). */
const char *badge_printer_template(const badge_printer *bp, enum job_kind kind);

/* Run the printer's queue: every job waiting for this printer. */
int badge_printer_flush(badge_printer *bp,
                        struct print_queue_report *out /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

/* Queue the attendee's badge and one ticket per tutorial bought, then run
 * the printer's queue (earlier failed jobs included; with no printer, the
 * jobs stay queued).  A reprint needs a
 * reason: it prints the badge only, under a new issue number, so the old
 * badge stops working.  Printer faults are not errors here: they are in
 * the report (and the jobs wait for the fault to clear); errors are for
 * the store and for refusals (cancelled order, reprint without reason). */
int badge_printer_print(badge_printer *bp, int64_t attendee_id,
                        const char *reprint_reason,
                        struct print_queue_report *out /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

#endif
