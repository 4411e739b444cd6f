/* The search's side of the trigram index (gram.c; store_gram.h). */
#ifndef CHECKIN_STORE_GRAM_PRIV_H
#define CHECKIN_STORE_GRAM_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/store.h"
#include "checkin/store_gram.h"

/* The blocks whose keys may hold every word: bit b of bits[b / 8]
 * (blocks of STORE_GRAM_BLOCK ids, up to `covered`).  NULL bits: no
 * index to trust (no word of 3 bytes, no index, or one this build did not
 * make or whose triggers are gone), so every key is read. */
struct gram_cand {
    uint8_t *bits;
    size_t nbytes;
    int64_t covered; /* the highest id the index covers */
};

int gram_candidates(store *s, const char *const *words, size_t nwords,
                    struct gram_cand *c /* out */,
                    struct ck_error *err) CK_MUST_CHECK;
void gram_cand_free(struct gram_cand *c);

/* Whether id's block is a candidate of `c` (ids up to c->covered). */
static inline bool gram_block_set(const struct gram_cand *c, int64_t id)
{
    uint64_t b = (uint64_t)id / STORE_GRAM_BLOCK;
    return b / 8 < c->nbytes && (c->bits[b / 8] >> (b % 8)) & 1;
}

#endif
