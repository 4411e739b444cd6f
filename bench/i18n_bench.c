/* The cost of speaking the volunteer's language on a desk's verdict path
 * (issue 53): a desk's verdict (station_scan: verify, look up, decide,
 * commit durably) and the texts every screen writes of it (the sentence,
 * the group's sentence, the verdict word), with the Spanish catalogue
 * loaded and in English (a station without --lang in the C locale), in
 * alternating rounds of ROUND verdicts on the
 * same station and file, each person checked in once: median and p99 of
 * each language and their ratio.  Then the texts alone, without the
 * verdict (the same results written again and again, in turn): gettext's
 * own cost per result, beside English's in the C locale and by --lang en.
 * The verdicts' thread CPU time is reported beside their wall time: the
 * durable commit's wait on the disk, which moves the wall figures by more
 * than the 2% the issue allows from one run to the next, is not CPU.
 *
 *   i18n_bench [N] [WORKDIR]     N attendees (default 20,000)
 *
 * It prints figures; it never passes or fails. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/i18n.h"
#include "checkin/import.h"
#include "checkin/station.h"
#include "checkin/station_sentence.h"
#include "checkin/util.h"

#include "bench_util.h"

#define ROUND 500

static double now_ms(void)
{
    return (double)util_mono_ns() / 1e6;
}

/* This thread's CPU time (user and system), ms. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The mean of `k` figures. */
static double mean(const double *v, unsigned long k)
{
    double sum = 0;
    for (unsigned long i = 0; i < k; i++)
        sum += v[i];
    return k ? sum / (double)k : 0;
}

static void die(const struct ck_error *err)
{
    fprintf(stderr, "i18n_bench: %s\n", err->msg);
    exit(1);
}

/* `lang`, or "" for English as a station without --lang in the C locale
 * speaks it (gettext gives the English back at once). */
static void speak(const char *lang)
{
    struct ck_error err = {0};
    if (!lang[0]) {
        unsetenv("LANGUAGE");
        setlocale(LC_MESSAGES, "C");
        textdomain(CHECKIN_TEXTDOMAIN);
    } else if (checkin_lang_set(lang, &err)) {
        die(&err);
    }
}

/* What the screens write of a verdict: its sentence, the group's and
 * the word.  Returns a byte of them, so that nothing is left out. */
static int texts(const struct station_result *r)
{
    char said[STATION_SENTENCE_CAP], group[STATION_SENTENCE_CAP];
    station_result_sentence(r, said, sizeof(said));
    station_group_sentence(r, group, sizeof(group));
    return said[0] + group[0] + station_verdict_word(r)[0];
}

static void make_event(const char *dir, unsigned long n, store **s)
{
    char csv[4200], db[4200], key[4200];
    snprintf(csv, sizeof(csv), "%s/regs.csv", dir);
    snprintf(db, sizeof(db), "%s/i18n.db", dir);
    snprintf(key, sizeof(key), "%s/i18n.key", dir);
    unlink(db);
    unlink(key);
    FILE *f = fopen(csv, "w");
    if (!f)
        exit(1);
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,email\n",
          f);
    for (unsigned long i = 0; i < n; i++) {
        char sec[33];
        bench_secret(i, sec);
        fprintf(f,
                "%lu,O%06lu,paid,individual,%s,Ada%lu,Lovelace,"
                "p%lu@example.com\n",
                i + 1, i, sec, i, i);
    }
    fclose(f);
    struct ck_error err = {0};
    struct import_counts ic;
    char ini[4200];
    if (bench_event_ini(CONFIG_DIR "/demo/event.ini", dir, ini)) {
        fprintf(stderr, "i18n_bench: cannot write %s\n", ini);
        exit(1);
    }
    if (store_open(db, STORE_CREATE, s, &err) || event_load(*s, ini, &err) ||
        credential_create_key(*s, key, &err) ||
        import_file(*s, csv, NULL, &ic, &err))
        die(&err);
}

static void report(const char *what, double *es, double *en, unsigned long k)
{
    qsort(es, k, sizeof(double), bench_cmp_double);
    qsort(en, k, sizeof(double), bench_cmp_double);
    printf("| %s, English (C locale) | %.4f ms | %.4f ms |\n", what, en[k / 2],
           en[k * 99 / 100]);
    printf("| %s, Spanish catalogue | %.4f ms | %.4f ms |\n", what, es[k / 2],
           es[k * 99 / 100]);
    printf("| %s, Spanish / English (C locale) | %.3fx | %.3fx |\n", what,
           es[k / 2] / en[k / 2], es[k * 99 / 100] / en[k * 99 / 100]);
}

