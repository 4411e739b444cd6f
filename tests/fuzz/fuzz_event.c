/* Fuzz target: event descriptions (INI) loaded into a fresh in-memory
 * store (made once, copied for each input: fuzz_store.h).  Any bytes: no
 * crash, a refused description stores nothing (the file's bytes are as
 * before), and it is refused with one whole sentence kept as its ck_fail
 * format, the file's name first (docs/translating.md, fuzz_sentence.h). */
#include <stdint.h>
#include <stdlib.h>

#include "checkin/event.h"
#include "checkin/store.h"
#include "fuzz_sentence.h"
#include "fuzz_store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    struct ck_error err;
    store *s;
    if (store_open(":memory:", STORE_CREATE, &s, &err))
        abort();
    fuzz_store_keep(s);
    store_close(s);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_store_bytes)
        LLVMFuzzerInitialize(NULL, NULL);
    struct ck_error err;
    sqlite3 *db;
    store *s;
    fuzz_store_fresh(&db, &s);
    int code = event_load_buffer(s, "fuzz.ini", (const char *)data, size, &err);
    if (code && !fuzz_store_unchanged(db))
        abort(); /* refused, yet something was stored */
    if (code)
        fuzz_whole_sentence("fuzz_event", &err, code, "fuzz.ini");
    fuzz_store_done(db, s);
    return 0;
}
