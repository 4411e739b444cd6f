/* What the organizer's live dashboard shows, read from an event file as one
 * JSON document: checked in against expected (distinct people, by ticket
 * type), each tutorial room's people inside now against its seats, arrivals
 * per 10 minutes per desk, each station's last scan and throughput, print
 * jobs waiting or failed, anomalies (one person admitted at two desks, an
 * admitted registration no longer paid, a supervisor's override at a desk
 * with its station, time and reason), lead counts per sponsor, the latest
 * check-ins, and the registration desks as a queue: each open desk's
 * service time, people arriving per hour and the wait an arrival can
 * expect (docs/dashboard.md says how it is estimated).
 *
 * The counts are the ones `checkin stats` prints, from the same queries
 * (store_stats) where they overlap, so the two never disagree.  Names and
 * other registration strings go into the JSON as they are stored: whoever
 * shows them must treat them as text. */
#ifndef CHECKIN_DASHBOARD_H
#define CHECKIN_DASHBOARD_H

#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* Width of one arrivals bar, and how many bars the chart keeps. */
#define DASHBOARD_BUCKET_MS (10 * 60 * 1000)
#define DASHBOARD_BUCKETS 12

/* The snapshot of `s` as compact JSON in *json (malloc'd; the caller frees
 * it).  `now_ms` is the wall clock (store_now_ms()); the chart and the
 * per-desk throughput end at the latest desk scan when that is later (a
 * station's clock ahead of this machine's) or when nothing arrived within
 * the chart's window of now (an event replayed afterwards). */
int dashboard_snapshot(store *s, int64_t now_ms, char **json /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* The mean wait in seconds before a desk is free, for people arriving at
 * `arrivals_per_hour` at `desks` desks that each serve `per_hour_each`
 * people an hour: the M/M/c queue's expected wait (Erlang's C formula).
 * -1 when the desks cannot keep up (arrivals at or above what they serve)
 * or the arguments make no queue (no desk, no service). */
double dashboard_wait_s(double arrivals_per_hour, double per_hour_each,
                        int desks);

/* A number that changes whenever another connection committed to the file
 * since the last call on this handle (SQLite's PRAGMA data_version): the
 * server rebuilds the snapshot only then. */
int dashboard_data_version(store *s, int64_t *version /* out */,
                           struct ck_error *err) CK_MUST_CHECK;

#endif
