/* The PyLadies auction (issue 56 item 3, docs/auction.md): two rows of
 * the table of kinds.  `auction`, at the auction's door, gives each
 * bidder's badge a paddle number from the door's own block of [auction]
 * (`paddles STATION = FROM-TO`, so that doors with no network between
 * them never give one number twice) and shows it large; the same person
 * scanned again gets the same paddle back.  `auction-pay`, the pay desk,
 * shows what a winner owes (their paddles' lots less what they settled);
 * the badge scanned again at that desk within AUCTION_CONFIRM_MS, once
 * the payment is taken, settles it (the confirm is the journal's: its
 * last row for them said what they owe), and a later scan says when and
 * where it was settled.  Both journal door rows
 * (targets "auction:door" and "auction:pay") on a desk's file at a hub,
 * as the sprints do; the paddles and settlements themselves are rows of
 * auction_act (event/auction.c), written inside the decision's
 * transaction. */
#include <stdio.h>
#include <string.h>

#include "checkin/auction.h"
#include "checkin/credential.h"
#include "checkin/jobs.h"

#include "kind.h"

/* How long the pay desk waits for the second scan that settles. */
#define AUCTION_CONFIRM_MS (10 * 60 * 1000)

/* The station's own state (st->state): the door's prints (first, where
 * station_prints_of finds them), the event's auction. */
struct auction_station {
    struct station_prints prints;
    struct auction_plan plan;
};

static struct auction_station *own_of(const station *st)
{
    return st->state;
}

static int read_plan(station *st, struct ck_error *err)
{
    bool any;
    int code = auction_plan_read(st->s, &own_of(st)->plan, &any, err);
    if (!code && !any)
        code = ck_fail(err, CK_ENOTFOUND,
                       "%s has no auction; add an [auction] section with its "
                       "currency, lots and paddles to the event description "
                       "and apply it with checkin event.",
                       store_path(st->s));
    return code;
}

static int door_open(station *st, const char *event_name, struct ck_error *err)
{
    (void)event_name;
    int code = read_plan(st, err);
    if (!code && !auction_block_of(&own_of(st)->plan, st->name))
        code = ck_fail(err, CK_ENOTFOUND,
                       "[auction] gives the station '%s' no paddle numbers; "
                       "add 'paddles %s = FROM-TO' to it, numbers no other "
                       "auction door gives, and apply it with checkin event.",
                       st->name, st->name);
    snprintf(st->title, sizeof(st->title), "Auction");
    return code;
}

static int pay_open(station *st, const char *event_name, struct ck_error *err)
{
    (void)event_name;
    snprintf(st->title, sizeof(st->title), "Auction pay desk");
    return read_plan(st, err);
}

/* A sync or `checkin event` may have changed the plan. */
static void auction_refresh(station *st, const char *event_name)
{
    (void)event_name;
    struct ck_error gone;
    struct auction_station *own = own_of(st);
    struct auction_plan keep = own->plan;
    if (read_plan(st, &gone))
        own->plan = keep;
}

static int auction_count(station *st, struct journal_counts *out,
                         struct ck_error *err)
{
    (void)st;
    (void)err;
    memset(out, 0, sizeof(*out));
    return CK_OK;
}

static int text(struct station_result *r, const char *t, uint32_t *at,
                struct ck_error *err)
{
    if (!station_result_text(r, t, strlen(t), at))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    return CK_OK;
}

/* What both rows check first: the badge, and the plan's currency. */
static int badge_refused(station *st, const struct verdict *vd,
                         struct station_result *r, bool *refused,
                         struct ck_error *err)
{
    snprintf(r->currency, sizeof(r->currency), "%s", own_of(st)->plan.currency);
    return station_credential_refused(st, vd, r, refused, err);
}

