/* Private to sync/: talking to the hub's PostgreSQL through libpq, with
 * every failure turned into one sentence.  Nothing here knows the schema;
 * messages never show a connection string (it holds a password), only the
 * host and database libpq reports. */
#ifndef CHECKIN_SYNC_PG_H
#define CHECKIN_SYNC_PG_H

#include <libpq-fe.h>

#include "checkin/error.h"

/* Connect with `conninfo` (a libpq connection string or URI) and check
 * the server is PostgreSQL 13 or newer (xid8 and pg_current_snapshot).
 * `who` names the connection in messages ("the hub").  On success *out
 * owns the connection; PQfinish it. */
int pg_connect(const char *conninfo, const char *who, PGconn **out /* out */,
               struct ck_error *err) CK_MUST_CHECK;

/* The same, giving up after `timeout_ms` or as soon as `wake_fd` (-1:
 * none) is readable (CK_EBUSY either way). */
int pg_connect_until(const char *conninfo, const char *who, int wake_fd,
                     int timeout_ms, PGconn **out /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* A sentence for a failed statement (`r` may be NULL) while doing `what`:
 * CK_EBUSY for a lost connection (try again), CK_EINVAL for a refusal
 * (permissions, constraints).  Clears `r`. */
int pg_fail(PGconn *c, PGresult *r, const char *what, struct ck_error *err);

/* Run fixed SQL (no parameters, no rows wanted). */
int pg_exec(PGconn *c, const char *sql, const char *what,
            struct ck_error *err) CK_MUST_CHECK;

/* Run `sql` with `n` text parameters; *out (rows or none) is the
 * caller's to PQclear. */
int pg_query(PGconn *c, const char *sql, int n, const char *const *params,
             PGresult **out /* out */, const char *what,
             struct ck_error *err) CK_MUST_CHECK;

/* ROLLBACK, ignoring errors (the connection may be gone). */
void pg_rollback(PGconn *c);

/* Where `c` is connected, for messages: "database hub on /tmp/x:5432". */
const char *pg_where(PGconn *c, char *buf, size_t cap);

#endif
