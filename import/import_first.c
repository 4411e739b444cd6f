/* What a first import (an event with no attendee and no secret yet) does
 * unlike the others, for its speed: it drops the secondary indexes of the
 * tables it fills and builds them once at its end, with a cache sized for
 * SQLite's sort (import_first_begin, import_first_indexes), and it holds
 * its ticket secrets back and stores them sorted (struct held).  Which
 * rows it stores, and how, is the engine's (import.c); the held secrets'
 * temporary file is import_spill.c's and their batched INSERT
 * import_secret_put.c's. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/vec.h"
#include "import_priv.h"

/* The page cache of a first import, in KB (see import_first_begin), the
 * largest file whose indexes are built with it, and the cache (so SQLite's
 * sort runs) a larger file's are built with (see import_first_indexes). */
#define FIRST_IMPORT_CACHE_KB 40960
#define FIRST_IMPORT_SORT_CACHE_KB 2048
#define STR_(x) #x
#define STR(x) STR_(x)

/* Secrets a first import holds back before it writes them, sorted, as a
 * run of its temporary file (see import_held_add, import_spill.c).
 * `checkin import` of 1,000,000 pretix positions peaked at 86 MB storing
 * each as it came, and holding runs of 32,768, 65,536 and 131,072 at
 * 87,640, 92,172 and 100,248 KB. */
#define SECRET_RUN 65536

/* ---- the indexes ---- */

/* A first import drops the secondary indexes of the tables it fills and
 * builds them again at its end, in its own transaction (so that a failed
 * or refused import leaves them as they were): SQLite kept them in step
 * with each insert at 3,600 instructions a row more than building them
 * from the finished tables (callgrind, 10,000 rows).  A first import
 * looks nothing up through them: a ticket's secrets and tutorials are read
 * back only for a ticket the file gave twice, which is then refused.
 * The same for the trigram index's two triggers on `attendee` (schema
 * 29): their WHEN reads the index's settings row at every insert, and a
 * first import builds that index itself at its end (store_gram_build). */
static int drop_indexes(store *s, struct ck_buf *indexes, struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = store_prepare(
        s,
        "SELECT name, sql, type FROM main.sqlite_schema WHERE sql IS NOT "
        "NULL AND ((type = 'index' AND tbl_name IN ('attendee', "
        "'ticket_secret', 'attendee_tutorial')) OR (type = 'trigger' AND "
        "tbl_name = 'attendee' AND name LIKE 'attendee\\_gram\\_%' ESCAPE "
        "'\\')) ORDER BY rowid",
        NULL, &st, N_("starting the import"), err);
    if (code)
        return code;
    GPtrArray *names = g_ptr_array_new_with_free_func(sqlite3_free);
    bool room = true;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        bool trigger =
            !strcmp((const char *)sqlite3_column_text(st, 2), "trigger");
        g_ptr_array_add(
            names, sqlite3_mprintf("DROP %s main.\"%w\"",
                                   trigger ? "TRIGGER" : "INDEX",
                                   (const char *)sqlite3_column_text(st, 0)));
        const char *sql = (const char *)sqlite3_column_text(st, 1);
        size_t len = strlen(sql) + 1;
        char *at = ck_buf_room(indexes, len);
        if (at) {
            memcpy(at, sql, len);
            indexes->len += len;
        }
        room = room && at;
    }
    sqlite3_finalize(st);
    code = rc == SQLITE_DONE
               ? CK_OK
               : store_sqlite_fail(s, rc, N_("starting the import"), err);
    if (!code && !room)
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    for (guint i = 0; i < names->len && !code; i++)
        code = names->pdata[i] ? store_exec(s, names->pdata[i], err)
                               : ck_fail(err, CK_ENOMEM, "Out of memory.");
    g_ptr_array_free(names, TRUE);
    return code;
}

int import_first_begin(store *s, struct ck_buf *indexes, struct ck_error *err)
{
    /* Without its secondary indexes a first import keeps fewer pages
     * in use; the seen tickets take what the cache gives up (struct
     * seen). */
    int code = drop_indexes(s, indexes, err);
    if (!code)
        code = store_exec(s, "PRAGMA cache_size = -" STR(FIRST_IMPORT_CACHE_KB),
                          err);
    return code;
}

