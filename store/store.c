/* The event store: opening, checking and migrating the SQLite file, and the
 * read-side queries the command line needs (attendee search, stats).
 * Writers with their own logic (import, scan journal, print jobs) live in
 * their own modules and use store_sql.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "attendee_rows.h"
#include "checkin/i18n.h"
#include "checkin/store.h"
#include "checkin/store_sql.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "checkin/vec.h"
#include "gram.h"
#include "open_check.h"
#include "schema.h"

struct store {
    sqlite3 *db;
    char *path;
    int busy_ms;           /* how long to wait for another's lock */
    int64_t busy_start_ms; /* when this wait began (monotonic) */
    /* The attendee lookups a station makes at every verdict (by id, ticket,
     * secret, order), prepared once: parsing their SQL, with the journal's
     * view in it, was most of a verdict's instructions. */
    sqlite3_stmt *attendee_q[5];
    /* How many an order has (store_attendee_order), prepared once. */
    sqlite3_stmt *order_count_q;
    /* store_gram_keep's question, asked at every pull that wrote rows. */
    sqlite3_stmt *gram_keep_q;
    bool borrowed; /* store_borrow: db is the caller's */
    /* STORE_CHECK_BESIDE's quick_check: its thread, running until
     * store_check_wait or store_close joins it, and its answer. */
    pthread_t checker;
    bool checking;
    int check_code;
    struct ck_error check_err;
};

/* SQLite's own busy handler sleeps longer and longer between tries (up to
 * 100 ms), so a writer waiting behind a station that decides one scan
 * after another (each a short transaction, the next begun at once) keeps
 * waking while the lock is held and can starve.  Trying every millisecond
 * catches the gaps between the station's commits. */
static int busy_wait(void *ctx, int count)
{
    store *s = ctx;
    int64_t now = util_mono_ms();
    if (count == 0)
        s->busy_start_ms = now;
    if (now - s->busy_start_ms >= s->busy_ms)
        return 0;
    sqlite3_sleep(1);
    return 1;
}

void store_set_busy_timeout(store *s, int ms)
{
    s->busy_ms = ms;
    sqlite3_busy_handler(s->db, ms > 0 ? busy_wait : NULL, s);
}

/* store_urgent_*: how many decisions wait for a write lock in this
 * process; the mutex and condition (on the monotonic clock, set up once)
 * only for store_urgent_wait. */
static _Atomic int urgent;
static pthread_mutex_t urgent_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t urgent_cv;
static pthread_once_t urgent_once = PTHREAD_ONCE_INIT;

static void urgent_init(void)
{
    (void)util_mono_cond_init(&urgent_cv);
}

void store_urgent_enter(void)
{
    atomic_fetch_add(&urgent, 1);
}

void store_urgent_leave(void)
{
    pthread_once(&urgent_once, urgent_init);
    pthread_mutex_lock(&urgent_mu);
    atomic_fetch_sub(&urgent, 1);
    pthread_cond_broadcast(&urgent_cv);
    pthread_mutex_unlock(&urgent_mu);
}

bool store_urgent_waiting(void)
{
    return atomic_load(&urgent) > 0;
}

void store_urgent_wait(int max_ms)
{
    if (!store_urgent_waiting())
        return;
    pthread_once(&urgent_once, urgent_init);
    struct timespec until;
    util_mono_deadline(max_ms, &until);
    pthread_mutex_lock(&urgent_mu);
    int rc = 0;
    while (atomic_load(&urgent) > 0 && rc == 0)
        rc = pthread_cond_timedwait(&urgent_cv, &urgent_mu, &until);
    pthread_mutex_unlock(&urgent_mu);
}

sqlite3 *store_db(store *s)
{
    return s->db;
}

bool store_row_exists(store *s, const char *sql)
{
    sqlite3_stmt *q = NULL;
    bool yes = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) == SQLITE_OK &&
               sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    return yes;
}

int store_setting_get(store *s, const char *key, char *out, size_t cap,
                      bool *found, const char *what, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, "SELECT value FROM setting WHERE key = ?1",
                             NULL, &q, what, err);
    if (code) {
        if (cap)
            out[0] = '\0';
        return code;
    }
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    return store_step_text(s, q, false, out, cap, found, what, err);
}

int store_setting_put(store *s, const char *key, const char *value,
                      const char *what, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s,
                             "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                             " ON CONFLICT (key) DO UPDATE SET value ="
                             " excluded.value WHERE value IS NOT"
                             " excluded.value",
                             NULL, &q, what, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
    return store_step_done(s, q, what, err);
}

const char *store_path(const store *s)
{
    return s->path;
}

bool store_booth_sponsor(store *s, char *slug, size_t cap)
{
    sqlite3_stmt *q;
    bool booth = false;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT substr(value, 7) FROM setting WHERE key ="
                           " 'station_role' AND value LIKE 'leads:%'",
                           -1, &q, NULL) != SQLITE_OK)
        return false;
    if (sqlite3_step(q) == SQLITE_ROW) {
        booth = true;
        snprintf(slug, cap, "%s", (const char *)sqlite3_column_text(q, 0));
    }
    sqlite3_finalize(q);
    return booth;
}

bool store_is_own_file(const store *s, const char *path)
{
    static const char *const SUFFIX[] = {"", "-wal", "-shm", "-journal"};
    struct stat given, own;
    if (!s || !path)
        return false;
    bool exists = stat(path, &given) == 0;
    for (size_t i = 0; i < sizeof(SUFFIX) / sizeof(SUFFIX[0]); i++) {
        char name[PATH_MAX + 16];
        int n = snprintf(name, sizeof(name), "%s%s", s->path, SUFFIX[i]);
        if (n <= 0 || (size_t)n >= sizeof(name))
            continue;
        /* The same name, for a -wal or -journal not made yet. */
        if (!strcmp(name, path))
            return true;
        if (exists && stat(name, &own) == 0 && own.st_dev == given.st_dev &&
            own.st_ino == given.st_ino)
            return true;
    }
    return false;
}

