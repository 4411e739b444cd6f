/* The import engine: validates one registration row, whatever file it came
 * from, and inserts or updates the attendee, their ticket secrets and
 * tutorials.  It owns the file's transaction and the added / updated /
 * cancelled / unchanged / rejected counts.  Parsing formats is not done
 * here (import_csv.c, import_pretix.c), nor mapping pretix items to lists
 * (import_items.c) or keeping a desk's edits (import_fields.c). */
#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkin/text.h"
#include "checkin/util.h"
#include "import_priv.h"

/* Longest name, company or email accepted, in characters.  The longest
 * real names seen on badges are well under 100; 10 KB "names" are abuse. */
#define MAX_FIELD_CHARS 200
#define MAX_SECRET_LEN 128
/* A badge name longer than this many characters is shortened on the badge
 * (the whole name stays in the store, searchable). */
#define BADGE_NAME_CHARS MAX_FIELD_CHARS
/* Beyond this many bytes even the stored name is cut (a 5 KB "name" is
 * kept whole; a megabyte is not a name). */
#define MAX_NAME_BYTES 16384
/* Bits of the filter of what a fresh import has stored (struct sieve):
 * 2 MB, whatever the file's size.  At 1,000,000 registrations, 3
 * bits each in one 64-bit word, about one look-up in 100 of a secret not
 * stored still goes to SQLite. */
#define SIEVE_BITS (1u << 24)
#define SIEVE_HASHES 3

/* Statements importer_statement keeps: import_items.c's six. */
#define IMPORT_KEPT_STATEMENTS 16

enum {
    Q_FIND,
    Q_INSERT,
    Q_UPDATE,
    Q_SECRET_OWNER,
    Q_SECRET_INSERT,
    Q_SECRET_REVOKE_ALL,
    Q_SECRET_SET,
    Q_TUT_CLEAR,
    Q_TUT_ADD,
    Q_STORED,
    Q_STORED_TUTS,
    Q_STORED_SECRETS,
    Q_COUNT
};

static const char *const SQL[Q_COUNT] = {
    [Q_FIND] = "SELECT id, status, fingerprint FROM attendee "
               "WHERE ticket_id = ?1",
    [Q_INSERT] =
        "INSERT INTO attendee (ticket_id, order_code, status, given_name, "
        "family_name, badge_name, pronouns, company, email, ticket_type_id, "
        "sponsor_consent, search_key, fingerprint, imported_ms, updated_ms, "
        "testmode) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "?13, ?14, ?14, ?16)",
    [Q_UPDATE] =
        "UPDATE attendee SET order_code = ?2, status = ?3, given_name = ?4, "
        "family_name = ?5, badge_name = ?6, pronouns = ?7, company = ?8, "
        "email = ?9, ticket_type_id = ?10, sponsor_consent = ?11, "
        "search_key = ?12, fingerprint = ?13, updated_ms = ?14, "
        "testmode = ?16 WHERE id = ?15",
    [Q_SECRET_OWNER] = "SELECT a.ticket_id, s.attendee_id FROM ticket_secret "
                       "s JOIN attendee a ON a.id = s.attendee_id "
                       "WHERE s.secret = ?1",
    [Q_SECRET_INSERT] = "INSERT INTO ticket_secret (secret, attendee_id, "
                        "revoked) VALUES (?1, ?2, ?3)",
    [Q_SECRET_REVOKE_ALL] =
        "UPDATE ticket_secret SET revoked = 1 WHERE attendee_id = ?1",
    [Q_SECRET_SET] = "UPDATE ticket_secret SET revoked = ?2 WHERE secret = ?1",
    [Q_TUT_CLEAR] = "DELETE FROM attendee_tutorial WHERE attendee_id = ?1",
    [Q_TUT_ADD] = "INSERT OR IGNORE INTO attendee_tutorial (attendee_id, "
                  "tutorial_id) VALUES (?1, ?2)",
    [Q_STORED] = "SELECT id, order_code, status, given_name, family_name, "
                 "badge_name, pronouns, company, email, ticket_type_id, "
                 "sponsor_consent, testmode FROM attendee WHERE ticket_id = ?1",
    [Q_STORED_TUTS] = "SELECT tutorial_id FROM attendee_tutorial WHERE "
                      "attendee_id = ?1 ORDER BY tutorial_id",
    [Q_STORED_SECRETS] =
        "SELECT secret, revoked FROM ticket_secret WHERE attendee_id "
        "= ?1 ORDER BY revoked, secret",
};

/* The secrets a fresh import has stored so far, as a Bloom filter: "no"
 * is certain, "maybe" is asked of SQLite.  In an event with no
 * registration yet, a secret the filter has not been given is in no
 * table, so the look-up of its owner (secrets_taken) is left out for it;
 * a ticket not yet in the file (struct seen) is in no table either, so
 * the look-up of what it has stored (fill_absent) is left out too. */
struct sieve {
    uint64_t *bits; /* SIEVE_BITS bits; NULL: not a fresh import */
};

/* FNV-1a of `s`, and a second hash mixed from it. */
static void sieve_hash(const char *s, uint64_t *h1, uint64_t *h2)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    *h1 = h;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    *h2 = h | 1;
}

/* The word of `s` and its bits in it: all in one word, so that a look-up
 * costs one cache miss, not SIEVE_HASHES (the spread-out filter was 6% of
 * a 100,000-row import's CPU in perf, for the misses alone). */
static uint64_t *sieve_word(const struct sieve *sv, const char *s,
                            uint64_t *mask /* out */)
{
    uint64_t h1, h2;
    sieve_hash(s, &h1, &h2);
    *mask = 0;
    for (int i = 0; i < SIEVE_HASHES; i++)
        *mask |= 1ull << ((h2 >> (6 * i)) & 63);
    return &sv->bits[h1 % (SIEVE_BITS / 64)];
}

static void sieve_add(struct sieve *sv, const char *s)
{
    if (!sv->bits)
        return;
    uint64_t mask;
    *sieve_word(sv, s, &mask) |= mask;
}

/* Whether `s` may have been added; always true when there is no filter. */
static bool sieve_maybe(const struct sieve *sv, const char *s)
{
    if (!sv->bits)
        return true;
    uint64_t mask;
    return (*sieve_word(sv, s, &mask) & mask) == mask;
}

/* The tickets of this file so far, each with the line it came on, to
 * refuse a ticket that comes twice: an open-addressing hash set in memory.
 * It was a temporary table in SQLite, an insert (and a B-tree seek) a
 * row: 5,800 instructions of a row's 80,000 (callgrind, 10,000 rows).
 * Entries sit one after another in `text` (the line in 4 bytes, or
 * SEEN_LONG_LINE and 8 more, then the ticket and its NUL); a slot holds
 * an entry's offset + 1, 0 being empty.  At 1,000,000 seven-digit tickets
 * that is 8 MB of slots and 12 MB of text. */
#define SEEN_FIRST_SLOTS 1024u
#define SEEN_LONG_LINE UINT32_MAX

struct seen {
    uint32_t *slot;
    size_t nslots; /* a power of two, at least twice n */
    size_t n;
    char *text;
    size_t used, cap;
};

static uint64_t seen_hash(const char *s)
{
    uint64_t h1, h2;
    sieve_hash(s, &h1, &h2);
    return h1;
}

static const char *seen_ticket(const struct seen *sn, uint32_t slot)
{
    const char *e = sn->text + slot - 1;
    uint32_t short_line;
    memcpy(&short_line, e, 4);
    return e + 4 + (short_line == SEEN_LONG_LINE ? 8 : 0);
}

static long seen_line(const struct seen *sn, uint32_t slot)
{
    const char *e = sn->text + slot - 1;
    uint32_t short_line;
    memcpy(&short_line, e, 4);
    if (short_line != SEEN_LONG_LINE)
        return (long)short_line;
    int64_t line;
    memcpy(&line, e + 4, 8);
    return (long)line;
}

