/* A stalled hub and a forged storm, measured against a real `checkin scan`
 * desk on a PostgreSQL 15 of its own, durable (tests/pgserver.c), over several
 * rounds:
 *
 *   - locked: another session holds checkin.scan in ACCESS EXCLUSIVE mode
 *     and the desk scans a badge (its push waits on the lock): the time
 *     from the lock to the desk's OFFLINE line, then, the lock still
 *     held, from its input closing to its exit;
 *   - silent: the hub's link goes silent (tests/relay.c holds every byte)
 *     while the desk is idle: the same two times;
 *   - storm: a booth's own credentials send NOTIFY checkin_scan, 'organizer'
 *     200 times a second for 10 s while the desk idles: the desk's syncs
 *     (a trigger on checkin.station counts them) and the hub's committed
 *     transactions (pg_stat_database, the booth's own taken off) and the
 *     CPU time of its backend on the hub (/proc), against
 *     10 s without the storm and against a session that only LISTENs
 *     and reads (PostgreSQL's own cost of a listener: its backend reads
 *     the notification queue in a transaction of its own).
 *
 *   stall_bench [ROUNDS [CHECKIN]]
 *
 * CHECKIN is the `checkin` that runs the desk (default: this build's), so
 * that an older build can be measured by the same bench; the hub is made
 * with this build's.  A time that did not come within the cap is printed
 * as "> CAP".  Prints Markdown tables; never passes or fails.  Needs the
 * PostgreSQL server (scripts/setup --tests). */
#include <jansson.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "live.h"
#include "pgserver.h"
#include "relay.h"
#include "testutil.h"

enum { CAP_MS = 20000, STORM_MS = 10000, STORM_RATE = 200 };

static const char *bin = CHECKIN_BIN;
static int relay_port;

static void fail(const char *what)
{
    fprintf(stderr, "stall_bench: %s\n", what);
    exit(1);
}

/* A desk running `bin`, as the tests' live stations run. */
static void desk_start(struct live *st, const char *db)
{
    if (live_start_bin(st, "", bin, db, "--station desk --name desk-1"))
        fail("cannot start the desk");
}

static void checkin(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void checkin(const char *fmt, ...)
{
    char args[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    const char *out, *err;
    if (tu_checkin(args, &out, &err)) {
        fprintf(stderr, "stall_bench: checkin %s failed: %s%s\n", args, out,
                err);
        exit(1);
    }
}

static bool is_link(json_t *o, const void *arg)
{
    return !strcmp(live_str(o, "event"), "sync") &&
           json_is_true(json_object_get(o, "online")) == (arg != NULL);
}

/* Milliseconds from `t0` until the desk says it is (not) online, or -1
 * past CAP_MS. */
static long long until_link(struct live *st, bool online, int64_t t0)
{
    json_t *o = live_next(st, CAP_MS, is_link, online ? "" : NULL);
    long long ms = o ? (long long)(tu_mono_ms() - t0) : -1;
    json_decref(o);
    return ms;
}

/* Close its input: milliseconds until it exits, or -1 past CAP_MS; then
 * `release` (if given) ends the stall and *late is the time it took in
 * all (-1: it did exit in time, or not even then). */
static long long until_exit(struct live *st, void (*release)(void *), void *ctx,
                            long long *late)
{
    int64_t t0 = tu_mono_ms();
    close(st->in);
    long long ms = -1;
    *late = -1;
    for (bool released = false;;) {
        int status;
        if (waitpid(st->pid, &status, WNOHANG) == st->pid) {
            if (released)
                *late = tu_mono_ms() - t0;
            else
                ms = tu_mono_ms() - t0;
            break;
        }
        if (!released && tu_mono_ms() - t0 > CAP_MS) {
            released = true;
            if (release)
                release(ctx);
        }
        if (tu_mono_ms() - t0 > (int64_t)3 * CAP_MS) {
            kill(st->pid, SIGKILL);
            waitpid(st->pid, &status, 0);
            break;
        }
        usleep(2000);
    }
    close(st->out);
    return ms;
}

/* A fresh copy of the demo event published to a hub database `hub` of
 * its own, a desk's file and (`booth` not NULL) a booth's; the event. */
static const char *event_with_desk(const char *name, char hub[64],
                                   char desk[1024], char *booth)
{
    char file[64];
    snprintf(file, sizeof(file), "%s.db", name);
    const char *ev = tu_copy(tu_demo_event(), file);
    snprintf(hub, 64, "hub_%s", name);
    if (pgserver_createdb(hub))
        fail("cannot create the hub's database");
    checkin("hub init '%s' \"%s\"", ev, pgserver_conninfo(hub));
    snprintf(desk, 1024, "%s/%s-desk.db", tu_tmpdir(), name);
    checkin("hub add-station '%s' desk-1 --station desk --out '%s'", ev, desk);
    if (booth) {
        snprintf(booth, 1024, "%s/%s-booth.db", tu_tmpdir(), name);
        checkin("hub add-station '%s' booth-1 --station leads:datawise --out"
                " '%s'",
                ev, booth);
    }
    return ev;
}

/* The first column of the first row of `sql` on the SQLite file `db`. */
static void sqlite_text(const char *db, const char *sql, char *out, size_t cap)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"%s\"", db, sql);
    FILE *p = popen(cmd, "r");
    out[0] = '\0';
    if (p && fgets(out, (int)cap, p))
        out[strcspn(out, "\n")] = '\0';
    if (p)
        pclose(p);
}

