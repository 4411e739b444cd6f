/* What the event still owes a person and what they still owe it (issue
 * 55 item 2, docs/stations.md "The still-needs line"), read from the
 * lists they are on: their badge (to print, pre-printed in a box, or
 * given), a ticket per tutorial, what each per-person or per-day list
 * hands or admits to (a T-shirt and its size, today's lunch), an
 * acknowledgement not given yet and an unpaid order.  Each is ticked
 * from the file's journal as stations redeem it, the hub's sync bringing
 * in other stations' rows.  Data only: the displays and commands/ write
 * the sentences (runtime/needs_text.c). */
#ifndef CHECKIN_NEEDS_H
#define CHECKIN_NEEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* checkin/admission.h's lists, read with kept statements. */
typedef struct admission admission;

/* What an item is (needs_what_token: "badge", ...). */
enum needs_what {
    NEEDS_BADGE,           /* the badge */
    NEEDS_TUTORIAL,        /* a tutorial's ticket, printed with the badge */
    NEEDS_LIST,            /* a per-person list: a T-shirt, an auction */
    NEEDS_LIST_TODAY,      /* a per-day list open today: lunch */
    NEEDS_ACKNOWLEDGEMENT, /* they owe it: an acknowledgement to give */
    NEEDS_BALANCE,         /* they owe it: their order is not paid */
    NEEDS_WHAT_COUNT
};

/* Where it stands (needs_state_token: "owed", ...). */
enum needs_state {
    NEEDS_OWED,     /* not yet; `where` is where to get it ("" unknown) */
    NEEDS_TO_PRINT, /* the badge: printed at a desk on check-in */
    NEEDS_IN_BOX,   /* the badge: pre-printed in box `where`, #position */
    NEEDS_DONE,     /* given, redeemed or handed at `where` at `at_ms` */
    NEEDS_STATE_COUNT
};

struct needs_item {
    enum needs_what what;
    enum needs_state state;
    char slug[128];      /* the list's, the tutorial's or "ack:SLUG"; "" */
    char title[256];     /* the list's, tutorial's or acknowledgement's */
    char variation[128]; /* what a list hands of it ("M"), "" none */
    /* Owed: the list's room or the counters that hand it, ", "-separated
     * as the journal knows them, or the order's code (a balance); in a
     * box: the box's label; done: the station that did it. */
    char where[128];
    long position; /* in its box */
    int64_t at_ms; /* done: when (UTC ms), 0 unknown */
};

/* The items of one person, in the order above; owned by the list. */
struct needs_list {
    struct needs_item *items;
    size_t n;
    size_t cap; /* room in `items` */
};
void needs_list_free(struct needs_list *l);

/* The items of attendee `attendee_id` in `s` at UTC ms `now_ms` (today
 * is its local day in the event's zone), into `out` (which need not be
 * initialized; free it with needs_list_free, on error too).  Nothing for
 * someone the file does not hold. */
int needs_of(store *s, int64_t attendee_id, int64_t now_ms,
             struct needs_list *out /* out */,
             struct ck_error *err) CK_MUST_CHECK;

/* As needs_of, the lists read through `ad` (admission_new on `s`, kept
 * by the caller; NULL: made and freed here): a desk's verdict prepares
 * none of the lists' statements again (issue 54). */
int needs_of_with(store *s, admission *ad, int64_t attendee_id, int64_t now_ms,
                  struct needs_list *out /* out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* The handle needs_of_with reads the lists through, for a caller that
 * cannot include admission.h (its journal.h and tutorial.h both define
 * struct tutorial_info): admission_new and admission_free. */
int needs_admission_new(store *s, admission **out /* out */,
                        struct ck_error *err) CK_MUST_CHECK;
void needs_admission_free(admission *ad);

/* Whether `it` is still to be done (owed, to print or in a box). */
bool needs_open(const struct needs_item *it);

/* Stable tokens for the JSON output and scripts; "unknown" outside the
 * enums.  Never NULL. */
const char *needs_what_token(enum needs_what w);
const char *needs_state_token(enum needs_state s);

#endif
