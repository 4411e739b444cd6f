/* The trigram index of the search keys (local schema 29): built by an
 * import from the keys it has in hand, read by the search for the blocks
 * of ids whose keys may hold every word (store_gram.h, gram.h).
 *
 * A piece is 3 bytes of a folded key (one CJK character is one piece);
 * pieces holding a space are left out, since a query word has none.  A
 * bucket's blocks are kept as a bitmap or a sorted list of block numbers
 * (4 bytes each, little-endian), whichever is smaller, behind a byte
 * saying which ('b' or 'l').  The build keeps lists until a bitmap is
 * smaller, so its memory follows the blocks each bucket is in, and gives
 * up (the search then reads every key) past GRAM_BUILD_MAX bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/store_gram.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"
#include "gram.h"

/* The most the build may hold: the import keeps to 100 MB at 1,000,000
 * registrations (bench/import_bench.c) with this beside its own. */
#define GRAM_BUILD_MAX (24u << 20)

/* What a search may read beside the index before a writer builds it
 * again: ids added above it count 1 (a range of rows, read in order),
 * ids changed since it was made GRAM_DIRTY_WEIGHT (each a row looked up
 * on a page of its own: 40-55 us at 1,000,000 against about 0.1 us an
 * id in a range); at the bound, 128 changed ids or 2,048 added, a
 * one-match search at 1,000,000 pays about 7 ms more (docs/store.md). */
#define GRAM_FOLD_AT 2048
#define GRAM_DIRTY_WEIGHT 16

uint32_t store_gram_hash(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    uint32_t v = (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16;
    return (v * 2654435761u) >> 16;
}

struct bucket {
    uint32_t *list; /* block numbers, while no bitmap */
    size_t n, cap;
    uint8_t *bits; /* or a bitmap of `nbits` bytes */
    size_t nbits;
    uint32_t last; /* the last block added, plus one */
};

struct store_gram {
    struct bucket *b;
    int64_t top;     /* the highest id added */
    int64_t added;   /* how many ids: the next rank */
    uint32_t *order; /* the ids added, by rank (in search-key order) */
    size_t order_cap;
    size_t bytes; /* what the lists and bitmaps hold */
    bool over;    /* past GRAM_BUILD_MAX: no index */
    /* The buckets of the block being added (`block`, when `open`), one
     * bit each: the keys of a block are hashed into this 8 KB set and
     * its buckets then visited once each, in order, rather than the 3 MB
     * of buckets touched at random for every piece (about 2 s of CPU at
     * 1,000,000 registrations). */
    uint64_t pending[STORE_GRAM_BUCKETS / 64];
    uint32_t block;
    bool open;
};

struct store_gram *store_gram_new(void)
{
    struct store_gram *g = calloc(1, sizeof(*g));
    if (g && !(g->b = calloc(STORE_GRAM_BUCKETS, sizeof(*g->b)))) {
        free(g);
        g = NULL;
    }
    return g;
}

void store_gram_free(struct store_gram *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < STORE_GRAM_BUCKETS; i++) {
        free(g->b[i].list);
        free(g->b[i].bits);
    }
    free(g->order);
    free(g->b);
    free(g);
}

/* Room in b's bitmap for `block`. */
static bool bits_room(struct store_gram *g, struct bucket *b, uint32_t block)
{
    size_t need = (size_t)(block >> 3) + 1, had = b->nbits;
    if (need <= had)
        return true;
    if (!CK_VEC_RESERVE(b->bits, had * 2 > need ? had * 2 : need, b->nbits))
        return false;
    memset(b->bits + had, 0, b->nbits - had);
    g->bytes += b->nbits - had;
    return true;
}

/* b's list turned into a bitmap, now smaller. */
static bool to_bits(struct store_gram *g, struct bucket *b, uint32_t block)
{
    if (!bits_room(g, b, block))
        return false;
    for (size_t i = 0; i < b->n; i++)
        b->bits[b->list[i] >> 3] |= (uint8_t)(1u << (b->list[i] & 7));
    g->bytes -= b->cap * sizeof(*b->list);
    free(b->list);
    b->list = NULL;
    b->n = b->cap = 0;
    return true;
}

