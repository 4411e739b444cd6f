/* Station benchmark.  (1) Scan-to-verdict after decoding: verify the code,
 * look the attendee up, apply the desk's rules and commit the decision to
 * the journal durably (WAL, synchronous=FULL), for N attendees (default
 * 100,000) each checked in once by their ticket secret: median, p99 and
 * decisions per second.  (2) A 1280x720 frame stream in which a badge
 * appears: frames from the first frame with the code in view to the
 * verdict, and mean and longest time per frame.  (3) The same frames
 * from a camera that delivers them at 30 fps on the wall clock, through
 * station_run: frames decoded and dropped, the longest frame.  (1b) A
 * check-in list's verdict (door:swag, once per person, who by ticket
 * type, the variation shown) beside the desk's, over the same attendees.
 * (1c) A redemption counter (door:tshirt, once per person, everyone who
 * bought add-on 302 in S, M or L, `stock` for each size), its verdict
 * with the stock left beside the desk's: alone, then while another
 * process (a second counter of the list on the same file) redeems one
 * T-shirt between each two of its scans: before local schema 10 each
 * verdict then counted its size again (admission_stock); since, the
 * journal's trigger keeps the count as each row is written.
 * (1d) A desk's verdict with the walk-in form enabled, another connection
 * committing between verdicts (a print worker's job update, which makes
 * any kept count stale): followed by what the screens read after it now
 * (the status line's ticket types and counters; the form's tutorials are
 * counted when the form opens, display_web.c and display_curses_forms.c),
 * and, as the peer, by the walk-in form's tutorials counted after every
 * verdict (registration_tutorials, as the screens did before), in
 * alternating rounds of 200 verdicts on the same station, each beside the
 * disk's floor of (1); then the form's opening alone (its count after
 * such a commit), which a volunteer pays once per walk-in.
 * (1e) A door's entry verdict at a room with a capacity and exits, with a
 * seat lease (docs/admission.md, "Capacity across doors") and without,
 * in the same run: two lists alike but for the lease, in a file with
 * sync's table of runs (as an enrolled door's), scanned in turn by
 * different people, so that both rooms fill alike.
 * Beside (1), the disk's floor: as many one-row commits into a bare
 * table of a file of its own in the same folder (WAL, synchronous=FULL),
 * timed alike; the desk's median and p99 as multiples of it.
 * (1f) A tutorial door's verdict (door:pandas-intro, a third of the
 * attendees, each in and out) with the journal's stock trigger as local
 * schema 10 made it (scan_stock's body on every door admit) and as the
 * newest schema narrows it (only an admit that hands something over), in
 * alternating rounds of 500 entries on the same station: the trigger is
 * dropped and made again between rounds by another connection.  Each
 * entry is followed by the person's exit and by a desk's first check-in
 * of someone else, so that issue 29's ratio (a door's verdict within 1.1x
 * of the desk's) is taken between verdicts made under the same load; the
 * frames each commit adds to the write-ahead log are counted for both.
 *
 *   station_bench [N] [WORKDIR]
 *
 * CHECKIN_BENCH_SCANS=M scans M of the N attendees in (1) and (1b);
 * CHECKIN_BENCH_RECOUNTS=R makes (1c)'s second part R scans at the counter
 * with R redemptions of the other process between them (default 500),
 * the first part redeeming the other N - 2R;
 * CHECKIN_BENCH_VERDICT_ONLY=1 stops after (1c); CHECKIN_BENCH_DOOR_ONLY=1
 * runs (1) and (1f) only; CHECKIN_BENCH_TRACE=1 prints every statement of one
 * door entry and one desk verdict of (1f), triggers included, with their times,
 * on standard error.  For instruction counts
 * that do not move with the machine's load:
 *
 *   CHECKIN_BENCH_SCANS=2000 CHECKIN_BENCH_VERDICT_ONLY=1 valgrind
 *     --tool=callgrind --toggle-collect=desk_verdict
 *     --toggle-collect=list_verdict build/bench/station_bench 100000
 *   callgrind_annotate --inclusive=yes callgrind.out.PID | grep verdict
 *
 * and for (1f), --toggle-collect=door_verdict_v10 --toggle-collect=
 * door_verdict --toggle-collect=desk_beside, each called once per entry.
 *
 * It prints figures; it never passes or fails. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkin/admission.h"
#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/journal.h"
#include "checkin/qr.h"
#include "checkin/source.h"
#include "checkin/station.h"
#include "checkin/station_loop.h"
#include "checkin/station_sentence.h"
#include "checkin/store_sql.h"
#include "checkin/synth_draw.h"
#include "checkin/util.h"

/* The stock trigger's texts of each schema version, for (1f). */
#include "../store/schema.h"

#include "bench_util.h"

static double now_ms(void)
{
    return (double)util_mono_ns() / 1e6;
}

/* One verdict at the desk, and one at a list: functions of their own so
 * that callgrind's --toggle-collect can count each (noipa: gcc would fold
 * the two identical bodies into one). */
__attribute__((noinline, noipa)) static int
desk_verdict(station *st, const char *code, int64_t at_ms,
             struct station_result *r, struct ck_error *err)
{
    return station_scan(st, (const uint8_t *)code, strlen(code), at_ms, r, err);
}

__attribute__((noinline, noipa)) static int
list_verdict(station *st, const char *code, int64_t at_ms,
             struct station_result *r, struct ck_error *err)
{
    return station_scan(st, (const uint8_t *)code, strlen(code), at_ms, r, err);
}

/* (1f)'s verdicts, one function each for callgrind: a door's entry with
 * the stock trigger of schema 10 and with the newest, and the desk's
 * check-in made between them. */
__attribute__((noinline, noipa)) static int
door_verdict_v10(station *st, const char *code, int64_t at_ms,
                 struct station_result *r, struct ck_error *err)
{
    return station_scan(st, (const uint8_t *)code, strlen(code), at_ms, r, err);
}

__attribute__((noinline, noipa)) static int
door_verdict(station *st, const char *code, int64_t at_ms,
             struct station_result *r, struct ck_error *err)
{
    return station_scan(st, (const uint8_t *)code, strlen(code), at_ms, r, err);
}

__attribute__((noinline, noipa)) static int
desk_beside(station *st, const char *code, int64_t at_ms,
            struct station_result *r, struct ck_error *err)
{
    return station_scan(st, (const uint8_t *)code, strlen(code), at_ms, r, err);
}