/* SQLite's words, made fit for the middle of one sentence: one line of
 * printable ASCII, at most DETAIL_CAP - 1 bytes.  quick_check's answer
 * starts with a "*** in database main ***" line, and an error about a
 * damaged schema can quote any bytes of it. */
#define DETAIL_CAP 120

static const char *one_line(const char *text, char *buf, size_t cap)
{
    static const char MAIN[] = "*** in database main ***";
    if (!text || !*text)
        return "no answer";
    if (!strncmp(text, MAIN, sizeof(MAIN) - 1)) {
        text += sizeof(MAIN) - 1;
        while (*text == '\n' || *text == ' ')
            text++;
    }
    size_t n = 0;
    for (; *text && n + 1 < cap; text++) {
        unsigned char c = (unsigned char)*text;
        buf[n] = *text;
        if (c < 0x20 || c > 0x7e)
            buf[n] = ' ';
        n++;
    }
    if (*text && cap > 4)
        memcpy(buf + cap - 4, "...", 3);
    buf[n] = '\0';
    return buf;
}

static int sqlite_said(store *s, int rc, const char *what, struct ck_error *err)
{
    char line[DETAIL_CAP];
    const char *said =
        one_line(s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc), line,
                 sizeof(line));
    /* The detail after a sentence, for whoever looks into it: what
     * checkin was doing and SQLite's own words, both English.  The
     * sentence before it is whole and said in the reader's language
     * (store/ is in po/ERROR-ROOMS). */
    char detail[DETAIL_CAP + 64];
    snprintf(detail, sizeof(detail), "%s: %s", what ? what : "?", said);
    const char *path = s ? s->path : "?";
    /* The data went to the file before the flush failed: it may survive
     * (and come back when the file is next opened) or not. */
    if (rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_DIR_FSYNC)
        return ck_fail(err, CK_EIO,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "The disk holding %s did not confirm it saved the "
                       "data, so it may or may not be there; check the disk "
                       "and try again (%s).",
                       path, detail);
    /* A first import killed mid-way leaves a rollback journal
     * (store/alone.c) that a read-only connection cannot play back. */
    if (rc == SQLITE_READONLY_ROLLBACK)
        return ck_fail(err, CK_EIO,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "%s was left half-written by an import that stopped; "
                       "run 'checkin stats %s' once, which puts it back as it "
                       "was, then try again (%s).",
                       path, path, detail);
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return ck_fail(err, CK_EFULL,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "The disk holding %s is full; free some space and try "
                       "again (%s).",
                       path, detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ck_fail(err, CK_EBUSY,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "%s is in use by another checkin process; wait for it "
                       "to finish or stop it, then try again (%s).",
                       path, detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    /* Every statement is checkin's own, fixed and tested, so a plain
     * error ("no such column", "has no column named") means the file's
     * schema is not the one its user_version promises: damage. */
    case SQLITE_ERROR:
        return ck_fail(err, CK_ECORRUPT,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "%s is damaged; restore it from a backup or re-create "
                       "it with 'checkin init' (%s).",
                       path, detail);
    case SQLITE_NOMEM:
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return ck_fail(err, CK_EIO,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "Cannot write %s; check the file's permissions and the "
                       "disk (%s).",
                       path, detail);
    case SQLITE_IOERR:
        return ck_fail(err, CK_EIO,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "Reading or writing %s failed; check the disk and try "
                       "again (%s).",
                       path, detail);
    case SQLITE_CONSTRAINT:
        return ck_fail(err, CK_EINVAL,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "%s refused the change; check what was given and try "
                       "again (%s).",
                       path, detail);
    default:
        return ck_fail(err, CK_EIO,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "%s gave an unexpected error; try again, and report it "
                       "if it happens again (%s).",
                       path, detail);
    }
}

int store_sqlite_fail(store *s, int rc, const char *what, struct ck_error *err)
{
    int code = sqlite_said(s, rc, what, err);
    ck_error_phrase(err, 2);
    return code;
}

int store_prepare(store *s, const char *sql, sqlite3_stmt **cached,
                  sqlite3_stmt **q, const char *what, struct ck_error *err)
{
    if (cached && *cached) {
        sqlite3_reset(*cached);
        sqlite3_clear_bindings(*cached);
        *q = *cached;
        return CK_OK;
    }
    int rc = sqlite3_prepare_v3(
        s->db, sql, -1, cached ? SQLITE_PREPARE_PERSISTENT : 0, q, NULL);
    if (rc != SQLITE_OK) {
        *q = NULL;
        return store_sqlite_fail(s, rc, what, err);
    }
    if (cached)
        *cached = *q;
    return CK_OK;
}

int store_step_done(store *s, sqlite3_stmt *q, const char *what,
                    struct ck_error *err)
{
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? CK_OK : store_sqlite_fail(s, rc, what, err);
}

/* The end of a one-row step: *found, the statement reset (`cached`) or
 * finalized, and the store's sentence for a failed step `rc`. */
static int one_row_done(store *s, sqlite3_stmt *q, bool cached, int rc,
                        bool *found, const char *what, struct ck_error *err)
{
    if (found)
        *found = rc == SQLITE_ROW;
    if (cached)
        sqlite3_reset(q);
    else
        sqlite3_finalize(q);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return CK_OK;
    return store_sqlite_fail(s, rc, what, err);
}

int store_step_int64(store *s, sqlite3_stmt *q, bool cached, int64_t *value,
                     bool *found, const char *what, struct ck_error *err)
{
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *value = sqlite3_column_int64(q, 0);
    return one_row_done(s, q, cached, rc, found, what, err);
}

int store_step_text(store *s, sqlite3_stmt *q, bool cached, char *out,
                    size_t cap, bool *found, const char *what,
                    struct ck_error *err)
{
    int rc = sqlite3_step(q);
    const unsigned char *v =
        rc == SQLITE_ROW ? sqlite3_column_text(q, 0) : NULL;
    if (cap)
        snprintf(out, cap, "%s", v ? (const char *)v : "");
    return one_row_done(s, q, cached, rc, found, what, err);
}

