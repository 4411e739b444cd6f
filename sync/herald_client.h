/* Private to sync/ (worker.c): a station's link to the herald
 * (checkin/sync_herald.h), never waited on: a connect that does not
 * block, lines read as they come, and a herald silent for
 * HERALD_SILENT_MS, cut or refusing is dropped and tried again later
 * while the station LISTENs on the hub itself. */
#ifndef CHECKIN_SYNC_HERALD_CLIENT_H
#define CHECKIN_SYNC_HERALD_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "checkin/sync_herald.h"

enum {
    HERALD_SILENT_MS = 3000, /* three beats missed: dropped */
    HERALD_RETRY_MS = 1000,  /* the first retry after a drop, doubling */
    HERALD_RETRY_MAX_MS = 8000,
};

struct herald {
    bool on; /* a herald was given */
    char addr[96];
    struct sockaddr_storage sa;
    socklen_t salen;
    int fd;           /* -1: no connection */
    bool connecting;  /* connect() under way */
    bool ready;       /* it said "herald1": its LISTEN is in place */
    bool failed;      /* the last attempt failed or the link was lost */
    int64_t heard_at; /* util_mono_ms of its last byte (or the attempt) */
    int64_t retry_at; /* the next attempt; 0: now */
    int backoff;
    size_t len;
    char buf[SYNC_HERALD_LINE + 1];
};

/* One notification the herald forwarded. */
struct herald_note {
    long pid;
    const char *channel;
    const char *payload;
};

typedef void (*herald_note_fn)(void *arg, const struct herald_note *n);

/* Start a connection when none is open and its retry is due. */
void herald_try(struct herald *h, int64_t now);

/* poll()'s events for h->fd (POLLOUT while connecting). */
short herald_events(const struct herald *h);

/* h->fd was ready (`revents`): finish the connect, read what came and
 * hand each notification to `fn`; false when the link was dropped. */
bool herald_take(struct herald *h, short revents, int64_t now,
                 herald_note_fn fn, void *arg);

/* The herald said nothing for HERALD_SILENT_MS and nothing it sent
 * waits to be read: a worker held up longer than that (a connection to
 * the hub under way, a slow sync) has not read its beats, which does
 * not make it silent. */
bool herald_silent(const struct herald *h, int64_t now);

/* Drop the link (silent, cut, or the worker ending); retried later. */
void herald_drop(struct herald *h, int64_t now);

/* When the herald is next looked at: its silence's end or its retry;
 * 0 when none is given. */
int64_t herald_due(const struct herald *h);

#endif
