/* How a QR payload reads as text.  zbar runs in binary mode, so the bytes
 * arrive as they are in the code (or already converted to UTF-8 when the
 * code carries an ECI header zbar knows).  Here we decide, without ever
 * guessing wrong on purpose, whether they are UTF-8, Shift_JIS (the JIS8
 * default of the 2000 QR standard, common in Japanese codes) or ISO-8859-1
 * (the default of the 2005 standard), or binary.  When two readings are
 * plausible and the evidence does not settle it, the payload stays bytes:
 * a missing text is better than a wrong name on a badge.
 *
 * Not for: encoding text (printer/ and libqrencode do that). */
#include "checkin/decode.h"
#include "checkin/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

bool decode_is_utf8(const uint8_t *s, size_t len)
{
    return text_is_utf8(s, len);
}

/* Control bytes no text payload carries (TAB, LF, CR and the GS1 group
 * separator 0x1D are fine). */
static bool has_binary_controls(const uint8_t *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t c = s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1d) ||
            c == 0x7f)
            return true;
    }
    return false;
}

struct sjis_stats {
    bool valid;
    int max_katakana_run; /* longest run of half-width katakana */
    int max_double_run;   /* longest run of two-byte characters */
};

/* Shift_JIS as QR codes use it (JIS X 0208 leads 0x81-0x9F, 0xE0-0xEF,
 * half-width katakana 0xA1-0xDF); the same ranges ZXing accepts. */
static struct sjis_stats sjis_scan(const uint8_t *s, size_t len)
{
    struct sjis_stats st = {true, 0, 0};
    int kata = 0, dbl = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = s[i];
        if (c < 0x80) {
            kata = dbl = 0;
        } else if (c >= 0xa1 && c <= 0xdf) {
            dbl = 0;
            if (++kata > st.max_katakana_run)
                st.max_katakana_run = kata;
        } else if ((c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xef)) {
            if (i + 1 >= len)
                goto invalid;
            uint8_t t = s[++i];
            if (t < 0x40 || t == 0x7f || t > 0xfc)
                goto invalid;
            kata = 0;
            if (++dbl > st.max_double_run)
                st.max_double_run = dbl;
        } else {
            goto invalid;
        }
    }
    return st;
invalid:
    st.valid = false;
    return st;
}

/* ISO-8859-1 that looks like Latin-script text: high bytes are letters
 * (0xC0-0xFF but not the signs x and /) or common signs, never the spacing
 * accents that double-byte CJK encodings produce when misread, and never
 * three high bytes in a row (no Latin language spells that way; Big5, GBK
 * and EUC-KR do in every word). */
static bool latin1_plausible(const uint8_t *s, size_t len)
{
    static const char signs[] = "\xa0\xa1\xa2\xa3\xa5\xa7\xa9\xab\xae\xb0"
                                "\xb1\xb2\xb3\xb5\xb7\xba\xbb\xbf";
    int run = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = s[i];
        if (c < 0x80) {
            run = 0;
            continue;
        }
        if (++run >= 3)
            return false;
        if (c >= 0xc0 && c != 0xd7 && c != 0xf7)
            continue;
        if (c >= 0xa0 && memchr(signs, c, sizeof(signs) - 1))
            continue;
        return false;
    }
    return true;
}

static int convert(const char *from, const uint8_t *in, size_t len, char **text,
                   size_t *text_len, struct ck_error *err)
{
    iconv_t cd = iconv_open("UTF-8", from);
    /* Emscripten's C library (the phones' decoder) has no CP932, only
     * plain Shift_JIS: six of the 90 photographs carry Shift_JIS text,
     * and failing here lost the whole frame on a phone (issue 54). */
    if (cd == (iconv_t)-1 && !strcmp(from, "CP932"))
        cd = iconv_open("UTF-8", "SHIFT_JIS");
    /* A C library that converts neither: the payload stays bytes, as
     * binary does, and the frame's other codes are still read. */
    if (cd == (iconv_t)-1) {
        *text = NULL;
        return 0;
    }
    size_t cap = len * 3 + 1;
    char *buf = malloc(cap);
    int rc = 0;
    if (!buf) {
        rc = ck_fail(err, CK_ENOMEM, "out of memory converting a payload.");
        goto out;
    }
    char *ip = (char *)in, *op = buf;
    size_t il = len, ol = cap - 1;
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ||
        iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1) {
        /* Not valid in this charset after all: binary. */
        free(buf);
        buf = NULL;
        goto out;
    }
    *op = '\0';
    *text_len = (size_t)(op - buf);
    /* Conversion must give clean text too (no stray controls). */
    if (!decode_is_utf8((uint8_t *)buf, *text_len)) {
        free(buf);
        buf = NULL;
    }
out:
    iconv_close(cd);
    *text = buf;
    return rc;
}

int decode_text(const uint8_t *bytes, size_t len, char **text, size_t *text_len,
                const char **charset, struct ck_error *err)
{
    *text = NULL;
    *text_len = 0;
    *charset = NULL;
    if (decode_is_utf8(bytes, len)) {
        char *t = malloc(len + 1);
        if (!t)
            return ck_fail(err, CK_ENOMEM, "out of memory copying a payload.");
        memcpy(t, bytes, len);
        t[len] = '\0';
        *text = t;
        *text_len = len;
        *charset = "UTF-8";
        return 0;
    }
    if (has_binary_controls(bytes, len))
        return 0;
    struct sjis_stats sj = sjis_scan(bytes, len);
    bool latin = latin1_plausible(bytes, len);
    const char *from = NULL, *name = NULL;
    if (sj.valid && latin) {
        /* Both read: runs of Japanese characters settle it for Shift_JIS;
         * otherwise the 2005 standard's default wins ("Héloïse" is also
         * two valid Shift_JIS kanji, each alone between Latin letters). */
        if (sj.max_katakana_run >= 3 || sj.max_double_run >= 2)
            from = "CP932", name = "Shift_JIS";
        else
            from = "ISO-8859-1", name = "ISO-8859-1";
    } else if (sj.valid) {
        from = "CP932", name = "Shift_JIS";
    } else if (latin) {
        from = "ISO-8859-1", name = "ISO-8859-1";
    }
    if (!from)
        return 0;
    int rc = convert(from, bytes, len, text, text_len, err);
    if (!rc && *text)
        *charset = name;
    return rc;
}
