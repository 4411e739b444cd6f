/* Local times in an IANA time zone, with the zone as an argument (GLib's
 * GTimeZone, never $TZ), so any thread may call these at any time.  The
 * event's zone is the usual argument (store_event_timezone), and the names
 * keep the event_ prefix they had when they lived with the event
 * description; every room above common/ uses them. */
#ifndef CHECKIN_LOCALTIME_H
#define CHECKIN_LOCALTIME_H

#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"

/* Convert a local time "YYYY-MM-DD HH:MM" (or "YYYY-MM-DDTHH:MM") in IANA
 * zone `tz` to UTC seconds.  A time the zone's clocks skip (the hour they
 * go forward) is refused; so is one they show twice (the hour they go
 * back) unless a UTC offset follows it ("2027-11-07 01:30 -04:00"), which
 * must be one the zone has then.  A date alone "YYYY-MM-DD" is the first
 * moment of that day.  CK_EINVAL for a time that is malformed, skipped or
 * twice, CK_ENOTFOUND for a zone the installed tzdata does not list. */
int event_local_to_utc(const char *local, const char *tz,
                       int64_t *out /* out */) CK_MUST_CHECK;

/* Why event_local_refused refused a local time: it is no time, the zone
 * is unknown, its offset is not the zone's then (`a` given, `b` the
 * zone's), the zone never shows it, its clocks skip it (going forward
 * from `from` to `to`) or show it twice (going back from `from` to `to`,
 * the offsets `a` then `b`).  `when` is the time as "YYYY-MM-DD HH:MM". */
enum local_refused {
    LOCAL_MALFORMED = 1,
    LOCAL_UNKNOWN_ZONE,
    LOCAL_WRONG_OFFSET,
    LOCAL_NEVER,
    LOCAL_SKIPPED,
    LOCAL_TWICE,
};
struct local_refusal {
    int what; /* enum local_refused, 0 when converted */
    char when[24], from[8], to[8], a[8], b[8];
};

/* event_local_to_utc, and on refusal its reason in *r, for the caller to
 * say one whole sentence of its own for each (the event description's
 * line, the clock): 0 or r->what. */
int event_local_refused(const char *local, const char *tz,
                        int64_t *out /* out */,
                        struct local_refusal *r /* out */) CK_MUST_CHECK;

/* Format UTC seconds as local "YYYY-MM-DD HH:MM" in zone `tz`. */
int event_utc_to_local(int64_t t, const char *tz, char *buf, size_t cap);

/* Format UTC milliseconds as ISO 8601 local time in zone `tz` with its
 * offset then, "2027-05-12T09:05:00.250-07:00" (29 characters; `cap` 32
 * is enough).  CK_ENOTFOUND for a zone tzdata does not list. */
int event_iso_local_ms(int64_t ms, const char *tz, char *buf, size_t cap);

/* True if `tz` is a time zone the installed tzdata lists (a zone or a
 * link such as UTC), not another file under /usr/share/zoneinfo. */
int event_valid_zone(const char *tz);

#endif
