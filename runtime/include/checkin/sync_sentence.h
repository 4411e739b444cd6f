/* What a sync tells a person (issue 53): the sentences `checkin sync`
 * (commands/sync_print.c) and a running station's link line
 * (station_runtime.c) say of the data sync/ returns (struct sync_report,
 * struct sync_state), in the language spoken.  sync/ says none. */
#ifndef CHECKIN_SYNC_SENTENCE_H
#define CHECKIN_SYNC_SENTENCE_H

#include <stddef.h>

#include "checkin/sync.h"

/* "2 edits wait at the hub for their tickets (59999); the organizer's
 * next publish, or the sync of the desk that registered the walk-in,
 * places them." for `n` edits of `tickets` (", " between); "" when n is
 * 0. */
void sync_waiting_said(long n, const char *tickets, char *out, size_t cap);

/* The sentence for a station at a hub of format `hub_format`, newer than
 * this checkin knows (sync_report.hub_newer): it goes on recording and
 * sending; upgrade checkin there. */
void sync_newer_hub_said(int hub_format, char *out, size_t cap);

/* The sentence for a station whose herald at `addr` cannot be reached
 * (sync_state.herald 2): it takes the hub's word itself meanwhile. */
void sync_herald_said(const char *addr, char *out, size_t cap);

/* What to do about each of `n` walk-ins whose tutorial the hub found sold
 * past its seats (sync_report.oversold_seats), one a line, as many as
 * fit; "" when n is 0. */
void sync_oversold_said(const struct sync_oversold *o, size_t n, char *out,
                        size_t cap);

/* `seconds` ago (-1: never) as "42 s ago", "5 min ago", "3 h ago". */
void sync_ago_said(long seconds, char *out, size_t cap);

#endif
