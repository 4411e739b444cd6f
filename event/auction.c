/* The PyLadies auction (auction.h): [auction] parsed and read back from
 * its setting, and the auction's acts (auction_act, schema 25) written
 * and read: paddles, wins, settlements.  Not for the station's rules
 * (station/kind_auction.c) nor for what a person is told
 * (commands/auction_commands.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/auction.h"
#include "checkin/buf.h"
#include "checkin/event_line.h"
#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"

static bool lot_no_ok(const char *s)
{
    size_t n = strlen(s);
    if (!n || n >= AUCTION_LOT_CAP)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-')
            return false;
    return true;
}

static bool station_ok(const char *s)
{
    size_t n = strlen(s);
    if (!n || n >= AUCTION_STATION_CAP)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ' || s[i] == '=')
            return false;
    return true;
}

/* "1-499" into *from, *to. */
static bool range_ok(const char *v, int *from, int *to)
{
    char *end;
    long a = strtol(v, &end, 10);
    while (*end == ' ')
        end++;
    if (end == v || *end != '-')
        return false;
    const char *b0 = end + 1;
    long b = strtol(b0, &end, 10);
    while (*end == ' ')
        end++;
    if (end == b0 || *end || a < 1 || b < a || b > AUCTION_PADDLE_MAX)
        return false;
    *from = (int)a;
    *to = (int)b;
    return true;
}

static bool lot_line(struct auction_plan *p, const char *no, const char *v,
                     const struct event_line *at)
{
    while (*no == ' ')
        no++;
    if (!lot_no_ok(no)) {
        ck_fail(at->err, CK_EINVAL,
                "%s:%d: [auction]: 'lot %s' is not a lot's number; give 1 to "
                "20 letters, digits and '-' after 'lot'; fix it and run %s "
                "again.",
                at->path, at->line, no, at->cmd);
        return false;
    }
    if (!*v || strlen(v) >= AUCTION_TITLE_CAP) {
        ck_fail(at->err, CK_EINVAL,
                "%s:%d: [auction]: give lot %s a title of 1 to %d characters; "
                "fix it and run %s again.",
                at->path, at->line, no, AUCTION_TITLE_CAP - 1, at->cmd);
        return false;
    }
    if (auction_lot_of(p, no)) {
        ck_fail(at->err, CK_EINVAL,
                "%s:%d: [auction]: lot %s is named twice; give each lot its "
                "own number; fix it and run %s again.",
                at->path, at->line, no, at->cmd);
        return false;
    }
    if (p->nlots == AUCTION_LOTS) {
        ck_fail(at->err, CK_EINVAL,
                "%s:%d: [auction]: an auction has at most %d lots; fix it and "
                "run %s again.",
                at->path, at->line, AUCTION_LOTS, at->cmd);
        return false;
    }
    struct auction_lot *l = &p->lots[p->nlots++];
    snprintf(l->no, sizeof(l->no), "%s", no);
    snprintf(l->title, sizeof(l->title), "%s", v);
    return true;
}

static bool paddles_line(struct auction_plan *p, const char *st, const char *v,
                         const struct event_line *at)
{
    while (*st == ' ')
        st++;
    struct auction_block b = {0};
    if (!station_ok(st)) {
        ck_fail(at->err, CK_EINVAL,
                "%s:%d: [auction]: give the auction door's station name after "
                "'paddles' (paddles auction-door = 1-499); fix it and run %s "
                "again.",
                at->path, at->line, at->cmd);
        return false;
    }
    snprintf(b.station, sizeof(b.station), "%s", st);
    if (!range_ok(v, &b.from, &b.to)) {
        ck_fail(at->err, CK_EINVAL,
                "%s:%d: [auction]: '%s' is not a block of paddle numbers; give "
                "FROM-TO, 1 to %d (1-499); fix it and run %s again.",
                at->path, at->line, v, AUCTION_PADDLE_MAX, at->cmd);
        return false;
    }
    for (int i = 0; i < p->nblocks; i++) {
        const struct auction_block *o = &p->blocks[i];
        if (!strcmp(o->station, b.station) ||
            (b.from <= o->to && o->from <= b.to)) {
            ck_fail(at->err, CK_EINVAL,
                    "%s:%d: [auction]: the paddles of %s overlap those of %s; "
                    "give each auction door its own numbers; fix it and run "
                    "%s again.",
                    at->path, at->line, b.station, o->station, at->cmd);
            return false;
        }
    }
    if (p->nblocks == AUCTION_DOORS) {
        ck_fail(at->err, CK_EINVAL,
                "%s:%d: [auction]: an auction has at most %d doors; fix it "
                "and run %s again.",
                at->path, at->line, AUCTION_DOORS, at->cmd);
        return false;
    }
    p->blocks[p->nblocks++] = b;
    return true;
}

