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

struct search_args {
    const char *words[MAX_QUERY_WORDS];
    size_t nwords;
    size_t limit;
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

/* Offer the rows of `st` (key, id) to `t`, counting them into *total;
 * with `c`, rows in its candidate blocks or above its covered id are
 * left out (read already).  SQLITE_DONE, SQLITE_ROW when out of memory,
 * or SQLite's error. */
static int offer_rows(sqlite3_stmt *st, struct top *t, size_t *total,
                      const struct gram_cand *c)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 1);
        if (c && (id > c->covered || gram_block_set(c, id)))
            continue;
        const char *key = (const char *)sqlite3_column_text(st, 0);
        size_t len = (size_t)sqlite3_column_bytes(st, 0);
        if (!top_offer(t, key ? key : "", key ? len : 0, id))
            break;
        (*total)++;
    }
    return rc;
}

/* The keys of the candidate blocks of `c`, those above its covered id,
 * and those changed since it was made (attendee_gram_dirty): a superset
 * of the matches, each read once. */
static int scan_candidates(store *s, const char *where,
                           const struct search_args *a,
                           const struct gram_cand *c, struct top *t,
                           size_t *total)
{
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "SELECT a.search_key, a.id, ?%zu FROM attendee a %s AND a.id "
             "BETWEEN ?%zu AND ?%zu",
             a->nwords + 1, where, a->nwords + 2, a->nwords + 3);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    bind_search(st, a);
    int lo = (int)a->nwords + 2;
    int64_t blocks = c->covered / STORE_GRAM_BLOCK + 1;
    rc = SQLITE_DONE;
    for (int64_t b = 0; b < blocks && rc == SQLITE_DONE;) {
        if (!gram_block_set(c, b * STORE_GRAM_BLOCK)) {
            b++;
            continue;
        }
        int64_t e = b + 1;
        while (e < blocks && gram_block_set(c, e * STORE_GRAM_BLOCK))
            e++;
        sqlite3_bind_int64(st, lo, b * STORE_GRAM_BLOCK);
        int64_t hi = e * STORE_GRAM_BLOCK - 1;
        sqlite3_bind_int64(st, lo + 1, hi < c->covered ? hi : c->covered);
        rc = offer_rows(st, t, total, NULL);
        sqlite3_reset(st);
        b = e;
    }
    if (rc == SQLITE_DONE) {
        sqlite3_bind_int64(st, lo, c->covered + 1);
        sqlite3_bind_int64(st, lo + 1, INT64_MAX);
        rc = offer_rows(st, t, total, NULL);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return rc;
    /* CROSS JOIN: the dirty ids first, whatever the planner guesses
     * (it read every key of `attendee` the other way round). */
    snprintf(sql, sizeof(sql),
             "SELECT a.search_key, a.id, ?%zu FROM attendee_gram_dirty d CROSS "
             "JOIN attendee a ON a.id = d.id %s",
             a->nwords + 1, where);
    if ((rc = sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL)) != SQLITE_OK)
        return rc;
    bind_search(st, a);
    rc = offer_rows(st, t, total, c);
    sqlite3_finalize(st);
    return rc;
}

/* Read the keys matching `where` once: every match counted into *total,
 * the first t->limit kept in `t`.  With a trigram index to trust, only
 * the keys it cannot rule out are read. */
static int scan_keys(store *s, const char *where, const struct search_args *a,
                     struct top *t, size_t *total, struct ck_error *err)
{
    struct gram_cand c;
    int code = gram_candidates(s, a->words, a->nwords, &c, err);
    if (code)
        return code;
    int rc;
    if (c.bits) {
        rc = scan_candidates(s, where, a, &c, t, total);
        gram_cand_free(&c);
    } else {
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
        rc = offer_rows(st, t, total, NULL);
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
    /* The keys and the rows read in one transaction: the same matches. */
    int code = store_exec(s, "SAVEPOINT attendee_search", err);
    if (!code) {
        code = scan_keys(s, where, a, &t, &total, err);
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
    if (!code)
        out->total = total > out->n ? total : out->n;
    return code;
}

int store_attendee_search(store *s, const char *query, size_t limit,
                          struct attendee_list *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    char *folded = text_fold(query ? query : "", SIZE_MAX);
    if (!folded)
        return ck_fail(err, CK_EINVAL,
                       "The search text is not valid UTF-8; type it again.");
    /* Split the folded query into words; each must occur somewhere in the
     * attendee's search key.  The SQL has one bound parameter per word. */
    struct search_args a = {.limit = limit};
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
