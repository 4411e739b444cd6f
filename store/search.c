/* The attendee search: every word of the folded query looked for inside
 * each registration's folded search key, the matches in search-key order.
 *
 * A search with a limit ("the first 50, and how many there are") reads
 * the keys once: it counts every match and keeps the first `limit` of
 * them in a heap, then reads those registrations whole.  It used to sort
 * every match's whole row for the first `limit` and then read the keys a
 * second time to count them (docs/performance-history.md, open_bench). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attendee_rows.h"
#include "checkin/buf.h"
#include "checkin/i18n.h"
#include "checkin/store.h"
#include "checkin/store_gram.h"
#include "checkin/store_sql.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "checkin/vec.h"
#include "gram.h"

#define MAX_QUERY_WORDS 8

/* The most ranks of candidate blocks left that are read to make the
 * count exact once the first `limit` are known.  Beyond, a bounded
 * search (store_attendee_search_bounded) reads no more: its count is
 * the matches of the blocks it read, a lower bound.  Each rank is a row
 * on a page of its own at 1,000,000 registrations: counting 512 more
 * cost `attendees` about 15 ms there against 3,000's file. */
#define EXACT_RANKS 512
/* Rows the walk in key order may look up one at a time (each on a page
 * of its own) before reading every key in order is cheaper. */
#define WALK_ROWS 32768

struct search_args {
    const char *words[MAX_QUERY_WORDS];
    size_t nwords;
    size_t limit;
    bool bounded; /* the count may stop at a lower bound */
};

static void bind_search(sqlite3_stmt *st, const void *ctx)
{
    const struct search_args *a = ctx;
    for (size_t i = 0; i < a->nwords; i++)
        sqlite3_bind_text(st, (int)i + 1, a->words[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, (int)a->nwords + 1,
                       a->limit ? (sqlite3_int64)a->limit : -1);
}

/* One match: its key (SQLite's BINARY order: bytes, then length) and id,
 * the query's ORDER BY a.search_key, a.id. */
struct hit {
    char *key;
    size_t len;
    int64_t id;
};

static int hit_cmp(const struct hit *x, const struct hit *y)
{
    int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* The first `limit` matches so far: a heap whose root is the last of
 * them, grown as matches come (a --limit may be far beyond them). */
struct top {
    struct hit *h;
    size_t n, room, limit;
};

static void sift_down(struct top *t, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < t->n && hit_cmp(&t->h[l], &t->h[m]) > 0)
            m = l;
        if (r < t->n && hit_cmp(&t->h[r], &t->h[m]) > 0)
            m = r;
        if (m == i)
            return;
        struct hit tmp = t->h[i];
        t->h[i] = t->h[m];
        t->h[m] = tmp;
        i = m;
    }
}

/* Offer the match (`key`, `len`, `id`) to `t`; false when out of memory. */
static bool top_offer(struct top *t, const char *key, size_t len, int64_t id)
{
    struct hit x = {(char *)key, len, id};
    if (t->n == t->limit && hit_cmp(&x, &t->h[0]) >= 0)
        return true;
    if (t->n < t->limit && !CK_VEC_ROOM(t->h, t->n, 1, t->room))
        return false;
    char *copy = malloc(len + 1);
    if (!copy)
        return false;
    memcpy(copy, key, len);
    x.key = copy;
    if (t->n == t->limit) {
        free(t->h[0].key);
        t->h[0] = x;
        sift_down(t, 0);
        return true;
    }
    size_t i = t->n++;
    t->h[i] = x;
    while (i && hit_cmp(&t->h[(i - 1) / 2], &t->h[i]) < 0) {
        struct hit tmp = t->h[i];
        t->h[i] = t->h[(i - 1) / 2];
        t->h[(i - 1) / 2] = tmp;
        i = (i - 1) / 2;
    }
    return true;
}

static void top_free(struct top *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->h[i].key);
    free(t->h);
}

/* Offer the rows of `st` (key, id) to `t`, counting them into *total.
 * SQLITE_DONE, SQLITE_ROW when out of memory, or SQLite's error. */
static int offer_rows(sqlite3_stmt *st, struct top *t, size_t *total)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 1);
        const char *key = (const char *)sqlite3_column_text(st, 0);
        size_t len = (size_t)sqlite3_column_bytes(st, 0);
        if (!top_offer(t, key ? key : "", key ? len : 0, id))
            break;
        (*total)++;
    }
    return rc;
}

