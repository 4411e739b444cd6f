/* The SQLite side of sync (see local.h): sync's own connection to an event
 * database or station file, and the sync_* tables. */
#include "checkin/i18n.h"
#include "checkin/sync_local.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "checkin/vec.h"

const char LOCAL_TABLES[] = "CREATE TABLE IF NOT EXISTS sync_hub ("
                            "  id INTEGER PRIMARY KEY CHECK (id = 1),"
                            "  conninfo TEXT NOT NULL,"
                            "  role TEXT NOT NULL,"
                            "  station_uid TEXT NOT NULL,"
                            "  name TEXT NOT NULL,"
                            "  event_uid TEXT NOT NULL,"
                            "  enrolled_ms INTEGER NOT NULL"
                            ");"
                            "CREATE TABLE IF NOT EXISTS sync_cursor ("
                            "  tbl TEXT PRIMARY KEY,"
                            "  horizon TEXT NOT NULL," /* xid8, decimal */
                            "  pulled_ms INTEGER NOT NULL"
                            ");"
                            "CREATE TABLE IF NOT EXISTS sync_run ("
                            "  station_id TEXT PRIMARY KEY,"
                            "  own INTEGER NOT NULL CHECK (own IN (0,1)),"
                            "  pushed_seq INTEGER NOT NULL DEFAULT 0"
                            ") WITHOUT ROWID;"
                            "CREATE TABLE IF NOT EXISTS sync_lead ("
                            "  station_id TEXT NOT NULL,"
                            "  seq INTEGER NOT NULL,"
                            "  version INTEGER NOT NULL,"
                            "  PRIMARY KEY (station_id, seq)"
                            ") WITHOUT ROWID;"
                            "CREATE TABLE IF NOT EXISTS sync_badge ("
                            "  badge_id BLOB PRIMARY KEY"
                            ") WITHOUT ROWID;"
                            "CREATE TABLE IF NOT EXISTS sync_job ("
                            "  job_id INTEGER PRIMARY KEY,"
                            "  state TEXT NOT NULL,"
                            "  updated_ms INTEGER NOT NULL"
                            ");"
                            /* Registration changes the hub holds
                             * (pushed or pulled): the rest are this
                             * file's to send. */
                            "CREATE TABLE IF NOT EXISTS sync_change ("
                            "  station_id TEXT NOT NULL,"
                            "  seq INTEGER NOT NULL,"
                            "  PRIMARY KEY (station_id, seq)"
                            ") WITHOUT ROWID;"
                            /* Pre-printed badges: the places the
                             * hub holds from the organizer's run
                             * (place NULL: taken out of it), and the
                             * hand-overs it holds (pushed or pulled):
                             * the rest are this file's to send. */
                            "CREATE TABLE IF NOT EXISTS sync_preprint ("
                            "  ticket_id TEXT PRIMARY KEY,"
                            "  issue INTEGER NOT NULL,"
                            "  place TEXT"
                            ") WITHOUT ROWID;"
                            "CREATE TABLE IF NOT EXISTS sync_handover ("
                            "  ticket_id TEXT NOT NULL,"
                            "  issue INTEGER NOT NULL,"
                            "  PRIMARY KEY (ticket_id, issue)"
                            ") WITHOUT ROWID;"
                            /* Open spaces' claims and releases the
                             * hub holds (pushed or pulled): the rest
                             * are this file's to send. */
                            "CREATE TABLE IF NOT EXISTS sync_open_space ("
                            "  station_id TEXT NOT NULL,"
                            "  seq INTEGER NOT NULL,"
                            "  PRIMARY KEY (station_id, seq)"
                            ") WITHOUT ROWID;"
                            /* The auction's acts the hub holds (hub
                             * format 33). */
                            "CREATE TABLE IF NOT EXISTS sync_auction ("
                            "  station_id TEXT NOT NULL,"
                            "  seq INTEGER NOT NULL,"
                            "  PRIMARY KEY (station_id, seq)"
                            ") WITHOUT ROWID;"
                            /* The triage's sends the hub holds (hub
                             * format 32). */
                            "CREATE TABLE IF NOT EXISTS sync_triage ("
                            "  station_id TEXT NOT NULL,"
                            "  seq INTEGER NOT NULL,"
                            "  PRIMARY KEY (station_id, seq)"
                            ") WITHOUT ROWID;"
                            "CREATE TABLE IF NOT EXISTS sync_reg ("
                            "  ticket_id TEXT PRIMARY KEY,"
                            "  digest BLOB NOT NULL"
                            ") WITHOUT ROWID;"
                            /* A desk's own key pair for the signing keys
                             * sealed to it, and those keys as the hub
                             * gave them (credential.h). */
                            "CREATE TABLE IF NOT EXISTS sync_box ("
                            "  id INTEGER PRIMARY KEY CHECK (id = 1),"
                            "  public_key BLOB NOT NULL,"
                            "  secret_key BLOB NOT NULL"
                            ");"
                            "CREATE TABLE IF NOT EXISTS sync_signing_key ("
                            "  key_id INTEGER PRIMARY KEY,"
                            "  sealed BLOB NOT NULL"
                            ");";

