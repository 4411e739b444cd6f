/* The growable buffer of common/buf.h, on its own: what an empty buffer
 * hands over, a text grown across many doublings and compared byte for
 * byte with one built independently, printf longer than the room there
 * was (compared with snprintf's own text), and an allocation that fails,
 * for real, at a size no process can map: reported once, the buffer then
 * taking nothing more and handing over NULL, nothing of the text cut
 * short. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/buf.h"
#include "testutil.h"

#if defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer's hook for its options: a request past its limit
 * returns NULL, as glibc's realloc does, instead of ending the test. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}
#endif

static void an_empty_buffer_hands_over_an_empty_string(void)
{
    struct ck_buf b = {0};
    char *s = ck_buf_take(&b);
    REQUIRE(s != NULL);
    EXPECT_STR(s, "");
    free(s);
    EXPECT_TRUE(b.p == NULL && b.len == 0 && b.cap == 0);
    /* Nothing added is still a string, and freeing twice is harmless. */
    REQUIRE(ck_buf_add(&b, "", 0));
    EXPECT_STR(b.p, "");
    ck_buf_free(&b);
    ck_buf_free(&b);
    ck_buf_free(NULL);
}

/* 1 MiB in pieces of every length from 0 to 99, bytes and single
 * characters, NULs among them: across a dozen doublings from the first
 * allocation, each at least twice the one before, the text is the same
 * as the one written into a buffer of its final size from the start. */
static void a_text_grown_across_many_doublings_keeps_every_byte(void)
{
    enum { TOTAL = 1 << 20 };
    char *want = malloc(TOTAL + 100);
    REQUIRE(want != NULL);
    struct ck_buf b = {0};
    size_t n = 0, caps = 0, last_cap = 0;
    unsigned seed = 7;
    for (size_t piece = 0; n < TOTAL; piece++) {
        char chunk[100];
        size_t len = piece % 100;
        for (size_t i = 0; i < len; i++)
            chunk[i] = (char)(rand_r(&seed) & 0xff);
        if (piece % 3 == 0) {
            REQUIRE(ck_buf_addc(&b, chunk[0]));
            want[n++] = chunk[0];
        } else {
            REQUIRE(ck_buf_add(&b, chunk, len));
            memcpy(want + n, chunk, len);
            n += len;
        }
        if (b.cap != last_cap) {
            /* Each allocation at least doubles: appends stay amortized
             * O(1), not a copy of the whole text per piece. */
            REQUIRE(!last_cap || b.cap >= 2 * last_cap);
            caps++;
            last_cap = b.cap;
        }
        REQUIRE(b.len == n);
        REQUIRE(b.p[b.len] == '\0');
    }
    fprintf(stderr, "# %zu bytes, %zu allocations, capacity %zu\n", n, caps,
            b.cap);
    EXPECT_TRUE(caps >= 12);
    EXPECT_TRUE(b.cap < 2 * (n + 1));
    EXPECT_TRUE(memcmp(b.p, want, n) == 0);
    char *s = ck_buf_take(&b);
    REQUIRE(s != NULL);
    EXPECT_TRUE(memcmp(s, want, n) == 0 && s[n] == '\0');
    free(s);
    free(want);
}

/* A printf-append longer than the room the buffer had (the first guess
 * vsnprintf writes into) is written whole, after what was there; the
 * oracle is snprintf into a buffer of the right size. */
static void printf_longer_than_the_room_there_was_is_written_whole(void)
{
    struct ck_buf b = {0};
    REQUIRE(ck_buf_adds(&b, "head:"));
    size_t room = b.cap - b.len;
    char *name = malloc(5000);
    REQUIRE(name != NULL);
    memset(name, 'x', 4999);
    name[4999] = '\0';
    REQUIRE(ck_buf_printf(&b, "[%s|%d|%.3f]", name, -42, 2.5));
    int n = snprintf(NULL, 0, "head:[%s|%d|%.3f]", name, -42, 2.5);
    REQUIRE(n > 0 && (size_t)n > room);
    char *want = malloc((size_t)n + 1);
    REQUIRE(want != NULL);
    snprintf(want, (size_t)n + 1, "head:[%s|%d|%.3f]", name, -42, 2.5);
    EXPECT_INT((long long)b.len, n);
    EXPECT_STR(b.p, want);
    /* A short one into the room now there, and clearing for reuse. */
    REQUIRE(ck_buf_printf(&b, "%s", "!"));
    EXPECT_INT((long long)b.len, n + 1);
    size_t cap = b.cap;
    ck_buf_clear(&b);
    REQUIRE(ck_buf_printf(&b, "%05d", 42));
    EXPECT_STR(b.p, "00042");
    EXPECT_INT((long long)b.cap, (long long)cap);
    ck_buf_free(&b);
    free(want);
    free(name);
}

/* Room for more bytes than any allocation may hold: refused before
 * realloc, which would otherwise be asked for a size wrapped around. */
static void a_size_past_any_allocation_fails_once_and_for_all(void)
{
    struct ck_buf b = {0};
    REQUIRE(ck_buf_adds(&b, "kept until the end"));
    EXPECT_TRUE(ck_buf_room(&b, SIZE_MAX - 3) == NULL);
    EXPECT_TRUE(b.failed);
    /* Every later addition is refused, even one that would have fitted:
     * the text is never handed over with a piece missing. */
    EXPECT_TRUE(!ck_buf_add(&b, "a", 1));
    EXPECT_TRUE(!ck_buf_addc(&b, 'b'));
    EXPECT_TRUE(!ck_buf_printf(&b, "%d", 3));
    ck_buf_clear(&b);
    EXPECT_TRUE(!ck_buf_adds(&b, "c"));
    EXPECT_TRUE(ck_buf_take(&b) == NULL);
    /* Taking leaves an empty buffer, which works again. */
    REQUIRE(ck_buf_adds(&b, "again"));
    EXPECT_STR(b.p, "again");
    ck_buf_free(&b);
}

/* A real allocation failure: 2^47 bytes, the whole of an x86-64
 * process's address space, which realloc cannot map whatever the
 * overcommit setting.  AddressSanitizer stops a process that asks for
 * more than it allows instead of returning NULL, so there the case asks
 * with the allocator told to return NULL (__asan_default_options). */
static void realloc_refusing_memory_fails_the_buffer_with_nothing_cut(void)
{
    struct ck_buf b = {0};
    REQUIRE(ck_buf_adds(&b, "first"));
    EXPECT_TRUE(ck_buf_room(&b, (size_t)1 << 47) == NULL);
    EXPECT_TRUE(b.failed);
    EXPECT_INT((long long)b.len, 0);
    EXPECT_TRUE(!ck_buf_adds(&b, "second"));
    EXPECT_TRUE(ck_buf_take(&b) == NULL);
}

TU_MAIN(TU_CASE(an_empty_buffer_hands_over_an_empty_string),
        TU_CASE(a_text_grown_across_many_doublings_keeps_every_byte),
        TU_CASE(printf_longer_than_the_room_there_was_is_written_whole),
        TU_CASE(a_size_past_any_allocation_fails_once_and_for_all),
        TU_CASE(realloc_refusing_memory_fails_the_buffer_with_nothing_cut))