/* Scan the `n`th paid attendee's code and wait for the decision. */
static void scan(struct live *st, const char *ev, int n)
{
    char sql[512], code[128], line[256];
    snprintf(sql, sizeof(sql),
             "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
             " s.attendee_id WHERE a.status = 'paid' AND a.testmode = 0 AND"
             " s.revoked = 0 ORDER BY a.ticket_id LIMIT 1 OFFSET %d",
             n);
    sqlite_text(ev, sql, code, sizeof(code));
    int len = snprintf(line, sizeof(line), "%s\n", code);
    if (write(st->in, line, (size_t)len) != len)
        fail("cannot write to the desk's input");
    json_decref(live_next(st, CAP_MS, NULL, NULL));
}

struct times {
    long long offline, exit, late;
};

struct lock {
    PGconn *c;
    bool held;
};

static void unlock(void *ctx)
{
    struct lock *l = ctx;
    if (l->held)
        PQclear(PQexec(l->c, "ROLLBACK"));
    l->held = false;
}

static struct times locked(int round)
{
    char name[32], hub[64], desk[1024];
    snprintf(name, sizeof(name), "lock%d", round);
    const char *ev = event_with_desk(name, hub, desk, NULL);
    struct live a;
    desk_start(&a, desk);
    if (until_link(&a, true, 0) < 0)
        fail("the desk did not come online");
    struct lock lk = {PQconnectdb(pgserver_conninfo(hub)), true};
    PQclear(PQexec(lk.c, "BEGIN"));
    PGresult *r =
        PQexec(lk.c, "LOCK TABLE checkin.scan IN ACCESS EXCLUSIVE MODE");
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail("cannot lock checkin.scan");
    PQclear(r);
    struct times t;
    int64_t t0 = tu_mono_ms();
    scan(&a, ev, 0);
    t.offline = until_link(&a, false, t0);
    scan(&a, ev, 1);
    t.exit = until_exit(&a, unlock, &lk, &t.late);
    unlock(&lk);
    PQfinish(lk.c);
    return t;
}

static void resume(void *unused)
{
    (void)unused;
    relay_pause(false);
}

static struct times silent(int round)
{
    char name[32], hub[64], desk[1024], sql[256], ignored[8];
    snprintf(name, sizeof(name), "silent%d", round);
    event_with_desk(name, hub, desk, NULL);
    snprintf(sql, sizeof(sql),
             "UPDATE sync_hub SET conninfo = conninfo || ' host=127.0.0.1"
             " port=%d'",
             relay_port);
    sqlite_text(desk, sql, ignored, sizeof(ignored));
    struct live a;
    desk_start(&a, desk);
    if (until_link(&a, true, 0) < 0)
        fail("the desk did not come online");
    relay_pause(true);
    struct times t;
    t.offline = until_link(&a, false, tu_mono_ms());
    t.exit = until_exit(&a, resume, NULL, &t.late);
    relay_pause(false);
    return t;
}

