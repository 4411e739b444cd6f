/* `checkin register` and `checkin edit` on an event file: a walk-in or a
 * correction (registration.h) with the supervisor's PIN asked only when
 * the event has supervisors and the action needs one, and the sentences
 * the organizer reads after it.  How a PIN is read (the terminal, without
 * echo) is the caller's. */
#ifndef CHECKIN_REGISTRATION_DESK_H
#define CHECKIN_REGISTRATION_DESK_H

#include <stdio.h>

#include "checkin/error.h"
#include "checkin/registration.h"
#include "checkin/store.h"

/* Reads a supervisor's PIN into `pin` (SUPERVISOR_PIN_CAP bytes). */
typedef int (*registration_pin_reader)(char *pin, struct ck_error *err);

/* Register walk-in `w` in the event file `db` as made at `station`; a
 * comp asks `read_pin` when the event has supervisors.  Says the new
 * ticket and what to do next on `out`. */
int registration_desk_register(const char *db, const char *station,
                               const struct registration_walkin *w,
                               registration_pin_reader read_pin, FILE *out,
                               struct ck_error *err) CK_MUST_CHECK;

/* Apply `edits` to whom `who` names (registration_find) in `db`, as made
 * at `station`, asking `read_pin` when the event has supervisors.  Says
 * what changed and how the person now differs from the export on
 * `out`. */
int registration_desk_edit(const char *db, const char *station, const char *who,
                           const struct registration_edit *edits, size_t n,
                           registration_pin_reader read_pin, FILE *out,
                           struct ck_error *err) CK_MUST_CHECK;

/* Lines saying how attendee `ticket_id` came to differ from the export,
 * each starting with `indent` and ending in a newline, into `out` ("" when
 * it does not), in the language spoken: "given name: Priya, edited at
 * desk-2 Thu 10:14 by Sam; the export says Pryia", times in zone `tz`
 * (registration_describe's data said). */
int registration_notes(store *s, const char *ticket_id, const char *tz,
                       const char *indent, char *out, size_t cap,
                       struct ck_error *err) CK_MUST_CHECK;

#endif