int store_exec(store *s, const char *sql, struct ck_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, N_("updating the database"), err);
    return CK_OK;
}

int store_begin(store *s, struct ck_error *err)
{
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, N_("starting a transaction"), err);
    return CK_OK;
}

int store_commit(store *s, struct ck_error *err)
{
    int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        int code = store_sqlite_fail(s, rc, N_("saving changes"), err);
        store_rollback(s);
        return code;
    }
    return CK_OK;
}

void store_rollback(store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_bind_text(sqlite3_stmt *st, int idx, const char *text)
{
    if (!text || !*text)
        return sqlite3_bind_null(st, idx);
    return sqlite3_bind_text(st, idx, text, -1, SQLITE_TRANSIENT);
}

int64_t store_now_ms(void)
{
    const char *fake = getenv("CHECKIN_FAKE_NOW_MS");
    if (fake && *fake) {
        char *end;
        errno = 0;
        long long v = strtoll(fake, &end, 10);
        if (!errno && *end == '\0')
            return v;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int pragma_int(store *s, const char *sql, int *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* A file that is not even SQLite is refused before SQLite reads past its
 * header, so that nothing is ever written to somebody else's file.  The
 * header is read through the connection's own file handle: opening and
 * closing the file any other way would drop every POSIX lock this process
 * holds on it (another connection's, such as a station's while its print
 * worker opens), and another process would then take the WAL away from
 * under it ("How To Corrupt An SQLite Database File", section 2.2). */
static int check_header(store *s, struct ck_error *err)
{
    sqlite3_file *f = NULL;
    sqlite3_int64 size = 0;
    char head[16];
    int rc = sqlite3_file_control(s->db, "main", SQLITE_FCNTL_FILE_POINTER, &f);
    if (rc == SQLITE_OK && (!f || !f->pMethods))
        rc = SQLITE_CANTOPEN;
    if (rc == SQLITE_OK)
        rc = f->pMethods->xFileSize(f, &size);
    if (rc == SQLITE_OK && size >= (sqlite3_int64)sizeof(head))
        rc = f->pMethods->xRead(f, head, (int)sizeof(head), 0);
    if (rc != SQLITE_OK)
        return ck_fail(err, CK_EIO,
                       "Cannot read %s; check the file's permissions and the "
                       "disk (%s).",
                       s->path, sqlite3_errstr(rc));
    if (size == 0)
        return ck_fail(err, CK_ECORRUPT,
                       "%s is empty, not an event database; re-create it with "
                       "'checkin init'.",
                       s->path);
    if (size < (sqlite3_int64)sizeof(head) ||
        memcmp(head, "SQLite format 3", 16) != 0)
        return ck_fail(err, CK_ECORRUPT,
                       "%s is not a checkin event database (wrong file "
                       "header); check the path, or restore it from a backup.",
                       s->path);
    return CK_OK;
}

/* A new store file is made here, 0600 whatever the umask allows beyond
 * that (it holds names, emails and ticket secrets), and SQLite then opens
 * it empty; SQLite gives the -wal and -shm files the database file's mode.
 * The file is new, so no connection of this process has it open and this
 * descriptor's close drops no lock. */
static int create_file(const char *path, struct ck_error *err)
{
    int fd =
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST)
        return ck_fail(err, CK_EINVAL,
                       "%s already exists; choose a new file name or remove "
                       "the old one first.",
                       path);
    if (fd < 0)
        return ck_fail(err, CK_EIO,
                       "Cannot create %s; check the folder's permissions and "
                       "the disk (%s).",
                       path, strerror(errno));
    close(fd);
    return CK_OK;
}

/* The statement is fixed and valid, so a plain SQLITE_ERROR from it comes
 * from the file: a schema that does not parse, an unknown schema format
 * number (file header offset 44). */
static int check_failed(store *s, int rc, struct ck_error *err)
{
    char line[DETAIL_CAP];
    if ((rc & 0xff) != SQLITE_ERROR)
        return store_sqlite_fail(s, rc, N_("checking the file"), err);
    return ck_fail(err, CK_ECORRUPT,
                   "%s is damaged (%s); restore it from a backup or "
                   "re-create it with 'checkin init' and import again.",
                   s->path,
                   one_line(sqlite3_errmsg(s->db), line, sizeof(line)));
}

static int quick_check(store *s, struct ck_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return check_failed(s, rc, err);
    rc = sqlite3_step(st);
    int code = CK_OK;
    if (rc != SQLITE_ROW) {
        code = check_failed(s, rc, err);
    } else {
        const char *res = (const char *)sqlite3_column_text(st, 0);
        char line[DETAIL_CAP];
        if (!res || strcmp(res, "ok") != 0)
            code = ck_fail(err, CK_ECORRUPT,
                           "%s is damaged (%s); restore it from a backup or "
                           "re-create it with 'checkin init' and import "
                           "again.",
                           s->path, one_line(res, line, sizeof(line)));
    }
    sqlite3_finalize(st);
    return code;
}

/* STORE_LIGHT_CHECK's check (open_check.c), its damage said as
 * quick_check's is. */
static int light_check(store *s, struct ck_error *err)
{
    char why[DETAIL_CAP];
    bool damaged;
    int rc = open_check_light(s->db, &damaged, why, sizeof(why));
    if (rc != SQLITE_OK)
        return check_failed(s, rc, err);
    if (damaged)
        return ck_fail(err, CK_ECORRUPT,
                       "%s is damaged (%s); restore it from a backup or "
                       "re-create it with 'checkin init' and import again.",
                       s->path, why);
    return CK_OK;
}

static const char *guard_name(void);

/* STORE_CHECK_BESIDE's thread: quick_check on a read-only connection of
 * its own (a connection is one thread's at a time). */
static void *check_beside(void *arg)
{
    store *s = arg;
    store t = {.path = s->path};
    int rc = sqlite3_open_v2(s->path, &t.db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                             guard_name());
    s->check_code = rc == SQLITE_OK ? quick_check(&t, &s->check_err)
                                    : store_sqlite_fail(&t, rc, N_("checking"),
                                                        &s->check_err);
    sqlite3_close(t.db);
    return NULL;
}

int store_check_wait(store *s, struct ck_error *err)
{
    if (!s || !s->checking)
        return CK_OK;
    pthread_join(s->checker, NULL);
    s->checking = false;
    if (s->check_code && err)
        *err = s->check_err;
    return s->check_code;
}

/* All the steps from `from` to `to` in one transaction: a user_version
 * damaged to an older one may name a step that succeeds again (12 only
 * replaces a trigger) before one that fails, and the file must then be
 * left as it was, not half upgraded. */
static int migrate(store *s, int from, int to, struct ck_error *err)
{
    int code = store_begin(s, err);
    if (code)
        return code;
    for (int v = from + 1; v <= to; v++) {
        int rc = sqlite3_exec(s->db, schema_migrations[v], NULL, NULL, NULL);
        if (rc == SQLITE_OK) {
            char sql[64];
            snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
            rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
        }
        if (rc != SQLITE_OK) {
            char line[DETAIL_CAP];
            /* A migration is one transaction with its user_version, so
             * tables that already exist mean a damaged user_version. */
            if ((rc & 0xff) == SQLITE_ERROR)
                code = ck_fail(
                    err, CK_ECORRUPT,
                    "%s is damaged (its tables do not match its "
                    "schema version %d: %s); restore it from a "
                    "backup or re-create it with 'checkin init'.",
                    s->path, from,
                    one_line(sqlite3_errmsg(s->db), line, sizeof(line)));
            else
                code = store_sqlite_fail(
                    s, rc, N_("upgrading the file to a newer schema"), err);
            store_rollback(s);
            return code;
        }
    }
    return store_commit(s, err);
}

/* Whether the upgrade steps from `from` to `to` would fail on the
 * tables of s's file, as the writing open's migrate() would find: the
 * file's schema, without its rows, is made again in a private in-memory
 * database and the steps run there.  A read-only open cannot try them on
 * the file, and must not tell the user to upgrade a file whose version
 * was damaged (a flipped bit turns 17 into 16) when an upgrade would only
 * be refused.  1 with SQLite's words in `why`, 0, or -1 if the copy could
 * not be made (the open then says what it would have said before). */
static int steps_fail_on_its_tables(store *s, int from, int to, char *why,
                                    size_t cap)
{
    sqlite3 *mem = NULL;
    sqlite3_stmt *st = NULL;
    int out = -1;
    if (sqlite3_open_v2(":memory:", &mem,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                            SQLITE_OPEN_PRIVATECACHE,
                        NULL) != SQLITE_OK)
        goto done;
    /* In the order they were made, so a trigger finds its table; SQLite's
     * own objects (autoindexes, sqlite_sequence) are made by the rest. */
    if (sqlite3_prepare_v2(s->db,
                           "SELECT sql FROM sqlite_master WHERE sql IS NOT "
                           "NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                           "ORDER BY rowid",
                           -1, &st, NULL) != SQLITE_OK)
        goto done;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (sqlite3_exec(mem, (const char *)sqlite3_column_text(st, 0), NULL,
                         NULL, NULL) != SQLITE_OK)
            goto done;
    if (rc != SQLITE_DONE)
        goto done;
    out = 0;
    for (int v = from + 1; v <= to && !out; v++)
        if (sqlite3_exec(mem, schema_migrations[v], NULL, NULL, NULL) !=
            SQLITE_OK) {
            one_line(sqlite3_errmsg(mem), why, cap);
            out = 1;
        }
done:
    sqlite3_finalize(st);
    sqlite3_close(mem);
    return out;
}

static int configure(store *s, bool created, bool readonly, bool check,
                     bool beside, bool light, bool unpublished, int target,
                     struct ck_error *err)
{
    int rc;
    /* Hardening for files that may have been tampered with, before any
     * real read (docs/store.md, "Opening"). */
    static const char *const pragmas = "PRAGMA trusted_schema = OFF;"
                                       "PRAGMA cell_size_check = ON;"
                                       "PRAGMA foreign_keys = ON;";
    rc = sqlite3_exec(s->db, pragmas, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, N_("opening"), err);
    store_set_busy_timeout(s, 5000);

    int app_id = 0, version = 0;
    if ((rc = pragma_int(s, "PRAGMA application_id", &app_id)) != SQLITE_OK ||
        (rc = pragma_int(s, "PRAGMA user_version", &version)) != SQLITE_OK)
        return store_sqlite_fail(s, rc, N_("opening"), err);
    if (!created && app_id != SCHEMA_APPLICATION_ID)
        return ck_fail(err, CK_ECORRUPT,
                       "%s is an SQLite file but not a checkin event "
                       "database; check the path.",
                       s->path);
    if (version < 0)
        return ck_fail(err, CK_ECORRUPT,
                       "%s is damaged (schema version %d); restore it from a "
                       "backup or re-create it with 'checkin init'.",
                       s->path, version);
    if (version > schema_latest)
        return ck_fail(err, CK_EVERSION,
                       "%s was written by a newer checkin (schema %d, this one "
                       "knows %d); upgrade checkin on this station.",
                       s->path, version, schema_latest);
    /* Beside: a file at this schema is checked on a thread while the
     * caller goes on (STORE_CHECK_BESIDE); one to migrate, first. */
    if (check && beside && !created && version == target)
        s->checking = pthread_create(&s->checker, NULL, check_beside, s) == 0;
    /* Light: a file closed cleanly, at this schema (one to migrate has
     * every page checked first). */
    int code = CK_OK;
    if (check && !s->checking)
        code = light && !created && version == target ? light_check(s, err)
                                                      : quick_check(s, err);
    if (code)
        return code;
    /* SQLite opens a file read-only, without an error, when it cannot
     * write it: for want of permission (said at the first write), or when
     * the file header's write version (offset 18) is one it does not
     * know, which in a file checkin wrote means damage. */
    if (!readonly && !created && sqlite3_db_readonly(s->db, "main") == 1 &&
        access(s->path, W_OK) == 0)
        return ck_fail(err, CK_ECORRUPT,
                       "%s is damaged (its header says only a newer SQLite "
                       "may write it); restore it from a backup or re-create "
                       "it with 'checkin init'.",
                       s->path);
    if (readonly) {
        /* Creation's first step is one transaction with its user_version,
         * so a checkin file with tables at version 0 has had its version
         * damaged (a flipped bit turns 16 into 0), not left unupgraded:
         * there is nothing an upgrade could start from.  A writing open
         * says so when step 1 finds its tables already there. */
        int tables = 0;
        if (version == 0 &&
            (rc = pragma_int(s, "SELECT count(*) FROM sqlite_master",
                             &tables)) != SQLITE_OK)
            return store_sqlite_fail(s, rc, N_("opening"), err);
        if (tables > 0)
            return ck_fail(err, CK_ECORRUPT,
                           "%s is damaged (its tables do not match its "
                           "schema version 0); restore it from a backup or "
                           "re-create it with 'checkin init'.",
                           s->path);
        if (version < target && version > 0) {
            char why[DETAIL_CAP];
            if (steps_fail_on_its_tables(s, version, target, why,
                                         sizeof(why)) == 1)
                return ck_fail(err, CK_ECORRUPT,
                               "%s is damaged (its tables do not match its "
                               "schema version %d: %s); restore it from a "
                               "backup or re-create it with 'checkin init'.",
                               s->path, version, why);
        }
        if (version < target)
            return ck_fail(err, CK_EVERSION,
                           "%s uses an older schema (%d); upgrade it once "
                           "with a command that writes, such as 'checkin "
                           "import', then try again.",
                           s->path, version);
        return CK_OK;
    }

    /* WAL: readers never block the station's writer.  FULL: a commit that
     * returned has survived power loss, so a verdict shown is recorded. */
    rc = sqlite3_exec(s->db,
                      unpublished ? "PRAGMA journal_mode = MEMORY;"
                                    " PRAGMA synchronous = OFF;"
                                  : "PRAGMA journal_mode = WAL;"
                                    " PRAGMA synchronous = FULL;",
                      NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, N_("opening"), err);
    if (created) {
        char sql[64];
        snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
                 SCHEMA_APPLICATION_ID);
        rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return store_sqlite_fail(s, rc, N_("creating the database"), err);
    }
    if (version < target)
        return migrate(s, version, target, err);
    return CK_OK;
}

/* ---- the file-system guard ----
 *
 * SQLite takes a short read (SQLITE_IOERR_SHORT_READ) to mean that the
 * read ran past the end of the database file, and goes on with zeros where
 * the bytes were missing.  A file system that returns fewer bytes than
 * asked inside a file (a network or FUSE mount that hiccups) would turn
 * those zeros into wrong answers without an error: a valid ticket shown as
 * unknown, a person checked in twice.  Every store connection goes through
 * this thin VFS over the platform's, which turns a short read that ends
 * inside the file into SQLITE_IOERR_READ, a failure the caller reports. */

struct guard_file {
    sqlite3_file base;
    sqlite3_file *real; /* the platform VFS's file, allocated with it */
};

#define GUARDED(f) (((struct guard_file *)(f))->real)

static int guard_close(sqlite3_file *f)
{
    int rc = GUARDED(f)->pMethods->xClose(GUARDED(f));
    sqlite3_free(GUARDED(f));
    return rc;
}

static int guard_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    sqlite3_file *r = GUARDED(f);
    int rc = r->pMethods->xRead(r, buf, n, off);
    sqlite3_int64 size;
    if (rc == SQLITE_IOERR_SHORT_READ &&
        r->pMethods->xFileSize(r, &size) == SQLITE_OK && off + n <= size)
        rc = SQLITE_IOERR_READ;
    return rc;
}

static int guard_write(sqlite3_file *f, const void *buf, int n,
                       sqlite3_int64 off)
{
    return GUARDED(f)->pMethods->xWrite(GUARDED(f), buf, n, off);
}

static int guard_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return GUARDED(f)->pMethods->xTruncate(GUARDED(f), size);
}

