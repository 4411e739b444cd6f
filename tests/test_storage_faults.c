/* Storage that fails under a running desk station: a full disk, write
 * errors, a failing fsync, read errors and short reads, shared-memory
 * errors.  An SQLite VFS shim, registered as the default VFS before the
 * store opens its file, wraps the platform VFS and holds one fault: which
 * call fails (xWrite, xSync, xRead, xShmMap, xShmLock), with which code,
 * on which file (the database, its WAL, either), after how many such calls
 * go through (the budget), and for how long (a number of refusals, or
 * until the test clears it).  Round after round the budget runs out one
 * call later, like SQLite's own I/O error tests, so the fault lands on
 * every call of a scan in turn.  The store's own guard VFS (store.c) sits
 * above the shim, as it sits above the platform's.  Shared memory is
 * mapped only as a connection opens, so xShmMap faults land while the
 * station is opened again.
 *
 * Every scan is checked as it happens: the station answers (an error only
 * where a read or shared memory failed, never a crash), the verdict is the
 * one a fault-free station on a copy of the same journal gives (the
 * oracle), and it is shown recorded exactly when its row is in the file,
 * read through a connection of our own.  Once the fault is over the same
 * station records again without being reopened.  At the end the file,
 * reopened without the shim, holds every scan shown recorded under its
 * number, numbers run 1..max, and integrity_check passes.  Where a commit
 * failed after its WAL frames were written (a failed fsync), a copy of
 * the files as a crash at that moment would leave them shows whether the
 * scan comes back on recovery. */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/station.h"
#include "checkin/station_sentence.h"
#include "checkin/store.h"
#include "checkin/store_sql.h"
#include "keep_result.h"
#include "testutil.h"

/* ---- the shim: one fault at a time ---- */

enum fault_op { OP_NONE, OP_WRITE, OP_SYNC, OP_READ, OP_SHM_MAP, OP_SHM_LOCK };
enum fault_file { ON_ANY, ON_DB, ON_WAL, ON_OTHER };

static const char *const OP_CALLS[] = {"",      "writes",   "syncs",
                                       "reads", "shm maps", "shm locks"};

static struct {
    enum fault_op op;
    int rc;              /* what a refused call returns */
    enum fault_file on;  /* ON_ANY: the database or its WAL */
    long budget;         /* matching calls let through first; -1: off */
    long fails;          /* refusals left; -1: until fault_clear() */
    long calls, refused; /* matching calls seen, refused */
} fault;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static sqlite3_int64 wal_end; /* end of the WAL's current generation */

struct shim_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct in the same allocation */
    enum fault_file kind;
};

#define REAL(f) (((struct shim_file *)(f))->real)

/* SQLITE_OK to let the call through, else the code to fail it with. */
static int inject(sqlite3_file *f, enum fault_op op)
{
    enum fault_file kind = ((struct shim_file *)f)->kind;
    if (op != fault.op || kind == ON_OTHER ||
        (fault.on != ON_ANY && fault.on != kind))
        return SQLITE_OK;
    fault.calls++;
    if (fault.budget < 0 || fault.fails == 0)
        return SQLITE_OK;
    if (fault.budget > 0) {
        fault.budget--;
        return SQLITE_OK;
    }
    if (fault.fails > 0)
        fault.fails--;
    fault.refused++;
    return fault.rc;
}

