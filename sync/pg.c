/* libpq with sentences: connecting to the hub and running statements on
 * it.  Not for building SQL from data: every value goes as a parameter. */
#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pg_where(PGconn *c, char *buf, size_t cap)
{
    const char *host = c ? PQhost(c) : NULL;
    const char *port = c ? PQport(c) : NULL;
    const char *db = c ? PQdb(c) : NULL;
    snprintf(buf, cap, "database %s on %s%s%s", db && *db ? db : "?",
             host && *host ? host : "the local socket",
             port && *port ? ":" : "", port && *port ? port : "");
    return buf;
}

/* The first line of libpq's message, without "ERROR:  " or a newline. */
static void first_line(const char *msg, char *out, size_t cap)
{
    if (!msg)
        msg = "";
    if (!strncmp(msg, "ERROR:  ", 8))
        msg += 8;
    size_t n = strcspn(msg, "\n");
    while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '.'))
        n--;
    snprintf(out, cap, "%.*s", (int)n, msg);
}

int pg_connect(const char *conninfo, const char *who, PGconn **out,
               struct ck_error *err)
{
    *out = NULL;
    char *parse_err = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &parse_err);
    if (!opts) {
        char line[256];
        first_line(parse_err, line, sizeof(line));
        PQfreemem(parse_err);
        return ck_fail(err, CK_EINVAL,
                       "The connection string for %s is not one libpq "
                       "reads (%s); give it as 'host=HOST dbname=NAME "
                       "user=USER' or 'postgresql://USER@HOST/NAME'.",
                       who, line);
    }
    PQconninfoFree(opts);
    PGconn *c = PQconnectdb(conninfo);
    if (!c)
        return ck_fail(err, CK_ENOMEM, "Out of memory connecting to %s.", who);
    if (PQstatus(c) != CONNECTION_OK) {
        char line[256], where[256];
        first_line(PQerrorMessage(c), line, sizeof(line));
        pg_where(c, where, sizeof(where));
        PQfinish(c);
        return ck_fail(err, CK_EBUSY,
                       "Cannot connect to %s (%s): %s; check the network, "
                       "that its PostgreSQL runs and the credentials, then "
                       "try again.",
                       who, where, line);
    }
    if (PQserverVersion(c) < 130000) {
        char where[256];
        pg_where(c, where, sizeof(where));
        PQfinish(c);
        return ck_fail(err, CK_EVERSION,
                       "%s (%s) runs a PostgreSQL older than 13; a hub needs "
                       "13 or newer (Debian 12 ships 15).",
                       who, where);
    }
    PGresult *r = PQexec(c, "SET search_path = pg_catalog, checkin");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        int code = pg_fail(c, r, "setting up the connection", err);
        PQfinish(c);
        return code;
    }
    PQclear(r);
    *out = c;
    return CK_OK;
}

int pg_fail(PGconn *c, PGresult *r, const char *what, struct ck_error *err)
{
    char line[300], where[256];
    const char *msg = r ? PQresultErrorMessage(r) : NULL;
    if (!msg || !*msg)
        msg = PQerrorMessage(c);
    first_line(msg, line, sizeof(line));
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    pg_where(c, where, sizeof(where));
    int code;
    if (PQstatus(c) != CONNECTION_OK) {
        code = ck_fail(err, CK_EBUSY,
                       "The connection to the hub (%s) was lost while %s "
                       "(%s); nothing half-done was kept: run the command "
                       "again.",
                       where, what, line);
    } else if (state && !strcmp(state, "42501")) {
        code = ck_fail(err, CK_EINVAL,
                       "The hub (%s) refused %s: %s; this station's role "
                       "may not do that (check its --station kind, or "
                       "enroll it again with 'checkin hub add-station').",
                       where, what, line);
    } else {
        code = ck_fail(err, CK_EINVAL,
                       "The hub (%s) refused %s: %s; nothing of it was "
                       "kept.",
                       where, what, line);
    }
    PQclear(r);
    return code;
}

int pg_exec(PGconn *c, const char *sql, const char *what, struct ck_error *err)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        return pg_fail(c, r, what, err);
    PQclear(r);
    return CK_OK;
}

int pg_query(PGconn *c, const char *sql, int n, const char *const *params,
             PGresult **out, const char *what, struct ck_error *err)
{
    *out = NULL;
    PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        return pg_fail(c, r, what, err);
    *out = r;
    return CK_OK;
}

void pg_rollback(PGconn *c)
{
    PQclear(PQexec(c, "ROLLBACK"));
}
