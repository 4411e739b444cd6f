/* The event both acknowledgement tests run (issue 55 item 3): PyCon Ack
 * 2028 with Ada (QA001, ticket 5001) and Grace (QA002, 5002, her order
 * in German) from a
 * pretix export in the exporter's shape, and the Code of Conduct asked
 * when `ack`. */
#ifndef CHECKIN_TEST_ACK_EVENT_H
#define CHECKIN_TEST_ACK_EVENT_H

#include <stdbool.h>

#define COC_TEXT "I have read the Code of Conduct and will follow it."

/* The event's description without its acknowledgement, and the
 * Code of Conduct's [admission] and [acknowledge coc] to append. */
extern const char ack_ini[];
extern const char ack_coc[];

/* The event file NAME.db: its description (with the acknowledgement
 * when `ack`), the export imported; NULL when a file could not be
 * written. */
const char *ack_event(const char *name, bool ack);

/* Ticket `ticket`'s secret in `db`, the code its badge carries. */
const char *secret_of(const char *db, const char *ticket);

#endif
