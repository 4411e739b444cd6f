/* The trigram index of the search keys (local schema 29, store/gram.c):
 * the registrations ranked in search-key order (the order `attendees`
 * shows), and for each hash bucket of the 3-byte pieces of the folded
 * keys, the blocks of STORE_GRAM_BLOCK ranks that hold a key with such a
 * piece.  The search reads the candidate blocks in order and stops once
 * it has the first it shows (docs/performance-history.md, "A
 * trigram-to-block bitmap" and "in search-key order"). */
#ifndef CHECKIN_STORE_GRAM_H
#define CHECKIN_STORE_GRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

#define STORE_GRAM_BUCKETS 65536
#define STORE_GRAM_BLOCK 64
/* The version of the index's form: 1, blocks of ids (an older build's,
 * built again by store_gram_keep); 2, blocks of ranks in search-key
 * order, bucket -1 - b holding block b's ids. */
#define STORE_GRAM_HASH 2

/* The bucket of the three bytes at `p`. */
uint32_t store_gram_hash(const char *p);

struct store_gram;

/* An empty index being built; NULL when out of memory. */
struct store_gram *store_gram_new(void);

/* Add registration `id`'s search key (`len` bytes), the next in
 * search-key order (ORDER BY search_key, id); false when out of memory
 * (the build is then abandoned: store_gram_free). */
bool store_gram_add(struct store_gram *g, int64_t id, const char *key,
                    size_t len);

/* Replace s's index with `g`'s, which holds every registration of the
 * file up to the highest id added, in the caller's transaction. */
int store_gram_write(store *s, struct store_gram *g,
                     struct ck_error *err) CK_MUST_CHECK;

/* Build s's index again from the file's keys, in the caller's write
 * transaction (a first import's, at its end). */
int store_gram_build(store *s, struct ck_error *err) CK_MUST_CHECK;

/* Forget s's index (the search then reads every key) in the caller's
 * transaction; CK_OK on a file without one. */
int store_gram_drop(store *s, struct ck_error *err) CK_MUST_CHECK;

/* Keep s's index worth reading, in the caller's write transaction (an
 * import's or a pull's, never a read-only command's): a file with
 * registrations and no index (filled by a pull, or imported before
 * schema 29) gets one, and an index whose searches read more than a
 * bound of ids beside it (changed since, or added above it) is built
 * again from the file's keys.  *built (may be NULL): it was. */
int store_gram_keep(store *s, bool *built, struct ck_error *err) CK_MUST_CHECK;

/* store_gram_keep's work beside the other writers, outside any
 * transaction, once the writer (a pull, an import) has committed its
 * rows: the keys are read and the index built in a read transaction,
 * which the desks' verdicts write beside (WAL), and the write lock is
 * taken only to write the built index's rows.  When a key the build read
 * may have changed meanwhile (the dirty ids, their keys, the ids above
 * the covered one, the highest id or the setting moved), the build is
 * dropped and the index left as it was: still right, its changed ids
 * read beside it, and folded by the next writer.  `during` (may be NULL)
 * is called once the build is made, before its read transaction ends (a
 * test's writer beside it).  *built (may be NULL): the index was
 * written.  Called inside a transaction, it does nothing. */
int store_gram_fold(store *s, void (*during)(void *arg), void *arg, bool *built,
                    struct ck_error *err) CK_MUST_CHECK;

void store_gram_free(struct store_gram *g);

#endif