/* The slot of `ticket`, or of the empty place it would go in. */
static uint32_t *seen_place(const struct seen *sn, const char *ticket)
{
    size_t mask = sn->nslots - 1;
    for (size_t i = seen_hash(ticket) & mask;; i = (i + 1) & mask) {
        uint32_t *sl = &sn->slot[i];
        if (!*sl || !strcmp(seen_ticket(sn, *sl), ticket))
            return sl;
    }
}

/* The line `ticket` came on first, or 0 when it has not come yet. */
static bool seen_find(const struct seen *sn, const char *ticket,
                      long *line /* out */)
{
    if (!sn->slot)
        return false;
    uint32_t *sl = seen_place(sn, ticket);
    if (*sl)
        *line = seen_line(sn, *sl);
    return *sl != 0;
}

static bool seen_grow(struct seen *sn)
{
    size_t nslots = sn->nslots ? sn->nslots * 2 : SEEN_FIRST_SLOTS;
    uint32_t *old = sn->slot;
    size_t old_n = sn->nslots;
    sn->slot = calloc(nslots, sizeof(*sn->slot));
    if (!sn->slot) {
        sn->slot = old;
        return false;
    }
    sn->nslots = nslots;
    for (size_t i = 0; i < old_n; i++)
        if (old[i])
            *seen_place(sn, seen_ticket(sn, old[i])) = old[i];
    free(old);
    return true;
}

/* Add `ticket`, which is not in the set yet; false when out of memory. */
static bool seen_add(struct seen *sn, const char *ticket, long line)
{
    if ((sn->n + 1) * 2 > sn->nslots && !seen_grow(sn))
        return false;
    size_t len = strlen(ticket);
    bool long_line = line < 0 || (unsigned long)line >= SEEN_LONG_LINE;
    size_t need = 4 + (long_line ? 8 : 0) + len + 1;
    if (sn->used + need > UINT32_MAX - 1)
        return false;
    if (sn->used + need > sn->cap) {
        size_t cap = sn->cap ? sn->cap : 16384;
        while (cap < sn->used + need)
            cap *= 2;
        char *text = realloc(sn->text, cap);
        if (!text)
            return false;
        sn->text = text;
        sn->cap = cap;
    }
    char *e = sn->text + sn->used;
    uint32_t short_line = long_line ? SEEN_LONG_LINE : (uint32_t)line;
    memcpy(e, &short_line, 4);
    if (long_line) {
        int64_t wide = line;
        memcpy(e + 4, &wide, 8);
    }
    memcpy(e + 4 + (long_line ? 8 : 0), ticket, len + 1);
    *seen_place(sn, ticket) = (uint32_t)(sn->used + 1);
    sn->used += need;
    sn->n++;
    return true;
}

static void seen_free(struct seen *sn)
{
    free(sn->slot);
    free(sn->text);
}

struct importer {
    store *s;
    const char *path;
    const struct import_options *opt;
    sqlite3_stmt *q[Q_COUNT];
    GHashTable *types;      /* slug -> id */
    GHashTable *tutorials;  /* slug -> id */
    GHashTable *items;      /* pretix item -> id (negative: tutorial) */
    GHashTable *settings;   /* key -> value */
    GHashTable *list_items; /* pretix item a list names -> list slug */
    GHashTable *shown;      /* question identifier a list shows */
    GHashTable *stock;      /* list slug -> its stock's variations, "S M L" */
    GHashTable *changed;    /* ticket_id a desk registered or edited */
    struct seen seen;       /* this file's tickets so far */
    /* No attendee and no secret when the import began: every ticket of
     * the file is new (one that comes twice is refused first), so none is
     * looked up, and what is stored is among the tickets `seen` and the
     * secrets the sieve was given. */
    bool was_empty;
    struct sieve secrets; /* ticket_secret rows inserted */
    GPtrArray *indexes;   /* CREATE INDEX of those dropped, see drop_indexes */
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } kept[IMPORT_KEPT_STATEMENTS]; /* importer_statement's */
    int nkept;
    struct import_counts counts;
    int64_t now_ms;
    bool in_tx;
    bool checks_off; /* PRAGMA ignore_check_constraints, see importer_new */
    bool keys_off;   /* PRAGMA foreign_keys, see importer_new */
    long (*locate)(void *ctx, const char *key);
    void *locate_ctx;
    const char *row_key;   /* locate_key of the row being stored */
    const char *row_where; /* where of the row being stored */
    char event_slug[128];
};

void importer_set_locator(struct importer *im,
                          long (*locate)(void *ctx, const char *key), void *ctx)
{
    im->locate = locate;
    im->locate_ctx = ctx;
}

/* `text` with the row's place in words before it, when it has one. */
static const char *placed(struct importer *im, const char *text, char *buf,
                          size_t cap)
{
    if (!im->row_where)
        return text;
    snprintf(buf, cap, "%s: %s", im->row_where, text);
    return buf;
}

static void report_n(struct importer *im, long n, long line, const char *reason)
{
    if (line == 0 && !im->row_where && im->locate && im->row_key)
        line = im->locate(im->locate_ctx, im->row_key);
    im->counts.rejected += n;
    char buf[640];
    if (im->opt && im->opt->report)
        im->opt->report(im->opt->ctx, im->path, line,
                        placed(im, reason, buf, sizeof(buf)));
}

static void report(struct importer *im, long line, const char *reason)
{
    report_n(im, 1, line, reason);
}

void importer_reject_n(struct importer *im, long n, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    report_n(im, n, 0, msg);
}

