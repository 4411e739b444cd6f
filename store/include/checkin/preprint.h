/* Pre-printed badges (issue 55, schema 20): where a sorted pre-print run
 * put each badge (its box's label and its position there), with the issue
 * number the badge carries, and whether a desk handed it over, when and
 * where.  Data only: printer/ records a run, station/ reads and hands
 * over, report/ lists the ones never collected. */
#ifndef CHECKIN_PREPRINT_H
#define CHECKIN_PREPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

#define PREPRINT_BOX_CAP 32

/* One badge of a run. */
struct preprint {
    char ticket_id[64];
    int issue;
    char box[PREPRINT_BOX_CAP];
    long position;           /* in its box, from 1 */
    int64_t run_at_ms;       /* when the run recorded it */
    int64_t handed_at_ms;    /* 0: not handed over yet */
    char handed_station[64]; /* "" until handed over */
};

/* Forget every earlier run's places, in the caller's transaction: a new
 * run replaces the boxes. */
int preprint_clear(store *s, struct ck_error *err) CK_MUST_CHECK;

/* Record `p`'s place (its handing over left as it was: not yet), in the
 * caller's transaction. */
int preprint_put(store *s, const struct preprint *p,
                 struct ck_error *err) CK_MUST_CHECK;

/* The place of `ticket_id`'s pre-printed badge: *found false when none
 * was pre-printed. */
int preprint_get(store *s, const char *ticket_id,
                 struct preprint *out /* out */, bool *found /* out */,
                 struct ck_error *err) CK_MUST_CHECK;

/* Mark `ticket_id`'s pre-printed badge handed over at `at_ms` by
 * `station`; *done false when it was handed over already (or was never
 * pre-printed), nothing changed then. */
int preprint_hand(store *s, const char *ticket_id, int64_t at_ms,
                  const char *station, bool *done /* out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* Every pre-printed badge not handed over, by box and position, to `fn`
 * with the badge name of its attendee; one whose attendee's newest badge
 * is a later issue (a reprint took its place) is left out.  `fn` returns
 * CK_OK to go on. */
int preprint_uncollected(store *s,
                         int (*fn)(void *ctx, const struct preprint *p,
                                   const char *badge_name),
                         void *ctx, struct ck_error *err) CK_MUST_CHECK;

/* How many pre-printed badges are not handed over (as
 * preprint_uncollected lists them), and how many there are in all. */
int preprint_counts(store *s, long *uncollected /* out */, long *all /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

#endif
