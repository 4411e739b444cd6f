/* A fixture for check-raw-sql: tests are not product code. */
#include <sqlite3.h>

int own(sqlite3 *db, sqlite3_stmt **q)
{
    return sqlite3_prepare_v2(db, "SELECT 1", -1, q, NULL);
}
