/* `checkin auction` and `checkin report EVENT.db auction` (issue 56 item
 * 3, docs/auction.md). */
#ifndef CHECKIN_AUCTION_COMMANDS_H
#define CHECKIN_AUCTION_COMMANDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/error.h"

/* `checkin auction EVENT.db win|list ...`: the exit status (0, 1 refused
 * or failed, 2 a usage mistake). */
int auction_command(int argc, char **argv);

/* `checkin auction EVENT.db win LOT --paddle PADDLE --amount AMOUNT`
 * recorded at `at_ms` (the command's: now): its line ("Lot 7 won by
 * paddle 17 for 120.00.") on `out` (NULL: none); a refusal is one
 * sentence in `err` saying what to do, and nothing changed. */
int auction_win_say(const char *db, const char *lot, const char *paddle,
                    const char *amount, int64_t at_ms, FILE *out,
                    struct ck_error *err) CK_MUST_CHECK;

/* `checkin auction EVENT.db void LOT [--reason TEXT] [--refunded]` at
 * `at_ms`: the win standing on lot LOT voided (docs/auction.md
 * "Correcting a win"), its line on `out` (NULL: none); a refusal (no
 * such lot, no win on it, a paid win without `refunded`) is one sentence
 * in `err`, and nothing changed. */
int auction_void_say(const char *db, const char *lot, const char *reason,
                     bool refunded, int64_t at_ms, FILE *out,
                     struct ck_error *err) CK_MUST_CHECK;

/* `checkin report EVENT.db auction [--json]`: each winner's name,
 * paddles, lots and total, settled or still to pay, and the totals. */
int report_auction(const char *db, bool json, FILE *out,
                   struct ck_error *err) CK_MUST_CHECK;

#endif