static int guard_sync(sqlite3_file *f, int flags)
{
    return GUARDED(f)->pMethods->xSync(GUARDED(f), flags);
}

static int guard_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return GUARDED(f)->pMethods->xFileSize(GUARDED(f), size);
}

static int guard_lock(sqlite3_file *f, int level)
{
    return GUARDED(f)->pMethods->xLock(GUARDED(f), level);
}

static int guard_unlock(sqlite3_file *f, int level)
{
    return GUARDED(f)->pMethods->xUnlock(GUARDED(f), level);
}

static int guard_reserved(sqlite3_file *f, int *out)
{
    return GUARDED(f)->pMethods->xCheckReservedLock(GUARDED(f), out);
}

static int guard_control(sqlite3_file *f, int op, void *arg)
{
    return GUARDED(f)->pMethods->xFileControl(GUARDED(f), op, arg);
}

static int guard_sector(sqlite3_file *f)
{
    return GUARDED(f)->pMethods->xSectorSize(GUARDED(f));
}

static int guard_device(sqlite3_file *f)
{
    return GUARDED(f)->pMethods->xDeviceCharacteristics(GUARDED(f));
}

static int guard_shm_map(sqlite3_file *f, int page, int size, int extend,
                         void volatile **out)
{
    return GUARDED(f)->pMethods->xShmMap(GUARDED(f), page, size, extend, out);
}