void importer_warn(struct importer *im, long line, const char *fmt, ...)
{
    char msg[512], buf[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    im->counts.warnings++;
    if (im->opt && im->opt->warn)
        im->opt->warn(im->opt->ctx, im->path, im->row_where ? 0 : line,
                      placed(im, msg, buf, sizeof(buf)));
}

void importer_note_absent(struct importer *im, const char *names)
{
    snprintf(im->counts.absent, sizeof(im->counts.absent), "%s", names);
}

void importer_count_testmode(struct importer *im)
{
    im->counts.testmode++;
}

bool importer_include_testmode(const struct importer *im)
{
    return im->opt && im->opt->include_testmode;
}

const char *importer_event_slug(const struct importer *im)
{
    return im->event_slug;
}

void importer_reject(struct importer *im, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    report(im, line, msg);
}

void importer_reject_at(struct importer *im, const char *key, const char *fmt,
                        ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    im->row_key = key;
    report(im, 0, msg);
    im->row_key = NULL;
}

void importer_progress(struct importer *im, uint64_t done, uint64_t total)
{
    if (im->opt && im->opt->progress)
        im->opt->progress(im->opt->ctx, done, total);
}

/* A first import drops the secondary indexes of the tables it fills and
 * builds them again at its end, in its own transaction (so that a failed
 * or refused import leaves them as they were): SQLite kept them in step
 * with each insert at 3,600 instructions a row more than building them
 * from the finished tables (callgrind, 10,000 rows).  A first import
 * looks nothing up through them: a ticket's secrets and tutorials are read
 * back only for a ticket the file gave twice, which is then refused. */
static int drop_indexes(struct importer *im, struct ck_error *err)
{
    sqlite3 *db = store_db(im->s);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(
        db,
        "SELECT name, sql FROM main.sqlite_schema WHERE type = 'index' AND "
        "sql IS NOT NULL AND tbl_name IN ('attendee', 'ticket_secret', "
        "'attendee_tutorial') ORDER BY rowid",
        -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(im->s, rc, "starting the import", err);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    im->indexes = g_ptr_array_new_with_free_func(g_free);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        g_ptr_array_add(names,
                        g_strdup((const char *)sqlite3_column_text(st, 0)));
        g_ptr_array_add(im->indexes,
                        g_strdup((const char *)sqlite3_column_text(st, 1)));
    }
    sqlite3_finalize(st);
    int code = rc == SQLITE_DONE
                   ? CK_OK
                   : store_sqlite_fail(im->s, rc, "starting the import", err);
    for (guint i = 0; i < names->len && !code; i++) {
        char *sql = sqlite3_mprintf("DROP INDEX main.\"%w\"",
                                    (const char *)names->pdata[i]);
        code = sql ? store_exec(im->s, sql, err)
                   : ck_fail(err, CK_ENOMEM, "Out of memory.");
        sqlite3_free(sql);
    }
    g_ptr_array_free(names, TRUE);
    return code;
}

/* The indexes drop_indexes dropped, built again in the transaction. */
static int build_indexes(struct importer *im, struct ck_error *err)
{
    if (!im->indexes)
        return CK_OK;
    /* SQLite sorts each index's keys in memory up to the page cache's
     * size, beside the cache itself: 60 MB of cache made the build of
     * 1,000,000 rows' indexes peak at 144 MB.  A smaller cache makes the
     * sorter merge runs from its temporary file instead. */
    int code = store_exec(im->s, "PRAGMA cache_size = -16384", err);
    for (guint i = 0; im->indexes && i < im->indexes->len && !code; i++)
        code = store_exec(im->s, im->indexes->pdata[i], err);
    return code;
}

static int load_map(struct importer *im, const char *sql, GHashTable *map,
                    struct ck_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(store_db(im->s), sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(im->s, rc, "reading the event", err);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        g_hash_table_insert(map, g_strdup(k ? k : ""),
                            g_strdup((const char *)sqlite3_column_text(st, 1)));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(im->s, rc, "reading the event", err);
    return CK_OK;
}

int importer_new(store *s, const char *path, const struct import_options *opt,
                 struct importer **out, struct ck_error *err)
{
    struct importer *im = calloc(1, sizeof(*im));
    if (!im)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    im->s = s;
    im->path = path;
    im->opt = opt;
    im->now_ms = store_now_ms();
    im->types = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    im->tutorials =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    im->items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    im->settings =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    im->list_items =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    im->shown = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    im->stock = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    im->changed =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    /* The engine validates every value it writes (status, consent,
     * testmode) before binding it, and SQLite codes the CHECK of status,
     * an IN list, as an ephemeral b-tree built afresh on every insert and
     * update: a third of the import's CPU (callgrind, 10,000 rows).  The
     * checks are off only for the import's statements; importer_abort turns
     * them on again, which recompiles every statement with them. */
    int code = store_exec(s, "PRAGMA ignore_check_constraints = ON", err);
    if (code) {
        importer_abort(im);
        return code;
    }
    im->checks_off = true;
    /* Every reference the engine writes it took from the store in this
     * transaction (a ticket type or tutorial from the event's tables, an
     * attendee's id from its insert), so SQLite's look-up of each parent
     * row is work done twice: a cursor opened and a seek for each
     * attendee, secret and tutorial row, 5% of a fresh import's
     * instructions (callgrind, 10,000 rows).  The pragma has effect only
     * outside a transaction; importer_abort turns the keys on again after
     * the file's commit or rollback. */
    code = store_exec(s, "PRAGMA foreign_keys = OFF", err);
    if (code) {
        importer_abort(im);
        return code;
    }
    im->keys_off = true;
    for (int i = 0; i < Q_COUNT && !code; i++) {
        int rc = sqlite3_prepare_v3(store_db(s), SQL[i], -1,
                                    SQLITE_PREPARE_PERSISTENT, &im->q[i], NULL);
        if (rc != SQLITE_OK)
            code = store_sqlite_fail(s, rc, "preparing the import", err);
    }
    if (!code)
        code = load_map(im, "SELECT slug, id FROM ticket_type", im->types, err);
    if (!code)
        code =
            load_map(im, "SELECT slug, id FROM tutorial", im->tutorials, err);
    if (!code)
        code = load_map(im,
                        "SELECT item, coalesce(ticket_type_id, -tutorial_id) "
                        "FROM source_item WHERE source = 'pretix'",
                        im->items, err);
    if (!code)
        code =
            load_map(im, "SELECT key, value FROM setting", im->settings, err);
    if (!code)
        code = load_map(im,
                        "SELECT w.value, l.slug FROM list_who w JOIN "
                        "checkin_list l ON l.id = w.list_id WHERE w.what = "
                        "'item'",
                        im->list_items, err);
    if (!code)
        code = load_map(im,
                        "SELECT question, question FROM list_show WHERE what "
                        "= 'question'",
                        im->shown, err);
    if (!code)
        code = load_map(im,
                        "SELECT l.slug, group_concat(s.variation, ' ') FROM "
                        "list_stock s JOIN checkin_list l ON l.id = "
                        "s.list_id GROUP BY l.slug",
                        im->stock, err);
    if (!code)
        code = load_map(im,
                        "SELECT DISTINCT ticket_id, ticket_id FROM "
                        "registration_change",
                        im->changed, err);
    if (!code) {
        sqlite3 *db = store_db(s);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, "SELECT slug FROM event", -1, &st, NULL) ==
                SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            snprintf(im->event_slug, sizeof(im->event_slug), "%s",
                     (const char *)sqlite3_column_text(st, 0));
        else
            code = ck_fail(err, CK_EINVAL,
                           "%s has no event yet; create it with 'checkin init "
                           "EVENT.db EVENT.ini' before importing.",
                           store_path(s));
        sqlite3_finalize(st);
    }
    /* A large import touches every index page; keep them in memory rather
     * than spilling the open transaction to the WAL repeatedly.  60 MB,
     * so that with the sieves (struct sieve, 4 MB) the import keeps to
     * the 64 MB it had: 1,000,000 positions of a pretix export peaked at
     * 102 MB of `checkin import` with both (/usr/bin/time), over issue
     * 32's 100 MB, and at 97 MB with 60 MB. */
    if (!code)
        code = store_exec(s, "PRAGMA cache_size = -61440", err);
    if (!code)
        code = store_begin(s, err);
    if (code) {
        importer_abort(im);
        return code;
    }
    im->in_tx = true;
    sqlite3_stmt *any;
    int rc = sqlite3_prepare_v2(store_db(s),
                                "SELECT 1 FROM attendee UNION ALL SELECT 1 "
                                "FROM ticket_secret LIMIT 1",
                                -1, &any, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(any);
    sqlite3_finalize(any);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        code = store_sqlite_fail(s, rc, "starting the import", err);
        importer_abort(im);
        return code;
    }
    im->was_empty = rc == SQLITE_DONE;
    /* Without its secondary indexes a first import keeps fewer pages
     * in use; the seen tickets take what the cache gives up (struct
     * seen). */
    if (im->was_empty) {
        code = drop_indexes(im, err);
        if (!code)
            code = store_exec(s, "PRAGMA cache_size = -40960", err);
    }
    if (code) {
        importer_abort(im);
        return code;
    }
    if (im->was_empty) {
        im->secrets.bits = calloc(SIEVE_BITS / 64, sizeof(uint64_t));
        if (!im->secrets.bits) {
            importer_abort(im);
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        }
    }
    *out = im;
    return CK_OK;
}

void importer_abort(struct importer *im)
{
    if (!im)
        return;
    if (im->in_tx)
        store_rollback(im->s);
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(im->q[i]);
    for (int i = 0; i < im->nkept; i++)
        sqlite3_finalize(im->kept[i].st);
    /* A flag pragma touches no file and takes no lock: it cannot fail. */
    if (im->checks_off)
        (void)sqlite3_exec(store_db(im->s),
                           "PRAGMA ignore_check_constraints = OFF", NULL, NULL,
                           NULL);
    if (im->keys_off)
        (void)sqlite3_exec(store_db(im->s), "PRAGMA foreign_keys = ON", NULL,
                           NULL, NULL);
    if (im->types)
        g_hash_table_destroy(im->types);
    if (im->tutorials)
        g_hash_table_destroy(im->tutorials);
    if (im->items)
        g_hash_table_destroy(im->items);
    if (im->settings)
        g_hash_table_destroy(im->settings);
    if (im->list_items)
        g_hash_table_destroy(im->list_items);
    if (im->shown)
        g_hash_table_destroy(im->shown);
    if (im->stock)
        g_hash_table_destroy(im->stock);
    if (im->changed)
        g_hash_table_destroy(im->changed);
    seen_free(&im->seen);
    if (im->indexes)
        g_ptr_array_free(im->indexes, TRUE);
    free(im->secrets.bits);
    free(im);
}

int importer_finish(struct importer *im, struct import_counts *counts,
                    struct ck_error *err)
{
    *counts = im->counts;
    int code = CK_OK;
    if (im->counts.rejected && !(im->opt && im->opt->skip_bad)) {
        store_rollback(im->s);
        counts->added = counts->updated = counts->cancelled =
            counts->unchanged = 0;
        code = ck_fail(err, CK_EINVAL,
                       "%ld row%s of %s %s rejected, so nothing was imported; "
                       "fix %s and import again, or use --skip-bad to import "
                       "the good rows.",
                       im->counts.rejected, im->counts.rejected == 1 ? "" : "s",
                       im->path, im->counts.rejected == 1 ? "was" : "were",
                       im->counts.rejected == 1 ? "it" : "them");
    } else {
        /* What the indexes' build needs is SQLite's; what the import's
         * rows needed goes first, to keep the peak. */
        seen_free(&im->seen);
        memset(&im->seen, 0, sizeof(im->seen));
        free(im->secrets.bits);
        im->secrets.bits = NULL;
        code = build_indexes(im, err);
        if (code)
            store_rollback(im->s);
        else
            code = store_commit(im->s, err);
        if (!code && im->counts.rejected)
            code = ck_fail(err, CK_EINVAL,
                           "%ld row%s of %s %s rejected and skipped; the "
                           "other rows were imported.",
                           im->counts.rejected,
                           im->counts.rejected == 1 ? "" : "s", im->path,
                           im->counts.rejected == 1 ? "was" : "were");
        if (code && code != CK_EINVAL)
            memset(counts, 0, sizeof(*counts));
    }
    im->in_tx = false;
    importer_abort(im);
    return code;
}

/* The id a lookup table maps `key` to (decimal text the importer wrote
 * from the store: a ticket type, or a tutorial negated); 0 when `key` is
 * NULL or absent, or the text is not a whole number. */
static int64_t table_id(GHashTable *t, const char *key)
{
    const char *v = key ? g_hash_table_lookup(t, key) : NULL;
    long id;
    return v && util_parse_long(v, -LONG_MAX, LONG_MAX, &id) ? id : 0;
}

int importer_pretix_item(struct importer *im, const char *item,
                         int64_t *ticket_type_id, int64_t *tutorial_id)
{
    int64_t id = table_id(im->items, item);
    if (!id)
        return CK_ENOTFOUND;
    *ticket_type_id = id > 0 ? id : 0;
    *tutorial_id = id < 0 ? -id : 0;
    return CK_OK;
}

store *importer_store(struct importer *im)
{
    return im->s;
}

int importer_statement(struct importer *im, const char *sql, sqlite3_stmt **out,
                       struct ck_error *err)
{
    for (int i = 0; i < im->nkept; i++)
        if (im->kept[i].sql == sql || !strcmp(im->kept[i].sql, sql)) {
            *out = im->kept[i].st;
            return CK_OK;
        }
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v3(store_db(im->s), sql, -1,
                                SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(im->s, rc, "importing list items", err);
    if (im->nkept < IMPORT_KEPT_STATEMENTS) {
        im->kept[im->nkept].sql = sql;
        im->kept[im->nkept++].st = st;
    } else {
        sqlite3_finalize(st);
        return ck_fail(err, CK_EINVAL,
                       "The import keeps at most %d statements; this is a "
                       "bug in checkin, please report it.",
                       IMPORT_KEPT_STATEMENTS);
    }
    *out = st;
    return CK_OK;
}

const char *importer_list_item(struct importer *im, const char *item)
{
    return item ? g_hash_table_lookup(im->list_items, item) : NULL;
}

bool importer_lists_matter(struct importer *im)
{
    return g_hash_table_size(im->list_items) || g_hash_table_size(im->shown);
}

bool importer_shown_question(struct importer *im, const char *ident)
{
    return ident && g_hash_table_contains(im->shown, ident);
}

void importer_each_list_item(struct importer *im,
                             void (*fn)(void *ctx, const char *item,
                                        const char *slug),
                             void *ctx)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, im->list_items);
    while (g_hash_table_iter_next(&it, &k, &v))
        fn(ctx, k, v);
}

