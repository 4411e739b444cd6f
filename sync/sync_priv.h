/* Private to sync/: what its files share beside what sync_hub.h lends
 * hub/. */
#ifndef CHECKIN_SYNC_PRIV_H
#define CHECKIN_SYNC_PRIV_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "checkin/sync.h"
#include "checkin/sync_hub.h"
#include "checkin/sync_local.h"
#include "checkin/sync_worker.h"

/* Journal rows written in the file `l` that the hub does not hold yet. */
long sync_backlog(struct local *l);

#endif
