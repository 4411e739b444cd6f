/* pg/: talking to a PostgreSQL server (the hub) through libpq, with
 * every failure turned into one sentence.  Nothing here knows the schema;
 * messages never show a connection string (it holds a password), only the
 * host and database libpq reports. */
#ifndef CHECKIN_PG_H
#define CHECKIN_PG_H

#include <libpq-fe.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "checkin/error.h"

/* Connect with `conninfo` (a libpq connection string or URI) and check
 * the server is PostgreSQL 13 or newer (xid8 and pg_current_snapshot).
 * Its messages name the connection "the hub".  Every connection
 * carries TCP keepalives, a TCP user timeout (10 s), a server-side
 * statement timeout and a check that ends the server's work for a client
 * gone; pg_connect's statement timeout is PG_COMMAND_STATEMENT_MS.  On
 * success *out owns the connection; PQfinish it. */
int pg_connect(const char *conninfo, PGconn **out /* out */,
               struct ck_error *err) CK_MUST_CHECK;

/* The same, giving up after `timeout_ms` (CK_EBUSY), or as soon as the
 * thread's limits (pg_limit_thread) say it is stopping, with a statement
 * timeout of `statement_ms` on the server. */
int pg_connect_until(const char *conninfo, int timeout_ms, int statement_ms,
                     PGconn **out /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* Whether the calling thread's last pg_connect or pg_connect_until failed
 * because the hub refused its password (SQLSTATE 28P01), as PostgreSQL
 * answers a role that no longer exists as well as a wrong password; a hub
 * not reached, and any other refusal, is not that. */
bool pg_login_refused(void);

/* The longest a statement of a command (`checkin sync`, `hub ...`) may run
 * on the hub: the largest ones, a first pull of 100,000 registrations or
 * a batch of 1,000 of them published, take seconds on a hub in the
 * same room; a minute is twenty times the longest seen (docs/sync.md,
 * "Figures"). */
enum { PG_COMMAND_STATEMENT_MS = 60000 };

/* How long statements run from this thread wait for the hub: pg_exec,
 * pg_query, pg_rollback and the setup in pg_connect_until send the
 * statement and wait with poll() on the connection's socket, never in a
 * blocking libpq call.  A wait ends, and the connection is closed
 * (PQstatus CONNECTION_BAD, CK_EBUSY with a sentence), when the hub sent
 * nothing for `silence_ms` or when `*stop_by` (a util_mono_ms time; 0:
 * none; may be set by another thread) has passed.  A byte on `wake_fd`
 * (-1: none) makes the wait look at *stop_by again; it is read off. */
struct pg_limits {
    int wake_fd;
    int silence_ms;
    _Atomic int64_t *stop_by; /* NULL: none */
};

/* The limits for this thread's statements, until changed (`l` is used,
 * not copied: it must outlive them).  NULL, and a thread that never
 * called this: no stop_by, no wake_fd, and a silence of
 * PG_COMMAND_STATEMENT_MS + 5 s (the server's statement timeout says it
 * first). */
void pg_limit_thread(const struct pg_limits *l);

/* A sentence for a failed statement (`r` may be NULL) while doing `what`
 * (an English phrase, kept in the sentence's closing detail with
 * PostgreSQL's own words, "(publishing the registrations: ...)"):
 * CK_EBUSY for a lost connection (try again), CK_EINVAL for a refusal
 * (permissions, constraints).  Clears `r`. */
int pg_fail(PGconn *c, PGresult *r, const char *what, struct ck_error *err);

/* Whether the calling thread's last pg_fail was PostgreSQL breaking off a
 * transaction that deadlocked or conflicted with another (40P01, 40001):
 * the same transaction, run again, may well succeed. */
bool pg_failed_on_conflict(void);

/* Run fixed SQL (no parameters, no rows wanted; several statements
 * separated by semicolons, or none: "" asks only that the hub answers). */
int pg_exec(PGconn *c, const char *sql, const char *what,
            struct ck_error *err) CK_MUST_CHECK;

/* From now on, `c` keeps each statement pg_query and pg_query_send run
 * more than once prepared (PQprepare at its second run, named on `c`
 * alone): the hub parses and rewrites it (row-level policies, views)
 * once, and plans it once as soon as PostgreSQL finds a generic plan as
 * cheap as the ones it makes for each run.  For a connection that runs
 * the same statements again and again (the live worker's): a statement
 * run once costs nothing more, one run twice a round trip more, once.
 * The statements go with the connection: a new one (after a reconnect)
 * prepares them again.  A prepared statement the hub no longer takes as
 * it is (a view's columns changed by an upgrade: SQLSTATE 0A000; or
 * gone: 26000) is forgotten, and run again at once when no transaction
 * was open, else at the caller's next try.  At most PG_PREPARED_MAX
 * statements are kept; any more run unprepared. */
int pg_keep_prepared(PGconn *c, struct ck_error *err) CK_MUST_CHECK;

/* More distinct statements than a sync sends (about 40 for a desk; each
 * format's, and a pull's start, which names the tables it reads). */
enum { PG_PREPARED_MAX = 256 };

/* Row `row`'s column `col` of `r`, made safe to print on a terminal
 * (text_for_terminal), into `out` of `cap` bytes. */
void pg_cell_for_terminal(const PGresult *r, int row, int col, char *out,
                          size_t cap);

/* Run `sql` with `n` text parameters; *out (rows or none) is the
 * caller's to PQclear. */
int pg_query(PGconn *c, const char *sql, int n, const char *const *params,
             PGresult **out /* out */, const char *what,
             struct ck_error *err) CK_MUST_CHECK;

/* pg_query in two halves, so that the caller works while the hub runs
 * the statement: pg_query_send sends it whole (within the thread's
 * limits) and returns; pg_query_end waits for its result as pg_query.
 * Between them nothing else may be sent on `c`; after a successful send,
 * pg_query_end must be called, also when the caller gives up. */
int pg_query_send(PGconn *c, const char *sql, int n, const char *const *params,
                  const char *what, struct ck_error *err) CK_MUST_CHECK;
int pg_query_end(PGconn *c, PGresult **out /* out */, const char *what,
                 struct ck_error *err) CK_MUST_CHECK;

/* A statement of a pipeline: `sql` with `n` text parameters. */
struct pg_statement {
    const char *sql;
    int n;
    const char *const *params;
};

enum { PG_PIPELINE_MAX = 8 };

/* Run `n` statements (at most PG_PIPELINE_MAX) in one round trip, as
 * libpq's pipeline mode sends them, each prepared as pg_query would:
 * out[k] (the caller PQclears each) is statement k's result.  When one
 * fails, the ones after it are not run, every out[k] is NULL and err
 * says why; a transaction the statements opened is left for the caller
 * to roll back. */
int pg_pipeline(PGconn *c, size_t n, const struct pg_statement *st,
                PGresult **out /* out */, const char *what,
                struct ck_error *err) CK_MUST_CHECK;

/* One row of COPY's text format as the hub sent it (`len` bytes, the
 * newline included, not NUL-terminated): a CK_E* code stops taking rows
 * (those left are read and dropped) and is pg_copy_out's answer. */
typedef int (*pg_copy_row_fn)(void *arg, const char *line, size_t len,
                              struct ck_error *err);

/* Run `sql`, a COPY ... TO STDOUT, handing each row to `row` as it
 * arrives, within the thread's limits as pg_exec.  COPY takes no
 * parameters: `sql` carries its values as literals quoted by libpq
 * (PQescapeLiteral). */
int pg_copy_out(PGconn *c, const char *sql, pg_copy_row_fn row, void *arg,
                const char *what, struct ck_error *err) CK_MUST_CHECK;

/* The next part of COPY's text-format input: *data and *len (0 at the
 * end), valid until the next call; a CK_E* code stops the COPY (the hub
 * keeps none of its rows) and is pg_copy_in's answer. */
typedef int (*pg_copy_next_fn)(void *arg, const char **data, size_t *len,
                               struct ck_error *err);

/* Run `sql`, a COPY ... FROM STDIN, sending what `next` gives until it
 * gives nothing more, within the thread's limits as pg_exec. */
int pg_copy_in(PGconn *c, const char *sql, pg_copy_next_fn next, void *arg,
               const char *what, struct ck_error *err) CK_MUST_CHECK;

/* A batch of rows pg_copy_batches read, as pg_query's result; it is
 * cleared when this returns.  A CK_E* code stops the COPY (the rows left
 * are read and dropped) and is pg_copy_batches's answer. */
typedef int (*pg_copy_batch_fn)(void *arg, PGresult *r, struct ck_error *err);

/* Read `sql` ($1 ... $n, n at most 2: `params`, quoted by libpq into the
 * COPY's text) from the hub by COPY, handing its rows to `batch` `rows`
 * at a time as they arrive (the last batch may hold fewer; a table of no
 * row calls it never): for tables read whole (pg_copy.c).  The last batch
 * is handed over only once the COPY has ended well; the caller undoes
 * what it did with the earlier ones when this fails. */
int pg_copy_batches(PGconn *pg, const char *sql, const char *const *params,
                    int n, int rows, pg_copy_batch_fn batch, void *arg,
                    const char *what, struct ck_error *err) CK_MUST_CHECK;

/* ROLLBACK, ignoring errors (the connection may be gone). */
void pg_rollback(PGconn *c);

/* The statements of one transaction (pg_transact). */
typedef int (*pg_tx_body)(PGconn *pg, void *arg, struct ck_error *err);

/* Run `body` in one transaction: BEGIN, the body, COMMIT, or ROLLBACK at
 * its first failure.  When PostgreSQL broke it off on a conflict with
 * another session (a deadlock, pg_failed_on_conflict), nothing of it was
 * kept and it is run again, `tries` times at most. */
int pg_transact(PGconn *pg, int tries, pg_tx_body body, void *arg,
                const char *what, struct ck_error *err) CK_MUST_CHECK;

/* Where `c` is connected, for messages in any language: "hub@/tmp/x:5432"
 * (the database, @, the host or socket folder and the port). */
const char *pg_where(PGconn *c, char *buf, size_t cap);

#endif
