/* Private to sync/ (fan.c): a desk's check-ins carried to the other
 * running desks in the hub's notification (hub format 40,
 * hubschema/hub_schema_fan.c; docs/sync-history.md, "Check-ins carried
 * in the notification"). */
#ifndef CHECKIN_SYNC_FAN_H
#define CHECKIN_SYNC_FAN_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/sync.h"
#include "checkin/sync_local.h"

/* A desk's keys from the hub: its own (the hub's MAC to it) and the
 * desks' (the rows' keystream), and its slot in a payload. */
struct sync_fan {
    bool on;
    int slot;
    uint8_t key[32];
    uint8_t desks[32];
};

/* Ask the hub (format 40 or later) for this desk's keys over `pg`, the
 * desk's own connection (checkin.fan_enrol(): made at its first ask),
 * within the thread's limits (pg.h); `f` is off when the hub gives none
 * (not a desk, an older hub) or the statement failed, which the code and
 * err say (the connection lost: PQstatus says it). */
int sync_fan_enrol(PGconn *pg, struct sync_fan *f,
                   struct ck_error *err) CK_MUST_CHECK;

/* The rows `payload` carries for this desk, as the JSON text the hub
 * sealed (malloc'd into *json), when it is a "fan1" payload whose MAC
 * for `f`'s slot verifies under its key; false for anything else. */
bool sync_fan_open(const struct sync_fan *f, const char *payload, char **json);

/* The rows of `json` as the journal's pull reads them at format 40 (21
 * text columns, SCAN_PULL(SCAN_ANSWERS)), each a desk's check-in row;
 * NULL when it is anything else. */
PGresult *sync_fan_rows(const char *json);

/* Apply `r`'s rows to the desk's file `l` as its pull applies them, in
 * one local transaction; the counters' news into `rep` (checked_in,
 * counts_moved, recount, pulled.scans).  *taken false when a row could
 * not be taken (the pull takes it later). */
int sync_fan_apply(struct local *l, const struct local_hub *hub, int format,
                   PGresult *r, struct sync_report *rep, bool *taken,
                   struct ck_error *err) CK_MUST_CHECK;

#endif
