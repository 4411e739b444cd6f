/* Private to the importers: the format-neutral registration row, the
 * checks that make it storable (import_row.c), the sets of what an import
 * has seen (import_seen.c) and the engine that stores one row (import.c).
 * import_csv.c and import_pretix.c only turn their format into rows. */
#ifndef CHECKIN_IMPORT_PRIV_H
#define CHECKIN_IMPORT_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "checkin/admission.h"
#include "checkin/buf.h"
#include "checkin/import.h"
#include "checkin/store_sql.h"

#define IMPORT_MAX_TUTORIALS ATTENDEE_MAX_TUTORIALS
/* Positions of one registration that lists name: more is abuse. */
#define IMPORT_MAX_ITEMS 16
/* Codes of one registration: its ticket's and its add-ons' own. */
#define IMPORT_MAX_SECRETS 8
/* Longest name, company or email accepted, in characters.  The longest
 * real names seen on badges are well under 100; 10 KB "names" are abuse. */
#define MAX_FIELD_CHARS 200

/* One attendee as a source file describes it.  Strings are borrowed from
 * the parser and may be modified (cleaned) in place by the engine. */
struct reg_row {
    long line; /* 0: ask the locator (see importer_set_locator) */
    const struct import_place *place; /* or its order and position */
    bool testmode;                    /* a pretix test-mode order */
    const char *locate_key;
    char *ticket_id;
    char *order_code;
    char *status;
    char *ticket_type;      /* slug (CSV) ... */
    int64_t ticket_type_id; /* ... or resolved id (pretix), 0 if unset */
    char *secrets;          /* separated by white space */
    /* the own codes of its pretix tutorial add-ons, separated by spaces
     * (issue 30); NULL when the source has none to give (CSV) */
    char *addon_secrets;
    char *given_name, *family_name, *badge_name;
    /* given_name is the whole name, its parts unknown (pretix's exporter
     * writes only attendee_name): the fingerprint takes it as before,
     * when it was not stored, so a re-import still says "unchanged" */
    bool whole_name;
    char *pronouns, *company, *email;
    char *tutorials; /* slugs separated by space , ; (CSV) ... */
    int64_t tutorial_ids[IMPORT_MAX_TUTORIALS]; /* ... or resolved ids */
    int ntutorial_ids;
    char *consent; /* yes/no/true/false/1/0/"" */
    /* pretix positions some list names (the registration's own and its
     * add-ons'), and answers to the questions some list shows; written
     * by import_items.c (issue 29) */
    struct reg_item {
        char *position, *item, *variation, *variation_name;
        char *secret; /* an add-on's own secret, else NULL */
    } items[IMPORT_MAX_ITEMS];
    int nitems;
    struct reg_answer {
        char *question, *label, *answer;
    } answers[LIST_MAX_QUESTIONS];
    int nanswers;
    /* What the export says of the ticket at the door (issue 49; NULL: the
     * source says nothing, CSV, and a stored registration keeps its). */
    const struct reg_door *door;
    /* A CSV's `locale` column, checked (import_csv.c): the registration's
     * language; NULL when the file has no such column (a stored one is
     * kept), "" to clear it.  A pretix order's is door->locale. */
    const char *locale;
    /* The fields the file has no column for (REG_*, or-ed; 0 for pretix):
     * a registration already stored keeps its values of these. */
    unsigned absent;
};

/* What a pretix export says of a ticket at the door (import_door.c):
 * blocked and its reasons, the validity window (UTC ms; `has_*` false:
 * unbounded), the attention cue's text ("" none), its positions' seats
 * ("" none) and the order's locale. */
#define REG_DOOR_TEXT 512
struct reg_door {
    bool blocked;
    char blocked_why[128];
    bool has_from, has_until;
    int64_t valid_from_ms, valid_until_ms;
    char attention[REG_DOOR_TEXT];
    char seat[256];
    char locale[32];
};

/* Whether the `n` bytes at `s` are a code the importer stores: 4 to 128
 * letters, digits or -_.:+/= (what every registration system prints). */
bool import_secret_valid(const char *s, size_t n);