int main(int argc, char **argv)
{
    struct ck_error err = {0};
    if (i18n_start(&argc, argv, &err))
        die(&err);
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 20000;
    n -= n % (2 * ROUND);
    if (n < 2 * ROUND)
        n = 2 * ROUND;
    char dir[4096];
    if (argc > 2) {
        snprintf(dir, sizeof(dir), "%s", argv[2]);
        mkdir(dir, 0755);
    } else {
        snprintf(dir, sizeof(dir), "%s/checkin-i18n-bench-XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(dir))
            return 1;
    }
    store *s;
    make_event(dir, n, &s);
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = "bench-desk", .open_before_ms = -1};
    station *st;
    if (station_open(s, &cfg, &st, &err))
        die(&err);
    double *es = malloc(n / 2 * sizeof(double));
    double *en = malloc(n / 2 * sizeof(double));
    double *ces = malloc(n / 2 * sizeof(double));
    double *cen = malloc(n / 2 * sizeof(double));
    unsigned long nes = 0, nen = 0;
    int sink = 0;
    /* (1) the verdict and its texts, rounds in turn */
    for (unsigned long i = 0; i < n; i++) {
        bool spanish = (i / ROUND) % 2;
        if (i % ROUND == 0)
            speak(spanish ? "es" : "");
        char sec[33];
        bench_secret(i, sec);
        struct station_result r;
        double a = now_ms(), ca = cpu_ms();
        if (station_scan(st, (const uint8_t *)sec, strlen(sec),
                         1800000000000 + (int64_t)i, &r, &err))
            die(&err);
        sink += texts(&r);
        double t = now_ms() - a, c = cpu_ms() - ca;
        if (r.decision != DECISION_ADMIT || !station_result_recorded(&r)) {
            fprintf(stderr, "i18n_bench: scan %lu was not admitted\n", i);
            return 1;
        }
        if (spanish) {
            ces[nes] = c;
            es[nes++] = t;
        } else {
            cen[nen] = c;
            en[nen++] = t;
        }
        station_result_free(&r);
    }
    printf("| %lu desk verdicts, durable journal, rounds of %d | median "
           "| p99 |\n|---|---|---|\n",
           n, ROUND);
    unsigned long k = nes < nen ? nes : nen;
    report("verdict and its texts", es, en, k);
    double mes = mean(ces, k), men = mean(cen, k);
    report("verdict and its texts, thread CPU", ces, cen, k);
    printf("| verdict and its texts, thread CPU, mean: Spanish / English | "
           "%.4f / %.4f ms | %.3fx |\n",
           mes, men, mes / men);
    free(ces);
    free(cen);
    /* (2) the texts alone, without the verdict: a person checked in
     * above, again (already checked in), and a code of no one's. */
    struct station_result r[2];
    char sec[33];
    bench_secret(n / 3, sec);
    if (station_scan(st, (const uint8_t *)sec, strlen(sec), 1900000000000,
                     &r[0], &err))
        die(&err);
    bench_secret(n + 7, sec); /* no one's: a refusal */
    if (station_scan(st, (const uint8_t *)sec, strlen(sec), 1900000001000,
                     &r[1], &err))
        die(&err);
    /* English of the C locale, Spanish, English by --lang en (the C
     * locale's messages too, since gettext would otherwise look for an
     * "en" catalogue on every call). */
    static const char *const LANGS[] = {"", "es", "en"};
    enum { ROUNDS = 10 };
    double *t[3];
    for (int l = 0; l < 3; l++)
        t[l] = malloc(ROUNDS * ROUND * sizeof(double));
    for (int round = 0; round < 3 * ROUNDS; round++) {
        int l = round % 3;
        speak(LANGS[l]);
        for (int j = 0; j < ROUND; j++) {
            double a = now_ms();
            for (int m = 0; m < 2; m++)
                sink += texts(&r[m]);
            t[l][round / 3 * ROUND + j] = (now_ms() - a) * 1000;
        }
    }
    printf("\n| the texts alone, 2 results (warning, refusal) | median | p99 "
           "|\n|---|---|---|\n");
    for (int l = 0; l < 3; l++)
        qsort(t[l], ROUNDS * ROUND, sizeof(double), bench_cmp_double);
    static const char *const NAMES[] = {"English (C locale)",
                                        "Spanish catalogue", "--lang en"};
    for (int l = 0; l < 3; l++)
        printf("| texts, %s | %.2f us | %.2f us |\n", NAMES[l],
               t[l][ROUNDS * ROUND / 2], t[l][ROUNDS * ROUND * 99 / 100]);
    printf("| texts, Spanish / English (C locale) | %.2fx | |\n",
           t[1][ROUNDS * ROUND / 2] / t[0][ROUNDS * ROUND / 2]);
    for (int l = 0; l < 3; l++)
        free(t[l]);
    station_result_free(&r[0]);
    station_result_free(&r[1]);
    station_free(st);
    store_close(s);
    free(es);
    free(en);
    return sink == 42 ? 2 : 0;
}
