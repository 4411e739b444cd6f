/* The PyLadies auction (issue 56 item 3, docs/auction.md): the [auction]
 * section of the event description (its currency, its lots, and each
 * auction door's own block of paddle numbers, so that two doors with no
 * network between them never give one number twice), kept in the file as
 * the setting AUCTION_SETTING; and the auction's acts (auction_act,
 * schema 25): a bidder's paddle, a lot won, a winner's settlement.  What
 * a winner owes is worked out from the acts.  Returns data and outcomes;
 * commands/ says them, station/kind_auction.c decides by them. */
#ifndef CHECKIN_AUCTION_H
#define CHECKIN_AUCTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

#define AUCTION_LOTS 100
#define AUCTION_LOT_CAP 21    /* a lot's number: 1-20 of A-Z a-z 0-9 - */
#define AUCTION_TITLE_CAP 121 /* a lot's title: 1-120 bytes */
#define AUCTION_DOORS 16
#define AUCTION_STATION_CAP 64
#define AUCTION_PADDLE_MAX 99999
/* The setting [auction] is kept in: its lines as "KEY = VALUE" joined by
 * newlines, which no line holds. */
#define AUCTION_SETTING "auction.plan"
/* The station name of the rows `checkin auction ... win` writes. */
#define AUCTION_COMMAND_STATION "command-line"

/* One [auction] line: its key, value and line in the description. */
struct auction_line {
    const char *key, *value;
    int line;
};

struct auction_lot {
    char no[AUCTION_LOT_CAP];      /* "7", as `lot 7 = ...` names it */
    char title[AUCTION_TITLE_CAP]; /* "A quilt of PyCon T-shirts" */
};

/* An auction door's block: `paddles STATION = FROM-TO`. */
struct auction_block {
    char station[AUCTION_STATION_CAP];
    int from, to;
};

struct auction_plan {
    char currency[4]; /* "USD" */
    struct auction_lot lots[AUCTION_LOTS];
    int nlots;
    struct auction_block blocks[AUCTION_DOORS];
    int nblocks;
};

/* Read the `n` lines of an [auction] section of the description `path`
 * into `out`.  A bad line: false and, in `err` (may be NULL), one
 * sentence naming `path`'s line and saying to run `cmd` again. */
bool auction_parse(const struct auction_line *lines, int n,
                   struct auction_plan *out /* out */, const char *path,
                   const char *cmd, struct ck_error *err);

/* [auction]'s lines as event_load read them (at most AUCTION_LINES):
 * auction_parse'd, a mistake one sentence naming `path`'s line and
 * saying to run `cmd` again; then kept as the setting AUCTION_SETTING
 * (none: nothing written), in the caller's transaction. */
#define AUCTION_LINES (AUCTION_LOTS + AUCTION_DOORS + 1)
int auction_lines_check(const struct auction_line *lines, int n,
                        const char *path, const char *cmd,
                        struct ck_error *err) CK_MUST_CHECK;
int auction_lines_write(store *s, const struct auction_line *lines, int n,
                        struct ck_error *err) CK_MUST_CHECK;

/* The event's auction as `checkin init` or `checkin event` kept it;
 * *found false when the description has no [auction]. */
int auction_plan_read(store *s, struct auction_plan *out /* out */, bool *found,
                      struct ck_error *err) CK_MUST_CHECK;

/* The lot numbered `no`; NULL when the plan has none. */
const struct auction_lot *auction_lot_of(const struct auction_plan *p,
                                         const char *no);
/* The block of station `station`; NULL when the plan gives it none. */
const struct auction_block *auction_block_of(const struct auction_plan *p,
                                             const char *station);

/* An amount as typed ("120", "120.5", "120.00") into cents: false when
 * it is not a number of at most two decimals, or is over 10,000,000. */
bool auction_amount_parse(const char *text, int64_t *cents /* out */);
/* A paddle number as typed ("17"): digits only, 1 to AUCTION_PADDLE_MAX. */
bool auction_paddle_parse(const char *text, int *paddle /* out */);
/* "120.00" */
void auction_amount_text(int64_t cents, char *out, size_t cap);

/* A bidder's paddle: its number, where and when it was given. */
struct auction_paddle {
    int paddle;
    char ticket_id[64];
    char badge_name[4 * 200 + 1];
    char station[AUCTION_STATION_CAP];
    int64_t at_ms;
};

/* The first paddle given to ticket `ticket_id` anywhere (*found). */
int auction_paddle_of_ticket(store *s, const char *ticket_id,
                             struct auction_paddle *out, bool *found,
                             struct ck_error *err) CK_MUST_CHECK;
/* Who holds paddle `paddle` (*found). */
int auction_paddle_holder(store *s, int paddle, struct auction_paddle *out,
                          bool *found, struct ck_error *err) CK_MUST_CHECK;
/* Give ticket `ticket_id` the next free number of block `b` at
 * `station` (run `station_id`): *paddle; *full (nothing written) when
 * the block has none left.  Inside the caller's transaction. */
int auction_paddle_give(store *s, const char *station_id, const char *station,
                        const struct auction_block *b, const char *ticket_id,
                        int64_t at_ms, int *paddle /* out */, bool *full,
                        struct ck_error *err) CK_MUST_CHECK;