enum {
    REG_ORDER = 1u << 0,
    REG_STATUS = 1u << 1,
    REG_TYPE = 1u << 2,
    REG_SECRETS = 1u << 3,
    REG_GIVEN = 1u << 4,
    REG_FAMILY = 1u << 5,
    REG_BADGE = 1u << 6,
    REG_PRONOUNS = 1u << 7,
    REG_COMPANY = 1u << 8,
    REG_EMAIL = 1u << 9,
    REG_TUTORIALS = 1u << 10,
    REG_CONSENT = 1u << 11,
};
/* What a new registration cannot do without: all of these ... */
#define REG_NEW_NEEDS (REG_ORDER | REG_STATUS | REG_TYPE | REG_SECRETS)
/* ... and one of these. */
#define REG_NAMES (REG_GIVEN | REG_FAMILY | REG_BADGE)

struct importer;

/* ---- what an import has seen (import_seen.c) ---- */

/* The secrets a fresh import has stored so far, as a Bloom filter: "no"
 * is certain, "maybe" is asked of SQLite.  In an event with no
 * registration yet, a secret the filter has not been given is in no
 * table, so the look-up of its owner is left out for it; a ticket not yet
 * in the file (struct seen) is in no table either, so the look-up of what
 * it has stored is left out too. */
struct sieve {
    uint64_t *bits; /* 2 MB of bits; NULL: not a fresh import */
};

/* Give `sv` its bits; false when out of memory. */
bool import_sieve_new(struct sieve *sv);
void import_sieve_add(struct sieve *sv, const char *s);
/* Whether `s` may have been added; always true when there is no filter. */
bool import_sieve_maybe(const struct sieve *sv, const char *s);
/* Free the bits; `sv` is then no filter. */
void import_sieve_free(struct sieve *sv);
/* A secret's word and bits in the filter, hashed once for a row's three
 * uses of it (the held set's look-up, the owner's, the add). */
struct sieve_at {
    size_t word;
    uint64_t mask;
};
void import_sieve_at(const char *s, struct sieve_at *at /* out */);
void import_sieve_add_at(struct sieve *sv, const struct sieve_at *at);
bool import_sieve_maybe_at(const struct sieve *sv, const struct sieve_at *at);

/* The tickets of this file so far, each with the line it came on, to
 * refuse a ticket that comes twice: an open-addressing hash set in memory.
 * It was a temporary table in SQLite, an insert (and a B-tree seek) a
 * row: 5,800 instructions of a row's 80,000 (callgrind, 10,000 rows).
 * All zero is an empty set. */
struct seen {
    uint16_t *tag; /* a slot's tag, 0 empty (import_seen.c) */
    uint32_t *off; /* and its entry's offset + 1 in text */
    size_t nslots; /* a power of two, at least twice n */
    size_t n;
    struct ck_buf text; /* the entries the slots point into */
};

/* Whether `ticket` has come; if so *line is the line it came on first. */
bool import_seen_find(const struct seen *sn, const char *ticket,
                      long *line /* out */);
/* Add `ticket`, which is not in the set yet; false when out of memory. */
bool import_seen_add(struct seen *sn, const char *ticket, long line);
/* Add `ticket` unless it has come: 1 added, 0 it had (*first is the line
 * it came on first), -1 out of memory. */
int import_seen_add_new(struct seen *sn, const char *ticket, long line,
                        long *first /* out */);
/* Empty the set, keeping its memory for what comes next. */
void import_seen_clear(struct seen *sn);
/* Ask the processor for the slot of `ticket` in `sn` and the word of
 * `secret` in `sv` (either may be NULL), so that a row's look-ups a little
 * later find them in its caches; changes nothing. */
void import_prefetch(const struct seen *sn, const struct sieve *sv,
                     const char *ticket, const char *secret);
/* Free the set and make it empty again. */
void import_seen_free(struct seen *sn);

/* ---- a first import's secrets, merged once (import_spill.c) ---- */

/* A secret held back for attendee `id`. */
struct held_secret {
    uint64_t head; /* the secret's first 8 bytes, big-endian: sorts first */
    const char *s; /* in struct held's text, once sorted */
    int64_t id;
    uint32_t off; /* of s in held_text (a run's texts, under 9 MB) */
    int revoked;
};

/* Sorted runs of secrets in a temporary file of the import's own, made
 * on the first run and gone from its folder at once. */
struct spill;

/* Write the `n` secrets of `h`, sorted by strcmp, as one run (*spp made
 * on the first). */
int import_spill_run(struct spill **spp, const struct held_secret *h, size_t n,
                     struct ck_error *err) CK_MUST_CHECK;
/* Whether a run holds `secret`, and for whom; a read that fails counts as
 * not found and makes the merge fail. */
bool import_spill_find(struct spill *sp, const char *secret,
                       int64_t *owner /* out */);
