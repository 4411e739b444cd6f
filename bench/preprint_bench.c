/* Pre-printed badges at the desk (issue 55): desk milliseconds per person
 * for a pre-printed pick-up (the verdict "Pre-printed: box L-M, #N" and
 * the volunteer's confirm that marks it handed over, station_scan and
 * station_preprint_hand) against a print on demand (the verdict, its
 * badge job queued in the check-in's transaction, and the print hook,
 * which here prints nothing: the printer is not measured), on one desk
 * station over the same file, in alternating rounds of 100 people, the
 * codes typed as a keyboard wedge types them.  Median and p99 of each
 * and their ratio, in the same run.
 *
 *   preprint_bench [N] [WORKDIR]   (N attendees, default 4000; half of
 *                                   them pre-printed into 20 boxes)
 *
 * It prints figures; it never passes or fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/preprint.h"
#include "checkin/station.h"
#include "checkin/store.h"
#include "checkin/store_sql.h"
#include "checkin/util.h"

#include "bench_util.h"

static double now_ms(void)
{
    return (double)util_mono_ns() / 1e6;
}

static void die(const struct ck_error *err)
{
    fprintf(stderr, "preprint_bench: %s\n", err->msg);
    exit(1);
}

/* The desk's print hook without a printer. */
static int no_printer(void *ctx, int64_t id, const char *why, bool *confirmed,
                      struct ck_error *err)
{
    (void)ctx;
    (void)id;
    (void)why;
    (void)err;
    *confirmed = true;
    return CK_OK;
}

/* Every even attendee's badge pre-printed: issued, and its place
 * recorded as `checkin badge --boxes 20` records it. */
static void preprint_half(store *s, const struct badge_key *key,
                          unsigned long n)
{
    struct ck_error err = {0};
    if (store_begin(s, &err))
        die(&err);
    unsigned long per_box = (n / 2 + 19) / 20;
    for (unsigned long i = 0; i < n; i += 2) {
        struct attendee_list l;
        char text[BADGE_TEXT_CAP], ticket[32];
        snprintf(ticket, sizeof(ticket), "%lu", i + 1);
        struct preprint p = {.position = (long)((i / 2) % per_box + 1),
                             .run_at_ms = store_now_ms()};
        snprintf(p.ticket_id, sizeof(p.ticket_id), "%s", ticket);
        snprintf(p.box, sizeof(p.box), "B%lu", (i / 2) / per_box + 1);
        if (store_attendee_find_one(s, ticket, &l, &err) ||
            credential_current(s, key, l.items[0].id, 0, text, &err) ||
            credential_newest_issue(s, l.items[0].id, 0, &p.issue, &err) ||
            preprint_put(s, &p, &err))
            die(&err);
        attendee_list_free(&l);
    }
    if (store_commit(s, &err))
        die(&err);
}

/* One person at the desk: ms from the code to the verdict shown and, for
 * a pre-printed badge, the confirm recorded; else the print handed to
 * the hook. */
static double one(station *st, unsigned long i, int64_t at_ms)
{
    struct ck_error err = {0};
    char code[33];
    bench_secret(i, code);
    struct station_result r;
    double t = now_ms();
    if (station_scan(st, (const uint8_t *)code, strlen(code), at_ms, &r, &err))
        die(&err);
    bool pre = r.preprint_offer;
    if (pre) {
        bool offered;
        struct preprint p;
        if (station_preprint_hand(st, r.attendee_id, at_ms, &offered, &p, &err))
            die(&err);
    } else {
        station_print(st, &r);
    }
    double ms = now_ms() - t;
    if (r.decision != DECISION_ADMIT || pre != (i % 2 == 0)) {
        fprintf(stderr, "preprint_bench: person %lu: not as expected\n", i);
        exit(1);
    }
    station_result_free(&r);
    return ms;
}

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 4000;
    if (n < 200)
        n = 200;
    char dir[4096], csv[4200], db[4200], keyf[4200];
    if (bench_workdir(argc > 2 ? argv[2] : NULL,
                      "/tmp/checkin-preprint-bench-XXXXXX", dir, csv, db, keyf))
        return 1;
    FILE *f = fopen(csv, "w");
    if (!f)
        return 1;
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,email,tutorials,sponsor_consent\n",
          f);
    for (unsigned long i = 0; i < n; i++) {
        char s[33];
        bench_secret(i, s);
        fprintf(f,
                "%lu,O%06lu,paid,individual,%s,Ada%lu,Lovelace,"
                "p%lu@example.com,,yes\n",
                i + 1, i, s, i, i);
    }
    fclose(f);
    struct ck_error err = {0};
    store *s;
    struct import_counts ic;
    struct badge_key key;
    char ini[4200];
    if (bench_event_ini(CONFIG_DIR "/demo/event.ini", dir, ini))
        return 1;
    if (store_open(db, STORE_CREATE, &s, &err) || event_load(s, ini, &err) ||
        credential_create_key(s, keyf, &err) ||
        import_file(s, csv, NULL, &ic, &err) ||
        credential_load_key(s, keyf, &key, &err))
        die(&err);
    preprint_half(s, &key, n);
    struct station_config cfg = {.mode = SCAN_DESK,
                                 .name = "bench-desk",
                                 .open_before_ms = -1,
                                 .print = no_printer,
                                 .print_printer = "bench",
                                 .print_badge_template = "badge-62x100",
                                 .print_ticket_template = "ticket-62x100"};
    station *st;
    if (station_open(s, &cfg, &st, &err))
        die(&err);
    double *pre = malloc(n / 2 * sizeof(double)),
           *demand = malloc(n / 2 * sizeof(double));
    if (!pre || !demand)
        return 1;
    size_t np = 0, nd = 0;
    /* Rounds of 100: 50 pre-printed, then 50 on demand, in turn. */
    for (unsigned long base = 0; base + 100 <= n; base += 100) {
        for (unsigned long i = base; i < base + 100; i += 2)
            pre[np++] = one(st, i, 1800000000000 + (int64_t)i);
        for (unsigned long i = base + 1; i < base + 100; i += 2)
            demand[nd++] = one(st, i, 1800000000000 + (int64_t)i);
    }
    qsort(pre, np, sizeof(double), bench_cmp_double);
    qsort(demand, nd, sizeof(double), bench_cmp_double);
    printf("| desk, %lu attendees, %zu of each | median | p99 |\n"
           "|---|---|---|\n",
           n, np);
    printf("| pre-printed pick-up: verdict + confirm | %.3f ms | %.3f ms |\n",
           pre[np / 2], pre[np * 99 / 100]);
    printf("| print on demand: verdict + job + hook (no printer) | %.3f ms | "
           "%.3f ms |\n",
           demand[nd / 2], demand[nd * 99 / 100]);
    printf("| ratio, pre-printed / on demand | %.2fx | %.2fx |\n",
           pre[np / 2] / demand[nd / 2],
           pre[np * 99 / 100] / demand[nd * 99 / 100]);
    station_free(st);
    badge_key_wipe(&key);
    store_close(s);
    free(pre);
    free(demand);
    return 0;
}
