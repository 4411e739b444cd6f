/* Station clocks against the event's calendar.  An offline station cannot
 * know the true time, but it can notice a clock that is not on one of the
 * event's days (or, at a tutorial door, not on the tutorial's day) and say
 * so when it starts.  Not for deciding: the station rules go by whatever
 * the station's clock says, and merging never compares clocks of different
 * stations (docs/stations.md, "Clocks"). */
#ifndef CHECKIN_CLOCK_H
#define CHECKIN_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* What clock_check found: the clock on the days it should be on, or not
 * on the event's days, or not on the door's tutorial's day. */
enum clock_off {
    CLOCK_ON_TIME,
    CLOCK_OFF_EVENT,
    CLOCK_OFF_TUTORIAL,
};

/* The figures of a clock found off its days, for the station's sentence
 * (runtime/, in the station's language). */
struct clock_finding {
    enum clock_off off;
    char now[32];   /* the clock's "YYYY-MM-DD HH:MM" in the event's zone */
    char name[256]; /* the event's name, or the tutorial's title */
    /* The event's first and last day ("YYYY-MM-DD"), or the tutorial's
     * start ("YYYY-MM-DD HH:MM") and end (its "HH:MM" alone when it ends
     * the day it starts). */
    char from[32], to[32];
};

/* Check the station time `now_ms` (UTC ms) against the event in `s`: its
 * date in the event's time zone must be one of the event's days and, for a
 * door (`tutorial` a slug, else NULL), one of the tutorial's.  *out says
 * which it is not, with the times to name (off CLOCK_ON_TIME: nothing to
 * say).  CK_ENOTFOUND if the event or the tutorial is missing. */
int clock_check(store *s, int64_t now_ms, const char *tutorial,
                struct clock_finding *out, struct ck_error *err) CK_MUST_CHECK;

/* UTC ms of `local` ("YYYY-MM-DD HH:MM") in the time zone of the event in
 * `s`: a station's --clock.  CK_EINVAL, naming the zone, if it is not such
 * a time. */
int clock_event_ms(store *s, const char *local, int64_t *ms /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* UTC ms of the end of the event in `s`: the start of the day after its
 * last day, in the event's time zone (24 hours after the last day began,
 * so a day whose clocks change ends an hour early or late).  Phones'
 * cookies of a station last until then (docs/phones.md). */
int clock_event_end_ms(store *s, int64_t *ms /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

#endif
