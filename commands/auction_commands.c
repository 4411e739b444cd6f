/* `checkin auction` and `checkin report EVENT.db auction`
 * (auction_commands.h, issue 56 item 3, docs/auction.md): a lot's win
 * recorded by its paddle and amount, the wins listed, and each winner's
 * lots and total, settled or not (event/auction.c).  Each refusal is one
 * sentence that says what to do and changes nothing. */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/auction.h"
#include "checkin/auction_commands.h"
#include "checkin/auction_sentence.h"
#include "checkin/i18n.h"
#include "checkin/store.h"

static const char USAGE[] =
    N_("usage: checkin auction EVENT.db win LOT --paddle N --amount "
       "AMOUNT\n"
       "       checkin auction EVENT.db void LOT [--reason TEXT] "
       "[--refunded]\n"
       "       checkin auction EVENT.db list [--json]\n"
       "\n"
       "The PyLadies auction of [auction] in the event description\n"
       "(docs/auction.md).  win: lot LOT was won by paddle N for AMOUNT\n"
       "(120 or 120.50, in the auction's currency).  void: the lot's win\n"
       "was a mistake; it stays listed as void and the lot may be won\n"
       "again.  A win already paid is voided only once its money was given\n"
       "back at the pay desk: say so with --refunded.  list: every lot\n"
       "won, by time.  Bidders get their paddles at an auction door (checkin\n"
       "scan --station auction) and pay at the pay desk (--station\n"
       "auction-pay); checkin report EVENT.db auction lists each winner.\n");

struct args {
    const char *db, *what, *lot, *paddle, *amount, *reason;
    bool json, refunded;
};

/* The outcome's sentence (auction_sentence.c, the pay desk's screen's
 * too), the lots read for an unknown one. */
static int refused(store *s, const struct args *a, int paddle,
                   enum auction_outcome o, const struct auction_win *prior,
                   struct ck_error *err)
{
    struct auction_plan *p = NULL;
    bool any = false;
    if (o == AUCTION_UNKNOWN_LOT && (p = malloc(sizeof(*p))) != NULL &&
        auction_plan_read(s, p, &any, err))
        any = false;
    char said[1400];
    auction_win_said(o, a->db, a->lot, paddle, 0, any ? p : NULL, prior, said,
                     sizeof(said));
    free(p);
    return ck_said(err, o == AUCTION_LOT_WON ? CK_EINVAL : CK_ENOTFOUND, "%s",
                   said);
}

int auction_win_say(const char *db, const char *lot, const char *paddle_text,
                    const char *amount_text, int64_t at_ms, FILE *out,
                    struct ck_error *err)
{
    const struct args a = {.db = db, .lot = lot};
    int paddle = 0;
    int64_t cents = 0;
    if (!paddle_text || !auction_paddle_parse(paddle_text, &paddle))
        return ck_said(err, CK_EINVAL,
                       _("Give the winner's paddle with --paddle: a number "
                         "from 1 to %d."),
                       AUCTION_PADDLE_MAX);
    if (!amount_text || !auction_amount_parse(amount_text, &cents) || !cents)
        return ck_said(err, CK_EINVAL,
                       _("'%s' is not an amount; give --amount as a number "
                         "more than 0 with at most two decimals (120 or "
                         "120.50)."),
                       amount_text ? amount_text : "");
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    enum auction_outcome o;
    struct auction_win prior;
    code = auction_win_record(s, lot, paddle, cents, at_ms, &o, &prior, err);
    if (!code && o)
        code = refused(s, &a, paddle, o, &prior, err);
    store_close(s);
    if (code || !out)
        return code;
    char amount[32];
    auction_amount_text(cents, amount, sizeof(amount));
    fprintf(out, _("Lot %s won by paddle %d for %s.\n"), lot, paddle, amount);
    return CK_OK;
}

