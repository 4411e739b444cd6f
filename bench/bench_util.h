/* What several benchmarks share: the synthetic secrets they give their
 * attendees (the same in every bench, so that figures compare), and the
 * order qsort sorts their timings by. */
#ifndef CHECKIN_BENCH_UTIL_H
#define CHECKIN_BENCH_UTIL_H

/* Attendee i's 32-character secret, from the alphabet badges use. */
static inline void bench_secret(unsigned long i, char out[33])
{
    static const char alpha[] = "abcdefghjkmnpqrstuvwxyz23456789";
    unsigned long long x = i * 0x9E3779B97F4A7C15ull + 12345;
    for (int k = 0; k < 32; k++) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ull;
        x ^= x >> 32;
        out[k] = alpha[x % 31];
    }
    out[32] = '\0';
}

/* qsort's order of doubles, smallest first. */
static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif
