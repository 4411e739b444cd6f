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

/* The hash of `s` both sets use, and its length: eight bytes a step (a
 * multiply and a shift) where FNV-1a took a multiply a byte.  A row's
 * secret, 32 bytes, was hashed four times with FNV-1a (the prefetch, the
 * held set's filter, the owner's filter, the filter's add), about 130
 * cycles each; the sets live only as long as one import, so nothing
 * stored depends on the hash. */
static uint64_t str_hash(const char *s, size_t *len /* out */)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    *len = n;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    if (n) {
        uint64_t w = 0;
        memcpy(&w, p, n);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    h *= 0x94d049bb133111ebull;
    return h ^ (h >> 32);
}

void import_sieve_at(const char *s, struct sieve_at *at)
{
    size_t len;
    uint64_t h1 = str_hash(s, &len);
    uint64_t h2 = h1;
    h2 ^= h2 >> 33;
    h2 *= 0xff51afd7ed558ccdull;
    h2 ^= h2 >> 33;
    h2 |= 1;
    /* All in one word, so that a look-up costs one cache miss, not
     * SIEVE_HASHES (the spread-out filter was 6% of a 100,000-row
     * import's CPU in perf, for the misses alone). */
    at->mask = 0;
    for (int i = 0; i < SIEVE_HASHES; i++)
        at->mask |= 1ull << ((h2 >> (6 * i)) & 63);
    at->word = (size_t)(h1 % (SIEVE_BITS / 64));
}

void import_sieve_add_at(struct sieve *sv, const struct sieve_at *at)
{
    if (sv->bits)
        sv->bits[at->word] |= at->mask;
}

bool import_sieve_maybe_at(const struct sieve *sv, const struct sieve_at *at)
{
    return !sv->bits || (sv->bits[at->word] & at->mask) == at->mask;
}

void import_sieve_add(struct sieve *sv, const char *s)
{
    struct sieve_at at;
    if (!sv->bits)
        return;
    import_sieve_at(s, &at);
    import_sieve_add_at(sv, &at);
}

bool import_sieve_maybe(const struct sieve *sv, const char *s)
{
    struct sieve_at at;
    if (!sv->bits)
        return true;
    import_sieve_at(s, &at);
    return import_sieve_maybe_at(sv, &at);
}

/* struct seen: entries sit one after another in `text` (the line in 4
 * bytes, or SEEN_LONG_LINE and 8 more, then the ticket and its NUL).  A
 * slot is two halves in two arrays: 16 bits of the ticket's hash, its
 * tag (never 0, which is an empty slot), and its entry's offset + 1.  A
 * probe reads the tags alone, and an entry only where the tags agree:
 * with the offsets alone, every occupied slot a probe passed read its
 * entry, a read from memory each at 1,000,000 tickets (12 MB of text),
 * and 80% of seen_place's samples were in perf on the slot and such an
 * entry.  Growing reads the entries in order, as they were added, not a
 * slot's at a time.  At 1,000,000 seven-digit tickets the set is 4 MB
 * of tags, 8 MB of offsets and 12 MB of text. */
#define SEEN_FIRST_SLOTS 1024u
#define SEEN_LONG_LINE UINT32_MAX

/* A ticket's place in the set: its first slot and its tag. */
struct seen_key {
    size_t home;
    uint16_t tag;
};

static struct seen_key seen_key(const struct seen *sn, const char *s,
                                size_t *len /* out */)
{
    uint64_t h = str_hash(s, len);
    return (struct seen_key){.home = (size_t)h & (sn->nslots - 1),
                             .tag = (uint16_t)((h >> 48) | 1)};
}

/* The entry at offset `off` (from 0): its ticket, and its line. */
static const char *entry_ticket(const struct seen *sn, size_t off)
{
    const char *e = sn->text.p + off;
    uint32_t short_line;
    memcpy(&short_line, e, 4);
    return e + 4 + (short_line == SEEN_LONG_LINE ? 8 : 0);
}

static long entry_line(const struct seen *sn, size_t off)
{
    const char *e = sn->text.p + off;
    uint32_t short_line;
    memcpy(&short_line, e, 4);
    if (short_line != SEEN_LONG_LINE)
        return (long)short_line;
    int64_t line;
    memcpy(&line, e + 4, 8);
    return (long)line;
}

/* The slot of `ticket` (of key `k`), or of the empty place it would go
 * in. */
static size_t seen_place(const struct seen *sn, const char *ticket,
                         struct seen_key k)
{
    size_t mask = sn->nslots - 1;
    for (size_t i = k.home;; i = (i + 1) & mask) {
        uint16_t t = sn->tag[i];
        if (!t ||
            (t == k.tag && !strcmp(entry_ticket(sn, sn->off[i] - 1), ticket)))
            return i;
    }
}