static int cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* A walk of the index's blocks in key order. */
struct walk {
    store *s;
    const struct search_args *a;
    const struct gram_cand *c;
    struct top *t;
    size_t *total;
    int64_t *dirty; /* attendee_gram_dirty, sorted: read beside */
    size_t ndirty, dirty_cap;
    sqlite3_stmt *block, *key;
    size_t found;  /* matches in the blocks read */
    size_t looked; /* rows looked up */
};

/* The matches beside the index: the ids above its covered one (a range
 * read in order) and those changed since it was made, whose ids go to
 * w->dirty.  CROSS JOIN: the dirty ids first, whatever the planner
 * guesses (it read every key of `attendee` the other way round). */
static int scan_beside(struct walk *w, const char *where)
{
    char sql[2048];
    size_t nw = w->a->nwords;
    snprintf(sql, sizeof(sql),
             "SELECT a.search_key, a.id, ?%zu FROM attendee a %s AND a.id > "
             "?%zu UNION ALL SELECT a.search_key, a.id, ?%zu FROM "
             "attendee_gram_dirty d CROSS JOIN attendee a ON a.id = d.id %s",
             nw + 1, where, nw + 2, nw + 1, where);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(store_db(w->s), sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    bind_search(st, w->a);
    sqlite3_bind_int64(st, (int)nw + 2, w->c->covered);
    rc = offer_rows(st, w->t, w->total);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return rc;
    rc = sqlite3_prepare_v2(store_db(w->s),
                            "SELECT id FROM attendee_gram_dirty ORDER BY id",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(w->dirty, w->ndirty, 1, w->dirty_cap))
            break;
        w->dirty[w->ndirty++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Block `b`'s ids into `ids` (room for STORE_GRAM_BLOCK), less those
 * read beside it; SQLITE_DONE or SQLite's error. */
static int block_ids(struct walk *w, int64_t b, int64_t *ids, size_t *n)
{
    size_t k = 0;
    sqlite3_bind_int64(w->block, 1, -1 - b);
    int rc = sqlite3_step(w->block);
    if (rc == SQLITE_ROW)
        k = gram_block_ids(sqlite3_column_blob(w->block, 0),
                           (size_t)sqlite3_column_bytes(w->block, 0), ids);
    sqlite3_reset(w->block);
    *n = 0;
    for (size_t i = 0; i < k; i++)
        if (ids[i] <= w->c->covered &&
            !(w->ndirty &&
              bsearch(&ids[i], w->dirty, w->ndirty, sizeof(*w->dirty), cmp_id)))
            ids[(*n)++] = ids[i];
    return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

/* Block `b`'s rows that match, offered to w->t.  SQLITE_DONE, SQLITE_ROW
 * when out of memory, or SQLite's error. */
static int walk_block(struct walk *w, int64_t b)
{
    int64_t ids[STORE_GRAM_BLOCK];
    size_t n;
    int rc = block_ids(w, b, ids, &n);
    int at = (int)w->a->nwords + 2;
    for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
        w->looked++;
        sqlite3_bind_int64(w->key, at, ids[i]);
        size_t had = *w->total;
        rc = offer_rows(w->key, w->t, w->total);
        w->found += *w->total - had;
        sqlite3_reset(w->key);
    }
    return rc;
}

/* The matches of the candidate blocks from `b` to `stop` counted into
 * w->total (the first `limit` are known): their ids looked up in the
 * file's order, pages near each other read together (half the CPU of
 * the order of the blocks at 1,000,000). */
static int count_blocks(struct walk *w, int64_t b, int64_t stop)
{
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc = SQLITE_DONE;
    for (; b < stop && rc == SQLITE_DONE; b++) {
        if (!gram_block_set(w->c, (uint64_t)b))
            continue;
        size_t k = 0;
        if (!CK_VEC_ROOM(ids, n, STORE_GRAM_BLOCK, cap))
            rc = SQLITE_ROW;
        else
            rc = block_ids(w, b, ids + n, &k);
        n += rc == SQLITE_DONE ? k : 0;
    }
    if (n)
        qsort(ids, n, sizeof(*ids), cmp_id);
    int at = (int)w->a->nwords + 2;
    for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
        sqlite3_bind_int64(w->key, at, ids[i]);
        rc = sqlite3_step(w->key);
        if (rc == SQLITE_ROW)
            (*w->total)++;
        rc = rc == SQLITE_ROW ? SQLITE_DONE : rc;
        sqlite3_reset(w->key);
    }
    free(ids);
    return rc;
}

/* How many candidate blocks from `b` on. */
static size_t blocks_left(const struct gram_cand *c, int64_t b)
{
    size_t n = 0;
    for (uint64_t i = (uint64_t)b; i < c->nbytes * 8; i++)
        n += gram_block_set(c, i);
    return n;
}

/* The candidate blocks of `c` in key order, after the rows beside them:
 * once w->a->limit matches came from blocks, every later block's rows
 * come after them, so the first `limit` are known; the rest are counted
 * by reading the candidates left when they are few, or by reading every
 * key (*count_all), or, for a bounded search, not at all (*at_least:
 * more may match).  *gave_up: the first `limit` were not found within
 * WALK_ROWS lookups. */
static int walk_ranks(struct walk *w, const char *where, bool *count_all,
                      bool *at_least, bool *gave_up)
{
    int rc = scan_beside(w, where);
    int64_t nblocks = (int64_t)w->c->nbytes * 8;
    for (int64_t b = 0; b < nblocks && rc == SQLITE_DONE; b++) {
        if (!gram_block_set(w->c, (uint64_t)b))
            continue;
        if (w->found >= w->a->limit) {
            /* the first `limit` known: the rest counted */
            if (blocks_left(w->c, b) * STORE_GRAM_BLOCK <= EXACT_RANKS)
                return count_blocks(w, b, nblocks); /* the count exact */
            if (w->a->bounded)
                *at_least = true;
            else
                *count_all = true;
            break;
        }
        if (w->looked > WALK_ROWS) {
            *gave_up = true;
            break;
        }
        rc = walk_block(w, b);
    }
    return rc;
}

/* How many match `where`, from every key. */
static int count_all_keys(store *s, const char *where,
                          const struct search_args *a, size_t *total)
{
    char sql[1024];
    snprintf(sql, sizeof(sql), "SELECT count(*), ?%zu FROM attendee a %s",
             a->nwords + 1, where);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    bind_search(st, a);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *total = (size_t)sqlite3_column_int64(st, 0);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return rc;
}

/* The search through the index `c`: *gave_up when the plain scan must
 * answer instead. */
static int scan_candidates(store *s, const char *where,
                           const struct search_args *a,
                           const struct gram_cand *c, struct top *t,
                           size_t *total, bool *at_least, bool *gave_up)
{
    struct walk w = {.s = s, .a = a, .c = c, .t = t, .total = total};
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "SELECT a.search_key, a.id, ?%zu FROM attendee a %s AND a.id = "
             "?%zu",
             a->nwords + 1, where, a->nwords + 2);
    int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &w.key, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(store_db(s),
                                "SELECT blocks FROM attendee_gram "
                                "WHERE bucket = ?1",
                                -1, &w.block, NULL);
    bool count = false;
    if (rc == SQLITE_OK) {
        bind_search(w.key, a);
        rc = walk_ranks(&w, where, &count, at_least, gave_up);
    }
    sqlite3_finalize(w.key);
    sqlite3_finalize(w.block);
    free(w.dirty);
    if (rc == SQLITE_DONE && count && !*gave_up)
        rc = count_all_keys(s, where, a, total);
    return rc;
}

/* Read the keys matching `where` once: every match counted into *total,
 * the first t->limit kept in `t`.  With a trigram index to trust, only
 * the keys it cannot rule out are read. */
static int scan_keys(store *s, const char *where, const struct search_args *a,
                     struct top *t, size_t *total, bool *at_least,
                     struct ck_error *err)
{
    struct gram_cand c;
    int code = gram_candidates(s, a->words, a->nwords, &c, err);
    if (code)
        return code;
    int rc = SQLITE_DONE;
    bool gave_up = !c.bits;
    if (c.bits) {
        rc = scan_candidates(s, where, a, &c, t, total, at_least, &gave_up);
        gram_cand_free(&c);
    }
    if (rc == SQLITE_DONE && gave_up) {
        /* every key, in the order of the file */
        top_free(t);
        *t = (struct top){NULL, 0, 0, a->limit};
        *total = 0;
        *at_least = false;
        char sql[1024];
        snprintf(sql, sizeof(sql),
                 "SELECT a.search_key, a.id, ?%zu FROM attendee a %s",
                 a->nwords + 1, where);
        sqlite3_stmt *st;
        code =
            store_prepare(s, sql, NULL, &st, N_("looking up attendees"), err);
        if (code)
            return code;
        bind_search(st, a);
        rc = offer_rows(st, t, total);
        sqlite3_finalize(st);
    }
    if (rc == SQLITE_ROW)
        return ck_fail(err, CK_ENOMEM, "Out of memory looking up attendees.");
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("looking up attendees"), err);
    return CK_OK;
}

