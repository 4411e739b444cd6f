/* Fuzz target: label templates (printer/template.c).  Any bytes: no crash,
 * no read past the input; a template that parses has every field box
 * inside its printable area, and a template refused is refused with one
 * whole sentence kept as its ck_fail format (so a catalogue says it,
 * issue 53, fuzz_sentence.h), never on line 0 (a refusal on line 0 once
 * let its template through). */
#include <stdint.h>
#include <stdlib.h>

#include "checkin/template.h"
#include "fuzz_sentence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct template t;
    struct ck_error err = {0};
    int code = template_parse("fuzz.ini", (const char *)data, size, &t, &err);
    if (code == 0) {
        double area_w = t.width_dots * 25.4 / t.dpi;
        double area_h = t.height_dots * 25.4 / t.dpi;
        double slack = 12.7 / t.dpi + 1e-9;
        for (size_t i = 0; i < t.nfields; i++) {
            const struct template_field *f = &t.fields[i];
            if (f->x_mm + f->w_mm > area_w + slack ||
                f->y_mm + f->h_mm > area_h + slack)
                abort();
        }
        template_free(&t);
        return 0;
    }
    fuzz_whole_sentence("fuzz_template", &err, code, "fuzz.ini");
    return 0;
}
