/* A first import alone with the event file is written with a rollback
 * journal, not the WAL (store/alone.c): a kill in the middle leaves the
 * old file (a read-only command says how to get it back), a process that
 * has read the file keeps the import in the WAL and sees the old rows or
 * the new ones, and a process that opened the file and read nothing yet
 * reads the new rows from the same file. */
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/store.h"
#include "testutil.h"

static store *new_event(const char *name)
{
    const char *path = tu_path(name);
    unlink(path);
    struct ck_error err = {0};
    store *s = NULL;
    if (store_open(path, STORE_CREATE, &s, &err) ||
        event_load(s, tu_demo_event_ini(), &err)) {
        TU_FAIL_AT("creating %s: %s", name, err.msg);
        store_close(s);
        return NULL;
    }
    return s;
}

/* `n` registrations of the generic CSV format at `path`. */
static int write_csv(const char *path, long n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,email,tutorials\n",
          f);
    for (long i = 1; i <= n; i++)
        fprintf(f,
                "%ld,O%07ld,paid,individual,sec%08ldxyz,Given%ld,Family "
                "%ld,p%ld@example.com,\n",
                i, i, i, i, i % 977, i);
    return fclose(f);
}

/* The first column of the first row of `sql` on a connection of its own,
 * as a number (-1 if it failed). */