/* Frames from memory as a camera delivers them: frame i arrives at
 * start + i * frame_ms, waited for when the station is early, already
 * there (and the older ones with it) when it is late. */
struct paced_camera {
    source base;
    const uint8_t *frames;
    int w, h, n;
    int64_t frame_ms;
    int next;
    int64_t start_ms;
};

static int64_t arrival(const struct paced_camera *c, int i)
{
    return c->start_ms + (int64_t)i * c->frame_ms;
}

static int paced_next(source *src, int timeout_ms, struct source_item *out,
                      struct ck_error *err)
{
    struct paced_camera *c = (struct paced_camera *)src;
    (void)timeout_ms;
    (void)err;
    if (!c->start_ms)
        c->start_ms = util_mono_ms();
    if (c->next >= c->n) {
        out->kind = SOURCE_END;
        return CK_OK;
    }
    int64_t wait = arrival(c, c->next) - util_mono_ms();
    if (wait > 0)
        usleep((useconds_t)wait * 1000);
    out->kind = SOURCE_FRAME;
    out->t_ms = (int64_t)c->next * c->frame_ms;
    out->frame = (struct gray_frame){c->frames + (size_t)c->next * c->w * c->h,
                                     c->w, c->h, (size_t)c->w};
    c->next++;
    return CK_OK;
}

static bool paced_waiting(source *src)
{
    struct paced_camera *c = (struct paced_camera *)src;
    return c->next < c->n && arrival(c, c->next) <= util_mono_ms();
}

static void paced_free(source *src)
{
    (void)src;
}

static const struct source_ops PACED_OPS = {paced_next, paced_free,
                                            paced_waiting};

static void die(const struct ck_error *err)
{
    fprintf(stderr, "station_bench: %s\n", err->msg);
    exit(1);
}

/* (3) a badge this file never heard of (printed at another desk since
 * the last sync): version 2 names its registration, found by hashing the
 * attendees' ticket ids; against the same badges known to the file. */
static void unknown_badges(store *s, const char *db, const char *key,
                           unsigned long n)
{
    enum { N = 20 };
    struct badge_key k;
    struct ck_error err = {0};
    char codes[N][BADGE_TEXT_CAP];
    if (credential_load_key(s, key, &k, &err))
        die(&err);
    for (int i = 0; i < N; i++) {
        struct attendee_list l;
        char who[32];
        snprintf(who, sizeof(who), "%lu", n - (unsigned long)i);
        if (store_attendee_find_one(s, who, &l, &err) ||
            credential_issue(s, &k, l.items[0].id, 0, codes[i], &err))
            die(&err);
        attendee_list_free(&l);
    }
    badge_key_wipe(&k);
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = "bench-unknown", .open_before_ms = -1};
    double known[N], unknown[N];
    for (int round = 0; round < 2; round++) {
        sqlite3 *h;
        if (round == 1 && (sqlite3_open(db, &h) != SQLITE_OK ||
                           sqlite3_exec(h, "DELETE FROM badge", NULL, NULL,
                                        NULL) != SQLITE_OK ||
                           sqlite3_close(h) != SQLITE_OK)) {
            fprintf(stderr, "station_bench: could not forget the badges\n");
            exit(1);
        }
        station *st;
        if (station_open(s, &cfg, &st, &err))
            die(&err);
        for (int i = 0; i < N; i++) {
            struct station_result r;
            double a = now_ms();
            if (station_scan(st, (const uint8_t *)codes[i], strlen(codes[i]),
                             2000000000000 + round * 100 + i, &r, &err))
                die(&err);
            (round ? unknown : known)[i] = now_ms() - a;
            if (r.reason == STATION_REASON_UNKNOWN_ATTENDEE) {
                fprintf(stderr, "station_bench: badge %d not resolved\n", i);
                exit(1);
            }
            station_result_free(&r);
        }
        station_free(st);
    }
    qsort(known, N, sizeof(double), bench_cmp_double);
    qsort(unknown, N, sizeof(double), bench_cmp_double);
    printf("| a badge the file holds, median / max (%d) | %.3f / %.3f ms |\n",
           N, known[N / 2], known[N - 1]);
    printf("| a badge the file never heard of (by its registration), median "
           "/ max | %.3f / %.3f ms |\n",
           unknown[N / 2], unknown[N - 1]);
}

/* (1e): `k` entries at each of two rooms, `hall` without a seat lease and
 * `leased` with one (more seats than people), in turn: each verdict counts
 * who is inside, the leased door also whom it let in.  The lease is one a
 * sync leaves (sync/lease.c, settle): of the room's 100,000 seats shared
 * with door-2, the door holds its share, 50,000.  A door holding more
 * than its share is one whose room's capacity was lowered under it, which
 * lets nobody in (station/kind_door.c, full_here). */
