/* The byte-level UTF-8 checks of text.h, apart from text.c's GLib tables so
 * that the browser's decoder (scanner/wasm/) can use them with no GLib: whether
 * bytes are UTF-8, where their ASCII run ends and how many characters a
 * string holds.  Not for folding or cleaning (text.c). */
#include <string.h>

#include "checkin/text.h"

bool text_is_utf8(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false; /* continuation byte, C0/C1 overlong or > F4 */
        }
        if (len - i <= n)
            return false;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

/* Most strings checked are short and ASCII (JSON keys, codes, emails,
 * names): their ASCII run is passed over eight bytes at a time, and the
 * rest, if any, takes the full check.  The memchr and the byte loop
 * were 3% of a pretix import's instructions (callgrind, 10,000 orders). */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* The eight bytes at `s`, the first lowest. */
static inline uint64_t word_at(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* Bit 7 of each byte of `w` that ends an ASCII run: one >= 0x80 and,
 * with `nul`, one 0x00 (has-zero-byte, whose lowest bit set is exact: a
 * borrow goes only upwards, from a byte that is 0x00 itself). */
static inline uint64_t run_stops(uint64_t w, bool nul)
{
    return (nul ? w | ((w - ONES) & ~w) : w) & HIGHS;
}

/* text_ascii_run, inlined with `nul` a constant: a loop of its own for
 * each. */
static inline __attribute__((always_inline)) size_t
ascii_run(const char *s, size_t len, bool nul)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t stop = run_stops(word_at(s + i), nul);
        if (stop)
            return i + (size_t)__builtin_ctzll(stop) / 8;
    }
    if (i == len)
        return len;
    if (len >= 8) {
        /* The last eight bytes, overlapping the run found so far: its
         * bytes stop nothing, so the first bit set is the tail's. */
        i = len - 8;
        uint64_t stop = run_stops(word_at(s + i), nul);
        return stop ? i + (size_t)__builtin_ctzll(stop) / 8 : len;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (nul ? (unsigned char)(c - 1) >= 0x7f : c >= 0x80)
            break; /* (with `nul`, 0x00 wraps to 0xff) */
    }
    return i;
}

size_t text_ascii_run(const char *s, size_t len, bool nul_stops)
{
    return nul_stops ? ascii_run(s, len, true) : ascii_run(s, len, false);
}

bool text_valid_utf8(const char *s, size_t len)
{
    size_t i = ascii_run(s, len, true);
    if (i == len)
        return true;
    if (memchr(s + i, '\0', len - i))
        return false;
    return text_is_utf8((const uint8_t *)s + i, len - i);
}

size_t text_length(const char *s)
{
    /* The bytes less the continuation bytes (10xxxxxx), counted eight
     * at a time: bit 7 set and bit 6 clear.  A byte at a time, it was
     * 700 instructions of an import's row (callgrind). */
    size_t len = strlen(s), cont = 0, i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        /* one bit a byte, summed by the multiply into the top byte */
        uint64_t bits = (w & ~(w << 1) & HIGHS) >> 7;
        cont += (size_t)((bits * ONES) >> 56);
    }
    for (; i < len; i++)
        cont += ((unsigned char)s[i] & 0xc0) == 0x80;
    return len - cont;
}
