/* Base45 encoding and strict decoding (RFC 9285).
 *
 * Used for the badge payload so that a signed binary blob fits QR's
 * alphanumeric mode.  This module knows nothing about badges; it only turns
 * bytes into text and back, refusing every non-canonical input so that a
 * changed character can never decode to the same bytes. */
#include "checkin/base45.h"

/* RFC 9285 section 4: the 45 characters, value = index. */
static const char ALPHABET[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* Value of a base45 character, or -1. */
static int char_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    switch (c) {
    case ' ':
        return 36;
    case '$':
        return 37;
    case '%':
        return 38;
    case '*':
        return 39;
    case '+':
        return 40;
    case '-':
        return 41;
    case '.':
        return 42;
    case '/':
        return 43;
    case ':':
        return 44;
    default:
        return -1;
    }
}

size_t base45_encoded_len(size_t n)
{
    return n / 2 * 3 + n % 2 * 2;
}

int base45_encode(const uint8_t *in, size_t n, char *out, size_t cap,
                  size_t *len, struct ck_error *err)
{
    if (n > (SIZE_MAX - 1) / 2)
        return ck_fail(err, CK_EINVAL,
                       "Base45 input of %zu bytes is too "
                       "large to encode.",
                       n);
    size_t need = base45_encoded_len(n);
    if (cap < need + 1)
        return ck_fail(err, CK_EINVAL,
                       "Base45 output buffer holds %zu bytes "
                       "but %zu are needed; pass a bigger buffer.",
                       cap, need + 1);
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        /* RFC 9285 4.1: [a b] -> n = a*256 + b = c + d*45 + e*45*45 -> c d e */
        unsigned v = (unsigned)in[i] << 8 | in[i + 1];
        out[o++] = ALPHABET[v % 45];
        v /= 45;
        out[o++] = ALPHABET[v % 45];
        out[o++] = ALPHABET[v / 45];
    }
    if (n % 2) {
        unsigned v = in[n - 1];
        out[o++] = ALPHABET[v % 45];
        out[o++] = ALPHABET[v / 45];
    }
    out[o] = '\0';
    *len = o;
    return CK_OK;
}

int base45_decode(const char *in, size_t n, uint8_t *out, size_t cap,
                  size_t *len, struct ck_error *err)
{
    if (n % 3 == 1)
        return ck_fail(err, CK_EINVAL,
                       "Base45 text of %zu characters has an "
                       "impossible length (3n+1); it is cut short or has "
                       "extra characters.",
                       n);
    size_t need = n / 3 * 2 + (n % 3 ? 1 : 0);
    if (cap < need)
        return ck_fail(err, CK_EINVAL,
                       "Base45 output buffer holds %zu bytes "
                       "but %zu are needed; pass a bigger buffer.",
                       cap, need);
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        size_t group = n - i >= 3 ? 3 : 2;
        unsigned long v = 0, weight = 1;
        for (size_t j = 0; j < group; j++) {
            int c = char_value((unsigned char)in[i + j]);
            if (c < 0)
                return ck_fail(err, CK_EINVAL,
                               "Base45 text has a character "
                               "outside the base45 alphabet at position %zu.",
                               i + j + 1);
            v += (unsigned long)c * weight;
            weight *= 45;
        }
        if (group == 3) {
            if (v > 0xFFFF)
                return ck_fail(err, CK_EINVAL,
                               "Base45 text at positions "
                               "%zu-%zu encodes %lu, more than two bytes can "
                               "hold.",
                               i + 1, i + 3, v);
            out[o++] = (uint8_t)(v >> 8);
            out[o++] = (uint8_t)(v & 0xFF);
        } else {
            if (v > 0xFF)
                return ck_fail(err, CK_EINVAL,
                               "Base45 text at positions "
                               "%zu-%zu encodes %lu, more than one byte can "
                               "hold.",
                               i + 1, i + 2, v);
            out[o++] = (uint8_t)v;
        }
    }
    *len = o;
    return CK_OK;
}
