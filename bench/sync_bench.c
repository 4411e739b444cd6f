/* Stations in step through the hub, measured on loopback with a throwaway
 * PostgreSQL 15 (tests/pgserver.c) and the real `checkin` command:
 *
 *   - a new station's first pull of 3,000 and 100,000 registrations
 *     (`checkin hub add-station`, then `checkin sync`), a desk's and a
 *     door's (which the hub sends without contact details, secrets
 *     hashed);
 *   - catch-up: a desk that decided 2,000 check-ins offline sends them
 *     with one `checkin sync` (hub throughput in rows/s);
 *   - propagation: 20 desks running `checkin scan` at once, syncing live,
 *     20 check-ins a second spread over 19 of them; the time from a desk
 *     showing a decision to its row being in the 20th desk's own file;
 *   - scan-to-verdict at a running desk with live sync on and with
 *     --offline, alternating in one run (code written to the scanner
 *     input, decision read from the JSON output).
 *
 * Prints a Markdown table; never passes or fails.  Needs the PostgreSQL
 * server (scripts/setup --tests). */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checkin/util.h"
#include "live.h"
#include "pgserver.h"
#include "testutil.h"

/* A registration export of `n` people, every one paid. */
static const char *write_csv(unsigned long n)
{
    static char path[1024];
    snprintf(path, sizeof(path), "%s/regs-%lu.csv", tu_tmpdir(), n);
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,email,tutorials\n",
          f);
    /* One in 25 bought the pandas tutorial (a door's room). */
    for (unsigned long i = 0; i < n; i++)
        fprintf(f,
                "%lu,B%07lu,paid,individual,bench%027lu,Given%lu,Family%lu,"
                "p%lu@example.com,%s\n",
                i + 1, i, i, i % 977, i % 1013, i,
                i % 25 ? "" : "pandas-intro");
    return fclose(f) ? NULL : path;
}

static void secret(unsigned long i, char out[40])
{
    snprintf(out, 40, "bench%027lu", i);
}

