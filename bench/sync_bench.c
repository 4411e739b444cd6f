/* Stations in step through the hub, measured on loopback with a throwaway
 * PostgreSQL 15 (tests/pgserver.c) and the real `checkin` command:
 *
 *   - a new station's first pull of 3,000 and 100,000 registrations
 *     (`checkin hub add-station`, then `checkin sync`), a desk's and a
 *     door's (which the hub sends without contact details, secrets
 *     hashed); with CHECKIN_BENCH_BEFORE also the earlier build's
 *     `hub init` and add-station at a hub of its own, alternating; the
 *     machine's load average beside each;
 *   - set-up (`setup`, run alone): `hub init` (checkin's CPU and the
 *     hub's) and a desk's `hub add-station` at 3,000, 10,000 and 100,000
 *     registrations, with
 *     CHECKIN_BENCH_BEFORE's build alternating at hubs of their own, each
 *     beside the peer, psql's \copy of the same rows into a table of
 *     the same shape; then whether both builds' hubs hold the same rows;
 *   - catch-up: a desk that decided 2,000 check-ins offline sends them
 *     with one `checkin sync` (hub throughput in rows/s);
 *   - idle: 10 and 30 desks running `checkin scan`, doing nothing: CPU
 *     per desk (process and sync thread, from /proc's schedstat), the
 *     hub's backends' CPU for them, hub connections held, wake-ups per
 *     desk and of its station loop (/proc's context switches); `idle1`,
 *     `idle30`: 1 and 30 desks, `idleweb`: 1 and 30 with --web; over
 *     CHECKIN_BENCH_IDLE_S seconds (10), on a herald with
 *     CHECKIN_BENCH_HERALD as below;
 *   - propagation: 10 and 30 desks running `checkin scan` at once,
 *     syncing live, a lone check-in every 300 ms at one of them, and 20
 *     desks with 20 check-ins a second spread over 19 of them; the time
 *     from a desk showing a decision to its row being in desk 1's file
 *     (split at the hub's commit, the commits less than 250 ms after the
 *     one before apart; the CPU per check-in, the desks' sync threads
 *     apart, and the hub's backend of desk 1, which only listens;
 *     CHECKIN_BENCH_HUB_LOG: the hub's statements timed, and with
 *     CHECKIN_BENCH_HUB_EXPLAIN their plans; CHECKIN_BENCH_BEFORE_FIRST:
 *     the earlier build's arm first; CHECKIN_BENCH_BEFORE_HUB: its arm
 *     at the hub it made itself, at its own format; CHECKIN_BENCH_HERALD:
 *     this build's arm with `checkin hub herald` beside the hub and its
 *     desks on --herald, the herald's CPU the hub's (set to `both`: the
 *     earlier build's arm too, at this build's herald); each desk first
 *     checks in CHECKIN_BENCH_WARM people, 8 unless set, unmeasured: a
 *     desk's day is hundreds of pushes on one connection, warm_up);
 *   - a whole event (`event`): 8 desks, 12 doors and 50 sponsors' booths
 *     running on one hub, lone check-ins and then the rush at the desks,
 *     timed into desk 1's file as above (the CPU: every station's);
 *   - scan-to-verdict at a running desk with live sync on and with
 *     --offline, alternating in one run (code written to the scanner
 *     input, decision read from the JSON output);
 *   - walk-ins and edits (hub format 11): a desk's sync with 100 of each
 *     pending, another desk's sync taking them, beside a desk's sync
 *     with 200 check-ins decided offline.
 *
 * The hub runs with PostgreSQL's defaults, every commit flushed (fsync
 * and full page writes on), as a hub an organizer installs; with
 * CHECKIN_BENCH_THROWAWAY each desk figure is taken again beside it on
 * the same server with both off (pgserver_flush), labelled so.
 *
 * On the 2-core machine `prop8` is the propagation run that fits (8
 * desks' sync threads, the hub and the bench); `prop30` runs 30 desks'
 * processes on 2 cores, and its latencies are mostly the run queue's.
 * Round trips per pull are read from CHECKIN_BENCH_HUB_LOG's log (the
 * statements of one desk's session), statements prepared per pull from
 * uprobes on libsqlite3 (`perf probe -x LIBSQLITE3 sqlite3_prepare_v2`,
 * `perf stat -p` on one desk): docs/performance-history.md, "Issue 54
 * item 1: a pull in one round trip and one commit".
 *
 * Prints a Markdown table; never passes or fails.  Needs the PostgreSQL
 * server (scripts/setup --tests). */
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

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

/* The CPU seconds (user and system) of the last checkin_bin's command:
 * on a shared machine steadier than its wall time. */
static double last_cpu;