/* Every run's secrets and the `nmem` of `mem` (sorted too) given to `put`
 * in key order. */
int import_spill_merge(struct spill *sp, const struct held_secret *mem,
                       size_t nmem,
                       int (*put)(void *ctx, const char *secret, size_t len,
                                  int64_t id, int revoked,
                                  struct ck_error *err),
                       void *ctx, struct ck_error *err) CK_MUST_CHECK;
void import_spill_free(struct spill *sp);
/* pwrite and pread of all `n` bytes at `at` of `fd`, again after EINTR
 * or a short count; false on an error (errno says which) or the file's
 * end.  Shared with import_keys.c's runs. */
bool import_pwrite_all(int fd, const char *p, size_t n, off_t at);
bool import_pread_all(int fd, char *p, size_t n, off_t at);

/* The secrets import_spill_merge gives, written into ticket_secret
 * (import_secret_put.c): import_secret_batch_put is its `put`, with the
 * batch as its ctx, and import_secret_batch_flush writes what is left
 * through `one`, the caller's INSERT of one secret (?1 secret, ?2
 * attendee, ?3 revoked), which it keeps. */
struct secret_batch;
int import_secret_batch_new(store *s, sqlite3_stmt *one,
                            struct secret_batch **out,
                            struct ck_error *err) CK_MUST_CHECK;
int import_secret_batch_put(void *ctx, const char *secret, size_t len,
                            int64_t id, int revoked,
                            struct ck_error *err) CK_MUST_CHECK;
int import_secret_batch_flush(struct secret_batch *b,
                              struct ck_error *err) CK_MUST_CHECK;
void import_secret_batch_free(struct secret_batch *b);

/* ---- what a first import does otherwise (import_first.c) ---- */

/* Drop the secondary indexes of the tables a first import fills and the
 * trigram index's triggers (their CREATE statements kept in `indexes`,
 * each NUL-ended, which the caller frees), and give the import its page
 * cache. */
int import_first_begin(store *s, struct ck_buf *indexes,
                       struct ck_error *err) CK_MUST_CHECK;
/* Build again, in the import's transaction, what import_first_begin
 * dropped. */
int import_first_indexes(store *s, const struct ck_buf *indexes,
                         struct ck_error *err) CK_MUST_CHECK;

/* A first import's secrets not stored yet: the run being gathered (`h`,
 * their texts in `text`, each secret's place in `at`) and the runs
 * written sorted to `spill`.  All zero is none held. */
struct held {
    struct held_secret *h;
    size_t n, cap;
    struct ck_buf text;
    struct seen at; /* secret -> its index in h */
    struct spill *spill;
    struct held_secret *scratch; /* the radix sort's other half */
    size_t scratch_cap;
};

/* Sort the `n` secrets of `h` (their `s` set) into strcmp's order of
 * their texts, which their heads agree with, equal texts by their ids,
 * using `scratch`, room for `n` more (import_first.c).  A first import's
 * search keys are sorted in the same records (import_keys.c). */
void import_held_sort(struct held_secret *h, size_t n,
                      struct held_secret *scratch);

/* Hold `secret` for attendee `id`; a full run is sorted and written. */
int import_held_add(struct held *hd, const char *secret, int64_t id,
                    bool revoked, struct ck_error *err) CK_MUST_CHECK;
/* Store every secret held into ticket_secret in key order, through `one`
 * for the last few (see import_secret_batch_new); then none is held. */
int import_held_store(struct held *hd, store *s, sqlite3_stmt *one,
                      struct ck_error *err) CK_MUST_CHECK;
/* Whether `secret` is held, in memory or in a run written; if so *owner
 * is the attendee it is held for.  `sv` is the sieve every held secret
 * was given first, `at` the secret's place in it (NULL: hashed here). */
bool import_held_owner(const struct held *hd, const struct sieve *sv,
                       const struct sieve_at *at, const char *secret,
                       int64_t *owner /* out */);
/* Free what `hd` holds; it is then all zero. */
void import_held_free(struct held *hd);

/* ---- a first import's search keys (import_keys.c) ---- */

/* The keys of the registrations a first import inserted, in sorted runs
 * of a temporary file, for the trigram index (store_gram.h). */
struct keys;

/* Keep registration `id`'s search key (*kp made on the first). */
int import_keys_add(struct keys **kp, int64_t id, const char *key,
                    struct ck_error *err) CK_MUST_CHECK;