static void bind_ids(sqlite3_stmt *st, const void *ctx)
{
    sqlite3_bind_text(st, 1, ctx, -1, SQLITE_STATIC);
}

/* The registrations `t` keeps, whole, in search-key order. */
static int read_kept(store *s, const struct top *t, struct attendee_list *out,
                     struct ck_error *err)
{
    struct ck_buf ids = {0};
    bool ok = ck_buf_addc(&ids, '[');
    for (size_t i = 0; ok && i < t->n; i++) {
        char one[32];
        snprintf(one, sizeof(one), "%s%lld", i ? "," : "",
                 (long long)t->h[i].id);
        ok = ck_buf_adds(&ids, one);
    }
    ok = ok && ck_buf_addc(&ids, ']');
    int code =
        ok ? store_run_attendees(
                 s,
                 SELECT_ATTENDEES
                 "WHERE a.id IN (SELECT value FROM json_each(?1)) "
                 "ORDER BY a.search_key, a.id",
                 -1, bind_ids, ids.p, out, err)
           : ck_fail(err, CK_ENOMEM, "Out of memory looking up attendees.");
    ck_buf_free(&ids);
    return code;
}

/* The first `limit` matches of `where` and how many match in all, from
 * one reading of the keys. */
static int search_limited(store *s, const char *where,
                          const struct search_args *a,
                          struct attendee_list *out, struct ck_error *err)
{
    struct top t = {NULL, 0, 0, a->limit};
    size_t total = 0;
    bool at_least = false;
    /* The keys and the rows read in one transaction: the same matches. */
    int code = store_exec(s, "SAVEPOINT attendee_search", err);
    if (!code) {
        code = scan_keys(s, where, a, &t, &total, &at_least, err);
        if (!code)
            code = read_kept(s, &t, out, err);
        struct ck_error ignored;
        int done =
            store_exec(s, "RELEASE attendee_search", code ? &ignored : err);
        if (done && !code) {
            attendee_list_free(out);
            code = done;
        }
    }
    top_free(&t);
    if (!code) {
        out->total = total > out->n ? total : out->n;
        out->at_least = at_least;
    }
    return code;
}

