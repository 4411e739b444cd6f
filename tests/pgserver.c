/* A throwaway PostgreSQL server for a test process (see pgserver.h): the
 * product's launcher (pglocal.c) and the superuser helpers tests use. */
#include "pgserver.h"

#include <dirent.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/pglocal.h"
#include "testutil.h"

static pglocal *pg;
static bool started, durable;
static char kept_dir[512];
/* Why pgserver_start skipped (no PostgreSQL server programs). */
static char skip_why[512];

/* $CHECKIN_PG_TEMPLATE when set (empty: initdb for every server), else
 * the build tree's (PGSERVER_TEMPLATE, set by CMake), else none. */
static const char *template_dir(void)
{
    const char *env = getenv("CHECKIN_PG_TEMPLATE");
    if (env)
        return *env ? env : NULL;
#ifdef PGSERVER_TEMPLATE
    return PGSERVER_TEMPLATE;
#else
    return NULL;
#endif
}

/* At exit: a failed test keeps the folder and its log, and names it. */
static void stop_at_exit(void)
{
    pgserver_stop();
}

int pgserver_start(void)
{
    if (started)
        return pg ? PGSERVER_OK : PGSERVER_FAIL;
    started = true;
    struct ck_error err = {0};
    if (pglocal_check(pglocal_bindir(), &err)) {
        printf("# skipped: %s\n", err.msg);
        snprintf(skip_why, sizeof(skip_why), "%s", err.msg);
        return PGSERVER_SKIP;
    }
    struct pglocal_options o = {.template_dir = template_dir(),
                                .durable = durable};
    int64_t t0 = tu_mono_ms();
    if (pglocal_start(&o, &pg, &err)) {
        printf("# pgserver: %s\n", err.msg);
        pg = NULL;
        return PGSERVER_FAIL;
    }
    atexit(stop_at_exit);
    struct pglocal_times t;
    pglocal_start_times(pg, &t);
    printf("# PostgreSQL up in %lld ms at %s%s: cluster %s in %lld ms "
           "(%lld ms CPU), postmaster answered in %lld ms\n",
           (long long)(tu_mono_ms() - t0), pglocal_dir(pg),
           geteuid() == 0 ? " (as nobody)" : "",
           t.copied ? "copied from the template" : "made by initdb",
           t.cluster_ms, t.cluster_cpu_ms, t.server_ms);
    fflush(stdout);
    return PGSERVER_OK;
}

int pgserver_main(const struct tu_case *cases, size_t n, int argc, char **argv)
{
    int rc = pgserver_start();
    if (rc == PGSERVER_SKIP)
        return tu_skip_all(skip_why); /* 1 under CI */
    if (rc != PGSERVER_OK) {
        printf("not ok - the throwaway PostgreSQL server did not start\n");
        return 1;
    }
    return tu_run(cases, n, argc, argv);
}

const char *pgserver_conninfo_as(const char *dbname, const char *user,
                                 const char *pw)
{
    static char ring[16][1024];
    static int next;
    char *s = ring[next++ % 16];
    s[0] = '\0';
    if (pg)
        pglocal_conninfo(pg, dbname, user, pw, s, sizeof(ring[0]));
    return s;
}

void pgserver_durable(void)
{
    durable = true;
}

int pgserver_flush(bool on)
{
    if (!durable)
        return on ? -1 : 0;
    /* One statement each: ALTER SYSTEM refuses a transaction block. */
    if (pgserver_exec("postgres", on ? "ALTER SYSTEM RESET fsync"
                                     : "ALTER SYSTEM SET fsync = off") ||
        pgserver_exec("postgres", on ? "ALTER SYSTEM RESET full_page_writes"
                                     : "ALTER SYSTEM SET full_page_writes ="
                                       " off") ||
        pgserver_exec("postgres", "SELECT pg_reload_conf()"))
        return -1;
    /* The postmaster rereads its files and signals the backends: a new
     * session sees the setting once that is done. */
    for (;;) {
        PGconn *c = PQconnectdb(pgserver_conninfo("postgres"));
        PGresult *r = PQexec(c, "SHOW fsync");
        bool done = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
                    !strcmp(PQgetvalue(r, 0, 0), on ? "on" : "off");
        bool failed = PQresultStatus(r) != PGRES_TUPLES_OK;
        PQclear(r);
        PQfinish(c);
        if (done)
            return 0;
        if (failed)
            return -1;
        usleep(10000);
    }
}

