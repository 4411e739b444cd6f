/* config.h for zbar's sources compiled to WebAssembly (scanner/wasm/): zbar's
 * own build writes this from its configure script; the browser's decoder
 * needs only the image scanner and the QR reader, with no threads, video,
 * window, D-Bus or other symbologies. */
#ifndef CHECKIN_WASM_ZBAR_CONFIG_H
#define CHECKIN_WASM_ZBAR_CONFIG_H

#define ENABLE_QRCODE 1
#define HAVE_INTTYPES_H 1
#define HAVE_STDINT_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRING_H 1
#define HAVE_UNISTD_H 1
#define HAVE_ICONV 1
#define ICONV_CONST
#define NO_STATS 1
#define PACKAGE_VERSION "0.23.92"
#define ZBAR_VERSION_MAJOR 0
#define ZBAR_VERSION_MINOR 23
#define ZBAR_VERSION_PATCH 92

#endif
