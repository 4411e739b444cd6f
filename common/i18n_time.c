/* Days and months in the language spoken (issue 53, item 3; see
 * checkin/i18n.h): the names of the days and months and the order of a
 * date are messages of the catalogues, in the "weekday", "month" and
 * "date" contexts, so a station says "Fr 17. Mai" on a machine that has
 * only the C locale, as most stations have.  The C library's locales
 * (strftime's %a and %b) are not used: LC_TIME is never set, and a
 * locale is seldom installed.  The hours stay 24-hour "09:00" in every
 * language. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkin/i18n.h"
#include "checkin/localtime.h"
#include "checkin/util.h"

/* The days' and months' abbreviations, Sunday and January first. */
static const char *const days[7] = {
    /* TRANSLATORS: the days' abbreviations ("weekday" context), as a
     * station shows the day of a check-in ("Wed 09:00") and a day
     * ticket's day ("Fri 17 May"); keep them short. */
    NC_("weekday", "Sun"), NC_("weekday", "Mon"), NC_("weekday", "Tue"),
    NC_("weekday", "Wed"), NC_("weekday", "Thu"), NC_("weekday", "Fri"),
    NC_("weekday", "Sat"),
};

static const char *const months[12] = {
    /* TRANSLATORS: the months' abbreviations ("month" context), as in a
     * day ticket's day ("Fri 17 May"). */
    NC_("month", "Jan"), NC_("month", "Feb"), NC_("month", "Mar"),
    NC_("month", "Apr"), NC_("month", "May"), NC_("month", "Jun"),
    NC_("month", "Jul"), NC_("month", "Aug"), NC_("month", "Sep"),
    NC_("month", "Oct"), NC_("month", "Nov"), NC_("month", "Dec"),
};

const char *i18n_pgettext(const char *lang, const char *ctx_id)
{
    const char *id = strchr(ctx_id, '\004');
    id = id ? id + 1 : ctx_id;
    const char *t =
        lang && lang[0] ? i18n_text_in(lang, ctx_id) : gettext(ctx_id);
    /* No translation gives the key back, context and all. */
    return t == ctx_id || !strcmp(t, ctx_id) ? id : t;
}

const char *i18n_weekday_name(const char *lang, int wday)
{
    return wday >= 0 && wday < 7 ? i18n_pgettext(lang, days[wday]) : "?";
}

const char *i18n_month_name(const char *lang, int mon)
{
    return mon >= 0 && mon < 12 ? i18n_pgettext(lang, months[mon]) : "?";
}

/* The order of a day, for the pages (i18n_date_in says it itself, the
 * compiler checking its arguments against the message). */
const char *i18n_date_pattern(const char *lang)
{
    return i18n_pgettext(lang, NC_("date", "%1$s %2$d %3$s"));
}

size_t i18n_date_in(const char *lang, char *out, size_t cap, enum i18n_day what,
                    const struct tm *tm)
{
    if (!cap)
        return 0;
    out[0] = '\0';
    if (tm->tm_wday < 0 || tm->tm_wday > 6 ||
        (what == I18N_DAY_MONTH &&
         (tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_mday < 1)))
        return 0;
    const char *day = i18n_weekday_name(lang, tm->tm_wday);
    int n;
    if (what == I18N_WEEKDAY) {
        n = snprintf(out, cap, "%s", day);
    } else {
        const char *month = i18n_month_name(lang, tm->tm_mon);
        n = snprintf(
            out, cap,
            i18n_pgettext(lang,
                          /* TRANSLATORS: a day as a station shows it, "Fri
                           * 17 May": %1$s is the day's abbreviation
                           * ("weekday" context), %2$d the day of the month,
                           * %3$s the month's abbreviation ("month"
                           * context).  Put them in your language's order
                           * and keep all three, numbered ("%1$s %2$d. %3$s"
                           * says "Fr 17. Mai", "%3$s%2$d日(%1$s)" says
                           * "5月17日(金)"). */
                          NC_("date", "%1$s %2$d %3$s")),
            day, tm->tm_mday, month);
    }
    if (n < 0 || (size_t)n >= cap) {
        out[0] = '\0';
        return 0;
    }
    return (size_t)n;
}

size_t i18n_date(char *out, size_t cap, enum i18n_day what, const struct tm *tm)
{
    return i18n_date_in(NULL, out, cap, what, tm);
}

size_t i18n_iso_day(const char *ymd, char *out, size_t cap)
{
    if (cap)
        out[0] = '\0';
    /* Exactly "YYYY-MM-DD", digits where digits go. */
    static const char shape[] = "dddd-dd-dd";
    for (size_t i = 0; i < sizeof(shape) - 1; i++)
        if (!ymd[i] ||
            (shape[i] == 'd' ? ymd[i] < '0' || ymd[i] > '9' : ymd[i] != '-'))
            return 0;
    int y = (int)strtol(ymd, NULL, 10);
    int m = (int)strtol(ymd + 5, NULL, 10);
    int d = (int)strtol(ymd + 8, NULL, 10);
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    struct tm tm = {
        .tm_wday = util_weekday(y, m, d), .tm_mday = d, .tm_mon = m - 1};
    return i18n_date(out, cap, I18N_DAY_MONTH, &tm);
}

int i18n_local_time(int64_t t, const char *tz, enum i18n_day what, char *out,
                    size_t cap)
{
    char local[32];
    if (!cap)
        return CK_EINVAL;
    out[0] = '\0';
    int code = event_utc_to_local(t, tz, local, sizeof(local));
    if (code)
        return code;
    if (strlen(local) < 16)
        return CK_EINVAL;
    /* "YYYY-MM-DD HH:MM" */
    int y = (int)strtol(local, NULL, 10), m = (int)strtol(local + 5, NULL, 10),
        d = (int)strtol(local + 8, NULL, 10);
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = m - 1,
                    .tm_mday = d,
                    .tm_wday = util_weekday(y, m, d)};
    char day[96];
    if (!i18n_date(day, sizeof(day), what, &tm))
        return CK_EINVAL;
    int n = snprintf(out, cap, "%s %s", day, local + 11);
    if (n < 0 || (size_t)n >= cap) {
        out[0] = '\0';
        return CK_EINVAL;
    }
    return CK_OK;
}