static int sqlite_said(struct local *l, int rc, const char *what,
                       struct ck_error *err)
{
    const char *msg = l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc);
    int prim = rc & 0xff;
    /* The detail after a whole sentence, for whoever looks into it: what
     * checkin was doing and SQLite's own words, both English (sync/ is in
     * po/ERROR-ROOMS, as store/'s store_sqlite_fail). */
    char detail[400];
    snprintf(detail, sizeof(detail), "%s: %s", what ? what : "?", msg);
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return ck_fail(err, CK_EBUSY,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "%s stayed locked by another program; run the command "
                       "again (%s).",
                       l->path, detail);
    if (prim == SQLITE_FULL)
        return ck_fail(err, CK_EFULL,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "The disk holding %s is full; free some space and run "
                       "the command again (%s).",
                       l->path, detail);
    if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB ||
        (prim == SQLITE_ERROR && strstr(msg, "no such")))
        return ck_fail(err, CK_ECORRUPT,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "%s is damaged; restore it from a backup or enroll the "
                       "station again (%s).",
                       l->path, detail);
    return ck_fail(err, CK_EIO,
                   /* TRANSLATORS: the last %s is what checkin was doing, a
                    * phrase translated on its own. */
                   "Reading or writing %s failed; run the command again "
                   "(%s).",
                   l->path, detail);
}

int local_fail(struct local *l, int rc, const char *what, struct ck_error *err)
{
    int code = sqlite_said(l, rc, what, err);
    ck_error_phrase(err, 2);
    return code;
}

int local_exec(struct local *l, const char *sql, const char *what,
               struct ck_error *err)
{
    int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CK_OK : local_fail(l, rc, what, err);
}

int local_statement(struct local *l, const char *sql, sqlite3_stmt **q,
                    const char *what, struct ck_error *err)
{
    *q = NULL;
    sqlite3_stmt **st = local_kept(l, sql, 1);
    if (!st)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    int code = st[0] ? CK_OK : local_prepare_kept(l, sql, &st[0], what, err);
    *q = st[0];
    return code;
}

/* Fixed SQL without parameters or rows, from a statement kept for the
 * connection's life: a running station begins and commits at each sync
 * that moved anything. */
static int run_kept(struct local *l, const char *sql, const char *what,
                    struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_statement(l, sql, &q, what, err);
    if (!code)
        code = local_done(l, q, what, err);
    return code;
}

static const char BEGIN_IMMEDIATE[] = "BEGIN IMMEDIATE";
static const char COMMIT[] = "COMMIT";

int local_begin(struct local *l, struct ck_error *err)
{
    /* A decision of this process's station waiting for the lock goes
     * first (checkin/store.h); its own wait is a second at most. */
    store_urgent_wait(2000);
    return run_kept(l, BEGIN_IMMEDIATE, N_("starting a transaction"), err);
}

/* The worker's watch emptied of this connection's own writes, right
 * after its commit.  A write by another connection begun after that is
 * announced anew; one committed before this transaction took the write
 * lock is seen by the worker's look after the sync (worker.c,
 * sync_turn).  Only a commit begun in the instant between this one's end
 * and the draining goes unannounced: the worker looks once more LOOK_MS
 * after a sync that drained (`drained`), and a commit whose flush takes
 * longer than that is seen at its next wake-up (PROBE_MS at most). */
static void drain_own(struct local *l)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    while (read(l->own_watch, buf, sizeof(buf)) > 0)
        l->drained = true;
}

int local_commit(struct local *l, struct ck_error *err)
{
    int code = run_kept(l, COMMIT, N_("saving what moved"), err);
    if (!code && l->own_watch >= 0)
        drain_own(l);
    if (code)
        local_rollback(l);
    return code;
}

