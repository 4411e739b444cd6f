/* Numbers in the language spoken (issue 53, item 3; see checkin/i18n.h):
 * the thousands separator, the decimal mark and the digits' grouping are
 * messages of the catalogues, in the "number" context, so a German
 * station writes "1.234,5" and a Hindi one "12,34,567" on a machine that
 * has only the C locale.  English, whose catalogue is the messages
 * themselves, keeps its plain "1234.5". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"

/* A message of the "number" context, or `dflt` when the language has no
 * translation of it (i18n_pgettext gives the English key back). */
static const char *number_word(const char *ctx_id, const char *dflt)
{
    const char *t = i18n_pgettext(NULL, ctx_id);
    const char *id = strchr(ctx_id, '\004') + 1;
    return t == id || !strcmp(t, id) ? dflt : t;
}

/* Digits `d` (no sign) grouped into `out` by the language's pattern:
 * the first group's size, then the others' ("3": 1,234,567; "3;2":
 * 12,34,567).  The bytes written, 0 when they do not fit. */
static size_t group(const char *d, char *out, size_t cap)
{
    /* TRANSLATORS: how the digits of a number are grouped ("number"
     * context): the size of the first group from the right, then, after
     * a ";", the size of the others: "3" for 1.234.567, "3;2" for the
     * Indian 12,34,567.  Not a sentence: only digits and ";". */
    const char *pattern = number_word(NC_("number", "digit grouping"), "");
    /* TRANSLATORS: the character between groups of digits ("number"
     * context): "," in 1,234, "." in German 1.234, a narrow no-break
     * space (U+202F) in French.  Only that character. */
    const char *sep = number_word(NC_("number", "thousands separator"), "");
    char *end;
    long g = strtol(pattern, &end, 10);
    int first = g > 0 && g < 10 ? (int)g : 0, rest = first;
    if (*end == ';') {
        long r2 = strtol(end + 1, NULL, 10);
        if (r2 > 0 && r2 < 10)
            rest = (int)r2;
    }
    size_t n = strlen(d), seplen = strlen(sep);
    if (first <= 0 || !seplen)
        first = rest = (int)n + 1; /* no grouping */
    /* The groups' ends from the right: how many separators. */
    size_t groups = 0;
    for (size_t left = n; left > (size_t)(groups ? rest : first);)
        left -= (size_t)(groups++ ? rest : first);
    size_t need = n + groups * seplen;
    if (need + 1 > cap)
        return 0;
    /* Written from the right. */
    char *w = out + need;
    *w = '\0';
    size_t in_group = 0, size = (size_t)first;
    for (size_t i = n; i-- > 0;) {
        if (in_group == size) {
            w -= seplen;
            memcpy(w, sep, seplen);
            in_group = 0;
            size = (size_t)rest;
        }
        *--w = d[i];
        in_group++;
    }
    return need;
}

size_t i18n_number(long v, char *out, size_t cap)
{
    char d[32];
    if (!cap)
        return 0;
    snprintf(d, sizeof(d), "%lu",
             v < 0 ? 0UL - (unsigned long)v : (unsigned long)v);
    size_t sign = v < 0;
    if (sign && cap > 1)
        out[0] = '-';
    size_t w = cap > sign ? group(d, out + sign, cap - sign) : 0;
    if (!w) {
        out[0] = '\0';
        return 0;
    }
    return w + sign;
}

size_t i18n_decimal(double v, int decimals, char *out, size_t cap)
{
    char d[64];
    if (!cap)
        return 0;
    out[0] = '\0';
    if (!isfinite(v) || decimals < 0 || decimals > 9)
        return 0;
    int n = snprintf(d, sizeof(d), "%.*f", decimals, fabs(v));
    if (n < 0 || (size_t)n >= sizeof(d))
        return 0;
    char *dot = strchr(d, '.');
    const char *frac = "";
    if (dot) {
        *dot = '\0';
        frac = dot + 1;
    }
    /* "-0" is said "0". */
    bool negative =
        v < 0 && strspn(d, "0") + strspn(frac, "0") != strlen(d) + strlen(frac);
    size_t used = negative;
    if (negative && cap > 1)
        out[0] = '-';
    size_t w = cap > used ? group(d, out + used, cap - used) : 0;
    if (!w) {
        out[0] = '\0';
        return 0;
    }
    used += w;
    if (frac[0]) {
        /* TRANSLATORS: the decimal mark ("number" context): "." in 2.5,
         * "," in German and French 2,5.  Only that character. */
        const char *mark = number_word(NC_("number", "decimal mark"), ".");
        int f = snprintf(out + used, cap - used, "%s%s", mark, frac);
        if (f < 0 || (size_t)f >= cap - used) {
            out[0] = '\0';
            return 0;
        }
        used += (size_t)f;
    }
    return used;
}
