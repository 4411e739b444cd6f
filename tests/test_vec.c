/* The growable arrays of common/vec.h, on their own: an empty array that
 * takes no memory, arrays of elements of 1, 2, 8, 3 and 1,000 bytes grown
 * one element at a time across many doublings and compared element by
 * element with values computed independently, a reserve that is exact,
 * and growth refused at sizes no allocation may have (past SIZE_MAX / the
 * element's size, and past PTRDIFF_MAX bytes) and at one no process can
 * map, for real: each refusal leaves the array as it was, its elements
 * intact, and the next growth that fits works. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/vec.h"
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

struct three {
    unsigned char b[3];
};

struct big {
    uint32_t at;
    unsigned char fill[996];
};

static void an_empty_array_takes_no_memory_and_frees(void)
{
    struct big *v = NULL;
    size_t n = 0, cap = 0, none = 0;
    /* Room for nothing more is there already: no allocation. */
    EXPECT_TRUE(CK_VEC_ROOM(v, n, none, cap));
    EXPECT_TRUE(CK_VEC_RESERVE(v, none, cap));
    EXPECT_TRUE(v == NULL && cap == 0);
    free(v);
    /* Room for one is the first allocation, at least CK_VEC_FIRST. */
    REQUIRE(CK_VEC_ROOM(v, n, 1, cap));
    REQUIRE(v != NULL);
    EXPECT_INT(cap, CK_VEC_FIRST);
    free(v);
}

/* Grow `v` (elements of `size` bytes) one element at a time to `total`,
 * element i holding byte (i * 31 + k) % 251 at its byte k; every
 * capacity at least twice the one before, the last under twice what is
 * held, and every element what was written. */
#define GROW_AND_CHECK(v, total)                                               \
    do {                                                                       \
        size_t n = 0, cap = 0, last = 0, grown = 0;                            \
        const size_t size = sizeof(*(v));                                      \
        for (size_t i = 0; i < (total); i++) {                                 \
            REQUIRE(CK_VEC_ROOM(v, n, 1, cap));                                \
            if (cap != last) {                                                 \
                REQUIRE(!last || cap >= 2 * last);                             \
                last = cap;                                                    \
                grown++;                                                       \
            }                                                                  \
            unsigned char *e = (unsigned char *)&(v)[n++];                     \
            for (size_t k = 0; k < size; k++)                                  \
                e[k] = (unsigned char)((i * 31 + k) % 251);                    \
        }                                                                      \
        fprintf(stderr,                                                        \
                "# %zu elements of %zu bytes, %zu allocations, "               \
                "capacity %zu\n",                                              \
                n, size, grown, cap);                                          \
        EXPECT_TRUE(cap < 2 * n);                                              \
        size_t bad = 0;                                                        \
        for (size_t i = 0; i < n; i++) {                                       \
            const unsigned char *e = (const unsigned char *)&(v)[i];           \
            for (size_t k = 0; k < size; k++)                                  \
                bad += e[k] != (unsigned char)((i * 31 + k) % 251);            \
        }                                                                      \
        EXPECT_INT(bad, 0);                                                    \
        free(v);                                                               \
    } while (0)

static void arrays_of_every_element_size_keep_each_element_as_they_grow(void)
{
    uint8_t *bytes = NULL;
    GROW_AND_CHECK(bytes, 100000);
    uint16_t *shorts = NULL;
    GROW_AND_CHECK(shorts, 100000);
    int64_t *longs = NULL;
    GROW_AND_CHECK(longs, 100000);
    struct three *threes = NULL;
    GROW_AND_CHECK(threes, 100001);
    struct big *bigs = NULL;
    GROW_AND_CHECK(bigs, 5000);
}

/* Room for many at once: past the doubling, exactly what was asked. */
static void room_for_many_at_once_and_an_exact_reserve(void)
{
    int64_t *v = NULL;
    size_t n = 0, cap = 0;
    REQUIRE(CK_VEC_ROOM(v, n, 1000, cap));
    EXPECT_INT(cap, 1000);
    n = 1000;
    REQUIRE(CK_VEC_ROOM(v, n, 1, cap));
    EXPECT_INT(cap, 2000);
    free(v);
    v = NULL;
    cap = 0;
    REQUIRE(CK_VEC_RESERVE(v, 1000, cap));
    EXPECT_INT(cap, 1000);
    v[999] = 7;
    REQUIRE(CK_VEC_RESERVE(v, 10, cap));
    EXPECT_INT(cap, 1000);
    REQUIRE(CK_VEC_RESERVE(v, 1001, cap));
    EXPECT_INT(cap, 1001);
    EXPECT_INT(v[999], 7);
    free(v);
}