static bool bucket_add(struct store_gram *g, struct bucket *b, uint32_t block)
{
    if (b->last == block + 1)
        return true;
    b->last = block + 1;
    if (!b->bits && b->n * sizeof(*b->list) > (size_t)(block >> 3) + 16 &&
        !to_bits(g, b, block))
        return false;
    if (b->bits) {
        if (!bits_room(g, b, block))
            return false;
        b->bits[block >> 3] |= (uint8_t)(1u << (block & 7));
        return true;
    }
    size_t had = b->cap;
    if (!CK_VEC_ROOM(b->list, b->n, 1, b->cap))
        return false;
    g->bytes += (b->cap - had) * sizeof(*b->list);
    b->list[b->n++] = block;
    return true;
}

/* The pending block's buckets added to their lists or bitmaps. */
static bool flush_block(struct store_gram *g)
{
    if (!g->open)
        return true;
    g->open = false;
    for (size_t w = 0; w < STORE_GRAM_BUCKETS / 64; w++)
        for (uint64_t m = g->pending[w]; m; m &= m - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(m);
            if (!bucket_add(g, &g->b[i], g->block))
                return false;
        }
    memset(g->pending, 0, sizeof(g->pending));
    if (g->bytes > GRAM_BUILD_MAX)
        g->over = true;
    return true;
}

bool store_gram_add(struct store_gram *g, int64_t id, const char *key,
                    size_t len)
{
    if (g->over)
        return true;
    if (id < 0 || id > UINT32_MAX ||
        g->added / STORE_GRAM_BLOCK >= UINT32_MAX - 1) {
        g->over = true;
        return true;
    }
    uint32_t block = (uint32_t)(g->added / STORE_GRAM_BLOCK);
    if (g->open && block != g->block && !flush_block(g))
        return false;
    size_t had = g->order_cap;
    if (!CK_VEC_ROOM(g->order, (size_t)g->added, 1, g->order_cap))
        return false;
    g->bytes += (g->order_cap - had) * sizeof(*g->order);
    g->open = true;
    g->block = block;
    if (id > g->top)
        g->top = id;
    g->order[g->added++] = (uint32_t)id;
    for (size_t i = 0; i + 3 <= len; i++) {
        if (key[i] == ' ' || key[i + 1] == ' ' || key[i + 2] == ' ')
            continue;
        uint32_t h = store_gram_hash(key + i);
        g->pending[h / 64] |= (uint64_t)1 << (h % 64);
    }
    return true;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* Bucket `b` as its row's BLOB in `out` (room for the larger form);
 * its length. */
static size_t encode(struct bucket *b, uint8_t *out, size_t nbytes)
{
    if (!b->bits) {
        qsort(b->list, b->n, sizeof(*b->list), cmp_u32);
        size_t n = 0;
        for (size_t i = 0; i < b->n; i++)
            if (!n || b->list[n - 1] != b->list[i])
                b->list[n++] = b->list[i];
        b->n = n;
        if (n * 4 < nbytes) {
            out[0] = 'l';
            for (size_t i = 0; i < n; i++)
                for (int k = 0; k < 4; k++)
                    out[1 + 4 * i + (size_t)k] =
                        (uint8_t)(b->list[i] >> (8 * k));
            return 1 + 4 * n;
        }
        memset(out + 1, 0, nbytes);
        for (size_t i = 0; i < n; i++)
            out[1 + (b->list[i] >> 3)] |= (uint8_t)(1u << (b->list[i] & 7));
    } else {
        memset(out + 1, 0, nbytes);
        memcpy(out + 1, b->bits, b->nbits < nbytes ? b->nbits : nbytes);
    }
    out[0] = 'b';
    return 1 + nbytes;
}

/* Whether the registrations up to g->top are the ids added, each once.
 * The count reads an index of `attendee` (its ids are in every one), not
 * the table: `+id` keeps SQLite from walking the table's rowid range,
 * 65,000 pages at 1,000,000 registrations against 4,000 of an index
 * (0.07 s of CPU against 0.02 s, sqlite3 shell, 2 MB cache). */
static int covers_all(store *s, const struct store_gram *g, bool *all,
                      struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, "SELECT count(*) FROM attendee WHERE +id <= ?1",
                             NULL, &q, N_("importing registrations"), err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, g->top);
    int64_t n = -1;
    code = store_step_int64(s, q, false, &n, NULL,
                            N_("importing registrations"), err);
    *all = !code && n == g->added;
    return code;
}