int auction_void_say(const char *db, const char *lot, const char *reason,
                     bool refunded, int64_t at_ms, FILE *out,
                     struct ck_error *err)
{
    if (reason && strlen(reason) >= AUCTION_REASON_CAP)
        return ck_said(err, CK_EINVAL,
                       _("Give --reason in at most %d characters."),
                       AUCTION_REASON_CAP - 1);
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    enum auction_outcome o = AUCTION_DONE;
    struct auction_win won, paid;
    struct auction_plan *p = malloc(sizeof(*p));
    bool any = false;
    code = p ? auction_void_record_at(s, NULL, NULL, lot, refunded, reason,
                                      at_ms, &o, &won, &paid, err)
             : ck_said(err, CK_ENOMEM, _("Out of memory."));
    if (!code && auction_plan_read(s, p, &any, err))
        any = false;
    char said[1400];
    if (!code)
        auction_void_said(o, db, lot, any ? p : NULL, &won, &paid, false, said,
                          sizeof(said));
    if (!code && o)
        code = ck_said(err,
                       o == AUCTION_UNKNOWN_LOT || o == AUCTION_NO_AUCTION
                           ? CK_ENOTFOUND
                           : CK_EINVAL,
                       "%s", said);
    else if (!code && out)
        fprintf(out, "%s\n", said);
    free(p);
    store_close(s);
    return code;
}

static int open_auction(const char *db, store **s, struct auction_plan **p,
                        struct ck_error *err)
{
    *p = malloc(sizeof(**p));
    if (!*p)
        return ck_said(err, CK_ENOMEM, _("Out of memory."));
    int code = store_open(db, STORE_EXISTING | STORE_READONLY, s, err);
    bool any = false;
    if (!code && (code = auction_plan_read(*s, *p, &any, err)) == CK_OK && !any)
        code = ck_said(err, CK_ENOTFOUND,
                       _("%s has no auction; add an [auction] section with "
                         "its currency, lots and paddles to the event "
                         "description and apply it with checkin event."),
                       db);
    if (code) {
        if (*s)
            store_close(*s);
        free(*p);
        *p = NULL;
    }
    return code;
}

