/* Fuzz target: event descriptions (INI) loaded into a fresh in-memory
 * store.  Any bytes: no crash, and a refused description stores nothing. */
#include <stdint.h>
#include <stdlib.h>

#include "checkin/event.h"
#include "checkin/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ck_error err;
    store *s;
    if (store_open(":memory:", STORE_CREATE, &s, &err))
        abort();
    int code = event_load_buffer(s, "fuzz.ini", (const char *)data, size, &err);
    struct store_stats st;
    int stats = store_stats(s, &st, &err);
    if (code && stats == CK_OK)
        abort(); /* refused, yet an event was stored */
    if (stats == CK_OK)
        store_stats_free(&st);
    store_close(s);
    return 0;
}
