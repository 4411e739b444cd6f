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
#include "checkin/i18n.h"
#include "checkin/store.h"

static const char USAGE[] =
    N_("usage: checkin auction EVENT.db win LOT --paddle N --amount "
       "AMOUNT\n"
       "       checkin auction EVENT.db list [--json]\n"
       "\n"
       "The PyLadies auction of [auction] in the event description\n"
       "(docs/auction.md).  win: lot LOT was won by paddle N for AMOUNT\n"
       "(120 or 120.50, in the auction's currency).  list: every lot won,\n"
       "by time.  Bidders get their paddles at an auction door (checkin\n"
       "scan --station auction) and pay at the pay desk (--station\n"
       "auction-pay); checkin report EVENT.db auction lists each winner.\n");

struct args {
    const char *db, *what, *lot, *paddle, *amount;
    bool json;
};

/* The lots, "1, 2, 3", to name them in a refusal. */
static void lot_names(const struct auction_plan *p, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < p->nlots && used < cap; i++) {
        int k = snprintf(out + used, cap - used, "%s%s", i ? ", " : "",
                         p->lots[i].no);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

static int refused(store *s, const struct args *a, int paddle,
                   enum auction_outcome o, const struct auction_win *prior,
                   struct ck_error *err)
{
    char amount[32], lots[1024];
    switch (o) {
    case AUCTION_NO_AUCTION:
        return ck_said(err, CK_ENOTFOUND,
                       _("%s has no auction; add an [auction] section with "
                         "its currency, lots and paddles to the event "
                         "description and apply it with checkin event."),
                       a->db);
    case AUCTION_UNKNOWN_LOT: {
        struct auction_plan *p = malloc(sizeof(*p));
        bool any = false;
        lots[0] = '\0';
        if (p && !auction_plan_read(s, p, &any, err))
            lot_names(p, lots, sizeof(lots));
        free(p);
        return ck_said(err, CK_ENOTFOUND,
                       _("There is no lot '%s'; the lots are: %s."), a->lot,
                       lots);
    }
    case AUCTION_UNKNOWN_PADDLE:
        return ck_said(err, CK_ENOTFOUND,
                       _("No bidder has paddle %d; give the paddle number "
                         "the auction door gave the winner."),
                       paddle);
    case AUCTION_LOT_WON:
        auction_amount_text(prior->amount_cents, amount, sizeof(amount));
        return ck_said(err, CK_EINVAL,
                       _("Lot %s was won already, by paddle %d for %s; "
                         "nothing was changed."),
                       a->lot, prior->paddle, amount);
    case AUCTION_DONE:
    default:
        return CK_OK;
    }
}

/* --paddle N: 1 to AUCTION_PADDLE_MAX, digits only. */
static bool paddle_parse(const char *t, int *out)
{
    long v = 0;
    size_t i = 0;
    for (; t[i] >= '0' && t[i] <= '9' && i < 6; i++)
        v = v * 10 + (t[i] - '0');
    if (!i || t[i] || v < 1 || v > AUCTION_PADDLE_MAX)
        return false;
    *out = (int)v;
    return true;
}

static int win(const struct args *a, struct ck_error *err)
{
    int paddle = 0;
    int64_t cents = 0;
    if (!a->paddle || !paddle_parse(a->paddle, &paddle))
        return ck_said(err, CK_EINVAL,
                       _("Give the winner's paddle with --paddle: a number "
                         "from 1 to %d."),
                       AUCTION_PADDLE_MAX);
    if (!a->amount || !auction_amount_parse(a->amount, &cents) || !cents)
        return ck_said(err, CK_EINVAL,
                       _("'%s' is not an amount; give --amount as a number "
                         "more than 0 with at most two decimals (120 or "
                         "120.50)."),
                       a->amount ? a->amount : "");
    store *s;
    int code = store_open(a->db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    enum auction_outcome o;
    struct auction_win prior;
    code = auction_win_record(s, a->lot, paddle, cents, store_now_ms(), &o,
                              &prior, err);
    if (!code && o)
        code = refused(s, a, paddle, o, &prior, err);
    store_close(s);
    if (code)
        return code;
    char amount[32];
    auction_amount_text(cents, amount, sizeof(amount));
    printf(_("Lot %s won by paddle %d for %s.\n"), a->lot, paddle, amount);
    return CK_OK;
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
                arr,
                json_pack("{s:s, s:s, s:i, s:I, s:s, s:s}", "lot", v[i].lot,
                          "title", l ? l->title : "", "paddle", v[i].paddle,
                          "amount_cents", (json_int_t)v[i].amount_cents,
                          "currency", p->currency, "station", v[i].station));
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
              "AMOUNT or EVENT.db list [--json]. Try 'checkin auction "
              "--help'."));
    return 2;
}

int auction_command(int argc, char **argv)
{
    static const struct option opts[] = {
        {"paddle", required_argument, NULL, 'p'},
        {"amount", required_argument, NULL, 'a'},
        {"json", no_argument, NULL, 'j'},
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
        else if (c == 'h')
            return fputs(_(USAGE), stdout) < 0;
        else
            return usage_error();
    }
    int n = argc - optind;
    a.db = n >= 1 ? argv[optind] : "";
    a.what = n >= 2 ? argv[optind + 1] : "";
    a.lot = n >= 3 ? argv[optind + 2] : "";
    bool is_win = !strcmp(a.what, "win");
    if (is_win ? n != 3 || a.json
               : strcmp(a.what, "list") || n != 2 || a.paddle || a.amount)
        return usage_error();
    struct ck_error err = {0};
    int code = is_win ? win(&a, &err) : list(&a, &err);
    if (code) {
        char said[2 * sizeof(err.msg)];
        fprintf(stderr, "checkin: %s\n",
                ck_error_text(&err, said, sizeof(said)));
    }
    return code ? 1 : 0;
}