static int list(const struct args *a, struct ck_error *err)
{
    store *s = NULL;
    struct auction_plan *p;
    int code = open_auction(a->db, &s, &p, err);
    if (code)
        return code;
    struct auction_win *v = NULL;
    size_t n = 0;
    code = auction_wins(s, &v, &n, err);
    json_t *arr = a->json && !code ? json_array() : NULL;
    for (size_t i = 0; !code && i < n; i++) {
        const struct auction_lot *l = auction_lot_of(p, v[i].lot);
        char amount[32];
        auction_amount_text(v[i].amount_cents, amount, sizeof(amount));
        if (arr)
            json_array_append_new(
                arr, json_pack("{s:s, s:s, s:i, s:I, s:s, s:s, s:b, s:s}",
                               "lot", v[i].lot, "title", l ? l->title : "",
                               "paddle", v[i].paddle, "amount_cents",
                               (json_int_t)v[i].amount_cents, "currency",
                               p->currency, "station", v[i].station, "void",
                               v[i].voided, "void_reason", v[i].reason));
        else if (v[i].voided)
            /* TRANSLATORS: a lot, its title, the paddle, the amount, the
             * currency and the reason the win was voided (may be ""). */
            printf(_("Lot %s \"%s\": paddle %d, %s %s, void %s\n"), v[i].lot,
                   l ? l->title : "", v[i].paddle, amount, p->currency,
                   v[i].reason);
        else
            /* TRANSLATORS: a lot, its title, the paddle, the amount and
             * the currency. */
            printf(_("Lot %s \"%s\": paddle %d, %s %s\n"), v[i].lot,
                   l ? l->title : "", v[i].paddle, amount, p->currency);
    }
    if (!code && arr) {
        json_dumpf(arr, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
    } else if (!code && !n) {
        printf("%s\n", _("No lot won yet; record one with checkin auction "
                         "EVENT.db win."));
    }
    json_decref(arr);
    free(v);
    free(p);
    store_close(s);
    return code;
}

static void winner_json(json_t *arr, const struct auction_winner *w,
                        const char *currency)
{
    json_array_append_new(
        arr,
        json_pack("{s:s, s:s, s:s, s:s, s:i, s:I, s:I, s:I, s:s}", "ticket_id",
                  w->ticket_id, "name", w->badge_name, "paddles", w->paddles,
                  "lots", w->due.lots, "nlots", w->due.nlots, "total_cents",
                  (json_int_t)w->due.won_cents, "settled_cents",
                  (json_int_t)w->due.settled_cents, "owed_cents",
                  (json_int_t)w->due.owed_cents, "currency", currency));
}

int report_auction(const char *db, bool json, FILE *out, struct ck_error *err)
{
    store *s = NULL;
    struct auction_plan *p;
    int code = open_auction(db, &s, &p, err);
    if (code)
        return code;
    struct auction_winner *v = NULL;
    size_t n = 0, shown = 0;
    code = auction_winners(s, &v, &n, err);
    json_t *arr = json && !code ? json_array() : NULL;
    int64_t total = 0, owed = 0;
    for (size_t i = 0; !code && i < n; i++) {
        const struct auction_winner *w = &v[i];
        if (!w->due.nlots)
            continue; /* a second win of a lot won first elsewhere */
        shown++;
        total += w->due.won_cents;
        owed += w->due.owed_cents;
        char t[32];
        auction_amount_text(w->due.won_cents, t, sizeof(t));
        if (arr)
            winner_json(arr, w, p->currency);
        else
            /* TRANSLATORS: name, paddle(s), lots, total, currency, then
             * "settled" or what is still owed. */
            fprintf(out, _("%s  paddle %s  lots %s  %s %s  %s\n"),
                    w->badge_name, w->paddles, w->due.lots, t, p->currency,
                    w->due.owed_cents > 0 ? _("to pay") : _("settled"));
    }
    if (!code && arr) {
        json_dumpf(arr, out, JSON_INDENT(2));
        fputc('\n', out);
    } else if (!code) {
        char t[32], o[32];
        auction_amount_text(total, t, sizeof(t));
        auction_amount_text(owed, o, sizeof(o));
        fprintf(out,
                ngettext("Auction: %zu winner, %s %s in all, %s still to "
                         "pay.\n",
                         "Auction: %zu winners, %s %s in all, %s still to "
                         "pay.\n",
                         shown),
                shown, t, p->currency, o);
    }
    json_decref(arr);
    free(v);
    free(p);
    store_close(s);
    return code;
}

static int usage_error(void)
{
    fprintf(stderr, "%s\n",
            _("checkin auction: expected EVENT.db win LOT --paddle N --amount "
              "AMOUNT, EVENT.db void LOT [--reason TEXT] [--refunded] or "
              "EVENT.db list [--json]. Try 'checkin auction --help'."));
    return 2;
}

int auction_command(int argc, char **argv)
{
    static const struct option opts[] = {
        {"paddle", required_argument, NULL, 'p'},
        {"amount", required_argument, NULL, 'a'},
        {"json", no_argument, NULL, 'j'},
        {"reason", required_argument, NULL, 'r'},
        {"refunded", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct args a = {0};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'p')
            a.paddle = optarg;
        else if (c == 'a')
            a.amount = optarg;
        else if (c == 'j')
            a.json = true;
        else if (c == 'r')
            a.reason = optarg;
        else if (c == 'R')
            a.refunded = true;
        else if (c == 'h')
            return fputs(_(USAGE), stdout) < 0;
        else
            return usage_error();
    }
    int n = argc - optind;
    a.db = n >= 1 ? argv[optind] : "";
    a.what = n >= 2 ? argv[optind + 1] : "";
    a.lot = n >= 3 ? argv[optind + 2] : "";
    bool is_win = !strcmp(a.what, "win"), is_void = !strcmp(a.what, "void");
    bool voids = a.reason || a.refunded;
    if (is_win ? n != 3 || a.json || voids
        : is_void
            ? n != 3 || a.json || a.paddle || a.amount
            : strcmp(a.what, "list") || n != 2 || a.paddle || a.amount || voids)
        return usage_error();
    struct ck_error err = {0};
    int code = is_win    ? auction_win_say(a.db, a.lot, a.paddle, a.amount,
                                           store_now_ms(), stdout, &err)
               : is_void ? auction_void_say(a.db, a.lot, a.reason, a.refunded,
                                            store_now_ms(), stdout, &err)
                         : list(&a, &err);
    if (code) {
        char said[2 * sizeof(err.msg)];
        fprintf(stderr, "checkin: %s\n",
                ck_error_text(&err, said, sizeof(said)));
    }
    return code ? 1 : 0;
}