void importer_each_list_stock(struct importer *im,
                              void (*fn)(void *ctx, const char *slug,
                                         const char *variations),
                              void *ctx)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, im->stock);
    while (g_hash_table_iter_next(&it, &k, &v))
        fn(ctx, k, v);
}

bool importer_desk_changed(struct importer *im, const char *ticket_id)
{
    return g_hash_table_contains(im->changed, ticket_id);
}

const char *importer_setting(struct importer *im, const char *key)
{
    return g_hash_table_lookup(im->settings, key);
}

/* ---- validation ---- */

static bool empty(const char *s)
{
    return !s || !*s;
}

/* Clean an optional text field; returns false (and reports) if hostile. */
static bool clean(struct importer *im, long line, char *s, const char *what)
{
    if (!s)
        return true;
    if (!g_utf8_validate(s, -1, NULL)) {
        importer_reject(im, line,
                        "%s is not valid UTF-8; save the file as UTF-8 and "
                        "import again",
                        what);
        return false;
    }
    if (!text_clean_field(s)) {
        importer_reject(im, line,
                        "%s contains control or text-direction override "
                        "characters; remove them",
                        what);
        return false;
    }
    if (text_length(s) > MAX_FIELD_CHARS) {
        importer_reject(im, line, "%s is longer than %d characters; shorten it",
                        what, MAX_FIELD_CHARS);
        return false;
    }
    return true;
}

static bool parse_consent(const char *v, bool *out)
{
    static const char *const yes[] = {"yes", "y", "true", "1", "on"};
    static const char *const no[] = {"no", "n", "false", "0", "off", ""};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        if (!g_ascii_strcasecmp(v, yes[i]))
            return *out = true, true;
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        if (!g_ascii_strcasecmp(v, no[i]))
            return *out = false, true;
    return false;
}

bool import_secret_valid(const char *s, size_t n)
{
    if (n < 4 || n > MAX_SECRET_LEN)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isalnum(s[i]) && !strchr("-_.:+/=", s[i]))
            return false;
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

struct clean_row {
    enum order_status status;
    int64_t type_id;
    bool consent;
    char *secrets[IMPORT_MAX_SECRETS];
    int nsecrets;
    int64_t tuts[IMPORT_MAX_TUTORIALS];
    int ntuts;
    char badge_name[4 * MAX_FIELD_CHARS + 2];
};

