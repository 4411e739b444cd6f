/* The /scan page's decoder (see scan_decoder.c): one per Web Worker, used
 * from one thread.  Frames are written into the decoder's own buffer,
 * then decoded; the codes read stay valid until the next decode. */
#ifndef CHECKIN_SCAN_DECODER_H
#define CHECKIN_SCAN_DECODER_H

#include <stddef.h>
#include <stdint.h>

typedef struct scan_decoder scan_decoder;

/* A video decoder; `budget_us` as decoder_options.budget_us (0: the
 * default).  Frames no larger than decode_still_small_side() a side in
 * which it reads nothing are decoded again as stills (checkin/decode.h)
 * where decoder_still_may_read() says still mode may read more, by a
 * second decoder made on the first such frame.  NULL when out of
 * memory.  Free with scan_decoder_free(), which accepts NULL. */
scan_decoder *scan_decoder_new(int budget_us);
void scan_decoder_free(scan_decoder *s);

/* The decoder's frame buffer, at least `bytes` long (owned by the
 * decoder; NULL when out of memory).  It may move at each call. */
uint8_t *scan_decoder_buffer(scan_decoder *s, size_t bytes);

/* Decode the buffer as `width` x `height` RGBA pixels (canvas ImageData)
 * or as 8-bit gray; the number of codes read, or -1 when the buffer is
 * too small for that size or the decoder failed. */
int scan_decoder_rgba(scan_decoder *s, int width, int height);
int scan_decoder_gray(scan_decoder *s, int width, int height);

/* How many frames were decoded a second time, as stills, so far. */
unsigned long scan_decoder_stills(const scan_decoder *s);

/* Code `i` of the last decode: its exact bytes and their length (NULL
 * and 0 past the last). */
const uint8_t *scan_decoder_code(const scan_decoder *s, int i);
int scan_decoder_code_len(const scan_decoder *s, int i);

#endif