static void lease_bench(store *s, const char *db, unsigned long k, double *lat,
                        double desk_median)
{
    sqlite3 *h;
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_exec(
            h,
            "CREATE TABLE IF NOT EXISTS sync_run (station_id TEXT PRIMARY KEY,"
            " own INTEGER NOT NULL CHECK (own IN (0,1)), pushed_seq INTEGER"
            " NOT NULL DEFAULT 0) WITHOUT ROWID;"
            "INSERT INTO checkin_list (slug, title, once, exits, capacity)"
            " VALUES ('hall', 'Hall', 'every-scan', 1, 100000), ('leased',"
            " 'Leased hall', 'every-scan', 1, 100000);"
            "INSERT INTO list_who SELECT id, 'ticket-type', 'individual' FROM"
            " checkin_list WHERE slug IN ('hall', 'leased');"
            "INSERT INTO list_lease (list_slug, granted, released, share,"
            " others, synced_ms) VALUES ('leased', 50000, 0, 50000, 'door-2',"
            " 0)",
            NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_close(h) != SQLITE_OK) {
        fprintf(stderr, "station_bench: could not add the halls\n");
        exit(1);
    }
    struct station_config hcfg = {.mode = SCAN_DOOR,
                                  .target = "hall",
                                  .name = "bench-hall",
                                  .open_before_ms = -1};
    struct station_config lcfg = hcfg;
    lcfg.target = "leased";
    lcfg.name = "bench-leased";
    station *door[2];
    struct ck_error err;
    if (station_open(s, &hcfg, &door[0], &err) ||
        station_open(s, &lcfg, &door[1], &err))
        die(&err);
    double *l2 = lat + k;
    for (unsigned long i = 0; i < 2 * k; i++) {
        int w = (int)(i % 2);
        char sec[33];
        bench_secret(i, sec);
        struct station_result r;
        double a = now_ms();
        if (list_verdict(door[w], sec, 1860000000000 + (int64_t)i, &r, &err))
            die(&err);
        (w ? l2 : lat)[i / 2] = now_ms() - a;
        if (r.reason != STATION_REASON_ENTERED ||
            !station_result_recorded(&r) || r.counters.leased != (w == 1)) {
            char said[STATION_SENTENCE_CAP];
            fprintf(stderr, "station_bench: hall scan %lu: %s (%s)\n", i,
                    station_result_sentence(&r, said, sizeof(said)),
                    station_reason_token(r.reason));
            exit(1);
        }
        station_result_free(&r);
    }
    station_free(door[0]);
    station_free(door[1]);
    qsort(lat, k, sizeof(double), bench_cmp_double);
    qsort(l2, k, sizeof(double), bench_cmp_double);
    printf("| door entry at a room with exits, %lu inside at the end, "
           "without a seat lease, median / p99 | %.3f / %.3f ms (%.2fx the "
           "desk's median) |\n",
           k, lat[k / 2], lat[k * 99 / 100], lat[k / 2] / desk_median);
    printf("| the same with a seat lease, median / p99 | %.3f / %.3f ms "
           "(%.2fx without) |\n",
           l2[k / 2], l2[k * 99 / 100], l2[k / 2] / lat[k / 2]);
}

/* (1c)'s T-shirt size of attendee i (ticket id i + 1). */
static const char *const SIZES[] = {"S", "M", "L"};
static int size_of(unsigned long i)
{
    return (int)((i + 1) % 3);
}

/* scan_stock's CREATE TRIGGER as schema version v made it, or the
 * newest version before v that did (13 made other triggers). */
static void stock_trigger(int v, char *out, size_t cap)
{
    while (v > 10 && !strstr(schema_migrations[v], "CREATE TRIGGER scan_stock"))
        v--;
    const char *p = strstr(schema_migrations[v], "CREATE TRIGGER scan_stock");
    /* The body's own CASE ... END come before; its last statement ends
     * with the variation's test. */
    const char *e = p ? strstr(p, "!= '';END;") : NULL;
    if (e)
        e += 6;
    if (!e || (size_t)(e + 4 - p) + 32 > cap) {
        fprintf(stderr, "station_bench: no scan_stock in version %d\n", v);
        exit(1);
    }
    snprintf(out, cap, "DROP TRIGGER scan_stock;%.*s", (int)(e + 4 - p), p);
}

/* (1f)'s pages: the frames each commit adds to the write-ahead log, as
 * SQLite's own hook tells them (sqlite3_wal_hook).  The hook takes the
 * place of the automatic checkpoint, so it checkpoints as that one does,
 * past 1,000 frames (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT). */
struct wal_count {
    int last;  /* frames in the log after the last commit */
    int added; /* frames the last commit added */
    /* With CHECKIN_BENCH_TRACE, the pages of the frames the last commit
     * added, read from the log's frame headers (the page number is the
     * first 4 bytes of each 24-byte header, big-endian, after the log's
     * 32-byte header; sqlite.org/fileformat.html, "WAL File Format"). */
    FILE *log;
    long page_size;
    unsigned page[64];
    int npages;
};

static void read_pages(struct wal_count *w, int from, int to)
{
    w->npages = 0;
    for (int f = from; f < to && w->npages < 64; f++) {
        unsigned char h[4];
        if (fseek(w->log, 32 + (long)f * (24 + w->page_size), SEEK_SET) ||
            fread(h, 1, 4, w->log) != 4)
            return;
        w->page[w->npages++] = (unsigned)h[0] << 24 | (unsigned)h[1] << 16 |
                               (unsigned)h[2] << 8 | h[3];
    }
}

static int count_frames(void *p, sqlite3 *db, const char *name, int frames)
{
    struct wal_count *w = p;
    w->added = frames > w->last ? frames - w->last : frames;
    if (w->log)
        read_pages(w, frames - w->added, frames);
    w->last = frames;
    if (frames >= 1000)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL,
                                  NULL);
    return SQLITE_OK;
}

/* CHECKIN_BENCH_TRACE=1: each statement of one door entry and one desk
 * verdict, the triggers' bodies among them ("-- TRIGGER name"), and the
 * time of each top-level statement, on standard error. */
static int trace_statement(unsigned type, void *ctx, void *p, void *x)
{
    const char *who = ctx;
    if (type == SQLITE_TRACE_STMT) {
        const char *text = x;
        fprintf(stderr, "%s: %s\n", who,
                strncmp(text, "--", 2) ? sqlite3_sql(p) : text);
    } else if (type == SQLITE_TRACE_PROFILE) {
        fprintf(stderr, "%s: %.1f us  %.60s\n", who,
                (double)*(const sqlite3_int64 *)x / 1e3, sqlite3_sql(p));
    }
    return 0;
}

/* The table or index each page of the last commit belongs to (SQLite's
 * dbstat table), on standard error. */
static void print_pages(sqlite3 *h, const struct wal_count *w, const char *who)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(h,
                           "SELECT name, pagetype FROM dbstat WHERE pageno = "
                           "?1",
                           -1, &q, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: no dbstat: %s\n", who, sqlite3_errmsg(h));
        return;
    }
    for (int i = 0; i < w->npages; i++) {
        sqlite3_bind_int64(q, 1, w->page[i]);
        if (sqlite3_step(q) == SQLITE_ROW)
            fprintf(stderr, "%s: page %u, %s (%s)\n", who, w->page[i],
                    (const char *)sqlite3_column_text(q, 0),
                    (const char *)sqlite3_column_text(q, 1));
        else
            fprintf(stderr, "%s: page %u\n", who, w->page[i]);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
}

/* (1f): a tutorial door's entries, rounds alternating the trigger of
 * schema 10 and the newest one, each entry followed by the person's exit
 * and by a desk's first check-in of someone else (attendees past the
 * `scans` of (1)), so that the desk is measured beside the door under the
 * same load, in the same file. */
