/* A discreet hold (issue 29; docs/admission.md, "A hold"): an organizer
 * puts a registration on hold, a safety team's decision.  Every station
 * refuses the person offline with "Please see the help desk." and nothing
 * more; the reason stays in the organizer's file (attendee_hold), never
 * published.  The flag (attendee.hold) travels to the stations through
 * the hub's registration.hold (format 10).  Not for deciding at a station
 * (admission_held, station.c). */
#ifndef CHECKIN_HOLD_H
#define CHECKIN_HOLD_H

#include <stdbool.h>

#include "checkin/error.h"

/* The longest reason a hold keeps (bytes). */
#define HOLD_WHY_CAP 500
/* The room for the held person's name hold_set gives back. */
#define HOLD_NAME_CAP 512

/* Put the registration with ticket id `ticket` in the organizer's event
 * database `db` on hold for `why` (1 to HOLD_WHY_CAP bytes of one line;
 * a second hold replaces the reason), or with `release` take the hold
 * off (`why` NULL); one transaction.  `name` gets the person's badge
 * name (their name, or `ticket` when they have none) for the sentence
 * that says it.  Refused with one sentence, nothing stored: a station's
 * file, an unknown ticket, an empty or too long reason, a release of
 * someone not on hold. */
int hold_set(const char *db, const char *ticket, const char *why, bool release,
             char name[HOLD_NAME_CAP] /* out */,
             struct ck_error *err) CK_MUST_CHECK;

#endif