int import_first_indexes(store *s, const struct ck_buf *indexes,
                         struct ck_error *err)
{
    /* SQLite sorts each index's keys in memory up to the page cache's
     * size, beside the cache itself: 60 MB of cache made the build of
     * 1,000,000 rows' indexes peak at 144 MB.  A smaller cache makes the
     * sorter merge runs from its temporary file instead, and runs of
     * 2 MB sort in the processor's caches where 16 MB missed them at
     * every step (at 1,000,000: ticket_secret_attendee 1.0-1.3 s to
     * 0.6 s, store_gram_build's sort 1.1 to 0.8-0.9 s).  A file the
     * first import's cache holds whole keeps that cache, and its keys
     * are fewer bytes than its pages: shrunk, the cache spilled the
     * transaction's pages to the WAL and read them back for each index,
     * 100,000 rows (a 36 MB file) taking 38,120 reads and 31,500 writes
     * instead of 9,360 and 28,558 (strace -c). */
    sqlite3_stmt *st;
    int64_t bytes = 0;
    int code = store_prepare(
        s,
        "SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT "
        "page_size FROM pragma_page_size())",
        NULL, &st, N_("building the indexes"), err);
    if (!code)
        code = store_step_int64(s, st, false, &bytes, NULL,
                                N_("building the indexes"), err);
    if (code)
        return code;
    const char *sort = "PRAGMA cache_size = -" STR(FIRST_IMPORT_SORT_CACHE_KB);
    code = bytes <= (int64_t)FIRST_IMPORT_CACHE_KB * 1024
               ? CK_OK
               : store_exec(s, sort, err);
    for (size_t at = 0; at < indexes->len && !code;
         at += strlen(indexes->p + at) + 1)
        code = store_exec(s, indexes->p + at, err);
    return code;
}

/* ---- the held secrets ---- */

/* A first import stores a ticket's secrets in key order, not as each
 * row comes: ticket_secret is a B-tree keyed by the secret, and the
 * registration system's random codes sent each insert to a page of its
 * own, across 48 MB at 1,000,000 secrets.  Storing no secret at all took
 * a pretix import of 1,000,000 positions from 13.35 and 12.01 s of CPU
 * to 8.80 and 7.68 s (load 4-5, alternated).  The secrets are held back
 * SECRET_RUN at a time, each run sorted and written to the import's
 * temporary file (import_spill.c), and all the runs are merged into
 * ticket_secret once, at the end; stored run by run, each run touched
 * most of the table's leaves.  A statement that reads ticket_secret
 * stores them all first (importer_flush_secrets); a secret held is found
 * in hd->at, one written in its run. */
static int by_secret(const void *a, const void *b)
{
    const struct held_secret *x = a, *y = b;
    if (x->head != y->head)
        return x->head < y->head ? -1 : 1;
    int c = strcmp(x->s, y->s);
    if (c)
        return c;
    /* Never for secrets, which are unique; search keys may repeat
     * (import_keys.c), and sort as SQLite's ORDER BY search_key, id. */
    return (x->id > y->id) - (x->id < y->id);
}

/* The first 8 bytes of `s` (of length `len`), zeros after its end, as a
 * big-endian number: two secrets whose heads differ sort as their heads
 * do, so that sorting a run of random codes seldom reads their texts
 * (qsort's strcmp was 1.6% of a 1,000,000-row CSV import's CPU in perf,
 * and is 0.2% with the heads). */
static uint64_t secret_head(const char *s, size_t len)
{
    uint64_t h = 0;
    for (size_t i = 0; i < 8; i++)
        h = h << 8 | (i < len ? (unsigned char)s[i] : 0);
    return h;
}

/* The digit of `head` that pass `d` of the radix sort sorts by. */
static inline unsigned digit(uint64_t head, int d)
{
    return (unsigned)(head >> (8 * d)) & 0xff;
}

/* A least-significant-digit radix sort of the heads, a byte a pass, each
 * pass stable; a pass whose byte every head shares is left out (a run of
 * codes with a common prefix).  Then each group of equal heads, few or
 * none in random codes, sorted by its texts; `n` below 2^32.  qsort (by
 * the heads, then strcmp) was 1.7% of a 1,000,000-row CSV import's CPU
 * samples in perf, this sort is 0.3%; callgrind at 140,000 rows, 107 M
 * instructions to 34 M (docs/performance-history.md). */
