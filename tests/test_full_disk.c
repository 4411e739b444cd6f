/* A disk that fills up under a running desk station.  An SQLite VFS shim,
 * registered as the default VFS before the store opens its file, wraps the
 * platform VFS and makes every xWrite fail with SQLITE_FULL once a budget
 * of write calls is spent (and until the test gives the space back).  The
 * station runs in this process; round after round the budget runs out one
 * write later (like SQLite's own I/O error tests), so the failure lands on
 * every write of a journal commit in turn.  Each scan after the disk
 * fills must be shown NOT RECORDED and never crash; once space returns the
 * same station records again without being reopened; nothing recorded
 * before is lost and the file passes integrity_check. */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "checkin/event.h"
#include "checkin/station.h"
#include "checkin/store.h"
#include "testutil.h"

/* ---- the shim ---- */

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static long budget = -1; /* write calls left; -1: unlimited */
static bool only_main;   /* the budget counts only database-file writes */
static long writes, refused, main_writes;

struct shim_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct in the same allocation */
    bool main_db;
};

#define REAL(f) (((struct shim_file *)(f))->real)

static int s_close(sqlite3_file *f)
{
    return REAL(f)->pMethods->xClose(REAL(f));
}
static int s_read(sqlite3_file *f, void *b, int n, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xRead(REAL(f), b, n, off);
}
static int s_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off)
{
    bool main_db = ((struct shim_file *)f)->main_db;
    if (main_db)
        main_writes++;
    if (only_main && !main_db) {
        writes++;
        return REAL(f)->pMethods->xWrite(REAL(f), b, n, off);
    }
    if (budget == 0) {
        refused++;
        return SQLITE_FULL;
    }
    if (budget > 0)
        budget--;
    writes++;
    return REAL(f)->pMethods->xWrite(REAL(f), b, n, off);
}
static int s_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int s_sync(sqlite3_file *f, int flags)
{
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
static int s_shmmap(sqlite3_file *f, int pg, int sz, int ext,
                    void volatile **p)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, p);
}
static int s_shmlock(sqlite3_file *f, int off, int n, int flags)
{
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
    3,        s_close,    s_read,      s_write,     s_truncate,
    s_sync,   s_size,     s_lock,      s_unlock,    s_check,
    s_fcntl,  s_sector,   s_devchar,   s_shmmap,    s_shmlock,
    s_shmbarrier, s_shmunmap, s_fetch, s_unfetch,
};

static int s_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
                  int flags, int *out_flags)
{
    (void)vfs;
    struct shim_file *sf = (struct shim_file *)f;
    sf->real = (sqlite3_file *)(sf + 1);
    sf->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    int rc = real_vfs->xOpen(real_vfs, name, sf->real, flags, out_flags);
    /* The real file's methods must be at least version 3 for us to
     * forward every call; the unix VFS's are. */
    f->pMethods = sf->real->pMethods ? &SHIM_IO : NULL;
    if (sf->real->pMethods && sf->real->pMethods->iVersion < 3)
        TU_FAIL_AT("the default VFS's files are version %d",
                   sf->real->pMethods->iVersion);
    return rc;
}

static void shim_register(void)
{
    if (real_vfs)
        return;
    real_vfs = sqlite3_vfs_find(NULL);
    shim_vfs = *real_vfs; /* every other method is the platform's */
    shim_vfs.zName = "full-disk-shim";
    shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
    shim_vfs.xOpen = s_open;
    shim_vfs.pNext = NULL;
    if (sqlite3_vfs_register(&shim_vfs, 1) != SQLITE_OK)
        TU_FAIL_AT("registering the VFS shim");
}

/* ---- helpers ---- */

#define STATION "desk-full"
#define PER_ROUND 6
#define MAX_ROUNDS 400
#define MAX_SECRETS 1024

static char secrets[MAX_SECRETS][64];
static size_t nsecrets;

