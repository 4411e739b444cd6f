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

/* The statements by which a running file of `role` (its sync_hub's:
 * "organizer", "desk", "door:SLUG", "leads:SPONSOR", "expo", "triage")
 * listens for the hub's word (listen.c): `LISTEN checkin`, which every
 * change names, and from hub format 40 (hub_schema_fan.c) a channel for
 * each table it pulls, "checkin_TABLE" (a door's journal:
 * "checkin_scan_door"; a door's seats given back: "checkin_seat_lease").
 * A station leaves `checkin` once it knows its hub names the tables
 * (worker.c); the organizer's database stays on it alone.  False when
 * they did not fit in `cap`. */
bool sync_listen_sql(const char *role, char *sql, size_t cap);

#endif