static bool split_secrets(struct importer *im, struct reg_row *r,
                          struct clean_row *c)
{
    char *p = r->secrets;
    while (p && *p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        char *e = p;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        size_t n = (size_t)(e - p);
        if (!import_secret_valid(p, n)) {
            importer_reject(im, r->line,
                            "secret '%.*s' must be 4-%d letters, digits or "
                            "-_.:+/=",
                            (int)(n > 40 ? 40 : n), p, MAX_SECRET_LEN);
            return false;
        }
        if (c->nsecrets == IMPORT_MAX_SECRETS) {
            importer_reject(im, r->line, "more than %d secrets in one row",
                            IMPORT_MAX_SECRETS);
            return false;
        }
        c->secrets[c->nsecrets++] = p;
        if (*e)
            *e++ = '\0';
        p = e;
    }
    if (c->nsecrets == 0) {
        importer_reject(im, r->line,
                        "secret is empty; give the code from the attendee's "
                        "confirmation");
        return false;
    }
    qsort(c->secrets, (size_t)c->nsecrets, sizeof(char *), cmp_str);
    return true;
}

static bool split_tutorials(struct importer *im, struct reg_row *r,
                            struct clean_row *c)
{
    for (int i = 0; i < r->ntutorial_ids; i++)
        c->tuts[c->ntuts++] = r->tutorial_ids[i];
    char *p = r->tutorials;
    while (p && *p) {
        while (*p && strchr(" \t,;", *p))
            p++;
        if (!*p)
            break;
        char *e = p;
        while (*e && !strchr(" \t,;", *e))
            e++;
        char save = *e;
        *e = '\0';
        int64_t id = table_id(im->tutorials, p);
        if (!id) {
            /* As pretix's unmapped add-ons: the person is imported, the
             * tutorial left out, and said. */
            importer_warn(im, r->line,
                          "unknown tutorial '%.60s' left out; add [tutorial "
                          "%.60s] to the event description and import "
                          "again",
                          p, p);
            *e = save;
            p = e;
            continue;
        }
        bool again = false;
        for (int i = 0; i < c->ntuts && !again; i++)
            again = c->tuts[i] == id;
        if (!again && c->ntuts == IMPORT_MAX_TUTORIALS) {
            /* The person is imported; the extra tutorials are said. */
            importer_warn(im, r->line,
                          "more than %d tutorials; '%.60s' and the rest "
                          "left out",
                          IMPORT_MAX_TUTORIALS, p);
            *e = save;
            break;
        }
        if (!again)
            c->tuts[c->ntuts++] = id;
        *e = save;
        p = e;
    }
    qsort(c->tuts, (size_t)c->ntuts, sizeof(int64_t), cmp_i64);
    /* Drop duplicates so the fingerprint is canonical. */
    int w = 0;
    for (int i = 0; i < c->ntuts; i++)
        if (w == 0 || c->tuts[w - 1] != c->tuts[i])
            c->tuts[w++] = c->tuts[i];
    c->ntuts = w;
    return true;
}

/* Cut `s` in place after `chars` characters (at a space when one is near
 * the end); returns whether it was cut. */
static bool cut_chars(char *s, size_t chars)
{
    size_t n = 0;
    char *p = s;
    while (*p && n < chars) {
        p = g_utf8_next_char(p);
        n++;
    }
    if (!*p)
        return false;
    char *space = p;
    while (space > s && space[-1] != ' ' && p - space < 16)
        space--;
    if (space > s && space[-1] == ' ' && p - space < 16)
        p = space - 1;
    *p = '\0';
    return true;
}

/* Make a name-like field storable, never refusing the registration for
 * it: remove what no name may hold (bytes that are not UTF-8, control and
 * text-direction characters), make white space single spaces, and cut
 * what is beyond all reason, each with a warning naming the field. */
static void clean_name(struct importer *im, long line, char *s,
                       const char *what, size_t max_chars)
{
    if (!s)
        return;
    size_t len = strlen(s);
    if (len > MAX_NAME_BYTES) {
        char *p = s + MAX_NAME_BYTES;
        while (p > s && ((unsigned char)*p & 0xc0) == 0x80)
            p--;
        *p = '\0';
        importer_warn(im, line, "%s was %zu bytes long; kept the first %zu",
                      what, len, (size_t)(p - s));
        len = (size_t)(p - s);
    }
    if (!text_clean_field(s)) {
        size_t removed = text_strip_unsafe(s, len);
        if (!text_clean_field(s))
            s[0] = '\0'; /* cannot happen: nothing unsafe is left */
        importer_warn(im, line,
                      "%zu control, text-direction or non-UTF-8 character%s "
                      "removed from %s (now \"%.60s\")",
                      removed, removed == 1 ? "" : "s", what, s);
    }
    if (max_chars && text_length(s) > max_chars) {
        size_t was = text_length(s);
        cut_chars(s, max_chars);
        importer_warn(im, line,
                      "%s was %zu characters long; kept the first "
                      "%zu",
                      what, was, max_chars);
    }
}

/* Append `s` (NULL: nothing) to the string of `used` bytes in `buf`, cut
 * at `cap` - 1 bytes as snprintf cuts; the new length.  snprintf's format
 * parsing was 3% of an import's instructions. */
static size_t append_cut(char *buf, size_t cap, size_t used, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n > cap - 1 - used)
        n = cap - 1 - used;
    memcpy(buf + used, s ? s : "", n);
    buf[used + n] = '\0';
    return used + n;
}

static bool validate(struct importer *im, struct reg_row *r,
                     struct clean_row *c)
{
    long line = r->line;
    if (!clean(im, line, r->ticket_id, "ticket_id") ||
        !clean(im, line, r->order_code, "order_code") ||
        !clean(im, line, r->email, "email"))
        return false;
    /* Names never cost a paid registration its place. */
    clean_name(im, line, r->given_name, "given_name", 0);
    clean_name(im, line, r->family_name, "family_name", 0);
    clean_name(im, line, r->badge_name, "badge_name", 0);
    clean_name(im, line, r->pronouns, "pronouns", MAX_FIELD_CHARS);
    clean_name(im, line, r->company, "company", MAX_FIELD_CHARS);
    if (empty(r->ticket_id)) {
        importer_reject(im, line,
                        "ticket_id is empty; every row needs the "
                        "registration system's ticket id");
        return false;
    }
    if (empty(r->order_code)) {
        importer_reject(im, line, "order_code is empty; give the order code");
        return false;
    }
    if (!r->status || order_status_parse(r->status, &c->status)) {
        importer_reject(im, line,
                        "status '%.40s' is not paid, pending, cancelled or "
                        "refunded",
                        r->status ? r->status : "");
        return false;
    }
    if (r->ticket_type_id) {
        c->type_id = r->ticket_type_id;
    } else {
        int64_t id = table_id(im->types, r->ticket_type);
        if (!id) {
            importer_reject(im, line,
                            "unknown ticket type '%.60s'; use a slug from the "
                            "event description's [ticket-type] sections",
                            r->ticket_type ? r->ticket_type : "");
            return false;
        }
        c->type_id = id;
    }
    /* The badge name: as given, else the given and family names; a long
     * one shortened for the badge, the whole name kept searchable in
     * given_name when nothing else holds it. */
    char full[4 * MAX_FIELD_CHARS + 2];
    size_t used = 0;
    full[0] = '\0';
    if (empty(r->badge_name)) {
        used = append_cut(full, sizeof(full), used, r->given_name);
        if (!empty(r->given_name) && !empty(r->family_name))
            used = append_cut(full, sizeof(full), used, " ");
        append_cut(full, sizeof(full), used, r->family_name);
    } else {
        append_cut(full, sizeof(full), used, r->badge_name);
    }
    if (text_length(full) > BADGE_NAME_CHARS) {
        size_t was =
            !empty(r->badge_name)
                ? text_length(r->badge_name)
                : (r->given_name ? text_length(r->given_name) : 0) +
                      (r->family_name ? text_length(r->family_name) : 0) +
                      (!empty(r->given_name) && !empty(r->family_name));
        if (empty(r->given_name) && empty(r->family_name))
            r->given_name = r->badge_name;
        cut_chars(full, BADGE_NAME_CHARS);
        snprintf(c->badge_name, sizeof(c->badge_name), "%s\u2026", full);
        importer_warn(im, line,
                      "the name is %zu characters long; the badge shows "
                      "\"%s\" and the whole name stays searchable",
                      was, c->badge_name);
    } else {
        memcpy(c->badge_name, full, strlen(full) + 1);
    }
    if (!c->badge_name[0])
        importer_warn(im, line,
                      "there is no name; the registration is stored and "
                      "found by order code or email, and its badge prints "
                      "without a name until one is added to the order");
    if (!empty(r->email) && (!strchr(r->email, '@') || strchr(r->email, ' '))) {
        importer_reject(im, line, "email '%.80s' is not an email address",
                        r->email);
        return false;
    }
    if (!parse_consent(r->consent ? r->consent : "", &c->consent)) {
        importer_reject(im, line, "sponsor_consent '%.20s' must be yes or no",
                        r->consent);
        return false;
    }
    return split_secrets(im, r, c) && split_tutorials(im, r, c);
}