/* Build the trigram index from the keys kept, which must be every
 * registration's in the file, in the import's transaction; with none
 * kept (`k` NULL), or a temporary file that failed, from the table
 * (store_gram_build). */
int import_keys_build(struct keys *k, store *s,
                      struct ck_error *err) CK_MUST_CHECK;
void import_keys_free(struct keys *k);

/* ---- what a whole pretix export no longer lists (import_vanish.c) ---- */

/* Attendee ids as bits, bit i for id i: the registrations this file
 * lists.  1,000,000 attendees take 125 KB.  All zero is an empty set. */
struct idset {
    uint64_t *w;
    size_t nw;
};

/* Add `id` (> 0); false when out of memory. */
bool import_idset_add(struct idset *set, int64_t id);
bool import_idset_has(const struct idset *set, int64_t id);
void import_idset_free(struct idset *set);

/* What a pretix import learns of the export as a whole, to cancel what
 * it no longer lists and to date it: kept by the importer. */
struct vanish {
    struct idset listed; /* attendees whose ticket the export lists */
    int64_t newest_ms;   /* the newest order's datetime, 0: none */
    char newest[40];     /* and as the export wrote it */
    char **emptied;      /* orders paid with no position left */
    size_t nemptied, cap_emptied;
    bool pretix; /* a pretix export is being read */
};

/* One order of the export: its code, status, datetime (NULL when
 * absent), whether it is a test-mode order and how many positions it
 * lists; false when out of memory. */
bool import_vanish_order(struct vanish *v, const char *code, const char *status,
                         const char *datetime, size_t npos, bool testmode);
/* The export read whole: refuse it when older than the one imported last
 * (unless opt->force), cancel what it no longer lists, and keep what it
 * listed and its date for the next import. */
int import_vanish_finish(struct importer *im,
                         struct ck_error *err) CK_MUST_CHECK;
void import_vanish_free(struct vanish *v);

/* The importer's record of the export (import.c). */
struct vanish *importer_vanish(struct importer *im);
/* The export lists ticket `ticket_id`, which it does not import (a
 * test-mode, unmapped or refused position): if it is stored, it is not
 * cancelled as no longer listed. */
int importer_listed(struct importer *im, const char *ticket_id,
                    struct ck_error *err) CK_MUST_CHECK;
struct import_counts *importer_counts(struct importer *im);
const char *importer_path(const struct importer *im);
bool importer_force(const struct importer *im);
int64_t importer_now_ms(const struct importer *im);

/* ---- a row made storable (import_row.c) ---- */

static inline bool import_empty(const char *s)
{
    return !s || !*s;
}

/* A row's values as the engine stores them, made by import_validate. */
struct clean_row {
    enum order_status status;
    int64_t type_id;
    bool consent;
    char *secrets[IMPORT_MAX_SECRETS]; /* sorted, pointing into the row */
    int nsecrets;
    /* each secret's place in the import's sieve (secrets_taken) */
    struct sieve_at sieve[IMPORT_MAX_SECRETS];
    int64_t tuts[IMPORT_MAX_TUTORIALS]; /* sorted, without repeats */
    int ntuts;
    char badge_name[4 * MAX_FIELD_CHARS + 2];
};

/* Clean `r` in place and fill `c` (zeroed by the caller); false when the
 * row is refused, which has then been reported and counted. */
bool import_validate(struct importer *im, struct reg_row *r,
                     struct clean_row *c);
/* `v` in decimal into `out`, NUL-terminated; its length.  For the numbers
 * of every row, where snprintf's format parsing cost a thousand
 * instructions a call. */
size_t import_i64_text(int64_t v, char out[24]);
/* What a re-import compares to say "unchanged": a hash of the stored
 * values of `r` and `c`. */
void import_fingerprint(const struct reg_row *r, const struct clean_row *c,
                        unsigned char out[16]);
/* The folded search key of the row (text_search_key of its names, email,
 * company, order code and ticket id); NULL when out of memory, else the
 * caller frees it. */
char *import_search_key(const struct reg_row *r, const struct clean_row *c);
/* Whether `badge` is what import_validate makes of `given` and `family`
 * (neither NULL). */
bool import_is_composed(const char *badge, const char *given,
                        const char *family);

/* Bind `row->door` (NULL: every one NULL) to a new registration's insert,
 * parameters `first` to first + 6: blocked, blocked_why, valid_from_ms,
 * valid_until_ms, attention, seat, locale (import_door.c).  Bit i of
 * *nulls says parameter first + i is bound NULL already (the caller's,
 * 0 for a statement just prepared; kept up to date here). */