static int guard_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return GUARDED(f)->pMethods->xShmLock(GUARDED(f), off, n, flags);
}

static void guard_shm_barrier(sqlite3_file *f)
{
    GUARDED(f)->pMethods->xShmBarrier(GUARDED(f));
}

static int guard_shm_unmap(sqlite3_file *f, int del)
{
    return GUARDED(f)->pMethods->xShmUnmap(GUARDED(f), del);
}

static int guard_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **out)
{
    return GUARDED(f)->pMethods->xFetch(GUARDED(f), off, n, out);
}

static int guard_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return GUARDED(f)->pMethods->xUnfetch(GUARDED(f), off, p);
}

/* One table per version, as SQLite calls only what iVersion promises. */
#define GUARD_METHODS(version)                                                 \
    {                                                                          \
        version, guard_close, guard_read, guard_write, guard_truncate,         \
            guard_sync, guard_size, guard_lock, guard_unlock, guard_reserved,  \
            guard_control, guard_sector, guard_device, guard_shm_map,          \
            guard_shm_lock, guard_shm_barrier, guard_shm_unmap, guard_fetch,   \
            guard_unfetch                                                      \
    }
static const sqlite3_io_methods GUARD_IO[] = {
    GUARD_METHODS(1), GUARD_METHODS(2), GUARD_METHODS(3)};