static void tutorial_door_bench(store *s, const char *db, unsigned long n,
                                unsigned long scans, double desk_median)
{
    enum { ROUND = 500 };
    static char trig[2][8192];
    stock_trigger(10, trig[0], sizeof(trig[0]));
    stock_trigger(schema_latest, trig[1], sizeof(trig[1]));
    sqlite3 *h;
    sqlite3_stmt *q;
    int64_t start_s = 0;
    /* The room holds everyone: the bench measures the trigger, not the
     * door's capacity (each attendee leaves again anyway). */
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_exec(h,
                     "UPDATE tutorial SET capacity = 100000 WHERE slug = "
                     "'pandas-intro'",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h,
                           "SELECT starts_at FROM tutorial WHERE slug = "
                           "'pandas-intro'",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        fprintf(stderr, "station_bench: no pandas-intro: %s\n",
                sqlite3_errmsg(h));
        exit(1);
    }
    start_s = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    struct ck_error err = {0};
    struct station_config cfg = {.mode = SCAN_DOOR,
                                 .target = "pandas-intro",
                                 .name = "bench-pandas",
                                 .open_before_ms = -1};
    struct station_config dcfg = {
        .mode = SCAN_DESK, .name = "bench-desk-1f", .open_before_ms = -1};
    station *st, *desk;
    if (station_open(s, &cfg, &st, &err) || station_open(s, &dcfg, &desk, &err))
        die(&err);
    unsigned long cap = scans / 3 + 1, got[3] = {0, 0, 0};
    double *lat[3] = {malloc(cap * sizeof(double)),
                      malloc(cap * sizeof(double)),
                      malloc(cap * sizeof(double))};
    long frames[3] = {0, 0, 0}, commits[3] = {0, 0, 0};
    struct wal_count wal = {0};
    sqlite3 *mine = store_db(s);
    sqlite3_wal_hook(mine, count_frames, &wal);
    bool trace = getenv("CHECKIN_BENCH_TRACE") != NULL;
    char log[4200];
    int ln = snprintf(log, sizeof(log), "%s-wal", db);
    if (ln < 0 || (size_t)ln >= sizeof(log)) {
        fprintf(stderr, "station_bench: %s: the path is too long\n", db);
        exit(2);
    }
    if (trace) {
        wal.log = fopen(log, "rb");
        wal.page_size = 4096;
        if (sqlite3_prepare_v2(h, "PRAGMA page_size", -1, &q, NULL) ==
                SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            wal.page_size = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
    }
    int which = 0, in_round = ROUND;
    int64_t at = start_s * 1000 + 600000;
    unsigned long people = (scans + 2) / 3;
    for (unsigned long k = 0; k < people; k++) {
        unsigned long i = 3 * k, next_desk = scans + k;
        if (in_round == ROUND) {
            which = !which;
            in_round = 0;
            if (sqlite3_exec(h, trig[which], NULL, NULL, NULL) != SQLITE_OK) {
                fprintf(stderr, "station_bench: trigger: %s\n",
                        sqlite3_errmsg(h));
                exit(1);
            }
        }
        /* The tenth entry of the first round: the newest trigger, its
         * statements prepared. */
        bool traced = trace && k == 10;
        bool paged = trace && k >= 10 && k < 20;
        char sec[33];
        bench_secret(i, sec);
        struct station_result r;
        station_set_direction(st, DIRECTION_IN);
        if (traced)
            sqlite3_trace_v2(mine, SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE,
                             trace_statement, "door");
        wal.added = 0;
        double a = now_ms();
        if ((which ? door_verdict : door_verdict_v10)(st, sec, at++, &r, &err))
            die(&err);
        double t = now_ms() - a;
        if (r.decision != DECISION_ADMIT || !station_result_recorded(&r)) {
            char said[STATION_SENTENCE_CAP];
            fprintf(stderr, "station_bench: tutorial scan %lu: %s\n", i,
                    station_result_sentence(&r, said, sizeof(said)));
            exit(1);
        }
        station_result_free(&r);
        /* The round's first verdict prepares its statements again (the
         * schema changed); the others are the steady state. */
        if (in_round++ > 0) {
            lat[which][got[which]++] = t;
            frames[which] += wal.added;
            commits[which]++;
        }
        sqlite3_trace_v2(mine, 0, NULL, NULL);
        if (paged)
            print_pages(h, &wal, "door");
        station_set_direction(st, DIRECTION_OUT);
        if (station_scan(st, (const uint8_t *)sec, 32, at++, &r, &err))
            die(&err);
        if (next_desk >= n)
            continue;
        bench_secret(next_desk, sec);
        if (traced)
            sqlite3_trace_v2(mine, SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE,
                             trace_statement, "desk");
        wal.added = 0;
        a = now_ms();
        if (desk_beside(desk, sec, at++, &r, &err))
            die(&err);
        t = now_ms() - a;
        sqlite3_trace_v2(mine, 0, NULL, NULL);
        if (paged)
            print_pages(h, &wal, "desk");
        if (r.decision != DECISION_ADMIT || !station_result_recorded(&r)) {
            char said[STATION_SENTENCE_CAP];
            fprintf(stderr, "station_bench: desk scan %lu: %s\n", next_desk,
                    station_result_sentence(&r, said, sizeof(said)));
            exit(1);
        }
        if (in_round > 1) {
            lat[2][got[2]++] = t;
            frames[2] += wal.added;
            commits[2]++;
        }
    }
    sqlite3_wal_hook(mine, NULL, NULL);
    sqlite3_wal_autocheckpoint(mine, 1000);
    if (wal.log)
        fclose(wal.log);
    station_set_direction(st, DIRECTION_IN);
    station_free(st);
    station_free(desk);
    sqlite3_close(h);
    static const char *const NAME[3] = {"stock trigger of schema 10 (every "
                                        "door admit)",
                                        "stock trigger narrowed (hands "
                                        "something over)",
                                        "the desk between them"};
    double beside = 0;
    if (got[2]) {
        qsort(lat[2], got[2], sizeof(double), bench_cmp_double);
        beside = lat[2][got[2] / 2];
    }
    printf("| (1f) verdict, same rounds | verdicts | median / p99 | x the "
           "desk beside | x the desk of (1) | WAL frames per commit "
           "|\n|---|---|---|---|---|---|\n");
    for (int w = 0; w < 3; w++) {
        if (!got[w])
            continue;
        qsort(lat[w], got[w], sizeof(double), bench_cmp_double);
        double med = lat[w][got[w] / 2];
        printf("| %s | %lu | %.3f / %.3f ms | %.2fx | %.2fx | %.2f |\n",
               NAME[w], got[w], med, lat[w][got[w] * 99 / 100],
               beside > 0 ? med / beside : 0.0, med / desk_median,
               (double)frames[w] / (double)commits[w]);
    }
    free(lat[0]);
    free(lat[1]);
    free(lat[2]);
}

/* (1c)'s other process: a second counter of door:tshirt on the same
 * file.  It is forked before the parent opens any SQLite connection and
 * opens its own on the first command.  Each command from `in` (an
 * attendee index, 8 bytes) is one redemption there, committed before the
 * answer (the same index) goes back on `out`; end of input ends it. */
static void other_counter(const char *db, int in, int out)
{
    unsigned long i;
    store *s = NULL;
    station *st = NULL;
    struct ck_error err = {0};
    struct station_config cfg = {.mode = SCAN_DOOR,
                                 .target = "tshirt",
                                 .name = "bench-tshirt-2",
                                 .open_before_ms = -1};
    while (read(in, &i, sizeof(i)) == (ssize_t)sizeof(i)) {
        if (!st && (store_open(db, STORE_EXISTING, &s, &err) ||
                    station_open(s, &cfg, &st, &err)))
            die(&err);
        char sec[33];
        bench_secret(i, sec);
        struct station_result r;
        if (station_scan(st, (const uint8_t *)sec, 32, 1850000000000 + i, &r,
                         &err))
            die(&err);
        if (r.decision != DECISION_ADMIT || !station_result_recorded(&r)) {
            char said[STATION_SENTENCE_CAP];
            fprintf(stderr, "station_bench: other counter %lu: %s\n", i,
                    station_result_sentence(&r, said, sizeof(said)));
            _exit(1);
        }
        station_result_free(&r);
        if (write(out, &i, sizeof(i)) != (ssize_t)sizeof(i))
            _exit(1);
    }
    station_free(st);
    store_close(s);
    _exit(0);
}

/* Attendee i at the counter: the verdict's time, checked to admit, hand
 * i's size and say `left` of it are left. */
static double counter_scan(station *st, unsigned long i, long left)
{
    char sec[33], want[64];
    bench_secret(i, sec);
    struct station_result r;
    struct ck_error err = {0};
    double a = now_ms();
    if (list_verdict(st, sec, 1850000000000 + i, &r, &err))
        die(&err);
    double t = now_ms() - a;
    snprintf(want, sizeof(want), "%s: %ld left", SIZES[size_of(i)], left);
    char got[STATION_STOCK_CAP];
    station_result_stock(&r, got, sizeof(got));
    if (r.decision != DECISION_ADMIT || !station_result_recorded(&r) ||
        strncmp(got, want, strlen(want)) ||
        (got[strlen(want)] && got[strlen(want)] != ',')) {
        char said[STATION_SENTENCE_CAP];
        fprintf(stderr,
                "station_bench: counter scan %lu: %s (stock '%s', "
                "expected '%s')\n",
                i, station_result_sentence(&r, said, sizeof(said)), got, want);
        exit(1);
    }
    station_result_free(&r);
    return t;
}

/* (1c): the counter alone over attendees [0, n - 2 * rec), then `rec`
 * scans with the other process redeeming one between each two. */
static void counter_bench(store *s, const char *db, unsigned long n,
                          unsigned long rec, double *lat, double desk_median,
                          double desk_p99, int to_other, int from_other)
{
    enum { STOCK = 40000 };
    sqlite3 *h;
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_exec(
            h,
            "BEGIN;"
            "INSERT INTO checkin_list (slug, title, once) VALUES "
            "('tshirt', 'T-shirt', 'per-person');"
            "INSERT INTO list_who SELECT id, 'item', '302' FROM checkin_list "
            "WHERE slug = 'tshirt';"
            "INSERT INTO list_show SELECT id, 1, 'variation', NULL FROM "
            "checkin_list WHERE slug = 'tshirt';"
            "INSERT INTO list_stock SELECT l.id, v.column1, 40000 FROM "
            "checkin_list l, (VALUES ('S'), ('M'), ('L')) v WHERE l.slug = "
            "'tshirt';"
            "INSERT INTO attendee_item (attendee_id, position, item, "
            "variation, variation_name) SELECT id, 'p' || ticket_id, '302', "
            "CAST(ticket_id AS INTEGER) % 3, CASE CAST(ticket_id AS INTEGER) "
            "% 3 WHEN 0 THEN 'S' WHEN 1 THEN 'M' ELSE 'L' END FROM attendee;"
            "COMMIT",
            NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_close(h) != SQLITE_OK) {
        fprintf(stderr, "station_bench: could not add the counter\n");
        exit(1);
    }
    struct ck_error err = {0};
    struct station_config cfg = {.mode = SCAN_DOOR,
                                 .target = "tshirt",
                                 .name = "bench-tshirt-1",
                                 .open_before_ms = -1};
    station *st;
    if (station_open(s, &cfg, &st, &err))
        die(&err);
    long handed[3] = {0, 0, 0};
    unsigned long alone = n - 2 * rec;
    for (unsigned long i = 0; i < alone; i++) {
        int v = size_of(i);
        handed[v]++;
        lat[i] = counter_scan(st, i, STOCK - handed[v]);
    }
    qsort(lat, alone, sizeof(double), bench_cmp_double);
    printf("| counter (door:tshirt, S/M/L with stock), alone, %lu "
           "redemptions: median / p99 | %.3f / %.3f ms (%.2fx / %.2fx the "
           "desk's) |\n",
           alone, lat[alone / 2], lat[alone * 99 / 100],
           lat[alone / 2] / desk_median, lat[alone * 99 / 100] / desk_p99);
    for (unsigned long k = 0; k < rec; k++) {
        unsigned long j = n - rec + k, i = alone + k, back;
        if (write(to_other, &j, sizeof(j)) != (ssize_t)sizeof(j) ||
            read(from_other, &back, sizeof(back)) != (ssize_t)sizeof(back) ||
            back != j) {
            fprintf(stderr, "station_bench: the other counter stopped\n");
            exit(1);
        }
        handed[size_of(j)]++;
        handed[size_of(i)]++;
        lat[k] = counter_scan(st, i, STOCK - handed[size_of(i)]);
    }
    qsort(lat, rec, sizeof(double), bench_cmp_double);
    printf("| the same counter, another process redeeming between each two "
           "scans, %lu scans after %lu "
           "redemptions: median / p99 | %.3f / %.3f ms (%.2fx / %.2fx the "
           "desk's) |\n",
           rec, alone, lat[rec / 2], lat[rec * 99 / 100],
           lat[rec / 2] / desk_median, lat[rec * 99 / 100] / desk_p99);
    station_free(st);
    /* A count from scratch, over each size's rows as the file holds them
     * now: what admission_stock ran after another writer before schema
     * 10, its peer here. */
    sqlite3_stmt *q;
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_prepare_v2(
            h,
            "SELECT s.at_ms FROM live_scan s WHERE s.mode = 'door' AND "
            "s.target = 'tshirt' AND s.decision = 'admit' AND s.direction = "
            "'in' AND " ADMISSION_HANDED_NOW " = ?1",
            -1, &q, NULL) != SQLITE_OK) {
        fprintf(stderr, "station_bench: %s\n", sqlite3_errmsg(h));
        exit(1);
    }
    double best = 1e9;
    long rows = 0;
    for (int round = 0; round < 5; round++) {
        sqlite3_bind_text(q, 1, "M", -1, SQLITE_STATIC);
        double a = now_ms();
        long got = 0;
        int rc;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW)
            got++;
        double t = now_ms() - a;
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            exit(1);
        rows = got;
        best = t < best ? t : best;
    }
    printf("| counting one size from scratch alone (the query before schema "
           "10, %ld of the %lu "
           "redemptions, best of 5) | %.3f ms |\n",
           rows, n, best);
    sqlite3_finalize(q);
    sqlite3_close(h);
}