const char *pgserver_conninfo(const char *dbname)
{
    return pgserver_conninfo_as(dbname, NULL, NULL);
}

/* The superuser's connections, kept between pgserver_exec's and
 * pgserver_int's calls, one a database: a PostgreSQL backend's start is
 * the dearest thing a hub test asks of its server (53 ms of the server's
 * CPU on the 2-core CI machine, against 0.2 ms for a SELECT), and the hub
 * tests ask the hub a few hundred times a part.  A connection is taken
 * out while in use (threads get their own then) and given back only idle
 * and sound; each server change (halt, kill, resume, stop) and each
 * statement about a DATABASE (CREATE ... TEMPLATE needs the template
 * alone) closes them all. */
enum { KEPT = 8 };
static struct {
    char db[128];
    PGconn *c;
} kept[KEPT];
static pthread_mutex_t kept_mu = PTHREAD_MUTEX_INITIALIZER;

static void forget_kept(void)
{
    pthread_mutex_lock(&kept_mu);
    for (int i = 0; i < KEPT; i++) {
        if (kept[i].c)
            PQfinish(kept[i].c);
        kept[i].c = NULL;
    }
    pthread_mutex_unlock(&kept_mu);
}

/* A kept connection to `dbname` (*was_kept), else a new one. */
static PGconn *take(const char *dbname, bool *was_kept)
{
    pthread_mutex_lock(&kept_mu);
    for (int i = 0; i < KEPT; i++)
        if (kept[i].c && !strcmp(kept[i].db, dbname)) {
            PGconn *c = kept[i].c;
            kept[i].c = NULL;
            pthread_mutex_unlock(&kept_mu);
            *was_kept = true;
            return c;
        }
    pthread_mutex_unlock(&kept_mu);
    *was_kept = false;
    return PQconnectdb(pgserver_conninfo(dbname));
}

static void give_back(const char *dbname, PGconn *c)
{
    if (PQstatus(c) != CONNECTION_OK ||
        PQtransactionStatus(c) != PQTRANS_IDLE ||
        strlen(dbname) >= sizeof(kept[0].db)) {
        PQfinish(c);
        return;
    }
    pthread_mutex_lock(&kept_mu);
    for (int i = 0; i < KEPT; i++)
        if (!kept[i].c) {
            snprintf(kept[i].db, sizeof(kept[i].db), "%s", dbname);
            kept[i].c = c;
            c = NULL;
            break;
        }
    pthread_mutex_unlock(&kept_mu);
    if (c)
        PQfinish(c);
}

/* `sql` on a connection to `dbname`: its result (NULL when it could not
 * connect, said), the connection in *out.  A kept connection the server
 * dropped since (a test's pg_terminate_backend) is replaced once. */
static PGresult *run_sql(const char *dbname, const char *sql, PGconn **out)
{
    if (strcasestr(sql, "DATABASE"))
        forget_kept();
    bool was_kept;
    PGconn *c = take(dbname, &was_kept);
    PGresult *r = NULL;
    if (PQstatus(c) == CONNECTION_OK) {
        r = PQexec(c, sql);
        if (was_kept && PQstatus(c) != CONNECTION_OK) {
            PQclear(r);
            PQfinish(c);
            c = PQconnectdb(pgserver_conninfo(dbname));
            r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
        }
    }
    if (!r)
        printf("# connecting to %s: %s", dbname, PQerrorMessage(c));
    *out = c;
    return r;
}

int pgserver_exec(const char *dbname, const char *sql)
{
    PGconn *c;
    PGresult *r = run_sql(dbname, sql, &c);
    int rc = -1;
    if (r) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
            rc = 0;
        else
            printf("# %s: %s", sql, PQerrorMessage(c));
        PQclear(r);
    }
    give_back(dbname, c);
    return rc;
}

long long pgserver_int(const char *dbname, const char *sql)
{
    PGconn *c;
    PGresult *r = run_sql(dbname, sql, &c);
    long long v = -1;
    if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 &&
        !PQgetisnull(r, 0, 0))
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else if (r)
        printf("# %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    give_back(dbname, c);
    return v;
}

