/* What zbar (an oracle outside the project: libqrencode draws, zbar
 * reads) reads in a QR code the project drew: in 8-bit gray pixels, or
 * in a PNG file loaded as the station's frame sources load one. */
#ifndef CHECKIN_TEST_ZBARREAD_H
#define CHECKIN_TEST_ZBARREAD_H

#include <stdint.h>

/* The text of the first QR code in `w` x `h` packed gray pixels
 * (malloc'd), or NULL when zbar finds none. */
char *zbar_read(const uint8_t *px, int w, int h);

/* The same for the PNG at `path`; NULL (a failure recorded) when it
 * cannot be loaded. */
char *zbar_read_png(const char *path);

#endif
