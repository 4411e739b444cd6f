/* Private to sync/: what hub.c and sync.c share. */
#ifndef CHECKIN_SYNC_PRIV_H
#define CHECKIN_SYNC_PRIV_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "checkin/sync.h"
#include "checkin/sync_worker.h"
#include "local.h"

/* Push, then pull, over an open connection to the hub, for the file `l`
 * enrolled as `hub` (its event checked against the hub's first).  For
 * the organizer's event database, `publish` false skips reading and
 * hashing every registration to find changes (the live worker knows the
 * file has not changed since its last publication).  A station's
 * `printer` (NULL: leave what the hub holds) goes with its row update,
 * on a hub of format 4 or newer. */
int sync_with(struct local *l, const struct local_hub *hub, PGconn *pg,
              bool publish, const struct sync_printer *printer,
              struct sync_report *out /* in, out */,
              struct ck_error *err) CK_MUST_CHECK;

/* Bring a hub made by an older `checkin hub init` up to HUB_FORMAT (the
 * organizer's connection: it owns the schema); refuse a newer one. */
int hub_upgrade(PGconn *pg, struct ck_error *err) CK_MUST_CHECK;

/* sync_once for the station file `hub add-station` is making at the
 * temporary name `tmp`, to be published at `path` (what its sentences
 * name): no one else has it, so its first pull takes each table in one
 * local transaction without flushing it (pull.c); the publishing syncs
 * the file. */
int sync_new_station(const char *tmp, const char *path,
                     struct sync_report *out /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* Journal rows written in the file `l` that the hub does not hold yet. */
long sync_backlog(struct local *l);

/* `n` random bytes as 2n lower-case hex digits into `out` (2n+1 bytes). */
void sync_random_hex(char *out, size_t n);

#endif