void local_rollback(struct local *l)
{
    if (!sqlite3_get_autocommit(l->db))
        sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
}

int local_prepare(struct local *l, const char *sql, sqlite3_stmt **st,
                  const char *what, struct ck_error *err)
{
    /* raw: sync's own connection, its sentences local_fail's (local.h) */
    int rc = sqlite3_prepare_v2(l->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK) {
        *st = NULL;
        return local_fail(l, rc, what, err);
    }
    return CK_OK;
}

/* One key's slots (local_kept). */
struct local_kept {
    const void *key;
    size_t n;
    sqlite3_stmt **st;
};

sqlite3_stmt **local_kept(struct local *l, const void *key, size_t n)
{
    for (size_t i = 0; i < l->nkept; i++)
        if (l->kept[i].key == key)
            return l->kept[i].n >= n ? l->kept[i].st : NULL;
    if (!CK_VEC_ROOM(l->kept, l->nkept, 1, l->kept_cap))
        return NULL;
    sqlite3_stmt **st = calloc(n, sizeof(*st));
    if (!st)
        return NULL;
    l->kept[l->nkept++] = (struct local_kept){key, n, st};
    return st;
}

int local_prepare_kept(struct local *l, const char *sql, sqlite3_stmt **st,
                       const char *what, struct ck_error *err)
{
    const unsigned kept = SQLITE_PREPARE_PERSISTENT;
    /* raw: sync's own connection, its sentences local_fail's (local.h) */
    int rc = sqlite3_prepare_v3(l->db, sql, -1, kept, st, NULL);
    if (rc != SQLITE_OK) {
        *st = NULL;
        return local_fail(l, rc, what, err);
    }
    return CK_OK;
}

void local_kept_rest(sqlite3_stmt **st, size_t n)
{
    for (size_t i = 0; st && i < n; i++)
        if (st[i]) {
            sqlite3_reset(st[i]);
            sqlite3_clear_bindings(st[i]);
        }
}

/* Every kept statement finalized, before the connection closes (it
 * would not close with one left). */
static void kept_free(struct local *l)
{
    for (size_t i = 0; i < l->nkept; i++) {
        for (size_t k = 0; k < l->kept[i].n; k++)
            sqlite3_finalize(l->kept[i].st[k]);
        free(l->kept[i].st);
    }
    free(l->kept);
    l->kept = NULL;
    l->nkept = l->kept_cap = 0;
}

int local_done(struct local *l, sqlite3_stmt *st, const char *what,
               struct ck_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return local_fail(l, rc, what, err);
    return CK_OK;
}

static int open_with(const char *path, int flags, bool make_tables,
                     struct local *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    out->own_watch = -1;
    out->path = path;
    int code = store_open(path, STORE_EXISTING | flags, &out->s, err);
    if (code)
        return code;
    /* The file add-station is making is one thread's alone: no mutex
     * around each of the pull's SQLite calls (3-4% of its CPU). */
    int rc = sqlite3_open_v2(
        path, &out->db,
        SQLITE_OPEN_READWRITE |
            (flags & STORE_UNPUBLISHED ? SQLITE_OPEN_NOMUTEX : 0),
        NULL);
    if (rc != SQLITE_OK) {
        code = local_fail(out, rc, N_("opening it for sync"), err);
        local_close(out);
        return code;
    }
    /* As store_open sets them (docs/store.md); busy: a station deciding a
     * scan holds the lock for a few milliseconds at a time. */
    sqlite3_busy_timeout(out->db, 10000);
    code = local_exec(out,
                      "PRAGMA trusted_schema = OFF;"
                      "PRAGMA foreign_keys = ON;"
                      "PRAGMA synchronous = FULL;",
                      N_("opening it for sync"), err);
    /* The store's connection left the file in rollback mode; a journal
     * mode other than WAL is each connection's own. */
    if (!code && (flags & STORE_UNPUBLISHED))
        code = local_exec(out,
                          "PRAGMA journal_mode = MEMORY;"
                          "PRAGMA synchronous = OFF;",
                          N_("opening it for sync"), err);
    if (!code)
        code = store_borrow(out->db, path, &out->on_db, err);
    if (!code && make_tables)
        code = local_exec(out, LOCAL_TABLES, N_("adding the sync tables"), err);
    if (code)
        local_close(out);
    return code;
}

int local_open(const char *path, bool make_tables, struct local *out,
               struct ck_error *err)
{
    return open_with(path, 0, make_tables, out, err);
}

