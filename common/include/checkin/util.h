/* Small helpers every library needs once: a monotonic clock, its
 * deadlines and the condition variables that wait on it, strict number
 * parsing, the day of the week, a counted line reader for libinih, and the
 * length of a static table.  Pure functions of their arguments (the clock
 * aside); nothing here knows the store, a device or a file format. */
#ifndef CHECKIN_UTIL_H
#define CHECKIN_UTIL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* The number of entries of a static array (not of a pointer). */
#define UTIL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Milliseconds on CLOCK_MONOTONIC: for timeouts and durations, never for
 * dates (it has no epoch and does not follow the wall clock). */
int64_t util_mono_ms(void);

/* The same clock in nanoseconds, for measuring short intervals. */
int64_t util_mono_ns(void);

/* `t` plus `ms` (>= 0) milliseconds, the nanoseconds carried into the
 * seconds: the result's tv_nsec is below 1,000,000,000 whenever `t`'s
 * is. */
struct timespec util_timespec_add_ms(struct timespec t, int64_t ms);

/* The moment `ms` (>= 0) milliseconds from now on CLOCK_MONOTONIC into
 * *out: the deadline pthread_cond_timedwait takes for a condition
 * variable made by util_mono_cond_init. */
void util_mono_deadline(int64_t ms, struct timespec *out /* out */);

/* Make `cv` a condition variable whose timed waits read CLOCK_MONOTONIC,
 * so that a wall clock set forward or back (a station's clock put
 * right) neither cuts a wait short nor draws it out; pthread's code. */
int util_mono_cond_init(pthread_cond_t *cv);

/* `s` as a decimal number within [lo, hi] into *out: strtod's syntax,
 * blanks (space, tab) allowed after it and nothing else.  False for an
 * empty string, trailing text, overflow, infinities and NaN (which no
 * range holds); *out is then untouched. */
bool util_parse_double(const char *s, double lo, double hi, double *out);

/* The same for a whole decimal number within [lo, hi]. */
bool util_parse_long(const char *s, long lo, long hi, long *out);

/* Day of the week of the Gregorian date y-m-d (m 1..12), 0 = Sunday. */
int util_weekday(int y, int m, int d);

/* A line reader for libinih's ini_parse_stream over a FILE, counting
 * lines for error messages: pass util_ini_gets as the reader and a
 * struct util_ini_file as its user pointer (or call util_ini_gets from a
 * reader of your own).  `line` is the number of the last line read,
 * counted once however many reads a line longer than the buffer takes;
 * `pending` says the last read was of a line not counted yet (a piece of
 * a line longer than the buffer, or a line with a NUL byte before its
 * newline), so the text libinih has is on line `line + pending`. */
struct util_ini_file {
    FILE *file;
    int line;
    bool pending;
};
char *util_ini_gets(char *buf, int cap, void *ini_file);

#endif