static long qn(const char *path, const char *sql)
{
    sqlite3 *db;
    long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        sqlite3_busy_timeout(db, 5000);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

static const char *q1(const char *path, const char *sql)
{
    static char buf[256];
    buf[0] = '\0';
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        sqlite3_busy_timeout(db, 5000);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            snprintf(buf, sizeof(buf), "%s", sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return buf;
}

static long side_size(const char *db, const char *suffix)
{
    char path[4200];
    struct stat sb;
    snprintf(path, sizeof(path), "%s%s", db, suffix);
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static int import_csv_file(const char *db, const char *csv, long *added)
{
    struct ck_error err = {0};
    store *s = NULL;
    struct import_counts n = {0};
    int code = store_open(db, STORE_EXISTING, &s, &err);
    if (!code)
        code = import_file(s, csv, NULL, &n, &err);
    if (code)
        fprintf(stderr, "import %s: %s\n", csv, err.msg);
    store_close(s);
    *added = n.added;
    return code;
}

/* `checkin import` killed once its pages reach the file: the journal is
 * hot, no WAL was written, and the next open puts the old file back. */
static void a_first_import_killed_leaves_the_old_file(void)
{
    const char *db = tu_path("killed.db"), *csv = tu_path("killed.csv");
    store *s = new_event("killed.db");
    REQUIRE(s);
    store_close(s);
    struct stat before;
    REQUIRE(stat(db, &before) == 0);
    /* More than the first import's 40 MB page cache holds, so that its
     * pages are written into the file before the commit. */
    REQUIRE(write_csv(csv, 250000) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) ||
            !freopen("/dev/null", "w", stderr))
            _exit(126);
        execl(CHECKIN_BIN, "checkin", "import", db, csv, (char *)NULL);
        _exit(127);
    }
    /* Waits for the file to grow by 8 MB with its journal beside it. */
    bool grown = false, ended = false;
    int st;
    for (int64_t t0 = tu_mono_ms(); tu_mono_ms() - t0 < 180000;) {
        struct stat now;
        if (side_size(db, "-journal") > 0 && stat(db, &now) == 0 &&
            now.st_size > before.st_size + (8 << 20)) {
            grown = true;
            break;
        }
        if (waitpid(pid, &st, WNOHANG) == pid) {
            ended = true;
            break;
        }
        usleep(2000);
    }
    if (!ended) {
        kill(pid, SIGKILL);
        REQUIRE(waitpid(pid, &st, 0) == pid);
    }
    EXPECT_INT(grown, 1);
    EXPECT_INT(ended, 0);
    EXPECT_INT(side_size(db, "-wal") > 0, 0);

    /* A read-only command cannot play the journal back and says what
     * will; the next open that may write rolls it back: the old file. */
    char args[4400];
    const char *out, *said;
    snprintf(args, sizeof(args), "export '%s' checkins", db);
    EXPECT_INT(tu_checkin(args, &out, &said) != 0, 1);
    EXPECT_CONTAINS(said, "was left half-written by an import that stopped; "
                          "run 'checkin stats ");
    snprintf(args, sizeof(args), "stats '%s'", db);
    EXPECT_INT(tu_checkin(args, &out, &said), 0);
    EXPECT_INT(qn(db, "SELECT count(*) FROM attendee"), 0);
    EXPECT_STR(q1(db, "PRAGMA integrity_check"), "ok");
    EXPECT_INT(side_size(db, "-journal") > 0, 0);
    struct stat after;
    REQUIRE(stat(db, &after) == 0);
    EXPECT_INT(after.st_size, before.st_size);

    /* And the import done again is whole, the file WAL again, 0600. */
    long added = 0;
    EXPECT_INT(import_csv_file(db, csv, &added), CK_OK);
    EXPECT_INT(added, 250000);
    EXPECT_INT(qn(db, "SELECT count(*) FROM ticket_secret"), 250000);
    EXPECT_STR(q1(db, "PRAGMA journal_mode"), "wal");
    EXPECT_INT(side_size(db, "-journal"), -1);
    REQUIRE(stat(db, &after) == 0);
    EXPECT_INT(after.st_mode & 0777, 0600);
    EXPECT_INT(after.st_ino, before.st_ino);
    unlink(csv);
}

/* A child holding the file on a connection of its own: it opens it,
 * `reads` first or not, says so on `up`, waits for a byte on `go`, then
 * counts the attendees (still in its read transaction when it read
 * first), ends it and counts again, and writes both counts on `up`. */
static void holder(const char *db, bool reads, int up, int go)
{
    sqlite3 *c;
    long first = -1, second = -1;
    if (sqlite3_open_v2(db, &c, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        _exit(1);
    sqlite3_busy_timeout(c, 10000);
    /* Preparing reads the schema, so one that reads nothing prepares
     * nothing before the import. */
    static const char count[] = "SELECT count(*) FROM attendee";
    sqlite3_stmt *q = NULL;
    if (reads && (sqlite3_prepare_v2(c, count, -1, &q, NULL) != SQLITE_OK ||
                  sqlite3_exec(c, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
                  sqlite3_step(q) != SQLITE_ROW))
        _exit(3);
    sqlite3_reset(q);
    char b = 'r';
    if (write(up, &b, 1) != 1 || read(go, &b, 1) != 1)
        _exit(4);
    if (!q && sqlite3_prepare_v2(c, count, -1, &q, NULL) != SQLITE_OK)
        _exit(2);
    if (sqlite3_step(q) == SQLITE_ROW)
        first = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (reads)
        sqlite3_exec(c, "COMMIT", NULL, NULL, NULL);
    if (sqlite3_step(q) == SQLITE_ROW)
        second = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(c);
    long out[2] = {first, second};
    _exit(write(up, out, sizeof(out)) == sizeof(out) ? 0 : 5);
}

/* A first import with another process holding `name` open (read or
 * not); what that process counted before and after its transaction. */
static void import_beside_holder(const char *name, bool reads, long got[2],
                                 long *wal)
{
    const char *db = tu_path(name), *csv = tu_path("held.csv");
    store *s = new_event(name);
    REQUIRE(s);
    store_close(s);
    REQUIRE(write_csv(csv, 20000) == 0);
    int up[2], go[2];
    REQUIRE(pipe(up) == 0 && pipe(go) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(up[0]);
        close(go[1]);
        holder(db, reads, up[1], go[0]);
    }
    close(up[1]);
    close(go[0]);
    char b;
    REQUIRE(read(up[0], &b, 1) == 1);
    long added = 0;
    EXPECT_INT(import_csv_file(db, csv, &added), CK_OK);
    EXPECT_INT(added, 20000);
    *wal = side_size(db, "-wal");
    REQUIRE(write(go[1], &b, 1) == 1);
    got[0] = got[1] = -1;
    EXPECT_INT(read(up[0], got, 2 * sizeof(long)), (long)(2 * sizeof(long)));
    int st;
    REQUIRE(waitpid(pid, &st, 0) == pid);
    EXPECT_INT(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
    close(up[0]);
    close(go[1]);
    EXPECT_STR(q1(db, "PRAGMA journal_mode"), "wal");
    EXPECT_STR(q1(db, "PRAGMA integrity_check"), "ok");
    EXPECT_INT(qn(db, "SELECT count(*) FROM attendee"), 20000);
    unlink(csv);
}

/* A reader in its transaction keeps the import in the WAL: it still sees
 * no attendee, then all of them. */
static void a_reader_keeps_a_first_import_in_the_wal(void)
{
    long got[2], wal = 0;
    import_beside_holder("read.db", true, got, &wal);
    EXPECT_INT(got[0], 0);
    EXPECT_INT(got[1], 20000);
    EXPECT_INT(wal > 0, 1);
}

/* A process that opened the file and read nothing reads the import from
 * the same file when it first does. */
static void an_opener_that_read_nothing_reads_the_import(void)
{
    long got[2], wal = 0;
    import_beside_holder("opened.db", false, got, &wal);
    EXPECT_INT(got[0], 20000);
    EXPECT_INT(got[1], 20000);
}

TU_MAIN(TU_CASE(a_first_import_killed_leaves_the_old_file),
        TU_CASE(a_reader_keeps_a_first_import_in_the_wal),
        TU_CASE(an_opener_that_read_nothing_reads_the_import))