/* ---- storing ---- */

static void hash_field(crypto_generichash_state *h, const char *s)
{
    static const unsigned char sep = 0x1f;
    if (s)
        crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
    crypto_generichash_update(h, &sep, 1);
}

static void fingerprint(const struct reg_row *r, const struct clean_row *c,
                        unsigned char out[16])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 16);
    char num[32];
    hash_field(&h, r->order_code);
    hash_field(&h, order_status_str(c->status));
    hash_field(&h, r->given_name);
    hash_field(&h, r->family_name);
    hash_field(&h, c->badge_name);
    hash_field(&h, r->pronouns);
    hash_field(&h, r->company);
    hash_field(&h, r->email);
    snprintf(num, sizeof(num), "%lld/%d", (long long)c->type_id, c->consent);
    hash_field(&h, num);
    if (r->testmode) /* only then: earlier fingerprints stay the same */
        hash_field(&h, "testmode");
    for (int i = 0; i < c->nsecrets; i++)
        hash_field(&h, c->secrets[i]);
    hash_field(&h, "--");
    for (int i = 0; i < c->ntuts; i++) {
        snprintf(num, sizeof(num), "%lld", (long long)c->tuts[i]);
        hash_field(&h, num);
    }
    /* Only when there are any, as with the items below. */
    if (r->addon_secrets && *r->addon_secrets) {
        hash_field(&h, "--addon-codes");
        hash_field(&h, r->addon_secrets);
    }
    /* Only when there are any, so that an export re-imported after the
     * upgrade to lists still says "unchanged" (docs/admission.md). */
    if (r->nitems || r->nanswers)
        hash_field(&h, "--items");
    for (int i = 0; i < r->nitems; i++) {
        hash_field(&h, r->items[i].position);
        hash_field(&h, r->items[i].item);
        hash_field(&h, r->items[i].variation);
        hash_field(&h, r->items[i].variation_name);
    }
    for (int i = 0; i < r->nanswers; i++) {
        hash_field(&h, r->answers[i].question);
        hash_field(&h, r->answers[i].label);
        hash_field(&h, r->answers[i].answer);
    }
    crypto_generichash_final(&h, out, 16);
}

static bool is_composed(const char *badge, const char *given,
                        const char *family);

/* The folded search key: text_search_key of the badge name, the names,
 * email, company, order code and ticket id.  A door's file keeps one made
 * of the name fields alone (sync.c, door_search_key).
 *
 * Most badge names are the given and family names joined by a space, or
 * one of them alone (a pretix attendee name), and folding (NFKD, case
 * folding) was a fifth of an import's CPU, half of it folding the same
 * names twice.  A space is a starter that no decomposition, reordering or
 * case mapping crosses, and fold collapses the white space around it, so
 * such a badge name folds to the names' folds joined by a space: each
 * name is folded once.  Anything else (a fold that is empty, a name that
 * is not UTF-8) takes text_search_key itself. */
static char *search_key(const struct reg_row *r, const struct clean_row *c)
{
    const char *parts[] = {c->badge_name, r->given_name, r->family_name,
                           r->email,      r->company,    r->order_code,
                           r->ticket_id};
    const size_t n = sizeof(parts) / sizeof(parts[0]);
    const char *given = r->given_name ? r->given_name : "";
    const char *family = r->family_name ? r->family_name : "";
    if ((!*given && !*family) || !is_composed(c->badge_name, given, family))
        return text_search_key(parts, n);
    char *g = *given ? text_fold(given, SIZE_MAX) : NULL;
    char *f = *family ? text_fold(family, SIZE_MAX) : NULL;
    if ((*given && (!g || !*g)) || (*family && (!f || !*f))) {
        free(g);
        free(f);
        return text_search_key(parts, n);
    }
    /* The badge name's fold, then the names' own. */
    GString *key = g_string_sized_new(256);
    for (int twice = 0; twice < 2; twice++) {
        if (g)
            g_string_append(key, g);
        if (g && f)
            g_string_append_c(key, ' ');
        if (f)
            g_string_append(key, f);
        if (!twice)
            g_string_append_c(key, ' ');
    }
    free(g);
    free(f);
    char *rest = text_search_key(parts + 3, n - 3);
    if (!rest) {
        g_string_free(key, TRUE);
        return NULL;
    }
    if (*rest) {
        g_string_append_c(key, ' ');
        g_string_append(key, rest);
    }
    free(rest);
    char *out = strdup(key->str);
    g_string_free(key, TRUE);
    return out;
}

static int step_done(struct importer *im, sqlite3_stmt *st,
                     struct ck_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(im->s, rc, "importing registrations", err);
    return CK_OK;
}

static bool is_cancelled(enum order_status st)
{
    return st == STATUS_CANCELLED || st == STATUS_REFUNDED;
}

/* Refuse a secret that belongs to somebody else; returns 1 if refused. */
static int secrets_taken(struct importer *im, struct reg_row *r,
                         const struct clean_row *c, int64_t self,
                         struct ck_error *err, int *code)
{
    sqlite3_stmt *q = im->q[Q_SECRET_OWNER];
    for (int i = 0; i < c->nsecrets; i++) {
        if (!sieve_maybe(&im->secrets, c->secrets[i]))
            continue;
        sqlite3_bind_text(q, 1, c->secrets[i], -1, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW && sqlite3_column_int64(q, 1) != self) {
            importer_reject(im, r->line,
                            "secret '%.40s' already belongs to ticket %.40s; "
                            "each secret must be unique",
                            c->secrets[i],
                            (const char *)sqlite3_column_text(q, 0));
            sqlite3_reset(q);
            return 1;
        }
        sqlite3_reset(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            *code =
                store_sqlite_fail(im->s, rc, "importing registrations", err);
            return 1;
        }
    }
    return 0;
}

