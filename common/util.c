/* The helpers of util.h: the one copy of each small routine the libraries
 * used to carry privately.  Not for anything with a policy of its own (what
 * a number means, which error to report): callers decide that. */
#include "checkin/util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t util_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t util_mono_ms(void)
{
    return util_mono_ns() / 1000000;
}

struct timespec util_timespec_add_ms(struct timespec t, int64_t ms)
{
    t.tv_sec += (time_t)(ms / 1000);
    t.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

void util_mono_deadline(int64_t ms, struct timespec *out)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    *out = util_timespec_add_ms(now, ms);
}

int util_mono_cond_init(pthread_cond_t *cv)
{
    pthread_condattr_t ca;
    int rc = pthread_condattr_init(&ca);
    if (rc)
        return rc;
    rc = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    if (!rc)
        rc = pthread_cond_init(cv, &ca);
    pthread_condattr_destroy(&ca);
    return rc;
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

bool util_parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || *skip_blanks(end))
        return false;
    /* Written so that NaN fails too (every comparison with it is false). */
    if (!isfinite(v) || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

bool util_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || errno || *skip_blanks(end) || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int util_weekday(int y, int m, int d)
{
    /* Sakamoto's method. */
    static const int T[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y -= 1;
    return (y + y / 4 - y / 100 + y / 400 + T[m - 1] + d) % 7;
}

char *util_ini_gets(char *buf, int cap, void *ini_file)
{
    struct util_ini_file *f = ini_file;
    char *r = fgets(buf, cap, f->file);
    /* A line longer than the buffer comes in pieces; count it at its end. */
    bool counted = r && (strchr(buf, '\n') || feof(f->file));
    if (counted)
        f->line++;
    f->pending = r && !counted;
    return r;
}
