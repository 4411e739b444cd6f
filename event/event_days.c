/* The event's days in a description's list (event_days.h). */
#include "checkin/event_days.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

bool event_day_valid(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        strspn(s, "0123456789-") != 10)
        return false;
    GDate *g = g_date_new();
    g_date_set_parse(g, s);
    bool ok = g_date_valid(g);
    g_date_free(g);
    return ok;
}

bool event_days_parse(const char *v, char (*days)[11], size_t max, size_t *n,
                      const char *example, char *why, size_t cap)
{
    *n = 0;
    for (const char *p = v ? v : "";;) {
        p += strspn(p, " ,\t");
        size_t len = strcspn(p, " ,\t");
        if (!len)
            break;
        char w[64];
        snprintf(w, sizeof(w), "%.*s", (int)(len < 63 ? len : 63), p);
        p += len;
        if (!event_day_valid(w)) {
            snprintf(why, cap,
                     "'%s' is not a date; write the days like days = %s", w,
                     example);
            return false;
        }
        if (*n == max) {
            snprintf(why, cap, "more than %zu days; give at most %zu", max,
                     max);
            return false;
        }
        /* event_day_valid took YYYY-MM-DD, which fits. */
        memcpy(days[(*n)++], w, 11);
    }
    if (!*n) {
        snprintf(why, cap, "no day is given; write the days like days = %s",
                 example);
        return false;
    }
    return true;
}
