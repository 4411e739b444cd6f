/* Private to event/: what event.c and event_update.c share. */
#ifndef CHECKIN_EVENT_PRIV_H
#define CHECKIN_EVENT_PRIV_H

#include <stddef.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* event_load_buffer, with messages that say to run `cmd` ("init",
 * "event") again after fixing the file. */
int event_parse_buffer(store *s, const char *name, const char *data, size_t len,
                       const char *cmd, struct ck_error *err) CK_MUST_CHECK;

#endif