static int s_close(sqlite3_file *f)
{
    return REAL(f)->pMethods->xClose(REAL(f));
}
static int s_read(sqlite3_file *f, void *b, int n, sqlite3_int64 off)
{
    int rc = inject(f, OP_READ);
    if (rc == SQLITE_IOERR_SHORT_READ) {
        /* Half the bytes arrive; the VFS contract zero-fills the rest. */
        int real = REAL(f)->pMethods->xRead(REAL(f), b, n, off);
        if (real != SQLITE_OK && real != SQLITE_IOERR_SHORT_READ)
            return real;
        memset((char *)b + n / 2, 0, (size_t)(n - n / 2));
        return rc;
    }
    if (rc)
        return rc;
    return REAL(f)->pMethods->xRead(REAL(f), b, n, off);
}
static int s_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off)
{
    int rc = inject(f, OP_WRITE);
    if (rc)
        return rc;
    rc = REAL(f)->pMethods->xWrite(REAL(f), b, n, off);
    if (rc == SQLITE_OK && ((struct shim_file *)f)->kind == ON_WAL) {
        if (off == 0) /* a new header: the WAL starts over */
            wal_end = 0;
        if (off + n > wal_end)
            wal_end = off + n;
    }
    return rc;
}
static int s_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int s_sync(sqlite3_file *f, int flags)
{
    int rc = inject(f, OP_SYNC);
    if (rc)
        return rc;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int s_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int s_lock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int s_unlock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int s_check(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int s_fcntl(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int s_sector(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int s_devchar(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
/* Shared memory is mapped and locked through the database file. */
static int s_shmmap(sqlite3_file *f, int pg, int sz, int ext, void volatile **p)
{
    int rc = inject(f, OP_SHM_MAP);
    if (rc) {
        *p = NULL;
        return rc;
    }
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, p);
}
static int s_shmlock(sqlite3_file *f, int off, int n, int flags)
{
    /* Only taking a lock can fail; an unlock that failed would leave the
     * real lock held, which no disk does. */
    int rc = flags & SQLITE_SHM_LOCK ? inject(f, OP_SHM_LOCK) : SQLITE_OK;
    if (rc)
        return rc;
    return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void s_shmbarrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int s_shmunmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int s_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}
static int s_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods SHIM_IO = {
    3,         s_close,  s_read,    s_write,      s_truncate, s_sync,
    s_size,    s_lock,   s_unlock,  s_check,      s_fcntl,    s_sector,
    s_devchar, s_shmmap, s_shmlock, s_shmbarrier, s_shmunmap, s_fetch,
    s_unfetch,
};

static int s_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
                  int flags, int *out_flags)
{
    (void)vfs;
    struct shim_file *sf = (struct shim_file *)f;
    sf->real = (sqlite3_file *)(sf + 1);
    sf->kind = flags & SQLITE_OPEN_MAIN_DB ? ON_DB
               : flags & SQLITE_OPEN_WAL   ? ON_WAL
                                           : ON_OTHER;
    int rc = real_vfs->xOpen(real_vfs, name, sf->real, flags, out_flags);
    /* The real file's methods must be at least version 3 for us to
     * forward every call; the unix VFS's are. */
    f->pMethods = sf->real->pMethods ? &SHIM_IO : NULL;
    if (sf->real->pMethods && sf->real->pMethods->iVersion < 3)
        TU_FAIL_AT("the default VFS's files are version %d",
                   sf->real->pMethods->iVersion);
    return rc;
}

/* The station's connection, caught as it opens, so that read faults can
 * empty its page cache before each scan and reads reach the disk. */
static sqlite3 *station_db;
static bool catch_next;

static int catch_connection(sqlite3 *db, char **msg,
                            const struct sqlite3_api_routines *api)
{
    (void)msg;
    (void)api;
    if (catch_next) {
        station_db = db;
        catch_next = false;
    }
    return SQLITE_OK;
}

static void shim_register(void)
{
    if (real_vfs)
        return;
    real_vfs = sqlite3_vfs_find(NULL);
    shim_vfs = *real_vfs; /* every other method is the platform's */
    shim_vfs.zName = "storage-fault-shim";
    shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
    shim_vfs.xOpen = s_open;
    shim_vfs.pNext = NULL;
    if (sqlite3_vfs_register(&shim_vfs, 1) != SQLITE_OK)
        TU_FAIL_AT("registering the VFS shim");
    if (sqlite3_auto_extension((void (*)(void))catch_connection) != SQLITE_OK)
        TU_FAIL_AT("registering the connection catcher");
}

/* ---- what a phase does ---- */

enum shape {
    ROUNDS,      /* budget 0, 1, 2, ...: PER_ROUND scans, then cleared */
    CHECKPOINTS, /* the database file fails, the WAL does not: commits go
                    on, automatic checkpoints fail part way */
    OPENS        /* as ROUNDS, but the station is opened again first */
};

struct phase {
    const char *name;
    enum fault_op op;
    int rc;
    enum fault_file on;
    long fails; /* refusals before the fault is over; -1: until cleared */
    enum shape shape;
};

#define UNTIL_CLEARED (-1)
#define TRANSIENT 3

struct tally {
    long rounds, calls, refused, not_recorded, errors, recovered, by_itself;
    long not_recovered, recorded, wrong, details, visible_unrecorded;
    long ckpt_unrecorded, images, image_unrecorded, image_bad_seq;
    char first_reason[STATION_TEXT_CAP], first_error[STATION_TEXT_CAP];
};

/* Reads and shared memory stand between the station and its verdict, so
 * a scan may end in an error there; writes and syncs only between the
 * verdict and the journal, so a scan always gets its verdict. */
static bool errors_allowed(const struct phase *ph)
{
    return ph->op == OP_READ || ph->op == OP_SHM_MAP || ph->op == OP_SHM_LOCK;
}

/* Every commit goes through this call, so once it fails for good every
 * later commit in the round fails too. */
static bool every_commit_needs_it(const struct phase *ph)
{
    return (ph->op == OP_WRITE || ph->op == OP_SYNC) && ph->on != ON_DB;
}

static void fault_arm(const struct phase *ph, long budget)
{
    fault.budget = budget;
    fault.fails = ph->fails;
}

static void fault_clear(void)
{
    fault.budget = -1;
}

/* ---- the run: the station, its oracle and the record of what it said ---- */

#define STATION "desk-faults"
/* Scans a round with the fault armed.  The budget walks one call further
 * each round until it outlasts a round, so the fault lands on every call
 * of the round's scans: on every call of a scan's own within the first
 * scan and again, with more rows in the file, in the later ones.  Under
 * AddressSanitizer three scans: every call of a scan is still refused
 * once, and with it every error path the station takes; the rounds
 * (about as many as a round's calls) are half as many and each half as
 * long, where the ASan stage spent 84 s of CPU and 389 s of wall in six
 * (2026-11-29, a load of 12). */
#if defined(__SANITIZE_ADDRESS__)
#define PER_ROUND 3
#else
#define PER_ROUND 6
#endif
#define MAX_ROUNDS 400
#define CKPT_SCANS 400
#define MAX_IMAGES 40
#define MAX_SECRETS 1024

static char secrets[MAX_SECRETS][64];
static size_t nsecrets;

/* One scan as the volunteer saw it. */
struct shown {
    int64_t at_ms; /* unique per scan: the key to find its row */
    int64_t seq;
    bool recorded;
    enum scan_decision decision;
};

struct run {
    char db[4096], oracle_db[4096];
    store *s, *os;
    station *st, *ost;    /* under faults; the fault-free oracle */
    sqlite3 *watch, *odb; /* clean connections to both files */
    sqlite3_stmt *find, *count, *forget;
    int dbfd; /* kept open: closing it would drop locks */
    int64_t at;
    size_t next;
    struct shown *log;
    size_t nlog, cap;
    const struct phase *ph;
    struct tally *t;
    bool imaged; /* a crash image was taken this round */
};

static void load_secrets(const char *db)
{
    sqlite3 *h;
    sqlite3_stmt *q;
    nsecrets = 0;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, real_vfs->zName) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(h,
                           "SELECT secret FROM ticket_secret ORDER BY "
                           "secret",
                           -1, &q, NULL) != SQLITE_OK) {
        TU_FAIL_AT("reading secrets: %s", sqlite3_errmsg(h));
        sqlite3_close(h);
        return;
    }
    while (nsecrets < MAX_SECRETS && sqlite3_step(q) == SQLITE_ROW)
        snprintf(secrets[nsecrets++], sizeof(secrets[0]), "%s",
                 (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(h);
}

static long long query_int(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *q;
    long long v = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) != SQLITE_OK) {
        TU_FAIL_AT("%s: %s", sql, sqlite3_errmsg(h));
        return -1;
    }
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

static bool copy_file(const char *from, const char *to)
{
    size_t n;
    char *data = tu_read_file(from, &n);
    bool ok = data && tu_write_file(to, data, n) == 0;
    free(data);
    return ok;
}

/* This station's row for the scan at `at_ms`, through FIND_SQL prepared
 * on a clean connection. */
static bool find_row(sqlite3_stmt *q, int64_t at_ms, int64_t *seq,
                     char *decision, size_t cap)
{
    sqlite3_bind_text(q, 1, STATION, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, at_ms);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(q, 0);
        snprintf(decision, cap, "%s", sqlite3_column_text(q, 1));
    } else if (rc != SQLITE_DONE) {
        TU_FAIL_AT("looking for the row at %lld: %s", (long long)at_ms,
                   sqlite3_errstr(rc));
    }
    sqlite3_reset(q);
    return rc == SQLITE_ROW;
}

static long long count_rows(struct run *u)
{
    long long n = -1;
    if (sqlite3_step(u->count) == SQLITE_ROW)
        n = sqlite3_column_int64(u->count, 0);
    sqlite3_reset(u->count);
    return n;
}

#define FIND_SQL                                                               \
    "SELECT seq, decision FROM scan WHERE station = ?1 AND at_ms = ?2"

/* Copy the database and the written part of its WAL as a crash at this
 * moment would leave them (the files, no shared memory), let SQLite
 * recover the copy, and look for the scan at `at_ms` there. */
static void crash_image(struct run *u, int64_t at_ms)
{
    char img[4096], img_wal[4100], img_shm[4100], wal[4100];
    snprintf(img, sizeof(img), "%s", tu_path("crash.db"));
    snprintf(img_wal, sizeof(img_wal), "%s-wal", img);
    snprintf(img_shm, sizeof(img_shm), "%s-shm", img);
    snprintf(wal, sizeof(wal), "%s-wal", u->db);
    unlink(img_wal);
    unlink(img_shm);
    off_t size = lseek(u->dbfd, 0, SEEK_END);
    char *buf = malloc(size > 0 ? (size_t)size : 1);
    size_t wn = 0;
    char *wbuf = NULL;
    bool ok = buf && size > 0 && pread(u->dbfd, buf, (size_t)size, 0) == size &&
              tu_write_file(img, buf, (size_t)size) == 0;
    /* The WAL's inode holds no locks, so it may be opened and closed. */
    if (ok && (wbuf = tu_read_file(wal, &wn)) != NULL) {
        if ((sqlite3_int64)wn > wal_end)
            wn = (size_t)wal_end;
        ok = tu_write_file(img_wal, wbuf, wn) == 0;
    }
    free(buf);
    free(wbuf);
    if (!ok) {
        TU_FAIL_AT("copying %s for a crash image", u->db);
        return;
    }
    sqlite3 *h;
    sqlite3_stmt *q;
    if (sqlite3_open_v2(img, &h, SQLITE_OPEN_READWRITE, real_vfs->zName) !=
            SQLITE_OK ||
        sqlite3_db_config(h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(h, FIND_SQL, -1, &q, NULL) != SQLITE_OK) {
        TU_FAIL_AT("recovering a crash image: %s", sqlite3_errmsg(h));
        sqlite3_close(h);
        return;
    }
    int64_t seq;
    char decision[16];
    u->t->images++;
    if (find_row(q, at_ms, &seq, decision, sizeof(decision)))
        u->t->image_unrecorded++;
    sqlite3_finalize(q);
    /* Numbers stay unique (the primary key) and without gaps. */
    long long rows = query_int(h, "SELECT count(*) FROM scan WHERE station "
                                  "= '" STATION "'");
    long long hi = query_int(h, "SELECT max(seq) FROM scan WHERE station = "
                                "'" STATION "'");
    if (rows != hi) {
        u->t->image_bad_seq++;
        TU_FAIL_AT("%s: a crash image holds %lld rows numbered up to %lld",
                   u->ph->name, rows, hi);
    }
    sqlite3_close(h);
    unlink(img_wal);
    unlink(img_shm);
    unlink(img);
}

/* The same tutorials, in the same order, with the same rooms and times. */
static bool same_tutorials(const struct station_result *a,
                           const struct station_result *b)
{
    if (station_result_ntutorials(a) != station_result_ntutorials(b))
        return false;
    for (size_t i = 0; i < station_result_ntutorials(a); i++)
        if (strcmp(station_tutorial_title(a, station_result_tutorial(a, i)),
                   station_tutorial_title(b, station_result_tutorial(b, i))) ||
            strcmp(station_tutorial_room(a, station_result_tutorial(a, i)),
                   station_tutorial_room(b, station_result_tutorial(b, i))) ||
            strcmp(station_tutorial_slot(a, station_result_tutorial(a, i)),
                   station_tutorial_slot(b, station_result_tutorial(b, i))))
            return false;
    return a->tutorials_more == b->tutorials_more;
}

/* The same scan at the fault-free station must give the same verdict;
 * then its journal is made to match what the faulty station's file holds. */
static void ask_oracle(struct run *u, const char *code,
                       const struct station_result *r, bool keep)
{
    struct station_result o;
    struct ck_error err = {0};
    int rc = station_scan(u->ost, (const uint8_t *)code, strlen(code), u->at,
                          &o, &err);
    keep_result(&o);
    if (rc || !station_result_recorded(&o)) {
        TU_FAIL_AT("the fault-free station failed: %s %s", err.msg,
                   station_record_error(&o));
        return;
    }
    char said[STATION_SENTENCE_CAP], osaid[STATION_SENTENCE_CAP];
    char seen[STATION_SENTENCE_CAP], oseen[STATION_SENTENCE_CAP];
    station_result_sentence(r, said, sizeof(said));
    station_result_sentence(&o, osaid, sizeof(osaid));
    station_result_history(r, seen, sizeof(seen));
    station_result_history(&o, oseen, sizeof(oseen));
    if (o.decision != r->decision || o.reason != r->reason ||
        strcmp(osaid, said) != 0 || strcmp(oseen, seen) != 0 ||
        strcmp(o.ticket_id, r->ticket_id) != 0) {
        u->t->wrong++;
        TU_FAIL_AT("%s: a wrong verdict for %s: \"%s\" (%s; %s), the "
                   "fault-free station says \"%s\" (%s; %s)",
                   u->ph->name, code, said, station_reason_token(r->reason),
                   seen, osaid, station_reason_token(o.reason), oseen);
    } else if (!same_tutorials(&o, r) ||
               strcmp(o.badge_name, r->badge_name) != 0) {
        /* A read fault must end the scan in an error, never in a
         * shorter tutorial list passed off as the whole one. */
        u->t->details++;
        TU_FAIL_AT("%s: details differ for %s: %zu tutorials, fault-free %zu",
                   u->ph->name, code, station_result_ntutorials(r),
                   station_result_ntutorials(&o));
    }
    if (keep)
        return;
    sqlite3_bind_text(u->forget, 1, STATION, -1, SQLITE_STATIC);
    sqlite3_bind_int64(u->forget, 2, u->at);
    if (sqlite3_step(u->forget) != SQLITE_DONE)
        TU_FAIL_AT("forgetting the oracle's row: %s", sqlite3_errmsg(u->odb));
    sqlite3_reset(u->forget);
}

static bool sentence_names_cause(const struct phase *ph, const char *msg)
{
    if (ph->rc == SQLITE_FULL)
        return strstr(msg, "full") || strstr(msg, "space");
    return strstr(msg, "disk") != NULL;
}

enum outcome { RECORDED, NOT_RECORDED, REFUSED, BROKEN };

/* One scan under whatever fault is armed, checked at once. */
static enum outcome scan(struct run *u)
{
    const struct phase *ph = u->ph;
    struct tally *t = u->t;
    if (u->nlog == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 1024;
        struct shown *log = realloc(u->log, cap * sizeof(*log));
        if (!log) {
            TU_FAIL_AT("out of memory");
            return BROKEN;
        }
        u->log = log;
        u->cap = cap;
    }
    if (ph->op == OP_READ && station_db)
        sqlite3_db_release_memory(station_db);
    u->at += 1000;
    const char *code = secrets[u->next++ % nsecrets];
    struct station_result r;
    struct ck_error err = {0};
    int rc = station_scan(u->st, (const uint8_t *)code, strlen(code), u->at, &r,
                          &err);
    keep_result(&r);
    struct shown *sh = &u->log[u->nlog++];
    *sh = (struct shown){.at_ms = u->at};
    int64_t seq = 0;
    char decision[16] = "";
    bool there = find_row(u->find, u->at, &seq, decision, sizeof(decision));
    if (rc) {
        if (!errors_allowed(ph)) {
            TU_FAIL_AT("%s: station_scan failed outright (code %d): %s",
                       ph->name, rc, err.msg);
            return BROKEN;
        }
        if (t->errors++ == 0)
            snprintf(t->first_error, sizeof(t->first_error), "%s", err.msg);
        if (!sentence_names_cause(ph, err.msg))
            TU_FAIL_AT("%s: the error does not name the disk: \"%s\"", ph->name,
                       err.msg);
        if (there)
            TU_FAIL_AT("%s: a scan that ended in an error has row %lld",
                       ph->name, (long long)seq);
        return REFUSED;
    }
    if (r.reason == STATION_REASON_NONE)
        TU_FAIL_AT("%s: a decision without a reason", ph->name);
    sh->recorded = station_result_recorded(&r);
    sh->seq = r.seq;
    sh->decision = r.decision;
    if (station_result_recorded(&r)) {
        t->recorded++;
        if (!there || seq != r.seq ||
            strcmp(decision, scan_decision_str(r.decision)) != 0)
            TU_FAIL_AT("%s: shown recorded as %lld (%s) but the file has "
                       "%s %lld (%s)",
                       ph->name, (long long)r.seq,
                       scan_decision_str(r.decision), there ? "row" : "no row",
                       (long long)seq, decision);
    } else {
        if (t->not_recorded++ == 0)
            snprintf(t->first_reason, sizeof(t->first_reason), "%s",
                     station_record_error(&r));
        EXPECT_INT(r.seq, 0);
        if (!sentence_names_cause(ph, station_record_error(&r)))
            TU_FAIL_AT("%s: the NOT RECORDED reason does not name the "
                       "cause: \"%s\"",
                       ph->name, station_record_error(&r));
        if (ph->op == OP_SYNC &&
            !strstr(station_record_error(&r), "may or may not"))
            TU_FAIL_AT("%s: after a failed fsync the reason must say the "
                       "scan may be there all the same: \"%s\"",
                       ph->name, station_record_error(&r));
        if (there)
            t->visible_unrecorded++;
        if (!u->imaged && t->images < MAX_IMAGES) {
            u->imaged = true;
            crash_image(u, u->at);
        }
    }
    ask_oracle(u, code, &r, station_result_recorded(&r) || there);
    return station_result_recorded(&r) ? RECORDED : NOT_RECORDED;
}

/* The budget runs out one call later each round; PER_ROUND scans with the
 * fault armed, then it is cleared and the next scan must be recorded. */
static void run_rounds(struct run *u)
{
    const struct phase *ph = u->ph;
    struct tally *t = u->t;
    long quiet = 0;
    for (long n = 0; n < MAX_ROUNDS && quiet < 3; n++) {
        long long before = count_rows(u);
        long recorded = t->recorded, visible = t->visible_unrecorded;
        long refused = fault.refused;
        bool failing = false, healed = false;
        t->rounds++;
        u->imaged = false;
        fault_arm(ph, n);
        for (int k = 0; k < PER_ROUND; k++) {
            bool over = ph->fails >= 0 && fault.fails == 0;
            enum outcome o = scan(u);
            if (o == BROKEN)
                return;
            if (o != RECORDED) {
                failing = true;
                if (over)
                    TU_FAIL_AT("%s, round %ld: the fault is over, yet scan "
                               "%d is not recorded",
                               ph->name, n, k);
            } else if (failing && ph->fails < 0 && every_commit_needs_it(ph)) {
                TU_FAIL_AT("%s, round %ld: scan %d recorded although the "
                           "fault persists",
                           ph->name, n, k);
            } else if (failing && over && !healed) {
                healed = true;
                t->by_itself++;
            }
        }
        fault_clear();
        bool landed = fault.refused > refused;
        enum outcome o = scan(u);
        if (o == BROKEN)
            return;
        if (o == RECORDED) {
            if (landed)
                t->recovered++;
        } else {
            t->not_recovered++;
            TU_FAIL_AT("%s, round %ld: with the fault cleared the station "
                       "still does not record",
                       ph->name, n);
            if (t->not_recovered >= 3)
                return; /* one failure says it; no need for hundreds */
        }
        long long after = count_rows(u);
        long long expect = before + (t->recorded - recorded) +
                           (t->visible_unrecorded - visible);
        if (after != expect)
            TU_FAIL_AT("%s, round %ld: %lld rows before, %lld after, but "
                       "%ld scans were shown recorded",
                       ph->name, n, before, after, t->recorded - recorded);
        /* Stop once the budget no longer runs out within a round. */
        quiet = landed ? 0 : quiet + 1;
    }
}

/* The database file fails but the WAL does not: commits land in the WAL
 * and every automatic checkpoint (each ~1000 WAL pages) fails part way.
 * A commit that is durable must be shown recorded, and checkpoints must
 * succeed again once the fault is over. */
static void run_checkpoints(struct run *u)
{
    static const long budgets[] = {0, 2, 4, 6, 8};
    const struct phase *ph = u->ph;
    struct tally *t = u->t;
    /* A checkpoint makes many writes but one sync of the database file;
     * a fault that clears itself needs landing only once. */
    size_t nb = ph->op == OP_WRITE && ph->fails < 0
                    ? sizeof(budgets) / sizeof(budgets[0])
                    : 1;
    for (size_t b = 0; b < nb && !t->not_recovered; b++) {
        long long before = count_rows(u);
        long recorded = t->recorded;
        long calls = fault.calls, refused = fault.refused;
        t->rounds++;
        u->imaged = false;
        fault_arm(ph, budgets[b]);
        for (int i = 0; i < CKPT_SCANS; i++) {
            enum outcome o = scan(u);
            if (o == BROKEN)
                return;
            if (o != RECORDED && ++t->ckpt_unrecorded <= 3)
                TU_FAIL_AT("%s after %ld calls: a commit was shown NOT "
                           "RECORDED",
                           ph->name, budgets[b]);
        }
        if (fault.calls - calls <= budgets[b])
            TU_FAIL_AT("%s: no checkpoint was attempted in %d scans (%ld "
                       "calls)",
                       ph->name, CKPT_SCANS, fault.calls - calls);
        fault_clear();
        bool landed = fault.refused > refused, back = true;
        for (int i = 0; i < 3; i++) {
            enum outcome o = scan(u);
            if (o == BROKEN)
                return;
            if (o != RECORDED) {
                back = false;
                TU_FAIL_AT("%s: the fault is cleared, still NOT RECORDED",
                           ph->name);
            }
        }
        if (landed && back)
            t->recovered++;
        else if (!back)
            t->not_recovered++;
        long long after = count_rows(u);
        if (after != before + (t->recorded - recorded))
            TU_FAIL_AT("%s: %lld rows before, %lld after, but %ld scans "
                       "were shown recorded",
                       ph->name, before, after, t->recorded - recorded);
    }
}

static int open_station(struct run *u, struct ck_error *err)
{
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = STATION, .open_before_ms = -1};
    catch_next = true;
    int code = store_open(u->db, STORE_EXISTING, &u->s, err);
    catch_next = false;
    if (!code)
        code = station_open(u->s, &cfg, &u->st, err);
    if (code) {
        store_close(u->s);
        u->s = NULL;
        u->st = NULL;
        station_db = NULL;
    }
    return code;
}

static void close_station(struct run *u)
{
    station_free(u->st);
    store_close(u->s);
    u->st = NULL;
    u->s = NULL;
    station_db = NULL;
}

/* xShmMap is called when a connection first maps the WAL index, so in a
 * running station it never comes: each round opens the station again with
 * the budget armed.  An open that fails must say why, and once the fault
 * is cleared the station opens and records. */
static void run_opens(struct run *u)
{
    const struct phase *ph = u->ph;
    struct tally *t = u->t;
    long quiet = 0;
    for (long n = 0; n < MAX_ROUNDS && quiet < 3; n++) {
        long long before = count_rows(u);
        long recorded = t->recorded;
        long refused = fault.refused;
        struct ck_error err = {0};
        t->rounds++;
        u->imaged = false;
        close_station(u);
        fault_arm(ph, n);
        bool opened = open_station(u, &err) == CK_OK;
        if (!opened) {
            if (t->errors++ == 0)
                snprintf(t->first_error, sizeof(t->first_error), "%s", err.msg);
            if (!sentence_names_cause(ph, err.msg))
                TU_FAIL_AT("%s, round %ld: opening failed without naming "
                           "the disk: \"%s\"",
                           ph->name, n, err.msg);
            fault_clear();
            if (open_station(u, &err) != CK_OK) {
                t->not_recovered++;
                TU_FAIL_AT("%s, round %ld: with the fault cleared the "
                           "station does not open: %s",
                           ph->name, n, err.msg);
                return;
            }
        }
        for (int k = 0; k < PER_ROUND; k++)
            if (scan(u) == BROKEN)
                return;
        fault_clear();
        bool landed = fault.refused > refused;
        enum outcome o = scan(u);
        if (o == BROKEN)
            return;
        if (o == RECORDED) {
            if (landed)
                t->recovered++;
        } else {
            t->not_recovered++;
            TU_FAIL_AT("%s, round %ld: with the fault cleared the station "
                       "does not record",
                       ph->name, n);
            return;
        }
        if (count_rows(u) != before + (t->recorded - recorded))
            TU_FAIL_AT("%s, round %ld: the rows do not match the scans "
                       "shown recorded",
                       ph->name, n);
        quiet = landed ? 0 : quiet + 1;
    }
}

static bool run_open(struct run *u, const char *name)
{
    char file[128];
    shim_register();
    const char *demo = tu_demo_event();
    snprintf(file, sizeof(file), "%s.db", name);
    snprintf(u->db, sizeof(u->db), "%s", tu_path(file));
    snprintf(file, sizeof(file), "%s-oracle.db", name);
    snprintf(u->oracle_db, sizeof(u->oracle_db), "%s", tu_path(file));
    if (!copy_file(demo, u->db) || !copy_file(demo, u->oracle_db)) {
        TU_FAIL_AT("copying the demo event");
        return false;
    }
    if (!nsecrets)
        load_secrets(demo);
    if (!nsecrets)
        return false;
    if (event_local_to_utc("2027-05-12 08:00", "America/Los_Angeles", &u->at) !=
        0)
        return false;
    u->at *= 1000;
    wal_end = 0;
    memset(&fault, 0, sizeof(fault));
    fault.budget = -1;

    struct ck_error err = {0};
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = STATION, .open_before_ms = -1};
    /* The oracle: the same station on a copy, through the platform VFS,
     * whose journal may forget a scan the faulty station did not record. */
    sqlite3_vfs_register(real_vfs, 1);
    int code = store_open(u->oracle_db, STORE_EXISTING, &u->os, &err);
    /* Its commits need not survive power loss: nothing reads its file
     * after a crash.  Without its fsyncs (half of the run's) the test
     * waited on the disk for 60% of its time (full disk: 56 s wall,
     * 22 s on tmpfs, the same CPU). */
    if (!code && sqlite3_exec(store_db(u->os), "PRAGMA synchronous = OFF", NULL,
                              NULL, NULL) != SQLITE_OK) {
        sqlite3_vfs_register(&shim_vfs, 1);
        TU_FAIL_AT("the oracle's synchronous: %s",
                   sqlite3_errmsg(store_db(u->os)));
        return false;
    }
    if (!code)
        code = station_open(u->os, &cfg, &u->ost, &err);
    sqlite3_vfs_register(&shim_vfs, 1);
    if (code) {
        TU_FAIL_AT("opening the oracle station: %s", err.msg);
        return false;
    }
    if (sqlite3_open_v2(u->oracle_db, &u->odb, SQLITE_OPEN_READWRITE,
                        real_vfs->zName) != SQLITE_OK ||
        sqlite3_exec(u->odb,
                     "PRAGMA synchronous = OFF;"
                     " DROP TRIGGER scan_no_delete",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(u->odb,
                           "DELETE FROM scan WHERE station = ?1 "
                           "AND at_ms = ?2",
                           -1, &u->forget, NULL) != SQLITE_OK) {
        TU_FAIL_AT("preparing the oracle: %s", sqlite3_errmsg(u->odb));
        return false;
    }

    code = open_station(u, &err);
    if (code || !station_db) {
        TU_FAIL_AT("opening the station: %s", err.msg);
        return false;
    }
    u->dbfd = open(u->db, O_RDONLY);
    if (u->dbfd < 0 ||
        sqlite3_open_v2(u->db, &u->watch, SQLITE_OPEN_READWRITE,
                        real_vfs->zName) != SQLITE_OK ||
        sqlite3_prepare_v2(u->watch, FIND_SQL, -1, &u->find, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(u->watch,
                           "SELECT count(*) FROM scan WHERE "
                           "station = '" STATION "'",
                           -1, &u->count, NULL) != SQLITE_OK) {
        TU_FAIL_AT("watching %s: %s", u->db, sqlite3_errmsg(u->watch));
        return false;
    }
    return true;
}

static void run_phases(const char *name, const struct phase *phases, size_t n)
{
    struct run u = {.dbfd = -1};
    struct tally tally[8] = {{0}};
    REQUIRE(n <= sizeof(tally) / sizeof(tally[0]));
    if (run_open(&u, name)) {
        for (size_t i = 0; i < n; i++) {
            u.ph = &phases[i];
            u.t = &tally[i];
            fault.op = phases[i].op;
            fault.rc = phases[i].rc;
            fault.on = phases[i].on;
            fault.calls = fault.refused = 0;
            if (phases[i].shape == ROUNDS)
                run_rounds(&u);
            else if (phases[i].shape == CHECKPOINTS)
                run_checkpoints(&u);
            else
                run_opens(&u);
            fault_clear();
            tally[i].calls = fault.calls;
            tally[i].refused = fault.refused;
            fault.op = OP_NONE;
        }
    }
    fault_clear();
    close_station(&u);
    station_free(u.ost);
    store_close(u.os);
    sqlite3_finalize(u.forget);
    sqlite3_close(u.odb);
    sqlite3_finalize(u.find);
    sqlite3_finalize(u.count);
    sqlite3_close(u.watch);
    if (u.dbfd >= 0)
        close(u.dbfd);

    /* Reopened without the shim: every scan shown recorded is there under
     * its number; none shown NOT RECORDED is; numbers are 1..max. */
    sqlite3 *h;
    sqlite3_stmt *q;
    REQUIRE(sqlite3_open_v2(u.db, &h, SQLITE_OPEN_READWRITE, real_vfs->zName) ==
            SQLITE_OK);
    REQUIRE(sqlite3_prepare_v2(h, FIND_SQL, -1, &q, NULL) == SQLITE_OK);
    size_t lost = 0, unshown = 0, recorded = 0;
    for (size_t i = 0; i < u.nlog; i++) {
        const struct shown *sh = &u.log[i];
        int64_t seq = 0;
        char decision[16] = "";
        bool there = find_row(q, sh->at_ms, &seq, decision, sizeof(decision));
        if (sh->recorded) {
            recorded++;
            if (!there || seq != sh->seq ||
                strcmp(decision, scan_decision_str(sh->decision)) != 0) {
                lost++;
                TU_FAIL_AT("recorded seq %lld is missing or differs",
                           (long long)sh->seq);
            }
        } else if (there) {
            unshown++;
        }
    }
    sqlite3_finalize(q);
    long long rows = query_int(h, "SELECT count(*) FROM scan WHERE station = "
                                  "'" STATION "'");
    long long hi = query_int(h, "SELECT max(seq) FROM scan WHERE station = "
                                "'" STATION "'");
    sqlite3_stmt *ic;
    char icr[256] = "";
    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &ic, NULL) ==
            SQLITE_OK &&
        sqlite3_step(ic) == SQLITE_ROW)
        snprintf(icr, sizeof(icr), "%s", sqlite3_column_text(ic, 0));
    sqlite3_finalize(ic);
    sqlite3_close(h);

    for (size_t i = 0; i < n; i++) {
        const struct phase *ph = &phases[i];
        const struct tally *t = &tally[i];
        printf("%s: %ld rounds, %ld %s, %ld refused, %ld scans shown NOT "
               "RECORDED, %ld ended in an error, %ld recoveries %s (%ld "
               "while the fault was armed), %ld not "
               "recovered, %ld recorded, %ld wrong verdicts, %ld other "
               "details wrong, %ld rows visible though shown NOT RECORDED, "
               "%ld of %ld crash images hold a scan shown NOT RECORDED\n",
               ph->name, t->rounds, t->calls, OP_CALLS[ph->op], t->refused,
               t->not_recorded, t->errors, t->recovered,
               ph->shape == OPENS ? "after opening again" : "without reopening",
               t->by_itself, t->not_recovered, t->recorded, t->wrong,
               t->details, t->visible_unrecorded, t->image_unrecorded,
               t->images);
        if (t->first_reason[0])
            printf("  NOT RECORDED: %s\n", t->first_reason);
        if (t->first_error[0])
            printf("  error: %s\n", t->first_error);
        EXPECT_TRUE(t->refused > 0);
        EXPECT_INT(t->wrong, 0);
        EXPECT_INT(t->not_recovered, 0);
        EXPECT_INT(t->image_bad_seq, 0);
        if (ph->shape == CHECKPOINTS) {
            EXPECT_INT(t->ckpt_unrecorded, 0);
        } else if (ph->shape == OPENS) {
            EXPECT_TRUE(t->errors > 0);
            EXPECT_TRUE(t->recovered > 0);
        } else {
            EXPECT_TRUE(t->not_recorded + t->errors > 0);
            EXPECT_TRUE(t->recovered > 0);
        }
    }
    printf("%s: %zu scans, %zu shown recorded, %zu lost, %zu in the file "
           "though shown NOT RECORDED, %lld rows (seq 1..%lld), integrity "
           "%s\n",
           name, u.nlog, recorded, lost, unshown, rows, hi, icr);
    EXPECT_INT(lost, 0);
    EXPECT_INT(unshown, 0);
    EXPECT_INT(rows, (long long)(recorded + unshown));
    EXPECT_INT(hi, rows);
    EXPECT_STR(icr, "ok");
    free(u.log);
}