static int door_rules(station *st, const struct verdict *vd, const char *why,
                      struct station_result *r, struct ck_error *err)
{
    (void)why;
    bool refused = false, found = false;
    int code = badge_refused(st, vd, r, &refused, err);
    struct auction_paddle p;
    if (!code && !refused)
        code = auction_paddle_of_ticket(st->s, vd->ticket_id, &p, &found, err);
    if (code || refused)
        return code;
    if (found) {
        r->paddle = p.paddle;
        r->first_ms = p.at_ms;
        snprintf(r->first_station, sizeof(r->first_station), "%s", p.station);
        station_verdict(r, DECISION_WARN, STATION_REASON_PADDLE_AGAIN);
        return CK_OK;
    }
    const struct auction_block *b =
        auction_block_of(&own_of(st)->plan, st->name);
    bool full = !b;
    if (b)
        code = auction_paddle_give(st->s, journal_station_id(st->j), st->name,
                                   b, vd->ticket_id, r->at_ms, &r->paddle,
                                   &full, err);
    if (code || !full) {
        if (!code)
            station_verdict(r, DECISION_ADMIT, STATION_REASON_PADDLE);
        return code;
    }
    char block[32] = "";
    if (b)
        snprintf(block, sizeof(block), "%d-%d", b->from, b->to);
    station_verdict(r, DECISION_DENY, STATION_REASON_NO_PADDLES_LEFT);
    return text(r, block, &r->title, err);
}

/* The pay desk, once the person's paddle and what they owe are known. */
static int pay_decide(station *st, const struct verdict *vd,
                      const struct auction_paddle *p,
                      const struct auction_due *d, struct station_result *r,
                      struct ck_error *err)
{
    if (!d->nlots) {
        station_verdict(r, DECISION_DENY, STATION_REASON_NOTHING_WON);
        return CK_OK;
    }
    if (d->owed_cents <= 0) {
        r->amount_cents = d->settled_cents;
        r->first_ms = d->settled_ms;
        snprintf(r->first_station, sizeof(r->first_station), "%s",
                 d->settled_station);
        station_verdict(r, DECISION_WARN, STATION_REASON_SETTLED_BEFORE);
        return CK_OK;
    }
    r->amount_cents = d->owed_cents;
    bool confirm = false;
    int code = auction_owed_shown(st->s, st->name, vd->ticket_id,
                                  r->at_ms - AUCTION_CONFIRM_MS, &confirm, err);
    if (code || !confirm) {
        station_verdict(r, DECISION_WARN, STATION_REASON_OWES);
        return code;
    }
    station_verdict(r, DECISION_ADMIT, STATION_REASON_SETTLED);
    return auction_settle(st->s, journal_station_id(st->j), st->name, p->paddle,
                          vd->ticket_id, d->owed_cents, r->at_ms, err);
}

static int pay_rules(station *st, const struct verdict *vd, const char *why,
                     struct station_result *r, struct ck_error *err)
{
    (void)why;
    bool refused = false, found = false;
    int code = badge_refused(st, vd, r, &refused, err);
    struct auction_paddle p;
    if (!code && !refused)
        code = auction_paddle_of_ticket(st->s, vd->ticket_id, &p, &found, err);
    if (code || refused)
        return code;
    if (!found) {
        station_verdict(r, DECISION_DENY, STATION_REASON_NO_PADDLE);
        return CK_OK;
    }
    r->paddle = p.paddle;
    struct auction_due d;
    code = auction_due_of(st->s, vd->ticket_id, &d, err);
    if (!code)
        code = text(r, d.lots, &r->title, err);
    return code ? code : pay_decide(st, vd, &p, &d, r, err);
}

/* Its rows are the auction's: door rows of target "auction:door" or
 * "auction:pay". */
static void door_record(station *st, const struct verdict *vd,
                        const struct station_result *r, struct scan_record *rec,
                        char *hashed)
{
    station_record_hashed(st, vd, r, rec, hashed);
    rec->target = "auction:door";
}

static void pay_record(station *st, const struct verdict *vd,
                       const struct station_result *r, struct scan_record *rec,
                       char *hashed)
{
    station_record_hashed(st, vd, r, rec, hashed);
    rec->target = "auction:pay";
}

/* A paddle given at a door with a printer owes its label: queued here,
 * in the decision's transaction and naming its journal row, as a desk's
 * badge is, so that a crash leaves both or neither.  A paddle given
 * before prints again only when the volunteer asks (a reprint). */