void import_held_sort(struct held_secret *h, size_t n,
                      struct held_secret *scratch)
{
    if (n < 2)
        return;
    uint32_t count[8][256] = {{0}};
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < 8; d++)
            count[d][digit(h[i].head, d)]++;
    struct held_secret *from = h, *to = scratch;
    for (int d = 0; d < 8; d++) {
        uint32_t *c = count[d];
        if (c[digit(from[0].head, d)] == n)
            continue;
        uint32_t sum = 0;
        for (int b = 0; b < 256; b++) {
            uint32_t k = c[b];
            c[b] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            to[c[digit(from[i].head, d)]++] = from[i];
        struct held_secret *t = from;
        from = to;
        to = t;
    }
    if (from != h)
        memcpy(h, from, n * sizeof(*h));
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && h[j].head == h[i].head;)
            j++;
        if (j - i > 1)
            qsort(h + i, j - i, sizeof(*h), by_secret);
    }
}

/* The held secrets sorted, their texts in place. */
static int sort_held(struct held *hd, struct ck_error *err)
{
    if (!CK_VEC_RESERVE(hd->scratch, hd->n, hd->scratch_cap))
        return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    for (size_t i = 0; i < hd->n; i++)
        hd->h[i].s = hd->text.p + hd->h[i].off;
    import_held_sort(hd->h, hd->n, hd->scratch);
    return CK_OK;
}

/* The held secrets forgotten; their set's memory kept for the next run
 * when `again`. */
static void forget_held(struct held *hd, bool again)
{
    hd->n = 0;
    hd->text.len = 0;
    if (again)
        import_seen_clear(&hd->at);
    else
        import_seen_free(&hd->at);
}

int import_held_add(struct held *hd, const char *secret, int64_t id,
                    bool revoked, struct ck_error *err)
{
    size_t len = strlen(secret);
    size_t off = hd->text.len;
    char *at = ck_buf_room(&hd->text, len + 1);
    if (!at || !CK_VEC_ROOM(hd->h, hd->n, 1, hd->cap) ||
        !import_seen_add(&hd->at, secret, (long)hd->n))
        return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    memcpy(at, secret, len + 1);
    hd->text.len += len + 1;
    hd->h[hd->n++] = (struct held_secret){.head = secret_head(secret, len),
                                          .off = (uint32_t)off,
                                          .id = id,
                                          .revoked = revoked};
    if (hd->n < SECRET_RUN)
        return CK_OK;
    int code = sort_held(hd, err);
    if (!code)
        code = import_spill_run(&hd->spill, hd->h, hd->n, err);
    forget_held(hd, true);
    return code;
}

int import_held_store(struct held *hd, store *s, sqlite3_stmt *one,
                      struct ck_error *err)
{
    if (!hd->n && !hd->spill)
        return CK_OK;
    struct secret_batch *b = NULL;
    int code = sort_held(hd, err);
    if (!code)
        code = import_secret_batch_new(s, one, &b, err);
    if (!code)
        code = import_spill_merge(hd->spill, hd->h, hd->n,
                                  import_secret_batch_put, b, err);
    if (!code)
        code = import_secret_batch_flush(b, err);
    import_secret_batch_free(b);
    forget_held(hd, false);
    import_spill_free(hd->spill);
    hd->spill = NULL;
    return code;
}

/* Every secret held went to the sieve first, whose word is read anyway:
 * the held set's look-up (2.4 MB at random, 2.6% of the CPU at 300,000
 * rows) only where it says maybe. */
bool import_held_owner(const struct held *hd, const struct sieve *sv,
                       const struct sieve_at *at, const char *secret,
                       int64_t *owner)
{
    long i;
    if (at ? !import_sieve_maybe_at(sv, at) : !import_sieve_maybe(sv, secret))
        return false;
    if (import_seen_find(&hd->at, secret, &i)) {
        *owner = hd->h[i].id;
        return true;
    }
    return hd->spill && import_spill_find(hd->spill, secret, owner);
}

void import_held_free(struct held *hd)
{
    free(hd->h);
    free(hd->scratch);
    ck_buf_free(&hd->text);
    import_seen_free(&hd->at);
    import_spill_free(hd->spill);
    memset(hd, 0, sizeof(*hd));
}