/* (1d): see the head of the file.  The verdicts are of attendees (1)
 * checked in ("already checked in"), the same for each way. */
static void tutorials_bench(store *s, const char *db, station *st,
                            unsigned long n_attendees, unsigned long scans,
                            double floor_median, double floor_p99)
{
    enum { ROUND = 200, ROUNDS = 3, WAYS = 3 };
    static const char *const WAY[WAYS] = {
        "verdict, then the status the screens read after it now",
        "verdict, then the form's tutorials counted (the screens before)",
        "the walk-in form opening alone (its tutorials counted)"};
    sqlite3 *other;
    if (sqlite3_open(db, &other) != SQLITE_OK)
        return;
    sqlite3_busy_timeout(other, 5000);
    double *way_lat[WAYS];
    size_t got[WAYS] = {0};
    for (int w = 0; w < WAYS; w++)
        way_lat[w] = malloc(ROUND * ROUNDS * sizeof(double));
    struct ck_error err = {0};
    unsigned long next = 0;
    for (int round = 0; round < ROUNDS; round++)
        for (int w = 0; w < WAYS && way_lat[w]; w++)
            for (int i = 0; i < ROUND; i++) {
                char sec[33];
                bench_secret(next++ % scans, sec);
                if (sqlite3_exec(other,
                                 "INSERT OR REPLACE INTO setting"
                                 " (key, value) VALUES"
                                 " ('bench.tick', random())",
                                 NULL, NULL, NULL) != SQLITE_OK)
                    break;
                struct station_result r = {0};
                struct registration_tutorial t[48];
                struct station_walkin_tutorial wt[48];
                struct registration_ticket_type types[32];
                size_t n = 0;
                double a = now_ms();
                if (w < 2 &&
                    desk_verdict(st, sec, 1800000000000 + (int64_t)next, &r,
                                 &err))
                    die(&err);
                int rc = w == 0 ? station_ticket_types(st, types, 32, &n, &err)
                         : w == 1
                             ? registration_tutorials(s, t, 48, &n, &err)
                             : station_walkin_tutorials(st, wt, 48, &n, &err);
                if (w == 0)
                    (void)station_counters(st);
                if (rc)
                    die(&err);
                way_lat[w][got[w]++] = now_ms() - a;
                if (w < 2)
                    station_result_free(&r);
            }
    printf("| desk verdict at %lu attendees with the walk-in form enabled, "
           "another connection committing between, %d rounds of %d each way "
           "| median | p99 | x the disk's floor (%.3f / %.3f ms) |\n"
           "|---|---|---|---|\n",
           n_attendees, ROUNDS, ROUND, floor_median, floor_p99);
    for (int w = 0; w < WAYS; w++) {
        if (!way_lat[w] || !got[w])
            continue;
        qsort(way_lat[w], got[w], sizeof(double), bench_cmp_double);
        double med = way_lat[w][got[w] / 2],
               p99 = way_lat[w][got[w] * 99 / 100];
        printf("| %s | %.3f ms | %.3f ms | %.2fx / %.2fx |\n", WAY[w], med, p99,
               med / floor_median, p99 / floor_p99);
        free(way_lat[w]);
    }
    sqlite3_close(other);
}