static int door_owed(station *st, const struct verdict *vd,
                     const struct station_result *r, int64_t seq,
                     struct ck_error *err)
{
    (void)vd;
    if (r->reason != STATION_REASON_PADDLE || !r->attendee_id ||
        !st->cfg.print_printer || !st->cfg.print_paddle_template)
        return CK_OK;
    int64_t job;
    return jobs_add_with_checkin(
        st->s, r->attendee_id, JOB_PADDLE, 0, st->cfg.print_paddle_template,
        st->cfg.print_printer, journal_station_id(st->j), seq, &job, err);
}

static void auction_admitted(station *st, struct station_result *r)
{
    st->c.inside++;
    if (r->reason == STATION_REASON_PADDLE && st->cfg.print)
        r->print = STATION_PRINT_OWED;
}

const struct station_kind station_kind_auction = {
    .name = "auction",
    .target = NULL,
    .role = "desk",    /* on a desk's file at a hub (hub format 33) */
    .mode = SCAN_DOOR, /* door rows of target "auction:door" */
    .traits =
        STATION_TRAIT_PERSONAL | STATION_TRAIT_PADDLES | STATION_TRAIT_PRINTS,
    .history = "paddle",
    .state_size = sizeof(struct auction_station),
    .open = door_open,
    .refresh = auction_refresh,
    .count = auction_count,
    .rules = door_rules,
    .record = door_record,
    .owed = door_owed,
    .admitted = auction_admitted,
};

int station_auction_win(station *st, const char *lot, int paddle, int64_t cents,
                        int64_t at_ms, enum auction_outcome *outcome,
                        struct auction_win *prior, struct auction_plan *plan,
                        struct ck_error *err)
{
    memset(prior, 0, sizeof(*prior));
    memset(plan, 0, sizeof(*plan));
    *outcome = AUCTION_DONE;
    if (!station_has(st, STATION_TRAIT_WINS))
        return ck_fail(err, CK_EINVAL,
                       "This station is not the auction's pay desk.");
    auction_refresh(st, NULL);
    *plan = own_of(st)->plan;
    return auction_win_record_at(st->s, journal_station_id(st->j), st->name,
                                 lot, paddle, cents, at_ms, outcome, prior,
                                 err);
}

int station_auction_void(station *st, const char *lot, bool refunded,
                         const char *reason, int64_t at_ms,
                         enum auction_outcome *outcome, struct auction_win *won,
                         struct auction_win *paid, struct auction_plan *plan,
                         struct ck_error *err)
{
    memset(won, 0, sizeof(*won));
    memset(paid, 0, sizeof(*paid));
    memset(plan, 0, sizeof(*plan));
    *outcome = AUCTION_DONE;
    if (!station_has(st, STATION_TRAIT_WINS))
        return ck_fail(err, CK_EINVAL,
                       "This station is not the auction's pay desk.");
    auction_refresh(st, NULL);
    *plan = own_of(st)->plan;
    return auction_void_record_at(st->s, journal_station_id(st->j), st->name,
                                  lot, refunded, reason, at_ms, outcome, won,
                                  paid, err);
}

int station_auction_wins(station *st, struct auction_win **v, size_t *n,
                         struct ck_error *err)
{
    *v = NULL;
    *n = 0;
    if (!station_has(st, STATION_TRAIT_WINS))
        return ck_fail(err, CK_EINVAL,
                       "This station is not the auction's pay desk.");
    return auction_wins(st->s, v, n, err);
}

const struct station_kind station_kind_auction_pay = {
    .name = "auction-pay",
    .target = NULL,
    .role = "desk",
    .mode = SCAN_DOOR, /* door rows of target "auction:pay" */
    .traits =
        STATION_TRAIT_PERSONAL | STATION_TRAIT_PADDLES | STATION_TRAIT_WINS,
    .history = "auction pay desk",
    .state_size = sizeof(struct auction_station),
    .open = pay_open,
    .refresh = auction_refresh,
    .count = auction_count,
    .rules = pay_rules,
    .record = pay_record,
    .admitted = auction_admitted,
};