/* Wait until no session is connected to `hub`: a backend's counts reach
 * pg_stat_database by the time it has gone. */
static void quiet(PGconn *c, const char *hub)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM pg_stat_activity WHERE datname = '%s'", hub);
    for (int64_t t = tu_mono_ms(); tu_mono_ms() - t < CAP_MS;) {
        PGresult *r = PQexec(c, sql);
        bool none = PQresultStatus(r) == PGRES_TUPLES_OK &&
                    !strcmp(PQgetvalue(r, 0, 0), "0");
        PQclear(r);
        if (none)
            return;
        usleep(10000);
    }
}

/* The hub's committed transactions in `hub`, read on `c`. */
static long long xacts(PGconn *c, const char *hub)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT xact_commit FROM pg_stat_database WHERE datname = '%s'",
             hub);
    PGresult *r = PQexec(c, sql);
    long long n = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r)
                      ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
                      : -1;
    PQclear(r);
    return n;
}

struct load {
    long long syncs, xacts, cpu_ms;
};

/* CPU time (user + system, ms) of the hub's backends serving `hub`, but
 * not the one of pid `except`, from /proc (the server runs here). */
static long long backends_cpu_ms(PGconn *c, const char *hub, int except)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT pid FROM pg_stat_activity WHERE datname = '%s' AND pid"
             " <> %d",
             hub, except);
    PGresult *r = PQexec(c, sql);
    long long ticks = 0;
    for (int i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r);
         i++) {
        char path[64], buf[1024];
        snprintf(path, sizeof(path), "/proc/%s/stat", PQgetvalue(r, i, 0));
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
        if (f)
            fclose(f);
        buf[n] = '\0';
        /* Fields 14 and 15, after the command in parentheses. */
        const char *p = strrchr(buf, ')');
        unsigned long long ut = 0, st = 0;
        if (p && sscanf(p + 2,
                        "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu"
                        " %llu",
                        &ut, &st) == 2)
            ticks += (long long)(ut + st);
    }
    PQclear(r);
    return ticks * 1000 / sysconf(_SC_CLK_TCK);
}

enum listener { DESK_QUIET, DESK_STORM, BARE_STORM };

/* STORM_MS with the desk (or a bare LISTEN session) connected, forged
 * notifications at STORM_RATE a second or none: the desk's syncs, and the
 * hub's transactions from its start to its end less the booth's NOTIFYs
 * (counted once every session has gone, so that all are flushed to
 * pg_stat_database). */
static struct load storm(int round, enum listener how)
{
    char name[32], hub[64], desk[1024], booth[1024], ci[1024];
    snprintf(name, sizeof(name), "storm%d_%d", round, (int)how);
    event_with_desk(name, hub, desk, booth);
    if (pgserver_exec(
            hub, "CREATE TABLE public.sync_count (n bigint NOT NULL);"
                 " INSERT INTO public.sync_count VALUES (0); CREATE FUNCTION"
                 " public.count_sync() RETURNS trigger LANGUAGE plpgsql"
                 " SECURITY DEFINER AS $$ BEGIN UPDATE public.sync_count SET"
                 " n = n + 1; RETURN NULL; END $$; CREATE TRIGGER count_sync"
                 " AFTER UPDATE ON checkin.station FOR EACH ROW EXECUTE"
                 " FUNCTION public.count_sync()"))
        fail("cannot count the desk's syncs");
    PGconn *c = PQconnectdb(pgserver_conninfo("postgres"));
    quiet(c, hub);
    long long x0 = xacts(c, hub);
    struct live a;
    PGconn *bare = NULL;
    if (how == BARE_STORM) {
        /* LISTEN, then only read: what PostgreSQL itself spends on a
         * listening session. */
        sqlite_text(desk, "SELECT conninfo FROM sync_hub", ci, sizeof(ci));
        bare = PQconnectdb(ci);
        PQclear(PQexec(bare, "LISTEN checkin_scan"));
    } else {
        desk_start(&a, desk);
        if (until_link(&a, true, 0) < 0)
            fail("the desk did not come online");
    }
    sqlite_text(booth, "SELECT conninfo FROM sync_hub", ci, sizeof(ci));
    PGconn *f = PQconnectdb(ci);
    if (PQstatus(f) != CONNECTION_OK)
        fail("cannot connect with the booth's credentials");
    long long s0 = pgserver_int(hub, "SELECT n FROM public.sync_count");
    long long cpu0 = backends_cpu_ms(c, hub, PQbackendPID(f));
    int64_t t0 = tu_mono_ms();
    long long sent = 0;
    while (tu_mono_ms() - t0 < STORM_MS) {
        if (how != DESK_QUIET) {
            PQclear(PQexec(f, "NOTIFY checkin_scan, 'organizer'"));
            sent++;
        }
        /* The bare session reads what it is sent, as a desk does: a
         * session that does not is not sent more once its socket is
         * full. */
        PGnotify *nt;
        if (bare && PQconsumeInput(bare))
            while ((nt = PQnotifies(bare)))
                PQfreemem(nt);
        /* The storm's pace, not a wait for something to happen. */
        usleep(1000000 / STORM_RATE);
    }
    struct load l;
    l.cpu_ms = backends_cpu_ms(c, hub, PQbackendPID(f)) - cpu0;
    l.syncs = pgserver_int(hub, "SELECT n FROM public.sync_count") - s0;
    PQfinish(f);
    long long ignored;
    if (bare)
        PQfinish(bare);
    else
        until_exit(&a, NULL, NULL, &ignored);
    quiet(c, hub);
    /* The two readings of sync_count (pgserver_int: a transaction each)
     * and the booth's NOTIFYs are not the listener's. */
    l.xacts = xacts(c, hub) - x0 - sent - 2;
    PQfinish(c);
    return l;
}