static double children_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* `BIN ARGS` (another build's `checkin`), exiting if it fails; seconds
 * it took (last_cpu: its CPU). */
static double checkin_bin(const char *bin, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static double checkin_bin(const char *bin, const char *fmt, ...)
{
    char args[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    char log[1100];
    snprintf(log, sizeof(log), "%s/bin.log", tu_tmpdir());
    double cpu0 = children_cpu();
    int64_t t0 = tu_mono_ms();
    int st = tu_sh("'%s' %s >'%s' 2>&1", bin, args, log);
    double s = (double)(tu_mono_ms() - t0) / 1000.0;
    last_cpu = children_cpu() - cpu0;
    if (st != 0) {
        char *said = tu_read_file(log, NULL);
        fprintf(stderr, "sync_bench: %s %s failed: %s\n", bin, args,
                said ? said : "");
        free(said);
        exit(1);
    }
    return s;
}

/* CHECKIN_BENCH_BEFORE: an earlier build's `checkin`, the peer in the
 * same run (NULL: none). */
static const char *before_bin(void)
{
    const char *b = getenv("CHECKIN_BENCH_BEFORE");
    return b && *b ? b : NULL;
}

/* An event of `n` paid registrations with its hub; the event's path.
 * With CHECKIN_BENCH_BEFORE, the same event is also published by the
 * earlier build to a hub of its own (event-N-before.db, bench_N_before),
 * *before_s its `hub init`. */
static const char *event(unsigned long n, double *init_s, double *before_s)
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
    checkin("init '%s' '%s'", db, tu_demo_event_ini());
    checkin("import '%s' '%s'", db, csv);
    const char *before = before_bin();
    if (before) {
        char old[64];
        snprintf(old, sizeof(old), "bench_%lu_before", n);
        if (pgserver_createdb(old) ||
            tu_sh("cp '%s' '%s/event-%lu-before.db'", db, tu_tmpdir(), n))
            exit(1);
        *before_s = checkin_bin(before,
                                "hub init '%s/event-%lu-before.db' "
                                "\"%s\"",
                                tu_tmpdir(), n, pgserver_conninfo(old));
    }
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

/* ---- running desks: idle cost and propagation ---- */

enum { MAX_DESKS = 70 };

static struct live desk[MAX_DESKS];
/* Which hub the running desks' arm is at (CHECKIN_BENCH_BEFORE_HUB): 0,
 * this build's (bench_3000); 1, the earlier build's own
 * (bench_3000_before, which that build made and keeps at its format).
 * Each has station files of its own. */
static int hub_set;
static const char *bench_hub = "bench_3000";
static char desk_files[2][MAX_DESKS][1024];
#define desk_file desk_files[hub_set]
static int desks_up;      /* desks running (desk[0..desks_up)) */
static int desks_made[2]; /* station files enrolled (prop-01.db ...) */
/* The `checkin` the desks run: this build's, or the one named by
 * CHECKIN_BENCH_BEFORE (an earlier build, the peer in the same run). */
static const char *desk_bin = CHECKIN_BIN;
static const char *desk_label = "";
/* More arguments for every desk ("--web 127.0.0.1:0"), and said so. */
static const char *desk_extra = "";
static double load_1min(void);

/* CHECKIN_BENCH_HUB_LOG, a folder: the hub logs every statement of a
 * propagation run with its duration (parse, bind and execute apart),
 * the session's backend and role on each line; after each run the log
 * is copied to FOLDER/hub.log, the byte where each run began and ended
 * printed, for a reading of where a pull's time goes. */
static void hub_log(bool on)
{
    const char *e = getenv("CHECKIN_BENCH_HUB_LOG");
    if (!e || !*e)
        return;
    if (on) {
        pgserver_exec("bench_3000", "ALTER SYSTEM SET log_line_prefix = "
                                    "'%m [%p] %u '");
        pgserver_exec("bench_3000",
                      "ALTER SYSTEM SET log_min_duration_statement = 0");
        /* The hub's PL/pgSQL functions timed apart (the push's triggers:
         * hub_functions, after the run). */
        pgserver_exec("bench_3000", "ALTER SYSTEM SET track_functions = 'pl'");
    } else {
        pgserver_exec("bench_3000", "ALTER SYSTEM RESET log_line_prefix");
        pgserver_exec("bench_3000",
                      "ALTER SYSTEM RESET log_min_duration_statement");
        pgserver_exec("bench_3000", "ALTER SYSTEM RESET track_functions");
    }
    pgserver_exec("bench_3000", "SELECT pg_reload_conf()");
    if (on)
        pgserver_exec("bench_3000", "SELECT pg_stat_reset()");
    char path[1100];
    snprintf(path, sizeof(path), "%s/log", pgserver_dir());
    FILE *f = fopen(path, "r");
    long at = f && !fseek(f, 0, SEEK_END) ? ftell(f) : -1;
    if (f)
        fclose(f);
    printf("# %shub log %s: %s at byte %ld\n", desk_label, on ? "on" : "off",
           path, at);
    /* The server's folder goes with it: the log is kept in the folder
     * CHECKIN_BENCH_HUB_LOG names. */
    if (!on && tu_sh("cp '%s' '%s/hub.log'", path, e))
        printf("# could not copy the hub's log to %s\n", e);
    fflush(stdout);
}

/* CHECKIN_BENCH_HUB_EXPLAIN (with CHECKIN_BENCH_HUB_LOG): the desks'
 * sessions, made after this, log each statement's plan as run, as
 * EXPLAIN (ANALYZE, BUFFERS) shows it (auto_explain), for a reading of
 * what one pull costs the hub; off again after the run.  The plans'
 * timing slows every statement: not for the latency figures. */
static void hub_explain(bool on)
{
    const char *e = getenv("CHECKIN_BENCH_HUB_EXPLAIN");
    if (!e || !*e)
        return;
    static const char *const settings[] = {
        "session_preload_libraries = 'auto_explain'",
        "auto_explain.log_min_duration = 0", "auto_explain.log_analyze = on",
        "auto_explain.log_buffers = on",
        "auto_explain.log_nested_statements = on"};
    /* The module loaded first: ALTER SYSTEM takes its settings only in a
     * session that knows them. */
    PGconn *c = PQconnectdb(pgserver_conninfo("bench_3000"));
    PQclear(PQexec(c, "LOAD 'auto_explain'"));
    for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
        char sql[200];
        if (on)
            snprintf(sql, sizeof(sql), "ALTER SYSTEM SET %s", settings[i]);
        else
            snprintf(sql, sizeof(sql), "ALTER SYSTEM RESET %.*s",
                     (int)strcspn(settings[i], " "), settings[i]);
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            printf("# %s: %s", sql, PQerrorMessage(c));
        PQclear(r);
    }
    PQclear(PQexec(c, "SELECT pg_reload_conf()"));
    PQfinish(c);
}

/* With CHECKIN_BENCH_HUB_LOG, after a propagation run whose desks have
 * ended (a backend reports its functions' times when it ends): the hub's
 * PL/pgSQL functions that took most of its time, each with its calls and
 * its own time (self) and with what it called (total), per call. */
static void hub_functions(int decided)
{
    const char *e = getenv("CHECKIN_BENCH_HUB_LOG");
    if (!e || !*e)
        return;
    PGconn *c = PQconnectdb(pgserver_conninfo("bench_3000"));
    PGresult *r = PQexec(c, "SELECT funcname, calls, self_time, total_time"
                            " FROM pg_stat_user_functions WHERE schemaname ="
                            " 'checkin' ORDER BY self_time DESC LIMIT 12");
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        for (int i = 0; i < PQntuples(r); i++) {
            long calls = strtol(PQgetvalue(r, i, 1), NULL, 10);
            double self = strtod(PQgetvalue(r, i, 2), NULL);
            double total = strtod(PQgetvalue(r, i, 3), NULL);
            printf("| %shub function %s: calls, self / total ms, per call "
                   "ms; self per check-in | %ld, %.1f / %.1f, %.3f / %.3f; "
                   "%.2f ms |\n",
                   desk_label, PQgetvalue(r, i, 0), calls, self, total,
                   calls ? self / (double)calls : 0.0,
                   calls ? total / (double)calls : 0.0,
                   decided ? self / decided : 0.0);
        }
    else
        printf("# could not read the hub's function times: %s",
               PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    fflush(stdout);
}

/* `n` desks running `checkin scan`, every one in step with the hub; the
 * files are enrolled once and reused by later parts. */
/* The whole event's other stations (`event`): doors and sponsors' booths
 * running beside the desks, each syncing live, never scanning; they
 * follow the desks in desk[] (desk[n..n + doors + booths)). */
static int event_doors, event_booths;
static int others_made[2];
static char other_files[2][MAX_DESKS][1024];
#define other_file other_files[hub_set]

/* The station a running slot k >= n (desks) is: its name and --station. */
static void other_station(int j, char name[32], char kind[64])
{
    /* The demo event's sponsors, booths spread over them. */
    static const char *const sponsors[] = {
        "pythonic-cloud",  "serpent-systems",  "datawise",
        "blue-heron-bank", "kestrel-robotics", "lumen-health",
        "tidewater-labs",  "nimbus-data",      "orbital-freight",
        "mosaic-learning"};
    if (j < event_doors) {
        snprintf(name, 32, "door-%02d", j + 1);
        snprintf(kind, 64, "door:pandas-intro");
    } else {
        int b = j - event_doors;
        snprintf(name, 32, "booth-%02d", b + 1);
        snprintf(kind, 64, "leads:%s",
                 sponsors[b % (int)(sizeof(sponsors) / sizeof(*sponsors))]);
    }
}

static void start_desks(const char *ev, int n)
{
    int others = event_doors + event_booths;
    if (n + others > MAX_DESKS) {
        fprintf(stderr, "sync_bench: at most %d stations\n", MAX_DESKS);
        exit(1);
    }
    /* Enrolled by the build that made the hub: the earlier build's hub
     * stays at its format (this build's organizer would upgrade it). */
    const char *enrol = hub_set ? desk_bin : CHECKIN_BIN;
    const char *set = hub_set ? "-before" : "";
    for (int k = desks_made[hub_set]; k < n; k++) {
        snprintf(desk_file[k], sizeof(desk_file[k]), "%s/prop-%02d%s.db",
                 tu_tmpdir(), k + 1, set);
        checkin_bin(enrol,
                    "hub add-station '%s' desk-%02d --station desk --out '%s'",
                    ev, k + 1, desk_file[k]);
        desks_made[hub_set] = k + 1;
    }
    for (int j = others_made[hub_set]; j < others; j++) {
        char name[32], kind[64];
        other_station(j, name, kind);
        snprintf(other_file[j], sizeof(other_file[j]), "%s/%s%s.db",
                 tu_tmpdir(), name, set);
        checkin_bin(enrol, "hub add-station '%s' %s --station %s --out '%s'",
                    ev, name, kind, other_file[j]);
        others_made[hub_set] = j + 1;
    }
    for (int k = 0; k < n; k++) {
        char args[256];
        snprintf(args, sizeof(args), "--station desk --name desk-%02d%s%s",
                 k + 1, *desk_extra ? " " : "", desk_extra);
        if (live_start_bin(&desk[k], "", desk_bin, desk_file[k], args))
            exit(1);
    }
    for (int j = 0; j < others; j++) {
        char name[32], kind[64], args[256];
        other_station(j, name, kind);
        snprintf(args, sizeof(args), "--station %s --name %s", kind, name);
        if (live_start_bin(&desk[n + j], "", desk_bin, other_file[j], args))
            exit(1);
    }
    n += others;
    desks_up = n;
    for (int k = 0; k < n; k++) {
        json_t *o = live_next(&desk[k], 60000, is_online, NULL);
        if (!o) {
            fprintf(stderr, "sync_bench: desk %d never came online\n", k + 1);
            exit(1);
        }
        json_decref(o);
    }
}

static void stop_desks(void)
{
    for (int k = 0; k < desks_up; k++)
        live_stop(&desk[k]);
    desks_up = 0;
}

/* Times a thread slept and was woken, or was put off a CPU (the
 * kernel's voluntary and involuntary context switches); -1 if unknown. */
static long long thread_wakes(const char *task_dir)
{
    char path[160], line[128];
    snprintf(path, sizeof(path), "%s/status", task_dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long long n = 0;
    while (fgets(line, sizeof(line), f)) {
        long long v;
        if (sscanf(line, "voluntary_ctxt_switches: %lld", &v) == 1 ||
            sscanf(line, "nonvoluntary_ctxt_switches: %lld", &v) == 1)
            n += v;
    }
    fclose(f);
    return n;
}

/* Wake-ups of every thread of process `pid` (thread_wakes); `loop`: of
 * its main thread alone, the station loop's. */
static long long wakes(pid_t pid, long long *loop)
{
    char dir[64], task[128];
    snprintf(dir, sizeof(dir), "/proc/%d/task", (int)pid);
    snprintf(task, sizeof(task), "%s/%d", dir, (int)pid);
    *loop = thread_wakes(task);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "ls %s", dir);
    FILE *ls = popen(cmd, "r");
    long long all = 0;
    char tid[32];
    while (ls && fscanf(ls, "%31s", tid) == 1) {
        snprintf(task, sizeof(task), "%s/%s", dir, tid);
        long long n = thread_wakes(task);
        all += n > 0 ? n : 0;
    }
    if (ls)
        pclose(ls);
    return all;
}

/* Nanoseconds on a CPU of every thread of process `pid` (schedstat);
 * `sync_ns`: of its thread named "ck-sync" alone. */
static long long cpu_ns(pid_t pid, long long *sync_ns)
{
    char dir[64];
    snprintf(dir, sizeof(dir), "/proc/%d/task", (int)pid);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "ls %s", dir);
    FILE *ls = popen(cmd, "r");
    long long all = 0;
    *sync_ns = 0;
    char tid[32];
    while (ls && fscanf(ls, "%31s", tid) == 1) {
        char path[128], comm[32] = "";
        long long ns = 0;
        snprintf(path, sizeof(path), "%s/%s/schedstat", dir, tid);
        FILE *f = fopen(path, "r");
        if (f) {
            if (fscanf(f, "%lld", &ns) != 1)
                ns = 0;
            fclose(f);
        }
        snprintf(path, sizeof(path), "%s/%s/comm", dir, tid);
        f = fopen(path, "r");
        if (f) {
            if (!fgets(comm, sizeof(comm), f))
                comm[0] = '\0';
            fclose(f);
        }
        all += ns;
        if (!strncmp(comm, "ck-sync", 7))
            *sync_ns += ns;
    }
    if (ls)
        pclose(ls);
    return all;
}

/* CPU of the hub's backends serving the desks (same machine), ns. */
/* The hub's WAL flushes so far (pg_stat_wal, the whole server; counted
 * only while fsync is on). */
static long long wal_syncs(void)
{
    return pgserver_int("postgres", "SELECT wal_sync FROM pg_stat_wal");
}

/* CHECKIN_BENCH_HERALD: this build's propagation arm runs `checkin hub
 * herald` beside the hub and its desks take the hub's word from it
 * (--herald); its CPU, the process's and its session's at the hub,
 * counted as the hub's. */
static struct tu_proc herald_proc;
static pid_t herald_backend;
static char herald_args[96];

static long long herald_cpu_ns(void)
{
    long long sync_ns;
    if (!herald_proc.pid)
        return 0;
    return cpu_ns(herald_proc.pid, &sync_ns) +
           (herald_backend > 0 ? cpu_ns(herald_backend, &sync_ns) : 0);
}

/* Start the herald for event `ev`'s hub, from a login of its own (hub
 * add-herald, a new one each time); desk_extra gives its address. */
static void herald_up(const char *ev, const char *hub)
{
    static int heralds;
    char said[1100], file[1100];
    snprintf(said, sizeof(said), "%s/herald.out", tu_tmpdir());
    snprintf(file, sizeof(file), "%s/herald-%d.conf", tu_tmpdir(), ++heralds);
    unlink(said);
    checkin("hub add-herald '%s' bench%d --out '%s'", ev, heralds, file);
    if (!tu_spawn(&herald_proc,
                  tu_format("exec %s hub herald '%s' --listen 127.0.0.1:0"
                            " >'%s' 2>&1",
                            CHECKIN_BIN, file, said),
                  0))
        exit(1);
    char *text = tu_wait_file(said, "Herald at ", 30000);
    const char *at = text ? strstr(text, "Herald at ") : NULL;
    char addr[64] = "";
    if (!at || sscanf(at, "Herald at %63[0-9.]:%*d", addr) != 1) {
        fprintf(stderr, "sync_bench: the herald did not start: %s\n",
                text ? text : "");
        exit(1);
    }
    int port = (int)strtol(strchr(at + 10, ':') + 1, NULL, 10);
    free(text);
    snprintf(herald_args, sizeof(herald_args), "--herald %s:%d", addr, port);
    desk_extra = herald_args;
    /* Its session: its role's, ck_..._herald_benchN. */
    char sql[300];
    snprintf(sql, sizeof(sql),
             "SELECT pid FROM pg_stat_activity WHERE datname = '%s' AND"
             " backend_type = 'client backend' AND usename LIKE"
             " '%%\\_herald\\_bench%d'",
             hub, heralds);
    PGconn *c = PQconnectdb(pgserver_conninfo(hub));
    PGresult *r = PQexec(c, sql);
    herald_backend = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
                         ? (pid_t)strtol(PQgetvalue(r, 0, 0), NULL, 10)
                         : -1;
    if (herald_backend < 0)
        printf("# the herald's session at the hub not found (%d found)\n",
               PQntuples(r));
    PQclear(r);
    PQfinish(c);
}

static void herald_down(void)
{
    tu_stop(&herald_proc, SIGTERM, 10000, "the herald");
    memset(&herald_proc, 0, sizeof(herald_proc));
    herald_backend = 0;
    desk_extra = "";
}

static long long hub_cpu_ns(const char *hub)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT coalesce(string_agg(pid::text, ' '), '') FROM"
             " pg_stat_activity WHERE datname = '%s' AND usename LIKE 'ck_%%'",
             hub);
    PGconn *c = PQconnectdb(pgserver_conninfo(hub));
    PGresult *r = PQexec(c, sql);
    long long all = 0;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
        const char *p = PQgetvalue(r, 0, 0);
        while (*p) {
            char *end;
            long pid = strtol(p, &end, 10);
            if (end == p)
                break;
            long long sync_ns;
            all += cpu_ns((pid_t)pid, &sync_ns);
            p = end;
        }
    }
    PQclear(r);
    PQfinish(c);
    return all + herald_cpu_ns();
}

