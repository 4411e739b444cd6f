/* Fuzz target for the printer status parsers (printer/status.c): every
 * input goes through the Brother, Zebra ~HS, Zebra ~HQES and DYMO parsers
 * and, when one accepts it, through the sentence a volunteer would read.
 * Besides "never crash, never read out of bounds" it checks what the
 * parsers promise: a Brother status is exactly 32 bytes starting 80 20 42,
 * a DYMO status exactly one byte, an accepted state is one of the enum's,
 * known media has a sane size, and every sentence ends with a full stop
 * inside its buffer.  Any broken property aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/printer_status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct printer_status *st)
{
    if ((unsigned)st->state > PRINTER_OTHER_ERROR)
        abort();
    if (st->media_known &&
        (st->media.width_mm < 1 || st->media.width_mm > 255 ||
         (st->media.kind == MEDIA_DIE_CUT && st->media.length_mm < 1)))
        abort();
    if ((unsigned)st->detail > PRINTER_DETAIL_CONNECTION ||
        !printer_detail_str(st->detail)[0] !=
            (st->detail == PRINTER_DETAIL_NONE))
        abort();
    static const struct media need = {MEDIA_CONTINUOUS, 62, 0};
    char msg[512];
    printer_status_message("QL-800 on usb 1-2", st, NULL, &need, msg,
                           sizeof(msg));
    size_t n = strnlen(msg, sizeof(msg));
    if (n == 0 || n == sizeof(msg) || msg[n - 1] != '.')
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct printer_status st;
    if (printer_status_parse_brother(data, size, &st, NULL) == CK_OK) {
        if (size != 32 || data[0] != 0x80 || data[1] != 0x20 || data[2] != 0x42)
            abort();
        check(&st);
    }
    if (printer_status_parse_zpl_hs(data, size, &st, NULL) == CK_OK) {
        if (size < 3 || data[0] != 0x02)
            abort();
        check(&st);
    }
    if (printer_status_parse_zpl_hqes(data, size, &st, NULL) == CK_OK) {
        if (size < 3 || data[0] != 0x02)
            abort();
        check(&st);
    }
    if (printer_status_parse_dymo(data, size, &st, NULL) == CK_OK) {
        if (size != 1)
            abort();
        check(&st);
    }
    /* Media specs are typed by people, but the parser is the same kind of
     * code: it must not read past a NUL-terminated copy. */
    if (size < 64) {
        char spec[64];
        memcpy(spec, data, size);
        spec[size] = '\0';
        struct media m;
        if (printer_media_parse(spec, &m, NULL) == CK_OK &&
            (m.width_mm < 1 || m.width_mm > 300))
            abort();
    }
    return 0;
}
