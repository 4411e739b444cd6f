/* The auction's pay desk on the web screen (issue 56 item 3,
 * docs/auction.md "On the pay desk's screen"): a lot's win typed there
 * ({"kind":"win"}) checked as `checkin auction ... win` checks it,
 * recorded by the station (station_auction_win) as a row of the desk,
 * and said in the command line's sentence (auction_sentence.c); only the
 * two that name the command's options are said for a form.  Answered on
 * the loop's thread. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/auction_sentence.h"
#include "checkin/i18n.h"
#include "display_web_auction.h"

/* The form's field `key` as typed ("" when absent or not text). */
static const char *field(json_t *f, const char *key)
{
    const char *v = json_string_value(json_object_get(f, key));
    return v ? v : "";
}

/* The last wins recorded, newest first, for the desk to check its typing
 * against: [{"lot", "title", "paddle", "amount", "station", "void"}]. */
static json_t *wins_json(station *st, const struct auction_plan *p)
{
    struct auction_win *v = NULL;
    size_t n = 0;
    struct ck_error e;
    json_t *a = json_array();
    if (station_auction_wins(st, &v, &n, &e))
        n = 0;
    for (size_t i = n, shown = 0; a && i-- > 0 && shown < 10; shown++) {
        const struct auction_lot *l = auction_lot_of(p, v[i].lot);
        char amount[32];
        auction_amount_text(v[i].amount_cents, amount, sizeof(amount));
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:i,s:s,s:s,s:s,s:b}", "lot", v[i].lot,
                         "title", l ? l->title : "", "paddle", v[i].paddle,
                         "amount", amount, "currency", p->currency, "station",
                         v[i].station, "void", v[i].voided));
    }
    free(v);
    return a;
}

/* A win voided on the screen ({"kind":"win","void":true,"lot":..,
 * "reason":..,"refunded":..}), after the page's confirm. */
static json_t *void_answer(station *st, json_t *f, int64_t now_ms)
{
    const char *lot = field(f, "lot"), *reason = field(f, "reason");
    bool refunded = json_is_true(json_object_get(f, "refunded"));
    enum auction_outcome o = AUCTION_DONE;
    struct auction_win won, paid;
    struct auction_plan *p = calloc(1, sizeof(*p));
    struct ck_error e = {0};
    char said[1400];
    bool voided = false;
    if (!p)
        snprintf(said, sizeof(said), "%s", _("Out of memory."));
    else if (strlen(reason) >= AUCTION_REASON_CAP)
        snprintf(said, sizeof(said),
                 _("Type the reason in at most %d characters."),
                 AUCTION_REASON_CAP - 1);
    else if (station_auction_void(st, lot, refunded, reason, now_ms, &o, &won,
                                  &paid, p, &e))
        ck_error_say(&e, said, sizeof(said));
    else {
        voided = o == AUCTION_DONE;
        auction_void_said(o, station_file(st), lot, p, &won, &paid, true, said,
                          sizeof(said));
    }
    json_t *wins = p ? wins_json(st, p) : json_array();
    free(p);
    return json_pack("{s:b,s:s,s:o}", "voided", voided, "text", said, "wins",
                     wins ? wins : json_array());
}

json_t *display_auction_win(station *st, const char *form, int64_t now_ms)
{
    json_error_t je;
    json_t *f = json_loads(form, 0, &je);
    if (json_is_true(json_object_get(f, "void"))) {
        json_t *a = void_answer(st, f, now_ms);
        json_decref(f);
        return a;
    }
    const char *lot = field(f, "lot"), *paddle_text = field(f, "paddle"),
               *amount = field(f, "amount");
    int paddle = 0;
    int64_t cents = 0;
    enum auction_outcome o = AUCTION_DONE;
    struct auction_win prior;
    struct auction_plan *p = calloc(1, sizeof(*p));
    struct ck_error e = {0};
    char said[1400];
    bool won = false;
    if (!p) {
        snprintf(said, sizeof(said), "%s", _("Out of memory."));
    } else if (!auction_paddle_parse(paddle_text, &paddle)) {
        snprintf(said, sizeof(said),
                 _("Type the winner's paddle: a number from 1 to %d."),
                 AUCTION_PADDLE_MAX);
    } else if (!auction_amount_parse(amount, &cents) || !cents) {
        snprintf(said, sizeof(said),
                 _("'%s' is not an amount; type a number more than 0 with at "
                   "most two decimals (120 or 120.50)."),
                 amount);
    } else if (station_auction_win(st, lot, paddle, cents, now_ms, &o, &prior,
                                   p, &e)) {
        ck_error_say(&e, said, sizeof(said));
    } else {
        won = o == AUCTION_DONE;
        auction_win_said(o, station_file(st), lot, paddle, cents, p, &prior,
                         said, sizeof(said));
    }
    json_decref(f);
    json_t *wins = p ? wins_json(st, p) : json_array();
    free(p);
    return json_pack("{s:b,s:s,s:o}", "won", won, "text", said, "wins",
                     wins ? wins : json_array());
}
