/* The open's light check (STORE_LIGHT_CHECK): what can be checked of a
 * file closed cleanly in time that does not follow its size.  quick_check
 * reads every page (1.2 s of CPU at 1,000,000 registrations); this reads
 * the file header, the schema and the first bytes of each b-tree's root
 * page, a few dozen reads whatever the file holds.
 *
 * What it sees: a file cut short or grown by a part of a page (a copy
 * that stopped), a header whose page count, free list or schema does not
 * hold together, and a root page that is not a b-tree page of its kind.
 * What it cannot see: damage inside a page below a root (a bad disk, bytes
 * overwritten by another program after the file was closed).  A command
 * that reads such a page is stopped there by SQLite's own checks of each
 * page it reads (cell_size_check); a station's start runs the full check,
 * which is why only one-shot commands ask for this one (store.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "checkin/store_sql.h"
#include "open_check.h"

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           (uint32_t)p[3];
}

bool open_check_clean_close(const char *path)
{
    /* The last connection's clean close checkpoints the WAL and deletes
     * it; a read-only reader may leave it empty.  Frames in it are a
     * writer still running or one that did not close; so is a rollback
     * journal with bytes in it (a file opened without WAL). */
    static const char *const SIDE[] = {"-wal", "-journal"};
    for (size_t i = 0; i < sizeof(SIDE) / sizeof(SIDE[0]); i++) {
        char side[4096];
        struct stat sb;
        int n = snprintf(side, sizeof(side), "%s%s", path, SIDE[i]);
        if (n <= 0 || (size_t)n >= sizeof(side))
            return false;
        if (stat(side, &sb) == 0 && sb.st_size > 0)
            return false;
    }
    return true;
}

/* A b-tree page's header at `off` (past the file header on page 1):
 * its type one a `table` or an `index` may have (a table WITHOUT ROWID is
 * an index b-tree), and its cell pointers inside the page (file format,
 * section 1.6). */
static bool root_page_ok(const unsigned char *h, bool table, uint32_t off,
                         uint32_t usable)
{
    unsigned type = h[0];
    bool leaf = type == 13 || type == 10;
    if (type != 10 && type != 2 && (!table || (type != 13 && type != 5)))
        return false;
    uint32_t cells = (uint32_t)h[3] << 8 | h[4];
    uint32_t content = (uint32_t)h[5] << 8 | h[6];
    uint32_t freeblock = (uint32_t)h[1] << 8 | h[2];
    uint32_t end = off + (leaf ? 8 : 12) + 2 * cells;
    if (content == 0)
        content = 65536;
    return end <= usable && (cells == 0 || content >= end) &&
           content <= usable + (content == 65536) &&
           (freeblock == 0 || (freeblock >= end && freeblock < usable));
}

int open_check_light(sqlite3 *db, bool *damaged, char *why, size_t cap)
{
    sqlite3_file *f = NULL;
    sqlite3_int64 size = 0;
    unsigned char h[100];
    sqlite3_stmt *q = NULL;
    *damaged = false;
    int rc = sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &f);
    if (rc == SQLITE_OK && (!f || !f->pMethods))
        rc = SQLITE_CANTOPEN;
    /* A read transaction first: with the WAL empty at its start, no
     * checkpoint writes the file under the reads below. */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        /* raw: the store's own open, before it has a handle to give */
        rc = sqlite3_prepare_v2(db,
                                "SELECT type, name, rootpage FROM "
                                "sqlite_master WHERE rootpage > 0",
                                -1, &q, NULL);
    int step = rc == SQLITE_OK ? sqlite3_step(q) : rc;
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = step;
        goto out;
    }
    rc = f->pMethods->xFileSize(f, &size);
    if (rc == SQLITE_OK && size < (sqlite3_int64)sizeof(h))
        rc = SQLITE_CORRUPT;
    if (rc == SQLITE_OK)
        rc = f->pMethods->xRead(f, h, (int)sizeof(h), 0);
    if (rc != SQLITE_OK)
        goto out;
    uint32_t page = (uint32_t)h[16] << 8 | h[17];
    if (page == 1)
        page = 65536;
    uint32_t usable = page - h[20];
    uint32_t pages = be32(h + 28), trunk = be32(h + 32), nfree = be32(h + 36);
    /* The header's page count counts only when the version it was
     * written at is the file's (offset 92 against 24); SQLite itself
     * refuses a file holding fewer pages than a valid count. */
    if (be32(h + 92) != be32(h + 24) || pages == 0)
        pages = (uint32_t)(size / page);
    if (size % page) {
        snprintf(why, cap, "its size, %lld bytes, is not whole pages of %u",
                 (long long)size, page);
        *damaged = true;
    } else if (trunk > pages || nfree >= pages ||
               (trunk == 0) != (nfree == 0)) {
        snprintf(why, cap,
                 "its free list (page %u, %u pages) does not fit its %u pages",
                 trunk, nfree, pages);
        *damaged = true;
    }
    for (; !*damaged && step == SQLITE_ROW; step = sqlite3_step(q)) {
        const char *type = (const char *)sqlite3_column_text(q, 0);
        const char *name = (const char *)sqlite3_column_text(q, 1);
        sqlite3_int64 root = sqlite3_column_int64(q, 2);
        unsigned char r[12];
        uint32_t off = root == 1 ? 100 : 0;
        int read = SQLITE_CORRUPT;
        if (root <= pages)
            read = f->pMethods->xRead(f, r, (int)sizeof(r),
                                      (root - 1) * (sqlite3_int64)page + off);
        if (read != SQLITE_OK ||
            !root_page_ok(r, type && !strcmp(type, "table"), off, usable)) {
            snprintf(why, cap, "the first page of %s, page %lld, is not one",
                     name ? name : "a table", (long long)root);
            *damaged = true;
        }
    }
    if (!*damaged && step != SQLITE_DONE)
        rc = step;
out:
    sqlite3_finalize(q);
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return rc;
}