/* ---- one behaviour per fault kind ---- */

static void station_survives_a_full_disk(void)
{
    static const struct phase phases[] = {
        {"full disk", OP_WRITE, SQLITE_FULL, ON_ANY, UNTIL_CLEARED, ROUNDS},
        {"full disk, space back by itself", OP_WRITE, SQLITE_FULL, ON_ANY,
         TRANSIENT, ROUNDS},
        {"database file full, WAL not", OP_WRITE, SQLITE_FULL, ON_DB,
         UNTIL_CLEARED, CHECKPOINTS},
    };
    run_phases("full-disk", phases, sizeof(phases) / sizeof(phases[0]));
}

static void station_survives_write_errors(void)
{
    static const struct phase phases[] = {
        {"EIO writing the WAL", OP_WRITE, SQLITE_IOERR_WRITE, ON_WAL,
         UNTIL_CLEARED, ROUNDS},
        {"EIO writing the WAL, 3 times", OP_WRITE, SQLITE_IOERR_WRITE, ON_WAL,
         TRANSIENT, ROUNDS},
        {"EIO writing either file", OP_WRITE, SQLITE_IOERR_WRITE, ON_ANY,
         UNTIL_CLEARED, ROUNDS},
        {"EIO writing the database file", OP_WRITE, SQLITE_IOERR_WRITE, ON_DB,
         UNTIL_CLEARED, CHECKPOINTS},
        {"EIO writing the database file, 3 times", OP_WRITE, SQLITE_IOERR_WRITE,
         ON_DB, TRANSIENT, CHECKPOINTS},
    };
    run_phases("write-errors", phases, sizeof(phases) / sizeof(phases[0]));
}