int store_gram_drop(store *s, struct ck_error *err)
{
    if (!store_row_exists(s, "SELECT 1 FROM sqlite_master WHERE name = "
                             "'attendee_gram_setting'"))
        return CK_OK;
    return store_exec(s,
                      "DELETE FROM attendee_gram_setting;"
                      "DELETE FROM attendee_gram;"
                      "DELETE FROM attendee_gram_dirty;",
                      err);
}

static int write_rows(store *s, const struct store_gram *g,
                      struct ck_error *err)
{
    size_t nbytes = (size_t)((g->added - 1) / STORE_GRAM_BLOCK) / 8 + 1;
    uint8_t *blob = malloc(1 + 4 * nbytes + 4);
    sqlite3_stmt *q;
    int code = blob
                   ? store_prepare(s,
                                   "INSERT INTO attendee_gram (bucket, "
                                   "blocks) VALUES (?1, ?2)",
                                   NULL, &q, N_("importing registrations"), err)
                   : ck_fail(err, CK_ENOMEM, "Out of memory.");
    for (size_t i = 0; !code && i < STORE_GRAM_BUCKETS; i++) {
        struct bucket *b = &g->b[i];
        if (!b->n && !b->bits)
            continue;
        size_t len = encode(b, blob, nbytes);
        sqlite3_bind_int64(q, 1, (sqlite3_int64)i);
        sqlite3_bind_blob(q, 2, blob, (int)len, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            code = store_sqlite_fail(s, rc, N_("importing registrations"), err);
    }
    if (blob)
        sqlite3_finalize(q);
    free(blob);
    return code;
}

/* The ids of each block of ranks, in order: the row of bucket -1 - the
 * block's number, 4 bytes an id, little-endian. */
static int write_order(store *s, const struct store_gram *g,
                       struct ck_error *err)
{
    uint8_t blob[4 * STORE_GRAM_BLOCK];
    sqlite3_stmt *q = NULL;
    int code = store_prepare(s,
                             "INSERT INTO attendee_gram (bucket, blocks) "
                             "VALUES (?1, ?2)",
                             NULL, &q, N_("importing registrations"), err);
    for (int64_t r = 0; !code && r < g->added; r += STORE_GRAM_BLOCK) {
        size_t n = 0;
        for (int64_t k = r; k < g->added && k < r + STORE_GRAM_BLOCK; k++)
            for (int b = 0; b < 4; b++)
                blob[n++] = (uint8_t)(g->order[k] >> (8 * b));
        sqlite3_bind_int64(q, 1, -1 - r / STORE_GRAM_BLOCK);
        sqlite3_bind_blob(q, 2, blob, (int)n, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            code = store_sqlite_fail(s, rc, N_("importing registrations"), err);
    }
    if (q)
        sqlite3_finalize(q);
    return code;
}

/* store_gram_write; `read_whole`: g was read from the file's keys in one
 * transaction, so it covers every id up to its top (covers_all's 30 ms
 * at 1,000,000 registrations spared a fold's write lock). */
static int write_built(store *s, struct store_gram *g, bool read_whole,
                       struct ck_error *err)
{
    if (!flush_block(g))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    int code = store_gram_drop(s, err);
    bool all = read_whole;
    if (!code && !g->over && g->added && !read_whole)
        code = covers_all(s, g, &all, err);
    /* Too large to hold: a setting row no search trusts (covered -1) and
     * no trigger fires for, so that store_gram_keep does not read every
     * key again at each pull. */
    if (!code && g->over)
        return store_exec(s,
                          "INSERT INTO attendee_gram_setting (id, buckets, "
                          "block, hash, covered) VALUES (1, 0, 0, 0, -1)",
                          err);
    if (code || !all)
        return code;
    code = write_rows(s, g, err);
    if (!code)
        code = write_order(s, g, err);
    if (code)
        return code;
    sqlite3_stmt *q;
    code = store_prepare(s,
                         "INSERT INTO attendee_gram_setting (id, buckets, "
                         "block, hash, covered) VALUES (1, ?1, ?2, ?3, ?4)",
                         NULL, &q, N_("importing registrations"), err);
    if (code)
        return code;
    sqlite3_bind_int(q, 1, STORE_GRAM_BUCKETS);
    sqlite3_bind_int(q, 2, STORE_GRAM_BLOCK);
    sqlite3_bind_int(q, 3, STORE_GRAM_HASH);
    sqlite3_bind_int64(q, 4, g->top);
    return store_step_done(s, q, N_("importing registrations"), err);
}

int store_gram_write(store *s, struct store_gram *g, struct ck_error *err)
{
    return write_built(s, g, false, err);
}

/* SQLite's sort holds up to the page cache's size beside the cache: a
 * later import's 60 MB cache made a build at 1,000,000 registrations
 * peak at 142 MB.  The cache is held to GRAM_SORT_CACHE while it sorts
 * (the sort then merges runs from its temporary file) and set back. */
#define GRAM_SORT_CACHE "-16384"

static int64_t cache_size(store *s)
{
    sqlite3_stmt *q;
    int64_t v = 0;
    if (sqlite3_prepare_v2(store_db(s), "PRAGMA cache_size", -1, &q, NULL) ==
            SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

static int build_sorted(store *s, struct store_gram **keep,
                        struct ck_error *err);

/* build_sorted with the cache held to GRAM_SORT_CACHE while it sorts. */
static int build_small(store *s, struct store_gram **keep, struct ck_error *err)
{
    int64_t had = cache_size(s);
    bool shrink = had < -16384 || had > 16384 / 4;
    int code = shrink
                   ? store_exec(s, "PRAGMA cache_size = " GRAM_SORT_CACHE, err)
                   : CK_OK;
    if (!code)
        code = build_sorted(s, keep, err);
    if (shrink) {
        char again[64];
        snprintf(again, sizeof(again), "PRAGMA cache_size = %lld",
                 (long long)had);
        struct ck_error ignored;
        int back = store_exec(s, again, code ? &ignored : err);
        code = code ? code : back;
    }
    return code;
}

int store_gram_build(store *s, struct ck_error *err)
{
    return build_small(s, NULL, err);
}

/* The index built from the file's keys read back sorted: written to the
 * file, or handed to the caller in *keep when keep is not NULL. */
static int build_sorted(store *s, struct store_gram **keep,
                        struct ck_error *err)
{
    struct store_gram *g = store_gram_new();
    sqlite3_stmt *q = NULL;
    int code = g ? store_prepare(s,
                                 "SELECT id, search_key FROM attendee "
                                 "ORDER BY search_key, id",
                                 NULL, &q, N_("indexing the attendees"), err)
                 : ck_fail(err, CK_ENOMEM, "Out of memory.");
    int rc = SQLITE_DONE;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(q, 1);
        if (!store_gram_add(g, sqlite3_column_int64(q, 0), key ? key : "",
                            (size_t)sqlite3_column_bytes(q, 1)))
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    if (!code && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("indexing the attendees"), err);
    sqlite3_finalize(q);
    if (!code && keep && !flush_block(g))
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (!code && keep) {
        *keep = g;
        return CK_OK;
    }
    if (!code)
        code = store_gram_write(s, g, err);
    store_gram_free(g);
    return code;
}

/* Whether s's index is due a build (store_gram_keep's rule); the covered
 * id of its setting row in *covered_out, INT64_MIN when it has none. */
static int due_a_build(store *s, bool *due, int64_t *covered_out,
                       struct ck_error *err)
{
    *due = false;
    *covered_out = INT64_MIN;
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT (SELECT covered FROM attendee_gram_setting WHERE id = 1),"
        " (SELECT count(*) FROM attendee_gram_dirty),"
        " (SELECT max(id) FROM attendee),"
        " (SELECT buckets = ?1 AND block = ?2 AND hash = ?3"
        "  FROM attendee_gram_setting WHERE id = 1)",
        store_gram_keep_slot(s), &q, N_("indexing the attendees"), err);
    if (code)
        return code;
    sqlite3_bind_int(q, 1, STORE_GRAM_BUCKETS);
    sqlite3_bind_int(q, 2, STORE_GRAM_BLOCK);
    sqlite3_bind_int(q, 3, STORE_GRAM_HASH);
    int rc = sqlite3_step(q);
    int64_t covered = sqlite3_column_int64(q, 0);
    bool has_row = sqlite3_column_type(q, 0) != SQLITE_NULL;
    /* No index, or another build's (an older one's blocks of ids; its
     * "too large" row, covered -1, kept) */
    bool none = !has_row || (covered >= 0 && sqlite3_column_int64(q, 3) == 0);
    int64_t dirty = sqlite3_column_int64(q, 1);
    bool empty = sqlite3_column_type(q, 2) == SQLITE_NULL;
    int64_t top = sqlite3_column_int64(q, 2);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("indexing the attendees"), err);
    if (has_row)
        *covered_out = covered;
    /* Nobody yet, or a file too large to index (covered -1). */
    if (empty || (!none && covered < 0))
        return CK_OK;
    /* Read beside the index by every search: the changed ids and those
     * above the covered id (gaps counted too: a bound). */
    *due = none ||
           dirty * GRAM_DIRTY_WEIGHT + (top > covered ? top - covered : 0) >
               GRAM_FOLD_AT;
    return CK_OK;
}

int store_gram_keep(store *s, bool *built, struct ck_error *err)
{
    if (built)
        *built = false;
    bool due;
    int64_t covered;
    int code = due_a_build(s, &due, &covered, err);
    if (code || !due)
        return code;
    if (built)
        *built = true;
    return store_gram_build(s, err);
}

/* ---- the fold beside the writers ---- */

/* What a build depends on beyond the keys at or below the covered id
 * that no trigger marked: the setting row, the highest id, the dirty
 * ids with their keys, and the ids above the covered one with theirs.
 * A key at or below the covered id that changes makes its id dirty (the
 * triggers), so two equal marks around a build mean that no key it read
 * changed in between.  Each row hashed twice (FNV-1a from two bases, then
 * splitmix64's finalizer) and the hashes summed, so the rows' order does
 * not matter: 128 bits and a count. */
struct gram_mark {
    uint64_t a, b;
    int64_t rows;
};

static uint64_t mix(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

static void fnv2(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *u = p;
    for (size_t i = 0; i < n; i++) {
        h[0] = (h[0] ^ u[i]) * 0x100000001b3ull;
        h[1] = (h[1] ^ u[i]) * 0x100000001b3ull;
    }
}

static void mark_row(sqlite3_stmt *q, struct gram_mark *m)
{
    uint64_t h[2] = {0xcbf29ce484222325ull, 0x84222325cbf29ce4ull};
    for (int i = 0; i < sqlite3_column_count(q); i++) {
        unsigned char type = (unsigned char)sqlite3_column_type(q, i);
        fnv2(h, &type, 1);
        if (type == SQLITE_INTEGER) {
            int64_t v = sqlite3_column_int64(q, i);
            fnv2(h, &v, sizeof(v));
        } else if (type != SQLITE_NULL) {
            const void *p = sqlite3_column_blob(q, i);
            int64_t len = sqlite3_column_bytes(q, i);
            fnv2(h, &len, sizeof(len));
            fnv2(h, p, (size_t)len);
        }
    }
    m->a += mix(h[0]);
    m->b += mix(h[1]);
    m->rows++;
}

/* s's mark for an index covering `covered` (INT64_MIN: none, every key
 * is read into the mark). */
static int mark(store *s, int64_t covered, struct gram_mark *m,
                struct ck_error *err)
{
    memset(m, 0, sizeof(*m));
    sqlite3_stmt *q;
    /* LEFT JOIN: the dirty ids are the outer loop (search.c's CROSS JOIN
     * says why). */
    int code = store_prepare(
        s,
        "SELECT 0, buckets, block, hash, covered FROM attendee_gram_setting"
        " UNION ALL SELECT 1, max(id), NULL, NULL, NULL FROM attendee"
        " UNION ALL SELECT 2, d.id, a.search_key, NULL, NULL FROM"
        "  attendee_gram_dirty d LEFT JOIN attendee a ON a.id = d.id"
        " UNION ALL SELECT 3, id, search_key, NULL, NULL FROM attendee"
        "  WHERE id > ?1",
        NULL, &q, N_("indexing the attendees"), err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, covered);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        mark_row(q, m);
    if (rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("indexing the attendees"), err);
    sqlite3_finalize(q);
    return code;
}

/* The first half of a fold, in one read transaction (one snapshot): the
 * question, the mark and the build; `during` called before it ends.
 * *unarmed: a build is due but the file has no setting row, so no
 * trigger marks a change (nothing built). */
static int fold_read(store *s, void (*during)(void *), void *arg,
                     struct store_gram **g, int64_t *covered,
                     struct gram_mark *m, bool *unarmed, struct ck_error *err)
{
    bool due = false;
    int code = store_exec(s, "BEGIN DEFERRED", err);
    if (!code)
        code = due_a_build(s, &due, covered, err);
    *unarmed = !code && due && *covered == INT64_MIN;
    due = due && !*unarmed;
    if (!code && due)
        code = mark(s, *covered, m, err);
    if (!code && due)
        code = build_small(s, g, err);
    if (!code && due && during)
        during(arg);
    store_rollback(s);
    return code;
}

/* A setting row no search trusts (form 0) covering the highest id, in a
 * short write transaction of its own, so that the triggers mark what
 * changes during the build: without one the mark would hold every key,
 * read again under the write lock (0.45 s at 1,000,000). */
static int arm(store *s, struct ck_error *err)
{
    int code = store_begin(s, err);
    if (!code && !store_row_exists(s, "SELECT 1 FROM attendee_gram_setting"))
        code = store_exec(s,
                          "INSERT INTO attendee_gram_setting (id, buckets,"
                          " block, hash, covered) SELECT 1, 0, 0, 0, max(id)"
                          " FROM attendee HAVING max(id) IS NOT NULL;"
                          "DELETE FROM attendee_gram_dirty",
                          err);
    if (!code)
        return store_commit(s, err);
    store_rollback(s);
    return code;
}

int store_gram_fold(store *s, void (*during)(void *), void *arg, bool *built,
                    struct ck_error *err)
{
    if (built)
        *built = false;
    /* Inside the caller's transaction its ROLLBACK would be ours: the
     * caller's writer folds (store_gram_keep), not this. */
    if (!sqlite3_get_autocommit(store_db(s)))
        return CK_OK;
    struct store_gram *g = NULL;
    int64_t covered = INT64_MIN;
    struct gram_mark read, now;
    bool unarmed = false;
    int code = fold_read(s, during, arg, &g, &covered, &read, &unarmed, err);
    if (!code && unarmed)
        code = arm(s, err);
    if (!code && unarmed)
        code = fold_read(s, during, arg, &g, &covered, &read, &unarmed, err);
    if (code || !g) {
        store_gram_free(g);
        return code;
    }
    code = store_begin(s, err);
    if (!code)
        code = mark(s, covered, &now, err);
    bool same =
        !code && now.a == read.a && now.b == read.b && now.rows == read.rows;
    if (same)
        code = write_built(s, g, true, err);
    if (!code && same)
        code = store_commit(s, err);
    else
        store_rollback(s);
    if (!code && same && built)
        *built = true;
    store_gram_free(g);
    return code;
}

/* ---- the search's side ---- */

void gram_cand_free(struct gram_cand *c)
{
    free(c->bits);
    memset(c, 0, sizeof(*c));
}

/* The index's covered id when it may be trusted: the setting row is
 * this build's and both triggers are there. */
static bool trusted(store *s, int64_t *covered)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            store_db(s),
            "SELECT buckets, block, hash, covered, (SELECT count(*) FROM "
            "sqlite_master WHERE type = 'trigger' AND tbl_name = 'attendee' "
            "AND name IN ('attendee_gram_update', 'attendee_gram_insert')) "
            "FROM attendee_gram_setting WHERE id = 1",
            -1, &q, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return false;
    }
    bool ok = sqlite3_step(q) == SQLITE_ROW &&
              sqlite3_column_int64(q, 0) == STORE_GRAM_BUCKETS &&
              sqlite3_column_int64(q, 1) == STORE_GRAM_BLOCK &&
              sqlite3_column_int64(q, 2) == STORE_GRAM_HASH &&
              sqlite3_column_int64(q, 3) >= 0 &&
              sqlite3_column_int64(q, 4) == 2;
    if (ok)
        *covered = sqlite3_column_int64(q, 3);
    sqlite3_finalize(q);
    return ok;
}

/* The distinct buckets of the words' pieces into `out` (room for all). */
static size_t word_buckets(const char *const *words, size_t nwords,
                           uint32_t *out)
{
    size_t n = 0;
    for (size_t w = 0; w < nwords; w++)
        for (size_t i = 0; words[w][i] && words[w][i + 1] && words[w][i + 2];
             i++) {
            uint32_t h = store_gram_hash(words[w] + i);
            size_t k = 0;
            while (k < n && out[k] != h)
                k++;
            if (k == n)
                out[n++] = h;
        }
    return n;
}

/* AND the row's blocks (`blob`, `len` bytes) into c->bits. */
static void and_blocks(struct gram_cand *c, const uint8_t *blob, size_t len,
                       uint8_t *tmp)
{
    if (len && blob[0] == 'l') {
        memset(tmp, 0, c->nbytes);
        for (size_t i = 1; i + 4 <= len; i += 4) {
            uint32_t v = (uint32_t)blob[i] | (uint32_t)blob[i + 1] << 8 |
                         (uint32_t)blob[i + 2] << 16 |
                         (uint32_t)blob[i + 3] << 24;
            if (v / 8 < c->nbytes)
                tmp[v / 8] |= (uint8_t)(1u << (v & 7));
        }
        blob = tmp;
        len = c->nbytes;
    } else if (len && blob[0] == 'b') {
        blob++;
        len--;
    } else {
        len = 0;
    }
    for (size_t i = 0; i < c->nbytes; i++)
        c->bits[i] &= i < len ? blob[i] : 0;
}

static int read_buckets(store *s, const uint32_t *hs, size_t n,
                        struct gram_cand *c, struct ck_error *err)
{
    uint8_t *tmp = malloc(c->nbytes);
    sqlite3_stmt *q = NULL;
    int code = tmp ? store_prepare(s,
                                   "SELECT blocks FROM attendee_gram "
                                   "WHERE bucket = ?1",
                                   NULL, &q, N_("looking up attendees"), err)
                   : ck_fail(err, CK_ENOMEM, "Out of memory.");
    for (size_t i = 0; !code && i < n; i++) {
        sqlite3_bind_int64(q, 1, hs[i]);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW)
            and_blocks(c, sqlite3_column_blob(q, 0),
                       (size_t)sqlite3_column_bytes(q, 0), tmp);
        else if (rc == SQLITE_DONE)
            memset(c->bits, 0, c->nbytes);
        else
            code = store_sqlite_fail(s, rc, N_("looking up attendees"), err);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    free(tmp);
    return code;
}

int gram_candidates(store *s, const char *const *words, size_t nwords,
                    struct gram_cand *c, struct ck_error *err)
{
    memset(c, 0, sizeof(*c));
    uint32_t hs[1024];
    size_t total = 0;
    for (size_t w = 0; w < nwords; w++)
        total += strlen(words[w]);
    if (total > sizeof(hs) / sizeof(hs[0]))
        return CK_OK;
    size_t n = word_buckets(words, nwords, hs);
    int64_t covered = 0;
    if (!n || !trusted(s, &covered))
        return CK_OK;
    c->covered = covered;
    c->nbytes = (size_t)(covered / STORE_GRAM_BLOCK) / 8 + 1;
    c->bits = malloc(c->nbytes);
    if (!c->bits)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    memset(c->bits, 0xff, c->nbytes);
    int code = read_buckets(s, hs, n, c, err);
    if (code)
        gram_cand_free(c);
    return code;
}
