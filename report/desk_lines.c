/* The registration desks' lines and a better split (see
 * checkin/desk_lines.h): the triage's sends against the desks'
 * check-ins, read in one pass over the sends of the window. */
#include <stdlib.h>
#include <string.h>

#include "checkin/desk_lines.h"
#include "checkin/i18n.h"
#include "checkin/store_sql.h"

/* Each person's latest send within the window, their letter's name and
 * their first desk check-in since (NULL: none), newest send first. */
static const char SENDS[] =
    "WITH last AS (SELECT ticket_id, desk, max(at_ms) AS sent_ms FROM"
    " triage_sent WHERE at_ms >= (SELECT max(at_ms) FROM triage_sent) - ?1"
    " GROUP BY ticket_id)"
    " SELECT l.desk, l.sent_ms, (SELECT min(s.at_ms) FROM live_scan s WHERE"
    " s.attendee_ticket_id = l.ticket_id AND s.mode = 'desk' AND s.decision"
    " = 'admit' AND s.at_ms >= l.sent_ms), coalesce(nullif(a.family_name,"
    " ''), a.badge_name, '') FROM last l LEFT JOIN attendee a ON a.ticket_id"
    " = l.ticket_id ORDER BY 3 DESC";

/* People in line at one desk, by letter. */
struct waiting {
    long by_letter[26];
    int64_t *waits;
    size_t nwaits;
};

static int desk_index(const struct desk_lines *l, const char *desk)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->desks[i].desk, desk))
            return i;
    return -1;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* One send: counted at its desk, in line or its wait kept. */
static void count_send(struct desk_lines *l, struct waiting *w, sqlite3_stmt *q)
{
    int d = desk_index(l, (const char *)sqlite3_column_text(q, 0));
    if (d < 0)
        return; /* a desk [desks] no longer has */
    struct desk_line *dl = &l->desks[d];
    dl->sent++;
    if (sqlite3_column_type(q, 2) == SQLITE_NULL) {
        dl->line++;
        char c = desks_letter((const char *)sqlite3_column_text(q, 3));
        if (c)
            w[d].by_letter[c - 'A']++;
    } else if (w[d].nwaits < DESK_LINES_WAITED) {
        w[d].waits[w[d].nwaits++] =
            sqlite3_column_int64(q, 2) - sqlite3_column_int64(q, 1);
    }
}

static int read_sends(store *s, struct desk_lines *l, struct waiting *w,
                      struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, SENDS, NULL, &q,
                             N_("reading the triage's sends"), err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, DESK_LINES_WINDOW_MS);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        count_send(l, w, q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the triage's sends"), err);
    for (int d = 0; d < l->n; d++) {
        struct desk_line *dl = &l->desks[d];
        dl->waited = (long)w[d].nwaits;
        if (!w[d].nwaits)
            continue;
        qsort(w[d].waits, w[d].nwaits, sizeof(int64_t), cmp_i64);
        size_t m = w[d].nwaits / 2;
        dl->wait_ms = w[d].nwaits % 2 ? w[d].waits[m]
                                      : (w[d].waits[m - 1] + w[d].waits[m]) / 2;
    }
    return CK_OK;
}

/* The letters to move from desk `from` to desk `to`: from the edge of
 * `from`'s letters nearest `to`'s, until about half the lines'
 * difference is moved, keeping at least one letter at `from`. */
static uint32_t letters_to_move(const struct desk *from, const struct desk *to,
                                const long *by_letter, long half)
{
    bool up = to->letter_mask < (from->letter_mask & -from->letter_mask);
    uint32_t moved = 0, left = from->letter_mask;
    long n = 0;
    for (int k = 0; k < 26 && n < half; k++) {
        int i = up ? k : 25 - k;
        uint32_t bit = 1u << i;
        if (!(left & bit))
            continue;
        if ((left & ~bit) == 0)
            break;
        left &= ~bit;
        moved |= bit;
        n += by_letter[i];
    }
    return n > 0 ? moved : 0;
}

/* The longest and the shortest of the letter desks' lines; a split is
 * proposed when the longest is DESK_LINES_PROPOSE_MIN or more and twice
 * the shortest. */