static sqlite3_vfs guard_vfs;

/* Opens through whatever VFS is the default at the time, so that a test
 * may put its own below the guard. */
static int guard_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
                      int flags, int *out_flags)
{
    (void)vfs;
    sqlite3_vfs *platform = sqlite3_vfs_find(NULL);
    struct guard_file *gf = (struct guard_file *)f;
    gf->base.pMethods = NULL;
    gf->real = sqlite3_malloc(platform->szOsFile);
    if (!gf->real)
        return SQLITE_NOMEM;
    memset(gf->real, 0, (size_t)platform->szOsFile);
    int rc = platform->xOpen(platform, name, gf->real, flags, out_flags);
    const sqlite3_io_methods *m = gf->real->pMethods;
    if (!m) {
        sqlite3_free(gf->real);
        return rc == SQLITE_OK ? SQLITE_CANTOPEN : rc;
    }
    int version = m->iVersion < 1 ? 1 : m->iVersion > 3 ? 3 : m->iVersion;
    gf->base.pMethods = &GUARD_IO[version - 1];
    return rc;
}

static void guard_register(void)
{
    /* Debian's SQLite is built without lookaside memory, so every small
     * object a statement makes is a malloc, and with memory statistics
     * on (its default) each malloc and free also takes a global mutex and
     * asks for the block's size.  checkin reads none of those statistics.
     * Only possible before SQLite's first use in the process (this runs
     * once, before any connection of checkin's); a process that used
     * SQLite before (a test opening a file itself) keeps the default. */
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_vfs *platform = sqlite3_vfs_find(NULL);
    if (!platform)
        return;
    guard_vfs = *platform; /* every other method is the platform's */
    guard_vfs.zName = "checkin-guard";
    guard_vfs.szOsFile = (int)sizeof(struct guard_file);
    guard_vfs.xOpen = guard_open;
    guard_vfs.pNext = NULL;
    if (sqlite3_vfs_register(&guard_vfs, 0) != SQLITE_OK)
        guard_vfs.zName = NULL;
}

/* The guard's name for sqlite3_open_v2, or NULL (the default VFS) if it
 * could not be registered. */
static const char *guard_name(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, guard_register);
    return guard_vfs.zName;
}

int store_open_at_version(const char *path, int flags, int version, store **out,
                          struct ck_error *err)
{
    *out = NULL;
    bool create = flags & STORE_CREATE;
    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (create && exists)
        return ck_fail(err, CK_EINVAL,
                       "%s already exists; choose a new file name or remove "
                       "the old one first.",
                       path);
    if (!create && !exists)
        return ck_fail(err, CK_ENOTFOUND,
                       "%s does not exist; create it with 'checkin init %s "
                       "EVENT.ini'.",
                       path, path);
    /* stat() opens nothing; a FIFO or a device is never opened at all. */
    if (exists && !S_ISREG(sb.st_mode))
        return ck_fail(err, CK_EINVAL, "%s is not a regular file.", path);
    if (version < 1 || version > schema_latest)
        return ck_fail(err, CK_EINVAL, "Schema version %d does not exist.",
                       version);

    store *s = calloc(1, sizeof(*s));
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return ck_fail(err, CK_ENOMEM, "Out of memory opening %s.", path);
    }
    /* ":memory:" is SQLite's name for a database without a file (the fuzz
     * targets' fresh events). */
    bool in_memory = !strcmp(path, ":memory:");
    int code;
    if (create && !in_memory && (code = create_file(path, err))) {
        store_close(s);
        return code;
    }
    bool readonly = !create && (flags & STORE_READONLY);
    /* Whether the file was closed cleanly is asked before this open can
     * recover or make a WAL. */
    bool light =
        !create && (flags & STORE_LIGHT_CHECK) && open_check_clean_close(path);
    int oflags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                 SQLITE_OPEN_NOMUTEX;
    /* Opening reads at most the header; nothing is written before
     * check_header has seen it. */
    int rc = sqlite3_open_v2(path, &s->db, oflags, guard_name());
    if (rc != SQLITE_OK && !create && (rc & 0xff) == SQLITE_CANTOPEN) {
        int e = s->db ? sqlite3_system_errno(s->db) : 0;
        code = ck_fail(err, CK_EIO,
                       "Cannot read %s; check the file's permissions and the "
                       "disk (%s).",
                       path, e ? strerror(e) : sqlite3_errstr(rc));
        goto fail;
    }
    if (rc != SQLITE_OK) {
        code = store_sqlite_fail(s, rc, N_("opening"), err);
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    if (!create && (code = check_header(s, err)))
        goto fail;
    code = configure(s, create, readonly, !(flags & STORE_CHECKED),
                     flags & STORE_CHECK_BESIDE, light,
                     flags & STORE_UNPUBLISHED, version, err);
    if (code)
        goto fail;
    *out = s;
    return CK_OK;
fail:
    store_close(s);
    if (create && !in_memory)
        unlink(path);
    return code;
}