static bool one_line(struct auction_plan *p, const struct auction_line *l,
                     const struct event_line *at)
{
    const char *k = l->key, *v = l->value;
    if (!strcmp(k, "currency")) {
        if (strlen(v) != 3 || !isupper((unsigned char)v[0]) ||
            !isupper((unsigned char)v[1]) || !isupper((unsigned char)v[2])) {
            ck_fail(at->err, CK_EINVAL,
                    "%s:%d: [auction]: '%s' is not a currency; give its three "
                    "capital letters (USD); fix it and run %s again.",
                    at->path, at->line, v, at->cmd);
            return false;
        }
        snprintf(p->currency, sizeof(p->currency), "%s", v);
        return true;
    }
    if (!strncmp(k, "lot ", 4))
        return lot_line(p, k + 4, v, at);
    if (!strncmp(k, "paddles ", 8))
        return paddles_line(p, k + 8, v, at);
    ck_fail(at->err, CK_EINVAL,
            "%s:%d: [auction]: unknown key '%s' in [auction]; its keys are "
            "currency, 'lot NUMBER' and 'paddles STATION'; fix it and run %s "
            "again.",
            at->path, at->line, k, at->cmd);
    return false;
}

bool auction_parse(const struct auction_line *lines, int n,
                   struct auction_plan *out, const char *path, const char *cmd,
                   struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    for (int i = 0; i < n; i++) {
        const struct event_line at = {path, lines[i].line, cmd, err};
        if (!one_line(out, &lines[i], &at))
            return false;
    }
    int last = n ? lines[n - 1].line : 0;
    if (!out->currency[0] || !out->nlots || !out->nblocks) {
        ck_fail(err, CK_EINVAL,
                "%s:%d: [auction]: [auction] needs its currency, at least one "
                "'lot NUMBER = TITLE' and one 'paddles STATION = FROM-TO' for "
                "each auction door; fix it and run %s again.",
                path, last, cmd);
        return false;
    }
    return true;
}

int auction_lines_check(const struct auction_line *lines, int n,
                        const char *path, const char *cmd, struct ck_error *err)
{
    if (!n)
        return CK_OK;
    struct auction_plan *p = malloc(sizeof(*p));
    if (!p)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    bool ok = true;
    for (int i = 0; ok && i < n; i++)
        if (strchr(lines[i].key, '\n') || strchr(lines[i].value, '\n') ||
            strstr(lines[i].key, " = ")) {
            ok = false;
            ck_fail(err, CK_EINVAL,
                    "%s:%d: [auction]: write each line as KEY = VALUE; fix it "
                    "and run %s again.",
                    path, lines[i].line, cmd);
        }
    ok = ok && auction_parse(lines, n, p, path, cmd, err);
    free(p);
    return ok ? CK_OK : CK_EINVAL;
}

int auction_lines_write(store *s, const struct auction_line *lines, int n,
                        struct ck_error *err)
{
    if (!n)
        return CK_OK;
    struct ck_buf b = {0};
    bool ok = true;
    for (int i = 0; ok && i < n; i++)
        ok = ck_buf_printf(&b, "%s%s = %s", i ? "\n" : "", lines[i].key,
                           lines[i].value);
    int code =
        ok ? store_setting_put(s, AUCTION_SETTING, b.p,
                               N_("saving the auction"), err)
           : ck_fail(err, CK_ENOMEM, "Out of memory saving the auction.");
    ck_buf_free(&b);
    return code;
}