static void propose(struct desk_lines *l, const struct desk_plan *plan,
                    const struct waiting *w)
{
    int hi = -1, lo = -1;
    for (int d = 0; d < l->n; d++) {
        if (!plan->desks[d].letter_mask)
            continue;
        if (hi < 0 || l->desks[d].line > l->desks[hi].line)
            hi = d;
        if (lo < 0 || l->desks[d].line < l->desks[lo].line)
            lo = d;
    }
    if (hi < 0 || hi == lo || l->desks[hi].line < DESK_LINES_PROPOSE_MIN ||
        l->desks[hi].line < 2 * l->desks[lo].line)
        return;
    long half = (l->desks[hi].line - l->desks[lo].line) / 2;
    uint32_t moved = letters_to_move(&plan->desks[hi], &plan->desks[lo],
                                     w[hi].by_letter, half);
    if (!moved)
        return;
    desks_ranges(moved, l->move, sizeof(l->move));
    l->from = hi;
    l->to = lo;
    l->ratio = l->desks[lo].line
                   ? (double)l->desks[hi].line / (double)l->desks[lo].line
                   : 0;
}

/* The letter after which a line's people in `by_letter` are most evenly
 * halved, both halves holding someone; -1 for none (all of one letter,
 * or fewer than two with a letter). */
static int halving_letter(const long *by_letter)
{
    long total = 0, n = 0, best_gap = -1;
    int best = -1;
    for (int i = 0; i < 26; i++)
        total += by_letter[i];
    for (int i = 0; i < 25; i++) {
        n += by_letter[i];
        long gap = labs(2 * n - total);
        if (n > 0 && n < total && (best < 0 || gap < best_gap)) {
            best = i;
            best_gap = gap;
        }
    }
    return best;
}

/* A ticket types' desk's line twice the shortest of the others' (and
 * DESK_LINES_PROPOSE_MIN or more): its people can go to no other desk,
 * so a second desk for its types is proposed, split by letter. */
static void propose_split(struct desk_lines *l, const struct desk_plan *plan,
                          const struct waiting *w)
{
    int hi = -1, lo = -1;
    for (int d = 0; d < l->n; d++)
        if (!plan->desks[d].letter_mask && plan->desks[d].ntypes &&
            (hi < 0 || l->desks[d].line > l->desks[hi].line))
            hi = d;
    for (int d = 0; hi >= 0 && d < l->n; d++)
        if (d != hi && (lo < 0 || l->desks[d].line < l->desks[lo].line))
            lo = d;
    if (hi < 0 || lo < 0 || l->desks[hi].line < DESK_LINES_PROPOSE_MIN ||
        l->desks[hi].line < 2 * l->desks[lo].line)
        return;
    int k = halving_letter(w[hi].by_letter);
    if (k < 0)
        return;
    uint32_t keep = (2u << k) - 1, all = (1u << 26) - 1;
    desks_ranges(keep, l->keep, sizeof(l->keep));
    desks_ranges(all & ~keep, l->move, sizeof(l->move));
    l->from = hi;
    l->to = lo;
    l->split = true;
    l->ratio = l->desks[lo].line
                   ? (double)l->desks[hi].line / (double)l->desks[lo].line
                   : 0;
}

int desk_lines_read(store *s, struct desk_lines *out, bool *found,
                    struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    out->from = out->to = -1;
    struct desk_plan *plan = malloc(sizeof(*plan));
    struct waiting *w = calloc(DESKS_MAX, sizeof(*w));
    int64_t *waits =
        calloc((size_t)DESKS_MAX * DESK_LINES_WAITED, sizeof(int64_t));
    int code = plan && w && waits ? desks_load(s, plan, found, err)
                                  : ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (!code && *found) {
        out->n = plan->n;
        for (int d = 0; d < plan->n; d++) {
            memcpy(out->desks[d].desk, plan->desks[d].name, DESK_NAME_CAP);
            memcpy(out->desks[d].letters, plan->desks[d].letters, 80);
            w[d].waits = waits + (size_t)d * DESK_LINES_WAITED;
        }
        code = read_sends(s, out, w, err);
        if (!code)
            propose(out, plan, w);
        if (!code && out->from < 0)
            propose_split(out, plan, w);
    }
    free(plan);
    free(w);
    free(waits);
    return code;
}