/* CHECKIN_BENCH_HERALD for the arm about to run: this build's, or
 * both builds' when set to "both" (this build's herald, which forwards
 * what the earlier build's would). */
static bool herald_arm(void)
{
    const char *hv = getenv("CHECKIN_BENCH_HERALD");
    return hv && *hv && (!strcmp(desk_bin, CHECKIN_BIN) || !strcmp(hv, "both"));
}

enum { IDLE_S = 10 };

/* `n` desks running and doing nothing: CPU each (the process, and its
 * sync thread alone), the hub's backends' CPU, connections held; over
 * CHECKIN_BENCH_IDLE_S seconds (IDLE_S unless set: a desk's safety net
 * comes each 10 s, each 20 s on a herald), on the herald with
 * CHECKIN_BENCH_HERALD. */
static void idle(const char *ev, const char *hub, int n)
{
    const char *e = getenv("CHECKIN_BENCH_IDLE_S");
    long idle_s = e && *e ? strtol(e, NULL, 10) : IDLE_S;
    bool herald = herald_arm();
    if (herald)
        herald_up(ev, hub);
    start_desks(ev, n);
    /* Past the start-up syncs (and the switch to the herald's). */
    sleep(herald ? 4 : 2);
    static long long a[MAX_DESKS], b[MAX_DESKS], as[MAX_DESKS], bs[MAX_DESKS];
    static long long wa[MAX_DESKS], wb[MAX_DESKS], la[MAX_DESKS], lb[MAX_DESKS];
    for (int k = 0; k < n; k++) {
        a[k] = cpu_ns(desk[k].pid, &as[k]);
        wa[k] = wakes(desk[k].pid, &la[k]);
    }
    long long ha = hub_cpu_ns(hub), hera = herald_cpu_ns();
    int64_t t0 = tu_mono_ms();
    sleep((unsigned)(idle_s > 0 ? idle_s : IDLE_S));
    double secs = (double)(tu_mono_ms() - t0) / 1000.0;
    for (int k = 0; k < n; k++) {
        b[k] = cpu_ns(desk[k].pid, &bs[k]);
        wb[k] = wakes(desk[k].pid, &lb[k]);
    }
    static double woke[MAX_DESKS];
    double loop_woke = 0;
    for (int k = 0; k < n; k++) {
        woke[k] = (double)(wb[k] - wa[k]) / secs;
        loop_woke += (double)(lb[k] - la[k]) / secs / n;
    }
    long long hb = hub_cpu_ns(hub), herb = herald_cpu_ns();
    static double per[MAX_DESKS];
    double all = 0, sync_all = 0;
    for (int k = 0; k < n; k++) {
        per[k] = (double)(b[k] - a[k]) / 1e6 / secs;
        all += per[k];
        sync_all += (double)(bs[k] - as[k]) / 1e6 / secs;
    }
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM pg_stat_activity WHERE datname = '%s' AND"
             " usename LIKE 'ck_%%'",
             hub);
    long long conns = pgserver_int(hub, sql);
    snprintf(sql, sizeof(sql),
             "SELECT max(c) FROM (SELECT count(*) c FROM pg_stat_activity"
             " WHERE datname = '%s' AND usename LIKE 'ck_%%' GROUP BY"
             " usename) x",
             hub);
    long long most = pgserver_int(hub, sql);
    printf(
        "| %s%d idle desks%s%s, %.0f s: CPU per desk, median / max (its sync "
        "thread alone, mean); all desks together | %.2f / %.2f ms/s "
        "(%.2f ms/s); %.1f ms/s (load average %.1f) |\n",
        desk_label, n, *desk_extra ? " with " : "", desk_extra, secs,
        pct(per, n, 0.5), pct(per, n, 1.0), sync_all / n, all, load_1min());
    printf("| same: the hub's backends for them, CPU together (the "
           "herald's process and session, inside it); hub connections held, "
           "all / most by one desk | %.2f ms/s (%.2f ms/s); %lld / %lld |\n",
           (double)(hb - ha) / 1e6 / secs, (double)(herb - hera) / 1e6 / secs,
           conns, most);
    printf("| same: wake-ups per desk (every thread's context switches), "
           "median / max; its station loop's thread alone, mean | %.1f / "
           "%.1f /s; %.1f /s |\n",
           pct(woke, n, 0.5), pct(woke, n, 1.0), loop_woke);
    fflush(stdout);
    stop_desks();
    if (herald)
        herald_down();
}