int auction_plan_read(store *s, struct auction_plan *out, bool *found,
                      struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    size_t cap = 64 * 1024;
    char *v = malloc(cap);
    struct auction_line *l =
        calloc(AUCTION_LOTS + AUCTION_DOORS + 2, sizeof(*l));
    int code = v && l ? CK_OK : ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (!code)
        code = store_setting_get(s, AUCTION_SETTING, v, cap, found,
                                 N_("reading the auction"), err);
    int n = 0;
    for (char *p = v, *nl; !code && *found && p && *p; p = nl) {
        nl = strchr(p, '\n');
        if (nl)
            *nl++ = '\0';
        char *eq = strstr(p, " = ");
        if (!eq || n == AUCTION_LOTS + AUCTION_DOORS + 2)
            break;
        *eq = '\0';
        l[n] = (struct auction_line){p, eq + 3, n + 1};
        n++;
    }
    if (!code && *found && !auction_parse(l, n, out, store_path(s), "", NULL))
        code = ck_fail(err, CK_ECORRUPT,
                       "%s: the auction it keeps is damaged; apply the event "
                       "description again with checkin event.",
                       store_path(s));
    free(v);
    free(l);
    return code;
}

const struct auction_lot *auction_lot_of(const struct auction_plan *p,
                                         const char *no)
{
    for (int i = 0; i < p->nlots; i++)
        if (!strcmp(p->lots[i].no, no))
            return &p->lots[i];
    return NULL;
}

const struct auction_block *auction_block_of(const struct auction_plan *p,
                                             const char *station)
{
    for (int i = 0; i < p->nblocks; i++)
        if (!strcmp(p->blocks[i].station, station))
            return &p->blocks[i];
    return NULL;
}

bool auction_amount_parse(const char *t, int64_t *cents)
{
    int64_t whole = 0, frac = 0;
    size_t i = 0, digits = 0, decimals = 0;
    for (; isdigit((unsigned char)t[i]) && digits < 9; i++, digits++)
        whole = whole * 10 + (t[i] - '0');
    if (!digits)
        return false;
    if (t[i] == '.') {
        for (i++; isdigit((unsigned char)t[i]) && decimals < 3; i++)
            frac = frac * 10 + (t[i] - '0'), decimals++;
        if (!decimals || decimals > 2)
            return false;
        if (decimals == 1)
            frac *= 10;
    }
    if (t[i] || whole > 10000000)
        return false;
    *cents = whole * 100 + frac;
    return true;
}

void auction_amount_text(int64_t cents, char *out, size_t cap)
{
    snprintf(out, cap, "%lld.%02lld", (long long)(cents / 100),
             (long long)(cents % 100));
}

static void copy_col(sqlite3_stmt *q, int i, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    snprintf(out, cap, "%s", t ? (const char *)t : "");
}

#define PADDLE_SQL                                                             \
    "SELECT x.paddle, x.ticket_id, coalesce(a.badge_name, ''), x.station,"     \
    " x.at_ms FROM auction_act x LEFT JOIN attendee a ON a.ticket_id ="        \
    " x.ticket_id WHERE x.act = 'paddle' AND "

static int paddle_row(store *s, const char *sql, int paddle, const char *ticket,
                      struct auction_paddle *out, bool *found,
                      struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    *found = false;
    sqlite3_stmt *q;
    int code = store_prepare(s, sql, NULL, &q, N_("reading the paddles"), err);
    if (code)
        return code;
    if (ticket)
        sqlite3_bind_text(q, 1, ticket, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int(q, 1, paddle);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = true;
        out->paddle = sqlite3_column_int(q, 0);
        copy_col(q, 1, out->ticket_id, sizeof(out->ticket_id));
        copy_col(q, 2, out->badge_name, sizeof(out->badge_name));
        copy_col(q, 3, out->station, sizeof(out->station));
        out->at_ms = sqlite3_column_int64(q, 4);
    } else if (rc != SQLITE_DONE) {
        code = store_sqlite_fail(s, rc, N_("reading the paddles"), err);
    }
    sqlite3_finalize(q);
    return code;
}

int auction_paddle_of_ticket(store *s, const char *ticket_id,
                             struct auction_paddle *out, bool *found,
                             struct ck_error *err)
{
    return paddle_row(s,
                      PADDLE_SQL "x.ticket_id = ?1 ORDER BY x.at_ms,"
                                 " x.station_id, x.seq LIMIT 1",
                      0, ticket_id, out, found, err);
}

int auction_paddle_holder(store *s, int paddle, struct auction_paddle *out,
                          bool *found, struct ck_error *err)
{
    return paddle_row(s,
                      PADDLE_SQL "x.paddle = ?1 ORDER BY x.at_ms,"
                                 " x.station_id, x.seq LIMIT 1",
                      paddle, NULL, out, found, err);
}

/* A row: under run `station_id` (NULL: a fresh one, as the command
 * line's rows are), numbers going on from the station name's rows. */