/* The disk's floor for a durable verdict (issue 32: the desk's figure
 * stated beside it): `k` commits of one row each into a bare table of a
 * file of its own in the same folder, with the desk file's settings (WAL,
 * synchronous=FULL), timed alike.  Nothing the desk does is cheaper than
 * one such commit. */
static int fsync_floor(const char *dir, unsigned long k, double *lat)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/floor.db", dir);
    unlink(path);
    sqlite3 *f = NULL;
    sqlite3_stmt *ins = NULL;
    int rc = sqlite3_open(path, &f);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(f,
                          "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                          " CREATE TABLE t(seq INTEGER PRIMARY KEY, at INTEGER,"
                          " code TEXT)",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(f, "INSERT INTO t(at, code) VALUES (?1, ?2)",
                                -1, &ins, NULL);
    for (unsigned long i = 0; rc == SQLITE_OK && i < k; i++) {
        char code[33];
        bench_secret(i, code);
        sqlite3_bind_int64(ins, 1, 1800000000000 + (sqlite3_int64)i);
        sqlite3_bind_text(ins, 2, code, -1, SQLITE_STATIC);
        double a = now_ms();
        rc = sqlite3_step(ins) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        lat[i] = now_ms() - a;
        sqlite3_reset(ins);
    }
    if (rc != SQLITE_OK)
        fprintf(stderr, "station_bench: the floor's file %s: %s\n", path,
                sqlite3_errmsg(f));
    sqlite3_finalize(ins);
    sqlite3_close(f);
    unlink(path);
    return rc == SQLITE_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    long scans_env;
    const char *se = getenv("CHECKIN_BENCH_SCANS");
    unsigned long scans = se && util_parse_long(se, 1, (long)n, &scans_env)
                              ? (unsigned long)scans_env
                              : n;
    char dir[4096], csv[4200], db[4200], key[4200];
    if (bench_workdir(argc > 2 ? argv[2] : NULL,
                      "/tmp/checkin-station-bench-XXXXXX", dir, csv, db, key))
        return 1;
    long rec_env;
    const char *re = getenv("CHECKIN_BENCH_RECOUNTS");
    unsigned long rec = re && util_parse_long(re, 1, (long)(n / 4), &rec_env)
                            ? (unsigned long)rec_env
                            : (n >= 2000 ? 500 : n / 4);
    /* (1c)'s other process, forked before this one opens the file. */
    int to_other[2], from_other[2];
    if (pipe(to_other) || pipe(from_other))
        return 1;
    pid_t other = fork();
    if (other < 0)
        return 1;
    if (other == 0) {
        close(to_other[1]);
        close(from_other[0]);
        other_counter(db, to_other[0], from_other[1]);
    }
    close(to_other[0]);
    close(from_other[1]);
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
                "p%lu@example.com,%s,yes\n",
                i + 1, i / 2, s, i, i, i % 3 ? "" : "pandas-intro");
    }
    fclose(f);
    struct ck_error err = {0};
    store *s;
    struct import_counts ic;
    char ini[4200];
    if (bench_event_ini(CONFIG_DIR "/demo/event.ini", dir, ini))
        return 1;
    if (store_open(db, STORE_CREATE, &s, &err) || event_load(s, ini, &err) ||
        credential_create_key(s, key, &err) ||
        import_file(s, csv, NULL, &ic, &err))
        die(&err);

    /* (1) scan to verdict, durable */
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = "bench-desk", .open_before_ms = -1};
    station *st;
    if (station_open(s, &cfg, &st, &err))
        die(&err);
    double *lat = malloc(n * sizeof(double));
    double t0 = now_ms();
    for (unsigned long i = 0; i < scans; i++) {
        char sec[33];
        bench_secret(i, sec);
        struct station_result r;
        double a = now_ms();
        if (desk_verdict(st, sec, 1800000000000 + i, &r, &err))
            die(&err);
        lat[i] = now_ms() - a;
        if (r.decision != DECISION_ADMIT || !station_result_recorded(&r)) {
            char said[STATION_SENTENCE_CAP];
            fprintf(stderr, "station_bench: scan %lu: %s\n", i,
                    station_result_sentence(&r, said, sizeof(said)));
            return 1;
        }
        station_result_free(&r); /* after the timed verdict */
    }
    double total = now_ms() - t0;
    qsort(lat, scans, sizeof(double), bench_cmp_double);
    printf("| desk scan-to-verdict, %lu attendees (%lu scanned), durable "
           "journal | value |\n|---|---|\n",
           n, scans);
    printf("| median | %.3f ms |\n| p99 | %.3f ms |\n| max | %.3f ms |\n",
           lat[scans / 2], lat[scans * 99 / 100], lat[scans - 1]);
    printf("| sustained | %.0f decisions/s |\n", (double)scans / (total / 1e3));
    /* What each decision fills and a display copies (issue 33). */
    printf("| struct station_result | %zu bytes |\n",
           sizeof(struct station_result));
    double desk_median = lat[scans / 2], desk_p99 = lat[scans * 99 / 100];
    /* The floor, as many commits as the desk made, right after it. */
    double *floor_lat = malloc(scans * sizeof(double));
    if (!floor_lat || fsync_floor(dir, scans, floor_lat))
        return 1;
    qsort(floor_lat, scans, sizeof(double), bench_cmp_double);
    printf("| the disk's floor: one-row commits in the same folder (WAL, "
           "synchronous=FULL), median / p99 | %.3f / %.3f ms (the desk's "
           "median %.2fx, p99 %.2fx) |\n",
           floor_lat[scans / 2], floor_lat[scans * 99 / 100],
           desk_median / floor_lat[scans / 2],
           desk_p99 / floor_lat[scans * 99 / 100]);
    double floor_median = floor_lat[scans / 2],
           floor_p99 = floor_lat[scans * 99 / 100];
    free(floor_lat);
    bool door_only = getenv("CHECKIN_BENCH_DOOR_ONLY") != NULL;
    if (!door_only)
        tutorials_bench(s, db, st, n, scans, floor_median, floor_p99);
    station_free(st);

    /* (1b) the same attendees at a check-in list: their first
     * redemption each (docs/admission.md, issue 29's 1.1x). */
    sqlite3 *h;
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_exec(h,
                     "INSERT INTO checkin_list (slug, title, once) VALUES "
                     "('swag', 'Swag', 'per-person');"
                     "INSERT INTO list_who SELECT id, 'ticket-type', "
                     "'individual' FROM checkin_list WHERE slug = 'swag';"
                     "INSERT INTO list_show SELECT id, 1, 'variation', NULL "
                     "FROM checkin_list WHERE slug = 'swag'",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_close(h) != SQLITE_OK) {
        fprintf(stderr, "station_bench: could not add the list\n");
        return 1;
    }
    if (door_only)
        goto door;
    struct station_config lcfg = {.mode = SCAN_DOOR,
                                  .target = "swag",
                                  .name = "bench-swag",
                                  .open_before_ms = -1};
    if (station_open(s, &lcfg, &st, &err))
        die(&err);
    for (unsigned long i = 0; i < scans; i++) {
        char sec[33];
        bench_secret(i, sec);
        struct station_result r;
        double a = now_ms();
        if (list_verdict(st, sec, 1800000000000 + i, &r, &err))
            die(&err);
        lat[i] = now_ms() - a;
        if (r.decision != DECISION_ADMIT || !station_result_recorded(&r)) {
            char said[STATION_SENTENCE_CAP];
            fprintf(stderr, "station_bench: list scan %lu: %s\n", i,
                    station_result_sentence(&r, said, sizeof(said)));
            return 1;
        }
        station_result_free(&r);
    }
    qsort(lat, scans, sizeof(double), bench_cmp_double);
    printf("| list (door:swag) scan-to-verdict, median / p99 | %.3f / %.3f "
           "ms (%.2fx the desk's median) |\n",
           lat[scans / 2], lat[scans * 99 / 100], lat[scans / 2] / desk_median);
    station_free(st);