/* A desk's day before the figures (CHECKIN_BENCH_WARM check-ins at each
 * desk but the first, WARM unless set; 0: none): a desk keeps its hub
 * connection all day, and its session's plans of the push's statements
 * and triggers are PostgreSQL's first five custom ones only in its first
 * pushes.  Without it a propagation run of 100 check-ins over 29 desks
 * measured each desk's first three or four pushes, its plans 21-24% of
 * the hub's CPU (docs/performance-history.md). */
enum { WARM = 8 };

static void warm_up(int n, unsigned long *next_code)
{
    const char *e = getenv("CHECKIN_BENCH_WARM");
    long each = e && *e ? strtol(e, NULL, 10) : WARM;
    for (long i = 0; n > 1 && i < each; i++)
        for (int k = 1; k < n; k++) {
            char code[40], line[48];
            secret((*next_code)++, code);
            int len = snprintf(line, sizeof(line), "%s\n", code);
            if (write(desk[k].in, line, (size_t)len) != len)
                exit(1);
            /* Each desk's decision before the next desk's check-in: the
             * pace of a busy morning, not a burst. */
            json_t *o;
            while ((o = live_next(&desk[k], 30000, NULL, NULL)) &&
                   !json_object_get(o, "decision"))
                json_decref(o);
            json_decref(o);
        }
    /* The last pushes and the desks' applying them over. */
    if (n > 1 && each > 0)
        sleep(2);
    for (int k = 0; k < n; k++) {
        json_t *o;
        while ((o = live_next(&desk[k], 0, NULL, NULL)))
            json_decref(o);
    }
}

/* Propagation with `n` desks running: desk 1 only watches, the others
 * take turns, one check-in each `pace_ms`, `count` in all; the time from
 * a desk showing a decision to its row being in desk 1's own file. */
