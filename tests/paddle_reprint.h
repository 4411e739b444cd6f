/* The auction door's reprint (Ctrl-R with a reason) in the test's own
 * process, for test_print: the station's rules with the door's printer
 * hook, as `checkin scan --station auction --printer URI` wires them
 * (runtime/station_runtime.c), apart from test_print.c because the
 * printer's headers name a type `printer` that its cases use as a
 * variable's name. */
#ifndef CHECKIN_TEST_PADDLE_REPRINT_H
#define CHECKIN_TEST_PADDLE_REPRINT_H

#include <stddef.h>
#include <stdint.h>

/* Reprint attendee `attendee_id`'s paddle label at door `door` of event
 * file `db` on printer `uri` (QL-800, 62 x 100 mm) for `reason`; 0, or
 * -1 with the sentence in `why`.  *tpl gets the template the door
 * chose (a static buffer). */
int paddle_reprint(const char *db, const char *door, const char *uri,
                   int64_t attendee_id, const char *reason, const char **tpl,
                   char *why, size_t cap);

#endif
