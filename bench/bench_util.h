/* What several benchmarks share: the synthetic secrets they give their
 * attendees (the same in every bench, so that figures compare), and the
 * order qsort sorts their timings by. */
#ifndef CHECKIN_BENCH_UTIL_H
#define CHECKIN_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The bench's folder: `given` (made if missing) or a new one from the
 * mkdtemp template `tmpl`; its registrations CSV, event file and key
 * paths beside it, the file and the key removed from an earlier run.
 * 0, or -1 when no folder could be made. */
static inline int bench_workdir(const char *given, const char *tmpl,
                                char dir[4096], char csv[4200], char db[4200],
                                char key[4200])
{
    if (given) {
        snprintf(dir, 4096, "%s", given);
        mkdir(dir, 0755);
    } else {
        snprintf(dir, 4096, "%s", tmpl);
        if (!mkdtemp(dir))
            return -1;
    }
    snprintf(csv, 4200, "%s/regs.csv", dir);
    snprintf(db, 4200, "%s/bench.db", dir);
    snprintf(key, 4200, "%s/bench.key", dir);
    unlink(db);
    unlink(key);
    return 0;
}

/* The demo event's description as the benches' desks need it, written
 * to DIR/bench-event.ini (`out`): `demo_ini` (config/demo/event.ini)
 * without its [admission] and [acknowledge ...] sections.  With them a
 * desk answers every first scan with the Code of Conduct's question (a
 * warning, nobody checked in); the benches measure the check-in, as at an
 * event whose registration form asked it (the tests do the same,
 * tu_demo_event_ini).  0, or -1 when a file could not be read or
 * written. */
static inline int bench_event_ini(const char *demo_ini, const char *dir,
                                  char out[4200])
{
    snprintf(out, 4200, "%s/bench-event.ini", dir);
    FILE *in = fopen(demo_ini, "r"), *f = in ? fopen(out, "w") : NULL;
    char line[4096];
    int skip = 0;
    while (f && fgets(line, sizeof(line), in)) {
        if (line[0] == '[')
            skip = !strncmp(line, "[admission]", 11) ||
                   !strncmp(line, "[acknowledge ", 13);
        if (!skip)
            fputs(line, f);
    }
    int bad = !f || ferror(in);
    if (in)
        fclose(in);
    if (f && fclose(f))
        bad = 1;
    return bad ? -1 : 0;
}

#endif
