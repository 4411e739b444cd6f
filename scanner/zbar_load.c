/* zbar, loaded at the first call of one of its functions
 * (checkin/dynlib.h): only the runs that read codes from a camera or an
 * image decode with it, not those that take a scanner's typing, an import
 * or a report.  The functions checkin calls, each a forwarder to zbar's
 * own; a call of a function not listed here does not link: add its line
 * as zbar.h declares it (the compiler checks the two agree). */
#include <zbar.h>

#include "checkin/dynlib.h"

/* The functions, as checkin/dynlib.h lists them. */
#define ZBAR_FUNCTIONS(F, V, X)                                                \
    F(zbar_image_t *, zbar_image_convert,                                      \
      (const zbar_image_t *image, unsigned long format), (image, format))      \
    F(zbar_image_t *, zbar_image_create, (void), ())                           \
    V(zbar_image_destroy, (zbar_image_t * image), (image))                     \
    F(const zbar_symbol_t *, zbar_image_first_symbol,                          \
      (const zbar_image_t *image), (image))                                    \
    F(const void *, zbar_image_get_data, (const zbar_image_t *image), (image)) \
    F(unsigned long, zbar_image_get_data_length, (const zbar_image_t *img),    \
      (img))                                                                   \
    F(unsigned long, zbar_image_get_format, (const zbar_image_t *image),       \
      (image))                                                                 \
    F(unsigned, zbar_image_get_height, (const zbar_image_t *image), (image))   \
    F(unsigned, zbar_image_get_width, (const zbar_image_t *image), (image))    \
    F(zbar_image_scanner_t *, zbar_image_scanner_create, (void), ())           \
    V(zbar_image_scanner_destroy, (zbar_image_scanner_t * scanner), (scanner)) \
    F(int, zbar_image_scanner_set_config,                                      \
      (zbar_image_scanner_t * scanner, zbar_symbol_type_t symbology,           \
       zbar_config_t config, int value),                                       \
      (scanner, symbology, config, value))                                     \
    V(zbar_image_set_data,                                                     \
      (zbar_image_t * image, const void *data, unsigned long data_byte_length, \
       zbar_image_cleanup_handler_t *cleanup_hndlr),                           \
      (image, data, data_byte_length, cleanup_hndlr))                          \
    V(zbar_image_set_format, (zbar_image_t * image, unsigned long format),     \
      (image, format))                                                         \
    V(zbar_image_set_size,                                                     \
      (zbar_image_t * image, unsigned width, unsigned height),                 \
      (image, width, height))                                                  \
    F(int, zbar_negotiate_format,                                              \
      (zbar_video_t * video, zbar_window_t * window), (video, window))         \
    F(int, zbar_scan_image,                                                    \
      (zbar_image_scanner_t * scanner, zbar_image_t * image),                  \
      (scanner, image))                                                        \
    F(const char *, zbar_symbol_get_data, (const zbar_symbol_t *symbol),       \
      (symbol))                                                                \
    F(unsigned int, zbar_symbol_get_data_length,                               \
      (const zbar_symbol_t *symbol), (symbol))                                 \
    F(unsigned, zbar_symbol_get_loc_size, (const zbar_symbol_t *symbol),       \
      (symbol))                                                                \
    F(int, zbar_symbol_get_loc_x,                                              \
      (const zbar_symbol_t *symbol, unsigned index), (symbol, index))          \
    F(int, zbar_symbol_get_loc_y,                                              \
      (const zbar_symbol_t *symbol, unsigned index), (symbol, index))          \
    F(zbar_symbol_type_t, zbar_symbol_get_type, (const zbar_symbol_t *symbol), \
      (symbol))                                                                \
    F(const zbar_symbol_t *, zbar_symbol_next, (const zbar_symbol_t *symbol),  \
      (symbol))                                                                \
    F(zbar_video_t *, zbar_video_create, (void), ())                           \
    V(zbar_video_destroy, (zbar_video_t * video), (video))                     \
    F(int, zbar_video_enable, (zbar_video_t * video, int enable),              \
      (video, enable))                                                         \
    F(int, zbar_video_get_fd, (const zbar_video_t *video), (video))            \
    F(zbar_image_t *, zbar_video_next_image, (zbar_video_t * video), (video))  \
    F(int, zbar_video_open, (zbar_video_t * video, const char *device),        \
      (video, device))                                                         \
    F(int, zbar_video_request_size,                                            \
      (zbar_video_t * video, unsigned width, unsigned height),                 \
      (video, width, height))

DYNLIB_TABLE(ZBAR_FUNCTIONS, CHECKIN_ZBAR_SONAME, "libzbar0")
ZBAR_FUNCTIONS(DYNLIB_FORWARD_F, DYNLIB_FORWARD_V, DYNLIB_FORWARD_X)
