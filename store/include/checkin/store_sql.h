/* The pieces of the store that the rooms keeping their own tables in the
 * event file (event/, badge/, import/, report/) build their SQL on: the
 * connection, one-sentence SQLite errors, transactions and binding.  The
 * rooms above those (station/, sync/, web/, ...) use their headers, not
 * this one. */
#ifndef CHECKIN_STORE_SQL_H
#define CHECKIN_STORE_SQL_H

#include <sqlite3.h>

#include "checkin/arena.h"
#include "checkin/store.h"

sqlite3 *store_db(store *s);

/* Whether the fixed query `sql` (no user data) gives a row.  A query that
 * fails (a table an older file lacks) gives none: for the questions that
 * only choose a path ("is this file a station's?"), not for data. */
bool store_row_exists(store *s, const char *sql);

/* Turn a failed SQLite call into a user-facing sentence, whole and
 * translated (store/ is in po/ERROR-ROOMS), that ends with a detail for
 * whoever looks into it: `what` was being done ("reading the
 * supervisors") and SQLite's own words, both English.  Returns the CK_E*
 * code. */
int store_sqlite_fail(store *s, int rc, const char *what, struct ck_error *err);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (rollback never fails loudly). */
int store_begin(store *s, struct ck_error *err) CK_MUST_CHECK;
int store_commit(store *s, struct ck_error *err) CK_MUST_CHECK;
void store_rollback(store *s);

/* A first import's journal (store/alone.c): the file out of WAL into a
 * rollback journal on disk when no other connection has it open (*alone;
 * otherwise it stays in WAL and *alone is false), and back into WAL
 * after the import's transaction (never fails loudly: a file left in
 * rollback mode is made WAL by its next open).  Outside a transaction;
 * `what` names the step in a failure's sentence (store_sqlite_fail). */
int store_journal_alone(store *s, bool *alone, const char *what,
                        struct ck_error *err) CK_MUST_CHECK;
void store_journal_wal(store *s);

/* Run SQL without results; for fixed statements only (no user data). */
int store_exec(store *s, const char *sql, struct ck_error *err) CK_MUST_CHECK;

/* Prepare `sql` into *q; on failure *q is NULL and the one sentence
 * store_sqlite_fail makes naming `what` ("reading the supervisors").
 * With `cached` (may be NULL), the statement is kept there, prepared
 * once for the connection's life (SQLITE_PREPARE_PERSISTENT) and reset
 * on each later call; the caller finalizes it when it closes. */
int store_prepare(store *s, const char *sql, sqlite3_stmt **cached,
                  sqlite3_stmt **q /* out */, const char *what,
                  struct ck_error *err) CK_MUST_CHECK;

/* Step `q`, a statement without rows (INSERT, UPDATE, DELETE), to its end
 * and finalize it; a failure is store_sqlite_fail's sentence naming
 * `what`. */
int store_step_done(store *s, sqlite3_stmt *q, const char *what,
                    struct ck_error *err) CK_MUST_CHECK;

/* Step `q` once for a one-row, one-number query: with a row, *value is
 * its first column and *found (may be NULL) true; without one, *value is
 * left as it was and *found false.  Then `q` is finalized, or only reset
 * when it is a statement store_prepare keeps (`cached`).  A failure is
 * store_sqlite_fail's sentence naming `what`. */
int store_step_int64(store *s, sqlite3_stmt *q, bool cached, int64_t *value,
                     bool *found, const char *what,
                     struct ck_error *err) CK_MUST_CHECK;

/* Step `q` once for a one-row, one-text query: with a row, `out` (`cap`
 * bytes) gets its first column ("" for NULL; cut short at `cap`, so give
 * room for what the column may hold) and *found (may be NULL) is true;
 * without one, `out` is "" and *found false.  Then `q` is finalized, or
 * only reset when `cached`.  A failure is store_sqlite_fail's sentence
 * naming `what`. */
int store_step_text(store *s, sqlite3_stmt *q, bool cached, char *out,
                    size_t cap, bool *found, const char *what,
                    struct ck_error *err) CK_MUST_CHECK;

/* Bind helpers that treat NULL and "" as SQL NULL for optional text. */
int store_bind_text(sqlite3_stmt *st, int idx, const char *text);

#endif
