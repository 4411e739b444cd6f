/* `checkin describe`'s words to the organizer: import/'s describe_pretix
 * writes the event description and returns a struct describe_summary;
 * these say what it wrote and what is left to fill in. */
#ifndef CHECKIN_DESCRIBE_COMMANDS_H
#define CHECKIN_DESCRIBE_COMMANDS_H

#include <stddef.h>
#include <stdio.h>

#include "checkin/describe.h"
#include "checkin/error.h"

/* One sentence for the organizer naming the placeholders of `sum` left to
 * fill in `out_path`, or "" when there are none.  Returns `buf`. */
const char *describe_warning(const struct describe_summary *sum,
                             const char *out_path, char *buf, size_t cap);

/* `checkin describe`: describe_pretix, then "Wrote FILE: N ticket types,
 * ... questions mapped." on `out` and describe_warning's sentence on
 * `msgs`. */
int describe_pretix_print(const char *export_path, const char *out_path,
                          FILE *out, FILE *msgs,
                          struct ck_error *err) CK_MUST_CHECK;

#endif
