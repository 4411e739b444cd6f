/* libpq with sentences: connecting to the hub and running statements on
 * it.  Not for building SQL from data: every value goes as a parameter. */
#include "pg.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/util.h"

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

/* Connection settings of our own, given before the caller's string so that
 * its own settings win: a dead peer (a cable pulled, a relay that stops
 * forwarding) is noticed within seconds rather than the kernel's hours. */
static const char *const KEYS[] = {
    "connect_timeout",     "keepalives",       "keepalives_idle",
    "keepalives_interval", "keepalives_count", "tcp_user_timeout",
    "application_name",    "dbname",           NULL};
static const char *const VALUES[] = {"10", "1",     "5",       "2",
                                     "3",  "10000", "checkin", NULL};

int pg_connect(const char *conninfo, const char *who, PGconn **out,
               struct ck_error *err)
{
    return pg_connect_until(conninfo, who, -1, 15000, out, err);
}

int pg_connect_until(const char *conninfo, const char *who, int wake_fd,
                     int timeout_ms, PGconn **out, struct ck_error *err)
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
    const char *values[sizeof(VALUES) / sizeof(VALUES[0])];
    memcpy(values, VALUES, sizeof(values));
    values[7] = conninfo; /* "dbname", expanded */
    PGconn *c = PQconnectStartParams(KEYS, values, 1);
    if (!c)
        return ck_fail(err, CK_ENOMEM, "Out of memory connecting to %s.", who);
    /* libpq's asynchronous connect, so that `wake_fd` can end the wait
     * (a station quitting does not wait for an unreachable hub). */
    int64_t deadline = util_mono_ms() + timeout_ms;
    PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
    bool woken = false, late = false;
    while (PQstatus(c) != CONNECTION_BAD && ps != PGRES_POLLING_OK &&
           ps != PGRES_POLLING_FAILED) {
        struct pollfd p[2] = {
            {PQsocket(c), ps == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0},
            {wake_fd, POLLIN, 0}};
        int64_t left = deadline - util_mono_ms();
        if (left <= 0) {
            late = true;
            break;
        }
        int n = poll(p, wake_fd >= 0 ? 2 : 1, (int)left);
        if (n < 0 && errno != EINTR)
            break;
        if (n > 0 && wake_fd >= 0 && p[1].revents) {
            woken = true;
            break;
        }
        if (n > 0)
            ps = PQconnectPoll(c);
    }
    if (woken) {
        PQfinish(c);
        return ck_fail(err, CK_EBUSY, "Stopped before %s answered.", who);
    }
    if (late || PQstatus(c) != CONNECTION_OK) {
        char line[256], where[256];
        if (late)
            snprintf(line, sizeof(line), "no answer within %d s",
                     timeout_ms / 1000);
        else
            first_line(PQerrorMessage(c), line, sizeof(line));
        pg_where(c, where, sizeof(where));
        PQfinish(c);
        if (strstr(line, "is not permitted to log in"))
            return ck_fail(err, CK_EINVAL,
                           "The hub (%s) no longer lets this station in: the "
                           "organizer retired it ('checkin hub "
                           "retire-station'). It goes on deciding from its "
                           "own file, but nothing reaches the hub; ask the "
                           "organizer for a new station file "
                           "('checkin hub add-station').",
                           where);
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
