/* How long a desk takes to check a supervisor's PIN (supervisor_check):
 * crypto_pwhash_str_verify (Argon2id, OPSLIMIT and MEMLIMIT INTERACTIVE)
 * against each hash in the file until one matches.  With 1 and with 8
 * supervisors (the most a desk holds), the PIN of the first and of the
 * last supervisor tried, and a wrong PIN (every hash tried), ROUNDS times
 * each, and an unknown code at a desk of the PINs' length and of another
 * (supervisor_is_pin); prints the median and the spread.  The peer is one
 * crypto_pwhash_str_verify call by itself, measured in the same run.
 *
 *   pin_bench [ROUNDS] [WORKDIR]
 *
 * It prints figures; it never passes or fails. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/store.h"
#include "checkin/supervisor.h"
#include "checkin/util.h"

#include "bench_util.h"

static void report(const char *what, double *t, int n)
{
    qsort(t, (size_t)n, sizeof(*t), bench_cmp_double);
    printf("%-44s median %6.3f s  min %6.3f  max %6.3f\n", what, t[n / 2], t[0],
           t[n - 1]);
}

/* Time `rounds` checks of `pin` on `s`; the time of each into `t`. */
static void time_checks(store *s, const char *pin, int rounds, double *t,
                        int64_t *clock_ms)
{
    for (int i = 0; i < rounds; i++) {
        char buf[SUPERVISOR_PIN_CAP], name[SUPERVISOR_NAME_CAP];
        struct ck_error err = {0};
        snprintf(buf, sizeof(buf), "%s", pin);
        /* Each attempt an hour apart: wrong PINs never lock the run. */
        *clock_ms += 3600 * 1000;
        int64_t t0 = util_mono_ns();
        int rc = supervisor_check(s, buf, *clock_ms, name, &err);
        t[i] = (double)(util_mono_ns() - t0) / 1e9;
        (void)rc;
    }
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 9;
    const char *dir = argc > 2 ? argv[2] : "/tmp";
    if (rounds < 1 || rounds > 1000 || sodium_init() < 0)
        return 2;
    double *t = calloc((size_t)rounds, sizeof(double));
    char db[4096];
    snprintf(db, sizeof(db), "%s/pin_bench.db", dir);
    unlink(db);
    store *s;
    struct ck_error err = {0};
    if (!t || store_open(db, STORE_CREATE, &s, &err) ||
        event_load(s, CONFIG_DIR "/demo/event.ini", &err)) {
        fprintf(stderr, "pin_bench: %s\n", err.msg);
        return 1;
    }
    int64_t clock_ms = 0;
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, "24680135", 8,
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return 1;
    for (int i = 0; i < rounds; i++) {
        int64_t t0 = util_mono_ns();
        if (crypto_pwhash_str_verify(hash, "24680135", 8) != 0)
            return 1;
        t[i] = (double)(util_mono_ns() - t0) / 1e9;
    }
    report("crypto_pwhash_str_verify alone (peer)", t, rounds);
    for (int n = 1; n <= SUPERVISOR_MAX; n++) {
        char name[16], pin[16];
        snprintf(name, sizeof(name), "sup%d", n);
        snprintf(pin, sizeof(pin), "2468%04d", n);
        bool changed;
        if (supervisor_set(s, name, pin, 0, &changed, &err)) {
            fprintf(stderr, "pin_bench: %s\n", err.msg);
            return 1;
        }
        if (n != 1 && n != SUPERVISOR_MAX)
            continue;
        char what[64];
        /* Names are tried in order: sup1 first, supN last. */
        snprintf(what, sizeof(what), "%d supervisor%s, first one's PIN", n,
                 n == 1 ? "" : "s");
        time_checks(s, "24680001", rounds, t, &clock_ms);
        report(what, t, rounds);
        snprintf(pin, sizeof(pin), "2468%04d", n);
        snprintf(what, sizeof(what), "%d supervisor%s, last one's PIN", n,
                 n == 1 ? "" : "s");
        time_checks(s, pin, rounds, t, &clock_ms);
        report(what, t, rounds);
        snprintf(what, sizeof(what), "%d supervisor%s, a wrong PIN", n,
                 n == 1 ? "" : "s");
        time_checks(s, "13579135", rounds, t, &clock_ms);
        report(what, t, rounds);
    }
    /* An unknown code at a desk (supervisor_is_pin), with the 8: one as
     * long as the PINs is tried against every hash, one of another
     * length against none (schema 15 keeps each PIN's length). */
    static const char *const CODES[][2] = {
        {"13579135", "8 supervisors, unknown code, PINs' length"},
        {"135791357", "8 supervisors, unknown code, other length"}};
    for (size_t c = 0; c < 2; c++) {
        for (int i = 0; i < rounds; i++) {
            bool is = false;
            int64_t t0 = util_mono_ns();
            if (supervisor_is_pin(s, (const uint8_t *)CODES[c][0],
                                  strlen(CODES[c][0]), &is, &err))
                return 1;
            t[i] = (double)(util_mono_ns() - t0) / 1e9;
        }
        report(CODES[c][1], t, rounds);
    }
    store_close(s);
    unlink(db);
    free(t);
    return 0;
}