bool import_seen_find(const struct seen *sn, const char *ticket,
                      long *line /* out */)
{
    if (!sn->tag)
        return false;
    size_t len;
    size_t i = seen_place(sn, ticket, seen_key(sn, ticket, &len));
    if (sn->tag[i])
        *line = entry_line(sn, sn->off[i] - 1);
    return sn->tag[i] != 0;
}

static bool seen_grow(struct seen *sn)
{
    size_t nslots = sn->nslots ? sn->nslots * 2 : SEEN_FIRST_SLOTS;
    uint16_t *tag = calloc(nslots, sizeof(*tag));
    uint32_t *off = malloc(nslots * sizeof(*off));
    if (!tag || !off) {
        free(tag);
        free(off);
        return false;
    }
    free(sn->tag);
    free(sn->off);
    sn->tag = tag;
    sn->off = off;
    sn->nslots = nslots;
    /* Each entry again, in the order they were added: all different. */
    for (size_t at = 0, len; at < sn->text.len;) {
        const char *t = entry_ticket(sn, at);
        struct seen_key k = seen_key(sn, t, &len);
        size_t i = k.home;
        while (tag[i])
            i = (i + 1) & (nslots - 1);
        tag[i] = k.tag;
        off[i] = (uint32_t)(at + 1);
        at = (size_t)(t - sn->text.p) + len + 1;
    }
    return true;
}

/* Add `ticket` (of length `len` and key `k`) at slot `i`, empty. */
static bool seen_put(struct seen *sn, size_t i, const char *ticket, size_t len,
                     struct seen_key k, long line)
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
    sn->tag[i] = k.tag;
    sn->off[i] = (uint32_t)(sn->text.len + 1);
    sn->text.len += need;
    sn->n++;
    return true;
}

bool import_seen_add(struct seen *sn, const char *ticket, long line)
{
    if ((sn->n + 1) * 2 > sn->nslots && !seen_grow(sn))
        return false;
    size_t len;
    struct seen_key k = seen_key(sn, ticket, &len);
    return seen_put(sn, seen_place(sn, ticket, k), ticket, len, k, line);
}

/* One hash and one probe for what import_seen_find and then
 * import_seen_add did with two each: the set was 7% of a 1,000,000-row
 * CSV import's CPU in perf, its slots and entries read from memory (20
 * MB, beyond the caches), and the second probe is gone. */
int import_seen_add_new(struct seen *sn, const char *ticket, long line,
                        long *first /* out */)
{
    size_t len = 0, i = 0;
    struct seen_key k = {0};
    if (sn->tag) {
        k = seen_key(sn, ticket, &len);
        i = seen_place(sn, ticket, k);
        if (sn->tag[i]) {
            *first = entry_line(sn, sn->off[i] - 1);
            return 0;
        }
    }
    if ((sn->n + 1) * 2 > sn->nslots) {
        if (!seen_grow(sn))
            return -1;
        k = seen_key(sn, ticket, &len);
        i = seen_place(sn, ticket, k);
    }
    return seen_put(sn, i, ticket, len, k, line) ? 1 : -1;
}

/* Both are beyond the processor's nearest caches at 1,000,000
 * registrations (4 MB of the tickets' tags, the 2 MB filter) and each
 * row's first look-up in them was a read from memory (seen_place 6% and
 * the filter 1.3% of a first import's CPU in perf): the engine asks for
 * them as a row comes, before it checks the row's fields.  A row of
 * several secrets, or a secret in white space, hashes otherwise than the
 * look-up; asking for the wrong line changes nothing but the time. */
void import_prefetch(const struct seen *sn, const struct sieve *sv,
                     const char *ticket, const char *secret)
{
    size_t len;
    struct sieve_at at;
    if (sn->tag && ticket) {
        /* the tag read, the offset written when the ticket is new */
        size_t home = seen_key(sn, ticket, &len).home;
        __builtin_prefetch(&sn->tag[home]);
        __builtin_prefetch(&sn->off[home], 1);
    }
    if (sv->bits && secret) {
        import_sieve_at(secret, &at);
        __builtin_prefetch(&sv->bits[at.word]);
    }
}

/* A first import empties its held secrets' set once a run of them
 * (SECRET_RUN) is written: freed, it grew again from SEEN_FIRST_SLOTS
 * for each run (seen_grow, 0.8% of a 1,000,000-row CSV import's CPU in
 * perf). */
void import_seen_clear(struct seen *sn)
{
    if (sn->tag)
        memset(sn->tag, 0, sn->nslots * sizeof(*sn->tag));
    sn->text.len = 0;
    sn->n = 0;
}

void import_seen_free(struct seen *sn)
{
    free(sn->tag);
    free(sn->off);
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
