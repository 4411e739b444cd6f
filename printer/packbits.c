/* PackBits as TIFF 6.0 section 9 defines it and Brother's raster command
 * references use it for "TIFF compression" (M 02): a header byte h, then
 * h + 1 literal bytes when 0 <= h <= 127, or one byte repeated 1 - h times
 * when -127 <= h <= -1.  -128 is never written.  Encoding only; the tests
 * carry their own decoder. */
#include "packbits.h"

#include <string.h>

size_t packbits_encode(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        size_t run = 1;
        while (i + run < n && run < 128 && in[i + run] == in[i])
            run++;
        if (run >= 3) {
            out[o++] = (uint8_t)(257 - run);
            out[o++] = in[i];
            i += run;
            continue;
        }
        /* Literal: up to the next run of three equal bytes, at most 128.
         * Pairs stay inside literals, which bounds the output at
         * PACKBITS_MAX(n). */
        size_t lit = run;
        while (i + lit < n && lit < 128 &&
               !(i + lit + 2 < n && in[i + lit] == in[i + lit + 1] &&
                 in[i + lit] == in[i + lit + 2]))
            lit++;
        out[o++] = (uint8_t)(lit - 1);
        memcpy(out + o, in + i, lit);
        o += lit;
        i += lit;
    }
    return o;
}
