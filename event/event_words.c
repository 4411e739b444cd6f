/* The words of an event description's values that event.c checks
 * (event_priv.h): colours, dates, hours, lists of words.  Split from
 * event.c along that seam. */
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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
