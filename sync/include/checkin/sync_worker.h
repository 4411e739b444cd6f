/* Live sync for a running station: a thread of its own that keeps the
 * station's file in step with its hub while the station decides, and
 * tells the station's screen whether it is in step.
 *
 * The worker owns its own connection to the station's file and its own
 * connection to the hub; the scan path never waits on it.  It syncs
 * (sync.h: push, then pull)
 *   - at start, and after every reconnect;
 *   - after a commit to the file by anyone (the kernel's inotify on the
 *     file and its write-ahead log wakes the worker, then PRAGMA
 *     data_version tells others' commits from its own): at once when no
 *     push waits and none began within 20 ms; a commit closer to the last
 *     push, or during it (a burst of scans), 20 ms after the last commit,
 *     and at the latest 250 ms after the first held;
 *   - when the hub says another session wrote (LISTEN checkin; the hub's
 *     triggers NOTIFY at commit): at once when the last sync a
 *     notification caused began SYNC_WORKER_WAKE_MS ago or more, else
 *     once that long after it, so that any number of notifications
 *     (anyone with a role on the hub can send them) costs at most one
 *     sync per SYNC_WORKER_WAKE_MS;
 *   - every 10 s in any case, as a safety net and so that `checkin hub
 *     status` sees the station.
 * In between it sleeps: no timer but the hub's probe (below) and the
 * safety net wakes an idle station.
 * No wait on the hub is unbounded: a hub that sends nothing for 3 s
 * while a statement or a connection is under way, or for 1 s plus 3 s
 * when idle (it is asked, with an empty statement, each second it says
 * nothing), is taken as gone: the station says it is offline, the
 * connection is closed, and it tries again after 1, 2, 4 and then every
 * 5 s, counting meanwhile what waits to be sent.  docs/sync.md. */
#ifndef CHECKIN_SYNC_WORKER_H
#define CHECKIN_SYNC_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/sync.h"

typedef struct sync_worker sync_worker;

/* At most one sync per this many milliseconds is caused by the hub's
 * notifications, however many arrive. */
enum { SYNC_WORKER_WAKE_MS = 250 };

/* Whether the station is in step, for its screen. */
struct sync_state {
    bool tried;        /* a first attempt has ended (either way) */
    bool online;       /* the last attempt reached the hub and synced */
    int64_t since_ms;  /* wall clock (store_now_ms) of the last change of
                          `online`: online since, or offline since */
    int64_t synced_ms; /* wall clock of the last complete sync; 0: none */
    long to_send;      /* this station's check-ins the hub lacks */
    long pushed;       /* rows sent since the worker started */
    long pulled;       /* rows received since the worker started */
    long fanned;       /* ... of them, check-ins another desk's push
                          carried in the hub's notification (hub format
                          40), taken without a pull */
    long syncs;        /* complete syncs since the worker started */
    /* Given --herald: 1 while the hub's word comes from the herald, 2
     * while it cannot be reached (the station LISTENs on the hub
     * itself), 0 before the first attempt ends or without one. */
    int herald;
    char herald_addr[96];
    char problem[512]; /* while offline: the last failure's sentence */
    /* This station's edits the hub holds until their ticket reaches it
     * (hub format 13), and their tickets (", " between, as many as fit);
     * read again at each sync while there are any. */
    long edits_waiting;
    char waiting_tickets[200];
    /* A desk: its walk-ins whose tutorial the hub found sold past its
     * seats (hub format 16) at the last sync that told any, as
     * sync_report has them; kept until another replaces them. */
    long oversold;
    struct sync_oversold oversold_seats[SYNC_OVERSOLD_CAP];
    /* A station at a hub of a newer format than this checkin knows: the
     * hub's format, set at the first sync that found it and kept for the
     * run; 0 otherwise.  The screens say these (runtime/sync_sentence.c). */
    int hub_newer;
    long booths;     /* an expo station: counts the syncs that changed
                        its booths or sponsors in the file */
    long leads_held; /* its leads of booths closed at the hub, held in
                        the file (sync_report) */
    char held_booths[200];
    /* The counters' news: sync_report's checked_in, counts_moved and
     * recount (with the rows taken out of the file) added up since the
     * worker started, which opened after the station counted.  A count
     * of the file is exact against them only when no sync ran beside it
     * (`syncing` false before and after, `sync_starts` the same). */
    long checked_in, counts_moved, recount;
    bool syncing; /* a sync, or check-ins from notifications, may commit */
    long sync_starts;
};

