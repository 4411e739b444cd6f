/* A throwaway PostgreSQL server for one test process: the product's
 * launcher (pglocal/, checkin/pglocal.h: initdb and the postmaster from
 * Debian's postgresql-15, data and Unix socket in a fresh private folder,
 * no TCP port, SCRAM for every role, run as `nobody` when the test runs
 * as root), with what tests add: a skip when the server is not installed,
 * superuser helpers, and the folder kept with its log when a test failed.
 *
 * The server is this process's child, started with a parent-death
 * signal, so it stops when the test ends however it ends: at exit, on a
 * fatal signal and, through the kernel, even when the test is killed with
 * SIGKILL.
 *
 * The cluster is a copy of a template initdb made once per build tree
 * (pglocal_options.template_dir: BUILD/pg-template, made by the first
 * test process that needs it, again when the PostgreSQL binaries
 * change), a fifth of initdb's CPU; CHECKIN_PG_TEMPLATE=DIR names
 * another folder, CHECKIN_PG_TEMPLATE= (empty) runs initdb for each.
 *
 * Tests that need a server call pgserver_start() first and exit 77 (ctest:
 * skipped, never passed) when it returns PGSERVER_SKIP. */
#ifndef CHECKIN_TEST_PGSERVER_H
#define CHECKIN_TEST_PGSERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum { PGSERVER_OK = 0, PGSERVER_FAIL = -1, PGSERVER_SKIP = 77 };

/* Start the server (once per process; later calls return at once).
 * PGSERVER_SKIP when the PostgreSQL server programs are not installed
 * (with a line saying so on stdout), PGSERVER_FAIL with the server's log
 * printed. */
int pgserver_start(void);

struct tu_case;
/* A test program's main with a server: pgserver_start(), then tu_run()
 * of `cases`; 77 when the server is not installed, 1 (with a TAP line)
 * when it did not start. */
int pgserver_main(const struct tu_case *cases, size_t n, int argc, char **argv);

/* Before pgserver_start: the server runs with PostgreSQL's defaults,
 * every commit flushed (fsync and full page writes on), as a hub an
 * organizer installs; the benches' figures are taken on it. */
void pgserver_durable(void);

/* On a durable server: `on` false turns fsync and full page writes off
 * (ALTER SYSTEM and a reload, returning once a new session sees it), true
 * puts PostgreSQL's defaults back.  0 on success; -1 on a throwaway
 * server asked to flush, or when the settings could not be changed. */
int pgserver_flush(bool on);

/* A libpq connection string for database `dbname` as the superuser
 * `postgres` (with its password).  Lives until the next 16 calls. */
const char *pgserver_conninfo(const char *dbname);

/* The same for any role and password (a station's). */
const char *pgserver_conninfo_as(const char *dbname, const char *user,
                                 const char *password);

/* CREATE DATABASE `name` (a plain identifier); 0 on success. */
int pgserver_createdb(const char *name);

/* Run one SQL statement (no results) as the superuser in `dbname`; 0 on
 * success, else the error is printed. */
int pgserver_exec(const char *dbname, const char *sql);

/* The first column of the first row of `sql`, as a number (-1 on error). */
long long pgserver_int(const char *dbname, const char *sql);

/* The postmaster's pid, or 0 when not running. */
pid_t pgserver_pid(void);

/* The folder holding the data directory and the socket. */
const char *pgserver_dir(void);

/* Stop the server now (immediate shutdown) and remove its folder, unless
 * a test failed (then the folder and its log are kept and named).  Runs
 * at exit by itself; harmless when nothing runs. */
void pgserver_stop(void);

/* The hub's machine losing power: stop the server at once (SIGQUIT,
 * PostgreSQL's immediate shutdown), keeping its data; pgserver_resume
 * starts it again on the same socket and waits until it answers. */
int pgserver_halt(void);
int pgserver_resume(void);

/* The hub's server killed outright (`kill -9` of the postmaster and of
 * every backend: no shutdown, no checkpoint), keeping its data;
 * pgserver_resume starts it again and it recovers from its WAL.  Returns
 * once every process of it has ended. */
int pgserver_kill(void);

/* The hub stalled: while `frozen`, every process of the server is stopped
 * (SIGSTOP), so the kernel still accepts connections and holds their
 * bytes and nothing answers, as on a machine swapping to death; false
 * lets them go on (SIGCONT).  Nothing is closed either way. */
int pgserver_freeze(bool frozen);

#endif
