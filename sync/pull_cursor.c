/* The pull's cursors (sync_parts.h): how far this file pulled each hub
 * table, read and moved in the file's sync_cursor, each statement
 * prepared once a sync.  Split from pull.c along that seam. */
#include <stdio.h>

#include "checkin/store.h"
#include "checkin/sync_local.h"
#include "sync_parts.h"
#include "sync_priv.h"

int sync_cursor_get(struct ctx *c, const char *tbl, char *out, size_t cap,
                    struct ck_error *err)
{
    /* Prepared once a sync (ctx.cursor_get): a pull asks for a cursor of
     * each table it pulls, some twice. */
    if (!c->cursor_get) {
        int code =
            local_prepare(c->l,
                          "SELECT horizon FROM sync_cursor WHERE tbl ="
                          " ?1",
                          &c->cursor_get, "reading how far it pulled", err);
        if (code)
            return code;
    }
    sqlite3_stmt *q = c->cursor_get;
    sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
    snprintf(out, cap, "0");
    if (sqlite3_step(q) == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);
    return CK_OK;
}

int sync_cursor_set(struct ctx *c, const char *tbl, const char *horizon,
                    struct ck_error *err)
{
    /* Prepared once a sync, as above: a pull moves a cursor for each. */
    if (!c->cursor_set) {
        int code =
            local_prepare(c->l,
                          "INSERT OR REPLACE INTO sync_cursor (tbl, "
                          "horizon, pulled_ms) VALUES (?1, ?2, ?3)",
                          &c->cursor_set, "noting how far it pulled", err);
        if (code)
            return code;
    }
    sqlite3_stmt *q = c->cursor_set;
    sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, horizon, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, store_now_ms());
    return local_done(c->l, q, "noting how far it pulled", err);
}