int local_open_checked(const char *path, struct local *out,
                       struct ck_error *err)
{
    return open_with(path, STORE_CHECKED, false, out, err);
}

int local_open_unpublished(const char *path, struct local *out,
                           struct ck_error *err)
{
    return open_with(path, STORE_UNPUBLISHED, false, out, err);
}

int local_open_beside(const char *path, struct local *out, struct ck_error *err)
{
    return open_with(path, STORE_CHECK_BESIDE, false, out, err);
}

int local_open_new(const char *path, struct local *out, struct ck_error *err)
{
    return open_with(path, STORE_UNPUBLISHED | STORE_CHECKED, true, out, err);
}

int local_publishable(const char *path, const char *shown, struct ck_error *err)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    /* Unflushed: the file is flushed once, when it is put in place
     * (atomic_file_commit). */
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        /* raw: a bare connection to a file not yet in place, no store */
        rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    bool wal = rc == SQLITE_ROW &&
               !strcmp((const char *)sqlite3_column_text(q, 0), "wal");
    int code = CK_OK;
    if (!wal)
        code = ck_fail(err, CK_EIO,
                       "Cannot finish the station file %s (%s); check the "
                       "disk, then run the same command again.",
                       shown, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return code;
}

void local_close(struct local *l)
{
    if (!l)
        return;
    kept_free(l);
    store_close(l->on_db);
    l->on_db = NULL;
    if (l->db)
        sqlite3_close(l->db);
    l->db = NULL;
    store_close(l->s);
    l->s = NULL;
}

static void copy_col(sqlite3_stmt *q, int i, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    snprintf(out, cap, "%s", t ? (const char *)t : "");
}

int local_hub(struct local *l, struct local_hub *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *q;
    /* A file never enrolled has no sync tables (and gets none here). */
    int code = local_prepare(l,
                             "SELECT 1 FROM sqlite_master WHERE type = "
                             "'table' AND name = 'sync_hub'",
                             &q, N_("reading the hub it syncs with"), err);
    if (code)
        return code;
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE)
        return CK_OK;
    if (rc != SQLITE_ROW)
        return local_fail(l, rc, N_("reading the hub it syncs with"), err);
    code = local_prepare(l,
                         "SELECT conninfo, role, station_uid, name, "
                         "event_uid FROM sync_hub WHERE id = 1",
                         &q, N_("reading the hub it syncs with"), err);
    if (code)
        return code;
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->enrolled = true;
        copy_col(q, 0, out->conninfo, sizeof(out->conninfo));
        copy_col(q, 1, out->role, sizeof(out->role));
        copy_col(q, 2, out->station_uid, sizeof(out->station_uid));
        copy_col(q, 3, out->name, sizeof(out->name));
        copy_col(q, 4, out->event_uid, sizeof(out->event_uid));
    } else if (rc != SQLITE_DONE) {
        code = local_fail(l, rc, N_("reading the hub it syncs with"), err);
    }
    sqlite3_finalize(q);
    return code;
}

static const char EVENT_SQL[] = "SELECT uid, slug, name FROM event";

int local_event(struct local *l, char *uid, size_t uid_cap, char *slug,
                size_t slug_cap, char *name, size_t name_cap,
                struct ck_error *err)
{
    /* Kept (local_statement): a desk's every sync checks its event. */
    sqlite3_stmt *q;
    int code = local_statement(l, EVENT_SQL, &q, N_("reading the event"), err);
    if (code)
        return code;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        copy_col(q, 0, uid, uid_cap);
        copy_col(q, 1, slug, slug_cap);
        copy_col(q, 2, name, name_cap);
    } else if (rc == SQLITE_DONE) {
        code =
            ck_fail(err, CK_EINVAL,
                    "%s holds no event; make it with 'checkin init'.", l->path);
    } else {
        code = local_fail(l, rc, N_("reading the event"), err);
    }
    sqlite3_reset(q);
    return code;
}

void local_slugs_text(struct local *l, const char *sql, char *out, size_t cap)
{
    out[0] = '\0';
    sqlite3_stmt *q;
    struct ck_error ignored = {0};
    if (local_prepare(l, sql, &q, N_("reading the event"), &ignored))
        return;
    size_t used = 0;
    while (used + 1 < cap && sqlite3_step(q) == SQLITE_ROW) {
        int w = snprintf(out + used, cap - used, "%s%s", used ? ", " : "",
                         (const char *)sqlite3_column_text(q, 0));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    sqlite3_finalize(q);
}
