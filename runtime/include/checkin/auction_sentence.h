/* What recording a lot's win says (runtime/auction_sentence.c, issue 56
 * item 3, docs/auction.md): one sentence for `checkin auction ... win`
 * and for the pay desk's screen alike, so that a volunteer typing a win
 * on the screen reads the refusal the command line gives. */
#ifndef CHECKIN_AUCTION_SENTENCE_H
#define CHECKIN_AUCTION_SENTENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/auction.h"

/* What auction_win_record's outcome `o` for lot `lot` by `paddle` for
 * `cents` came to, without a line's end: "Lot 7 won by paddle 17 for
 * 120.00.", or why nothing was changed (the lots of `p` named for an
 * unknown one, the win of `prior` for a lot won already, `db` for a file
 * with no auction).  Returns `out`. */
const char *auction_win_said(enum auction_outcome o, const char *db,
                             const char *lot, int paddle, int64_t cents,
                             const struct auction_plan *p,
                             const struct auction_win *prior, char *out,
                             size_t cap);

/* What auction_void_record_at's outcome `o` for lot `lot` came to,
 * without a line's end: the win `won` voided, or why nothing was changed
 * (`paid` the settlement of a paid win; `form` says it for the pay
 * desk's screen, whose "Given back" box is the command's --refunded;
 * otherwise as auction_win_said).  Returns `out`. */
const char *auction_void_said(enum auction_outcome o, const char *db,
                              const char *lot, const struct auction_plan *p,
                              const struct auction_win *won,
                              const struct auction_win *paid, bool form,
                              char *out, size_t cap);

#endif