static int append_of(store *s, const char *station_id, const char *station,
                     int64_t at_ms, const char *act, int paddle,
                     const char *ticket, const char *lot, int64_t cents,
                     const struct auction_win *of, const char *reason,
                     struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "INSERT INTO auction_act (station_id, seq, station, at_ms, act,"
        " paddle, ticket_id, lot, amount_cents, of_station_id, of_seq,"
        " reason) SELECT coalesce(?1, lower(hex(randomblob(8)))),"
        " coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
        " ?11 FROM auction_act WHERE station = ?2",
        NULL, &q, N_("recording the auction's act"), err);
    if (code)
        return code;
    store_bind_text(q, 1, station_id);
    sqlite3_bind_text(q, 2, station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, at_ms);
    sqlite3_bind_text(q, 4, act, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 5, paddle);
    sqlite3_bind_text(q, 6, ticket ? ticket : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, lot ? lot : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 8, cents);
    sqlite3_bind_text(q, 9, of ? of->station_id : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 10, of ? of->seq : 0);
    sqlite3_bind_text(q, 11, reason ? reason : "", -1, SQLITE_STATIC);
    return store_step_done(s, q, N_("recording the auction's act"), err);
}

static int append(store *s, const char *station_id, const char *station,
                  int64_t at_ms, const char *act, int paddle,
                  const char *ticket, const char *lot, int64_t cents,
                  struct ck_error *err)
{
    return append_of(s, station_id, station, at_ms, act, paddle, ticket, lot,
                     cents, NULL, NULL, err);
}

int auction_paddle_give(store *s, const char *station_id, const char *station,
                        const struct auction_block *b, const char *ticket_id,
                        int64_t at_ms, int *paddle, bool *full,
                        struct ck_error *err)
{
    *full = false;
    sqlite3_stmt *q;
    int code = store_prepare(s,
                             "SELECT coalesce(max(paddle), ?1 - 1) + 1 FROM"
                             " auction_act WHERE act = 'paddle' AND paddle"
                             " BETWEEN ?1 AND ?2",
                             NULL, &q, N_("reading the paddles"), err);
    if (code)
        return code;
    sqlite3_bind_int(q, 1, b->from);
    sqlite3_bind_int(q, 2, b->to);
    int64_t next = b->from;
    code = store_step_int64(s, q, false, &next, NULL, N_("reading the paddles"),
                            err);
    if (code)
        return code;
    if (next > b->to) {
        *full = true;
        return CK_OK;
    }
    *paddle = (int)next;
    return append(s, station_id, station, at_ms, "paddle", *paddle, ticket_id,
                  NULL, 0, err);
}

/* Of a win `w`: no void names it (local schema 27). */
#define STANDING(w)                                                            \
    " NOT EXISTS (SELECT 1 FROM auction_act v WHERE v.act = 'void' AND"        \
    " v.of_station_id = " w ".station_id AND v.of_seq = " w ".seq) "

/* The win holding lot `lot`: its first that stands; its winner's ticket
 * into `ticket` (64 bytes) when not NULL. */
