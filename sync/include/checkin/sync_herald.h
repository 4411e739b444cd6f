/* The herald: one PostgreSQL session beside the hub that LISTENs for
 * every station and forwards each notification to the stations
 * connected to it (hub/herald.c, `checkin hub herald`), so that the hub
 * wakes one backend a commit instead of one for each running desk
 * (docs/sync.md, "The herald").  A station started with --herald takes
 * its wakes from it (sync_worker.h) and LISTENs on the hub itself
 * whenever the herald is not there.
 *
 * What travels, herald to station only, one line each, '\n' ending it:
 *   "herald1"               once the herald LISTENs on the hub
 *   "n PID CHANNEL PAYLOAD" a notification: the writer's backend pid,
 *                           its channel and payload (empty when it held
 *                           a line end)
 *   "."                     each SYNC_HERALD_BEAT_MS while the herald's
 *                           own session answers
 * A station sends nothing; the herald reads nothing from it.  The
 * payloads a desk applies are sealed and MACed per desk by the hub
 * (sync/fan.c), so the herald can neither read them nor make a desk take
 * a row the hub did not seal; anything else it says is a hint to pull,
 * and the pull's cursor is the hub's. */
#ifndef CHECKIN_SYNC_HERALD_H
#define CHECKIN_SYNC_HERALD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "checkin/error.h"

enum {
    SYNC_HERALD_BEAT_MS = 1000, /* the herald's "." this often */
    SYNC_HERALD_LINE = 8200,    /* a line's bytes at most (a payload is
                                   8000 at most, PostgreSQL's bound) */
};

/* `addr` ("IP:PORT", "[IPv6]:PORT"; numbers only, so that nothing waits
 * on a name's lookup; port 0, any free one, only for `option`
 * "--listen") into *sa; otherwise one sentence naming `option`
 * (CK_EINVAL). */
int sync_herald_addr(const char *addr, const char *option,
                     struct sockaddr_storage *sa /* out */,
                     socklen_t *len /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* The LISTEN statements of every station's channels (what each kind
 * listens on, sync_listen_sql), into `sql`; false when it does not fit. */
bool sync_herald_channels(char *sql, size_t cap);

#endif