static void ms_cell(long long ms, long long late)
{
    if (ms >= 0)
        printf(" %.2f s |", (double)ms / 1000.0);
    else if (late >= 0)
        printf(" > %d s (%.1f s, ended by the stall's end) |", CAP_MS / 1000,
               (double)late / 1000.0);
    else
        printf(" > %d s |", CAP_MS / 1000);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 3;
    if (argc > 2)
        bin = argv[2];
    if (rounds < 1)
        rounds = 1;
    /* A hub as an organizer installs it: every commit flushed. */
    pgserver_durable();
    int rc = pgserver_start();
    if (rc == PGSERVER_SKIP)
        return 0;
    if (rc != PGSERVER_OK)
        fail("the throwaway PostgreSQL server did not start");
    char sock[700];
    snprintf(sock, sizeof(sock), "%s/.s.PGSQL.5432", pgserver_dir());
    relay_port = relay_start(sock);
    if (!relay_port)
        fail("cannot start the relay");
    printf("Desk: %s; %d rounds; cap %d s\n\n", bin, rounds, CAP_MS / 1000);
    printf("| stall | round | time to OFFLINE | time to exit after input "
           "closed |\n|---|---|---|---|\n");
    fflush(stdout);
    for (int i = 0; i < rounds; i++) {
        struct times t = locked(i);
        printf("| checkin.scan locked, desk scans | %d |", i + 1);
        ms_cell(t.offline, -1);
        ms_cell(t.exit, t.late);
        printf("\n");
        fflush(stdout);
    }
    for (int i = 0; i < rounds; i++) {
        struct times t = silent(i);
        printf("| link silent, desk idle | %d |", i + 1);
        ms_cell(t.offline, -1);
        ms_cell(t.exit, t.late);
        printf("\n");
        fflush(stdout);
    }
    printf("\n| %d s, desk idle | round | desk's syncs | hub transactions "
           "(the listening session's, start and end included) | its backend's "
           "CPU |\n|---|---|---|---|---|\n",
           STORM_MS / 1000);
    static const char *const what[] = {
        "desk, no storm", "desk, 200 forged NOTIFY/s from a booth",
        "a session that only LISTENs and reads (no desk), the same storm"};
    for (int i = 0; i < rounds; i++) {
        for (int k = DESK_QUIET; k <= BARE_STORM; k++) {
            struct load l = storm(i, (enum listener)k);
            printf("| %s | %d | %lld | %lld | %lld ms |\n", what[k], i + 1,
                   l.syncs, l.xacts, l.cpu_ms);
            fflush(stdout);
        }
    }
    return 0;
}