static int win_of_lot_ticket(store *s, const char *lot, struct auction_win *w,
                             char *ticket, bool *found, struct ck_error *err)
{
    sqlite3_stmt *q;
    *found = false;
    int code = store_prepare(
        s,
        "SELECT w.paddle, w.amount_cents, w.at_ms,"
        " w.station, w.station_id, w.seq, w.ticket_id"
        " FROM auction_act w WHERE w.act = 'win' AND"
        " w.lot = ?1 AND" STANDING("w") "ORDER BY"
                                        " w.at_ms, w.station_id, w.seq LIMIT 1",
        NULL, &q, N_("reading the lots won"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, lot, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = true;
        snprintf(w->lot, sizeof(w->lot), "%s", lot);
        w->paddle = sqlite3_column_int(q, 0);
        w->amount_cents = sqlite3_column_int64(q, 1);
        w->at_ms = sqlite3_column_int64(q, 2);
        copy_col(q, 3, w->station, sizeof(w->station));
        copy_col(q, 4, w->station_id, sizeof(w->station_id));
        w->seq = sqlite3_column_int64(q, 5);
        if (ticket)
            copy_col(q, 6, ticket, 64);
    } else if (rc != SQLITE_DONE) {
        code = store_sqlite_fail(s, rc, N_("reading the lots won"), err);
    }
    sqlite3_finalize(q);
    return code;
}

static int win_of_lot(store *s, const char *lot, struct auction_win *w,
                      bool *found, struct ck_error *err)
{
    return win_of_lot_ticket(s, lot, w, NULL, found, err);
}

static int win_checked(store *s, const char *station_id, const char *station,
                       const char *lot, int paddle, int64_t cents,
                       int64_t at_ms, enum auction_outcome *o,
                       struct auction_win *prior, struct ck_error *err)
{
    struct auction_plan *p = malloc(sizeof(*p));
    bool any = false, found = false;
    int code = p ? auction_plan_read(s, p, &any, err)
                 : ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (!code && !any)
        *o = AUCTION_NO_AUCTION;
    else if (!code && !auction_lot_of(p, lot))
        *o = AUCTION_UNKNOWN_LOT;
    free(p);
    struct auction_paddle h;
    if (!code && !*o)
        code = auction_paddle_holder(s, paddle, &h, &found, err);
    if (!code && !*o && !found)
        *o = AUCTION_UNKNOWN_PADDLE;
    if (!code && !*o)
        code = win_of_lot(s, lot, prior, &found, err);
    if (!code && !*o && found)
        *o = AUCTION_LOT_WON;
    if (!code && !*o)
        code = append(s, station_id, station, at_ms, "win", paddle, h.ticket_id,
                      lot, cents, err);
    return code;
}

bool auction_paddle_parse(const char *t, int *out)
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

int auction_win_record(store *s, const char *lot, int paddle, int64_t cents,
                       int64_t at_ms, enum auction_outcome *outcome,
                       struct auction_win *prior, struct ck_error *err)
{
    return auction_win_record_at(s, NULL, AUCTION_COMMAND_STATION, lot, paddle,
                                 cents, at_ms, outcome, prior, err);
}

int auction_win_record_at(store *s, const char *station_id, const char *station,
                          const char *lot, int paddle, int64_t cents,
                          int64_t at_ms, enum auction_outcome *outcome,
                          struct auction_win *prior, struct ck_error *err)
{
    *outcome = AUCTION_DONE;
    memset(prior, 0, sizeof(*prior));
    if (cents <= 0)
        return ck_fail(err, CK_EINVAL, "An amount is more than 0.");
    int code = store_begin(s, err);
    if (code)
        return code;
    code = win_checked(s, station_id, station, lot, paddle, cents, at_ms,
                       outcome, prior, err);
    if (code || *outcome) {
        store_rollback(s);
        return code;
    }
    return store_commit(s, err);
}

int auction_wins(store *s, struct auction_win **out, size_t *n,
                 struct ck_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT w.lot, w.paddle, w.amount_cents, w.at_ms, w.station,"
        " w.station_id, w.seq, (SELECT v.reason FROM auction_act v WHERE"
        " v.act = 'void' AND v.of_station_id = w.station_id AND v.of_seq ="
        " w.seq ORDER BY v.at_ms LIMIT 1) FROM auction_act w WHERE w.act ="
        " 'win' ORDER BY w.at_ms, w.station_id, w.seq",
        NULL, &q, N_("reading the lots won"), err);
    if (code)
        return code;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(*out, *n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        struct auction_win *w = &(*out)[(*n)++];
        copy_col(q, 0, w->lot, sizeof(w->lot));
        w->paddle = sqlite3_column_int(q, 1);
        w->amount_cents = sqlite3_column_int64(q, 2);
        w->at_ms = sqlite3_column_int64(q, 3);
        copy_col(q, 4, w->station, sizeof(w->station));
        copy_col(q, 5, w->station_id, sizeof(w->station_id));
        w->seq = sqlite3_column_int64(q, 6);
        w->voided = sqlite3_column_type(q, 7) != SQLITE_NULL;
        copy_col(q, 7, w->reason, sizeof(w->reason));
    }
    if (!code && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading the lots won"), err);
    sqlite3_finalize(q);
    if (code) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return code;
}

/* A lot's first win standing holds it (a second one recorded elsewhere
 * while cut off is not counted, a voided one neither); a ticket's paddles
 * are those given to it. */
#define WINS_OF_TICKET                                                         \
    "SELECT w.lot, w.amount_cents FROM auction_act w WHERE w.act = 'win'"      \
    " AND w.paddle IN (SELECT paddle FROM auction_act WHERE act = 'paddle'"    \
    " AND ticket_id = ?1) AND" STANDING(                                       \
        "w") "AND NOT EXISTS (SELECT 1 FROM"                                   \
             " auction_act e WHERE e.act = 'win' AND e.lot = w.lot AND "       \
             "(e.at_ms,"                                                       \
             " e.station_id, e.seq) < (w.at_ms, w.station_id, w.seq) "         \
             "AND" STANDING("e") ") ORDER BY w.at_ms, w.station_id, w.seq"

static int wins_due(store *s, const char *ticket, struct auction_due *d,
                    struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, WINS_OF_TICKET, NULL, &q,
                             N_("reading what a winner owes"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, ticket, -1, SQLITE_STATIC);
    int rc;
    size_t used = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *lot = (const char *)sqlite3_column_text(q, 0);
        d->won_cents += sqlite3_column_int64(q, 1);
        d->nlots++;
        if (used < sizeof(d->lots)) {
            int k = snprintf(d->lots + used, sizeof(d->lots) - used, "%s%s",
                             used ? ", " : "", lot ? lot : "");
            used += k > 0 ? (size_t)k : 0;
        }
    }
    if (rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading what a winner owes"), err);
    sqlite3_finalize(q);
    return code;
}

int auction_due_of(store *s, const char *ticket_id, struct auction_due *d,
                   struct ck_error *err)
{
    memset(d, 0, sizeof(*d));
    int code = wins_due(s, ticket_id, d, err);
    sqlite3_stmt *q;
    if (!code)
        code = store_prepare(s,
                             /* what was given back for a paid win voided
                              * is no longer settled */
                             "SELECT coalesce(sum(CASE act WHEN 'settle' THEN"
                             " amount_cents ELSE -amount_cents END), 0),"
                             " max(CASE act WHEN 'settle' THEN at_ms END),"
                             " (SELECT station FROM auction_act WHERE act ="
                             " 'settle' AND ticket_id = ?1 ORDER BY at_ms DESC"
                             " LIMIT 1) FROM auction_act WHERE act IN"
                             " ('settle', 'void') AND ticket_id = ?1",
                             NULL, &q, N_("reading what a winner owes"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        d->settled_cents = sqlite3_column_int64(q, 0);
        d->settled_ms = sqlite3_column_int64(q, 1);
        copy_col(q, 2, d->settled_station, sizeof(d->settled_station));
    } else {
        code = store_sqlite_fail(s, rc, N_("reading what a winner owes"), err);
    }
    sqlite3_finalize(q);
    d->owed_cents = d->won_cents - d->settled_cents;
    return code;
}

int auction_owed_shown(store *s, const char *station, const char *ticket_id,
                       int64_t since_ms, bool *shown, struct ck_error *err)
{
    sqlite3_stmt *q;
    int64_t v = 0;
    int code = store_prepare(
        s,
        "SELECT l.at_ms FROM (SELECT reason, at_ms FROM " JOURNAL_EVERY_ROW
        " WHERE station ="
        " ?1 AND mode = 'door' AND target = 'auction:pay' AND"
        " attendee_ticket_id = ?2 ORDER BY at_ms DESC, seq DESC LIMIT 1) l"
        " WHERE l.reason = 'owes' AND l.at_ms >= ?3 AND NOT EXISTS (SELECT 1"
        " FROM auction_act w WHERE w.act = 'win' AND w.at_ms > l.at_ms AND"
        " w.paddle IN (SELECT paddle FROM auction_act WHERE act = 'paddle'"
        " AND ticket_id = ?2)) AND NOT EXISTS (SELECT 1 FROM auction_act v"
        " WHERE v.act = 'void' AND v.at_ms > l.at_ms AND v.ticket_id = ?2)",
        NULL, &q, N_("reading what the pay desk showed"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, station, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, ticket_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, since_ms);
    return store_step_int64(s, q, false, &v, shown,
                            N_("reading what the pay desk showed"), err);
}

int auction_settle(store *s, const char *station_id, const char *station,
                   int paddle, const char *ticket_id, int64_t cents,
                   int64_t at_ms, struct ck_error *err)
{
    return append(s, station_id, station, at_ms, "settle", paddle, ticket_id,
                  NULL, cents, err);
}

int auction_winners(store *s, struct auction_winner **out, size_t *n,
                    struct ck_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT p.ticket_id, coalesce(a.badge_name, ''), group_concat(p.paddle,"
        " ', ') FROM (SELECT DISTINCT ticket_id, paddle FROM auction_act WHERE"
        " act = 'paddle' ORDER BY paddle) p LEFT JOIN attendee a ON"
        " a.ticket_id = p.ticket_id WHERE p.paddle IN (SELECT paddle FROM"
        " auction_act WHERE act = 'win') GROUP BY p.ticket_id ORDER BY"
        " min(p.paddle)",
        NULL, &q, N_("reading the auction's winners"), err);
    if (code)
        return code;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(*out, *n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        struct auction_winner *w = &(*out)[(*n)++];
        memset(w, 0, sizeof(*w));
        copy_col(q, 0, w->ticket_id, sizeof(w->ticket_id));
        copy_col(q, 1, w->badge_name, sizeof(w->badge_name));
        copy_col(q, 2, w->paddles, sizeof(w->paddles));
    }
    if (!code && rc != SQLITE_DONE)
        code =
            store_sqlite_fail(s, rc, N_("reading the auction's winners"), err);
    sqlite3_finalize(q);
    for (size_t i = 0; !code && i < *n; i++)
        code = auction_due_of(s, (*out)[i].ticket_id, &(*out)[i].due, err);
    if (code) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return code;
}

/* What voiding win `w` of ticket `ticket` leaves the winner paid for
 * beyond what they then owe (clock-free: their wins less their
 * settlements, as the pay desk counts): *credit, 0 for none; `paid` the
 * last settlement's station and the credit. */
static int credit_of(store *s, const char *ticket, const struct auction_win *w,
                     struct auction_win *paid, int64_t *credit,
                     struct ck_error *err)
{
    struct auction_due d;
    int code = auction_due_of(s, ticket, &d, err);
    *credit = 0;
    if (!code && d.owed_cents < w->amount_cents && d.settled_cents > 0) {
        *credit = w->amount_cents - (d.owed_cents > 0 ? d.owed_cents : 0);
        snprintf(paid->station, sizeof(paid->station), "%s", d.settled_station);
        paid->at_ms = d.settled_ms;
        paid->amount_cents = *credit;
        paid->paddle = w->paddle;
    }
    return code;
}

static int void_checked(store *s, const char *station_id, const char *station,
                        const char *lot, bool refunded, const char *reason,
                        int64_t at_ms, enum auction_outcome *o,
                        struct auction_win *won, struct auction_win *paid,
                        struct ck_error *err)
{
    struct auction_plan *p = malloc(sizeof(*p));
    bool any = false, found = false;
    int64_t credit = 0;
    int code = p ? auction_plan_read(s, p, &any, err)
                 : ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (!code && !any)
        *o = AUCTION_NO_AUCTION;
    else if (!code && !auction_lot_of(p, lot))
        *o = AUCTION_UNKNOWN_LOT;
    free(p);
    char ticket[64] = "";
    if (!code && !*o)
        code = win_of_lot_ticket(s, lot, won, ticket, &found, err);
    if (!code && !*o && !found)
        *o = AUCTION_NOT_WON;
    if (!code && !*o)
        code = credit_of(s, ticket, won, paid, &credit, err);
    if (!code && !*o && credit > 0 && !refunded)
        *o = AUCTION_PAID;
    if (!code && !*o)
        code = append_of(s, station_id, station, at_ms, "void", won->paddle,
                         ticket, lot, credit, won, reason, err);
    return code;
}

int auction_void_record_at(store *s, const char *station_id,
                           const char *station, const char *lot, bool refunded,
                           const char *reason, int64_t at_ms,
                           enum auction_outcome *outcome,
                           struct auction_win *won, struct auction_win *paid,
                           struct ck_error *err)
{
    *outcome = AUCTION_DONE;
    memset(won, 0, sizeof(*won));
    memset(paid, 0, sizeof(*paid));
    if (reason && strlen(reason) >= AUCTION_REASON_CAP)
        return ck_fail(err, CK_EINVAL,
                       "A void's reason is at most %d bytes; give a shorter "
                       "one.",
                       AUCTION_REASON_CAP - 1);
    int code = store_begin(s, err);
    if (code)
        return code;
    code =
        void_checked(s, station_id, station ? station : AUCTION_COMMAND_STATION,
                     lot, refunded, reason, at_ms, outcome, won, paid, err);
    if (code || *outcome) {
        store_rollback(s);
        return code;
    }
    return store_commit(s, err);
}
