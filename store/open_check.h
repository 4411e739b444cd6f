/* Private: the open's light check of a file closed cleanly (open_check.c),
 * for store_open's STORE_LIGHT_CHECK. */
#ifndef CHECKIN_OPEN_CHECK_H
#define CHECKIN_OPEN_CHECK_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* Whether the file at `path` was closed cleanly by every connection that
 * wrote it: no WAL holding frames and no rollback journal holding bytes
 * beside it (stat only; nothing opened). */
bool open_check_clean_close(const char *path);

/* The light check on `db`, just opened on a file closed cleanly: SQLite's
 * result code for a read that failed, else SQLITE_OK with *damaged and,
 * when damaged, what is wrong in `why` (`cap` bytes) for the middle of a
 * sentence ("it is cut short: ..."). */
int open_check_light(sqlite3 *db, bool *damaged, char *why, size_t cap);

#endif
