/* What an organizer does with a printer away from a desk: list the
 * attached USB label printers with their loaded media and state
 * (`checkin printers`), print any gray image on one (`checkin
 * print-image`), so that the drivers serve other labels too, and print an
 * attendee's badge and tickets by hand (`checkin print`). */
#ifndef CHECKIN_PRINTER_TOOLS_H
#define CHECKIN_PRINTER_TOOLS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/badge.h"
#include "checkin/badge_print.h"
#include "checkin/error.h"
#include "checkin/printer.h"
#include "checkin/store.h"
#include "checkin/transport.h"

/* One attached USB printer of a supported model and what it said when
 * asked for its media and state. */
struct printer_listed {
    struct usb_printer_info info;
    struct printer_status st; /* PRINTER_OTHER_ERROR: it could not be opened */
    char message[512];        /* its complaint, or "" */
};

/* Every attached USB printer of a supported model, each asked for its
 * media and state (briefly: a silent printer does not hang the list), in
 * bus order.  *list is the caller's (free()); *n may be 0. */
int printer_list_usb(struct printer_listed **list /* out */,
                     size_t *n /* out */, struct ck_error *err) CK_MUST_CHECK;

/* Print the gray image `gray` (width x height, rows `stride` bytes
 * apart) on `p`: scaled down, keeping its shape, to the printable area of
 * `media` (NULL: the media the printer says is loaded; one that cannot
 * say is refused with a sentence naming --media), never enlarged, and a
 * dot black below gray level `threshold`.  *printed says whether the
 * printer reported the label printed (else it was sent, all a printer
 * that cannot tell allows). */
int printer_print_gray(printer *p, const struct media *media,
                       const uint8_t *gray, int width, int height,
                       size_t stride, int threshold, bool *printed /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* What became of an attendee's labels at a printer. */
struct badges_printed {
    char printer[160];             /* "QL-800 on usb 1-2" */
    struct print_queue_report rep; /* rep.message: the printer's complaint */
};

/* Attendee `attendee_id`'s badge and one ticket per tutorial on the
 * printer at `uri` (never the event file `s` itself), through the job
 * queue (badge_print.h; `reason` set: a reprint); `r` says what became
 * of the labels, a printer's complaint included (CK_OK then: the queue
 * ran, and the jobs that failed wait). */
int printer_print_badges(store *s, const struct badge_key *key, const char *uri,
                         const struct printer_options *popt,
                         const struct badge_printer_options *bopt,
                         int64_t attendee_id, const char *reason,
                         struct badges_printed *r /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

#endif