/* A desk's printer as its print worker last saw it, sent to the hub with
 * the station's row (hub format 4; docs/sync.md).  All "" (and at_ms 0):
 * the station has no printer. */
struct sync_printer {
    char printer[300]; /* "QL-800 on usb 1-2", or the URI */
    char state[32];    /* printer_state_str: "ready", "no media", ... */
    char message[500]; /* the printer's sentence: what happened, what to do */
    int64_t at_ms;     /* wall clock when the print worker last vouched for
                          it */
    /* What message's first `said` bytes were made of, to be said again
     * in the reader's language (hub format 39, printer_kept): the
     * error's English sentence and its kept line (ck_error_keep); ""
     * when message was not made of one. */
    size_t said;
    char english[512];
    char kept[CK_ERROR_KEPT_CAP];
    /* The same of the label forecast said after it, when message holds
     * one of the catalogue's ("" none). */
    char labels_english[512];
    char labels_kept[CK_ERROR_KEPT_CAP];
};

/* Start syncing `path` (a station file made by `checkin hub add-station`,
 * or an event database made a hub by `checkin hub init`), which this
 * process must hold open already through a store_open that checked it (a
 * running station, the dashboard): the worker's own connection skips that
 * check.  A file that is
 * not enrolled at a hub gives *out NULL and CK_OK: nothing to do.  Errors
 * only for a file that cannot be opened. */
int sync_worker_start(const char *path, sync_worker **out /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* The same, the hub's word taken from the herald at `herald` ("IP:PORT",
 * checkin/sync_herald.h; NULL: none) while it is there, and by LISTEN
 * on the hub whenever it is not; a bad address is one sentence naming
 * --herald (CK_EINVAL). */
int sync_worker_start_herald(const char *path, const char *herald,
                             sync_worker **out /* out */,
                             struct ck_error *err) CK_MUST_CHECK;

/* The state now (a copy; cheap, for every turn of the station loop). */
void sync_worker_state(sync_worker *w, struct sync_state *out /* out */);

/* Tell `fd` (an eventfd, e.g. the station loop's wake-up; -1: none) each
 * time the state sync_worker_state returns may have changed: a sync
 * ended, the link was lost or the backlog counted.  Nothing else of the
 * worker's (its probes, its looks at the file) writes it. */
void sync_worker_notify(sync_worker *w, int fd);

/* The station's printer now (a copy is taken, under the worker's mutex).
 * A change of printer, state or sentence wakes the worker, which sends it
 * with a sync at once; a newer at_ms alone goes with the next sync. */
void sync_worker_set_printer(sync_worker *w, const struct sync_printer *p);

/* The organizer's worker (on an event database made a hub): the hub's
 * stations as a JSON array of {name, kind, id, seen_ms (this machine's
 * clock, or null: never synced), skew_s (the station's clock against the
 * hub's, or null), not_sent (its rows not yet sent, as it last said),
 * conflicts, live (synced within 30 s), retired, printer, printer_state,
 * printer_message (the desk's printer as it last said; null: none or not
 * said), printer_age_ms (how long ago its print worker vouched for it, by
 * the hub's clock and the station's; null: never), and at a live station
 * of an older checkin, older (the line `hub status` shows: the format it
 * knows and what it misses)}, read after a sync at most
 * every 5 s.  A malloc'd copy for the caller to free, or NULL before the first
 * reading and on a station's worker; *version counts the readings. */
char *sync_worker_hub_stations(sync_worker *w, uint64_t *version /* out */);

/* Stop: when the hub is reachable, one last sync sends what the station
 * decided last, then the thread ends and everything is closed.  Returns
 * within `grace_ms` (and a few milliseconds) whatever the hub does: a
 * sync or a connection still waiting for the hub then is abandoned (the
 * hub rolls it back; the rows are sent next time).  NULL is fine. */
void sync_worker_stop(sync_worker *w, int grace_ms);

#endif
