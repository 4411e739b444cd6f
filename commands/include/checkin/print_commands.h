/* The label printer commands' words to people (usage texts), and
 * `checkin print-preview`: what a file printer's bytes print, as images.
 * The bytes are read back by the printer drivers' own readers
 * (driver_read_back), each label written as a PNG a person can look at
 * and a QR reader can read. */
#ifndef CHECKIN_PRINT_COMMANDS_H
#define CHECKIN_PRINT_COMMANDS_H

#include <stdio.h>

#include "checkin/error.h"

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

/* The commands' usage texts. */
extern const char PRINTERS_USAGE[], PRINT_IMAGE_USAGE[], PRINT_PREVIEW_USAGE[];

#endif