int pgserver_createdb(const char *name)
{
    char sql[256];
    snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", name);
    return pgserver_exec("postgres", sql);
}

pid_t pgserver_pid(void)
{
    return pg ? pglocal_pid(pg) : 0;
}

const char *pgserver_dir(void)
{
    return pg ? pglocal_dir(pg) : kept_dir;
}

int pgserver_halt(void)
{
    if (!pg || pglocal_pid(pg) <= 0)
        return PGSERVER_FAIL;
    forget_kept();
    pglocal_halt(pg);
    return PGSERVER_OK;
}

int pgserver_resume(void)
{
    struct ck_error err = {0};
    if (!pg)
        return PGSERVER_FAIL;
    forget_kept();
    if (pglocal_resume(pg, &err)) {
        printf("# pgserver: %s\n", err.msg);
        return PGSERVER_FAIL;
    }
    return PGSERVER_OK;
}

enum { MAX_BACKENDS = 512 };

/* The processes pgserver_freeze stopped, to go on again. */
static pid_t frozen_pid[MAX_BACKENDS + 1];
static int nfrozen;

/* The server's backends and helpers (children of `postmaster`), into
 * `out`; their number. */
static int children_of(pid_t postmaster, pid_t *out, int cap)
{
    DIR *d = opendir("/proc");
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && n < cap) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0)
            continue;
        struct tu_proc_info p;
        if (!tu_proc_stat((pid_t)pid, &p) && p.ppid == postmaster)
            out[n++] = (pid_t)pid;
    }
    if (d)
        closedir(d);
    return n;
}

/* Whether `pid` has ended (gone, or a zombie nobody reaped). */
static bool ended(pid_t pid)
{
    struct tu_proc_info p;
    return tu_proc_stat(pid, &p) || p.state == 'Z' || p.state == 'X';
}

int pgserver_kill(void)
{
    pid_t pm = pgserver_pid();
    if (pm <= 0)
        return PGSERVER_FAIL;
    forget_kept();
    /* Stopped first, the postmaster forks no backend after the list is
     * read. */
    static pid_t child[MAX_BACKENDS];
    kill(pm, SIGSTOP);
    int n = children_of(pm, child, MAX_BACKENDS);
    kill(pm, SIGKILL);
    for (int i = 0; i < n; i++)
        kill(child[i], SIGKILL);
    /* Reaps the postmaster (its SIGQUIT finds it dead already). */
    pglocal_halt(pg);
    nfrozen = 0;
    /* A new postmaster refuses the data folder while a backend of the old
     * one still holds its shared memory. */
    int64_t t0 = tu_mono_ms();
    for (int i = 0; i < n; i++)
        while (!ended(child[i]) && tu_mono_ms() - t0 < 15000)
            usleep(2000);
    return PGSERVER_OK;
}

int pgserver_freeze(bool frozen)
{
    pid_t pm = pgserver_pid();
    if (pm <= 0)
        return PGSERVER_FAIL;
    if (frozen && !nfrozen) {
        kill(pm, SIGSTOP);
        frozen_pid[0] = pm;
        nfrozen = 1 + children_of(pm, frozen_pid + 1, MAX_BACKENDS);
        for (int i = 1; i < nfrozen; i++)
            kill(frozen_pid[i], SIGSTOP);
    } else if (!frozen) {
        /* Backends first: the postmaster, going on, finds them running. */
        for (int i = nfrozen - 1; i >= 0; i--)
            kill(frozen_pid[i], SIGCONT);
        nfrozen = 0;
    }
    return PGSERVER_OK;
}

void pgserver_stop(void)
{
    forget_kept();
    if (!pg)
        return;
    /* A stopped server would not hear its shutdown. */
    if (nfrozen)
        pgserver_freeze(false);
    bool keep = tu_failures > 0;
    snprintf(kept_dir, sizeof(kept_dir), "%s", pglocal_dir(pg));
    pglocal_stop(pg, keep);
    pg = NULL;
    if (keep)
        printf("# PostgreSQL's folder kept: %s\n", kept_dir);
}
