/* A first import's held secrets sorted (import/import_first.c,
 * import_held_sort) held to qsort with strcmp on their texts: the runs
 * written to the import's temporary file are searched by bisection and
 * merged in that order (import_spill.c), so a run out of strcmp's order
 * loses secrets a later row gives again.  The secrets are drawn to reach
 * every branch of a radix sort on their first 8 bytes: heads that differ
 * in each one byte of the eight, heads shared by many secrets that
 * differ further on, secrets shorter than 8 bytes and prefixes of
 * others, and runs where every secret shares a byte (a pass left out). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_priv.h"
#include "testutil.h"

/* What the importer accepts in a secret (import_secret_valid). */
static const char ALPHA[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
                            "opqrstuvwxyz-_.:+/=";

#define MAX_SECRET 40

/* The head struct held_secret documents: the first 8 bytes, big-endian,
 * zeros after the text's end. */
static uint64_t head_of(const char *s)
{
    uint64_t h = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < 8; i++)
        h = h << 8 | (i < len ? (unsigned char)s[i] : 0);
    return h;
}

static int by_text(const void *a, const void *b)
{
    const struct held_secret *x = a, *y = b;
    return strcmp(x->s, y->s);
}

/* One secret of shape `shape` into `out`: from a few shared prefixes, so
 * that heads agree in their first k bytes for every k, and tails that
 * make some secrets prefixes of others. */
static void draw(uint32_t *st, int shape, char out[MAX_SECRET + 1])
{
    static const char *const prefix[] = {
        "",      "k",      "kq",      "kqw",      "kqwm",
        "kqwmz", "kqwmzp", "kqwmzp3", "kqwmzp3x", "kqwmzp3x7"};
    size_t n = 0;
    if (shape != 0) {
        const char *p = prefix[tu_rand(st) % 10];
        n = strlen(p);
        memcpy(out, p, n);
    }
    /* 4 to 40 bytes in all; a shape of 2 draws from 3 letters only, so
     * that whole texts and heads repeat but for a byte. */
    size_t len = 4 + tu_rand(st) % (shape == 2 ? 12 : 37);
    if (len < n)
        len = n;
    for (; n < len; n++)
        out[n] = shape == 2 ? "abc"[tu_rand(st) % 3]
                            : ALPHA[tu_rand(st) % (sizeof(ALPHA) - 1)];
    out[n] = '\0';
}

/* Sort `n` secrets of one shape both ways and compare; false on the first
 * difference, which is reported. */
static bool sorts_as_strcmp(uint32_t seed, int shape, size_t n)
{
    uint32_t st = seed;
    char(*text)[MAX_SECRET + 1] = malloc((n ? n : 1) * sizeof(*text));
    struct held_secret *got = calloc(n ? n : 1, sizeof(*got));
    struct held_secret *want = calloc(n ? n : 1, sizeof(*want));
    struct held_secret *scratch = calloc(n ? n : 1, sizeof(*scratch));
    bool same = text && got && want && scratch;
    for (size_t i = 0; same && i < n; i++) {
        draw(&st, shape, text[i]);
        got[i] = (struct held_secret){.head = head_of(text[i]),
                                      .s = text[i],
                                      .id = (int64_t)i + 1,
                                      .off = (uint32_t)i,
                                      .revoked = (int)(i % 3 == 0)};
    }
    if (same) {
        memcpy(want, got, n * sizeof(*got));
        qsort(want, n, sizeof(*want), by_text);
        import_held_sort(got, n, scratch);
    }
    for (size_t i = 0; same && i < n; i++) {
        /* Equal texts may come in either order; their records whole. */
        same = !strcmp(got[i].s, want[i].s) && got[i].head == want[i].head &&
               got[i].id == (int64_t)got[i].off + 1 &&
               got[i].s == text[got[i].off] &&
               got[i].revoked == (int)(got[i].off % 3 == 0);
        if (!same)
            TU_FAIL_AT("seed %u, shape %d, %zu secrets: at %zu got '%s' "
                       "(id %lld), qsort gave '%s'",
                       seed, shape, n, i, got[i].s, (long long)got[i].id,
                       want[i].s);
    }
    /* Each record once: the ids are a permutation. */
    for (size_t i = 0; same && i < n; i++)
        want[i].id = 0;
    for (size_t i = 0; same && i < n; i++) {
        size_t at = (size_t)got[i].id - 1;
        same = at < n && !want[at].id;
        if (same)
            want[at].id = 1;
        else
            TU_FAIL_AT("seed %u, shape %d: record %zu given twice", seed, shape,
                       at);
    }
    free(text);
    free(got);
    free(want);
    free(scratch);
    return same;
}

/* Sizes round a run's (65,536) and the small ones where a sort's edges
 * are; three shapes: random texts, shared prefixes, three letters. */
static void held_secrets_sort_as_strcmp_sorts_them(void)
{
    static const size_t sizes[] = {0, 1, 2, 3, 17, 256, 1000, 65536};
    uint32_t seed = tu_run_seed();
    for (int shape = 0; shape < 3; shape++)
        for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
            if (!sorts_as_strcmp(seed + (uint32_t)(shape * 31 + k), shape,
                                 sizes[k]))
                return;
}

/* Every head sharing its first bytes: the passes over those bytes are
 * left out, and the rest still sorts. */
static void secrets_sharing_their_first_bytes_sort_as_strcmp_sorts_them(void)
{
    enum { N = 20000 };
    char(*text)[32] = malloc(N * sizeof(*text));
    struct held_secret *h = calloc(N, sizeof(*h));
    struct held_secret *scratch = calloc(N, sizeof(*scratch));
    REQUIRE(text && h && scratch);
    uint32_t st = tu_run_seed();
    for (int shared = 0; shared <= 9; shared++) {
        for (size_t i = 0; i < N; i++) {
            snprintf(text[i], sizeof(text[i]), "%.*s%08u", shared, "SHAREDHEAD",
                     tu_rand(&st) % 100000000u);
            h[i] = (struct held_secret){
                .head = head_of(text[i]), .s = text[i], .id = (int64_t)i};
        }
        import_held_sort(h, N, scratch);
        for (size_t i = 1; i < N; i++)
            if (strcmp(h[i - 1].s, h[i].s) > 0) {
                TU_FAIL_AT("%d bytes shared: '%s' before '%s' at %zu", shared,
                           h[i - 1].s, h[i].s, i);
                break;
            }
    }
    free(text);
    free(h);
    free(scratch);
}

TU_MAIN(TU_CASE(held_secrets_sort_as_strcmp_sorts_them),
        TU_CASE(secrets_sharing_their_first_bytes_sort_as_strcmp_sorts_them))
