/* Fuzz target: registration import (generic CSV and pretix JSON, chosen by
 * content as `checkin import` does) into a fresh in-memory event with the
 * demo event's description (made once, copied for each input:
 * fuzz_store.h).  Whatever the bytes, the import must not crash,
 * must either store rows or store nothing, must leave a consistent
 * database (foreign keys hold), and a refusal is one whole sentence kept
 * as its ck_fail format (fuzz_sentence.h). */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/store.h"
#include "fuzz_sentence.h"
#include "fuzz_store.h"

static char *demo_ini;
static size_t demo_ini_len;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FILE *f = fopen(CONFIG_DIR "/demo/event.ini", "rb");
    if (!f)
        abort();
    demo_ini = malloc(1 << 16);
    demo_ini_len = fread(demo_ini, 1, 1 << 16, f);
    fclose(f);
    struct ck_error err;
    store *s;
    if (store_open(":memory:", STORE_CREATE, &s, &err) ||
        event_load_buffer(s, "demo.ini", demo_ini, demo_ini_len, &err))
        abort();
    fuzz_store_keep(s);
    store_close(s);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!demo_ini)
        LLVMFuzzerInitialize(NULL, NULL);
    struct ck_error err;
    sqlite3 *db;
    store *s;
    fuzz_store_fresh(&db, &s);
    struct import_counts n;
    struct import_options opt = {.skip_bad = size & 1};
    int code =
        import_buffer(s, "fuzz", (const char *)data, size, &opt, &n, &err);
    /* All or nothing: a failed import without --skip-bad stores nothing
     * (the file's bytes are as before); one that succeeds stores what it
     * counts. */
    if (code && !opt.skip_bad && !fuzz_store_unchanged(db))
        abort();
    if (code)
        fuzz_whole_sentence("fuzz_import", &err, code, NULL);
    /* Consistent whatever happened: the header's promise, held to SQLite's
     * own check rather than taken on trust from foreign_keys = ON. */
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &q, NULL) !=
        SQLITE_OK)
        abort();
    if (sqlite3_step(q) == SQLITE_ROW) {
        fprintf(stderr, "fuzz_import: a reference broken in table %s\n",
                (const char *)sqlite3_column_text(q, 0));
        abort();
    }
    sqlite3_finalize(q);
    if (!code) {
        struct attendee_list l;
        if (store_attendee_search(s, "", 0, &l, &err))
            abort();
        if ((long)l.n != n.added)
            abort();
        attendee_list_free(&l);
    }
    fuzz_store_done(db, s);
    return 0;
}
