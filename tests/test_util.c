/* The clock helpers of common/util.h, on their own: milliseconds added
 * to a timespec with the nanoseconds carried into the seconds, checked
 * against the same sum done in whole nanoseconds (at 0 and 999,999,999
 * ns, 0 ms, a second's worth less one, and days' worth); a deadline on
 * CLOCK_MONOTONIC between the clock read before and after plus the
 * milliseconds; and a condition variable made by util_mono_cond_init
 * whose timed wait to such a deadline lasts the whole wait (a condition
 * variable on the wall clock would take the monotonic deadline, decades
 * in its past, as passed already). */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "checkin/util.h"
#include "testutil.h"

static int64_t ns_of(struct timespec t)
{
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void milliseconds_added_carry_their_nanoseconds_into_seconds(void)
{
    static const long nsecs[] = {0, 1, 999999, 500000000, 999000000, 999999999};
    static const int64_t mss[] = {0,    1,        999,         1000,
                                  1001, 86399999, 86400000123, 4102444800000};
    int checked = 0;
    for (size_t i = 0; i < UTIL_ARRAY_LEN(nsecs); i++)
        for (size_t j = 0; j < UTIL_ARRAY_LEN(mss); j++) {
            struct timespec t = {1700000000, nsecs[i]};
            struct timespec got = util_timespec_add_ms(t, mss[j]);
            int64_t want = ns_of(t) + mss[j] * 1000000;
            EXPECT_INT(ns_of(got), want);
            EXPECT_TRUE(got.tv_nsec >= 0 && got.tv_nsec < 1000000000L);
            checked++;
        }
    /* The carry itself, written out. */
    struct timespec t = util_timespec_add_ms(
        (struct timespec){.tv_sec = 5, .tv_nsec = 999999999}, 1);
    EXPECT_INT(t.tv_sec, 6);
    EXPECT_INT(t.tv_nsec, 999999);
    t = util_timespec_add_ms((struct timespec){5, 999999999}, 0);
    EXPECT_INT(t.tv_sec, 5);
    EXPECT_INT(t.tv_nsec, 999999999);
    t = util_timespec_add_ms((struct timespec){5, 500000000}, 500);
    EXPECT_INT(t.tv_sec, 6);
    EXPECT_INT(t.tv_nsec, 0);
    printf("# %d sums checked\n", checked);
}

static void a_deadline_is_the_monotonic_clock_plus_the_wait(void)
{
    struct timespec before, after, d;
    clock_gettime(CLOCK_MONOTONIC, &before);
    util_mono_deadline(2500, &d);
    clock_gettime(CLOCK_MONOTONIC, &after);
    EXPECT_TRUE(ns_of(d) >= ns_of(before) + 2500 * 1000000LL);
    EXPECT_TRUE(ns_of(d) <= ns_of(after) + 2500 * 1000000LL);
    EXPECT_TRUE(d.tv_nsec >= 0 && d.tv_nsec < 1000000000L);
}

static void a_monotonic_condition_variable_waits_until_the_deadline(void)
{
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cv;
    REQUIRE(util_mono_cond_init(&cv) == 0);
    enum { WAIT_MS = 200 };
    int64_t t0 = util_mono_ms();
    struct timespec until;
    util_mono_deadline(WAIT_MS, &until);
    pthread_mutex_lock(&mu);
    int rc = 0;
    /* Nobody signals: only the deadline ends the wait. */
    while (rc == 0)
        rc = pthread_cond_timedwait(&cv, &mu, &until);
    pthread_mutex_unlock(&mu);
    int64_t waited = util_mono_ms() - t0;
    EXPECT_INT(rc, ETIMEDOUT);
    printf("# waited %lld ms for a deadline %d ms away\n", (long long)waited,
           WAIT_MS);
    EXPECT_TRUE(waited >= WAIT_MS);
    pthread_cond_destroy(&cv);
}

TU_MAIN(TU_CASE(milliseconds_added_carry_their_nanoseconds_into_seconds),
        TU_CASE(a_deadline_is_the_monotonic_clock_plus_the_wait),
        TU_CASE(a_monotonic_condition_variable_waits_until_the_deadline))
