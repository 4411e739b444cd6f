/* A fixture for check-raw-sql: two prepares it must report. */
#include <sqlite3.h>

int first(sqlite3 *db, sqlite3_stmt **q)
{
    return sqlite3_prepare_v2(db, "SELECT 1", -1, q, NULL);
}

int second(sqlite3 *db, sqlite3_stmt **q)
{
    /* raw: */
    return sqlite3_prepare_v2(db, "SELECT 2", -1, q, NULL);
}