/* The array `v` of `n` elements as it was: its address, its capacity and
 * its values 0 .. n-1. */
static int unchanged(const int64_t *v, const int64_t *was, size_t n, size_t cap,
                     size_t was_cap)
{
    if (v != was || cap != was_cap)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] != (int64_t)i)
            return 0;
    return 1;
}

/* 0 to 19 in a new array, grown one at a time; false if it could not. */
static bool twenty(int64_t **v, size_t *n, size_t *cap)
{
    for (; *n < 20; (*n)++) {
        if (!CK_VEC_ROOM(*v, *n, 1, *cap))
            return false;
        (*v)[*n] = (int64_t)*n;
    }
    return true;
}

/* Sizes past any allocation: refused before realloc, which would
 * otherwise be asked for a size wrapped around, and each leaves the
 * array as it was. */
static void growth_past_any_allocation_is_refused_and_keeps_the_array(void)
{
    int64_t *v = NULL;
    size_t n = 0, cap = 0;
    REQUIRE(twenty(&v, &n, &cap));
    int64_t *was = v;
    size_t was_cap = cap;
    /* n + more wraps around SIZE_MAX. */
    EXPECT_TRUE(!CK_VEC_ROOM(v, n, SIZE_MAX - 3, cap));
    EXPECT_TRUE(unchanged(v, was, n, cap, was_cap));
    /* Fits size_t, but its bytes do not: SIZE_MAX / 8 elements. */
    size_t more = SIZE_MAX / sizeof(*v);
    EXPECT_TRUE(!CK_VEC_ROOM(v, n, more, cap));
    EXPECT_TRUE(unchanged(v, was, n, cap, was_cap));
    /* One element past PTRDIFF_MAX bytes. */
    more = (size_t)PTRDIFF_MAX / sizeof(*v) + 1 - n;
    EXPECT_TRUE(!CK_VEC_ROOM(v, n, more, cap));
    EXPECT_TRUE(unchanged(v, was, n, cap, was_cap));
    size_t need = SIZE_MAX / sizeof(*v) + 1;
    EXPECT_TRUE(!CK_VEC_RESERVE(v, need, cap));
    EXPECT_TRUE(unchanged(v, was, n, cap, was_cap));
    /* A failure is not kept: the next growth that fits works. */
    more = cap - n + 1;
    REQUIRE(CK_VEC_ROOM(v, n, more, cap));
    EXPECT_TRUE(cap >= 2 * was_cap);
    EXPECT_TRUE(unchanged(v, v, n, cap, cap));
    free(v);
}

/* A real allocation failure: 2^47 bytes, the whole of an x86-64
 * process's address space, which realloc cannot map whatever the
 * overcommit setting (under AddressSanitizer, with the allocator told
 * to return NULL: __asan_default_options). */
static void realloc_refusing_memory_keeps_the_array(void)
{
    int64_t *v = NULL;
    size_t n = 0, cap = 0;
    REQUIRE(twenty(&v, &n, &cap));
    int64_t *was = v;
    size_t was_cap = cap;
    size_t more = ((size_t)1 << 47) / sizeof(*v);
    EXPECT_TRUE(!CK_VEC_ROOM(v, n, more, cap));
    EXPECT_TRUE(unchanged(v, was, n, cap, was_cap));
    EXPECT_TRUE(!CK_VEC_RESERVE(v, more, cap));
    EXPECT_TRUE(unchanged(v, was, n, cap, was_cap));
    free(v);
}

TU_MAIN(TU_CASE(an_empty_array_takes_no_memory_and_frees),
        TU_CASE(arrays_of_every_element_size_keep_each_element_as_they_grow),
        TU_CASE(room_for_many_at_once_and_an_exact_reserve),
        TU_CASE(growth_past_any_allocation_is_refused_and_keeps_the_array),
        TU_CASE(realloc_refusing_memory_keeps_the_array))
