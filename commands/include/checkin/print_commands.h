/* The label printer commands' words to people (usage texts), and
 * `checkin print-preview`: what a file printer's bytes print, as images.
 * The bytes are read back by the printer drivers' own readers
 * (driver_read_back), each label written as a PNG a person can look at
 * and a QR reader can read. */
#ifndef CHECKIN_PRINT_COMMANDS_H
#define CHECKIN_PRINT_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checkin/badge_print.h"
#include "checkin/error.h"
#include "checkin/printer.h"

/* Read the printer output in the file `path` (as a `file:` printer wrote
 * it: a Brother QL, Zebra ZPL or DYMO LabelWriter stream, one job or a
 * day's) and write each label as DIR/label-001.png, label-002.png, ...
 * (mode 0600: labels carry names; the folder is made if missing), one
 * line on `out` a label and a last line of counts.  `model_name` NULL:
 * the command set and head from the stream itself.  A stream cut short
 * keeps the labels read whole, written, and then fails with where it
 * stopped. */
int print_preview(const char *path, const char *model_name, const char *out_dir,
                  FILE *out, struct ck_error *err) CK_MUST_CHECK;

/* `checkin printers`: every attached USB printer of a supported model,
 * each asked for its media and state (printer_list_usb), on `out` one
 * per line or, with `json`, as one JSON array; "No supported printer is
 * attached." when none is.  *found counts them. */
int printers_print(FILE *out, bool json, size_t *found /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* `checkin print DB WHO`: whom `who` names in the event file `db`
 * (store_attendee_find_one), the desk's signing key (`key_path`, may be
 * NULL: credential_load_desk_key), then printer_print_badges, and on
 * `out` what became of the labels: "PRINTER: N printed, N sent, N
 * failed, N waiting." and, for labels only sent, to check that they came
 * out.  A printer's complaint ends in CK_EDEVICE with its sentence and
 * that the same command run again prints the failed labels first, with
 * the same badge number. */
int print_badges_for(const char *db, const char *who, const char *key_path,
                     const char *uri, const struct printer_options *popt,
                     const struct badge_printer_options *bopt,
                     const char *reason, FILE *out,
                     struct ck_error *err) CK_MUST_CHECK;

/* The commands' usage texts. */
extern const char PRINTERS_USAGE[], PRINT_IMAGE_USAGE[], PRINT_PREVIEW_USAGE[];

#endif
