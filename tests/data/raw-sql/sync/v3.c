/* A fixture for check-raw-sql: the persistent variant is a prepare too. */
#include <sqlite3.h>

int kept(sqlite3 *db, sqlite3_stmt **q)
{
    int rc =
        sqlite3_prepare_v3(db, "SELECT 1", -1, SQLITE_PREPARE_PERSISTENT, q,
                           NULL);
    return rc;
}
