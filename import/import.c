/* The import engine: takes one registration row, whatever file it came
 * from, and inserts or updates the attendee, their ticket secrets and
 * tutorials.  It owns the file's transaction and the added / updated /
 * cancelled / unchanged / rejected counts.  Parsing formats is not done
 * here (import_csv.c, import_pretix.c), nor checking a row's fields
 * (import_row.c), the in-memory sets of what the import has seen
 * (import_seen.c), what a first import does otherwise, its indexes and
 * held secrets (import_first.c), mapping pretix items to lists
 * (import_items.c) or keeping a desk's edits (import_fields.c). */
#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkin/i18n.h"
#include "checkin/store_gram.h"
#include "checkin/util.h"
#include "checkin/vec.h"
#include "import_priv.h"

/* A row here makes an import not a first one (begin_import). */
#define FIRST_IMPORT_NOT                                                       \
    "SELECT 1 FROM attendee UNION ALL SELECT 1 FROM ticket_secret LIMIT 1"

/* Statements importer_statement keeps: import_items.c's six. */
#define IMPORT_KEPT_STATEMENTS 16

/* A first import's tutorial rows written TUT_BATCH to an INSERT (see
 * write_tutorials). */
#define TUT_BATCH 64

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
    Q_DOOR,
    Q_COUNT
};

static const char *const SQL[Q_COUNT] = {
    [Q_FIND] = "SELECT id, status, fingerprint FROM attendee "
               "WHERE ticket_id = ?1",
    [Q_INSERT] =
        "INSERT INTO attendee (ticket_id, order_code, status, given_name, "
        "family_name, badge_name, pronouns, company, email, ticket_type_id, "
        "sponsor_consent, search_key, fingerprint, imported_ms, updated_ms, "
        "testmode, blocked, blocked_why, valid_from_ms, valid_until_ms, "
        "attention, seat, locale) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, ?12, ?13, ?14, ?14, ?16, coalesce(?17, 0), ?18, ?19, ?20, "
        "?21, ?22, ?23)",
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
    /* What pretix says at the door (import_door.c). */
    [Q_DOOR] = "UPDATE attendee SET blocked = ?2, blocked_why = ?3,"
               " valid_from_ms = ?4, valid_until_ms = ?5, attention = ?6,"
               " seat = ?7, locale = ?8 WHERE id = ?1",
    [Q_STORED_SECRETS] =
        "SELECT secret, revoked FROM ticket_secret WHERE attendee_id "
        "= ?1 ORDER BY revoked, secret",
};

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
    struct sieve secrets;  /* ticket_secret rows inserted or held */
    struct held held;      /* a first import's secrets not stored yet */
    struct ck_buf indexes; /* CREATE INDEX of those dropped (import_first.c) */
    /* A first import's search keys, for its trigram index (import_keys.c);
     * forgotten once a desk's change rewrote one (desk_fields). */
    struct keys *keys;
    bool keys_forgot;
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } kept[IMPORT_KEPT_STATEMENTS]; /* importer_statement's */
    int nkept;
    struct import_counts counts;
    struct vanish vanish; /* what a pretix export lists (import_vanish.c) */
    int64_t now_ms;
    bool in_tx;
    bool checks_off; /* PRAGMA ignore_check_constraints, see importer_new */
    bool keys_off;   /* PRAGMA foreign_keys, see importer_new */
    /* What Q_INSERT has bound already and keeps across its resets: the
     * door's NULL parameters (import_door_bind) and testmode (-1: none
     * yet); ?14, the time, is bound once in read_event. */
    unsigned door_nulls;
    int testmode_bound;
    /* A first import's attendee_tutorial rows not written yet, pairs of
     * attendee and tutorial, and their INSERT of TUT_BATCH rows. */
    int64_t tut_held[2 * TUT_BATCH];
    int ntut_held;
    sqlite3_stmt *tut_many;
    long (*locate)(void *ctx, const char *key);
    void *locate_ctx;
    const char *row_key; /* locate_key of the row being stored */
    const struct import_place *row_place; /* of the row being stored */
    char event_slug[128];
};

