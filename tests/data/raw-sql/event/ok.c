/* A fixture for check-raw-sql: sqlite3_prepare_v2() named in a comment,
 * and a prepare whose reason is on the line before. */
#include <sqlite3.h>

int fine(sqlite3 *db, sqlite3_stmt **q)
{
    const char *say = "sqlite3_prepare_v2(db) in a string";
    (void)say;
    /* raw: a bare connection, not a store */
    return sqlite3_prepare_v2(db, "SELECT 1", -1, q, NULL);
}