int store_open(const char *path, int flags, store **out, struct ck_error *err)
{
    return store_open_at_version(path, flags, schema_latest, out, err);
}

int store_borrow(sqlite3 *db, const char *path, store **out,
                 struct ck_error *err)
{
    *out = NULL;
    store *s = calloc(1, sizeof(*s));
    char *p = s ? strdup(path) : NULL;
    if (!p) {
        free(s);
        return ck_fail(err, CK_ENOMEM, "Out of memory opening %s.", path);
    }
    s->db = db;
    s->path = p;
    s->busy_ms = 5000;
    s->borrowed = true;
    *out = s;
    return CK_OK;
}

sqlite3_stmt **store_gram_keep_slot(store *s)
{
    return &s->gram_keep_q;
}

void store_close(store *s)
{
    if (!s)
        return;
    if (s->checking)
        pthread_join(s->checker, NULL);
    for (size_t i = 0; i < sizeof(s->attendee_q) / sizeof(s->attendee_q[0]);
         i++)
        sqlite3_finalize(s->attendee_q[i]);
    sqlite3_finalize(s->order_count_q);
    sqlite3_finalize(s->gram_keep_q);
    if (!s->borrowed)
        sqlite3_close_v2(s->db);
    free(s->path);
    free(s);
}

int store_schema_version(store *s)
{
    int v = 0;
    if (pragma_int(s, "PRAGMA user_version", &v) != SQLITE_OK)
        return -1;
    return v;
}

const char *order_status_str(enum order_status st)
{
    switch (st) {
    case STATUS_PAID:
        return "paid";
    case STATUS_PENDING:
        return "pending";
    case STATUS_CANCELLED:
        return "cancelled";
    case STATUS_REFUNDED:
        return "refunded";
    }
    return "unknown";
}

int order_status_parse(const char *s, enum order_status *out)
{
    static const struct {
        const char *name;
        enum order_status st;
    } names[] = {
        {"paid", STATUS_PAID},          {"p", STATUS_PAID},
        {"pending", STATUS_PENDING},    {"n", STATUS_PENDING},
        {"unpaid", STATUS_PENDING},     {"cancelled", STATUS_CANCELLED},
        {"canceled", STATUS_CANCELLED}, {"c", STATUS_CANCELLED},
        {"expired", STATUS_CANCELLED},  {"e", STATUS_CANCELLED},
        {"refunded", STATUS_REFUNDED},  {"r", STATUS_REFUNDED},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (!strcasecmp(s, names[i].name)) {
            *out = names[i].st;
            return CK_OK;
        }
    }
    return CK_EINVAL;
}

/* ---- attendee search ---- */

static const char *col(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? t : "";
}

/* The attendee's tutorial slugs, from the space-separated list the query
 * gathers (slugs hold no spaces: event_valid_slug), into the arena. */
static bool read_tutorials(struct arena *a, const char *joined,
                           struct attendee *out)
{
    size_t n = 0;
    for (const char *p = joined; *p; p++)
        n += *p != ' ' && (p == joined || p[-1] == ' ');
    const char **list = arena_alloc(a, (n ? n : 1) * sizeof(*list));
    if (!list)
        return false;
    out->tutorials = list;
    out->ntutorials = 0;
    const char *p = joined;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (!len)
            break;
        char *slug = arena_alloc(a, len + 1);
        if (!slug)
            return false;
        memcpy(slug, p, len);
        slug[len] = '\0';
        list[out->ntutorials++] = slug;
        p += len;
    }
    return true;
}

static int read_attendee(struct arena *a, sqlite3_stmt *st,
                         struct attendee *out)
{
    out->id = sqlite3_column_int64(st, 0);
    out->ticket_id = arena_strdup(a, col(st, 1));
    out->order_code = arena_strdup(a, col(st, 2));
    if (order_status_parse(col(st, 3), &out->status))
        out->status = STATUS_CANCELLED;
    out->given_name = arena_strdup(a, col(st, 4));
    out->family_name = arena_strdup(a, col(st, 5));
    out->badge_name = arena_strdup(a, col(st, 6));
    out->pronouns = arena_strdup(a, col(st, 7));
    out->company = arena_strdup(a, col(st, 8));
    out->email = arena_strdup(a, col(st, 9));
    out->ticket_type = arena_strdup(a, col(st, 10));
    out->ticket_type_label = arena_strdup(a, col(st, 11));
    out->sponsor_consent = sqlite3_column_int(st, 12) != 0;
    bool tutorials = read_tutorials(a, col(st, 13), out);
    out->checkin_ms = sqlite3_column_int64(st, 14);
    out->checkin_station = arena_strdup(a, col(st, 15));
    out->testmode = sqlite3_column_int(st, 16) != 0;
    out->checkin_read_ms = sqlite3_column_int64(st, 17);
    return out->ticket_id && out->order_code && out->given_name &&
                   out->family_name && out->badge_name && out->pronouns &&
                   out->company && out->email && out->ticket_type &&
                   out->ticket_type_label && tutorials && out->checkin_station
               ? CK_OK
               : CK_ENOMEM;
}

void attendee_list_free(struct attendee_list *l)
{
    if (!l)
        return;
    free(l->items);
    arena_free(l->arena);
    memset(l, 0, sizeof(*l));
}

