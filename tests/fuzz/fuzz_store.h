/* A fresh event file for each fuzz input, cheaply.  Creating a store runs
 * every schema migration (a few hundred statements, the schema parsed again
 * after each): 120-200 ms under ASan, which held fuzz_import and fuzz_event
 * to 5-8 inputs a second.  Instead the harness makes the file it wants once
 * (fuzz_store_keep), and each input gets an in-memory copy of its bytes
 * (fuzz_store_fresh): on one connection kept open, opened again only when
 * an input changed it.  The copy is
 * opened as a store by store_borrow, with the pragmas store_open sets. */
#ifndef CHECKIN_FUZZ_STORE_H
#define CHECKIN_FUZZ_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/store.h"
#include "checkin/store_sql.h"

static unsigned char *fuzz_store_bytes;
static sqlite3_int64 fuzz_store_len;

/* Keep a copy of s's file as it is now; aborts if it cannot. */
static void fuzz_store_keep(store *s)
{
    free(fuzz_store_bytes);
    fuzz_store_bytes =
        sqlite3_serialize(store_db(s), "main", &fuzz_store_len, 0);
    if (!fuzz_store_bytes)
        abort();
}

static sqlite3 *fuzz_store_db;
static store *fuzz_store_open;

/* The kept file as db's. */
static void fuzz_store_restore(sqlite3 *db)
{
    unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)fuzz_store_len);
    if (!copy)
        abort();
    memcpy(copy, fuzz_store_bytes, (size_t)fuzz_store_len);
    if (sqlite3_deserialize(db, "main", copy, fuzz_store_len, fuzz_store_len,
                            SQLITE_DESERIALIZE_FREEONCLOSE |
                                SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
        abort();
}

/* Whether db's bytes are still the kept file's: nothing was stored. */
static bool fuzz_store_unchanged(sqlite3 *db)
{
    sqlite3_int64 len;
    unsigned char *now =
        sqlite3_serialize(db, "main", &len, SQLITE_SERIALIZE_NOCOPY);
    return now && len == fuzz_store_len &&
           !memcmp(now, fuzz_store_bytes, (size_t)len);
}

/* A store over an in-memory copy of the kept file, in *s; hand it back
 * with fuzz_store_done.  The connection is kept from one input to the
 * next (a new one parses the whole schema again, most of an input's time)
 * and opened again only when an input changed its file. */
static void fuzz_store_fresh(sqlite3 **db, store **s)
{
    struct ck_error err;
    if (!fuzz_store_db) {
        if (sqlite3_open_v2(":memory:", &fuzz_store_db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            NULL) != SQLITE_OK)
            abort();
        fuzz_store_restore(fuzz_store_db);
        if (sqlite3_exec(fuzz_store_db,
                         "PRAGMA trusted_schema = OFF;"
                         "PRAGMA foreign_keys = ON;",
                         NULL, NULL, NULL) != SQLITE_OK ||
            store_borrow(fuzz_store_db, ":memory:", &fuzz_store_open, &err))
            abort();
        sqlite3_extended_result_codes(fuzz_store_db, 1);
    }
    *db = fuzz_store_db;
    *s = fuzz_store_open;
}

static void fuzz_store_done(sqlite3 *db, store *s)
{
    (void)s;
    if (!sqlite3_get_autocommit(db))
        abort(); /* a transaction left open */
    /* Changed: a connection of its own for the next input.  Copying the
     * file back into this one (sqlite3_deserialize) leaves what the input
     * made in the connection's temporary schema pointing into the old
     * one: SQLite's next prepare read freed memory. */
    if (!fuzz_store_unchanged(db)) {
        store_close(s);
        sqlite3_close(db);
        fuzz_store_db = NULL;
        fuzz_store_open = NULL;
    }
}

#endif