enum auction_outcome {
    AUCTION_DONE = 0,
    AUCTION_NO_AUCTION,
    AUCTION_UNKNOWN_LOT,
    AUCTION_UNKNOWN_PADDLE,
    AUCTION_LOT_WON,
    AUCTION_NOT_WON, /* a void: the lot has no win standing */
    AUCTION_PAID,    /* a void: the win was paid at the pay desk */
};

/* A void's reason: 0 to 200 bytes. */
#define AUCTION_REASON_CAP 201

/* A lot's win as recorded: by which paddle, for how much, when, where;
 * its key (station_id, seq); and whether it was voided since (local
 * schema 27, auction_void_record_at), with the void's reason. */
struct auction_win {
    char lot[AUCTION_LOT_CAP];
    int paddle;
    int64_t amount_cents, at_ms;
    char station[AUCTION_STATION_CAP];
    char station_id[65];
    int64_t seq;
    bool voided;
    char reason[AUCTION_REASON_CAP];
};

/* Record lot `lot` won by `paddle` for `cents` (> 0) at `at_ms`, a row
 * of AUCTION_COMMAND_STATION; refused (*outcome, nothing written; `prior`
 * the win that holds the lot for AUCTION_LOT_WON) when there is no
 * auction, no such lot, no such paddle, or the lot was won already. */
int auction_win_record(store *s, const char *lot, int paddle, int64_t cents,
                       int64_t at_ms, enum auction_outcome *outcome,
                       struct auction_win *prior /* out */,
                       struct ck_error *err) CK_MUST_CHECK;
/* The same as a row of `station` under its run `station_id` (a pay
 * desk's screen, docs/auction.md "On the pay desk's screen"; NULL: a
 * fresh one, as the command line's). */
int auction_win_record_at(store *s, const char *station_id, const char *station,
                          const char *lot, int paddle, int64_t cents,
                          int64_t at_ms, enum auction_outcome *outcome,
                          struct auction_win *prior /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* Void the win standing on lot `lot` (docs/auction.md "Correcting a
 * win"): a row `void` of `station` (run `station_id`; NULL: a fresh one)
 * naming that win, which stays; the lot may then be won again.  `reason`
 * (at most AUCTION_REASON_CAP - 1 bytes) is kept with it.  A win that
 * was paid (voiding it would leave its winner having paid more than they
 * owe: their wins less their settlements, whatever the stations' clocks)
 * is refused (AUCTION_PAID, `paid` the last settlement's station and, as
 * its amount, what is to be given back) unless `refunded` says it was,
 * which the void then keeps as given back (its amount_cents).
 * Refused too (*outcome, nothing written) for no auction, no such lot,
 * or a lot with no win standing (AUCTION_NOT_WON).  `won`: the win
 * voided, or the one refused. */
int auction_void_record_at(store *s, const char *station_id,
                           const char *station, const char *lot, bool refunded,
                           const char *reason, int64_t at_ms,
                           enum auction_outcome *outcome,
                           struct auction_win *won /* out */,
                           struct auction_win *paid /* out */,
                           struct ck_error *err) CK_MUST_CHECK;

/* Every win, voided or not, by time (*v malloc'ed, *n of them). */
int auction_wins(store *s, struct auction_win **v, size_t *n,
                 struct ck_error *err) CK_MUST_CHECK;

/* What the holder of ticket `ticket_id` owes: their paddles' wins less
 * what they settled; their lots ("3, 7"), how many, and their last
 * settlement (*settled_ms 0: none) with its station. */
struct auction_due {
    int64_t won_cents, settled_cents, owed_cents;
    int nlots;
    char lots[512];
    int64_t settled_ms;
    char settled_station[AUCTION_STATION_CAP];
};
int auction_due_of(store *s, const char *ticket_id, struct auction_due *out,
                   struct ck_error *err) CK_MUST_CHECK;

/* Whether pay desk `station` last told ticket `ticket_id` what they owe
 * (its last journal row for them is reason "owes", of target
 * "auction:pay") at or after `since_ms`, and no lot was won by their
 * paddles since: then a second scan settles. */
int auction_owed_shown(store *s, const char *station, const char *ticket_id,
                       int64_t since_ms, bool *shown,
                       struct ck_error *err) CK_MUST_CHECK;

/* Settle `cents` for ticket `ticket_id`'s paddle `paddle` at `station`
 * (run `station_id`), inside the caller's transaction. */
int auction_settle(store *s, const char *station_id, const char *station,
                   int paddle, const char *ticket_id, int64_t cents,
                   int64_t at_ms, struct ck_error *err) CK_MUST_CHECK;

/* Each winner (a person with a win): name, paddles, lots, totals. */
struct auction_winner {
    char ticket_id[64];
    char badge_name[4 * 200 + 1];
    char paddles[64]; /* "17" or "17, 512" */
    struct auction_due due;
};
/* The winners by their first paddle (*v malloc'ed, *n of them). */
int auction_winners(store *s, struct auction_winner **v, size_t *n,
                    struct ck_error *err) CK_MUST_CHECK;

#endif
