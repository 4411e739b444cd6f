/* PackBits (the TIFF run-length scheme Brother calls "TIFF compression"),
 * private to the printer drivers. */
#ifndef CHECKIN_PACKBITS_H
#define CHECKIN_PACKBITS_H

#include <stddef.h>
#include <stdint.h>

/* The most bytes packbits_encode can produce for `n` input bytes. */
#define PACKBITS_MAX(n) ((n) + ((n) + 127) / 128)

/* Compress `n` bytes into `out` (room for PACKBITS_MAX(n)); returns the
 * compressed length. */
size_t packbits_encode(const uint8_t *in, size_t n, uint8_t *out);

#endif