static int write_secrets(struct importer *im, int64_t id, bool fresh,
                         const struct clean_row *c, struct ck_error *err)
{
    int code;
    bool revoked = is_cancelled(c->status);
    /* Revoke everything, then re-enable (or add) the current secrets: a
     * secret the registration system regenerated stays revoked.  A new
     * attendee has no secrets yet. */
    if (!fresh) {
        sqlite3_bind_int64(im->q[Q_SECRET_REVOKE_ALL], 1, id);
        if ((code = step_done(im, im->q[Q_SECRET_REVOKE_ALL], err)))
            return code;
    }
    for (int i = 0; i < c->nsecrets; i++) {
        sqlite3_stmt *q;
        if (!fresh) {
            q = im->q[Q_SECRET_SET];
            sqlite3_bind_text(q, 1, c->secrets[i], -1, SQLITE_STATIC);
            sqlite3_bind_int(q, 2, revoked);
            if ((code = step_done(im, q, err)))
                return code;
            if (sqlite3_changes(store_db(im->s)) > 0)
                continue;
        }
        q = im->q[Q_SECRET_INSERT];
        sqlite3_bind_text(q, 1, c->secrets[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, id);
        sqlite3_bind_int(q, 3, revoked);
        if ((code = step_done(im, q, err)))
            return code;
        sieve_add(&im->secrets, c->secrets[i]);
    }
    return CK_OK;
}

static int write_tutorials(struct importer *im, int64_t id, bool fresh,
                           const struct clean_row *c, struct ck_error *err)
{
    int code;
    sqlite3_bind_int64(im->q[Q_TUT_CLEAR], 1, id);
    if (!fresh && (code = step_done(im, im->q[Q_TUT_CLEAR], err)))
        return code;
    for (int i = 0; i < c->ntuts; i++) {
        sqlite3_bind_int64(im->q[Q_TUT_ADD], 1, id);
        sqlite3_bind_int64(im->q[Q_TUT_ADD], 2, c->tuts[i]);
        if ((code = step_done(im, im->q[Q_TUT_ADD], err)))
            return code;
    }
    return CK_OK;
}

static void bind_fields(sqlite3_stmt *q, const struct reg_row *r,
                        const struct clean_row *c, const char *key,
                        const unsigned char *fp, int64_t now)
{
    sqlite3_bind_text(q, 1, r->ticket_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, r->order_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, order_status_str(c->status), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, r->given_name ? r->given_name : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(q, 5, r->family_name ? r->family_name : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(q, 6, c->badge_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, r->pronouns ? r->pronouns : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 8, r->company ? r->company : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 9, r->email ? r->email : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 10, c->type_id);
    sqlite3_bind_int(q, 11, c->consent);
    sqlite3_bind_text(q, 12, key, -1, SQLITE_STATIC);
    sqlite3_bind_blob(q, 13, fp, 16, SQLITE_STATIC);
    sqlite3_bind_int64(q, 14, now);
    sqlite3_bind_int(q, 16, r->testmode);
}

/* The stored values a row's absent columns stand for, owned here. */
#define STORED_STRINGS 12

struct stored {
    char *s[STORED_STRINGS];
    int n;
    bool found;
};

static char *hold(struct stored *st, const char *v)
{
    if (st->n == STORED_STRINGS)
        return NULL;
    return st->s[st->n++] = g_strdup(v ? v : "");
}

static void stored_free(struct stored *st)
{
    for (int i = 0; i < st->n; i++)
        g_free(st->s[i]);
}

static const char *col_text(sqlite3_stmt *q, int i)
{
    const char *t = (const char *)sqlite3_column_text(q, i);
    return t ? t : "";
}

/* Whether `badge` is what validate makes of `given` and `family`. */
static bool is_composed(const char *badge, const char *given,
                        const char *family)
{
    size_t g = strlen(given);
    if (!*given || !*family)
        return !strcmp(badge, *given ? given : family);
    return !strncmp(badge, given, g) && badge[g] == ' ' &&
           !strcmp(badge + g + 1, family);
}

/* The ticket's current secrets (not revoked); of a cancelled ticket all
 * are revoked, and all stand for it. */
static int stored_secrets(struct importer *im, int64_t id, struct reg_row *r,
                          struct stored *st, struct ck_error *err)
{
    GString *all = g_string_new(NULL);
    sqlite3_stmt *q = im->q[Q_STORED_SECRETS];
    sqlite3_bind_int64(q, 1, id);
    int rc, first_revoked = -1;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int revoked = sqlite3_column_int(q, 1);
        if (first_revoked < 0)
            first_revoked = revoked;
        if (revoked != first_revoked)
            continue;
        if (all->len)
            g_string_append_c(all, ' ');
        g_string_append(all, col_text(q, 0));
    }
    sqlite3_reset(q);
    r->secrets = hold(st, all->str);
    g_string_free(all, TRUE);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(im->s, rc, "importing registrations", err);
    return CK_OK;
}

/* Fill the fields row `r` has no column for with the values stored for its
 * ticket, so that the row changes only what the file has.  st->found is
 * false for a ticket not stored yet (its absent fields stay empty). */
static int fill_absent(struct importer *im, struct reg_row *r,
                       struct stored *st, struct ck_error *err)
{
    /* In a first import, a ticket not yet in the file is in no table. */
    long first;
    if (im->was_empty && !seen_find(&im->seen, r->ticket_id, &first))
        return CK_OK;
    sqlite3_stmt *q = im->q[Q_STORED];
    sqlite3_bind_text(q, 1, r->ticket_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            return store_sqlite_fail(im->s, rc, "importing registrations", err);
        return CK_OK;
    }
    st->found = true;
    int64_t id = sqlite3_column_int64(q, 0);
    unsigned a = r->absent;
    const char *given = col_text(q, 3), *family = col_text(q, 4),
               *badge = col_text(q, 5);
    if (a & REG_ORDER)
        r->order_code = hold(st, col_text(q, 1));
    if (a & REG_STATUS)
        r->status = hold(st, col_text(q, 2));
    /* A badge name made from the names follows the names the file has;
     * one given as such stays. */
    if ((a & REG_BADGE) && !is_composed(badge, given, family))
        r->badge_name = hold(st, badge);
    if (a & REG_GIVEN)
        r->given_name = hold(st, given);
    if (a & REG_FAMILY)
        r->family_name = hold(st, family);
    if (a & REG_PRONOUNS)
        r->pronouns = hold(st, col_text(q, 6));
    if (a & REG_COMPANY)
        r->company = hold(st, col_text(q, 7));
    if (a & REG_EMAIL)
        r->email = hold(st, col_text(q, 8));
    if (a & REG_TYPE)
        r->ticket_type_id = sqlite3_column_int64(q, 9);
    if (a & REG_CONSENT)
        r->consent = hold(st, sqlite3_column_int(q, 10) ? "yes" : "no");
    r->testmode = sqlite3_column_int(q, 11) != 0;
    sqlite3_reset(q);
    if (a & REG_TUTORIALS) {
        q = im->q[Q_STORED_TUTS];
        sqlite3_bind_int64(q, 1, id);
        r->tutorials = NULL;
        r->ntutorial_ids = 0;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW &&
               r->ntutorial_ids < IMPORT_MAX_TUTORIALS)
            r->tutorial_ids[r->ntutorial_ids++] = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            return store_sqlite_fail(im->s, rc, "importing registrations", err);
    }
    if (a & REG_SECRETS)
        return stored_secrets(im, id, r, st, err);
    return CK_OK;
}

/* The columns of `absent` a new registration needs, for a message. */
static void needed_columns(unsigned absent, char *out, size_t cap)
{
    static const struct {
        unsigned bit;
        const char *name;
    } need[] = {{REG_ORDER, "order_code"},
                {REG_STATUS, "status"},
                {REG_TYPE, "ticket_type"},
                {REG_SECRETS, "secret"}};
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
        if (!(absent & need[i].bit))
            continue;
        int n = snprintf(out + used, cap - used, "%s%s", used ? ", " : "",
                         need[i].name);
        if (n > 0 && (size_t)n < cap - used)
            used += (size_t)n;
    }
    if ((absent & REG_NAMES) == REG_NAMES)
        snprintf(out + used, cap - used,
                 "%sa name (given_name, family_name or badge_name)",
                 used ? " and " : "");
}

static int store_row(struct importer *im, struct reg_row *r, struct stored *st,
                     struct ck_error *err);

int importer_row(struct importer *im, struct reg_row *r, struct ck_error *err)
{
    im->row_key = r->locate_key;
    im->row_where = r->where;
    struct stored st = {0};
    int code = store_row(im, r, &st, err);
    stored_free(&st);
    im->row_key = NULL;
    im->row_where = NULL;
    return code;
}

