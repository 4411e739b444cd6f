/* A first import written into the event file itself with a rollback
 * journal, not its WAL, when no other connection has the file open.
 *
 * In WAL mode every page of a first import is written twice (into the
 * WAL, then into the file by the checkpoint) and SQLite's commit reads
 * back and checksums again every frame from the first one written twice,
 * about 97,000 of them at 1,000,000 registrations
 * (docs/performance-history.md).  A rollback journal keeps only the pages
 * the file had before the transaction: the pages a first import adds are
 * written once, into the file.  A crash leaves a hot journal, and the next
 * connection puts the old pages back: the old file, nothing of the import.
 *
 * Leaving WAL is SQLite's own test of being alone: it needs an exclusive
 * lock on the database file, and every connection in WAL mode holds a
 * shared lock on it from its first read until it closes (POSIX locks,
 * per file, so a second connection of this same process counts too).  A
 * station, `checkin stats` or the sqlite3 shell that has read the file
 * makes the switch fail at once (no busy wait) and the import goes on in
 * the WAL as before.  A process that opened the file and read nothing yet
 * reads the file's header when it first does, finds rollback mode and
 * takes the ordinary locks: the same file, the old or the new rows,
 * never a mix.  A process that opens the file during such an import waits
 * for the import's lock like a reader of any rollback-mode file (up to
 * its busy timeout, 5 s for checkin's commands). */
#include <string.h>

#include "checkin/store_sql.h"

int store_journal_alone(store *s, bool *alone, const char *what,
                        struct ck_error *err)
{
    *alone = false;
    sqlite3 *db = store_db(s);
    sqlite3_stmt *q = NULL;
    /* Only a file in WAL: a file being made (STORE_UNPUBLISHED) has its
     * journal in memory already. */
    int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL);
    bool wal = rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
               !strcmp((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    if (!wal)
        return CK_OK;
    rc = sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return CK_OK; /* another connection has the file open */
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, what, err);
    *alone = true;
    return CK_OK;
}

void store_journal_wal(store *s)
{
    /* Needs the file's exclusive lock a moment (the header's write
     * version), waiting for readers as any writer does.  A file left in
     * rollback mode is as good, and every store_open makes it WAL again:
     * nothing to report. */
    (void)sqlite3_exec(store_db(s), "PRAGMA journal_mode = WAL", NULL, NULL,
                       NULL);
}
