/* The search's side of the trigram index (gram.c; store_gram.h). */
#ifndef CHECKIN_STORE_GRAM_PRIV_H
#define CHECKIN_STORE_GRAM_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/store.h"
#include "checkin/store_gram.h"

/* The blocks whose keys may hold every word: bit b of bits[b / 8]
 * (blocks of STORE_GRAM_BLOCK ranks in search-key order, each block's
 * ids in the row of bucket -1 - b; the ids up to `covered`).  NULL bits: no
 * index to trust (no word of 3 bytes, no index, or one this build did not
 * make or whose triggers are gone), so every key is read. */
struct gram_cand {
    uint8_t *bits;
    size_t nbytes;
    int64_t covered; /* the highest id the index covers */
};

/* store_gram_keep's statement, kept with the store (store.c finalizes
 * it at store_close). */
struct sqlite3_stmt **store_gram_keep_slot(store *s);

int gram_candidates(store *s, const char *const *words, size_t nwords,
                    struct gram_cand *c /* out */,
                    struct ck_error *err) CK_MUST_CHECK;
void gram_cand_free(struct gram_cand *c);

/* Whether block `b` is a candidate of `c`. */
static inline bool gram_block_set(const struct gram_cand *c, uint64_t b)
{
    return b / 8 < c->nbytes && (c->bits[b / 8] >> (b % 8)) & 1;
}

/* The ids of a block's row (`blob`, `len` bytes) into `ids` (room for
 * STORE_GRAM_BLOCK); how many. */
static inline size_t gram_block_ids(const uint8_t *blob, size_t len,
                                    int64_t *ids)
{
    size_t n = 0;
    for (size_t i = 0; i + 4 <= len && n < STORE_GRAM_BLOCK; i += 4)
        ids[n++] = (int64_t)((uint32_t)blob[i] | (uint32_t)blob[i + 1] << 8 |
                             (uint32_t)blob[i + 2] << 16 |
                             (uint32_t)blob[i + 3] << 24);
    return n;
}

#endif
