/* Read-only lookups of the event description that labels print: the event
 * itself, a ticket type's label and colour, and a tutorial's title, room
 * and times.  The event description is written by event_load() (event.h);
 * nothing here changes the store. */
#ifndef CHECKIN_TUTORIAL_H
#define CHECKIN_TUTORIAL_H

#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* The event row.  Strings are owned by the struct: event_info_free(). */
struct event_info {
    char *slug;
    char *name;
    char *timezone;  /* IANA zone, e.g. "America/Los_Angeles" */
    char *first_day; /* local "YYYY-MM-DD" */
    char *last_day;
};

/* One tutorial.  Strings are owned by the struct: tutorial_info_free(). */
struct tutorial_info {
    int64_t id; /* also the tutorial number in tickets */
    char *slug;
    char *title;
    char *room;
    int64_t starts_at; /* UTC seconds */
    int64_t ends_at;
    long capacity;
    char *event_name;
    char *timezone; /* the event's zone, for printing the times */
};

/* One ticket type.  Strings are owned by the struct:
 * ticket_type_info_free(). */
struct ticket_type_info {
    char *slug;
    char *label;
    char *colour; /* "#RRGGBB" */
};

/* The event description (CK_ECORRUPT if the store has none). */
int store_event_get(store *s, struct event_info *out /* out */,
                    struct ck_error *err) CK_MUST_CHECK;
void event_info_free(struct event_info *e);

/* The tutorial with store id `id` (CK_ENOTFOUND if none). */
int store_tutorial_get(store *s, int64_t id,
                       struct tutorial_info *out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;
void tutorial_info_free(struct tutorial_info *t);

/* The ticket type with `slug` (CK_ENOTFOUND if none). */
int store_ticket_type_get(store *s, const char *slug,
                          struct ticket_type_info *out /* out */,
                          struct ck_error *err) CK_MUST_CHECK;
void ticket_type_info_free(struct ticket_type_info *t);

#endif