static void load_secrets(const char *db)
{
    sqlite3 *h;
    sqlite3_stmt *q;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "SELECT secret FROM ticket_secret ORDER BY "
                              "secret", -1, &q, NULL) != SQLITE_OK) {
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

/* Rows in the file, read through a connection of our own. */
static long long count_rows(const char *db)
{
    sqlite3 *h;
    long long n = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
        n = query_int(h, "SELECT count(*) FROM scan WHERE station = '"
                         STATION "'");
    sqlite3_close(h);
    return n;
}

/* One recorded decision: what the volunteer saw. */
struct seen {
    int64_t seq;
    enum scan_decision decision;
};
static struct seen *seen;
static size_t nseen;

static bool scan_one(station *st, size_t i, int64_t at,
                     struct station_result *r)
{
    struct ck_error err = {0};
    const char *code = secrets[i % nsecrets];
    int rc = station_scan(st, (const uint8_t *)code, strlen(code), at, r,
                          &err);
    if (rc) {
        TU_FAIL_AT("station_scan failed outright on a full disk (code %d): "
                   "%s", rc, err.msg);
        return false;
    }
    if (r->recorded) {
        seen[nseen].seq = r->seq;
        seen[nseen].decision = r->decision;
        nseen++;
    }
    return true;
}

static void station_survives_a_full_disk(void)
{
    shim_register();
    const char *db = tu_demo_event();
    load_secrets(db);
    REQUIRE(nsecrets > 0);
    seen = calloc(MAX_ROUNDS * (PER_ROUND + 2) + 5 * 410, sizeof(*seen));
    REQUIRE(seen != NULL);
    int64_t at = 0;
    REQUIRE(event_local_to_utc("2027-05-12 08:00", "America/Los_Angeles",
                               &at) == 0);
    at *= 1000;

    store *s;
    station *st;
    struct ck_error err = {0};
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    struct station_config cfg = {.mode = SCAN_DESK, .name = STATION,
                                 .open_before_ms = -1};
    REQUIRE(station_open(s, &cfg, &st, &err) == CK_OK);

    size_t next = 0;
    long rounds = 0, full_scans = 0, recovered = 0, not_recovered = 0;
    long never_full_streak = 0;
    long ckpt_phases = 0, ckpt_unrecorded = 0;
    struct station_result r;
    for (long n = 0; n < MAX_ROUNDS; n++, rounds++) {
        long long before = count_rows(db);
        size_t seen_before = nseen;
        budget = n; /* the disk fills after n more writes */
        bool full = false;
        for (int k = 0; k < PER_ROUND; k++) {
            at += 1000;
            if (!scan_one(st, next++, at, &r))
                goto out;
            if (!r.recorded) {
                full = true;
                full_scans++;
                if (!strstr(r.record_error, "full") &&
                    !strstr(r.record_error, "space"))
                    TU_FAIL_AT("round %ld: the NOT RECORDED reason does not "
                               "say the disk is full: %s", n,
                               r.record_error);
                EXPECT_INT(r.seq, 0);
            } else if (full) {
                TU_FAIL_AT("round %ld: scan %d recorded (seq %lld) although "
                           "the disk is still full", n, k,
                           (long long)r.seq);
            }
            if (r.reason[0] == '\0')
                TU_FAIL_AT("round %ld: a decision without a reason", n);
        }
        /* Space comes back: the same station records again by itself. */
        budget = -1;
        at += 1000;
        if (!scan_one(st, next++, at, &r))
            goto out;
        if (r.recorded) {
            if (full)
                recovered++;
        } else {
            not_recovered++;
            TU_FAIL_AT("round %ld (disk full after %ld writes): with space "
                       "back the station still does not record: %s",
                       n, n, r.record_error);
        }
        long long after = count_rows(db);
        if (after != before + (long long)(nseen - seen_before))
            TU_FAIL_AT("round %ld: %lld rows before, %lld after, but %zu "
                       "scans were shown recorded", n, before, after,
                       nseen - seen_before);
        if (not_recovered >= 3)
            break; /* one failure says it; no need for hundreds */
        /* Stop once the budget no longer runs out within a round. */
        never_full_streak = full ? 0 : never_full_streak + 1;
        if (never_full_streak >= 3)
            break;
    }
    /* The database file full but the WAL not: commits land in the WAL and
     * every automatic checkpoint (each ~1000 WAL pages) fails part way.  A
     * commit that is durable must be shown recorded, under a fresh number,
     * and the checkpoints must succeed again once space returns. */
    for (long k = 0; k <= 8 && !not_recovered; k += 2) {
        long long before = count_rows(db);
        size_t seen_before = nseen;
        long main_before = main_writes;
        only_main = true;
        budget = k;
        for (int i = 0; i < 400; i++) {
            at += 1000;
            if (!scan_one(st, next++, at, &r))
                goto out;
            if (!r.recorded) {
                ckpt_unrecorded++;
                if (ckpt_unrecorded <= 3)
                    TU_FAIL_AT("database file full after %ld writes, WAL "
                               "not: a commit was shown NOT RECORDED: %s",
                               k, r.record_error);
            }
        }
        if (main_writes - main_before <= k)
            TU_FAIL_AT("no checkpoint was attempted in 400 scans (%ld "
                       "database writes)", main_writes - main_before);
        only_main = false;
        budget = -1;
        for (int i = 0; i < 3; i++) {
            at += 1000;
            if (!scan_one(st, next++, at, &r))
                goto out;
            if (!r.recorded)
                TU_FAIL_AT("checkpoint phase %ld: space back, still NOT "
                           "RECORDED: %s", k, r.record_error);
        }
        long long after = count_rows(db);
        if (after != before + (long long)(nseen - seen_before))
            TU_FAIL_AT("checkpoint phase %ld: %lld rows before, %lld after, "
                       "but %zu scans were shown recorded", k, before, after,
                       nseen - seen_before);
        ckpt_phases++;
    }
out:
    budget = -1;
    only_main = false;
    station_free(st);
    store_close(s);

    /* Nothing recorded is lost; numbers are 1..max; the file is sound. */
    sqlite3 *h;
    REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
    sqlite3_stmt *q;
    REQUIRE(sqlite3_prepare_v2(h, "SELECT decision FROM scan WHERE station "
                                  "= ?1 AND seq = ?2", -1, &q, NULL) ==
            SQLITE_OK);
    size_t lost = 0;
    for (size_t i = 0; i < nseen; i++) {
        sqlite3_bind_text(q, 1, STATION, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, seen[i].seq);
        if (sqlite3_step(q) != SQLITE_ROW ||
            strcmp((const char *)sqlite3_column_text(q, 0),
                   scan_decision_str(seen[i].decision))) {
            lost++;
            TU_FAIL_AT("recorded seq %lld is missing or differs",
                       (long long)seen[i].seq);
        }
        sqlite3_reset(q);
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

    printf("full disk: %ld rounds, %ld writes, %ld refused, %ld scans shown "
           "NOT RECORDED, %ld recoveries without reopening, %ld not "
           "recovered, %zu recorded, %zu lost, %lld rows (seq 1..%lld), "
           "integrity %s\n",
           rounds, writes, refused, full_scans, recovered, not_recovered,
           nseen, lost, rows, hi, icr);
    printf("full disk, checkpoints: %ld phases with the database file full "
           "and the WAL not, %ld commits shown NOT RECORDED (target 0), "
           "%ld database writes in all\n",
           ckpt_phases, ckpt_unrecorded, main_writes);
    EXPECT_INT(ckpt_unrecorded, 0);
    EXPECT_INT(ckpt_phases, 5);
    EXPECT_INT(lost, 0);
    EXPECT_INT(rows, (long long)nseen);
    EXPECT_INT(hi, rows);
    EXPECT_STR(icr, "ok");
    EXPECT_TRUE(full_scans > 0);
    EXPECT_TRUE(recovered > 0);
    free(seen);
}

TU_MAIN(TU_CASE(station_survives_a_full_disk))