static void propagation(const char *ev, int n, int count, int pace_ms)
{
    hub_explain(true);
    bool herald = herald_arm();
    const char *was_label = desk_label;
    static char herald_label[96];
    if (herald) {
        herald_up(ev, bench_hub);
        snprintf(herald_label, sizeof(herald_label),
                 "%swith the herald: ", desk_label);
        desk_label = herald_label;
    }
    start_desks(ev, n);
    /* shown[i]: when check-in i's decision was read; seen[i]: when its
     * row was in desk 1's file. */
    static double shown[1000], seen[1000], took[1000];
    /* hub_at[i]: when the hub announced desk_of[i]'s push (its role's
     * NOTIFY, heard by a session of the bench's own), splitting took[]
     * into the push (up[]) and the pull (down[]). */
    static double hub_at[1000], up[1000], down[1000];
    int ups = 0;
    memset(hub_at, 0, sizeof(hub_at));
    PGconn *ear = PQconnectdb(pgserver_conninfo(bench_hub));
    PGresult *lr = PQexec(ear, "LISTEN checkin");
    PQclear(lr);
    static char role[MAX_DESKS][64];
    static int pid_of[MAX_DESKS];
    for (int k = 0; k < n; k++) {
        char sql[160];
        snprintf(sql, sizeof(sql),
                 "SELECT pg_role FROM checkin.station WHERE name ="
                 " 'desk-%02d'",
                 k + 1);
        PGresult *rr = PQexec(ear, sql);
        snprintf(role[k], sizeof(role[k]), "%s",
                 PQntuples(rr) == 1 ? PQgetvalue(rr, 0, 0) : "");
        PQclear(rr);
        /* From hub format 40 a check-in's notification carries its rows
         * sealed, not the role: its sender is the desk's session. */
        const char *v[] = {role[k]};
        rr = PQexecParams(ear,
                          "SELECT pid FROM pg_stat_activity WHERE usename ="
                          " $1 ORDER BY backend_start DESC LIMIT 1",
                          1, NULL, v, NULL, NULL, 0);
        pid_of[k] = PQntuples(rr) == 1
                        ? (int)strtol(PQgetvalue(rr, 0, 0), NULL, 10)
                        : -1;
        PQclear(rr);
    }
    static long seq_of[1000];
    static int desk_of[1000];
    static unsigned long next_code;
    warm_up(n, &next_code);
    memset(seen, 0, sizeof(seen));
    int sent = 0, decided = 0, arrived = 0;
    sqlite3 *watch = NULL;
    sqlite3_open_v2(desk_file[0], &watch, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *q = NULL;
    sqlite3_prepare_v2(watch,
                       "SELECT 1 FROM scan WHERE station = ?1 AND seq = ?2", -1,
                       &q, NULL);
    hub_log(true);
    /* CPU the run costs: the hub's backends for the desks, the desks. */
    long long hub0 = hub_cpu_ns(bench_hub), desks0 = 0, sync_ns;
    long long herald0 = herald_cpu_ns();
    int desk1_lost = 0; /* desk 1 said its herald unreachable */
    /* Desk 1's backend: a listener only (desk 1 never checks in), what
     * each other desk costs the hub a check-in beside the push. */
    long long ear0 = pid_of[0] > 0 ? cpu_ns(pid_of[0], &sync_ns) : 0;
    long long wal0 = wal_syncs();
    long long syncs0 = 0; /* the desks' sync threads apart */
    for (int k = 0; k < desks_up; k++) {
        desks0 += cpu_ns(desk[k].pid, &sync_ns);
        syncs0 += sync_ns;
    }
    int64_t start = tu_mono_ms(), next_send = start;
    while (arrived < count && tu_mono_ms() - start < 120000) {
        int64_t now = tu_mono_ms();
        if (sent < count && now >= next_send) {
            int k = 1 + sent % (n - 1);
            char code[40], line[48];
            secret(next_code++, code);
            int len = snprintf(line, sizeof(line), "%s\n", code);
            if (write(desk[k].in, line, (size_t)len) != len)
                exit(1);
            desk_of[sent] = k;
            seq_of[sent] = -1;
            sent++;
            next_send += pace_ms;
        }
        /* Desk 1 only watches: what it says of its herald. */
        for (json_t *o; (o = live_next(&desk[0], 0, NULL, NULL));) {
            const char *h = json_string_value(json_object_get(o, "herald"));
            desk1_lost += h && !strcmp(h, "unreachable");
            json_decref(o);
        }
        for (int k = 1; k < n; k++) {
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
        PQconsumeInput(ear);
        PGnotify *nt;
        while ((nt = PQnotifies(ear))) {
            double t = (double)tu_mono_ms();
            for (int i = 0; i < sent; i++)
                if (seq_of[i] >= 0 && hub_at[i] == 0 &&
                    (!strcmp(nt->extra, role[desk_of[i]]) ||
                     nt->be_pid == pid_of[desk_of[i]]) &&
                    t >= shown[i]) {
                    hub_at[i] = t;
                    up[ups++] = t - shown[i];
                    break;
                }
            PQfreemem(nt);
        }
        for (int i = 0; i < sent; i++) {
            if (seq_of[i] < 0 || seen[i] > 0)
                continue;
            char name[24]; /* "desk-" and any int */
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
    long long hub1 = hub_cpu_ns(bench_hub), desks1 = 0, syncs1 = 0;
    long long herald1 = herald_cpu_ns();
    long long ear1 = pid_of[0] > 0 ? cpu_ns(pid_of[0], &sync_ns) : 0;
    for (int k = 0; k < desks_up; k++) {
        desks1 += cpu_ns(desk[k].pid, &sync_ns);
        syncs1 += sync_ns;
    }
    hub_log(false);
    hub_explain(false);
    sqlite3_finalize(q);
    sqlite3_close(watch);
    PQfinish(ear);
    stop_desks();
    if (herald)
        herald_down();
    long long wal1 = wal_syncs();
    hub_functions(decided);
    int downs = 0;
    for (int i = 0; i < sent; i++)
        if (hub_at[i] > 0 && seen[i] > 0)
            down[downs++] = seen[i] - hub_at[i];
    /* A desk holds back the pull a notification causes when the last it
     * caused began less than SYNC_WORKER_WAKE_MS (250 ms,
     * checkin/sync_worker.h) before: the hub commits that soon after the
     * one before, apart from the rest. */
    static double soon[1000], apart[1000];
    int soons = 0, aparts = 0;
    double last = 0;
    for (int i = 0; i < sent; i++) {
        if (hub_at[i] <= 0)
            continue;
        if (seen[i] > 0) {
            if (last > 0 && hub_at[i] - last < 250)
                soon[soons++] = seen[i] - hub_at[i];
            else
                apart[aparts++] = seen[i] - hub_at[i];
        }
        last = hub_at[i];
    }
    if (arrived == 0) {
        printf("| propagation | no row arrived (%d sent, %d decided) |\n", sent,
               decided);
        desk_label = was_label;
        return;
    }
    char beside[96] = "";
    if (event_doors + event_booths)
        snprintf(beside, sizeof(beside), " (%d doors and %d booths beside)",
                 event_doors, event_booths);
    printf("| %spropagation, %d desks%s, one check-in per %d ms, %d "
           "check-ins (%d arrived) in %.1f s: p50 / p99 / max (load "
           "average) | %.0f / %.0f / %.0f ms (%.1f) |\n",
           desk_label, n, beside, pace_ms, decided, arrived, secs,
           pct(took, arrived, 0.5), pct(took, arrived, 0.99),
           pct(took, arrived, 1.0), load_1min());
    if (ups && downs)
        printf("| same, split at the hub's NOTIFY: decision to hub commit "
               "p50 / p99; hub commit to desk 1's file p50 / p99 (%d, %d "
               "heard) | %.0f / %.0f ms; %.0f / %.0f ms |\n",
               ups, downs, pct(up, ups, 0.5), pct(up, ups, 0.99),
               pct(down, downs, 0.5), pct(down, downs, 0.99));
    if (soons && aparts)
        printf("| same, hub commit to desk 1's file: less than 250 ms after "
               "the commit before (its pull held back) / the rest, p50 / "
               "p99 | %d: %.0f / %.0f ms; %d: %.0f / %.0f ms |\n",
               soons, pct(soon, soons, 0.5), pct(soon, soons, 0.99), aparts,
               pct(apart, aparts, 0.5), pct(apart, aparts, 0.99));
    if (decided)
        printf("| same, CPU per check-in: the hub's backends for the "
               "stations; the stations (their sync threads) (load average) "
               "| %.1f ms; %.1f ms (%.1f ms) (%.1f) |\n",
               (double)(hub1 - hub0) / 1e6 / decided,
               (double)(desks1 - desks0) / 1e6 / decided,
               (double)(syncs1 - syncs0) / 1e6 / decided, load_1min());
    /* Each check-in is pulled by every desk but its own. */
    if (decided && n > 1)
        printf("| same, per desk per pulled check-in: the stations' CPU; "
               "the hub's; the hub's WAL flushes per check-in, all desks "
               "(pg_stat_wal.wal_sync, its WAL writer's included) | %.2f "
               "ms; %.2f ms; %.1f |\n",
               (double)(desks1 - desks0) / 1e6 / decided / (n - 1),
               (double)(hub1 - hub0) / 1e6 / decided / (n - 1),
               (double)(wal1 - wal0) / decided);
    if (decided && herald)
        printf("| same, per check-in: the herald (its process and its "
               "session at the hub, counted in the hub's above); desk 1 "
               "said its herald unreachable | %.3f ms; %d times |\n",
               (double)(herald1 - herald0) / 1e6 / decided, desk1_lost);
    if (decided && pid_of[0] > 0)
        printf("| same, per check-in: the hub's backend of desk 1, which "
               "only listens; the hub's CPU less the %d desks' listening "
               "(the push) | %.3f ms; %.2f ms |\n",
               n, (double)(ear1 - ear0) / 1e6 / decided,
               (double)(hub1 - hub0 - (ear1 - ear0) * n) / 1e6 / decided);
    fflush(stdout);
    desk_label = was_label;
}

/* ---- a new station's first pull ---- */

/* A desk's and a door's `hub add-station` (each holding the station's
 * first pull) and the sync after, with `bin` at event file `ev`. */
static void add_two(const char *bin, const char *ev, unsigned long n,
                    const char *tag, double *desk_s, double *desk_sync,
                    double *door_s, double *door_sync, double cpu[2])
{
    char file[1024];
    snprintf(file, sizeof(file), "%s/first-%s%lu.db", tu_tmpdir(), tag, n);
    *desk_s = checkin_bin(bin,
                          "hub add-station '%s' desk-new-%s%lu --station desk "
                          "--out '%s'",
                          ev, tag, n, file);
    cpu[0] = last_cpu;
    *desk_sync = checkin_bin(bin, "sync '%s'", file);
    /* A door's: registrations through its view, names of its room's
     * people only, every secret hashed on the hub (docs/sync.md, "What
     * each role holds"). */
    snprintf(file, sizeof(file), "%s/first-door-%s%lu.db", tu_tmpdir(), tag, n);
    *door_s = checkin_bin(bin,
                          "hub add-station '%s' door-new-%s%lu --station "
                          "door:pandas-intro --out '%s'",
                          ev, tag, n, file);
    cpu[1] = last_cpu;
    *door_sync = checkin_bin(bin, "sync '%s'", file);
}

/* The machine's load average over the last minute (/proc/loadavg, what
 * `uptime` prints first), printed beside the figures taken under it: on
 * a shared machine a figure means little without it.  -1: unknown. */
static double load_1min(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double l = -1;
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}

/* With CHECKIN_BENCH_BEFORE, each add-station is taken with this build
 * and with the earlier one at its own hub, alternating, FIRST_ROUNDS
 * times. */
enum { FIRST_ROUNDS = 2 };

static void first_pull(const char *ev, unsigned long n, double init_s,
                       double before_init_s)
{
    const char *before = before_bin();
    char old_ev[1024];
    snprintf(old_ev, sizeof(old_ev), "%s/event-%lu-before.db", tu_tmpdir(), n);
    for (int round = 0; round < (before ? FIRST_ROUNDS : 1); round++) {
        for (int arm = 0; arm < (before ? 2 : 1); arm++) {
            char tag[32];
            snprintf(tag, sizeof(tag), "%s%d-", arm ? "b" : "", round);
            const char *label = !before ? "" : arm ? "before: " : "now: ";
            double add, pull, door, again, cpu[2];
            add_two(arm ? before : CHECKIN_BIN, arm ? old_ev : ev, n, tag, &add,
                    &pull, &door, &again, cpu);
            double load = load_1min();
            printf("| %s%lu registrations: hub init / add-station (its CPU) "
                   "/ first sync; load average | %.2f / %.2f (%.2f) / %.2f s;"
                   " %.2f |\n",
                   label, n, arm ? before_init_s : init_s, add, cpu[0], pull,
                   load);
            printf("| %s%lu registrations: a door's add-station (its CPU; "
                   "its first pull) / next sync; against a desk's "
                   "add-station | %.2f (%.2f) / %.2f s; %.2fx |\n",
                   label, n, door, cpu[1], again, door / add);
            fflush(stdout);
        }
    }
}

/* ---- set-up at event scale: hub init and add-station by COPY ---- */

/* The columns of checkin.`tbl` but those in `skip` (a SQL list), joined
 * by commas, into out; false if the hub could not say. */
static bool columns(const char *db, const char *tbl, const char *skip,
                    char *out, size_t cap)
{
    PGconn *c = PQconnectdb(pgserver_conninfo(db));
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT string_agg(column_name, ',' ORDER BY ordinal_position)"
             " FROM information_schema.columns WHERE table_schema ="
             " 'checkin' AND table_name = '%s' AND column_name NOT IN (%s)",
             tbl, skip);
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
              !PQgetisnull(r, 0, 0);
    if (ok)
        snprintf(out, cap, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(c);
    return ok;
}

/* The md5 of every row of checkin.`tbl` in hub `db`, in key order,
 * without the hub's own stamps (hub_seq, hub_xid: when it was written). */
static void table_md5(const char *db, const char *tbl, const char *key,
                      char out[40])
{
    char cols[2048], sql[4096];
    snprintf(out, 40, "?");
    if (!columns(db, tbl, "'hub_seq', 'hub_xid'", cols, sizeof(cols)))
        return;
    snprintf(sql, sizeof(sql),
             "SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY %s)), '-')"
             " FROM (SELECT %s FROM checkin.%s) t",
             key, cols, tbl);
    PGconn *c = PQconnectdb(pgserver_conninfo(db));
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        snprintf(out, 40, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(c);
}

/* The peer: psql's \copy of the same registrations (the rows hub `db`
 * holds, every column COPY may write) into a table of the same shape
 * (its keys, indexes and generated columns; no trigger); its seconds. */
static double peer_copy(const char *db, unsigned long n)
{
    char cols[2048], file[1100], tbl[64];
    snprintf(file, sizeof(file), "%s/peer-%lu.copy", tu_tmpdir(), n);
    snprintf(tbl, sizeof(tbl), "peer_%lu", n);
    if (!columns(db, "registration",
                 "SELECT column_name FROM information_schema.columns WHERE"
                 " table_schema = 'checkin' AND table_name = 'registration'"
                 " AND is_generated != 'NEVER'",
                 cols, sizeof(cols)))
        exit(1);
    char sql[3000];
    snprintf(sql, sizeof(sql),
             "CREATE TABLE %s (LIKE"
             " checkin.registration INCLUDING ALL)",
             tbl);
    if (pgserver_exec(db, sql) ||
        tu_sh("psql -q -X '%s' -c \"\\copy (SELECT %s FROM"
              " checkin.registration) TO '%s'\" >/dev/null",
              pgserver_conninfo(db), cols, file))
        exit(1);
    int64_t t0 = tu_mono_ms();
    if (tu_sh("psql -q -X '%s' -c \"\\copy %s (%s) FROM '%s'\" >/dev/null",
              pgserver_conninfo(db), tbl, cols, file))
        exit(1);
    double s = (double)(tu_mono_ms() - t0) / 1000.0;
    unlink(file);
    return s;
}

/* `hub init` and a desk's `hub add-station` at `n` registrations with
 * this build, and with CHECKIN_BENCH_BEFORE's at a hub of its own,
 * alternating SETUP_ROUNDS times, each round with the peer; then whether
 * the two builds' hubs hold the same rows. */
enum { SETUP_ROUNDS = 2 };

static void setup(unsigned long n)
{
    const char *before = before_bin();
    const char *csv = write_csv(n);
    if (!csv)
        exit(1);
    char hubs[2][64] = {"", ""};
    /* One event file and key, copied for each: imported_ms and the keys
     * are the file's, so both builds publish the same rows. */
    checkin("init '%s/setup-%lu.db' '%s'", tu_tmpdir(), n, tu_demo_event_ini());
    checkin("import '%s/setup-%lu.db' '%s'", tu_tmpdir(), n, csv);
    for (int round = 0; round < SETUP_ROUNDS; round++) {
        for (int arm = 0; arm < (before ? 2 : 1); arm++) {
            const char *bin = arm ? before : CHECKIN_BIN;
            char ev[1024], file[1024];
            snprintf(hubs[arm], sizeof(hubs[arm]), "setup_%lu_%d%s", n, round,
                     arm ? "_before" : "");
            snprintf(ev, sizeof(ev), "%s/%s.db", tu_tmpdir(), hubs[arm]);
            snprintf(file, sizeof(file), "%s/%s-desk.db", tu_tmpdir(),
                     hubs[arm]);
            if (pgserver_createdb(hubs[arm]) ||
                tu_sh("cp '%s/setup-%lu.db' '%s' && cp '%s/setup-%lu.key' "
                      "'%s/%s.key'",
                      tu_tmpdir(), n, ev, tu_tmpdir(), n, tu_tmpdir(),
                      hubs[arm]))
                exit(1);
            /* The hub's CPU: this process's tree (the server among it)
             * less checkin's own. */
            long long tree0 = tu_tree_cpu_ms();
            double init = checkin_bin(bin, "hub init '%s' \"%s\"", ev,
                                      pgserver_conninfo(hubs[arm]));
            double init_cpu = last_cpu;
            double hub_cpu =
                (double)(tu_tree_cpu_ms() - tree0) / 1000.0 - init_cpu;
            double add = checkin_bin(bin,
                                     "hub add-station '%s' desk-1 --station "
                                     "desk --out '%s'",
                                     ev, file);
            double add_cpu = last_cpu;
            double peer = peer_copy(hubs[arm], n);
            printf("| %s%lu registrations: hub init (its CPU, the hub's) / "
                   "desk's add-station (its CPU) / peer: psql \\copy of the "
                   "same rows; load average | %.2f (%.2f, %.2f) / %.2f (%.2f) "
                   "/ %.2f s; %.2f |\n",
                   !before ? ""
                   : arm   ? "before: "
                           : "now: ",
                   n, init, init_cpu, hub_cpu, add, add_cpu, peer, load_1min());
            fflush(stdout);
        }
    }
    if (before) {
        static const char *const TABLES[][2] = {
            {"registration", "ticket_id"},
            {"answer", "ticket_id, question"},
            {"list_invitee", "list, ticket_id"},
            {"event_description", "kind, slug"},
            {"signing_key", "key_id"}};
        for (size_t t = 0; t < sizeof(TABLES) / sizeof(TABLES[0]); t++) {
            char a[40], b[40];
            table_md5(hubs[0], TABLES[t][0], TABLES[t][1], a);
            table_md5(hubs[1], TABLES[t][0], TABLES[t][1], b);
            printf("| %lu registrations: checkin.%s after set-up, md5 "
                   "now / before | %s / %s: %s |\n",
                   n, TABLES[t][0], a, b, strcmp(a, b) ? "DIFFER" : "same");
        }
    }
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
    snprintf(args, sizeof(args), "--station desk %s", extra);
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

/* ---- walk-ins and edits (hub format 11) ---- */

enum { CHANGES = 100, CHANGE_ROUNDS = 3 };

/* Write `n` ticket secrets from `from` as scanner input; its path. */
static const char *codes_file(unsigned long from, unsigned long n)
{
    static char path[1024];
    snprintf(path, sizeof(path), "%s/codes-%lu.txt", tu_tmpdir(), from);
    FILE *f = fopen(path, "w");
    if (!f)
        exit(1);
    for (unsigned long i = 0; i < n; i++) {
        char c[40];
        secret(from + i, c);
        fprintf(f, "%s\n", c);
    }
    fclose(f);
    return path;
}

/* A desk's `checkin sync` with CHANGES walk-ins and CHANGES edits
 * pending (each made with `checkin register` and `checkin edit`), a
 * second desk's sync taking them, and as the peer a desk's sync with as
 * many check-ins (2 x CHANGES) decided offline: median of CHANGE_ROUNDS,
 * in ms, on the 3,000-registration event. */
static void changes(const char *ev)
{
    double push[CHANGE_ROUNDS], pull[CHANGE_ROUNDS], peer[CHANGE_ROUNDS];
    for (int r = 0; r < CHANGE_ROUNDS; r++) {
        char file[1024], other[1024], away[1024];
        snprintf(file, sizeof(file), "%s/changes-%d.db", tu_tmpdir(), r);
        snprintf(other, sizeof(other), "%s/changes-pull-%d.db", tu_tmpdir(), r);
        snprintf(away, sizeof(away), "%s/changes-peer-%d.db", tu_tmpdir(), r);
        checkin("hub add-station '%s' desk-ch-%d --station desk --out '%s'", ev,
                r, file);
        checkin("hub add-station '%s' desk-chp-%d --station desk --out '%s'",
                ev, r, other);
        checkin("hub add-station '%s' desk-chs-%d --station desk --out '%s'",
                ev, r, away);
        for (int i = 0; i < CHANGES; i++)
            checkin("register '%s' --ticket-type individual --given-name"
                    " Walk%d --family-name In%d",
                    file, r, i);
        for (int i = 0; i < CHANGES; i++)
            checkin("edit '%s' %d --company 'Desk Corp %d'", file,
                    2000 + r * CHANGES + i + 1, r);
        push[r] = 1000 * checkin("sync '%s'", file);
        pull[r] = 1000 * checkin("sync '%s'", other);
        if (tu_sh("'%s' scan '%s' --station desk --keyboard --json"
                  " --offline < '%s' > /dev/null 2>&1",
                  CHECKIN_BIN, away,
                  codes_file(100 + (unsigned long)r * 2 * CHANGES,
                             2 * CHANGES)) != 0)
            exit(1);
        peer[r] = 1000 * checkin("sync '%s'", away);
    }
    qsort(push, CHANGE_ROUNDS, sizeof(double), cmp_d);
    qsort(pull, CHANGE_ROUNDS, sizeof(double), cmp_d);
    qsort(peer, CHANGE_ROUNDS, sizeof(double), cmp_d);
    printf("| a desk's sync with %d walk-ins and %d edits pending (3,000"
           " registrations; median of %d, range %.0f-%.0f ms) | %.0f ms;"
           " another desk's sync taking them: %.0f ms; peer, a desk's sync"
           " with %d check-ins decided offline: %.0f ms |\n",
           CHANGES, CHANGES, CHANGE_ROUNDS, push[0], push[CHANGE_ROUNDS - 1],
           push[CHANGE_ROUNDS / 2], pull[CHANGE_ROUNDS / 2], 2 * CHANGES,
           peer[CHANGE_ROUNDS / 2]);
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

static void desk_parts(int argc, char **argv, const char *ev3k);

int main(int argc, char **argv)
{
    pgserver_durable();
    int rc = pgserver_start();
    if (rc == PGSERVER_SKIP)
        return 0;
    if (rc != PGSERVER_OK)
        return 1;
    bool big = part(argc, argv, "pull") || part(argc, argv, "catchup") ||
               part(argc, argv, "verdict");
    /* Set-up alone (issue 32): no shared event first. */
    if (argc == 2 && !strcmp(argv[1], "setup")) {
        setup(3000);
        setup(10000);
        setup(100000);
        return 0;
    }
    double init3k, init100k = 0, old3k = 0, old100k = 0;
    double load0 = load_1min();
    const char *ev3k = event(3000, &init3k, &old3k);
    const char *ev100k = big ? event(100000, &init100k, &old100k) : NULL;
    printf("| hub on loopback (PostgreSQL 15, durable: fsync and full page "
           "writes on) | figure |\n"
           "|---|---|\n"
           "| load average before the hub inits / after | %.2f / %.2f |\n",
           load0, load_1min());
    if (part(argc, argv, "pull")) {
        first_pull(ev3k, 3000, init3k, old3k);
        first_pull(ev100k, 100000, init100k, old100k);
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
    if (part(argc, argv, "changes")) {
        changes(ev3k);
        fflush(stdout);
    }
    desk_parts(argc, argv, ev3k);
    return 0;
}

/* With CHECKIN_BENCH_BEFORE, each desk figure is taken twice, with this
 * build then with the earlier one, back to back. */
static void arms(void (*fn)(const char *ev, int n, int count, int pace),
                 const char *ev, int n, int count, int pace)
{
    const char *before = getenv("CHECKIN_BENCH_BEFORE");
    bool two = before && *before;
    /* CHECKIN_BENCH_ROUNDS: this many rounds of the arms (1). */
    const char *e = getenv("CHECKIN_BENCH_ROUNDS");
    long rounds = e && *e ? strtol(e, NULL, 10) : 1;
    /* CHECKIN_BENCH_BEFORE_FIRST: the earlier build's arm first in each
     * round (a run each way evens out what the order favours). */
    const char *f = getenv("CHECKIN_BENCH_BEFORE_FIRST");
    int first = two && f && *f ? 1 : 0;
    /* CHECKIN_BENCH_THROWAWAY: each arm again on the same hub with fsync
     * and full page writes off, right after the durable one. */
    const char *t = getenv("CHECKIN_BENCH_THROWAWAY");
    int hubs = t && *t ? 2 : 1;
    /* CHECKIN_BENCH_BEFORE_HUB: the earlier build's arm at the hub it
     * made itself (event-N-before.db's, at its own format), not at this
     * build's: what a hub format step changes for every station. */
    const char *o = getenv("CHECKIN_BENCH_BEFORE_HUB");
    bool own = two && o && *o;
    static char before_ev[1100];
    snprintf(before_ev, sizeof(before_ev), "%.*s-before.db",
             (int)strlen(ev) - 3, ev);
    static char label[64];
    for (long round = 0; round < (rounds > 0 ? rounds : 1); round++)
        for (int i = 0; i < (two ? 2 : 1); i++)
            for (int h = 0; h < hubs; h++) {
                int arm = i ^ first;
                desk_bin = arm ? before : CHECKIN_BIN;
                hub_set = arm && own;
                bench_hub = hub_set ? "bench_3000_before" : "bench_3000";
                if (h && pgserver_flush(false))
                    continue;
                snprintf(label, sizeof(label), "%s%s",
                         arm && own ? "before, at its own hub: "
                         : arm      ? "before: "
                         : two      ? "now: "
                                    : "",
                         h ? "throwaway hub: " : "");
                desk_label = label;
                fn(hub_set ? before_ev : ev, n, count, pace);
                if (h && pgserver_flush(true))
                    exit(1);
            }
}

static void idle_arm(const char *ev, int n, int count, int pace)
{
    (void)count;
    (void)pace;
    idle(ev, bench_hub, n);
}

/* The parts with running desks. */
static void desk_parts(int argc, char **argv, const char *ev3k)
{
    if (part(argc, argv, "idle")) {
        arms(idle_arm, ev3k, 10, 0, 0);
        arms(idle_arm, ev3k, 30, 0, 0);
    }
    /* One desk and 30, at --json alone and with their web screen
     * (issue 32: an idle station sleeps until something wakes it). */
    if (part(argc, argv, "idle1"))
        arms(idle_arm, ev3k, 1, 0, 0);
    if (part(argc, argv, "idle30"))
        arms(idle_arm, ev3k, 30, 0, 0);
    if (part(argc, argv, "idleweb")) {
        desk_extra = "--web 127.0.0.1:0";
        arms(idle_arm, ev3k, 1, 0, 0);
        arms(idle_arm, ev3k, 30, 0, 0);
        desk_extra = "";
    }
    /* Lone check-ins (each well apart from the last) at 10 and 30 desks,
     * then the morning rush: 20 a second over 19 of 20 desks. */
    /* 8 desks alone, as many as the whole event's (issue 54). */
    if (part(argc, argv, "prop8"))
        arms(propagation, ev3k, 8, 100, 300);
    if (part(argc, argv, "propagation") || part(argc, argv, "prop10"))
        arms(propagation, ev3k, 10, 100, 300);
    if (part(argc, argv, "propagation") || part(argc, argv, "prop30"))
        arms(propagation, ev3k, 30, 100, 300);
    if (part(argc, argv, "propagation") || part(argc, argv, "rush"))
        arms(propagation, ev3k, 20, 400, 50);
    /* A whole event on one hub (issue 32: p99 within 1 s): 8 desks, 12
     * doors and 50 booths running, lone check-ins at the desks, then the
     * morning rush at them. */
    if (part(argc, argv, "event")) {
        event_doors = 12;
        event_booths = 50;
        arms(propagation, ev3k, 8, 100, 300);
        arms(propagation, ev3k, 8, 400, 50);
        event_doors = event_booths = 0;
    }
}
