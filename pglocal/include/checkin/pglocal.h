/* A throwaway PostgreSQL server on this machine, for `checkin demo
 * --stations` and the tests: initdb and the postmaster from Debian's
 * postgresql-15 (`/usr/lib/postgresql/15/bin`), a fresh cluster (or a
 * copy of a template cluster, pglocal_options.template_dir) in a
 * private 0700 folder under $TMPDIR (or /tmp), listening only on a Unix
 * socket in that folder (no TCP), password (SCRAM) authentication for
 * every role, the superuser's password random.  Not for a real event's
 * hub: everything goes away when it stops, and unless
 * pglocal_options.durable nothing is flushed to disk (fsync and full page
 * writes off).
 *
 * initdb refuses to run as root: then initdb and the server run as
 * `nobody`, in a folder that user owns.  The server is the calling
 * process's child, started with a parent-death signal (SIGQUIT, an
 * immediate shutdown), so it never outlives that process, even one killed
 * with SIGKILL.  It is stopped and its folder removed by pglocal_stop, at
 * exit, and on SIGINT, SIGTERM or SIGHUP (then the signal's earlier
 * disposition is restored and the signal raised again); on SIGABRT,
 * SIGSEGV or SIGBUS it is stopped and its folder, with the server's log,
 * kept.  One server per process; start it from the main thread (the
 * parent-death signal follows the thread that started it).
 *
 * CHECKIN_PG_BINDIR, when set, names the folder holding initdb and
 * postgres instead (another PostgreSQL version, or an empty folder to see
 * what happens when the server is not installed). */
#ifndef CHECKIN_PGLOCAL_H
#define CHECKIN_PGLOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "checkin/error.h"

#define PGLOCAL_BINDIR "/usr/lib/postgresql/15/bin"
#define PGLOCAL_PORT "5432" /* in the socket's name only: no TCP port */

typedef struct pglocal pglocal;

struct pglocal_options {
    const char *bindir;  /* NULL: pglocal_bindir() */
    int max_connections; /* 0: 80 */
    /* NULL: a fresh cluster by initdb.  Else a folder (its parent must
     * exist) that keeps one cluster initdb made, with its superuser's
     * password, for later starts to copy instead of running initdb
     * again: made at the first start, and made again when it is missing,
     * half made, or not from the same binaries (each one's inode, size
     * and time), options or user.  A lock file beside it (NAME.lock)
     * lets one process make it while the others wait; all servers copied
     * from it share the superuser's password. */
    const char *template_dir;
    /* PostgreSQL's defaults, as the hub an organizer installs runs:
     * every commit flushed (fsync on, full page writes on), so that its
     * figures are a real hub's.  False: a throwaway server that never
     * waits for its disk (the tests).  Durable, ALTER SYSTEM can turn
     * both off on the running server (the benches compare the two). */
    bool durable;
};

/* How a server's start went, for the tests' figures. */
struct pglocal_times {
    long long cluster_ms;     /* the data folder, by initdb or a copy */
    long long cluster_cpu_ms; /* of initdb's or cp's process */
    long long server_ms;      /* the postmaster started until it answered */
    bool copied;              /* the data folder is the template's copy */
};

/* $CHECKIN_PG_BINDIR when set and not empty, else PGLOCAL_BINDIR. */
const char *pglocal_bindir(void);

/* CK_OK when `bindir` holds the server's programs (initdb, postgres);
 * else CK_ENOTFOUND and one sentence saying what to install. */
int pglocal_check(const char *bindir, struct ck_error *err) CK_MUST_CHECK;

/* Make the cluster and start the server; returns once it answers
 * (*out then owned by the caller until pglocal_stop).  CK_ENOTFOUND as
 * pglocal_check; CK_EBUSY when this process runs one already; other
 * errors name the step and the last line of the server's log, and leave
 * nothing behind. */
int pglocal_start(const struct pglocal_options *o, pglocal **out /* out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* A libpq connection string for database `dbname` as `user` with
 * `password`, or (user NULL) as the superuser `postgres`, into `out`. */
void pglocal_conninfo(const pglocal *pg, const char *dbname, const char *user,
                      const char *password, char *out, size_t cap);

/* The private folder: data/, the socket, the server's log (`log`). */
const char *pglocal_dir(const pglocal *pg);

/* How its start went (pglocal_times above). */
void pglocal_start_times(const pglocal *pg,
                         struct pglocal_times *out /* out */);

/* The postmaster's pid; 0 while halted. */
pid_t pglocal_pid(const pglocal *pg);

/* The hub's machine losing power: stop the server at once (SIGQUIT),
 * keeping its data; pglocal_resume starts it again on the same socket
 * and returns once it answers. */
void pglocal_halt(pglocal *pg);
int pglocal_resume(pglocal *pg, struct ck_error *err) CK_MUST_CHECK;

/* Stop the server (immediate shutdown) and remove its folder, unless
 * `keep` (then the folder and its log stay).  NULL is fine; so is a
 * second call.  Only the process that started it stops it. */
void pglocal_stop(pglocal *pg, bool keep);

#endif
