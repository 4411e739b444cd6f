/* A list of the event's days as an event description writes it
 * (`days = 2027-05-17, 2027-05-18` in [sprints] and [open-spaces]). */
#ifndef CHECKIN_EVENT_DAYS_H
#define CHECKIN_EVENT_DAYS_H

#include <stdbool.h>
#include <stddef.h>

#include "checkin/event_line.h"

/* Whether `s` is a real date written YYYY-MM-DD. */
bool event_day_valid(const char *s);

/* The days of `v` (separated by spaces, commas or tabs) into `days`, at
 * most `max` of them, their number in *n.  False, with a sentence at
 * `at` (its example the days of `example`), for a day that is not a
 * date, more than `max` days, or none. */
bool event_days_parse(const char *v, char (*days)[11], size_t max, size_t *n,
                      const char *example, const struct event_line *at);

#endif