static void station_survives_failed_fsync(void)
{
    static const struct phase phases[] = {
        {"fsync of the WAL fails", OP_SYNC, SQLITE_IOERR_FSYNC, ON_WAL,
         UNTIL_CLEARED, ROUNDS},
        {"fsync of the WAL fails 3 times", OP_SYNC, SQLITE_IOERR_FSYNC, ON_WAL,
         TRANSIENT, ROUNDS},
        {"fsync of either file fails", OP_SYNC, SQLITE_IOERR_FSYNC, ON_ANY,
         UNTIL_CLEARED, ROUNDS},
        {"fsync of the database file fails", OP_SYNC, SQLITE_IOERR_FSYNC, ON_DB,
         UNTIL_CLEARED, CHECKPOINTS},
    };
    run_phases("failed-fsync", phases, sizeof(phases) / sizeof(phases[0]));
}

static void station_survives_read_errors(void)
{
    static const struct phase phases[] = {
        {"EIO reading", OP_READ, SQLITE_IOERR_READ, ON_ANY, UNTIL_CLEARED,
         ROUNDS},
        {"EIO reading, 3 times", OP_READ, SQLITE_IOERR_READ, ON_ANY, TRANSIENT,
         ROUNDS},
        {"short reads", OP_READ, SQLITE_IOERR_SHORT_READ, ON_ANY, UNTIL_CLEARED,
         ROUNDS},
        {"short reads, 3 times", OP_READ, SQLITE_IOERR_SHORT_READ, ON_ANY,
         TRANSIENT, ROUNDS},
    };
    run_phases("read-errors", phases, sizeof(phases) / sizeof(phases[0]));
}

static void station_survives_shared_memory_errors(void)
{
    static const struct phase phases[] = {
        {"shm lock fails", OP_SHM_LOCK, SQLITE_IOERR_SHMLOCK, ON_ANY,
         UNTIL_CLEARED, ROUNDS},
        {"shm lock fails 3 times", OP_SHM_LOCK, SQLITE_IOERR_SHMLOCK, ON_ANY,
         TRANSIENT, ROUNDS},
        {"shm map fails as the station opens", OP_SHM_MAP, SQLITE_IOERR_SHMMAP,
         ON_ANY, UNTIL_CLEARED, OPENS},
    };
    run_phases("shared-memory", phases, sizeof(phases) / sizeof(phases[0]));
}

TU_MAIN(TU_CASE(station_survives_a_full_disk),
        TU_CASE(station_survives_write_errors),
        TU_CASE(station_survives_failed_fsync),
        TU_CASE(station_survives_read_errors),
        TU_CASE(station_survives_shared_memory_errors))
