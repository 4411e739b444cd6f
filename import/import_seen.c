/* What an import has seen so far, kept in memory: the secrets a first
 * import has stored, as a Bloom filter (struct sieve), and the tickets
 * of the file with the line each came on, as a hash set (struct seen).
 * The engine (import.c) asks them before it asks SQLite; they hold no
 * data of their own beyond the import.  Not for anything that outlives
 * one import. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import_priv.h"

/* Bits of the filter of what a fresh import has stored (struct sieve):
 * 2 MB, whatever the file's size.  At 1,000,000 registrations, 3
 * bits each in one 64-bit word, about one look-up in 100 of a secret not
 * stored still goes to SQLite. */
#define SIEVE_BITS (1u << 24)
#define SIEVE_HASHES 3

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

void import_sieve_add(struct sieve *sv, const char *s)
{
    if (!sv->bits)
        return;
    uint64_t mask;
    *sieve_word(sv, s, &mask) |= mask;
}

bool import_sieve_maybe(const struct sieve *sv, const char *s)
{
    if (!sv->bits)
        return true;
    uint64_t mask;
    return (*sieve_word(sv, s, &mask) & mask) == mask;
}

/* struct seen: entries sit one after another in `text` (the line in 4 bytes, or
 * SEEN_LONG_LINE and 8 more, then the ticket and its NUL); a slot holds
 * an entry's offset + 1, 0 being empty.  At 1,000,000 seven-digit tickets
 * that is 8 MB of slots and 12 MB of text. */
#define SEEN_FIRST_SLOTS 1024u
#define SEEN_LONG_LINE UINT32_MAX

/* FNV-1a of `s` alone (sieve_hash's first), and its length. */
static uint64_t seen_hash(const char *s, size_t *len /* out */)
{
    uint64_t h = 0xcbf29ce484222325ull;
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    *len = (size_t)(p - (const unsigned char *)s);
    return h;
}

static const char *seen_ticket(const struct seen *sn, uint32_t slot)
{
    const char *e = sn->text.p + slot - 1;
    uint32_t short_line;
    memcpy(&short_line, e, 4);
    return e + 4 + (short_line == SEEN_LONG_LINE ? 8 : 0);
}

static long seen_line(const struct seen *sn, uint32_t slot)
{
    const char *e = sn->text.p + slot - 1;
    uint32_t short_line;
    memcpy(&short_line, e, 4);
    if (short_line != SEEN_LONG_LINE)
        return (long)short_line;
    int64_t line;
    memcpy(&line, e + 4, 8);
    return (long)line;
}

/* The slot of `ticket` (of hash `h`), or of the empty place it would go
 * in. */
static uint32_t *seen_place(const struct seen *sn, const char *ticket,
                            uint64_t h)
{
    size_t mask = sn->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t *sl = &sn->slot[i];
        if (!*sl || !strcmp(seen_ticket(sn, *sl), ticket))
            return sl;
    }
}

bool import_seen_find(const struct seen *sn, const char *ticket,
                      long *line /* out */)
{
    if (!sn->slot)
        return false;
    size_t len;
    uint32_t *sl = seen_place(sn, ticket, seen_hash(ticket, &len));
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
        if (old[i]) {
            const char *t = seen_ticket(sn, old[i]);
            size_t len;
            *seen_place(sn, t, seen_hash(t, &len)) = old[i];
        }
    free(old);
    return true;
}

/* Add `ticket` (of length `len`) at `sl`, its empty slot. */
static bool seen_put(struct seen *sn, uint32_t *sl, const char *ticket,
                     size_t len, long line)
{
    bool long_line = line < 0 || (unsigned long)line >= SEEN_LONG_LINE;
    size_t need = 4 + (long_line ? 8 : 0) + len + 1;
    if (sn->text.len + need > UINT32_MAX - 1)
        return false;
    char *e = ck_buf_room(&sn->text, need);
    if (!e)
        return false;
    uint32_t short_line = long_line ? SEEN_LONG_LINE : (uint32_t)line;
    memcpy(e, &short_line, 4);
    if (long_line) {
        int64_t wide = line;
        memcpy(e + 4, &wide, 8);
    }
    memcpy(e + 4 + (long_line ? 8 : 0), ticket, len + 1);
    *sl = (uint32_t)(sn->text.len + 1);
    sn->text.len += need;
    sn->n++;
    return true;
}

bool import_seen_add(struct seen *sn, const char *ticket, long line)
{
    if ((sn->n + 1) * 2 > sn->nslots && !seen_grow(sn))
        return false;
    size_t len;
    uint64_t h = seen_hash(ticket, &len);
    return seen_put(sn, seen_place(sn, ticket, h), ticket, len, line);
}

/* One hash and one probe for what import_seen_find and then
 * import_seen_add did with two each: the set was 7% of a 1,000,000-row
 * CSV import's CPU in perf, its slots and entries read from memory (20
 * MB, beyond the caches), and the second probe is gone. */
int import_seen_add_new(struct seen *sn, const char *ticket, long line,
                        long *first /* out */)
{
    size_t len;
    uint64_t h = seen_hash(ticket, &len);
    uint32_t *sl = sn->slot ? seen_place(sn, ticket, h) : NULL;
    if (sl && *sl) {
        *first = seen_line(sn, *sl);
        return 0;
    }
    if ((sn->n + 1) * 2 > sn->nslots) {
        if (!seen_grow(sn))
            return -1;
        sl = seen_place(sn, ticket, h);
    }
    return seen_put(sn, sl, ticket, len, line) ? 1 : -1;
}

/* Both are beyond the processor's nearest caches at 1,000,000
 * registrations (8 MB of the tickets' slots, the 2 MB filter) and each
 * row's first look-up in them was a read from memory (seen_place 6% and
 * the filter 1.3% of a first import's CPU in perf): the engine asks for
 * them as a row comes, before it checks the row's fields.  A row of
 * several secrets, or a secret in white space, hashes otherwise than the
 * look-up; asking for the wrong line changes nothing but the time. */
void import_prefetch(const struct seen *sn, const struct sieve *sv,
                     const char *ticket, const char *secret)
{
    size_t len;
    uint64_t mask;
    if (sn->slot && ticket)
        __builtin_prefetch(
            &sn->slot[seen_hash(ticket, &len) & (sn->nslots - 1)]);
    if (sv->bits && secret)
        __builtin_prefetch(sieve_word(sv, secret, &mask));
}

/* A first import empties its held secrets' set once a run of them
 * (SECRET_RUN) is written: freed, it grew again from SEEN_FIRST_SLOTS
 * for each run (seen_grow, 0.8% of a 1,000,000-row CSV import's CPU in
 * perf). */
void import_seen_clear(struct seen *sn)
{
    if (sn->slot)
        memset(sn->slot, 0, sn->nslots * sizeof(*sn->slot));
    sn->text.len = 0;
    sn->n = 0;
}

void import_seen_free(struct seen *sn)
{
    free(sn->slot);
    ck_buf_free(&sn->text);
    memset(sn, 0, sizeof(*sn));
}

bool import_sieve_new(struct sieve *sv)
{
    sv->bits = calloc(SIEVE_BITS / 64, sizeof(uint64_t));
    return sv->bits != NULL;
}

void import_sieve_free(struct sieve *sv)
{
    free(sv->bits);
    sv->bits = NULL;
}