void import_door_bind(sqlite3_stmt *q, int first, const struct reg_row *row,
                      unsigned *nulls);
/* Store `row->door` on attendee `attendee_id` (nothing when NULL, nor
 * when `fresh`: its insert took them), inside the import's transaction
 * (import_door.c). */
int import_door_row(struct importer *im, int64_t attendee_id, bool fresh,
                    const struct reg_row *row,
                    struct ck_error *err) CK_MUST_CHECK;
/* An ISO 8601 date and time as pretix writes it
 * ("2026-09-26T00:00:00.000Z") to UTC ms; false when it is none. */
bool import_iso_ms(const char *iso, int64_t *ms /* out */);

/* ---- the engine (import.c) ---- */

int importer_new(store *s, const char *path, const struct import_options *opt,
                 struct importer **out, struct ck_error *err) CK_MUST_CHECK;
/* Validate and store one row.  A row the engine refuses is reported and
 * counted and returns CK_OK; only failures that must stop the whole file
 * (database errors) return an error. */
int importer_row(struct importer *im, struct reg_row *row,
                 struct ck_error *err) CK_MUST_CHECK;
/* A warning about the row being stored (its place or line given) or,
 * outside importer_row, about the file. */
void importer_warn(struct importer *im, long line,
                   const struct import_note *why);
/* Report `n` rows refused for one cause, in one message. */
void importer_reject_n(struct importer *im, long n,
                       const struct import_note *why);
/* Say, in the counts, which columns the file lacks (names separated by
 * ", "): the summary tells that those were kept as stored. */
void importer_note_absent(struct importer *im, const char *names);
/* Count a pretix test-mode position left out. */
void importer_count_testmode(struct importer *im);
bool importer_include_testmode(const struct importer *im);
/* The slug of the event in the database. */
const char *importer_event_slug(const struct importer *im);
/* Report a row refused (by the format parser, or the engine). */
void importer_reject(struct importer *im, long line,
                     const struct import_note *why);
void importer_progress(struct importer *im, uint64_t done, uint64_t total);
/* For formats that cannot cheaply know a row's line: `locate` is called
 * only when a row is rejected, with the row's locate_key. */
void importer_set_locator(struct importer *im,
                          long (*locate)(void *ctx, const char *key),
                          void *ctx);
/* Reject with a line found by the locator from `key`. */
void importer_reject_at(struct importer *im, const char *key,
                        const struct import_note *why);
/* Commit or roll back as the rules say; fills counts. */
int importer_finish(struct importer *im, struct import_counts *counts,
                    struct ck_error *err) CK_MUST_CHECK;
/* Abandon: roll back and free.  Accepts NULL. */
void importer_abort(struct importer *im);

/* Look up a mapped pretix item: sets exactly one of the outputs, or
 * returns CK_ENOTFOUND. */
int importer_pretix_item(struct importer *im, const char *item,
                         int64_t *ticket_type_id, int64_t *tutorial_id);
/* Whether some list names pretix item `item` (or "ITEM:VARIATION"):
 * the slug of one such list, else NULL. */
const char *importer_list_item(struct importer *im, const char *item);
/* Whether any list names an item or shows a question: without, the
 * import stores no positions nor answers. */
bool importer_lists_matter(struct importer *im);
/* Whether some list shows the question with identifier `ident`. */
bool importer_shown_question(struct importer *im, const char *ident);
/* A question pretix asks during check-in (issue 49), of pretix `type`:
 * kept in `question` with its type (question.ask) and its answers kept
 * as a shown question's are.  With `ident` NULL: no question is asked
 * any longer (before an export's own are kept). */
int importer_ask_question(struct importer *im, const char *ident,
                          const char *label, const char *type, bool required,
                          struct ck_error *err) CK_MUST_CHECK;
/* Call `fn` for each item some list names, with the list's slug. */
void importer_each_list_item(struct importer *im,
                             void (*fn)(void *ctx, const char *item,
                                        const char *slug),
                             void *ctx);
/* Call `fn` for each list with stock, with its variations
 * space-separated ("S M L"; a stock's variation is one word). */
void importer_each_list_stock(struct importer *im,
                              void (*fn)(void *ctx, const char *slug,
                                         const char *variations),
                              void *ctx);
/* The id of ticket type or tutorial `slug` in the event; 0 when it has
 * none or `slug` is NULL. */
