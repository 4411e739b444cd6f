/* The words of an event description's values that event.c checks
 * (event_priv.h): colours, dates, hours, lists of words.  Split from
 * event.c along that seam. */
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "checkin/localtime.h"
#include "checkin/util.h"

#include "event_priv.h"

bool ew_valid_colour(const char *c)
{
    if (strlen(c) != 7 || c[0] != '#')
        return false;
    for (int i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", c[i]))
            return false;
    return true;
}

/* The next word of a list of words separated by spaces or commas, into
 * `out`; false at the end (or for a word longer than `cap`). */
bool ew_next_word(const char **p, char *out, size_t cap)
{
    const char *q = *p;
    while (*q == ' ' || *q == ',' || *q == '\t')
        q++;
    size_t n = strcspn(q, " ,\t");
    *p = q + n;
    if (n == 0)
        return false;
    snprintf(out, cap, "%.*s", (int)n, q); /* too long: cut, then refused */
    return true;
}

bool ew_valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    GDate *g = g_date_new();
    g_date_set_parse(g, s);
    bool ok = g_date_valid(g) && strspn(s, "0123456789-") == 10;
    g_date_free(g);
    return ok;
}

/* Minutes since midnight of "HH:MM" at `p`, or -1. */
long ew_hm(const char *p)
{
    char h[3] = {p[0], p[1], 0}, m[3] = {p[3], p[4], 0};
    long a, b;
    if (p[2] != ':' || !util_parse_long(h, 0, 23, &a) ||
        !util_parse_long(m, 0, 59, &b))
        return -1;
    return a * 60 + b;
}

/* "HH:MM-HH:MM", the end after the start. */
bool ew_valid_hours(const char *w)
{
    if (strlen(w) != 11 || w[5] != '-')
        return false;
    long a = ew_hm(w), b = ew_hm(w + 6);
    return a >= 0 && b >= 0 && a < b;
}

/* The first moment of the day after `ymd` (local), as "YYYY-MM-DD". */
void ew_next_day(const char *ymd, char out[16])
{
    GDate *g = g_date_new();
    g_date_set_parse(g, ymd);
    g_date_add_days(g, 1);
    snprintf(out, 16, "%04d-%02d-%02d", (int)g_date_get_year(g),
             (int)g_date_get_month(g), (int)g_date_get_day(g));
    g_date_free(g);
}

int ew_tutorial_time(const char *local, const char *tz, int64_t *out,
                     const char *path, int line, const char *slug,
                     const char *key, struct ck_error *err)
{
    struct local_refusal r;
    switch (event_local_refused(local, tz, out, &r)) {
    case 0:
        return CK_OK;
    case LOCAL_MALFORMED:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: tutorial '%s' %s: '%s' is not a time; write YYYY-MM-DD "
            "HH:MM in %s, like 2027-05-12 09:00.",
            path, line, slug, key, local, tz);
    case LOCAL_UNKNOWN_ZONE:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: tutorial '%s' %s: unknown time zone '%s'; use an IANA "
            "name such as America/Chicago.",
            path, line, slug, key, tz);
    case LOCAL_WRONG_OFFSET:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: tutorial '%s' %s: %s %s is not a time %s shows (its "
            "offset then is %s); write %s %s or leave the offset out.",
            path, line, slug, key, r.when, r.a, tz, r.b, r.when, r.b);
    case LOCAL_NEVER:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: tutorial '%s' %s: %s does not exist in %s; give another "
            "time.",
            path, line, slug, key, r.when, tz);
    case LOCAL_SKIPPED:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: tutorial '%s' %s: %s does not exist in %s (clocks go "
            "forward from %s to %s); give %s or later.",
            path, line, slug, key, r.when, tz, r.from, r.to, r.to);
    default:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: tutorial '%s' %s: %s happens twice in %s (clocks go "
            "back from %s to %s); write %s %s for the first or %s %s for "
            "the second.",
            path, line, slug, key, r.when, tz, r.from, r.to, r.when, r.a,
            r.when, r.b);
    }
}

int ew_list_time(const char *local, const char *tz, int64_t *out,
                 const char *path, int line, const char *slug,
                 struct ck_error *err)
{
    struct local_refusal r;
    switch (event_local_refused(local, tz, out, &r)) {
    case 0:
        return CK_OK;
    case LOCAL_MALFORMED:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: list %s: '%s' is not a time; write YYYY-MM-DD HH:MM in "
            "%s, like 2027-05-12 09:00.",
            path, line, slug, local, tz);
    case LOCAL_UNKNOWN_ZONE:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: list %s: unknown time zone '%s'; use an IANA name such "
            "as America/Chicago.",
            path, line, slug, tz);
    case LOCAL_WRONG_OFFSET:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: list %s: %s %s is not a time %s shows (its offset then "
            "is %s); write %s %s or leave the offset out.",
            path, line, slug, r.when, r.a, tz, r.b, r.when, r.b);
    case LOCAL_NEVER:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: list %s: %s does not exist in %s; give another time.", path,
            line, slug, r.when, tz);
    case LOCAL_SKIPPED:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: list %s: %s does not exist in %s (clocks go forward "
            "from %s to %s); give %s or later.",
            path, line, slug, r.when, tz, r.from, r.to, r.to);
    default:
        return ck_fail(
            err, CK_EINVAL,
            "%s:%d: list %s: %s happens twice in %s (clocks go back from %s "
            "to %s); write %s %s for the first or %s %s for the second.",
            path, line, slug, r.when, tz, r.from, r.to, r.when, r.a, r.when,
            r.b);
    }
}
