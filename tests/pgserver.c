/* A throwaway PostgreSQL server for a test process (see pgserver.h): the
 * product's launcher (pglocal.c) and the superuser helpers tests use. */
#include "pgserver.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/pglocal.h"
#include "testutil.h"

static pglocal *pg;
static bool started;
static char kept_dir[512];

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
        return PGSERVER_SKIP;
    }
    int64_t t0 = tu_mono_ms();
    if (pglocal_start(NULL, &pg, &err)) {
        printf("# pgserver: %s\n", err.msg);
        pg = NULL;
        return PGSERVER_FAIL;
    }
    atexit(stop_at_exit);
    printf("# PostgreSQL up in %lld ms at %s%s\n",
           (long long)(tu_mono_ms() - t0), pglocal_dir(pg),
           geteuid() == 0 ? " (as nobody)" : "");
    fflush(stdout);
    return PGSERVER_OK;
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

const char *pgserver_conninfo(const char *dbname)
{
    return pgserver_conninfo_as(dbname, NULL, NULL);
}

int pgserver_exec(const char *dbname, const char *sql)
{
    PGconn *c = PQconnectdb(pgserver_conninfo(dbname));
    int rc = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
            rc = 0;
        else
            printf("# %s: %s", sql, PQerrorMessage(c));
        PQclear(r);
    } else {
        printf("# connecting to %s: %s", dbname, PQerrorMessage(c));
    }
    PQfinish(c);
    return rc;
}

long long pgserver_int(const char *dbname, const char *sql)
{
    PGconn *c = PQconnectdb(pgserver_conninfo(dbname));
    long long v = -1;
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 &&
        !PQgetisnull(r, 0, 0))
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else
        printf("# %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
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
    pglocal_halt(pg);
    return PGSERVER_OK;
}

int pgserver_resume(void)
{
    struct ck_error err = {0};
    if (!pg)
        return PGSERVER_FAIL;
    if (pglocal_resume(pg, &err)) {
        printf("# pgserver: %s\n", err.msg);
        return PGSERVER_FAIL;
    }
    return PGSERVER_OK;
}

void pgserver_stop(void)
{
    if (!pg)
        return;
    bool keep = tu_failures > 0;
    snprintf(kept_dir, sizeof(kept_dir), "%s", pglocal_dir(pg));
    pglocal_stop(pg, keep);
    pg = NULL;
    if (keep)
        printf("# PostgreSQL's folder kept: %s\n", kept_dir);
}
