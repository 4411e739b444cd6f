/* What recording a lot's win says (auction_sentence.h): the command
 * line's sentences, written once for `checkin auction ... win`
 * (commands/auction_commands.c) and the pay desk's screen
 * (display_web_auction.c). */
#include <stdio.h>
#include <string.h>

#include "checkin/auction_sentence.h"
#include "checkin/i18n.h"

/* The lots, "1, 2, 3", to name them in a refusal. */
static void lot_names(const struct auction_plan *p, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; p && i < p->nlots && used < cap; i++) {
        int k = snprintf(out + used, cap - used, "%s%s", i ? ", " : "",
                         p->lots[i].no);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

const char *auction_win_said(enum auction_outcome o, const char *db,
                             const char *lot, int paddle, int64_t cents,
                             const struct auction_plan *p,
                             const struct auction_win *prior, char *out,
                             size_t cap)
{
    char amount[32], lots[1024];
    switch (o) {
    case AUCTION_NO_AUCTION:
        snprintf(out, cap,
                 _("%s has no auction; add an [auction] section with its "
                   "currency, lots and paddles to the event description and "
                   "apply it with checkin event."),
                 db);
        break;
    case AUCTION_UNKNOWN_LOT:
        lot_names(p, lots, sizeof(lots));
        snprintf(out, cap, _("There is no lot '%s'; the lots are: %s."), lot,
                 lots);
        break;
    case AUCTION_UNKNOWN_PADDLE:
        snprintf(out, cap,
                 _("No bidder has paddle %d; give the paddle number the "
                   "auction door gave the winner."),
                 paddle);
        break;
    case AUCTION_LOT_WON:
        auction_amount_text(prior->amount_cents, amount, sizeof(amount));
        snprintf(out, cap,
                 _("Lot %s was won already, by paddle %d for %s; nothing was "
                   "changed; if that win is a mistake, void it first with "
                   "checkin auction EVENT.db void %s."),
                 lot, prior->paddle, amount, lot);
        break;
    case AUCTION_DONE:
    default:
        auction_amount_text(cents, amount, sizeof(amount));
        /* The command's line, without its end. */
        snprintf(out, cap, _("Lot %s won by paddle %d for %s.\n"), lot, paddle,
                 amount);
        out[strcspn(out, "\n")] = '\0';
        break;
    }
    return out;
}

const char *auction_void_said(enum auction_outcome o, const char *db,
                              const char *lot, const struct auction_plan *p,
                              const struct auction_win *won,
                              const struct auction_win *paid, bool form,
                              char *out, size_t cap)
{
    char amount[32], back[32];
    auction_amount_text(won->amount_cents, amount, sizeof(amount));
    auction_amount_text(paid->amount_cents, back, sizeof(back));
    switch (o) {
    case AUCTION_NOT_WON:
        snprintf(out, cap, _("Lot %s has no win to void; nothing was changed."),
                 lot);
        break;
    case AUCTION_PAID:
        if (form)
            snprintf(out, cap,
                     _("Lot %s was paid at %s; give paddle %d the %s %s back "
                       "first, then void it again with \"Given back\" "
                       "ticked."),
                     lot, paid->station, won->paddle, back,
                     p ? p->currency : "");
        else
            snprintf(out, cap,
                     _("Lot %s was paid at %s; give paddle %d the %s %s back "
                       "at the pay desk first, then void it with "
                       "--refunded."),
                     lot, paid->station, won->paddle, back,
                     p ? p->currency : "");
        break;
    case AUCTION_DONE:
        snprintf(out, cap,
                 _("Lot %s: the win by paddle %d for %s is void; record the "
                   "lot's win again if it was sold."),
                 lot, won->paddle, amount);
        break;
    default:
        auction_win_said(o, db, lot, 0, 0, p, won, out, cap);
        break;
    }
    return out;
}
