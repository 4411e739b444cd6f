/* Check-in lists (docs/admission.md, section 2): who a list admits, when,
 * how often and what its verdict shows, read from the event database
 * (local schema 8) for a station to decide offline.  The who-predicate
 * is a union of set memberships (ticket types, tutorials, pretix items
 * and variations, invitations, everyone), so that the hub can say the
 * same in SQL.  Every count reads live_scan.  Not for the station's
 * rules themselves (station/kind_door.c, kind_desk.c) nor for reading
 * the description (event.c).  One handle per thread, like its store. */
#ifndef CHECKIN_ADMISSION_H
#define CHECKIN_ADMISSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/journal.h"
#include "checkin/store.h"

struct sqlite3_stmt;

/* SQL: what redemption `s` holds now: the newest swap naming it, else
 * what it handed (docs/admission.md, "Deciding from the journal"). */
#define ADMISSION_HANDED_NOW                                                   \
    "coalesce((SELECT w.handed FROM " JOURNAL_EVERY_ROW " w WHERE w.act ="     \
    " 'swap' AND w.ref_station_id = s.station_id AND w.ref_seq = s.seq ORDER"  \
    " BY w.at_ms DESC, w.station DESC, w.seq DESC LIMIT 1), s.handed)"

typedef struct admission admission;

enum list_once { LIST_EVERY_SCAN, LIST_PER_PERSON, LIST_PER_DAY };

#define LIST_MAX_QUESTIONS 8

struct list_info {
    int64_t id;
    char slug[64];
    char title[256];
    char room[64];
    enum list_once once;
    bool exits;
    long capacity; /* 0: none */
    bool items;    /* it names pretix items: a counter hands something */
};

/* One answer a list shows: the question's text and the answer. */
struct list_answer {
    char question[256];
    char answer[512];
};

/* An earlier admission at a list. */
struct list_redemption {
    int64_t at_ms;
    char station[64];
    char handed[128];
};

/* Prepared statements over `s`, which must outlive the handle. */
int admission_new(store *s, admission **out /* out */,
                  struct ck_error *err) CK_MUST_CHECK;
void admission_free(admission *a);

/* A slot for one more statement over the same store, finalized by
 * admission_free (needs_of_with keeps ask_pending's there). */
struct sqlite3_stmt **admission_ask_slot(admission *a);

/* The list `slug` ("" the admission list).  CK_ENOTFOUND, with no
 * sentence, when the file has none. */
int admission_list(admission *a, const char *slug,
                   struct list_info *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* The slugs of the file's lists, ", "-separated ("" if none). */
int admission_list_names(admission *a, char *out, size_t cap,
                         struct ck_error *err) CK_MUST_CHECK;

/* Whether attendee `attendee_id` is on list `l` (any entry of its union
 * matches); `variation` gets the name of the variation bought of an item
 * the list names ("M"), "" when none. */
int admission_on_list(admission *a, const struct list_info *l,
                      int64_t attendee_id, bool *on /* out */, char *variation,
                      size_t cap, struct ck_error *err) CK_MUST_CHECK;

/* Whether the attendee's ticket type admits on local day `today`
 * ("YYYY-MM-DD"): true when it has no days.  Otherwise `days` gets them
 * as "Fri 17 May" (", "-separated) and `label` the ticket type's label. */
int admission_ticket_day(admission *a, int64_t attendee_id, const char *today,
                         bool *valid /* out */, char *days, size_t days_cap,
                         char *label, size_t label_cap,
                         struct ck_error *err) CK_MUST_CHECK;

/* Whether list `l` is open at UTC second `now_s` (a list without windows
 * always is); when closed, *next is the start of its next window (0: no
 * more today or later). */
int admission_window(admission *a, const struct list_info *l, int64_t now_s,
                     bool *open /* out */, int64_t *next /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* The first live admission of `ticket_id` at list `slug`, on local day
 * `day` (NULL: any day). */
int admission_redeemed(admission *a, const char *slug, const char *ticket_id,
                       const char *day, bool *found /* out */,
                       struct list_redemption *out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* The answers of attendee `attendee_id` to the questions list `slug`
 * shows, in the list's order; *n is how many were written. */
int admission_answers(admission *a, const char *slug, int64_t attendee_id,
                      struct list_answer *out, size_t cap, size_t *n /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* ---- Stock at redemption counters (docs/admission.md, "Redemption and
 * stock") ---- */

/* The window the rate of a counter is measured over: 30 minutes. */
#define ADMISSION_RATE_MS (30 * 60 * 1000)

/* What is left of one variation of a list with stock. */
struct list_stock {
    bool counted; /* the list has a stock of this variation */
    long stock;   /* as the description says */
    long handed;  /* live redemptions holding it now (swaps followed) */
    long left;    /* stock - handed (less than 0: more handed than held) */
    bool none;    /* none was left to hand before `taking` */
    long recent;  /* of `handed`, redeemed in the last 30 minutes */
    long minutes; /* until none is left at the last 30 minutes' rate; -1:
                     no rate */
    bool warn;    /* a tenth of the stock or 30 minutes or less remain */
};

/* The stock left of `variation` at list `l` at UTC ms
 * `now_ms`: its stock less the live redemptions holding it now (the
 * newest swap naming one, else what it handed), counted over every row
 * the file knows (kept by the journal's trigger, store/schema.c 10, in
 * the transaction of each row), and `taking` (0 or 1) more being handed
 * now, not journaled yet.  The one function that counts stock: the counter's
 * verdict, its swap and the dashboard call it.  out->counted false when
 * the list has no stock of it. */
int admission_stock(admission *a, const struct list_info *l,
                    const char *variation, int64_t now_ms, int taking,
                    struct list_stock *out /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

/* "M: 12 left", "M: 12 left, about 40 minutes at this rate" (a warning),
 * "M: none left; swap (S) or note it"; "" when not counted. */
void admission_stock_text(const struct list_stock *st, const char *variation,
                          char *out, size_t cap);

/* Whether a counter of `l` may hand `variation`: the list has stock of
 * it, or someone bought it of an item the list names. */
int admission_variation(admission *a, const struct list_info *l,
                        const char *variation, bool *known /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

/* Whether attendee `attendee_id` is on hold (a safety team's decision)
 * or blocked in pretix: every station refuses them with "Please see the
 * help desk.". */
int admission_held(admission *a, int64_t attendee_id, bool *held /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* What the registration system says of attendee `attendee_id` at the door
 * (issue 49, store/schema.c 18): the organizer's hold and pretix's block
 * apart, the validity window (UTC ms, `has_*` false: unbounded), the
 * attention cue ("" none), its seats ("" none) and its order's language
 * (pretix's `locale`, "" none; the kiosk's, issue 53).  All zero for an
 * attendee the file does not hold. */
struct admission_door {
    bool hold, blocked;
    bool has_from, has_until;
    int64_t from_ms, until_ms;
    char attention[512];
    char seat[256];
    char locale[32];
};
int admission_door(admission *a, int64_t attendee_id,
                   struct admission_door *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* "Fri 17 May" of "2024-05-17". */
void admission_day_text(const char *ymd, char *out, size_t cap);

#endif
