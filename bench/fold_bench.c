/* The attendees' index folded beside a desk: how long the file's write
 * lock is held, how long a desk's verdict waits behind it, and the fold's
 * CPU, the fold inside the writer's transaction (`in lock`: BEGIN
 * IMMEDIATE, store_gram_keep, COMMIT, what a pull or an import did
 * before store_gram_fold) against store_gram_fold (`beside`: built in a
 * read transaction, the lock taken only to write the rows), measured in
 * the same run, alternating, the median of ROUNDS each.
 *
 *   fold_bench DB [ROUNDS [OLD_CHECKIN NEW_CHECKIN]]
 *
 * DB is a copy of open_bench's 1,000,000 file (the bench writes to it:
 * the index, 129 people's keys marked changed before each fold, past the
 * bound, and a table of its own).  A second process stands for a desk:
 * from before the fold until after it, it journals a row in a
 * transaction of its own (BEGIN IMMEDIATE, an insert, COMMIT, synchronous
 * FULL as a station writes) every 5 ms, and reports its longest wait.
 * The lock's hold is from the fold's BEGIN IMMEDIATE to the end of its
 * COMMIT (sqlite3_trace_v2).  Given two checkin commands (OLD_CHECKIN,
 * such as main's build, and this one), each round is instead a real
 * `checkin import` of one registration by each in turn (it ends with the
 * fold a pull runs): the desk's wait and the command's wall and CPU (no
 * lock hold: it is another process's).  The load average is printed
 * beside.  It prints figures; it never passes or fails. */
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "checkin/store.h"
#include "checkin/store_gram.h"
#include "checkin/store_sql.h"
#include "checkin/util.h"

#define CHANGED 129
#define DESK_EVERY_MS 5

static double now_ms(void)
{
    return (double)util_mono_ns() / 1e6;
}

static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec * 1e3 +
           (double)ru.ru_utime.tv_usec / 1e3 +
           (double)ru.ru_stime.tv_sec * 1e3 + (double)ru.ru_stime.tv_usec / 1e3;
}

/* The write lock's span, from sqlite3_trace_v2 on the fold's connection. */
static double lock_from, lock_held;

static int on_trace(unsigned what, void *ctx, void *p, void *x)
{
    (void)ctx;
    const char *sql = sqlite3_sql((sqlite3_stmt *)p);
    if (!sql)
        return 0;
    if (what == SQLITE_TRACE_STMT && !strcmp(sql, "BEGIN IMMEDIATE"))
        lock_from = now_ms();
    else if (what == SQLITE_TRACE_PROFILE && lock_from > 0 &&
             (!strcmp(sql, "COMMIT") || !strcmp(sql, "ROLLBACK"))) {
        lock_held += now_ms() - lock_from;
        lock_from = 0;
    }
    (void)x;
    return 0;
}

struct desk_report {
    double longest_ms;
    long verdicts, failed;
};

/* The desk: journals a row every DESK_EVERY_MS until `stop` is readable,
 * then writes its report to `out`.  It says it is up on `out` first. */
static void desk(const char *path, int stop, int out)
{
    sqlite3 *db = NULL;
    struct desk_report r = {0};
    if (sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 60000;"
                     "CREATE TABLE IF NOT EXISTS fold_bench_desk (at REAL)",
                     NULL, NULL, NULL) != SQLITE_OK)
        _exit(1);
    char up = 'u';
    if (write(out, &up, 1) != 1)
        _exit(1);
    for (;;) {
        struct timeval tv = {0, 0};
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(stop, &fds);
        if (select(stop + 1, &fds, NULL, NULL, &tv) > 0)
            break;
        double t0 = now_ms();
        char sql[128];
        snprintf(sql, sizeof(sql),
                 "BEGIN IMMEDIATE; INSERT INTO fold_bench_desk VALUES (%f);"
                 "COMMIT",
                 t0);
        if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            r.failed++;
        }
        double waited = now_ms() - t0;
        if (waited > r.longest_ms)
            r.longest_ms = waited;
        r.verdicts++;
        struct timespec ts = {0, DESK_EVERY_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
    sqlite3_close(db);
    _exit(write(out, &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 1);
}

/* The CPU of the import a round ran, when by a process. */
static double child_cpu;

struct one {
    double hold_ms, wall_ms, cpu_ms, desk_ms;
    long verdicts;
    bool built;
};

/* `checkin import DB CSV` by `exe`: its CPU into *cpu. */
static int import_by(const char *exe, const char *db, const char *csv,
                     double *cpu)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) ||
            !freopen("/dev/null", "w", stderr))
            _exit(126);
        execl(exe, exe, "import", db, csv, (char *)NULL);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) ||
        WEXITSTATUS(st) != 0)
        return -1;
    *cpu = (double)ru.ru_utime.tv_sec * 1e3 +
           (double)ru.ru_utime.tv_usec / 1e3 +
           (double)ru.ru_stime.tv_sec * 1e3 + (double)ru.ru_stime.tv_usec / 1e3;
    return 0;
}

/* The two checkin commands of a run by processes (NULL: the API), and
 * the one-row CSV they import. */
static const char *exe_old, *exe_new, *one_csv;

static int fold(store *s, bool beside, bool *built, struct ck_error *err)
{
    if (exe_old) {
        double cpu = 0;
        *built = true;
        if (import_by(beside ? exe_new : exe_old, store_path(s), one_csv, &cpu))
            return ck_fail(err, CK_EIO, "checkin import failed.");
        child_cpu = cpu;
        return CK_OK;
    }
    if (beside)
        return store_gram_fold(s, NULL, NULL, built, err);
    int code = store_begin(s, err);
    if (!code)
        code = store_gram_keep(s, built, err);
    if (!code)
        code = store_commit(s, err);
    else
        store_rollback(s);
    return code;
}

