/* Base45 (RFC 9285): bytes as text in QR's alphanumeric character set.
 *
 * Two bytes become three characters, a final odd byte two characters; the
 * alphabet is 0-9 A-Z space $ % * + - . / : , all of which QR codes store in
 * alphanumeric mode at 5.5 bits a character.  Decoding is strict: any other
 * character, a length of 3n+1, a triplet worth more than 65535 or a final
 * pair worth more than 255 is refused, so every byte string has exactly one
 * accepted encoding.  Inputs always come with explicit lengths; nothing here
 * looks for a terminating NUL. */
#ifndef CHECKIN_BASE45_H
#define CHECKIN_BASE45_H

#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"

/* Number of characters base45 uses for `n` bytes (without a NUL). */
size_t base45_encoded_len(size_t n);

/* Encode `n` bytes from `in` into `out`, which must hold
 * base45_encoded_len(n) + 1 bytes: the text is NUL-terminated so it can be
 * handed to C string APIs, and `*len` excludes the NUL.  CK_EINVAL if `cap`
 * is too small (nothing useful is written then). */
CK_MUST_CHECK int base45_encode(const uint8_t *in, size_t n, char *out,
                                size_t cap, size_t *len /* out */,
                                struct ck_error *err);

/* Decode `n` characters of base45 from `in` into `out` (no NUL is added).
 * CK_EINVAL if the text is not valid base45 or `cap` is too small; `err`
 * then names the first offending position.  `in` may contain NUL bytes; they
 * are simply invalid characters. */
CK_MUST_CHECK int base45_decode(const char *in, size_t n, uint8_t *out,
                                size_t cap, size_t *len /* out */,
                                struct ck_error *err);

#endif