static int search(store *s, const char *query, size_t limit, bool bounded,
                  struct attendee_list *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    char *folded = text_fold(query ? query : "", SIZE_MAX);
    if (!folded)
        return ck_fail(err, CK_EINVAL,
                       "The search text is not valid UTF-8; type it again.");
    /* Split the folded query into words; each must occur somewhere in the
     * attendee's search key.  The SQL has one bound parameter per word. */
    struct search_args a = {.limit = limit, .bounded = bounded};
    for (char *p = folded; *p && a.nwords < MAX_QUERY_WORDS;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        a.words[a.nwords++] = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = '\0';
    }
    char where[512], sql[2048];
    int n = snprintf(where, sizeof(where), "WHERE 1");
    for (size_t i = 0; i < a.nwords; i++)
        n += snprintf(where + n, sizeof(where) - (size_t)n,
                      " AND instr(a.search_key, ?%zu) > 0", i + 1);
    int code;
    if (limit) {
        code = search_limited(s, where, &a, out, err);
    } else {
        snprintf(sql, sizeof(sql),
                 SELECT_ATTENDEES "%s ORDER BY a.search_key, a.id LIMIT ?%zu",
                 where, a.nwords + 1);
        code = store_run_attendees(s, sql, -1, bind_search, &a, out, err);
        out->total = out->n;
    }
    free(folded);
    return code;
}

int store_attendee_search(store *s, const char *query, size_t limit,
                          struct attendee_list *out, struct ck_error *err)
{
    return search(s, query, limit, false, out, err);
}

int store_attendee_search_bounded(store *s, const char *query, size_t limit,
                                  struct attendee_list *out,
                                  struct ck_error *err)
{
    return search(s, query, limit, true, out, err);
}
