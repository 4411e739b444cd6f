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

/* Every attached USB printer of a supported model, each asked for its
 * media and state (briefly: a silent printer does not hang the list), on
 * `out` one per line or, with `json`, as one JSON array; "No supported
 * printer is attached." when none is.  *found counts them. */
int printer_list_usb(FILE *out, bool json, size_t *found /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

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

/* Attendee `attendee_id`'s badge and one ticket per tutorial on the
 * printer at `uri` (never the event file `s` itself), through the job
 * queue (badge_print.h; `reason` set: a reprint), then on `out` what
 * became of the labels: "PRINTER: N printed, N sent, N failed, N
 * waiting." and, for labels only sent, to check that they came out.  A
 * printer's complaint ends in CK_EDEVICE with its sentence. */
int printer_print_badges(store *s, const struct badge_key *key, const char *uri,
                         const struct printer_options *popt,
                         const struct badge_printer_options *bopt,
                         int64_t attendee_id, const char *reason, FILE *out,
                         struct ck_error *err) CK_MUST_CHECK;

/* `checkin print DB WHO`: whom `who` names in the event file `db`
 * (store_attendee_find_one), the desk's signing key (`key_path`, may be
 * NULL: credential_load_desk_key), then printer_print_badges.  A
 * printer's complaint (CK_EDEVICE) also says that the same command run
 * again prints the failed labels first, with the same badge number. */
int printer_print_badges_for(const char *db, const char *who,
                             const char *key_path, const char *uri,
                             const struct printer_options *popt,
                             const struct badge_printer_options *bopt,
                             const char *reason, FILE *out,
                             struct ck_error *err) CK_MUST_CHECK;

#endif
