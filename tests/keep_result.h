/* Results a test keeps until the process ends.
 *
 * A station_result owns its lists (a person's tutorials, a group, a
 * list's answers: station_result_free).  Tests fill results in helpers
 * that return them by value and overwrite them as a case goes on, and
 * read them long after; rather than free each at the right moment, they
 * hand every filled result to keep_result, which frees what it owns when
 * the test process exits.  The product frees each result where it is
 * done with it (runtime/station_loop.c); LeakSanitizer checks both. */
#ifndef CHECKIN_TESTS_KEEP_RESULT_H
#define CHECKIN_TESTS_KEEP_RESULT_H

#include <stdlib.h>

#include "checkin/station.h"

static struct station_result *kept_results;
static size_t kept_n, kept_cap;

static void kept_results_free(void)
{
    for (size_t i = 0; i < kept_n; i++)
        station_result_free(&kept_results[i]);
    free(kept_results);
    kept_results = NULL;
    kept_n = kept_cap = 0;
}

/* Takes over what `r` owns (r itself still reads it): its lists are freed
 * at exit.  A result that owns nothing is not kept. */
static inline void keep_result(const struct station_result *r)
{
    if (!station_result_owns(r))
        return;
    if (kept_n == kept_cap) {
        if (!kept_cap)
            atexit(kept_results_free);
        size_t cap = kept_cap ? 2 * kept_cap : 64;
        struct station_result *p =
            realloc(kept_results, cap * sizeof(*kept_results));
        if (!p)
            abort();
        kept_results = p;
        kept_cap = cap;
    }
    /* Shares what r owns on purpose: the test still reads r, and only
     * this copy is freed (scripts/check-result-copies). */
    kept_results[kept_n++] = *r; /* result-copies: shares */
}

#endif
