/* A printer: a transport (transport.h), a model (driver.h) and what it
 * says about itself (printer_status.h).  printer_print checks before it
 * sends (a job whose label size does not match the loaded media is
 * refused, so no label is wasted), encodes with driver_encode, sends, and
 * waits a bounded time for the printer to report the label printed.
 *
 * A USB printer that is unplugged is found again when it comes back (by
 * vendor, product and serial number): the next query or print reopens it.
 * Nothing here blocks longer than the timeouts in printer_options.
 *
 * The print queue (print_queue_run) runs the store's pending jobs on one
 * printer; rendering a job into bitmaps is the caller's (a callback). */
#ifndef CHECKIN_PRINTER_H
#define CHECKIN_PRINTER_H

#include <stdbool.h>
#include <stddef.h>

#include "checkin/bitmap.h"
#include "checkin/driver.h"
#include "checkin/error.h"
#include "checkin/jobs.h"
#include "checkin/printer_status.h"
#include "checkin/store.h"
#include "checkin/transport.h"

typedef struct printer printer;

struct printer_options {
    /* Model name ("QL-800"): needed where the transport cannot tell
     * (file:, tcp:); for usb: it must agree with the device if given. */
    const char *model;
    /* The media loaded, as printer_media_parse reads it: needed where the
     * printer cannot be asked; overrides nothing the printer reports. */
    const char *media;
    bool no_status;        /* never ask (e.g. behind a one-way server) */
    int status_timeout_ms; /* for an answer to a status request; 0: 2000 */
    int print_timeout_ms;  /* last byte sent to "printed"; 0: 20000 */
    int poll_ms;           /* Zebra, DYMO: status polls while printing;
                            * 0: 250 */
    struct print_options print;
};

/* Open the printer at `uri` (transport.h).  *out is the caller's; close it
 * with printer_close().  Fails with the transport's sentence, or CK_EINVAL
 * when the model cannot be known ("give --model"). */
int printer_open(const char *uri, const struct printer_options *opt,
                 printer **out /* out */, struct ck_error *err) CK_MUST_CHECK;
void printer_close(printer *p);

/* "QL-800 on usb 1-2"; owned by `p`. */
const char *printer_describe(const printer *p);
const struct printer_model *printer_get_model(const printer *p);

/* Ask the printer its state and loaded media (Brother ESC i S, Zebra ~HS
 * then ~HQES, DYMO ESC A).  Always fills *st.  Returns CK_OK when it can
 * print, CK_EDEVICE with the sentence for any fault (unplugged and not
 * answering included).  Printers that cannot be asked report ready with
 * st->answered false and the media from the options. */
int printer_query(printer *p, struct printer_status *st /* out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* One print.  `media` is what it needs (NULL: whatever is loaded, which must
 * then be known). `on_send`, if set, is called once after every check passed
 * and before the first byte is sent; a nonzero return cancels the print with
 * its error (the queue records the job as sent there). */
struct print_request {
    const struct media *media;
    const struct bitmap1 *pages;
    size_t npages;
    int (*on_send)(void *ctx, struct ck_error *err);
    void *ctx;
};

/* Check, encode, send and wait for the printed report.  CK_OK when
 * printed (st->state PRINTER_PRINTED) or, for printers that cannot
 * report, sent (PRINTER_SENT).  Otherwise CK_EDEVICE with the sentence and
 * st->state saying why; whether bytes were sent is `*sent`.  With bytes
 * sent, st->unconfirmed says the label may have printed (the sentence
 * then says to check before reprinting); otherwise none of it did, nor
 * will it later (a cut-short job, or a fault the printer reported in
 * place of "printed", see printer.c), so it may be sent again.  Refusals
 * before sending: a fault, no answer, media that differs from
 * `req->media` ("QL-800 on usb 1-2: loaded media is 29 mm, the badge
 * needs 62 mm. Load DK-22205."), pages that do not fit
 * (CK_EINVAL, from driver_encode). */
int printer_print(printer *p, const struct print_request *req,
                  struct printer_status *st /* out */, bool *sent /* out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* Render one job: fill *pages (an array of *npages bitmaps the queue
 * frees with bitmap1_free and free) and the media they are laid out for. */
typedef int (*print_render_fn)(void *ctx, const struct job *job,
                               struct media *media /* out */,
                               struct bitmap1 **pages /* out */,
                               size_t *npages /* out */, struct ck_error *err);

struct print_queue_report {
    size_t printed;           /* confirmed by the printer */
    size_t sent;              /* sent to a printer that cannot confirm */
    size_t failed;            /* marked failed in this pass, or left 'sent'
                               * unconfirmed with the sentence (jobs.h) */
    size_t waiting;           /* left pending because the printer has a fault */
    enum printer_state state; /* the printer's state after the pass */
    char message[512];        /* the last failure's sentence, or "" */
    struct ck_error error;    /* the same as ck_fail kept it, for saying it
                               * in the reader's language (ck_error_text) */
};

/* Print the store's pending jobs for `printer_name` (NULL: all) on `p`,
 * oldest first, each state change in its own transaction.  A printer
 * fault marks the job failed with the sentence and ends the pass (the
 * rest wait); failed jobs are printed again by a later pass once the
 * printer answers ready.  A job the printer took but could not confirm
 * (st->unconfirmed) stays 'sent' with the sentence instead, and is never
 * sent again unasked.  A render error fails that job only.  Returns an
 * error only when the store cannot be written. */
int print_queue_run(store *s, printer *p, const char *printer_name,
                    print_render_fn render, void *ctx,
                    struct print_queue_report *out /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

#endif
