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
                      const char *example, const struct event_line *at)
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
            ck_fail(at->err, CK_EINVAL,
                    "%s:%d: '%s' is not a date; write the days like days = "
                    "%s; fix it and run %s again.",
                    at->path, at->line, w, example, at->cmd);
            return false;
        }
        if (*n == max) {
            ck_fail(at->err, CK_EINVAL,
                    "%s:%d: more than %zu days; give at most %zu; fix it and "
                    "run %s again.",
                    at->path, at->line, max, max, at->cmd);
            return false;
        }
        /* event_day_valid took YYYY-MM-DD, which fits. */
        memcpy(days[(*n)++], w, 11);
    }
    if (!*n) {
        ck_fail(at->err, CK_EINVAL,
                "%s:%d: no day is given; write the days like days = %s; fix "
                "it and run %s again.",
                at->path, at->line, example, at->cmd);
        return false;
    }
    return true;
}