/* CHANGED people marked changed (their keys as they were), spread over
 * the file, then one fold with the desk beside it. */
static int round_of(store *s, const char *path, int r, bool beside,
                    struct one *o)
{
    struct ck_error err = {0};
    char sql[256];
    snprintf(sql, sizeof(sql),
             "UPDATE attendee SET search_key = search_key WHERE id %% 7751 ="
             " %d AND id <= 7751 * %d",
             1 + r % 7000, CHANGED);
    if (store_exec(s, sql, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    int stop[2], back[2];
    if (pipe(stop) || pipe(back))
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(stop[1]);
        close(back[0]);
        desk(path, stop[0], back[1]);
    }
    close(stop[0]);
    close(back[1]);
    char up;
    if (pid < 0 || read(back[0], &up, 1) != 1)
        return -1;
    lock_from = lock_held = 0;
    double w0 = now_ms(), c0 = cpu_ms();
    int code = fold(s, beside, &o->built, &err);
    o->wall_ms = now_ms() - w0;
    o->cpu_ms = exe_old ? child_cpu : cpu_ms() - c0;
    o->hold_ms = lock_held;
    close(stop[1]);
    struct desk_report d = {0};
    ssize_t got = read(back[0], &d, sizeof(d));
    close(back[0]);
    int st;
    waitpid(pid, &st, 0);
    if (code || got != (ssize_t)sizeof(d) || d.failed) {
        fprintf(stderr, "fold: %s (desk: %ld failed)\n",
                code ? err.msg : "no report", d.failed);
        return -1;
    }
    o->desk_ms = d.longest_ms;
    o->verdicts = d.verdicts;
    return 0;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void report(const char *name, struct one *o, int n)
{
    double hold[64], wall[64], cpu[64], desk_ms[64], most = 0;
    for (int i = 0; i < n; i++) {
        hold[i] = o[i].hold_ms;
        wall[i] = o[i].wall_ms;
        cpu[i] = o[i].cpu_ms;
        desk_ms[i] = o[i].desk_ms;
        if (o[i].desk_ms > most)
            most = o[i].desk_ms;
    }
    double mh = median(hold, n), md = median(desk_ms, n);
    double mw = median(wall, n), mc = median(cpu, n);
    if (exe_old)
        printf("%-8s desk's longest wait %8.1f ms (%.1f-%.1f)  import wall "
               "%8.1f ms  CPU %8.1f ms\n",
               name, md, desk_ms[0], most, mw, mc);
    else
        printf("%-8s lock held %8.1f ms (%.1f-%.1f)  desk's longest wait "
               "%8.1f ms (worst %.1f)  fold wall %8.1f ms  CPU %8.1f ms\n",
               name, mh, hold[0], hold[n - 1], md, most, mw, mc);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc == 4) {
        fprintf(stderr, "usage: fold_bench DB [ROUNDS [OLD_CHECKIN "
                        "NEW_CHECKIN]]\n");
        return 2;
    }
    char csv[4200];
    if (argc > 4) {
        exe_old = argv[3];
        exe_new = argv[4];
        snprintf(csv, sizeof(csv), "%s.one.csv", argv[1]);
        FILE *f = fopen(csv, "w");
        if (!f ||
            fputs("ticket_id,order_code,status,ticket_type,secret,"
                  "given_name,family_name,company,email\n"
                  "1000001,O1000000,paid,individual,"
                  "s0000000000000000000001000000,Ada,Lovelace,"
                  "Company 1,person1000000@example.com\n",
                  f) < 0 ||
            fclose(f))
            return 1;
        one_csv = csv;
    }
    long rounds = 5;
    if (argc > 2 && !util_parse_long(argv[2], 1, 64, &rounds)) {
        fprintf(stderr, "ROUNDS is a whole number from 1 to 64.\n");
        return 2;
    }
    store *s = NULL;
    struct ck_error err = {0};
    if (store_open(argv[1], STORE_EXISTING, &s, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    sqlite3_trace_v2(store_db(s), SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE,
                     on_trace, NULL);
    double load[3];
    if (getloadavg(load, 3) == 3)
        printf("load average at the start: %.2f %.2f %.2f\n", load[0], load[1],
               load[2]);
    /* Before the children fork: a buffer they would write again. */
    fflush(stdout);
    struct one in_lock[64], beside[64];
    const char *name[2] = {exe_old ? "old" : "in lock",
                           exe_old ? "this" : "beside"};
    for (int r = 0; r < (int)rounds; r++)
        for (int k = 0; k < 2; k++) {
            bool b = (k + r) % 2;
            struct one *o = b ? &beside[r] : &in_lock[r];
            if (round_of(s, argv[1], 2 * r + k, b, o)) {
                store_close(s);
                return 1;
            }
            printf("round %d %-8s built %d  lock %7.1f ms  desk waited "
                   "%7.1f ms (%ld verdicts)  wall %7.1f ms  CPU %7.1f ms\n",
                   r + 1, b ? name[1] : name[0], o->built, o->hold_ms,
                   o->desk_ms, o->verdicts, o->wall_ms, o->cpu_ms);
            fflush(stdout);
        }
    report(name[0], in_lock, (int)rounds);
    report(name[1], beside, (int)rounds);
    if (getloadavg(load, 3) == 3)
        printf("load average at the end: %.2f %.2f %.2f\n", load[0], load[1],
               load[2]);
    store_close(s);
    return 0;
}