/* Whether the row is the first of its ticket in the file; another is
 * reported. */
static int first_in_file(struct importer *im, const struct reg_row *r,
                         bool *first_row /* out */, struct ck_error *err)
{
    long first;
    *first_row = !seen_find(&im->seen, r->ticket_id, &first);
    if (*first_row)
        return seen_add(&im->seen, r->ticket_id, r->line)
                   ? CK_OK
                   : ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    importer_reject(im, r->line,
                    "ticket_id %.40s appears twice in this file (first on "
                    "line %ld); keep one row per ticket",
                    r->ticket_id, first);
    return CK_OK;
}

/* import_fields_row, with the CHECKs on: a row a desk changed is written
 * from the desks' changes too (registration_apply), which this engine
 * has not validated.  Turning them on and off recompiles the import's
 * statements, once for each such row. */
static int desk_fields(struct importer *im, int64_t id, const struct reg_row *r,
                       struct ck_error *err)
{
    if (!importer_desk_changed(im, r->ticket_id))
        return import_fields_row(im, id, r, err);
    int code = store_exec(im->s, "PRAGMA ignore_check_constraints = OFF", err);
    if (!code)
        code = import_fields_row(im, id, r, err);
    struct ck_error ignored;
    int back = store_exec(im->s, "PRAGMA ignore_check_constraints = ON",
                          code ? &ignored : err);
    return code ? code : back;
}

static int store_row(struct importer *im, struct reg_row *r, struct stored *st,
                     struct ck_error *err)
{
    if (import_fields_refused(im, r))
        return CK_OK;
    if (r->absent && !empty(r->ticket_id)) {
        int code = fill_absent(im, r, st, err);
        if (code)
            return code;
        bool can_add = !(r->absent & REG_NEW_NEEDS) &&
                       (r->absent & REG_NAMES) != REG_NAMES;
        if (!st->found && !can_add) {
            char need[160];
            needed_columns(r->absent, need, sizeof(need));
            importer_reject(im, r->line,
                            "ticket %.40s is not in the event yet, and this "
                            "file cannot add it: a new registration needs "
                            "%s too; import it from a file with those "
                            "columns (the registration system's full export)",
                            r->ticket_id, need);
            return CK_OK;
        }
    }
    struct clean_row c = {0};
    if (!validate(im, r, &c))
        return CK_OK;

    bool first_row;
    int code = first_in_file(im, r, &first_row, err);
    if (code || !first_row)
        return code;

    unsigned char fp[16];
    fingerprint(r, &c, fp);

    sqlite3_stmt *find = im->q[Q_FIND];
    sqlite3_bind_text(find, 1, r->ticket_id, -1, SQLITE_STATIC);
    int rc = im->was_empty ? SQLITE_DONE : sqlite3_step(find);
    int64_t id = 0;
    enum order_status old = STATUS_PAID;
    bool same = false;
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(find, 0);
        if (order_status_parse((const char *)sqlite3_column_text(find, 1),
                               &old))
            old = STATUS_PAID;
        same = sqlite3_column_bytes(find, 2) == 16 &&
               !memcmp(sqlite3_column_blob(find, 2), fp, 16);
    }
    sqlite3_reset(find);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(im->s, rc, "importing registrations", err);
    if (same) {
        im->counts.unchanged++;
        return CK_OK;
    }
    if ((r->absent & REG_SECRETS) && st->found && is_cancelled(old) &&
        !is_cancelled(c.status)) {
        importer_reject(im, r->line,
                        "ticket %.40s is cancelled, and a file that makes it "
                        "%s must have the secret column, so that only its "
                        "current code admits; add the column",
                        r->ticket_id, order_status_str(c.status));
        return CK_OK;
    }

    code = CK_OK;
    if (secrets_taken(im, r, &c, id, err, &code))
        return code;

    char *key = search_key(r, &c);
    if (!key)
        return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    sqlite3_stmt *q = im->q[id ? Q_UPDATE : Q_INSERT];
    bind_fields(q, r, &c, key, fp, im->now_ms);
    if (id)
        sqlite3_bind_int64(q, 15, id);
    code = step_done(im, q, err);
    free(key);
    if (code)
        return code;
    bool fresh = id == 0;
    if (fresh) {
        id = sqlite3_last_insert_rowid(store_db(im->s));
    }
    if ((code = write_secrets(im, id, fresh, &c, err)) ||
        (code = write_tutorials(im, id, fresh, &c, err)) ||
        (code =
             import_addon_codes_row(im, id, r, is_cancelled(c.status), err)) ||
        (code = import_items_row(im, id, r, err)) ||
        (code = desk_fields(im, id, r, err)))
        return code;

    if (rc == SQLITE_DONE)
        im->counts.added++;
    else if (is_cancelled(c.status) && !is_cancelled(old))
        im->counts.cancelled++;
    else
        im->counts.updated++;
    return CK_OK;
}

/* ---- entry point ---- */

/* What `head`, the file's first bytes, is: JSON opens with '{'. */
static enum import_format detect(const char *head, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(head, "\xef\xbb\xbf", 3))
        i = 3;
    while (i < len && strchr(" \t\r\n", head[i]) && head[i])
        i++;
    return i < len && head[i] == '{' ? IMPORT_PRETIX : IMPORT_CSV;
}

/* Import `data`, or when it is NULL the file `f`. */
static int run(store *s, const char *name, const char *data, size_t len,
               FILE *f, enum import_format fmt,
               const struct import_options *opt, struct import_counts *counts,
               struct ck_error *err)
{
    struct importer *im;
    int code = importer_new(s, name, opt, &im, err);
    if (code)
        return code;
    code = fmt == IMPORT_PRETIX ? import_pretix(im, name, data, len, f, err)
                                : import_csv(im, name, data, len, f, err);
    if (code) {
        importer_abort(im);
        return code;
    }
    return importer_finish(im, counts, err);
}

int import_buffer(store *s, const char *name, const char *data, size_t len,
                  const struct import_options *opt,
                  struct import_counts *counts, struct ck_error *err)
{
    memset(counts, 0, sizeof(*counts));
    enum import_format fmt = opt ? opt->format : IMPORT_AUTO;
    if (fmt == IMPORT_AUTO)
        fmt = detect(data, len);
    return run(s, name, data, len, NULL, fmt, opt, counts, err);
}

int import_file(store *s, const char *path, const struct import_options *opt,
                struct import_counts *counts, struct ck_error *err)
{
    memset(counts, 0, sizeof(*counts));
    if (store_is_own_file(s, path))
        return ck_fail(err, CK_EINVAL,
                       "%s is the event database itself, not a registrations "
                       "file; give the CSV or pretix JSON export to import.",
                       path);
    /* Read as a stream, never whole: a pretix export an order at a time
     * (import_pretix.c), a CSV file a line at a time (import_csv.c). */
    FILE *f = fopen(path, "rb");
    if (!f)
        return ck_fail(err, errno == ENOENT ? CK_ENOTFOUND : CK_EIO,
                       "Cannot read %s: %s.", path, strerror(errno));
    struct stat sb;
    int code = CK_OK;
    if (fstat(fileno(f), &sb) || !S_ISREG(sb.st_mode)) {
        code = ck_fail(err, CK_EIO, "%s is not a regular file.", path);
        goto out;
    }
    enum import_format fmt = opt ? opt->format : IMPORT_AUTO;
    if (fmt == IMPORT_AUTO) {
        char head[4096];
        size_t n = fread(head, 1, sizeof(head), f);
        if (ferror(f)) {
            code = ck_fail(err, CK_EIO, "Reading %s failed; check the disk.",
                           path);
            goto out;
        }
        fmt = detect(head, n);
    }
    code = run(s, path, NULL, (size_t)sb.st_size, f, fmt, opt, counts, err);
out:
    fclose(f);
    return code;
}