door:
    /* (1f) a tutorial door, the stock trigger as it was and as it is. */
    tutorial_door_bench(s, db, n, scans, desk_median);
    if (door_only) {
        free(lat);
        store_close(s);
        close(to_other[1]);
        waitpid(other, NULL, 0);
        return 0;
    }

    /* (1c) a redemption counter with stock, alone and recounting. */
    if (rec >= 1) {
        counter_bench(s, db, n, rec, lat, desk_median, desk_p99, to_other[1],
                      from_other[0]);
    }
    close(to_other[1]);
    int status;
    if (waitpid(other, &status, 0) != other || !WIFEXITED(status) ||
        WEXITSTATUS(status)) {
        fprintf(stderr, "station_bench: the other counter failed\n");
        return 1;
    }
    close(from_other[0]);
    /* (1e) a door with and without a seat lease. */
    lease_bench(s, db, scans < 2000 ? scans / 2 : 1000, lat, desk_median);
    if (getenv("CHECKIN_BENCH_VERDICT_ONLY")) {
        free(lat);
        store_close(s);
        return 0;
    }
    cfg.name = "bench-desk";
    if (station_open(s, &cfg, &st, &err))
        die(&err);
    /* Repeats: the "already checked in" path. */
    double t1 = now_ms();
    unsigned long reps = scans < 10000 ? scans : 10000;
    for (unsigned long i = 0; i < reps; i++) {
        char sec[33];
        bench_secret(i, sec);
        struct station_result r;
        double a = now_ms();
        if (station_scan(st, (const uint8_t *)sec, 32, 1900000000000 + i, &r,
                         &err))
            die(&err);
        lat[i] = now_ms() - a;
        station_result_free(&r);
    }
    double trep = now_ms() - t1;
    qsort(lat, reps, sizeof(double), bench_cmp_double);
    printf("| repeat scans (already checked in), median / p99 | %.3f / %.3f "
           "ms (%.0f/s) |\n",
           lat[reps / 2], lat[reps * 99 / 100], (double)reps / (trep / 1e3));
    station_free(st);

    /* (2) frames: a badge enters the view at frame 10 */
    struct badge_key k;
    struct attendee_list l;
    char code[BADGE_TEXT_CAP];
    if (credential_load_key(s, key, &k, &err) ||
        store_attendee_find_one(s, "7", &l, &err) ||
        credential_issue(s, &k, l.items[0].id, 0, code, &err))
        die(&err);
    attendee_list_free(&l);
    badge_key_wipe(&k);
    struct qr_bitmap qr;
    if (qr_render(code, strlen(code), 5, 4, &qr, &err))
        die(&err);
    const int W = 1280, H = 720;
    enum { NFRAMES = 40 };
    uint8_t *frame = malloc((size_t)W * H * NFRAMES);
    for (int i = 0; i < NFRAMES; i++) {
        uint8_t *fp = frame + (size_t)i * W * H;
        memset(fp, 170, (size_t)W * H);
        for (size_t p = 0; p < (size_t)W * H; p += 13)
            fp[p] = (uint8_t)(150 + (p * 7) % 40); /* texture */
        if (i >= 10) {
            /* Sliding in from the right edge over 3 frames, then held. */
            int x0 = W - (i - 9) * (qr.width / 2 + 120);
            if (x0 < (W - qr.width) / 2)
                x0 = (W - qr.width) / 2;
            synth_paste(fp, W, H, W, qr.pixels, qr.width, qr.height, qr.stride,
                        x0, (H - qr.height) / 2, 25, 230);
        }
    }
    cfg.name = "bench-frames";
    if (station_open(s, &cfg, &st, &err))
        die(&err);
    station_loop *lp = NULL;
    if (station_loop_new(st, &lp, &err))
        die(&err);
    int first_verdict = -1;
    double dec_total = 0;
    int frames = 0;
    for (int i = 0; i < NFRAMES; i++) {
        struct gray_frame g = {frame + (size_t)i * W * H, W, H, W};
        int decided = 0;
        double a = now_ms();
        if (station_feed_frame(lp, &g, i * 33, NULL, &decided, &err))
            die(&err);
        dec_total += now_ms() - a;
        frames++;
        if (decided && first_verdict < 0)
            first_verdict = i;
    }
    struct station_frame_stats fs;
    station_loop_frame_stats(lp, &fs);
    printf("| 1280x720 stream: frames from first in view (frame 10, "
           "partly in view) to verdict | %d |\n",
           first_verdict - 10 + 1);
    printf("| 1280x720 stream: mean / longest time per frame (decode + "
           "decide) | %.1f / %.1f ms |\n",
           dec_total / frames, (double)fs.longest_ns / 1e6);
    station_loop_free(lp);
    station_free(st);

    /* (3) the same frames from a camera at 30 fps through station_run:
     * frames arrive on the wall clock whether or not the station is
     * ready, and a station behind the camera skips to the newest. */
    cfg.name = "bench-live";
    if (station_open(s, &cfg, &st, &err) || station_loop_new(st, &lp, &err))
        die(&err);
    struct paced_camera cam = {{&PACED_OPS}, frame, W, H, NFRAMES, 33, 0, 0};
    if (station_run(lp, &cam.base, NULL, false, &err))
        die(&err);
    station_loop_frame_stats(lp, &fs);
    printf("| 1280x720 camera at 30 fps through the station loop: frames "
           "decoded / dropped / fallbacks left for a later frame | %lu / "
           "%lu / %lu |\n",
           fs.decoded, fs.dropped, fs.fallbacks_skipped);
    printf("| 1280x720 camera at 30 fps: longest frame (decode + decide) | "
           "%.1f ms |\n",
           (double)fs.longest_ns / 1e6);
    station_loop_free(lp);
    station_free(st);
    qr_bitmap_free(&qr);
    free(frame);
    unknown_badges(s, db, key, n);
    free(lat);
    store_close(s);
    printf("\nfiles in %s\n", dir);
    return 0;
}
