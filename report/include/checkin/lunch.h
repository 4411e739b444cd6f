/* The caterer's lunch count (issue 56, docs/dashboard.md "Lunch"): how
 * many lunches a day will need per dietary answer, projected at a time of
 * the day from the people seen so far that day, the earlier days'
 * arrival curve and the share of their people who took lunch; and the
 * projection's error on each earlier day, made the same way at the same
 * time of day from the days before it.
 *
 * The model, per diet k (the standard meal or one special answer):
 *
 *   lunches_k = seen_k(day, by t) / share(t) * take_up_k
 *
 * where seen_k(day, by t) is the day's people with answer k first seen
 * (admitted at a desk or a list's door, or warned "already checked in"
 * at a desk) before time of day t, share(t) the earlier days' people
 * first seen before t over all their people seen (pooled), and take_up_k
 * the earlier days' people with answer k who took lunch over all of them
 * (pooled; the take-up of everyone when no earlier person had answer
 * k).  The whole count is the sum over the diets.
 *
 * The lunch list is a `[list]` with `once = per-day` whose `show` names a
 * question: its first question is the diet.  The standard meal is a
 * blank answer, and the most common answer among the registrations when
 * more answered it than left it blank ("none", "Regular"); every other
 * answer is a special meal, whose people seen so far are named.
 *
 * Reads only.  Names and answers are as stored: whoever shows them treats
 * them as text. */
#ifndef CHECKIN_LUNCH_H
#define CHECKIN_LUNCH_H

#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* Whether a projection was made, and if not why. */
enum lunch_why {
    LUNCH_PROJECTED,
    LUNCH_FIRST_DAY,    /* no earlier day with anyone seen to learn from */
    LUNCH_NONE_BY_THEN, /* on the earlier days nobody was seen by then */
    LUNCH_NOT_YET       /* the time asked has not come yet that day */
};

struct lunch_diet {
    char answer[128]; /* "": the standard meal */
    int64_t seen;     /* the day's people first seen by the cut-off */
    int64_t lunched;  /* of them, who took lunch by the cut-off */
    double take_up;   /* the earlier days' share who took lunch */
    double projected;
};

/* Someone with a special meal seen on the day by the cut-off. */
struct lunch_person {
    char ticket_id[64];
    char name[256];
    char answer[128];
    int64_t lunch_ms; /* when they took lunch; 0: not yet */
};

/* An earlier day projected as it would have been at the same time. */
struct lunch_check {
    char day[11];
    double projected;
    int64_t actual; /* who took lunch that day */
};

struct lunch_report {
    char list[64], title[256]; /* the lunch list */
    char question[128];        /* the diet's question; "" when none */
    char label[256];           /* its text */
    char standard[128];        /* the most common answer counted standard */
    char day[11];              /* YYYY-MM-DD */
    char at[6];                /* the cut-off, HH:MM of the day */
    char now[6];               /* the time of day at the event when asked */
    int64_t cut_ms;            /* the cut-off as a time */
    enum lunch_why why;
    size_t ndays;     /* earlier days learnt from */
    int64_t seen;     /* the day's people seen by the cut-off */
    int64_t lunched;  /* of them, who took lunch by then */
    double share;     /* the earlier days' share seen by the same time */
    double take_up;   /* the earlier days' share who took lunch */
    double projected; /* the sum of the diets' */
    struct lunch_diet *diets; /* standard first, then by answer */
    size_t ndiets;
    struct lunch_person *people; /* by name */
    size_t npeople;
    struct lunch_check *checks; /* by day */
    size_t nchecks;
};

/* The lunch count of list `list` (NULL: the event's only per-day list
 * showing a question) for local day `day` ("YYYY-MM-DD"; NULL: today at
 * `now_ms`), cut at time of day `at` ("HH:MM", 00:00 to 23:59, checked
 * by the caller; NULL: `now_ms`'s).  CK_EINVAL with one sentence for a
 * day that is malformed, not the event's or after today, and for no
 * lunch list, an unknown or ambiguous one; CK_ENOMEM.  A projection that
 * cannot be made is not an error: `why` says so, and the counts so far
 * are filled, except for LUNCH_NOT_YET (`at` later than `now` today),
 * which counts nothing.  Free with lunch_report_free (also after a
 * failure). */
int lunch_count(store *s, const char *list, const char *day, const char *at,
                int64_t now_ms, struct lunch_report *out /* out */,
                struct ck_error *err) CK_MUST_CHECK;
void lunch_report_free(struct lunch_report *r);

/* The dashboard's "lunch" member for the day of `now_ms`, as compact
 * JSON text (malloc'd) in *json, or NULL when the event has no lunch
 * list or `now_ms` is not one of its days. */
int lunch_json(store *s, int64_t now_ms, char **json /* out */,
               struct ck_error *err) CK_MUST_CHECK;

#endif