/* `checkin ARGS`, exiting if it fails; seconds it took. */
static double checkin(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static double checkin(const char *fmt, ...)
{
    char args[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    const char *out, *err;
    int64_t t0 = tu_mono_ms();
    int st = tu_checkin(args, &out, &err);
    double s = (double)(tu_mono_ms() - t0) / 1000.0;
    if (st != 0) {
        fprintf(stderr, "sync_bench: checkin %s failed: %s%s\n", args, out,
                err);
        exit(1);
    }
    return s;
}

/* An event of `n` paid registrations with its hub; the event's path. */
static const char *event(unsigned long n, double *init_s)
{
    static char paths[2][1024];
    static int k;
    char *db = paths[k++ % 2];
    snprintf(db, sizeof(paths[0]), "%s/event-%lu.db", tu_tmpdir(), n);
    const char *csv = write_csv(n);
    char hub[64];
    snprintf(hub, sizeof(hub), "bench_%lu", n);
    if (!csv || pgserver_createdb(hub))
        exit(1);
    checkin("init '%s' '%s/demo/event.ini'", db, CONFIG_DIR);
    checkin("import '%s' '%s'", db, csv);
    *init_s = checkin("hub init '%s' \"%s\"", db, pgserver_conninfo(hub));
    return db;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof(v[0]), cmp_d);
    int i = (int)(p * (n - 1) + 0.5);
    return v[i];
}

/* The station's line saying it is in step with the hub. */
static bool is_online(json_t *o, const void *arg)
{
    (void)arg;
    return json_is_true(json_object_get(o, "online"));
}

/* ---- propagation with 20 desks ---- */

enum { DESKS = 20, PROPAGATED = 400 };

static void propagation(const char *ev)
{
    static struct live desk[DESKS];
    char files[DESKS][1024];
    for (int k = 0; k < DESKS; k++) {
        snprintf(files[k], sizeof(files[k]), "%s/prop-%02d.db", tu_tmpdir(),
                 k + 1);
        checkin("hub add-station '%s' desk-%02d --station desk --out '%s'", ev,
                k + 1, files[k]);
        char args[128];
        snprintf(args, sizeof(args), "--station desk --name desk-%02d", k + 1);
        if (live_start(&desk[k], "", files[k], args))
            exit(1);
    }
    /* Every desk in step first. */
    for (int k = 0; k < DESKS; k++) {
        json_t *o = live_next(&desk[k], 60000, is_online, NULL);
        if (!o) {
            fprintf(stderr, "sync_bench: desk %d never came online\n", k + 1);
            exit(1);
        }
        json_decref(o);
    }
    /* Desk 1 only watches; desks 2-20 take turns, one check-in per 50 ms.
     * shown[i]: when check-in i's decision was read; seen[i]: when its row
     * was in desk 1's file. */
    static double shown[PROPAGATED], seen[PROPAGATED], took[PROPAGATED];
    static long seq_of[PROPAGATED];
    static int desk_of[PROPAGATED];
    int sent = 0, decided = 0, arrived = 0;
    sqlite3 *watch = NULL;
    sqlite3_open_v2(files[0], &watch, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *q = NULL;
    sqlite3_prepare_v2(watch,
                       "SELECT 1 FROM scan WHERE station = ?1 AND seq = ?2", -1,
                       &q, NULL);
    int64_t start = tu_mono_ms(), next_send = start;
    while (arrived < PROPAGATED && tu_mono_ms() - start < 120000) {
        int64_t now = tu_mono_ms();
        if (sent < PROPAGATED && now >= next_send) {
            int k = 1 + sent % (DESKS - 1);
            char code[40], line[48];
            secret((unsigned long)sent, code);
            int len = snprintf(line, sizeof(line), "%s\n", code);
            if (write(desk[k].in, line, (size_t)len) != len)
                exit(1);
            desk_of[sent] = k;
            seq_of[sent] = -1;
            sent++;
            next_send += 50;
        }
        for (int k = 1; k < DESKS; k++) {
            json_t *o;
            while ((o = live_next(&desk[k], 0, NULL, NULL))) {
                if (json_object_get(o, "decision")) {
                    /* Decisions of one desk come in the order sent. */
                    for (int i = 0; i < sent; i++)
                        if (desk_of[i] == k && seq_of[i] < 0) {
                            seq_of[i] =
                                json_integer_value(json_object_get(o, "seq"));
                            shown[i] = (double)tu_mono_ms();
                            decided++;
                            break;
                        }
                }
                json_decref(o);
            }
        }
        for (int i = 0; i < sent; i++) {
            if (seq_of[i] < 0 || seen[i] > 0)
                continue;
            char name[16];
            snprintf(name, sizeof(name), "desk-%02d", desk_of[i] + 1);
            sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(q, 2, seq_of[i]);
            if (sqlite3_step(q) == SQLITE_ROW) {
                seen[i] = (double)tu_mono_ms();
                took[arrived++] = seen[i] - shown[i];
            }
            sqlite3_reset(q);
        }
        usleep(1000);
    }
    double secs = (double)(tu_mono_ms() - start) / 1000.0;
    sqlite3_finalize(q);
    sqlite3_close(watch);
    for (int k = 0; k < DESKS; k++)
        live_stop(&desk[k]);
    if (arrived == 0) {
        printf("| propagation | no row arrived (%d sent, %d decided) |\n", sent,
               decided);
        return;
    }
    printf("| propagation, 20 desks, %d check-ins (%d arrived) in %.1f s: "
           "p50 / p99 / max | %.0f / %.0f / %.0f ms |\n",
           decided, arrived, secs, pct(took, arrived, 0.5),
           pct(took, arrived, 0.99), pct(took, arrived, 1.0));
}

/* ---- a new station's first pull ---- */

static void first_pull(const char *ev, unsigned long n, double init_s)
{
    char file[1024];
    snprintf(file, sizeof(file), "%s/first-%lu.db", tu_tmpdir(), n);
    double add = checkin("hub add-station '%s' desk-new-%lu --station desk "
                         "--out '%s'",
                         ev, n, file);
    double pull = checkin("sync '%s'", file);
    printf("| %lu registrations: hub init / add-station / first sync "
           "| %.2f / %.2f / %.2f s |\n",
           n, init_s, add, pull);
    /* A door's: registrations through its view, names of its room's
     * people only, every secret hashed on the hub (docs/sync.md, "What
     * each role holds"); its add-station holds its first pull. */
    snprintf(file, sizeof(file), "%s/first-door-%lu.db", tu_tmpdir(), n);
    double door = checkin("hub add-station '%s' door-new-%lu --station "
                          "door:pandas-intro --out '%s'",
                          ev, n, file);
    double again = checkin("sync '%s'", file);
    printf("| %lu registrations: a door's add-station (its first pull) / "
           "next sync; against a desk's add-station | %.2f / %.2f s; %.2fx "
           "|\n",
           n, door, again, door / add);
}

/* ---- catch-up after a long time offline ---- */

enum { OFFLINE_SCANS = 2000, CATCHUP_ROUNDS = 4 };

/* A new desk `name` decides OFFLINE_SCANS check-ins offline, then sends
 * them with one `checkin sync`: its seconds. */
static double catch_up_once(const char *ev, const char *name)
{
    char file[1024], codes[1024];
    snprintf(file, sizeof(file), "%s/%s.db", tu_tmpdir(), name);
    snprintf(codes, sizeof(codes), "%s/catchup.txt", tu_tmpdir());
    checkin("hub add-station '%s' %s --station desk --out '%s'", ev, name,
            file);
    checkin("sync '%s'", file);
    FILE *f = fopen(codes, "w");
    if (!f)
        exit(1);
    for (unsigned long i = 0; i < OFFLINE_SCANS; i++) {
        char c[40];
        secret(1000 + i, c);
        fprintf(f, "%s\n", c);
    }
    fclose(f);
    int st = tu_sh("'%s' scan '%s' --station desk --keyboard --json"
                   " --offline < '%s' > /dev/null 2>&1",
                   CHECKIN_BIN, file, codes);
    if (st != 0)
        exit(1);
    return checkin("sync '%s'", file);
}

/* Catch-up with the hub vetting every row (hub format 6, vet_scan), and
 * the same with its trigger off as the peer, alternating. */
static void catch_up(const char *ev, const char *hub)
{
    double on = 1e9, off = 1e9;
    for (int i = 0; i < CATCHUP_ROUNDS; i++) {
        bool vet = i % 2 == 0;
        if (pgserver_exec(hub, vet ? "ALTER TABLE checkin.scan ENABLE TRIGGER"
                                     " vet"
                                   : "ALTER TABLE checkin.scan DISABLE"
                                     " TRIGGER vet"))
            exit(1);
        char name[32];
        snprintf(name, sizeof(name), "desk-away-%d", i + 1);
        double s = catch_up_once(ev, name);
        if (vet && s < on)
            on = s;
        if (!vet && s < off)
            off = s;
    }
    if (pgserver_exec(hub, "ALTER TABLE checkin.scan ENABLE TRIGGER vet"))
        exit(1);
    printf("| catch-up: %d check-ins decided offline, one sync (best of %d)"
           " | %.2f s (%.0f rows/s); rows not vetted: %.2f s, ratio %.2f |\n",
           OFFLINE_SCANS, CATCHUP_ROUNDS / 2, on, OFFLINE_SCANS / on, off,
           on / off);
}

/* ---- scan-to-verdict, live sync on and off ---- */

enum { VERDICTS = 300, ROUNDS = 2 };

/* Median and p99 in ms of `n` scans at a running desk. */
static void verdicts(const char *file, const char *extra, unsigned long from,
                     int pace_ms, double *med, double *p99)
{
    struct live d;
    char args[256];
    snprintf(args, sizeof(args), "--station desk --name desk-v %s", extra);
    if (live_start(&d, "", file, args))
        exit(1);
    /* Steady state: a desk is in step with the hub long before the first
     * attendee arrives (connecting costs a SCRAM handshake). */
    if (!strstr(extra, "--offline")) {
        json_t *o = live_next(&d, 30000, is_online, NULL);
        if (!o)
            exit(1);
        json_decref(o);
    }
    static double t[VERDICTS];
    for (int i = 0; i < VERDICTS; i++) {
        char c[40];
        secret(from + (unsigned long)i, c);
        int64_t t0 = util_mono_ns();
        json_t *o = live_scan(&d, c);
        t[i] = (double)(util_mono_ns() - t0) / 1e6;
        json_decref(o);
        if (pace_ms)
            usleep((useconds_t)pace_ms * 1000);
    }
    live_stop(&d);
    *med = pct(t, VERDICTS, 0.5);
    *p99 = pct(t, VERDICTS, 0.99);
}

static void scan_to_verdict(const char *ev)
{
    char on[1024], off[1024];
    snprintf(on, sizeof(on), "%s/verdict-on.db", tu_tmpdir());
    snprintf(off, sizeof(off), "%s/verdict-off.db", tu_tmpdir());
    checkin("hub add-station '%s' desk-on --station desk --out '%s'", ev, on);
    checkin("hub add-station '%s' desk-off --station desk --out '%s'", ev, off);
    /* Back to back (the next code as soon as the last verdict shows: a
     * push can only happen every 250 ms, in the middle of the burst), and
     * paced at 50 ms (20 scans a second, ten times a busy desk: the worker
     * pushes between scans). */
    static const int pace[2] = {0, 50};
    for (int r = 0; r < 2 * ROUNDS; r++) {
        double mon, pon, moff, poff;
        unsigned long from = 10000 + (unsigned long)r * VERDICTS;
        verdicts(on, "", from, pace[r % 2], &mon, &pon);
        verdicts(off, "--offline", from, pace[r % 2], &moff, &poff);
        printf("| scan-to-verdict at a running desk, %s, sync on / "
               "--offline: median | %.2f / %.2f ms (ratio %.2f) |\n"
               "| same, p99 | %.2f / %.2f ms (ratio %.2f) |\n",
               pace[r % 2] ? "one scan per 50 ms" : "back to back", mon, moff,
               mon / moff, pon, poff, pon / poff);
    }
}

/* Whether part `name` runs: all of them without arguments. */
static bool part(int argc, char **argv, const char *name)
{
    if (argc < 2)
        return true;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], name))
            return true;
    return false;
}

int main(int argc, char **argv)
{
    int rc = pgserver_start();
    if (rc == PGSERVER_SKIP)
        return 0;
    if (rc != PGSERVER_OK)
        return 1;
    bool big = part(argc, argv, "pull") || part(argc, argv, "catchup") ||
               part(argc, argv, "verdict");
    double init3k, init100k = 0;
    const char *ev3k = event(3000, &init3k);
    const char *ev100k = big ? event(100000, &init100k) : NULL;
    printf("| hub on loopback (PostgreSQL 15, throwaway) | figure |\n"
           "|---|---|\n");
    if (part(argc, argv, "pull")) {
        first_pull(ev3k, 3000, init3k);
        first_pull(ev100k, 100000, init100k);
        fflush(stdout);
    }
    if (part(argc, argv, "catchup")) {
        catch_up(ev100k, "bench_100000");
        fflush(stdout);
    }
    if (part(argc, argv, "verdict")) {
        scan_to_verdict(ev100k);
        fflush(stdout);
    }
    if (part(argc, argv, "propagation"))
        propagation(ev3k);
    return 0;
}
