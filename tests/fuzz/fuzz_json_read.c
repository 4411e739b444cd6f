/* Fuzz target: the pretix export's JSON reader (import/json_read.c) held
 * to jansson on any bytes (tests/json_oracle.c): the first byte chooses
 * the pieces the rest is handed in (0: whole, else 1 to 255 bytes, as the
 * import reads a file in chunks); both must accept the same documents
 * with equal trees and refuse the same, the reader at the same byte
 * whatever the pieces.  A difference aborts, with why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "json_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    char why[512];
    if (json_oracle_check((const char *)data + 1, size - 1, data[0], why,
                          sizeof(why))) {
        fprintf(stderr, "fuzz_json_read: %s\n", why);
        abort();
    }
    return 0;
}