int64_t importer_type_id(struct importer *im, const char *slug);
int64_t importer_tutorial_id(struct importer *im, const char *slug);
/* The store being imported into. */
store *importer_store(struct importer *im);
/* The import's prepared statement that stores what pretix says at the
 * door (import_door.c binds ?1 to ?8); reset after each use. */
sqlite3_stmt *importer_door_stmt(struct importer *im);

/* The import's statement for `sql` (a string literal of the caller),
 * prepared on first use and kept until the import ends; the caller binds,
 * steps and resets it.  Preparing the list items' and add-on codes'
 * statements for each row was a third of a pretix import's instructions
 * (callgrind, 10,000 positions). */
int importer_statement(struct importer *im, const char *sql,
                       sqlite3_stmt **out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;
/* Store the secrets a first import holds back (import_held_store),
 * before a statement that reads ticket_secret. */
int importer_flush_secrets(struct importer *im,
                           struct ck_error *err) CK_MUST_CHECK;
/* Whether `secret` is one of those held back. */
bool importer_holds_secret(const struct importer *im, const char *secret);
/* Settings saved by `init` (e.g. pretix question identifiers); NULL if
 * unset.  The string lives as long as the importer. */
const char *importer_setting(struct importer *im, const char *key);

/* Seams for issues 29 and 30 (docs/admission.md, section 6, increment A):
 * called by importer_row for each registration it inserted or updated
 * (not one the file left unchanged), as attendee `attendee_id`, inside the
 * import's transaction.  Both do nothing yet and return CK_OK. */
/* Map the row's pretix positions to the lists that name them
 * (import_items.c, issue 29). */
int import_items_row(struct importer *im, int64_t attendee_id,
                     const struct reg_row *row,
                     struct ck_error *err) CK_MUST_CHECK;

/* Tutorial add-ons' codes of registration `attendee_id` (row's
 * addon_secrets) into addon_secret, the ones it no longer has revoked,
 * all of them when `cancelled`; a row with none given (CSV) leaves them
 * as they are.  A code another person holds stays theirs.  `fresh`: the
 * row has just inserted the registration, which holds no codes yet. */
int import_addon_codes_row(struct importer *im, int64_t attendee_id,
                           const struct reg_row *row, bool cancelled,
                           bool fresh, struct ck_error *err) CK_MUST_CHECK;

/* Keep a desk's edits against the export's values (import_fields.c,
 * issue 30): the value in effect of each field the row has, by
 * registration_apply (event/registration.h). */
int import_fields_row(struct importer *im, int64_t attendee_id,
                      const struct reg_row *row,
                      struct ck_error *err) CK_MUST_CHECK;

/* Whether row `row` must be refused before anything is stored (a ticket
 * id of checkin's own, "ck:..."); reports it when so (import_fields.c). */
bool import_fields_refused(struct importer *im, const struct reg_row *row);
/* Whether a desk registered or edited ticket `ticket_id` (a
 * registration_change row names it). */
bool importer_desk_changed(struct importer *im, const char *ticket_id);

int import_csv(struct importer *im, const char *path, const char *data,
               size_t len, FILE *f, struct ck_error *err) CK_MUST_CHECK;
/* Both read `data` (`len` bytes), or when it is NULL `f` (the file at
 * `path`, `len` bytes long) a part at a time. */
int import_pretix(struct importer *im, const char *path, const char *data,
                  size_t len, FILE *f, struct ck_error *err) CK_MUST_CHECK;

/* Read a pretix "Order data (JSON)" export, the file `f` (`path`, `len`
 * bytes long), as a stream (import_pretix.c): `order` is called with each
 * element of event.orders (borrowed for the call; a code other than CK_OK
 * stops the reading and is returned), then *meta is set to the rest of the
 * export, event.orders an empty array, which the caller decrefs.  Strict
 * as jansson with JSON_REJECT_DUPLICATES, but a NUL inside a string is
 * accepted.  One sentence, with the line, for a file that is not JSON or
 * not such an export.  Memory does not grow with the number of orders.
 * Shared by import and describe. */
struct json_t;
int pretix_each_order(const char *path, FILE *f, size_t len,
                      int (*order)(void *ctx, struct json_t *order,
                                   struct ck_error *err),
                      void *ctx, struct json_t **meta /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* A pretix item variation's label ("M"): "name" as pretix's JSON exporter
 * writes it (str(variation)), else "value" as its REST API does (a string
 * or an object of languages); NULL when it has neither (import_pretix.c).
 * Shared by import and describe. */
const char *pretix_variation_label(struct json_t *variation);

#endif
