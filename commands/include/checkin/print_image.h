/* `checkin print-image`: any PNG, JPEG or PGM image (scanner/'s image
 * loading) on a label printer (printer/), which neither room may join
 * on its own. */
#ifndef CHECKIN_PRINT_IMAGE_H
#define CHECKIN_PRINT_IMAGE_H

#include <stdio.h>

#include "checkin/error.h"
#include "checkin/printer.h"

/* Print the image at `path` on the printer at `uri`, black below
 * `threshold` (1-255); `media_spec` (may be NULL) is the labels it must
 * be printed on, and what is loaded where the printer cannot be asked.
 * Says on `out` whether it printed or was only sent. */
int print_image_file(const char *path, const char *uri,
                     struct printer_options *opt, const char *media_spec,
                     int threshold, FILE *out,
                     struct ck_error *err) CK_MUST_CHECK;

#endif
