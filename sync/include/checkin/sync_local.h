/* sync/'s, and hub/'s above it: the SQLite side of sync, in an event
 * database or a station file.  store_open checks and migrates the file first;
 * sync then keeps a connection of its own to it (SQLite's connections share a
 * file freely, docs/store.md), with the same settings, and its own tables:
 *
 *   sync_hub     the hub this file syncs with: connection string (with
 *                this file's credentials), role, station identity
 *   sync_cursor  per pulled table, the hub's safe horizon reached
 *   sync_run     journal runs (station_id): pulled from the hub (own = 0)
 *                or written here and pushed up to pushed_seq (own = 1)
 *   sync_lead    the version of each own lead the hub holds
 *   sync_badge   badges the hub holds (pushed or pulled)
 *   sync_job     the state of each own print job the hub holds
 *   sync_reg     the organizer's registrations as last published (digest)
 *
 * made with CREATE TABLE IF NOT EXISTS (not a schema version: a file
 * without them is simply not enrolled).  docs/sync.md describes them. */
#ifndef CHECKIN_SYNC_LOCAL_H
#define CHECKIN_SYNC_LOCAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

struct local {
    store *s;     /* checked and migrated by store_open */
    sqlite3 *db;  /* sync's own connection to the same file */
    store *on_db; /* the rooms' functions on `db`, inside its transactions */
    const char *path;
    /* A station file `hub add-station` is making, at its temporary name
     * (`path` is the name it is published at): nobody has it yet, so its
     * first pull may hold the lock and leave the flushing to the
     * publishing (pull.c). */
    bool new_station;
    /* Statements kept prepared for the life of `db` (local_kept),
     * finalized by local_close. */
    struct local_kept *kept;
    size_t nkept, kept_cap;
    /* The hub's format as this connection last noted it in the file
     * (sync.c, note_format); 0: not yet. */
    int format_noted;
    /* The live sync worker's inotify watch on the file (worker.c), -1:
     * none.  Emptied after each commit of this connection (local_commit),
     * whose own writes it would announce as another's; `drained`: it
     * was, since the worker last looked. */
    int own_watch;
    bool drained;
};

/* Open `path` (must exist; CK_ENOTFOUND otherwise); with `make_tables`
 * (enrolling it), make the sync tables if missing.  Without, a file never
 * enrolled is left as it is: local_hub says it is not enrolled. */
int local_open(const char *path, bool make_tables, struct local *out /* out */,
               struct ck_error *err) CK_MUST_CHECK;
/* The same for a file this process already opened through the store (and
 * so checked): the live sync worker's second connection (STORE_CHECKED). */
int local_open_checked(const char *path, struct local *out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;
/* The same, its quick_check run on a thread beside the caller's work
 * (STORE_CHECK_BESIDE): store_check_wait(out->s) says what it found. */
int local_open_beside(const char *path, struct local *out /* out */,
                      struct ck_error *err) CK_MUST_CHECK;
/* The same for the file `hub add-station` is making, before it is put in
 * place (STORE_UNPUBLISHED): its pages are written once, unflushed, with
 * the rollback journal in memory; local_publishable makes it WAL again
 * once it is closed. */
int local_open_unpublished(const char *path, struct local *out /* out */,
                           struct ck_error *err) CK_MUST_CHECK;
/* The same, with the sync tables made, while `hub add-station` writes
 * the event description, the hub credentials and a desk's key pair into
 * the file it has just made (store_open with STORE_CREATE and
 * STORE_UNPUBLISHED): the file is this command's own from its first
 * byte, so it is not read whole again (STORE_CHECKED), and none of these
 * writes is flushed: the publishing syncs the file once. */
int local_open_new(const char *path, struct local *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;
/* Make the file at `path` local_open_unpublished opened (closed since) a
 * WAL file again, as every station file is; its flush is left to its
 * publishing.  `shown`: its name once published, for the sentence. */
int local_publishable(const char *path, const char *shown,
                      struct ck_error *err) CK_MUST_CHECK;
void local_close(struct local *l);

/* A sentence for SQLite error `rc` while doing `what`. */
int local_fail(struct local *l, int rc, const char *what, struct ck_error *err);

/* Fixed SQL, no parameters. */
int local_exec(struct local *l, const char *sql, const char *what,
               struct ck_error *err) CK_MUST_CHECK;

int local_begin(struct local *l, struct ck_error *err) CK_MUST_CHECK;
int local_commit(struct local *l, struct ck_error *err) CK_MUST_CHECK;
void local_rollback(struct local *l);

/* Prepare fixed SQL; *st is NULL on failure. */
int local_prepare(struct local *l, const char *sql, sqlite3_stmt **st,
                  const char *what, struct ck_error *err) CK_MUST_CHECK;

/* `n` statement slots kept for the life of `l`'s connection, the same
 * slots for the same `key` (the address of the caller's own static SQL or
 * table row) at each call: NULL where nothing is prepared yet, which the
 * caller fills with local_prepare_kept and resets after each use
 * (local_kept_rest).  Finalized by local_close; SQLite prepares one
 * again by itself after a change of the schema or of a pragma that
 * changes its code.  NULL when out of memory, or when `key` was given
 * fewer slots before. */
sqlite3_stmt **local_kept(struct local *l, const void *key, size_t n);
/* Prepare fixed SQL into a slot of local_kept's (*st is NULL on
 * failure). */
int local_prepare_kept(struct local *l, const char *sql, sqlite3_stmt **st,
                       const char *what, struct ck_error *err) CK_MUST_CHECK;
/* The statement of fixed SQL `sql`, a static string whose address is
 * its key, prepared at its first use and kept (local_kept); the caller
 * resets it after each use. */
int local_statement(struct local *l, const char *sql, sqlite3_stmt **q,
                    const char *what, struct ck_error *err) CK_MUST_CHECK;
/* The kept statements of `st` (n slots) reset, their bindings cleared:
 * a statement kept holds no read of the file and no caller's memory. */
void local_kept_rest(sqlite3_stmt **st, size_t n);

/* Step a statement that returns no row, then reset it. */
int local_done(struct local *l, sqlite3_stmt *st, const char *what,
               struct ck_error *err) CK_MUST_CHECK;

/* The SQL that makes the sync tables (IF NOT EXISTS). */
extern const char LOCAL_TABLES[];

/* What sync_hub says; *enrolled false if the file has no hub. */
struct local_hub {
    bool enrolled;
    char conninfo[2048];
    char role[80]; /* organizer, desk, door:SLUG, leads:SPONSOR */
    char station_uid[40];
    char name[64];
    char event_uid[64];
};
int local_hub(struct local *l, struct local_hub *out /* out */,
              struct ck_error *err) CK_MUST_CHECK;

/* The slugs `sql` reads (one column), ", " between, sorted as it sorts
 * them, into `out` (cut short at `cap`; "" for none): what an error naming
 * an unknown slug lists, so the reader need not look elsewhere. */
void local_slugs_text(struct local *l, const char *sql, char *out, size_t cap);

/* The event's identity and slug from the file's event row. */
int local_event(struct local *l, char *uid, size_t uid_cap, char *slug,
                size_t slug_cap, char *name, size_t name_cap,
                struct ck_error *err) CK_MUST_CHECK;

#endif