int store_run_attendees(store *s, const char *sql, int slot,
                        void (*bind)(sqlite3_stmt *, const void *),
                        const void *ctx, struct attendee_list *out,
                        struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st;
    int code = store_prepare(s, sql, slot >= 0 ? &s->attendee_q[slot] : NULL,
                             &st, N_("looking up attendees"), err);
    if (code)
        return code;
    int rc = SQLITE_OK;
    bind(st, ctx);
    out->arena = arena_new();
    size_t cap = 0;
    while (out->arena && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(out->items, out->n, 1, cap))
            break;
        if (read_attendee(out->arena, st, &out->items[out->n]))
            break;
        out->n++;
    }
    if (!out->arena || rc == SQLITE_ROW)
        code = ck_fail(err, CK_ENOMEM, "Out of memory looking up attendees.");
    else if (rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("looking up attendees"), err);
    if (slot >= 0) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else {
        sqlite3_finalize(st);
    }
    if (code)
        attendee_list_free(out);
    return code;
}

static void bind_id(sqlite3_stmt *st, const void *ctx)
{
    sqlite3_bind_int64(st, 1, *(const int64_t *)ctx);
}

int store_attendee_get(store *s, int64_t id, struct attendee_list *out,
                       struct ck_error *err)
{
    int code = store_run_attendees(s, SELECT_ATTENDEES "WHERE a.id = ?1", 0,
                                   bind_id, &id, out, err);
    if (!code && out->n == 0) {
        attendee_list_free(out);
        code = ck_fail(err, CK_ENOTFOUND, "No attendee has id %lld.",
                       (long long)id);
    }
    return code;
}

static void bind_text(sqlite3_stmt *st, const void *ctx)
{
    sqlite3_bind_text(st, 1, ctx, -1, SQLITE_STATIC);
}

int store_attendee_order(store *s, const char *order_code,
                         struct attendee_list *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!order_code || !*order_code)
        return CK_OK;
    /* Most orders are of one person: counted on the index, they cost a
     * desk's verdict a twentieth of reading the order's people (measured
     * in docs/stations.md, "A group"). */
    int rc = SQLITE_OK;
    if (!s->order_count_q)
        rc = sqlite3_prepare_v3(s->db,
                                "SELECT count(*) FROM attendee WHERE"
                                " order_code = ?1",
                                -1, SQLITE_PREPARE_PERSISTENT,
                                &s->order_count_q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(s->order_count_q, 1, order_code, -1, SQLITE_STATIC);
        rc = sqlite3_step(s->order_count_q);
    }
    sqlite3_int64 n =
        rc == SQLITE_ROW ? sqlite3_column_int64(s->order_count_q, 0) : 0;
    if (s->order_count_q) {
        sqlite3_reset(s->order_count_q);
        sqlite3_clear_bindings(s->order_count_q);
    }
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("counting an order's attendees"),
                                 err);
    if (n < 2)
        return CK_OK;
    return store_run_attendees(s,
                               SELECT_ATTENDEES "WHERE a.order_code = ?1 "
                                                "ORDER BY a.ticket_id, a.id",
                               4, bind_text, order_code, out, err);
}

int store_attendee_find_one(store *s, const char *who,
                            struct attendee_list *out, struct ck_error *err)
{
    /* Exact identifiers first, in the order a volunteer would mean them. */
    static const char *const exact[] = {
        SELECT_ATTENDEES "WHERE a.ticket_id = ?1",
        SELECT_ATTENDEES "WHERE a.id = (SELECT attendee_id FROM "
                         "ticket_secret WHERE secret = ?1 UNION ALL SELECT "
                         "attendee_id FROM addon_secret WHERE secret = ?1)",
        SELECT_ATTENDEES "WHERE a.order_code = ?1 COLLATE NOCASE",
    };
    for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
        int code = store_run_attendees(s, exact[i], 1 + (int)i, bind_text, who,
                                       out, err);
        if (code)
            return code;
        if (out->n == 1)
            return CK_OK;
        if (out->n > 1) {
            size_t n = out->n;
            attendee_list_free(out);
            return ck_failn(err, CK_EINVAL, n,
                            "Order %s has %zu attendee; give a ticket id or a "
                            "name instead.",
                            "Order %s has %zu attendees; give a ticket id or a "
                            "name instead.",
                            who, n);
        }
        attendee_list_free(out);
    }
    int code = store_attendee_search(s, who, 2, out, err);
    if (code)
        return code;
    if (out->n == 1)
        return CK_OK;
    bool none = out->n == 0;
    attendee_list_free(out);
    if (none)
        return ck_fail(err, CK_ENOTFOUND,
                       "Nobody matches '%s'; check the spelling or search "
                       "with 'checkin attendees'.",
                       who);
    return ck_fail(err, CK_EINVAL,
                   "More than one attendee matches '%s'; give a ticket id or "
                   "more of the name.",
                   who);
}

int store_event_timezone(store *s, char *out, size_t cap, struct ck_error *err)
{
    sqlite3_stmt *st;
    out[0] = '\0';
    int rc = store_prepare(s, "SELECT timezone FROM event", NULL, &st,
                           N_("reading the event"), err);
    if (rc)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return ck_fail(err, CK_ENOTFOUND,
                       "%s has no event; run 'checkin init' first.", s->path);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("reading the event"), err);
    return CK_OK;
}

int store_tutorial_id(store *s, const char *slug, int64_t *id,
                      struct ck_error *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT id, (SELECT group_concat(slug, ', ') "
                           "FROM tutorial) FROM tutorial WHERE slug = ?1 "
                           "UNION ALL SELECT 0, group_concat(slug, ', ') "
                           "FROM tutorial",
                           NULL, &st, N_("looking up a tutorial"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
    int code = CK_OK;
    if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
        code = store_sqlite_fail(s, rc, N_("looking up a tutorial"), err);
    } else if ((*id = sqlite3_column_int64(st, 0)) == 0) {
        const char *all = (const char *)sqlite3_column_text(st, 1);
        code = all ? ck_fail(err, CK_ENOTFOUND,
                             "There is no tutorial '%s'; the tutorials are: "
                             "%s.",
                             slug, all)
                   : ck_fail(err, CK_ENOTFOUND,
                             "There is no tutorial '%s'; this event has none.",
                             slug);
    }
    sqlite3_finalize(st);
    return code;
}