void importer_set_locator(struct importer *im,
                          long (*locate)(void *ctx, const char *key), void *ctx)
{
    im->locate = locate;
    im->locate_ctx = ctx;
}

/* `why` with the row's place, when it has one and `why` has none. */
static struct import_note placed(const struct importer *im,
                                 const struct import_note *why)
{
    struct import_note n = *why;
    if (!n.place)
        n.place = im->row_place;
    return n;
}

static void report_n(struct importer *im, long n, long line,
                     const struct import_note *why)
{
    if (line == 0 && !im->row_place && im->locate && im->row_key)
        line = im->locate(im->locate_ctx, im->row_key);
    im->counts.rejected += n;
    struct import_note note = placed(im, why);
    if (im->opt && im->opt->report)
        im->opt->report(im->opt->ctx, im->path, line, &note);
}

void importer_reject_n(struct importer *im, long n,
                       const struct import_note *why)
{
    report_n(im, n, 0, why);
}

void importer_warn(struct importer *im, long line,
                   const struct import_note *why)
{
    im->counts.warnings++;
    struct import_note note = placed(im, why);
    if (im->opt && im->opt->warn)
        im->opt->warn(im->opt->ctx, im->path, im->row_place ? 0 : line, &note);
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

void importer_reject(struct importer *im, long line,
                     const struct import_note *why)
{
    report_n(im, 1, line, why);
}

void importer_reject_at(struct importer *im, const char *key,
                        const struct import_note *why)
{
    im->row_key = key;
    report_n(im, 1, 0, why);
    im->row_key = NULL;
}

void importer_progress(struct importer *im, uint64_t done, uint64_t total)
{
    if (im->opt && im->opt->progress)
        im->opt->progress(im->opt->ctx, done, total);
}

static int load_map(struct importer *im, const char *sql, GHashTable *map,
                    struct ck_error *err)
{
    sqlite3_stmt *st;
    int code =
        store_prepare(im->s, sql, NULL, &st, N_("reading the event"), err);
    if (code)
        return code;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        g_hash_table_insert(map, g_strdup(k ? k : ""),
                            g_strdup((const char *)sqlite3_column_text(st, 1)));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(im->s, rc, N_("reading the event"), err);
    return CK_OK;
}

/* The importer with its look-up tables empty. */
static struct importer *importer_alloc(store *s, const char *path,
                                       const struct import_options *opt)
{
    struct importer *im = calloc(1, sizeof(*im));
    if (!im)
        return NULL;
    im->s = s;
    im->path = path;
    im->opt = opt;
    im->now_ms = store_now_ms();
    im->testmode_bound = -1;
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
    return im;
}

/* SQLite's checks the engine does itself, off for the import's
 * statements. */
static int checks_off(struct importer *im, struct ck_error *err)
{
    /* The engine validates every value it writes (status, consent,
     * testmode) before binding it, and SQLite codes the CHECK of status,
     * an IN list, as an ephemeral b-tree built afresh on every insert and
     * update: a third of the import's CPU (callgrind, 10,000 rows).  The
     * checks are off only for the import's statements; importer_abort turns
     * them on again, which recompiles every statement with them. */
    int code = store_exec(im->s, "PRAGMA ignore_check_constraints = ON", err);
    if (code)
        return code;
    im->checks_off = true;
    /* Every reference the engine writes it took from the store in this
     * transaction (a ticket type or tutorial from the event's tables, an
     * attendee's id from its insert), so SQLite's look-up of each parent
     * row is work done twice: a cursor opened and a seek for each
     * attendee, secret and tutorial row, 5% of a fresh import's
     * instructions (callgrind, 10,000 rows).  The pragma has effect only
     * outside a transaction; importer_abort turns the keys on again after
     * the file's commit or rollback. */
    code = store_exec(im->s, "PRAGMA foreign_keys = OFF", err);
    if (code)
        return code;
    im->keys_off = true;
    return CK_OK;
}

/* The import's statements prepared, and what the file is matched
 * against read from the event: its ticket types, tutorials, pretix
 * items, settings, lists, and its slug. */
static int read_event(struct importer *im, struct ck_error *err)
{
    int code = CK_OK;
    for (int i = 0; i < Q_COUNT && !code; i++) {
        sqlite3_stmt *q;
        code = store_prepare(im->s, SQL[i], &im->q[i], &q,
                             N_("preparing the import"), err);
    }
    /* The time of every row written, bound once: a binding stays
     * across sqlite3_reset (and a statement prepared again). */
    if (!code) {
        sqlite3_bind_int64(im->q[Q_INSERT], 14, im->now_ms);
        sqlite3_bind_int64(im->q[Q_UPDATE], 14, im->now_ms);
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
    if (code)
        return code;
    sqlite3_stmt *st;
    bool found = false;
    code = store_prepare(im->s, "SELECT slug FROM event", NULL, &st,
                         N_("reading the event"), err);
    if (!code)
        code = store_step_text(im->s, st, false, im->event_slug,
                               sizeof(im->event_slug), &found,
                               N_("reading the event"), err);
    if (!code && !found)
        code = ck_fail(err, CK_EINVAL,
                       "%s has no event yet; create it with 'checkin init "
                       "EVENT.db EVENT.ini' before importing.",
                       store_path(im->s));
    return code;
}

/* The import's transaction begun, and a first import (an event with no
 * attendee or secret yet) set up for its speed: indexes dropped, a
 * smaller cache, the sieve of secrets seen. */
static int begin_import(struct importer *im, struct ck_error *err)
{
    /* A large import touches every index page; keep them in memory rather
     * than spilling the open transaction to the WAL repeatedly.  60 MB,
     * so that with the sieves (struct sieve, 4 MB) the import keeps to
     * the 64 MB it had: 1,000,000 positions of a pretix export peaked at
     * 102 MB of `checkin import` with both (/usr/bin/time), over issue
     * 32's 100 MB, and at 97 MB with 60 MB. */
    int code = store_exec(im->s, "PRAGMA cache_size = -61440", err);
    if (!code)
        code = store_begin(im->s, err);
    if (code)
        return code;
    im->in_tx = true;
    sqlite3_stmt *any;
    int64_t one = 0;
    bool filled = false;
    code = store_prepare(im->s, FIRST_IMPORT_NOT, NULL, &any,
                         N_("starting the import"), err);
    if (!code)
        code = store_step_int64(im->s, any, false, &one, &filled,
                                N_("starting the import"), err);
    if (code)
        return code;
    im->was_empty = !filled;
    if (!im->was_empty)
        return CK_OK;
    code = import_first_begin(im->s, &im->indexes, err);
    if (!code && !import_sieve_new(&im->secrets))
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    return code;
}

int importer_new(store *s, const char *path, const struct import_options *opt,
                 struct importer **out, struct ck_error *err)
{
    /* Each row's fingerprint is BLAKE2b (import_fingerprint); libsodium
     * uses its vectorised BLAKE2b only once sodium_init has looked at the
     * processor, and its portable one otherwise: 3,000 instructions a row
     * (callgrind).  The hash is the same either way, so the import goes on
     * whatever sodium_init returns, as credential_secret_hash does. */
    int ready = sodium_init();
    (void)ready;
    struct importer *im = importer_alloc(s, path, opt);
    if (!im)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    int code = checks_off(im, err);
    if (!code)
        code = read_event(im, err);
    if (!code)
        code = begin_import(im, err);
    if (code) {
        importer_abort(im);
        return code;
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
    sqlite3_finalize(im->tut_many);
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
    import_seen_free(&im->seen);
    ck_buf_free(&im->indexes);
    import_sieve_free(&im->secrets);
    import_held_free(&im->held);
    import_keys_free(im->keys);
    import_vanish_free(&im->vanish);
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
        /* One sentence, its plural form the catalogue's for the count. */
        code = ck_failn(err, CK_EINVAL, (unsigned long)im->counts.rejected,
                        "%ld row of %s was rejected, so nothing was "
                        "imported; fix it and import again, or use "
                        "--skip-bad to import the good rows.",
                        "%ld rows of %s were rejected, so nothing was "
                        "imported; fix them and import again, or use "
                        "--skip-bad to import the good rows.",
                        im->counts.rejected, im->path);
    } else {
        /* What the indexes' build needs is SQLite's; what the import's
         * rows needed goes first, to keep the peak. */
        import_seen_free(&im->seen);
        import_sieve_free(&im->secrets);
        code = importer_flush_secrets(im, err);
        import_held_free(&im->held);
        if (!code && im->was_empty)
            code = import_first_indexes(im->s, &im->indexes, err);
        /* The attendees' index (store_gram.h): from the keys a first
         * import kept, or its keys read back sorted, after the indexes,
         * with their smaller cache beside the sort. */
        if (!code && im->was_empty && !im->keys_forgot)
            code = import_keys_build(im->keys, im->s, err);
        else if (!code && im->was_empty)
            code = store_gram_build(im->s, err);
        if (code)
            store_rollback(im->s);
        else
            code = store_commit(im->s, err);
        /* A later import's fold, once its rows are in: built beside the
         * desks' verdicts, the write lock held only to write it.  Its
         * failure leaves the index as it was, still right (its changed
         * ids read beside it), for the next writer to fold. */
        if (!code && !im->was_empty) {
            struct ck_error ignored;
            int folded = store_gram_fold(im->s, NULL, NULL, NULL, &ignored);
            (void)folded;
        }
        if (!code && im->counts.rejected)
            code = ck_failn(err, CK_EINVAL, (unsigned long)im->counts.rejected,
                            "%ld row of %s was rejected and skipped; "
                            "the other rows were imported.",
                            "%ld rows of %s were rejected and skipped; "
                            "the other rows were imported.",
                            im->counts.rejected, im->path);
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

int64_t importer_type_id(struct importer *im, const char *slug)
{
    return table_id(im->types, slug);
}

int64_t importer_tutorial_id(struct importer *im, const char *slug)
{
    return table_id(im->tutorials, slug);
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

sqlite3_stmt *importer_door_stmt(struct importer *im)
{
    return im->q[Q_DOOR];
}

int importer_statement(struct importer *im, const char *sql, sqlite3_stmt **out,
                       struct ck_error *err)
{
    for (int i = 0; i < im->nkept; i++)
        if (im->kept[i].sql == sql || !strcmp(im->kept[i].sql, sql)) {
            *out = im->kept[i].st;
            return CK_OK;
        }
    if (im->nkept == IMPORT_KEPT_STATEMENTS)
        return ck_fail(err, CK_EINVAL,
                       "The import keeps at most %d statements; this is a "
                       "bug in checkin, please report it.",
                       IMPORT_KEPT_STATEMENTS);
    im->kept[im->nkept].st = NULL;
    int code = store_prepare(im->s, sql, &im->kept[im->nkept].st, out,
                             N_("importing list items"), err);
    if (code)
        return code;
    im->kept[im->nkept++].sql = sql;
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

int importer_ask_question(struct importer *im, const char *ident,
                          const char *label, const char *type, bool required,
                          struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        im->s,
        ident ? "INSERT INTO question (identifier, label, ask, required)"
                " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (identifier) DO UPDATE"
                " SET label = ?2, ask = ?3, required = ?4"
              /* The event's acknowledgements are not pretix's. */
              : "UPDATE question SET ask = NULL, required = 0 WHERE ask IS"
                " NOT NULL AND ask <> 'A'",
        NULL, &q, N_("keeping the questions asked at check-in"), err);
    if (code)
        return code;
    if (ident) {
        sqlite3_bind_text(q, 1, ident, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, label && *label ? label : ident, -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(q, 3, type && *type ? type : "S", -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 4, required);
    }
    code = store_step_done(im->s, q,
                           N_("keeping the questions asked at check-in"), err);
    if (!code && ident && !g_hash_table_contains(im->shown, ident))
        g_hash_table_insert(im->shown, g_strdup(ident), g_strdup(ident));
    return code;
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

struct vanish *importer_vanish(struct importer *im)
{
    return &im->vanish;
}

struct import_counts *importer_counts(struct importer *im)
{
    return &im->counts;
}

const char *importer_path(const struct importer *im)
{
    return im->path;
}

bool importer_force(const struct importer *im)
{
    return im->opt && im->opt->force;
}

int64_t importer_now_ms(const struct importer *im)
{
    return im->now_ms;
}

/* Attendee `id` is listed by the pretix export being read. */
static int mark_listed(struct importer *im, int64_t id, struct ck_error *err)
{
    if (!im->vanish.pretix || id <= 0 ||
        import_idset_add(&im->vanish.listed, id))
        return CK_OK;
    return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
}

int importer_listed(struct importer *im, const char *ticket_id,
                    struct ck_error *err)
{
    /* In a first import no ticket is stored yet. */
    if (!im->vanish.pretix || im->was_empty || import_empty(ticket_id))
        return CK_OK;
    sqlite3_stmt *find = im->q[Q_FIND];
    sqlite3_bind_text(find, 1, ticket_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(find);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(find, 0) : 0;
    sqlite3_reset(find);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(im->s, rc, N_("importing registrations"), err);
    return mark_listed(im, id, err);
}

bool importer_desk_changed(struct importer *im, const char *ticket_id)
{
    return g_hash_table_contains(im->changed, ticket_id);
}

const char *importer_setting(struct importer *im, const char *key)
{
    return g_hash_table_lookup(im->settings, key);
}

/* ---- storing ---- */

static int step_done(struct importer *im, sqlite3_stmt *st,
                     struct ck_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(im->s, rc, N_("importing registrations"), err);
    return CK_OK;
}

static bool is_cancelled(enum order_status st)
{
    return st == STATUS_CANCELLED || st == STATUS_REFUNDED;
}

static int flush_tutorials(struct importer *im, struct ck_error *err);

int importer_flush_secrets(struct importer *im, struct ck_error *err)
{
    int code = flush_tutorials(im, err);
    return code ? code
                : import_held_store(&im->held, im->s, im->q[Q_SECRET_INSERT],
                                    err);
}

bool importer_holds_secret(const struct importer *im, const char *secret)
{
    int64_t owner;
    return import_held_owner(&im->held, &im->secrets, NULL, secret, &owner);
}

/* Refuse the row's `secret`, held for attendee `owner`. */
static void held_taken(struct importer *im, const struct reg_row *r,
                       const char *secret, int64_t owner)
{
    sqlite3_stmt *q = NULL;
    struct ck_error ignored;
    const char *ticket = "?";
    if (importer_statement(im, "SELECT ticket_id FROM attendee WHERE id = ?1",
                           &q, &ignored) == CK_OK) {
        sqlite3_bind_int64(q, 1, owner);
        if (sqlite3_step(q) == SQLITE_ROW)
            ticket = (const char *)sqlite3_column_text(q, 0);
    }
    importer_reject(im, r->line,
                    &(struct import_note){.why = IMPORT_SECRET_TAKEN,
                                          .value = secret,
                                          .other = ticket});
    if (q)
        sqlite3_reset(q);
}

/* Refuse a secret that belongs to somebody else; returns 1 if refused. */
static int secrets_taken(struct importer *im, struct reg_row *r,
                         struct clean_row *c, int64_t self,
                         struct ck_error *err, int *code)
{
    sqlite3_stmt *q = im->q[Q_SECRET_OWNER];
    for (int i = 0; i < c->nsecrets; i++) {
        int64_t owner;
        struct sieve_at *at = &c->sieve[i];
        if (im->secrets.bits)
            import_sieve_at(c->secrets[i], at);
        if (import_held_owner(&im->held, &im->secrets, at, c->secrets[i],
                              &owner)) {
            if (owner == self)
                continue;
            held_taken(im, r, c->secrets[i], owner);
            return 1;
        }
        if (!import_sieve_maybe_at(&im->secrets, at))
            continue;
        sqlite3_bind_text(q, 1, c->secrets[i], -1, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW && sqlite3_column_int64(q, 1) != self) {
            importer_reject(
                im, r->line,
                &(struct import_note){
                    .why = IMPORT_SECRET_TAKEN,
                    .value = c->secrets[i],
                    .other = (const char *)sqlite3_column_text(q, 0)});
            sqlite3_reset(q);
            return 1;
        }
        sqlite3_reset(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            *code = store_sqlite_fail(im->s, rc, N_("importing registrations"),
                                      err);
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
        if (im->was_empty) {
            import_sieve_add_at(&im->secrets, &c->sieve[i]);
            if ((code = import_held_add(&im->held, c->secrets[i], id, revoked,
                                        err)))
                return code;
            continue;
        }
        q = im->q[Q_SECRET_INSERT];
        sqlite3_bind_text(q, 1, c->secrets[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, id);
        sqlite3_bind_int(q, 3, revoked);
        if ((code = step_done(im, q, err)))
            return code;
        import_sieve_add_at(&im->secrets, &c->sieve[i]);
    }
    return CK_OK;
}

/* The tutorial rows a first import holds written: TUT_BATCH to the
 * INSERT prepared at the first full batch, fewer one at a time. */
static int flush_tutorials(struct importer *im, struct ck_error *err)
{
    int code = CK_OK, n = im->ntut_held;
    sqlite3_stmt *q = im->q[Q_TUT_ADD];
    if (n == TUT_BATCH && !im->tut_many) {
        static const char head[] = "INSERT OR IGNORE INTO attendee_tutorial "
                                   "(attendee_id, tutorial_id) VALUES (?, ?)";
        char sql[sizeof(head) + (TUT_BATCH - 1) * 8];
        size_t at = sizeof(head) - 1;
        memcpy(sql, head, at);
        for (int i = 1; i < TUT_BATCH; i++, at += 8)
            memcpy(sql + at, ", (?, ?)", 8);
        sql[at] = '\0';
        code = store_prepare(im->s, sql, NULL, &im->tut_many,
                             N_("importing registrations"), err);
    }
    if (!code && n == TUT_BATCH) {
        for (int i = 0; i < 2 * n; i++)
            sqlite3_bind_int64(im->tut_many, i + 1, im->tut_held[i]);
        code = step_done(im, im->tut_many, err);
    }
    for (int i = 0; !code && n < TUT_BATCH && i < n; i++) {
        sqlite3_bind_int64(q, 1, im->tut_held[2 * i]);
        sqlite3_bind_int64(q, 2, im->tut_held[2 * i + 1]);
        code = step_done(im, q, err);
    }
    im->ntut_held = 0;
    return code;
}

static int write_tutorials(struct importer *im, int64_t id, bool fresh,
                           const struct clean_row *c, struct ck_error *err)
{
    int code;
    /* A first import's new registration's tutorials are held and written
     * TUT_BATCH rows to a statement: a statement a row took SQLite's
     * start and end of a statement (sqlite3VdbeHalt alone 1,160
     * instructions, callgrind) for each third of the rows that has one.
     * What reads attendee_tutorial writes them first
     * (importer_flush_secrets, fill_absent). */
    if (fresh && im->was_empty) {
        for (int i = 0; i < c->ntuts; i++) {
            if (im->ntut_held == TUT_BATCH && (code = flush_tutorials(im, err)))
                return code;
            im->tut_held[2 * im->ntut_held] = id;
            im->tut_held[2 * im->ntut_held++ + 1] = c->tuts[i];
        }
        return CK_OK;
    }
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
                        const unsigned char *fp)
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
        return store_sqlite_fail(im->s, rc, N_("importing registrations"), err);
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
    if (im->was_empty && !import_seen_find(&im->seen, r->ticket_id, &first))
        return CK_OK;
    sqlite3_stmt *q = im->q[Q_STORED];
    sqlite3_bind_text(q, 1, r->ticket_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            return store_sqlite_fail(im->s, rc, N_("importing registrations"),
                                     err);
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
    if ((a & REG_BADGE) && !import_is_composed(badge, given, family))
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
    if ((a & REG_TUTORIALS) && (rc = flush_tutorials(im, err)))
        return rc;
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
            return store_sqlite_fail(im->s, rc, N_("importing registrations"),
                                     err);
    }
    if ((a & REG_SECRETS) && (rc = importer_flush_secrets(im, err)))
        return rc;
    if (a & REG_SECRETS)
        return stored_secrets(im, id, r, st, err);
    return CK_OK;
}

/* The columns of `absent` a new registration needs (but a name), for a
 * message: "order_code, status". */
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
}

static int store_row(struct importer *im, struct reg_row *r, struct stored *st,
                     struct ck_error *err);

int importer_row(struct importer *im, struct reg_row *r, struct ck_error *err)
{
    im->row_key = r->locate_key;
    im->row_place = r->place;
    struct stored st = {0};
    int code = store_row(im, r, &st, err);
    stored_free(&st);
    im->row_key = NULL;
    im->row_place = NULL;
    return code;
}

/* Whether the row is the first of its ticket in the file; another is
 * reported. */
static int first_in_file(struct importer *im, const struct reg_row *r,
                         bool *first_row /* out */, struct ck_error *err)
{
    long first = 0;
    int added = import_seen_add_new(&im->seen, r->ticket_id, r->line, &first);
    if (added < 0)
        return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    *first_row = added > 0;
    if (*first_row)
        return CK_OK;
    /* A pretix row's place is its order and position (r->place), and
     * the first one's line is not known: 0 named no line. */
    if (r->place || first <= 0)
        importer_reject(im, r->line,
                        &(struct import_note){.why = IMPORT_POSITION_TWICE,
                                              .value = r->ticket_id});
    else
        importer_reject(im, r->line,
                        &(struct import_note){.why = IMPORT_TICKET_TWICE,
                                              .value = r->ticket_id,
                                              .n = first});
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
    /* The desks' changes may give the row another search key: the keys
     * a first import kept no longer stand for the table. */
    import_keys_free(im->keys);
    im->keys = NULL;
    im->keys_forgot = true;
    int code = importer_flush_secrets(im, err);
    if (code)
        return code;
    code = store_exec(im->s, "PRAGMA ignore_check_constraints = OFF", err);
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
    import_prefetch(&im->seen, &im->secrets, r->ticket_id, r->secrets);
    if (import_fields_refused(im, r))
        return CK_OK;
    if (r->absent && !import_empty(r->ticket_id)) {
        int code = fill_absent(im, r, st, err);
        if (code)
            return code;
        bool can_add = !(r->absent & REG_NEW_NEEDS) &&
                       (r->absent & REG_NAMES) != REG_NAMES;
        if (!st->found && !can_add) {
            char need[160];
            needed_columns(r->absent, need, sizeof(need));
            importer_reject(im, r->line,
                            &(struct import_note){
                                .why = IMPORT_NEW_NEEDS_COLUMNS,
                                .value = r->ticket_id,
                                .other = need,
                                .flag = (r->absent & REG_NAMES) == REG_NAMES});
            return CK_OK;
        }
    }
    struct clean_row c = {0};
    if (!import_validate(im, r, &c))
        return importer_listed(im, r->ticket_id, err);

    bool first_row = false;
    int code = first_in_file(im, r, &first_row, err);
    if (code || !first_row)
        return code;

    unsigned char fp[16];
    import_fingerprint(r, &c, fp);

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
        return store_sqlite_fail(im->s, rc, N_("importing registrations"), err);
    if ((code = mark_listed(im, id, err)))
        return code;
    if (same) {
        im->counts.unchanged++;
        return CK_OK;
    }
    if ((r->absent & REG_SECRETS) && st->found && is_cancelled(old) &&
        !is_cancelled(c.status)) {
        importer_reject(
            im, r->line,
            &(struct import_note){.why = IMPORT_CANCEL_NEEDS_SECRET,
                                  .value = r->ticket_id,
                                  .other = order_status_str(c.status)});
        return CK_OK;
    }

    code = CK_OK;
    if (secrets_taken(im, r, &c, id, err, &code))
        return code;

    char *key = import_search_key(r, &c);
    if (!key)
        return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    sqlite3_stmt *q = im->q[id ? Q_UPDATE : Q_INSERT];
    bind_fields(q, r, &c, key, fp);
    if (id) {
        sqlite3_bind_int64(q, 15, id);
        sqlite3_bind_int(q, 16, r->testmode);
    } else {
        if (im->testmode_bound != r->testmode)
            sqlite3_bind_int(q, 16, r->testmode);
        im->testmode_bound = r->testmode;
        import_door_bind(q, 17, r, &im->door_nulls);
    }
    code = step_done(im, q, err);
    bool fresh = id == 0;
    if (!code && fresh)
        id = sqlite3_last_insert_rowid(store_db(im->s));
    if (!code && fresh && im->was_empty && !im->keys_forgot)
        code = import_keys_add(&im->keys, id, key, err);
    free(key);
    if (code)
        return code;
    if (fresh) {
        if ((code = mark_listed(im, id, err)))
            return code;
    }
    if ((code = write_secrets(im, id, fresh, &c, err)) ||
        (code = write_tutorials(im, id, fresh, &c, err)) ||
        (code = import_addon_codes_row(im, id, r, is_cancelled(c.status), fresh,
                                       err)) ||
        (code = import_items_row(im, id, r, err)) ||
        (code = import_door_row(im, id, fresh, r, err)) ||
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

/* What `head`, the file's first bytes, is: JSON opens with '{' or '['. */
static enum import_format detect(const char *head, size_t len)
{
    size_t i = 0;
    while (len - i >= 3 && !memcmp(head + i, "\xef\xbb\xbf", 3))
        i += 3;
    while (i < len && strchr(" \t\r\n", head[i]) && head[i])
        i++;
    /* A JSON array is no CSV either: the pretix reader says what it is. */
    return i < len && (head[i] == '{' || head[i] == '[') ? IMPORT_PRETIX
                                                         : IMPORT_CSV;
}

/* Import `data`, or when it is NULL the file `f`. */
static int run(store *s, const char *name, const char *data, size_t len,
               FILE *f, enum import_format fmt,
               const struct import_options *opt, struct import_counts *counts,
               struct ck_error *err)
{
    /* A first import alone with the file is written with a rollback
     * journal, not the WAL, and the file made WAL again (store/alone.c). */
    bool alone = false;
    struct importer *im;
    int code =
        store_row_exists(s, FIRST_IMPORT_NOT)
            ? CK_OK
            : store_journal_alone(s, &alone, N_("starting the import"), err);
    if (!code && !(code = importer_new(s, name, opt, &im, err))) {
        code = fmt == IMPORT_PRETIX ? import_pretix(im, name, data, len, f, err)
                                    : import_csv(im, name, data, len, f, err);
        if (code)
            importer_abort(im);
        else
            code = importer_finish(im, counts, err);
    }
    if (alone)
        store_journal_wal(s);
    return code;
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
